import type * as crypto from "node:crypto";
import type { EncryptResult, KeyVaultKey } from "@azure/keyvault-keys";
import { PayloadMismatchError } from "../errors";
import { publicKeyOf } from "../key-facts";
import type { ParsedKeyId } from "../key-id";

/**
 * What the vault returns from RSA encrypt or wrapKey is one RSA block of the key's size: a vault
 * that echoed the bytes it was given would still round-trip, and would prove nothing about the key.
 */
export function expectFromKey(key: ParsedKeyId, operation: string, vaultKey: KeyVaultKey, result: { result: Uint8Array }): void {
    const bits = (publicKeyOf(vaultKey) as crypto.KeyObject).asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits > 0 && result.result.length !== bits / 8) {
        throw new PayloadMismatchError({ keyId: key.keyId, vault: key.vaultHost, operation }, `returned ${result.result.length} bytes, not the ${bits / 8}-byte block a ${bits}-bit RSA key makes`);
    }
}

/** Why a result the key did not make fails: what answers for the vault did not use the key. */
const NOT_MADE_WITH_THE_KEY = "The HSM must encrypt and wrap with the key itself: check that what answers at the vault's address is Key Vault or Managed HSM, and that nothing between you and it rewrites traffic.";

/**
 * What Managed HSM returns from AES-GCM encrypt: ciphertext with the IV it drew and the tag that
 * authenticates it, never the plaintext; a pool that echoed the bytes would still round-trip.
 */
export function expectGcmResult(key: ParsedKeyId, algorithm: string, plaintext: Uint8Array, encrypted: EncryptResult): { iv: Uint8Array; authenticationTag: Uint8Array } {
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "encrypt" };
    const { iv, authenticationTag } = encrypted;
    if (!iv?.length || !authenticationTag?.length) {
        throw new PayloadMismatchError(context, `returned ${algorithm} ciphertext without the IV and authentication tag AES-GCM makes`, NOT_MADE_WITH_THE_KEY);
    }
    if (Buffer.from(encrypted.result).includes(Buffer.from(plaintext))) {
        throw new PayloadMismatchError(context, `returned the plaintext itself as ${algorithm} ciphertext`, NOT_MADE_WITH_THE_KEY);
    }
    return { iv, authenticationTag };
}

/** What AES key wrap returns (RFC 3394): the key wrapped, 8 bytes longer than it, never the key in the clear. */
export function expectKeyWrapResult(key: ParsedKeyId, algorithm: string, dataKey: Uint8Array, wrapped: { result: Uint8Array }): void {
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "wrapKey" };
    if (wrapped.result.length !== dataKey.length + 8) {
        throw new PayloadMismatchError(context, `returned ${wrapped.result.length} bytes for a ${dataKey.length}-byte key, not the ${dataKey.length + 8} bytes ${algorithm} makes (RFC 3394)`, NOT_MADE_WITH_THE_KEY);
    }
    if (Buffer.from(wrapped.result).includes(Buffer.from(dataKey))) {
        throw new PayloadMismatchError(context, `returned the key to wrap in the clear within its ${algorithm} result`, NOT_MADE_WITH_THE_KEY);
    }
}

export function expectSame(key: ParsedKeyId, operation: string, expected: Uint8Array, actual: Uint8Array): void {
    if (!Buffer.from(expected).equals(Buffer.from(actual))) {
        throw new PayloadMismatchError({ keyId: key.keyId, vault: key.vaultHost, operation }, "returned different bytes than were protected");
    }
}
