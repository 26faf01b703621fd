import * as crypto from "node:crypto";
import type { KeyProperties, KeyVaultKey } from "@azure/keyvault-keys";
import { UnexpectedError, WrongOperationsError } from "../errors";
import { allowedOperations, encryptLocally, isSymmetric } from "../key-facts";
import type { UncheckedVersion } from "../verify-key";
import type { CheckContext } from "./context";
import { expectSame } from "./expect";
import { aesRoundTrip, aesWrapRoundTrip } from "./round-trips";

/** Pages of a key's versions read before a listing is taken for one that never ends (25 versions a page by default). */
const MAX_VERSION_PAGES = 400;

/**
 * `previous-versions`: data protected under each other enabled version is opened by the vault, each
 * version by its own key_ops; the versions Key Vault refuses to prove by design are returned, unchecked.
 */
export async function checkPreviousVersions(ctx: CheckContext): Promise<UncheckedVersion[]> {
    const { key, clients, call, now, current } = ctx;
    const keyClient = clients.keyClient(key.vaultUrl);
    // Listing versions is its own key permission (list) on an access-policy vault, not get.
    const versions = await call("list", () => listVersions(ctx));
    const currentVersion = (current.properties.version ?? "").toLowerCase();
    if (!versions.some((p) => (p.version ?? "").toLowerCase() === currentVersion)) {
        // Key Vault lists a key that is gone as one without versions (200, an empty page), so a key deleted since it was
        // read is named by the 404 of its version's GET (KeyNotFound), not as an incomplete listing.
        await call("get", () => keyClient.getKey(key.name, { version: current.properties.version }));
        // A listing that leaves out the version just read, which still exists, cannot be trusted to hold the others.
        throw new UnexpectedError({ keyId: key.keyId, vault: key.vaultHost, operation: "list" }, `${key.vaultHost} listed ${versions.length} versions of ${key.name}, but not ${current.properties.version ?? ""}, the one it had just returned: the listing is incomplete`);
    }
    const at = now();
    // Key Vault still decrypts and unwraps under a version outside its dates, so an expired
    // version's data is checked too; a symmetric key's needs the vault to encrypt, which it
    // refuses then, so such a version is named as not checked rather than passed over.
    const others = versions.filter((p) => (p.version ?? "").toLowerCase() !== currentVersion);
    const unchecked = others
        .map((p) => (p.enabled === false ? disabledVersion(p) : isSymmetric(current) ? outsideDates(p, at) : undefined))
        .filter((u): u is UncheckedVersion => u !== undefined);
    const usable = others.filter((p) => !unchecked.some((u) => u.version === p.version));
    for (const properties of usable) {
        const old = await call("get", () => keyClient.getKey(key.name, { version: properties.version }));
        await openUnder(ctx, old);
    }
    return unchecked;
}

/** Every version of the key, as the vault lists them. */
async function listVersions({ key, clients }: CheckContext): Promise<KeyProperties[]> {
    const list = [];
    let pages = 0;
    for await (const page of clients.keyClient(key.vaultUrl).listPropertiesOfKeyVersions(key.name).byPage()) {
        if (++pages > MAX_VERSION_PAGES) {
            throw new UnexpectedError({ keyId: key.keyId, vault: key.vaultHost, operation: "list" }, `${key.vaultHost} listed more than ${MAX_VERSION_PAGES} pages of versions of ${key.name} without an end`);
        }
        list.push(...page);
    }
    return list;
}

/** Data protected under an older version, opened by the vault as that version's own key_ops allow. */
async function openUnder(ctx: CheckContext, old: KeyVaultKey): Promise<void> {
    const { key, clients, call } = ctx;
    // Each version by its own key_ops: a version's operations may differ from the current one's.
    const allowed = allowedOperations(old);
    const [encrypts, wraps] = [allowed.includes("encrypt") && allowed.includes("decrypt"), allowed.includes("wrapKey") && allowed.includes("unwrapKey")];
    if (isSymmetric(old)) {
        if (!encrypts && !wraps) {
            throw new WrongOperationsError({ keyId: old.id ?? key.keyId, vault: key.vaultHost, operation: "get" }, ["encrypt and decrypt, or wrapKey and unwrapKey"], allowed);
        }
        // A customer-managed AES key (wrapKey/unwrapKey only) is proved by wrapping under each version.
        return encrypts ? aesRoundTrip(ctx, old) : aesWrapRoundTrip(ctx, old);
    }
    if (!allowed.includes("decrypt") && !allowed.includes("unwrapKey")) {
        throw new WrongOperationsError({ keyId: old.id ?? key.keyId, vault: key.vaultHost, operation: "get" }, ["decrypt or unwrapKey"], allowed);
    }
    // A customer-managed key's version (wrapKey/unwrapKey) is proved by unwrapping; the others by decrypting.
    const unwrapOnly = !allowed.includes("decrypt");
    const payload = crypto.randomBytes(32);
    const envelope = encryptLocally(old, payload);
    // The SDK refuses locally to use a version outside its dates, which the vault allows for these operations: the vault judges.
    const client = clients.cryptoClient({ ...old, properties: { ...old.properties, notBefore: undefined, expiresOn: undefined } });
    const operation = unwrapOnly ? "unwrapKey" : "decrypt";
    const opened = await call(operation, () =>
        unwrapOnly ? client.unwrapKey(envelope.algorithm, envelope.ciphertext) : client.decrypt({ algorithm: envelope.algorithm, ciphertext: envelope.ciphertext }),
    );
    expectSame(key, operation, payload, opened.result);
}

/**
 * Why a disabled version cannot be proved: Key Vault refuses decrypt, unwrap and sign under it with
 * 403 KeyDisabled (a live test, Azure/azure-sdk-for-python#45342, found encrypt, wrap and verify,
 * public-key operations, still answered), so whatever was protected under it stays shut until it
 * is enabled again.
 */
export function disabledVersion(p: { version?: string }): UncheckedVersion {
    const version = p.version ?? "";
    return {
        version,
        code: "KeyDisabled",
        message: `Not checked: version ${version} is disabled, and Key Vault refuses to decrypt, unwrap or sign under a disabled version (403 KeyDisabled), so nothing protected under it can be decrypted or unwrapped until it is enabled again (az keyvault key set-attributes --version ${version} --enabled true).`,
    };
}

/**
 * Why an AES (oct-HSM) version cannot be proved, when it is outside its dates: the pool decrypts and
 * unwraps under it but encrypts and wraps nothing (Key Vault's rule for keys outside nbf/exp), and
 * with no public half nothing can be encrypted under it here, so no data under it exists to open.
 */
export function outsideDates(p: { version?: string; expiresOn?: Date; notBefore?: Date }, at: Date): UncheckedVersion | undefined {
    const why = "the pool still decrypts and unwraps under it, but encrypts and wraps nothing, and an AES key has no public half to encrypt with here, so no data could be made to prove it opens";
    const version = p.version ?? "";
    // Expired from its expiry instant on ("on or after which", Key Vault's key attributes).
    if (p.expiresOn && p.expiresOn <= at) {
        return { version, code: "KeyExpired", message: `Not checked: version ${version} expired on ${p.expiresOn.toISOString()}; ${why}.` };
    }
    if (p.notBefore && p.notBefore > at) {
        return { version, code: "KeyNotYetValid", message: `Not checked: version ${version} is not valid before ${p.notBefore.toISOString()}; ${why}.` };
    }
    return undefined;
}
