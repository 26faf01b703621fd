import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-configure-rotation-policy-limits";

/** The known-good key with a rotation policy: versions expiring after `expiryTime`, rotated `timeAfterCreate`. */
const key = (expiryTime: string, timeAfterCreate: string) => view(TYPES.key, withField(good.key(), "properties.rotationPolicy", {
    attributes: { expiryTime },
    lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate } }],
}));

// Key Vault's rotation policy: an expiryTime of at least 28 days, a trigger at least 7 days after creation
// and at least 7 days before expiry. Each case is just past its bound.
describe("a key's rotation policy, held to Key Vault's minimums", () => {
    test("refuses an expiryTime of 27 days", () => {
        expect(resourceMessages(RULE, key("P27D", "P7D")).join("\n")).toMatch(/shorter than Key Vault's minimum of 28 days/);
    });

    test("refuses a trigger 6 days after creation", () => {
        expect(resourceMessages(RULE, key("P1Y", "P6D")).join("\n")).toMatch(/shorter than Key Vault's minimum of 7 days/);
    });

    test("refuses a rotation 22 days into a 28-day version: 6 days before its expiry", () => {
        expect(resourceMessages(RULE, key("P28D", "P22D")).join("\n")).toMatch(/comes within 7 days of the versions' expiry/);
    });
});
