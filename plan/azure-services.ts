import { geoBackupRegion } from "../components/geo-backup-regions";
import { storageRedundancyMissing } from "../components/storage-redundancy";
import { regionHasNoZones, regionName, sameRegion } from "../components/validation";
import { ArmError, badRequest, CLOUDS, echo, isGuid, notFound, providerResourceId, record } from "./arm";
import type { AzureState, KeyRecord, ResourceHandler, StorageAccountSettings } from "./azure";
import { canWrapWithKey, keyFromUrl, keyHasVersion, versionNotFound } from "./azure-access";

/**
 * The CMK services' side of Azure: what Container Registry, Storage, Compute, Cosmos DB, Event
 * Hubs, Service Bus and SQL check when a service is created with a customer-managed key.
 */

export function identityById(state: AzureState, id: unknown, field: string) {
    const identity = typeof id === "string" ? state.identities.get(id.toLowerCase()) : undefined;
    if (!identity) {
        throw badRequest("InvalidIdentity", `${field} '${String(id)}' is not an existing user-assigned identity.`);
    }
    return identity;
}

/** The user-assigned identities a service lists in `identity.userAssignedIdentities` (a list in these APIs), each of which must exist. */
function listedIdentities(state: AzureState, inputs: Record<string, unknown>) {
    const identity = record(inputs.identity);
    const listed = Array.isArray(identity.userAssignedIdentities) ? identity.userAssignedIdentities : [];
    if (listed.length > 0 && !String(identity.type ?? "").includes("UserAssigned")) {
        throw badRequest("InvalidIdentityType", `identity.userAssignedIdentities can be given only when identity.type includes 'UserAssigned'; it is '${String(identity.type)}'.`);
    }
    return listed.map((id) => identityById(state, id, "identity.userAssignedIdentities"));
}

/**
 * Claims a name Azure keeps unique across every subscription (it is the service's DNS label), under
 * the first of `types`; any of them holding the name already (they may share a DNS zone) is `taken`.
 */
function claimGlobalName(state: AzureState, rg: { name: string }, types: [string, ...string[]], name: string, what: string, taken: ArmError): string {
    if (types.some((t) => state.nameTaken(t, name))) {
        throw taken;
    }
    const [provider, type] = types[0].split("/");
    return state.claim(providerResourceId(state.subscriptionId, rg.name, provider, type, name), what);
}

/** What every service checks of its key: RSA, wrap/unwrap allowed, a soft-delete and purge-protected vault. */
function requireCmkKey(state: AzureState, key: KeyRecord, service: string): void {
    const vault = state.vaults.get(key.vaultName.toLowerCase());
    if (!vault?.enablePurgeProtection) {
        throw badRequest("KeyVaultPurgeProtectionNotEnabled", `${service} requires the key vault '${key.vaultName}' to have soft delete and purge protection enabled.`);
    }
    if (!key.kty.startsWith("RSA")) {
        throw badRequest("InvalidKeyType", `${service} supports RSA and RSA-HSM keys only; key '${key.keyName}' is ${key.kty}.`);
    }
    const missing = ["wrapKey", "unwrapKey"].filter((op) => !key.keyOps.includes(op));
    if (missing.length > 0) {
        throw badRequest("InvalidKeyOperations", `Key '${key.keyName}' does not allow ${missing.join(", ")}, which ${service} needs.`);
    }
}

/**
 * The key (and version, if named) a service names by URL, as Azure holds it: refused with the
 * service's own `notFound` code when there is no such key, and as `KeyVaultKeyVersionNotFound`-style
 * `versionNotFound` when the version does not exist.
 */
export function keyAtUrl(state: AzureState, url: unknown, field: string, codes: { notFound: string; versionNotFound: string }): { key: KeyRecord; version?: string } {
    const found = keyFromUrl(state, url);
    if (!found) {
        throw badRequest(codes.notFound, `${field} '${String(url)}' is not the URL of an existing Key Vault key.`);
    }
    if (found.version !== undefined && !keyHasVersion(found.key, found.version)) {
        throw versionNotFound(codes.versionNotFound, found.key, found.version);
    }
    return found;
}

/** The key a service names by its vault's URI and the key's name (storage, Event Hubs), if Azure has it. */
function keyByVaultUri(state: AzureState, vaultUri: unknown, keyName: unknown): KeyRecord | undefined {
    const uri = /^https:\/\/([a-zA-Z0-9-]+)\.([a-z0-9.]+)\/?$/.exec(String(vaultUri));
    const vaultName = uri?.[2] === CLOUDS[state.options.cloud].keyVault ? uri[1] : undefined;
    return vaultName && typeof keyName === "string" ? state.keys.get(`${vaultName}/${keyName}`.toLowerCase()) : undefined;
}

/**
 * Cosmos DB reaches its key over the vault's public endpoint, not as a trusted service of a vault with public
 * access disabled (COSMOSDB_VAULT_ACCESS): Key Vault answers it as it does any caller outside its allowlist.
 */
function requirePublicEndpoint(state: AzureState, key: KeyRecord, refusal: string): void {
    const vault = state.vaults.get(key.vaultName.toLowerCase());
    if (vault !== undefined && String(vault.publicNetworkAccess ?? "Enabled").toLowerCase() === "disabled") {
        throw new ArmError(400, "KeyVaultAuthenticationFailure", `${refusal} (Key Vault answered 403 ForbiddenByFirewall: Public network access is disabled and request is not from a trusted service nor via an approved private link. Vault: ${key.vaultName}.)`);
    }
}

function requireAccess(state: AzureState, principalId: string, key: KeyRecord, service: string, accessPolicyPermissions?: readonly string[]): void {
    if (state.vaults.get(key.vaultName.toLowerCase())?.trustedServicesBlocked) {
        throw new ArmError(
            400,
            "KeyVaultAuthenticationFailure",
            `${service}: key '${key.keyName}' cannot be reached: vault '${key.vaultName}' admits no public network and no trusted Azure service (networkAcls.bypass 'None'); Key Vault answered 403 ForbiddenByFirewall. Set the vault's networkAcls.bypass to 'AzureServices'.`,
        );
    }
    if (!canWrapWithKey(state, principalId, key, accessPolicyPermissions)) {
        const viaPolicy = state.vaults.get(key.vaultName.toLowerCase())?.enableRbacAuthorization === false;
        const needed = viaPolicy && accessPolicyPermissions?.includes("list") ? "get, list, wrapKey and unwrapKey" : "get, wrapKey and unwrapKey";
        throw new ArmError(
            400,
            "KeyVaultAuthenticationFailure",
            `${service}: the identity with principal id '${principalId}' does not have ${needed} on key '${key.keyName}' in vault '${key.vaultName}' (Key Vault answered 403 ${viaPolicy ? "Forbidden (ForbiddenByPolicy)" : "ForbiddenByRbac"}). Grant it before creating the service.`,
        );
    }
}

/** What a registry's replications are judged against, by registry id (lower case): its SKU, its home region and the regions it is replicated to. */
const registries = new WeakMap<AzureState, Map<string, { sku: string; location: string; regions: Set<string> }>>();

function registriesOf(state: AzureState): Map<string, { sku: string; location: string; regions: Set<string> }> {
    const known = registries.get(state) ?? new Map<string, { sku: string; location: string; regions: Set<string> }>();
    registries.set(state, known);
    return known;
}

/**
 * `registries` and `registries/replications` take Enabled or Disabled; azure-native sends Disabled when none is given.
 * Enabled needs the region's availability zones (Microsoft's regions list, as the storage account's ZRS does);
 * the code Azure answers that with is on no public record, so the invalid-value one stands in.
 */
function requireZoneRedundancy(value: unknown, what: string, location: string): void {
    if (value !== undefined && value !== "Enabled" && value !== "Disabled") {
        throw badRequest("InvalidZoneRedundancy", `${what} zoneRedundancy '${String(value)}' is invalid; use Enabled or Disabled.`);
    }
    if (value === "Enabled" && regionHasNoZones(location)) {
        throw badRequest("InvalidZoneRedundancy", `${what} zoneRedundancy 'Enabled' is not supported in region '${location}', which has no availability zones.`);
    }
}

const registryHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.registryName;
    if (typeof name !== "string" || !/^[a-zA-Z0-9]{5,50}$/.test(name)) {
        throw badRequest("InvalidRegistryName", `Registry name '${String(name)}' is invalid: 5-50 alphanumeric characters.`);
    }
    const sku = record(inputs.sku).name;
    if (!["Basic", "Standard", "Premium"].includes(String(sku))) {
        throw badRequest("InvalidSku", `Registry SKU '${String(sku)}' is invalid; use Basic, Standard or Premium.`);
    }
    requireZoneRedundancy(inputs.zoneRedundancy, "The registry's", regionName(String(inputs.location ?? rg.location)));
    const publicNetworkAccess = inputs.publicNetworkAccess ?? "Enabled";
    const exportStatus = record(record(inputs.policies).exportPolicy).status;
    if (exportStatus === "disabled" && publicNetworkAccess !== "Disabled") {
        throw badRequest("ExportPolicyRequiresPublicAccessDisabled", "The export policy can be disabled only when public network access is disabled.");
    }
    const identity = record(inputs.identity);
    const assigned = record(identity.userAssignedIdentities);
    for (const id of Object.keys(assigned)) {
        identityById(state, id, "identity.userAssignedIdentities");
    }
    const encryption = record(inputs.encryption);
    if (encryption.status === "enabled") {
        if (sku !== "Premium") {
            throw badRequest("CmkNotSupportedForSku", "Customer-managed key encryption is only supported on the Premium SKU.");
        }
        const kv = record(encryption.keyVaultProperties);
        const found = keyAtUrl(state, kv.keyIdentifier, "encryption.keyVaultProperties.keyIdentifier", { notFound: "InvalidKeyIdentifier", versionNotFound: "KeyVersionNotFound" });
        const user = Object.keys(assigned).map((id) => identityById(state, id, "identity.userAssignedIdentities"));
        const chosen = user.find((u) => u.clientId.toLowerCase() === String(kv.identity).toLowerCase());
        if (!chosen) {
            throw badRequest("InvalidEncryptionIdentity", `encryption.keyVaultProperties.identity '${String(kv.identity)}' must be the client id of one of the registry's user-assigned identities.`);
        }
        requireCmkKey(state, found.key, "Container Registry");
        requireAccess(state, chosen.principalId, found.key, "Container Registry");
    }
    const id = claimGlobalName(state, rg, ["Microsoft.ContainerRegistry/registries"], name, "Registry", new ArmError(409, "AlreadyInUse", `The registry name '${name}' is already in use.`));
    const location = regionName(String(inputs.location ?? rg.location));
    registriesOf(state).set(id.toLowerCase(), { sku: String(sku), location, regions: new Set([location]) });
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "registryName"),
            name,
            location: inputs.location ?? rg.location,
            loginServer: `${name.toLowerCase()}.${CLOUDS[state.options.cloud].containerRegistry}`,
            type: "Microsoft.ContainerRegistry/registries",
            provisioningState: "Succeeded",
        },
    };
};

/**
 * A geo-replica of a Premium registry (Microsoft's geo-replication guide), in a region of its own: the home
 * region already holds the registry's home replica, which Azure makes with it and never deletes
 * (HomeReplicationCannotBeDeleted), so a replica there would be that one. It has no encryption settings:
 * it holds the registry's content under the registry's key.
 */
const replicationHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const registry = String(inputs.registryName);
    const registryId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.ContainerRegistry", "registries", registry);
    const settings = registriesOf(state).get(registryId.toLowerCase());
    if (settings === undefined) {
        throw notFound("Microsoft.ContainerRegistry/registries", registry, rg.name);
    }
    if (settings.sku !== "Premium") {
        throw badRequest("GeoReplicationNotSupportedForSku", `Geo-replication is only supported on the Premium SKU; registry '${registry}' is ${settings.sku}.`);
    }
    const name = inputs.replicationName;
    if (typeof name !== "string" || !/^[a-zA-Z0-9]{5,50}$/.test(name)) {
        throw badRequest("InvalidReplicationName", `Replication name '${String(name)}' is invalid: 5-50 alphanumeric characters.`);
    }
    const location = regionName(String(inputs.location ?? rg.location));
    requireZoneRedundancy(inputs.zoneRedundancy, "The replication's", location);
    if (settings.regions.has(location)) {
        const which = location === settings.location ? "its home replication, which Azure made with the registry and never deletes" : "another replication";
        throw new ArmError(409, "ReplicationAlreadyExists", `Registry '${registry}' has a replication in ${location} already: ${which}.`);
    }
    const id = state.claim(`${registryId}/replications/${name}`, "Replication");
    settings.regions.add(location);
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "registryName", "replicationName"),
            name,
            location,
            regionEndpointEnabled: inputs.regionEndpointEnabled ?? true,
            zoneRedundancy: inputs.zoneRedundancy ?? "Disabled",
            provisioningState: "Succeeded",
            type: "Microsoft.ContainerRegistry/registries/replications",
        },
    };
};

const STORAGE_SKUS = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"];

const storageAccountHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.accountName;
    if (typeof name !== "string" || !/^[a-z0-9]{3,24}$/.test(name)) {
        throw badRequest("AccountNameInvalid", `'${String(name)}' is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`);
    }
    const sku = String(record(inputs.sku).name);
    if (!STORAGE_SKUS.includes(sku)) {
        throw badRequest("InvalidSku", `SKU '${sku}' is not a storage SKU.`);
    }
    if (!["Storage", "StorageV2", "BlobStorage", "FileStorage", "BlockBlobStorage"].includes(String(inputs.kind))) {
        throw badRequest("InvalidKind", `Kind '${String(inputs.kind)}' is not a storage account kind.`);
    }
    // Geo-redundancy needs the region's pair, zone-redundancy its availability zones (Microsoft's regions list).
    const where = regionName(String(inputs.location ?? rg.location));
    if (storageRedundancyMissing(sku, where) !== undefined) {
        throw badRequest("RedundancyConfigurationNotAvailableInRegion", `The storage account failed to create due to redundancy configuration - Sku: ${sku}, Kind: ${String(inputs.kind)} - not available in selected Region - ${where}. Please make sure the redundancy configuration selected is available in your region. For more information about redundancy configurations, see https://docs.microsoft.com/en-us/azure/storage/common/storage-redundancy`);
    }
    // Premium block blob and premium file accounts exist in the premium tier only.
    if ((inputs.kind === "BlockBlobStorage" || inputs.kind === "FileStorage") && !sku.startsWith("Premium_")) {
        throw badRequest("InvalidSku", `SKU '${sku}' is not offered for kind ${String(inputs.kind)}, which is premium only (Premium_LRS or Premium_ZRS).`);
    }
    if (inputs.minimumTlsVersion !== undefined && !["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"].includes(String(inputs.minimumTlsVersion))) {
        throw badRequest("InvalidMinimumTlsVersion", `minimumTlsVersion '${String(inputs.minimumTlsVersion)}' is invalid.`);
    }
    if (inputs.keyPolicy !== undefined) {
        const days = record(inputs.keyPolicy).keyExpirationPeriodInDays;
        // The REST spec types the period int32; a larger number does not reach the service as days.
        if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 2_147_483_647) {
            throw badRequest("InvalidValuesForRequestParameters", `Values for properties.keyPolicy.keyExpirationPeriodInDays is invalid: ${String(days)}. It should be a whole number of days greater than zero.`);
        }
    }
    if (inputs.sasPolicy !== undefined) {
        const sas = record(inputs.sasPolicy);
        const period = typeof sas.sasExpirationPeriod === "string" ? /^(\d+)\.([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/.exec(sas.sasExpirationPeriod) : null;
        if (period === null || period.slice(1).every((part) => Number(part) === 0)) {
            throw badRequest("InvalidValuesForRequestParameters", `Values for properties.sasPolicy.sasExpirationPeriod is invalid: ${String(sas.sasExpirationPeriod)}. It should be a duration longer than zero, DD.HH:MM:SS.`);
        }
        if (!["Log", "Block"].includes(String(sas.expirationAction))) {
            throw badRequest("InvalidValuesForRequestParameters", `Values for properties.sasPolicy.expirationAction is invalid: ${String(sas.expirationAction)}. It should be Log or Block.`);
        }
    }
    const assigned = listedIdentities(state, inputs);
    const encryption = record(inputs.encryption);
    if (encryption.keySource === "Microsoft.Keyvault") {
        // Azure's answer to a Key Vault source without key properties (hashicorp/terraform-provider-azurerm#658).
        if (encryption.keyVaultProperties === undefined || encryption.keyVaultProperties === null) {
            throw badRequest("MissingKeyvaultProperties", "The encryption keyvault properties are missing from the request.");
        }
        const kv = record(encryption.keyVaultProperties);
        const key = keyByVaultUri(state, kv.keyVaultUri, kv.keyName);
        if (!key) {
            throw badRequest("KeyVaultKeyNotFound", `encryption.keyVaultProperties { keyVaultUri: '${String(kv.keyVaultUri)}', keyName: '${String(kv.keyName)}' } does not name an existing Key Vault key.`);
        }
        if (kv.keyVersion !== undefined && !keyHasVersion(key, String(kv.keyVersion))) {
            throw versionNotFound("KeyVaultKeyVersionNotFound", key, String(kv.keyVersion));
        }
        const encryptionIdentity = record(encryption.encryptionIdentity).encryptionUserAssignedIdentity;
        const chosen = assigned.find((a) => a.id.toLowerCase() === String(encryptionIdentity).toLowerCase());
        if (!chosen) {
            throw badRequest("InvalidEncryptionIdentity", `encryption.encryptionIdentity.encryptionUserAssignedIdentity '${String(encryptionIdentity)}' must be one of the account's user-assigned identities.`);
        }
        requireCmkKey(state, key, "Storage");
        requireAccess(state, chosen.principalId, key, "Storage");
    } else if (encryption.keySource !== undefined && encryption.keySource !== "Microsoft.Storage") {
        throw badRequest("InvalidKeySource", `encryption.keySource '${String(encryption.keySource)}' is invalid; use Microsoft.Storage or Microsoft.Keyvault.`);
    }
    const rules = record(inputs.networkRuleSet);
    (Array.isArray(rules.ipRules) ? rules.ipRules : []).forEach((rule, i) => {
        const value = String(record(rule).iPAddressOrRange);
        if (/\/(31|32)$/.test(value) || /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(value)) {
            throw badRequest("NetworkAclsValidationFailure", `networkRuleSet.ipRules[${i}] '${value}': IP rules take public addresses only, and /31 or /32 ranges must be listed as single addresses.`);
        }
    });
    const id = claimGlobalName(state, rg, ["Microsoft.Storage/storageAccounts"], name, "Storage account", new ArmError(409, "StorageAccountAlreadyTaken", `The storage account named ${name} is already taken.`));
    const chosen = encryption.keySource === "Microsoft.Keyvault" ? assigned.find((a) => a.id.toLowerCase() === String(record(encryption.encryptionIdentity).encryptionUserAssignedIdentity).toLowerCase()) : undefined;
    // Left out, ARM takes allowBlobPublicAccess as false (API versions since 2023-01-01).
    state.storageAccounts.set(id.toLowerCase(), { encryptionPrincipalId: chosen?.principalId, allowBlobPublicAccess: inputs.allowBlobPublicAccess === true, kind: String(inputs.kind) });
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "accountName"),
            name,
            location: inputs.location ?? rg.location,
            type: "Microsoft.Storage/storageAccounts",
            provisioningState: "Succeeded",
            primaryEndpoints: { blob: `https://${name}.blob.${CLOUDS[state.options.cloud].storage}/` },
        },
    };
};

/** The storage account a blob child (scope, container, blob service) names, or ARM's 404; a FileStorage account has no blobs. */
function storageAccountOf(inputs: Record<string, unknown>, state: AzureState): { account: string; accountId: string; settings: StorageAccountSettings } {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const account = String(inputs.accountName);
    const accountId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.Storage", "storageAccounts", account);
    const settings = state.storageAccounts.get(accountId.toLowerCase());
    if (!state.ids.has(accountId.toLowerCase()) || settings === undefined) {
        throw notFound("Microsoft.Storage/storageAccounts", account, rg.name);
    }
    if (settings.kind === "FileStorage") {
        throw badRequest("FeatureNotSupportedForAccount", "Blob is not supported for the account.");
    }
    return { account, accountId, settings };
}

/** Encryption scope and blob container names: 3-63 numbers, lower-case letters and dashes, each dash between a letter or number. */
const CHILD_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

/** An encryption scope: blobs written to it are encrypted with its own key, reached as the account's customer-managed-key identity. */
const encryptionScopeHandler: ResourceHandler = (inputs, _name, state) => {
    const { account, accountId } = storageAccountOf(inputs, state);
    const name = inputs.encryptionScopeName;
    if (typeof name !== "string" || !CHILD_NAME.test(name)) {
        throw badRequest("InvalidResourceName", `Encryption scope name '${String(name)}' is invalid: 3-63 numbers, lower-case letters and dashes, each dash between a letter or number.`);
    }
    const source = inputs.source ?? "Microsoft.Storage";
    let keyVaultProperties: Record<string, unknown> | undefined;
    if (source === "Microsoft.KeyVault") {
        const keyUri = record(inputs.keyVaultProperties).keyUri;
        const found = keyAtUrl(state, keyUri, "keyVaultProperties.keyUri", { notFound: "KeyVaultKeyNotFound", versionNotFound: "KeyVaultKeyVersionNotFound" });
        requireCmkKey(state, found.key, "Storage encryption scope");
        const principalId = state.storageAccounts.get(accountId.toLowerCase())?.encryptionPrincipalId;
        if (principalId === undefined) {
            throw badRequest("InvalidEncryptionScope", `Storage account '${account}' has no managed identity encrypting with a customer-managed key, which its encryption scope '${name}' reaches its key as.`);
        }
        requireAccess(state, principalId, found.key, "Storage encryption scope");
        const version = found.version ?? found.key.versions[found.key.versions.length - 1];
        keyVaultProperties = { keyUri, currentVersionedKeyIdentifier: `${String(keyUri).replace(/\/[0-9a-f]{32}$/, "")}/${version}`, lastKeyRotationTimestamp: new Date(state.startedAt * 1000).toISOString() };
    } else if (source !== "Microsoft.Storage") {
        throw badRequest("InvalidEncryptionScopeSource", `source '${String(source)}' is invalid; use Microsoft.Storage or Microsoft.KeyVault.`);
    }
    const id = state.claim(`${accountId}/encryptionScopes/${name}`, "Encryption scope");
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "accountName", "encryptionScopeName"),
            name,
            source,
            state: inputs.state ?? "Enabled",
            keyVaultProperties,
            requireInfrastructureEncryption: inputs.requireInfrastructureEncryption ?? false,
            creationTime: new Date(state.startedAt * 1000).toISOString(),
            lastModifiedTime: new Date(state.startedAt * 1000).toISOString(),
            type: "Microsoft.Storage/storageAccounts/encryptionScopes",
        },
    };
};

