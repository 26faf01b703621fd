import * as pulumi from "@pulumi/pulumi";
import { CmkSqlServer, CmkSqlServerArgs, serverKeyName, validateCmkSqlServerArgs } from "../../components/cmk-sql-server";
import { EncryptionKey } from "../../components/encryption-key";
import { existingEncryptionKey } from "../../components/existing-encryption-key";
import { existingKeyVault } from "../../components/existing-key-vault";
import { builtInRoles, roleAssignmentName } from "../../components/key-permissions";
import { KeyVault } from "../../components/key-vault";
import { AzureMocks, mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { keyReference, vaultReference } from "../support/references";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
const ADMINS = "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90";
let recorder: Recorder;
let mocks: AzureMocks;
let key: EncryptionKey;
let bigKey: EncryptionKey;
let appKey: EncryptionKey;

beforeAll(async () => {
    // A platform team's vault with two keys the stack uses but does not make (`existing: true`).
    ({ recorder, mocks } = await setAzureMocks({
        resourceGroups: [...mockAzureDefaults.resourceGroups, { name: "rg-security", location: "westeurope" }],
        vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        keys: ["platform-tde", "platform-tde-next"].map((name) => ({ vaultName: "kv-central", name, kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] })),
    }));
    const vault = new KeyVault("kvsql", { resourceGroupName: rg });
    key = new EncryptionKey("tde", { keyVault: vault });
    bigKey = new EncryptionKey("tde-4096", { keyVault: vault, keySize: 4096 });
    appKey = new EncryptionKey("app", { keyVault: vault, purpose: "applicationCrypto" });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(bigKey.id), valueOf(appKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkSqlServerArgs> = {}): CmkSqlServerArgs => ({
    resourceGroupName: rg,
    customerManagedKey: { key },
    administrator: { login: "sql-admins", objectId: ADMINS },
    ...extra,
});

async function registered(server: CmkSqlServer): Promise<CmkSqlServer> {
    await valueOf(server.encryptionProtector.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return server;
}

describe("CmkSqlServer", () => {
    test("is created with the key's current version as its user-assigned identity, Entra-only and closed to the public, then follows rotation", async () => {
        const server = await registered(new CmkSqlServer("sql-byok", args()));
        const resource = recorder.find("azure-native:sql:Server", "sql-byok-server");
        const identityId = await valueOf(server.identity.id);
        const versioned = await valueOf(key.keyUriWithVersion);
        expect(resource.parent).toBe(recorder.find("azure-byok:sql:CmkSqlServer", "sql-byok").urn);
        expect(resource.inputs).toMatchObject({
            version: "12.0",
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            primaryUserAssignedIdentityId: identityId,
            keyId: versioned,
            administrators: { administratorType: "ActiveDirectory", azureADOnlyAuthentication: true, login: "sql-admins", sid: ADMINS, principalType: "Group" },
            minimalTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
        });
        expect(resource.inputs).not.toHaveProperty("administratorLogin");
        expect(resource.inputs).not.toHaveProperty("administratorLoginPassword");
        const name = String(resource.inputs.serverName);
        expect(name).toMatch(/^sql-byok-[a-z0-9]{6}$/);
        expect(await valueOf(server.fullyQualifiedDomainName)).toBe(`${name}.database.windows.net`);
        expect(await valueOf(server.keyId)).toBe(versioned);

        const protector = recorder.find("azure-native:sql:EncryptionProtector", "sql-byok-encryption-protector");
        const [, vaultName, keyName, version] = /^https:\/\/([^.]+)\.vault\.azure\.net\/keys\/([^/]+)\/([0-9a-f]{32})$/.exec(versioned) ?? [];
        expect(protector.inputs).toMatchObject({ serverName: name, encryptionProtectorName: "current", serverKeyType: "AzureKeyVault", serverKeyName: `${vaultName}_${keyName}_${version}`, autoRotationEnabled: true });
        expect(protector.dependencies).toContain(resource.urn);
    });

    test("waits for its grant: Crypto Service Encryption User on the key alone", async () => {
        await registered(new CmkSqlServer("sql-order", args()));
        const server = recorder.find("azure-native:sql:Server", "sql-order-server");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "sql-order-key-access-role-assignment");
        expect(server.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
    });

    test("keeps its grant on the key in Azure when the key changes, since restores and the log still need every earlier protector", async () => {
        // Unprotected, so that what stays is the grant's own doing.
        const server = await registered(new CmkSqlServer("sql-kept", args({ protect: false })));
        const principalId = await valueOf(server.identity.principalId);
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "sql-kept-key-access-role-assignment");
        expect([grant.retainOnDelete, grant.deleteBeforeReplace]).toEqual([true, false]);
        // Named from the key: the grant on a new key is a new assignment beside the one kept, never the same name twice.
        expect(grant.inputs.roleAssignmentName).toBe(roleAssignmentName(await valueOf(key.id), principalId, builtInRoles.keyVaultCryptoServiceEncryptionUser));
        // Unprotected, the identity goes with the server: only the grant is kept.
        expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "sql-kept-identity-identity").retainOnDelete).toBe(false);
        // On an access-policy vault the grant is an access policy, kept the same way.
        const policyVault = new KeyVault("kvsqlap", { resourceGroupName: rg, enableRbacAuthorization: false });
        const policyKey = new EncryptionKey("tde-ap", { keyVault: policyVault });
        await valueOf(policyKey.id);
        await registered(new CmkSqlServer("sql-kept-ap", args({ customerManagedKey: { key: policyKey } })));
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "sql-kept-ap-key-access-access-policy").retainOnDelete).toBe(true);
    });

    // SQL has no DELETE for a protector: azure-native's delete PUTs serverKeyType ServiceManaged, moving a server that stays off the key.
    test.each([
        ["protected", "sql-tde-kept", true],
        ["unprotected", "sql-tde-open", false],
    ] as const)("keeps its encryption protector in Azure when it leaves the stack, %s, so a server that stays keeps the customer's key", async (_what, name, protect) => {
        await registered(new CmkSqlServer(name, args({ protect })));
        const protector = recorder.find("azure-native:sql:EncryptionProtector", `${name}-encryption-protector`);
        expect([protector.protect, protector.retainOnDelete]).toEqual([false, true]);
    });

    test("a pinned version turns automatic rotation off; other settings are asked for by name", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        await registered(new CmkSqlServer("sql-pinned", args({
            serverName: "sql-pinned-01",
            customerManagedKey: { key, keyVersion: version },
            administrator: { login: "dba@contoso.com", objectId: ADMINS, principalType: "User" },
            publicNetworkAccess: "Enabled",
            minimalTlsVersion: "1.3",
        })));
        const server = recorder.find("azure-native:sql:Server", "sql-pinned-server");
        expect(server.inputs).toMatchObject({ serverName: "sql-pinned-01", keyId: `${await valueOf(key.keyUri)}/${version}`, publicNetworkAccess: "Enabled", minimalTlsVersion: "1.3", administrators: { principalType: "User", login: "dba@contoso.com" } });
        expect(recorder.find("azure-native:sql:EncryptionProtector", "sql-pinned-encryption-protector").inputs.autoRotationEnabled).toBe(false);
    });

    test("names a Key Vault server key as SQL does", () => {
        expect(serverKeyName(`https://kv-a.vault.azure.net/keys/tde/${"a".repeat(32)}`)).toBe(`kv-a_tde_${"a".repeat(32)}`);
        expect(() => serverKeyName("https://kv-a.vault.azure.net/keys/tde")).toThrow(/not a versioned Key Vault key URI/);
    });
});

