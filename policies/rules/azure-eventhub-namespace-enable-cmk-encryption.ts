import { namespaceUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-eventhub-namespace-enable-cmk-encryption",
    description: "A Premium or dedicated Event Hubs namespace left on Microsoft-managed keys holds its events under a key its owner cannot revoke (customer-managed keys exist only there, so other tiers are not judged); double encryption adds an infrastructure layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Event Hub namespaces should use a customer-managed key for encryption\" (it judges dedicated-cluster namespaces only; Premium ones, which take a key too, are judged here)",
        "Azure Policy \"Event Hub namespaces should have double encryption enabled\" (under sovereign, or with requireDoubleEncryption; it judges dedicated-cluster namespaces only, Premium ones are judged here as for the key)",
    ],
    resourceTypes: [T.eventHubNamespace],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require encryption.requireInfrastructureEncryption on Premium and dedicated namespaces." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const name = read(props, "sku", "name");
        const cluster = read(props, "clusterArmId");
        if (name === UNKNOWN || cluster === UNKNOWN) return [];
        const dedicated = typeof cluster === "string" && cluster !== "";
        if (!sameText(name, "Premium") && !dedicated) return [];
        const tier = dedicated ? "dedicated" : "Premium";
        const messages: string[] = [];
        const cmk = namespaceUsesCmk(props);
        if (cmk === false) {
            messages.push(`The ${tier} namespace uses Microsoft-managed keys; set encryption.keySource to "Microsoft.KeyVault" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }].`);
        }
        const infrastructure = readBoolean(props, "encryption", "requireInfrastructureEncryption");
        // Left out, Azure creates the namespace without the infrastructure layer, and it cannot be added later.
        if (requireDoubleEncryption && infrastructure !== UNKNOWN && infrastructure !== true) {
            messages.push(`The ${tier} namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it.`);
        }
        return messages;
    },
};
