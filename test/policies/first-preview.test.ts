// Stack rules on a first `pulumi preview`, when nothing exists yet. AnalyzeStack then gets each
// resource's outputs as azure-native previews them (pulumi-azure-native provider/pkg/convert/
// previewOutputs.go): the inputs in the response's shape, every response-only value (name, id,
// keyUri, vaultUri, ...) unknown, path parameters (accountName, vaultName) absent as in any outputs;
// and each input property's propertyDependencies (pulumi/pulumi pkg/resource/deploy/step_generator.go).
// A violation those determine must be reported then, as for the deployed stack, and nothing else.
import { CLIENT_ID, deployedOutputs, good, IDENTITY_ID, KEY_ID, KEY_URI, PRINCIPAL_ID, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, VERSION, view, withField } from "./fixtures";
import { ResourceView } from "../../policies/lib/rule";

/** One resource of a program: its deployed outputs, which of them a first preview does not know, and where its inputs came from. */
interface Made {
    type: string;
    name: string;
    urn: string;
    outputs: Record<string, unknown>;
    unknownInPreview: string[];
    propertyDependencies: Record<string, string[]>;
}

function made(type: string, name: string, outputs: Record<string, unknown>, unknownInPreview: string[], propertyDependencies: Record<string, string[]> = {}): Made {
    return { type, name, urn: view(type, {}, { name }).urn, outputs, unknownInPreview, propertyDependencies };
}

function views(program: Made[], preview: boolean): ResourceView[] {
    return program.map((m) => {
        const props = preview ? m.unknownInPreview.reduce((p, path) => withField(p, path, UNKNOWN_STRING), m.outputs) : m.outputs;
        return view(m.type, props, { name: m.name, propertyDependencies: m.propertyDependencies, dependencies: Object.values(m.propertyDependencies).flat() });
    });
}

const deployed = (program: Made[]) => views(program, false);
const firstPreview = (program: Made[]) => views(program, true);
const reported = (rule: string, resources: ResourceView[]) => stackMessages(rule, resources).map((v) => v.urn);

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
const VAULT_URI = "https://kv-good.vault.azure.net/";

/** A vault's outputs carry no vaultName (a path parameter); a new one's name, id and every response-only property are unknown. */
function vault(location: string, settings: Record<string, unknown> = {}): Made {
    const properties = Object.entries(settings).reduce((p, [path, value]) => withField(p, path, value), { ...good.vault().properties, vaultUri: VAULT_URI });
    return made(TYPES.vault, "kv", { name: "kv-good", id: VAULT_ID, location, properties }, ["name", "id", "properties.vaultUri", "properties.privateEndpointConnections"]);
}

function key(from: Made | undefined, settings: Record<string, unknown> = {}): Made {
    const outputs = {
        name: "cmk", id: KEY_ID, kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: true },
        rotationPolicy: { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] },
        keyUri: KEY_URI, keyUriWithVersion: `${KEY_URI}/${VERSION}`,
        ...settings,
    };
    // Without `from`, the key's vaultName is written out: no dependency says which vault it is in.
    return made(TYPES.key, "cmk", outputs, ["name", "id", "keyUri", "keyUriWithVersion"], from ? { vaultName: [from.urn] } : {});
}

const identity = made("azure-native:managedidentity:UserAssignedIdentity", "id-cmk", { name: "id-cmk", id: IDENTITY_ID, clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, ["id", "clientId", "principalId"]);

/** A disk encryption set whose activeKey came from `from` (the key for keyUrl, the vault for sourceVault.id). */
function diskEncryptionSet(location: string, from: Made[]): Made {
    const outputs = { name: "des", id: `${SUB}/Microsoft.Compute/diskEncryptionSets/des`, location, activeKey: { keyUrl: `${KEY_URI}/${VERSION}`, sourceVault: { id: VAULT_ID } }, identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } } };
    return made(TYPES.diskEncryptionSet, "des", outputs, ["name", "id", "activeKey.keyUrl", "activeKey.sourceVault.id"], { activeKey: from.map((m) => m.urn), identity: [identity.urn] });
}

