import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { Sleep } from "@pulumiverse/time";
import { BuiltInRole, builtInRoles, isPermissionSet, PermissionSet, permissionSets, roleAssignmentName, roleDefinitionId, subscriptionOf } from "./key-permissions";
import { vaultProviderIssues } from "./key-vault-provider";
import { grantsVia, rbacMigrationIssues } from "./key-vault-rbac-migration";
import { localGrantCommand, MANAGED_HSM_GRANT_RULE, MANAGED_HSM_LOCAL_ROLES, managedHsmKeyIn, managedHsmKeyOf, managedHsmPoolOfVault } from "./managed-hsm-key";
import { KeyReference, VaultReference } from "./types";
import { ArgSpec, checkedOnResolve, isRecord, keyReferenceShapeIssues, known, objectIdProblem, shapeIssues, throwIfInvalid, ValidationIssue, vaultReferenceShapeIssues } from "./validation";

export interface KeyAccessArgs {
    /** Conditional. The one key the principal may use; required for `cmkService`, `applicationCrypto` and `signing`. */
    key?: KeyReference;
    /** Conditional. The vault whose keys the principal manages; required for `keyManagementAppliance` (creating and importing keys is vault-wide). */
    keyVault?: VaultReference;
    /** Required. The principal's object id (a managed identity's or service principal's `principalId`). */
    principalId: pulumi.Input<string>;
    /** Optional. Defaults to `ServicePrincipal`, which spares Azure the directory lookup that fails for a fresh principal. */
    principalType?: "ServicePrincipal" | "User" | "Group";
    /** Required. `cmkService` (get, wrapKey, unwrapKey), `applicationCrypto` (get, encrypt, decrypt), `signing` (get, sign, verify) or `keyManagementAppliance` (get, list, create, import, delete, and purge on a vault without purge protection). */
    permissions: PermissionSet;
    /**
     * Optional. On an access-policy vault, also `list` on the vault's keys: with `cmkService`, which
     * Microsoft's access-policy recipes grant Event Hubs, Service Bus, PostgreSQL and MySQL; with
     * `applicationCrypto` or `signing`, for a vendor that lists the vault's keys (Veeam Backup for
     * Microsoft Azure). Refused on an RBAC vault, where every key-scoped set's role is on the one key
     * and listing is a read on the vault: those services need no list there (their guides assign the
     * key's role alone), and a vendor that lists keys needs Key Vault Reader on the vault
     * (ClientApplication's `vaultRead`). Refused with `keyManagementAppliance`, which lists keys
     * already. Defaults to `false`.
     */
    listKeys?: boolean;
    /** Optional. Shown on the role assignment. Defaults to the permission set's name. */
    description?: string;
    /** Optional. How long what depends on the grant waits after its role assignment is made, for Azure to propagate it (whole seconds or minutes: `30s`, `90s`, `2m`; `0s` for no wait; at most `10m`). Not used in an access-policy vault, unless it prepares the RBAC migration. Defaults to `30s`. */
    rbacPropagationWait?: string;
    /**
     * Conditional. Only in an access-policy vault with `prepareRbacMigration`, for a grant split in
     * two because its access policy covers the whole vault while the roles after the move cover one
     * key each: `accessPolicy` makes only the policy (the vault-wide grant), `roleAssignment` only the
     * role assignment and its wait, named as the per-key grant will be on the RBAC vault. Defaults to both.
     */
    rbacMigrationPart?: "accessPolicy" | "roleAssignment";
}

export const KeyAccessDefaults = {
    principalType: "ServicePrincipal",
    /** Azure documents up to 10 minutes before a new role assignment takes effect; Azure Verified Modules wait 30 s before key operations. */
    rbacPropagationWait: "30s",
} as const;

/** The longest wait `rbacPropagationWait` takes: Azure's documented worst case, so a typo ("30h") cannot hold a deploy for hours. */
const MAX_RBAC_PROPAGATION_SECONDS = 600;

/**
 * Seconds in a wait written as the time provider's `createDuration` takes it (one whole number and
 * its unit, `30s` or `2m`; the provider refuses `1m30s`), or undefined when it is not one.
 */
export function rbacPropagationSeconds(wait: string): number | undefined {
    const m = /^(\d+)(s|m)$/.exec(wait);
    return m === null ? undefined : Number(m[1]) * (m[2] === "m" ? 60 : 1);
}

