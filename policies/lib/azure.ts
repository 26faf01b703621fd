import type { ResourceView } from "./rule";
import { isUnknown, keys, list, read, readBoolean, sameText, UNKNOWN, Unknown } from "./values";

/** Resource types the rules read. */
export const T = {
    vault: "azure-native:keyvault:Vault",
    key: "azure-native:keyvault:Key",
    secret: "azure-native:keyvault:Secret",
    managedHsm: "azure-native:keyvault:ManagedHsm",
    accessPolicy: "azure-native:keyvault:AccessPolicy",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    lock: "azure-native:authorization:ManagementLockByScope",
    resourceGroup: "azure-native:resources:ResourceGroup",
    lockAtResource: "azure-native:authorization:ManagementLockAtResourceLevel",
    lockAtResourceGroup: "azure-native:authorization:ManagementLockAtResourceGroupLevel",
    lockAtSubscription: "azure-native:authorization:ManagementLockAtSubscriptionLevel",
    diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    privateEndpoint: "azure-native:network:PrivateEndpoint",
    vaultEndpointConnection: "azure-native:keyvault:PrivateEndpointConnection",
    hsmEndpointConnection: "azure-native:keyvault:MHSMPrivateEndpointConnection",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    registry: "azure-native:containerregistry:Registry",
    storageAccount: "azure-native:storage:StorageAccount",
    diskEncryptionSet: "azure-native:compute:DiskEncryptionSet",
    disk: "azure-native:compute:Disk",
    virtualMachine: "azure-native:compute:VirtualMachine",
    virtualMachineScaleSet: "azure-native:compute:VirtualMachineScaleSet",
    managedCluster: "azure-native:containerservice:ManagedCluster",
    agentPool: "azure-native:containerservice:AgentPool",
    cosmosAccount: "azure-native:cosmosdb:DatabaseAccount",
    eventHubNamespace: "azure-native:eventhub:Namespace",
    serviceBusNamespace: "azure-native:servicebus:Namespace",
    eventHubNetworkRuleSet: "azure-native:eventhub:NamespaceNetworkRuleSet",
    serviceBusNetworkRuleSet: "azure-native:servicebus:NamespaceNetworkRuleSet",
    sqlServer: "azure-native:sql:Server",
    sqlEncryptionProtector: "azure-native:sql:EncryptionProtector",
    sqlServerKey: "azure-native:sql:ServerKey",
    sqlTransparentDataEncryption: "azure-native:sql:TransparentDataEncryption",
    sqlManagedInstance: "azure-native:sql:ManagedInstance",
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
    /** Azure Classic's: the one way a stack holds a Managed HSM local role assignment (azure-native has none). */
    hsmLocalRoleAssignment: "azure:keyvault/managedHardwareSecurityModuleRoleAssignment:ManagedHardwareSecurityModuleRoleAssignment",
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    applicationCertificate: "azuread:index/applicationCertificate:ApplicationCertificate",
    applicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
} as const;

/** How messages name a Key Vault or a Managed HSM pool, which share their soft-delete, purge and network properties. */
export function vaultNoun(type: string): string {
    return type === T.managedHsm ? "managed HSM" : "vault";
}

/**
 * A scale set made with no virtualMachineProfile at all (absent, not unknown). Flexible orchestration allows it:
 * the set then has no disks or hosts of its own, and its VMs are VirtualMachine resources that name it
 * (azure-native compute/virtualMachine.d.ts, `virtualMachineScaleSet`), which the rules judge as virtual machines.
 */
export function scaleSetWithoutProfile(type: string, props: unknown): boolean {
    if (type !== T.virtualMachineScaleSet) return false;
    const profile = read(props, "virtualMachineProfile");
    return profile === undefined;
}

/** Built-in role definition GUIDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const ROLES = {
    cryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    cryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    cryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    administrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    dataAccessAdministrator: "8b54135c-b56d-4d72-a534-26097cfdc8d8",
    userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c6a72009",
    rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    cryptoServiceReleaseUser: "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
    secretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    secretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    certificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    certificatesOfficer: "a4417e6f-fecd-4de8-b567-7b0420556985",
} as const;

export const ROLE_NAMES: Record<string, string> = {
    [ROLES.cryptoServiceEncryptionUser]: "Key Vault Crypto Service Encryption User",
    [ROLES.cryptoUser]: "Key Vault Crypto User",
    [ROLES.cryptoOfficer]: "Key Vault Crypto Officer",
    [ROLES.administrator]: "Key Vault Administrator",
    [ROLES.keyVaultContributor]: "Key Vault Contributor",
    [ROLES.contributor]: "Contributor",
    [ROLES.owner]: "Owner",
    [ROLES.dataAccessAdministrator]: "Key Vault Data Access Administrator",
    [ROLES.userAccessAdministrator]: "User Access Administrator",
    [ROLES.rbacAdministrator]: "Role Based Access Control Administrator",
    [ROLES.cryptoServiceReleaseUser]: "Key Vault Crypto Service Release User",
    [ROLES.secretsUser]: "Key Vault Secrets User",
    [ROLES.secretsOfficer]: "Key Vault Secrets Officer",
    [ROLES.certificateUser]: "Key Vault Certificate User",
    [ROLES.certificatesOfficer]: "Key Vault Certificates Officer",
};

/** Key Vault's data-plane roles that use or read keys, secrets or certificates (the managing ones are the privileged-role rule's). */
export const DATA_ROLES: ReadonlySet<string> = new Set([
    ROLES.cryptoUser, ROLES.cryptoServiceEncryptionUser, ROLES.cryptoServiceReleaseUser,
    ROLES.secretsUser, ROLES.secretsOfficer, ROLES.certificateUser, ROLES.certificatesOfficer,
]);

