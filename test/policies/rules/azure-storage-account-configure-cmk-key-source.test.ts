import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-storage-account-configure-cmk-key-source";
const account = (path: string, to: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), path, to));

test("an account on a Key Vault key that names its vault and key passes", () => {
    expect(resourceMessages(RULE, view(TYPES.storageAccount, good.storageAccount()), {}, "sovereign")).toEqual([]);
});

test("an account on Microsoft-managed keys is reported", () => {
    expect(resourceMessages(RULE, account("encryption.keySource", "Microsoft.Storage"))).toEqual([
        "The storage account uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.Keyvault\" with encryption.keyVaultProperties and encryption.encryptionIdentity.",
    ]);
});

describe("a Key Vault source that names no key, which Azure refuses (MissingKeyvaultProperties)", () => {
    test("is reported without keyVaultProperties, naming both fields", () => {
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties", undefined))).toEqual([
            "encryption.keySource is \"Microsoft.Keyvault\" but encryption.keyVaultProperties.keyName and encryption.keyVaultProperties.keyVaultUri are missing or empty, which Azure refuses (MissingKeyvaultProperties); name the key's vault URI and key name.",
        ]);
    });

    test("is reported with an empty or absent keyName or keyVaultUri, naming that field", () => {
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties.keyName", ""))).toEqual([
            "encryption.keySource is \"Microsoft.Keyvault\" but encryption.keyVaultProperties.keyName is missing or empty, which Azure refuses (MissingKeyvaultProperties); name the key's vault URI and key name.",
        ]);
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties.keyVaultUri", " "))).toEqual([
            "encryption.keySource is \"Microsoft.Keyvault\" but encryption.keyVaultProperties.keyVaultUri is missing or empty, which Azure refuses (MissingKeyvaultProperties); name the key's vault URI and key name.",
        ]);
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties.keyVaultUri", undefined))).toHaveLength(1);
    });

    test("gives no verdict while the key's name or vault URI is not known yet", () => {
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties.keyName", UNKNOWN_STRING))).toEqual([]);
        expect(resourceMessages(RULE, account("encryption.keyVaultProperties", UNKNOWN_STRING))).toEqual([]);
    });
});

// trivy storage/blob_container_cmk_encrypted.rego (AVD-AZU-0060) fails an empty key id, but only on an account with containers.
test("the rule mirrors trivy AVD-AZU-0060, which judges only an account with blob containers", () => {
    expect(ruleNamed(RULE).metadata.mirrors).toContain("trivy AVD-AZU-0060 (looser: it judges only an account with blob containers; stricter in ARM: it reads encryption.keyVaultProperties.keyUri, which a storage account does not have, so a customer-key account with containers fails it)");
});
