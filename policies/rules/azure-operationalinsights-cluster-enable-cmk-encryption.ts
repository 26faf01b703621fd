import { clusterUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-operationalinsights-cluster-enable-cmk-encryption",
    description: "A dedicated Log Analytics cluster on Microsoft-managed keys keeps the logs of every workspace linked to it, Key Vault's audit events among them, under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Monitor Logs clusters should be encrypted with customer-managed key\""],
    resourceTypes: [T.logAnalyticsCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const uses = clusterUsesCmk(props);
        if (uses === UNKNOWN || uses) return [];
        return ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName } and give the cluster's identity wrap and unwrap on that key."];
    },
};
