import { rules } from "../../policies/rules";
import { good, IDENTITY_ID, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "./fixtures";

type Kind = keyof typeof good;

/** Every resource rule's known-good type: the factory of that type passes it untouched. */
const goodFor: Record<string, Kind[]> = {};
for (const rule of rules) {
    if (rule.kind !== "resource") continue;
    goodFor[rule.metadata.name] = (Object.keys(TYPES) as Kind[]).filter((k) => rule.metadata.resourceTypes.includes(TYPES[k]));
}

test.each(Object.entries(goodFor).flatMap(([name, kinds]) => kinds.map((kind) => [name, kind] as const)))("%s passes the known-good %s", (name, kind) => {
    expect(resourceMessages(name, view(TYPES[kind], good[kind]()), {}, "sovereign")).toEqual([]);
    expect(resourceMessages(name, view(TYPES[kind], good[kind]()))).toEqual([]);
});

/** [rule, resource, field, new value (undefined removes it), expected messages, config?] */
type Case = [string, Kind, string, unknown, string[], Record<string, unknown>?];

const violations: Case[] = [
    ["azure-keyvault-vault-enable-soft-delete", "vault", "properties.enableSoftDelete", false, ["Soft delete is off; set properties.enableSoftDelete to true (or omit it) so deleted keys stay recoverable."]],
    ["azure-keyvault-vault-enable-purge-protection", "vault", "properties.enablePurgeProtection", undefined, ["Purge protection is off; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point)."]],
    ["azure-keyvault-vault-configure-soft-delete-retention", "vault", "properties.softDeleteRetentionInDays", 7, ["Soft-delete retention is 7 days, below 90; set properties.softDeleteRetentionInDays to at least 90 when creating the vault."]],
    ["azure-keyvault-vault-enable-rbac-authorization", "vault", "properties.enableRbacAuthorization", undefined, ["The vault uses access policies; set properties.enableRbacAuthorization to true and grant roles scoped to keys instead."]],
    ["azure-keyvault-vault-disable-public-network-access", "vault", "properties.publicNetworkAccess", "Enabled", []],
    ["azure-keyvault-vault-disable-public-network-access", "vault", "properties.networkAcls.defaultAction", "Allow", []],
    // The first version expires, but without expiryTime every version rotation creates has no expiry.
    ["azure-keyvault-key-missing-expiry", "key", "properties.rotationPolicy.attributes", undefined, ["The key's rotation policy rotates it but sets no expiryTime, so every version rotation creates has no expiry; set properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\")."]],
    ["azure-keyvault-key-configure-max-validity", "key", "properties.rotationPolicy.attributes.expiryTime", "P3Y", ["The key's versions are valid for P3Y (1095 days), over 730; set properties.rotationPolicy.attributes.expiryTime to at most P730D."]],
    ["azure-keyvault-key-configure-rotation-policy", "key", "properties.rotationPolicy.lifetimeActions", [{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }], ["The key has no rotate action; add properties.rotationPolicy.lifetimeActions [{ action: { type: \"rotate\" }, trigger: { timeAfterCreate: \"P90D\" } }]."]],
    ["azure-keyvault-key-configure-rotation-policy", "key", "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P180D" } }], ["The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\"."]],
    ["azure-keyvault-key-configure-min-rsa-size", "key", "properties.keySize", undefined, []],
    ["azure-keyvault-key-configure-min-rsa-size", "key", "properties.keySize", 3072, ["The RSA key is 3072 bits, below 4096; set properties.keySize to 4096 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."], { minRsaKeySize: 4096 }],
    ["azure-keyvault-key-configure-allowed-key-types", "key", "properties.kty", "oct", ["The key type is oct, not one of RSA, RSA-HSM, EC, EC-HSM; set properties.kty to one of them."]],
    ["azure-keyvault-key-enforce-hsm-backed", "key", "properties.kty", "RSA", ["The key type is RSA, protected in software; set properties.kty to RSA-HSM (a premium vault), or allow software keys by name (allowSoftwareKeys)."]],
    // Key Vault requires a type (KeyCreateParameters); one left out is no HSM key, as Checkov CKV_AZURE_112 (ARM) judges it.
    ["azure-keyvault-key-enforce-hsm-backed", "key", "properties.kty", undefined, ["The key names no type, so nothing makes it HSM-backed and Key Vault refuses to create it; set properties.kty to RSA-HSM or EC-HSM (a premium vault)."]],
    ["azure-keyvault-key-enforce-hsm-backed", "key", "properties.kty", "RSA-HSM", []],
    ["azure-keyvault-key-configure-key-operations", "key", "properties.keyOps", undefined, ["The key allows every operation; set properties.keyOps to what it is for, [\"wrapKey\", \"unwrapKey\"] for a customer-managed key."]],
    ["azure-keyvault-key-configure-key-operations", "key", "properties.keyOps", ["wrapKey", "sign"], [
        "The key both encrypts and signs (wrapKey, sign); use one key for wrapKey/unwrapKey or encrypt/decrypt and another for sign/verify.",
        "The key has only one of wrapKey and unwrapKey, so data it wraps cannot be recovered (or nothing can be wrapped); list both in properties.keyOps.",
    ]],
    ["azure-keyvault-key-configure-key-operations", "key", "properties.keyOps", ["import"], []],
    ["azure-keyvault-key-configure-key-operations", "key", "properties.keyOps", ["import", "unwrapKey", "wrapKey"], [
        "The key exchange key (import) also allows unwrapKey, wrapKey; a KEK has fixed key_ops, import only (Key Vault's BYOK specification), so set properties.keyOps to [\"import\"] and use another key for the rest.",
    ]],
    ["azure-keyvault-secret-missing-expiry", "secret", "properties.attributes.expires", undefined, ["The secret has no expiry; set properties.attributes.expires (epoch seconds) and rotate the secret before then."]],
    ["azure-keyvault-secret-missing-expiry", "secret", "properties.attributes", undefined, ["The secret has no expiry; set properties.attributes.expires (epoch seconds) and rotate the secret before then."]],
    ["azure-keyvault-secret-missing-content-type", "secret", "properties.contentType", undefined, ["The secret has no content type; set properties.contentType to what the value is (e.g. \"application/x-pkcs12\" or \"text/plain\")."]],
    ["azure-keyvault-secret-missing-content-type", "secret", "properties.contentType", " ", ["The secret has no content type; set properties.contentType to what the value is (e.g. \"application/x-pkcs12\" or \"text/plain\")."]],
    ["azure-keyvault-vault-enable-purge-protection", "managedHsm", "properties.enablePurgeProtection", false, ["Purge protection is off for the managed HSM; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point)."]],
    // Left out, a Managed HSM pool gets purge protection (the API's default), unlike a vault.
    ["azure-keyvault-vault-enable-purge-protection", "managedHsm", "properties.enablePurgeProtection", undefined, []],
    ["azure-keyvault-vault-configure-soft-delete-retention", "managedHsm", "properties.softDeleteRetentionInDays", 30, ["Soft-delete retention is 30 days, below 90; set properties.softDeleteRetentionInDays to at least 90 when creating the managed HSM."]],
    ["azure-keyvault-vault-disable-public-network-access", "managedHsm", "properties.publicNetworkAccess", undefined, []],
    ["azure-containerregistry-registry-enable-cmk-encryption", "registry", "encryption", undefined, ["The registry is not encrypted with a customer-managed key; set encryption.status to \"enabled\" with encryption.keyVaultProperties.keyIdentifier and identity when creating it."]],
    // With its customer-managed key, the registry's SKU is the CMK rule's to report.
    ["azure-containerregistry-registry-configure-premium-sku", "registry", "sku.name", "Standard", []],
    ["azure-containerregistry-registry-configure-premium-sku", "registry", "encryption", undefined, []],
    ["azure-containerregistry-registry-disable-admin-user", "registry", "adminUserEnabled", true, ["The registry's admin user is on; set adminUserEnabled to false and pull with Entra identities."]],
    ["azure-containerregistry-registry-disable-anonymous-pull", "registry", "anonymousPullEnabled", true, ["The registry allows anonymous pull; set anonymousPullEnabled to false."]],
    ["azure-containerregistry-registry-disable-arm-audience-tokens", "registry", "policies.azureADAuthenticationAsArmPolicy.status", "enabled", ["The registry accepts ARM-audience Entra tokens; set policies.azureADAuthenticationAsArmPolicy.status to \"disabled\" so it takes only tokens issued for the registry (a stack that keeps them on purpose, azureADAuthenticationAsArmPolicy \"enabled\" in its config, sets this rule to \"advisory\" or \"disabled\" in its policy config, policy-config/<stack>.json)."]],
    // Left out, Azure takes them, as the Azure Policy reads it; and Azure reads the status in any case.
    ["azure-containerregistry-registry-disable-arm-audience-tokens", "registry", "policies.azureADAuthenticationAsArmPolicy", undefined, ["The registry accepts ARM-audience Entra tokens; set policies.azureADAuthenticationAsArmPolicy.status to \"disabled\" so it takes only tokens issued for the registry (a stack that keeps them on purpose, azureADAuthenticationAsArmPolicy \"enabled\" in its config, sets this rule to \"advisory\" or \"disabled\" in its policy config, policy-config/<stack>.json)."]],
    ["azure-containerregistry-registry-disable-arm-audience-tokens", "registry", "policies", undefined, ["The registry accepts ARM-audience Entra tokens; set policies.azureADAuthenticationAsArmPolicy.status to \"disabled\" so it takes only tokens issued for the registry (a stack that keeps them on purpose, azureADAuthenticationAsArmPolicy \"enabled\" in its config, sets this rule to \"advisory\" or \"disabled\" in its policy config, policy-config/<stack>.json)."]],
    ["azure-containerregistry-registry-disable-arm-audience-tokens", "registry", "policies.azureADAuthenticationAsArmPolicy.status", "Disabled", []],
    ["azure-containerregistry-registry-disable-public-network-access", "registry", "publicNetworkAccess", undefined, ["The registry accepts traffic from every network; set publicNetworkAccess to \"Disabled\" or networkRuleSet.defaultAction to \"Deny\"."]],
    ["azure-containerregistry-registry-disable-exports", "registry", "policies", undefined, ["The registry allows exports; set policies.exportPolicy.status to \"disabled\" (which needs publicNetworkAccess \"Disabled\")."]],
    ["azure-containerregistry-registry-disallow-versioned-key", "registry", "encryption.keyVaultProperties.keyIdentifier", `https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef`, ["The registry's key identifier pins version 0123456789abcdef0123456789abcdef; set encryption.keyVaultProperties.keyIdentifier to the versionless key URI (…/keys/cmk) so the registry follows rotation."]],
    ["azure-containerregistry-registry-disallow-versioned-key", "registry", "encryption.keyVaultProperties.keyIdentifier", `https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef`, [], { allowPinnedKeyVersion: true }],
    ["azure-storage-account-configure-cmk-key-source", "storageAccount", "encryption.keySource", "Microsoft.Storage", ["The storage account uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.Keyvault\" with encryption.keyVaultProperties and encryption.encryptionIdentity."]],
    ["azure-storage-account-enable-infrastructure-encryption", "storageAccount", "encryption.requireInfrastructureEncryption", undefined, ["Infrastructure encryption is off; set encryption.requireInfrastructureEncryption to true when creating the account."]],
    ["azure-storage-account-disable-shared-key-access", "storageAccount", "allowSharedKeyAccess", undefined, ["Shared-key access is on; set allowSharedKeyAccess to false and use Entra identities."]],
    ["azure-storage-account-disable-public-network-access", "storageAccount", "publicNetworkAccess", "Enabled", []],
    ["azure-storage-account-disable-public-network-access", "storageAccount", "networkRuleSet", undefined, []],
    ["azure-storage-account-enforce-https-tls12", "storageAccount", "enableHttpsTrafficOnly", false, ["The storage account accepts plain HTTP; set enableHttpsTrafficOnly to true."]],
    ["azure-storage-account-enforce-https-tls12", "storageAccount", "minimumTlsVersion", "TLS1_0", ["The storage account's minimum TLS version is TLS1_0; set minimumTlsVersion to \"TLS1_2\"."]],
    ["azure-storage-account-disable-blob-public-access", "storageAccount", "allowBlobPublicAccess", true, ["Blob public access is allowed; set allowBlobPublicAccess to false."]],
    ["azure-storage-account-enable-cmk-for-queues-and-tables", "storageAccount", "encryption.services", undefined, ["The account's queue and table data use a Microsoft-managed key of their own; set encryption.services.queue.keyType and encryption.services.table.keyType to \"Account\" when creating the account."]],
    ["azure-storage-account-enable-cmk-for-queues-and-tables", "storageAccount", "encryption.services.table.keyType", "Service", ["The account's table data use a Microsoft-managed key of their own; set encryption.services.table.keyType to \"Account\" when creating the account."]],
    ["azure-storage-account-disallow-versioned-key", "storageAccount", "encryption.keyVaultProperties.keyVersion", "0123456789abcdef0123456789abcdef", ["The storage account pins key version 0123456789abcdef0123456789abcdef; remove encryption.keyVaultProperties.keyVersion so the account follows rotation."]],
    ["azure-compute-diskencryptionset-configure-cmk-encryption-type", "diskEncryptionSet", "encryptionType", "EncryptionAtRestWithPlatformKey", ["The disk encryption set's type is EncryptionAtRestWithPlatformKey; set encryptionType to \"EncryptionAtRestWithPlatformAndCustomerKeys\" or \"EncryptionAtRestWithCustomerKey\"."]],
    ["azure-compute-diskencryptionset-enable-key-rotation", "diskEncryptionSet", "rotationToLatestKeyVersionEnabled", false, ["The disk encryption set does not follow key rotation; set rotationToLatestKeyVersionEnabled to true."]],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption", undefined, ["The disk is encrypted with the platform's key; set encryption.type to \"EncryptionAtRestWithPlatformAndCustomerKeys\" (or \"EncryptionAtRestWithCustomerKey\") and encryption.diskEncryptionSetId to a disk encryption set over your key."]],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption.type", "EncryptionAtRestWithPlatformKey", ["The disk is encrypted with the platform's key; set encryption.type to \"EncryptionAtRestWithPlatformAndCustomerKeys\" (or \"EncryptionAtRestWithCustomerKey\") and encryption.diskEncryptionSetId to a disk encryption set over your key."]],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption.diskEncryptionSetId", undefined, ["The disk is encrypted with the platform's key; set encryption.type to \"EncryptionAtRestWithPlatformAndCustomerKeys\" (or \"EncryptionAtRestWithCustomerKey\") and encryption.diskEncryptionSetId to a disk encryption set over your key."]],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption.type", "EncryptionAtRestWithCustomerKey", []],
    ["azure-containerservice-managedcluster-enable-cmk-disk-encryption", "managedCluster", "diskEncryptionSetID", undefined, ["The cluster's node disks use the platform's key; set diskEncryptionSetID to a disk encryption set over your key when creating the cluster."]],
    ["azure-containerservice-managedcluster-enable-cmk-disk-encryption", "managedCluster", "diskEncryptionSetID", "", ["The cluster's node disks use the platform's key; set diskEncryptionSetID to a disk encryption set over your key when creating the cluster."]],
    ["azure-cognitiveservices-account-enable-cmk-encryption", "cognitiveAccount", "properties.encryption", undefined, ["The account encrypts with Microsoft-managed keys; set properties.encryption to { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyVaultUri, keyName, identityClientId } }."]],
    ["azure-cognitiveservices-account-enable-cmk-encryption", "cognitiveAccount", "properties.encryption.keySource", "Microsoft.CognitiveServices", ["The account encrypts with Microsoft-managed keys; set properties.encryption to { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyVaultUri, keyName, identityClientId } }."]],
    ["azure-cognitiveservices-account-enable-cmk-encryption", "cognitiveAccount", "properties.encryption.keySource", undefined, []],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption", undefined, ["The vault encrypts backup data with Microsoft-managed keys; set properties.encryption { keyVaultProperties: { keyUri }, kekIdentity: { userAssignedIdentity } }."]],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption.keyVaultProperties.keyUri", "", ["The vault encrypts backup data with Microsoft-managed keys; set properties.encryption { keyVaultProperties: { keyUri }, kekIdentity: { userAssignedIdentity } }."]],
    ["azure-storage-account-enable-trusted-services-bypass", "storageAccount", "networkRuleSet.bypass", "None", ["The storage account's firewall lets no trusted Microsoft service through (networkRuleSet.bypass None); include \"AzureServices\" in networkRuleSet.bypass."]],
    ["azure-storage-account-enable-trusted-services-bypass", "storageAccount", "networkRuleSet.bypass", "Logging, Metrics", ["The storage account's firewall lets no trusted Microsoft service through (networkRuleSet.bypass Logging, Metrics); include \"AzureServices\" in networkRuleSet.bypass."]],
    ["azure-storage-account-enable-trusted-services-bypass", "storageAccount", "networkRuleSet.bypass", "Logging, AzureServices", []],
    ["azure-storage-account-enable-trusted-services-bypass", "storageAccount", "networkRuleSet.bypass", undefined, []],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy", undefined, ["The account's access keys have no expiration policy; set keyPolicy.keyExpirationPeriodInDays to 90 or fewer."]],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy.keyExpirationPeriodInDays", 365, ["The account's access keys come due only after 365 days; set keyPolicy.keyExpirationPeriodInDays to 90 or fewer."]],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy.keyExpirationPeriodInDays", 90, ["The account's access keys come due only after 90 days; set keyPolicy.keyExpirationPeriodInDays to 60 or fewer."], { maxKeyExpirationDays: 60 }],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy.keyExpirationPeriodInDays", 30, []],
    ["azure-storage-account-configure-sas-expiration-policy", "storageAccount", "sasPolicy.expirationAction", "Log", []],
    ["azure-storage-container-disable-public-access", "blobContainer", "publicAccess", "Blob", ["The container allows anonymous access (publicAccess Blob); set publicAccess to \"None\" and reach its blobs with Entra identities."]],
    ["azure-storage-container-disable-public-access", "blobContainer", "publicAccess", "Container", ["The container allows anonymous access (publicAccess Container); set publicAccess to \"None\" and reach its blobs with Entra identities."]],
    ["azure-storage-container-disable-public-access", "blobContainer", "publicAccess", undefined, []],
    ["azure-machinelearningservices-workspace-enable-cmk-encryption", "mlWorkspace", "encryption", undefined, ["The workspace encrypts with Microsoft-managed keys; set encryption { status: \"Enabled\", keyVaultProperties: { keyIdentifier, keyVaultArmId, identityClientId }, identity: { userAssignedIdentity } } when creating it."]],
    ["azure-machinelearningservices-workspace-enable-cmk-encryption", "mlWorkspace", "encryption.status", "Disabled", ["The workspace encrypts with Microsoft-managed keys; set encryption { status: \"Enabled\", keyVaultProperties: { keyIdentifier, keyVaultArmId, identityClientId }, identity: { userAssignedIdentity } } when creating it."]],
    ["azure-synapse-workspace-enable-cmk-encryption", "synapseWorkspace", "encryption", undefined, ["The workspace encrypts with Microsoft-managed keys only; set encryption.cmk { key: { name, keyVaultUrl }, kekIdentity: { userAssignedIdentity } } when creating it."]],
    ["azure-synapse-workspace-enable-cmk-encryption", "synapseWorkspace", "encryption.cmk.key.name", "", ["The workspace encrypts with Microsoft-managed keys only; set encryption.cmk { key: { name, keyVaultUrl }, kekIdentity: { userAssignedIdentity } } when creating it."]],
    ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster", "keyVaultProperties", undefined, ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName } and give the cluster's identity wrap and unwrap on that key."]],
    ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster", "keyVaultProperties.keyName", "", ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName } and give the cluster's identity wrap and unwrap on that key."]],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "keyVaultProperties", undefined, ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName, userIdentity }."]],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "keyVaultProperties.keyVaultUri", undefined, ["The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName, userIdentity }."]],
    // Left out, azure-native sends false: Azure Policy f4b53539 and Checkov CKV_AZURE_74 report both.
    ["azure-kusto-cluster-enable-disk-encryption", "kustoCluster", "enableDiskEncryption", undefined, ["The cluster's node disks are not encrypted; set enableDiskEncryption to true."]],
    ["azure-kusto-cluster-enable-disk-encryption", "kustoCluster", "enableDiskEncryption", false, ["The cluster's node disks are not encrypted; set enableDiskEncryption to true."]],
    ["azure-appconfiguration-configurationstore-enable-cmk-encryption", "appConfigurationStore", "encryption", undefined, ["The store encrypts with Microsoft-managed keys; set encryption.keyVaultProperties { keyIdentifier, identityClientId } (a Standard or Premium store)."]],
    ["azure-batch-account-enable-cmk-encryption", "batchAccount", "encryption.keySource", "Microsoft.Batch", ["The account encrypts with Microsoft-managed keys; set encryption { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyIdentifier } }."]],
    ["azure-batch-account-enable-cmk-encryption", "batchAccount", "encryption", undefined, ["The account encrypts with Microsoft-managed keys; set encryption { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyIdentifier } }."]],
    ["azure-compute-virtualmachine-enable-encryption-at-host", "virtualMachine", "securityProfile", undefined, ["Temp disks and caches are not encrypted at host; set securityProfile.encryptionAtHost to true."]],
    ["azure-compute-virtualmachine-enable-encryption-at-host", "virtualMachineScaleSet", "virtualMachineProfile.securityProfile.encryptionAtHost", false, ["Temp disks and caches are not encrypted at host; set virtualMachineProfile.securityProfile.encryptionAtHost to true."]],
    ["azure-containerservice-managedcluster-enable-encryption-at-host", "managedCluster", "agentPoolProfiles.0.enableEncryptionAtHost", undefined, ["Node pool system's temp disks and caches are not encrypted at host; set agentPoolProfiles[0].enableEncryptionAtHost to true when creating the pool."]],
    ["azure-containerservice-managedcluster-enable-encryption-at-host", "managedCluster", "agentPoolProfiles.0.enableEncryptionAtHost", false, ["Node pool system's temp disks and caches are not encrypted at host; set agentPoolProfiles[0].enableEncryptionAtHost to true when creating the pool."]],
    ["azure-containerservice-managedcluster-enable-encryption-at-host", "agentPool", "enableEncryptionAtHost", undefined, ["The node pool's temp disks and caches are not encrypted at host; set enableEncryptionAtHost to true when creating the pool."]],
    ["azure-containerservice-managedcluster-configure-kms-user-assigned-identity", "managedCluster", "identity", { type: "SystemAssigned" }, ["KMS etcd encryption is on, but the cluster's identity is SystemAssigned; AKS's KMS works only with a user-assigned control-plane identity granted the key before the cluster exists: set identity { type: \"UserAssigned\", userAssignedIdentities: [<the identity's id>] }."]],
    ["azure-containerservice-managedcluster-configure-kms-user-assigned-identity", "managedCluster", "identity", undefined, ["KMS etcd encryption is on, but the cluster's identity is none (a service principal); AKS's KMS works only with a user-assigned control-plane identity granted the key before the cluster exists: set identity { type: \"UserAssigned\", userAssignedIdentities: [<the identity's id>] }."]],
    ["azure-containerservice-managedcluster-configure-kms-user-assigned-identity", "managedCluster", "identity.userAssignedIdentities", [], ["KMS etcd encryption is on, but the cluster's identity is UserAssigned with no identity listed; AKS's KMS works only with a user-assigned control-plane identity granted the key before the cluster exists: set identity { type: \"UserAssigned\", userAssignedIdentities: [<the identity's id>] }."]],
    ["azure-containerservice-managedcluster-configure-kms-user-assigned-identity", "managedCluster", "securityProfile.azureKeyVaultKms.enabled", false, []],
    ["azure-containerservice-managedcluster-enable-kms-etcd-encryption", "managedCluster", "securityProfile", undefined, ["The cluster's secrets in etcd are not encrypted with the customer's key; set securityProfile.azureKeyVaultKms { enabled: true, keyId, keyVaultNetworkAccess }."]],
    ["azure-containerservice-managedcluster-enable-kms-etcd-encryption", "managedCluster", "securityProfile.azureKeyVaultKms.enabled", false, ["The cluster's secrets in etcd are not encrypted with the customer's key; set securityProfile.azureKeyVaultKms { enabled: true, keyId, keyVaultNetworkAccess }."]],
    ["azure-databricks-workspace-enable-cmk-disk-encryption", "databricksWorkspace", "encryption", undefined, ["The workspace's managed disks use Microsoft-managed keys; set encryption.entities.managedDisk { keySource: \"Microsoft.Keyvault\", keyVaultProperties: { keyVaultUri, keyName, keyVersion }, rotationToLatestKeyVersionEnabled: true }."]],
    ["azure-databricks-workspace-enable-cmk-disk-encryption", "databricksWorkspace", "encryption.entities.managedDisk.keyVaultProperties.keyVaultUri", "", ["The workspace's managed disks use Microsoft-managed keys; set encryption.entities.managedDisk { keySource: \"Microsoft.Keyvault\", keyVaultProperties: { keyVaultUri, keyName, keyVersion }, rotationToLatestKeyVersionEnabled: true }."]],
    // Customer-managed keys exist only in the Premium tier: a Standard workspace is not judged.
    ["azure-databricks-workspace-enable-cmk-disk-encryption", "databricksWorkspace", "sku", { name: "standard" }, []],
    // Checkov CKV2_AZURE_48's fail cases: no DBFS key, the SDK's keySource "Default", a key without prepareEncryption.
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "parameters", undefined, ["The workspace's DBFS root storage uses Microsoft-managed keys; set parameters.prepareEncryption { value: true } and parameters.encryption { value: { keySource: \"Microsoft.Keyvault\", keyVaultUri, keyName, keyVersion } }."]],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "parameters.encryption.value.keySource", "Default", [expect.stringMatching(/^The workspace's DBFS root storage uses Microsoft-managed keys/)]],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "parameters.prepareEncryption", undefined, [expect.stringMatching(/^The workspace names a key for its DBFS root but is not prepared for encryption/)]],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "parameters.encryption.value.keySource", "microsoft.keyvault", []],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "sku", { name: "standard" }, []],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "computeMode", "Serverless", []],
    ["azure-datafactory-factory-enable-cmk-encryption", "dataFactory", "encryption", undefined, ["The factory encrypts with Microsoft-managed keys; set encryption { vaultBaseUrl, keyName, identity: { userAssignedIdentity } } when creating it."]],
    ["azure-datafactory-factory-enable-cmk-encryption", "dataFactory", "encryption.keyName", "", ["The factory encrypts with Microsoft-managed keys; set encryption { vaultBaseUrl, keyName, identity: { userAssignedIdentity } } when creating it."]],
    ["azure-dbforpostgresql-server-enable-cmk-encryption", "postgresqlServer", "dataEncryption", undefined, ["The server encrypts with service-managed keys; set dataEncryption { type: \"AzureKeyVault\", primaryKeyURI, primaryUserAssignedIdentityId } when creating it."]],
    ["azure-dbforpostgresql-server-enable-cmk-encryption", "postgresqlServer", "dataEncryption.type", "SystemAssigned", ["The server encrypts with service-managed keys; set dataEncryption { type: \"AzureKeyVault\", primaryKeyURI, primaryUserAssignedIdentityId } when creating it."]],
    ["azure-dbforpostgresql-server-configure-geo-backup-identity", "postgresqlServer", "dataEncryption.geoBackupUserAssignedIdentityId", IDENTITY_ID.toUpperCase() + "/", ["The server's dataEncryption.geoBackupUserAssignedIdentityId is its primaryUserAssignedIdentityId (id-cmk); PostgreSQL takes the geo-backup key only through an identity of its own, so set it to another user-assigned identity, made in the paired region, that holds Key Vault Crypto Service Encryption User on the geo-backup key."]],
    ["azure-dbforpostgresql-server-configure-geo-backup-identity", "postgresqlServer", "dataEncryption.geoBackupUserAssignedIdentityId", IDENTITY_ID.replace("id-cmk", "id-geo"), []],
    ["azure-dbforpostgresql-server-disallow-versioned-key", "postgresqlServer", "dataEncryption.primaryKeyURI", "https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", ["The server's dataEncryption.primaryKeyURI pins key version 0123456789abcdef0123456789abcdef; set it to the versionless key URI (…/keys/cmk) so the server follows rotation."]],
    ["azure-dbforpostgresql-server-disallow-versioned-key", "postgresqlServer", "dataEncryption.primaryKeyURI", "https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", [], { allowPinnedKeyVersion: true }],
    ["azure-dbforpostgresql-server-disallow-versioned-key", "postgresqlServer", "dataEncryption.geoBackupKeyURI", "https://hsm-geo.managedhsm.azure.net/keys/cmk-geo/0123456789abcdef0123456789abcdef", ["The server's dataEncryption.geoBackupKeyURI pins key version 0123456789abcdef0123456789abcdef; set it to the versionless key URI (…/keys/cmk-geo) so the server follows rotation."]],
    ["azure-dbforpostgresql-server-disallow-versioned-key", "postgresqlServer", "dataEncryption.geoBackupKeyURI", "https://hsm-geo.managedhsm.azure.net/keys/cmk-geo", []],
    ["azure-dbformysql-server-enable-cmk-encryption", "mysqlServer", "dataEncryption.type", "SystemManaged", ["The server encrypts with service-managed keys; set dataEncryption { type: \"AzureKeyVault\", primaryKeyURI, primaryUserAssignedIdentityId }."]],
    ["azure-dbformysql-server-enable-cmk-encryption", "mysqlServer", "dataEncryption.primaryKeyURI", undefined, ["The server encrypts with service-managed keys; set dataEncryption { type: \"AzureKeyVault\", primaryKeyURI, primaryUserAssignedIdentityId }."]],
    ["azure-cosmosdb-account-enable-cmk-encryption", "cosmosAccount", "keyVaultKeyUri", undefined, ["The account is not encrypted with a customer-managed key; set keyVaultKeyUri to the versionless key URI (https://<vault>.vault.azure.net/keys/<key>) and defaultIdentity to an identity that may wrap with it, when creating the account."]],
    ["azure-cosmosdb-account-enable-cmk-encryption", "cosmosAccount", "keyVaultKeyUri", "", ["The account is not encrypted with a customer-managed key; set keyVaultKeyUri to the versionless key URI (https://<vault>.vault.azure.net/keys/<key>) and defaultIdentity to an identity that may wrap with it, when creating the account."]],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption", undefined, ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."]],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.keySource", "Microsoft.ServiceBus", ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."]],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.keyVaultProperties", [], ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."]],
    // Customer-managed keys exist only in Premium: a Standard namespace is not judged.
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "sku", { name: "Standard", tier: "Standard" }, []],
    ["azure-servicebus-namespace-disallow-versioned-key", "serviceBusNamespace", "encryption.keyVaultProperties.0.keyVersion", "0123456789abcdef0123456789abcdef", ["The namespace pins key version 0123456789abcdef0123456789abcdef; remove encryption.keyVaultProperties[0].keyVersion so the namespace follows rotation."]],
    ["azure-servicebus-namespace-disallow-versioned-key", "serviceBusNamespace", "encryption.keyVaultProperties.0.keyVersion", "0123456789abcdef0123456789abcdef", [], { allowPinnedKeyVersion: true }],
    ["azure-servicebus-namespace-disallow-versioned-key", "serviceBusNamespace", "encryption.keyVaultProperties.0.keyVersion", "", []],
    ["azure-eventhub-namespace-disallow-versioned-key", "eventHubNamespace", "encryption.keyVaultProperties", [{ keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk" }, { keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk2", keyVersion: "0123456789abcdef0123456789abcdef" }], ["The namespace pins key version 0123456789abcdef0123456789abcdef; remove encryption.keyVaultProperties[1].keyVersion so the namespace follows rotation."]],
    ["azure-eventhub-namespace-disallow-versioned-key", "eventHubNamespace", "encryption.keyVaultProperties.0.keyVersion", "0123456789abcdef0123456789abcdef", [], { allowPinnedKeyVersion: true }],
    ["azure-storage-encryptionscope-disallow-versioned-key", "encryptionScope", "keyVaultProperties.keyUri", "https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", ["The encryption scope's key URI pins version 0123456789abcdef0123456789abcdef; set keyVaultProperties.keyUri to the versionless key URI (…/keys/cmk) so the scope follows rotation."]],
    ["azure-storage-encryptionscope-disallow-versioned-key", "encryptionScope", "keyVaultProperties.keyUri", "https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", [], { allowPinnedKeyVersion: true }],
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "encryption", undefined, ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."]],
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "sku", { name: "Standard", tier: "Standard" }, []],
    ["azure-sql-database-enable-transparent-data-encryption", "sqlTransparentDataEncryption", "state", "Disabled", ["Transparent data encryption is \"Disabled\" on the database; set state to \"Enabled\", or remove the TransparentDataEncryption resource (a new database has it on)."]],
    ["azure-sql-database-enable-transparent-data-encryption", "sqlTransparentDataEncryption", "state", "enabled", []],
    // Azure Policy leaves master out: its encryption is Azure's.
    ["azure-sql-database-enable-transparent-data-encryption", "sqlTransparentDataEncryption", "databaseName", "master", []],
    // Azure Policy ac01ad65 reports keyId absent or "".
    ["azure-sql-managedinstance-enable-cmk-encryption", "sqlManagedInstance", "keyId", undefined, ["The managed instance encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key, with primaryUserAssignedIdentityId naming an identity granted wrap and unwrap on it."]],
    ["azure-sql-managedinstance-enable-cmk-encryption", "sqlManagedInstance", "keyId", "", ["The managed instance encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key, with primaryUserAssignedIdentityId naming an identity granted wrap and unwrap on it."]],
    ["azure-synapse-sqlpool-enable-transparent-data-encryption", "synapseSqlPoolTransparentDataEncryption", "status", "Disabled", ["Transparent data encryption is \"Disabled\" on the dedicated SQL pool; set status to \"Enabled\"."]],
    ["azure-synapse-sqlpool-enable-transparent-data-encryption", "synapseSqlPoolTransparentDataEncryption", "status", undefined, ["Transparent data encryption is not set on the dedicated SQL pool; set status to \"Enabled\"."]],
    ["azure-synapse-sqlpool-enable-transparent-data-encryption", "synapseSqlPoolTransparentDataEncryption", "status", "enabled", []],
    ["azure-sql-encryptionprotector-enable-cmk", "sqlEncryptionProtector", "serverKeyType", "ServiceManaged", ["The server's TDE protector is service-managed; set serverKeyType to \"AzureKeyVault\" and serverKeyName to a server key made from your Key Vault key (<vault>_<key>_<version>)."]],
    ["azure-sql-encryptionprotector-enable-key-rotation", "sqlEncryptionProtector", "autoRotationEnabled", undefined, ["The TDE protector does not follow key rotation; set autoRotationEnabled to true."]],
    // A service-managed protector is the CMK rule's to report.
    ["azure-sql-encryptionprotector-enable-key-rotation", "sqlEncryptionProtector", "serverKeyType", "ServiceManaged", []],
    ["azure-entra-application-missing-credential-end-date", "applicationPassword", "endDate", undefined, ["The application secret has no end date; set endDate to an RFC 3339 date-time within the allowed lifetime."]],
    ["azure-entra-application-missing-credential-end-date", "applicationCertificate", "endDate", undefined, ["The application certificate has no end date; set endDate to an RFC 3339 date-time within the allowed lifetime."]],
    ["azure-entra-application-missing-credential-end-date", "application", "password", { displayName: "p" }, ["The application secret has no end date; set password.endDate to an RFC 3339 date-time within the allowed lifetime."]],
    ["azure-entra-application-configure-credential-lifetime", "applicationCertificate", "endDate", "2027-06-30T00:00:00Z", ["The application certificate is valid for 545 days, over 365; set its end date at most 365 days after its start."]],
    ["azure-entra-application-configure-credential-lifetime", "applicationPassword", "endDate", "2026-12-31T00:00:00Z", ["The application secret is valid for 364 days, over 180; set its end date at most 180 days after its start."]],
    // Graph's addPassword gives a secret without an end date two years (hashicorp/terraform-provider-azuread#1424).
    ["azure-entra-application-configure-credential-lifetime", "applicationPassword", "endDate", undefined, ["The application secret is valid for 730 days (with no endDate Entra gives a secret two years), over 180; set its end date at most 180 days after its start."]],
    ["azure-storage-account-enforce-https-tls12", "storageAccount", "minimumTlsVersion", "tls1_2", []],
    ["azure-entra-application-configure-single-tenant", "application", "signInAudience", "AzureADMultipleOrgs", ["The application's sign-in audience is AzureADMultipleOrgs; set signInAudience to \"AzureADMyOrg\"."]],
    // Left out, publicNetworkAccess is Azure's default, Enabled (Checkov CKV_AZURE_204/113/53/68 fail the same).
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespace", "publicNetworkAccess", undefined, ["The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespace", "publicNetworkAccess", "Enabled", ["The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    // Azure Policy and Checkov pass Disabled alone.
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespace", "publicNetworkAccess", "SecuredByPerimeter", ["The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    // A network rule set left without publicNetworkAccess writes Azure's default, Enabled, onto its namespace.
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNetworkRuleSet", "publicNetworkAccess", undefined, ["The namespace's network rule set opens it to public networks (its publicNetworkAccess is Enabled unless written); set publicNetworkAccess to \"Disabled\" on the rule set as on the namespace."]],
    ["azure-eventhub-namespace-disable-public-network-access", "eventHubNetworkRuleSet", "publicNetworkAccess", "Enabled", ["The namespace's network rule set opens it to public networks (its publicNetworkAccess is Enabled unless written); set publicNetworkAccess to \"Disabled\" on the rule set as on the namespace."]],
    ["azure-sql-server-disable-public-network-access", "sqlServer", "publicNetworkAccess", "SecuredByPerimeter", ["The server accepts connections from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    ["azure-eventhub-namespace-disable-public-network-access", "eventHubNamespace", "publicNetworkAccess", "Enabled", ["The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    ["azure-eventhub-namespace-disable-public-network-access", "eventHubNamespace", "publicNetworkAccess", "disabled", []],
    ["azure-sql-server-disable-public-network-access", "sqlServer", "publicNetworkAccess", undefined, ["The server accepts connections from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    ["azure-sql-server-disable-public-network-access", "sqlServer", "publicNetworkAccess", "Enabled", ["The server accepts connections from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints."]],
    // A managed instance's public endpoint is its data endpoint (Azure Policy 9dfea752), off when left out.
    ["azure-sql-server-disable-public-network-access", "sqlManagedInstance", "publicDataEndpointEnabled", true, ["The managed instance's public data endpoint is on; set publicDataEndpointEnabled to false and connect from its virtual network or through private endpoints."]],
    ["azure-sql-server-disable-public-network-access", "sqlManagedInstance", "publicDataEndpointEnabled", "true", ["The managed instance's public data endpoint is on; set publicDataEndpointEnabled to false and connect from its virtual network or through private endpoints."]],
    ["azure-sql-server-disable-public-network-access", "sqlManagedInstance", "publicDataEndpointEnabled", undefined, []],
    ["azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServer", "network", undefined, ["The server accepts connections from public networks; set network.publicNetworkAccess to \"Disabled\" and connect through private endpoints, or set network.delegatedSubnetResourceId and network.privateDnsZoneArmResourceId when creating it."]],
    ["azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServer", "network.publicNetworkAccess", "Enabled", ["The server accepts connections from public networks; set network.publicNetworkAccess to \"Disabled\" and connect through private endpoints, or set network.delegatedSubnetResourceId and network.privateDnsZoneArmResourceId when creating it."]],
    ["azure-dbformysql-server-disable-public-network-access", "mysqlServer", "network.publicNetworkAccess", "Enabled", ["The server accepts connections from public networks; set network.publicNetworkAccess to \"Disabled\" and connect through private endpoints, or set network.delegatedSubnetResourceId when creating it."]],
    ["azure-cosmosdb-account-disable-public-network-access", "cosmosAccount", "publicNetworkAccess", undefined, ["The account accepts traffic from every network; set publicNetworkAccess to \"Disabled\", or name ipRules or set isVirtualNetworkFilterEnabled with virtualNetworkRules."]],
    // Key URL forms Azure requires: a disk encryption set and AKS's KMS a versioned one, Cosmos DB a versionless one.
    ["azure-compute-diskencryptionset-missing-key-version", "diskEncryptionSet", "activeKey.keyUrl", "https://kv-good.vault.azure.net/keys/cmk", ["The disk encryption set's activeKey.keyUrl names no key version; set it to the key's versioned URL (…/keys/cmk/<version>, a Key's keyUriWithVersion) and rotationToLatestKeyVersionEnabled to true to follow rotation."]],
    ["azure-compute-diskencryptionset-missing-key-version", "diskEncryptionSet", "activeKey.keyUrl", "https://hsm-good.managedhsm.azure.net/keys/cmk/", ["The disk encryption set's activeKey.keyUrl names no key version; set it to the key's versioned URL (…/keys/cmk/<version>, a Key's keyUriWithVersion) and rotationToLatestKeyVersionEnabled to true to follow rotation."]],
    ["azure-compute-diskencryptionset-missing-key-version", "diskEncryptionSet", "activeKey.keyUrl", UNKNOWN_STRING, []],
    ["azure-containerservice-managedcluster-missing-kms-key-version", "managedCluster", "securityProfile.azureKeyVaultKms.keyId", "https://kv-good.vault.azure.net/keys/cmk", ["KMS etcd encryption names its key without a version; set securityProfile.azureKeyVaultKms.keyId to the key's versioned id (…/keys/cmk/<version>, a Key's keyUriWithVersion), and move it to each new version after the key rotates."]],
    ["azure-containerservice-managedcluster-missing-kms-key-version", "managedCluster", "securityProfile.azureKeyVaultKms.keyId", UNKNOWN_STRING, []],
    ["azure-containerservice-managedcluster-missing-kms-key-version", "managedCluster", "securityProfile.azureKeyVaultKms", { enabled: false, keyId: "https://kv-good.vault.azure.net/keys/cmk" }, []],
    ["azure-containerservice-managedcluster-missing-kms-key-version", "managedCluster", "securityProfile.azureKeyVaultKms.enabled", UNKNOWN_STRING, []],
    ["azure-cosmosdb-account-enable-cmk-encryption", "cosmosAccount", "keyVaultKeyUri", "https://kv-good.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef", ["The account's keyVaultKeyUri pins version 0123456789abcdef0123456789abcdef, which Cosmos DB refuses; set keyVaultKeyUri to the versionless key URI (…/keys/cmk): the account follows the key's rotation on its own."]],
    ["azure-cosmosdb-account-enable-cmk-encryption", "cosmosAccount", "keyVaultKeyUri", UNKNOWN_STRING, []],
];

test.each(violations)("%s: %s with %s = %j reports its message", (...[name, kind, field, value, expected, config]: Case) => {
    expect(resourceMessages(name, view(TYPES[kind], withField(good[kind](), field, value)), config ?? {})).toEqual(expected);
});

test("a versionless KMS key id is AKS's KMS data encryption's form: no verdict with infrastructureEncryption Enabled or not known yet, the legacy KMS's refusal without", () => {
    const RULE = "azure-containerservice-managedcluster-missing-kms-key-version";
    const versionless = withField(good.managedCluster(), "securityProfile.azureKeyVaultKms.keyId", "https://kv-good.vault.azure.net/keys/cmk");
    const encryption = (infrastructureEncryption: unknown) => view(TYPES.managedCluster, withField(versionless, "securityProfile.kubernetesResourceObjectEncryptionProfile", { infrastructureEncryption }));
    // Microsoft's KMS data encryption guide passes the key id without its version and az aks show returns it so.
    expect(resourceMessages(RULE, encryption("Enabled"))).toEqual([]);
    expect(resourceMessages(RULE, encryption("enabled"))).toEqual([]);
    expect(resourceMessages(RULE, encryption(UNKNOWN_STRING))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.managedCluster, withField(versionless, "securityProfile.kubernetesResourceObjectEncryptionProfile", UNKNOWN_STRING)))).toEqual([]);
    const legacy = ["KMS etcd encryption names its key without a version; set securityProfile.azureKeyVaultKms.keyId to the key's versioned id (…/keys/cmk/<version>, a Key's keyUriWithVersion), and move it to each new version after the key rotates."];
    expect(resourceMessages(RULE, encryption("Disabled"))).toEqual(legacy);
    expect(resourceMessages(RULE, view(TYPES.managedCluster, versionless))).toEqual(legacy);
});

test("a vault whose firewall denies by default passes with IP rules inside the allowed ranges and fails outside them", () => {
    const open = withField(withField(good.vault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.ipRules", [{ value: "203.0.113.8/29" }, { value: "198.51.100.7" }]);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, open), { allowedIpRanges: ["203.0.113.0/24", "198.51.100.0/24"] })).toEqual([]);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, open), { allowedIpRanges: ["203.0.113.0/24"] })).toEqual([
        "The vault firewall opens 198.51.100.7, outside the allowed ranges [203.0.113.0/24]; remove those properties.networkAcls.ipRules or add the ranges to allowedIpRanges in the policy config.",
    ]);
});

test("by default a firewall that denies may name any range (CKV_AZURE_109, AVD-AZU-0013); sovereign names them; nothing wider than /8 passes", () => {
    const named = withField(withField(good.vault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.ipRules", [{ value: "1.2.3.4/32" }]);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, named))).toEqual([]);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, named), {}, "sovereign")).toEqual([
        "The vault firewall opens 1.2.3.4/32, outside the allowed ranges []; remove those properties.networkAcls.ipRules or add the ranges to allowedIpRanges in the policy config.",
    ]);
    const wide = withField(named, "properties.networkAcls.ipRules", [{ value: "0.0.0.0/1" }, { value: "10.0.0.0/8" }]);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, wide), { allowedIpRanges: ["0.0.0.0/0"] })).toEqual([
        "The vault firewall opens 0.0.0.0/1, wider than /8: in effect the internet; name the callers' own ranges in properties.networkAcls.ipRules.",
    ]);
});

