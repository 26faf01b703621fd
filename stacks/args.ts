import * as pulumi from "@pulumi/pulumi";
import { CmkContainerRegistryArgs } from "../components/cmk-container-registry";
import { CmkCosmosDbAccountArgs } from "../components/cmk-cosmosdb-account";
import { CmkSqlServerArgs } from "../components/cmk-sql-server";
import { CmkPostgresqlFlexibleServerArgs } from "../components/cmk-postgresql-flexible-server";
import { CmkMysqlFlexibleServerArgs } from "../components/cmk-mysql-flexible-server";
import { CmkKubernetesClusterArgs } from "../components/cmk-kubernetes-cluster";
import { CmkDiskEncryptionSetArgs } from "../components/cmk-disk-encryption-set";
import { CmkMessagingNamespaceArgs } from "../components/messaging-namespace";
import { CmkStorageAccountArgs } from "../components/cmk-storage-account";
import { ClientApplicationArgs } from "../components/client-application";
import { EncryptionKeyArgs, EncryptionKeyDefaults, keyOpsForPurpose } from "../components/encryption-key";
import { ExistingEncryptionKeyArgs } from "../components/existing-encryption-key";
import { resolveRotationPolicy } from "../components/key-rotation-policy";
import { ExistingKeyVaultArgs } from "../components/existing-key-vault";
import { keyPermissionAsAzureNames, KeyVaultArgs, KeyVaultDefaults } from "../components/key-vault";
import { ManagedIdentityArgs } from "../components/managed-identity";
import { CustomerManagedKey, IdentityReference, KeyReference, VaultReference } from "../components/types";
import { ApplicationConfig, CosmosDbAccountConfig, DiskEncryptionSetConfig, MessagingNamespaceConfig, KeyConfig, KubernetesClusterConfig, MysqlServerConfig, PostgresqlServerConfig, RegistryConfig, SqlServerConfig, StackConfig, StorageAccountConfig, VaultConfig } from "./schema";

/**
 * Config entries turned into component args. The same functions feed validation (with plain
 * references, before anything exists) and the program (with the created components), so what
 * is checked is exactly what is built.
 */

export function keyVaultArgs(v: VaultConfig, resourceGroupName: pulumi.Input<string>, location: pulumi.Input<string>, extraIpRules: string[] = []): KeyVaultArgs {
    const ipRules = [...(v.networkRules?.ipRules ?? []), ...extraIpRules.filter((r) => !(v.networkRules?.ipRules ?? []).includes(r))];
    return {
        resourceGroupName,
        location: v.location ?? location,
        vaultName: v.vaultName,
        sku: v.sku,
        softDeleteRetentionInDays: v.softDeleteRetentionInDays,
        enablePurgeProtection: v.enablePurgeProtection,
        enableRbacAuthorization: v.enableRbacAuthorization,
        prepareRbacMigration: v.prepareRbacMigration,
        accessPolicies: v.accessPolicies?.map((p) => ({ objectId: p.objectId, keyPermissions: p.keyPermissions.map(keyPermissionAsAzureNames) as NonNullable<KeyVaultArgs["accessPolicies"]>[number]["keyPermissions"] })),
        networkAcls: v.networkRules === undefined && ipRules.length === 0 ? undefined : {
            defaultAction: v.networkRules?.defaultAction,
            bypass: v.networkRules?.bypass,
            ipRules,
            virtualNetworkRules: v.networkRules?.virtualNetworkRules,
        },
        publicNetworkAccess: v.publicNetworkAccess,
        createMode: v.createMode,
        lock: v.lock === undefined ? undefined : { kind: v.lock },
        diagnosticSettings: v.diagnostics,
        privateEndpoints: v.privateEndpoints,
        eventSubscriptions: v.eventSubscriptions,
        protect: v.protect,
    };
}

/** The fields of a vault entry that shape the vault, which an existing vault's own owner sets. */
export const VAULT_SHAPING_FIELDS = ["location", "softDeleteRetentionInDays", "accessPolicies", "networkRules", "publicNetworkAccess", "createMode", "lock", "diagnostics", "privateEndpoints", "eventSubscriptions", "protect", "tags"] as const;

/** An existing vault's args: its group defaults to the stack's; `requires` is what the stack's services and applications need of its firewall. */
export function existingKeyVaultArgs(v: VaultConfig, stackResourceGroupName: string, requires: ExistingKeyVaultArgs["requires"]): ExistingKeyVaultArgs {
    return {
        vaultName: v.vaultName ?? v.name,
        resourceGroupName: v.resourceGroupName ?? stackResourceGroupName,
        sku: v.sku,
        enableRbacAuthorization: v.enableRbacAuthorization,
        prepareRbacMigration: v.prepareRbacMigration,
        enablePurgeProtection: v.enablePurgeProtection,
        requires,
    };
}

