import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const sub = mockAzureDefaults.subscriptionId;
const rgId = `/subscriptions/${sub}/resourceGroups/rg-byok`;
const serviceEncryptionUser = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`;
const cryptoUser = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/12338af0-0e69-4776-bea7-57ae8d297424`;
const reader = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2`;

/** An Azure holding a purge-protected vault `kv-svc` (in `location`, else the group's westeurope) with key `cmk`, and identity `id-svc`. */
function world(vault: Record<string, unknown> = {}, location?: string) {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    create("azure-native:keyvault:Vault", "kv", {
        resourceGroupName: "rg-byok",
        vaultName: "kv-svc",
        location,
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, ...vault },
    });
    const key = create("azure-native:keyvault:Key", "k", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "cmk", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const identity = create("azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-byok", resourceName: "id-svc" });
    const grant = (roleDefinitionId = serviceEncryptionUser, scope = key.id as string) => create("azure-native:authorization:RoleAssignment", `ra-${roleDefinitionId.slice(-4)}-${scope.length}`, {
        scope, principalId: identity.state.principalId, principalType: "ServicePrincipal", roleDefinitionId,
    });
    const storage = (encryption: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => create("azure-native:storage:StorageAccount", "sa", {
        resourceGroupName: "rg-byok", accountName: "sasvc01", kind: "StorageV2", sku: { name: "Standard_GRS" },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            keyVaultProperties: { keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "cmk" },
            encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
            ...encryption,
        },
        ...extra,
    });
    const registry = (extra: Record<string, unknown> = {}) => create("azure-native:containerregistry:Registry", "acr", {
        resourceGroupName: "rg-byok", registryName: "acrsvc01", sku: { name: "Premium" }, publicNetworkAccess: "Disabled",
        identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id as string]: {} } },
        encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: key.state.keyUri, identity: identity.state.clientId } },
        ...extra,
    });
    const des = (keyUrl: unknown) => create("azure-native:compute:DiskEncryptionSet", "des", {
        resourceGroupName: "rg-byok", diskEncryptionSetName: "des-svc", encryptionType: "EncryptionAtRestWithPlatformAndCustomerKeys",
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] }, activeKey: { keyUrl }, rotationToLatestKeyVersionEnabled: true,
    });
    const cosmos = (extra: Record<string, unknown> = {}) => create("azure-native:cosmosdb:DatabaseAccount", "cosmos", {
        resourceGroupName: "rg-byok", accountName: "cosmos-svc", databaseAccountOfferType: "Standard", locations: [{ locationName: "westeurope", failoverPriority: 0 }],
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] }, defaultIdentity: `UserAssignedIdentity=${String(identity.id)}`, keyVaultKeyUri: key.state.keyUri,
        ...extra,
    });
    const eventHubs = (extra: Record<string, unknown> = {}) => create("azure-native:eventhub:Namespace", "evh", {
        resourceGroupName: "rg-byok", namespaceName: "evh-svc-01", sku: { name: "Premium", tier: "Premium", capacity: 1 },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: identity.id } }], requireInfrastructureEncryption: true },
        ...extra,
    });
    return { key, identity, grant, storage, registry, des, cosmos, eventHubs, create };
}

describe("a CMK service reaches its key only as Azure allows", () => {
    test("storage is refused before its identity holds a role on the key, and accepted after", () => {
        const w = world();
        expect(() => w.storage()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
        w.grant();
        expect(w.storage().id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/sasvc01`);
    });

    test("a registry is refused before the grant and accepted after", () => {
        const w = world();
        expect(() => w.registry()).toThrow(/KeyVaultAuthenticationFailure/);
        w.grant();
        expect(w.registry().state.loginServer).toBe("acrsvc01.azurecr.io");
    });

    test("a role without wrap and unwrap does not count, a vault-wide Crypto User does", () => {
        const w = world();
        w.grant(reader);
        expect(() => w.storage()).toThrow(/KeyVaultAuthenticationFailure/);
        w.grant(cryptoUser, `${rgId}/providers/Microsoft.KeyVault/vaults/kv-svc`);
        expect(() => w.storage()).not.toThrow();
    });

    test("an access-policy vault needs get, wrapKey and unwrapKey for the identity", () => {
        const w = world({ enableRbacAuthorization: false, accessPolicies: [] });
        expect(() => w.storage()).toThrow(/KeyVaultAuthenticationFailure/);
        w.create("azure-native:keyvault:AccessPolicy", "ap", {
            resourceGroupName: "rg-byok", vaultName: "kv-svc",
            policy: { objectId: w.identity.state.principalId, tenantId: mockAzureDefaults.tenantId, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } },
        });
        expect(() => w.storage()).not.toThrow();
    });
});

test("an encryption scope reaches its own key as its account's customer-managed-key identity, once granted", () => {
    const w = world();
    const second = w.create("azure-native:keyvault:Key", "k2", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tenant-a", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const scope = (inputs: Record<string, unknown>) => w.create("azure-native:storage:EncryptionScope", `scope-${String(inputs.encryptionScopeName)}`, {
        resourceGroupName: "rg-byok", accountName: "sasvc01", source: "Microsoft.KeyVault", keyVaultProperties: { keyUri: second.state.keyUri }, requireInfrastructureEncryption: true, ...inputs,
    });
    expect(() => scope({ encryptionScopeName: "tenant-a" })).toThrow(/ResourceNotFound.*storageAccounts\/sasvc01/);
    w.grant();
    w.storage();
    expect(() => scope({ encryptionScopeName: "tenant-a" })).toThrow(/KeyVaultAuthenticationFailure.*Storage encryption scope: the identity .* does not have get, wrapKey and unwrapKey on key 'tenant-a'/);
    w.grant(serviceEncryptionUser, second.id as string);
    const made = scope({ encryptionScopeName: "tenant-a" });
    expect(made.id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/sasvc01/encryptionScopes/tenant-a`);
    expect(made.state).toMatchObject({ source: "Microsoft.KeyVault", state: "Enabled", requireInfrastructureEncryption: true, keyVaultProperties: { keyUri: second.state.keyUri, currentVersionedKeyIdentifier: second.state.keyUriWithVersion } });
    expect(() => scope({ encryptionScopeName: "tenant-a" })).toThrow(/409/);
    expect(() => scope({ encryptionScopeName: "Tenant_B" })).toThrow(/InvalidResourceName/);
    expect(() => scope({ encryptionScopeName: "tenant-c", keyVaultProperties: { keyUri: "https://kv-svc.vault.azure.net/keys/missing" } })).toThrow(/KeyVaultKeyNotFound/);
    // A Microsoft-managed scope needs no key.
    expect(scope({ encryptionScopeName: "platform", source: "Microsoft.Storage", keyVaultProperties: undefined }).state).toMatchObject({ source: "Microsoft.Storage" });
});

test("a blob container takes a default encryption scope only one its account has, and public access only where the account allows it", () => {
    const w = world();
    w.grant();
    w.storage();
    const container = (inputs: Record<string, unknown>) => w.create("azure-native:storage:BlobContainer", `c-${String(inputs.containerName)}`, { resourceGroupName: "rg-byok", accountName: "sasvc01", ...inputs });
    expect(() => container({ containerName: "tenant-a", defaultEncryptionScope: "tenant-a", denyEncryptionScopeOverride: true })).toThrow(/EncryptionScopeNotFound.*'tenant-a' does not exist in storage account 'sasvc01'/);
    w.create("azure-native:storage:EncryptionScope", "scope", { resourceGroupName: "rg-byok", accountName: "sasvc01", encryptionScopeName: "tenant-a", source: "Microsoft.KeyVault", keyVaultProperties: { keyUri: w.key.state.keyUri } });
    const made = container({ containerName: "tenant-a", defaultEncryptionScope: "tenant-a", denyEncryptionScopeOverride: true, publicAccess: "None" });
    expect(made.id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/sasvc01/blobServices/default/containers/tenant-a`);
    expect(made.state).toMatchObject({ defaultEncryptionScope: "tenant-a", denyEncryptionScopeOverride: true, publicAccess: "None" });
    expect(container({ containerName: "plain" }).state).toMatchObject({ defaultEncryptionScope: "$account-encryption-key", denyEncryptionScopeOverride: false });
    expect(() => container({ containerName: "public", publicAccess: "Blob" })).toThrow(/PublicAccessNotPermitted/);
    expect(() => container({ containerName: "Bad_Name" })).toThrow(/InvalidResourceName/);
    expect(() => w.create("azure-native:storage:BlobContainer", "orphan", { resourceGroupName: "rg-byok", accountName: "nosuch01", containerName: "data" })).toThrow(/ResourceNotFound/);
});

