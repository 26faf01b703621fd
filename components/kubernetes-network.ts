import * as containerservice from "@pulumi/azure-native/containerservice";
import * as ipaddr from "ipaddr.js";
import type { KubernetesNetworkProfile } from "./cmk-kubernetes-cluster";
import { ipRuleProblem, SUBNET_ID } from "./network";
import { ArgSpec, isRecord, shapeIssues, ValidationIssue } from "./validation";

/** AKS's own service range and DNS address: a network profile that leaves them out is checked against them. */
const AKS_DEFAULT_SERVICE_CIDR = "10.0.0.0/16";
const AKS_DEFAULT_DNS_SERVICE_IP = "10.0.0.10";
const OUTBOUND_TYPES = ["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"];

export const NETWORK_PROFILE_ARGS = { serviceCidr: "string", dnsServiceIP: "string", podCidr: "string", outboundType: "string" } as const satisfies ArgSpec<KubernetesNetworkProfile>;

/** The shape of a network profile from an untyped caller: its four fields, as plain strings, and no others. */
export function networkProfileShapeIssues(profile: unknown): ValidationIssue[] {
    return isRecord(profile) ? shapeIssues(profile, NETWORK_PROFILE_ARGS, "networkProfile", { closed: true }) : [];
}

/** What AKS's network profile rules refuse: private IPv4 ranges no larger than /12 for services, the DNS address inside the service range, ranges apart. */
export function networkProfileIssues(profile: KubernetesNetworkProfile | undefined): ValidationIssue[] {
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

/**
 * Where the API server's subnet stands to the nodes': its own, in the same virtual network. Ids
 * known only at deploy, or not subnets' (reported on their own), are left alone.
 */
export function apiServerSubnetPlacementIssues(apiServerSubnetId: string | undefined, nodeSubnetId: string | undefined): ValidationIssue[] {
    const apiServerSubnet = apiServerSubnetId?.toLowerCase().replace(/\/+$/, "");
    const nodeSubnet = nodeSubnetId?.toLowerCase().replace(/\/+$/, "");
    const networkOf = (subnet: string) => subnet.replace(/\/subnets\/[^/]+$/, "");
    if (apiServerSubnet !== undefined && apiServerSubnet === nodeSubnet) {
        return [{ field: "apiServerSubnetId", message: "is the node subnet; the API server needs a subnet of its own, delegated to Microsoft.ContainerService/managedClusters" }];
    }
    if (apiServerSubnet !== undefined && nodeSubnet !== undefined && SUBNET_ID.test(apiServerSubnet) && SUBNET_ID.test(nodeSubnet) && networkOf(apiServerSubnet) !== networkOf(nodeSubnet)) {
        // Microsoft's API Server VNet Integration guide: the API server is projected into a delegated subnet of the network the cluster is deployed in.
        return [{ field: "apiServerSubnetId", message: "is in another virtual network than nodeSubnetId; AKS projects the API server into a delegated subnet of the nodes' own network" }];
    }
    return [];
}

/**
 * How an access-policy vault comes to take KMS over a private link, named by every AKS refusal that
 * turns on it: the two-deploy move to Azure RBAC, or another vault.
 */
export const KMS_PRIVATE_LINK_FIX = "set prepareRbacMigration: true on the key's vault (\"Private\" is accepted from that deploy on), then enableRbacAuthorization: true in a later deploy, or put the key in a vault with enableRbacAuthorization: true";

/**
 * Whether KMS may reach a key in `vault` over a private link. AKS makes the link as the cluster's
 * identity, which needs Key Vault Contributor on the vault; on a vault with access policies that
 * role (Microsoft.KeyVault/vaults/write) lets the identity write itself an access policy to every
 * key (Microsoft's "Azure RBAC vs. access policies"), so only an RBAC vault keeps it to its key. A
 * vault preparing its move to RBAC is let through: refusing it would leave a deployed cluster no
 * way there but a one-deploy flip, which takes every CMK service's key away while roles propagate.
 * It also lets a new cluster on a prepared vault take Key Vault Contributor there while the vault
 * still uses access policies, from that deploy until the one that sets enableRbacAuthorization: the
 * role's reach over every key is accepted for that window (the policy pack exempts it too).
 */
export function kmsPrivateLinkAllowed(vault: { enableRbacAuthorization?: unknown; prepareRbacMigration?: unknown }): boolean {
    return vault.enableRbacAuthorization !== false || vault.prepareRbacMigration === true;
}

/**
 * `kmsPrivateLinkAllowed`'s rule for a cluster's `keyVaultNetworkAccess` (`defaulted` when left out).
 * `Public` is offered only where AKS takes it: with KMS on it refuses to change the key vault mode
 * of the vault KMS is attached to, and takes another vault in another mode (Microsoft's AKS KMS
 * guide, "Update a key vault mode").
 */
export function kmsPrivateLinkIssues(access: string, defaulted: boolean, customerManagedKey: unknown): ValidationIssue[] {
    // An untyped caller's key may lack any of these: its shape is reported on its own.
    const key = isRecord(customerManagedKey) ? customerManagedKey.key : undefined;
    const vault = isRecord(key) && isRecord(key.keyVault) ? key.keyVault : undefined;
    if (access !== "Private" || vault === undefined || kmsPrivateLinkAllowed(vault)) return [];
    const name = typeof vault.vaultName === "string" ? ` "${vault.vaultName}"` : "";
    return [{
        field: "keyVaultNetworkAccess",
        message: `is "Private"${defaulted ? " (the default)" : ""}, but the key's vault${name} uses access policies (enableRbacAuthorization: false): AKS makes the KMS private link as the cluster's identity, which needs Key Vault Contributor on the vault, and on an access-policy vault that role can write itself an access policy to every key; ${KMS_PRIVATE_LINK_FIX}, or set keyVaultNetworkAccess to "Public" (for a vault open to every network) on a new cluster or with a key in another vault: AKS does not change a deployed cluster's mode on the vault KMS is attached to while KMS is on, so a deployed cluster on this vault takes the prepareRbacMigration way`,
    }];
}

/** The network profile AKS is sent: Azure CNI overlay (pods on their own range, not the node subnet's addresses), with the ranges and egress as given or AKS's. */
export function clusterNetworkProfile(profile: KubernetesNetworkProfile | undefined) {
    return {
        networkPlugin: containerservice.NetworkPlugin.Azure,
        networkPluginMode: containerservice.NetworkPluginMode.Overlay,
        serviceCidr: profile?.serviceCidr,
        dnsServiceIP: profile?.dnsServiceIP,
        podCidr: profile?.podCidr,
        outboundType: profile?.outboundType,
    };
}
