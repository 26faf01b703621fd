import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-account-configure-key-expiration-policy";
const account = (days: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), "keyPolicy.keyExpirationPeriodInDays", days));

test("keyExpirationPeriodInDays written as the string \"400\" is reported as 400 days, as ARM reads it", () => {
    expect(resourceMessages(RULE, account("400"))).toEqual(["The account's access keys come due only after 400 days; set keyPolicy.keyExpirationPeriodInDays to 90 or fewer."]);
    expect(resourceMessages(RULE, account("90"))).toEqual([]);
});
