import { Rule } from "./lib/rule";
import { rule as appconfigurationConfigurationstoreEnableCmkEncryption } from "./rules/azure-appconfiguration-configurationstore-enable-cmk-encryption";
import { rule as batchAccountEnableCmkEncryption } from "./rules/azure-batch-account-enable-cmk-encryption";
import { rule as cmkServiceEnableProtect } from "./rules/azure-cmk-service-enable-protect";
import { rule as cognitiveservicesAccountEnableCmkEncryption } from "./rules/azure-cognitiveservices-account-enable-cmk-encryption";
import { rule as computeDiskEnableCmkEncryption } from "./rules/azure-compute-disk-enable-cmk-encryption";
import { rule as computeVirtualmachineEnableCmkDiskEncryption } from "./rules/azure-compute-virtualmachine-enable-cmk-disk-encryption";
import { rule as computeVirtualmachineEnableEncryptionAtHost } from "./rules/azure-compute-virtualmachine-enable-encryption-at-host";
import { rule as computeDiskencryptionsetConfigureCmkEncryptionType } from "./rules/azure-compute-diskencryptionset-configure-cmk-encryption-type";
import { rule as computeDiskencryptionsetConfigureVaultRegion } from "./rules/azure-compute-diskencryptionset-configure-vault-region";
import { rule as computeDiskencryptionsetMissingKeyVersion } from "./rules/azure-compute-diskencryptionset-missing-key-version";
import { rule as computeDiskencryptionsetEnableKeyRotation } from "./rules/azure-compute-diskencryptionset-enable-key-rotation";
import { rule as containerregistryRegistryConfigurePremiumSku } from "./rules/azure-containerregistry-registry-configure-premium-sku";
import { rule as containerregistryRegistryDisableAdminUser } from "./rules/azure-containerregistry-registry-disable-admin-user";
import { rule as containerregistryRegistryDisableAnonymousPull } from "./rules/azure-containerregistry-registry-disable-anonymous-pull";
import { rule as containerregistryRegistryDisableArmAudienceTokens } from "./rules/azure-containerregistry-registry-disable-arm-audience-tokens";
import { rule as containerregistryRegistryDisableExports } from "./rules/azure-containerregistry-registry-disable-exports";
import { rule as containerregistryRegistryDisablePublicNetworkAccess } from "./rules/azure-containerregistry-registry-disable-public-network-access";
import { rule as containerregistryRegistryDisallowVersionedKey } from "./rules/azure-containerregistry-registry-disallow-versioned-key";
import { rule as containerregistryRegistryEnableCmkEncryption } from "./rules/azure-containerregistry-registry-enable-cmk-encryption";
import { rule as containerserviceManagedclusterConfigureKmsKeyValidity } from "./rules/azure-containerservice-managedcluster-configure-kms-key-validity";
import { rule as containerserviceManagedclusterConfigureKmsUserAssignedIdentity } from "./rules/azure-containerservice-managedcluster-configure-kms-user-assigned-identity";
import { rule as containerserviceManagedclusterConfigureKmsVaultNetworkAccess } from "./rules/azure-containerservice-managedcluster-configure-kms-vault-network-access";
import { rule as containerserviceManagedclusterEnableCmkDiskEncryption } from "./rules/azure-containerservice-managedcluster-enable-cmk-disk-encryption";
import { rule as containerserviceManagedclusterEnableEncryptionAtHost } from "./rules/azure-containerservice-managedcluster-enable-encryption-at-host";
import { rule as containerserviceManagedclusterEnableKmsEtcdEncryption } from "./rules/azure-containerservice-managedcluster-enable-kms-etcd-encryption";
import { rule as containerserviceManagedclusterMissingKmsKeyVersion } from "./rules/azure-containerservice-managedcluster-missing-kms-key-version";
import { rule as cosmosdbAccountConfigureKeyVaultNetworkAccess } from "./rules/azure-cosmosdb-account-configure-key-vault-network-access";
import { rule as cosmosdbAccountDisablePublicNetworkAccess } from "./rules/azure-cosmosdb-account-disable-public-network-access";
import { rule as cosmosdbAccountEnableCmkEncryption } from "./rules/azure-cosmosdb-account-enable-cmk-encryption";
import { rule as datafactoryFactoryEnableCmkEncryption } from "./rules/azure-datafactory-factory-enable-cmk-encryption";
import { rule as databricksWorkspaceEnableCmkDbfsEncryption } from "./rules/azure-databricks-workspace-enable-cmk-dbfs-encryption";
import { rule as databricksWorkspaceEnableCmkDiskEncryption } from "./rules/azure-databricks-workspace-enable-cmk-disk-encryption";
import { rule as dbformysqlServerDisablePublicNetworkAccess } from "./rules/azure-dbformysql-server-disable-public-network-access";
import { rule as dbformysqlServerConfigureVaultRegion } from "./rules/azure-dbformysql-server-configure-vault-region";
import { rule as dbformysqlServerConfigureVaultSoftDeleteRetention } from "./rules/azure-dbformysql-server-configure-vault-soft-delete-retention";
import { rule as dbformysqlServerEnableCmkEncryption } from "./rules/azure-dbformysql-server-enable-cmk-encryption";
import { rule as dbforpostgresqlServerConfigureGeoBackupIdentity } from "./rules/azure-dbforpostgresql-server-configure-geo-backup-identity";
import { rule as dbforpostgresqlServerConfigureVaultRegion } from "./rules/azure-dbforpostgresql-server-configure-vault-region";
import { rule as dbforpostgresqlServerDisablePublicNetworkAccess } from "./rules/azure-dbforpostgresql-server-disable-public-network-access";
import { rule as dbforpostgresqlServerDisallowVersionedKey } from "./rules/azure-dbforpostgresql-server-disallow-versioned-key";
import { rule as dbforpostgresqlServerEnableCmkEncryption } from "./rules/azure-dbforpostgresql-server-enable-cmk-encryption";
import { rule as entraApplicationConfigureCredentialLifetime } from "./rules/azure-entra-application-configure-credential-lifetime";
import { rule as entraApplicationConfigureSingleTenant } from "./rules/azure-entra-application-configure-single-tenant";
import { rule as entraApplicationMissingCredentialEndDate } from "./rules/azure-entra-application-missing-credential-end-date";
import { rule as eventhubNamespaceDisablePublicNetworkAccess } from "./rules/azure-eventhub-namespace-disable-public-network-access";
import { rule as eventhubNamespaceDisallowVersionedKey } from "./rules/azure-eventhub-namespace-disallow-versioned-key";
import { rule as eventhubNamespaceEnableCmkEncryption } from "./rules/azure-eventhub-namespace-enable-cmk-encryption";
import { rule as keyvaultKeyConfigureAllowedCurves } from "./rules/azure-keyvault-key-configure-allowed-curves";
import { rule as keyvaultKeyConfigureAllowedKeyTypes } from "./rules/azure-keyvault-key-configure-allowed-key-types";
import { rule as keyvaultKeyEnforceHsmBacked } from "./rules/azure-keyvault-key-enforce-hsm-backed";
import { rule as keyvaultKeyConfigureCmkGrantOrdering } from "./rules/azure-keyvault-key-configure-cmk-grant-ordering";
import { rule as keyvaultKeyConfigureCmkIdentityAccess } from "./rules/azure-keyvault-key-configure-cmk-identity-access";
import { rule as keyvaultKeyConfigureCmkKeyCompatibility } from "./rules/azure-keyvault-key-configure-cmk-key-compatibility";
import { rule as keyvaultKeyConfigureKeyOperations } from "./rules/azure-keyvault-key-configure-key-operations";
import { rule as keyvaultKeyConfigureMinDaysBeforeExpiry } from "./rules/azure-keyvault-key-configure-min-days-before-expiry";
import { rule as keyvaultKeyConfigureMaxValidity } from "./rules/azure-keyvault-key-configure-max-validity";
import { rule as keyvaultKeyConfigureMinRsaSize } from "./rules/azure-keyvault-key-configure-min-rsa-size";
import { rule as keyvaultKeyConfigureRotationPolicy } from "./rules/azure-keyvault-key-configure-rotation-policy";
import { rule as keyvaultKeyConfigureRotationPolicyLimits } from "./rules/azure-keyvault-key-configure-rotation-policy-limits";
import { rule as keyvaultKeyConfigureSupportedParameters } from "./rules/azure-keyvault-key-configure-supported-parameters";
import { rule as keyvaultKeyEnableProtect } from "./rules/azure-keyvault-key-enable-protect";
import { rule as keyvaultKeyMissingExpiry } from "./rules/azure-keyvault-key-missing-expiry";
import { rule as keyvaultKeyMissingInStack } from "./rules/azure-keyvault-key-missing-in-stack";
import { rule as keyvaultManagedhsmConfigureCmkLocalRole } from "./rules/azure-keyvault-managedhsm-configure-cmk-local-role";
import { rule as keyvaultSecretConfigureMaxValidity } from "./rules/azure-keyvault-secret-configure-max-validity";
import { rule as keyvaultSecretConfigureMinDaysBeforeExpiry } from "./rules/azure-keyvault-secret-configure-min-days-before-expiry";
import { rule as keyvaultSecretMissingContentType } from "./rules/azure-keyvault-secret-missing-content-type";
import { rule as keyvaultSecretMissingExpiry } from "./rules/azure-keyvault-secret-missing-expiry";
import { rule as keyvaultVaultConfigureSoftDeleteRetention } from "./rules/azure-keyvault-vault-configure-soft-delete-retention";
import { rule as keyvaultVaultDisablePublicNetworkAccess } from "./rules/azure-keyvault-vault-disable-public-network-access";
import { rule as keyvaultVaultDisallowBroadAccessPolicies } from "./rules/azure-keyvault-vault-disallow-broad-access-policies";
import { rule as keyvaultVaultDisallowPrivilegedWorkloadRoles } from "./rules/azure-keyvault-vault-disallow-privileged-workload-roles";
import { rule as keyvaultVaultDisallowRetiringApiVersion } from "./rules/azure-keyvault-vault-disallow-retiring-api-version";
import { rule as keyvaultVaultDisallowWideScopeDataRoles } from "./rules/azure-keyvault-vault-disallow-wide-scope-data-roles";
import { rule as keyvaultVaultEnablePremiumSkuForHsmKeys } from "./rules/azure-keyvault-vault-enable-premium-sku-for-hsm-keys";
import { rule as keyvaultVaultEnableProtect } from "./rules/azure-keyvault-vault-enable-protect";
import { rule as keyvaultVaultEnablePurgeProtection } from "./rules/azure-keyvault-vault-enable-purge-protection";
import { rule as keyvaultVaultEnablePurgeProtectionForCmk } from "./rules/azure-keyvault-vault-enable-purge-protection-for-cmk";
import { rule as keyvaultVaultEnableRbacAuthorization } from "./rules/azure-keyvault-vault-enable-rbac-authorization";
import { rule as keyvaultVaultEnableSoftDelete } from "./rules/azure-keyvault-vault-enable-soft-delete";
import { rule as keyvaultVaultEnableTrustedServicesBypass } from "./rules/azure-keyvault-vault-enable-trusted-services-bypass";
import { rule as keyvaultVaultMissingDeleteLock } from "./rules/azure-keyvault-vault-missing-delete-lock";
import { rule as keyvaultVaultMissingDiagnosticSettings } from "./rules/azure-keyvault-vault-missing-diagnostic-settings";
import { rule as keyvaultVaultMissingPrivateEndpoint } from "./rules/azure-keyvault-vault-missing-private-endpoint";
import { rule as keyvaultVaultDisablePublicNetworkAccessWithPrivateEndpoint } from "./rules/azure-keyvault-vault-disable-public-network-access-with-private-endpoint";
import { rule as kustoClusterEnableCmkEncryption } from "./rules/azure-kusto-cluster-enable-cmk-encryption";
import { rule as kustoClusterEnableDiskEncryption } from "./rules/azure-kusto-cluster-enable-disk-encryption";
import { rule as machinelearningservicesWorkspaceEnableCmkEncryption } from "./rules/azure-machinelearningservices-workspace-enable-cmk-encryption";
import { rule as operationalinsightsClusterEnableCmkEncryption } from "./rules/azure-operationalinsights-cluster-enable-cmk-encryption";
import { rule as recoveryservicesVaultEnableCmkEncryption } from "./rules/azure-recoveryservices-vault-enable-cmk-encryption";
import { rule as servicebusNamespaceDisablePublicNetworkAccess } from "./rules/azure-servicebus-namespace-disable-public-network-access";
import { rule as servicebusNamespaceDisallowVersionedKey } from "./rules/azure-servicebus-namespace-disallow-versioned-key";
import { rule as servicebusNamespaceEnableCmkEncryption } from "./rules/azure-servicebus-namespace-enable-cmk-encryption";
import { rule as sqlDatabaseEnableTransparentDataEncryption } from "./rules/azure-sql-database-enable-transparent-data-encryption";
import { rule as sqlEncryptionprotectorEnableCmk } from "./rules/azure-sql-encryptionprotector-enable-cmk";
import { rule as sqlEncryptionprotectorEnableKeyRotation } from "./rules/azure-sql-encryptionprotector-enable-key-rotation";
import { rule as sqlManagedinstanceEnableCmkEncryption } from "./rules/azure-sql-managedinstance-enable-cmk-encryption";
import { rule as sqlServerDisablePublicNetworkAccess } from "./rules/azure-sql-server-disable-public-network-access";
import { rule as sqlServerEnableCmkEncryption } from "./rules/azure-sql-server-enable-cmk-encryption";
import { rule as storageAccountConfigureCmkKeySource } from "./rules/azure-storage-account-configure-cmk-key-source";
import { rule as storageAccountConfigureKeyExpirationPolicy } from "./rules/azure-storage-account-configure-key-expiration-policy";
import { rule as storageAccountConfigureSasExpirationPolicy } from "./rules/azure-storage-account-configure-sas-expiration-policy";
import { rule as storageAccountDisableBlobPublicAccess } from "./rules/azure-storage-account-disable-blob-public-access";
import { rule as storageAccountDisablePublicNetworkAccess } from "./rules/azure-storage-account-disable-public-network-access";
import { rule as storageAccountDisableSharedKeyAccess } from "./rules/azure-storage-account-disable-shared-key-access";
import { rule as storageAccountDisallowVersionedKey } from "./rules/azure-storage-account-disallow-versioned-key";
import { rule as storageAccountEnableCmkForQueuesAndTables } from "./rules/azure-storage-account-enable-cmk-for-queues-and-tables";
import { rule as storageAccountEnableSoftDelete } from "./rules/azure-storage-account-enable-soft-delete";
import { rule as storageAccountEnableContainerSoftDelete } from "./rules/azure-storage-account-enable-container-soft-delete";
import { rule as storageAccountEnableInfrastructureEncryption } from "./rules/azure-storage-account-enable-infrastructure-encryption";
import { rule as storageAccountEnableTrustedServicesBypass } from "./rules/azure-storage-account-enable-trusted-services-bypass";
import { rule as storageAccountEnforceHttpsTls12 } from "./rules/azure-storage-account-enforce-https-tls12";
import { rule as storageContainerDisablePublicAccess } from "./rules/azure-storage-container-disable-public-access";
import { rule as storageEncryptionscopeDisallowVersionedKey } from "./rules/azure-storage-encryptionscope-disallow-versioned-key";
import { rule as storageEncryptionscopeEnableCmkEncryption } from "./rules/azure-storage-encryptionscope-enable-cmk-encryption";
import { rule as synapseSqlpoolEnableTransparentDataEncryption } from "./rules/azure-synapse-sqlpool-enable-transparent-data-encryption";
import { rule as synapseSqlpoolMissingTransparentDataEncryption } from "./rules/azure-synapse-sqlpool-missing-transparent-data-encryption";
import { rule as synapseWorkspaceEnableCmkEncryption } from "./rules/azure-synapse-workspace-enable-cmk-encryption";

