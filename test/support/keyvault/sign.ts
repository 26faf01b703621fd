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
 * and HS512 for oct keys of 128, 192 and 256 bits; a vault holds no symmetric keys). (PS256–PS512
 * exist in Key Vault; this stand-in does not serve them.)
 */
export const SIGN_ALGORITHMS = {
    RS256: { digestBytes: 32, digestInfo: "3031300d060960864801650304020105000420" },
    RS384: { digestBytes: 48, digestInfo: "3041300d060960864801650304020205000430" },
    RS512: { digestBytes: 64, digestInfo: "3051300d060960864801650304020305000440" },
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
}

const ECDSA = { "P-256": p256, "P-384": p384, "P-521": p521, "P-256K": secp256k1 } as const;

export function isSignAlgorithm(alg: unknown): alg is SignAlgorithm {
    return typeof alg === "string" && Object.hasOwn(SIGN_ALGORITHMS, alg);
}

/** Why Key Vault would refuse `alg` on this key, or undefined when it fits. */
export function signRefusal(key: KeyVersion, alg: SignAlgorithm, digest: Buffer): string | undefined {
    const spec: AlgorithmSpec = SIGN_ALGORITHMS[alg];
    const fits = key.kty === "oct-HSM" ? spec.hmac !== undefined : key.kty === "EC" || key.kty === "EC-HSM" ? spec.crv === key.crv : spec.digestInfo !== undefined;
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
    let recovered: Buffer;
    try {
        recovered = crypto.publicDecrypt({ key: key.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    } catch {
        return false;
    }
    return recovered.equals(Buffer.concat([Buffer.from(spec.digestInfo ?? "", "hex"), digest]));
}
