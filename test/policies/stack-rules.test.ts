import { CLIENT_ID, CSEU, deployedOutputs, good, IDENTITY_ID, KEY_ID, KEY_URI, PRINCIPAL_ID, ruleNamed, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, VERSION, view, withField } from "./fixtures";
import { ResourceView } from "../../policies/lib/rule";
import { canonicalType } from "../../policies/lib/type-tokens";

const ROLE = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const OFFICER = ROLE("14b46e9e-c2b7-41b4-b07b-48a6ebf60603");
const ADMIN = ROLE("00482a5a-887f-4fb3-b363-3b7fe8e74483");

/** A CMK service's wait for the known-good stack's grant (the grant's URN, as `view` makes it). */
const WAITS = { dependencies: ["urn:pulumi:dev::azure-byok::azure-native:authorization:RoleAssignment::grant"] };

/**
 * Outputs of a known-good stack: vault, key, identity, its key-scoped grant, a lock, audit logs, a CMK registry and a private endpoint to the vault.
 * The key is 3072-bit unless `keySize` says otherwise (Azure AI services and Data Explorer take 2048 bits only).
 */
function goodStack(keySize = 3072) {
    const vault = view(TYPES.vault, { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { name: "cmk", kty: "RSA-HSM", keySize, keyUri: "https://kv-good.vault.azure.net/keys/cmk", keyUriWithVersion: "https://kv-good.vault.azure.net/keys/cmk/0123" }, { name: "cmk-key" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const grant = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "grant" });
    const lock = view("azure-native:authorization:ManagementLockByScope", { level: "CanNotDelete", name: "lock" }, { name: "kv-lock", propertyDependencies: { scope: [vault.urn] } });
    const audit = view("azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT_ID, logs: [{ category: "AuditEvent", enabled: true }] }, { name: "kv-audit" });
    // The registry waits for its identity's grant, as a CMK service must.
    const registry = view(TYPES.registry, good.registry(), { name: "acr-registry", dependencies: [identity.urn, grant.urn] });
    const endpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-kv", privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }] }, { name: "kv-endpoint" });
    return { vault, key, identity, grant, lock, audit, registry, endpoint, all: [vault, key, identity, grant, lock, audit, registry, endpoint] as ResourceView[] };
}

function replace(all: ResourceView[], from: ResourceView, to: ResourceView): ResourceView[] {
    return all.map((r) => (r === from ? to : r));
}

const STACK_RULES = [
    "azure-keyvault-vault-enable-purge-protection-for-cmk",
    "azure-keyvault-key-configure-cmk-identity-access",
    "azure-keyvault-key-configure-cmk-grant-ordering",
    "azure-keyvault-vault-disallow-privileged-workload-roles",
    "azure-keyvault-key-missing-in-stack",
    "azure-keyvault-vault-enable-premium-sku-for-hsm-keys",
    "azure-keyvault-vault-missing-delete-lock",
    "azure-keyvault-vault-missing-diagnostic-settings",
    "azure-keyvault-vault-enable-trusted-services-bypass",
    "azure-keyvault-vault-missing-private-endpoint",
    "azure-keyvault-vault-disable-public-network-access-with-private-endpoint",
    "azure-containerservice-managedcluster-configure-kms-vault-network-access",
    "azure-cosmosdb-account-configure-key-vault-network-access",
    "azure-keyvault-key-configure-cmk-key-compatibility",
    "azure-containerservice-managedcluster-configure-kms-key-validity",
    "azure-storage-account-enable-soft-delete",
    "azure-storage-account-enable-container-soft-delete",
    "azure-compute-diskencryptionset-configure-vault-region",
    "azure-dbforpostgresql-server-configure-vault-region",
    "azure-dbformysql-server-configure-vault-region",
    "azure-dbformysql-server-configure-vault-soft-delete-retention",
    "azure-sql-server-enable-cmk-encryption",
    "azure-keyvault-vault-disallow-broad-access-policies",
    "azure-compute-virtualmachine-enable-cmk-disk-encryption",
    "azure-keyvault-managedhsm-configure-cmk-local-role",
    "azure-storage-encryptionscope-enable-cmk-encryption",
];

test.each(STACK_RULES)("%s passes the known-good stack in every profile", (name) => {
    for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
        expect(stackMessages(name, goodStack().all, {}, profile)).toEqual([]);
    }
});

test("a disk encryption set on a key of a vault in another region is reported at the set", () => {
    const s = goodStack();
    const located = { ...s.vault, props: { ...s.vault.props, location: "westeurope" } };
    const set = (location: string) => view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), name: "des", location }, { name: "des-set", ...WAITS });
    const rule = "azure-compute-diskencryptionset-configure-vault-region";
    expect(stackMessages(rule, [...replace(s.all, s.vault, located), set("West Europe")])).toEqual([]);
    const far = set("northeurope");
    expect(stackMessages(rule, [...replace(s.all, s.vault, located), far])).toEqual([
        { urn: far.urn, message: "Disk encryption set des-set in northeurope takes key kv-good/cmk from vault kv-good in westeurope; a disk encryption set takes keys only from a vault in its own region, so put the set (and its disks) or the key in one region." },
    ]);
    // A region not known yet, or a vault outside the stack, is Azure's to judge.
    expect(stackMessages(rule, [...replace(s.all, s.vault, { ...located, props: { ...located.props, location: UNKNOWN_STRING } }), far])).toEqual([]);
    expect(stackMessages(rule, [...s.all.filter((r) => r !== s.vault), far])).toEqual([]);
});

test("a PostgreSQL or MySQL server on a key of a vault in another region is reported at the server", () => {
    const s = goodStack();
    const located = { ...s.vault, props: { ...s.vault.props, location: "westeurope" } };
    const stack = (server: ResourceView) => [...replace(s.all, s.vault, located), server];
    const postgresql = (location: string) => view(TYPES.postgresqlServer, { ...good.postgresqlServer(), name: "psql-good", location }, { name: "psql", ...WAITS });
    const mysql = (location: string) => view(TYPES.mysqlServer, { ...good.mysqlServer(), name: "mysql-good", location }, { name: "mysql", ...WAITS });
    const PG = "azure-dbforpostgresql-server-configure-vault-region";
    const MYSQL = "azure-dbformysql-server-configure-vault-region";
    expect(stackMessages(PG, stack(postgresql("West Europe")))).toEqual([]);
    expect(stackMessages(MYSQL, stack(mysql("westeurope")))).toEqual([]);
    const farPg = postgresql("eastus");
    expect(stackMessages(PG, stack(farPg))).toEqual([
        { urn: farPg.urn, message: "PostgreSQL server psql in eastus takes key kv-good/cmk from vault kv-good in westeurope; PostgreSQL takes its data encryption key only from a key store in the server's region, so put the server or the key in one region." },
    ]);
    const farMysql = mysql("eastus");
    expect(stackMessages(MYSQL, stack(farMysql))).toEqual([
        { urn: farMysql.urn, message: "MySQL server mysql in eastus takes key kv-good/cmk from vault kv-good in westeurope; MySQL takes its data encryption key only from a key vault in the server's region, so put the server or the key in one region." },
    ]);
    // Service-managed keys, a region not known yet, or a vault or Managed HSM outside the stack are not this rule's to judge.
    expect(stackMessages(PG, stack(view(TYPES.postgresqlServer, withField(farPg.props, "dataEncryption.type", "SystemManaged"), { name: "psql" })))).toEqual([]);
    expect(stackMessages(MYSQL, stack(mysql(UNKNOWN_STRING)))).toEqual([]);
    expect(stackMessages(PG, [...replace(s.all, s.vault, { ...located, props: { ...located.props, location: UNKNOWN_STRING } }), farPg])).toEqual([]);
    expect(stackMessages(MYSQL, [...s.all.filter((r) => r !== s.vault), farMysql])).toEqual([]);
    expect(stackMessages(PG, stack(view(TYPES.postgresqlServer, withField(farPg.props, "dataEncryption.primaryKeyURI", "https://hsm-good.managedhsm.azure.net/keys/cmk"), { name: "psql" })))).toEqual([]);
});

describe.each([
    ["PostgreSQL", TYPES.postgresqlServer, () => good.postgresqlServer(), "azure-dbforpostgresql-server-configure-vault-region", "a key store"],
    ["MySQL", TYPES.mysqlServer, () => good.mysqlServer(), "azure-dbformysql-server-configure-vault-region", "a managed HSM"],
])("a %s server on a Managed HSM key", (engine, type, props, RULE, store) => {
    const HSM_KEY = "https://hsm-good.managedhsm.azure.net/keys/cmk";
    const hsm = (location: string, regions?: unknown) => view(TYPES.managedHsm, { ...good.managedHsm(), location, properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/", ...(regions === undefined ? {} : { regions }) } }, { name: "hsm" });
    const server = (extra: Partial<ResourceView> = {}, keyUri: string = HSM_KEY) => view(type, withField({ ...props(), location: "westeurope" }, "dataEncryption.primaryKeyURI", keyUri), { name: "db", ...extra });

    test("is reported when the pool is in another region, as Microsoft's guide refuses", () => {
        const db = server();
        expect(stackMessages(RULE, [hsm("northeurope"), db])).toEqual([
            { urn: db.urn, message: `${engine} server db in westeurope takes key hsm-good/cmk from managed HSM hsm-good in northeurope; ${engine} takes its data encryption key only from ${store} in the server's region, so put the server or the key in one region.` },
        ]);
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "mandatory", mcsb: "mandatory", sovereign: "mandatory" });
    });

    test("is reported on a first preview, its key URI built from the pool's", () => {
        const db = server({ propertyDependencies: { dataEncryption: [hsm("northeurope").urn] } }, UNKNOWN_STRING);
        expect(stackMessages(RULE, [hsm("northeurope"), db]).map((v) => v.urn)).toEqual([db.urn]);
    });

    test("passes a pool in the server's region, or extended to it, and gives no verdict while its regions are not known", () => {
        expect(stackMessages(RULE, [hsm("westeurope"), server()])).toEqual([]);
        expect(stackMessages(RULE, [hsm("northeurope", [{ name: "West Europe", isPrimary: false }]), server()])).toEqual([]);
        expect(stackMessages(RULE, [hsm("northeurope", UNKNOWN_STRING), server()])).toEqual([]);
        expect(stackMessages(RULE, [hsm("northeurope", [{ name: UNKNOWN_STRING }]), server()])).toEqual([]);
        expect(stackMessages(RULE, [hsm(UNKNOWN_STRING), server()])).toEqual([]);
        // A vault and a pool may share a name: a vault key of that name is the vault's.
        const vault = view(TYPES.vault, { name: "hsm-good", location: "westeurope", properties: { ...good.vault().properties, vaultUri: "https://hsm-good.vault.azure.net/" } }, { name: "kv" });
        expect(stackMessages(RULE, [hsm("northeurope"), vault, server({}, "https://hsm-good.vault.azure.net/keys/cmk")])).toEqual([]);
    });

    test("is reported when its geo-backup key's pool is outside the paired region", () => {
        const db = server({}, KEY_URI);
        const geo = view(type, withField(withField(db.props, "dataEncryption.geoBackupKeyURI", HSM_KEY), "dataEncryption.geoBackupUserAssignedIdentityId", IDENTITY_ID.replace("id-cmk", "id-geo")), { name: "db" });
        expect(stackMessages(RULE, [hsm("westeurope"), geo]).map((v) => v.message)).toEqual([
            `${engine} server db in westeurope takes its geo-backup key hsm-good/cmk from managed HSM hsm-good in westeurope; Azure keeps the server's geo-redundant backups in its paired region, northeurope, and takes their key only from ${engine === "MySQL" ? "a managed HSM" : "a key store"} there, so put the geo-backup key in a managed HSM in northeurope.`,
        ]);
        expect(stackMessages(RULE, [hsm("northeurope"), geo])).toEqual([]);
    });
});

test("a Managed HSM key is left alone by the disk encryption set's region rule, which judges vaults; MySQL's retention rule holds a pool to 90 days as a vault", () => {
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), location: "northeurope", properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/", softDeleteRetentionInDays: 7 } }, { name: "hsm" });
    const set = view(TYPES.diskEncryptionSet, withField({ ...good.diskEncryptionSet(), name: "des", location: "westeurope" }, "activeKey.keyUrl", "https://hsm-good.managedhsm.azure.net/keys/cmk/0123"), { name: "des" });
    expect(stackMessages("azure-compute-diskencryptionset-configure-vault-region", [hsm, set])).toEqual([]);
    const mysql = view(TYPES.mysqlServer, withField({ ...good.mysqlServer(), location: "northeurope" }, "dataEncryption.primaryKeyURI", "https://hsm-good.managedhsm.azure.net/keys/cmk"), { name: "db" });
    // MySQL's customer-managed-key guide asks 90 days of soft delete of "Key Vault or Managed HSM".
    expect(stackMessages("azure-dbformysql-server-configure-vault-soft-delete-retention", [hsm, mysql]).map((v) => v.message)).toEqual([
        "MySQL server db takes key hsm-good/cmk from managed HSM hsm-good, which keeps deleted keys 7 days; MySQL takes its key only from a managed HSM that keeps them 90, fixed when the managed HSM is made, so use a key of a managed HSM with properties.softDeleteRetentionInDays 90.",
    ]);
    const kept = view(TYPES.managedHsm, { ...hsm.props, properties: { ...(hsm.props.properties as Record<string, unknown>), softDeleteRetentionInDays: 90 } }, { name: "hsm" });
    expect(stackMessages("azure-dbformysql-server-configure-vault-soft-delete-retention", [kept, mysql])).toEqual([]);
});

test("a MySQL server on a key of a vault keeping deleted keys under 90 days is reported at the server; left out, a vault keeps them 90", () => {
    const s = goodStack();
    const RULE = "azure-dbformysql-server-configure-vault-soft-delete-retention";
    const server = view(TYPES.mysqlServer, { ...good.mysqlServer(), name: "mysql-good", location: "westeurope" }, { name: "mysql", ...WAITS });
    const keeping = (days: unknown) => ({ ...s.vault, props: withField(s.vault.props, "properties.softDeleteRetentionInDays", days) });
    expect(stackMessages(RULE, [...replace(s.all, s.vault, keeping(7)), server])).toEqual([
        { urn: server.urn, message: "MySQL server mysql takes key kv-good/cmk from vault kv-good, which keeps deleted keys 7 days; MySQL takes its key only from a vault that keeps them 90, fixed when the vault is made, so use a key of a vault with properties.softDeleteRetentionInDays 90." },
    ]);
    expect(stackMessages(RULE, [...replace(s.all, s.vault, keeping(90)), server])).toEqual([]);
    expect(stackMessages(RULE, [...replace(s.all, s.vault, keeping(undefined)), server])).toEqual([]);
    expect(stackMessages(RULE, [...replace(s.all, s.vault, keeping(UNKNOWN_STRING)), server])).toEqual([]);
    // PostgreSQL asks for no more than Key Vault's own minimum.
    const postgresql = view(TYPES.postgresqlServer, { ...good.postgresqlServer(), name: "psql-good" }, { name: "psql", ...WAITS });
    expect(stackMessages(RULE, [...replace(s.all, s.vault, keeping(7)), postgresql])).toEqual([]);
});

test("a CMK service that does not wait for its identity's grant is reported at the service, naming the grant", () => {
    const s = goodStack();
    const rule = "azure-keyvault-key-configure-cmk-grant-ordering";
    const hasty = { ...s.registry, dependencies: [s.identity.urn] };
    expect(stackMessages(rule, replace(s.all, s.registry, hasty))).toEqual([
        { urn: hasty.urn, message: `Container Registry acr-registry does not wait for grant, which lets its identity id-cmk use key kv-good/cmk; make the service depend on the grant (dependsOn), and on a wait after it (time.Sleep from @pulumiverse/time, createDuration 30s), since Azure can take minutes to apply a new role assignment.` },
    ]);
    // Waiting through something that waits for the grant (a wait after it) is waiting for it.
    const wait = view("time:index/sleep:Sleep", { createDuration: "30s" }, { name: "grant-wait", dependencies: [s.grant.urn] });
    expect(stackMessages(rule, [...replace(s.all, s.registry, { ...s.registry, dependencies: [s.identity.urn, wait.urn] }), wait])).toEqual([]);
    // No grant in the stack (an identity granted elsewhere) or a grant on another key: nothing to wait for here.
    expect(stackMessages(rule, replace(s.all, s.registry, hasty).filter((r) => r !== s.grant))).toEqual([]);
    const elsewhere = { ...s.grant, props: { ...s.grant.props, scope: `${VAULT_ID.replace("kv-good", "kv-other")}/keys/cmk` } };
    expect(stackMessages(rule, replace(replace(s.all, s.registry, hasty), s.grant, elsewhere))).toEqual([]);
    // An access policy on the key's vault is a grant too, where the vault reads access policies; an RBAC vault ignores it.
    const policy = view("azure-native:keyvault:AccessPolicy", { vaultName: "kv-good", policy: { objectId: PRINCIPAL_ID, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } } }, { name: "kv-policy" });
    const policyVault = { ...s.vault, props: withField(s.vault.props, "properties.enableRbacAuthorization", false) };
    expect(stackMessages(rule, [...replace(replace(s.all, s.registry, hasty), s.vault, policyVault).filter((r) => r !== s.grant), policy])).toEqual([
        { urn: hasty.urn, message: "Container Registry acr-registry does not wait for kv-policy, which lets its identity id-cmk use key kv-good/cmk; make the service depend on the access policy (dependsOn)." },
    ]);
    expect(stackMessages(rule, [...replace(s.all, s.registry, hasty).filter((r) => r !== s.grant), policy])).toEqual([]);
});

test("a vault or Managed HSM firewall that leaves the bypass out admits trusted services (Azure's default AzureServices); only None is reported", () => {
    const s = goodStack();
    const rule = "azure-keyvault-vault-enable-trusted-services-bypass";
    const vaultWith = (bypass: unknown) => ({ ...s.vault, props: withField(s.vault.props, "properties.networkAcls.bypass", bypass) });
    expect(stackMessages(rule, replace(s.all, s.vault, vaultWith(undefined)))).toEqual([]);
    expect(stackMessages(rule, replace(s.all, s.vault, { ...s.vault, props: withField(s.vault.props, "properties.networkAcls", undefined) }))).toEqual([]);
    expect(stackMessages(rule, replace(s.all, s.vault, vaultWith(UNKNOWN_STRING)))).toEqual([]);
    expect(stackMessages(rule, replace(s.all, s.vault, vaultWith("None")))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good is closed to public networks without the trusted-services bypass, which Container Registry acr-registry needs; set properties.networkAcls.bypass to \"AzureServices\"." },
    ]);
    const hsmWith = (bypass: unknown) => view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/", networkAcls: bypass === undefined ? { defaultAction: "Deny" } : { bypass, defaultAction: "Deny" } } }, { name: "hsm" });
    const onHsm = view(TYPES.registry, withField(good.registry(), "encryption.keyVaultProperties.keyIdentifier", "https://hsm-good.managedhsm.azure.net/keys/cmk"), { name: "acr-registry" });
    expect(stackMessages(rule, [hsmWith(undefined), s.identity, onHsm])).toEqual([]);
    const closedHsm = hsmWith("None");
    expect(stackMessages(rule, [closedHsm, s.identity, onHsm])).toEqual([
        { urn: closedHsm.urn, message: "Managed HSM hsm-good is closed to public networks without the trusted-services bypass, which Container Registry acr-registry needs; set properties.networkAcls.bypass to \"AzureServices\"." },
    ]);
});

