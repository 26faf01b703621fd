import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EncryptionKey } from "../../components/encryption-key";
import { accessPolicyKeyPermissions, KeyAccess, KeyAccessArgs, rbacPropagationSeconds, validateKeyAccessArgs, validateRbacPropagationWait } from "../../components/key-access";
import { builtInRoles, roleAssignmentName } from "../../components/key-permissions";
import { KeyVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";
import { keyReference, PRINCIPAL_ID, vaultReference } from "../support/references";

const rg = "rg-byok";
const sub = mockAzureDefaults.subscriptionId;
const appliancePrincipal = "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10";
let recorder: Recorder;
let vault: KeyVault;
let cmkKey: EncryptionKey;
let secondCmkKey: EncryptionKey;
let appKey: EncryptionKey;
let signingKey: EncryptionKey;
let policySigningKey: EncryptionKey;
let policyVault: KeyVault;
let policyKey: EncryptionKey;
let identity: ManagedIdentity;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvgrants", { resourceGroupName: rg });
    cmkKey = new EncryptionKey("cmk", { keyVault: vault });
    secondCmkKey = new EncryptionKey("cmk-two", { keyVault: vault });
    appKey = new EncryptionKey("backup", { keyVault: vault, purpose: "applicationCrypto" });
    policyVault = new KeyVault("kvpolicy", { resourceGroupName: rg, enableRbacAuthorization: false });
    policyKey = new EncryptionKey("vendor", { keyVault: policyVault, purpose: "applicationCrypto" });
    signingKey = new EncryptionKey("signer", { keyVault: vault, purpose: "signing" });
    policySigningKey = new EncryptionKey("policy-signer", { keyVault: policyVault, purpose: "signing", kty: "EC-HSM", curveName: "P-384" });
    identity = new ManagedIdentity("id-registry", { resourceGroupName: rg });
    await Promise.all([valueOf(cmkKey.id), valueOf(secondCmkKey.id), valueOf(appKey.id), valueOf(policyKey.id), valueOf(signingKey.id), valueOf(policySigningKey.id), valueOf(identity.principalId)]);
    await settle();
});
beforeEach(() => recorder.clear());

async function grant(name: string, args: KeyAccessArgs) {
    const access = new KeyAccess(name, args);
    await valueOf(access.scope);
    await settle();
    return access;
}

