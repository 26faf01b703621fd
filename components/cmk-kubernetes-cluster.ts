import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as ipaddr from "ipaddr.js";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { assignBuiltInRole, KeyAccessDefaults, waitForRoleAssignments } from "./key-access";
import { generatedName, NAME_SUFFIX_LENGTH } from "./naming";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, armResourceId, GUID_PATTERN, isRecord, known, listShapeIssues, resourceGroupNameIssues, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { ipRuleProblem, SUBNET_ID } from "./network";
import { ResourceTags, validateTags } from "./tags";

/** The cluster's system node pool: the nodes AKS runs its own pods on. */
export interface SystemNodePool {
    /** Optional. Defaults to `Standard_D4ds_v5`, a size that supports encryption at host. */
    vmSize?: string;
    /** Optional. 1–1000 (a user pool 0–1000: scaled to zero). Defaults to `3`. */
    count?: number;
    /** Optional. Availability zones, e.g. `["1", "2", "3"]`, in regions that have them. Defaults to none. */
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
     */
    customerManagedKey: CustomerManagedKey;
    /**
     * Optional. How the KMS plugin reaches the key's vault. Defaults to `Private`: through a private
     * link AKS makes as the cluster's identity (Key Vault Contributor on the vault), which a vault
     * closed to public networks needs, and which needs API Server VNet Integration. `Public` only for
     * a vault open to every network: AKS's KMS is not a trusted service a vault firewall lets through.
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
    /** Optional. Defaults to `true`: the API server has no public address. */
    enablePrivateCluster?: boolean;
    /** Optional. Defaults to AKS's default version at creation. */
    kubernetesVersion?: string;
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
}

export interface KubernetesNetworkProfile {
    serviceCidr?: string;
    dnsServiceIP?: string;
    podCidr?: string;
    outboundType?: "loadBalancer" | "userDefinedRouting" | "managedNATGateway" | "userAssignedNATGateway" | "none";
}

const AKS_DEFAULT_SERVICE_CIDR = "10.0.0.0/16";
const AKS_DEFAULT_DNS_SERVICE_IP = "10.0.0.10";
const OUTBOUND_TYPES = ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"];

/** What AKS's network profile rules refuse: private IPv4 ranges no larger than /12 for services, the DNS address inside the service range, ranges apart. */
function networkProfileIssues(profile: KubernetesNetworkProfile | undefined): ValidationIssue[] {
    if (profile === undefined) return [];
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field: `networkProfile.${field}`, message });
    const range = (field: "serviceCidr" | "podCidr", value: string | undefined) => {
        if (value === undefined) return undefined;
        const problem = ipRuleProblem(value);
        if (problem !== undefined || !value.includes("/")) {
            add(field, problem ?? `"${value}" is a single address; write a CIDR range such as "10.0.0.0/16"`);
            return undefined;
        }
        return ipaddr.IPv4.parseCIDR(value);
    };
    const service = range("serviceCidr", profile.serviceCidr);
    const pods = range("podCidr", profile.podCidr);
    if (service !== undefined && service[1] < 12) add("serviceCidr", `"${profile.serviceCidr}" is larger than /12, the largest service range AKS takes`);
    // Left out, the service range is AKS's default, which the pods must keep apart from too.
    const serviceRange = profile.serviceCidr === undefined ? ipaddr.IPv4.parseCIDR(AKS_DEFAULT_SERVICE_CIDR) : service;
    const serviceText = profile.serviceCidr ?? `${AKS_DEFAULT_SERVICE_CIDR} (AKS's default)`;
    if (serviceRange !== undefined && pods !== undefined && (serviceRange[0].match(pods) || pods[0].match(serviceRange))) {
        add("podCidr", `"${profile.podCidr}" overlaps serviceCidr ${serviceText}; the pod and service ranges must be apart`);
    }
    if (profile.dnsServiceIP !== undefined) {
        if (!ipaddr.IPv4.isValidFourPartDecimal(profile.dnsServiceIP)) {
            add("dnsServiceIP", `"${profile.dnsServiceIP}" is not an IPv4 address`);
        } else if (profile.serviceCidr === undefined) {
            add("dnsServiceIP", "needs serviceCidr: the DNS service's address is one of the service range's");
        } else if (service !== undefined) {
            // The range's first address is its network's, and the next one goes to the kubernetes service itself.
            const address = ipaddr.IPv4.parse(profile.dnsServiceIP).toByteArray();
            const first = service[0].toByteArray();
            const offset = address.reduce((n, b, i) => n * 256 + b - first[i], 0);
            if (!ipaddr.IPv4.parse(profile.dnsServiceIP).match(service) || offset < 2) {
                add("dnsServiceIP", `"${profile.dnsServiceIP}" is not an address of serviceCidr "${profile.serviceCidr}" other than its first two (the network's, and the kubernetes service's)`);
            }
        }
    } else if (service !== undefined && !ipaddr.IPv4.parse(AKS_DEFAULT_DNS_SERVICE_IP).match(service)) {
        add("dnsServiceIP", `is required with serviceCidr "${profile.serviceCidr}": AKS's default ${AKS_DEFAULT_DNS_SERVICE_IP} is outside it`);
    }
    if (profile.outboundType !== undefined && !OUTBOUND_TYPES.includes(profile.outboundType)) {
        add("outboundType", `"${String(profile.outboundType)}" is not one of ${OUTBOUND_TYPES.join(", ")}`);
    }
    return issues;
}

