import { T } from "../lib/azure";
import { namespaceOpenMessages } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-eventhub-namespace-disable-public-network-access",
    description: "An Event Hubs namespace open to public networks (Azure's default) takes and hands out events wherever a connection string or token leaks to; close it and reach it through private endpoints, which Event Hubs offers from the Standard tier up.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Event Hub Namespaces should disable public network access\"",
    ],
    resourceTypes: [T.eventHubNamespace, T.eventHubNetworkRuleSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        return namespaceOpenMessages(type === T.eventHubNetworkRuleSet, props, basic);
    },
};

/**
 * Event Hubs has neither private endpoints nor an IP firewall on Basic ("This feature isn't supported in the basic
 * tier", Microsoft Learn private-link-service and event-hubs-ip-filtering), and with publicNetworkAccess "Disabled" the
 * namespace "is accessible only through private endpoints", so a Basic namespace closed that way has no way in.
 */
function basic(sku: string): string | undefined {
    if (!sameText(sku, "Basic")) return undefined;
    return `The namespace accepts traffic from public networks, and Event Hubs offers private endpoints only from the Standard tier up, so a ${sku} namespace with publicNetworkAccess "Disabled" has no way in; set sku.name to "Standard" or "Premium" with publicNetworkAccess "Disabled" and connect through private endpoints.`;
}
