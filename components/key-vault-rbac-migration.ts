import type { VaultReference } from "./types";
import { ValidationIssue } from "./validation";

/**
 * `prepareRbacMigration`'s rule, reported under `field`: it prepares an access-policy vault for
 * Azure RBAC, so on a vault that uses RBAC already it is left over from the migration.
 */
export function rbacMigrationIssues(enableRbacAuthorization: boolean, prepareRbacMigration: boolean | undefined, field = "prepareRbacMigration"): ValidationIssue[] {
    if (prepareRbacMigration !== true || !enableRbacAuthorization) return [];
    return [{ field, message: "is true, but the vault uses Azure RBAC (enableRbacAuthorization: true), so there is nothing left to prepare: remove it once the vault uses RBAC" }];
}

/**
 * Whether grants in the vault are made as access policies and, with `prepareRbacMigration`, also
 * as the role assignments they will be once the vault uses RBAC: Azure stops honouring access
 * policies the moment the vault flips, and a new role assignment takes up to 10 minutes to take
 * effect, so the roles must exist a deploy before the flip (Microsoft's rbac-migration guide).
 */
export function grantsVia(vault: Pick<VaultReference, "enableRbacAuthorization" | "prepareRbacMigration">): { accessPolicy: boolean; roleAssignment: boolean } {
    if (vault.enableRbacAuthorization) return { accessPolicy: false, roleAssignment: true };
    return { accessPolicy: true, roleAssignment: vault.prepareRbacMigration === true };
}
