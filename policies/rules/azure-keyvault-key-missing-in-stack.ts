import { CMK_SERVICE_TYPES, keyId } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { UNKNOWN } from "../lib/values";

type Params = { externalKeys: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-missing-in-stack",
    description: "A CMK key from outside the stack is governed by nobody this pack can see: its purge protection, rotation and access go unchecked.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a service to its key"],
    resourceTypes: CMK_SERVICE_TYPES,
    parameters: {
        externalKeys: { schema: { type: "array", items: { type: "string" }, description: "Keys managed elsewhere, as `vault/key` or `vault` (every key in it)." }, defaults: everywhere([]) },
    },
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { externalKeys }) {
        const stack = StackIndex.of(resources);
        const external = new Set(externalKeys.map((k) => k.toLowerCase()));
        const violations: StackViolation[] = [];
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN) continue;
            const id = keyId(use.key);
            if (stack.keys.has(id) || external.has(id) || external.has(use.key.vault)) continue;
            // A key of the stack's not placed yet (its vault's name unknown during a first preview) may be this one.
            if (stack.mayBeUnplacedKey(use.key)) continue;
            violations.push({ urn: view.urn, message: `${use.service} ${view.name} uses key ${id}, which is neither in this stack nor named external; create the key in this stack's vault or add "${id}" to externalKeys in the policy config.` });
        }
        return violations;
    },
};
