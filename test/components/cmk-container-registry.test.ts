import * as pulumi from "@pulumi/pulumi";
import { CmkContainerRegistryArgs, validateCmkContainerRegistryArgs } from "../../components/cmk-container-registry";
import { untyped } from "../support/expect";
import { keyReference, vaultReference } from "../support/references";
import { runUnderMocks, validationFailure } from "../support/under-mocks";

const args = (extra: Partial<CmkContainerRegistryArgs> = {}): CmkContainerRegistryArgs => ({ resourceGroupName: "rg-byok", customerManagedKey: { key: keyReference() }, ...extra });

describe("validateCmkContainerRegistryArgs", () => {
    test("takes a Premium registry named after its resource, or by a name of 5–50 letters and digits", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args())).toEqual([]);
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ registryName: "AcrByok01", sku: "Premium", publicNetworkAccess: "Enabled", azureADAuthenticationAsArmPolicy: "enabled" }))).toEqual([]);
    });

    test("refuses a SKU that cannot hold a customer-managed key", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ sku: "Standard" }))).toEqual([
            { field: "sku", message: "\"Standard\" cannot hold a customer-managed key; Azure Container Registry encrypts with one only on Premium, chosen at creation" },
        ]);
    });

    test.each(["acr", "acr-byok", "a".repeat(51)])("refuses the registry name %j", (registryName) => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ registryName }))).toEqual([{ field: "registryName", message: `"${registryName}" is not a registry name: 5–50 letters and digits` }]);
    });

    test("names the resource when it leaves no prefix, or one too long, for a generated name, quoting the prefix it would use", () => {
        // Its own identity's name ("---identity") is refused too: all at once.
        expect(validateCmkContainerRegistryArgs("--", args())).toEqual([
            { field: "name", message: "\"--\" names the service's own identity \"---identity\", which Azure refuses: an identity name is 3–128 letters, digits, hyphens and underscores; rename it, give customerManagedKey.identityName, or give the service an identity" },
            { field: "name", message: "\"--\" leaves \"\" as the registry name's prefix, which needs 1–44 letters and digits; rename the resource or set registryName" },
        ]);
        const long = `Acr-${"b".repeat(42)}`;
        expect(validateCmkContainerRegistryArgs(long, args())).toEqual([
            { field: "name", message: `"${long}" leaves "Acr${"b".repeat(42)}" as the registry name's prefix, which needs 1–44 letters and digits; rename the resource or set registryName` },
        ]);
        expect(validateCmkContainerRegistryArgs(`Acr-${"b".repeat(41)}`, args())).toEqual([]);
    });

    test("refuses access settings Azure does not know, naming each", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ publicNetworkAccess: untyped("Open"), azureADAuthenticationAsArmPolicy: untyped("on") }))).toEqual([
            { field: "publicNetworkAccess", message: "\"Open\" is not \"Enabled\" or \"Disabled\"" },
            { field: "azureADAuthenticationAsArmPolicy", message: "\"on\" is not \"enabled\" or \"disabled\"" },
        ]);
    });

    test("refuses IP rules Azure's firewall cannot take, and IP rules on a registry whose public endpoint is off", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ publicNetworkAccess: "Enabled", ipRules: ["203.0.113.0/24"] }))).toEqual([]);
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ publicNetworkAccess: "Enabled", ipRules: ["203.0.113.1/24", "2001:db8::/32"] }))).toEqual([
            { field: "ipRules[0]", message: "\"203.0.113.1/24\" has host bits set; the range it names is \"203.0.113.0/24\"" },
            { field: "ipRules[1]", message: "\"2001:db8::/32\" is not an IPv4 address or CIDR range" },
        ]);
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ ipRules: ["203.0.113.0/24"] }))).toEqual([
            { field: "ipRules", message: "apply only to the public endpoint, and publicNetworkAccess is \"Disabled\"; set publicNetworkAccess: \"Enabled\" by name or remove the rules" },
        ]);
    });

    test("takes geo-replicas in other regions and a zone redundancy Azure knows", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ location: "westeurope", zoneRedundancy: "Enabled", replications: [{ location: "northeurope", zoneRedundancy: "Enabled" }, { location: "eastus2" }] }))).toEqual([]);
    });

    test("refuses geo-replicas on a registry that is not Premium, and a replica in the registry's own region", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ location: "West Europe", sku: "Standard", replications: [{ location: "westeurope" }, { location: "northeurope" }] }))).toEqual([
            { field: "sku", message: "\"Standard\" cannot hold a customer-managed key; Azure Container Registry encrypts with one only on Premium, chosen at creation" },
            { field: "replications", message: "need a Premium registry, and sku is \"Standard\": geo-replication is a Premium feature" },
            { field: "replications[0].location", message: "\"westeurope\" is the registry's own location, West Europe, where Azure keeps its home replica; list only the other regions" },
        ]);
    });

    test("refuses a zone redundancy Azure does not know", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ zoneRedundancy: untyped("enabled") }))).toEqual([{ field: "zoneRedundancy", message: "\"enabled\" is not \"Enabled\" or \"Disabled\"" }]);
    });

    test("refuses a zone-redundant registry, and a zone-redundant replica, in a region Microsoft lists without availability zones", () => {
        const issues = validateCmkContainerRegistryArgs("acr-byok", args({ location: "UK West", zoneRedundancy: "Enabled", replications: [{ location: "westus", zoneRedundancy: "Enabled" }, { location: "northcentralus" }] }));
        expect(issues).toEqual([
            { field: "zoneRedundancy", message: "is \"Enabled\", but ukwest has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list), so Azure refuses a zone-redundant registry there; write \"Disabled\" or leave zoneRedundancy out (its default), or place the registry in a region with zones" },
            { field: "replications[0].zoneRedundancy", message: "is \"Enabled\", but westus has no availability zones (https://learn.microsoft.com/azure/reliability/regions-list), so Azure refuses a zone-redundant replica there; write \"Disabled\" or leave zoneRedundancy out (its default), or replicate to a region with zones" },
        ]);
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ location: "ukwest", zoneRedundancy: "Disabled", replications: [{ location: "westus" }] }))).toEqual([]);
    });

    test("leaves the zones of a registry whose region is not known now (an Output, the resource group's) to Azure", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ location: pulumi.output("ukwest"), zoneRedundancy: "Enabled" }))).toEqual([]);
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ zoneRedundancy: "Enabled" }))).toEqual([]);
    });

    test("refuses a replica without its region, or with a setting it does not read, before any rule", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ replications: untyped([{ zoneRedundancyEnabled: true }, "northeurope"]) }))).toEqual([
            { field: "replications[0].zoneRedundancyEnabled", message: "is not an argument here; did you mean \"zoneRedundancy\"?" },
            { field: "replications[0].location", message: "is required: the region, such as \"northeurope\"" },
            { field: "replications[1]", message: "is a string (\"northeurope\"), not an object ({…})" },
        ]);
    });

    test("takes azureADAuthenticationAsArmPolicy \"disabled\", its own default, written out", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ azureADAuthenticationAsArmPolicy: "disabled" }))).toEqual([]);
    });

    test("holds the key to the rules every CMK service shares", () => {
        expect(validateCmkContainerRegistryArgs("acr-byok", args({ customerManagedKey: { key: keyReference({ keyOps: ["encrypt", "decrypt"] }) } }))).toEqual([
            { field: "customerManagedKey.key.keyOps", message: "lacks wrapKey, unwrapKey, which the service uses to wrap its data key; create the key with purpose \"cmkService\"" },
        ]);
    });
});

