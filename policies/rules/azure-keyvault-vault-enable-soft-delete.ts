import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-soft-delete",
    description: "A vault without soft delete loses deleted keys, and the data they encrypt, at once.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8", "CIS Azure 8.5"],
    // Recoverability as a whole (Checkov CKV_AZURE_42, Prowler keyvault_recoverable, Azure Policy's deletion protection) also needs purge protection: that rule mirrors them.
    mirrors: ["Checkov CKV_AZURE_111", "PSRule Azure.KeyVault.SoftDelete"],
    resourceTypes: [T.vault],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = read(props, "properties", "enableSoftDelete");
        return value === UNKNOWN || value !== false ? [] : ["Soft delete is off; set properties.enableSoftDelete to true (or omit it) so deleted keys stay recoverable."];
    },
};
