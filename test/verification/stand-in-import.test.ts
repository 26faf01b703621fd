import * as crypto from "node:crypto";
import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";
import { CryptographyClient, KeyClient, type KeyVaultKey } from "@azure/keyvault-keys";
import { createTransferBlob } from "../support/byok-tool";
import type { RoleName } from "../support/keyvault";
import { describeLog, startFixture, stopFixture, type Fixture } from "./fixture";

/** BYOK import (Key Vault's Bring your own key specification) through the unchanged SDK: what Key Vault imports, and what it refuses. */
let fx: Fixture;
let officer: TokenCredential;
let keys: KeyClient;
let kek: KeyVaultKey;
/** Target keys made once: RSA generation is the slow part. */
let rsa3072: crypto.KeyObject;
let ecP256: crypto.KeyObject;

const VAULT = "kv-import";

beforeAll(async () => {
    fx = await startFixture(VAULT);
    officer = credentialWithRole("key-admin", "Key Vault Crypto Officer");
    keys = new KeyClient(fx.vault.url, officer, { retryOptions: { maxRetries: 0 } });
    kek = await keys.createRsaKey("byok-kek", { hsm: true, keySize: 2048, keyOps: ["import"] });
    rsa3072 = crypto.generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey;
    ecP256 = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
});

afterAll(async () => {
    await stopFixture(fx);
});

function credentialWithRole(displayName: string, role: RoleName, vault = fx.vault): ClientSecretCredential {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName, secret: `${displayName}-secret` });
    vault.assignRole(app.objectId, role);
    return new ClientSecretCredential(fx.tenantId, app.clientId, `${displayName}-secret`);
}

/** The KEK's public key as `az keyvault key download` writes it: the input of the vendor's BYOK tool. */
function publicPem(key: KeyVaultKey): string {
    const jwk = { kty: "RSA", n: Buffer.from(key.key?.n ?? []).toString("base64url"), e: Buffer.from(key.key?.e ?? []).toString("base64url") };
    return crypto.createPublicKey({ key: jwk, format: "jwk" }).export({ format: "pem", type: "spki" }).toString();
}

function blobFor(targetKey: crypto.KeyObject, forKek: KeyVaultKey = kek): Buffer {
    return createTransferBlob({ kekId: String(forKek.id), kekPublicKeyPem: publicPem(forKek), targetKey });
}

/** A .byok file edited as JSON (a tool or a transfer that got it wrong). */
function editBlob(blob: Buffer, edit: (json: { schema_version: string; header: Record<string, string>; ciphertext: string }) => void): Buffer {
    const json = JSON.parse(blob.toString("utf8")) as { schema_version: string; header: Record<string, string>; ciphertext: string };
    edit(json);
    return Buffer.from(JSON.stringify(json));
}

async function refusal(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message?: string; inner?: string }> {
    try {
        await promise;
    } catch (error) {
        const e = error as { statusCode?: number; code?: string; message?: string; details?: { error?: { innererror?: { code?: string }; innerError?: { code?: string } } } };
        return { statusCode: e.statusCode, code: e.code, message: e.message, inner: (e.details?.error?.innerError ?? e.details?.error?.innererror)?.code };
    }
    throw new Error("expected a rejection");
}

function badParameter(message: string): { statusCode: number; code: string; message: string; inner: undefined } {
    return { statusCode: 400, code: "BadParameter", message, inner: undefined };
}

