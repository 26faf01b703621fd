import * as pulumi from "@pulumi/pulumi";
import { CmkContainerRegistry, CmkContainerRegistryArgs, validateCmkContainerRegistryArgs } from "../../components/cmk-container-registry";
import { CmkCosmosDbAccount, validateCmkCosmosDbAccountArgs } from "../../components/cmk-cosmosdb-account";
import { CmkDiskEncryptionSet, CmkDiskEncryptionSetArgs, validateCmkDiskEncryptionSetArgs } from "../../components/cmk-disk-encryption-set";
import { CmkEventHubNamespace, validateCmkEventHubNamespaceArgs } from "../../components/cmk-eventhub-namespace";
import { CmkKubernetesCluster, validateCmkKubernetesClusterArgs } from "../../components/cmk-kubernetes-cluster";
import { CmkMysqlFlexibleServer, validateCmkMysqlFlexibleServerArgs } from "../../components/cmk-mysql-flexible-server";
import { CmkPostgresqlFlexibleServer, validateCmkPostgresqlFlexibleServerArgs } from "../../components/cmk-postgresql-flexible-server";
import { CmkServiceBusNamespace, validateCmkServiceBusNamespaceArgs } from "../../components/cmk-servicebus-namespace";
import { CmkSqlServer, validateCmkSqlServerArgs } from "../../components/cmk-sql-server";
import { CmkStorageAccount, CmkStorageAccountArgs, validateCmkStorageAccountArgs } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyAccess } from "../../components/key-access";
import { KeyVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { CustomerManagedKey } from "../../components/types";
import { NONPAIRED_REGIONS, ZONELESS_REGIONS } from "../../components/region-pairs";
import { ValidationIssue } from "../../components/validation";
import { mockAzureDefaults, Recorder, RecordedResource, setAzureMocks, settle } from "../../plan/mocks";
import { deployWaves } from "../../plan/waves";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { keyReference, PRINCIPAL_ID, vaultReference } from "../support/references";

const rg = "rg-byok";
let recorder: Recorder;
let vault: KeyVault;
let key: EncryptionKey;
let appKey: EncryptionKey;
let throwawayVault: KeyVault;
let throwawayKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    // The public endpoint on, behind the default firewall that denies: Cosmos DB reaches its key no other way.
    vault = new KeyVault("kvcmk", { resourceGroupName: rg, publicNetworkAccess: "Enabled" });
    key = new EncryptionKey("cmk", { keyVault: vault });
    appKey = new EncryptionKey("app", { keyVault: vault, purpose: "applicationCrypto" });
    throwawayVault = new KeyVault("kvtmp", { resourceGroupName: rg, enablePurgeProtection: false, protect: false, lock: { kind: "None" } });
    throwawayKey = new EncryptionKey("tmp", { keyVault: throwawayVault, protect: false });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(appKey.id), valueOf(throwawayKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const cmk = (extra: Partial<CustomerManagedKey> = {}): CustomerManagedKey => ({ key, ...extra });

async function registered<T extends { id: pulumi.Output<string> }>(component: T): Promise<T> {
    await valueOf(component.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return component;
}

/** [name, protect] of each grant (role assignment, access policy) and wait registered anywhere under the component `name`. */
function grantsUnder(name: string): [string, boolean][] {
    const root = recorder.resources.find((r) => !r.custom && r.name === name);
    if (root === undefined) throw new Error(`no component ${name}`);
    const under = new Set([root.urn]);
    for (let grew = true; grew;) {
        const before = under.size;
        recorder.resources.filter((r) => r.parent !== undefined && under.has(r.parent)).forEach((r) => under.add(r.urn));
        grew = under.size > before;
    }
    const grantTypes = ["azure-native:authorization:RoleAssignment", "azure-native:keyvault:AccessPolicy", "time:index/sleep:Sleep"];
    return recorder.resources.filter((r) => under.has(r.urn) && grantTypes.includes(r.type)).map((r): [string, boolean] => [r.name, r.protect]).sort(([a], [b]) => a.localeCompare(b));
}

function grantOf(name: string): RecordedResource {
    return recorder.find("azure-native:authorization:RoleAssignment", `${name}-key-access-role-assignment`);
}

describe("CmkContainerRegistry", () => {
    test("is Premium, encrypted with the versionless key through its identity's client id, closed to the public", async () => {
        const acr = await registered(new CmkContainerRegistry("acr-byok", { resourceGroupName: rg, customerManagedKey: cmk() }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acr-byok-registry");
        const identityId = await valueOf(acr.identity.id);
        expect(recorder.find("azure-byok:managedidentity:ManagedIdentity", "acr-byok-identity").parent).toBe(recorder.find("azure-byok:containerregistry:CmkContainerRegistry", "acr-byok").urn);
        expect(registry.inputs).toMatchObject({
            sku: { name: "Premium" },
            identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } },
            encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: await valueOf(key.keyUri), identity: await valueOf(acr.identity.clientId) } },
            adminUserEnabled: false,
            anonymousPullEnabled: false,
            publicNetworkAccess: "Disabled",
            networkRuleBypassOptions: "AzureServices",
        });
        // Only registry-audience Entra tokens sign in: Azure would also take ARM-audience ones if left out.
        expect(registry.inputs.policies).toEqual({ exportPolicy: { status: "disabled" }, azureADAuthenticationAsArmPolicy: { status: "disabled" } });
        expect(String(registry.inputs.registryName)).toMatch(/^acrbyok[a-z0-9]{6}$/);
        expect(await valueOf(acr.keyIdentifier)).not.toMatch(/[0-9a-f]{32}$/);
    });

    test("waits for its grant, which is scoped to the key's ARM id", async () => {
        await registered(new CmkContainerRegistry("acr-order", { resourceGroupName: rg, customerManagedKey: cmk() }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acr-order-registry");
        const grant = grantOf("acr-order");
        expect(registry.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(grant.inputs.roleDefinitionId).toMatch(/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
        // And for Azure to propagate it: a fresh identity is refused by Key Vault for a while after its assignment exists.
        const wait = recorder.find("time:index/sleep:Sleep", "acr-order-key-access-rbac-propagation");
        expect(wait.inputs.createDuration).toBe("30s");
        expect(registry.dependencies).toContain(wait.urn);
    });

    test("waits as long as its customer-managed key asks, or not at all", async () => {
        await registered(new CmkContainerRegistry("acr-patient", { resourceGroupName: rg, customerManagedKey: cmk({ rbacPropagationWait: "90s" }) }));
        expect(recorder.find("time:index/sleep:Sleep", "acr-patient-key-access-rbac-propagation").inputs.createDuration).toBe("90s");
        recorder.clear();
        await registered(new CmkContainerRegistry("acr-hasty", { resourceGroupName: rg, customerManagedKey: cmk({ rbacPropagationWait: "0s" }) }));
        expect(recorder.ofType("time:index/sleep:Sleep")).toEqual([]);
        expect(recorder.find("azure-native:containerregistry:Registry", "acr-hasty-registry").dependencies).toContain(grantOf("acr-hasty").urn);
    });

    test("pins a key version only when asked by name", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        const acr = await registered(new CmkContainerRegistry("acr-pinned", { resourceGroupName: rg, customerManagedKey: cmk({ keyVersion: version }) }));
        expect(await valueOf(acr.keyIdentifier)).toBe(`${await valueOf(key.keyUri)}/${version}`);
    });

    test("turns exports back on when public access is asked for, as Azure requires", async () => {
        await registered(new CmkContainerRegistry("acr-public", { resourceGroupName: rg, customerManagedKey: cmk(), publicNetworkAccess: "Enabled" }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acr-public-registry");
        expect(registry.inputs).toMatchObject({ publicNetworkAccess: "Enabled", policies: { exportPolicy: { status: "enabled" } } });
    });

    test("admits only the ranges ipRules name through a public endpoint asked for by name, denying every other network", async () => {
        await registered(new CmkContainerRegistry("acr-ci", { resourceGroupName: rg, customerManagedKey: cmk(), publicNetworkAccess: "Enabled", ipRules: ["203.0.113.0/24", "198.51.100.7"] }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acr-ci-registry");
        expect(registry.inputs).toMatchObject({
            publicNetworkAccess: "Enabled",
            networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", iPAddressOrRange: "203.0.113.0/24" }, { action: "Allow", iPAddressOrRange: "198.51.100.7" }] },
            networkRuleBypassOptions: "AzureServices",
        });
        // Without rules nothing is sent, as before: a registry deployed open keeps its inputs.
        await registered(new CmkContainerRegistry("acr-open", { resourceGroupName: rg, customerManagedKey: cmk(), publicNetworkAccess: "Enabled" }));
        expect(recorder.find("azure-native:containerregistry:Registry", "acr-open-registry").inputs).not.toHaveProperty("networkRuleSet");
    });

    test("geo-replicates to the regions it lists, each replica the registry's child, protected and kept as it is, its private endpoints made after", async () => {
        const subnet = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
        await registered(new CmkContainerRegistry("acrgeo", {
            resourceGroupName: rg,
            location: "westeurope",
            customerManagedKey: cmk(),
            zoneRedundancy: "Enabled",
            replications: [{ location: "North Europe", zoneRedundancy: "Enabled" }, { location: "eastus2", name: "useast2", regionEndpointEnabled: false, tags: { Owner: "acr-team" } }],
            privateEndpoints: [{ subnetResourceId: subnet }],
            tags: { owner: "platform", env: "prod" },
        }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acrgeo-registry");
        expect(registry.inputs.zoneRedundancy).toBe("Enabled");
        const replicas = recorder.ofType("azure-native:containerregistry:Replication");
        expect(replicas.map((r) => [r.name, r.inputs, r.parent, r.protect, r.retainOnDelete])).toEqual([
            ["acrgeo-replication-northeurope", { resourceGroupName: rg, registryName: registry.inputs.registryName, replicationName: "northeurope", location: "northeurope", zoneRedundancy: "Enabled", regionEndpointEnabled: true, tags: { owner: "platform", env: "prod" } }, recorder.find("azure-byok:containerregistry:CmkContainerRegistry", "acrgeo").urn, true, true],
            ["acrgeo-replication-useast2", { resourceGroupName: rg, registryName: registry.inputs.registryName, replicationName: "useast2", location: "eastus2", zoneRedundancy: "Disabled", regionEndpointEnabled: false, tags: { env: "prod", Owner: "acr-team" } }, recorder.find("azure-byok:containerregistry:CmkContainerRegistry", "acrgeo").urn, true, true],
        ]);
        expect(replicas.every((r) => r.dependencies.includes(registry.urn))).toBe(true);
        // Azure registers the data endpoints of the regions the registry is in when the endpoint is made, not after.
        const endpoint = recorder.find("azure-native:network:PrivateEndpoint", "acrgeo-private-endpoint");
        expect(replicas.map((r) => endpoint.dependencies.includes(r.urn))).toEqual([true, true]);
    });

    test("sends a registry and a replica that say nothing of zones what azure-native sent before, and protects nothing with protect: false", async () => {
        await registered(new CmkContainerRegistry("acrplain", { resourceGroupName: rg, customerManagedKey: cmk(), replications: [{ location: "northeurope" }], protect: false }));
        expect(recorder.find("azure-native:containerregistry:Registry", "acrplain-registry").inputs.zoneRedundancy).toBe("Disabled");
        const replica = recorder.find("azure-native:containerregistry:Replication", "acrplain-replication-northeurope");
        expect([replica.inputs.zoneRedundancy, replica.inputs.regionEndpointEnabled, replica.protect, replica.retainOnDelete]).toEqual(["Disabled", true, false, false]);
    });

    test("takes ARM-audience Entra tokens only when asked by name", async () => {
        await registered(new CmkContainerRegistry("acr-armtokens", { resourceGroupName: rg, customerManagedKey: cmk(), azureADAuthenticationAsArmPolicy: "enabled" }));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acr-armtokens-registry");
        expect(registry.inputs.policies).toEqual({ exportPolicy: { status: "disabled" }, azureADAuthenticationAsArmPolicy: { status: "enabled" } });
    });
});

describe("CmkStorageAccount", () => {
    test("uses the key through Key Vault with no version, its identity's resource id, infrastructure encryption and locked-down access", async () => {
        const sa = await registered(new CmkStorageAccount("sabyok", { resourceGroupName: rg, customerManagedKey: cmk() }));
        const account = recorder.find("azure-native:storage:StorageAccount", "sabyok-account");
        const identityId = await valueOf(sa.identity.id);
        const accountKey = { enabled: true, keyType: "Account" };
        expect(account.inputs).toMatchObject({
            kind: "StorageV2",
            sku: { name: "Standard_GRS" },
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            encryption: {
                keySource: "Microsoft.Keyvault",
                keyVaultProperties: { keyVaultUri: await valueOf(vault.vaultUri), keyName: "cmk" },
                encryptionIdentity: { encryptionUserAssignedIdentity: identityId },
                requireInfrastructureEncryption: true,
                services: { blob: accountKey, file: accountKey, queue: accountKey, table: accountKey },
            },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            publicNetworkAccess: "Disabled",
            networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [] },
            keyPolicy: { keyExpirationPeriodInDays: 90 },
            sasPolicy: { sasExpirationPeriod: "0.01:00:00", expirationAction: "Block" },
        });
        expect(account.inputs.encryption).not.toHaveProperty("keyVaultProperties.keyVersion");
        expect(account.dependencies).toContain(grantOf("sabyok").urn);
    });

    test("gives each encryption scope its own key, reached as the account's identity through one key-scoped grant per key", async () => {
        const tenantA = new EncryptionKey("tenant-a", { keyVault: vault });
        const tenantB = new EncryptionKey("tenant-b", { keyVault: vault });
        await Promise.all([valueOf(tenantA.keyUriWithVersion), valueOf(tenantB.keyUriWithVersion)]);
        const version = (await valueOf(tenantB.keyUriWithVersion)).split("/").pop() as string;
        const sa = await registered(new CmkStorageAccount("sascopes", {
            resourceGroupName: rg,
            customerManagedKey: cmk(),
            encryptionScopes: [
                { name: "tenant-a", key: tenantA, keyAccessName: "tenant-a" },
                { name: "tenant-a-archive", key: tenantA },
                { name: "tenant-b", key: tenantB, keyVersion: version, keyAccessName: "tenant-b" },
                { name: "shared", key },
            ],
        }));
        const scope = (n: string) => recorder.find("azure-native:storage:EncryptionScope", `sascopes-${n}-scope`);
        expect(scope("tenant-a").inputs).toMatchObject({
            accountName: await valueOf(sa.accountName),
            encryptionScopeName: "tenant-a",
            source: "Microsoft.KeyVault",
            keyVaultProperties: { keyUri: await valueOf(tenantA.keyUri) },
            requireInfrastructureEncryption: true,
            state: "Enabled",
        });
        expect(scope("tenant-b").inputs).toMatchObject({ keyVaultProperties: { keyUri: await valueOf(tenantB.keyUriWithVersion) } });
        expect(await valueOf(sa.encryptionScopes["tenant-b"].keyVaultProperties.apply((p) => p?.currentVersionedKeyIdentifier))).toBe(await valueOf(tenantB.keyUriWithVersion));
        // One grant per key, to the account's identity, scoped to that key; a scope on the account's key waits for the account's grant.
        const principalId = await valueOf(sa.identity.principalId);
        const grants = ["tenant-a", "tenant-b"].map((n) => recorder.find("azure-native:authorization:RoleAssignment", `sascopes-${n}-key-grant-role-assignment`));
        expect(grants.map((g) => [g.inputs.principalId, g.inputs.scope])).toEqual([[principalId, await valueOf(tenantA.id)], [principalId, await valueOf(tenantB.id)]]);
        expect(recorder.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && String(r.name).startsWith("sascopes-tenant-a-archive"))).toEqual([]);
        expect(scope("tenant-a-archive").dependencies).toContain(grants[0].urn);
        expect(scope("shared").dependencies).toContain(grantOf("sascopes").urn);
        expect(Object.keys(sa.encryptionScopes)).toEqual(["tenant-a", "tenant-a-archive", "tenant-b", "shared"]);
    });

    test("makes private containers, each held to its encryption scope with no per-request override", async () => {
        const tenant = new EncryptionKey("tenant-c", { keyVault: vault });
        await valueOf(tenant.keyUriWithVersion);
        const sa = await registered(new CmkStorageAccount("sacontainers", {
            resourceGroupName: rg,
            customerManagedKey: cmk(),
            encryptionScopes: [{ name: "tenant-c", key: tenant, keyAccessName: "tenant-c" }],
            containers: [{ name: "tenant-c-data", encryptionScope: "tenant-c" }, { name: "shared" }],
        }));
        const container = (n: string) => recorder.find("azure-native:storage:BlobContainer", `sacontainers-${n}-container`);
        expect(container("tenant-c-data").inputs).toMatchObject({ accountName: await valueOf(sa.accountName), containerName: "tenant-c-data", publicAccess: "None", defaultEncryptionScope: "tenant-c", denyEncryptionScopeOverride: true });
        expect(container("tenant-c-data").dependencies).toContain(recorder.find("azure-native:storage:EncryptionScope", "sacontainers-tenant-c-scope").urn);
        expect(container("shared").inputs).toEqual({ resourceGroupName: rg, accountName: await valueOf(sa.accountName), containerName: "shared", publicAccess: "None" });
        expect(await valueOf(sa.containers["shared"].defaultEncryptionScope)).toBe("$account-encryption-key");
    });

    test("keeps deleted blobs and containers restorable for 7 days, soft delete on before any container exists", async () => {
        const sa = await registered(new CmkStorageAccount("sasoft", { resourceGroupName: rg, customerManagedKey: cmk(), containers: [{ name: "data" }] }));
        const service = recorder.find("azure-native:storage:BlobServiceProperties", "sasoft-blob-service");
        expect(service.inputs).toEqual({
            resourceGroupName: rg,
            accountName: await valueOf(sa.accountName),
            blobServicesName: "default",
            deleteRetentionPolicy: { enabled: true, days: 7 },
            containerDeleteRetentionPolicy: { enabled: true, days: 7 },
        });
        expect(recorder.find("azure-native:storage:BlobContainer", "sasoft-data-container").dependencies).toContain(service.urn);
        expect(await valueOf(sa.blobService.id)).toBe(`${await valueOf(sa.id)}/blobServices/default`);
    });

    test("keeps deleted blobs and containers for the days asked, and turns soft delete off only by name", async () => {
        await registered(new CmkStorageAccount("saretain", { resourceGroupName: rg, customerManagedKey: cmk(), deleteRetentionPolicy: { days: 365 }, containerDeleteRetentionPolicy: { enabled: true, days: 30 } }));
        expect(recorder.find("azure-native:storage:BlobServiceProperties", "saretain-blob-service").inputs).toMatchObject({
            deleteRetentionPolicy: { enabled: true, days: 365 },
            containerDeleteRetentionPolicy: { enabled: true, days: 30 },
        });
        await registered(new CmkStorageAccount("sanosoft", { resourceGroupName: rg, customerManagedKey: cmk(), deleteRetentionPolicy: { enabled: false }, containerDeleteRetentionPolicy: { enabled: false } }));
        expect(recorder.find("azure-native:storage:BlobServiceProperties", "sanosoft-blob-service").inputs).toMatchObject({
            deleteRetentionPolicy: { enabled: false },
            containerDeleteRetentionPolicy: { enabled: false },
        });
    });

    test("takes the access-key expiry and SAS lifetime asked for, and only logs a longer SAS when asked by name", async () => {
        await registered(new CmkStorageAccount("sakeys", {
            resourceGroupName: rg, customerManagedKey: cmk(), allowSharedKeyAccess: true, keyPolicy: { keyExpirationPeriodInDays: 30 }, sasPolicy: { sasExpirationPeriod: "0.08:00:00" },
        }));
        expect(recorder.find("azure-native:storage:StorageAccount", "sakeys-account").inputs).toMatchObject({
            keyPolicy: { keyExpirationPeriodInDays: 30 },
            sasPolicy: { sasExpirationPeriod: "0.08:00:00", expirationAction: "Block" },
        });
        // An action left undefined (an unset config value passed on) is the default, Block: azure-native would send Log for it.
        await registered(new CmkStorageAccount("saunset", { resourceGroupName: rg, customerManagedKey: cmk(), sasPolicy: { sasExpirationPeriod: "0.08:00:00", expirationAction: undefined } }));
        expect(recorder.find("azure-native:storage:StorageAccount", "saunset-account").inputs).toMatchObject({ sasPolicy: { sasExpirationPeriod: "0.08:00:00", expirationAction: "Block" } });
        await registered(new CmkStorageAccount("salog", { resourceGroupName: rg, customerManagedKey: cmk(), sasPolicy: { sasExpirationPeriod: "7.00:00:00", expirationAction: "Log" } }));
        expect(recorder.find("azure-native:storage:StorageAccount", "salog-account").inputs).toMatchObject({ sasPolicy: { sasExpirationPeriod: "7.00:00:00", expirationAction: "Log" } });
    });

    test("makes a premium SKU a premium block blob account: blobs only, under the key", async () => {
        await registered(new CmkStorageAccount("sapremium", { resourceGroupName: rg, customerManagedKey: cmk(), skuName: "Premium_ZRS", containers: [{ name: "data" }] }));
        const account = recorder.find("azure-native:storage:StorageAccount", "sapremium-account");
        expect(account.inputs).toMatchObject({ kind: "BlockBlobStorage", sku: { name: "Premium_ZRS" }, encryption: { requireInfrastructureEncryption: true } });
        // No file, queue or table service exists there to set a key type on.
        expect((account.inputs.encryption as { services: unknown }).services).toEqual({ blob: { enabled: true, keyType: "Account" } });
        expect(recorder.find("azure-native:storage:BlobServiceProperties", "sapremium-blob-service").inputs).toMatchObject({ deleteRetentionPolicy: { enabled: true, days: 7 } });
    });

    test("opens the public endpoint to the public ranges asked for by name", async () => {
        await registered(new CmkStorageAccount("sapublic", {
            resourceGroupName: rg, customerManagedKey: cmk(), publicNetworkAccess: "Enabled", ipRules: ["203.0.113.0/24"], allowSharedKeyAccess: true,
        }));
        const account = recorder.find("azure-native:storage:StorageAccount", "sapublic-account");
        expect(account.inputs).toMatchObject({
            publicNetworkAccess: "Enabled",
            allowSharedKeyAccess: true,
            // The access keys now authorize requests: Azure reminds of their regeneration, and a SAS signed with them lives an hour at most.
            keyPolicy: { keyExpirationPeriodInDays: 90 },
            sasPolicy: { sasExpirationPeriod: "0.01:00:00", expirationAction: "Block" },
            networkRuleSet: { defaultAction: "Deny", ipRules: [{ iPAddressOrRange: "203.0.113.0/24", action: "Allow" }] },
        });
    });
});

describe("CmkDiskEncryptionSet", () => {
    test("takes the versioned key URL Azure requires, rotates to the latest version, and double-encrypts", async () => {
        const des = await registered(new CmkDiskEncryptionSet("des-byok", { resourceGroupName: rg, customerManagedKey: cmk() }));
        const set = recorder.find("azure-native:compute:DiskEncryptionSet", "des-byok-des");
        expect(set.inputs).toMatchObject({
            diskEncryptionSetName: "des-byok",
            encryptionType: "EncryptionAtRestWithPlatformAndCustomerKeys",
            identity: { type: "UserAssigned", userAssignedIdentities: [await valueOf(des.identity.id)] },
            activeKey: { keyUrl: await valueOf(key.keyUriWithVersion) },
            rotationToLatestKeyVersionEnabled: true,
        });
        expect(set.dependencies).toContain(grantOf("des-byok").urn);
    });

    test("stops following new versions when a version is pinned", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        await registered(new CmkDiskEncryptionSet("des-pinned", { resourceGroupName: rg, customerManagedKey: cmk({ keyVersion: version }) }));
        expect(recorder.find("azure-native:compute:DiskEncryptionSet", "des-pinned-des").inputs.rotationToLatestKeyVersionEnabled).toBe(false);
    });
});

describe("a service's own grant, when the service moves to another key", () => {
    // azure-native answers every replacement delete-first, which would revoke the grant on the key the service still uses (or meet the vault lock).
    test.each([
        ["a storage account", "stmoving", (n: string) => new CmkStorageAccount(n, { resourceGroupName: rg, customerManagedKey: cmk() })],
        ["a disk encryption set", "des-moving", (n: string) => new CmkDiskEncryptionSet(n, { resourceGroupName: rg, customerManagedKey: cmk() })],
        ["a registry", "acrmoving", (n: string) => new CmkContainerRegistry(n, { resourceGroupName: rg, customerManagedKey: cmk() })],
    ] as const)("of %s is replaced new first: its role assignment gives deleteBeforeReplace false", async (_what, name, make) => {
        await registered(make(name));
        expect([grantOf(name).deleteBeforeReplace, grantOf(name).deleteBeforeReplaceDefined]).toEqual([false, true]);
    });
});

describe("a service's protect", () => {
    const services = [
        ["a registry", "azure-native:containerregistry:Registry", "registry", (n: string, extra: { protect?: boolean }, opts?: pulumi.ComponentResourceOptions) => new CmkContainerRegistry(n, { resourceGroupName: rg, customerManagedKey: cmk(), ...extra }, opts)],
        ["a storage account", "azure-native:storage:StorageAccount", "account", (n: string, extra: { protect?: boolean }, opts?: pulumi.ComponentResourceOptions) => new CmkStorageAccount(n, { resourceGroupName: rg, customerManagedKey: cmk(), ...extra }, opts)],
        ["a disk encryption set", "azure-native:compute:DiskEncryptionSet", "des", (n: string, extra: { protect?: boolean }, opts?: pulumi.ComponentResourceOptions) => new CmkDiskEncryptionSet(n, { resourceGroupName: rg, customerManagedKey: cmk(), ...extra }, opts)],
    ] as const;
    /** [protect, retainOnDelete] of the service's resource, of the identity made for it, and of its grant. */
    const kept = (type: string, child: string, name: string) => [
        recorder.find(type, `${name}-${child}`),
        recorder.find("azure-native:managedidentity:UserAssignedIdentity", `${name}-identity-identity`),
        grantOf(name),
    ].map((r) => [r.protect, r.retainOnDelete]);

    // Kept in Azure, a service whose grant was deleted would lose its key once its cached copy expires.
    test.each(services)("protects %s and the identity made for it, and keeps both and its grant in Azure; the grant unprotected, since a move to another key replaces it", async (_what, type, child, make) => {
        await registered(make(`${child}kept`, {}));
        expect(kept(type, child, `${child}kept`)).toEqual([[true, true], [true, true], [false, true]]);
    });

    test("keeps a storage account's encryption scope grants in Azure with the account, and deletes them with an account given protect: false", async () => {
        const tenantKey = new EncryptionKey("kept-tenant", { keyVault: vault });
        await valueOf(tenantKey.id);
        const scopes = [{ name: "tenant", key: tenantKey, keyAccessName: "tenant" }];
        await registered(new CmkStorageAccount("stscopekept", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: scopes }));
        await registered(new CmkStorageAccount("stscopeopen", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: scopes, protect: false }));
        const grant = (account: string) => recorder.find("azure-native:authorization:RoleAssignment", `${account}-tenant-key-grant-role-assignment`);
        expect(["stscopekept", "stscopeopen"].map((a) => [grant(a).protect, grant(a).retainOnDelete])).toEqual([[false, true], [false, false]]);
    });

    test("protects a storage account's containers as it protects the account: a destroy deletes first what nothing depends on, blobs included", async () => {
        await registered(new CmkStorageAccount("stblobs", { resourceGroupName: rg, customerManagedKey: cmk(), containers: [{ name: "data" }] }));
        await registered(new CmkStorageAccount("stblobsopen", { resourceGroupName: rg, customerManagedKey: cmk(), containers: [{ name: "data" }], protect: false }));
        expect(["stblobs", "stblobsopen"].map((n) => recorder.find("azure-native:storage:BlobContainer", `${n}-data-container`)).map((r) => [r.protect, r.retainOnDelete])).toEqual([[true, true], [false, false]]);
    });

    // Neither has a DELETE in Azure: azure-native's delete PUTs state Disabled on a scope (its blobs unreadable) and {} on the blob service.
    test("keeps a storage account's encryption scopes in Azure, enabled, with the account, and its blob service settings always", async () => {
        const scopes = [{ name: "tenant", key }];
        await registered(new CmkStorageAccount("stscopeskept", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: scopes }));
        await registered(new CmkStorageAccount("stscopesopen", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: scopes, protect: false }));
        const options = (type: string, child: string) => ["stscopeskept", "stscopesopen"].map((a) => recorder.find(type, `${a}-${child}`)).map((r) => [r.protect, r.retainOnDelete]);
        expect(options("azure-native:storage:EncryptionScope", "tenant-scope")).toEqual([[false, true], [false, false]]);
        expect(options("azure-native:storage:BlobServiceProperties", "blob-service")).toEqual([[false, true], [false, true]]);
    });

    test.each(services)("leaves %s and its identity deletable with protect: false", async (_what, type, child, make) => {
        await registered(make(`${child}open`, { protect: false }));
        expect(kept(type, child, `${child}open`)).toEqual([[false, false], [false, false], [false, false]]);
    });

    test.each(services)("takes the component's own protect option for %s, which Pulumi passes on to every child", async (_what, type, child, make) => {
        await registered(make(`${child}opt`, {}, { protect: false }));
        expect(kept(type, child, `${child}opt`)).toEqual([[false, false], [false, false], [false, false]]);
    });

    // The SDK gives a child that sets no protect its parent's; a protected grant would stop a move to another key at preview.
    test.each(services)("under the component's own { protect: true }, protects %s and its identity but not its grant and the wait after it", async (_what, type, child, make) => {
        const name = `${child}prot`;
        await registered(make(name, {}, { protect: true }));
        expect(kept(type, child, name).map(([protect]) => protect)).toEqual([true, true, false]);
        expect(grantsUnder(name)).toEqual([[`${name}-key-access-rbac-propagation`, false], [`${name}-key-access-role-assignment`, false]]);
    });

    test("under the component's own { protect: true }, leaves a storage account's encryption scope grants unprotected, as its own", async () => {
        const tenantKey = new EncryptionKey("prot-tenant", { keyVault: vault });
        await valueOf(tenantKey.id);
        await registered(new CmkStorageAccount("stscopeprot", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: [{ name: "tenant", key: tenantKey, keyAccessName: "tenant" }] }, { protect: true }));
        expect(grantsUnder("stscopeprot")).toEqual([
            ["stscopeprot-key-access-rbac-propagation", false], ["stscopeprot-key-access-role-assignment", false],
            ["stscopeprot-tenant-key-grant-rbac-propagation", false], ["stscopeprot-tenant-key-grant-role-assignment", false],
        ]);
    });
});

describe("a service given the component's own { protect: false, retainOnDelete: true } (leave the stack, stay in Azure)", () => {
    const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
    const admins = { objectId: PRINCIPAL_ID };
    type Make = (n: string, opts?: pulumi.ComponentResourceOptions) => { id: pulumi.Output<string> };
    const services: [string, string, string, string, Make][] = [
        ["a registry", "acr", "azure-native:containerregistry:Registry", "registry", (n, opts) => new CmkContainerRegistry(n, { resourceGroupName: rg, customerManagedKey: cmk() }, opts)],
        ["a storage account", "st", "azure-native:storage:StorageAccount", "account", (n, opts) => new CmkStorageAccount(n, { resourceGroupName: rg, customerManagedKey: cmk() }, opts)],
        ["a disk encryption set", "des", "azure-native:compute:DiskEncryptionSet", "des", (n, opts) => new CmkDiskEncryptionSet(n, { resourceGroupName: rg, customerManagedKey: cmk() }, opts)],
        ["a Cosmos DB account", "cosmos", "azure-native:cosmosdb:DatabaseAccount", "account", (n, opts) => new CmkCosmosDbAccount(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: cmk() }, opts)],
        ["an Event Hubs namespace", "eh", "azure-native:eventhub:Namespace", "namespace", (n, opts) => new CmkEventHubNamespace(n, { resourceGroupName: rg, customerManagedKey: cmk() }, opts)],
        ["a Service Bus namespace", "sb", "azure-native:servicebus:Namespace", "namespace", (n, opts) => new CmkServiceBusNamespace(n, { resourceGroupName: rg, customerManagedKey: cmk() }, opts)],
        ["a SQL server", "sql", "azure-native:sql:Server", "server", (n, opts) => new CmkSqlServer(n, { resourceGroupName: rg, customerManagedKey: cmk(), administrator: { login: "sql-admins", ...admins } }, opts)],
        ["a PostgreSQL server", "pg", "azure-native:dbforpostgresql:Server", "server", (n, opts) => new CmkPostgresqlFlexibleServer(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: cmk(), administrator: { principalName: "pg-admins", ...admins } }, opts)],
        ["a MySQL server", "mysql", "azure-native:dbformysql:Server", "server", (n, opts) => new CmkMysqlFlexibleServer(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: cmk() }, opts)],
        ["an AKS cluster", "aks", "azure-native:containerservice:ManagedCluster", "cluster", (n, opts) => {
            const des = new CmkDiskEncryptionSet(`${n}-disks`, { resourceGroupName: rg, customerManagedKey: cmk() });
            return new CmkKubernetesCluster(n, { resourceGroupName: rg, customerManagedKey: { key: appKey }, diskEncryptionSetId: des.id, nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: [PRINCIPAL_ID] }, opts);
        }],
    ];
    /** [protect, retainOnDelete] of the service's resource, of the identity made for it, and of its grant. */
    const kept = (type: string, child: string, name: string) => [
        recorder.find(type, `${name}-${child}`),
        recorder.find("azure-native:managedidentity:UserAssignedIdentity", `${name}-identity-identity`),
        grantOf(name),
    ].map((r) => [r.protect, r.retainOnDelete]);

    // The engine copies a parent's retainOnDelete only onto a child that sets none (pulumi/pulumi source_eval.go,
    // inheritFromParent), so a child sent `false` would be deleted in Azure, its data and its identity with it.
    test.each(services)("keeps %s, the identity made for it and its grant in Azure, and protects none of them", async (_what, tag, type, child, make) => {
        await registered(make(`${tag}ret`, { protect: false, retainOnDelete: true }));
        expect(kept(type, child, `${tag}ret`)).toEqual([[false, true], [false, true], [false, true]]);
    });

    test.each(services)("with no option given, still protects %s and its identity and keeps all three in Azure", async (_what, tag, type, child, make) => {
        await registered(make(`${tag}dflt`));
        expect(kept(type, child, `${tag}dflt`)).toEqual([[true, true], [true, true], [false, true]]);
    });
});

