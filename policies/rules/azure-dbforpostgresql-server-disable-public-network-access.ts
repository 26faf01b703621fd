import { T } from "../lib/azure";
import { flexibleServerOpen } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbforpostgresql-server-disable-public-network-access",
    description: "A PostgreSQL flexible server with a public endpoint (Azure's default) is one firewall rule away from the internet; close it, or integrate it into a virtual network.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Public network access should be disabled for PostgreSQL flexible servers\"",
        "trivy AVD-AZU-0022",
        "Checkov CKV_AZURE_68 (single servers; the same test)",
    ],
    resourceTypes: [T.postgresqlServer],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        return flexibleServerOpen(props) === true ? ["The server accepts connections from public networks; set network.publicNetworkAccess to \"Disabled\" and connect through private endpoints, or set network.delegatedSubnetResourceId when creating it."] : [];
    },
};