/** The GUID at the end of a role definition id (full ARM id or bare GUID), lower case. */
export function roleGuid(roleDefinitionId: unknown): string | undefined {
    return typeof roleDefinitionId === "string" ? roleDefinitionId.split("/").pop()?.toLowerCase() : undefined;
}

/** A Key Vault key's setting as a stack shows it: at the top level in outputs (AnalyzeStack), under `properties` in inputs. */
export function keySetting(props: unknown, ...path: string[]): unknown {
    const top = read(props, ...path);
    return top !== undefined ? top : read(props, "properties", ...path);
}

/** A key named by vault and key (lower case): `vault/key`. */
export interface KeyRef {
    vault: string;
    key: string;
    version?: string;
    /** In a Managed HSM, whose keys and role assignments live in its data plane, not in ARM. */
    managedHsm?: boolean;
    /** Read from a name that does not say whether its store is a vault or a Managed HSM (a deployed SQL server key's). */
    storeFromName?: boolean;
}

export function keyId(ref: KeyRef): string {
    return `${ref.vault}/${ref.key}`;
}

/** `https://<vault>.vault.azure.net/keys/<key>[/<version>]`, or a Managed HSM's `<hsm>.managedhsm...` (any cloud's suffix). */
export function parseKeyUri(uri: unknown): KeyRef | undefined {
    if (typeof uri !== "string") return undefined;
    const match = /^https:\/\/([^./]+)\.(vault|managedhsm)\.[^/]+(?::443)?\/keys\/([^/]+)(?:\/([^/?]*))?\/?$/i.exec(uri.trim());
    if (!match) return undefined;
    const ref: KeyRef = { vault: match[1].toLowerCase(), key: match[3].toLowerCase(), version: match[4] ? match[4] : undefined };
    if (match[2].toLowerCase() === "managedhsm") ref.managedHsm = true;
    return ref;
}

/** `https://<vault>.vault.azure.net/` → vault name. */
export function vaultOfUri(uri: unknown): string | undefined {
    return vaultRefOfUri(uri)?.name;
}

/** A vault's or Managed HSM's base URI (`https://<hsm>.managedhsm.azure.net/`) → its name, and which of the two it is. */
function vaultRefOfUri(uri: unknown): { name: string; managedHsm: boolean } | undefined {
    if (typeof uri !== "string") return undefined;
    const match = /^https:\/\/([^./]+)\.(vault|managedhsm)\./i.exec(uri.trim());
    return match ? { name: match[1].toLowerCase(), managedHsm: match[2].toLowerCase() === "managedhsm" } : undefined;
}

/** The key a service names by its vault's URI and the key's name and version (storage, Event Hubs, Service Bus). */
function keyRefOf(uri: unknown, name: unknown, version: unknown): KeyRef | undefined {
    const vault = vaultRefOfUri(uri);
    if (!vault || typeof name !== "string") return undefined;
    const ref: KeyRef = { vault: vault.name, key: name.toLowerCase(), version: typeof version === "string" && version ? version : undefined };
    if (vault.managedHsm) ref.managedHsm = true;
    return ref;
}

/**
 * What an ARM scope covers, for Key Vault roles: one key, one vault, or wider (a resource group,
 * a subscription, a management group, the root), which `at` names for messages.
 */
export type Scope =
    | { kind: "key"; vault: string; key: string }
    | { kind: "vault"; vault: string }
    | { kind: "wider"; at: string; subscription?: string; resourceGroup?: string; managementGroup?: string }
    | { kind: "other" };

/**
 * How far a scope reaches over a key: the key itself, its vault, or wider. A resource group or
 * subscription that is not the vault's, where the vault's outputs say where it is, does not reach it.
 */
export function scopeReach(scope: Scope, key: KeyRef, vault?: ResourceView): "key" | "vault" | "wider" | undefined {
    if (scope.kind === "key") return scope.vault === key.vault && scope.key === key.key ? "key" : undefined;
    if (scope.kind === "vault") return scope.vault === key.vault ? "vault" : undefined;
    if (scope.kind !== "wider") return undefined;
    return vault === undefined || wideScopeHolds(scope, vault) !== false ? "wider" : undefined;
}

/**
 * Whether a resource group, subscription, management group or the root holds a resource of the
 * stack: false where its outputs (id, resourceGroupName) place it in another subscription or group,
 * true where they place it inside (a group of that name, when its subscription is not known), UNKNOWN
 * where they do not say, and under a management group, whose subscriptions ARM alone knows.
 */
export function wideScopeHolds(scope: Extract<Scope, { kind: "wider" }>, resource: ResourceView): boolean | Unknown {
    const subscription = subscriptionOf(resource);
    if (scope.subscription !== undefined && subscription !== undefined && scope.subscription !== subscription) return false;
    const group = resourceGroupOf(resource);
    if (scope.resourceGroup !== undefined) return group === undefined ? UNKNOWN : scope.resourceGroup === group;
    if (scope.subscription !== undefined) return subscription === undefined ? UNKNOWN : true;
    return scope.managementGroup !== undefined ? UNKNOWN : true;
}

