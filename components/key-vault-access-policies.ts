import * as keyvault from "@pulumi/azure-native/keyvault";
import type { KeyVaultAccessPolicy } from "./key-vault";
import { ArgSpec, GUID_PATTERN, known, listShapeIssues, ValidationIssue } from "./validation";

const KEY_PERMISSIONS: readonly string[] = Object.values(keyvault.KeyPermissions);

const ACCESS_POLICY_ARGS = { objectId: "input", tenantId: "input", keyPermissions: "strings" } as const satisfies ArgSpec<KeyVaultAccessPolicy>;

/** Azure's name of a key permission written in any case (Terraform and the portal write "WrapKey"); other text is left for validation to name. */
export function keyPermissionAsAzureNames(name: string): string {
    return KEY_PERMISSIONS.find((p) => p.toLowerCase() === name.toLowerCase()) ?? name;
}

/** The shape of the access policies from an untyped caller: each entry's fields, of their types, the principal and its permissions given, and no others. */
export function accessPolicyShapeIssues(accessPolicies: unknown): ValidationIssue[] {
    return listShapeIssues(accessPolicies, ACCESS_POLICY_ARGS, "accessPolicies", {
        // Azure's and AVM's shape is `permissions: { keys: [...] }`.
        required: { objectId: "the principal's object id", keyPermissions: "a list of key permissions, such as [\"get\", \"wrapKey\", \"unwrapKey\"] (what Azure writes as permissions: { keys })" },
        closed: true,
        renamed: { permissions: "keyPermissions" },
    });
}

/**
 * Every rule the access policies break: tenants and principals as GUIDs, each principal once,
 * each policy in the vault's tenant (`vaultTenantId`, when known now), its key permissions named
 * one by one and never `all`.
 */
export function accessPolicyIssues(accessPolicies: KeyVaultAccessPolicy[] | undefined, vaultTenantId: string | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const principals = new Map<string, number>();
    (accessPolicies ?? []).forEach((policy, i) => {
        const policyTenant = known<string>(policy.tenantId);
        if (policyTenant !== undefined && !GUID_PATTERN.test(policyTenant)) {
            add(`accessPolicies[${i}].tenantId`, `"${policyTenant}" is not a GUID; give the directory's tenant id, or leave it out to take the vault's`);
        } else if (policyTenant !== undefined && vaultTenantId !== undefined && GUID_PATTERN.test(vaultTenantId) && policyTenant.toLowerCase() !== vaultTenantId.toLowerCase()) {
            // Key Vault authenticates every caller in the vault's own tenant; a policy for another tenant's principal grants nothing.
            add(`accessPolicies[${i}].tenantId`, `is ${policyTenant}, but the vault's tenantId is ${vaultTenantId}: a vault authenticates callers in its own tenant only; leave tenantId out to take the vault's`);
        }
        const objectId = known<string>(policy.objectId);
        if (objectId !== undefined && !GUID_PATTERN.test(objectId)) {
            add(`accessPolicies[${i}].objectId`, `"${objectId}" is not a GUID`);
        }
        // A vault keeps one policy per principal, and each entry is its own AccessPolicy named by it.
        const first = objectId !== undefined ? principals.get(objectId.toLowerCase()) : undefined;
        if (first !== undefined) add(`accessPolicies[${i}].objectId`, `repeats accessPolicies[${first}]: a vault keeps one access policy per principal; give its permissions in one entry`);
        else if (objectId !== undefined) principals.set(objectId.toLowerCase(), i);
        if (policy.keyPermissions.length === 0) {
            add(`accessPolicies[${i}].keyPermissions`, "is empty; name the key permissions the principal needs");
        }
        policy.keyPermissions.forEach((perm, j) => {
            if (perm === "all") {
                add(`accessPolicies[${i}].keyPermissions[${j}]`, `"all" grants every key permission including purge; list the permissions the principal needs`);
            } else if (!KEY_PERMISSIONS.includes(perm)) {
                add(`accessPolicies[${i}].keyPermissions[${j}]`, `"${perm}" is not a key permission; use ${KEY_PERMISSIONS.filter((p) => p !== "all").join(", ")}`);
            }
        });
    });
    return issues;
}