describe("CmkSqlServer additional keys", () => {
    const versionOf = (uri: string) => uri.split("/").pop() as string;
    const nameOf = (uri: string) => /^https:\/\/([^.]+)\.vault\.azure\.net\/keys\/([^/]+)\/([0-9a-f]{32})$/.exec(uri)?.slice(1).join("_");

    test("holds each beside its protector: granted to the server's identity and kept, a server key named vault_key_version, set before the protector", async () => {
        const secondVault = new KeyVault("kvsqlne", { resourceGroupName: rg, location: "northeurope" });
        const other = new EncryptionKey("tde-ne", { keyVault: secondVault });
        const versioned = await valueOf(other.keyUriWithVersion);
        const server = await registered(new CmkSqlServer("sql-two", args({ additionalKeys: [{ key: other }] })));
        expect(server.additionalKeys).toHaveLength(1);
        const serverKey = recorder.find("azure-native:sql:ServerKey", "sql-two-additional-key-0");
        expect(recorder.resources.filter((r) => r.type === "azure-native:sql:ServerKey")).toHaveLength(1);
        expect(serverKey.inputs).toEqual({ resourceGroupName: rg, serverName: await valueOf(server.serverName), keyName: nameOf(versioned), serverKeyType: "AzureKeyVault", uri: versioned });
        expect(serverKey.parent).toBe(recorder.find("azure-byok:sql:CmkSqlServer", "sql-two").urn);
        expect(serverKey.retainOnDelete).toBe(true);
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "sql-two-additional-key-0-access-role-assignment");
        expect(grant.inputs).toMatchObject({ scope: await valueOf(other.id), principalId: await valueOf(server.identity.principalId) });
        expect(String(grant.inputs.roleDefinitionId)).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
        expect(grant.retainOnDelete).toBe(true);
        expect(serverKey.dependencies).toEqual(expect.arrayContaining([grant.urn, recorder.find("time:index/sleep:Sleep", "sql-two-additional-key-0-access-rbac-propagation").urn]));
        expect(recorder.find("azure-native:sql:EncryptionProtector", "sql-two-encryption-protector").dependencies).toContain(serverKey.urn);
        // The protector's key and grant are as without additional keys.
        expect(recorder.find("azure-native:sql:Server", "sql-two-server").inputs.keyId).toBe(await valueOf(key.keyUriWithVersion));
    });

    // The SDK gives a child that sets no protect its parent's; a protected grant would stop a move to another key at preview.
    test("under the component's own { protect: true }, protects the server but none of its grants and the waits after them", async () => {
        const other = new EncryptionKey("tde-prot", { keyVault: new KeyVault("kvsqlprot", { resourceGroupName: rg }) });
        await valueOf(other.id);
        await registered(new CmkSqlServer("sql-prot", args({ additionalKeys: [{ key: other }] }), { protect: true }));
        expect(recorder.find("azure-native:sql:Server", "sql-prot-server").protect).toBe(true);
        const grants = recorder.resources.filter((r) => ["azure-native:authorization:RoleAssignment", "time:index/sleep:Sleep"].includes(r.type));
        expect(grants.map((r) => [r.name, r.protect]).sort()).toEqual([
            ["sql-prot-additional-key-0-access-rbac-propagation", false], ["sql-prot-additional-key-0-access-role-assignment", false],
            ["sql-prot-key-access-rbac-propagation", false], ["sql-prot-key-access-role-assignment", false],
        ]);
    });

    test("a named entry's resources take its name, so reordering the list leaves them in place", async () => {
        const other = new EncryptionKey("tde-named", { keyVault: new KeyVault("kvsqlnamed", { resourceGroupName: rg }) });
        await valueOf(other.id);
        await registered(new CmkSqlServer("sql-named", args({ additionalKeys: [{ key: other, name: "ha" }] })));
        expect(recorder.resources.filter((r) => r.name.startsWith("sql-named-additional-key")).map((r) => r.name).sort()).toEqual([
            "sql-named-additional-key-ha", "sql-named-additional-key-ha-access", "sql-named-additional-key-ha-access-rbac-propagation", "sql-named-additional-key-ha-access-role-assignment",
        ]);
    });

    test("an unpinned key's server key stays at the version first held, since Azure brings its later versions to the server; a pinned one follows its pin", async () => {
        const vault = new KeyVault("kvsqlrot", { resourceGroupName: rg });
        const [rotating, pinnedKey] = [new EncryptionKey("tde-rotating", { keyVault: vault }), new EncryptionKey("tde-pinned", { keyVault: vault })];
        const pinned = versionOf(await valueOf(pinnedKey.keyUriWithVersion));
        await registered(new CmkSqlServer("sql-rot", args({ additionalKeys: [{ key: rotating, name: "rotating" }, { key: pinnedKey, name: "pinned", keyVersion: pinned }] })));
        expect(recorder.find("azure-native:sql:ServerKey", "sql-rot-additional-key-rotating").ignoreChanges).toEqual(["keyName", "uri"]);
        expect(recorder.find("azure-native:sql:ServerKey", "sql-rot-additional-key-pinned").ignoreChanges).toEqual([]);
    });

    test("a pinned version is the one held; in an access-policy vault the protector's grant serves the vault's other keys", async () => {
        const policyVault = new KeyVault("kvsqlap2", { resourceGroupName: rg, enableRbacAuthorization: false });
        const [main, second] = [new EncryptionKey("tde-ap-main", { keyVault: policyVault }), new EncryptionKey("tde-ap-second", { keyVault: policyVault })];
        const pinned = versionOf(await valueOf(second.keyUriWithVersion));
        await registered(new CmkSqlServer("sql-ap-two", args({ customerManagedKey: { key: main }, additionalKeys: [{ key: second, keyVersion: pinned }] })));
        const serverKey = recorder.find("azure-native:sql:ServerKey", "sql-ap-two-additional-key-0");
        expect(serverKey.inputs.uri).toBe(`${await valueOf(second.keyUri)}/${pinned}`);
        expect(recorder.resources.filter((r) => r.type === "azure-byok:keyvault:KeyAccess").map((r) => r.name)).toEqual(["sql-ap-two-key-access"]);
        expect(serverKey.dependencies).toContain(recorder.find("azure-native:keyvault:AccessPolicy", "sql-ap-two-key-access-access-policy").urn);
    });
});

