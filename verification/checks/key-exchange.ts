import type * as crypto from "node:crypto";
import { NotAKeyExchangeKeyError } from "../errors";
import { allowedOperations, isRsa, publicKeyOf } from "../key-facts";
import type { CheckContext } from "./context";
import { writeAtomically } from "./write-file";

/** `key-exchange`: the key is a KEK Key Vault's BYOK import takes; with `publicKeyDir`, its public key is written there as PEM. */
export async function checkKeyExchange({ key, options, current }: CheckContext): Promise<void> {
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "get" };
    const rsa = isRsa(current);
    // Node reads the modulus length from the key itself, whatever padding its JWK carries.
    const bits = rsa ? ((publicKeyOf(current) as crypto.KeyObject).asymmetricKeyDetails?.modulusLength ?? 0) : 0;
    const ops = allowedOperations(current);
    const problems = [
        ...(current.keyType === "RSA-HSM" ? [] : [`is ${current.keyType ?? "of no key type"}, not RSA-HSM`]),
        ...(rsa && ![2048, 3072, 4096].includes(bits) ? [`has a ${bits}-bit modulus`] : []),
        ...(ops.length === 1 && ops[0] === "import" ? [] : [`allows [${ops.join(", ")}], not import alone`]),
    ];
    if (problems.length > 0) {
        throw new NotAKeyExchangeKeyError(context, problems);
    }
    if (options.publicKeyDir !== undefined) {
        const pem = publicKeyOf(current) as crypto.KeyObject;
        await writeAtomically(options.publicKeyDir, `${key.vaultHost.split(/[.:]/)[0]}.${key.name}.${current.properties.version ?? "latest"}.publickey.pem`, pem.export({ type: "spki", format: "pem" }), 0o644);
    }
}
