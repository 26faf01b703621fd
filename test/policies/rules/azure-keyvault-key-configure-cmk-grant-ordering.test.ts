import { CLIENT_ID, CSEU, good, IDENTITY_ID, KEY_ID, KEY_URI, PRINCIPAL_ID, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, VERSION, view, withField } from "../fixtures";
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

describe("a CMK service's wait under its vault's permission model (an RBAC vault ignores access policies, an access-policy vault roles)", () => {
    const WAIT_FOR_ROLE = "make the service depend on the grant (dependsOn), and on a wait after it (time.Sleep from @pulumiverse/time, createDuration 30s), since Azure can take minutes to apply a new role assignment.";
    const WAIT_FOR_POLICY = "make the service depend on the access policy (dependsOn).";
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const role = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "des-grant" });
    const policy = view("azure-native:keyvault:AccessPolicy", { vaultName: "kv-good", policy: { objectId: PRINCIPAL_ID, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } } }, { name: "kv-policy" });
    const desProps = { ...good.diskEncryptionSet(), identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY_ID]: {} } } };
    const des = (...waits: ResourceView[]) => view(TYPES.diskEncryptionSet, desProps, { name: "des", dependencies: waits.map((w) => w.urn) });
    /** The vault and key, the vault's properties changed by `fields` (a value of undefined leaves the field out). */
    const store = (fields: Record<string, unknown>) => {
        const [vault, key] = vaultAndKey();
        const properties = Object.fromEntries(Object.entries({ ...(vault.props as { properties: Record<string, unknown> }).properties, ...fields }).filter(([, v]) => v !== undefined));
        return [{ ...vault, props: { ...(vault.props as object), properties } }, key];
    };
    const rbac = () => store({});
    const accessPolicies = () => store({ enableRbacAuthorization: false });
    const messages = (stack: ResourceView[]) => stackMessages(RULE, stack).map((v) => v.message);

    test("on an RBAC vault, reports a service that waits only for its access policy, naming the role assignment that counts", () => {
        expect(messages([...rbac(), identity, role, policy, des(policy)])).toEqual([
            `Disk encryption set des does not wait for des-grant, which lets its identity id-cmk use key kv-good/cmk (it waits for kv-policy, an access policy vault kv-good ignores: the vault authorizes through Azure RBAC alone); ${WAIT_FOR_ROLE}`,
        ]);
        expect(messages([...rbac(), identity, role, policy, des(role)])).toEqual([]);
        expect(messages([...rbac(), identity, role, policy, des(role, policy)])).toEqual([]);
    });

    test("on an access-policy vault, reports a service that waits only for its role assignment, naming the access policy that counts", () => {
        expect(messages([...accessPolicies(), identity, role, policy, des(role)])).toEqual([
            `Disk encryption set des does not wait for kv-policy, which lets its identity id-cmk use key kv-good/cmk (it waits for des-grant, a role assignment vault kv-good ignores: the vault authorizes through access policies alone); ${WAIT_FOR_POLICY}`,
        ]);
        expect(messages([...accessPolicies(), identity, role, policy, des(policy)])).toEqual([]);
        // Left out, enableRbacAuthorization is sent as false: access policies.
        expect(messages([...store({ enableRbacAuthorization: undefined }), identity, role, policy, des(role)])).toHaveLength(1);
        expect(messages([...store({ enableRbacAuthorization: undefined }), identity, role, policy, des(policy)])).toEqual([]);
    });

    test("a service waiting for neither grant is told of the one its vault reads alone", () => {
        expect(messages([...rbac(), identity, role, policy, des()])).toEqual([
            `Disk encryption set des does not wait for des-grant, which lets its identity id-cmk use key kv-good/cmk; ${WAIT_FOR_ROLE}`,
        ]);
        expect(messages([...accessPolicies(), identity, role, policy, des()])).toEqual([
            `Disk encryption set des does not wait for kv-policy, which lets its identity id-cmk use key kv-good/cmk; ${WAIT_FOR_POLICY}`,
        ]);
    });

    test("the one grant its vault reads, waited for or not, is judged alone", () => {
        expect(messages([...accessPolicies(), identity, policy, des()])).toEqual([
            `Disk encryption set des does not wait for kv-policy, which lets its identity id-cmk use key kv-good/cmk; ${WAIT_FOR_POLICY}`,
        ]);
        expect(messages([...accessPolicies(), identity, policy, des(policy)])).toEqual([]);
        expect(messages([...rbac(), identity, role, des()])).toHaveLength(1);
        expect(messages([...rbac(), identity, role, des(role)])).toEqual([]);
    });

    test("only a grant the vault ignores is nothing to wait for here: the identity-access rule reports the missing grant", () => {
        expect(messages([...rbac(), identity, policy, des()])).toEqual([]);
        expect(messages([...accessPolicies(), identity, role, des()])).toEqual([]);
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...rbac(), identity, policy, des()])).toHaveLength(1);
        expect(stackMessages("azure-keyvault-key-configure-cmk-identity-access", [...accessPolicies(), identity, role, des()])).toHaveLength(1);
    });

    test.each([
        ["a vault outside the stack", () => vaultAndKey().slice(1)],
        ["a vault whose model is unknown until deploy", () => store({ enableRbacAuthorization: UNKNOWN_STRING })],
        ["a recovered vault, which keeps the model it had", () => store({ createMode: "recover" })],
        ["a vault whose create mode is unknown until deploy", () => store({ createMode: UNKNOWN_STRING })],
    ])("on %s, waiting for either grant is enough, and waiting for neither names both", (_, where) => {
        expect(messages([...where(), identity, role, policy, des(role)])).toEqual([]);
        expect(messages([...where(), identity, role, policy, des(policy)])).toEqual([]);
        expect(messages([...where(), identity, role, policy, des()])).toEqual([
            `Disk encryption set des does not wait for des-grant or kv-policy, which lets its identity id-cmk use key kv-good/cmk; ${WAIT_FOR_ROLE}`,
        ]);
    });
});