test("a role on a container of an account the stack makes needs the container; one of another account's is taken as named", () => {
    const w = world();
    w.grant();
    w.storage();
    const writer = (containerScope: string) => w.create("azure-native:authorization:RoleAssignment", `w-${containerScope.length}`, {
        scope: containerScope, principalId: w.identity.state.principalId, principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
    });
    const account = `${rgId}/providers/Microsoft.Storage/storageAccounts/sasvc01`;
    expect(() => writer(`${account}/blobServices/default/containers/undelivered`)).toThrow(/ResourceNotFound/);
    w.create("azure-native:storage:BlobContainer", "c", { resourceGroupName: "rg-byok", accountName: "sasvc01", containerName: "undelivered" });
    expect(writer(`${account}/blobServices/default/containers/undelivered`).id).toMatch(/\/containers\/undelivered\/providers\/Microsoft\.Authorization\/roleAssignments\//);
    expect(writer(`/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops/blobServices/default/containers/undelivered`).id).toMatch(/\/stops\/blobServices\//);
});

test("an account's blob service is its one `default`, and keeps deleted blobs and containers 1 to 365 days", () => {
    const w = world();
    w.grant();
    w.storage();
    const service = (inputs: Record<string, unknown>) => w.create("azure-native:storage:BlobServiceProperties", "blob-service", { resourceGroupName: "rg-byok", accountName: "sasvc01", blobServicesName: "default", ...inputs });
    const made = service({ deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 365 } });
    expect(made.id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/sasvc01/blobServices/default`);
    expect(made.state).toMatchObject({ name: "default", deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 365 } });
    // A second PUT of the singleton overwrites it, as Azure does; days do not matter while soft delete is off.
    expect(service({ deleteRetentionPolicy: { enabled: false, days: 0 } }).id).toBe(made.id);
    expect(() => service({ deleteRetentionPolicy: { enabled: true, days: 0 } })).toThrow(/InvalidValuesForRequestParameters.*properties.deleteRetentionPolicy.days is invalid: 0/);
    expect(() => service({ containerDeleteRetentionPolicy: { enabled: true, days: 366 } })).toThrow(/InvalidValuesForRequestParameters.*properties.containerDeleteRetentionPolicy.days is invalid: 366/);
    expect(() => service({ blobServicesName: "blobs" })).toThrow(/InvalidResourceName.*named 'default'/);
    expect(() => w.create("azure-native:storage:BlobServiceProperties", "orphan", { resourceGroupName: "rg-byok", accountName: "nosuch01", blobServicesName: "default" })).toThrow(/ResourceNotFound/);
});

test("an encryption scope with a customer-managed key needs an account that encrypts with one: it has no identity to reach its key as otherwise", () => {
    const w = world();
    w.create("azure-native:storage:StorageAccount", "sa-platform", { resourceGroupName: "rg-byok", accountName: "saplain01", kind: "StorageV2", sku: { name: "Standard_GRS" } });
    w.grant();
    expect(() => w.create("azure-native:storage:EncryptionScope", "scope", { resourceGroupName: "rg-byok", accountName: "saplain01", encryptionScopeName: "tenant-a", source: "Microsoft.KeyVault", keyVaultProperties: { keyUri: w.key.state.keyUri } }))
        .toThrow(/InvalidEncryptionScope.*has no managed identity encrypting with a customer-managed key/);
});

test("a vault firewall that admits no trusted Azure service keeps out even a granted storage account or registry", () => {
    const closed = world({ publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "None" } });
    closed.grant();
    expect(() => closed.storage()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByFirewall/);
    expect(() => closed.registry()).toThrow(/ForbiddenByFirewall/);
    // The same firewall letting trusted services through, or a vault open to every network, does not.
    for (const vault of [{ networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } }, { publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "None" } }]) {
        const w = world(vault);
        w.grant();
        expect(() => w.storage()).not.toThrow();
    }
});

test("Cosmos DB reaches no key in a vault with its public endpoint off, where a storage account or registry passes as a trusted service", () => {
    const off = world({ publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
    off.grant();
    expect(() => off.cosmos()).toThrow(/KeyVaultAuthenticationFailure: Cosmos DB: key 'cmk' cannot be reached: the vault's public network access is disabled.*ForbiddenByFirewall/);
    expect(() => off.storage()).not.toThrow();
    expect(() => off.registry()).not.toThrow();
    // The public endpoint on, behind a firewall that denies by default and lets trusted services by: the setting Microsoft's Cosmos DB guide names.
    const firewalled = world({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
    firewalled.grant();
    expect(() => firewalled.cosmos()).not.toThrow();
});

test("a Cosmos DB account reaches its key as its default user-assigned identity, through the firewall's trusted-services bypass", () => {
    const w = world();
    expect(() => w.cosmos()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
    w.grant();
    expect(w.cosmos().state.documentEndpoint).toBe("https://cosmos-svc.documents.azure.com:443/");
    // Without a user-assigned default identity it would use one no grant can name before creation.
    const other = world();
    other.grant();
    expect(() => other.cosmos({ defaultIdentity: undefined })).toThrow(/InvalidDefaultIdentity/);
    expect(() => other.cosmos({ defaultIdentity: "SystemAssignedIdentity" })).toThrow(/InvalidDefaultIdentity/);
    const closed = world({ publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "None" } });
    closed.grant();
    expect(() => closed.cosmos()).toThrow(/ForbiddenByFirewall/);
    const unprotected = world({ enablePurgeProtection: undefined });
    unprotected.grant();
    expect(() => unprotected.cosmos()).toThrow(/soft delete and purge protection/);
    expect(() => other.cosmos({ accountName: "Cosmos_Svc" })).toThrow(/InvalidAccountName/);
    expect(() => other.cosmos({ locations: [] })).toThrow(/at least one region/);
    expect(() => other.cosmos({ identity: { type: "SystemAssigned", userAssignedIdentities: [other.identity.id] } })).toThrow(/InvalidIdentityType/);
    expect(() => other.cosmos({ accountName: "cosmos-ver", keyVaultKeyUri: `${String(other.key.state.keyUri)}/${"0".repeat(32)}` })).toThrow(/KeyVaultKeyVersionNotFound/);
    expect(() => other.cosmos({ accountName: "cosmos-pinned", keyVaultKeyUri: String(other.key.state.keyUriWithVersion) })).toThrow("400 BadRequest: Please provide KeyVault Key Uri without version. We will use latest version of the key");
    // Entra-only data access exists on the NoSQL API alone.
    expect(() => other.cosmos({ accountName: "cosmos-mongo", kind: "MongoDB", disableLocalAuth: true })).toThrow("400 BadRequest: DisableLocalAuth is only allowed to be configured for SQL API account.");
    expect(() => other.cosmos({ accountName: "cosmos-gremlin", capabilities: [{ name: "EnableGremlin" }], disableLocalAuth: true })).toThrow(/only allowed to be configured for SQL API account/);
    expect(() => other.cosmos({ accountName: "cosmos-svc" })).not.toThrow();
    expect(() => other.cosmos({ accountName: "cosmos-svc" })).toThrow(/409 Conflict: Database account name 'cosmos-svc' is already in use/);
});

test("a SQL server takes a 2048- or 3072-bit versioned key as its primary user-assigned identity, once granted, and Entra-only admins", () => {
    const w = world();
    const versioned = String(w.key.state.keyUriWithVersion);
    const admins = { administratorType: "ActiveDirectory", azureADOnlyAuthentication: true, login: "sql-admins", sid: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", principalType: "Group" };
    const server = (extra: Record<string, unknown> = {}) => w.create("azure-native:sql:Server", `sql-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", serverName: "sql-svc", version: "12.0", administrators: admins,
        identity: { type: "UserAssigned", userAssignedIdentities: [w.identity.id] }, primaryUserAssignedIdentityId: w.identity.id, keyId: versioned,
        ...extra,
    });
    expect(() => server()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
    w.grant();
    expect(() => server({ keyId: w.key.state.keyUri })).toThrow(/has no key version; SQL needs the versioned key URI/);
    expect(() => server({ keyId: `${String(w.key.state.keyUri)}/${"0".repeat(32)}` })).toThrow(/Key version '0{32}' of 'cmk' does not exist/);
    expect(() => server({ primaryUserAssignedIdentityId: undefined })).toThrow(/InvalidServerKeyIdentity/);
    expect(() => server({ primaryUserAssignedIdentityId: `${rgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other` })).toThrow(/InvalidPrimaryUserAssignedIdentityId/);
    expect(() => server({ administrators: { ...admins, sid: undefined } })).toThrow(/InvalidServerAADOnlyAuthNoAADAdminPropertyName/);
    expect(() => server({ administrators: undefined })).toThrow(/InvalidLoginOrPassword/);
    expect(() => server({ serverName: "SQL-svc" })).toThrow(/InvalidServerName/);
    const big = w.create("azure-native:keyvault:Key", "k4096", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tde-4096", properties: { kty: "RSA-HSM", keySize: 4096, keyOps: ["wrapKey", "unwrapKey"] } });
    w.grant(serviceEncryptionUser, big.id as string);
    expect(() => server({ keyId: big.state.keyUriWithVersion })).toThrow(/AzureKeyVaultInvalidKeySize.*4096 bits/);
    const disabled = w.create("azure-native:keyvault:Key", "k-off", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tde-off", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: false } } });
    w.grant(serviceEncryptionUser, disabled.id as string);
    expect(() => server({ keyId: disabled.state.keyUriWithVersion })).toThrow(/AzureKeyVaultKeyDisabledOrExpired: Key 'tde-off' is disabled or expired; a TDE protector must be enabled/);
    // kv-svc (6 characters) and an 89-character key name: 95 together, one over SQL's 94.
    const long = w.create("azure-native:keyvault:Key", "k-long", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "t".repeat(89), properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    w.grant(serviceEncryptionUser, long.id as string);
    expect(() => server({ keyId: long.state.keyUriWithVersion })).toThrow(/InvalidParameterValue: Key vault 'kv-svc' and key 't{89}' are 95 characters together; SQL takes at most 94/);
    const longest = w.create("azure-native:keyvault:Key", "k-longest", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "t".repeat(88), properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    w.grant(serviceEncryptionUser, longest.id as string);
    expect(server({ serverName: "sql-longest", keyId: longest.state.keyUriWithVersion }).state.name).toBe("sql-longest");
    const created = server();
    expect(created.state.fullyQualifiedDomainName).toBe("sql-svc.database.windows.net");
    expect(() => server({ tags: { again: "yes" } })).toThrow(/409 ServerAlreadyExists/);

    const protector = (extra: Record<string, unknown> = {}) => w.create("azure-native:sql:EncryptionProtector", `ep-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", serverName: "sql-svc", encryptionProtectorName: "current", serverKeyType: "AzureKeyVault",
        serverKeyName: `kv-svc_cmk_${versioned.split("/").pop()}`, autoRotationEnabled: true, ...extra,
    });
    expect(() => protector({ serverName: "sql-none" })).toThrow(/404 ResourceNotFound/);
    expect(() => protector({ serverKeyName: "kv-svc_cmk" })).toThrow(/InvalidServerKeyName/);
    expect(() => protector({ serverKeyName: `kv-svc_tde-4096_${String(big.state.keyUriWithVersion).split("/").pop()}` })).toThrow(/AzureKeyVaultInvalidKeySize/);
    expect(() => protector({ serverKeyName: `kv-svc_${"t".repeat(89)}_${String(long.state.keyUriWithVersion).split("/").pop()}` })).toThrow(/are 95 characters together; SQL takes at most 94/);
    // A key the server was not given is not one of its server keys.
    const other = w.create("azure-native:keyvault:Key", "k-other", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tde-other", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    expect(() => protector({ serverKeyName: `kv-svc_tde-other_${String(other.state.keyUriWithVersion).split("/").pop()}` })).toThrow(/ServerKeyNotFound: Server key 'kv-svc_tde-other_[0-9a-f]{32}' does not exist on server 'sql-svc'/);
    expect(protector().state).toMatchObject({ kind: "azurekeyvault", uri: versioned, autoRotationEnabled: true, serverKeyName: `kv-svc_cmk_${versioned.split("/").pop()}` });
});

test("a SQL server holds another Key Vault key, by SQL's rules for a protector, once its identity may use it, under the name vault_key_version", () => {
    const w = world();
    const admins = { administratorType: "ActiveDirectory", azureADOnlyAuthentication: true, login: "sql-admins", sid: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", principalType: "Group" };
    w.grant();
    w.create("azure-native:sql:Server", "sql", {
        resourceGroupName: "rg-byok", serverName: "sql-svc", version: "12.0", administrators: admins,
        identity: { type: "UserAssigned", userAssignedIdentities: [w.identity.id] }, primaryUserAssignedIdentityId: w.identity.id, keyId: w.key.state.keyUriWithVersion,
    });
    const other = w.create("azure-native:keyvault:Key", "k-ha", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tde-ha", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const uri = String(other.state.keyUriWithVersion);
    const name = `kv-svc_tde-ha_${uri.split("/").pop()}`;
    const serverKey = (extra: Record<string, unknown> = {}) => w.create("azure-native:sql:ServerKey", `sk-${JSON.stringify(extra).length}`, { resourceGroupName: "rg-byok", serverName: "sql-svc", serverKeyType: "AzureKeyVault", keyName: name, uri, ...extra });
    expect(() => serverKey({ serverName: "sql-none" })).toThrow(/404 ResourceNotFound/);
    expect(() => serverKey({ serverKeyType: "ServiceManaged" })).toThrow(/InvalidServerKeyType/);
    expect(() => serverKey()).toThrow(/KeyVaultAuthenticationFailure: SQL: the identity with principal id '[^']+' does not have get, wrapKey and unwrapKey on key 'tde-ha'/);
    w.grant(serviceEncryptionUser, other.id as string);
    expect(() => serverKey({ uri: other.state.keyUri })).toThrow(/has no key version; SQL needs the versioned key URI/);
    expect(() => serverKey({ keyName: "kv-svc_tde-ha" })).toThrow(/InvalidServerKeyName: keyName 'kv-svc_tde-ha' does not match the uri; a Key Vault server key is named vault_key_version: 'kv-svc_tde-ha_[0-9a-f]{32}'/);
    const big = w.create("azure-native:keyvault:Key", "k4096", { resourceGroupName: "rg-byok", vaultName: "kv-svc", keyName: "tde-4096", properties: { kty: "RSA-HSM", keySize: 4096, keyOps: ["wrapKey", "unwrapKey"] } });
    w.grant(serviceEncryptionUser, big.id as string);
    expect(() => serverKey({ uri: big.state.keyUriWithVersion, keyName: `kv-svc_tde-4096_${String(big.state.keyUriWithVersion).split("/").pop()}` })).toThrow(/AzureKeyVaultInvalidKeySize/);
    expect(serverKey().state).toMatchObject({ name, kind: "azurekeyvault", uri, type: "Microsoft.Sql/servers/keys" });
    // The key the server was created with is one of its server keys already; and one resource holds a key once.
    expect(() => serverKey({ uri: w.key.state.keyUriWithVersion, keyName: `kv-svc_cmk_${String(w.key.state.keyUriWithVersion).split("/").pop()}` })).toThrow(/409 Conflict: Server key/);
    expect(() => serverKey({ tags: "again" })).toThrow(/409 Conflict: Server key/);
    // Once held, it may become the protector.
    expect(w.create("azure-native:sql:EncryptionProtector", "ep", { resourceGroupName: "rg-byok", serverName: "sql-svc", encryptionProtectorName: "current", serverKeyType: "AzureKeyVault", serverKeyName: name, autoRotationEnabled: true }).state.uri).toBe(uri);
});

test("a PostgreSQL flexible server encrypts with its key as a listed user-assigned identity, once granted, with some authentication on", () => {
    const w = world();
    const server = (extra: Record<string, unknown> = {}) => w.create("azure-native:dbforpostgresql:Server", `pg-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", serverName: "pg-svc", version: "17", sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" }, storage: { storageSizeGB: 128 }, backup: { backupRetentionDays: 35 },
        identity: { type: "UserAssigned", userAssignedIdentities: { [w.identity.id as string]: {} } },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: w.identity.id },
        authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
        ...extra,
    });
    expect(() => server()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
    w.grant();
    expect(() => server({ authConfig: { activeDirectoryAuth: "Enabled" } })).toThrow(/Password authentication is enabled, so administratorLogin and administratorLoginPassword are required/);
    expect(() => server({ authConfig: { activeDirectoryAuth: "Disabled", passwordAuth: "Disabled" } })).toThrow(/both are disabled/);
    expect(() => server({ dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: `${rgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other` } })).toThrow(/InvalidPrimaryUserAssignedIdentityId/);
    expect(() => server({ dataEncryption: { type: "AzureKeyVault", primaryKeyURI: `${String(w.key.state.keyUri)}/${"0".repeat(32)}`, primaryUserAssignedIdentityId: w.identity.id } })).toThrow(/AzureKeyVaultKeyVersionNotFound/);
    expect(() => server({ storage: { storageSizeGB: 100 } })).toThrow(/InvalidStorageSize/);
    expect(() => server({ backup: { backupRetentionDays: 40 } })).toThrow(/backupRetentionDays 40 is outside 7-35/);
    expect(() => server({ serverName: "PG-svc" })).toThrow(/serverName 'PG-svc'/);
    // The key store is in the server's region.
    expect(() => server({ location: "northeurope" })).toThrow(/400 InvalidParameterValue: The key vault 'kv-svc' of dataEncryption.primaryKeyURI is in westeurope; the server is in northeurope, and its key store must be in the same region/);
    const admin = (extra: Record<string, unknown> = {}) => w.create("azure-native:dbforpostgresql:Administrator", `pga-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", serverName: "pg-svc", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", principalName: "pg-admins", principalType: "group", ...extra,
    });
    expect(() => admin()).toThrow(/404 ResourceNotFound: The Resource 'Microsoft.DBforPostgreSQL\/flexibleServers\/pg-svc'/);
    expect(server().state.fullyQualifiedDomainName).toBe("pg-svc.postgres.database.azure.com");
    expect(() => server({ tags: { again: "yes" } })).toThrow(/409 ServerNameAlreadyExists/);
    expect(() => admin({ principalType: "Group" })).toThrow(/principalType 'Group' is not user, group or servicePrincipal/);
    expect(() => admin({ objectId: "pg-admins" })).toThrow(/is not an object id/);
    // On an access-policy vault PostgreSQL also needs list.
    const policies = world({ enableRbacAuthorization: false, accessPolicies: [] });
    const withPolicy = (keys: string[]) => policies.create("azure-native:keyvault:AccessPolicy", `ap-${keys.length}`, { resourceGroupName: "rg-byok", vaultName: "kv-svc", policy: { tenantId: mockAzureDefaults.tenantId, objectId: policies.identity.state.principalId, permissions: { keys } } });
    const policyServer = () => policies.create("azure-native:dbforpostgresql:Server", "pg-ap", {
        resourceGroupName: "rg-byok", serverName: "pg-ap", identity: { type: "UserAssigned", userAssignedIdentities: { [policies.identity.id as string]: {} } },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: policies.key.state.keyUri, primaryUserAssignedIdentityId: policies.identity.id }, authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
    });
    withPolicy(["get", "wrapKey", "unwrapKey"]);
    expect(() => policyServer()).toThrow(/does not have get, list, wrapKey and unwrapKey on key 'cmk'.*403 Forbidden \(ForbiddenByPolicy\)/);
    expect(admin().id).toMatch(/\/flexibleServers\/pg-svc\/administrators\/8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90$/);
});

test("a MySQL flexible server encrypts with its key as a listed user-assigned identity, once granted, with an administrator login and a password of three kinds", () => {
    const w = world();
    const versioned = String(w.key.state.keyUriWithVersion);
    const server = (extra: Record<string, unknown> = {}) => w.create("azure-native:dbformysql:Server", `mysql-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", serverName: "mysql-svc", version: "8.0.21", sku: { name: "Standard_D2ds_v4", tier: "GeneralPurpose" }, storage: { storageSizeGB: 128 }, backup: { backupRetentionDays: 35 },
        administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!",
        identity: { type: "UserAssigned", userAssignedIdentities: [w.identity.id] },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: versioned, primaryUserAssignedIdentityId: w.identity.id },
        ...extra,
    });
    expect(() => server()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
    w.grant();
    expect(() => server({ administratorLogin: undefined })).toThrow(/administratorLogin 'undefined' is invalid/);
    expect(() => server({ administratorLogin: "root" })).toThrow(/administratorLogin 'root' is invalid/);
    expect(() => server({ administratorLoginPassword: "alllowercaseletters" })).toThrow(/administratorLoginPassword must be 8-128 characters from three of/);
    expect(() => server({ identity: { type: "UserAssigned", userAssignedIdentities: [] } })).toThrow(/InvalidPrimaryUserAssignedIdentityId/);
    expect(() => server({ dataEncryption: { type: "AzureKeyVault", primaryKeyURI: `${String(w.key.state.keyUri)}/${"0".repeat(32)}`, primaryUserAssignedIdentityId: w.identity.id } })).toThrow(/AzureKeyVaultKeyVersionNotFound/);
    expect(() => server({ storage: { storageSizeGB: 10 } })).toThrow(/InvalidStorageSize/);
    expect(() => server({ storage: { storageSizeGB: 32768 } })).toThrow(/Storage size 32768 GB is outside 20-16384/);
    expect(() => server({ backup: { backupRetentionDays: 40 } })).toThrow(/backupRetentionDays 40 is outside 1-35/);
    // The key vault is in the server's region.
    expect(() => server({ location: "northeurope" })).toThrow(/400 InvalidParameterValue: The key vault 'kv-svc' of dataEncryption.primaryKeyURI is in westeurope; the server is in northeurope, and its key vault must be in the same region/);
    const made = server();
    expect(made.state.fullyQualifiedDomainName).toBe("mysql-svc.mysql.database.azure.com");
    // ARM never answers with the password.
    expect(made.state).not.toHaveProperty("administratorLoginPassword");
    expect(() => server({ tags: { again: "yes" } })).toThrow(/409 ServerNameAlreadyExists/);
    // The key's vault keeps deleted keys 90 days (recovery level Recoverable), as MySQL asks.
    const short = world({ softDeleteRetentionInDays: 30 });
    short.grant();
    expect(() => short.create("azure-native:dbformysql:Server", "mysql-short", {
        resourceGroupName: "rg-byok", serverName: "mysql-short", administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", identity: { type: "UserAssigned", userAssignedIdentities: [short.identity.id] },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: String(short.key.state.keyUriWithVersion), primaryUserAssignedIdentityId: short.identity.id },
    })).toThrow(/keeps deleted keys 30 days; the key's recovery level must be Recoverable, which needs 90 days of soft delete/);
    // On an access-policy vault MySQL also needs list.
    const policies = world({ enableRbacAuthorization: false, accessPolicies: [] });
    policies.create("azure-native:keyvault:AccessPolicy", "ap", { resourceGroupName: "rg-byok", vaultName: "kv-svc", policy: { tenantId: mockAzureDefaults.tenantId, objectId: policies.identity.state.principalId, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } } });
    expect(() => policies.create("azure-native:dbformysql:Server", "mysql-ap", {
        resourceGroupName: "rg-byok", serverName: "mysql-ap", administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", identity: { type: "UserAssigned", userAssignedIdentities: [policies.identity.id] },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: String(policies.key.state.keyUriWithVersion), primaryUserAssignedIdentityId: policies.identity.id },
    })).toThrow(/does not have get, list, wrapKey and unwrapKey on key 'cmk'.*403 Forbidden \(ForbiddenByPolicy\)/);
});

/** A second purge-protected vault, kv-geo, in `location` with key `cmk-geo`, and a second identity id-geo granted on it once asked. */
function geoWorld(w: ReturnType<typeof world>, location = "northeurope", vault: Record<string, unknown> = {}) {
    w.create("azure-native:keyvault:Vault", "kv-geo", {
        resourceGroupName: "rg-byok", vaultName: "kv-geo", location,
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, ...vault },
    });
    const key = w.create("azure-native:keyvault:Key", "k-geo", { resourceGroupName: "rg-byok", vaultName: "kv-geo", keyName: "cmk-geo", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const identity = w.create("azure-native:managedidentity:UserAssignedIdentity", "id-geo", { resourceGroupName: "rg-byok", resourceName: "id-geo", location });
    const grant = () => w.create("azure-native:authorization:RoleAssignment", "ra-geo", { scope: key.id, principalId: identity.state.principalId, principalType: "ServicePrincipal", roleDefinitionId: serviceEncryptionUser });
    return { key, identity, grant };
}

describe("a flexible server with geo-redundant backup and a customer-managed key", () => {
    test("PostgreSQL takes a key of its pair region's vault, as a second listed identity granted on it", () => {
        const w = world();
        w.grant();
        const geo = geoWorld(w);
        const server = (name: string, extra: { location?: string; identities?: unknown[]; encryption?: Record<string, unknown> } = {}) => w.create("azure-native:dbforpostgresql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, location: extra.location, backup: { backupRetentionDays: 35, geoRedundantBackup: "Enabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: Object.fromEntries((extra.identities ?? [w.identity.id, geo.identity.id]).map((id) => [id, {}])) },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: w.identity.id, geoBackupKeyURI: geo.key.state.keyUri, geoBackupUserAssignedIdentityId: geo.identity.id, ...extra.encryption },
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
        });
        expect(() => server("pg-nogeokey", { encryption: { geoBackupKeyURI: undefined } })).toThrow(/400 InvalidParameterValue: A server with geo-redundant backup and data encryption 'AzureKeyVault' needs dataEncryption.geoBackupKeyURI/);
        expect(() => server("pg-unlisted", { identities: [w.identity.id] })).toThrow(/InvalidGeoBackupUserAssignedIdentityId: dataEncryption.geoBackupUserAssignedIdentityId '.*id-geo' must be one of the server's user-assigned identities/);
        expect(() => server("pg-oneidentity", { encryption: { geoBackupUserAssignedIdentityId: w.identity.id }, identities: [w.identity.id] })).toThrow(/geoBackupUserAssignedIdentityId must differ from primaryUserAssignedIdentityId/);
        expect(() => server("pg-samevault", { encryption: { geoBackupKeyURI: w.key.state.keyUri } })).toThrow(/The key vault 'kv-svc' of dataEncryption.geoBackupKeyURI is in westeurope; the server's geo-redundant backups are kept in northeurope, the pair of westeurope/);
        expect(() => server("pg-geo")).toThrow(/KeyVaultAuthenticationFailure: PostgreSQL: the identity with principal id '.*' does not have get, wrapKey and unwrapKey on key 'cmk-geo'/);
        geo.grant();
        expect(server("pg-geo").state).toMatchObject({ backup: { geoRedundantBackup: "Enabled" }, dataEncryption: { geoBackupKeyURI: geo.key.state.keyUri } });
    });

    /** A PostgreSQL server in `location` with its geo key in a vault of `geoLocation`, each identity granted. */
    const pgIn = (location: string, geoLocation: string) => {
        const w = world({}, location);
        w.grant();
        const geo = geoWorld(w, geoLocation);
        geo.grant();
        return () => w.create("azure-native:dbforpostgresql:Server", `pg-${location}`, {
            resourceGroupName: "rg-byok", serverName: `pg-${location}`, location, backup: { geoRedundantBackup: "Enabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: { [w.identity.id as string]: {}, [geo.identity.id as string]: {} } },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: w.identity.id, geoBackupKeyURI: geo.key.state.keyUri, geoBackupUserAssignedIdentityId: geo.identity.id },
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
        });
    };

    test("a server in a region where its engine keeps no geo-redundant backup is refused, a region with a pair too", () => {
        expect(pgIn("italynorth", "westeurope")).toThrow(/400 InvalidParameterValue: Geo-redundant backup is not supported for a PostgreSQL server in italynorth\./);
        expect(pgIn("westus3", "eastus")).toThrow(/400 InvalidParameterValue: Geo-redundant backup is not supported for a PostgreSQL server in westus3\./);
    });

    test("PostgreSQL keeps Jio India West's geo-redundant backups in Jio India Central", () => {
        expect(pgIn("jioindiawest", "jioindiacentral")().state).toMatchObject({ backup: { geoRedundantBackup: "Enabled" } });
    });

    test("MySQL takes a versioned key of its pair region's vault that keeps deleted keys 90 days, as a listed identity granted on it (the primary's may serve)", () => {
        const w = world();
        w.grant();
        const server = (name: string, key: Record<string, unknown>, identity: unknown) => w.create("azure-native:dbformysql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", backup: { geoRedundantBackup: "Enabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: [...new Set([w.identity.id, identity])] },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUriWithVersion, primaryUserAssignedIdentityId: w.identity.id, geoBackupKeyURI: key.keyUriWithVersion, geoBackupUserAssignedIdentityId: identity },
        });
        const short = geoWorld(w, "northeurope", { softDeleteRetentionInDays: 30 });
        short.grant();
        expect(() => server("mysql-short", short.key.state, short.identity.id)).toThrow(/The key vault 'kv-geo' of dataEncryption.geoBackupKeyURI keeps deleted keys 30 days; the key's recovery level must be Recoverable/);
        const w2 = world();
        w2.grant();
        const geo = geoWorld(w2);
        const made = () => w2.create("azure-native:dbformysql:Server", "mysql-geo", {
            resourceGroupName: "rg-byok", serverName: "mysql-geo", administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", backup: { geoRedundantBackup: "Enabled" },
            identity: { type: "UserAssigned", userAssignedIdentities: [w2.identity.id] },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w2.key.state.keyUriWithVersion, primaryUserAssignedIdentityId: w2.identity.id, geoBackupKeyURI: geo.key.state.keyUriWithVersion, geoBackupUserAssignedIdentityId: w2.identity.id },
        });
        expect(made).toThrow(/MySQL: the identity with principal id '.*' does not have get, wrapKey and unwrapKey on key 'cmk-geo'/);
        w2.create("azure-native:authorization:RoleAssignment", "ra-primary-geo", { scope: geo.key.id, principalId: w2.identity.state.principalId, principalType: "ServicePrincipal", roleDefinitionId: serviceEncryptionUser });
        expect(made().state).toMatchObject({ backup: { geoRedundantBackup: "Enabled" } });
    });
});

test("random passwords hold the minimum of each class asked for, from the classes that are on", () => {
    const w = world();
    const password = (inputs: Record<string, unknown>) => String(w.create("random:index/randomPassword:RandomPassword", `pw-${JSON.stringify(inputs).length}`, inputs).state.result);
    const made = password({ length: 32, special: true, overrideSpecial: "-_.", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 2 });
    expect(made).toHaveLength(32);
    expect([/[a-z]/, /[A-Z]/, /[0-9]/, /[-_.]/].every((r) => r.test(made))).toBe(true);
    expect(made).toMatch(/^[a-zA-Z0-9_.-]+$/);
    expect(() => password({ length: 4, minLower: 3, minUpper: 3 })).toThrow(/does not hold the minimum counts/);
});

test("on an access-policy vault an Event Hubs namespace's identity needs list too, as Microsoft's guide grants", () => {
    const granted = (keys: string[]) => {
        const w = world({ enableRbacAuthorization: false, accessPolicies: [] });
        w.create("azure-native:keyvault:AccessPolicy", "ap", { resourceGroupName: "rg-byok", vaultName: "kv-svc", policy: { tenantId: mockAzureDefaults.tenantId, objectId: w.identity.state.principalId, permissions: { keys } } });
        return w;
    };
    expect(() => granted(["get", "wrapKey", "unwrapKey"]).eventHubs()).toThrow(/does not have get, list, wrapKey and unwrapKey on key 'cmk'/);
    expect(granted(["get", "wrapKey", "unwrapKey", "list"]).eventHubs().state.serviceBusEndpoint).toBe("https://evh-svc-01.servicebus.windows.net:443/");
});

test("an Event Hubs namespace wraps with its key only on Premium, as the identity its key entry names, once granted", () => {
    const w = world();
    expect(() => w.eventHubs()).toThrow(/KeyVaultAuthenticationFailure.*ForbiddenByRbac/);
    w.grant();
    expect(w.eventHubs().state.serviceBusEndpoint).toBe("https://evh-svc-01.servicebus.windows.net:443/");
    const other = world();
    other.grant();
    expect(() => other.eventHubs({ namespaceName: "evh-std-01", sku: { name: "Standard", tier: "Standard" } })).toThrow(/CustomerManagedKeyNotSupported/);
    expect(() => other.eventHubs({ namespaceName: "evh-id-01", encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: `${rgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-other` } }] } })).toThrow(/InvalidEncryptionIdentity/);
    expect(() => other.eventHubs({ namespaceName: "evh-key-01", encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "nope", identity: { userAssignedIdentity: other.identity.id } }] } })).toThrow(/KeyVaultKeyNotFound/);
    expect(() => other.eventHubs({ namespaceName: "1evh" })).toThrow(/InvalidNamespaceName/);
    expect(() => other.eventHubs({ namespaceName: "evh-cap-01", sku: { name: "Premium", tier: "Premium", capacity: 3 } })).toThrow(/InvalidCapacity/);
    const closed = world({ publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "None" } });
    closed.grant();
    expect(() => closed.eventHubs()).toThrow(/ForbiddenByFirewall/);
});

