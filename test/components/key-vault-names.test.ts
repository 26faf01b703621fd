import { vaultNameIssues, vaultNameProblem } from "../../components/key-vault-names";

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
        expect(vaultNameProblem("https://hsm-byok.managedhsm.azure.net")).toMatch(/^"https:\/\/hsm-byok\.managedhsm\.azure\.net" is a vault's URI, not its name; give the name \("hsm-byok"\)/);
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
