import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const sub = mockAzureDefaults.subscriptionId;
const subnets = `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
const ADMINS = "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d";
const role = (guid: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const ROLES = {
    cryptoUser: role("12338af0-0e69-4776-bea7-57ae8d297424"),
    keyVaultContributor: role("f25e0fa2-a7c8-4377-a976-54943a77a395"),
    networkContributor: role("4d97b98b-1d4f-4787-a291-c67834d212e7"),
    reader: role("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
};

/** An Azure holding a closed vault and an open one, a KMS key in each, a disk encryption set and the cluster's identity, not yet granted anything. */
function world() {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    let n = 0;
    const create = (type: string, inputs: Record<string, unknown>) => m.newResource({ type, name: `r${n++}`, inputs, custom: true });
    const vault = (name: string, properties: Record<string, unknown>) => create("azure-native:keyvault:Vault", {
        resourceGroupName: "rg-byok", vaultName: name,
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, ...properties },
    });
    const closed = vault("kv-aks", { publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
    const open = vault("kv-aks-open", { publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "AzureServices" } });
    const key = (vaultName: string, keyName: string, keyOps: string[]) => create("azure-native:keyvault:Key", { resourceGroupName: "rg-byok", vaultName, keyName, properties: { kty: "RSA-HSM", keySize: 3072, keyOps } });
    const kms = key("kv-aks", "kms", ["encrypt", "decrypt"]);
    const openKms = key("kv-aks-open", "kms", ["encrypt", "decrypt"]);
    const wrapOnly = key("kv-aks", "disks", ["wrapKey", "unwrapKey"]);
    const desIdentity = create("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: "rg-byok", resourceName: "id-des" });
    const des = create("azure-native:compute:DiskEncryptionSet", {
        resourceGroupName: "rg-byok", diskEncryptionSetName: "des-aks", identity: { type: "UserAssigned", userAssignedIdentities: [desIdentity.id] }, activeKey: { keyUrl: wrapOnly.state.keyUriWithVersion },
    });
    const identity = create("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: "rg-byok", resourceName: "id-aks" });
    const grant = (roleDefinitionId: string, scope: unknown) => create("azure-native:authorization:RoleAssignment", { scope, principalId: identity.state.principalId, principalType: "ServicePrincipal", roleDefinitionId });
    const cluster = (extra: Record<string, unknown> = {}, kmsExtra: Record<string, unknown> = {}) => create("azure-native:containerservice:ManagedCluster", {
        resourceGroupName: "rg-byok", resourceName: "aks-byok", dnsPrefix: "aks-byok",
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        enableRBAC: true, disableLocalAccounts: true, aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMINS] },
        agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4ds_v5", enableEncryptionAtHost: true, vnetSubnetID: `${subnets}/nodes` }],
        diskEncryptionSetID: des.id,
        apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: `${subnets}/apiserver` },
        securityProfile: { azureKeyVaultKms: { enabled: true, keyId: kms.state.keyUriWithVersion, keyVaultNetworkAccess: "Private", keyVaultResourceId: closed.id, ...kmsExtra } },
        ...extra,
    });
    return { create, closed, open, kms, openKms, wrapOnly, des, identity, grant, cluster };
}

test("AKS creates a KMS cluster only once its identity may join both subnets, read the disk encryption set and link to the private vault", () => {
    const w = world();
    expect(() => w.cluster()).toThrow(/403 LinkedAuthorizationFailed: .* 'Microsoft.Network\/virtualNetworks\/subnets\/join\/action' over scope '.*\/subnets\/nodes'/);
    w.grant(ROLES.networkContributor, `${subnets}/nodes`);
    expect(() => w.cluster()).toThrow(/LinkedAuthorizationFailed: .*join\/action' over scope '.*\/subnets\/apiserver'/);
    w.grant(ROLES.networkContributor, `${subnets}/apiserver`);
    expect(() => w.cluster()).toThrow(/LinkedAuthorizationFailed: .*'Microsoft.Compute\/diskEncryptionSets\/read' over scope '.*des-aks'/);
    w.grant(ROLES.reader, w.des.id);
    expect(() => w.cluster()).toThrow(/LinkedAuthorizationFailed: .*privateEndpointConnectionsApproval\/action' over scope '.*vaults\/kv-aks'/);
    // Crypto User on the key does not let AKS make the private link: Key Vault Contributor on the vault does.
    w.grant(ROLES.cryptoUser, w.kms.id);
    expect(() => w.cluster()).toThrow(/LinkedAuthorizationFailed/);
    w.grant(ROLES.keyVaultContributor, w.closed.id);
    const created = w.cluster();
    expect(created.id).toBe(`/subscriptions/${sub}/resourceGroups/rg-byok/providers/Microsoft.ContainerService/managedClusters/aks-byok`);
    expect(created.state).toMatchObject({ nodeResourceGroup: "MC_rg-byok_aks-byok_westeurope", provisioningState: "Succeeded" });
    expect(String(created.state.fqdn)).toMatch(/^aks-byok-[a-z0-9]{8}\.hcp\.westeurope\.azmk8s\.io$/);
    expect(String(created.state.privateFQDN)).toMatch(/^aks-byok-[a-z0-9]{8}\.[0-9a-f-]{36}\.privatelink\.westeurope\.azmk8s\.io$/);
    expect(() => w.cluster()).toThrow(/409 Conflict/);
});

/** A world in which the cluster's identity holds what AKS asks of it: the subnets, the disk encryption set, the closed vault. */
function granted() {
    const w = world();
    w.grant(ROLES.networkContributor, `${subnets}/nodes`);
    w.grant(ROLES.networkContributor, `${subnets}/apiserver`);
    w.grant(ROLES.reader, w.des.id);
    w.grant(ROLES.keyVaultContributor, w.closed.id);
    return w;
}

describe("AKS refuses", () => {
    const cases: [string, (w: ReturnType<typeof world>) => Record<string, unknown>, Record<string, unknown>, RegExp][] = [
        ["a versionless key id", () => ({}), { keyId: "VERSIONLESS" }, /has no key version; KMS takes a versioned key id/],
        ["a key that cannot encrypt", () => ({}), { keyId: "WRAP_ONLY" }, /Key 'disks' does not allow encrypt, decrypt, which KMS needs/],
        ["a private link named to another vault", () => ({}), { keyVaultResourceId: "OPEN_VAULT" }, /keyVaultResourceId .* must be the id of vault 'kv-aks'/],
        ["a private vault without API Server VNet Integration", () => ({ apiServerAccessProfile: { enablePrivateCluster: true } }), {}, /needs API Server VNet Integration/],
        ["public access to a closed vault", () => ({}), { keyVaultNetworkAccess: "Public", keyVaultResourceId: undefined }, /KeyVaultAuthenticationFailure: KMS reaches vault 'kv-aks' over public access, which the vault's firewall denies/],
        ["public access without Crypto User on the key", () => ({}), { keyVaultNetworkAccess: "Public", keyVaultResourceId: undefined, keyId: "OPEN_KEY" }, /cannot encrypt and decrypt with key 'kms' in vault 'kv-aks-open'/],
        ["KMS with a system-assigned identity", () => ({ identity: { type: "SystemAssigned" }, agentPoolProfiles: [{ name: "system", mode: "System", count: 1 }], apiServerAccessProfile: {}, diskEncryptionSetID: undefined }), {}, /needs a user-assigned control-plane identity/],
        ["a user-assigned identity listed on a system-assigned cluster", (w) => ({ identity: { type: "SystemAssigned", userAssignedIdentities: [w.identity.id] } }), {}, /can be given only when identity.type is 'UserAssigned'; it is 'SystemAssigned'/],
        ["KMS network access by another word", () => ({}), { keyVaultNetworkAccess: "VNet" }, /keyVaultNetworkAccess 'VNet' is not 'Public' or 'Private'/],
        ["local accounts off without managed Entra integration", () => ({ aadProfile: undefined }), {}, /disableLocalAccounts can be set only on a cluster with managed Microsoft Entra integration/],
        ["no system pool", () => ({ agentPoolProfiles: [{ name: "user", mode: "User", count: 1 }] }), {}, /at least one agent pool of mode System/],
        ["a pool name with a hyphen", () => ({ agentPoolProfiles: [{ name: "sys-pool", mode: "System", count: 1 }] }), {}, /Agent pool name 'sys-pool' is invalid/],
        ["a disk encryption set that does not exist", (w) => ({ diskEncryptionSetID: String(w.des.id).replace("des-aks", "des-gone") }), {}, /404 ResourceNotFound/],
        ["an API server in the nodes' subnet", () => ({ apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: `${subnets}/nodes` } }), {}, /is also an agent pool's subnet/],
        ["a disk encryption set in another region", () => ({ location: "northeurope" }), {}, /is in westeurope; a cluster in northeurope needs a disk encryption set in its own region/],
        ["a DNS prefix with an underscore", () => ({ dnsPrefix: "aks_byok" }), {}, /InvalidDnsPrefix/],
        ["a pool's zones in a region without availability zones", () => ({ location: "West US", agentPoolProfiles: [{ name: "system", mode: "System", count: 3, availabilityZones: ["1", "2", "3"], vnetSubnetID: `${subnets}/nodes` }] }), {}, /^400 AvailabilityZoneNotSupported: Availability zone is not supported in region westus\.$/],
    ];
    test.each(cases)("%s", (_title, extra, kmsExtra, error) => {
        const w = granted();
        const swap: Record<string, unknown> = {
            VERSIONLESS: String(w.kms.state.keyUriWithVersion).replace(/\/[0-9a-f]{32}$/, ""),
            WRAP_ONLY: w.wrapOnly.state.keyUriWithVersion,
            OPEN_VAULT: w.open.id,
            OPEN_KEY: w.openKms.state.keyUriWithVersion,
        };
        const kms = Object.fromEntries(Object.entries(kmsExtra).map(([k, v]) => [k, typeof v === "string" && v in swap ? swap[v] : v]));
        expect(() => w.cluster(extra(w), kms)).toThrow(error);
    });

    test("no pool's zones in a region with them, nor a pool without zones in a region without", () => {
        const w = granted();
        expect(() => w.cluster({ agentPoolProfiles: [{ name: "system", mode: "System", count: 3, availabilityZones: ["1", "2", "3"], vnetSubnetID: `${subnets}/nodes` }] })).not.toThrow();
        // Past the pools, this cluster is refused for its disk encryption set in westeurope, not for zones.
        expect(() => w.cluster({ location: "westus", agentPoolProfiles: [{ name: "system", mode: "System", count: 3, availabilityZones: [], vnetSubnetID: `${subnets}/nodes` }] })).toThrow(/a cluster in westus needs a disk encryption set in its own region/);
    });

    test("nothing once public access reaches an open vault as Crypto User", () => {
        const w = granted();
        w.grant(ROLES.cryptoUser, w.openKms.id);
        expect(() => w.cluster({}, { keyVaultNetworkAccess: "Public", keyVaultResourceId: undefined, keyId: w.openKms.state.keyUriWithVersion })).not.toThrow();
    });
});

test("a disk encryption set on a vault in another region is made, and the cluster whose nodes' disks use it is refused (KeyVaultAndDiskInDifferentRegions)", () => {
    const w = world();
    w.create("azure-native:keyvault:Vault", {
        resourceGroupName: "rg-byok", vaultName: "kv-north", location: "northeurope",
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true },
    });
    const north = w.create("azure-native:keyvault:Key", { resourceGroupName: "rg-byok", vaultName: "kv-north", keyName: "disks", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
    const desIdentity = w.create("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: "rg-byok", resourceName: "id-des-north" });
    const far = w.create("azure-native:compute:DiskEncryptionSet", {
        resourceGroupName: "rg-byok", diskEncryptionSetName: "des-far", identity: { type: "UserAssigned", userAssignedIdentities: [desIdentity.id] }, activeKey: { keyUrl: north.state.keyUriWithVersion },
    });
    expect(far.state.location).toBe("westeurope");
    w.grant(ROLES.networkContributor, `${subnets}/nodes`);
    w.grant(ROLES.networkContributor, `${subnets}/apiserver`);
    w.grant(ROLES.reader, far.id);
    w.grant(ROLES.keyVaultContributor, w.closed.id);
    w.grant(ROLES.cryptoUser, w.kms.id);
    expect(() => w.cluster({ diskEncryptionSetID: far.id })).toThrow(/400 KeyVaultAndDiskInDifferentRegions: CreateVMSSAgentPoolFailed: the key vault kv-north of disk encryption set '.*des-far' is in northeurope, the set in westeurope/);
    w.grant(ROLES.reader, w.des.id);
    expect(() => w.cluster()).not.toThrow();
});

test("a disk encryption set on a vault that lets no trusted service through is made, and the cluster whose nodes' disks use it is refused (KeyVaultAccessForbidden), unless the vault is open to every network", () => {
    const w = granted();
    w.grant(ROLES.cryptoUser, w.kms.id);
    const setOn = (vaultName: string, properties: Record<string, unknown>) => {
        w.create("azure-native:keyvault:Vault", {
            resourceGroupName: "rg-byok", vaultName,
            properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, ...properties },
        });
        const disks = w.create("azure-native:keyvault:Key", { resourceGroupName: "rg-byok", vaultName, keyName: "disks", properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] } });
        const desIdentity = w.create("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: "rg-byok", resourceName: `id-${vaultName}` });
        const set = w.create("azure-native:compute:DiskEncryptionSet", {
            resourceGroupName: "rg-byok", diskEncryptionSetName: `des-${vaultName}`, identity: { type: "UserAssigned", userAssignedIdentities: [desIdentity.id] }, activeKey: { keyUrl: disks.state.keyUriWithVersion },
        });
        w.grant(ROLES.reader, set.id);
        return set;
    };
    const shut = setOn("kv-nobypass", { publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "None" } });
    expect(() => w.cluster({ diskEncryptionSetID: shut.id })).toThrow(/400 KeyVaultAccessForbidden: CreateVMSSAgentPoolFailed: disk encryption set '.*des-kv-nobypass' cannot reach its key: vault 'kv-nobypass' admits no public network and no trusted Azure service \(networkAcls.bypass 'None'\)/);
    const open = setOn("kv-nobypass-open", { publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "None" } });
    expect(() => w.cluster({ diskEncryptionSetID: open.id })).not.toThrow();
});

test("a cluster whose region is given by display name takes a disk encryption set there, and is answered by the region's name", () => {
    const w = world();
    w.grant(ROLES.networkContributor, `${subnets}/nodes`);
    w.grant(ROLES.networkContributor, `${subnets}/apiserver`);
    w.grant(ROLES.reader, w.des.id);
    w.grant(ROLES.keyVaultContributor, w.closed.id);
    const created = w.cluster({ location: "West Europe" });
    expect(created.state).toMatchObject({ location: "westeurope", nodeResourceGroup: "MC_rg-byok_aks-byok_westeurope" });
    expect(String(created.state.fqdn)).toMatch(/\.hcp\.westeurope\.azmk8s\.io$/);
    expect(() => w.cluster({ resourceName: "aks-north", location: "North Europe" })).toThrow(/diskEncryptionSetID '.*des-aks' is in westeurope; a cluster in northeurope needs a disk encryption set in its own region/);
});

describe("the node resource group AKS names MC_<group>_<cluster>_<region>, which must fit in 80 characters", () => {
    // AKS: 400 InvalidParameter "The length of the node resource group name is too long. The maximum length is 80 and the
    // length of the value provided is N" (Azure-Terraform/terraform-azurerm-kubernetes#33, rancher/rancher#21264).

    test("takes a 58-character cluster name in rg-byok and westeurope, whose node group is 80 characters", () => {
        const created = granted().cluster({ resourceName: "a".repeat(58) });
        expect(created.state.nodeResourceGroup).toBe(`MC_rg-byok_${"a".repeat(58)}_westeurope`);
        expect(String(created.state.nodeResourceGroup)).toHaveLength(80);
    });

    test("refuses a 63-character cluster name (valid on its own), whose node group would be 85 characters, in AKS's words", () => {
        const w = granted();
        expect(() => w.cluster({ resourceName: "a".repeat(63) })).toThrow("400 InvalidParameter: The length of the node resource group name is too long. The maximum length is 80 and the length of the value provided is 85. Please see https://aka.ms/aks-naming-rules for more details.");
    });

    test("counts the region by its name, not a display name written with spaces", () => {
        const w = granted();
        expect(w.cluster({ resourceName: "a".repeat(58), location: "West Europe" }).state.nodeResourceGroup).toHaveLength(80);
        expect(() => w.cluster({ resourceName: "a".repeat(59), location: "West Europe" })).toThrow(/length of the value provided is 81\./);
    });

    test("takes a node resource group it is given in place of MC_..., and holds that to 80 characters too", () => {
        const w = granted();
        expect(w.cluster({ resourceName: "a".repeat(63), nodeResourceGroup: "rg-aks-nodes" }).state.nodeResourceGroup).toBe("rg-aks-nodes");
        expect(() => w.cluster({ resourceName: "b", nodeResourceGroup: "n".repeat(81) })).toThrow(/length of the value provided is 81\./);
    });
});