/** A PostgreSQL or MySQL flexible server whose dataEncryption came from `from` (the key for primaryKeyURI). */
function flexibleServer(type: typeof TYPES.postgresqlServer | typeof TYPES.mysqlServer, location: string, from: Made[]): Made {
    const outputs = { name: "db-good", id: `${SUB}/${type === TYPES.mysqlServer ? "Microsoft.DBforMySQL" : "Microsoft.DBforPostgreSQL"}/flexibleServers/db-good`, location, dataEncryption: { type: "AzureKeyVault", primaryKeyURI: KEY_URI, primaryUserAssignedIdentityId: IDENTITY_ID }, identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } } };
    return made(type, "db", outputs, ["name", "id", "dataEncryption.primaryKeyURI"], { dataEncryption: [...from.map((m) => m.urn), identity.urn], identity: [identity.urn] });
}

/** A registry whose key identifier is its key's URI. */
function registry(from: Made): Made {
    // Outputs carry no path parameters (resourceGroupName, registryName).
    const outputs = withField(withField(good.registry(), "resourceGroupName", undefined), "registryName", undefined);
    return made(TYPES.registry, "acr", { ...outputs, name: "acrgood", id: `${SUB}/Microsoft.ContainerRegistry/registries/acrgood` }, ["name", "id", "encryption.keyVaultProperties.keyIdentifier", "encryption.keyVaultProperties.identity"], { encryption: [from.urn, identity.urn], identity: [identity.urn] });
}

/**
 * A storage account that names its key by the vault's URI and the key's name. azure-native's SDK
 * sends `encryption` through one output().apply, so the new vault's unknown URI makes the whole
 * argument unknown, keySource too.
 */
function cmkStorageAccount(vaultFrom: Made, keyFrom: Made): Made {
    const outputs = {
        name: "stcmk", id: `${SUB}/Microsoft.Storage/storageAccounts/stcmk`, kind: "StorageV2",
        encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyVaultUri: VAULT_URI, keyName: "cmk" }, encryptionIdentity: { encryptionUserAssignedIdentity: IDENTITY_ID } },
    };
    return made(TYPES.storageAccount, "st-cmk", outputs, ["name", "id", "encryption"], { encryption: [vaultFrom.urn, keyFrom.urn, identity.urn] });
}

/**
 * An AKS cluster whose KMS key id is the key's versioned URI, over public access, or a private link
 * to the vault (with or without API Server VNet Integration). azure-native's SDK sends
 * `securityProfile` whole: the new key's unknown URI hides KMS's network access and data encryption too.
 */
function kmsCluster(from: Made, network: "Public" | "Private" | "Private without VNet integration" = "Public"): Made {
    const kms = { enabled: true, keyId: `${KEY_URI}/${VERSION}`, keyVaultNetworkAccess: network === "Public" ? "Public" : "Private", ...(network === "Public" ? {} : { keyVaultResourceId: VAULT_ID }) };
    const outputs = {
        name: "aks-good", id: `${SUB}/Microsoft.ContainerService/managedClusters/aks-good`, identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } }, securityProfile: { azureKeyVaultKms: kms },
        ...(network === "Public" ? {} : { apiServerAccessProfile: { enableVnetIntegration: network === "Private" } }),
    };
    const unknown = ["name", "id", "securityProfile"];
    return made(TYPES.managedCluster, "aks", outputs, unknown, { securityProfile: network === "Public" ? [from.urn] : [from.urn, kv.urn], identity: [identity.urn] });
}

/** A SQL server key (a TDE protector added later) whose uri came from `from`; outputs name the key only in the key's name. */
function sqlServerKey(from: Made): Made {
    return made(TYPES.sqlServerKey, "sql-tde-key", deployedOutputs.sqlServerKey(), ["name", "id", "kind", "thumbprint", "creationDate"], { uri: [from.urn] });
}

const ACCOUNT_ID = `${SUB}/Microsoft.Storage/storageAccounts/stgood`;
const account = made(TYPES.storageAccount, "st", { name: "stgood", id: ACCOUNT_ID, kind: "StorageV2", allowBlobPublicAccess: false }, ["name", "id"]);
const otherAccount = made(TYPES.storageAccount, "st-other", { name: "stother", id: ACCOUNT_ID.replace("stgood", "stother"), kind: "StorageV2" }, ["name", "id"]);