/** `rbacPropagationWait`'s rule, reported under `field`. */
export function validateRbacPropagationWait(wait: string | undefined, field = "rbacPropagationWait"): ValidationIssue[] {
    if (wait === undefined) return [];
    const seconds = rbacPropagationSeconds(wait);
    if (seconds === undefined) {
        return [{ field, message: `"${wait}" is not a wait in whole seconds or minutes such as 30s, 90s or 2m (0s for none)` }];
    }
    if (seconds > MAX_RBAC_PROPAGATION_SECONDS) {
        return [{ field, message: `"${wait}" is longer than 10m, Azure's documented worst case for a role assignment to take effect; re-run the deploy instead of waiting longer` }];
    }
    return [];
}

/** The key operations each key-scoped permission set relies on the key allowing. */
const requiredKeyOps: Partial<Record<PermissionSet, string[]>> = {
    cmkService: ["wrapKey", "unwrapKey"],
    applicationCrypto: ["encrypt", "decrypt"],
    signing: ["sign", "verify"],
};

/** How KeyAccess reads each argument: what decides the grant's kind and scope is a plain value. */
export const KEY_ACCESS_ARGS = {
    key: "object",
    keyVault: "object",
    principalId: "input",
    principalType: "string",
    permissions: "string",
    listKeys: "boolean",
    description: "string",
    rbacPropagationWait: "string",
    rbacMigrationPart: "string",
} as const satisfies ArgSpec<KeyAccessArgs>;

/** The shape of KeyAccessArgs from an untyped caller: every problem with it, before any rule reads a value. */
function keyAccessShapeIssues(args: unknown): ValidationIssue[] {
    const issues = shapeIssues(args, KEY_ACCESS_ARGS, "", {
        required: { principalId: "the principal's object id", permissions: `the permission set: ${Object.keys(permissionSets).join(", ")}` },
        closed: true,
    });
    if (!isRecord(args)) return issues;
    if (isRecord(args.key)) issues.push(...keyReferenceShapeIssues(args.key, "key"));
    if (isRecord(args.keyVault)) issues.push(...vaultReferenceShapeIssues(args.keyVault, "keyVault"));
    return issues;
}

/** Every rule KeyAccessArgs break, made with `opts` (whose azure-native provider the access policy would inherit); empty when valid. */
export function validateKeyAccessArgs(args: KeyAccessArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = keyAccessShapeIssues(args);
    if (shape.length > 0) return shape;
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
            add("key", `must not be set: ${args.permissions} manages the vault's keys, so it is granted on the vault; name the vault instead`);
        }
    }
    issues.push(...managedHsmIssues(args));
    const principalId = known<string>(args.principalId);
    const principalProblem = principalId === undefined ? undefined : objectIdProblem(principalId);
    if (principalProblem !== undefined) add("principalId", principalProblem);
    if (args.principalType !== undefined && !["ServicePrincipal", "User", "Group"].includes(args.principalType)) {
        add("principalType", `"${String(args.principalType)}" is not ServicePrincipal, User or Group`);
    }
    const vault = args.key?.keyVault ?? args.keyVault;
    issues.push(...listKeysIssues(args, vault));
    issues.push(...validateRbacPropagationWait(args.rbacPropagationWait));
    const vaultField = args.key !== undefined ? "key.keyVault" : "keyVault";
    if (vault !== undefined) issues.push(...rbacMigrationIssues(vault.enableRbacAuthorization, vault.prepareRbacMigration, `${vaultField}.prepareRbacMigration`));
    issues.push(...rbacMigrationPartIssues(args, vault));
    if (vault !== undefined) issues.push(...accessPolicyProviderIssues(vault, args.rbacMigrationPart, opts, `${vaultField}.provider`));
    return issues;
}

/** The key-scoped sets' roles as Azure names them, for messages; which set gets which role stays `permissionSets`'. */
const KEY_ROLE_NAMES: Readonly<Partial<Record<BuiltInRole, string>>> = {
    keyVaultCryptoServiceEncryptionUser: "Key Vault Crypto Service Encryption User",
    keyVaultCryptoUser: "Key Vault Crypto User",
};

