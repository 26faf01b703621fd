import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-arm-audience-tokens",
    description: "A registry that takes Entra tokens issued for Azure Resource Manager lets any token a tool holds for managing Azure sign in to it; registry-audience tokens are meant for the registry alone.",
    severity: "medium",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 IM-1"],
    mirrors: [
        "Azure Policy 42781ec6-6127-4c30-bdfa-fb423a0047d3 \"Container registries should have ARM audience token authentication disabled\"",
        "Azure Policy 785596ed-054f-41bc-aaec-7f3d0ba05725 \"Configure container registries to disable ARM audience token authentication\" (its Modify twin)",
    ],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const status = read(props, "policies", "azureADAuthenticationAsArmPolicy", "status");
        if (status === UNKNOWN) return [];
        // Left out, Azure takes ARM-audience tokens (enabled); the Azure Policy counts a missing status as enabled too.
        return sameText(status, "disabled") ? [] : ["The registry accepts ARM-audience Entra tokens; set policies.azureADAuthenticationAsArmPolicy.status to \"disabled\" so it takes only tokens issued for the registry (a stack that keeps them on purpose, azureADAuthenticationAsArmPolicy \"enabled\" in its config, sets this rule to \"advisory\" or \"disabled\" in its policy config, policy-config/<stack>.json)."];
    },
};
