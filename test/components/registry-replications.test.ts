import { homeRegionProblem, replicaName, replicaTags, validateRegistryReplications } from "../../components/registry-replications";
import { untyped } from "../support/expect";

describe("validateRegistryReplications", () => {
    test("takes regions beyond the registry's own, by name or display name, each once", () => {
        expect(validateRegistryReplications([{ location: "northeurope" }, { location: "East US 2", zoneRedundancy: "Enabled", regionEndpointEnabled: false, name: "useast2replica" }], "westeurope", undefined)).toEqual([]);
    });

    test("refuses the registry's own region, where Azure keeps its home replica, however it is spelt", () => {
        expect(validateRegistryReplications([{ location: "West Europe" }], "westeurope", undefined)).toEqual([
            { field: "replications[0].location", message: "\"West Europe\" is the registry's own location, westeurope, where Azure keeps its home replica; list only the other regions" },
        ]);
        // Not known now (an Output, or the resource group's): the component checks it once it resolves.
        expect(validateRegistryReplications([{ location: "westeurope" }], undefined, undefined)).toEqual([]);
    });

    test("refuses a region listed twice, once, though its default name is the same too", () => {
        expect(validateRegistryReplications([{ location: "northeurope" }, { location: "North Europe" }], "westeurope", undefined)).toEqual([
            { field: "replications[1].location", message: "\"North Europe\" is replications[0]'s region too; a registry has one replica in a region" },
        ]);
    });

    test("refuses a name another replica has, or the home replica's, and one Azure does not take", () => {
        expect(validateRegistryReplications([
            { location: "northeurope" },
            { location: "eastus", name: "NorthEurope" },
            { location: "eastus2", name: "westeurope" },
            { location: "uksouth", name: "uk-south" },
        ], "westeurope", undefined)).toEqual([
            { field: "replications[1].name", message: "\"NorthEurope\" is replications[0]'s name too; each replica has its own" },
            { field: "replications[2].name", message: "\"westeurope\" is the name of the registry's home replica in westeurope, which Azure makes itself; name this one otherwise" },
            { field: "replications[3].name", message: "\"uk-south\" is not a replica name: 5–50 letters and digits" },
        ]);
    });

    test("refuses a region that is not one, and a region whose name would be too short for a replica's", () => {
        expect(validateRegistryReplications([{ location: "(Europe) North Europe" }, { location: "xyz" }], "westeurope", undefined)).toEqual([
            { field: "replications[0].location", message: "\"(Europe) North Europe\" is not a region by name (\"northeurope\") or display name (\"North Europe\")" },
            { field: "replications[1].location", message: "\"xyz\" would name the replica \"xyz\", which Azure refuses (5–50 letters and digits); give its name" },
        ]);
    });

    test("refuses a zone redundancy Azure does not know", () => {
        expect(validateRegistryReplications([{ location: "northeurope", zoneRedundancy: untyped("enabled") }], "westeurope", undefined)).toEqual([
            { field: "replications[0].zoneRedundancy", message: "\"enabled\" is not \"Enabled\" or \"Disabled\"" },
        ]);
    });

    test("refuses a zone-redundant replica in a region without availability zones, whatever the registry's region", () => {
        expect(validateRegistryReplications([{ location: "West US", zoneRedundancy: "Enabled" }, { location: "ukwest", zoneRedundancy: "Disabled" }], undefined, undefined)).toEqual([
            { field: "replications[0].zoneRedundancy", message: "is \"Enabled\", but westus has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list), so Azure refuses a zone-redundant replica there; write \"Disabled\" or leave zoneRedundancy out (its default), or replicate to a region with zones" },
        ]);
    });

    test("holds a replica's tags to Azure's limits, joined with the registry's", () => {
        const registry = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, "x"]));
        const own = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`r${i}`, "y"]));
        expect(validateRegistryReplications([{ location: "northeurope", tags: { ...own, "a/b": "z" } }], "westeurope", registry)).toEqual([
            { field: "replications[0].tags[\"a/b\"]", message: "has a character Azure refuses in tag names: < > % & \\ ? /" },
            { field: "replications[0].tags", message: "joins the registry's tags to make 52; an Azure resource takes at most 50, so give the replica fewer of its own" },
        ]);
        // A tag the replica names again, in any case, replaces the registry's: no more tags than before.
        expect(validateRegistryReplications([{ location: "northeurope", tags: { T0: "mine" } }], "westeurope", { ...registry, t45: "x", t46: "x", t47: "x", t48: "x", t49: "x" })).toEqual([]);
    });
});

test("replicaName is the region's name unless one is given", () => {
    expect([replicaName({ location: "North Europe" }), replicaName({ location: "northeurope", name: "neu01" })]).toEqual(["northeurope", "neu01"]);
});

test("replicaTags merges a replica's tags over the registry's, the replica's winning in any case", () => {
    expect(replicaTags({ Owner: "platform", env: "prod" }, { owner: "acr-team" })).toEqual({ env: "prod", owner: "acr-team" });
    expect(replicaTags({ env: "prod" }, undefined)).toEqual({ env: "prod" });
    expect(replicaTags(undefined, undefined)).toBeUndefined();
});

test("homeRegionProblem shows the home region as it is told to", () => {
    expect(homeRegionProblem("northeurope", "westeurope")).toBeUndefined();
    expect(homeRegionProblem("westeurope", "West Europe", (v) => `[${v}]`)).toBe("\"westeurope\" is the registry's own location, [West Europe], where Azure keeps its home replica; list only the other regions");
});
