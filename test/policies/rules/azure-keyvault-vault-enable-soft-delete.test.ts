import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-enable-soft-delete";
const vault = (path: string, value: unknown) => view(TYPES.vault, withField(good.vault(), path, value));

// Newtonsoft.Json, which reads ARM requests, converts "false" and "5" to the property's boolean and integer.
test("enableSoftDelete written as the string \"false\" is reported as false is", () => {
    expect(resourceMessages(RULE, vault("properties.enableSoftDelete", "false"))).toEqual(["Soft delete is off; set properties.enableSoftDelete to true (or omit it) so deleted keys stay recoverable."]);
});

test("a retention written as the string \"5\" is a retention Azure refuses, as 5 is", () => {
    expect(resourceMessages(RULE, vault("properties.softDeleteRetentionInDays", "5"))).toEqual([
        "Soft-delete retention is 5 days, which Azure does not take; set properties.softDeleteRetentionInDays to a whole number of days from 7 to 90 when creating the vault.",
    ]);
});