test("the KEK is created through POST /keys/{name}/create as an RSA-HSM key whose only operation is import, and refuses every other operation", async () => {
    expect([kek.keyType, kek.keyOperations]).toEqual(["RSA-HSM", ["import"]]);
    expect(describeLog(fx)).toContain("POST create 200");
    // A stale key object claiming more operations gets past the SDK's own check; the vault refuses.
    const client = new CryptographyClient({ ...kek, keyOperations: ["decrypt", "unwrapKey", "sign"] }, officer, { retryOptions: { maxRetries: 0 } });
    const forbidden = { statusCode: 403, code: "Forbidden", inner: "KeyOperationForbidden" };
    expect(await refusal(client.decrypt({ algorithm: "RSA-OAEP", ciphertext: crypto.randomBytes(256) }))).toMatchObject(forbidden);
    expect(await refusal(client.unwrapKey("RSA-OAEP", crypto.randomBytes(256)))).toMatchObject(forbidden);
    expect(await refusal(client.sign("RS256", crypto.randomBytes(32)))).toMatchObject(forbidden);
    // "import" marks a KEK: Key Vault does not let it share a key with other operations.
    expect(await refusal(keys.createRsaKey("mixed-kek", { hsm: true, keyOps: ["import", "wrapKey"] }))).toEqual(
        badParameter('Key operation \'import\' cannot be combined with other key operations (got ["import","wrapKey"]): it marks a key exchange key.'),
    );
    // An operation Key Vault does not know is a bad request, not dropped; export (release) needs an exportable key and a policy.
    expect(await refusal(keys.createRsaKey("typo-key", { hsm: true, keyOps: ["wrapkey"] }))).toEqual(
        badParameter("Invalid key operation 'wrapkey'; key operations are encrypt, decrypt, sign, verify, wrapKey, unwrapKey, import, export."),
    );
    expect(await refusal(keys.createRsaKey("release-key", { hsm: true, keyOps: ["export"] }))).toEqual(
        badParameter("Key operation 'export' needs an exportable key with a release policy; key release is not supported by this stand-in."),
    );
});

