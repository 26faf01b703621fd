import * as pulumi from "@pulumi/pulumi";
import { earlierScopeKeyAccessNames, encryptionScopeIssues, encryptionScopeShapeIssues, keyAccessScope, scopeKeyAccesses, scopeKeyAccessName } from "../../components/storage-encryption-scopes";
import { KeyReference, VaultReference } from "../../components/types";

const vault = (name: string, enableRbacAuthorization: boolean): VaultReference => ({
    id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`,
    vaultName: name,
    resourceGroupName: "rg",
    vaultUri: `https://${name}.vault.azure.net/`,
    sku: "premium",
    enableRbacAuthorization,
    enablePurgeProtection: true,
    tenantId: "00000000-0000-0000-0000-000000000000",
});
const key = (keyVault: VaultReference, name: string): KeyReference => ({
    id: `${String(keyVault.id)}/keys/${name}`,
    keyUri: `${String(keyVault.vaultUri)}keys/${name}`,
    keyUriWithVersion: `${String(keyVault.vaultUri)}keys/${name}/0123456789abcdef0123456789abcdef`,
    keyName: name,
    kty: "RSA-HSM",
    keyOps: ["wrapKey", "unwrapKey"],
    keyVault,
});
const rbacVault = vault("kv-rbac", true);
const tenantA = key(rbacVault, "tenant-a");

describe("encryptionScopeIssues", () => {
    test("leaves scopes with keys Azure takes, and containers held to them, alone", () => {
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA }, encryptionScopes: [{ name: "tenant-a", key: tenantA }], containers: [{ name: "invoices", encryptionScope: "tenant-a" }, { name: "logs" }] })).toEqual([]);
    });

    test("names a scope or container name Azure refuses, or one taken, with the index that has it", () => {
        expect(encryptionScopeIssues({
            customerManagedKey: { key: tenantA },
            encryptionScopes: [{ name: "tenant-a", key: tenantA }, { name: "tenant-a", key: tenantA }, { name: "tenant--b", key: tenantA }],
            containers: [{ name: "ab" }, { name: "logs" }, { name: "logs" }],
        })).toEqual([
            { field: "encryptionScopes[1].name", message: "\"tenant-a\" is already used by encryption scope 0; names are unique in an account" },
            { field: "encryptionScopes[2].name", message: "\"tenant--b\" is not an encryption scope name: 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit" },
            { field: "containers[0].name", message: "\"ab\" is not a container name: 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit" },
            { field: "containers[2].name", message: "\"logs\" is already used by container 1; names are unique in an account" },
        ]);
    });

    test("names a container held to a scope the account does not have, listing the ones it has", () => {
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA }, encryptionScopes: [{ name: "tenant-a", key: tenantA }], containers: [{ name: "invoices", encryptionScope: "tenant-b" }] })).toEqual([
            { field: "containers[0].encryptionScope", message: "\"tenant-b\" is not one of this account's encryptionScopes (tenant-a)" },
        ]);
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA }, containers: [{ name: "invoices", encryptionScope: "tenant-a" }] }).map((i) => i.message)).toEqual([
            "\"tenant-a\" is not one of this account's encryptionScopes (none)",
        ]);
    });

    test("checks each scope's key as a customer-managed key under the scope's own field", () => {
        const noPurgeProtection = key({ ...rbacVault, enablePurgeProtection: false }, "tenant-b");
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA }, encryptionScopes: [{ name: "tenant-b", key: noPurgeProtection, keyVersion: "v1" }] }).map((i) => i.field)).toEqual([
            "encryptionScopes[0].key.keyVault.enablePurgeProtection",
            "encryptionScopes[0].keyVersion",
        ]);
    });

    test("refuses a scope's existing grant when the account runs as a new identity that grant cannot cover", () => {
        // The rule reads only whether a grant is given.
        const grant = {} as never;
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA }, encryptionScopes: [{ name: "tenant-a", key: tenantA, keyAccess: grant }] }).map((i) => i.field)).toEqual(["encryptionScopes[0].keyAccess"]);
        const identity = { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage", clientId: "c", principalId: "p" };
        expect(encryptionScopeIssues({ customerManagedKey: { key: tenantA, userAssignedIdentity: identity }, encryptionScopes: [{ name: "tenant-a", key: tenantA, keyAccess: grant }] })).toEqual([]);
    });
});

describe("encryptionScopeIssues on a vault preparing its move to RBAC", () => {
    const prepared: VaultReference = { ...vault("kv-moving", false), prepareRbacMigration: true };
    const [own, other] = [key(prepared, "account"), key(prepared, "tenant-b")];

    test("refuses a scope the account's own identity would be granted on another key: a vault policy now, a key role after the move", () => {
        expect(encryptionScopeIssues({ customerManagedKey: { key: own }, encryptionScopes: [{ name: "tenant-a", key: own }, { name: "tenant-b", key: other }] }).map((i) => i.field)).toEqual(["encryptionScopes[1].key"]);
        expect(encryptionScopeIssues({ customerManagedKey: { key: own }, encryptionScopes: [{ name: "tenant-b", key: other }] })[0].message).toMatch(/prepares its move to Azure RBAC .*give the account a shared identity/);
    });
});

describe("encryptionScopeShapeIssues", () => {
    test("names a scope without its key, a scope key missing its vault, and a container field Azure does not have", () => {
        const withoutVault = Object.fromEntries(Object.entries(tenantA).filter(([field]) => field !== "keyVault"));
        expect(encryptionScopeShapeIssues({ encryptionScopes: [{ name: "tenant-a" }, { name: "tenant-b", key: withoutVault }], containers: [{ name: "logs", publicAccess: "None" }] })).toEqual([
            { field: "encryptionScopes[0].key", message: "is required: the scope's key (an EncryptionKey or a KeyReference)" },
            { field: "encryptionScopes[1].key.keyVault", message: "is required: the key's vault (a KeyVault or a VaultReference)" },
            { field: "containers[0].publicAccess", message: "is not an argument here; the arguments are name, encryptionScope" },
        ]);
        expect(encryptionScopeShapeIssues({})).toEqual([]);
    });
});

