import { X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { configuredTenantId, parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { mockAzureDefaults, RecordedResource, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { providerSettings } from "../../plan/provider-config";
import { existingAzure } from "../../plan/run-plan";
import { readStackConfigFile } from "../../plan/stack-config";
import { deployWaves } from "../../plan/waves";
import { azureCalls, deletedByDestroyExcludeProtected, droppedByEdit } from "../support/engine-deletes";
import { stackOutputJson, valueOf } from "../support/outputs";
import { keyIdsFromStackOutputs, scanStackOutputs } from "../../verification/stack-outputs";

async function run(file: string) {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: file.replace(/^Pulumi\.|\.yaml$/g, "") });
    const outputs = await program(parseStackConfig(rawConfig(readStackConfigFile(file))));
    await settle();
    expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    return { recorder, outputs };
}

/** Plans a stack file written for one test (Pulumi.<stack>.yaml in a folder of its own), refusing nothing. */
async function planYaml(stack: string, yaml: string) {
    const dir = mkdtempSync(path.join(tmpdir(), `${stack}-`));
    try {
        const file = path.join(dir, `Pulumi.${stack}.yaml`);
        writeFileSync(file, yaml);
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack });
        const outputs = await program(parseStackConfig(rawConfig(readStackConfigFile(file))));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        return { recorder, outputs };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** A root stack file's settings, as the program reads them, to edit. */
function rootSettings(file: string): Record<string, unknown> & ReturnType<typeof rawConfig> {
    return structuredClone(rawConfig(readStackConfigFile(file)));
}

/** Plans settings as an edited stack file would give them, refusing nothing; the registrations. */
async function planSettings(stack: string, settings: Record<string, unknown>): Promise<RecordedResource[]> {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack });
    await program(parseStackConfig(settings));
    await settle();
    expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    return recorder.resources;
}

/** What Azure knows a grant by (a role assignment by scope and name, an access policy by vault and principal), mapped to its URN. */
function grantUrns(resources: RecordedResource[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of resources) {
        const i = reveal(r.inputs) as { scope?: string; roleAssignmentName?: string; vaultName?: string; policy?: { objectId: string } };
        if (r.type === "azure-native:authorization:RoleAssignment") out.set(`role assignment ${String(i.scope)}/${String(i.roleAssignmentName)}`, r.urn);
        if (r.type === "azure-native:keyvault:AccessPolicy") out.set(`access policy ${String(i.vaultName)}/${String(i.policy?.objectId)}`, r.urn);
    }
    return out;
}

/**
 * Grants in Azure both before and after an edit whose URN changed: `pulumi up` would create the
 * new URN, which Azure refuses (it exists), and delete the old one, removing the grant.
 */
function movedUnderNewUrn(before: RecordedResource[], after: RecordedResource[]): string[] {
    const [was, is] = [grantUrns(before), grantUrns(after)];
    return [...was].filter(([object, urn]) => is.has(object) && is.get(object) !== urn).map(([object, urn]) => `${object}: ${urn.split("::").pop()} -> ${String(is.get(object)?.split("::").pop())}`);
}

function countByType(resources: { type: string; custom: boolean }[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources.filter((x) => x.custom)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}

describe("the dev stack", () => {
    test("creates every founding scenario's resources, each once", async () => {
        const { recorder } = await run("Pulumi.dev.yaml");
        expect(countByType(recorder.resources)).toEqual({
            "azure-native:resources:ResourceGroup": 1,
            "random:index/randomString:RandomString": 5,
            "azure-native:keyvault:Vault": 3,
            "azure-native:authorization:ManagementLockByScope": 3,
            "azure-native:keyvault:Key": 5,
            "azure-native:managedidentity:UserAssignedIdentity": 3,
            "azure-native:authorization:RoleAssignment": 5,
            // One wait after each role assignment, for Azure to propagate it.
            "time:index/sleep:Sleep": 5,
            "azure-native:containerregistry:Registry": 1,
            "azuread:index/application:Application": 2,
            "azuread:index/servicePrincipal:ServicePrincipal": 2,
            "azuread:index/applicationCertificate:ApplicationCertificate": 1,
            "azuread:index/applicationPassword:ApplicationPassword": 1,
            "tls:index/privateKey:PrivateKey": 1,
            "tls:index/selfSignedCert:SelfSignedCert": 1,
            "azure-native:storage:StorageAccount": 1,
            "azure-native:storage:BlobServiceProperties": 1,
            "azure-native:compute:DiskEncryptionSet": 1,
            "azure-native:keyvault:Secret": 1,
        });
    });

    test("moves a storage account and a disk encryption set to another key by making each one's new grant before deleting its old one", async () => {
        type Services = { storageAccounts: { key: string }[]; diskEncryptionSets: { key: string }[] };
        const before = await planSettings("dev", rootSettings("Pulumi.dev.yaml"));
        const edited = rootSettings("Pulumi.dev.yaml") as ReturnType<typeof rootSettings> & Services;
        edited.storageAccounts[0].key = "cmk-registry";
        edited.diskEncryptionSets[0].key = "cmk-registry";
        const after = await planSettings("dev", edited);
        for (const name of ["stbyokdev-key-access-role-assignment", "des-byok-dev-key-access-role-assignment"]) {
            const [was, is] = [before, after].map((rs) => rs.find((r) => r.name === name) as RecordedResource);
            // Same URN, another assignment in Azure (its name follows the key): a replacement, which azure-native would make delete-first.
            expect(is.urn).toBe(was.urn);
            expect(is.inputs.roleAssignmentName).not.toBe(was.inputs.roleAssignmentName);
            expect(String(is.inputs.scope)).toMatch(/\/keys\/cmk-registry$/);
            expect([is.deleteBeforeReplace, is.deleteBeforeReplaceDefined]).toEqual([false, true]);
        }
    });

    test("wires each service to its own key through an identity granted that key alone", async () => {
        const { recorder, outputs } = await run("Pulumi.dev.yaml");
        const keyIds = Object.fromEntries(await Promise.all(Object.entries(outputs.keys).map(async ([n, k]) => [n, await valueOf(k.id)] as const)));
        const registry = recorder.find("azure-native:containerregistry:Registry", "acrbyokdev-registry");
        const registryGrant = recorder.find("azure-native:authorization:RoleAssignment", "id-registry-on-cmk-registry-role-assignment");
        expect(registryGrant.inputs.scope).toBe(keyIds["cmk-registry"]);
        expect(registry.dependencies).toEqual(expect.arrayContaining([registryGrant.urn, recorder.find("time:index/sleep:Sleep", "id-registry-on-cmk-registry-rbac-propagation").urn]));
        expect((registry.inputs.encryption as { keyVaultProperties: { keyIdentifier: string } }).keyVaultProperties.keyIdentifier).toBe(await valueOf(outputs.keys["cmk-registry"].keyUri));
        const storageGrant = recorder.find("azure-native:authorization:RoleAssignment", "stbyokdev-key-access-role-assignment");
        expect(storageGrant.inputs.scope).toBe(keyIds["cmk-storage"]);
        const account = recorder.find("azure-native:storage:StorageAccount", "stbyokdev-account");
        expect((account.inputs.encryption as { keyVaultProperties: unknown }).keyVaultProperties).toEqual({ keyVaultUri: await valueOf(outputs.vaults["kv-cmk"].vaultUri), keyName: "cmk-storage" });
        const des = recorder.find("azure-native:compute:DiskEncryptionSet", "des-byok-dev-des");
        expect((des.inputs.activeKey as { keyUrl: string }).keyUrl).toBe(await valueOf(outputs.keys["cmk-disks"].keyUriWithVersion));
        // The set moves to each new version itself, so verify reads its keyUrl as the key's latest version.
        expect(outputs.diskEncryptionSets["des-byok-dev"].followsKeyRotation).toBe(true);
        expect(recorder.find("azure-native:authorization:RoleAssignment", "des-byok-dev-key-access-role-assignment").inputs.scope).toBe(keyIds["cmk-disks"]);
        const appliance = recorder.find("azure-native:keyvault:Vault", "kv-appliance-vault");
        expect(appliance.inputs.properties).toMatchObject({ sku: { name: "premium" }, publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.16/28" }] } });
    });

    test("gives the backup vendor Crypto User on its key and the appliance Crypto Officer on its vault, each vault open to its own client's range alone", async () => {
        const { recorder, outputs } = await run("Pulumi.dev.yaml");
        const vendor = recorder.find("azure-native:authorization:RoleAssignment", "backup-vendor-backup-vendor-role-assignment");
        expect(vendor.inputs).toMatchObject({
            scope: await valueOf(outputs.keys["backup-vendor"].id),
            principalId: await valueOf(outputs.applications["backup-vendor"].servicePrincipalObjectId),
            roleDefinitionId: expect.stringMatching(/12338af0-0e69-4776-bea7-57ae8d297424$/),
            principalType: "ServicePrincipal",
        });
        const appliance = recorder.find("azure-native:authorization:RoleAssignment", "kms-appliance-kv-appliance-role-assignment");
        expect(appliance.inputs).toMatchObject({
            scope: await valueOf(outputs.vaults["kv-appliance"].id),
            principalId: await valueOf(outputs.applications["kms-appliance"].servicePrincipalObjectId),
            roleDefinitionId: expect.stringMatching(/14b46e9e-c2b7-41b4-b07b-48a6ebf60603$/),
        });
        expect(recorder.find("azure-native:keyvault:Vault", "kv-appliance-vault").inputs.properties).toMatchObject({
            sku: { name: "premium" },
            publicNetworkAccess: "Enabled",
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "203.0.113.16/28" }] },
        });
        // The appliance pushes HSM keys in by BYOK: a key exchange key in its vault, import alone.
        expect(recorder.find("azure-native:keyvault:Key", "appliance-kek-key").inputs).toMatchObject({
            vaultName: await valueOf(outputs.vaults["kv-appliance"].vaultName),
            properties: { kty: "RSA-HSM", keySize: 4096, keyOps: ["import"] },
        });
        // The vendor reaches its key from outside Azure: its vault opens to the vendor's range alone, not the appliance's.
        expect(recorder.find("azure-native:keyvault:Vault", "kv-backup-vault").inputs.properties).toMatchObject({
            publicNetworkAccess: "Enabled",
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "198.51.100.0/28" }] },
        });
        expect(recorder.find("azuread:index/application:Application", "backup-vendor-application").inputs).toMatchObject({ signInAudience: "AzureADMyOrg" });
    });

    test("exports what a vendor is handed, with every private key, bundle and secret kept secret", async () => {
        const { outputs } = await run("Pulumi.dev.yaml");
        const vendor = outputs.applications["backup-vendor"];
        const certificate = vendor.certificates.primary;
        expect(await valueOf(vendor.clientId)).toMatch(/^[0-9a-f-]{36}$/);
        expect(await valueOf(certificate.certificatePem)).toMatch(/^-----BEGIN CERTIFICATE-----/);
        // Both thumbprints: x5t (SHA-1, as the portal shows it) and x5t#S256, which Microsoft's client assertion format takes.
        const x509 = new X509Certificate(await valueOf(certificate.certificatePem));
        expect(await valueOf(certificate.thumbprint)).toBe(x509.fingerprint.replace(/:/g, ""));
        expect(await valueOf(certificate.thumbprintSha256)).toBe(x509.fingerprint256.replace(/:/g, ""));
        for (const secret of [certificate.privateKeyPem, certificate.pfxBase64, outputs.applications["kms-appliance"].clientSecrets.primary.value]) {
            expect(secret).toBeDefined();
            expect(await pulumi.isSecret(secret as pulumi.Output<string>)).toBe(true);
        }
        expect(await pulumi.isSecret(certificate.certificatePem)).toBe(false);
    });

    test("deploys in seven waves: group, vaults, keys, grants, their propagation, services, then the storage account's soft delete", async () => {
        const { recorder } = await run("Pulumi.dev.yaml");
        const waves = deployWaves(recorder.resources);
        expect(waves).toHaveLength(7);
        const customTypes = (i: number) => [...new Set(waves[i].map((urn) => recorder.byUrn(urn)).filter((r) => r?.custom).map((r) => r?.type))].sort();
        expect(customTypes(5)).toEqual(["azure-native:compute:DiskEncryptionSet", "azure-native:containerregistry:Registry", "azure-native:storage:StorageAccount"]);
        expect(waves[6].map((urn) => recorder.byUrn(urn)?.type)).toEqual(["azure-native:storage:BlobServiceProperties"]);
    });

    test("runs through the Pulumi entry point with the stack's config", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
        pulumi.runtime.setAllConfig(readStackConfigFile("Pulumi.dev.yaml"));
        const entry = (await import("../../stacks/index")).default;
        const outputs = await entry();
        expect(await valueOf(outputs.vaults["kv-cmk"].vaultUri)).toMatch(/^https:\/\/kv-cmk-[a-z0-9]{6}\.vault\.azure\.net\/$/);
        await settle();
        expect(recorder.ofType("azure-native:keyvault:Vault")).toHaveLength(3);
        expect(recorder.ofType("azuread:index/application:Application")).toHaveLength(2);
    });
});

describe("the stack's resource group", () => {
    const group = (rs: RecordedResource[]) => rs.filter((r) => r.type === "azure-native:resources:ResourceGroup");

    test("is kept in Azure when the stack stops managing it, and left unprotected so that edit goes through: ARM would delete it with everything in it", async () => {
        const [made] = group(await planSettings("minimal", rootSettings("Pulumi.minimal.yaml")));
        expect([made.name, made.retainOnDelete, made.protect]).toEqual(["resource-group", true, false]);
    });

    test("set to createResourceGroup: false, is dropped from the program while the stack deploys into it still", async () => {
        const settings = rootSettings("Pulumi.minimal.yaml");
        // The group exists: the stack made it before.
        const { recorder } = await setAzureMocks({ resourceGroups: [{ name: String(settings.resourceGroupName), location: String(settings.location) }], stack: "minimal" });
        await program(parseStackConfig({ ...settings, createResourceGroup: false }));
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(group(recorder.resources)).toEqual([]);
        const account = recorder.find("azure-native:storage:StorageAccount", "stminimal-account");
        expect(account.inputs.resourceGroupName).toBe(settings.resourceGroupName);
    });
});

test("a key entry's access grants a principal the stack does not make that key alone: a role on the key, or on a vault with access policies an access policy", async () => {
    const ADF = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    const OPS = "7c6b5a49-3827-4e16-a5f4-e3d2c1b0a998";
    const rs = await planSettings("key-access", {
        resourceGroupName: "rg-access",
        location: "westeurope",
        vaults: [
            { name: "kv-rbac", keys: [{ name: "cmk-adf", access: [{ principalId: ADF, permissions: "cmkService" }] }, { name: "app-ops", purpose: "applicationCrypto", access: [{ principalId: OPS, principalType: "Group", permissions: "applicationCrypto", description: "payments operators" }] }] },
            { name: "kv-ap", enableRbacAuthorization: false, keys: [{ name: "cmk-ap", access: [{ principalId: ADF, permissions: "cmkService" }] }] },
        ],
    });
    const assignment = (name: string) => rs.find((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name === `${name}-role-assignment`) as RecordedResource;
    const adf = assignment(`cmk-adf-for-${ADF}`);
    expect(adf.inputs).toMatchObject({ principalId: ADF, principalType: "ServicePrincipal", roleDefinitionId: expect.stringMatching(/\/e147488a-f6f5-4113-8e2d-b22465e65bf6$/) });
    expect(String(adf.inputs.scope)).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/kv-rbac-[a-z0-9]{6}\/keys\/cmk-adf$/);
    const ops = assignment(`app-ops-for-${OPS}`);
    expect(ops.inputs).toMatchObject({ principalId: OPS, principalType: "Group", description: "payments operators", roleDefinitionId: expect.stringMatching(/\/12338af0-0e69-4776-bea7-57ae8d297424$/) });
    expect(String(ops.inputs.scope)).toMatch(/\/keys\/app-ops$/);
    const policies = rs.filter((r) => r.type === "azure-native:keyvault:AccessPolicy");
    expect(policies.map((p) => p.name)).toEqual([`cmk-ap-for-${ADF}-access-policy`]);
    expect(policies[0].inputs.policy).toMatchObject({ objectId: ADF, permissions: { keys: expect.arrayContaining(["get", "wrapKey", "unwrapKey"]) } });
});

