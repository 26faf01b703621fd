import * as crypto from "node:crypto";
import type { KeyVaultKey } from "@azure/keyvault-keys";
import { KeyDisabledError, KeyExpiredError, KeyNotYetValidError, WrongOperationsError } from "./errors";
import type { ParsedKeyId } from "./key-id";
import type { CheckName, Envelope } from "./verify-key";

/*
 * What a key bundle alone says: its kind, the operations it allows, the checks that fit it, and
 * whether it may be used now. No vault call is made here.
 */

export const DEFAULT_CHECKS: readonly CheckName[] = ["read", "encrypt-decrypt", "wrap-unwrap", "local-encrypt"];

const OPERATIONS_NEEDED: Record<CheckName, readonly string[]> = {
    read: [],
    "encrypt-decrypt": ["encrypt", "decrypt"],
    "wrap-unwrap": ["wrapKey", "unwrapKey"],
    "local-encrypt": ["encrypt", "decrypt"],
    "sign-verify": ["sign"],
    // Not import: adding it never makes a key a KEK (import must be its only operation), so the key-exchange step names what one is.
    "key-exchange": [],
    recoverable: [],
    rotation: [],
    expiry: [],
    // decrypt, or unwrapKey for a key that only wraps (checkLocally asks for one of them; each older version is judged by its own key_ops).
    "previous-versions": [],
    backup: [],
};

/** Encrypts with the key's public half here (no vault call), RSA-OAEP unless asked for RSA-OAEP-256, and records the versioned key id. */
export function encryptLocally(key: KeyVaultKey, plaintext: Uint8Array, algorithm: Envelope["algorithm"] = "RSA-OAEP"): Envelope {
    const jwk = key.key;
    if (!jwk?.n || !jwk.e || !key.id) {
        throw new WrongOperationsError({ keyId: key.id ?? key.name }, ["encrypt"]);
    }
    const publicKey = crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(jwk.n).toString("base64url"), e: Buffer.from(jwk.e).toString("base64url") }, format: "jwk" });
    const ciphertext = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm === "RSA-OAEP-256" ? "sha256" : "sha1" }, plaintext);
    return { keyId: key.id, keyVersion: key.properties.version ?? "", algorithm, ciphertext };
}

/**
 * The default checks a key's operations allow; for a key that can only sign (any EC key), the
 * sign check; for a key exchange key (import), the KEK check; every default its type can pass (to
 * name what is missing) when it allows none of them.
 */
export function fittedChecks(vaultKey: KeyVaultKey): CheckName[] {
    const allowed = allowedOperations(vaultKey);
    const fits = (c: CheckName) => OPERATIONS_NEEDED[c].every((op) => allowed.includes(op));
    // A symmetric key has no public half to encrypt with here: local-encrypt would fail it whatever its key_ops.
    const candidates = isSymmetric(vaultKey) ? DEFAULT_CHECKS.filter((c) => c !== "local-encrypt") : DEFAULT_CHECKS;
    const fitting = isRsa(vaultKey) || isSymmetric(vaultKey) ? candidates.filter(fits) : [];
    if (fitting.some((c) => c !== "read")) return ["read", ...fitting];
    // Only an RSA key can be a key exchange key; an EC key is for signing, whatever else it allows.
    if (allowed.includes("import") && (isRsa(vaultKey) || !allowed.includes("sign"))) return ["read", "key-exchange"];
    return allowed.includes("sign") || !(isRsa(vaultKey) || isSymmetric(vaultKey)) ? ["read", "sign-verify"] : ["read", ...candidates];
}

export function isRsa(vaultKey: KeyVaultKey): boolean {
    return vaultKey.keyType === "RSA" || vaultKey.keyType === "RSA-HSM";
}

/**
 * The operations a key allows: its key_ops, or, when its bundle lists none (RFC 7517 makes the
 * member optional, and then nothing is restricted), every operation its type has.
 */
export function allowedOperations(vaultKey: KeyVaultKey): string[] {
    if (vaultKey.keyOperations !== undefined) return vaultKey.keyOperations;
    if (isRsa(vaultKey)) return ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"];
    return isSymmetric(vaultKey) ? ["encrypt", "decrypt", "wrapKey", "unwrapKey"] : ["sign", "verify"];
}

/** A Managed HSM's AES key: the vault encrypts and wraps with it, and nothing is done with it here. */
export function isSymmetric(vaultKey: KeyVaultKey): boolean {
    return vaultKey.keyType === "oct" || vaultKey.keyType === "oct-HSM";
}