/** A blob container: its default encryption scope must exist in its account, and public access needs an account that allows it. */
const blobContainerHandler: ResourceHandler = (inputs, _name, state) => {
    const { account, accountId, settings } = storageAccountOf(inputs, state);
    const name = inputs.containerName;
    if (typeof name !== "string" || !CHILD_NAME.test(name)) {
        throw badRequest("InvalidResourceName", `Container name '${String(name)}' is invalid: 3-63 numbers, lower-case letters and dashes, each dash between a letter or number.`);
    }
    if (inputs.publicAccess !== undefined && inputs.publicAccess !== "None" && !settings.allowBlobPublicAccess) {
        throw new ArmError(409, "PublicAccessNotPermitted", "Public access is not permitted on this storage account.");
    }
    const scope = inputs.defaultEncryptionScope;
    if (scope !== undefined && scope !== "$account-encryption-key" && !state.ids.has(`${accountId}/encryptionScopes/${String(scope)}`.toLowerCase())) {
        throw badRequest("EncryptionScopeNotFound", `The encryption scope '${String(scope)}' does not exist in storage account '${account}'.`);
    }
    const id = state.claim(`${accountId}/blobServices/default/containers/${name}`, "Blob container");
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "accountName", "containerName"),
            name,
            publicAccess: inputs.publicAccess ?? "None",
            defaultEncryptionScope: scope ?? "$account-encryption-key",
            denyEncryptionScopeOverride: inputs.denyEncryptionScopeOverride ?? false,
            type: "Microsoft.Storage/storageAccounts/blobServices/containers",
        },
    };
};

/** An account's blob service settings, a singleton named `default`: PUT overwrites it, so two in a stack are not refused. */
const blobServicePropertiesHandler: ResourceHandler = (inputs, _name, state) => {
    const { accountId } = storageAccountOf(inputs, state);
    if ((inputs.blobServicesName ?? "default") !== "default") {
        throw badRequest("InvalidResourceName", `Blob service name '${String(inputs.blobServicesName)}' is invalid: an account's blob service is named 'default'.`);
    }
    for (const field of ["deleteRetentionPolicy", "containerDeleteRetentionPolicy"]) {
        const policy = record(inputs[field]);
        if (policy.enabled !== true || policy.days === undefined) continue;
        const days = policy.days;
        if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 365) {
            throw badRequest("InvalidValuesForRequestParameters", `Values for properties.${field}.days is invalid: ${String(days)}. It should be between 1 and 365.`);
        }
    }
    return {
        id: `${accountId}/blobServices/default`,
        state: {
            ...echo(inputs, "resourceGroupName", "accountName", "blobServicesName"),
            name: "default",
            type: "Microsoft.Storage/storageAccounts/blobServices",
        },
    };
};

const diskEncryptionSetHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.diskEncryptionSetName;
    if (typeof name !== "string" || !/^[a-zA-Z0-9_-]{1,80}$/.test(name)) {
        throw badRequest("InvalidParameter", `Disk encryption set name '${String(name)}' is invalid.`);
    }
    const type = inputs.encryptionType ?? "EncryptionAtRestWithCustomerKey";
    if (!["EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys", "ConfidentialVmEncryptedWithCustomerKey"].includes(String(type))) {
        throw badRequest("InvalidParameter", `encryptionType '${String(type)}' is invalid.`);
    }
    listedIdentities(state, inputs);
    const keyUrl = record(inputs.activeKey).keyUrl;
    const found = keyAtUrl(state, keyUrl, "activeKey.keyUrl", { notFound: "InvalidParameter", versionNotFound: "KeyVaultKeyVersionNotFound" });
    if (found.version === undefined) {
        throw badRequest("InvalidParameter", `activeKey.keyUrl '${String(keyUrl)}' has no key version; a disk encryption set needs a versioned key URL.`);
    }
    requireCmkKey(state, found.key, "Disk encryption set");
    const location = String(inputs.location ?? rg.location);
    // Azure checks neither access nor the vault's region when the set is created: disks using it fail later instead.
    const id = state.claim(providerResourceId(state.subscriptionId, rg.name, "Microsoft.Compute", "diskEncryptionSets", name), "Disk encryption set");
    state.diskEncryptionSetLocations.set(id.toLowerCase(), location);
    const vault = state.vaults.get(found.key.vaultName.toLowerCase());
    if (vault !== undefined) state.diskEncryptionSetVaults.set(id.toLowerCase(), { name: vault.name, location: vault.location });
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "diskEncryptionSetName"),
            name,
            location,
            type: "Microsoft.Compute/diskEncryptionSets",
            provisioningState: "Succeeded",
        },
    };
};

const cosmosDbAccountHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.accountName;
    if (typeof name !== "string" || !/^[a-z0-9](?:[a-z0-9-]{1,42}[a-z0-9])$/.test(name) || name.includes("--")) {
        throw badRequest("InvalidAccountName", `Database account name '${String(name)}' is invalid: 3-44 lowercase letters, numbers and hyphens, starting and ending with a letter or number.`);
    }
    if (inputs.databaseAccountOfferType !== "Standard") {
        throw badRequest("BadRequest", `databaseAccountOfferType '${String(inputs.databaseAccountOfferType)}' is invalid; it must be 'Standard'.`);
    }
    const locations = Array.isArray(inputs.locations) ? inputs.locations.map(record) : [];
    if (locations.length === 0 || locations.some((l) => typeof l.locationName !== "string" || l.locationName === "")) {
        throw badRequest("BadRequest", "locations must list at least one region, each with a locationName.");
    }
    // ARM's rule for an account's regions: each once, priorities unique from 0 (the write region) to the number of regions less one.
    const regions = locations.map((l) => regionName(String(l.locationName)));
    const repeated = regions.find((r, i) => regions.indexOf(r) < i);
    if (repeated !== undefined) {
        throw badRequest("BadRequest", `locations lists region '${repeated}' more than once.`);
    }
    // Cosmos DB's resource provider (ZoneRedundantAccountsNotSupportedInLocation) for a region without availability zones.
    const zoneless = locations.find((l) => l.isZoneRedundant === true && regionHasNoZones(String(l.locationName)));
    if (zoneless !== undefined) {
        throw badRequest("BadRequest", `Zone Redundant Accounts are not supported in ${String(zoneless.locationName)} Location yet. Please try other locations.`);
    }
    const priorities = locations.map((l) => l.failoverPriority);
    if (priorities.some((p, i) => !Number.isInteger(p) || Number(p) < 0 || Number(p) >= locations.length || priorities.indexOf(p) < i) || !priorities.includes(0)) {
        throw badRequest("BadRequest", `Failover priorities ${JSON.stringify(priorities)} are invalid: each region needs its own, from 0 (the write region) to ${locations.length - 1}.`);
    }
    // Local auth can be turned off on the NoSQL API only (MongoDB, Cassandra, Table and Gremlin accounts keep their keys).
    const capabilities = (Array.isArray(inputs.capabilities) ? inputs.capabilities : []).map((c) => String(record(c).name));
    const nosql = (inputs.kind ?? "GlobalDocumentDB") === "GlobalDocumentDB" && !capabilities.some((c) => ["EnableCassandra", "EnableTable", "EnableGremlin"].includes(c));
    if (inputs.disableLocalAuth === true && !nosql) {
        throw badRequest("BadRequest", "DisableLocalAuth is only allowed to be configured for SQL API account.");
    }
    const assigned = listedIdentities(state, inputs);
    if (inputs.keyVaultKeyUri !== undefined) {
        const found = keyAtUrl(state, inputs.keyVaultKeyUri, "keyVaultKeyUri", { notFound: "BadRequest", versionNotFound: "KeyVaultKeyVersionNotFound" });
        // Cosmos DB always follows the key's current version (MicrosoftDocs/azure-docs#70179).
        if (found.version !== undefined) throw badRequest("BadRequest", "Please provide KeyVault Key Uri without version. We will use latest version of the key");
        requireCmkKey(state, found.key, "Cosmos DB");
        // The account reaches the key as its default identity; a system-assigned identity does not exist yet, so only a user-assigned one can have been granted.
        const chosen = /^UserAssignedIdentity=(.+)$/.exec(String(inputs.defaultIdentity ?? ""))?.[1];
        const user = chosen === undefined ? undefined : assigned.find((u) => u.id.toLowerCase() === chosen.toLowerCase());
        if (!user) {
            throw badRequest("InvalidDefaultIdentity", `defaultIdentity '${String(inputs.defaultIdentity)}' must be 'UserAssignedIdentity=<id>' naming one of the account's user-assigned identities for a customer-managed key at creation.`);
        }
        requireAccess(state, user.principalId, found.key, "Cosmos DB");
        requirePublicEndpoint(state, found.key, `Cosmos DB: key '${found.key.keyName}' cannot be reached: the vault's public network access is disabled, and Cosmos DB reaches a key only over the vault's public endpoint, not through private endpoints.`);
    }
    const id = claimGlobalName(state, rg, ["Microsoft.DocumentDB/databaseAccounts"], name, "Cosmos DB account", new ArmError(409, "Conflict", `Database account name '${name}' is already in use.`));
    // A private endpoint reaches the account's own API: MongoDB's, or NoSQL's (Sql) with the API its capabilities add.
    const extra = ([["EnableTable", "Table"], ["EnableGremlin", "Gremlin"], ["EnableCassandra", "Cassandra"]] as const).filter(([c]) => capabilities.includes(c)).map(([, g]) => g);
    state.privateLinkGroups.set(id.toLowerCase(), inputs.kind === "MongoDB" ? ["MongoDB"] : ["Sql", ...extra]);
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "accountName"),
            name,
            location: inputs.location ?? rg.location,
            documentEndpoint: `https://${name}.${CLOUDS[state.options.cloud].cosmosDb}:443/`,
            type: "Microsoft.DocumentDB/databaseAccounts",
            provisioningState: "Succeeded",
        },
    };
};