test("imports an RSA 3072 key from a .byok file: the vault holds the imported material, logged as PUT import", async () => {
    const from = fx.standIn.log.length;
    const expiresOn = new Date(Math.floor(Date.now() / 1000 + 365 * 86400) * 1000);
    const imported = await keys.importKey(
        "byok-rsa",
        { kty: "RSA-HSM", keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"], t: blobFor(rsa3072) },
        { hardwareProtected: true, expiresOn, exportable: false, tags: { origin: "on-premises-hsm" } },
    );
    const local = rsa3072.export({ format: "jwk" });
    expect(Buffer.from(imported.key?.n ?? []).toString("base64url")).toBe(local.n);
    expect(Buffer.from(imported.key?.e ?? []).toString("base64url")).toBe(local.e);
    expect(imported.keyType).toBe("RSA-HSM");
    expect(imported.keyOperations).toEqual(["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
    expect(imported.id).toBe(`https://${VAULT}.vault.azure.net/keys/byok-rsa/${imported.properties.version}`);
    expect(imported.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect([imported.properties.enabled, imported.properties.expiresOn?.getTime(), imported.properties.recoveryLevel]).toEqual([true, expiresOn.getTime(), "Recoverable"]);
    // PUT /keys/{name} is import (the client answered its challenge on the KEK's create).
    expect(describeLog(fx, from)).toEqual(["PUT import 200"]);

    // Only the imported private key opens what its public key sealed locally.
    const payload = crypto.randomBytes(32);
    const client = new CryptographyClient(imported, officer);
    const sealed = crypto.publicEncrypt({ key: rsa3072, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, payload);
    expect(Buffer.from((await client.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: sealed })).result)).toEqual(payload);
    const wrapped = await client.wrapKey("RSA-OAEP", payload);
    expect(Buffer.from((await client.unwrapKey("RSA-OAEP", wrapped.result)).result)).toEqual(payload);
    expect(crypto.privateDecrypt({ key: rsa3072, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(wrapped.result))).toEqual(payload);
});

test("imports an EC-HSM P-256 key that signs in the vault, verified locally with the original public key", async () => {
    const imported = await keys.importKey("byok-ec", { kty: "EC-HSM", crv: "P-256", keyOps: ["sign", "verify"], t: blobFor(ecP256) }, { hardwareProtected: true });
    const local = ecP256.export({ format: "jwk" });
    expect([imported.keyType, imported.key?.crv, Buffer.from(imported.key?.x ?? []).toString("base64url"), Buffer.from(imported.key?.y ?? []).toString("base64url")]).toEqual(["EC-HSM", "P-256", local.x, local.y]);
    const data = crypto.randomBytes(64);
    const signed = await new CryptographyClient(imported, officer).sign("ES256", crypto.createHash("sha256").update(data).digest());
    expect(crypto.verify("sha256", data, { key: crypto.createPublicKey(ecP256), dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result))).toBe(true);
});

test("asked for no operations, an imported key gets those Key Vault gives its type, as created keys do", async () => {
    const rsa = await keys.importKey("byok-default-ops", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true });
    expect(rsa.keyOperations).toEqual(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"]);
    const ec = await keys.importKey("byok-default-ops-ec", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true });
    expect(ec.keyOperations).toEqual(["sign", "verify"]);
});

test("accepts key_hsm in standard base64 as well as the SDK's base64url", async () => {
    let sent = "";
    // Rewrites the SDK's base64url into standard base64 on the wire, as another client could send it.
    const toStandardBase64: PipelinePolicy = {
        name: "standard-base64-key-hsm",
        sendRequest(request, next) {
            if (request.method === "PUT" && typeof request.body === "string") {
                const body = JSON.parse(request.body) as { key: { key_hsm: string } };
                body.key.key_hsm = Buffer.from(body.key.key_hsm, "base64url").toString("base64");
                sent = body.key.key_hsm;
                request.body = JSON.stringify(body);
            }
            return next(request);
        },
    };
    const client = new KeyClient(fx.vault.url, officer, { retryOptions: { maxRetries: 0 }, additionalPolicies: [{ policy: toStandardBase64, position: "perCall" }] });
    // "~~~~~~" is 0x7E repeated: at any alignment its base64 holds a '+', which base64url writes as '-'.
    const t = createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: publicPem(kek), targetKey: ecP256, generator: "vendor tool 2.1 ~~~~~~; HSM firmware 7.4" });
    const imported = await client.importKey("byok-base64", { kty: "EC-HSM", crv: "P-256", t }, { hardwareProtected: true });
    expect(sent).toContain("+");
    expect(Buffer.from(imported.key?.x ?? []).toString("base64url")).toBe(ecP256.export({ format: "jwk" }).x);
});

test("imports a ciphertext in base64url with '=' padding, as Securosys' Primus BYOK tool and Python's urlsafe_b64encode write it", async () => {
    // Under this 2048-bit KEK, a P-256K key's ciphertext is 400 bytes (two '=' of padding), a P-521 key's 512 (one).
    for (const [curve, nodeCurve, padding] of [["P-256K", "secp256k1", "=="], ["P-521", "secp521r1", "="]] as const) {
        const ec = crypto.generateKeyPairSync("ec", { namedCurve: nodeCurve }).privateKey;
        const padded = editBlob(blobFor(ec), (j) => (j.ciphertext = Buffer.from(j.ciphertext, "base64url").toString("base64").replace(/\+/g, "-").replace(/\//g, "_")));
        const ciphertext = (JSON.parse(padded.toString("utf8")) as { ciphertext: string }).ciphertext;
        expect([curve, /=*$/.exec(ciphertext)?.[0], /[-_]/.test(ciphertext)]).toEqual([curve, padding, true]);
        const imported = await keys.importKey(`byok-padded-${curve.toLowerCase()}`, { kty: "EC-HSM", crv: curve, keyOps: ["sign", "verify"], t: padded }, { hardwareProtected: true });
        expect([curve, Buffer.from(imported.key?.x ?? []).toString("base64url")]).toEqual([curve, ec.export({ format: "jwk" }).x]);
    }
});

test("refuses operations a key type does not take, on import and on create, as Key Vault does: an EC key only signs and verifies, an AES key never imports", async () => {
    const unsupported = (ops: string, supported: string) => badParameter(`Unsupported key operation(s): ${ops}. Supported values are ${supported}.`);
    const ecOnly = '"sign", "verify"';
    expect(await refusal(keys.importKey("byok-ec-wrap", { kty: "EC-HSM", crv: "P-256", keyOps: ["wrapKey", "unwrapKey"], t: blobFor(ecP256) }, { hardwareProtected: true }))).toEqual(
        unsupported('"wrapKey", "unwrapKey"', ecOnly),
    );
    expect(await refusal(keys.importKey("byok-ec-wrap", { kty: "EC-HSM", crv: "P-256", keyOps: ["sign", "encrypt"], t: blobFor(ecP256) }, { hardwareProtected: true }))).toEqual(unsupported('"encrypt"', ecOnly));
    expect(await refusal(keys.createEcKey("ec-decrypt", { hsm: true, curve: "P-256", keyOps: ["sign", "verify", "decrypt"] }))).toEqual(unsupported('"decrypt"', ecOnly));
    expect(await refusal(keys.createEcKey("ec-kek", { hsm: true, curve: "P-256", keyOps: ["import"] }))).toEqual(unsupported('"import"', ecOnly));
    // A Managed HSM's AES key encrypts, decrypts, wraps and unwraps, and signs and verifies as an HMAC key; import marks an RSA KEK only.
    const pool = fx.standIn.addManagedHsm("hsm-import-ops", fx.tenantId);
    const poolKeys = new KeyClient(pool.url, credentialWithRole("hsm-ops-user", "Managed HSM Crypto User", pool), { retryOptions: { maxRetries: 0 } });
    const poolKek = await poolKeys.createRsaKey("byok-kek", { hsm: true, keyOps: ["import"] });
    const aes = crypto.createSecretKey(crypto.randomBytes(32));
    const octOps = '"encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"';
    expect(await refusal(poolKeys.importKey("aes-kek", { kty: "oct-HSM", keyOps: ["import"], t: blobFor(aes, poolKek) }, { hardwareProtected: true }))).toEqual(unsupported('"import"', octOps));
    expect(await refusal(poolKeys.createOctKey("aes-kek", { hsm: true, keySize: 256, keyOps: ["wrapKey", "import"] }))).toEqual(unsupported('"import"', octOps));
    expect([pool.keys.has("aes-kek"), fx.vault.keys.has("byok-ec-wrap"), fx.vault.keys.has("ec-decrypt"), fx.vault.keys.has("ec-kek")]).toEqual([false, false, false, false]);
    // What a type takes is made: an AES key for every AES operation and HMAC, an RSA key for all six.
    expect((await poolKeys.importKey("aes-all", { kty: "oct-HSM", keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey", "sign", "verify"], t: blobFor(aes, poolKek) }, { hardwareProtected: true })).keyType).toBe("oct-HSM");
    expect((await keys.importKey("byok-rsa-all", { kty: "RSA-HSM", keyOps: ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"], t: blobFor(rsa3072) }, { hardwareProtected: true })).keyOperations).toHaveLength(6);
});

test("an import never makes a key exchange key: key_ops with import are refused, as a KEK is generated in the vault", async () => {
    const kekNext = await refusal(keys.importKey("byok-kek", { kty: "RSA-HSM", keyOps: ["import"], t: blobFor(rsa3072) }, { hardwareProtected: true }));
    expect(kekNext).toEqual(badParameter("Key operation 'import' cannot be given to an imported key: a key exchange key must be generated in the vault."));
    expect(await refusal(keys.importKey("imported-kek", { kty: "RSA-HSM", keyOps: ["import"], t: blobFor(rsa3072) }, { hardwareProtected: true }))).toEqual(kekNext);
    expect([fx.vault.keys.get("byok-kek")?.length, fx.vault.keys.has("imported-kek")]).toEqual([1, false]);
});

test("keeps the tags a create or an import sends on that version alone, and returns them on get, as Key Vault does", async () => {
    const created = await keys.createRsaKey("tagged", { hsm: true, tags: { owner: "payments" } });
    expect(created.properties.tags).toEqual({ owner: "payments" });
    const imported = await keys.importKey("tagged", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true, tags: { owner: "treasury", "cost-center": "42" } });
    expect(imported.properties.tags).toEqual({ owner: "treasury", "cost-center": "42" });
    const untagged = await keys.importKey("tagged", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true });
    expect(untagged.properties.tags).toBeUndefined();
    const tagsOf = async (version?: string) => (await keys.getKey("tagged", { version })).properties.tags;
    expect([await tagsOf(created.properties.version), await tagsOf(imported.properties.version), await tagsOf()]).toEqual([{ owner: "payments" }, { owner: "treasury", "cost-center": "42" }, undefined]);
});

test("refuses more tags than Key Vault's 15 on a key, or a name or value over 256 characters, on create and on import", async () => {
    const invalid = badParameter("Property has invalid value");
    const many = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "v"]));
    expect(await refusal(keys.createRsaKey("over-tagged", { hsm: true, tags: many }))).toEqual(invalid);
    expect(await refusal(keys.importKey("over-tagged", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true, tags: many }))).toEqual(invalid);
    expect(await refusal(keys.importKey("over-tagged", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true, tags: { ["n".repeat(257)]: "v" } }))).toEqual(invalid);
    expect(await refusal(keys.createRsaKey("over-tagged", { hsm: true, tags: { owner: "v".repeat(257) } }))).toEqual(invalid);
    expect(fx.vault.keys.has("over-tagged")).toBe(false);
    // At the limits, taken.
    const full = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`${"n".repeat(254)}${String(i).padStart(2, "0")}`, "v".repeat(256)]));
    expect((await keys.createRsaKey("fully-tagged", { hsm: true, tags: full })).properties.tags).toEqual(full);
});

test("importing under an existing name adds a version; the older one keeps its material", async () => {
    const first = await keys.importKey("byok-twice", { kty: "EC-HSM", crv: "P-256", t: blobFor(ecP256) }, { hardwareProtected: true });
    const secondKey = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const second = await keys.importKey("byok-twice", { kty: "EC-HSM", crv: "P-256", t: blobFor(secondKey) }, { hardwareProtected: true });
    const versions: string[] = [];
    for await (const p of keys.listPropertiesOfKeyVersions("byok-twice")) versions.push(String(p.version));
    expect(versions.sort()).toEqual([String(first.properties.version), String(second.properties.version)].sort());
    expect(second.properties.version).not.toBe(first.properties.version);
    const latest = await keys.getKey("byok-twice");
    expect(Buffer.from(latest.key?.x ?? []).toString("base64url")).toBe(secondKey.export({ format: "jwk" }).x);
    const older = await keys.getKey("byok-twice", { version: first.properties.version });
    expect(Buffer.from(older.key?.x ?? []).toString("base64url")).toBe(ecP256.export({ format: "jwk" }).x);
});

test("an imported key is backed up and restored with its material, like any version", async () => {
    const imported = await keys.importKey("byok-backup", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true });
    const blob = await keys.backupKey("byok-backup");
    const target = fx.standIn.addVault("kv-import-restore", fx.tenantId);
    const restorer = new KeyClient(target.url, credentialWithRole("restorer", "Key Vault Crypto Officer", target), { retryOptions: { maxRetries: 0 } });
    const restored = await restorer.restoreKeyBackup(blob ?? new Uint8Array());
    expect([restored.properties.version, Buffer.from(restored.key?.n ?? []).toString("base64url")]).toEqual([imported.properties.version, rsa3072.export({ format: "jwk" }).n]);
});

test("a soft-deleted key holds its name: its GET is 404, GET /deletedkeys/{name} answers it with its dates, and an import under the name is 409 ObjectIsDeletedButRecoverable", async () => {
    const imported = await keys.importKey("byok-deleted", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true });
    fx.vault.softDeleteKey("byok-deleted");
    expect(await refusal(keys.getKey("byok-deleted"))).toMatchObject({ statusCode: 404, code: "KeyNotFound" });
    const deleted = await keys.getDeletedKey("byok-deleted");
    const deletedAt = fx.vault.deletedDates.get("byok-deleted") ?? 0;
    expect(deleted.properties).toMatchObject({
        recoveryId: `${fx.vault.url}/deletedkeys/byok-deleted`,
        deletedOn: new Date(deletedAt * 1000),
        scheduledPurgeDate: new Date((deletedAt + 90 * 86400) * 1000),
        recoveryLevel: "Recoverable",
        version: imported.properties.version,
    });
    expect(await refusal(keys.importKey("byok-deleted", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true }))).toMatchObject({ statusCode: 409, code: "Conflict", inner: "ObjectIsDeletedButRecoverable" });
    expect(await refusal(keys.getDeletedKey("byok-never"))).toMatchObject({ statusCode: 404, code: "KeyNotFound", message: "Deleted Key not found: byok-never" });
    // A vault's deleted keys are read with keys/get; a Managed HSM's with keys/deletedKeys/read, which only its Crypto Officer holds.
    expect((await new KeyClient(fx.vault.url, credentialWithRole("deleted-reader", "Key Vault Reader"), { retryOptions: { maxRetries: 0 } }).getDeletedKey("byok-deleted")).name).toBe("byok-deleted");
    const pool = fx.standIn.addManagedHsm("hsm-import-deleted", fx.tenantId);
    pool.createKey("gone", { kty: "RSA-HSM", keyPair: fx.pair });
    pool.softDeleteKey("gone");
    const hsmUser = new KeyClient(pool.url, credentialWithRole("hsm-user", "Managed HSM Crypto User", pool), { retryOptions: { maxRetries: 0 } });
    const refused = await refusal(hsmUser.getDeletedKey("gone"));
    expect(refused).toMatchObject({ statusCode: 403, code: "AccessDenied" });
    expect(refused.message).toContain("Microsoft.KeyVault/managedHsm/keys/deletedKeys/read/action on /keys/gone");
    const hsmAuditor = new KeyClient(pool.url, credentialWithRole("hsm-auditor", "Managed HSM Crypto Auditor", pool), { retryOptions: { maxRetries: 0 } });
    expect(await refusal(hsmAuditor.getDeletedKey("gone"))).toMatchObject({ statusCode: 403, code: "AccessDenied" });
    expect((await new KeyClient(pool.url, credentialWithRole("hsm-officer", "Managed HSM Crypto Officer", pool)).getDeletedKey("gone")).name).toBe("gone");
});

