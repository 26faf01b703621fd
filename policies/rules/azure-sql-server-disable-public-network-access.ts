import { T } from "../lib/azure";
import { reportIfOpen } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-server-disable-public-network-access",
    description: "A logical SQL server open to public networks (Azure's default) is one firewall rule away from the internet; close it and connect through private endpoints.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Public network access on Azure SQL Database should be disabled\"",
        "Checkov CKV_AZURE_113",
        "trivy AVD-AZU-0022",
    ],
    resourceTypes: [T.sqlServer],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        return reportIfOpen(read(props, "publicNetworkAccess"), "The server accepts connections from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.");
    },
};
