import * as pulumi from "@pulumi/pulumi";
import { validateCustomerManagedKey } from "./customer-managed-key";
import { KeyReference, VaultReference } from "./types";
import { ArgSpec, isRecord, keyReferenceShapeIssues, known, quoteValue, shapeIssues, ShowValue, ValidationIssue } from "./validation";

/**
 * A key a SQL server holds beside its TDE protector (Azure's "server keys"): never the protector, but one a
 * restore or a geo-secondary can use, such as a primary's protector key on its secondary.
 */
export interface SqlServerKey {
    /** Required. An RSA key of 2048 or 3072 bits with wrapKey and unwrapKey, in a purge-protected vault; not the protector's key nor another entry's, unless both pin different versions. */
    key: KeyReference;
    /** Optional. The version the server holds (32 hex characters). Defaults to the key's current version when the server key is made, which it keeps: Azure brings a geo-primary's later versions to its secondary itself. */
    keyVersion?: string;
    /** Optional. Names the entry's resources, `<server>-additional-key-<name>`, so that they stay in place when the list is reordered: letters, digits and hyphens, not the position of an entry without a name. Defaults to the entry's position. */
    name?: string;
}

/** How CmkSqlServer reads each of `additionalKeys`: the key decides the grant and the server key's name before deploy. */
export const SQL_SERVER_KEY_ARGS = { key: "object", keyVersion: "string", name: "string" } as const satisfies ArgSpec<SqlServerKey>;

/** The key sizes SQL takes for a TDE protector or server key (Microsoft's "Azure SQL transparent data encryption with customer-managed key"). */
export const SQL_TDE_KEY_SIZES: readonly number[] = [2048, 3072];

/** The most characters SQL takes in a Key Vault server key's vault and key names together (Microsoft's "Rotate the TDE protector"). */
export const SQL_SERVER_KEY_NAMES_MAX = 94;

/** A name as a message shows it (quoted, `[secret]`, or a generated one's pattern) and its length in Azure. */
export interface ShownName {
    shown: string;
    length: number;
}

/** A name as given, quoted unless `show` says otherwise. */
export const shownName = (name: string, show: ShowValue = quoteValue): ShownName => ({ shown: show(name), length: name.length });

/** Why SQL would refuse a server key of vault `vault` and key `key`, or undefined when it takes it. */
export function serverKeyNamesProblem(vault: ShownName, key: ShownName): string | undefined {
    const total = vault.length + key.length;
    if (total <= SQL_SERVER_KEY_NAMES_MAX) return undefined;
    return `is key ${key.shown} (${key.length} characters) of vault ${vault.shown} (${vault.length}), ${total} characters together, but SQL takes a key whose vault and key names come to ${SQL_SERVER_KEY_NAMES_MAX} at most; use a key name of at most ${SQL_SERVER_KEY_NAMES_MAX - vault.length} characters, or a vault with a shorter name`;
}

/** The rules SQL holds any of its keys to beyond every CMK key's: its size and its names' length, where known. */
export function sqlKeyIssues(key: KeyReference, field: string): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const keyName = known<string>(key.keyName);
    if (key.keySize !== undefined && !SQL_TDE_KEY_SIZES.includes(key.keySize)) {
        issues.push({ field: `${field}.keySize`, message: `is ${key.keySize} bits${keyName ? ` (key ${keyName})` : ""}, but SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit key (the default)` });
    }
    // Names given as Outputs (an EncryptionKey's) are checked once they resolve, in the constructor.
    const vaultName = known<string>(key.keyVault.vaultName);
    const names = vaultName === undefined || keyName === undefined ? undefined : serverKeyNamesProblem(shownName(vaultName), shownName(keyName));
    if (names !== undefined) issues.push({ field, message: names });
    return issues;
}

/** Whether two references name one vault: the same object, or the same id or name where those are known. */
export function sameVault(a: VaultReference, b: VaultReference): boolean {
    if (a === b) return true;
    const [idA, idB] = [known<string>(a.id), known<string>(b.id)];
    if (idA && idB) return idA.toLowerCase() === idB.toLowerCase();
    const [nameA, nameB] = [known<string>(a.vaultName), known<string>(b.vaultName)];
    return nameA !== undefined && nameB !== undefined && nameA.toLowerCase() === nameB.toLowerCase();
}