export function parseScope(scope: unknown): Scope {
    if (typeof scope !== "string") return { kind: "other" };
    const s = scope.toLowerCase().replace(/\/$/, "");
    const key = /\/providers\/microsoft\.keyvault\/vaults\/([^/]+)\/keys\/([^/]+)$/.exec(s);
    if (key) return { kind: "key", vault: key[1], key: key[2] };
    const vault = /\/providers\/microsoft\.keyvault\/vaults\/([^/]+)$/.exec(s);
    if (vault) return { kind: "vault", vault: vault[1] };
    const within = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?$/.exec(s);
    if (within) {
        const [, subscription, resourceGroup] = within;
        return { kind: "wider", at: resourceGroup !== undefined ? `resource group ${resourceGroup}` : `subscription ${subscription}`, subscription, resourceGroup };
    }
    const group = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(s);
    if (group) return { kind: "wider", at: `management group ${group[1]}`, managementGroup: group[1] };
    if (s === "" || s === "/") return { kind: "wider", at: "root (/)" };
    return { kind: "other" };
}

/** A resource's subscription, lowercased, where its outputs carry its id. */
export function subscriptionOf(view: ResourceView): string | undefined {
    const id = read(view.props, "id");
    return typeof id === "string" ? /^\/subscriptions\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase() : undefined;
}

/** A resource's resource group, lowercased, where its outputs say. */
export function resourceGroupOf(view: ResourceView): string | undefined {
    const group = read(view.props, "resourceGroupName");
    if (typeof group === "string" && !isUnknown(group)) return group.toLowerCase();
    const id = read(view.props, "id");
    return typeof id === "string" ? /\/resourcegroups\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase() : undefined;
}

/** The last segment of an ARM id (a user-assigned identity's name), lower case. */
export function lastSegment(id: unknown): string | undefined {
    return typeof id === "string" ? id.replace(/\/$/, "").split("/").pop()?.toLowerCase() : undefined;
}

/** How a CMK service names its key and the identity that reaches it. Each field may be unknown. */
export interface CmkUse {
    /** The key, or UNKNOWN, or undefined when the service uses no customer-managed key. */
    key: KeyRef | Unknown | undefined;
    /**
     * The identity: a user-assigned one by client id (registry) or by ARM id (most others), or one
     * Azure made for the service, by principal id: its system-assigned one (`systemAssigned`), or
     * Databricks' managed-disk identity.
     */
    identity: { clientId?: string; resourceId?: string; principalId?: string; systemAssigned?: true } | Unknown | undefined;
    /** Whose identity it is, when not the service's own, for messages: "server" (a SQL server key's), "storage account" (an encryption scope's), "managed disk" (Databricks'), "geo-backup" (a flexible server's second key's). */
    identityNoun?: string;
    service: string;
    /** What the identity does with the key: wrap and unwrap data keys (the default), or encrypt and decrypt (AKS KMS). */
    keyUse?: "wrap" | "encrypt";
    /** Access-policy key permissions the service needs beyond those of its key use (PostgreSQL, Event Hubs and Service Bus also list keys). */
    extraAccessPolicyPermissions?: string[];
    /**
     * The resource whose identity reaches the key, when the service names none itself: a SQL
     * server key wraps with its server's identity. Found through the dependency of the service's
     * `property` on it, or by `name` among the stack's resources of `type`: their `name` output, or
     * the same `property` among their inputs (ARM names a parent by one path parameter throughout).
     */
    identityFrom?: { type: string; property: string; name: string | undefined };
}

/**
 * The vault an AKS cluster's KMS plugin reaches through a private link (`keyVaultNetworkAccess`
 * Private), by name: AKS creates that link in the node resource group as the cluster's identity.
 * `""` when no vault resource id names one; `undefined` when KMS is off or goes over public access.
 */
export function kmsPrivateVault(props: unknown): string | Unknown | undefined {
    const kms = read(props, "securityProfile", "azureKeyVaultKms");
    if (isUnknown(kms)) return UNKNOWN;
    const enabled = readBoolean(kms, "enabled");
    const access = read(kms, "keyVaultNetworkAccess");
    if (isUnknown(enabled) || isUnknown(access)) return UNKNOWN;
    if (enabled !== true || !sameText(access, "Private")) return undefined;
    const vaultId = read(kms, "keyVaultResourceId");
    if (isUnknown(vaultId)) return UNKNOWN;
    return vaultOfResourceId(vaultId) ?? "";
}

/** A Key Vault's ARM resource id → its name, lower case. */
export function vaultOfResourceId(id: unknown): string | undefined {
    return typeof id === "string" && /\/providers\/microsoft\.keyvault\/vaults\/[^/]+\/?$/i.test(id) ? lastSegment(id) : undefined;
}

/** How a resource type encrypts with a customer-managed key named in its own properties. */
interface CmkService {
    /**
     * The top-level input property in which it names its key: the engine records
     * propertyDependencies per top-level property, so the vault or key that property came from is
     * known there even while the key's URL is not (a first preview).
     */
    keyProperty: string;
    /**
     * Whether it reaches its key through a vault firewall as a trusted Microsoft service (Key
     * Vault's list: storage, registries, disks, Cosmos DB, SQL, Event Hubs, Service Bus, Data
     * Factory, Azure AI services, Backup). The others need a network path of their own.
     */
    trusted: boolean;
    /** The key it uses and the identity that reaches it, from its inputs or outputs; undefined when it uses no customer-managed key. */
    use(props: unknown): CmkUse | undefined;
}

