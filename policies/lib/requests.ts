import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { ConfigureAnalyzerRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { parseProfile, PROFILE_POLICY, selectProfile } from "./pack";
import type { Profile } from "./rule";

/** The request decoders of the analyzer's methods the pack reads for itself. */
export interface AnalyzerRequestDecoders {
    configure: { requestDeserialize: (bytes: Buffer) => ConfigureAnalyzerRequest };
}

const OBSERVED = Symbol.for("azure-byok.observed-request");

/**
 * Makes the pack read the profile from each Configure request as it arrives. The analyzer hands a
 * policy its config only when it runs the policy, and it runs none whose level is `disabled`: the
 * CLI gives the profile policy the `all` level like any other, so `{ "all": "disabled", … }` would
 * leave the profile unread. grpc-js takes each method's decoder when the service is added, so this
 * must run before `new PolicyPack`.
 */
export function observeAnalyzerRequests(service: AnalyzerRequestDecoders = AnalyzerService): void {
    const decode = service.configure.requestDeserialize;
    if ((decode as { [OBSERVED]?: boolean })[OBSERVED]) return;
    const observed = (bytes: Buffer): ConfigureAnalyzerRequest => {
        const request = decode(bytes);
        selectProfile(profileOf(request));
        return request;
    };
    service.configure.requestDeserialize = Object.assign(observed, { [OBSERVED]: true });
}

/** The profile a Configure request chooses: the profile policy's `profile`, whatever level it gives that policy. */
export function profileOf(request: ConfigureAnalyzerRequest): Profile {
    return parseProfile(request.getPolicyconfigMap().get(PROFILE_POLICY)?.getProperties()?.toJavaScript().profile);
}
