import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

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

describe("an open Event Hubs namespace on Basic, where Event Hubs has no private endpoints", () => {
    const PLAIN = "The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.";
    /** The known-good namespace, on another SKU, with public access at Azure's default, Enabled. */
    const open = (sku: unknown) => view(TYPES.eventHubNamespace, withField(withField(good.eventHubNamespace(), "publicNetworkAccess", undefined), "sku", { name: sku, tier: sku }));

    test("is still reported, mandatory in every profile", () => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "mandatory", mcsb: "mandatory", sovereign: "mandatory" });
        expect(resourceMessages(RULE, open("Basic"), {}, "sovereign")).toHaveLength(1);
    });

    test("is told that closing it needs Standard or Premium", () => {
        expect(resourceMessages(RULE, open("Basic"))).toEqual([
            "The namespace accepts traffic from public networks, and Event Hubs offers private endpoints only from the Standard tier up, so a Basic namespace with publicNetworkAccess \"Disabled\" has no way in; set sku.name to \"Standard\" or \"Premium\" with publicNetworkAccess \"Disabled\" and connect through private endpoints.",
        ]);
    });

    test("on Standard, Premium or a SKU not known yet gets the plain fix", () => {
        for (const sku of ["Standard", "Premium", UNKNOWN_STRING]) expect(resourceMessages(RULE, open(sku))).toEqual([PLAIN]);
    });
});
