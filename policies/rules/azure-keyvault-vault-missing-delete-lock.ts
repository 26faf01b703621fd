import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { LOCK_TYPES, lockCovers } from "../lib/targets";
import { isUnknown, read, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-delete-lock",
    description: "A CanNotDelete lock stops anyone with Owner or Contributor, inside or outside Pulumi, from deleting the vault or Managed HSM with its keys. A lock on its resource group or subscription covers it too.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-8", "AVM key-vault lock"],
    mirrors: ["none of the public rule sets asks for a lock on a vault"],
    resourceTypes: [T.vault, T.managedHsm, T.lock, T.lockAtResource, T.lockAtResourceGroup, T.lockAtSubscription],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        // Every kind of lock that stops deletion; ReadOnly stops it too, but blocks the writes that make and rotate keys.
        const locks = resources.filter((r) => LOCK_TYPES.includes(r.type) && (sameText(read(r.props, "level"), "CanNotDelete") || isUnknown(read(r.props, "level"))));
        const violations: StackViolation[] = [];
        for (const store of stack.keyStores()) {
            const verdicts = locks.map((l) => lockCovers(store, l));
            if (verdicts.some((v) => v !== false)) continue;
            const target = store.noun === "Vault" ? "vault" : "HSM";
            violations.push({ urn: store.view.urn, message: `${store.noun} ${store.name} has no CanNotDelete lock; add an authorization.ManagementLockByScope with level "CanNotDelete" and the ${target}'s id as scope.` });
        }
        return violations;
    },
};