/**
 * `listKeys`'s rule: it adds `list` to an access policy. Listing a vault's keys is a read at the vault's
 * scope (GET {vault}/keys; MicrosoftDocs rbac-guide.md: "objects management require vault level
 * permissions"), so on an RBAC vault no key-scoped set's role carries it, cmkService's included. The CMK
 * services need none there; Key Vault Reader on the vault lists keys for a vendor that does.
 */
function listKeysIssues(args: KeyAccessArgs, vault: VaultReference | undefined): ValidationIssue[] {
    if (args.listKeys !== true) return [];
    if (args.permissions === "keyManagementAppliance") {
        return [{ field: "listKeys", message: "is for cmkService, applicationCrypto and signing: keyManagementAppliance lists keys already" }];
    }
    if (vault?.enableRbacAuthorization === true) {
        const vaultRead = "(vaultRead: true on the application's grant or access entry)";
        const fix = args.permissions === "cmkService"
            ? `leave listKeys out: a CMK service needs no list there, and a client that lists the vault's keys needs Key Vault Reader on the vault ${vaultRead}`
            : `assign Key Vault Reader on the vault instead ${vaultRead}, and leave listKeys out`;
        return [{ field: "listKeys", message: `adds list to an access policy, but the vault uses Azure RBAC (enableRbacAuthorization: true), where ${args.permissions} is ${KEY_ROLE_NAMES[permissionSets[args.permissions].role] ?? "a role"} on the one key and listing the vault's keys is a read on the vault: ${fix}` }];
    }
    return [];
}

/** A grant on a Managed HSM pool's key, or on the pool: none of what KeyAccess makes would reach it. */
function managedHsmIssues(args: KeyAccessArgs): ValidationIssue[] {
    const principal = known<string>(args.principalId) ?? "<principalId>";
    const hsmKey = args.key === undefined ? undefined : managedHsmKeyOf(args.key);
    if (hsmKey !== undefined && args.permissions !== "keyManagementAppliance") {
        return [{ field: "key", message: managedHsmKeyProblem(hsmKey.pool, hsmKey.keyName, MANAGED_HSM_LOCAL_ROLES[args.permissions], principal) }];
    }
    const pool = args.keyVault === undefined ? undefined : managedHsmPoolOfVault(args.keyVault);
    return pool === undefined ? [] : [{ field: "keyVault", message: managedHsmVaultProblem(pool) }];
}

function managedHsmKeyProblem(pool: string, keyName: string, role: string, principal: string): string {
    return `is key ${keyName} of Managed HSM pool ${pool}: ${MANAGED_HSM_GRANT_RULE}; grant it with ${localGrantCommand({ pool, keyName }, role, principal)}, or use a key in a Key Vault vault`;
}

function managedHsmVaultProblem(pool: string): string {
    return `is Managed HSM pool ${pool}: ${MANAGED_HSM_GRANT_RULE}; grant its local roles with az keyvault role assignment create --hsm-name ${pool}, or use a Key Vault vault`;
}

/**
 * Where a grant's access policy would go, reported under `field` (see `vaultProviderIssues`): a
 * grant makes one in an access-policy vault, unless it is only the role part of a split grant.
 */
export function accessPolicyProviderIssues(vault: VaultReference, rbacMigrationPart: KeyAccessArgs["rbacMigrationPart"], opts: pulumi.ComponentResourceOptions | undefined, field: string, what = "its access policy"): ValidationIssue[] {
    return grantsVia(vault).accessPolicy && rbacMigrationPart !== "roleAssignment" ? vaultProviderIssues(field, vault, opts, what) : [];
}

/** `rbacMigrationPart`'s rules: a known part, on a vault that prepares the migration, and no policy setting on the role's part. */
function rbacMigrationPartIssues(args: KeyAccessArgs, vault: VaultReference | undefined): ValidationIssue[] {
    const part = args.rbacMigrationPart;
    if (part === undefined) return [];
    if (part !== "accessPolicy" && part !== "roleAssignment") {
        return [{ field: "rbacMigrationPart", message: `"${String(part)}" is not "accessPolicy" or "roleAssignment"` }];
    }
    if (vault !== undefined && (vault.enableRbacAuthorization || vault.prepareRbacMigration !== true)) {
        const why = vault.enableRbacAuthorization ? "uses Azure RBAC, where a grant is only a role assignment" : "does not set prepareRbacMigration, so a grant there is only an access policy";
        return [{ field: "rbacMigrationPart", message: `splits a grant for an access-policy vault that prepares its RBAC migration, but the vault ${why}; leave it out` }];
    }
    if (part === "roleAssignment" && args.listKeys === true) {
        // Once the vault has moved no key's role lists keys: the CMK services need no list, a vendor's listing needs a role on the vault.
        const after = args.permissions === "cmkService" ? "after the move, a CMK service needs no list, and a client that lists keys needs Key Vault Reader on the vault" : "after the move, Key Vault Reader on the vault lists keys";
        return [{ field: "listKeys", message: `shapes the access policy, which rbacMigrationPart "roleAssignment" leaves to the vault-wide grant; set it there (${after})` }];
    }
    return [];
}

