import * as crypto from "node:crypto";
import type { JsonWebKey, KeyVaultKey } from "@azure/keyvault-keys";
import { VerificationError } from "../../verification/errors";
import { parseKeyId } from "../../verification/key-id";
import { allowedOperations, checkLocally, encryptLocally, fittedChecks, publicKeyOf, signatureAlgorithm } from "../../verification/key-facts";
import type { CheckName } from "../../verification/verify-key";

const VERSION = "0123456789abcdef0123456789abcdef";
const KID = `https://kv-main.vault.azure.net/keys/cmk/${VERSION}`;
const KEY = parseKeyId(KID);
const NOW = new Date("2030-06-01T00:00:00Z");

function bundle(keyType: KeyVaultKey["keyType"], keyOperations?: string[], extra: { key?: JsonWebKey; properties?: Partial<KeyVaultKey["properties"]> } = {}): KeyVaultKey {
    return {
        name: "cmk",
        id: KID,
        keyType,
        ...(keyOperations ? { keyOperations } : {}),
        key: extra.key,
        properties: { name: "cmk", vaultUrl: KEY.vaultUrl, version: VERSION, enabled: true, ...extra.properties },
    };
}

function jwkOf(publicKey: crypto.KeyObject): JsonWebKey {
    const jwk = publicKey.export({ format: "jwk" });
    const bytes = (b64?: string) => (b64 === undefined ? undefined : new Uint8Array(Buffer.from(b64, "base64url")));
    return { n: bytes(jwk.n), e: bytes(jwk.e), x: bytes(jwk.x), y: bytes(jwk.y), crv: jwk.crv === "secp256k1" ? "P-256K" : jwk.crv };
}

/** The failure checkLocally throws, as a step reports it; undefined when the key may be used. */
function refusal(vaultKey: KeyVaultKey, checks: CheckName[]): { code: string; message: string } | undefined {
    try {
        checkLocally(KEY, vaultKey, checks, NOW);
        return undefined;
    } catch (error) {
        if (!(error instanceof VerificationError)) throw error;
        return { code: error.code, message: error.message };
    }
}

describe("fittedChecks", () => {
    test.each<[string, KeyVaultKey, CheckName[]]>([
        ["a customer-managed RSA key (wrapKey, unwrapKey) gets the wrap round trip alone", bundle("RSA-HSM", ["wrapKey", "unwrapKey"]), ["read", "wrap-unwrap"]],
        ["an application's RSA key (encrypt, decrypt) gets both encrypt round trips", bundle("RSA", ["encrypt", "decrypt"]), ["read", "encrypt-decrypt", "local-encrypt"]],
        ["an RSA key listing no key_ops gets every default check", bundle("RSA-HSM"), ["read", "encrypt-decrypt", "wrap-unwrap", "local-encrypt"]],
        ["an AES (oct-HSM) key never gets local-encrypt: it has no public half", bundle("oct-HSM", ["encrypt", "decrypt", "wrapKey", "unwrapKey"]), ["read", "encrypt-decrypt", "wrap-unwrap"]],
        ["an HMAC (oct-HSM, sign and verify) key gets sign-verify", bundle("oct-HSM", ["sign", "verify"]), ["read", "sign-verify"]],
        ["an EC key gets sign-verify, even when it allows import", bundle("EC-HSM", ["sign", "verify", "import"]), ["read", "sign-verify"]],
        ["an RSA key allowing import alone gets key-exchange", bundle("RSA-HSM", ["import"]), ["read", "key-exchange"]],
        ["an RSA key allowing sign gets sign-verify", bundle("RSA", ["sign", "verify"]), ["read", "sign-verify"]],
        ["an RSA key allowing none of them gets every default check, to name what it lacks", bundle("RSA", ["verify"]), ["read", "encrypt-decrypt", "wrap-unwrap", "local-encrypt"]],
        ["an AES key allowing no whole round trip gets the vault-side checks alone, to name what it lacks", bundle("oct-HSM", ["encrypt"]), ["read", "encrypt-decrypt", "wrap-unwrap"]],
    ])("%s", (_, vaultKey, expected) => {
        // The caller takes the checks as a set; only which ones, in their order, matters.
        expect([...new Set(fittedChecks(vaultKey))]).toEqual(expected);
    });
});

