import * as pulumi from "@pulumi/pulumi";
import { CmkContainerRegistry } from "../../components/cmk-container-registry";
import { CmkMysqlFlexibleServer } from "../../components/cmk-mysql-flexible-server";
import { CmkCosmosDbAccount } from "../../components/cmk-cosmosdb-account";
import { CmkEventHubNamespace } from "../../components/cmk-eventhub-namespace";
import { CmkPostgresqlFlexibleServer } from "../../components/cmk-postgresql-flexible-server";
import { CmkServiceBusNamespace } from "../../components/cmk-servicebus-namespace";
import { CmkSqlServer } from "../../components/cmk-sql-server";
import { CmkStorageAccount } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { PrivateEndpoint, PrivateLinkTarget, serverNameForEndpoints, validatePrivateEndpoints } from "../../components/private-endpoint";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
const sub = mockAzureDefaults.subscriptionId;
const subnet = `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/endpoints`;
const zone = (name: string) => `/subscriptions/${sub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`;

describe("validatePrivateEndpoints", () => {
    const cases: [string, PrivateLinkTarget, PrivateEndpoint[], string, RegExp][] = [
        ["no subnet", "registry", [{} as PrivateEndpoint], "privateEndpoints[0].subnetResourceId", /is required/],
        ["a subnet named by name", "registry", [{ subnetResourceId: "vnet-spoke/endpoints" }], "privateEndpoints[0].subnetResourceId", /not a subnet id/],
        ["a storage endpoint with no sub-resource", "storageAccount", [{ subnetResourceId: subnet }], "privateEndpoints[0].service", /is required: name the sub-resource to reach, one of blob, file, queue, table, dfs, web/],
        ["a sub-resource the service does not have", "sqlServer", [{ subnetResourceId: subnet, service: "blob" }], "privateEndpoints[0].service", /"blob" is not a sub-resource of this service; use sqlServer/],
        ["a blob endpoint registered in the file zone", "storageAccount", [{ subnetResourceId: subnet, service: "blob", privateDnsZoneResourceIds: [zone("privatelink.file.core.windows.net")] }], "privateEndpoints[0].privateDnsZoneResourceIds[0]", /names zone "privatelink.file.core.windows.net", which does not resolve blob's private address; use privatelink.blob.core.windows.net/],
        ["a zone named by name", "messagingNamespace", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: ["privatelink.servicebus.windows.net"] }], "privateEndpoints[0].privateDnsZoneResourceIds[0]", /not a private DNS zone id/],
        ["a Mongo zone for a NoSQL account", "cosmosDbNoSql", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [zone("privatelink.mongo.cosmos.azure.com")] }], "privateEndpoints[0].privateDnsZoneResourceIds[0]", /does not resolve Sql's private address; use privatelink.documents.azure.com/],
        ["an endpoint name ending in a hyphen", "sqlServer", [{ subnetResourceId: subnet, name: "pe-sql-" }], "privateEndpoints[0].name", /not a private endpoint name/],
        ["a blank resource group for the endpoint", "registry", [{ subnetResourceId: subnet, resourceGroupName: " " }], "privateEndpoints[0].resourceGroupName", /^" " is blank; name the resource group/],
        ["two endpoints of one name", "registry", [{ subnetResourceId: subnet, name: "pe-acr" }, { subnetResourceId: subnet, name: "PE-ACR" }], "privateEndpoints[1].name", /already privateEndpoints\[0\]'s name/],
    ];
    test("refuses endpoints given as one object, or an entry that is not one", () => {
        expect(validatePrivateEndpoints("registry", { subnetResourceId: subnet } as unknown as PrivateEndpoint[])).toEqual([{ field: "privateEndpoints", message: "is an object, not a list ([…])" }]);
        expect(validatePrivateEndpoints("registry", [subnet] as unknown as PrivateEndpoint[])).toEqual([{ field: "privateEndpoints[0]", message: `is a string (${JSON.stringify(`${subnet.slice(0, 40)}…`)}), not an object ({…})` }]);
    });

    test.each([
        ["a misspelt sub-resource, with the name it means", [{ subnetResourceId: subnet, servcie: "blob" }], "privateEndpoints[0].servcie", /^is not an argument here; did you mean "service"\?$/],
        ["Azure Verified Modules' zone group, a list of zone ids here", [{ subnetResourceId: subnet, privateDnsZoneGroup: { privateDnsZoneGroupConfigs: [] } }], "privateEndpoints[0].privateDnsZoneGroup", /^is not an argument here; did you mean "privateDnsZoneResourceIds"\?$/],
        ["the sub-resource as an Output, which decides the endpoint's group id", [{ subnetResourceId: subnet, service: pulumi.output("blob") }], "privateEndpoints[0].service", /^is an Output; this argument takes a plain value/],
        ["one zone id where a list belongs", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: zone("privatelink.blob.core.windows.net") }], "privateEndpoints[0].privateDnsZoneResourceIds", /^is a string \("\/subscriptions\/.*"\), not a list/],
        ["the endpoint's name as a number", [{ subnetResourceId: subnet, name: 1 }], "privateEndpoints[0].name", /^is a number \(1\), not a string$/],
        ["an entry that is null", [null], "privateEndpoints[0]", /^is null, not an object/],
        ["the endpoint's name as null", [{ subnetResourceId: subnet, name: null }], "privateEndpoints[0].name", /^is null; leave the argument out to take its default$/],
        ["the subnet as a number", [{ subnetResourceId: 42 }], "privateEndpoints[0].subnetResourceId", /^is a number \(42\), not a string$/],
        ["a zone id that is null", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [null] }], "privateEndpoints[0].privateDnsZoneResourceIds[0]", /^is null, not a string$/],
        ["a zone id that is a number", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [42] }], "privateEndpoints[0].privateDnsZoneResourceIds[0]", /^is a number \(42\), not a string$/],
        ["an empty location", [{ subnetResourceId: subnet, location: "" }], "privateEndpoints[0].location", /^"" is blank; name a region/],
    ] as [string, unknown[], string, RegExp][])("refuses %s, alone, before the rules read the values", (_title, endpoints, field, rule) => {
        const issues = validatePrivateEndpoints("storageAccount", endpoints as PrivateEndpoint[]);
        expect(issues.map((i) => i.field)).toEqual([field]);
        expect(issues[0].message).toMatch(rule);
    });

    test.each(cases)("refuses %s, naming the field", (_title, target, endpoints, field, rule) => {
        const issues = validatePrivateEndpoints(target, endpoints);
        expect(issues.map((i) => i.field)).toContain(field);
        expect(issues.find((i) => i.field === field)?.message).toMatch(rule);
    });

    test("accepts each service's zone in every cloud, and a hub subnet in another subscription", () => {
        const hub = subnet.replace(sub, "00000000-0000-4000-8000-000000000000");
        for (const name of ["privatelink.database.windows.net", "privatelink.database.usgovcloudapi.net", "privatelink.database.chinacloudapi.cn"]) {
            expect(validatePrivateEndpoints("sqlServer", [{ subnetResourceId: hub, privateDnsZoneResourceIds: [zone(name)] }])).toEqual([]);
        }
        expect(validatePrivateEndpoints("storageAccount", [{ subnetResourceId: subnet, service: "dfs", privateDnsZoneResourceIds: [zone("privatelink.dfs.core.windows.net")] }])).toEqual([]);
        expect(validatePrivateEndpoints("vault", undefined)).toEqual([]);
    });

    // ARM: a private endpoint's name is 2–64 characters and may end with a letter, digit or underscore.
    test("takes an endpoint name ending with an underscore", () => {
        expect(validatePrivateEndpoints("vault", [{ subnetResourceId: subnet, name: "pe_kv_" }])).toEqual([]);
    });

    // ARM resource ids are case-insensitive: a zone id in another case names the same zone.
    test("takes a private DNS zone id written in another case", () => {
        expect(validatePrivateEndpoints("vault", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [zone("PrivateLink.VaultCore.Azure.Net")] }])).toEqual([]);
    });
});

