import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { AggregateAuthenticationError, AuthenticationError, CredentialUnavailableError } from "@azure/identity";
import { classify, refusedByRbac } from "../../verification/classify";
import { parseKeyId } from "../../verification/key-id";

const claims = { appid: "2f8a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", oid: "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918" };
const credential: TokenCredential = {
    getToken: (): Promise<AccessToken> => {
        const jwt = ["{}", JSON.stringify(claims), ""].map((part) => Buffer.from(part).toString("base64url")).join(".");
        return Promise.resolve({ token: jwt, expiresOnTimestamp: Date.now() + 3600_000 });
    },
};

/** A 403 as the SDK raises it: the body's error under details. */
function forbidden(body: { code: string; message: string; innererror?: { code: string } }): RestError {
    const error = new RestError(body.message, { statusCode: 403, code: body.code });
    error.details = { error: body };
    return error;
}

test("a Managed HSM's refusal (top-level AccessDenied, no inner error) is its local RBAC, and the fix names its local roles", async () => {
    const key = parseKeyId("https://hsm-main.managedhsm.azure.net/keys/cmk");
    const error = forbidden({ code: "AccessDenied", message: "Not authorized to access Microsoft.KeyVault/managedHsm/keys/unwrap/action on /keys/cmk" });
    const failure = (await classify(error, { key, operation: "unwrapKey", credential })).toJSON();
    expect(failure.code).toBe("Forbidden");
    expect(failure.message).toBe(`Forbidden: application ${claims.appid} (object id ${claims.oid}) may not unwrapKey with ${key.keyId} (denied by the managed HSM's local RBAC).`);
    expect(failure.suggestion).toContain('Managed HSM local role "Managed HSM Crypto Service Encryption User (or Managed HSM Crypto User)"');
    expect(failure.suggestion).not.toContain("Key Vault Crypto");
});

test("a vault's refusals keep naming Azure RBAC's vault roles and access policies", async () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const byRbac = (await classify(forbidden({ code: "Forbidden", message: "denied", innererror: { code: "ForbiddenByRbac" } }), { key, operation: "get", credential })).toJSON();
    expect(byRbac.message).toContain("(denied by Azure RBAC)");
    expect(byRbac.suggestion).toContain('"Key Vault Crypto User (or Key Vault Reader for metadata only)"');
    const byPolicy = (await classify(forbidden({ code: "Forbidden", message: "denied", innererror: { code: "AccessDenied" } }), { key, operation: "get", credential })).toJSON();
    expect(byPolicy.message).toContain("(denied by the vault's access policies)");
    // A top-level AccessDenied from a vault host is not read as a Managed HSM's.
    const other = (await classify(forbidden({ code: "AccessDenied", message: "denied" }), { key, operation: "get", credential })).toJSON();
    expect(other.message).toContain("(denied: AccessDenied)");
    expect(other.suggestion).not.toContain("Managed HSM");
});

test("a vault's refusal with inner ForbiddenByPolicy, the body Key Vault sends for its access policies, is named as them, advises their grant and is not waited for", async () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    // Azure/azure-sdk-for-net CertificateClientTests.cs, DownloadSecretDenied: Key Vault's body for a permission its access policies lack.
    const message = `The user, group or application 'appid=${claims.appid};oid=${claims.oid};iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' does not have keys get permission on key vault 'kv-main;location=westus2'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;
    const error = forbidden({ code: "Forbidden", message, innererror: { code: "ForbiddenByPolicy" } });
    const failure = (await classify(error, { key, operation: "get", credential })).toJSON();
    expect(failure.code).toBe("Forbidden");
    expect(failure.message).toBe(`Forbidden: application ${claims.appid} (object id ${claims.oid}) may not get with ${key.keyId} (denied by the vault's access policies).`);
    expect(failure.suggestion).toContain(`Grant application ${claims.appid} (object id ${claims.oid}) the key permission "get" in the vault's access policies`);
    expect(failure.suggestion).toContain("az keyvault set-policy --name kv-main");
    expect(failure.suggestion).not.toContain("Key Vault Crypto");
    expect(refusedByRbac(key, error)).toBe(false);
});

