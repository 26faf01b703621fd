import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-enable-protect",
    description: "A key that `pulumi destroy` or a replacement may delete makes the data it encrypts unreadable.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8"],
    mirrors: ["None: Pulumi resource options are invisible to Azure Policy and scanners"],
    resourceTypes: [T.key],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ protect }) {
        return protect ? [] : ["The key is not protected; set the resource option protect: true so Pulumi refuses to delete it."];
    },
};
