import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-configure-max-validity";
const now = () => Math.floor(Date.now() / 1000);

/** A hand-written key: its first version expires in a year, it rotates 30 days after each version's creation. */
function key(policy: Record<string, unknown>) {
    return view(TYPES.key, withField(withField(good.key(), "properties.attributes.expires", now() + 365 * 86400), "properties.rotationPolicy", policy));
}
const rotate30 = [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P30D" } }];

describe("a key whose rotation policy rotates it", () => {
    // Azure Policy "Keys should have the specified maximum validity period" fails a version without expiresOn; without
    // expiryTime every version rotation creates is one.
    test("without expiryTime is reported: the versions rotation creates are valid without limit", () => {
        expect(resourceMessages(RULE, key({ lifetimeActions: rotate30 }), {}, "mcsb")).toEqual([
            "The key's rotation policy sets no expiryTime, so the versions rotation creates are valid without limit, over 730 days; set properties.rotationPolicy.attributes.expiryTime to at most P730D.",
        ]);
        expect(resourceMessages(RULE, key({ lifetimeActions: rotate30 }), { maxValidityDays: 365 })).toEqual([
            "The key's rotation policy sets no expiryTime, so the versions rotation creates are valid without limit, over 365 days; set properties.rotationPolicy.attributes.expiryTime to at most P365D.",
        ]);
    });

    test("with expiryTime within the limit passes, and over it is reported as before", () => {
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: "P1Y" }, lifetimeActions: rotate30 }))).toEqual([]);
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: "P3Y" }, lifetimeActions: rotate30 }))).toEqual([
            "The key's versions are valid for P3Y (1095 days), over 730; set properties.rotationPolicy.attributes.expiryTime to at most P730D.",
        ]);
    });

    test("gives no verdict on rotated versions while expiryTime is not known yet", () => {
        expect(resourceMessages(RULE, key({ attributes: { expiryTime: UNKNOWN_STRING }, lifetimeActions: rotate30 }))).toEqual([]);
    });
});

test("a key that never rotates is judged on its first version alone", () => {
    expect(resourceMessages(RULE, key({ lifetimeActions: [{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }] }))).toEqual([]);
});
