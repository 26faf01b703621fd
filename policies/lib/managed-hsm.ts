import type { ResourceView } from "./rule";
import { isUnknown, read, UNKNOWN, Unknown } from "./values";

/**
 * Managed HSM local RBAC role ids (learn.microsoft.com/azure/key-vault/managed-hsm/built-in-roles).
 * They live in the pool's data plane: an ARM role assignment grants nothing there
 * (articles/key-vault/managed-hsm/access-control.md).
 */
export const HSM_LOCAL_ROLES = {
    cryptoServiceEncryptionUser: "33413926-3206-4cdd-b39a-83574fe37a17",
    cryptoUser: "21dbd100-6940-42c2-9190-5d6cb909625b",
} as const;

export const HSM_LOCAL_ROLE_NAMES: Record<string, string> = {
    [HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]: "Managed HSM Crypto Service Encryption User",
    [HSM_LOCAL_ROLES.cryptoUser]: "Managed HSM Crypto User",
};

/** Local roles that wrap and unwrap; Crypto Officer cannot (Managed HSM's built-in roles, "Permitted operations"). */
export const HSM_WRAPPING_ROLES: ReadonlySet<string> = new Set<string>([HSM_LOCAL_ROLES.cryptoServiceEncryptionUser, HSM_LOCAL_ROLES.cryptoUser]);

/** One local role assignment of a Managed HSM, as Azure Classic's ManagedHardwareSecurityModuleRoleAssignment holds it; each field may be unknown. */
export interface HsmLocalGrant {
    view: ResourceView;
    /** The pool's name, lower case. */
    hsm: string | Unknown | undefined;
    principalId: string | Unknown | undefined;
    /** The role definition's GUID, lower case. */
    role: string | Unknown | undefined;
    /** The local scope: `/`, `/keys` or `/keys/<name>`. */
    scope: string | Unknown | undefined;
}

/**
 * A local grant's fields: the pool from managedHsmId (its ARM id), else the deprecated vaultBaseUrl
 * or the assignment's own id (`https://<hsm>.managedhsm.azure.net///RoleAssignment/<name>`).
 */
export function hsmLocalGrantOf(view: ResourceView): HsmLocalGrant {
    const text = (value: unknown): string | Unknown | undefined => (isUnknown(value) ? UNKNOWN : typeof value === "string" && value !== "" ? value : undefined);
    const armId = text(read(view.props, "managedHsmId"));
    const url = text(read(view.props, "vaultBaseUrl")) ?? text(read(view.props, "id"));
    let hsm: string | Unknown | undefined;
    if (armId === UNKNOWN) hsm = UNKNOWN;
    else if (armId !== undefined) hsm = /\/managedhsms\/([^/]+)\/?$/i.exec(armId)?.[1]?.toLowerCase();
    else if (url === UNKNOWN) hsm = UNKNOWN;
    else if (url !== undefined) hsm = /^https:\/\/([^./]+)\.managedhsm\./i.exec(url)?.[1]?.toLowerCase();
    const principal = text(read(view.props, "principalId"));
    const role = text(read(view.props, "roleDefinitionId"));
    const scope = text(read(view.props, "scope"));
    return {
        view,
        hsm,
        principalId: principal === UNKNOWN ? UNKNOWN : principal?.toLowerCase(),
        role: role === UNKNOWN ? UNKNOWN : role?.split("/").pop()?.toLowerCase(),
        scope,
    };
}

/** Whether a local scope reaches a key: the whole pool (`/`), all its keys (`/keys`) or that key. */
export function localScopeCovers(scope: string, key: string): boolean {
    const s = scope.trim().toLowerCase().replace(/\/+$/, "");
    return s === "" || s === "/keys" || s === `/keys/${key.toLowerCase()}`;
}

/** An ARM scope within a Managed HSM: the pool, or one of its keys (`…/managedHSMs/<hsm>/keys/<key>`). */
export function armScopeInHsm(scope: unknown): { hsm: string; key?: string } | undefined {
    if (typeof scope !== "string" || isUnknown(scope)) return undefined;
    const match = /\/providers\/microsoft\.keyvault\/managedhsms\/([^/]+)(?:\/keys\/([^/]+))?\/?$/i.exec(scope.trim());
    return match ? { hsm: match[1].toLowerCase(), key: match[2]?.toLowerCase() } : undefined;
}

/** The az command that makes a local grant, which Microsoft's Managed HSM guides give. */
export function localGrantCommand(hsm: string, principalId: string, key: string): string {
    return `az keyvault role assignment create --hsm-name ${hsm} --role "${HSM_LOCAL_ROLE_NAMES[HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]}" --assignee-object-id ${principalId} --scope /keys/${key}`;
}
