import type * as crypto from "node:crypto";
import type { KeyVaultKey } from "@azure/keyvault-keys";
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

export function expectSame(key: ParsedKeyId, operation: string, expected: Uint8Array, actual: Uint8Array): void {
    if (!Buffer.from(expected).equals(Buffer.from(actual))) {
        throw new PayloadMismatchError({ keyId: key.keyId, vault: key.vaultHost, operation }, "returned different bytes than were protected");
    }
}