describe("a storage encryption scope", () => {
    const RULE = "azure-storage-encryptionscope-enable-cmk-encryption";
    const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
    const ALONE = "The encryption scope is not double-encrypted; set requireInfrastructureEncryption to true when creating it.";
    const account = (requireInfrastructureEncryption: unknown, name: unknown = "stgood") => view(TYPES.storageAccount, withField(withField(good.storageAccount(), "encryption.requireInfrastructureEncryption", requireInfrastructureEncryption), "accountName", name), { name: "st" });
    const scope = (fields: Record<string, unknown> = {}, extra: Partial<ResourceView> = {}) => view(TYPES.encryptionScope, Object.entries(fields).reduce((p, [path, value]) => withField(p, path, value), good.encryptionScope()), { name: "tenant-a", ...extra });
    const single = { requireInfrastructureEncryption: undefined };

    test("on Microsoft-managed keys is reported in every profile", () => {
        const message = "The encryption scope uses Microsoft-managed keys; set source to \"Microsoft.KeyVault\" with keyVaultProperties.keyUri.";
        for (const source of [undefined, "Microsoft.Storage"]) {
            const managed = scope({ source });
            expect(stackMessages(RULE, [account(true), managed])).toEqual([{ urn: managed.urn, message }]);
        }
        expect(stackMessages(RULE, [scope({ source: "microsoft.keyvault" })])).toEqual([]);
        expect(stackMessages(RULE, [scope({ source: UNKNOWN_STRING })])).toEqual([]);
    });

    test("without infrastructure encryption, on an account outside the stack, is reported under sovereign or with requireDoubleEncryption", () => {
        for (const value of [undefined, false]) {
            const off = scope({ requireInfrastructureEncryption: value });
            expect(stackMessages(RULE, [off], {}, "sovereign")).toEqual([{ urn: off.urn, message: ALONE }]);
            expect(stackMessages(RULE, [off], { requireDoubleEncryption: true }, "baseline")).toEqual([{ urn: off.urn, message: ALONE }]);
            expect(stackMessages(RULE, [off], {}, "baseline")).toEqual([]);
            expect(stackMessages(RULE, [off], {}, "mcsb")).toEqual([]);
            expect(stackMessages(RULE, [off], { requireDoubleEncryption: false }, "sovereign")).toEqual([]);
        }
        // Another account of the stack is not its account.
        expect(stackMessages(RULE, [account(true, "stother"), scope(single)], {}, "sovereign").map((v) => v.message)).toEqual([ALONE]);
        expect(stackMessages(RULE, [scope({ requireInfrastructureEncryption: UNKNOWN_STRING })], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [scope()], {}, "sovereign")).toEqual([]);
    });

    test("on an account of the stack that requires infrastructure encryption is double-encrypted already (Microsoft: every scope of such an account uses it)", () => {
        // Found by what its accountName came from (a first preview), by its accountName, or, deployed, by its ARM id.
        const first = account(true, UNKNOWN_STRING);
        expect(stackMessages(RULE, [first, scope({ ...single, accountName: UNKNOWN_STRING }, { propertyDependencies: { accountName: [first.urn] } })], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [account(true), scope(single)], {}, "sovereign")).toEqual([]);
        const deployed = view(TYPES.encryptionScope, { name: "tenant-a", id: `${SUB}/Microsoft.Storage/storageAccounts/StGood/encryptionScopes/tenant-a`, source: "Microsoft.KeyVault", keyVaultProperties: { keyUri: KEY_URI } }, { name: "tenant-a" });
        const deployedAccount = view(TYPES.storageAccount, { name: "stgood", encryption: { requireInfrastructureEncryption: true } }, { name: "st" });
        expect(stackMessages(RULE, [deployedAccount, deployed], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [account(true), scope(single)], { requireDoubleEncryption: true }, "baseline")).toEqual([]);
    });

    test("on an account of the stack without infrastructure encryption is reported, naming the account's fix too", () => {
        for (const value of [undefined, false]) {
            const off = scope(single);
            expect(stackMessages(RULE, [account(value), off], {}, "sovereign")).toEqual([
                { urn: off.urn, message: "The encryption scope is not double-encrypted; set requireInfrastructureEncryption to true when creating it (or create storage account stgood with encryption.requireInfrastructureEncryption true, which covers all its scopes)." },
            ]);
        }
    });

    test("gives no verdict while its account, or whether that account requires infrastructure encryption, is not known", () => {
        expect(stackMessages(RULE, [account(UNKNOWN_STRING), scope(single)], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [account(false), scope({ ...single, accountName: UNKNOWN_STRING })], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [scope({ ...single, accountName: UNKNOWN_STRING })], {}, "sovereign")).toEqual([]);
        // An account of the stack whose name is not known yet may be the scope's.
        expect(stackMessages(RULE, [account(true, UNKNOWN_STRING), scope(single)], {}, "sovereign")).toEqual([]);
        const two = [account(true), { ...account(false, "stother"), urn: "urn:pulumi:dev::azure-byok::azure-native:storage:StorageAccount::st2" }];
        expect(stackMessages(RULE, [...two, scope(single, { propertyDependencies: { accountName: two.map((a) => a.urn) } })], {}, "sovereign")).toEqual([]);
    });
});

describe("a VM's or scale set's disks", () => {
    const RULE = "azure-compute-virtualmachine-enable-cmk-disk-encryption";
    const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
    const dataDisk = view(TYPES.disk, good.disk(), { name: "data-0-disk" });
    const vm = (path?: string, value?: unknown) => view(TYPES.virtualMachine, path === undefined ? good.virtualMachine() : withField(good.virtualMachine(), path, value), { name: "vm" });
    const messages = (...resources: ResourceView[]) => stackMessages(RULE, resources).map((v) => v.message);

    test("pass with a disk encryption set on every disk they create, and the stack's own disks attached", () => {
        expect(messages(vm(), dataDisk)).toEqual([]);
        // The known-good VM judged alone: its attached data disk is another stack's Disk, judged there.
        expect(messages(vm())).toEqual([]);
        expect(messages(view(TYPES.virtualMachineScaleSet, good.virtualMachineScaleSet()))).toEqual([]);
        // Deployed, the disk is found by its id.
        const deployed = view(TYPES.disk, { name: "data-0", id: `${SUB}/Microsoft.Compute/disks/data-0`, encryption: good.disk().encryption }, { name: "data-0-disk" });
        expect(messages(vm(), deployed)).toEqual([]);
        // A confidential VM names its set in the disk's security profile.
        expect(messages(vm("storageProfile.osDisk.managedDisk", { securityProfile: { securityEncryptionType: "DiskWithVMGuestState", diskEncryptionSet: { id: `${SUB}/Microsoft.Compute/diskEncryptionSets/cvm` } } }), dataDisk)).toEqual([]);
    });

    test("report each disk they create on the platform's key", () => {
        const osMessage = "Virtual machine vm's OS disk uses the platform's key; set storageProfile.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key.";
        expect(messages(vm("storageProfile.osDisk.managedDisk.diskEncryptionSet", undefined), dataDisk)).toEqual([osMessage]);
        // Left out, the OS disk is a managed disk on the platform's key.
        expect(messages(vm("storageProfile.osDisk", undefined), dataDisk)).toEqual([osMessage]);
        expect(messages(vm("storageProfile.dataDisks.0.managedDisk", undefined), dataDisk)).toEqual([
            "Virtual machine vm's data disk 0 uses the platform's key; set storageProfile.dataDisks[0].managedDisk.diskEncryptionSet.id to a disk encryption set over your key.",
        ]);
        const set = view(TYPES.virtualMachineScaleSet, withField(good.virtualMachineScaleSet(), "virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id", ""), { name: "vmss" });
        expect(stackMessages(RULE, [set])).toEqual([
            { urn: set.urn, message: "Scale set vmss's OS disk uses the platform's key; set virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key." },
        ]);
    });

    test("give no verdict on a data disk attached by managedDisk.id from outside the stack, which Azure Policy 702dd420 leaves to the disk itself", () => {
        const elsewhere = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shared/providers/Microsoft.Compute/disks/data-from-elsewhere`;
        expect(messages(vm("storageProfile.dataDisks", [{ lun: 0, createOption: "Attach", managedDisk: { id: elsewhere } }]))).toEqual([]);
        // A disk of the same name in another resource group is not the one attached, and still no verdict.
        expect(messages(vm(), view(TYPES.disk, { ...good.disk(), resourceGroupName: "rg-other" }))).toEqual([]);
        // Attach names no disk without an id: the policy's data-disk branch applies, and so does the rule.
        expect(messages(vm("storageProfile.dataDisks.1.managedDisk", {}), dataDisk)).toEqual([
            "Virtual machine vm attaches data disk 1, made outside this stack, without naming a disk encryption set; set storageProfile.dataDisks[1].managedDisk.diskEncryptionSet.id to the disk encryption set over your key that encrypts it.",
        ]);
    });

    test("report an OS disk attached from outside the stack with no disk encryption set named, as Azure Policy 702dd420's OS-disk branch does", () => {
        const restored = { createOption: "Attach", osType: "Linux", managedDisk: { id: `${SUB}/Microsoft.Compute/disks/os-restored` } };
        expect(messages(vm("storageProfile.osDisk", restored), dataDisk)).toEqual([
            "Virtual machine vm attaches OS disk os-restored, made outside this stack, without naming a disk encryption set; set storageProfile.osDisk.managedDisk.diskEncryptionSet.id to the disk encryption set over your key that encrypts it.",
        ]);
        expect(messages(vm("storageProfile.osDisk", withField(restored, "managedDisk.diskEncryptionSet", { id: `${SUB}/Microsoft.Compute/diskEncryptionSets/des` })), dataDisk)).toEqual([]);
        // A disk of the same name in another resource group is not the one attached.
        expect(messages(vm("storageProfile.osDisk", restored), dataDisk, view(TYPES.disk, { ...good.disk(), diskName: "os-restored", resourceGroupName: "rg-other" }, { name: "os-other" }))).toHaveLength(1);
        // The stack's own OS disk attached is the Disk rule's.
        expect(messages(vm("storageProfile.osDisk", restored), dataDisk, view(TYPES.disk, { ...good.disk(), diskName: "os-restored" }, { name: "os-disk" }))).toEqual([]);
    });

    test("give no verdict while what a disk is, or which disk it attaches, is not known", () => {
        expect(messages(vm("storageProfile.osDisk", { createOption: UNKNOWN_STRING }), dataDisk)).toEqual([]);
        expect(messages(vm("storageProfile", UNKNOWN_STRING))).toEqual([]);
        expect(messages(vm("storageProfile.osDisk.managedDisk.diskEncryptionSet.id", UNKNOWN_STRING), dataDisk)).toEqual([]);
        const restored = vm("storageProfile.osDisk", { createOption: "Attach", osType: "Linux", managedDisk: { id: `${SUB}/Microsoft.Compute/disks/data-0` } });
        expect(messages(vm("storageProfile.osDisk", { createOption: "Attach", osType: "Linux", managedDisk: { id: UNKNOWN_STRING } }), dataDisk)).toEqual([]);
        // A disk of the stack whose name is not known yet may be the one attached.
        expect(messages(restored, view(TYPES.disk, { ...good.disk(), diskName: UNKNOWN_STRING }))).toEqual([]);
        // So may one of its name whose group is not known yet.
        expect(messages(restored, view(TYPES.disk, { ...good.disk(), resourceGroupName: UNKNOWN_STRING }))).toEqual([]);
    });

    test("judge an OS disk attached from outside the stack beside a disk of the stack of another name whose group is not known yet", () => {
        const restored = vm("storageProfile.osDisk", { createOption: "Attach", osType: "Linux", managedDisk: { id: `${SUB}/Microsoft.Compute/disks/os-restored` } });
        const scratch = view(TYPES.disk, { ...good.disk(), diskName: "scratch-0", resourceGroupName: UNKNOWN_STRING }, { name: "scratch-disk" });
        expect(messages(restored, scratch)).toEqual([
            "Virtual machine vm attaches OS disk os-restored, made outside this stack, without naming a disk encryption set; set storageProfile.osDisk.managedDisk.diskEncryptionSet.id to the disk encryption set over your key that encrypts it.",
        ]);
        // The stack's own attached disk, beside it, is still the Disk rule's.
        expect(messages(restored, scratch, view(TYPES.disk, { ...good.disk(), diskName: "os-restored" }, { name: "os-disk" }))).toEqual([]);
    });
});

describe("a CMK service on a Managed HSM key", () => {
    const RULE = "azure-keyvault-managedhsm-configure-cmk-local-role";
    const HSM_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm-good";
    const LOCAL_ROLE = (guid: string) => `/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const CSEU_LOCAL = LOCAL_ROLE("33413926-3206-4cdd-b39a-83574fe37a17");
    const MISSING = "Storage account st-cmk's identity id-cmk holds no local role on Managed HSM key hsm-good/cmk, and ARM role assignments grant none; assign it Managed HSM Crypto Service Encryption User on the key in the HSM's local RBAC (az keyvault role assignment create --hsm-name hsm-good --role \"Managed HSM Crypto Service Encryption User\" --assignee-object-id 22222222-2222-2222-2222-222222222222 --scope /keys/cmk, or azure.keyvault.ManagedHardwareSecurityModuleRoleAssignment in the stack).";
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const registry = view(TYPES.storageAccount, withField(good.storageAccount(), "encryption.keyVaultProperties.keyVaultUri", "https://hsm-good.managedhsm.azure.net/"), { name: "st-cmk" });
    const local = (props: Record<string, unknown> = {}) =>
        view("azure:keyvault/managedHardwareSecurityModuleRoleAssignment:ManagedHardwareSecurityModuleRoleAssignment", { name: "a9dbe818-56e7-5878-c0ce-a1477692c1d6", managedHsmId: HSM_ID, principalId: PRINCIPAL_ID, roleDefinitionId: CSEU_LOCAL, scope: "/keys/cmk", ...props }, { name: "cmk-local" });
    const messages = (...extra: ResourceView[]) => stackMessages(RULE, [hsm, identity, registry, ...extra]).map((v) => v.message);

    test("passes with the local Crypto Service Encryption User (or Crypto User) on the key, its pool's keys or the pool", () => {
        expect(messages(local())).toEqual([]);
        expect(messages(local({ scope: "/keys" }))).toEqual([]);
        expect(messages(local({ scope: "/" }))).toEqual([]);
        expect(messages(local({ roleDefinitionId: LOCAL_ROLE("21dbd100-6940-42c2-9190-5d6cb909625b") }))).toEqual([]);
        // The deprecated vaultBaseUrl names the pool too.
        expect(messages(local({ managedHsmId: undefined, vaultBaseUrl: "https://hsm-good.managedhsm.azure.net/" }))).toEqual([]);
    });

    test("is reported at the service when its identity holds no local role that wraps with the key, naming the az command", () => {
        expect(stackMessages(RULE, [hsm, identity, registry])).toEqual([{ urn: registry.urn, message: MISSING }]);
        expect(messages(local({ scope: "/keys/other" }))).toEqual([MISSING]);
        // Crypto Officer manages roles and deleted keys but cannot wrap.
        expect(messages(local({ roleDefinitionId: LOCAL_ROLE("515eb02d-2335-4d2d-92f2-b1cbdf9c3778") }))).toEqual([MISSING]);
        expect(messages(local({ managedHsmId: HSM_ID.replace("hsm-good", "hsm-other") }))).toEqual([MISSING]);
        expect(messages(local({ principalId: "99999999-9999-9999-9999-999999999999" }))).toEqual([MISSING]);
    });

    test("an ARM role assignment on a Managed HSM key or pool is reported as granting nothing on the data plane", () => {
        const onKey = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: `${HSM_ID}/keys/cmk` }, { name: "grant" });
        expect(stackMessages(RULE, [hsm, identity, registry, onKey])).toEqual([
            { urn: onKey.urn, message: "Role assignment grant gives Key Vault Crypto Service Encryption User on key hsm-good/cmk in ARM, which grants nothing on a Managed HSM's data plane; grant a local role instead (Managed HSM Crypto Service Encryption User for a CMK service: az keyvault role assignment create --hsm-name hsm-good --role \"Managed HSM Crypto Service Encryption User\" --assignee-object-id 22222222-2222-2222-2222-222222222222 --scope /keys/cmk) and remove this one." },
            { urn: registry.urn, message: MISSING },
        ]);
        const onPool = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, roleDefinitionId: ROLE("12338af0-0e69-4776-bea7-57ae8d297424"), scope: HSM_ID }, { name: "pool-grant" });
        expect(stackMessages(RULE, [hsm, onPool]).map((v) => v.message)).toEqual([expect.stringMatching(/^Role assignment pool-grant gives Key Vault Crypto User on Managed HSM hsm-good in ARM, which grants nothing/)]);
        // A management role on the pool is ARM's to honour.
        const manager = { ...onPool, props: withField(onPool.props, "roleDefinitionId", ROLE("b24988ac-6180-42a0-ab88-20f7382dd24c")) };
        expect(stackMessages(RULE, [hsm, manager])).toEqual([]);
    });

    test("a registry or an AKS cluster's KMS on a pool key is reported whatever local role it holds: Azure takes no Managed HSM key for either", () => {
        const acr = view(TYPES.registry, withField(good.registry(), "encryption.keyVaultProperties.keyIdentifier", "https://hsm-good.managedhsm.azure.net/keys/cmk"), { name: "acr-registry" });
        const expected = "Container Registry acr-registry is given Managed HSM key hsm-good/cmk, and Container Registry takes no Managed HSM key (no local role changes that); give it a key in a Key Vault (premium, RSA-HSM) instead.";
        expect(stackMessages(RULE, [hsm, identity, acr]).map((v) => v.message)).toEqual([expected]);
        expect(stackMessages(RULE, [hsm, identity, acr, local()]).map((v) => v.message)).toEqual([expected]);
        const aks = view(TYPES.managedCluster, withField(good.managedCluster(), "securityProfile.azureKeyVaultKms.keyId", "https://hsm-good.managedhsm.azure.net/keys/cmk/0123456789abcdef0123456789abcdef"), { name: "aks" });
        expect(stackMessages(RULE, [hsm, identity, aks, local()]).map((v) => v.message)).toEqual([expect.stringMatching(/^AKS cluster aks is given Managed HSM key hsm-good\/cmk, and AKS's KMS takes no Managed HSM key/)]);
    });

    test("gives no verdict while a local grant is not known, or for an identity or key from outside the stack", () => {
        expect(messages(local({ principalId: UNKNOWN_STRING }))).toEqual([]);
        expect(messages(local({ managedHsmId: UNKNOWN_STRING }))).toEqual([]);
        expect(stackMessages(RULE, [hsm, registry])).toEqual([]);
        // A vault key is the identity-access rule's.
        expect(stackMessages(RULE, goodStack().all)).toEqual([]);
    });
});

test("a CMK key's vault without purge protection is reported at the vault", () => {
    const s = goodStack();
    const vault = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", undefined) };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(s.all, s.vault, vault))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good holds key kv-good/cmk that Container Registry acr-registry encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault." },
    ]);
    // Two services on the vault: one violation, naming the first.
    const storage = view(TYPES.storageAccount, good.storageAccount(), { name: "st", ...WAITS });
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", [...replace(s.all, s.vault, vault), storage]).map((v) => v.urn)).toEqual([s.vault.urn]);
    const unknown = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(s.all, s.vault, unknown))).toEqual([]);
});

test("in a first preview, unknowns that may be the missing piece give no verdict: a key not yet named, a grant whose principal is not yet known", () => {
    const s = goodStack();
    const previewKey = view(TYPES.key, { name: UNKNOWN_STRING, keyUri: UNKNOWN_STRING, keyUriWithVersion: UNKNOWN_STRING }, { name: "cmk-key" });
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(s.all, s.key, previewKey), {}, "sovereign")).toEqual([]);
    expect(stackMessages("azure-keyvault-key-missing-in-stack", s.all.filter((r) => r !== s.key), {}, "sovereign")).toHaveLength(1);
    const rule = "azure-keyvault-key-configure-cmk-identity-access";
    const pending = { ...s.grant, props: withField(s.grant.props, "principalId", UNKNOWN_STRING) };
    expect(stackMessages(rule, replace(s.all, s.grant, pending))).toEqual([]);
    // One known to come from another resource's principal is not this identity's grant.
    const other = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-other" }, { name: "id-other" });
    const elsewhere = { ...pending, propertyDependencies: { principalId: [other.urn] } };
    expect(stackMessages(rule, [...replace(s.all, s.grant, elsewhere), other])).toHaveLength(1);
});

test("in a first preview, a new key its Analyze request names is told apart from a key outside the stack", () => {
    const s = goodStack();
    const rule = "azure-keyvault-key-missing-in-stack";
    // The key's outputs name neither it nor its vault yet; its request's path parameters do.
    const previewKey = (pathParameters?: Record<string, string>) => ({ ...view(TYPES.key, { name: UNKNOWN_STRING, keyUri: UNKNOWN_STRING, keyUriWithVersion: UNKNOWN_STRING }, { name: "cmk-key" }), pathParameters });
    const external = { ...s.registry, props: withField(s.registry.props, "encryption.keyVaultProperties.keyIdentifier", "https://kv-ext.vault.azure.net/keys/vendor") };
    const stack = (key: ReturnType<typeof previewKey>) => replace(replace(s.all, s.key, key), s.registry, external);
    const reported = [{ urn: external.urn, message: expect.stringContaining("uses key kv-ext/vendor, which is neither in this stack nor named external") }];
    expect(stackMessages(rule, stack(previewKey({ vaultName: "kv-good", keyName: "cmk" })), {}, "sovereign")).toEqual(reported);
    // Its name alone (a vault named at deploy, such as a generated one) tells it apart too.
    expect(stackMessages(rule, stack(previewKey({ keyName: "CMK" })), {}, "sovereign")).toEqual(reported);
    // A key whose request names the one the service uses, or names nothing known, may be it.
    expect(stackMessages(rule, stack(previewKey({ vaultName: "kv-ext", keyName: "vendor" })), {}, "sovereign")).toEqual([]);
    expect(stackMessages(rule, stack(previewKey({ keyName: "Vendor" })), {}, "sovereign")).toEqual([]);
    expect(stackMessages(rule, stack(previewKey()), {}, "sovereign")).toEqual([]);
});

test("a CMK identity without a grant, with a vault-wide grant, or with a broader role is reported", () => {
    const s = goodStack();
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", s.all.filter((r) => r !== s.grant))).toEqual([
        { urn: s.registry.urn, message: "Container Registry acr-registry's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key." },
    ]);
    const vaultWide = { ...s.grant, props: withField(s.grant.props, "scope", VAULT_ID) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(s.all, s.grant, vaultWide))).toEqual([
        { urn: s.grant.urn, message: "Container Registry acr-registry's identity id-cmk holds Key Vault Crypto Service Encryption User at vault scope, wider than key kv-good/cmk; scope the assignment to the key's resource id." },
    ]);
    const officer = { ...s.grant, props: withField(s.grant.props, "roleDefinitionId", OFFICER) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(s.all, s.grant, officer))).toEqual([
        { urn: s.grant.urn, message: "Container Registry acr-registry's identity id-cmk holds Key Vault Crypto Officer on key kv-good/cmk, broader than it needs; assign Key Vault Crypto Service Encryption User instead." },
    ]);
    const unknown = { ...s.grant, props: withField(s.grant.props, "scope", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(s.all, s.grant, unknown))).toEqual([]);
});