test("a registry entry's geo-replicas and zone redundancy reach Azure as written, each replica tagged with the entry's tags and its own", async () => {
    const rs = await planSettings("geo", {
        resourceGroupName: "rg-geo",
        location: "westeurope",
        tags: { costCenter: "1234" },
        vaults: [{ name: "kv-geo", keys: [{ name: "cmk-acr" }] }],
        registries: [{ name: "acrgeo", key: "cmk-acr", zoneRedundancy: "Enabled", tags: { owner: "platform" }, replications: [{ location: "North Europe", zoneRedundancy: "Enabled", regionEndpointEnabled: false, tags: { Owner: "acr-team" } }] }],
    });
    const registry = rs.find((r) => r.name === "acrgeo-registry");
    const replica = rs.find((r) => r.type === "azure-native:containerregistry:Replication");
    expect(registry?.inputs.zoneRedundancy).toBe("Enabled");
    expect(replica && [replica.name, replica.inputs.location, replica.inputs.replicationName, replica.inputs.zoneRedundancy, replica.inputs.regionEndpointEnabled, replica.inputs.tags]).toEqual(
        ["acrgeo-replication-northeurope", "northeurope", "northeurope", "Enabled", false, { costCenter: "1234", Owner: "acr-team" }],
    );
});

describe("the services that hold data, and the identities they run as", () => {
    const DATA_STORES = [
        "azure-native:storage:StorageAccount", "azure-native:sql:Server", "azure-native:dbforpostgresql:Server", "azure-native:dbformysql:Server",
        "azure-native:cosmosdb:DatabaseAccount", "azure-native:containerregistry:Registry", "azure-native:containerregistry:Replication", "azure-native:eventhub:Namespace", "azure-native:servicebus:Namespace",
        "azure-native:containerservice:ManagedCluster", "azure-native:compute:DiskEncryptionSet", "azure-native:managedidentity:UserAssignedIdentity",
        "azure-native:storage:BlobContainer",
    ];
    const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
    /** One entry of every service the stack makes, one sharing an identity; `extra` is added to each entry (services and identities). */
    const everyService = (extra: Record<string, unknown> = {}) => ({
        resourceGroupName: "rg-data",
        location: "westeurope",
        // Public endpoint on behind its Deny firewall: Cosmos DB cannot reach a vault with it off.
        vaults: [{ name: "kv-data", publicNetworkAccess: "Enabled", keys: [{ name: "cmk-data" }, { name: "cmk-sql", keySize: 2048 }, { name: "cmk-aks", purpose: "applicationCrypto" }] }],
        identities: [{ name: "id-shared", ...extra }],
        registries: [{ name: "acrdata", key: "cmk-data", identity: "id-shared", replications: [{ location: "northeurope" }], ...extra }],
        storageAccounts: [{ name: "stdata", key: "cmk-data", containers: [{ name: "data" }], ...extra }],
        diskEncryptionSets: [{ name: "des-data", key: "cmk-data", ...extra }],
        cosmosDbAccounts: [{ name: "cosmos-data", key: "cmk-data", ...extra }],
        eventHubNamespaces: [{ name: "evh-data", key: "cmk-data", ...extra }],
        serviceBusNamespaces: [{ name: "sb-data", key: "cmk-data", ...extra }],
        sqlServers: [{ name: "sql-data", key: "cmk-sql", administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" }, ...extra }],
        postgresqlServers: [{ name: "pg-data", key: "cmk-data", administrator: { principalName: "pg-admins", objectId: "4a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e91" }, ...extra }],
        mysqlServers: [{ name: "my-data", key: "cmk-data", ...extra }],
        kubernetesClusters: [{ name: "aks-data", key: "cmk-aks", diskEncryptionSet: "des-data", nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"], systemNodePool: { availabilityZones: [] }, ...extra }],
    });
    const kept = (rs: RecordedResource[]) => rs.filter((r) => DATA_STORES.includes(r.type)).map((r) => `${r.name}: ${r.protect ? "protected" : "unprotected"}, ${r.retainOnDelete ? "retained" : "deleted"}`).sort();

    test("are protected and kept on delete unless an entry says otherwise, as vaults and keys are; their grants and waits stay replaceable", async () => {
        const rs = await planSettings("data", everyService());
        const stores = kept(rs);
        // Each type, and every identity: the shared one, each service's own, and none other.
        expect(new Set(rs.filter((r) => DATA_STORES.includes(r.type)).map((r) => r.type)).size).toBe(DATA_STORES.length);
        expect(stores).toHaveLength(rs.filter((r) => DATA_STORES.includes(r.type)).length);
        expect(stores.filter((s) => !s.endsWith(": protected, retained"))).toEqual([]);
        // A service moved to another key replaces its grant and the wait after it: neither may be protected.
        expect(rs.filter((r) => ["azure-native:authorization:RoleAssignment", "time:index/sleep:Sleep"].includes(r.type) && r.protect).map((r) => r.name)).toEqual([]);
        // But each service's grant on its key is kept in Azure with it: a service left in Azure without it loses its key.
        const ownGrants = rs.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.endsWith("-key-access-role-assignment"));
        expect(ownGrants.map((r) => r.name).sort()).toEqual(["aks-data", "cosmos-data", "des-data", "evh-data", "my-data", "pg-data", "sb-data", "sql-data", "stdata"].map((n) => `${n}-key-access-role-assignment`));
        expect(ownGrants.filter((r) => !r.retainOnDelete).map((r) => r.name)).toEqual([]);
    });

    test("an entry's protect: false leaves what it makes deletable, by name", async () => {
        const open = await planSettings("data", everyService({ protect: false }));
        const stores = kept(open);
        expect(stores.filter((s) => !s.endsWith(": unprotected, deleted"))).toEqual([]);
        // Their grants go with them, but SQL's and AKS's, kept for the backups and secrets under the key they move off.
        expect(open.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.endsWith("-key-access-role-assignment") && r.retainOnDelete).map((r) => r.name).sort())
            .toEqual(["aks-data-key-access-role-assignment", "sql-data-key-access-role-assignment"]);
        const one = everyService();
        (one.storageAccounts[0] as Record<string, unknown>).protect = false;
        const mixed = kept(await planSettings("data", one));
        expect(mixed.filter((s) => s.endsWith(": unprotected, deleted"))).toEqual(["stdata-account: unprotected, deleted", "stdata-data-container: unprotected, deleted", "stdata-identity-identity: unprotected, deleted"]);
    });

    /** everyService with two encryption scopes on a tenant key, one no container defaults to, and private endpoints on the account and the SQL server. */
    const withScopesAndEndpoints = () => {
        const settings = everyService();
        const endpoint = { subnetResourceId: `${subnets}/pe` };
        return {
            ...settings,
            vaults: [{ ...settings.vaults[0], keys: [...settings.vaults[0].keys, { name: "cmk-tenant" }] }],
            storageAccounts: [{
                ...settings.storageAccounts[0],
                encryptionScopes: [{ name: "tenant-a", key: "cmk-tenant" }, { name: "tenant-b", key: "cmk-tenant" }],
                containers: [{ name: "data", encryptionScope: "tenant-a" }, { name: "shared" }],
                privateEndpoints: [{ ...endpoint, service: "blob" }],
            }],
            sqlServers: [{ ...settings.sqlServers[0], privateEndpoints: [endpoint] }],
        };
    };
    type Entries = keyof ReturnType<typeof withScopesAndEndpoints>;
    // Planned once for the tests below, which each only read it (~1.5 s a plan).
    let whole: Promise<RecordedResource[]> | undefined;
    const planWhole = () => (whole ??= planSettings("data", withScopesAndEndpoints()));

    test.each([
        ["storageAccounts", []],
        ["sqlServers", []],
        ["postgresqlServers", []],
        ["mysqlServers", []],
        ["cosmosDbAccounts", []],
        ["eventHubNamespaces", []],
        ["serviceBusNamespaces", []],
        // The stack's grant of a shared identity is not the registry's (README: Removing a service).
        ["registries", ["id-shared-on-cmk-data-role-assignment: DELETE"]],
        // A kept cluster keeps the roles it runs with on its subnets and disk encryption set; never Key Vault Contributor.
        ["kubernetesClusters", ["aks-data-kms-private-link: DELETE"]],
    ] as const)("an entry of %s unprotected by hand and removed stays in Azure with its key grant, scopes, protector, administrator and private endpoints; what Azure still deletes: %j", async (entries, lost) => {
        const before = await planWhole();
        const settings: Partial<Record<Entries, unknown>> = withScopesAndEndpoints();
        delete settings[entries as Entries];
        const after = await planSettings("data", settings);
        expect(azureCalls(droppedByEdit(before, after, { unprotected: true }))).toEqual(lost);
    });

    test("pulumi destroy --exclude-protected, every service protected, leaves each with its grant, scopes, protector and containers; what Azure still deletes", async () => {
        const rs = await planWhole();
        // The vault's lock, as README's step 4 says; a kept service's private endpoints and a PostgreSQL server's administrator.
        expect(azureCalls(deletedByDestroyExcludeProtected(rs))).toEqual(["kv-data-lock: DELETE", "pg-data-administrator: DELETE", "sql-data-private-endpoint: DELETE", "stdata-private-endpoint: DELETE"]);
    });

    test("a recased resourceGroupName, which replaces what is in the group, stops at each data store and identity: all are protected", async () => {
        // The central stack: every vault existing, so no vault lock in the group refuses its delete.
        const planCentral = async (edit: (raw: Record<string, unknown>) => Record<string, unknown>) => {
            const config = readStackConfigFile("Pulumi.central.yaml");
            const raw = edit(rawConfig(config));
            pulumi.runtime.setAllConfig(config);
            try {
                const { recorder } = await setAzureMocks({ ...providerSettings(config), ...existingAzure(raw), stack: "central" });
                await program(parseStackConfig(raw));
                await settle();
                expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
                return recorder.resources;
            } finally {
                pulumi.runtime.setAllConfig({});
            }
        };
        const before = await planCentral((raw) => raw);
        const after = await planCentral((raw) => ({ ...raw, resourceGroupName: String(raw.resourceGroupName).toUpperCase() }));
        const moved = after.filter((r) => {
            const was = before.find((b) => b.urn === r.urn);
            return was !== undefined && was.inputs.resourceGroupName !== undefined && was.inputs.resourceGroupName !== r.inputs.resourceGroupName;
        });
        expect(moved.map((r) => r.type)).toEqual(expect.arrayContaining(["azure-native:resources:ResourceGroup", "azure-native:storage:StorageAccount"]));
        expect(moved.filter((r) => DATA_STORES.includes(r.type) && !r.protect).map((r) => r.name)).toEqual([]);
        expect(moved.find((r) => r.type === "azure-native:resources:ResourceGroup")?.retainOnDelete).toBe(true);
    });
});

describe("the minimal stack", () => {
    test("is one vault, one key and one storage account encrypted with it", async () => {
        const { recorder } = await run("Pulumi.minimal.yaml");
        expect(countByType(recorder.resources)).toEqual({
            "azure-native:resources:ResourceGroup": 1,
            "random:index/randomString:RandomString": 2,
            "azure-native:keyvault:Vault": 1,
            "azure-native:authorization:ManagementLockByScope": 1,
            "azure-native:keyvault:Key": 1,
            "azure-native:managedidentity:UserAssignedIdentity": 1,
            "azure-native:authorization:RoleAssignment": 1,
            "time:index/sleep:Sleep": 1,
            "azure-native:storage:StorageAccount": 1,
            "azure-native:storage:BlobServiceProperties": 1,
        });
    });

    test("plans in a region given by its display name, as Terraform's examples write it, which ARM takes", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "minimal" });
        await program(parseStackConfig(rawConfig({ ...readStackConfigFile("Pulumi.minimal.yaml"), "azure-byok:location": "West Europe" })));
        await settle();
        expect(recorder.refused).toEqual([]);
        const group = recorder.find("azure-native:resources:ResourceGroup", "resource-group");
        expect(group.inputs.location).toBe("West Europe");
        expect(group.outputs?.location).toBe("westeurope");
    });

    test("waits as long as azure-byok:rbacPropagationWait says after every role assignment, and not at all for 0s", async () => {
        const file = readStackConfigFile("Pulumi.dev.yaml");
        const withWait = async (wait: string) => {
            const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
            await program(parseStackConfig(rawConfig({ ...file, "azure-byok:rbacPropagationWait": wait })));
            await settle();
            expect(recorder.refused).toEqual([]);
            return recorder;
        };
        const patient = await withWait("2m");
        expect(patient.ofType("time:index/sleep:Sleep").map((s) => s.inputs.createDuration)).toEqual(["2m", "2m", "2m", "2m", "2m"]);
        const hasty = await withWait("0s");
        expect(hasty.ofType("time:index/sleep:Sleep")).toEqual([]);
        expect(hasty.ofType("azure-native:authorization:RoleAssignment")).toHaveLength(5);
        expect(deployWaves(hasty.resources)).toHaveLength(6);
    });

    test("a vault's event subscription to an event hub waits for its sender role as long too", async () => {
        const file = readStackConfigFile("Pulumi.minimal.yaml");
        const vaults = JSON.parse(file["azure-byok:vaults"]) as Record<string, unknown>[];
        vaults[0].eventSubscriptions = [{ name: "ops", eventHubResourceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/eventhubs/key-events" }];
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "minimal" });
        await program(parseStackConfig(rawConfig({ ...file, "azure-byok:vaults": JSON.stringify(vaults), "azure-byok:rbacPropagationWait": "90s" })));
        await settle();
        expect(recorder.refused).toEqual([]);
        const sender = recorder.ofType("azure-native:authorization:RoleAssignment").find((r) => String(r.inputs.scope).endsWith("/eventhubs/key-events"));
        expect(sender).toBeDefined();
        const wait = recorder.ofType("time:index/sleep:Sleep").find((w) => w.dependencies.includes(sender?.urn ?? ""));
        expect(wait?.inputs.createDuration).toBe("90s");
    });
});

describe("a vendor that signs in with its own identity provider's tokens", () => {
    test("gets a federated credential and Crypto User on its key, and no secret to hand over", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "federated" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-byok-federated",
            location: "westeurope",
            vaults: [{ name: "kv-backup", keys: [{ name: "backup-vendor", purpose: "applicationCrypto" }] }],
            applications: [{
                name: "backup-vendor",
                federatedCredentials: [{ name: "vendor-prod", issuer: "https://accounts.google.com", subject: "112233445566778899000" }],
                access: [{ key: "backup-vendor", permissions: "applicationCrypto" }],
                allowedNetworks: ["198.51.100.0/28"],
            }],
        }));
        await settle();
        expect(recorder.refused).toEqual([]);
        const [credential] = recorder.ofType("azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential");
        expect(credential.inputs).toMatchObject({ displayName: "vendor-prod", issuer: "https://accounts.google.com", subject: "112233445566778899000", audiences: ["api://AzureADTokenExchange"] });
        expect(recorder.ofType("azuread:index/applicationPassword:ApplicationPassword")).toEqual([]);
        expect(recorder.ofType("azuread:index/applicationCertificate:ApplicationCertificate")).toEqual([]);
        expect(await valueOf(outputs.applications["backup-vendor"].clientId)).toMatch(/^[0-9a-f-]{36}$/);
        expect(outputs.applications["backup-vendor"].certificates).toEqual({});
    });
});