/**
 * How a grant's role assignment and access policy are replaced: the new one first, then the old one
 * deleted. azure-native answers every replacement with delete-before-replace (its Diff:
 * `deleteBeforeReplace := len(replaces) > 0`), which on a service's move to another key deletes the
 * grant on the key the service still uses before anything else (with the vault's lock on, Azure
 * refuses that delete: 409 ScopeLocked). An explicit `false` overrides the provider's answer
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go; the SDK sends `deleteBeforeReplaceDefined`).
 * The two cannot collide: a role assignment is replaced when its scope, principal or role changes,
 * each of which renames it (`roleAssignmentName`), and an access policy when its vault or principal
 * does, another entry in Azure. The one same-name replacement, a scope or vault written in another
 * case, is refused by azure-native's Create ("cannot create already existing resource", "access
 * policy for <id> already exists") before anything is deleted.
 */
const GRANT_REPLACEMENT = { deleteBeforeReplace: false } as const;

/**
 * Least-privilege access for one principal: in an RBAC vault, the built-in role that fits the
 * permission set, assigned on the key itself (on the vault only for key management); in an
 * access-policy vault, an access policy with exactly the set's key permissions, and with
 * `prepareRbacMigration` the role assignment as well. Made with `retainOnDelete`, it leaves both in
 * Azure when it is removed or moved to another key. It sets the option on each itself: the Node SDK
 * passes a parent's `protect` to its children but not its `retainOnDelete`; the engine does, to a
 * child that sets none (pulumi/pulumi source_eval.go, inheritFromParent), so the wait is retained too.
 * Moved to another key, vault or principal, it makes the new grant before it deletes the old one
 * (`GRANT_REPLACEMENT`), so the service never runs without a grant on the key it still uses.
 */
export class KeyAccess extends pulumi.ComponentResource {
    /** The ARM id the grant applies to: the key's, or the vault's for key management. */
    readonly scope: pulumi.Output<string>;
    readonly permissions: PermissionSet;
    readonly roleAssignment?: authorization.RoleAssignment;
    /** The wait after the role assignment, which whatever depends on the grant waits for too; none with `rbacPropagationWait: "0s"`. */
    readonly propagation?: Sleep;
    readonly accessPolicy?: keyvault.AccessPolicy;

