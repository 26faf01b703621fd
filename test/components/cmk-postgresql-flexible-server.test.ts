import * as pulumi from "@pulumi/pulumi";
import { CmkPostgresqlFlexibleServer, CmkPostgresqlFlexibleServerArgs, validateCmkPostgresqlFlexibleServerArgs } from "../../components/cmk-postgresql-flexible-server";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
const ADMINS = "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90";
let recorder: Recorder;
let key: EncryptionKey;
let appKey: EncryptionKey;
let policyKey: EncryptionKey;
let northKey: EncryptionKey;
let northPolicyKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    const vault = new KeyVault("kvpg", { resourceGroupName: rg });
    key = new EncryptionKey("pg-cmk", { keyVault: vault, keySize: 4096 });
    appKey = new EncryptionKey("app", { keyVault: vault, purpose: "applicationCrypto" });
    policyKey = new EncryptionKey("pg-policy-cmk", { keyVault: new KeyVault("kvpgpolicy", { resourceGroupName: rg, enableRbacAuthorization: false }) });
    northKey = new EncryptionKey("pg-north-cmk", { keyVault: new KeyVault("kvpgnorth", { resourceGroupName: rg, location: "northeurope" }) });
    northPolicyKey = new EncryptionKey("pg-north-policy-cmk", { keyVault: new KeyVault("kvpgnorthpol", { resourceGroupName: rg, location: "northeurope", enableRbacAuthorization: false }) });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(appKey.id), valueOf(policyKey.id), valueOf(northKey.id), valueOf(northPolicyKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkPostgresqlFlexibleServerArgs> = {}): CmkPostgresqlFlexibleServerArgs => ({
    resourceGroupName: rg,
    customerManagedKey: { key },
    administrator: { principalName: "pg-admins", objectId: ADMINS },
    ...extra,
});

async function registered(server: CmkPostgresqlFlexibleServer): Promise<CmkPostgresqlFlexibleServer> {
    await valueOf(server.administrator.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return server;
}

describe("CmkPostgresqlFlexibleServer", () => {
    test("encrypts with the versionless key as its user-assigned identity, Entra-only, keeps 35 days of backups and is closed to the public", async () => {
        const server = await registered(new CmkPostgresqlFlexibleServer("pg-byok", args()));
        const resource = recorder.find("azure-native:dbforpostgresql:Server", "pg-byok-server");
        const identityId = await valueOf(server.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:dbforpostgresql:CmkPostgresqlFlexibleServer", "pg-byok").urn);
        expect(resource.inputs).toMatchObject({
            version: "17",
            sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
            storage: { storageSizeGB: 128, autoGrow: "Enabled" },
            backup: { backupRetentionDays: 35, geoRedundantBackup: "Disabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: await valueOf(key.keyUri), primaryUserAssignedIdentityId: identityId },
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
            network: { publicNetworkAccess: "Disabled" },
        });
        expect(resource.inputs).not.toHaveProperty("administratorLogin");
        expect(resource.inputs).not.toHaveProperty("administratorLoginPassword");
        const name = String(resource.inputs.serverName);
        expect(name).toMatch(/^pg-byok-[a-z0-9]{6}$/);
        expect(await valueOf(server.fullyQualifiedDomainName)).toBe(`${name}.postgres.database.azure.com`);
        expect(await valueOf(server.keyUri)).toBe(await valueOf(key.keyUri));
        expect(recorder.find("azure-native:dbforpostgresql:Administrator", "pg-byok-administrator").inputs).toMatchObject({ serverName: name, objectId: ADMINS, principalName: "pg-admins", principalType: "group" });
    });

    // Its password sign-in is off: a server kept in Azure without its Entra administrator has none.
    test("leaves its Entra administrator to the server's fate when both leave the stack, and unretained, so a replaced one is deleted", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-admin", args()));
        const administrator = recorder.find("azure-native:dbforpostgresql:Administrator", "pg-admin-administrator");
        expect([administrator.deletedWith, administrator.protect, administrator.retainOnDelete]).toEqual([recorder.find("azure-native:dbforpostgresql:Server", "pg-admin-server").urn, false, false]);
        // Under a component given retainOnDelete: true as well, which the engine would copy onto it (inheritFromParent).
        await registered(new CmkPostgresqlFlexibleServer("pg-admin-kept", args(), { retainOnDelete: true }));
        expect(recorder.find("azure-native:dbforpostgresql:Administrator", "pg-admin-kept-administrator").retainOnDelete).toBe(false);
    });

    test("waits for its grant: Crypto Service Encryption User on the key alone", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-order", args()));
        const server = recorder.find("azure-native:dbforpostgresql:Server", "pg-order-server");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "pg-order-key-access-role-assignment");
        expect(server.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
    });

    test("on an access-policy vault its identity's policy also lists keys, as PostgreSQL needs", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-policy", args({ customerManagedKey: { key: policyKey } })));
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "pg-policy-key-access-access-policy");
        expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "wrapKey", "unwrapKey", "list"] });
    });

    test("a pinned version, a smaller server and other settings are asked for by name", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        await registered(new CmkPostgresqlFlexibleServer("pg-pinned", args({
            serverName: "pg-pinned-01",
            customerManagedKey: { key, keyVersion: version },
            administrator: { principalName: "dba@contoso.com", objectId: ADMINS, principalType: "User" },
            version: "16",
            sku: { name: "Standard_B1ms", tier: "Burstable" },
            storageSizeGB: 32,
            backupRetentionDays: 7,
            publicNetworkAccess: "Enabled",
        })));
        const server = recorder.find("azure-native:dbforpostgresql:Server", "pg-pinned-server");
        expect(server.inputs).toMatchObject({ serverName: "pg-pinned-01", version: "16", sku: { tier: "Burstable" }, storage: { storageSizeGB: 32 }, backup: { backupRetentionDays: 7 }, network: { publicNetworkAccess: "Enabled" }, dataEncryption: { primaryKeyURI: `${await valueOf(key.keyUri)}/${version}` } });
        expect(recorder.find("azure-native:dbforpostgresql:Administrator", "pg-pinned-administrator").inputs.principalType).toBe("user");
    });
});