/** The CMK services, one entry each: adding a service here is all the rules need. */
export const CMK_SERVICES = {
    [T.registry]: {
        keyProperty: "encryption",
        trusted: true,
        use(props) {
            const kv = read(props, "encryption", "keyVaultProperties");
            if (kv === undefined) return undefined;
            const keyIdentifier = read(kv, "keyIdentifier");
            const identity = read(kv, "identity");
            return {
                service: "Container Registry",
                key: isUnknown(keyIdentifier) ? UNKNOWN : parseKeyUri(keyIdentifier),
                identity: isUnknown(identity) ? UNKNOWN : typeof identity === "string" ? { clientId: identity.toLowerCase() } : undefined,
            };
        },
    },
    [T.storageAccount]: {
        keyProperty: "encryption",
        trusted: true,
        use(props) {
            // azure-native's SDK sends encryption whole, so one unknown inside (a new vault's URI) hides keySource too on a first preview.
            const source = read(props, "encryption", "keySource");
            if (!isUnknown(source) && !sameText(source, "Microsoft.Keyvault")) return undefined;
            const uri = read(props, "encryption", "keyVaultProperties", "keyVaultUri");
            const name = read(props, "encryption", "keyVaultProperties", "keyName");
            const version = read(props, "encryption", "keyVaultProperties", "keyVersion");
            return {
                service: "Storage account",
                key: isUnknown(source) || isUnknown(uri) || isUnknown(name) ? UNKNOWN : keyRefOf(uri, name, version),
                identity: storageAccountCmkIdentity(props),
            };
        },
    },
    [T.diskEncryptionSet]: {
        keyProperty: "activeKey",
        trusted: true,
        use(props) {
            const url = read(props, "activeKey", "keyUrl");
            if (url === undefined) return undefined;
            // A user-assigned identity, else its system-assigned one (azure-native's DiskEncryptionSet example, Microsoft's DES guides).
            return { service: "Disk encryption set", key: isUnknown(url) ? UNKNOWN : parseKeyUri(url), identity: firstUserAssigned(props) ?? systemAssignedIdentity(props) };
        },
    },
    [T.cosmosAccount]: {
        keyProperty: "keyVaultKeyUri",
        trusted: true,
        use(props) {
            const uri = read(props, "keyVaultKeyUri");
            if (uri === undefined || uri === "") return undefined;
            return { service: "Cosmos DB account", key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: cosmosIdentity(props) };
        },
    },
    [T.sqlServer]: {
        keyProperty: "keyId",
        trusted: true,
        use(props) {
            // The TDE protector named at creation; one set later through ServerKey/EncryptionProtector is not followed here.
            const uri = read(props, "keyId");
            if (uri === undefined || uri === "") return undefined;
            return { service: "SQL server", key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: identityOfResource(T.sqlServer, props) };
        },
    },
    [T.eventHubNamespace]: { keyProperty: "encryption", trusted: true, use: (props) => namespaceUse(T.eventHubNamespace, props) },
    [T.serviceBusNamespace]: { keyProperty: "encryption", trusted: true, use: (props) => namespaceUse(T.serviceBusNamespace, props) },
    [T.cognitiveAccount]: {
        keyProperty: "properties",
        trusted: true,
        use(props) {
            const encryption = read(props, "properties", "encryption");
            if (encryption === undefined) return undefined;
            const source = read(encryption, "keySource");
            // azure-native fills keySource Microsoft.KeyVault when an encryption block omits it.
            if (source !== undefined && !isUnknown(source) && !sameText(source, "Microsoft.KeyVault")) return undefined;
            const uri = read(encryption, "keyVaultProperties", "keyVaultUri");
            const name = read(encryption, "keyVaultProperties", "keyName");
            const identity = read(encryption, "keyVaultProperties", "identityClientId");
            return {
                service: "Azure AI services account",
                key: isUnknown(encryption) || isUnknown(source) || isUnknown(uri) || isUnknown(name) ? UNKNOWN : keyRefOf(uri, name, read(encryption, "keyVaultProperties", "keyVersion")),
                identity: clientIdentity(identity, props),
            };
        },
    },
    [T.dataFactory]: {
        keyProperty: "encryption",
        trusted: true,
        use(props) {
            const encryption = read(props, "encryption");
            if (encryption === undefined) return undefined;
            const uri = read(encryption, "vaultBaseUrl");
            const name = read(encryption, "keyName");
            // Without a user-assigned identity the factory wraps with its system-assigned one (Data Factory's CMK guide: an existing factory may).
            return {
                service: "Data factory",
                key: isUnknown(encryption) || isUnknown(uri) || isUnknown(name) ? UNKNOWN : keyRefOf(uri, name, read(encryption, "keyVersion")),
                identity: armIdentity(read(encryption, "identity", "userAssignedIdentity")) ?? systemAssignedIdentity(props),
            };
        },
    },
    [T.postgresqlServer]: { keyProperty: "dataEncryption", trusted: true, use: (props) => flexibleServerUse(T.postgresqlServer, props) },
    [T.mysqlServer]: { keyProperty: "dataEncryption", trusted: true, use: (props) => flexibleServerUse(T.mysqlServer, props) },
    [T.recoveryServicesVault]: {
        keyProperty: "properties",
        trusted: true,
        use(props) {
            const uri = read(props, "properties", "encryption", "keyVaultProperties", "keyUri");
            if (uri === undefined || uri === "") return undefined;
            const kek = read(props, "properties", "encryption", "kekIdentity");
            return { service: "Recovery Services vault", key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: kekIdentity(kek, props) };
        },
    },
    [T.encryptionScope]: {
        keyProperty: "keyVaultProperties",
        trusted: true,
        use(props) {
            const source = read(props, "source");
            if (source === undefined || (!isUnknown(source) && !sameText(source, "Microsoft.KeyVault"))) return undefined;
            const uri = read(props, "keyVaultProperties", "keyUri");
            // The scope wraps with its storage account's customer-managed-key identity; outputs name the account only in the scope's ARM id.
            const account = read(props, "accountName");
            const id = read(props, "id");
            const fromId = typeof id === "string" ? /\/storageAccounts\/([^/]+)\/encryptionScopes\//i.exec(id)?.[1] : undefined;
            return {
                service: "Storage encryption scope",
                key: isUnknown(source) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri),
                identity: undefined,
                identityFrom: { type: T.storageAccount, property: "accountName", name: typeof account === "string" && !isUnknown(account) ? account.toLowerCase() : fromId?.toLowerCase() },
                identityNoun: "storage account",
            };
        },
    },
    [T.mlWorkspace]: {
        keyProperty: "encryption",
        trusted: false,
        use(props) {
            const status = read(props, "encryption", "status");
            if (status === undefined || (!isUnknown(status) && !sameText(status, "Enabled"))) return undefined;
            const uri = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
            const identity = read(props, "encryption", "identity", "userAssignedIdentity");
            // Without encryption.identity the workspace reaches the key as its managed identity, system-assigned by default (Microsoft's "Set up authentication between Azure Machine Learning and other services").
            return { service: "Machine Learning workspace", key: isUnknown(status) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: armIdentity(identity) ?? systemAssignedIdentity(props) };
        },
    },
    [T.synapseWorkspace]: {
        keyProperty: "encryption",
        trusted: false,
        use(props) {
            const key = read(props, "encryption", "cmk", "key");
            if (key === undefined) return undefined;
            // keyVaultUrl is the key's own URL (https://<vault>.vault.azure.net/keys/<key>).
            const uri = read(key, "keyVaultUrl");
            const kek = read(props, "encryption", "cmk", "kekIdentity");
            return { service: "Synapse workspace", key: isUnknown(key) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: kekIdentity(kek, props) };
        },
    },
    [T.logAnalyticsCluster]: { keyProperty: "keyVaultProperties", trusted: false, use: (props) => keyVaultClusterUse(T.logAnalyticsCluster, props) },
    [T.kustoCluster]: { keyProperty: "keyVaultProperties", trusted: false, use: (props) => keyVaultClusterUse(T.kustoCluster, props) },
    [T.appConfigurationStore]: {
        keyProperty: "encryption",
        trusted: false,
        use(props) {
            const uri = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
            if (uri === undefined || uri === "") return undefined;
            const identity = read(props, "encryption", "keyVaultProperties", "identityClientId");
            return {
                service: "App Configuration store",
                key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri),
                identity: clientIdentity(identity, props),
            };
        },
    },
    [T.batchAccount]: {
        keyProperty: "encryption",
        trusted: false,
        use(props) {
            const source = read(props, "encryption", "keySource");
            if (source === undefined || (!isUnknown(source) && !sameText(source, "Microsoft.KeyVault"))) return undefined;
            const uri = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
            // The account wraps with its own identity, user- or system-assigned (Microsoft's Batch customer-managed key guide).
            return { service: "Batch account", key: isUnknown(source) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: firstUserAssigned(props) ?? systemAssignedIdentity(props) };
        },
    },
    [T.databricksWorkspace]: {
        keyProperty: "encryption",
        trusted: false,
        use(props) {
            const disk = read(props, "encryption", "entities", "managedDisk");
            if (disk === undefined) return undefined;
            const source = read(disk, "keySource");
            if (!isUnknown(source) && !sameText(source, "Microsoft.Keyvault")) return undefined;
            const properties = read(disk, "keyVaultProperties");
            // The disks are wrapped by the identity Azure creates for the workspace's disk encryption set;
            // its principal id is an output, so a grant to it can only follow the workspace.
            const principal = read(props, "managedDiskIdentity", "principalId");
            return {
                service: "Databricks workspace",
                key: isUnknown(disk) || isUnknown(source) || isUnknown(properties) ? UNKNOWN : keyRefOf(read(properties, "keyVaultUri"), read(properties, "keyName"), read(properties, "keyVersion")),
                identity: isUnknown(principal) ? UNKNOWN : typeof principal === "string" && principal !== "" ? { principalId: principal.toLowerCase() } : undefined,
                identityNoun: "managed disk",
            };
        },
    },
    [T.sqlServerKey]: {
        keyProperty: "uri",
        trusted: true,
        use(props) {
            // A TDE protector added after the server was created (the encryption protector names it).
            const kind = read(props, "serverKeyType");
            const uri = read(props, "uri");
            let key: CmkUse["key"];
            if (kind === undefined && uri === undefined) {
                // Outputs: serverKeyType and uri are create-only (ServerKeys.json x-ms-mutability), so the key's name says which key it is.
                key = serverKeyRefOfName(read(props, "name"));
                if (key === undefined) return undefined;
            } else {
                if (kind === undefined || (!isUnknown(kind) && !sameText(kind, "AzureKeyVault"))) return undefined;
                key = isUnknown(kind) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri);
            }
            // It wraps with its server's primary user-assigned identity; outputs name the server only in the key's ARM id.
            const server = read(props, "serverName");
            const id = read(props, "id");
            const fromId = typeof id === "string" ? /\/servers\/([^/]+)\/keys\//i.exec(id)?.[1] : undefined;
            return {
                service: "SQL server key",
                key,
                identity: undefined,
                identityFrom: { type: T.sqlServer, property: "serverName", name: typeof server === "string" && !isUnknown(server) ? server.toLowerCase() : fromId?.toLowerCase() },
                identityNoun: "server",
            };
        },
    },
    [T.managedCluster]: {
        keyProperty: "securityProfile",
        trusted: false,
        use(props) {
            const kms = read(props, "securityProfile", "azureKeyVaultKms");
            if (kms === undefined) return undefined;
            const enabled = readBoolean(kms, "enabled");
            if (!isUnknown(enabled) && enabled !== true) return undefined;
            const keyIdentifier = read(kms, "keyId");
            // KMS encrypts etcd's data keys with the key itself, as the cluster's user-assigned identity (it cannot use a system-assigned one).
            return {
                service: "AKS cluster",
                key: isUnknown(kms) || isUnknown(enabled) || isUnknown(keyIdentifier) ? UNKNOWN : parseKeyUri(keyIdentifier),
                identity: firstUserAssigned(props),
                keyUse: "encrypt",
            };
        },
    },
    [T.sqlManagedInstance]: {
        keyProperty: "keyId",
        trusted: true,
        use(props) {
            // The TDE protector named at creation, as a SQL server's.
            const uri = read(props, "keyId");
            if (uri === undefined || uri === "") return undefined;
            return { service: "SQL managed instance", key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri), identity: managedInstanceIdentity(props) };
        },
    },
} as const satisfies Record<string, CmkService>;

