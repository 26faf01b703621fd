/**
 * A policy config's list of names it allows (`allowedPrincipalNames`, `allowedKeyNames`), as a test
 * of a name in the stack a resource's URN (`urn:pulumi:<stack>::<project>::…`) belongs to. An entry
 * is a name, allowed in every stack the config applies to, or `<project>/<stack>:<name>`, allowed in
 * that stack alone: a Pulumi Cloud policy group gives one config to all its stacks, and any of them
 * may give its own resource the name an entry allows. Names, projects and stacks match in any case.
 */
export function allowedInStack(entries: readonly string[]): (name: string, urn: string) => boolean {
    const anywhere = new Set<string>();
    const inStack = new Set<string>();
    for (const entry of entries) {
        // Pulumi's project and stack names take letters, digits, `-`, `_` and `.`.
        const qualified = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):(.+)$/.exec(entry);
        if (qualified) inStack.add(`${qualified[1]}/${qualified[2]}:${qualified[3]}`.toLowerCase());
        else anywhere.add(entry.toLowerCase());
    }
    return (name, urn) => {
        if (anywhere.has(name.toLowerCase())) return true;
        const at = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
        return at !== null && inStack.has(`${at[2]}/${at[1]}:${name}`.toLowerCase());
    };
}
