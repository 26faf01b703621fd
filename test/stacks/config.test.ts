import { RunError } from "@pulumi/pulumi/errors";
import { KMS_PRIVATE_LINK_FIX } from "../../components/kubernetes-network";
import { ConfigError, configuredTenantId, misplacedConfig, parseStackConfig, rawConfig, regionConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { configIssuesOf } from "../support/config-issues";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { readStackConfigFile } from "../../plan/stack-config";

type Raw = Record<string, unknown> & {
    vaults: Record<string, unknown>[];
};

/** A valid config touching every section; each bad case changes one thing. */
function base(): Raw {
    return {
        resourceGroupName: "rg-byok-test",
        location: "westeurope",
        vaults: [
            { name: "kv-main", keys: [{ name: "cmk-a" }, { name: "app-key", purpose: "applicationCrypto" }] },
            { name: "kv-edge", sku: "standard", networkRules: { ipRules: ["203.0.113.0/24"] }, keys: [{ name: "soft-key", kty: "RSA" }] },
        ],
        identities: [{ name: "id-shared" }],
        applications: [
            { name: "vendor", certificates: [{ name: "primary" }], access: [{ key: "app-key", permissions: "applicationCrypto" }] },
            { name: "appliance", clientSecrets: [{ name: "primary" }], access: [{ vault: "kv-main", permissions: "keyManagementAppliance" }], allowedNetworks: ["198.51.100.0/28"] },
        ],
        registries: [{ name: "acrtest", key: "cmk-a", identity: "id-shared" }],
        storageAccounts: [{ name: "sttest", key: "cmk-a" }],
        diskEncryptionSets: [{ name: "des-test", key: "cmk-a" }],
        cosmosDbAccounts: [{ name: "cosmos-test", key: "cmk-a", identity: "id-shared" }],
        eventHubNamespaces: [{ name: "evh-test", key: "cmk-a" }],
        serviceBusNamespaces: [{ name: "sb-test", key: "cmk-a", identity: "id-shared" }],
        sqlServers: [{ name: "sql-test", key: "cmk-a", administrator: { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        postgresqlServers: [{ name: "pg-test", key: "cmk-a", identity: "id-shared", administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }],
        mysqlServers: [{ name: "mysql-test", key: "cmk-a", identity: "id-shared" }],
        kubernetesClusters: [{ name: "aks-test", key: "app-key", diskEncryptionSet: "des-test", nodeSubnetId: `${SUBNETS}/aks-nodes`, apiServerSubnetId: `${SUBNETS}/aks-apiserver`, administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"] }],
    };
}

const SUBNETS = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets";
const WORKSPACE = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law";

type Mutation = (c: Raw) => void;
const vault = (c: Raw, i: number) => c.vaults[i];
const key = (c: Raw, i: number, j: number) => (c.vaults[i].keys as Record<string, unknown>[])[j];
const list = (c: Raw, k: string) => c[k] as Record<string, unknown>[];


const cases: [string, Mutation, string, RegExp][] = [
    ["no resource group", (c) => delete c.resourceGroupName, "azure-byok:resourceGroupName", /is required/],
    ["a resource group name with a slash", (c) => (c.resourceGroupName = "rg/byok"), "azure-byok:resourceGroupName", /1–90 letters/],
    ["a resource group name with a symbol no script counts as a letter", (c) => (c.resourceGroupName = "rg-byok-€"), "azure-byok:resourceGroupName", /1–90 letters, digits \(any script's/],
    ["a resource group name ending in a dot", (c) => (c.resourceGroupName = "rg-byok."), "azure-byok:resourceGroupName", /must not end with '\.'/],
    ["no location", (c) => delete c.location, "azure-byok:location", /is required/],
    ["the portal's label for a location", (c) => (c.location = "(Europe) West Europe"), "azure-byok:location", /must be an Azure region, by name \(westeurope\) or display name \(West Europe\)/],
    ["a version written without quotes, which YAML reads as a number", (c) => ((c.kubernetesClusters as Record<string, unknown>[])[0].kubernetesVersion = 1.3), "azure-byok:kubernetesClusters[0].kubernetesVersion", /expected string, received number; YAML reads 1.3 unquoted as a number, which loses how it was written \(1.30 becomes 1.3, 0123 the octal 83\): in the stack file, write the value in quotes exactly as meant; with the CLI, pulumi config set --type string --path 'azure-byok:kubernetesClusters\[0\]\.kubernetesVersion' <value> \(Pulumi CLI v3\.148\.0 or later\)$/],
    ["a tag value written false, which YAML reads as a boolean", (c) => (c.tags = { enabled: false }), "azure-byok:tags.enabled", /YAML reads false unquoted as a boolean: in the stack file, write the value in quotes; with the CLI, pulumi config set --type string --path 'azure-byok:tags\.enabled' false \(Pulumi CLI v3\.148\.0 or later\)$/],
    ["a tag value set by pulumi config set --path as the integer 1234", (c) => (c.tags = { costCenter: 1234 }), "azure-byok:tags.costCenter", /YAML reads 1234 unquoted as a number.*; with the CLI, pulumi config set --type string --path 'azure-byok:tags\.costCenter' <value> \(Pulumi CLI v3\.148\.0 or later\)$/],
    ["a dotted tag name's value as a number, named as --path reads a key with a dot", (c) => (c.tags = { "cost.center": 1234 }), 'azure-byok:tags["cost.center"]', /; with the CLI, pulumi config set --type string --path 'azure-byok:tags\["cost\.center"\]' <value>/],
    ["a tag set without --path, kept as one key of that name", (c) => (c["tags.costCenter"] = "1234"), "azure-byok:tags.costCenter", /^is one key named "tags\.costCenter", as pulumi config set stores a path given without --path, which this program does not read; set it with --path \(pulumi config set --path 'azure-byok:tags\.costCenter' \.\.\.\), or write it under tags in the stack file$/],
    ["a TLS version written without quotes", (c) => ((c.sqlServers as Record<string, unknown>[])[0].minimalTlsVersion = 1.2), "azure-byok:sqlServers[0].minimalTlsVersion", /expected one of "1.2"\|"1.3"; YAML reads 1.2 unquoted as a number.*write the value in quotes exactly as meant; with the CLI, pulumi config set --type string --path 'azure-byok:sqlServers\[0\]\.minimalTlsVersion' <value>/],
    ["a misspelling of a setting that contains another's name", (c) => (vault(c, 0).enablePurgeProtecton = false), "azure-byok:vaults[0].enablePurgeProtecton", /did you mean "enablePurgeProtection"\?/],
    ["a misspelt top-level key", (c) => (c.vault = []), "azure-byok:vault", /not a setting this program reads; did you mean "vaults"\?/],
    ["two storage accounts given one account name", (c) => { const a = c.storageAccounts as Record<string, unknown>[]; a[0].accountName = "stshared01"; a.push({ name: "sttwo", key: "cmk-a", accountName: "STSHARED01" }); }, "azure-byok:storageAccounts[1].accountName", /"STSHARED01" is already used by azure-byok:storageAccounts\[0\]\.accountName; storage account names must be unique/],
    ["an Event Hubs and a Service Bus namespace given one name", (c) => { (c.eventHubNamespaces as Record<string, unknown>[])[0].namespaceName = "ns-byok-01"; (c.serviceBusNamespaces as Record<string, unknown>[])[0].namespaceName = "ns-byok-01"; }, "azure-byok:serviceBusNamespaces[0].namespaceName", /is already used by azure-byok:eventHubNamespaces\[0\]\.namespaceName; Event Hubs and Service Bus namespace names must be unique/],
    ["two identities given one identity name", (c) => { c.identities = [{ name: "id-a", identityName: "id-same" }, { name: "id-b", identityName: "id-same" }]; }, "azure-byok:identities[1].identityName", /"id-same" is already used by azure-byok:identities\[0\]\.identityName/],
    ["an identity named like the identity a service makes for itself", (c) => list(c, "identities").push({ name: "sttest-identity" }), "azure-byok:storageAccounts[0].name", /^"sttest-identity" \(the identity storageAccounts\[0\] makes for itself, <name>-identity, as it names none\) is already used by azure-byok:identities\[1\]\.name \(the identity's Azure name, as it gives no identityName\); identity names are unique in a resource group whatever their case, so the two would be one identity in Azure: rename one, or give azure-byok:storageAccounts\[0\] an identity to share \(its identity setting\), so that it makes none$/],
    ["an identity name that is a service's own identity's in another case", (c) => (list(c, "identities")[0].identityName = "SQL-TEST-identity"), "azure-byok:sqlServers[0].name", /^"sql-test-identity" \(the identity sqlServers\[0\] makes for itself, .*\) is already used by azure-byok:identities\[0\]\.identityName as "SQL-TEST-identity"; /],
    ["an identity name that is a cluster's own identity's", (c) => list(c, "identities").push({ name: "id-x", identityName: "aks-test-identity" }), "azure-byok:kubernetesClusters[0].name", /is already used by azure-byok:identities\[1\]\.identityName; identity names are unique in a resource group whatever their case, so the two would be one identity in Azure: rename one$/],
    ["an identity name that is another identity's config name in another case", (c) => list(c, "identities").push({ name: "id-b", identityName: "ID-SHARED" }), "azure-byok:identities[1].identityName", /^"ID-SHARED" is already used by azure-byok:identities\[0\]\.name as "id-shared" \(the identity's Azure name, as it gives no identityName\)/],
    ["an existing identity in the stack's existing group named like a service's own identity", (c) => { c.createResourceGroup = false; list(c, "identities").push({ name: "id-platform", existing: true, identityName: "EVH-TEST-identity" }); }, "azure-byok:eventHubNamespaces[0].name", /is already used by azure-byok:identities\[1\]\.identityName as "EVH-TEST-identity" \(an existing identity\)/],
    ["a disk encryption set name that is another set's config name in another case", (c) => list(c, "diskEncryptionSets").push({ name: "des-b", key: "cmk-a", diskEncryptionSetName: "DES-TEST" }), "azure-byok:diskEncryptionSets[1].diskEncryptionSetName", /^"DES-TEST" is already used by azure-byok:diskEncryptionSets\[0\]\.name as "des-test" \(the set's Azure name, as it gives no diskEncryptionSetName\); disk encryption set names are unique in a resource group/],
    ["two disk encryption sets given one name", (c) => { list(c, "diskEncryptionSets")[0].diskEncryptionSetName = "des-shared"; list(c, "diskEncryptionSets").push({ name: "des-b", key: "cmk-a", diskEncryptionSetName: "des-shared" }); }, "azure-byok:diskEncryptionSets[1].diskEncryptionSetName", /^"des-shared" is already used by azure-byok:diskEncryptionSets\[0\]\.diskEncryptionSetName; /],
    ["two clusters given one cluster name", (c) => { const clusters = list(c, "kubernetesClusters"); clusters[0].clusterName = "aks-shared"; clusters.push({ ...clusters[0], name: "aks-b", clusterName: "AKS-Shared" }); }, "azure-byok:kubernetesClusters[1].clusterName", /^"AKS-Shared" is already used by azure-byok:kubernetesClusters\[0\]\.clusterName as "aks-shared"; AKS cluster names are unique in a resource group/],
    ["two services of different kinds with one Azure name and unnamed private endpoints in the stack's group", (c) => {
        Object.assign(list(c, "sqlServers")[0], { serverName: "payments-prod", privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] });
        Object.assign(list(c, "postgresqlServers")[0], { serverName: "payments-prod", privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] });
    }, "azure-byok:postgresqlServers[0].privateEndpoints[0]", /^"pe-payments-prod" \(postgresqlServers\[0\]\.privateEndpoints\[0\]'s default name, pe-<serverName>, as it gives no name\) is already used by azure-byok:sqlServers\[0\]\.privateEndpoints\[0\] \(sqlServers\[0\]\.privateEndpoints\[0\]'s default name, pe-<serverName>, as it gives no name\); private endpoint names are unique in a resource group whatever their case, so the two would be one private endpoint in Azure: name one of them otherwise \(its name setting\)$/],
    ["two services' private endpoints given one name in another case, in one hub group", (c) => {
        list(c, "registries")[0].privateEndpoints = [{ subnetResourceId: `${SUBNETS}/pe`, resourceGroupName: "rg-hub", name: "pe-payments" }];
        list(c, "storageAccounts")[0].privateEndpoints = [{ subnetResourceId: `${SUBNETS}/pe`, resourceGroupName: "RG-Hub", service: "blob", name: "PE-Payments" }];
    }, "azure-byok:storageAccounts[0].privateEndpoints[0].name", /^"PE-Payments" is already used by azure-byok:registries\[0\]\.privateEndpoints\[0\]\.name as "pe-payments"; private endpoint names are unique in a resource group/],
    ["a private endpoint named as another service's second endpoint is by default", (c) => {
        Object.assign(list(c, "storageAccounts")[0], { accountName: "stpayments", privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe`, service: "blob" }, { subnetResourceId: `${SUBNETS}/pe`, service: "file" }] });
        vault(c, 0).privateEndpoints = [{ subnetResourceId: `${SUBNETS}/pe`, name: "pe-stpayments-1" }];
    }, "azure-byok:storageAccounts[0].privateEndpoints[1]", /^"pe-stpayments-1" \(storageAccounts\[0\]\.privateEndpoints\[1\]'s default name, pe-<accountName>-1, as it gives no name\) is already used by azure-byok:vaults\[0\]\.privateEndpoints\[0\]\.name; /],
    ["a service name its own identity cannot take", (c) => ((c.storageAccounts as Record<string, unknown>[])[0].name = "st.test"), "azure-byok:storageAccounts[0].name", /"st.test" names the service's own identity "st.test-identity", which Azure refuses/],
    ["a CMK service's key in a vault with purge protection turned off", (c) => (vault(c, 0).enablePurgeProtection = false), "azure-byok:storageAccounts[0].key", /^the key's vault's enablePurgeProtection is off; Azure refuses customer-managed keys from a vault without purge protection$/],
    // AKS's KMS guide asks for no purge protection: the cluster's refusal is this product's rule, and says so.
    ["an AKS cluster's key in a vault with purge protection turned off", (c) => (vault(c, 0).enablePurgeProtection = false), "azure-byok:kubernetesClusters[0].key", /^the key's vault's enablePurgeProtection is off; AKS's KMS does not require purge protection, but this product takes its key only from a vault with it: /],
    ["no vaults", (c) => (c.vaults = []), "azure-byok:vaults", /at least one vault/],
    ["a wait after grants the time provider cannot read", (c) => (c.rbacPropagationWait = "1m30s"), "azure-byok:rbacPropagationWait", /"1m30s" is not a wait in whole seconds or minutes such as 30s, 90s or 2m/],
    ["a wait after grants in hours", (c) => (c.rbacPropagationWait = "15m"), "azure-byok:rbacPropagationWait", /"15m" is longer than 10m/],
    ["vaults that are not a list", (c) => ((c as Record<string, unknown>).vaults = { name: "kv" }), "azure-byok:vaults", /expected array/],
    ["a vault without a name", (c) => delete vault(c, 0).name, "azure-byok:vaults[0].name", /is required/],
    ["a misspelt vault setting", (c) => (vault(c, 0).purgeProtection = true), "azure-byok:vaults[0].purgeProtection", /not a setting this program reads; did you mean "enablePurgeProtection"\?/],
    ["an unknown vault setting with no near name", (c) => (vault(c, 0).color = "blue"), "azure-byok:vaults[0].color", /it reads name, location, existing, vaultName, resourceGroupName, subscriptionId, sku, softDeleteRetentionInDays/],
    ["an unknown vault SKU", (c) => (vault(c, 0).sku = "gold"), "azure-byok:vaults[0].sku", /expected one of "premium"\|"standard"/],
    ["a retention of 6 days", (c) => (vault(c, 0).softDeleteRetentionInDays = 6), "azure-byok:vaults[0].softDeleteRetentionInDays", /6 is outside 7–90/],
    ["a retention of 120 days", (c) => (vault(c, 1).softDeleteRetentionInDays = 120), "azure-byok:vaults[1].softDeleteRetentionInDays", /120 is outside 7–90/],
    ["a retention given as text", (c) => (vault(c, 0).softDeleteRetentionInDays = "90"), "azure-byok:vaults[0].softDeleteRetentionInDays", /expected number/],
    ["an IP rule with an octet of 300", (c) => (vault(c, 1).networkRules = { ipRules: ["10.0.0.300/24"] }), "azure-byok:vaults[1].networkRules.ipRules[0]", /"10\.0\.0\.300\/24" is not an IPv4 address or CIDR/],
    ["an IP rule with host bits", (c) => (vault(c, 1).networkRules = { ipRules: ["203.0.113.9/24"] }), "azure-byok:vaults[1].networkRules.ipRules[0]", /host bits set/],
    ["a subnet rule that is a name", (c) => (vault(c, 1).networkRules = { virtualNetworkRules: ["snet-appliance"] }), "azure-byok:vaults[1].networkRules.virtualNetworkRules[0]", /not a subnet id/],
    ["an unknown firewall default", (c) => (vault(c, 1).networkRules = { defaultAction: "Block" }), "azure-byok:vaults[1].networkRules.defaultAction", /expected one of "Deny"\|"Allow"/],
    ["public access off with IP rules", (c) => (vault(c, 1).publicNetworkAccess = "Disabled"), "azure-byok:vaults[1].publicNetworkAccess", /turns off the public endpoint/],
    ["a vault name of 25 characters", (c) => (vault(c, 0).vaultName = "kv-abcdefghijklmnopqrstuv"), "azure-byok:vaults[0].vaultName", /a vault name has 3–24/],
    ["a vault name starting with a digit", (c) => (vault(c, 0).vaultName = "9kv"), "azure-byok:vaults[0].vaultName", /starting with a letter/],
    ["a vault name with two hyphens in a row", (c) => (vault(c, 0).vaultName = "kv--main"), "azure-byok:vaults[0].vaultName", /single hyphens/],
    ["a vault config name too long to prefix a generated name", (c) => (vault(c, 0).name = "kv-main-but-far-too-long"), "azure-byok:vaults[0].name", /set vaultName/],
    ["two vaults with one config name", (c) => (vault(c, 1).name = "kv-main"), "azure-byok:vaults[1].name", /already used by azure-byok:vaults\[0\]\.name; vault names must be unique/],
    ["two vaults with one vault name", (c) => { vault(c, 0).vaultName = "kv-contoso"; vault(c, 1).vaultName = "KV-Contoso"; }, "azure-byok:vaults[1].vaultName", /already used by azure-byok:vaults\[0\]\.vaultName/],
    ["access policies on an RBAC vault", (c) => (vault(c, 0).accessPolicies = [{ objectId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", keyPermissions: ["get"] }]), "azure-byok:vaults[0].accessPolicies", /enableRbacAuthorization: false/],
    ["an access policy granting all", (c) => { vault(c, 0).enableRbacAuthorization = false; vault(c, 0).accessPolicies = [{ objectId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", keyPermissions: ["all"] }]; }, "azure-byok:vaults[0].accessPolicies[0].keyPermissions[0]", /including purge/],
    ["an unknown lock", (c) => (vault(c, 0).lock = "DoNotDelete"), "azure-byok:vaults[0].lock", /must be "CanNotDelete" \(the default\) or "None"/],
    ["a lock written as the component takes it", (c) => (vault(c, 0).lock = { kind: "None" }), "azure-byok:vaults[0].lock", /written as the value itself \(lock: None\)/],
    ["a private endpoint in a subnet named by name", (c) => (vault(c, 0).privateEndpoints = [{ subnetResourceId: "vnet-hub/apps" }]), "azure-byok:vaults[0].privateEndpoints[0].subnetResourceId", /not a subnet id/],
    ["a private endpoint without a subnet", (c) => (vault(c, 0).privateEndpoints = [{ name: "pe-main" }]), "azure-byok:vaults[0].privateEndpoints[0].subnetResourceId", /is required/],
    ["a private endpoint registered in a storage DNS zone", (c) => (vault(c, 0).privateEndpoints = [{ subnetResourceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps", privateDnsZoneResourceIds: ["/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"] }]), "azure-byok:vaults[0].privateEndpoints[0].privateDnsZoneResourceIds[0]", /does not resolve vault's private address/],
    ["a storage account's private endpoint that names no sub-resource", (c) => (list(c, "storageAccounts")[0].privateEndpoints = [{ subnetResourceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps" }]), "azure-byok:storageAccounts[0].privateEndpoints[0].service", /is required: name the sub-resource to reach, one of blob, file/],
    ["a SQL server's private endpoint in the vault's zone", (c) => (list(c, "sqlServers")[0].privateEndpoints = [{ subnetResourceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps", privateDnsZoneResourceIds: ["/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"] }]), "azure-byok:sqlServers[0].privateEndpoints[0].privateDnsZoneResourceIds[0]", /does not resolve sqlServer's private address; use privatelink.database.windows.net/],
    ["an encryption scope on a key the stack does not have", (c) => (list(c, "storageAccounts")[0].encryptionScopes = [{ name: "tenant-a", key: "cmk-missing" }]), "azure-byok:storageAccounts[0].encryptionScopes[0].key", /"cmk-missing" is not a key in this stack's vaults; name one of: cmk-a, app-key, soft-key/],
    ["an encryption scope name with an underscore", (c) => (list(c, "storageAccounts")[0].encryptionScopes = [{ name: "tenant_a", key: "cmk-a" }]), "azure-byok:storageAccounts[0].encryptionScopes[0].name", /not an encryption scope name/],
    ["an encryption scope on a key that cannot wrap", (c) => (list(c, "storageAccounts")[0].encryptionScopes = [{ name: "tenant-a", key: "app-key" }]), "azure-byok:storageAccounts[0].encryptionScopes[0].key.keyOps", /lacks wrapKey, unwrapKey/],
    ["an encryption scope on a key behind a firewall that lets no trusted service through", (c) => { key(c, 1, 0).kty = "RSA"; vault(c, 1).networkRules = { bypass: "None" }; list(c, "storageAccounts")[0].encryptionScopes = [{ name: "tenant-a", key: "soft-key" }]; }, "azure-byok:vaults[1].networkRules.bypass", /storageAccounts\[0\]\.encryptionScopes\[0\] \(sttest's encryption scope tenant-a\) encrypts with key "soft-key"/],
    ["a container held to a scope the account does not have", (c) => { list(c, "storageAccounts")[0].encryptionScopes = [{ name: "tenant-a", key: "cmk-a" }]; list(c, "storageAccounts")[0].containers = [{ name: "data", encryptionScope: "tenant-b" }]; }, "azure-byok:storageAccounts[0].containers[0].encryptionScope", /"tenant-b" is not one of this account's encryptionScopes \(tenant-a\)/],
    ["a private endpoint on a disk encryption set, which has none", (c) => (list(c, "diskEncryptionSets")[0].privateEndpoints = [{ subnetResourceId: "x" }]), "azure-byok:diskEncryptionSets[0].privateEndpoints", /not a setting this program reads/],
    ["key events to a plain-HTTP webhook", (c) => (vault(c, 0).eventSubscriptions = [{ name: "hook", webhookUrl: "http://hooks.contoso.com/" }]), "azure-byok:vaults[0].eventSubscriptions[0].webhookUrl", /is an http URL .*not https/],
    ["key events retried for two days", (c) => (vault(c, 0).eventSubscriptions = [{ name: "hook", webhookUrl: "https://hooks.contoso.com/", retryPolicy: { eventTimeToLiveInMinutes: 2880 } }]), "azure-byok:vaults[0].eventSubscriptions[0].retryPolicy.eventTimeToLiveInMinutes", /^2880 is not a whole number of minutes from 1 to 1440, Event Grid's bounds/],
    ["key events with no destination", (c) => (vault(c, 0).eventSubscriptions = [{ name: "nowhere" }]), "azure-byok:vaults[0].eventSubscriptions[0]", /has no destination/],
    ["key events delivered to a webhook as an identity", (c) => (vault(c, 0).eventSubscriptions = [{ name: "hook", webhookUrl: "https://hooks.contoso.com/", deliveryIdentity: "SystemAssigned" }]), "azure-byok:vaults[0].eventSubscriptions[0].deliveryIdentity", /^is "SystemAssigned", but Event Grid delivers to a webhook without an identity/],
    ["key events delivered as a user-assigned identity", (c) => (vault(c, 0).eventSubscriptions = [{ name: "ops", eventHubResourceId: `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/eventhubs/key-events`, deliveryIdentity: "UserAssigned" }]), "azure-byok:vaults[0].eventSubscriptions[0].deliveryIdentity", /expected one of "SystemAssigned"\|"None"/],
    ["key events of a type Key Vault does not publish", (c) => (vault(c, 0).eventSubscriptions = [{ name: "hook", webhookUrl: "https://hooks.contoso.com/", eventTypes: ["Microsoft.KeyVault.KeyDeleted"] }]), "azure-byok:vaults[0].eventSubscriptions[0].eventTypes[0]", /expected one of "Microsoft.KeyVault.KeyNewVersionCreated"/],
    // Key Vault's firewall takes 1000 IPv4 rules; the appliance's allowedNetworks make kv-main's 1000 rules 1001.
    ["a vault firewall of 1000 IPv4 rules that an application's allowedNetworks take over Key Vault's 1000", (c) => (vault(c, 0).networkRules = { ipRules: Array.from({ length: 1000 }, (_, i) => `20.${Math.floor(i / 250)}.${i % 250}.1`) }), "azure-byok:vaults[0].networkRules.ipRules", /^has 1001 rules, over the 1000 IPv4 rules Key Vault's firewall takes; merge addresses into wider CIDR ranges, or reach the vault through a private endpoint; 1 of them is the allowedNetworks of applications that reach this vault, added to its firewall$/],
    ["diagnostics with no destination", (c) => (vault(c, 0).diagnostics = [{ name: "audit" }]), "azure-byok:vaults[0].diagnostics[0]", /has no destination/],
    ["a key without a name", (c) => delete key(c, 0, 0).name, "azure-byok:vaults[0].keys[0].name", /is required/],
    // A key's access[]: principals the stack does not make, granted that key alone.
    ["a key's grant to a principal that is not a GUID", (c) => (key(c, 0, 0).access = [{ principalId: "adf-prod", permissions: "cmkService" }]), "azure-byok:vaults[0].keys[0].access[0].principalId", /must be the principal's object id \(a GUID\)/],
    ["a key's grant of the vault-wide appliance set", (c) => (key(c, 0, 0).access = [{ principalId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", permissions: "keyManagementAppliance" }]), "azure-byok:vaults[0].keys[0].access[0].permissions", /must be cmkService, applicationCrypto or signing: a permission set on this one key/],
    ["a key's grant of operations the key does not allow", (c) => (key(c, 0, 1).access = [{ principalId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", permissions: "cmkService" }]), "azure-byok:vaults[0].keys[1].access[0].permissions", /^is "cmkService", but key "app-key" lacks wrapKey, unwrapKey, which cmkService uses/],
    ["one principal granted a key twice", (c) => (key(c, 0, 0).access = [{ principalId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", permissions: "cmkService" }, { principalId: "5B0F3C2A-7D4E-4A1B-9C8D-1E2F3A4B5C6D", permissions: "cmkService", principalType: "Group" }]), "azure-byok:vaults[0].keys[0].access[1].principalId", /is already granted this key by vaults\[0\]\.keys\[0\]\.access\[0\]; give a principal one entry/],
    ["one principal granted two keys of a vault with access policies", (c) => { vault(c, 0).enableRbacAuthorization = false; key(c, 0, 0).access = [{ principalId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", permissions: "cmkService" }]; key(c, 0, 1).access = [{ principalId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", permissions: "applicationCrypto" }]; }, "azure-byok:vaults[0].keys[1].access[0].principalId", /already has vault "kv-main"'s access policy through vaults\[0\]\.keys\[0\]\.access\[0\], and a vault with access policies keeps one entry per principal/],
    ["a key's grant to a principal the vault's own access policies name", (c) => { vault(c, 0).enableRbacAuthorization = false; vault(c, 0).accessPolicies = [{ objectId: "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d", keyPermissions: ["get", "wrapKey", "unwrapKey"] }]; key(c, 0, 0).access = [{ principalId: "5B0F3C2A-7D4E-4A1B-9C8D-1E2F3A4B5C6D", permissions: "cmkService" }]; }, "azure-byok:vaults[0].keys[0].access[0].principalId", /already has vault "kv-main"'s access policy through vaults\[0\]\.accessPolicies\[0\]/],
    ["a key's roleAssignments, Azure Verified Modules' word", (c) => (key(c, 0, 0).roleAssignments = []), "azure-byok:vaults[0].keys[0].roleAssignments", /did you mean "access"\? a principal the stack does not make is granted the key by an access\[\] entry/],
    ["a key name with an underscore", (c) => (key(c, 0, 1).name = "app_key"), "azure-byok:vaults[0].keys[1].name", /not a key name/],
    ["two keys with one name in different vaults", (c) => (key(c, 1, 0).name = "cmk-a"), "azure-byok:vaults[1].keys[0].name", /already used by azure-byok:vaults\[0\]\.keys\[0\]\.name/],
    ["an HSM key in a standard vault", (c) => (key(c, 1, 0).kty = "RSA-HSM"), "azure-byok:vaults[1].keys[0].kty", /need a premium vault/],
    ["an RSA size of 1024", (c) => (key(c, 0, 0).keySize = 1024), "azure-byok:vaults[0].keys[0].keySize", /expected one of 2048\|3072\|4096$/],
    ["a key size in quotes, which YAML reads as text", (c) => (key(c, 0, 0).keySize = "3072"), "azure-byok:vaults[0].keys[0].keySize", /expected one of 2048\|3072\|4096; "3072" is quoted, so YAML reads it as text: write 3072 without quotes$/],
    ["a switch written \"yes\", which is text", (c) => (vault(c, 0).enablePurgeProtection = "yes"), "azure-byok:vaults[0].enablePurgeProtection", /expected boolean, received string; "yes" is text \(the Pulumi CLI's YAML reader, yaml\.v3, takes only true and false as booleans\): write true or false, unquoted$/],
    ["a switch in quotes, which YAML reads as text", (c) => (vault(c, 0).enablePurgeProtection = "True"), "azure-byok:vaults[0].enablePurgeProtection", /expected boolean, received string; "True" is quoted, so YAML reads it as text: write true without quotes$/],
    ["a quoted name that is not a vault name gets no quoting advice", (c) => (vault(c, 0).vaultName = "12"), "azure-byok:vaults[0].vaultName", /^(?!.*without quotes).*3–24/],
    ["a curve on an RSA key", (c) => (key(c, 0, 0).curveName = "P-256"), "azure-byok:vaults[0].keys[0].curveName", /EC keys only/],
    ["an unknown key purpose", (c) => (key(c, 0, 0).purpose = "backup"), "azure-byok:vaults[0].keys[0].purpose", /expected one of/],
    ["a rotation that is not ISO-8601", (c) => (key(c, 0, 0).rotationPolicy = { timeAfterCreate: "90 days" }), "azure-byok:vaults[0].keys[0].rotationPolicy.timeAfterCreate", /not an ISO-8601 duration/],
    ["a rotation after expiry", (c) => (key(c, 0, 0).rotationPolicy = { timeAfterCreate: "P2Y", expiryTime: "P1Y" }), "azure-byok:vaults[0].keys[0].rotationPolicy.timeAfterCreate", /rotates after or too close to expiry/],
    ["an expiry shorter than 28 days", (c) => (key(c, 0, 0).rotationPolicy = { expiryTime: "P20D", timeAfterCreate: "P7D", notifyBeforeExpiry: "P7D" }), "azure-byok:vaults[0].keys[0].rotationPolicy.expiryTime", /minimum of 28 days/],
    ["both of Key Vault's rotate triggers on one key", (c) => (key(c, 0, 0).rotationPolicy = { timeAfterCreate: "P90D", timeBeforeExpiry: "P60D" }), "azure-byok:vaults[0].keys[0].rotationPolicy.timeBeforeExpiry", /^is given beside timeAfterCreate "P90D", and Key Vault's rotate action takes exactly one trigger; keep one of the two$/],
    ["a rotation before expiry within 7 days of creation", (c) => (key(c, 0, 0).rotationPolicy = { expiryTime: "P30D", timeBeforeExpiry: "P25D", notifyBeforeExpiry: "P7D" }), "azure-byok:vaults[0].keys[0].rotationPolicy.timeBeforeExpiry", /set timeBeforeExpiry to at most "P23D"$/],
    ["a fixed expiry in the past", (c) => (key(c, 0, 0).expires = "2021-01-01T00:00:00Z"), "azure-byok:vaults[0].keys[0].expires", /already past/],
    ["a misspelt key setting", (c) => (key(c, 0, 0).rotation = { timeAfterCreate: "P90D" }), "azure-byok:vaults[0].keys[0].rotation", /did you mean "rotationPolicy"\?/],
    ["a misspelt rotation setting", (c) => (key(c, 0, 0).rotationPolicy = { timeAfterCreation: "P90D" }), "azure-byok:vaults[0].keys[0].rotationPolicy.timeAfterCreation", /did you mean "timeAfterCreate"\?/],
    ["an identity name with a space", (c) => (list(c, "identities")[0].identityName = "id shared"), "azure-byok:identities[0].identityName", /not an identity name/],
    ["two identities with one name", (c) => list(c, "identities").push({ name: "ID-Shared" }), "azure-byok:identities[1].name", /already used by azure-byok:identities\[0\]\.name/],
    ["a registry's IP rules with its public endpoint off (the default)", (c) => (list(c, "registries")[0].ipRules = ["203.0.113.0/24"]), "azure-byok:registries[0].ipRules", /^apply only to the public endpoint, and publicNetworkAccess is "Disabled"; set publicNetworkAccess: "Enabled" by name or remove the rules$/],
    ["a registry IP rule that is no IPv4 range", (c) => Object.assign(list(c, "registries")[0], { publicNetworkAccess: "Enabled", ipRules: ["10.0.0.0/33"] }), "azure-byok:registries[0].ipRules[0]", /is not an IPv4 address or CIDR range/],
    ["a registry naming a key that does not exist", (c) => (list(c, "registries")[0].key = "cmk-missing"), "azure-byok:registries[0].key", /"cmk-missing" is not a key in this stack's vaults/],
    ["a registry naming an identity that does not exist", (c) => (list(c, "registries")[0].identity = "id-missing"), "azure-byok:registries[0].identity", /not an identity/],
    ["a registry on an encrypt/decrypt key", (c) => (list(c, "registries")[0].key = "app-key"), "azure-byok:registries[0].key", /lacks wrapKey, unwrapKey/],
    ["a key exchange key that is a software key", (c) => (vault(c, 1).keys as Record<string, unknown>[]).push({ name: "soft-kek", kty: "RSA", purpose: "keyExchange" }), "azure-byok:vaults[1].keys[1].purpose", /keyExchange needs an RSA-HSM key/],
    ["a storage account encrypted with a key exchange key", (c) => { (vault(c, 0).keys as Record<string, unknown>[]).push({ name: "byok-kek", purpose: "keyExchange" }); list(c, "storageAccounts")[0].key = "byok-kek"; }, "azure-byok:storageAccounts[0].key", /lacks wrapKey, unwrapKey/],
    ["tags on an existing vault", (c) => { vault(c, 0).existing = true; vault(c, 0).vaultName = "kv-platform"; vault(c, 0).resourceGroupName = "rg-platform"; vault(c, 0).tags = { owner: "x" }; }, "azure-byok:vaults[0].tags", /configures the vault, which this stack leaves alone/],
    ["tags on an existing identity", (c) => (list(c, "identities")[0] = { name: "id-shared", existing: true, identityName: "id-platform", resourceGroupName: "rg-platform", tags: { owner: "x" } }), "azure-byok:identities[0].tags", /tags the identity, which this stack leaves alone/],
    ["a registry name with hyphens", (c) => (list(c, "registries")[0].registryName = "acr-test"), "azure-byok:registries[0].registryName", /5–50 letters and digits/],
    ["a registry replica in the registry's own region", (c) => (list(c, "registries")[0].replications = [{ location: "northeurope" }, { location: "West Europe" }]), "azure-byok:registries[0].replications[1].location", /^"West Europe" is the registry's own location, westeurope, where Azure keeps its home replica; list only the other regions$/],
    ["a registry replicated twice to one region", (c) => (list(c, "registries")[0].replications = [{ location: "northeurope" }, { location: "North Europe" }]), "azure-byok:registries[0].replications[1].location", /^"North Europe" is replications\[0\]'s region too; a registry has one replica in a region$/],
    ["a registry replica by the portal's label", (c) => (list(c, "registries")[0].replications = [{ location: "(Europe) North Europe" }]), "azure-byok:registries[0].replications[0].location", /must be an Azure region, by name \(northeurope\) or display name \(North Europe\), not the registry's own/],
    ["a registry replica's zone redundancy as a YAML boolean", (c) => (list(c, "registries")[0].replications = [{ location: "northeurope", zoneRedundancy: true }]), "azure-byok:registries[0].replications[0].zoneRedundancy", /expected one of "Enabled"\|"Disabled"/],
    ["a registry replica's name Azure does not take", (c) => (list(c, "registries")[0].replications = [{ location: "northeurope", name: "neu-1" }]), "azure-byok:registries[0].replications[0].name", /^"neu-1" is not a replica name: 5–50 letters and digits$/],
    ["a registry's zone redundancy by another word", (c) => (list(c, "registries")[0].zoneRedundancy = "On"), "azure-byok:registries[0].zoneRedundancy", /expected one of "Enabled"\|"Disabled"/],
    ["a registry's ARM-audience token setting by another word", (c) => (list(c, "registries")[0].azureADAuthenticationAsArmPolicy = "off"), "azure-byok:registries[0].azureADAuthenticationAsArmPolicy", /expected one of "enabled"\|"disabled"/],
    ["a storage account on a key in a vault without purge protection", (c) => { vault(c, 1).enablePurgeProtection = false; list(c, "storageAccounts")[0].key = "soft-key"; }, "azure-byok:storageAccounts[0].key", /without purge protection/],
    ["a storage account name with capitals", (c) => (list(c, "storageAccounts")[0].accountName = "StTest"), "azure-byok:storageAccounts[0].accountName", /lowercase letters and digits/],
    ["a Cosmos DB account pinning a key version", (c) => (list(c, "cosmosDbAccounts")[0].keyVersion = "0123456789abcdef0123456789abcdef"), "azure-byok:cosmosDbAccounts[0].keyVersion", /Cosmos DB takes the versionless key URI/],
    ["a Cosmos DB account on an encrypt/decrypt key", (c) => (list(c, "cosmosDbAccounts")[0].key = "app-key"), "azure-byok:cosmosDbAccounts[0].key", /lacks wrapKey, unwrapKey/],
    ["a Cosmos DB account name with capitals", (c) => (list(c, "cosmosDbAccounts")[0].accountName = "Cosmos-Test"), "azure-byok:cosmosDbAccounts[0].accountName", /3–44 lowercase letters, digits and single hyphens/],
    ["a Cosmos DB API the program does not make", (c) => (list(c, "cosmosDbAccounts")[0].kind = "Cassandra"), "azure-byok:cosmosDbAccounts[0].kind", /expected one of "GlobalDocumentDB"\|"MongoDB"/],
    ["a Cosmos DB account sharing a config name with a registry", (c) => (list(c, "cosmosDbAccounts")[0].name = "acrtest"), "azure-byok:cosmosDbAccounts[0].name", /already used by azure-byok:registries\[0\]\.name; service names must be unique/],
    ["an Event Hubs capacity that is not a Premium unit count", (c) => (list(c, "eventHubNamespaces")[0].capacity = 3), "azure-byok:eventHubNamespaces[0].capacity", /must be 1, 2, 4, 8 or 16 Premium units \(Event Hubs processing units/],
    ["an Event Hubs namespace name starting with a digit", (c) => (list(c, "eventHubNamespaces")[0].namespaceName = "1evh-test"), "azure-byok:eventHubNamespaces[0].namespaceName", /starting with a letter/],
    ["an Event Hubs namespace on a soft-deletable vault's key", (c) => { vault(c, 1).enablePurgeProtection = false; list(c, "eventHubNamespaces")[0].key = "soft-key"; }, "azure-byok:eventHubNamespaces[0].key", /without purge protection/],
    ["a Service Bus namespace name ending in -sb", (c) => (list(c, "serviceBusNamespaces")[0].namespaceName = "orders-sb"), "azure-byok:serviceBusNamespaces[0].namespaceName", /ends in "-sb" or "-mgmt"/],
    ["a SQL server without an Entra administrator", (c) => delete list(c, "sqlServers")[0].administrator, "azure-byok:sqlServers[0].administrator", /is required/],
    ["a SQL administrator whose object id is a name", (c) => ((list(c, "sqlServers")[0].administrator as Record<string, unknown>).objectId = "sql-admins"), "azure-byok:sqlServers[0].administrator.objectId", /not an object id \(a GUID\)/],
    ["a SQL server on a 4096-bit key", (c) => { key(c, 0, 0).keySize = 4096; }, "azure-byok:sqlServers[0].key", /is 4096 bits \(key cmk-a\), but SQL takes a TDE protector of 2048 or 3072 bits only/],
    ["a SQL server on an encrypt/decrypt key", (c) => (list(c, "sqlServers")[0].key = "app-key"), "azure-byok:sqlServers[0].key", /lacks wrapKey, unwrapKey/],
    ["a SQL server on a key whose name and its named vault's come to more than SQL's 94 characters", (c) => {
        Object.assign(vault(c, 0), { vaultName: "kv-main-westeurope-00001" });
        (vault(c, 0).keys as Record<string, unknown>[]).push({ name: "k".repeat(71) });
        list(c, "sqlServers")[0].key = "k".repeat(71);
    }, "azure-byok:sqlServers[0].key", /^is key "k{71}" \(71 characters\) of vault "kv-main-westeurope-00001" \(24\), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 70 characters, or a vault with a shorter name$/],
    ["a SQL server on a key whose name and its vault's generated one come to more than SQL's 94 characters", (c) => {
        (vault(c, 0).keys as Record<string, unknown>[]).push({ name: "k".repeat(81) });
        list(c, "sqlServers")[0].key = "k".repeat(81);
    }, "azure-byok:sqlServers[0].key", /^is key "k{81}" \(81 characters\) of vault "kv-main-<6 random>" \(14\), 95 characters together, but SQL takes a key whose vault and key names come to 94 at most; use a key name of at most 80 characters, or a vault with a shorter name$/],
    ["a SQL server holding an additional key that does not exist", (c) => (list(c, "sqlServers")[0].additionalKeys = ["tde-nope"]), "azure-byok:sqlServers[0].additionalKeys[0]", /^"tde-nope" is not a key in this stack's vaults/],
    ["a SQL server holding its protector's key again", (c) => (list(c, "sqlServers")[0].additionalKeys = ["cmk-a"]), "azure-byok:sqlServers[0].additionalKeys[0]", /^is the protector's key \(customerManagedKey\.key\), which the server holds already; name another key$/],
    ["a SQL server holding an additional key of 4096 bits", (c) => { (vault(c, 0).keys as Record<string, unknown>[]).push({ name: "tde-4096", keySize: 4096 }); list(c, "sqlServers")[0].additionalKeys = ["tde-4096"]; }, "azure-byok:sqlServers[0].additionalKeys[0]", /^the key's keySize is 4096 bits \(key tde-4096\), but SQL takes a TDE protector of 2048 or 3072 bits only/],
    ["a SQL server holding one additional key twice", (c) => { (vault(c, 1).keys as Record<string, unknown>[]).push({ name: "tde-edge" }); list(c, "sqlServers")[0].additionalKeys = ["tde-edge", "TDE-EDGE"]; }, "azure-byok:sqlServers[0].additionalKeys[1]", /^is the key of additionalKeys\[0\] too; a server holds each key version once$/],
    ["a SQL server holding an additional key whose name and its vault's generated one come to more than 94 characters", (c) => { (vault(c, 1).keys as Record<string, unknown>[]).push({ name: "k".repeat(81) }); list(c, "sqlServers")[0].additionalKeys = ["k".repeat(81)]; }, "azure-byok:sqlServers[0].additionalKeys[0]", /^is key "k{81}" \(81 characters\) of vault "kv-edge-<6 random>" \(14\), 95 characters together/],
    ["a SQL server sharing an identity and holding additional keys", (c) => Object.assign(list(c, "sqlServers")[0], { identity: "id-shared", additionalKeys: ["soft-key"] }), "azure-byok:sqlServers[0].additionalKeys", /^is given with identity "id-shared", whose grants the stack makes once per key/],
    ["a SQL geo-secondary of a server the stack does not have", (c) => (list(c, "sqlServers")[0].geoSecondaryOf = "sql-tset"), "azure-byok:sqlServers[0].geoSecondaryOf", /^"sql-tset" is not an entry of azure-byok:sqlServers; name one of: \(no other SQL servers\)$/],
    ["a SQL geo-secondary of itself", (c) => (list(c, "sqlServers")[0].geoSecondaryOf = "SQL-test"), "azure-byok:sqlServers[0].geoSecondaryOf", /^names this entry itself; a geo-secondary's primary is another entry of azure-byok:sqlServers$/],
    ["a SQL geo-secondary of a geo-secondary", (c) => list(c, "sqlServers").push({ name: "sql-b", key: "cmk-a", geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }, { name: "sql-c", key: "cmk-a", geoSecondaryOf: "sql-b", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }), "azure-byok:sqlServers[2].geoSecondaryOf", /^names "sql-b", itself a geo-secondary of "sql-test"; name the primary/],
    ["a fifth SQL geo-secondary of one primary", (c) => [1, 2, 3, 4, 5].forEach((n) => list(c, "sqlServers").push({ name: `sql-geo-${n}`, key: "cmk-a", geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } })), "azure-byok:sqlServers[5].geoSecondaryOf", /^makes 5 geo-secondaries of "sql-test", but Azure SQL takes at most 4 per primary/],
    ["a SQL geo-secondary on its primary's key pinning a version its primary does not", (c) => list(c, "sqlServers").push({ name: "sql-b", key: "cmk-a", keyVersion: "0123456789abcdef0123456789abcdef", geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }), "azure-byok:sqlServers[1].geoSecondaryOf", /^is a geo-secondary on its primary's key "cmk-a", where this secondary pins keyVersion and its primary "sql-test" follows rotation; pin a version on both or on neither, as Microsoft's TDE guide asks auto-rotation on both servers when one key is the protector of both \(a secondary on a key of its own may differ\)$/],
    ["a SQL geo-secondary listing the key its primary pins, which it would hold at the current version", (c) => {
        list(c, "sqlServers")[0].keyVersion = "0123456789abcdef0123456789abcdef";
        list(c, "sqlServers").push({ name: "sql-b", key: "soft-key", keyVersion: "fedcba9876543210fedcba9876543210", additionalKeys: ["CMK-A"], geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } });
    }, "azure-byok:sqlServers[1].additionalKeys[0]", /^is "CMK-A", the key its primary "sql-test" pins at version 0123456789abcdef0123456789abcdef, which this geo-secondary must hold at that version, while additionalKeys holds a key at its current one; leave it out: the stack adds the primary's key at its version$/],
    ["a SQL geo-secondary sharing an identity, on another key than its primary's", (c) => list(c, "sqlServers").push({ name: "sql-b", key: "soft-key", identity: "id-shared", geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } }), "azure-byok:sqlServers[1].geoSecondaryOf", /^is given with identity "id-shared", .* \(its primary's\) itself; leave identity out \(the server makes its own\), or geoSecondaryOf$/],
    ["a SQL server name with capitals", (c) => (list(c, "sqlServers")[0].serverName = "Sql-Test"), "azure-byok:sqlServers[0].serverName", /1–63 lowercase letters, digits and hyphens/],
    ["a SQL server offering TLS 1.0", (c) => (list(c, "sqlServers")[0].minimalTlsVersion = "1.0"), "azure-byok:sqlServers[0].minimalTlsVersion", /expected one of "1\.2"\|"1\.3"/],
    ["a Cosmos DB failover region that is the account's own", (c) => (list(c, "cosmosDbAccounts")[0].failoverLocations = [{ locationName: "West Europe" }]), "azure-byok:cosmosDbAccounts[0].failoverLocations[0].locationName", /is the account's own location, its write region at priority 0/],
    ["a Cosmos DB failover region by the portal's label", (c) => (list(c, "cosmosDbAccounts")[0].failoverLocations = [{ locationName: "(Europe) North Europe" }]), "azure-byok:cosmosDbAccounts[0].failoverLocations[0].locationName", /must be an Azure region, by name \(northeurope\) or display name/],
    ["two Cosmos DB failover regions at one priority", (c) => (list(c, "cosmosDbAccounts")[0].failoverLocations = [{ locationName: "northeurope", failoverPriority: 1 }, { locationName: "swedencentral", failoverPriority: 1 }]), "azure-byok:cosmosDbAccounts[0].failoverLocations[1].failoverPriority", /^1 is failoverLocations\[0\]'s priority too/],
    ["a PostgreSQL standby on the Burstable tier", (c) => Object.assign(list(c, "postgresqlServers")[0], { sku: { name: "Standard_B2s", tier: "Burstable" }, highAvailability: "ZoneRedundant" }), "azure-byok:postgresqlServers[0].highAvailability", /^is "ZoneRedundant", but sku.tier is "Burstable", where PostgreSQL keeps no standby/],
    ["a MySQL zone written as a YAML number", (c) => (list(c, "mysqlServers")[0].availabilityZone = 1), "azure-byok:mysqlServers[0].availabilityZone", /must be "1", "2" or "3", quoted in YAML/],
    ["a MySQL zone-redundant standby in the primary's zone", (c) => Object.assign(list(c, "mysqlServers")[0], { highAvailability: "ZoneRedundant", availabilityZone: "3", standbyAvailabilityZone: "3" }), "azure-byok:mysqlServers[0].standbyAvailabilityZone", /the primary's availabilityZone too/],
    ["a PostgreSQL server without an Entra administrator", (c) => delete list(c, "postgresqlServers")[0].administrator, "azure-byok:postgresqlServers[0].administrator", /is required/],
    ["a PostgreSQL server with a storage size Azure does not offer", (c) => (list(c, "postgresqlServers")[0].storageSizeGB = 100), "azure-byok:postgresqlServers[0].storageSizeGB", /100 is not a storage size Azure offers/],
    ["a PostgreSQL server on an encrypt/decrypt key", (c) => (list(c, "postgresqlServers")[0].key = "app-key"), "azure-byok:postgresqlServers[0].key", /lacks wrapKey, unwrapKey/],
    ["a MySQL server with a login MySQL reserves", (c) => (list(c, "mysqlServers")[0].administratorLogin = "admin"), "azure-byok:mysqlServers[0].administratorLogin", /"admin" is a login MySQL reserves/],
    ["a MySQL server on an encrypt/decrypt key", (c) => (list(c, "mysqlServers")[0].key = "app-key"), "azure-byok:mysqlServers[0].key", /lacks wrapKey, unwrapKey/],
    ["a MySQL server named like a PostgreSQL server in Azure", (c) => Object.assign(list(c, "mysqlServers")[0], { serverName: "db-shared-01" }, list(c, "mysqlServers").push({ name: "mysql-b", key: "cmk-a", serverName: "db-shared-01" }) && {}), "azure-byok:mysqlServers[1].serverName", /"db-shared-01" is already used by azure-byok:mysqlServers\[0\].serverName/],
    ["a MySQL version this API does not make", (c) => (list(c, "mysqlServers")[0].version = "8.4"), "azure-byok:mysqlServers[0].version", /expected one of "5.7"\|"8.0.21"/],
    ["a PostgreSQL server sharing a config name with a SQL server", (c) => (list(c, "postgresqlServers")[0].name = "sql-test"), "azure-byok:postgresqlServers[0].name", /already used by azure-byok:sqlServers\[0\]\.name/],
    ["an AKS cluster on a wrapping key", (c) => (list(c, "kubernetesClusters")[0].key = "cmk-a"), "azure-byok:kubernetesClusters[0].key", /lacks encrypt, decrypt, which the service uses to encrypt its data keys/],
    ["an AKS cluster on a key whose versions expire before two rotations", (c) => (((vault(c, 0).keys as Raw[])[1]).rotationPolicy = { timeAfterCreate: "P180D" }), "azure-byok:vaults[0].keys[1].rotationPolicy", /^is key "app-key"'s, which AKS cluster "aks-test" \(kubernetesClusters\[0\]\) encrypts etcd with: expiryTime "P1Y" ends each version 365 days after it is made, and timeAfterCreate "P180D" rotates every 180: .*set expiryTime to at least "P390D"/],
    ["an AKS cluster on a key that does not exist", (c) => (list(c, "kubernetesClusters")[0].key = "kms-nope"), "azure-byok:kubernetesClusters[0].key", /"kms-nope" is not a key in this stack's vaults/],
    ["an AKS cluster on a disk encryption set that does not exist", (c) => (list(c, "kubernetesClusters")[0].diskEncryptionSet = "des-nope"), "azure-byok:kubernetesClusters[0].diskEncryptionSet", /"des-nope" is not a disk encryption set in azure-byok:diskEncryptionSets/],
    ["an AKS cluster on a private vault without an API server subnet", (c) => delete list(c, "kubernetesClusters")[0].apiServerSubnetId, "azure-byok:kubernetesClusters[0].apiServerSubnetId", /API Server VNet Integration/],
    ["an AKS cluster without administrator groups", (c) => (list(c, "kubernetesClusters")[0].administratorGroupObjectIds = []), "azure-byok:kubernetesClusters[0].administratorGroupObjectIds", /local accounts are off/],
    ["an AKS cluster reaching an access-policy vault over a private link, whose Key Vault Contributor role could grant it every key", (c) => (vault(c, 0).enableRbacAuthorization = false), "azure-byok:kubernetesClusters[0].keyVaultNetworkAccess", /^is "Private" \(the default\), but the key's vault "kv-main" uses access policies \(enableRbacAuthorization: false\).*set prepareRbacMigration: true on the key's vault \("Private" is accepted from that deploy on\), then enableRbacAuthorization: true in a later deploy, or put the key in a vault with enableRbacAuthorization: true, or set keyVaultNetworkAccess to "Public"/],
    ["an AKS cluster reaching a closed vault over public access", (c) => (list(c, "kubernetesClusters")[0].keyVaultNetworkAccess = "Public"), "azure-byok:kubernetesClusters[0].keyVaultNetworkAccess", /vault "kv-main" \(of key "app-key"\) is closed to public networks/],
    ["an AKS cluster on a tier AKS does not have", (c) => (list(c, "kubernetesClusters")[0].skuTier = "Basic"), "azure-byok:kubernetesClusters[0].skuTier", /^must be "Standard" \(the default\) or "Free"$/],
    ["an AKS cluster on the Premium tier, which goes with long-term support", (c) => (list(c, "kubernetesClusters")[0].skuTier = "Premium"), "azure-byok:kubernetesClusters[0].skuTier", /^is "Premium", AKS's tier for long-term support/],
    ["an AKS system pool naming a zone twice", (c) => (list(c, "kubernetesClusters")[0].systemNodePool = { availabilityZones: ["1", "1"] }), "azure-byok:kubernetesClusters[0].systemNodePool.availabilityZones[1]", /^"1" is listed already at availabilityZones\[0\]; name each zone once/],
    ["an AKS cluster whose node subnet is a name", (c) => (list(c, "kubernetesClusters")[0].nodeSubnetId = "aks-nodes"), "azure-byok:kubernetesClusters[0].nodeSubnetId", /is not a subnet's resource id/],
    ["an AKS cluster whose generated name makes a node resource group over AKS's 80 characters", (c) => (list(c, "kubernetesClusters")[0].name = "k".repeat(56)), "azure-byok:kubernetesClusters[0].name", /MC_rg-byok-test_k{56}-<6 random>_westeurope is 90 characters, over the 80 AKS allows/],
    ["an AKS cluster name that makes a node resource group over AKS's 80 characters", (c) => (list(c, "kubernetesClusters")[0].clusterName = "c".repeat(63)), "azure-byok:kubernetesClusters[0].clusterName", /is 90 characters, over the 80 AKS allows .*use a cluster name of at most 53 characters$/],
    ["an AKS cluster in its own region whose name makes too long a node resource group there", (c) => Object.assign(list(c, "kubernetesClusters")[0], { location: "australiasoutheast", clusterName: "c".repeat(53) }), "azure-byok:kubernetesClusters[0].clusterName", /_australiasoutheast is 88 characters.*at most 45 characters$/],
    ["a SQL server whose generated 63-character name makes its endpoint's default name pe-<63> too long", (c) => Object.assign(list(c, "sqlServers")[0], { name: "s".repeat(56), privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] }), "azure-byok:sqlServers[0].privateEndpoints[0].name", /the default name "pe-s{56}-<6 random>" is 66 characters, over a private endpoint name's 64/],
    ["a PostgreSQL server named with 63 characters and an endpoint left to its default name", (c) => Object.assign(list(c, "postgresqlServers")[0], { serverName: "p".repeat(63), privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] }), "azure-byok:postgresqlServers[0].privateEndpoints[0].name", /"pe-p{63}" is 66 characters.*shorten serverName to at most 61 characters$/],
    ["a MySQL server named with 63 characters and an endpoint left to its default name", (c) => Object.assign(list(c, "mysqlServers")[0], { serverName: "m".repeat(63), privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] }), "azure-byok:mysqlServers[0].privateEndpoints[0].name", /"pe-m{63}" is 66 characters/],
    ["a vault diagnostic setting name with a slash", (c) => (vault(c, 0).diagnostics = [{ name: "audit/kv", workspaceResourceId: WORKSPACE }]), "azure-byok:vaults[0].diagnostics[0].name", /^"audit\/kv" \(8 characters\) is not a diagnostic setting name: 1–260 characters, none of/],
    ["a vault diagnostic setting name with a colon", (c) => (vault(c, 0).diagnostics = [{ name: "audit:kv", workspaceResourceId: WORKSPACE }]), "azure-byok:vaults[0].diagnostics[0].name", /is not a diagnostic setting name/],
    ["a vault diagnostic setting name of 261 characters", (c) => (vault(c, 0).diagnostics = [{ name: "x".repeat(261), workspaceResourceId: WORKSPACE }]), "azure-byok:vaults[0].diagnostics[0].name", /\(261 characters\) is not a diagnostic setting name/],
    ["a vault diagnostic setting mixing a log category with a category group, which Azure refuses", (c) => (vault(c, 0).diagnostics = [{ name: "audit", workspaceResourceId: WORKSPACE, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }, { categoryGroup: "audit" }] }]), "azure-byok:vaults[0].diagnostics[0].logCategoriesAndGroups", /^mixes categories and category groups, which Azure refuses in one setting; list only categories or only category groups \(allLogs holds every category\)$/],
    ["a vault diagnostic setting's metric category Key Vault does not have", (c) => (vault(c, 0).diagnostics = [{ name: "audit", workspaceResourceId: WORKSPACE, metricCategories: [{ category: "Availability" }] }]), "azure-byok:vaults[0].diagnostics[0].metricCategories[0].category", /AllMetrics/],
    ["a vault diagnostic setting listing a log category twice, in two cases, as Azure reads them", (c) => (vault(c, 0).diagnostics = [{ name: "audit", workspaceResourceId: WORKSPACE, logCategoriesAndGroups: [{ category: "AuditEvent" }, { category: "auditevent" }] }]), "azure-byok:vaults[0].diagnostics[0].logCategoriesAndGroups", /^lists a category or category group twice; list each once$/],
    ["a vault diagnostic setting's category group Key Vault does not have", (c) => (vault(c, 0).diagnostics = [{ name: "audit", workspaceResourceId: WORKSPACE, logCategoriesAndGroups: [{ categoryGroup: "security" }] }]), "azure-byok:vaults[0].diagnostics[0].logCategoriesAndGroups[0].categoryGroup", /expected one of "audit"\|"allLogs"/],
    ["two vault diagnostic settings of one name in different case", (c) => (vault(c, 0).diagnostics = [{ name: "SIEM", workspaceResourceId: WORKSPACE }, { name: "siem", workspaceResourceId: WORKSPACE.replace("/law", "/law-soc") }]), "azure-byok:vaults[0].diagnostics[1].name", /^"siem" already names entry \[0\]; a vault's diagnostic settings need names of their own, in any case$/],
    ["an AKS cluster sharing a config name with a storage account", (c) => (list(c, "kubernetesClusters")[0].name = "sttest"), "azure-byok:kubernetesClusters[0].name", /already used by azure-byok:storageAccounts\[0\]\.name/],
    ["a private IP rule on a storage account", (c) => Object.assign(list(c, "storageAccounts")[0], { publicNetworkAccess: "Enabled", ipRules: ["192.168.1.0/24"] }), "azure-byok:storageAccounts[0].ipRules[0]", /public addresses only/],
    ["a SAS lifetime written as a number of days", (c) => (list(c, "storageAccounts")[0].sasPolicy = { sasExpirationPeriod: "7" }), "azure-byok:storageAccounts[0].sasPolicy.sasExpirationPeriod", /"7" is not a SAS lifetime: days.hours:minutes:seconds, e.g. "0.01:00:00" for an hour/],
    ["an access-key expiry of part of a day", (c) => (list(c, "storageAccounts")[0].keyPolicy = { keyExpirationPeriodInDays: 0.5 }), "azure-byok:storageAccounts[0].keyPolicy.keyExpirationPeriodInDays", /0.5 is not a whole number of days/],
    ["blob soft delete kept for no days", (c) => (list(c, "storageAccounts")[0].deleteRetentionPolicy = { days: 0 }), "azure-byok:storageAccounts[0].deleteRetentionPolicy.days", /0 is not a whole number of days from 1 to 365/],
    ["container soft delete off with retention days", (c) => (list(c, "storageAccounts")[0].containerDeleteRetentionPolicy = { enabled: false, days: 14 }), "azure-byok:storageAccounts[0].containerDeleteRetentionPolicy.days", /only with soft delete on/],
    ["permanent deletion of soft-deleted blobs, which the program does not offer", (c) => (list(c, "storageAccounts")[0].deleteRetentionPolicy = { enabled: true, allowPermanentDelete: true }), "azure-byok:storageAccounts[0].deleteRetentionPolicy.allowPermanentDelete", /not a setting this program reads; it reads enabled, days/],
    ["a pinned key version that is not a version", (c) => (list(c, "diskEncryptionSets")[0].keyVersion = "current"), "azure-byok:diskEncryptionSets[0].keyVersion", /32 lowercase hex/],
    ["a disk encryption set without a key", (c) => delete list(c, "diskEncryptionSets")[0].key, "azure-byok:diskEncryptionSets[0].key", /is required/],
    ["a federated credential trusting a plain-http issuer", (c) => (list(c, "applications")[0].federatedCredentials = [{ name: "release", issuer: "http://idp.contoso.com", subject: "backup" }]), "azure-byok:applications[0].federatedCredentials[0].issuer", /the https URL of the vendor's identity provider/],
    ["a federated credential without a subject", (c) => (list(c, "applications")[0].federatedCredentials = [{ name: "release", issuer: "https://token.actions.githubusercontent.com" }]), "azure-byok:applications[0].federatedCredentials[0].subject", /is required/],
    ["an application handing its credentials over to a vault that does not exist", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-handover" }), "azure-byok:applications[1].secretsExportConfiguration.vault", /"kv-handover" is not a vault in azure-byok:vaults/],
    ["a handover naming as current a client secret the application does not have", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", current: { clientSecret: "secondary" } }), "azure-byok:applications[1].secretsExportConfiguration.current.clientSecret", /^"secondary" is not one of the application's clientSecrets \(they are "primary"\)/],
    ["a handover naming as current a certificate of an application with none", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", current: { certificate: "primary" } }), "azure-byok:applications[1].secretsExportConfiguration.current.certificate", /^"primary" is not one of the application's certificates \(it has none\)/],
    ["a handover naming as current the client secret's value instead of its entry's name", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", current: { clientSecret: "Fk38Q~notAReal.Secret_0123456789abcdefghij" } }), "azure-byok:applications[1].secretsExportConfiguration.current.clientSecret", /^is not a credential name \(letters, digits and hyphens, 1–63\), so not repeated here: it may be the credential itself; name the clientSecrets entry the vendor uses now \(they are "primary"\)$/],
    ["a handover's current with a misspelt credential kind", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", current: { secret: "primary" } }), "azure-byok:applications[1].secretsExportConfiguration.current.secret", /^is not a setting this program reads; did you mean "clientSecret"\?$/],
    ["an application whose rotation secret is another application's credential's secret", (c) => {
        list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main" };
        list(c, "applications").push({ name: "appliance-primary", clientSecrets: [{ name: "standby" }], secretsExportConfiguration: { vault: "kv-edge", current: { clientSecret: "standby" } } });
    }, "azure-byok:applications[2].secretsExportConfiguration", /^would write the secret "appliance-primary-client-secret", as azure-byok:applications\[1\] \(appliance\) writes "appliance-primary-client-secret": one Pulumi resource name for two credentials; rename an application or a credential$/],
    ["two applications writing one secret name in two cases to one vault", (c) => {
        list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main" };
        list(c, "applications").push({ name: "Appliance-primary", clientSecrets: [{ name: "standby" }], secretsExportConfiguration: { vault: "KV-MAIN", current: { clientSecret: "standby" } } });
    }, "azure-byok:applications[2].secretsExportConfiguration", /^would write the secret "Appliance-primary-client-secret", as azure-byok:applications\[1\] \(appliance\) writes "appliance-primary-client-secret": one Key Vault secret \(Key Vault reads names in any case\) for two credentials; rename an application or a credential$/],
    // The secrets are named from the entry's name; its displayName, which defaults to it, is what Entra shows and may keep the spaces.
    ["an application named with spaces handing its credentials over", (c) => { const a = list(c, "applications")[1]; a.name = "Contoso Backup Vendor (prod)"; a.secretsExportConfiguration = { vault: "kv-main" }; }, "azure-byok:applications[1].name", /^makes the handed-over secret "Contoso Backup Vendor \(prod\)-primary-client-secret", and Key Vault takes only letters, digits and hyphens in a secret's name: give the application a name of those alone, and a displayName for what Microsoft Entra shows, which may keep spaces and other characters$/],
    ["a credential name that makes a handed-over secret longer than Key Vault's 127 characters", (c) => { const a = list(c, "applications")[1]; a.name = "a".repeat(100); a.clientSecrets = [{ name: "s".repeat(20) }]; a.secretsExportConfiguration = { vault: "kv-main" }; }, "azure-byok:applications[1].clientSecrets[0].name", /^with the application's name makes the handed-over secret "a{100}-s{20}-client-secret", of 135 characters, and Key Vault takes at most 127; shorten this name or the application's$/],
    ["a handover reader without its principal type", (c) => (list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", readers: [{ principalId: "6a1d2f3e-4b5c-4d6e-8f70-8192a3b4c5d6" }] }), "azure-byok:applications[1].secretsExportConfiguration.readers[0].principalType", /^is required \(one of "User", "Group", "ServicePrincipal"\)$/],
    ["an application whose name, its display name by default, is longer than Graph takes", (c) => (list(c, "applications")[0].name = `backup-${"v".repeat(293)}`), "azure-byok:applications[0].name", /^is 300 characters, and the application's displayName defaults to it; Microsoft Graph takes a displayName of at most 256/],
    ["an application granted a key that does not exist", (c) => (list(c, "applications")[0].access = [{ key: "nope", permissions: "applicationCrypto" }]), "azure-byok:applications[0].access[0].key", /"nope" is not a key/],
    ["an application granted a vault that does not exist", (c) => (list(c, "applications")[1].access = [{ vault: "kv-nope", permissions: "keyManagementAppliance" }]), "azure-byok:applications[1].access[0].vault", /"kv-nope" is not a vault/],
    ["an application granted encrypt/decrypt on a wrapping key", (c) => (list(c, "applications")[0].access = [{ key: "cmk-a", permissions: "applicationCrypto" }]), "azure-byok:applications[0].access[0].key", /lacks encrypt, decrypt/],
    ["an appliance granted a standard vault", (c) => (list(c, "applications")[1].access = [{ vault: "kv-edge", permissions: "keyManagementAppliance" }]), "azure-byok:applications[1].access[0].vault", /needs a premium vault/],
    ["key management granted on one key", (c) => (list(c, "applications")[1].access = [{ key: "cmk-a", permissions: "keyManagementAppliance" }]), "azure-byok:applications[1].access[0].vault", /is required/],
    ["an application granted one key twice, written in two cases", (c) => (list(c, "applications")[0].access = [{ key: "app-key", permissions: "applicationCrypto" }, { key: "App-Key", permissions: "applicationCrypto" }]), "azure-byok:applications[0].access[1].key", /^"App-Key" names the key access\[0\] already grants; grant each key or vault once per application$/],
    ["an appliance granted one vault twice", (c) => (list(c, "applications")[1].access = [{ vault: "kv-main", permissions: "keyManagementAppliance" }, { vault: "kv-main", permissions: "keyManagementAppliance" }]), "azure-byok:applications[1].access[1].vault", /names the vault access\[0\] already grants/],
    ["an appliance on an RBAC vault asking vaultRead, which its Crypto Officer carries already", (c) => (list(c, "applications")[1].access = [{ vault: "kv-main", permissions: "keyManagementAppliance", vaultRead: true }]), "azure-byok:applications[1].access[0].vaultRead", /^is true, but keyManagementAppliance on an RBAC vault assigns Key Vault Crypto Officer there/],
    ["vaultRead on two access entries in one vault", (c) => {
        (vault(c, 0).keys as Record<string, unknown>[]).push({ name: "app-sign", kty: "RSA-HSM", purpose: "signing" });
        list(c, "applications")[0].access = [{ key: "app-key", permissions: "applicationCrypto", vaultRead: true }, { key: "app-sign", permissions: "signing", vaultRead: true }];
    }, "azure-byok:applications[0].access[1].vaultRead", /^asks Key Vault Reader on vault "kv-main", as the grant at index 0 does already/],
    ["vaultRead written as text", (c) => (list(c, "applications")[0].access = [{ key: "app-key", permissions: "applicationCrypto", vaultRead: "yes" }]), "azure-byok:applications[0].access[0].vaultRead", /boolean/],
    ["listKeys beside applicationCrypto on an RBAC vault, where vaultRead lists keys", (c) => (list(c, "applications")[0].access = [{ key: "app-key", permissions: "applicationCrypto", listKeys: true }]), "azure-byok:applications[0].access[0].listKeys", /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), .*assign Key Vault Reader on the vault instead \(vaultRead: true on the application's grant or access entry\), and leave listKeys out$/],
    ["listKeys beside cmkService on an RBAC vault, whose role on the key lists nothing", (c) => (list(c, "applications")[0].access = [{ key: "cmk-a", permissions: "cmkService", listKeys: true }]), "azure-byok:applications[0].access[0].listKeys", /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), where cmkService is Key Vault Crypto Service Encryption User on the one key .*: leave listKeys out: a CMK service needs no list there/],
    ["listKeys beside keyManagementAppliance, which lists keys already", (c) => (list(c, "applications")[1].access = [{ vault: "kv-main", permissions: "keyManagementAppliance", listKeys: true }]), "azure-byok:applications[1].access[0].listKeys", /^is for cmkService, applicationCrypto and signing: keyManagementAppliance lists keys already$/],
    ["listKeys without vaultRead on a vault preparing its RBAC migration", (c) => {
        Object.assign(vault(c, 1), { enableRbacAuthorization: false, prepareRbacMigration: true });
        key(c, 1, 0).purpose = "applicationCrypto";
        list(c, "applications")[0].access = [{ key: "soft-key", permissions: "applicationCrypto", listKeys: true }];
    }, "azure-byok:applications[0].access[0].listKeys", /^is true on a vault that prepares its move to Azure RBAC \(prepareRbacMigration\), .*set vaultRead: true on the grant too/],
    ["listKeys written as text", (c) => (list(c, "applications")[0].access = [{ key: "app-key", permissions: "applicationCrypto", listKeys: "yes" }]), "azure-byok:applications[0].access[0].listKeys", /boolean/],
    ["an access entry naming both a key and a vault", (c) => (list(c, "applications")[0].access = [{ key: "app-key", vault: "kv-main", permissions: "applicationCrypto" }]), "azure-byok:applications[0].access[0]", /exactly one of key/],
    ["an application granted two keys of one access-policy vault", (c) => {
        vault(c, 1).enableRbacAuthorization = false;
        (vault(c, 1).keys as Record<string, unknown>[]).push({ name: "soft-sign", kty: "EC", purpose: "signing" });
        key(c, 1, 0).purpose = "applicationCrypto";
        list(c, "applications")[0].access = [{ key: "soft-key", permissions: "applicationCrypto" }, { key: "soft-sign", permissions: "signing" }];
    }, "azure-byok:applications[0].access[1].key", /one per principal and vault, so the two would overwrite each other/],
    ["a vault firewall that keeps out the CMK services using its key", (c) => (vault(c, 0).networkRules = { bypass: "None" }), "azure-byok:vaults[0].networkRules.bypass", /registries\[0\] \(acrtest\) encrypts with key "cmk-a" of this vault, reaching it as a trusted Azure service/],
    ["an application with no credential", (c) => (list(c, "applications")[0].certificates = []), "azure-byok:applications[0].certificates", /at least one credential/],
    ["an application network that is not IPv4", (c) => (list(c, "applications")[1].allowedNetworks = ["appliance.example.com"]), "azure-byok:applications[1].allowedNetworks[0]", /not an IPv4 address/],
    ["an application network in a private range, which the vault's firewall would refuse", (c) => (list(c, "applications")[1].allowedNetworks = ["203.0.113.16/28", "10.50.8.0/24"]), "azure-byok:applications[1].allowedNetworks[1]", /"10\.50\.8\.0\/24" is a private \(RFC 1918\) range/],
    ["a multi-tenant application without the opt-in", (c) => (list(c, "applications")[0].signInAudience = "AzureADMultipleOrgs"), "azure-byok:applications[0].signInAudience", /allowMultiTenant/],
    ["the multi-tenant opt-in without the audience", (c) => (list(c, "applications")[0].allowMultiTenant = true), "azure-byok:applications[0].allowMultiTenant", /signInAudience: "AzureADMultipleOrgs"/],
    ["a CMK key whose keyOps leave out unwrapKey", (c) => Object.assign(key(c, 0, 0), { purpose: "cmkService", keyOps: ["wrapKey"] }), "azure-byok:vaults[0].keys[0].keyOps", /lacks unwrapKey, which purpose cmkService needs/],
    ["a certificate valid for five years", (c) => (list(c, "applications")[0].certificates = [{ name: "primary", validityDays: 1825 }]), "azure-byok:applications[0].certificates[0].validityDays", /730/],
    ["a certificate subject's country written out", (c) => (list(c, "applications")[0].certificates = [{ name: "primary", subject: { country: "Netherlands" } }]), "azure-byok:applications[0].certificates[0].subject.country", /two capital letters/],
    ["a client secret valid for three years", (c) => (list(c, "applications")[1].clientSecrets = [{ name: "primary", validityDays: 1095 }]), "azure-byok:applications[1].clientSecrets[0].validityDays", /730/],
    ["a supplied certificate that is not a certificate", (c) => (list(c, "applications")[0].certificates = [{ name: "vendor", certificatePem: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----" }]), "azure-byok:applications[0].certificates[0].certificatePem", /certificate/],
    ["two applications with one name", (c) => (list(c, "applications")[1].name = "Vendor"), "azure-byok:applications[1].name", /already used by azure-byok:applications\[0\]\.name/],
    ["two services with one name", (c) => (list(c, "diskEncryptionSets")[0].name = "sttest"), "azure-byok:diskEncryptionSets[0].name", /already used by azure-byok:storageAccounts\[0\]\.name/],
    ["an existing vault's resource group with a space", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "Security Keys", networkRules: undefined, sku: undefined }), "azure-byok:vaults[1].resourceGroupName", /1–90 letters/],
    ["an existing identity's resource group ending in a slash", (c) => (list(c, "identities")[0] = { name: "id-shared", existing: true, identityName: "id-platform", resourceGroupName: "rg-security/" }), "azure-byok:identities[0].resourceGroupName", /1–90 letters/],
    ["a private endpoint's resource group with spaces", (c) => (list(c, "registries")[0].privateEndpoints = [{ subnetResourceId: `${SUBNETS}/pe`, resourceGroupName: "rg hub endpoints" }]), "azure-byok:registries[0].privateEndpoints[0].resourceGroupName", /1–90 letters/],
    ["an existing vault without its name in Azure", (c) => Object.assign(vault(c, 1), { existing: true, resourceGroupName: "rg-security", networkRules: undefined, sku: undefined }), "azure-byok:vaults[1].vaultName", /required for an existing vault/],
    ["an existing vault given settings that shape it", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security" }), "azure-byok:vaults[1].networkRules", /configures the vault, which this stack leaves alone/],
    ["an existing vault given a private endpoint", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, privateEndpoints: [{ subnetResourceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps" }] }), "azure-byok:vaults[1].privateEndpoints", /configures the vault, which this stack leaves alone/],
    ["an existing vault given key events", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, eventSubscriptions: [{ name: "hook", webhookUrl: "https://hooks.contoso.com/" }] }), "azure-byok:vaults[1].eventSubscriptions", /configures the vault, which this stack leaves alone/],
    ["an existing vault in the group the stack creates", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", networkRules: undefined }), "azure-byok:vaults[1].resourceGroupName", /cannot be rg-byok-test: the stack creates that group/],
    ["a resource group for a vault the stack creates", (c) => (vault(c, 1).resourceGroupName = "rg-security"), "azure-byok:vaults[1].resourceGroupName", /only for an existing vault/],
    ["an existing key in a vault the stack creates", (c) => (key(c, 0, 0).existing = true), "azure-byok:vaults[0].keys[0].existing", /only for a key in an existing vault/],
    ["an existing key given a rotation policy", (c) => {
        Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, sku: undefined });
        Object.assign(key(c, 1, 0), { existing: true, kty: "RSA-HSM", rotationPolicy: { timeAfterCreate: "P30D" } });
    }, "azure-byok:vaults[1].keys[0].rotationPolicy", /shapes the key, which this stack leaves alone/],
    ["an existing identity without its name in Azure", (c) => Object.assign(list(c, "identities")[0], { existing: true, resourceGroupName: "rg-platform" }), "azure-byok:identities[0].identityName", /required for an existing identity/],
    ["an existing identity in the group the stack creates", (c) => Object.assign(list(c, "identities")[0], { existing: true, identityName: "id-platform" }), "azure-byok:identities[0].resourceGroupName", /cannot be rg-byok-test: the stack creates that group/],
    ["a resource group for an identity the stack creates", (c) => (list(c, "identities")[0].resourceGroupName = "rg-platform"), "azure-byok:identities[0].resourceGroupName", /only for an existing identity/],
    ["an existing vault in a subscription that is not a GUID", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, subscriptionId: "platform-security" }), "azure-byok:vaults[1].subscriptionId", /must be a subscription id \(a GUID\)/],
    ["a subscription for a vault the stack creates", (c) => (vault(c, 1).subscriptionId = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"), "azure-byok:vaults[1].subscriptionId", /only for an existing vault.*stack's subscription/],
    ["a subscription for an identity the stack creates", (c) => (list(c, "identities")[0].subscriptionId = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"), "azure-byok:identities[0].subscriptionId", /only for an existing identity.*stack's subscription/],
    ["an entry's region with a hyphen in it", (c) => (list(c, "storageAccounts")[0].location = "north-europe"), "azure-byok:storageAccounts[0].location", /must be an Azure region, by name \(westeurope\) or display name \(West Europe\); it defaults to azure-byok:location/],
    ["a disk encryption set outside its key vault's region", (c) => (list(c, "diskEncryptionSets")[0].location = "northeurope"), "azure-byok:diskEncryptionSets[0].key", /is a key of a vault in westeurope, but the disk encryption set is in northeurope; a disk encryption set takes keys only from a vault in its own region/],
    ["a cluster outside its disk encryption set's region", (c) => (list(c, "kubernetesClusters")[0].location = "northeurope"), "azure-byok:kubernetesClusters[0].location", /is northeurope, but its disk encryption set "des-test" is in westeurope; a cluster's nodes take a disk encryption set in the cluster's own region/],
    ["two disk encryption sets in two regions on one existing vault", (c) => {
        Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, sku: undefined });
        (c.diskEncryptionSets as Record<string, unknown>[]).push({ name: "des-a", key: "soft-key" }, { name: "des-b", key: "soft-key", location: "northeurope" });
    }, "azure-byok:diskEncryptionSets[2].location", /is northeurope, but diskEncryptionSets\[1\] takes keys from the same vault "kv-edge" in westeurope/],
    ["a PostgreSQL server outside its key vault's region", (c) => (list(c, "postgresqlServers")[0].location = "northeurope"), "azure-byok:postgresqlServers[0].key", /is a key of a vault in westeurope, but the server is in northeurope; PostgreSQL takes its data encryption key only from a key store in the server's own region/],
    ["a MySQL server outside its key vault's region", (c) => (list(c, "mysqlServers")[0].location = "northeurope"), "azure-byok:mysqlServers[0].key", /is a key of a vault in westeurope, but the server is in northeurope; MySQL takes its data encryption key only from a key vault in the server's own region/],
    ["a disk encryption set and a PostgreSQL server in two regions on one existing vault", (c) => {
        Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, sku: undefined });
        (c.diskEncryptionSets as Record<string, unknown>[]).push({ name: "des-a", key: "soft-key" });
        (c.postgresqlServers as Record<string, unknown>[]).push({ name: "pg-b", key: "soft-key", location: "northeurope", administrator: { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } });
    }, "azure-byok:postgresqlServers[1].location", /is northeurope, but diskEncryptionSets\[1\] takes keys from the same vault "kv-edge" in westeurope; disk encryption sets, PostgreSQL and MySQL servers take keys only from a vault in their own region/],
    ["a disk encryption set and a MySQL server in two regions on one existing vault", (c) => {
        Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, sku: undefined });
        (c.diskEncryptionSets as Record<string, unknown>[]).push({ name: "des-a", key: "soft-key" });
        c.mysqlServers = [{ name: "mysql-b", key: "soft-key", location: "northeurope" }];
    }, "azure-byok:mysqlServers[0].location", /is northeurope, but diskEncryptionSets\[1\] takes keys from the same vault "kv-edge" in westeurope; disk encryption sets, PostgreSQL and MySQL servers take keys only from a vault in their own region/],
    ["a region for an existing vault", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", networkRules: undefined, sku: undefined, location: "northeurope" }), "azure-byok:vaults[1].location", /configures the vault, which this stack leaves alone/],
    ["protect on an existing identity", (c) => Object.assign(list(c, "identities")[0], { existing: true, identityName: "id-platform", resourceGroupName: "rg-platform", protect: false }), "azure-byok:identities[0].protect", /protects the identity, which this stack neither makes nor deletes/],
    ["a region for an existing identity", (c) => Object.assign(list(c, "identities")[0], { existing: true, identityName: "id-platform", resourceGroupName: "rg-platform", location: "northeurope" }), "azure-byok:identities[0].location", /places the identity, which this stack leaves alone/],
    ["an existing vault whose name is not a vault name", (c) => Object.assign(vault(c, 1), { existing: true, vaultName: "kv_central", resourceGroupName: "rg-security", networkRules: undefined }), "azure-byok:vaults[1].vaultName", /not a vault name/],
];

let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks({ resourceGroups: [] }));
});

test("the base config is valid, so each case below fails for its one change", () => {
    expect(() => parseStackConfig(base())).not.toThrow();
});

test.each(cases)("rejects %s, naming the key path, before registering anything", async (_title, mutate, path, rule) => {
    const raw = base();
    mutate(raw);
    let caught: unknown;
    try {
        await program(parseStackConfig(raw));
    } catch (e) {
        caught = e;
    }
    await settle();
    expect(recorder.requests).toEqual([]);
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    const issue = error.issues.find((i) => i.path === path);
    expect({ paths: error.issues.map((i) => i.path), issue }).toEqual({ paths: expect.arrayContaining([path]), issue: expect.objectContaining({ message: expect.stringMatching(rule) }) });
    expect(error.message).toContain(`${path}: `);
});

test("a SQL server's key names are judged once, as the program names the key's vault", () => {
    const withKey = (keyName: string, vaultName?: string) => {
        const raw = base();
        if (vaultName !== undefined) vault(raw, 0).vaultName = vaultName;
        (vault(raw, 0).keys as Record<string, unknown>[]).push({ name: keyName });
        list(raw, "sqlServers")[0].key = keyName;
        return raw;
    };
    const atKey = (raw: Raw) => {
        try {
            parseStackConfig(raw);
            return [];
        } catch (e) {
            return (e as ConfigError).issues.filter((i) => i.path === "azure-byok:sqlServers[0].key");
        }
    };
    expect(atKey(withKey("k".repeat(71), "kv-main-westeurope-00001"))).toHaveLength(1);
    expect(atKey(withKey("k".repeat(70), "kv-main-westeurope-00001"))).toEqual([]);
    // "kv-main-" and 6 random characters leave 80.
    expect(atKey(withKey("k".repeat(80)))).toEqual([]);
});

test("a SQL geo-secondary on a key of its own may pin its version while its primary follows rotation, and the other way round", () => {
    const secondary = (keyVersion: string | undefined, primaryVersion: string | undefined) => {
        const raw = base();
        Object.assign(list(raw, "sqlServers")[0], { keyVersion: primaryVersion });
        list(raw, "sqlServers").push({ name: "sql-b", key: "soft-key", keyVersion, geoSecondaryOf: "sql-test", administrator: { login: "a", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" } });
        return raw;
    };
    expect(() => parseStackConfig(secondary("0123456789abcdef0123456789abcdef", undefined))).not.toThrow();
    expect(() => parseStackConfig(secondary(undefined, "0123456789abcdef0123456789abcdef"))).not.toThrow();
});

test("has at least 40 distinct bad configs", () => {
    expect(new Set(cases.map(([title]) => title)).size).toBeGreaterThanOrEqual(40);
});

test("Azure names in one resource group are compared only where one object would be managed twice, and a duplicate config name is reported once", () => {
    // Two entries reading one existing identity manage nothing; one in another group is another identity.
    const reads = base();
    reads.createResourceGroup = false;
    list(reads, "identities").push({ name: "id-p1", existing: true, identityName: "id-platform", resourceGroupName: "rg-platform" }, { name: "id-p2", existing: true, identityName: "ID-Platform", resourceGroupName: "rg-platform" }, { name: "id-p3", existing: true, identityName: "sttest-identity", resourceGroupName: "rg-platform" });
    expect(() => parseStackConfig(reads)).not.toThrow();
    // A service that shares an identity makes none of its own.
    const sharing = base();
    list(sharing, "identities").push({ name: "sttest-identity" });
    list(sharing, "storageAccounts")[0].identity = "id-shared";
    expect(() => parseStackConfig(sharing)).not.toThrow();
    // Two services with one config name are reported as such, not again through the identities and sets named for them.
    const twice = base();
    list(twice, "diskEncryptionSets").push({ name: "DES-test", key: "cmk-a" });
    expect(configIssuesOf(twice)).toEqual([{ path: "azure-byok:diskEncryptionSets[1].name", message: '"DES-test" is already used by azure-byok:diskEncryptionSets[0].name; service names must be unique' }]);
});

describe("an application reaching a vault the stack creates from outside Azure", () => {
    const PE_SUBNET = `${SUBNETS}/pe`;
    /** A backup vendor on key afi-backup of vault kv-afi, as README's recipe has it; `vault` and `app` change one thing. */
    const vendorStack = (vault: Record<string, unknown> = {}, app: Record<string, unknown> = {}): Raw => ({
        resourceGroupName: "rg-byok-afi",
        location: "westeurope",
        vaults: [{ name: "kv-afi", keys: [{ name: "afi-backup", purpose: "applicationCrypto" }], ...vault }],
        applications: [{ name: "afi-backup", certificates: [{ name: "primary" }], access: [{ key: "afi-backup", permissions: "applicationCrypto" }], ...app }],
    });
    const fix = "give the application's public egress ranges as azure-byok:applications[0].allowedNetworks (they open the vault's firewall to those ranges alone), a private endpoint on the vault (azure-byok:vaults[0].privateEndpoints) when the application reaches it from a network joined to it, or azure-byok:applications[0].privateNetworkAccess: true when it reaches the vault through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)";

    test("is refused at its access entry, naming the vault, when the vault is closed to public networks (the default) and has no private endpoint", async () => {
        let caught: unknown;
        try {
            await program(parseStackConfig(vendorStack()));
        } catch (e) {
            caught = e;
        }
        await settle();
        expect(recorder.requests).toEqual([]);
        expect(caught).toBeInstanceOf(ConfigError);
        expect((caught as ConfigError).issues).toEqual([{
            path: "azure-byok:applications[0].access[0]",
            message: `reaches vault "kv-afi", which admits no traffic from this application: its public network access is off (the default: no IP or subnet rule opens it) and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; ${fix}`,
        }]);
    });

    test("is refused the same way on a vault whose publicNetworkAccess is Disabled, and on an appliance's vault-wide grant", () => {
        expect(configIssuesOf(vendorStack({ publicNetworkAccess: "Disabled" }))).toEqual([{
            path: "azure-byok:applications[0].access[0]",
            message: `reaches vault "kv-afi", which admits no traffic from this application: its publicNetworkAccess is Disabled and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; ${fix}`,
        }]);
        const appliance = vendorStack({ sku: "premium" }, { certificates: undefined, clientSecrets: [{ name: "primary" }], access: [{ vault: "kv-afi", permissions: "keyManagementAppliance" }] });
        expect(configIssuesOf(appliance).map((i) => i.path)).toEqual(["azure-byok:applications[0].access[0]"]);
    });

    test("on a vault whose networkRules say defaultAction Allow with no rule, is told the public endpoint is still off unless Enabled is written", () => {
        // The vault's own entry is refused too: "Allow" there would open nothing.
        expect(configIssuesOf(vendorStack({ networkRules: { defaultAction: "Allow" } })).filter((i) => i.path.startsWith("azure-byok:vaults")).map((i) => i.path)).toEqual(["azure-byok:vaults[0].networkRules.defaultAction"]);
        expect(configIssuesOf(vendorStack({ networkRules: { defaultAction: "Allow" } })).filter((i) => i.path.startsWith("azure-byok:applications"))).toEqual([{
            path: "azure-byok:applications[0].access[0]",
            message: `reaches vault "kv-afi", which admits no traffic from this application: its public network access is off (with no IP or subnet rule, publicNetworkAccess is Disabled unless Enabled is written, whatever networkRules.defaultAction says) and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; ${fix}`,
        }]);
    });

    test("on a vault whose networkRules say defaultAction Allow, opened by the application's allowedNetworks, is refused at the vault: Allow would open it to every network unasked", () => {
        const issues = configIssuesOf(vendorStack({ networkRules: { defaultAction: "Allow" } }, { allowedNetworks: ["198.51.100.0/28"] }));
        expect(issues.filter((i) => i.path.startsWith("azure-byok:vaults"))).toEqual([{ path: "azure-byok:vaults[0].networkRules.defaultAction", message: expect.stringMatching(/^is "Allow", which admits every network, so the vault's IP and subnet rules \(and applications' allowedNetworks\) admit nothing more/) }]);
        expect(() => parseStackConfig(vendorStack({ publicNetworkAccess: "Enabled", networkRules: { defaultAction: "Allow" } }, { allowedNetworks: ["198.51.100.0/28"] }))).not.toThrow();
    });

    test("refuses privateNetworkAccess on an application with no access entry, and beside allowedNetworks, which already open the public endpoint", () => {
        expect(configIssuesOf(vendorStack({}, { access: undefined, certificates: undefined, privateNetworkAccess: true }))).toEqual([{
            path: "azure-byok:applications[0].privateNetworkAccess",
            message: "is true, yet the application has no access entry naming a key or vault it would reach, nor readers of a handover vault; remove it, or add the access",
        }]);
        expect(configIssuesOf(vendorStack({}, { privateNetworkAccess: true, allowedNetworks: ["198.51.100.0/28"] }))).toEqual([{
            path: "azure-byok:applications[0].privateNetworkAccess",
            message: "is true, which says the application reaches its vaults only through a private network, while azure-byok:applications[0].allowedNetworks opens their public endpoint to it; keep allowedNetworks alone for an application that calls from those public ranges, or privateNetworkAccess alone to keep the vaults' public endpoint closed to it",
        }]);
        expect(() => parseStackConfig(vendorStack({}, { access: undefined, certificates: undefined, privateNetworkAccess: false }))).not.toThrow();
    });

    test.each([
        ["its own allowedNetworks, which open the vault's firewall to them", {}, { allowedNetworks: ["198.51.100.0/28"] }],
        ["privateNetworkAccess, for a private endpoint made outside the stack", {}, { privateNetworkAccess: true }],
        ["a private endpoint on the vault", { privateEndpoints: [{ subnetResourceId: PE_SUBNET }] }, {}],
        ["the vault's own IP rules", { networkRules: { ipRules: ["198.51.100.0/28"] } }, {}],
        ["the vault's public endpoint on", { publicNetworkAccess: "Enabled", networkRules: { defaultAction: "Allow" } }, {}],
    ])("is taken with %s", (_title, vault, app) => {
        expect(() => parseStackConfig(vendorStack(vault, app))).not.toThrow();
    });

    test("is left to the read of Azure on an existing vault, whose firewall the stack does not set", () => {
        expect(() => parseStackConfig(vendorStack({ existing: true, vaultName: "kv-central", resourceGroupName: "rg-security", keys: [{ name: "afi-backup", existing: true, purpose: "applicationCrypto" }] }))).not.toThrow();
    });
});

describe("readers of an application's handed-over secrets, on a vault the stack creates", () => {
    const GROUP = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    /** A backup vendor on an open kv-afi, handing its certificate over in kv-handover to a group; `handover` and `app` change one thing. */
    const handoverStack = (handover: Record<string, unknown> = {}, app: Record<string, unknown> = {}): Raw => ({
        resourceGroupName: "rg-afi",
        location: "northeurope",
        vaults: [
            { name: "kv-afi", networkRules: { ipRules: ["198.51.100.0/28"] }, keys: [{ name: "afi-backup", purpose: "applicationCrypto" }] },
            { name: "kv-handover", keys: [], ...handover },
        ],
        applications: [{
            name: "afi-backup",
            certificates: [{ name: "cert-2026" }],
            access: [{ key: "afi-backup", permissions: "applicationCrypto" }],
            allowedNetworks: ["198.51.100.0/28"],
            secretsExportConfiguration: { vault: "kv-handover", readers: [{ principalId: GROUP, principalType: "Group" }], current: { certificate: "cert-2026" } },
            ...app,
        }],
    });
    const closed = "its public network access is off (the default: no IP or subnet rule opens it) and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there, and a person or pipeline reading a secret is neither";
    const ways = "open its firewall to the readers' public ranges (azure-byok:vaults[1].networkRules.ipRules), give it a private endpoint (azure-byok:vaults[1].privateEndpoints) in a network the readers reach it from, or azure-byok:applications[0].secretsExportConfiguration.privateNetworkAccess: true when they reach it through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)";
    const withHandover = (extra: Record<string, unknown>) => ({ secretsExportConfiguration: { vault: "kv-handover", readers: [{ principalId: GROUP, principalType: "Group" }], current: { certificate: "cert-2026" }, ...extra } });

    test("are refused at the handover vault, naming the readers and their own acknowledgement, when it admits no data-plane traffic, as the application's own access would be", () => {
        expect(configIssuesOf(handoverStack())).toEqual([{
            path: "azure-byok:applications[0].secretsExportConfiguration.vault",
            message: `"kv-handover" admits no traffic from the readers of the handed-over secrets (azure-byok:applications[0].secretsExportConfiguration.readers): ${closed}; ${ways}`,
        }]);
        expect(configIssuesOf(handoverStack({ publicNetworkAccess: "Disabled" })).map((i) => [i.path, /: (its publicNetworkAccess is Disabled) and/.exec(i.message)?.[1]])).toEqual([
            ["azure-byok:applications[0].secretsExportConfiguration.vault", "its publicNetworkAccess is Disabled"],
        ]);
        // An application without allowedNetworks is offered the same: the readers' way in is theirs, not the application's.
        expect(configIssuesOf(handoverStack({}, { allowedNetworks: undefined }))).toEqual([{
            path: "azure-byok:applications[0].secretsExportConfiguration.vault",
            message: `"kv-handover" admits no traffic from the readers of the handed-over secrets (azure-byok:applications[0].secretsExportConfiguration.readers): ${closed}; ${ways}`,
        }]);
    });

    // A vendor calling from its public range on kv-afi, its credentials read from a closed kv-handover through a hub's private endpoint.
    test.each([
        ["beside the application's allowedNetworks", {}],
        ["for an application without allowedNetworks", { allowedNetworks: undefined }],
        ["for an application with no access yet", { allowedNetworks: undefined, access: undefined }],
    ])("are taken with their own privateNetworkAccess %s", (_title, app) => {
        expect(() => parseStackConfig(handoverStack({ publicNetworkAccess: "Disabled" }, { ...app, ...withHandover({ privateNetworkAccess: true }) }))).not.toThrow();
    });

    test("are taken with the application's privateNetworkAccess, which covers its readers too", () => {
        expect(() => parseStackConfig(handoverStack({}, { allowedNetworks: undefined, privateNetworkAccess: true }))).not.toThrow();
        expect(() => parseStackConfig(handoverStack({}, { allowedNetworks: undefined, access: undefined, privateNetworkAccess: true }))).not.toThrow();
    });

    test("refuse a handover's privateNetworkAccess with no readers, who are all it speaks for", () => {
        const noReaders = { secretsExportConfiguration: { vault: "kv-handover", current: { certificate: "cert-2026" }, privateNetworkAccess: true } };
        expect(configIssuesOf(handoverStack({}, noReaders))).toEqual([{
            path: "azure-byok:applications[0].secretsExportConfiguration.privateNetworkAccess",
            message: "is true, yet the handover has no readers who would reach its vault; remove it, or add azure-byok:applications[0].secretsExportConfiguration.readers",
        }]);
        // false says nothing: the closed vault is refused for the readers as without it.
        expect(configIssuesOf(handoverStack({}, withHandover({ privateNetworkAccess: false }))).map((i) => i.path)).toEqual(["azure-byok:applications[0].secretsExportConfiguration.vault"]);
    });

    test.each([
        ["no readers", {}, { secretsExportConfiguration: { vault: "kv-handover", current: { certificate: "cert-2026" } } }],
        ["the vault's own IP rules", { networkRules: { ipRules: ["203.0.113.0/28"] } }, {}],
        ["a private endpoint on the vault", { privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe` }] }, {}],
        ["the vault's public endpoint on", { publicNetworkAccess: "Enabled" }, {}],
        ["the application's own access there, whose allowedNetworks open its firewall", {}, { secretsExportConfiguration: { vault: "kv-afi", readers: [{ principalId: GROUP, principalType: "Group" }] } }],
        ["an existing vault, whose firewall is Azure's", { existing: true, vaultName: "kv-handover-central", resourceGroupName: "rg-security" }, {}],
    ])("are taken with %s", (_title, handover, app) => {
        expect(() => parseStackConfig(handoverStack(handover, app))).not.toThrow();
    });
});

test("two applications' secret names alike but for case, in two vaults, are two resources and two secrets: taken", () => {
    const raw = base();
    list(raw, "applications")[1].secretsExportConfiguration = { vault: "kv-main" };
    list(raw, "applications").push({ name: "Appliance-primary", clientSecrets: [{ name: "standby" }], secretsExportConfiguration: { vault: "kv-edge", current: { clientSecret: "standby" } } });
    expect(() => parseStackConfig(raw)).not.toThrow();
});

test("a vendor that lists keys (Veeam) on an access-policy vault asks listKeys on its access entry, and its access policy lists them", async () => {
    const veeam = (vaultSettings: Record<string, unknown>, access: Record<string, unknown>): Raw => ({
        resourceGroupName: "rg-byok-veeam",
        location: "westeurope",
        vaults: [{ name: "kv-veeam", enableRbacAuthorization: false, keys: [{ name: "veeam-repo", purpose: "applicationCrypto" }], ...vaultSettings }],
        applications: [{ name: "veeam", certificates: [{ name: "primary" }], access: [{ key: "veeam-repo", permissions: "applicationCrypto", vaultRead: true, ...access }], allowedNetworks: ["198.51.100.0/28"] }],
    });
    recorder.clear();
    await program(parseStackConfig(veeam({}, { listKeys: true })));
    await settle();
    expect(recorder.refused).toEqual([]);
    const policy = recorder.find("azure-native:keyvault:AccessPolicy", "veeam-veeam-repo-access-policy");
    expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "encrypt", "decrypt", "list"] });
    // On a vault preparing its move to RBAC, vaultRead beside it is what lists keys after the move: taken.
    expect(() => parseStackConfig(veeam({ prepareRbacMigration: true }, { listKeys: true }))).not.toThrow();
    // On an RBAC vault, vaultRead alone lists them.
    expect(() => parseStackConfig(veeam({ enableRbacAuthorization: true }, {}))).not.toThrow();
});

test("a key and a vault of one name granted to one application are refused at the access entry, naming both, not at a grant name the config has no setting for", () => {
    const stack = (keyName: string) => ({
        resourceGroupName: "rg", location: "westeurope",
        vaults: [{ name: "hsm", keys: [{ name: keyName, purpose: "applicationCrypto" }] }],
        applications: [{ name: "vendor", certificates: [{ name: "c" }], privateNetworkAccess: true, access: [{ key: keyName, permissions: "applicationCrypto" }, { vault: "hsm", permissions: "keyManagementAppliance" }] }],
    });
    expect(configIssuesOf(stack("hsm") as Raw)).toEqual([{
        path: "azure-byok:applications[0].access[1].vault",
        message: '"hsm" is vault azure-byok:vaults[0].name, and access[0] grants key azure-byok:vaults[0].keys[0].name of the same name: an application\'s grants are named for the key or vault they are on, so the two grants would have one name; rename the key or the vault',
    }]);
    // Grant names keep their case, as the grants' resource names do: "HSM" and "hsm" are two.
    expect(() => parseStackConfig(stack("HSM"))).not.toThrow();
});

test("an application registered before its vendor hands over a certificate, with no credential and no access yet, is taken; granted access, it needs a credential", () => {
    const step = (access: boolean): Raw => ({
        resourceGroupName: "rg-byok-afi",
        location: "westeurope",
        vaults: [{ name: "kv-afi", keys: [{ name: "afi-backup", purpose: "applicationCrypto" }] }],
        applications: [{ name: "afi-backup", displayName: "Afi Backup", ...(access ? { access: [{ key: "afi-backup", permissions: "applicationCrypto" }], allowedNetworks: ["198.51.100.0/28"] } : {}) }],
    });
    expect(() => parseStackConfig(step(false))).not.toThrow();
    expect(configIssuesOf(step(true))).toEqual([{ path: "azure-byok:applications[0].certificates", message: expect.stringMatching(/^is empty and no client secret or federated credential is asked for, yet the application is granted key access it could never sign in to use/) }]);
});

test("an existing vault or identity in another subscription may be in a group named like the stack's: it is another group", () => {
    const raw = base();
    Object.assign(vault(raw, 1), { existing: true, vaultName: "kv-central", networkRules: undefined, subscriptionId: "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" });
    Object.assign(list(raw, "identities")[0], { existing: true, identityName: "id-platform", subscriptionId: "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" });
    expect(() => parseStackConfig(raw)).not.toThrow();
});

test("a resource group name in letters of any script is Azure's to take (Char.IsLetterOrDigit)", () => {
    const raw = base();
    raw.resourceGroupName = "rg-zürich-東京-١٢";
    expect(parseStackConfig(raw).resourceGroupName).toBe("rg-zürich-東京-١٢");
});

test("a vault, its disk encryption set, PostgreSQL and MySQL servers on its key and the cluster on it may all be in a region of their own", () => {
    const raw = base();
    vault(raw, 0).location = "NorthEurope";
    list(raw, "diskEncryptionSets")[0].location = "northeurope";
    list(raw, "postgresqlServers")[0].location = "North Europe";
    list(raw, "mysqlServers")[0].location = "north europe";
    list(raw, "kubernetesClusters")[0].location = "northeurope";
    expect(() => parseStackConfig(raw)).not.toThrow();
});

describe("a Cosmos DB account's key in a vault the stack closes to the public network", () => {
    const closed = (vault: Record<string, unknown>, extra: Record<string, unknown> = {}): Raw => ({
        resourceGroupName: "rg-cosmos",
        location: "westeurope",
        vaults: [{ name: "kv-cosmos", keys: [{ name: "cmk-cosmos" }], ...vault }],
        cosmosDbAccounts: [{ name: "cosmos-orders", key: "cmk-cosmos" }],
        ...extra,
    });
    const FIX = "set the vault's publicNetworkAccess to Enabled, the setting Microsoft's Cosmos DB guide names, with a firewall that still denies other traffic by default and lets trusted Azure services through (networkRules defaultAction Deny, bypass AzureServices: this product's defaults), or use a key in such a vault";
    const WHY = "Cosmos DB cannot use a key in a vault reachable only through private endpoints (Microsoft's Cosmos DB CMK guide), and Key Vault's trusted services, which still pass a vault with public access disabled, do not include Cosmos DB";

    test("is refused at the account's key, naming the vault setting that serves it, on the default vault (public access off for want of rules)", () => {
        expect(configIssuesOf(closed({}))).toEqual([{
            path: "azure-byok:cosmosDbAccounts[0].key",
            message: `"cmk-cosmos" is in vault "kv-cosmos", and its public network access is off (the default: no IP or subnet rule opens it): ${WHY}; ${FIX}`,
        }]);
    });

    test("is refused with publicNetworkAccess Disabled written, and with private endpoints, which serve their network's clients, not Cosmos DB", () => {
        expect(configIssuesOf(closed({ publicNetworkAccess: "Disabled" })).map((i) => i.message)).toEqual([expect.stringContaining(`and its publicNetworkAccess is Disabled: ${WHY}`)]);
        const endpoint = { privateEndpoints: [{ subnetResourceId: `${SUBNETS}/apps` }] };
        expect(configIssuesOf(closed(endpoint)).map((i) => i.message)).toEqual([expect.stringContaining("(the default: no IP or subnet rule opens it) (its private endpoints serve clients in their network, not Cosmos DB): ")]);
    });

    test("is taken with the vault's public endpoint on: written, or opened by its own or an application's IP rules", () => {
        expect(() => parseStackConfig(closed({ publicNetworkAccess: "Enabled" }))).not.toThrow();
        expect(() => parseStackConfig(closed({ networkRules: { ipRules: ["203.0.113.0/24"] } }))).not.toThrow();
        const vendor = { applications: [{ name: "vendor", certificates: [{ name: "primary" }], access: [{ key: "cmk-cosmos", permissions: "cmkService" }], allowedNetworks: ["198.51.100.0/28"] }] };
        expect(() => parseStackConfig(closed({}, vendor))).not.toThrow();
    });
});

test("a key of an existing vault with access policies is granted to no principal by the stack: the vault's owner makes its one entry per principal", () => {
    const raw = {
        resourceGroupName: "rg-access",
        location: "westeurope",
        vaults: [{ name: "kv-legacy", existing: true, vaultName: "kv-legacy", resourceGroupName: "rg-central", enableRbacAuthorization: false, keys: [{ name: "legacy-cmk", existing: true, access: [{ principalId: "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", permissions: "cmkService" }] }] }],
    };
    expect(() => parseStackConfig(raw)).toThrow(/azure-byok:vaults\[0\]\.keys\[0\]\.access: grants key "legacy-cmk" in an existing vault with access policies, .*have the owner grant it, or use a key in a vault with Azure RBAC/);
    // On an RBAC vault each grant is a role on its own key: one principal may have two.
    const rbac = { resourceGroupName: "rg-access", location: "westeurope", vaults: [{ name: "kv-rbac", keys: ["k1", "k2"].map((name) => ({ name, access: [{ principalId: "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", permissions: "cmkService" }] })) }] };
    expect(() => parseStackConfig(rbac)).not.toThrow();
    // The same key in an existing RBAC vault is granted as a role on the key.
    expect(() => parseStackConfig({ ...raw, vaults: [{ ...raw.vaults[0], enableRbacAuthorization: true }] })).not.toThrow();
});

test("a vault open to every network needs no bypass for its CMK services", () => {
    const c = base();
    vault(c, 0).publicNetworkAccess = "Enabled";
    vault(c, 0).networkRules = { bypass: "None", defaultAction: "Allow" };
    let issues: { path: string }[] = [];
    try {
        parseStackConfig(c);
    } catch (e) {
        issues = (e as ConfigError).issues;
    }
    expect(issues.filter((i) => i.path.endsWith("networkRules.bypass"))).toEqual([]);
});

test("an AKS cluster's KMS key whose versions expire too soon is reported once, at the key's own rotationPolicy, and rotating more often is taken", () => {
    const c = base();
    const kms = (vault(c, 0).keys as Raw[])[1];
    kms.rotationPolicy = { expiryTime: "P200D" };
    expect(configIssuesOf(c).map((i) => i.path)).toEqual(["azure-byok:vaults[0].keys[1].rotationPolicy"]);
    kms.rotationPolicy = { expiryTime: "P200D", timeAfterCreate: "P85D" };
    expect(() => parseStackConfig(c)).not.toThrow();
});

test("a deployed AKS cluster with a private link to an access-policy vault takes the move to RBAC: its vault's prepareRbacMigration deploy is accepted", () => {
    const c = base();
    vault(c, 0).enableRbacAuthorization = false;
    expect(configIssuesOf(c).map((i) => i.path)).toEqual(["azure-byok:kubernetesClusters[0].keyVaultNetworkAccess"]);
    vault(c, 0).prepareRbacMigration = true;
    expect(() => parseStackConfig(c)).not.toThrow();
});

describe("the two AKS KMS refusals on a closed vault agree on the way out", () => {
    const messageAt = (c: Raw) => configIssuesOf(c).find((i) => i.path === "azure-byok:kubernetesClusters[0].keyVaultNetworkAccess")?.message ?? "";
    const publicOn = (model: Record<string, unknown>) => {
        const c = base();
        Object.assign(vault(c, 0), model);
        list(c, "kubernetesClusters")[0].keyVaultNetworkAccess = "Public";
        return c;
    };

    test("on an access-policy vault Public's refusal sends the user where Private's does, not to Private as it stands", () => {
        const publicMessage = messageAt(publicOn({ enableRbacAuthorization: false }));
        const c = publicOn({ enableRbacAuthorization: false });
        delete list(c, "kubernetesClusters")[0].keyVaultNetworkAccess;
        const privateMessage = messageAt(c);
        expect(publicMessage).toBe(`is "Public", but vault "kv-main" (of key "app-key") is closed to public networks, and its firewall admits no AKS KMS plugin; "Private" (a private link, with apiServerSubnetId) needs an RBAC vault, and vault "kv-main" uses access policies: ${KMS_PRIVATE_LINK_FIX}, with keyVaultNetworkAccess "Private"`);
        expect(privateMessage).toContain(KMS_PRIVATE_LINK_FIX);
        // The fix both name, taken: the vault prepares its move, the cluster keeps the default Private.
        vault(c, 0).prepareRbacMigration = true;
        expect(() => parseStackConfig(c)).not.toThrow();
    });

    test("on an RBAC vault, or one preparing its move, Public's refusal says to leave Private, which is then accepted", () => {
        for (const model of [{}, { enableRbacAuthorization: false, prepareRbacMigration: true }]) {
            const c = publicOn(model);
            expect(messageAt(c)).toMatch(/its firewall admits no AKS KMS plugin; leave keyVaultNetworkAccess at "Private" \(a private link, with apiServerSubnetId\)$/);
            delete list(c, "kubernetesClusters")[0].keyVaultNetworkAccess;
            expect(() => parseStackConfig(c)).not.toThrow();
        }
    });
});

test("an AKS cluster reaches a vault open to every network over public access, without an API server subnet", () => {
    const c = base();
    vault(c, 0).publicNetworkAccess = "Enabled";
    vault(c, 0).networkRules = { defaultAction: "Allow" };
    Object.assign(list(c, "kubernetesClusters")[0], { keyVaultNetworkAccess: "Public", apiServerSubnetId: undefined });
    expect(() => parseStackConfig(c)).not.toThrow();
});

test("a control character in a config name is refused, naming each key and the rule, without printing the name", () => {
    const raw = base();
    vault(raw, 0).name = "kv\n::error file=README.md,line=1::forged";
    (vault(raw, 1).keys as Record<string, unknown>[])[0].name = "soft\u001b[2J";
    list(raw, "applications")[0].name = "vendor\r";
    list(raw, "storageAccounts")[0].name = "st\ttest";
    list(raw, "registries")[0].key = "cmk-a\u0085";
    const rule = "must not contain a control character (a line break, tab or escape): config names become Pulumi resource names and Azure names";
    const issues = configIssuesOf(raw);
    expect(issues).toEqual([
        { path: "azure-byok:vaults[0].name", message: rule },
        { path: "azure-byok:vaults[1].keys[0].name", message: rule },
        { path: "azure-byok:applications[0].name", message: rule },
        { path: "azure-byok:registries[0].key", message: rule },
        { path: "azure-byok:storageAccounts[0].name", message: rule },
    ]);
    // Names in any script, with spaces and punctuation, are still names.
    const other = base();
    list(other, "applications")[0].name = "Vendor App (Zürich) 東京";
    expect(() => parseStackConfig(other)).not.toThrow();
});

test("lists every problem in one message", () => {
    const raw = base();
    vault(raw, 0).softDeleteRetentionInDays = 3;
    list(raw, "registries")[0].key = "nope";
    // The MySQL server on that vault's key is refused too: MySQL takes keys only from a vault keeping them 90 days.
    expect(() => parseStackConfig(raw)).toThrow(/3 problems:\n {2}- azure-byok:vaults\[0\]\.softDeleteRetentionInDays: .*\n {2}- azure-byok:registries\[0\]\.key: .*\n {2}- azure-byok:mysqlServers\[0\]\.key: is a key of a vault that keeps deleted keys 3 days/);
});

test("reads structured values from Pulumi's config map and ignores other namespaces", () => {
    const raw = rawConfig({ "azure-byok:location": "westeurope", "azure-byok:vaults": "[{\"name\":\"kv\"}]", "azure-native:location": "northeurope", "azure-native:subscriptionId": "x" });
    expect(raw).toEqual({ location: "westeurope", vaults: [{ name: "kv" }] });
});

test("takes a region name in any case or its display name, as ARM does (Pulumi's templates write WestUS2, Terraform's West Europe), and passes it on unchanged", () => {
    for (const location of ["westus2", "WestUS2", "NorthEurope", "West Europe", "East US 2"]) {
        expect(parseStackConfig({ ...base(), location }).location).toBe(location);
    }
});

test("takes the location from azure-native:location when the stack gives only the provider's, and judges it as its own", () => {
    expect(rawConfig({ "azure-byok:resourceGroupName": "rg", "azure-native:location": "northeurope" })).toEqual({ resourceGroupName: "rg", location: "northeurope" });
    // The portal's label there is refused as it would be in azure-byok:location, and the message says where it came from.
    const withoutLocation = base();
    delete withoutLocation.location;
    expect(() => parseStackConfig({ ...withoutLocation, ...rawConfig({ "azure-native:location": "(Europe) North Europe" }) })).toThrow(
        /azure-byok:location: must be an Azure region, by name \(westeurope\) or display name \(West Europe\); it defaults to azure-native:location/,
    );
});

test("the example stacks are valid", () => {
    for (const file of ["Pulumi.dev.yaml", "Pulumi.minimal.yaml", "Pulumi.central.yaml"]) {
        expect(() => parseStackConfig(rawConfig(readStackConfigFile(file)))).not.toThrow();
    }
});

test("a tag named like a member of every JavaScript object is refused where it is written, before the schema mangles it", () => {
    const raw = { ...base(), tags: JSON.parse('{"constructor":"platform","__proto__":"x","owner":"team"}') as Record<string, string> };
    (raw.vaults[0] as Record<string, unknown>).tags = { toString: "x" };
    expect(() => parseStackConfig(raw)).toThrow(ConfigError);
    try {
        parseStackConfig(raw);
    } catch (e) {
        expect((e as ConfigError).issues.map((i) => i.path)).toEqual(["azure-byok:vaults[0].tags.toString", "azure-byok:tags.constructor", "azure-byok:tags.__proto__"]);
    }
});

describe("the tags a key or a handed-over secret gets, the stack's with its entry's, are held to Key Vault's limits: 15, a key's names 256 characters", () => {
    const tags = (n: number, prefix = "t") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "x"]));
    const oneKey = (extra: Record<string, unknown> = {}): Raw => ({ resourceGroupName: "rg-tags", location: "westeurope", vaults: [{ name: "kv-tags", keys: [{ name: "cmk-a" }] }], ...extra });
    const LONG = "n".repeat(257);

    test("the stack's 15 tags are taken; 16 are refused at azure-byok:tags, naming the key they would go on", () => {
        expect(() => parseStackConfig(oneKey({ tags: tags(15) }))).not.toThrow();
        expect(configIssuesOf(oneKey({ tags: tags(16) }))).toEqual([
            { path: "azure-byok:tags", message: 'has 16 tags, which go on key "cmk-a" (azure-byok:vaults[0].keys[0]); a Key Vault key takes at most 15 (put related values in one tag as JSON)' },
        ]);
        const fourKeys = oneKey({ tags: tags(16), vaults: [{ name: "kv-tags", keys: ["a", "b", "c", "d"].map((k) => ({ name: `cmk-${k}` })) }] });
        expect(configIssuesOf(fourKeys)[0].message).toMatch(/^has 16 tags, which go on keys "cmk-a" \(azure-byok:vaults\[0\]\.keys\[0\]\), "cmk-b" \(.*\), "cmk-c" \(.*\) and 1 more; a Key Vault key takes at most 15/);
    });

    test("a key entry's own tags are refused at its tags: more than 15, or more than 15 with the stack's; a name it shares with the stack's counts once", () => {
        const withKeyTags = (stack: Record<string, string>, own: Record<string, string>) => oneKey({ tags: stack, vaults: [{ name: "kv-tags", keys: [{ name: "cmk-a", tags: own }] }] });
        expect(configIssuesOf(withKeyTags({}, tags(16)))).toEqual([
            { path: "azure-byok:vaults[0].keys[0].tags", message: "has 16 tags; a Key Vault key takes at most 15 (put related values in one tag as JSON)" },
        ]);
        expect(configIssuesOf(withKeyTags(tags(10), tags(6, "k")))).toEqual([
            { path: "azure-byok:vaults[0].keys[0].tags", message: "with the stack's tags gives the key 16 tags; a Key Vault key takes at most 15" },
        ]);
        // Names the entry gives over the stack's, in any case, are the stack's replaced.
        expect(() => parseStackConfig(withKeyTags(tags(10), { T0: "y", t1: "y", k0: "x", k1: "x", k2: "x", k3: "x", k4: "x" }))).not.toThrow();
        // Vaults and services take ARM's 50.
        expect(() => parseStackConfig(oneKey({ vaults: [{ name: "kv-tags", tags: tags(40) }] }))).not.toThrow();
    });

    test("a tag name of 257 characters is refused on a key, where its entry or the stack's writes it, and taken on a vault", () => {
        expect(() => parseStackConfig(oneKey({ vaults: [{ name: "kv-tags", tags: { [LONG]: "x" }, keys: [{ name: "cmk-a" }] }] }))).not.toThrow();
        expect(configIssuesOf(oneKey({ vaults: [{ name: "kv-tags", keys: [{ name: "cmk-a", tags: { [LONG]: "x" } }] }] }))).toEqual([
            { path: `azure-byok:vaults[0].keys[0].tags.${LONG}`, message: "is 257 characters; a tag name is at most 256 on a Key Vault key" },
        ]);
        expect(configIssuesOf(oneKey({ tags: { [LONG]: "x" } }))).toEqual([
            { path: `azure-byok:tags.${LONG}`, message: 'is 257 characters and goes on key "cmk-a" (azure-byok:vaults[0].keys[0]); a tag name is at most 256 on a Key Vault key' },
        ]);
    });

    test("an application's handed-over secrets take the stack's tags: 16 are refused at azure-byok:tags, naming the application", () => {
        const handover = { resourceGroupName: "rg-tags", location: "westeurope", tags: tags(16), vaults: [{ name: "kv-tags" }], applications: [{ name: "vendor", clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { vault: "kv-tags" } }] };
        expect(configIssuesOf(handover)).toEqual([
            { path: "azure-byok:tags", message: 'has 16 tags, which go on the Key Vault secrets application "vendor" (azure-byok:applications[0].secretsExportConfiguration) hands over; a Key Vault secret takes at most 15 (put related values in one tag as JSON)' },
        ]);
        expect(() => parseStackConfig({ ...handover, tags: tags(15) })).not.toThrow();
    });

    describe("keyTags: the stack's tags keys and handed-over secrets carry, for a landing zone's 16 or more", () => {
        const handover = { applications: [{ name: "vendor", clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { vault: "kv-tags" } }] };

        test("takes 15 of the stack's 20 for keys and secrets, and refuses 16, naming what they go on", () => {
            expect(() => parseStackConfig(oneKey({ tags: tags(20), keyTags: Object.keys(tags(15)), ...handover }))).not.toThrow();
            expect(configIssuesOf(oneKey({ tags: tags(20), keyTags: Object.keys(tags(16)), ...handover }))).toEqual([
                { path: "azure-byok:keyTags", message: 'picks 16 tags, which go on key "cmk-a" (azure-byok:vaults[0].keys[0]) and the Key Vault secrets application "vendor" (azure-byok:applications[0].secretsExportConfiguration) hands over; a Key Vault key or secret takes at most 15 (put related values in one tag as JSON)' },
            ]);
        });

        test("names tags of azure-byok:tags, each once, in any case", () => {
            expect(configIssuesOf(oneKey({ tags: { costCenter: "1", owner: "me" }, keyTags: ["costcentre", "Owner", "owner", "env"] }))).toEqual([
                { path: "azure-byok:keyTags[0]", message: '"costcentre" is not a tag of azure-byok:tags, whose tags keys and handed-over secrets carry a subset of; did you mean "costCenter"?' },
                { path: "azure-byok:keyTags[2]", message: '"owner" is keyTags[1] again; name each tag once' },
                { path: "azure-byok:keyTags[3]", message: '"env" is not a tag of azure-byok:tags, whose tags keys and handed-over secrets carry a subset of; name one of: costCenter, owner' },
            ]);
        });

        test("holds the names it picks to a key's 256 characters, and leaves a longer name to the stack's other resources", () => {
            expect(() => parseStackConfig(oneKey({ tags: { [LONG]: "x", owner: "me" }, keyTags: ["owner"] }))).not.toThrow();
            expect(configIssuesOf(oneKey({ tags: { [LONG]: "x" }, keyTags: [LONG] })).map((i) => i.path)).toEqual(["azure-byok:keyTags[0]"]);
        });

        test("counts a key entry's own tags with the ones it picks", () => {
            const raw = oneKey({ tags: tags(20), keyTags: Object.keys(tags(10)), vaults: [{ name: "kv-tags", keys: [{ name: "cmk-a", tags: tags(6, "k") }] }] });
            expect(configIssuesOf(raw)).toEqual([{ path: "azure-byok:vaults[0].keys[0].tags", message: "with the stack's tags gives the key 16 tags; a Key Vault key takes at most 15" }]);
        });
    });

    test("an existing key takes no tags, so the stack's 16 are taken beside it", () => {
        expect(() => parseStackConfig(oneKey({ tags: tags(16), vaults: [{ name: "kv-old", existing: true, vaultName: "kv-platform", resourceGroupName: "rg-platform", keys: [{ name: "cmk-old", existing: true }] }] }))).not.toThrow();
    });
});

test("a text setting keeps the text Pulumi hands over, quoted digits included; other settings are read as JSON", () => {
    const raw = rawConfig({ "azure-byok:resourceGroupName": "20240101", "azure-byok:createResourceGroup": "false", "azure-byok:vaults": "[]" });
    expect(raw).toEqual({ resourceGroupName: "20240101", createResourceGroup: false, vaults: [] });
});

test("a top-level key named like an Object member is a key like any other: refused as unknown, its value never read as settings", () => {
    const base = { "azure-byok:resourceGroupName": "rg-byok", "azure-byok:location": "westeurope", "azure-byok:vaults": JSON.stringify([{ name: "kv-main", keys: [{ name: "key" }] }]) };
    expect(() => parseStackConfig(rawConfig(base))).not.toThrow();
    for (const name of ["__proto__", "constructor", "toString"]) {
        const raw = rawConfig({ ...base, [`azure-byok:${name}`]: JSON.stringify({ createResourceGroup: false, vaults: [{ name: "kv", keys: [{ name: "cmk" }] }] }) });
        expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
        expect(Object.keys(raw)).toContain(name);
        expect(configIssuesOf(raw)).toEqual([{ path: `azure-byok:${name}`, message: expect.stringMatching(/^is not a setting this program reads/) }]);
    }
});

test("a region the stack's cloud does not have is refused where it is written: a misspelt one, or another cloud's", () => {
    const vaults = JSON.stringify([{ name: "kv", location: "West Europ" }, { name: "kv2", location: "North Europe" }]);
    expect(regionConfig({ "azure-byok:location": "westeurop", "azure-byok:vaults": vaults })?.issues).toEqual([
        { path: "azure-byok:location", message: '"westeurop" is not an Azure region; did you mean westeurope?' },
        { path: "azure-byok:vaults[0].location", message: '"West Europ" is not an Azure region; did you mean westeurope?' },
    ]);
    expect(regionConfig({ "azure-byok:location": "chinanorth3" })?.issues).toEqual([{ path: "azure-byok:location", message: '"chinanorth3" is a region of the china cloud; set azure-native:environment to china to deploy there' }]);
    // A Cosmos DB account's failover region is judged as any location.
    const cosmos = JSON.stringify([{ name: "cosmos", key: "k", failoverLocations: [{ locationName: "northeurope" }, { locationName: "North Europ" }] }]);
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:cosmosDbAccounts": cosmos })?.issues).toEqual([
        { path: "azure-byok:cosmosDbAccounts[0].failoverLocations[1].locationName", message: '"North Europ" is not an Azure region; did you mean northeurope?' },
    ]);
    // So is a registry replica's.
    const registries = JSON.stringify([{ name: "acr", key: "k", replications: [{ location: "northeurope" }, { location: "eastus3" }, { location: "chinanorth3" }] }]);
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:registries": registries })?.issues).toEqual([
        { path: "azure-byok:registries[0].replications[2].location", message: '"chinanorth3" is a region of the china cloud; set azure-native:environment to china to deploy there' },
    ]);
    expect(regionConfig({ "azure-native:environment": "china", "azure-native:location": "westeurope", "azure-byok:location": "China North 3" })?.issues).toEqual([
        { path: "azure-native:location", message: '"westeurope" is not a region of the china cloud that azure-native:environment names; use one of chinaeast, chinaeast2, chinaeast3, chinanorth, chinanorth2, chinanorth3' },
    ]);
    // Two letters swapped is a slip too.
    expect(regionConfig({ "azure-byok:location": "westeruope" })?.issues).toEqual([{ path: "azure-byok:location", message: '"westeruope" is not an Azure region; did you mean westeurope?' }]);
    // A public region newer than the list (another number, or two letters from a known one), or nothing near one, is Azure's to judge.
    for (const location of ["marsnorth", "westus4", "northeurope2", "italysouth", "germanysouth"]) {
        expect(regionConfig({ "azure-byok:location": location })).toBeUndefined();
    }
    expect(regionConfig({ "azure-native:environment": "usgovernment", "azure-byok:location": "usgovvirginia" })).toBeUndefined();
});

