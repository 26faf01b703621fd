import * as pulumi from "@pulumi/pulumi";
import * as azureNative from "@pulumi/azure-native";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as network from "@pulumi/azure-native/network";
import * as random from "@pulumi/random";
import { AzureMocks, collectWarnings, isSecret, mockAzureDefaults, Recorder, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { deployWaves } from "../../plan/waves";
import { valueOf } from "../support/outputs";
import { registerAsSdk } from "../support/register";
import { runUnderMocks } from "../support/under-mocks";

const sub = mockAzureDefaults.subscriptionId;
const tenant = mockAzureDefaults.tenantId;
const rgId = `/subscriptions/${sub}/resourceGroups/rg-byok`;

/** A fresh Azure per test: the mocks judged directly, as the provider would call them. */
function azure(): AzureMocks {
    return new AzureMocks(mockAzureDefaults, new Recorder());
}

function create(mocks: AzureMocks, type: string, name: string, inputs: Record<string, unknown>) {
    return mocks.newResource({ type, name, inputs, custom: true });
}

const vaultInputs = (vaultName: string, properties: Record<string, unknown> = {}) => ({
    resourceGroupName: "rg-byok",
    vaultName,
    properties: { tenantId: tenant, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, ...properties },
});

/** `n` distinct public /32 addresses, and `n` subnet ids, for a vault's firewall. */
const publicRanges = (n: number) => Array.from({ length: n }, (_, i) => `20.${Math.floor(i / 250)}.${i % 250}.1`);
const subnetIds = (n: number) => Array.from({ length: n }, (_, i) => `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-${i}`);

const SIXTEEN_TAGS = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "x"]));

const keyInputs = (vaultName: string, keyName: string, properties: Record<string, unknown> = {}) => ({
    resourceGroupName: "rg-byok",
    vaultName,
    keyName,
    properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], ...properties },
});

describe("unknown types and functions fail loudly with their token", () => {
    // The message reaches a program's own tests, run with the mocks of an installed package: it says how they add one.
    test("a resource type the mocks do not model, naming how a program's own tests model it", () => {
        expect(() => create(azure(), "azure-native:network:VirtualNetwork", "vnet", {})).toThrow(
            'The Azure mocks do not model resource type azure-native:network:VirtualNetwork (resource "vnet"). A program\'s own tests model it with setAzureMocks({ handlers: { "azure-native:network:VirtualNetwork": (inputs, name, state) => ({ id: <its id>, state: <its outputs> }) } }); this repository\'s own types go in plan/azure.ts.');
    });
    test("a function the mocks do not model, naming how a program's own tests answer it", () => {
        expect(() => azure().call({ token: "azure-native:keyvault:getSecret", inputs: {} })).toThrow(
            'The Azure mocks do not model function azure-native:keyvault:getSecret. A program\'s own tests answer it with setAzureMocks({ calls: { "azure-native:keyvault:getSecret": (inputs) => <its result> } }); this repository\'s own functions go in plan/mocks.ts.');
    });
    test("getVault answers as ARM does, 404s included", () => {
        const mocks = new AzureMocks({ ...mockAzureDefaults, vaults: [{ name: "kv-central", resourceGroupName: "rg-byok", sku: "standard", enablePurgeProtection: true, enableRbacAuthorization: false }] }, new Recorder());
        expect(mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-byok", vaultName: "kv-central" } })).toMatchObject({
            name: "kv-central",
            type: "Microsoft.KeyVault/vaults",
            properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "standard" }, vaultUri: "https://kv-central.vault.azure.net/", enablePurgeProtection: true, enableRbacAuthorization: false },
        });
        expect(() => mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-byok", vaultName: "kv-other" } })).toThrow("404 ResourceNotFound: The Resource 'Microsoft.KeyVault/vaults/kv-other' under resource group 'rg-byok' was not found.");
        expect(() => mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-none", vaultName: "kv-central" } })).toThrow("404 ResourceGroupNotFound: Resource group 'rg-none' could not be found.");
    });
    test("a provider package the mocks do not model", () => {
        expect(() => create(azure(), "pulumi:providers:aws", "default", {})).toThrow(/"aws"/);
    });
});