describe("a CMK service's wait for its identity's local role on a Managed HSM key (the pool reads no ARM role)", () => {
    const HSM_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm-good";
    const localRole = (guid: string) => `/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const CSEU_LOCAL = localRole("33413926-3206-4cdd-b39a-83574fe37a17");
    const CRYPTO_OFFICER_LOCAL = localRole("515eb02d-2335-4d2d-92f2-b1cbdf9c3778");
    const hsm = view(TYPES.managedHsm, { ...good.managedHsm(), properties: { ...good.managedHsm().properties, hsmUri: "https://hsm-good.managedhsm.azure.net/" } }, { name: "hsm" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const local = (fields: Record<string, unknown> = {}, name = "cmk-local") => view("azure:keyvault/managedHardwareSecurityModuleRoleAssignment:ManagedHardwareSecurityModuleRoleAssignment", { name: "a9dbe818-56e7-5878-c0ce-a1477692c1d6", managedHsmId: HSM_ID, principalId: PRINCIPAL_ID, roleDefinitionId: CSEU_LOCAL, scope: "/keys/cmk", ...fields }, { name });
    const armRole = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: `${HSM_ID}/keys/cmk` }, { name: "cmk-arm-role" });
    const storage = (...waits: ResourceView[]) => view(TYPES.storageAccount, withField(good.storageAccount(), "encryption.keyVaultProperties.keyVaultUri", "https://hsm-good.managedhsm.azure.net/"), { name: "st-cmk", dependencies: waits.map((w) => w.urn) });
    const messages = (stack: ResourceView[]) => stackMessages(RULE, stack).map((v) => v.message);

    test("reports a service that does not wait for the local role assignment that lets its identity use the key", () => {
        const grant = local();
        expect(messages([hsm, identity, grant, storage()])).toEqual([
            "Storage account st-cmk does not wait for cmk-local, which lets its identity id-cmk use Managed HSM key hsm-good/cmk; make the service depend on the local role assignment (dependsOn).",
        ]);
        expect(messages([hsm, identity, grant, storage(grant)])).toEqual([]);
    });

    test("waiting through another resource counts, as the engine orders it", () => {
        const grant = local();
        const between = view("azure-native:resources:Resource", {}, { name: "between", dependencies: [grant.urn] });
        expect(messages([hsm, identity, grant, between, storage(between)])).toEqual([]);
    });

    test("names the ARM role assignment a service waits for instead, which grants nothing on the pool's keys", () => {
        expect(messages([hsm, identity, local(), armRole, storage(armRole)])).toEqual([
            "Storage account st-cmk does not wait for cmk-local, which lets its identity id-cmk use Managed HSM key hsm-good/cmk (it waits for cmk-arm-role, an ARM role assignment, which grants nothing on Managed HSM hsm-good's keys); make the service depend on the local role assignment (dependsOn).",
        ]);
    });

    test("counts a local grant on all keys or the whole pool, and not one that cannot wrap or covers another key", () => {
        for (const scope of ["/", "/keys"]) expect(messages([hsm, identity, local({ scope }), storage()])).toHaveLength(1);
        // Crypto Officer cannot wrap, and a grant on another key does not reach this one: nothing here to wait for (the local-role rule reports the missing grant).
        expect(messages([hsm, identity, local({ roleDefinitionId: CRYPTO_OFFICER_LOCAL }), storage()])).toEqual([]);
        expect(messages([hsm, identity, local({ scope: "/keys/other" }), storage()])).toEqual([]);
        expect(stackMessages("azure-keyvault-managedhsm-configure-cmk-local-role", [hsm, identity, local({ scope: "/keys/other" }), storage()])).toHaveLength(1);
    });

    test("a grant on a pool made in the same preview, its id unknown until deploy, is one to wait for", () => {
        const grant = local({ managedHsmId: UNKNOWN_STRING }, "cmk-local");
        expect(messages([hsm, identity, grant, storage()])).toHaveLength(1);
        expect(messages([hsm, identity, grant, storage(grant)])).toEqual([]);
    });

    test("says nothing of a service on its system-assigned identity, whose local grant can only follow it", () => {
        const SYSTEM_PRINCIPAL = "55555555-5555-4555-8555-555555555555";
        const props = withField(withField(good.storageAccount(), "encryption.keyVaultProperties.keyVaultUri", "https://hsm-good.managedhsm.azure.net/"), "encryption.encryptionIdentity", undefined);
        const service = view(TYPES.storageAccount, { ...props, identity: { type: "SystemAssigned", principalId: SYSTEM_PRINCIPAL } }, { name: "st-cmk" });
        expect(messages([hsm, service, local({ principalId: SYSTEM_PRINCIPAL })])).toEqual([]);
    });
});
