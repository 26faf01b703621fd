import { T } from "./azure";
import type { ResourceView, StackViolation } from "./rule";
import { isUnknown, read, sameText, UNKNOWN } from "./values";

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
    // Each blob service by the account it belongs to: by the account its accountName came from, by that name, or by its id.
    const byUrn = new Map<string, ResourceView[]>();
    const byName = new Map<string, ResourceView[]>();
    let unplaced = false;
    for (const service of resources) {
        if (service.type !== T.blobService) continue;
        for (const urn of service.propertyDependencies?.accountName ?? []) push(byUrn, urn, service);
        const account = read(service.props, "accountName");
        const id = read(service.props, "id");
        const name = typeof account === "string" ? account : typeof id === "string" ? /\/storageAccounts\/([^/]+)\/blobServices\//i.exec(id)?.[1] : undefined;
        if (name !== undefined) push(byName, name.toLowerCase(), service);
        else if ((service.propertyDependencies?.accountName ?? []).length === 0) unplaced = true;
    }
    const violations: StackViolation[] = [];
    for (const account of resources) {
        if (account.type !== T.storageAccount) continue;
        const kind = read(account.props, "kind");
        // A FileStorage account has no blob service; its shares' soft delete is another setting.
        if (kind === UNKNOWN || sameText(kind, "FileStorage")) continue;
        const name = read(account.props, "name") ?? read(account.props, "accountName");
        if (isUnknown(name)) continue;
        const services = [...(byUrn.get(account.urn) ?? []), ...(typeof name === "string" ? byName.get(name.toLowerCase()) ?? [] : [])];
        const label = typeof name === "string" ? `Storage account ${name}` : `Storage account ${account.name}`;
        const fix = `${property} { enabled: true, days: ${minRetentionDays} or more }`;
        if (services.length === 0) {
            // A blob service whose account cannot be told yet may be this account's.
            if (unplaced) continue;
            violations.push({ urn: account.urn, message: `${label} has no blob service settings, so ${noun} is off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with ${fix}.` });
            continue;
        }
        const found = services.map((s) => retentionProblem(read(s.props, property), minRetentionDays));
        // Several blob services of one account are one singleton, the last applied winning: judged only when all fall short.
        if (found.some((p) => typeof p !== "string")) continue;
        violations.push({ urn: account.urn, message: `${label}: ${noun} ${found[0] as string} (${property}); set ${fix} on its blob service.` });
    }
    return violations;
}

/** Why a retention policy falls short, null when it does not, UNKNOWN when that cannot be told yet. */
function retentionProblem(policy: unknown, minDays: number): string | null | typeof UNKNOWN {
    const enabled = read(policy, "enabled");
    const days = read(policy, "days");
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
