import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { AuthenticationError, AuthenticationRequiredError, AggregateAuthenticationError, CredentialUnavailableError } from "@azure/identity";
import {
    AuthenticationFailedError,
    FirewallBlockedError,
    ForbiddenError,
    ImportRefusedError,
    isManagedHsmHost,
    KeyDisabledError,
    KeyExpiredError,
    KeyNotFoundError,
    KeyNotYetValidError,
    NetworkError,
    PayloadMismatchError,
    ThrottledError,
    UnexpectedError,
    UnsupportedApiVersionError,
    VaultServiceError,
    VerificationError,
    WrongOperationsError,
} from "./errors";
import { dataPlaneScope, type ParsedKeyId, vaultCloud } from "./key-id";
import { errorBodyOf } from "./vault-gate";

/** Key Vault's refusal of a first-party caller (Azure SDK troubleshooting guides, "Access Denied to First Party Service"). */
const FIRST_PARTY_REFUSAL = /access denied to first party service/i;
/**
 * A standard vault's refusal of an HSM key, a BYOK import among them (Azure/azure-sdk-for-net#6551,
 * MicrosoftDocs/azure-docs#63888): a 403 with no code of its own on record, so its words are all
 * that tell it from a missing permission, which no role assignment would fix.
 */
const STANDARD_VAULT_REFUSAL = /hardware key operation not allowed on standard vault/i;
/** The inner codes of a vault's refusal by its access policies. */
const ACCESS_POLICY_CODES = new Set(["ForbiddenByPolicy", "AccessDenied"]);

/** Where a failure happened: which key, and which Key Vault operation (get, encrypt, unwrapKey, ...). */
export interface FailureSite {
    key: ParsedKeyId;
    operation: string;
    credential: TokenCredential;
    /** The tenant the vault's 401 challenge named, when it answered one: the tenant its tokens must come from. */
    vaultTenant?: string;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "REQUEST_SEND_ERROR"]);

/** A refusal by role-based access, which a new role assignment lifts once it has propagated: Azure RBAC on a vault, local RBAC on a Managed HSM (top-level AccessDenied). */
export function refusedByRbac(key: ParsedKeyId, error: RestError): boolean {
    // A Managed HSM has no access policies: an AccessDenied from one, top-level or inner, is its local RBAC.
    return keyVaultErrorCode(error) === "ForbiddenByRbac" || (isManagedHsmHost(key.vaultHost) && (innerErrorCode(error) ?? error.code) === "AccessDenied");
}

/**
 * The tenant @azure/identity would not take a token for because the credential was made for
 * another: the one the vault's challenge named. Identity says so only in its message ("The current
 * credential is not configured to acquire tokens for tenant X."), in a CredentialUnavailableError,
 * in one of an AggregateAuthenticationError's (a chain of credentials), or in the description of
 * the AuthenticationError EnvironmentCredential wraps it in.
 */
function tenantNotAllowed(error: unknown): string | undefined {
    const said = (text: string | undefined) => /not configured to acquire tokens for tenant (\S+?)\.(?:\s|$)/.exec(text ?? "")?.[1];
    if (error instanceof AggregateAuthenticationError) {
        return error.errors.map(tenantNotAllowed).find((t) => t !== undefined);
    }
    if (error instanceof CredentialUnavailableError) return said(error.message);
    if (error instanceof AuthenticationError) return said(error.errorResponse.errorDescription);
    return undefined;
}

/** An OAuth 2.0 error code (RFC 6749 section 5.2: invalid_client, unauthorized_client, ...), as Entra ID answers it. */
const OAUTH_ERROR_CODE = /^[a-z_]+$/;

/**
 * The OAuth error code of Entra ID's refusal. ClientSecretCredential and ClientCertificateCredential
 * carry it in `error`; EnvironmentCredential (DefaultAzureCredential's first, from AZURE_CLIENT_SECRET
 * or AZURE_CLIENT_CERTIFICATE_PATH) rethrows every failure with a sentence of its own there and the
 * underlying message in `errorDescription` (@azure/identity environmentCredential.js getToken), which
 * starts with MSAL's code: "invalid_client: Error(s): 7000215 - ... AADSTS7000215: ...". Else Entra's
 * AADSTS number, else what `error` says.
 */