test("a CMK identity's grant on a resource group or subscription is wider than its key only where the vault is", () => {
    const s = goodStack();
    const rule = "azure-keyvault-key-configure-cmk-identity-access";
    const at = (scope: string) => replace(s.all, s.grant, { ...s.grant, props: withField(s.grant.props, "scope", scope) });
    expect(stackMessages(rule, at("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"))).toEqual([
        { urn: s.grant.urn, message: "Container Registry acr-registry's identity id-cmk holds Key Vault Crypto Service Encryption User at resource group rg scope, wider than key kv-good/cmk; scope the assignment to the key's resource id." },
    ]);
    // Where the vault's outputs say it is in group rg of subscription ...0001, another group or subscription does not reach its key.
    const noAccess = { urn: s.registry.urn, message: "Container Registry acr-registry's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key." };
    const placed = { ...s.vault, props: { ...s.vault.props, id: VAULT_ID } };
    const placedAt = (scope: string) => replace(at(scope), s.vault, placed);
    expect(stackMessages(rule, placedAt("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-other"))).toEqual([noAccess]);
    expect(stackMessages(rule, placedAt("/subscriptions/00000000-0000-0000-0000-000000000009"))).toEqual([noAccess]);
    expect(stackMessages(rule, placedAt("/subscriptions/00000000-0000-0000-0000-000000000001")).map((v) => v.urn)).toEqual([s.grant.urn]);
    // Where the vault's place is not known, a group scope may hold it: judged as wider.
    expect(stackMessages(rule, at("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-other")).map((v) => v.urn)).toEqual([s.grant.urn]);
    // The grant-ordering rule does not count a grant that does not reach the key.
    const hasty = placedAt("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-other").map((r) => (r === s.registry ? { ...r, dependencies: [] } : r));
    expect(stackMessages("azure-keyvault-key-configure-cmk-grant-ordering", hasty)).toEqual([]);
    expect(stackMessages(rule, at("/providers/Microsoft.Management/managementGroups/platform")).map((v) => v.message)).toEqual([
        "Container Registry acr-registry's identity id-cmk holds Key Vault Crypto Service Encryption User at management group platform scope, wider than key kv-good/cmk; scope the assignment to the key's resource id.",
    ]);
});

test("a storage account and a disk encryption set find their identity by resource id", () => {
    const s = goodStack();
    const storage = view(TYPES.storageAccount, good.storageAccount(), { name: "st", ...WAITS });
    const des = view(TYPES.diskEncryptionSet, good.diskEncryptionSet(), { name: "des", ...WAITS });
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...s.all, storage, des])).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...s.all.filter((r) => r !== s.grant && r !== s.registry), storage]).map((v) => v.message)).toEqual([
        "Storage account st's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    expect(IDENTITY_ID.endsWith("/id-cmk")).toBe(true);
});

test("a Cosmos DB account is followed to its key, its user-assigned identity and its vault like the other CMK services", () => {
    const s = goodStack();
    const cosmos = view(TYPES.cosmosAccount, good.cosmosAccount(), { name: "cosmos", ...WAITS });
    // Cosmos DB reaches its key over the vault's public endpoint: on, behind a firewall that denies by default.
    const firewalled = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", "Enabled") };
    const withCosmos = [...replace(s.all, s.vault, firewalled).filter((r) => r !== s.registry), cosmos];
    for (const name of STACK_RULES) expect(stackMessages(name, withCosmos)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", withCosmos.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual([
        "Cosmos DB account cosmos's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    const vault = { ...firewalled, props: withField(withField(firewalled.props, "properties.enablePurgeProtection", undefined), "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(withCosmos, firewalled, vault)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that Cosmos DB account cosmos encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(withCosmos, firewalled, vault))).toHaveLength(1);
    const elsewhere = { ...cosmos, props: withField(cosmos.props, "keyVaultKeyUri", "https://kv-other.vault.azure.net/keys/shared") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(withCosmos, cosmos, elsewhere)).map((v) => v.urn)).toEqual([cosmos.urn]);
    // defaultIdentity SystemAssignedIdentity on an account with no system-assigned identity names none of the stack's.
    const systemAssigned = { ...cosmos, props: withField(cosmos.props, "defaultIdentity", "SystemAssignedIdentity") };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withCosmos, cosmos, systemAssigned).filter((r) => r !== s.grant))).toEqual([]);
});

test("a SQL server created with a TDE key is followed to its key, identity and vault", () => {
    const s = goodStack();
    const sql = view(TYPES.sqlServer, good.sqlServer(), { name: "sql", ...WAITS });
    const withSql = [...s.all.filter((r) => r !== s.registry), sql];
    for (const name of STACK_RULES) expect(stackMessages(name, withSql)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", withSql.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual([
        "SQL server sql's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    const vault = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", undefined) };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(withSql, s.vault, vault)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that SQL server sql encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    // A server with a service-managed protector uses no key of the stack's.
    const serviceManaged = { ...sql, props: withField(sql.props, "keyId", undefined) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withSql, sql, serviceManaged).filter((r) => r !== s.grant))).toEqual([]);
});

test("a SQL managed instance created with a TDE key is followed to its key, identity and vault, as a SQL server is", () => {
    const s = goodStack();
    const mi = view(TYPES.sqlManagedInstance, good.sqlManagedInstance(), { name: "sqlmi", ...WAITS });
    const withMi = [...s.all.filter((r) => r !== s.registry), mi];
    for (const name of STACK_RULES) expect(stackMessages(name, withMi)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", withMi.filter((r) => r !== s.grant))).toEqual([
        { urn: mi.urn, message: "SQL managed instance sqlmi's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key." },
    ]);
    const vault = { ...s.vault, props: withField(withField(s.vault.props, "properties.enablePurgeProtection", undefined), "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(withMi, s.vault, vault)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that SQL managed instance sqlmi encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(withMi, s.vault, vault)).map((v) => v.message)).toEqual([
        "Vault kv-good is closed to public networks without the trusted-services bypass, which SQL managed instance sqlmi needs; set properties.networkAcls.bypass to \"AzureServices\".",
    ]);
    // Its TDE protector takes 2048 or 3072 bits, as a SQL server's does.
    expect(stackMessages("azure-keyvault-key-configure-cmk-key-compatibility", replace(withMi, s.key, { ...s.key, props: { ...s.key.props, keySize: 4096 } })).map((v) => v.message)).toEqual([
        "SQL managed instance sqlmi encrypts with key kv-good/cmk, which is 4096-bit: SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key.",
    ]);
    const elsewhere = { ...mi, props: withField(mi.props, "keyId", "https://kv-other.vault.azure.net/keys/shared/0123") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(withMi, mi, elsewhere)).map((v) => v.urn)).toEqual([mi.urn]);
    // Without a primary user-assigned identity it wraps with its only one, else with its system-assigned one.
    const noPrimary = { ...mi, props: withField(mi.props, "primaryUserAssignedIdentityId", undefined) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withMi, mi, noPrimary).filter((r) => r !== s.grant))).toHaveLength(1);
    const system = { ...mi, props: { ...withField(mi.props, "primaryUserAssignedIdentityId", undefined), identity: { type: "SystemAssigned", principalId: "66666666-6666-6666-6666-666666666666" } } };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withMi, mi, system)).map((v) => v.message)).toEqual([
        "SQL managed instance sqlmi's system-assigned identity 66666666-6666-6666-6666-666666666666 holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    const systemGrant = view("azure-native:authorization:RoleAssignment", { principalId: "66666666-6666-6666-6666-666666666666", principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "mi-grant" });
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...replace(withMi, mi, system), systemGrant])).toEqual([]);
    // A system identity's id is known only once Azure makes it: no verdict before, and a service-managed protector names no key.
    const systemPreview = { ...system, props: withField(system.props, "identity.principalId", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withMi, mi, systemPreview))).toEqual([]);
    const serviceManaged = { ...mi, props: withField(mi.props, "keyId", undefined) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(withMi, mi, serviceManaged).filter((r) => r !== s.grant))).toEqual([]);
});

test("Event Hubs and Service Bus namespaces are followed to their key and identity like the other CMK services", () => {
    const s = goodStack();
    const hub = view(TYPES.eventHubNamespace, good.eventHubNamespace(), { name: "evh", ...WAITS });
    const bus = view(TYPES.serviceBusNamespace, good.serviceBusNamespace(), { name: "sb", ...WAITS });
    const withNamespaces = [...s.all.filter((r) => r !== s.registry), hub, bus];
    for (const name of STACK_RULES) expect(stackMessages(name, withNamespaces)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", withNamespaces.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual([
        "Event Hubs namespace evh's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        "Service Bus namespace sb's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    const elsewhere = { ...bus, props: withField(bus.props, "encryption.keyVaultProperties", [{ keyVaultUri: "https://kv-other.vault.azure.net/", keyName: "shared", identity: { userAssignedIdentity: IDENTITY_ID } }]) };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(withNamespaces, bus, elsewhere)).map((v) => v.urn)).toEqual([bus.urn]);
});

test("AI services accounts, data factories and PostgreSQL and MySQL servers are followed to their key, identity and vault", () => {
    // A 2048-bit key: the one size Azure AI services take.
    const s = goodStack(2048);
    const services = [
        view(TYPES.cognitiveAccount, good.cognitiveAccount(), { name: "ai", ...WAITS }),
        view(TYPES.dataFactory, good.dataFactory(), { name: "adf", ...WAITS }),
        view(TYPES.postgresqlServer, good.postgresqlServer(), { name: "psql", ...WAITS }),
        view(TYPES.mysqlServer, good.mysqlServer(), { name: "mysql", ...WAITS }),
    ];
    const all = [...s.all.filter((r) => r !== s.registry), ...services];
    for (const name of STACK_RULES) expect(stackMessages(name, all)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual([
        "Azure AI services account ai's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        "Data factory adf's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        "PostgreSQL server psql's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        "MySQL server mysql's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    const vault = { ...s.vault, props: withField(withField(s.vault.props, "properties.enablePurgeProtection", undefined), "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(all, s.vault, vault))).toHaveLength(1);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(all, s.vault, vault))).toHaveLength(1);
    // A service on its platform's keys names no key to follow.
    const [ai, adf, psql, mysql] = services;
    const platform = [
        { ...ai, props: withField(ai.props, "properties.encryption", undefined) },
        { ...adf, props: withField(adf.props, "encryption", undefined) },
        { ...psql, props: withField(psql.props, "dataEncryption.type", "SystemAssigned") },
        { ...mysql, props: withField(mysql.props, "dataEncryption", undefined) },
    ];
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...s.all.filter((r) => r !== s.registry && r !== s.grant), ...platform])).toEqual([]);
    const elsewhere = { ...psql, props: withField(psql.props, "dataEncryption.primaryKeyURI", "https://kv-other.vault.azure.net/keys/shared") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, psql, elsewhere)).map((v) => v.urn)).toEqual([psql.urn]);
});

const GEO_VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-geo";
const GEO_IDENTITY_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-geo";
const GEO_PRINCIPAL_ID = "44444444-4444-4444-4444-444444444444";

/** The known-good stack with a geo-backup key: its vault in the paired region, key, identity and key-scoped grant, and a server of `type` in westeurope that waits for both grants. */
function geoBackupStack(type: string, props: Record<string, unknown>) {
    const s = goodStack();
    const located = { ...s.vault, props: { ...s.vault.props, location: "westeurope" } };
    const geoVault = view(TYPES.vault, { name: "kv-geo", location: "northeurope", properties: { ...good.vault().properties, vaultUri: "https://kv-geo.vault.azure.net/" } }, { name: "kv-geo-vault" });
    const geoKey = view(TYPES.key, { name: "cmk-geo", kty: "RSA-HSM", keySize: 3072, keyUri: "https://kv-geo.vault.azure.net/keys/cmk-geo" }, { name: "cmk-geo-key" });
    const geoIdentity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-geo", clientId: "55555555-5555-5555-5555-555555555555", principalId: GEO_PRINCIPAL_ID }, { name: "id-geo-identity" });
    const geoGrant = view("azure-native:authorization:RoleAssignment", { principalId: GEO_PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: `${GEO_VAULT_ID}/keys/cmk-geo` }, { name: "geo-grant" });
    const server = view(type, {
        ...props,
        location: "westeurope",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID, GEO_IDENTITY_ID] },
        backup: { geoRedundantBackup: "Enabled" },
        dataEncryption: { ...(props.dataEncryption as object), geoBackupKeyURI: "https://kv-geo.vault.azure.net/keys/cmk-geo", geoBackupUserAssignedIdentityId: GEO_IDENTITY_ID },
    }, { name: "db", dependencies: [...WAITS.dependencies, geoGrant.urn] });
    const all = [...replace(s.all, s.vault, located).filter((r) => r !== s.registry), geoVault, geoKey, geoIdentity, geoGrant, server];
    return { ...s, vault: located, geoVault, geoKey, geoIdentity, geoGrant, server, all };
}

describe.each([
    ["PostgreSQL", TYPES.postgresqlServer, () => good.postgresqlServer()],
    ["MySQL", TYPES.mysqlServer, () => good.mysqlServer()],
])("a %s server's geo-backup key, a second key with an identity of its own", (engine, type, props) => {
    const KEY_RULES = [
        "azure-keyvault-key-configure-cmk-identity-access",
        "azure-keyvault-key-configure-cmk-grant-ordering",
        "azure-keyvault-vault-enable-purge-protection-for-cmk",
        "azure-keyvault-vault-enable-trusted-services-bypass",
        "azure-keyvault-key-configure-cmk-key-compatibility",
        "azure-keyvault-key-missing-in-stack",
    ];

    test("passes when its identity holds its role on it and its vault is guarded as the primary key's is", () => {
        const g = geoBackupStack(type, props());
        for (const name of KEY_RULES) expect(stackMessages(name, g.all)).toEqual([]);
    });

    test("is reported when its identity holds no role on it, or the server does not wait for that grant", () => {
        const g = geoBackupStack(type, props());
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", g.all.filter((r) => r !== g.geoGrant))).toEqual([
            { urn: g.server.urn, message: `${engine} server db's geo-backup identity id-geo holds no role or access policy with wrap and unwrap on key kv-geo/cmk-geo; assign it Key Vault Crypto Service Encryption User scoped to that key.` },
        ]);
        const hasty = { ...g.server, dependencies: WAITS.dependencies };
        expect(stackMessages("azure-keyvault-key-configure-cmk-grant-ordering", replace(g.all, g.server, hasty)).map((v) => v.message)).toEqual([
            `${engine} server db does not wait for geo-grant, which lets its geo-backup identity id-geo use key kv-geo/cmk-geo; make the service depend on the grant (dependsOn), and on a wait after it (time.Sleep from @pulumiverse/time, createDuration 30s), since Azure can take minutes to apply a new role assignment.`,
        ]);
    });

    test("holds its vault to purge protection and the trusted-services bypass", () => {
        const g = geoBackupStack(type, props());
        const open = { ...g.geoVault, props: withField(withField(g.geoVault.props, "properties.enablePurgeProtection", undefined), "properties.networkAcls.bypass", "None") };
        expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(g.all, g.geoVault, open))).toEqual([
            { urn: g.geoVault.urn, message: `Vault kv-geo holds key kv-geo/cmk-geo that ${engine} server db encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.` },
        ]);
        expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(g.all, g.geoVault, open))).toEqual([
            { urn: g.geoVault.urn, message: `Vault kv-geo is closed to public networks without the trusted-services bypass, which ${engine} server db needs; set properties.networkAcls.bypass to "AzureServices".` },
        ]);
    });

    test("must be a key the server can use, in the stack or named external", () => {
        const g = geoBackupStack(type, props());
        const ec = { ...g.geoKey, props: { ...g.geoKey.props, kty: "EC-HSM" } };
        expect(stackMessages("azure-keyvault-key-configure-cmk-key-compatibility", replace(g.all, g.geoKey, ec))).toEqual([
            { urn: g.server.urn, message: `${engine} server db encrypts with key kv-geo/cmk-geo, which is EC-HSM: Azure's customer-managed-key services wrap data keys with RSA; use an RSA-HSM (or RSA) key.` },
        ]);
        const outside = g.all.filter((r) => r !== g.geoKey);
        expect(stackMessages("azure-keyvault-key-missing-in-stack", outside).map((v) => v.message)).toEqual([
            `${engine} server db uses key kv-geo/cmk-geo, which is neither in this stack nor named external; create the key in this stack's vault or add "kv-geo/cmk-geo" to externalKeys in the policy config.`,
        ]);
        expect(stackMessages("azure-keyvault-key-missing-in-stack", outside, { externalKeys: ["kv-geo"] })).toEqual([]);
    });

    test("gives no verdict while it is not known, and none is followed when the server names none", () => {
        const g = geoBackupStack(type, props());
        const noGrant = g.all.filter((r) => r !== g.geoGrant);
        const unknownKey = { ...g.server, props: withField(g.server.props, "dataEncryption.geoBackupKeyURI", UNKNOWN_STRING) };
        const unknownIdentity = { ...g.server, props: withField(g.server.props, "dataEncryption.geoBackupUserAssignedIdentityId", UNKNOWN_STRING) };
        const none = { ...g.server, props: withField(g.server.props, "dataEncryption.geoBackupKeyURI", "") };
        for (const server of [unknownKey, unknownIdentity, none]) {
            expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(noGrant, g.server, server))).toEqual([]);
        }
    });
});

test.each([
    ["PostgreSQL", TYPES.postgresqlServer, () => good.postgresqlServer(), "azure-dbforpostgresql-server-configure-vault-region", "key store"],
    ["MySQL", TYPES.mysqlServer, () => good.mysqlServer(), "azure-dbformysql-server-configure-vault-region", "key vault"],
])("a %s server takes its geo-backup key from a vault in its paired region, not its own", (engine, type, props, RULE, store) => {
    const g = geoBackupStack(type, props());
    // West Europe's pair is North Europe: the geo-backup key's vault belongs there, the primary key's in West Europe.
    expect(stackMessages(RULE, g.all)).toEqual([]);
    const at = (server: ResourceView, location: string) => ({ ...server, props: { ...server.props, location } });
    expect(stackMessages(RULE, replace(g.all, g.server, at(g.server, "West Europe")))).toEqual([]);
    const geoIn = (location: unknown) => replace(g.all, g.geoVault, { ...g.geoVault, props: { ...g.geoVault.props, location } });
    const refused = (location: string) => ({
        urn: g.server.urn,
        message: `${engine} server db in westeurope takes its geo-backup key kv-geo/cmk-geo from vault kv-geo in ${location}; Azure keeps the server's geo-redundant backups in its paired region, northeurope, and takes their key only from a ${store} there, so put the geo-backup key in a vault in northeurope.`,
    });
    expect(stackMessages(RULE, geoIn("westeurope"))).toEqual([refused("westeurope")]);
    expect(stackMessages(RULE, geoIn("eastus"))).toEqual([refused("eastus")]);
    // Some pairs run one way: West US 3 backs up to East US, East US to West US.
    const primaryIn = (all: ResourceView[], location: string) => replace(all, g.vault, { ...g.vault, props: { ...g.vault.props, location } });
    const across = (server: string, geo: string) => replace(primaryIn(geoIn(geo), server), g.server, at(g.server, server));
    expect(stackMessages(RULE, across("westus3", "eastus"))).toEqual([]);
    expect(stackMessages(RULE, across("eastus", "westus3")).map((v) => v.message)).toEqual([
        `${engine} server db in eastus takes its geo-backup key kv-geo/cmk-geo from vault kv-geo in westus3; Azure keeps the server's geo-redundant backups in its paired region, westus, and takes their key only from a ${store} there, so put the geo-backup key in a vault in westus.`,
    ]);
    // A nonpaired region, a region or key not known yet, or a vault outside the stack: Azure's to judge.
    expect(stackMessages(RULE, across("italynorth", "westeurope"))).toEqual([]);
    // PostgreSQL's backup guide pairs Jio India West and Central, beyond Microsoft's pair list; MySQL keeps no geo backups there.
    expect(stackMessages(RULE, across("jioindiawest", "jioindiacentral"))).toEqual([]);
    expect(stackMessages(RULE, across("jioindiawest", "westeurope")).map((v) => v.message)).toEqual(engine === "PostgreSQL" ? [
        "PostgreSQL server db in jioindiawest takes its geo-backup key kv-geo/cmk-geo from vault kv-geo in westeurope; Azure keeps the server's geo-redundant backups in its paired region, jioindiacentral, and takes their key only from a key store there, so put the geo-backup key in a vault in jioindiacentral.",
    ] : []);
    expect(stackMessages(RULE, geoIn(UNKNOWN_STRING))).toEqual([]);
    const unknownGeo = { ...g.server, props: withField(g.server.props, "dataEncryption.geoBackupKeyURI", UNKNOWN_STRING) };
    expect(stackMessages(RULE, replace(geoIn("westeurope"), g.server, unknownGeo))).toEqual([]);
    expect(stackMessages(RULE, geoIn("westeurope").filter((r) => r.urn !== g.geoVault.urn))).toEqual([]);
});