export const CmkKubernetesClusterDefaults = {
    keyVaultNetworkAccess: "Private",
    enablePrivateCluster: true,
    systemNodePool: { vmSize: "Standard_D4ds_v5", count: 3 },
    principalType: "ServicePrincipal",
} as const;

const CLUSTER_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;
const DNS_PREFIX = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;
const DES_ID = armResourceId("Microsoft.Compute", "diskEncryptionSets").pattern;

/** The oldest Kubernetes minor AKS has run under long-term support; anything older it refuses. */
const OLDEST_KUBERNETES_MINOR = 27;

const DISK_ENCRYPTION_SET_REQUIRED = "a disk encryption set: the nodes' disks are encrypted with the customer's key, which AKS takes only at creation";
const NODE_SUBNET_REQUIRED = "a subnet: the nodes are placed in the applications' network";
const ADMINISTRATORS_REQUIRED = "local accounts are off, so the cluster needs at least one Microsoft Entra administrator group";

/** How CmkKubernetesCluster reads each argument: the ids it is placed and encrypted with may be known only at deploy; the rest decide what is created. */
export const CMK_KUBERNETES_CLUSTER_ARGS = {
    resourceGroupName: "input",
    location: "input",
    clusterName: "string",
    dnsPrefix: "string",
    customerManagedKey: "object",
    keyVaultNetworkAccess: "string",
    diskEncryptionSetId: "input",
    nodeSubnetId: "input",
    apiServerSubnetId: "input",
    administratorGroupObjectIds: "list",
    enablePrivateCluster: "boolean",
    kubernetesVersion: "string",
    networkProfile: "object",
    systemNodePool: "object",
    userNodePools: "list",
    tags: "object",
} as const satisfies ArgSpec<CmkKubernetesClusterArgs>;

export const NETWORK_PROFILE_ARGS = { serviceCidr: "string", dnsServiceIP: "string", podCidr: "string", outboundType: "string" } as const satisfies ArgSpec<KubernetesNetworkProfile>;
export const SYSTEM_NODE_POOL_ARGS = { vmSize: "string", count: "number", availabilityZones: "strings" } as const satisfies ArgSpec<SystemNodePool>;
const USER_NODE_POOL_ARGS = { ...SYSTEM_NODE_POOL_ARGS, name: "string" } as const satisfies ArgSpec<UserNodePool>;

