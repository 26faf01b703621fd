import { T, vaultNoun } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-purge-protection",
    description: "Without purge protection anyone allowed to purge can destroy a soft-deleted key, and the data it encrypts, before the retention period ends.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8", "CIS Azure 8.5"],
    mirrors: [
        "Azure Policy \"Key vaults should have deletion protection enabled\"",
        "Azure Policy \"Azure Key Vault Managed HSM should have purge protection enabled\"",
        "Checkov CKV_AZURE_42 (stricter: its ARM check asks for enableSoftDelete and enablePurgeProtection both written true, so a vault that leaves soft delete out, on by Azure's default, fails it; its Terraform check takes soft delete left out)",
        "Checkov CKV_AZURE_110",
        "PSRule Azure.KeyVault.PurgeProtect",
        "trivy AVD-AZU-0016 (stricter: its Terraform check fails a purge-protected vault that leaves soft_delete_retention_days out, which Azure defaults to 90 days)",
        "Prowler keyvault_recoverable",
    ],
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
        const value = readBoolean(props, "properties", "enablePurgeProtection");
        // Purge protection works only over soft delete (Azure Policy's deletion protection asks for both).
        if (type === T.vault && value === true && readBoolean(props, "properties", "enableSoftDelete") === false) {
            return ["Purge protection is on but soft delete is off, and purge protection protects only what soft delete keeps; set properties.enableSoftDelete to true (or omit it)."];
        }
        // Left out, a vault has none, while a Managed HSM pool gets it (the API's default is true).
        if (value === UNKNOWN || value === true || (value === undefined && type === T.managedHsm)) return [];
        return [`Purge protection is off${type === T.managedHsm ? ` for the ${vaultNoun(type)}` : ""}; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point).`];
    },
};
