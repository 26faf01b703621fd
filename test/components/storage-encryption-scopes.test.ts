import { encryptionScopeIssues, encryptionScopeShapeIssues, keyAccessScope } from "../../components/storage-encryption-scopes";
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