test("a vault open to public networks with a firewall that allows by default is reported", () => {
    const open = withField(withField(good.vault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.defaultAction", "Allow");
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.vault, open))).toEqual([
        "The vault accepts traffic from every network; set properties.publicNetworkAccess to \"Disabled\", or properties.networkAcls.defaultAction to \"Deny\" with IP rules inside the allowed ranges (a vault an AKS cluster's KMS reaches with keyVaultNetworkAccess \"Public\" must stay open to every network: use \"Private\", or name the vault in allowedOpenVaults in that stack's policy config, policy-config/<stack>.json).",
    ]);
});

test("a vault open to every network passes only when allowedOpenVaults names it: by its Azure name, resource name or component", () => {
    const RULE = "azure-keyvault-vault-disable-public-network-access";
    const open = withField(withField(withField(good.vault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.defaultAction", "Allow"), "vaultName", "kv-aks-x1y2");
    const vault = view(TYPES.vault, open, { name: "kv-aks-vault", urn: "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyVault$azure-native:keyvault:Vault::kv-aks-vault", parent: "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyVault::kv-aks" });
    expect(resourceMessages(RULE, vault)).toHaveLength(1);
    for (const name of ["kv-aks", "KV-AKS-Vault", "kv-aks-x1y2", "azure-byok/dev:kv-aks"]) {
        expect(resourceMessages(RULE, vault, { allowedOpenVaults: [name] })).toEqual([]);
    }
    // Another vault's name, or this one in another stack, does not let it through.
    for (const name of ["kv-cmk", "azure-byok/prod:kv-aks", "kv-aks-x1"]) {
        expect(resourceMessages(RULE, vault, { allowedOpenVaults: [name] })).toHaveLength(1);
    }
    // The names exempt only the open firewall: a closed vault is judged on its IP rules as before.
    const ranged = withField(withField(open, "properties.networkAcls.defaultAction", "Deny"), "properties.networkAcls.ipRules", [{ value: "10.1.0.0/16" }]);
    expect(resourceMessages(RULE, { ...vault, props: ranged }, { allowedOpenVaults: ["kv-aks"] })).toHaveLength(1);
});

test("an Event Hubs namespace in a dedicated cluster is judged whatever its SKU name", () => {
    const dedicated = withField(withField(good.eventHubNamespace(), "sku", { name: "Standard" }), "clusterArmId", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/clusters/evhc");
    expect(resourceMessages("azure-eventhub-namespace-enable-cmk-encryption", view(TYPES.eventHubNamespace, dedicated))).toEqual([]);
    expect(resourceMessages("azure-eventhub-namespace-enable-cmk-encryption", view(TYPES.eventHubNamespace, withField(dedicated, "encryption", undefined)))).toEqual(["The dedicated namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."]);
});

test("a managed HSM open to public networks is reported as a vault is, naming the pool", () => {
    const open = withField(withField(good.managedHsm(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.defaultAction", "Allow");
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.managedHsm, open))).toEqual([
        "The managed HSM accepts traffic from every network; set properties.publicNetworkAccess to \"Disabled\", or properties.networkAcls.defaultAction to \"Deny\" with IP rules inside the allowed ranges.",
    ]);
    // The API's defaults (public access Enabled, no firewall) leave the pool open.
    const defaults = withField(withField(good.managedHsm(), "properties.publicNetworkAccess", undefined), "properties.networkAcls", undefined);
    expect(resourceMessages("azure-keyvault-vault-disable-public-network-access", view(TYPES.managedHsm, defaults))).toHaveLength(1);
});

test("a key exchange key that is not RSA-HSM is reported, and an RSA-HSM one passes", () => {
    const kek = (kty: string) => withField(withField(good.key(), "properties.keyOps", ["import"]), "properties.kty", kty);
    expect(resourceMessages("azure-keyvault-key-configure-key-operations", view(TYPES.key, kek("RSA")))).toEqual([
        "The key exchange key (import) is RSA; a KEK is an RSA-HSM key (Key Vault's BYOK specification), so set properties.kty to \"RSA-HSM\" in a premium vault.",
    ]);
    expect(resourceMessages("azure-keyvault-key-configure-key-operations", view(TYPES.key, kek("RSA-HSM")))).toEqual([]);
});

test("a key's expiry is its first version's attributes.expires: a rotation policy's expiryTime dates only rotated versions", () => {
    const message = "The key has no expiry; set properties.attributes.expires (epoch seconds) for its first version, and properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\") for the versions rotation creates.";
    const none = withField(withField(good.key(), "properties.rotationPolicy.attributes", undefined), "properties.attributes.expires", undefined);
    expect(resourceMessages("azure-keyvault-key-missing-expiry", view(TYPES.key, none))).toEqual([message]);
    // Checkov CKV_AZURE_40 / trivy AVD-AZU-0014 / Azure Policy read the key's own exp: expiryTime alone leaves the first version undated.
    const policyOnly = withField(good.key(), "properties.attributes.expires", undefined);
    expect(resourceMessages("azure-keyvault-key-missing-expiry", view(TYPES.key, policyOnly))).toEqual([message]);
    // A zero time is no date.
    expect(resourceMessages("azure-keyvault-key-missing-expiry", view(TYPES.key, withField(good.key(), "properties.attributes.expires", 0)))).toEqual([message]);
    expect(resourceMessages("azure-keyvault-secret-missing-expiry", view(TYPES.secret, withField(good.secret(), "properties.attributes.expires", 0)))).toHaveLength(1);
});

test("a SAS expiration policy is asked of an account that signs SAS with its access keys; with shared key access off there are none (CKV2_AZURE_41)", () => {
    const message = "The account sets no SAS expiration policy; set sasPolicy { sasExpirationPeriod: \"0.01:00:00\" (days.hours:minutes:seconds; CIS Azure asks for an hour at most), expirationAction: \"Block\" }.";
    const noPolicy = withField(good.storageAccount(), "sasPolicy", undefined);
    expect(resourceMessages("azure-storage-account-configure-sas-expiration-policy", view(TYPES.storageAccount, noPolicy))).toEqual([]);
    expect(resourceMessages("azure-storage-account-configure-sas-expiration-policy", view(TYPES.storageAccount, withField(noPolicy, "allowSharedKeyAccess", true)))).toEqual([message]);
    // Left out, shared key access is on (Azure's default).
    expect(resourceMessages("azure-storage-account-configure-sas-expiration-policy", view(TYPES.storageAccount, withField(noPolicy, "allowSharedKeyAccess", undefined)))).toEqual([message]);
});

test("queue and table keys are judged on an account on the customer's key only; a platform-key account is the key-source rule's", () => {
    const serviceKeys = withField(good.storageAccount(), "encryption.services", undefined);
    expect(resourceMessages("azure-storage-account-enable-cmk-for-queues-and-tables", view(TYPES.storageAccount, serviceKeys))).toHaveLength(1);
    expect(resourceMessages("azure-storage-account-enable-cmk-for-queues-and-tables", view(TYPES.storageAccount, withField(serviceKeys, "encryption.keySource", "Microsoft.Storage")))).toEqual([]);
    expect(resourceMessages("azure-storage-account-enable-cmk-for-queues-and-tables", view(TYPES.storageAccount, withField(serviceKeys, "encryption", undefined)))).toEqual([]);
});

test("a general-purpose v1 account's queues and tables are reported with the fix Azure takes: a StorageV2 account, as only v2 sets their key type", () => {
    const serviceKeys = withField(good.storageAccount(), "encryption.services", undefined);
    expect(resourceMessages("azure-storage-account-enable-cmk-for-queues-and-tables", view(TYPES.storageAccount, withField(serviceKeys, "kind", "Storage")))).toEqual([
        "The account's queue and table data use a Microsoft-managed key of their own, which a general-purpose v1 account (kind \"Storage\") cannot change; create the account as kind \"StorageV2\" with encryption.services.queue.keyType and encryption.services.table.keyType set to \"Account\".",
    ]);
});

test("a storage firewall's bypass is judged only where it denies by default (Checkov CKV_AZURE_36)", () => {
    const none = withField(good.storageAccount(), "networkRuleSet.bypass", "None");
    expect(resourceMessages("azure-storage-account-enable-trusted-services-bypass", view(TYPES.storageAccount, none))).toHaveLength(1);
    expect(resourceMessages("azure-storage-account-enable-trusted-services-bypass", view(TYPES.storageAccount, withField(none, "networkRuleSet.defaultAction", "Allow")))).toEqual([]);
    expect(resourceMessages("azure-storage-account-enable-trusted-services-bypass", view(TYPES.storageAccount, withField(none, "networkRuleSet.defaultAction", undefined)))).toEqual([]);
});

test("a disk with a disk encryption set and no type is on the customer's key; a platform-key type with a set is not", () => {
    const setOnly = withField(good.disk(), "encryption.type", undefined);
    expect(resourceMessages("azure-compute-disk-enable-cmk-encryption", view(TYPES.disk, setOnly))).toEqual([]);
    expect(resourceMessages("azure-compute-disk-enable-cmk-encryption", view(TYPES.disk, withField(setOnly, "encryption.type", "EncryptionAtRestWithPlatformKey")))).toHaveLength(1);
    expect(resourceMessages("azure-compute-disk-enable-cmk-encryption", view(TYPES.disk, withField(setOnly, "encryption.diskEncryptionSetId", undefined)))).toHaveLength(1);
});

test("a Machine Learning hub's project is left to its hub; a workspace of another kind is judged", () => {
    const plain = withField(good.mlWorkspace(), "encryption", undefined);
    expect(resourceMessages("azure-machinelearningservices-workspace-enable-cmk-encryption", view(TYPES.mlWorkspace, withField(plain, "kind", "Project")))).toEqual([]);
    expect(resourceMessages("azure-machinelearningservices-workspace-enable-cmk-encryption", view(TYPES.mlWorkspace, withField(plain, "kind", "Hub")))).toHaveLength(1);
    expect(resourceMessages("azure-machinelearningservices-workspace-enable-cmk-encryption", view(TYPES.mlWorkspace, withField(plain, "kind", "Default")))).toHaveLength(1);
});

test("exports off is judged with the public endpoint: Azure turns exports off only on a registry closed to public networks", () => {
    const closed = withField(good.registry(), "policies.exportPolicy.status", "disabled");
    expect(resourceMessages("azure-containerregistry-registry-disable-exports", view(TYPES.registry, withField(closed, "publicNetworkAccess", "Disabled")))).toEqual([]);
    expect(resourceMessages("azure-containerregistry-registry-disable-exports", view(TYPES.registry, withField(closed, "publicNetworkAccess", "Enabled")))).toEqual([
        "The registry turns exports off but keeps its public endpoint, which Azure does not allow; set publicNetworkAccess to \"Disabled\" as well.",
    ]);
    // Left out, a registry's endpoint is public.
    expect(resourceMessages("azure-containerregistry-registry-disable-exports", view(TYPES.registry, withField(closed, "publicNetworkAccess", undefined)))).toHaveLength(1);
});

test("a vault's purge protection needs its soft delete, and a vault being recovered is judged as it was, not as the request says (Azure Policy)", () => {
    const vault = (fields: Record<string, unknown>) => view(TYPES.vault, Object.entries(fields).reduce((p, [k, v]) => withField(p, k, v), good.vault()));
    expect(resourceMessages("azure-keyvault-vault-enable-purge-protection", vault({ "properties.enableSoftDelete": false, "properties.enablePurgeProtection": true }))).toEqual([
        "Purge protection is on but soft delete is off, and purge protection protects only what soft delete keeps; set properties.enableSoftDelete to true (or omit it).",
    ]);
    // createMode recover brings the deleted vault back with its own settings: Azure Policy's built-ins skip it.
    const recovering = { "properties.createMode": "recover", "properties.enableSoftDelete": false, "properties.enablePurgeProtection": undefined, "properties.publicNetworkAccess": undefined, "properties.networkAcls": undefined };
    for (const rule of ["azure-keyvault-vault-enable-purge-protection", "azure-keyvault-vault-enable-soft-delete", "azure-keyvault-vault-disable-public-network-access"]) {
        expect(resourceMessages(rule, vault(recovering))).toEqual([]);
        expect(resourceMessages(rule, vault({ ...recovering, "properties.createMode": "default" }))).toHaveLength(1);
    }
});

test("anonymous pull is judged on Standard and Premium registries, which have it, not on Basic (CKV_AZURE_138)", () => {
    const open = withField(good.registry(), "anonymousPullEnabled", true);
    expect(resourceMessages("azure-containerregistry-registry-disable-anonymous-pull", view(TYPES.registry, withField(open, "sku.name", "Basic")))).toEqual([]);
    expect(resourceMessages("azure-containerregistry-registry-disable-anonymous-pull", view(TYPES.registry, withField(open, "sku.name", "Standard")))).toHaveLength(1);
    // Without a SKU (which ARM requires) there is no tier to judge, as Checkov's fixture ckv_unittest_pass_5 has it.
    expect(resourceMessages("azure-containerregistry-registry-disable-anonymous-pull", view(TYPES.registry, withField(open, "sku", undefined)))).toEqual([]);
});

test("blob public access passes only when set to false: left out, older API versions and existing accounts allow it (CKV_AZURE_190, Azure Policy, PSRule)", () => {
    const RULE = "azure-storage-account-disable-blob-public-access";
    expect(resourceMessages(RULE, view(TYPES.storageAccount, withField(good.storageAccount(), "allowBlobPublicAccess", false)))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, withField(good.storageAccount(), "allowBlobPublicAccess", undefined)))).toEqual([
        "allowBlobPublicAccess is not set: older API versions and existing accounts default to allowing blob public access; set allowBlobPublicAccess to false.",
    ]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, withField(good.storageAccount(), "allowBlobPublicAccess", UNKNOWN_STRING)))).toEqual([]);
});

