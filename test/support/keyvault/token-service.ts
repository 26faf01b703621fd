import * as crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { b64url, decodeJwt, isRecord, signRs256, verifySignature, type JwtClaims } from "./jwt";

/** The Entra ID host the SDK talks to; the stand-in answers for it through the proxy. */
export const LOGIN_HOST = "login.microsoftonline.com";
export const VAULT_RESOURCE = "https://vault.azure.net";
/** Managed HSM pools take tokens for their own resource, which their 401 challenge names. */
export const MANAGED_HSM_RESOURCE = "https://managedhsm.azure.net";

/** An app registration with its service principal, as Entra ID holds it. */
export interface Application {
    tenantId: string;
    clientId: string;
    /** The service principal's object id: what RBAC role assignments name. */
    objectId: string;
    displayName: string;
    secret?: string;
    certificate?: crypto.X509Certificate;
}

export interface RegisterApplicationOptions {
    tenantId: string;
    displayName: string;
    clientId?: string;
    objectId?: string;
    secret?: string;
    /** PEM of the certificate uploaded to the app registration (public part only is used). */
    certificatePem?: string;
}

/** What the vault learns from a valid bearer token. */
export interface TokenPrincipal {
    tenantId: string;
    objectId: string;
    appId: string;
}

interface TokenError {
    status: number;
    error: string;
    aadsts: number;
    description: string;
}

/**
 * A stand-in for the Entra ID endpoints MSAL calls for the client-credentials flow: instance
 * discovery, the tenant's OpenID configuration, and the v2.0 token endpoint. Tokens are RS256
 * JWTs signed with a key only this stand-in holds, so the vault can reject anything it did not issue.
 */
export class TokenService {
    private readonly signingKey: crypto.KeyObject;
    readonly verificationKey: crypto.KeyObject;
    private readonly keyId = crypto.randomBytes(8).toString("hex");
    private readonly applications = new Map<string, Application>();
    /** Each tenant's domains (contoso.onmicrosoft.com), lower-case, to the tenant's id: sign-in takes either. */
    private readonly domains = new Map<string, string>();
    /** Token requests served, for tests that count them. */
    readonly issued: { clientId: string; tenantId: string; scope: string; method: "secret" | "certificate" }[] = [];
    tokenLifetimeSeconds = 3600;
    /**
     * Token requests the endpoint answers from now on; each one after is read and never answered, as
     * when egress to the sign-in host is silently dropped or a proxy accepts CONNECT and forwards
     * nothing (the connection stays open until the stand-in closes). Discovery is still answered.
     */
    answerTokenRequests = Number.POSITIVE_INFINITY;

    constructor() {
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        this.signingKey = privateKey;
        this.verificationKey = publicKey;
    }

    registerApplication(options: RegisterApplicationOptions): Application {
        const app: Application = {
            tenantId: options.tenantId,
            clientId: options.clientId ?? crypto.randomUUID(),
            objectId: options.objectId ?? crypto.randomUUID(),
            displayName: options.displayName,
            secret: options.secret,
            certificate: options.certificatePem ? new crypto.X509Certificate(options.certificatePem) : undefined,
        };
        this.applications.set(app.clientId, app);
        return app;
    }

    /** Gives a tenant a domain, which the sign-in endpoints then take in place of its id (as Entra ID's do). */
    addTenantDomain(tenantId: string, domain: string): void {
        this.domains.set(domain.toLowerCase(), tenantId.toLowerCase());
    }