function oauthErrorCode(response: { error: string; errorDescription?: string }): string {
    if (OAUTH_ERROR_CODE.test(response.error)) return response.error;
    const description = response.errorDescription ?? "";
    return /^([a-z_]+):/.exec(description)?.[1] ?? /\b(AADSTS\d+)\b/.exec(description)?.[1] ?? response.error;
}

/**
 * Maps anything a Key Vault call threw to one VerificationError. Branches on RestError
 * `statusCode`, `code` and the body's inner error code, never on message text (but for
 * @azure/identity's refusal of a tenant, which it says in words only: `tenantNotAllowed`).
 */
/**
 * Advice when the key's cloud signs in elsewhere than the credential does: @azure/identity signs in at
 * AZURE_AUTHORITY_HOST, else the public cloud's host, and a national cloud's application is unknown
 * there (Entra answers AADSTS900382, "Confidential Client is not supported in Cross Cloud request",
 * or as if the client were missing). Undefined when the host matches or the key's cloud is not known.
 */
function otherCloudAdvice(vaultHost: string, authorityHost: string | undefined): string | undefined {
    const cloud = vaultCloud(vaultHost);
    if (cloud === undefined) return undefined;
    let signingIn = "login.microsoftonline.com";
    try {
        if (authorityHost) signingIn = new URL(authorityHost).hostname;
    } catch {
        // A malformed host is refused before any sign-in (command-environment.ts).
    }
    if (signingIn.toLowerCase() === new URL(cloud.signIn).hostname) return undefined;
    return `The key is in the ${cloud.name} cloud, whose identity provider is ${cloud.signIn}, and the credential signs in at https://${signingIn}: set AZURE_AUTHORITY_HOST=${cloud.signIn} (Azure CLI sign-in: az cloud set --name ${cloud.cli}, then az login), and verify keys of one cloud per run.`;
}