/** Key Vault's signature algorithm for the key (RS256, HS256, or the ES algorithm its curve fixes) and the digest it signs. */
export function signatureAlgorithm(vaultKey: KeyVaultKey): { algorithm: "RS256" | "HS256" | "ES256" | "ES384" | "ES512" | "ES256K"; hash: "sha256" | "sha384" | "sha512" } {
    if (isRsa(vaultKey)) return { algorithm: "RS256", hash: "sha256" };
    // Managed HSM serves HS256, HS384 and HS512 with oct keys of every size (128, 192, 256 bits).
    if (isSymmetric(vaultKey)) return { algorithm: "HS256", hash: "sha256" };
    switch (vaultKey.key?.crv) {
        case "P-384":
            return { algorithm: "ES384", hash: "sha384" };
        case "P-521":
            return { algorithm: "ES512", hash: "sha512" };
        case "P-256K":
            return { algorithm: "ES256K", hash: "sha256" };
        default:
            return { algorithm: "ES256", hash: "sha256" };
    }
}

/** The key's public half as node verifies with it (EC signatures as Key Vault returns them: r‖s). */
export function publicKeyOf(vaultKey: KeyVaultKey): crypto.KeyObject | crypto.VerifyKeyObjectInput {
    const jwk = vaultKey.key;
    const b64 = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("base64url");
    if (isRsa(vaultKey)) {
        return crypto.createPublicKey({ key: { kty: "RSA", n: b64(jwk?.n), e: b64(jwk?.e) }, format: "jwk" });
    }
    // JOSE names Key Vault's P-256K "secp256k1" (RFC 8812).
    const crv = jwk?.crv === "P-256K" ? "secp256k1" : jwk?.crv;
    return { key: crypto.createPublicKey({ key: { kty: "EC", crv, x: b64(jwk?.x), y: b64(jwk?.y) }, format: "jwk" }), dsaEncoding: "ieee-p1363" };
}

/** The SDK's own `ensureValid`, run before any crypto call, with named failures. */
export function checkLocally(key: ParsedKeyId, vaultKey: KeyVaultKey, checks: CheckName[], now: Date): void {
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "get" };
    const { enabled, notBefore, expiresOn } = vaultKey.properties;
    if (enabled === false) {
        throw new KeyDisabledError(context);
    }
    // Key Vault's exp is the time "on or after which" the key must not be used: at it, the key has expired.
    if (expiresOn && now >= expiresOn) {
        throw new KeyExpiredError(context, expiresOn);
    }
    if (notBefore && now < notBefore) {
        throw new KeyNotYetValidError(context, notBefore);
    }
    const allowed = allowedOperations(vaultKey);
    const needed = [...new Set(checks.flatMap((c) => OPERATIONS_NEEDED[c]))];
    if (checks.includes("previous-versions")) {
        // A symmetric key's versions are proved by the vault encrypting and decrypting; an RSA key's by decrypting or unwrapping.
        const opens = isSymmetric(vaultKey)
            ? (allowed.includes("encrypt") || !allowed.includes("wrapKey") ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"])
            : allowed.includes("decrypt") || !allowed.includes("unwrapKey") ? ["decrypt"] : ["unwrapKey"];
        needed.push(...opens.filter((op) => !needed.includes(op)));
    }
    if (isSymmetric(vaultKey) && checks.includes("sign-verify") && !needed.includes("verify")) {
        // No public half to verify an HMAC with here: the HSM verifies it.
        needed.push("verify");
    }
    const missing = needed.filter((op) => !allowed.includes(op));
    if (isSymmetric(vaultKey) && checks.includes("local-encrypt")) {
        throw new WrongOperationsError({ ...context, keyType: vaultKey.keyType }, ["local-encrypt"], [`none of these: ${vaultKey.keyType} keys are symmetric, with no public key to encrypt with here`]);
    }
    const rsaOnly = needed.filter((op) => op !== "sign" && op !== "verify");
    if (!isRsa(vaultKey) && !isSymmetric(vaultKey) && rsaOnly.length > 0) {
        throw new WrongOperationsError({ ...context, keyType: vaultKey.keyType }, rsaOnly, [`none: ${vaultKey.keyType ?? "unknown"} keys cannot encrypt`]);
    }
    if (missing.length > 0) {
        throw new WrongOperationsError(context, missing, allowed);
    }
}