describe("an existing protector key's new version, and a move to another key (README, \"A set or SQL server after a rotation\")", () => {
    const serverOn = async (name: string, keyName: string) => {
        const keyVault = await existingKeyVault(`${name}-vault`, { vaultName: "kv-central", resourceGroupName: "rg-security" });
        await registered(new CmkSqlServer(name, args({ customerManagedKey: { key: await existingEncryptionKey(`${name}-key`, { keyVault, keyName }) } })));
        const [server, protector] = [recorder.find("azure-native:sql:Server", `${name}-server`), recorder.find("azure-native:sql:EncryptionProtector", `${name}-encryption-protector`)];
        return { keyId: server.inputs.keyId, serverKeyName: protector.inputs.serverKeyName, ignoreChanges: [server.ignoreChanges, protector.ignoreChanges] };
    };

    test("the server and its protector are sent the version current when the program runs, with nothing ignored, so a move to another key deploys", async () => {
        const before = await serverOn("sql-existing-before", "platform-tde");
        // Key Vault's rotation policy, or a BYOK key's next version imported, makes a new current version.
        mocks.state.keys.get("kv-central/platform-tde")?.versions.push("0123456789abcdef0123456789abcdef");
        const rotated = await serverOn("sql-existing-rotated", "platform-tde");
        const moved = await serverOn("sql-existing-moved", "platform-tde-next");
        expect(before.keyId).toMatch(/^https:\/\/kv-central\.vault\.azure\.net\/keys\/platform-tde\/[0-9a-f]{32}$/);
        expect([rotated.keyId, rotated.serverKeyName]).toEqual(["https://kv-central.vault.azure.net/keys/platform-tde/0123456789abcdef0123456789abcdef", "kv-central_platform-tde_0123456789abcdef0123456789abcdef"]);
        expect(moved.serverKeyName).toMatch(/^kv-central_platform-tde-next_[0-9a-f]{32}$/);
        expect([before.ignoreChanges, rotated.ignoreChanges, moved.ignoreChanges]).toEqual([[[], []], [[], []], [[], []]]);
    });
});