export async function classify(error: unknown, site: FailureSite): Promise<VerificationError> {
    if (error instanceof VerificationError) {
        return error;
    }
    const keyId = site.key.keyId;
    const vault = site.key.vaultHost;
    const operation = site.operation;
    const refusedTenant = tenantNotAllowed(error);
    if (refusedTenant !== undefined) {
        return new AuthenticationFailedError(
            { keyId, vault, operation, tenant: refusedTenant },
            `the vault's 401 challenge names tenant ${refusedTenant}, which is not one the credential takes tokens for: the key's vault is in another tenant than the one given (a credential built in code, without additionallyAllowedTenants, also counts its own tenant given as a domain, or its id in upper case, as another)`,
            `Give --tenant-id ${refusedTenant}, the vault's tenant as its challenge names it (for DefaultAzureCredential, AZURE_TENANT_ID=${refusedTenant}); a credential built in code takes it as its tenant, or allows it in additionallyAllowedTenants.`,
        );
    }
    // Tokens are asked of the tenant the vault's challenge named. Entra ID answers unauthorized_client
    // (AADSTS700016) for an application that tenant does not know: name the tenant then.
    const refused = (oauthCode: string) => {
        const elsewhere = oauthCode === "unauthorized_client" && site.vaultTenant !== undefined;
        const cloud = otherCloudAdvice(vault, process.env.AZURE_AUTHORITY_HOST);
        const advice = [elsewhere ? `The vault is in tenant ${site.vaultTenant}: the identity must be an application registered (or consented) or a user in that tenant, signed in with --tenant-id ${site.vaultTenant}; check too the client id.` : undefined, cloud].filter((a) => a !== undefined);
        return new AuthenticationFailedError(
            { keyId, vault, operation, ...(elsewhere ? { tenant: site.vaultTenant } : {}) },
            `the identity provider refused the credential (${oauthCode})${elsewhere ? ` for a token in the vault's tenant, ${site.vaultTenant}` : ""}`,
            advice.length > 0 ? advice.join(" ") : undefined,
        );
    };
    if (error instanceof AuthenticationError) {
        return refused(oauthErrorCode(error.errorResponse));
    }
    if (error instanceof AuthenticationRequiredError) {
        // MSAL's error (ServerError, ClientAuthError) is the cause; its errorCode is the OAuth error.
        const cause: unknown = error.cause;
        return refused(isObject(cause) && typeof cause.errorCode === "string" ? cause.errorCode : "no token");
    }
    if (error instanceof CredentialUnavailableError || error instanceof AggregateAuthenticationError) {
        return new AuthenticationFailedError({ keyId, vault, operation }, "no credential was available (DefaultAzureCredential found none configured)");
    }
    if (!isRestError(error)) {
        return new UnexpectedError({ keyId, vault, operation }, error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error));
    }
    const status = error.statusCode;
    const code = error.code ?? "";
    const inner = keyVaultErrorCode(error);
    if (status === undefined) {
        if (NETWORK_CODES.has(code) || code.startsWith("E")) {
            return new NetworkError({ keyId, vault, operation }, code);
        }
        return new UnexpectedError({ keyId, vault, operation }, code || "no response");
    }
    const unserved = status === 400 ? unservedApiVersion(error) : undefined;
    if (unserved !== undefined) {
        return new UnsupportedApiVersionError({ keyId, vault, operation }, unserved.sent, unserved.latest);
    }
    // An import's refusals (a blob that does not open, a name a deleted key still holds) carry the vault's reason.
    if (operation === "import" && status === 403 && STANDARD_VAULT_REFUSAL.test(error.message)) {
        return new ImportRefusedError({ keyId, vault, operation }, { standardVault: { serviceMessage: error.message } });
    }
    if (operation === "import" && (status === 400 || status === 409)) {
        return new ImportRefusedError({ keyId, vault, operation }, { serviceCode: code || String(status), serviceMessage: error.message, innerCode: innerErrorCode(error) });
    }
    switch (status) {
        case 401: {
            // Continuous access evaluation: the token was revoked, or Conditional Access refuses it, after it was issued.
            const challenge = error.response?.headers.get("www-authenticate") ?? "";
            if (/error="?insufficient_claims/i.test(challenge)) {
                return new AuthenticationFailedError({ keyId, vault, operation }, "the vault refused the token as no longer valid (insufficient_claims: continuous access evaluation found it revoked, or Conditional Access refuses it); sign in again, and check the identity's sign-in and Conditional Access policies");
            }
            return tokenRefused(error, site);
        }
        case 403: {
            switch (inner) {
                case "KeyDisabled":
                    return new KeyDisabledError({ keyId, vault, operation });
                case "KeyExpired":
                    return new KeyExpiredError({ keyId, vault, operation });
                case "KeyNotYetValid":
                    return new KeyNotYetValidError({ keyId, vault, operation });
                case "KeyOperationForbidden":
                    return new WrongOperationsError({ keyId, vault, operation }, [operation]);
                case "ForbiddenByFirewall":
                case "ForbiddenByConnection":
                    return new FirewallBlockedError({ keyId, vault, operation });
                default: {
                    const identity = await describeIdentity(site.credential, site.key.vaultHost);
                    // A vault's access policies refuse with inner ForbiddenByPolicy (the body in Azure/azure-sdk-for-net's
                    // CertificateClientTests.cs, DownloadSecretDenied) or AccessDenied (steampipe-plugin-azure#127), unless
                    // the message says the caller is refused as a first party ("Access denied to first party service": a
                    // Microsoft account, or a Microsoft service the trusted-services exception does not list), which no grant lifts.
                    const policyCode = inner !== undefined && ACCESS_POLICY_CODES.has(inner) && !isManagedHsmHost(vault);
                    const firstParty = policyCode && FIRST_PARTY_REFUSAL.test(error.message);
                    const byAccessPolicy = policyCode && !firstParty;
                    const reason = inner === "ForbiddenByRbac"
                        ? "denied by Azure RBAC"
                        : (inner ?? code) === "AccessDenied" && isManagedHsmHost(vault)
                            ? "denied by the managed HSM's local RBAC"
                            : firstParty
                                ? "denied to a first-party caller"
                                : byAccessPolicy
                                    ? "denied by the vault's access policies"
                                    : `denied: ${code || "Forbidden"}`;
                    return new ForbiddenError({ keyId, vault, operation, identity }, reason, firstParty ? "firstParty" : byAccessPolicy ? "accessPolicies" : undefined);
                }
            }
        }
        case 404:
            // An authenticated 404 from the vault for a key's URL: Key Vault says KeyNotFound, a plainer vault NotFound.
            if (inner === "KeyNotFound" || code === "NotFound") {
                return new KeyNotFoundError({ keyId, vault, operation });
            }
            return new VaultServiceError({ keyId, vault, operation }, status, code || "NotFound", serviceMessage(error));
        case 400:
            if (operation === "decrypt" || operation === "unwrapKey") {
                // The vault's reason tells a refused algorithm from bytes that do not open under the key: the code alone does not.
                return new PayloadMismatchError({ keyId, vault, operation }, `was refused: the vault could not decrypt what was encrypted with this key (${serviceReason(error)})`);
            }
            return new VaultServiceError({ keyId, vault, operation }, status, code || "BadRequest", serviceMessage(error));
        case 429:
            return new ThrottledError({ keyId, vault, operation }, 1);
        default:
            return new VaultServiceError({ keyId, vault, operation }, status, code || "Error", serviceMessage(error));
    }
}

