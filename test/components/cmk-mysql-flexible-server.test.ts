import * as pulumi from "@pulumi/pulumi";
import { CmkMysqlFlexibleServer, CmkMysqlFlexibleServerArgs, validateCmkMysqlFlexibleServerArgs } from "../../components/cmk-mysql-flexible-server";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { isSecret, mockAzureDefaults, Recorder, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
let recorder: Recorder;
let key: EncryptionKey;
let appKey: EncryptionKey;
let policyKey: EncryptionKey;
let shortKey: EncryptionKey;
let northKey: EncryptionKey;
let northShortKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    const vault = new KeyVault("kvmysql", { resourceGroupName: rg });
    key = new EncryptionKey("mysql-cmk", { keyVault: vault, keySize: 4096 });
    appKey = new EncryptionKey("mysql-app", { keyVault: vault, purpose: "applicationCrypto" });
    policyKey = new EncryptionKey("mysql-policy-cmk", { keyVault: new KeyVault("kvmysqlpolicy", { resourceGroupName: rg, enableRbacAuthorization: false }) });
    shortKey = new EncryptionKey("mysql-short-cmk", { keyVault: new KeyVault("kvmysqlshort", { resourceGroupName: rg, softDeleteRetentionInDays: 30 }) });
    northKey = new EncryptionKey("mysql-north-cmk", { keyVault: new KeyVault("kvmysqlnorth", { resourceGroupName: rg, location: "northeurope" }) });
    northShortKey = new EncryptionKey("mysql-north-short-cmk", { keyVault: new KeyVault("kvmysqlnshort", { resourceGroupName: rg, location: "northeurope", softDeleteRetentionInDays: 30 }) });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(appKey.id), valueOf(policyKey.id), valueOf(shortKey.id), valueOf(northKey.keyUriWithVersion), valueOf(northShortKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkMysqlFlexibleServerArgs> = {}): CmkMysqlFlexibleServerArgs => ({
    resourceGroupName: rg,
    customerManagedKey: { key },
    ...extra,
});

async function registered(server: CmkMysqlFlexibleServer): Promise<CmkMysqlFlexibleServer> {
    await valueOf(server.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return server;
}

describe("CmkMysqlFlexibleServer", () => {
    test("encrypts with the key's current version as its user-assigned identity, keeps 35 days of backups and is closed to the public", async () => {
        const server = await registered(new CmkMysqlFlexibleServer("mysql-byok", args()));
        const resource = recorder.find("azure-native:dbformysql:Server", "mysql-byok-server");
        const identityId = await valueOf(server.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:dbformysql:CmkMysqlFlexibleServer", "mysql-byok").urn);
        expect(resource.inputs).toMatchObject({
            version: "8.0.21",
            sku: { name: "Standard_D2ds_v4", tier: "GeneralPurpose" },
            administratorLogin: "mysqladmin",
            storage: { storageSizeGB: 128, autoGrow: "Enabled" },
            backup: { backupRetentionDays: 35, geoRedundantBackup: "Disabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            // MySQL takes a versioned key identifier: the version current at deploy.
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: await valueOf(key.keyUriWithVersion), primaryUserAssignedIdentityId: identityId },
            network: { publicNetworkAccess: "Disabled" },
        });
        const name = String(resource.inputs.serverName);
        expect(name).toMatch(/^mysql-byok-[a-z0-9]{6}$/);
        expect(await valueOf(server.fullyQualifiedDomainName)).toBe(`${name}.mysql.database.azure.com`);
        expect(await valueOf(server.keyUri)).toBe(await valueOf(key.keyUriWithVersion));
    });

    test("its administrator password is generated, of the three kinds MySQL asks for, and a secret everywhere", async () => {
        const server = await registered(new CmkMysqlFlexibleServer("mysql-secret", args()));
        const resource = recorder.find("azure-native:dbformysql:Server", "mysql-secret-server");
        const password = await valueOf(server.administratorLoginPassword);
        expect(password).toHaveLength(32);
        expect([/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].every((r) => r.test(password))).toBe(true);
        expect(isSecret(resource.inputs.administratorLoginPassword)).toBe(true);
        expect(reveal(resource.inputs.administratorLoginPassword)).toBe(password);
        expect(await pulumi.isSecret(server.administratorLoginPassword)).toBe(true);
        // ARM never returns the password, so the server's own state holds none.
        expect(JSON.stringify(resource.outputs ?? {})).not.toContain(password);
    });

    test("waits for its grant: Crypto Service Encryption User on the key alone", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-order", args()));
        const server = recorder.find("azure-native:dbformysql:Server", "mysql-order-server");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "mysql-order-key-access-role-assignment");
        expect(server.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
    });

    test("on an access-policy vault its identity's policy also lists keys, as MySQL needs", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-policy", args({ customerManagedKey: { key: policyKey } })));
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "mysql-policy-key-access-access-policy");
        expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "wrapKey", "unwrapKey", "list"] });
    });

    test("a pinned version, a smaller server, private endpoints and other settings are asked for by name", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        const subnet = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
        await registered(new CmkMysqlFlexibleServer("mysql-pinned", args({
            serverName: "mysql-pinned-01",
            customerManagedKey: { key, keyVersion: version },
            administratorLogin: "dbowner",
            version: "5.7",
            sku: { name: "Standard_B1ms", tier: "Burstable" },
            storageSizeGB: 20,
            backupRetentionDays: 7,
            publicNetworkAccess: "Enabled",
            privateEndpoints: [{ subnetResourceId: subnet }],
        })));
        const server = recorder.find("azure-native:dbformysql:Server", "mysql-pinned-server");
        expect(server.inputs).toMatchObject({ serverName: "mysql-pinned-01", administratorLogin: "dbowner", version: "5.7", sku: { tier: "Burstable" }, storage: { storageSizeGB: 20 }, backup: { backupRetentionDays: 7 }, network: { publicNetworkAccess: "Enabled" }, dataEncryption: { primaryKeyURI: `${await valueOf(key.keyUri)}/${version}` } });
        const endpoint = recorder.find("azure-native:network:PrivateEndpoint", "mysql-pinned-private-endpoint");
        expect(endpoint.inputs.privateLinkServiceConnections).toEqual([expect.objectContaining({ groupIds: ["mysqlServer"] })]);
    });
});

