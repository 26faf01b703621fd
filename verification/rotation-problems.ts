import type { KeyRotationPolicy, KeyVaultKey } from "@azure/keyvault-keys";
import { parse as parseDuration } from "tinyduration";

/** What keeps a key's rotation policy from rotating it before its versions expire; empty when it will. */
export function rotationProblems(policy: KeyRotationPolicy, current: KeyVaultKey, latest: KeyVaultKey, now: Date): string[] {
    const rotate = policy.lifetimeActions?.find((a) => a.action === "Rotate");
    if (!rotate) {
        return [policy.id ? "has a rotation policy that only notifies, so it never rotates" : "has no rotation policy of its own (Key Vault's default only notifies), so it never rotates"];
    }
    if (rotate.timeAfterCreate === undefined && rotate.timeBeforeExpiry === undefined) {
        return ["has a Rotate action with no trigger (timeAfterCreate or timeBeforeExpiry), so it never fires"];
    }
    const unreadable = [rotate.timeAfterCreate, rotate.timeBeforeExpiry, policy.expiresIn].filter((d): d is string => d !== undefined && Number.isNaN(durationDays(d)));
    if (unreadable.length > 0) {
        return unreadable.map((d) => `has a rotation policy duration "${d}" that is not an ISO 8601 duration (such as P90D), so nothing can be scheduled from it`);
    }
    const problems: string[] = [];
    const expiryDays = policy.expiresIn === undefined ? undefined : durationDays(policy.expiresIn);
    const { createdOn, expiresOn } = current.properties;
    if (rotate.timeBeforeExpiry !== undefined) {
        const beforeDays = durationDays(rotate.timeBeforeExpiry);
        if (expiryDays !== undefined && beforeDays >= expiryDays) {
            problems.push(`rotates ${rotate.timeBeforeExpiry} before expiry, no less than its new versions live (expiryTime ${policy.expiresIn as string}), so it is due the moment each version is made`);
        }
        if (policy.expiresIn === undefined) {
            problems.push(`rotates ${rotate.timeBeforeExpiry} before expiry, but its policy gives new versions no expiryTime, so after one rotation it never rotates again`);
        }
        if (!expiresOn) {
            problems.push(`rotates ${rotate.timeBeforeExpiry} before expiry, but its current version has no expiry date, so that rotation never comes`);
        }
    }
    const afterDays = rotate.timeAfterCreate === undefined ? undefined : durationDays(rotate.timeAfterCreate);
    if (afterDays !== undefined && expiryDays !== undefined && afterDays >= expiryDays) {
        problems.push(`rotates ${rotate.timeAfterCreate as string} after creation, no sooner than its new versions expire (expiryTime ${policy.expiresIn as string})`);
    }
    if (afterDays !== undefined && expiresOn) {
        // A bundle without `created` (another implementation's) still bounds it: made no later than its last update, or now.
        const madeBy = createdOn ?? current.properties.updatedOn ?? now;
        if (madeBy.getTime() + afterDays * 86_400_000 >= expiresOn.getTime()) {
            problems.push(
                createdOn
                    ? `rotates ${rotate.timeAfterCreate as string} after creation, but its current version expires on ${expiresOn.toISOString()}, before that`
                    : `rotates ${rotate.timeAfterCreate as string} after creation, but its current version carries no creation date, so that rotation cannot be shown to come before it expires on ${expiresOn.toISOString()}`,
            );
        }
    }
    // The newest version is older than the policy lets a version get: the rotation that was due did not happen.
    const made = latest.properties.createdOn;
    const due = afterDays !== undefined && made
        ? { at: new Date(made.getTime() + afterDays * 86_400_000), trigger: `${rotate.timeAfterCreate as string} after its newest version was made on ${made.toISOString()}` }
        : rotate.timeBeforeExpiry !== undefined && latest.properties.expiresOn
          ? { at: new Date(latest.properties.expiresOn.getTime() - durationDays(rotate.timeBeforeExpiry) * 86_400_000), trigger: `${rotate.timeBeforeExpiry} before its newest version expires on ${latest.properties.expiresOn.toISOString()}` }
          : undefined;
    if (problems.length === 0 && due !== undefined && now.getTime() > due.at.getTime() + ROTATION_GRACE_DAYS * 86_400_000) {
        problems.push(`was due to rotate on ${due.at.toISOString()} (${due.trigger}) and has not: its automatic rotation is failing`);
    }
    return problems;
}

/** Days past a rotation's due date before a key that has not rotated is reported: Key Vault runs rotations in the background, not to the minute. */
const ROTATION_GRACE_DAYS = 2;

/** An ISO-8601 duration in days, a month as 30 and a year as 365, as Key Vault counts them; NaN when it is not one. */
export function durationDays(text: string): number {
    try {
        const d = parseDuration(text);
        return (d.years ?? 0) * 365 + (d.months ?? 0) * 30 + (d.weeks ?? 0) * 7 + (d.days ?? 0) + (d.hours ?? 0) / 24 + (d.minutes ?? 0) / 1440 + (d.seconds ?? 0) / 86400;
    } catch {
        return Number.NaN;
    }
}