test("a key whose fixed expiry lies more than the allowed days after its creation is too long-lived, whatever its notBefore (Azure Policy counts from createdOn)", () => {
    jest.useFakeTimers({ now: new Date("2026-06-01T00:00:00Z") });
    try {
        const created = Date.parse("2026-06-01T00:00:00Z") / 1000;
        const key = (attributes: Record<string, unknown>) => view(TYPES.key, withField(good.key(), "properties.attributes", { enabled: true, ...attributes }));
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({ expires: created + 800 * 86400 }))).toEqual([
            "The key expires 800 days after it is created, over 730; set properties.attributes.expires at most 730 days after creation.",
        ]);
        // A notBefore long past does not make a 300-day key long-lived, nor a later one shorten an 800-day key.
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({ notBefore: created - 3 * 365 * 86400, expires: created + 300 * 86400 }))).toEqual([]);
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({ notBefore: created + 100 * 86400, expires: created + 800 * 86400 }))).toHaveLength(1);
        // No expiry is unlimited validity (Keys_ValidityPeriod: expiresOn must exist), even when rotation dates the later versions.
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({}))).toEqual([
            "The key's first version has no expiry, so it is valid without limit, over 730 days; set properties.attributes.expires at most 730 days after creation.",
        ]);
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({ expires: 0 }))).toHaveLength(1);
        expect(resourceMessages("azure-keyvault-key-configure-max-validity", key({ expires: UNKNOWN_STRING }))).toEqual([]);
    } finally {
        jest.useRealTimers();
    }
});

