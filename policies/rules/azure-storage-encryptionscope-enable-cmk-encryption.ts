import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-encryptionscope-enable-cmk-encryption",
    description: "An encryption scope on Microsoft-managed keys lets the blobs written to it escape the customer's key even in an account that uses one.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Storage account encryption scopes should use customer-managed keys to encrypt data at rest\""],
    resourceTypes: [T.encryptionScope],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Azure takes a scope without a source as Microsoft.Storage.
        const source = read(props, "source");
        if (source === UNKNOWN || sameText(source, "Microsoft.KeyVault")) return [];
        return ["The encryption scope uses Microsoft-managed keys; set source to \"Microsoft.KeyVault\" with keyVaultProperties.keyUri."];
    },
};
