import { T, vaultNoun } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, readNumber, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-soft-delete",
    description: "A vault without soft delete loses deleted keys, and the data they encrypt, at once; Azure keeps deleted keys 7 to 90 days and refuses a vault or Managed HSM asking for any other retention.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8", "CIS Azure 8.5"],
    // Recoverability as a whole (Checkov CKV_AZURE_42, Prowler keyvault_recoverable, Azure Policy's deletion protection) also needs purge protection: that rule mirrors them.
    mirrors: ["Azure Policy \"Key vaults should have soft delete enabled\" (left out, azure-native sends true, Azure's default, so only false is reported)", "Checkov CKV_AZURE_111", "PSRule Azure.KeyVault.SoftDelete", "trivy AVD-AZU-0016 (a retention outside Azure's 7–90 days)"],
    resourceTypes: [T.vault, T.managedHsm],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        // Recovering a deleted vault brings it back as it was; the request cannot change it (Azure Policy skips it too).
        const createMode = read(props, "properties", "createMode");
        if (createMode === UNKNOWN || sameText(createMode, "recover")) return [];
        const messages: string[] = [];
        // A Managed HSM's soft delete is always on; only its retention is asked for.
        if (type === T.vault && readBoolean(props, "properties", "enableSoftDelete") === false) {
            messages.push("Soft delete is off; set properties.enableSoftDelete to true (or omit it) so deleted keys stay recoverable.");
        }
        const days = readNumber(props, "properties", "softDeleteRetentionInDays");
        if (typeof days === "number" && (!Number.isInteger(days) || days < 7 || days > 90)) {
            messages.push(`Soft-delete retention is ${days} days, which Azure does not take; set properties.softDeleteRetentionInDays to a whole number of days from 7 to 90 when creating the ${vaultNoun(type)}.`);
        }
        return messages;
    },
};
