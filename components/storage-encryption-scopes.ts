import type * as pulumi from "@pulumi/pulumi";
import type { CmkStorageAccountArgs, StorageContainer, StorageEncryptionScope } from "./cmk-storage-account";
import { validateCustomerManagedKey } from "./customer-managed-key";
import { accessPolicyProviderIssues } from "./key-access";
import { KeyReference } from "./types";
import { ArgSpec, isRecord, keyReferenceShapeIssues, known, listShapeIssues, ValidationIssue } from "./validation";

export const STORAGE_ENCRYPTION_SCOPE_ARGS = { name: "string", key: "object", keyVersion: "string", keyAccess: "resource", keyAccessName: "string" } as const satisfies ArgSpec<StorageEncryptionScope>;
const STORAGE_CONTAINER_ARGS = { name: "string", encryptionScope: "string" } as const satisfies ArgSpec<StorageContainer>;

/** Encryption scope and blob container names: Azure writes the same rule for both. */
export const ENCRYPTION_SCOPE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

/** The shape of the encryption scopes and containers from an untyped caller: each entry's fields, of their types, a scope's key a key reference, and no others. */
export function encryptionScopeShapeIssues(args: Record<string, unknown>): ValidationIssue[] {
    const issues = listShapeIssues(args.encryptionScopes, STORAGE_ENCRYPTION_SCOPE_ARGS, "encryptionScopes", {
        required: { name: "the scope's name, which containers and writes name it by", key: "the scope's key (an EncryptionKey or a KeyReference)" },
        closed: true,
    });
    if (Array.isArray(args.encryptionScopes)) {
        args.encryptionScopes.forEach((scope, i) => {
            if (isRecord(scope) && isRecord(scope.key)) issues.push(...keyReferenceShapeIssues(scope.key, `encryptionScopes[${i}].key`));
        });
    }
    issues.push(...listShapeIssues(args.containers, STORAGE_CONTAINER_ARGS, "containers", { required: { name: "the container's name" }, closed: true }));
    return issues;
}

/**
 * Every rule the encryption scopes and the containers held to them break: names, unique in the
 * account; each scope's key; each container's scope one of the account's; with the account's
 * `opts`, where the grants the account makes for its scopes would go.
 */
export function encryptionScopeIssues(args: Pick<CmkStorageAccountArgs, "customerManagedKey" | "encryptionScopes" | "containers">, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const seen = new Map<string, number>();
    (args.encryptionScopes ?? []).forEach((scope, i) => {
        if (!ENCRYPTION_SCOPE_NAME.test(scope.name)) {
            add(`encryptionScopes[${i}].name`, `"${scope.name}" is not an encryption scope name: 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit`);
        } else if (seen.has(scope.name)) {
            add(`encryptionScopes[${i}].name`, `"${scope.name}" is already used by encryption scope ${String(seen.get(scope.name))}; names are unique in an account`);
        } else {
            seen.set(scope.name, i);
        }
        issues.push(...validateCustomerManagedKey({ key: scope.key, keyVersion: scope.keyVersion }, `encryptionScopes[${i}]`));
        // The account's own new identity exists only inside the component: no grant made before it can name it.
        if (scope.keyAccess !== undefined && args.customerManagedKey?.userAssignedIdentity === undefined) {
            add(`encryptionScopes[${i}].keyAccess`, "is an existing grant of the account's identity, but customerManagedKey.userAssignedIdentity is not given, so the account runs as a new identity that grant does not cover; give the account the identity the grant is for, or leave keyAccess out to have the grant made");
        }
        // The account's own identity's grant for the scope is the vault's policy now and a role on the key after the
        // flip, two grants it cannot name both of; a shared identity's grants are made outside (keyAccess).
        const vault = scope.key.keyVault;
        if (args.customerManagedKey?.userAssignedIdentity === undefined && !vault.enableRbacAuthorization && vault.prepareRbacMigration === true && scope.key !== args.customerManagedKey?.key) {
            add(`encryptionScopes[${i}].key`, "is in a vault that prepares its move to Azure RBAC (prepareRbacMigration), where the account's grant for this scope is the vault's access policy now and a role on this key after the move, which the account cannot both make under the names the move needs; give the account a shared identity (customerManagedKey.userAssignedIdentity, with each scope's keyAccess made by KeyAccess and its rbacMigrationPart; in stack config, identity), or use the account's key");
        }
        if (scope.keyAccess !== undefined && scope.keyAccessName !== undefined) {
            add(`encryptionScopes[${i}].keyAccessName`, "names a grant the account makes, but keyAccess gives the grant this scope waits for; remove one");
        } else if (scope.keyAccessName === "") {
            add(`encryptionScopes[${i}].keyAccessName`, "is empty; give the key's name (the vault's, for a key in an access-policy vault)");
        }
    });
    issues.push(...scopeKeyAccessIssues(args));
    for (const grant of scopeKeyAccesses(args)) {
        issues.push(...accessPolicyProviderIssues(grant.key.keyVault, undefined, opts, `encryptionScopes[${grant.scopes[0]}].key.keyVault.provider`, "the access policy of the account's grant for this scope"));
    }
    const containers = new Map<string, number>();
    (args.containers ?? []).forEach((container, i) => {
        if (!ENCRYPTION_SCOPE_NAME.test(container.name)) {
            add(`containers[${i}].name`, `"${container.name}" is not a container name: 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit`);
        } else if (containers.has(container.name)) {
            add(`containers[${i}].name`, `"${container.name}" is already used by container ${String(containers.get(container.name))}; names are unique in an account`);
        } else {
            containers.set(container.name, i);
        }
        if (container.encryptionScope !== undefined && !seen.has(container.encryptionScope)) {
            add(`containers[${i}].encryptionScope`, `"${container.encryptionScope}" is not one of this account's encryptionScopes (${[...seen.keys()].join(", ") || "none"})`);
        }
    });
    return issues;
}

