import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

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

describe("an open Service Bus namespace below Premium, where Service Bus has no private endpoints", () => {
    const PLAIN = "The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.";
    /** The known-good namespace, on another SKU, with public access at Azure's default, Enabled. */
    const open = (sku: unknown) => view(TYPES.serviceBusNamespace, withField(withField(good.serviceBusNamespace(), "publicNetworkAccess", undefined), "sku", { name: sku, tier: sku }));

    // Azure Policy cbd11fd3 gives that verdict on the namespace's network rule set only (its type condition is
    // Microsoft.ServiceBus/namespaces/networkRuleSets), which its mirror says.
    test("is still reported, mandatory in every profile (the verdict Checkov CKV_AZURE_204 gives, and Azure Policy cbd11fd3 on its rule set)", () => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "mandatory", mcsb: "mandatory", sovereign: "mandatory" });
        expect(resourceMessages(RULE, open("Standard"), {}, "sovereign")).toHaveLength(1);
        expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Azure Policy cbd11fd3"))).toBe(
            "Azure Policy cbd11fd3-3002-4907-b6c8-579f0e700e13 \"Service Bus Namespaces should disable public network access\" (looser: it reads only the namespace's network rule set, so a namespace whose own publicNetworkAccess is Enabled passes it)",
        );
    });

    test("on Standard is told that closing it needs Premium, or that keeping Standard behind an IP firewall is asked for in the policy config", () => {
        expect(resourceMessages(RULE, open("Standard"))).toEqual([
            "The namespace accepts traffic from public networks, and Service Bus offers private endpoints only on Premium, so a Standard namespace with publicNetworkAccess \"Disabled\" has no way in; set sku.name to \"Premium\" with publicNetworkAccess \"Disabled\" and connect through private endpoints, or, to keep Standard behind an IP firewall (a NamespaceNetworkRuleSet with defaultAction \"Deny\" and ipRules), set this rule to \"advisory\" or \"disabled\" in that stack's policy config, policy-config/<stack>.json.",
        ]);
    });

    test("on Basic is told that closing it needs Premium", () => {
        expect(resourceMessages(RULE, open("Basic"))).toEqual([
            "The namespace accepts traffic from public networks, and Service Bus offers private endpoints only on Premium, so a Basic namespace with publicNetworkAccess \"Disabled\" has no way in; set sku.name to \"Premium\" with publicNetworkAccess \"Disabled\" and connect through private endpoints.",
        ]);
    });

    test("on Premium, or a SKU not known yet, gets the plain fix", () => {
        expect(resourceMessages(RULE, open("Premium"))).toEqual([PLAIN]);
        expect(resourceMessages(RULE, open("premium"))).toEqual([PLAIN]);
        expect(resourceMessages(RULE, open(UNKNOWN_STRING))).toEqual([PLAIN]);
    });

    test("closed, passes on any SKU, as Checkov CKV_AZURE_204's passing Standard namespace does", () => {
        expect(resourceMessages(RULE, view(TYPES.serviceBusNamespace, withField(good.serviceBusNamespace(), "sku", { name: "Standard", tier: "Standard" })))).toEqual([]);
    });
});
