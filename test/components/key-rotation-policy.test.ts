import { rotationPolicyIssues } from "../../components/key-rotation-policy";

// Key Vault's bounds are inclusive: an expiry of at least 28 days; a trigger at least 7 days after creation and at
// least 7 days before expiry (learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation, "Key rotation
// policy"); the product holds a notice to the same 7 days. Values exactly at a bound are taken.
test.each([
    ["an expiry of exactly P28D, rotating P21D after creation", { expiryTime: "P28D", timeAfterCreate: "P21D", notifyBeforeExpiry: "P7D" }],
    ["a rotation exactly P7D after creation", { expiryTime: "P1Y", timeAfterCreate: "P7D" }],
    ["a rotation exactly P7D before expiry", { expiryTime: "P1Y", timeBeforeExpiry: "P7D" }],
    ["a rotation before expiry that comes exactly 7 days after creation", { expiryTime: "P28D", timeBeforeExpiry: "P21D", notifyBeforeExpiry: "P7D" }],
    ["a notice exactly 7 days inside the expiry", { expiryTime: "P28D", timeAfterCreate: "P7D", notifyBeforeExpiry: "P21D" }],
])("takes %s", (_what, policy) => {
    expect(rotationPolicyIssues(policy)).toEqual([]);
});

test.each([
    ["an expiry of P27D", { expiryTime: "P27D", timeAfterCreate: "P7D", notifyBeforeExpiry: "P7D" }, "expiryTime"],
    ["a rotation P6D after creation", { expiryTime: "P1Y", timeAfterCreate: "P6D" }, "timeAfterCreate"],
    ["a rotation P6D before expiry", { expiryTime: "P1Y", timeBeforeExpiry: "P6D" }, "timeBeforeExpiry"],
    ["a rotation P22D before a P28D expiry, 6 days after creation", { expiryTime: "P28D", timeBeforeExpiry: "P22D", notifyBeforeExpiry: "P7D" }, "timeBeforeExpiry"],
    ["a rotation P22D after creation of a P28D key, 6 days before expiry", { expiryTime: "P28D", timeAfterCreate: "P22D", notifyBeforeExpiry: "P7D" }, "timeAfterCreate"],
    ["a notice P6D before expiry", { expiryTime: "P1Y", timeAfterCreate: "P90D", notifyBeforeExpiry: "P6D" }, "notifyBeforeExpiry"],
    ["a notice P22D before a P28D expiry", { expiryTime: "P28D", timeAfterCreate: "P7D", notifyBeforeExpiry: "P22D" }, "notifyBeforeExpiry"],
])("refuses %s, one day past the bound, at its field", (_what, policy, field) => {
    expect(rotationPolicyIssues(policy).map((i) => i.field)).toEqual([`rotationPolicy.${field}`]);
});