describe("CmkSqlServer additional keys validation", () => {
    const vault = vaultReference({ vaultName: "kv-sql-ha" });
    const protector = keyReference({ keyName: "tde" }, vault);
    const issuesOf = (additionalKeys: unknown) => validateCmkSqlServerArgs("sql", untyped<CmkSqlServerArgs>({ ...args({ customerManagedKey: { key: protector } }), additionalKeys }));
    const cases: [string, () => unknown, string, string][] = [
        ["a 4096-bit key", () => [{ key: keyReference({ keyName: "tde-4096", keySize: 4096 }, vault) }], "additionalKeys[0].key.keySize", "is 4096 bits (key tde-4096), but SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit key (the default)"],
        ["a key that cannot wrap", () => [{ key: keyReference({ keyName: "app", keyOps: ["encrypt", "decrypt"] }, vault) }], "additionalKeys[0].key.keyOps", "lacks wrapKey, unwrapKey, which the service uses to wrap its data key; create the key with purpose \"cmkService\""],
        ["the protector's key", () => [{ key: keyReference({ keyName: "tde" }, vault) }], "additionalKeys[0].key", "is the protector's key (customerManagedKey.key), which the server holds already; name another key"],
        ["a key named twice, in another case", () => [{ key: keyReference({ keyName: "tde-b" }, vault) }, { key: keyReference({ keyName: "TDE-B" }, vault) }], "additionalKeys[1].key", "is the key of additionalKeys[0] too; a server holds each key version once"],
        ["a key whose names come to 95 characters", () => [{ key: keyReference({ keyName: "k".repeat(86) }, vault) }], "additionalKeys[0].key", `is key "${"k".repeat(86)}" (86 characters) of vault "kv-sql-ha" (9), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 85 characters, or a vault with a shorter name`],
        ["a malformed version", () => [{ key: keyReference({ keyName: "tde-b" }, vault), keyVersion: "latest" }], "additionalKeys[0].keyVersion", "\"latest\" is not a key version (32 lowercase hex characters)"],
        ["an identity per key, which the server does not take", () => [{ key: keyReference({ keyName: "tde-b" }, vault), userAssignedIdentity: { id: "x", clientId: "y", principalId: "z" } }], "additionalKeys[0].userAssignedIdentity", "is not an argument here; the arguments are key, keyVersion, name"],
        ["an entry name that an unnamed entry takes by position", () => [{ key: keyReference({ keyName: "tde-b" }, vault) }, { key: keyReference({ keyName: "tde-c" }, vault), name: "0" }], "additionalKeys[1].name", "\"0\" is the name additionalKeys[0] takes by its position, having none; name that entry, or this one otherwise"],
        ["an entry name with other characters", () => [{ key: keyReference({ keyName: "tde-b" }, vault), name: "ha_1" }], "additionalKeys[0].name", "\"ha_1\" is not an entry name: 1–127 letters, digits and hyphens"],
        ["one entry name twice", () => [{ key: keyReference({ keyName: "tde-b" }, vault), name: "ha" }, { key: keyReference({ keyName: "tde-c" }, vault), name: "HA" }], "additionalKeys[1].name", "\"HA\" names additionalKeys[0] too; each entry's resources need a name of their own"],
        ["a key given bare", () => [keyReference({ keyName: "tde-b" }, vault)], "additionalKeys[0]", "is a key; give it as { key: <the key> }, with keyVersion and name beside it where needed"],
    ];
    test.each(cases)("refuses %s, naming the entry", (_title, additionalKeys, field, message) => {
        expect(issuesOf(additionalKeys())).toContainEqual({ field, message });
    });

    test("takes keys of the protector's vault and another, in any number", () => {
        expect(issuesOf([{ key: keyReference({ keyName: "tde-b" }, vault) }, { key: keyReference({ keyName: "tde" }, vaultReference({ vaultName: "kv-sql-ne" })) }])).toEqual([]);
    });

    test("takes a name of digits alone that no unnamed entry's position takes, as a key named so is named", () => {
        expect(issuesOf([{ key: keyReference({ keyName: "2024" }, vault), name: "2024" }, { key: keyReference({ keyName: "tde-b" }, vault) }, { key: keyReference({ keyName: "tde-c" }, vault), name: "01" }])).toEqual([]);
    });

    test("takes the protector's key, or one key twice, only at two different pinned versions", () => {
        const [v1, v2] = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"];
        const protectorPinned = (additionalKeys: unknown) => validateCmkSqlServerArgs("sql", untyped<CmkSqlServerArgs>({ ...args({ customerManagedKey: { key: protector, keyVersion: v1 } }), additionalKeys }));
        const fields = (issues: { field: string }[]) => issues.map((x) => x.field);
        expect(protectorPinned([{ key: protector, keyVersion: v2 }])).toEqual([]);
        // Unpinned, a key is at its current version when held, which may be the other's.
        expect(fields(protectorPinned([{ key: protector }]))).toEqual(["additionalKeys[0].key"]);
        expect(fields(protectorPinned([{ key: protector, keyVersion: v1 }]))).toEqual(["additionalKeys[0].key"]);
        expect(fields(issuesOf([{ key: protector, keyVersion: v2 }]))).toEqual(["additionalKeys[0].key"]);
        const other = keyReference({ keyName: "tde-b" }, vault);
        expect(issuesOf([{ key: other, keyVersion: v1 }, { key: other, keyVersion: v2 }])).toEqual([]);
        expect(fields(issuesOf([{ key: other, keyVersion: v1 }, { key: other }]))).toEqual(["additionalKeys[1].key"]);
    });

    test("refuses them before registering anything", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkSqlServer("sql-bad-keys", args({ additionalKeys: [{ key: bigKey }] })), "additionalKeys[0].key.keySize", /is 4096 bits/);
    });
});

