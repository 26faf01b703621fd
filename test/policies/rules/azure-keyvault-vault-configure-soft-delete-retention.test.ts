import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-configure-soft-delete-retention";
const vault = (days: unknown) => view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", days));

test("a retention written as the string \"7\" is reported as 7 days, as ARM reads it", () => {
    expect(resourceMessages(RULE, vault("7"))).toEqual(["Soft-delete retention is 7 days, below 90; set properties.softDeleteRetentionInDays to at least 90 when creating the vault."]);
    expect(resourceMessages(RULE, vault("90"))).toEqual([]);
});

test("a string that is no whole number is still not judged as a number", () => {
    expect(resourceMessages(RULE, vault("seven"))).toEqual([]);
});

test("a vault that leaves the retention out is judged at Azure's default of 90 days", () => {
    // azure-native's vault properties default softDeleteRetentionInDays to 90, as ARM does.
    expect(resourceMessages(RULE, vault(undefined), {}, "sovereign")).toEqual([]);
    expect(resourceMessages(RULE, vault(undefined), { minRetentionDays: 90 })).toEqual([]);
});