describe("allowedOperations", () => {
    test("is the key_ops the bundle lists, an empty list included", () => {
        expect(allowedOperations(bundle("RSA", ["wrapKey"]))).toEqual(["wrapKey"]);
        expect(allowedOperations(bundle("RSA", []))).toEqual([]);
    });

    test.each<[KeyVaultKey["keyType"], string[]]>([
        ["RSA-HSM", ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"]],
        ["oct-HSM", ["encrypt", "decrypt", "wrapKey", "unwrapKey"]],
        ["EC", ["sign", "verify"]],
    ])("is every operation its type has, for a %s key whose bundle lists none", (keyType, expected) => {
        expect(allowedOperations(bundle(keyType))).toEqual(expected);
    });
});

describe("signatureAlgorithm", () => {
    test.each<[string, KeyVaultKey, string, string]>([
        ["an RSA key", bundle("RSA-HSM"), "RS256", "sha256"],
        ["an oct-HSM key", bundle("oct-HSM"), "HS256", "sha256"],
        ["a P-256 key", bundle("EC-HSM", undefined, { key: { crv: "P-256" } }), "ES256", "sha256"],
        ["a P-384 key", bundle("EC-HSM", undefined, { key: { crv: "P-384" } }), "ES384", "sha384"],
        ["a P-521 key", bundle("EC-HSM", undefined, { key: { crv: "P-521" } }), "ES512", "sha512"],
        ["a P-256K key", bundle("EC", undefined, { key: { crv: "P-256K" } }), "ES256K", "sha256"],
    ])("signs with %s's own algorithm and digest", (_, vaultKey, algorithm, hash) => {
        expect(signatureAlgorithm(vaultKey)).toEqual({ algorithm, hash });
    });
});

describe("publicKeyOf", () => {
    test("verifies a P-256K signature in Key Vault's r‖s form", () => {
        const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "secp256k1" });
        const data = crypto.randomBytes(64);
        const signature = crypto.sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
        expect(crypto.verify("sha256", data, publicKeyOf(bundle("EC", undefined, { key: jwkOf(publicKey) })), signature)).toBe(true);
    });

    test("is the RSA key the bundle's modulus and exponent make", () => {
        const { publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const made = publicKeyOf(bundle("RSA-HSM", undefined, { key: jwkOf(publicKey) })) as crypto.KeyObject;
        expect(made.equals(publicKey)).toBe(true);
    });
});

describe("encryptLocally", () => {
    test("encrypts with RSA-OAEP under the public key and records the versioned key id", () => {
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const plaintext = crypto.randomBytes(32);
        const envelope = encryptLocally(bundle("RSA-HSM", undefined, { key: jwkOf(publicKey) }), plaintext);
        expect({ keyId: envelope.keyId, keyVersion: envelope.keyVersion, algorithm: envelope.algorithm }).toEqual({ keyId: KID, keyVersion: VERSION, algorithm: "RSA-OAEP" });
        expect(crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, envelope.ciphertext)).toEqual(plaintext);
    });

    test("encrypts with RSA-OAEP-256 when asked, as wrap-unwrap wraps a key here", () => {
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const plaintext = crypto.randomBytes(32);
        const envelope = encryptLocally(bundle("RSA-HSM", undefined, { key: jwkOf(publicKey) }), plaintext, "RSA-OAEP-256");
        expect(envelope.algorithm).toBe("RSA-OAEP-256");
        expect(crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, envelope.ciphertext)).toEqual(plaintext);
    });

    test("refuses a key without an RSA public half", () => {
        expect(() => encryptLocally(bundle("EC", undefined, { key: { crv: "P-256" } }), new Uint8Array(32))).toThrow(`Wrong operations: ${KID} does not permit [encrypt].`);
    });
});

