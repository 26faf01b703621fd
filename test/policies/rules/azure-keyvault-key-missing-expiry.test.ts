import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-missing-expiry";
const NEVER_EXPIRE = "The key's rotation policy rotates it but sets no expiryTime, so every version rotation creates has no expiry; set properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\").";
const now = () => Math.floor(Date.now() / 1000);

/** A hand-written key: its first version expires in a year, it rotates 30 days after each version's creation. */
function key(policy: Record<string, unknown>) {
    return view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", now() + 365 * 86400), "properties.rotationPolicy", policy));
}
const rotate30 = [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P30D" } }];

describe("a key whose rotation policy rotates it", () => {
    // Azure Policy "Key Vault keys should have an expiration date" reads each key's current version (attributes.expiresOn
    // exists false); expiryTime alone dates the versions rotation creates, so from the first rotation on the key fails it.
    test.each(["baseline", "mcsb", "sovereign"] as const)("without expiryTime is reported under %s, its first version's expiry notwithstanding", (profile) => {
        expect(resourceMessages(RULE, key({ lifetimeActions: rotate30 }), {}, profile)).toEqual([NEVER_EXPIRE]);
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: "" }, lifetimeActions: [{ action: { type: "Rotate" }, trigger: { timeBeforeExpiry: "P30D" } }] }))).toEqual([NEVER_EXPIRE]);
    });

    test("with expiryTime passes", () => {
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: "P1Y" }, lifetimeActions: rotate30 }))).toEqual([]);
    });

    test("gives no verdict while expiryTime, or whether an action rotates, is not known yet", () => {
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: UNKNOWN_STRING }, lifetimeActions: rotate30 }))).toEqual([]);
        expect(resourceMessages(RULE, key({ lifetimeActions: UNKNOWN_STRING }))).toEqual([]);
        expect(resourceMessages(RULE, key({ lifetimeActions: [{ action: { type: UNKNOWN_STRING }, trigger: { timeAfterCreate: "P30D" } }] }))).toEqual([]);
        expect(resourceMessages(RULE, view(TYPES.key, withField(good.key(), "properties.rotationPolicy", UNKNOWN_STRING)))).toEqual([]);
    });
});

test("a key that never rotates needs no expiryTime: only its first version exists", () => {
    expect(resourceMessages(RULE, key({ lifetimeActions: [{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }] }))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.key, withField(good.key(), "properties.rotationPolicy", undefined)))).toEqual([]);
});

test("a key with no expiry of its own gets the one message that names both settings", () => {
    expect(resourceMessages(RULE, view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", undefined), "properties.rotationPolicy.attributes", undefined)))).toEqual([
        "The key has no expiry; set properties.attributes.expires (epoch seconds) for its first version, and properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\") for the versions rotation creates.",
    ]);
});

describe("a key without an expiry", () => {
    const noExpiry = (enabled: unknown) => view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", undefined), "properties.attributes.enabled", enabled));

    test("is reported while enabled, as written or left to Azure's default", () => {
        expect(resourceMessages(RULE, noExpiry(true))).toHaveLength(1);
        expect(resourceMessages(RULE, noExpiry(undefined))).toHaveLength(1);
    });

    test("passes when disabled, as CIS Azure and Prowler judge enabled keys only", () => {
        expect(resourceMessages(RULE, noExpiry(false), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, noExpiry("false"), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, key({ lifetimeActions: rotate30 }))).toEqual([NEVER_EXPIRE]);
        expect(resourceMessages(RULE, view(TYPES.key, withField(key({ lifetimeActions: rotate30 }).props, "properties.attributes.enabled", false)))).toEqual([]);
    });

    test("gives no verdict while whether it is enabled is not known yet", () => {
        expect(resourceMessages(RULE, noExpiry(UNKNOWN_STRING))).toEqual([]);
    });
});

test("the mirrors say which checks judge a disabled key too", () => {
    const mirrors = ruleNamed(RULE).metadata.mirrors;
    expect(mirrors).toContain("Prowler keyvault_rbac_key_expiration_set / keyvault_key_expiration_set_in_non_rbac (enabled keys only, as here)");
    expect(mirrors).toContain("trivy AVD-AZU-0014 (stricter: it reports a disabled key too)");
});
