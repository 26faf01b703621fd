import { RunError } from "@pulumi/pulumi/errors";
import { editDistance, ValidationIssue } from "../components/validation";

export const CONFIG_NAMESPACE = "azure-byok";

/** One problem in the stack config: the full config key path and the rule it breaks. */
export interface ConfigIssue {
    path: string;
    message: string;
}

/** Bad stack config, every problem at once, raised before any resource is registered. */
/** A RunError: Pulumi prints its message alone, without the stack of a program that crashed. */
export class ConfigError extends RunError {
    constructor(readonly issues: ConfigIssue[]) {
        super(`The stack config has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

export function key(path: string): string {
    return `${CONFIG_NAMESPACE}:${path}`;
}

function renamed(field: string, names: [RegExp, string][]): string {
    return names.reduce((f, [from, to]) => f.replace(from, to), field);
}

/** A component issue reported at its config path. */
export function at(prefix: string, issues: ValidationIssue[], names: [RegExp, string][] = [], ownGroup = false): ConfigIssue[] {
    return issues.map((i) => {
        const field = renamed(i.field, names);
        // Only an existing vault or identity names a group of its own; any other is the stack's.
        if (field === "resourceGroupName" && !ownGroup) return { path: key("resourceGroupName"), message: i.message };
        // "name" issues are about the entry's name; CMK issues are about the key the entry names.
        const mapped = field === "name" ? "name" : /^customerManagedKey\.key(\.|$)/.test(field) ? "key" : field.replace(/^customerManagedKey\./, "");
        // At the entry's key, say which of the key's (or its vault's) settings the message is about.
        const sub = /^customerManagedKey\.key\.(.+)$/.exec(field)?.[1];
        const message = sub === undefined ? i.message : `the key's ${sub.replace(/^keyVault\./, "vault's ")} ${i.message}`;
        return { path: key(`${prefix}.${mapped}`), message };
    });
}

/** The known name closest to a misspelt one, when it is close enough to be the one meant. */
export function closest(name: string, known: string[]): string | undefined {
    // A near spelling first (enablePurgeProtecton is enablePurgeProtection, not the protect it contains), then a part of a name.
    const best = known.map((k) => ({ k, d: editDistance(name, k) })).sort((a, b) => a.d - b.d)[0];
    if (best !== undefined && best.d <= Math.max(2, Math.floor(name.length / 3))) return best.k;
    return known.find((k) => k.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(k.toLowerCase()));
}

/** Entries after the first that share a name (in any case, within a scope), each named with the first's config path. */
export function duplicates<T>(items: T[] | undefined, nameOf: (item: T) => string | undefined, path: (i: number) => string, what: string, scopeOf: (item: T) => string = () => ""): ConfigIssue[] {
    const seen = new Map<string, number>();
    const issues: ConfigIssue[] = [];
    (items ?? []).forEach((item, i) => {
        const name = nameOf(item);
        if (name === undefined) return;
        const n = `${scopeOf(item)}/${name.toLowerCase()}`;
        const first = seen.get(n);
        if (first !== undefined) {
            issues.push({ path: key(path(i)), message: `"${name}" is already used by ${key(path(first))}; ${what} names must be unique` });
        } else {
            seen.set(n, i);
        }
    });
    return issues;
}
