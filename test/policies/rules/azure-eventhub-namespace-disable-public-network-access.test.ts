import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-eventhub-namespace-disable-public-network-access";

describe("a Event Hubs namespace's network rule set with IP rules", () => {
    const ruleSet = (publicNetworkAccess: string, ipMask: string) =>
        view(TYPES.eventHubNetworkRuleSet, withField(withField(good.eventHubNetworkRuleSet(), "publicNetworkAccess", publicNetworkAccess), "ipRules", [{ ipMask, action: "Allow" }]));

    // The pack's wide-range check (the vault, Cosmos DB, registry and storage rules) has nothing to add here: this rule
    // passes only a closed namespace, and with public network access Disabled "the namespace is accessible only through
    // private endpoints" (Microsoft Learn, event-hubs-ip-filtering), so no IP rule it passes takes effect.
    test("is reported while public access is on, however narrow its ranges", () => {
        expect(resourceMessages(RULE, ruleSet("Enabled", "203.0.113.0/24"))).toHaveLength(1);
        expect(resourceMessages(RULE, ruleSet("Enabled", "0.0.0.0/1"))).toHaveLength(1);
    });

    test("passes once public access is disabled, which leaves its IP rules without effect", () => {
        expect(resourceMessages(RULE, ruleSet("Disabled", "0.0.0.0/1"))).toEqual([]);
    });
});
