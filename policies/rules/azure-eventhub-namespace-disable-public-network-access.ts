import { T } from "../lib/azure";
import { namespaceOpenMessages } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-eventhub-namespace-disable-public-network-access",
    description: "An Event Hubs namespace open to public networks (Azure's default) takes and hands out events wherever a connection string or token leaks to; close it and reach it through private endpoints.",
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
        return namespaceOpenMessages(type === T.eventHubNetworkRuleSet, props);
    },
};
