import { allowedInStack } from "../lib/stack-names";
import { T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, list, read, UNKNOWN } from "../lib/values";

type Params = { allowedObjectIds: string[]; allowedPrincipalNames: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disallow-broad-access-policies",
    description: "An access policy granting `all` or `purge` lets one principal destroy every key in the vault for good.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 PA-7"],
    mirrors: ["PSRule Azure.KeyVault.AccessPolicy", "Checkov and Azure Policy do not check purge in access policies: extends PSRule"],
    resourceTypes: [T.vault, T.accessPolicy],
    parameters: {
        allowedObjectIds: { schema: { type: "array", items: { type: "string" }, description: "Object ids of the principals (e.g. a key-management appliance) allowed `all` or `purge`." }, defaults: everywhere([]) },
        allowedPrincipalNames: { schema: { type: "array", items: { type: "string" }, description: "Principals created in the same stack that are allowed `all` or `purge`, by application display name or managed identity name (their object ids are unknown until deploy); `<project>/<stack>:<name>` allows it in that stack alone, as a config shared by a policy group's stacks should." }, defaults: everywhere([]) },
    },
};

const KINDS = ["keys", "secrets", "certificates", "storage"] as const;

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { allowedObjectIds, allowedPrincipalNames }) {
        const stack = StackIndex.of(resources);
        const allowedIds = new Set(allowedObjectIds.map((id) => id.toLowerCase()));
        const allowedName = allowedInStack(allowedPrincipalNames);
        const violations: StackViolation[] = [];
        const judge = (view: ResourceView, property: string, policy: unknown) => {
            const objectId = read(policy, "objectId");
            if (isUnknown(objectId) || (typeof objectId === "string" && allowedIds.has(objectId.toLowerCase()))) return;
            const name = stack.nameOfPrincipal(view, property, typeof objectId === "string" ? objectId : undefined);
            if (name !== undefined && allowedName(name, view.urn)) return;
            const who = name === undefined ? String(objectId) : `${name} (${String(objectId)})`;
            for (const kind of KINDS) {
                const permissions = list(policy, "permissions", kind);
                if (permissions === UNKNOWN) continue;
                const broad = permissions.filter((p): p is string => typeof p === "string" && ["all", "purge"].includes(p.toLowerCase()));
                if (broad.length > 0) {
                    violations.push({
                        urn: view.urn,
                        message: `The access policy for ${who} grants ${kind} ${broad.map((b) => `"${b}"`).join(" and ")}; list only the ${kind} permissions it needs, or name it in allowedObjectIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.`,
                    });
                }
            }
        };
        for (const r of resources) {
            if (r.type === T.vault) {
                const policies = list(r.props, "properties", "accessPolicies");
                if (policies !== UNKNOWN) policies.forEach((p) => judge(r, "properties", p));
            } else if (r.type === T.accessPolicy) {
                judge(r, "policy", read(r.props, "policy"));
            }
        }
        return violations;
    },
};