/**
 * Key Vault's reason for refusing a token it was sent, from its 401 body: the message starts with
 * an AKV code (AKV10032 invalid issuer, AKV10022 invalid audience, AKV10000 no token, AKV10046 an
 * unknown signing key) or, for an expired token, a bracketed tag (`[TokenExpired] Error validating
 * token: 'S2S12086'.`). That leading code is what is branched on; the rest is reported as the vault said it.
 */
function tokenRefusalReason(error: RestError): { code?: string; text: string } | undefined {
    const details: unknown = error.details;
    const message = isObject(details) && isObject(details.error) && typeof details.error.message === "string" ? details.error.message : error.message;
    // An AKV10032 lists every issuer the vault takes: room for several tenants' URLs.
    const text = (message.split("\n")[0] ?? "").trim().slice(0, 500).replace(/\.$/, "");
    if (!text || text === error.code) return undefined;
    return { code: /^(AKV\d{5}):/.exec(text)?.[1] ?? /^\[([A-Za-z]+)\]/.exec(text)?.[1], text };
}

/** A 401 for a token the vault received, with the vault's own reason and the fix that reason calls for. */
function tokenRefused(error: RestError, site: FailureSite): AuthenticationFailedError {
    const context = { keyId: site.key.keyId, vault: site.key.vaultHost, operation: site.operation };
    const reason = tokenRefusalReason(error);
    if (!reason) {
        return new AuthenticationFailedError(context, `the vault rejected the token (${error.code || "Unauthorized"}); the credential's tenant must be the vault's tenant`);
    }
    const withReason = { ...context, ...(reason.code ? { vaultReason: reason.code } : {}) };
    const tenant = site.vaultTenant;
    switch (reason.code) {
        case "AKV10032":
            return new AuthenticationFailedError(
                { ...withReason, ...(tenant ? { tenant } : {}) },
                `the vault refused the token, issued in another tenant than the vault's${tenant ? ` (${tenant})` : ""}: ${reason.text}`,
                `Sign in to the vault's tenant: give --tenant-id ${tenant ?? "<the vault's tenant>"}${tenant ? ` (for DefaultAzureCredential, AZURE_TENANT_ID=${tenant})` : ""}. A managed identity's tokens always come from its own tenant, so it cannot reach a vault of another tenant: verify as an application or user of the vault's tenant.`,
            );
        case "AKV10022":
            return new AuthenticationFailedError(
                withReason,
                `the vault refused the token, issued for another resource than the vault's: ${reason.text}`,
                `The token must be for ${dataPlaneScope(site.key.vaultHost)}, the scope the SDK asks the credential for: a credential that asks for a fixed scope, or hands out a token obtained for another resource (such as https://management.azure.com), is refused. Let the credential take the scope it is asked for.`,
            );
        case "TokenExpired":
            return new AuthenticationFailedError(
                withReason,
                `the vault refused the token as expired: ${reason.text}`,
                "The token had expired when the vault received it: a credential that hands out a token obtained earlier must get a new one before it expires (the Azure SDK's credentials refresh theirs); check also that this machine's clock is right.",
            );
        case "AKV10000":
            return new AuthenticationFailedError(withReason, `the request reached the vault with no token (the credential gave none): ${reason.text}`);
        default:
            return new AuthenticationFailedError(withReason, `the vault refused the token: ${reason.text}`);
    }
}

