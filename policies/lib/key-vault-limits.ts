import { durationDays, isUnknown, list, read, sameText, UNKNOWN, Unknown } from "./values";

/**
 * What Key Vault makes and refuses outright. The mandatory rules that report a refusal read these,
 * and so do the advisory rules that judge the same setting, which stay silent on a refused value:
 * the mandatory rule speaks, and its fix is the one that counts.
 */

/** The RSA key sizes Key Vault makes. */
const RSA_KEY_SIZES: readonly number[] = [2048, 3072, 4096];

/** The curves Key Vault makes EC keys on. */
const EC_CURVES: readonly string[] = ["P-256", "P-384", "P-521", "P-256K"];

/** Operations Key Vault allows on RSA keys only: an EC key only signs and verifies. */
export const RSA_ONLY_OPERATIONS: readonly string[] = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];

/** Whether Key Vault refuses an RSA key of `size` bits. */
export function refusesRsaSize(size: unknown): boolean {
    return typeof size === "number" && !RSA_KEY_SIZES.includes(size);
}

/** Whether Key Vault refuses the EC curve `curve` (read in any case, as the rules read enum values). */
export function refusesCurve(curve: unknown): boolean {
    return typeof curve === "string" && !isUnknown(curve) && !EC_CURVES.some((c) => c.toUpperCase() === curve.toUpperCase());
}

/** Whether `kty` is an EC key type, as Key Vault names them. */
export function isEcKeyType(kty: unknown): boolean {
    return typeof kty === "string" && !isUnknown(kty) && ["EC", "EC-HSM"].includes(kty.toUpperCase());
}

const MIN_EXPIRY_DAYS = 28;
const MIN_TRIGGER_DAYS = 7;

/** One bound of a rotation policy that Key Vault refuses, and the lifetime action's type when a trigger is at fault. */
export interface RotationRefusal {
    message: string;
    actionType?: string;
}

/**
 * The bounds a key's rotation policy (`properties.rotationPolicy`) breaks, which Key Vault refuses:
 * versions that expire within 28 days, a trigger within 7 days of a version's creation or expiry
 * (Microsoft's key rotation guide; the SDKs' KeyRotationPolicy.expiresIn).
 */
export function rotationPolicyRefusals(policy: unknown): RotationRefusal[] {
    if (policy === undefined || isUnknown(policy)) return [];
    const refusals: RotationRefusal[] = [];
    const expiryTime = read(policy, "attributes", "expiryTime");
    const expiryDays = isUnknown(expiryTime) ? undefined : durationDays(expiryTime);
    if (typeof expiryTime === "string" && expiryTime !== "" && expiryDays === undefined) {
        refusals.push({ message: `The rotation policy's expiryTime "${expiryTime}" is not an ISO 8601 duration, the only form Key Vault takes; write it as "P1Y" or "P365D" at properties.rotationPolicy.attributes.expiryTime.` });
    }
    if (expiryDays !== undefined && expiryDays < MIN_EXPIRY_DAYS) {
        refusals.push({ message: `The rotation policy's expiryTime "${String(expiryTime)}" is shorter than Key Vault's minimum of 28 days; set properties.rotationPolicy.attributes.expiryTime to at least "P28D".` });
    }
    const actions = list(policy, "lifetimeActions");
    if (actions === UNKNOWN) return refusals;
    actions.forEach((action, i) => {
        const type = read(action, "action", "type");
        if (isUnknown(action) || isUnknown(type)) return;
        // An action without a type is named by its place, not as "the undefined action".
        const actionType = type === undefined ? undefined : String(type);
        const named = actionType ?? `lifetimeActions[${i}]`;
        const at = `properties.rotationPolicy.lifetimeActions[${i}].trigger`;
        const trigger = read(action, "trigger");
        if (isUnknown(trigger)) return;
        const values = (["timeAfterCreate", "timeBeforeExpiry"] as const).map((field) => read(trigger, field));
        const known = !values.some(isUnknown);
        const given = (["timeAfterCreate", "timeBeforeExpiry"] as const).filter((_, n) => values[n] !== undefined);
        // The ARM spec's Trigger: timeAfterCreate "only applies to rotate"; a notify action counts back from expiry.
        if (known && !sameText(named, "rotate") && given.includes("timeAfterCreate")) {
            refusals.push({ actionType, message: `The ${named} action has a timeAfterCreate, which Key Vault takes on a rotate action only; give ${at}.timeBeforeExpiry in its place.` });
        }
        if (known && sameText(named, "rotate") && given.length === 0) {
            refusals.push({ actionType, message: `The rotate action has no trigger, so it never rotates; set ${at}.timeAfterCreate (or timeBeforeExpiry).` });
        }
        for (const field of ["timeAfterCreate", "timeBeforeExpiry"] as const) {
            const value = read(action, "trigger", field);
            if (value === undefined || isUnknown(value)) continue;
            const days = durationDays(value);
            if (days === undefined) {
                refusals.push({ actionType, message: `The ${named} action's ${field} "${String(value)}" is not an ISO 8601 duration, the only form Key Vault takes; write it as "P90D", "P3M" or "P1Y" at ${at}.${field}.` });
                continue;
            }
            const text = String(value);
            if (days < MIN_TRIGGER_DAYS) {
                refusals.push({ actionType, message: `The ${named} action's ${field} "${text}" is shorter than Key Vault's minimum of 7 days; set ${at}.${field} to at least "P7D".` });
            } else if (expiryDays !== undefined && expiryDays >= MIN_EXPIRY_DAYS && days > expiryDays - MIN_TRIGGER_DAYS) {
                // Counted from either end, a trigger must fall at least 7 days inside a version's life.
                const fix = `at most "P${Math.floor(expiryDays) - MIN_TRIGGER_DAYS}D"`;
                refusals.push({
                    actionType,
                    message: field === "timeAfterCreate"
                        ? `The ${named} action's timeAfterCreate "${text}" comes within 7 days of the versions' expiry ("${String(expiryTime)}"), and Key Vault takes a trigger only at least 7 days before a version expires; set ${at}.${field} to ${fix}.`
                        : `The ${named} action's timeBeforeExpiry "${text}" leaves less than 7 days after a version's creation within expiryTime "${String(expiryTime)}"; set ${at}.${field} to ${fix}.`,
                });
            }
        }
    });
    return refusals;
}

