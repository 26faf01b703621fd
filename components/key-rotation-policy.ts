import * as keyvault from "@pulumi/azure-native/keyvault";
import type * as inputs from "@pulumi/azure-native/types/input";
import { ISO_DURATION_FORM, isoDurationToDays } from "./duration";
import { ValidationIssue } from "./validation";

/**
 * A key's rotation policy as Key Vault takes it (`rotationPolicy { attributes.expiryTime,
 * lifetimeActions }`): one Rotate action, whose trigger is `timeAfterCreate` or `timeBeforeExpiry`
 * (the form Azure Verified Modules' and azurerm's examples write), and one Notify action.
 */
export interface EncryptionKeyRotationPolicy {
    /** Optional. How long each version is valid (ISO-8601, at least `P28D`). Defaults to `P1Y`. */
    expiryTime?: string;
    /** Optional. Rotate this long after a version is created (ISO-8601, at least `P7D`, at least 7 days before expiry). Not with `timeBeforeExpiry`. Defaults to `P90D` unless `timeBeforeExpiry` is given. */
    timeAfterCreate?: string;
    /** Optional. Rotate this long before a version expires (ISO-8601, at least `P7D`, at most `expiryTime` less 7 days), instead of `timeAfterCreate`. Defaults to none. */
    timeBeforeExpiry?: string;
    /** Optional. Publish Event Grid's "near expiry" event this long before expiry (at least `P7D`). Defaults to `P30D`. */
    notifyBeforeExpiry?: string;
    /** Optional. Defaults to `true`. `false` keeps expiry and notification but turns automatic rotation off. */
    automaticRotation?: boolean;
}

export const KeyRotationPolicyDefaults = { expiryTime: "P1Y", timeAfterCreate: "P90D", notifyBeforeExpiry: "P30D", automaticRotation: true } as const;

/** The Rotate action's trigger: exactly one of the two Key Vault takes. */
export type RotateTrigger = { timeAfterCreate: string } | { timeBeforeExpiry: string };

/** A rotation policy with its defaults filled in. */
export interface ResolvedRotationPolicy {
    expiryTime: string;
    rotate: RotateTrigger;
    notifyBeforeExpiry: string;
    automaticRotation: boolean;
}

/** Key Vault's bounds (Microsoft's key rotation guide: "the minimum value is seven days from creation and seven days from expiration time"; expiry at least 28 days). */
const MIN_TRIGGER_DAYS = 7;
const MIN_EXPIRY_DAYS = 28;

/** The policy with its defaults: `timeAfterCreate`'s only when `timeBeforeExpiry` is not given. */
export function resolveRotationPolicy(policy: EncryptionKeyRotationPolicy = {}): ResolvedRotationPolicy {
    const d = KeyRotationPolicyDefaults;
    return {
        expiryTime: policy.expiryTime ?? d.expiryTime,
        rotate: policy.timeBeforeExpiry !== undefined && policy.timeAfterCreate === undefined ? { timeBeforeExpiry: policy.timeBeforeExpiry } : { timeAfterCreate: policy.timeAfterCreate ?? d.timeAfterCreate },
        notifyBeforeExpiry: policy.notifyBeforeExpiry ?? d.notifyBeforeExpiry,
        automaticRotation: policy.automaticRotation ?? d.automaticRotation,
    };
}

/** The policy as azure-native's `keyvault.Key` takes it: the Rotate action unless rotation is off, then Notify. */
export function rotationPolicyInput(policy: ResolvedRotationPolicy): inputs.keyvault.RotationPolicyArgs {
    return {
        attributes: { expiryTime: policy.expiryTime },
        lifetimeActions: [
            ...(policy.automaticRotation ? [{ action: { type: keyvault.KeyRotationPolicyActionType.Rotate }, trigger: policy.rotate }] : []),
            { action: { type: keyvault.KeyRotationPolicyActionType.Notify }, trigger: { timeBeforeExpiry: policy.notifyBeforeExpiry } },
        ],
    };
}

/** Days from a version's creation to its rotation, when the trigger counts from creation; `undefined` for a trigger before expiry or one that is no duration. */
export function daysAfterCreateOf(policy: ResolvedRotationPolicy): number | undefined {
    return "timeAfterCreate" in policy.rotate ? isoDurationToDays(policy.rotate.timeAfterCreate) : undefined;
}

