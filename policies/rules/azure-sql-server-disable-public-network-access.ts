import { T } from "../lib/azure";
import { reportIfOpen } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-server-disable-public-network-access",
    description: "A logical SQL server open to public networks (Azure's default), or a SQL managed instance with its public data endpoint on, is one firewall or NSG rule away from the internet; close it and connect through private endpoints or the instance's virtual network.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Public network access on Azure SQL Database should be disabled\"",
        "Azure Policy 9dfea752-dd46-4766-aed1-c355fa93fb91 \"Azure SQL Managed Instances should disable public network access\" (publicDataEndpointEnabled)",
        "Checkov CKV_AZURE_113",
        "trivy AVD-AZU-0022",
    ],
    resourceTypes: [T.sqlServer, T.sqlManagedInstance],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        if (type === T.sqlManagedInstance) {
            // A managed instance has no publicNetworkAccess: its public endpoint is the data endpoint, off unless written.
            return readBoolean(props, "publicDataEndpointEnabled") === true
                ? ["The managed instance's public data endpoint is on; set publicDataEndpointEnabled to false and connect from its virtual network or through private endpoints."]
                : [];
        }
        return reportIfOpen(read(props, "publicNetworkAccess"), "The server accepts connections from public networks; set publicNetworkAccess to \"Disabled\" and connect through private endpoints.");
    },
};
