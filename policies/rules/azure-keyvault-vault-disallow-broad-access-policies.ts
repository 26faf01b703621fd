import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { isUnknown, list, read, UNKNOWN } from "../lib/values";

type Params = { allowedObjectIds: string[] };

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
    },
};

const KINDS = ["keys", "secrets", "certificates", "storage"] as const;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }, { allowedObjectIds }) {
        const policies = type === T.vault ? list(props, "properties", "accessPolicies") : [read(props, "policy")];
        if (policies === UNKNOWN) return [];
        const allowed = new Set(allowedObjectIds.map((id) => id.toLowerCase()));
        const messages: string[] = [];
        policies.forEach((policy) => {
            const objectId = read(policy, "objectId");
            if (isUnknown(objectId) || (typeof objectId === "string" && allowed.has(objectId.toLowerCase()))) return;
            for (const kind of KINDS) {
                const permissions = list(policy, "permissions", kind);
                if (permissions === UNKNOWN) continue;
                const broad = permissions.filter((p): p is string => typeof p === "string" && ["all", "purge"].includes(p.toLowerCase()));
                if (broad.length > 0) {
                    messages.push(`The access policy for ${String(objectId)} grants ${kind} ${broad.map((b) => `"${b}"`).join(" and ")}; list only the ${kind} permissions it needs, or name it in allowedObjectIds in the policy config.`);
                }
            }
        });
        return messages;
    },
};