describe("CmkPostgresqlFlexibleServer validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkPostgresqlFlexibleServerArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a key that cannot wrap", () => ({ customerManagedKey: { key: appKey } }), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a key of a vault in another region", () => ({ customerManagedKey: { key: northKey }, location: "westeurope" }), "customerManagedKey.key", /is a key of a vault in northeurope, but the server is in westeurope; PostgreSQL takes its data encryption key only from a key store in the server's own region/],
        ["a server name with capitals", () => ({ serverName: "Pg-Byok" }), "serverName", /3–63 lowercase letters, digits and hyphens/],
        ["no administrator", () => ({ administrator: undefined as never }), "administrator", /Microsoft Entra authentication only/],
        ["an administrator whose object id is not a GUID", () => ({ administrator: { principalName: "pg-admins", objectId: "pg-admins" } }), "administrator.objectId", /is not an object id \(a GUID\)/],
        ["an administrator's tenant given by domain", () => ({ administrator: { principalName: "pg-admins", objectId: ADMINS, tenantId: "contoso.onmicrosoft.com" } }), "administrator.tenantId", /^"contoso\.onmicrosoft\.com" is not a tenant id \(a GUID\)/],
        ["an unknown principal type", () => ({ administrator: { principalName: "pg-admins", objectId: ADMINS, principalType: "Team" as never } }), "administrator.principalType", /is not "User", "Group" or "ServicePrincipal"/],
        ["PostgreSQL 12", () => ({ version: "12" as never }), "version", /not a PostgreSQL major version this component makes/],
        ["a storage size Azure does not offer", () => ({ storageSizeGB: 100 }), "storageSizeGB", /100 is not a storage size Azure offers/],
        ["60 days of backups", () => ({ backupRetentionDays: 60 }), "backupRetentionDays", /60 is outside 7–35/],
        ["an unknown tier", () => ({ sku: { name: "Standard_D2ds_v5", tier: "Premium" as never } }), "sku.tier", /is not "Burstable", "GeneralPurpose" or "MemoryOptimized"/],
        ["a General Purpose size in the Burstable tier", () => ({ sku: { name: "Standard_D2ds_v5", tier: "Burstable" as const } }), "sku.tier", /is "Burstable", but Standard_D2ds_v5 is a GeneralPurpose size/],
        ["a single server's SKU", () => ({ sku: { name: "GP_Gen5_2", tier: "MemoryOptimized" as const } }), "sku.name", /"GP_Gen5_2" is not a flexible server compute size/],
        ["azurerm's sku_name, the tier's prefix and the size", () => ({ sku: { name: "MO_Standard_E4ds_v5", tier: "MemoryOptimized" as const } }), "sku.name", /^"MO_Standard_E4ds_v5" is azurerm's sku_name, the tier's prefix and the size: write name "Standard_E4ds_v5" and tier "MemoryOptimized"$/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-bad", args(extra())), field, rule);
    });

    // Azure keeps a PostgreSQL flexible server's backups 7–35 days: the bounds themselves are taken, one past them is not.
    test.each([1, 6, 36])("refuses %d days of backups, naming the field", (days) => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args({ backupRetentionDays: days })).map((i) => i.field)).toEqual(["backupRetentionDays"]);
    });

    test.each([7, 35])("takes %d days of backups", (days) => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args({ backupRetentionDays: days }))).toEqual([]);
    });

    test("refuses 65536 GB, above the largest size Azure offers, and takes that largest, 32768", () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args({ storageSizeGB: 65536 })).map((i) => i.field)).toEqual(["storageSizeGB"]);
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args({ storageSizeGB: 32768 }))).toEqual([]);
    });

    test("names the resource when it leaves no server-name prefix", () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("-", args()).map((i) => i.field)).toEqual(["name", "name"]);
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args())).toEqual([]);
    });

    test("takes a one-character resource name: its generated server name, a-<6 random>, has Azure's three characters and more", async () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("a", args())).toEqual([]);
        const server = await registered(new CmkPostgresqlFlexibleServer("a", args()));
        expect(await valueOf(server.serverName)).toMatch(/^a-[a-z0-9]{6}$/);
    });

    test("takes a key from a vault in the server's region, however the region is written", () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", args({ customerManagedKey: { key: northKey }, location: "North Europe" }))).toEqual([]);
    });
});