const CMK_SERVICE_BY_TYPE: ReadonlyMap<string, CmkService> = new Map(Object.entries(CMK_SERVICES));

/** The resource types that encrypt with a customer-managed key named in their own properties. */
export const CMK_SERVICE_TYPES: string[] = [...CMK_SERVICE_BY_TYPE.keys()];

/** The CMK services that reach their key through a vault firewall as trusted Microsoft services. */
export const TRUSTED_CMK_SERVICE_TYPES: readonly string[] = CMK_SERVICE_TYPES.filter((type) => CMK_SERVICE_BY_TYPE.get(type)?.trusted);

/** The input property in which a resource of `type` names its customer-managed key, if it is a CMK service. */
export function cmkKeyProperty(type: string): string | undefined {
    return CMK_SERVICE_BY_TYPE.get(type)?.keyProperty;
}

/** An Event Hubs or Service Bus namespace's key: the first it lists. */
function namespaceUse(type: string, props: unknown): CmkUse | undefined {
    const entries = list(props, "encryption", "keyVaultProperties");
    if (entries !== UNKNOWN && entries.length === 0) return undefined;
    // A namespace may list several keys; the first is the one its data keys are wrapped with first.
    const first = entries === UNKNOWN ? UNKNOWN : entries[0];
    const uri = read(first, "keyVaultUri");
    const name = read(first, "keyName");
    const version = read(first, "keyVersion");
    const identity = read(first, "identity", "userAssignedIdentity");
    return {
        service: type === T.eventHubNamespace ? "Event Hubs namespace" : "Service Bus namespace",
        // Microsoft's Event Hubs and Service Bus CMK guides grant get, wrapKey, unwrapKey and list on an access-policy vault.
        extraAccessPolicyPermissions: ["list"],
        key: isUnknown(uri) || isUnknown(name) ? UNKNOWN : keyRefOf(uri, name, version),
        // An entry naming no user-assigned identity is reached as the namespace's system-assigned one (the RP's KeyVaultProperties.identity).
        identity: isUnknown(identity) ? UNKNOWN : typeof identity === "string" && identity !== "" ? { resourceId: identity.toLowerCase() } : systemAssignedIdentity(props),
    };
}

