import { COSMOSDB_ACCOUNT_RENAMED } from "../components/cmk-cosmosdb-account";
import { KUBERNETES_CLUSTER_RENAMED } from "../components/cmk-kubernetes-cluster";
import { POSTGRESQL_SERVER_RENAMED } from "../components/cmk-postgresql-flexible-server";
import { SQL_SERVER_RENAMED } from "../components/cmk-sql-server";
import { ENCRYPTION_KEY_RENAMED } from "../components/encryption-key";
import { FLEXIBLE_SERVER_RENAMED } from "../components/flexible-server";
import { closest } from "./config-issue";

/**
 * What a stack config name that this program does not read stands for, when other tools give it:
 * Terraform's azurerm provider (`purge_protection_enabled`), Pulumi's Azure Classic provider and
 * Azure Verified Modules (`purgeProtectionEnabled`, `skuName`), ARM (`locations`). A spelling guess
 * points these at the wrong setting (`purgeProtectionEnabled` at `protect`, Pulumi's delete
 * protection, another switch), so the table is read first: a setting's name, or, where this program
 * has no one setting for it, what to write instead.
 */
export type ForeignName = string | { setting?: string; why: string };

const KEY_REFERENCE = "names the key by its config name in vaults[].keys (vaults[].keys[].name), not by an id or URI; the key's vault is the one it is listed under";
const IDENTITY_REFERENCE = "names a shared user-assigned identity by its config name in identities[] (an existing one with existing: true and identityName); without it the service makes its own";
const ALWAYS_PREMIUM = (service: string, why: string) => ({ why: `a ${service} here is always Premium, ${why}; leave it out` });
const PUBLIC_ACCESS = { setting: "publicNetworkAccess", why: "which takes \"Enabled\" or \"Disabled\" (the default)" };
const STORAGE_FIREWALL = { setting: "ipRules", why: "the account's firewall denies by default and lets trusted Azure services through; ipRules admits public ranges, with publicNetworkAccess: \"Enabled\"" };
const COSMOSDB_DEFAULT_IDENTITY = { setting: "identity", why: "the account's defaultIdentity is always the user-assigned identity it encrypts with: identity names a shared one, else the account makes its own" };
const INFRASTRUCTURE_ENCRYPTION = { why: "infrastructure (double) encryption is always on here, fixed when the resource is created; leave it out" };

/** The names a CMK service's `key` has elsewhere. */
const KEY_NAMES: Record<string, ForeignName> = {
    customerManagedKey: { setting: "key", why: `Azure Verified Modules' customerManagedKey { keyVaultResourceId, keyName, keyVersion, userAssignedIdentityResourceId } is written here as key, keyVersion and, where the entry takes one, identity: key ${KEY_REFERENCE}` },
    customer_managed_key: { setting: "key", why: `azurerm's customer_managed_key { key_vault_key_id, user_assigned_identity_id } is written here as key and, where the entry takes one, identity: key ${KEY_REFERENCE}` },
    keyName: { setting: "key", why: KEY_REFERENCE },
    keyVaultKeyId: { setting: "key", why: KEY_REFERENCE },
    key_vault_key_id: { setting: "key", why: KEY_REFERENCE },
    keyVaultKeyUri: { setting: "key", why: KEY_REFERENCE },
    keyIdentifier: { setting: "key", why: KEY_REFERENCE },
    keyVaultResourceId: { setting: "key", why: KEY_REFERENCE },
    key_vault_id: { setting: "key", why: KEY_REFERENCE },
};

/** The names a CMK service's shared `identity` has elsewhere. */
const IDENTITY_NAMES: Record<string, ForeignName> = {
    userAssignedIdentityResourceId: { setting: "identity", why: IDENTITY_REFERENCE },
    user_assigned_identity_id: { setting: "identity", why: IDENTITY_REFERENCE },
    managedIdentities: { setting: "identity", why: IDENTITY_REFERENCE },
    userAssignedIdentities: { setting: "identity", why: IDENTITY_REFERENCE },
};