test("a cloud is read as azure-native reads it: its Azure CLI names in any case, else ARM_ENVIRONMENT, else AZURE_ENVIRONMENT; an unknown name is refused", () => {
    for (const environment of ["AzureUSGovernment", "usgov", "AzureUSGovernmentCloud", "USGovernmentL4", "usgovernment"]) {
        expect(regionConfig({ "azure-native:environment": environment, "azure-byok:location": "usgovvirginia" })).toBeUndefined();
    }
    expect(regionConfig({ "azure-native:environment": "AzureChinaCloud", "azure-byok:location": "westeurope" })?.issues).toEqual([
        { path: "azure-byok:location", message: '"westeurope" is not a region of the china cloud that azure-native:environment names; use one of chinaeast, chinaeast2, chinaeast3, chinanorth, chinanorth2, chinanorth3' },
    ]);
    // A China stack's vault endpoint registered in the public cloud's zone is caught under the CLI's name for China too.
    const zone = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";
    const subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe";
    const vaults = JSON.stringify([{ name: "kv", privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: [zone] }] }]);
    expect(regionConfig({ "azure-native:environment": "AzureChinaCloud", "azure-byok:location": "chinanorth3", "azure-byok:vaults": vaults })?.issues.map((i) => i.path)).toEqual(["azure-byok:vaults[0].privateEndpoints[0].privateDnsZoneResourceIds[0]"]);
    const saved = { ARM_ENVIRONMENT: process.env.ARM_ENVIRONMENT, AZURE_ENVIRONMENT: process.env.AZURE_ENVIRONMENT };
    delete process.env.ARM_ENVIRONMENT;
    process.env.AZURE_ENVIRONMENT = "usgovernment";
    try {
        expect(regionConfig({ "azure-byok:location": "usgovvirginia" })).toBeUndefined();
        process.env.ARM_ENVIRONMENT = "public";
        expect(regionConfig({ "azure-byok:location": "usgovvirginia" })?.issues[0].message).toBe('"usgovvirginia" is a region of the usgovernment cloud; set azure-native:environment to usgovernment to deploy there');
        process.env.ARM_ENVIRONMENT = "AzureGermanCloud";
        expect(regionConfig({ "azure-byok:location": "westeurope" })?.issues).toEqual([
            { path: "ARM_ENVIRONMENT", message: '"AzureGermanCloud" is not a cloud azure-native knows, which it would take as the public cloud without a word; use public (AzureCloud), usgovernment (AzureUSGovernment) or china (AzureChinaCloud)' },
        ]);
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
    expect(regionConfig({ "azure-native:environment": "germany", "azure-byok:location": "westeurope" })?.issues.map((i) => i.path)).toEqual(["azure-native:environment"]);
});

