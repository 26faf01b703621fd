import { STATUS_CODES } from "node:http";
import { isRestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { NetworkError, ThrottledError, UnexpectedError, VaultNotFoundError } from "./errors";
import { vaultHostOf } from "./key-id";

/**
 * Key Vault throttles per vault (per region) per 10 s window and says how long to wait in
 * `Retry-After`. A gate per vault host makes every request to that vault wait out the latest
 * Retry-After, so one 429 slows the whole fleet's traffic to that vault instead of each request
 * learning it alone, and bounds how many keys of one vault are checked at once.
 */
export class VaultGate {
    private resumeAt = 0;
    private active = 0;
    private readonly waiting: (() => void)[] = [];
    /** Requests sent to this vault, including the bodiless 401 challenge round. */
    requests = 0;
    /** When waiting for this vault's role assignments ends (Date.now() ms), once a refusal started it: one deadline for all its keys. */
    accessDeadline?: number;
    /** The tenant the vault's 401 challenge named (Key Vault names it by its lower-case id): the one its tokens must come from. */
    tenant?: string;
    throttled = 0;

    constructor(
        readonly host: string,
        readonly maxConcurrentKeys: number,
    ) {}

    /** Resolves once no Retry-After is pending. */
    async ready(): Promise<void> {
        for (;;) {
            const wait = this.resumeAt - Date.now();
            if (wait <= 0) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
    }

    pause(ms: number): void {
        this.throttled++;
        this.resumeAt = Math.max(this.resumeAt, Date.now() + ms);
    }

    /** Runs `task` holding one of this vault's key slots. */
    async withSlot<T>(task: () => Promise<T>): Promise<T> {
        if (this.active >= this.maxConcurrentKeys) {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        } else {
            this.active++;
        }
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) {
                next();
            } else {
                this.active--;
            }
        }
    }
}

export class VaultGates {
    private readonly gates = new Map<string, VaultGate>();

    constructor(readonly maxConcurrentKeysPerVault = 4) {}

    get(host: string): VaultGate {
        const key = host.toLowerCase();
        let gate = this.gates.get(key);
        if (!gate) {
            gate = new VaultGate(key, this.maxConcurrentKeysPerVault);
            this.gates.set(key, gate);
        }
        return gate;
    }

    all(): VaultGate[] {
        return [...this.gates.values()];
    }
}

/** Milliseconds to wait from a 429/503 answer: retry-after-ms, x-ms-retry-after-ms, or Retry-After (seconds or HTTP date). */
export function retryAfterMs(response: PipelineResponse, fallbackMs = 1000): number {
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const value = Number(response.headers.get(name));
        if (response.headers.has(name) && Number.isFinite(value)) {
            return Math.max(0, value);
        }
    }
    const header = response.headers.get("retry-after");
    if (header) {
        const seconds = Number(header);
        if (Number.isFinite(seconds)) {
            return Math.max(0, seconds * 1000);
        }
        const date = Date.parse(header);
        if (Number.isFinite(date)) {
            return Math.max(0, date - Date.now());
        }
    }
    return fallbackMs;
}

export const vaultGatePolicyName = "verificationVaultGate";