describe("another subscription, reached through an explicit provider for it", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const platformAzure = () => new AzureMocks({
        ...mockAzureDefaults,
        resourceGroups: [...mockAzureDefaults.resourceGroups, { name: "rg-security", location: "westeurope", subscriptionId: platform }],
        vaults: [{ subscriptionId: platform, name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
    }, new Recorder());
    /** Registers the provider as the engine would and returns the reference resources carry (`<urn>::<id>`). */
    const provider = (mocks: AzureMocks, name: string, subscriptionId: string) => {
        const { id } = mocks.newResource({ type: "pulumi:providers:azure-native", name, inputs: { subscriptionId }, custom: true });
        return `urn:pulumi:test::azure-byok::pulumi:providers:azure-native::${name}::${String(id)}`;
    };

    test("reads and makes resources in that subscription, and finds none of them through the stack's", () => {
        const mocks = platformAzure();
        const through = provider(mocks, "platform", platform);
        const vault = mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-security", vaultName: "kv-central" }, provider: through });
        expect(vault.id).toBe(`/subscriptions/${platform}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central`);
        expect(() => mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-security", vaultName: "kv-central" } })).toThrow("404 ResourceGroupNotFound: Resource group 'rg-security' could not be found.");
        const key = mocks.newResource({ type: "azure-native:keyvault:Key", name: "k", inputs: { ...keyInputs("kv-central", "cmk"), resourceGroupName: "rg-security" }, custom: true, provider: through });
        expect(key.id).toBe(`/subscriptions/${platform}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central/keys/cmk`);
        expect(() => create(mocks, "azure-native:keyvault:Key", "k2", { ...keyInputs("kv-central", "cmk2"), resourceGroupName: "rg-security" })).toThrow("404 ResourceGroupNotFound");
        // The stack's group is not in the platform's subscription either.
        expect(() => mocks.newResource({ type: "azure-native:keyvault:Key", name: "k3", inputs: keyInputs("kv-central", "cmk3"), custom: true, provider: through })).toThrow("404 ResourceGroupNotFound: Resource group 'rg-byok' could not be found.");
        expect(mocks.call({ token: "azure-native:authorization:getClientConfig", inputs: {}, provider: through })).toMatchObject({ subscriptionId: platform });
    });

    test("a scope there is reachable by any provider; one in a subscription the deployer has nothing in is not", () => {
        const mocks = platformAzure();
        const through = provider(mocks, "platform", platform);
        const { id: keyId } = mocks.newResource({ type: "azure-native:keyvault:Key", name: "k", inputs: { ...keyInputs("kv-central", "cmk"), resourceGroupName: "rg-security" }, custom: true, provider: through });
        const grant = (scope: string) => create(mocks, "azure-native:authorization:RoleAssignment", `grant-${scope.length}`, {
            scope,
            principalId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${platform}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        });
        expect(() => grant(String(keyId))).not.toThrow();
        const elsewhere = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        expect(() => grant(`/subscriptions/${elsewhere}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central/keys/cmk`)).toThrow(`403 LinkedAuthorizationFailed: scope '/subscriptions/${elsewhere}/`);
        // A subnet is outside the stack, often in a network team's subscription: taken as named, as the cluster's join grants need.
        expect(() => grant(`/subscriptions/${elsewhere}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes`)).not.toThrow();
    });

    test("a provider whose subscription is not a GUID is refused when it is used, as ARM refuses the request", () => {
        const mocks = platformAzure();
        const through = provider(mocks, "bad", "platform-security");
        expect(() => mocks.newResource({ type: "azure-native:keyvault:Key", name: "k", inputs: keyInputs("kv-central", "cmk"), custom: true, provider: through })).toThrow("400 InvalidSubscriptionId: The provided subscription identifier 'platform-security' is malformed or invalid.");
        expect(() => mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-security", vaultName: "kv-central" }, provider: through })).toThrow("InvalidSubscriptionId");
    });
});

describe("answers like Azure", () => {
    test("a vault gets its ARM id and https://<name>.vault.azure.net/ URI", () => {
        const { id, state } = create(azure(), "azure-native:keyvault:Vault", "kv", vaultInputs("kv-answers"));
        expect(id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-answers`);
        expect((state.properties as Record<string, unknown>).vaultUri).toBe("https://kv-answers.vault.azure.net/");
        expect(state.location).toBe("westeurope");
        expect(state).not.toHaveProperty("resourceGroupName");
    });

    test("a region given by display name is taken, and answered by its name, as ARM answers", () => {
        const mocks = azure();
        expect(create(mocks, "azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-display", location: "West Europe" }).state.location).toBe("westeurope");
        expect(create(mocks, "azure-native:keyvault:Vault", "kv", { ...vaultInputs("kv-display"), location: "North Europe" }).state.location).toBe("northeurope");
    });

    test("a key gets its id under the vault, a versionless URI and a URI with a 32-hex version", () => {
        const mocks = azure();
        create(mocks, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-keys"));
        const { id, state } = create(mocks, "azure-native:keyvault:Key", "k", keyInputs("kv-keys", "cmk"));
        expect(id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-keys/keys/cmk`);
        expect(state.keyUri).toBe("https://kv-keys.vault.azure.net/keys/cmk");
        expect(state.keyUriWithVersion).toMatch(/^https:\/\/kv-keys\.vault\.azure\.net\/keys\/cmk\/[0-9a-f]{32}$/);
        expect((state.attributes as Record<string, unknown>).recoveryLevel).toBe("Recoverable");
    });

    test("a secret gets its id and URIs under the vault, and its value never comes back out", () => {
        const mocks = azure();
        create(mocks, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-secrets"));
        const secret = (secretName: unknown, properties: Record<string, unknown>) => create(mocks, "azure-native:keyvault:Secret", `s-${String(secretName)}`, { resourceGroupName: "rg-byok", vaultName: "kv-secrets", secretName, properties });
        const { id, state } = secret("vendor-client-secret", { value: "s3cr3t-value", contentType: "text/plain", attributes: { notBefore: 1795000000, expires: 1810000000 } });
        expect(id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-secrets/secrets/vendor-client-secret`);
        expect(state.properties).toMatchObject({
            secretUri: "https://kv-secrets.vault.azure.net/secrets/vendor-client-secret",
            secretUriWithVersion: expect.stringMatching(/^https:\/\/kv-secrets\.vault\.azure\.net\/secrets\/vendor-client-secret\/[0-9a-f]{32}$/),
            contentType: "text/plain",
            attributes: { enabled: true, notBefore: 1795000000, expires: 1810000000 },
        });
        expect(JSON.stringify(state)).not.toContain("s3cr3t-value");
        expect(() => secret("vendor_secret", { value: "x" })).toThrow(/BadRequest.*Secret name 'vendor_secret' is invalid/);
        expect(() => secret("no-value", { contentType: "text/plain" })).toThrow(/properties.value is required/);
        expect(() => secret("backwards", { value: "x", attributes: { notBefore: 1810000000, expires: 1795000000 } })).toThrow(/expires must be later than properties.attributes.notBefore/);
        expect(() => create(mocks, "azure-native:keyvault:Secret", "orphan", { resourceGroupName: "rg-byok", vaultName: "kv-nowhere", secretName: "s", properties: { value: "x" } })).toThrow(/ResourceNotFound/);
    });

    test("an identity's client and principal ids are GUIDs that stay the same for the same resource", () => {
        const first = create(azure(), "azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-byok", resourceName: "id-acr" });
        const again = create(azure(), "azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-byok", resourceName: "id-acr" });
        const other = create(azure(), "azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-byok", resourceName: "id-sa" });
        expect(first.state.principalId).toBe(again.state.principalId);
        expect(first.state.clientId).toBe(again.state.clientId);
        expect(first.state.principalId).not.toBe(other.state.principalId);
        expect(first.state.tenantId).toBe(tenant);
    });

    test("in another cloud (azure-native's environment), URIs carry that cloud's suffixes and its own keys only", () => {
        const mocks = new AzureMocks({ ...mockAzureDefaults, cloud: "china" }, new Recorder());
        const vault = create(mocks, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-cn"));
        expect((vault.state.properties as Record<string, unknown>).vaultUri).toBe("https://kv-cn.vault.azure.cn/");
        const key = create(mocks, "azure-native:keyvault:Key", "k", keyInputs("kv-cn", "cmk"));
        expect(key.state.keyUri).toBe("https://kv-cn.vault.azure.cn/keys/cmk");
        expect(key.state.keyUriWithVersion).toMatch(/^https:\/\/kv-cn\.vault\.azure\.cn\/keys\/cmk\/[0-9a-f]{32}$/);
        const registry = create(mocks, "azure-native:containerregistry:Registry", "acr", { resourceGroupName: "rg-byok", registryName: "acrcn01", sku: { name: "Premium" } });
        expect(registry.state.loginServer).toBe("acrcn01.azurecr.cn");
        const storage = create(mocks, "azure-native:storage:StorageAccount", "sa", { resourceGroupName: "rg-byok", accountName: "sacn01", kind: "StorageV2", sku: { name: "Standard_GRS" } });
        expect(storage.state.primaryEndpoints).toEqual({ blob: "https://sacn01.blob.core.chinacloudapi.cn/" });
        // The same vault named with the public cloud's suffix is not a vault this deployment can reach.
        expect(() => create(mocks, "azure-native:storage:StorageAccount", "sa2", {
            resourceGroupName: "rg-byok", accountName: "sacn02", kind: "StorageV2", sku: { name: "Standard_GRS" },
            encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyVaultUri: "https://kv-cn.vault.azure.net/", keyName: "cmk" } },
        })).toThrow(/KeyVaultKeyNotFound/);
    });

    test("getClientConfig reports the deployer", () => {
        expect(azure().call({ token: "azure-native:authorization:getClientConfig", inputs: {} })).toEqual({
            clientId: mockAzureDefaults.clientId,
            objectId: mockAzureDefaults.objectId,
            subscriptionId: sub,
            tenantId: tenant,
        });
    });
});

describe("refuses what Azure refuses", () => {
    const refusals: [string, (m: AzureMocks) => unknown, RegExp][] = [
        ["enablePurgeProtection: false", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-purge", { enablePurgeProtection: false })), /"enablePurgeProtection" cannot be set to false/],
        ["a retention of 6 days", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ret", { softDeleteRetentionInDays: 6 })), /between 7 and 90/],
        ["a retention of 91 days", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ret", { softDeleteRetentionInDays: 91 })), /between 7 and 90/],
        ["a vault name of 25 characters", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-abcdefghijklmnopqrstuv")), /VaultNameNotValid/],
        ["a vault in a resource group that does not exist", (m) => create(m, "azure-native:keyvault:Vault", "kv", { ...vaultInputs("kv-nogroup"), resourceGroupName: "rg-missing" }), /ResourceGroupNotFound/],
        ["a vault in another tenant", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-tenant", { tenantId: "00000000-0000-4000-8000-000000000000" })), /not the tenant of subscription/],
        ["an IP rule that is not IPv4", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ip", { networkAcls: { defaultAction: "Deny", ipRules: [{ value: "10.0.0.300/24" }] } })), /not a valid IPv4 address or CIDR/],
        ["a private (RFC 1918) IP rule", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ip", { networkAcls: { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }, { value: "172.20.4.0/24" }] } })), /^400 BadRequest: Invalid value found at properties\.networkAcls\.ipRules\[1\]\.value: 172\.20\.4\.0\/24 belongs to forbidden range 172\.16\.0\.0-172\.31\.255\.255 \(private IP addresses\)$/],
        // The documented firewall limits (MicrosoftDocs/azure-docs articles/key-vault/general/network-security.md).
        ["1001 IPv4 rules", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ips", { networkAcls: { defaultAction: "Deny", ipRules: publicRanges(1001).map((value) => ({ value })) } })), /^400 BadRequest: networkAcls\.ipRules has 1001 rules; a vault takes at most 1000 IPv4 rules\.$/],
        ["201 virtual network rules", (m) => create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-subnets", { networkAcls: { defaultAction: "Deny", virtualNetworkRules: subnetIds(201).map((id) => ({ id })) } })), /^400 BadRequest: networkAcls\.virtualNetworkRules has 201 rules; a vault takes at most 200 virtual network rules\.$/],
        ["a vault name already taken", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv1", vaultInputs("kv-taken"));
            return create(m, "azure-native:keyvault:Vault", "kv2", vaultInputs("kv-taken"));
        }, /VaultAlreadyExists/],
        ["an HSM key in a standard vault", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-std", { sku: { family: "A", name: "standard" } }));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-std", "cmk"));
        }, /RSA-HSM needs a premium vault/],
        ["a key in a vault that does not exist", (m) => create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-nowhere", "cmk")), /ResourceNotFound/],
        ["an RSA key of 1024 bits", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-size"));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-size", "cmk", { keySize: 1024 }));
        }, /keySize 1024 is invalid/],
        ["wrapKey on an EC key", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-ec"));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-ec", "ec", { kty: "EC-HSM", keySize: undefined, curveName: "P-256", keyOps: ["wrapKey"] }));
        }, /not supported by EC-HSM keys/],
        ["a tag name with a reserved character", (m) => create(m, "azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-tagged", location: "westeurope", tags: { "cost/center": "CC-1" } }), /InvalidTagNameCharacters.*'cost\/center'/],
        ["a tag value over 256 characters", (m) => create(m, "azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-tagged", location: "westeurope", tags: { note: "x".repeat(257) } }), /InvalidTagValueLength.*Maximum allowed length for tag value - '256' characters/],
        // Key Vault's limits on its objects' tags, narrower than ARM's 50 tags and 512-character names.
        ["a key with 16 tags", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-tags"));
            return create(m, "azure-native:keyvault:Key", "k", { ...keyInputs("kv-tags", "cmk"), tags: SIXTEEN_TAGS });
        }, /^400 BadParameter: Property has invalid value: tags has 16 entries; a Key Vault key takes at most 15 tags\.$/],
        ["a key tag name of 257 characters", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-tagname"));
            return create(m, "azure-native:keyvault:Key", "k", { ...keyInputs("kv-tagname", "cmk"), tags: { ["n".repeat(257)]: "x" } });
        }, /^400 BadParameter: Property has invalid value: tag name 'n+' is 257 characters; a Key Vault key's tag names take at most 256\.$/],
        ["a secret with 16 tags", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-stags"));
            return create(m, "azure-native:keyvault:Secret", "s", { resourceGroupName: "rg-byok", vaultName: "kv-stags", secretName: "s", properties: { value: "x" }, tags: SIXTEEN_TAGS });
        }, /^400 BadParameter: Property has invalid value: tags has 16 entries; a Key Vault secret takes at most 15 tags\.$/],
        ["import with other key operations", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-kek"));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-kek", "kek", { keyOps: ["import", "unwrapKey"] }));
        }, /'import' cannot be combined with other key operations/],
        ["a rotation policy expiring in 27 days", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-rot"));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-rot", "cmk", { rotationPolicy: { attributes: { expiryTime: "P27D" } } }));
        }, /minimum of 28 days/],
        ["a rotation after expiry", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-rot2"));
            return create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-rot2", "cmk", {
                rotationPolicy: { attributes: { expiryTime: "P90D" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P1Y" } }] },
            }));
        }, /at least 7 days before expiryTime/],
        ["a role assignment whose scope is a vault name, not an ARM id", (m) => create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: "kv-contoso", principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        }), /InvalidScope/],
        ["a role assignment on a key that does not exist", (m) => create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-x/keys/cmk`, principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        }), /ResourceNotFound/],
        ["a role definition given as a bare GUID", (m) => create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: rgId, principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", roleDefinitionId: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        }), /InvalidRoleDefinitionId/],
        ["a role that does not exist", (m) => create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: rgId, principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-4333-8444-555555555555`,
        }), /RoleDefinitionDoesNotExist/],
        ["a role assignment name that is not a GUID", (m) => create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: rgId, principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", roleAssignmentName: "registry-cmk",
            roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        }), /must be a GUID/],
        ["a lock of level NotSpecified", (m) => create(m, "azure-native:authorization:ManagementLockByScope", "l", { scope: rgId, level: "NotSpecified" }), /LockLevelInvalid/],
        ["a diagnostic setting with no destination", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-diag"));
            return create(m, "azure-native:monitor:DiagnosticSetting", "d", { resourceUri: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-diag`, logs: [] });
        }, /at least one destination/],
        ["a Key Vault log category that does not exist", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-cat"));
            return create(m, "azure-native:monitor:DiagnosticSetting", "d", {
                resourceUri: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-cat`, workspaceId: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/law`,
                logs: [{ category: "KeyOperations", enabled: true }],
            });
        }, /Category 'KeyOperations' is not supported/],
        ["a sixth diagnostic setting on one vault", (m) => {
            create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-six"));
            const setting = (i: number) => create(m, "azure-native:monitor:DiagnosticSetting", `d${i}`, {
                resourceUri: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-six`, name: `audit-${i}`,
                // A workspace each: one sink takes a category once per resource.
                workspaceId: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/law-${i}`, logs: [{ category: "AuditEvent", enabled: true }],
            });
            for (let i = 0; i < 5; i++) setting(i);
            return setting(5);
        }, /already has 5 diagnostic settings/],
    ];
    test.each(refusals)("refuses %s", (_title, act, error) => {
        expect(() => act(azure())).toThrow(error);
    });

    test("takes 1000 IPv4 rules and 200 virtual network rules on a vault", () => {
        expect(create(azure(), "azure-native:keyvault:Vault", "kv", vaultInputs("kv-full", { networkAcls: { defaultAction: "Deny", ipRules: publicRanges(1000).map((value) => ({ value })), virtualNetworkRules: subnetIds(200).map((id) => ({ id })) } })).state.properties.networkAcls).toMatchObject({
            ipRules: expect.arrayContaining([{ value: "20.3.249.1/32" }]),
            virtualNetworkRules: expect.arrayContaining([{ id: subnetIds(200)[199].toLowerCase() }]),
        });
    });

    test("takes 15 tags on a key or a secret, names of 256 characters on a key and 512 on a secret, and more of both on a vault", () => {
        const m = azure();
        const fifteen = Object.fromEntries(Object.entries(SIXTEEN_TAGS).slice(0, 15));
        create(m, "azure-native:keyvault:Vault", "kv", { ...vaultInputs("kv-tagsok"), tags: { ...SIXTEEN_TAGS, ["n".repeat(512)]: "x" } });
        expect(create(m, "azure-native:keyvault:Key", "k", { ...keyInputs("kv-tagsok", "cmk"), tags: { ...Object.fromEntries(Object.entries(fifteen).slice(1)), ["n".repeat(256)]: "v".repeat(256) } }).state.tags).toHaveProperty("n".repeat(256));
        expect(create(m, "azure-native:keyvault:Secret", "s", { resourceGroupName: "rg-byok", vaultName: "kv-tagsok", secretName: "s", properties: { value: "x" }, tags: { ...Object.fromEntries(Object.entries(fifteen).slice(1)), ["n".repeat(512)]: "x" } }).state.tags).toHaveProperty("n".repeat(512));
    });

    test("accepts the same requests when they are valid", () => {
        const m = azure();
        create(m, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-valid", { softDeleteRetentionInDays: 7 }));
        const key = create(m, "azure-native:keyvault:Key", "k", keyInputs("kv-valid", "cmk", {
            rotationPolicy: { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] },
        }));
        const assignment = create(m, "azure-native:authorization:RoleAssignment", "ra", {
            scope: key.id, principalId: "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10", principalType: "ServicePrincipal",
            roleAssignmentName: "0c3b3f55-1d0a-5d8e-9d1c-6c0a2b7e9f10",
            roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        });
        expect(assignment.id).toBe(`${key.id}/providers/Microsoft.Authorization/roleAssignments/0c3b3f55-1d0a-5d8e-9d1c-6c0a2b7e9f10`);
    });
});

