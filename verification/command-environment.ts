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

/**
 * Why @azure/identity would drop or refuse the credential the environment configures, if it
 * would. DefaultAzureCredential builds each credential in a try and keeps a failed one as
 * "unavailable", its reason only in the SDK's log, so a run reports "none configured" beside the
 * very variables it asks for: identity refuses a sign-in host that is not https (IdentityClient,
 * for every credential; ClientCertificateCredential throws it out of its constructor) and an
 * AZURE_TENANT_ID with other characters than letters, digits, hyphens and dots (checkTenantId),
 * which EnvironmentCredential checks whenever the variable is set. `defaultCredential`: whether
 * DefaultAzureCredential will read AZURE_TENANT_ID (no --tenant-id and certificate given).
 */
export function identityEnvironmentProblems(env: NodeJS.ProcessEnv, { defaultCredential }: { defaultCredential: boolean }): string[] {
    const problems: string[] = [];
    const authorityHost = env.AZURE_AUTHORITY_HOST;
    if (authorityHost) {
        let url: URL | undefined;
        try {
            url = new URL(authorityHost);
        } catch {
            url = undefined;
        }
        // identity tests the text as written (startsWith "https:"): URL would forgive an upper-case scheme or a leading space.
        if (!authorityHost.startsWith("https:") || url?.protocol !== "https:" || url.hostname === "") {
            problems.push("AZURE_AUTHORITY_HOST: must be the cloud's sign-in host as an https URL, such as https://login.microsoftonline.com (https://login.microsoftonline.us, https://login.chinacloudapi.cn); @azure/identity signs in with no other");
        }
    }
    const tenantId = env.AZURE_TENANT_ID;
    if (defaultCredential && tenantId && !/^[0-9a-zA-Z.-]+$/.test(tenantId)) {
        problems.push("AZURE_TENANT_ID: must be the tenant's id (a GUID) or one of its domains, such as contoso.onmicrosoft.com: letters, digits, hyphens and dots only; @azure/identity leaves out the environment's credential otherwise");
    }
    return problems;
}
