import { Parameters, Profile, resolveParameters, ResourceView, Rule } from "../../policies/lib/rule";
import { rules } from "../../policies/rules";
import { deepFreeze } from "../../policies/lib/struct-memo";

/** The engine's unknown-string sentinel, as a preview sends a value not known yet. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
export const VAULT_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-good`;
export const KEY_ID = `${VAULT_ID}/keys/cmk`;
export const IDENTITY_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk`;
export const CLIENT_ID = "11111111-1111-1111-1111-111111111111";
export const PRINCIPAL_ID = "22222222-2222-2222-2222-222222222222";
export const CSEU = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`;
export const KEY_URI = "https://kv-good.vault.azure.net/keys/cmk";
export const VERSION = "0123456789abcdef0123456789abcdef";

/** Epoch seconds `days` from now: known-good expiries stay far enough ahead whatever day the tests run. */
function daysFromNow(days: number): number {
    return Math.floor(Date.now() / 1000) + days * 86400;
}

/** Known-good inputs, one factory per resource type. */
export const good = {
    vault: () => ({
        resourceGroupName: "rg",
        vaultName: "kv-good",
        properties: {
            tenantId: "33333333-3333-3333-3333-333333333333",
            sku: { family: "A", name: "premium" },
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            enableRbacAuthorization: true,
            publicNetworkAccess: "Disabled",
            networkAcls: { bypass: "AzureServices", defaultAction: "Deny", ipRules: [] as { value: string }[], virtualNetworkRules: [] },
        },
    }),
    key: () => ({
        resourceGroupName: "rg",
        vaultName: "kv-good",
        keyName: "cmk",
        properties: {
            kty: "RSA-HSM",
            keySize: 3072,
            keyOps: ["wrapKey", "unwrapKey"],
            attributes: { enabled: true, exportable: false, expires: daysFromNow(365) },
            rotationPolicy: {
                attributes: { expiryTime: "P1Y" },
                lifetimeActions: [
                    { action: { type: "rotate" }, trigger: { timeAfterCreate: "P30D" } },
                    { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
                ],
            },
        },
    }),
    secret: () => ({
        resourceGroupName: "rg",
        vaultName: "kv-good",
        secretName: "vendor-client-secret",
        properties: { value: "[secret]", contentType: "text/plain", attributes: { enabled: true, expires: daysFromNow(180) } },
    }),
    managedHsm: () => ({
        resourceGroupName: "rg",
        name: "hsm-good",
        sku: { family: "B", name: "Standard_B1" },
        properties: {
            tenantId: "33333333-3333-3333-3333-333333333333",
            initialAdminObjectIds: ["44444444-4444-4444-4444-444444444444"],
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            publicNetworkAccess: "Disabled",
            networkAcls: { bypass: "AzureServices", defaultAction: "Deny" },
        },
    }),
    registry: () => ({
        resourceGroupName: "rg",
        registryName: "acrgood",
        sku: { name: "Premium" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        publicNetworkAccess: "Disabled",
        networkRuleBypassOptions: "AzureServices",
        policies: { exportPolicy: { status: "disabled" }, azureADAuthenticationAsArmPolicy: { status: "disabled" } },
        identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } },
        encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: KEY_URI, identity: CLIENT_ID } },
    }),
    storageAccount: () => ({
        resourceGroupName: "rg",
        accountName: "stgood",
        kind: "StorageV2",
        sku: { name: "Standard_GRS" },
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        publicNetworkAccess: "Disabled",
        networkRuleSet: { bypass: "AzureServices", defaultAction: "Deny", ipRules: [] },
        keyPolicy: { keyExpirationPeriodInDays: 90 },
        sasPolicy: { sasExpirationPeriod: "0.01:00:00", expirationAction: "Block" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            keyVaultProperties: { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk" },
            encryptionIdentity: { encryptionUserAssignedIdentity: IDENTITY_ID },
            requireInfrastructureEncryption: true,
            services: {
                blob: { enabled: true, keyType: "Account" },
                file: { enabled: true, keyType: "Account" },
                queue: { enabled: true, keyType: "Account" },
                table: { enabled: true, keyType: "Account" },
            },
        },
    }),
    diskEncryptionSet: () => ({
        resourceGroupName: "rg",
        diskEncryptionSetName: "des",
        encryptionType: "EncryptionAtRestWithPlatformAndCustomerKeys",
        rotationToLatestKeyVersionEnabled: true,
        activeKey: { keyUrl: `${KEY_URI}/${VERSION}` },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
    }),
    disk: () => ({
        resourceGroupName: "rg",
        diskName: "data-0",
        creationData: { createOption: "Empty" },
        diskSizeGB: 128,
        encryption: { type: "EncryptionAtRestWithPlatformAndCustomerKeys", diskEncryptionSetId: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des` },
    }),
    managedCluster: () => ({
        resourceGroupName: "rg",
        resourceName: "aks-good",
        dnsPrefix: "aks-good",
        agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4s_v5", enableEncryptionAtHost: true }],
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        diskEncryptionSetID: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`,
        securityProfile: { azureKeyVaultKms: { enabled: true, keyId: `${KEY_URI}/${VERSION}`, keyVaultNetworkAccess: "Private", keyVaultResourceId: VAULT_ID } },
        apiServerAccessProfile: { enableVnetIntegration: true, subnetId: `${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apiserver` },
    }),
    virtualMachine: () => ({
        resourceGroupName: "rg",
        vmName: "vm-good",
        hardwareProfile: { vmSize: "Standard_D4s_v5" },
        securityProfile: { encryptionAtHost: true },
        storageProfile: {
            osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS", diskEncryptionSet: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des` } } },
            dataDisks: [
                { lun: 0, createOption: "Empty", diskSizeGB: 128, managedDisk: { diskEncryptionSet: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des` } } },
                { lun: 1, createOption: "Attach", managedDisk: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/data-0` } },
            ],
        },
    }),
    virtualMachineScaleSet: () => ({
        resourceGroupName: "rg",
        vmScaleSetName: "vmss-good",
        sku: { name: "Standard_D4s_v5", capacity: 2 },
        virtualMachineProfile: {
            securityProfile: { encryptionAtHost: true },
            storageProfile: { osDisk: { createOption: "FromImage", managedDisk: { diskEncryptionSet: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des` } } } },
        },
    }),
    agentPool: () => ({
        resourceGroupName: "rg",
        resourceName: "aks-good",
        agentPoolName: "user",
        mode: "User",
        count: 3,
        vmSize: "Standard_D4s_v5",
        enableEncryptionAtHost: true,
    }),
    cosmosAccount: () => ({
        resourceGroupName: "rg",
        accountName: "cosmos-good",
        databaseAccountOfferType: "Standard",
        locations: [{ locationName: "westeurope" }],
        keyVaultKeyUri: KEY_URI,
        defaultIdentity: `UserAssignedIdentity=${IDENTITY_ID}`,
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        publicNetworkAccess: "Disabled",
    }),
    eventHubNamespace: () => ({
        resourceGroupName: "rg",
        namespaceName: "evh-good",
        sku: { name: "Premium", tier: "Premium", capacity: 1 },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: IDENTITY_ID } }], requireInfrastructureEncryption: true },
        publicNetworkAccess: "Disabled",
    }),
    serviceBusNamespace: () => ({
        resourceGroupName: "rg",
        namespaceName: "sb-good",
        sku: { name: "Premium", tier: "Premium", capacity: 1 },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: IDENTITY_ID } }], requireInfrastructureEncryption: true },
        publicNetworkAccess: "Disabled",
    }),
    eventHubNetworkRuleSet: () => ({
        resourceGroupName: "rg",
        namespaceName: "evh-good",
        defaultAction: "Deny",
        publicNetworkAccess: "Disabled",
        trustedServiceAccessEnabled: true,
    }),
    serviceBusNetworkRuleSet: () => ({
        resourceGroupName: "rg",
        namespaceName: "sb-good",
        defaultAction: "Deny",
        publicNetworkAccess: "Disabled",
        trustedServiceAccessEnabled: true,
    }),
    sqlServer: () => ({
        resourceGroupName: "rg",
        serverName: "sql-good",
        administrators: { administratorType: "ActiveDirectory", azureADOnlyAuthentication: true, login: "dba", sid: "55555555-5555-5555-5555-555555555555" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        primaryUserAssignedIdentityId: IDENTITY_ID,
        keyId: `${KEY_URI}/${VERSION}`,
        publicNetworkAccess: "Disabled",
    }),
    sqlEncryptionProtector: () => ({
        resourceGroupName: "rg",
        serverName: "sql-good",
        encryptionProtectorName: "current",
        serverKeyType: "AzureKeyVault",
        serverKeyName: `kv-good_cmk_${VERSION}`,
        autoRotationEnabled: true,
    }),
    sqlTransparentDataEncryption: () => ({
        resourceGroupName: "rg",
        serverName: "sql-good",
        databaseName: "orders",
        tdeName: "current",
        state: "Enabled",
    }),
    sqlServerKey: () => ({
        resourceGroupName: "rg",
        serverName: "sql-good",
        keyName: `kv-good_cmk_${VERSION}`,
        serverKeyType: "AzureKeyVault",
        uri: `${KEY_URI}/${VERSION}`,
    }),
    sqlManagedInstance: () => ({
        resourceGroupName: "rg",
        managedInstanceName: "sqlmi-good",
        sku: { name: "GP_Gen5", tier: "GeneralPurpose" },
        subnetId: `${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sqlmi`,
        administrators: { administratorType: "ActiveDirectory", azureADOnlyAuthentication: true, login: "dba", sid: "55555555-5555-5555-5555-555555555555" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        primaryUserAssignedIdentityId: IDENTITY_ID,
        keyId: `${KEY_URI}/${VERSION}`,
        publicDataEndpointEnabled: false,
    }),
    cognitiveAccount: () => ({
        resourceGroupName: "rg",
        accountName: "ai-good",
        kind: "AIServices",
        sku: { name: "S0" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        properties: { publicNetworkAccess: "Disabled", encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", identityClientId: CLIENT_ID } } },
    }),
    dataFactory: () => ({
        resourceGroupName: "rg",
        factoryName: "adf-good",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { vaultBaseUrl: "https://kv-good.vault.azure.net/", keyName: "cmk", identity: { userAssignedIdentity: IDENTITY_ID } },
        publicNetworkAccess: "Disabled",
    }),
    postgresqlServer: () => ({
        resourceGroupName: "rg",
        serverName: "psql-good",
        version: "16",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        // Versionless: PostgreSQL's automatic key version updates.
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: KEY_URI, primaryUserAssignedIdentityId: IDENTITY_ID },
        network: { publicNetworkAccess: "Disabled" },
    }),
    mysqlServer: () => ({
        resourceGroupName: "rg",
        serverName: "mysql-good",
        version: "8.0.21",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        dataEncryption: { type: "AzureKeyVault", primaryKeyURI: `${KEY_URI}/${VERSION}`, primaryUserAssignedIdentityId: IDENTITY_ID },
        network: { publicNetworkAccess: "Disabled" },
    }),
    recoveryServicesVault: () => ({
        resourceGroupName: "rg",
        vaultName: "rsv-good",
        sku: { name: "RS0", tier: "Standard" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        properties: {
            publicNetworkAccess: "Disabled",
            encryption: { keyVaultProperties: { keyUri: KEY_URI }, kekIdentity: { userAssignedIdentity: IDENTITY_ID }, infrastructureEncryption: "Enabled" },
        },
    }),
    blobContainer: () => ({
        resourceGroupName: "rg",
        accountName: "stgood",
        containerName: "tenant-a-data",
        publicAccess: "None",
        defaultEncryptionScope: "tenant-a",
        denyEncryptionScopeOverride: true,
    }),
    encryptionScope: () => ({
        resourceGroupName: "rg",
        accountName: "stgood",
        encryptionScopeName: "tenant-a",
        source: "Microsoft.KeyVault",
        keyVaultProperties: { keyUri: KEY_URI },
        requireInfrastructureEncryption: true,
    }),
    mlWorkspace: () => ({
        resourceGroupName: "rg",
        workspaceName: "mlw-good",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        primaryUserAssignedIdentity: IDENTITY_ID,
        encryption: {
            status: "Enabled",
            keyVaultProperties: { keyIdentifier: `${KEY_URI}/${VERSION}`, keyVaultArmId: VAULT_ID, identityClientId: CLIENT_ID },
            identity: { userAssignedIdentity: IDENTITY_ID },
        },
        publicNetworkAccess: "Disabled",
    }),
    synapseWorkspace: () => ({
        resourceGroupName: "rg",
        workspaceName: "syn-good",
        identity: { type: "SystemAssigned,UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { cmk: { key: { name: "default", keyVaultUrl: KEY_URI }, kekIdentity: { userAssignedIdentity: IDENTITY_ID, useSystemAssignedIdentity: false } } },
        publicNetworkAccess: "Disabled",
    }),
    synapseSqlPool: () => ({
        resourceGroupName: "rg",
        workspaceName: "syn-good",
        sqlPoolName: "pool",
        sku: { name: "DW100c" },
        createMode: "Default",
    }),
    synapseSqlPoolTransparentDataEncryption: () => ({
        resourceGroupName: "rg",
        workspaceName: "syn-good",
        sqlPoolName: "pool",
        transparentDataEncryptionName: "current",
        status: "Enabled",
    }),
    logAnalyticsCluster: () => ({
        resourceGroupName: "rg",
        clusterName: "la-good",
        sku: { name: "CapacityReservation", capacity: 100 },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        keyVaultProperties: { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", keyVersion: "" },
    }),
    kustoCluster: () => ({
        resourceGroupName: "rg",
        clusterName: "adxgood",
        sku: { name: "Standard_E8ads_v5", tier: "Standard", capacity: 2 },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        keyVaultProperties: { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", userIdentity: IDENTITY_ID },
        enableDoubleEncryption: true,
        enableDiskEncryption: true,
        publicNetworkAccess: "Disabled",
    }),
    appConfigurationStore: () => ({
        resourceGroupName: "rg",
        configStoreName: "appcs-good",
        sku: { name: "standard" },
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { keyVaultProperties: { keyIdentifier: KEY_URI, identityClientId: CLIENT_ID } },
        publicNetworkAccess: "Disabled",
    }),
    batchAccount: () => ({
        resourceGroupName: "rg",
        accountName: "batchgood",
        identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
        encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: { keyIdentifier: KEY_URI } },
        publicNetworkAccess: "Disabled",
    }),
    databricksWorkspace: () => ({
        resourceGroupName: "rg",
        workspaceName: "dbw-good",
        managedResourceGroupId: `${SUB}/resourceGroups/rg-dbw-managed`,
        sku: { name: "premium" },
        encryption: { entities: { managedDisk: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", keyVersion: VERSION }, rotationToLatestKeyVersionEnabled: true } } },
        parameters: {
            prepareEncryption: { value: true },
            encryption: { value: { keySource: "Microsoft.Keyvault", keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk", keyVersion: VERSION } },
        },
        publicNetworkAccess: "Disabled",
    }),
    application: () => ({ displayName: "app", signInAudience: "AzureADMyOrg" }),
    applicationCertificate: () => ({ applicationId: "/applications/abc", type: "AsymmetricX509Cert", value: "PEM", startDate: "2026-01-01T00:00:00Z", endDate: "2026-12-31T00:00:00Z" }),
    applicationPassword: () => ({ applicationId: "/applications/abc", startDate: "2026-01-01T00:00:00Z", endDate: "2026-06-01T00:00:00Z" }),
};

/**
 * Known-good outputs after deploy, for resource types whose outputs lack what their inputs say
 * (create-only properties as well as path parameters), one factory per resource type.
 */
export const deployedOutputs = {
    // uri and serverKeyType are create-only (ServerKeys.json x-ms-mutability ["create"]), so only the
    // name, <vault>_<key>_<version>, says the key (node_modules/@pulumi/azure-native/sql/serverKey.d.ts).
    sqlServerKey: () => ({
        name: `kv-good_cmk_${VERSION}`,
        id: `${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-good/keys/kv-good_cmk_${VERSION}`,
        type: "Microsoft.Sql/servers/keys",
        kind: "azurekeyvault",
        location: "westeurope",
        subregion: "westeurope",
        thumbprint: "0123456789ABCDEF0123456789ABCDEF01234567",
        creationDate: "2026-01-01T00:00:00Z",
        autoRotationEnabled: false,
    }),
};

export const TYPES = {
    vault: "azure-native:keyvault:Vault",
    key: "azure-native:keyvault:Key",
    secret: "azure-native:keyvault:Secret",
    managedHsm: "azure-native:keyvault:ManagedHsm",
    registry: "azure-native:containerregistry:Registry",
    storageAccount: "azure-native:storage:StorageAccount",
    diskEncryptionSet: "azure-native:compute:DiskEncryptionSet",
    disk: "azure-native:compute:Disk",
    managedCluster: "azure-native:containerservice:ManagedCluster",
    agentPool: "azure-native:containerservice:AgentPool",
    virtualMachine: "azure-native:compute:VirtualMachine",
    virtualMachineScaleSet: "azure-native:compute:VirtualMachineScaleSet",
    cosmosAccount: "azure-native:cosmosdb:DatabaseAccount",
    eventHubNamespace: "azure-native:eventhub:Namespace",
    serviceBusNamespace: "azure-native:servicebus:Namespace",
    eventHubNetworkRuleSet: "azure-native:eventhub:NamespaceNetworkRuleSet",
    serviceBusNetworkRuleSet: "azure-native:servicebus:NamespaceNetworkRuleSet",
    sqlServer: "azure-native:sql:Server",
    sqlEncryptionProtector: "azure-native:sql:EncryptionProtector",
    sqlServerKey: "azure-native:sql:ServerKey",
    sqlManagedInstance: "azure-native:sql:ManagedInstance",
    sqlTransparentDataEncryption: "azure-native:sql:TransparentDataEncryption",
    cognitiveAccount: "azure-native:cognitiveservices:Account",
    dataFactory: "azure-native:datafactory:Factory",
    postgresqlServer: "azure-native:dbforpostgresql:Server",
    mysqlServer: "azure-native:dbformysql:Server",
    recoveryServicesVault: "azure-native:recoveryservices:Vault",
    encryptionScope: "azure-native:storage:EncryptionScope",
    blobContainer: "azure-native:storage:BlobContainer",
    blobService: "azure-native:storage:BlobServiceProperties",
    mlWorkspace: "azure-native:machinelearningservices:Workspace",
    synapseWorkspace: "azure-native:synapse:Workspace",
    synapseSqlPool: "azure-native:synapse:SqlPool",
    synapseSqlPoolTransparentDataEncryption: "azure-native:synapse:SqlPoolTransparentDataEncryption",
    logAnalyticsCluster: "azure-native:operationalinsights:Cluster",
    kustoCluster: "azure-native:kusto:Cluster",
    appConfigurationStore: "azure-native:appconfiguration:ConfigurationStore",
    batchAccount: "azure-native:batch:BatchAccount",
    databricksWorkspace: "azure-native:databricks:Workspace",
    application: "azuread:index/application:Application",
    applicationCertificate: "azuread:index/applicationCertificate:ApplicationCertificate",
    applicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
} as const;

/** A copy of `value` with the dotted `path` set (or removed when `to` is undefined). */
export function withField<T>(value: T, path: string, to: unknown): T {
    const copy = structuredClone(value) as Record<string, unknown>;
    const parts = path.split(".");
    let at: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) {
        if (at[part] === undefined || at[part] === null || typeof at[part] !== "object") at[part] = {};
        at = at[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (to === undefined) delete at[last];
    else at[last] = to;
    return copy as T;
}

/**
 * A resource as a rule sees it. Its properties are frozen all the way down, as the pack hands them
 * to every rule (policies/lib/struct-memo.ts): a rule that wrote to them would throw here.
 */
export function view(type: string, props: Record<string, unknown>, extra: Partial<ResourceView> = {}): ResourceView {
    const name = extra.name ?? type.split(":").pop()?.toLowerCase() ?? "r";
    return { type, name, urn: `urn:pulumi:dev::azure-byok::${type}::${name}`, props: deepFreeze(props), protect: true, propertyDependencies: {}, ...extra };
}

export type Path = (string | number)[];

/** Every property path in a value, objects on the way included. */
export function paths(value: unknown, prefix: Path = []): Path[] {
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
        const at = [...prefix, Array.isArray(value) ? Number(k) : k];
        return [at, ...paths(v, at)];
    });
}

/** A copy of `value` with the property at `path` set to `to` (removed when `to` is undefined); unlike withField, keys may hold dots, as ARM ids do. */
export function withPath(value: Record<string, unknown>, path: Path, to: unknown): Record<string, unknown> {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let at = copy;
    for (const part of path.slice(0, -1)) at = at[part] as Record<string | number, unknown>;
    if (to === undefined) delete at[path[path.length - 1]];
    else at[path[path.length - 1]] = to;
    return copy as Record<string, unknown>;
}

/** A known-good stack's outputs, as the engine hands them to stack rules. */
export function goodStack(): ResourceView[] {
    const vault = view(TYPES.vault, { name: "kv-good", location: "westeurope", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { name: "cmk", kty: "RSA-HSM", keySize: 3072, keyUri: "https://kv-good.vault.azure.net/keys/cmk", keyUriWithVersion: "https://kv-good.vault.azure.net/keys/cmk/0123", rotationPolicy: { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] } }, { name: "cmk-key" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const grant = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "grant" });
    const lock = view("azure-native:authorization:ManagementLockByScope", { level: "CanNotDelete", name: "lock", scope: VAULT_ID }, { name: "kv-lock" });
    const audit = view("azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT_ID, logs: [{ category: "AuditEvent", enabled: true }] }, { name: "kv-audit" });
    const waits = { dependencies: [identity.urn, grant.urn] };
    const registry = view(TYPES.registry, good.registry(), { name: "acr-registry", ...waits });
    const storage = view(TYPES.storageAccount, { ...good.storageAccount(), name: "stgood" }, { name: "st", ...waits });
    const scope = view(TYPES.encryptionScope, good.encryptionScope(), { name: "tenant-a", ...waits });
    const blob = view(TYPES.blobService, { accountName: "stgood", deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 } }, { name: "blob" });
    const des = view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), name: "des", location: "westeurope", activeKey: { keyUrl: "https://kv-good.vault.azure.net/keys/cmk/0123" } }, { name: "des", ...waits });
    const endpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-kv", privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }] }, { name: "kv-endpoint" });
    return [vault, key, identity, grant, lock, audit, registry, storage, scope, blob, des, endpoint];
}

export function ruleNamed(name: string): Rule {
    const found = rules.find((r) => r.metadata.name === name);
    if (!found) throw new Error(`no rule named ${name}`);
    return found;
}

/** The messages a resource rule gives, with the profile's parameters and any config overrides. */
export function resourceMessages(name: string, resource: ResourceView, config: Record<string, unknown> = {}, profile: Profile = "baseline"): string[] {
    const rule = ruleNamed(name);
    if (rule.kind !== "resource") throw new Error(`${name} is a stack rule`);
    if (!rule.metadata.resourceTypes.includes(resource.type)) throw new Error(`${name} does not read ${resource.type}`);
    return rule.check(resource, resolveParameters<Parameters>(rule.metadata, profile, config));
}

export function stackMessages(name: string, resources: ResourceView[], config: Record<string, unknown> = {}, profile: Profile = "baseline"): { urn: string; message: string }[] {
    const rule = ruleNamed(name);
    if (rule.kind !== "stack") throw new Error(`${name} is a resource rule`);
    return rule.check(resources, resolveParameters<Parameters>(rule.metadata, profile, config));
}