/** A blob service whose accountName came from `owner`, keeping deleted blobs and containers `days` (0: off). */
function blobService(owner: Made, days: number): Made {
    const policy = days > 0 ? { enabled: true, days } : { enabled: false };
    const outputs = { name: "default", id: `${String(owner.outputs.id)}/blobServices/default`, deleteRetentionPolicy: policy, containerDeleteRetentionPolicy: policy };
    return made(TYPES.blobService, "blob", outputs, ["name", "id"], { accountName: [owner.urn] });
}

/** A CanNotDelete lock whose scope came from `on` (outputs carry no scope: a path parameter). */
function lock(on: Made): Made {
    return made("azure-native:authorization:ManagementLockByScope", "kv-lock", { name: "kv-lock", id: `${String(on.outputs.id)}/providers/Microsoft.Authorization/locks/kv-lock`, level: "CanNotDelete" }, ["id"], { scope: [on.urn] });
}

/** A diagnostic setting sending AuditEvent logs of the resource its resourceUri came from (a path parameter too). */
function auditLogs(on: Made): Made {
    return made("azure-native:monitor:DiagnosticSetting", "kv-audit", { name: "kv-audit", id: `${String(on.outputs.id)}/providers/Microsoft.Insights/diagnosticSettings/kv-audit`, logs: [{ category: "AuditEvent", enabled: true }] }, ["id"], { resourceUri: [on.urn] });
}

/** A private endpoint whose connection's target id came from `to`; `manual` waits for the vault owner's approval. */
function endpoint(to: Made, manual = false): Made {
    const property = manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
    const outputs = { name: "pe-kv", id: `${SUB}/Microsoft.Network/privateEndpoints/pe-kv`, [property]: [{ name: "kv", privateLinkServiceId: String(to.outputs.id), groupIds: ["vault"] }] };
    return made("azure-native:network:PrivateEndpoint", "kv-endpoint", outputs, ["id", `${property}.0.privateLinkServiceId`], { [property]: [to.urn] });
}

/** The vault's approval of a connection, its vaultName from `on` (outputs carry no vaultName). */
function approval(on: Made): Made {
    const outputs = { name: "pe-kv", id: `${VAULT_ID}/privateEndpointConnections/pe-kv`, privateLinkServiceConnectionState: { status: "Approved", description: "approved by the platform team" } };
    return made("azure-native:keyvault:PrivateEndpointConnection", "kv-approval", outputs, ["id"], { vaultName: [on.urn] });
}

const BLOB = "azure-storage-account-enable-soft-delete";
const CONTAINER = "azure-storage-account-enable-container-soft-delete";
const REGION = "azure-compute-diskencryptionset-configure-vault-region";
const PG_REGION = "azure-dbforpostgresql-server-configure-vault-region";
const MYSQL_REGION = "azure-dbformysql-server-configure-vault-region";
const MYSQL_RETENTION = "azure-dbformysql-server-configure-vault-soft-delete-retention";
const BYPASS = "azure-keyvault-vault-enable-trusted-services-bypass";
const PURGE = "azure-keyvault-vault-enable-purge-protection-for-cmk";
const COMPATIBLE = "azure-keyvault-key-configure-cmk-key-compatibility";
const KMS_VALIDITY = "azure-containerservice-managedcluster-configure-kms-key-validity";
const KMS_NETWORK = "azure-containerservice-managedcluster-configure-kms-vault-network-access";
const LOCK = "azure-keyvault-vault-missing-delete-lock";
const AUDIT = "azure-keyvault-vault-missing-diagnostic-settings";
const ENDPOINT = "azure-keyvault-vault-missing-private-endpoint";
const PREMIUM = "azure-keyvault-vault-enable-premium-sku-for-hsm-keys";

const kv = vault("northeurope");
const closed = vault("northeurope", { "networkAcls.bypass": "None" });
const noPurge = vault("northeurope", { enablePurgeProtection: false });
const cmk = key(kv);
const standard = vault("northeurope", { "sku.name": "standard" });
const retention7 = vault("northeurope", { softDeleteRetentionInDays: 7 });