/** A PostgreSQL or MySQL flexible server's data encryption key. */
function flexibleServerUse(type: string, props: unknown): CmkUse | undefined {
    const kind = read(props, "dataEncryption", "type");
    if (kind === undefined || (!isUnknown(kind) && !sameText(kind, "AzureKeyVault"))) return undefined;
    const uri = read(props, "dataEncryption", "primaryKeyURI");
    const identity = read(props, "dataEncryption", "primaryUserAssignedIdentityId");
    return {
        service: type === T.postgresqlServer ? "PostgreSQL server" : "MySQL server",
        // Microsoft's PostgreSQL and MySQL data-encryption requirements: get, list, wrapKey and unwrapKey on an access-policy vault.
        extraAccessPolicyPermissions: ["list"],
        key: isUnknown(kind) || isUnknown(uri) ? UNKNOWN : parseKeyUri(uri),
        identity: isUnknown(identity) ? UNKNOWN : typeof identity === "string" && identity !== "" ? { resourceId: identity.toLowerCase() } : undefined,
    };
}

/** A Log Analytics or Data Explorer cluster's key. */
function keyVaultClusterUse(type: string, props: unknown): CmkUse | undefined {
    const properties = read(props, "keyVaultProperties");
    if (properties === undefined) return undefined;
    const uri = read(properties, "keyVaultUri");
    const name = read(properties, "keyName");
    // A Log Analytics cluster wraps with its own identity, user- or system-assigned (Azure Monitor's customer-managed key guide); a Data Explorer
    // cluster with the user-assigned one its userIdentity names, else its system-assigned one (Data Explorer's ARM guide names none).
    const identity = type === T.kustoCluster ? (armIdentity(read(properties, "userIdentity")) ?? systemAssignedIdentity(props)) : (firstUserAssigned(props) ?? systemAssignedIdentity(props));
    return {
        service: type === T.kustoCluster ? "Data Explorer cluster" : "Log Analytics cluster",
        key: isUnknown(properties) || isUnknown(uri) || isUnknown(name) ? UNKNOWN : keyRefOf(uri, name, read(properties, "keyVersion")),
        identity,
    };
}