describe("CmkMysqlFlexibleServer validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkMysqlFlexibleServerArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a key that cannot wrap", () => ({ customerManagedKey: { key: appKey } }), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a server name with capitals", () => ({ serverName: "MySql-Byok" }), "serverName", /3–63 lowercase letters, digits and hyphens/],
        ["a login MySQL reserves", () => ({ administratorLogin: "root" }), "administratorLogin", /"root" is a login MySQL reserves/],
        ["a login with a hyphen", () => ({ administratorLogin: "db-owner" }), "administratorLogin", /1–32 letters, digits and underscores, starting with a letter/],
        ["MySQL 8.4 on this API version", () => ({ version: "8.4" as never }), "version", /not a MySQL version this component makes \(5.7 or 8.0.21\)/],
        ["storage under 20 GB", () => ({ storageSizeGB: 10 }), "storageSizeGB", /10 is outside 20–16384 whole GB/],
        ["32 TiB outside the Memory Optimized tier", () => ({ storageSizeGB: 32768 }), "storageSizeGB", /32768 is outside 20–16384 whole GB, the storage a MySQL flexible server takes \(32768 in the Memory Optimized tier\)/],
        ["a key of a vault in another region", () => ({ customerManagedKey: { key: northKey }, location: "westeurope" }), "customerManagedKey.key", /is a key of a vault in northeurope, but the server is in westeurope; MySQL takes its data encryption key only from a key vault in the server's own region/],
        ["a key of a vault keeping deleted keys 30 days", () => ({ customerManagedKey: { key: shortKey } }), "customerManagedKey.key", /keeps deleted keys 30 days; MySQL takes its key only from a vault that keeps them 90/],
        ["60 days of backups", () => ({ backupRetentionDays: 60 }), "backupRetentionDays", /60 is outside 1–35/],
        ["backups for part of a day", () => ({ backupRetentionDays: 7.5 }), "backupRetentionDays", /7.5 is not a whole number of days in 1–35/],
        ["a General Purpose size in the Burstable tier", () => ({ sku: { name: "Standard_D2ds_v4", tier: "Burstable" as const } }), "sku.tier", /is "Burstable", but Standard_D2ds_v4 is a GeneralPurpose size/],
        ["a single server's SKU", () => ({ sku: { name: "GP_Gen5_2", tier: "GeneralPurpose" as const } }), "sku.name", /"GP_Gen5_2" is not a flexible server compute size/],
        ["azurerm's sku_name, the tier's prefix and the size", () => ({ sku: { name: "GP_Standard_D2ds_v4", tier: "GeneralPurpose" as const } }), "sku.name", /^"GP_Standard_D2ds_v4" is azurerm's sku_name, the tier's prefix and the size: write name "Standard_D2ds_v4" and tier "GeneralPurpose"$/],
        ["a private DNS zone of PostgreSQL", () => ({ privateEndpoints: [{ subnetResourceId: "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe", privateDnsZoneResourceIds: ["/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com"] }] }), "privateEndpoints[0].privateDnsZoneResourceIds[0]", /use privatelink.mysql.database.azure.com/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-bad", args(extra())), field, rule);
    });

    // Azure keeps a MySQL flexible server's backups 1–35 days: the bounds themselves are taken, one past them is not.
    test.each([0, 36])("refuses %d days of backups, naming the field", (days) => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", args({ backupRetentionDays: days })).map((i) => i.field)).toEqual(["backupRetentionDays"]);
    });

    test.each([1, 35])("takes %d days of backups", (days) => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", args({ backupRetentionDays: days }))).toEqual([]);
    });

    test("takes up to 32 TiB in the Memory Optimized tier, as Azure offers", () => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", args({ sku: { name: "Standard_E16ds_v4", tier: "MemoryOptimized" }, storageSizeGB: 32768 }))).toEqual([]);
    });

    test("takes a key from a vault in the server's region, however the region is written", () => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", args({ customerManagedKey: { key: northKey }, location: "North Europe" }))).toEqual([]);
    });

    test("names the resource when it leaves no server-name prefix", () => {
        expect(validateCmkMysqlFlexibleServerArgs("-", args()).map((i) => i.field)).toEqual(["name", "name"]);
        expect(validateCmkMysqlFlexibleServerArgs("mysql", args())).toEqual([]);
    });

    test("takes a one-character resource name: its generated server name, a-<6 random>, has Azure's three characters and more", async () => {
        expect(validateCmkMysqlFlexibleServerArgs("a", args())).toEqual([]);
        const server = await registered(new CmkMysqlFlexibleServer("a", args()));
        expect(await valueOf(server.serverName)).toMatch(/^a-[a-z0-9]{6}$/);
    });
});

