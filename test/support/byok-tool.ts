import * as crypto from "node:crypto";

export interface TransferBlobOptions {
    /** The key exchange key's versioned id in the vault the key goes to (the blob's header.kid). */
    kekId: string;
    /** The KEK's public key, as `az keyvault key download` writes it. */
    kekPublicKeyPem: string;
    /** The key to transfer: an RSA or EC private key, or an AES secret key (for a Managed HSM). */
    targetKey: crypto.KeyObject;
    /** Tool name and version; source HSM. */
    generator?: string;
    /** The ephemeral wrapping key's size: the specification's CKM_RSA_AES_KEY_WRAP uses AES-256. */
    aesKeyBits?: 256;
}

/**
 * What an HSM vendor's BYOK tool writes: a key transfer blob (.byok file) per Key Vault's Bring
 * your own key specification (https://learn.microsoft.com/azure/key-vault/keys/byok-specification).
 * The target key's PKCS#8 DER (an AES key's raw bytes) is wrapped with an ephemeral AES key (AES Key Wrap with Padding,
 * RFC 5649), and that AES key with the KEK's public key (RSA-OAEP, SHA-1): CKM_RSA_AES_KEY_WRAP.
 */
export function createTransferBlob(options: TransferBlobOptions): Buffer {
    if (options.targetKey.type === "public") {
        throw new Error("createTransferBlob: targetKey must be a private or secret key");
    }
    const aesKey = crypto.randomBytes((options.aesKeyBits ?? 256) / 8);
    // PKCS#11 names RSA-OAEP with SHA-1 (and MGF1-SHA-1) for CKM_RSA_AES_KEY_WRAP; Key Vault expects exactly that.
    const wrappedAesKey = crypto.publicEncrypt({ key: options.kekPublicKeyPem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, aesKey);
    // RFC 5649's initial value: the key wrap *with padding* takes plaintext of any length, as a DER key is.
    const cipher = crypto.createCipheriv("id-aes256-wrap-pad", aesKey, Buffer.from("A65959A6", "hex"));
    // An asymmetric key travels as PKCS#8 DER, an AES key as its raw bytes.
    const material = options.targetKey.type === "secret" ? options.targetKey.export() : options.targetKey.export({ format: "der", type: "pkcs8" });
    const wrappedKey = Buffer.concat([cipher.update(material), cipher.final()]);
    const blob = {
        schema_version: "1.0.0",
        header: { kid: options.kekId, alg: "dir", enc: "CKM_RSA_AES_KEY_WRAP" },
        ciphertext: Buffer.concat([wrappedAesKey, wrappedKey]).toString("base64url"),
        generator: options.generator ?? "azure-byok test BYOK tool 1.0; software stand-in for a vendor HSM",
    };
    return Buffer.from(JSON.stringify(blob), "utf8");
}