/** The fields of a key entry that shape the key, which an existing key's own owner sets. */
export const KEY_SHAPING_FIELDS = ["rotationPolicy", "expires", "protect", "tags"] as const;

/**
 * An entry's tags over the stack's (the entry's value wins for a name both give, in any case: Azure
 * tag names ignore case, so `ENVIRONMENT` replaces `Environment`); undefined when neither gives any.
 */
export function tagsFor(stackTags: Record<string, string> | undefined, entry: { tags?: Record<string, string> } | undefined): Record<string, string> | undefined {
    if (stackTags === undefined && entry?.tags === undefined) return undefined;
    const own = new Set(Object.keys(entry?.tags ?? {}).map((name) => name.toLowerCase()));
    return { ...Object.fromEntries(Object.entries(stackTags ?? {}).filter(([name]) => !own.has(name.toLowerCase()))), ...entry?.tags };
}

/** The stack's tags that keys and handed-over secrets carry: those `keyTags` names (Key Vault takes at most 15 on each), else all. */
export function keyVaultObjectTags(config: { tags?: Record<string, string>; keyTags?: string[] }): Record<string, string> | undefined {
    if (config.keyTags === undefined || config.tags === undefined) return config.tags;
    const carried = new Set(config.keyTags.map((name) => name.toLowerCase()));
    return Object.fromEntries(Object.entries(config.tags).filter(([name]) => carried.has(name.toLowerCase())));
}

export function existingEncryptionKeyArgs(k: KeyConfig, keyVault: VaultReference): ExistingEncryptionKeyArgs {
    return { keyVault, keyName: k.name, kty: k.kty, keySize: k.keySize, curveName: k.curveName, purpose: k.purpose, keyOps: k.keyOps };
}

export function encryptionKeyArgs(k: KeyConfig, keyVault: VaultReference): EncryptionKeyArgs {
    return {
        keyVault,
        keyName: k.name,
        kty: k.kty,
        keySize: k.keySize,
        curveName: k.curveName,
        purpose: k.purpose,
        keyOps: k.keyOps,
        rotationPolicy: k.rotationPolicy,
        expires: k.expires,
        protect: k.protect,
    };
}

export function managedIdentityArgs(identityName: string | undefined, resourceGroupName: pulumi.Input<string>, location: pulumi.Input<string>, protect?: boolean): ManagedIdentityArgs {
    return { resourceGroupName, location, identityName, protect };
}

/** A shared identity with the stack's one grant of it on the key, when the service names one. */
export interface SharedIdentity {
    identity: IdentityReference;
    keyAccess?: pulumi.Resource;
}

function customerManagedKey(s: { keyVersion?: string }, key: KeyReference, shared: SharedIdentity | undefined): CustomerManagedKey {
    return { key, keyVersion: s.keyVersion, userAssignedIdentity: shared?.identity, keyAccess: shared?.keyAccess };
}

export function registryArgs(r: RegistryConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity): CmkContainerRegistryArgs {
    return {
        resourceGroupName: rg,
        location: r.location ?? location,
        registryName: r.registryName,
        customerManagedKey: customerManagedKey(r, key, shared),
        publicNetworkAccess: r.publicNetworkAccess,
        ipRules: r.ipRules,
        adminUserEnabled: r.adminUserEnabled,
        anonymousPullEnabled: r.anonymousPullEnabled,
        azureADAuthenticationAsArmPolicy: r.azureADAuthenticationAsArmPolicy,
        privateEndpoints: r.privateEndpoints,
        replications: r.replications,
        zoneRedundancy: r.zoneRedundancy,
        protect: r.protect,
    };
}

/** How a storage account's encryption scopes find their keys (by config name) and, for a shared identity, its grant on each. */
export interface ScopeKeys {
    key: (name: string) => KeyReference;
    keyAccess?: (name: string) => pulumi.Resource | undefined;
    /** What the account's own grant on the key is named for, where no `keyAccess` is given: the key's entry name, or its vault's in an access-policy vault. */
    keyAccessName?: (name: string) => string | undefined;
}

/**
 * What a storage account's own grant for an encryption scope's key is named for (ScopeKeys.keyAccessName):
 * the key's entry name as declared, or its vault's in an access-policy vault, where one grant covers every key.
 */
