import { keyStoreNamedIn, vaultNameIssues, vaultNameProblem } from "../../components/key-vault-names";

describe("vaultNameProblem", () => {
    test("takes names Key Vault takes: 3–24 letters, digits and single hyphens, from a letter to a letter or digit", () => {
        for (const name of ["kv1", "kv-byok-prod-01", "K".repeat(24), "a-b-c"]) expect(vaultNameProblem(name)).toBeUndefined();
    });

    test("says why a name is not one, with the length bounds it was held to", () => {
        expect(vaultNameProblem("kv")).toBe("\"kv\" is 2 characters; a vault name has 3–24");
        expect(vaultNameProblem("k".repeat(25))).toBe(`"${"k".repeat(25)}" is 25 characters; a vault name has 3–24`);
        expect(vaultNameProblem("kv", 1, 17)).toBeUndefined();
        expect(vaultNameProblem("k", 1, 17)).toBeUndefined();
        for (const name of ["1kv", "kv-", "kv--backup", "kv_backup", "kv.backup"]) {
            expect(vaultNameProblem(name)).toBe(`"${name}" is not a vault name: letters, digits and single hyphens, starting with a letter and ending with a letter or digit`);
        }
    });

    test("names the vault in a resource id or URI pasted for its name", () => {
        const id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-byok";
        expect(vaultNameProblem(id)).toBe(`"${id}" is a vault's resource id, not its name; give the name ("kv-byok"), with its resourceGroupName and subscriptionId where they are not the stack's`);
        expect(vaultNameProblem("https://kv-byok.vault.azure.net/")).toBe("\"https://kv-byok.vault.azure.net/\" is a vault's URI, not its name; give the name (\"kv-byok\"), with its resourceGroupName and subscriptionId where they are not the stack's");
    });

    test("refuses a Managed HSM pool's URI or resource id, rather than give a name ARM's vaults would answer with 404", () => {
        expect(vaultNameProblem("https://hsm-byok.managedhsm.azure.net")).toBe("\"https://hsm-byok.managedhsm.azure.net\" is a Managed HSM pool's URI, and a pool is not a Key Vault vault: azure-byok neither makes nor reads pools yet; name a vault");
        const id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/managedHSMs/hsm-byok";
        expect(vaultNameProblem(id)).toBe(`"${id}" is a Managed HSM pool's resource id, and a pool is not a Key Vault vault: azure-byok neither makes nor reads pools yet; name a vault`);
    });
});

describe("vaultNameIssues", () => {
    test("holds a given vaultName to the whole 3–24, whatever the resource is named", () => {
        expect(vaultNameIssues("backup_vault", "kv-backup")).toEqual([]);
        expect(vaultNameIssues("kv", "kv-backup-")).toEqual([{ field: "vaultName", message: "\"kv-backup-\" is not a vault name: letters, digits and single hyphens, starting with a letter and ending with a letter or digit" }]);
    });

    test("holds the resource name to the room the generated suffix leaves, and says to set vaultName", () => {
        expect(vaultNameIssues("k", undefined)).toEqual([]);
        expect(vaultNameIssues("kv-long-name-0017", undefined)).toEqual([]);
        expect(vaultNameIssues("kv-long-name-00018", undefined)).toEqual([
            { field: "name", message: "\"kv-long-name-00018\" is 18 characters; a vault name has 1–17 (it prefixes the generated vault name); rename the resource or set vaultName" },
        ]);
    });
});

describe("keyStoreNamedIn", () => {
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg";

    test("finds a Managed HSM pool in its keys' URIs on every cloud's domain, and in its or its keys' resource ids", () => {
        for (const uri of ["https://contoso-hsm.managedhsm.azure.net/keys/cmk", "https://contoso-hsm.managedhsm.azure.cn/keys/cmk/0123456789abcdef0123456789abcdef", "https://Contoso-HSM.ManagedHSM.usgovcloudapi.net/"]) {
            expect(keyStoreNamedIn(uri)).toEqual({ kind: "managedHsm", name: uri.slice(8, 19), form: "URI", whole: true });
        }
        expect(keyStoreNamedIn(`${sub}/providers/Microsoft.KeyVault/managedHSMs/contoso-hsm`)).toEqual({ kind: "managedHsm", name: "contoso-hsm", form: "resource id", whole: true });
        expect(keyStoreNamedIn(`${sub}/providers/microsoft.keyvault/managedhsms/contoso-hsm/keys/cmk`)).toEqual({ kind: "managedHsm", name: "contoso-hsm", form: "resource id", whole: false });
    });

    test("finds a vault as a vault, and nothing in a bare name or another provider's id", () => {
        expect(keyStoreNamedIn("https://kv-cmk.vault.azure.net/keys/cmk")).toEqual({ kind: "vault", name: "kv-cmk", form: "URI", whole: true });
        expect(keyStoreNamedIn(`${sub}/providers/Microsoft.KeyVault/vaults/kv-cmk/keys/cmk`)).toEqual({ kind: "vault", name: "kv-cmk", form: "resource id", whole: false });
        expect(keyStoreNamedIn("contoso-hsm")).toBeUndefined();
        expect(keyStoreNamedIn("http://contoso-hsm.managedhsm.azure.net/keys/cmk")).toBeUndefined();
        expect(keyStoreNamedIn(`${sub}/providers/Microsoft.Storage/storageAccounts/managedhsms`)).toBeUndefined();
    });
});