/** A storage account on Microsoft-managed keys, whose encryption block is unknown for another reason (an identity made beside it). */
const platformKeyAccount = made(TYPES.storageAccount, "st-platform", { name: "stplatform", id: ACCOUNT_ID.replace("stgood", "stplatform"), kind: "StorageV2", encryption: { keySource: "Microsoft.Storage" } }, ["name", "id", "encryption"], { encryption: [identity.urn] });

/**
 * Programs, each with the resources the rules report on it once deployed: a first preview must
 * report exactly those, unless `waits` says why it cannot know them yet (then it reports nothing,
 * and `pulumi up` judges the resource before sending it).
 */
const SCENARIOS: { title: string; rules: string[]; program: Made[]; reports: string[]; waits?: string }[] = [
    { title: "an account with no blob service", rules: [BLOB, CONTAINER], program: [account], reports: [account.urn] },
    { title: "an account whose blob service keeps deleted items 7 days", rules: [BLOB, CONTAINER], program: [account, blobService(account, 7)], reports: [] },
    { title: "an account whose blob service has soft delete off", rules: [BLOB, CONTAINER], program: [account, blobService(account, 0)], reports: [account.urn] },
    { title: "two accounts, one with a blob service keeping deleted items 7 days", rules: [BLOB, CONTAINER], program: [account, otherAccount, blobService(otherAccount, 7)], reports: [account.urn] },
    { title: "a disk encryption set in another region than its key's vault", rules: [REGION], program: [kv, cmk, identity, diskEncryptionSet("westeurope", [cmk, kv])], reports: [diskEncryptionSet("westeurope", []).urn] },
    { title: "a disk encryption set in its key's vault's region", rules: [REGION], program: [kv, cmk, identity, diskEncryptionSet("North Europe", [cmk, kv])], reports: [] },
    { title: "a disk encryption set in another region, its key URL alone from the key", rules: [REGION], program: [kv, cmk, identity, diskEncryptionSet("westeurope", [cmk])], reports: [diskEncryptionSet("westeurope", []).urn] },
    { title: "a disk encryption set in another region, its key URL built from the vault's URI", rules: [REGION], program: [kv, identity, diskEncryptionSet("westeurope", [kv])], reports: [diskEncryptionSet("westeurope", []).urn] },
    { title: "a PostgreSQL server in another region than its key's vault", rules: [PG_REGION], program: [kv, cmk, identity, flexibleServer(TYPES.postgresqlServer, "westeurope", [cmk])], reports: [flexibleServer(TYPES.postgresqlServer, "westeurope", []).urn] },
    { title: "a MySQL server in another region than its key's vault", rules: [MYSQL_REGION], program: [kv, cmk, identity, flexibleServer(TYPES.mysqlServer, "westeurope", [cmk])], reports: [flexibleServer(TYPES.mysqlServer, "westeurope", []).urn] },
    { title: "a MySQL server on a key of a vault keeping deleted keys 7 days", rules: [MYSQL_RETENTION], program: [retention7, key(retention7), identity, flexibleServer(TYPES.mysqlServer, "northeurope", [key(retention7)])], reports: [flexibleServer(TYPES.mysqlServer, "northeurope", []).urn] },
    { title: "a registry's key in a vault closed without the trusted-services bypass", rules: [BYPASS], program: [closed, key(closed), identity, registry(key(closed))], reports: [closed.urn] },
    { title: "a registry's key in a vault closed with the trusted-services bypass", rules: [BYPASS, PURGE, COMPATIBLE], program: [kv, cmk, identity, registry(cmk)], reports: [] },
    { title: "a storage account's key in a vault closed without the trusted-services bypass", rules: [BYPASS], program: [closed, key(closed), identity, cmkStorageAccount(closed, key(closed))], reports: [closed.urn] },
    { title: "a storage account's key in a vault without purge protection", rules: [PURGE], program: [noPurge, key(noPurge), identity, cmkStorageAccount(noPurge, key(noPurge))], reports: [noPurge.urn] },
    { title: "a storage account on Microsoft-managed keys beside a closed vault without the bypass", rules: [BYPASS, PURGE], program: [closed, key(closed), identity, platformKeyAccount], reports: [] },
    { title: "a registry's key in a vault without purge protection", rules: [PURGE], program: [noPurge, key(noPurge), identity, registry(key(noPurge))], reports: [noPurge.urn] },
    { title: "a SQL server key's key in a vault closed without the trusted-services bypass", rules: [BYPASS], program: [closed, key(closed), sqlServerKey(key(closed))], reports: [closed.urn] },
    { title: "a SQL server key's key in a vault without purge protection", rules: [PURGE], program: [noPurge, key(noPurge), sqlServerKey(key(noPurge))], reports: [noPurge.urn] },
    { title: "a SQL server key's key of 4096 bits", rules: [COMPATIBLE], program: [kv, key(kv, { keySize: 4096 }), sqlServerKey(cmk)], reports: [sqlServerKey(cmk).urn] },
    { title: "a SQL server key's key in a vault closed with the trusted-services bypass", rules: [BYPASS, PURGE, COMPATIBLE], program: [kv, cmk, sqlServerKey(cmk)], reports: [] },
    { title: "a registry's key of type EC", rules: [COMPATIBLE], program: [kv, key(kv, { kty: "EC-HSM" }), identity, registry(key(kv))], reports: [registry(cmk).urn] },
    { title: "an AKS cluster's KMS key whose versions expire before two rotations", rules: [KMS_VALIDITY], program: [kv, key(kv, { rotationPolicy: { attributes: { expiryTime: "P60D" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P45D" } }] } }), identity, kmsCluster(cmk)], reports: [kmsCluster(cmk).urn], waits: "securityProfile is unknown whole: KMS network access and KMS data encryption are not known (the stack config refuses both ahead)" },
    { title: "an AKS cluster's KMS key valid for two rotations", rules: [KMS_VALIDITY], program: [kv, cmk, identity, kmsCluster(cmk)], reports: [] },
    { title: "an AKS cluster reaching its KMS key over public access in a closed vault", rules: [KMS_NETWORK], program: [kv, cmk, identity, kmsCluster(cmk)], reports: [kmsCluster(cmk).urn], waits: "securityProfile is unknown whole: KMS network access and KMS data encryption are not known (the stack config refuses both ahead)" },
    { title: "an AKS cluster reaching its KMS key over public access in an open vault", rules: [KMS_NETWORK], program: [vault("northeurope", { "networkAcls.defaultAction": "Allow", publicNetworkAccess: "Enabled" }), cmk, identity, kmsCluster(cmk)], reports: [] },
    { title: "an AKS cluster reaching its KMS key through a private link", rules: [KMS_NETWORK], program: [kv, cmk, identity, kmsCluster(cmk, "Private")], reports: [] },
    { title: "an AKS cluster reaching its KMS key through a private link without API Server VNet Integration", rules: [KMS_NETWORK], program: [kv, cmk, identity, kmsCluster(cmk, "Private without VNet integration")], reports: [kmsCluster(cmk).urn], waits: "securityProfile is unknown whole: KMS network access and KMS data encryption are not known (the stack config refuses both ahead)" },
    { title: "a vault with no lock, audit logs or private endpoint", rules: [LOCK, AUDIT, ENDPOINT], program: [kv], reports: [kv.urn] },
    { title: "a vault with a lock, audit logs and a private endpoint made on it", rules: [LOCK, AUDIT, ENDPOINT], program: [kv, lock(kv), auditLogs(kv), endpoint(kv)], reports: [] },
    { title: "a vault whose lock and audit logs are another resource's", rules: [LOCK, AUDIT], program: [kv, account, lock(account), auditLogs(account)], reports: [kv.urn] },
    { title: "a vault reached by a manual private endpoint connection it approves", rules: [ENDPOINT], program: [kv, endpoint(kv, true), approval(kv)], reports: [] },
    { title: "a vault reached by a manual private endpoint connection nobody approves", rules: [ENDPOINT], program: [kv, endpoint(kv, true)], reports: [kv.urn] },
    { title: "an HSM key in a standard vault", rules: [PREMIUM], program: [standard, key(standard)], reports: [standard.urn] },
    { title: "an HSM key in a premium vault", rules: [PREMIUM], program: [kv, cmk], reports: [] },
];

describe.each(SCENARIOS)("$title", ({ rules, program, reports, waits }) => {
    test.each(rules)(waits === undefined ? "%s reports on a first preview what it reports once deployed" : "%s waits on a first preview, reporting nothing it cannot know", (rule) => {
        expect(reported(rule, deployed(program))).toEqual(reports);
        expect(reported(rule, firstPreview(program))).toEqual(waits === undefined ? reports : []);
    });
});

test("a first preview names what is not known yet by its name in the program", () => {
    const set = diskEncryptionSet("westeurope", [cmk, kv]);
    expect(stackMessages(REGION, firstPreview([kv, cmk, identity, set])).map((v) => v.message)).toEqual([
        "Disk encryption set des in westeurope takes key cmk from vault kv in northeurope; a disk encryption set takes keys only from a vault in its own region, so put the set (and its disks) or the key in one region.",
    ]);
    expect(stackMessages(BYPASS, firstPreview([closed, key(closed), identity, registry(key(closed))])).map((v) => v.message)).toEqual([
        'Vault kv is closed to public networks without the trusted-services bypass, which Container Registry acr needs; set properties.networkAcls.bypass to "AzureServices".',
    ]);
    expect(stackMessages(PURGE, firstPreview([noPurge, key(noPurge), identity, registry(key(noPurge))])).map((v) => v.message)).toEqual([
        "Vault kv holds the key that Container Registry acr encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.",
    ]);
    expect(stackMessages(LOCK, firstPreview([kv])).map((v) => v.message)).toEqual([
        'Vault kv has no CanNotDelete lock; add an authorization.ManagementLockByScope with level "CanNotDelete" and the vault\'s id as scope.',
    ]);
    expect(stackMessages(PREMIUM, firstPreview([standard, key(standard)])).map((v) => v.message)).toEqual([
        'Vault kv is standard and holds RSA-HSM key cmk; set properties.sku.name to "premium" or ask for a software key type.',
    ]);
    expect(stackMessages(BLOB, firstPreview([account])).map((v) => v.message)).toEqual([
        'Storage account st has no blob service settings, so blob soft delete is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with deleteRetentionPolicy { enabled: true, days: 7 or more }.',
    ]);
});

describe("where no dependency links a resource to another, a first preview reports nothing", () => {
    test("a blob service whose accountName is written out may be any account's", () => {
        const written = { ...blobService(account, 0), propertyDependencies: {} };
        expect(reported(BLOB, deployed([account, written]))).toEqual([account.urn]);
        expect(reported(BLOB, firstPreview([account, written]))).toEqual([]);
    });

    test("a disk encryption set whose key's vault is written out in the key, and the set names no vault", () => {
        const unplaced = key(undefined);
        const program = [kv, unplaced, identity, diskEncryptionSet("westeurope", [unplaced])];
        expect(reported(REGION, deployed(program))).toHaveLength(1);
        expect(reported(REGION, firstPreview(program))).toEqual([]);
        // Nor is the vault the set names by sourceVault taken for the key's, while the key's own vault is not known.
        expect(reported(REGION, firstPreview([kv, unplaced, identity, diskEncryptionSet("westeurope", [unplaced, kv])]))).toEqual([]);
    });

    test("a disk encryption set whose activeKey came from nothing in the stack, or from two vaults", () => {
        expect(reported(REGION, firstPreview([kv, cmk, identity, diskEncryptionSet("westeurope", [])]))).toEqual([]);
        const other = { ...vault("westeurope"), name: "kv-other", urn: view(TYPES.vault, {}, { name: "kv-other" }).urn };
        expect(reported(REGION, firstPreview([kv, other, cmk, identity, diskEncryptionSet("westeurope", [cmk, other])]))).toEqual([]);
    });

    test("an AKS cluster whose KMS may yet be off", () => {
        const cluster = kmsCluster(cmk, "Private without VNet integration");
        const maybeOff = { ...cluster, unknownInPreview: [...cluster.unknownInPreview, "securityProfile.azureKeyVaultKms.enabled"] };
        expect(reported(KMS_NETWORK, firstPreview([kv, cmk, identity, maybeOff]))).toEqual([]);
    });

    test("a lock, audit logs or private endpoint naming a vault by an id written out, while the vault's name is not known yet", () => {
        const OTHER_ID = VAULT_ID.replace("kv-good", "kv-other");
        const written = (m: Made, outputs: Record<string, unknown>): Made => ({ ...m, outputs: { ...m.outputs, ...outputs }, unknownInPreview: ["id"], propertyDependencies: {} });
        const byScope = written(lock(kv), { scope: OTHER_ID });
        const atResource = made("azure-native:authorization:ManagementLockAtResourceLevel", "kv-lock", { name: "kv-lock", level: "CanNotDelete", resourceProviderNamespace: "Microsoft.KeyVault", resourceType: "vaults", resourceName: "kv-other" }, []);
        const logs = written(auditLogs(kv), { resourceUri: OTHER_ID });
        const link = written(endpoint(kv), { privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: OTHER_ID, groupIds: ["vault"] }] });
        for (const [rule, by] of [[LOCK, byScope], [LOCK, atResource], [AUDIT, logs], [ENDPOINT, link]] as const) {
            expect(reported(rule, deployed([kv, by]))).toEqual([kv.urn]);
            // The new vault may be kv-other.
            expect(reported(rule, firstPreview([kv, by]))).toEqual([]);
        }
    });

    test("a private endpoint whose target id is not known yet and came from another resource (a resource group's id may build the vault's)", () => {
        expect(reported(ENDPOINT, deployed([kv, account, endpoint(account)]))).toEqual([kv.urn]);
        expect(reported(ENDPOINT, firstPreview([kv, account, endpoint(account)]))).toEqual([]);
    });

    test("an approval whose vaultName came from nothing in the stack may be the vault's, deployed or not; one from another vault is not", () => {
        const unlinked = { ...approval(kv), propertyDependencies: {} };
        expect(reported(ENDPOINT, deployed([kv, endpoint(kv, true), unlinked]))).toEqual([]);
        expect(reported(ENDPOINT, firstPreview([kv, endpoint(kv, true), unlinked]))).toEqual([]);
        const other = { ...vault("northeurope"), name: "kv-other", urn: view(TYPES.vault, {}, { name: "kv-other" }).urn };
        expect(reported(ENDPOINT, firstPreview([kv, other, endpoint(kv, true), approval(other)]))).toEqual([kv.urn]);
    });

    test("an approval whose vaultName is written out names its vault only in its id, known once deployed", () => {
        const open = vault("northeurope", { publicNetworkAccess: "Enabled" });
        const written = { ...approval(open), propertyDependencies: {} };
        const PUBLIC = "azure-keyvault-vault-disable-public-network-access-with-private-endpoint";
        expect(reported(PUBLIC, deployed([open, endpoint(open, true), written]))).toEqual([open.urn]);
        expect(reported(PUBLIC, firstPreview([open, endpoint(open, true), written]))).toEqual([]);
        const elsewhere = { ...written, outputs: { ...written.outputs, id: `${VAULT_ID.replace("kv-good", "kv-other")}/privateEndpointConnections/pe-kv` } };
        expect(reported(ENDPOINT, deployed([kv, endpoint(kv, true), elsewhere]))).toEqual([kv.urn]);
        expect(reported(ENDPOINT, firstPreview([kv, endpoint(kv, true), elsewhere]))).toEqual([]);
    });

    test("an HSM key whose vaultName came from nothing in the stack", () => {
        expect(reported(PREMIUM, deployed([standard, key(undefined)]))).toEqual([standard.urn]);
        expect(reported(PREMIUM, firstPreview([standard, key(undefined)]))).toEqual([]);
    });

    test("a registry whose key identifier came from nothing in the stack", () => {
        const alone = { ...registry(key(closed)), propertyDependencies: {} };
        expect(reported(BYPASS, firstPreview([closed, key(closed), identity, alone]))).toEqual([]);
        expect(reported(COMPATIBLE, firstPreview([kv, key(kv, { kty: "EC-HSM" }), identity, { ...registry(cmk), propertyDependencies: {} }]))).toEqual([]);
    });
});
