import type { RecordedResource } from "../../plan/mocks";

/**
 * What Azure is asked to do when the engine deletes resources, from their registrations: a model of
 * the two teardown paths README describes, for tests that check what a service left in Azure keeps.
 */

/**
 * Resources Azure has no DELETE for: azure-native's Delete PUTs their default body instead
 * (pulumi/pulumi-azure-native provider/pkg/openapi/defaults/defaultResourcesState.go).
 */
const RESET_ON_DELETE: Record<string, string> = {
    "azure-native:sql:EncryptionProtector": "PUT serverKeyType ServiceManaged",
    "azure-native:storage:EncryptionScope": "PUT state Disabled",
    "azure-native:storage:BlobServiceProperties": "PUT {}",
};

/** What the engine answers a protected resource's delete: it stays, in Azure and in the stack's state. */
export const REFUSED = "refused (protected)";

/**
 * The Azure call the engine's delete of `r` makes, or undefined for none: none for a component, a
 * resource neither Azure nor Microsoft Entra (azuread) holds, a retained one, or one whose `deletedWith` resource is deleted in the same run
 * (pulumi/pulumi pkg/resource/deploy/step.go, DeleteStep.Apply, which checks them in that order, after refusing
 * a protected resource: REFUSED). `protect`, `retainOnDelete` and `deletedWith` are as the engine holds them, a
 * parent's taken by a child that sets none (the mocks apply that).
 */
export function azureCallOnDelete(r: RecordedResource, deleting: ReadonlySet<string>): string | undefined {
    if (r.custom && r.protect) return REFUSED;
    if (!r.custom || !(r.type.startsWith("azure-native:") || r.type.startsWith("azuread:")) || r.retainOnDelete) return undefined;
    if (r.deletedWith !== undefined && deleting.has(r.deletedWith)) return undefined;
    return RESET_ON_DELETE[r.type] ?? "DELETE";
}

/** `<name>: <call>` for each of `deleted` that reaches Azure, sorted. */
export function azureCalls(deleted: RecordedResource[]): string[] {
    const deleting = new Set(deleted.map((r) => r.urn));
    return deleted.flatMap((r) => {
        const call = azureCallOnDelete(r, deleting);
        return call === undefined ? [] : [`${r.name}: ${call}`];
    }).sort();
}

/**
 * The resources a run's deletes take out of the stack's state while leaving them in Azure: every one of
 * `deleted` that the engine neither refuses nor asks Azure to delete. Those beside a refused resource that
 * stays in the state are what a later `pulumi up` tries to create again.
 */
export function leftInAzureOnly(deleted: RecordedResource[]): RecordedResource[] {
    const deleting = new Set(deleted.map((r) => r.urn));
    return deleted.filter((r) => r.custom && azureCallOnDelete(r, deleting) === undefined);
}

/**
 * What the engine deletes when an edit drops resources: those registered `before` and not `after`,
 * each as the state holds it (`protect` as `pulumi state unprotect` left it, when `unprotected`).
 */
export function droppedByEdit(before: RecordedResource[], after: RecordedResource[], { unprotected = false } = {}): RecordedResource[] {
    const still = new Set(after.map((r) => r.urn));
    return before.filter((r) => !still.has(r.urn)).map((r) => (unprotected ? { ...r, protect: false } : r));
}

/**
 * What `pulumi destroy --exclude-protected` deletes: everything but each protected resource and what
 * it transitively depends on, its parent, provider, dependencies, property dependencies and
 * `deletedWith` (pulumi/pulumi pkg/cmd/pulumi/operations/destroy.go, getProtectedExcludes). A
 * dependency on a component counts as one on everything under it, as the SDK sends it; a parent
 * is kept alone, not its other children.
 */
export function deletedByDestroyExcludeProtected(rs: RecordedResource[]): RecordedResource[] {
    const children = new Map<string, string[]>();
    for (const r of rs) if (r.parent !== undefined) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const subtree = (urn: string): string[] => [urn, ...(children.get(urn) ?? []).flatMap(subtree)];
    const byUrn = new Map(rs.map((r) => [r.urn, r]));
    const kept = new Set<string>();
    const keep = (urn: string): void => {
        const r = byUrn.get(urn);
        if (kept.has(urn) || r === undefined) return;
        kept.add(urn);
        [r.parent, r.provider, r.deletedWith].filter((d): d is string => d !== undefined).forEach(keep);
        [...r.dependencies, ...Object.values(r.propertyDependencies).flat()].flatMap(subtree).forEach(keep);
    };
    rs.filter((r) => r.protect).forEach((r) => keep(r.urn));
    return rs.filter((r) => !kept.has(r.urn));
}