/**
 * Event Hubs and Service Bus namespaces: one DNS zone (servicebus.windows.net), so a name taken by
 * either is taken for both; customer-managed keys on Premium only, each key entry naming one of the
 * namespace's user-assigned identities.
 */
function messagingNamespaceHandler(provider: "Microsoft.EventHub" | "Microsoft.ServiceBus", service: string, unit: string): ResourceHandler {
    return (inputs, _name, state) => {
        const rg = state.resourceGroup(inputs.resourceGroupName);
        const name = inputs.namespaceName;
        if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/.test(name) || /-(sb|mgmt)$/i.test(name)) {
            throw badRequest("InvalidNamespaceName", `The namespace name '${String(name)}' is invalid: 6-50 letters, numbers and hyphens, starting with a letter, ending with a letter or number, and not ending in -sb or -mgmt.`);
        }
        const sku = record(inputs.sku);
        if (!["Basic", "Standard", "Premium"].includes(String(sku.name))) {
            throw badRequest("InvalidSku", `SKU '${String(sku.name)}' is not a ${service} SKU.`);
        }
        if (sku.name === "Premium" && sku.capacity !== undefined && ![1, 2, 4, 8, 16].includes(Number(sku.capacity))) {
            throw badRequest("InvalidCapacity", `Premium capacity ${String(sku.capacity)} is invalid; ${unit}s are 1, 2, 4, 8 or 16.`);
        }
        const assigned = listedIdentities(state, inputs);
        const encryption = record(inputs.encryption);
        const entries = Array.isArray(encryption.keyVaultProperties) ? encryption.keyVaultProperties.map(record) : [];
        if (entries.length > 0 && sku.name !== "Premium") {
            throw badRequest("CustomerManagedKeyNotSupported", `Encryption with a customer-managed key is supported only on Premium ${service} namespaces.`);
        }
        for (const [i, kv] of entries.entries()) {
            const key = keyByVaultUri(state, kv.keyVaultUri, kv.keyName);
            if (!key) {
                throw badRequest("KeyVaultKeyNotFound", `encryption.keyVaultProperties[${i}] { keyVaultUri: '${String(kv.keyVaultUri)}', keyName: '${String(kv.keyName)}' } does not name an existing Key Vault key.`);
            }
            if (kv.keyVersion !== undefined && kv.keyVersion !== "" && !keyHasVersion(key, String(kv.keyVersion))) {
                throw versionNotFound("KeyVaultKeyVersionNotFound", key, String(kv.keyVersion));
            }
            const chosen = String(record(kv.identity).userAssignedIdentity ?? "").toLowerCase();
            const user = assigned.find((u) => u.id.toLowerCase() === chosen);
            if (!user) {
                throw badRequest("InvalidEncryptionIdentity", `encryption.keyVaultProperties[${i}].identity.userAssignedIdentity '${String(record(kv.identity).userAssignedIdentity)}' must be one of the namespace's user-assigned identities.`);
            }
            requireCmkKey(state, key, service);
            // On an access-policy vault Event Hubs and Service Bus also list the vault's keys (Microsoft's CMK guides for both).
            requireAccess(state, user.principalId, key, service, ["get", "list", "wrapkey", "unwrapkey"]);
        }
        // Event Hubs and Service Bus share one DNS zone, so a name either holds is taken for both.
        const other = provider === "Microsoft.EventHub" ? "Microsoft.ServiceBus/namespaces" : "Microsoft.EventHub/namespaces";
        const id = claimGlobalName(state, rg, [`${provider}/namespaces`, other], name, `${service} namespace`, new ArmError(409, "Conflict", `The namespace name '${name}' is already in use.`));
        return {
            id,
            state: {
                ...echo(inputs, "resourceGroupName", "namespaceName"),
                name,
                location: inputs.location ?? rg.location,
                serviceBusEndpoint: `https://${name}.${CLOUDS[state.options.cloud].serviceBus}:443/`,
                status: "Active",
                type: `${provider}/Namespaces`,
                provisioningState: "Succeeded",
            },
        };
    };
}

/** SQL and PostgreSQL refuse a key that is disabled or past its expiry. */
export function requireUsableKey(key: KeyRecord, what: string): void {
    if (key.enabled === false || (key.expires !== undefined && key.expires * 1000 <= Date.now())) {
        throw badRequest("AzureKeyVaultKeyDisabledOrExpired", `Key '${key.keyName}' is disabled or expired; ${what} must be enabled and unexpired.`);
    }
}

/** What SQL checks of a TDE protector beyond any CMK key: a version, 2048 or 3072 bits, enabled and unexpired. */
function requireTdeProtector(state: AzureState, keyUri: unknown, field: string): { key: KeyRecord; version: string } {
    const found = keyAtUrl(state, keyUri, field, { notFound: "AzureKeyVaultInvalidUri", versionNotFound: "AzureKeyVaultKeyNameNotFound" });
    if (found.version === undefined) {
        throw badRequest("AzureKeyVaultKeyNameNotFound", `${field} '${String(keyUri)}' has no key version; SQL needs the versioned key URI.`);
    }
    requireCmkKey(state, found.key, "SQL");
    // Microsoft's "Rotate the TDE protector": the vault's and the key's names come to 94 characters at most.
    if (found.key.vaultName.length + found.key.keyName.length > 94) {
        throw badRequest("InvalidParameterValue", `Key vault '${found.key.vaultName}' and key '${found.key.keyName}' are ${found.key.vaultName.length + found.key.keyName.length} characters together; SQL takes at most 94.`);
    }
    if (found.key.keySize !== undefined && found.key.keySize !== 2048 && found.key.keySize !== 3072) {
        throw badRequest("AzureKeyVaultInvalidKeySize", `Key '${found.key.keyName}' is ${found.key.keySize} bits; a TDE protector must be an RSA key of 2048 or 3072 bits.`);
    }
    requireUsableKey(found.key, "a TDE protector");
    return { key: found.key, version: found.version };
}

const sqlServerHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.serverName;
    if (typeof name !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
        throw badRequest("InvalidServerName", `Invalid value given for parameter ServerName '${String(name)}': 1-63 lowercase letters, numbers and hyphens, not starting or ending with a hyphen.`);
    }
    const admins = record(inputs.administrators);
    if (admins.azureADOnlyAuthentication === true) {
        if (typeof admins.login !== "string" || admins.login === "" || typeof admins.sid !== "string" || admins.sid === "") {
            throw badRequest("InvalidServerAADOnlyAuthNoAADAdminPropertyName", "Microsoft Entra-only authentication needs administrators.login and administrators.sid.");
        }
    } else if (typeof inputs.administratorLogin !== "string" || inputs.administratorLoginPassword === undefined) {
        throw badRequest("InvalidLoginOrPassword", "A server without Microsoft Entra-only authentication needs administratorLogin and administratorLoginPassword.");
    }
    const assigned = listedIdentities(state, inputs);
    const primary = inputs.primaryUserAssignedIdentityId;
    const chosen = primary === undefined ? undefined : assigned.find((u) => u.id.toLowerCase() === String(primary).toLowerCase());
    if (primary !== undefined && !chosen) {
        throw badRequest("InvalidPrimaryUserAssignedIdentityId", `primaryUserAssignedIdentityId '${String(primary)}' must be one of the server's user-assigned identities.`);
    }
    let serverKey: string | undefined;
    if (inputs.keyId !== undefined) {
        const { key, version } = requireTdeProtector(state, inputs.keyId, "keyId");
        serverKey = `${key.vaultName}_${key.keyName}_${version}`;
        // A new server reaches the key as its primary user-assigned identity: a system-assigned one does not exist yet.
        if (!chosen) {
            throw badRequest("InvalidServerKeyIdentity", "A server created with keyId needs primaryUserAssignedIdentityId naming the user-assigned identity granted on the key.");
        }
        requireAccess(state, chosen.principalId, key, "SQL");
    }
    const id = claimGlobalName(state, rg, ["Microsoft.Sql/servers"], name, "SQL server", new ArmError(409, "ServerAlreadyExists", `The server name '${name}' already exists. Choose a different name.`));
    // The key the server is created with becomes one of its server keys, which a protector may name.
    if (serverKey !== undefined) state.claim(`${id}/keys/${serverKey}`, "Server key");
    if (chosen) state.sqlServerPrincipals.set(id.toLowerCase(), chosen.principalId);
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "serverName"),
            name,
            location: inputs.location ?? rg.location,
            fullyQualifiedDomainName: `${name}.${CLOUDS[state.options.cloud].sqlServer}`,
            kind: "v12.0",
            state: "Ready",
            type: "Microsoft.Sql/servers",
        },
    };
};

const sqlEncryptionProtectorHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const server = String(inputs.serverName);
    if (!state.nameTaken("Microsoft.Sql/servers", server)) {
        throw notFound("Microsoft.Sql/servers", server, rg.name);
    }
    if (inputs.encryptionProtectorName !== undefined && inputs.encryptionProtectorName !== "current") {
        throw badRequest("InvalidEncryptionProtectorName", `The encryption protector is named 'current', not '${String(inputs.encryptionProtectorName)}'.`);
    }
    let uri: string | undefined;
    if (inputs.serverKeyType === "AzureKeyVault") {
        // vault_key_version, the name SQL gave the server key.
        const m = /^([a-zA-Z0-9-]+)_([a-zA-Z0-9-]+)_([0-9a-f]{32})$/.exec(String(inputs.serverKeyName));
        if (!m) {
            throw badRequest("InvalidServerKeyName", `serverKeyName '${String(inputs.serverKeyName)}' is not a Key Vault server key name (vault_key_version).`);
        }
        uri = `https://${m[1]}.${CLOUDS[state.options.cloud].keyVault}/keys/${m[2]}/${m[3]}`;
        requireTdeProtector(state, uri, "serverKeyName");
        const serverId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.Sql", "servers", server);
        if (!state.ids.has(`${serverId}/keys/${String(inputs.serverKeyName)}`.toLowerCase())) {
            throw badRequest("ServerKeyNotFound", `Server key '${String(inputs.serverKeyName)}' does not exist on server '${server}'; add it (keyId at creation, or a sql.ServerKey) before making it the protector.`);
        }
    } else if (inputs.serverKeyType !== "ServiceManaged") {
        throw badRequest("InvalidServerKeyType", `serverKeyType '${String(inputs.serverKeyType)}' is not 'ServiceManaged' or 'AzureKeyVault'.`);
    }
    const id = state.claim(`${providerResourceId(state.subscriptionId, rg.name, "Microsoft.Sql", "servers", server)}/encryptionProtector/current`, "Encryption protector");
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "serverName", "encryptionProtectorName"),
            name: "current",
            kind: inputs.serverKeyType === "AzureKeyVault" ? "azurekeyvault" : "servicemanaged",
            uri,
            type: "Microsoft.Sql/servers/encryptionProtector",
        },
    };
};

/**
 * A Key Vault key a server holds beside its protector: held to a protector's rules, named `vault_key_version` after
 * its versioned uri, and reached by the server's primary user-assigned identity (Microsoft's TDE guides).
 */
const sqlServerKeyHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const server = String(inputs.serverName);
    if (!state.nameTaken("Microsoft.Sql/servers", server)) {
        throw notFound("Microsoft.Sql/servers", server, rg.name);
    }
    if (inputs.serverKeyType !== "AzureKeyVault") {
        throw badRequest("InvalidServerKeyType", `serverKeyType '${String(inputs.serverKeyType)}' cannot be added: a server key is 'AzureKeyVault' (the service-managed key is Azure's own).`);
    }
    const { key, version } = requireTdeProtector(state, inputs.uri, "uri");
    const name = `${key.vaultName}_${key.keyName}_${version}`;
    if (inputs.keyName !== name) {
        throw badRequest("InvalidServerKeyName", `keyName '${String(inputs.keyName)}' does not match the uri; a Key Vault server key is named vault_key_version: '${name}'.`);
    }
    const serverId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.Sql", "servers", server);
    const principalId = state.sqlServerPrincipals.get(serverId.toLowerCase());
    if (principalId === undefined) {
        throw badRequest("InvalidServerKeyIdentity", `Server '${server}' has no primary user-assigned identity to reach key '${key.keyName}' as.`);
    }
    requireAccess(state, principalId, key, "SQL");
    const id = state.claim(`${serverId}/keys/${name}`, "Server key");
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName", "serverName", "keyName"), name, kind: "azurekeyvault", type: "Microsoft.Sql/servers/keys" },
    };
};

/** A flexible server's data encryption key, and the listed identity it reaches it as (PostgreSQL and MySQL share the shape). */
function dataEncryptionKey(state: AzureState, encryption: Record<string, unknown>, assigned: { id: string; principalId: string }[]) {
    const found = keyAtUrl(state, encryption.primaryKeyURI, "dataEncryption.primaryKeyURI", { notFound: "AzureKeyVaultKeyNotFound", versionNotFound: "AzureKeyVaultKeyVersionNotFound" });
    const chosen = assigned.find((u) => u.id.toLowerCase() === String(encryption.primaryUserAssignedIdentityId).toLowerCase());
    if (!chosen) {
        throw badRequest("InvalidPrimaryUserAssignedIdentityId", `dataEncryption.primaryUserAssignedIdentityId '${String(encryption.primaryUserAssignedIdentityId)}' must be one of the server's user-assigned identities.`);
    }
    return { found, chosen };
}

/**
 * What a flexible server with geo-redundant backup and a customer-managed key must also name: a key
 * in a vault of its region's pair, as a listed identity granted on it (for PostgreSQL another than the
 * primary key's). Microsoft's PostgreSQL and MySQL data-encryption and backup guides; a server keeps
 * geo-redundant backups only in the regions its engine's region table marks (geoBackupRegion, which
 * cites both tables), a narrower list than the regions with a pair.
 */