test("only Key Vault Crypto Officer may import: Crypto User, Service Encryption User and Reader get 403 ForbiddenByRbac naming keys/import/action", async () => {
    for (const role of ["Key Vault Crypto User", "Key Vault Crypto Service Encryption User", "Key Vault Reader"] as const) {
        const client = new KeyClient(fx.vault.url, credentialWithRole(role.replace(/ /g, "-").toLowerCase(), role), { retryOptions: { maxRetries: 0 } });
        const refused = await refusal(client.importKey("byok-not-allowed", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true }));
        expect([role, refused.statusCode, refused.code, refused.inner]).toEqual([role, 403, "Forbidden", "ForbiddenByRbac"]);
        expect(refused.message).toContain("Action: 'Microsoft.KeyVault/vaults/keys/import/action'");
    }
    expect(fx.vault.keys.has("byok-not-allowed")).toBe(false);
});

test("a standard vault refuses HSM keys: creating RSA-HSM or EC-HSM, a BYOK import, rotating one it held as premium; it makes software keys", async () => {
    // Azure/azure-sdk-for-net#6551, MicrosoftDocs/azure-docs#63888: "Hardware key operation not allowed on standard vault";
    // PowerShell reported it as Forbidden (MicrosoftDocs/azure-docs#34948). The code, Forbidden, is assumed.
    const standard = fx.standIn.addVault("kv-import-standard", fx.tenantId);
    expect(standard.sku).toBe("premium");
    // Made while premium, then the vault moved to standard (ARM changes a vault's SKU in place).
    standard.createKey("held-kek", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["import"] });
    standard.createKey("held-hsm", { kty: "RSA-HSM", keyPair: fx.pair });
    standard.sku = "standard";
    const client = new KeyClient(standard.url, credentialWithRole("standard-officer", "Key Vault Crypto Officer", standard), { retryOptions: { maxRetries: 0 } });
    const refused = { statusCode: 403, code: "Forbidden", message: "Hardware key operation not allowed on standard vault", inner: undefined };
    expect(await refusal(client.createRsaKey("hsm-rsa", { hsm: true }))).toEqual(refused);
    expect(await refusal(client.createEcKey("hsm-ec", { hsm: true, curve: "P-256" }))).toEqual(refused);
    expect(await refusal(client.createKey("hsm-kek", "RSA-HSM", { keyOps: ["import"] }))).toEqual(refused);
    const heldKek = await client.getKey("held-kek");
    expect(await refusal(client.importKey("byok-standard", { kty: "RSA-HSM", t: blobFor(rsa3072, heldKek) }, { hardwareProtected: true }))).toEqual(refused);
    expect(await refusal(client.rotateKey("held-hsm"))).toEqual(refused);
    expect(["hsm-rsa", "hsm-ec", "hsm-kek", "byok-standard"].filter((name) => standard.keys.has(name))).toEqual([]);
    expect(standard.keys.get("held-hsm")).toHaveLength(1);
    expect((await client.createRsaKey("software-rsa")).keyType).toBe("RSA");
    expect((await client.createEcKey("software-ec", { curve: "P-256" })).keyType).toBe("EC");
    // Tests cannot seed one either.
    expect(() => standard.createKey("seeded", { kty: "EC-HSM" })).toThrow("kv-import-standard.vault.azure.net is a standard vault: it holds no EC-HSM key, only a premium vault holds HSM keys");
});