describe("an application that signs", () => {
    test("gets Crypto User on its signing key alone", async () => {
        const { recorder } = await planYaml("signing", `config:
  azure-byok:resourceGroupName: rg-byok-signing
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-release
      keys:
        - name: release-signer
          purpose: signing
          kty: EC-HSM
          curveName: P-384
  azure-byok:applications:
    - name: release-pipeline
      certificates:
        - name: primary
          validityDays: 180
      access:
        - key: release-signer
          permissions: signing
      allowedNetworks:
        - 198.51.100.0/28
`);
        const key = recorder.ofType("azure-native:keyvault:Key")[0];
        expect(key.inputs.properties).toMatchObject({ kty: "EC-HSM", curveName: "P-384", keyOps: ["sign", "verify"] });
        const [assignment] = recorder.ofType("azure-native:authorization:RoleAssignment");
        expect(String(assignment.inputs.roleDefinitionId)).toMatch(/12338af0-0e69-4776-bea7-57ae8d297424$/);
        expect(String(assignment.inputs.scope)).toMatch(/\/vaults\/kv-release-[a-z0-9]+\/keys\/release-signer$/);
    });
});

test("plans a key rotating before expiry as Azure Verified Modules write it (Rotate at timeBeforeExpiry P2M, expiryTime P2Y), with no timeAfterCreate beside it", async () => {
    const { recorder } = await planYaml("before-expiry", `config:
  azure-byok:resourceGroupName: rg-byok-before-expiry
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-avm
      keys:
        - name: cmk-avm
          rotationPolicy:
            expiryTime: P2Y
            timeBeforeExpiry: P2M
`);
    expect(recorder.find("azure-native:keyvault:Key", "cmk-avm-key").inputs.properties).toMatchObject({
        rotationPolicy: {
            attributes: { expiryTime: "P2Y" },
            lifetimeActions: [
                { action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P2M" } },
                { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
            ],
        },
    });
});

test("plans a registry open to CI runners' range alone: public access asked for by name, a firewall that denies every other network", async () => {
    const { recorder } = await planYaml("registry-ci", `config:
  azure-byok:resourceGroupName: rg-byok-registry-ci
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-acr
      keys:
        - name: cmk-acr
  azure-byok:registries:
    - name: acrci
      key: cmk-acr
      publicNetworkAccess: Enabled
      ipRules: [203.0.113.0/24]
`);
    expect(recorder.ofType("azure-native:containerregistry:Registry")[0].inputs).toMatchObject({
        sku: { name: "Premium" },
        publicNetworkAccess: "Enabled",
        networkRuleSet: { defaultAction: "Deny", ipRules: [{ action: "Allow", iPAddressOrRange: "203.0.113.0/24" }] },
    });
});

describe("data services across regions and zones", () => {
    test("replicates a Cosmos DB account to its failover regions and keeps zone-redundant standbys, each with its one key", async () => {
        const { recorder } = await planYaml("resilient", `config:
  azure-byok:resourceGroupName: rg-byok-resilient
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-data
      publicNetworkAccess: Enabled
      keys:
        - name: cmk-data
  azure-byok:cosmosDbAccounts:
    - name: cosmos-orders
      key: cmk-data
      zoneRedundant: true
      failoverLocations:
        - locationName: northeurope
          isZoneRedundant: true
  azure-byok:postgresqlServers:
    - name: pg-orders
      key: cmk-data
      administrator: { principalName: pg-admins, objectId: 8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90 }
      highAvailability: ZoneRedundant
      availabilityZone: "1"
      standbyAvailabilityZone: "2"
  azure-byok:mysqlServers:
    - name: mysql-orders
      key: cmk-data
      highAvailability: SameZone
`);
        const cosmos = recorder.ofType("azure-native:cosmosdb:DatabaseAccount")[0];
        expect(cosmos.inputs).toMatchObject({
            locations: [{ locationName: "westeurope", failoverPriority: 0, isZoneRedundant: true }, { locationName: "northeurope", failoverPriority: 1, isZoneRedundant: true }],
            enableAutomaticFailover: true,
        });
        expect(recorder.ofType("azure-native:dbforpostgresql:Server")[0].inputs).toMatchObject({ availabilityZone: "1", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } });
        expect(recorder.ofType("azure-native:dbformysql:Server")[0].inputs).toMatchObject({ highAvailability: { mode: "SameZone" } });
        // No second key or identity: each service has the one identity granted on the one key.
        expect(recorder.ofType("azure-native:managedidentity:UserAssignedIdentity")).toHaveLength(3);
    });
});

describe("a stack of many services", () => {
    test("sends each service's registrations before building the next, so they do not all wait in memory at once", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "many" });
        const accounts = Array.from({ length: 20 }, (_, i) => ({ name: `st${i}`, key: "cmk" }));
        const built = program(parseStackConfig({ resourceGroupName: "rg-many", location: "westeurope", vaults: [{ name: "kv", keys: [{ name: "cmk" }] }], storageAccounts: accounts }));
        let accepted = false;
        const firstAccepted = new Promise<void>((resolve) => {
            recorder.onAccepted = (r) => {
                if (r.name === "st0-account") {
                    accepted = true;
                    resolve();
                }
            };
        });
        await Promise.race([firstAccepted, built]);
        expect(accepted).toBe(true);
        // The first account is registered while later ones are not yet even constructed.
        expect(recorder.requests.some((r) => r.name.startsWith("st19-"))).toBe(false);
        await built;
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.ofType("azure-native:storage:StorageAccount")).toHaveLength(20);
    }, 60000);
});

describe("an appliance's credential handed over under a name that stays (secretsExportConfiguration.current)", () => {
    test("outputs the rotation secret's versionless URI beside each credential's own, the one the vendor is given once", async () => {
        type Applications = { applications: { name: string; clientSecrets?: { name: string }[]; secretsExportConfiguration?: Record<string, unknown> }[] };
        const settings = rootSettings("Pulumi.dev.yaml") as ReturnType<typeof rootSettings> & Applications;
        const appliance = settings.applications.find((a) => a.name === "kms-appliance");
        if (appliance?.secretsExportConfiguration === undefined) throw new Error("Pulumi.dev.yaml hands kms-appliance's secret over no longer");
        appliance.clientSecrets = [{ name: "primary" }, { name: "secondary" }];
        appliance.secretsExportConfiguration.current = { clientSecret: "secondary" };
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev" });
        const outputs = await program(parseStackConfig(settings));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const exported = outputs.applications["kms-appliance"].exportedSecrets;
        expect(Object.keys(exported)).toEqual(["kms-appliance-primary-client-secret", "kms-appliance-secondary-client-secret", "kms-appliance-client-secret"]);
        const vaultUri = await valueOf(outputs.vaults["kv-appliance"].vaultUri);
        expect(await valueOf(exported["kms-appliance-client-secret"])).toBe(`${vaultUri}secrets/kms-appliance-client-secret`);
        const rotation = reveal(recorder.find("azure-native:keyvault:Secret", "kms-appliance-client-secret-export").inputs) as { secretName: string; properties: { value: string } };
        expect(rotation.secretName).toBe("kms-appliance-client-secret");
        expect(rotation.properties.value).toBe(await valueOf(outputs.applications["kms-appliance"].clientSecrets.secondary.value));
    });
});

describe("a shared identity on two keys of one access-policy vault", () => {
    /** The storage account and a second service (its config list and key name) sharing one identity on one access-policy vault. */
    const sharedStack = (name: string, second: { list: string; key: string; entry: string }) => planYaml(name, `config:
  azure-byok:resourceGroupName: rg-byok-${name}
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-ap
      enableRbacAuthorization: false
      keys:
        - name: k-storage
        - name: ${second.key}
  azure-byok:identities:
    - name: id-shared
  azure-byok:storageAccounts:
    - name: st${name}
      key: k-storage
      identity: id-shared
  azure-byok:${second.list}:
    - name: ${second.entry}
      key: ${second.key}
      identity: id-shared
`);
    const keysOf = (p: { inputs: Record<string, unknown> }) => (p.inputs.policy as { permissions: { keys: string[] } }).permissions.keys;

    test("gets one access policy, which Azure keeps once per principal and vault, and both services wait for it", async () => {
        const { recorder } = await sharedStack("policyvault", { list: "registries", key: "k-registry", entry: "acrshared" });
        const policies = recorder.ofType("azure-native:keyvault:AccessPolicy");
        expect(policies.map(keysOf)).toEqual([["get", "wrapKey", "unwrapKey"]]);
        // Named for the vault, not for the first service's key: moving or reordering services leaves it be.
        expect(policies[0].name).toBe("id-shared-on-vault-kv-ap-access-policy");
        const grant = recorder.find("azure-byok:keyvault:KeyAccess", "id-shared-on-vault-kv-ap");
        // A stack that made it under its earlier name (the first service's key) keeps it.
        expect([...grant.aliases].sort()).toEqual(["id-shared-on-k-registry", "id-shared-on-k-storage"]);
        for (const type of ["azure-native:storage:StorageAccount", "azure-native:containerregistry:Registry"]) {
            expect(recorder.ofType(type)[0].dependencies).toEqual(expect.arrayContaining([policies[0].urn]));
        }
    });

    test("keeps the grant's earlier name however a service spelt the identity and key, since names match in any case but aliases exactly", async () => {
        const { recorder } = await planYaml("policyvaultcase", `config:
  azure-byok:resourceGroupName: rg-byok-policyvaultcase
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-ap
      enableRbacAuthorization: false
      keys:
        - name: k-storage
  azure-byok:identities:
    - name: id-shared
  azure-byok:storageAccounts:
    - name: stpolicyvaultcase
      key: K-Storage
      identity: ID-Shared
`);
        // Named as the entries declare; the names it had as the service wrote them (for its key, then for the vault) are aliases.
        expect([...recorder.find("azure-byok:keyvault:KeyAccess", "id-shared-on-vault-kv-ap").aliases].sort()).toEqual(["ID-Shared-on-K-Storage", "ID-Shared-on-k-storage", "ID-Shared-on-vault-kv-ap", "id-shared-on-k-storage"]);
    });

    test("lists keys too for a MySQL server, which holds its key's current version and hands its password out only as a secret", async () => {
        const { recorder, outputs } = await sharedStack("policyvaultmysql", { list: "mysqlServers", key: "k-mysql", entry: "mysql-orders" });
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map(keysOf)).toEqual([["get", "wrapKey", "unwrapKey", "list"]]);
        const server = recorder.ofType("azure-native:dbformysql:Server")[0];
        const out = outputs.mysqlServers["mysql-orders"];
        expect(await valueOf(out.keyUri)).toBe(await valueOf(outputs.keys["k-mysql"].keyUriWithVersion));
        expect(out.followsKeyRotation).toBe(false);
        expect(await valueOf(out.administratorLogin)).toBe("mysqladmin");
        expect(await pulumi.isSecret(out.administratorLoginPassword)).toBe(true);
        expect(server.inputs).toMatchObject({ administratorLogin: "mysqladmin", dataEncryption: { primaryKeyURI: await valueOf(out.keyUri) } });
        // verify --stack-outputs keeps the version the server holds, beside the key's versionless id.
        const keyIds = keyIdsFromStackOutputs({ keys: { "k-mysql": { keyUri: await valueOf(outputs.keys["k-mysql"].keyUri), keyUriWithVersion: await valueOf(outputs.keys["k-mysql"].keyUriWithVersion) } }, mysqlServers: { "mysql-orders": { keyUri: await valueOf(out.keyUri), followsKeyRotation: out.followsKeyRotation } } });
        expect(keyIds).toEqual([await valueOf(outputs.keys["k-mysql"].keyUri), await valueOf(out.keyUri)]);
    });

    test("lists keys too when an Event Hubs namespace shares it, as Microsoft's guide grants, and the namespace is made", async () => {
        const { recorder } = await sharedStack("policyvaultmsg", { list: "eventHubNamespaces", key: "k-events", entry: "evh-shared" });
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map(keysOf)).toEqual([["get", "wrapKey", "unwrapKey", "list"]]);
        expect(recorder.refused).toEqual([]);
        expect(recorder.ofType("azure-native:eventhub:Namespace")).toHaveLength(1);
    });
});

describe("a storage account with encryption scopes", () => {
    const plan = (yaml: string) => planYaml("scopes", yaml);

    test("encrypts each tenant's scope with the tenant's key, granted to the account's identity on that key alone, before the scope exists", async () => {
        const { recorder, outputs } = await plan(`config:
  azure-byok:resourceGroupName: rg-byok-scopes
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-tenants
      keys:
        - name: k-account
        - name: k-tenant-a
        - name: k-tenant-b
  azure-byok:storageAccounts:
    - name: sttenants
      key: k-account
      encryptionScopes:
        - name: tenant-a
          key: k-tenant-a
        - name: tenant-b
          key: k-tenant-b
        - name: shared
          key: k-account
      containers:
        - name: tenant-a-data
          encryptionScope: tenant-a
        - name: reports
`);
        const scopes = recorder.ofType("azure-native:storage:EncryptionScope");
        expect(scopes.map((x) => x.inputs.encryptionScopeName)).toEqual(["tenant-a", "tenant-b", "shared"]);
        const identity = recorder.ofType("azure-native:managedidentity:UserAssignedIdentity")[0];
        const grants = recorder.ofType("azure-native:authorization:RoleAssignment");
        expect(grants.map((g) => [g.inputs.principalId, String(g.inputs.scope).replace(/^.*\/vaults\//, "")])).toEqual(
            ["k-account", "k-tenant-a", "k-tenant-b"].map((k) => [identity.outputs?.principalId, expect.stringMatching(new RegExp(`^kv-tenants-[a-z0-9]{6}/keys/${k}$`))]),
        );
        for (const [i, scope] of scopes.entries()) {
            expect(scope.dependencies).toContain(grants[[1, 2, 0][i]].urn);
        }
        const exported = await valueOf(pulumi.output(outputs.storageAccounts.sttenants.encryptionScopes));
        expect(Object.keys(exported)).toEqual(["tenant-a", "tenant-b", "shared"]);
        expect(exported["tenant-a"].keyUri).toMatch(/^https:\/\/kv-tenants-[a-z0-9]{6}\.vault\.azure\.net\/keys\/k-tenant-a$/);
        expect(exported["tenant-a"].id).toMatch(/\/storageAccounts\/sttenants[a-z0-9]{6}\/encryptionScopes\/tenant-a$/);
        const containers = await valueOf(pulumi.output(outputs.storageAccounts.sttenants.containers));
        expect(Object.fromEntries(Object.entries(containers).map(([n, c]) => [n, c.encryptionScope]))).toEqual({ "tenant-a-data": "tenant-a", reports: "$account-encryption-key" });
        expect(Object.fromEntries(recorder.ofType("azure-native:storage:BlobContainer").map((c) => [c.inputs.containerName, c.inputs.denyEncryptionScopeOverride ?? false]))).toEqual({ "tenant-a-data": true, reports: false });
    });

    test("with a shared identity, each scope waits for the stack's one grant of that identity on its key", async () => {
        const { recorder } = await plan(`config:
  azure-byok:resourceGroupName: rg-byok-scopes
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-tenants
      keys:
        - name: k-account
        - name: k-tenant-a
  azure-byok:identities:
    - name: id-storage
  azure-byok:storageAccounts:
    - name: sta
      key: k-account
      identity: id-storage
      encryptionScopes:
        - name: tenant-a
          key: k-tenant-a
    - name: stb
      key: k-tenant-a
      identity: id-storage
`);
        const grants = recorder.ofType("azure-native:authorization:RoleAssignment");
        expect(grants.map((g) => g.name)).toEqual(["id-storage-on-k-account-role-assignment", "id-storage-on-k-tenant-a-role-assignment"]);
        expect(recorder.ofType("azure-native:storage:EncryptionScope")[0].dependencies).toContain(grants[1].urn);
    });

    test("refuses, before registering anything, an existing vault closed to trusted services (bypass None) that holds only a scope's key", async () => {
        const config = {
            resourceGroupName: "rg-app",
            location: "westeurope",
            vaults: [
                { name: "kv-app", keys: [{ name: "cmk-account" }] },
                { name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "tenant-a" }] },
            ],
            storageAccounts: [{ name: "stshared", key: "cmk-account", encryptionScopes: [{ name: "tenant-a", key: "tenant-a" }] }],
        };
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [] } }],
            stack: "scopes-existing",
        });
        await expect(program(parseStackConfig(config))).rejects.toThrow([
            "The stack config has 1 problem:",
            "  - azure-byok:vaults[1]: vault kv-platform-central in Azure lets no trusted Azure service through its firewall (bypass None), so no customer-managed-key service can reach its keys; set the vault's networkAcls.bypass to AzureServices",
        ].join("\n"));
        await settle();
        expect(recorder.requests).toEqual([]);
    });
});

