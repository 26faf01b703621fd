import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read, sameText, UNKNOWN } from "../lib/values";

type Params = { minRetentionDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-soft-delete",
    description: "Without blob and container soft delete, a deleted blob or container, by mistake or by an attacker, is gone at once; Azure leaves both off on an account made through its API.",
    severity: "medium",
    levels: everywhere("mandatory"),
    frameworks: ["CIS Azure 3.11"],
    mirrors: [
        "Checkov CKV2_AZURE_38",
        "Prowler storage_ensure_soft_delete_is_enabled",
        "PSRule Azure.Storage.SoftDelete",
        "PSRule Azure.Storage.ContainerSoftDelete",
    ],
    resourceTypes: [T.storageAccount, T.blobService],
    stackTrigger: T.storageAccount,
    parameters: {
        minRetentionDays: { schema: { type: "integer", minimum: 1, maximum: 365, description: "Fewest days a deleted blob or container stays restorable (Azure allows 1–365; CIS Azure asks for at least 7)." }, defaults: everywhere(7) },
    },
};

const POLICIES = [
    { property: "deleteRetentionPolicy", noun: "blob soft delete" },
    { property: "containerDeleteRetentionPolicy", noun: "container soft delete" },
] as const;

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { minRetentionDays }) {
        // Each blob service by the account it belongs to: by the account its accountName came from, by that name, or by its id.
        const byUrn = new Map<string, typeof resources>();
        const byName = new Map<string, typeof resources>();
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
            if (services.length === 0) {
                // A blob service whose account cannot be told yet may be this account's.
                if (unplaced) continue;
                violations.push({ urn: account.urn, message: `${label} has no blob service settings, so blob and container soft delete are off and a deletion is final; add a storage.BlobServiceProperties (blobServicesName "default") with deleteRetentionPolicy and containerDeleteRetentionPolicy { enabled: true, days: ${minRetentionDays} or more }.` });
                continue;
            }
            const problems = POLICIES.flatMap(({ property, noun }) => {
                const found = services.map((s) => retentionProblem(read(s.props, property), minRetentionDays));
                // Several blob services of one account are one singleton, the last applied winning: judged only when all fall short.
                if (found.some((p) => typeof p !== "string")) return [];
                return [`${noun} ${found[0] as string} (${property})`];
            });
            if (problems.length === 0) continue;
            violations.push({ urn: account.urn, message: `${label}: ${problems.join("; ")}; set ${POLICIES.map((p) => p.property).join(" and ")} to { enabled: true, days: ${minRetentionDays} or more } on its blob service.` });
        }
        return violations;
    },
};

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