describe("CmkSqlServer validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkSqlServerArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a 4096-bit key", () => ({ customerManagedKey: { key: bigKey } }), "customerManagedKey.key.keySize", /is 4096 bits, but SQL takes a TDE protector of 2048 or 3072 bits only/],
        ["a key that cannot wrap", () => ({ customerManagedKey: { key: appKey } }), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a malformed key version", () => ({ customerManagedKey: { key, keyVersion: "latest" } }), "customerManagedKey.keyVersion", /not a key version/],
        ["a server name with capitals", () => ({ serverName: "Sql-Byok" }), "serverName", /1–63 lowercase letters, digits and hyphens/],
        ["a server name ending in a hyphen", () => ({ serverName: "sql-" }), "serverName", /not starting or ending with a hyphen/],
        ["no administrator", () => ({ administrator: undefined as never }), "administrator", /Microsoft Entra authentication only/],
        ["an administrator without a login", () => ({ administrator: { login: " ", objectId: ADMINS } }), "administrator.login", /is required/],
        ["an administrator whose object id is not a GUID", () => ({ administrator: { login: "sql-admins", objectId: "sql-admins" } }), "administrator.objectId", /is not an object id \(a GUID\)/],
        ["an administrator's tenant given by domain", () => ({ administrator: { login: "sql-admins", objectId: ADMINS, tenantId: "contoso.onmicrosoft.com" } }), "administrator.tenantId", /^"contoso\.onmicrosoft\.com" is not a tenant id \(a GUID\): Azure takes the directory's id here, not one of its domains$/],
        ["an unknown principal type", () => ({ administrator: { login: "sql-admins", objectId: ADMINS, principalType: "Team" as never } }), "administrator.principalType", /is not "User", "Group" or "Application"/],
        ["TLS 1.0", () => ({ minimalTlsVersion: "1.0" as never }), "minimalTlsVersion", /older versions are not offered/],
        ["an unknown public access setting", () => ({ publicNetworkAccess: "SecuredByPerimeter" as never }), "publicNetworkAccess", /is not "Enabled" or "Disabled"/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkSqlServer("sql-bad", args(extra())), field, rule);
    });

    test("refuses a key whose vault and key names come to more than SQL's 94 characters, naming the key", () => {
        // A 24-character vault, Key Vault's longest, leaves 70 for the key.
        const vault = vaultReference({ vaultName: "kv-sql-primary-we-000001" });
        const issues = (keyName: string) => validateCmkSqlServerArgs("sql", args({ customerManagedKey: { key: keyReference({ keyName, keySize: 3072 }, vault) } }));
        expect(issues("k".repeat(71))).toEqual([{ field: "customerManagedKey.key", message: `is key "${"k".repeat(71)}" (71 characters) of vault "kv-sql-primary-we-000001" (24), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 70 characters, or a vault with a shorter name` }]);
        expect(issues("k".repeat(70))).toEqual([]);
    });

    test("names the resource when it leaves no server-name prefix", () => {
        expect(validateCmkSqlServerArgs("---", args()).map((i) => i.field)).toEqual(["name", "name"]);
        expect(validateCmkSqlServerArgs("sql", args())).toEqual([]);
    });
});

