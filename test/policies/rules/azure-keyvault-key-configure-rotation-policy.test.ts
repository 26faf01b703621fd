import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-configure-rotation-policy";
const now = () => Math.floor(Date.now() / 1000);

/** A key rotated 30 days before each version's expiry, its first version expiring in `days` days. */
function beforeExpiry(days: number, attributes: Record<string, unknown> | undefined) {
    const policy = { ...(attributes === undefined ? {} : { attributes }), lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }] };
    return withField(withField(good.key(), "properties.attributes.expires", now() + days * 86400), "properties.rotationPolicy", policy);
}

describe("a rotate action before expiry", () => {
    // "Automatically renew at a given time before expiry. It requires 'Expiry Time' set on rotation policy and
    // 'Expiration Date' set on the key" (Microsoft's key rotation guide): without expiryTime the first rotated version has
    // no expiry, so no scheduledRotationDate, which Keys_KeyRotationPolicy_MaximumDaysToRotate reports, and never rotates.
    test.each(["baseline", "mcsb"] as const)("without expiryTime is reported under %s, though the first version rotates in time", (profile) => {
        const days = profile === "mcsb" ? 30 : 90;
        expect(resourceMessages(RULE, view(TYPES.key, beforeExpiry(60, undefined)), {}, profile)).toEqual([
            `The rotate action's timeBeforeExpiry counts back from an expiry that the versions rotation creates do not have (the rotation policy sets no expiryTime), so the key rotates once at most; set properties.rotationPolicy.attributes.expiryTime, or the rotate action's trigger.timeAfterCreate to at most "P${days}D".`,
        ]);
        expect(resourceMessages(RULE, view(TYPES.key, beforeExpiry(60, {})), {}, profile)).toHaveLength(1);
    });

    test("with expiryTime is dated by each version's expiry: the first version's own, then the policy's", () => {
        expect(resourceMessages(RULE, view(TYPES.key, beforeExpiry(60, { expiryTime: "P60D" })), {}, "mcsb")).toEqual([]);
        expect(resourceMessages(RULE, view(TYPES.key, beforeExpiry(60, { expiryTime: "P1Y" })), {}, "mcsb")).toEqual([
            "The key rotates later than 30 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P30D\".",
        ]);
        // The first version is dated from notBefore when the key sets one.
        const later = withField(beforeExpiry(200, { expiryTime: "P90D" }), "properties.attributes.notBefore", now() + 150 * 86400);
        expect(resourceMessages(RULE, view(TYPES.key, later))).toEqual([]);
    });

    test("gives no verdict while expiryTime is not known yet", () => {
        expect(resourceMessages(RULE, view(TYPES.key, beforeExpiry(60, { expiryTime: UNKNOWN_STRING })), {}, "mcsb")).toEqual([]);
    });
});

test("a rotate action after creation needs no expiryTime to rotate on schedule: that is the expiry rules' to report", () => {
    const afterCreate = withField(good.key(), "properties.rotationPolicy.attributes", undefined);
    expect(resourceMessages(RULE, view(TYPES.key, afterCreate), {}, "mcsb")).toEqual([]);
});

// prowler keyvault_key_rotation_enabled passes a key with any lifetime action "Rotate", never reading its trigger.
describe("a key that rotates, but late", () => {
    const rotating = (trigger: Record<string, string>, expires: number | undefined) =>
        view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", expires), "properties.rotationPolicy.lifetimeActions", [{ action: { type: "Rotate" }, trigger }]));

    test("180 days after creation, or 30 days before a one-year expiry, is reported, which Prowler passes, as the rule's mirror says", () => {
        expect(resourceMessages(RULE, rotating({ timeAfterCreate: "P180D" }, now() + 365 * 86400))).toEqual([
            "The key rotates later than 90 days after creation; set the rotate action's trigger.timeAfterCreate to at most \"P90D\".",
        ]);
        expect(resourceMessages(RULE, rotating({ timeBeforeExpiry: "P30D" }, undefined))).toHaveLength(1);
        expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Prowler"))).toBe(
            "Prowler keyvault_key_rotation_enabled (looser: it passes any Rotate lifetime action, whatever its trigger, so a key rotating 180 days after creation, or 30 days before a one-year expiry, passes it)",
        );
    });
});