describe("checkLocally", () => {
    test("accepts an enabled key inside its dates that allows what the checks need", () => {
        const vaultKey = bundle("RSA-HSM", ["wrapKey", "unwrapKey"], { properties: { notBefore: new Date("2030-01-01T00:00:00Z"), expiresOn: new Date("2031-01-01T00:00:00Z") } });
        expect(refusal(vaultKey, ["read", "wrap-unwrap"])).toBeUndefined();
    });

    test("names a disabled key before its dates", () => {
        const vaultKey = bundle("RSA-HSM", undefined, { properties: { enabled: false, expiresOn: new Date("2030-01-01T00:00:00Z") } });
        expect(refusal(vaultKey, ["read"])?.code).toBe("KeyDisabled");
    });

    test("names the date a key expired and the date a key becomes valid", () => {
        expect(refusal(bundle("RSA-HSM", undefined, { properties: { expiresOn: new Date("2030-05-31T00:00:00Z") } }), ["read"])).toEqual({
            code: "KeyExpired",
            message: `Key expired: ${KID} expired at 2030-05-31T00:00:00.000Z.`,
        });
        expect(refusal(bundle("RSA-HSM", undefined, { properties: { notBefore: new Date("2030-06-02T00:00:00Z") } }), ["read"])).toEqual({
            code: "KeyNotYetValid",
            message: `Key not yet valid: ${KID} cannot be used before 2030-06-02T00:00:00.000Z.`,
        });
    });

    test("names a key expired from its expiry instant on, as Key Vault's exp is the time on or after which it must not be used", () => {
        expect(refusal(bundle("RSA-HSM", undefined, { properties: { expiresOn: NOW } }), ["read"])).toEqual({ code: "KeyExpired", message: `Key expired: ${KID} expired at ${NOW.toISOString()}.` });
        expect(refusal(bundle("RSA-HSM", undefined, { properties: { expiresOn: new Date(NOW.getTime() + 1) } }), ["read"])).toBeUndefined();
    });

    test("names the operations the checks need that the key does not allow", () => {
        expect(refusal(bundle("RSA-HSM", ["wrapKey", "unwrapKey"]), ["read", "encrypt-decrypt", "wrap-unwrap"])).toEqual({
            code: "WrongOperations",
            message: `Wrong operations: ${KID} allows [wrapKey, unwrapKey] but verification needs [encrypt, decrypt].`,
        });
    });

    test("proves an RSA key's older versions by unwrapping when it only wraps, and by decrypting otherwise", () => {
        expect(refusal(bundle("RSA-HSM", ["wrapKey", "unwrapKey"]), ["read", "previous-versions"])).toBeUndefined();
        expect(refusal(bundle("RSA-HSM", ["encrypt"]), ["read", "previous-versions"])?.message).toBe(`Wrong operations: ${KID} allows [encrypt] but verification needs [decrypt].`);
    });

    test("proves an AES key's older versions by wrapping when it only wraps", () => {
        expect(refusal(bundle("oct-HSM", ["wrapKey", "unwrapKey"]), ["read", "previous-versions"])).toBeUndefined();
        expect(refusal(bundle("oct-HSM", ["wrapKey"]), ["read", "previous-versions"])?.message).toBe(`Wrong operations: ${KID} allows [wrapKey] but verification needs [unwrapKey].`);
    });

    test("needs verify as well as sign from an HMAC key, since the HSM verifies its signatures", () => {
        expect(refusal(bundle("oct-HSM", ["sign"]), ["read", "sign-verify"])?.message).toBe(`Wrong operations: ${KID} allows [sign] but verification needs [verify].`);
        expect(refusal(bundle("RSA-HSM", ["sign"]), ["read", "sign-verify"])).toBeUndefined();
    });

    test.each<[string[], string]>([
        [["encrypt"], "decrypt, wrapKey, unwrapKey"],
        [["unwrapKey"], "encrypt, decrypt, wrapKey"],
        [["decrypt", "unwrapKey"], "encrypt, wrapKey"],
    ])("names what an AES key allowing %j lacks for the checks it is given, as for an RSA key", (ops, missing) => {
        const aes = bundle("oct-HSM", ops);
        expect(refusal(aes, fittedChecks(aes))).toEqual({ code: "WrongOperations", message: `Wrong operations: ${KID} allows [${ops.join(", ")}] but verification needs [${missing}].` });
    });

    test("refuses local-encrypt for an AES key, which has no public half", () => {
        expect(refusal(bundle("oct-HSM"), ["read", "local-encrypt"])).toEqual({
            code: "WrongOperations",
            message: `Wrong operations: ${KID} allows [none of these: oct-HSM keys are symmetric, with no public key to encrypt with here] but verification needs [local-encrypt].`,
        });
    });

    test("refuses to encrypt or wrap with an EC key, whatever its key_ops", () => {
        expect(refusal(bundle("EC-HSM", ["encrypt", "decrypt", "sign"]), ["read", "encrypt-decrypt", "sign-verify"])).toEqual({
            code: "WrongOperations",
            message: `Wrong operations: ${KID} allows [none: EC-HSM keys cannot encrypt] but verification needs [encrypt, decrypt].`,
        });
    });
});
