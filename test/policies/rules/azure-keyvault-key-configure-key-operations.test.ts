import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-key-configure-key-operations";
const key = (keyOps: unknown) => view(TYPES.key, withField(good.key(), "properties.keyOps", keyOps));

test("keyOps null allows every operation, as ARM takes a null property for unset, and is reported as keyOps left out is", () => {
    const every = ["The key allows every operation; set properties.keyOps to what it is for, [\"wrapKey\", \"unwrapKey\"] for a customer-managed key."];
    expect(resourceMessages(RULE, key(undefined))).toEqual(every);
    expect(resourceMessages(RULE, key(null))).toEqual(every);
});
