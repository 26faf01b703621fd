import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-enable-cmk-disk-encryption",
    description: "An AKS cluster without a disk encryption set keeps its nodes' OS and data disks under the platform's key, which its owner cannot revoke; the set can be given only when the cluster is created.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Both operating systems and data disks in Azure Kubernetes Service clusters should be encrypted by customer-managed keys\"",
        "Checkov CKV_AZURE_117",
        "trivy AVD-AZU-0067",
    ],
    resourceTypes: [T.managedCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const set = read(props, "diskEncryptionSetID");
        if (set === UNKNOWN || (typeof set === "string" && set !== "")) return [];
        return ["The cluster's node disks use the platform's key; set diskEncryptionSetID to a disk encryption set over your key when creating the cluster."];
    },
};