describe("CmkMysqlFlexibleServer arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ backupRetentionDay: 7 }), "backupRetentionDay", /^is not an argument here; did you mean "backupRetentionDays"\?$/],
        ["Azure Verified Modules' tier, which is part of sku here", () => ({ tier: "Burstable" }), "tier", /^is not an argument here; did you mean "sku"\?$/],
        ["the storage size as an Output", () => ({ storageSizeGB: pulumi.output(256) }), "storageSizeGB", OUTPUT_RULE],
        ["the version as an Output", () => ({ version: pulumi.output("5.7") }), "version", OUTPUT_RULE],
        ["the backup retention as a string", () => ({ backupRetentionDays: "35" }), "backupRetentionDays", /^is a string \("35"\), not a number$/],
        ["the login as an Output", () => ({ administratorLogin: pulumi.output("dbowner") }), "administratorLogin", OUTPUT_RULE],
        ["a misspelt size field", () => ({ sku: { name: "Standard_B1ms", teir: "Burstable" } }), "sku.teir", /did you mean "tier"\?$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-shape", untyped<CmkMysqlFlexibleServerArgs>({ ...args(), ...extra() })), field, rule);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", untyped<CmkMysqlFlexibleServerArgs>({ ...args(), storageSizeGB: "128", administratorLogin: "root" })).map((i) => i.field)).toEqual(["storageSizeGB"]);
    });
});

