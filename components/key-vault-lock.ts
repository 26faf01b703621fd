import type * as pulumi from "@pulumi/pulumi";
import type { Lock } from "./types";
import { ArgSpec, isRecord, shapeIssues, ValidationIssue } from "./validation";

// The Management Locks REST reference: "a maximum of 260 characters. It cannot contain <, > %, &, :, \, ?,
// /, or any control characters". Microsoft's naming table is stricter (1-90 alphanumerics, ._-()), but
// refusing what the API takes would replace deployed locks named with spaces or non-ASCII letters.
const LOCK_NAME = /^[^<>%&:\\?/\x00-\x1f]{1,260}$/;

const LOCK_ARGS = { kind: "string", name: "string", notes: "string" } as const satisfies ArgSpec<Lock>;

/** The shape of the lock from an untyped caller: its kind given, its fields of their types, and no others. */
export function lockShapeIssues(lock: unknown): ValidationIssue[] {
    return isRecord(lock) ? shapeIssues(lock, LOCK_ARGS, "lock", { required: { kind: "\"CanNotDelete\" or \"None\"" }, closed: true }) : [];
}

/** Every rule the vault's lock breaks: a kind that leaves the vault's keys writable, a name and notes Azure takes. */
export function lockIssues(lock: Lock | undefined): ValidationIssue[] {
    if (lock === undefined) return [];
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (lock.kind === "ReadOnly") {
        add("lock.kind", "is \"ReadOnly\", which blocks every Resource Manager write under the vault: its keys, secrets, rotation policies and the grants on them would fail with ScopeLocked; use \"CanNotDelete\" (the default)");
    } else if (!["CanNotDelete", "None"].includes(lock.kind)) {
        add("lock.kind", `"${String(lock.kind)}" is not "CanNotDelete" or "None"`);
    }
    if (lock.name !== undefined && lock.name.trim() === "") {
        // The name is the lock's path segment: blank, it names no lock.
        add("lock.name", "is blank; give a name, or leave it out for lock-<vault name>");
    } else if (lock.name !== undefined && !LOCK_NAME.test(lock.name)) {
        add("lock.name", `"${lock.name.length > 40 ? `${lock.name.slice(0, 40)}…` : lock.name}" (${lock.name.length} characters) is not a lock name: 1–260 characters, none of < > % & : \\ ? / or a control character`);
    }
    if (lock.notes !== undefined && lock.notes.length > 512) {
        add("lock.notes", `is ${lock.notes.length} characters; Azure allows 512`);
    }
    return issues;
}

/**
 * Pulumi's options that keep a vault, key, service or identity: `protect` (given by name, else the
 * component's own option, else `defaultProtect`), and `retainOnDelete` with it, so that one unprotected
 * by hand (`pulumi state unprotect`, the engine's advice when it refuses a delete) and then dropped from
 * the program leaves the stack's state only, never Azure. `protect: false` is how to let it be deleted;
 * the component's own `retainOnDelete: true` still keeps it in Azure. Not kept and given no
 * `retainOnDelete` of its own, the child is sent none, so that the engine copies a parent's onto it
 * (pulumi/pulumi pkg/resource/deploy/source_eval.go, inheritFromParent): a wrapper component given
 * `retainOnDelete: true`, Pulumi's way to retain a subtree, keeps it in Azure too.
 */
export function keptOnDelete(protect: boolean | undefined, opts: pulumi.ResourceOptions | undefined, defaultProtect: boolean): { protect: boolean; retainOnDelete?: boolean } {
    const kept = protect ?? opts?.protect ?? defaultProtect;
    if (!kept && opts?.retainOnDelete === undefined) return { protect: kept };
    return { protect: kept, retainOnDelete: kept || opts?.retainOnDelete === true };
}

/** Pulumi's options for what a component makes beside a vault or service it keeps: see `besideKept`. */
export interface BesideOptions {
    retainOnDelete: false;
    deletedWith?: pulumi.Resource;
}

/**
 * Pulumi's options for what a component makes beside `of`, a vault or service (its lock, access
 * policies, diagnostic settings, private endpoints, event subscriptions): never a parent's
 * `retainOnDelete`, which the engine would copy onto a child that sets none, so one removed from its
 * list (the lock by `lock: { kind: "None" }`) is deleted in Azure; and, while `of` is kept in Azure
 * when it leaves the stack, left there with it (`deletedWith`: the engine skips the delete of a
 * resource whose `deletedWith` goes in the same run). Not for one `of` deleted: a lock left on it
 * would make Azure refuse its delete (409 ScopeLocked), a private endpoint would outlive it. Kept means
 * by the component's own options (`kept.retainOnDelete` true, keptOnDelete): a `retainOnDelete` that a
 * wrapper of the user's passes down is not known here, so under one alone these go as the wrapper leaves.
 */
export function besideKept(of: pulumi.Resource, kept: { retainOnDelete?: boolean }): BesideOptions {
    return { retainOnDelete: false, ...(kept.retainOnDelete ? { deletedWith: of } : {}) };
}