test("a geography, the global location or a name with no letters is refused as no region, with the regions meant", () => {
    expect(regionConfig({ "azure-byok:location": "europe", "azure-byok:vaults": JSON.stringify([{ name: "kv", location: "UK" }]) })?.issues).toEqual([
        { path: "azure-byok:location", message: '"europe" is a geography, not a region: ARM lists it (regionType Logical) but deploys no vault, key or service there; use one of its regions, such as northeurope, westeurope' },
        { path: "azure-byok:vaults[0].location", message: '"UK" is a geography, not a region: ARM lists it (regionType Logical) but deploys no vault, key or service there; use one of its regions, such as uksouth, ukwest' },
    ]);
    expect(regionConfig({ "azure-byok:location": "global" })?.issues).toEqual([
        { path: "azure-byok:location", message: '"global" is the global location, not a region: ARM lists it (regionType Logical) but deploys no vault, key or service there; use a region' },
    ]);
    for (const location of ["42", "true", "2024 01"]) {
        expect(regionConfig({ "azure-byok:location": location })?.issues).toEqual([{ path: "azure-byok:location", message: `"${location}" is not an Azure region: a region is named by words such as westeurope or eastus2` }]);
    }
});

test("a tag named location is free text, not a region: no tags map, the stack's or an entry's, is judged as one", () => {
    const vaults = JSON.stringify([{ name: "kv", keys: [{ name: "cmk", tags: { location: "Rack 12" } }], tags: { location: "Building 7" } }]);
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:vaults": vaults, "azure-byok:tags": JSON.stringify({ location: "UK" }) })).toBeUndefined();
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:tags": JSON.stringify({ location: "7" }) })).toBeUndefined();
    expect(regionConfig({ "azure-native:environment": "china", "azure-byok:location": "chinanorth3", "azure-byok:vaults": vaults })).toBeUndefined();
    // The entry's own location beside its tags is still a region.
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:vaults": JSON.stringify([{ name: "kv", location: "westeurop", tags: { location: "UK" } }]) })?.issues).toEqual([
        { path: "azure-byok:vaults[0].location", message: '"westeurop" is not an Azure region; did you mean westeurope?' },
    ]);
});