describe("CmkPostgresqlFlexibleServer arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ storageSizeGb: 64 }), "storageSizeGb", /^is not an argument here; did you mean "storageSizeGB"\?$/],
        ["Azure Verified Modules' size name", () => ({ skuName: "Standard_D2ds_v5" }), "skuName", /^is not an argument here; did you mean "sku"\?$/],
        ["Azure Verified Modules' administrators", () => ({ administrator: undefined, administrators: [{ principalName: "pg-admins", objectId: ADMINS }] }), "administrators", /^is not an argument here; did you mean "administrator"\?$/],
        ["the version as an Output", () => ({ version: pulumi.output("16") }), "version", OUTPUT_RULE],
        ["the backup retention as an Output", () => ({ backupRetentionDays: pulumi.output(7) }), "backupRetentionDays", OUTPUT_RULE],
        ["the storage size as a string", () => ({ storageSizeGB: "128" }), "storageSizeGB", /^is a string \("128"\), not a number$/],
        ["the version as a number", () => ({ version: 16 }), "version", /^is a number \(16\), not a string$/],
        ["a size without its tier", () => ({ sku: { name: "Standard_D2ds_v5" } }), "sku.tier", /^is required: "Burstable", "GeneralPurpose" or "MemoryOptimized"$/],
        ["the administrator's name as a number", () => ({ administrator: { principalName: 7, objectId: ADMINS } }), "administrator.principalName", /^is a number \(7\), not a string$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-shape", untyped<CmkPostgresqlFlexibleServerArgs>({ ...args(), ...extra() })), field, rule);
    });

    test("refuses a principal type named like an object's own member, which the type map would have read", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-shape", args({ administrator: { principalName: "pg-admins", objectId: ADMINS, principalType: "constructor" as never } })), "administrator.principalType", /"constructor" is not "User", "Group" or "ServicePrincipal"/);
    });
});

describe("CmkPostgresqlFlexibleServer administrator ids given as Outputs, known at preview", () => {
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkPostgresqlFlexibleServer } = require("./components/cmk-postgresql-flexible-server");
            const key = new EncryptionKey("pg-cmk", { keyVault: new KeyVault("kvpgout", { resourceGroupName: "rg-byok" }) });
            const server = (name, administrator) => new CmkPostgresqlFlexibleServer(name, { resourceGroupName: "rg-byok", customerManagedKey: { key }, administrator: { principalName: "pg-admins", ...administrator } });
            server("pg-object-output", { objectId: pulumi.output("pg-admins") });
            server("pg-object-secret", { objectId: pulumi.secret("pg-admins") });
            server("pg-tenant-output", { objectId: ${JSON.stringify(ADMINS)}, tenantId: pulumi.output("contoso.onmicrosoft.com") });
            server("pg-unknown", { objectId: pulumi.output(pulumi.unknown).apply(() => "pg-admins"), tenantId: pulumi.output(pulumi.unknown).apply(() => "contoso.onmicrosoft.com") });
            server("pg-good", { objectId: pulumi.secret(${JSON.stringify(ADMINS)}), tenantId: pulumi.output(${JSON.stringify(mockAzureDefaults.tenantId)}) });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);
    const plainIssue = (administrator: CmkPostgresqlFlexibleServerArgs["administrator"], field: string) => validateCmkPostgresqlFlexibleServerArgs("pg", args({ administrator })).find((i) => i.field === field);
    const SERVER = "azure-native:dbforpostgresql:Server";
    const ADMINISTRATOR = "azure-native:dbforpostgresql:Administrator";

    test("an object id that is no GUID fails with the message a plain one gets, and no administrator is sent", () => {
        const issue = plainIssue({ principalName: "pg-admins", objectId: "pg-admins" }, "administrator.objectId");
        expect(issue?.message).toBe('"pg-admins" is not an object id (a GUID)');
        expect(failureOf('CmkPostgresqlFlexibleServer "pg-object-output"')).toContain(`CmkPostgresqlFlexibleServer "pg-object-output": invalid arguments:\n  - administrator.objectId: ${issue?.message}`);
        expect(run.registered).not.toContain(`${ADMINISTRATOR}::pg-object-output-administrator`);
    });

    test("one from a secret is shown as [secret]", () => {
        const failure = failureOf('CmkPostgresqlFlexibleServer "pg-object-secret"');
        expect(failure).toContain('CmkPostgresqlFlexibleServer "pg-object-secret": invalid arguments:\n  - administrator.objectId: [secret] is not an object id (a GUID)');
        expect(failure).not.toContain('"pg-admins"');
        expect(run.registered).not.toContain(`${ADMINISTRATOR}::pg-object-secret-administrator`);
    });

    test("a tenant given by its domain fails once with the message a plain one gets, and neither the server nor its administrator is sent", () => {
        const issue = plainIssue({ principalName: "pg-admins", objectId: ADMINS, tenantId: "contoso.onmicrosoft.com" }, "administrator.tenantId");
        expect(issue?.message).toMatch(/^"contoso\.onmicrosoft\.com" is not a tenant id/);
        expect(failureOf('CmkPostgresqlFlexibleServer "pg-tenant-output"')).toContain(`CmkPostgresqlFlexibleServer "pg-tenant-output": invalid arguments:\n  - administrator.tenantId: ${issue?.message}`);
        expect(run.registered).not.toContain(`${SERVER}::pg-tenant-output-server`);
        expect(run.registered).not.toContain(`${ADMINISTRATOR}::pg-tenant-output-administrator`);
    });

    test("ids unknown at preview and valid ones pass", () => {
        // The mocks themselves may refuse a value they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"pg-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("pg-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${SERVER}::pg-unknown-server`, `${SERVER}::pg-good-server`, `${ADMINISTRATOR}::pg-good-administrator`]));
    });
});