/** What the entries with a public endpoint of their own share: the key, an identity and publicNetworkAccess. */
const CMK_SERVICE: Record<string, ForeignName> = {
    ...KEY_NAMES,
    ...IDENTITY_NAMES,
    public_network_access_enabled: PUBLIC_ACCESS,
    publicNetworkAccessEnabled: PUBLIC_ACCESS,
};

const FLEXIBLE_SKU = { setting: "sku", why: "which takes { name, tier }: azurerm's sku_name \"GP_Standard_D2ds_v5\" is name Standard_D2ds_v5 with tier GeneralPurpose (B_ is Burstable, MO_ MemoryOptimized)" };
const ENTRA_ONLY = "the server takes Microsoft Entra authentication only: administrator { principalName, objectId } names its Entra administrator, and no password login is made";
const NO_VNET_INTEGRATION = { why: "VNet integration (a delegated subnet with its private DNS zone) is not offered: the server has public access off and is reached through privateEndpoints" };

/** The names PostgreSQL and MySQL flexible servers share. */
const FLEXIBLE_SERVER: Record<string, ForeignName> = {
    ...CMK_SERVICE,
    ...FLEXIBLE_SERVER_RENAMED,
    skuName: FLEXIBLE_SKU,
    sku_name: FLEXIBLE_SKU,
    storage_mb: { setting: "storageSizeGB", why: "in GiB: azurerm's storage_mb 131072 is storageSizeGB 128" },
    storage: { setting: "storageSizeGB", why: "ARM's storage.storageSizeGB is written here as storageSizeGB; storage grows on its own" },
    high_availability: { setting: "highAvailability", why: "azurerm's high_availability { mode, standby_availability_zone } is written here as highAvailability (\"SameZone\" or \"ZoneRedundant\") and standbyAvailabilityZone" },
    zone: "availabilityZone",
    geo_redundant_backup_enabled: { setting: "geoRedundantBackup", why: "which takes \"Enabled\" or \"Disabled\" (the default), with geoBackupKey" },
    geoRedundantBackupEnabled: { setting: "geoRedundantBackup", why: "which takes \"Enabled\" or \"Disabled\" (the default), with geoBackupKey" },
    geo_backup_key_vault_key_id: { setting: "geoBackupKey", why: "names the geo-backup key by its config name in vaults[].keys, a key in a vault of the server's paired region" },
    geo_backup_user_assigned_identity_id: { why: "the server makes its geo-backup key's identity itself (<name>-geo-backup-identity) and grants it the geoBackupKey; leave it out" },
    delegated_subnet_id: NO_VNET_INTEGRATION,
    delegatedSubnetResourceId: NO_VNET_INTEGRATION,
    private_dns_zone_id: NO_VNET_INTEGRATION,
    privateDnsZoneArmResourceId: NO_VNET_INTEGRATION,
};

const MESSAGING_NAMESPACE: Record<string, ForeignName> = {
    ...CMK_SERVICE,
    sku: ALWAYS_PREMIUM("namespace", "the only tier that takes a customer-managed key (capacity sets its units)"),
    skuName: ALWAYS_PREMIUM("namespace", "the only tier that takes a customer-managed key (capacity sets its units)"),
    key_vault_key_ids: { setting: "key", why: `a namespace here is encrypted with one key, though Azure takes several; key ${KEY_REFERENCE}` },
    local_auth_enabled: { setting: "disableLocalAuth", why: "its opposite: disableLocalAuth: true (the default) is local_auth_enabled: false" },
    localAuthEnabled: { setting: "disableLocalAuth", why: "its opposite: disableLocalAuth: true (the default) is localAuthEnabled: false" },
    infrastructure_encryption_enabled: INFRASTRUCTURE_ENCRYPTION,
    requireInfrastructureEncryption: INFRASTRUCTURE_ENCRYPTION,
};

