import { goodStack, stackMessages, TYPES, withField } from "../fixtures";

const RULE = "azure-keyvault-key-missing-in-stack";

describe("a key used from outside the stack", () => {
    // Key Vault names vaults and keys without regard to case.
    test("externalKeys names it in any case", () => {
        const stack = goodStack().map((r) => (r.type === TYPES.registry ? { ...r, props: withField(r.props, "encryption.keyVaultProperties.keyIdentifier", "https://kv-other.vault.azure.net/keys/shared") } : r));
        expect(stackMessages(RULE, stack)).toHaveLength(1);
        expect(stackMessages(RULE, stack, { externalKeys: ["KV-Other/Shared"] })).toEqual([]);
    });
});
