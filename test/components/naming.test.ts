import { alphanumericPrefix, hyphenatedPrefix } from "../../components/naming";

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
