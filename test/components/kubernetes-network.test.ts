import * as containerservice from "@pulumi/azure-native/containerservice";
import { apiServerSubnetPlacementIssues, clusterNetworkProfile, kmsPrivateLinkIssues, networkProfileIssues, networkProfileShapeIssues } from "../../components/kubernetes-network";

const VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke";

describe("networkProfileIssues", () => {
    test("leaves a cluster without a profile, or with one AKS takes, alone", () => {
        expect(networkProfileIssues(undefined)).toEqual([]);
        expect(networkProfileIssues({ serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", podCidr: "192.168.0.0/16", outboundType: "userDefinedRouting" })).toEqual([]);
    });

    test("reports every broken rule of one profile at once, each under its field", () => {
        expect(networkProfileIssues({ serviceCidr: "10.0.0.0/8", dnsServiceIP: "10.0.0.1", podCidr: "10.244.0.7", outboundType: "firewall" as never })).toEqual([
            { field: "networkProfile.podCidr", message: "\"10.244.0.7\" is a single address; write a CIDR range such as \"10.0.0.0/16\"" },
            { field: "networkProfile.serviceCidr", message: "\"10.0.0.0/8\" is larger than /12, the largest service range AKS takes" },
            { field: "networkProfile.dnsServiceIP", message: "\"10.0.0.1\" is not an address of serviceCidr \"10.0.0.0/8\" other than its first two (the network's, and the kubernetes service's)" },
            { field: "networkProfile.outboundType", message: "\"firewall\" is not one of loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway, none" },
        ]);
    });

    test("asks for the service range a DNS address given alone belongs to", () => {
        expect(networkProfileIssues({ dnsServiceIP: "10.0.0.10" })).toEqual([
            { field: "networkProfile.dnsServiceIP", message: "needs serviceCidr: the DNS service's address is one of the service range's" },
        ]);
    });

    test("takes a DNS address two past the service range's start, the first AKS leaves free", () => {
        expect(networkProfileIssues({ serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.2" })).toEqual([]);
        expect(networkProfileIssues({ serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0" }).map((i) => i.message)).toEqual(["\"172.20.0\" is not an IPv4 address"]);
    });

    test("keeps pods off AKS's default service range only when no service range is given", () => {
        expect(networkProfileIssues({ podCidr: "10.0.128.0/17" }).map((i) => i.field)).toEqual(["networkProfile.podCidr"]);
        expect(networkProfileIssues({ serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", podCidr: "10.0.128.0/17" })).toEqual([]);
    });
});

describe("networkProfileShapeIssues", () => {
    test("names a field the profile does not have, and leaves a profile that is not an object to the argument's own check", () => {
        expect(networkProfileShapeIssues({ podCIDR: "10.244.0.0/16" }).map((i) => i.field)).toEqual(["networkProfile.podCIDR"]);
        expect(networkProfileShapeIssues("10.244.0.0/16")).toEqual([]);
        expect(networkProfileShapeIssues(undefined)).toEqual([]);
    });
});

describe("apiServerSubnetPlacementIssues", () => {
    test("refuses the node subnet for the API server, written in another case or with a trailing slash", () => {
        expect(apiServerSubnetPlacementIssues(`${VNET}/subnets/AKS-Nodes/`, `${VNET}/subnets/aks-nodes`)).toEqual([
            { field: "apiServerSubnetId", message: "is the node subnet; the API server needs a subnet of its own, delegated to Microsoft.ContainerService/managedClusters" },
        ]);
    });

    test("refuses an API server subnet in another virtual network than the nodes'", () => {
        expect(apiServerSubnetPlacementIssues(`${VNET.replace("vnet-spoke", "vnet-hub")}/subnets/aks-apiserver`, `${VNET}/subnets/aks-nodes`).map((i) => i.message)).toEqual([
            "is in another virtual network than nodeSubnetId; AKS projects the API server into a delegated subnet of the nodes' own network",
        ]);
    });

    test("takes a subnet of the nodes' network, and leaves ids unknown until deploy or not subnets' alone", () => {
        expect(apiServerSubnetPlacementIssues(`${VNET}/subnets/aks-apiserver`, `${VNET}/subnets/aks-nodes`)).toEqual([]);
        expect(apiServerSubnetPlacementIssues(undefined, `${VNET}/subnets/aks-nodes`)).toEqual([]);
        expect(apiServerSubnetPlacementIssues(`${VNET}/subnets/aks-apiserver`, undefined)).toEqual([]);
        expect(apiServerSubnetPlacementIssues(VNET.replace("vnet-spoke", "vnet-hub"), `${VNET}/subnets/aks-nodes`)).toEqual([]);
    });
});

describe("kmsPrivateLinkIssues", () => {
    const keyIn = (vault: Record<string, unknown>) => ({ key: { keyVault: { vaultName: "kv-aks", ...vault } } });

    test("refuses a private link to an access-policy vault, naming the two-deploy move to RBAC and Public as the ways out", () => {
        expect(kmsPrivateLinkIssues("Private", true, keyIn({ enableRbacAuthorization: false }))).toEqual([{
            field: "keyVaultNetworkAccess",
            message: expect.stringMatching(/^is "Private" \(the default\), but the key's vault "kv-aks" uses access policies \(enableRbacAuthorization: false\): .*; set prepareRbacMigration: true on the key's vault \("Private" is accepted from that deploy on\), then enableRbacAuthorization: true in a later deploy, or put the key in a vault with enableRbacAuthorization: true, or set keyVaultNetworkAccess to "Public" \(for a vault open to every network\) on a new cluster or with a key in another vault: AKS does not change a deployed cluster's mode on the vault KMS is attached to while KMS is on, so a deployed cluster on this vault takes the prepareRbacMigration way$/),
        }]);
    });

    test("lets a deployed cluster's access-policy vault prepare its move to RBAC, which the refusal's own fix needs", () => {
        expect(kmsPrivateLinkIssues("Private", true, keyIn({ enableRbacAuthorization: false, prepareRbacMigration: true }))).toEqual([]);
        expect(kmsPrivateLinkIssues("Private", false, keyIn({ enableRbacAuthorization: false, prepareRbacMigration: false })).map((i) => i.field)).toEqual(["keyVaultNetworkAccess"]);
    });

    test("leaves an RBAC vault, public access and a key whose shape is reported elsewhere alone", () => {
        expect(kmsPrivateLinkIssues("Private", true, keyIn({ enableRbacAuthorization: true }))).toEqual([]);
        expect(kmsPrivateLinkIssues("Public", false, keyIn({ enableRbacAuthorization: false }))).toEqual([]);
        expect(kmsPrivateLinkIssues("Private", true, { key: "kv-aks/cmk" })).toEqual([]);
    });
});

describe("clusterNetworkProfile", () => {
    test("sends Azure CNI overlay with the ranges and egress as given", () => {
        expect(clusterNetworkProfile({ serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", podCidr: "192.168.0.0/16", outboundType: "userDefinedRouting" })).toEqual({
            networkPlugin: containerservice.NetworkPlugin.Azure,
            networkPluginMode: containerservice.NetworkPluginMode.Overlay,
            serviceCidr: "172.20.0.0/16",
            dnsServiceIP: "172.20.0.10",
            podCidr: "192.168.0.0/16",
            outboundType: "userDefinedRouting",
        });
    });

    test("leaves the ranges and egress to AKS when no profile is given", () => {
        expect(clusterNetworkProfile(undefined)).toEqual({ networkPlugin: "azure", networkPluginMode: "overlay", serviceCidr: undefined, dnsServiceIP: undefined, podCidr: undefined, outboundType: undefined });
    });
});