/** The tenant a Bearer challenge's authorization URI names (`authorization="https://login.microsoftonline.com/<tenant>"`). */
export function challengeTenant(header: string | undefined): string | undefined {
    const tenant = /\bauthorization(?:_uri)?="?https:\/\/[^/\s",]+\/([^/\s",]+)/i.exec(header ?? "")?.[1];
    // A continuous-access-evaluation challenge (a token revoked mid-run) points at "common", which names no tenant.
    return tenant === undefined || /^(common|organizations|consumers)$/i.test(tenant) ? undefined : tenant;
}

/** The challenge parameters @azure/keyvault-common's parser knows, spelled as it matches them (exactly). */
const SDK_CHALLENGE_PARAMS = ["authorization", "authorization_url", "resource", "scope", "tenantId", "claims", "error"];
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const CHALLENGE = new RegExp(`^\\s*(${TOKEN})\\s+`);
const AUTH_PARAM = new RegExp(`^[\\s,]*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))\\s*(?:,|$)`);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A 401 challenge respelled as @azure/keyvault-common 2.1's parser reads it: that parser splits
 * parameters on ", " only (RFC 7235 allows any whitespace around the comma, or none), takes the
 * authorization URL's whole path as the tenant (so a trailing slash or `/oauth2/authorize` rides
 * along), and @azure/identity compares that tenant case-sensitively. So: `", "` between quoted
 * parameters, parameter names as the SDK spells them, the authorization URL cut to its origin and
 * first path segment, a GUID tenant in lower case (Key Vault's own spelling). Other parameters,
 * CAE's `error` and `claims` among them, keep their values. A header that is not one challenge of
 * auth-params is returned as it came.
 */
export function normalizeChallenge(header: string): string {
    const scheme = CHALLENGE.exec(header);
    if (!scheme) return header;
    const params: string[] = [];
    let rest = header.slice(scheme[0].length);
    while (rest.trim() !== "") {
        const param = AUTH_PARAM.exec(rest);
        if (!param) return header;
        rest = rest.slice(param[0].length);
        const name = SDK_CHALLENGE_PARAMS.find((known) => known.toLowerCase() === param[1].toLowerCase()) ?? param[1];
        let value = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : (param[3] ?? "");
        // The one URL the SDK takes a tenant from; authorization_uri (a CAE challenge's) it ignores.
        if (name === "authorization") value = authorizationUrl(value);
        params.push(`${name}="${value.replace(/["\\]/g, "\\$&")}"`);
    }
    return `${scheme[1]} ${params.join(", ")}`;
}

/** An authorization URL as origin and tenant (`https://login.microsoftonline.com/<tenant>`), a GUID tenant lower-cased; a value that is no URL as it came. */
function authorizationUrl(value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return value;
    }
    const tenant = url.pathname.split("/").find((segment) => segment !== "");
    if (tenant === undefined) return value;
    return `${url.origin}/${GUID.test(tenant) ? tenant.toLowerCase() : tenant}`;
}

/** How long one request may go unanswered: Key Vault answers in milliseconds, so a minute is a vault or a path that hangs. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** The longest Retry-After verify waits out: Key Vault's throttling window is 10 s, so an hour's wait is a stuck run, not a throttle. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Keeps a client's requests, and the token they carry, on the one vault it was made for: a
 * `nextLink` or a key id naming another host is refused, never followed with the token.
 */
export function ownVaultPolicy(host: string): PipelinePolicy {
    const own = host.toLowerCase();
    return {
        name: "verificationOwnVault",
        async sendRequest(request, next) {
            const url = new URL(request.url);
            const target = vaultHostOf(url);
            if (target !== own) {
                throw new UnexpectedError({ vault: own }, `${own} pointed a request at ${target} (${url.pathname}); verify sends its token to the key's own vault only`);
            }
            return next(request);
        },
    };
}

function isJsonObject(text: string | undefined): boolean {
    try {
        const parsed: unknown = JSON.parse(text ?? "");
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    } catch {
        return false;
    }
}

/** Whether a body is Key Vault's error shape, `{ "error": { ... } }`: the REST spec makes each of its members optional. */
function isKeyVaultErrorBody(text: string | undefined): boolean {
    if (!text) return false;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return false;
    }
    if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return false;
    const error: unknown = parsed.error;
    return typeof error === "object" && error !== null && !Array.isArray(error);
}

/** Key Vault's error bodies, by the request each answered (see `errorBodyOf`). */
const errorBodies = new WeakMap<PipelineRequest, unknown>();

/**
 * The error body Key Vault answered a request with, when it went through a gate. The SDK's paging
 * (a key's version listing) throws a RestError with no `details`, which would lose the body's
 * inner code (ForbiddenByRbac, ForbiddenByPolicy); the error still carries its request.
 */
export function errorBodyOf(request: PipelineRequest | undefined): unknown {
    return request ? errorBodies.get(request) : undefined;
}

/**
 * A per-retry pipeline policy: waits out the vault's pending Retry-After before each attempt,
 * records a new one from a 429, and turns "this name does not resolve" (ENOTFOUND, or a proxy's
 * own 5xx with neither Key Vault's headers nor its error body) into VaultNotFoundError at once,
 * since retrying a missing DNS name only delays the answer.
 *
 * An error answered with no body (Managed HSM and Azure's front ends send some) gets Key Vault's
 * error shape, coded by its HTTP status: the SDK reads `error` from every error body, and without
 * one it throws a TypeError that hides the status (so a 429 or 503 would not be known as such).
 */