describe("a service renamed with aliases (a rename keeps the URNs, not the Azure names derived from the resource name)", () => {
    const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
    const admins = { objectId: PRINCIPAL_ID };
    /** The deployed Azure names, given by name: the service's, and its own identity's. */
    type Deployed = { name?: string; identityName?: string };
    type Make = (n: string, deployed: Deployed, opts: pulumi.ComponentResourceOptions) => { id: pulumi.Output<string> };
    const key = (d: Deployed): CustomerManagedKey => cmk(d.identityName === undefined ? {} : { identityName: d.identityName });
    // [what, earlier resource name, the argument naming the service in Azure, its type, child, the input it reaches, a deployed name, make]
    const services: [string, string, string, string, string, string, string, Make][] = [
        ["a registry", "acr", "registryName", "azure-native:containerregistry:Registry", "registry", "registryName", "acra1b2c3", (n, d, opts) => new CmkContainerRegistry(n, { resourceGroupName: rg, customerManagedKey: key(d), registryName: d.name }, opts)],
        ["a storage account", "st", "accountName", "azure-native:storage:StorageAccount", "account", "accountName", "sta1b2c3", (n, d, opts) => new CmkStorageAccount(n, { resourceGroupName: rg, customerManagedKey: key(d), accountName: d.name }, opts)],
        ["a disk encryption set", "des", "diskEncryptionSetName", "azure-native:compute:DiskEncryptionSet", "des", "diskEncryptionSetName", "des", (n, d, opts) => new CmkDiskEncryptionSet(n, { resourceGroupName: rg, customerManagedKey: key(d), diskEncryptionSetName: d.name }, opts)],
        ["a Cosmos DB account", "cosmos", "accountName", "azure-native:cosmosdb:DatabaseAccount", "account", "accountName", "cosmos-a1b2c3", (n, d, opts) => new CmkCosmosDbAccount(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: key(d), accountName: d.name }, opts)],
        ["an Event Hubs namespace", "evh", "namespaceName", "azure-native:eventhub:Namespace", "namespace", "namespaceName", "evh-a1b2c3", (n, d, opts) => new CmkEventHubNamespace(n, { resourceGroupName: rg, customerManagedKey: key(d), namespaceName: d.name }, opts)],
        ["a Service Bus namespace", "sbus", "namespaceName", "azure-native:servicebus:Namespace", "namespace", "namespaceName", "sbus-a1b2c3", (n, d, opts) => new CmkServiceBusNamespace(n, { resourceGroupName: rg, customerManagedKey: key(d), namespaceName: d.name }, opts)],
        ["a SQL server", "sql", "serverName", "azure-native:sql:Server", "server", "serverName", "sql-a1b2c3", (n, d, opts) => new CmkSqlServer(n, { resourceGroupName: rg, customerManagedKey: key(d), serverName: d.name, administrator: { login: "sql-admins", ...admins } }, opts)],
        ["a PostgreSQL server", "pg", "serverName", "azure-native:dbforpostgresql:Server", "server", "serverName", "pg-a1b2c3", (n, d, opts) => new CmkPostgresqlFlexibleServer(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: key(d), serverName: d.name, administrator: { principalName: "pg-admins", ...admins } }, opts)],
        ["a MySQL server", "mysql", "serverName", "azure-native:dbformysql:Server", "server", "serverName", "mysql-a1b2c3", (n, d, opts) => new CmkMysqlFlexibleServer(n, { resourceGroupName: rg, location: "westeurope", customerManagedKey: key(d), serverName: d.name }, opts)],
        ["an AKS cluster", "aks", "clusterName", "azure-native:containerservice:ManagedCluster", "cluster", "resourceName", "aks-a1b2c3", (n, d, opts) => new CmkKubernetesCluster(n, {
            resourceGroupName: rg, customerManagedKey: { key: appKey, ...(d.identityName === undefined ? {} : { identityName: d.identityName }) }, clusterName: d.name,
            diskEncryptionSetId: des.id, nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: [PRINCIPAL_ID],
        }, opts)],
    ];
    // The cluster's disk encryption set, made before: a refused cluster registers nothing.
    let des: CmkDiskEncryptionSet;
    beforeAll(async () => {
        des = new CmkDiskEncryptionSet("aks-renamed-disks", { resourceGroupName: rg, customerManagedKey: cmk() });
        await valueOf(des.id);
        await settle();
    });

    test.each(services)("refuses %s renamed while its Azure name and its identity's follow the resource name, before registering anything", async (_what, earlier, field, _type, _child, _input, _deployed, make) => {
        const error = await expectRefusedBeforeRegistration(recorder, () => make(`${earlier}-platform`, {}, { aliases: [{ name: earlier }] }), field, /^is not given, so the \w[\w ]*'s Azure name comes from the resource name: .* Azure cannot rename the /);
        expect(error.issues.find((i) => i.field === "customerManagedKey.identityName")?.message).toContain(`"${earlier}-platform-identity" for "${earlier}-platform", where "${earlier}", its earlier name in aliases, gave "${earlier}-identity"`);
    });

    test.each(services)("keeps %s and its identity in Azure through the rename when both names are given", async (_what, earlier, _field, type, child, input, deployed, make) => {
        await registered(make(`${earlier}-platform`, { name: deployed, identityName: `${earlier}-identity` }, { aliases: [{ name: earlier }] }));
        const service = recorder.find(type, `${earlier}-platform-${child}`);
        const identity = recorder.find("azure-native:managedidentity:UserAssignedIdentity", `${earlier}-platform-identity-identity`);
        expect([service.inputs[input], identity.inputs.resourceName]).toEqual([deployed, `${earlier}-identity`]);
        expect(recorder.find(service.urn.split("::")[2].split("$")[0], `${earlier}-platform`).aliases).toEqual([earlier]);
    });

    test("takes a service renamed with aliases that runs as an identity it is given, with its own name given", async () => {
        const identity = new ManagedIdentity("id-renamed", { resourceGroupName: rg });
        await registered(new CmkStorageAccount("stown-platform", { resourceGroupName: rg, accountName: "stowna1b2c3", customerManagedKey: cmk({ userAssignedIdentity: identity }) }, { aliases: [{ name: "stown" }] }));
        expect(recorder.find("azure-native:storage:StorageAccount", "stown-platform-account").inputs.accountName).toBe("stowna1b2c3");
    });
});

