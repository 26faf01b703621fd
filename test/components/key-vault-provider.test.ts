import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { Provider as TimeProvider } from "@pulumiverse/time";
import { ClientApplication } from "../../components/client-application";
import { CmkEventHubNamespace } from "../../components/cmk-eventhub-namespace";
import { CmkStorageAccount } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { existingKeyVault } from "../../components/existing-key-vault";
import { KeyAccess } from "../../components/key-access";
import { KeyVault } from "../../components/key-vault";
import { inheritedAzureNativeProvider } from "../../components/key-vault-provider";
import { ManagedIdentity } from "../../components/managed-identity";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";

const workload = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
const principal = "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10";
const REFUSAL = /^is not set, so the vault is reached through the default azure-native provider, but .* is made under a component given another azure-native provider.*make the vault, or read it with existingKeyVault, with an explicit provider/;
let recorder: Recorder;

beforeAll(async () => {
    // rg-byok in the stack's (default) subscription; rg-app in the workload's.
    ({ recorder } = await setAzureMocks({
        resourceGroups: [{ name: "rg-byok", location: "westeurope" }, { name: "rg-app", location: "westeurope", subscriptionId: workload }],
        vaults: [{ name: "kv-legacy", resourceGroupName: "rg-byok", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false }],
    }));
});
beforeEach(() => recorder.clear());

/** A vault through `vaultProvider` (none: the default) with access policies, or preparing its move to RBAC, and its key, made and settled. */
async function policyVault(name: string, vaultProvider?: pulumi.ProviderResource, model: { enableRbacAuthorization: boolean; prepareRbacMigration?: boolean } = { enableRbacAuthorization: false }) {
    const vault = new KeyVault(name, { resourceGroupName: "rg-byok", location: "westeurope", ...model }, { provider: vaultProvider });
    const key = new EncryptionKey(`${name}-cmk`, { keyVault: vault });
    await valueOf(key.keyUri);
    await settle();
    return { vault, key };
}

/** An azure-native provider for the workload's subscription, registered before the component under test. */
async function workloadProvider(name: string) {
    const wl = new Provider(name, { subscriptionId: workload });
    await valueOf(wl.urn);
    await settle();
    return wl;
}

describe("the azure-native provider a component hands its children", () => {
    test("is the one Pulumi's Resource constructor resolves, for every way of giving it, before super()", async () => {
        const central = new Provider("central-resolve", {});
        const other = new Provider("other-resolve", {});
        const time = new TimeProvider("time-resolve", {});
        const parent = new pulumi.ComponentResource("test:index:Holder", "resolve-parent", {}, { providers: [central] });
        const cases: [string, pulumi.ComponentResourceOptions | undefined][] = [
            ["none", undefined],
            ["provider", { provider: other }],
            ["another package's provider", { provider: time }],
            ["providers list", { providers: [time, central] }],
            ["providers list, last of a package", { providers: [central, other] }],
            ["providers map", { providers: { "azure-native": other } }],
            ["parent's", { parent }],
            ["provider over providers", { provider: other, providers: [central] }],
            ["own providers over the parent's", { parent, providers: [other] }],
            ["parent's under another package's provider", { parent, provider: time }],
        ];
        for (const [what, opts] of cases) {
            const component = new pulumi.ComponentResource("test:index:Probe", `probe-${what.replace(/[^a-z]+/g, "-")}`, {}, opts);
            expect([what, inheritedAzureNativeProvider(opts)]).toEqual([what, component.getProvider("azure-native::")]);
        }
        await settle();
    });
});

describe("a CMK service given another provider, with its key in a default-provider vault", () => {
    test("is refused before it registers anything, naming the key's vault's provider, on an access-policy vault", async () => {
        const { key } = await policyVault("kvcentral");
        const wl = await workloadProvider("workload");
        await expectRefusedBeforeRegistration(recorder,
            () => new CmkStorageAccount("sa-workload", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { provider: wl }),
            "customerManagedKey.key.keyVault.provider", /^is not set, so the vault is reached through the default azure-native provider, but the access policy of its key grant is made under a component given another azure-native provider/);
    });

    test("is refused before its identity, role assignment and wait, on a vault preparing its move to RBAC", async () => {
        const { key } = await policyVault("kvprepared", undefined, { enableRbacAuthorization: false, prepareRbacMigration: true });
        const wl = await workloadProvider("workload-prepared");
        await expectRefusedBeforeRegistration(recorder,
            () => new CmkEventHubNamespace("evh-workload", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { providers: [wl] }),
            "customerManagedKey.key.keyVault.provider", REFUSAL);
    });

    test("is refused before it registers anything when the provider comes from its parent", async () => {
        const { key } = await policyVault("kvparent");
        const wl = await workloadProvider("workload-parent");
        const holder = new pulumi.ComponentResource("test:index:Holder", "parent-holder", {}, { providers: [wl] });
        await settle();
        await expectRefusedBeforeRegistration(recorder,
            () => new CmkStorageAccount("saparent", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { parent: holder }),
            "customerManagedKey.key.keyVault.provider", REFUSAL);
    });

    test("is refused before it registers anything for an encryption scope's grant, naming that scope's key", async () => {
        const { key } = await policyVault("kvaccount", new Provider("account-vault", {}));
        const { key: scopeKey } = await policyVault("kvscope");
        const wl = await workloadProvider("workload-scope");
        await expectRefusedBeforeRegistration(recorder,
            () => new CmkStorageAccount("sascope", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key }, encryptionScopes: [{ name: "orders", key: scopeKey, keyAccessName: "kvscope" }] }, { provider: wl }),
            "encryptionScopes[0].key.keyVault.provider", /but the access policy of the account's grant for this scope is made under/);
    });

    test("is not refused on an RBAC vault, whose grant is a role assignment addressed by its scope", async () => {
        const { key } = await policyVault("kvrbac", undefined, { enableRbacAuthorization: true });
        const wl = await workloadProvider("workload-rbac");
        new CmkStorageAccount("sarbac", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { provider: wl });
        await settle();
        expect(recorder.find("azure-native:authorization:RoleAssignment", "sarbac-key-access-role-assignment").provider).toBe(await valueOf(wl.urn));
        expect(recorder.refused).toEqual([]);
    });

    test("is not refused when it is given the grant (keyAccess) and makes none", async () => {
        const { key } = await policyVault("kvgiven");
        const identity = new ManagedIdentity("id-given", { resourceGroupName: "rg-byok" });
        const keyAccess = new KeyAccess("id-given-grant", { key, principalId: identity.principalId, permissions: "cmkService" });
        const wl = await workloadProvider("workload-given");
        new CmkStorageAccount("sagiven", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key, userAssignedIdentity: identity, keyAccess } }, { provider: wl });
        await settle();
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["id-given-grant-access-policy"]);
        expect(recorder.refused).toEqual([]);
    });
});

