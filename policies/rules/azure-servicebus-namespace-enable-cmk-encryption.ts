import { namespaceUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-servicebus-namespace-enable-cmk-encryption",
    description: "A Premium Service Bus namespace left on Microsoft-managed keys holds its messages under a key its owner cannot revoke (customer-managed keys exist only in Premium, so other tiers are not judged).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Service Bus Premium namespaces should use a customer-managed key for encryption\"", "Checkov CKV_AZURE_201 (related: it judges every tier, though only Premium takes a key)"],
    resourceTypes: [T.serviceBusNamespace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const name = read(props, "sku", "name");
        const tier = read(props, "sku", "tier");
        if (name === UNKNOWN || tier === UNKNOWN || !(sameText(name, "Premium") || sameText(tier, "Premium"))) return [];
        const cmk = namespaceUsesCmk(props);
        if (cmk === UNKNOWN || cmk) return [];
        return ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."];
    },
};