function requireGeoBackupKey(state: AzureState, inputs: Record<string, unknown>, assigned: { id: string; principalId: string }[], primary: { id: string }, location: string, service: "PostgreSQL" | "MySQL"): void {
    const encryption = record(inputs.dataEncryption);
    if (record(inputs.backup).geoRedundantBackup !== "Enabled") return;
    const pair = geoBackupRegion(service, location);
    if (pair === undefined) {
        throw badRequest("InvalidParameterValue", `Geo-redundant backup is not supported for a ${service} server in ${location}.`);
    }
    if (encryption.type !== "AzureKeyVault") return;
    if (encryption.geoBackupKeyURI === undefined || encryption.geoBackupUserAssignedIdentityId === undefined) {
        throw badRequest("InvalidParameterValue", "A server with geo-redundant backup and data encryption 'AzureKeyVault' needs dataEncryption.geoBackupKeyURI and dataEncryption.geoBackupUserAssignedIdentityId.");
    }
    const found = keyAtUrl(state, encryption.geoBackupKeyURI, "dataEncryption.geoBackupKeyURI", { notFound: "AzureKeyVaultKeyNotFound", versionNotFound: "AzureKeyVaultKeyVersionNotFound" });
    const identity = assigned.find((u) => u.id.toLowerCase() === String(encryption.geoBackupUserAssignedIdentityId).toLowerCase());
    if (!identity) {
        throw badRequest("InvalidGeoBackupUserAssignedIdentityId", `dataEncryption.geoBackupUserAssignedIdentityId '${String(encryption.geoBackupUserAssignedIdentityId)}' must be one of the server's user-assigned identities.`);
    }
    if (service === "PostgreSQL" && identity.id.toLowerCase() === primary.id.toLowerCase()) {
        throw badRequest("InvalidGeoBackupUserAssignedIdentityId", "dataEncryption.geoBackupUserAssignedIdentityId must differ from primaryUserAssignedIdentityId.");
    }
    requireCmkKey(state, found.key, service);
    const vault = state.vaults.get(found.key.vaultName.toLowerCase());
    if (vault !== undefined && !sameRegion(vault.location, pair)) {
        throw badRequest("InvalidParameterValue", `The key vault '${vault.name}' of dataEncryption.geoBackupKeyURI is in ${vault.location}; the server's geo-redundant backups are kept in ${pair}, the pair of ${location}, and their key vault must be there.`);
    }
    const retention = vault?.softDeleteRetentionInDays ?? 90;
    if (service === "MySQL" && retention < 90) {
        throw badRequest("InvalidParameterValue", `The key vault '${found.key.vaultName}' of dataEncryption.geoBackupKeyURI keeps deleted keys ${retention} days; the key's recovery level must be Recoverable, which needs 90 days of soft delete.`);
    }
    requireUsableKey(found.key, "the geo-backup key");
    requireAccess(state, identity.principalId, found.key, service, ["get", "list", "wrapkey", "unwrapkey"]);
}

/**
 * What a flexible server's high availability takes: a mode ARM names, a General Purpose or Memory
 * Optimized tier (Microsoft's PostgreSQL and MySQL high-availability guides: none on Burstable), storage
 * that grows for MySQL, and a zone-redundant standby outside the primary's zone. The region's zones are requireServerZones'.
 */
function requireHighAvailability(inputs: Record<string, unknown>, service: "PostgreSQL" | "MySQL"): void {
    const ha = record(inputs.highAvailability);
    const mode = ha.mode ?? "Disabled";
    if (!["Disabled", "SameZone", "ZoneRedundant"].includes(String(mode))) {
        throw badRequest("InvalidParameterValue", `Invalid value given for parameter highAvailability.mode '${String(mode)}'.`);
    }
    if (mode !== "Disabled" && record(inputs.sku).tier === "Burstable") {
        throw badRequest("InvalidParameterValue", `High availability is not supported for a ${service} server in the Burstable tier.`);
    }
    // Microsoft's MySQL high-availability guide: autogrow is on by default with a standby "and can't be disabled".
    if (service === "MySQL" && mode !== "Disabled" && record(inputs.storage).autoGrow === "Disabled") {
        throw badRequest("InvalidParameterValue", "Storage autogrow must be enabled for a MySQL server with high availability.");
    }
    // azure-native sends PostgreSQL's zones as "" when unwritten (the REST spec's default): no zone, for Azure to choose.
    const zone = (value: unknown) => (value === undefined || value === "" ? undefined : value);
    if (mode === "ZoneRedundant" && zone(ha.standbyAvailabilityZone) !== undefined && zone(ha.standbyAvailabilityZone) === zone(inputs.availabilityZone)) {
        throw badRequest("InvalidParameterValue", `Your server is in availability zone ${String(inputs.availabilityZone)}. The zone of the server cannot be same as the standby zone.`);
    }
}

/**
 * What a flexible server in a region without availability zones (Microsoft's regions list) cannot have: a
 * zone-redundant standby, or a zone of the primary's or the standby's; a SameZone standby it can.
 */
function requireServerZones(inputs: Record<string, unknown>, location: string, service: "PostgreSQL" | "MySQL"): void {
    if (!regionHasNoZones(location)) return;
    const ha = record(inputs.highAvailability);
    if (ha.mode === "ZoneRedundant") {
        throw badRequest("InvalidParameterValue", `Zone redundant high availability is not supported for a ${service} server in ${location}, which has no availability zones.`);
    }
    // The PostgreSQL SDK sends an empty zone when none is written: no zone asked for.
    for (const [field, zone] of [["availabilityZone", inputs.availabilityZone], ["highAvailability.standbyAvailabilityZone", ha.standbyAvailabilityZone]] as const) {
        if (zone !== undefined && zone !== "") throw badRequest("InvalidParameterValue", `Invalid value given for parameter ${field} '${String(zone)}': ${location} has no availability zones.`);
    }
}

const POSTGRESQL_STORAGE_SIZES = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

const postgresqlServerHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.serverName;
    if (typeof name !== "string" || !/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/.test(name)) {
        throw badRequest("InvalidParameterValue", `Invalid value given for parameter serverName '${String(name)}': 3-63 lowercase letters, numbers and hyphens, not starting or ending with a hyphen.`);
    }
    const auth = record(inputs.authConfig);
    // Password authentication is on unless turned off, and then needs its administrator login.
    if (auth.passwordAuth !== "Disabled" && (typeof inputs.administratorLogin !== "string" || inputs.administratorLoginPassword === undefined)) {
        throw badRequest("InvalidParameterValue", "Password authentication is enabled, so administratorLogin and administratorLoginPassword are required.");
    }
    if (auth.passwordAuth === "Disabled" && auth.activeDirectoryAuth !== "Enabled") {
        throw badRequest("InvalidParameterValue", "A server needs password or Microsoft Entra authentication; both are disabled.");
    }
    const size = Number(record(inputs.storage).storageSizeGB ?? 128);
    if (!POSTGRESQL_STORAGE_SIZES.includes(size)) {
        throw badRequest("InvalidStorageSize", `Storage size ${size} GB is not offered; use one of ${POSTGRESQL_STORAGE_SIZES.join(", ")}.`);
    }
    const retention = Number(record(inputs.backup).backupRetentionDays ?? 7);
    if (!Number.isInteger(retention) || retention < 7 || retention > 35) {
        throw badRequest("InvalidBackupRetentionDays", `backupRetentionDays ${retention} is outside 7-35.`);
    }
    const identity = record(inputs.identity);
    const assigned = Object.keys(record(identity.userAssignedIdentities)).map((id) => identityById(state, id, "identity.userAssignedIdentities"));
    if (assigned.length > 0 && identity.type !== "UserAssigned") {
        throw badRequest("InvalidIdentityType", `identity.userAssignedIdentities can be given only when identity.type is 'UserAssigned'; it is '${String(identity.type)}'.`);
    }
    const encryption = record(inputs.dataEncryption);
    if (encryption.type === "AzureKeyVault") {
        const { found, chosen } = dataEncryptionKey(state, encryption, assigned);
        requireCmkKey(state, found.key, "PostgreSQL");
        // Microsoft's PostgreSQL data-encryption guide: the key store is in the server's region and subscription.
        const vault = state.vaults.get(found.key.vaultName.toLowerCase());
        const location = String(inputs.location ?? rg.location);
        if (vault !== undefined && !sameRegion(vault.location, location)) {
            throw badRequest("InvalidParameterValue", `The key vault '${vault.name}' of dataEncryption.primaryKeyURI is in ${vault.location}; the server is in ${location}, and its key store must be in the same region.`);
        }
        const vaultSubscription = /^\/subscriptions\/([^/]+)/i.exec(vault?.id ?? "")?.[1];
        if (vault !== undefined && vaultSubscription !== undefined && vaultSubscription.toLowerCase() !== state.subscriptionId.toLowerCase()) {
            throw badRequest("InvalidParameterValue", `The key vault '${vault.name}' of dataEncryption.primaryKeyURI is in subscription ${vaultSubscription}; the server's key store must be in the server's subscription, ${state.subscriptionId}.`);
        }
        requireUsableKey(found.key, "the data encryption key");
        // On an access-policy vault PostgreSQL also lists the vault's keys (Microsoft's PostgreSQL data-encryption requirements).
        requireAccess(state, chosen.principalId, found.key, "PostgreSQL", ["get", "list", "wrapkey", "unwrapkey"]);
        requireGeoBackupKey(state, inputs, assigned, chosen, location, "PostgreSQL");
    }
    requireHighAvailability(inputs, "PostgreSQL");
    requireServerZones(inputs, regionName(String(inputs.location ?? rg.location)), "PostgreSQL");
    const id = claimGlobalName(state, rg, ["Microsoft.DBforPostgreSQL/flexibleServers"], name, "PostgreSQL server", new ArmError(409, "ServerNameAlreadyExists", `Specified server name '${name}' is already used.`));
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "serverName"),
            name,
            location: inputs.location ?? rg.location,
            fullyQualifiedDomainName: `${name}.${CLOUDS[state.options.cloud].postgresql}`,
            state: "Ready",
            type: "Microsoft.DBforPostgreSQL/flexibleServers",
        },
    };
};

