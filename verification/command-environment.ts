/**
 * Checks of the environment variables the Azure SDK reads, run before a command sends anything: a
 * value the SDK cannot use would otherwise crash the run outside its report (a proxy) or drop a
 * credential without a word (a sign-in host). Each returns the problem as `VARIABLE: rule`, never
 * the value, which may hold a password.
 */

/** The proxy variables in the order @typespec/ts-http-runtime's proxyPolicy takes the first set one; each in upper case before lower. */
const PROXY_VARIABLES = ["HTTPS_PROXY", "ALL_PROXY", "HTTP_PROXY"] as const;

/** The proxy variable the Azure SDK will use, as its proxyPolicy picks it: an empty value counts as unset. */
export function sdkProxyVariable(env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
    for (const upper of PROXY_VARIABLES) {
        for (const name of [upper, upper.toLowerCase()]) {
            const value = env[name];
            if (value) return { name, value };
        }
    }
    return undefined;
}

/**
 * Why the Azure SDK cannot use the proxy variable it reads, if it cannot: it passes the value to
 * `new URL` (host:port alone throws "Invalid URL" at the first client) and speaks HTTP CONNECT to
 * it, so only an http:// or https:// URL with a host will do. No scheme is added: host:port is
 * ambiguous (localhost:3128 is a URL of scheme "localhost:").
 */
export function proxyProblem(env: NodeJS.ProcessEnv): string | undefined {
    const proxy = sdkProxyVariable(env);
    if (proxy === undefined) return undefined;
    let url: URL | undefined;
    try {
        url = new URL(proxy.value);
    } catch {
        url = undefined;
    }
    if (url !== undefined && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") return undefined;
    return `${proxy.name}: must be a URL starting http:// or https://, as the Azure SDK reads it; write it as http://host:port (user:password@ before the host if the proxy asks for them)`;
}
