import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import type { ClientApplicationGrant } from "./client-application";
import { assignBuiltInRole } from "./key-access";
import { isPermissionSet, permissionSets } from "./key-permissions";
import type { BesideOptions } from "./key-vault-lock";
import { VaultReference } from "./types";
import { ValidationIssue } from "./validation";

// A grant's opt-in to read its vault through Azure Resource Manager (`vaultRead`): Key Vault Reader on the vault.
// The key grants' roles (Crypto User, Crypto Service Encryption User) have data actions only, so a vendor that
// finds the vault or lists a key's versions through Resource Manager (Veeam Backup for Microsoft Azure's
// repository account asks Microsoft.KeyVault/vaults/read and vaults/keys/versions/read) is refused with
// AuthorizationFailed. Key Vault Reader's actions are Microsoft.KeyVault/vaults/*/read and its data actions
// vaults/*/read and secrets/readMetadata/action: metadata only, never a secret's value or key material
// (MicrosoftDocs built-in-roles/security.md). On an access-policy vault only its actions apply.

/** The vault a grant reaches: its key's, or the vault it is on. */
export function grantVault(grant: Pick<ClientApplicationGrant, "key" | "keyVault">): VaultReference | undefined {
    return grant.key?.keyVault ?? grant.keyVault;
}

/** The same vault: the same reference, or two that name one vault. */
export function sameVault(a: VaultReference | undefined, b: VaultReference): boolean {
    return a === b || (a !== undefined && typeof a.vaultName === "string" && a.vaultName !== "" && a.vaultName === b.vaultName);
}

/**
 * Every rule `vaultRead` breaks in an application's grants, each at `grants[i].vaultRead`: once per
 * vault, and not where the grant's own role reads the vault already (Crypto Officer on an RBAC vault).
 */
export function vaultReadIssues(grants: ClientApplicationGrant[]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    grants.forEach((g, i) => {
        if (g.vaultRead !== true) return;
        const field = `grants[${i}].vaultRead`;
        const vault = grantVault(g);
        // A grant with no key or vault is the grant rules' to report.
        if (vault === undefined) return;
        if (g.permissions === "keyManagementAppliance" && vault.enableRbacAuthorization) {
            issues.push({ field, message: "is true, but keyManagementAppliance on an RBAC vault assigns Key Vault Crypto Officer there, whose actions already read the vault and its keys through Resource Manager (Microsoft.KeyVault/vaults/*/read); leave vaultRead out" });
            return;
        }
        const earlier = grants.slice(0, i).findIndex((e) => e.vaultRead === true && sameVault(grantVault(e), vault));
        if (earlier >= 0) {
            const named = typeof vault.vaultName === "string" ? `vault "${vault.vaultName}"` : "the vault";
            issues.push({ field, message: `asks Key Vault Reader on ${named}, as the grant at index ${earlier} does already: the application reads a vault through one assignment; leave vaultRead on one grant per vault` });
        }
    });
    return issues;
}

/**
 * `listKeys` on a vault preparing its RBAC migration, reported at `grants[i].listKeys`: its access policy
 * lists keys until the vault moves, and then only Key Vault Reader on the vault does (every key-scoped
 * set's role, Crypto User or Crypto Service Encryption User, reads that one key), so it is made a deploy
 * ahead with `vaultRead`, as the grants' roles are.
 */
export function listKeysMigrationIssues(grants: ClientApplicationGrant[]): ValidationIssue[] {
    return grants.flatMap((g, i) => {
        const vault = grantVault(g);
        // The key-scoped sets alone: keyManagementAppliance's listKeys, and an unknown set, are refused as grant rules.
        const keyScoped = isPermissionSet(g.permissions) && permissionSets[g.permissions].scope === "key";
        if (g.listKeys !== true || !keyScoped || vault === undefined || vault.enableRbacAuthorization || vault.prepareRbacMigration !== true) return [];
        if (grants.some((e) => e.vaultRead === true && sameVault(grantVault(e), vault))) return [];
        return [{ field: `grants[${i}].listKeys`, message: "is true on a vault that prepares its move to Azure RBAC (prepareRbacMigration), where the access policy's list ends with the move and the key's role lists no keys: set vaultRead: true on the grant too, so that Key Vault Reader on the vault lists them from the first deploy on RBAC" }];
    });
}

/**
 * Key Vault Reader on the vault of each grant that asks `vaultRead`, for the application's service
 * principal, named `<app>-<grant>-vault-read`. Replaced (a new vault or principal, which renames the
 * assignment), it makes the new one before deleting the old, as KeyAccess's grants do, so the vendor's
 * reads never lapse.
 */
export function assignVaultReaders(
    parent: pulumi.ComponentResource,
    name: string,
    grants: ClientApplicationGrant[],
    principalId: pulumi.Input<string>,
    displayName: string,
    beside: BesideOptions,
): authorization.RoleAssignment[] {
    return grants.flatMap((g) => {
        const vault = grantVault(g);
        if (g.vaultRead !== true) return [];
        if (vault === undefined) throw new Error(`ClientApplication "${name}": validation let through a vaultRead grant with neither a key nor a vault`);
        return [assignBuiltInRole(`${name}-${g.name ?? g.permissions}-vault-read`, {
            scope: vault.id,
            principalId,
            principalType: "ServicePrincipal",
            role: "keyVaultReader",
            description: `azure-byok Resource Manager read of the vault for ${displayName}`,
        }, parent, { deleteBeforeReplace: false, ...beside })];
    });
}