/** The shape of CmkKubernetesClusterArgs from an untyped caller: every problem with it, before any rule reads a value. */
function cmkKubernetesClusterShapeIssues(args: unknown): ValidationIssue[] {
    const issues = cmkServiceShapeIssues(args, CMK_KUBERNETES_CLUSTER_ARGS, "cluster", {
        required: {
            diskEncryptionSetId: DISK_ENCRYPTION_SET_REQUIRED,
            nodeSubnetId: NODE_SUBNET_REQUIRED,
            administratorGroupObjectIds: ADMINISTRATORS_REQUIRED,
        },
        // Azure Verified Modules' names: `name`, `primaryAgentPoolProfiles` for the system pool and `agentPools` for the others.
        renamed: { name: "clusterName", agentPools: "userNodePools", primaryAgentPoolProfiles: "systemNodePool" },
    });
    if (!isRecord(args)) return issues;
    if (isRecord(args.networkProfile)) issues.push(...shapeIssues(args.networkProfile, NETWORK_PROFILE_ARGS, "networkProfile", { closed: true }));
    if (isRecord(args.systemNodePool)) issues.push(...shapeIssues(args.systemNodePool, SYSTEM_NODE_POOL_ARGS, "systemNodePool", { closed: true }));
    issues.push(...listShapeIssues(args.userNodePools, USER_NODE_POOL_ARGS, "userNodePools", { required: { name: "1–12 lowercase letters and digits, starting with a letter" }, closed: true }));
    return issues;
}

/** Every rule CmkKubernetesClusterArgs break; empty when valid. */
export function validateCmkKubernetesClusterArgs(name: string, args: CmkKubernetesClusterArgs): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = cmkKubernetesClusterShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues = [...resourceGroupNameIssues(args.resourceGroupName), ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "encrypt", name)];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.clusterName !== undefined) {
        if (!CLUSTER_NAME.test(args.clusterName)) {
            add("clusterName", `"${args.clusterName}" is not an AKS cluster name: 1–63 letters, digits, hyphens and underscores, starting and ending with a letter or digit`);
        }
    } else {
        const prefix = clusterPrefix(name);
        if (prefix.length < 1 || prefix.length > 63 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the cluster name's prefix, which needs 1–${63 - 1 - NAME_SUFFIX_LENGTH} letters, digits and hyphens; rename the resource or set clusterName`);
        }
    }
    if (args.dnsPrefix !== undefined && !DNS_PREFIX.test(args.dnsPrefix)) {
        add("dnsPrefix", `"${args.dnsPrefix}" is not a DNS prefix: 1–54 letters, digits and hyphens, starting and ending with a letter or digit`);
    }
    const access = args.keyVaultNetworkAccess;
    if (access !== undefined && access !== "Private" && access !== "Public") {
        add("keyVaultNetworkAccess", `"${String(access)}" is not "Private" or "Public"`);
    }
    const requireId = (field: string, value: pulumi.Input<string> | undefined, pattern: RegExp, what: string) => {
        const id = known<string>(value);
        if (value === undefined) {
            add(field, `is required: ${what}`);
        } else if (id !== undefined && !pattern.test(id)) {
            add(field, `"${id}" is not ${what.split(":")[0]}'s resource id`);
        }
    };
    requireId("diskEncryptionSetId", args.diskEncryptionSetId, DES_ID, DISK_ENCRYPTION_SET_REQUIRED);
    requireId("nodeSubnetId", args.nodeSubnetId, SUBNET_ID, NODE_SUBNET_REQUIRED);
    if ((access ?? CmkKubernetesClusterDefaults.keyVaultNetworkAccess) === "Private") {
        requireId("apiServerSubnetId", args.apiServerSubnetId, SUBNET_ID, "a subnet: KMS reaches a private vault only from a cluster with API Server VNet Integration, whose API server needs a subnet delegated to Microsoft.ContainerService/managedClusters");
    } else if (args.apiServerSubnetId !== undefined) {
        requireId("apiServerSubnetId", args.apiServerSubnetId, SUBNET_ID, "a subnet");
    }
    const apiServerSubnet = known<string>(args.apiServerSubnetId)?.toLowerCase().replace(/\/+$/, "");
    const nodeSubnet = known<string>(args.nodeSubnetId)?.toLowerCase().replace(/\/+$/, "");
    const networkOf = (subnet: string) => subnet.replace(/\/subnets\/[^/]+$/, "");
    if (apiServerSubnet !== undefined && apiServerSubnet === nodeSubnet) {
        add("apiServerSubnetId", "is the node subnet; the API server needs a subnet of its own, delegated to Microsoft.ContainerService/managedClusters");
    } else if (apiServerSubnet !== undefined && nodeSubnet !== undefined && SUBNET_ID.test(apiServerSubnet) && SUBNET_ID.test(nodeSubnet) && networkOf(apiServerSubnet) !== networkOf(nodeSubnet)) {
        // Microsoft's API Server VNet Integration guide: the API server is projected into a delegated subnet of the network the cluster is deployed in.
        add("apiServerSubnetId", "is in another virtual network than nodeSubnetId; AKS projects the API server into a delegated subnet of the nodes' own network");
    }
    const groups = args.administratorGroupObjectIds;
    if (groups.length === 0) {
        add("administratorGroupObjectIds", `is empty; ${ADMINISTRATORS_REQUIRED}`);
    } else {
        groups.forEach((g, i) => {
            const id = known<string>(g);
            if (id !== undefined && !GUID_PATTERN.test(id)) {
                add(`administratorGroupObjectIds[${i}]`, `"${id}" is not an object id (a GUID)`);
            }
        });
    }
    nodePoolIssues("systemNodePool", args.systemNodePool, 1).forEach((x) => issues.push(x));
    const poolNames = new Set<string>();
    (args.userNodePools ?? []).forEach((p, i) => {
        const field = `userNodePools[${i}]`;
        if (typeof p.name !== "string" || !/^[a-z][a-z0-9]{0,11}$/.test(p.name)) {
            add(`${field}.name`, `"${String(p.name)}" is not a node pool name: 1–12 lowercase letters and digits, starting with a letter`);
        } else if (p.name === "system" || poolNames.has(p.name)) {
            add(`${field}.name`, `"${p.name}" is taken${p.name === "system" ? " by the system pool" : " by another pool"}; give each pool its own name`);
        }
        poolNames.add(String(p.name));
        nodePoolIssues(field, p, 0).forEach((x) => issues.push(x));
    });
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