describe("CmkMysqlFlexibleServer with a key's vault region or its own given as an Output, known at preview", () => {
    const SERVER = "azure-native:dbformysql:Server";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkMysqlFlexibleServer } = require("./components/cmk-mysql-flexible-server");
            const keyIn = (name, location) => new EncryptionKey(name + "-cmk", { keyVault: new KeyVault("kv" + name, { resourceGroupName: "rg-byok", location }) });
            const server = (name, key, location) => new CmkMysqlFlexibleServer(name, { resourceGroupName: "rg-byok", location, customerManagedKey: { key } });
            server("my-vault-output", keyIn("myvo", pulumi.output("northeurope")), "westeurope");
            server("my-location-output", keyIn("mylo", "northeurope"), pulumi.output("westeurope"));
            server("my-vault-secret", keyIn("myvs", pulumi.secret("northeurope")), pulumi.output("westeurope"));
            server("my-unknown", keyIn("myun", pulumi.output(pulumi.unknown).apply(() => "northeurope")), "westeurope");
            server("my-good", keyIn("mygo", pulumi.output("West Europe")), pulumi.output("westeurope"));
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("a vault in another region fails with the message plain regions get, whichever is the Output, and no server is sent", () => {
        const issue = validateCmkMysqlFlexibleServerArgs("my", args({ customerManagedKey: { key: northKey }, location: "westeurope" })).find((i) => i.field === "customerManagedKey.key");
        expect(issue?.message).toBe("is a key of a vault in northeurope, but the server is in westeurope; MySQL takes its data encryption key only from a key vault in the server's own region");
        for (const name of ["my-vault-output", "my-location-output"]) {
            expect(failureOf(`CmkMysqlFlexibleServer "${name}"`)).toContain(`CmkMysqlFlexibleServer "${name}": invalid arguments:\n  - customerManagedKey.key: ${issue?.message}`);
            expect(run.registered).not.toContain(`${SERVER}::${name}-server`);
        }
    });

    test("a region from a secret is shown as [secret]", () => {
        expect(failureOf('CmkMysqlFlexibleServer "my-vault-secret"')).toContain("customerManagedKey.key: is a key of a vault in [secret], but the server is in westeurope;");
        expect(run.registered).not.toContain(`${SERVER}::my-vault-secret-server`);
    });

    test("a region unknown at preview and one region however spelled pass", () => {
        // The mocks themselves may refuse the key URI that is unknown while the region is: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"my-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("my-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${SERVER}::my-unknown-server`, `${SERVER}::my-good-server`]));
    });
});