test("a key or secret that expires within the configured days, or has expired, is reported; a rotating key only when its first rotation comes later than those days before expiry", () => {
    jest.useFakeTimers({ now: new Date("2026-06-01T00:00:00Z") });
    try {
        const at = (iso: string) => Date.parse(iso) / 1000;
        // A key Key Vault does not rotate: its one version is the one attributes.expires dates.
        const key = (expires: unknown) => view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", expires), "properties.rotationPolicy", undefined));
        const KEY = "azure-keyvault-key-configure-min-days-before-expiry";
        expect(resourceMessages(KEY, key(at("2026-06-21T00:00:00Z")))).toEqual([
            "The key expires on 2026-06-21, 20 days from now, fewer than the 30 days required; set properties.attributes.expires later, or rotate the key (rotationPolicy) well before it expires.",
        ]);
        expect(resourceMessages(KEY, key(at("2026-07-01T00:00:00Z")))).toEqual([]);
        expect(resourceMessages(KEY, key(at("2026-06-21T00:00:00Z")), { minDaysBeforeExpiry: 14 })).toEqual([]);
        expect(resourceMessages(KEY, key(at("2026-05-01T00:00:00Z")))).toEqual([
            "The key expired on 2026-05-01, fewer than the 30 days required; set properties.attributes.expires later, or rotate the key (rotationPolicy) well before it expires.",
        ]);
        // No fixed expiry is the missing-expiry rule's to report; an unknown one is judged after deploy.
        expect(resourceMessages(KEY, key(undefined))).toEqual([]);
        expect(resourceMessages(KEY, key(UNKNOWN_STRING))).toEqual([]);
        // Key Vault rotating it: attributes.expires dates only the first version, which rotation replaces; that counts only when
        // the first rotation comes at least the minimum days before that expiry (Azure Policy reads the current version).
        const rotating = (expires: number, trigger: Record<string, string>) => view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", expires), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger }]));
        // A rotation after creation cannot be dated from inputs: EncryptionKey keeps its first expires (ignoreChanges), and the
        // engine sends that kept value a year on, when the default P90D rotation has long replaced it; under sovereign either.
        expect(resourceMessages(KEY, rotating(at("2026-06-11T00:00:00Z"), { timeAfterCreate: "P30D" }), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(KEY, rotating(at("2026-05-01T00:00:00Z"), { timeAfterCreate: "P90D" }), {}, "sovereign")).toEqual([]);
        // Nor is a passed first expiry on a key rotated before expiry: the version it dates has been replaced.
        expect(resourceMessages(KEY, rotating(at("2026-05-01T00:00:00Z"), { timeBeforeExpiry: "P10D" }), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(KEY, rotating(at("2026-06-21T00:00:00Z"), { timeBeforeExpiry: "P30D" }), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(KEY, rotating(at("2026-06-21T00:00:00Z"), { timeBeforeExpiry: "P10D" }), {}, "sovereign")).toEqual([
            "The key expires on 2026-06-21, 20 days from now, fewer than the 30 days required, and its rotation policy first replaces it on 2026-06-11, later than that; set properties.attributes.expires later, or trigger the rotate action at least 30 days before it expires.",
        ]);
        // A rotation within the days asked for passes: 14 days is what is asked, and the first version goes 20 days ahead of its expiry.
        expect(resourceMessages(KEY, rotating(at("2026-06-21T00:00:00Z"), { timeBeforeExpiry: "P20D" }), { minDaysBeforeExpiry: 14 })).toEqual([]);
        // A policy that only notifies, or whose rotation is not known yet, leaves the version as it is.
        const notifyOnly = withField(withField(good.key(), "properties.attributes.expires", at("2026-06-21T00:00:00Z")), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }]);
        expect(resourceMessages(KEY, view(TYPES.key, notifyOnly))).toHaveLength(1);
        expect(resourceMessages(KEY, view(TYPES.key, withField(good.key(), "properties.rotationPolicy", UNKNOWN_STRING)))).toEqual([]);
        const secret = view(TYPES.secret, withField(good.secret(), "properties.attributes.expires", at("2026-06-06T12:00:00Z")));
        expect(resourceMessages("azure-keyvault-secret-configure-min-days-before-expiry", secret)).toEqual([
            "The secret expires on 2026-06-06, 5 days from now, fewer than the 30 days required; set properties.attributes.expires later and replace the secret before then.",
        ]);
        expect(resourceMessages("azure-keyvault-secret-configure-min-days-before-expiry", secret, {}, "sovereign")).toHaveLength(1);
    } finally {
        jest.useRealTimers();
    }
});

test("a secret valid for longer than the configured days is reported, counted from its creation as Azure Policy counts it", () => {
    jest.useFakeTimers({ now: new Date("2026-06-01T00:00:00Z") });
    try {
        const at = (iso: string) => Date.parse(iso) / 1000;
        const RULE = "azure-keyvault-secret-configure-max-validity";
        const secret = (attributes: Record<string, unknown>) => view(TYPES.secret, withField(good.secret(), "properties.attributes", { enabled: true, ...attributes }));
        expect(resourceMessages(RULE, secret({ expires: at("2028-06-01T00:00:00Z") }))).toEqual([
            "The secret expires 731 days after it is created, over 365; set properties.attributes.expires at most 365 days after creation and replace the secret before then.",
        ]);
        expect(resourceMessages(RULE, secret({ expires: at("2028-06-01T00:00:00Z") }), { maxValidityDays: 800 })).toEqual([]);
        expect(resourceMessages(RULE, secret({ expires: at("2027-06-01T00:00:00Z") }))).toEqual([]);
        // notBefore changes nothing: the span counts from creation (Secrets_ValidityPeriod: expiresOn > createdOn + days).
        expect(resourceMessages(RULE, secret({ notBefore: at("2027-01-01T00:00:00Z"), expires: at("2027-12-01T00:00:00Z") })).map((m) => m.slice(0, 40))).toEqual(["The secret expires 548 days after it is "]);
        expect(resourceMessages(RULE, secret({ notBefore: at("2024-06-01T00:00:00Z"), expires: at("2027-01-01T00:00:00Z") }))).toEqual([]);
        // No expiry is unlimited validity, as Azure Policy's rule finds it (expiresOn must exist); unknown values are judged after deploy.
        expect(resourceMessages(RULE, secret({}))).toEqual([
            "The secret has no expiry, so it is valid without limit, over 365 days; set properties.attributes.expires at most 365 days after creation and replace the secret before then.",
        ]);
        expect(resourceMessages(RULE, secret({ expires: 0 }))).toHaveLength(1);
        expect(resourceMessages(RULE, secret({ expires: UNKNOWN_STRING }))).toEqual([]);
        expect(resourceMessages(RULE, secret({ expires: at("2028-06-01T00:00:00Z") }), {}, "mcsb")).toHaveLength(1);
    } finally {
        jest.useRealTimers();
    }
});

test("the profiles set the rotation, RSA size, key type and double-encryption defaults", () => {
    const key = view(TYPES.key, withField(good.key(), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }]));
    expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", key, {}, "baseline")).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", key, {}, "mcsb")).toEqual(["The key rotates later than 30 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P30D\"."]);
    const rsa2048 = view(TYPES.key, withField(good.key(), "properties.keySize", 2048));
    expect(resourceMessages("azure-keyvault-key-configure-min-rsa-size", rsa2048, {}, "baseline")).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-min-rsa-size", rsa2048, {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."]);
    const software = view(TYPES.key, withField(good.key(), "properties.kty", "RSA"));
    // A software key is reported in every profile (advisory but in sovereign) unless the config allows it; its type
    // is one Azure Policy's "RSA or EC" list allows by default, so only the HSM rule reports it.
    for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
        expect(resourceMessages("azure-keyvault-key-enforce-hsm-backed", software, {}, profile)).toHaveLength(1);
        expect(resourceMessages("azure-keyvault-key-configure-allowed-key-types", software, {}, profile)).toEqual([]);
    }
    expect(resourceMessages("azure-keyvault-key-enforce-hsm-backed", software, { allowSoftwareKeys: true })).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-enforce-hsm-backed", view(TYPES.key, withField(good.key(), "properties.kty", "ec-hsm")))).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-allowed-key-types", software, { allowedKeyTypes: ["RSA-HSM"] })).toEqual(["The key type is RSA, not one of RSA-HSM; set properties.kty to one of them."]);
    // P-256K is in Azure Policy's default list, which baseline and mcsb take; sovereign leaves it out.
    const ec = view(TYPES.key, withField(withField(withField(good.key(), "properties.kty", "EC-HSM"), "properties.keySize", undefined), "properties.curveName", "P-256K"));
    expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", ec)).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", ec, {}, "mcsb")).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", ec, {}, "sovereign")).toEqual(["The EC key uses curve P-256K, not one of P-256, P-384, P-521; set properties.curveName to one of them."]);
    // A curve or a KEK's type written in another case is read as Azure reads it.
    expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", view(TYPES.key, withField(ec.props, "properties.curveName", "p-384")))).toEqual([]);
    const kek = withField(withField(good.key(), "properties.keyOps", ["import"]), "properties.kty", "rsa-hsm");
    expect(resourceMessages("azure-keyvault-key-configure-key-operations", view(TYPES.key, kek)).filter((m) => m.includes("key exchange key (import) is"))).toEqual([]);
    const single = view(TYPES.diskEncryptionSet, withField(good.diskEncryptionSet(), "encryptionType", "EncryptionAtRestWithCustomerKey"));
    expect(resourceMessages("azure-compute-diskencryptionset-configure-cmk-encryption-type", single, {}, "baseline")).toEqual([]);
    // ARM takes enum values in any case.
    const lowerCase = view(TYPES.diskEncryptionSet, withField(good.diskEncryptionSet(), "encryptionType", "encryptionAtRestWithPlatformAndCustomerKeys"));
    expect(resourceMessages("azure-compute-diskencryptionset-configure-cmk-encryption-type", lowerCase, {}, "sovereign")).toEqual([]);
    expect(resourceMessages("azure-compute-diskencryptionset-configure-cmk-encryption-type", single, {}, "sovereign")).toEqual([
        "The disk encryption set's type is EncryptionAtRestWithCustomerKey, without the platform layer; set encryptionType to \"EncryptionAtRestWithPlatformAndCustomerKeys\".",
    ]);
});