/**
 * Every customer-managed key a CMK service uses, each with the identity that reaches it: the one
 * its CMK_SERVICES entry reads, and a PostgreSQL or MySQL server's geo-backup key, which encrypts its geo-redundant
 * backups in the paired region with an identity of its own.
 */
export function cmkUses(type: string, props: unknown): CmkUse[] {
    const use = CMK_SERVICE_BY_TYPE.get(type)?.use(props);
    if (use === undefined) return [];
    const geo = type === T.postgresqlServer || type === T.mysqlServer ? geoBackupUse(use, props) : undefined;
    return geo === undefined ? [use] : [use, geo];
}

/** A flexible server's geo-backup key use (dataEncryption.geoBackupKeyURI), when it names one. */
function geoBackupUse(primary: CmkUse, props: unknown): CmkUse | undefined {
    const encryption = read(props, "dataEncryption");
    const uri = read(encryption, "geoBackupKeyURI");
    // With the whole block unknown, the primary use already stands for whatever it holds.
    if (isUnknown(encryption) || uri === undefined || uri === "") return undefined;
    return {
        service: primary.service,
        extraAccessPolicyPermissions: primary.extraAccessPolicyPermissions,
        key: isUnknown(uri) ? UNKNOWN : parseKeyUri(uri),
        identity: armIdentity(read(encryption, "geoBackupUserAssignedIdentityId")),
        identityNoun: "geo-backup",
    };
}

/**
 * The Key Vault key a SQL server key's name gives: ARM requires `<vault>_<key>_<version>` for one
 * (ServerKeys.json keyName), and names the service's own `ServiceManaged`. UNKNOWN until the name is
 * known (a preview), so that the key its `uri` came from is followed instead.
 */
function serverKeyRefOfName(name: unknown): KeyRef | Unknown | undefined {
    if (isUnknown(name)) return UNKNOWN;
    // Vault and key names take letters, digits and hyphens only, so the underscores split the three apart.
    const match = typeof name === "string" ? /^([0-9a-z-]+)_([0-9a-z-]+)_([0-9a-z]+)$/i.exec(name) : null;
    return match ? { vault: match[1].toLowerCase(), key: match[2].toLowerCase(), version: match[3], storeFromName: true } : undefined;
}

/** The identity a resource named by a service's `identityFrom` reaches keys with: a SQL server's primary user-assigned identity, a storage account's CMK identity. */
export function identityOfResource(type: string, props: unknown): CmkUse["identity"] {
    // A SQL server without a primary user-assigned identity reaches its TDE protector as its system-assigned one (Microsoft's TDE with CMK overview).
    if (type === T.sqlServer) return armIdentity(read(props, "primaryUserAssignedIdentityId")) ?? systemAssignedIdentity(props);
    if (type === T.storageAccount) return storageAccountCmkIdentity(props);
    return undefined;
}

/**
 * A storage account's customer-managed-key identity: the user-assigned one it names, else its
 * system-assigned one, which an existing account may use (Microsoft's "Configure customer-managed
 * keys for an existing storage account"; a new one needs a user-assigned identity).
 */
function storageAccountCmkIdentity(props: unknown): CmkUse["identity"] {
    return armIdentity(read(props, "encryption", "encryptionIdentity", "encryptionUserAssignedIdentity")) ?? systemAssignedIdentity(props);
}

/**
 * A Cosmos DB account's key identity, its `defaultIdentity`: "UserAssignedIdentity=<ARM id>", or
 * "SystemAssignedIdentity" for its own (Microsoft's Cosmos DB customer-managed key guide: set on an
 * existing account, whose identity exists). "FirstPartyIdentity", the default, is Cosmos DB's own
 * principal, granted outside the stack.
 */
function cosmosIdentity(props: unknown): CmkUse["identity"] {
    const identity = read(props, "defaultIdentity");
    if (isUnknown(identity)) return UNKNOWN;
    if (typeof identity !== "string") return undefined;
    const userAssigned = /^UserAssignedIdentity=(.+)$/i.exec(identity)?.[1];
    if (userAssigned !== undefined) return { resourceId: userAssigned.toLowerCase() };
    return sameText(identity, "SystemAssignedIdentity") ? systemAssignedIdentity(props) : undefined;
}

/**
 * The identity a Synapse workspace or Recovery Services vault names in its `kekIdentity`: the
 * user-assigned one, or with `useSystemAssignedIdentity` (or none named) its system-assigned one
 * (Microsoft's Synapse workspace encryption guide: a workspace without a user-assigned identity waits
 * for its own to be granted the key; Azure Backup's customer-managed key guide).
 */
function kekIdentity(kek: unknown, props: unknown): CmkUse["identity"] {
    const useSystem = readBoolean(kek, "useSystemAssignedIdentity");
    if (isUnknown(kek) || isUnknown(useSystem)) return UNKNOWN;
    if (useSystem === true) return systemAssignedIdentity(props);
    return armIdentity(read(kek, "userAssignedIdentity")) ?? systemAssignedIdentity(props);
}

/**
 * The identity a SQL managed instance reaches its TDE protector with (Microsoft's "Managed
 * identities for transparent data encryption with customer-managed key"): its primary user-assigned
 * identity, else its only user-assigned one, else its system-assigned one, by principal id (an output).
 */