describe("KeyAccess in an RBAC vault", () => {
    test("gives a CMK identity Crypto Service Encryption User on the one key, named deterministically", async () => {
        await grant("registry-cmk", { key: cmkKey, principalId: identity.principalId, permissions: "cmkService" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "registry-cmk-role-assignment");
        const keyId = await valueOf(cmkKey.id);
        const principalId = await valueOf(identity.principalId);
        expect(assignment.inputs).toEqual({
            scope: keyId,
            principalId,
            principalType: "ServicePrincipal",
            // Key Vault Crypto Service Encryption User, as Microsoft's built-in roles reference names it: not read from the table under test.
            roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
            roleAssignmentName: roleAssignmentName(keyId, principalId, "e147488a-f6f5-4113-8e2d-b22465e65bf6"),
            description: "azure-byok cmkService",
        });
        expect(keyId).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/keys\/cmk$/);
    });

    test("gives an application Crypto User on its key", async () => {
        await grant("vendor-crypto", { key: appKey, principalId: appliancePrincipal, permissions: "applicationCrypto" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "vendor-crypto-role-assignment");
        expect(assignment.inputs.roleDefinitionId).toMatch(new RegExp(`${builtInRoles.keyVaultCryptoUser}$`));
        expect(assignment.inputs.scope).toBe(await valueOf(appKey.id));
    });

    test("gives an application that signs Crypto User on its signing key", async () => {
        await grant("release-signing", { key: signingKey, principalId: appliancePrincipal, permissions: "signing" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "release-signing-role-assignment");
        expect(assignment.inputs.roleDefinitionId).toMatch(new RegExp(`${builtInRoles.keyVaultCryptoUser}$`));
        expect(assignment.inputs.scope).toBe(await valueOf(signingKey.id));
    });

    test("gives a key-management appliance Crypto Officer on the vault, the one vault-wide grant", async () => {
        await grant("appliance", { keyVault: vault, principalId: appliancePrincipal, permissions: "keyManagementAppliance" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "appliance-role-assignment");
        expect(assignment.inputs.scope).toBe(await valueOf(vault.id));
        expect(assignment.inputs.roleDefinitionId).toMatch(new RegExp(`${builtInRoles.keyVaultCryptoOfficer}$`));
    });

    test("waits for the key and the identity it names", async () => {
        // A second grant of the same role to the same principal on the same key is refused (409), so use another key.
        await grant("ordered", { key: secondCmkKey, principalId: identity.principalId, permissions: "cmkService" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "ordered-role-assignment");
        expect(assignment.dependencies).toEqual(expect.arrayContaining([
            "urn:pulumi:test::azure-byok::azure-byok:keyvault:EncryptionKey$azure-native:keyvault:Key::cmk-two-key",
            "urn:pulumi:test::azure-byok::azure-byok:managedidentity:ManagedIdentity$azure-native:managedidentity:UserAssignedIdentity::id-registry-identity",
        ]));
    });

    test("waits 30 s after the role assignment, again whenever it is replaced, before what depends on the grant", async () => {
        const third = new EncryptionKey("cmk-three", { keyVault: vault });
        const access = await grant("waited", { key: third, principalId: identity.principalId, permissions: "cmkService" });
        const assignment = recorder.find("azure-native:authorization:RoleAssignment", "waited-role-assignment");
        const wait = recorder.find("time:index/sleep:Sleep", "waited-rbac-propagation");
        expect(wait.inputs).toEqual({ createDuration: "30s", triggers: { roleAssignment0: assignment.id } });
        expect(wait.dependencies).toContain(assignment.urn);
        expect(wait.parent).toBe("urn:pulumi:test::azure-byok::azure-byok:keyvault:KeyAccess::waited");
        expect(wait.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(access.propagation).toBeDefined();
    });

    test("waits as long as asked, and not at all for 0s", async () => {
        const fourth = new EncryptionKey("cmk-four", { keyVault: vault });
        const fifth = new EncryptionKey("cmk-five", { keyVault: vault });
        await grant("waited-longer", { key: fourth, principalId: identity.principalId, permissions: "cmkService", rbacPropagationWait: "2m" });
        expect(recorder.find("time:index/sleep:Sleep", "waited-longer-rbac-propagation").inputs.createDuration).toBe("2m");
        const unwaited = await grant("unwaited", { key: fifth, principalId: identity.principalId, permissions: "cmkService", rbacPropagationWait: "0s" });
        expect(recorder.find("azure-native:authorization:RoleAssignment", "unwaited-role-assignment")).toBeDefined();
        expect(recorder.ofType("time:index/sleep:Sleep").map((r) => r.name)).toEqual(["waited-longer-rbac-propagation"]);
        expect(unwaited.propagation).toBeUndefined();
    });

    test("names the same grant the same way on every run, and different grants differently", () => {
        const a = roleAssignmentName("/subscriptions/x/k", appliancePrincipal, builtInRoles.keyVaultCryptoUser);
        expect(roleAssignmentName("/subscriptions/x/k", appliancePrincipal.toUpperCase(), builtInRoles.keyVaultCryptoUser)).toBe(a);
        expect(roleAssignmentName("/subscriptions/x/k", appliancePrincipal, builtInRoles.keyVaultCryptoOfficer)).not.toBe(a);
        expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
});

describe("KeyAccess in an access-policy vault", () => {
    test("adds an access policy with exactly the set's key permissions", async () => {
        await grant("vendor-policy", { key: policyKey, principalId: appliancePrincipal, permissions: "applicationCrypto" });
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "vendor-policy-access-policy");
        expect(policy.inputs).toEqual({
            resourceGroupName: rg,
            vaultName: await valueOf(policyVault.vaultName),
            policy: { objectId: appliancePrincipal, tenantId: mockAzureDefaults.tenantId, permissions: { keys: ["get", "encrypt", "decrypt"] } },
        });
        expect(recorder.ofType("azure-native:authorization:RoleAssignment")).toHaveLength(0);
        // An access policy is no role assignment: nothing to wait for.
        expect(recorder.ofType("time:index/sleep:Sleep")).toHaveLength(0);
    });

    test("gives an appliance purge only on a vault without purge protection, where Key Vault can purge", async () => {
        // With purge protection Key Vault purges nothing before the retention period ends, whoever asks.
        // Another appliance than the vendor granted on this vault above: a vault keeps one access policy per principal.
        const applianceOfPolicyVault = "9d3c1b7e-2a4f-4c6d-8e1a-5b7c9d0e2f31";
        await grant("appliance-protected", { keyVault: policyVault, principalId: applianceOfPolicyVault, permissions: "keyManagementAppliance" });
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "appliance-protected-access-policy").inputs.policy).toMatchObject({ permissions: { keys: ["get", "list", "create", "import", "delete"] } });
        const purgeable = new KeyVault("kvpurgeable", { resourceGroupName: rg, enableRbacAuthorization: false, enablePurgeProtection: false });
        await grant("appliance-purgeable", { keyVault: purgeable, principalId: appliancePrincipal, permissions: "keyManagementAppliance" });
        expect(recorder.find("azure-native:keyvault:AccessPolicy", "appliance-purgeable-access-policy").inputs.policy).toMatchObject({ permissions: { keys: ["get", "list", "create", "import", "delete", "purge"] } });
    });

    test("is described so in the README's BYOK import step: purge only where the vault has no purge protection", () => {
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");
        const step = readme.slice(readme.indexOf("4. **Import it**"), readme.indexOf("```sh", readme.indexOf("4. **Import it**")));
        const always = accessPolicyKeyPermissions("keyManagementAppliance", true, false);
        expect(accessPolicyKeyPermissions("keyManagementAppliance", false, false)).toEqual([...always, "purge"]);
        expect(step).toContain(`on an access-policy vault its permissions, ${always.slice(0, -1).join(", ")} and ${always[always.length - 1]}, and purge where the vault has no purge protection, import the key`);
    });
});

describe("KeyAccess made with retainOnDelete", () => {
    test("leaves its role assignment and access policy in Azure when removed or moved to another key; without the option they go", async () => {
        // A vault preparing its move to RBAC makes both kinds of grant at once.
        const preparedVault = new KeyVault("kvkept", { resourceGroupName: rg, enableRbacAuthorization: false, prepareRbacMigration: true });
        const preparedKey = new EncryptionKey("kept", { keyVault: preparedVault, purpose: "applicationCrypto" });
        await valueOf(preparedKey.id);
        const kept = new KeyAccess("kept", { key: preparedKey, principalId: appliancePrincipal, permissions: "applicationCrypto" }, { retainOnDelete: true });
        const plain = new KeyAccess("plain", { key: preparedKey, principalId: "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", permissions: "applicationCrypto" });
        await Promise.all([valueOf(kept.scope), valueOf(plain.scope)]);
        await settle();
        expect(recorder.refused).toEqual([]);
        const children = (name: string) => [recorder.find("azure-native:authorization:RoleAssignment", `${name}-role-assignment`), recorder.find("azure-native:keyvault:AccessPolicy", `${name}-access-policy`)];
        expect(children("kept").map((r) => [r.name, r.retainOnDelete])).toEqual([["kept-role-assignment", true], ["kept-access-policy", true]]);
        expect(children("plain").map((r) => [r.name, r.retainOnDelete])).toEqual([["plain-role-assignment", false], ["plain-access-policy", false]]);
        // The wait sets none, so the engine passes it the component's (source_eval.go inheritFromParent); it holds nothing in Azure.
        expect(recorder.find("time:index/sleep:Sleep", "kept-rbac-propagation").retainOnDelete).toBe(true);
        expect(recorder.find("time:index/sleep:Sleep", "plain-rbac-propagation").retainOnDelete).toBe(false);
    });
});

describe("KeyAccess moved to another key, vault or principal", () => {
    const movingPrincipal = "0b7f6e5d-4c3b-4a29-8f1e-0d9c8b7a6f5e";
    const collidingPrincipal = "1c8a7f6e-5d4c-4b3a-9f2e-1e0d9c8b7a6f";
    test("makes its new role assignment and access policy before deleting the old ones: deleteBeforeReplace false, given so it overrides azure-native's delete-first", async () => {
        // A vault preparing its move to RBAC makes both kinds of grant at once.
        const preparedVault = new KeyVault("kvmoved", { resourceGroupName: rg, enableRbacAuthorization: false, prepareRbacMigration: true });
        const preparedKey = new EncryptionKey("moved", { keyVault: preparedVault });
        await valueOf(preparedKey.id);
        await grant("moved", { key: preparedKey, principalId: movingPrincipal, permissions: "cmkService" });
        await grant("moved-rbac", { key: cmkKey, principalId: movingPrincipal, permissions: "cmkService" });
        const options = (r: { name: string; deleteBeforeReplace: boolean; deleteBeforeReplaceDefined?: boolean }) => [r.name, r.deleteBeforeReplace, r.deleteBeforeReplaceDefined];
        expect([
            recorder.find("azure-native:authorization:RoleAssignment", "moved-role-assignment"),
            recorder.find("azure-native:keyvault:AccessPolicy", "moved-access-policy"),
            recorder.find("azure-native:authorization:RoleAssignment", "moved-rbac-role-assignment"),
        ].map(options)).toEqual([["moved-role-assignment", false, true], ["moved-access-policy", false, true], ["moved-rbac-role-assignment", false, true]]);
    });

    test("cannot collide with the grant it replaces: the role assignment on another key is another assignment in Azure", async () => {
        await grant("on-first", { key: cmkKey, principalId: collidingPrincipal, permissions: "cmkService" });
        await grant("on-second", { key: secondCmkKey, principalId: collidingPrincipal, permissions: "cmkService" });
        const [first, second] = ["on-first", "on-second"].map((n) => recorder.find("azure-native:authorization:RoleAssignment", `${n}-role-assignment`).inputs.roleAssignmentName);
        expect(first).not.toBe(second);
    });
});

describe("KeyAccess for a CMK service that lists keys, in an access-policy vault", () => {
    test("adds list to get, wrapKey and unwrapKey", async () => {
        const cmkPolicyKey = new EncryptionKey("policy-cmk", { keyVault: policyVault });
        await valueOf(cmkPolicyKey.id);
        await grant("lister-policy", { key: cmkPolicyKey, principalId: "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", permissions: "cmkService", listKeys: true });
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "lister-policy-access-policy");
        expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "wrapKey", "unwrapKey", "list"] });
    });

    test("refuses it on an RBAC vault, whose key-scoped Crypto Service Encryption User lists nothing: the service needs no list, a client that lists needs Key Vault Reader", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("lister-rbac", { key: cmkKey, principalId: appliancePrincipal, permissions: "cmkService", listKeys: true }), "listKeys",
            /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), where cmkService is Key Vault Crypto Service Encryption User on the one key and listing the vault's keys is a read on the vault: leave listKeys out: a CMK service needs no list there, and a client that lists the vault's keys needs Key Vault Reader on the vault \(vaultRead: true on the application's grant or access entry\)$/);
    });
});