test("a MySQL server's geo-backup key's vault, too, must keep deleted keys 90 days", () => {
    const g = geoBackupStack(TYPES.mysqlServer, good.mysqlServer());
    const RULE = "azure-dbformysql-server-configure-vault-soft-delete-retention";
    expect(stackMessages(RULE, g.all)).toEqual([]);
    const short = { ...g.geoVault, props: withField(g.geoVault.props, "properties.softDeleteRetentionInDays", 30) };
    expect(stackMessages(RULE, replace(g.all, g.geoVault, short))).toEqual([
        { urn: g.server.urn, message: "MySQL server db takes its geo-backup key kv-geo/cmk-geo from vault kv-geo, which keeps deleted keys 30 days; MySQL takes its key only from a vault that keeps them 90, fixed when the vault is made, so use a key of a vault with properties.softDeleteRetentionInDays 90." },
    ]);
    const unknownGeo = { ...g.server, props: withField(g.server.props, "dataEncryption.geoBackupKeyURI", UNKNOWN_STRING) };
    expect(stackMessages(RULE, replace(replace(g.all, g.geoVault, short), g.server, unknownGeo))).toEqual([]);
});

test("Recovery Services vaults, encryption scopes, ML, Synapse and Databricks workspaces, Log Analytics and Data Explorer clusters, App Configuration stores and Batch accounts are followed to their key", () => {
    // A 2048-bit key: the one size Data Explorer takes.
    const s = goodStack(2048);
    const services = [
        view(TYPES.recoveryServicesVault, good.recoveryServicesVault(), { name: "rsv", ...WAITS }),
        view(TYPES.encryptionScope, good.encryptionScope(), { name: "scope", ...WAITS }),
        view(TYPES.mlWorkspace, good.mlWorkspace(), { name: "mlw", ...WAITS }),
        view(TYPES.synapseWorkspace, good.synapseWorkspace(), { name: "syn", ...WAITS }),
        view(TYPES.logAnalyticsCluster, good.logAnalyticsCluster(), { name: "la", ...WAITS }),
        view(TYPES.kustoCluster, good.kustoCluster(), { name: "adx", ...WAITS }),
        view(TYPES.appConfigurationStore, good.appConfigurationStore(), { name: "appcs", ...WAITS }),
        view(TYPES.batchAccount, good.batchAccount(), { name: "batch", ...WAITS }),
        view(TYPES.databricksWorkspace, good.databricksWorkspace(), { name: "dbw", ...WAITS }),
    ];
    const all = [...s.all.filter((r) => r !== s.registry), ...services];
    for (const name of STACK_RULES) expect(stackMessages(name, all)).toEqual([]);
    // The scope wraps with its account's identity and Databricks with one Azure makes, neither named: every other service is judged.
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual(
        ["Recovery Services vault rsv", "Machine Learning workspace mlw", "Synapse workspace syn", "Log Analytics cluster la", "Data Explorer cluster adx", "App Configuration store appcs", "Batch account batch"].map(
            (service) => `${service}'s identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.`,
        ),
    );
    const unprotected = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", undefined) };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(all, s.vault, unprotected)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that Recovery Services vault rsv encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    // Backup and Storage reach the key as trusted services; the others need a network path of their own, so only they are named.
    const noBypass = { ...s.vault, props: withField(s.vault.props, "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(all, s.vault, noBypass)).map((v) => v.message)).toEqual([
        "Vault kv-good is closed to public networks without the trusted-services bypass, which Recovery Services vault rsv needs; set properties.networkAcls.bypass to \"AzureServices\".",
    ]);
    const untrusted = services.filter((r) => r.type !== TYPES.recoveryServicesVault && r.type !== TYPES.encryptionScope);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", [...replace(s.all, s.registry, noBypass).filter((r) => r !== s.vault), ...untrusted])).toEqual([]);
    // On the platform's keys a service names no key to follow.
    const [rsv, scope, mlw, syn, la, adx, appcs, batch, dbw] = services;
    const platform = [
        { ...rsv, props: withField(rsv.props, "properties.encryption", undefined) },
        { ...scope, props: withField(scope.props, "source", "Microsoft.Storage") },
        { ...mlw, props: withField(mlw.props, "encryption.status", "Disabled") },
        { ...syn, props: withField(syn.props, "encryption", undefined) },
        { ...la, props: withField(la.props, "keyVaultProperties", undefined) },
        { ...adx, props: withField(adx.props, "keyVaultProperties", undefined) },
        { ...appcs, props: withField(appcs.props, "encryption", undefined) },
        { ...batch, props: withField(batch.props, "encryption.keySource", "Microsoft.Batch") },
        { ...dbw, props: withField(dbw.props, "encryption", undefined) },
    ];
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...s.all.filter((r) => r !== s.registry && r !== s.grant), ...platform])).toEqual([]);
    const elsewhere = { ...syn, props: withField(syn.props, "encryption.cmk.key.keyVaultUrl", "https://kv-other.vault.azure.net/keys/shared") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, syn, elsewhere)).map((v) => v.urn)).toEqual([syn.urn]);
    const outside = { ...dbw, props: withField(dbw.props, "encryption.entities.managedDisk.keyVaultProperties.keyVaultUri", "https://kv-other.vault.azure.net/") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, dbw, outside)).map((v) => v.urn)).toEqual([dbw.urn]);
});

/** A SQL server key as the program gives it, and as its outputs show it once deployed (no uri or serverKeyType: create-only). */
const SERVER_KEY_FORMS = [
    {
        form: "inputs",
        props: good.sqlServerKey(),
        inVault: (vault: string, key: string) => withField(good.sqlServerKey(), "uri", `https://${vault}.vault.azure.net/keys/${key}/${"0".repeat(32)}`),
        serviceManaged: withField(withField(good.sqlServerKey(), "serverKeyType", "ServiceManaged"), "uri", undefined),
    },
    {
        form: "deployed outputs",
        props: deployedOutputs.sqlServerKey(),
        inVault: (vault: string, key: string) => withField(deployedOutputs.sqlServerKey(), "name", `${vault}_${key}_${"0".repeat(32)}`),
        serviceManaged: { ...withField(deployedOutputs.sqlServerKey(), "name", "ServiceManaged"), kind: "servicemanaged" },
    },
];

describe("a SQL server key on a Managed HSM key, whose deployed name reads like a vault key's", () => {
    const waits = { dependencies: ["urn:pulumi:dev::azure-byok::azure-native:authorization:RoleAssignment::grant"] };
    const stack = (serverKeyProps: Record<string, unknown>, withHsm: boolean): ResourceView[] => [
        view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", id: IDENTITY_ID, clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" }),
        view(TYPES.sqlServer, withField(good.sqlServer(), "keyId", undefined), { name: "sql", ...waits }),
        view(TYPES.sqlServerKey, serverKeyProps, { name: "sql-tde-key", ...waits }),
        ...(withHsm ? [view(TYPES.managedHsm, { ...good.managedHsm(), name: "hsm-platform" }, { name: "hsm" })] : []),
    ];
    const forms = [
        { form: "inputs", props: withField(withField(good.sqlServerKey(), "uri", `https://hsm-platform.managedhsm.azure.net/keys/cmk/${VERSION}`), "keyName", `hsm-platform_cmk_${VERSION}`) },
        { form: "deployed outputs", props: withField(deployedOutputs.sqlServerKey(), "name", `hsm-platform_cmk_${VERSION}`) },
    ];
    test.each(forms)("gets no ARM grant verdict from its $form, the HSM in the stack or not: an HSM grants through its own local RBAC", ({ props }) => {
        for (const withHsm of [true, false]) {
            expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", stack(props, withHsm))).toEqual([]);
            expect(stackMessages("azure-keyvault-key-configure-cmk-grant-ordering", stack(props, withHsm))).toEqual([]);
        }
    });
});

test.each(SERVER_KEY_FORMS)("a SQL server key added after the server was created is followed to its key and vault, from its $form", ({ props, inVault, serviceManaged }) => {
    const s = goodStack();
    const serverKey = view(TYPES.sqlServerKey, props, { name: "sql-tde-key", ...WAITS });
    const all = [...s.all.filter((r) => r !== s.registry), serverKey];
    for (const name of STACK_RULES) expect(stackMessages(name, all)).toEqual([]);
    const exposed = { ...s.vault, props: withField(withField(s.vault.props, "properties.enablePurgeProtection", undefined), "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(all, s.vault, exposed)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that SQL server key sql-tde-key encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(all, s.vault, exposed))).toHaveLength(1);
    const elsewhere = { ...serverKey, props: inVault("kv-other", "tde") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, serverKey, elsewhere)).map((v) => v.urn)).toEqual([serverKey.urn]);
    // Vault names are case-insensitive; the version a key names is one of the key's.
    const upper = { ...serverKey, props: inVault("KV-GOOD", "cmk") };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, serverKey, upper))).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(replace(all, serverKey, upper), s.vault, exposed))).toHaveLength(1);
    // A service-managed key names no Key Vault key.
    const managed = { ...serverKey, props: serviceManaged };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(replace(all, serverKey, managed), s.vault, exposed))).toEqual([]);
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, serverKey, managed))).toEqual([]);
});

test("a deployed SQL server key whose name is not known yet is followed through the key its uri came from", () => {
    // An update's preview: the key is replaced, so its name (an output) is unknown again.
    const s = goodStack();
    const previewed = view(TYPES.sqlServerKey, withField(deployedOutputs.sqlServerKey(), "name", UNKNOWN_STRING), { name: "sql-tde-key", ...WAITS, propertyDependencies: { uri: [s.key.urn] } });
    const exposed = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", false) };
    const placed = { ...s.key, propertyDependencies: { vaultName: [s.vault.urn] } };
    const all = [...replace(replace(s.all, s.vault, exposed), s.key, placed).filter((r) => r !== s.registry), previewed];
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", all).map((v) => v.urn)).toEqual([s.vault.urn]);
    // Without that link it may be any key: no verdict, and no key reported missing.
    const unlinked = { ...previewed, propertyDependencies: {} };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(all, previewed, unlinked))).toEqual([]);
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, previewed, unlinked))).toEqual([]);
});

test("a SQL server key is checked against its server's identity, found through the dependency or by the server's name", () => {
    const s = goodStack();
    const server = view(TYPES.sqlServer, withField(good.sqlServer(), "keyId", undefined), { name: "sql", ...WAITS });
    const byDependency = view(TYPES.sqlServerKey, withField(good.sqlServerKey(), "serverName", UNKNOWN_STRING), { name: "sql-tde-key", ...WAITS, propertyDependencies: { serverName: [server.urn] } });
    const byName = view(TYPES.sqlServerKey, good.sqlServerKey(), { name: "sql-tde-key", ...WAITS });
    // As outputs show it: no serverName, the server named only in the key's ARM id.
    const byId = view(TYPES.sqlServerKey, { ...withField(good.sqlServerKey(), "serverName", undefined), id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-good/keys/k" }, { name: "sql-tde-key", ...WAITS });
    const deployed = view(TYPES.sqlServerKey, deployedOutputs.sqlServerKey(), { name: "sql-tde-key", ...WAITS });
    const missing = "SQL server key sql-tde-key's server identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.";
    for (const serverKey of [byDependency, byName, byId, deployed]) {
        const all = [...s.all.filter((r) => r !== s.registry), server, serverKey];
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all)).toEqual([]);
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== s.grant))).toEqual([{ urn: serverKey.urn, message: missing }]);
    }
    const all = [...s.all.filter((r) => r !== s.registry && r !== s.grant), server, byName];
    // A server outside the stack, another server, or one on a system-assigned identity: nothing the stack can check.
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== server))).toEqual([]);
    const other = { ...server, props: withField(server.props, "serverName", "sql-other") };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, server, other))).toEqual([]);
    const systemAssigned = { ...server, props: withField(withField(server.props, "primaryUserAssignedIdentityId", undefined), "identity", { type: "SystemAssigned" }) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, server, systemAssigned))).toEqual([]);
});

test("a storage encryption scope is checked against its account's customer-managed-key identity, user- or system-assigned", () => {
    const s = goodStack();
    const account = view(TYPES.storageAccount, good.storageAccount(), { name: "st", ...WAITS });
    const scope = view(TYPES.encryptionScope, good.encryptionScope(), { name: "tenant-a", ...WAITS, propertyDependencies: { accountName: [account.urn] } });
    const all = [...s.all.filter((r) => r !== s.registry), account, scope];
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== s.grant)).map((v) => v.message)).toEqual([
        "Storage account st's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        "Storage encryption scope tenant-a's storage account identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
    ]);
    // An account on Microsoft-managed keys with a system-assigned identity: the scope wraps as that identity, known after deploy.
    const SYSTEM = "77777777-7777-4777-8777-777777777777";
    const systemAccount = { ...account, props: { ...withField(withField(account.props, "encryption", { keySource: "Microsoft.Storage" }), "identity", { type: "SystemAssigned" }), identity: { type: "SystemAssigned", principalId: SYSTEM } } };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, account, systemAccount))).toEqual([
        { urn: scope.urn, message: `Storage encryption scope tenant-a's storage account system-assigned identity ${SYSTEM} holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.` },
    ]);
    const systemGrant = view("azure-native:authorization:RoleAssignment", { principalId: SYSTEM, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "st-grant" });
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...replace(all, account, systemAccount), systemGrant])).toEqual([]);
    // The account found by name when no dependency says which it is; an account outside the stack is not the stack's to check.
    const byName = { ...scope, propertyDependencies: {} };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, scope, byName).filter((r) => r !== s.grant)).map((v) => v.urn)).toEqual([account.urn, scope.urn]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...s.all.filter((r) => r !== s.registry && r !== s.grant), byName])).toEqual([]);
});

test("an AKS cluster's KMS key needs encrypt and decrypt for the cluster's identity: Key Vault Crypto User on the key", () => {
    const s = goodStack();
    const CRYPTO_USER = ROLE("12338af0-0e69-4776-bea7-57ae8d297424");
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const cryptoUser = { ...s.grant, props: withField(s.grant.props, "roleDefinitionId", CRYPTO_USER) };
    const all = [...replace(s.all, s.grant, cryptoUser).filter((r) => r !== s.registry), cluster, privateLinkGrant()];
    for (const name of STACK_RULES) expect(stackMessages(name, all)).toEqual([]);
    // Crypto Service Encryption User wraps and unwraps only: KMS would get 403 on encrypt.
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, cryptoUser, s.grant))).toEqual([
        { urn: cluster.urn, message: "AKS cluster aks's identity id-cmk holds no role or access policy with encrypt and decrypt on key kv-good/cmk; assign it Key Vault Crypto User scoped to that key." },
    ]);
    const officer = { ...s.grant, props: withField(s.grant.props, "roleDefinitionId", OFFICER) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all, cryptoUser, officer))).toEqual([
        { urn: officer.urn, message: "AKS cluster aks's identity id-cmk holds Key Vault Crypto Officer on key kv-good/cmk, broader than it needs; assign Key Vault Crypto User instead." },
    ]);
    const vault = { ...s.vault, props: withField(s.vault.props, "properties.enablePurgeProtection", undefined) };
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", replace(all, s.vault, vault)).map((v) => v.message)).toEqual([
        "Vault kv-good holds key kv-good/cmk that AKS cluster aks encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    const elsewhere = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyId", `https://kv-other.vault.azure.net/keys/etcd/${"0".repeat(32)}`) };
    expect(stackMessages("azure-keyvault-key-missing-in-stack", replace(all, cluster, elsewhere)).map((v) => v.urn)).toEqual([cluster.urn]);
    // KMS off, or unknown until deploy: no key to follow.
    const off = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.enabled", false) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(replace(all, cryptoUser, s.grant), cluster, off))).toEqual([]);
    const unknown = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyId", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(replace(all, cryptoUser, s.grant), cluster, unknown))).toEqual([]);
});

test("a Databricks workspace's managed-disk identity, which Azure creates, is checked by its principal id once known", () => {
    const s = goodStack();
    const DISK_PRINCIPAL = "66666666-6666-4666-8666-666666666666";
    const workspace = view(TYPES.databricksWorkspace, { ...good.databricksWorkspace(), managedDiskIdentity: { principalId: DISK_PRINCIPAL, tenantId: "33333333-3333-3333-3333-333333333333", type: "SystemAssigned" } }, { name: "dbw", ...WAITS });
    const diskGrant = view("azure-native:authorization:RoleAssignment", { principalId: DISK_PRINCIPAL, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "dbw-grant" });
    const all = [...s.all.filter((r) => r !== s.registry), workspace, diskGrant];
    for (const name of STACK_RULES) expect(stackMessages(name, all)).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", all.filter((r) => r !== diskGrant))).toEqual([
        { urn: workspace.urn, message: `Databricks workspace dbw's managed disk identity ${DISK_PRINCIPAL} holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.` },
    ]);
    const viaPolicy = { ...s.vault, props: withField(withField(s.vault.props, "properties.enableRbacAuthorization", false), "properties.accessPolicies", [{ tenantId: "33333333-3333-3333-3333-333333333333", objectId: DISK_PRINCIPAL, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } }]) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all.filter((r) => r !== diskGrant), s.vault, viaPolicy))).toEqual([]);
    // In a preview the principal id is not known yet: nothing to check.
    const preview = { ...workspace, props: withField(workspace.props, "managedDiskIdentity.principalId", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(all.filter((r) => r !== diskGrant), workspace, preview))).toEqual([]);
});