test("refuses, before registering anything, a Cosmos DB account on a key in an existing vault with public access disabled", async () => {
    const config = {
        resourceGroupName: "rg-app",
        location: "westeurope",
        vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "cmk-orders" }] }],
        cosmosDbAccounts: [{ name: "cosmos-orders", key: "cmk-orders" }],
    };
    const vault = { name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium" as const, enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [] } };
    const closed = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [{ ...vault, publicNetworkAccess: "Disabled" }], stack: "cosmos-existing" });
    await expect(program(parseStackConfig(config))).rejects.toThrow(/^The stack config has 1 problem:\n {2}- azure-byok:vaults\[0\]: vault kv-platform-central in Azure has public network access disabled, but Cosmos DB accounts encrypt with its keys: /);
    await settle();
    expect(closed.recorder.requests).toEqual([]);
    // Behind a firewall that denies by default, with public access on, it is taken.
    const open = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [{ ...vault, publicNetworkAccess: "Enabled" }], stack: "cosmos-existing" });
    await program(parseStackConfig(config));
    await settle();
    expect(open.recorder.ofType("azure-native:cosmosdb:DatabaseAccount")).toHaveLength(1);
});

describe("keys in an existing vault", () => {
    const platformVault = () => ({
        name: "kv-platform-central",
        resourceGroupName: "rg-security",
        sku: "premium" as const,
        enablePurgeProtection: true,
        networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "203.0.113.0/24" }] },
    });
    const config = {
        resourceGroupName: "rg-app",
        location: "westeurope",
        vaults: [
            { name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "cmk-app" }, { name: "vendor-crypto", purpose: "applicationCrypto" }] },
            { name: "kv-own", keys: [{ name: "app-crypto", purpose: "applicationCrypto" }] },
        ],
        storageAccounts: [{ name: "stapp", key: "cmk-app" }],
        applications: [{ name: "vendor", clientSecrets: [{ name: "primary" }], access: [{ key: "vendor-crypto", permissions: "applicationCrypto" }], allowedNetworks: ["203.0.113.16/28"] }],
    };

    async function runExisting(vault: ReturnType<typeof platformVault>) {
        const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [vault], stack: "existing" });
        const outputs = await program(parseStackConfig(config));
        await settle();
        return { recorder, outputs };
    }

    test("makes the keys and grants in the platform team's vault and leaves the vault alone", async () => {
        const { recorder, outputs } = await runExisting(platformVault());
        expect(recorder.refused).toEqual([]);
        expect(recorder.ofType("azure-native:keyvault:Vault").map((v) => v.name)).toEqual(["kv-own-vault"]);
        const key = recorder.find("azure-native:keyvault:Key", "cmk-app-key");
        expect(key.inputs).toMatchObject({ vaultName: "kv-platform-central", resourceGroupName: "rg-security", keyName: "cmk-app" });
        expect(await valueOf(outputs.vaults.central.vaultUri)).toBe("https://kv-platform-central.vault.azure.net/");
        expect(await valueOf(outputs.vaults.central.id)).toMatch(/\/resourceGroups\/rg-security\/providers\/Microsoft\.KeyVault\/vaults\/kv-platform-central$/);
        const account = recorder.find("azure-native:storage:StorageAccount", "stapp-account");
        expect((account.inputs.encryption as { keyVaultProperties: unknown }).keyVaultProperties).toEqual({ keyVaultUri: "https://kv-platform-central.vault.azure.net/", keyName: "cmk-app" });
        // Each grant is scoped to its key; no lock or diagnostic setting is placed on a vault the stack does not own.
        const scopes = recorder.ofType("azure-native:authorization:RoleAssignment").map((r) => String(r.inputs.scope));
        expect(scopes.filter((s) => s.includes("kv-platform-central")).sort()).toEqual([await valueOf(outputs.keys["cmk-app"].id), await valueOf(outputs.keys["vendor-crypto"].id)].sort());
        expect(recorder.ofType("azure-native:authorization:ManagementLockByScope").map((l) => String(l.inputs.scope))).not.toContain(await valueOf(outputs.vaults.central.id));
    });

    test("with vaultRead on the vendor's access entry, assigns it Key Vault Reader at the platform vault's scope, beside its grant on the key", async () => {
        const { recorder: r0 } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [platformVault()], stack: "existing" });
        const reading = { ...config, applications: [{ ...config.applications[0], access: [{ key: "vendor-crypto", permissions: "applicationCrypto", vaultRead: true }] }] };
        const outputs = await program(parseStackConfig(reading));
        await settle();
        expect(r0.refused).toEqual([]);
        const reader = r0.find("azure-native:authorization:RoleAssignment", "vendor-vendor-crypto-vault-read");
        expect(reader.inputs).toMatchObject({
            scope: await valueOf(outputs.vaults.central.id),
            principalId: await valueOf(outputs.applications.vendor.servicePrincipalObjectId),
            principalType: "ServicePrincipal",
            roleDefinitionId: expect.stringMatching(/^\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Authorization\/roleDefinitions\/21090545-7ca7-4776-b22c-e363652d74d2$/),
        });
        expect(r0.find("azure-native:authorization:RoleAssignment", "vendor-vendor-crypto-role-assignment").inputs.scope).toBe(await valueOf(outputs.keys["vendor-crypto"].id));
    });

    test("uses a key imported into the vault (existing: true) without making or changing it, and refuses one Azure does not have", async () => {
        const byok = {
            ...config,
            vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "byok-cmk", existing: true, keySize: 4096 }] }],
            storageAccounts: [{ name: "stapp", key: "byok-cmk" }],
            applications: [],
        };
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [platformVault()],
            keys: [{ vaultName: "kv-platform-central", name: "byok-cmk", kty: "RSA-HSM", keySize: 4096, keyOps: ["wrapKey", "unwrapKey"] }],
            stack: "existing",
        });
        const outputs = await program(parseStackConfig(byok));
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.ofType("azure-native:keyvault:Key")).toEqual([]);
        const keyId = await valueOf(outputs.keys["byok-cmk"].id);
        expect(keyId).toMatch(/\/vaults\/kv-platform-central\/keys\/byok-cmk$/);
        expect(recorder.ofType("azure-native:authorization:RoleAssignment").map((r) => r.inputs.scope)).toEqual([keyId]);
        const account = recorder.find("azure-native:storage:StorageAccount", "stapp-account");
        expect((account.inputs.encryption as { keyVaultProperties: unknown }).keyVaultProperties).toEqual({ keyVaultUri: "https://kv-platform-central.vault.azure.net/", keyName: "byok-cmk" });

        const { recorder: second } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [platformVault()], keys: [], stack: "existing" });
        await expect(program(parseStackConfig(byok))).rejects.toThrow(
            "azure-byok:vaults[0].keys[0]: could not be read from Azure (key byok-cmk in vault kv-platform-central): 404 ResourceNotFound: The Resource 'Microsoft.KeyVault/vaults/kv-platform-central/keys/byok-cmk' under resource group 'rg-security' was not found.",
        );
        expect(second.requests).toEqual([]);
    });

    test("refuses, before registering anything, a vault Azure reports otherwise than declared or does not have, naming the entry", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [{ ...platformVault(), enablePurgeProtection: false, networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [] } }], stack: "existing" });
        await expect(program(parseStackConfig(config))).rejects.toThrow([
            "The stack config has 3 problems:",
            "  - azure-byok:vaults[0].enablePurgeProtection: is true, but vault kv-platform-central in Azure has purge protection off; turn it on at the vault (customer-managed keys need it) and declare true",
            "  - azure-byok:vaults[0]: vault kv-platform-central in Azure lets no trusted Azure service through its firewall (bypass None), so no customer-managed-key service can reach its keys; set the vault's networkAcls.bypass to AzureServices",
            "  - azure-byok:vaults[0]: vault kv-platform-central in Azure does not admit 203.0.113.16/28; add it to the vault's firewall where the vault is managed",
        ].join("\n"));
        expect(recorder.requests).toEqual([]);
        await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [], stack: "existing" });
        await expect(program(parseStackConfig(config))).rejects.toThrow(
            "azure-byok:vaults[0]: could not be read from Azure (vault kv-platform-central in resource group rg-security): 404 ResourceNotFound: The Resource 'Microsoft.KeyVault/vaults/kv-platform-central' under resource group 'rg-security' was not found.",
        );
    });
});

test("every secret the stack outputs is one verify knows holds no key id: a nightly verify over its outputs asks no one to write them in clear", async () => {
    const { outputs } = await planYaml("secretoutputs", `config:
  azure-byok:resourceGroupName: rg-secret-outputs
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-app
      keys:
        - name: app-key
          purpose: applicationCrypto
        - name: db-key
  azure-byok:applications:
    - name: vendor
      certificates:
        - name: primary
      clientSecrets:
        - name: primary
      access:
        - key: app-key
          permissions: applicationCrypto
      allowedNetworks:
        - 198.51.100.0/28
  azure-byok:mysqlServers:
    - name: mysql-app
      key: db-key
`);
    const written = await stackOutputJson(outputs);
    // The stack has secrets to show as "[secret]" (private key, PFX, client secret, password)...
    expect(JSON.stringify(written).match(/\[secret\]/g)?.length).toBeGreaterThanOrEqual(4);
    // ...and verify names none of them, while it still finds every key.
    expect(scanStackOutputs(written).secrets).toEqual([]);
    expect(scanStackOutputs(written).keyIds).toEqual(expect.arrayContaining([await valueOf(outputs.keys["app-key"].keyUri), await valueOf(outputs.keys["db-key"].keyUri)]));
});

describe("a MySQL server on an existing vault", () => {
    test("is refused, before registering anything, when the vault keeps deleted keys under the 90 days MySQL needs", async () => {
        const legacy = { name: "kv-legacy-shared", resourceGroupName: "rg-security", sku: "premium" as const, enablePurgeProtection: true, softDeleteRetentionInDays: 7 };
        const config = {
            resourceGroupName: "rg-app",
            location: "westeurope",
            vaults: [{ name: "legacy", existing: true, vaultName: "kv-legacy-shared", resourceGroupName: "rg-security", keys: [{ name: "legacy-cmk", existing: true }] }],
            storageAccounts: [{ name: "stlegacy", key: "legacy-cmk" }],
            mysqlServers: [{ name: "mysql-legacy", key: "legacy-cmk" }],
        };
        const keys = [{ vaultName: "kv-legacy-shared", name: "legacy-cmk", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] }];
        const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [legacy], keys, stack: "legacy" });
        await expect(program(parseStackConfig(config))).rejects.toThrow(
            "azure-byok:vaults[0]: vault kv-legacy-shared in Azure keeps deleted keys 7 days, but MySQL flexible servers encrypt with its keys and take a key only from a vault that keeps them 90 (recovery level Recoverable)",
        );
        expect(recorder.requests).toEqual([]);
        // The storage account alone asks nothing of the vault's retention.
        const { recorder: alone } = await setAzureMocks({ resourceGroups: [{ name: "rg-security", location: "westeurope" }], vaults: [legacy], keys, stack: "legacy" });
        await program(parseStackConfig({ ...config, mysqlServers: [] }));
        await settle();
        expect(alone.refused).toEqual([]);
        expect(alone.ofType("azure-native:storage:StorageAccount")).toHaveLength(1);
    });
});

describe("entries in a region of their own", () => {
    test("are made there, the rest in the stack's region, and Azure's mocks accept the disk encryption set beside its vault", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "regions" });
        await program(parseStackConfig({
            resourceGroupName: "rg-regions",
            location: "westeurope",
            vaults: [{ name: "kv-north", location: "northeurope", keys: [{ name: "disks" }] }, { name: "kv-west", keys: [{ name: "data" }] }],
            identities: [{ name: "id-north", location: "northeurope" }],
            diskEncryptionSets: [{ name: "des-north", key: "disks", identity: "id-north", location: "northeurope" }],
            storageAccounts: [{ name: "stwest", key: "data" }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const where = (type: string) => recorder.ofType(type).map((r) => [r.name, r.inputs.location]);
        expect(where("azure-native:keyvault:Vault")).toEqual([["kv-north-vault", "northeurope"], ["kv-west-vault", "westeurope"]]);
        expect(where("azure-native:compute:DiskEncryptionSet")).toEqual([["des-north-des", "northeurope"]]);
        expect(where("azure-native:managedidentity:UserAssignedIdentity").sort()).toEqual([["id-north-identity", "northeurope"], ["stwest-identity-identity", "westeurope"]]);
        expect(where("azure-native:storage:StorageAccount")).toEqual([["stwest-account", "westeurope"]]);
    });
});

describe("a stack that turns default providers off (pulumi:disable-default-providers)", () => {
    const subscription = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    afterEach(() => pulumi.runtime.setAllConfig({}));

    test("sends every resource and read through its own providers, in the subscription it names", async () => {
        const config = { ...readStackConfigFile("Pulumi.dev.yaml"), "pulumi:disable-default-providers": JSON.stringify(["*"]), "azure-native:subscriptionId": subscription };
        // The engine refuses anything left on a default provider, as it does for such a stack.
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "dev", disabledDefaultProviders: ["*"] });
        pulumi.runtime.setAllConfig(config);
        const outputs = await program(parseStackConfig(rawConfig(config)));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const providers = recorder.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
        expect(providers.map((p) => [p.type, p.name]).sort()).toEqual([
            ["pulumi:providers:azure-native", "stack"], ["pulumi:providers:azuread", "stack"], ["pulumi:providers:random", "stack"], ["pulumi:providers:time", "stack"], ["pulumi:providers:tls", "stack"],
        ]);
        const custom = recorder.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        expect(custom.length).toBe(43);
        for (const r of custom) expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: providers.find((p) => p.type === `pulumi:providers:${r.type.split(":")[0]}`)?.urn });
        expect(await valueOf(outputs.vaults["kv-cmk"].id)).toMatch(new RegExp(`^/subscriptions/${subscription}/`));
    });

    test("reads an existing vault and identity through its own provider too", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } }],
            keys: [{ vaultName: "kv-platform-central", name: "byok", kty: "RSA-HSM", keySize: 3072 }],
            identities: [{ name: "id-platform", resourceGroupName: "rg-security" }],
            stack: "central",
            disabledDefaultProviders: ["*"],
        });
        pulumi.runtime.setAllConfig({ "pulumi:disable-default-providers": JSON.stringify(["*"]), "azure-native:subscriptionId": mockAzureDefaults.subscriptionId });
        await program(parseStackConfig({
            resourceGroupName: "rg-app",
            location: "westeurope",
            vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "byok", existing: true }, { name: "app-cmk" }] }],
            identities: [{ name: "platform", existing: true, identityName: "id-platform", resourceGroupName: "rg-security" }],
            storageAccounts: [{ name: "stapp", key: "byok", identity: "platform" }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(recorder.calls.map((c) => c.token)).toEqual(expect.arrayContaining(["azure-native:keyvault:getVault", "azure-native:keyvault:getKey", "azure-native:managedidentity:getUserAssignedIdentity"]));
        const [stackProvider] = recorder.ofType("pulumi:providers:azure-native");
        expect(recorder.find("azure-native:keyvault:Key", "app-cmk-key").provider).toBe(stackProvider.urn);
    });

    test("that names no subscription is refused before anything is registered, naming azure-native:subscriptionId", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "minimal", disabledDefaultProviders: ["azure-native"] });
        const config = { ...readStackConfigFile("Pulumi.minimal.yaml"), "pulumi:disable-default-providers": JSON.stringify(["azure-native"]) };
        pulumi.runtime.setAllConfig(config);
        await expect(program(parseStackConfig(rawConfig(config)))).rejects.toThrow(
            "azure-native:subscriptionId: is required when pulumi:disable-default-providers turns azure-native's default provider off: the stack's own provider deploys to the subscription named here, never to whichever one the environment points at",
        );
        expect(recorder.requests).toEqual([]);
        // Turning off only some packages' defaults gives only those a provider of the stack's.
        pulumi.runtime.setAllConfig({ ...config, "pulumi:disable-default-providers": JSON.stringify(["random"]) });
        const { recorder: second } = await setAzureMocks({ resourceGroups: [], stack: "minimal", disabledDefaultProviders: ["random"] });
        await program(parseStackConfig(rawConfig(config)));
        await settle();
        expect(second.refused).toEqual([]);
        expect(second.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((p) => p.type)).toEqual(["pulumi:providers:random"]);
    });
});

