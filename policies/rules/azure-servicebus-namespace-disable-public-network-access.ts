import { T } from "../lib/azure";
import { namespaceOpenMessages } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-servicebus-namespace-disable-public-network-access",
    description: "A Service Bus namespace open to public networks (Azure's default) takes messages from anywhere a connection string or token leaks to; close it and reach it through private endpoints, which Service Bus offers only on Premium.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy cbd11fd3-3002-4907-b6c8-579f0e700e13 \"Service Bus Namespaces should disable public network access\" (looser: it reads only the namespace's network rule set, so a namespace whose own publicNetworkAccess is Enabled passes it)",
        "Checkov CKV_AZURE_204",
    ],
    resourceTypes: [T.serviceBusNamespace, T.serviceBusNetworkRuleSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        return namespaceOpenMessages(type === T.serviceBusNetworkRuleSet, props, belowPremium);
    },
};

/**
 * Service Bus has private endpoints and virtual network service endpoints only on Premium, and with publicNetworkAccess
 * "Disabled" "operations are restricted to private links only" (Microsoft Learn, service-bus-ip-filtering; Azure/azure-service-bus#474:
 * no plans for Standard), so a Basic or Standard namespace closed that way has no way in. Standard takes an IP firewall
 * (MicrosoftDocs/azure-docs#111079), which this rule does not pass, as Azure Policy cbd11fd3 does not.
 */
function belowPremium(sku: string): string | undefined {
    if (sameText(sku, "Premium")) return undefined;
    const firewall = sameText(sku, "Standard")
        ? `, or, to keep ${sku} behind an IP firewall (a NamespaceNetworkRuleSet with defaultAction "Deny" and ipRules), set this rule to "advisory" or "disabled" in that stack's policy config, policy-config/<stack>.json`
        : "";
    return `The namespace accepts traffic from public networks, and Service Bus offers private endpoints only on Premium, so a ${sku} namespace with publicNetworkAccess "Disabled" has no way in; set sku.name to "Premium" with publicNetworkAccess "Disabled" and connect through private endpoints${firewall}.`;
}
