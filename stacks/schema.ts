import { z } from "zod";
import { KEY_VAULT_LOG_CATEGORIES, KEY_VAULT_LOG_CATEGORY_GROUPS, KEY_VAULT_METRIC_CATEGORIES } from "../components/key-vault-diagnostics";
import { KEY_VAULT_EVENT_TYPES } from "../components/key-vault-events";
import { GUID_PATTERN } from "../components/validation";

/**
 * The stack config's shape, key by key under the `azure-byok:` namespace. Types, enums and
 * required keys live here; the rules Azure enforces on values live in each component's
 * validator, which `parseStackConfig` runs against the same config before anything is created.
 */

/**
 * A config name: an entry's own, or another entry's it refers to. Entry names become Pulumi
 * resource names and Azure and Entra names (an application's display name unless displayName is
 * set), where a line break or an escape sequence is no name.
 */
const name = z.string().min(1, "must not be empty").regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, "must not contain a control character (a line break, tab or escape): config names become Pulumi resource names and Azure names");

/**
 * An Azure region as ARM takes it: its name (`westeurope`, in any case) or its display name (`West
 * Europe`), which every resource provider must accept; not the portal's `(Europe) West Europe`.
 */
const REGION = /^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/;
const regionRule = (defaultsTo: string) => `must be an Azure region, by name (westeurope) or display name (West Europe); it defaults to ${defaultsTo}`;

/** An entry's own region (a vault, identity or service elsewhere than the stack's other resources); defaults to azure-byok:location. */
const location = z.string().regex(REGION, regionRule("azure-byok:location")).optional();

/** An existing resource's subscription when it is not the stack's (a platform team's): read, and used, through a provider for it. */
const subscriptionId = z.string().regex(GUID_PATTERN, "must be a subscription id (a GUID)").optional();

/** Azure resource tags: name to text value. */
const tagsSchema = z.record(z.string(), z.string({ error: "must be a string: Azure tag values are text, so quote a number or boolean in the YAML (\"1234\")" }));

/** What a key is for, in this product's words (no Azure name): written as given, in this case. */
const KEY_PURPOSES = ["cmkService", "applicationCrypto", "signing", "keyExchange"] as const;
/** What an application's grant allows, in this product's words (no Azure name): written as given, in this case. */
const ACCESS_PERMISSIONS = ["applicationCrypto", "signing", "keyManagementAppliance", "cmkService"] as const;
/** The fixed sets that are this product's vocabulary, not Azure's: the config takes them in no other case. */
export const PRODUCT_ENUMS: readonly (readonly string[])[] = [KEY_PURPOSES, ACCESS_PERMISSIONS];

