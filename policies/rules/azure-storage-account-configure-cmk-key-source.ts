import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-configure-cmk-key-source",
    description: "A storage account encrypted with Microsoft-managed keys cannot be revoked by its owner.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "CIS Azure 3.12"],
    mirrors: [
        "Azure Policy \"Storage accounts should use customer-managed key for encryption\"",
        "Checkov CKV2_AZURE_1",
        "Prowler storage_ensure_encryption_with_customer_managed_keys",
        "trivy AVD-AZU-0060 (looser: it judges only an account with blob containers; stricter in ARM: it reads encryption.keyVaultProperties.keyUri, which a storage account does not have, so a customer-key account with containers fails it)",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const source = read(props, "encryption", "keySource");
        if (source === UNKNOWN) return [];
        if (sameText(source, "Microsoft.Keyvault")) {
            // Azure refuses a Key Vault source that names no key (MissingKeyvaultProperties), so the account is never made.
            const missing = ["keyName", "keyVaultUri"].filter((field) => {
                const value = read(props, "encryption", "keyVaultProperties", field);
                return value !== UNKNOWN && (typeof value !== "string" || value.trim() === "");
            });
            if (missing.length === 0) return [];
            return [`encryption.keySource is "Microsoft.Keyvault" but ${missing.map((f) => `encryption.keyVaultProperties.${f}`).join(" and ")} ${missing.length === 1 ? "is" : "are"} missing or empty, which Azure refuses (MissingKeyvaultProperties); name the key's vault URI and key name.`];
        }
        return ["The storage account uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.Keyvault\" with encryption.keyVaultProperties and encryption.encryptionIdentity."];
    },
};