/** Key Vault's refusal of an API version it does not serve, and the newest it names (azure-sdk-for-python#28595). */
const UNSERVED_VERSION = /The specified version \(([^)]*)\) is not recognized(?:.*?latest supported version \(([^)]*)\))?/i;

/** The version sent and the newest the vault serves, when the vault refused the request's api-version. */
function unservedApiVersion(error: RestError): { sent: string; latest: string | undefined } | undefined {
    const match = UNSERVED_VERSION.exec(error.message);
    return match === null ? undefined : { sent: match[1], latest: match[2] || undefined };
}

/** The vault's message's first line (at most 200 characters), when it says more than its code. */
function serviceMessage(error: RestError): string | undefined {
    const message = (error.message.split("\n")[0] ?? "").trim().slice(0, 200);
    return message && message !== error.code ? message : undefined;
}

/** The vault's code and its message's first line (at most 200 characters), as `BadParameter: Invalid algorithm ...`. */
function serviceReason(error: RestError): string {
    const message = (error.message.split("\n")[0] ?? "").trim().slice(0, 200);
    const code = error.code ?? String(error.statusCode ?? "");
    return message && message !== code ? `${code}: ${message}` : code;
}

/** Key Vault's specific refusals, which it sends as the inner error's code and another vault may send as the top-level one. */
const SPECIFIC_CODES = new Set(["KeyDisabled", "KeyExpired", "KeyNotYetValid", "KeyOperationForbidden", "ForbiddenByFirewall", "ForbiddenByConnection", "ForbiddenByRbac", "KeyNotFound"]);

/** The error's specific Key Vault code: its inner error's, else a top-level code that is one of them. */
export function keyVaultErrorCode(error: RestError): string | undefined {
    return innerErrorCode(error) ?? (error.code !== undefined && SPECIFIC_CODES.has(error.code) ? error.code : undefined);
}

function innerErrorCode(error: RestError): string | undefined {
    const details: unknown = error.details ?? errorBodyOf(error.request);
    if (!isObject(details) || !isObject(details.error)) {
        return undefined;
    }
    const inner = details.error.innererror ?? details.error.innerError;
    return isObject(inner) && typeof inner.code === "string" ? inner.code : undefined;
}

const identities = new WeakMap<TokenCredential, Map<string, Promise<string>>>();

/**
 * Names the identity behind a credential from the claims of the token it holds for the vault's
 * cloud (served from the credential's cache): the application id, or the user, and the object
 * id that role assignments name.
 */
export function describeIdentity(credential: TokenCredential, vaultHost: string): Promise<string> {
    const scope = dataPlaneScope(vaultHost);
    let byScope = identities.get(credential);
    if (!byScope) {
        byScope = new Map();
        identities.set(credential, byScope);
    }
    let described = byScope.get(scope);
    if (!described) {
        described = (async () => {
            try {
                const token = await credential.getToken(scope);
                const payload: unknown = token ? JSON.parse(Buffer.from(token.token.split(".")[1] ?? "", "base64url").toString("utf8")) : undefined;
                if (!isObject(payload)) {
                    return "the signed-in identity";
                }
                const oid = typeof payload.oid === "string" ? payload.oid : "unknown";
                if (typeof payload.upn === "string") {
                    return `user ${payload.upn} (object id ${oid})`;
                }
                if (typeof payload.appid === "string") {
                    return `application ${payload.appid} (object id ${oid})`;
                }
                return `principal ${oid}`;
            } catch {
                return "the signed-in identity";
            }
        })();
        byScope.set(scope, described);
    }
    return described;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null;
}
