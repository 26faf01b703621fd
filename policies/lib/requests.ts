import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { AnalyzeRequest, ConfigureAnalyzerRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { noteAnalyzed, parseProfile, PROFILE_POLICY, selectProfile } from "./pack";
import type { Profile } from "./rule";

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
    const { configure, analyze } = service;
    configure.requestDeserialize = observing(configure.requestDeserialize, (request) => selectProfile(profileOf(request)));
    analyze.requestDeserialize = observing(analyze.requestDeserialize, (request) => noteAnalyzed(request.getUrn()));
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