test("validateCmkContainerRegistryArgs refuses a Managed HSM pool's key, which Azure's registries do not take", () => {
    const pool = vaultReference({ id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm", vaultUri: "https://contoso-hsm.managedhsm.azure.net/" });
    expect(validateCmkContainerRegistryArgs("acr-byok", args({ customerManagedKey: { key: keyReference({}, pool) } }))).toEqual([
        { field: "customerManagedKey.key", message: "is key cmk of Managed HSM pool contoso-hsm, and Azure does not take a Managed HSM key here: Microsoft's table of customer-managed-key support lists Container Registry with Key Vault keys only; use a key in a Key Vault vault" },
    ]);
});

describe("CmkContainerRegistry whose location is known only at deploy", () => {
    // An Output, or none given: the registry takes its resource group's region, westeurope under the mocks.
    test.each([["a preview", true], ["a deploy", false]] as const)("in %s, refuses a replica in the registry's own region once it resolves, with the message a plain one gets, and sends no such replica", (_when, preview) => {
        const run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { CmkContainerRegistry } = require("./components/cmk-container-registry");
            const key = new EncryptionKey("acrout-cmk", { keyVault: new KeyVault("kvacrout", { resourceGroupName: "rg-byok" }) });
            const base = { resourceGroupName: "rg-byok", customerManagedKey: { key } };
            new CmkContainerRegistry("acrownout", { ...base, location: pulumi.output("westeurope"), replications: [{ location: "northeurope" }, { location: "West Europe", name: "homeagain" }] });
            new CmkContainerRegistry("acrowngroup", { ...base, replications: [{ location: "West Europe", name: "homeagain" }] });
            new CmkContainerRegistry("acrother", { ...base, location: pulumi.output("westeurope"), replications: [{ location: "northeurope" }] });
        `, { preview });
        const [issue] = validateCmkContainerRegistryArgs("acrownout", args({ location: "westeurope", replications: [{ location: "northeurope" }, { location: "West Europe", name: "homeagain" }] }));
        expect(issue.field).toBe("replications[1].location");
        expect(validationFailure(run, 'CmkContainerRegistry "acrownout"')).toContain(`CmkContainerRegistry "acrownout": invalid arguments:\n  - ${issue.field}: ${issue.message}`);
        expect(validationFailure(run, 'CmkContainerRegistry "acrowngroup"')).toContain("replications[0].location: \"West Europe\" is the registry's own location, westeurope, where Azure keeps its home replica");
        expect(run.registered).not.toContain("azure-native:containerregistry:Replication::acrownout-replication-homeagain");
        expect(run.registered).not.toContain("azure-native:containerregistry:Replication::acrowngroup-replication-homeagain");
        expect(run.registered).toContain("azure-native:containerregistry:Replication::acrownout-replication-northeurope");
        expect(run.failures.filter((f) => f.includes("acrother"))).toEqual([]);
        expect(run.registered).toContain("azure-native:containerregistry:Replication::acrother-replication-northeurope");
    });
});

describe("CmkContainerRegistry given a Managed HSM pool's key described with Outputs (a StackReference's)", () => {
    const pool = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/pool1";
    // The key as plain values: refused by validation, before anything registers.
    const plainKey = keyReference({ id: `${pool}/keys/cmk`, keyUri: "https://pool1.managedhsm.azure.net/keys/cmk", keyUriWithVersion: "https://pool1.managedhsm.azure.net/keys/cmk/0123456789abcdef0123456789abcdef" },
        vaultReference({ id: pool, vaultName: "pool1", vaultUri: "https://pool1.managedhsm.azure.net/" }));

    test.each([["a preview", true], ["a deploy", false]] as const)("in %s, refuses it once it resolves, with the message the plain key gets, and sends no registry", (_when, preview) => {
        const run = runUnderMocks(`
            const random = require("@pulumi/random");
            const { ManagedIdentity } = require("./components/managed-identity");
            const { CmkContainerRegistry } = require("./components/cmk-container-registry");
            const out = (v) => pulumi.output(v);
            const key = { id: out("${pool}/keys/cmk"), keyUri: out("https://pool1.managedhsm.azure.net/keys/cmk"),
                keyUriWithVersion: out("https://pool1.managedhsm.azure.net/keys/cmk/0123456789abcdef0123456789abcdef"), keyName: out("cmk"),
                kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"],
                keyVault: { id: out("${pool}"), vaultName: out("pool1"), resourceGroupName: out("rg-hsm"), vaultUri: out("https://pool1.managedhsm.azure.net/"),
                    sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true, tenantId: out("00000000-0000-0000-0000-000000000000") } };
            const identity = new ManagedIdentity("acr-hsm-identity", { resourceGroupName: "rg-byok" });
            // Stands for the pool's local grant, made by the caller (az keyvault role assignment create --hsm-name).
            const localGrant = new random.RandomString("acr-hsm-local-grant", { length: 4 });
            new CmkContainerRegistry("acrhsmout", { resourceGroupName: "rg-byok", customerManagedKey: { key, userAssignedIdentity: identity, keyAccess: localGrant } });
        `, { preview });
        const issue = validateCmkContainerRegistryArgs("acrhsmout", args({ customerManagedKey: { key: plainKey } })).find((i) => i.field === "customerManagedKey.key");
        expect(issue?.message).toMatch(/^is key cmk of Managed HSM pool pool1, and Azure does not take a Managed HSM key here: /);
        expect(validationFailure(run, 'CmkContainerRegistry "acrhsmout"')).toContain(`CmkContainerRegistry "acrhsmout": invalid arguments:\n  - customerManagedKey.key: ${String(issue?.message)}`);
        expect(run.registered).not.toContain("azure-native:containerregistry:Registry::acrhsmout-registry");
    });
});