/** [rule, resource, field, value that leaves double encryption off, sovereign's message] */
const doubleOff: [string, Kind, string, unknown, string][] = [
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "encryption.requireInfrastructureEncryption", undefined, "The Premium namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it."],
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "encryption.requireInfrastructureEncryption", false, "The Premium namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it."],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.requireInfrastructureEncryption", undefined, "The Premium namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it."],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.requireInfrastructureEncryption", false, "The Premium namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it."],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "enableDoubleEncryption", undefined, "The cluster is not double-encrypted; set enableDoubleEncryption to true when creating it."],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "enableDoubleEncryption", false, "The cluster is not double-encrypted; set enableDoubleEncryption to true when creating it."],
    ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster", "isDoubleEncryptionEnabled", false, "The cluster is not double-encrypted; set isDoubleEncryptionEnabled to true (or leave it out) when creating it."],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption.infrastructureEncryption", undefined, "The vault's backup data is not double-encrypted; set properties.encryption.infrastructureEncryption to \"Enabled\" with the customer's key."],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption.infrastructureEncryption", "Disabled", "The vault's backup data is not double-encrypted; set properties.encryption.infrastructureEncryption to \"Enabled\" with the customer's key."],
];

test.each(doubleOff)("%s: a %s with %s = %j is reported under sovereign or with requireDoubleEncryption, not under baseline or mcsb", (name, kind, field, value, message) => {
    const off = view(TYPES[kind], withField(good[kind](), field, value));
    expect(resourceMessages(name, off, {}, "sovereign")).toEqual([message]);
    expect(resourceMessages(name, off, {}, "baseline")).toEqual([]);
    expect(resourceMessages(name, off, {}, "mcsb")).toEqual([]);
    expect(resourceMessages(name, off, { requireDoubleEncryption: true }, "baseline")).toEqual([message]);
    expect(resourceMessages(name, off, { requireDoubleEncryption: false }, "sovereign")).toEqual([]);
});

