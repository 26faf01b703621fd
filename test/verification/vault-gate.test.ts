import type { GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, createPipelineRequest, RestError, type PipelinePolicy, type PipelineResponse } from "@azure/core-rest-pipeline";
import { ClientCertificateCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { normalizeChallenge, retryAfterMs, VaultGates, vaultGatePolicy, VaultNotFoundError } from "../../verification";
import { errorBodyOf } from "../../verification/vault-gate";
import { vaultHostOf } from "../../verification/key-id";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { startFixture, stopFixture, type Fixture } from "./fixture";

function response(status: number, headers: Record<string, string>): PipelineResponse {
    const request = createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k" });
    return { request, status, headers: createHttpHeaders(headers) };
}

test("reads Retry-After in seconds, retry-after-ms, and an HTTP date", () => {
    expect(retryAfterMs(response(429, { "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(response(429, { "retry-after-ms": "250" }))).toBe(250);
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryAfterMs(response(429, { "retry-after": inTwoSeconds }))).toBeGreaterThan(900);
    expect(retryAfterMs(response(429, {}), 1234)).toBe(1234);
});

test("a 429 pauses every later request to the same vault until Retry-After has passed", async () => {
    const gates = new VaultGates();
    const policy = vaultGatePolicy(gates);
    const sent: number[] = [];
    let first = true;
    const next = async (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> => {
        sent.push(Date.now());
        const status = first ? 429 : 200;
        first = false;
        return { request, status, headers: createHttpHeaders(status === 429 ? { "retry-after-ms": "300", "x-ms-request-id": "r" } : { "x-ms-request-id": "r" }), bodyAsText: status === 429 ? undefined : "{\"key\":{}}" };
    };
    const request = (): ReturnType<typeof createPipelineRequest> => createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k" });
    await policy.sendRequest(request(), next);
    await Promise.all([policy.sendRequest(request(), next), policy.sendRequest(request(), next)]);
    expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(290);
    expect(sent[2] - sent[0]).toBeGreaterThanOrEqual(290);
    expect(gates.get("kv-unit.vault.azure.net").throttled).toBe(1);
    // Another vault is not held back.
    const other = Date.now();
    await policy.sendRequest(createPipelineRequest({ url: "https://kv-other.vault.azure.net/keys/k" }), next);
    expect(Date.now() - other).toBeLessThan(100);
});

test("a vault name that does not resolve (ENOTFOUND) is VaultNotFound at once, not retried", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const next = async (): Promise<PipelineResponse> => {
        throw new RestError("getaddrinfo ENOTFOUND kv-gone.vault.azure.net", { code: "ENOTFOUND" });
    };
    const sending = policy.sendRequest(createPipelineRequest({ url: "https://kv-gone.vault.azure.net/keys/k" }), next);
    await expect(sending).rejects.toBeInstanceOf(VaultNotFoundError);
    await expect(sending).rejects.toThrow("Vault not found: kv-gone.vault.azure.net does not resolve in DNS.");
});

test("a 5xx with Key Vault's error body is the vault's answer even without its headers; one with neither is a proxy's", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const answer = (status: number, headers: Record<string, string>, bodyAsText: string) => async (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> => ({ request, status, headers: createHttpHeaders(headers), bodyAsText });
    const request = () => createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k" });
    const fromVault = await policy.sendRequest(request(), answer(500, { "content-type": "application/json" }, JSON.stringify({ error: { code: "InternalServerError", message: "boom" } })));
    expect(fromVault.status).toBe(500);
    await expect(policy.sendRequest(request(), answer(502, { "content-type": "text/html" }, "<html>Bad Gateway</html>"))).rejects.toBeInstanceOf(VaultNotFoundError);
});

test("an error with no body gets Key Vault's error shape coded by its status, so the SDK raises it with the status", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const next = async (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> => ({ request, status: 503, headers: createHttpHeaders({ "x-ms-request-id": "r", "content-length": "0" }), bodyAsText: "" });
    const answered = await policy.sendRequest(createPipelineRequest({ url: "https://hsm-unit.managedhsm.azure.net/keys/k" }), next);
    expect(JSON.parse(answered.bodyAsText ?? "")).toEqual({ error: { code: "ServiceUnavailable", message: "The vault answered 503 Service Unavailable with no body." } });
    expect(answered.headers.get("content-type")).toBe("application/json; charset=utf-8");
    // A success with Key Vault's JSON is left as it came.
    const ok = await policy.sendRequest(createPipelineRequest({ url: "https://hsm-unit.managedhsm.azure.net/keys/k" }), async (request) => ({ request, status: 200, headers: createHttpHeaders({ "x-ms-request-id": "r" }), bodyAsText: "{\"key\":{}}" }));
    expect(ok.bodyAsText).toBe("{\"key\":{}}");
});

test("a success without Key Vault's JSON is refused by name, where the SDK would fail on it with a TypeError", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const answer = (status: number, headers: Record<string, string>, bodyAsText?: string) => policy.sendRequest(
        createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k/encrypt", method: "POST" }),
        async (request) => ({ request, status, headers: createHttpHeaders({ "x-ms-request-id": "r", ...headers }), bodyAsText }),
    );
    await expect(answer(204, {})).rejects.toThrow("Unexpected error: kv-unit.vault.azure.net answered 204 to POST /keys/k/encrypt with no body.");
    await expect(answer(200, { "content-type": "text/html" }, "<html>Sign in</html>")).rejects.toThrow(
        "Unexpected error: kv-unit.vault.azure.net answered 200 to POST /keys/k/encrypt with a body that is not Key Vault's JSON (text/html).",
    );
    await expect(answer(202, { "content-type": "application/json" }, "[]")).rejects.toThrow(/answered 202 to POST \/keys\/k\/encrypt with a body that is not Key Vault's JSON/);
});

test("a redirect is refused by name, never followed: Key Vault does not redirect", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const sending = policy.sendRequest(createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k" }), async (request) => ({ request, status: 302, headers: createHttpHeaders({ location: "https://elsewhere.example.net/keys/k" }) }));
    await expect(sending).rejects.toThrow("Unexpected error: kv-unit.vault.azure.net answered 302 to GET /keys/k, a redirect to https://elsewhere.example.net/keys/k; Key Vault does not redirect, and verify follows none.");
});

test("a proxy's 503 with a long Retry-After is the proxy's answer, not throttling", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const sending = policy.sendRequest(createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k" }), async (request) => ({ request, status: 503, headers: createHttpHeaders({ "retry-after": "3600", "content-type": "text/html" }), bodyAsText: "<html>Service Unavailable</html>" }));
    await expect(sending).rejects.toBeInstanceOf(VaultNotFoundError);
});

test("a request to a host on a port of its own is that host:port's gate, as vaultHostOf keys it, and its challenge's tenant is kept there (key ids with a port are refused by parseKeyId)", async () => {
    const gates = new VaultGates();
    const policy = vaultGatePolicy(gates);
    const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const next = async (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> => ({
        request,
        status: 401,
        headers: createHttpHeaders({ "www-authenticate": `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="https://vault.azure.net"`, "x-ms-request-id": "r" }),
        bodyAsText: JSON.stringify({ error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } }),
    });
    const keyId = "https://kv-port.vault.azure.net:8443/keys/k";
    await policy.sendRequest(createPipelineRequest({ url: keyId }), next);
    const gate = gates.get(vaultHostOf(new URL(keyId)));
    expect([gate.host, gate.requests, gate.tenant]).toEqual(["kv-port.vault.azure.net:8443", 1, tenant]);
    // The same name on 443 is another vault (lowkey-vault serves one vault per port).
    expect(gates.get("kv-port.vault.azure.net").requests).toBe(0);
});

test("a continuous-access-evaluation challenge, which names the \"common\" endpoint, keeps the tenant the vault's first challenge named", async () => {
    // Microsoft's claims-challenge docs; the same header in @azure/keyvault-common's CAE tests.
    const gates = new VaultGates();
    const policy = vaultGatePolicy(gates);
    const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const keyId = "https://kv-cae.vault.azure.net/keys/k";
    const send = (challenge: string) => policy.sendRequest(createPipelineRequest({ url: keyId }), async (request) => ({ request, status: 401, headers: createHttpHeaders({ "www-authenticate": challenge, "x-ms-request-id": "r" }), bodyAsText: "" }));
    await send(`Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="https://vault.azure.net"`);
    await send('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="');
    expect(gates.get("kv-cae.vault.azure.net").tenant).toBe(tenant);
});

describe("a 401 challenge in any legal spelling reaches the SDK's challenge policy in the one it reads", () => {
    const tenant = "0b6d8e4f-3c21-4a7e-9f10-2d3c4b5a6978";
    const keyVault = `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="https://vault.azure.net"`;
    const spellings: [string, (t: string) => string][] = [
        ["the tenant GUID in upper case", (t) => `Bearer authorization="https://login.microsoftonline.com/${t.toUpperCase()}", resource="https://vault.azure.net"`],
        ["an authorization URL with a trailing slash", (t) => `Bearer authorization="https://login.microsoftonline.com/${t}/", resource="https://vault.azure.net"`],
        ["an authorization URL with the endpoint's path", (t) => `Bearer authorization="https://login.microsoftonline.com/${t}/oauth2/authorize", resource="https://vault.azure.net"`],
        ["parameters with no space after the comma", (t) => `Bearer authorization="https://login.microsoftonline.com/${t}",resource="https://vault.azure.net"`],
        ["whitespace around the comma and '=', and a parameter name in another case", (t) => `Bearer Authorization = "https://login.microsoftonline.com/${t}" ,\tresource="https://vault.azure.net"`],
    ];
    const cae = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNzI2MjU4MTIyIn19fQ=="';

    test.each(spellings)("%s is respelled as Key Vault spells it", (_title, spell) => {
        expect(normalizeChallenge(spell(tenant))).toBe(keyVault);
    });

    test("Key Vault's own challenge, a Managed HSM's and a CAE claims challenge are left as they came, as is a header of two challenges", () => {
        const hsm = `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="https://managedhsm.azure.net"`;
        const two = `Bearer authorization="https://login.microsoftonline.com/${tenant}", resource="https://vault.azure.net", PoP nonce="abc"`;
        for (const header of [keyVault, hsm, cae, two]) {
            expect(normalizeChallenge(header)).toBe(header);
        }
        // Without the space after each comma, the CAE challenge keeps its error and claims too.
        expect(normalizeChallenge(cae.replace(/, /g, ","))).toBe(cae);
    });

    describe("against the stand-in, through the SDK's challenge policy and @azure/identity", () => {
        let fx: Fixture;
        beforeAll(async () => {
            fx = await startFixture("kv-challenge");
        });
        afterAll(async () => {
            await stopFixture(fx);
        });

        /** A vault that answers as the stand-in does but spells its challenge another way: nearer the wire than the gate, as a server's header is. */
        const respelling = (spell: (header: string) => string): PipelinePolicy => ({
            name: "respellChallenge",
            async sendRequest(request, next) {
                const response = await next(request);
                const header = response.headers.get("www-authenticate");
                if (header) response.headers.set("www-authenticate", spell(header));
                return response;
            },
        });
        const client = (credential: TokenCredential, ...policies: PipelinePolicy[]) =>
            new KeyClient(fx.vault.url, credential, { retryOptions: { maxRetries: 0 }, additionalPolicies: policies.map((policy) => ({ policy, position: "perRetry" as const })) });
        const certificate = () => new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });

        test.each(spellings)("%s: the key is read with a token from the vault's tenant", async (_title, spell) => {
            const gates = new VaultGates();
            const respell = respelling((header) => header.replace(/^[\s\S]*$/, spell(fx.tenantId)));
            const read = await client(certificate(), vaultGatePolicy(gates), respell).getKey("backup-key");
            expect(read.name).toBe("backup-key");
            expect(gates.get(fx.vault.host).tenant).toBe(fx.tenantId.toLowerCase());
        });

        test.each([
            ["as Key Vault spells it", cae],
            ["with no space after its commas", cae.replace(/, /g, ",")],
        ])("a CAE claims challenge (%s) after the token was taken still gets a token with those claims, and the request through", async (_title, challenge) => {
            const asked: GetTokenOptions[] = [];
            const inner = certificate();
            const recording: TokenCredential = { getToken: (scopes, options) => { asked.push(options ?? {}); return inner.getToken(scopes, options); } };
            let revoke = false;
            const revoking: PipelinePolicy = {
                name: "revokeOnce",
                async sendRequest(request, next) {
                    if (!revoke) return next(request);
                    revoke = false;
                    return { request, status: 401, headers: createHttpHeaders({ "www-authenticate": challenge, "x-ms-request-id": "r" }), bodyAsText: JSON.stringify({ error: { code: "Unauthorized", message: "AKV10013: The token was revoked." } }) };
                },
            };
            const keys = client(recording, vaultGatePolicy(new VaultGates()), revoking);
            await keys.getKey("backup-key");
            revoke = true;
            expect((await keys.getKey("backup-key")).name).toBe("backup-key");
            expect(revoke).toBe(false);
            expect(asked.map((o) => o.claims)).toEqual([undefined, '{"access_token":{"nbf":{"essential":true,"value":"1726258122"}}}']);
        });
    });
});

test("a request's Key Vault error body is kept for its error, and forgotten when a retry of it is answered otherwise", async () => {
    const policy = vaultGatePolicy(new VaultGates());
    const request = createPipelineRequest({ url: "https://kv-unit.vault.azure.net/keys/k/versions" });
    const body = { error: { code: "Forbidden", message: "no list", innererror: { code: "AccessDenied" } } };
    const answer = (status: number, bodyAsText: string) => async (): Promise<PipelineResponse> => ({ request, status, headers: createHttpHeaders({ "content-type": "application/json", "x-ms-request-id": "r" }), bodyAsText });
    await policy.sendRequest(request, answer(403, JSON.stringify(body)));
    expect(errorBodyOf(request)).toEqual(body);
    // The SDK's retry policy sends the same request object again.
    await policy.sendRequest(request, answer(200, "{\"value\":[]}"));
    expect(errorBodyOf(request)).toBeUndefined();
});
