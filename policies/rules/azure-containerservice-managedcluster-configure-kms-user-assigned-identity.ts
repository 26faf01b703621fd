import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { list, read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-configure-kms-user-assigned-identity",
    description: "AKS's KMS plugin reaches its key as the cluster's control-plane identity, which must be user-assigned: a system-assigned identity does not exist until the cluster does, so it cannot be granted the key first, and AKS refuses KMS with it (Microsoft's AKS KMS guide).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: scanners check that KMS is on, not whether the cluster has an identity KMS can use"],
    resourceTypes: [T.managedCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const enabled = readBoolean(props, "securityProfile", "azureKeyVaultKms", "enabled");
        const type = read(props, "identity", "type");
        const assigned = list(props, "identity", "userAssignedIdentities");
        if (enabled !== true || type === UNKNOWN || assigned === UNKNOWN) return [];
        if (sameText(type, "UserAssigned") && assigned.some((id) => id !== undefined)) return [];
        const what = typeof type !== "string" || type === "" ? "none (a service principal)" : sameText(type, "UserAssigned") ? "UserAssigned with no identity listed" : type;
        return [`KMS etcd encryption is on, but the cluster's identity is ${what}; AKS's KMS works only with a user-assigned control-plane identity granted the key before the cluster exists: set identity { type: "UserAssigned", userAssignedIdentities: [<the identity's id>] }.`];
    },
};
