import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { EncryptionKey } from "../../components/encryption-key";
import { existingKeyVault, ExistingKeyVaultArgs, existingVaultProblems, FoundVault, validateExistingKeyVaultArgs, withManagedHsmHint } from "../../components/existing-key-vault";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { KMS_PRIVATE_LINK_FIX } from "../../components/kubernetes-network";
import { valueOf } from "../support/outputs";
import { untyped, expectRefusedBeforeLookup } from "../support/expect";

const declared: ExistingKeyVaultArgs = { vaultName: "kv-central", resourceGroupName: "rg-security" };

function found(properties: Partial<FoundVault["properties"]> = {}, location = "westeurope"): FoundVault {
    return {
        name: "kv-central",
        location,
        properties: {
            tenantId: mockAzureDefaults.tenantId,
            sku: { family: "A", name: "premium" },
            enableRbacAuthorization: true,
            enablePurgeProtection: true,
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "203.0.113.0/24" }] },
            publicNetworkAccess: "Enabled",
            ...properties,
        },
    };
}

describe("validateExistingKeyVaultArgs", () => {
    test("accepts a vault name and group, and names each bad field", () => {
        expect(validateExistingKeyVaultArgs(declared)).toEqual([]);
        expect(validateExistingKeyVaultArgs({ ...declared, vaultName: "kv--central", resourceGroupName: "", requires: { ipRules: ["203.0.113.1/24"] } }).map((i) => i.field)).toEqual([
            "vaultName",
            "resourceGroupName",
            "requires.ipRules[0]",
        ]);
    });

    test("refuses a required tenant given by its domain, as a vault reports its tenant by id", () => {
        expect(validateExistingKeyVaultArgs({ ...declared, requires: { tenantId: "contoso.onmicrosoft.com" } })).toEqual([
            { field: "requires.tenantId", message: '"contoso.onmicrosoft.com" is not a tenant id (a GUID): give the directory\'s id, not one of its domains' },
        ]);
        expect(validateExistingKeyVaultArgs({ ...declared, requires: { tenantId: mockAzureDefaults.tenantId } })).toEqual([]);
    });

    test("a vault's resource id or URI pasted for its name is refused with the name it holds", () => {
        const id = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central";
        expect(validateExistingKeyVaultArgs({ ...declared, vaultName: id })).toEqual([
            { field: "vaultName", message: `"${id}" is a vault's resource id, not its name; give the name ("kv-central"), with its resourceGroupName and subscriptionId where they are not the stack's` },
        ]);
        expect(validateExistingKeyVaultArgs({ ...declared, vaultName: "https://kv-central.vault.azure.net/" }).map((i) => i.message)).toEqual([
            `"https://kv-central.vault.azure.net/" is a vault's URI, not its name; give the name ("kv-central"), with its resourceGroupName and subscriptionId where they are not the stack's`,
        ]);
    });
});