test("an AKS cluster reaches a closed vault's KMS key only through a private link to that vault", () => {
    const s = goodStack();
    const RULE = "azure-containerservice-managedcluster-configure-kms-vault-network-access";
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const all = [...s.all, cluster];
    expect(stackMessages(RULE, all)).toEqual([]);
    const overPublic = "AKS cluster aks reaches key kv-good/cmk over public access, but vault kv-good is closed to public networks and its trusted-services bypass does not admit AKS; set securityProfile.azureKeyVaultKms.keyVaultNetworkAccess to \"Private\" and keyVaultResourceId to the vault's resource id.";
    const publicAccess = { ...cluster, props: withField(withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Public"), "securityProfile.azureKeyVaultKms.keyVaultResourceId", undefined) };
    expect(stackMessages(RULE, replace(all, cluster, publicAccess))).toEqual([{ urn: cluster.urn, message: overPublic }]);
    // KMS data encryption goes through the trusted-services exception, but only with Private set: the message says so, not that AKS is no trusted service.
    const dataEncryption = { ...publicAccess, props: withField(publicAccess.props, "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption", "Enabled") };
    expect(stackMessages(RULE, replace(all, cluster, dataEncryption))).toEqual([{ urn: cluster.urn, message: overPublic.replace(" and its trusted-services bypass does not admit AKS", ", which KMS data encryption reaches through the trusted-services exception only with Private access set") }]);
    // Omitted, the access is Azure's default: Public.
    const defaulted = { ...publicAccess, props: withField(publicAccess.props, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", undefined) };
    expect(stackMessages(RULE, replace(all, cluster, defaulted))).toEqual([{ urn: cluster.urn, message: overPublic }]);
    // A firewall that denies by default closes the vault as well; a vault open to all networks (which other rules report) does not.
    const firewalled = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", "Enabled") };
    expect(stackMessages(RULE, replace(replace(all, cluster, publicAccess), s.vault, firewalled))).toHaveLength(1);
    const open = { ...firewalled, props: withField(firewalled.props, "properties.networkAcls.defaultAction", "Allow") };
    expect(stackMessages(RULE, replace(replace(all, cluster, publicAccess), s.vault, open))).toEqual([]);
    // Private, the link must be to the key's own vault.
    const otherVault = `${VAULT_ID.replace(/kv-good$/, "kv-other")}`;
    const wrongLink = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultResourceId", otherVault) };
    expect(stackMessages(RULE, replace(all, cluster, wrongLink))).toEqual([
        { urn: cluster.urn, message: `AKS cluster aks reaches key kv-good/cmk through a private link, so securityProfile.azureKeyVaultKms.keyVaultResourceId must be the resource id of vault kv-good, not ${otherVault}.` },
    ]);
    const noLink = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultResourceId", undefined) };
    expect(stackMessages(RULE, replace(all, cluster, noLink)).map((v) => v.message)).toEqual(["AKS cluster aks reaches key kv-good/cmk through a private link, so securityProfile.azureKeyVaultKms.keyVaultResourceId must be the resource id of vault kv-good."]);
    // KMS reaches a private vault only from a cluster with API Server VNet Integration.
    const noIntegration = "AKS cluster aks reaches key kv-good/cmk through a private link, which KMS supports only with API Server VNet Integration; set apiServerAccessProfile.enableVnetIntegration to true.";
    const konnectivity = { ...cluster, props: withField(cluster.props, "apiServerAccessProfile", undefined) };
    expect(stackMessages(RULE, replace(all, cluster, konnectivity))).toEqual([{ urn: cluster.urn, message: noIntegration }]);
    const integrationOff = { ...cluster, props: withField(cluster.props, "apiServerAccessProfile.enableVnetIntegration", false) };
    expect(stackMessages(RULE, replace(all, cluster, integrationOff)).map((v) => v.message)).toEqual([noIntegration]);
    // Over public access KMS works with Konnectivity too.
    expect(stackMessages(RULE, replace(replace(all, cluster, { ...publicAccess, props: withField(publicAccess.props, "apiServerAccessProfile", undefined) }), s.vault, open))).toEqual([]);
    // Not known until deploy: nothing to judge.
    const unknown = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", UNKNOWN_STRING) };
    expect(stackMessages(RULE, replace(all, cluster, unknown))).toEqual([]);
    const unknownIntegration = { ...cluster, props: withField(cluster.props, "apiServerAccessProfile.enableVnetIntegration", UNKNOWN_STRING) };
    expect(stackMessages(RULE, replace(all, cluster, unknownIntegration))).toEqual([]);
});

test("a Cosmos DB account needs its key's vault's public endpoint on", () => {
    const s = goodStack();
    const RULE = "azure-cosmosdb-account-configure-key-vault-network-access";
    const cosmos = view(TYPES.cosmosAccount, good.cosmosAccount(), { name: "cosmos", ...WAITS });
    const all = [...s.all, cosmos];
    expect(stackMessages(RULE, all)).toEqual([
        { urn: cosmos.urn, message: "Cosmos DB account cosmos reaches key kv-good/cmk over the vault's public endpoint, but vault kv-good has public network access disabled, which Cosmos DB cannot pass; set the vault's properties.publicNetworkAccess to \"Enabled\" with properties.networkAcls.defaultAction \"Deny\" and bypass \"AzureServices\", or use a key in such a vault." },
    ]);
    // A firewall that denies by default but lets trusted services by is what Microsoft's Cosmos DB guide names.
    const firewalled = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", "Enabled") };
    expect(stackMessages(RULE, replace(all, s.vault, firewalled))).toEqual([]);
    expect(stackMessages(RULE, replace(all, s.vault, { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", UNKNOWN_STRING) }))).toEqual([]);
});

test("AKS's KMS data encryption reaches a closed vault through the trusted-services exception: Private needs no API Server VNet Integration there", () => {
    const s = goodStack();
    const RULE = "azure-containerservice-managedcluster-configure-kms-vault-network-access";
    // Microsoft's KMS data encryption guide, pivot cmk-private: a versionless key, Private, no VNet integration, the vault closed with bypass AzureServices.
    const guide = withField(withField(withField(good.managedCluster(), "securityProfile.azureKeyVaultKms.keyId", KEY_URI), "apiServerAccessProfile", undefined), "securityProfile.kubernetesResourceObjectEncryptionProfile", { infrastructureEncryption: "Enabled" });
    const cluster = (props: Record<string, unknown>) => view(TYPES.managedCluster, props, { name: "aks", ...WAITS });
    expect(stackMessages(RULE, [...s.all, cluster(guide)])).toEqual([]);
    expect(stackMessages(RULE, [...s.all, cluster(withField(guide, "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption", UNKNOWN_STRING))])).toEqual([]);
    // It still names the key's own vault.
    const otherVault = VAULT_ID.replace(/kv-good$/, "kv-other");
    expect(stackMessages(RULE, [...s.all, cluster(withField(guide, "securityProfile.azureKeyVaultKms.keyVaultResourceId", otherVault))]).map((v) => v.message)).toEqual([
        `AKS cluster aks reaches key kv-good/cmk through a private link, so securityProfile.azureKeyVaultKms.keyVaultResourceId must be the resource id of vault kv-good, not ${otherVault}.`,
    ]);
    // The legacy KMS plugin still needs the integration.
    const legacy = withField(guide, "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption", "Disabled");
    expect(stackMessages(RULE, [...s.all, cluster(legacy)]).map((v) => v.message)).toEqual([
        "AKS cluster aks reaches key kv-good/cmk through a private link, which KMS supports only with API Server VNet Integration; set apiServerAccessProfile.enableVnetIntegration to true.",
    ]);
});

test("AKS's KMS data encryption moves to each new key version itself within 6 hours: its key's versions are not held to two rotations", () => {
    const s = goodStack();
    const RULE = "azure-containerservice-managedcluster-configure-kms-key-validity";
    const short = { ...s.key, props: withField(s.key.props, "rotationPolicy", { attributes: { expiryTime: "P120D" }, lifetimeActions: [{ action: { type: "Rotate" }, trigger: { timeAfterCreate: "P90D" } }] }) };
    const cluster = (infrastructureEncryption: unknown) => view(TYPES.managedCluster, withField(good.managedCluster(), "securityProfile.kubernetesResourceObjectEncryptionProfile", { infrastructureEncryption }), { name: "aks", ...WAITS });
    expect(stackMessages(RULE, [...replace(s.all, s.key, short), cluster("Enabled")])).toEqual([]);
    expect(stackMessages(RULE, [...replace(s.all, s.key, short), cluster(UNKNOWN_STRING)])).toEqual([]);
    expect(stackMessages(RULE, [...replace(s.all, s.key, short), cluster("Disabled")]).map((v) => v.message)).toEqual([expect.stringContaining("at least \"P210D\"")]);
});

test("a KMS key's versions must outlive two rotations and the move after the second: AKS keeps the previous one in use until the next move", () => {
    const s = goodStack();
    const RULE = "azure-containerservice-managedcluster-configure-kms-key-validity";
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const rotating = (expiryTime: unknown, trigger: Record<string, unknown>) => ({ ...s.key, props: withField(s.key.props, "rotationPolicy", { attributes: { expiryTime }, lifetimeActions: [{ action: { type: "Notify" }, trigger: { timeBeforeExpiry: "P30D" } }, { action: { type: "Rotate" }, trigger }] }) });
    const all = (key: ResourceView) => [...replace(s.all, s.key, key), cluster];
    // The component's defaults: a version every 90 days, each valid a year.
    expect(stackMessages(RULE, all(rotating("P1Y", { timeAfterCreate: "P90D" })))).toEqual([]);
    expect(stackMessages(RULE, all(rotating("P210D", { timeAfterCreate: "P90D" })))).toEqual([]);
    expect(stackMessages(RULE, all(rotating("P120D", { timeAfterCreate: "P90D" })))).toEqual([
        { urn: cluster.urn, message: "AKS cluster aks encrypts etcd with key kv-good/cmk, whose versions expire 120 days after creation but rotate every 90: KMS keeps a version in use until the cluster's second move after it is made (pulumi up --refresh after each rotation), so each must stay valid two rotations and 30 days to make that move, 210 days; set the key's rotationPolicy.attributes.expiryTime to at least \"P210D\"." },
    ]);
    // Exactly two rotations: a version expires the day its second successor is made, before the cluster can move off it.
    expect(stackMessages(RULE, all(rotating("P180D", { timeAfterCreate: "P90D" }))).map((v) => v.message)).toEqual([expect.stringContaining("at least \"P210D\"")]);
    // Rotating some time before expiry: a version of a year rotated 30 days before it expires is used 335 days, then kept 335 more.
    expect(stackMessages(RULE, all(rotating("P1Y", { timeBeforeExpiry: "P30D" }))).map((v) => v.message)).toEqual([expect.stringContaining("rotate every 335: ")]);
    // Rotated 200 days before a year's expiry: used 165 days, kept 165 more, with 35 to spare.
    expect(stackMessages(RULE, all(rotating("P1Y", { timeBeforeExpiry: "P200D" })))).toEqual([]);
    // In inputs (Analyze), the policy sits under properties.
    const inputs = view(TYPES.key, { vaultName: "kv-good", keyName: "cmk", properties: { kty: "RSA-HSM", rotationPolicy: { attributes: { expiryTime: "P100D" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] } } }, { name: "cmk-key" });
    expect(stackMessages(RULE, all(inputs))).toHaveLength(1);
    // Another service on the key is not held to it; nor is a key without rotation or without an expiry, which other rules judge.
    expect(stackMessages(RULE, replace(s.all, s.key, rotating("P120D", { timeAfterCreate: "P90D" })))).toEqual([]);
    expect(stackMessages(RULE, all(s.key))).toEqual([]);
    expect(stackMessages(RULE, all(rotating(undefined, { timeAfterCreate: "P90D" })))).toEqual([]);
    // Not known until deploy: nothing to judge.
    expect(stackMessages(RULE, all(rotating(UNKNOWN_STRING, { timeAfterCreate: "P90D" })))).toEqual([]);
    expect(stackMessages(RULE, all(rotating("P120D", { timeAfterCreate: UNKNOWN_STRING })))).toEqual([]);
});

/** Key Vault Contributor on vault kv-good for the cluster identity id-cmk: what AKS needs to create its KMS private link. */
function privateLinkGrant(role = ROLE("f25e0fa2-a7c8-4377-a976-54943a77a395"), scope = VAULT_ID): ResourceView {
    return view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: role, scope }, { name: "aks-private-link" });
}

test("AKS creates its KMS private link as the cluster's identity: Key Vault Contributor on that vault, which no other workload gets", () => {
    const s = goodStack();
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const cryptoUser = { ...s.grant, props: withField(s.grant.props, "roleDefinitionId", ROLE("12338af0-0e69-4776-bea7-57ae8d297424")) };
    const link = privateLinkGrant();
    const all = [...replace(s.all, s.grant, cryptoUser).filter((r) => r !== s.registry), cluster, link];
    const WIRING = "azure-keyvault-key-configure-cmk-identity-access";
    const PRIVILEGED = "azure-keyvault-vault-disallow-privileged-workload-roles";
    expect(stackMessages(WIRING, all)).toEqual([]);
    expect(stackMessages(PRIVILEGED, all)).toEqual([]);
    const missing = { urn: cluster.urn, message: "AKS cluster aks's identity id-cmk must create the private link from the cluster to vault kv-good for KMS, and holds no Key Vault Contributor role there; assign it Key Vault Contributor scoped to vault kv-good." };
    expect(stackMessages(WIRING, all.filter((r) => r !== link))).toEqual([missing]);
    // On another vault the role neither lets AKS link to this one nor escapes the privileged-role rule.
    const elsewhere = privateLinkGrant(undefined, VAULT_ID.replace(/kv-good$/, "kv-other"));
    expect(stackMessages(WIRING, replace(all, link, elsewhere))).toEqual([missing]);
    expect(stackMessages(PRIVILEGED, replace(all, link, elsewhere)).map((v) => v.urn)).toEqual([elsewhere.urn]);
    // Contributor also lets AKS link, but it is more than AKS needs: the privileged-role rule still reports it.
    const contributor = privateLinkGrant(ROLE("b24988ac-6180-42a0-ab88-20f7382dd24c"));
    expect(stackMessages(WIRING, replace(all, link, contributor))).toEqual([]);
    expect(stackMessages(PRIVILEGED, replace(all, link, contributor)).map((v) => v.urn)).toEqual([contributor.urn]);
    // Over public access no link is made: neither rule asks for the role, and the privileged-role rule reports it.
    const publicAccess = { ...cluster, props: withField(withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Public"), "securityProfile.azureKeyVaultKms.keyVaultResourceId", undefined) };
    expect(stackMessages(WIRING, replace(all, cluster, publicAccess).filter((r) => r !== link))).toEqual([]);
    expect(stackMessages(PRIVILEGED, replace(all, cluster, publicAccess)).map((v) => v.urn)).toEqual([link.urn]);
    // Until deploy the link's vault is unknown: nothing to judge.
    const unknown = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultResourceId", UNKNOWN_STRING) };
    expect(stackMessages(WIRING, replace(all, cluster, unknown).filter((r) => r !== link))).toEqual([]);
});

test("the KMS private link excuses Key Vault Contributor only on an RBAC vault: on an access-policy vault the role can write its holder an access policy to every key", () => {
    const s = goodStack();
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const link = privateLinkGrant();
    // The cluster's key access is an access policy on this vault: no role assignment on any of its keys.
    const all = [...s.all.filter((r) => r !== s.registry && r !== s.grant), cluster, link];
    const PRIVILEGED = "azure-keyvault-vault-disallow-privileged-workload-roles";
    const model = (value: unknown) => replace(all, s.vault, { ...s.vault, props: withField(s.vault.props, "properties.enableRbacAuthorization", value) });
    expect(stackMessages(PRIVILEGED, model(true))).toEqual([]);
    const violation = {
        urn: link.urn,
        message: `Principal ${PRINCIPAL_ID} gets Key Vault Contributor at vault kv-good scope; AKS cluster aks's KMS private link needs that role, but the vault uses access policies, where it lets its holder write itself an access policy to every key; move the vault to Azure RBAC in two deploys, first a role assignment on its key for each identity its access policies serve (in azure-byok's stack config, prepareRbacMigration: true on the vault), which lets this role through, then properties.enableRbacAuthorization set to true (in one deploy its services would lose their keys while the roles propagate), or have KMS reach the key over public access (keyVaultNetworkAccess "Public", for a vault open to every network), which needs no role on the vault, on a new cluster or with a key in another vault (AKS does not change a deployed cluster's mode on the vault KMS is attached to).`,
    };
    expect(stackMessages(PRIVILEGED, model(false))).toEqual([violation]);
    // Left out, the SDK sends false: access policies.
    expect(stackMessages(PRIVILEGED, model(undefined))).toEqual([violation]);
    // The vault's name in the cluster's resource id is matched in any case, as Azure reads it.
    const upper = { ...cluster, props: withField(cluster.props, "securityProfile.azureKeyVaultKms.keyVaultResourceId", VAULT_ID.replace("kv-good", "KV-Good")) };
    expect(stackMessages(PRIVILEGED, replace(model(false), cluster, upper))).toEqual([violation]);
    // A model unknown until deploy, or a vault outside the stack, is not the pack's to judge: the link keeps its exemption.
    expect(stackMessages(PRIVILEGED, model(UNKNOWN_STRING))).toEqual([]);
    expect(stackMessages(PRIVILEGED, all.filter((r) => r !== s.vault))).toEqual([]);
    // A key-management principal named in the policy config is allowed as before.
    expect(stackMessages(PRIVILEGED, model(false), { allowedPrincipalIds: [PRINCIPAL_ID] })).toEqual([]);
});

test("an access-policy vault prepares its move to RBAC when principals its access policies serve hold roles on its keys, and keeps the KMS private link's exemption", () => {
    const s = goodStack();
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const link = privateLinkGrant();
    const PRIVILEGED = "azure-keyvault-vault-disallow-privileged-workload-roles";
    const policyVault = { ...s.vault, props: withField(s.vault.props, "properties.enableRbacAuthorization", false) };
    const unprepared = [...replace(s.all, s.vault, policyVault).filter((r) => r !== s.registry && r !== s.grant), cluster, link];
    expect(stackMessages(PRIVILEGED, unprepared).map((v) => v.urn)).toEqual([link.urn]);
    // A principal the vault serves by access policy, and its role on one of the vault's keys, inert until the vault takes RBAC, there only for the move.
    const des = "33333333-3333-3333-3333-333333333333";
    const entry = { objectId: des, tenantId: "33333333-3333-3333-3333-333333333333", permissions: { keys: ["get", "wrapKey", "unwrapKey"] } };
    const accessPolicy = view("azure-native:keyvault:AccessPolicy", { resourceGroupName: "rg", vaultName: "kv-good", policy: entry }, { name: "des-access-policy" });
    const keyRole = view("azure-native:authorization:RoleAssignment", { principalId: des, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "des-key-role" });
    const served = [...unprepared, accessPolicy];
    expect(stackMessages(PRIVILEGED, served).map((v) => v.urn)).toEqual([link.urn]);
    expect(stackMessages(PRIVILEGED, [...served, keyRole])).toEqual([]);
    // A role on the vault's key for a principal the vault does not serve prepares nothing: here the cluster's own, from an RBAC-era template.
    expect(stackMessages(PRIVILEGED, [...unprepared, keyRole]).map((v) => v.urn)).toEqual([link.urn]);
    const clusterKeyRole = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: ROLE("12338af0-0e69-4776-bea7-57ae8d297424"), scope: KEY_ID }, { name: "aks-key-role" });
    expect(stackMessages(PRIVILEGED, [...served, clusterKeyRole]).map((v) => v.urn)).toEqual([link.urn]);
    // Nor does a policy on another vault.
    const otherPolicy = { ...accessPolicy, props: withField(accessPolicy.props, "vaultName", "kv-other") };
    expect(stackMessages(PRIVILEGED, [...unprepared, otherPolicy, keyRole]).map((v) => v.urn)).toEqual([link.urn]);
    // The vault's own access policies serve too; object ids and the scope are matched in any case, as Azure reads them.
    const inline = { ...policyVault, props: withField(policyVault.props, "properties.accessPolicies", [{ ...entry, objectId: des.toUpperCase() }]) };
    expect(stackMessages(PRIVILEGED, [...replace(unprepared, policyVault, inline), keyRole])).toEqual([]);
    const upper = { ...keyRole, props: withField(keyRole.props, "scope", KEY_ID.replace("kv-good", "KV-Good")) };
    expect(stackMessages(PRIVILEGED, [...served, upper])).toEqual([]);
    // A role on another vault's key, or on the vault itself, prepares nothing here.
    const otherVault = { ...keyRole, props: withField(keyRole.props, "scope", KEY_ID.replace("kv-good", "kv-other")) };
    expect(stackMessages(PRIVILEGED, [...served, otherVault]).map((v) => v.urn)).toEqual([link.urn]);
    const onVault = { ...keyRole, props: withField(keyRole.props, "scope", VAULT_ID) };
    expect(stackMessages(PRIVILEGED, [...served, onVault]).map((v) => v.urn)).toEqual([link.urn]);
    // Before a new key is deployed its role's scope is unknown: it counts when the scope comes from this vault's key.
    const pending = { ...keyRole, props: withField(keyRole.props, "scope", UNKNOWN_STRING) };
    expect(stackMessages(PRIVILEGED, [...served, { ...pending, propertyDependencies: { scope: [s.key.urn] } }])).toEqual([]);
    expect(stackMessages(PRIVILEGED, [...served, { ...pending, propertyDependencies: { scope: [s.vault.urn] } }]).map((v) => v.urn)).toEqual([link.urn]);
    expect(stackMessages(PRIVILEGED, [...served, pending]).map((v) => v.urn)).toEqual([link.urn]);
    // Before a new vault is deployed its policies' vault name is unknown: a policy counts when the name comes from this vault.
    const newVaultPolicy = { ...accessPolicy, props: withField(accessPolicy.props, "vaultName", UNKNOWN_STRING) };
    expect(stackMessages(PRIVILEGED, [...unprepared, { ...newVaultPolicy, propertyDependencies: { vaultName: [s.vault.urn] } }, keyRole])).toEqual([]);
    expect(stackMessages(PRIVILEGED, [...unprepared, newVaultPolicy, keyRole]).map((v) => v.urn)).toEqual([link.urn]);
    // Before a new principal exists its id is unknown: its role counts when its id comes from where its policy's does.
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-des", principalId: UNKNOWN_STRING }, { name: "id-des" });
    const newPolicy = { ...accessPolicy, props: withField(accessPolicy.props, "policy.objectId", UNKNOWN_STRING), propertyDependencies: { policy: [identity.urn] } };
    const newRole = { ...keyRole, props: withField(keyRole.props, "principalId", UNKNOWN_STRING), propertyDependencies: { principalId: [identity.urn] } };
    expect(stackMessages(PRIVILEGED, [...unprepared, identity, newPolicy, newRole])).toEqual([]);
    const newInline = { ...policyVault, props: withField(policyVault.props, "properties.accessPolicies", [{ ...entry, objectId: UNKNOWN_STRING }]), propertyDependencies: { properties: [identity.urn] } };
    expect(stackMessages(PRIVILEGED, [...replace(unprepared, policyVault, newInline), identity, newRole])).toEqual([]);
    const otherPrincipal = { ...newPolicy, propertyDependencies: { policy: ["urn:pulumi:dev::azure-byok::azure-native:managedidentity:UserAssignedIdentity::id-other"] } };
    expect(stackMessages(PRIVILEGED, [...unprepared, identity, otherPrincipal, newRole]).map((v) => v.urn)).toEqual([link.urn]);
    // Other privileged roles on a preparing vault are reported as before.
    const officer = privateLinkGrant(OFFICER);
    expect(stackMessages(PRIVILEGED, [...replace(served, link, officer), keyRole]).map((v) => v.urn)).toEqual([officer.urn]);
});

test("a CMK service's key must be an enabled RSA key with the operations the service uses, and SQL's at most 3072 bits", () => {
    const s = goodStack();
    const RULE = "azure-keyvault-key-configure-cmk-key-compatibility";
    // The key as outputs show it (settings at the top level) and as inputs do (under properties).
    const asInputs = view(TYPES.key, { vaultName: "kv-good", keyName: "cmk", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: true } } }, { name: "cmk-key" });
    for (const key of [{ ...s.key, props: { ...s.key.props, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: true } } }, asInputs]) {
        const all = replace(s.all, s.key, key);
        expect(stackMessages(RULE, all)).toEqual([]);
        const set = (field: string, value: unknown) => replace(all, key, { ...key, props: withField(key.props, key === asInputs ? `properties.${field}` : field, value) });
        expect(stackMessages(RULE, set("kty", "EC-HSM"))).toEqual([
            { urn: s.registry.urn, message: "Container Registry acr-registry encrypts with key kv-good/cmk, which is EC-HSM: Azure's customer-managed-key services wrap data keys with RSA; use an RSA-HSM (or RSA) key." },
        ]);
        expect(stackMessages(RULE, set("keyOps", ["encrypt", "decrypt"]))).toEqual([
            { urn: s.registry.urn, message: "Container Registry acr-registry encrypts with key kv-good/cmk, whose keyOps (encrypt, decrypt) lack wrapKey and unwrapKey, which it needs; add them to the key's properties.keyOps." },
        ]);
        expect(stackMessages(RULE, set("attributes.enabled", false))).toEqual([
            { urn: s.registry.urn, message: "Container Registry acr-registry encrypts with key kv-good/cmk, which is disabled: the service cannot reach its data keys; set the key's properties.attributes.enabled to true." },
        ]);
        // Unknown until deploy: nothing to judge.
        expect(stackMessages(RULE, set("kty", UNKNOWN_STRING))).toEqual([]);
        expect(stackMessages(RULE, set("keyOps", UNKNOWN_STRING))).toEqual([]);
        expect(stackMessages(RULE, set("keyOps", ["wrapKey", UNKNOWN_STRING]))).toEqual([]);
    }
    // 4096 bits suits a registry; SQL's TDE protector takes 2048 or 3072 only.
    const big = { ...s.key, props: { ...s.key.props, keySize: 4096 } };
    expect(stackMessages(RULE, replace(s.all, s.key, big))).toEqual([]);
    const server = view(TYPES.sqlServer, good.sqlServer(), { name: "sql", ...WAITS });
    for (const { props } of SERVER_KEY_FORMS) {
        const serverKey = view(TYPES.sqlServerKey, props, { name: "sql-tde-key", ...WAITS });
        expect(stackMessages(RULE, [...s.all, serverKey, server])).toEqual([]);
        expect(stackMessages(RULE, [...replace(s.all, s.key, big), serverKey, server]).map((v) => v.message)).toEqual([
            "SQL server key sql-tde-key encrypts with key kv-good/cmk, which is 4096-bit: SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key.",
            "SQL server sql encrypts with key kv-good/cmk, which is 4096-bit: SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key.",
        ]);
    }
    // AKS's KMS plugin encrypts and decrypts with the key: wrapKey and unwrapKey alone will not do.
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const wrapOnly = { ...s.key, props: { ...s.key.props, keyOps: ["wrapKey", "unwrapKey"] } };
    expect(stackMessages(RULE, [...replace(s.all, s.key, wrapOnly).filter((r) => r !== s.registry), cluster]).map((v) => v.message)).toEqual([
        "AKS cluster aks encrypts with key kv-good/cmk, whose keyOps (wrapKey, unwrapKey) lack encrypt and decrypt, which it needs; add them to the key's properties.keyOps.",
    ]);
    // A key from outside the stack is another rule's to report.
    expect(stackMessages(RULE, s.all.filter((r) => r !== s.key))).toEqual([]);
});

// Microsoft's PostgreSQL and MySQL flexible-server data-encryption requirements: get, list, wrapKey and unwrapKey.
test.each([
    ["PostgreSQL", TYPES.postgresqlServer, () => good.postgresqlServer()],
    ["MySQL", TYPES.mysqlServer, () => good.mysqlServer()],
])("a %s server's identity on an access-policy vault also needs list, as Microsoft's data-encryption requirements say", (engine, type, props) => {
    const s = goodStack();
    const RULE = "azure-keyvault-key-configure-cmk-identity-access";
    const pg = view(type, props(), { name: "db", ...WAITS });
    const withPolicy = (keys: string[]) => ({ ...s.vault, props: withField(withField(s.vault.props, "properties.enableRbacAuthorization", false), "properties.accessPolicies", [{ tenantId: "33333333-3333-3333-3333-333333333333", objectId: PRINCIPAL_ID, permissions: { keys } }]) });
    const all = [...s.all.filter((r) => r !== s.registry && r !== s.grant), pg];
    expect(stackMessages(RULE, replace(all, s.vault, withPolicy(["get", "list", "wrapKey", "unwrapKey"])))).toEqual([]);
    expect(stackMessages(RULE, replace(all, s.vault, withPolicy(["get", "wrapKey", "unwrapKey"])))).toEqual([
        { urn: pg.urn, message: `${engine} server db's identity id-cmk holds no access policy with get, wrapKey, unwrapKey and list on vault kv-good, which authorizes through access policies alone; give it one, or move the vault to Azure RBAC and assign it Key Vault Crypto Service Encryption User scoped to key kv-good/cmk.` },
    ]);
    expect(stackMessages(RULE, replace(all, s.vault, withPolicy(["get", "list", "wrapKey", "unwrapKey", "delete"]))).map((v) => v.message)).toEqual([
        `${engine} server db's identity id-cmk has access-policy key permissions delete beyond get, wrapKey, unwrapKey and list; grant only those.`,
    ]);
    // Through RBAC the role alone is enough.
    expect(stackMessages(RULE, [...all, s.grant])).toEqual([]);
    // One identity's one access policy serving the server and a registry: list is the server's need, not extra for the registry.
    const shared = [...s.all.filter((r) => r !== s.grant), pg];
    expect(stackMessages(RULE, replace(shared, s.vault, withPolicy(["get", "list", "wrapKey", "unwrapKey"])))).toEqual([]);
});

test("an access policy gives a CMK identity its key operations, and no more", () => {
    const s = goodStack();
    const withPolicy = (keys: string[]) => ({ ...s.vault, props: withField(withField(s.vault.props, "properties.enableRbacAuthorization", false), "properties.accessPolicies", [{ tenantId: "33333333-3333-3333-3333-333333333333", objectId: PRINCIPAL_ID, permissions: { keys } }]) });
    const noGrant = s.all.filter((r) => r !== s.grant);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(noGrant, s.vault, withPolicy(["get", "wrapKey", "unwrapKey"])))).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(noGrant, s.vault, withPolicy(["get", "wrapKey", "unwrapKey", "delete"])))).toEqual([
        { urn: s.vault.urn, message: "Container Registry acr-registry's identity id-cmk has access-policy key permissions delete beyond get, wrapKey and unwrapKey; grant only those." },
    ]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(noGrant, s.vault, withPolicy(["get", "wrapKey"]))).map((v) => v.urn)).toEqual([s.registry.urn]);
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", ...WAITS });
    const aks = [...noGrant.filter((r) => r !== s.registry), cluster, privateLinkGrant()];
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(aks, s.vault, withPolicy(["encrypt", "decrypt"])))).toEqual([]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(aks, s.vault, withPolicy(["get", "wrapKey", "unwrapKey"]))).map((v) => v.urn)).toEqual([cluster.urn]);
    expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", replace(aks, s.vault, withPolicy(["encrypt", "decrypt", "get"])))).toEqual([
        { urn: s.vault.urn, message: "AKS cluster aks's identity id-cmk has access-policy key permissions get beyond encrypt and decrypt; grant only those." },
    ]);
});

