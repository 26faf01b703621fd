import { T } from "./azure";
import type { ResourceView } from "./rule";
import { read, UNKNOWN, Unknown } from "./values";

/** A storage account's name as written, when its outputs (name) or inputs (accountName) know it. */
export function storageAccountName(account: ResourceView): string | undefined {
    const name = writtenName(account);
    return typeof name === "string" ? name : undefined;
}

function writtenName(account: ResourceView): string | Unknown | undefined {
    const name = read(account.props, "name") ?? read(account.props, "accountName");
    return name === UNKNOWN ? UNKNOWN : typeof name === "string" ? name : undefined;
}

/**
 * The stack's storage account an encryption scope is on: the one its accountName came from, else
 * the one of the name its accountName (inputs) or ARM id (outputs) gives, which is that account's
 * alone, since account names are global. UNKNOWN while that cannot be told (the scope's account,
 * or the name of an account of the stack, not known yet); undefined for an account outside the stack.
 */
export function accountOfScope(scope: ResourceView, resources: readonly ResourceView[]): ResourceView | Unknown | undefined {
    const accounts = resources.filter((r) => r.type === T.storageAccount);
    const owners = accounts.filter((a) => scope.propertyDependencies?.accountName?.includes(a.urn));
    if (owners.length > 0) return owners.length === 1 ? owners[0] : UNKNOWN;
    const written = read(scope.props, "accountName");
    const id = read(scope.props, "id");
    const name = typeof written === "string" ? written : written === undefined && typeof id === "string" ? /\/storageAccounts\/([^/]+)\/encryptionScopes\//i.exec(id)?.[1] : undefined;
    if (name === undefined) return written === UNKNOWN || id === UNKNOWN ? UNKNOWN : undefined;
    const named = accounts.find((a) => storageAccountName(a)?.toLowerCase() === name.toLowerCase());
    if (named !== undefined) return named;
    return accounts.some((a) => writtenName(a) === UNKNOWN) ? UNKNOWN : undefined;
}