describe("the recorder keeps every registration request whole", () => {
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks());
    });

    test("type, name, parent, dependencies, protect and secret inputs still marked secret", async () => {
        const parent = new pulumi.ComponentResource("azure-byok:test:Holder", "holder");
        const first = new random.RandomString("first", { length: 4, special: false }, { parent });
        const second = new random.RandomString("second", {
            length: 8,
            special: false,
            keepers: { token: pulumi.secret("s3cr3t-value") },
        }, { parent, protect: true, dependsOn: [first], ignoreChanges: ["length"] });
        await valueOf(second.result);
        await settle();
        const recorded = recorder.find("random:index/randomString:RandomString", "second");
        expect(recorded.parent).toBe("urn:pulumi:test::azure-byok::azure-byok:test:Holder::holder");
        expect(recorded.dependencies).toEqual([recorder.find("random:index/randomString:RandomString", "first").urn]);
        expect(recorded.protect).toBe(true);
        expect(recorded.ignoreChanges).toEqual(["length"]);
        // The SDK lifts a nested secret to the object holding it: the whole keepers map is secret.
        expect(isSecret(recorded.inputs.keepers)).toBe(true);
        expect(isSecret(recorded.inputs.length)).toBe(false);
        expect(JSON.stringify(recorded.inputs)).toContain("s3cr3t-value");
        expect(reveal(recorded.inputs)).toEqual({ length: 8, special: false, keepers: { token: "s3cr3t-value" } });
        expect(recorded.urn).toBe("urn:pulumi:test::azure-byok::azure-byok:test:Holder$random:index/randomString:RandomString::second");
    });

    // pulumi/pulumi pkg/resource/deploy/source_eval.go, inheritFromParent: the SDK sends retainOnDelete only when given.
    test("a child that sets no retainOnDelete or deletedWith takes its parent's, down the tree, as the engine gives them; one set, false included, stands", async () => {
        const anchor = new random.RandomString("anchor", { length: 4, special: false });
        const outer = new pulumi.ComponentResource("azure-byok:test:Holder", "outer", {}, { retainOnDelete: true, deletedWith: anchor });
        const inner = new pulumi.ComponentResource("azure-byok:test:Holder", "inner", {}, { parent: outer });
        const taking = new random.RandomString("taking", { length: 4, special: false }, { parent: inner });
        const setting = new random.RandomString("setting", { length: 4, special: false }, { parent: inner, retainOnDelete: false });
        const alone = new random.RandomString("alone", { length: 4, special: false });
        await Promise.all([taking, setting, alone].map((r) => valueOf(r.result)));
        await settle();
        const options = (name: string) => {
            const r = recorder.resources.find((x) => x.name === name);
            return [r?.retainOnDelete, r?.deletedWith];
        };
        const anchorUrn = recorder.find("random:index/randomString:RandomString", "anchor").urn;
        expect(options("inner")).toEqual([true, anchorUrn]);
        expect(options("taking")).toEqual([true, anchorUrn]);
        expect(options("setting")).toEqual([false, anchorUrn]);
        expect(options("alone")).toEqual([false, undefined]);
    });

    test("function calls are recorded with their token", async () => {
        const config = authorization.getClientConfigOutput();
        expect(await valueOf(config.tenantId)).toBe(tenant);
        expect(recorder.calls.map((c) => c.token)).toContain("azure-native:authorization:getClientConfig");
    });
});