describe("CmkPostgresqlFlexibleServer with a key's vault region or its own given as an Output, known at preview", () => {
    const SERVER = "azure-native:dbforpostgresql:Server";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkPostgresqlFlexibleServer } = require("./components/cmk-postgresql-flexible-server");
            const keyIn = (name, location) => new EncryptionKey(name + "-cmk", { keyVault: new KeyVault("kv" + name, { resourceGroupName: "rg-byok", location }) });
            const server = (name, key, location) => new CmkPostgresqlFlexibleServer(name, { resourceGroupName: "rg-byok", location, customerManagedKey: { key }, administrator: { principalName: "pg-admins", objectId: ${JSON.stringify(ADMINS)} } });
            server("pg-vault-output", keyIn("pgvo", pulumi.output("northeurope")), "westeurope");
            server("pg-location-output", keyIn("pglo", "northeurope"), pulumi.output("westeurope"));
            server("pg-vault-secret", keyIn("pgvs", pulumi.secret("northeurope")), pulumi.output("westeurope"));
            server("pg-unknown", keyIn("pgun", pulumi.output(pulumi.unknown).apply(() => "northeurope")), "westeurope");
            server("pg-good", keyIn("pggo", pulumi.output("West Europe")), pulumi.output("westeurope"));
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("a vault in another region fails with the message plain regions get, whichever is the Output, and no server is sent", () => {
        const issue = validateCmkPostgresqlFlexibleServerArgs("pg", args({ customerManagedKey: { key: northKey }, location: "westeurope" })).find((i) => i.field === "customerManagedKey.key");
        expect(issue?.message).toBe("is a key of a vault in northeurope, but the server is in westeurope; PostgreSQL takes its data encryption key only from a key store in the server's own region");
        for (const name of ["pg-vault-output", "pg-location-output"]) {
            expect(failureOf(`CmkPostgresqlFlexibleServer "${name}"`)).toContain(`CmkPostgresqlFlexibleServer "${name}": invalid arguments:\n  - customerManagedKey.key: ${issue?.message}`);
            expect(run.registered).not.toContain(`${SERVER}::${name}-server`);
        }
    });

    test("a region from a secret is shown as [secret]", () => {
        expect(failureOf('CmkPostgresqlFlexibleServer "pg-vault-secret"')).toContain("customerManagedKey.key: is a key of a vault in [secret], but the server is in westeurope;");
        expect(run.registered).not.toContain(`${SERVER}::pg-vault-secret-server`);
    });

    test("a region unknown at preview and one region however spelled pass", () => {
        // The mocks themselves may refuse the key URI that is unknown while the region is: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"pg-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("pg-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${SERVER}::pg-unknown-server`, `${SERVER}::pg-good-server`]));
    });
});

