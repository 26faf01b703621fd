import type { CmkStorageAccountArgs, StorageContainer, StorageEncryptionScope } from "./cmk-storage-account";
import { validateCustomerManagedKey } from "./customer-managed-key";
import { KeyReference } from "./types";
import { ArgSpec, isRecord, keyReferenceShapeIssues, listShapeIssues, ValidationIssue } from "./validation";

export const STORAGE_ENCRYPTION_SCOPE_ARGS = { name: "string", key: "object", keyVersion: "string", keyAccess: "resource" } as const satisfies ArgSpec<StorageEncryptionScope>;
const STORAGE_CONTAINER_ARGS = { name: "string", encryptionScope: "string" } as const satisfies ArgSpec<StorageContainer>;

/** Encryption scope and blob container names: Azure writes the same rule for both. */
const ENCRYPTION_SCOPE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

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

/** Every rule the encryption scopes and the containers held to them break: names, unique in the account; each scope's key; each container's scope one of the account's. */
export function encryptionScopeIssues(args: Pick<CmkStorageAccountArgs, "customerManagedKey" | "encryptionScopes" | "containers">): ValidationIssue[] {
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
    });
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

/**
 * What one grant of the account's identity covers, so that scopes sharing it wait for the same
 * one: a key in an RBAC vault, the whole vault in an access-policy vault (one policy per principal
 * covers all its keys).
 */
export function keyAccessScope(key: KeyReference): object {
    return key.keyVault.enableRbacAuthorization ? key : key.keyVault;
}
