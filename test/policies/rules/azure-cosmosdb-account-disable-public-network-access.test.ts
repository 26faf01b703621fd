import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-cosmosdb-account-disable-public-network-access";
const account = (fields: Record<string, unknown>) => view(TYPES.cosmosAccount, Object.entries(fields).reduce((props, [path, to]) => withField(props, path, to), good.cosmosAccount()));

// Azure Policy 797b37f7 (Cosmos_PrivateNetworkAccess_AuditDeny.json) passes publicNetworkAccess "Disabled" alone; the rule
// also passes an account that is open only to its firewall, as its mirror says.
test("an account open only to its firewall's IP rules passes, which Azure Policy 797b37f7 reports, as the rule's mirrors say", () => {
    expect(resourceMessages(RULE, account({ publicNetworkAccess: "Enabled", ipRules: [{ ipAddressOrRange: "203.0.113.0/24" }] }))).toEqual([]);
    expect(resourceMessages(RULE, account({ publicNetworkAccess: "Enabled", ipRules: [], isVirtualNetworkFilterEnabled: false, virtualNetworkRules: [] }))).toHaveLength(1);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Azure Policy 797b37f7"))).toBe(
        "Azure Policy 797b37f7-06b8-444c-b1ad-fc62867f335a \"Azure Cosmos DB should disable public network access\" (stricter: it passes publicNetworkAccess \"Disabled\" alone, so an account open with IP rules or a virtual network filter, or one SecuredByPerimeter, fails it)",
    );
});
