import * as pulumi from "@pulumi/pulumi";
import { aliasedNames, alphanumericPrefix, DerivedName, hyphenatedPrefix, renameIssues, shownGeneratedName } from "../../components/naming";

describe("hyphenatedPrefix", () => {
    test.each([
        ["sql-byok", "sql-byok"],
        ["SQL_Byok.Prod", "sqlbyokprod"],
        ["pg--main---eu", "pg-main-eu"],
        ["-_cosmos-", "cosmos"],
        ["a_-_b", "a-b"],
        ["Ünïcode-ok", "ncode-ok"],
    ])("makes %j the lowercase prefix %j: letters, digits and single hyphens, none at either end", (name, prefix) => {
        expect(hyphenatedPrefix(name)).toBe(prefix);
    });

    test("leaves nothing of a name without a letter or digit, for the caller to refuse", () => {
        expect(hyphenatedPrefix("--_.--")).toBe("");
    });

    test("keeps the name's case only when asked", () => {
        expect(hyphenatedPrefix("Aks_Prod--EU-", { keepCase: true })).toBe("AksProd-EU");
        expect(hyphenatedPrefix("Aks_Prod--EU-")).toBe("aksprod-eu");
    });
});

describe("alphanumericPrefix", () => {
    test.each([
        ["sa-byok", "sabyok"],
        ["SA_Byok.01", "sabyok01"],
        ["--", ""],
    ])("makes %j the lowercase prefix %j: letters and digits only", (name, prefix) => {
        expect(alphanumericPrefix(name)).toBe(prefix);
    });

    test("keeps the name's case only when asked", () => {
        expect(alphanumericPrefix("Acr-Byok_01", { keepCase: true })).toBe("AcrByok01");
        expect(alphanumericPrefix("Acr-Byok_01")).toBe("acrbyok01");
    });
});

describe("aliasedNames", () => {
    test("reads an alias's name and an alias URN's last part, leaving out the name the resource has now", () => {
        expect(aliasedNames("kv-platform", { aliases: [{ name: "kv" }, "urn:pulumi:prod::byok::azure-byok:keyvault:KeyVault::kv-old", { name: "kv-platform" }] })).toEqual(["kv", "kv-old"]);
    });

    test("finds no rename in an alias of another parent or type, in none at all, or in one known only at deploy", () => {
        expect(aliasedNames("kv", { aliases: [{ parent: pulumi.rootStackResource }, { type: "my:index:Vault" }] })).toEqual([]);
        expect(aliasedNames("kv", {})).toEqual([]);
        expect(aliasedNames("kv", undefined)).toEqual([]);
        expect(aliasedNames("kv", { aliases: [pulumi.output("urn:pulumi:prod::byok::azure-byok:keyvault:KeyVault::kv-old"), { name: pulumi.output("kv-old") }] })).toEqual([]);
    });
});

describe("renameIssues", () => {
    const vault = (given: boolean): DerivedName => ({ field: "vaultName", what: "vault", given, from: (n) => shownGeneratedName(n, "-") });
    const account = (given: boolean): DerivedName => ({ field: "accountName", what: "account", given, from: (n) => shownGeneratedName(alphanumericPrefix(n), "") });

    test("refuses a rename by aliases that would change a derived Azure name, naming the argument that keeps it", () => {
        expect(renameIssues("kv-platform", { aliases: [{ name: "kv" }] }, [vault(false)])).toEqual([{
            field: "vaultName",
            message: "is not given, so the vault's Azure name comes from the resource name: \"kv-platform-<6 random characters>\" for \"kv-platform\", where \"kv\", its earlier name in aliases, gave \"kv-<6 random characters>\"; Azure cannot rename the vault, so the rename would replace it with a new one. Give vaultName the name the vault has in Azure (pulumi stack export shows it), and the rename keeps it",
        }]);
    });

    test("takes a rename whose Azure names are given, or derive the same from either name, or a resource never renamed", () => {
        expect(renameIssues("kv-platform", { aliases: [{ name: "kv" }] }, [vault(true)])).toEqual([]);
        // Both give the prefix "sa01".
        expect(renameIssues("sa-01", { aliases: [{ name: "SA_01" }] }, [account(false)])).toEqual([]);
        expect(renameIssues("kv", { aliases: [{ parent: pulumi.rootStackResource }] }, [vault(false)])).toEqual([]);
        expect(renameIssues("kv", undefined, [vault(false)])).toEqual([]);
    });
});
