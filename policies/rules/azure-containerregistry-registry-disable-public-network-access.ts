import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-public-network-access",
    description: "A registry open to every network exposes its images to every leaked token.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Azure Policy \"Container registries should not allow unrestricted network access\"",
        "Azure Policy \"Public network access should be disabled for Container registries\" (stricter: a firewall that denies does not pass it)",
        "Checkov CKV_AZURE_139 (stricter, as that policy)",
        "PSRule Azure.ACR.Firewall",
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
        if (access === UNKNOWN || action === UNKNOWN || sameText(access, "Disabled") || sameText(action, "Deny")) return [];
        return ["The registry accepts traffic from every network; set publicNetworkAccess to \"Disabled\" or networkRuleSet.defaultAction to \"Deny\"."];
    },
};