describe("CmkPostgresqlFlexibleServer with geo-redundant backup", () => {
    // The vaults of beforeAll: kvpg in the group's westeurope, kvpgnorth in its pair, northeurope.
    const geoArgs = (extra: Partial<CmkPostgresqlFlexibleServerArgs> = {}) => args({ location: "westeurope", geoRedundantBackup: "Enabled", customerManagedKeyGeo: { key: northKey }, ...extra });

    test("keeps backups in the pair region too, encrypted with the geo key as a second identity of its own there, granted before the server", async () => {
        const server = await registered(new CmkPostgresqlFlexibleServer("pg-geo", geoArgs()));
        const resource = recorder.find("azure-native:dbforpostgresql:Server", "pg-geo-server");
        const identityId = await valueOf(server.identity.id);
        const geoIdentityId = String(await valueOf(server.geoBackupIdentity?.id));
        expect(geoIdentityId).toMatch(/userAssignedIdentities\/pg-geo-geo-backup-identity$/);
        expect(geoIdentityId).not.toBe(identityId);
        expect(resource.inputs.backup).toEqual({ backupRetentionDays: 35, geoRedundantBackup: "Enabled" });
        expect(resource.inputs.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { [identityId]: {}, [geoIdentityId]: {} } });
        expect(resource.inputs.dataEncryption).toEqual({
            type: "AzureKeyVault",
            primaryKeyURI: await valueOf(key.keyUri),
            primaryUserAssignedIdentityId: identityId,
            // Versionless, as the primary: the server follows the geo key's rotation too.
            geoBackupKeyURI: await valueOf(northKey.keyUri),
            geoBackupUserAssignedIdentityId: geoIdentityId,
        });
        expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "pg-geo-geo-backup-identity-identity").inputs).toMatchObject({ location: "northeurope", resourceName: "pg-geo-geo-backup-identity" });
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "pg-geo-geo-backup-key-access-role-assignment");
        expect(grant.inputs).toMatchObject({ scope: await valueOf(northKey.id), principalId: await valueOf(server.geoBackupIdentity?.principalId) });
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
        // The server waits for both grants and their waits for Azure to propagate them.
        expect(resource.dependencies).toEqual(expect.arrayContaining([
            recorder.find("azure-native:authorization:RoleAssignment", "pg-geo-key-access-role-assignment").urn,
            recorder.find("time:index/sleep:Sleep", "pg-geo-key-access-rbac-propagation").urn,
            grant.urn,
            recorder.find("time:index/sleep:Sleep", "pg-geo-geo-backup-key-access-rbac-propagation").urn,
        ]));
        const component = recorder.find("azure-byok:dbforpostgresql:CmkPostgresqlFlexibleServer", "pg-geo").urn;
        expect(recorder.resources.filter((r) => r.parent === component).map((r) => `${r.type}::${r.name}`).sort()).toEqual([
            "azure-byok:keyvault:KeyAccess::pg-geo-geo-backup-key-access",
            "azure-byok:keyvault:KeyAccess::pg-geo-key-access",
            "azure-byok:managedidentity:ManagedIdentity::pg-geo-geo-backup-identity",
            "azure-byok:managedidentity:ManagedIdentity::pg-geo-identity",
            "azure-native:dbforpostgresql:Administrator::pg-geo-administrator",
            "azure-native:dbforpostgresql:Server::pg-geo-server",
            "random:index/randomString:RandomString::pg-geo-name-suffix",
        ]);
    });

    test("keeps the geo identity and its grant in Azure when they leave the stack, since a live server may still read the geo key as that identity", async () => {
        // Unprotected, so that what stays is the geo identity's and grant's own doing.
        await registered(new CmkPostgresqlFlexibleServer("pg-geo-kept", geoArgs({ protect: false })));
        await registered(new CmkPostgresqlFlexibleServer("pg-geo-kept-ap", geoArgs({ customerManagedKeyGeo: { key: northPolicyKey }, protect: false })));
        const retained = (type: string, name: string) => [name, recorder.find(type, name).retainOnDelete];
        expect([
            retained("azure-native:managedidentity:UserAssignedIdentity", "pg-geo-kept-geo-backup-identity-identity"),
            retained("azure-native:authorization:RoleAssignment", "pg-geo-kept-geo-backup-key-access-role-assignment"),
            retained("azure-native:keyvault:AccessPolicy", "pg-geo-kept-ap-geo-backup-key-access-access-policy"),
            // Unprotected, the primary identity and grant go with the server.
            retained("azure-native:managedidentity:UserAssignedIdentity", "pg-geo-kept-identity-identity"),
            retained("azure-native:authorization:RoleAssignment", "pg-geo-kept-key-access-role-assignment"),
            retained("azure-native:dbforpostgresql:Server", "pg-geo-kept-server"),
        ]).toEqual([
            ["pg-geo-kept-geo-backup-identity-identity", true],
            ["pg-geo-kept-geo-backup-key-access-role-assignment", true],
            ["pg-geo-kept-ap-geo-backup-key-access-access-policy", true],
            ["pg-geo-kept-identity-identity", false],
            ["pg-geo-kept-key-access-role-assignment", false],
            ["pg-geo-kept-server", false],
        ]);
    });

    test("protects the server, its identity and its geo identity as the server's protect says, the geo identity kept in Azure either way", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-geo-guarded", geoArgs()));
        await registered(new CmkPostgresqlFlexibleServer("pg-geo-open", geoArgs({ protect: false })));
        const options = (type: string, name: string) => [name, recorder.find(type, name).protect, recorder.find(type, name).retainOnDelete];
        const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
        expect([
            options("azure-native:dbforpostgresql:Server", "pg-geo-guarded-server"),
            options(IDENTITY, "pg-geo-guarded-identity-identity"),
            options(IDENTITY, "pg-geo-guarded-geo-backup-identity-identity"),
            options(IDENTITY, "pg-geo-open-geo-backup-identity-identity"),
        ]).toEqual([
            ["pg-geo-guarded-server", true, true],
            ["pg-geo-guarded-identity-identity", true, true],
            ["pg-geo-guarded-geo-backup-identity-identity", true, true],
            ["pg-geo-open-geo-backup-identity-identity", false, true],
        ]);
    });

    test("on an access-policy vault the geo identity's policy also lists keys, and a given identity is used as given", async () => {
        const identity = new ManagedIdentity("pg-geo-given-id", { resourceGroupName: rg, location: "northeurope" });
        const server = await registered(new CmkPostgresqlFlexibleServer("pg-geo-given", geoArgs({ customerManagedKeyGeo: { key: northPolicyKey, userAssignedIdentity: identity } })));
        expect(server.geoBackupIdentity).toBe(identity);
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "pg-geo-given-geo-backup-key-access-access-policy");
        expect(policy.inputs.policy).toMatchObject({ objectId: await valueOf(identity.principalId), permissions: { keys: ["get", "wrapKey", "unwrapKey", "list"] } });
        expect(recorder.resources.some((r) => r.name === "pg-geo-given-geo-backup-identity")).toBe(false);
        expect(recorder.find("azure-native:dbforpostgresql:Server", "pg-geo-given-server").inputs.dataEncryption).toMatchObject({ geoBackupUserAssignedIdentityId: await valueOf(identity.id) });
    });

    test("a server that does not ask for it is sent what it was before: Disabled, one identity, the primary key alone", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-nogeo", args({ location: "westeurope" })));
        const resource = recorder.find("azure-native:dbforpostgresql:Server", "pg-nogeo-server");
        expect(resource.inputs.backup).toEqual({ backupRetentionDays: 35, geoRedundantBackup: "Disabled" });
        expect(Object.keys(resource.inputs.dataEncryption as object).sort()).toEqual(["primaryKeyURI", "primaryUserAssignedIdentityId", "type"]);
        expect(Object.keys((resource.inputs.identity as { userAssignedIdentities: object }).userAssignedIdentities)).toHaveLength(1);
        expect(recorder.resources.some((r) => r.name.includes("geo-backup"))).toBe(false);
    });

    const cases: [string, () => Partial<CmkPostgresqlFlexibleServerArgs>, string, RegExp][] = [
        ["Enabled without a geo key", () => ({ customerManagedKeyGeo: undefined }), "customerManagedKeyGeo", /^is required with geoRedundantBackup "Enabled": PostgreSQL encrypts a customer-managed-key server's geo-redundant backups with a second key, in a vault of the server's geo-paired region$/],
        ["a geo key without Enabled", () => ({ geoRedundantBackup: undefined }), "customerManagedKeyGeo", /^is given, but geoRedundantBackup is left at its default, "Disabled", so the server keeps no geo-redundant backup for the key to encrypt; set geoRedundantBackup "Enabled", or leave the geo-backup key out$/],
        ["a geo key with Disabled", () => ({ geoRedundantBackup: "Disabled" }), "customerManagedKeyGeo", /^is given, but geoRedundantBackup is "Disabled"/],
        ["a switch that is neither", () => ({ geoRedundantBackup: "GeoRedundant" as never }), "geoRedundantBackup", /^"GeoRedundant" is not "Enabled" or "Disabled"$/],
        ["a region without a pair", () => ({ location: "italynorth", customerManagedKey: { key } }), "geoRedundantBackup", /^is "Enabled", but PostgreSQL keeps no geo-redundant backup for a server in italynorth \(the "Geo-redundant backup" column of its region table, https:\/\/learn.microsoft.com\/azure\/postgresql\/flexible-server\/overview#azure-regions\); leave geoRedundantBackup "Disabled" there, or place the server in a region where PostgreSQL offers it$/],
        ["a region with a pair where PostgreSQL keeps no geo-redundant backup", () => ({ location: "westus3", customerManagedKey: { key } }), "geoRedundantBackup", /^is "Enabled", but PostgreSQL keeps no geo-redundant backup for a server in westus3 /],
        ["a geo key in the server's own region", () => ({ location: "northeurope", customerManagedKey: { key: northKey } }), "customerManagedKeyGeo.key", /^is a key of a vault in northeurope, but the server's geo-paired region is westeurope \(the pair of northeurope\); PostgreSQL takes its geo-backup key only from a vault in the region its geo-redundant backups are kept in$/],
        ["a geo key that cannot wrap", () => ({ customerManagedKeyGeo: { key: appKey } }), "customerManagedKeyGeo.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a geo key version that is none", () => ({ customerManagedKeyGeo: { key: northKey, keyVersion: "v1" } }), "customerManagedKeyGeo.keyVersion", /"v1" is not a key version/],
        ["a geo grant without its identity", () => ({ customerManagedKeyGeo: { key: northKey, keyAccess: key } }), "customerManagedKeyGeo.keyAccess", /no userAssignedIdentity is given/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-geo-bad", geoArgs(extra())), field, rule);
    });

    test("rejects one identity for both keys, which PostgreSQL refuses", async () => {
        const shared = { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pg", clientId: "c", principalId: "11111111-1111-1111-1111-111111111111" };
        const copy = { ...shared, id: shared.id.toUpperCase() };
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-geo-bad", geoArgs({ customerManagedKey: { key, userAssignedIdentity: shared }, customerManagedKeyGeo: { key: northKey, userAssignedIdentity: copy } })), "customerManagedKeyGeo.userAssignedIdentity", /^is the primary key's identity too; PostgreSQL reaches the geo-backup key's vault only as another user-assigned identity/);
    });

    test("takes the server's region however written", () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", geoArgs({ location: "West Europe" }))).toEqual([]);
    });

    test("names the resource when its geo identity's name would be too long", () => {
        const name = "p".repeat(110);
        expect(validateCmkPostgresqlFlexibleServerArgs(name, geoArgs({ serverName: "pg-long" })).filter((i) => i.field === "name").map((i) => i.message)).toEqual([
            `"${name}" names the server's geo-backup identity "${name}-geo-backup-identity", which Azure refuses: an identity name is 3–128 letters, digits, hyphens and underscores; rename it, give customerManagedKeyGeo.identityName, or give customerManagedKeyGeo a userAssignedIdentity`,
        ]);
    });

    test("refuses a rename by aliases while the geo identity's Azure name follows the resource name, and keeps it with identityName given", async () => {
        const renamed = (geo: string | undefined) => geoArgs({ serverName: "pg-geo-a1b2c3", customerManagedKey: { key, identityName: "pg-geo-old-identity" }, customerManagedKeyGeo: { key: northKey, ...(geo === undefined ? {} : { identityName: geo }) } });
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-geo-new", renamed(undefined), { aliases: [{ name: "pg-geo-old" }] }), "customerManagedKeyGeo.identityName", /"pg-geo-new-geo-backup-identity" for "pg-geo-new", where "pg-geo-old", its earlier name in aliases, gave "pg-geo-old-geo-backup-identity"/);
        await registered(new CmkPostgresqlFlexibleServer("pg-geo-new", renamed("pg-geo-old-geo-backup-identity"), { aliases: [{ name: "pg-geo-old" }] }));
        expect(["pg-geo-new-identity-identity", "pg-geo-new-geo-backup-identity-identity"].map((n) => recorder.find("azure-native:managedidentity:UserAssignedIdentity", n).inputs.resourceName)).toEqual(["pg-geo-old-identity", "pg-geo-old-geo-backup-identity"]);
    });

    test("refuses a geo key given where { key } belongs, by its shape, alone", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-geo-shape", untyped<CmkPostgresqlFlexibleServerArgs>(geoArgs({ customerManagedKeyGeo: northKey as never }))), "customerManagedKeyGeo", /^is a key; give it as \{ key: <the key> \}/);
    });
});

