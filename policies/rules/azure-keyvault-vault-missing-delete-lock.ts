import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-delete-lock",
    description: "A CanNotDelete lock stops anyone with Owner or Contributor, inside or outside Pulumi, from deleting the vault or Managed HSM with its keys.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-8", "AVM key-vault lock"],
    mirrors: ["none of the public rule sets asks for a lock on a vault"],
    resourceTypes: [T.vault, T.managedHsm, T.lock],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const locks = resources.filter((r) => r.type === T.lock);
        const violations: StackViolation[] = [];
        for (const { name, view, idSegment, noun } of stack.keyStores()) {
            const covering = [...stack.dependents(view, T.lock, "scope"), ...locks.filter((l) => {
                const scope = read(l.props, "scope");
                return typeof scope === "string" && scope.toLowerCase().replace(/\/$/, "").endsWith(`/microsoft.keyvault/${idSegment}/${name.toLowerCase()}`);
            })];
            if (covering.some((l) => sameText(read(l.props, "level"), "CanNotDelete") || read(l.props, "level") === UNKNOWN)) continue;
            const target = noun === "Vault" ? "vault" : "HSM";
            violations.push({ urn: view.urn, message: `${noun} ${name} has no CanNotDelete lock; add an authorization.ManagementLockByScope with level "CanNotDelete" and the ${target}'s id as scope.` });
        }
        return violations;
    },
};
