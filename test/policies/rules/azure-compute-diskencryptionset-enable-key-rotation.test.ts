import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-compute-diskencryptionset-enable-key-rotation";
const PROFILES = ["baseline", "mcsb", "sovereign"] as const;
const NOT_ROTATING = ["The disk encryption set does not follow key rotation; set rotationToLatestKeyVersionEnabled to true."];

/** The known-good disk encryption set of `encryptionType`, with rotationToLatestKeyVersionEnabled `rotation` (undefined: left out). */
const set = (encryptionType: unknown, rotation: unknown) => view(TYPES.diskEncryptionSet, withField(withField(good.diskEncryptionSet(), "encryptionType", encryptionType), "rotationToLatestKeyVersionEnabled", rotation));

// Microsoft's "Rotate customer-managed keys for confidential VMs" (confidential-computing/key-rotation-offline),
// Limitations: "Automatic key rotation isn't currently supported for confidential VMs".
describe("a confidential VM's disk encryption set", () => {
    test.each([false, undefined])("passes with rotationToLatestKeyVersionEnabled %s in every profile, since Azure cannot rotate its key", (rotation) => {
        for (const profile of PROFILES) {
            expect(resourceMessages(RULE, set("ConfidentialVmEncryptedWithCustomerKey", rotation), {}, profile)).toEqual([]);
            // ARM compares enum values without regard to case.
            expect(resourceMessages(RULE, set("confidentialvmencryptedwithcustomerkey", rotation), {}, profile)).toEqual([]);
        }
    });
});

describe("any other disk encryption set", () => {
    test.each([
        ["EncryptionAtRestWithPlatformAndCustomerKeys", "EncryptionAtRestWithPlatformAndCustomerKeys"],
        ["EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithCustomerKey"],
        ["left out (Azure's EncryptionAtRestWithCustomerKey)", undefined],
    ])("of type %s is reported without automatic rotation, and passes with it", (_label, type) => {
        for (const profile of PROFILES) {
            expect(resourceMessages(RULE, set(type, false), {}, profile)).toEqual(NOT_ROTATING);
            expect(resourceMessages(RULE, set(type, undefined), {}, profile)).toEqual(NOT_ROTATING);
            expect(resourceMessages(RULE, set(type, true), {}, profile)).toEqual([]);
        }
    });
});

test("a set whose type is not known yet gets no verdict, since it may be a confidential VM's", () => {
    expect(resourceMessages(RULE, set(UNKNOWN_STRING, false), {}, "mcsb")).toEqual([]);
});