const PURGE_PROTECTION = { setting: "enablePurgeProtection", why: "(Key Vault's purge protection, on by default; protect is Pulumi's protection from deletion, another switch)" };
const SOFT_DELETE = { why: "soft delete is always on (Key Vault no longer lets it be turned off); softDeleteRetentionInDays sets how long deleted vaults and keys are kept (7–90 days, 90 by default)" };
const ENABLED_FOR = { why: "the vault keeps enabledForDeployment, enabledForDiskEncryption and enabledForTemplateDeployment off, a secure default this program does not change: disk encryption sets, CMK services and AKS reach keys through their identities' grants, not these flags" };
const ROTATION_TRIGGERS = "timeAfterCreate or timeBeforeExpiry (the Rotate action's one trigger), notifyBeforeExpiry (the Notify action's) and automaticRotation: false to leave rotation out";
const DES_ROTATION = { why: "a disk encryption set here follows the key's new versions (rotationToLatestKeyVersionEnabled) unless keyVersion pins one: leave keyVersion out to rotate" };
const REPLICAS = "replications [{ location, name, zoneRedundancy, regionEndpointEnabled, tags }], as Azure Verified Modules write them: a region each beyond the registry's own location";
const ZONE_REDUNDANCY = { setting: "zoneRedundancy", why: "which takes \"Enabled\" or \"Disabled\" (the default), not true or false; fixed when the registry or replica is made" };
const ENTRA_ADMIN_SQL = { setting: "administrator", why: "administrator { login, objectId } names the Microsoft Entra administrator; the server takes Entra authentication only" };

/**
 * Other tools' names by where they are written: the list path without indexes (`vaults.keys`), and
 * for each name the setting, or what to write instead. The components' own tables (Azure Verified
 * Modules' names for their arguments) are read here too, where their setting is a stack setting.
 */
