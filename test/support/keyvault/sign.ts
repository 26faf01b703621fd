import * as crypto from "node:crypto";
import { p256 } from "@noble/curves/p256";
import { p384 } from "@noble/curves/p384";
import { p521 } from "@noble/curves/p521";
import { secp256k1 } from "@noble/curves/secp256k1";
import type { CurveName, KeyVersion } from "./vault";

/**
 * Key Vault's sign algorithms as the stand-in serves them. Key Vault signs a digest the client
 * computed: RSxxx is PKCS#1 v1.5 over that digest, ESxxx is ECDSA over it (r‖s, IEEE P1363), the
 * curve fixed by the algorithm. HSxxx is HMAC over the value sent, with a Managed HSM's oct-HSM
 * key only (Microsoft's "Key types, algorithms, and operations (Managed HSM)" lists HS256, HS384
 * and HS512 for oct keys of 128, 192 and 256 bits; a vault holds no symmetric keys). PSxxx is
 * RSASSA-PSS over the digest (RFC 8017, MGF1 with the same hash), its salt as long as the digest,
 * as JWA defines Key Vault's PS names (RFC 7518, 3.5: "The size of the salt value is the same size
 * as the hash function output").
 */
export const SIGN_ALGORITHMS = {
    RS256: { digestBytes: 32, digestInfo: "3031300d060960864801650304020105000420" },
    RS384: { digestBytes: 48, digestInfo: "3041300d060960864801650304020205000430" },
    RS512: { digestBytes: 64, digestInfo: "3051300d060960864801650304020305000440" },
    PS256: { digestBytes: 32, pss: "sha256" },
    PS384: { digestBytes: 48, pss: "sha384" },
    PS512: { digestBytes: 64, pss: "sha512" },
    ES256: { digestBytes: 32, crv: "P-256" },
    ES384: { digestBytes: 48, crv: "P-384" },
    ES512: { digestBytes: 64, crv: "P-521" },
    ES256K: { digestBytes: 32, crv: "P-256K" },
    HS256: { hmac: "sha256" },
    HS384: { hmac: "sha384" },
    HS512: { hmac: "sha512" },
} as const satisfies Record<string, AlgorithmSpec>;
export type SignAlgorithm = keyof typeof SIGN_ALGORITHMS;

interface AlgorithmSpec {
    digestBytes?: number;
    digestInfo?: string;
    crv?: CurveName;
    hmac?: "sha256" | "sha384" | "sha512";
    pss?: "sha256" | "sha384" | "sha512";
}

const ECDSA = { "P-256": p256, "P-384": p384, "P-521": p521, "P-256K": secp256k1 } as const;

export function isSignAlgorithm(alg: unknown): alg is SignAlgorithm {
    return typeof alg === "string" && Object.hasOwn(SIGN_ALGORITHMS, alg);
}

/** Why Key Vault would refuse `alg` on this key, or undefined when it fits. */
export function signRefusal(key: KeyVersion, alg: SignAlgorithm, digest: Buffer): string | undefined {
    const spec: AlgorithmSpec = SIGN_ALGORITHMS[alg];
    const fits = key.kty === "oct-HSM" ? spec.hmac !== undefined : key.kty === "EC" || key.kty === "EC-HSM" ? spec.crv === key.crv : spec.digestInfo !== undefined || spec.pss !== undefined;
    if (!fits) {
        return `Invalid algorithm '${alg}' for key type ${key.kty}${key.crv ? ` with curve ${key.crv}` : ""}.`;
    }
    if (spec.digestBytes !== undefined && digest.length !== spec.digestBytes) {
        return `Invalid digest length ${digest.length} for ${alg}: expected ${spec.digestBytes} bytes.`;
    }
    if (digest.length === 0) {
        return `Property 'value' must not be empty for ${alg}.`;
    }
    return undefined;
}

/** The signature Key Vault returns for a digest that `signRefusal` accepted. */
export function signDigest(key: KeyVersion, alg: SignAlgorithm, digest: Buffer): Buffer {
    const spec: AlgorithmSpec = SIGN_ALGORITHMS[alg];
    if (spec.hmac) {
        return crypto.createHmac(spec.hmac, key.privateKey).update(digest).digest();
    }
    if (spec.crv) {
        const d = Buffer.from(String(key.privateKey.export({ format: "jwk" }).d), "base64url");
        return Buffer.from(ECDSA[spec.crv].sign(digest, d, { prehash: false }).toCompactRawBytes());
    }
    if (spec.pss) {
        // The raw RSA operation on the PSS encoding: node signs only what it hashes itself, and Key Vault is sent the digest.
        const k = modulusBytes(key.publicKey);
        return crypto.privateDecrypt({ key: key.privateKey, padding: crypto.constants.RSA_NO_PADDING }, leftPad(emsaPssEncode(digest, spec.pss, k * 8 - 1), k));
    }
    const digestInfo = Buffer.concat([Buffer.from(spec.digestInfo ?? "", "hex"), digest]);
    return crypto.privateEncrypt({ key: key.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }, digestInfo);
}

