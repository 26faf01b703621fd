import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { checkedCmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { keptOnDelete } from "./key-vault-lock";
import { kmsVersionLifetimeProblem } from "./key-rotation-policy";
import { assignBuiltInRole, KeyAccessDefaults, waitForRoleAssignments } from "./key-access";
import { generatedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { CustomerManagedKey, IdentityReference } from "./types";
import { apiServerSubnetPlacementIssues, clusterNetworkProfile, kmsPrivateLinkIssues, networkProfileIssues, networkProfileShapeIssues } from "./kubernetes-network";
import { agentPoolProfiles, nodePoolShapeIssues, nodePoolsIssues, unzonedPoolsWarning } from "./kubernetes-node-pools";
import { ClusterNameForm, nodeResourceGroupIssues } from "./kubernetes-node-resource-group";
import { ArgSpec, armResourceId, checkedAllOnResolve, checkedOnResolve, GUID_PATTERN, isRecord, known, quoteValue, resourceGroupNameIssues, SECRET_VALUE_SHOWN, ShowValue, throwIfInvalid, ValidationIssue } from "./validation";
import { SUBNET_ID } from "./network";
import { ResourceTags, validateTags } from "./tags";

// Argument lists that moved with their rules, still importable from here.
export { NETWORK_PROFILE_ARGS } from "./kubernetes-network";
export { SYSTEM_NODE_POOL_ARGS } from "./kubernetes-node-pools";

/** The cluster's system node pool: the nodes AKS runs its own pods on. */
export interface SystemNodePool {
    /** Optional. Defaults to `Standard_D4ds_v5`, a size that supports encryption at host. */
    vmSize?: string;
    /** Optional. 1–1000 (a user pool 0–1000: scaled to zero). Defaults to `3`. */
    count?: number;
    /** Optional. Availability zones, e.g. `["1", "2", "3"]`, in regions that have them (refused in a `location` Microsoft lists without); fixed when the pool is created. Defaults to none, with a warning unless `[]` is written or the region has no zones. */
    availabilityZones?: string[];
}

/** A node pool for workloads, beside the system pool: its nodes encrypted the same way, in the same subnet. */
export interface UserNodePool extends SystemNodePool {
    /** Required. 1–12 lowercase letters and digits, starting with a letter (AKS's rule for Linux pools); not `system`. */
    name: string;
}

export interface CmkKubernetesClusterArgs {
    /** Required. The resource group the cluster lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's. */
    location?: pulumi.Input<string>;
    /** Optional. 1–63 letters, digits, hyphens and underscores. Defaults to the resource name's plus 6 random characters, kept in state. */
    clusterName?: string;
    /** Optional. The API server's DNS label prefix: 1–54 letters, digits and hyphens. Defaults to the cluster name's letters, digits and hyphens. */
    dnsPrefix?: string;
    /**
     * Required. The key KMS encrypts etcd's data keys with (RSA, with encrypt and decrypt: purpose
     * `applicationCrypto`), by its current version: AKS takes a versioned key id and changes to a
     * new version through an update of the cluster. Its identity is the cluster's (control plane).
     * The grant made here on the key stays in Azure when the cluster moves to another key or is
     * removed: KMS keeps decrypting with the key it moved off (see the README on removing it).
     */
    customerManagedKey: CustomerManagedKey;
    /**
     * Optional. How the KMS plugin reaches the key's vault. Defaults to `Private`: through a private
     * link AKS makes as the cluster's identity (Key Vault Contributor on the vault), which a vault
     * closed to public networks needs, and which needs API Server VNet Integration and an RBAC vault
     * (on an access-policy vault that role can grant itself every key). `Public` only for a vault
     * open to every network: AKS's KMS is not a trusted service a vault firewall lets through.
     * On a deployed cluster it changes only with a key in another vault: AKS does not change the
     * mode of the vault KMS is attached to while KMS is on.
     */
    keyVaultNetworkAccess?: "Private" | "Public";
    /** Required. The disk encryption set the nodes' OS and data disks are encrypted with (a `CmkDiskEncryptionSet`'s `id`). Set at creation only. */
    diskEncryptionSetId: pulumi.Input<string>;
    /** Required. The subnet the nodes are placed in. The cluster's identity is made its Network Contributor. */
    nodeSubnetId: pulumi.Input<string>;
    /** Conditional. Required with `keyVaultNetworkAccess` `Private`: a subnet delegated to `Microsoft.ContainerService/managedClusters` for the API server (API Server VNet Integration). The cluster's identity is made its Network Contributor. */
    apiServerSubnetId?: pulumi.Input<string>;
    /** Required. Object ids of the Microsoft Entra groups that administer the cluster: local accounts are off, so there is no other way in. */
    administratorGroupObjectIds: pulumi.Input<string>[];
    /**
     * Optional. Defaults to `true`: the API server has no public address. Its private DNS zone is AKS's
     * own (`privateDNSZone` left to `system`: a zone in the node resource group linked to the cluster's
     * network alone); a zone of the caller's, such as a hub's, is not taken.
     */
    enablePrivateCluster?: boolean;
    /** Optional. Defaults to AKS's default version at creation. */
    kubernetesVersion?: string;
    /**
     * Optional. The control plane's pricing tier: `Standard` runs it in every zone of the region with
     * an uptime SLA, charged per cluster; `Free` in one zone, for testing. `Premium` is refused: it
     * goes with long-term support, whose guide lists KMS among the features it does not take.
     * Defaults to `Standard`.
     */
    skuTier?: "Free" | "Standard" | "Premium";
    /**
     * Optional. The cluster's own address ranges and egress (Azure CNI overlay): `serviceCidr` and
     * `dnsServiceIP` (inside it), `podCidr`, none of them overlapping the node network, and
     * `outboundType` (`userDefinedRouting` for egress through a hub firewall, whose route table the
     * node subnet must have). Defaults to AKS's: 10.0.0.0/16, 10.0.0.10, 10.244.0.0/16, `loadBalancer`.
     */
    networkProfile?: KubernetesNetworkProfile;
    /** Optional. Defaults to `{ vmSize: "Standard_D4ds_v5", count: 3 }`, encrypted at host. */
    systemNodePool?: SystemNodePool;
    /** Optional. Pools for workloads, each encrypted like the system pool and in its subnet; sizes default as the system pool's. Defaults to none. */
    userNodePools?: UserNodePool[];
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the cluster and on the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the cluster (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grant on the key (`retainOnDelete` alone on that). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export interface KubernetesNetworkProfile {
    serviceCidr?: string;
    dnsServiceIP?: string;
    podCidr?: string;
    outboundType?: "loadBalancer" | "userDefinedRouting" | "managedNATGateway" | "userAssignedNATGateway" | "none";
}

export const CmkKubernetesClusterDefaults = {
    keyVaultNetworkAccess: "Private",
    enablePrivateCluster: true,
    skuTier: "Standard",
    systemNodePool: { vmSize: "Standard_D4ds_v5", count: 3 },
    principalType: "ServicePrincipal",
    protect: true,
} as const;

const CLUSTER_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;
const DNS_PREFIX = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;
const DES_ID = armResourceId("Microsoft.Compute", "diskEncryptionSets").pattern;

/** The oldest Kubernetes minor AKS has run under long-term support; anything older it refuses. */
const OLDEST_KUBERNETES_MINOR = 27;

/**
 * Why each required argument is asked for: KMS encrypts only the secrets in etcd, so without a disk encryption set the nodes'
 * OS and data disks would keep platform-managed keys, and AKS takes the set only when the cluster is created.
 */
export const CLUSTER_REQUIRED = {
    diskEncryptionSet: "a disk encryption set: KMS encrypts only the secrets in etcd, and the nodes' OS and data disks are encrypted with the customer's key through a disk encryption set, which AKS takes only when the cluster is created (a cluster made without one keeps platform-managed keys on its nodes' OS disks)",
    nodeSubnet: "a subnet: the nodes are placed in the applications' network",
    administrators: "local accounts are off, so the cluster needs at least one Microsoft Entra administrator group",
} as const;

/** How CmkKubernetesCluster reads each argument: the ids it is placed and encrypted with may be known only at deploy; the rest decide what is created. */
export const CMK_KUBERNETES_CLUSTER_ARGS = {
    resourceGroupName: "input",
    location: "region",
    clusterName: "string",
    dnsPrefix: "string",
    customerManagedKey: "object",
    keyVaultNetworkAccess: "string",
    diskEncryptionSetId: "input",
    nodeSubnetId: "input",
    apiServerSubnetId: "input",
    administratorGroupObjectIds: "inputs",
    enablePrivateCluster: "boolean",
    kubernetesVersion: "string",
    skuTier: "string",
    networkProfile: "object",
    systemNodePool: "object",
    userNodePools: "list",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkKubernetesClusterArgs>;

/** Azure Verified Modules' names for a cluster's arguments, and ours: `primaryAgentPoolProfiles` for the system pool and `agentPools` for the others. */
export const KUBERNETES_CLUSTER_RENAMED = { name: "clusterName", agentPools: "userNodePools", primaryAgentPoolProfiles: "systemNodePool" };

/** The shape of CmkKubernetesClusterArgs from an untyped caller: every problem with it, before any rule reads a value. */
function cmkKubernetesClusterShapeIssues(args: unknown): ValidationIssue[] {
    const issues = cmkServiceShapeIssues(args, CMK_KUBERNETES_CLUSTER_ARGS, "cluster", {
        required: {
            diskEncryptionSetId: CLUSTER_REQUIRED.diskEncryptionSet,
            nodeSubnetId: CLUSTER_REQUIRED.nodeSubnet,
            administratorGroupObjectIds: CLUSTER_REQUIRED.administrators,
        },
        renamed: KUBERNETES_CLUSTER_RENAMED,
    });
    if (!isRecord(args)) return issues;
    issues.push(...networkProfileShapeIssues(args.networkProfile), ...nodePoolShapeIssues(args.systemNodePool, args.userNodePools));
    return issues;
}

/** Every rule CmkKubernetesClusterArgs break; empty when valid. */
export function validateCmkKubernetesClusterArgs(name: string, args: CmkKubernetesClusterArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = cmkKubernetesClusterShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "encrypt", name, opts, "kubernetesCluster"),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "clusterName", what: "cluster", given: args.clusterName !== undefined, from: (n) => shownGeneratedName(clusterPrefix(n), "-") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    const keyPolicy = args.customerManagedKey.key.rotationPolicy;
    const lifetime = keyPolicy && kmsVersionLifetimeProblem(keyPolicy);
    if (lifetime !== undefined) add("customerManagedKey.key.rotationPolicy", lifetime);
    // AKS names the nodes' resource group MC_<group>_<cluster>_<region>: judged once the cluster name itself is valid.
    const plain = (value: unknown) => {
        const text = known<unknown>(value);
        return typeof text === "string" && text.trim() !== "" ? text : undefined;
    };
    const nodeGroup = (cluster: ClusterNameForm) => issues.push(...nodeResourceGroupIssues(plain(args.resourceGroupName), plain(args.location), cluster));
    if (args.clusterName !== undefined) {
        if (!CLUSTER_NAME.test(args.clusterName)) {
            add("clusterName", `"${args.clusterName}" is not an AKS cluster name: 1–63 letters, digits, hyphens and underscores, starting and ending with a letter or digit`);
        } else {
            nodeGroup({ clusterName: args.clusterName });
        }
    } else {
        const prefix = clusterPrefix(name);
        if (prefix.length < 1 || prefix.length > 63 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the cluster name's prefix, which needs 1–${63 - 1 - NAME_SUFFIX_LENGTH} letters, digits and hyphens; rename the resource or set clusterName`);
        } else {
            nodeGroup({ name, prefix });
        }
    }
    if (args.dnsPrefix !== undefined && !DNS_PREFIX.test(args.dnsPrefix)) {
        add("dnsPrefix", `"${args.dnsPrefix}" is not a DNS prefix: 1–54 letters, digits and hyphens, starting and ending with a letter or digit`);
    }
    if (args.skuTier === "Premium") {
        // Microsoft's AKS long-term support guide: Premium and the AKSLongTermSupport plan go together, and KMS is among the features LTS does not take.
        add("skuTier", `is "Premium", AKS's tier for long-term support (the AKSLongTermSupport plan), which this component does not set up: Microsoft's LTS guide lists KMS among the features a cluster on it cannot have; use "Standard" (the default), which has the same uptime SLA`);
    } else if (args.skuTier !== undefined && args.skuTier !== "Free" && args.skuTier !== "Standard") {
        add("skuTier", `"${String(args.skuTier)}" is not an AKS pricing tier: "Standard" (the default) or "Free"`);
    }
    const access = args.keyVaultNetworkAccess;
    if (access !== undefined && access !== "Private" && access !== "Public") {
        add("keyVaultNetworkAccess", `"${String(access)}" is not "Private" or "Public"`);
    }
    const requireId = (field: string, value: pulumi.Input<string> | undefined, pattern: RegExp, what: string) => {
        const id = known<string>(value);
        const problem = id === undefined ? undefined : resourceIdProblem(pattern, what)(id);
        if (value === undefined) {
            add(field, `is required: ${what}`);
        } else if (problem !== undefined) {
            add(field, problem);
        }
    };
    requireId("diskEncryptionSetId", args.diskEncryptionSetId, DES_ID, CLUSTER_REQUIRED.diskEncryptionSet);
    requireId("nodeSubnetId", args.nodeSubnetId, SUBNET_ID, CLUSTER_REQUIRED.nodeSubnet);
    if ((access ?? CmkKubernetesClusterDefaults.keyVaultNetworkAccess) === "Private") {
        requireId("apiServerSubnetId", args.apiServerSubnetId, SUBNET_ID, "a subnet: KMS reaches a private vault only from a cluster with API Server VNet Integration, whose API server needs a subnet delegated to Microsoft.ContainerService/managedClusters");
    } else if (args.apiServerSubnetId !== undefined) {
        requireId("apiServerSubnetId", args.apiServerSubnetId, SUBNET_ID, "a subnet");
    }
    issues.push(...apiServerSubnetPlacementIssues(known<string>(args.apiServerSubnetId), known<string>(args.nodeSubnetId)));
    issues.push(...kmsPrivateLinkIssues(access ?? CmkKubernetesClusterDefaults.keyVaultNetworkAccess, access === undefined, args.customerManagedKey));
    const groups = args.administratorGroupObjectIds;
    if (groups.length === 0) {
        add("administratorGroupObjectIds", `is empty; ${CLUSTER_REQUIRED.administrators}`);
    } else {
        groups.forEach((g, i) => {
            const id = known<string>(g);
            const problem = id === undefined ? undefined : groupObjectIdProblem(id);
            if (problem !== undefined) add(`administratorGroupObjectIds[${i}]`, problem);
        });
    }
    issues.push(...nodePoolsIssues(args.systemNodePool, args.userNodePools, args.location));
    const version = args.kubernetesVersion === undefined ? undefined : /^(\d+)\.(\d+)(\.\d+)?$/.exec(args.kubernetesVersion);
    if (args.kubernetesVersion !== undefined && !version) {
        add("kubernetesVersion", `"${args.kubernetesVersion}" is not a Kubernetes version such as 1.33`);
    } else if (version && (Number(version[1]) !== 1 || Number(version[2]) < OLDEST_KUBERNETES_MINOR)) {
        // AKS refuses a version it no longer runs; these are past even its long-term support (1.27 was the first LTS).
        add("kubernetesVersion", `"${args.kubernetesVersion}" is not a version AKS runs: it offers recent 1.x minors (1.${OLDEST_KUBERNETES_MINOR} and later; az aks get-versions lists a region's)`);
    }
    issues.push(...networkProfileIssues(args.networkProfile));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * An AKS cluster whose secrets in etcd are encrypted by KMS with the customer's key, whose nodes'
 * disks are encrypted with a customer-managed disk encryption set and at host, administered through
 * Microsoft Entra groups only (local accounts off), with a private API server by default. Its
 * identity is user-assigned (KMS takes no system-assigned one) and holds, before the cluster
 * exists: Key Vault Crypto User on the key, Key Vault Contributor on the vault for a private link,
 * Network Contributor on its subnets and Reader on the disk encryption set.
 */
export class CmkKubernetesCluster extends pulumi.ComponentResource {
    readonly cluster: containerservice.ManagedCluster;
    /** The control plane's identity, which KMS reaches the key as. */
    readonly identity: IdentityReference;
    /** The grant the cluster waits for: its own KeyAccess (Crypto User on the key), or the one it was given. */
    readonly keyAccess: pulumi.Resource;
    /** The role assignments on the vault, subnets and disk encryption set that AKS checks at creation. */
    readonly roleAssignments: authorization.RoleAssignment[];
    readonly id: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** The API server's private FQDN (a private cluster) or public FQDN. */
    readonly apiServerFqdn: pulumi.Output<string>;
    /** The versioned key id KMS encrypts with. */
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: CmkKubernetesClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkKubernetesCluster "${name}"`, validateCmkKubernetesClusterArgs(name, args, opts));
        super("azure-byok:containerservice:CmkKubernetesCluster", name, {}, opts);
        const zones = unzonedPoolsWarning(args.systemNodePool, args.userNodePools, args.location);
        if (zones !== undefined) void pulumi.log.warn(`CmkKubernetesCluster "${name}": ${zones}`, this);

        const d = CmkKubernetesClusterDefaults;
        const cmk = args.customerManagedKey;
        // The grant stays in Azure when KMS moves to another key: AKS keeps the key it moves off as its previous key, which
        // the secrets written under it still need, until the next move (Microsoft's AKS KMS guide, "Rotate existing keys").
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkKubernetesClusterDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "applicationCrypto", args.tags, { ...kept, keepGrant: true });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const access = args.keyVaultNetworkAccess ?? d.keyVaultNetworkAccess;
        // Ids and groups given as Outputs are held to validation's rules once they resolve, before the grants on them and the cluster are sent.
        const component = `CmkKubernetesCluster "${name}"`;
        const diskEncryptionSetId = checkedOnResolve(component, "diskEncryptionSetId", args.diskEncryptionSetId, resourceIdProblem(DES_ID, CLUSTER_REQUIRED.diskEncryptionSet));
        const nodeSubnetId = checkedOnResolve(component, "nodeSubnetId", args.nodeSubnetId, resourceIdProblem(SUBNET_ID, CLUSTER_REQUIRED.nodeSubnet));
        const apiServerSubnetId = checkedOnResolve(component, "apiServerSubnetId", args.apiServerSubnetId, resourceIdProblem(SUBNET_ID, "a subnet"));
        const administratorGroupObjectIds = args.administratorGroupObjectIds.map((g, i) => checkedOnResolve(component, `administratorGroupObjectIds[${i}]`, g, groupObjectIdProblem));
        // Never protected, as the key grant is not (identityWithKeyAccess), under a component given { protect: true } either;
        // retained with the cluster as that grant is, so a cluster kept in Azure keeps its subnets and disk set. Not Key
        // Vault Contributor on the vault: a retained one would outlive a move off the vault (the engine skips a retained
        // resource's delete on a replacement too), and it lets its holder write itself an access policy to every key.
        const besideCluster = { protect: false, retainOnDelete: kept.retainOnDelete };
        const grant = (suffix: string, scope: pulumi.Input<string>, role: "keyVaultContributor" | "networkContributor" | "reader", why: string) =>
            assignBuiltInRole(`${name}-${suffix}`, { scope, principalId: identity.principalId, principalType: d.principalType, role, description: `azure-byok AKS ${why}` }, this,
                role === "keyVaultContributor" ? { protect: false, retainOnDelete: false } : besideCluster);
        this.roleAssignments = [
            grant("node-subnet", nodeSubnetId, "networkContributor", "node subnet"),
            grant("disk-encryption-set-reader", diskEncryptionSetId, "reader", "disk encryption set"),
        ];
        if (apiServerSubnetId !== undefined) {
            this.roleAssignments.push(grant("api-server-subnet", apiServerSubnetId, "networkContributor", "API server subnet"));
        }
        if (access === "Private") {
            // AKS creates the KMS private link to the vault as the cluster's identity.
            this.roleAssignments.push(grant("kms-private-link", cmk.key.keyVault.id, "keyVaultContributor", "KMS private link"));
        }
        // AKS checks these at creation as the cluster's identity, so they must have taken effect.
        const propagation = waitForRoleAssignments(`${name}-rbac-propagation`, this.roleAssignments, cmk.rbacPropagationWait ?? KeyAccessDefaults.rbacPropagationWait, this, besideCluster);
        const keyId = checkedCmkKeyUrl(component, "kubernetesCluster", cmk);
        const clusterName = args.clusterName ?? generatedName(name, clusterPrefix(name), "-", this);

        this.cluster = new containerservice.ManagedCluster(`${name}-cluster`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            resourceName: checkedNodeResourceGroup(name, args, clusterName),
            dnsPrefix: args.dnsPrefix ?? pulumi.output(clusterName).apply((n) => n.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 54).replace(/-+$/, "")),
            kubernetesVersion: args.kubernetesVersion,
            // Without a sku AKS runs the Free tier: a control plane in one zone, "only recommended for testing" (AKS availability zones overview).
            sku: { name: containerservice.ManagedClusterSKUName.Base, tier: args.skuTier ?? d.skuTier },
            identity: { type: containerservice.ResourceIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            enableRBAC: true,
            disableLocalAccounts: true,
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: administratorGroupObjectIds },
            agentPoolProfiles: agentPoolProfiles(args.systemNodePool, args.userNodePools, nodeSubnetId, d.systemNodePool),
            diskEncryptionSetID: diskEncryptionSetId,
            networkProfile: clusterNetworkProfile(args.networkProfile),
            apiServerAccessProfile: {
                enablePrivateCluster: args.enablePrivateCluster ?? d.enablePrivateCluster,
                enableVnetIntegration: apiServerSubnetId !== undefined,
                subnetId: apiServerSubnetId === undefined ? undefined : checkedAllOnResolve(component, "apiServerSubnetId", apiServerSubnetId, [args.apiServerSubnetId, args.nodeSubnetId],
                    ([apiServer, nodes]) => apiServerSubnetPlacementIssues(apiServer, nodes)[0]?.message),
            },
            securityProfile: {
                azureKeyVaultKms: {
                    enabled: true,
                    keyId,
                    keyVaultNetworkAccess: access === "Private" ? containerservice.KeyVaultNetworkAccessTypes.Private : containerservice.KeyVaultNetworkAccessTypes.Public,
                    keyVaultResourceId: access === "Private" ? cmk.key.keyVault.id : undefined,
                },
            },
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess, ...this.roleAssignments, ...(propagation === undefined ? [] : [propagation])], ...kept });

        this.id = this.cluster.id;
        this.clusterName = this.cluster.name;
        this.apiServerFqdn = pulumi.all([this.cluster.privateFQDN, this.cluster.fqdn]).apply(([privateFqdn, fqdn]) => privateFqdn || fqdn);
        this.keyId = keyId;
        this.registerOutputs({ id: this.id, clusterName: this.clusterName, apiServerFqdn: this.apiServerFqdn, keyId: this.keyId, identityClientId: identity.clientId });
    }
}

/** Why `id` is not an Entra object id, as an administrator group's is. */
function groupObjectIdProblem(id: string, show: ShowValue = quoteValue): string | undefined {
    return GUID_PATTERN.test(id) ? undefined : `${show(id)} is not an object id (a GUID)`;
}

/** The rule an id given for `what` (CLUSTER_REQUIRED's words up to a colon: "a subnet") meets: `pattern`'s shape. */
function resourceIdProblem(pattern: RegExp, what: string): (id: string, show?: ShowValue) => string | undefined {
    return (id, show = quoteValue) => (pattern.test(id) ? undefined : `${show(id)} is not ${what.split(":")[0]}'s resource id`);
}

function clusterPrefix(name: string): string {
    return hyphenatedPrefix(name, { keepCase: true });
}

/**
 * The cluster's name held, once a group or region given as an Output resolves, to the node resource group's length
 * rule validation applies to plain ones (the same cluster-name form, so the same message), under the field it names.
 */
function checkedNodeResourceGroup(name: string, args: CmkKubernetesClusterArgs, clusterName: pulumi.Input<string>): pulumi.Input<string> {
    const form: ClusterNameForm = args.clusterName !== undefined ? { clusterName: args.clusterName } : { name, prefix: clusterPrefix(name) };
    const issueOf = (resolved: string[], shows: (ShowValue | undefined)[]) => {
        const issue = nodeResourceGroupIssues(resolved[0], resolved[1], form)[0];
        // The rule writes the group and region into its message: one from a secret is shown as [secret].
        const hidden = resolved.filter((value, i) => shows[i] !== undefined && value !== "");
        return issue && { ...issue, message: hidden.reduce((message, value) => message.split(value).join(SECRET_VALUE_SHOWN), issue.message) };
    };
    // The rule names the field to shorten; at most one of them breaks it.
    return (["resourceGroupName", "clusterName", "name"] as const).reduce<pulumi.Input<string>>((value, field) =>
        checkedAllOnResolve(`CmkKubernetesCluster "${name}"`, field, value, [args.resourceGroupName, args.location], (resolved, shows) => {
            const issue = issueOf(resolved, shows);
            return issue?.field === field ? issue.message : undefined;
        }), clusterName);
}