export const CONFIG_RENAMES: Record<string, Record<string, ForeignName>> = {
    vaults: {
        purgeProtectionEnabled: PURGE_PROTECTION,
        purge_protection_enabled: PURGE_PROTECTION,
        enableSoftDelete: SOFT_DELETE,
        softDeleteEnabled: SOFT_DELETE,
        soft_delete_enabled: SOFT_DELETE,
        soft_delete_retention_days: "softDeleteRetentionInDays",
        skuName: "sku",
        sku_name: "sku",
        enable_rbac_authorization: "enableRbacAuthorization",
        rbac_authorization_enabled: "enableRbacAuthorization",
        public_network_access_enabled: PUBLIC_ACCESS,
        publicNetworkAccessEnabled: PUBLIC_ACCESS,
        networkAcls: "networkRules",
        network_acls: "networkRules",
        access_policy: "accessPolicies",
        diagnosticSettings: "diagnostics",
        enabledForDeployment: ENABLED_FOR,
        enabledForDiskEncryption: ENABLED_FOR,
        enabledForTemplateDeployment: ENABLED_FOR,
        enabled_for_deployment: ENABLED_FOR,
        enabled_for_disk_encryption: ENABLED_FOR,
        enabled_for_template_deployment: ENABLED_FOR,
        roleAssignments: { why: "grants are made on keys, from the side of what uses one: applications[].access for an application, each service's own grant on its key, and a key entry's access[] for a principal the stack does not make" },
    },
    "vaults.networkRules": {
        virtual_network_subnet_ids: "virtualNetworkRules",
        virtualNetworkSubnetIds: "virtualNetworkRules",
    },
    "vaults.keys": {
        ...ENCRYPTION_KEY_RENAMED,
        keyName: { setting: "name", why: "a key's config name is also its name in the vault" },
        keyType: "kty",
        key_type: "kty",
        key_opts: "keyOps",
        curve: "curveName",
        expiration_date: "expires",
        expirationDate: "expires",
        attributes: { setting: "expires", why: "ARM's attributes.exp is written here as expires, an ISO-8601 date; the key is always enabled and not exportable" },
        roleAssignments: { setting: "access", why: "a principal the stack does not make is granted the key by an access[] entry { principalId, principalType, permissions }: a permission set on this key (cmkService, applicationCrypto, signing) rather than a role name" },
    },
    "vaults.keys.rotationPolicy": {
        expire_after: "expiryTime",
        expiresIn: "expiryTime",
        attributes: { setting: "expiryTime", why: "ARM's attributes.expiryTime is written here as rotationPolicy.expiryTime" },
        time_after_creation: "timeAfterCreate",
        timeAfterCreation: "timeAfterCreate",
        automatic: { why: `azurerm's automatic { time_after_creation, time_before_expiry } is written here in rotationPolicy itself: ${ROTATION_TRIGGERS}` },
        lifetimeActions: { why: `Key Vault's lifetimeActions are written here as ${ROTATION_TRIGGERS}` },
        lifetime_actions: { why: `Key Vault's lifetimeActions are written here as ${ROTATION_TRIGGERS}` },
    },
    registries: {
        ...CMK_SERVICE,
        sku: ALWAYS_PREMIUM("registry", "the only tier that takes a customer-managed key"),
        skuName: ALWAYS_PREMIUM("registry", "the only tier that takes a customer-managed key"),
        sku_name: ALWAYS_PREMIUM("registry", "the only tier that takes a customer-managed key"),
        acrSku: ALWAYS_PREMIUM("registry", "the only tier that takes a customer-managed key"),
        admin_enabled: "adminUserEnabled",
        network_rule_set: { setting: "ipRules", why: "azurerm's network_rule_set { default_action = \"Deny\", ip_rule } is written here as ipRules, with publicNetworkAccess: \"Enabled\": the firewall then denies every other network" },
        networkRuleSet: { setting: "ipRules", why: "ARM's networkRuleSet { defaultAction: Deny, ipRules } is written here as ipRules, with publicNetworkAccess: \"Enabled\": the firewall then denies every other network" },
        networkRuleSetIpRules: { setting: "ipRules", why: "with publicNetworkAccess: \"Enabled\": the firewall then denies every other network" },
        acrAdminUserEnabled: "adminUserEnabled",
        export_policy_enabled: { why: "exports follow publicNetworkAccess: off with \"Disabled\" (the default), on with \"Enabled\" (Azure allows exports off only with public access off)" },
        exportPolicyStatus: { why: "exports follow publicNetworkAccess: off with \"Disabled\" (the default), on with \"Enabled\" (Azure allows exports off only with public access off)" },
        georeplications: { setting: "replications", why: `azurerm's georeplications { location, zone_redundancy_enabled, regional_endpoint_enabled, tags } are written here as ${REPLICAS}` },
        georeplication_locations: { setting: "replications", why: `azurerm's georeplication_locations are written here as ${REPLICAS}` },
        zone_redundancy_enabled: ZONE_REDUNDANCY,
        zoneRedundancyEnabled: ZONE_REDUNDANCY,
    },
    "registries.replications": {
        zone_redundancy_enabled: ZONE_REDUNDANCY,
        zoneRedundancyEnabled: ZONE_REDUNDANCY,
        regional_endpoint_enabled: "regionEndpointEnabled",
        regionalEndpointEnabled: "regionEndpointEnabled",
    },
    storageAccounts: {
        ...CMK_SERVICE,
        sku: "skuName",
        account_replication_type: { setting: "skuName", why: "which joins tier and replication: account_tier Standard with account_replication_type GRS is Standard_GRS" },
        account_tier: { setting: "skuName", why: "which joins tier and replication: account_tier Standard with account_replication_type GRS is Standard_GRS" },
        accountReplicationType: { setting: "skuName", why: "which joins tier and replication: Standard with GRS is Standard_GRS" },
        accountTier: { setting: "skuName", why: "which joins tier and replication: Standard with GRS is Standard_GRS" },
        account_kind: { why: "the kind follows skuName: StorageV2, or BlockBlobStorage for a Premium_ SKU; leave it out" },
        kind: { why: "the kind follows skuName: StorageV2, or BlockBlobStorage for a Premium_ SKU; leave it out" },
        shared_access_key_enabled: "allowSharedKeyAccess",
        infrastructure_encryption_enabled: INFRASTRUCTURE_ENCRYPTION,
        requireInfrastructureEncryption: INFRASTRUCTURE_ENCRYPTION,
        network_rules: STORAGE_FIREWALL,
        networkAcls: STORAGE_FIREWALL,
    },
    diskEncryptionSets: {
        ...KEY_NAMES,
        ...IDENTITY_NAMES,
        autoKeyRotationEnabled: DES_ROTATION,
        auto_key_rotation_enabled: DES_ROTATION,
        rotationToLatestKeyVersionEnabled: DES_ROTATION,
        activeKey: { setting: "key", why: KEY_REFERENCE },
    },
    cosmosDbAccounts: {
        ...CMK_SERVICE,
        ...COSMOSDB_ACCOUNT_RENAMED,
        locations: { setting: "failoverLocations", why: "ARM's locations list every region; here location is the write region and failoverLocations { locationName, failoverPriority, isZoneRedundant } the others" },
        geo_location: { setting: "failoverLocations", why: "azurerm's geo_location blocks are written here as location (the write region, failover priority 0) and failoverLocations { locationName, failoverPriority, isZoneRedundant } for the others" },
        automatic_failover_enabled: "enableAutomaticFailover",
        enable_automatic_failover: "enableAutomaticFailover",
        ip_range_filter: "ipRules",
        ipRangeFilter: "ipRules",
        networkRestrictions: { setting: "ipRules", why: "with publicNetworkAccess: \"Enabled\"" },
        local_authentication_disabled: "disableLocalAuth",
        default_identity: COSMOSDB_DEFAULT_IDENTITY,
        defaultIdentity: COSMOSDB_DEFAULT_IDENTITY,
    },
    sqlServers: {
        ...CMK_SERVICE,
        ...SQL_SERVER_RENAMED,
        azuread_administrator: ENTRA_ADMIN_SQL,
        azureadAdministrator: ENTRA_ADMIN_SQL,
        administratorLogin: ENTRA_ADMIN_SQL,
        administrator_login: ENTRA_ADMIN_SQL,
        administrator_login_password: ENTRA_ADMIN_SQL,
        minimum_tls_version: "minimalTlsVersion",
        minimumTlsVersion: "minimalTlsVersion",
        transparent_data_encryption_key_vault_key_id: { setting: "key", why: KEY_REFERENCE },
        primary_user_assigned_identity_id: { setting: "identity", why: IDENTITY_REFERENCE },
        primaryUserAssignedIdentityId: { setting: "identity", why: IDENTITY_REFERENCE },
    },
    postgresqlServers: {
        ...FLEXIBLE_SERVER,
        ...POSTGRESQL_SERVER_RENAMED,
        skuName: FLEXIBLE_SKU,
        authentication: { setting: "administrator", why: ENTRA_ONLY },
        authConfig: { setting: "administrator", why: ENTRA_ONLY },
        administratorLogin: { setting: "administrator", why: ENTRA_ONLY },
        administrator_login: { setting: "administrator", why: ENTRA_ONLY },
        administrator_password: { setting: "administrator", why: ENTRA_ONLY },
        administratorLoginPassword: { setting: "administrator", why: ENTRA_ONLY },
    },
    mysqlServers: {
        ...FLEXIBLE_SERVER,
        administrator_password: { why: "the administrator's password is generated (32 characters) and kept as a Pulumi secret; leave it out" },
        administratorLoginPassword: { why: "the administrator's password is generated (32 characters) and kept as a Pulumi secret; leave it out" },
    },
    eventHubNamespaces: MESSAGING_NAMESPACE,
    serviceBusNamespaces: MESSAGING_NAMESPACE,
    kubernetesClusters: {
        ...KEY_NAMES,
        ...KUBERNETES_CLUSTER_RENAMED,
        key_management_service: { setting: "key", why: "KMS is on with key (the config name of a key with purpose applicationCrypto) and keyVaultNetworkAccess" },
        azureKeyVaultKms: { setting: "key", why: "KMS is on with key (the config name of a key with purpose applicationCrypto) and keyVaultNetworkAccess" },
        securityProfile: { setting: "key", why: "KMS is on with key (the config name of a key with purpose applicationCrypto) and keyVaultNetworkAccess" },
        disk_encryption_set_id: { setting: "diskEncryptionSet", why: "names a diskEncryptionSets[] entry by its config name" },
        diskEncryptionSetID: { setting: "diskEncryptionSet", why: "names a diskEncryptionSets[] entry by its config name" },
        diskEncryptionSetId: { setting: "diskEncryptionSet", why: "names a diskEncryptionSets[] entry by its config name" },
        default_node_pool: "systemNodePool",
        agentPoolProfiles: "systemNodePool",
        vnet_subnet_id: "nodeSubnetId",
        vnetSubnetId: "nodeSubnetId",
        vnetSubnetID: "nodeSubnetId",
        api_server_access_profile: { setting: "apiServerSubnetId", why: "API Server VNet Integration's subnet; enablePrivateCluster keeps the API server private (the default)" },
        apiServerAccessProfile: { setting: "apiServerSubnetId", why: "API Server VNet Integration's subnet; enablePrivateCluster keeps the API server private (the default)" },
        private_cluster_enabled: "enablePrivateCluster",
        azure_active_directory_role_based_access_control: { setting: "administratorGroupObjectIds", why: "Microsoft Entra integration with Azure RBAC is always on; administratorGroupObjectIds names the admin groups" },
        aadProfile: { setting: "administratorGroupObjectIds", why: "Microsoft Entra integration with Azure RBAC is always on; administratorGroupObjectIds names the admin groups" },
        admin_group_object_ids: "administratorGroupObjectIds",
        adminGroupObjectIDs: "administratorGroupObjectIds",
        identity: { why: "a cluster always runs as a user-assigned identity of its own (<name>-identity), which KMS needs; leave it out" },
        local_account_disabled: { why: "local accounts are always off; leave it out" },
        disableLocalAccounts: { why: "local accounts are always off; leave it out" },
    },
};

