import { DATA_ROLES, parseScope, ROLE_NAMES, roleGuid, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = { allowedPrincipalIds: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disallow-wide-scope-data-roles",
    description: "A workload granted a Key Vault data role on a resource group, subscription or management group can use every key, secret or certificate of every vault beneath it, today's and tomorrow's; grant it on the vault, or better the key or secret, it uses.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 PA-7"],
    mirrors: ["None: built-ins audit who holds Key Vault roles, not their scope (Microsoft's Key Vault RBAC guide assigns data roles at vault scope or narrower)"],
    resourceTypes: [T.roleAssignment],
    parameters: {
        allowedPrincipalIds: { schema: { type: "array", items: { type: "string" }, description: "Principal ids allowed a Key Vault data role at resource group scope or wider (e.g. a platform team's backup service)." }, defaults: everywhere([]) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowedPrincipalIds }) {
        const role = read(props, "roleDefinitionId");
        const scope = read(props, "scope");
        const principalId = read(props, "principalId");
        const principalType = read(props, "principalType");
        if (role === UNKNOWN || scope === UNKNOWN || principalId === UNKNOWN || principalType === UNKNOWN) return [];
        const guid = roleGuid(role);
        if (guid === undefined || !DATA_ROLES.has(guid)) return [];
        const name = ROLE_NAMES[guid];
        // Users and groups (an operations team) are people's access, reviewed elsewhere; a workload's is this stack's.
        if (typeof principalType === "string" && !sameText(principalType, "ServicePrincipal")) return [];
        if (typeof principalId === "string" && allowedPrincipalIds.some((id) => sameText(id, principalId))) return [];
        const reach = parseScope(scope);
        if (reach.kind !== "wider") return [];
        return [`The assignment gives ${name} at ${reach.at} scope, over every vault beneath it; scope it to the vault's resource id, or to the key's or secret's (${"`"}<vault id>/keys/<name>${"`"}), or name the principal in allowedPrincipalIds in the policy config.`];
    },
};
