import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-encryptionprotector-enable-cmk",
    description: "A SQL server whose TDE protector is service-managed encrypts its databases with a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "CIS Azure 4.1.3"],
    mirrors: ["Azure Policy \"SQL servers should use customer-managed keys to encrypt data at rest\"", "Prowler sqlserver_tde_encrypted_with_cmk"],
    resourceTypes: [T.sqlEncryptionProtector],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const keyType = read(props, "serverKeyType");
        if (keyType === UNKNOWN || sameText(keyType, "AzureKeyVault")) return [];
        return ["The server's TDE protector is service-managed; set serverKeyType to \"AzureKeyVault\" and serverKeyName to a server key made from your Key Vault key (<vault>_<key>_<version>)."];
    },
};
