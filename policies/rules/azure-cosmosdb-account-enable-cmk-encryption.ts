import { parseKeyUri, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-cosmosdb-account-enable-cmk-encryption",
    description: "A Cosmos DB account encrypted only with Microsoft's keys cannot be revoked by its owner; the customer's key can be set only when the account is created, and only by its versionless URI (Cosmos DB refuses a versioned one: 'Please provide KeyVault Key Uri without version').",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Cosmos DB accounts should use customer-managed keys to encrypt data at rest\"", "Checkov CKV_AZURE_100"],
    resourceTypes: [T.cosmosAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const uri = read(props, "keyVaultKeyUri");
        if (uri === UNKNOWN) return [];
        if (typeof uri === "string" && uri !== "") {
            const key = parseKeyUri(uri);
            return key?.version === undefined ? [] : [`The account's keyVaultKeyUri pins version ${key.version}, which Cosmos DB refuses; set keyVaultKeyUri to the versionless key URI (…/keys/${key.key}): the account follows the key's rotation on its own.`];
        }
        return ["The account is not encrypted with a customer-managed key; set keyVaultKeyUri to the versionless key URI (https://<vault>.vault.azure.net/keys/<key>) and defaultIdentity to an identity that may wrap with it, when creating the account."];
    },
};