test("a vault's refusal of a first-party caller is not read as its access policies: no grant is advised, since none would change it", async () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    // The body the Azure SDKs' troubleshooting guides show: a Microsoft account, or a service the trusted-services exception does not list.
    const message = "Access denied to first party service.\r\nCaller: name=Microsoft Azure CLI;appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918;iss=https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/\r\nVault: kv-main;location=westeurope";
    const failure = (await classify(forbidden({ code: "Forbidden", message, innererror: { code: "AccessDenied" } }), { key, operation: "get", credential })).toJSON();
    expect(failure.message).toBe(`Forbidden: application ${claims.appid} (object id ${claims.oid}) may not get with ${key.keyId} (denied to a first-party caller).`);
    expect(failure.suggestion).toMatch(/^Key Vault refuses this caller for who it is, not for a missing permission: sign in as a work or school account or a service principal, not a personal Microsoft account/);
    expect(failure.suggestion).not.toMatch(/access polic|set-policy|Assign the role/);
    // Key Vault's own access-policy wording is still an access policy's refusal.
    const byPolicy = (await classify(forbidden({ code: "Forbidden", message: `The user, group or application 'appid=${claims.appid};oid=${claims.oid}' does not have keys get permission on key vault 'kv-main;location=westeurope'.`, innererror: { code: "AccessDenied" } }), { key, operation: "get", credential })).toJSON();
    expect(byPolicy.message).toContain("(denied by the vault's access policies)");
});

test("--wait-for-access waits out role refusals only: Azure RBAC's on a vault, local RBAC's on a Managed HSM", () => {
    const vaultKey = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const hsmKey = parseKeyId("https://hsm-main.managedhsm.azure.net/keys/cmk");
    const byRbac = forbidden({ code: "Forbidden", message: "denied", innererror: { code: "ForbiddenByRbac" } });
    const hsmDenied = forbidden({ code: "AccessDenied", message: "Not authorized" });
    const byFirewall = forbidden({ code: "Forbidden", message: "denied", innererror: { code: "ForbiddenByFirewall" } });
    expect(refusedByRbac(vaultKey, byRbac)).toBe(true);
    expect(refusedByRbac(hsmKey, hsmDenied)).toBe(true);
    expect(refusedByRbac(vaultKey, hsmDenied)).toBe(false);
    expect(refusedByRbac(hsmKey, byFirewall)).toBe(false);
});

test("a Managed HSM's AccessDenied sent as the inner error is its local RBAC too, and waited for: a pool has no access policies", async () => {
    const hsmKey = parseKeyId("https://hsm-main.managedhsm.azure.net/keys/cmk");
    const inner = forbidden({ code: "Forbidden", message: "denied", innererror: { code: "AccessDenied" } });
    expect(refusedByRbac(hsmKey, inner)).toBe(true);
    expect((await classify(inner, { key: hsmKey, operation: "wrapKey", credential })).message).toContain("(denied by the managed HSM's local RBAC)");
    // On a vault the same shape is its access policies, which no wait lifts.
    expect(refusedByRbac(parseKeyId("https://kv-main.vault.azure.net/keys/cmk"), inner)).toBe(false);
});

test("a 401 whose challenge says insufficient_claims names a revoked token or Conditional Access, not the tenant", async () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const headers = createHttpHeaders({ "www-authenticate": 'Bearer authorization="https://login.microsoftonline.com/t", error="insufficient_claims", claims="eyJ9"' });
    const response = { status: 401, headers, request: createPipelineRequest({ url: key.keyId }) };
    const error = new RestError("Unauthorized", { statusCode: 401, code: "Unauthorized", response });
    const failure = await classify(error, { key, operation: "get", credential });
    expect(failure.code).toBe("AuthenticationFailed");
    expect(failure.message).toBe(
        "Authentication failed: the vault refused the token as no longer valid (insufficient_claims: continuous access evaluation found it revoked, or Conditional Access refuses it); sign in again, and check the identity's sign-in and Conditional Access policies.",
    );
    const plain = await classify(new RestError("Unauthorized", { statusCode: 401, code: "Unauthorized" }), { key, operation: "get", credential });
    expect(plain.message).toContain("the credential's tenant must be the vault's tenant");
});

