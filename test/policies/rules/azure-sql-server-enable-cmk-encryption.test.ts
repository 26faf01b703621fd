import { good, ruleNamed, stackMessages, TYPES, view } from "../fixtures";

const RULE = "azure-sql-server-enable-cmk-encryption";

describe("a SQL server whose customer key comes from an encryption protector, not keyId", () => {
    const server = view(TYPES.sqlServer, { ...good.sqlServer(), keyId: undefined }, { name: "sql-server" });
    const protector = view(TYPES.sqlEncryptionProtector, good.sqlEncryptionProtector(), { name: "sql-protector" });

    test("passes here, its protector judged by the encryption protector rule", () => {
        expect(stackMessages(RULE, [server, protector])).toEqual([]);
    });

    // SqlServer_EnsureServerTDEisEncryptedWithYourOwnKey_Deny.json (0a370ff3-6cab-4e85-8995-295fd854c5b8) has two
    // independent branches; its Microsoft.Sql/servers branch reports keyid missing or "" whatever protector follows.
    test("is one Azure Policy's server branch reports, and under Deny refuses, as the rule's mirror says", () => {
        expect(ruleNamed(RULE).metadata.mirrors[0]).toBe(
            "Azure Policy \"SQL servers should use customer-managed keys to encrypt data at rest\" (its server branch; stricter: it reports a server without keyId even when an EncryptionProtector with serverKeyType \"AzureKeyVault\" follows, and under Deny refuses that server before the protector can exist, so set keyId where it is assigned)",
        );
    });

    test("without the protector is told to set keyId first, the protector only where the built-in does not deny", () => {
        expect(stackMessages(RULE, [server]).map((v) => v.message)).toEqual([
            "SQL server sql-good encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key (with primaryUserAssignedIdentityId and its identity granted wrap and unwrap), or, where Azure Policy's customer-managed key built-in does not deny a server without keyId, add an EncryptionProtector with serverKeyType \"AzureKeyVault\".",
        ]);
    });
});