test("a Service Bus namespace is checked like an Event Hubs one, and the two share one namespace name space", () => {
    const w = world();
    const serviceBus = (namespaceName: string) => w.create("azure-native:servicebus:Namespace", `sb-${namespaceName}`, {
        resourceGroupName: "rg-byok", namespaceName, sku: { name: "Premium", tier: "Premium", capacity: 1 },
        identity: { type: "UserAssigned", userAssignedIdentities: [w.identity.id] },
        encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: w.identity.id } }] },
    });
    expect(() => serviceBus("sb-svc-01")).toThrow(/Service Bus: the identity .* ForbiddenByRbac/);
    w.grant();
    expect(serviceBus("sb-svc-01").id).toBe(`${rgId}/providers/Microsoft.ServiceBus/namespaces/sb-svc-01`);
    w.eventHubs();
    expect(() => serviceBus("evh-svc-01")).toThrow(/409 Conflict: The namespace name 'evh-svc-01' is already in use/);
    expect(() => serviceBus("orders-sb")).toThrow(/InvalidNamespaceName/);
});

describe("what each service refuses", () => {
    test("a key in a vault without purge protection", () => {
        const w = world({ enablePurgeProtection: undefined });
        w.grant();
        expect(() => w.storage()).toThrow(/soft delete and purge protection/);
    });

    test("a premium-only kind on a standard SKU", () => {
        const create = (kind: string, sku: string) => world().create("azure-native:storage:StorageAccount", "sa", { resourceGroupName: "rg-byok", accountName: "sakind01", kind, sku: { name: sku } });
        expect(() => create("BlockBlobStorage", "Standard_GRS")).toThrow(/InvalidSku.*'Standard_GRS' is not offered for kind BlockBlobStorage, which is premium only/);
        expect(() => create("FileStorage", "Standard_LRS")).toThrow(/InvalidSku/);
        expect(create("BlockBlobStorage", "Premium_ZRS").id).toMatch(/storageAccounts\/sakind01$/);
    });

    test("a geo-redundant SKU in a region without a pair, a zone-redundant one in a region without zones", () => {
        const create = (location: string, sku: string) => world().create("azure-native:storage:StorageAccount", "sa", { resourceGroupName: "rg-byok", accountName: "saregion01", location, kind: "StorageV2", sku: { name: sku } });
        expect(() => create("italynorth", "Standard_GRS")).toThrow(/RedundancyConfigurationNotAvailableInRegion.*Sku: Standard_GRS, Kind: StorageV2 - not available in selected Region - italynorth/);
        expect(() => create("West US", "Standard_ZRS")).toThrow(/RedundancyConfigurationNotAvailableInRegion.*Region - westus\./);
        expect(() => create("westus", "Standard_RAGZRS")).toThrow(/RedundancyConfigurationNotAvailableInRegion/);
        expect(create("italynorth", "Standard_ZRS").id).toMatch(/storageAccounts\/saregion01$/);
        expect(create("westus", "Standard_GRS").id).toMatch(/storageAccounts\/saregion01$/);
    });

    test("blob settings on a file-only account", () => {
        const w = world();
        w.create("azure-native:storage:StorageAccount", "files", { resourceGroupName: "rg-byok", accountName: "safiles01", kind: "FileStorage", sku: { name: "Premium_LRS" } });
        expect(() => w.create("azure-native:storage:BlobServiceProperties", "blob-service", { resourceGroupName: "rg-byok", accountName: "safiles01", blobServicesName: "default", deleteRetentionPolicy: { enabled: true, days: 7 } }))
            .toThrow(/FeatureNotSupportedForAccount.*Blob is not supported for the account/);
        expect(() => w.create("azure-native:storage:BlobContainer", "c", { resourceGroupName: "rg-byok", accountName: "safiles01", containerName: "data" })).toThrow(/FeatureNotSupportedForAccount/);
    });

    test("a storage account on a Key Vault source without key properties", () => {
        const w = world();
        w.grant();
        expect(() => w.storage({ keyVaultProperties: undefined })).toThrow(/MissingKeyvaultProperties.*The encryption keyvault properties are missing from the request/);
        expect(() => w.storage({ keyVaultProperties: { keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "" } })).toThrow(/KeyVaultKeyNotFound/);
    });

    test("an access-key expiry or a SAS lifetime Azure cannot read", () => {
        const w = world();
        w.grant();
        expect(() => w.storage({}, { keyPolicy: { keyExpirationPeriodInDays: 0 } })).toThrow(/InvalidValuesForRequestParameters.*keyPolicy.keyExpirationPeriodInDays is invalid: 0/);
        expect(() => w.storage({}, { keyPolicy: { keyExpirationPeriodInDays: 1e12 } })).toThrow(/InvalidValuesForRequestParameters.*keyPolicy.keyExpirationPeriodInDays is invalid: 1000000000000/);
        expect(() => w.storage({}, { sasPolicy: { sasExpirationPeriod: "1.24:00:00", expirationAction: "Log" } })).toThrow(/InvalidValuesForRequestParameters.*sasExpirationPeriod is invalid: 1.24:00:00/);
        expect(() => w.storage({}, { sasPolicy: { sasExpirationPeriod: "0.00:00:00", expirationAction: "Log" } })).toThrow(/sasExpirationPeriod is invalid/);
        expect(() => w.storage({}, { sasPolicy: { sasExpirationPeriod: "7", expirationAction: "Log" } })).toThrow(/sasExpirationPeriod is invalid/);
        expect(() => w.storage({}, { sasPolicy: { sasExpirationPeriod: "1.00:00:00", expirationAction: "Deny" } })).toThrow(/expirationAction is invalid: Deny/);
        expect(w.storage({}, { keyPolicy: { keyExpirationPeriodInDays: 90 }, sasPolicy: { sasExpirationPeriod: "30.12:00:00", expirationAction: "Block" } }).id).toMatch(/storageAccounts\/sasvc01$/);
    });

    test("a registry that disables exports while public access is on", () => {
        const w = world();
        w.grant();
        expect(() => w.registry({ publicNetworkAccess: "Enabled", policies: { exportPolicy: { status: "disabled" } } })).toThrow(/export policy can be disabled only/);
    });

    test("a registry encrypted with a key on a Standard SKU", () => {
        const w = world();
        w.grant();
        expect(() => w.registry({ sku: { name: "Standard" } })).toThrow(/only supported on the Premium SKU/);
    });

    test("a registry naming its identity by resource id instead of client id", () => {
        const w = world();
        w.grant();
        expect(() => w.registry({ encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: w.key.state.keyUri, identity: w.identity.id } } })).toThrow(/client id of one of the registry's user-assigned identities/);
    });

    test("a registry's zone redundancy Azure does not know", () => {
        const w = world();
        w.grant();
        expect(() => w.registry({ zoneRedundancy: "enabled" })).toThrow(/InvalidZoneRedundancy.*'enabled' is invalid; use Enabled or Disabled/);
        expect(w.registry({ zoneRedundancy: "Enabled" }).id).toMatch(/registries\/acrsvc01$/);
    });

    test("a zone-redundant registry or replica in a region without availability zones, where a zone-redundancy-free one is taken", () => {
        const w = world();
        w.grant();
        expect(() => w.registry({ location: "UK West", zoneRedundancy: "Enabled" })).toThrow("400 InvalidZoneRedundancy: The registry's zoneRedundancy 'Enabled' is not supported in region 'ukwest', which has no availability zones.");
        w.registry({ location: "ukwest", zoneRedundancy: "Disabled" });
        const replica = (location: string, zoneRedundancy: string) => w.create("azure-native:containerregistry:Replication", `rep-${location}`, { resourceGroupName: "rg-byok", registryName: "acrsvc01", replicationName: location, location, zoneRedundancy });
        expect(() => replica("westus", "Enabled")).toThrow("400 InvalidZoneRedundancy: The replication's zoneRedundancy 'Enabled' is not supported in region 'westus', which has no availability zones.");
        expect(replica("westus", "Disabled").state).toMatchObject({ location: "westus", zoneRedundancy: "Disabled" });
        expect(replica("uksouth", "Enabled").state).toMatchObject({ location: "uksouth", zoneRedundancy: "Enabled" });
    });

    test("a replica in a region the registry is in already, its home region included, and one of a registry that is not there or not Premium", () => {
        const w = world();
        w.grant();
        w.registry({ location: "West Europe" });
        const replica = (replicationName: string, location: string, registryName = "acrsvc01") => w.create("azure-native:containerregistry:Replication", `rep-${replicationName}`, { resourceGroupName: "rg-byok", registryName, replicationName, location });
        expect(() => replica("westeurope", "westeurope")).toThrow(/409 ReplicationAlreadyExists: Registry 'acrsvc01' has a replication in westeurope already: its home replication, which Azure made with the registry and never deletes/);
        expect(replica("northeurope", "North Europe").state).toMatchObject({ name: "northeurope", location: "northeurope", zoneRedundancy: "Disabled", regionEndpointEnabled: true });
        expect(() => replica("neuagain", "northeurope")).toThrow(/ReplicationAlreadyExists: Registry 'acrsvc01' has a replication in northeurope already: another replication/);
        expect(() => replica("us", "eastus")).toThrow(/InvalidReplicationName/);
        expect(() => replica("eastus", "eastus", "acrnothere")).toThrow(/ResourceNotFound|404/);
        w.create("azure-native:containerregistry:Registry", "acr-std", { resourceGroupName: "rg-byok", registryName: "acrstd01", sku: { name: "Standard" } });
        expect(() => replica("eastus", "eastus", "acrstd01")).toThrow(/GeoReplicationNotSupportedForSku.*only supported on the Premium SKU; registry 'acrstd01' is Standard/);
    });

    test("a disk encryption set with a versionless key URL, but not with the versioned one", () => {
        const w = world();
        expect(() => w.des(w.key.state.keyUri)).toThrow(/needs a versioned key URL/);
        expect(() => w.des(w.key.state.keyUriWithVersion)).not.toThrow();
    });

    test("a registry or storage account name taken elsewhere, since both are globally unique", () => {
        const w = world();
        w.grant();
        w.storage();
        w.registry();
        w.create("azure-native:resources:ResourceGroup", "rg2", { resourceGroupName: "rg-other", location: "westeurope" });
        expect(() => w.create("azure-native:storage:StorageAccount", "sa2", { resourceGroupName: "rg-other", accountName: "sasvc01", kind: "StorageV2", sku: { name: "Standard_LRS" } })).toThrow(/StorageAccountAlreadyTaken/);
        expect(() => w.create("azure-native:containerregistry:Registry", "acr2", { resourceGroupName: "rg-other", registryName: "ACRSVC01", sku: { name: "Basic" } })).toThrow(/AlreadyInUse/);
    });

    test("a storage key version that does not exist", () => {
        const w = world();
        w.grant();
        expect(() => w.storage({ keyVaultProperties: { keyVaultUri: "https://kv-svc.vault.azure.net/", keyName: "cmk", keyVersion: "0".repeat(32) } })).toThrow(/KeyVaultKeyVersionNotFound/);
    });
});