/** Every rule of the pack, in the order the analyzer runs them. Importing this starts nothing. */
export const rules: Rule[] = [
    appconfigurationConfigurationstoreEnableCmkEncryption,
    batchAccountEnableCmkEncryption,
    cmkServiceEnableProtect,
    cognitiveservicesAccountEnableCmkEncryption,
    computeDiskEnableCmkEncryption,
    computeDiskencryptionsetConfigureCmkEncryptionType,
    computeDiskencryptionsetConfigureVaultRegion,
    computeDiskencryptionsetEnableKeyRotation,
    computeDiskencryptionsetMissingKeyVersion,
    computeVirtualmachineEnableCmkDiskEncryption,
    computeVirtualmachineEnableEncryptionAtHost,
    containerregistryRegistryConfigurePremiumSku,
    containerregistryRegistryDisableAdminUser,
    containerregistryRegistryDisableAnonymousPull,
    containerregistryRegistryDisableArmAudienceTokens,
    containerregistryRegistryDisableExports,
    containerregistryRegistryDisablePublicNetworkAccess,
    containerregistryRegistryDisallowVersionedKey,
    containerregistryRegistryEnableCmkEncryption,
    containerserviceManagedclusterConfigureKmsKeyValidity,
    containerserviceManagedclusterConfigureKmsUserAssignedIdentity,
    containerserviceManagedclusterConfigureKmsVaultNetworkAccess,
    containerserviceManagedclusterEnableCmkDiskEncryption,
    containerserviceManagedclusterEnableEncryptionAtHost,
    containerserviceManagedclusterEnableKmsEtcdEncryption,
    containerserviceManagedclusterMissingKmsKeyVersion,
    cosmosdbAccountConfigureKeyVaultNetworkAccess,
    cosmosdbAccountDisablePublicNetworkAccess,
    cosmosdbAccountEnableCmkEncryption,
    datafactoryFactoryEnableCmkEncryption,
    databricksWorkspaceEnableCmkDbfsEncryption,
    databricksWorkspaceEnableCmkDiskEncryption,
    dbformysqlServerConfigureVaultRegion,
    dbformysqlServerConfigureVaultSoftDeleteRetention,
    dbformysqlServerDisablePublicNetworkAccess,
    dbformysqlServerEnableCmkEncryption,
    dbforpostgresqlServerConfigureGeoBackupIdentity,
    dbforpostgresqlServerConfigureVaultRegion,
    dbforpostgresqlServerDisablePublicNetworkAccess,
    dbforpostgresqlServerDisallowVersionedKey,
    dbforpostgresqlServerEnableCmkEncryption,
    entraApplicationConfigureCredentialLifetime,
    entraApplicationConfigureSingleTenant,
    entraApplicationMissingCredentialEndDate,
    eventhubNamespaceDisablePublicNetworkAccess,
    eventhubNamespaceDisallowVersionedKey,
    eventhubNamespaceEnableCmkEncryption,
    keyvaultKeyConfigureAllowedCurves,
    keyvaultKeyConfigureAllowedKeyTypes,
    keyvaultKeyEnforceHsmBacked,
    keyvaultKeyConfigureCmkIdentityAccess,
    keyvaultKeyConfigureCmkGrantOrdering,
    keyvaultKeyConfigureCmkKeyCompatibility,
    keyvaultKeyConfigureKeyOperations,
    keyvaultKeyConfigureMaxValidity,
    keyvaultKeyConfigureMinDaysBeforeExpiry,
    keyvaultKeyConfigureMinRsaSize,
    keyvaultKeyConfigureRotationPolicy,
    keyvaultKeyConfigureRotationPolicyLimits,
    keyvaultKeyConfigureSupportedParameters,
    keyvaultKeyEnableProtect,
    keyvaultKeyMissingExpiry,
    keyvaultKeyMissingInStack,
    keyvaultManagedhsmConfigureCmkLocalRole,
    keyvaultSecretConfigureMaxValidity,
    keyvaultSecretConfigureMinDaysBeforeExpiry,
    keyvaultSecretMissingContentType,
    keyvaultSecretMissingExpiry,
    keyvaultVaultConfigureSoftDeleteRetention,
    keyvaultVaultDisablePublicNetworkAccess,
    keyvaultVaultDisallowBroadAccessPolicies,
    keyvaultVaultDisallowPrivilegedWorkloadRoles,
    keyvaultVaultDisallowRetiringApiVersion,
    keyvaultVaultDisallowWideScopeDataRoles,
    keyvaultVaultEnablePremiumSkuForHsmKeys,
    keyvaultVaultEnableProtect,
    keyvaultVaultEnablePurgeProtection,
    keyvaultVaultEnablePurgeProtectionForCmk,
    keyvaultVaultEnableRbacAuthorization,
    keyvaultVaultEnableSoftDelete,
    keyvaultVaultEnableTrustedServicesBypass,
    keyvaultVaultMissingDeleteLock,
    keyvaultVaultMissingDiagnosticSettings,
    keyvaultVaultMissingPrivateEndpoint,
    keyvaultVaultDisablePublicNetworkAccessWithPrivateEndpoint,
    kustoClusterEnableCmkEncryption,
    kustoClusterEnableDiskEncryption,
    machinelearningservicesWorkspaceEnableCmkEncryption,
    operationalinsightsClusterEnableCmkEncryption,
    recoveryservicesVaultEnableCmkEncryption,
    servicebusNamespaceDisablePublicNetworkAccess,
    servicebusNamespaceDisallowVersionedKey,
    servicebusNamespaceEnableCmkEncryption,
    sqlDatabaseEnableTransparentDataEncryption,
    sqlEncryptionprotectorEnableCmk,
    sqlEncryptionprotectorEnableKeyRotation,
    sqlManagedinstanceEnableCmkEncryption,
    sqlServerDisablePublicNetworkAccess,
    sqlServerEnableCmkEncryption,
    storageAccountConfigureCmkKeySource,
    storageAccountConfigureKeyExpirationPolicy,
    storageAccountConfigureSasExpirationPolicy,
    storageAccountDisableBlobPublicAccess,
    storageAccountEnableTrustedServicesBypass,
    storageContainerDisablePublicAccess,
    storageAccountDisablePublicNetworkAccess,
    storageAccountDisableSharedKeyAccess,
    storageAccountDisallowVersionedKey,
    storageAccountEnableCmkForQueuesAndTables,
    storageAccountEnableInfrastructureEncryption,
    storageAccountEnableSoftDelete,
    storageAccountEnableContainerSoftDelete,
    storageAccountEnforceHttpsTls12,
    storageEncryptionscopeDisallowVersionedKey,
    storageEncryptionscopeEnableCmkEncryption,
    synapseSqlpoolEnableTransparentDataEncryption,
    synapseSqlpoolMissingTransparentDataEncryption,
    synapseWorkspaceEnableCmkEncryption,
];