test("double encryption is judged where the resource takes it and as Azure defaults it", () => {
    // Double-encrypted resources pass under sovereign and baseline alike.
    for (const [name, kind] of [
        ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace"],
        ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace"],
        ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster"],
        ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster"],
        ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault"],
    ] as const) {
        expect(resourceMessages(name, view(TYPES[kind], good[kind]()), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(name, view(TYPES[kind], good[kind]()), {}, "baseline")).toEqual([]);
    }
    // A Log Analytics cluster left without isDoubleEncryptionEnabled is double-encrypted (the API's default is true).
    const laDefault = view(TYPES.logAnalyticsCluster, withField(good.logAnalyticsCluster(), "isDoubleEncryptionEnabled", undefined));
    expect(resourceMessages("azure-operationalinsights-cluster-enable-cmk-encryption", laDefault, {}, "sovereign")).toEqual([]);
    const laOn = view(TYPES.logAnalyticsCluster, withField(good.logAnalyticsCluster(), "isDoubleEncryptionEnabled", true));
    expect(resourceMessages("azure-operationalinsights-cluster-enable-cmk-encryption", laOn, {}, "sovereign")).toEqual([]);
    // ARM takes enum values in any case.
    const rsvLower = view(TYPES.recoveryServicesVault, withField(good.recoveryServicesVault(), "properties.encryption.infrastructureEncryption", "enabled"));
    expect(resourceMessages("azure-recoveryservices-vault-enable-cmk-encryption", rsvLower, {}, "sovereign")).toEqual([]);
    // Only Premium takes a key or the infrastructure layer: a Standard namespace is not judged.
    const sbStandard = view(TYPES.serviceBusNamespace, withField(withField(good.serviceBusNamespace(), "sku", { name: "Standard", tier: "Standard" }), "encryption", undefined));
    expect(resourceMessages("azure-servicebus-namespace-enable-cmk-encryption", sbStandard, {}, "sovereign")).toEqual([]);
    const ehStandard = view(TYPES.eventHubNamespace, withField(withField(good.eventHubNamespace(), "sku", { name: "Standard", tier: "Standard" }), "encryption", undefined));
    expect(resourceMessages("azure-eventhub-namespace-enable-cmk-encryption", ehStandard, {}, "sovereign")).toEqual([]);
    // A namespace in a dedicated cluster is judged whatever its SKU name (Azure Policy judges those alone).
    const ehDedicated = view(TYPES.eventHubNamespace, withField(withField(good.eventHubNamespace(), "sku", { name: "Standard", tier: "Standard" }), "clusterArmId", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/clusters/c"));
    expect(resourceMessages("azure-eventhub-namespace-enable-cmk-encryption", ehDedicated, {}, "sovereign")).toEqual([]);
    expect(resourceMessages("azure-eventhub-namespace-enable-cmk-encryption", view(TYPES.eventHubNamespace, withField(ehDedicated.props, "encryption.requireInfrastructureEncryption", undefined)), {}, "sovereign")).toEqual([
        "The dedicated namespace is not double-encrypted; set encryption.requireInfrastructureEncryption to true when creating it.",
    ]);
    // Without a key and without the layer, both are reported: each is its own fix.
    const rsvNone = view(TYPES.recoveryServicesVault, withField(good.recoveryServicesVault(), "properties.encryption", undefined));
    expect(resourceMessages("azure-recoveryservices-vault-enable-cmk-encryption", rsvNone, {}, "sovereign")).toEqual([
        "The vault encrypts backup data with Microsoft-managed keys; set properties.encryption { keyVaultProperties: { keyUri }, kekIdentity: { userAssignedIdentity } }.",
        "The vault's backup data is not double-encrypted; set properties.encryption.infrastructureEncryption to \"Enabled\" with the customer's key.",
    ]);
});

test("a TDE resource of the 2014-04-01 API, which names the setting status, is judged by its status", () => {
    const RULE = "azure-sql-database-enable-transparent-data-encryption";
    const tde2014 = (status: unknown) => view(TYPES.sqlTransparentDataEncryption, { ...withField(good.sqlTransparentDataEncryption(), "state", undefined), status });
    expect(resourceMessages(RULE, tde2014("Enabled"))).toEqual([]);
    expect(resourceMessages(RULE, tde2014("Disabled"))).toEqual(["Transparent data encryption is \"Disabled\" on the database; set status to \"Enabled\", or remove the TransparentDataEncryption resource (a new database has it on)."]);
    expect(resourceMessages(RULE, tde2014(UNKNOWN_STRING))).toEqual([]);
    // Neither given: a later API's state, not set.
    expect(resourceMessages(RULE, tde2014(undefined))).toEqual(["Transparent data encryption is not set on the database; set state to \"Enabled\", or remove the TransparentDataEncryption resource (a new database has it on)."]);
});

test("a vault and a key that are not protected are reported from the resource options", () => {
    expect(resourceMessages("azure-keyvault-vault-enable-protect", view(TYPES.vault, good.vault(), { protect: false }))).toEqual(["The vault is not protected; set the resource option protect: true so Pulumi refuses to delete it."]);
    expect(resourceMessages("azure-keyvault-vault-enable-protect", view(TYPES.managedHsm, good.managedHsm(), { protect: false }))).toEqual(["The managed HSM is not protected; set the resource option protect: true so Pulumi refuses to delete it."]);
    expect(resourceMessages("azure-keyvault-vault-enable-protect", view(TYPES.managedHsm, good.managedHsm(), { protect: true }))).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-enable-protect", view(TYPES.key, good.key(), { protect: false }))).toEqual(["The key is not protected; set the resource option protect: true so Pulumi refuses to delete it."]);
});

/** Values a preview does not know yet: never a violation. */
const unknowns: [string, Kind, string][] = [
    ["azure-sql-database-enable-transparent-data-encryption", "sqlTransparentDataEncryption", "databaseName"],
    ["azure-keyvault-vault-enable-soft-delete", "vault", "properties.enableSoftDelete"],
    ["azure-keyvault-vault-enable-purge-protection", "vault", "properties.enablePurgeProtection"],
    ["azure-keyvault-vault-enable-purge-protection", "vault", "properties"],
    ["azure-keyvault-vault-configure-soft-delete-retention", "vault", "properties.softDeleteRetentionInDays"],
    ["azure-keyvault-vault-enable-rbac-authorization", "vault", "properties.enableRbacAuthorization"],
    ["azure-keyvault-vault-disable-public-network-access", "vault", "properties.publicNetworkAccess"],
    ["azure-keyvault-secret-missing-expiry", "secret", "properties.attributes.expires"],
    ["azure-keyvault-secret-missing-content-type", "secret", "properties.contentType"],
    ["azure-keyvault-vault-enable-purge-protection", "managedHsm", "properties.enablePurgeProtection"],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy.keyExpirationPeriodInDays"],
    ["azure-storage-account-configure-key-expiration-policy", "storageAccount", "keyPolicy"],
    ["azure-storage-account-configure-sas-expiration-policy", "storageAccount", "sasPolicy.sasExpirationPeriod"],
    ["azure-storage-account-enable-cmk-for-queues-and-tables", "storageAccount", "encryption.services.queue.keyType"],
    ["azure-storage-account-enable-cmk-for-queues-and-tables", "storageAccount", "kind"],
    ["azure-keyvault-key-missing-expiry", "key", "properties.attributes.expires"],
    ["azure-keyvault-key-configure-rotation-policy", "key", "properties.rotationPolicy.lifetimeActions"],
    ["azure-keyvault-key-configure-min-rsa-size", "key", "properties.keySize"],
    ["azure-keyvault-key-configure-allowed-key-types", "key", "properties.kty"],
    ["azure-keyvault-key-enforce-hsm-backed", "key", "properties.kty"],
    ["azure-keyvault-key-configure-allowed-curves", "key", "properties.curveName"],
    ["azure-keyvault-key-configure-key-operations", "key", "properties.keyOps"],
    ["azure-containerregistry-registry-enable-cmk-encryption", "registry", "encryption.keyVaultProperties.keyIdentifier"],
    ["azure-containerregistry-registry-configure-premium-sku", "registry", "sku.name"],
    ["azure-containerregistry-registry-disable-admin-user", "registry", "adminUserEnabled"],
    ["azure-containerregistry-registry-disable-anonymous-pull", "registry", "anonymousPullEnabled"],
    ["azure-containerregistry-registry-disable-arm-audience-tokens", "registry", "policies.azureADAuthenticationAsArmPolicy.status"],
    ["azure-containerregistry-registry-disable-public-network-access", "registry", "publicNetworkAccess"],
    ["azure-containerregistry-registry-disable-exports", "registry", "policies.exportPolicy.status"],
    ["azure-containerregistry-registry-disallow-versioned-key", "registry", "encryption.keyVaultProperties.keyIdentifier"],
    ["azure-storage-account-configure-cmk-key-source", "storageAccount", "encryption.keySource"],
    ["azure-storage-account-enable-infrastructure-encryption", "storageAccount", "encryption.requireInfrastructureEncryption"],
    ["azure-storage-account-disable-shared-key-access", "storageAccount", "allowSharedKeyAccess"],
    ["azure-storage-account-disable-public-network-access", "storageAccount", "publicNetworkAccess"],
    ["azure-storage-account-enforce-https-tls12", "storageAccount", "minimumTlsVersion"],
    ["azure-storage-account-disable-blob-public-access", "storageAccount", "allowBlobPublicAccess"],
    ["azure-storage-container-disable-public-access", "blobContainer", "publicAccess"],
    ["azure-storage-account-enable-trusted-services-bypass", "storageAccount", "networkRuleSet.bypass"],
    ["azure-storage-account-disallow-versioned-key", "storageAccount", "encryption.keyVaultProperties.keyVersion"],
    // A version not known yet is no pin to report.
    ["azure-eventhub-namespace-disallow-versioned-key", "eventHubNamespace", "encryption.keyVaultProperties.0.keyVersion"],
    ["azure-servicebus-namespace-disallow-versioned-key", "serviceBusNamespace", "encryption.keyVaultProperties.0.keyVersion"],
    ["azure-compute-diskencryptionset-configure-cmk-encryption-type", "diskEncryptionSet", "encryptionType"],
    ["azure-compute-diskencryptionset-enable-key-rotation", "diskEncryptionSet", "rotationToLatestKeyVersionEnabled"],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption.diskEncryptionSetId"],
    ["azure-compute-disk-enable-cmk-encryption", "disk", "encryption"],
    ["azure-containerservice-managedcluster-enable-cmk-disk-encryption", "managedCluster", "diskEncryptionSetID"],
    ["azure-cosmosdb-account-enable-cmk-encryption", "cosmosAccount", "keyVaultKeyUri"],
    ["azure-cognitiveservices-account-enable-cmk-encryption", "cognitiveAccount", "properties.encryption"],
    ["azure-cognitiveservices-account-enable-cmk-encryption", "cognitiveAccount", "properties.encryption.keySource"],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption"],
    ["azure-machinelearningservices-workspace-enable-cmk-encryption", "mlWorkspace", "encryption.status"],
    ["azure-synapse-workspace-enable-cmk-encryption", "synapseWorkspace", "encryption.cmk"],
    ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster", "keyVaultProperties.keyVaultUri"],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "keyVaultProperties"],
    ["azure-appconfiguration-configurationstore-enable-cmk-encryption", "appConfigurationStore", "encryption.keyVaultProperties.keyIdentifier"],
    ["azure-batch-account-enable-cmk-encryption", "batchAccount", "encryption.keySource"],
    ["azure-containerservice-managedcluster-enable-kms-etcd-encryption", "managedCluster", "securityProfile.azureKeyVaultKms.enabled"],
    ["azure-containerservice-managedcluster-configure-kms-user-assigned-identity", "managedCluster", "identity.type"],
    ["azure-containerservice-managedcluster-enable-encryption-at-host", "managedCluster", "agentPoolProfiles"],
    ["azure-compute-virtualmachine-enable-encryption-at-host", "virtualMachineScaleSet", "virtualMachineProfile.securityProfile.encryptionAtHost"],
    ["azure-containerservice-managedcluster-enable-encryption-at-host", "agentPool", "enableEncryptionAtHost"],
    ["azure-databricks-workspace-enable-cmk-disk-encryption", "databricksWorkspace", "encryption.entities.managedDisk.keySource"],
    ["azure-databricks-workspace-enable-cmk-dbfs-encryption", "databricksWorkspace", "parameters.encryption.value.keySource"],
    ["azure-datafactory-factory-enable-cmk-encryption", "dataFactory", "encryption.vaultBaseUrl"],
    ["azure-dbforpostgresql-server-enable-cmk-encryption", "postgresqlServer", "dataEncryption.type"],
    ["azure-dbformysql-server-enable-cmk-encryption", "mysqlServer", "dataEncryption.primaryKeyURI"],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.keyVaultProperties"],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "sku.name"],
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "clusterArmId"],
    ["azure-eventhub-namespace-enable-cmk-encryption", "eventHubNamespace", "encryption.requireInfrastructureEncryption"],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption.requireInfrastructureEncryption"],
    ["azure-servicebus-namespace-enable-cmk-encryption", "serviceBusNamespace", "encryption"],
    ["azure-kusto-cluster-enable-cmk-encryption", "kustoCluster", "enableDoubleEncryption"],
    ["azure-kusto-cluster-enable-disk-encryption", "kustoCluster", "enableDiskEncryption"],
    ["azure-operationalinsights-cluster-enable-cmk-encryption", "logAnalyticsCluster", "isDoubleEncryptionEnabled"],
    ["azure-recoveryservices-vault-enable-cmk-encryption", "recoveryServicesVault", "properties.encryption.infrastructureEncryption"],
    ["azure-sql-database-enable-transparent-data-encryption", "sqlTransparentDataEncryption", "state"],
    ["azure-sql-encryptionprotector-enable-cmk", "sqlEncryptionProtector", "serverKeyType"],
    ["azure-synapse-sqlpool-enable-transparent-data-encryption", "synapseSqlPoolTransparentDataEncryption", "status"],
    ["azure-sql-managedinstance-enable-cmk-encryption", "sqlManagedInstance", "keyId"],
    ["azure-sql-encryptionprotector-enable-key-rotation", "sqlEncryptionProtector", "autoRotationEnabled"],
    ["azure-entra-application-missing-credential-end-date", "applicationPassword", "endDate"],
    ["azure-entra-application-configure-credential-lifetime", "applicationCertificate", "endDate"],
    ["azure-entra-application-configure-single-tenant", "application", "signInAudience"],
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespace", "publicNetworkAccess"],
    ["azure-eventhub-namespace-disable-public-network-access", "eventHubNamespace", "publicNetworkAccess"],
    ["azure-servicebus-namespace-disable-public-network-access", "serviceBusNetworkRuleSet", "publicNetworkAccess"],
    ["azure-sql-server-disable-public-network-access", "sqlServer", "publicNetworkAccess"],
    ["azure-sql-server-disable-public-network-access", "sqlManagedInstance", "publicDataEndpointEnabled"],
    ["azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServer", "network.publicNetworkAccess"],
    ["azure-dbformysql-server-disable-public-network-access", "mysqlServer", "network"],
    ["azure-cosmosdb-account-disable-public-network-access", "cosmosAccount", "publicNetworkAccess"],
];

test.each(unknowns)("%s: an unknown %s.%s during preview is not a violation", (name, kind, field) => {
    expect(resourceMessages(name, view(TYPES[kind], withField(good[kind](), field, UNKNOWN_STRING)), {}, "sovereign")).toEqual([]);
});

test("a PostgreSQL server's two data-encryption identities are compared only once both are known", () => {
    const RULE = "azure-dbforpostgresql-server-configure-geo-backup-identity";
    const shared = withField(good.postgresqlServer(), "dataEncryption.geoBackupUserAssignedIdentityId", IDENTITY_ID);
    expect(resourceMessages(RULE, view(TYPES.postgresqlServer, shared))).toHaveLength(1);
    expect(resourceMessages(RULE, view(TYPES.postgresqlServer, withField(shared, "dataEncryption.primaryUserAssignedIdentityId", UNKNOWN_STRING)))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.postgresqlServer, withField(shared, "dataEncryption.geoBackupUserAssignedIdentityId", UNKNOWN_STRING)))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.postgresqlServer, withField(shared, "dataEncryption", UNKNOWN_STRING)))).toEqual([]);
});

test("queues and tables are judged only where an account has them: not a premium block blob, premium page blob or file account", () => {
    const RULE = "azure-storage-account-enable-cmk-for-queues-and-tables";
    const blobOnly = withField(good.storageAccount(), "encryption.services", { blob: { enabled: true, keyType: "Account" } });
    expect(resourceMessages(RULE, view(TYPES.storageAccount, blobOnly))).toEqual([expect.stringContaining("queue and table data use a Microsoft-managed key")]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, { ...withField(blobOnly, "kind", "BlockBlobStorage"), sku: { name: "Premium_LRS" } }))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, { ...withField(blobOnly, "kind", "FileStorage"), sku: { name: "Premium_ZRS" } }))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, withField(blobOnly, "sku.name", "Premium_LRS")))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.storageAccount, withField(blobOnly, "kind", UNKNOWN_STRING)))).toEqual([]);
});

