import * as pulumi from "@pulumi/pulumi";
import { CmkDiskEncryptionSet } from "../../components/cmk-disk-encryption-set";
import { CmkKubernetesCluster, CmkKubernetesClusterArgs, validateCmkKubernetesClusterArgs } from "../../components/cmk-kubernetes-cluster";
import { EncryptionKey } from "../../components/encryption-key";
import { resolveRotationPolicy } from "../../components/key-rotation-policy";
import { builtInRoles, roleAssignmentName } from "../../components/key-permissions";
import { KeyVault } from "../../components/key-vault";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { keyReference, vaultReference } from "../support/references";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";
import { capturedWarnings } from "../support/warnings";

const rg = "rg-byok";
const ADMINS = "5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d";
const SUBNETS = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets`;
const NODES = `${SUBNETS}/aks-nodes`;
const API_SERVER = `${SUBNETS}/aks-apiserver`;
let recorder: Recorder;
let vault: KeyVault;
let kmsKey: EncryptionKey;
let shortLivedKey: EncryptionKey;
let wrapKey: EncryptionKey;
let des: CmkDiskEncryptionSet;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvaks", { resourceGroupName: rg });
    kmsKey = new EncryptionKey("aks-kms", { keyVault: vault, purpose: "applicationCrypto" });
    wrapKey = new EncryptionKey("aks-disks", { keyVault: vault });
    shortLivedKey = new EncryptionKey("aks-kms-short", { keyVault: vault, purpose: "applicationCrypto", rotationPolicy: { expiryTime: "P120D", timeAfterCreate: "P60D" } });
    des = new CmkDiskEncryptionSet("aks-des", { resourceGroupName: rg, customerManagedKey: { key: wrapKey } });
    await Promise.all([valueOf(kmsKey.keyUriWithVersion), valueOf(des.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkKubernetesClusterArgs> = {}): CmkKubernetesClusterArgs => ({
    resourceGroupName: rg,
    customerManagedKey: { key: kmsKey },
    diskEncryptionSetId: des.id,
    nodeSubnetId: NODES,
    apiServerSubnetId: API_SERVER,
    administratorGroupObjectIds: [ADMINS],
    ...extra,
});

async function registered(cluster: CmkKubernetesCluster): Promise<CmkKubernetesCluster> {
    await valueOf(cluster.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return cluster;
}

describe("CmkKubernetesCluster", () => {
    test("encrypts etcd's secrets through KMS with the key's current version over a private link, its nodes' disks with the disk encryption set and at host, Entra-only and private", async () => {
        const cluster = await registered(new CmkKubernetesCluster("aks-byok", args()));
        const resource = recorder.find("azure-native:containerservice:ManagedCluster", "aks-byok-cluster");
        const identityId = await valueOf(cluster.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:containerservice:CmkKubernetesCluster", "aks-byok").urn);
        expect(resource.inputs).toMatchObject({
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            enableRBAC: true,
            disableLocalAccounts: true,
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMINS] },
            agentPoolProfiles: [{ name: "system", mode: "System", osType: "Linux", osDiskType: "Managed", vmSize: "Standard_D4ds_v5", count: 3, enableEncryptionAtHost: true, vnetSubnetID: NODES }],
            diskEncryptionSetID: await valueOf(des.id),
            apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: API_SERVER },
            securityProfile: { azureKeyVaultKms: { enabled: true, keyId: await valueOf(kmsKey.keyUriWithVersion), keyVaultNetworkAccess: "Private", keyVaultResourceId: await valueOf(vault.id) } },
        });
        const name = String(resource.inputs.resourceName);
        expect(name).toMatch(/^aks-byok-[a-z0-9]{6}$/);
        expect(resource.inputs.dnsPrefix).toBe(name);
        expect(await valueOf(cluster.apiServerFqdn)).toMatch(new RegExp(`^${name}-[a-z0-9]{8}\\.[0-9a-f-]{36}\\.privatelink\\.westeurope\\.azmk8s\\.io$`));
        expect(await valueOf(cluster.keyId)).toBe(await valueOf(kmsKey.keyUriWithVersion));
    });

    test("holds, before the cluster exists, Crypto User on the key alone and the roles AKS acts with: Key Vault Contributor on the vault, Network Contributor on its subnets, Reader on the disk encryption set", async () => {
        const cluster = await registered(new CmkKubernetesCluster("aks-grants", args()));
        const resource = recorder.find("azure-native:containerservice:ManagedCluster", "aks-grants-cluster");
        const principalId = await valueOf(cluster.identity.principalId);
        const expected: [string, string, string][] = [
            ["aks-grants-key-access-role-assignment", await valueOf(kmsKey.id), "12338af0-0e69-4776-bea7-57ae8d297424"],
            ["aks-grants-kms-private-link", await valueOf(vault.id), "f25e0fa2-a7c8-4377-a976-54943a77a395"],
            ["aks-grants-node-subnet", NODES, "4d97b98b-1d4f-4787-a291-c67834d212e7"],
            ["aks-grants-api-server-subnet", API_SERVER, "4d97b98b-1d4f-4787-a291-c67834d212e7"],
            ["aks-grants-disk-encryption-set-reader", await valueOf(des.id), "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
        ];
        for (const [name, scope, role] of expected) {
            const grant = recorder.find("azure-native:authorization:RoleAssignment", name);
            expect(grant.inputs).toMatchObject({ scope, principalId, principalType: "ServicePrincipal" });
            expect(String(grant.inputs.roleDefinitionId)).toMatch(new RegExp(`/roleDefinitions/${role}$`));
            expect(resource.dependencies).toContain(grant.urn);
        }
        // AKS checks them at creation as the cluster's identity, so the cluster waits for Azure to propagate them too.
        const wait = recorder.find("time:index/sleep:Sleep", "aks-grants-rbac-propagation");
        expect(Object.values(wait.inputs.triggers as Record<string, string>).sort()).toEqual(
            expected.slice(1).map(([name]) => recorder.find("azure-native:authorization:RoleAssignment", name).id).sort(),
        );
        expect(resource.dependencies).toEqual(expect.arrayContaining([wait.urn, recorder.find("time:index/sleep:Sleep", "aks-grants-key-access-rbac-propagation").urn]));
    });

    test("keeps its grant on the KMS key in Azure when the key changes, since KMS still decrypts with the key it moves off, and its other roles with the kept cluster", async () => {
        const cluster = await registered(new CmkKubernetesCluster("aks-kept", args()));
        const principalId = await valueOf(cluster.identity.principalId);
        const kms = recorder.find("azure-native:authorization:RoleAssignment", "aks-kept-key-access-role-assignment");
        expect([kms.retainOnDelete, kms.deleteBeforeReplace]).toEqual([true, false]);
        // Named from the key: the grant on a new key is a new assignment beside the one kept, never the same name twice.
        expect(kms.inputs.roleAssignmentName).toBe(roleAssignmentName(await valueOf(kmsKey.id), principalId, builtInRoles.keyVaultCryptoUser));
        // A cluster kept in Azure (protected, so retainOnDelete) keeps what it needs of its subnets and disk set, unprotected;
        // never Key Vault Contributor on a vault, which would outlive a move off it.
        expect(["aks-kept-kms-private-link", "aks-kept-node-subnet", "aks-kept-api-server-subnet", "aks-kept-disk-encryption-set-reader"].map((name) => recorder.find("azure-native:authorization:RoleAssignment", name))
            .map((r) => [r.name, r.protect, r.retainOnDelete])).toEqual([
            ["aks-kept-kms-private-link", false, false], ["aks-kept-node-subnet", false, true], ["aks-kept-api-server-subnet", false, true], ["aks-kept-disk-encryption-set-reader", false, true],
        ]);
        expect(recorder.find("time:index/sleep:Sleep", "aks-kept-rbac-propagation")).toMatchObject({ protect: false, retainOnDelete: true });
        // On an access-policy vault the grant is an access policy, kept the same way when KMS moves to a key in another vault.
        const openPolicyVault = new KeyVault("kvaksopenap", { resourceGroupName: rg, enableRbacAuthorization: false, publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow" } });
        const openPolicyKey = new EncryptionKey("aks-kms-open-ap", { keyVault: openPolicyVault, purpose: "applicationCrypto" });
        await valueOf(openPolicyKey.id);
        await registered(new CmkKubernetesCluster("aks-kept-ap", args({ customerManagedKey: { key: openPolicyKey }, keyVaultNetworkAccess: "Public", apiServerSubnetId: undefined })));
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "aks-kept-ap-key-access-access-policy").retainOnDelete).toBe(true);
    });

    // The SDK gives a child that sets no protect its parent's; a protected grant would stop a move to another key or subnet at preview.
    test("under the component's own { protect: true }, protects the cluster but none of its role assignments and the waits after them", async () => {
        await registered(new CmkKubernetesCluster("aks-prot", args(), { protect: true }));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-prot-cluster").protect).toBe(true);
        const grants = recorder.resources.filter((r) => ["azure-native:authorization:RoleAssignment", "time:index/sleep:Sleep"].includes(r.type));
        expect(grants.map((r) => [r.name, r.protect]).sort()).toEqual([
            ["aks-prot-api-server-subnet", false], ["aks-prot-disk-encryption-set-reader", false], ["aks-prot-key-access-rbac-propagation", false],
            ["aks-prot-key-access-role-assignment", false], ["aks-prot-kms-private-link", false], ["aks-prot-node-subnet", false], ["aks-prot-rbac-propagation", false],
        ]);
    });

    test("given protect: false, sends its role assignments no retainOnDelete: deleted with the cluster, or kept with it by a wrapper's", async () => {
        await registered(new CmkKubernetesCluster("aks-loose", args({ protect: false })));
        const wrapper = new pulumi.ComponentResource("acme:index:Platform", "aks-platform", {}, { retainOnDelete: true });
        await registered(new CmkKubernetesCluster("aks-wrapped", args({ protect: false }), { parent: wrapper }));
        const roles = (cluster: string) => ["node-subnet", "api-server-subnet", "disk-encryption-set-reader", "kms-private-link"]
            .map((suffix) => recorder.find("azure-native:authorization:RoleAssignment", `${cluster}-${suffix}`).retainOnDelete);
        expect([roles("aks-loose"), roles("aks-wrapped")]).toEqual([[false, false, false, false], [true, true, true, false]]);
    });

    test("workload pools are encrypted at host on managed OS disks in the node subnet, like the system pool", async () => {
        // A user pool may be scaled to zero (AKS keeps its own pods on the system pool).
        await registered(new CmkKubernetesCluster("aks-pools", args({ userNodePools: [{ name: "apps" }, { name: "gpu", vmSize: "Standard_NC4as_T4_v3", count: 0, availabilityZones: ["2"] }] })));
        const pools = recorder.find("azure-native:containerservice:ManagedCluster", "aks-pools-cluster").inputs.agentPoolProfiles;
        const placed = { osType: "Linux", osDiskType: "Managed", enableEncryptionAtHost: true, vnetSubnetID: NODES };
        expect(pools).toEqual([
            { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3, ...placed },
            { name: "apps", mode: "User", vmSize: "Standard_D4ds_v5", count: 3, ...placed },
            { name: "gpu", mode: "User", vmSize: "Standard_NC4as_T4_v3", count: 0, availabilityZones: ["2"], ...placed },
        ]);
    });

    test("a public vault, a pinned version, a public API server and a smaller pool are asked for by name", async () => {
        const openVault = new KeyVault("kvaksopen", { resourceGroupName: rg, publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow" } });
        const openKey = new EncryptionKey("aks-kms-open", { keyVault: openVault, purpose: "applicationCrypto" });
        const version = (await valueOf(openKey.keyUriWithVersion)).split("/").pop() as string;
        await settle();
        recorder.clear();
        const cluster = await registered(new CmkKubernetesCluster("aks-open", args({
            clusterName: "aks-open-01",
            dnsPrefix: "aksopen",
            customerManagedKey: { key: openKey, keyVersion: version },
            keyVaultNetworkAccess: "Public",
            apiServerSubnetId: undefined,
            enablePrivateCluster: false,
            kubernetesVersion: "1.33",
            networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", outboundType: "userDefinedRouting" },
            systemNodePool: { vmSize: "Standard_D2ds_v5", count: 1, availabilityZones: ["1", "2"] },
        })));
        const resource = recorder.find("azure-native:containerservice:ManagedCluster", "aks-open-cluster");
        expect(resource.inputs).toMatchObject({
            resourceName: "aks-open-01",
            dnsPrefix: "aksopen",
            kubernetesVersion: "1.33",
            apiServerAccessProfile: { enablePrivateCluster: false, enableVnetIntegration: false },
            networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", outboundType: "userDefinedRouting" },
            agentPoolProfiles: [{ vmSize: "Standard_D2ds_v5", count: 1, availabilityZones: ["1", "2"] }],
            securityProfile: { azureKeyVaultKms: { keyId: `${await valueOf(openKey.keyUri)}/${version}`, keyVaultNetworkAccess: "Public" } },
        });
        expect(resource.inputs.securityProfile).not.toHaveProperty("azureKeyVaultKms.keyVaultResourceId");
        expect(recorder.requests.filter((r) => r.type === "azure-native:authorization:RoleAssignment").map((r) => r.name)).not.toContain("aks-open-kms-private-link");
        expect(await valueOf(cluster.apiServerFqdn)).toMatch(/^aksopen-[a-z0-9]{8}\.hcp\.westeurope\.azmk8s\.io$/);
    });
});

describe("CmkKubernetesCluster zones and tier (AKS fixes a pool's zones at creation; the Free tier is for testing)", () => {
    const warnings = capturedWarnings();

    test("asks for the Standard tier (control plane in every zone, with an SLA) by default, and Free when written", async () => {
        await registered(new CmkKubernetesCluster("aks-tier", args()));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-tier-cluster").inputs.sku).toEqual({ name: "Base", tier: "Standard" });
        await registered(new CmkKubernetesCluster("aks-free", args({ skuTier: "Free" })));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-free-cluster").inputs.sku).toEqual({ name: "Base", tier: "Free" });
    });

    test("warns on the cluster when its system pool has no zones written, and sends it none, as before", async () => {
        const cluster = await registered(new CmkKubernetesCluster("aks-unzoned", args()));
        expect(warnings).toEqual([{
            message: expect.stringMatching(/^CmkKubernetesCluster "aks-unzoned": systemNodePool has no availabilityZones written, so its nodes are in no particular zone: AKS fixes a pool's zones when the pool is created and cannot change them after\. Write availabilityZones: \["1", "2", "3"\] before the pool's first deploy, .*or \[\] to keep it without zones on purpose/),
            resource: cluster,
        }]);
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-unzoned-cluster").inputs.agentPoolProfiles).toEqual([expect.not.objectContaining({ availabilityZones: expect.anything() })]);
    });

    test("names a user pool left without zones beside a zonal system pool", async () => {
        await registered(new CmkKubernetesCluster("aks-userzones", args({ systemNodePool: { availabilityZones: ["1", "2", "3"] }, userNodePools: [{ name: "apps" }] })));
        expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^CmkKubernetesCluster "aks-userzones": userNodePools\[0\] \("apps"\) has no availabilityZones written/)]);
    });

    test("is silent in a region without availability zones, where there are none to write", async () => {
        const westKey = new EncryptionKey("aks-disks-westus", { keyVault: new KeyVault("kvakswestus", { resourceGroupName: rg, location: "westus" }) });
        const westDes = new CmkDiskEncryptionSet("aks-des-westus", { resourceGroupName: rg, location: "westus", customerManagedKey: { key: westKey } });
        await registered(new CmkKubernetesCluster("aks-westus", args({ location: "westus", diskEncryptionSetId: westDes.id })));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-westus-cluster").inputs.agentPoolProfiles).toEqual([expect.not.objectContaining({ availabilityZones: expect.anything() })]);
        expect(warnings).toEqual([]);
    });

    test("is silent when every pool writes its zones, or [] on purpose, which is sent as no zones", async () => {
        await registered(new CmkKubernetesCluster("aks-zonal", args({ systemNodePool: { availabilityZones: ["1", "2", "3"] }, userNodePools: [{ name: "apps", availabilityZones: ["1", "2", "3"] }] })));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-zonal-cluster").inputs.agentPoolProfiles).toMatchObject([{ availabilityZones: ["1", "2", "3"] }, { availabilityZones: ["1", "2", "3"] }]);
        await registered(new CmkKubernetesCluster("aks-nozones", args({ systemNodePool: { availabilityZones: [] } })));
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-nozones-cluster").inputs.agentPoolProfiles).toEqual([expect.not.objectContaining({ availabilityZones: expect.anything() })]);
        expect(warnings).toEqual([]);
    });
});

describe("CmkKubernetesCluster validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkKubernetesClusterArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a key that cannot encrypt", () => ({ customerManagedKey: { key: wrapKey } }), "customerManagedKey.key.keyOps", /lacks encrypt, decrypt, which the service uses to encrypt its data keys; create the key with purpose "applicationCrypto"/],
        // Microsoft's AKS KMS guide asks for no purge protection: the refusal is this product's, and says so.
        ["a KMS key in a vault without purge protection", () => ({ customerManagedKey: { key: keyReference({ keyOps: ["encrypt", "decrypt"] }, vaultReference({ enablePurgeProtection: false })) } }), "customerManagedKey.key.keyVault.enablePurgeProtection", /^is off; AKS's KMS does not require purge protection, but this product takes its key only from a vault with it: a purged KMS key leaves etcd's secrets undecryptable and the cluster unrecoverable/],
        ["no disk encryption set", () => ({ diskEncryptionSetId: undefined as never }), "diskEncryptionSetId", /is required: a disk encryption set/],
        ["a disk encryption set id that names a vault", () => ({ diskEncryptionSetId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" }), "diskEncryptionSetId", /is not a disk encryption set's resource id/],
        ["no node subnet", () => ({ nodeSubnetId: undefined as never }), "nodeSubnetId", /is required: a subnet/],
        ["a private vault without an API server subnet", () => ({ apiServerSubnetId: undefined }), "apiServerSubnetId", /API Server VNet Integration/],
        ["a virtual network where a subnet belongs", () => ({ apiServerSubnetId: SUBNETS.replace(/\/subnets$/, "") }), "apiServerSubnetId", /is not a subnet's resource id/],
        ["the node subnet for the API server", () => ({ apiServerSubnetId: NODES }), "apiServerSubnetId", /needs a subnet of its own/],
        ["an API server subnet in another network (a hub)", () => ({ apiServerSubnetId: API_SERVER.replace(/virtualNetworks\/[^/]+/, "virtualNetworks/vnet-hub") }), "apiServerSubnetId", /in another virtual network than nodeSubnetId/],
        ["no administrator group", () => ({ administratorGroupObjectIds: [] }), "administratorGroupObjectIds", /local accounts are off/],
        ["an administrator group by name", () => ({ administratorGroupObjectIds: ["aks-admins"] }), "administratorGroupObjectIds[0]", /is not an object id \(a GUID\)/],
        ["a KMS key whose versions expire before two rotations", () => ({ customerManagedKey: { key: shortLivedKey } }), "customerManagedKey.key.rotationPolicy", /^expiryTime "P120D" ends each version 120 days after it is made, and timeAfterCreate "P60D" rotates every 60: .*set expiryTime to at least "P150D"/],
        ["KMS network access by another word", () => ({ keyVaultNetworkAccess: "VNet" as never }), "keyVaultNetworkAccess", /is not "Private" or "Public"/],
        ["a cluster name with a dot", () => ({ clusterName: "aks.byok" }), "clusterName", /1–63 letters, digits, hyphens and underscores/],
        ["a DNS prefix with an underscore", () => ({ dnsPrefix: "aks_byok" }), "dnsPrefix", /1–54 letters, digits and hyphens/],
        ["no nodes", () => ({ systemNodePool: { count: 0 } }), "systemNodePool.count", /0 is outside 1–1000 \(a system pool keeps at least one node/],
        ["a zone by region name", () => ({ systemNodePool: { availabilityZones: ["westeurope-1"] } }), "systemNodePool.availabilityZones[0]", /is not an availability zone/],
        ["a zone listed twice", () => ({ systemNodePool: { availabilityZones: ["1", "2", "2"] } }), "systemNodePool.availabilityZones[2]", /^"2" is listed already at availabilityZones\[1\]; name each zone once/],
        ["a user pool's zone listed twice", () => ({ userNodePools: [{ name: "apps", availabilityZones: ["3", "3"] }] }), "userNodePools[0].availabilityZones[1]", /^"3" is listed already at availabilityZones\[0\]/],
        ["zones in a region without availability zones", () => ({ location: "West US", systemNodePool: { availabilityZones: ["1", "2", "3"] } }), "systemNodePool.availabilityZones", /^lists "1", "2", "3", but westus has no availability zones \(https:\/\/learn\.microsoft\.com\/azure\/reliability\/regions-list\), so AKS refuses them there \(AvailabilityZoneNotSupported\); write \[\] or leave availabilityZones out, or place the cluster in a region with zones$/],
        ["a user pool's zone in a region without availability zones", () => ({ location: "ukwest", systemNodePool: { availabilityZones: [] }, userNodePools: [{ name: "apps", availabilityZones: ["2"] }] }), "userNodePools[0].availabilityZones", /^lists "2", but ukwest has no availability zones/],
        ["a tier AKS does not have", () => ({ skuTier: "Basic" as never }), "skuTier", /^"Basic" is not an AKS pricing tier: "Standard" \(the default\) or "Free"$/],
        ["the Premium tier, which goes with long-term support, which does not take KMS", () => ({ skuTier: "Premium" }), "skuTier", /^is "Premium", AKS's tier for long-term support \(the AKSLongTermSupport plan\), which this component does not set up: Microsoft's LTS guide lists KMS .*; use "Standard" \(the default\)/],
        ["a user pool named like the system pool", () => ({ userNodePools: [{ name: "system" }] }), "userNodePools[0].name", /is taken by the system pool/],
        ["two user pools with one name", () => ({ userNodePools: [{ name: "apps" }, { name: "apps" }] }), "userNodePools[1].name", /is taken by another pool/],
        ["a user pool name with a hyphen", () => ({ userNodePools: [{ name: "apps-1" }] }), "userNodePools[0].name", /1–12 lowercase letters and digits/],
        ["a user pool of more nodes than AKS has", () => ({ userNodePools: [{ name: "apps", count: 1001 }] }), "userNodePools[0].count", /1001 is outside 0–1000/],
        ["a version with a v", () => ({ kubernetesVersion: "v1.33" }), "kubernetesVersion", /is not a Kubernetes version/],
        ["a version YAML shortened (1.30 read as 1.3)", () => ({ kubernetesVersion: "1.3" }), "kubernetesVersion", /"1.3" is not a version AKS runs: it offers recent 1.x minors \(1.27 and later/],
        ["a major version Kubernetes has not made", () => ({ kubernetesVersion: "2.1" }), "kubernetesVersion", /is not a version AKS runs/],
        ["a service range larger than /12", () => ({ networkProfile: { serviceCidr: "10.0.0.0/8", dnsServiceIP: "10.0.0.10" } }), "networkProfile.serviceCidr", /larger than \/12/],
        ["a DNS address outside the service range", () => ({ networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "10.0.0.10" } }), "networkProfile.dnsServiceIP", /"10\.0\.0\.10" is not an address of serviceCidr "172\.20\.0\.0\/16"/],
        ["the service range's first address as DNS", () => ({ networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.0" } }), "networkProfile.dnsServiceIP", /other than its first/],
        ["a service range without its DNS address", () => ({ networkProfile: { serviceCidr: "172.20.0.0/16" } }), "networkProfile.dnsServiceIP", /is required with serviceCidr "172\.20\.0\.0\/16": AKS's default 10\.0\.0\.10 is outside it/],
        ["the kubernetes service's own address as DNS", () => ({ networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.1" } }), "networkProfile.dnsServiceIP", /other than its first two/],
        ["pods over AKS's default service range", () => ({ networkProfile: { podCidr: "10.0.0.0/8" } }), "networkProfile.podCidr", /overlaps serviceCidr 10\.0\.0\.0\/16 \(AKS's default\)/],
        ["pod and service ranges that overlap", () => ({ networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", podCidr: "172.16.0.0/12" } }), "networkProfile.podCidr", /overlaps serviceCidr/],
        ["a range with host bits", () => ({ networkProfile: { podCidr: "10.244.1.0/16" } }), "networkProfile.podCidr", /has host bits set/],
        ["an egress AKS does not have", () => ({ networkProfile: { outboundType: "firewall" as never } }), "networkProfile.outboundType", /is not one of loadBalancer, userDefinedRouting/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("aks-bad", args(extra())), field, rule);
    });

    test("names the resource when it leaves no cluster-name prefix", () => {
        expect(validateCmkKubernetesClusterArgs("_", args()).map((i) => i.field)).toEqual(["name", "name"]);
    });

    test("a network profile of its own reaches the cluster as written", () => {
        expect(validateCmkKubernetesClusterArgs("aks", args({ networkProfile: { serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", podCidr: "192.168.0.0/16", outboundType: "userDefinedRouting" } }))).toEqual([]);
        // A service range that holds AKS's default DNS address needs none given.
        expect(validateCmkKubernetesClusterArgs("aks", args({ networkProfile: { serviceCidr: "10.0.0.0/16" } }))).toEqual([]);
    });

    test("refuses a Managed HSM pool's key, as AKS's KMS is documented for Key Vault keys only", () => {
        const pool = vaultReference({ id: `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm`, vaultUri: "https://contoso-hsm.managedhsm.azure.net/" });
        const hsmKey = keyReference({ keyName: "kms", keyOps: ["encrypt", "decrypt"] }, pool);
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: hsmKey }, keyVaultNetworkAccess: "Public", apiServerSubnetId: undefined }))).toEqual([
            { field: "customerManagedKey.key", message: "is key kms of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: AKS's KMS etcd encryption is documented for Key Vault keys only; use a key in a Key Vault vault" },
        ]);
    });

    test("refuses a KMS key whose versions expire before two rotations and a month, as the policy pack would at pulumi up", () => {
        const policed = (rotationPolicy: Parameters<typeof resolveRotationPolicy>[0]) => ({ ...kmsKey, rotationPolicy: resolveRotationPolicy(rotationPolicy) });
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ timeAfterCreate: "P180D" }) } }))).toEqual([{
            field: "customerManagedKey.key.rotationPolicy",
            message: 'expiryTime "P1Y" ends each version 365 days after it is made, and timeAfterCreate "P180D" rotates every 180: AKS\'s KMS keeps a version in use until the cluster\'s second move after it (pulumi up --refresh after each rotation), so each must stay valid two rotations and 30 days, 390; set expiryTime to at least "P390D" or rotate more often (the policy pack\'s azure-containerservice-managedcluster-configure-kms-key-validity blocks it)',
        }]);
        // Rotating 30 days before a one-year expiry is every 335 days.
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ timeBeforeExpiry: "P30D" }) } }))[0]?.message).toMatch(/timeBeforeExpiry "P30D" rotates every 335: .* 700; set expiryTime to at least "P700D"/);
        // Two 90-day rotations and 30 days are 210 days: the bound itself is taken, a day less is not.
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ expiryTime: "P210D" }) } }))).toEqual([]);
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ expiryTime: "P209D" }) } })).map((i) => i.field)).toEqual(["customerManagedKey.key.rotationPolicy"]);
        // Judged unrounded, as the pack's rule: 90 days 18 hours outlive two rotations of 30 days 8 hours and 30 days (90 days 16 hours).
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ expiryTime: "P90DT18H", timeAfterCreate: "P30DT8H" }) } }))).toEqual([]);
        // Rotation off is another rule's; a reference without a policy is Key Vault's to know.
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policed({ expiryTime: "P60D", automaticRotation: false }) } }))).toEqual([]);
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: keyReference({ keyName: "kms", keyOps: ["encrypt", "decrypt"] }, vaultReference()) } }))).toEqual([]);
    });

    test("a public vault needs no API server subnet", () => {
        expect(validateCmkKubernetesClusterArgs("aks", args({ keyVaultNetworkAccess: "Public", apiServerSubnetId: undefined }))).toEqual([]);
    });

    test("refuses a private link to an access-policy vault, where the Key Vault Contributor role it needs could grant the cluster every key, before registering anything", async () => {
        const policyVault = new KeyVault("kvaksap", { resourceGroupName: rg, enableRbacAuthorization: false });
        const policyKey = new EncryptionKey("aks-kms-ap", { keyVault: policyVault, purpose: "applicationCrypto" });
        await valueOf(policyKey.keyUriWithVersion);
        await settle();
        recorder.clear();
        const fix = /; set prepareRbacMigration: true on the key's vault \("Private" is accepted from that deploy on\), then enableRbacAuthorization: true in a later deploy, or put the key in a vault with enableRbacAuthorization: true, or set keyVaultNetworkAccess to "Public" \(for a vault open to every network\) on a new cluster or with a key in another vault: AKS does not change a deployed cluster's mode on the vault KMS is attached to while KMS is on, so a deployed cluster on this vault takes the prepareRbacMigration way$/;
        const error = await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("aks-ap", args({ customerManagedKey: { key: policyKey } })), "keyVaultNetworkAccess", /^is "Private" \(the default\), but the key's vault uses access policies \(enableRbacAuthorization: false\): AKS makes the KMS private link as the cluster's identity, which needs Key Vault Contributor on the vault, and on an access-policy vault that role can write itself an access policy to every key/);
        expect(error.issues.find((i) => i.field === "keyVaultNetworkAccess")?.message).toMatch(fix);
        // Asked for by name, the same; a vault described by hand is named. Over public access no link, and no such role, is made.
        const described = { ...policyKey, keyVault: { ...policyVault, vaultName: "kv-legacy" } };
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: described }, keyVaultNetworkAccess: "Private" }))).toEqual([
            { field: "keyVaultNetworkAccess", message: expect.stringMatching(/^is "Private", but the key's vault "kv-legacy" uses access policies \(enableRbacAuthorization: false\)/) },
        ]);
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: policyKey }, keyVaultNetworkAccess: "Public", apiServerSubnetId: undefined }))).toEqual([]);
    });

    test("takes a private link to an access-policy vault that prepares its move to RBAC, the first of the two deploys the refusal names", async () => {
        const preparedVault = new KeyVault("kvaksprep", { resourceGroupName: rg, enableRbacAuthorization: false, prepareRbacMigration: true });
        const preparedKey = new EncryptionKey("aks-kms-prep", { keyVault: preparedVault, purpose: "applicationCrypto" });
        await valueOf(preparedKey.keyUriWithVersion);
        await settle();
        expect(validateCmkKubernetesClusterArgs("aks", args({ customerManagedKey: { key: preparedKey } }))).toEqual([]);
        new CmkKubernetesCluster("aks-prep", args({ customerManagedKey: { key: preparedKey } }));
        await settle();
        expect(recorder.find("azure-native:containerservice:ManagedCluster", "aks-prep-cluster").inputs).toMatchObject({ securityProfile: { azureKeyVaultKms: { keyVaultNetworkAccess: "Private" } } });
        expect(recorder.refused).toEqual([]);
    });
});

describe("CmkKubernetesCluster and the node resource group AKS names MC_<group>_<cluster>_<region> (at most 80 characters)", () => {
    const placed = (extra: Partial<CmkKubernetesClusterArgs>) => args({ resourceGroupName: "rg-byok-test", location: "westeurope", ...extra });

    test("takes a resource name whose generated cluster name makes an 80-character group", () => {
        expect(validateCmkKubernetesClusterArgs("k".repeat(46), placed({}))).toEqual([]);
    });

    test("refuses a resource name whose generated cluster name (63 characters) makes a 90-character group, before registering anything", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("k".repeat(56), placed({})), "name",
            /makes a 63-character cluster name, too long for AKS's node resource group: MC_rg-byok-test_k{56}-<6 random>_westeurope is 90 characters, over the 80 AKS allows .*keep the name's prefix "k{56}" to at most 46 characters, or set a clusterName of at most 53$/);
    });

    test("refuses a given 63-character cluster name in that group and region, naming clusterName", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("aks-long", placed({ clusterName: "c".repeat(63) })), "clusterName", /use a cluster name of at most 53 characters$/);
    });

    test("refuses a 70-character resource group that leaves no room for any cluster name, naming resourceGroupName", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("aks-long", placed({ resourceGroupName: "r".repeat(70), clusterName: "a" })), "resourceGroupName", /use a resource group name of at most 64 characters$/);
    });

    test("leaves the length to AKS when the region is the group's, and to the deploy-time check when the group is an Output", () => {
        expect(validateCmkKubernetesClusterArgs("aks", placed({ clusterName: "c".repeat(63), location: undefined }))).toEqual([]);
        expect(validateCmkKubernetesClusterArgs("aks", placed({ clusterName: "c".repeat(63), resourceGroupName: pulumi.output("rg-byok-test") }))).toEqual([]);
    });

    test("reports a cluster name that is invalid on its own once, not again for the group", () => {
        expect(validateCmkKubernetesClusterArgs("aks", placed({ clusterName: `${"c".repeat(64)}` })).map((i) => i.field)).toEqual(["clusterName"]);
    });
});

describe("CmkKubernetesCluster arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["Azure Verified Modules' name for the cluster name", () => ({ name: "aks-byok-01" }), "name", /^is not an argument here; did you mean "clusterName"\?$/],
        ["Azure Verified Modules' name for the user pools", () => ({ agentPools: [{ name: "apps" }] }), "agentPools", /^is not an argument here; did you mean "userNodePools"\?$/],
        ["a misspelt argument, with the name it means", () => ({ enablePrivateClusters: false }), "enablePrivateClusters", /^is not an argument here; did you mean "enablePrivateCluster"\?$/],
        ["the private cluster switch as a string", () => ({ enablePrivateCluster: "false" }), "enablePrivateCluster", /^is a string \("false"\), not true or false$/],
        ["the Kubernetes version as an Output", () => ({ kubernetesVersion: pulumi.output("1.33") }), "kubernetesVersion", OUTPUT_RULE],
        ["the KMS network access as an Output, which decides the grants made", () => ({ keyVaultNetworkAccess: pulumi.output("Public") }), "keyVaultNetworkAccess", OUTPUT_RULE],
        ["administrator groups as one string", () => ({ administratorGroupObjectIds: ADMINS }), "administratorGroupObjectIds", /^is a string \("5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"\), not a list/],
        ["a node count as a string", () => ({ systemNodePool: { count: "3" } }), "systemNodePool.count", /^is a string \("3"\), not a number$/],
        ["the tier as an Output, which decides what AKS charges", () => ({ skuTier: pulumi.output("Standard") }), "skuTier", OUTPUT_RULE],
        ["the tier's name in another case", () => ({ skutier: "Free" }), "skutier", /did you mean "skuTier"\?$/],
        ["a user pool without its name", () => ({ userNodePools: [{ count: 2 }] }), "userNodePools[0].name", /^is required: 1–12 lowercase letters and digits/],
        ["a misspelt pool size", () => ({ userNodePools: [{ name: "apps", vmsize: "Standard_D8ds_v5" }] }), "userNodePools[0].vmsize", /did you mean "vmSize"\?$/],
        ["a network profile field under another case", () => ({ networkProfile: { serviceCIDR: "172.20.0.0/16" } }), "networkProfile.serviceCIDR", /did you mean "serviceCidr"\?$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkKubernetesCluster("aks-shape", untyped<CmkKubernetesClusterArgs>({ ...args(), ...extra() })), field, rule);
    });
});

describe("CmkKubernetesCluster given its group and subnets as Outputs", () => {
    const HUB_API_SERVER = API_SERVER.replace("vnet-spoke", "vnet-hub");
    const A_VAULT = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok/providers/Microsoft.KeyVault/vaults/kvaksout`;
    const A_NETWORK = SUBNETS.replace(/\/subnets$/, "");
    const POOL = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/pool1`;
    // A pool's key described by hand from a platform stack's outputs, as a StackReference gives them.
    const HSM_KEY_FROM_OUTPUTS = `{ id: pulumi.output("${POOL}/keys/cmk"), keyUri: pulumi.output("https://pool1.managedhsm.azure.net/keys/cmk"),
        keyUriWithVersion: pulumi.output("https://pool1.managedhsm.azure.net/keys/cmk/0123456789abcdef0123456789abcdef"), keyName: pulumi.output("cmk"),
        kty: "RSA-HSM", keySize: 3072, keyOps: ["encrypt", "decrypt"], keyVault: { id: pulumi.output("${POOL}"), vaultName: pulumi.output("pool1"), resourceGroupName: pulumi.output("rg-hsm"),
        vaultUri: pulumi.output("https://pool1.managedhsm.azure.net/"), sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true, tenantId: pulumi.output("${mockAzureDefaults.tenantId}") } }`;
    const LONG = "c".repeat(63);
    /** A program making `clusters` (name → the args' JavaScript beside the cluster's key, disk encryption set and administrators). */
    const program = (clusters: Record<string, string>, preview: boolean) => runUnderMocks(`
        const { KeyVault } = require("./components/key-vault");
        const { EncryptionKey } = require("./components/encryption-key");
        const { CmkDiskEncryptionSet } = require("./components/cmk-disk-encryption-set");
        const { CmkKubernetesCluster } = require("./components/cmk-kubernetes-cluster");
        const { ManagedIdentity } = require("./components/managed-identity");
        const random = require("@pulumi/random");
        const kv = new KeyVault("kvaksout", { resourceGroupName: "rg-byok", location: "westeurope" });
        const kms = new EncryptionKey("aksout-kms", { keyVault: kv, purpose: "applicationCrypto" });
        const des = new CmkDiskEncryptionSet("aksout-des", { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key: new EncryptionKey("aksout-disks", { keyVault: kv }) } });
        const base = { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key: kms }, diskEncryptionSetId: des.id,
            nodeSubnetId: ${JSON.stringify(NODES)}, apiServerSubnetId: ${JSON.stringify(API_SERVER)}, administratorGroupObjectIds: [${JSON.stringify(ADMINS)}] };
        ${Object.entries(clusters).map(([name, extra]) => `new CmkKubernetesCluster(${JSON.stringify(name)}, { ...base, ${extra} });`).join("\n")}
    `, { preview });
    const plainIssue = (extra: Partial<CmkKubernetesClusterArgs>) => validateCmkKubernetesClusterArgs("aks", args({ location: "westeurope", ...extra }))[0];
    const clusterSent = (run: ProgramRun, name: string) => run.registered.includes(`azure-native:containerservice:ManagedCluster::${name}-cluster`);

    describe.each([["a preview", true], ["a deploy", false]] as const)("in %s", (_when, preview) => {
        let run: ProgramRun;
        beforeAll(() => {
            run = program({
                "aks-long-group": `resourceGroupName: pulumi.output("rg-byok"), clusterName: "${LONG}"`,
                "aks-secret-group": `resourceGroupName: pulumi.secret("rg-byok"), clusterName: "${LONG}"`,
                "aks-hub-api": `nodeSubnetId: pulumi.output(${JSON.stringify(NODES)}), apiServerSubnetId: pulumi.output(${JSON.stringify(HUB_API_SERVER)})`,
                "aks-fits": `resourceGroupName: pulumi.output("rg-byok"), nodeSubnetId: pulumi.output(${JSON.stringify(NODES)}), apiServerSubnetId: pulumi.output(${JSON.stringify(API_SERVER)})`,
                "aks-group-out": `administratorGroupObjectIds: [pulumi.output(${JSON.stringify(ADMINS)}), pulumi.output("aks-admins")]`,
                "aks-des-out": `diskEncryptionSetId: pulumi.output(${JSON.stringify(A_VAULT)})`,
                "aks-nodes-out": `nodeSubnetId: pulumi.output(${JSON.stringify(A_NETWORK)})`,
                "aks-api-out": `apiServerSubnetId: pulumi.output(${JSON.stringify(A_NETWORK)})`,
                "aks-hsm-out": `customerManagedKey: { key: ${HSM_KEY_FROM_OUTPUTS}, userAssignedIdentity: new ManagedIdentity("aks-hsm-identity", { resourceGroupName: "rg-byok" }), keyAccess: new random.RandomString("aks-hsm-local-grant", { length: 4 }) }`,
            }, preview);
        });

        // The README's promise for Outputs: held to the rules plain values meet once they resolve, before what they decide is sent.
        const outputCases: [string, string, string, Partial<CmkKubernetesClusterArgs>, string[]][] = [
            ["an administrator group that is no object id", "aks-group-out", "administratorGroupObjectIds[1]", { administratorGroupObjectIds: [ADMINS, "aks-admins"] }, []],
            ["a disk encryption set id that names a vault", "aks-des-out", "diskEncryptionSetId", { diskEncryptionSetId: A_VAULT }, ["aks-des-out-disk-encryption-set-reader"]],
            ["a node subnet id that names a network", "aks-nodes-out", "nodeSubnetId", { nodeSubnetId: A_NETWORK }, ["aks-nodes-out-node-subnet"]],
            ["an API server subnet id that names a network", "aks-api-out", "apiServerSubnetId", { apiServerSubnetId: A_NETWORK }, ["aks-api-out-api-server-subnet"]],
        ];
        test.each(outputCases)("refuses %s given as an Output, with the message a plain one gets, and sends neither the cluster nor a grant on it", (_what, name, field, plain, grants) => {
            const issue = validateCmkKubernetesClusterArgs("aks", args({ location: "westeurope", ...plain })).find((i) => i.field === field);
            expect(issue).toBeDefined();
            expect(validationFailure(run, `CmkKubernetesCluster "${name}"`)).toContain(`CmkKubernetesCluster "${name}": invalid arguments:\n  - ${field}: ${String(issue?.message)}`);
            expect(clusterSent(run, name)).toBe(false);
            for (const grant of grants) expect(run.registered).not.toContain(`azure-native:authorization:RoleAssignment::${grant}`);
        });

        test("refuses a Managed HSM pool's key described with Outputs, with the message the plain key gets, and sends no cluster", () => {
            const issue = validateCmkKubernetesClusterArgs("aks", args({ location: "westeurope", customerManagedKey: { key: keyReference({ keyOps: ["encrypt", "decrypt"] }, vaultReference({ id: POOL, vaultName: "pool1", vaultUri: "https://pool1.managedhsm.azure.net/" })) } }))
                .find((i) => i.field === "customerManagedKey.key");
            expect(issue?.message).toMatch(/^is key cmk of Managed HSM pool pool1, and Azure does not take a Managed HSM key here: /);
            expect(validationFailure(run, 'CmkKubernetesCluster "aks-hsm-out"')).toContain(`  - customerManagedKey.key: ${String(issue?.message)}`);
            expect(clusterSent(run, "aks-hsm-out")).toBe(false);
        });

        test("refuses a cluster name too long for the node resource group of a group given as an Output, with the message a plain group gets, and sends no cluster", () => {
            const issue = plainIssue({ clusterName: LONG });
            expect(issue.message).toMatch(/too long for AKS's node resource group: MC_rg-byok_c{63}_westeurope is 85 characters/);
            expect(validationFailure(run, 'CmkKubernetesCluster "aks-long-group"')).toContain(`CmkKubernetesCluster "aks-long-group": invalid arguments:\n  - clusterName: ${issue.message}`);
            expect(clusterSent(run, "aks-long-group")).toBe(false);
        });

        test("shows a group from a secret as [secret] in that message", () => {
            const failure = validationFailure(run, 'CmkKubernetesCluster "aks-secret-group"');
            expect(failure).toContain(`  - clusterName: "${LONG}" (63 characters) is too long for AKS's node resource group: MC_[secret]_${LONG}_westeurope is 85 characters`);
            expect(failure).not.toContain("rg-byok");
            expect(clusterSent(run, "aks-secret-group")).toBe(false);
        });

        test("refuses an API server subnet given as an Output in another virtual network than the nodes', with the message plain ids get, and sends no cluster", () => {
            const issue = plainIssue({ apiServerSubnetId: HUB_API_SERVER });
            expect(issue).toEqual({ field: "apiServerSubnetId", message: expect.stringContaining("is in another virtual network than nodeSubnetId") });
            expect(validationFailure(run, 'CmkKubernetesCluster "aks-hub-api"')).toContain(`  - apiServerSubnetId: ${issue.message}`);
            expect(clusterSent(run, "aks-hub-api")).toBe(false);
        });

        test("sends a cluster whose Outputs meet both rules", () => {
            expect(run.failures.filter((f) => f.includes("aks-fits"))).toEqual([]);
            expect(clusterSent(run, "aks-fits")).toBe(true);
        });
    });

    // Nothing is judged before it is known: a preview with values unknown until deploy sends the cluster as planned.
    test("in a preview, takes ids, groups and a key unknown until deploy, whatever they will be", () => {
        const unknown = (value: string) => `pulumi.output(pulumi.unknown).apply(() => ${JSON.stringify(value)})`;
        const run = program({
            "aks-unknown": `administratorGroupObjectIds: [${unknown("aks-admins")}], diskEncryptionSetId: ${unknown(A_VAULT)}, nodeSubnetId: ${unknown(A_NETWORK)}, apiServerSubnetId: ${unknown(A_NETWORK)}`,
            "aks-unknown-key": `customerManagedKey: { key: { ...kms, keyUri: ${unknown("https://pool1.managedhsm.azure.net/keys/cmk")}, keyUriWithVersion: ${unknown("https://pool1.managedhsm.azure.net/keys/cmk/0123456789abcdef0123456789abcdef")} } }`,
        }, true);
        // The mocks themselves refuse a scope they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"aks-unknown(-key)?": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("aks-unknown-key"))).toEqual([]);
        expect(clusterSent(run, "aks-unknown-key")).toBe(true);
    });
});