describe("a vault and identity in the platform team's subscription", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const config = ({ subscriptionId }: { subscriptionId?: string } = { subscriptionId: platform }) => ({
        resourceGroupName: "rg-payments",
        location: "westeurope",
        vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", subscriptionId, keys: [{ name: "payments-byok", existing: true }, { name: "payments-export", purpose: "applicationCrypto" }] }],
        identities: [{ name: "platform-cmk", existing: true, identityName: "id-platform-cmk", resourceGroupName: "rg-security", subscriptionId }],
        storageAccounts: [{ name: "stpayments", key: "payments-byok", identity: "platform-cmk" }],
        applications: [{ name: "export-vendor", clientSecrets: [{ name: "primary" }], access: [{ key: "payments-export", permissions: "applicationCrypto" }], secretsExportConfiguration: { vault: "central" } }],
    });
    // The platform's resources are in its subscription alone: the stack's has no rg-security.
    const platformAzure = () => setAzureMocks({
        resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
        vaults: [{ subscriptionId: platform, name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } }],
        keys: [{ vaultName: "kv-platform-central", name: "payments-byok", kty: "RSA-HSM", keySize: 3072 }],
        identities: [{ name: "id-platform-cmk", resourceGroupName: "rg-security", subscriptionId: platform }],
        stack: "central",
    });

    test("a PostgreSQL server on a key in that subscription is refused, naming both subscriptions, before anything is registered", async () => {
        const { recorder } = await platformAzure();
        let armSubscription: string | undefined;
        pulumi.runtime.setAllConfig({ "azure-native:subscriptionId": mockAzureDefaults.subscriptionId });
        try {
            const withServer = { ...config(), postgresqlServers: [{ name: "pg-payments", key: "payments-byok", identity: "platform-cmk", administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }] };
            await expect(program(parseStackConfig(withServer))).rejects.toThrow(
                `azure-byok:postgresqlServers[0].key: "payments-byok" is a key of vault central in subscription ${platform}, but the server goes in the stack's, ${mockAzureDefaults.subscriptionId}; PostgreSQL takes its data encryption key only from a key store in the server's own subscription`,
            );
            expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
            // The subscription azure-native reads from the environment counts as well.
            pulumi.runtime.setAllConfig({});
            armSubscription = process.env.ARM_SUBSCRIPTION_ID;
            process.env.ARM_SUBSCRIPTION_ID = mockAzureDefaults.subscriptionId;
            // Another deploy: the engine gives its URNs out afresh.
            recorder.clear();
            await expect(program(parseStackConfig(withServer))).rejects.toThrow(`in subscription ${platform}, but the server goes in the stack's, ${mockAzureDefaults.subscriptionId}`);
        } finally {
            if (armSubscription === undefined) delete process.env.ARM_SUBSCRIPTION_ID;
            else process.env.ARM_SUBSCRIPTION_ID = armSubscription;
            pulumi.runtime.setAllConfig({});
        }
    });

    test("reads them, and makes keys and secrets in the vault, through one provider for that subscription", async () => {
        const { recorder } = await platformAzure();
        const outputs = await program(parseStackConfig(config()));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const providers = recorder.ofType("pulumi:providers:azure-native");
        expect(providers.map((p) => [p.name, p.inputs.subscriptionId])).toEqual([[`subscription-${platform}`, platform]]);
        // Made in the vault: through the provider. Scope-addressed grants and the stack's own resources: the default provider.
        const throughProvider = recorder.resources.filter((r) => r.provider === providers[0].urn).map((r) => r.type).sort();
        expect(throughProvider).toEqual(["azure-native:keyvault:Key", "azure-native:keyvault:Secret"]);
        const inPlatform = `/subscriptions/${platform}/resourceGroups/rg-security/providers/`;
        expect(await valueOf(outputs.vaults.central.id)).toBe(`${inPlatform}Microsoft.KeyVault/vaults/kv-platform-central`);
        expect(await valueOf(outputs.keys["payments-export"].id)).toBe(`${inPlatform}Microsoft.KeyVault/vaults/kv-platform-central/keys/payments-export`);
        // Microsoft.ManagedIdentity answers its ids with `resourcegroups` in lower case.
        expect(await valueOf(outputs.identities["platform-cmk"].id)).toBe(`${inPlatform.replace("/resourceGroups/", "/resourcegroups/")}Microsoft.ManagedIdentity/userAssignedIdentities/id-platform-cmk`);
        // Each grant is on a key in the platform's subscription, with that subscription's role definition.
        const grants = recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => String(r.inputs.scope).includes("/keys/"));
        expect(grants.length).toBe(2);
        for (const g of grants) {
            expect(String(g.inputs.scope).startsWith(inPlatform)).toBe(true);
            expect(String(g.inputs.roleDefinitionId)).toMatch(new RegExp(`^/subscriptions/${platform}/providers/Microsoft\\.Authorization/roleDefinitions/`));
        }
        const account = recorder.find("azure-native:storage:StorageAccount", "stpayments-account");
        expect(account.provider).toBeUndefined();
        expect(String(account.id)).toMatch(new RegExp(`^/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-payments/`));
        expect((account.inputs.identity as { userAssignedIdentities: string[] }).userAssignedIdentities).toEqual([await valueOf(outputs.identities["platform-cmk"].id)]);
        // The key waits for the provider it is made through.
        const waves = deployWaves(recorder.resources);
        const waveOf = (urn: string) => waves.findIndex((w) => w.includes(urn));
        expect(waveOf(recorder.find("azure-native:keyvault:Key", "payments-export-key").urn)).toBeGreaterThan(waveOf(providers[0].urn));
    });

    test("an access-policy vault there gets the stack's access policies through that provider", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
            vaults: [{ subscriptionId: platform, name: "kv-platform-legacy", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false }],
            stack: "central",
        });
        await program(parseStackConfig({
            resourceGroupName: "rg-payments",
            location: "westeurope",
            vaults: [{ name: "legacy", existing: true, vaultName: "kv-platform-legacy", resourceGroupName: "rg-security", subscriptionId: platform, enableRbacAuthorization: false, keys: [{ name: "payments-cmk" }] }],
            storageAccounts: [{ name: "stpayments", key: "payments-cmk" }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const [provider] = recorder.ofType("pulumi:providers:azure-native");
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "stpayments-key-access-access-policy");
        expect(policy.provider).toBe(provider.urn);
        expect(String(policy.id)).toContain(`/subscriptions/${platform}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-platform-legacy/`);
    });

    test("a vault in another region than the stack's disk encryption sets is refused before anything is registered", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "northeurope", subscriptionId: platform }],
            vaults: [{ subscriptionId: platform, name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
            stack: "central",
        });
        const withDisks = (location: string) => parseStackConfig({
            resourceGroupName: "rg-payments",
            location,
            vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", subscriptionId: platform, keys: [{ name: "disks-cmk" }] }],
            diskEncryptionSets: [{ name: "des-payments", key: "disks-cmk" }],
        });
        await expect(program(withDisks("westeurope"))).rejects.toThrow(
            "azure-byok:vaults[0]: vault kv-platform-central in Azure is in northeurope, but disk encryption sets in westeurope encrypt with its keys; a disk encryption set takes keys only from a vault in its own region (KeyVaultAndDiskInDifferentRegions): use a vault in westeurope",
        );
        expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
        // Each program run below is another deploy: the engine gives its URNs out afresh.
        recorder.clear();
        // A PostgreSQL server on the same vault is held to the same region, and both are named.
        const withServer = parseStackConfig({
            resourceGroupName: "rg-payments",
            location: "westeurope",
            vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", subscriptionId: platform, keys: [{ name: "disks-cmk" }] }],
            diskEncryptionSets: [{ name: "des-payments", key: "disks-cmk" }],
            postgresqlServers: [{ name: "pg-payments", key: "disks-cmk", administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        });
        await expect(program(withServer)).rejects.toThrow(
            "azure-byok:vaults[0]: vault kv-platform-central in Azure is in northeurope, but disk encryption sets and PostgreSQL servers in westeurope encrypt with its keys;" +
                " a disk encryption set takes keys only from a vault in its own region (KeyVaultAndDiskInDifferentRegions); a PostgreSQL flexible server takes its data encryption key only from a key store in its own region: use a vault in westeurope",
        );
        expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
        // In the vault's region the set is made.
        recorder.clear();
        await program(withDisks("northeurope"));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(recorder.ofType("azure-native:compute:DiskEncryptionSet").map((d) => d.inputs.location)).toEqual(["northeurope"]);
        // Or the set alone goes to the vault's region, the stack staying where it is.
        const { recorder: third } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "northeurope", subscriptionId: platform }],
            vaults: [{ subscriptionId: platform, name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
            stack: "central",
        });
        const setInVaultRegion = parseStackConfig({ ...withDisks("westeurope"), diskEncryptionSets: [{ name: "des-payments", key: "disks-cmk", location: "northeurope" }] });
        await program(setInVaultRegion);
        await settle();
        expect(third.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(third.ofType("azure-native:compute:DiskEncryptionSet").map((d) => d.inputs.location)).toEqual(["northeurope"]);
    });

    test("is not found in the stack's own subscription: an entry without its subscriptionId is refused, naming it", async () => {
        const { recorder } = await platformAzure();
        await expect(program(parseStackConfig(config({})))).rejects.toThrow([
            "The stack config has 2 problems:",
            "  - azure-byok:identities[0]: could not be read from Azure (identity id-platform-cmk in resource group rg-security): 404 ResourceGroupNotFound: Resource group 'rg-security' could not be found.",
            "  - azure-byok:vaults[0]: could not be read from Azure (vault kv-platform-central in resource group rg-security): 404 ResourceGroupNotFound: Resource group 'rg-security' could not be found.",
        ].join("\n"));
        expect(recorder.requests).toEqual([]);
    });
});

describe("a vault or identity in another Entra tenant than the stack's (a Lighthouse-delegated subscription)", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const otherTenant = "9b2c4d6e-8f01-4a23-b456-789abcdef012";
    // ARM answers a GET there with the resource's own tenant.
    const delegatedAzure = ({ vaultTenant, identityTenant }: { vaultTenant?: string; identityTenant?: string }) => setAzureMocks({
        resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
        vaults: [{ subscriptionId: platform, tenantId: vaultTenant, name: "kv-customer", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        keys: [{ vaultName: "kv-customer", name: "customer-byok", kty: "RSA-HSM", keySize: 3072 }],
        identities: [{ name: "id-customer", resourceGroupName: "rg-security", subscriptionId: platform, tenantId: identityTenant }],
        stack: "cross-tenant",
    });
    const vaultStack = () => parseStackConfig({
        resourceGroupName: "rg-payments",
        location: "westeurope",
        vaults: [{ name: "customer", existing: true, vaultName: "kv-customer", resourceGroupName: "rg-security", subscriptionId: platform, keys: [{ name: "customer-byok", existing: true }] }],
        storageAccounts: [{ name: "stpayments", key: "customer-byok" }],
    });
    const identityStack = () => parseStackConfig({
        resourceGroupName: "rg-payments",
        location: "westeurope",
        vaults: [{ name: "kv-payments", keys: [{ name: "payments-cmk" }] }],
        identities: [{ name: "customer-cmk", existing: true, identityName: "id-customer", resourceGroupName: "rg-security", subscriptionId: platform }],
        storageAccounts: [{ name: "stpayments", key: "payments-cmk", identity: "customer-cmk" }],
    });
    const vaultRefusal = (stackTenant: string) => `azure-byok:vaults[0]: vault kv-customer in Azure is in Entra tenant ${otherTenant}, but the stack's identities and applications are in tenant ${stackTenant};`;
    afterEach(() => pulumi.runtime.setAllConfig({}));

    test("a vault there is refused, naming its entry, before anything but its subscription's provider is registered", async () => {
        const { recorder } = await delegatedAzure({ vaultTenant: otherTenant });
        await expect(program(vaultStack())).rejects.toThrow(vaultRefusal(mockAzureDefaults.tenantId));
        expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
        // The stack's tenant is the one its provider signs in to.
        expect(recorder.calls.map((c) => c.token)).toContain("azure-native:authorization:getClientConfig");
    });

    test("an identity there is refused, naming its entry, before anything but its subscription's provider is registered", async () => {
        const { recorder } = await delegatedAzure({ identityTenant: otherTenant });
        await expect(program(identityStack())).rejects.toThrow(
            `azure-byok:identities[0]: identity id-customer in Azure is in Entra tenant ${otherTenant}, but the stack's services and vaults are in tenant ${mockAzureDefaults.tenantId};`,
        );
        expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    });

    test("the stack's tenant is azure-native:tenantId when the config gives it, and Azure is not asked for it", async () => {
        // The vault is in the tenant the provider would report; the config names another, which the stack deploys to.
        const { recorder } = await delegatedAzure({});
        pulumi.runtime.setAllConfig({ "azure-native:tenantId": otherTenant });
        await expect(program(vaultStack())).rejects.toThrow(`azure-byok:vaults[0]: vault kv-customer in Azure is in Entra tenant ${mockAzureDefaults.tenantId}, but the stack's identities and applications are in tenant ${otherTenant};`);
        expect(recorder.calls.map((c) => c.token)).not.toContain("azure-native:authorization:getClientConfig");
    });

    test("the stack's tenant is ARM_TENANT_ID when azure-native:tenantId is absent, as the config's tenant check reads it", async () => {
        const { recorder } = await delegatedAzure({});
        const armTenant = process.env.ARM_TENANT_ID;
        process.env.ARM_TENANT_ID = otherTenant;
        try {
            expect(configuredTenantId(pulumi.runtime.allConfig(), "azure-native")).toBe(otherTenant);
            await expect(program(vaultStack())).rejects.toThrow(`azure-byok:vaults[0]: vault kv-customer in Azure is in Entra tenant ${mockAzureDefaults.tenantId}, but the stack's identities and applications are in tenant ${otherTenant};`);
        } finally {
            if (armTenant === undefined) delete process.env.ARM_TENANT_ID;
            else process.env.ARM_TENANT_ID = armTenant;
        }
        expect(recorder.calls.map((c) => c.token)).not.toContain("azure-native:authorization:getClientConfig");
    });

    test("a tenant Azure cannot tell is refused naming azure-native:tenantId, before anything is registered", async () => {
        const { recorder, mocks } = await delegatedAzure({});
        const call = mocks.call.bind(mocks);
        mocks.call = (args) => {
            if (args.token === "azure-native:authorization:getClientConfig") throw Object.assign(new Error("AADSTS700016: application not found"), { details: "AADSTS700016: application not found" });
            return call(args);
        };
        await expect(program(vaultStack())).rejects.toThrow(
            "azure-native:tenantId: could not be read from Azure (authorization.getClientConfig): AADSTS700016: application not found; existing vaults and identities are checked to be in the stack's tenant: set azure-native:tenantId to its id",
        );
        expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    });

    test.each([["a vault", vaultStack], ["an identity", identityStack]] as const)("%s in the stack's own tenant is used as before", async (_what, stack) => {
        const { recorder } = await delegatedAzure({});
        await program(stack());
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(recorder.ofType("azure-native:storage:StorageAccount")).toHaveLength(1);
    });
});

describe("a Cosmos DB account", () => {
    const config = (extra: Record<string, unknown> = {}) => ({
        resourceGroupName: "rg-orders",
        location: "northeurope",
        // Cosmos DB reaches its key only through the vault's public endpoint.
        vaults: [{ name: "kv-orders", publicNetworkAccess: "Enabled", keys: [{ name: "cmk-orders" }] }],
        cosmosDbAccounts: [{ name: "cosmos-orders", key: "cmk-orders" }],
        ...extra,
    });

    test("encrypts with its key's versionless URI as its own identity, granted that key alone before the account exists", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "cosmos" });
        const outputs = await program(parseStackConfig(config()));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const account = recorder.find("azure-native:cosmosdb:DatabaseAccount", "cosmos-orders-account");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "cosmos-orders-key-access-role-assignment");
        expect(account.inputs).toMatchObject({ keyVaultKeyUri: await valueOf(outputs.keys["cmk-orders"].keyUri), locations: [{ locationName: "northeurope", failoverPriority: 0 }], publicNetworkAccess: "Disabled", disableLocalAuth: true });
        expect(account.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(outputs.keys["cmk-orders"].id));
        const name = await valueOf(outputs.cosmosDbAccounts["cosmos-orders"].accountName);
        expect(await valueOf(outputs.cosmosDbAccounts["cosmos-orders"].documentEndpoint)).toBe(`https://${name}.documents.azure.com:443/`);
        expect(await valueOf(outputs.cosmosDbAccounts["cosmos-orders"].keyVaultKeyUri)).toBe(await valueOf(outputs.keys["cmk-orders"].keyUri));
    });

    test("is a CMK service whose vault firewall must let trusted services through, in the stack's vaults and in existing ones", async () => {
        expect(() => parseStackConfig(config({ vaults: [{ name: "kv-orders", networkRules: { bypass: "None" }, keys: [{ name: "cmk-orders" }] }] }))).toThrow(
            /azure-byok:vaults\[0\]\.networkRules\.bypass: is "None", but cosmosDbAccounts\[0\] \(cosmos-orders\) encrypts with key "cmk-orders" of this vault/,
        );
        const existing = config({ vaults: [{ name: "central", existing: true, vaultName: "kv-platform-central", resourceGroupName: "rg-security", keys: [{ name: "cmk-orders" }] }] });
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-platform-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [] } }],
            stack: "cosmos-existing",
        });
        await expect(program(parseStackConfig(existing))).rejects.toThrow(/azure-byok:vaults\[0\]: vault kv-platform-central in Azure lets no trusted Azure service through its firewall \(bypass None\)/);
        expect(recorder.requests).toEqual([]);
    });
});

