import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { NetworkError } from "./errors";

/**
 * The credential with the vault requests' deadline on each token it is asked for. @azure/identity
 * sends its token requests through a pipeline of its own, with no timeout (and its MSAL flows do
 * not pass a caller's abort signal on to the HTTP request), so a sign-in endpoint that accepts the
 * request and never answers (egress to login.microsoftonline.com silently dropped, a proxy that
 * forwards nothing) would hold the run without end. Each getToken gets an abort signal that fires at
 * the deadline, and the run stops waiting then whether or not the credential honours it: the
 * failure is `Network`, since nothing was refused. A caller's own abort is passed through as it is.
 */
export function withSignInDeadline(credential: TokenCredential, vault: string, timeoutMs: number): TokenCredential {
    return {
        async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
            const caller = options.abortSignal;
            const deadline = new AbortController();
            const forward = () => deadline.abort();
            if (caller?.aborted) deadline.abort();
            caller?.addEventListener("abort", forward);
            const unanswered = () => new NetworkError({ vault }, `no token from the sign-in endpoint within ${timeoutMs / 1000} s`, "sign-in");
            let timer: ReturnType<typeof setTimeout> | undefined;
            const expired = new Promise<never>((_resolve, reject) => {
                timer = setTimeout(() => {
                    deadline.abort();
                    reject(unanswered());
                }, timeoutMs);
            });
            try {
                return await Promise.race([credential.getToken(scopes, { ...options, abortSignal: deadline.signal }), expired]);
            } catch (error) {
                // A credential that honours the signal throws its own AbortError first: still the deadline's.
                if (deadline.signal.aborted && !caller?.aborted) throw unanswered();
                throw error;
            } finally {
                clearTimeout(timer);
                caller?.removeEventListener("abort", forward);
            }
        },
    };
}
