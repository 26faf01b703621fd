import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-soft-delete",
    description: "A vault without soft delete loses deleted keys, and the data they encrypt, at once.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8", "CIS Azure 8.5"],
    // Recoverability as a whole (Checkov CKV_AZURE_42, Prowler keyvault_recoverable, Azure Policy's deletion protection) also needs purge protection: that rule mirrors them.
    mirrors: ["Azure Policy \"Key vaults should have soft delete enabled\" (left out, azure-native sends true, Azure's default, so only false is reported)", "Checkov CKV_AZURE_111", "PSRule Azure.KeyVault.SoftDelete"],
    resourceTypes: [T.vault],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Recovering a deleted vault brings it back as it was; the request cannot change it (Azure Policy skips it too).
        const createMode = read(props, "properties", "createMode");
        if (createMode === UNKNOWN || sameText(createMode, "recover")) return [];
        const value = read(props, "properties", "enableSoftDelete");
        return value === UNKNOWN || value !== false ? [] : ["Soft delete is off; set properties.enableSoftDelete to true (or omit it) so deleted keys stay recoverable."];
    },
};