test("a PostgreSQL flexible server takes its key only from a key store in its own subscription", () => {
    const other = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const m = new AzureMocks({
        ...mockAzureDefaults,
        resourceGroups: [...mockAzureDefaults.resourceGroups, { name: "rg-security", location: "westeurope", subscriptionId: other }],
        vaults: [{ subscriptionId: other, name: "kv-platform", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        keys: [{ vaultName: "kv-platform", name: "pg-cmk", kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] }],
    }, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    const identity = create("azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-byok", resourceName: "id-pg" });
    const keyId = `/subscriptions/${other}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-platform/keys/pg-cmk`;
    create("azure-native:authorization:RoleAssignment", "ra", {
        scope: keyId, principalId: identity.state.principalId, principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${other}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
    });
    expect(() => create("azure-native:dbforpostgresql:Server", "pg", {
        resourceGroupName: "rg-byok", serverName: "pg-cross", identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id as string]: {} } },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: "https://kv-platform.vault.azure.net/keys/pg-cmk", primaryUserAssignedIdentityId: identity.id },
        authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
    })).toThrow(new RegExp(`The key vault 'kv-platform' of dataEncryption.primaryKeyURI is in subscription ${other}; the server's key store must be in the server's subscription, ${sub}`));
});

describe("regions and standbys, as Azure takes them", () => {
    test("a Cosmos DB account lists each region once, at a priority of its own from 0", () => {
        const w = world();
        w.grant();
        const regions = (name: string, locations: unknown[]) => () => w.cosmos({ accountName: name, locations });
        expect(regions("cosmos-twice", [{ locationName: "westeurope", failoverPriority: 0 }, { locationName: "West Europe", failoverPriority: 1 }])).toThrow("400 BadRequest: locations lists region 'westeurope' more than once.");
        expect(regions("cosmos-gap", [{ locationName: "westeurope", failoverPriority: 0 }, { locationName: "northeurope", failoverPriority: 2 }])).toThrow(/400 BadRequest: Failover priorities \[0,2\] are invalid: each region needs its own, from 0 \(the write region\) to 1\./);
        expect(regions("cosmos-nowrite", [{ locationName: "westeurope", failoverPriority: 1 }, { locationName: "northeurope", failoverPriority: 1 }])).toThrow(/Failover priorities \[1,1\] are invalid/);
        expect(regions("cosmos-multi", [{ locationName: "westeurope", failoverPriority: 0, isZoneRedundant: true }, { locationName: "northeurope", failoverPriority: 1 }])().state).toMatchObject({ locations: [{ locationName: "westeurope" }, { locationName: "northeurope" }] });
    });

    test("a Cosmos DB account is zone-redundant only in regions with availability zones, its write region or any other", () => {
        const w = world();
        w.grant();
        const regions = (name: string, locations: unknown[]) => () => w.cosmos({ accountName: name, locations });
        expect(regions("cosmos-ukw", [{ locationName: "ukwest", failoverPriority: 0, isZoneRedundant: true }])).toThrow("400 BadRequest: Zone Redundant Accounts are not supported in ukwest Location yet. Please try other locations.");
        expect(regions("cosmos-wus", [{ locationName: "westeurope", failoverPriority: 0, isZoneRedundant: true }, { locationName: "West US", failoverPriority: 1, isZoneRedundant: true }])).toThrow(/Zone Redundant Accounts are not supported in West US Location yet/);
        expect(regions("cosmos-nozr", [{ locationName: "ukwest", failoverPriority: 0, isZoneRedundant: false }, { locationName: "westus", failoverPriority: 1 }])().state).toMatchObject({ locations: [{ locationName: "ukwest" }, { locationName: "westus" }] });
    });

    test("a flexible server in a region without availability zones keeps a same-zone standby, but no zone-redundant one and no zone", () => {
        const w = world({}, "ukwest");
        w.grant();
        const pg = (name: string, extra: Record<string, unknown>) => () => w.create("azure-native:dbforpostgresql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, location: "UK West", sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
            identity: { type: "UserAssigned", userAssignedIdentities: { [w.identity.id as string]: {} } },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: w.identity.id },
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
            ...extra,
        });
        const mysql = (name: string, extra: Record<string, unknown>) => () => w.create("azure-native:dbformysql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, location: "westus", administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", ...extra,
        });
        expect(pg("pg-ukw-zr", { highAvailability: { mode: "ZoneRedundant" } })).toThrow("400 InvalidParameterValue: Zone redundant high availability is not supported for a PostgreSQL server in ukwest, which has no availability zones.");
        expect(mysql("mysql-wus-zr", { highAvailability: { mode: "ZoneRedundant" } })).toThrow("400 InvalidParameterValue: Zone redundant high availability is not supported for a MySQL server in westus, which has no availability zones.");
        expect(pg("pg-ukw-zone", { availabilityZone: "1" })).toThrow("400 InvalidParameterValue: Invalid value given for parameter availabilityZone '1': ukwest has no availability zones.");
        expect(mysql("mysql-wus-standby", { highAvailability: { mode: "SameZone", standbyAvailabilityZone: "2" } })).toThrow("400 InvalidParameterValue: Invalid value given for parameter highAvailability.standbyAvailabilityZone '2': westus has no availability zones.");
        // The PostgreSQL SDK's empty zone is no zone.
        expect(pg("pg-ukw-same", { availabilityZone: "", highAvailability: { mode: "SameZone" } })().state).toMatchObject({ highAvailability: { mode: "SameZone" } });
        expect(mysql("mysql-wus-same", { highAvailability: { mode: "SameZone" } })().state).toMatchObject({ highAvailability: { mode: "SameZone" } });
    });

    test("a flexible server keeps no standby on the Burstable tier, nor a zone-redundant one in its own zone", () => {
        const w = world();
        w.grant();
        const pg = (name: string, extra: Record<string, unknown>) => () => w.create("azure-native:dbforpostgresql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
            identity: { type: "UserAssigned", userAssignedIdentities: { [w.identity.id as string]: {} } },
            dataEncryption: { type: "AzureKeyVault", primaryKeyURI: w.key.state.keyUri, primaryUserAssignedIdentityId: w.identity.id },
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
            ...extra,
        });
        const mysql = (name: string, extra: Record<string, unknown>) => () => w.create("azure-native:dbformysql:Server", name, {
            resourceGroupName: "rg-byok", serverName: name, administratorLogin: "mysqladmin", administratorLoginPassword: "Xy9_kq2-Lm4.Rt7!", ...extra,
        });
        expect(pg("pg-burst", { sku: { name: "Standard_B2s", tier: "Burstable" }, highAvailability: { mode: "SameZone" } })).toThrow("400 InvalidParameterValue: High availability is not supported for a PostgreSQL server in the Burstable tier.");
        expect(mysql("mysql-burst", { sku: { name: "Standard_B1ms", tier: "Burstable" }, highAvailability: { mode: "ZoneRedundant" } })).toThrow("400 InvalidParameterValue: High availability is not supported for a MySQL server in the Burstable tier.");
        expect(pg("pg-samezone", { availabilityZone: "2", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } })).toThrow("400 InvalidParameterValue: Your server is in availability zone 2. The zone of the server cannot be same as the standby zone.");
        expect(pg("pg-mode", { highAvailability: { mode: "Enabled" } })).toThrow(/Invalid value given for parameter highAvailability.mode 'Enabled'/);
        expect(pg("pg-ha", { availabilityZone: "1", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } })().state).toMatchObject({ highAvailability: { mode: "ZoneRedundant" } });
        // Unwritten, both zones arrive as azure-native's default "": Azure chooses them, and they are not one zone.
        expect(pg("pg-ha-any", { availabilityZone: "", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "" } })().state).toMatchObject({ highAvailability: { mode: "ZoneRedundant" } });
        expect(pg("pg-ha-standby", { availabilityZone: "", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } })().state).toMatchObject({ highAvailability: { mode: "ZoneRedundant" } });
        expect(mysql("mysql-burst-off", { sku: { name: "Standard_B1ms", tier: "Burstable" }, highAvailability: { mode: "Disabled" } })().state).toMatchObject({ highAvailability: { mode: "Disabled" } });
        // Microsoft's MySQL high-availability guide: storage autogrow "can't be disabled" on a server with a standby.
        expect(mysql("mysql-ha-fixed", { sku: { name: "Standard_D2ds_v4", tier: "GeneralPurpose" }, storage: { storageSizeGB: 128, autoGrow: "Disabled" }, highAvailability: { mode: "SameZone" } })).toThrow("400 InvalidParameterValue: Storage autogrow must be enabled for a MySQL server with high availability.");
        expect(mysql("mysql-ha-grows", { sku: { name: "Standard_D2ds_v4", tier: "GeneralPurpose" }, storage: { storageSizeGB: 128, autoGrow: "Enabled" }, highAvailability: { mode: "SameZone" } })().state).toMatchObject({ highAvailability: { mode: "SameZone" } });
    });
});