test("refuses a blob made for a KEK of another vault", async () => {
    const other = fx.standIn.addVault("kv-import-other", fx.tenantId);
    const otherKeys = new KeyClient(other.url, credentialWithRole("other-admin", "Key Vault Crypto Officer", other), { retryOptions: { maxRetries: 0 } });
    const otherKek = await otherKeys.createRsaKey("byok-kek", { hsm: true, keyOps: ["import"] });
    expect(await refusal(keys.importKey("byok-foreign", { kty: "RSA-HSM", t: blobFor(rsa3072, otherKek) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key exchange key '${otherKek.id}' is not a key of this vault (${VAULT}): the KEK must be in the vault the key is imported into.`),
    );
    expect(fx.vault.keys.has("byok-foreign")).toBe(false);
});

test("refuses a header.kid that is no KEK version of this vault: unversioned, unknown version, or a key with other operations or type", async () => {
    const unversioned = `https://${VAULT}.vault.azure.net/keys/byok-kek`;
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, { ...kek, id: unversioned }) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key exchange key identifier '${unversioned}' names no key version: the transfer blob's header.kid must be the KEK's versioned identifier.`),
    );
    const unknown = `https://${VAULT}.vault.azure.net/keys/byok-kek/${"0".repeat(32)}`;
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, { ...kek, id: unknown }) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key exchange key '${unknown}' was not found in this key vault.`),
    );
    const wrapping = await keys.createRsaKey("wrapping-key", { hsm: true, keyOps: ["wrapKey", "unwrapKey"] });
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, wrapping) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key '${wrapping.id}' is not a key exchange key: a KEK is an RSA-HSM key whose key_ops are exactly ["import"] (this one is RSA-HSM with key_ops ["wrapKey","unwrapKey"]).`),
    );
    const software = await keys.createRsaKey("software-kek", { keyOps: ["import"] });
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, software) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key '${software.id}' is not a key exchange key: a KEK is an RSA-HSM key whose key_ops are exactly ["import"] (this one is RSA with key_ops ["import"]).`),
    );
    expect(fx.vault.keys.has("byok-x")).toBe(false);
});

test("refuses a KEK that is disabled or expired", async () => {
    const retired = await keys.createRsaKey("retired-kek", { hsm: true, keyOps: ["import"] });
    fx.vault.updateKey("retired-kek", { enabled: false });
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, retired) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key exchange key '${retired.id}' is disabled.`),
    );
    fx.vault.updateKey("retired-kek", { enabled: true, exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, retired) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key exchange key '${retired.id}' has expired.`),
    );
    // Expired on its exp second itself, not only after it: exp is the time "on or after which" a key must not be used.
    const t = Math.floor(Date.now() / 1000) + 30;
    fx.vault.updateKey("retired-kek", { exp: t });
    const clock = jest.spyOn(Date, "now").mockImplementation(() => t * 1000 + 200);
    try {
        expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072, retired) }, { hardwareProtected: true }))).toEqual(
            badParameter(`The key exchange key '${retired.id}' has expired.`),
        );
    } finally {
        clock.mockRestore();
    }
});

test("refuses a blob that does not decrypt: made for another KEK under this KEK's id, or altered in either part", async () => {
    const otherKek = await keys.createRsaKey("second-kek", { hsm: true, keyOps: ["import"] });
    // The vendor tool was given the wrong public key: the id says one KEK, the wrapping used another.
    const mismatched = createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: publicPem(otherKek), targetKey: rsa3072 });
    const oaepFailed = badParameter(`The key transfer blob does not decrypt with the key exchange key '${kek.id}': the RSA-OAEP integrity check failed (the blob was made for another key exchange key, or altered).`);
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: mismatched }, { hardwareProtected: true }))).toEqual(oaepFailed);
    const flip = (at: (bytes: Buffer) => number) => editBlob(blobFor(rsa3072), (json) => {
        const bytes = Buffer.from(json.ciphertext, "base64url");
        bytes[at(bytes)] ^= 0x01;
        json.ciphertext = bytes.toString("base64url");
    });
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: flip(() => 10) }, { hardwareProtected: true }))).toEqual(oaepFailed);
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: flip((b) => b.length - 3) }, { hardwareProtected: true }))).toEqual(
        badParameter(`The key transfer blob does not decrypt with the key exchange key '${kek.id}': the AES key unwrap integrity check failed (the blob was altered).`),
    );
    expect(fx.vault.keys.has("byok-x")).toBe(false);
});

test("refuses key_hsm that is not a transfer blob: wrong enc, alg or schema_version, or not JSON", async () => {
    const notABlob = (why: string) => badParameter(`Property 'key_hsm' is not a key transfer blob (.byok file): ${why}.`);
    const cases: [Buffer, string][] = [
        [editBlob(blobFor(rsa3072), (j) => (j.header.enc = "RSA_AES_KEY_WRAP_256")), "header.enc 'RSA_AES_KEY_WRAP_256' is not 'CKM_RSA_AES_KEY_WRAP'"],
        [editBlob(blobFor(rsa3072), (j) => (j.header.alg = "RSA-OAEP")), "header.alg 'RSA-OAEP' is not 'dir'"],
        [editBlob(blobFor(rsa3072), (j) => (j.schema_version = "2.0.0")), "schema_version '2.0.0' is not 1.0.0"],
        [rsa3072.export({ format: "der", type: "pkcs8" }), "its content is not JSON"],
    ];
    for (const [t, why] of cases) {
        expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t }, { hardwareProtected: true }))).toEqual(notABlob(why));
    }
});

test("refuses key material that does not match kty or crv, and an RSA size Key Vault does not hold", async () => {
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(ecP256) }, { hardwareProtected: true }))).toEqual(
        badParameter("The key in the key transfer blob is an EC key, not the RSA key kty RSA-HSM declares."),
    );
    expect(await refusal(keys.importKey("byok-x", { kty: "EC-HSM", crv: "P-256", t: blobFor(rsa3072) }, { hardwareProtected: true }))).toEqual(
        badParameter("The key in the key transfer blob is an RSA key, not the EC key kty EC-HSM declares."),
    );
    const p384 = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey;
    expect(await refusal(keys.importKey("byok-x", { kty: "EC-HSM", crv: "P-256", t: blobFor(p384) }, { hardwareProtected: true }))).toEqual(
        badParameter("The EC key in the key transfer blob is on curve P-384, not the P-256 the request declares."),
    );
    const rsa1024 = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa1024) }, { hardwareProtected: true }))).toEqual(
        badParameter("Invalid key size 1024 for RSA key: an imported RSA-HSM key is 2048, 3072 or 4096 bits."),
    );
    expect(fx.vault.keys.has("byok-x")).toBe(false);
});

test("refuses key_hsm with a software kty, an EC-HSM import without crv, and a plain JWK import", async () => {
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA", t: blobFor(rsa3072) }, { hardwareProtected: true }))).toEqual(
        badParameter("Key type 'RSA' cannot be imported from a key transfer blob: 'key_hsm' needs kty RSA-HSM, EC-HSM or oct-HSM."),
    );
    expect(await refusal(keys.importKey("byok-x", { kty: "oct-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true }))).toEqual(
        badParameter("Key type 'oct-HSM' is supported by Managed HSM only."),
    );
    expect(await refusal(keys.importKey("byok-x", { kty: "EC-HSM", t: blobFor(ecP256) }, { hardwareProtected: true }))).toEqual(
        badParameter("Property 'crv' is required to import an EC-HSM key."),
    );
    const jwk = rsa3072.export({ format: "jwk" });
    const bytes = (v: string | undefined): Uint8Array => Buffer.from(v ?? "", "base64url");
    const plain = { kty: "RSA", n: bytes(jwk.n), e: bytes(jwk.e), d: bytes(jwk.d), p: bytes(jwk.p), q: bytes(jwk.q), dp: bytes(jwk.dp), dq: bytes(jwk.dq), qi: bytes(jwk.qi) };
    expect(await refusal(keys.importKey("byok-x", plain))).toEqual(
        badParameter("Importing key material as a plain JSON Web Key (without 'key_hsm') is not supported by this stand-in; import an HSM-protected key from a key transfer blob (.byok file) instead."),
    );
    expect(fx.vault.keys.has("byok-x")).toBe(false);
});

test("refuses an import request without a key, and an exportable imported key (no release policy)", async () => {
    // Drops the body's key on the wire: the SDK itself always sends one.
    const dropKey: PipelinePolicy = {
        name: "drop-key",
        sendRequest(request, next) {
            if (request.method === "PUT") {
                request.body = JSON.stringify({ Hsm: true });
            }
            return next(request);
        },
    };
    const client = new KeyClient(fx.vault.url, officer, { retryOptions: { maxRetries: 0 }, additionalPolicies: [{ policy: dropKey, position: "perCall" }] });
    expect(await refusal(client.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true }))).toEqual(badParameter("Property 'key' is required."));
    expect(await refusal(keys.importKey("byok-x", { kty: "RSA-HSM", t: blobFor(rsa3072) }, { hardwareProtected: true, exportable: true }))).toEqual(
        badParameter("An exportable key needs a release policy; key release is not supported by this stand-in."),
    );
    expect(fx.vault.keys.has("byok-x")).toBe(false);
});
