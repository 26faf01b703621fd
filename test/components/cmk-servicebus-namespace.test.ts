import * as pulumi from "@pulumi/pulumi";
import { CmkServiceBusNamespace, CmkServiceBusNamespaceArgs, validateCmkServiceBusNamespaceArgs } from "../../components/cmk-servicebus-namespace";
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

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvsb", { resourceGroupName: rg });
    key = new EncryptionKey("cmk", { keyVault: vault });
    await valueOf(key.keyUriWithVersion);
    await settle();
});
beforeEach(() => recorder.clear());

const args = (extra: Partial<CmkServiceBusNamespaceArgs> = {}): CmkServiceBusNamespaceArgs => ({ resourceGroupName: rg, customerManagedKey: { key }, ...extra });

describe("CmkServiceBusNamespace", () => {
    test("is Premium, double-encrypted with the versionless key as its identity, after the grant, Entra-only and closed", async () => {
        const ns = new CmkServiceBusNamespace("sb-byok", args({ capacity: 2 }));
        await valueOf(ns.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        const resource = recorder.find("azure-native:servicebus:Namespace", "sb-byok-namespace");
        const identityId = await valueOf(ns.identity.id);
        expect(resource.parent).toBe(recorder.find("azure-byok:servicebus:CmkServiceBusNamespace", "sb-byok").urn);
        expect(resource.inputs).toMatchObject({
            sku: { name: "Premium", tier: "Premium", capacity: 2 },
            identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
            encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties: [{ keyVaultUri: await valueOf(vault.vaultUri), keyName: await valueOf(key.keyName), identity: { userAssignedIdentity: identityId } }], requireInfrastructureEncryption: true },
            disableLocalAuth: true,
            minimumTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
        });
        expect(resource.dependencies).toContain(recorder.find("azure-native:authorization:RoleAssignment", "sb-byok-key-access-role-assignment").urn);
        const name = String(resource.inputs.namespaceName);
        expect(name).toMatch(/^sb-byok-[a-z0-9]{6}$/);
        expect(await valueOf(ns.serviceBusEndpoint)).toBe(`https://${name}.servicebus.windows.net:443/`);
    });

    test.each([
        ["a name ending in -sb, which Azure reserves", { namespaceName: "orders-sb" }, "namespaceName", /ends in "-sb" or "-mgmt"/],
        ["a capacity that is not a messaging-unit count", { capacity: 6 as never }, "capacity", /not a Premium messaging-unit count; use one of 1, 2, 4, 8, 16/],
        ["a blank resource group", { resourceGroupName: "  " }, "resourceGroupName", /^"  " is blank; name the resource group/],
    ] as [string, Partial<CmkServiceBusNamespaceArgs>, string, RegExp][])("rejects %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkServiceBusNamespace("sb-bad", args(extra)), field, rule);
    });
});

describe("CmkServiceBusNamespace arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const cases: [string, () => object, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ publicNetworkAcess: "Enabled" }), "publicNetworkAcess", /^is not an argument here; did you mean "publicNetworkAccess"\?$/],
        ["the public access setting as an Output", () => ({ publicNetworkAccess: pulumi.output("Enabled") }), "publicNetworkAccess", OUTPUT_RULE],
        ["the capacity as a Promise", () => ({ capacity: Promise.resolve(4) }), "capacity", /^is a Promise; this argument takes a plain value/],
        ["disableLocalAuth as a string", () => ({ disableLocalAuth: "true" }), "disableLocalAuth", /^is a string \("true"\), not true or false$/],
        ["private endpoints as one object", () => ({ privateEndpoints: { subnetResourceId: "x" } }), "privateEndpoints", /^is an object, not a list/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, extra, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new CmkServiceBusNamespace("sb-shape", untyped<CmkServiceBusNamespaceArgs>({ ...args(), ...extra() })), field, rule);
    });
});

describe("validateCmkServiceBusNamespaceArgs", () => {
    const plain = (extra: Partial<CmkServiceBusNamespaceArgs> = {}): CmkServiceBusNamespaceArgs => ({ resourceGroupName: rg, customerManagedKey: { key: keyReference() }, ...extra });

    test("takes a Premium namespace named after its resource", () => {
        expect(validateCmkServiceBusNamespaceArgs("ns-byok", plain())).toEqual([]);
    });

    test("names Service Bus and its messaging-units in what it refuses", () => {
        expect(validateCmkServiceBusNamespaceArgs("ns-byok", plain({ namespaceName: "1-ns-byok", capacity: untyped(3) }))).toEqual([
            { field: "namespaceName", message: "\"1-ns-byok\" is not a Service Bus namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit" },
            { field: "capacity", message: "3 is not a Premium messaging-unit count; use one of 1, 2, 4, 8, 16" },
        ]);
    });
});
