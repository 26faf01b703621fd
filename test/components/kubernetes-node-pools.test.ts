import { agentPoolProfiles, nodePoolShapeIssues, nodePoolsIssues, unzonedPoolsWarning } from "../../components/kubernetes-node-pools";

const SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes";

describe("nodePoolsIssues", () => {
    test("leaves AKS's default system pool, and user pools it takes, alone", () => {
        expect(nodePoolsIssues(undefined, undefined)).toEqual([]);
        expect(nodePoolsIssues({ vmSize: "Standard_D8ds_v5", count: 1, availabilityZones: ["1", "2", "3"] }, [{ name: "apps", count: 0 }, { name: "batch2", vmSize: "Standard_E4ds_v5" }])).toEqual([]);
    });

    test("lets a user pool scale to zero but keeps a node in the system pool", () => {
        expect(nodePoolsIssues({ count: 0 }, [{ name: "apps", count: 0 }])).toEqual([
            { field: "systemNodePool.count", message: "0 is outside 1–1000 (a system pool keeps at least one node for AKS's own pods)" },
        ]);
    });

    test("reports each pool's size, count and zones under the pool's own field, system pool first", () => {
        expect(nodePoolsIssues({ vmSize: "D4ds_v5" }, [{ name: "apps", count: 2.5, availabilityZones: ["1", "westeurope-2"] }])).toEqual([
            { field: "systemNodePool.vmSize", message: "\"D4ds_v5\" is not a VM size such as Standard_D4ds_v5" },
            { field: "userNodePools[0].count", message: "2.5 is outside 0–1000" },
            { field: "userNodePools[0].availabilityZones[1]", message: "\"westeurope-2\" is not an availability zone (\"1\", \"2\" or \"3\")" },
        ]);
    });

    test("refuses a zone listed twice in a pool, at its second place, naming the first", () => {
        expect(nodePoolsIssues({ availabilityZones: ["1", "2", "1"] }, [{ name: "apps", availabilityZones: ["3", "3"] }, { name: "batch", availabilityZones: ["1"] }])).toEqual([
            { field: "systemNodePool.availabilityZones[2]", message: "\"1\" is listed already at availabilityZones[0]; name each zone once, e.g. [\"1\", \"2\", \"3\"]" },
            { field: "userNodePools[0].availabilityZones[1]", message: "\"3\" is listed already at availabilityZones[0]; name each zone once, e.g. [\"1\", \"2\", \"3\"]" },
        ]);
    });

    test("refuses a pool's zones in a region Microsoft lists without availability zones, however written, and takes [] there", () => {
        expect(nodePoolsIssues({ availabilityZones: ["1"] }, [{ name: "apps", availabilityZones: [] }, { name: "batch", availabilityZones: ["2", "3"] }], "North Central US")).toEqual([
            { field: "systemNodePool.availabilityZones", message: "lists \"1\", but northcentralus has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list), so AKS refuses them there (AvailabilityZoneNotSupported); write [] or leave availabilityZones out, or place the cluster in a region with zones" },
            { field: "userNodePools[1].availabilityZones", message: "lists \"2\", \"3\", but northcentralus has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list), so AKS refuses them there (AvailabilityZoneNotSupported); write [] or leave availabilityZones out, or place the cluster in a region with zones" },
        ]);
    });

    test("leaves the zones of a region with them, or not known now, to AKS", () => {
        const zonal = { availabilityZones: ["1", "2", "3"] };
        expect(nodePoolsIssues(zonal, [], "westus2")).toEqual([]);
        expect(nodePoolsIssues(zonal, [], undefined)).toEqual([]);
        expect(nodePoolsIssues(zonal, [], { apply: () => "westus" })).toEqual([]);
    });

    test("names a user pool that takes the system pool's name, another pool's, or one AKS refuses", () => {
        expect(nodePoolsIssues(undefined, [{ name: "system" }, { name: "apps" }, { name: "apps" }, { name: "Apps" }]).map((i) => `${i.field}: ${i.message}`)).toEqual([
            "userNodePools[0].name: \"system\" is taken by the system pool; give each pool its own name",
            "userNodePools[2].name: \"apps\" is taken by another pool; give each pool its own name",
            "userNodePools[3].name: \"Apps\" is not a node pool name: 1–12 lowercase letters and digits, starting with a letter",
        ]);
    });
});

