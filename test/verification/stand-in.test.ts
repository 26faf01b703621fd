import * as crypto from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { startFixture, stopFixture, type Fixture } from "./fixture";

/** The stand-in must refuse what Key Vault refuses, seen through the unchanged SDK. */
let fx: Fixture;
let officer: TokenCredential;
let keys: KeyClient;

beforeAll(async () => {
    fx = await startFixture("kv-standin");
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "deployer", secret: "officer" });
    fx.vault.assignRole(app.objectId, "Key Vault Crypto Officer");
    officer = new ClientSecretCredential(fx.tenantId, app.clientId, "officer");
    keys = new KeyClient(fx.vault.url, officer, { retryOptions: { maxRetries: 0 } });
});

afterAll(async () => {
    await stopFixture(fx);
});

async function rejection(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; inner?: string }> {
    try {
        await promise;
    } catch (error) {
        // The SDK surfaces the body's innererror as details.error.innerError.
        const e = error as { statusCode?: number; code?: string; details?: { error?: { innererror?: { code?: string }; innerError?: { code?: string } } } };
        return { statusCode: e.statusCode, code: e.code, inner: (e.details?.error?.innerError ?? e.details?.error?.innererror)?.code };
    }
    throw new Error("expected a rejection");
}

test("creates RSA-HSM keys with 32-hex versions and rotates them to a new version", async () => {
    const created = await keys.createRsaKey("made-here", { hsm: true, keySize: 3072 });
    expect(created.keyType).toBe("RSA-HSM");
    expect(created.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(created.id).toBe(`https://kv-standin.vault.azure.net/keys/made-here/${created.properties.version}`);
    const rotated = await keys.rotateKey("made-here");
    expect(rotated.properties.version).not.toBe(created.properties.version);
    expect(Buffer.from(rotated.key?.n ?? []).length).toBe(384);
});

test("RSA1_5 and RSA-OAEP ciphertext made locally by the SDK decrypts in the vault (real RSA)", async () => {
    const key = await keys.getKey("backup-key");
    const client = new CryptographyClient(key, officer);
    for (const algorithm of ["RSA1_5", "RSA-OAEP"] as const) {
        const plaintext = crypto.randomBytes(24);
        const encrypted = await client.encrypt({ algorithm, plaintext });
        expect(Buffer.from((await client.decrypt({ algorithm, ciphertext: encrypted.result })).result)).toEqual(plaintext);
    }
});

test("refuses to decrypt with another algorithm than the one that encrypted", async () => {
    const key = await keys.getKey("backup-key");
    const client = new CryptographyClient(key, officer, { retryOptions: { maxRetries: 0 } });
    const encrypted = await client.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) });
    expect(await rejection(client.decrypt({ algorithm: "RSA-OAEP", ciphertext: encrypted.result }))).toEqual({ statusCode: 400, code: "BadParameter", inner: undefined });
});

test("refuses an algorithm that is not for RSA keys", async () => {
    const key = await keys.getKey("backup-key");
    const client = new CryptographyClient(key, officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(client.wrapKey("A256KW", crypto.randomBytes(32)))).toEqual({ statusCode: 400, code: "BadParameter", inner: undefined });
});

test("creates EC-HSM keys through the SDK and signs digests Key Vault's way: RSxxx over the digest, ESxxx as r‖s", async () => {
    const ec = await keys.createEcKey("made-here-ec", { hsm: true, curve: "P-384", keyOps: ["sign", "verify"] });
    expect([ec.keyType, ec.key?.crv, Buffer.from(ec.key?.x ?? []).length]).toEqual(["EC-HSM", "P-384", 48]);
    const data = crypto.randomBytes(100);
    const ecSigned = await new CryptographyClient(ec, officer).sign("ES384", crypto.createHash("sha384").update(data).digest());
    const ecPublic = crypto.createPublicKey({ key: { kty: "EC", crv: "P-384", x: Buffer.from(ec.key?.x ?? []).toString("base64url"), y: Buffer.from(ec.key?.y ?? []).toString("base64url") }, format: "jwk" });
    expect(crypto.verify("sha384", data, { key: ecPublic, dsaEncoding: "ieee-p1363" }, Buffer.from(ecSigned.result))).toBe(true);
    const rsa = await keys.getKey("backup-key");
    const rsaSigned = await new CryptographyClient(rsa, officer).sign("RS512", crypto.createHash("sha512").update(data).digest());
    const rsaPublic = crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(rsa.key?.n ?? []).toString("base64url"), e: Buffer.from(rsa.key?.e ?? []).toString("base64url") }, format: "jwk" });
    expect(crypto.verify("sha512", data, rsaPublic, Buffer.from(rsaSigned.result))).toBe(true);
});