describe("KeyAccess for a vendor that lists the vault's keys (listKeys), in an access-policy vault", () => {
    test("adds list to applicationCrypto's get, encrypt and decrypt, and to signing's get, sign and verify", async () => {
        // Veeam Backup for Microsoft Azure's repository account lists the vault's keys (vaults/keys/read).
        await grant("veeam-policy", { key: policyKey, principalId: "2e4f6a8b-0c1d-4e3f-9a5b-7c9d1e3f5a7b", permissions: "applicationCrypto", listKeys: true });
        await grant("signer-lister", { key: policySigningKey, principalId: "4a6c8e0f-2b3d-4f5a-8b7c-9d1e3f5a7b9c", permissions: "signing", listKeys: true });
        const permissions = (name: string) => (recorder.find("azure-native:keyvault:AccessPolicy", `${name}-access-policy`).inputs.policy as { permissions: unknown }).permissions;
        expect(permissions("veeam-policy")).toEqual({ keys: ["get", "encrypt", "decrypt", "list"] });
        expect(permissions("signer-lister")).toEqual({ keys: ["get", "sign", "verify", "list"] });
        expect(recorder.ofType("azure-native:authorization:RoleAssignment")).toEqual([]);
    });

    test("refuses it on an RBAC vault, whose key-scoped Crypto User lists nothing, naming Key Vault Reader on the vault", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("veeam-rbac", { key: appKey, principalId: appliancePrincipal, permissions: "applicationCrypto", listKeys: true }), "listKeys",
            /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), where applicationCrypto is Key Vault Crypto User on the one key and listing the vault's keys is a read on the vault: assign Key Vault Reader on the vault instead \(vaultRead: true on the application's grant or access entry\), and leave listKeys out$/);
    });
});

