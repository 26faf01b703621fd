import { T } from "../lib/azure";
import { reportIfOpen } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read } from "../lib/values";

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
        // A network rule set carries the namespace's publicNetworkAccess too, Enabled unless written, and writing the set writes it.
        if (type === T.serviceBusNetworkRuleSet) {
            return reportIfOpen(read(props, "publicNetworkAccess"), "The namespace's network rule set opens it to public networks (its publicNetworkAccess is Enabled unless written); set publicNetworkAccess to \"Disabled\" on the rule set as on the namespace.");
        }
        return reportIfOpen(read(props, "publicNetworkAccess"), "The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.");
    },
};