test("verifies RSxxx and ESxxx signatures as Key Vault's verify does: true for what the key signed, false once altered", async () => {
    const digest = crypto.createHash("sha256").update(crypto.randomBytes(40)).digest();
    for (const [key, algorithm] of [[await keys.getKey("backup-key"), "RS256"], [await keys.createEcKey("verify-ec", { hsm: true, curve: "P-256" }), "ES256"]] as const) {
        const client = new CryptographyClient(key, officer, { retryOptions: { maxRetries: 0 } });
        const signed = Buffer.from((await client.sign(algorithm, digest)).result);
        // The SDK verifies these with the public key itself; a key without its material sends verify to the vault.
        const remote = new CryptographyClient(String(key.id), officer, { retryOptions: { maxRetries: 0 } });
        expect((await remote.verify(algorithm, digest, signed)).result).toBe(true);
        signed[5] ^= 0x01;
        expect((await remote.verify(algorithm, digest, signed)).result).toBe(false);
        // A signature of the wrong length does not verify; it is no fault of the vault's (no 5xx to retry).
        expect((await remote.verify(algorithm, digest, signed.subarray(1))).result).toBe(false);
    }
});

test("signs and verifies PS256, PS384 and PS512 with an RSA key: RSASSA-PSS over the digest, salt as long as the digest; an EC key refuses them", async () => {
    const rsa = await keys.getKey("backup-key");
    const client = new CryptographyClient(rsa, officer, { retryOptions: { maxRetries: 0 } });
    // The SDK verifies with the public key itself; a key without its material sends verify to the vault.
    const remote = new CryptographyClient(String(rsa.id), officer, { retryOptions: { maxRetries: 0 } });
    const publicKey = crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(rsa.key?.n ?? []).toString("base64url"), e: Buffer.from(rsa.key?.e ?? []).toString("base64url") }, format: "jwk" });
    const from = fx.standIn.log.length;
    for (const [algorithm, hash, saltLength] of [["PS256", "sha256", 32], ["PS384", "sha384", 48], ["PS512", "sha512", 64]] as const) {
        const data = crypto.randomBytes(100);
        const digest = crypto.createHash(hash).update(data).digest();
        const signed = Buffer.from((await client.sign(algorithm, digest)).result);
        expect(signed).toHaveLength(256);
        // An independent verifier, held to the salt length: a PSS signature with another salt length fails it.
        expect(crypto.verify(hash, data, { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }, signed)).toBe(true);
        // PSS is randomized: a second signature differs, and verifies too.
        const again = Buffer.from((await client.sign(algorithm, digest)).result);
        expect(again.equals(signed)).toBe(false);
        expect((await remote.verify(algorithm, digest, again)).result).toBe(true);
        // A signature made here (salt length = digest length) verifies in the vault; altered, or over another digest, it does not.
        const local = crypto.sign(hash, data, { key: fx.pair.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength });
        const pairKey = fx.vault.createKey(`pss-${algorithm.toLowerCase()}`, { keyPair: fx.pair });
        const pairRemote = new CryptographyClient(pairKey, officer, { retryOptions: { maxRetries: 0 } });
        expect((await pairRemote.verify(algorithm, digest, local)).result).toBe(true);
        expect((await pairRemote.verify(algorithm, crypto.createHash(hash).update("other").digest(), local)).result).toBe(false);
        signed[7] ^= 0x01;
        expect((await remote.verify(algorithm, digest, signed)).result).toBe(false);
        expect((await remote.verify(algorithm, digest, signed.subarray(1))).result).toBe(false);
    }
    // Each verdict is the vault's: five verifies per algorithm, all answered.
    expect(fx.standIn.log.slice(from).filter((e) => e.operation === "verify").map((e) => e.status)).toEqual(Array(15).fill(200));
    // A digest of the wrong length is refused, as for RSxxx.
    expect(await rejection(client.sign("PS256", crypto.randomBytes(48)))).toEqual({ statusCode: 400, code: "BadParameter", inner: undefined });
    const ec = new CryptographyClient(await keys.createEcKey("ps-on-ec", { hsm: true, curve: "P-256" }), officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(ec.sign("PS256", crypto.randomBytes(32)))).toEqual({ statusCode: 400, code: "BadParameter", inner: undefined });
});

