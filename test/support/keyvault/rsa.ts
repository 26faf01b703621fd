import * as crypto from "node:crypto";

/** The RSA algorithms Key Vault offers for encrypt/decrypt and wrapKey/unwrapKey. */
export const RSA_ALGORITHMS = ["RSA-OAEP", "RSA-OAEP-256", "RSA1_5"] as const;
export type RsaAlgorithm = (typeof RSA_ALGORITHMS)[number];

export function rsaEncrypt(publicKey: crypto.KeyObject, alg: RsaAlgorithm, data: Buffer): Buffer {
    if (alg === "RSA1_5") {
        return crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, data);
    }
    return crypto.publicEncrypt(
        { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === "RSA-OAEP" ? "sha1" : "sha256" },
        data,
    );
}

export function rsaDecrypt(privateKey: crypto.KeyObject, alg: RsaAlgorithm, data: Buffer): Buffer | undefined {
    try {
        if (alg === "RSA1_5") {
            // Node refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so unpad the raw RSA result.
            const em = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, data);
            if (em[0] !== 0x00 || em[1] !== 0x02) {
                return undefined;
            }
            const separator = em.indexOf(0x00, 2);
            return separator < 10 ? undefined : em.subarray(separator + 1);
        }
        return crypto.privateDecrypt(
            { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === "RSA-OAEP" ? "sha1" : "sha256" },
            data,
        );
    } catch {
        return undefined;
    }
}