describe("CmkSqlServer arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["Azure Verified Modules' name for the server name", () => ({ name: "sql-byok-01" }), "name", /^is not an argument here; did you mean "serverName"\?$/],
        ["the administrator under Azure's name", () => ({ administrator: undefined, administrators: { login: "sql-admins", sid: ADMINS } }), "administrators", /^is not an argument here; did you mean "administrator"\?$/],
        ["the administrator's object id under Azure's name", () => ({ administrator: { login: "sql-admins", sid: ADMINS } }), "administrator.sid", /^is not an argument here; did you mean "objectId"\?$/],
        ["the public access setting as an Output", () => ({ publicNetworkAccess: pulumi.output("Enabled") }), "publicNetworkAccess", OUTPUT_RULE],
        ["the TLS version as a number", () => ({ minimalTlsVersion: 1.2 }), "minimalTlsVersion", /^is a number \(1.2\), not a string$/],
        ["the administrator's login as a number", () => ({ administrator: { login: 42, objectId: ADMINS } }), "administrator.login", /^is a number \(42\), not a string$/],
        ["the server name as null", () => ({ serverName: null }), "serverName", /^is null; leave the argument out to take its default$/],
        ["the administrator's object id as a number", () => ({ administrator: { login: "sql-admins", objectId: 42 } }), "administrator.objectId", /^is a number \(42\), not a string$/],
        ["an administrator without its object id", () => ({ administrator: { login: "sql-admins" } }), "administrator.objectId", /^is required: the administrator's object id$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkSqlServer("sql-shape", untyped<CmkSqlServerArgs>({ ...args(), ...extra() })), field, rule);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        expect(validateCmkSqlServerArgs("sql", untyped<CmkSqlServerArgs>({ ...args(), publicNetworkAccess: pulumi.output("Enabled"), serverName: "SQL" })).map((i) => i.field)).toEqual(["publicNetworkAccess"]);
    });
});