/** Logins Azure Database for MySQL refuses for the administrator. */
const MYSQL_RESERVED_LOGINS = ["azure_superuser", "admin", "administrator", "root", "guest", "public"];

const mysqlServerHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.serverName;
    if (typeof name !== "string" || !/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/.test(name)) {
        throw badRequest("InvalidParameterValue", `Invalid value given for parameter serverName '${String(name)}': 3-63 lowercase letters, numbers and hyphens, not starting or ending with a hyphen.`);
    }
    // A new server (createMode Default) needs its administrator login and password.
    const login = inputs.administratorLogin;
    if (typeof login !== "string" || !/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(login) || MYSQL_RESERVED_LOGINS.includes(login.toLowerCase())) {
        throw badRequest("InvalidParameterValue", `administratorLogin '${String(login)}' is invalid: 1-32 letters, numbers and underscores, starting with a letter, and not ${MYSQL_RESERVED_LOGINS.join(", ")}.`);
    }
    const password = inputs.administratorLoginPassword;
    if (typeof password !== "string" || password.length < 8 || password.length > 128 || [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length < 3) {
        throw badRequest("InvalidParameterValue", "administratorLoginPassword must be 8-128 characters from three of: uppercase letters, lowercase letters, numbers, non-alphanumeric characters.");
    }
    const size = Number(record(inputs.storage).storageSizeGB ?? 64);
    const maxSize = record(inputs.sku).tier === "MemoryOptimized" ? 32768 : 16384;
    if (!Number.isInteger(size) || size < 20 || size > maxSize) {
        throw badRequest("InvalidStorageSize", `Storage size ${size} GB is outside 20-${maxSize}.`);
    }
    const retention = Number(record(inputs.backup).backupRetentionDays ?? 7);
    if (!Number.isInteger(retention) || retention < 1 || retention > 35) {
        throw badRequest("InvalidBackupRetentionDays", `backupRetentionDays ${retention} is outside 1-35.`);
    }
    const assigned = listedIdentities(state, inputs);
    const encryption = record(inputs.dataEncryption);
    if (encryption.type === "AzureKeyVault") {
        const { found, chosen } = dataEncryptionKey(state, encryption, assigned);
        requireCmkKey(state, found.key, "MySQL");
        const vault = state.vaults.get(found.key.vaultName.toLowerCase());
        // Microsoft's MySQL data-encryption guide: the key vault is in the server's region.
        const location = String(inputs.location ?? rg.location);
        if (vault !== undefined && !sameRegion(vault.location, location)) {
            throw badRequest("InvalidParameterValue", `The key vault '${vault.name}' of dataEncryption.primaryKeyURI is in ${vault.location}; the server is in ${location}, and its key vault must be in the same region.`);
        }
        const retention = vault?.softDeleteRetentionInDays ?? 90;
        if (retention < 90) {
            throw badRequest("InvalidParameterValue", `The key vault '${found.key.vaultName}' of dataEncryption.primaryKeyURI keeps deleted keys ${retention} days; the key's recovery level must be Recoverable, which needs 90 days of soft delete.`);
        }
        requireUsableKey(found.key, "the data encryption key");
        // Microsoft's MySQL data-encryption requirements: get, list, wrapKey and unwrapKey.
        requireAccess(state, chosen.principalId, found.key, "MySQL", ["get", "list", "wrapkey", "unwrapkey"]);
        requireGeoBackupKey(state, inputs, assigned, chosen, location, "MySQL");
    }
    requireHighAvailability(inputs, "MySQL");
    requireServerZones(inputs, regionName(String(inputs.location ?? rg.location)), "MySQL");
    const id = claimGlobalName(state, rg, ["Microsoft.DBforMySQL/flexibleServers"], name, "MySQL server", new ArmError(409, "ServerNameAlreadyExists", `Specified server name '${name}' is already used.`));
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "serverName", "administratorLoginPassword"),
            name,
            location: inputs.location ?? rg.location,
            fullyQualifiedDomainName: `${name}.${CLOUDS[state.options.cloud].mysql}`,
            state: "Ready",
            type: "Microsoft.DBforMySQL/flexibleServers",
        },
    };
};

const postgresqlAdministratorHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const server = String(inputs.serverName);
    if (!state.nameTaken("Microsoft.DBforPostgreSQL/flexibleServers", server)) {
        throw notFound("Microsoft.DBforPostgreSQL/flexibleServers", server, rg.name);
    }
    if (!isGuid(inputs.objectId)) {
        throw badRequest("InvalidParameterValue", `objectId '${String(inputs.objectId)}' is not an object id.`);
    }
    if (!["user", "group", "servicePrincipal"].includes(String(inputs.principalType))) {
        throw badRequest("InvalidParameterValue", `principalType '${String(inputs.principalType)}' is not user, group or servicePrincipal.`);
    }
    if (typeof inputs.principalName !== "string" || inputs.principalName === "") {
        throw badRequest("InvalidParameterValue", "principalName is required.");
    }
    const serverId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.DBforPostgreSQL", "flexibleServers", server);
    const id = state.claim(`${serverId}/administrators/${String(inputs.objectId)}`, "PostgreSQL administrator");
    return { id, state: { ...echo(inputs, "resourceGroupName", "serverName"), name: String(inputs.objectId), type: "Microsoft.DBforPostgreSQL/flexibleServers/administrators" } };
};

export const serviceHandlers: Record<string, ResourceHandler> = {
    "azure-native:eventhub:Namespace": messagingNamespaceHandler("Microsoft.EventHub", "Event Hubs", "processing unit"),
    "azure-native:servicebus:Namespace": messagingNamespaceHandler("Microsoft.ServiceBus", "Service Bus", "messaging unit"),
    "azure-native:cosmosdb:DatabaseAccount": cosmosDbAccountHandler,
    "azure-native:containerregistry:Registry": registryHandler,
    "azure-native:containerregistry:Replication": replicationHandler,
    "azure-native:storage:StorageAccount": storageAccountHandler,
    "azure-native:storage:EncryptionScope": encryptionScopeHandler,
    "azure-native:storage:BlobContainer": blobContainerHandler,
    "azure-native:storage:BlobServiceProperties": blobServicePropertiesHandler,
    "azure-native:compute:DiskEncryptionSet": diskEncryptionSetHandler,
    "azure-native:sql:Server": sqlServerHandler,
    "azure-native:sql:EncryptionProtector": sqlEncryptionProtectorHandler,
    "azure-native:sql:ServerKey": sqlServerKeyHandler,
    "azure-native:dbforpostgresql:Server": postgresqlServerHandler,
    "azure-native:dbforpostgresql:Administrator": postgresqlAdministratorHandler,
    "azure-native:dbformysql:Server": mysqlServerHandler,
};
