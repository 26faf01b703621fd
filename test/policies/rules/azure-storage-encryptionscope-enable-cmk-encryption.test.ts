import { good, KEY_URI, stackMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-storage-encryptionscope-enable-cmk-encryption";
const scope = (keyVaultProperties: unknown) => view(TYPES.encryptionScope, withField(good.encryptionScope(), "keyVaultProperties", keyVaultProperties), { name: "tenant-a" });

describe("a Key Vault encryption scope", () => {
    test("that names its key passes", () => {
        expect(stackMessages(RULE, [scope({ keyUri: KEY_URI })], {}, "sovereign")).toEqual([]);
    });

    test("without keyVaultProperties.keyUri, or with it empty, is reported: Azure refuses it", () => {
        for (const properties of [undefined, {}, { keyUri: "" }]) {
            const keyless = scope(properties);
            expect(stackMessages(RULE, [keyless])).toEqual([
                { urn: keyless.urn, message: "The encryption scope's source is \"Microsoft.KeyVault\" but keyVaultProperties.keyUri is missing or empty, which Azure refuses; set it to the key's URI (…/keys/<name>)." },
            ]);
        }
    });

    test("gives no verdict while its key URI is not known yet", () => {
        expect(stackMessages(RULE, [scope({ keyUri: UNKNOWN_STRING })])).toEqual([]);
        expect(stackMessages(RULE, [scope(UNKNOWN_STRING)])).toEqual([]);
    });
});
