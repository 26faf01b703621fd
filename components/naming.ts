import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { known, ValidationIssue } from "./validation";

/** Characters of random suffix on generated, globally unique names. */
export const NAME_SUFFIX_LENGTH = 6;

/**
 * How a prefix treats letter case. `keepCase` is for the registry and the AKS cluster, whose
 * generated names have kept the resource name's case from the start: the name is fixed at
 * creation, so lowercasing it now would replace every deployed one.
 */
export interface PrefixOptions {
    keepCase?: boolean;
}

/** A generated name's prefix from a resource name: its letters, digits and hyphens, runs of hyphens as one, none at either end; lowercase unless `keepCase`. */
export function hyphenatedPrefix(name: string, { keepCase = false }: PrefixOptions = {}): string {
    return (keepCase ? name : name.toLowerCase()).replace(/[^a-zA-Z0-9-]/g, "").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
}

/** A generated name's prefix from a resource name, for services that take no hyphen: its letters and digits; lowercase unless `keepCase`. */
export function alphanumericPrefix(name: string, { keepCase = false }: PrefixOptions = {}): string {
    return (keepCase ? name : name.toLowerCase()).replace(/[^a-zA-Z0-9]/g, "");
}

/**
 * `<prefix><separator><6 lowercase letters or digits>`, the suffix kept in state by a
 * `random.RandomString` child, so the name is stable across runs and a destroyed resource's
 * name (which Azure may keep reserved, soft-deleted) never blocks the next deploy.
 */
export function generatedName(resourceName: string, prefix: string, separator: "-" | "", parent: pulumi.Resource): pulumi.Output<string> {
    const suffix = new random.RandomString(`${resourceName}-name-suffix`, {
        length: NAME_SUFFIX_LENGTH,
        lower: true,
        upper: false,
        numeric: true,
        special: false,
    }, { parent });
    return pulumi.interpolate`${prefix}${separator}${suffix.result}`;
}

/** How a generated name reads before deploy: its prefix, then the suffix kept in state. */
export function shownGeneratedName(prefix: string, separator: "-" | ""): string {
    return `${prefix}${separator}<${NAME_SUFFIX_LENGTH} random characters>`;
}

/**
 * An Azure name a component derives from its resource name unless `field` is given: `what` names
 * the resource in the message ("vault"), `from` shows the name a resource name gives.
 */
export interface DerivedName {
    field: string;
    what: string;
    given: boolean;
    from: (resourceName: string) => string;
}

/**
 * The earlier names `aliases` gives the resource, where known now and not its name today: an alias's
 * `name`, or the last part of an alias URN (`urn:pulumi:<stack>::<project>::<type>::<name>`).
 */
export function aliasedNames(name: string, opts?: pulumi.ResourceOptions): string[] {
    const names = (opts?.aliases ?? []).flatMap((alias) => {
        const plain = known<unknown>(alias);
        if (typeof plain === "string") return [plain.split("::").slice(3).join("::")];
        if (typeof plain !== "object" || plain === null || !("name" in plain)) return [];
        const earlier = known<unknown>(plain.name);
        return typeof earlier === "string" ? [earlier] : [];
    });
    return [...new Set(names)].filter((n) => n !== "" && n !== name);
}

/**
 * Each Azure name a rename by `aliases` would change. Aliases keep the component's and its children's
 * URNs (Pulumi's aliases option: renaming a component "preserves its children"), but a name derived
 * from the new resource name is a new Azure name, and Azure renames none of these resources: the
 * provider would replace each. Refused before anything registers, naming the argument that keeps
 * the deployed name. Derived from the earlier name instead, the Azure name would change again once
 * the alias is removed, as Pulumi advises after the migration (Refactoring with aliases).
 */
export function renameIssues(name: string, opts: pulumi.ResourceOptions | undefined, derived: readonly DerivedName[]): ValidationIssue[] {
    const earlier = aliasedNames(name, opts);
    if (earlier.length === 0) return [];
    return derived.filter((d) => !d.given).flatMap((d) => {
        const now = d.from(name);
        const before = earlier.map((e): [string, string] => [e, d.from(e)]).find(([, shown]) => shown !== now);
        if (before === undefined) return [];
        return [{
            field: d.field,
            message: `is not given, so the ${d.what}'s Azure name comes from the resource name: "${now}" for "${name}", where "${before[0]}", its earlier name in aliases, gave "${before[1]}"; Azure cannot rename the ${d.what}, so the rename would replace it with a new one. Give ${d.field} the name the ${d.what} has in Azure (pulumi stack export shows it), and the rename keeps it`,
        }];
    });
}
