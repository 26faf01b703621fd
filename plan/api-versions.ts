/**
 * The Azure REST API version the pinned `@pulumi/azure-native` manages each type the mocks model
 * with, as its documentation says ("Uses Azure REST API version ..."). The provider records it on
 * every resource as the `azureApiVersion` output, which the pack's retiring-API rule reads; a type
 * without the output (AccessPolicy, the provider's own) has no row. test/plan/api-versions.test.ts
 * holds the table to the installed SDK, so an upgrade that moves a version fails there first.
 */
export const AZURE_API_VERSIONS: Readonly<Record<string, string>> = {
    "azure-native:authorization:ManagementLockByScope": "2020-05-01",
    "azure-native:authorization:RoleAssignment": "2022-04-01",
    "azure-native:compute:DiskEncryptionSet": "2024-03-02",
    "azure-native:containerregistry:Registry": "2023-01-01-preview",
    "azure-native:containerregistry:Replication": "2024-11-01-preview",
    "azure-native:containerservice:ManagedCluster": "2025-09-01",
    "azure-native:cosmosdb:DatabaseAccount": "2025-10-15",
    "azure-native:dbformysql:Server": "2024-02-01-preview",
    "azure-native:dbforpostgresql:Administrator": "2025-01-01-preview",
    "azure-native:dbforpostgresql:Server": "2025-08-01",
    "azure-native:eventgrid:SystemTopic": "2025-02-15",
    "azure-native:eventgrid:SystemTopicEventSubscription": "2025-02-15",
    "azure-native:eventhub:Namespace": "2024-01-01",
    "azure-native:keyvault:Key": "2024-11-01",
    "azure-native:keyvault:Secret": "2024-11-01",
    "azure-native:keyvault:Vault": "2024-11-01",
    "azure-native:managedidentity:UserAssignedIdentity": "2023-01-31",
    "azure-native:monitor:DiagnosticSetting": "2021-05-01-preview",
    "azure-native:network:PrivateDnsZoneGroup": "2024-05-01",
    "azure-native:network:PrivateEndpoint": "2024-05-01",
    "azure-native:resources:ResourceGroup": "2024-03-01",
    "azure-native:servicebus:Namespace": "2026-01-01",
    "azure-native:sql:EncryptionProtector": "2023-08-01",
    "azure-native:sql:Server": "2023-08-01",
    "azure-native:sql:ServerKey": "2023-08-01",
    "azure-native:storage:BlobContainer": "2024-01-01",
    "azure-native:storage:BlobServiceProperties": "2024-01-01",
    "azure-native:storage:EncryptionScope": "2024-01-01",
    "azure-native:storage:StorageAccount": "2024-01-01",
};