describe("an endpoint's default name, pe-<service name>, held to Azure's 64 characters where the service's name may be longer than 61", () => {
    const endpoint = { subnetResourceId: subnet };

    test("takes a 61-character server name: pe-<61> is 64 characters", () => {
        expect(validatePrivateEndpoints("sqlServer", [endpoint], "privateEndpoints", serverNameForEndpoints("s".repeat(61), "sql"))).toEqual([]);
    });

    test("refuses a 62-character server name's default, naming the endpoint's name and both fixes", () => {
        expect(validatePrivateEndpoints("sqlServer", [endpoint], "privateEndpoints", serverNameForEndpoints("s".repeat(62), "sql"))).toEqual([{
            field: "privateEndpoints[0].name",
            message: `is not set, and the default name "pe-${"s".repeat(62)}" is 65 characters, over a private endpoint name's 64; set a name of 2–64 characters, or shorten serverName to at most 61 characters`,
        }]);
    });

    test("counts the -1, -2 of the endpoints after the first", () => {
        const two = [endpoint, endpoint];
        expect(validatePrivateEndpoints("postgresqlFlexibleServer", two, "privateEndpoints", serverNameForEndpoints("p".repeat(59), "pg"))).toEqual([]);
        const issues = validatePrivateEndpoints("postgresqlFlexibleServer", two, "privateEndpoints", serverNameForEndpoints("p".repeat(60), "pg"));
        expect(issues.map((i) => i.field)).toEqual(["privateEndpoints[1].name"]);
        expect(issues[0].message).toMatch(/"pe-p{60}-1" is 65 characters.*shorten serverName to at most 59 characters$/);
    });

    test("judges a generated name by its length, the prefix with - and 6 random characters", () => {
        expect(validatePrivateEndpoints("mysqlFlexibleServer", [endpoint], "privateEndpoints", serverNameForEndpoints(undefined, "m".repeat(54)))).toEqual([]);
        expect(validatePrivateEndpoints("mysqlFlexibleServer", [endpoint], "privateEndpoints", serverNameForEndpoints(undefined, "m".repeat(56)))).toEqual([{
            field: "privateEndpoints[0].name",
            message: `is not set, and the default name "pe-${"m".repeat(56)}-<6 random>" is 66 characters, over a private endpoint name's 64; set a name of 2–64 characters, or keep the resource name's prefix "${"m".repeat(56)}" to at most 54 characters, or set a serverName of at most 61`,
        }]);
    });

    test("leaves an endpoint with a name of its own to the name rule", () => {
        expect(validatePrivateEndpoints("sqlServer", [{ ...endpoint, name: "pe-sql" }], "privateEndpoints", serverNameForEndpoints("s".repeat(63), "sql"))).toEqual([]);
    });
});

