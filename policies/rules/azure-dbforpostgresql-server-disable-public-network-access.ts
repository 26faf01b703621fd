import { T } from "../lib/azure";
import { delegatedWithoutDnsZone, flexibleServerOpen } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbforpostgresql-server-disable-public-network-access",
    description: "A PostgreSQL flexible server with a public endpoint (Azure's default) is one firewall rule away from the internet; close it, or integrate it into a virtual network with a delegated subnet and a private DNS zone.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy 5e1de0e3-42cb-4ebc-a86d-61d0c619ca48 \"Public network access should be disabled for PostgreSQL flexible servers\" (a delegated subnet counts only with network.privateDnsZoneArmResourceId beside it; looser: it passes publicNetworkAccess left out, which is Azure's default, Enabled, and reported here; stricter: it reports network.privateDnsZoneArmResourceId given without a delegated subnet, which leaves a server closed by publicNetworkAccess \"Disabled\" closed)",
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
        const noZone = delegatedWithoutDnsZone(props, "privateDnsZoneArmResourceId");
        if (noZone === UNKNOWN) return [];
        if (noZone) return ["The server has a delegated subnet but no private DNS zone, which Azure Policy does not count as closed; set network.privateDnsZoneArmResourceId beside network.delegatedSubnetResourceId when creating it."];
        return flexibleServerOpen(props) === true ? ["The server accepts connections from public networks; set network.publicNetworkAccess to \"Disabled\" and connect through private endpoints, or set network.delegatedSubnetResourceId and network.privateDnsZoneArmResourceId when creating it."] : [];
    },
};
