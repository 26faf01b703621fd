import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-configure-min-rsa-size";

/** The known-good RSA-HSM key with no keySize written, and these key operations. */
const unsized = (keyOps: unknown) => view(TYPES.key, withField(withField(good.key(), "properties.keySize", undefined), "properties.keyOps", keyOps));

describe("an RSA key without keySize", () => {
    // "Default for RSA and RSA-HSM keys is 2048. Exception made for bring your own key (BYOK), key exchange keys default
    // to 4096" (azure-native KeyPropertiesArgs.keySize); Azure Policy's minimum-size rule reads the size Key Vault made.
    test("is a 4096-bit key exchange key when its keyOps are exactly [\"import\"], which passes the sovereign minimum", () => {
        expect(resourceMessages(RULE, unsized(["import"]), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, unsized(["import"]), { minRsaKeySize: 4096 })).toEqual([]);
    });

    test("is a 2048-bit key otherwise, which the sovereign minimum still reports", () => {
        const below = ["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more."];
        expect(resourceMessages(RULE, unsized(["wrapKey", "unwrapKey"]), {}, "sovereign")).toEqual(below);
        expect(resourceMessages(RULE, unsized(undefined), {}, "sovereign")).toEqual(below);
        // Only a key that imports and does nothing else is a key exchange key.
        expect(resourceMessages(RULE, unsized(["import", "wrapKey"]), {}, "sovereign")).toEqual(below);
    });

    test("gives no verdict while its keyOps are not known yet, when it may be a key exchange key", () => {
        expect(resourceMessages(RULE, unsized(UNKNOWN_STRING), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, unsized([UNKNOWN_STRING]), {}, "sovereign")).toEqual([]);
    });
});

test("a key exchange key whose keySize is written is judged by it", () => {
    const kek = view(TYPES.key, withField(withField(good.key(), "properties.keySize", 2048), "properties.keyOps", ["import"]));
    expect(resourceMessages(RULE, kek, {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more."]);
});