test("a Managed HSM's oct key with sign and verify is an HMAC key: HS256, HS384 and HS512 over the value sent, verified by the HSM; a vault's keys refuse HS*", async () => {
    const pool = fx.standIn.addManagedHsm("hsm-standin-hmac", fx.tenantId);
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "hsm-hmac-user", secret: "h" });
    pool.assignRole(app.objectId, "Managed HSM Crypto User");
    const credential = new ClientSecretCredential(fx.tenantId, app.clientId, "h");
    const kid = pool.createKey("hmac", { kty: "oct-HSM", keySize: 256, keyOps: ["sign", "verify"] });
    const secret = pool.latest("hmac")?.privateKey.export() ?? Buffer.alloc(0);
    const client = new CryptographyClient(await new KeyClient(pool.url, credential).getKey("hmac"), credential, { retryOptions: { maxRetries: 0 } });
    for (const [algorithm, hash] of [["HS256", "sha256"], ["HS384", "sha384"], ["HS512", "sha512"]] as const) {
        const digest = crypto.createHash(hash).update(crypto.randomBytes(40)).digest();
        const signed = await client.sign(algorithm, digest);
        expect(signed.keyID).toBe(kid);
        expect(Buffer.from(signed.result)).toEqual(crypto.createHmac(hash, secret).update(digest).digest());
        expect((await client.verify(algorithm, digest, signed.result)).result).toBe(true);
        expect((await client.verify(algorithm, crypto.randomBytes(digest.length), signed.result)).result).toBe(false);
    }
    const bad = { statusCode: 400, code: "BadParameter", inner: undefined };
    expect(await rejection(client.sign("RS256", crypto.randomBytes(32)))).toEqual(bad);
    expect(await rejection(client.sign("ES256", crypto.randomBytes(32)))).toEqual(bad);
    // An AES key given no sign operation is refused it by name.
    // The SDK refuses it itself; a key object claiming sign gets past it to the HSM.
    pool.createKey("aes-only", { kty: "oct-HSM", keySize: 256 });
    const aesKey = await new KeyClient(pool.url, credential).getKey("aes-only");
    const aes = new CryptographyClient({ ...aesKey, keyOperations: ["sign"] }, credential, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(aes.sign("HS256", crypto.randomBytes(32)))).toEqual({ statusCode: 403, code: "Forbidden", inner: "KeyOperationForbidden" });
    // A vault holds RSA and EC keys only, and signs with no HMAC.
    const rsa = new CryptographyClient(await keys.getKey("backup-key"), officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(rsa.sign("HS256", crypto.randomBytes(32)))).toEqual(bad);
    const ec = new CryptographyClient(await keys.createEcKey("hs-on-ec", { hsm: true, curve: "P-256" }), officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(ec.sign("HS256", crypto.randomBytes(32)))).toEqual(bad);
});