/** The rules a system or user pool's size, count and zones break; a user pool may be scaled to zero, a system pool never. */
function nodePoolIssues(field: string, pool: SystemNodePool | undefined, minCount: 0 | 1): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    if (pool?.count !== undefined && (!Number.isInteger(pool.count) || pool.count < minCount || pool.count > 1000)) {
        issues.push({ field: `${field}.count`, message: `${pool.count} is outside ${minCount}–1000${minCount === 1 ? " (a system pool keeps at least one node for AKS's own pods)" : ""}` });
    }
    if (pool?.vmSize !== undefined && !/^Standard_[A-Za-z0-9_]+$/.test(pool.vmSize)) {
        issues.push({ field: `${field}.vmSize`, message: `"${pool.vmSize}" is not a VM size such as Standard_D4ds_v5` });
    }
    pool?.availabilityZones?.forEach((z, i) => {
        if (!["1", "2", "3"].includes(z)) {
            issues.push({ field: `${field}.availabilityZones[${i}]`, message: `"${z}" is not an availability zone ("1", "2" or "3")` });
        }
    });
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
        throwIfInvalid(`CmkKubernetesCluster "${name}"`, validateCmkKubernetesClusterArgs(name, args));
        super("azure-byok:containerservice:CmkKubernetesCluster", name, {}, opts);

        const d = CmkKubernetesClusterDefaults;
        const cmk = args.customerManagedKey;
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "applicationCrypto", args.tags);
        this.identity = identity;
        this.keyAccess = keyAccess;
        const access = args.keyVaultNetworkAccess ?? d.keyVaultNetworkAccess;
        const grant = (suffix: string, scope: pulumi.Input<string>, role: "keyVaultContributor" | "networkContributor" | "reader", why: string) =>
            assignBuiltInRole(`${name}-${suffix}`, { scope, principalId: identity.principalId, principalType: d.principalType, role, description: `azure-byok AKS ${why}` }, this);
        this.roleAssignments = [
            grant("node-subnet", args.nodeSubnetId, "networkContributor", "node subnet"),
            grant("disk-encryption-set-reader", args.diskEncryptionSetId, "reader", "disk encryption set"),
        ];
        if (args.apiServerSubnetId !== undefined) {
            this.roleAssignments.push(grant("api-server-subnet", args.apiServerSubnetId, "networkContributor", "API server subnet"));
        }
        if (access === "Private") {
            // AKS creates the KMS private link to the vault as the cluster's identity.
            this.roleAssignments.push(grant("kms-private-link", cmk.key.keyVault.id, "keyVaultContributor", "KMS private link"));
        }
        // AKS checks these at creation as the cluster's identity, so they must have taken effect.
        const propagation = waitForRoleAssignments(`${name}-rbac-propagation`, this.roleAssignments, cmk.rbacPropagationWait ?? KeyAccessDefaults.rbacPropagationWait, this);
        const keyId = cmkKeyUrl("kubernetesCluster", cmk);
        const clusterName = args.clusterName ?? generatedName(name, clusterPrefix(name), "-", this);
        // Every pool's nodes: managed OS disks (an ephemeral one must be scaled to zero to follow a key rotation), encrypted at host, in the node subnet.
        const nodes = (poolName: string, mode: containerservice.AgentPoolMode, pool: SystemNodePool | undefined) => ({
            name: poolName,
            mode,
            osType: containerservice.OSType.Linux,
            osDiskType: containerservice.OSDiskType.Managed,
            vmSize: pool?.vmSize ?? d.systemNodePool.vmSize,
            count: pool?.count ?? d.systemNodePool.count,
            availabilityZones: pool?.availabilityZones,
            enableEncryptionAtHost: true,
            vnetSubnetID: args.nodeSubnetId,
        });

        this.cluster = new containerservice.ManagedCluster(`${name}-cluster`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            resourceName: clusterName,
            dnsPrefix: args.dnsPrefix ?? pulumi.output(clusterName).apply((n) => n.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 54).replace(/-+$/, "")),
            kubernetesVersion: args.kubernetesVersion,
            identity: { type: containerservice.ResourceIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            enableRBAC: true,
            disableLocalAccounts: true,
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: args.administratorGroupObjectIds },
            agentPoolProfiles: [
                nodes("system", containerservice.AgentPoolMode.System, args.systemNodePool),
                ...(args.userNodePools ?? []).map((p) => nodes(p.name, containerservice.AgentPoolMode.User, p)),
            ],
            diskEncryptionSetID: args.diskEncryptionSetId,
            networkProfile: {
                networkPlugin: containerservice.NetworkPlugin.Azure,
                networkPluginMode: containerservice.NetworkPluginMode.Overlay,
                serviceCidr: args.networkProfile?.serviceCidr,
                dnsServiceIP: args.networkProfile?.dnsServiceIP,
                podCidr: args.networkProfile?.podCidr,
                outboundType: args.networkProfile?.outboundType,
            },
            apiServerAccessProfile: {
                enablePrivateCluster: args.enablePrivateCluster ?? d.enablePrivateCluster,
                enableVnetIntegration: args.apiServerSubnetId !== undefined,
                subnetId: args.apiServerSubnetId,
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
        }, { parent: this, dependsOn: [keyAccess, ...this.roleAssignments, ...(propagation === undefined ? [] : [propagation])] });

        this.id = this.cluster.id;
        this.clusterName = this.cluster.name;
        this.apiServerFqdn = pulumi.all([this.cluster.privateFQDN, this.cluster.fqdn]).apply(([privateFqdn, fqdn]) => privateFqdn || fqdn);
        this.keyId = keyId;
        this.registerOutputs({ id: this.id, clusterName: this.clusterName, apiServerFqdn: this.apiServerFqdn, keyId: this.keyId, identityClientId: identity.clientId });
    }
}

function clusterPrefix(name: string): string {
    return name.replace(/[^a-zA-Z0-9-]/g, "").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
}
