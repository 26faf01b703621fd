import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { ClientApplication } from "../../components/client-application";
import { CmkStorageAccount } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { existingKeyVault } from "../../components/existing-key-vault";
import { KeyVault } from "../../components/key-vault";
import { ValidationError } from "../../components/validation";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { valueOf } from "../support/outputs";

const workload = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
let recorder: Recorder;

beforeAll(async () => {
    // rg-byok in the stack's (default) subscription; rg-app in the workload's.
    ({ recorder } = await setAzureMocks({
        resourceGroups: [{ name: "rg-byok", location: "westeurope" }, { name: "rg-app", location: "westeurope", subscriptionId: workload }],
        vaults: [{ name: "kv-legacy", resourceGroupName: "rg-byok", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false }],
    }));
});
beforeEach(() => recorder.clear());

/** An access-policy vault through `vaultProvider` (none: the default) and its key, made and settled. */
async function policyVault(name: string, vaultProvider?: pulumi.ProviderResource) {
    const vault = new KeyVault(name, { resourceGroupName: "rg-byok", location: "westeurope", enableRbacAuthorization: false }, { provider: vaultProvider });
    const key = new EncryptionKey(`${name}-cmk`, { keyVault: vault });
    await valueOf(key.keyUri);
    await settle();
    return { vault, key };
}

describe("what a component given another provider makes in a vault", () => {
    test("a default-provider vault's access policy is refused, naming the vault's provider, before it is sent to the component's subscription", async () => {
        const { vault, key } = await policyVault("kvcentral");
        expect(vault.provider).toBeUndefined();
        const wl = new Provider("workload", { subscriptionId: workload });
        let caught: unknown;
        try {
            new CmkStorageAccount("sa-workload", { resourceGroupName: "rg-app", location: "westeurope", customerManagedKey: { key } }, { provider: wl });
        } catch (e) {
            caught = e;
        }
        await settle();
        expect(caught).toBeInstanceOf(ValidationError);
        const issue = (caught as ValidationError).issues.find((i) => i.field === "key.keyVault.provider");
        expect(issue?.message).toMatch(/^is not set, so the vault is reached through the default azure-native provider, but its access policy is made under a component given another azure-native provider.*make the vault, or read it with existingKeyVault, with an explicit provider/);
        expect(recorder.requests.filter((r) => r.type === "azure-native:keyvault:AccessPolicy")).toEqual([]);
        expect(recorder.refused).toEqual([]);
    });

    test("a vault made through its own provider gets the access policy through that provider, whatever the component's", async () => {
        const central = new Provider("central", {});
        const { key } = await policyVault("kvexplicit", central);
        const wl = new Provider("workload-two", { subscriptionId: workload });
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

describe("a key made in a default-provider vault under a component given another provider", () => {
    test("is refused, naming the vault's provider, and nothing is sent", async () => {
        const { vault } = await policyVault("kvkeys");
        const wl = new Provider("workload-keys", { subscriptionId: workload });
        const holder = new pulumi.ComponentResource("test:index:Holder", "keys-holder", {}, { providers: [wl] });
        expect(() => new EncryptionKey("misplaced", { keyVault: vault }, { parent: holder })).toThrow(/EncryptionKey "misplaced".*keyVault\.provider: is not set, so the vault is reached through the default azure-native provider, but the key is made under a component given another/s);
        await settle();
        expect(recorder.requests.filter((r) => r.type === "azure-native:keyvault:Key" && r.name.startsWith("misplaced"))).toEqual([]);
    });
});

describe("a secret handed over to a default-provider vault by an application given another provider", () => {
    test("is refused, naming the vault's provider, and nothing is sent", async () => {
        const { vault } = await policyVault("kvhandover");
        const wl = new Provider("workload-secrets", { subscriptionId: workload });
        expect(() => new ClientApplication("vendor", { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault: vault } }, { providers: [wl] }))
            .toThrow(/ClientApplication "vendor".*secretsExportConfiguration\.keyVault\.provider: is not set, so the vault is reached through the default azure-native provider, but the exported secret/s);
        await settle();
        expect(recorder.requests.filter((r) => r.type === "azure-native:keyvault:Secret")).toEqual([]);
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