test("a chain of credentials, one of which was made for another tenant than the vault's, names the vault's tenant; a chain with none configured says so", async () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const tenant = "0b6d8e4f-3c21-4a7e-9f10-2d3c4b5a6978";
    const chain = new AggregateAuthenticationError([
        new CredentialUnavailableError("ManagedIdentityCredential: no managed identity endpoint"),
        new CredentialUnavailableError(`The current credential is not configured to acquire tokens for tenant ${tenant}. To enable acquiring tokens for this tenant add it to the AdditionallyAllowedTenants on the credential options, or add "*" to AdditionallyAllowedTenants to allow acquiring tokens for any tenant.`),
    ]);
    const failure = (await classify(chain, { key, operation: "get", credential })).toJSON();
    expect(failure.message).toContain(`the vault's 401 challenge names tenant ${tenant}`);
    expect(failure.suggestion).toContain(`Give --tenant-id ${tenant}`);
    expect(failure.context).toMatchObject({ tenant });
    const none = await classify(new AggregateAuthenticationError([new CredentialUnavailableError("EnvironmentCredential is unavailable.")]), { key, operation: "get", credential });
    expect(none.message).toBe("Authentication failed: no credential was available (DefaultAzureCredential found none configured).");
});

/** A 401 as the SDK raises it for a token the vault refused: Key Vault's body under details, its challenge in the headers. */
function unauthorized(message: string, key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk")): RestError {
    const headers = createHttpHeaders({ "www-authenticate": 'Bearer authorization="https://login.microsoftonline.com/0b6d8e4f-3c21-4a7e-9f10-2d3c4b5a6978", resource="https://vault.azure.net"' });
    const response = { status: 401, headers, request: createPipelineRequest({ url: key.keyId }) };
    const error = new RestError(message, { statusCode: 401, code: "Unauthorized", response });
    error.details = { error: { code: "Unauthorized", message } };
    return error;
}

describe("a 401 for a token the vault received carries the vault's own reason (its AKV code) and the fix for it", () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const vaultTenant = "0b6d8e4f-3c21-4a7e-9f10-2d3c4b5a6978";

    test("AKV10032, a token from another tenant (as a managed identity of another tenant gets), names the vault's tenant and --tenant-id", async () => {
        const reason = `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vaultTenant}/, found https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/.`;
        const failure = (await classify(unauthorized(reason), { key, operation: "get", credential, vaultTenant })).toJSON();
        expect(failure.code).toBe("AuthenticationFailed");
        expect(failure.message).toBe(`Authentication failed: the vault refused the token, issued in another tenant than the vault's (${vaultTenant}): ${reason}`);
        expect(failure.suggestion).toContain(`--tenant-id ${vaultTenant}`);
        expect(failure.context).toMatchObject({ tenant: vaultTenant, vaultReason: "AKV10032" });
    });

    test("AKV10022, a token for another resource, names the scope the vault's tokens must be for", async () => {
        const reason = "AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.";
        const failure = (await classify(unauthorized(reason), { key, operation: "get", credential, vaultTenant })).toJSON();
        expect(failure.message).toBe(`Authentication failed: the vault refused the token, issued for another resource than the vault's: ${reason}`);
        expect(failure.suggestion).toContain("https://vault.azure.net/.default");
        expect(failure.suggestion).not.toContain("--tenant-id");
        expect(failure.context).toMatchObject({ vaultReason: "AKV10022" });
        // A Managed HSM's tokens are for its own resource.
        const hsmKey = parseKeyId("https://hsm-main.managedhsm.azure.net/keys/cmk");
        const hsm = await classify(unauthorized("AKV10022: Invalid audience. Expected https://managedhsm.azure.net, found: https://vault.azure.net.", hsmKey), { key: hsmKey, operation: "get", credential });
        expect(hsm.suggestion).toContain("https://managedhsm.azure.net/.default");
    });

    test("an expired token ([TokenExpired]) says so, not that the tenant is wrong", async () => {
        const reason = "[TokenExpired] Error validating token: 'S2S12086'.";
        const failure = (await classify(unauthorized(reason), { key, operation: "unwrapKey", credential, vaultTenant })).toJSON();
        expect(failure.message).toBe(`Authentication failed: the vault refused the token as expired: ${reason}`);
        expect(failure.suggestion).toContain("expired");
        expect(failure.suggestion).not.toContain("--tenant-id");
        expect(failure.context).toMatchObject({ vaultReason: "TokenExpired" });
    });

    test("AKV10000, a request that carried no token, says the credential gave none", async () => {
        const failure = await classify(unauthorized("AKV10000: Request is missing a Bearer or PoP token."), { key, operation: "get", credential, vaultTenant });
        expect(failure.message).toBe("Authentication failed: the request reached the vault with no token (the credential gave none): AKV10000: Request is missing a Bearer or PoP token.");
    });

    test("a code verify has no fix of its own for is still reported with the vault's words", async () => {
        const reason = "AKV10046: Unable to resolve the key used for signature validation. EncodedJwtHeader: 'eyJ0eXAiOiJKV1QifQ'.";
        const failure = (await classify(unauthorized(reason), { key, operation: "get", credential, vaultTenant })).toJSON();
        expect(failure.message).toBe(`Authentication failed: the vault refused the token: ${reason}`);
        expect(failure.context).toMatchObject({ vaultReason: "AKV10046" });
    });
});