test("a disk encryption set takes a key from a vault in its region however ARM's region is spelled", () => {
    const inRegion = (vaultLocation: string, location: string) => validateCmkDiskEncryptionSetArgs("des", { resourceGroupName: rg, location, customerManagedKey: { key: { ...key, keyVault: { ...vault, location: vaultLocation } } } });
    expect(inRegion("West Europe", "westeurope")).toEqual([]);
    expect(inRegion("westeurope", "northeurope").map((i) => i.field)).toEqual(["customerManagedKey.key"]);
});

describe("CMK service validation", () => {
    const registry = (extra: Partial<CmkContainerRegistryArgs>): CmkContainerRegistryArgs => ({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra });
    const account = (extra: Partial<CmkStorageAccountArgs>): CmkStorageAccountArgs => ({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra });
    const set = (extra: Partial<CmkDiskEncryptionSetArgs>): CmkDiskEncryptionSetArgs => ({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra });
    const cases: [string, () => unknown, string, RegExp][] = [
        ["a registry that is not Premium", () => new CmkContainerRegistry("acrbad", registry({ sku: "Standard" })), "sku", /only on Premium/],
        ["a registry name with a hyphen", () => new CmkContainerRegistry("acrbad", registry({ registryName: "acr-byok" })), "registryName", /5–50 letters and digits/],
        ["a registry's ARM-audience token setting by another word", () => new CmkContainerRegistry("acrbad", registry({ azureADAuthenticationAsArmPolicy: "off" as never })), "azureADAuthenticationAsArmPolicy", /^"off" is not "enabled" or "disabled"$/],
        ["a key that cannot wrap", () => new CmkContainerRegistry("acrbad", registry({ customerManagedKey: { key: appKey } })), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a key in a vault without purge protection", () => new CmkStorageAccount("sabad", account({ customerManagedKey: { key: throwawayKey } })), "customerManagedKey.key.keyVault.enablePurgeProtection", /Azure refuses customer-managed keys/],
        ["an EC key", () => new CmkDiskEncryptionSet("desbad", set({ customerManagedKey: { key: { ...cmk().key, kty: "EC-HSM" } } })), "customerManagedKey.key.kty", /EC-HSM keys cannot wrap/],
        ["a pinned version that is not a version", () => new CmkDiskEncryptionSet("desbad", set({ customerManagedKey: cmk({ keyVersion: "latest" }) })), "customerManagedKey.keyVersion", /not a key version/],
        ["a wait for the grant in hours", () => new CmkDiskEncryptionSet("desbad", set({ customerManagedKey: cmk({ rbacPropagationWait: "1h" }) })), "customerManagedKey.rbacPropagationWait", /"1h" is not a wait in whole seconds or minutes/],
        ["a name its own identity cannot take", () => new CmkDiskEncryptionSet("des.bad", set({})), "name", /"des.bad" names the service's own identity "des.bad-identity", which Azure refuses/],
        ["a blank resource group for a storage account", () => new CmkStorageAccount("sabad", account({ resourceGroupName: " " })), "resourceGroupName", /^" " is blank/],
        ["an empty resource group for a registry", () => new CmkContainerRegistry("acrbad", registry({ resourceGroupName: "" })), "resourceGroupName", /^"" is blank/],
        ["an empty resource group for a disk encryption set", () => new CmkDiskEncryptionSet("desbad", set({ resourceGroupName: "" })), "resourceGroupName", /^"" is blank/],
        ["a key described without its vault", () => new CmkStorageAccount("sabad", account({ customerManagedKey: { key: { ...cmk().key, keyVault: undefined as never } } })), "customerManagedKey.key.keyVault", /^is required: the key's vault/],
        ["the key given where { key } belongs", () => new CmkStorageAccount("sabad", account({ customerManagedKey: key as never })), "customerManagedKey", /^is a key; give it as \{ key: <the key> \}/],
        ["a misspelt pinned version, which would otherwise be dropped and the service follow rotation", () => new CmkStorageAccount("sabad", account({ customerManagedKey: { key, keyVerison: "0123456789abcdef0123456789abcdef" } as never })), "customerManagedKey.keyVerison", /^is not an argument here; did you mean "keyVersion"\?$/],
        ["a pinned version as an Output", () => new CmkStorageAccount("sabad", account({ customerManagedKey: cmk({ keyVersion: pulumi.output("0123456789abcdef0123456789abcdef") as never }) })), "customerManagedKey.keyVersion", /^is an Output; this argument takes a plain value/],
        ["an identity described without its principal id", () => new CmkStorageAccount("sabad", account({ customerManagedKey: cmk({ userAssignedIdentity: { id: "x", clientId: "y" } as never }) })), "customerManagedKey.userAssignedIdentity.principalId", /^is required: the identity's principal/],
        ["a storage account name with capitals", () => new CmkStorageAccount("sabad", account({ accountName: "SaByok01" })), "accountName", /lowercase letters and digits/],
        ["a private IP rule on storage", () => new CmkStorageAccount("sabad", account({ publicNetworkAccess: "Enabled", ipRules: ["10.1.0.0/16"] })), "ipRules[0]", /public addresses only/],
        ["a /32 IP rule on storage", () => new CmkStorageAccount("sabad", account({ publicNetworkAccess: "Enabled", ipRules: ["203.0.113.7/32"] })), "ipRules[0]", /list the addresses singly/],
        ["IP rules with public access off", () => new CmkStorageAccount("sabad", account({ ipRules: ["203.0.113.0/24"] })), "ipRules", /publicNetworkAccess is "Disabled"/],
        ["an encryption scope name with capitals", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "TenantA", key }] })), "encryptionScopes[0].name", /not an encryption scope name: 3–63 lowercase/],
        ["an encryption scope name ending in a hyphen", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "tenant-", key }] })), "encryptionScopes[0].name", /each hyphen between a letter or digit/],
        ["two encryption scopes with one name", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "tenant", key }, { name: "tenant", key }] })), "encryptionScopes[1].name", /already used by encryption scope 0/],
        ["an encryption scope on a key that cannot wrap", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "tenant", key: appKey }] })), "encryptionScopes[0].key.keyOps", /lacks wrapKey, unwrapKey/],
        ["an encryption scope on a key without purge protection", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "tenant", key: throwawayKey }] })), "encryptionScopes[0].key.keyVault.enablePurgeProtection", /Azure refuses/],
        ["a container name with two hyphens in a row", () => new CmkStorageAccount("sabad", account({ containers: [{ name: "tenant--a" }] })), "containers[0].name", /not a container name/],
        ["two containers with one name", () => new CmkStorageAccount("sabad", account({ containers: [{ name: "data" }, { name: "data" }] })), "containers[1].name", /already used by container 0/],
        ["a container held to a scope the account does not have", () => new CmkStorageAccount("sabad", account({ encryptionScopes: [{ name: "tenant-a", key }], containers: [{ name: "data", encryptionScope: "tenant-b" }] })), "containers[0].encryptionScope", /"tenant-b" is not one of this account's encryptionScopes \(tenant-a\)/],
        ["access keys that never come due", () => new CmkStorageAccount("sabad", account({ keyPolicy: { keyExpirationPeriodInDays: 0 } })), "keyPolicy.keyExpirationPeriodInDays", /0 is not a whole number of days from 1 to/],
        ["a SAS lifetime in hours only", () => new CmkStorageAccount("sabad", account({ sasPolicy: { sasExpirationPeriod: "12:00:00" } })), "sasPolicy.sasExpirationPeriod", /"12:00:00" is not a SAS lifetime: days.hours:minutes:seconds/],
        ["a SAS lifetime of 24 hours written as hours", () => new CmkStorageAccount("sabad", account({ sasPolicy: { sasExpirationPeriod: "0.24:00:00" } })), "sasPolicy.sasExpirationPeriod", /hours below 24/],
        ["a SAS lifetime of nothing", () => new CmkStorageAccount("sabad", account({ sasPolicy: { sasExpirationPeriod: "0.00:00:00" } })), "sasPolicy.sasExpirationPeriod", /longer than zero/],
        ["a SAS expiration action Azure does not have", () => new CmkStorageAccount("sabad", account({ sasPolicy: { sasExpirationPeriod: "1.00:00:00", expirationAction: "Deny" as never } })), "sasPolicy.expirationAction", /"Deny" is not "Log" or "Block"/],
        ["a file endpoint on a premium block blob account", () => new CmkStorageAccount("sabad", account({ skuName: "Premium_LRS", privateEndpoints: [{ subnetResourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/endpoints", service: "file" }] })), "privateEndpoints[0].service", /"file" is not a sub-resource of a premium block blob account \(skuName Premium_LRS\), which serves blobs only/],
        ["the default geo-redundant SKU in a region without a pair", () => new CmkStorageAccount("sabad", account({ location: "Italy North" })), "skuName", /^is not given, so it is Standard_GRS, which keeps a copy in the region's pair; italynorth has none .*RedundancyConfigurationNotAvailableInRegion\); set skuName to Standard_ZRS/],
        ["a read-access geo-zone-redundant SKU in a region without a pair", () => new CmkStorageAccount("sabad", account({ location: "polandcentral", skuName: "Standard_RAGZRS" })), "skuName", /^"Standard_RAGZRS" keeps a copy in the region's pair; polandcentral has none/],
        ["no days of blob soft delete", () => new CmkStorageAccount("sabad", account({ deleteRetentionPolicy: { days: 0 } })), "deleteRetentionPolicy.days", /0 is not a whole number of days from 1 to 365/],
        ["more than a year of container soft delete", () => new CmkStorageAccount("sabad", account({ containerDeleteRetentionPolicy: { days: 366 } })), "containerDeleteRetentionPolicy.days", /366 is not a whole number of days from 1 to 365/],
        ["part of a day of soft delete", () => new CmkStorageAccount("sabad", account({ deleteRetentionPolicy: { days: 7.5 } })), "deleteRetentionPolicy.days", /7.5 is not a whole number/],
        ["retention days with soft delete off", () => new CmkStorageAccount("sabad", account({ containerDeleteRetentionPolicy: { enabled: false, days: 7 } })), "containerDeleteRetentionPolicy.days", /only with soft delete on, and enabled is false/],
        ["an unknown disk encryption type", () => new CmkDiskEncryptionSet("desbad", set({ encryptionType: "Platform" as never })), "encryptionType", /is not EncryptionAtRestWith/],
        ["a key from a vault in another region", () => new CmkDiskEncryptionSet("desbad", set({ location: "westeurope", customerManagedKey: { key: { ...cmk().key, keyVault: { ...vault, location: "northeurope" } } } })), "customerManagedKey.key", /is a key of a vault in northeurope, but the disk encryption set is in westeurope; a disk encryption set takes keys only from a vault in its own region/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, build, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, build, field, rule);
    });

});

describe("a storage account's redundancy and its region's pair", () => {
    const account = (extra: Partial<CmkStorageAccountArgs>): CmkStorageAccountArgs => ({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra });
    const skuIssues = (extra: Partial<CmkStorageAccountArgs>) => validateCmkStorageAccountArgs("sa", account(extra)).filter((i) => i.field === "skuName");

    test("refuses every geo-redundant SKU, the default among them, in each region Microsoft lists without a pair", () => {
        for (const location of NONPAIRED_REGIONS) {
            for (const skuName of [undefined, "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"] as const) {
                expect(skuIssues({ location, skuName })).toHaveLength(1);
            }
        }
    });

    test("takes locally and zone-redundant SKUs there, and geo-redundant ones in a paired region, one-way pairs included", () => {
        for (const skuName of ["Standard_LRS", "Standard_ZRS", "Premium_LRS", "Premium_ZRS"] as const) expect(skuIssues({ location: "italynorth", skuName })).toEqual([]);
        for (const location of ["westeurope", "westus3", "brazilsouth", "West India"]) expect(skuIssues({ location })).toEqual([]);
    });

    test("refuses every zone-redundant SKU in each region Microsoft lists without availability zones, naming one it takes", () => {
        for (const location of ZONELESS_REGIONS) {
            for (const skuName of ["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_ZRS"] as const) expect(skuIssues({ location, skuName })).toHaveLength(1);
            for (const skuName of [undefined, "Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Premium_LRS"] as const) expect(skuIssues({ location, skuName })).toEqual([]);
        }
        expect(skuIssues({ location: "westus", skuName: "Standard_RAGZRS" }).map((i) => i.message)).toEqual([
            "\"Standard_RAGZRS\" spreads the account over the region's availability zones, and westus has none (https://learn.microsoft.com/azure/reliability/regions-list), so Azure refuses it there (RedundancyConfigurationNotAvailableInRegion); set skuName to Standard_RAGRS (geo-redundant without zones), or place the account in a region with zones",
        ]);
        expect(skuIssues({ location: "westus", skuName: "Premium_ZRS" })[0].message).toMatch(/set skuName to Premium_LRS,/);
        expect(skuIssues({ location: "westus", skuName: "Standard_ZRS" })[0].message).toMatch(/set skuName to Standard_GRS \(the default\) or Standard_LRS,/);
    });

    test("leaves a region not known now (the resource group's, an Output) and one newer than Microsoft's lists to Azure", () => {
        expect(skuIssues({})).toEqual([]);
        expect(skuIssues({ location: pulumi.output("italynorth") })).toEqual([]);
        expect(skuIssues({ location: "denmarkeast" })).toEqual([]);
    });
});

describe("CMK service arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const registry = (extra: object) => () => new CmkContainerRegistry("acrshape", untyped<CmkContainerRegistryArgs>({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra }));
    const account = (extra: object) => () => new CmkStorageAccount("sashape", untyped<CmkStorageAccountArgs>({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra }));
    const set = (extra: object) => () => new CmkDiskEncryptionSet("desshape", untyped<CmkDiskEncryptionSetArgs>({ resourceGroupName: rg, customerManagedKey: cmk(), ...extra }));
    const cases: [string, () => () => unknown, string, RegExp][] = [
        ["a registry's misspelt argument, with the name it means", () => registry({ publicNetworkAcess: "Enabled" }), "publicNetworkAcess", /^is not an argument here; did you mean "publicNetworkAccess"\?$/],
        ["Azure Verified Modules' name for the registry name", () => registry({ name: "acrbyok01" }), "name", /^is not an argument here; did you mean "registryName"\?$/],
        ["a registry's SKU as an Output, which decides whether it can hold the key", () => registry({ sku: pulumi.output("Premium") }), "sku", OUTPUT_RULE],
        ["a registry's public access as an Output, which decides its export policy", () => registry({ publicNetworkAccess: pulumi.output("Enabled") }), "publicNetworkAccess", OUTPUT_RULE],
        ["a registry's admin user switch as a string", () => registry({ adminUserEnabled: "false" }), "adminUserEnabled", /^is a string \("false"\), not true or false$/],
        ["a registry without its key", () => registry({ customerManagedKey: undefined }), "customerManagedKey", /^is required: the key the registry encrypts with/],
        ["a storage account's misspelt argument", () => account({ allowSharedKeyAcces: true }), "allowSharedKeyAcces", /^is not an argument here; did you mean "allowSharedKeyAccess"\?$/],
        ["a storage SKU as an Output, which decides the account's kind", () => account({ skuName: pulumi.output("Premium_LRS") }), "skuName", OUTPUT_RULE],
        ["shared-key access as a string", () => account({ allowSharedKeyAccess: "false" }), "allowSharedKeyAccess", /^is a string \("false"\), not true or false$/],
        ["soft delete switched off with a string", () => account({ deleteRetentionPolicy: { enabled: "false" } }), "deleteRetentionPolicy.enabled", /^is a string \("false"\), not true or false$/],
        ["soft delete days as a string", () => account({ containerDeleteRetentionPolicy: { days: "14" } }), "containerDeleteRetentionPolicy.days", /^is a string \("14"\), not a number$/],
        ["an access-key policy without its days", () => account({ keyPolicy: {} }), "keyPolicy.keyExpirationPeriodInDays", /^is required: days after which the access keys are due for regeneration$/],
        ["a SAS lifetime as an Output", () => account({ sasPolicy: { sasExpirationPeriod: pulumi.output("0.01:00:00") } }), "sasPolicy.sasExpirationPeriod", OUTPUT_RULE],
        ["an encryption scope's misspelt pinned version", () => account({ encryptionScopes: [{ name: "tenant", key, keyVerison: "0123456789abcdef0123456789abcdef" }] }), "encryptionScopes[0].keyVerison", /^is not an argument here; did you mean "keyVersion"\?$/],
        ["an encryption scope without its key", () => account({ encryptionScopes: [{ name: "tenant" }] }), "encryptionScopes[0].key", /^is required: the scope's key/],
        ["an encryption scope's key described without its vault", () => account({ encryptionScopes: [{ name: "tenant", key: { ...key, keyVault: undefined } }] }), "encryptionScopes[0].key.keyVault", /^is required: the key's vault/],
        ["an encryption scope's name as an Output", () => account({ encryptionScopes: [{ name: pulumi.output("tenant"), key }] }), "encryptionScopes[0].name", OUTPUT_RULE],
        ["containers as one object", () => account({ containers: { name: "data" } }), "containers", /^is an object, not a list/],
        ["a container's misspelt scope", () => account({ encryptionScopes: [{ name: "tenant", key }], containers: [{ name: "data", encryptionScpoe: "tenant" }] }), "containers[0].encryptionScpoe", /did you mean "encryptionScope"\?$/],
        ["a container given as its name", () => account({ containers: ["data"] }), "containers[0]", /^is a string \("data"\), not an object/],
        ["a registry's private endpoint name as null", () => registry({ privateEndpoints: [{ subnetResourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/endpoints", name: null }] }), "privateEndpoints[0].name", /^is null; leave the argument out to take its default$/],
        ["an access-key policy as null", () => account({ keyPolicy: null }), "keyPolicy", /^is null; leave the argument out to take its default$/],
        ["a SAS policy as null", () => account({ sasPolicy: null }), "sasPolicy", /^is null; leave the argument out to take its default$/],
        ["blob soft delete as null", () => account({ deleteRetentionPolicy: null }), "deleteRetentionPolicy", /^is null; leave the argument out to take its default$/],
        ["container soft delete as null", () => account({ containerDeleteRetentionPolicy: null }), "containerDeleteRetentionPolicy", /^is null; leave the argument out to take its default$/],
        ["a storage account's location as a number", () => account({ location: 42 }), "location", /^is a number \(42\), not a region's name \(a string\)$/],
        ["a disk encryption set's misspelt argument", () => set({ encryptionTyp: "EncryptionAtRestWithCustomerKey" }), "encryptionTyp", /^is not an argument here; did you mean "encryptionType"\?$/],
        ["Azure Verified Modules' name for the set's name", () => set({ name: "des-byok" }), "name", /^is not an argument here; did you mean "diskEncryptionSetName"\?$/],
        ["the encryption type as an Output", () => set({ encryptionType: pulumi.output("EncryptionAtRestWithCustomerKey") }), "encryptionType", OUTPUT_RULE],
        ["the set's name as a number", () => set({ diskEncryptionSetName: 5 }), "diskEncryptionSetName", /^is a number \(5\), not a string$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, build, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, build(), field, rule);
    });

    test("refuses no args at all, naming what is required", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkStorageAccount("sashape", untyped<CmkStorageAccountArgs>(undefined)), "args", /^is required: an object with at least resourceGroupName, customerManagedKey$/);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        const issues = validateCmkStorageAccountArgs("sa", untyped<CmkStorageAccountArgs>({ resourceGroupName: rg, customerManagedKey: cmk(), skuName: pulumi.output("Premium_LRS"), accountName: "SaByok01" }));
        expect(issues.map((i) => i.field)).toEqual(["skuName"]);
        expect(validateCmkDiskEncryptionSetArgs("des", untyped<CmkDiskEncryptionSetArgs>({ resourceGroupName: rg, customerManagedKey: cmk(), encryptionType: pulumi.output("x"), diskEncryptionSetName: "a b" })).map((i) => i.field)).toEqual(["encryptionType"]);
    });
});

describe("A Managed HSM pool's key given to a CMK service", () => {
    const sub = `/subscriptions/${mockAzureDefaults.subscriptionId}`;
    // A pool described by hand: a VaultReference has no kind, so it passes for a premium RBAC vault.
    const pool = vaultReference({ id: `${sub}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm`, vaultName: "contoso-hsm", vaultUri: "https://contoso-hsm.managedhsm.azure.net/", location: "westeurope", softDeleteRetentionInDays: 90 });
    const hsmKey = keyReference({ keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] }, pool);
    const admins = { objectId: PRINCIPAL_ID };
    const subnets = `${sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
    const notYet = /^is key cmk of Managed HSM pool contoso-hsm: a pool's keys are granted only by its local RBAC, where an Azure role assignment or access policy grants nothing, and azure-byok cannot make a local role assignment yet, and the service's identity needs one \(az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id <principalId of the service's identity> --scope \/keys\/cmk\); make that grant yourself \(that command, or Azure Classic's keyvault.ManagedHardwareSecurityModuleRoleAssignment\) and give the identity as customerManagedKey.userAssignedIdentity and the grant's resource as customerManagedKey.keyAccess, or use a key in a Key Vault vault$/;
    const notTaken = /^is key cmk of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: /;
    const cases: [string, () => unknown, string, RegExp][] = [
        ["a registry (Azure takes no pool key there)", () => new CmkContainerRegistry("acrhsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notTaken],
        ["an AKS cluster's KMS (Azure takes no pool key there)", () => new CmkKubernetesCluster("akshsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey }, diskEncryptionSetId: `${sub}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`, nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: [PRINCIPAL_ID] }), "customerManagedKey.key", notTaken],
        ["a storage account", () => new CmkStorageAccount("sthsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
        ["a storage account's encryption scope", () => new CmkStorageAccount("stscopehsm", { resourceGroupName: rg, customerManagedKey: { key }, encryptionScopes: [{ name: "tenant", key: hsmKey }] }), "encryptionScopes[0].key", /\/keys\/cmk\); use a key in a Key Vault vault$/],
        ["a disk encryption set", () => new CmkDiskEncryptionSet("deshsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
        ["a Cosmos DB account", () => new CmkCosmosDbAccount("cosmoshsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
        ["an Event Hubs namespace", () => new CmkEventHubNamespace("ehhsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
        ["a Service Bus namespace", () => new CmkServiceBusNamespace("sbhsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
        ["a SQL server", () => new CmkSqlServer("sqlhsm", { resourceGroupName: rg, customerManagedKey: { key: hsmKey }, administrator: { login: "sql-admins", ...admins } }), "customerManagedKey.key", notYet],
        ["a PostgreSQL server", () => new CmkPostgresqlFlexibleServer("pghsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: hsmKey }, administrator: { principalName: "pg-admins", ...admins } }), "customerManagedKey.key", notYet],
        ["a PostgreSQL server's geo-backup key", () => new CmkPostgresqlFlexibleServer("pggeohsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key }, geoRedundantBackup: "Enabled", customerManagedKeyGeo: { key: keyReference({}, { ...pool, location: "northeurope" }) }, administrator: { principalName: "pg-admins", ...admins } }), "customerManagedKeyGeo.key", /^is key cmk of Managed HSM pool contoso-hsm: /],
        ["a MySQL server", () => new CmkMysqlFlexibleServer("mysqlhsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: hsmKey } }), "customerManagedKey.key", notYet],
    ];
    test.each(cases)("refuses it for %s before registering anything, ARM role assignment included", async (_title, build, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, build, field, rule);
    });

    // A platform team made the pool's local grant itself (az keyvault role assignment create --hsm-name, or Azure
    // Classic's keyvault.ManagedHardwareSecurityModuleRoleAssignment) and hands it over with the identity it is for:
    // the service then makes no grant (identityWithKeyAccess). Checked through the validators: the plan's mocks hold no pool.
    // One grant for every case: the engine takes a URN once per run.
    let localGrant: pulumi.ComponentResource | undefined;
    const ownGrant = (): CustomerManagedKey => ({
        key: hsmKey,
        userAssignedIdentity: { id: `${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-hsm`, clientId: PRINCIPAL_ID, principalId: PRINCIPAL_ID },
        keyAccess: (localGrant ??= new pulumi.ComponentResource("test:index:LocalHsmGrant", "hsm-local-grant")),
    });
    const granted: [string, () => ValidationIssue[]][] = [
        ["a storage account", () => validateCmkStorageAccountArgs("sthsm", { resourceGroupName: rg, customerManagedKey: ownGrant() })],
        ["a disk encryption set", () => validateCmkDiskEncryptionSetArgs("deshsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: ownGrant() })],
        ["a Cosmos DB account", () => validateCmkCosmosDbAccountArgs("cosmoshsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: ownGrant() })],
        ["an Event Hubs namespace", () => validateCmkEventHubNamespaceArgs("ehhsm", { resourceGroupName: rg, customerManagedKey: ownGrant() })],
        ["a Service Bus namespace", () => validateCmkServiceBusNamespaceArgs("sbhsm", { resourceGroupName: rg, customerManagedKey: ownGrant() })],
        ["a SQL server", () => validateCmkSqlServerArgs("sqlhsm", { resourceGroupName: rg, customerManagedKey: ownGrant(), administrator: { login: "sql-admins", ...admins } })],
        ["a PostgreSQL server", () => validateCmkPostgresqlFlexibleServerArgs("pghsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: ownGrant(), administrator: { principalName: "pg-admins", ...admins } })],
        ["a PostgreSQL server's geo-backup key", () => validateCmkPostgresqlFlexibleServerArgs("pggeohsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key }, geoRedundantBackup: "Enabled", customerManagedKeyGeo: { ...ownGrant(), key: keyReference({}, { ...pool, location: "northeurope" }) }, administrator: { principalName: "pg-admins", ...admins } })],
        ["a MySQL server", () => validateCmkMysqlFlexibleServerArgs("mysqlhsm", { resourceGroupName: rg, location: "westeurope", customerManagedKey: ownGrant() })],
    ];
    test.each(granted)("takes it for %s with the caller's own pool-local grant as keyAccess and the identity it is for", (_title, validate) => {
        expect(validate()).toEqual([]);
    });

    test("still refuses it for a registry or AKS's KMS with the caller's own grant: Azure takes no pool key there", () => {
        expect(validateCmkContainerRegistryArgs("acrhsm", { resourceGroupName: rg, customerManagedKey: ownGrant() }).map((i) => `${i.field}: ${i.message}`)).toEqual([
            expect.stringMatching(/^customerManagedKey\.key: is key cmk of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: /),
        ]);
        expect(validateCmkKubernetesClusterArgs("akshsm", { resourceGroupName: rg, customerManagedKey: ownGrant(), diskEncryptionSetId: `${sub}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`, nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: [PRINCIPAL_ID] }).map((i) => `${i.field}: ${i.message}`)).toEqual([
            expect.stringMatching(/^customerManagedKey\.key: is key cmk of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: /),
        ]);
    });
});

// These two set mocks of their own, after which the file's recorder hears nothing: they come last.
describe("shared identities and the deploy graph", () => {
    test("several services share one identity and one grant, each waiting for it", async () => {
        const identity = new ManagedIdentity("id-shared", { resourceGroupName: rg });
        const access = new KeyAccess("id-shared-cmk", { key, principalId: identity.principalId, permissions: "cmkService" });
        await valueOf(access.scope);
        await registered(new CmkStorageAccount("sashared", { resourceGroupName: rg, customerManagedKey: cmk({ userAssignedIdentity: identity, keyAccess: access }) }));
        expect(recorder.ofType("azure-native:authorization:RoleAssignment")).toHaveLength(1);
        expect(recorder.ofType("azure-native:managedidentity:UserAssignedIdentity")).toHaveLength(1);
        expect(recorder.find("azure-native:storage:StorageAccount", "sashared-account").dependencies)
            .toContain(recorder.find("azure-native:authorization:RoleAssignment", "id-shared-cmk-role-assignment").urn);
    });

    test("a shared grant given without its identity is refused, for the service and for an encryption scope: the account would run as a new identity the grant does not cover", async () => {
        const identity = new ManagedIdentity("id-granted", { resourceGroupName: rg });
        const grant = new KeyAccess("id-granted-cmk", { key, principalId: identity.principalId, permissions: "cmkService" });
        await valueOf(grant.scope);
        await settle();
        // Checked through the validator: built, the account would be refused by Azure (the mocks) as an unhandled rejection.
        expect(validateCmkStorageAccountArgs("sagrant", { resourceGroupName: rg, customerManagedKey: cmk({ keyAccess: grant }) })).toEqual([{
            field: "customerManagedKey.keyAccess",
            message: "is an existing grant of the service's identity, but no userAssignedIdentity is given, so the service would run as a new identity that grant does not cover; give the identity the grant is for as userAssignedIdentity, or leave keyAccess out to have the grant made",
        }]);
        expect(validateCmkStorageAccountArgs("sagrant", { resourceGroupName: rg, customerManagedKey: cmk(), encryptionScopes: [{ name: "tenant-a", key, keyAccess: grant }] })).toEqual([{
            field: "encryptionScopes[0].keyAccess",
            message: "is an existing grant of the account's identity, but customerManagedKey.userAssignedIdentity is not given, so the account runs as a new identity that grant does not cover; give the account the identity the grant is for, or leave keyAccess out to have the grant made",
        }]);
        expect(validateCmkStorageAccountArgs("sagrant", { resourceGroupName: rg, customerManagedKey: cmk({ userAssignedIdentity: identity, keyAccess: grant }), encryptionScopes: [{ name: "tenant-a", key, keyAccess: grant }] })).toEqual([]);
        // A grant that is no resource (a plain object from JavaScript) would be waited on as one and fail at deploy.
        const notAGrant = untyped<KeyAccess>({ scope: "x" });
        expect(validateCmkStorageAccountArgs("sagrant", { resourceGroupName: rg, customerManagedKey: cmk({ userAssignedIdentity: identity, keyAccess: notAGrant }), encryptionScopes: [{ name: "tenant-a", key, keyAccess: notAGrant }] })).toEqual([
            { field: "customerManagedKey.keyAccess", message: "is an object, not a Pulumi resource (the KeyAccess, or another resource, whose deploy the service waits for)" },
            { field: "encryptionScopes[0].keyAccess", message: "is an object, not a Pulumi resource (the KeyAccess, or another resource, whose deploy the service waits for)" },
        ]);
    });

    test("is identity and vault in parallel, then key, then grant, then its propagation, then service, then a storage account's settings; more services add no depth", async () => {
        recorder.clear();
        const { recorder: fresh } = await setAzureMocks();
        const kv = new KeyVault("kvdepth", { resourceGroupName: rg, vaultName: "kv-depth-test" });
        const k = new EncryptionKey("depth", { keyVault: kv });
        const services = [
            new CmkContainerRegistry("acrdepth", { resourceGroupName: rg, customerManagedKey: { key: k } }),
            new CmkStorageAccount("sadepth", { resourceGroupName: rg, customerManagedKey: { key: k } }),
            new CmkDiskEncryptionSet("desdepth", { resourceGroupName: rg, customerManagedKey: { key: k } }),
            new CmkStorageAccount("sadepth2", { resourceGroupName: rg, customerManagedKey: { key: k } }),
        ];
        await Promise.all(services.map((s) => valueOf(s.id)));
        await settle();
        expect(fresh.refused).toEqual([]);
        const waves = deployWaves(fresh.resources);
        const typesIn = (i: number) => [...new Set(waves[i].filter((urn) => fresh.byUrn(urn)?.custom).map((urn) => fresh.byUrn(urn)?.type))].sort();
        expect(waves).toHaveLength(6);
        expect(typesIn(0)).toEqual(["azure-native:keyvault:Vault", "azure-native:managedidentity:UserAssignedIdentity", "random:index/randomString:RandomString"]);
        expect(typesIn(1)).toEqual(["azure-native:authorization:ManagementLockByScope", "azure-native:keyvault:Key"]);
        expect(typesIn(2)).toEqual(["azure-native:authorization:RoleAssignment"]);
        expect(typesIn(3)).toEqual(["time:index/sleep:Sleep"]);
        expect(typesIn(4)).toEqual(["azure-native:compute:DiskEncryptionSet", "azure-native:containerregistry:Registry", "azure-native:storage:StorageAccount"]);
        expect(typesIn(5)).toEqual(["azure-native:storage:BlobServiceProperties"]);
    });
});

describe("a CMK service on a key whose vault's firewall lets no trusted service through (bypass None)", () => {
    const admins = { objectId: PRINCIPAL_ID };
    // Mocks of its own: the deploy-graph test above set fresh ones, which the file's recorder no longer sees.
    let own: Recorder;
    let shut: CustomerManagedKey;
    let open: CustomerManagedKey;
    beforeAll(async () => {
        ({ recorder: own } = await setAzureMocks());
        // Closed by this product's defaults (public access off with no rules, defaultAction Deny), the bypass turned off.
        const shutKey = new EncryptionKey("cmk-shut", { keyVault: new KeyVault("kvshut", { resourceGroupName: rg, networkAcls: { bypass: "None" } }) });
        // Open to every network: the firewall has nothing for a trusted service to bypass.
        const openKey = new EncryptionKey("cmk-open", { keyVault: new KeyVault("kvopen", { resourceGroupName: rg, publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "None" } }) });
        await Promise.all([valueOf(shutKey.id), valueOf(openKey.id)]);
        await settle();
        [shut, open] = [{ key: shutKey }, { key: openKey }];
    });
    const rule = /^is in a vault with public network access disabled and networkAcls.bypass "None", which lets no trusted Azure service through, while the service reaches its key as one of Key Vault's trusted services; set the vault's networkAcls.bypass to "AzureServices" \(the default\)$/;
    const cases: [string, () => unknown, string][] = [
        ["a storage account", () => new CmkStorageAccount("st-shut", { resourceGroupName: rg, customerManagedKey: shut }), "customerManagedKey.key"],
        ["a storage account's encryption scope", () => new CmkStorageAccount("st-scope-shut", { resourceGroupName: rg, customerManagedKey: open, encryptionScopes: [{ name: "tenant", key: shut.key }] }), "encryptionScopes[0].key"],
        ["a registry", () => new CmkContainerRegistry("acrshut", { resourceGroupName: rg, customerManagedKey: shut }), "customerManagedKey.key"],
        ["a disk encryption set", () => new CmkDiskEncryptionSet("des-shut", { resourceGroupName: rg, customerManagedKey: shut }), "customerManagedKey.key"],
        ["an Event Hubs namespace", () => new CmkEventHubNamespace("eh-shut", { resourceGroupName: rg, customerManagedKey: shut }), "customerManagedKey.key"],
        ["a Service Bus namespace", () => new CmkServiceBusNamespace("sb-shut", { resourceGroupName: rg, customerManagedKey: shut }), "customerManagedKey.key"],
        ["a SQL server", () => new CmkSqlServer("sql-shut", { resourceGroupName: rg, customerManagedKey: shut, administrator: { login: "sql-admins", ...admins } }), "customerManagedKey.key"],
        ["a PostgreSQL server", () => new CmkPostgresqlFlexibleServer("pg-shut", { resourceGroupName: rg, location: "westeurope", customerManagedKey: shut, administrator: { principalName: "pg-admins", ...admins } }), "customerManagedKey.key"],
        ["a MySQL server", () => new CmkMysqlFlexibleServer("mysql-shut", { resourceGroupName: rg, location: "westeurope", customerManagedKey: shut }), "customerManagedKey.key"],
    ];
    test.each(cases)("refuses %s before registering its identity, grant or anything else", async (_title, build, field) => {
        await expectRefusedBeforeRegistration(own, build, field, rule);
    });

    test("takes a storage account and a disk encryption set on a key whose vault is open to every network, bypass None or not", async () => {
        own.clear();
        const services = [new CmkStorageAccount("st-open", { resourceGroupName: rg, customerManagedKey: open }), new CmkDiskEncryptionSet("des-open", { resourceGroupName: rg, customerManagedKey: open })];
        await Promise.all(services.map((s) => valueOf(s.id)));
        await settle();
        expect(own.refused).toEqual([]);
        expect(own.find("azure-native:storage:StorageAccount", "st-open-account").inputs).toMatchObject({ encryption: { keySource: "Microsoft.Keyvault" } });
        expect(own.find("azure-native:compute:DiskEncryptionSet", "des-open-des").inputs).toMatchObject({ encryptionType: "EncryptionAtRestWithPlatformAndCustomerKeys" });
    });

    test("refuses a Cosmos DB account too, which passes a firewall that denies by default only through the bypass (Cosmos DB's CMK troubleshooting guide), as the stack and the offline Azure do", () => {
        const denying = keyReference({}, vaultReference({ networkAccess: { publicNetworkAccess: "Enabled", defaultAction: "Deny", bypass: "None" } }));
        expect(validateCmkCosmosDbAccountArgs("cosmos", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: denying } }).map((i) => i.field)).toEqual(["customerManagedKey.key"]);
        const open = keyReference({}, vaultReference({ networkAccess: { publicNetworkAccess: "Enabled", defaultAction: "Allow", bypass: "None" } }));
        expect(validateCmkCosmosDbAccountArgs("cosmos", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: open } })).toEqual([]);
    });
});
