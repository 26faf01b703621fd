import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-kusto-cluster-enable-cmk-encryption",
    description: "A Data Explorer cluster on Microsoft-managed keys keeps its databases under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Data Explorer encryption at rest should use a customer-managed key\""],
    resourceTypes: [T.kustoCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const uri = read(props, "keyVaultProperties", "keyVaultUri");
        const name = read(props, "keyVaultProperties", "keyName");
        if (uri === UNKNOWN || name === UNKNOWN) return [];
        if (typeof uri === "string" && uri !== "" && typeof name === "string" && name !== "") return [];
        return ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName, userIdentity }."];
    },
};
