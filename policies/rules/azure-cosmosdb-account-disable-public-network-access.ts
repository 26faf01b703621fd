import { T } from "../lib/azure";
import { widerThanSlash8 } from "../lib/ip";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { isUnknown, list, read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-cosmosdb-account-disable-public-network-access",
    description: "A Cosmos DB account open to every network (Azure's default) serves its data wherever an account key or token leaks to; close it, or let only named ranges and subnets through its firewall.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Azure Cosmos DB accounts should have firewall rules\"",
        "Azure Policy \"Azure Cosmos DB accounts should not allow traffic from all Azure data centers\"",
        "Checkov CKV_AZURE_99 (stricter: it asks for isVirtualNetworkFilterEnabled with rules)",
        "Prowler cosmosdb_account_public_network_access_disabled (stricter: no firewall passes)",
        "Azure Policy 797b37f7-06b8-444c-b1ad-fc62867f335a \"Azure Cosmos DB should disable public network access\" (stricter: it passes publicNetworkAccess \"Disabled\" alone, so an account open with IP rules or a virtual network filter, or one SecuredByPerimeter, fails it)",
    ],
    resourceTypes: [T.cosmosAccount],
    parameters: {},
};

/** Cosmos DB reads the address 0.0.0.0 as "accept connections from within public Azure datacenters": every tenant's. */
const AZURE_DATACENTERS = "0.0.0.0";

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const access = read(props, "publicNetworkAccess");
        const rules = list(props, "ipRules");
        const vnetFilter = readBoolean(props, "isVirtualNetworkFilterEnabled");
        if (access === UNKNOWN || rules === UNKNOWN || vnetFilter === UNKNOWN) return [];
        const values = rules.map((r) => read(r, "ipAddressOrRange"));
        if (values.some(isUnknown)) return [];
        const ranges = values.filter((v): v is string => typeof v === "string").map((v) => v.trim());
        // A network security perimeter denies by default, as Azure Policy and Prowler count it.
        const closed = sameText(access, "Disabled") || sameText(access, "SecuredByPerimeter");
        if (closed) {
            return ranges.includes(AZURE_DATACENTERS)
                ? [`The account's ipRules list ${AZURE_DATACENTERS}, which admits every Azure datacenter, any tenant's, whenever public access is on; remove it from ipRules.`]
                : [];
        }
        const wide = ranges.flatMap((v) => {
            if (v === AZURE_DATACENTERS) return [`${v} (every Azure datacenter, any tenant's)`];
            return widerThanSlash8(v) ? [`${v} (wider than /8: in effect the internet)`] : [];
        });
        if (wide.length > 0) {
            return [`The account's firewall opens ${wide.join(", ")}; name the callers' own ranges in ipRules, or set publicNetworkAccess to \"Disabled\".`];
        }
        if (ranges.length > 0 || vnetFilter === true) return [];
        return ["The account accepts traffic from every network; set publicNetworkAccess to \"Disabled\", or name ipRules or set isVirtualNetworkFilterEnabled with virtualNetworkRules."];
    },
};
