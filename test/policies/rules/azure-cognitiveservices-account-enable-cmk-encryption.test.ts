import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-cognitiveservices-account-enable-cmk-encryption";
const account = (encryption: unknown) => view(TYPES.cognitiveAccount, withField(good.cognitiveAccount(), "properties.encryption", encryption));

test("properties.encryption null is Microsoft-managed keys, as ARM takes a null property for unset, and is reported as the property left out is", () => {
    const microsoftManaged = ["The account encrypts with Microsoft-managed keys; set properties.encryption to { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyVaultUri, keyName, identityClientId } }."];
    expect(resourceMessages(RULE, account(undefined))).toEqual(microsoftManaged);
    expect(resourceMessages(RULE, account(null))).toEqual(microsoftManaged);
});