export function scopeGrantLabel(key: KeyReference, keyEntryName: string | undefined, vaultEntryName: string | undefined): string | undefined {
    return key.keyVault.enableRbacAuthorization ? keyEntryName : vaultEntryName;
}

export function storageAccountArgs(s: StorageAccountConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity, scopes?: ScopeKeys): CmkStorageAccountArgs {
    return {
        resourceGroupName: rg,
        location: s.location ?? location,
        accountName: s.accountName,
        customerManagedKey: customerManagedKey(s, key, shared),
        skuName: s.skuName,
        publicNetworkAccess: s.publicNetworkAccess,
        ipRules: s.ipRules,
        allowSharedKeyAccess: s.allowSharedKeyAccess,
        keyPolicy: s.keyPolicy,
        sasPolicy: s.sasPolicy,
        privateEndpoints: s.privateEndpoints,
        deleteRetentionPolicy: s.deleteRetentionPolicy,
        containerDeleteRetentionPolicy: s.containerDeleteRetentionPolicy,
        encryptionScopes: scopes === undefined ? undefined : s.encryptionScopes?.map((e) => {
            const keyAccess = scopes.keyAccess?.(e.key);
            return { name: e.name, key: scopes.key(e.key), keyVersion: e.keyVersion, ...(keyAccess !== undefined ? { keyAccess } : { keyAccessName: scopes.keyAccessName?.(e.key) }) };
        }),
        // Judged with the scopes they name: without scopes (a scope's key unknown) a container's scope cannot be told apart.
        containers: scopes === undefined ? undefined : s.containers,
        protect: s.protect,
    };
}

export function cosmosDbAccountArgs(c: CosmosDbAccountConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity): CmkCosmosDbAccountArgs {
    return {
        resourceGroupName: rg,
        location: c.location ?? location,
        failoverLocations: c.failoverLocations,
        zoneRedundant: c.zoneRedundant,
        enableAutomaticFailover: c.enableAutomaticFailover,
        accountName: c.accountName,
        customerManagedKey: customerManagedKey(c, key, shared),
        kind: c.kind,
        publicNetworkAccess: c.publicNetworkAccess,
        ipRules: c.ipRules,
        disableLocalAuth: c.disableLocalAuth,
        privateEndpoints: c.privateEndpoints,
        protect: c.protect,
    };
}

/** A key a SQL server entry holds beside its protector: its config name as written and as its vault entry declares it, and the version a geo-primary pins. */
export interface SqlAdditionalKeyConfig {
    key: string;
    /** Names the key's resources on the server: a reference in another case moves nothing. */
    name: string;
    keyVersion?: string;
}

/**
 * The keys a SQL server entry holds beside its protector: its `additionalKeys`, then, for a geo-secondary, its primary's
 * key at the primary's version (Azure requires that key material on the secondary before replication starts), unless held
 * already: listed (sqlGeoIssues refuses that when the primary pins a version), or its own protector at the same version.
 */
export function sqlServerAdditionalKeys(c: SqlServerConfig, config: Pick<StackConfig, "vaults" | "sqlServers">): SqlAdditionalKeyConfig[] {
    const declared = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const)));
    const entry = (key: string, keyVersion?: string): SqlAdditionalKeyConfig => ({ key, name: declared.get(key.toLowerCase()) ?? key, ...(keyVersion !== undefined ? { keyVersion } : {}) });
    const entries = (c.additionalKeys ?? []).map((k) => entry(k));
    const primary = c.geoSecondaryOf === undefined ? undefined : (config.sqlServers ?? []).find((p) => p !== c && p.name.toLowerCase() === c.geoSecondaryOf?.toLowerCase());
    if (primary === undefined) return entries;
    const isPrimaryKey = (k: string) => k.toLowerCase() === primary.key.toLowerCase();
    // One pinning and one following rotation on one key is refused by sqlGeoIssues; only two different pins hold two versions.
    const ownDiffers = c.keyVersion !== undefined && primary.keyVersion !== undefined && c.keyVersion !== primary.keyVersion;
    const held = entries.some((e) => isPrimaryKey(e.key)) || (isPrimaryKey(c.key) && !ownDiffers);
    return held ? entries : [...entries, entry(primary.key, primary.keyVersion)];
}

