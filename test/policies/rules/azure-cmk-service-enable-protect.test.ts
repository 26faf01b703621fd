import { good, resourceMessages, ruleNamed, TYPES, view } from "../fixtures";

const RULE = "azure-cmk-service-enable-protect";

/** The data stores the stack makes (audit a1's table), each with how the message names it. */
const STORES = [
    ["registry", "container registry"],
    ["storageAccount", "storage account"],
    ["blobContainer", "blob container"],
    ["diskEncryptionSet", "disk encryption set"],
    ["cosmosAccount", "Cosmos DB account"],
    ["sqlServer", "SQL server"],
    ["postgresqlServer", "PostgreSQL server"],
    ["mysqlServer", "MySQL server"],
    ["eventHubNamespace", "Event Hubs namespace"],
    ["serviceBusNamespace", "Service Bus namespace"],
    ["managedCluster", "AKS cluster"],
] as const;

describe("a CMK data store Pulumi may delete", () => {
    test.each(STORES)("an unprotected %s is advised, named \"%s\"", (kind, noun) => {
        const unprotected = view(TYPES[kind], good[kind](), { protect: false });
        for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
            expect(resourceMessages(RULE, unprotected, {}, profile)).toEqual([`The ${noun} is not protected; set the resource option protect: true so Pulumi refuses to delete or replace it.`]);
        }
        expect(resourceMessages(RULE, view(TYPES[kind], good[kind](), { protect: true }))).toEqual([]);
    });

    test("reads those types alone: a grant, scope or identity is no data store", () => {
        expect([...ruleNamed(RULE).metadata.resourceTypes].sort()).toEqual(STORES.map(([kind]) => TYPES[kind]).sort());
    });

    // protect: false per entry is a documented choice (a throwaway stack), so no profile makes it mandatory.
    test("is advisory in every profile", () => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "advisory", mcsb: "advisory", sovereign: "advisory" });
    });
});