test("refuses a signature algorithm for another curve or key type, a digest of the wrong length, and encryption with an EC key", async () => {
    const ec = await keys.createEcKey("p256-only", { hsm: true, curve: "P-256" });
    // Asked for no operations, Key Vault gives an EC key sign and verify only.
    expect(ec.keyOperations).toEqual(["sign", "verify"]);
    const client = new CryptographyClient(ec, officer, { retryOptions: { maxRetries: 0 } });
    const bad = { statusCode: 400, code: "BadParameter", inner: undefined };
    expect(await rejection(client.sign("ES384", crypto.randomBytes(48)))).toEqual(bad);
    expect(await rejection(client.sign("RS256", crypto.randomBytes(32)))).toEqual(bad);
    expect(await rejection(client.sign("ES256", crypto.randomBytes(48)))).toEqual(bad);
    // The SDK would refuse to encrypt with an EC key itself; a key object claiming otherwise gets past it to the vault,
    // which refuses the operation the key does not allow, and an RSA algorithm even where the key lists encrypt.
    const rsaLooking = new CryptographyClient({ ...ec, keyType: "RSA-HSM", keyOperations: ["encrypt"] }, officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(rsaLooking.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) }))).toEqual({ statusCode: 403, code: "Forbidden", inner: "KeyOperationForbidden" });
    fx.vault.createKey("ec-listing-encrypt", { kty: "EC-HSM", crv: "P-256", keyOps: ["sign", "verify", "encrypt"] });
    const listing = await keys.getKey("ec-listing-encrypt");
    const listingClient = new CryptographyClient({ ...listing, keyType: "RSA-HSM" }, officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(listingClient.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) }))).toEqual(bad);
});

test("refuses an operation that is not in the key's key_ops with KeyOperationForbidden", async () => {
    fx.vault.createKey("encrypt-only", { keyOps: ["encrypt"] });
    const key = await keys.getKey("encrypt-only");
    // The SDK checks key_ops itself before calling; a caller holding a stale key object that
    // claims more operations gets past that check, and the vault must refuse on its own.
    const stale = { ...key, keyOperations: [...(key.keyOperations ?? []), "unwrapKey"] };
    const client = new CryptographyClient(stale, officer, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(client.unwrapKey("RSA-OAEP-256", crypto.randomBytes(256)))).toEqual({ statusCode: 403, code: "Forbidden", inner: "KeyOperationForbidden" });
});

test("a disabled key refuses decrypt, unwrapKey and sign with KeyDisabled, and still encrypts, wraps and verifies", async () => {
    // Azure/azure-sdk-for-python#45342 (a live subscription): on a disabled key the server answers encrypt, wrapKey and
    // verify, public-key operations, and refuses decrypt, unwrapKey and sign with 403 KeyDisabled.
    fx.vault.createKey("switched-off");
    const key = await keys.getKey("switched-off");
    const client = new CryptographyClient(key, officer, { retryOptions: { maxRetries: 0 } });
    const digest = crypto.createHash("sha256").update("switched-off").digest();
    const encrypted = await client.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) });
    const wrapped = await client.wrapKey("RSA-OAEP-256", crypto.randomBytes(32));
    const signed = await client.sign("RS256", digest);
    fx.vault.updateKey("switched-off", { enabled: false });
    // The client holds the key as it was, enabled: only the vault can refuse.
    const disabled = { statusCode: 403, code: "Forbidden", inner: "KeyDisabled" };
    expect(await rejection(client.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: encrypted.result }))).toEqual(disabled);
    expect(await rejection(client.unwrapKey("RSA-OAEP-256", wrapped.result))).toEqual(disabled);
    expect(await rejection(client.sign("RS256", digest))).toEqual(disabled);
    const from = fx.standIn.log.length;
    expect((await client.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) })).keyID).toBe(key.id);
    expect((await client.wrapKey("RSA-OAEP-256", crypto.randomBytes(32))).keyID).toBe(key.id);
    // The SDK verifies with the key's public half itself; a client with the key id alone sends verify to the vault.
    expect((await new CryptographyClient(String(key.id), officer, { retryOptions: { maxRetries: 0 } }).verify("RS256", digest, signed.result)).result).toBe(true);
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get").map((e) => `${e.operation} ${e.status}`)).toEqual(["encrypt 200", "wrapkey 200", "verify 200"]);
});