export function vaultGatePolicy(gates: VaultGates, limits: { requestTimeoutMs?: number; maxRetryAfterMs?: number } = {}): PipelinePolicy {
    const timeoutMs = limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const maxRetryAfter = limits.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
    return {
        name: vaultGatePolicyName,
        async sendRequest(request, next) {
            // Keyed as verifyKey keys the vault's gate (its port kept), so the challenge's tenant lands where the run reads it.
            const host = vaultHostOf(new URL(request.url));
            const gate = gates.get(host);
            await gate.ready();
            gate.requests++;
            let response: PipelineResponse;
            // A deadline of its own, cleared whatever happens (the client's own `timeout` outlives a failed request).
            const caller = request.abortSignal;
            const deadline = new AbortController();
            const forward = () => deadline.abort();
            caller?.addEventListener("abort", forward);
            const timer = setTimeout(forward, timeoutMs);
            request.abortSignal = deadline.signal;
            try {
                response = await next(request);
            } catch (error) {
                if (isRestError(error) && error.code === "ENOTFOUND") {
                    throw new VaultNotFoundError({ vault: host }, "does not resolve in DNS");
                }
                if (deadline.signal.aborted && !caller?.aborted) {
                    throw new NetworkError({ vault: host }, `no answer to ${request.method} ${new URL(request.url).pathname} within ${timeoutMs / 1000} s`);
                }
                throw error;
            } finally {
                clearTimeout(timer);
                caller?.removeEventListener("abort", forward);
                request.abortSignal = caller;
            }
            if (response.status === 429) {
                gate.pause(retryAfterMs(response));
            }
            const challenge = response.status === 401 ? response.headers.get("www-authenticate") : undefined;
            if (challenge !== undefined) {
                // Before the SDK's challenge policy, which reads only its own spelling, sees it.
                response.headers.set("www-authenticate", normalizeChallenge(challenge));
                gate.tenant = challengeTenant(response.headers.get("www-authenticate")) ?? gate.tenant;
            }
            const fromKeyVault = response.headers.has("x-ms-keyvault-service-version") || response.headers.has("x-ms-request-id") || isKeyVaultErrorBody(response.bodyAsText ?? undefined);
            if (response.status >= 500 && !fromKeyVault) {
                throw new VaultNotFoundError(
                    { vault: host, status: response.status },
                    `was not reached: a proxy answered ${response.status} instead of Key Vault (the name does not resolve or cannot be reached)`,
                );
            }
            // After the proxy check: a proxy's 503 with a long Retry-After is the proxy's, not throttling.
            if (response.status === 429 || response.status === 503) {
                const wait = retryAfterMs(response, 0);
                if (wait > maxRetryAfter) {
                    throw new ThrottledError({ vault: host }, 1, `asked to wait ${Math.round(wait / 1000)} s (Retry-After), longer than verify waits (${maxRetryAfter / 1000} s)`);
                }
            }
            // Key Vault never redirects; following one would take the request, and perhaps the token, elsewhere.
            if (response.status >= 300 && response.status < 400) {
                throw new UnexpectedError({ vault: host }, `${host} answered ${response.status} to ${request.method} ${new URL(request.url).pathname}, a redirect${response.headers.get("location") ? ` to ${response.headers.get("location")}` : ""}; Key Vault does not redirect, and verify follows none`);
            }
            // Every Key Vault answer that succeeds carries a JSON object; anything else would surface as the SDK's TypeError.
            if (response.status >= 200 && response.status < 300 && !isJsonObject(response.bodyAsText ?? undefined)) {
                const type = response.headers.get("content-type") ?? "no content type";
                throw new UnexpectedError({ vault: host }, `${host} answered ${response.status} to ${request.method} ${new URL(request.url).pathname} with ${response.bodyAsText ? `a body that is not Key Vault's JSON (${type})` : "no body"}`);
            }
            if (response.status >= 400 && !response.bodyAsText) {
                const reason = STATUS_CODES[response.status] ?? "Error";
                response.bodyAsText = JSON.stringify({ error: { code: reason.replace(/[^A-Za-z]/g, ""), message: `The vault answered ${response.status} ${reason} with no body.` } });
                response.headers.set("content-type", "application/json; charset=utf-8");
            }
            // Each attempt's own: a retried request keeps its object, and an earlier attempt's body is no answer to this one.
            if (response.status >= 400 && isKeyVaultErrorBody(response.bodyAsText ?? undefined)) {
                errorBodies.set(request, JSON.parse(response.bodyAsText as string));
            } else {
                errorBodies.delete(request);
            }
            return response;
        },
    };
}
