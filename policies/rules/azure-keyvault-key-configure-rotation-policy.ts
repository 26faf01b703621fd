import { T } from "../lib/azure";
import { rotatedVersionsNeverExpire, rotationPolicyRefusals } from "../lib/key-vault-limits";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { durationDays, isUnknown, list, read, readNumber, sameText, UNKNOWN } from "../lib/values";

type Params = { maxDaysToRotate: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-rotation-policy",
    description: "Keys rotated by hand are rotated late or never; a rotation policy makes Key Vault create new versions on schedule.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "PCI DSS 3.6.4"],
    mirrors: [
        "Azure Policy \"Keys should have a rotation policy ensuring that their rotation is scheduled within the specified number of days after creation\"",
        "Prowler keyvault_key_rotation_enabled (looser: it passes any Rotate lifetime action, whatever its trigger, so a key rotating 180 days after creation, or 30 days before a one-year expiry, passes it)",
        "PSRule Azure.KeyVault.AutoRotationPolicy",
    ],
    resourceTypes: [T.key],
    parameters: {
        maxDaysToRotate: { schema: { type: "integer", minimum: 7, description: "Most days after a version's creation before it is rotated." }, defaults: { baseline: 90, mcsb: 30, sovereign: 30 } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { maxDaysToRotate }, now: Date = new Date()) {
        const actions = list(props, "properties", "rotationPolicy", "lifetimeActions");
        if (actions === UNKNOWN) return [];
        // A rotate trigger Key Vault refuses is azure-keyvault-key-configure-rotation-policy-limits' to report.
        if (rotationPolicyRefusals(read(props, "properties", "rotationPolicy")).some((r) => sameText(r.actionType, "rotate"))) return [];
        const rotates = actions.filter((a) => isUnknown(a) || isUnknown(read(a, "action", "type")) || sameText(read(a, "action", "type"), "rotate"));
        if (rotates.length === 0) {
            return [`The key has no rotate action; add properties.rotationPolicy.lifetimeActions [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P${maxDaysToRotate}D" } }].`];
        }
        const expiryTime = read(props, "properties", "rotationPolicy", "attributes", "expiryTime");
        const expires = readNumber(props, "properties", "attributes", "expires");
        const notBefore = readNumber(props, "properties", "attributes", "notBefore");
        if (expiryTime === UNKNOWN || expires === UNKNOWN || notBefore === UNKNOWN) return [];
        // A timeBeforeExpiry trigger counts back from each version's expiry. The policy's expiryTime alone dates the versions
        // rotation makes ("It doesn't affect a current key", Microsoft's key rotation guide); the version the Key resource
        // creates expires at its own attributes.expires (Azure Policy reckons the first rotation from it). Without expiryTime
        // the rotated versions never expire, so such a trigger rotates once and never again (Azure Policy then finds no
        // scheduledRotationDate). A first version with no expiry of its own, dated here by expiryTime, is
        // azure-keyvault-key-missing-expiry's to report.
        const from = typeof notBefore === "number" ? notBefore : now.getTime() / 1000;
        const policyExpiry = durationDays(expiryTime);
        const ownExpiry = typeof expires === "number" && expires > from ? (expires - from) / 86400 : undefined;
        const expiries = [ownExpiry ?? policyExpiry, policyExpiry];
        const rotatedNeverExpire = rotatedVersionsNeverExpire(read(props, "properties", "rotationPolicy")) === true;
        let once = false;
        let countsBack = false;
        for (const action of rotates) {
            const after = read(action, "trigger", "timeAfterCreate");
            const before = read(action, "trigger", "timeBeforeExpiry");
            if (isUnknown(action) || after === UNKNOWN || before === UNKNOWN) return [];
            const afterDays = durationDays(after);
            const beforeDays = durationDays(before);
            if (afterDays === undefined && beforeDays !== undefined && rotatedNeverExpire) once = true;
            const latest = beforeDays === undefined || expiries.some((e) => e === undefined) ? undefined : Math.max(...expiries.map((e) => (e as number) - beforeDays));
            const at = afterDays ?? latest;
            if (at !== undefined && at <= maxDaysToRotate) return [];
            countsBack ||= afterDays === undefined && latest !== undefined;
        }
        // A rotate action with no trigger Key Vault can read is the limits rule's to report, as a policy Key Vault refuses.
        if (rotates.every((action) => durationDays(read(action, "trigger", "timeAfterCreate")) === undefined && durationDays(read(action, "trigger", "timeBeforeExpiry")) === undefined)) return [];
        if (once) {
            return [`The rotate action's timeBeforeExpiry counts back from an expiry that the versions rotation creates do not have (the rotation policy sets no expiryTime), so the key rotates once at most; set properties.rotationPolicy.attributes.expiryTime, or the rotate action's trigger.timeAfterCreate to at most "P${maxDaysToRotate}D".`];
        }
        const late = `The key rotates later than ${maxDaysToRotate} days after creation`;
        const afterFix = `trigger.timeAfterCreate to at most "P${maxDaysToRotate}D"`;
        // A trigger counting back from expiry (Azure Verified Modules' and azurerm's form) is fixed in its own terms when
        // one value serves every version and Key Vault takes it (at least 7 days after creation).
        const needed = countsBack ? Math.ceil(Math.max(...(expiries as number[])) - maxDaysToRotate) : undefined;
        if (needed !== undefined && needed <= Math.floor(Math.min(...(expiries as number[]))) - 7) {
            return [`${late}; set the rotate action's trigger.timeBeforeExpiry to at least "P${needed}D", or use ${afterFix} in its place.`];
        }
        return [`${late}; set the rotate action's ${afterFix}.`];
    },
};
