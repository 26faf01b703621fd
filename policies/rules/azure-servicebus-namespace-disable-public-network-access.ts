import { T } from "../lib/azure";
import { namespaceOpenMessages } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-servicebus-namespace-disable-public-network-access",
    description: "A Service Bus namespace open to public networks (Azure's default) takes messages from anywhere a connection string or token leaks to; close it and reach it through private endpoints.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Service Bus Namespaces should disable public network access\"",
        "Checkov CKV_AZURE_204",
    ],
    resourceTypes: [T.serviceBusNamespace, T.serviceBusNetworkRuleSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        return namespaceOpenMessages(type === T.serviceBusNetworkRuleSet, props);
    },
};
