import { good, resourceMessages, TYPES, VERSION, view, withField } from "../fixtures";

const RULE = "azure-storage-account-disallow-versioned-key";

describe("a storage account's pinned key version", () => {
    test("is reported, and let through with allowPinnedKeyVersion: true only", () => {
        const account = view(TYPES.storageAccount, withField(good.storageAccount(), "encryption.keyVaultProperties.keyVersion", VERSION));
        expect(resourceMessages(RULE, account)).toHaveLength(1);
        expect(resourceMessages(RULE, account, { allowPinnedKeyVersion: true })).toEqual([]);
    });
});
