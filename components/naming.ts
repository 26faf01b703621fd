import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

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