/** Key Vault's verify: whether `signature` is the key's `alg` signature of a digest that `signRefusal` accepted. */
export function verifyDigest(key: KeyVersion, alg: SignAlgorithm, digest: Buffer, signature: Buffer): boolean {
    const spec: AlgorithmSpec = SIGN_ALGORITHMS[alg];
    if (spec.hmac) {
        const expected = signDigest(key, alg, digest);
        return expected.length === signature.length && crypto.timingSafeEqual(expected, signature);
    }
    if (spec.crv) {
        const jwk = key.publicKey.export({ format: "jwk" });
        const point = Buffer.concat([Buffer.from([4]), Buffer.from(String(jwk.x), "base64url"), Buffer.from(String(jwk.y), "base64url")]);
        // Key Vault's ECDSA signatures are r‖s and may carry either s.
        // A signature that is not r‖s of the curve's size is one that does not verify, not a fault of the vault.
        try {
            return ECDSA[spec.crv].verify(signature, digest, point, { prehash: false, lowS: false, format: "compact" });
        } catch {
            return false;
        }
    }
    if (spec.pss) {
        const k = modulusBytes(key.publicKey);
        if (signature.length !== k) return false;
        let em: Buffer;
        try {
            em = crypto.publicEncrypt({ key: key.publicKey, padding: crypto.constants.RSA_NO_PADDING }, signature);
        } catch {
            return false;
        }
        return emsaPssVerify(digest, em, spec.pss, k * 8 - 1);
    }
    let recovered: Buffer;
    try {
        recovered = crypto.publicDecrypt({ key: key.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    } catch {
        return false;
    }
    return recovered.equals(Buffer.concat([Buffer.from(spec.digestInfo ?? "", "hex"), digest]));
}

function modulusBytes(publicKey: crypto.KeyObject): number {
    return (publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
}

function leftPad(bytes: Buffer, length: number): Buffer {
    return Buffer.concat([Buffer.alloc(Math.max(0, length - bytes.length)), bytes]);
}

/** MGF1 (RFC 8017, B.2.1). */
function mgf1(seed: Buffer, length: number, hash: string): Buffer {
    const blocks: Buffer[] = [];
    for (let counter = 0; blocks.length * seed.length < length; counter++) {
        const c = Buffer.alloc(4);
        c.writeUInt32BE(counter);
        blocks.push(crypto.createHash(hash).update(seed).update(c).digest());
    }
    return Buffer.concat(blocks).subarray(0, length);
}

/** EMSA-PSS-ENCODE (RFC 8017, 9.1.1) of a digest, with a salt as long as the digest. */
function emsaPssEncode(mHash: Buffer, hash: string, emBits: number): Buffer {
    const emLen = Math.ceil(emBits / 8);
    const salt = crypto.randomBytes(mHash.length);
    const h = crypto.createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
    const db = Buffer.concat([Buffer.alloc(emLen - salt.length - h.length - 2), Buffer.from([0x01]), salt]);
    const mask = mgf1(h, db.length, hash);
    for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= 0xff >> (8 * emLen - emBits);
    return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

/** EMSA-PSS-VERIFY (RFC 8017, 9.1.2) of a digest against the encoded message, the salt as long as the digest. */
function emsaPssVerify(mHash: Buffer, encoded: Buffer, hash: string, emBits: number): boolean {
    const emLen = Math.ceil(emBits / 8);
    const hLen = mHash.length;
    // The raw result is the modulus' length; the encoding is emLen bytes, a leading zero byte fewer when emBits is a multiple of 8.
    const em = encoded.subarray(encoded.length - emLen);
    if (encoded.subarray(0, encoded.length - emLen).some((b) => b !== 0)) return false;
    if (emLen < 2 * hLen + 2 || em[emLen - 1] !== 0xbc) return false;
    const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
    const h = em.subarray(emLen - hLen - 1, emLen - 1);
    const topBits = 0xff >> (8 * emLen - emBits);
    if ((db[0] & ~topBits) !== 0) return false;
    const mask = mgf1(h, db.length, hash);
    for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= topBits;
    const separator = db.length - hLen - 1;
    if (db.subarray(0, separator).some((b) => b !== 0) || db[separator] !== 0x01) return false;
    const salt = db.subarray(separator + 1);
    const expected = crypto.createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
    return crypto.timingSafeEqual(expected, h);
}
