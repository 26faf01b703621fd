import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-eventhub-namespace-enable-cmk-encryption";
const namespace = (entries: unknown[]) => view(TYPES.eventHubNamespace, withField(good.eventHubNamespace(), "encryption.keyVaultProperties", entries));

test("a null keyVaultProperties entry names no key: a list of nulls is Microsoft-managed keys, as an empty list is", () => {
    const microsoftManaged = ["The Premium namespace uses Microsoft-managed keys; set encryption.keySource to \"Microsoft.KeyVault\" with encryption.keyVaultProperties [{ keyVaultUri, keyName, identity: { userAssignedIdentity } }]."];
    expect(resourceMessages(RULE, namespace([]))).toEqual(microsoftManaged);
    expect(resourceMessages(RULE, namespace([null]))).toEqual(microsoftManaged);
    expect(resourceMessages(RULE, namespace([null, ...good.eventHubNamespace().encryption.keyVaultProperties]))).toEqual([]);
});
