import { clusterUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-kusto-cluster-enable-cmk-encryption",
    description: "A Data Explorer cluster on Microsoft-managed keys keeps its databases under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Data Explorer encryption at rest should use a customer-managed key\" (it also asks for a keyVersion; a versionless key, which follows rotation, passes here)", "Checkov CKV2_AZURE_11"],
    resourceTypes: [T.kustoCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const uses = clusterUsesCmk(props);
        if (uses === UNKNOWN || uses) return [];
        return ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName, userIdentity }."];
    },
};
