import { identityEnvironmentProblems, proxyProblem, sdkProxyVariable } from "../../verification/command-environment";

const RULE = "must be a URL starting http:// or https://, as the Azure SDK reads it; write it as http://host:port (user:password@ before the host if the proxy asks for them)";

describe("the proxy variable the Azure SDK reads", () => {
    test("is the first set of HTTPS_PROXY, ALL_PROXY and HTTP_PROXY, each in upper case before lower, an empty value counting as unset", () => {
        expect(sdkProxyVariable({})).toBeUndefined();
        expect(sdkProxyVariable({ HTTP_PROXY: "http://h:1", ALL_PROXY: "http://a:1", https_proxy: "http://s:1" })).toEqual({ name: "https_proxy", value: "http://s:1" });
        expect(sdkProxyVariable({ HTTPS_PROXY: "http://S:1", https_proxy: "http://s:1" })).toEqual({ name: "HTTPS_PROXY", value: "http://S:1" });
        expect(sdkProxyVariable({ HTTPS_PROXY: "", https_proxy: "", all_proxy: "http://a:1", HTTP_PROXY: "http://h:1" })).toEqual({ name: "all_proxy", value: "http://a:1" });
        expect(sdkProxyVariable({ http_proxy: "http://h:1" })).toEqual({ name: "http_proxy", value: "http://h:1" });
    });

    test.each(["http://127.0.0.1:3128", "https://proxy.corp.example:8443", "http://user:p%40ss@proxy:3128", "http://[::1]:3128/"])("%s is taken", (value) => {
        expect(proxyProblem({ HTTPS_PROXY: value })).toBeUndefined();
    });

    test.each([
        ["a host and port without a scheme", "127.0.0.1:3128"],
        ["a host name and port, which URL reads as the scheme localhost:", "localhost:3128"],
        ["a user and password without a scheme", "user:s3cret@proxy:3128"],
        ["a SOCKS proxy, which the SDK does not speak", "socks5://127.0.0.1:1080"],
        ["a scheme without a host", "http://"],
    ])("%s is refused naming the variable and the rule, not its value", (_what, value) => {
        expect(proxyProblem({ HTTPS_PROXY: value })).toBe(`HTTPS_PROXY: ${RULE}`);
        expect(proxyProblem({ http_proxy: value })).toBe(`http_proxy: ${RULE}`);
    });

    test("a variable the SDK does not read, behind one it does, is left alone", () => {
        expect(proxyProblem({ HTTPS_PROXY: "http://proxy:3128", HTTP_PROXY: "proxy:3128" })).toBeUndefined();
        expect(proxyProblem({})).toBeUndefined();
    });
});

describe("the sign-in variables @azure/identity would drop a credential for", () => {
    const AUTHORITY = "AZURE_AUTHORITY_HOST: must be the cloud's sign-in host as an https URL, such as https://login.microsoftonline.com (https://login.microsoftonline.us, https://login.chinacloudapi.cn); @azure/identity signs in with no other";
    const TENANT = "AZURE_TENANT_ID: must be the tenant's id (a GUID) or one of its domains, such as contoso.onmicrosoft.com: letters, digits, hyphens and dots only; @azure/identity leaves out the environment's credential otherwise";
    const SECRET = "Client-Secret-Never-Shown";

    test.each(["http://login.microsoftonline.com", "login.microsoftonline.com", "not a url", "https://", "HTTPS://login.microsoftonline.com", " https://login.microsoftonline.com"])("AZURE_AUTHORITY_HOST %j is refused for every credential", (host) => {
        const env = { AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47", AZURE_CLIENT_ID: "0b2a4c7e-1111-4222-8333-944455556666", AZURE_CLIENT_SECRET: SECRET, AZURE_AUTHORITY_HOST: host };
        expect(identityEnvironmentProblems(env, { defaultCredential: true })).toEqual([AUTHORITY]);
        expect(identityEnvironmentProblems(env, { defaultCredential: false })).toEqual([AUTHORITY]);
    });

    test.each(["not a tenant!", "contoso.onmicrosoft.com/", "{72f988bf-86f1-41af-91ab-2d7cd011db47}", " 72f988bf-86f1-41af-91ab-2d7cd011db47"])("AZURE_TENANT_ID %j is refused where DefaultAzureCredential reads it", (tenantId) => {
        const env = { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: "0b2a4c7e-1111-4222-8333-944455556666", AZURE_CLIENT_SECRET: SECRET };
        expect(identityEnvironmentProblems(env, { defaultCredential: true })).toEqual([TENANT]);
        // With --tenant-id and a certificate the environment's tenant is not read.
        expect(identityEnvironmentProblems(env, { defaultCredential: false })).toEqual([]);
    });

    test("both at once are both named, and no value is echoed", () => {
        const problems = identityEnvironmentProblems({ AZURE_TENANT_ID: "x y", AZURE_CLIENT_SECRET: SECRET, AZURE_AUTHORITY_HOST: `http://user:${SECRET}@login` }, { defaultCredential: true });
        expect(problems).toEqual([AUTHORITY, TENANT]);
        expect(problems.join("\n")).not.toContain(SECRET);
    });

    test.each([
        ["nothing set", {}],
        ["the public cloud's host, with a trailing slash", { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/" }],
        ["a tenant's id", { AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47" }],
        ["a domain", { AZURE_TENANT_ID: "contoso.onmicrosoft.com" }],
        ["empty values, which identity treats as unset", { AZURE_TENANT_ID: "", AZURE_AUTHORITY_HOST: "" }],
    ])("%s: no problem", (_what, env) => {
        expect(identityEnvironmentProblems(env, { defaultCredential: true })).toEqual([]);
    });
});
