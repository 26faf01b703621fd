import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-delete-lock",
    description: "A CanNotDelete lock stops anyone with Owner or Contributor, inside or outside Pulumi, from deleting the vault with its keys.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-8", "AVM key-vault lock"],
    mirrors: ["PSRule Azure.Resource.UseLock (related)"],
    resourceTypes: [T.vault, T.lock],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = new StackIndex(resources);
        const locks = resources.filter((r) => r.type === T.lock);
        const violations: StackViolation[] = [];
        for (const [name, vault] of stack.vaults) {
            const covering = [...stack.dependents(vault, T.lock, "scope"), ...locks.filter((l) => {
                const scope = read(l.props, "scope");
                return typeof scope === "string" && scope.toLowerCase().replace(/\/$/, "").endsWith(`/microsoft.keyvault/vaults/${name}`);
            })];
            if (covering.some((l) => sameText(read(l.props, "level"), "CanNotDelete") || read(l.props, "level") === UNKNOWN)) continue;
            violations.push({ urn: vault.urn, message: `Vault ${name} has no CanNotDelete lock; add an authorization.ManagementLockByScope with level "CanNotDelete" and the vault's id as scope.` });
        }
        return violations;
    },
};