/** `additionalKeys` are the keys the server holds beside its protector, each named by its key's declared config name, which names its resources. */
export function sqlServerArgs(c: SqlServerConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity, additionalKeys?: { name: string; key: KeyReference; keyVersion?: string }[]): CmkSqlServerArgs {
    return {
        resourceGroupName: rg,
        location: c.location ?? location,
        serverName: c.serverName,
        customerManagedKey: customerManagedKey(c, key, shared),
        additionalKeys: additionalKeys?.map(({ name, key: k, keyVersion }) => ({ key: k, keyVersion, name })),
        administrator: c.administrator,
        publicNetworkAccess: c.publicNetworkAccess,
        minimalTlsVersion: c.minimalTlsVersion,
        privateEndpoints: c.privateEndpoints,
        protect: c.protect,
    };
}

/**
 * What a PostgreSQL and a MySQL flexible server entry share: placement, key, size, backups, standby and network;
 * `geoBackupKey` is the key its `geoBackupKey` names (the server makes its own identity for it).
 */
function flexibleServerArgs(c: PostgresqlServerConfig | MysqlServerConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity, geoBackupKey?: KeyReference) {
    return {
        resourceGroupName: rg,
        location: c.location ?? location,
        serverName: c.serverName,
        customerManagedKey: customerManagedKey(c, key, shared),
        sku: c.sku,
        storageSizeGB: c.storageSizeGB,
        backupRetentionDays: c.backupRetentionDays,
        geoRedundantBackup: c.geoRedundantBackup,
        customerManagedKeyGeo: geoBackupKey === undefined ? undefined : { key: geoBackupKey, keyVersion: c.geoBackupKeyVersion },
        highAvailability: c.highAvailability,
        availabilityZone: c.availabilityZone,
        standbyAvailabilityZone: c.standbyAvailabilityZone,
        publicNetworkAccess: c.publicNetworkAccess,
        privateEndpoints: c.privateEndpoints,
        protect: c.protect,
    };
}

export function postgresqlServerArgs(c: PostgresqlServerConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity, geoBackupKey?: KeyReference): CmkPostgresqlFlexibleServerArgs {
    return { ...flexibleServerArgs(c, rg, location, key, shared, geoBackupKey), administrator: c.administrator, version: c.version };
}

export function mysqlServerArgs(c: MysqlServerConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity, geoBackupKey?: KeyReference): CmkMysqlFlexibleServerArgs {
    return { ...flexibleServerArgs(c, rg, location, key, shared, geoBackupKey), administratorLogin: c.administratorLogin, version: c.version };
}

export function kubernetesClusterArgs(c: KubernetesClusterConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, diskEncryptionSetId: pulumi.Input<string>): CmkKubernetesClusterArgs {
    return {
        resourceGroupName: rg,
        location: c.location ?? location,
        clusterName: c.clusterName,
        dnsPrefix: c.dnsPrefix,
        customerManagedKey: customerManagedKey(c, key, undefined),
        keyVaultNetworkAccess: c.keyVaultNetworkAccess,
        diskEncryptionSetId,
        nodeSubnetId: c.nodeSubnetId,
        apiServerSubnetId: c.apiServerSubnetId,
        administratorGroupObjectIds: c.administratorGroupObjectIds,
        enablePrivateCluster: c.enablePrivateCluster,
        kubernetesVersion: c.kubernetesVersion,
        skuTier: c.skuTier,
        networkProfile: c.networkProfile,
        systemNodePool: c.systemNodePool,
        userNodePools: c.userNodePools,
        protect: c.protect,
    };
}

/** An Event Hubs or Service Bus namespace's args: the two components take the same. */
export function messagingNamespaceArgs(e: MessagingNamespaceConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity): CmkMessagingNamespaceArgs {
    return {
        resourceGroupName: rg,
        location: e.location ?? location,
        namespaceName: e.namespaceName,
        customerManagedKey: customerManagedKey(e, key, shared),
        capacity: e.capacity,
        publicNetworkAccess: e.publicNetworkAccess,
        disableLocalAuth: e.disableLocalAuth,
        privateEndpoints: e.privateEndpoints,
        protect: e.protect,
    };
}

export function diskEncryptionSetArgs(d: DiskEncryptionSetConfig, rg: pulumi.Input<string>, location: pulumi.Input<string>, key: KeyReference, shared?: SharedIdentity): CmkDiskEncryptionSetArgs {
    return {
        resourceGroupName: rg,
        location: d.location ?? location,
        diskEncryptionSetName: d.diskEncryptionSetName,
        customerManagedKey: customerManagedKey(d, key, shared),
        encryptionType: d.encryptionType,
        protect: d.protect,
    };
}