describe("a vault's private endpoints", () => {
    const hub = "00000000-0000-4000-8000-000000000001";
    const subnet = `/subscriptions/${hub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/apps`;
    const zone = `/subscriptions/${hub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

    test("link the applications' subnet in the hub's subscription to the vault, made there through that subscription's provider, in the vault's private DNS zone", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-hub-endpoints", location: "westeurope", subscriptionId: hub }], stack: "private" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-private",
            location: "westeurope",
            vaults: [{ name: "kv-private", privateEndpoints: [{ subnetResourceId: subnet, resourceGroupName: "rg-hub-endpoints", privateDnsZoneResourceIds: [zone] }], keys: [{ name: "cmk-private" }] }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const endpoint = recorder.find("azure-native:network:PrivateEndpoint", "kv-private-private-endpoint");
        expect(endpoint.inputs).toMatchObject({ resourceGroupName: "rg-hub-endpoints", subnet: { id: subnet }, privateLinkServiceConnections: [{ privateLinkServiceId: await valueOf(outputs.vaults["kv-private"].id), groupIds: ["vault"] }] });
        const [provider] = recorder.ofType("pulumi:providers:azure-native").filter((p) => p.inputs.subscriptionId === hub);
        expect(endpoint.provider).toBe(provider.urn);
        const dns = recorder.find("azure-native:network:PrivateDnsZoneGroup", "kv-private-private-dns");
        expect(dns.inputs).toMatchObject({ resourceGroupName: "rg-hub-endpoints", privateDnsZoneConfigs: [{ privateDnsZoneId: zone }] });
        expect(dns.provider).toBe(provider.urn);
    });

    test("into another subscription's subnet without a group there is refused before anything is registered, naming the field", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "private-refused" });
        pulumi.runtime.setAllConfig({ "azure-native:subscriptionId": mockAzureDefaults.subscriptionId });
        try {
            await expect(program(parseStackConfig({
                resourceGroupName: "rg-private",
                location: "westeurope",
                vaults: [{ name: "kv-private", privateEndpoints: [{ subnetResourceId: subnet }], keys: [{ name: "cmk-private" }] }],
            }))).rejects.toThrow(`azure-byok:vaults[0].privateEndpoints[0].resourceGroupName: is required: the subnet is in subscription ${hub}, not the stack's (${mockAzureDefaults.subscriptionId}), and Azure places a private endpoint in its virtual network's subscription; name a resource group there for the endpoint`);
            expect(recorder.requests.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
            // With no subscription in config or environment (an az login's default), the provider's own answer says which it is.
            pulumi.runtime.setAllConfig({});
            await expect(program(parseStackConfig({
                resourceGroupName: "rg-private",
                location: "westeurope",
                vaults: [{ name: "kv-private", privateEndpoints: [{ subnetResourceId: subnet }], keys: [{ name: "cmk-private" }] }],
            }))).rejects.toThrow(`is required: the subnet is in subscription ${hub}, not the stack's (${mockAzureDefaults.subscriptionId})`);
            expect(recorder.calls.map((c) => c.token)).toContain("azure-native:authorization:getClientConfig");
        } finally {
            pulumi.runtime.setAllConfig({});
        }
    });
});

describe("a vault's diagnostic settings edited after deploy", () => {
    type Diagnostics = { vaults: { name: string; diagnostics?: Record<string, unknown>[] }[] };
    const law = (n: string) => `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/${n}`;
    /** The dev stack with kv-cmk's audit logs (or these `logs`) sent to each of these workspaces, by a setting named after it or by none. */
    const dev = (workspaces: string[], named: boolean, logs?: Record<string, string>[]) => {
        const settings = rootSettings("Pulumi.dev.yaml") as ReturnType<typeof rootSettings> & Diagnostics;
        const vault = settings.vaults.find((v) => v.name === "kv-cmk");
        if (vault === undefined) throw new Error("Pulumi.dev.yaml has no kv-cmk vault");
        vault.diagnostics = workspaces.map((w) => ({ ...(named ? { name: `to-${w}` } : {}), workspaceResourceId: law(w), ...(logs ? { logCategoriesAndGroups: logs } : {}) }));
        return settings;
    };
    /** Each diagnostic setting's inputs (its Azure name and vault among them) by its URN's name. */
    const diagnostics = async (settings: Record<string, unknown>) => Object.fromEntries((await planSettings("dev", settings)).filter((r) => r.type === "azure-native:monitor:DiagnosticSetting").map((r) => [r.urn.split("::").pop(), reveal(r.inputs)]));

    test.each([["named", true], ["unnamed", false]] as const)("%s: removing the first, reordering or adding one first leaves every other setting's URN and inputs, its Azure name among them, as they were", async (_kind, named) => {
        const before = await diagnostics(dev(["law-security", "law-soc", "law-siem"], named));
        const security = Object.keys(before).find((urn) => (before[urn] as { workspaceId: string }).workspaceId === law("law-security"));
        expect(Object.keys(before)).toHaveLength(3);
        expect(await diagnostics(dev(["law-soc", "law-siem"], named))).toEqual(Object.fromEntries(Object.entries(before).filter(([urn]) => urn !== security)));
        expect(await diagnostics(dev(["law-siem", "law-security", "law-soc"], named))).toEqual(before);
        const prepended = await diagnostics(dev(["law-new", "law-security", "law-soc", "law-siem"], named));
        expect(Object.fromEntries(Object.entries(prepended).filter(([urn]) => urn in before))).toEqual(before);
        expect(Object.keys(prepended)).toHaveLength(4);
    });

    test("sends the audit and allLogs category groups a config names, as CIS Azure and Prowler's keyvault_logging_enabled ask", async () => {
        const settings = dev(["law-security"], true, [{ categoryGroup: "audit" }, { categoryGroup: "allLogs" }]);
        expect(Object.values(await diagnostics(settings)).map((inputs) => (inputs as { logs: unknown }).logs)).toEqual([
            [{ categoryGroup: "audit", enabled: true }, { categoryGroup: "allLogs", enabled: true }],
        ]);
    });

    test("sends AllMetrics beside the logs when a config's metricCategories asks, and no metrics otherwise", async () => {
        const settings = dev(["law-security", "law-soc"], true);
        const entries = settings.vaults.find((v) => v.name === "kv-cmk")?.diagnostics ?? [];
        entries[0].metricCategories = [{ category: "AllMetrics" }];
        const sent = Object.values(await diagnostics(settings)) as { name: string; metrics?: unknown }[];
        expect(Object.fromEntries(sent.map((inputs) => [inputs.name, inputs.metrics]))).toEqual({ "to-law-security": [{ category: "AllMetrics", enabled: true }], "to-law-soc": undefined });
    });
});

describe("a PostgreSQL flexible server", () => {
    test("encrypts with its key's versionless URI as its own identity, granted that key alone before the server exists, Entra-only", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "pg" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-pg", keys: [{ name: "cmk-pg" }] }],
            postgresqlServers: [{ name: "pg-orders", key: "cmk-pg", administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const server = recorder.find("azure-native:dbforpostgresql:Server", "pg-orders-server");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "pg-orders-key-access-role-assignment");
        expect(server.inputs).toMatchObject({ dataEncryption: { primaryKeyURI: await valueOf(outputs.keys["cmk-pg"].keyUri) }, authConfig: { passwordAuth: "Disabled" }, network: { publicNetworkAccess: "Disabled" } });
        expect(server.dependencies).toContain(grant.urn);
        const name = await valueOf(outputs.postgresqlServers["pg-orders"].serverName);
        expect(await valueOf(outputs.postgresqlServers["pg-orders"].fullyQualifiedDomainName)).toBe(`${name}.postgres.database.azure.com`);
    });
});

describe("an AKS cluster", () => {
    test("encrypts etcd's secrets with its KMS key's current version over a private link and its nodes' disks with the stack's disk encryption set, as its own identity granted all it needs before the cluster exists", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "aks" });
        const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-platform",
            location: "westeurope",
            vaults: [{ name: "kv-aks", keys: [{ name: "aks-kms", purpose: "applicationCrypto" }, { name: "aks-disks" }] }],
            diskEncryptionSets: [{ name: "des-aks", key: "aks-disks" }],
            kubernetesClusters: [{ name: "aks-platform", key: "aks-kms", diskEncryptionSet: "des-aks", nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"] }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const cluster = recorder.find("azure-native:containerservice:ManagedCluster", "aks-platform-cluster");
        expect(cluster.inputs).toMatchObject({
            diskEncryptionSetID: await valueOf(outputs.diskEncryptionSets["des-aks"].id),
            securityProfile: { azureKeyVaultKms: { enabled: true, keyId: await valueOf(outputs.keys["aks-kms"].keyUriWithVersion), keyVaultNetworkAccess: "Private", keyVaultResourceId: await valueOf(outputs.vaults["kv-aks"].id) } },
        });
        expect(cluster.dependencies).toContain(recorder.find("azure-native:authorization:RoleAssignment", "aks-platform-kms-private-link").urn);
        // Written nowhere, the Standard tier: without a sku AKS would run the Free tier, "only recommended for testing".
        expect(cluster.inputs.sku).toEqual({ name: "Base", tier: "Standard" });
        expect(await valueOf(outputs.kubernetesClusters["aks-platform"].keyId)).toBe(await valueOf(outputs.keys["aks-kms"].keyUriWithVersion));
        expect(await valueOf(outputs.kubernetesClusters["aks-platform"].apiServerFqdn)).toMatch(/\.privatelink\.westeurope\.azmk8s\.io$/);
        // Unpinned, KMS moves to each new version at the next pulumi up --refresh: verify holds it to the vault's current one.
        expect(outputs.kubernetesClusters["aks-platform"].followsKeyRotation).toBe(true);
        const scanned = scanStackOutputs(await stackOutputJson(outputs));
        expect(scanned.aksKmsKeyIds).toEqual([await valueOf(outputs.kubernetesClusters["aks-platform"].keyId)]);
    });

    test("keeps the Free tier and a system pool without zones when the entry writes them, as a cluster deployed before this version was made", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "aks-free" });
        const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
        await program(parseStackConfig({
            resourceGroupName: "rg-platform",
            location: "westeurope",
            vaults: [{ name: "kv-aks", keys: [{ name: "aks-kms", purpose: "applicationCrypto" }, { name: "aks-disks" }] }],
            diskEncryptionSets: [{ name: "des-aks", key: "aks-disks" }],
            kubernetesClusters: [{ name: "aks-platform", key: "aks-kms", skuTier: "Free", systemNodePool: { availabilityZones: [] }, diskEncryptionSet: "des-aks", nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"] }],
        }));
        await settle();
        const cluster = recorder.find("azure-native:containerservice:ManagedCluster", "aks-platform-cluster");
        expect(cluster.inputs.sku).toEqual({ name: "Base", tier: "Free" });
        expect(cluster.inputs.agentPoolProfiles).toEqual([expect.not.objectContaining({ availabilityZones: expect.anything() })]);
    });

    test("pinned with keyVersion, keeps that version and says it does not follow rotation, so verify checks its expiry alone", async () => {
        const pin = "0123456789abcdef0123456789abcdef";
        await setAzureMocks({ resourceGroups: [], stack: "aks-pinned", pinnedVersions: [{ keyName: "aks-kms", version: pin }] });
        const subnets = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-platform",
            location: "westeurope",
            vaults: [{ name: "kv-aks", keys: [{ name: "aks-kms", purpose: "applicationCrypto" }, { name: "aks-disks" }] }],
            diskEncryptionSets: [{ name: "des-aks", key: "aks-disks" }],
            kubernetesClusters: [{ name: "aks-platform", key: "aks-kms", keyVersion: pin, diskEncryptionSet: "des-aks", nodeSubnetId: `${subnets}/aks-nodes`, apiServerSubnetId: `${subnets}/aks-apiserver`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"] }],
        }));
        await settle();
        expect(outputs.kubernetesClusters["aks-platform"].followsKeyRotation).toBe(false);
        const keyId = await valueOf(outputs.kubernetesClusters["aks-platform"].keyId);
        expect(keyId).toBe(`${await valueOf(outputs.keys["aks-kms"].keyUri)}/${pin}`);
        const scanned = scanStackOutputs(await stackOutputJson(outputs));
        expect(scanned.keyIds).toContain(keyId);
        expect(scanned.aksKmsKeyIds).toEqual([]);
    });
});

