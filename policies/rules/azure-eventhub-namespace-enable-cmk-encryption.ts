import { namespaceUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-eventhub-namespace-enable-cmk-encryption",
    description: "A Premium or dedicated Event Hubs namespace left on Microsoft-managed keys holds its events under a key its owner cannot revoke (customer-managed keys exist only there, so other tiers are not judged).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Event Hub namespaces should use a customer-managed key for encryption\" (it judges dedicated-cluster namespaces only; Premium ones, which take a key too, are judged here)"],
    resourceTypes: [T.eventHubNamespace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const name = read(props, "sku", "name");
        const cluster = read(props, "clusterArmId");
        if (name === UNKNOWN || cluster === UNKNOWN) return [];
        const dedicated = typeof cluster === "string" && cluster !== "";
        if (!sameText(name, "Premium") && !dedicated) return [];
        const cmk = namespaceUsesCmk(props);
        if (cmk === UNKNOWN || cmk) return [];
        return [`The ${dedicated ? "dedicated" : "Premium"} namespace uses Microsoft-managed keys; set encryption.keySource to "Microsoft.KeyVault" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }].`];
    },
};
