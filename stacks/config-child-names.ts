import { ChildName, clientApplicationChildNames, CHILD_TYPES, cmkStorageAccountChildNames } from "../components/child-names";
import { KeyReference } from "../components/types";
import { clientApplicationArgs, plannedIdentity, scopeGrantLabel, storageAccountArgs } from "./args";
import { ConfigContext } from "./config-context";
import { ConfigIssue, key } from "./config-issue";

/** An entry of a list, with what its component would register under it, each child's argument as a config path. */
interface EntryChildren {
    /** `applications[1]`. */
    path: string;
    name: string;
    children: ChildName[];
}

/**
 * Entries of one list whose components would register a child of one type and name: Pulumi names a
 * child `<entry>-<name>-<role>` and its URN holds the component's type, not the entry's name, so
 * `vendor` with a credential `eu-primary` and `vendor-eu` with `primary` both make
 * `vendor-eu-primary-credential`. The engine refuses the second registration and with it the whole
 * program ("Duplicate resource URN '<urn>'; try giving it a unique name", pulumi/pulumi
 * sdk/go/common/diag/errors.go), naming no config key, and in `pulumi up` only after other resources
 * are made. Reported here at the later entry's setting, naming the earlier one's.
 */
export function childNameClashIssues(ctx: ConfigContext): ConfigIssue[] {
    return [...clashes(applicationChildren(ctx)), ...clashes(storageAccountChildren(ctx))];
}

/** What each application entry's ClientApplication registers, as the program builds its args. */
function applicationChildren(ctx: ConfigContext): EntryChildren[] {
    const { config } = ctx;
    const keyNames = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const)));
    const vaultNames = new Map(config.vaults.map((v) => [v.name.toLowerCase(), v.name] as const));
    const lookup = {
        key: (n: string) => ctx.keys.get(n.toLowerCase()),
        vault: (n: string) => ctx.vaultRefs.get(n.toLowerCase()),
        declared: (list: "keys" | "vaults", n: string) => (list === "keys" ? keyNames : vaultNames).get(n.toLowerCase()),
    };
    return (config.applications ?? []).map((a, i) => ({
        path: `applications[${i}]`,
        name: a.name,
        children: clientApplicationChildNames(a.name, { ...clientApplicationArgs(a, lookup), rbacPropagationWait: config.rbacPropagationWait })
            // A grant is named for the key or vault its access entry names.
            .map((c) => ({ ...c, field: c.field.replace(/^grants\[(\d+)\]$/, (_, j: string) => `access[${j}].${a.access?.[Number(j)].key !== undefined ? "key" : "vault"}`) })),
    }));
}

/**
 * What each storage account entry's CmkStorageAccount registers, as the program builds its args; an
 * entry naming a key the stack lacks is reported as such, and left out here. An account that shares
 * an identity makes no grant of its own: the stack makes the identity's grants, once, at the top.
 */
function storageAccountChildren(ctx: ConfigContext): EntryChildren[] {
    const { config } = ctx;
    const keyOf = (n: string) => ctx.keys.get(n.toLowerCase());
    return (config.storageAccounts ?? []).flatMap((s, i) => {
        const k = keyOf(s.key);
        if (k === undefined || (s.encryptionScopes ?? []).some((e) => keyOf(e.key) === undefined)) return [];
        const scopes = {
            key: (n: string) => keyOf(n) as KeyReference,
            keyAccessName: (n: string) => scopeGrantLabel(keyOf(n) as KeyReference, keyOf(n)?.keyName as string, ctx.vaultOfKey.get(n.toLowerCase())),
        };
        const args = storageAccountArgs(s, config.resourceGroupName, config.location, k, s.identity === undefined ? undefined : plannedIdentity, scopes);
        const children = cmkStorageAccountChildNames(s.name, args)
            .filter((c) => s.identity === undefined || c.type !== CHILD_TYPES.keyAccess)
            // The program names a scope's grant for its key (or the key's vault), which the config's entry names.
            .map((c) => ({ ...c, field: c.field.replace(/\.keyAccessName$/, ".key") }));
        return [{ path: `storageAccounts[${i}]`, name: s.name, children }];
    });
}

/** For each later entry and setting, the first earlier entry with a child of one type and name; entries of one name are the list's duplicates, reported as such. */
function clashes(entries: EntryChildren[]): ConfigIssue[] {
    const seen = new Map<string, { entry: EntryChildren; child: ChildName }>();
    const issues = new Map<string, { at: string; names: string[]; other: string; otherName: string }>();
    for (const entry of entries) {
        for (const child of entry.children) {
            const id = `${child.type}::${child.name}`;
            const first = seen.get(id);
            if (first === undefined) {
                seen.set(id, { entry, child });
                continue;
            }
            if (first.entry.name.toLowerCase() === entry.name.toLowerCase()) continue;
            const at = `${entry.path}.${child.field === "" ? "name" : child.field}`;
            const other = `${first.entry.path}.${first.child.field === "" ? "name" : first.child.field}`;
            const issue = issues.get(`${at}|${other}`) ?? { at, names: [], other, otherName: first.entry.name };
            issue.names.push(child.name);
            issues.set(`${at}|${other}`, issue);
        }
    }
    return [...issues.values()].map(({ at, names, other, otherName }) => ({
        path: key(at),
        message: `makes ${list(names.map((n) => `"${n}"`))}, as ${key(other)} makes under "${otherName}": Pulumi names an entry's resources <entry name>-<name>-<role>, and a URN holds a resource's type and name but not its entry's, so the Pulumi engine would refuse the whole program ("Duplicate resource URN ...; try giving it a unique name"); rename either entry, or either name`,
    }));
}

function list(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
