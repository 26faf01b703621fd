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
    resourceTypes: [T.serviceBusNamespace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        return reportIfOpen(read(props, "publicNetworkAccess"), "The namespace accepts traffic from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.");
    },
};