describe("KeyAccess for signing in an access-policy vault", () => {
    test("adds get, sign and verify and nothing else", async () => {
        // Another principal: in an access-policy vault one principal has one policy.
        await grant("signer-policy", { key: policySigningKey, principalId: "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d", permissions: "signing" });
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "signer-policy-access-policy");
        expect((policy.inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "sign", "verify"] });
    });
});

describe("KeyAccess validation", () => {
    const cases: [string, () => KeyAccessArgs, string, RegExp][] = [
        ["an unknown permission set", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: "owner" as never }), "permissions", /not a permission set/],
        ["a CMK grant without a key", () => ({ principalId: appliancePrincipal, permissions: "cmkService" }), "key", /is granted on one key/],
        ["a CMK grant on a whole vault", () => ({ key: cmkKey, keyVault: vault, principalId: appliancePrincipal, permissions: "cmkService" }), "keyVault", /never the whole vault/],
        ["a CMK grant on a key that cannot wrap", () => ({ key: appKey, principalId: appliancePrincipal, permissions: "cmkService" }), "key.keyOps", /lacks wrapKey, unwrapKey/],
        ["an application grant on a key that cannot encrypt", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: "applicationCrypto" }), "key.keyOps", /lacks encrypt, decrypt/],
        ["a signing grant on a key that cannot sign", () => ({ key: appKey, principalId: appliancePrincipal, permissions: "signing" }), "key.keyOps", /lacks sign, verify, which signing uses; create the key with purpose "signing"/],
        ["an appliance grant without a vault", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: "keyManagementAppliance" }), "keyVault", /granted on the vault/],
        ["a principal that is not an object id", () => ({ key: cmkKey, principalId: "backup-vendor", permissions: "cmkService" }), "principalId", /not an object id/],
        ["an unknown principal type", () => ({ key: cmkKey, principalId: appliancePrincipal, principalType: "Robot" as never, permissions: "cmkService" }), "principalType", /not ServicePrincipal, User or Group/],
        ["a wait the time provider cannot read", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: "cmkService", rbacPropagationWait: "1m30s" }), "rbacPropagationWait", /"1m30s" is not a wait in whole seconds or minutes/],
        ["list asked of a signing grant on an RBAC vault", () => ({ key: signingKey, principalId: appliancePrincipal, permissions: "signing", listKeys: true }), "listKeys", /where signing is Key Vault Crypto User on the one key .*assign Key Vault Reader on the vault instead/],
        ["list asked of an appliance grant, which lists already", () => ({ keyVault: vault, principalId: appliancePrincipal, permissions: "keyManagementAppliance", listKeys: true }), "listKeys", /^is for cmkService, applicationCrypto and signing: keyManagementAppliance lists keys already$/],
        ["a wait longer than Azure's worst case", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: "cmkService", rbacPropagationWait: "30m" }), "rbacPropagationWait", /longer than 10m/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("badgrant", args()), field, rule);
    });
});