test("a Cosmos DB account open to public networks passes behind a firewall of named ranges or subnets, not one that admits Azure's datacenters or the internet", () => {
    const RULE = "azure-cosmosdb-account-disable-public-network-access";
    const open = withField(good.cosmosAccount(), "publicNetworkAccess", "Enabled");
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, open))).toEqual([expect.stringContaining("accepts traffic from every network")]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(open, "ipRules", [{ ipAddressOrRange: "203.0.113.0/24" }])))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(open, "isVirtualNetworkFilterEnabled", true)))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(open, "isVirtualNetworkFilterEnabled", false)))).toEqual([expect.stringContaining("accepts traffic from every network")]);
    const datacenters = withField(open, "ipRules", [{ ipAddressOrRange: "203.0.113.0/24" }, { ipAddressOrRange: "0.0.0.0" }, { ipAddressOrRange: "0.0.0.0/0" }]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, datacenters))).toEqual([
        "The account's firewall opens 0.0.0.0 (every Azure datacenter, any tenant's), 0.0.0.0/0 (wider than /8: in effect the internet); name the callers' own ranges in ipRules, or set publicNetworkAccess to \"Disabled\".",
    ]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(open, "ipRules", [{ ipAddressOrRange: UNKNOWN_STRING }])))).toEqual([]);
    // A perimeter denies by default (Azure Policy, Prowler); 0.0.0.0 is reported even while public access is off, as Azure Policy reports it.
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(good.cosmosAccount(), "publicNetworkAccess", "SecuredByPerimeter")))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.cosmosAccount, withField(good.cosmosAccount(), "ipRules", [{ ipAddressOrRange: "0.0.0.0" }])))).toEqual([
        "The account's ipRules list 0.0.0.0, which admits every Azure datacenter, any tenant's, whenever public access is on; remove it from ipRules.",
    ]);
});

test("a flexible server in a delegated subnet has no public endpoint, whatever network.publicNetworkAccess says; PostgreSQL's needs its private DNS zone beside it", () => {
    const subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/db";
    const zone = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/db.private.postgres.database.azure.com";
    // MySQL's built-in (c9299215) passes a delegated subnet alone; PostgreSQL's (5e1de0e3) asks for privateDnsZoneArmResourceId too.
    for (const [rule, kind, network] of [
        ["azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServer", { delegatedSubnetResourceId: subnet, privateDnsZoneArmResourceId: zone }],
        ["azure-dbformysql-server-disable-public-network-access", "mysqlServer", { delegatedSubnetResourceId: subnet }],
    ] as const) {
        expect(resourceMessages(rule, view(TYPES[kind], withField(good[kind](), "network", network)))).toEqual([]);
        expect(resourceMessages(rule, view(TYPES[kind], withField(good[kind](), "network", { ...network, publicNetworkAccess: "Enabled" })))).toEqual([]);
        expect(resourceMessages(rule, view(TYPES[kind], withField(good[kind](), "network", { delegatedSubnetResourceId: "" })))).toEqual([expect.stringContaining("accepts connections from public networks")]);
    }
    const PG = "azure-dbforpostgresql-server-disable-public-network-access";
    const pg = (network: Record<string, unknown>) => view(TYPES.postgresqlServer, withField(good.postgresqlServer(), "network", network));
    const noZone = ["The server has a delegated subnet but no private DNS zone, which Azure Policy does not count as closed; set network.privateDnsZoneArmResourceId beside network.delegatedSubnetResourceId when creating it."];
    expect(resourceMessages(PG, pg({ delegatedSubnetResourceId: subnet }))).toEqual(noZone);
    expect(resourceMessages(PG, pg({ delegatedSubnetResourceId: subnet, privateDnsZoneArmResourceId: "", publicNetworkAccess: "Disabled" }))).toEqual(noZone);
    // A zone not known until deploy is judged then.
    expect(resourceMessages(PG, pg({ delegatedSubnetResourceId: subnet, privateDnsZoneArmResourceId: UNKNOWN_STRING }))).toEqual([]);
    // With no subnet the zone closes nothing, known or not: the server is judged by its public access.
    expect(resourceMessages(PG, pg({ publicNetworkAccess: "Enabled", privateDnsZoneArmResourceId: UNKNOWN_STRING }))).toEqual([expect.stringContaining("accepts connections from public networks")]);
    expect(resourceMessages(PG, pg({ publicNetworkAccess: "Disabled", privateDnsZoneArmResourceId: zone }))).toEqual([]);
});

test("a secret's endDateRelative never reaches Entra (hashicorp/terraform-provider-azuread#1424): the secret gets two years; a certificate's does", () => {
    const relativeSecret = withField(withField(good.applicationPassword(), "endDate", undefined), "endDateRelative", "720h");
    expect(resourceMessages("azure-entra-application-missing-credential-end-date", view(TYPES.applicationPassword, relativeSecret))).toEqual([
        "The application secret sets only endDateRelative, which the azuread provider does not send for a secret, so it gets Entra's default two years; set endDate to an RFC 3339 date-time within the allowed lifetime.",
    ]);
    expect(resourceMessages("azure-entra-application-configure-credential-lifetime", view(TYPES.applicationPassword, relativeSecret))).toEqual([
        "The application secret is valid for 730 days (the provider ignores endDateRelative on a secret, so Entra gives it its default two years), over 180; set its end date at most 180 days after its start.",
    ]);
    const relativeCertificate = withField(withField(good.applicationCertificate(), "endDate", undefined), "endDateRelative", "2160h");
    expect(resourceMessages("azure-entra-application-missing-credential-end-date", view(TYPES.applicationCertificate, relativeCertificate))).toEqual([]);
    expect(resourceMessages("azure-entra-application-configure-credential-lifetime", view(TYPES.applicationCertificate, relativeCertificate))).toEqual([]);
});

test("a soft-delete retention Key Vault refuses (outside 7–90 whole days) is mandatory azure-keyvault-vault-enable-soft-delete's to report, whatever the minimum (trivy AVD-AZU-0016)", () => {
    const RULE = "azure-keyvault-vault-enable-soft-delete";
    const RETENTION = "azure-keyvault-vault-configure-soft-delete-retention";
    for (const days of [91, 120, 365, 6, 0, 30.5]) {
        const vault = view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", days));
        expect(resourceMessages(RULE, vault)).toEqual([
            `Soft-delete retention is ${days} days, which Azure does not take; set properties.softDeleteRetentionInDays to a whole number of days from 7 to 90 when creating the vault.`,
        ]);
        // The advisory minimum does not report it a second time.
        expect(resourceMessages(RETENTION, vault, { minRetentionDays: 7 })).toEqual([]);
        expect(resourceMessages(RETENTION, vault)).toEqual([]);
    }
    expect(resourceMessages(RULE, view(TYPES.managedHsm, withField(good.managedHsm(), "properties.softDeleteRetentionInDays", 91)))).toEqual([expect.stringContaining("when creating the managed HSM")]);
    // A Managed HSM's soft delete cannot be turned off: only its retention is judged.
    expect(resourceMessages(RULE, view(TYPES.managedHsm, withField(good.managedHsm(), "properties.enableSoftDelete", false)))).toEqual([]);
    for (const days of [7, 90, undefined, UNKNOWN_STRING]) {
        expect(resourceMessages(RULE, view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", days)))).toEqual([]);
        expect(resourceMessages(RETENTION, view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", days)), { minRetentionDays: 7 })).toEqual([]);
    }
    // The advisory minimum still judges what Azure takes.
    expect(resourceMessages(RETENTION, view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", 30)))).toEqual(["Soft-delete retention is 30 days, below 90; set properties.softDeleteRetentionInDays to at least 90 when creating the vault."]);
});

test("a rotation policy Key Vault cannot take is mandatory: a notify action on timeAfterCreate, a duration not in ISO 8601, a rotate action with no trigger", () => {
    const RULE = "azure-keyvault-key-configure-rotation-policy-limits";
    const policy = (expiryTime: string, actions: unknown[]) => view(TYPES.key, withField(good.key(), "properties.rotationPolicy", { attributes: { expiryTime }, lifetimeActions: actions }));
    const rotate90 = { action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } };
    // The ARM spec's Trigger (Microsoft.KeyVault 2024-11-01 keys.json): timeAfterCreate "only applies to rotate"; every duration ISO 8601.
    expect(resourceMessages(RULE, policy("P1Y", [rotate90, { action: { type: "notify" }, trigger: { timeAfterCreate: "P300D" } }]))).toEqual([
        "The notify action has a timeAfterCreate, which Key Vault takes on a rotate action only; give properties.rotationPolicy.lifetimeActions[1].trigger.timeBeforeExpiry in its place.",
    ]);
    // An action with no type is named by its place, not as "the undefined action".
    expect(resourceMessages(RULE, policy("P1Y", [rotate90, { action: {}, trigger: { timeBeforeExpiry: "30 days" } }]))).toEqual([
        'The lifetimeActions[1] action\'s timeBeforeExpiry "30 days" is not an ISO 8601 duration, the only form Key Vault takes; write it as "P90D", "P3M" or "P1Y" at properties.rotationPolicy.lifetimeActions[1].trigger.timeBeforeExpiry.',
    ]);
    expect(resourceMessages(RULE, policy("P1Y", [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "90D" } }]))).toEqual([
        'The rotate action\'s timeAfterCreate "90D" is not an ISO 8601 duration, the only form Key Vault takes; write it as "P90D", "P3M" or "P1Y" at properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate.',
    ]);
    expect(resourceMessages(RULE, policy("1 year", [rotate90]))).toEqual([
        'The rotation policy\'s expiryTime "1 year" is not an ISO 8601 duration, the only form Key Vault takes; write it as "P1Y" or "P365D" at properties.rotationPolicy.attributes.expiryTime.',
    ]);
    expect(resourceMessages(RULE, policy("P1Y", [{ action: { type: "rotate" }, trigger: {} }]))).toEqual([
        "The rotate action has no trigger, so it never rotates; set properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate (or timeBeforeExpiry).",
    ]);
    expect(resourceMessages(RULE, policy("P1Y", [rotate90, { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }]))).toEqual([]);
    // The advisory rotation rule does not call such a rotate action late: it is not a schedule at all.
    expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", policy("P1Y", [{ action: { type: "rotate" }, trigger: {} }]))).toEqual([]);
    expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", policy("P1Y", [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "90D" } }]))).toEqual([]);
});

test("a rotation policy Key Vault refuses is mandatory: versions living under 28 days, a trigger under 7 days, or one within 7 days of expiry", () => {
    const RULE = "azure-keyvault-key-configure-rotation-policy-limits";
    const policy = (expiryTime: string | undefined, actions: unknown[]) => view(TYPES.key, withField(good.key(), "properties.rotationPolicy", { ...(expiryTime === undefined ? {} : { attributes: { expiryTime } }), lifetimeActions: actions }));
    const rotate = (trigger: Record<string, string>) => ({ action: { type: "rotate" }, trigger });
    const notify = (timeBeforeExpiry: string) => ({ action: { type: "Notify" }, trigger: { timeBeforeExpiry } });
    expect(resourceMessages(RULE, policy("P20D", [rotate({ timeAfterCreate: "P7D" }), notify("P7D")]))).toEqual([
        "The rotation policy's expiryTime \"P20D\" is shorter than Key Vault's minimum of 28 days; set properties.rotationPolicy.attributes.expiryTime to at least \"P28D\".",
    ]);
    expect(resourceMessages(RULE, policy("P1Y", [rotate({ timeAfterCreate: "P3D" }), notify("P30D")]))).toEqual([
        "The rotate action's timeAfterCreate \"P3D\" is shorter than Key Vault's minimum of 7 days; set properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate to at least \"P7D\".",
    ]);
    expect(resourceMessages(RULE, policy("P1Y", [rotate({ timeAfterCreate: "P30D" }), notify("P3D")]))).toEqual([
        "The Notify action's timeBeforeExpiry \"P3D\" is shorter than Key Vault's minimum of 7 days; set properties.rotationPolicy.lifetimeActions[1].trigger.timeBeforeExpiry to at least \"P7D\".",
    ]);
    expect(resourceMessages(RULE, policy("P30D", [rotate({ timeAfterCreate: "P28D" }), notify("P7D")]))).toEqual([
        "The rotate action's timeAfterCreate \"P28D\" comes within 7 days of the versions' expiry (\"P30D\"), and Key Vault takes a trigger only at least 7 days before a version expires; set properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate to at most \"P23D\".",
    ]);
    expect(resourceMessages(RULE, policy("P30D", [rotate({ timeBeforeExpiry: "P25D" })]))).toEqual([
        "The rotate action's timeBeforeExpiry \"P25D\" leaves less than 7 days after a version's creation within expiryTime \"P30D\"; set properties.rotationPolicy.lifetimeActions[0].trigger.timeBeforeExpiry to at most \"P23D\".",
    ]);
    // At the bounds, Key Vault takes it; so does a policy with no expiryTime, and one not known yet.
    expect(resourceMessages(RULE, policy("P28D", [rotate({ timeAfterCreate: "P21D" }), notify("P7D")]))).toEqual([]);
    expect(resourceMessages(RULE, policy(undefined, [rotate({ timeAfterCreate: "P7D" })]))).toEqual([]);
    expect(resourceMessages(RULE, policy(UNKNOWN_STRING, [rotate({ timeAfterCreate: UNKNOWN_STRING }), notify(UNKNOWN_STRING)]))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.key, withField(good.key(), "properties.rotationPolicy", UNKNOWN_STRING)))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.key, withField(good.key(), "properties.rotationPolicy", undefined)))).toEqual([]);
});

test("a key Key Vault does not make is mandatory: an RSA size other than 2048, 3072 or 4096, an EC key that encrypts or wraps", () => {
    const RULE = "azure-keyvault-key-configure-supported-parameters";
    const key = (fields: Record<string, unknown>) => view(TYPES.key, Object.entries(fields).reduce((k, [path, value]) => withField(k, path, value), good.key()));
    expect(resourceMessages(RULE, key({ "properties.keySize": 2500 }))).toEqual(["The RSA key is 2500 bits, a size Key Vault does not make; set properties.keySize to 2048, 3072 or 4096."]);
    expect(resourceMessages(RULE, key({ "properties.keySize": 1024 }))).toEqual(["The RSA key is 1024 bits, a size Key Vault does not make; set properties.keySize to 2048, 3072 or 4096."]);
    // No source says Key Vault refuses a curve named on an RSA key, so a mandatory rule does not block it.
    expect(resourceMessages(RULE, key({ "properties.curveName": "P-256" }))).toEqual([]);
    const ec = { "properties.kty": "EC-HSM", "properties.keySize": undefined, "properties.curveName": "P-384" };
    expect(resourceMessages(RULE, key(ec))).toEqual(["The EC-HSM key allows wrapKey, unwrapKey, which Key Vault refuses on an EC key (EC keys only sign and verify); set properties.keyOps to [\"sign\", \"verify\"], or make an RSA key to encrypt or wrap."]);
    expect(resourceMessages(RULE, key({ ...ec, "properties.keyOps": ["sign", "verify"] }))).toEqual([]);
    expect(resourceMessages(RULE, key({ ...ec, "properties.keyOps": ["sign", "verify"], "properties.curveName": "P-192" }))).toEqual(["The EC key's curve P-192 is none Key Vault makes; set properties.curveName to P-256, P-384, P-521 or P-256K."]);
    expect(resourceMessages(RULE, key({ ...ec, "properties.keyOps": ["sign", "verify"], "properties.curveName": "p-256k" }))).toEqual([]);
    // Sizes Key Vault makes, or values not known yet, are not this rule's; the advisory minimum keeps its own verdict.
    for (const keySize of [2048, 3072, 4096, undefined, UNKNOWN_STRING]) expect(resourceMessages(RULE, key({ "properties.keySize": keySize }))).toEqual([]);
    expect(resourceMessages(RULE, key({ "properties.kty": UNKNOWN_STRING, "properties.keySize": 1024 }))).toEqual([]);
    expect(resourceMessages(RULE, key({ ...ec, "properties.keyOps": UNKNOWN_STRING }))).toEqual([]);
});

