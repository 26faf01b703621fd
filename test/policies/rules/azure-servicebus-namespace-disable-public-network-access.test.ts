import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-servicebus-namespace-disable-public-network-access";

describe("a Service Bus namespace's network rule set with IP rules", () => {
    const ruleSet = (publicNetworkAccess: string, ipMask: string) =>
        view(TYPES.serviceBusNetworkRuleSet, withField(withField(good.serviceBusNetworkRuleSet(), "publicNetworkAccess", publicNetworkAccess), "ipRules", [{ ipMask, action: "Allow" }]));

    // The pack's wide-range check (the vault, Cosmos DB, registry and storage rules) has nothing to add here: this rule
    // passes only a closed namespace, and "If it's set to Disabled, operations are restricted to private links only"
    // (Microsoft Learn, service-bus-ip-filtering), so no IP rule it passes takes effect.
    test("is reported while public access is on, however narrow its ranges", () => {
        expect(resourceMessages(RULE, ruleSet("Enabled", "203.0.113.0/24"))).toHaveLength(1);
        expect(resourceMessages(RULE, ruleSet("Enabled", "0.0.0.0/1"))).toHaveLength(1);
    });

    test("passes once public access is disabled, which leaves its IP rules without effect", () => {
        expect(resourceMessages(RULE, ruleSet("Disabled", "0.0.0.0/1"))).toEqual([]);
    });
});