describe("keyAccessScope", () => {
    test("keys a grant in an RBAC vault by the key: scopes on two keys need two grants", () => {
        const tenantB = key(rbacVault, "tenant-b");
        expect(keyAccessScope(tenantA)).toBe(tenantA);
        expect(keyAccessScope(tenantB)).not.toBe(keyAccessScope(tenantA));
    });

    test("keys a grant in an access-policy vault by the vault: its one policy per principal covers every key", () => {
        const policyVault = vault("kv-policy", false);
        expect(keyAccessScope(key(policyVault, "tenant-a"))).toBe(policyVault);
        expect(keyAccessScope(key(policyVault, "tenant-b"))).toBe(keyAccessScope(key(policyVault, "tenant-a")));
    });
});

describe("the account's grants for its scopes", () => {
    const policyVault = vault("kv-policy", false);
    const tenantB = key(rbacVault, "tenant-b");
    const account = key(rbacVault, "account");

    test("are one per key, one per access-policy vault, none for the account's own key, named for what they grant, with each scope's earlier name", () => {
        const scopes = [
            { name: "tenant-a", key: tenantA }, { name: "tenant-b", key: tenantB }, { name: "tenant-a-archive", key: tenantA },
            { name: "policy-one", key: key(policyVault, "p1") }, { name: "policy-two", key: key(policyVault, "p2") }, { name: "own-key", key: account },
        ];
        const grants = scopeKeyAccesses({ customerManagedKey: { key: account }, encryptionScopes: scopes });
        expect(grants.map((g) => [scopeKeyAccessName("st", g), earlierScopeKeyAccessNames("st", scopes, g)])).toEqual([
            ["st-tenant-a-key-grant", ["st-tenant-a-key-access", "st-tenant-a-archive-key-access"]],
            ["st-tenant-b-key-grant", ["st-tenant-b-key-access"]],
            ["st-kv-policy-vault-grant", ["st-policy-one-key-access", "st-policy-two-key-access"]],
        ]);
        expect(encryptionScopeIssues({ customerManagedKey: { key: account }, encryptionScopes: scopes })).toEqual([]);
    });

    test("take keyAccessName over the key's name, and refuse scopes on one key that name its grant differently", () => {
        const scopes = [{ name: "tenant-a", key: tenantA }, { name: "tenant-a-archive", key: tenantA, keyAccessName: "tenant-a-v2" }, { name: "tenant-a-old", key: tenantA, keyAccessName: "tenant-a" }];
        expect(scopeKeyAccesses({ customerManagedKey: { key: account }, encryptionScopes: scopes }).map((g) => g.label)).toEqual(["tenant-a-v2"]);
        expect(encryptionScopeIssues({ customerManagedKey: { key: account }, encryptionScopes: scopes })).toEqual([
            { field: "encryptionScopes[2].keyAccessName", message: "\"tenant-a\" differs from \"tenant-a-v2\", which encryption scope 1 gives: scopes on one key share the account's grant on it, so give them one name" },
        ]);
    });

    test("refuse one name for two keys, which would be one resource", () => {
        const otherVault = vault("kv-other", true);
        expect(encryptionScopeIssues({ customerManagedKey: { key: account }, encryptionScopes: [{ name: "tenant-a", key: tenantA }, { name: "tenant-a-elsewhere", key: key(otherVault, "tenant-a") }] })).toEqual([
            { field: "encryptionScopes[1].keyAccessName", message: "is not given, and the default \"tenant-a\" already names the account's grant for encryption scope 0, on another key; give each key its own keyAccessName" },
        ]);
    });

    test("need keyAccessName when the key's (vault's) name is an output, refuse it beside keyAccess, and refuse it empty", () => {
        const unnamed = { ...tenantB, keyName: pulumi.output("tenant-b") };
        const unnamedVault = key({ ...policyVault, vaultName: pulumi.output("kv-policy") }, "p1");
        const identity = { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id", clientId: "c", principalId: "p" };
        expect(encryptionScopeIssues({ customerManagedKey: { key: account, userAssignedIdentity: identity }, encryptionScopes: [
            { name: "tenant-b", key: unnamed }, { name: "policy-one", key: unnamedVault }, { name: "tenant-a", key: tenantA, keyAccess: {} as never, keyAccessName: "tenant-a" }, { name: "tenant-a2", key: key(rbacVault, "a2"), keyAccessName: "" },
        ] }).map((i) => [i.field, i.message.replace(/: the .*/, "")])).toEqual([
            ["encryptionScopes[2].keyAccessName", "names a grant the account makes, but keyAccess gives the grant this scope waits for; remove one"],
            ["encryptionScopes[3].keyAccessName", "is empty; give the key's name (the vault's, for a key in an access-policy vault)"],
            ["encryptionScopes[0].keyAccessName", "is required"],
            ["encryptionScopes[1].keyAccessName", "is required"],
        ]);
        // Given, the names serve.
        expect(encryptionScopeIssues({ customerManagedKey: { key: account }, encryptionScopes: [{ name: "tenant-b", key: unnamed, keyAccessName: "tenant-b" }, { name: "policy-one", key: unnamedVault, keyAccessName: "kv-policy" }] })).toEqual([]);
    });
});