test("a workload identity with Key Vault Administrator at vault scope is reported unless named in config", () => {
    const s = goodStack();
    const admin = { ...s.grant, props: withField(withField(s.grant.props, "roleDefinitionId", ADMIN), "scope", VAULT_ID) };
    const stack = replace(s.all, s.grant, admin);
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", stack)).toEqual([
        { urn: s.grant.urn, message: `Principal ${PRINCIPAL_ID} gets Key Vault Administrator at vault kv-good scope; grant Key Vault Crypto Service Encryption User on key kv-good/cmk, which it uses for Container Registry acr-registry, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.` },
    ]);
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", stack, { allowedPrincipalIds: [PRINCIPAL_ID] })).toEqual([]);
    // Typed User (azure-native's SDK sends User when principalType is left out), the stack's own identity is still a workload.
    const user = { ...admin, props: withField(admin.props, "principalType", "User") };
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", replace(s.all, s.grant, user)).map((v) => v.urn)).toEqual([s.grant.urn]);
});

test("a role assignment typed User, or without principalType (the SDK sends User), is judged only when its principal is one the stack makes", () => {
    const s = goodStack();
    const rule = "azure-keyvault-vault-disallow-privileged-workload-roles";
    const admin = (principalId: string) => view("azure-native:authorization:RoleAssignment", { principalId, roleDefinitionId: ADMIN, scope: VAULT_ID }, { name: "kv-admin" });
    // The fix names the key a CMK service of the stack uses as the principal; another principal is told to remove the role.
    const fix = (service?: string) => service !== undefined
        ? `grant Key Vault Crypto Service Encryption User on key kv-good/cmk, which it uses for ${service}`
        : "no CMK service of this stack uses it, so remove the assignment, giving it only a role on the one key or secret it reads, if it reads one (Key Vault Crypto User, Key Vault Secrets User)";
    const reported = (principalId: string, service?: string) => [{ urn: admin(principalId).urn, message: `Principal ${principalId} gets Key Vault Administrator at vault kv-good scope; ${fix(service)}, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.` }];
    // The deployer, by getClientConfig().objectId, as Microsoft's RBAC guide grants it: not a workload.
    const deployer = "55555555-5555-5555-5555-555555555555";
    expect(stackMessages(rule, [...s.all, admin(deployer)])).toEqual([]);
    // The stack's user-assigned identity, in any case.
    expect(stackMessages(rule, [...s.all, admin(PRINCIPAL_ID)])).toEqual(reported(PRINCIPAL_ID, "Container Registry acr-registry"));
    expect(stackMessages(rule, [...s.all, admin(PRINCIPAL_ID.toUpperCase())]).map((v) => v.urn)).toEqual([admin(PRINCIPAL_ID).urn]);
    // The identity Azure made for a resource of the stack (system-assigned).
    const systemAssigned = "66666666-6666-6666-6666-666666666666";
    const app = view("azure-native:web:WebApp", { name: "app-good", identity: { type: "SystemAssigned", principalId: systemAssigned, tenantId: "33333333-3333-3333-3333-333333333333" } }, { name: "app" });
    expect(stackMessages(rule, [...s.all, app, admin(systemAssigned)])).toEqual(reported(systemAssigned));
    const workspace = view(TYPES.databricksWorkspace, { ...good.databricksWorkspace(), managedDiskIdentity: { principalId: systemAssigned } }, { name: "dbw" });
    expect(stackMessages(rule, [...s.all, workspace, admin(systemAssigned)])).toEqual(reported(systemAssigned, "Databricks workspace dbw"));
    // A service principal of the stack's own application.
    const servicePrincipalId = "77777777-7777-7777-7777-777777777777";
    const sp = view("azuread:index/servicePrincipal:ServicePrincipal", { clientId: CLIENT_ID, objectId: servicePrincipalId }, { name: "vendor-sp" });
    expect(stackMessages(rule, [...s.all, sp, admin(servicePrincipalId)])).toEqual(reported(servicePrincipalId));
    // ServicePrincipal is judged whoever the principal; User judges the principal: the deployer passes, the stack's identity does not.
    expect(stackMessages(rule, [...s.all, { ...admin(deployer), props: { ...admin(deployer).props, principalType: "ServicePrincipal" } }])).toEqual(reported(deployer));
    expect(stackMessages(rule, [...s.all, { ...admin(deployer), props: { ...admin(deployer).props, principalType: "User" } }])).toEqual([]);
    expect(stackMessages(rule, [...s.all, { ...admin(PRINCIPAL_ID), props: { ...admin(PRINCIPAL_ID).props, principalType: "User" } }])).toEqual(reported(PRINCIPAL_ID, "Container Registry acr-registry"));
});

test("a workload identity that can assign roles, which lets it grant itself Key Vault Administrator, is reported at any scope over the vault", () => {
    const s = goodStack();
    const rule = "azure-keyvault-vault-disallow-privileged-workload-roles";
    const grant = (guid: string, scope: string) => replace(s.all, s.grant, { ...s.grant, props: withField(withField(s.grant.props, "roleDefinitionId", ROLE(guid)), "scope", scope) });
    const fix = "it can assign roles, Key Vault Administrator to itself included; remove the assignment, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.";
    expect(stackMessages(rule, grant("8b54135c-b56d-4d72-a534-26097cfdc8d8", VAULT_ID))).toEqual([
        { urn: s.grant.urn, message: `Principal ${PRINCIPAL_ID} gets Key Vault Data Access Administrator at vault kv-good scope; ${fix}` },
    ]);
    expect(stackMessages(rule, grant("18d7d88d-d35e-4fb5-a5c3-7773c6a72009", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"))).toEqual([
        { urn: s.grant.urn, message: `Principal ${PRINCIPAL_ID} gets User Access Administrator at resource group rg scope, which may hold vault kv-good; ${fix}` },
    ]);
    expect(stackMessages(rule, grant("f58310d9-a9f6-439a-9e8d-f62e7b41a168", "/subscriptions/00000000-0000-0000-0000-000000000001"))).toEqual([
        { urn: s.grant.urn, message: `Principal ${PRINCIPAL_ID} gets Role Based Access Control Administrator at subscription 00000000-0000-0000-0000-000000000001 scope, which may hold vault kv-good; ${fix}` },
    ]);
    expect(stackMessages(rule, grant("18d7d88d-d35e-4fb5-a5c3-7773c6a72009", "/providers/Microsoft.Management/managementGroups/platform"), { allowedPrincipalIds: [PRINCIPAL_ID] })).toEqual([]);
    // A data-plane role on the key is not one of them.
    expect(stackMessages(rule, grant("e147488a-f6f5-4113-8e2d-b22465e65bf6", KEY_ID))).toEqual([]);
});

test("a key-management application created in the stack is allowed by its display name, whose id is unknown until deploy", () => {
    const s = goodStack();
    const app = view("azuread:index/application:Application", { displayName: "kms-appliance", clientId: "11111111-2222-4333-8444-555555555555" }, { name: "kms-appliance-application" });
    const sp = view("azuread:index/servicePrincipal:ServicePrincipal", { clientId: "11111111-2222-4333-8444-555555555555", objectId: PRINCIPAL_ID }, { name: "kms-appliance-service-principal", propertyDependencies: { clientId: [app.urn] } });
    const officer = { ...s.grant, props: withField(withField(s.grant.props, "roleDefinitionId", OFFICER), "scope", VAULT_ID), propertyDependencies: { principalId: [sp.urn] } };
    const stack = [...replace(s.all, s.grant, officer), app, sp];
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", stack)).toEqual([
        { urn: s.grant.urn, message: `kms-appliance (principal ${PRINCIPAL_ID}) gets Key Vault Crypto Officer at vault kv-good scope; if it manages the vault's keys (a key-management appliance), name it in the policy config: allowedPrincipalNames ["kms-appliance"]; otherwise grant Key Vault Crypto Service Encryption User or Crypto User on the key it uses.` },
    ]);
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", stack, { allowedPrincipalNames: ["KMS-Appliance"] })).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-disallow-privileged-workload-roles", stack, { allowedPrincipalNames: ["backup-vendor"] })).toHaveLength(1);
});

test("a key from outside the stack is reported unless named external", () => {
    const s = goodStack();
    const registry = { ...s.registry, props: withField(s.registry.props, "encryption.keyVaultProperties.keyIdentifier", "https://kv-other.vault.azure.net/keys/shared") };
    const stack = replace(s.all, s.registry, registry);
    expect(stackMessages("azure-keyvault-key-missing-in-stack", stack)).toEqual([
        { urn: s.registry.urn, message: "Container Registry acr-registry uses key kv-other/shared, which is neither in this stack nor named external; create the key in this stack's vault or add \"kv-other/shared\" to externalKeys in the policy config." },
    ]);
    expect(stackMessages("azure-keyvault-key-missing-in-stack", stack, { externalKeys: ["kv-other"] })).toEqual([]);
});

test("a key in a Managed HSM (outside any stack: no ARM resource holds its keys) is followed like any external key", () => {
    const s = goodStack();
    for (const uri of ["https://hsm-platform.managedhsm.azure.net/keys/cmk", "https://hsm-platform.managedhsm.azure.cn/keys/cmk"]) {
        const registry = { ...s.registry, props: withField(s.registry.props, "encryption.keyVaultProperties.keyIdentifier", uri) };
        const stack = replace(s.all, s.registry, registry);
        expect(stackMessages("azure-keyvault-key-missing-in-stack", stack)).toEqual([
            { urn: s.registry.urn, message: "Container Registry acr-registry uses key hsm-platform/cmk, which is neither in this stack nor named external; create the key in this stack's vault or add \"hsm-platform/cmk\" to externalKeys in the policy config." },
        ]);
        expect(stackMessages("azure-keyvault-key-missing-in-stack", stack, { externalKeys: ["hsm-platform"] })).toEqual([]);
        // Its protection is not in the stack for the other rules to judge; a registry takes no pool key at all (advisory, as Azure refuses it at deploy).
        const LOCAL = "azure-keyvault-managedhsm-configure-cmk-local-role";
        for (const name of STACK_RULES.filter((n) => n !== "azure-keyvault-key-missing-in-stack" && n !== LOCAL)) expect(stackMessages(name, stack)).toEqual([]);
        expect(stackMessages(LOCAL, stack).map((v) => v.message)).toEqual([expect.stringContaining("is given Managed HSM key hsm-platform/cmk, and Container Registry takes no Managed HSM key")]);
    }
    const storage = view(TYPES.storageAccount, withField(good.storageAccount(), "encryption.keyVaultProperties.keyVaultUri", "https://hsm-platform.managedhsm.azure.net/"), { name: "st", ...WAITS });
    expect(stackMessages("azure-keyvault-key-missing-in-stack", [...s.all, storage]).map((v) => v.message)).toEqual([
        "Storage account st uses key hsm-platform/cmk, which is neither in this stack nor named external; create the key in this stack's vault or add \"hsm-platform/cmk\" to externalKeys in the policy config.",
    ]);
    // A storage account takes a pool key: the stack's identity then needs a local role there (advisory).
    expect(stackMessages("azure-keyvault-managedhsm-configure-cmk-local-role", [...s.all, storage]).map((v) => v.message)).toEqual([expect.stringMatching(/^Storage account st's identity .* holds no local role on Managed HSM key hsm-platform\/cmk/)]);
});

test("an HSM key in a standard vault is reported at the vault", () => {
    const s = goodStack();
    const vault = { ...s.vault, props: withField(s.vault.props, "properties.sku.name", "standard") };
    expect(stackMessages("azure-keyvault-vault-enable-premium-sku-for-hsm-keys", replace(s.all, s.vault, vault))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good is standard and holds RSA-HSM key kv-good/cmk; set properties.sku.name to \"premium\" or ask for a software key type." },
    ]);
});

test("a vault without a CanNotDelete lock or AuditEvent logs is reported", () => {
    const s = goodStack();
    expect(stackMessages("azure-keyvault-vault-missing-delete-lock", s.all.filter((r) => r !== s.lock))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good has no CanNotDelete lock; add an authorization.ManagementLockByScope with level \"CanNotDelete\" and the vault's id as scope." },
    ]);
    const readOnly = { ...s.lock, props: withField(s.lock.props, "level", "ReadOnly") };
    expect(stackMessages("azure-keyvault-vault-missing-delete-lock", replace(s.all, s.lock, readOnly))).toHaveLength(1);
    expect(stackMessages("azure-keyvault-vault-missing-diagnostic-settings", s.all.filter((r) => r !== s.audit))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good sends no AuditEvent logs; add a monitor.DiagnosticSetting on the vault with the AuditEvent category (or the audit group) to a workspace, storage account or event hub." },
    ]);
    const unknownLogs = { ...s.audit, props: withField(s.audit.props, "logs", UNKNOWN_STRING) };
    expect(stackMessages("azure-keyvault-vault-missing-diagnostic-settings", replace(s.all, s.audit, unknownLogs))).toEqual([]);
});

test("after deploy a diagnostic setting's outputs lack its resourceUri, and its own id says what it logs", () => {
    const rule = "azure-keyvault-vault-missing-diagnostic-settings";
    const s = goodStack();
    const deployedAudit = (on: string) => ({ ...s.audit, props: { name: "kv-audit", id: `${on}/providers/Microsoft.Insights/diagnosticSettings/kv-audit`, logs: [{ category: "AuditEvent", enabled: true }] } });
    expect(stackMessages(rule, replace(s.all, s.audit, deployedAudit(VAULT_ID)))).toEqual([]);
    const account = VAULT_ID.replace("Microsoft.KeyVault/vaults/kv-good", "Microsoft.Storage/storageAccounts/stgood");
    expect(stackMessages(rule, replace(s.all, s.audit, deployedAudit(account))).map((v) => v.urn)).toEqual([s.vault.urn]);
});

