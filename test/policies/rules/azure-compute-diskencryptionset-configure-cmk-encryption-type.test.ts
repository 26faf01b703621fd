import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-compute-diskencryptionset-configure-cmk-encryption-type";

describe("a disk encryption set's encryption type", () => {
    // Azure's default encryptionType is EncryptionAtRestWithCustomerKey: one layer, without the platform's.
    test("a set that leaves encryptionType out is read as EncryptionAtRestWithCustomerKey, and reported where double encryption is required", () => {
        const set = view(TYPES.diskEncryptionSet, withField(good.diskEncryptionSet(), "encryptionType", undefined));
        expect(resourceMessages(RULE, set, {}, "sovereign")).toEqual([
            "The disk encryption set's type is EncryptionAtRestWithCustomerKey, without the platform layer; set encryptionType to \"EncryptionAtRestWithPlatformAndCustomerKeys\".",
        ]);
    });
});