    /**
     * The tenant id a sign-in path names: a GUID in any case, as Entra ID reads it (its tokens carry
     * it lower-case), or one of a tenant's domains; undefined for a domain no tenant has.
     */
    resolveTenant(segment: string): string | undefined {
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)) return segment.toLowerCase();
        return this.domains.get(segment.toLowerCase());
    }

    /**
     * Validates a bearer token the way Key Vault does: signature, lifetime, audience (the vault's or
     * the pool's resource), tenant. Each refusal is worded as Key Vault's 401 body words it, as
     * reported from the service: AKV10046 for a signing key Entra ID does not publish
     * (terraform-provider-azurerm#30912), `[TokenExpired] ... 'S2S12086'` for an expired token
     * (azure-sdk-for-python#27266), AKV10022 audience and AKV10032 issuer (azure-docs#75410).
     */
    validateAccessToken(token: string, expectedTenant: string, expectedAudience = VAULT_RESOURCE): TokenPrincipal | { error: string } {
        let jwt;
        try {
            jwt = decodeJwt(token);
        } catch {
            // Key Vault's words for a token that is no JWT at all are not on record: no AKV code is claimed for them.
            return { error: "Invalid token: not a JWT." };
        }
        // A bad signature under a key Entra ID does publish is not on record either; it is answered as an unknown key.
        if (jwt.header.kid !== this.keyId || !verifySignature(jwt, this.verificationKey)) {
            return { error: "AKV10046: Unable to resolve the key used for signature validation." };
        }
        const claims = jwt.payload;
        const now = Math.floor(Date.now() / 1000);
        if (typeof claims.exp !== "number" || claims.exp <= now) {
            return { error: "[TokenExpired] Error validating token: 'S2S12086'." };
        }
        if (claims.aud !== expectedAudience) {
            return { error: `AKV10022: Invalid audience. Expected ${expectedAudience}, found: ${String(claims.aud)}.` };
        }
        if (String(claims.tid).toLowerCase() !== expectedTenant.toLowerCase()) {
            return { error: `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${expectedTenant}/, found https://sts.windows.net/${String(claims.tid)}/.` };
        }
        return { tenantId: String(claims.tid), objectId: String(claims.oid), appId: String(claims.appid) };
    }

    /** Handles a request addressed to login.microsoftonline.com. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
        const segments = url.pathname.split("/").filter((s) => s.length > 0);
        if (req.method === "GET" && segments[0] === "common" && segments[1] === "discovery" && segments[2] === "instance") {
            const authorizeEndpoint = url.searchParams.get("authorization_endpoint") ?? "";
            const tenant = new URL(authorizeEndpoint || `https://${LOGIN_HOST}/common/`).pathname.split("/")[1] || "common";
            return json(res, 200, {
                tenant_discovery_endpoint: `https://${LOGIN_HOST}/${tenant}/v2.0/.well-known/openid-configuration`,
                "api-version": "1.1",
                metadata: [{ preferred_network: LOGIN_HOST, preferred_cache: "login.windows.net", aliases: [LOGIN_HOST, "login.windows.net", "sts.windows.net"] }],
            });
        }
        const tenant = segments[0] === undefined ? undefined : this.resolveTenant(segments[0]);
        if (segments.length === 4 && !["common", "organizations", "consumers"].includes(segments[0]) && tenant === undefined) {
            const description = `Tenant '${segments[0]}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
            return json(res, 400, { error: "invalid_tenant", error_description: `AADSTS90002: ${description}`, error_codes: [90002], timestamp: new Date().toISOString(), trace_id: crypto.randomUUID(), correlation_id: crypto.randomUUID() });
        }
        if (req.method === "GET" && segments.length === 4 && segments[1] === "v2.0" && segments[2] === ".well-known" && segments[3] === "openid-configuration") {
            // A domain's configuration names the tenant by its id, as Entra ID's does.
            return json(res, 200, openIdConfiguration(tenant ?? segments[0]));
        }
        if (req.method === "POST" && segments.length === 4 && segments[1] === "oauth2" && segments[2] === "v2.0" && segments[3] === "token") {
            const body = new URLSearchParams(await readBody(req));
            if (this.answerTokenRequests <= 0) return;
            this.answerTokenRequests--;
            const result = this.issueToken(segments[0], tenant ?? segments[0], body);
            if (isTokenError(result)) {
                return json(res, result.status, {
                    error: result.error,
                    error_description: `AADSTS${result.aadsts}: ${result.description}`,
                    error_codes: [result.aadsts],
                    timestamp: new Date().toISOString(),
                    trace_id: crypto.randomUUID(),
                    correlation_id: crypto.randomUUID(),
                });
            }
            return json(res, 200, result);
        }
        return json(res, 404, { error: "not_found", error_description: `AADSTS90002: no such endpoint ${url.pathname}` });
    }

    /** `path`: the tenant as the request's path names it (what a client assertion's audience holds); `tenantId`: the tenant it resolves to. */
    private issueToken(path: string, tenantId: string, body: URLSearchParams): TokenError | Record<string, unknown> {
        if (body.get("grant_type") !== "client_credentials") {
            return { status: 400, error: "unsupported_grant_type", aadsts: 70003, description: "The app requested an unsupported grant type." };
        }
        const clientId = body.get("client_id") ?? "";
        const app = this.applications.get(clientId);
        if (!app || app.tenantId.toLowerCase() !== tenantId) {
            return {
                status: 400,
                error: "unauthorized_client",
                aadsts: 700016,
                description: `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
            };
        }
        const scope = body.get("scope") ?? "";
        const resource = scope.split(" ").find((s) => s.endsWith("/.default"))?.replace(/\/\.default$/, "");
        if (resource !== VAULT_RESOURCE && resource !== MANAGED_HSM_RESOURCE) {
            return { status: 400, error: "invalid_scope", aadsts: 70011, description: `The provided value for scope ${scope} is not valid.` };
        }
        let method: "secret" | "certificate";
        const assertion = body.get("client_assertion");
        if (assertion) {
            const problem = this.checkAssertion(app, path, assertion, body.get("client_assertion_type"));
            if (problem) {
                return problem;
            }
            method = "certificate";
        } else if (body.has("client_secret")) {
            if (!app.secret || body.get("client_secret") !== app.secret) {
                return { status: 401, error: "invalid_client", aadsts: 7000215, description: "Invalid client secret provided." };
            }
            method = "secret";
        } else {
            return { status: 401, error: "invalid_client", aadsts: 7000218, description: "The request body must contain 'client_assertion' or 'client_secret'." };
        }
        this.issued.push({ clientId, tenantId, scope, method });
        const now = Math.floor(Date.now() / 1000);
        const claims: JwtClaims = {
            aud: resource,
            iss: `https://sts.windows.net/${tenantId}/`,
            iat: now,
            nbf: now,
            exp: now + this.tokenLifetimeSeconds,
            appid: app.clientId,
            oid: app.objectId,
            sub: app.objectId,
            tid: tenantId,
            idtyp: "app",
            ver: "1.0",
        };
        return {
            token_type: "Bearer",
            expires_in: this.tokenLifetimeSeconds,
            ext_expires_in: this.tokenLifetimeSeconds,
            access_token: signRs256(claims, this.signingKey, this.keyId),
        };
    }

    private checkAssertion(app: Application, tenantId: string, assertion: string, assertionType: string | null): TokenError | undefined {
        const bad = (aadsts: number, description: string): TokenError => ({ status: 401, error: "invalid_client", aadsts, description });
        if (assertionType !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
            return bad(700025, "Client assertion type is not supported.");
        }
        if (!app.certificate) {
            return bad(700027, "The certificate with identifier used to sign the client assertion is not registered on application.");
        }
        let jwt;
        try {
            jwt = decodeJwt(assertion);
        } catch {
            return bad(50027, "Invalid JWT token. Token format not valid.");
        }
        const cert = app.certificate;
        const sha1 = b64url(Buffer.from(cert.fingerprint.replace(/:/g, ""), "hex"));
        const sha256 = b64url(Buffer.from(cert.fingerprint256.replace(/:/g, ""), "hex"));
        if (jwt.header["x5t"] !== sha1 && jwt.header["x5t#S256"] !== sha256) {
            return bad(700027, "The certificate with identifier used to sign the client assertion is not registered on application.");
        }
        if (!verifySignature(jwt, cert.publicKey)) {
            return bad(700027, "Client assertion failed signature validation.");
        }
        const claims = jwt.payload;
        const now = Math.floor(Date.now() / 1000);
        const expectedAudience = `https://${LOGIN_HOST}/${tenantId}/oauth2/v2.0/token`;
        const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        if (!audiences.includes(expectedAudience)) {
            return bad(700212, `No matching federated identity record found for presented assertion audience '${String(claims.aud)}'.`);
        }
        if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
            return bad(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
        }
        if (typeof claims.exp !== "number" || claims.exp < now) {
            return bad(700024, "Client assertion is not within its valid time range.");
        }
        const notAfter = Date.parse(cert.validTo);
        if (Number.isFinite(notAfter) && notAfter < Date.now()) {
            return bad(700027, "The certificate used to sign the client assertion has expired.");
        }
        return undefined;
    }
}

function isTokenError(value: TokenError | Record<string, unknown>): value is TokenError {
    return typeof value.aadsts === "number";
}

function openIdConfiguration(tenant: string): Record<string, unknown> {
    const base = `https://${LOGIN_HOST}/${tenant}`;
    return {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `https://${LOGIN_HOST}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `https://${LOGIN_HOST}/${tenant}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver", "oid"],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: "EU",
        cloud_instance_name: "microsoftonline.com",
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
        rbac_url: "https://pas.windows.net",
    };
}

export function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
}

export { isRecord };
