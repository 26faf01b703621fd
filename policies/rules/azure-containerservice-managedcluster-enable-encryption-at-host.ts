import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { list, read, readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-enable-encryption-at-host",
    description: "A disk encryption set covers a node's OS and data disks but not its temp disk, caches or the data flowing to storage; only encryption at host brings those under the same key.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-4", "MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Temp disks and cache for agent node pools in Azure Kubernetes Service clusters should be encrypted at host\"",
        "Checkov CKV_AZURE_227 (looser: on a cluster it reads agentPoolProfiles[0] alone, and its Terraform check default_node_pool, so a first pool encrypted at host passes it whatever the cluster's other profiles say; every profile is judged here)",
    ],
    resourceTypes: [T.managedCluster, T.agentPool],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        if (type === T.agentPool) {
            const atHost = readBoolean(props, "enableEncryptionAtHost");
            return atHost === UNKNOWN || atHost === true ? [] : ["The node pool's temp disks and caches are not encrypted at host; set enableEncryptionAtHost to true when creating the pool."];
        }
        const pools = list(props, "agentPoolProfiles");
        if (pools === UNKNOWN) return [];
        return pools.flatMap((pool, i) => {
            // A null entry is no pool.
            if (pool === undefined) return [];
            const atHost = readBoolean(pool, "enableEncryptionAtHost");
            if (atHost === UNKNOWN || atHost === true) return [];
            const name = read(pool, "name");
            return [`Node pool ${typeof name === "string" ? name : i}'s temp disks and caches are not encrypted at host; set agentPoolProfiles[${i}].enableEncryptionAtHost to true when creating the pool.`];
        });
    },
};
