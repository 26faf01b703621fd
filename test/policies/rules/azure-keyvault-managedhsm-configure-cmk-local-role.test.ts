import { good, stackMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-managedhsm-configure-cmk-local-role";
const HSM_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm-good";
const CSEU_LOCAL = "/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/33413926-3206-4cdd-b39a-83574fe37a17";
const SYSTEM_PRINCIPAL = "55555555-5555-4555-8555-555555555555";

describe("a CMK service on its system-assigned identity with a Managed HSM key", () => {
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const props = withField(withField(good.storageAccount(), "encryption.keyVaultProperties.keyVaultUri", "https://hsm-good.managedhsm.azure.net/"), "encryption.encryptionIdentity", undefined);
    const storage = view(TYPES.storageAccount, { ...props, identity: { type: "SystemAssigned", principalId: SYSTEM_PRINCIPAL } }, { name: "st-cmk" });
    const local = view("azure:keyvault/managedHardwareSecurityModuleRoleAssignment:ManagedHardwareSecurityModuleRoleAssignment", { name: "a9dbe818-56e7-5878-c0ce-a1477692c1d6", managedHsmId: HSM_ID, principalId: SYSTEM_PRINCIPAL, roleDefinitionId: CSEU_LOCAL, scope: "/keys/cmk" }, { name: "cmk-local" });

    test("reports its identity without a local role on the key, naming its principal id", () => {
        expect(stackMessages(RULE, [hsm, storage]).map((v) => v.message)).toEqual([
            `Storage account st-cmk's system-assigned identity ${SYSTEM_PRINCIPAL} holds no local role on Managed HSM key hsm-good/cmk, and ARM role assignments grant none; assign it Managed HSM Crypto Service Encryption User on the key in the HSM's local RBAC (az keyvault role assignment create --hsm-name hsm-good --role "Managed HSM Crypto Service Encryption User" --assignee-object-id ${SYSTEM_PRINCIPAL} --scope /keys/cmk, or azure.keyvault.ManagedHardwareSecurityModuleRoleAssignment in the stack).`,
        ]);
    });

    test("passes its identity with the local Crypto Service Encryption User on the key", () => {
        expect(stackMessages(RULE, [hsm, storage, local])).toEqual([]);
    });
});