/** A grant of the account's identity that encryption scopes wait for, other than the account's own. */
export interface ScopeKeyAccess {
    /** The key it grants: its first scope's. */
    key: KeyReference;
    /** A key in an RBAC vault is granted alone; in an access-policy vault, the account's one policy there covers every key. */
    grants: "key" | "vault";
    /** What it is named for: its scopes' `keyAccessName`, else the key's name (the vault's) when known before deploy. */
    label: string | undefined;
    /** The scopes, by index, that wait for it. */
    scopes: number[];
}

/**
 * The grants the account makes for its encryption scopes: one per key, or per access-policy vault,
 * that no scope's `keyAccess` covers and that is not the account's own key (or its vault's).
 */
export function scopeKeyAccesses(args: Pick<CmkStorageAccountArgs, "customerManagedKey" | "encryptionScopes">): ScopeKeyAccess[] {
    const accountKey = args.customerManagedKey?.key;
    const account = isRecord(accountKey) && isRecord(accountKey.keyVault) ? keyAccessScope(accountKey) : undefined;
    const grants = new Map<object, ScopeKeyAccess>();
    (args.encryptionScopes ?? []).forEach((scope, i) => {
        if (scope.keyAccess !== undefined) return;
        const target = keyAccessScope(scope.key);
        if (target === account) return;
        const grant = grants.get(target) ?? { key: scope.key, grants: scope.key.keyVault.enableRbacAuthorization ? "key" : "vault", label: undefined, scopes: [] };
        grant.scopes.push(i);
        grant.label ??= scope.keyAccessName;
        grants.set(target, grant);
    });
    for (const grant of grants.values()) {
        grant.label ??= known<string>(grant.grants === "key" ? grant.key.keyName : grant.key.keyVault.vaultName);
    }
    return [...grants.values()];
}

/**
 * The grant's resource name, from what it grants rather than from a scope, so that reordering,
 * adding or removing scopes leaves it be. It ends in `-grant`, never in `-key-access`, so it cannot
 * take another grant's earlier name.
 */
export function scopeKeyAccessName(account: string, grant: ScopeKeyAccess): string {
    if (grant.label === undefined) throw new Error(`CmkStorageAccount "${account}": validation let through a scope grant without a name`);
    return `${account}-${grant.label}-${grant.grants}-grant`;
}

/** The names the grant had when it was named for its first scope, whichever scope that was: aliases, so a deployed grant keeps its place. */
export function earlierScopeKeyAccessNames(account: string, scopes: readonly StorageEncryptionScope[], grant: ScopeKeyAccess): string[] {
    return grant.scopes.map((i) => `${account}-${scopes[i].name}-key-access`);
}

/** The scope grants' names: known, one per grant, and not one grant's name another's. */
function scopeKeyAccessIssues(args: Pick<CmkStorageAccountArgs, "customerManagedKey" | "encryptionScopes">): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const scopes = args.encryptionScopes ?? [];
    const named = new Map<string, number>();
    for (const grant of scopeKeyAccesses(args)) {
        const [first] = grant.scopes;
        const what = grant.grants === "key" ? "key" : "vault (an access-policy vault, where one grant covers every key)";
        if (grant.label === undefined) {
            issues.push({ field: `encryptionScopes[${first}].keyAccessName`, message: `is required: the ${what}'s name is not known before deploy (an EncryptionKey's and a KeyVault's are outputs), and the account's grant on it is named for it, so that reordering or removing scopes leaves the grant in place; give the ${grant.grants}'s name` });
            continue;
        }
        const namer = grant.scopes.find((i) => scopes[i].keyAccessName !== undefined);
        for (const i of grant.scopes) {
            const own = scopes[i].keyAccessName;
            if (own !== undefined && own !== grant.label) {
                issues.push({ field: `encryptionScopes[${i}].keyAccessName`, message: `"${own}" differs from "${grant.label}", which encryption scope ${String(namer)} gives: scopes on one ${what} share the account's grant on it, so give them one name` });
            }
        }
        const key = `${grant.grants}:${grant.label}`;
        if (named.has(key)) {
            issues.push({ field: `encryptionScopes[${first}].keyAccessName`, message: `${scopes[first].keyAccessName === undefined ? "is not given, and the default " : ""}"${grant.label}" already names the account's grant for encryption scope ${String(named.get(key))}, on another ${grant.grants}; give each ${grant.grants} its own keyAccessName` });
        } else {
            named.set(key, first);
        }
    }
    return issues;
}

/**
 * What one grant of the account's identity covers, so that scopes sharing it wait for the same
 * one: a key in an RBAC vault, the whole vault in an access-policy vault (one policy per principal
 * covers all its keys).
 */
export function keyAccessScope(key: KeyReference): object {
    return key.keyVault.enableRbacAuthorization ? key : key.keyVault;
}
