import * as path from "node:path";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { AnalyzeRequest, ConfigureAnalyzerRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { noteAnalyzed, parseProfile, PROFILE_POLICY, selectProfile } from "./pack";
import type { Profile } from "./rule";
import { T } from "./azure";
import { isUnknown } from "./values";

/** The request decoders of the analyzer's methods the pack reads for itself. */
export interface AnalyzerRequestDecoders {
    configure: { requestDeserialize: (bytes: Buffer) => ConfigureAnalyzerRequest };
    analyze: { requestDeserialize: (bytes: Buffer) => AnalyzeRequest };
}

const OBSERVED = Symbol.for("azure-byok.observed-request");

/**
 * Makes the pack read the profile from each Configure request, and note the resource each Analyze
 * request names, as they arrive. The analyzer runs no policy whose level is `disabled`, and hands a
 * policy its config only when it runs it: the CLI gives every policy the `all` level, so with
 * `{ "all": "disabled", … }` no policy would see the profile or every analyzed resource. grpc-js
 * takes each method's decoder when the service is added, so this must run before `new PolicyPack`.
 */
export function observeAnalyzerRequests(service: AnalyzerRequestDecoders = AnalyzerService): void {
    if (service === AnalyzerService) requireSdkOfPolicy();
    const { configure, analyze } = service;
    configure.requestDeserialize = observing(configure.requestDeserialize, (request) => selectProfile(profileOf(request)));
    analyze.requestDeserialize = observing(analyze.requestDeserialize, (request) => {
        if (!isReadFromState(request)) noteAnalyzed(request.getUrn(), pathParametersOf(request));
    });
}

/**
 * Whether an Analyze request is for a resource the program only reads: `pulumi policy analyze`
 * (analyze_snapshot.go) sends one for every resource of the state, reads included, with the
 * inputs the state holds, which for a `.get` are none; every type the rules judge has required
 * inputs, so a registered one never arrives without any.
 */
function isReadFromState(request: AnalyzeRequest): boolean {
    return (request.getProperties()?.getFieldsMap().getLength() ?? 0) === 0;
}

/** The ARM path parameters the stack rules place a resource by, of the types that need them: a key's vault and name. */
const PATH_PARAMETERS: Record<string, readonly string[]> = { [T.key]: ["vaultName", "keyName"] };

/** The known path parameters of an Analyze request's resource (PATH_PARAMETERS); undefined for other types. */
export function pathParametersOf(request: AnalyzeRequest): Record<string, string> | undefined {
    const names = PATH_PARAMETERS[request.getType()];
    const fields = names && request.getProperties()?.getFieldsMap();
    if (names === undefined || fields === undefined) return undefined;
    const known: Record<string, string> = {};
    for (const name of names) {
        const value = fields.get(name)?.getStringValue();
        // An unknown input arrives as the engine's unknown sentinel string.
        if (value !== undefined && value !== "" && !isUnknown(value)) known[name] = value;
    }
    return known;
}

function observing<T>(decode: (bytes: Buffer) => T, observe: (request: T) => void): (bytes: Buffer) => T {
    if ((decode as { [OBSERVED]?: boolean })[OBSERVED]) return decode;
    const observed = (bytes: Buffer): T => {
        const request = decode(bytes);
        observe(request);
        return request;
    };
    return Object.assign(observed, { [OBSERVED]: true });
}

/** The profile a Configure request chooses: the profile policy's `profile`, whatever level it gives that policy. */
export function profileOf(request: ConfigureAnalyzerRequest): Profile {
    return parseProfile(request.getPolicyconfigMap().get(PROFILE_POLICY)?.getProperties()?.toJavaScript().profile);
}

/**
 * Fails the pack's start when @pulumi/policy serves the analyzer from another copy of
 * @pulumi/pulumi than the pack's: the decoders and request classes the pack hooks would then not be
 * the ones requests go through, and the profile would be baseline without a word.
 */
export function requireSdkOfPolicy(resolve: (request: string, paths?: string[]) => string = (request, paths) => require.resolve(request, paths ? { paths } : undefined)): void {
    const service = "@pulumi/pulumi/proto/analyzer_grpc_pb";
    const ours = resolve(service);
    const policys = resolve(service, [path.dirname(resolve("@pulumi/policy"))]);
    if (ours !== policys) {
        throw new Error(`azure-byok policy pack: @pulumi/policy serves the analyzer from ${policys}, the pack reads requests from ${ours}; install one @pulumi/pulumi for both (npm dedupe in the pack's folder)`);
    }
}
