import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzeRequest, ConfigureAnalyzerRequest, EnforcementLevel, PolicyConfig } from "@pulumi/pulumi/proto/analyzer_pb";
import { readUrns, toPolicies } from "../../../policies/lib/pack";
import { AnalyzerRequestDecoders, observeAnalyzerRequests, pathParametersOf, profileOf, requireSdkOfPolicy } from "../../../policies/lib/requests";
import { rules } from "../../../policies/rules";
import { good, TYPES, UNKNOWN_STRING } from "../fixtures";

const ROTATION = "azure-keyvault-key-configure-rotation-policy";

/** A Configure request as the CLI sends it: every policy named in the config, with its level and properties. */
function configureRequest(config: Record<string, { level: EnforcementLevel; properties?: Record<string, unknown> }>): Buffer {
    const request = new ConfigureAnalyzerRequest();
    for (const [name, { level, properties }] of Object.entries(config)) {
        const policy = new PolicyConfig().setEnforcementlevel(level);
        if (properties !== undefined) policy.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
        request.getPolicyconfigMap().set(name, policy);
    }
    return Buffer.from(request.serializeBinary());
}

/** The analyzer's decoders, on an object of its own so the real service stays as the other tests found it. */
function decoders(): AnalyzerRequestDecoders & { decoded: number } {
    const service = {
        decoded: 0,
        configure: {
            requestDeserialize: (bytes: Buffer) => {
                service.decoded++;
                return ConfigureAnalyzerRequest.deserializeBinary(bytes);
            },
        },
        analyze: {
            requestDeserialize: (bytes: Buffer) => {
                service.decoded++;
                return AnalyzeRequest.deserializeBinary(bytes);
            },
        },
    };
    return service;
}

/** An Analyze request for a vault, with inputs as a program registers it, or none, as `pulumi policy analyze` sends a resource the program only read. */
function analyzeRequest(urn: string, inputs: Record<string, unknown> | null = { resourceGroupName: "rg", vaultName: "kv" }): Buffer {
    const request = new AnalyzeRequest().setType(TYPES.vault).setName(urn.split("::").pop() as string).setUrn(urn);
    if (inputs !== null) request.setProperties(Struct.fromJavaScript(inputs as Parameters<typeof Struct.fromJavaScript>[0]));
    return Buffer.from(request.serializeBinary());
}

/** What the rotation rule reports for a key rotating 60 days after creation, at the profile in force. */
function rotationReports(): unknown[] {
    const rule = toPolicies(rules).find((p) => p.name === ROTATION) as ResourceValidationPolicy;
    const props = good.key();
    props.properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate = "P60D";
    const reports: unknown[] = [];
    const args = { type: TYPES.key, name: "cmk", urn: `urn:pulumi:dev::azure-byok::${TYPES.key}::cmk`, props, opts: {}, getConfig: () => ({}) };
    // The analyzer's report also takes an object with its own level (pack.ts reportAt), which its type does not declare.
    (rule.validateResource as (args: unknown, report: (info: unknown) => void) => void)(args, (info) => reports.push(info));
    return reports;
}

describe("the profile a Configure request chooses", () => {
    test("is the profile policy's `profile`, whatever level the request gives that policy", () => {
        for (const level of [EnforcementLevel.DISABLED, EnforcementLevel.ADVISORY, EnforcementLevel.MANDATORY, EnforcementLevel.REMEDIATE]) {
            const bytes = configureRequest({ "azure-byok-profile": { level, properties: { profile: "sovereign" } }, [ROTATION]: { level: EnforcementLevel.MANDATORY } });
            expect(profileOf(ConfigureAnalyzerRequest.deserializeBinary(bytes))).toBe("sovereign");
        }
    });

    test("is baseline when the request does not name the profile policy, or gives it no profile", () => {
        const of = (bytes: Buffer) => profileOf(ConfigureAnalyzerRequest.deserializeBinary(bytes));
        expect(of(configureRequest({ [ROTATION]: { level: EnforcementLevel.DISABLED } }))).toBe("baseline");
        expect(of(configureRequest({ "azure-byok-profile": { level: EnforcementLevel.DISABLED } }))).toBe("baseline");
        expect(of(configureRequest({ "azure-byok-profile": { level: EnforcementLevel.ADVISORY, properties: { Profile: "mcsb" } } }))).toBe("baseline");
    });
});

