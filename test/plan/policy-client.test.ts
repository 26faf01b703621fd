import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { readDiagnostics } from "../../plan/policy-client";

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
