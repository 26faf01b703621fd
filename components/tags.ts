import * as pulumi from "@pulumi/pulumi";
import { isDeployTime, kindOf, known, ValidationIssue } from "./validation";

/**
 * Azure resource tags: a plain map, each value a string or an Output of one. Not an Output of the
 * whole map: the names are held to Azure's limits before anything is registered.
 */
export type ResourceTags = Record<string, pulumi.Input<string>>;

/**
 * Azure's tag limits. Any resource: Azure Resource Manager's ("Use tags to organize your Azure resources", Limitations).
 * Key Vault keys and secrets take fewer: "Key Vault supports up to 15 tags" (learn.microsoft.com/azure/key-vault/keys/
 * about-keys-details, "Key tags", and .../secrets/about-secrets, "Secret tags"); a key's names are at most 256 characters,
 * a secret's 512 as any resource's (MicrosoftDocs/azure-docs#117407 corrected the secret page from 256 to the portal's 512).
 * Key Vault refuses more with 400 BadParameter "Property has invalid value" (hashicorp/terraform-provider-azurerm#16780).
 */
export const TAG_LIMITS = {
    perResource: 50,
    nameLength: 512,
    /** A storage account's tag names are shorter. */
    storageAccountNameLength: 128,
    valueLength: 256,
    nameForbidden: /[<>%&\\?/]/,
    /** A Key Vault key's or secret's tags. */
    perKeyVaultObject: 15,
    /** A Key Vault key's tag names. */
    keyNameLength: 256,
} as const;

/** What tags go on: any Azure resource, a storage account (shorter names), a Key Vault key or secret (fewer tags). */
export type TagTarget = "resource" | "storageAccount" | "key" | "secret";

/** Each target's limits, and how a message names it. */
const TARGETS: Record<TagTarget, { count: number; nameLength: number; noun: string; on: string }> = {
    resource: { count: TAG_LIMITS.perResource, nameLength: TAG_LIMITS.nameLength, noun: "an Azure resource", on: "" },
    storageAccount: { count: TAG_LIMITS.perResource, nameLength: TAG_LIMITS.storageAccountNameLength, noun: "an Azure resource", on: " on a storage account" },
    key: { count: TAG_LIMITS.perKeyVaultObject, nameLength: TAG_LIMITS.keyNameLength, noun: "a Key Vault key", on: " on a Key Vault key" },
    secret: { count: TAG_LIMITS.perKeyVaultObject, nameLength: TAG_LIMITS.nameLength, noun: "a Key Vault secret", on: " on a Key Vault secret" },
};

export interface TagCheckOptions {
    /** What the tags go on; with several, each rule is held to the strictest of their limits. Defaults to `"resource"`. */
    on?: TagTarget | readonly TagTarget[];
    /** Where the tags go, by target, for a message to name (`key "cmk" (azure-byok:vaults[0].keys[0])`). Defaults to none. */
    reaching?: Partial<Record<TagTarget, string>>;
    /** The field the issues are reported at. Defaults to `"tags"`. */
    field?: string;
}

/**
 * Names every JavaScript object has (toString, constructor, __proto__, ...): a tag of such a name
 * replaces the member that Pulumi's SDK, and the config's parser, call on the tags object.
 */
export const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
export const RESERVED_TAG_NAME = "is a name every JavaScript object has, which a tag cannot take here: Pulumi's SDK and the config's parser use the member it would replace; name the tag otherwise";

/**
 * Every limit the tags break, each naming the tag (`tags.owner`, `tags["cost/center"]`); empty when valid or not
 * known yet. `on` applies a storage account's shorter names, or a Key Vault key's or secret's fewer tags.
 */
export function validateTags(tags: ResourceTags | undefined, options: TagCheckOptions = {}): ValidationIssue[] {
    // An Output of the map, from an untyped caller, is the argument shape check's to refuse.
    const plain = known(tags);
    if (plain === undefined) return [];
    const field = options.field ?? "tags";
    const issues: ValidationIssue[] = [];
    const entries = Object.entries(plain);
    const targets = [options.on ?? "resource"].flat();
    const count = strictest(targets, "count", options.reaching);
    if (entries.length > count.limit) {
        const reaching = count.places === "" ? "" : `, which go on ${count.places}`;
        issues.push({ field, message: `has ${entries.length} tags${reaching}; ${count.nouns} takes at most ${count.limit} (put related values in one tag as JSON)` });
    }
    const nameLimit = strictest(targets, "nameLength", options.reaching);
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
        if (name.length > nameLimit.limit) {
            const goes = nameLimit.places === "" ? "" : ` and goes on ${nameLimit.places}`;
            issues.push({ field: at, message: `is ${name.length} characters${goes}; a tag name is at most ${nameLimit.limit}${nameLimit.on}` });
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

/**
 * The strictest of the targets' limits on `rule`, with how a message names it: by the targets that set it (a generic one
 * among them, the resource's, names none) and where tags on those go.
 */
function strictest(targets: TagTarget[], rule: "count" | "nameLength", reaching: TagCheckOptions["reaching"] = {}): { limit: number; nouns: string; on: string; places: string } {
    const limit = Math.min(...targets.map((t) => TARGETS[t][rule]));
    const binding = targets.filter((t) => TARGETS[t][rule] === limit);
    const generic = binding.includes("resource") || (rule === "count" && binding.includes("storageAccount"));
    const keyAndSecret = binding.includes("key") && binding.includes("secret");
    const nouns = generic ? TARGETS.resource.noun : keyAndSecret ? "a Key Vault key or secret" : TARGETS[binding[0]].noun;
    const on = generic ? "" : binding.map((t) => TARGETS[t].on).join(" or");
    const places = generic ? [] : binding.flatMap((t) => reaching[t] ?? []);
    return { limit, nouns, on, places: places.join(" and ") };
}