describe("KeyAccess with a principal given as an Output, known at preview", () => {
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const { EncryptionKey } = require("./components/encryption-key");
            const { KeyAccess } = require("./components/key-access");
            const key = new EncryptionKey("cmk", { keyVault: new KeyVault("kvgrants", { resourceGroupName: "rg-byok" }) });
            const policyKey = new EncryptionKey("vendor", { keyVault: new KeyVault("kvpolicy", { resourceGroupName: "rg-byok", enableRbacAuthorization: false }), purpose: "applicationCrypto" });
            new KeyAccess("role-output", { key, principalId: pulumi.output("backup-vendor"), permissions: "cmkService" });
            new KeyAccess("policy-secret", { key: policyKey, principalId: pulumi.secret("backup-vendor"), permissions: "applicationCrypto" });
            new KeyAccess("role-good", { key, principalId: pulumi.secret(${JSON.stringify(appliancePrincipal)}), permissions: "cmkService" });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("a principal that is no object id fails with the message a plain one gets, and no role is assigned", async () => {
        const plain = await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("plain-grant", { key: cmkKey, principalId: "backup-vendor", permissions: "cmkService" }), "principalId", /not an object id/);
        expect(failureOf('KeyAccess "role-output"')).toContain(`KeyAccess "role-output": invalid arguments:\n  - principalId: ${plain.issues[0].message}`);
        expect(run.registered).not.toContain("azure-native:authorization:RoleAssignment::role-output-role-assignment");
    });

    test("one from a secret is shown as [secret], and no access policy is made", () => {
        const failure = failureOf('KeyAccess "policy-secret"');
        expect(failure).toContain('KeyAccess "policy-secret": invalid arguments:\n  - principalId: [secret] is not an object id (a GUID)');
        expect(failure).not.toContain("backup-vendor");
        expect(run.registered).not.toContain("azure-native:keyvault:AccessPolicy::policy-secret-access-policy");
    });

    test("an object id is assigned its role, and nothing else failed", () => {
        expect(run.registered).toContain("azure-native:authorization:RoleAssignment::role-good-role-assignment");
        expect(run.failures).toHaveLength(2);
    });
});