describe("existingVaultProblems", () => {
    test("a vault an AKS cluster's KMS reaches over public access must let every network in, as AKS supports no Key Vault firewall there", () => {
        const closed = existingVaultProblems({ ...declared, requires: { allNetworks: true } }, found());
        expect(closed.map((i) => i.field)).toEqual(["requires.allNetworks"]);
        expect(closed[0].message).toMatch(/^vault kv-central in Azure is closed to the public network .*keyVaultNetworkAccess "Private"/);
        expect(existingVaultProblems({ ...declared, requires: { allNetworks: true } }, found({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "AzureServices" } }))).toEqual([]);
        expect(existingVaultProblems({ ...declared, requires: { allNetworks: true } }, found({ publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Allow" } })).map((i) => i.field)).toEqual(["requires.allNetworks"]);
    });

    test("a vault whose keys Cosmos DB accounts use must keep its public endpoint on: Cosmos DB is no trusted service of a vault with public access disabled", () => {
        const cosmos = { ...declared, requires: { publicEndpoint: true } };
        expect(existingVaultProblems(cosmos, found({ publicNetworkAccess: "Disabled" }))).toEqual([{
            field: "requires.publicEndpoint",
            message: "vault kv-central in Azure has public network access disabled, but Cosmos DB accounts encrypt with its keys: Cosmos DB cannot use a key in a vault reachable only through private endpoints (Microsoft's Cosmos DB CMK guide), and Key Vault's trusted services, which still pass a vault with public access disabled, do not include Cosmos DB; where the vault is managed, enable its public network access with a firewall that denies by default and lets trusted Azure services through, or give the accounts a key in such a vault",
        }]);
        // Public access on behind a firewall that denies by default, with the bypass: the setting Microsoft's Cosmos DB guide names.
        expect(existingVaultProblems(cosmos, found())).toEqual([]);
        // ARM's default when the vault reports none is Enabled.
        expect(existingVaultProblems(cosmos, found({ publicNetworkAccess: undefined }))).toEqual([]);
        expect(existingVaultProblems(declared, found({ publicNetworkAccess: "Disabled" }))).toEqual([]);
    });

    test("a closed access-policy vault that KMS reaches over public access is told the way to Private there, the move to RBAC", () => {
        const policies = { ...declared, enableRbacAuthorization: false, requires: { allNetworks: true } };
        const closed = found({ enableRbacAuthorization: false });
        expect(existingVaultProblems(policies, closed).map((i) => i.message)).toEqual([
            `vault kv-central in Azure is closed to the public network (public access disabled, or a firewall that denies by default), but an AKS cluster's KMS reaches its keys over public access, which AKS does not support behind a Key Vault firewall; give the cluster a key in a vault open to all networks, or keyVaultNetworkAccess "Private" (a private link, with apiServerSubnetId), which needs an RBAC vault, and this one uses access policies: ${KMS_PRIVATE_LINK_FIX}`,
        ]);
        expect(existingVaultProblems({ ...policies, prepareRbacMigration: true }, closed).map((i) => i.message)).toEqual([
            expect.stringMatching(/; give the cluster keyVaultNetworkAccess "Private" \(a private link, with apiServerSubnetId\), or a key in a vault open to all networks$/),
        ]);
    });

    test("refuses a vault in another Entra tenant than the stack's, whose principals Key Vault would never let in", () => {
        const otherTenant = "9b2c4d6e-8f01-4a23-b456-789abcdef012";
        expect(existingVaultProblems({ ...declared, requires: { tenantId: mockAzureDefaults.tenantId } }, found({ tenantId: otherTenant }))).toEqual([{
            field: "requires.tenantId",
            message: `vault kv-central in Azure is in Entra tenant ${otherTenant}, but the stack's identities and applications are in tenant ${mockAzureDefaults.tenantId}; Key Vault accepts tokens of its own tenant only, and cross-tenant customer-managed keys need a multi-tenant application with a federated identity client id, which this stack does not make: use a vault in tenant ${mockAzureDefaults.tenantId}`,
        }]);
        // Tenant ids are GUIDs, which Azure writes in either case.
        expect(existingVaultProblems({ ...declared, requires: { tenantId: otherTenant.toUpperCase() } }, found({ tenantId: otherTenant }))).toEqual([]);
    });

    describe("the access policies a key's owner made for identities the stack does not grant itself", () => {
        const principal = "4b6c8d0e-2f4a-4c6e-8a0b-2c4e6a8c0e2f";
        const entry = (keys: string[], objectId = principal) => ({ tenantId: mockAzureDefaults.tenantId, objectId, permissions: { keys } });
        const needs = { ...declared, enableRbacAuthorization: false, requires: { accessPolicies: [{ objectId: principal, keyPermissions: ["get", "wrapKey", "unwrapKey"], neededBy: 'identity "platform-cmk"' }] } };

        test("are found in the vault's entry for the principal, its object id and permissions in any case, or with all", () => {
            expect(existingVaultProblems(needs, found({ enableRbacAuthorization: false, accessPolicies: [entry(["Get", "WrapKey", "UnwrapKey", "list"], principal.toUpperCase())] }))).toEqual([]);
            expect(existingVaultProblems(needs, found({ enableRbacAuthorization: false, accessPolicies: [entry(["all"])] }))).toEqual([]);
        });

        test("refuse a vault without the principal's entry, or one missing a permission, naming what to have the owner give", () => {
            const none = existingVaultProblems(needs, found({ enableRbacAuthorization: false, accessPolicies: [entry(["get", "wrapKey", "unwrapKey"], "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")] }));
            expect(none).toEqual([{ field: "requires.accessPolicies", message: `vault kv-central in Azure has no access policy for identity "platform-cmk" (object id ${principal}), so Key Vault refuses (403 Forbidden) the services that encrypt with its keys as that identity at pulumi up; have the vault's owner give it get, wrapKey, unwrapKey on keys` }]);
            const partial = existingVaultProblems(needs, found({ enableRbacAuthorization: false, accessPolicies: [entry(["get", "list"])] }));
            expect(partial.map((i) => i.message)).toEqual([expect.stringMatching(/^vault kv-central in Azure gives identity "platform-cmk" \(object id [0-9a-f-]+\) an access policy without key permissions wrapKey, unwrapKey, so Key Vault refuses/)]);
            expect(existingVaultProblems(needs, found({ enableRbacAuthorization: false })).map((i) => i.field)).toEqual(["requires.accessPolicies"]);
        });

        test("are not looked for in a vault that authorizes with Azure RBAC, where the grant is a role getVault does not show", () => {
            expect(existingVaultProblems({ ...needs, enableRbacAuthorization: true }, found({ accessPolicies: [] }))).toEqual([]);
        });
    });

    test("takes the SKU in the case Key Vault answers it, as the portal and PowerShell make a vault, and names a different one as Azure writes it", () => {
        expect(existingVaultProblems(declared, found({ sku: { family: "A", name: "Premium" } }))).toEqual([]);
        expect(existingVaultProblems({ ...declared, sku: "standard" }, found({ sku: { family: "A", name: "Standard" } }))).toEqual([]);
        expect(existingVaultProblems(declared, found({ sku: { family: "A", name: "Standard" } }))).toEqual([{ field: "sku", message: 'is "premium", but vault kv-central in Azure is "Standard"; declare what the vault is' }]);
    });

    test("finds nothing when Azure's vault is what was declared and admits what the stack needs", () => {
        expect(existingVaultProblems({ ...declared, requires: { trustedServices: true, ipRules: ["203.0.113.16/28"] } }, found())).toEqual([]);
    });

    test("refuses a vault outside the region of the disk encryption sets that use its keys", () => {
        expect(existingVaultProblems({ ...declared, requires: { location: "West Europe" } }, found())).toEqual([]);
        expect(existingVaultProblems({ ...declared, requires: { location: "westeurope" } }, found({}, "northeurope"))).toEqual([{
            field: "requires.location",
            message: "vault kv-central in Azure is in northeurope, but disk encryption sets in westeurope encrypt with its keys; a disk encryption set takes keys only from a vault in its own region (KeyVaultAndDiskInDifferentRegions): use a vault in westeurope",
        }]);
        // Nothing asked of its region, nothing said.
        expect(existingVaultProblems(declared, found({}, "northeurope"))).toEqual([]);
    });

    test("names each declaration Azure contradicts", () => {
        const problems = existingVaultProblems(declared, found({ sku: { family: "A", name: "standard" }, enableRbacAuthorization: false, enablePurgeProtection: undefined }));
        expect(problems).toEqual([
            { field: "sku", message: "is \"premium\", but vault kv-central in Azure is \"standard\"; declare what the vault is" },
            { field: "enableRbacAuthorization", message: "is true, but vault kv-central in Azure uses access policies; grants must be made the way the vault authorizes" },
            { field: "enablePurgeProtection", message: "is true, but vault kv-central in Azure has purge protection off; turn it on at the vault (customer-managed keys need it) and declare true" },
        ]);
        expect(existingVaultProblems({ ...declared, enableRbacAuthorization: false, sku: "standard" }, found({ sku: { family: "A", name: "standard" }, enableRbacAuthorization: false }))).toEqual([]);
    });

    test("refuses a firewall that keeps out trusted services the stack's CMK services need, or an application's network", () => {
        const closed = found({ networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [{ value: "198.51.100.7" }] } });
        expect(existingVaultProblems(declared, closed)).toEqual([]);
        expect(existingVaultProblems({ ...declared, requires: { trustedServices: true, ipRules: ["198.51.100.7", "203.0.113.16/28"] } }, closed).map((p) => `${p.field}: ${p.message}`)).toEqual([
            "requires.trustedServices: vault kv-central in Azure lets no trusted Azure service through its firewall (bypass None), so no customer-managed-key service can reach its keys; set the vault's networkAcls.bypass to AzureServices",
            "requires.ipRules: vault kv-central in Azure does not admit 203.0.113.16/28; add it to the vault's firewall where the vault is managed",
        ]);
        // A range is admitted only inside a rule's range, and never with public access disabled.
        expect(existingVaultProblems({ ...declared, requires: { ipRules: ["203.0.112.0/23"] } }, found())).toHaveLength(1);
        expect(existingVaultProblems({ ...declared, requires: { ipRules: ["203.0.113.16/28"] } }, found({ publicNetworkAccess: "Disabled" }))[0].message).toContain("(public network access is disabled)");
        // An open vault (the API's defaults) admits everyone.
        expect(existingVaultProblems({ ...declared, requires: { trustedServices: true, ipRules: ["192.0.2.0/24"] } }, found({ networkAcls: undefined, publicNetworkAccess: undefined }))).toEqual([]);
    });
});

describe("existingKeyVault", () => {
    beforeAll(async () => {
        await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [
                { name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true },
                { name: "kv-nopurge", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: false },
                { name: "kv-portal", resourceGroupName: "rg-security", sku: "Premium", enablePurgeProtection: true },
            ],
        });
    });

    test("refers to a vault made in the portal, whose SKU Key Vault answers as Premium, as premium, and takes HSM keys in it", async () => {
        const ref = await existingKeyVault("portal", { ...declared, vaultName: "kv-portal" });
        expect(ref.sku).toBe("premium");
        const key = new EncryptionKey("cmk-portal", { keyVault: ref });
        expect(await valueOf(key.keyName)).toBe("cmk-portal");
    });

    test("refers to the vault Azure reports", async () => {
        const ref = await existingKeyVault("central", declared);
        expect(ref).toEqual({
            id: expect.stringMatching(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-security\/providers\/Microsoft\.KeyVault\/vaults\/kv-central$/),
            vaultName: "kv-central",
            resourceGroupName: "rg-security",
            vaultUri: "https://kv-central.vault.azure.net/",
            location: "westeurope",
            tenantId: mockAzureDefaults.tenantId,
            sku: "premium",
            enableRbacAuthorization: true,
            prepareRbacMigration: false,
            enablePurgeProtection: true,
            // What Azure reports: MySQL needs 90.
            softDeleteRetentionInDays: 90,
        });
    });

    test("refuses a vault Azure reports otherwise than declared, or does not have", async () => {
        await expect(existingKeyVault("nopurge", { ...declared, vaultName: "kv-nopurge" })).rejects.toThrow(
            "existing vault nopurge: invalid arguments:\n  - enablePurgeProtection: is true, but vault kv-nopurge in Azure has purge protection off",
        );
        await expect(existingKeyVault("missing", { ...declared, vaultName: "kv-missing" })).rejects.toThrow("404 ResourceNotFound: The Resource 'Microsoft.KeyVault/vaults/kv-missing' under resource group 'rg-security' was not found.");
    });

    test("says, of a vault ARM does not have, that a Managed HSM pool is not a vault, keeping ARM's answer and error", async () => {
        const caught: unknown = await existingKeyVault("pool", { ...declared, vaultName: "contoso-hsm" }).then(() => undefined, (e: unknown) => e);
        expect(caught).toBeInstanceOf(Error);
        const error = caught as Error;
        expect(error.message).toMatch(/404 ResourceNotFound: The Resource 'Microsoft.KeyVault\/vaults\/contoso-hsm' under resource group 'rg-security' was not found\.? \(a Managed HSM pool is not a Key Vault vault: if contoso-hsm is one, azure-byok cannot read it yet; name a vault\)$/);
        expect(error.cause).toBeInstanceOf(Error);
        expect((error.cause as Error).message).toMatch(/^404 ResourceNotFound: The Resource 'Microsoft.KeyVault\/vaults\/contoso-hsm'/);
    });

    test("passes any other failure to read the vault on as it came", () => {
        const groupMissing = new Error("404 ResourceGroupNotFound: Resource group 'rg-security' could not be found.");
        expect(withManagedHsmHint(groupMissing, "kv-central")).toBe(groupMissing);
        const forbidden = new Error("403 AuthorizationFailed: The client does not have authorization to perform action 'Microsoft.KeyVault/vaults/read'.");
        expect(withManagedHsmHint(forbidden, "kv-central")).toBe(forbidden);
        expect(withManagedHsmHint("ResourceNotFound", "kv-central")).toBe("ResourceNotFound");
    });

    test("refuses bad args before asking Azure", async () => {
        await expect(existingKeyVault("bad", { ...declared, vaultName: "9kv" })).rejects.toThrow(/vaultName: "9kv" is not a vault name/);
    });
});