describe("a CMK service's private endpoints", () => {
    let recorder: Recorder;
    let key: EncryptionKey;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks());
        // The public endpoint on, behind the default firewall that denies: Cosmos DB reaches its key no other way.
        const vault = new KeyVault("kvpe", { resourceGroupName: rg, publicNetworkAccess: "Enabled" });
        key = new EncryptionKey("cmk", { keyVault: vault });
        await valueOf(key.keyUriWithVersion);
        await settle();
    });
    beforeEach(() => recorder.clear());

    // Each service links its own sub-resource; thunks, since the key exists only once beforeAll has run.
    const services: [string, string, string, (endpoints: PrivateEndpoint[]) => pulumi.ComponentResource & { id: pulumi.Output<string> }, string, string][] = [
        ["a registry", "pe-acr", "azure-native:containerregistry:Registry", (privateEndpoints) => new CmkContainerRegistry("pe-acr", { resourceGroupName: rg, customerManagedKey: { key }, privateEndpoints }), "registry", "privatelink.azurecr.io"],
        ["a storage account", "pe-st", "azure-native:storage:StorageAccount", (privateEndpoints) => new CmkStorageAccount("pe-st", { resourceGroupName: rg, customerManagedKey: { key }, privateEndpoints: privateEndpoints.map((e) => ({ ...e, service: "blob" })) }), "blob", "privatelink.blob.core.windows.net"],
        ["a Cosmos DB account", "pe-cosmos", "azure-native:cosmosdb:DatabaseAccount", (privateEndpoints) => new CmkCosmosDbAccount("pe-cosmos", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key }, privateEndpoints }), "Sql", "privatelink.documents.azure.com"],
        ["a MongoDB Cosmos DB account", "pe-mongo", "azure-native:cosmosdb:DatabaseAccount", (privateEndpoints) => new CmkCosmosDbAccount("pe-mongo", { resourceGroupName: rg, location: "westeurope", kind: "MongoDB", disableLocalAuth: false, customerManagedKey: { key }, privateEndpoints }), "MongoDB", "privatelink.mongo.cosmos.azure.com"],
        ["an Event Hubs namespace", "pe-evh", "azure-native:eventhub:Namespace", (privateEndpoints) => new CmkEventHubNamespace("pe-evh", { resourceGroupName: rg, customerManagedKey: { key }, privateEndpoints }), "namespace", "privatelink.servicebus.windows.net"],
        ["a Service Bus namespace", "pe-sb", "azure-native:servicebus:Namespace", (privateEndpoints) => new CmkServiceBusNamespace("pe-sb", { resourceGroupName: rg, customerManagedKey: { key }, privateEndpoints }), "namespace", "privatelink.servicebus.windows.net"],
        ["a PostgreSQL flexible server", "pe-pg", "azure-native:dbforpostgresql:Server", (privateEndpoints) => new CmkPostgresqlFlexibleServer("pe-pg", { resourceGroupName: rg, customerManagedKey: { key }, administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" }, privateEndpoints }), "postgresqlServer", "privatelink.postgres.database.azure.com"],
        ["a SQL server", "pe-sql", "azure-native:sql:Server", (privateEndpoints) => new CmkSqlServer("pe-sql", { resourceGroupName: rg, customerManagedKey: { key }, administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" }, privateEndpoints }), "sqlServer", "privatelink.database.windows.net"],
    ];

    test.each(services)("%s links its own sub-resource, registered in its zone", async (_title, name, type, build, group, dnsZone) => {
        const service = build([{ subnetResourceId: subnet, privateDnsZoneResourceIds: [zone(dnsZone)] }]);
        await valueOf(service.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        const resource = recorder.ofType(type)[0];
        const endpoint = recorder.find("azure-native:network:PrivateEndpoint", `${name}-private-endpoint`);
        expect(endpoint.parent).toBe(resource.parent);
        expect(endpoint.inputs).toMatchObject({
            resourceGroupName: rg,
            privateEndpointName: `pe-${String(resource.inputs.registryName ?? resource.inputs.accountName ?? resource.inputs.namespaceName ?? resource.inputs.serverName)}`,
            subnet: { id: subnet },
            privateLinkServiceConnections: [{ privateLinkServiceId: await valueOf(service.id), groupIds: [group] }],
        });
        expect(recorder.find("azure-native:network:PrivateDnsZoneGroup", `${name}-private-dns`).inputs).toMatchObject({ privateDnsZoneConfigs: [{ name: group.toLowerCase(), privateDnsZoneId: zone(dnsZone) }] });
        // Public access stays off: the endpoint is the way in.
        expect(resource.inputs.publicNetworkAccess ?? (resource.inputs.network as Record<string, unknown>).publicNetworkAccess).toBe("Disabled");
    });

    test("a service's endpoint entry of the wrong shape is refused before anything is registered", async () => {
        await expectRefusedBeforeRegistration(
            recorder,
            () => new CmkSqlServer("pe-shape", { resourceGroupName: rg, customerManagedKey: { key }, administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" }, privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceId: zone("privatelink.database.windows.net") } as unknown as PrivateEndpoint] }),
            "privateEndpoints[0].privateDnsZoneResourceId",
            /^is not an argument here; did you mean "privateDnsZoneResourceIds"\?$/,
        );
    });

    const PG_ADMIN = { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
    const SQL_ADMIN = { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
    test.each([
        ["a SQL server", (privateEndpoints: PrivateEndpoint[]) => new CmkSqlServer("pe-sql-long", { resourceGroupName: rg, serverName: "s".repeat(63), customerManagedKey: { key }, administrator: SQL_ADMIN, privateEndpoints })],
        ["a PostgreSQL server", (privateEndpoints: PrivateEndpoint[]) => new CmkPostgresqlFlexibleServer("pe-pg-long", { resourceGroupName: rg, serverName: "p".repeat(63), customerManagedKey: { key }, administrator: PG_ADMIN, privateEndpoints })],
        ["a MySQL server", (privateEndpoints: PrivateEndpoint[]) => new CmkMysqlFlexibleServer("pe-mysql-long", { resourceGroupName: rg, serverName: "m".repeat(63), customerManagedKey: { key }, privateEndpoints })],
    ])("%s named with 63 characters, whose endpoint would be pe-<63>, is refused before anything is registered", async (_title, build) => {
        await expectRefusedBeforeRegistration(recorder, () => build([{ subnetResourceId: subnet }]), "privateEndpoints[0].name", /the default name "pe-[spm]{63}" is 66 characters, over a private endpoint name's 64/);
    });

    test("a server named with 63 characters takes an endpoint given a name of its own", async () => {
        const server = new CmkSqlServer("pe-sql-named", { resourceGroupName: rg, serverName: "n".repeat(63), customerManagedKey: { key }, administrator: SQL_ADMIN, privateEndpoints: [{ subnetResourceId: subnet, name: "pe-sql-n" }] });
        await valueOf(server.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find("azure-native:network:PrivateEndpoint", "pe-sql-named-private-endpoint").inputs.privateEndpointName).toBe("pe-sql-n");
    });

    test("a server named with 61 characters keeps its endpoint's default name, pe-<61>, as before", async () => {
        const server = new CmkSqlServer("pe-sql-61", { resourceGroupName: rg, serverName: "q".repeat(61), customerManagedKey: { key }, administrator: SQL_ADMIN, privateEndpoints: [{ subnetResourceId: subnet }] });
        await valueOf(server.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find("azure-native:network:PrivateEndpoint", "pe-sql-61-private-endpoint").inputs.privateEndpointName).toBe(`pe-${"q".repeat(61)}`);
    });

    test("a service's endpoint in a zone that is not its own is refused before anything is registered", async () => {
        await expectRefusedBeforeRegistration(
            recorder,
            () => new CmkContainerRegistry("pe-bad", { resourceGroupName: rg, customerManagedKey: { key }, privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [zone("privatelink.vaultcore.azure.net")] }] }),
            "privateEndpoints[0].privateDnsZoneResourceIds[0]",
            /does not resolve registry's private address; use privatelink.azurecr.io/,
        );
    });
});

describe("a subnet or DNS zone given as an Output, known at preview", () => {
    const blobZone = zone("privatelink.blob.core.windows.net");
    const fileZone = zone("privatelink.file.core.windows.net");
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkStorageAccount } = require("./components/cmk-storage-account");
            const { CmkEventHubNamespace } = require("./components/cmk-eventhub-namespace");
            const subnet = ${JSON.stringify(subnet)};
            new KeyVault("kvzoneoutput", { resourceGroupName: "rg-byok", privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [pulumi.output(${JSON.stringify(blobZone)})] }] });
            new KeyVault("kvzonesecret", { resourceGroupName: "rg-byok", privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [pulumi.secret(${JSON.stringify(blobZone)})] }] });
            new KeyVault("kvzonegood", { resourceGroupName: "rg-byok", privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [pulumi.output(${JSON.stringify(zone("privatelink.vaultcore.azure.net"))})] }] });
            new KeyVault("kvsubnet", { resourceGroupName: "rg-byok", privateEndpoints: [{ subnetResourceId: pulumi.output("vnet-spoke/endpoints") }] });
            const vault = new KeyVault("kvpe", { resourceGroupName: "rg-byok" });
            const key = new EncryptionKey("cmk", { keyVault: vault });
            new CmkStorageAccount("pe-st", { resourceGroupName: "rg-byok", customerManagedKey: { key }, privateEndpoints: [{ subnetResourceId: subnet, service: "blob", privateDnsZoneResourceIds: [pulumi.output(${JSON.stringify(fileZone)})] }] });
            new CmkEventHubNamespace("pe-evh", { resourceGroupName: "rg-byok", customerManagedKey: { key }, privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [pulumi.output(${JSON.stringify(blobZone)})] }] });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("a vault's zone that does not serve it fails with the message a plain one gets, and no zone group is sent", () => {
        const [issue] = validatePrivateEndpoints("vault", [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [blobZone] }]);
        expect(issue.message).toBe('names zone "privatelink.blob.core.windows.net", which does not resolve vault\'s private address; use privatelink.vaultcore.azure.net, privatelink.vaultcore.usgovcloudapi.net, privatelink.vaultcore.azure.cn (by cloud)');
        expect(failureOf('KeyVault "kvzoneoutput"')).toContain(`KeyVault "kvzoneoutput": invalid arguments:\n  - privateEndpoints[0].privateDnsZoneResourceIds[0]: ${issue.message}`);
        expect(run.registered).toContain("azure-native:network:PrivateEndpoint::kvzoneoutput-private-endpoint");
        expect(run.registered).not.toContain("azure-native:network:PrivateDnsZoneGroup::kvzoneoutput-private-dns");
    });

    test("a zone from a secret is not shown, not even the zone's name", () => {
        const failure = failureOf('KeyVault "kvzonesecret"');
        expect(failure).toContain("privateEndpoints[0].privateDnsZoneResourceIds[0]: names zone [secret], which does not resolve vault's private address");
        expect(failure).not.toContain("privatelink.blob");
    });

    test("a subnet that is no subnet id fails, and no endpoint is sent", () => {
        expect(failureOf('KeyVault "kvsubnet"')).toContain('KeyVault "kvsubnet": invalid arguments:\n  - privateEndpoints[0].subnetResourceId: "vnet-spoke/endpoints" is not a subnet id');
        expect(run.registered).not.toContain("azure-native:network:PrivateEndpoint::kvsubnet-private-endpoint");
    });

    test("a service's failure is named as its constructor names it, a namespace's by its own class", () => {
        expect(failureOf('CmkStorageAccount "pe-st"')).toContain("privateEndpoints[0].privateDnsZoneResourceIds[0]: names zone \"privatelink.file.core.windows.net\", which does not resolve blob's private address");
        expect(failureOf('CmkEventHubNamespace "pe-evh"')).toContain("privateEndpoints[0].privateDnsZoneResourceIds[0]: names zone \"privatelink.blob.core.windows.net\", which does not resolve namespace's private address");
    });

    test("the vault's own zone is sent, and nothing else failed", () => {
        expect(run.registered).toContain("azure-native:network:PrivateDnsZoneGroup::kvzonegood-private-dns");
        expect(run.failures).toHaveLength(5);
    });
});
