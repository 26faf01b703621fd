import * as crypto from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH, KEY_VAULT_API_VERSIONS } from "../support/keyvault";
import { VaultGates, verifyKey, type KeyVerification, type VerifyKeyOptions } from "../../verification";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let options: VerifyKeyOptions;

beforeAll(async () => {
    fx = await startFixture("kv-failures");
    options = {
        credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }),
        // Short SDK retry delays keep 5xx and network cases fast; the behaviour is the SDK's own.
        retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
    };
});

afterAll(async () => {
    await stopFixture(fx);
});

afterEach(() => {
    fx.vault.faults = {};
    fx.standIn.dropConnections = false;
});

const summaryOf = (result: KeyVerification) => result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.message}`);

/** The failed step's name, code and exact message. */
function failure(result: KeyVerification): { step: string; code: string | undefined; message: string | undefined } {
    const failed = result.steps.find((s) => !s.ok);
    return { step: failed?.name ?? "(none)", code: failed?.error?.code, message: failed?.error?.message };
}

test("forbidden: an identity without a role on the vault is named, with the operation it was refused", async () => {
    const stranger = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "stranger", secret: "x" });
    const credential = new ClientSecretCredential(fx.tenantId, stranger.clientId, "x");
    const result = await verifyKey(fx.keyId, { ...options, credential });
    expect(result.ok).toBe(false);
    expect(failure(result)).toEqual({
        step: "read",
        code: "Forbidden",
        message: `Forbidden: application ${stranger.clientId} (object id ${stranger.objectId}) may not get with ${fx.keyId} (denied by Azure RBAC).`,
    });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0].error?.suggestion).toContain("Key Vault Crypto User");
});

test("forbidden: a CMK identity may wrap and unwrap but not encrypt, and each step says so", async () => {
    const cmk = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "cmk-identity", secret: "y" });
    fx.vault.assignRole(cmk.objectId, "Key Vault Crypto Service Encryption User");
    const credential = new ClientSecretCredential(fx.tenantId, cmk.clientId, "y");
    const result = await verifyKey(fx.keyId, { ...options, credential, checks: ["wrap-unwrap", "encrypt-decrypt"] });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
        ["read", true],
        ["encrypt-decrypt", false],
        ["wrap-unwrap", true],
    ]);
    expect(failure(result).message).toBe(`Forbidden: application ${cmk.clientId} (object id ${cmk.objectId}) may not encrypt with ${fx.keyId} (denied by Azure RBAC).`);
});

test("blocked by the firewall: a vault that does not admit this network is named as such, not as a missing role", async () => {
    fx.vault.firewall = { allowedAddresses: ["203.0.113.9"] };
    try {
        const result = await verifyKey(fx.keyId, options);
        expect(failure(result)).toEqual({
            step: "read",
            code: "ForbiddenByFirewall",
            message: `Blocked by the firewall: ${fx.vault.host} does not admit this network, so get with ${fx.keyId} was refused before any permission was checked.`,
        });
        expect(result.steps[0].error?.suggestion).toContain("ipRules");
        // Let through, the same identity passes: the firewall, not a role, was what stood in the way.
        fx.vault.firewall = { allowedAddresses: ["127.0.0.1"] };
        expect((await verifyKey(fx.keyId, options)).ok).toBe(true);
    } finally {
        fx.vault.firewall = undefined;
    }
});

test("key not found: a key name the vault does not hold", async () => {
    const missing = `${fx.vault.url}/keys/no-such-key`;
    const result = await verifyKey(missing, options);
    expect(failure(result)).toEqual({ step: "read", code: "KeyNotFound", message: `Key not found: ${missing} does not exist in kv-failures.vault.azure.net.` });
});

test("key not found: a soft-deleted key is said to be deleted, with the date it is purged, when the caller may read deleted keys", async () => {
    fx.vault.createKey("retired", { kty: "RSA-HSM", keyPair: fx.pair });
    fx.vault.softDeleteKey("retired");
    const purgeOn = new Date(((fx.vault.deletedDates.get("retired") ?? 0) + 90 * 86400) * 1000).toISOString();
    const result = await verifyKey(`${fx.vault.url}/keys/retired`, options);
    expect(failure(result)).toMatchObject({ step: "read", code: "KeyNotFound", message: expect.stringMatching(new RegExp(`^Key not found: ${fx.vault.url}/keys/retired is soft-deleted in kv-failures\\.vault\\.azure\\.net \\(deleted [^)]+\\) and is purged for good on ${purgeOn}\\.$`)) });
    expect(result.steps[0].error?.suggestion).toBe(`Recover it before ${purgeOn} (az keyvault key recover --vault-name kv-failures --name retired). It comes back with every version under the same key id.`);
});

test("key not found: a version the key never had", async () => {
    const missing = `${fx.vault.url}/keys/backup-key/${"0".repeat(32)}`;
    const result = await verifyKey(missing, options);
    expect(failure(result).code).toBe("KeyNotFound");
});

test("vault not found: a vault name that does not resolve (the proxy cannot reach it), without retry delays", async () => {
    const keyId = "https://kv-does-not-exist.vault.azure.net/keys/backup-key";
    const started = Date.now();
    const result = await verifyKey(keyId, { ...options, retryOptions: undefined });
    expect(failure(result)).toEqual({
        step: "read",
        code: "VaultNotFound",
        message: "Vault not found: kv-does-not-exist.vault.azure.net was not reached: a proxy answered 502 instead of Key Vault (the name does not resolve or cannot be reached).",
    });
    expect(Date.now() - started).toBeLessThan(3000);
});

test("disabled: a disabled key fails before any crypto call", async () => {
    const keyId = fx.vault.createKey("disabled-key", { attributes: { enabled: false } });
    const from = fx.standIn.log.length;
    const result = await verifyKey(keyId, options);
    expect(failure(result)).toEqual({ step: "read", code: "KeyDisabled", message: `Key disabled: ${keyId} is disabled.` });
    expect(fx.standIn.log.slice(from).every((e) => e.operation === "get")).toBe(true);
});

test("disabled: a key disabled mid-check is refused by the vault with KeyDisabled", async () => {
    const keyId = fx.vault.createKey("disabled-later");
    fx.vault.faults.afterOperation = (operation, name) => {
        if (operation === "encrypt" && name === "disabled-later") {
            fx.vault.updateKey("disabled-later", { enabled: false });
        }
    };
    const result = await verifyKey(keyId, { ...options, checks: ["encrypt-decrypt"] });
    expect(failure(result)).toEqual({ step: "encrypt-decrypt", code: "KeyDisabled", message: `Key disabled: ${keyId} is disabled.` });
});

test("expired: a key past its expiry date", async () => {
    const exp = Math.floor(Date.parse("2024-01-01T00:00:00Z") / 1000);
    const keyId = fx.vault.createKey("expired-key", { attributes: { exp } });
    const result = await verifyKey(keyId, options);
    expect(failure(result)).toEqual({ step: "read", code: "KeyExpired", message: `Key expired: ${keyId} expired at 2024-01-01T00:00:00.000Z.` });
});

test("not yet valid: a key before its activation date", async () => {
    const nbf = Math.floor(Date.parse("2099-01-01T00:00:00Z") / 1000);
    const keyId = fx.vault.createKey("future-key", { attributes: { nbf } });
    const result = await verifyKey(keyId, options);
    expect(failure(result)).toEqual({ step: "read", code: "KeyNotYetValid", message: `Key not yet valid: ${keyId} cannot be used before 2099-01-01T00:00:00.000Z.` });
});

test("wrong operations: a wrap-only key cannot serve the encrypt/decrypt checks asked for", async () => {
    const keyId = fx.vault.createKey("wrap-only", { keyOps: ["wrapKey", "unwrapKey"] });
    const result = await verifyKey(keyId, { ...options, checks: ["encrypt-decrypt", "wrap-unwrap"] });
    expect(failure(result)).toEqual({
        step: "read",
        code: "WrongOperations",
        message: `Wrong operations: ${keyId} allows [wrapKey, unwrapKey] but verification needs [encrypt, decrypt].`,
    });
    // Asked for nothing, the key gets the checks its operations allow: a customer-managed key wraps and unwraps.
    const fitted = await verifyKey(keyId, options);
    expect(fitted.steps.map((s) => `${s.name}: ${s.ok}`)).toEqual(["read: true", "wrap-unwrap: true"]);
    expect(fitted.ok).toBe(true);
});

test("an application's encrypt/decrypt key gets both encrypt checks by default, and a key that allows nothing to check fails", async () => {
    const appKey = fx.vault.createKey("encrypt-only", { keyOps: ["encrypt", "decrypt"] });
    const fitted = await verifyKey(appKey, options);
    expect(fitted.steps.map((s) => `${s.name}: ${s.ok}`)).toEqual(["read: true", "encrypt-decrypt: true", "local-encrypt: true"]);
    const verifier = fx.vault.createKey("verify-only", { keyOps: ["verify"] });
    expect(failure(await verifyKey(verifier, options))).toEqual({
        step: "read",
        code: "WrongOperations",
        message: `Wrong operations: ${verifier} allows [verify] but verification needs [encrypt, decrypt, wrapKey, unwrapKey].`,
    });
});

test("payload mismatch: the vault hands back different bytes than were protected", async () => {
    fx.vault.faults.corruptNext = { count: 1 };
    const result = await verifyKey(fx.keyId, { ...options, checks: ["encrypt-decrypt"] });
    expect(failure(result)).toEqual({
        step: "encrypt-decrypt",
        code: "PayloadMismatch",
        message: `Payload mismatch: decrypt with ${fx.keyId} returned different bytes than were protected.`,
    });
});

test("payload mismatch after unwrapKey and after local-encrypt's decrypt: each comparison is made", async () => {
    fx.vault.faults.corruptNext = { count: 1 };
    expect(failure(await verifyKey(fx.keyId, { ...options, checks: ["wrap-unwrap"] }))).toEqual({
        step: "wrap-unwrap",
        code: "PayloadMismatch",
        message: `Payload mismatch: unwrapKey with ${fx.keyId} returned different bytes than were protected.`,
    });
    fx.vault.faults.corruptNext = { count: 1 };
    expect(failure(await verifyKey(fx.keyId, { ...options, checks: ["local-encrypt"] }))).toEqual({
        step: "local-encrypt",
        code: "PayloadMismatch",
        message: `Payload mismatch: decrypt with ${fx.keyId} returned different bytes than were protected.`,
    });
});

test("payload mismatch: a wrap-only key that unwraps what its published key wrapped to other bytes fails wrap-unwrap", async () => {
    const cmkKeyId = fx.vault.createKey("cmk-mismatch", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey"] });
    // The vault's own wrap round trip passes; the unwrap of the locally wrapped key comes back altered.
    let unwraps = 0;
    fx.vault.faults = { afterOperation: (op) => { if (op === "unwrapkey" && ++unwraps === 1) fx.vault.faults.corruptNext = { count: 1 }; } };
    expect(failure(await verifyKey(cmkKeyId, options))).toEqual({
        step: "wrap-unwrap",
        code: "PayloadMismatch",
        message: `Payload mismatch: unwrapKey with ${cmkKeyId} returned different bytes than were protected.`,
    });
});

test("throttled: a vault that keeps answering 429 fails the step as Throttled after the allowed attempts", async () => {
    fx.vault.faults.throttleNext = { count: 1000, retryAfterSeconds: 0 };
    const result = await verifyKey(fx.keyId, { ...options, retryOptions: { maxRetries: 0 }, maxThrottleAttempts: 3 });
    expect(failure(result)).toEqual({ step: "read", code: "Throttled", message: "Throttled: kv-failures.vault.azure.net still answered 429 after 3 attempts." });
});

test("network: connections dropped on the way to the vault", async () => {
    fx.standIn.dropConnections = true;
    const result = await verifyKey(fx.keyId, { ...options, retryOptions: { maxRetries: 0 } });
    expect(failure(result)).toEqual({ step: "read", code: "Network", message: "Network error: could not reach kv-failures.vault.azure.net (REQUEST_SEND_ERROR)." });
});

test("authentication failed: a wrong client secret is refused by the token endpoint", async () => {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "ci", secret: "right" });
    const result = await verifyKey(fx.keyId, { ...options, credential: new ClientSecretCredential(fx.tenantId, app.clientId, "wrong") });
    expect(failure(result)).toEqual({
        step: "read",
        code: "AuthenticationFailed",
        message: "Authentication failed: the identity provider refused the credential (invalid_client).",
    });
});

describe("a token the vault refuses is reported with the vault's own reason (Key Vault's 401 body), not only as Unauthorized", () => {
    test("a token from another tenant, from a credential that signs in to its own tenant whatever the challenge names (as a managed identity does): AKV10032 and --tenant-id", async () => {
        const otherTenant = crypto.randomUUID();
        const outsider = fx.standIn.registerApplication({ tenantId: otherTenant, displayName: "other-tenant-identity", secret: "o" });
        const own = new ClientSecretCredential(otherTenant, outsider.clientId, "o");
        const ownTenantOnly: TokenCredential = { getToken: (scopes) => own.getToken(scopes) };
        const result = await verifyKey(fx.keyId, { ...options, credential: ownTenantOnly });
        const read = result.steps[0];
        expect(read.error?.code).toBe("AuthenticationFailed");
        expect(read.error?.message).toBe(
            `Authentication failed: the vault refused the token, issued in another tenant than the vault's (${fx.tenantId}): AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${fx.tenantId}/, found https://sts.windows.net/${otherTenant}/.`,
        );
        expect(read.error?.suggestion).toContain(`--tenant-id ${fx.tenantId}`);
    });

    test("a token for another resource (a credential that asks for a fixed scope): AKV10022 and the scope the vault's tokens are for", async () => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "fixed-scope", secret: "f" });
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
        const inner = new ClientSecretCredential(fx.tenantId, app.clientId, "f");
        const fixedScope: TokenCredential = { getToken: (_scopes, getTokenOptions) => inner.getToken("https://managedhsm.azure.net/.default", getTokenOptions) };
        const result = await verifyKey(fx.keyId, { ...options, credential: fixedScope });
        expect(failure(result)).toEqual({
            step: "read",
            code: "AuthenticationFailed",
            message: "Authentication failed: the vault refused the token, issued for another resource than the vault's: AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://managedhsm.azure.net.",
        });
        expect(result.steps[0].error?.suggestion).toContain("https://vault.azure.net/.default");
    });

    test("an expired token (a credential that hands out a token it got earlier): TokenExpired, not the tenant", async () => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "stale-token", secret: "s" });
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
        // Issued already at its exp: expired by the time the vault reads it.
        fx.standIn.tokens.tokenLifetimeSeconds = 0;
        let token: AccessToken | null;
        try {
            token = await new ClientSecretCredential(fx.tenantId, app.clientId, "s").getToken("https://vault.azure.net/.default");
        } finally {
            fx.standIn.tokens.tokenLifetimeSeconds = 3600;
        }
        const stale: TokenCredential = { getToken: () => Promise.resolve(token && { ...token, expiresOnTimestamp: Date.now() + 3600_000 }) };
        const result = await verifyKey(fx.keyId, { ...options, credential: stale });
        expect(failure(result)).toEqual({
            step: "read",
            code: "AuthenticationFailed",
            message: "Authentication failed: the vault refused the token as expired: [TokenExpired] Error validating token: 'S2S12086'.",
        });
    });
});