test("a resource nested two components deep gets the URN the engine gives it: every ancestor's type qualifies its own", async () => {
    const { recorder } = await setAzureMocks({ stack: "dev", project: "azure-byok" });
    const outer = new pulumi.ComponentResource("azure-byok:test:Outer", "outer", {});
    const inner = new pulumi.ComponentResource("azure-byok:test:Inner", "outer-inner", {}, { parent: outer });
    const password = new random.RandomPassword("outer-inner-password", { length: 32 }, { parent: inner });
    await settle();
    const expected = "urn:pulumi:dev::azure-byok::azure-byok:test:Outer$azure-byok:test:Inner$random:index/randomPassword:RandomPassword::outer-inner-password";
    expect(await valueOf(password.urn)).toBe(expected);
    expect(recorder.find("random:index/randomPassword:RandomPassword", "outer-inner-password").urn).toBe(expected);
    expect(recorder.find("random:index/randomPassword:RandomPassword", "outer-inner-password").parent).toBe(await valueOf(inner.urn));
});

describe("a URN registered twice in one run", () => {
    const register = (type: string, name: string) => registerAsSdk(type, name, { length: 4 });

    test("is refused the second time as the Pulumi engine refuses it, naming the URN; the same name of another type is another URN", async () => {
        const { recorder } = await setAzureMocks({ stack: "dev" });
        const refusal = "Duplicate resource URN 'urn:pulumi:dev::azure-byok::random:index/randomString:RandomString::twice'; try giving it a unique name";
        await register("random:index/randomString:RandomString", "twice");
        await expect(register("random:index/randomString:RandomString", "twice")).rejects.toThrow(refusal);
        await register("random:index/randomPassword:RandomPassword", "twice");
        expect(recorder.refused.map((r) => [r.name, r.refusedBy, r.error])).toEqual([["twice", "engine", refusal]]);
        expect(recorder.resources.map((r) => r.type)).toEqual(["random:index/randomString:RandomString", "random:index/randomPassword:RandomPassword"]);
        // A recorder cleared for the next program starts a new run.
        recorder.clear();
        await register("random:index/randomString:RandomString", "twice");
        expect(recorder.refused).toEqual([]);
    });

    test("fails a program of two ClientApplications from code whose names join alike (vendor with eu-primary, vendor-eu with primary)", () => {
        const run = runUnderMocks(`
const { ClientApplication } = require("./components/client-application");
new ClientApplication("vendor", { clientSecrets: [{ name: "eu-primary" }] });
new ClientApplication("vendor-eu", { clientSecrets: [{ name: "primary" }] });`);
        expect(run.failures).toEqual([
            "error serializing property \"outputs\": failed to register new resource vendor-eu-primary-secret [azuread:index/applicationPassword:ApplicationPassword]: Duplicate resource URN 'urn:pulumi:test::azure-byok::azure-byok:entra:ClientApplication$azuread:index/applicationPassword:ApplicationPassword::vendor-eu-primary-secret'; try giving it a unique name",
        ]);
    }, 60_000);
});

