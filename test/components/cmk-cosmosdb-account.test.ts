import * as pulumi from "@pulumi/pulumi";
import { CmkCosmosDbAccount, CmkCosmosDbAccountArgs, validateCmkCosmosDbAccountArgs } from "../../components/cmk-cosmosdb-account";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
let recorder: Recorder;
let key: EncryptionKey;
let appKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    // Cosmos DB reaches its key over the vault's public endpoint, behind a firewall that denies by default.
    const vault = new KeyVault("kvcosmos", { resourceGroupName: rg, publicNetworkAccess: "Enabled" });
    key = new EncryptionKey("cmk", { keyVault: vault });
    appKey = new EncryptionKey("app", { keyVault: vault, purpose: "applicationCrypto" });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(appKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkCosmosDbAccountArgs> = {}): CmkCosmosDbAccountArgs => ({ resourceGroupName: rg, location: "westeurope", customerManagedKey: { key }, ...extra });

async function registered(account: CmkCosmosDbAccount): Promise<CmkCosmosDbAccount> {
    await valueOf(account.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return account;
}

describe("CmkCosmosDbAccount", () => {
    test("encrypts with the versionless key as its user-assigned default identity, Entra-only and closed to the public", async () => {
        const account = await registered(new CmkCosmosDbAccount("cosmos-byok", args()));
        const resource = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-byok-account");
        const identityId = await valueOf(account.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:cosmosdb:CmkCosmosDbAccount", "cosmos-byok").urn);
        expect(resource.inputs).toMatchObject({
            kind: "GlobalDocumentDB",
            databaseAccountOfferType: "Standard",
            locations: [{ locationName: "westeurope", failoverPriority: 0 }],
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            defaultIdentity: `UserAssignedIdentity=${identityId}`,
            keyVaultKeyUri: await valueOf(key.keyUri),
            disableLocalAuth: true,
            disableKeyBasedMetadataWriteAccess: true,
            minimalTlsVersion: "Tls12",
            publicNetworkAccess: "Disabled",
            ipRules: [],
        });
        expect(String(resource.inputs.keyVaultKeyUri)).not.toMatch(/[0-9a-f]{32}$/);
        const name = String(resource.inputs.accountName);
        expect(name).toMatch(/^cosmos-byok-[a-z0-9]{6}$/);
        expect(await valueOf(account.documentEndpoint)).toBe(`https://${name}.documents.azure.com:443/`);
        expect(await valueOf(account.keyVaultKeyUri)).toBe(await valueOf(key.keyUri));
    });

    test("waits for its grant: Crypto Service Encryption User on the key alone", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-order", args()));
        const account = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-order-account");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "cosmos-order-key-access-role-assignment");
        expect(account.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
    });

    test("a MongoDB account keeps its account keys only when asked by name, as Azure cannot turn them off", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-mongo", args({ accountName: "cosmos-mongo-01", kind: "MongoDB", disableLocalAuth: false })));
        expect(recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-mongo-account").inputs).toMatchObject({ kind: "MongoDB", disableLocalAuth: false });
    });

    test("opens the public endpoint to the ranges asked for by name", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-a", args({ accountName: "cosmos-a-01", publicNetworkAccess: "Enabled", ipRules: ["203.0.113.0/24"] })));
        const resource = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-a-account");
        expect(resource.inputs).toMatchObject({ accountName: "cosmos-a-01", publicNetworkAccess: "Enabled", ipRules: [{ ipAddressOrRange: "203.0.113.0/24" }] });
    });
});

describe("CmkCosmosDbAccount across regions", () => {
    test("replicates to its failover regions in list order after its own, with service-managed failover on by default", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-multi", args({ zoneRedundant: true, failoverLocations: [{ locationName: "northeurope", isZoneRedundant: true }, { locationName: "Sweden Central" }] })));
        const inputs = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-multi-account").inputs;
        expect(inputs.locations).toEqual([
            { locationName: "westeurope", failoverPriority: 0, isZoneRedundant: true },
            { locationName: "northeurope", failoverPriority: 1, isZoneRedundant: true },
            // By ARM's name, however written.
            { locationName: "swedencentral", failoverPriority: 2, isZoneRedundant: false },
        ]);
        expect(inputs.enableAutomaticFailover).toBe(true);
        // One key for every region: the account has one key URI and one identity.
        expect(inputs.keyVaultKeyUri).toBe(await valueOf(key.keyUri));
        expect(recorder.resources.filter((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity" && r.name.startsWith("cosmos-multi"))).toHaveLength(1);
    });

    test("takes the failover priorities given, and service-managed failover off when asked by name", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-prio", args({ enableAutomaticFailover: false, failoverLocations: [{ locationName: "northeurope", failoverPriority: 2 }, { locationName: "swedencentral", failoverPriority: 1 }] })));
        const inputs = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-prio-account").inputs;
        expect(inputs.locations).toEqual([
            { locationName: "westeurope", failoverPriority: 0 },
            { locationName: "northeurope", failoverPriority: 2, isZoneRedundant: false },
            { locationName: "swedencentral", failoverPriority: 1, isZoneRedundant: false },
        ]);
        expect(inputs.enableAutomaticFailover).toBe(false);
    });

    test("names each region as ARM does however it is written, so a respelt location (West Europe, a plain value or an Output) changes no input", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-display", args({ location: "West Europe", failoverLocations: [{ locationName: "North Europe" }] })));
        await registered(new CmkCosmosDbAccount("cosmos-output", args({ location: pulumi.output("West Europe") })));
        const locations = (name: string) => recorder.find("azure-native:cosmosdb:DatabaseAccount", `${name}-account`).inputs.locations;
        expect(locations("cosmos-display")).toEqual([{ locationName: "westeurope", failoverPriority: 0 }, { locationName: "northeurope", failoverPriority: 1, isZoneRedundant: false }]);
        expect(locations("cosmos-output")).toEqual([{ locationName: "westeurope", failoverPriority: 0 }]);
    });

    test("a single-region account is sent what it was before: its one region, no zone or failover setting", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-single", args()));
        const inputs = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-single-account").inputs;
        expect(inputs.locations).toEqual([{ locationName: "westeurope", failoverPriority: 0 }]);
        expect(Object.keys(inputs)).not.toContain("enableAutomaticFailover");
    });

    const cases: [string, Partial<CmkCosmosDbAccountArgs>, string, RegExp][] = [
        ["the account's own region again, however written", { failoverLocations: [{ locationName: "West Europe" }] }, "failoverLocations[0].locationName", /^"West Europe" is the account's own location, its write region at priority 0; list only the other regions$/],
        ["one region twice", { failoverLocations: [{ locationName: "northeurope" }, { locationName: "North Europe" }] }, "failoverLocations[1].locationName", /^"North Europe" is failoverLocations\[0\]'s region too; an account lists each region once$/],
        ["the portal's label for a region", { failoverLocations: [{ locationName: "(Europe) North Europe" }] }, "failoverLocations[0].locationName", /is not a region by name \("northeurope"\) or display name/],
        ["a priority for one region but not the other", { failoverLocations: [{ locationName: "northeurope", failoverPriority: 1 }, { locationName: "swedencentral" }] }, "failoverLocations[1].failoverPriority", /^is left out, but failoverLocations\[0\] gives one; give every region its priority, or none/],
        ["priority 0, the write region's", { failoverLocations: [{ locationName: "northeurope", failoverPriority: 0 }] }, "failoverLocations[0].failoverPriority", /^0 is not one of 1–1: with 1 failover region the priorities are 1 to 1, each once \(0 is location's\)$/],
        ["a gap in the priorities", { failoverLocations: [{ locationName: "northeurope", failoverPriority: 1 }, { locationName: "swedencentral", failoverPriority: 3 }] }, "failoverLocations[1].failoverPriority", /^3 is not one of 1–2/],
        ["one priority twice", { failoverLocations: [{ locationName: "northeurope", failoverPriority: 1 }, { locationName: "swedencentral", failoverPriority: 1 }] }, "failoverLocations[1].failoverPriority", /^1 is failoverLocations\[0\]'s priority too/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkCosmosDbAccount("cosmos-regions", args(extra)), field, rule);
    });

    const NO_ZONES = "has no availability zones \\(https://learn\\.microsoft\\.com/azure/reliability/regions-list\\), so Azure refuses a zone-redundant region there";
    test.each([
        ["zone redundancy in a write region without availability zones", { location: "UK West", zoneRedundant: true }, "zoneRedundant", new RegExp(`^is true, but ukwest ${NO_ZONES}; write zoneRedundant: false or leave it out \\(its default\\), or place the account's write region in a region with zones$`)],
        ["zone redundancy in a failover region without them", { failoverLocations: [{ locationName: "northeurope", isZoneRedundant: true }, { locationName: "West US", isZoneRedundant: true }] }, "failoverLocations[1].isZoneRedundant", new RegExp(`^is true, but westus ${NO_ZONES}; write isZoneRedundant: false or leave it out \\(its default\\), or fail over to a region with zones$`)],
    ] as [string, Partial<CmkCosmosDbAccountArgs>, string, RegExp][])("rejects %s before registering anything, naming the region", async (_title, extra, field, rule) => {
        const error = await expectRefusedBeforeRegistration(recorder, () => new CmkCosmosDbAccount("cosmos-zones", args(extra)), field, rule);
        expect(error.issues.map((i) => i.field)).toEqual([field]);
    });

    test("takes regions without availability zones when they are not zone-redundant, and leaves an Output write region's zones to Azure", async () => {
        await registered(new CmkCosmosDbAccount("cosmos-ukwest", args({ location: "ukwest", zoneRedundant: false, failoverLocations: [{ locationName: "uksouth", isZoneRedundant: true }, { locationName: "westus" }] })));
        expect(recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-ukwest-account").inputs.locations).toEqual([
            { locationName: "ukwest", failoverPriority: 0, isZoneRedundant: false },
            { locationName: "uksouth", failoverPriority: 1, isZoneRedundant: true },
            { locationName: "westus", failoverPriority: 2, isZoneRedundant: false },
        ]);
        expect(validateCmkCosmosDbAccountArgs("cosmos", args({ location: pulumi.output("ukwest"), zoneRedundant: true }))).toEqual([]);
    });

    test("refuses Azure Verified Modules' whole list of locations by our name, and a region entry's misspelt field, by shape", () => {
        expect(validateCmkCosmosDbAccountArgs("cosmos", untyped<CmkCosmosDbAccountArgs>({ ...args(), locations: [{ locationName: "northeurope" }] }))).toEqual([
            { field: "locations", message: "is not an argument here; did you mean \"failoverLocations\"?" },
        ]);
        expect(validateCmkCosmosDbAccountArgs("cosmos", untyped<CmkCosmosDbAccountArgs>({ ...args(), failoverLocations: [{ location: "northeurope" }] })).map((i) => i.field)).toEqual(["failoverLocations[0].location", "failoverLocations[0].locationName"]);
    });
});

describe("CmkCosmosDbAccount whose location is an Output", () => {
    test.each([["a preview", true], ["a deploy", false]] as const)("in %s, refuses a failover region that is the account's own once it resolves, with the message a plain one gets, and sends no account", (_when, preview) => {
        const run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkCosmosDbAccount } = require("./components/cmk-cosmosdb-account");
            const key = new EncryptionKey("cosmosout-cmk", { keyVault: new KeyVault("kvcosmosout", { resourceGroupName: "rg-byok", publicNetworkAccess: "Enabled" }) });
            const base = { resourceGroupName: "rg-byok", location: pulumi.output("westeurope"), customerManagedKey: { key } };
            new CmkCosmosDbAccount("cosmos-own", { ...base, failoverLocations: [{ locationName: "northeurope" }, { locationName: "West Europe" }] });
            new CmkCosmosDbAccount("cosmos-other", { ...base, failoverLocations: [{ locationName: "northeurope" }] });
        `, { preview });
        const [issue] = validateCmkCosmosDbAccountArgs("cosmos", args({ failoverLocations: [{ locationName: "northeurope" }, { locationName: "West Europe" }] }));
        expect(issue.field).toBe("failoverLocations[1].locationName");
        expect(validationFailure(run, 'CmkCosmosDbAccount "cosmos-own"')).toContain(`CmkCosmosDbAccount "cosmos-own": invalid arguments:\n  - ${issue.field}: ${issue.message}`);
        expect(run.registered).not.toContain("azure-native:cosmosdb:DatabaseAccount::cosmos-own-account");
        expect(run.failures.filter((f) => f.includes("cosmos-other"))).toEqual([]);
        expect(run.registered).toContain("azure-native:cosmosdb:DatabaseAccount::cosmos-other-account");
    });
});

describe("CmkCosmosDbAccount validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkCosmosDbAccountArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a pinned key version", () => ({ customerManagedKey: { key, keyVersion: "0".repeat(32) } }), "customerManagedKey.keyVersion", /versionless key URI/],
        ["a key that cannot wrap", () => ({ customerManagedKey: { key: appKey } }), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["an account name with capitals", () => ({ accountName: "Cosmos-Byok" }), "accountName", /3–44 lowercase letters, digits and single hyphens/],
        ["an account name ending in a hyphen", () => ({ accountName: "cosmos-" }), "accountName", /starting and ending with a letter or digit/],
        ["IP rules with public access off", () => ({ ipRules: ["203.0.113.0/24"] }), "ipRules", /publicNetworkAccess is "Disabled"/],
        ["an IP rule that is not IPv4", () => ({ publicNetworkAccess: "Enabled", ipRules: ["2001:db8::/32"] }), "ipRules[0]", /not an IPv4 address or CIDR range/],
        ["an unknown API kind", () => ({ kind: "Cassandra" as never }), "kind", /is not "GlobalDocumentDB" or "MongoDB"/],
        // Azure: "DisableLocalAuth is only allowed to be configured for SQL API account" (MicrosoftDocs/azure-docs#97926).
        ["a MongoDB account left on the Entra-only default", () => ({ kind: "MongoDB" }), "disableLocalAuth", /is true by default, which Azure refuses on a MongoDB account.*write disableLocalAuth: false to accept the account keys/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkCosmosDbAccount("cosmos-bad", args(extra())), field, rule);
    });

    test("rejects a key in a vault with public network access off, as a KeyVault's defaults leave it, before registering anything", async () => {
        const closedKey = new EncryptionKey("cmk-closed", { keyVault: new KeyVault("kvclosed", { resourceGroupName: rg }) });
        await valueOf(closedKey.id);
        await settle();
        await expectRefusedBeforeRegistration(recorder, () => new CmkCosmosDbAccount("cosmos-closed", args({ customerManagedKey: { key: closedKey } })), "customerManagedKey.key", /^is in a vault with public network access disabled: Cosmos DB cannot use a key in a vault reachable only through private endpoints .*set the vault's publicNetworkAccess to Enabled/);
    });

    test("names the location, which Cosmos DB does not take from the resource group", () => {
        expect(validateCmkCosmosDbAccountArgs("cosmos", { ...args(), location: undefined as never })).toEqual([
            { field: "location", message: "is required: a Cosmos DB account lists its regions by name and does not take the resource group's" },
        ]);
        expect(validateCmkCosmosDbAccountArgs("---", { ...args() }).map((i) => i.field)).toEqual(["name", "name"]);
    });
});

describe("CmkCosmosDbAccount arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ publicNetworkAcess: "Enabled" }), "publicNetworkAcess", /^is not an argument here; did you mean "publicNetworkAccess"\?$/],
        ["Azure Verified Modules' name for the account name", () => ({ name: "cosmos-byok-01" }), "name", /^is not an argument here; did you mean "accountName"\?$/],
        ["the API kind as an Output, which decides the private endpoint's sub-resource", () => ({ kind: pulumi.output("MongoDB") }), "kind", OUTPUT_RULE],
        ["disableLocalAuth as a string", () => ({ disableLocalAuth: "false" }), "disableLocalAuth", /^is a string \("false"\), not true or false$/],
        ["an IP rule list given as one string", () => ({ publicNetworkAccess: "Enabled", ipRules: "203.0.113.0/24" }), "ipRules", /^is a string \("203.0.113.0\/24"\), not a list of strings/],
        ["the account name as null", () => ({ accountName: null }), "accountName", /^is null; leave the argument out to take its default$/],
        ["the location as null, which the account requires", () => ({ location: null }), "location", /^is required: a Cosmos DB account lists its regions by name/],
        ["an empty location", () => ({ location: "" }), "location", /^"" is blank; name a region/],
        ["a private endpoint entry with a misspelt subnet", () => ({ privateEndpoints: [{ subnetResourceID: "x" }] }), "privateEndpoints[0].subnetResourceID", /did you mean "subnetResourceId"\?$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkCosmosDbAccount("cosmos-shape", untyped<CmkCosmosDbAccountArgs>({ ...args(), ...extra() })), field, rule);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        expect(validateCmkCosmosDbAccountArgs("cosmos", untyped<CmkCosmosDbAccountArgs>({ ...args(), kind: pulumi.output("MongoDB"), accountName: "Cosmos-Byok" })).map((i) => i.field)).toEqual(["kind"]);
    });
});