test("a region written with its words in another order is refused with the one meant", () => {
    expect(regionConfig({ "azure-byok:location": "uswest" })?.issues).toEqual([{ path: "azure-byok:location", message: '"uswest" is not an Azure region; did you mean westus?' }]);
    expect(regionConfig({ "azure-byok:location": "Europe West" })?.issues).toEqual([{ path: "azure-byok:location", message: '"Europe West" is not an Azure region; did you mean westeurope?' }]);
});

test("a key named by a slip of one of the stack's keys is refused with the key meant", () => {
    const c = base();
    list(c, "storageAccounts")[0].key = "cmk-b";
    list(c, "diskEncryptionSets")[0].key = "nothing-like-it";
    const issues = configIssuesOf(c);
    expect(issues.filter((i) => /\.key$/.test(i.path))).toEqual([
        { path: "azure-byok:storageAccounts[0].key", message: '"cmk-b" is not a key in this stack\'s vaults; did you mean "cmk-a"?' },
        { path: "azure-byok:diskEncryptionSets[0].key", message: expect.stringMatching(/^"nothing-like-it" is not a key in this stack's vaults; name one of: cmk-a, /) },
    ]);
});

test("a private DNS zone of another cloud is refused where it is written: no client of the stack's cloud looks there", () => {
    const zone = (name: string) => `/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`;
    const subnet = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe";
    const config = (zones: string[], blob: string[]) => ({
        "azure-byok:location": "usgovvirginia",
        "azure-byok:vaults": JSON.stringify([{ name: "kv", privateEndpoints: [{ subnetResourceId: subnet, privateDnsZoneResourceIds: zones.map(zone) }] }]),
        "azure-byok:storageAccounts": JSON.stringify([{ name: "st", key: "k", privateEndpoints: [{ subnetResourceId: subnet, service: "blob", privateDnsZoneResourceIds: blob.map(zone) }] }]),
    });
    expect(regionConfig({ "azure-native:environment": "usgovernment", ...config(["privatelink.vaultcore.azure.net"], ["privatelink.blob.core.chinacloudapi.cn"]) })?.issues).toEqual([
        { path: "azure-byok:vaults[0].privateEndpoints[0].privateDnsZoneResourceIds[0]", message: 'names zone "privatelink.vaultcore.azure.net" of the public cloud, but azure-native:environment is usgovernment, whose clients resolve privatelink.vaultcore.usgovcloudapi.net; use that zone' },
        { path: "azure-byok:storageAccounts[0].privateEndpoints[0].privateDnsZoneResourceIds[0]", message: 'names zone "privatelink.blob.core.chinacloudapi.cn" of the china cloud, but azure-native:environment is usgovernment, whose clients resolve privatelink.blob.core.usgovcloudapi.net; use that zone' },
    ]);
    expect(regionConfig({ "azure-native:environment": "usgovernment", ...config(["privatelink.vaultcore.usgovcloudapi.net"], ["privatelink.blob.core.usgovcloudapi.net"]) })).toBeUndefined();
    // A zone of no known service is the component's to judge.
    expect(regionConfig({ ...config(["privatelink.vaultcore.azure.net"], ["corp.example.com"]), "azure-byok:location": "westeurope" })).toBeUndefined();
});

test("applications in a sovereign cloud need azuread in that cloud too: azuread reads its own environment setting", () => {
    const apps = { "azure-byok:location": "usgovvirginia", "azure-byok:applications": JSON.stringify([{ name: "vendor" }]) };
    expect(regionConfig({ "azure-native:environment": "usgovernment", ...apps })?.issues).toEqual([
        { path: "azuread:environment", message: "is unset (azuread's default, global), but azure-native:environment is usgovernment: the applications would be registered in the public cloud's directory while their keys are in usgovernment; set azuread:environment to usgovernment" },
    ]);
    expect(regionConfig({ "azure-native:environment": "usgovernment", "azuread:environment": "china", ...apps })?.issues.map((i) => i.path)).toEqual(["azuread:environment"]);
    for (const entra of ["usgovernment", "usgovernmentl4", "USGovernmentL5", "dod"]) {
        expect(regionConfig({ "azure-native:environment": "usgovernment", "azuread:environment": entra, ...apps })).toBeUndefined();
    }
    // A public stack with azuread's default, one without applications, or azuread pointed at a metadata host, is left alone.
    expect(regionConfig({ "azure-byok:location": "westeurope", "azure-byok:applications": JSON.stringify([{ name: "vendor" }]) })).toBeUndefined();
    expect(regionConfig({ "azure-native:environment": "usgovernment", "azure-byok:location": "usgovvirginia" })).toBeUndefined();
    expect(regionConfig({ "azure-native:environment": "usgovernment", "azuread:metadataHost": "management.usgovcloudapi.net", ...apps })).toBeUndefined();
});

describe("applications with key access need azuread in azure-native's tenant", () => {
    const NATIVE = "11111111-2222-4333-8444-555555555555";
    const ENTRA = "99999999-8888-4777-8666-555555555555";
    const withApps = (applications: unknown[]) => ({ "azure-byok:location": "westeurope", "azure-byok:applications": JSON.stringify(applications) });
    const withAccess = withApps([{ name: "backup-vendor", access: [{ key: "backup", permissions: "applicationCrypto" }] }]);
    let armTenant: string | undefined;
    beforeEach(() => {
        armTenant = process.env.ARM_TENANT_ID;
        delete process.env.ARM_TENANT_ID;
    });
    afterEach(() => {
        if (armTenant === undefined) delete process.env.ARM_TENANT_ID;
        else process.env.ARM_TENANT_ID = armTenant;
    });

    test("refuses two configured tenants, naming azuread:tenantId and the applications granted", () => {
        expect(regionConfig({ "azure-native:tenantId": NATIVE, "azuread:tenantId": ENTRA, ...withAccess })?.issues).toEqual([{
            path: "azuread:tenantId",
            message: `is ${ENTRA}, but azure-native:tenantId is ${NATIVE}: the stack would register application backup-vendor in tenant ${ENTRA} and make its key grants in tenant ${NATIVE}, which has no service principal of ${ENTRA}'s applications and whose vaults accept its own tokens only; set azuread:tenantId to ${NATIVE}`,
        }]);
        // Secret readers are the user's own principals in the vault's tenant: an application with only readers is not named.
        const mixed = withApps([
            { name: "export-vendor", secretsExportConfiguration: { vault: "kv", readers: [{ principalId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", principalType: "Group" }] } },
            { name: "signer", certificates: [{ name: "primary" }] },
            { name: "backup-vendor", access: [{ key: "backup", permissions: "applicationCrypto" }] },
        ]);
        expect(regionConfig({ "azure-native:tenantId": NATIVE, "azuread:tenantId": ENTRA, ...mixed })?.issues.map((i) => i.message)).toEqual([
            expect.stringContaining("the stack would register application backup-vendor in tenant"),
        ]);
    });

    test("reads each provider's tenant from its own setting, else a non-empty ARM_TENANT_ID", () => {
        expect(configuredTenantId({}, "azure-native")).toBeUndefined();
        process.env.ARM_TENANT_ID = "";
        expect(configuredTenantId({}, "azuread")).toBeUndefined();
        process.env.ARM_TENANT_ID = ENTRA;
        expect(configuredTenantId({ "azure-native:tenantId": NATIVE }, "azure-native")).toBe(NATIVE);
        expect(configuredTenantId({ "azure-native:tenantId": NATIVE }, "azuread")).toBe(ENTRA);
    });

    test("counts ARM_TENANT_ID for the provider whose setting is absent, as each provider reads it", () => {
        process.env.ARM_TENANT_ID = NATIVE;
        expect(regionConfig({ "azuread:tenantId": ENTRA, ...withAccess })?.issues.map((i) => i.message)).toEqual([expect.stringMatching(new RegExp(`^is ${ENTRA}, but ARM_TENANT_ID, which azure-native reads, is ${NATIVE}:`))]);
        process.env.ARM_TENANT_ID = ENTRA;
        expect(regionConfig({ "azure-native:tenantId": NATIVE, ...withAccess })?.issues.map((i) => i.message)).toEqual([expect.stringMatching(new RegExp(`^is unset \\(azuread reads ARM_TENANT_ID, ${ENTRA}\\), but azure-native:tenantId is ${NATIVE}:`))]);
    });

    test("leaves alone one tenant (in any case), an unknown one, a domain name, and applications with no grant", () => {
        expect(regionConfig({ "azure-native:tenantId": NATIVE, "azuread:tenantId": NATIVE.toUpperCase(), ...withAccess })).toBeUndefined();
        expect(regionConfig({ "azuread:tenantId": ENTRA, ...withAccess })).toBeUndefined();
        expect(regionConfig({ "azure-native:tenantId": NATIVE, ...withAccess })).toBeUndefined();
        expect(regionConfig({ "azure-native:tenantId": NATIVE, "azuread:tenantId": "contoso.onmicrosoft.com", ...withAccess })).toBeUndefined();
        const unGranted = withApps([{ name: "signer", certificates: [{ name: "primary" }], access: [], secretsExportConfiguration: { vault: "kv" } }]);
        expect(regionConfig({ "azure-native:tenantId": NATIVE, "azuread:tenantId": ENTRA, ...unGranted })).toBeUndefined();
    });
});

test("a misspelt namespace is refused with the spelling meant, not ignored; providers' namespaces are left alone", () => {
    const all = { "azure-byk:tags": "{}", "azure_byok:createResourceGroup": "false", "Azure-Byok:location": "westeurope", "azure-native:location": "westeurope", "azuread:tenantId": "t", "random:x": "1", "azure-byok:resourceGroupName": "rg" };
    expect(misplacedConfig(all, "azure-byok")?.issues).toEqual([
        { path: "azure-byk:tags", message: 'is in namespace "azure-byk", which nothing reads; did you mean azure-byok:tags?' },
        { path: "azure_byok:createResourceGroup", message: 'is in namespace "azure_byok", which nothing reads; did you mean azure-byok:createResourceGroup?' },
        { path: "Azure-Byok:location", message: 'is in namespace "Azure-Byok", which nothing reads; did you mean azure-byok:location?' },
    ]);
    expect(misplacedConfig({ "azure-native:location": "westeurope", "azuread:tenantId": "t", "time:x": "1", "azure-byok:vaults": "[]" }, "azure-byok")).toBeUndefined();
});

test("in a renamed project, settings written to the project's own namespace are refused, naming where they belong", () => {
    const all = { "contoso-keys:location": "westeurope", "contoso-keys:vaults": "[]", "azure-byok:resourceGroupName": "rg", "azure-native:location": "westeurope" };
    const error = misplacedConfig(all, "contoso-keys");
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.issues).toEqual([
        { path: "contoso-keys:location", message: "is in the project's own namespace, which this program does not read; set azure-byok:location instead (pulumi config set azure-byok:location ...)" },
        { path: "contoso-keys:vaults", message: "is in the project's own namespace, which this program does not read; set azure-byok:vaults instead (pulumi config set azure-byok:vaults ...)" },
    ]);
    expect(misplacedConfig(all, "azure-byok")).toBeUndefined();
    expect(misplacedConfig({ "azure-byok:resourceGroupName": "rg" }, "contoso-keys")).toBeUndefined();
});

test("names Azure reads without regard to case are taken in any case, as the portal and Terraform write them; others are refused as before", () => {
    const c = base();
    vault(c, 0).sku = "Premium";
    Object.assign(vault(c, 1), { sku: "Standard", enableRbacAuthorization: false, accessPolicies: [{ objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", keyPermissions: ["Get", "List", "Encrypt", "Decrypt"] }] });
    vault(c, 1).networkRules = { ipRules: ["203.0.113.0/24"], defaultAction: "deny", bypass: "azureservices" };
    Object.assign((c.storageAccounts as Record<string, unknown>[])[0], { skuName: "standard_zrs" });
    Object.assign((c.cosmosDbAccounts as Record<string, unknown>[])[0], { publicNetworkAccess: "disabled" });
    const config = parseStackConfig(c);
    expect(config.vaults[0].sku).toBe("premium");
    expect(config.vaults[1]).toMatchObject({ sku: "standard", networkRules: { defaultAction: "Deny", bypass: "AzureServices" } });
    expect(config.storageAccounts?.[0].skuName).toBe("Standard_ZRS");
    expect(config.cosmosDbAccounts?.[0].publicNetworkAccess).toBe("Disabled");
    // Key permissions reach the vault with Azure's own names; one that is none is named, with those that are.
    const bad = base();
    Object.assign(vault(bad, 1), { enableRbacAuthorization: false, accessPolicies: [{ objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90", keyPermissions: ["WrapKey", "Unwrap"] }] });
    expect(() => parseStackConfig(bad)).toThrow(/azure-byok:vaults\[1\]\.accessPolicies\[0\]\.keyPermissions\[1\]: "Unwrap" is not a key permission; use encrypt, decrypt, wrapKey, unwrapKey/);
    const wrong = base();
    vault(wrong, 0).sku = "Premium_P1";
    expect(() => parseStackConfig(wrong)).toThrow(/azure-byok:vaults\[0\]\.sku: Invalid option: expected one of "premium"\|"standard"/);
    // The product's own words (a key's purpose, a grant's permissions) are no Azure name: another case is refused, not rewritten.
    const ours = base();
    key(ours, 0, 0).purpose = "CMKSERVICE";
    list(ours, "applications")[1].access = [{ vault: "kv-main", permissions: "KeyManagementAppliance" }];
    expect(configIssuesOf(ours)).toEqual([
        { path: "azure-byok:vaults[0].keys[0].purpose", message: expect.stringMatching(/^Invalid option: expected one of "cmkService"\|"applicationCrypto"\|"signing"\|"keyExchange"/) },
        { path: "azure-byok:applications[1].access[0].permissions", message: expect.stringMatching(/^Invalid option: expected one of "applicationCrypto"\|"signing"\|"keyManagementAppliance"\|"cmkService"/) },
    ]);
});

test("a required choice left out reads 'is required', with the values it takes, as a left-out text setting does", () => {
    const c = base();
    list(c, "applications")[1].access = [{ vault: "kv-main" }];
    list(c, "applications")[1].secretsExportConfiguration = { vault: "kv-main", readers: [{ principalId: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }] };
    delete list(c, "diskEncryptionSets")[0].key;
    expect(configIssuesOf(c)).toEqual([
        { path: "azure-byok:applications[1].access[0].permissions", message: 'is required (one of "applicationCrypto", "signing", "keyManagementAppliance", "cmkService")' },
        { path: "azure-byok:applications[1].secretsExportConfiguration.readers[0].principalType", message: 'is required (one of "User", "Group", "ServicePrincipal")' },
        { path: "azure-byok:diskEncryptionSets[0].key", message: "is required (string)" },
    ]);
    // A value that is there and not one of the choices is still named as such.
    list(c, "applications")[1].access = [{ vault: "kv-main", permissions: "admin" }];
    expect(configIssuesOf(c)).toContainEqual({ path: "azure-byok:applications[1].access[0].permissions", message: 'Invalid option: expected one of "applicationCrypto"|"signing"|"keyManagementAppliance"|"cmkService"' });
});

test("a required setting whose component says why it is required is refused with the reason, not only its type", () => {
    const c = base();
    const cluster = list(c, "kubernetesClusters")[0];
    delete cluster.diskEncryptionSet;
    delete cluster.administratorGroupObjectIds;
    delete list(c, "sqlServers")[0].administrator;
    expect(configIssuesOf(c)).toEqual([
        { path: "azure-byok:sqlServers[0].administrator", message: "is required (object): the server takes Microsoft Entra authentication only, so it needs an Entra administrator (a group, by default)" },
        { path: "azure-byok:kubernetesClusters[0].diskEncryptionSet", message: "is required (string): a disk encryption set: KMS encrypts only the secrets in etcd, and the nodes' OS and data disks are encrypted with the customer's key through a disk encryption set, which AKS takes only when the cluster is created (a cluster made without one keeps platform-managed keys on its nodes' OS disks); name a diskEncryptionSets[] entry, on a key in a vault of the cluster's region" },
        { path: "azure-byok:kubernetesClusters[0].administratorGroupObjectIds", message: "is required (array): local accounts are off, so the cluster needs at least one Microsoft Entra administrator group" },
    ]);
});

test("a disk encryption set's confidential-VM type is refused with why it is not offered, and the types that are", () => {
    const c = base();
    list(c, "diskEncryptionSets")[0].encryptionType = "ConfidentialVmEncryptedWithCustomerKey";
    expect(configIssuesOf(c)).toEqual([{
        path: "azure-byok:diskEncryptionSets[0].encryptionType",
        message: "must be \"EncryptionAtRestWithPlatformAndCustomerKeys\" (the default, double encryption) or \"EncryptionAtRestWithCustomerKey\"; ConfidentialVmEncryptedWithCustomerKey is not offered: a confidential VM's disk key must be exportable with a release policy, and this product's keys never leave the HSM (exportable: false)",
    }]);
    // Azure reads the names without regard to case, and so does the program.
    list(c, "diskEncryptionSets")[0].encryptionType = "encryptionatrestwithcustomerkey";
    expect(() => parseStackConfig(c)).not.toThrow();
});

test("a resource group too long for any AKS cluster's node resource group is refused before anything is registered", () => {
    const raw = base();
    raw.resourceGroupName = "r".repeat(70);
    list(raw, "kubernetesClusters")[0].clusterName = "a";
    const issues = configIssuesOf(raw);
    // Reported at the stack's own group, where it is set: a cluster entry names no group of its own.
    expect(issues).toContainEqual({ path: "azure-byok:resourceGroupName", message: expect.stringMatching(/^"r{70}" \(70 characters\) leaves no room for a cluster name in AKS's node resource group: .*use a resource group name of at most 64 characters$/) });
});

test("PostgreSQL and MySQL servers with one-character config names are accepted: their generated names, a-<6 random>, fit Azure's 3–63", () => {
    const raw = base();
    list(raw, "postgresqlServers")[0].name = "p";
    list(raw, "mysqlServers")[0].name = "m";
    expect(() => parseStackConfig(raw)).not.toThrow();
});

test("prepareRbacMigration on an RBAC vault is reported once, at the vault, not again at each application or service granted on it", () => {
    const c = base();
    vault(c, 0).prepareRbacMigration = true;
    // The base config's applications hold a key grant and a vault grant on kv-main, and its services keys there.
    expect(configIssuesOf(c).map((i) => i.path)).toEqual(["azure-byok:vaults[0].prepareRbacMigration"]);
});

test("a ConfigError is a RunError: a pulumi up prints the config's problems without the stack of a crashed program", () => {
    const error = new ConfigError([{ path: "azure-byok:location", message: "is required" }]);
    expect(RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe("The stack config has 1 problem:\n  - azure-byok:location: is required");
});

describe("zonal settings in a region without availability zones", () => {
    /** base() moved to ukwest, which Microsoft lists without zones, each service asking for zones one way. */
    const zonalInUkWest = (): Raw => {
        const c = base();
        c.location = "ukwest";
        list(c, "postgresqlServers")[0].highAvailability = "ZoneRedundant";
        list(c, "mysqlServers")[0].availabilityZone = "1";
        list(c, "registries")[0].zoneRedundancy = "Enabled";
        list(c, "registries")[0].replications = [{ location: "westus", zoneRedundancy: "Enabled" }];
        list(c, "cosmosDbAccounts")[0].zoneRedundant = true;
        list(c, "cosmosDbAccounts")[0].failoverLocations = [{ locationName: "uksouth", isZoneRedundant: true }, { locationName: "West US", isZoneRedundant: true }];
        list(c, "kubernetesClusters")[0].systemNodePool = { availabilityZones: ["1", "2", "3"] };
        return c;
    };

    test("refuses each before anything is registered, at its config key, naming the region and Microsoft's list", () => {
        const issues = configIssuesOf(zonalInUkWest());
        const noZones = (region: string) => `${region} has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list)`;
        expect(issues).toEqual([
            { path: "azure-byok:registries[0].zoneRedundancy", message: expect.stringContaining(`is "Enabled", but ${noZones("ukwest")}, so Azure refuses a zone-redundant registry there`) },
            { path: "azure-byok:registries[0].replications[0].zoneRedundancy", message: expect.stringContaining(`is "Enabled", but ${noZones("westus")}, so Azure refuses a zone-redundant replica there`) },
            { path: "azure-byok:cosmosDbAccounts[0].zoneRedundant", message: expect.stringContaining(`is true, but ${noZones("ukwest")}`) },
            { path: "azure-byok:cosmosDbAccounts[0].failoverLocations[1].isZoneRedundant", message: expect.stringContaining(`is true, but ${noZones("westus")}`) },
            { path: "azure-byok:postgresqlServers[0].highAvailability", message: expect.stringContaining(`is "ZoneRedundant", but ${noZones("ukwest")}`) },
            { path: "azure-byok:mysqlServers[0].availabilityZone", message: expect.stringContaining(`is "1", but ${noZones("ukwest")}`) },
            { path: "azure-byok:kubernetesClusters[0].systemNodePool.availabilityZones", message: expect.stringContaining(`lists "1", "2", "3", but ${noZones("ukwest")}`) },
        ]);
    });

    test("judges an entry by its own location, and takes the same settings in a region with zones", () => {
        const c = zonalInUkWest();
        for (const k of ["postgresqlServers", "mysqlServers", "registries", "cosmosDbAccounts", "kubernetesClusters", "diskEncryptionSets"]) list(c, k)[0].location = "uksouth";
        list(c, "registries")[0].replications = [{ location: "ukwest" }];
        list(c, "cosmosDbAccounts")[0].failoverLocations = [{ locationName: "ukwest" }];
        c.vaults.push({ name: "kv-south", location: "uksouth", keys: [{ name: "cmk-south" }, { name: "app-south", purpose: "applicationCrypto" }] });
        Object.assign(list(c, "postgresqlServers")[0], { key: "cmk-south" });
        Object.assign(list(c, "mysqlServers")[0], { key: "cmk-south" });
        Object.assign(list(c, "diskEncryptionSets")[0], { key: "cmk-south" });
        expect(() => parseStackConfig(c)).not.toThrow();
    });
});

describe("geo-redundant backup for PostgreSQL and MySQL servers (PostgreSQL's is set at creation only)", () => {
    const ADMIN = "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90";
    /** Servers in westeurope, with a geo-backup key of northeurope, its pair; `pg` and `mysql` change one thing. */
    const geoStack = (pg: Record<string, unknown> = {}, mysql: Record<string, unknown> = {}, geoVault: Record<string, unknown> = {}): Raw => ({
        resourceGroupName: "rg-byok-geo",
        location: "westeurope",
        vaults: [
            { name: "kv-weu", keys: [{ name: "cmk-db" }] },
            { name: "kv-neu", location: "northeurope", keys: [{ name: "cmk-db-geo" }], ...geoVault },
        ],
        postgresqlServers: [{ name: "pg-prod", key: "cmk-db", administrator: { principalName: "pg-admins", objectId: ADMIN }, geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo", ...pg }],
        mysqlServers: [{ name: "mysql-prod", key: "cmk-db", geoRedundantBackup: "Enabled", geoBackupKey: "cmk-db-geo", ...mysql }],
    });

    test("is taken with a key in a vault of the servers' pair region", () => {
        expect(() => parseStackConfig(geoStack())).not.toThrow();
    });

    const geoCases: [string, () => Raw, string, RegExp][] = [
        ["Enabled without a geo-backup key", () => geoStack({ geoBackupKey: undefined }), "azure-byok:postgresqlServers[0].geoBackupKey", /^is required with geoRedundantBackup "Enabled": PostgreSQL encrypts a customer-managed-key server's geo-redundant backups with a second key, in a vault of the server's geo-paired region$/],
        ["a geo-backup key without Enabled", () => geoStack({}, { geoRedundantBackup: undefined }), "azure-byok:mysqlServers[0].geoBackupKey", /^is given, but geoRedundantBackup is left at its default, "Disabled", so the server keeps no geo-redundant backup for the key to encrypt; set geoRedundantBackup "Enabled", or leave the geo-backup key out$/],
        ["a geo-backup key the stack does not have", () => geoStack({ geoBackupKey: "cmk-db-gep" }), "azure-byok:postgresqlServers[0].geoBackupKey", /^"cmk-db-gep" is not a key in this stack's vaults; did you mean "cmk-db-geo"\?$/],
        ["a geo-backup key in the server's own region", () => geoStack({ geoBackupKey: "cmk-db" }), "azure-byok:postgresqlServers[0].geoBackupKey", /^is a key of a vault in westeurope, but the server's geo-paired region is northeurope \(the pair of westeurope\); PostgreSQL takes its geo-backup key only from a vault in the region its geo-redundant backups are kept in$/],
        ["a server in a region without a pair", () => ({ ...geoStack(), location: "italynorth", vaults: [{ name: "kv-ita", keys: [{ name: "cmk-db" }] }, { name: "kv-weu", location: "westeurope", keys: [{ name: "cmk-db-geo" }] }] }), "azure-byok:mysqlServers[0].geoRedundantBackup", /^is "Enabled", but MySQL keeps no geo-redundant backup for a server in italynorth \(the "Geo-redundant backup" column of its region table, https:\/\/learn.microsoft.com\/azure\/mysql\/flexible-server\/overview#azure-regions\)/],
        ["a geo-backup key version that is none", () => geoStack({ geoBackupKeyVersion: "latest" }), "azure-byok:postgresqlServers[0].geoBackupKeyVersion", /^"latest" is not a key version \(32 lowercase hex characters\)$/],
        ["a geo-backup key version without its key", () => geoStack({}, { geoRedundantBackup: undefined, geoBackupKey: undefined, geoBackupKeyVersion: "0".repeat(32) }), "azure-byok:mysqlServers[0].geoBackupKeyVersion", /^pins a version of the geo-backup key, but geoBackupKey names none/],
        ["a geo-backup vault without purge protection", () => geoStack({}, {}, { enablePurgeProtection: false }), "azure-byok:postgresqlServers[0].geoBackupKey", /^the key's vault's enablePurgeProtection is off; Azure refuses customer-managed keys from a vault without purge protection$/],
        ["a MySQL geo-backup vault keeping deleted keys 30 days", () => geoStack({}, {}, { softDeleteRetentionInDays: 30 }), "azure-byok:mysqlServers[0].geoBackupKey", /^is a key of a vault that keeps deleted keys 30 days; MySQL takes its keys only from a vault that keeps them 90/],
        ["a geo-backup vault whose firewall lets no trusted service through", () => geoStack({}, {}, { networkRules: { bypass: "None" } }), "azure-byok:vaults[1].networkRules.bypass", /^is "None", but postgresqlServers\[0\] \(pg-prod's geo-backup key\) encrypts with key "cmk-db-geo" of this vault/],
        ["an identity named like the one a server makes for its geo-backup key", () => ({ ...geoStack(), identities: [{ name: "id-geo", identityName: "PG-PROD-geo-backup-identity" }] }), "azure-byok:postgresqlServers[0].name", /^"pg-prod-geo-backup-identity" \(the identity postgresqlServers\[0\] makes for its geo-backup key, <name>-geo-backup-identity\) is already used by azure-byok:identities\[0\]\.identityName as "PG-PROD-geo-backup-identity"; /],
        ["a switch that is neither Enabled nor Disabled", () => geoStack({ geoRedundantBackup: "GRS" }), "azure-byok:postgresqlServers[0].geoRedundantBackup", /Invalid option: expected one of "Enabled"\|"Disabled"/],
    ];
    test.each(geoCases)("rejects %s, naming the key path", (_title, raw, path, rule) => {
        const issues = configIssuesOf(raw());
        expect({ paths: issues.map((i) => i.path), issue: issues.find((i) => i.path === path) }).toEqual({ paths: expect.arrayContaining([path]), issue: expect.objectContaining({ message: expect.stringMatching(rule) }) });
    });

    test.each([
        ["a SQL server", { sqlServers: [{ name: "PG-prod-geo-backup", key: "cmk-db", administrator: { login: "sql-admins", objectId: ADMIN } }] }, "sqlServers[0]"],
        ["a storage account", { storageAccounts: [{ name: "pg-prod-geo-backup", key: "cmk-db" }] }, "storageAccounts[0]"],
        ["a MySQL server", { mysqlServers: [{ name: "pg-prod-geo-backup", key: "cmk-db" }] }, "mysqlServers[0]"],
    ])("rejects %s named <server>-geo-backup beside a geo-backup server: its own identity is the server's geo-backup identity", (_title, extra, service) => {
        const issues = configIssuesOf({ ...geoStack(), ...extra });
        const own = service === "sqlServers[0]" ? "PG-prod-geo-backup-identity" : "pg-prod-geo-backup-identity";
        expect(issues.filter((i) => i.message.includes("-geo-backup-identity"))).toEqual([{
            path: "azure-byok:postgresqlServers[0].name",
            message: `"pg-prod-geo-backup-identity" (the identity postgresqlServers[0] makes for its geo-backup key, <name>-geo-backup-identity) is already used by azure-byok:${service}.name${own === "pg-prod-geo-backup-identity" ? "" : ` as "${own}"`} (the identity ${service} makes for itself, <name>-identity, as it names none); identity names are unique in a resource group whatever their case, so the two would be one identity in Azure: rename one, or give azure-byok:${service} an identity to share (its identity setting), so that it makes none`,
        }]);
    });

    test("two geo-backup servers of one name are reported as duplicate names alone, not again by their geo-backup identities", () => {
        const twice = geoStack();
        twice.postgresqlServers = [...(twice.postgresqlServers as unknown[]), ...(twice.postgresqlServers as unknown[])];
        expect(configIssuesOf(twice).map((i) => `${i.path}: ${i.message}`)).toEqual(['azure-byok:postgresqlServers[1].name: "pg-prod" is already used by azure-byok:postgresqlServers[0].name; service names must be unique']);
    });

    /** The PostgreSQL (or MySQL) server alone, in `location`, with its geo-backup key in a vault of `geoLocation`. */
    const oneServerIn = (engine: "postgresqlServers" | "mysqlServers", location: string, geoLocation: string): Raw => {
        const { postgresqlServers, mysqlServers, ...rest } = geoStack();
        return { ...rest, location, vaults: [{ name: "kv-primary", keys: [{ name: "cmk-db" }] }, { name: "kv-geo", location: geoLocation, keys: [{ name: "cmk-db-geo" }] }], [engine]: engine === "postgresqlServers" ? postgresqlServers : mysqlServers };
    };

    test.each([
        ["PostgreSQL", "westus3", "eastus"], ["PostgreSQL", "brazilsouth", "southcentralus"], ["PostgreSQL", "usgovarizona", "usgovtexas"],
        ["MySQL", "swedencentral", "swedensouth"], ["MySQL", "usgovvirginia", "usgovtexas"],
    ] as const)("rejects a %s server in %s, whose engine keeps no geo-redundant backup there though the region has a pair (%s)", (engine, location, pair) => {
        const list = engine === "PostgreSQL" ? "postgresqlServers" : "mysqlServers";
        expect(configIssuesOf(oneServerIn(list, location, pair)).map((i) => `${i.path}: ${i.message}`)).toEqual([
            `azure-byok:${list}[0].geoRedundantBackup: is "Enabled", but ${engine} keeps no geo-redundant backup for a server in ${location} (the "Geo-redundant backup" column of its region table, https://learn.microsoft.com/azure/${engine.toLowerCase()}/flexible-server/overview#azure-regions); leave geoRedundantBackup "Disabled" there, or place the server in a region where ${engine} offers it`,
        ]);
    });

    test.each([
        ["PostgreSQL", "jioindiawest", "jioindiacentral"], ["PostgreSQL", "australiacentral", "australiacentral2"],
        ["MySQL", "westus3", "eastus"], ["MySQL", "brazilsouth", "southcentralus"], ["MySQL", "usgovtexas", "usgovvirginia"],
    ] as const)("takes a %s server in %s with its geo-backup key in %s, where its engine keeps them", (engine, location, geoLocation) => {
        expect(() => parseStackConfig(oneServerIn(engine === "PostgreSQL" ? "postgresqlServers" : "mysqlServers", location, geoLocation))).not.toThrow();
    });

    test("an unknown geo-backup key is reported once, by its name, not again as a missing key", () => {
        expect(configIssuesOf(geoStack({ geoBackupKey: "nope" })).map((i) => i.path)).toEqual(["azure-byok:postgresqlServers[0].geoBackupKey"]);
    });
});

describe("private endpoint names, unique per resource group", () => {
    const withEndpoints = (sql: Record<string, unknown>, pg: Record<string, unknown>) => {
        const c = base();
        Object.assign(list(c, "sqlServers")[0], { privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe`, ...sql }] });
        Object.assign(list(c, "postgresqlServers")[0], { privateEndpoints: [{ subnetResourceId: `${SUBNETS}/pe`, ...pg }] });
        return c;
    };
    const HUB_SUBNET = "/subscriptions/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/pe";

    test("takes two services' unnamed endpoints when their names are generated: each has its own random suffix", () => {
        expect(() => parseStackConfig(withEndpoints({}, {}))).not.toThrow();
    });

    test("takes one default name in two groups: the stack's, and a hub's that one endpoint names", () => {
        const c = withEndpoints({}, { resourceGroupName: "rg-hub" });
        Object.assign(list(c, "sqlServers")[0], { serverName: "payments-prod" });
        Object.assign(list(c, "postgresqlServers")[0], { serverName: "payments-prod" });
        expect(() => parseStackConfig(c)).not.toThrow();
    });

    test("takes one name in groups of one name in two subscriptions, which are the subnets'", () => {
        expect(() => parseStackConfig(withEndpoints({ resourceGroupName: "rg-pe", name: "pe-payments" }, { subnetResourceId: HUB_SUBNET, resourceGroupName: "rg-pe", name: "pe-payments" }))).not.toThrow();
        expect(() => parseStackConfig(withEndpoints({ resourceGroupName: "rg-pe", name: "pe-payments" }, { resourceGroupName: "RG-PE", name: "pe-payments" }))).toThrow(
            'azure-byok:postgresqlServers[0].privateEndpoints[0].name: "pe-payments" is already used by azure-byok:sqlServers[0].privateEndpoints[0].name; private endpoint names are unique in a resource group whatever their case',
        );
    });
});

describe("an existing vault in the stack's own resource group", () => {
    test("with createResourceGroup: false, an existing vault may sit in azure-byok:resourceGroupName", () => {
        const raw = {
            resourceGroupName: "rg-platform-shared",
            location: "westeurope",
            createResourceGroup: false,
            vaults: [{ name: "kv-platform", existing: true, vaultName: "kv-platform-01", keys: [{ name: "cmk", existing: true }] }],
            storageAccounts: [{ name: "stshared", key: "cmk" }],
        };
        expect(() => parseStackConfig(raw)).not.toThrow();
    });
});
