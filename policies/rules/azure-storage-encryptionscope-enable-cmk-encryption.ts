import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-encryptionscope-enable-cmk-encryption",
    description: "An encryption scope on Microsoft-managed keys lets the blobs written to it escape the customer's key even in an account that uses one; infrastructure encryption adds a second layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Storage account encryption scopes should use customer-managed keys to encrypt data at rest\"",
        "Azure Policy bfecdea6-31c4-4045-ad42-71b9dc87247d \"Storage account encryption scopes should use double encryption for data at rest\" (under sovereign, or with requireDoubleEncryption)",
    ],
    resourceTypes: [T.encryptionScope],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require requireInfrastructureEncryption on every encryption scope." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const messages: string[] = [];
        // Azure takes a scope without a source as Microsoft.Storage.
        const source = read(props, "source");
        if (source !== UNKNOWN && !sameText(source, "Microsoft.KeyVault")) {
            messages.push("The encryption scope uses Microsoft-managed keys; set source to \"Microsoft.KeyVault\" with keyVaultProperties.keyUri.");
        }
        // Left out, the scope is made without it (Azure Policy reports anything but true), and it cannot be added later.
        const infrastructure = read(props, "requireInfrastructureEncryption");
        if (requireDoubleEncryption && infrastructure !== UNKNOWN && infrastructure !== true) {
            messages.push("The encryption scope is not double-encrypted; set requireInfrastructureEncryption to true when creating it.");
        }
        return messages;
    },
};