describe("an import's 409 is told by the vault's inner code", () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/payments-byok");
    const conflict = (inner: string | undefined, message: string) => {
        const error = new RestError(message, { statusCode: 409, code: "Conflict" });
        error.details = { error: { code: "Conflict", message, ...(inner ? { innererror: { code: inner } } : {}) } };
        return classify(error, { key, operation: "import", credential });
    };

    test("ObjectIsDeletedButRecoverable: recover the deleted key and import its next version, purge it, or take another name", async () => {
        const failure = await conflict("ObjectIsDeletedButRecoverable", "Key payments-byok is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.");
        expect(failure.code).toBe("ImportRefused");
        expect(failure.suggestion).toBe(
            "A deleted key holds the name until it is recovered or purged: recover it (az keyvault key recover --vault-name kv-main --name payments-byok) and import the blob as its next version with --new-version, purge it if the vault's purge protection is off (az keyvault key purge --vault-name kv-main --name payments-byok), or import under another name.",
        );
    });

    test("ObjectIsBeingDeleted: wait until the delete finishes, then recover", async () => {
        const failure = await conflict("ObjectIsBeingDeleted", "Key payments-byok is currently being deleted.");
        expect(failure.message).toBe("Import refused: kv-main.vault.azure.net answered Conflict (Key payments-byok is currently being deleted.).");
        expect(failure.suggestion).toBe(
            "The key of this name is still being deleted: wait until the delete finishes (az keyvault key show-deleted --vault-name kv-main --name payments-byok then shows it), then recover it (az keyvault key recover --vault-name kv-main --name payments-byok) and import the blob as its next version with --new-version, or import under another name.",
        );
    });

    test("a conflict with no inner code keeps the general advice", async () => {
        const failure = await conflict(undefined, "Conflict.");
        expect(failure.suggestion).toMatch(/^Make the transfer blob again with the vendor's BYOK tool/);
    });
});