describe("KeyAccess arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const cases: [string, () => unknown, string, RegExp][] = [
        ["a key described without its key operations", () => ({ key: { id: "x" }, principalId: appliancePrincipal, permissions: "cmkService" }), "key.keyOps", /^is required: the list of operations the key allows/],
        ["a key whose vault is described without its RBAC flag", () => ({ key: { ...cmkKey, keyVault: { ...vault, enableRbacAuthorization: undefined } }, principalId: appliancePrincipal, permissions: "cmkService" }), "key.keyVault.enableRbacAuthorization", /^is required: true for an Azure RBAC vault/],
        ["the permission set as an Output", () => ({ key: cmkKey, principalId: appliancePrincipal, permissions: pulumi.output("cmkService") }), "permissions", /^is an Output; this argument takes a plain value/],
        ["the principal id in other letters", () => ({ key: cmkKey, principalID: appliancePrincipal, permissions: "cmkService" }), "principalID", /^is not an argument here; did you mean "principalId"\?$/],
        ["no permission set", () => ({ key: cmkKey, principalId: appliancePrincipal }), "permissions", /^is required: the permission set: cmkService, applicationCrypto, signing, keyManagementAppliance$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("shape-grant", untyped<KeyAccessArgs>(args())), field, rule);
    });
});

describe("rbacPropagationWait", () => {
    test("reads whole seconds or minutes, as the time provider's createDuration takes them", () => {
        expect(rbacPropagationSeconds("30s")).toBe(30);
        expect(rbacPropagationSeconds("2m")).toBe(120);
        expect(rbacPropagationSeconds("0s")).toBe(0);
        for (const bad of ["", "30", "1m30s", "1.5m", "PT30S", "30 s", "-30s", "1h"]) expect(rbacPropagationSeconds(bad)).toBeUndefined();
    });

    test("takes up to Azure's documented 10 minutes, and names the field it is given", () => {
        expect(validateRbacPropagationWait("600s")).toEqual([]);
        expect(validateRbacPropagationWait("10m")).toEqual([]);
        expect(validateRbacPropagationWait(undefined)).toEqual([]);
        expect(validateRbacPropagationWait("601s", "customerManagedKey.rbacPropagationWait")).toEqual([
            { field: "customerManagedKey.rbacPropagationWait", message: expect.stringMatching(/"601s" is longer than 10m/) },
        ]);
    });
});

