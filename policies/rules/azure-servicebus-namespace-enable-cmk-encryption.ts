import { namespaceUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-servicebus-namespace-enable-cmk-encryption",
    description: "A Premium Service Bus namespace left on Microsoft-managed keys holds its messages under a key its owner cannot revoke (customer-managed keys exist only in Premium, so other tiers are not judged); double encryption adds an infrastructure layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Service Bus Premium namespaces should use a customer-managed key for encryption\"",
        "Checkov CKV_AZURE_201 (related: it judges every tier, though only Premium takes a key)",
        "Azure Policy \"Service Bus namespaces should have double encryption enabled\" (under sovereign, or with requireDoubleEncryption)",
        "Checkov CKV_AZURE_199 (under sovereign, or with requireDoubleEncryption; it judges every tier, though only Premium takes the setting)",
    ],
    resourceTypes: [T.serviceBusNamespace],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require encryption.requireInfrastructureEncryption on Premium namespaces." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const name = read(props, "sku", "name");
        const tier = read(props, "sku", "tier");
        if (name === UNKNOWN || tier === UNKNOWN || !(sameText(name, "Premium") || sameText(tier, "Premium"))) return [];
        const messages: string[] = [];
        const cmk = namespaceUsesCmk(props);
        if (cmk === false) {
            messages.push("The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }].");
        }
        const infrastructure = readBoolean(props, "encryption", "requireInfrastructureEncryption");
        // Left out, Azure creates the namespace without the infrastructure layer, and it cannot be added later.
        if (requireDoubleEncryption && infrastructure !== UNKNOWN && infrastructure !== true) {
            messages.push("The Premium namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it.");
        }
        return messages;
    },
};
