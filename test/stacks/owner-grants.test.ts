import { cmkServices, ConfigError, parseStackConfig } from "../../stacks/config";
import { sharedIdentityUses, sharedRoleGrants } from "../../stacks/owner-grants";
import { program } from "../../stacks/program";
import { configIssuesOf } from "../support/config-issues";
import { RecordedResource, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { existingAzure } from "../../plan/run-plan";

const PLATFORM = "7c1e4b2a-9d3f-4a6e-8b5c-2f0d1e3a4b5c";

/** A tenant's stack on the platform team's vault and key, its storage account running as the platform's identity (Pulumi.central.yaml's pattern). */
function tenantStack({ rbac = true, grantedIdentities, scope = false }: { rbac?: boolean; grantedIdentities?: string[]; scope?: boolean } = {}): Record<string, unknown> {
    return {
        resourceGroupName: "rg-byok-payments",
        location: "westeurope",
        vaults: [{
            name: "central",
            existing: true,
            vaultName: "kv-platform-central",
            resourceGroupName: "rg-platform-security",
            subscriptionId: PLATFORM,
            ...(rbac ? {} : { enableRbacAuthorization: false }),
            keys: [
                { name: "payments-byok", existing: true, ...(grantedIdentities === undefined ? {} : { grantedIdentities }) },
                { name: "payments-scope", existing: true },
            ],
        }],
        identities: [{ name: "platform-cmk", existing: true, identityName: "id-platform-cmk", resourceGroupName: "rg-platform-security", subscriptionId: PLATFORM }],
        storageAccounts: [{ name: "stpayments", key: "payments-byok", identity: "platform-cmk", ...(scope ? { encryptionScopes: [{ name: "orders", key: "payments-scope" }] } : {}) }],
    };
}


/** Plans the settings against the Azure they say exists (as `npm run plan` does), refusing nothing; the registrations. */
async function plan(raw: Record<string, unknown>): Promise<RecordedResource[]> {
    const { recorder } = await setAzureMocks({ ...existingAzure(raw), stack: "payments" });
    await program(parseStackConfig(raw));
    await settle();
    expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
    return recorder.resources;
}

const GRANTS = ["azure-byok:keyvault:KeyAccess", "azure-native:keyvault:AccessPolicy", "azure-native:authorization:RoleAssignment", "time:index:Sleep"];

describe("an existing identity's grant on an existing access-policy vault", () => {
    test("is refused at the service's identity, naming the vault and identity, both ways out and how a deployed stack lets go of the entry", () => {
        const issues = configIssuesOf(tenantStack({ rbac: false }));
        expect(issues.map((i) => i.path)).toEqual(["azure-byok:storageAccounts[0].identity"]);
        const message = issues[0].message;
        expect(message).toMatch(/^grants "platform-cmk", an existing identity \(identities\[0\]\), key "payments-byok" in vault kv-platform-central, an existing vault \(vaults\[0\]\) with access policies; /);
        expect(message).toContain(`azure-native refuses to create it where it exists ("cannot create already existing resource .../accessPolicy/<object id>")`);
        expect(message).toContain("write grantedIdentities: [platform-cmk] on vaults[0].keys[0], so that the stack makes no grant; or use a key in a vault with Azure RBAC");
        expect(message).toContain("its AccessPolicy platform-cmk-on-vault-central-access-policy is marked retainOnDelete in the stack's state before that deploy (pulumi state delete refuses it while the services depend on it)");
    });

    test("is refused at an encryption scope's key too, once for the identity and vault, listing each key entry to mark", () => {
        const raw = tenantStack({ rbac: false, scope: true });
        const issues = configIssuesOf(raw);
        expect(issues.map((i) => i.path)).toEqual(["azure-byok:storageAccounts[0].identity"]);
        expect(issues[0].message).toContain("write grantedIdentities: [platform-cmk] on vaults[0].keys[0] and vaults[0].keys[1],");
        // With the account's own key granted by the owner, the scope's is the one left.
        const keys = (raw.vaults as { keys: Record<string, unknown>[] }[])[0].keys;
        keys[0].grantedIdentities = ["platform-cmk"];
        expect(configIssuesOf(raw).map((i) => i.path)).toEqual(["azure-byok:storageAccounts[0].encryptionScopes[0].key"]);
    });

    test("is refused on a vault preparing its move to RBAC, whose grants are still access policies", () => {
        const raw = tenantStack({ rbac: false });
        Object.assign((raw.vaults as Record<string, unknown>[])[0], { prepareRbacMigration: true });
        expect(configIssuesOf(raw).map((i) => i.path)).toEqual(["azure-byok:storageAccounts[0].identity"]);
    });

    test("is made where the stack makes the identity or the vault, which no other stack shares", async () => {
        const ownIdentity = tenantStack({ rbac: false });
        ownIdentity.identities = [{ name: "platform-cmk" }];
        expect(() => parseStackConfig(ownIdentity)).not.toThrow();
        const ownVault = tenantStack();
        ownVault.vaults = [{ name: "kv-payments", enableRbacAuthorization: false, keys: [{ name: "payments-byok" }] }];
        const resources = await plan(ownVault);
        expect(resources.filter((r) => r.type === "azure-native:keyvault:AccessPolicy").map((r) => r.name)).toEqual(["platform-cmk-on-vault-kv-payments-access-policy"]);
    });

    test("with grantedIdentities, registers no grant: the account depends on the owner's, an empty component in its place, and waits for nothing", async () => {
        const resources = await plan(tenantStack({ rbac: false, grantedIdentities: ["Platform-CMK"] }));
        expect(resources.filter((r) => GRANTS.includes(r.type))).toEqual([]);
        const owner = resources.filter((r) => r.type === "azure-byok:keyvault:OwnerKeyAccess");
        expect(owner.map((r) => [r.name, r.custom])).toEqual([["platform-cmk-on-vault-central", false]]);
        const account = resources.find((r) => r.type === "azure-native:storage:StorageAccount") as RecordedResource;
        expect(account.dependencies.filter((d) => /KeyAccess|Sleep|RoleAssignment|AccessPolicy/.test(d))).toEqual([]);
    });
});

describe("grantedIdentities on a key of an existing access-policy vault", () => {
    test("is checked against the vault's entries as Azure reports them: an owner who has not granted the identity fails the preview, naming the setting, before anything registers", async () => {
        const raw = tenantStack({ rbac: false, grantedIdentities: ["platform-cmk"] });
        const azure = existingAzure(raw);
        // The owner has not made the entry yet.
        const { recorder } = await setAzureMocks({ ...azure, identities: azure.identities.map(({ grantedKeys: _, ...i }) => i), stack: "payments" });
        const failure = await program(parseStackConfig(raw)).then(() => undefined, (e: unknown) => e);
        expect(failure).toBeInstanceOf(ConfigError);
        const issues = (failure as ConfigError).issues;
        expect(issues.map((i) => i.path)).toEqual(["azure-byok:vaults[0]"]);
        expect(issues[0].message).toMatch(/^vault kv-platform-central in Azure has no access policy for identity "platform-cmk", which azure-byok:vaults\[0\]\.keys\[0\]\.grantedIdentities\[0\] says the key's owner grants \(object id [0-9a-f-]{36}\), so Key Vault refuses \(403 Forbidden\)/);
        expect(issues[0].message).toContain("have the vault's owner give it get, wrapKey, unwrapKey on keys");
        await settle();
        // Only the provider that read the platform subscription.
        expect(recorder.resources.filter((r) => r.custom).map((r) => r.type)).toEqual(["pulumi:providers:azure-native"]);
    });
});

describe("an existing identity's grant on an existing key of an RBAC vault", () => {
    test("is made as before when the key entry says nothing: the stack's role on the key, named from scope, principal and role", async () => {
        const resources = await plan(tenantStack());
        const roles = resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").map((r) => reveal(r.inputs) as { scope: string; roleAssignmentName: string; description: string });
        expect(roles.map((r) => [r.description, r.scope.endsWith("/vaults/kv-platform-central/keys/payments-byok")])).toEqual([["azure-byok cmkService", true]]);
        expect(resources.filter((r) => r.type === "azure-byok:keyvault:KeyAccess").map((r) => r.name)).toEqual(["platform-cmk-on-payments-byok"]);
        expect(resources.filter((r) => r.type === "azure-byok:keyvault:OwnerKeyAccess")).toEqual([]);
    });

    test("with grantedIdentities, is left to the key's owner: no role assignment, no wait, and the key's other users keep theirs", async () => {
        const resources = await plan(tenantStack({ grantedIdentities: ["platform-cmk"], scope: true }));
        // The scope's key is not listed: its grant is the stack's.
        expect(resources.filter((r) => r.type === "azure-byok:keyvault:KeyAccess").map((r) => r.name)).toEqual(["platform-cmk-on-payments-scope"]);
        expect(resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").map((r) => (reveal(r.inputs) as { scope: string }).scope.split("/").pop())).toEqual(["payments-scope"]);
        expect(resources.filter((r) => r.type === "azure-byok:keyvault:OwnerKeyAccess").map((r) => r.name)).toEqual(["platform-cmk-on-payments-byok"]);
    });
});

test("the plan names each existing identity's role on an existing key that another stack may make too, once per pair, and none the owner grants", () => {
    const shared = (raw: Record<string, unknown>) => {
        const config = parseStackConfig(raw);
        return sharedRoleGrants(config, sharedIdentityUses(config, cmkServices(config)));
    };
    const twice = tenantStack({ scope: true });
    (twice.storageAccounts as Record<string, unknown>[]).push({ name: "storders", key: "payments-byok", identity: "platform-cmk" });
    expect(shared(twice)).toEqual([{ identity: "platform-cmk", key: "payments-byok", vaultName: "kv-platform-central" }, { identity: "platform-cmk", key: "payments-scope", vaultName: "kv-platform-central" }]);
    expect(shared(tenantStack({ grantedIdentities: ["platform-cmk"] }))).toEqual([]);
    // A key the stack makes is granted by this stack alone.
    const ownKey = tenantStack();
    (ownKey.vaults as { keys: Record<string, unknown>[] }[])[0].keys[0] = { name: "payments-byok" };
    expect(shared(ownKey)).toEqual([]);
});

describe("grantedIdentities", () => {
    const refused: [string, (raw: Record<string, unknown>) => void, string, RegExp][] = [
        ["on a key of a vault the stack creates", (raw) => { raw.vaults = [{ name: "kv-payments", keys: [{ name: "payments-byok", grantedIdentities: ["platform-cmk"] }] }]; }, "azure-byok:vaults[0].keys[0].grantedIdentities", /^is only for a key in an existing vault \(vaults\[0\]\.existing: true\)/],
        ["naming no identity entry", (raw) => ((raw.vaults as { keys: Record<string, unknown>[] }[])[0].keys[0].grantedIdentities = ["platform-cm"]), "azure-byok:vaults[0].keys[0].grantedIdentities[0]", /^"platform-cm" is not an entry of azure-byok:identities; did you mean "platform-cmk"\?$/],
        ["naming an identity the stack makes", (raw) => { raw.identities = [{ name: "platform-cmk" }]; (raw.vaults as { keys: Record<string, unknown>[] }[])[0].keys[0].grantedIdentities = ["platform-cmk"]; }, "azure-byok:vaults[0].keys[0].grantedIdentities[0]", /^"platform-cmk" is an identity this stack makes \(identities\[0\] is not existing: true\), which the key's owner cannot have granted/],
    ];
    test.each(refused)("is refused %s", (_, edit, path, message) => {
        const raw = tenantStack();
        edit(raw);
        const issues = configIssuesOf(raw);
        expect(issues.map((i) => i.path)).toEqual([path]);
        expect(issues[0].message).toMatch(message);
    });
});
