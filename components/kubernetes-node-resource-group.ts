import { NAME_SUFFIX_LENGTH } from "./naming";
import { regionName, ValidationIssue } from "./validation";

/**
 * The longest node resource group AKS makes: over it, AKS answers 400 InvalidParameter "The length
 * of the node resource group name is too long. The maximum length is 80 ..." (https://aka.ms/aks-naming-rules;
 * quoted in Azure-Terraform/terraform-azurerm-kubernetes#33).
 */
export const NODE_RESOURCE_GROUP_MAX_LENGTH = 80;

/** The resource group AKS makes for a cluster's nodes when it is given none: `MC_<group>_<cluster>_<region>`. */
export function nodeResourceGroupName(resourceGroupName: string, clusterName: string, location: string): string {
    return `MC_${resourceGroupName}_${clusterName}_${regionName(location)}`;
}

/** The cluster's name as known before deploy: given, or generated from the resource's `name` as `<prefix>-<6 random characters>`, whose length is fixed. */
export type ClusterNameForm = { clusterName: string } | { name: string; prefix: string };

/**
 * Whether the node resource group AKS names from the cluster's group, name and region fits its 80
 * characters. Judged only when the group and region are plain values (a region left out is the
 * group's, unknown here). The field named is the one to shorten: the cluster name, given or
 * generated from `name`, or the group when no cluster name at all would fit.
 */
export function nodeResourceGroupIssues(resourceGroupName: string | undefined, location: string | undefined, cluster: ClusterNameForm): ValidationIssue[] {
    if (resourceGroupName === undefined || location === undefined) return [];
    const region = regionName(location);
    // Room for the cluster name once MC_, the group, the region and the two underscores are counted.
    const room = NODE_RESOURCE_GROUP_MAX_LENGTH - nodeResourceGroupName(resourceGroupName, "", region).length;
    const given = "clusterName" in cluster;
    const clusterName = given ? cluster.clusterName : `${cluster.prefix}-<${NAME_SUFFIX_LENGTH} random>`;
    const clusterLength = given ? cluster.clusterName.length : cluster.prefix.length + 1 + NAME_SUFFIX_LENGTH;
    if (clusterLength <= room) return [];
    const group = nodeResourceGroupName(resourceGroupName, clusterName, region);
    const length = NODE_RESOURCE_GROUP_MAX_LENGTH - room + clusterLength;
    const refused = `${group} is ${length} characters, over the ${NODE_RESOURCE_GROUP_MAX_LENGTH} AKS allows (it refuses the cluster; https://aka.ms/aks-naming-rules)`;
    // A region so long that no group of one character fits is the value to fix, not the group.
    if (resourceGroupName.length + room - 1 < 1) {
        return [{ field: "location", message: `"${location.length > 40 ? `${location.slice(0, 40)}…` : location}" (${location.length} characters) leaves no room for a resource group or cluster name in AKS's node resource group, MC_<group>_<cluster>_<region>, of at most ${NODE_RESOURCE_GROUP_MAX_LENGTH} characters; no Azure region's name is that long: use the region's name, such as westeurope` }];
    }
    if (room < 1) {
        return [{ field: "resourceGroupName", message: `"${resourceGroupName}" (${resourceGroupName.length} characters) leaves no room for a cluster name in AKS's node resource group: ${refused}; in ${region}, use a resource group name of at most ${resourceGroupName.length + room - 1} characters` }];
    }
    if (given) {
        return [{ field: "clusterName", message: `"${cluster.clusterName}" (${clusterLength} characters) is too long for AKS's node resource group: ${refused}; in resource group "${resourceGroupName}" and ${region}, use a cluster name of at most ${room} characters` }];
    }
    const prefixRoom = room - 1 - NAME_SUFFIX_LENGTH;
    const fix = prefixRoom >= 1
        ? `keep the name's prefix "${cluster.prefix}" to at most ${prefixRoom} characters, or set a clusterName of at most ${room}`
        : `set a clusterName of at most ${room} characters (a generated one is at least ${2 + NAME_SUFFIX_LENGTH}), or use a shorter resource group`;
    return [{ field: "name", message: `"${cluster.name}" makes a ${clusterLength}-character cluster name, too long for AKS's node resource group: ${refused}; in resource group "${resourceGroupName}" and ${region}, ${fix}` }];
}