describe("validateKeyAccessArgs", () => {
    const cmkKeyRef = keyReference();

    test("takes a key-scoped grant on a key, and key management on a vault", () => {
        expect(validateKeyAccessArgs({ key: cmkKeyRef, principalId: PRINCIPAL_ID, permissions: "cmkService", rbacPropagationWait: "0s" })).toEqual([]);
        expect(validateKeyAccessArgs({ keyVault: vaultReference(), principalId: PRINCIPAL_ID, permissions: "keyManagementAppliance", principalType: "Group" })).toEqual([]);
    });

    test("takes listKeys with cmkService on an access-policy vault, one preparing its RBAC migration included, and refuses it on an RBAC vault as for the other key-scoped sets", () => {
        const onVault = (keyVault: ReturnType<typeof vaultReference>, permissions: "cmkService" | "applicationCrypto" | "signing") =>
            validateKeyAccessArgs({ key: keyReference({ keyOps: permissions === "cmkService" ? ["wrapKey", "unwrapKey"] : permissions === "signing" ? ["sign", "verify"] : ["encrypt", "decrypt"] }, keyVault), principalId: PRINCIPAL_ID, permissions, listKeys: true });
        expect(onVault(vaultReference({ enableRbacAuthorization: false }), "cmkService")).toEqual([]);
        expect(onVault(vaultReference({ enableRbacAuthorization: false, prepareRbacMigration: true }), "cmkService")).toEqual([]);
        // Listing a vault's keys is a read on the vault; every key-scoped set's role is on the one key.
        const roleNamed = (permissions: "cmkService" | "applicationCrypto" | "signing") => onVault(vaultReference(), permissions).map((i) => [i.field, /where \w+ is (.+) on the one key/.exec(i.message)?.[1]]);
        expect(roleNamed("cmkService")).toEqual([["listKeys", "Key Vault Crypto Service Encryption User"]]);
        expect(roleNamed("applicationCrypto")).toEqual([["listKeys", "Key Vault Crypto User"]]);
        expect(roleNamed("signing")).toEqual([["listKeys", "Key Vault Crypto User"]]);
    });

    test("takes listKeys with applicationCrypto and signing on an access-policy vault, and refuses it on an RBAC vault", () => {
        const policy = vaultReference({ enableRbacAuthorization: false });
        const vendorKey = (keyVault: ReturnType<typeof vaultReference>) => keyReference({ keyOps: ["encrypt", "decrypt"] }, keyVault);
        const signKey = keyReference({ keyOps: ["sign", "verify"] }, policy);
        expect(validateKeyAccessArgs({ key: vendorKey(policy), principalId: PRINCIPAL_ID, permissions: "applicationCrypto", listKeys: true })).toEqual([]);
        expect(validateKeyAccessArgs({ key: signKey, principalId: PRINCIPAL_ID, permissions: "signing", listKeys: true })).toEqual([]);
        // A vault preparing its RBAC migration is still an access-policy vault: its policy lists.
        expect(validateKeyAccessArgs({ key: vendorKey(vaultReference({ enableRbacAuthorization: false, prepareRbacMigration: true })), principalId: PRINCIPAL_ID, permissions: "applicationCrypto", listKeys: true })).toEqual([]);
        expect(validateKeyAccessArgs({ key: vendorKey(vaultReference()), principalId: PRINCIPAL_ID, permissions: "applicationCrypto", listKeys: true }).map((i) => i.field)).toEqual(["listKeys"]);
        expect(validateKeyAccessArgs({ key: vendorKey(vaultReference()), principalId: PRINCIPAL_ID, permissions: "applicationCrypto", listKeys: false })).toEqual([]);
    });

    test("refuses listKeys on the role part of a split grant, saying what lists keys after the move", () => {
        const prepared = vaultReference({ enableRbacAuthorization: false, prepareRbacMigration: true });
        expect(validateKeyAccessArgs({ key: keyReference({ keyOps: ["encrypt", "decrypt"] }, prepared), principalId: PRINCIPAL_ID, permissions: "applicationCrypto", listKeys: true, rbacMigrationPart: "roleAssignment" })).toEqual([
            { field: "listKeys", message: "shapes the access policy, which rbacMigrationPart \"roleAssignment\" leaves to the vault-wide grant; set it there (after the move, Key Vault Reader on the vault lists keys)" },
        ]);
        expect(validateKeyAccessArgs({ key: keyReference({}, prepared), principalId: PRINCIPAL_ID, permissions: "cmkService", listKeys: true, rbacMigrationPart: "roleAssignment" })).toEqual([
            { field: "listKeys", message: "shapes the access policy, which rbacMigrationPart \"roleAssignment\" leaves to the vault-wide grant; set it there (after the move, a CMK service needs no list, and a client that lists keys needs Key Vault Reader on the vault)" },
        ]);
    });

    test("refuses a permission set it does not know, alone, listing the ones it does", () => {
        expect(validateKeyAccessArgs({ key: cmkKeyRef, principalId: "nobody", permissions: untyped("everything") })).toEqual([
            { field: "permissions", message: "\"everything\" is not a permission set; use cmkService, applicationCrypto, signing, keyManagementAppliance" },
        ]);
    });

    test("grants a key-scoped set on one key, never the vault", () => {
        expect(validateKeyAccessArgs({ keyVault: vaultReference(), principalId: PRINCIPAL_ID, permissions: "cmkService" })).toEqual([
            { field: "key", message: "is required: cmkService is granted on one key" },
            { field: "keyVault", message: "must not be set: cmkService is granted on one key, never the whole vault" },
        ]);
    });

    test("grants key management on the vault, never one key", () => {
        expect(validateKeyAccessArgs({ key: cmkKeyRef, principalId: PRINCIPAL_ID, permissions: "keyManagementAppliance" })).toEqual([
            { field: "keyVault", message: "is required: keyManagementAppliance creates and imports keys, which is granted on the vault" },
            { field: "key", message: "must not be set: keyManagementAppliance manages the vault's keys, so it is granted on the vault; name the vault instead" },
        ]);
    });

    test("reports every other rule at once, each under its field", () => {
        expect(validateKeyAccessArgs({ key: cmkKeyRef, principalId: "app-registration", principalType: untyped("Robot"), permissions: "applicationCrypto", listKeys: true, rbacPropagationWait: "soon" })).toEqual([
            { field: "key.keyOps", message: "lacks encrypt, decrypt, which applicationCrypto uses; create the key with purpose \"applicationCrypto\"" },
            { field: "principalId", message: "\"app-registration\" is not an object id (a GUID)" },
            { field: "principalType", message: "\"Robot\" is not ServicePrincipal, User or Group" },
            { field: "listKeys", message: "adds list to an access policy, but the vault uses Azure RBAC (enableRbacAuthorization: true), where applicationCrypto is Key Vault Crypto User on the one key and listing the vault's keys is a read on the vault: assign Key Vault Reader on the vault instead (vaultRead: true on the application's grant or access entry), and leave listKeys out" },
            { field: "rbacPropagationWait", message: "\"soon\" is not a wait in whole seconds or minutes such as 30s, 90s or 2m (0s for none)" },
        ]);
    });

    test("refuses preparing an RBAC migration in a vault that already uses RBAC, under the key's vault", () => {
        const key = keyReference({}, vaultReference({ prepareRbacMigration: true }));
        expect(validateKeyAccessArgs({ key, principalId: PRINCIPAL_ID, permissions: "cmkService" })).toEqual([
            { field: "key.keyVault.prepareRbacMigration", message: "is true, but the vault uses Azure RBAC (enableRbacAuthorization: true), so there is nothing left to prepare: remove it once the vault uses RBAC" },
        ]);
    });
});

