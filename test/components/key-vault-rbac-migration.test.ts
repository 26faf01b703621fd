import { CmkStorageAccount } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { existingKeyVault } from "../../components/existing-key-vault";
import { KeyAccess, KeyAccessArgs } from "../../components/key-access";
import { KeyVault } from "../../components/key-vault";
import { grantsVia, rbacMigrationIssues } from "../../components/key-vault-rbac-migration";
import { ManagedIdentity } from "../../components/managed-identity";
import { RecordedResource, Recorder, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeLookup, expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";

const rg = "rg-byok";
const appliance = "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10";

type Model = { enableRbacAuthorization: boolean; prepareRbacMigration?: boolean };

/** A vault with a CMK storage account, a direct CMK grant and an appliance's vault-wide grant, planned afresh; what was registered. */
async function deploy(model: Model): Promise<RecordedResource[]> {
    const { recorder } = await setAzureMocks();
    const vault = new KeyVault("kvmigrate", { resourceGroupName: rg, vaultName: "kv-migrate", ...model });
    const cmk = new EncryptionKey("cmk", { keyVault: vault });
    const other = new EncryptionKey("cmk-registry", { keyVault: vault });
    const identity = new ManagedIdentity("id-registry", { resourceGroupName: rg });
    new KeyAccess("registry-cmk", { key: other, principalId: identity.principalId, permissions: "cmkService" });
    new KeyAccess("appliance", { keyVault: vault, principalId: appliance, permissions: "keyManagementAppliance" });
    new CmkStorageAccount("stmigrate", { resourceGroupName: rg, location: "westeurope", customerManagedKey: { key: cmk } });
    await valueOf(cmk.id);
    await settle();
    expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    return recorder.resources;
}

/** Each role assignment as Azure and Pulumi know it. */
function roleAssignments(resources: RecordedResource[]) {
    return resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").map((r) => {
        const i = reveal(r.inputs) as Record<string, unknown>;
        return { urn: r.urn, name: i.roleAssignmentName, scope: i.scope, principalId: i.principalId, roleDefinitionId: i.roleDefinitionId };
    }).sort((a, b) => a.urn.localeCompare(b.urn));
}

const urnsOf = (resources: RecordedResource[], type: string) => new Set(resources.filter((r) => r.type === type).map((r) => r.urn));

describe("prepareRbacMigration on an access-policy vault", () => {
    let prepared: RecordedResource[];
    let flipped: RecordedResource[];
    let policies: RecordedResource[];
    beforeAll(async () => {
        policies = await deploy({ enableRbacAuthorization: false });
        prepared = await deploy({ enableRbacAuthorization: false, prepareRbacMigration: true });
        flipped = await deploy({ enableRbacAuthorization: true });
    }, 60_000);

    test("registers the role assignments the vault will have on RBAC: the same URN, Azure name, scope, principal and role", () => {
        expect(roleAssignments(policies)).toEqual([]);
        expect(roleAssignments(flipped)).toHaveLength(3);
        expect(roleAssignments(prepared)).toEqual(roleAssignments(flipped));
    });

    test("waits for them as on RBAC, and keeps every access policy where it was", () => {
        expect(urnsOf(prepared, "time:index/sleep:Sleep")).toEqual(urnsOf(flipped, "time:index/sleep:Sleep"));
        expect(urnsOf(prepared, "azure-native:keyvault:AccessPolicy")).toEqual(urnsOf(policies, "azure-native:keyvault:AccessPolicy"));
        expect(urnsOf(policies, "azure-native:keyvault:AccessPolicy").size).toBe(3);
    });

    test("leaves the flip nothing to create that has to propagate: no new role assignment or wait, only the policies go", () => {
        const created = (type: string) => [...urnsOf(flipped, type)].filter((urn) => !urnsOf(prepared, type).has(urn));
        expect(created("azure-native:authorization:RoleAssignment")).toEqual([]);
        expect(created("time:index/sleep:Sleep")).toEqual([]);
        expect(urnsOf(flipped, "azure-native:keyvault:AccessPolicy").size).toBe(0);
    });
});