/** Whether two references name one key: the same object, or the same id or vault and key names where those are known. */
export function sameKey(a: KeyReference, b: KeyReference): boolean {
    if (a === b) return true;
    const [idA, idB] = [known<string>(a.id), known<string>(b.id)];
    if (idA && idB) return idA.toLowerCase() === idB.toLowerCase();
    const [keyA, keyB] = [known<string>(a.keyName), known<string>(b.keyName)];
    return keyA !== undefined && keyB !== undefined && keyA.toLowerCase() === keyB.toLowerCase() && sameVault(a.keyVault, b.keyVault);
}

/**
 * Whether two server keys could be one version of one key: the same key, unless both pin versions and they differ. A key
 * unpinned is at its current version when its server key is made, which may be the other's.
 */
export function sameHeldKey(a: { key: KeyReference; keyVersion?: string }, b: { key: KeyReference; keyVersion?: string }): boolean {
    return sameKey(a.key, b.key) && (a.keyVersion === undefined || b.keyVersion === undefined || a.keyVersion === b.keyVersion);
}

/** Every rule `additionalKeys` break, beside the protector `protector`: each a usable SQL key, none a version the protector or another entry may hold. */
export function sqlServerKeysIssues(keys: readonly SqlServerKey[] | undefined, protector: { key: KeyReference; keyVersion?: string }, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    if (!Array.isArray(keys)) return [];
    const issues: ValidationIssue[] = [];
    // The entries of a right shape, by position, for the rules that compare one with those before it.
    const checked: (SqlServerKey | undefined)[] = [];
    keys.forEach((k, i) => {
        // As an untyped caller may give it: the shape is checked before any rule reads it.
        const entry: unknown = k;
        const field = `additionalKeys[${i}]`;
        // A key given where `{ key }` belongs (an EncryptionKey has a `key` too: its keyvault.Key).
        if (isRecord(entry) && entry.keyOps !== undefined && entry.keyVault !== undefined) {
            issues.push({ field, message: "is a key; give it as { key: <the key> }, with keyVersion and name beside it where needed" });
            checked.push(undefined);
            return;
        }
        const shape = shapeIssues(entry, SQL_SERVER_KEY_ARGS, field, { required: { key: "the key the server holds, as { key: <an EncryptionKey or a KeyReference> }" }, closed: true });
        if (isRecord(entry) && isRecord(entry.key)) shape.push(...keyReferenceShapeIssues(entry.key, `${field}.key`));
        if (shape.length > 0) {
            issues.push(...shape);
            checked.push(undefined);
            return;
        }
        // The grant made for it is the server's: refused, like the protector's, where its provider cannot reach the vault.
        issues.push(...validateCustomerManagedKey({ key: k.key, keyVersion: k.keyVersion }, field, "wrap", undefined, opts), ...sqlKeyIssues(k.key, `${field}.key`));
        if (sameHeldKey(k, protector)) {
            issues.push({ field: `${field}.key`, message: "is the protector's key (customerManagedKey.key), which the server holds already; name another key" });
        }
        if (k.name !== undefined && !/^[A-Za-z0-9-]{1,127}$/.test(k.name)) {
            issues.push({ field: `${field}.name`, message: `"${k.name}" is not an entry name: 1–127 letters, digits and hyphens` });
        }
        // An entry without a name is named by its position.
        const unnamed = k.name === undefined || !/^\d+$/.test(k.name) ? -1 : keys.findIndex((other, j) => String(j) === k.name && isRecord(other) && other.name === undefined);
        if (unnamed >= 0) {
            issues.push({ field: `${field}.name`, message: `"${k.name}" is the name additionalKeys[${unnamed}] takes by its position, having none; name that entry, or this one otherwise` });
        }
        const first = checked.findIndex((other) => other !== undefined && sameHeldKey(other, k));
        // A key given twice is reported once, as a key, whatever its entries are named.
        const named = first >= 0 || k.name === undefined ? -1 : checked.findIndex((other) => other?.name?.toLowerCase() === k.name?.toLowerCase());
        checked.push(k);
        if (first >= 0) issues.push({ field: `${field}.key`, message: `is the key of additionalKeys[${first}] too; a server holds each key version once` });
        if (named >= 0) issues.push({ field: `${field}.name`, message: `"${k.name}" names additionalKeys[${named}] too; each entry's resources need a name of their own` });
    });
    return issues;
}
