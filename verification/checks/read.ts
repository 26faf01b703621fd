import { isRestError } from "@azure/core-rest-pipeline";
import type { KeyVaultKey } from "@azure/keyvault-keys";
import { keyVaultErrorCode } from "../classify";
import { KeyNotFoundError, UnexpectedError } from "../errors";
import type { ParsedKeyId } from "../key-id";
import { causeOf } from "../vault-call";
import type { KeyContext } from "./context";

/** `read`'s GET: the version the key id names, or the latest. */
export async function readKey({ key, clients, call }: KeyContext): Promise<KeyVaultKey> {
    return call("get", () => clients.keyClient(key.vaultUrl).getKey(key.name, key.version ? { version: key.version } : {}));
}

/**
 * What `read` fails with when the vault answered 404 for the key: a KeyNotFound saying the key is
 * soft-deleted, with its purge date, when the caller may read the vault's deleted keys (a vault's
 * keys/get; a pool's Crypto Officer alone); otherwise the 404 itself. Key Vault answers a deleted
 * key's GET as one that never was.
 */
export async function notFoundAsDeleted({ key, clients }: KeyContext, error: unknown): Promise<unknown> {
    if (!answeredNotFound(error)) return error;
    try {
        // Not through `call`: a refusal here is the answer, not a role assignment to wait for.
        const deleted = await clients.keyClient(key.vaultUrl).getDeletedKey(key.name);
        return new KeyNotFoundError({ keyId: key.keyId, vault: key.vaultHost, operation: "get" }, { deletedOn: deleted.properties.deletedOn, scheduledPurgeDate: deleted.properties.scheduledPurgeDate });
    } catch {
        // Not deleted, not the caller's to see, or a vault that serves no deleted keys: the 404 says all that is known.
        return error;
    }
}

/** Whether the vault answered an operation 404 KeyNotFound (a plainer vault: NotFound), as Key Vault answers for a key it does not hold. */
export function answeredNotFound(error: unknown): boolean {
    const cause = causeOf(error);
    return isRestError(cause) && cause.statusCode === 404 && (keyVaultErrorCode(cause) === "KeyNotFound" || cause.code === "NotFound");
}

/** Whether the vault refused the GET because the key is disabled (as it may, as it does a disabled secret's): the key still exists. */
export function refusedAsDisabled(error: unknown): boolean {
    const cause = causeOf(error);
    return isRestError(cause) && cause.statusCode === 403 && keyVaultErrorCode(cause) === "KeyDisabled";
}

/** That the bundle the vault returned is the key asked about, with the version it read named in its kid. */
export function expectKeyAsked(key: ParsedKeyId, vaultKey: KeyVaultKey): void {
    if (!vaultKey.properties.version) {
        // Key Vault names the version it read in every kid; without it nothing below could say which version was proved.
        throw new UnexpectedError({ keyId: key.keyId, vault: key.vaultHost, operation: "get" }, `${key.vaultHost} returned the key as ${vaultKey.id ?? "(no kid)"}, with no version in its kid`);
    }
    const returned = parseKidLoosely(vaultKey.id);
    if (returned !== undefined && (returned.host !== key.vaultHost.toLowerCase() || returned.name !== key.name.toLowerCase() || (key.version !== "" && returned.version !== key.version.toLowerCase()))) {
        // Every later call would go where the bundle's kid points: another vault, key or version than the one asked about.
        throw new UnexpectedError({ keyId: key.keyId, vault: key.vaultHost, operation: "get" }, `${key.vaultHost} answered for ${key.keyId} with the key ${vaultKey.id ?? ""}, another key than the one asked about`);
    }
}

/** A kid's host (with any port), key name and version, lowercased; undefined when it is not a URL. */
function parseKidLoosely(kid: string | undefined): { host: string; name: string; version: string } | undefined {
    try {
        const url = new URL(kid ?? "");
        const [, , name = "", version = ""] = url.pathname.split("/");
        return { host: url.host.toLowerCase(), name: name.toLowerCase(), version: version.toLowerCase() };
    } catch {
        return undefined;
    }
}