test("a registry given a customer-managed key on a SKU other than Premium is mandatory; the SKU alone stays advisory", () => {
    const RULE = "azure-containerregistry-registry-enable-cmk-encryption";
    const standard = withField(good.registry(), "sku.name", "Standard");
    expect(resourceMessages(RULE, view(TYPES.registry, standard))).toEqual(["The registry's SKU is Standard, and Azure takes a customer-managed key only on a Premium registry; set sku.name to \"Premium\" when creating it."]);
    expect(resourceMessages(RULE, view(TYPES.registry, withField(good.registry(), "sku.name", "premium")))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.registry, withField(good.registry(), "sku.name", UNKNOWN_STRING)))).toEqual([]);
});

describe("an advisory rule stays silent on a value Azure refuses outright, which a mandatory rule reports with the fix that counts", () => {
    const key = (fields: Record<string, unknown>) => view(TYPES.key, Object.entries(fields).reduce((k, [path, value]) => withField(k, path, value), good.key()));
    const ec = (fields: Record<string, unknown>) => key({ "properties.kty": "EC-HSM", "properties.keySize": undefined, "properties.curveName": "P-384", "properties.keyOps": ["sign", "verify"], ...fields });

    test("an RSA size Key Vault does not make is the supported-parameters rule's, not the minimum's", () => {
        for (const keySize of [1024, 2500]) {
            expect(resourceMessages("azure-keyvault-key-configure-supported-parameters", key({ "properties.keySize": keySize }), {}, "sovereign")).toHaveLength(1);
            expect(resourceMessages("azure-keyvault-key-configure-min-rsa-size", key({ "properties.keySize": keySize }), {}, "sovereign")).toEqual([]);
        }
        // A size Key Vault makes is still held to the minimum.
        expect(resourceMessages("azure-keyvault-key-configure-min-rsa-size", key({ "properties.keySize": 2048 }), {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."]);
    });

    test("a curve Key Vault does not make is the supported-parameters rule's, not the allowed curves'", () => {
        expect(resourceMessages("azure-keyvault-key-configure-supported-parameters", ec({ "properties.curveName": "P-192" }))).toHaveLength(1);
        expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", ec({ "properties.curveName": "P-192" }))).toEqual([]);
        expect(resourceMessages("azure-keyvault-key-configure-allowed-curves", ec({ "properties.curveName": "P-256K" }), {}, "sovereign")).toHaveLength(1);
    });

    test("an EC key's encrypting operations are the supported-parameters rule's, not the key-operations rule's", () => {
        for (const keyOps of [["sign", "verify", "wrapKey", "unwrapKey"], ["sign", "wrapKey"]]) {
            expect(resourceMessages("azure-keyvault-key-configure-supported-parameters", ec({ "properties.keyOps": keyOps }))).toHaveLength(1);
            expect(resourceMessages("azure-keyvault-key-configure-key-operations", ec({ "properties.keyOps": keyOps }))).toEqual([]);
        }
        // On an RSA key they are operations it may have, and mixing them with signing stays the key-operations rule's.
        expect(resourceMessages("azure-keyvault-key-configure-key-operations", key({ "properties.keyOps": ["sign", "verify", "wrapKey", "unwrapKey"] }))).toHaveLength(1);
    });

    test("a rotate trigger Key Vault refuses is the rotation-policy limits rule's, not the rotation schedule's", () => {
        const late = key({ "properties.rotationPolicy.lifetimeActions": [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P400D" } }] });
        expect(resourceMessages("azure-keyvault-key-configure-rotation-policy-limits", late)).toEqual([
            "The rotate action's timeAfterCreate \"P400D\" comes within 7 days of the versions' expiry (\"P1Y\"), and Key Vault takes a trigger only at least 7 days before a version expires; set properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate to at most \"P358D\".",
        ]);
        expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", late)).toEqual([]);
        // A notify trigger Key Vault refuses leaves the rotate action to the schedule's judgement.
        const lateRotate = key({ "properties.rotationPolicy.lifetimeActions": [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P180D" } }, { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P3D" } }] });
        expect(resourceMessages("azure-keyvault-key-configure-rotation-policy", lateRotate)).toEqual(["The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\"."]);
    });

    test("a registry's SKU below Premium is the CMK rule's when it names a customer-managed key, the SKU rule's otherwise", () => {
        const standard = withField(good.registry(), "sku.name", "Standard");
        expect(resourceMessages("azure-containerregistry-registry-enable-cmk-encryption", view(TYPES.registry, standard))).toHaveLength(1);
        expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", view(TYPES.registry, standard))).toEqual([]);
        expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", view(TYPES.registry, withField(standard, "encryption", undefined)))).toEqual([
            "The registry SKU is Standard; set sku.name to \"Premium\" (needed for customer-managed keys and network isolation).",
        ]);
        // A key not known yet is still a key: the CMK rule reports the SKU once it is.
        expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", view(TYPES.registry, withField(standard, "encryption.keyVaultProperties.keyIdentifier", UNKNOWN_STRING)))).toEqual([]);
        expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", view(TYPES.registry, withField(standard, "encryption.status", "disabled")))).toHaveLength(1);
    });

    test("a registry below Premium with encryption enabled is reported once, by the CMK rule, while its key is not known yet (a first preview)", () => {
        const SKU = "The registry's SKU is Standard, and Azure takes a customer-managed key only on a Premium registry; set sku.name to \"Premium\" when creating it.";
        const standard = withField(good.registry(), "sku.name", "Standard");
        for (const keyIdentifier of [UNKNOWN_STRING, "", undefined]) {
            const registry = view(TYPES.registry, withField(standard, "encryption.keyVaultProperties.keyIdentifier", keyIdentifier));
            for (const profile of ["baseline", "sovereign"] as const) {
                expect(resourceMessages("azure-containerregistry-registry-enable-cmk-encryption", registry, {}, profile)).toEqual([SKU]);
                expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", registry, {}, profile)).toEqual([]);
            }
        }
        expect(resourceMessages("azure-containerregistry-registry-enable-cmk-encryption", view(TYPES.registry, withField(withField(standard, "sku.name", "Basic"), "encryption.keyVaultProperties.keyIdentifier", UNKNOWN_STRING)))).toEqual([SKU.replace("Standard", "Basic")]);
        // On Premium an unknown key is still no verdict, and a status not known yet leaves the SKU to be judged later.
        expect(resourceMessages("azure-containerregistry-registry-enable-cmk-encryption", view(TYPES.registry, withField(good.registry(), "encryption.keyVaultProperties.keyIdentifier", UNKNOWN_STRING)))).toEqual([]);
        const statusUnknown = view(TYPES.registry, withField(withField(standard, "encryption.status", UNKNOWN_STRING), "encryption.keyVaultProperties.keyIdentifier", UNKNOWN_STRING));
        expect(resourceMessages("azure-containerregistry-registry-enable-cmk-encryption", statusUnknown)).toEqual([]);
        expect(resourceMessages("azure-containerregistry-registry-configure-premium-sku", statusUnknown)).toEqual([]);
    });
});

test("a late rotate action before expiry is told the timeBeforeExpiry that would serve every version", () => {
    const RULE = "azure-keyvault-key-configure-rotation-policy";
    const now = Math.floor(Date.now() / 1000);
    const beforeExpiry = withField(withField(good.key(), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }]), "properties.rotationPolicy.attributes", { expiryTime: "P200D" });
    expect(resourceMessages(RULE, view(TYPES.key, withField(beforeExpiry, "properties.attributes.expires", now + 60 * 86400)))).toEqual([
        // No one value serves a first version of 60 days and rotated ones of 200.
        "The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\".",
    ]);
    expect(resourceMessages(RULE, view(TYPES.key, withField(beforeExpiry, "properties.attributes.expires", now + 200 * 86400)))).toEqual([
        "The key rotates later than 90 days after creation; set the rotate action's trigger.timeBeforeExpiry to at least \"P110D\", or use trigger.timeAfterCreate to at most \"P90D\" in its place.",
    ]);
});

test("a rotate action before expiry is dated by each version's expiry: the first version's own, then the policy's for the versions rotation makes", () => {
    const RULE = "azure-keyvault-key-configure-rotation-policy";
    const now = Math.floor(Date.now() / 1000);
    const late = ["The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\"."];
    const key = (expiresInDays: number, expiryTime: string) =>
        view(TYPES.key, withField(withField(withField(good.key(), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }]), "properties.rotationPolicy.attributes", { expiryTime }), "properties.attributes.expires", now + expiresInDays * 86400));
    // Azure Policy (Keys_KeyRotationPolicy_MaximumDaysToRotate) flags this one: its first version rotates at day 335, only the later ones at day 30.
    expect(resourceMessages(RULE, key(365, "P60D"))).toEqual(late);
    // A first version rotating at day 60, later ones at day 335: late too.
    expect(resourceMessages(RULE, key(90, "P365D"))).toEqual(late);
    expect(resourceMessages(RULE, key(90, "P90D"))).toEqual([]);
    expect(resourceMessages(RULE, key(60, "P60D"), {}, "mcsb")).toEqual([]);
});

test("a rotate action counting back from expiry, as Azure Verified Modules and azurerm write it, is told the timeBeforeExpiry that rotates in time, when Key Vault takes one", () => {
    const RULE = "azure-keyvault-key-configure-rotation-policy";
    const now = Math.floor(Date.now() / 1000);
    const key = (before: string, expiryTime: string, expiresInDays: number) =>
        view(TYPES.key, withField(withField(withField(good.key(), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: before } }]), "properties.rotationPolicy.attributes", { expiryTime }), "properties.attributes.expires", now + expiresInDays * 86400));
    // AVM's P2M before a P2Y expiry rotates at day 670.
    expect(resourceMessages(RULE, key("P2M", "P2Y", 730))).toEqual([
        "The key rotates later than 90 days after creation; set the rotate action's trigger.timeBeforeExpiry to at least \"P640D\", or use trigger.timeAfterCreate to at most \"P90D\" in its place.",
    ]);
    expect(resourceMessages(RULE, key("P640D", "P2Y", 730))).toEqual([]);
    expect(resourceMessages(RULE, key("P60D", "P1Y", 365), {}, "mcsb")).toEqual([
        "The key rotates later than 30 days after creation; set the rotate action's trigger.timeBeforeExpiry to at least \"P335D\", or use trigger.timeAfterCreate to at most \"P30D\" in its place.",
    ]);
    expect(resourceMessages(RULE, key("P335D", "P1Y", 365), {}, "mcsb")).toEqual([]);
    // No one value rotates a 365-day first version and 60-day later ones within 90 days and 7 days after creation: timeAfterCreate alone.
    expect(resourceMessages(RULE, key("P30D", "P60D", 365))).toEqual(["The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\"."]);
});

test("a vault being recovered keeps the permission model it was deleted with, so it is not judged (as Azure Policy skips it)", () => {
    const recovering = withField(withField(good.vault(), "properties.enableRbacAuthorization", false), "properties.createMode", "recover");
    expect(resourceMessages("azure-keyvault-vault-enable-rbac-authorization", view(TYPES.vault, recovering), {}, "mcsb")).toEqual([]);
    expect(resourceMessages("azure-keyvault-vault-enable-rbac-authorization", view(TYPES.vault, withField(recovering, "properties.createMode", "default")), {}, "mcsb")).toEqual([
        "The vault uses access policies; set properties.enableRbacAuthorization to true and grant roles scoped to keys instead.",
    ]);
});

test("a serverless Databricks workspace, which has no managed disks and cannot take a disk key, is not judged", () => {
    const RULE = "azure-databricks-workspace-enable-cmk-disk-encryption";
    const bare = withField(good.databricksWorkspace(), "encryption", undefined);
    expect(resourceMessages(RULE, view(TYPES.databricksWorkspace, withField(bare, "computeMode", "Serverless")))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.databricksWorkspace, withField(bare, "computeMode", "Hybrid")))).toEqual([expect.stringContaining("managed disks use Microsoft-managed keys")]);
});

test("a workload's Key Vault data role on a resource group or wider is reported; on a vault or key, for people, or named in config, it is not", () => {
    const rule = "azure-keyvault-vault-disallow-wide-scope-data-roles";
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
    const vault = `${sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-good`;
    const principalId = "22222222-2222-2222-2222-222222222222";
    const assignment = (role: string, scope: string, principalType = "ServicePrincipal") =>
        view("azure-native:authorization:RoleAssignment", { principalId, principalType, scope, roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}` });
    const cryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424";
    const secretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    expect(resourceMessages(rule, assignment(cryptoUser, `${sub}/resourceGroups/rg`))).toEqual([
        "The assignment gives Key Vault Crypto User at resource group rg scope, over every vault beneath it; scope it to the vault's resource id, or to the key's or secret's (`<vault id>/keys/<name>`), or name the principal in allowedPrincipalIds in the policy config.",
    ]);
    expect(resourceMessages(rule, assignment(secretsUser, sub))).toEqual([expect.stringContaining("Key Vault Secrets User at subscription 00000000-0000-0000-0000-000000000001 scope")]);
    expect(resourceMessages(rule, assignment(cryptoUser, "/providers/Microsoft.Management/managementGroups/platform"))).toHaveLength(1);
    // Compliant: on the vault or the key; a person's access; a principal named in config; a role that is not a data role.
    expect(resourceMessages(rule, assignment(cryptoUser, vault))).toEqual([]);
    expect(resourceMessages(rule, assignment(cryptoUser, `${vault}/keys/cmk`))).toEqual([]);
    expect(resourceMessages(rule, assignment(cryptoUser, sub, "Group"))).toEqual([]);
    expect(resourceMessages(rule, assignment(cryptoUser, sub), { allowedPrincipalIds: [principalId.toUpperCase()] })).toEqual([]);
    expect(resourceMessages(rule, assignment("acdd72a7-3385-48ef-bd42-f606fba81ae7", sub))).toEqual([]);
    // Unknown during a preview: no verdict.
    expect(resourceMessages(rule, assignment(cryptoUser, UNKNOWN_STRING))).toEqual([]);
});
