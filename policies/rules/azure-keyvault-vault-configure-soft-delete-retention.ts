import { T, vaultNoun } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readNumber, UNKNOWN } from "../lib/values";

type Params = { minRetentionDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-configure-soft-delete-retention",
    description: "A short soft-delete retention leaves little time to notice and recover a deleted key; it is fixed when the vault is created.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-8"],
    mirrors: ["trivy AVD-AZU-0016 (related: it reports a retention outside Azure's 7–90 days, which azure-keyvault-vault-enable-soft-delete reports here)", "PSRule Azure.KeyVault.SoftDelete asks only that soft delete is on"],
    resourceTypes: [T.vault, T.managedHsm],
    parameters: {
        minRetentionDays: { schema: { type: "integer", minimum: 7, maximum: 90, description: "Fewest days a deleted vault or key stays recoverable (Azure allows 7–90)." }, defaults: everywhere(90) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }, { minRetentionDays }) {
        const value = readNumber(props, "properties", "softDeleteRetentionInDays");
        // Azure's default when the property is omitted is 90 days.
        const days = value === undefined ? 90 : value;
        if (days === UNKNOWN || typeof days !== "number") return [];
        // A retention Azure refuses outright is azure-keyvault-vault-enable-soft-delete's to report, as mandatory.
        if (!Number.isInteger(days) || days < 7 || days > 90 || days >= minRetentionDays) return [];
        return [`Soft-delete retention is ${days} days, below ${minRetentionDays}; set properties.softDeleteRetentionInDays to at least ${minRetentionDays} when creating the ${vaultNoun(type)}.`];
    },
};