describe("a SQL server", () => {
    test("encrypts its databases with its key's current version as its own identity, granted that key alone before the server exists, then follows rotation", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-orders", keys: [{ name: "tde-orders" }] }],
            sqlServers: [{ name: "sql-orders", key: "tde-orders", administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const server = recorder.find("azure-native:sql:Server", "sql-orders-server");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "sql-orders-key-access-role-assignment");
        const versioned = await valueOf(outputs.keys["tde-orders"].keyUriWithVersion);
        expect(server.inputs).toMatchObject({ keyId: versioned, publicNetworkAccess: "Disabled", administrators: { azureADOnlyAuthentication: true, login: "sql-admins", principalType: "Group" } });
        expect(server.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(outputs.keys["tde-orders"].id));
        expect(recorder.find("azure-native:sql:EncryptionProtector", "sql-orders-encryption-protector").inputs).toMatchObject({ autoRotationEnabled: true, serverKeyType: "AzureKeyVault" });
        const name = await valueOf(outputs.sqlServers["sql-orders"].serverName);
        expect(await valueOf(outputs.sqlServers["sql-orders"].fullyQualifiedDomainName)).toBe(`${name}.database.windows.net`);
        expect(await valueOf(outputs.sqlServers["sql-orders"].keyId)).toBe(versioned);
    });

    test("holds its additionalKeys at their current versions, each granted to its identity, before its protector is set", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql-keys" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-orders", keys: [{ name: "tde-orders" }] }, { name: "kv-orders-ne", location: "northeurope", keys: [{ name: "tde-orders-ne" }] }],
            sqlServers: [{ name: "sql-orders", key: "tde-orders", additionalKeys: ["tde-orders-ne"], administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const versioned = await valueOf(outputs.keys["tde-orders-ne"].keyUriWithVersion);
        const serverKey = recorder.find("azure-native:sql:ServerKey", "sql-orders-additional-key-tde-orders-ne");
        expect(serverKey.inputs).toMatchObject({ serverKeyType: "AzureKeyVault", uri: versioned, serverName: await valueOf(outputs.sqlServers["sql-orders"].serverName) });
        expect(recorder.find("azure-native:authorization:RoleAssignment", "sql-orders-additional-key-tde-orders-ne-access-role-assignment").inputs.scope).toBe(await valueOf(outputs.keys["tde-orders-ne"].id));
        expect(recorder.find("azure-native:sql:EncryptionProtector", "sql-orders-encryption-protector").dependencies).toContain(serverKey.urn);
    });

    test("as a geo-secondary holds its primary's key beside its own, and the primary's protector waits for it; no database or failover group is made", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql-geo" });
        const admin = { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-we", keys: [{ name: "tde-we" }] }, { name: "kv-ne", location: "northeurope", keys: [{ name: "tde-ne" }] }],
            sqlServers: [
                { name: "sql-we", key: "tde-we", administrator: admin },
                { name: "sql-ne", location: "northeurope", key: "tde-ne", geoSecondaryOf: "sql-we", administrator: admin },
                // Both servers on one key: the secondary holds it as its protector already.
                { name: "sql-we2", key: "tde-we", geoSecondaryOf: "sql-we", administrator: admin },
            ],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const held = recorder.find("azure-native:sql:ServerKey", "sql-ne-additional-key-tde-we");
        expect(held.inputs).toMatchObject({ serverName: await valueOf(outputs.sqlServers["sql-ne"].serverName), uri: await valueOf(outputs.keys["tde-we"].keyUriWithVersion) });
        expect(recorder.resources.filter((r) => r.type === "azure-native:sql:ServerKey").map((r) => r.name)).toEqual(["sql-ne-additional-key-tde-we"]);
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "sql-ne-additional-key-tde-we-access-role-assignment");
        expect(grant.inputs.scope).toBe(await valueOf(outputs.keys["tde-we"].id));
        const protector = recorder.find("azure-native:sql:EncryptionProtector", "sql-we-encryption-protector");
        expect(protector.dependencies).toEqual(expect.arrayContaining([held.urn, recorder.find("azure-native:sql:EncryptionProtector", "sql-ne-encryption-protector").urn, recorder.find("azure-native:sql:EncryptionProtector", "sql-we2-encryption-protector").urn]));
        expect(recorder.resources.filter((r) => /sql:(Database|FailoverGroup|ReplicationLink)/.test(r.type))).toEqual([]);
        // The outputs keep the config's order.
        expect(Object.keys(outputs.sqlServers)).toEqual(["sql-we", "sql-ne", "sql-we2"]);
    });

    test("names an additional key's resources after the key as its vault entry declares it, whatever the reference's case, digits alone too", async () => {
        const plan = async (additionalKeys: string[]) => {
            const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql-names" });
            await program(parseStackConfig({
                resourceGroupName: "rg-orders",
                location: "westeurope",
                vaults: [{ name: "kv-orders", keys: [{ name: "tde-a" }, { name: "tde-b" }, { name: "2024" }] }],
                sqlServers: [{ name: "sql-orders", key: "tde-a", additionalKeys, administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
            }));
            await settle();
            expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
            return recorder.resources.filter((r) => r.type === "azure-native:sql:ServerKey").map((r) => r.name);
        };
        expect(await plan(["TDE-B", "2024"])).toEqual(["sql-orders-additional-key-tde-b", "sql-orders-additional-key-2024"]);
    });

    test("sharing an identity, keeps that identity's grant on its key in Azure, whichever service makes it, as its own grant is kept", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql-shared" });
        await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-orders", keys: [{ name: "tde-b" }, { name: "cmk-acr" }] }, { name: "kv-ap", enableRbacAuthorization: false, keys: [{ name: "tde-ap" }] }],
            identities: [{ name: "id-sql" }],
            registries: [{ name: "acrshared", key: "tde-b", identity: "id-sql" }, { name: "acrother", key: "cmk-acr", identity: "id-sql" }],
            sqlServers: [
                { name: "sql-two", key: "tde-b", identity: "id-sql", administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } },
                { name: "sql-ap", key: "tde-ap", identity: "id-sql", administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } },
            ],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(recorder.find("azure-native:authorization:RoleAssignment", "id-sql-on-tde-b-role-assignment").retainOnDelete).toBe(true);
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "id-sql-on-vault-kv-ap-access-policy").retainOnDelete).toBe(true);
        // A grant no SQL server uses goes with its services.
        expect(recorder.find("azure-native:authorization:RoleAssignment", "id-sql-on-cmk-acr-role-assignment").retainOnDelete).toBe(false);
    });

    test("as a geo-secondary holds its primary's key at the version the primary pins, also beside its own protector on that key at another pin", async () => {
        const [pinWe, pinNe, other] = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "11111111111111111111111111111111"];
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "sql-geo-pinned", pinnedVersions: [{ keyName: "tde-we", version: pinWe }, { keyName: "tde-we", version: other }, { keyName: "tde-ne", version: pinNe }] });
        const admin = { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-orders",
            location: "westeurope",
            vaults: [{ name: "kv-we", keys: [{ name: "tde-we" }] }, { name: "kv-ne", location: "northeurope", keys: [{ name: "tde-ne" }] }],
            sqlServers: [
                { name: "sql-we", key: "tde-we", keyVersion: pinWe, administrator: admin },
                { name: "sql-ne", location: "northeurope", key: "tde-ne", keyVersion: pinNe, geoSecondaryOf: "sql-we", administrator: admin },
                { name: "sql-we2", key: "tde-we", keyVersion: other, geoSecondaryOf: "sql-we", administrator: admin },
                // On the primary's key at the primary's version: held as its protector already.
                { name: "sql-we3", key: "tde-we", keyVersion: pinWe, geoSecondaryOf: "sql-we", administrator: admin },
            ],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const primaryProtector = `${await valueOf(outputs.keys["tde-we"].keyUri)}/${pinWe}`;
        expect(await valueOf(outputs.sqlServers["sql-we"].keyId)).toBe(primaryProtector);
        const serverKeys = recorder.resources.filter((r) => r.type === "azure-native:sql:ServerKey");
        expect(serverKeys.map((r) => [r.name, r.inputs.uri, r.ignoreChanges])).toEqual([
            ["sql-ne-additional-key-tde-we", primaryProtector, []],
            ["sql-we2-additional-key-tde-we", primaryProtector, []],
        ]);
        // The protector's grant on that key serves its other version.
        expect(recorder.resources.filter((r) => r.name.startsWith("sql-we2-") && r.type === "azure-byok:keyvault:KeyAccess").map((r) => r.name)).toEqual(["sql-we2-key-access"]);
    });
});

describe("Event Hubs and Service Bus namespaces", () => {
    test("are Premium namespaces wrapping with their key through their own identity, after the grant, with their endpoints in the outputs", async () => {
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "events" });
        const outputs = await program(parseStackConfig({
            resourceGroupName: "rg-events",
            location: "westeurope",
            vaults: [{ name: "kv-events", keys: [{ name: "cmk-events" }] }],
            eventHubNamespaces: [{ name: "evh-telemetry", key: "cmk-events", capacity: 2 }],
            serviceBusNamespaces: [{ name: "sb-orders", key: "cmk-events" }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        const ns = recorder.find("azure-native:eventhub:Namespace", "evh-telemetry-namespace");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "evh-telemetry-key-access-role-assignment");
        expect(ns.inputs).toMatchObject({ sku: { name: "Premium", capacity: 2 }, encryption: { keyVaultProperties: [{ keyVaultUri: await valueOf(outputs.vaults["kv-events"].vaultUri), keyName: "cmk-events" }] } });
        expect(ns.dependencies).toContain(grant.urn);
        const name = await valueOf(outputs.eventHubNamespaces["evh-telemetry"].namespaceName);
        expect(await valueOf(outputs.eventHubNamespaces["evh-telemetry"].serviceBusEndpoint)).toBe(`https://${name}.servicebus.windows.net:443/`);
        const sb = recorder.find("azure-native:servicebus:Namespace", "sb-orders-namespace");
        expect(sb.inputs).toMatchObject({ sku: { name: "Premium", capacity: 1 }, encryption: { keyVaultProperties: [{ keyName: "cmk-events" }] } });
        expect(sb.dependencies).toContain(recorder.find("azure-native:authorization:RoleAssignment", "sb-orders-key-access-role-assignment").urn);
        expect(await valueOf(outputs.serviceBusNamespaces["sb-orders"].serviceBusEndpoint)).toMatch(/^https:\/\/sb-orders-[a-z0-9]{6}\.servicebus\.windows\.net:443\/$/);
    });
});

describe("a stack's tags", () => {
    test("go on every Azure resource the stack makes that takes tags, and a tag Azure would refuse is refused naming its key", async () => {
        const tags = { costCenter: "CC-1234", environment: "dev" };
        const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "tagged" });
        await program(parseStackConfig({ ...rawConfig(readStackConfigFile("Pulumi.dev.yaml")), tags }));
        await settle();
        expect(recorder.refused).toEqual([]);
        const azure = recorder.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
        // Role assignments, locks and a storage account's blob service are not tracked resources: ARM takes no tags on them.
        const untagged = new Set(["azure-native:authorization:RoleAssignment", "azure-native:authorization:ManagementLockByScope", "azure-native:storage:BlobServiceProperties"]);
        expect(azure.filter((r) => !untagged.has(r.type)).map((r) => [r.name, r.inputs.tags])).toEqual(azure.filter((r) => !untagged.has(r.type)).map((r) => [r.name, tags]));
        expect(azure.filter((r) => untagged.has(r.type) && r.inputs.tags !== undefined)).toEqual([]);
        expect(new Set(azure.map((r) => r.type))).toContain("azure-native:resources:ResourceGroup");

        // An entry's own tags add to the stack's, and win for a name both give.
        const raw = rawConfig(readStackConfigFile("Pulumi.dev.yaml")) as { storageAccounts: Record<string, unknown>[]; vaults: { keys?: Record<string, unknown>[] }[] };
        // In any case: Azure tag names ignore it, so the entry's ENVIRONMENT replaces the stack's environment.
        raw.storageAccounts[0].tags = { dataClassification: "confidential", ENVIRONMENT: "dev-payments" };
        (raw.vaults[2].keys as Record<string, unknown>[])[1].tags = { rotationOwner: "payments" };
        const entries = await setAzureMocks({ resourceGroups: [], stack: "tagged-entries" });
        await program(parseStackConfig({ ...raw, tags }));
        await settle();
        expect(entries.recorder.find("azure-native:storage:StorageAccount", "stbyokdev-account").inputs.tags).toEqual({ costCenter: "CC-1234", ENVIRONMENT: "dev-payments", dataClassification: "confidential" });
        expect(entries.recorder.find("azure-native:managedidentity:UserAssignedIdentity", "stbyokdev-identity-identity").inputs.tags).toEqual({ costCenter: "CC-1234", ENVIRONMENT: "dev-payments", dataClassification: "confidential" });
        expect(entries.recorder.find("azure-native:keyvault:Key", "cmk-storage-key").inputs.tags).toEqual({ ...tags, rotationOwner: "payments" });
        expect(entries.recorder.find("azure-native:keyvault:Key", "cmk-registry-key").inputs.tags).toEqual(tags);
        raw.storageAccounts[0].tags = { "data/classification": "x", ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "x"])) };
        expect(() => parseStackConfig({ ...raw, tags })).toThrow(
            'azure-byok:storageAccounts[0].tags["data/classification"]: has a character Azure refuses in tag names: < > % & \\ ? /\n  - azure-byok:storageAccounts[0].tags: with the stack\'s tags gives the resource 52 tags; an Azure resource takes at most 50',
        );
        expect(() => parseStackConfig({ ...rawConfig(readStackConfigFile("Pulumi.dev.yaml")), tags: { owner: 7 } })).toThrow("  - azure-byok:tags.owner: must be a string: Azure tag values are text, so quote a number or boolean in the YAML (\"1234\")");
        expect(() => parseStackConfig({ ...rawConfig(readStackConfigFile("Pulumi.dev.yaml")), tags: { "cost/center": "x" } })).toThrow('  - azure-byok:tags["cost/center"]: has a character Azure refuses in tag names: < > % & \\ ? /');
        expect(() => parseStackConfig({ ...rawConfig(readStackConfigFile("Pulumi.dev.yaml")), tags: { ["n".repeat(130)]: "x" } })).toThrow(
            /azure-byok:tags\.n{130}: is 130 characters; a tag name is at most 128 on a storage account/,
        );
    });
});

