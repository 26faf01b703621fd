import { T } from "../lib/azure";
import { wideIpRules } from "../lib/public-network";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-public-network-access",
    description: "A registry open to every network, or behind a firewall whose IP rules admit more than a /8, exposes its images to every leaked token.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Container registries should not allow unrestricted network access\"",
        "Azure Policy \"Public network access should be disabled for Container registries\" (stricter: a firewall that denies does not pass it)",
        "Checkov CKV_AZURE_139 (stricter, as that policy)",
        "PSRule Azure.ACR.Firewall (more lenient: it judges Premium registries only, since only they can close)",
        "Prowler containerregistry_not_publicly_accessible (stricter, as that policy)",
    ],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const access = read(props, "publicNetworkAccess");
        const action = read(props, "networkRuleSet", "defaultAction");
        // Disabling the public endpoint overrides all firewall configurations (Microsoft Learn, container-registry-access-selected-networks).
        if (access === UNKNOWN || action === UNKNOWN || sameText(access, "Disabled")) return [];
        if (sameText(action, "Deny")) {
            const wide = wideIpRules(props, ["networkRuleSet", "ipRules"], "iPAddressOrRange");
            return wide === UNKNOWN || wide.length === 0 ? [] : [`The registry firewall opens ${wide.join(", ")}, wider than /8: in effect the internet; name the callers' own ranges in networkRuleSet.ipRules, or set publicNetworkAccess to "Disabled".`];
        }
        // Below Premium, ARM refuses publicNetworkAccess "Disabled" (DisablingPublicNetworkAccessNotSupported) and IP
        // rules ("Configuring IP access rules is available in the Premium container registry service tier",
        // Microsoft Learn container-registry-access-selected-networks), so the SKU has to change first.
        const sku = read(props, "sku", "name");
        if (typeof sku === "string" && !sameText(sku, "Premium")) {
            return [`The registry accepts traffic from every network, and a ${sku} registry cannot be closed (Azure takes publicNetworkAccess "Disabled" and network rules only on Premium); set sku.name to "Premium", then publicNetworkAccess to "Disabled" or networkRuleSet.defaultAction to "Deny".`];
        }
        return ["The registry accepts traffic from every network; set publicNetworkAccess to \"Disabled\" or networkRuleSet.defaultAction to \"Deny\"."];
    },
};
