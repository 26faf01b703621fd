import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-kusto-cluster-enable-disk-encryption",
    description: "A Data Explorer cluster's key covers its storage, not the disks of its compute nodes, where its hot cache and temporary data sit; only disk encryption encrypts those.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-4"],
    mirrors: [
        "Azure Policy f4b53539-8df9-40e4-86c6-6b607703bd4e \"Disk encryption should be enabled on Azure Data Explorer\"",
        "Checkov CKV_AZURE_74",
    ],
    resourceTypes: [T.kustoCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Left out, azure-native sends false (kusto/cluster.js), so absent is off, as Azure Policy reads it.
        const enabled = readBoolean(props, "enableDiskEncryption");
        if (enabled === UNKNOWN || enabled === true) return [];
        return ["The cluster's node disks are not encrypted; set enableDiskEncryption to true."];
    },
};