test("a registration sent after a read through an explicit provider answered names that provider; one sent earlier, or after a default provider's read, does not", async () => {
    const { recorder } = await setAzureMocks({ vaults: [{ name: "kv-central", resourceGroupName: "rg-byok", sku: "premium", enablePurgeProtection: true }] });
    const defaultRead = authorization.getClientConfig();
    const before = new random.RandomString("before", { length: 4 });
    const platform = new azureNative.Provider("platform", {});
    await defaultRead;
    await keyvault.getVault({ resourceGroupName: "rg-byok", vaultName: "kv-central" }, { provider: platform });
    const after = new random.RandomString("after", { length: 4 });
    await Promise.all([valueOf(before.result), valueOf(after.result)]);
    await settle();
    const of = (name: string) => recorder.find("random:index/randomString:RandomString", name);
    expect(of("before").readProviders).toBeUndefined();
    expect(of("after").readProviders).toEqual([await valueOf(platform.urn)]);
    expect(deployWaves(recorder.resources).map((wave) => wave.map((urn) => urn.split("::").pop()))).toEqual([["before", "platform"], ["after"]]);
});

test("collectWarnings prints the SDK's warning line printable, so a name in it forges no workflow command, and keeps the message as logged", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
        const logged = collectWarnings();
        const message = 'ClientApplication "vendor ##[error file=README.md;line=1]x\n::error::y\u202e": client secret "s" expires in 20 days';
        await pulumi.log.warn(message);
        expect(await logged.stop()).toEqual([{ urn: "", message }]);
        expect(warn.mock.calls).toEqual([['warning: [runtime] ClientApplication "vendor #\\x23[error file=README.md;line=1]x\\n::error::y\\u202e": client secret "s" expires in 20 days']]);
    } finally {
        warn.mockRestore();
    }
});

