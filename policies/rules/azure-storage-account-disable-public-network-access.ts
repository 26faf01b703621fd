import { T } from "../lib/azure";
import { wideIpRules } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-disable-public-network-access",
    description: "A storage account open to every network, or behind a firewall whose IP rules admit more than a /8, exposes its data to every leaked credential or SAS token.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2", "CIS Azure 3.8"],
    mirrors: [
        "Azure Policy \"Storage accounts should restrict network access\" (related: public access off also passes here)",
        "Azure Policy \"Storage accounts should disable public network access\" (stricter: a firewall that denies does not pass it)",
        "Checkov CKV_AZURE_59 (stricter, as that policy)",
        "Checkov CKV_AZURE_35 (related: public access off also passes here)",
        "Prowler storage_default_network_access_rule_is_denied (related: public access off also passes here)",
        "trivy AVD-AZU-0012 (related: public access off also passes here)",
        "Prowler storage_account_public_network_access_disabled (stricter: a firewall that denies does not pass it)",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const access = read(props, "publicNetworkAccess");
        const action = read(props, "networkRuleSet", "defaultAction");
        // Disabled closes the public endpoint the network rules filter, leaving private endpoints (Microsoft Learn, storage-network-security).
        if (access === UNKNOWN || action === UNKNOWN || sameText(access, "Disabled")) return [];
        if (sameText(action, "Deny")) {
            const wide = wideIpRules(props, ["networkRuleSet", "ipRules"], "iPAddressOrRange");
            return wide === UNKNOWN || wide.length === 0 ? [] : [`The storage account firewall opens ${wide.join(", ")}, wider than /8: in effect the internet; name the callers' own ranges in networkRuleSet.ipRules, or set publicNetworkAccess to "Disabled".`];
        }
        return ["The storage account accepts traffic from every network; set publicNetworkAccess to \"Disabled\" or networkRuleSet.defaultAction to \"Deny\"."];
    },
};
