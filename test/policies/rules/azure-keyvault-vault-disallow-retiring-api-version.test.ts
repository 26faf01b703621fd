import type { ResourceView } from "../../../policies/lib/rule";
import { ruleNamed, stackMessages, TYPES, UNKNOWN_STRING, view } from "../fixtures";

const RULE = "azure-keyvault-vault-disallow-retiring-api-version";

const vault = (azureApiVersion: unknown, name = "kv") => view(TYPES.vault, { name, azureApiVersion, properties: { enableRbacAuthorization: true } }, { name });
const key = (azureApiVersion: unknown, name = "cmk") => view(TYPES.key, { name, azureApiVersion, keyUri: `https://kv.vault.azure.net/keys/${name}` }, { name, pathParameters: { vaultName: "kv", keyName: name } });

describe("a Key Vault resource managed through an API Azure retires on 27 February 2027", () => {
    test("a vault managed with azure-native 3.x's 2024-11-01 is advised, once for it and its keys", () => {
        const found = stackMessages(RULE, [vault("2024-11-01"), key("2024-11-01"), key("2024-11-01", "other")]);
        expect(found.map((v) => v.urn)).toEqual([vault("2024-11-01").urn]);
        expect(found[0].message).toContain("managed through Key Vault management API 2024-11-01, which Azure stops serving on 27 February 2027");
        expect(found[0].message).toContain("Upgrade @pulumi/azure-native to a release whose keyvault module uses 2026-02-01 or later");
        expect(found[0].message).toContain("keep properties.enableRbacAuthorization set");
    });

    test("2026-02-01, later versions and the 2026-04-01 preview pass; an older preview does not", () => {
        expect(stackMessages(RULE, [vault("2026-02-01"), key("2026-02-01")])).toEqual([]);
        expect(stackMessages(RULE, [vault("2026-04-01-preview")])).toEqual([]);
        expect(stackMessages(RULE, [vault("2024-12-01-preview")])).toHaveLength(1);
    });

    test("keys in a vault the stack does not make are named one by one", () => {
        const found = stackMessages(RULE, [key("2024-11-01"), key("2024-11-01", "other")]);
        expect(found.map((v) => v.urn)).toEqual([key("x", "cmk").urn, key("x", "other").urn]);
        expect(found[0].message).toMatch(/^This Key is managed through Key Vault management API 2024-11-01/);
    });

    test("a Managed HSM is named as one, as the pack names it", () => {
        const hsm = view(TYPES.managedHsm, { name: "hsm", azureApiVersion: "2024-11-01" }, { name: "hsm" });
        expect(stackMessages(RULE, [hsm])[0].message).toMatch(/^The managed HSM and what the stack makes in it are managed through/);
    });

    test("an unknown or absent version (a first preview) reports nothing", () => {
        expect(stackMessages(RULE, [vault(UNKNOWN_STRING), key(undefined)])).toEqual([]);
    });

    describe("a program on azure-native before 3.x, whose resources record no azureApiVersion", () => {
        const v2 = (r: ResourceView, providerVersion = "2.90.0") => ({ ...r, providerVersion });

        test("is advised from its provider's version, on a first preview too: 2.x manages Key Vault with 2023-02-01", () => {
            const found = stackMessages(RULE, [v2(vault(undefined)), v2(key(undefined))]);
            expect(found.map((v) => v.urn)).toEqual([vault(undefined).urn]);
            expect(found[0].message).toContain("managed through Key Vault management API 2023-02-01, the one @pulumi/azure-native 2.x uses (this stack's provider is 2.x), which Azure stops serving on 27 February 2027");
            expect(found[0].message).toContain("a new major from 2.x: follow its migration guide");
        });

        test("1.x is advised as older than 2.x's version, and a team's lower minimum spares both", () => {
            expect(stackMessages(RULE, [v2(vault(undefined), "1.104.0")])[0].message).toContain("Key Vault management APIs older than 2023-02-01, the ones @pulumi/azure-native 1.x uses");
            expect(stackMessages(RULE, [v2(vault(undefined)), v2(vault(undefined, "old"), "1.104.0")], { minimumApiVersion: "2023-01-01" })).toEqual([]);
        });

        test("a version the program chose in the type token is read from the URN, where the pack judges the resource under keyvault:Vault", () => {
            const chosen = { ...vault(undefined), urn: "urn:pulumi:dev::legacy::azure-native:keyvault/v20230701:Vault::kv" };
            expect(stackMessages(RULE, [v2(chosen)])[0].message).toContain("managed through Key Vault management API 2023-07-01, which");
            const preview = { ...chosen, urn: "urn:pulumi:dev::legacy::my:app:Vaults$azure-native:keyvault/v20240401preview:Vault::kv" };
            expect(stackMessages(RULE, [preview])[0].message).toContain("API 2024-04-01-preview, which");
        });

        test("a 3.x provider's resource without the output (a first preview) still tells nothing, and the output wins over the provider", () => {
            expect(stackMessages(RULE, [v2(vault(undefined), "3.28.0")])).toEqual([]);
            expect(stackMessages(RULE, [v2(vault("2026-02-01"), "2.90.0")])).toEqual([]);
        });
    });

    test("the oldest version served is config: a team can raise it", () => {
        expect(stackMessages(RULE, [vault("2026-02-01")], { minimumApiVersion: "2026-06-01" })).toHaveLength(1);
        expect(stackMessages(RULE, [vault("2024-11-01")], { minimumApiVersion: "2024-11-01" })).toEqual([]);
    });

    // A program cannot choose the version (the installed @pulumi/azure-native does), and nothing is lost or opened on the day.
    test("is advisory in every profile", () => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "advisory", mcsb: "advisory", sovereign: "advisory" });
    });
});