function managedInstanceIdentity(props: unknown): CmkUse["identity"] {
    const primary = read(props, "primaryUserAssignedIdentityId");
    if (isUnknown(primary) || (typeof primary === "string" && primary !== "")) return armIdentity(primary);
    const ids = identityIds(props);
    if (ids === UNKNOWN) return UNKNOWN;
    // Several and none named primary: which one Azure takes is not the stack's to say.
    if (ids.length > 0) return ids.length === 1 ? { resourceId: ids[0].toLowerCase() } : undefined;
    return systemAssignedIdentity(props);
}

/**
 * A service's system-assigned identity, by principal id: Azure makes it with the service and
 * returns its id in the service's outputs (`identity.principalId`), so a grant to it can only follow
 * the service. UNKNOWN while that id is not known (a new service's, on a first preview); undefined
 * when the service has none (`identity.type` without SystemAssigned).
 */
function systemAssignedIdentity(props: unknown): CmkUse["identity"] {
    const type = read(props, "identity", "type");
    if (isUnknown(type)) return UNKNOWN;
    if (typeof type !== "string" || !/systemassigned/i.test(type)) return undefined;
    const principal = read(props, "identity", "principalId");
    return typeof principal === "string" && principal !== "" ? { principalId: principal.toLowerCase(), systemAssigned: true } : UNKNOWN;
}

/**
 * The identity an AI services account or App Configuration store wraps with: the user-assigned one
 * its identityClientId names, else its system-assigned one (their customer-managed key guides; az
 * appconfig update's --identity-client-id: the system-assigned identity when not given).
 */
function clientIdentity(clientId: unknown, props: unknown): CmkUse["identity"] {
    if (isUnknown(clientId)) return UNKNOWN;
    return typeof clientId === "string" && clientId !== "" ? { clientId: clientId.toLowerCase() } : systemAssignedIdentity(props);
}

/** A user-assigned identity named by ARM id, as CmkUse holds it. */
function armIdentity(id: unknown): CmkUse["identity"] {
    return isUnknown(id) ? UNKNOWN : typeof id === "string" && id !== "" ? { resourceId: id.toLowerCase() } : undefined;
}

/** The first user-assigned identity of a service that wraps with its own identity (undefined when it lists none). */
function firstUserAssigned(props: unknown): CmkUse["identity"] {
    const ids = identityIds(props);
    return ids === UNKNOWN ? UNKNOWN : ids.length > 0 ? { resourceId: ids[0].toLowerCase() } : undefined;
}

/**
 * Whether an Event Hubs or Service Bus namespace wraps its data keys with a customer-managed key:
 * a Key Vault key listed under `encryption` (azure-native fills `keySource: Microsoft.KeyVault`
 * when the block is given).
 */
export function namespaceUsesCmk(props: unknown): boolean | Unknown {
    const source = read(props, "encryption", "keySource");
    const entries = list(props, "encryption", "keyVaultProperties");
    if (source === UNKNOWN || entries === UNKNOWN) return UNKNOWN;
    return (source === undefined || sameText(source, "Microsoft.KeyVault")) && entries.some((entry) => entry !== undefined);
}

/** The key versions an Event Hubs or Service Bus namespace pins, by the index of their `encryption.keyVaultProperties` entry; unknown entries are left out. */
export function namespacePinnedVersions(props: unknown): { index: number; version: string }[] {
    const entries = list(props, "encryption", "keyVaultProperties");
    if (entries === UNKNOWN) return [];
    return entries.flatMap((entry, index) => {
        const version = read(entry, "keyVersion");
        return typeof version === "string" && version !== "" ? [{ index, version }] : [];
    });
}

/** Whether a Log Analytics or Data Explorer cluster names a Key Vault key (`keyVaultProperties` with its vault URI and key name). */
export function clusterUsesCmk(props: unknown): boolean | Unknown {
    const uri = read(props, "keyVaultProperties", "keyVaultUri");
    const name = read(props, "keyVaultProperties", "keyName");
    if (uri === UNKNOWN || name === UNKNOWN) return UNKNOWN;
    return typeof uri === "string" && uri !== "" && typeof name === "string" && name !== "";
}

/** Whether a PostgreSQL or MySQL flexible server encrypts with a Key Vault key (`dataEncryption` of type AzureKeyVault, naming it). */
export function flexibleServerUsesCmk(props: unknown): boolean | Unknown {
    const type = read(props, "dataEncryption", "type");
    const uri = read(props, "dataEncryption", "primaryKeyURI");
    if (type === UNKNOWN || uri === UNKNOWN) return UNKNOWN;
    return sameText(type, "AzureKeyVault") && typeof uri === "string" && uri !== "";
}

/**
 * Whether a Databricks workspace takes customer-managed keys for its own storage and disks: Premium
 * (the only tier with them) on Hybrid compute (a serverless workspace has neither of its own).
 */
export function databricksTakesCmk(props: unknown): boolean | Unknown {
    const sku = read(props, "sku", "name");
    const computeMode = read(props, "computeMode");
    if (sku === UNKNOWN || computeMode === UNKNOWN) return UNKNOWN;
    return sameText(sku, "premium") && !sameText(computeMode, "Serverless");
}

/** The user-assigned identity ids of a resource: an array in some inputs (storage, DES), a map keyed by id in others and in outputs. */
function identityIds(props: unknown): string[] | Unknown {
    const value = read(props, "identity", "userAssignedIdentities");
    if (value === UNKNOWN) return UNKNOWN;
    if (Array.isArray(value)) {
        const items = list(props, "identity", "userAssignedIdentities");
        if (items === UNKNOWN || items.some(isUnknown)) return UNKNOWN;
        return items.filter((i): i is string => typeof i === "string");
    }
    return keys(props, "identity", "userAssignedIdentities");
}
