import { proxyProblem, sdkProxyVariable } from "../../verification/command-environment";

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
