import * as crypto from "node:crypto";
import { PayloadMismatchError } from "../errors";
import { publicKeyOf, signatureAlgorithm } from "../key-facts";
import type { CheckContext } from "./context";

/** `sign-verify`: the vault signs the digest of random data; the signature is verified here, or by the HSM for an HMAC key. */
export async function checkSignVerify(ctx: CheckContext): Promise<void> {
    const { key, call, current } = ctx;
    const { algorithm, hash } = signatureAlgorithm(current);
    const data = crypto.randomBytes(64);
    const digest = crypto.createHash(hash).update(data).digest();
    const signed = await call("sign", () => ctx.crypto.sign(algorithm, digest));
    if (algorithm === "HS256") return verifyInVault(ctx, algorithm, digest, signed.result);
    if (!crypto.verify(hash, data, publicKeyOf(current), Buffer.from(signed.result))) {
        throw new PayloadMismatchError(
            { keyId: key.keyId, vault: key.vaultHost, operation: "sign" },
            `returned an ${algorithm} signature that does not verify with the key's public key`,
            "The signature must verify with the public key of the version that signed: check that verifiers use the key id and version the vault returns with each signature, and that nothing between you and the vault rewrites traffic.",
        );
    }
}

/**
 * An HMAC the HSM made, verified by the HSM: accepted as made, and refused with one byte
 * changed, since a vault that accepts anything would prove nothing about the key.
 */
async function verifyInVault(ctx: CheckContext, algorithm: "HS256", digest: Uint8Array, signature: Uint8Array): Promise<void> {
    const { key, call } = ctx;
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "verify" };
    const suggestion = "The HSM must accept the signature it made with the key and refuse any other: check that nothing between you and the HSM rewrites traffic, and that the key id and version are the ones that signed.";
    const accepted = await call("verify", () => ctx.crypto.verify(algorithm, digest, signature));
    if (!accepted.result) {
        throw new PayloadMismatchError(context, `refused the ${algorithm} signature the key had just made`, suggestion);
    }
    const altered = Buffer.from(signature);
    altered[0] ^= 0xff;
    const refused = await call("verify", () => ctx.crypto.verify(algorithm, digest, altered));
    if (refused.result) {
        throw new PayloadMismatchError(context, `accepted an ${algorithm} signature altered after signing, so it does not check signatures`, suggestion);
    }
}
