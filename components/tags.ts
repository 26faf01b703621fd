import * as pulumi from "@pulumi/pulumi";
import { isDeployTime, kindOf, known, ValidationIssue } from "./validation";

/**
 * Azure resource tags: a plain map, each value a string or an Output of one. Not an Output of the
 * whole map: the names are held to Azure's limits before anything is registered.
 */
export type ResourceTags = Record<string, pulumi.Input<string>>;

/** Azure Resource Manager's tag limits ("Use tags to organize your Azure resources", Limitations). */
export const TAG_LIMITS = {
    perResource: 50,
    nameLength: 512,
    /** A storage account's tag names are shorter. */
    storageAccountNameLength: 128,
    valueLength: 256,
    nameForbidden: /[<>%&\\?/]/,
} as const;

/**
 * Names every JavaScript object has (toString, constructor, __proto__, ...): a tag of such a name
 * replaces the member that Pulumi's SDK, and the config's parser, call on the tags object.
 */
export const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
export const RESERVED_TAG_NAME = "is a name every JavaScript object has, which a tag cannot take here: Pulumi's SDK and the config's parser use the member it would replace; name the tag otherwise";

/**
 * Every limit the tags break, each naming the tag (`tags.owner`, `tags["cost/center"]`); empty when valid or not
 * known yet. `storageAccount` applies a storage account's shorter name limit.
 */
export function validateTags(tags: ResourceTags | undefined, options: { storageAccount?: boolean; field?: string } = {}): ValidationIssue[] {
    // An Output of the map, from an untyped caller, is the argument shape check's to refuse.
    const plain = known(tags);
    if (plain === undefined) return [];
    const field = options.field ?? "tags";
    const issues: ValidationIssue[] = [];
    const entries = Object.entries(plain);
    if (entries.length > TAG_LIMITS.perResource) {
        issues.push({ field, message: `has ${entries.length} tags; an Azure resource takes at most ${TAG_LIMITS.perResource} (put related values in one tag as JSON)` });
    }
    const nameLimit = options.storageAccount ? TAG_LIMITS.storageAccountNameLength : TAG_LIMITS.nameLength;
    // A name that reads as an identifier is written as one, as config paths write keys.
    const pathOf = (name: string) => (/^[A-Za-z_][\w]*$/.test(name) ? `${field}.${name}` : `${field}[${JSON.stringify(name)}]`);
    const seen = new Map<string, string>();
    for (const [name, value] of entries) {
        const at = pathOf(name);
        const first = seen.get(name.toLowerCase());
        if (first !== undefined) {
            issues.push({ field: at, message: `is ${pathOf(first)} in another case; Azure tag names ignore case, so one would overwrite the other` });
        }
        seen.set(name.toLowerCase(), first ?? name);
        if (name.trim().length === 0) {
            issues.push({ field: at, message: "is an empty tag name" });
        } else if (OBJECT_MEMBER_NAMES.has(name)) {
            issues.push({ field: at, message: RESERVED_TAG_NAME });
        } else if (TAG_LIMITS.nameForbidden.test(name)) {
            issues.push({ field: at, message: "has a character Azure refuses in tag names: < > % & \\ ? /" });
        }
        if (name.length > nameLimit) {
            issues.push({ field: at, message: `is ${name.length} characters; a tag name is at most ${nameLimit}${options.storageAccount ? " on a storage account" : ""}` });
        }
        // ARM's tags are string to string: a number or boolean would reach Azure as whatever the provider makes of it.
        // An undefined value is left out when Pulumi sends the tags (runtime/rpc.js), as a spread leaves it.
        if (value === undefined) continue;
        if (typeof value !== "string" && !isDeployTime(value)) {
            issues.push({ field: at, message: `is ${kindOf(value)}, not a string: Azure tag values are text${typeof value === "number" || typeof value === "boolean" ? `; give "${String(value)}"` : ""}` });
            continue;
        }
        const text = known<string>(value);
        if (text !== undefined && text.length > TAG_LIMITS.valueLength) {
            issues.push({ field: at, message: `has a value of ${text.length} characters; a tag value is at most ${TAG_LIMITS.valueLength}` });
        }
    }
    return issues;
}