describe("a refused sign-in for a key of another cloud than the credential signs in to names AZURE_AUTHORITY_HOST", () => {
    const refusal = new AuthenticationError(400, { error: "invalid_request", error_description: "AADSTS900382: Confidential Client is not supported in Cross Cloud request." });
    const suggestionFor = async (keyId: string, authorityHost: string | undefined) => {
        const saved = process.env.AZURE_AUTHORITY_HOST;
        if (authorityHost === undefined) delete process.env.AZURE_AUTHORITY_HOST;
        else process.env.AZURE_AUTHORITY_HOST = authorityHost;
        try {
            return (await classify(refusal, { key: parseKeyId(keyId), operation: "get", credential })).toJSON().suggestion;
        } finally {
            if (saved === undefined) delete process.env.AZURE_AUTHORITY_HOST;
            else process.env.AZURE_AUTHORITY_HOST = saved;
        }
    };

    test("a Government or China key signed in for at the public host is told its cloud's host and the CLI's cloud name", async () => {
        expect(await suggestionFor("https://kv-gov.vault.usgovcloudapi.net/keys/cmk", undefined)).toBe(
            "The key is in the US Government cloud, whose identity provider is https://login.microsoftonline.us, and the credential signs in at https://login.microsoftonline.com: set AZURE_AUTHORITY_HOST=https://login.microsoftonline.us (Azure CLI sign-in: az cloud set --name AzureUSGovernment, then az login), and verify keys of one cloud per run.",
        );
        expect(await suggestionFor("https://hsm-cn.managedhsm.azure.cn/keys/cmk", "https://login.microsoftonline.com/")).toMatch(/^The key is in the China cloud, whose identity provider is https:\/\/login\.chinacloudapi\.cn.*az cloud set --name AzureChinaCloud/);
        // A public key while the variable points at Government.
        expect(await suggestionFor("https://kv-main.vault.azure.net/keys/cmk", "https://login.microsoftonline.us")).toMatch(/^The key is in the public cloud, whose identity provider is https:\/\/login\.microsoftonline\.com, and the credential signs in at https:\/\/login\.microsoftonline\.us/);
    });

    test("a key whose cloud the credential signs in to keeps the general advice", async () => {
        const general = "Check the tenant id, client id and credential (certificate uploaded to the app registration, secret not expired); for DefaultAzureCredential set AZURE_TENANT_ID/AZURE_CLIENT_ID and a secret or certificate, or sign in with az login.";
        expect(await suggestionFor("https://kv-gov.vault.usgovcloudapi.net/keys/cmk", "https://login.microsoftonline.us/")).toBe(general);
        expect(await suggestionFor("https://kv-main.vault.azure.net/keys/cmk", undefined)).toBe(general);
    });
});

describe("EnvironmentCredential's refusal (its own sentence in error, Entra's in errorDescription) is read for Entra's code", () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const wrapped = (description: string) =>
        new AuthenticationError(400, { error: "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.", error_description: description });

    test("MSAL's code at the description's start: unauthorized_client names the vault's tenant", async () => {
        const tenant = "0b8a3c1e-1111-4222-8333-944444444444";
        const error = wrapped(`unauthorized_client: Error(s): 700016 - Timestamp: 2026-01-01 - Description: AADSTS700016: Application with identifier 'x' was not found in the directory '${tenant}'.`);
        const failure = (await classify(error, { key, operation: "get", credential, vaultTenant: tenant })).toJSON();
        expect(failure.message).toBe(`Authentication failed: the identity provider refused the credential (unauthorized_client) for a token in the vault's tenant, ${tenant}.`);
    });

    test("a description with Entra's AADSTS number only gives that number; one with neither keeps the wrapper's words", async () => {
        const aadsts = (await classify(wrapped("Description: AADSTS7000222: The provided client secret keys are expired."), { key, operation: "get", credential })).toJSON();
        expect(aadsts.message).toBe("Authentication failed: the identity provider refused the credential (AADSTS7000222).");
        const neither = (await classify(wrapped("Something else went wrong."), { key, operation: "get", credential })).toJSON();
        expect(neither.message).toContain("(EnvironmentCredential authentication failed.");
    });
});

describe("a vault's status and inner code, to the verifier's error code", () => {
    const key = parseKeyId("https://kv-main.vault.azure.net/keys/cmk");
    const refused = (statusCode: number, code: string, inner?: string): RestError => {
        const error = new RestError("refused", { statusCode, code });
        error.details = { error: { code, message: "refused", ...(inner ? { innererror: { code: inner } } : {}) } };
        return error;
    };

    test("a 429 that reaches classify is Throttled, not a generic service error", async () => {
        expect((await classify(refused(429, "Throttled"), { key, operation: "get", credential })).toJSON().code).toBe("Throttled");
    });

    // ForbiddenByConnection: the request came over a private endpoint connection that is not approved.
    test("a 403 ForbiddenByConnection is a network block, as ForbiddenByFirewall is", async () => {
        expect((await classify(forbidden({ code: "Forbidden", message: "refused", innererror: { code: "ForbiddenByConnection" } }), { key, operation: "get", credential })).toJSON().code).toBe("ForbiddenByFirewall");
    });

    test("a 403 with inner KeyExpired is KeyExpired, not Forbidden", async () => {
        expect((await classify(forbidden({ code: "Forbidden", message: "refused", innererror: { code: "KeyExpired" } }), { key, operation: "wrapKey", credential })).toJSON().code).toBe("KeyExpired");
    });
});