describe("a storage account's encryption scopes edited after deploy", () => {
    type Scopes = { storageAccounts: { encryptionScopes: { name: string; key: string }[]; containers: unknown[] }[]; vaults: unknown[] };
    /** The tenants stack with a second scope on tenant-contoso's key: the tenant's live data and its archive. */
    const tenants = () => {
        const settings = rootSettings("Pulumi.tenants.yaml") as ReturnType<typeof rootSettings> & Scopes;
        settings.storageAccounts[0].encryptionScopes.splice(1, 0, { name: "contoso-archive", key: "tenant-contoso" });
        return settings;
    };
    /** The same with the tenants' keys in an access-policy vault of their own. */
    const policyVault = () => {
        const settings = rootSettings("Pulumi.tenants.yaml") as ReturnType<typeof rootSettings> & Scopes;
        settings.vaults = [
            { name: "kv-tenants", keys: [{ name: "platform-cmk" }] },
            { name: "kv-tenant-keys", enableRbacAuthorization: false, keys: [{ name: "tenant-contoso" }, { name: "tenant-fabrikam" }] },
        ];
        return settings;
    };

    test("keep every role assignment under its URN when reordered (two scopes on one key, RBAC vault)", async () => {
        const before = await planSettings("tenants", tenants());
        const edited = tenants();
        edited.storageAccounts[0].encryptionScopes.reverse();
        expect(movedUnderNewUrn(before, await planSettings("tenants", edited))).toEqual([]);
    });

    test("keep a key's role assignment under its URN when the first of two scopes on it is removed", async () => {
        const before = await planSettings("tenants", tenants());
        const edited = tenants();
        edited.storageAccounts[0].encryptionScopes.shift();
        edited.storageAccounts[0].containers.shift();
        const after = await planSettings("tenants", edited);
        expect(movedUnderNewUrn(before, after)).toEqual([]);
        expect(after.filter((r) => r.type === "azure-native:authorization:RoleAssignment")).toHaveLength(3);
    });

    test("keep the account's access policy under its URN when reordered (two scopes' keys in one access-policy vault)", async () => {
        const before = await planSettings("tenants", policyVault());
        const edited = policyVault();
        edited.storageAccounts[0].encryptionScopes.reverse();
        const after = await planSettings("tenants", edited);
        expect(movedUnderNewUrn(before, after)).toEqual([]);
        expect(after.filter((r) => r.type === "azure-native:keyvault:AccessPolicy")).toHaveLength(1);
    });

    test("name each grant for its key (its vault, for an access-policy vault), and keep a grant deployed under its first scope's name by alias", async () => {
        const byName = (resources: RecordedResource[]) => Object.fromEntries(resources.filter((r) => r.type === "azure-byok:keyvault:KeyAccess").map((r) => [r.name, [...r.aliases].sort()]));
        expect(byName(await planSettings("tenants", tenants()))).toEqual({
            "sttenants-key-access": [],
            "sttenants-tenant-contoso-key-grant": ["sttenants-contoso-archive-key-access", "sttenants-contoso-key-access"],
            "sttenants-tenant-fabrikam-key-grant": ["sttenants-fabrikam-key-access"],
        });
        const policies = await planSettings("tenants", policyVault());
        expect(byName(policies)).toEqual({
            "sttenants-key-access": [],
            "sttenants-kv-tenant-keys-vault-grant": ["sttenants-contoso-key-access", "sttenants-fabrikam-key-access"],
        });
        // Its children keep the grant's name as their prefix, so each takes its alias too.
        expect(policies.filter((r) => r.type === "azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["sttenants-kv-tenant-keys-vault-grant-access-policy"]);
    });
});

describe("references written in another case than their entries", () => {
    type Dev = { registries: Record<string, unknown>[]; applications: { access: { key?: string }[] }[] };
    const dev = () => rootSettings("Pulumi.dev.yaml") as ReturnType<typeof rootSettings> & Dev;

    test("leave the shared grant under its URN when a registry writing the identity and key otherwise is put first", async () => {
        const before = await planSettings("dev", dev());
        const edited = dev();
        edited.registries.unshift({ name: "acrsecond", key: "CMK-Registry", identity: "ID-Registry" });
        expect(movedUnderNewUrn(before, await planSettings("dev", edited))).toEqual([]);
    });

    test("leave an application's grant under its URN when its key is written otherwise", async () => {
        const before = await planSettings("dev", dev());
        const edited = dev();
        edited.applications[0].access[0].key = "Backup-Vendor";
        expect(movedUnderNewUrn(before, await planSettings("dev", edited))).toEqual([]);
    });

    test("name grants as the entries declare them, and keep by alias a grant a stack deployed under the name as written", async () => {
        const edited = dev();
        edited.registries[0] = { ...edited.registries[0], key: "CMK-Registry", identity: "ID-Registry" };
        edited.applications[0].access[0].key = "Backup-Vendor";
        const aliases = (resources: RecordedResource[], name: string) => resources.filter((r) => r.type === "azure-byok:keyvault:KeyAccess" && r.name === name).map((r) => r.aliases);
        const after = await planSettings("dev", edited);
        expect(aliases(after, "id-registry-on-cmk-registry")).toEqual([["ID-Registry-on-CMK-Registry"]]);
        expect(aliases(after, "backup-vendor-backup-vendor")).toEqual([["backup-vendor-Backup-Vendor"]]);
        // Written as declared, nothing needs an alias.
        const before = await planSettings("dev", dev());
        expect(aliases(before, "id-registry-on-cmk-registry")).toEqual([[]]);
        expect(aliases(before, "backup-vendor-backup-vendor")).toEqual([[]]);
        // The children carry the grant's name, so the engine carries the alias down to them.
        expect(after.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && /^(id-registry-on-cmk-registry|backup-vendor-backup-vendor)-/.test(r.name)).map((r) => r.name).sort()).toEqual(["backup-vendor-backup-vendor-role-assignment", "id-registry-on-cmk-registry-role-assignment"]);
    });
});

describe("a vault entry moving from access policies to RBAC in two deploys (prepareRbacMigration)", () => {
    type Model = { enableRbacAuthorization: boolean; prepareRbacMigration?: true };
    /** The auditor's day-2 stack, with a shared identity on two keys of the vault and a storage account of its own identity. */
    const settings = (model: Model) => ({
        resourceGroupName: "rg-day2",
        location: "westeurope",
        vaults: [{ name: "kv-day2", ...model, keys: [{ name: "cmk" }, { name: "cmk-shared" }, { name: "cmk-orders" }] }],
        identities: [{ name: "id-shared" }],
        storageAccounts: [{ name: "stday2", key: "cmk" }, { name: "stshared", key: "cmk-shared", identity: "id-shared", encryptionScopes: [{ name: "orders", key: "cmk-orders" }] }],
        registries: [{ name: "acrday2", key: "cmk-orders", identity: "id-shared" }],
    });
    const ofType = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type);
    /** Each role assignment as Pulumi and Azure know it. */
    const roles = (resources: RecordedResource[]) => ofType(resources, "azure-native:authorization:RoleAssignment").map((r) => {
        const i = reveal(r.inputs) as Record<string, unknown>;
        return { urn: r.urn, name: i.roleAssignmentName, scope: i.scope, principalId: i.principalId, roleDefinitionId: i.roleDefinitionId };
    }).sort((a, b) => a.urn.localeCompare(b.urn));
    const urns = (resources: RecordedResource[], type: string) => ofType(resources, type).map((r) => r.urn).sort();
    let policies: RecordedResource[];
    let prepared: RecordedResource[];
    let flipped: RecordedResource[];
    beforeAll(async () => {
        policies = await planSettings("day2", settings({ enableRbacAuthorization: false }));
        prepared = await planSettings("day2", settings({ enableRbacAuthorization: false, prepareRbacMigration: true }));
        flipped = await planSettings("day2", settings({ enableRbacAuthorization: true }));
    }, 120_000);

    test("the prepared deploy registers the role assignments the flipped one does: URN, Azure name, scope, principal and role", () => {
        expect(roles(policies)).toEqual([]);
        // The account's own identity on cmk; the shared identity on cmk-shared and on cmk-orders (its scope's and the registry's).
        expect(roles(flipped)).toHaveLength(3);
        expect(roles(prepared)).toEqual(roles(flipped));
        expect(urns(prepared, "time:index/sleep:Sleep")).toEqual(urns(flipped, "time:index/sleep:Sleep"));
    });

    test("it keeps each access policy under the URN it was deployed with, one per principal and vault", () => {
        expect(urns(prepared, "azure-native:keyvault:AccessPolicy")).toEqual(urns(policies, "azure-native:keyvault:AccessPolicy"));
        expect(urns(policies, "azure-native:keyvault:AccessPolicy")).toHaveLength(2);
    });

    test("the flip from it registers no new role assignment or wait, and drops the access policies", () => {
        const added = (type: string) => urns(flipped, type).filter((u) => !urns(prepared, type).includes(u));
        expect(added("azure-native:authorization:RoleAssignment")).toEqual([]);
        expect(added("time:index/sleep:Sleep")).toEqual([]);
        expect(urns(flipped, "azure-native:keyvault:AccessPolicy")).toEqual([]);
    });

    test("is refused on a vault entry that uses RBAC, new or existing, at its key path", () => {
        for (const existing of [false, true]) {
            const raw = { resourceGroupName: "rg-day2", location: "westeurope", vaults: [{ name: "kv-day2", ...(existing ? { existing, vaultName: "kv-day2", resourceGroupName: "rg-central" } : {}), prepareRbacMigration: true, keys: [{ name: "cmk" }] }] };
            expect(() => parseStackConfig(raw)).toThrow(/azure-byok:vaults\[0\]\.prepareRbacMigration: is true, but the vault uses Azure RBAC .*remove it once the vault uses RBAC/);
        }
    });

    test("an existing access-policy vault prepares the stack's grants in it too", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-central", location: "westeurope" }],
            vaults: [{ name: "kv-legacy", resourceGroupName: "rg-central", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false }],
            stack: "day2existing",
        });
        await program(parseStackConfig({
            resourceGroupName: "rg-day2",
            location: "westeurope",
            vaults: [{ name: "legacy", existing: true, vaultName: "kv-legacy", resourceGroupName: "rg-central", enableRbacAuthorization: false, prepareRbacMigration: true, keys: [{ name: "legacy-cmk" }] }],
            storageAccounts: [{ name: "stlegacy", key: "legacy-cmk" }],
        }));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["stlegacy-key-access-access-policy"]);
        expect(recorder.ofType("azure-native:authorization:RoleAssignment").map((r) => r.name)).toEqual(["stlegacy-key-access-role-assignment"]);
    });
});

describe("PostgreSQL and MySQL servers with geo-redundant backup", () => {
    const ADMIN = "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90";
    const settings = {
        resourceGroupName: "rg-byok-geo",
        location: "westeurope",
        vaults: [
            { name: "kv-weu", keys: [{ name: "cmk-db" }] },
            { name: "kv-neu", location: "northeurope", keys: [{ name: "cmk-db-geo" }] },
        ],
        postgresqlServers: [
            { name: "pg-prod", key: "cmk-db", administrator: { principalName: "pg-admins", objectId: ADMIN }, geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo" },
            { name: "pg-dev", key: "cmk-db", administrator: { principalName: "pg-admins", objectId: ADMIN } },
        ],
        mysqlServers: [{ name: "mysql-prod", key: "cmk-db", geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo" }],
    };

    test("encrypt their geo backups with the pair region's key as identities of their own there, each granted on that key before its server", async () => {
        const resources = await planSettings("geo", settings);
        const one = (type: string, name: string) => {
            const found = resources.filter((r) => r.type === type && r.name === name);
            expect(found).toHaveLength(1);
            return found[0];
        };
        for (const [type, name] of [["azure-native:dbforpostgresql:Server", "pg-prod"], ["azure-native:dbformysql:Server", "mysql-prod"]]) {
            const server = one(type, `${name}-server`);
            const identity = one("azure-native:managedidentity:UserAssignedIdentity", `${name}-geo-backup-identity-identity`);
            const grant = one("azure-native:authorization:RoleAssignment", `${name}-geo-backup-key-access-role-assignment`);
            const inputs = reveal(server.inputs) as { backup: { geoRedundantBackup: string }; dataEncryption: { geoBackupKeyURI: string; geoBackupUserAssignedIdentityId: string } };
            expect(inputs.backup.geoRedundantBackup).toBe("Enabled");
            expect(inputs.dataEncryption.geoBackupKeyURI).toMatch(/^https:\/\/kv-neu-[a-z0-9]+\.vault\.azure\.net\/keys\/cmk-db-geo(\/[0-9a-f]{32})?$/);
            expect(inputs.dataEncryption.geoBackupUserAssignedIdentityId).toMatch(new RegExp(`/userAssignedIdentities/${name}-geo-backup-identity$`));
            expect((reveal(identity.inputs) as { location: string }).location).toBe("northeurope");
            expect((reveal(grant.inputs) as { scope: string }).scope).toMatch(/\/vaults\/kv-neu-[a-z0-9]+\/keys\/cmk-db-geo$/);
            expect(server.dependencies).toContain(grant.urn);
        }
        // PostgreSQL follows the key's rotation, MySQL holds its current version.
        const geoUri = (name: string, type: string) => (reveal(one(type, `${name}-server`).inputs) as { dataEncryption: { geoBackupKeyURI: string } }).dataEncryption.geoBackupKeyURI;
        expect(geoUri("pg-prod", "azure-native:dbforpostgresql:Server")).not.toMatch(/\/[0-9a-f]{32}$/);
        expect(geoUri("mysql-prod", "azure-native:dbformysql:Server")).toMatch(/\/[0-9a-f]{32}$/);
        // A server that does not ask for it keeps its backups in its region alone.
        expect((reveal(one("azure-native:dbforpostgresql:Server", "pg-dev-server").inputs) as { backup: unknown }).backup).toEqual({ backupRetentionDays: 35, geoRedundantBackup: "Disabled" });
        expect(resources.some((r) => r.name.startsWith("pg-dev-geo"))).toBe(false);
    });

    describe("a geo-backup key in an existing vault", () => {
        const neu = (extra: Record<string, unknown>) => ({ name: "kv-platform-neu", resourceGroupName: "rg-security-neu", sku: "premium" as const, enablePurgeProtection: true, ...extra });
        const config = (servers: Record<string, unknown>) => ({
            resourceGroupName: "rg-app",
            location: "westeurope",
            vaults: [
                { name: "kv-app", keys: [{ name: "cmk-db" }] },
                { name: "central-neu", existing: true, vaultName: "kv-platform-neu", resourceGroupName: "rg-security-neu", keys: [{ name: "cmk-db-geo" }] },
            ],
            ...servers,
        });
        const refused = async (vault: Record<string, unknown>, servers: Record<string, unknown>, message: string) => {
            const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-security-neu", location: "northeurope" }], vaults: [neu(vault)], stack: "geo-existing" });
            await expect(program(parseStackConfig(config(servers)))).rejects.toThrow(["The stack config has 1 problem:", `  - azure-byok:vaults[1]: vault kv-platform-neu in Azure ${message}`].join("\n"));
            await settle();
            expect(recorder.requests).toEqual([]);
        };
        const pg = { postgresqlServers: [{ name: "db-prod", key: "cmk-db", geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo", administrator: { principalName: "pg-admins", objectId: ADMIN } }] };
        const mysql = { mysqlServers: [{ name: "mysql-prod", key: "cmk-db", geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo" }] };

        test.each([["PostgreSQL", pg], ["MySQL", mysql]])("is refused at its entry, before registering anything, when the vault lets no trusted service through (bypass None) (%s)", async (_engine, servers) => {
            await refused({ networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [] } }, servers, "lets no trusted Azure service through its firewall (bypass None), so no customer-managed-key service can reach its keys; set the vault's networkAcls.bypass to AzureServices");
        });

        test("is refused at its entry, before registering anything, when a MySQL server's geo vault keeps deleted keys under 90 days", async () => {
            await refused({ softDeleteRetentionInDays: 30 }, mysql, "keeps deleted keys 30 days, but MySQL flexible servers encrypt with its keys and take a key only from a vault that keeps them 90 (recovery level Recoverable)");
        });

        test("is taken when the vault lets trusted services through, and a PostgreSQL geo vault may keep deleted keys under 90 days", async () => {
            const { recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-security-neu", location: "northeurope" }], vaults: [neu({ softDeleteRetentionInDays: 30 })], stack: "geo-existing" });
            await program(parseStackConfig(config(pg)));
            await settle();
            expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
            expect(recorder.ofType("azure-native:dbforpostgresql:Server")).toHaveLength(1);
        });
    });
});

// STYLE.md: example stacks are tests, each run twice with identical recorded inputs (AVM deploys each twice: init, idem).
// test/plan runs the plan CLI from the root on stack files of its own, named for its process
// (Pulumi.plantest-…-<pid>.yaml), which are there while it runs beside this file.
const EXAMPLE_STACKS = readdirSync(path.join(__dirname, "..", "..")).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f) && !/-\d+\.yaml$/.test(f)).sort();

/** A root stack file as `npm run plan` runs it: its config set, and what it says exists (central's vault, key and identity) in Azure. */
async function planExample(file: string): Promise<RecordedResource[]> {
    const config = readStackConfigFile(file);
    const raw = rawConfig(config);
    pulumi.runtime.setAllConfig(config);
    const { recorder } = await setAzureMocks({ ...providerSettings(config), ...existingAzure(raw), stack: file.replace(/^Pulumi\.|\.yaml$/g, "") });
    await program(parseStackConfig(raw));
    await settle();
    expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    return recorder.resources;
}

describe("every example stack at the repository root", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    test("are found: central, dev, minimal and tenants", () => {
        expect(EXAMPLE_STACKS).toEqual(["Pulumi.central.yaml", "Pulumi.dev.yaml", "Pulumi.minimal.yaml", "Pulumi.tenants.yaml"]);
    });

    test.each(EXAMPLE_STACKS)("%s records the same inputs on a second run", async (file) => {
        const recorded = (resources: RecordedResource[]) => resources.map((r) => [r.urn, r.inputs, r.dependencies, r.protect]);
        const first = recorded(await planExample(file));
        expect(first.length).toBeGreaterThan(0);
        expect(recorded(await planExample(file))).toEqual(first);
    });
});