/** Every bound of Key Vault's the policy breaks, each at `rotationPolicy.<setting>`; empty when Key Vault takes it. */
export function rotationPolicyIssues(given: EncryptionKeyRotationPolicy | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (setting: string, message: string) => issues.push({ field: `rotationPolicy.${setting}`, message });
    const policy = resolveRotationPolicy(given);
    const notDuration = (value: string, example: string) => `${JSON.stringify(value)} is not an ISO-8601 duration (${ISO_DURATION_FORM}) such as "${example}"`;
    const expiryDays = isoDurationToDays(policy.expiryTime);
    if (expiryDays === undefined) {
        add("expiryTime", notDuration(policy.expiryTime, "P1Y"));
    } else if (expiryDays < MIN_EXPIRY_DAYS) {
        add("expiryTime", `"${policy.expiryTime}" is shorter than Key Vault's minimum of 28 days (P28D)`);
    }
    if (given?.timeAfterCreate !== undefined && given.timeBeforeExpiry !== undefined) {
        add("timeBeforeExpiry", `is given beside timeAfterCreate "${given.timeAfterCreate}", and Key Vault's rotate action takes exactly one trigger; keep one of the two`);
    } else if ("timeBeforeExpiry" in policy.rotate) {
        const before = policy.rotate.timeBeforeExpiry;
        const beforeDays = isoDurationToDays(before);
        if (beforeDays === undefined) {
            add("timeBeforeExpiry", notDuration(before, "P30D"));
        } else if (!policy.automaticRotation) {
            add("timeBeforeExpiry", `is the rotate action's trigger, and automaticRotation is false, which leaves that action out; remove one of the two`);
        } else if (beforeDays < MIN_TRIGGER_DAYS) {
            add("timeBeforeExpiry", `"${before}" is shorter than Key Vault's minimum of 7 days (P7D)`);
        } else if (expiryDays !== undefined && expiryDays >= MIN_EXPIRY_DAYS && beforeDays > expiryDays - MIN_TRIGGER_DAYS) {
            add("timeBeforeExpiry", `"${before}" rotates less than 7 days after a version is created within expiryTime "${policy.expiryTime}", and Key Vault takes a trigger at least 7 days from creation; set timeBeforeExpiry to at most "P${Math.floor(expiryDays) - MIN_TRIGGER_DAYS}D"`);
        }
    } else {
        const after = policy.rotate.timeAfterCreate;
        const afterDays = isoDurationToDays(after);
        if (afterDays === undefined) {
            add("timeAfterCreate", notDuration(after, "P90D"));
        } else if (given?.timeAfterCreate !== undefined && !policy.automaticRotation) {
            add("timeAfterCreate", `is the rotate action's trigger, and automaticRotation is false, which leaves that action out; remove one of the two`);
        } else if (afterDays < MIN_TRIGGER_DAYS) {
            add("timeAfterCreate", `"${after}" is shorter than Key Vault's minimum of 7 days (P7D)`);
        } else if (policy.automaticRotation && expiryDays !== undefined && afterDays > expiryDays - MIN_TRIGGER_DAYS) {
            add("timeAfterCreate", `"${after}" rotates after or too close to expiry "${policy.expiryTime}"; rotate at least 7 days before a version expires`);
        }
    }
    const notifyDays = isoDurationToDays(policy.notifyBeforeExpiry);
    if (notifyDays === undefined) {
        add("notifyBeforeExpiry", notDuration(policy.notifyBeforeExpiry, "P30D"));
    } else if (notifyDays < MIN_TRIGGER_DAYS) {
        add("notifyBeforeExpiry", `"${policy.notifyBeforeExpiry}" is shorter than Key Vault's minimum of 7 days (P7D)`);
    } else if (expiryDays !== undefined && notifyDays > expiryDays - MIN_TRIGGER_DAYS) {
        // A default the user never wrote is named as such, with the value that fits.
        const shown = given?.notifyBeforeExpiry !== undefined ? `"${policy.notifyBeforeExpiry}"` : `the default "${policy.notifyBeforeExpiry}"`;
        add("notifyBeforeExpiry", `${shown} is not at least 7 days inside expiryTime "${policy.expiryTime}"; set notifyBeforeExpiry to at most "P${Math.max(MIN_TRIGGER_DAYS, Math.floor(expiryDays) - MIN_TRIGGER_DAYS)}D"`);
    }
    return issues;
}

