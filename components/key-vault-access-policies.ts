import type * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type { KeyVaultAccessPolicy } from "./key-vault";
import { ArgSpec, asGiven, GUID_PATTERN, known, listShapeIssues, quoteValue, ShowValue, ValidationIssue } from "./validation";

const KEY_PERMISSIONS: readonly string[] = Object.values(keyvault.KeyPermissions);

const ACCESS_POLICY_ARGS = { name: "string", objectId: "input", tenantId: "input", keyPermissions: "strings" } as const satisfies ArgSpec<KeyVaultAccessPolicy>;

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
 * one by one and never `all`, and a name wherever the principal is an Output (principalGrantNameIssues).
 */
export function accessPolicyIssues(accessPolicies: KeyVaultAccessPolicy[] | undefined, vaultTenantId: string | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const principals = new Map<string, number>();
    (accessPolicies ?? []).forEach((policy, i) => {
        const policyTenant = known<string>(policy.tenantId);
        const tenantProblem = policyTenant === undefined ? undefined
            : policyTenantIdProblem(policyTenant) ?? (vaultTenantId === undefined ? undefined : policyTenantMatchProblem([policyTenant, vaultTenantId]));
        if (tenantProblem !== undefined) add(`accessPolicies[${i}].tenantId`, tenantProblem);
        const objectId = known<string>(policy.objectId);
        const objectProblem = objectId === undefined ? undefined : policyObjectIdProblem(objectId);
        if (objectProblem !== undefined) add(`accessPolicies[${i}].objectId`, objectProblem);
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
    issues.push(...principalGrantNameIssues((accessPolicies ?? []).map((p) => ({ name: p.name, principal: p.objectId })), ACCESS_POLICY_GRANTS));
    return issues;
}

/** An access policy's tenant: a GUID. */
export function policyTenantIdProblem(tenantId: string, show: ShowValue = quoteValue): string | undefined {
    return GUID_PATTERN.test(tenantId) ? undefined : `${show(tenantId)} is not a GUID; give the directory's tenant id, or leave it out to take the vault's`;
}

/**
 * An access policy's tenant (a GUID) against the vault's: the same, when the vault's is a GUID (else the vault's
 * own rule speaks). Key Vault authenticates every caller in the vault's own tenant; a policy for another tenant's
 * principal grants nothing. Each value is shown as given unless `shows` hides it.
 */
export function policyTenantMatchProblem([policyTenant, vaultTenant]: string[], [showPolicy = asGiven, showVault = asGiven]: (ShowValue | undefined)[] = []): string | undefined {
    if (!GUID_PATTERN.test(policyTenant) || !GUID_PATTERN.test(vaultTenant) || policyTenant.toLowerCase() === vaultTenant.toLowerCase()) return undefined;
    return `is ${showPolicy(policyTenant)}, but the vault's tenantId is ${showVault(vaultTenant)}: a vault authenticates callers in its own tenant only; leave tenantId out to take the vault's`;
}

/** An access policy's principal: a GUID. */
export function policyObjectIdProblem(objectId: string, show: ShowValue = quoteValue): string | undefined {
    return GUID_PATTERN.test(objectId) ? undefined : `${show(objectId)} is not a GUID`;
}

/** How the access policies' rules on names speak of them. */
const ACCESS_POLICY_GRANTS: PrincipalGrants = {
    list: "accessPolicies",
    principal: "objectId",
    what: "access policy",
    // azure-native's AccessPolicy creates and deletes the vault's entry for the principal (custom_keyvault_accesspolicy.go).
    moved: "Azure refuses the new one while the principal has an entry, and deleting the old one removes the principal's key access",
};

/**
 * An entry's AccessPolicy resource name: `<component>-access-policy-<key>`, the key being its name
 * or else its object id in lower case (see principalGrantKey).
 */
export function accessPolicyResourceName(component: string, key: string): string {
    return `${component}-access-policy-${key}`;
}

/**
 * The names an entry's AccessPolicy had before: by its object id, for one known now that is given a
 * name; by its place in the list, as one whose object id was an Output was named until it had to be named.
 */
export function earlierAccessPolicyResourceNames(component: string, policy: KeyVaultAccessPolicy, index: number): string[] {
    const objectId = known<string>(policy.objectId)?.toLowerCase();
    if (objectId === undefined) return [accessPolicyResourceName(component, String(index))];
    return policy.name !== undefined && policy.name !== objectId ? [accessPolicyResourceName(component, objectId)] : [];
}

/** A grant to one principal, made as a resource of its own: the principal, and the name it may be given. */
export interface PrincipalGrant {
    name?: string;
    principal: pulumi.Input<string>;
}

/** How the rules on a list of grants' names speak of them, for messages. */
export interface PrincipalGrants {
    /** The list's field, such as `accessPolicies`. */
    list: string;
    /** The principal's field in an entry, such as `objectId`. */
    principal: string;
    /** What each entry is made as, such as `access policy`. */
    what: string;
    /** What Azure does when an entry's resource moves to another name, which Pulumi makes as a new resource and deletes the old. */
    moved: string;
}

/** A grant's name: not digits alone, which would read as a place in the list, the name entries given as Outputs once had. */
const GRANT_NAME = /^(?![0-9]+$)[A-Za-z0-9-]{1,64}$/;

/**
 * What a grant is known by, whatever its place in its list: its name, else its principal in lower
 * case (as Entra compares object ids); undefined when it has no name and its principal is an Output.
 */
export function principalGrantKey(grant: PrincipalGrant): string | undefined {
    return grant.name ?? known<string>(grant.principal)?.toLowerCase();
}

/**
 * Every rule the grants' names break: a name wherever the principal is unknown until deploy, since
 * only the entry's place in the list could name it then; names of the form GRANT_NAME, none another
 * entry's in any case, and none an object id another entry is (or was, before its name) known by.
 * A principal given twice is the caller's rule.
 */
export function principalGrantNameIssues(grants: PrincipalGrant[], speak: PrincipalGrants): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const names = new Map<string, number>();
    const principals = grants.map((g) => known<string>(g.principal)?.toLowerCase());
    grants.forEach((grant, i) => {
        const field = `${speak.list}[${i}].name`;
        if (grant.name === undefined) {
            if (principals[i] === undefined) {
                issues.push({ field, message: `is required while ${speak.principal} is unknown until deploy (an Output, such as a group's objectId): without a name the entry is known only by its place in the list, so reordering or removing entries would move its ${speak.what} to another name: ${speak.moved}; give it a name (to keep what was made while the ${speak.principal} was text, name it by that ${speak.principal} in lower case)` });
            }
            return;
        }
        if (!GRANT_NAME.test(grant.name)) {
            const shown = grant.name.length > 40 ? `${grant.name.slice(0, 40)}…` : grant.name;
            issues.push({ field, message: `"${shown}" (${grant.name.length} character${grant.name.length === 1 ? "" : "s"}) is not a name here: 1–64 letters, digits and hyphens, not digits alone (which reads as a place in the list)` });
            return;
        }
        const lower = grant.name.toLowerCase();
        const named = names.get(lower);
        if (named !== undefined) {
            issues.push({ field, message: `"${grant.name}" already names ${speak.list}[${named}]; each entry needs a name of its own, in any case` });
            return;
        }
        names.set(lower, i);
        const owner = principals.findIndex((p, j) => j !== i && p === lower);
        if (owner !== -1) {
            issues.push({ field, message: `"${grant.name}" is the ${speak.principal} of ${speak.list}[${owner}], which that entry is or was known by; choose another name` });
        }
    });
    return issues;
}