describe("CmkSqlServer administrator ids given as Outputs, known at preview", () => {
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkSqlServer } = require("./components/cmk-sql-server");
            const key = new EncryptionKey("tde", { keyVault: new KeyVault("kvsqlout", { resourceGroupName: "rg-byok" }) });
            const server = (name, administrator) => new CmkSqlServer(name, { resourceGroupName: "rg-byok", customerManagedKey: { key }, administrator: { login: "sql-admins", ...administrator } });
            server("sql-object-output", { objectId: pulumi.output("sql-admins") });
            server("sql-object-secret", { objectId: pulumi.secret("sql-admins") });
            server("sql-tenant-output", { objectId: ${JSON.stringify(ADMINS)}, tenantId: pulumi.output("contoso.onmicrosoft.com") });
            server("sql-unknown", { objectId: pulumi.output(pulumi.unknown).apply(() => "sql-admins"), tenantId: pulumi.output(pulumi.unknown).apply(() => "contoso.onmicrosoft.com") });
            server("sql-good", { objectId: pulumi.secret(${JSON.stringify(ADMINS)}), tenantId: pulumi.output(${JSON.stringify(mockAzureDefaults.tenantId)}) });
            // Names an EncryptionKey gives as Outputs: 24 and 71 characters, one over SQL's 94.
            const longKey = new EncryptionKey("tde-long", { keyVault: new KeyVault("kvsqllong", { resourceGroupName: "rg-byok", vaultName: "kv-sql-primary-we-000002" }), keyName: "k".repeat(71) });
            new CmkSqlServer("sql-long-key", { resourceGroupName: "rg-byok", customerManagedKey: { key: longKey }, administrator: { login: "sql-admins", objectId: ${JSON.stringify(ADMINS)} } });
            new CmkSqlServer("sql-long-extra", { resourceGroupName: "rg-byok", customerManagedKey: { key }, additionalKeys: [{ key: longKey }], administrator: { login: "sql-admins", objectId: ${JSON.stringify(ADMINS)} } });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);
    const plainIssue = (administrator: CmkSqlServerArgs["administrator"], field: string) => validateCmkSqlServerArgs("sql", args({ administrator })).find((i) => i.field === field);

    test("an object id that is no GUID fails with the message a plain one gets, and no server is sent", () => {
        const issue = plainIssue({ login: "sql-admins", objectId: "sql-admins" }, "administrator.objectId");
        expect(issue?.message).toBe('"sql-admins" is not an object id (a GUID)');
        expect(failureOf('CmkSqlServer "sql-object-output"')).toContain(`CmkSqlServer "sql-object-output": invalid arguments:\n  - administrator.objectId: ${issue?.message}`);
        expect(run.registered).not.toContain("azure-native:sql:Server::sql-object-output-server");
    });

    test("one from a secret is shown as [secret]", () => {
        const failure = failureOf('CmkSqlServer "sql-object-secret"');
        expect(failure).toContain('CmkSqlServer "sql-object-secret": invalid arguments:\n  - administrator.objectId: [secret] is not an object id (a GUID)');
        expect(failure).not.toContain('"sql-admins"');
        expect(run.registered).not.toContain("azure-native:sql:Server::sql-object-secret-server");
    });

    test("a tenant given by its domain fails with the message a plain one gets, and no server is sent", () => {
        const issue = plainIssue({ login: "sql-admins", objectId: ADMINS, tenantId: "contoso.onmicrosoft.com" }, "administrator.tenantId");
        expect(issue?.message).toMatch(/^"contoso\.onmicrosoft\.com" is not a tenant id/);
        expect(failureOf('CmkSqlServer "sql-tenant-output"')).toContain(`CmkSqlServer "sql-tenant-output": invalid arguments:\n  - administrator.tenantId: ${issue?.message}`);
        expect(run.registered).not.toContain("azure-native:sql:Server::sql-tenant-output-server");
    });

    test("a key whose vault and key names, given as Outputs, come to more than 94 characters fails naming the key, and no server is sent", () => {
        expect(failureOf('CmkSqlServer "sql-long-key"')).toContain(`CmkSqlServer "sql-long-key": invalid arguments:\n  - customerManagedKey.key: is key "${"k".repeat(71)}" (71 characters) of vault "kv-sql-primary-we-000002" (24), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 70 characters`);
        expect(run.registered).not.toContain("azure-native:sql:Server::sql-long-key-server");
        expect(failureOf('CmkSqlServer "sql-long-extra"')).toContain(`CmkSqlServer "sql-long-extra": invalid arguments:\n  - additionalKeys[0].key: is key "${"k".repeat(71)}" (71 characters) of vault "kv-sql-primary-we-000002" (24), 95 characters together`);
        expect(run.registered).not.toContain("azure-native:sql:ServerKey::sql-long-extra-additional-key-0");
    });

    test("ids unknown at preview and valid ones pass", () => {
        // The mocks themselves refuse an administrator they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"sql-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("sql-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining(["azure-native:sql:Server::sql-unknown-server", "azure-native:sql:Server::sql-good-server"]));
    });
});