/**
 * An application's args; its grants name keys and vaults by config name, resolved by `lookup`
 * (which returns undefined for a name the stack does not have: validation reports it). Each grant
 * is named for its key or vault as the entry declares it (`lookup.declared`), in whatever case
 * the access entry writes it, so that writing it otherwise renames nothing.
 */
export function clientApplicationArgs(
    a: ApplicationConfig,
    lookup: { key(name: string): KeyReference | undefined; vault(name: string): VaultReference | undefined; declared?(list: "keys" | "vaults", name: string): string | undefined },
    tags?: Record<string, string>,
): ClientApplicationArgs {
    // A vault name the stack lacks is the config check's to report, by its path.
    const exportTo = a.secretsExportConfiguration === undefined ? undefined : lookup.vault(a.secretsExportConfiguration.vault);
    return {
        // Left to the component's default, the entry's name, so a name too long to show is reported at name.
        displayName: a.displayName,
        signInAudience: a.signInAudience,
        allowMultiTenant: a.allowMultiTenant,
        owners: a.owners,
        certificates: a.certificates,
        clientSecrets: a.clientSecrets,
        federatedCredentials: a.federatedCredentials,
        grants: (a.access ?? []).map((g) => ({
            name: applicationGrantName(g, lookup.declared),
            key: g.key === undefined ? undefined : lookup.key(g.key),
            keyVault: g.vault === undefined ? undefined : lookup.vault(g.vault),
            permissions: g.permissions,
            vaultRead: g.vaultRead,
            listKeys: g.listKeys,
        })),
        secretsExportConfiguration: exportTo === undefined ? undefined : { keyVault: exportTo, readers: a.secretsExportConfiguration?.readers, tags, current: a.secretsExportConfiguration?.current },
    };
}

/** An application's grant's name: its key's (or vault's) entry name as declared, else as the access entry writes it. */
export function applicationGrantName(g: { key?: string; vault?: string }, declared?: (list: "keys" | "vaults", name: string) => string | undefined): string | undefined {
    const [list, written] = g.key !== undefined ? (["keys", g.key] as const) : (["vaults", g.vault] as const);
    return written === undefined ? undefined : (declared?.(list, written) ?? written);
}

/** The vaults an application reaches, by config name: the vaults it is granted, and its keys' vaults. */
export function vaultsReachedBy(a: ApplicationConfig, vaultOfKey: (key: string) => string | undefined): string[] {
    return [...new Set((a.access ?? []).flatMap((g) => [g.vault, g.key === undefined ? undefined : vaultOfKey(g.key)]).filter((v): v is string => v !== undefined).map((v) => v.toLowerCase()))];
}

/** What validation knows of a vault before it exists: the settings that decide the rules. */
export function plannedVault(v: VaultConfig, stackLocation: string): VaultReference {
    return {
        // An existing vault's region is Azure's, read when the program runs.
        location: v.existing ? undefined : (v.location ?? stackLocation),
        id: "",
        vaultName: v.vaultName ?? v.name,
        resourceGroupName: "",
        vaultUri: "",
        tenantId: "",
        sku: v.sku ?? KeyVaultDefaults.sku,
        enableRbacAuthorization: v.enableRbacAuthorization ?? KeyVaultDefaults.enableRbacAuthorization,
        prepareRbacMigration: v.prepareRbacMigration ?? KeyVaultDefaults.prepareRbacMigration,
        enablePurgeProtection: v.enablePurgeProtection ?? KeyVaultDefaults.enablePurgeProtection,
        // An existing vault's is Azure's, read when the program runs.
        softDeleteRetentionInDays: v.existing ? undefined : (v.softDeleteRetentionInDays ?? KeyVaultDefaults.softDeleteRetentionInDays),
    };
}

/** What validation knows of a key before it exists. */
export function plannedKey(k: KeyConfig, keyVault: VaultReference): KeyReference {
    return {
        id: "",
        keyUri: "",
        keyUriWithVersion: "",
        keyName: k.name,
        kty: k.kty ?? EncryptionKeyDefaults.kty,
        keySize: (k.kty ?? EncryptionKeyDefaults.kty).startsWith("RSA") ? (k.keySize ?? EncryptionKeyDefaults.keySize) : undefined,
        keyOps: k.keyOps ?? keyOpsForPurpose[k.purpose ?? EncryptionKeyDefaults.purpose],
        keyVault,
        // An existing key's policy is Key Vault's, unknown here.
        rotationPolicy: k.existing === true ? undefined : resolveRotationPolicy(k.rotationPolicy),
    };
}

export const plannedIdentity: SharedIdentity = { identity: { id: "", clientId: "", principalId: "" } };
