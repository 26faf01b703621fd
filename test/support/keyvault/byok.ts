import * as crypto from "node:crypto";
import { fromB64url } from "./jwt";
import { isRecord } from "./token-service";

/** The parts of a key transfer blob (.byok file) that Key Vault reads to import a key. */
export interface TransferBlob {
    /** The versioned id of the key exchange key (KEK) the blob was made for. */
    kid: string;
    /** RSA-OAEP(SHA-1) of the ephemeral AES key ‖ AES Key Wrap with Padding of the target key. */
    ciphertext: Buffer;
    generator?: string;
}

/** RFC 5649's alternative initial value: AES Key Wrap *with Padding* (CKM_AES_KEY_WRAP_PAD). */
const KWP_IV = Buffer.from("A65959A6", "hex");
const KWP_CIPHERS: Record<number, string> = { 16: "id-aes128-wrap-pad", 24: "id-aes192-wrap-pad", 32: "id-aes256-wrap-pad" };

/**
 * Reads `key_hsm` as Key Vault does: base64 (or base64url, as the SDKs send it) of the whole
 * .byok file, a JSON document per the Bring your own key specification
 * (https://learn.microsoft.com/azure/key-vault/keys/byok-specification). Says why when it is not one.
 */
export function parseTransferBlob(keyHsm: string): TransferBlob | { error: string } {
    const notABlob = (why: string): { error: string } => ({ error: `Property 'key_hsm' is not a key transfer blob (.byok file): ${why}.` });
    // Node's base64 decoder skips characters it does not know; a blob with them is not the file the tool wrote.
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(keyHsm)) {
        return notABlob("it is not base64 encoded");
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(Buffer.from(keyHsm, "base64").toString("utf8"));
    } catch {
        return notABlob("its content is not JSON");
    }
    if (!isRecord(parsed)) {
        return notABlob("its content is not a JSON object");
    }
    if (parsed.schema_version !== "1.0.0") {
        return notABlob(`schema_version '${String(parsed.schema_version)}' is not 1.0.0`);
    }
    const header = parsed.header;
    if (!isRecord(header) || typeof header.kid !== "string") {
        return notABlob("header.kid, the key exchange key's identifier, is missing");
    }
    if (header.alg !== "dir") {
        return notABlob(`header.alg '${String(header.alg)}' is not 'dir'`);
    }
    if (header.enc !== "CKM_RSA_AES_KEY_WRAP") {
        return notABlob(`header.enc '${String(header.enc)}' is not 'CKM_RSA_AES_KEY_WRAP'`);
    }
    // BASE64URL as the specification writes it, with or without '=' padding: Securosys' Primus BYOK tool writes it padded and Key
    // Vault imports that file (securosys-com/dev-securosys-docs, microsoft-byok/Tutorials/Generate-Target-key.md, Transfer-Target-Key.md).
    if (typeof parsed.ciphertext !== "string" || !/^[A-Za-z0-9_-]+={0,2}$/.test(parsed.ciphertext)) {
        return notABlob("ciphertext is missing or not base64url");
    }
    return { kid: header.kid, ciphertext: fromB64url(parsed.ciphertext), ...(typeof parsed.generator === "string" ? { generator: parsed.generator } : {}) };
}

/**
 * Undoes CKM_RSA_AES_KEY_WRAP with the KEK's private key: the first modulus-length bytes are the
 * ephemeral AES key under RSA-OAEP (SHA-1), the rest the target key's PKCS#8 DER (an AES key's raw bytes) under AES Key
 * Wrap with Padding. Both carry an integrity check, so a blob for another KEK or an altered one fails here.
 */
export function unwrapTargetKey(kek: crypto.KeyObject, kid: string, ciphertext: Buffer, symmetric = false): crypto.KeyObject | { error: string } {
    const modulusBytes = (kek.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    const undecryptable = (why: string): { error: string } => ({ error: `The key transfer blob does not decrypt with the key exchange key '${kid}': ${why}.` });
    // RFC 5649 output is at least 16 bytes, in 8-byte blocks.
    if (ciphertext.length < modulusBytes + 16 || (ciphertext.length - modulusBytes) % 8 !== 0) {
        return undecryptable(`the ciphertext is ${ciphertext.length} bytes, not a ${modulusBytes}-byte RSA-OAEP block followed by an AES key wrap`);
    }
    let aesKey: Buffer;
    try {
        aesKey = crypto.privateDecrypt({ key: kek, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, ciphertext.subarray(0, modulusBytes));
    } catch {
        return undecryptable("the RSA-OAEP integrity check failed (the blob was made for another key exchange key, or altered)");
    }
    const cipher = KWP_CIPHERS[aesKey.length];
    if (!cipher) {
        return undecryptable(`the wrapping key is ${aesKey.length} bytes, not an AES-128, -192 or -256 key`);
    }
    let plaintext: Buffer;
    try {
        const decipher = crypto.createDecipheriv(cipher, aesKey, KWP_IV);
        plaintext = Buffer.concat([decipher.update(ciphertext.subarray(modulusBytes)), decipher.final()]);
    } catch {
        return undecryptable("the AES key unwrap integrity check failed (the blob was altered)");
    }
    // An AES target key (Managed HSM only) travels as its raw bytes.
    if (symmetric) {
        return [16, 24, 32].includes(plaintext.length) ? crypto.createSecretKey(plaintext) : { error: `The target key in the key transfer blob is ${plaintext.length} bytes, not a 128, 192 or 256-bit AES key.` };
    }
    try {
        return crypto.createPrivateKey({ key: plaintext, format: "der", type: "pkcs8" });
    } catch {
        return { error: "The target key in the key transfer blob is not a PKCS#8 private key." };
    }
}