/**
 * Why a fixed first expiry (`expiresAt`, epoch ms) does not fit the policy's first rotation, judged
 * at `now`; `undefined` when it does or rotation is off. With `timeAfterCreate` the first version
 * must outlive its rotation by 7 days; with `timeBeforeExpiry` its rotation must come at least 7
 * days after creation (Key Vault's trigger bounds, counted from the version's own expiry).
 */
export function firstExpiryProblem(policy: ResolvedRotationPolicy, expiresAt: number, now: Date, expires: string): string | undefined {
    if (!policy.automaticRotation) return undefined;
    const [setting, text] = "timeAfterCreate" in policy.rotate ? ["timeAfterCreate", policy.rotate.timeAfterCreate] : ["timeBeforeExpiry", policy.rotate.timeBeforeExpiry];
    const days = isoDurationToDays(text);
    // The two bounds are one inequality: the first version expires at least trigger + 7 days after creation.
    if (days === undefined || expiresAt >= now.getTime() + (days + MIN_TRIGGER_DAYS) * 86_400_000) return undefined;
    const readOnce = "The date is read only when the key is created: for a key that exists, remove expires";
    // The first version expires before rotation replaces it: every service on the key loses it on that date.
    return setting === "timeAfterCreate"
        ? `"${expires}" comes less than 7 days after the first rotation (timeAfterCreate "${text}" from creation): the first version would expire before, or as, it is replaced. Set expires later, or rotate sooner. ${readOnce}`
        : `"${expires}" comes less than timeBeforeExpiry "${text}" and 7 days after creation: the first rotation would fall within 7 days of creation, or before it, and Key Vault takes a trigger at least 7 days from creation. Set expires later, or rotate closer to expiry. ${readOnce}`;
}

/**
 * Days AKS's KMS plugin may take to move after a rotation: the policy pack's
 * azure-containerservice-managedcluster-configure-kms-key-validity grants the same month.
 */
const KMS_MOVE_GRACE_DAYS = 30;

/**
 * Why the policy's versions do not last as AKS's KMS plugin holds them; `undefined` when they do,
 * or when nothing rotates. The plugin keeps the version a cluster moved off as its previous key until
 * the next move (Microsoft's AKS KMS guide: both must stay valid), so each version serves two
 * rotation periods and the month the second move may take.
 */
export function kmsVersionLifetimeProblem(policy: ResolvedRotationPolicy): string | undefined {
    const expiryDays = isoDurationToDays(policy.expiryTime);
    // A reference described by hand may carry a policy of another shape: only a full one is judged.
    if (policy.automaticRotation !== true || expiryDays === undefined || typeof policy.rotate !== "object" || policy.rotate === null) return undefined;
    const [setting, text] = "timeAfterCreate" in policy.rotate ? ["timeAfterCreate", policy.rotate.timeAfterCreate] : ["timeBeforeExpiry", policy.rotate.timeBeforeExpiry];
    const days = isoDurationToDays(text);
    if (days === undefined) return undefined;
    const rotation = setting === "timeAfterCreate" ? days : expiryDays - days;
    // Judged unrounded, as the pack's rule judges it; rounded up only for the message.
    if (expiryDays >= 2 * rotation + KMS_MOVE_GRACE_DAYS) return undefined;
    const needed = Math.ceil(2 * rotation + KMS_MOVE_GRACE_DAYS);
    return `expiryTime "${policy.expiryTime}" ends each version ${Math.round(expiryDays)} days after it is made, and ${setting} "${text}" rotates every ${Math.round(rotation)}: AKS's KMS keeps a version in use until the cluster's second move after it (pulumi up --refresh after each rotation), so each must stay valid two rotations and ${KMS_MOVE_GRACE_DAYS} days, ${needed}; set expiryTime to at least "P${needed}D" or rotate more often (the policy pack's azure-containerservice-managedcluster-configure-kms-key-validity blocks it)`;
}
