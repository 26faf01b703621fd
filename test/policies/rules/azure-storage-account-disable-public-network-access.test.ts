import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-storage-account-disable-public-network-access";

/** The known-good account, public access at Azure's default, a denying firewall with these IP rules. */
const firewall = (ipRules: unknown, access?: string) =>
    view(TYPES.storageAccount, withField(withField(good.storageAccount(), "publicNetworkAccess", access), "networkRuleSet", { bypass: "AzureServices", defaultAction: "Deny", ipRules }));

describe("a storage account behind a firewall that denies", () => {
    test("passes with the callers' own ranges, /8 at the widest", () => {
        expect(resourceMessages(RULE, firewall([{ action: "Allow", iPAddressOrRange: "203.0.113.0/24" }, { iPAddressOrRange: "10.0.0.0/8" }]))).toEqual([]);
        expect(resourceMessages(RULE, firewall([]))).toEqual([]);
    });

    test("is reported when an IP rule opens more than a /8, as the vault and Cosmos DB rules report it", () => {
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: "0.0.0.0/1" }, { iPAddressOrRange: "128.0.0.0/1" }]))).toEqual([
            "The storage account firewall opens 0.0.0.0/1, 128.0.0.0/1, wider than /8: in effect the internet; name the callers' own ranges in networkRuleSet.ipRules, or set publicNetworkAccess to \"Disabled\".",
        ]);
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: "0.0.0.0/0" }], "Enabled"))).toHaveLength(1);
    });

    test("gives no verdict on its IP rules once public access is disabled, which closes the endpoint they filter", () => {
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: "0.0.0.0/1" }], "Disabled"))).toEqual([]);
    });

    test("gives no verdict while its IP rules are not known yet", () => {
        expect(resourceMessages(RULE, firewall(UNKNOWN_STRING))).toEqual([]);
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: UNKNOWN_STRING }]))).toEqual([]);
    });
});

// prowler storage_account_public_network_access_disabled passes publicNetworkAccess "Disabled" alone.
test("public access on behind a firewall that denies passes, which Prowler's public-network check fails, as the rule's mirror says", () => {
    expect(resourceMessages(RULE, firewall([], "Enabled"))).toEqual([]);
    expect(ruleNamed(RULE).metadata.mirrors).toContain("Prowler storage_account_public_network_access_disabled (stricter: a firewall that denies does not pass it)");
});