test("a transient 503 from the vault is retried by the SDK to success", async () => {
    fx.vault.faults.failNext = { count: 1, status: 503 };
    const result = await verifyKey(fx.keyId, options);
    expect(result.ok).toBe(true);
});

test("an error answered with no body keeps its status: a 503 is the vault's error, a 429 is retried, not Unexpected", async () => {
    fx.vault.faults.bodilessNext = { count: 1000, status: 503 };
    const failed = await verifyKey(fx.keyId, { ...options, retryOptions: { maxRetries: 0 } });
    expect(failure(failed)).toEqual({ step: "read", code: "VaultServiceError", message: "Vault service error: kv-failures.vault.azure.net answered 503 ServiceUnavailable (The vault answered 503 Service Unavailable with no body)." });
    fx.vault.faults.bodilessNext = { count: 1, status: 429, retryAfterSeconds: 0 };
    const retried = await verifyKey(fx.keyId, { ...options, retryOptions: { maxRetries: 0 } });
    expect(retried.ok).toBe(true);
    expect(fx.vault.faults.bodilessNext.count).toBe(0);
});

// Azure Stack Hub's vaults serve up to 7.1 (azure-sdk-for-python#28595); @azure/keyvault-keys 4.10 sends 2025-07-01.
test("a vault that does not serve the SDK's API version fails as UnsupportedApiVersion, naming the newest it serves, not as a transient error; serviceVersion reaches it", async () => {
    fx.vault.apiVersions = ["7.0", "7.1"];
    try {
        const refused = await verifyKey(fx.keyId, options);
        expect(failure(refused)).toEqual({
            step: "read",
            code: "UnsupportedApiVersion",
            message: `Unsupported API version: ${fx.vault.host} does not serve Key Vault REST API version 2025-07-01; the newest it serves is 7.1.`,
        });
        expect(refused.steps[0].error?.suggestion).toMatch(/^Run again with --api-version 7\.1 \(serviceVersion in the library\)/);
        const from = fx.standIn.log.length;
        const served = await verifyKey(fx.keyId, { ...options, serviceVersion: "7.1", checks: ["read", "encrypt-decrypt", "wrap-unwrap"] });
        expect(summaryOf(served)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok"]);
        expect(fx.standIn.log.slice(from).every((entry) => entry.status !== 400)).toBe(true);
    } finally {
        fx.vault.apiVersions = KEY_VAULT_API_VERSIONS;
    }
});

test("a version of Key Vault's form that Key Vault does not serve is refused by the vault, which names its newest", async () => {
    const refused = await verifyKey(fx.keyId, { ...options, serviceVersion: "7.9" });
    expect(failure(refused)).toEqual({
        step: "read",
        code: "UnsupportedApiVersion",
        message: `Unsupported API version: ${fx.vault.host} does not serve Key Vault REST API version 7.9; the newest it serves is 2025-07-01.`,
    });
});

test("a serviceVersion that is no Key Vault API version is refused before any request", async () => {
    const from = fx.standIn.log.length;
    await expect(verifyKey(fx.keyId, { ...options, serviceVersion: "latest" })).rejects.toThrow('verifyKey: serviceVersion "latest" is not a Key Vault REST API version: a number such as 7.4, or a date such as 2025-07-01');
    expect(fx.standIn.log.length).toBe(from);
});

test("invalid key id: a URL that is not a Key Vault key identifier", async () => {
    const result = await verifyKey("https://example.com/keys/x", options);
    expect(failure(result).code).toBe("InvalidKeyId");
});

test("invalid key id: a port, which Key Vault's key ids never carry, is refused before any request rather than read back as another key", async () => {
    const from = { log: fx.standIn.log.length, tunnels: fx.standIn.tunnels.length };
    const id = fx.keyId.replace(".vault.azure.net/", ".vault.azure.net:8443/");
    const result = await verifyKey(id, options);
    expect(failure(result)).toEqual({ step: "read", code: "InvalidKeyId", message: `Invalid key id: ${id} names port 8443: Key Vault key ids carry no port, its vaults and Managed HSM pools answer on 443 only.` });
    expect([fx.standIn.log.length - from.log, fx.standIn.tunnels.length - from.tunnels]).toEqual([0, 0]);
});

test("no step error carries a stack trace", async () => {
    const result = await verifyKey(`${fx.vault.url}/keys/no-such-key`, options);
    expect(JSON.stringify(result)).not.toMatch(/\n\s+at /);
});

describe("a vault that speaks the REST API its own way (another implementation, as an independent one would)", () => {
    test("specific codes sent at the top level, with no inner error, are read as Key Vault's inner ones", async () => {
        fx.vault.faults = { plainErrors: true };
        const stranger = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "plain-stranger", secret: "p" });
        const credential = new ClientSecretCredential(fx.tenantId, stranger.clientId, "p");
        // ForbiddenByRbac at the top level: refused by Azure RBAC, and waited for as such.
        fx.vault.assignRole(stranger.objectId, "Key Vault Crypto User", { takesEffectAfterMs: 600 });
        const waited = await verifyKey(fx.keyId, { ...options, credential, checks: ["wrap-unwrap"], waitForAccessMs: 5_000, accessRetryIntervalMs: 200 });
        expect(waited.steps.map((s) => [s.name, s.ok])).toEqual([["read", true], ["wrap-unwrap", true]]);
        // KeyNotFound sent as a plain NotFound: still the key that is missing.
        const missing = await verifyKey(`${fx.vault.url}/keys/no-such-key`, options);
        expect(failure(missing)).toMatchObject({ step: "read", code: "KeyNotFound" });
        // KeyDisabled at the top level, on a vault that refuses a disabled key's GET: disabled, and still backed up when asked.
        fx.vault.faults = { plainErrors: true, refuseGetOfDisabledKeys: true };
        const disabledId = fx.vault.createKey("plain-disabled", { kty: "RSA-HSM", keyPair: fx.pair, attributes: { enabled: false } });
        const disabled = await verifyKey(disabledId, options);
        expect(failure(disabled)).toMatchObject({ step: "read", code: "KeyDisabled" });
    });

    test("a key bundle without key_ops restricts nothing (RFC 7517), so the key gets every check its type allows", async () => {
        fx.vault.faults = { omitKeyOps: true };
        const result = await verifyKey(fx.keyId, options);
        expect(result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.message}`)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]);
    });

    test("a vault that hands back the bytes it was given, never using the key, fails: a round trip alone would have passed it", async () => {
        fx.vault.faults = { echoNext: { count: 2 } };
        const result = await verifyKey(fx.keyId, { ...options, checks: ["wrap-unwrap"] });
        expect(failure(result)).toEqual({ step: "wrap-unwrap", code: "PayloadMismatch", message: `Payload mismatch: wrapKey with ${fx.keyId} returned 32 bytes, not the 256-byte block a 2048-bit RSA key makes.` });
    });

    test("a customer-managed key (wrap and unwrap only) whose vault publishes another public key than it unwraps with fails wrap-unwrap: its own round trip would pass", async () => {
    const cmkKeyId = fx.vault.createKey("cmk-published", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey"] });
    fx.vault.faults = { publishedPublicKey: crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey };
    const from = fx.standIn.log.length;
    const result = await verifyKey(cmkKeyId, options);
    expect(result.steps.map((s) => s.name)).toEqual(["read", "wrap-unwrap"]);
    expect(failure(result)).toEqual({
        step: "wrap-unwrap",
        code: "PayloadMismatch",
        message: `Payload mismatch: unwrapKey with ${cmkKeyId} was refused: the vault could not decrypt what was encrypted with this key (BadParameter: Unwrap failed: the value could not be decrypted with RSA-OAEP-256.).`,
    });
    // The vault's own wrap and unwrap passed; the key wrapped here with the published key did not open.
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get").map((e) => `${e.operation} ${e.status}`)).toEqual(["wrapkey 200", "unwrapkey 200", "unwrapkey 400"]);
    // A key that also decrypts has its published key proved by local-encrypt: wrap-unwrap stays two calls.
    const fullFrom = fx.standIn.log.length;
    const full = await verifyKey(fx.keyId, options);
    expect(full.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: PayloadMismatch"]);
    expect(fx.standIn.log.slice(fullFrom).filter((e) => e.authenticated && (e.operation === "wrapkey" || e.operation === "unwrapkey")).map((e) => e.operation)).toEqual(["wrapkey", "unwrapkey"]);
    // With the key it publishes, the same checks pass.
    fx.vault.faults = {};
    expect(summaryOf(await verifyKey(cmkKeyId, options))).toEqual(["read: ok", "wrap-unwrap: ok"]);
});

test("a 503 whose error body has no code and which carries no Key Vault headers is the vault's, retried, not a proxy's", async () => {
        fx.vault.faults = { failNext: { count: 1, status: 503, bare: true } };
        const result = await verifyKey(fx.keyId, { ...options, checks: ["wrap-unwrap"] });
        expect(result.steps.map((s) => [s.name, s.ok])).toEqual([["read", true], ["wrap-unwrap", true]]);
        expect(fx.vault.faults.failNext?.count).toBe(0);
    });

    test("a refused algorithm is reported with the vault's own reason, not only as bytes that did not open", async () => {
        fx.vault.faults = { refuseAlgorithms: ["RSA-OAEP"] };
        const result = await verifyKey(fx.keyId, { ...options, checks: ["local-encrypt"] });
        expect(failure(result)).toEqual({
            step: "local-encrypt",
            code: "PayloadMismatch",
            message: `Payload mismatch: decrypt with ${fx.keyId} was refused: the vault could not decrypt what was encrypted with this key (BadParameter: Algorithm RSA-OAEP is not supported by this vault.).`,
        });
    });

    test("a wrap the vault refuses carries the vault's own reason, not only its status and code", async () => {
        fx.vault.faults = { refuseAlgorithms: ["RSA-OAEP-256", "RSA-OAEP"] };
        const result = await verifyKey(fx.keyId, { ...options, checks: ["wrap-unwrap"] });
        expect(failure(result)).toEqual({
            step: "wrap-unwrap",
            code: "VaultServiceError",
            message: expect.stringMatching(/^Vault service error: kv-failures\.vault\.azure\.net answered 400 BadParameter \(Algorithm RSA-OAEP(-256)? is not supported by this vault\)\.$/),
        });
    });

    test("a key bundle whose kid names no version fails the read: nothing could say which version was proved", async () => {
        fx.vault.faults = { versionlessKid: true };
        const result = await verifyKey(fx.keyId, options);
        expect(result.keyVersion).toBe("");
        expect(failure(result)).toEqual({
            step: "read",
            code: "Unexpected",
            message: `Unexpected error: kv-failures.vault.azure.net returned the key as ${fx.keyId.replace(/\/[^/]+$/, "")}, with no version in its kid.`,
        });
    });

    test("a key bundle whose kid names another vault fails the read: every later call would go there", async () => {
        fx.vault.faults = { kidHost: "kv-elsewhere.vault.azure.net" };
        const result = await verifyKey(fx.keyId, { ...options, checks: ["wrap-unwrap"] });
        expect(failure(result)).toEqual({
            step: "read",
            code: "Unexpected",
            message: `Unexpected error: kv-failures.vault.azure.net answered for ${fx.keyId} with the key ${fx.keyId.replace("kv-failures", "kv-elsewhere")}, another key than the one asked about.`,
        });
        expect(fx.standIn.log.some((e) => e.vault === "kv-elsewhere")).toBe(false);
    });

    test("a version listing is followed page by page on the key's own vault, to its end", async () => {
        const name = "paged";
        const keyId = fx.vault.createKey(name, { kty: "RSA-HSM", keyPair: fx.pair });
        // The versions share one key pair: the listing's paging is under test, and 26 RSA key generations would dwarf it.
        for (let i = 0; i < 26; i++) fx.vault.createKey(name, { kty: "RSA-HSM", keyPair: fx.pair });
        const from = fx.standIn.log.length;
        const paged = await verifyKey(keyId.replace(/\/[^/]+$/, ""), { ...options, checks: ["previous-versions"] });
        expect(summaryOf(paged)).toEqual(["read: ok", "previous-versions: ok"]);
        // 27 versions: two pages, and each of the 26 older versions opened.
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "versions").length).toBe(2);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "decrypt").length).toBe(26);
    }, 30_000);

    test("a version listing's nextLink to another host is refused before the token goes there", async () => {
        fx.vault.faults = { endlessVersions: true, versionsNextLinkHost: "kv-elsewhere.vault.azure.net" };
        const foreign = await verifyKey(fx.keyId, { ...options, checks: ["previous-versions"] });
        expect(failure(foreign)).toMatchObject({ step: "previous-versions", code: "Unexpected", message: expect.stringContaining("kv-failures.vault.azure.net pointed a request at kv-elsewhere.vault.azure.net (/keys/backup-key/versions); verify sends its token to the key's own vault only") });
        expect(fx.standIn.log.some((e) => e.vault === "kv-elsewhere")).toBe(false);
    });

    test("a version listing that never ends is cut off, and one without the version just read is incomplete", async () => {
        fx.vault.faults = { endlessVersions: true };
        const endless = await verifyKey(fx.keyId, { ...options, checks: ["previous-versions"] });
        expect(failure(endless)).toMatchObject({ step: "previous-versions", message: "Unexpected error: kv-failures.vault.azure.net listed more than 400 pages of versions of backup-key without an end." });
        // A listing without the newest version is incomplete.
        fx.vault.faults = { versionsOmitLatest: true };
        const partial = await verifyKey(fx.keyId, { ...options, checks: ["previous-versions"] });
        expect(failure(partial).message).toMatch(/listed \d+ versions of backup-key, but not [0-9a-f]{32}, the one it had just returned: the listing is incomplete\.$/);
    }, 30_000);

    test("a key deleted between its read and its listing is named KeyNotFound, not an incomplete listing (Key Vault lists a missing key's versions as none)", async () => {
        const keyId = fx.vault.createKey("deleted-mid-check", { kty: "RSA-HSM", keyPair: fx.pair });
        fx.vault.faults = {
            afterOperation: (operation, name) => {
                if (operation === "get" && name === "deleted-mid-check" && fx.vault.keys.has(name)) fx.vault.softDeleteKey(name);
            },
        };
        const result = await verifyKey(keyId, { ...options, checks: ["previous-versions"] });
        expect(failure(result)).toMatchObject({ step: "previous-versions", code: "KeyNotFound" });
        expect(failure(result).message).not.toContain("listing is incomplete");
    });

    test("a request left unanswered fails as a network error, and a Retry-After beyond the limit fails as throttled, neither waited out", async () => {
        fx.vault.faults = { delayMs: 400 };
        const slow = await verifyKey(fx.keyId, { ...options, gates: new VaultGates(), requestTimeoutMs: 100 });
        expect(failure(slow)).toMatchObject({ step: "read", code: "Network" });
        expect(failure(slow).message).toMatch(/^Network error: could not reach kv-failures\.vault\.azure\.net \(no answer to GET \/keys\/backup-key\/[0-9a-f]{32} within 0\.1 s\)\.$/);
        fx.vault.faults = { throttleNext: { count: 1, retryAfterSeconds: 3600 } };
        const started = Date.now();
        const stuck = await verifyKey(fx.keyId, { ...options, gates: new VaultGates() });
        expect(failure(stuck)).toEqual({ step: "read", code: "Throttled", message: "Throttled: kv-failures.vault.azure.net asked to wait 3600 s (Retry-After), longer than verify waits (60 s)." });
        expect(Date.now() - started).toBeLessThan(5_000);
    });

    test("each check asked for by name is reported when the read fails, as not run, so the result lists every one", async () => {
        fx.vault.faults = { plainErrors: true, refuseGetOfDisabledKeys: true };
        const stranger = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "not-run-stranger", secret: "n" });
        const credential = new ClientSecretCredential(fx.tenantId, stranger.clientId, "n");
        const result = await verifyKey(fx.keyId, { ...options, credential, checks: ["read", "wrap-unwrap", "rotation"] });
        expect(result.steps.map((s) => [s.name, s.error?.code])).toEqual([
            ["read", "Forbidden"],
            ["wrap-unwrap", "NotRun"],
            ["rotation", "NotRun"],
        ]);
        expect(result.steps[1].error?.message).toBe("Not run: wrap-unwrap was asked for, but the read every check starts from failed (Forbidden), so it was not tried.");
        // Without checks named, the key's own operations choose them, and a key not read has none to report.
        const unnamed = await verifyKey(fx.keyId, { ...options, credential });
        expect(unnamed.steps.map((s) => s.name)).toEqual(["read"]);
    });
});