describe("existingKeyVault in another Entra tenant", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const otherTenant = "9b2c4d6e-8f01-4a23-b456-789abcdef012";
    // ARM answers a GET in a Lighthouse-delegated subscription with the vault's own tenant.
    const delegated = () => setAzureMocks({
        resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
        vaults: [{ subscriptionId: platform, tenantId: otherTenant, name: "kv-customer", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
    });

    test("is refused, naming requires.tenantId, when the caller's provider signs in to another tenant, and nothing is registered", async () => {
        const { recorder } = await delegated();
        const provider = new Provider("platform", { subscriptionId: platform });
        await expect(existingKeyVault("customer", { ...declared, vaultName: "kv-customer" }, { provider })).rejects.toThrow(
            `existing vault customer: invalid arguments:\n  - requires.tenantId: vault kv-customer in Azure is in Entra tenant ${otherTenant}, but the stack's identities and applications are in tenant ${mockAzureDefaults.tenantId};`,
        );
        await settle();
        expect(recorder.calls.map((c) => c.token)).toEqual(["azure-native:keyvault:getVault", "azure-native:authorization:getClientConfig"]);
        expect(recorder.requests.filter((r) => !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    });

    test("is judged against the tenant the caller requires, without asking the provider, and taken when it is that one", async () => {
        const { recorder } = await delegated();
        const provider = new Provider("platform", { subscriptionId: platform });
        await expect(existingKeyVault("customer", { ...declared, vaultName: "kv-customer", requires: { tenantId: mockAzureDefaults.tenantId } }, { provider })).rejects.toThrow("requires.tenantId: vault kv-customer in Azure is in Entra tenant");
        const ref = await existingKeyVault("customer", { ...declared, vaultName: "kv-customer", requires: { tenantId: otherTenant } }, { provider });
        expect(ref.tenantId).toBe(otherTenant);
        expect(recorder.calls.map((c) => c.token)).toEqual(["azure-native:keyvault:getVault", "azure-native:keyvault:getVault"]);
    });
});

describe("existingKeyVault in another subscription", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

    test("is read through the provider given, which the reference keeps for what is made in the vault", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
            vaults: [{ subscriptionId: platform, name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        });
        const provider = new Provider("platform", { subscriptionId: platform });
        const ref = await existingKeyVault("central", declared, { provider });
        expect(ref.id).toBe(`/subscriptions/${platform}/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central`);
        expect(ref.provider).toBe(provider);
        const key = new EncryptionKey("cmk", { keyVault: ref });
        expect(await valueOf(key.id)).toBe(`${ref.id}/keys/cmk`);
        await settle();
        expect(recorder.find("azure-native:keyvault:Key", "cmk-key").provider).toBe(await valueOf(provider.urn));
        // Without it the vault is not where the stack's subscription looks.
        await expect(existingKeyVault("central", declared)).rejects.toThrow("404 ResourceGroupNotFound: Resource group 'rg-security' could not be found.");
    });
});

describe("existingKeyVault arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope" }],
            vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true }],
        }));
    });

    /** Expects the lookup to be refused with an issue naming `field`, before Azure is asked or anything registered. */
    const expectRefused = (args: unknown, field: string, rule: RegExp) => expectRefusedBeforeLookup(recorder, () => existingKeyVault("central", untyped<ExistingKeyVaultArgs>(args)), "existing vault central", field, rule);

    const cases: [string, () => unknown, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ enablePurgeProtecton: true }), "enablePurgeProtecton", /^is not an argument here; did you mean "enablePurgeProtection"\?$/],
        ["Azure Verified Modules' name for the vault name", () => ({ vaultName: undefined, name: "kv-central" }), "name", /^is not an argument here; did you mean "vaultName"\?$/],
        ["a misspelt requirement", () => ({ requires: { trustedService: true } }), "requires.trustedService", /^is not an argument here; did you mean "trustedServices"\?$/],
        // Dropped, it would have the vault looked up in the stack's own subscription.
        ["a subscription, which goes in the provider given", () => ({ subscriptionId: "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" }), "subscriptionId", /^is not an argument here; the arguments are vaultName, resourceGroupName, sku, enableRbacAuthorization, prepareRbacMigration, enablePurgeProtection, requires$/],
        ["no vault name", () => ({ vaultName: undefined }), "vaultName", /^is required: the vault's name in Azure$/],
        ["enablePurgeProtection as a string", () => ({ enablePurgeProtection: "false" }), "enablePurgeProtection", /^is a string \("false"\), not true or false$/],
        ["an IP rule list given as one string", () => ({ requires: { ipRules: "203.0.113.0/24" } }), "requires.ipRules", /^is a string \("203.0.113.0\/24"\), not a list of strings/],
        ["requires given as a flag", () => ({ requires: true }), "requires", /^is a boolean \(true\), not an object/],
        ["a required access policy without its object id", () => ({ requires: { accessPolicies: [{ keyPermissions: ["get"], neededBy: "identity x" }] } }), "requires.accessPolicies[0].objectId", /^is required: the principal's object id$/],
        ["vaultName as an Output", () => ({ vaultName: pulumi.output("kv-central") }), "vaultName", OUTPUT_RULE],
        // The reference hands it on, and an existing key in the vault is looked up by it.
        ["resourceGroupName as an Output", () => ({ resourceGroupName: pulumi.output("rg-security") }), "resourceGroupName", OUTPUT_RULE],
        ["the region the services need as a Promise", () => ({ requires: { location: Promise.resolve("westeurope") } }), "requires.location", /^is a Promise; this argument takes a plain value/],
    ];
    test.each(cases)("refuses %s before asking Azure", async (_title, extra, field, rule) => {
        await expectRefused({ ...declared, ...(extra() as object) }, field, rule);
    });

    test("refuses args that are missing or not an object with a clear error, not a TypeError", async () => {
        await expectRefused(undefined, "args", /^is required: an object with at least vaultName, resourceGroupName$/);
        await expectRefused(null, "args", /^is null, not an object \(\{…\}\)$/);
        await expectRefused("kv-central", "args", /^is a string \("kv-central"\), not an object \(\{…\}\)$/);
    });

    test("reports the shape alone, before the rules that read the values", () => {
        expect(validateExistingKeyVaultArgs(untyped<ExistingKeyVaultArgs>({ ...declared, vaultName: "9kv", sku: pulumi.output("premium") })).map((i) => i.field)).toEqual(["sku"]);
    });

    test("takes arguments left undefined, as a spread of config leaves them", () => {
        expect(validateExistingKeyVaultArgs({ ...declared, sku: undefined, requires: { trustedServices: false, ipRules: undefined, location: undefined } })).toEqual([]);
    });
});