/** `a_b_c` as `aBC`: azurerm's spelling of a name this program writes in camel case. */
function camelCase(name: string): string {
    return name.replace(/_+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** The list path of a zod issue path, without indexes: `vaults.keys` for `["vaults", 0, "keys", 1]`. */
export function listPath(path: readonly PropertyKey[]): string {
    return path.filter((p) => typeof p !== "number").map(String).join(".");
}

/**
 * What to say of a name the schema does not read at `at` (a list path), given the names it does:
 * another tool's name from the table, then (a setting's name written in snake case) its camel case,
 * then the nearest spelling; never Pulumi's `protect` for a name about purge protection. Undefined
 * when nothing is near.
 */
export function foreignNameHint(at: string, name: string, known: readonly string[]): string | undefined {
    const say = (hint: ForeignName): string => (typeof hint === "string" ? `did you mean "${hint}"?` : hint.setting === undefined ? hint.why : `did you mean "${hint.setting}"? ${hint.why}`);
    const entry = Object.prototype.hasOwnProperty.call(CONFIG_RENAMES[at] ?? {}, name) ? CONFIG_RENAMES[at][name] : undefined;
    // A component's table may name an argument the stack writes otherwise (`keyName`): only a stack setting is offered.
    const target = entry === undefined ? undefined : typeof entry === "string" ? entry : entry.setting;
    if (entry !== undefined && (target === undefined || known.includes(target))) return say(entry);
    if (/purge/i.test(name)) {
        return known.includes("enablePurgeProtection") ? say(PURGE_PROTECTION) : "purge protection is a vault's setting: vaults[].enablePurgeProtection (on by default)";
    }
    const camel = camelCase(name);
    if (camel !== name && known.includes(camel)) return say(camel);
    const guess = closest(camel, [...known]);
    return guess === undefined ? undefined : say(guess);
}