describe("KeyAccess on a Managed HSM pool's key", () => {
    const poolId = `/subscriptions/${sub}/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm`;
    // A pool described by hand: a VaultReference has no kind, so it passes for a premium RBAC vault.
    const pool = vaultReference({ id: poolId, vaultName: "contoso-hsm", vaultUri: "https://contoso-hsm.managedhsm.azure.net/" });
    const hsmKey = keyReference({ keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] }, pool);
    const rule = "a pool's keys are granted only by its local RBAC, where an Azure role assignment or access policy grants nothing, and azure-byok cannot make a local role assignment yet";

    test("refuses a grant on it, naming key and giving the pool's local grant, whose role stands for the set's", () => {
        expect(validateKeyAccessArgs({ key: hsmKey, principalId: PRINCIPAL_ID, permissions: "cmkService" })).toEqual([{
            field: "key",
            message: `is key cmk of Managed HSM pool contoso-hsm: ${rule}; grant it with az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id ${PRINCIPAL_ID} --scope /keys/cmk, or use a key in a Key Vault vault`,
        }]);
        expect(validateKeyAccessArgs({ key: hsmKey, principalId: pulumi.output(PRINCIPAL_ID), permissions: "applicationCrypto" })).toEqual([{
            field: "key",
            message: `is key cmk of Managed HSM pool contoso-hsm: ${rule}; grant it with az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto User" --assignee-object-id <principalId> --scope /keys/cmk, or use a key in a Key Vault vault`,
        }]);
    });

    test("refuses key management on the pool, naming keyVault", () => {
        expect(validateKeyAccessArgs({ keyVault: pool, principalId: PRINCIPAL_ID, permissions: "keyManagementAppliance" })).toEqual([
            { field: "keyVault", message: `is Managed HSM pool contoso-hsm: ${rule}; grant its local roles with az keyvault role assignment create --hsm-name contoso-hsm, or use a Key Vault vault` },
        ]);
    });

    test("registers nothing for it, not even the ARM role assignment that would grant nothing there", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("hsm-grant", { key: hsmKey, principalId: PRINCIPAL_ID, permissions: "cmkService" }), "key", /^is key cmk of Managed HSM pool contoso-hsm: /);
    });

    test("holds a pool key's id known only at deploy to the same rule then, and assigns no role", () => {
        const run = runUnderMocks(`
            const { KeyAccess } = require("./components/key-access");
            const key = ${JSON.stringify(hsmKey)};
            new KeyAccess("hsm-output", { key: { ...key, id: pulumi.output(key.id), keyUri: pulumi.output(key.keyUri), keyUriWithVersion: pulumi.output(key.keyUriWithVersion), keyVault: { ...key.keyVault, id: pulumi.output(key.keyVault.id), vaultUri: pulumi.output(key.keyVault.vaultUri) } }, principalId: ${JSON.stringify(PRINCIPAL_ID)}, permissions: "cmkService" });
        `, { preview: true });
        expect(validationFailure(run, 'KeyAccess "hsm-output"')).toContain(`KeyAccess "hsm-output": invalid arguments:\n  - key: is key cmk of Managed HSM pool contoso-hsm: ${rule}; grant it with az keyvault role assignment create --hsm-name contoso-hsm --role "Managed HSM Crypto Service Encryption User" --assignee-object-id ${PRINCIPAL_ID} --scope /keys/cmk`);
        expect(run.registered).not.toContain("azure-native:authorization:RoleAssignment::hsm-output-role-assignment");
    });
});
