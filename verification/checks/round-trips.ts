import * as crypto from "node:crypto";
import { isRestError } from "@azure/core-rest-pipeline";
import type { KeyVaultKey } from "@azure/keyvault-keys";
import { PayloadMismatchError } from "../errors";
import { allowedOperations, encryptLocally, isSymmetric } from "../key-facts";
import { causeOf } from "../vault-call";
import type { CheckContext } from "./context";
import { expectFromKey, expectGcmResult, expectKeyWrapResult, expectSame } from "./expect";

/** AES sizes, tried largest first: a symmetric key's bundle does not say which it is. */
const AES_KEY_BITS = [256, 192, 128] as const;
export type AesBits = (typeof AES_KEY_BITS)[number];

/** `encrypt-decrypt`: a random payload encrypted and decrypted by the vault, RSA-OAEP-256 or AES-GCM. */
export async function checkEncryptDecrypt(ctx: CheckContext): Promise<void> {
    const { key, call, current } = ctx;
    if (isSymmetric(current)) return aesRoundTrip(ctx, current);
    const payload = crypto.randomBytes(32);
    const encrypted = await call("encrypt", () => ctx.crypto.encrypt({ algorithm: "RSA-OAEP-256", plaintext: payload }));
    expectFromKey(key, "encrypt", current, encrypted);
    const decrypted = await call("decrypt", () => ctx.crypto.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: encrypted.result }));
    expectSame(key, "decrypt", payload, decrypted.result);
}

/**
 * `wrap-unwrap`: a random 256-bit key wrapped and unwrapped by the vault, RSA-OAEP-256 or AES key
 * wrap; for an RSA key that cannot decrypt (a customer-managed key), whose public key local-encrypt
 * cannot prove, also a key wrapped here with the public key the vault publishes, unwrapped by the vault.
 */
export async function checkWrapUnwrap(ctx: CheckContext): Promise<void> {
    const { key, call, current } = ctx;
    const dataKey = crypto.randomBytes(32);
    if (isSymmetric(current)) return aesWrapRoundTrip(ctx, current);
    const wrapped = await call("wrapKey", () => ctx.crypto.wrapKey("RSA-OAEP-256", dataKey));
    expectFromKey(key, "wrapKey", current, wrapped);
    const unwrapped = await call("unwrapKey", () => ctx.crypto.unwrapKey("RSA-OAEP-256", wrapped.result));
    expectSame(key, "unwrapKey", dataKey, unwrapped.result);
    if (allowedOperations(current).includes("decrypt")) return;
    const localKey = crypto.randomBytes(32);
    const envelope = encryptLocally(current, localKey, "RSA-OAEP-256");
    const opened = await call("unwrapKey", () => ctx.crypto.unwrapKey(envelope.algorithm, envelope.ciphertext));
    expectSame(key, "unwrapKey", localKey, opened.result);
}

/** `local-encrypt`: encrypted here with the public key, decrypted by the vault under the version recorded. */
export async function checkLocalEncrypt({ key, clients, call, current }: CheckContext): Promise<void> {
    const payload = crypto.randomBytes(32);
    const envelope = encryptLocally(current, payload);
    const decrypted = await call("decrypt", () =>
        clients.cryptoClient(current).decrypt({ algorithm: envelope.algorithm, ciphertext: envelope.ciphertext }),
    );
    expectSame(key, "decrypt", payload, decrypted.result);
}

/**
 * A random payload encrypted and decrypted by the vault under `version`: AES-GCM with the IV and tag
 * the vault returns, and refused with the tag altered, since a pool that echoed the bytes, or opened
 * anything, would round-trip as well and prove nothing about the key.
 */
export async function aesRoundTrip(ctx: CheckContext, version: KeyVaultKey): Promise<void> {
    const { key, clients, call } = ctx;
    const client = clients.cryptoClient(version);
    const payload = crypto.randomBytes(32);
    const { result: encrypted, bits } = await withAesSize(ctx, version, (b) => call("encrypt", () => client.encrypt({ algorithm: `A${b}GCM`, plaintext: payload })));
    const algorithm = `A${bits}GCM` as const;
    const { iv, authenticationTag } = expectGcmResult(key, algorithm, payload, encrypted);
    const decrypted = await call("decrypt", () => client.decrypt({ algorithm, ciphertext: encrypted.result, iv, authenticationTag }));
    expectSame(key, "decrypt", payload, decrypted.result);
    const altered = Buffer.from(authenticationTag);
    altered[0] ^= 0xff;
    if (await opensAltered(ctx, () => client.decrypt({ algorithm, ciphertext: encrypted.result, iv, authenticationTag: altered }))) {
        throw new PayloadMismatchError(
            { keyId: key.keyId, vault: key.vaultHost, operation: "decrypt" },
            `opened ${algorithm} ciphertext whose authentication tag was altered, so it does not authenticate what it decrypts`,
            "The HSM must refuse AES-GCM ciphertext whose tag does not authenticate under the key: check that what answers at the vault's address is Managed HSM, and that nothing between you and it rewrites traffic.",
        );
    }
}

/**
 * Whether the vault opened what it should refuse: GCM authenticates, so Managed HSM refuses a tag
 * that does not match as it refuses any bad request (400); another failure is the step's own.
 */
async function opensAltered(ctx: CheckContext, decrypt: () => Promise<unknown>): Promise<boolean> {
    try {
        await ctx.call("decrypt", decrypt);
        return true;
    } catch (error) {
        const cause = causeOf(error);
        if (isRestError(cause) && cause.statusCode === 400) return false;
        throw error;
    }
}

/** A random data key wrapped and unwrapped by the vault under `version` with AES key wrap, the wrapped key shaped as RFC 3394 makes it. */
export async function aesWrapRoundTrip(ctx: CheckContext, version: KeyVaultKey): Promise<void> {
    const { key, clients, call } = ctx;
    const client = clients.cryptoClient(version);
    const dataKey = crypto.randomBytes(32);
    const { result: wrapped, bits } = await withAesSize(ctx, version, (b) => call("wrapKey", () => client.wrapKey(`A${b}KW`, dataKey)));
    expectKeyWrapResult(key, `A${bits}KW`, dataKey, wrapped);
    const unwrapped = await call("unwrapKey", () => client.unwrapKey(`A${bits}KW`, wrapped.result));
    expectSame(key, "unwrapKey", dataKey, unwrapped.result);
}

/** Runs `attempt` at the version's known AES size, or at each size while the vault refuses the algorithm (400). */
async function withAesSize<T>({ aesBits }: CheckContext, version: KeyVaultKey, attempt: (bits: AesBits) => Promise<T>): Promise<{ result: T; bits: AesBits }> {
    const known = aesBits.get(version.properties.version ?? "");
    let refusal: unknown;
    for (const bits of known ? [known] : AES_KEY_BITS) {
        try {
            const result = await attempt(bits);
            aesBits.set(version.properties.version ?? "", bits);
            return { result, bits };
        } catch (error) {
            const cause = causeOf(error);
            if (!(isRestError(cause) && cause.statusCode === 400)) throw error;
            refusal = error;
        }
    }
    throw refusal;
}
