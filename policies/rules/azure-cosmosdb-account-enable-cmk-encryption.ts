import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-cosmosdb-account-enable-cmk-encryption",
    description: "A Cosmos DB account encrypted only with Microsoft's keys cannot be revoked by its owner; the customer's key can be set only when the account is created.",
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
        if (uri === UNKNOWN || (typeof uri === "string" && uri !== "")) return [];
        return ["The account is not encrypted with a customer-managed key; set keyVaultKeyUri to the versionless key URI (https://<vault>.vault.azure.net/keys/<key>) and defaultIdentity to an identity that may wrap with it, when creating the account."];
    },
};
