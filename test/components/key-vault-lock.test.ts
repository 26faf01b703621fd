import * as pulumi from "@pulumi/pulumi";
import { besideKept, keptOnDelete, lockIssues, lockShapeIssues } from "../../components/key-vault-lock";
import { setAzureMocks } from "../../plan/mocks";

describe("lockShapeIssues", () => {
    test("asks for the lock's kind, naming the kinds it takes", () => {
        expect(lockShapeIssues({ name: "lock-kv" })).toEqual([{ field: "lock.kind", message: "is required: \"CanNotDelete\" or \"None\"" }]);
    });

    test("names a field the lock does not have", () => {
        expect(lockShapeIssues({ kind: "CanNotDelete", level: "CanNotDelete" }).map((i) => i.field)).toEqual(["lock.level"]);
    });

    test("leaves no lock, and a lock of the right shape, alone", () => {
        expect(lockShapeIssues(undefined)).toEqual([]);
        expect(lockShapeIssues({ kind: "None" })).toEqual([]);
        expect(lockShapeIssues({ kind: "CanNotDelete", name: "lock-kv", notes: "holds CMKs" })).toEqual([]);
    });
});

describe("lockIssues", () => {
    test("takes no lock, None, and CanNotDelete with a name and notes Azure takes", () => {
        expect(lockIssues(undefined)).toEqual([]);
        expect(lockIssues({ kind: "None" })).toEqual([]);
        expect(lockIssues({ kind: "CanNotDelete", name: "Nicht löschen (CMK) #1", notes: "n".repeat(512) })).toEqual([]);
        expect(lockIssues({ kind: "CanNotDelete", name: "l".repeat(260) })).toEqual([]);
    });

    test("refuses ReadOnly, which would block the writes that make and rotate the vault's keys, and a kind Azure does not have", () => {
        expect(lockIssues({ kind: "ReadOnly" })).toEqual([
            { field: "lock.kind", message: "is \"ReadOnly\", which blocks every Resource Manager write under the vault: its keys, secrets, rotation policies and the grants on them would fail with ScopeLocked; use \"CanNotDelete\" (the default)" },
        ]);
        expect(lockIssues({ kind: "DoNotDelete" as never })).toEqual([{ field: "lock.kind", message: "\"DoNotDelete\" is not \"CanNotDelete\" or \"None\"" }]);
    });

    test("refuses a name the Management Locks API refuses, quoting at most 40 characters of it", () => {
        const rule = "is not a lock name: 1–260 characters, none of < > % & : \\ ? / or a control character";
        expect(lockIssues({ kind: "CanNotDelete", name: "lock/kv" })).toEqual([{ field: "lock.name", message: `"lock/kv" (7 characters) ${rule}` }]);
        expect(lockIssues({ kind: "CanNotDelete", name: "lock\tkv" }).map((i) => i.field)).toEqual(["lock.name"]);
        // Blank, the name is no path segment at all.
        for (const blank of ["", "   "]) {
            expect(lockIssues({ kind: "CanNotDelete", name: blank })).toEqual([{ field: "lock.name", message: "is blank; give a name, or leave it out for lock-<vault name>" }]);
        }
        expect(lockIssues({ kind: "CanNotDelete", name: "l".repeat(261) })).toEqual([{ field: "lock.name", message: `"${"l".repeat(40)}…" (261 characters) ${rule}` }]);
    });

    test("refuses notes over Azure's 512 characters, beside the other rules the lock breaks", () => {
        expect(lockIssues({ kind: "DoNotDelete" as never, notes: "n".repeat(513) })).toEqual([
            { field: "lock.kind", message: "\"DoNotDelete\" is not \"CanNotDelete\" or \"None\"" },
            { field: "lock.notes", message: "is 513 characters; Azure allows 512" },
        ]);
    });
});

describe("keptOnDelete", () => {
    test("retains on delete what it protects, and sends no retainOnDelete for what it leaves unprotected", () => {
        expect(keptOnDelete(true, undefined, false)).toStrictEqual({ protect: true, retainOnDelete: true });
        expect(keptOnDelete(false, undefined, true)).toStrictEqual({ protect: false });
    });

    test("takes protect by name over the component's own option, and that over the default", () => {
        expect(keptOnDelete(undefined, undefined, true)).toStrictEqual({ protect: true, retainOnDelete: true });
        expect(keptOnDelete(undefined, { protect: false }, true)).toStrictEqual({ protect: false });
        expect(keptOnDelete(true, { protect: false }, true)).toStrictEqual({ protect: true, retainOnDelete: true });
    });

    // An explicit false would stop the engine from copying a wrapper's retainOnDelete: true onto the child.
    test("leaves an unprotected child's retainOnDelete to its parents unless the component gives its own", () => {
        expect(keptOnDelete(false, {}, true)).not.toHaveProperty("retainOnDelete");
        expect(keptOnDelete(false, { retainOnDelete: false }, true)).toStrictEqual({ protect: false, retainOnDelete: false });
    });

    // The engine copies a parent's retainOnDelete only onto a child that sets none: a kept child is sent its own.
    test("keeps in Azure an unprotected child of a component given retainOnDelete: true", () => {
        expect(keptOnDelete(false, { retainOnDelete: true }, true)).toEqual({ protect: false, retainOnDelete: true });
        expect(keptOnDelete(undefined, { protect: false, retainOnDelete: true }, true)).toEqual({ protect: false, retainOnDelete: true });
    });

    test("never lets the component's retainOnDelete: false weaken the protected default", () => {
        expect(keptOnDelete(undefined, { retainOnDelete: false }, true)).toEqual({ protect: true, retainOnDelete: true });
    });
});

describe("besideKept", () => {
    let vault: pulumi.ComponentResource;
    beforeAll(async () => {
        await setAzureMocks();
        vault = new pulumi.ComponentResource("acme:index:Vault", "kept", {});
    });

    // The engine skips deleting a resource whose deletedWith goes in the same run: a lock left on a kept vault stays with it.
    test("leaves what is made beside a kept vault with it in Azure, and never takes a parent's retainOnDelete", () => {
        expect(besideKept(vault, { retainOnDelete: true })).toStrictEqual({ retainOnDelete: false, deletedWith: vault });
    });

    // A lock left on a deleted vault would make Azure refuse its delete (409 ScopeLocked).
    test("deletes what is made beside a vault that is deleted", () => {
        expect(besideKept(vault, {})).toStrictEqual({ retainOnDelete: false });
        expect(besideKept(vault, { retainOnDelete: false })).toStrictEqual({ retainOnDelete: false });
    });
});