describe("nodePoolShapeIssues", () => {
    test("names a user pool without its name and a count written as a string", () => {
        expect(nodePoolShapeIssues({ count: "3" }, [{ count: 2 }]).map((i) => i.field)).toEqual(["systemNodePool.count", "userNodePools[0].name"]);
        expect(nodePoolShapeIssues(undefined, undefined)).toEqual([]);
    });
});

describe("unzonedPoolsWarning", () => {
    test("warns of a system pool with no availabilityZones written, saying AKS fixes zones at creation and what to write", () => {
        expect(unzonedPoolsWarning(undefined, undefined)).toBe(
            "systemNodePool has no availabilityZones written, so its nodes are in no particular zone: AKS fixes a pool's zones when the pool is created " +
            "and cannot change them after. Write availabilityZones: [\"1\", \"2\", \"3\"] before the pool's first deploy, as AKS recommends for production, " +
            "or [] to keep it without zones on purpose (a region without availability zones, or a pool already deployed without them)",
        );
        expect(unzonedPoolsWarning({ vmSize: "Standard_D8ds_v5" }, [])).toMatch(/^systemNodePool has no availabilityZones written, so its nodes are/);
    });

    test("names each user pool left without zones too, by its place and name", () => {
        expect(unzonedPoolsWarning({ availabilityZones: ["1", "2", "3"] }, [{ name: "apps" }, { name: "batch", availabilityZones: ["1"] }, { name: "gpu", availabilityZones: [] }, { name: "web" }]))
            .toMatch(/^userNodePools\[0\] \("apps"\) and userNodePools\[3\] \("web"\) have no availabilityZones written, so their nodes are in no particular zone: /);
        expect(unzonedPoolsWarning(undefined, [{ name: "apps" }])).toMatch(/^systemNodePool and userNodePools\[0\] \("apps"\) have no availabilityZones written/);
    });

    test("is silent in a region without availability zones, where there are none to write", () => {
        expect(unzonedPoolsWarning(undefined, [{ name: "apps" }], "UK West")).toBeUndefined();
        expect(unzonedPoolsWarning(undefined, [{ name: "apps" }], "uksouth")).toMatch(/^systemNodePool and userNodePools\[0\] \("apps"\) have no availabilityZones written/);
    });

    test("is silent when every pool writes its zones, or writes [] on purpose", () => {
        expect(unzonedPoolsWarning({ availabilityZones: ["1", "2", "3"] }, [{ name: "apps", availabilityZones: ["1", "2", "3"] }])).toBeUndefined();
        expect(unzonedPoolsWarning({ availabilityZones: [] }, [{ name: "apps", availabilityZones: [] }])).toBeUndefined();
    });
});

describe("agentPoolProfiles", () => {
    test("sends the system pool first, then each user pool, all on managed OS disks encrypted at host in the node subnet, sized as given or by the defaults", () => {
        expect(agentPoolProfiles(undefined, [{ name: "apps", count: 0, availabilityZones: ["1"] }, { name: "batch", vmSize: "Standard_E8ds_v5" }], SUBNET, { vmSize: "Standard_D4ds_v5", count: 3 })).toEqual([
            { name: "system", mode: "System", osType: "Linux", osDiskType: "Managed", vmSize: "Standard_D4ds_v5", count: 3, availabilityZones: undefined, enableEncryptionAtHost: true, vnetSubnetID: SUBNET },
            { name: "apps", mode: "User", osType: "Linux", osDiskType: "Managed", vmSize: "Standard_D4ds_v5", count: 0, availabilityZones: ["1"], enableEncryptionAtHost: true, vnetSubnetID: SUBNET },
            { name: "batch", mode: "User", osType: "Linux", osDiskType: "Managed", vmSize: "Standard_E8ds_v5", count: 3, availabilityZones: undefined, enableEncryptionAtHost: true, vnetSubnetID: SUBNET },
        ]);
    });

    test("sends zones written as [] as none, as a pool deployed without zones was sent, so writing [] changes nothing in Azure", () => {
        const [system, apps] = agentPoolProfiles({ availabilityZones: [] }, [{ name: "apps", availabilityZones: [] }], SUBNET, { vmSize: "Standard_D4ds_v5", count: 3 });
        expect([system.availabilityZones, apps.availabilityZones]).toEqual([undefined, undefined]);
    });
});