export const keySchema = z.strictObject({
    /** Config name, unique in the stack; services refer to the key by it. Also the key's name in the vault. */
    name,
    /** The key exists in an existing vault (imported, or another team's): grants and services use it, the key is left alone. */
    existing: z.boolean().optional(),
    kty: z.enum(["RSA-HSM", "RSA", "EC-HSM", "EC"]).optional(),
    keySize: z.literal([2048, 3072, 4096]).optional(),
    curveName: z.enum(["P-256", "P-384", "P-521", "P-256K"]).optional(),
    purpose: z.enum(KEY_PURPOSES).optional(),
    keyOps: z.array(z.enum(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "release"])).optional(),
    rotationPolicy: z.strictObject({
        expiryTime: z.string().optional(),
        timeAfterCreate: z.string().optional(),
        /** Rotate this long before a version expires, instead of timeAfterCreate (Key Vault's rotate action takes one trigger). */
        timeBeforeExpiry: z.string().optional(),
        notifyBeforeExpiry: z.string().optional(),
        automaticRotation: z.boolean().optional(),
    }).optional(),
    expires: z.string().optional(),
    protect: z.boolean().optional(),
    /**
     * In an existing vault: identities (config names, each `existing: true`) that the key's owner grants the
     * key's CMK use (get, wrapKey, unwrapKey) itself; the stack makes no grant for them on the key.
     */
    grantedIdentities: z.array(name).optional(),
    /**
     * Principals the stack does not make (another service's system-assigned identity, an operations group), granted
     * this key alone: a key-scoped role on an RBAC vault, an access policy on a vault with access policies.
     */
    access: z.array(z.strictObject({
        principalId: z.string().regex(GUID_PATTERN, "must be the principal's object id (a GUID)"),
        principalType: z.enum(["ServicePrincipal", "Group", "User"]).optional(),
        permissions: z.enum(["cmkService", "applicationCrypto", "signing"], { error: "must be cmkService, applicationCrypto or signing: a permission set on this one key (keyManagementAppliance is the vault's, in applications[].access)" }),
        description: z.string().optional(),
    })).optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

/** Azure's resource group name rule, wherever the config names a group. */
const resourceGroupName = z.string().regex(/^[-\p{L}\p{Nd}_.()]{1,90}$/u, "must be 1–90 letters, digits (any script's, as Azure's Char.IsLetterOrDigit reads them), '-', '_', '.', '(' or ')'").refine((v) => !v.endsWith("."), "must not end with '.'");

/** Private endpoints into the applications' networks, for a vault or a CMK service. */
const privateEndpoints = z.array(z.strictObject({
    subnetResourceId: z.string(),
    /** The endpoint's group in the subnet's subscription, when that is not the stack's: Azure places an endpoint in its network's subscription. */
    resourceGroupName: resourceGroupName.optional(),
    service: z.string().optional(),
    privateDnsZoneResourceIds: z.array(z.string()).optional(),
    name: z.string().optional(),
    location: z.string().regex(REGION, regionRule("the service's region")).optional(),
})).optional();

export const vaultSchema = z.strictObject({
    /** Config name, unique in the stack; keys, applications and services refer to the vault by it. */
    name,
    location,
    /** The vault exists (another stack or team manages it): keys and grants are made in it, the vault is left alone. */
    existing: z.boolean().optional(),
    vaultName: z.string().optional(),
    /** An existing vault's resource group; defaults to the stack's. */
    resourceGroupName: resourceGroupName.optional(),
    /** An existing vault's subscription; defaults to the stack's. Keys the stack makes there go through a provider for it. */
    subscriptionId,
    sku: z.enum(["premium", "standard"]).optional(),
    softDeleteRetentionInDays: z.number().optional(),
    enablePurgeProtection: z.boolean().optional(),
    enableRbacAuthorization: z.boolean().optional(),
    /** An access-policy vault (a deployed or an existing one) about to move to Azure RBAC: its grants get their role assignments a deploy before the flip. */
    prepareRbacMigration: z.boolean().optional(),
    accessPolicies: z.array(z.strictObject({
        objectId: z.string(),
        keyPermissions: z.array(z.string()),
    })).optional(),
    networkRules: z.strictObject({
        defaultAction: z.enum(["Deny", "Allow"]).optional(),
        bypass: z.enum(["AzureServices", "None"]).optional(),
        ipRules: z.array(z.string()).optional(),
        virtualNetworkRules: z.array(z.string()).optional(),
    }).optional(),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    createMode: z.enum(["default", "recover"]).optional(),
    // ReadOnly parses so that the component can say why it is refused.
    lock: z.enum(["CanNotDelete", "ReadOnly", "None"], { error: "must be \"CanNotDelete\" (the default) or \"None\", written as the value itself (lock: None)" }).optional(),
    diagnostics: z.array(z.strictObject({
        name: z.string().optional(),
        workspaceResourceId: z.string().optional(),
        storageAccountResourceId: z.string().optional(),
        eventHubAuthorizationRuleResourceId: z.string().optional(),
        eventHubName: z.string().optional(),
        /** The logs sent: categories or category groups (not both, which Azure refuses); AuditEvent when left out. */
        logCategoriesAndGroups: z.array(z.strictObject({
            category: z.enum(KEY_VAULT_LOG_CATEGORIES).optional(),
            categoryGroup: z.enum(KEY_VAULT_LOG_CATEGORY_GROUPS).optional(),
        })).optional(),
        /** Platform metrics sent beside the logs: AllMetrics, or none when left out. */
        metricCategories: z.array(z.strictObject({ category: z.enum(KEY_VAULT_METRIC_CATEGORIES) })).optional(),
    })).optional(),
    /** Private endpoints into the applications' networks (a vault this stack creates). */
    privateEndpoints,
    /** Event Grid subscriptions to the vault's key and secret events: one destination each. */
    eventSubscriptions: z.array(z.strictObject({
        name: z.string(),
        webhookUrl: z.string().optional(),
        eventHubResourceId: z.string().optional(),
        serviceBusQueueResourceId: z.string().optional(),
        azureFunctionResourceId: z.string().optional(),
        storageQueue: z.strictObject({ storageAccountResourceId: z.string(), queueName: z.string() }).optional(),
        eventTypes: z.array(z.enum(KEY_VAULT_EVENT_TYPES)).optional(),
        /** How Event Grid signs in to an event hub or queue: the vault's topic's identity (SystemAssigned, the default there) or None. */
        deliveryIdentity: z.enum(["SystemAssigned", "None"]).optional(),
        /** Where Event Grid keeps what it could not deliver: a blob container, written as the topic's identity. */
        deadLetter: z.strictObject({ storageAccountResourceId: z.string(), blobContainerName: z.string() }).optional(),
        /** How long Event Grid retries an undelivered event: attempts (1–30) and time to live in minutes (1–1440); Event Grid's own 30 and 1440 when left out. */
        retryPolicy: z.strictObject({ maxDeliveryAttempts: z.number().optional(), eventTimeToLiveInMinutes: z.number().optional() }).optional(),
    })).optional(),
    protect: z.boolean().optional(),
    keys: z.array(keySchema).optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const identitySchema = z.strictObject({
    name,
    location,
    /** The identity exists (another stack or team manages it): services run as it and it is granted keys, but it is left alone. */
    existing: z.boolean().optional(),
    identityName: z.string().optional(),
    /** An existing identity's resource group; defaults to the stack's. */
    resourceGroupName: resourceGroupName.optional(),
    /** An existing identity's subscription; defaults to the stack's. */
    subscriptionId,
    /** Pulumi's protect (and retainOnDelete) on the identity the stack makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

const cmkReference = {
    /** The config name of the key the service encrypts with. */
    key: name,
    /** Pins a key version, turning rotation off. */
    keyVersion: z.string().optional(),
    /** The config name of an identity to share; defaults to one of the service's own. */
    identity: z.string().optional(),
};

export const registrySchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    registryName: z.string().optional(),
    ...cmkReference,
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    /** With publicNetworkAccess Enabled: the addresses or ranges the registry's firewall admits, every other network denied. */
    ipRules: z.array(z.string()).optional(),
    adminUserEnabled: z.boolean().optional(),
    anonymousPullEnabled: z.boolean().optional(),
    azureADAuthenticationAsArmPolicy: z.enum(["enabled", "disabled"]).optional(),
    /** Geo-replicas (Premium), as Azure Verified Modules' registry module writes them: regions beyond location, each encrypted with the registry's one key. */
    replications: z.array(z.strictObject({
        location: z.string().regex(REGION, "must be an Azure region, by name (northeurope) or display name (North Europe), not the registry's own"),
        /** The replica's name in Azure; its region's name unless written. */
        name: z.string().optional(),
        /** Fixed when the replica is made; Disabled unless written (Azure makes a replica zone-redundant where the region has zones either way). */
        zoneRedundancy: z.enum(["Enabled", "Disabled"]).optional(),
        /** Whether Azure routes requests to the replica (true unless written); its content is synchronized either way. */
        regionEndpointEnabled: z.boolean().optional(),
        /** Merged over the registry's tags, the replica's winning. */
        tags: tagsSchema.optional(),
    })).optional(),
    /** Whether location's copy is zone-redundant, fixed when the registry is made; Disabled unless written (Azure makes it so where the region has zones either way). */
    zoneRedundancy: z.enum(["Enabled", "Disabled"]).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service, its replicas and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

const deleteRetentionPolicy = z.strictObject({ enabled: z.boolean().optional(), days: z.number().optional() });

export const storageAccountSchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    accountName: z.string().optional(),
    ...cmkReference,
    skuName: z.enum(["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"]).optional(),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    ipRules: z.array(z.string()).optional(),
    allowSharedKeyAccess: z.boolean().optional(),
    /** When Azure reports the access keys as due for regeneration (90 days unless written). */
    keyPolicy: z.strictObject({ keyExpirationPeriodInDays: z.number() }).optional(),
    /** The longest life of a SAS signed with an access key (an hour, Block, unless written). */
    sasPolicy: z.strictObject({ sasExpirationPeriod: z.string(), expirationAction: z.enum(["Log", "Block"]).optional() }).optional(),
    /** Encryption scopes, each with a key of the stack's by config name (a key per tenant of a shared account). */
    encryptionScopes: z.array(z.strictObject({ name: z.string(), key: name, keyVersion: z.string().optional() })).optional(),
    /** Private blob containers, each optionally held to one of the encryption scopes above. */
    containers: z.array(z.strictObject({ name: z.string(), encryptionScope: z.string().optional() })).optional(),
    /** Blob soft delete (on, 7 days, unless `enabled: false` is written). */
    deleteRetentionPolicy: deleteRetentionPolicy.optional(),
    /** Container soft delete (on, 7 days, unless `enabled: false` is written). */
    containerDeleteRetentionPolicy: deleteRetentionPolicy.optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const diskEncryptionSetSchema = z.strictObject({
    name,
    location,
    diskEncryptionSetName: z.string().optional(),
    ...cmkReference,
    // Azure's third type, ConfidentialVmEncryptedWithCustomerKey, needs an exportable key with a release policy (Secure Key Release), which the keys here never are.
    encryptionType: z.enum(["EncryptionAtRestWithPlatformAndCustomerKeys", "EncryptionAtRestWithCustomerKey"], {
        error: "must be \"EncryptionAtRestWithPlatformAndCustomerKeys\" (the default, double encryption) or \"EncryptionAtRestWithCustomerKey\"; ConfidentialVmEncryptedWithCustomerKey is not offered: a confidential VM's disk key must be exportable with a release policy, and this product's keys never leave the HSM (exportable: false)",
    }).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const cosmosDbAccountSchema = z.strictObject({
    name,
    /** The account's write region (failover priority 0); defaults to azure-byok:location. */
    location,
    /** Read regions beyond location, in failover order unless each gives its failoverPriority; all encrypt with the account's one key. */
    failoverLocations: z.array(z.strictObject({
        locationName: z.string().regex(REGION, "must be an Azure region, by name (northeurope) or display name (North Europe)"),
        failoverPriority: z.number().optional(),
        isZoneRedundant: z.boolean().optional(),
    })).optional(),
    /** Whether location spreads its replicas across availability zones (false unless written). */
    zoneRedundant: z.boolean().optional(),
    /** Service-managed failover: on by default with failoverLocations, unsent without. */
    enableAutomaticFailover: z.boolean().optional(),
    privateEndpoints,
    accountName: z.string().optional(),
    ...cmkReference,
    kind: z.enum(["GlobalDocumentDB", "MongoDB"]).optional(),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    ipRules: z.array(z.string()).optional(),
    disableLocalAuth: z.boolean().optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const sqlServerSchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    serverName: z.string().optional(),
    ...cmkReference,
    /** Config names of keys the server holds beside its protector (Azure's server keys), each at its current version. */
    additionalKeys: z.array(name).optional(),
    /** The config name of another sqlServers entry this server is a geo-secondary of: it holds that server's key too, before that server moves to another. */
    geoSecondaryOf: z.string().optional(),
    /** The Microsoft Entra administrator: the server takes Entra authentication only. */
    administrator: z.strictObject({
        login: z.string(),
        objectId: z.string(),
        principalType: z.enum(["User", "Group", "Application"]).optional(),
    }),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    minimalTlsVersion: z.enum(["1.2", "1.3"]).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

/** An availability zone as ARM takes it, as text: YAML reads an unquoted 1 as a number. */
const zone = z.enum(["1", "2", "3"], { error: "must be \"1\", \"2\" or \"3\", quoted in YAML (availabilityZone: \"1\"): ARM takes a zone as text" }).optional();

export const postgresqlServerSchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    serverName: z.string().optional(),
    ...cmkReference,
    /** The Microsoft Entra administrator: the server takes Entra authentication only. */
    administrator: z.strictObject({
        principalName: z.string(),
        objectId: z.string(),
        principalType: z.enum(["User", "Group", "ServicePrincipal"]).optional(),
    }),
    version: z.enum(["14", "15", "16", "17"]).optional(),
    sku: z.strictObject({ name: z.string(), tier: z.enum(["Burstable", "GeneralPurpose", "MemoryOptimized"]) }).optional(),
    storageSizeGB: z.number().optional(),
    backupRetentionDays: z.number().optional(),
    /**
     * Geo-redundant backup: Enabled also keeps the backups in the server's geo-paired region, encrypted
     * with geoBackupKey. Defaults to Disabled. PostgreSQL takes it at creation only: decide before the first deploy.
     */
    geoRedundantBackup: z.enum(["Enabled", "Disabled"]).optional(),
    /** The config name of the key geo-redundant backups are encrypted with: one in a vault of the server's geo-paired region. */
    geoBackupKey: name.optional(),
    /** Pins the geo-backup key's version. */
    geoBackupKeyVersion: z.string().optional(),
    /** A standby server: SameZone or ZoneRedundant (Disabled unless written); not on the Burstable tier. */
    highAvailability: z.enum(["Disabled", "SameZone", "ZoneRedundant"]).optional(),
    /** The primary's availability zone; Azure chooses unless written. */
    availabilityZone: zone,
    /** The standby's zone: for ZoneRedundant other than availabilityZone, for SameZone availabilityZone itself; Azure chooses unless written. */
    standbyAvailabilityZone: zone,
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

/** An Event Hubs or a Service Bus namespace: both take the same settings. */
export const messagingNamespaceSchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    namespaceName: z.string().optional(),
    ...cmkReference,
    capacity: z.literal([1, 2, 4, 8, 16], { error: "must be 1, 2, 4, 8 or 16 Premium units (Event Hubs processing units, Service Bus messaging units)" }).optional(),
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    disableLocalAuth: z.boolean().optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const applicationSchema = z.strictObject({
    /** Config name, unique in the stack; also the application's display name unless displayName is set. */
    name,
    displayName: z.string().optional(),
    signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs"]).optional(),
    allowMultiTenant: z.boolean().optional(),
    owners: z.array(z.string()).optional(),
    certificates: z.array(z.strictObject({
        name,
        certificatePem: z.string().optional(),
        validityDays: z.number().optional(),
        rsaBits: z.literal([3072, 4096]).optional(),
        subject: z.strictObject({
            commonName: z.string().optional(),
            organization: z.string().optional(),
            organizationalUnit: z.string().optional(),
            country: z.string().optional(),
            province: z.string().optional(),
            locality: z.string().optional(),
        }).optional(),
    })).optional(),
    clientSecrets: z.array(z.strictObject({
        name,
        validityDays: z.number().optional(),
        endDate: z.string().optional(),
    })).optional(),
    /** Trusts in the vendor's own identity provider (workload identity federation): no secret to hand over. */
    federatedCredentials: z.array(z.strictObject({
        name,
        issuer: z.string(),
        subject: z.string(),
        audience: z.string().optional(),
        description: z.string().optional(),
    })).optional(),
    /** What the application may do: on one key (by its config name) or, for key management, on one vault. */
    access: z.array(z.strictObject({
        key: z.string().optional(),
        vault: z.string().optional(),
        permissions: z.enum(ACCESS_PERMISSIONS),
        /** Also Key Vault Reader on the entry's vault (its key's), for a vendor that reads the vault through Resource Manager; once per vault. */
        vaultRead: z.boolean().optional(),
        /** On an access-policy vault, also list on the vault's keys, for a vendor that lists them; on an RBAC vault vaultRead lists keys. */
        listKeys: z.boolean().optional(),
    })).optional(),
    /** Public IPv4 addresses or ranges the application calls from; added to the firewall of every vault it accesses. */
    allowedNetworks: z.array(z.string()).optional(),
    /**
     * The application reaches the vaults it accesses through a private endpoint this stack does not
     * make (a hub's, over peering, VPN or ExpressRoute), so a closed vault without one of the stack's
     * own is not refused for it. Creates and changes nothing.
     */
    privateNetworkAccess: z.boolean().optional(),
    /** Hands the client secrets and generated certificates over as secrets in one of the stack's vaults (by config name). */
    secretsExportConfiguration: z.strictObject({
        vault: z.string(),
        /** Object ids given Key Vault Secrets User on each exported secret alone. */
        readers: z.array(z.strictObject({ principalId: z.string(), principalType: z.enum(["User", "Group", "ServicePrincipal"]) })).optional(),
        /**
         * The readers reach the vault through a private endpoint this stack does not make (a hub's, over
         * peering, VPN or ExpressRoute), so a closed vault without one of the stack's own is not refused
         * for them, whether or not the application has allowedNetworks. Creates and changes nothing.
         */
        privateNetworkAccess: z.boolean().optional(),
        /**
         * The credentials the vendor uses now, by name, each also written to a secret whose name stays through a rotation
         * (`<name>-client-secret`, `<name>-certificate`): naming another one writes it there as a new version.
         */
        current: z.strictObject({ clientSecret: z.string().optional(), certificate: z.string().optional() }).optional(),
    }).optional(),
});

/** An AKS cluster: KMS with one of the stack's keys, node disks with one of its disk encryption sets. It runs as an identity of its own. */
export const kubernetesClusterSchema = z.strictObject({
    name,
    location,
    clusterName: z.string().optional(),
    dnsPrefix: z.string().optional(),
    /** The config name of the KMS key (purpose applicationCrypto: encrypt and decrypt). */
    key: name,
    keyVersion: z.string().optional(),
    keyVaultNetworkAccess: z.enum(["Private", "Public"]).optional(),
    /** The config name of the disk encryption set the nodes' disks are encrypted with. */
    diskEncryptionSet: name,
    nodeSubnetId: z.string(),
    apiServerSubnetId: z.string().optional(),
    administratorGroupObjectIds: z.array(z.string()),
    enablePrivateCluster: z.boolean().optional(),
    kubernetesVersion: z.string().optional(),
    /** The control plane's pricing tier; Standard unless written. Premium is refused by the component, with its reason. */
    skuTier: z.enum(["Free", "Standard", "Premium"], { error: "must be \"Standard\" (the default) or \"Free\"" }).optional(),
    /** The cluster's service and pod ranges, DNS address and egress. */
    networkProfile: z.strictObject({
        serviceCidr: z.string().optional(),
        dnsServiceIP: z.string().optional(),
        podCidr: z.string().optional(),
        outboundType: z.enum(["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"]).optional(),
    }).optional(),
    systemNodePool: z.strictObject({
        vmSize: z.string().optional(),
        count: z.number().optional(),
        availabilityZones: z.array(z.string()).optional(),
    }).optional(),
    userNodePools: z.array(z.strictObject({
        name,
        vmSize: z.string().optional(),
        count: z.number().optional(),
        availabilityZones: z.array(z.string()).optional(),
    })).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

export const mysqlServerSchema = z.strictObject({
    name,
    location,
    privateEndpoints,
    serverName: z.string().optional(),
    ...cmkReference,
    /** The administrator's login; its password is generated and kept as a secret. */
    administratorLogin: z.string().optional(),
    version: z.enum(["5.7", "8.0.21"]).optional(),
    sku: z.strictObject({ name: z.string(), tier: z.enum(["Burstable", "GeneralPurpose", "MemoryOptimized"]) }).optional(),
    storageSizeGB: z.number().optional(),
    backupRetentionDays: z.number().optional(),
    /**
     * Geo-redundant backup: Enabled also keeps the backups in the server's geo-paired region, encrypted
     * with geoBackupKey. Defaults to Disabled.
     */
    geoRedundantBackup: z.enum(["Enabled", "Disabled"]).optional(),
    /** The config name of the key geo-redundant backups are encrypted with: one in a vault of the server's geo-paired region. */
    geoBackupKey: name.optional(),
    /** Pins the geo-backup key's version. */
    geoBackupKeyVersion: z.string().optional(),
    /** A standby server: SameZone or ZoneRedundant (Disabled unless written); not on the Burstable tier. */
    highAvailability: z.enum(["Disabled", "SameZone", "ZoneRedundant"]).optional(),
    /** The primary's availability zone; Azure chooses unless written. */
    availabilityZone: zone,
    /** The standby's zone: for ZoneRedundant other than availabilityZone, for SameZone availabilityZone itself; Azure chooses unless written. */
    standbyAvailabilityZone: zone,
    publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
    /** Pulumi's protect (and retainOnDelete) on the service and the identity it makes; true unless written. */
    protect: z.boolean().optional(),
    /** Merged over the stack's tags, this entry's winning. */
    tags: tagsSchema.optional(),
});

/** Every key of the `azure-byok:` namespace the program reads, and nothing else. */
export const stackConfigSchema = z.strictObject({
    resourceGroupName,
    // ARM takes region names in any case (Pulumi's own templates write WestUS2) and display names (Terraform's examples write West Europe).
    location: z.string().regex(REGION, regionRule("azure-native:location")),
    createResourceGroup: z.boolean().optional(),
    /** Tags on every Azure resource the stack makes that takes them. */
    tags: tagsSchema.optional(),
    /** The names of `tags` that keys and handed-over secrets carry (Key Vault takes at most 15 tags on each); all of them unless written. */
    keyTags: z.array(z.string()).optional(),
    /** How long what needs a new role assignment waits for Azure to propagate it (services after their grant on the key, the deploy after an application's grants): whole seconds or minutes, 0s for none. */
    rbacPropagationWait: z.string().optional(),
    vaults: z.array(vaultSchema).min(1, "needs at least one vault"),
    identities: z.array(identitySchema).optional(),
    applications: z.array(applicationSchema).optional(),
    registries: z.array(registrySchema).optional(),
    storageAccounts: z.array(storageAccountSchema).optional(),
    diskEncryptionSets: z.array(diskEncryptionSetSchema).optional(),
    cosmosDbAccounts: z.array(cosmosDbAccountSchema).optional(),
    eventHubNamespaces: z.array(messagingNamespaceSchema).optional(),
    serviceBusNamespaces: z.array(messagingNamespaceSchema).optional(),
    sqlServers: z.array(sqlServerSchema).optional(),
    postgresqlServers: z.array(postgresqlServerSchema).optional(),
    mysqlServers: z.array(mysqlServerSchema).optional(),
    kubernetesClusters: z.array(kubernetesClusterSchema).optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type VaultConfig = z.infer<typeof vaultSchema>;
export type KeyConfig = z.infer<typeof keySchema>;
export type ApplicationConfig = z.infer<typeof applicationSchema>;
export type RegistryConfig = z.infer<typeof registrySchema>;
export type StorageAccountConfig = z.infer<typeof storageAccountSchema>;
export type DiskEncryptionSetConfig = z.infer<typeof diskEncryptionSetSchema>;
export type CosmosDbAccountConfig = z.infer<typeof cosmosDbAccountSchema>;
export type MessagingNamespaceConfig = z.infer<typeof messagingNamespaceSchema>;
export type SqlServerConfig = z.infer<typeof sqlServerSchema>;
export type PostgresqlServerConfig = z.infer<typeof postgresqlServerSchema>;
export type MysqlServerConfig = z.infer<typeof mysqlServerSchema>;
export type KubernetesClusterConfig = z.infer<typeof kubernetesClusterSchema>;
