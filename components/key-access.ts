import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { BuiltInRole, builtInRoles, isPermissionSet, PermissionSet, permissionSets, roleAssignmentName, roleDefinitionId, subscriptionOf } from "./key-permissions";
import { KeyReference, VaultReference } from "./types";
import { GUID_PATTERN, known, throwIfInvalid, ValidationIssue } from "./validation";

export interface KeyAccessArgs {
    /** Conditional. The one key the principal may use; required for `cmkService`, `applicationCrypto` and `signing`. */
    key?: KeyReference;
    /** Conditional. The vault whose keys the principal manages; required for `keyManagementAppliance` (creating and importing keys is vault-wide). */
    keyVault?: VaultReference;
    /** Required. The principal's object id (a managed identity's or service principal's `principalId`). */
    principalId: pulumi.Input<string>;
    /** Optional. Defaults to `ServicePrincipal`, which spares Azure the directory lookup that fails for a fresh principal. */
    principalType?: "ServicePrincipal" | "User" | "Group";
    /** Required. `cmkService` (get, wrapKey, unwrapKey), `applicationCrypto` (get, encrypt, decrypt), `signing` (get, sign, verify) or `keyManagementAppliance` (get, list, create, import, delete, purge). */
    permissions: PermissionSet;
    /** Optional. Shown on the role assignment. Defaults to the permission set's name. */
    description?: string;
}

export const KeyAccessDefaults = {
    principalType: "ServicePrincipal",
} as const;

/** The key operations each key-scoped permission set relies on the key allowing. */
const requiredKeyOps: Partial<Record<PermissionSet, string[]>> = {
    cmkService: ["wrapKey", "unwrapKey"],
    applicationCrypto: ["encrypt", "decrypt"],
    signing: ["sign", "verify"],
};

/** Every rule KeyAccessArgs break; empty when valid. */
export function validateKeyAccessArgs(args: KeyAccessArgs): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (!isPermissionSet(args.permissions)) {
        add("permissions", `"${String(args.permissions)}" is not a permission set; use ${Object.keys(permissionSets).join(", ")}`);
        return issues;
    }
    const set = permissionSets[args.permissions];
    if (set.scope === "key") {
        if (args.key === undefined) {
            add("key", `is required: ${args.permissions} is granted on one key`);
        }
        if (args.keyVault !== undefined) {
            add("keyVault", `must not be set: ${args.permissions} is granted on one key, never the whole vault`);
        }
        const missing = (requiredKeyOps[args.permissions] ?? []).filter((op) => args.key !== undefined && !(args.key.keyOps as readonly string[]).includes(op));
        if (missing.length > 0) {
            // Each key-scoped permission set is named for the key purpose that allows its operations.
            add("key.keyOps", `lacks ${missing.join(", ")}, which ${args.permissions} uses; create the key with purpose "${args.permissions}"`);
        }
    } else {
        if (args.keyVault === undefined) {
            add("keyVault", `is required: ${args.permissions} creates and imports keys, which is granted on the vault`);
        }
        if (args.key !== undefined) {
            add("key", `must not be set: ${args.permissions} manages the vault's keys; pass keyVault`);
        }
    }
    const principalId = known<string>(args.principalId);
    if (principalId !== undefined && !GUID_PATTERN.test(principalId)) {
        add("principalId", `"${principalId}" is not an object id (a GUID)`);
    }
    if (args.principalType !== undefined && !["ServicePrincipal", "User", "Group"].includes(args.principalType)) {
        add("principalType", `"${String(args.principalType)}" is not ServicePrincipal, User or Group`);
    }
    return issues;
}

/**
 * Least-privilege access for one principal: in an RBAC vault, the built-in role that fits the
 * permission set, assigned on the key itself (on the vault only for key management); in an
 * access-policy vault, an access policy with exactly the set's key permissions.
 */
export class KeyAccess extends pulumi.ComponentResource {
    /** The ARM id the grant applies to: the key's, or the vault's for key management. */
    readonly scope: pulumi.Output<string>;
    readonly permissions: PermissionSet;
    readonly roleAssignment?: authorization.RoleAssignment;
    readonly accessPolicy?: keyvault.AccessPolicy;

    constructor(name: string, args: KeyAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`KeyAccess "${name}"`, validateKeyAccessArgs(args));
        super("azure-byok:keyvault:KeyAccess", name, {}, opts);

        this.permissions = args.permissions;
        const set = permissionSets[args.permissions];
        const target: KeyReference | VaultReference | undefined = set.scope === "key" ? args.key : args.keyVault;
        const vault = args.key?.keyVault ?? args.keyVault;
        if (target === undefined || vault === undefined) {
            throw new Error(`KeyAccess "${name}": validation let through a grant without a scope`);
        }
        this.scope = pulumi.output(target.id);

        if (vault.enableRbacAuthorization) {
            this.roleAssignment = assignBuiltInRole(`${name}-role-assignment`, {
                scope: this.scope,
                principalId: args.principalId,
                principalType: args.principalType ?? KeyAccessDefaults.principalType,
                role: set.role,
                description: args.description ?? `azure-byok ${args.permissions}`,
            }, this);
        } else {
            // Access policies are vault-wide: the permissions are exact, the scope cannot be one key.
            this.accessPolicy = new keyvault.AccessPolicy(`${name}-access-policy`, {
                resourceGroupName: vault.resourceGroupName,
                vaultName: vault.vaultName,
                policy: {
                    objectId: args.principalId,
                    tenantId: vault.tenantId,
                    permissions: { keys: [...set.keyPermissions] },
                },
            }, { parent: this, provider: vault.provider });
        }
        this.registerOutputs({ scope: this.scope, permissions: this.permissions });
    }
}

/**
 * A built-in role for one principal on one scope, named from what it grants (a re-run names the
 * same assignment), with the role definition in the scope's subscription.
 */
export function assignBuiltInRole(
    name: string,
    args: { scope: pulumi.Input<string>; principalId: pulumi.Input<string>; principalType: "ServicePrincipal" | "User" | "Group"; role: BuiltInRole; description: string },
    parent: pulumi.Resource,
): authorization.RoleAssignment {
    const scope = pulumi.output(args.scope);
    return new authorization.RoleAssignment(name, {
        scope,
        principalId: args.principalId,
        principalType: args.principalType,
        roleDefinitionId: scope.apply((s) => roleDefinitionId(subscriptionOf(s), args.role)),
        roleAssignmentName: pulumi.all([scope, args.principalId]).apply(([s, principalId]) => roleAssignmentName(s, principalId, builtInRoles[args.role])),
        description: args.description,
    }, { parent });
}