test("outside nbf/exp a key still decrypts and unwraps what it protected, but encrypts, wraps and signs nothing new", async () => {
    fx.vault.createKey("aged-out");
    const key = await keys.getKey("aged-out");
    const client = new CryptographyClient(key, officer, { retryOptions: { maxRetries: 0 } });
    const plaintext = crypto.randomBytes(16);
    const dataKey = crypto.randomBytes(32);
    const encrypted = await client.encrypt({ algorithm: "RSA-OAEP-256", plaintext });
    const wrapped = await client.wrapKey("RSA-OAEP-256", dataKey);
    const hour = 3600;
    const now = Math.floor(Date.now() / 1000);
    for (const [attributes, inner] of [[{ exp: now - hour }, "KeyExpired"], [{ exp: undefined, nbf: now + hour }, "KeyNotYetValid"]] as const) {
        fx.vault.updateKey("aged-out", attributes);
        expect(Buffer.from((await client.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: encrypted.result })).result)).toEqual(plaintext);
        expect(Buffer.from((await client.unwrapKey("RSA-OAEP-256", wrapped.result)).result)).toEqual(dataKey);
        expect(await rejection(client.encrypt({ algorithm: "RSA-OAEP-256", plaintext }))).toEqual({ statusCode: 403, code: "Forbidden", inner });
        expect(await rejection(client.wrapKey("RSA-OAEP-256", dataKey))).toEqual({ statusCode: 403, code: "Forbidden", inner });
        expect(await rejection(client.sign("RS256", crypto.createHash("sha256").update(plaintext).digest()))).toEqual({ statusCode: 403, code: "Forbidden", inner });
    }
});

test("a key has expired on its exp second itself: encrypt is refused KeyExpired at exp, answered the second before", async () => {
    // about-keys-details, "Key attributes": exp is "the expiration time on or after which the key MUST NOT be used".
    const t = Math.floor(Date.now() / 1000) + 30;
    fx.vault.createKey("expires-at-t", { attributes: { exp: t } });
    const key = await keys.getKey("expires-at-t");
    // Without its dates the SDK leaves the judgement to the vault.
    const client = new CryptographyClient({ ...key, properties: { ...key.properties, expiresOn: undefined } }, officer, { retryOptions: { maxRetries: 0 } });
    const encrypt = () => client.encrypt({ algorithm: "RSA-OAEP-256", plaintext: crypto.randomBytes(16) });
    const at = async <T>(ms: number, run: () => Promise<T>): Promise<T> => {
        const clock = jest.spyOn(Date, "now").mockImplementation(() => ms);
        try {
            return await run();
        } finally {
            clock.mockRestore();
        }
    };
    expect((await at((t - 1) * 1000 + 900, encrypt)).keyID).toBe(key.id);
    expect(await at(t * 1000, () => rejection(encrypt()))).toEqual({ statusCode: 403, code: "Forbidden", inner: "KeyExpired" });
});

test("answers the GET of a disabled key with the key, enabled false; a vault set to refuse it answers 403 KeyDisabled", async () => {
    fx.vault.createKey("dormant");
    fx.vault.updateKey("dormant", { enabled: false });
    expect((await keys.getKey("dormant")).properties.enabled).toBe(false);
    fx.vault.faults.refuseGetOfDisabledKeys = true;
    try {
        expect(await rejection(keys.getKey("dormant"))).toEqual({ statusCode: 403, code: "Forbidden", inner: "KeyDisabled" });
    } finally {
        fx.vault.faults.refuseGetOfDisabledKeys = undefined;
    }
});

test("lists the versions of a key that does not exist as none (200, an empty page), after authorizing the caller", async () => {
    // Azure/azure-sdk-for-net Azure.Security.KeyVault.Keys/tests/KeyClientLiveTests.cs, GetPropertiesOfKeyVersionsNonExisting.
    const listed: string[] = [];
    for await (const p of keys.listPropertiesOfKeyVersions("never-made")) listed.push(p.version ?? "");
    expect(listed).toEqual([]);
    expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "versions", status: 200 });
    // Authorization comes first: a caller without keys/read is refused, whether or not the key exists.
    const nobody = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "lister", secret: "l" });
    const stranger = new KeyClient(fx.vault.url, new ClientSecretCredential(fx.tenantId, nobody.clientId, "l"), { retryOptions: { maxRetries: 0 } });
    expect(await rejection(stranger.listPropertiesOfKeyVersions("never-made").next())).toMatchObject({ statusCode: 403, code: "Forbidden" });
    expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "versions", status: 403, errorCode: "ForbiddenByRbac" });
});

