import * as pulumi from "@pulumi/pulumi";
import { CmkEventHubNamespace, CmkEventHubNamespaceArgs, validateCmkEventHubNamespaceArgs } from "../../components/cmk-eventhub-namespace";
import { EncryptionKey } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { keyReference } from "../support/references";

const rg = "rg-byok";
let recorder: Recorder;
let vault: KeyVault;
let key: EncryptionKey;
let appKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvevh", { resourceGroupName: rg });
    key = new EncryptionKey("cmk", { keyVault: vault });
    appKey = new EncryptionKey("app", { keyVault: vault, purpose: "applicationCrypto" });
    await Promise.all([valueOf(key.keyUriWithVersion), valueOf(appKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkEventHubNamespaceArgs> = {}): CmkEventHubNamespaceArgs => ({ resourceGroupName: rg, customerManagedKey: { key }, ...extra });

async function registered(namespace: CmkEventHubNamespace): Promise<CmkEventHubNamespace> {
    await valueOf(namespace.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    return namespace;
}

describe("CmkEventHubNamespace", () => {
    test("is Premium, double-encrypted with the versionless key through its identity's resource id, Entra-only and closed", async () => {
        const ns = await registered(new CmkEventHubNamespace("evh-byok", args()));
        const resource = recorder.find("azure-native:eventhub:Namespace", "evh-byok-namespace");
        const identityId = await valueOf(ns.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:eventhub:CmkEventHubNamespace", "evh-byok").urn);
        expect(resource.inputs).toMatchObject({
            sku: { name: "Premium", tier: "Premium", capacity: 1 },
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            encryption: {
                keySource: "Microsoft.KeyVault",
                keyVaultProperties: [{ keyVaultUri: await valueOf(vault.vaultUri), keyName: await valueOf(key.keyName), identity: { userAssignedIdentity: identityId } }],
                requireInfrastructureEncryption: true,
            },
            disableLocalAuth: true,
            minimumTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
        });
        expect((resource.inputs.encryption as { keyVaultProperties: Record<string, unknown>[] }).keyVaultProperties[0].keyVersion).toBeUndefined();
        const name = String(resource.inputs.namespaceName);
        expect(name).toMatch(/^evh-byok-[a-z0-9]{6}$/);
        expect(await valueOf(ns.serviceBusEndpoint)).toBe(`https://${name}.servicebus.windows.net:443/`);
    });

    test("waits for its grant on the key, and pins a version only when asked by name", async () => {
        const version = (await valueOf(key.keyUriWithVersion)).split("/").pop() as string;
        await registered(new CmkEventHubNamespace("evh-pinned", args({ namespaceName: "evh-pinned-01", capacity: 4, customerManagedKey: { key, keyVersion: version } })));
        const resource = recorder.find("azure-native:eventhub:Namespace", "evh-pinned-namespace");
        const grant = recorder.find("azure-native:authorization:RoleAssignment", "evh-pinned-key-access-role-assignment");
        expect(resource.dependencies).toContain(grant.urn);
        expect(grant.inputs.scope).toBe(await valueOf(key.id));
        expect(resource.inputs).toMatchObject({ namespaceName: "evh-pinned-01", sku: { capacity: 4 }, encryption: { keyVaultProperties: [{ keyVersion: version }] } });
    });
});

describe("CmkEventHubNamespace on an access-policy vault", () => {
    test("its identity's policy also lists keys, as Microsoft's Event Hubs guide grants, and the namespace is made", async () => {
        const policyKey = new EncryptionKey("evh-policy-cmk", { keyVault: new KeyVault("kvevhpolicy", { resourceGroupName: rg, enableRbacAuthorization: false }) });
        await registered(new CmkEventHubNamespace("evh-policy", args({ customerManagedKey: { key: policyKey } })));
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "evh-policy-key-access-access-policy");
        expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "wrapKey", "unwrapKey", "list"] });
    });
});

describe("CmkEventHubNamespace validation", () => {
    // Thunks: the keys exist only once beforeAll has run.
    const cases: [string, () => Partial<CmkEventHubNamespaceArgs>, string, RegExp][] = [
        ["an empty resource group", () => ({ resourceGroupName: "" }), "resourceGroupName", /^"" is blank; name the resource group/],
        ["a key that cannot wrap", () => ({ customerManagedKey: { key: appKey } }), "customerManagedKey.key.keyOps", /lacks wrapKey, unwrapKey/],
        ["a namespace name starting with a digit", () => ({ namespaceName: "1-evh-byok" }), "namespaceName", /^"1-evh-byok" is not an Event Hubs namespace name: .*starting with a letter/],
        ["a namespace name of five characters", () => ({ namespaceName: "evh01" }), "namespaceName", /6–50 letters, digits and hyphens/],
        ["a capacity that is not a Premium unit count", () => ({ capacity: 3 as never }), "capacity", /one of 1, 2, 4, 8, 16/],
        ["an unknown network access value", () => ({ publicNetworkAccess: "Open" as never }), "publicNetworkAccess", /is not "Enabled" or "Disabled"/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkEventHubNamespace("evh-bad", args(extra())), field, rule);
    });

    test("names the resource when its name cannot prefix a generated namespace name", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkEventHubNamespace("9-evh", args()), "name", /starting with a letter; rename the resource or set namespaceName/);
    });
});

describe("CmkEventHubNamespace arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["Azure Verified Modules' name for the namespace name", () => ({ name: "evh-byok-01" }), "name", /^is not an argument here; did you mean "namespaceName"\?$/],
        ["a misspelt argument, with the name it means", () => ({ disableLocalAuthentication: false }), "disableLocalAuthentication", /^is not an argument here; did you mean "disableLocalAuth"\?$/],
        ["the capacity as an Output", () => ({ capacity: pulumi.output(2) }), "capacity", OUTPUT_RULE],
        ["the capacity as a string", () => ({ capacity: "2" }), "capacity", /^is a string \("2"\), not a number$/],
        ["no key at all", () => ({ customerManagedKey: undefined }), "customerManagedKey", /^is required: the key the namespace encrypts with, as \{ key: <an EncryptionKey or a KeyReference> \}$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkEventHubNamespace("evh-shape", untyped<CmkEventHubNamespaceArgs>({ ...args(), ...extra() })), field, rule);
    });

    test("refuses no args at all, naming what is required", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkEventHubNamespace("evh-shape", untyped<CmkEventHubNamespaceArgs>(undefined)), "args", /^is required: an object with at least resourceGroupName, customerManagedKey$/);
    });
});

describe("validateCmkEventHubNamespaceArgs", () => {
    const plain = (extra: Partial<CmkEventHubNamespaceArgs> = {}): CmkEventHubNamespaceArgs => ({ resourceGroupName: rg, customerManagedKey: { key: keyReference() }, ...extra });

    test("takes a Premium namespace named after its resource", () => {
        expect(validateCmkEventHubNamespaceArgs("ns-byok", plain())).toEqual([]);
    });

    test("names Event Hubs and its processing-units in what it refuses", () => {
        expect(validateCmkEventHubNamespaceArgs("ns-byok", plain({ namespaceName: "1-ns-byok", capacity: untyped(3) }))).toEqual([
            { field: "namespaceName", message: "\"1-ns-byok\" is not an Event Hubs namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit" },
            { field: "capacity", message: "3 is not a Premium processing-unit count; use one of 1, 2, 4, 8, 16" },
        ]);
    });
});
