import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { encodeAnalyzeRequest, encodeStackRequest, readDiagnostics } from "../../plan/policy-client";
import type { RecordedResource } from "../../plan/recorder";

function diagnostic(policy: string, urn: string, level: analyzer.EnforcementLevel): analyzer.AnalyzeDiagnostic {
    return new analyzer.AnalyzeDiagnostic()
        .setPolicyname(policy)
        .setPolicypackname("azure-byok")
        .setPolicypackversion("0.1.0")
        .setDescription("a rule")
        .setMessage(`a rule\n${policy} found it`)
        .setEnforcementlevel(level)
        .setUrn(urn)
        .setSeverity(analyzer.PolicySeverity.POLICY_SEVERITY_HIGH);
}

describe("readDiagnostics: the plan's reading of an AnalyzeResponse", () => {
    test("keeps every diagnostic, in order and whole, and skips the policies that did not apply", () => {
        const sent = new analyzer.AnalyzeResponse()
            .setDiagnosticsList([
                diagnostic("azure-keyvault-vault-enable-purge-protection", "urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::v", analyzer.EnforcementLevel.MANDATORY),
                diagnostic("azure-keyvault-key-enable-rotation", "", analyzer.EnforcementLevel.ADVISORY),
            ])
            .setNotApplicableList(["a", "b", "c"].map((name) => new analyzer.PolicyNotApplicable().setPolicyName(name).setReason(`Policy only applies to resources of type '${name}'`)));

        const read = readDiagnostics(sent.serializeBinary());

        expect(read.getDiagnosticsList().map((d) => d.toObject())).toEqual(sent.getDiagnosticsList().map((d) => d.toObject()));
        expect(read.getNotApplicableList()).toEqual([]);
    });

    test("reads an empty answer as no diagnostics", () => {
        expect(readDiagnostics(new analyzer.AnalyzeResponse().serializeBinary()).getDiagnosticsList()).toEqual([]);
    });
});

function recorded(i: number): RecordedResource {
    const urn = `urn:pulumi:dev::azure-byok::azure-native:keyvault:Key::key-${i}`;
    return {
        urn,
        type: "azure-native:keyvault:Key",
        name: `key-${i}`,
        custom: true,
        parent: i % 2 === 0 ? "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyVault::vault" : undefined,
        dependencies: [`urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::vault-${i}`],
        propertyDependencies: { vaultName: [`urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::vault-${i}`] },
        protect: i % 3 === 0,
        retainOnDelete: false,
        aliases: [],
        deleteBeforeReplace: i % 5 === 0,
        ignoreChanges: i % 4 === 0 ? ["properties.attributes.exp"] : [],
        additionalSecretOutputs: [],
        inputs: {},
        outputs: { name: `key-${i}`, properties: { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" } }] } }, tags: { "byok-index": String(i) } },
    };
}

describe("the requests the plan encodes", () => {
    test("AnalyzeStack: every resource with its outputs, options, parent and dependencies, across many slices", async () => {
        const resources = Array.from({ length: 23 }, (_, i) => recorded(i));

        const read = analyzer.AnalyzeStackRequest.deserializeBinary(await encodeStackRequest(resources, 5)).getResourcesList();

        expect(read.map((r) => r.getUrn())).toEqual(resources.map((r) => r.urn));
        read.forEach((item, i) => {
            const r = resources[i];
            expect(item.getType()).toBe(r.type);
            expect(item.getName()).toBe(r.name);
            expect(item.getProperties()?.toJavaScript()).toEqual(r.outputs);
            expect(item.getOptions()?.getProtect()).toBe(r.protect);
            expect(item.getOptions()?.getIgnorechangesList()).toEqual(r.ignoreChanges);
            expect(item.getOptions()?.getDeletebeforereplace()).toBe(r.deleteBeforeReplace);
            expect(item.getParent()).toBe(r.parent ?? "");
            expect(item.getDependenciesList()).toEqual(r.dependencies);
            expect(item.getPropertydependenciesMap().get("vaultName")?.getUrnsList()).toEqual(r.propertyDependencies.vaultName);
        });
    });

    test("AnalyzeStack: an empty stack is an empty request", async () => {
        expect(analyzer.AnalyzeStackRequest.deserializeBinary(await encodeStackRequest([])).getResourcesList()).toEqual([]);
    });

    test("Analyze: one resource's type, name, URN, options and inputs", () => {
        const r = { ...recorded(3), inputs: { vaultName: "kv-prod", properties: { kty: "RSA-HSM", keySize: 3072 }, dropped: undefined } };

        const read = analyzer.AnalyzeRequest.deserializeBinary(encodeAnalyzeRequest(r));

        expect(read.getType()).toBe(r.type);
        expect(read.getName()).toBe(r.name);
        expect(read.getUrn()).toBe(r.urn);
        expect(read.getProperties()?.toJavaScript()).toEqual({ vaultName: "kv-prod", properties: { kty: "RSA-HSM", keySize: 3072 } });
        expect(read.getOptions()?.getProtect()).toBe(true);
        expect(read.getOptions()?.getIgnorechangesList()).toEqual([]);
    });
});