describe("CmkMysqlFlexibleServer with geo-redundant backup", () => {
    // kvmysql is in the group's westeurope, kvmysqlnorth in its pair, northeurope.
    const geoArgs = (extra: Partial<CmkMysqlFlexibleServerArgs> = {}) => args({ location: "westeurope", geoRedundantBackup: "Enabled", customerManagedKeyGeo: { key: northKey }, ...extra });

    test("keeps backups in the pair region too, encrypted with the geo key's current version as a second identity of its own there, granted before the server", async () => {
        const server = await registered(new CmkMysqlFlexibleServer("mysql-geo", geoArgs()));
        const resource = recorder.find("azure-native:dbformysql:Server", "mysql-geo-server");
        const identityId = await valueOf(server.identity.id);
        const geoIdentityId = String(await valueOf(server.geoBackupIdentity?.id));
        expect(resource.inputs.backup).toEqual({ backupRetentionDays: 35, geoRedundantBackup: "Enabled" });
        expect(resource.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [identityId, geoIdentityId] });
        expect(resource.inputs.dataEncryption).toEqual({
            type: "AzureKeyVault",
            primaryKeyURI: await valueOf(key.keyUriWithVersion),
            primaryUserAssignedIdentityId: identityId,
            geoBackupKeyURI: await valueOf(northKey.keyUriWithVersion),
            geoBackupUserAssignedIdentityId: geoIdentityId,
        });
        expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "mysql-geo-geo-backup-identity-identity").inputs).toMatchObject({ location: "northeurope" });
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "mysql-geo-geo-backup-key-access-role-assignment");
        expect(grant.inputs).toMatchObject({ scope: await valueOf(northKey.id), principalId: await valueOf(server.geoBackupIdentity?.principalId) });
        expect(resource.dependencies).toEqual(expect.arrayContaining([grant.urn, recorder.find("time:index/sleep:Sleep", "mysql-geo-geo-backup-key-access-rbac-propagation").urn]));
    });

    test("keeps the geo identity and its grant in Azure when they leave the stack, since a live server may still read the geo key as that identity", async () => {
        // Unprotected, so that what stays is the geo identity's and grant's own doing.
        await registered(new CmkMysqlFlexibleServer("mysql-geo-kept", geoArgs({ protect: false })));
        const retained = (type: string, name: string) => [name, recorder.find(type, name).retainOnDelete];
        expect([
            retained("azure-native:managedidentity:UserAssignedIdentity", "mysql-geo-kept-geo-backup-identity-identity"),
            retained("azure-native:authorization:RoleAssignment", "mysql-geo-kept-geo-backup-key-access-role-assignment"),
            retained("azure-native:managedidentity:UserAssignedIdentity", "mysql-geo-kept-identity-identity"),
            retained("azure-native:authorization:RoleAssignment", "mysql-geo-kept-key-access-role-assignment"),
        ]).toEqual([
            ["mysql-geo-kept-geo-backup-identity-identity", true],
            ["mysql-geo-kept-geo-backup-key-access-role-assignment", true],
            ["mysql-geo-kept-identity-identity", false],
            ["mysql-geo-kept-key-access-role-assignment", false],
        ]);
    });

    test("may reach both keys as one identity, listed once, granted on each key", async () => {
        const shared = new ManagedIdentity("mysql-one-id", { resourceGroupName: rg });
        const server = await registered(new CmkMysqlFlexibleServer("mysql-one", geoArgs({ customerManagedKey: { key, userAssignedIdentity: shared }, customerManagedKeyGeo: { key: northKey, userAssignedIdentity: shared } })));
        const id = await valueOf(shared.id);
        expect(server.geoBackupIdentity).toBe(shared);
        expect(recorder.find("azure-native:dbformysql:Server", "mysql-one-server").inputs).toMatchObject({ identity: { userAssignedIdentities: [id] }, dataEncryption: { primaryUserAssignedIdentityId: id, geoBackupUserAssignedIdentityId: id } });
        expect(recorder.find("azure-native:authorization:RoleAssignment", "mysql-one-geo-backup-key-access-role-assignment").inputs.scope).toBe(await valueOf(northKey.id));
    });

    test("a server that does not ask for it is sent what it was before", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-nogeo", args()));
        const resource = recorder.find("azure-native:dbformysql:Server", "mysql-nogeo-server");
        expect(resource.inputs.backup).toEqual({ backupRetentionDays: 35, geoRedundantBackup: "Disabled" });
        expect(Object.keys(resource.inputs.dataEncryption as object).sort()).toEqual(["primaryKeyURI", "primaryUserAssignedIdentityId", "type"]);
        expect(recorder.resources.some((r) => r.name.includes("geo-backup"))).toBe(false);
    });

    const cases: [string, () => Partial<CmkMysqlFlexibleServerArgs>, string, RegExp][] = [
        ["Enabled without a geo key", () => ({ customerManagedKeyGeo: undefined }), "customerManagedKeyGeo", /^is required with geoRedundantBackup "Enabled": MySQL encrypts/],
        ["a geo key without Enabled", () => ({ geoRedundantBackup: undefined }), "customerManagedKeyGeo", /^is given, but geoRedundantBackup is left at its default, "Disabled"/],
        ["a region without a pair", () => ({ location: "polandcentral", customerManagedKey: { key } }), "geoRedundantBackup", /^is "Enabled", but MySQL keeps no geo-redundant backup for a server in polandcentral \(the "Geo-redundant backup" column of its region table, https:\/\/learn.microsoft.com\/azure\/mysql\/flexible-server\/overview#azure-regions\); leave geoRedundantBackup "Disabled" there, or place the server in a region where MySQL offers it$/],
        ["a region with a pair where MySQL keeps no geo-redundant backup", () => ({ location: "swedencentral", customerManagedKey: { key } }), "geoRedundantBackup", /^is "Enabled", but MySQL keeps no geo-redundant backup for a server in swedencentral /],
        ["a region MySQL's table marks whose backups no document places", () => ({ location: "chilecentral", customerManagedKey: { key } }), "geoRedundantBackup", /^is "Enabled", and MySQL's region table \(https:\/\/learn.microsoft.com\/azure\/mysql\/flexible-server\/overview#azure-regions\) offers geo-redundant backup in chilecentral, but that region has no pair in Microsoft's list \(https:\/\/learn.microsoft.com\/azure\/reliability\/regions-paired\) and no Microsoft document names the region its geo-redundant backups are kept in, where the geo-backup key's vault must be; leave geoRedundantBackup "Disabled" there/],
        ["a geo key in the server's own region", () => ({ location: "northeurope", customerManagedKey: { key: northKey } }), "customerManagedKeyGeo.key", /^is a key of a vault in northeurope, but the server's geo-paired region is westeurope \(the pair of northeurope\); MySQL takes its geo-backup key only/],
        ["a geo key of a vault keeping deleted keys 30 days", () => ({ customerManagedKeyGeo: { key: northShortKey } }), "customerManagedKeyGeo.key", /^is a key of a vault that keeps deleted keys 30 days; MySQL takes its keys only from a vault that keeps them 90/],
        ["a geo key that cannot wrap", () => ({ customerManagedKeyGeo: { key: appKey } }), "customerManagedKeyGeo.key.keyOps", /lacks wrapKey, unwrapKey/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-geo-bad", geoArgs(extra())), field, rule);
    });

    test("refuses the switch as a boolean from an untyped caller", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-geo-shape", untyped<CmkMysqlFlexibleServerArgs>({ ...geoArgs(), geoRedundantBackup: true })), "geoRedundantBackup", /^is a boolean \(true\), not a string$/);
    });
});

describe("CmkMysqlFlexibleServer with high availability", () => {
    test("keeps a standby in another zone, as asked by name, with the server's one key and identity", async () => {
        const server = await registered(new CmkMysqlFlexibleServer("mysql-ha", args({ highAvailability: "ZoneRedundant", availabilityZone: "1", standbyAvailabilityZone: "2" })));
        const resource = recorder.find("azure-native:dbformysql:Server", "mysql-ha-server");
        const inputs = resource.inputs;
        expect(inputs).toMatchObject({ highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" }, availabilityZone: "1" });
        // A failover swaps the zones in Azure, and auto-grow raises the size: later runs leave both as Azure has them.
        expect(resource.ignoreChanges).toEqual(["storage.storageSizeGB", "availabilityZone", "highAvailability.standbyAvailabilityZone"]);
        expect(inputs.dataEncryption).toEqual({ type: "AzureKeyVault", primaryKeyURI: await valueOf(server.keyUri), primaryUserAssignedIdentityId: await valueOf(server.identity.id) });
    });

    test("a server without a standby keeps its zone as written, and only its grown storage size as Azure has it", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-zonal", args({ availabilityZone: "3", highAvailability: "Disabled" })));
        expect(recorder.find("azure-native:dbformysql:Server", "mysql-zonal-server").ignoreChanges).toEqual(["storage.storageSizeGB"]);
    });

    test("takes a same-zone standby given the primary's zone, as Azure Verified Modules send one", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-ha-same", args({ highAvailability: "SameZone", availabilityZone: "2", standbyAvailabilityZone: "2" })));
        expect(recorder.find("azure-native:dbformysql:Server", "mysql-ha-same-server").inputs).toMatchObject({ highAvailability: { mode: "SameZone", standbyAvailabilityZone: "2" }, availabilityZone: "2" });
    });

    test("a server that does not ask for it is sent what it was before: no high-availability or zone setting", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-noha", args()));
        const inputs = recorder.find("azure-native:dbformysql:Server", "mysql-noha-server").inputs;
        expect(Object.keys(inputs)).not.toEqual(expect.arrayContaining(["highAvailability"]));
        expect(Object.keys(inputs)).not.toEqual(expect.arrayContaining(["availabilityZone"]));
    });

    const cases: [string, Partial<CmkMysqlFlexibleServerArgs>, string, RegExp][] = [
        ["a standby on the Burstable tier", { highAvailability: "SameZone", sku: { name: "Standard_B1ms", tier: "Burstable" } }, "highAvailability", /^is "SameZone", but sku.tier is "Burstable", where MySQL keeps no standby \(https:\/\/learn.microsoft.com\/.*\); choose a GeneralPurpose or MemoryOptimized size, or leave highAvailability "Disabled"$/],
        ["a mode Azure does not name", { highAvailability: "Enabled" as never }, "highAvailability", /^"Enabled" is not "Disabled", "SameZone" or "ZoneRedundant"$/],
        ["a standby zone without a zone-redundant standby", { standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", but highAvailability is left at its default, "Disabled"; only a zone-redundant standby has a zone of its own/],
        ["a same-zone standby given a zone", { highAvailability: "SameZone", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /but highAvailability is "SameZone"/],
        ["a same-zone standby in a zone other than the primary's", { highAvailability: "SameZone", availabilityZone: "1", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", but highAvailability is "SameZone", whose standby is in the primary's availabilityZone, "1"; /],
        ["a zone-redundant standby in the primary's zone", { highAvailability: "ZoneRedundant", availabilityZone: "2", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", the primary's availabilityZone too; a zone-redundant standby is in another zone of the region/],
        ["a zone that is no zone", { availabilityZone: "4" as never }, "availabilityZone", /^"4" is not an availability zone: "1", "2" or "3", as text$/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-ha-bad", args(extra)), field, rule);
    });

    test("points Azure Verified Modules' name for the standby's zone to ours", () => {
        expect(validateCmkMysqlFlexibleServerArgs("mysql", untyped<CmkMysqlFlexibleServerArgs>({ ...args(), highAvailabilityZone: "2" }))).toEqual([
            { field: "highAvailabilityZone", message: "is not an argument here; did you mean \"standbyAvailabilityZone\"?" },
        ]);
    });
});

describe("CmkMysqlFlexibleServer in a region without availability zones", () => {
    let westKey: EncryptionKey;
    beforeAll(async () => {
        westKey = new EncryptionKey("mysql-westus-cmk", { keyVault: new KeyVault("kvmysqlwestus", { resourceGroupName: rg, location: "westus" }) });
        await valueOf(westKey.id);
        await settle();
    });
    const inWestUs = (extra: Partial<CmkMysqlFlexibleServerArgs> = {}) => args({ location: "westus", customerManagedKey: { key: westKey }, ...extra });

    test("takes a same-zone standby with no zone written", async () => {
        await registered(new CmkMysqlFlexibleServer("mysql-wus-same", inWestUs({ highAvailability: "SameZone" })));
        expect(recorder.find("azure-native:dbformysql:Server", "mysql-wus-same-server").inputs).toMatchObject({ location: "westus", highAvailability: { mode: "SameZone" } });
    });

    test.each([
        ["a zone-redundant standby", { highAvailability: "ZoneRedundant" }, "highAvailability", /^is "ZoneRedundant", but westus has no availability zones \(https:\/\/learn\.microsoft\.com\/azure\/reliability\/regions-list\), so MySQL has no other zone to keep the standby in and Azure refuses it there; write "SameZone"/],
        ["a primary's zone", { availabilityZone: "3" }, "availabilityZone", /^is "3", but westus has no availability zones .*; leave availabilityZone out, or place the server in a region with zones$/],
        ["a zone-redundant standby's zone", { highAvailability: "ZoneRedundant", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", but westus has no availability zones .*; leave standbyAvailabilityZone out/],
    ] as [string, Partial<CmkMysqlFlexibleServerArgs>, string, RegExp][])("rejects %s before registering anything, naming the region", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkMysqlFlexibleServer("mysql-wus-bad", inWestUs(extra)), field, rule);
    });
});
