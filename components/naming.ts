import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Characters of random suffix on generated, globally unique names. */
export const NAME_SUFFIX_LENGTH = 6;

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
