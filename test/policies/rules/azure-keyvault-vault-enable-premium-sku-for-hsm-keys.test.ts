import { goodStack, stackMessages, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-enable-premium-sku-for-hsm-keys";

/** The known-good stack (vault first, holding an RSA-HSM key) with the vault's properties.sku.name set to `sku`, or `sku` removed. */
function withSku(path: string, sku: unknown): string[] {
    const stack = goodStack();
    stack[0] = { ...stack[0], props: withField(stack[0].props, path, sku) };
    return stackMessages(RULE, stack).map((v) => v.message);
}

describe("a vault holding an HSM key whose SKU gives no name", () => {
    test.each([
        ["properties.sku", undefined],
        ["properties.sku", null],
        ["properties.sku.name", undefined],
        ["properties.sku.name", null],
        ["properties.sku.name", ""],
    ])("with %s = %j is told it has no SKU set, not 'undefined'", (path, sku) => {
        expect(withSku(path, sku)).toEqual(["Vault kv-good has no SKU set and holds RSA-HSM key kv-good/cmk; set properties.sku.name to \"premium\" or ask for a software key type."]);
    });

    test.each([
        [{ name: "premium" }, "an object"],
        [["premium"], "an array"],
        [1, "a number"],
    ])("with properties.sku.name = %j is told its SKU name is %s, not '[object Object]'", (sku, what) => {
        expect(withSku("properties.sku.name", sku)).toEqual([`Vault kv-good has ${what} for its SKU name and holds RSA-HSM key kv-good/cmk; set properties.sku.name to "premium" or ask for a software key type.`]);
    });
});

test("a vault holding an HSM key with a standard SKU is still told its SKU", () => {
    expect(withSku("properties.sku.name", "standard")).toEqual(["Vault kv-good is standard and holds RSA-HSM key kv-good/cmk; set properties.sku.name to \"premium\" or ask for a software key type."]);
});