test("answers a principal without a role with 403 Forbidden / ForbiddenByRbac", async () => {
    const nobody = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "nobody", secret: "n" });
    const client = new KeyClient(fx.vault.url, new ClientSecretCredential(fx.tenantId, nobody.clientId, "n"), { retryOptions: { maxRetries: 0 } });
    expect(await rejection(client.getKey("backup-key"))).toEqual({ statusCode: 403, code: "Forbidden", inner: "ForbiddenByRbac" });
});

test("a firewall refuses a caller from another address with 403 ForbiddenByFirewall, after the token and before any role", async () => {
    fx.vault.firewall = { allowedAddresses: ["203.0.113.9"] };
    try {
        const from = fx.standIn.log.length;
        // An officer may read the key, a stranger may not: the firewall answers both the same way.
        const nobody = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "outsider", secret: "o" });
        const stranger = new KeyClient(fx.vault.url, new ClientSecretCredential(fx.tenantId, nobody.clientId, "o"), { retryOptions: { maxRetries: 0 } });
        expect(await rejection(keys.getKey("backup-key"))).toEqual({ statusCode: 403, code: "Forbidden", inner: "ForbiddenByFirewall" });
        expect(await rejection(stranger.getKey("backup-key"))).toEqual({ statusCode: 403, code: "Forbidden", inner: "ForbiddenByFirewall" });
        // The unauthenticated first request still gets the 401 challenge.
        expect(fx.standIn.log.slice(from).map((e) => `${e.status}${e.authenticated ? "" : " challenge"}`)).toContain("401 challenge");
    } finally {
        fx.vault.firewall = undefined;
    }
});

test("rejects a bearer token it did not issue with 401 and a fresh challenge", async () => {
    const forged: TokenCredential = {
        async getToken(): Promise<AccessToken> {
            const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
            const claims = { aud: "https://vault.azure.net", tid: fx.tenantId, oid: "x", appid: "x", exp: Math.floor(Date.now() / 1000) + 600 };
            return { token: `${part({ alg: "RS256", kid: "forged" })}.${part(claims)}.${part({ sig: 1 })}`, expiresOnTimestamp: Date.now() + 600_000 };
        },
    };
    const client = new KeyClient(fx.vault.url, forged, { retryOptions: { maxRetries: 0 } });
    expect(await rejection(client.getKey("backup-key"))).toEqual({ statusCode: 401, code: "Unauthorized", inner: undefined });
});

test("answers a token it refuses as Key Vault does: 401, an Unauthorized body whose message starts with the reason's code, and the challenge", async () => {
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");
    const claims = { aud: "https://vault.azure.net", tid: fx.tenantId, oid: "x", appid: "x", exp: Math.floor(Date.now() / 1000) + 600 };
    const fixed = (token: string): TokenCredential => ({ getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 600_000 }) });
    const refusal = async (credential: TokenCredential) => {
        try {
            await new KeyClient(fx.vault.url, credential, { retryOptions: { maxRetries: 0 } }).getKey("backup-key");
        } catch (error) {
            const e = error as { statusCode?: number; details?: { error?: { code?: string; message?: string } }; response?: { headers: { get(name: string): string | undefined } } };
            return { status: e.statusCode, body: { code: e.details?.error?.code, message: e.details?.error?.message }, challenge: e.response?.headers.get("www-authenticate") };
        }
        throw new Error("expected a rejection");
    };
    const challenge = `Bearer authorization="https://login.microsoftonline.com/${fx.tenantId}", resource="https://vault.azure.net"`;
    // Signed with a key Entra ID does not publish (Key Vault: AKV10046, as reported in terraform-provider-azurerm#30912).
    expect(await refusal(fixed(`${part({ alg: "RS256", kid: "forged" })}.${part(claims)}.${part({ sig: 1 })}`))).toEqual({
        status: 401,
        body: { code: "Unauthorized", message: "AKV10046: Unable to resolve the key used for signature validation." },
        challenge,
    });
    // Expired: Key Vault's words carry a bracketed tag, not an AKV code (azure-sdk-for-python#27266, azure-sdk-for-java#24305).
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "short-lived", secret: "s" });
    fx.standIn.tokens.tokenLifetimeSeconds = 0;
    let expired;
    try {
        expired = await new ClientSecretCredential(fx.tenantId, app.clientId, "s").getToken("https://vault.azure.net/.default");
    } finally {
        fx.standIn.tokens.tokenLifetimeSeconds = 3600;
    }
    expect((await refusal(fixed(expired?.token ?? ""))).body).toEqual({ code: "Unauthorized", message: "[TokenExpired] Error validating token: 'S2S12086'." });
});