/**
 * When Key Vault first rotates a key under its rotation policy (`properties.rotationPolicy`), in epoch seconds: the earliest
 * rotate action's trigger, timeBeforeExpiry counted back from the first version's `expires`. `undefined` when no action
 * rotates; `UNKNOWN` while an action is not known, and for a timeAfterCreate trigger, which counts from the key's creation:
 * a resource's inputs do not say when a deployed key was created, and its `expires` (kept by ignoreChanges) stays its first version's.
 */
export function firstRotation(policy: unknown, expires: number): number | undefined | Unknown {
    if (isUnknown(policy)) return UNKNOWN;
    const actions = list(policy, "lifetimeActions");
    if (actions === UNKNOWN) return UNKNOWN;
    let unknown = false;
    let first: number | undefined;
    for (const action of actions) {
        const type = read(action, "action", "type");
        const triggers = [read(action, "trigger", "timeAfterCreate"), read(action, "trigger", "timeBeforeExpiry")];
        if (isUnknown(action) || isUnknown(type) || triggers.some(isUnknown)) {
            unknown = true;
            continue;
        }
        if (!sameText(type, "rotate")) continue;
        const [after, before] = triggers.map(durationDays);
        if (after !== undefined) {
            unknown = true;
        } else if (before !== undefined) {
            const at = expires - before * 86400;
            if (first === undefined || at < first) first = at;
        }
    }
    return unknown ? UNKNOWN : first;
}

/**
 * Whether a key's rotation policy (`properties.rotationPolicy`) makes versions that never expire: it has a rotate
 * action and no attributes.expiryTime, which alone dates the versions rotation creates ("It's used to set expiration
 * date on newly rotated key. It doesn't affect a current key", Microsoft's key rotation guide; the SDKs'
 * KeyRotationPolicy.expiresIn). `UNKNOWN` while the expiry time, or whether an action rotates, is not known.
 */
export function rotatedVersionsNeverExpire(policy: unknown): boolean | Unknown {
    if (isUnknown(policy)) return UNKNOWN;
    const expiryTime = read(policy, "attributes", "expiryTime");
    if (isUnknown(expiryTime)) return UNKNOWN;
    if (expiryTime !== undefined && expiryTime !== "") return false;
    const actions = list(policy, "lifetimeActions");
    if (actions === UNKNOWN) return UNKNOWN;
    const types = actions.map((a) => read(a, "action", "type"));
    if (types.some((t) => sameText(t, "rotate"))) return true;
    return types.some(isUnknown) ? UNKNOWN : false;
}
