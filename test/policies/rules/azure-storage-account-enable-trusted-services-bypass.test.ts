import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-account-enable-trusted-services-bypass";
const account = (bypass: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), "networkRuleSet.bypass", bypass));

test("networkRuleSet.bypass null takes ARM's default, AzureServices, as bypass left out does", () => {
    expect(resourceMessages(RULE, account(undefined))).toEqual([]);
    expect(resourceMessages(RULE, account(null))).toEqual([]);
});

test("networkRuleSet.bypass None is still reported", () => {
    expect(resourceMessages(RULE, account("None"))).toEqual(["The storage account's firewall lets no trusted Microsoft service through (networkRuleSet.bypass None); include \"AzureServices\" in networkRuleSet.bypass."]);
});