test("a lock on the vault's group or subscription, or of another kind, covers the vault; one whose target its outputs do not say gives no verdict", () => {
    const rule = "azure-keyvault-vault-missing-delete-lock";
    const s = goodStack();
    const RG_ID = VAULT_ID.split("/providers/")[0];
    const SUB_ID = RG_ID.split("/resourceGroups/")[0];
    const without = s.all.filter((r) => r !== s.lock);
    const lockOf = (type: string, props: Record<string, unknown>, opts: Partial<ResourceView> = {}) => view(`azure-native:authorization:${type}`, { level: "CanNotDelete", ...props }, { name: "other-lock", ...opts });
    const vaultInGroup = { ...s.vault, props: { ...s.vault.props, resourceGroupName: RG_ID.split("/").pop() } };
    const inGroup = replace(without, s.vault, vaultInGroup);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockByScope", { scope: RG_ID })], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockByScope", { scope: SUB_ID })], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockAtSubscriptionLevel", {})], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockAtResourceGroupLevel", { resourceGroupName: vaultInGroup.props.resourceGroupName })], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockAtResourceLevel", { resourceProviderNamespace: "Microsoft.KeyVault", resourceType: "vaults", resourceName: "kv-good" })], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...without, lockOf("ManagementLockAtResourceLevel", {}, { propertyDependencies: { resourceName: [s.vault.urn] } })], {}, "mcsb")).toEqual([]);
    // Outputs without the lock's scope (a path parameter) and no dependency: the lock may be the vault's.
    expect(stackMessages(rule, [...without, lockOf("ManagementLockByScope", { name: "lock" })], {}, "mcsb")).toEqual([]);
    // Outputs without the scope, taken from the vault's own resource group alone: `scope: rg.id`, or an id built on it, which they cannot tell apart: no verdict.
    const rgUrn = (name: string, type = "azure-native:resources:ResourceGroup") => `urn:pulumi:dev::azure-byok::${type}::${name}`;
    const vaultFromGroup = { ...s.vault, propertyDependencies: { ...s.vault.propertyDependencies, resourceGroupName: [rgUrn("rg")] } };
    const fromGroup = replace(without, s.vault, vaultFromGroup);
    expect(stackMessages(rule, [...fromGroup, lockOf("ManagementLockByScope", { name: "lock" }, { propertyDependencies: { scope: [rgUrn("rg")] } })], {}, "mcsb")).toEqual([]);
    const versioned = rgUrn("rg", "azure-native:resources/v20240301:ResourceGroup");
    const fromVersionedGroup = replace(without, s.vault, { ...s.vault, propertyDependencies: { ...s.vault.propertyDependencies, resourceGroupName: [versioned] } });
    expect(stackMessages(rule, [...fromVersionedGroup, lockOf("ManagementLockByScope", { name: "lock" }, { propertyDependencies: { scope: [versioned] } })], {}, "mcsb")).toEqual([]);
    // The lock's own id says its scope: the group's covers the vault, a storage account's under it does not.
    const lockWithId = (scope: string) => lockOf("ManagementLockByScope", { name: "lock", id: `${scope}/providers/Microsoft.Authorization/locks/lock` }, { propertyDependencies: { scope: [rgUrn("rg")] } });
    expect(stackMessages(rule, [...fromGroup, lockWithId(RG_ID)], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...fromGroup, lockWithId(`${RG_ID}/providers/Microsoft.Storage/storageAccounts/st1`)], {}, "mcsb")).toHaveLength(1);
    // With no dependency at all (a scope written out, or taken from config), the lock's id says it too.
    const writtenOut = (scope: string) => lockOf("ManagementLockByScope", { name: "lock", id: `${scope}/providers/Microsoft.Authorization/locks/lock` });
    expect(stackMessages(rule, [...inGroup, writtenOut(RG_ID)], {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, [...inGroup, writtenOut(`${RG_ID}/providers/Microsoft.Storage/storageAccounts/st1`)], {}, "mcsb")).toHaveLength(1);
    // `scope: rg.id` while the vault's group is written out: the lock's id still says its group is the vault's.
    expect(stackMessages(rule, [...inGroup, lockWithId(RG_ID)], {}, "mcsb")).toEqual([]);
    // Another group's id, or an id built from the group and another resource (a storage account under it), is not the vault's.
    expect(stackMessages(rule, [...fromGroup, lockOf("ManagementLockByScope", { name: "lock" }, { propertyDependencies: { scope: [rgUrn("rg-other")] } })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...fromGroup, lockOf("ManagementLockByScope", { name: "lock" }, { propertyDependencies: { scope: [rgUrn("rg"), rgUrn("st1", "azure-native:storage:StorageAccount")] } })], {}, "mcsb")).toHaveLength(1);
    // Known to be elsewhere: reported.
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockByScope", { scope: RG_ID.replace(/[^/]+$/, "rg-other") })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockByScope", { scope: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/st1` })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockAtResourceLevel", { resourceProviderNamespace: "Microsoft.Storage", resourceType: "storageAccounts", resourceName: "kv-good" })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockAtResourceGroupLevel", { resourceGroupName: "rg-other" })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...inGroup, lockOf("ManagementLockByScope", { scope: RG_ID, level: "ReadOnly" })], {}, "mcsb")).toHaveLength(1);
    // With the vault's id known, a group or subscription scope in another subscription does not cover it.
    const vaultWithId = { ...s.vault, props: { ...s.vault.props, id: VAULT_ID } };
    const withId = replace(without, s.vault, vaultWithId);
    const otherSub = "/subscriptions/99999999-9999-4999-8999-999999999999";
    expect(stackMessages(rule, [...withId, lockOf("ManagementLockByScope", { scope: otherSub })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...withId, lockOf("ManagementLockByScope", { scope: `${otherSub}/resourceGroups/${RG_ID.split("/").pop()}` })], {}, "mcsb")).toHaveLength(1);
    expect(stackMessages(rule, [...withId, lockOf("ManagementLockByScope", { scope: RG_ID })], {}, "mcsb")).toEqual([]);
});

test("audit logs: azure-native v2's insights token counts, a setting whose target or category is not known gives no verdict", () => {
    const rule = "azure-keyvault-vault-missing-diagnostic-settings";
    const s = goodStack();
    const v2 = { ...s.audit, type: canonicalType("azure-native:insights/v20210501preview:DiagnosticSetting") };
    expect(stackMessages(rule, replace(s.all, s.audit, v2), {}, "mcsb")).toEqual([]);
    expect(stackMessages(rule, replace(s.all, s.audit, { ...s.audit, type: canonicalType("azure-native:insights:DiagnosticSetting") }), {}, "mcsb")).toEqual([]);
    const noTarget = view("azure-native:monitor:DiagnosticSetting", { logs: [{ category: "AuditEvent", enabled: true }] }, { name: "kv-audit" });
    expect(stackMessages(rule, replace(s.all, s.audit, noTarget), {}, "mcsb")).toEqual([]);
    const unknownCategory = view("azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT_ID, logs: [{ category: UNKNOWN_STRING, enabled: true }] }, { name: "kv-audit" });
    expect(stackMessages(rule, replace(s.all, s.audit, unknownCategory), {}, "mcsb")).toEqual([]);
    // Known to be another resource's, or without audit logs: reported.
    const elsewhere = view("azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT_ID.replace("kv-good", "kv-other"), logs: [{ category: "AuditEvent", enabled: true }] }, { name: "kv-audit" });
    expect(stackMessages(rule, replace(s.all, s.audit, elsewhere), {}, "mcsb")).toHaveLength(1);
    const metricsOnly = view("azure-native:monitor:DiagnosticSetting", { logs: [] }, { name: "kv-audit", propertyDependencies: { resourceUri: [s.vault.urn] } });
    expect(stackMessages(rule, replace(s.all, s.audit, metricsOnly), {}, "mcsb")).toHaveLength(1);
});

test("a vault with no private endpoint, in the stack or among its own connections, is reported", () => {
    const s = goodStack();
    const withoutEndpoint = s.all.filter((r) => r !== s.endpoint);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", withoutEndpoint)).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good has no private endpoint and is closed to public networks, so only trusted Azure services can use its keys; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the vault's id>, groupIds: [\"vault\"] }]." },
    ]);
    // An endpoint to another vault does not count.
    const elsewhere = { ...s.endpoint, props: withField(s.endpoint.props, "privateLinkServiceConnections", [{ privateLinkServiceId: VAULT_ID.replace("kv-good", "kv-other"), groupIds: ["vault"] }]) };
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", replace(s.all, s.endpoint, elsewhere))).toHaveLength(1);
    // During a preview the vault's id is unknown, but the endpoint's connection depends on the vault.
    const previewed = { ...s.endpoint, props: withField(s.endpoint.props, "manualPrivateLinkServiceConnections", [{ privateLinkServiceId: UNKNOWN_STRING }]) };
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", replace(s.all, s.endpoint, previewed))).toEqual([]);
    const dependent = { ...elsewhere, propertyDependencies: { privateLinkServiceConnections: [s.vault.urn] } };
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", replace(s.all, s.endpoint, dependent))).toEqual([]);
    // An endpoint made elsewhere shows in the vault's own connections, once approved.
    const connection = (status: string) => [{ id: `${VAULT_ID}/privateEndpointConnections/pe-hub`, properties: { privateLinkServiceConnectionState: { status } } }];
    const connected = { ...s.vault, props: withField(s.vault.props, "properties.privateEndpointConnections", connection("Approved")) };
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", replace(withoutEndpoint, s.vault, connected))).toEqual([]);
    const pending = { ...s.vault, props: withField(s.vault.props, "properties.privateEndpointConnections", connection("Pending")) };
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", replace(withoutEndpoint, s.vault, pending))).toHaveLength(1);
});

test("a manual private endpoint connection serves the vault only once the stack approves a connection on it", () => {
    const s = goodStack();
    const rule = "azure-keyvault-vault-missing-private-endpoint";
    const manual = { ...s.endpoint, props: withField(withField(s.endpoint.props, "privateLinkServiceConnections", []), "manualPrivateLinkServiceConnections", [{ privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }]) };
    const stack = replace(s.all, s.endpoint, manual);
    expect(stackMessages(rule, stack).map((v) => v.urn)).toEqual([s.vault.urn]);
    const approval = (status: string, vaultName: unknown = "kv-good") =>
        view("azure-native:keyvault:PrivateEndpointConnection", { resourceGroupName: "rg", vaultName, privateEndpointConnectionName: "pe-hub", privateLinkServiceConnectionState: { status } }, { name: "approve" });
    expect(stackMessages(rule, [...stack, approval("Approved")])).toEqual([]);
    expect(stackMessages(rule, [...stack, approval("Rejected")])).toHaveLength(1);
    expect(stackMessages(rule, [...stack, approval("Approved", "kv-other")])).toHaveLength(1);
    // Not known yet during a preview: no verdict.
    expect(stackMessages(rule, [...stack, approval("Approved", UNKNOWN_STRING)])).toEqual([]);
    // During a preview, a manual connection whose target is not known yet serves no vault while the stack approves none; with an approval it may.
    const previewed = { ...manual, props: withField(manual.props, "manualPrivateLinkServiceConnections", [{ privateLinkServiceId: UNKNOWN_STRING }]) };
    expect(stackMessages(rule, replace(s.all, s.endpoint, previewed)).map((v) => v.urn)).toEqual([s.vault.urn]);
    expect(stackMessages(rule, [...replace(s.all, s.endpoint, previewed), approval("Approved")])).toEqual([]);
    // A manual connection that depends on the vault is judged the same way.
    const dependent = { ...manual, props: withField(manual.props, "manualPrivateLinkServiceConnections", [{ privateLinkServiceId: VAULT_ID.replace("kv-good", "kv-x") }]), propertyDependencies: { manualPrivateLinkServiceConnections: [s.vault.urn] } };
    expect(stackMessages(rule, replace(s.all, s.endpoint, dependent)).map((v) => v.urn)).toEqual([s.vault.urn]);
    expect(stackMessages(rule, [...replace(s.all, s.endpoint, dependent), approval("Approved")])).toEqual([]);
});

test("an approval deployed with its store's name written out is placed by its id, which outputs carry instead of the path parameter", () => {
    const s = goodStack();
    const manual = { ...s.endpoint, props: withField(withField(s.endpoint.props, "privateLinkServiceConnections", []), "manualPrivateLinkServiceConnections", [{ privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }]) };
    const open = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", "Enabled") };
    const stack = replace(replace(s.all, s.endpoint, manual), s.vault, open);
    const deployed = (on: string) =>
        view("azure-native:keyvault:PrivateEndpointConnection", { name: "pe-hub", id: `${on}/privateEndpointConnections/pe-hub`, privateLinkServiceConnectionState: { status: "Approved" }, provisioningState: "Succeeded" }, { name: "approve" });
    expect(stackMessages("azure-keyvault-vault-disable-public-network-access-with-private-endpoint", [...stack, deployed(VAULT_ID)])).toEqual([
        { urn: s.vault.urn, message: 'Vault kv-good is reached through a private endpoint but still accepts public network traffic (publicNetworkAccess Enabled); set properties.publicNetworkAccess to "Disabled" so it is reached only through its private endpoint.' },
    ]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...stack, deployed(VAULT_ID.toUpperCase())])).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...stack, deployed(VAULT_ID.replace("kv-good", "kv-other"))]).map((v) => v.urn)).toEqual([s.vault.urn]);
    // An HSM connection's `name` output is the connection's own name, not the HSM's.
    const HSM_ID = `${VAULT_ID.split("/providers/")[0]}/providers/Microsoft.KeyVault/managedHSMs/hsm-good`;
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const hsmEndpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-hsm", manualPrivateLinkServiceConnections: [{ name: "hsm", privateLinkServiceId: HSM_ID, groupIds: ["managedhsm"] }] }, { name: "hsm-endpoint" });
    const hsmApproval = (on: string) =>
        view("azure-native:keyvault:MHSMPrivateEndpointConnection", { name: "pe-hsm", id: `${on}/privateEndpointConnections/pe-hsm`, privateLinkServiceConnectionState: { status: "Approved" }, provisioningState: "Succeeded" }, { name: "hsm-approve" });
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...s.all, hsm, hsmEndpoint, hsmApproval(HSM_ID)])).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...s.all, hsm, hsmEndpoint, hsmApproval(HSM_ID.replace("hsm-good", "hsm-other"))]).map((v) => v.urn)).toEqual([hsm.urn]);
});

test("a Managed HSM without AuditEvent logs, a private endpoint or a CanNotDelete lock is reported, as a vault is", () => {
    const HSM_ID = `${VAULT_ID.split("/providers/")[0]}/providers/Microsoft.KeyVault/managedHSMs/hsm-good`;
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const audit = view("azure-native:monitor:DiagnosticSetting", { resourceUri: HSM_ID, logs: [{ categoryGroup: "audit", enabled: true }] }, { name: "hsm-audit" });
    const endpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-hsm", privateLinkServiceConnections: [{ name: "hsm", privateLinkServiceId: HSM_ID, groupIds: ["managedhsm"] }] }, { name: "hsm-endpoint" });
    const s = goodStack();
    const covered = [...s.all, hsm, audit, endpoint];
    expect(stackMessages("azure-keyvault-vault-missing-diagnostic-settings", covered)).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", covered)).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-missing-diagnostic-settings", [...s.all, hsm, endpoint])).toEqual([
        { urn: hsm.urn, message: "Managed HSM hsm-good sends no AuditEvent logs; add a monitor.DiagnosticSetting on the HSM with the AuditEvent category (or the audit group) to a workspace, storage account or event hub." },
    ]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...s.all, hsm, audit])).toEqual([
        { urn: hsm.urn, message: "Managed HSM hsm-good has no private endpoint and is closed to public networks, so only trusted Azure services can use its keys; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the HSM's id>, groupIds: [\"managedhsm\"] }]." },
    ]);
    const lock = view("azure-native:authorization:ManagementLockByScope", { level: "CanNotDelete", scope: HSM_ID }, { name: "hsm-lock" });
    expect(stackMessages("azure-keyvault-vault-missing-delete-lock", [...covered, lock])).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-missing-delete-lock", covered)).toEqual([
        { urn: hsm.urn, message: "Managed HSM hsm-good has no CanNotDelete lock; add an authorization.ManagementLockByScope with level \"CanNotDelete\" and the HSM's id as scope." },
    ]);
    // A vault's logs or endpoint of the same name do not cover the HSM, nor the HSM's the vault.
    const sameName = view(TYPES.vault, { name: "hsm-good", properties: { ...good.vault().properties, vaultUri: "https://hsm-good.vault.azure.net/" } }, { name: "hsm-good-vault" });
    expect(stackMessages("azure-keyvault-vault-missing-diagnostic-settings", [...s.all, sameName, audit]).map((v) => v.urn)).toEqual([sameName.urn]);
    expect(stackMessages("azure-keyvault-vault-missing-private-endpoint", [...s.all, sameName, endpoint]).map((v) => v.urn)).toEqual([sameName.urn]);
});

describe("AuditEvent logs kept in a storage account with a retention policy, judged as Azure Policy's built-ins judge them (requiredRetentionDays)", () => {
    const rule = "azure-keyvault-vault-missing-diagnostic-settings";
    const STORAGE = VAULT_ID.replace("Microsoft.KeyVault/vaults/kv-good", "Microsoft.Storage/storageAccounts/staudit");
    const HSM_ID = `${VAULT_ID.split("/providers/")[0]}/providers/Microsoft.KeyVault/managedHSMs/hsm-good`;
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const kept = (on: string, retentionPolicy: Record<string, unknown> | undefined, sink: Record<string, unknown> = { storageAccountId: STORAGE }) =>
        view("azure-native:monitor:DiagnosticSetting", { resourceUri: on, ...sink, logs: [{ category: "AuditEvent", enabled: true, ...(retentionPolicy && { retentionPolicy }) }] }, { name: "kv-audit" });
    const vaultWith = (setting: ResourceView, config: Record<string, unknown> = {}) => {
        const s = goodStack();
        return stackMessages(rule, replace(s.all, s.audit, setting), config, "mcsb");
    };
    const hsmWith = (setting: ResourceView, config: Record<string, unknown> = {}) => {
        const s = goodStack();
        return stackMessages(rule, [...s.all, hsm, setting], config, "mcsb");
    };

    test("defaults to 365 days in every profile", () => {
        expect(ruleNamed(rule).metadata.parameters).toEqual({ requiredRetentionDays: expect.objectContaining({ defaults: { baseline: 365, mcsb: 365, sovereign: 365 } }) });
    });

    test("reports a vault whose only setting keeps AuditEvent 30 days in a storage account, and takes 365, 400 or 0 (forever)", () => {
        const s = goodStack();
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: 30 }))).toEqual([
            { urn: s.vault.urn, message: "Vault kv-good keeps its AuditEvent logs in a storage account for 30 days (setting kv-audit), fewer than the 365 asked; set the log's retentionPolicy.days to 365 or more or 0 (forever), or turn the retention policy off and keep the logs with the storage account's lifecycle management." },
        ]);
        for (const days of [365, 400, 0]) expect(vaultWith(kept(VAULT_ID, { enabled: true, days }))).toEqual([]);
    });

    test("takes any days when the retention policy is off or there is no storage account for it to apply to", () => {
        expect(vaultWith(kept(VAULT_ID, { enabled: false, days: 30 }))).toEqual([]);
        expect(vaultWith(kept(VAULT_ID, undefined))).toEqual([]);
        const workspace = VAULT_ID.replace("Microsoft.KeyVault/vaults/kv-good", "Microsoft.OperationalInsights/workspaces/law");
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: 30 }, { workspaceId: workspace }))).toEqual([]);
    });

    test("follows the configured requiredRetentionDays", () => {
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: 30 }), { requiredRetentionDays: 30 })).toEqual([]);
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: 90 }), { requiredRetentionDays: 180 }).map((v) => v.message)).toEqual([
            "Vault kv-good keeps its AuditEvent logs in a storage account for 90 days (setting kv-audit), fewer than the 180 asked; set the log's retentionPolicy.days to 180 or more or 0 (forever), or turn the retention policy off and keep the logs with the storage account's lifecycle management.",
        ]);
    });

    test("gives no verdict while the retention or the destination is unknown until deploy", () => {
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: UNKNOWN_STRING }))).toEqual([]);
        expect(vaultWith(kept(VAULT_ID, { enabled: true, days: 30 }, { storageAccountId: UNKNOWN_STRING }))).toEqual([]);
    });

    test("asks a Managed HSM for at least the required days or 0, as its built-in does since 1.1.0", () => {
        expect(hsmWith(kept(HSM_ID, { enabled: true, days: 365 }))).toEqual([]);
        expect(hsmWith(kept(HSM_ID, { enabled: true, days: 0 }))).toEqual([]);
        expect(hsmWith(kept(HSM_ID, { enabled: true, days: 180 }), { requiredRetentionDays: 90 })).toEqual([]);
        expect(hsmWith(kept(HSM_ID, { enabled: true, days: 60 }), { requiredRetentionDays: 90 })).toEqual([
            { urn: hsm.urn, message: "Managed HSM hsm-good keeps its AuditEvent logs in a storage account for 60 days (setting kv-audit), fewer than the 90 asked; set the log's retentionPolicy.days to 90 or more or 0 (forever), or turn the retention policy off and keep the logs with the storage account's lifecycle management." },
        ]);
    });
});

test("a CMK service on a key in the stack's Managed HSM holds that HSM to purge protection and the trusted-services bypass", () => {
    const s = goodStack();
    const hsmProps = (over: Record<string, unknown>) => ({ ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/", ...over } });
    const registry = { ...s.registry, props: withField(s.registry.props, "encryption.keyVaultProperties.keyIdentifier", "https://hsm-good.managedhsm.azure.net/keys/cmk") };
    const stackWith = (hsm: ResourceView) => [...replace(s.all, s.registry, registry), hsm];
    const good_ = view(TYPES.managedHsm, hsmProps({}), { name: "hsm" });
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", stackWith(good_))).toEqual([]);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", stackWith(good_))).toEqual([]);
    // Left out, an HSM pool has purge protection (the API's default); false is reported.
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", stackWith(view(TYPES.managedHsm, hsmProps({ enablePurgeProtection: undefined }), { name: "hsm" })))).toEqual([]);
    const unprotected = view(TYPES.managedHsm, hsmProps({ enablePurgeProtection: false }), { name: "hsm" });
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", stackWith(unprotected))).toEqual([
        { urn: unprotected.urn, message: "Managed HSM hsm-good holds key hsm-good/cmk that Container Registry acr-registry encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the managed HSM." },
    ]);
    const noBypass = view(TYPES.managedHsm, hsmProps({ networkAcls: { bypass: "None", defaultAction: "Deny" } }), { name: "hsm" });
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", stackWith(noBypass))).toEqual([
        { urn: noBypass.urn, message: "Managed HSM hsm-good is closed to public networks without the trusted-services bypass, which Container Registry acr-registry needs; set properties.networkAcls.bypass to \"AzureServices\"." },
    ]);
    // A vault of the same name is another store: the HSM key does not make it the registry's.
    const sameNameVault = view(TYPES.vault, { name: "hsm-good", properties: { ...good.vault().properties, enablePurgeProtection: false, vaultUri: "https://hsm-good.vault.azure.net/" } }, { name: "hsm-good-vault" });
    expect(stackMessages("azure-keyvault-vault-enable-purge-protection-for-cmk", [...stackWith(good_), sameNameVault])).toEqual([]);
});

test("a vault reached through a private endpoint that still accepts public traffic is reported", () => {
    const name = "azure-keyvault-vault-disable-public-network-access-with-private-endpoint";
    const s = goodStack();
    const open = { ...s.vault, props: withField(withField(s.vault.props, "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls", { defaultAction: "Deny", bypass: "AzureServices", ipRules: [] }) };
    const message = 'Vault kv-good is reached through a private endpoint but still accepts public network traffic (publicNetworkAccess Enabled); set properties.publicNetworkAccess to "Disabled" so it is reached only through its private endpoint.';
    expect(stackMessages(name, replace(s.all, s.vault, open))).toEqual([{ urn: s.vault.urn, message }]);
    // Left out, Key Vault takes it as enabled.
    const unset = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", undefined) };
    expect(stackMessages(name, replace(s.all, s.vault, unset))[0].message).toContain("(publicNetworkAccess not set, so Enabled)");
    // An endpoint made elsewhere, in the vault's own connections, counts as the stack's does.
    const connected = { ...open, props: withField(open.props, "properties.privateEndpointConnections", [{ id: `${VAULT_ID}/privateEndpointConnections/pe-hub`, properties: { privateLinkServiceConnectionState: { status: "Approved" } } }]) };
    expect(stackMessages(name, replace(s.all, s.vault, connected).filter((r) => r !== s.endpoint))).toEqual([{ urn: s.vault.urn, message }]);
    // Without an endpoint the vault may be public behind its firewall (other rules judge that), and unknowns are not violations.
    expect(stackMessages(name, replace(s.all, s.vault, open).filter((r) => r !== s.endpoint))).toEqual([]);
    const unknown = { ...s.vault, props: withField(s.vault.props, "properties.publicNetworkAccess", UNKNOWN_STRING) };
    expect(stackMessages(name, replace(s.all, s.vault, unknown))).toEqual([]);
    const previewed = { ...s.endpoint, props: withField(s.endpoint.props, "privateLinkServiceConnections", [{ privateLinkServiceId: UNKNOWN_STRING }]) };
    expect(stackMessages(name, replace(replace(s.all, s.vault, open), s.endpoint, previewed))).toEqual([]);
    // Mandatory in the sovereign profile, advisory elsewhere.
    expect(stackMessages(name, replace(s.all, s.vault, open), {}, "sovereign")).toHaveLength(1);
});

test("a closed vault without the trusted-services bypass is reported when a CMK service uses it", () => {
    const s = goodStack();
    const vault = { ...s.vault, props: withField(s.vault.props, "properties.networkAcls.bypass", "None") };
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(s.all, s.vault, vault))).toEqual([
        { urn: s.vault.urn, message: "Vault kv-good is closed to public networks without the trusted-services bypass, which Container Registry acr-registry needs; set properties.networkAcls.bypass to \"AzureServices\"." },
    ]);
    expect(stackMessages("azure-keyvault-vault-enable-trusted-services-bypass", replace(s.all, s.vault, vault).filter((r) => r !== s.registry))).toEqual([]);
});

describe("azure-storage-account-enable-soft-delete and -enable-container-soft-delete", () => {
    const BLOB = "azure-storage-account-enable-soft-delete";
    const CONTAINER = "azure-storage-account-enable-container-soft-delete";
    const ACCOUNT_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stgood";
    const account = view(TYPES.storageAccount, { ...good.storageAccount(), name: "stgood" }, { name: "st-account", ...WAITS });
    const retention = (days: number) => ({ deleteRetentionPolicy: { enabled: true, days }, containerDeleteRetentionPolicy: { enabled: true, days } });
    // As AnalyzeStack sends it: outputs name the account only in the id; accountName's input came from the account.
    const service = (props: Record<string, unknown>) => view(TYPES.blobService, { id: `${ACCOUNT_ID}/blobServices/default`, name: "default", ...props }, { name: "st-blob-service", propertyDependencies: { accountName: [account.urn] } });
    const both = (resources: Parameters<typeof stackMessages>[1], config: Record<string, unknown> = {}) => [...stackMessages(BLOB, resources, config), ...stackMessages(CONTAINER, resources, config)];

    test("passes an account whose blob service keeps deleted blobs and containers 7 days or more", () => {
        expect(both([account, service(retention(7))])).toEqual([]);
        expect(both([account, service(retention(365))], { minRetentionDays: 30 })).toEqual([]);
        // Matched by the name in its id when the dependency is not recorded (a blob service of an account made elsewhere).
        expect(both([account, { ...service(retention(7)), propertyDependencies: {} }])).toEqual([]);
    });

    test("each judges its own setting, as the public rules do: blob soft delete alone passes Checkov CKV2_AZURE_38, container alone Prowler", () => {
        const blobOnly = service({ deleteRetentionPolicy: { enabled: true, days: 10 } });
        expect(stackMessages(BLOB, [account, blobOnly])).toEqual([]);
        expect(stackMessages(CONTAINER, [account, blobOnly]).map((v) => v.message)).toEqual(["Storage account stgood: container soft delete is off (containerDeleteRetentionPolicy); set containerDeleteRetentionPolicy { enabled: true, days: 7 or more } on its blob service."]);
        const containerOnly = service({ containerDeleteRetentionPolicy: { enabled: true, days: 7 } });
        expect(stackMessages(CONTAINER, [account, containerOnly])).toEqual([]);
        expect(stackMessages(BLOB, [account, containerOnly]).map((v) => v.message)).toEqual(["Storage account stgood: blob soft delete is off (deleteRetentionPolicy); set deleteRetentionPolicy { enabled: true, days: 7 or more } on its blob service."]);
    });

    test("reports an account with no blob service at all: Azure leaves soft delete off", () => {
        expect(both([account])).toEqual([
            { urn: account.urn, message: 'Storage account stgood has no blob service settings, so blob soft delete is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with deleteRetentionPolicy { enabled: true, days: 7 or more }.' },
            { urn: account.urn, message: 'Storage account stgood has no blob service settings, so container soft delete is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with containerDeleteRetentionPolicy { enabled: true, days: 7 or more }.' },
        ]);
        // Another account's blob service does not count.
        const other = { ...service(retention(7)), props: { id: `${ACCOUNT_ID.replace("stgood", "stother")}/blobServices/default` }, propertyDependencies: {} };
        expect(stackMessages(BLOB, [account, other]).map((v) => v.urn)).toEqual([account.urn]);
    });

    test("reports soft delete that is off or too short, naming the setting", () => {
        const off = service({ deleteRetentionPolicy: { enabled: false }, containerDeleteRetentionPolicy: { enabled: true, days: 3 } });
        expect(both([account, off]).map((v) => v.message)).toEqual([
            "Storage account stgood: blob soft delete is off (deleteRetentionPolicy); set deleteRetentionPolicy { enabled: true, days: 7 or more } on its blob service.",
            "Storage account stgood: container soft delete keeps deleted items 3 days, fewer than 7 (containerDeleteRetentionPolicy); set containerDeleteRetentionPolicy { enabled: true, days: 7 or more } on its blob service.",
        ]);
        expect(stackMessages(BLOB, [account, service(retention(7))], { minRetentionDays: 14 }).map((v) => v.message)).toEqual([expect.stringContaining("blob soft delete keeps deleted items 7 days, fewer than 14")]);
    });

    test("reports nothing it cannot know yet, and no FileStorage account, which has no blobs", () => {
        expect(both([account, service({ deleteRetentionPolicy: { enabled: UNKNOWN_STRING }, containerDeleteRetentionPolicy: { enabled: true, days: UNKNOWN_STRING } })])).toEqual([]);
        // A blob service whose account is not known yet may be this one's, and may be the one that applies.
        const unplaced = view(TYPES.blobService, { accountName: UNKNOWN_STRING, ...retention(7) }, { name: "blob-service" });
        expect(both([account, unplaced])).toEqual([]);
        expect(both([account, service({ deleteRetentionPolicy: { enabled: false }, containerDeleteRetentionPolicy: { enabled: false } }), unplaced])).toEqual([]);
        // An account whose name is not known yet may own a blob service of a name no account of the stack is known by.
        const unnamed = { ...account, props: { ...account.props, name: UNKNOWN_STRING } };
        const stother = view(TYPES.blobService, { id: `${ACCOUNT_ID.replace("stgood", "stother")}/blobServices/default`, ...retention(7) }, { name: "other-blob-service" });
        expect(both([unnamed, stother])).toEqual([]);
        const other = view(TYPES.storageAccount, { ...good.storageAccount(), name: "stother" }, { name: "st-other" });
        expect(stackMessages(BLOB, [unnamed, other, stother]).map((v) => v.urn)).toEqual([unnamed.urn]);
        expect(both([{ ...account, props: { ...account.props, kind: "FileStorage" } }])).toEqual([]);
    });

    test("the stack's own CmkStorageAccount passes: the component makes the blob service", () => {
        // Its inputs, as Analyze and the docs show them (accountName, not name).
        const inputs = view(TYPES.storageAccount, good.storageAccount(), { name: "st-account", ...WAITS });
        const blob = view(TYPES.blobService, { resourceGroupName: "rg", accountName: "stgood", blobServicesName: "default", ...retention(7) }, { name: "st-blob-service" });
        expect(both([inputs, blob])).toEqual([]);
        expect(both([inputs]).map((v) => v.urn)).toEqual([inputs.urn, inputs.urn]);
    });
});


test("a SQL server with no key of the customer's is reported; a keyId at creation, or an encryption protector of its own, passes", () => {
    const RULE = "azure-sql-server-enable-cmk-encryption";
    const s = goodStack();
    const server = (props: Record<string, unknown>) => view(TYPES.sqlServer, { ...good.sqlServer(), ...props }, { name: "sql-server" });
    expect(stackMessages(RULE, [...s.all, server({})])).toEqual([]);
    const serviceManaged = server({ keyId: undefined, primaryUserAssignedIdentityId: undefined });
    expect(stackMessages(RULE, [...s.all, serviceManaged])).toEqual([
        { urn: serviceManaged.urn, message: "SQL server sql-good encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key (with primaryUserAssignedIdentityId and its identity granted wrap and unwrap), or, where Azure Policy's customer-managed key built-in does not deny a server without keyId, add an EncryptionProtector with serverKeyType \"AzureKeyVault\"." },
    ]);
    expect(stackMessages(RULE, [...s.all, server({ keyId: "" })])).toHaveLength(1);
    // The protector (judged by its own rule) names the server by serverName, or in outputs only by its ARM id.
    const protector = view(TYPES.sqlEncryptionProtector, good.sqlEncryptionProtector(), { name: "sql-protector" });
    expect(stackMessages(RULE, [...s.all, serviceManaged, protector])).toEqual([]);
    const byId = view(TYPES.sqlEncryptionProtector, { id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Sql/servers/SQL-GOOD/encryptionProtector/current", serverKeyType: "AzureKeyVault" }, { name: "sql-protector" });
    expect(stackMessages(RULE, [...s.all, serviceManaged, byId])).toEqual([]);
    const otherServer = view(TYPES.sqlEncryptionProtector, { ...good.sqlEncryptionProtector(), serverName: "sql-other" }, { name: "sql-protector" });
    expect(stackMessages(RULE, [...s.all, serviceManaged, otherServer])).toHaveLength(1);
    // Unknown during preview: no verdict. A Synapse dedicated pool's server is the workspace's.
    expect(stackMessages(RULE, [...s.all, server({ keyId: UNKNOWN_STRING })])).toEqual([]);
    expect(stackMessages(RULE, [...s.all, serviceManaged, view(TYPES.sqlEncryptionProtector, { ...good.sqlEncryptionProtector(), serverName: UNKNOWN_STRING }, { name: "p" })])).toEqual([]);
    expect(stackMessages(RULE, [...s.all, server({ keyId: undefined, kind: "v12.0,analytics" })])).toEqual([]);
});

test("an access policy granting all or purge is reported, unless its principal is named: by object id, or by name for one the stack creates", () => {
    const RULE = "azure-keyvault-vault-disallow-broad-access-policies";
    const s = goodStack();
    const inline = { ...s.vault, props: withField(s.vault.props, "properties.accessPolicies", [{ objectId: "44444444-4444-4444-4444-444444444444", tenantId: "t", permissions: { keys: ["get", "purge"], secrets: ["all"] } }]) };
    expect(stackMessages(RULE, replace(s.all, s.vault, inline))).toEqual([
        { urn: s.vault.urn, message: "The access policy for 44444444-4444-4444-4444-444444444444 grants keys \"purge\"; list only the keys permissions it needs, or name it in allowedObjectIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config." },
        { urn: s.vault.urn, message: "The access policy for 44444444-4444-4444-4444-444444444444 grants secrets \"all\"; list only the secrets permissions it needs, or name it in allowedObjectIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config." },
    ]);
    expect(stackMessages(RULE, replace(s.all, s.vault, inline), { allowedObjectIds: ["44444444-4444-4444-4444-444444444444"] })).toEqual([]);
    // The appliance's application, made in this stack: its object id is known only after deploy, its name before.
    const app = view("azuread:index/application:Application", { displayName: "kms-appliance", clientId: "11111111-2222-4333-8444-555555555555" }, { name: "kms-appliance-application" });
    const sp = view("azuread:index/servicePrincipal:ServicePrincipal", { clientId: "11111111-2222-4333-8444-555555555555", objectId: PRINCIPAL_ID }, { name: "kms-appliance-service-principal", propertyDependencies: { clientId: [app.urn] } });
    const policy = view("azure-native:keyvault:AccessPolicy", { vaultName: "kv-good", policy: { objectId: PRINCIPAL_ID, tenantId: "t", permissions: { keys: ["get", "create", "import", "delete", "purge"] } } }, { name: "kms-appliance-access", propertyDependencies: { policy: [sp.urn] } });
    const stack = [...s.all, app, sp, policy];
    expect(stackMessages(RULE, stack)).toEqual([
        { urn: policy.urn, message: `The access policy for kms-appliance (${PRINCIPAL_ID}) grants keys "purge"; list only the keys permissions it needs, or name it in allowedObjectIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.` },
    ]);
    expect(stackMessages(RULE, stack, { allowedPrincipalNames: ["KMS-Appliance"] })).toEqual([]);
    expect(stackMessages(RULE, stack, { allowedPrincipalNames: ["backup-vendor"] })).toHaveLength(1);
    // Qualified by project and stack (the fixtures' azure-byok/dev), as a policy group's shared config names it.
    expect(stackMessages(RULE, stack, { allowedPrincipalNames: ["azure-byok/dev:kms-appliance"] })).toEqual([]);
    expect(stackMessages(RULE, stack, { allowedPrincipalNames: ["azure-byok/prod:kms-appliance"] })).toHaveLength(1);
    // Unknown during preview: no verdict.
    const unknown = { ...policy, props: withField(policy.props, "policy.objectId", UNKNOWN_STRING) };
    expect(stackMessages(RULE, [...s.all, app, sp, unknown])).toEqual([]);
});

describe("a Synapse dedicated SQL pool with no transparent data encryption setting", () => {
    const RULE = "azure-synapse-sqlpool-missing-transparent-data-encryption";
    const workspace = view(TYPES.synapseWorkspace, good.synapseWorkspace(), { name: "syn" });
    const pool = (props: Record<string, unknown> = good.synapseSqlPool(), extra: Partial<ResourceView> = {}) => view(TYPES.synapseSqlPool, props, { name: "pool", ...extra });
    const tde = (props: Record<string, unknown> = good.synapseSqlPoolTransparentDataEncryption(), extra: Partial<ResourceView> = {}) => view(TYPES.synapseSqlPoolTransparentDataEncryption, props, { name: "pool-tde", ...extra });
    const MISSING = "Dedicated SQL pool pool of workspace syn-good has no transparent data encryption, which Azure leaves off for a new pool; add a SqlPoolTransparentDataEncryption with workspaceName \"syn-good\", sqlPoolName \"pool\", transparentDataEncryptionName \"current\" and status \"Enabled\".";

    test("is reported at the pool, in a workspace with a customer-managed key too (Checkov CKV_AZURE_241, Azure Policy cfaf0007 FAIL)", () => {
        const p = pool();
        expect(stackMessages(RULE, [workspace, p])).toEqual([{ urn: p.urn, message: MISSING }]);
        expect(stackMessages(RULE, [p])).toEqual([{ urn: p.urn, message: MISSING }]);
        // Another pool's setting, or one in another workspace, is not this pool's.
        expect(stackMessages(RULE, [workspace, p, tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "sqlPoolName", "other"))])).toHaveLength(1);
        expect(stackMessages(RULE, [workspace, p, tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "workspaceName", "syn-other"))])).toHaveLength(1);
        const other = pool(withField(good.synapseSqlPool(), "sqlPoolName", "other"), { name: "other" });
        expect(stackMessages(RULE, [workspace, p, other, tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "sqlPoolName", UNKNOWN_STRING), { propertyDependencies: { sqlPoolName: [other.urn] } })])).toEqual([{ urn: p.urn, message: MISSING }]);
    });

    test("passes with a setting of its own, found by names in any case, by ARM ids once deployed, or by where its pool name came from", () => {
        expect(stackMessages(RULE, [workspace, pool(), tde()])).toEqual([]);
        expect(stackMessages(RULE, [workspace, pool(), tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "workspaceName", "SYN-GOOD"))])).toEqual([]);
        const poolId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/syn-good/sqlPools/pool";
        const deployedPool = pool({ name: "pool", id: poolId, createMode: "Default" });
        expect(stackMessages(RULE, [workspace, deployedPool, tde({ name: "current", id: `${poolId}/transparentDataEncryption/current`, status: "Enabled" })])).toEqual([]);
        expect(stackMessages(RULE, [workspace, deployedPool]).map((v) => v.message)).toEqual([MISSING]);
        const p = pool();
        expect(stackMessages(RULE, [workspace, p, tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "sqlPoolName", UNKNOWN_STRING), { propertyDependencies: { sqlPoolName: [p.urn] } })])).toEqual([]);
        // A setting of the pool that is not Enabled is the enable rule's to report, not this one's.
        expect(stackMessages(RULE, [workspace, pool(), tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "status", "Disabled"))])).toEqual([]);
    });

    test("gives no verdict while a name is not known, or on a pool restored or recovered from another's backup", () => {
        expect(stackMessages(RULE, [pool(withField(good.synapseSqlPool(), "sqlPoolName", UNKNOWN_STRING))])).toEqual([]);
        expect(stackMessages(RULE, [pool(withField(good.synapseSqlPool(), "workspaceName", UNKNOWN_STRING))])).toEqual([]);
        // A setting whose names are not known yet may be this pool's.
        expect(stackMessages(RULE, [pool(), tde(withField(good.synapseSqlPoolTransparentDataEncryption(), "workspaceName", UNKNOWN_STRING))])).toEqual([]);
        expect(stackMessages(RULE, [pool(withField(good.synapseSqlPool(), "createMode", UNKNOWN_STRING))])).toEqual([]);
        for (const createMode of ["PointInTimeRestore", "Recovery", "Restore"]) expect(stackMessages(RULE, [pool(withField(good.synapseSqlPool(), "createMode", createMode))])).toEqual([]);
        // Left out, createMode is Default: a new, empty pool.
        expect(stackMessages(RULE, [pool(withField(good.synapseSqlPool(), "createMode", undefined))])).toHaveLength(1);
        // A deployed pool's outputs have no createMode (SqlPool's outputs, GetSqlPool.json): restored or new, it cannot be told.
        expect(stackMessages(RULE, [pool({ name: "pool", id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/syn-good/sqlPools/pool", creationDate: "2026-11-01T10:00:00Z", status: "Online", restorePointInTime: "0001-01-01T00:00:00Z" })])).toEqual([]);
    });
});