    constructor(name: string, args: KeyAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `KeyAccess "${name}"`;
        throwIfInvalid(component, validateKeyAccessArgs(args, opts));
        super("azure-byok:keyvault:KeyAccess", name, {}, opts);

        this.permissions = args.permissions;
        const set = permissionSets[args.permissions];
        const target: KeyReference | VaultReference | undefined = set.scope === "key" ? args.key : args.keyVault;
        const vault = args.key?.keyVault ?? args.keyVault;
        if (target === undefined || vault === undefined) {
            throw new Error(`KeyAccess "${name}": validation let through a grant without a scope`);
        }
        // A scope known only at deploy (a key described with Outputs) is held to the pool rule then, before the role assignment is sent.
        this.scope = pulumi.output(checkedOnResolve(component, set.scope === "key" ? "key" : "keyVault", target.id, (id) => {
            const hsm = managedHsmKeyIn(id);
            if (hsm === undefined) return undefined;
            return hsm.keyName === undefined || args.permissions === "keyManagementAppliance" ? managedHsmVaultProblem(hsm.pool) : managedHsmKeyProblem(hsm.pool, hsm.keyName, MANAGED_HSM_LOCAL_ROLES[args.permissions], known<string>(args.principalId) ?? "<principalId>");
        }));
        const principalId = checkedOnResolve(component, "principalId", args.principalId, objectIdProblem);

        const via = grantsVia(vault);
        if (via.roleAssignment && args.rbacMigrationPart !== "accessPolicy") {
            // Named as on an RBAC vault, so the grant keeps its role when a prepared vault flips.
            this.roleAssignment = assignBuiltInRole(`${name}-role-assignment`, {
                scope: this.scope,
                principalId,
                principalType: args.principalType ?? KeyAccessDefaults.principalType,
                role: set.role,
                description: args.description ?? `azure-byok ${args.permissions}`,
            }, this, { retainOnDelete: opts?.retainOnDelete, ...GRANT_REPLACEMENT });
            this.propagation = waitForRoleAssignments(`${name}-rbac-propagation`, [this.roleAssignment], args.rbacPropagationWait ?? KeyAccessDefaults.rbacPropagationWait, this);
        }
        if (via.accessPolicy && args.rbacMigrationPart !== "roleAssignment") {
            // Access policies are vault-wide: the permissions are exact, the scope cannot be one key. Made through the
            // vault's provider: validation refused a default-provider vault under another azure-native provider.
            this.accessPolicy = new keyvault.AccessPolicy(`${name}-access-policy`, {
                resourceGroupName: vault.resourceGroupName,
                vaultName: vault.vaultName,
                policy: {
                    objectId: principalId,
                    tenantId: vault.tenantId,
                    permissions: { keys: accessPolicyKeyPermissions(args.permissions, vault.enablePurgeProtection, args.listKeys === true) },
                },
            }, { parent: this, provider: vault.provider, retainOnDelete: opts?.retainOnDelete, ...GRANT_REPLACEMENT });
        }
        this.registerOutputs({ scope: this.scope, permissions: this.permissions });
    }
}

/**
 * The key permissions of a grant's access policy. An appliance's `purge` is left out on a vault with
 * purge protection, where Key Vault purges nothing before the retention period ends whoever asks
 * (Futurex's KMES guide asks it only without that protection), so the grant holds no right that
 * cannot be used and the pack's broad-access rule has nothing to report.
 */
export function accessPolicyKeyPermissions(permissions: PermissionSet, purgeProtected: boolean, listKeys: boolean): string[] {
    const keys: string[] = permissionSets[permissions].keyPermissions.filter((p) => !(purgeProtected && p === "purge"));
    return listKeys ? [...keys, "list"] : keys;
}

/**
 * A built-in role for one principal on one scope, named from what it grants (a re-run names the
 * same assignment), with the role definition in the scope's subscription.
 */
export function assignBuiltInRole(
    name: string,
    args: { scope: pulumi.Input<string>; principalId: pulumi.Input<string>; principalType: "ServicePrincipal" | "User" | "Group"; role: BuiltInRole; description: string },
    parent: pulumi.Resource,
    options: Pick<pulumi.CustomResourceOptions, "aliases" | "retainOnDelete" | "deletedWith" | "deleteBeforeReplace" | "protect"> = {},
): authorization.RoleAssignment {
    const scope = pulumi.output(args.scope);
    return new authorization.RoleAssignment(name, {
        scope,
        principalId: args.principalId,
        principalType: args.principalType,
        roleDefinitionId: scope.apply((s) => roleDefinitionId(subscriptionOf(s), args.role)),
        roleAssignmentName: pulumi.all([scope, args.principalId]).apply(([s, principalId]) => roleAssignmentName(s, principalId, builtInRoles[args.role])),
        description: args.description,
    }, { ...options, parent });
}

/**
 * A wait after role assignments are made (a child of `parent`, so whatever depends on the parent
 * waits for it too), since Azure may refuse the principal for minutes after its assignment
 * exists: a CMK service then fails with 403 from Key Vault. It waits when first made and again
 * whenever an assignment is replaced; none for a wait of `0s`.
 */
export function waitForRoleAssignments(name: string, assignments: authorization.RoleAssignment[], wait: string, parent: pulumi.Resource, options: Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> = {}): Sleep | undefined {
    if (assignments.length === 0 || rbacPropagationSeconds(wait) === 0) return undefined;
    return new Sleep(name, {
        createDuration: wait,
        triggers: Object.fromEntries(assignments.map((a, i) => [`roleAssignment${i}`, a.id])),
    }, { ...options, parent, dependsOn: assignments });
}