test("rejects a token for another tenant: the challenge names the vault's tenant and the SDK refuses to cross", async () => {
    const otherTenant = crypto.randomUUID();
    const outsider = fx.standIn.registerApplication({ tenantId: otherTenant, displayName: "outsider", secret: "o" });
    fx.vault.assignRole(outsider.objectId, "Key Vault Crypto User");
    const client = new KeyClient(fx.vault.url, new ClientSecretCredential(otherTenant, outsider.clientId, "o"), { retryOptions: { maxRetries: 0 } });
    await expect(client.getKey("backup-key")).rejects.toThrow();
    expect(fx.standIn.tokens.issued.some((t) => t.clientId === outsider.clientId)).toBe(false);
});

test("names the vault's tenant in its challenge by its id in lower case, however the vault was registered", async () => {
    const tenant = crypto.randomUUID();
    const vault = fx.standIn.addVault("kv-upper-tenant", tenant.toUpperCase());
    // The tenant the SDK asks the credential for is the one the challenge named.
    const seen: string[] = [];
    const probe: TokenCredential = {
        getToken: (_scopes, options): Promise<AccessToken | null> => {
            seen.push(String(options?.tenantId));
            return Promise.resolve(null);
        },
    };
    await rejection(new KeyClient(vault.url, probe, { retryOptions: { maxRetries: 0 } }).getKey("k"));
    expect(seen).toEqual([tenant]);
});

test("sign-in takes a tenant's domain or its id in any case, issues tokens naming its id, and refuses a domain no tenant has", async () => {
    const tenant = crypto.randomUUID();
    fx.standIn.addTenantDomain(tenant, "Fabrikam-Byok.onmicrosoft.com");
    const app = fx.standIn.registerApplication({ tenantId: tenant, displayName: "domain-app", secret: "d" });
    for (const given of ["fabrikam-byok.onmicrosoft.com", tenant.toUpperCase()]) {
        const token = await new ClientSecretCredential(given, app.clientId, "d").getToken("https://vault.azure.net/.default");
        expect(JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString("utf8"))).toMatchObject({ tid: tenant, iss: `https://sts.windows.net/${tenant}/` });
    }
    await expect(new ClientSecretCredential("nowhere-byok.onmicrosoft.com", app.clientId, "d").getToken("https://vault.azure.net/.default")).rejects.toThrow(/AADSTS90002/);
});

test("answers 429 Throttled once a vault's window is full", async () => {
    fx.vault.throttle = { limit: 2, windowMs: 60_000 };
    try {
        const client = new KeyClient(fx.vault.url, officer, { retryOptions: { maxRetries: 0 } });
        await client.getKey("backup-key");
        await client.getKey("backup-key");
        const throttled = await rejection(client.getKey("backup-key"));
        expect(throttled).toEqual({ statusCode: 429, code: "Throttled", inner: undefined });
        const last = fx.standIn.log[fx.standIn.log.length - 1];
        expect(last.status).toBe(429);
    } finally {
        fx.vault.throttle = undefined;
    }
});

test("serves every stable REST API version azure-rest-api-specs publishes, 2025-06-01 among them", async () => {
    // specification/keyvault/data-plane/Microsoft.KeyVault/stable/2025-06-01/keys.json, between 7.6 and 2025-07-01.
    for (const serviceVersion of ["7.6", "2025-06-01", "2025-07-01"]) {
        const dated = new KeyClient(fx.vault.url, officer, { serviceVersion, retryOptions: { maxRetries: 0 } });
        expect((await dated.getKey("backup-key")).name).toBe("backup-key");
    }
    expect(fx.standIn.log.filter((e) => e.operation === "get" && e.authenticated).slice(-3).map((e) => [e.apiVersion, e.status])).toEqual([["7.6", 200], ["2025-06-01", 200], ["2025-07-01", 200]]);
});