describe("prepareRbacMigration refusals", () => {
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks({ resourceGroups: [{ name: rg, location: "westeurope" }, { name: "rg-security", location: "westeurope" }], vaults: [{ name: "kv-central", resourceGroupName: "rg-security", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false }] }));
    });

    test("a KeyVault that uses RBAC already is refused, naming the field", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvdone", { resourceGroupName: rg, prepareRbacMigration: true }), "prepareRbacMigration", /remove it once the vault uses RBAC/);
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvdone", { resourceGroupName: rg, enableRbacAuthorization: true, prepareRbacMigration: true }), "prepareRbacMigration", /remove it once the vault uses RBAC/);
    });

    test("an existing vault declared RBAC is refused before Azure is asked", async () => {
        await expectRefusedBeforeLookup(recorder, () => existingKeyVault("central", { vaultName: "kv-central", resourceGroupName: "rg-security", prepareRbacMigration: true }), "existing vault central", "prepareRbacMigration", /remove it once the vault uses RBAC/);
    });

    test("an existing access-policy vault keeps the setting on its reference", async () => {
        const vault = await existingKeyVault("central", { vaultName: "kv-central", resourceGroupName: "rg-security", enableRbacAuthorization: false, prepareRbacMigration: true });
        expect(grantsVia(vault)).toEqual({ accessPolicy: true, roleAssignment: true });
        const plain = await existingKeyVault("central-plain", { vaultName: "kv-central", resourceGroupName: "rg-security", enableRbacAuthorization: false });
        expect(grantsVia(plain)).toEqual({ accessPolicy: true, roleAssignment: false });
    });

    test("a vault described by hand as both RBAC and preparing is refused where a grant names it", async () => {
        const vault = new KeyVault("kvhand", { resourceGroupName: rg, vaultName: "kv-hand" });
        const key = new EncryptionKey("hand", { keyVault: vault });
        await valueOf(key.id);
        await settle();
        const args: KeyAccessArgs = { key: { ...key, keyVault: { ...vault, prepareRbacMigration: true } }, principalId: appliance, permissions: "cmkService" };
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("hand-grant", args), "key.keyVault.prepareRbacMigration", /remove it once the vault uses RBAC/);
    });

    test("a grant split for the migration is refused on a vault that does not prepare it", async () => {
        const vault = new KeyVault("kvsplit", { resourceGroupName: rg, vaultName: "kv-split", enableRbacAuthorization: false });
        const key = new EncryptionKey("split", { keyVault: vault });
        await valueOf(key.id);
        await settle();
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("split-grant", { key, principalId: appliance, permissions: "cmkService", rbacMigrationPart: "roleAssignment" }), "rbacMigrationPart", /does not set prepareRbacMigration/);
        const prepared = new KeyVault("kvsplit2", { resourceGroupName: rg, vaultName: "kv-split2", enableRbacAuthorization: false, prepareRbacMigration: true });
        const preparedKey = new EncryptionKey("split2", { keyVault: prepared });
        await Promise.all([valueOf(key.id), valueOf(preparedKey.id)]);
        await settle();
        await expectRefusedBeforeRegistration(recorder, () => new KeyAccess("split-list", { key: preparedKey, principalId: appliance, permissions: "cmkService", rbacMigrationPart: "roleAssignment", listKeys: true }), "listKeys", /leaves to the vault-wide grant/);
    });

    test("the rule itself: only true on an RBAC vault is wrong", () => {
        expect(rbacMigrationIssues(false, true)).toEqual([]);
        expect(rbacMigrationIssues(true, false)).toEqual([]);
        expect(rbacMigrationIssues(true, undefined)).toEqual([]);
        expect(rbacMigrationIssues(true, true, "vaults[0].prepareRbacMigration").map((i) => i.field)).toEqual(["vaults[0].prepareRbacMigration"]);
    });
});

describe("a grant split in two on a prepared vault", () => {
    test("makes only the access policy, or only the role assignment and its wait", async () => {
        const { recorder } = await setAzureMocks();
        const vault = new KeyVault("kvparts", { resourceGroupName: rg, vaultName: "kv-parts", enableRbacAuthorization: false, prepareRbacMigration: true });
        const key = new EncryptionKey("parts", { keyVault: vault });
        const policy = new KeyAccess("parts-vault", { key, principalId: appliance, permissions: "cmkService", rbacMigrationPart: "accessPolicy", listKeys: true });
        const role = new KeyAccess("parts-key", { key, principalId: appliance, permissions: "cmkService", rbacMigrationPart: "roleAssignment" });
        await valueOf(key.id);
        await settle();
        expect(policy.accessPolicy).toBeDefined();
        expect(policy.roleAssignment).toBeUndefined();
        expect(role.accessPolicy).toBeUndefined();
        expect(role.propagation).toBeDefined();
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["parts-vault-access-policy"]);
        expect(recorder.ofType("azure-native:authorization:RoleAssignment").map((r) => r.name)).toEqual(["parts-key-role-assignment"]);
        expect(recorder.ofType("time:index/sleep:Sleep").map((r) => r.name)).toEqual(["parts-key-rbac-propagation"]);
    });
});
