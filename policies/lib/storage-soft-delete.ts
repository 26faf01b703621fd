import { T } from "./azure";
import type { ResourceView, StackViolation } from "./rule";
import { storageAccountName } from "./storage-accounts";
import { isUnknown, read, readBoolean, readNumber, sameText, UNKNOWN } from "./values";

/** One of a blob service's soft-delete settings: blob (deleteRetentionPolicy) or container (containerDeleteRetentionPolicy). */
export interface SoftDeleteSetting {
    property: "deleteRetentionPolicy" | "containerDeleteRetentionPolicy";
    noun: string;
}

/**
 * The storage accounts (outputs) whose blob service leaves `setting` off or shorter than
 * `minRetentionDays`; an account with no blob service at all has it off, as Azure leaves it.
 */
export function softDeleteViolations(resources: ResourceView[], setting: SoftDeleteSetting, minRetentionDays: number): StackViolation[] {
    const { property, noun } = setting;
    const accounts = resources.filter((r) => r.type === T.storageAccount);
    const accountUrns = new Set(accounts.map((a) => a.urn));
    // Names of the stack's accounts that are known: ARM names are global, so a blob service named by one is that account's.
    const knownNames = new Set(accounts.map((a) => storageAccountName(a)?.toLowerCase()).filter((n): n is string => n !== undefined));
    // Each blob service by the account it belongs to: by the account its accountName came from, by that name, or by its id.
    const byUrn = new Map<string, ResourceView[]>();
    const byName = new Map<string, ResourceView[]>();
    // Blob services of no account the stack names, known by a name no account of the stack has known: during a
    // first preview, when an account's name is not known yet, any of them may be its own.
    const loose: ResourceView[] = [];
    const unplaced: ResourceView[] = [];
    for (const service of resources) {
        if (service.type !== T.blobService) continue;
        const owners = (service.propertyDependencies?.accountName ?? []).filter((urn) => accountUrns.has(urn));
        for (const urn of owners) push(byUrn, urn, service);
        const account = read(service.props, "accountName");
        const id = read(service.props, "id");
        const name = typeof account === "string" && !isUnknown(account) ? account : typeof id === "string" ? /\/storageAccounts\/([^/]+)\/blobServices\//i.exec(id)?.[1] : undefined;
        if (name !== undefined) push(byName, name.toLowerCase(), service);
        if (owners.length > 0) continue;
        if (name === undefined) unplaced.push(service);
        else if (!knownNames.has(name.toLowerCase())) loose.push(service);
    }
    const violations: StackViolation[] = [];
    for (const account of accounts) {
        const kind = read(account.props, "kind");
        // A FileStorage account has no blob service; its shares' soft delete is another setting.
        if (kind === UNKNOWN || sameText(kind, "FileStorage")) continue;
        const written = storageAccountName(account);
        const name = written?.toLowerCase();
        const services = unique([...(byUrn.get(account.urn) ?? []), ...(name !== undefined ? byName.get(name) ?? [] : [])]);
        // Those that may be this account's too, its own or not: the account's settings are whichever of them applies.
        const possible = unique([...services, ...unplaced, ...(name === undefined ? loose : [])]);
        const label = `Storage account ${written ?? account.name}`;
        const fix = `${property} { enabled: true, days: ${minRetentionDays} or more }`;
        if (services.length === 0) {
            if (possible.length > 0) continue;
            violations.push({ urn: account.urn, message: `${label} has no blob service settings, so ${noun} is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with ${fix}.` });
            continue;
        }
        // Several blob services of one account are one singleton, the last applied winning: judged only when all fall short.
        if (possible.some((s) => typeof retentionProblem(read(s.props, property), minRetentionDays) !== "string")) continue;
        violations.push({ urn: account.urn, message: `${label}: ${noun} ${retentionProblem(read(services[0].props, property), minRetentionDays) as string} (${property}); set ${fix} on its blob service.` });
    }
    return violations;
}

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}

/** Why a retention policy falls short, null when it does not, UNKNOWN when that cannot be told yet. */
function retentionProblem(policy: unknown, minDays: number): string | null | typeof UNKNOWN {
    const enabled = readBoolean(policy, "enabled");
    const days = readNumber(policy, "days");
    if (enabled === UNKNOWN) return UNKNOWN;
    if (enabled !== true) return "is off";
    if (days === UNKNOWN) return UNKNOWN;
    // Enabled without days: Azure keeps its default, which nothing here can read.
    if (typeof days !== "number" || days >= minDays) return null;
    return `keeps deleted items ${days} days, fewer than ${minDays}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
