import { CLIENT_ID, CSEU, good, IDENTITY_ID, KEY_ID, KEY_URI, PRINCIPAL_ID, stackMessages, TYPES, VAULT_ID, VERSION, view } from "../fixtures";
import { ResourceView } from "../../../policies/lib/rule";

const RULE = "azure-keyvault-key-configure-cmk-grant-ordering";
const SYSTEM_PRINCIPAL = "55555555-5555-4555-8555-555555555555";

function vaultAndKey(): ResourceView[] {
    const vault = view(TYPES.vault, { id: VAULT_ID, name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { id: KEY_ID, name: "cmk", kty: "RSA-HSM", keySize: 3072, keyUri: KEY_URI, keyUriWithVersion: `${KEY_URI}/${VERSION}` }, { name: "cmk-key" });
    return [vault, key];
}

describe("a CMK service's wait for its identity's grant", () => {
    test("reports a disk encryption set on a user-assigned identity that does not wait for that identity's grant", () => {
        const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
        const grant = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "des-grant" });
        const des = view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } } }, { name: "des" });
        expect(stackMessages(RULE, [...vaultAndKey(), identity, grant, des]).map((v) => v.urn)).toEqual([des.urn]);
        expect(stackMessages(RULE, [...vaultAndKey(), identity, grant, { ...des, dependencies: [grant.urn] }])).toEqual([]);
    });

    test("says nothing of a service on its system-assigned identity, whose grant can only follow it (the grant needs its principal id)", () => {
        const des = view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), identity: { type: "SystemAssigned", principalId: SYSTEM_PRINCIPAL } }, { name: "des" });
        const grant = view("azure-native:authorization:RoleAssignment", { principalId: SYSTEM_PRINCIPAL, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "des-grant", dependencies: [des.urn], propertyDependencies: { principalId: [des.urn] } });
        expect(stackMessages(RULE, [...vaultAndKey(), des, grant])).toEqual([]);
        // The identity-access rule judges that grant.
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...vaultAndKey(), des, grant])).toEqual([]);
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...vaultAndKey(), des])).toHaveLength(1);
    });
});