describe("observing the analyzer's Configure requests", () => {
    test("sets the profile the rules judge by as each request is decoded, with the profile policy disabled", () => {
        const service = decoders();
        observeAnalyzerRequests(service);
        expect(rotationReports()).toEqual([]);
        const request = service.configure.requestDeserialize(configureRequest({ "azure-byok-profile": { level: EnforcementLevel.DISABLED, properties: { profile: "mcsb" } } }));
        // The analyzer still gets the request it sent.
        expect(request.getPolicyconfigMap().get("azure-byok-profile")?.getEnforcementlevel()).toBe(EnforcementLevel.DISABLED);
        expect(rotationReports()).toEqual([{ message: expect.stringContaining("later than 30 days"), urn: undefined, enforcementLevel: "mandatory" }]);
        // A later request without the profile is baseline again.
        service.configure.requestDeserialize(configureRequest({}));
        expect(rotationReports()).toEqual([]);
    });

    test("notes each analyzed resource, so the stack rules tell a resource the program only reads from one it registers", () => {
        const service = decoders();
        observeAnalyzerRequests(service);
        const registered = `urn:pulumi:dev::azure-byok::${TYPES.vault}::registered`;
        const read = `urn:pulumi:dev::azure-byok::${TYPES.vault}::read`;
        const view = (urn: string) => ({ type: TYPES.vault, name: "kv", urn, props: {}, protect: true, parent: undefined });
        expect(service.analyze.requestDeserialize(analyzeRequest(registered)).getUrn()).toBe(registered);
        expect([...readUrns([view(registered), view(read)])]).toEqual([read]);
    });

    test("takes an Analyze request with no inputs for a read, as `pulumi policy analyze` sends a resource the program only read (.get) from the state", () => {
        const service = decoders();
        observeAnalyzerRequests(service);
        const registered = `urn:pulumi:dev::azure-byok::${TYPES.vault}::mine`;
        const read = `urn:pulumi:dev::azure-byok::${TYPES.vault}::theirs`;
        const view = (urn: string) => ({ type: TYPES.vault, name: "kv", urn, props: {}, protect: true, parent: undefined });
        service.analyze.requestDeserialize(analyzeRequest(registered));
        service.analyze.requestDeserialize(analyzeRequest(read, null));
        service.analyze.requestDeserialize(analyzeRequest(read, {}));
        expect([...readUrns([view(registered), view(read)])]).toEqual([read]);
    });

    test("reads a key's known path parameters from its request, and no other type's", () => {
        const request = (type: string, properties: Record<string, unknown>) => {
            const bytes = Buffer.from(new AnalyzeRequest().setType(type).setName("r").setUrn(`urn:pulumi:dev::azure-byok::${type}::r`).setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0])).serializeBinary());
            return decoders().analyze.requestDeserialize(bytes);
        };
        // A new vault's generated name is unknown in a first preview; the key's own name is written in the program.
        expect(pathParametersOf(request(TYPES.key, { resourceGroupName: "rg", vaultName: UNKNOWN_STRING, keyName: "cmk", properties: { kty: "RSA-HSM" } }))).toEqual({ keyName: "cmk" });
        expect(pathParametersOf(request(TYPES.key, { vaultName: "kv-good", keyName: "cmk" }))).toEqual({ vaultName: "kv-good", keyName: "cmk" });
        expect(pathParametersOf(request(TYPES.key, { vaultName: 7, keyName: "" }))).toEqual({});
        expect(pathParametersOf(request(TYPES.vault, { vaultName: "kv-good" }))).toBeUndefined();
    });

    test("wraps each decoder once, however often it is called", () => {
        const service = decoders();
        observeAnalyzerRequests(service);
        const wrapped = [service.configure.requestDeserialize, service.analyze.requestDeserialize];
        observeAnalyzerRequests(service);
        expect([service.configure.requestDeserialize, service.analyze.requestDeserialize]).toEqual(wrapped);
        service.configure.requestDeserialize(configureRequest({}));
        service.analyze.requestDeserialize(analyzeRequest(`urn:pulumi:dev::azure-byok::${TYPES.vault}::kv`));
        expect(service.decoded).toBe(2);
    });
});

test("the pack refuses to start when @pulumi/policy would serve requests from another @pulumi/pulumi than the one it hooks", () => {
    expect(() => requireSdkOfPolicy()).not.toThrow();
    const twoCopies = (request: string, paths?: string[]) => (paths ? `/pack/node_modules/@pulumi/policy/node_modules/${request}.js` : `/pack/node_modules/${request}.js`);
    expect(() => requireSdkOfPolicy(twoCopies)).toThrow(/^azure-byok policy pack: @pulumi\/policy serves the analyzer from \/pack\/node_modules\/@pulumi\/policy\/node_modules\/@pulumi\/pulumi\/proto\/analyzer_grpc_pb\.js, the pack reads requests from \/pack\/node_modules\/@pulumi\/pulumi\/proto\/analyzer_grpc_pb\.js; install one @pulumi\/pulumi for both/);
});