describe("CmkPostgresqlFlexibleServer geo-backup key's vault region or its own given as an Output, known at preview", () => {
    const SERVER = "azure-native:dbforpostgresql:Server";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkPostgresqlFlexibleServer } = require("./components/cmk-postgresql-flexible-server");
            const keyIn = (name, location) => new EncryptionKey(name + "-cmk", { keyVault: new KeyVault("kv" + name, { resourceGroupName: "rg-byok", location }) });
            const primary = keyIn("pgprim", "westeurope");
            const server = (name, geoKey, location, key = primary) => new CmkPostgresqlFlexibleServer(name, { resourceGroupName: "rg-byok", location, customerManagedKey: { key }, geoRedundantBackup: "Enabled", customerManagedKeyGeo: { key: geoKey }, administrator: { principalName: "pg-admins", objectId: ${JSON.stringify(ADMINS)} } });
            server("pg-geo-vault-output", keyIn("pggvo", pulumi.output("westeurope")), "westeurope");
            server("pg-geo-good", keyIn("pggg", pulumi.output("North Europe")), pulumi.output("westeurope"));
            server("pg-geo-unoffered", keyIn("pggu", "eastus"), pulumi.output("westus3"), keyIn("pgpu", "westus3"));
        `, { preview: true });
    });

    test("a geo vault outside the pair region fails with the message plain regions get, and no server is sent", () => {
        expect(validationFailure(run, 'CmkPostgresqlFlexibleServer "pg-geo-vault-output"')).toContain('CmkPostgresqlFlexibleServer "pg-geo-vault-output": invalid arguments:\n  - customerManagedKeyGeo.key: is a key of a vault in westeurope, but the server\'s geo-paired region is northeurope (the pair of westeurope);');
        expect(run.registered).not.toContain(`${SERVER}::pg-geo-vault-output-server`);
    });

    test("a server region where PostgreSQL keeps no geo-redundant backup fails at geoRedundantBackup alone, though the region has a pair, and no server is sent", () => {
        const failure = validationFailure(run, 'CmkPostgresqlFlexibleServer "pg-geo-unoffered"');
        expect(failure).not.toContain("customerManagedKeyGeo");
        expect(failure).toContain('CmkPostgresqlFlexibleServer "pg-geo-unoffered": invalid arguments:\n  - geoRedundantBackup: is "Enabled", but PostgreSQL keeps no geo-redundant backup for a server in westus3 (the "Geo-redundant backup" column of its region table, https://learn.microsoft.com/azure/postgresql/flexible-server/overview#azure-regions); leave geoRedundantBackup "Disabled" there, or place the server in a region where PostgreSQL offers it');
        expect(run.registered).not.toContain(`${SERVER}::pg-geo-unoffered-server`);
    });

    test("a geo vault in the pair region, however spelled, passes", () => {
        expect(run.failures.filter((f) => f.includes("pg-geo-good"))).toEqual([]);
        expect(run.registered).toContain(`${SERVER}::pg-geo-good-server`);
    });
});

describe("CmkPostgresqlFlexibleServer with high availability", () => {
    test("keeps a standby in another zone, as asked by name, with the server's one key and identity", async () => {
        const server = await registered(new CmkPostgresqlFlexibleServer("pg-ha", args({ highAvailability: "ZoneRedundant", availabilityZone: "1", standbyAvailabilityZone: "2" })));
        const resource = recorder.find("azure-native:dbforpostgresql:Server", "pg-ha-server");
        const inputs = resource.inputs;
        expect(inputs).toMatchObject({ highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" }, availabilityZone: "1" });
        // A failover swaps the zones in Azure, and auto-grow raises the size: later runs leave both as Azure has them.
        expect(resource.ignoreChanges).toEqual(["storage.storageSizeGB", "availabilityZone", "highAvailability.standbyAvailabilityZone"]);
        expect(inputs.dataEncryption).toEqual({ type: "AzureKeyVault", primaryKeyURI: await valueOf(server.keyUri), primaryUserAssignedIdentityId: await valueOf(server.identity.id) });
    });

    test("a zone-redundant standby with neither zone written leaves both to Azure, as azure-native sends them", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-ha-any", args({ highAvailability: "ZoneRedundant" })));
        expect(recorder.find("azure-native:dbforpostgresql:Server", "pg-ha-any-server").inputs).toMatchObject({ highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "" }, availabilityZone: "" });
    });

    test("a server without a standby keeps its zone as written, and only its grown storage size as Azure has it", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-zonal", args({ availabilityZone: "3", highAvailability: "Disabled" })));
        expect(recorder.find("azure-native:dbforpostgresql:Server", "pg-zonal-server").ignoreChanges).toEqual(["storage.storageSizeGB"]);
    });

    test("takes a same-zone standby given the primary's zone, as Azure Verified Modules send one", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-ha-same", args({ highAvailability: "SameZone", availabilityZone: "2", standbyAvailabilityZone: "2" })));
        expect(recorder.find("azure-native:dbforpostgresql:Server", "pg-ha-same-server").inputs).toMatchObject({ highAvailability: { mode: "SameZone", standbyAvailabilityZone: "2" }, availabilityZone: "2" });
    });

    test("a server that does not ask for it is sent what it was before: no high-availability or zone setting", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-noha", args()));
        const inputs = recorder.find("azure-native:dbforpostgresql:Server", "pg-noha-server").inputs;
        expect(Object.keys(inputs)).not.toEqual(expect.arrayContaining(["highAvailability"]));
        // The SDK itself sends an empty zone when none is given.
        expect(inputs.availabilityZone).toBe("");
    });

    const cases: [string, Partial<CmkPostgresqlFlexibleServerArgs>, string, RegExp][] = [
        ["a standby on the Burstable tier", { highAvailability: "SameZone", sku: { name: "Standard_B2s", tier: "Burstable" } }, "highAvailability", /^is "SameZone", but sku.tier is "Burstable", where PostgreSQL keeps no standby \(https:\/\/learn.microsoft.com\/.*\); choose a GeneralPurpose or MemoryOptimized size, or leave highAvailability "Disabled"$/],
        ["a mode Azure does not name", { highAvailability: "Enabled" as never }, "highAvailability", /^"Enabled" is not "Disabled", "SameZone" or "ZoneRedundant"$/],
        ["a standby zone without a zone-redundant standby", { standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", but highAvailability is left at its default, "Disabled"; only a zone-redundant standby has a zone of its own/],
        ["a same-zone standby given a zone", { highAvailability: "SameZone", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /but highAvailability is "SameZone"/],
        ["a same-zone standby in a zone other than the primary's", { highAvailability: "SameZone", availabilityZone: "1", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", but highAvailability is "SameZone", whose standby is in the primary's availabilityZone, "1"; /],
        ["a zone-redundant standby in the primary's zone", { highAvailability: "ZoneRedundant", availabilityZone: "2", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", /^is "2", the primary's availabilityZone too; a zone-redundant standby is in another zone of the region/],
        ["a zone that is no zone", { availabilityZone: "4" as never }, "availabilityZone", /^"4" is not an availability zone: "1", "2" or "3", as text$/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-ha-bad", args(extra)), field, rule);
    });

    test("points Azure Verified Modules' name for the standby's zone to ours", () => {
        expect(validateCmkPostgresqlFlexibleServerArgs("pg", untyped<CmkPostgresqlFlexibleServerArgs>({ ...args(), highAvailabilityZone: "2" }))).toEqual([
            { field: "highAvailabilityZone", message: "is not an argument here; did you mean \"standbyAvailabilityZone\"?" },
        ]);
    });
});

describe("CmkPostgresqlFlexibleServer in a region without availability zones", () => {
    const NO_ZONES = "ukwest has no availability zones \\(https://learn\\.microsoft\\.com/azure/reliability/regions-list\\)";
    let westKey: EncryptionKey;
    beforeAll(async () => {
        westKey = new EncryptionKey("pg-ukwest-cmk", { keyVault: new KeyVault("kvpgukwest", { resourceGroupName: rg, location: "ukwest" }) });
        await valueOf(westKey.id);
        await settle();
    });
    const inUkWest = (extra: Partial<CmkPostgresqlFlexibleServerArgs> = {}) => args({ location: "ukwest", customerManagedKey: { key: westKey }, ...extra });

    test("takes a same-zone standby with no zone written, which Microsoft offers in every region", async () => {
        await registered(new CmkPostgresqlFlexibleServer("pg-ukw-same", inUkWest({ highAvailability: "SameZone" })));
        expect(recorder.find("azure-native:dbforpostgresql:Server", "pg-ukw-same-server").inputs).toMatchObject({ location: "ukwest", highAvailability: { mode: "SameZone" } });
    });

    const cases: [string, Partial<CmkPostgresqlFlexibleServerArgs>, string, RegExp][] = [
        ["a zone-redundant standby", { highAvailability: "ZoneRedundant" }, "highAvailability", new RegExp(`^is "ZoneRedundant", but ${NO_ZONES}, so PostgreSQL has no other zone to keep the standby in and Azure refuses it there; write "SameZone" \\(a standby beside the primary\\) or "Disabled", or place the server in a region with zones$`)],
        ["a primary's zone", { availabilityZone: "1" }, "availabilityZone", new RegExp(`^is "1", but ${NO_ZONES}, so Azure refuses a zone there; leave availabilityZone out, or place the server in a region with zones$`)],
        ["a same-zone standby's zone, at the zone rather than at its pairing with the primary's", { highAvailability: "SameZone", standbyAvailabilityZone: "2" }, "standbyAvailabilityZone", new RegExp(`^is "2", but ${NO_ZONES}, so Azure refuses a zone there; leave standbyAvailabilityZone out`)],
    ];
    test.each(cases)("rejects %s before registering anything, naming the region", async (_title, extra, field, rule) => {
        const error = await expectRefusedBeforeRegistration(recorder, () => new CmkPostgresqlFlexibleServer("pg-ukw-bad", inUkWest(extra)), field, rule);
        expect(error.issues.filter((i) => i.field === field)).toHaveLength(1);
    });

    test("refuses every zonal setting at once, however the region is written, and only the tier's rule on a Burstable standby", () => {
        const issues = validateCmkPostgresqlFlexibleServerArgs("pg", inUkWest({ location: "West US", highAvailability: "ZoneRedundant", availabilityZone: "1", standbyAvailabilityZone: "2" }));
        expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(["highAvailability", "availabilityZone", "standbyAvailabilityZone"]));
        expect(issues.find((i) => i.field === "highAvailability")?.message).toMatch(/^is "ZoneRedundant", but westus has no availability zones/);
        const burstable = validateCmkPostgresqlFlexibleServerArgs("pg", inUkWest({ highAvailability: "ZoneRedundant", sku: { name: "Standard_B2s", tier: "Burstable" } }));
        expect(burstable.filter((i) => i.field === "highAvailability").map((i) => i.message)).toEqual([expect.stringMatching(/but sku.tier is "Burstable"/)]);
    });

    test("leaves a region not known now (an Output, the resource group's) and one with zones to Azure", () => {
        const zonal = { highAvailability: "ZoneRedundant", availabilityZone: "1", standbyAvailabilityZone: "2" } as const;
        const haIssues = (location: CmkPostgresqlFlexibleServerArgs["location"]) => validateCmkPostgresqlFlexibleServerArgs("pg", args({ ...zonal, location })).filter((i) => /availability|Zone/i.test(i.field));
        expect(haIssues(pulumi.output("ukwest"))).toEqual([]);
        expect(haIssues(undefined)).toEqual([]);
        expect(haIssues("uksouth")).toEqual([]);
    });
});