describe("a program's own tests, with what it makes beyond this package's resources", () => {
    test("model their own resource types and functions, and read the stacks the program references", async () => {
        const vnetId = `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
        const { recorder } = await setAzureMocks({
            handlers: { "azure-native:network:VirtualNetwork": (inputs) => ({ id: vnetId, state: { ...inputs, name: "vnet-spoke" } }) },
            calls: { "azure-native:operationalinsights:getWorkspace": (inputs) => ({ id: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/${String(inputs.workspaceName)}` }) },
            stackOutputs: { "contoso/platform/prod": { keyVaultId: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-central` } },
        });
        const vnet = new network.VirtualNetwork("spoke", { resourceGroupName: "rg-byok", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } });
        const platform = new pulumi.StackReference("contoso/platform/prod");
        const workspace = await pulumi.runtime.invoke("azure-native:operationalinsights:getWorkspace", { resourceGroupName: "rg-byok", workspaceName: "law-soc" });
        expect(await valueOf(vnet.id)).toBe(vnetId);
        expect(await valueOf(platform.getOutput("keyVaultId"))).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-central`);
        expect(workspace.id).toBe(`${rgId}/providers/Microsoft.OperationalInsights/workspaces/law-soc`);
        await settle();
        expect(recorder.find("azure-native:network:VirtualNetwork", "spoke").id).toBe(vnetId);
    });

    test("refuse a StackReference to a stack they give no outputs for, saying how to give them", () => {
        const run = runUnderMocks('new pulumi.StackReference("contoso/platform/dev");');
        expect(run.failures).toEqual([expect.stringContaining('The Azure mocks have no outputs for stack "contoso/platform/dev" (StackReference "contoso/platform/dev"); give them as setAzureMocks({ stackOutputs: { "contoso/platform/dev": { <output>: <value> } } }).')]);
    });
});

// azure-native's AutoNamer "copies" the name of a resource nested under another: a key left without keyName is named
// after the resource, as is (pulumi-azure-native provider/pkg/resources/resources.go, AutoName).
test("a key left without keyName is named after its resource, as azure-native names it", () => {
    const mocks = azure();
    create(mocks, "azure-native:keyvault:Vault", "kv", vaultInputs("kv-auto"));
    const inputs = keyInputs("kv-auto", "unused");
    delete (inputs as Partial<typeof inputs>).keyName;
    const { id, state } = create(mocks, "azure-native:keyvault:Key", "own-key", inputs);
    expect(id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-auto/keys/own-key`);
    expect([state.name, state.keyUri]).toEqual(["own-key", "https://kv-auto.vault.azure.net/keys/own-key"]);
});
