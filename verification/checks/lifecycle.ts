import type { KeyRotationPolicy, KeyVaultKey } from "@azure/keyvault-keys";
import { ClusterKeyBehindError, KeyExpiresSoonError, NoExpiryError, NotRecoverableError, RotationNotScheduledError } from "../errors";
import { rotationProblems } from "../rotation-problems";
import type { CheckContext } from "./context";
import { answeredNotFound, refusedAsDisabled } from "./read";

/** Key Vault's own near-expiry notice comes 30 days before a version expires. */
export const DEFAULT_MIN_DAYS_BEFORE_EXPIRY = 30;

/** Levels at which a deleted key stays recoverable and no one can purge it (Key Vault's DeletionRecoveryLevel). */
const RECOVERABLE_LEVELS = ["Recoverable", "Recoverable+ProtectedSubscription", "CustomizedRecoverable", "CustomizedRecoverable+ProtectedSubscription"];

/** `recoverable`: the key's vault keeps it when deleted and lets no one purge it, by the recovery level read with the key. */
export async function checkRecoverable({ key, current }: CheckContext): Promise<void> {
    const { recoveryLevel, recoverableDays } = current.properties;
    if (!RECOVERABLE_LEVELS.includes(recoveryLevel ?? "")) {
        throw new NotRecoverableError({ keyId: key.keyId, vault: key.vaultHost, operation: "get", ...(recoveryLevel ? { recoveryLevel } : {}) }, recoveryLevel, recoverableDays);
    }
}

/** `rotation`: the key's rotation policy rotates it, and can, judged by rotationProblems. */
export async function checkRotation({ key, clients, call, now, current }: CheckContext): Promise<void> {
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "getrotationpolicy" };
    let policy: KeyRotationPolicy;
    try {
        policy = await call("getrotationpolicy", () => clients.keyClient(key.vaultUrl).getKeyRotationPolicy(key.name));
    } catch (error) {
        // The key was just read: a 404 for its policy is a key without one (Key Vault itself answers its default instead), not a missing key.
        if (answeredNotFound(error)) throw new RotationNotScheduledError(context, ["has no rotation policy (the vault answered 404 for it), so it never rotates"]);
        throw error;
    }
    // A pinned version is not the one rotation is timed from: the newest is.
    const latest = key.version ? await call("get", () => clients.keyClient(key.vaultUrl).getKey(key.name)) : current;
    const problems = rotationProblems(policy, current, latest, now());
    if (problems.length > 0) {
        throw new RotationNotScheduledError(context, problems);
    }
}

/**
 * `expiry`: the current version has an expiry date and stays valid for at least `minDaysBeforeExpiry`
 * more days; for the version an AKS cluster's KMS holds (`heldByAksKms`), first that the vault has
 * not rotated past it.
 */
export async function checkExpiry(ctx: CheckContext): Promise<void> {
    const { key, options, now, current } = ctx;
    const expiresOn = current.properties.expiresOn;
    const minDays = options.minDaysBeforeExpiry ?? DEFAULT_MIN_DAYS_BEFORE_EXPIRY;
    const context = { keyId: key.keyId, vault: key.vaultHost, operation: "get" };
    const daysLeft = expiresOn ? (expiresOn.getTime() - now().getTime()) / 86_400_000 : undefined;
    if (options.heldByAksKms && key.version) {
        const latest = await usableLatestVersion(ctx);
        if (latest !== undefined && latest.toLowerCase() !== (current.properties.version ?? "").toLowerCase()) {
            throw new ClusterKeyBehindError({ ...context, latestVersion: latest }, latest, expiresOn, daysLeft === undefined ? undefined : Math.ceil(daysLeft));
        }
    }
    if (!expiresOn || daysLeft === undefined) {
        throw new NoExpiryError(context);
    }
    if (daysLeft < minDays) {
        throw new KeyExpiresSoonError({ ...context, expiresOn: expiresOn.toISOString() }, expiresOn, Math.ceil(daysLeft), minDays);
    }
}

/**
 * The vault's current version, the one `pulumi refresh` reads for the cluster, when KMS could be
 * moved to it: enabled and inside its dates. A vault may refuse the GET of a disabled version.
 */
async function usableLatestVersion({ key, clients, call, now }: CheckContext): Promise<string | undefined> {
    let latest: KeyVaultKey;
    try {
        latest = await call("get", () => clients.keyClient(key.vaultUrl).getKey(key.name));
    } catch (error) {
        if (refusedAsDisabled(error)) return undefined;
        throw error;
    }
    const { enabled, notBefore, expiresOn, version } = latest.properties;
    const at = now();
    // A version is expired from its expiry instant on ("on or after which", Key Vault's key attributes).
    return enabled === false || (notBefore && at < notBefore) || (expiresOn && at >= expiresOn) ? undefined : version;
}