describe("what a component given another provider makes in a vault of its own provider, or none", () => {
    test("a vault made through its own provider gets the access policy through that provider, whatever the component's", async () => {
        const central = new Provider("central", {});
        const { key } = await policyVault("kvexplicit", central);
        const wl = await workloadProvider("workload-two");
        new CmkStorageAccount("sa-explicit", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { provider: wl });
        await settle();
        const [centralUrn, policy] = [await valueOf(central.urn), recorder.find("azure-native:keyvault:AccessPolicy", "sa-explicit-key-access-access-policy")];
        expect(policy.provider).toBe(centralUrn);
        expect(recorder.refused).toEqual([]);
    });

    test("a default-provider vault's access policy goes through the default provider from a component given none", async () => {
        const { key } = await policyVault("kvdefault");
        new CmkStorageAccount("sa-default", { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key } });
        await settle();
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "sa-default-key-access-access-policy").provider).toBeUndefined();
        expect(recorder.refused).toEqual([]);
    });
});

describe("a grant made directly in a default-provider vault under a component given another provider", () => {
    test("is refused before anything is registered, naming the vault's provider", async () => {
        const { vault } = await policyVault("kvgrant");
        const holder = new pulumi.ComponentResource("test:index:Holder", "grant-holder", {}, { providers: [await workloadProvider("workload-grant")] });
        await settle();
        await expectRefusedBeforeRegistration(recorder,
            () => new KeyAccess("misplaced-grant", { keyVault: vault, principalId: principal, permissions: "keyManagementAppliance" }, { parent: holder }),
            "keyVault.provider", /but its access policy is made under/);
    });
});

describe("a key made in a default-provider vault under a component given another provider", () => {
    test("is refused before anything is registered, naming the vault's provider", async () => {
        const { vault } = await policyVault("kvkeys");
        const holder = new pulumi.ComponentResource("test:index:Holder", "keys-holder", {}, { providers: [await workloadProvider("workload-keys")] });
        await settle();
        const error = await expectRefusedBeforeRegistration(recorder, () => new EncryptionKey("misplaced", { keyVault: vault }, { parent: holder }), "keyVault.provider", /but the key is made under/);
        expect(error.message).toMatch(/^EncryptionKey "misplaced"/);
    });
});

describe("an application given another provider", () => {
    test("handing a secret over to a default-provider vault is refused before the application is registered", async () => {
        const { vault } = await policyVault("kvhandover");
        const wl = await workloadProvider("workload-secrets");
        const error = await expectRefusedBeforeRegistration(recorder,
            () => new ClientApplication("vendor", { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault: vault } }, { providers: [wl] }),
            "secretsExportConfiguration.keyVault.provider", /but the exported secret is made under/);
        expect(error.message).toMatch(/^ClientApplication "vendor"/);
    });

    test("with a grant in a default-provider access-policy vault is refused before the application is registered", async () => {
        const { vault } = await policyVault("kvappgrant");
        const appKey = new EncryptionKey("kvappgrant-app", { keyVault: vault, purpose: "applicationCrypto" });
        const wl = await workloadProvider("workload-app-grant");
        await expectRefusedBeforeRegistration(recorder,
            () => new ClientApplication("vendor-grant", { clientSecrets: [{ name: "primary" }], grants: [{ key: appKey, permissions: "applicationCrypto" }] }, { providers: [wl] }),
            "grants[0].key.keyVault.provider", /but its access policy is made under/);
    });
});

describe("existingKeyVault", () => {
    test("keeps the provider it was read through from its parent, as the lookup used it", async () => {
        const central = new Provider("central-read", {});
        const parent = new pulumi.ComponentResource("test:index:Holder", "holder", {}, { providers: [central] });
        const vault = await existingKeyVault("legacy", { vaultName: "kv-legacy", resourceGroupName: "rg-byok", enableRbacAuthorization: false }, { parent });
        expect(vault.provider).toBe(central);
    });
});
