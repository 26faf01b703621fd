import { T, vaultNoun } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-protect",
    description: "A vault or Managed HSM that `pulumi destroy` or a replacement may delete takes every key, and the data they encrypt, with it.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8"],
    mirrors: ["None: Pulumi resource options are invisible to Azure Policy and scanners"],
    resourceTypes: [T.vault, T.managedHsm],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, protect }) {
        return protect ? [] : [`The ${vaultNoun(type)} is not protected; set the resource option protect: true so Pulumi refuses to delete it.`];
    },
};
