import * as pulumi from "@pulumi/pulumi";
import type { IdentityReference, KeyReference, VaultReference } from "./types";
// One table of region pairs for the components and the pack, which ships on its own and so keeps it.
import { PAIRED_REGION, ZONELESS_REGIONS } from "./region-pairs";

/** One broken rule: the argument's path, and the rule with the value that broke it. */
export interface ValidationIssue {
    field: string;
    message: string;
}

/**
 * Thrown by a component's constructor before it registers anything, listing every problem
 * at once so that a user fixes them in one pass. A RunError: Pulumi prints its message alone,
 * without the stack of a program that crashed.
 */
export class ValidationError extends pulumi.RunError {
    constructor(
        readonly component: string,
        readonly issues: ValidationIssue[],
    ) {
        super(`${component}: invalid arguments:\n${issues.map((i) => `  - ${i.field}: ${i.message}`).join("\n")}`);
        this.name = "ValidationError";
    }
}

/** Throws a ValidationError naming the component when any issue was found. */
export function throwIfInvalid(component: string, issues: ValidationIssue[]): void {
    if (issues.length > 0) {
        throw new ValidationError(component, issues);
    }
}

/** The value when it is known now (a plain value), `undefined` for Outputs and Promises resolved later. */
export function known<T>(value: T | PromiseLike<unknown> | { apply: unknown } | undefined): T | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "object" && ("apply" in value || "then" in value)) {
        return undefined;
    }
    return value as T;
}

/** How a message shows the value it is about. */
export type ShowValue = (value: string) => string;

/** A plain value, or an Output's that is no secret: quoted, as every rule's message has it. */
export const quoteValue: ShowValue = (value) => `"${value}"`;

/** A value a message shows as it is (a region). */
export const asGiven: ShowValue = (value) => value;

/**
 * A URL without the parts that carry its credential: its user and password, and its query and
 * fragment (a Logic App's `sig`, a Function's `code`). Azure's own errors show an endpoint so.
 */
export function urlWithoutCredential(url: string): string {
    const trimmed = url.trim();
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(trimmed)?.[0] ?? "";
    const rest = trimmed.slice(scheme.length);
    const query = rest.search(/[?#]/);
    // An "@" past a "?" or "#" may end a password that holds one: where the host starts is unknowable, so nothing after the scheme is shown.
    if (query >= 0 && rest.includes("@", query)) return `${scheme}…`;
    const beforeQuery = query < 0 ? rest : rest.slice(0, query);
    // The user info runs to the last "@": a password may hold "/", which RFC 3986 forbids and people write anyway.
    return `${scheme}${beforeQuery.slice(beforeQuery.lastIndexOf("@") + 1)}`;
}

/** A Service Bus, Event Hubs or Storage connection string, or a SAS token: `Name=value` pairs (after its endpoint, too: `sb://ns.../;SharedAccessKey=`). */
const KEY_VALUE_PAIRS = /^\??[A-Za-z][A-Za-z0-9 ]*=|;\s*[A-Za-z][A-Za-z0-9 ]*=/;
/** A resource path as ARM writes one, which holds no credential and may be shown. */
const RESOURCE_PATH = /^(?=.*\/(subscriptions|resourceGroups|providers)\/)\/[^?#;=@&+\s]*$/i;

/**
 * Why a value is not the resource id a field takes. What is pasted there instead often carries a
 * credential (a Function's URL with its `code`, a connection string with its key), so only a
 * resource path is shown as given, a URL without its credential, and anything else not at all.
 */
export function notAnId(value: string, what: string, show: ShowValue = quoteValue, urlAdvice = ""): string {
    const trimmed = value.trim();
    if (KEY_VALUE_PAIRS.test(trimmed)) return `is a connection string or token (not shown: it carries a key), not ${what}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
        const shown = urlWithoutCredential(trimmed);
        const as = show !== quoteValue ? show(trimmed) : `"${shown}"${shown.length < trimmed.length ? " (its credential left out)" : ""}`;
        return `${as} is a URL, not ${what}${urlAdvice}`;
    }
    if (RESOURCE_PATH.test(trimmed)) return `${show(trimmed)} is not ${what}`;
    return `is not ${what} (the value is not shown: it is not a resource path, and may be a key)`;
}

/** Why an Entra object id (a principal, owner or reader) is not one, as a message shows the value; undefined when it is. */
export function objectIdProblem(id: string, show: ShowValue = quoteValue): string | undefined {
    return GUID_PATTERN.test(id) ? undefined : `${show(id)} is not an object id (a GUID)`;
}

/**
 * The rule of a service that takes keys only from a vault in its own region, as validation and
 * checkedAllOnResolve take it ([vault's region, service's region]): `service` names the service's
 * place ("the server"), `rule` says Azure's rule after the semicolon.
 */
export function vaultRegionProblem(service: string, rule: string): (regions: string[], show?: (ShowValue | undefined)[]) => string | undefined {
    return ([vaultRegion, region], [showVault = asGiven, showRegion = asGiven] = []) =>
        sameRegion(vaultRegion, region) ? undefined : `is a key of a vault in ${showVault(vaultRegion)}, but ${service} is in ${showRegion(region)}; ${rule}`;
}

/** entraAdministratorIdIssues' rule for one of the administrator's ids, as checkedOnResolve takes it. */
export function administratorIdProblem(field: "administrator.objectId" | "administrator.tenantId"): (id: string) => string | undefined {
    return (id) => entraAdministratorIdIssues({ objectId: id, tenantId: id }).find((issue) => issue.field === field)?.message;
}

/** A secret's value in a message: as Pulumi shows one. */
export const SECRET_VALUE_SHOWN = "[secret]";

/**
 * `value` as a component passes it on, held to the rule `problemOf` that validation applies to a plain value
 * (the same function, so the message is the same). A plain value (or none) comes back as given, so nothing
 * registered changes. An Output or Promise comes back as an Output of the same value, resources and
 * secretness that, once the value resolves and breaks the rule, fails with the ValidationError the plain
 * value gets: at preview when the value is known then (a config secret), else at deploy, and before Azure
 * is sent it. A secret's value is shown as `[secret]`.
 */
export function checkedOnResolve(component: string, field: string, value: pulumi.Input<string>, problemOf: (resolved: string, show: ShowValue) => string | undefined): pulumi.Input<string>;
export function checkedOnResolve(component: string, field: string, value: pulumi.Input<string> | undefined, problemOf: (resolved: string, show: ShowValue) => string | undefined): pulumi.Input<string> | undefined;
export function checkedOnResolve(component: string, field: string, value: pulumi.Input<string> | undefined, problemOf: (resolved: string, show: ShowValue) => string | undefined): pulumi.Input<string> | undefined {
    if (value === undefined || !isDeployTime(value)) return value;
    const given = pulumi.output(value);
    return given.apply(async (resolved) => {
        // Undefined is a value not given, as a plain one; an Output of another type (from JavaScript, or a cast) is held to its type as a plain value is.
        if (resolved === undefined) return resolved;
        const hidden = await pulumi.isSecret(given);
        const problem = typeof resolved === "string" ? problemOf(resolved, hidden ? () => SECRET_VALUE_SHOWN : quoteValue) : argTypeProblem(resolved, "input", false);
        if (problem === undefined) return resolved;
        // A rule that quotes its value without `show` (a shared one, such as a subnet id's) still never shows a secret.
        const message = hidden && resolved !== "" ? [JSON.stringify(resolved), quoteValue(resolved)].reduce((m, quoted) => m.split(quoted).join(SECRET_VALUE_SHOWN), problem) : problem;
        throw new ValidationError(component, [{ field, message }]);
    });
}

/**
 * `value` as a component passes it on, held to a rule `problemOf` that compares values given apart (`compared`,
 * such as a key's vault region and the service's), as validation applies it when all are plain. When every
 * compared value is plain (validation has judged them) or one is not given (the rule does not apply), `value`
 * comes back as given. Else it comes back as an Output of the same value that, once all resolve and break the
 * rule, fails with the ValidationError the plain values get; like `pulumi.all`, it is unknown while any of them
 * is, and secret if any is. `problemOf` is told how to show each value: `undefined` as its plain message shows
 * it, or as `[secret]`.
 */
export function checkedAllOnResolve(component: string, field: string, value: pulumi.Output<string>, compared: readonly (pulumi.Input<string | undefined> | undefined)[], problemOf: (resolved: string[], shows: (ShowValue | undefined)[]) => string | undefined): pulumi.Output<string>;
export function checkedAllOnResolve(component: string, field: string, value: pulumi.Input<string>, compared: readonly (pulumi.Input<string | undefined> | undefined)[], problemOf: (resolved: string[], shows: (ShowValue | undefined)[]) => string | undefined): pulumi.Input<string>;
export function checkedAllOnResolve(component: string, field: string, value: pulumi.Input<string>, compared: readonly (pulumi.Input<string | undefined> | undefined)[], problemOf: (resolved: string[], shows: (ShowValue | undefined)[]) => string | undefined): pulumi.Input<string> {
    if (compared.some((c) => c === undefined) || !compared.some(isDeployTime)) return value;
    const outputs = compared.map((c) => pulumi.output(c));
    // One Output, not the value's nesting a check's: a failure then reaches the engine once, through the value.
    return pulumi.all([value, pulumi.all(outputs)]).apply(async ([resolved, values]) => {
        // A compared value of another type is its own field's concern; this rule reads strings.
        if (!values.every((v): v is string => typeof v === "string")) return resolved;
        const hidden = await Promise.all(outputs.map((o) => pulumi.isSecret(o)));
        const problem = problemOf(values, hidden.map((h) => (h ? () => SECRET_VALUE_SHOWN : undefined)));
        if (problem !== undefined) throw new ValidationError(component, [{ field, message: problem }]);
        return resolved;
    });
}

/** A region by its name, as ARM answers with it ("westeurope"), however it was given ("West Europe"). */
export function regionName(location: string): string {
    return location.toLowerCase().replace(/\s+/g, "");
}

/** Whether two region names are one region as ARM reads them ("West Europe", "westeurope"). */
export function sameRegion(a: string, b: string): boolean {
    return regionName(a) === regionName(b);
}


/** Where the list of region pairs is, for messages about a region's pair. */
export const REGION_PAIRS_SOURCE = "https://learn.microsoft.com/azure/reliability/regions-paired";

/** Microsoft's list of regions with their pairs and availability zones, for messages. */
export const REGIONS_LIST_SOURCE = "https://learn.microsoft.com/azure/reliability/regions-list";

/** A region's geo-paired region by name ("northeurope" for "West Europe"), or undefined for a region without one. */
export function pairedRegion(location: string): string | undefined {
    const region = regionName(location);
    return Object.hasOwn(PAIRED_REGION, region) ? PAIRED_REGION[region] : undefined;
}

/**
 * Whether Microsoft's regions list shows the region without availability zones (ZONELESS_REGIONS), where
 * Azure refuses every zonal setting: zone-redundant storage, a zone-redundant standby, a zone of its own.
 * False for a region with zones, and for one newer than the list, which is Azure's to judge.
 */
export function regionHasNoZones(location: string): boolean {
    return ZONELESS_REGIONS.includes(regionName(location));
}

/** The region by name when it is known now and has no availability zones (regionHasNoZones); undefined otherwise, as for a region given as an Output or left to the resource group's. */
export function zonelessRegion(location: unknown): string | undefined {
    return typeof location === "string" && regionHasNoZones(location) ? regionName(location) : undefined;
}

/** How a message says that a region has no availability zones, with Microsoft's list as its source. */
export function noZonesIn(region: string): string {
    return `${region} has no availability zones (${REGIONS_LIST_SOURCE})`;
}

/** Key Vault's rule for a key's or secret's name. */
export const KEY_VAULT_OBJECT_NAME = /^[a-zA-Z0-9-]{1,127}$/;

/** Written without the i flag so that the stack config's JSON Schema (which has no flags) says the same. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An Entra administrator's object and tenant ids, where known now: GUIDs, as ARM takes them (a tenant's domain is refused there). */
export function entraAdministratorIdIssues(admin: { objectId: pulumi.Input<string>; tenantId?: pulumi.Input<string> }): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const objectId = known<string>(admin.objectId);
    if (objectId !== undefined && !GUID_PATTERN.test(objectId)) {
        issues.push({ field: "administrator.objectId", message: `"${objectId}" is not an object id (a GUID)` });
    }
    const tenantId = known<string>(admin.tenantId);
    if (tenantId !== undefined && !GUID_PATTERN.test(tenantId)) {
        issues.push({ field: "administrator.tenantId", message: `"${tenantId}" is not a tenant id (a GUID): Azure takes the directory's id here, not one of its domains` });
    }
    return issues;
}

/**
 * An ARM resource id of one type, `/subscriptions/<guid>/resourceGroups/<rg>/providers/<provider>/<type>/<name>`
 * (with child types after it): its pattern, each name a group in order, and its shape, for messages.
 */
export function armResourceId(provider: string, ...types: string[]): { pattern: RegExp; shape: string } {
    const escaped = provider.replace(/\./g, "\\.");
    // No control characters in a name: "[^/]+" alone would take an id pasted with its newline.
    const names = types.map((t) => `\\/${t}\\/([^/\\x00-\\x1f]+)`).join("");
    const pattern = new RegExp(`^\\/subscriptions\\/[0-9a-f-]{36}\\/resourceGroups\\/[^/\\x00-\\x1f]+\\/providers\\/${escaped}${names}$`, "i");
    return { pattern, shape: `/subscriptions/<guid>/resourceGroups/<rg>/providers/${provider}${types.map((t) => `/${t}/<name>`).join("")}` };
}

/**
 * The resource group a component creates its resources in: required, a string, and not blank when
 * known now (Azure would answer `ResourceGroupNotFound ''` only once the first resource is sent).
 */
export function resourceGroupNameIssues(value: unknown, field = "resourceGroupName"): ValidationIssue[] {
    if (value === undefined || value === null) {
        return [{ field, message: "is required: the resource group the component's resources are created in" }];
    }
    if (typeof value === "string") {
        return value.trim() === "" ? [{ field, message: `${JSON.stringify(value)} is blank; name the resource group the component's resources are created in` }] : [];
    }
    return isDeployTime(value) ? [] : [{ field, message: `is ${kindOf(value)}, not a resource group's name (a string)` }];
}

/**
 * How a component reads one argument. `input` is an `Input<string>`: it may be an Output (it is only
 * passed on), and a plain value is a string; `region` is an `input` naming a region, never blank; `inputs`
 * a list of them. The others are plain values the component decides with before deploy (what to create,
 * which rules apply): `strings` is a list of plain strings, `list` a list whose items are checked on their own.
 * `tags` is a plain map whose values may be Outputs: Azure's limits on the names are checked before deploy.
 */
export type ArgType = "input" | "region" | "inputs" | "string" | "number" | "boolean" | "list" | "strings" | "object" | "tags" | "resource";

/** The argument types that can read a value of type V: `input`, `region` and `inputs` only where the interface says `Input<string>` (or a list of them), `tags` where it says a map of them, `resource` where it says a Pulumi resource. */
export type ArgTypeFor<V> =
    | Exclude<ArgType, "input" | "region" | "inputs" | "tags" | "resource">
    | ([V] extends [pulumi.Input<string | undefined>] ? "input" | "region" : never)
    | ([V] extends [readonly pulumi.Input<string>[]] ? "inputs" : never)
    | ([V] extends [Record<string, pulumi.Input<string>>] ? "tags" : never)
    | ([V] extends [pulumi.Resource] ? "resource" : never);

/** Every argument of an args object and how it is read: typed against the interface (`satisfies ArgSpec<…Args>`), so the two cannot drift. */
export type ArgSpec<T> = { [K in keyof T]-?: ArgTypeFor<NonNullable<T[K]>> };

/** Whether a value is known only at deploy: an Output, or a Promise. */
export function isDeployTime(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");
}

/** A plain object of named values (not a list, an Output or a Promise). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !isDeployTime(value);
}

/**
 * What a value is, in words, for a message that says what was given instead: `a string ("30")`,
 * `a list`, `an Output`; a string or number only as `a string`, `a number` where `quote` is false (a credential may have been pasted there).
 */
export function kindOf(value: unknown, quote = true): string {
    if (pulumi.Output.isInstance(value)) return "an Output";
    if (isDeployTime(value)) return "a Promise";
    if (Array.isArray(value)) return "a list";
    if (value === null) return "null";
    if (value === undefined) return "undefined";
    if (typeof value === "string") return !quote ? "a string" : `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    if (typeof value === "object") return "an object";
    // A number is held back too where quoting is off: a PIN-like password may be given as one.
    return `a ${typeof value}${(typeof value === "number" && quote) || typeof value === "boolean" ? ` (${String(value)})` : ""}`;
}

const EXPECTED: Record<ArgType, string> = {
    input: "a string",
    region: "a region's name (a string)",
    inputs: "a list of strings ([…])",
    string: "a string",
    number: "a number",
    boolean: "true or false",
    list: "a list ([…])",
    strings: "a list of strings ([…])",
    object: "an object ({…})",
    tags: "a map of tag names to values ({ name: value })",
    resource: "a Pulumi resource (the KeyAccess, or another resource, whose deploy the service waits for)",
};

/** What a `null` argument is told: JavaScript and JSON write it for "no value", which an argument says by being left out. */
export const NULL_ARGUMENT = "is null; leave the argument out to take its default";

/** Why a given value cannot be read as `type`; undefined when it can (or is not given). `quote` as kindOf's. */
export function argTypeProblem(value: unknown, type: ArgType, quote = true): string | undefined {
    if (value === undefined) return undefined;
    // Refused rather than read as "not given": the rules test `!== undefined`, and a null read as a default would be a silent fix.
    if (value === null) return NULL_ARGUMENT;
    if (isDeployTime(value)) {
        if (type === "tags") return `is ${kindOf(value)}; give a plain map, whose values may be Outputs: Azure's limits on tag names and their count are checked before deploy`;
        return type === "input" || type === "region" ? undefined : `is ${kindOf(value)}; this argument takes a plain value (it decides what is created before deploy), not one known only at deploy`;
    }
    if (type === "region" && typeof value === "string" && value.trim() === "") return `${JSON.stringify(value)} is blank; name a region, such as "westeurope", or leave location out to take the default`;
    const fits = type === "list" || type === "strings" || type === "inputs" ? Array.isArray(value)
        : type === "object" || type === "tags" ? isRecord(value)
        : type === "resource" ? pulumi.Resource.isInstance(value)
        : type === "input" || type === "region" ? typeof value === "string"
        : typeof value === type;
    return fits ? undefined : `is ${kindOf(value, quote)}, not ${EXPECTED[type]}`;
}

/** Why an item of a `strings` (plain) or `inputs` list cannot be read; undefined when it can. */
function listItemProblem(item: unknown, type: "strings" | "inputs", quote: boolean): string | undefined {
    if (item === undefined || item === null) return `is ${kindOf(item)}, not a string`;
    return argTypeProblem(item, type === "strings" ? "string" : "input", quote);
}

export interface ShapeOptions {
    /** The arguments that must be given, each with what it is, for the message. */
    required?: Record<string, string>;
    /** Whether names the spec does not list are refused (args objects), or let be (references, such as a `KeyVault` given as a `VaultReference`, which carry more). */
    closed?: boolean;
    /** Names other tools give an argument (Azure Verified Modules' `name`), and this one's name for it. */
    renamed?: Record<string, string>;
    /** False where a credential may be pasted by mistake (a client secret, a storage queue's connection string): a string given is then not quoted. */
    quoted?: boolean;
    /** The arguments where a credential may be pasted one level too high (`clientSecrets: "<the secret>"`): a string given there is never quoted. */
    unquoted?: readonly string[];
}

/**
 * The shape of one args object reported under `field` ("" at the top): an object, the required
 * arguments given, each argument of the type it is read as, and, when closed, no name the
 * component does not read (with the nearest it does). Rules on values come after the shape holds.
 */
export function shapeIssues(value: unknown, spec: Readonly<Record<string, ArgType>>, field: string, options: ShapeOptions = {}): ValidationIssue[] {
    const at = (name: string) => (field === "" ? name : `${field}.${name}`);
    const required = options.required ?? {};
    if (!isRecord(value)) {
        const needs = Object.keys(required);
        return [{
            field: field === "" ? "args" : field,
            message: value === undefined
                ? `is required: an object${needs.length > 0 ? ` with at least ${needs.join(", ")}` : ""}`
                : `is ${kindOf(value, options.quoted ?? true)}, not an object ({…})`,
        }];
    }
    const issues: ValidationIssue[] = [];
    if (options.closed) {
        // TypeScript's excess-property check misses spreads and variables, and JavaScript has none.
        const known = Object.keys(spec);
        for (const [name, given] of Object.entries(value)) {
            if (given === undefined || Object.prototype.hasOwnProperty.call(spec, name)) continue;
            const near = options.renamed?.[name] ?? closestName(name, known);
            issues.push({ field: at(name), message: `is not an argument here; ${near !== undefined ? `did you mean "${near}"?` : `the arguments are ${known.join(", ")}`}` });
        }
    }
    for (const [name, what] of Object.entries(required)) {
        if (value[name] === undefined || value[name] === null) issues.push({ field: at(name), message: `is required: ${what}` });
    }
    for (const [name, type] of Object.entries(spec) as [string, ArgType][]) {
        // A required argument given as null is reported above, as missing.
        if (value[name] === null && Object.prototype.hasOwnProperty.call(required, name)) continue;
        const quote = (options.quoted ?? true) && !(options.unquoted ?? []).includes(name);
        const problem = argTypeProblem(value[name], type, quote);
        if (problem !== undefined) {
            issues.push({ field: at(name), message: problem });
        } else if ((type === "strings" || type === "inputs") && Array.isArray(value[name])) {
            (value[name] as unknown[]).forEach((item, i) => {
                const itemProblem = listItemProblem(item, type, quote);
                if (itemProblem !== undefined) issues.push({ field: `${at(name)}[${i}]`, message: itemProblem });
            });
        }
    }
    return issues;
}

/** The shape of each item of a list argument already known to be a list (or not given), under `field[i]`. */
export function listShapeIssues(list: unknown, spec: Readonly<Record<string, ArgType>>, field: string, options: ShapeOptions = {}): ValidationIssue[] {
    return Array.isArray(list) ? list.flatMap((item, i) => shapeIssues(item, spec, `${field}[${i}]`, options)) : [];
}

/**
 * The known name a misspelt one means: a near spelling first (`softDeleteRetentionDays`), then the
 * one known name that contains it or that it contains; undefined when none stands out.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
    const best = known.map((k) => ({ k, d: editDistance(name, k) })).sort((a, b) => a.d - b.d)[0];
    if (best !== undefined && best.d <= Math.max(2, Math.floor(name.length / 3))) return best.k;
    const lower = name.toLowerCase();
    const containing = known.filter((k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()));
    return containing.length === 1 ? containing[0] : undefined;
}

/** Levenshtein distance, letters compared without case. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            prev = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

const VAULT_REFERENCE = {
    id: "input",
    vaultName: "input",
    resourceGroupName: "input",
    vaultUri: "input",
    sku: "string",
    enableRbacAuthorization: "boolean",
    prepareRbacMigration: "boolean",
    enablePurgeProtection: "boolean",
    tenantId: "input",
    location: "region",
    softDeleteRetentionInDays: "number",
    networkAccess: "object",
    provider: "object",
    deletedWith: "object",
} as const satisfies ArgSpec<VaultReference>;

/** A vault's `networkAccess`: as a `KeyVault` exposes it, or described by hand (bypass may be left out: it is then not judged). */
const VAULT_NETWORK_ACCESS = {
    publicNetworkAccess: "string",
    defaultAction: "string",
    bypass: "string",
} as const satisfies ArgSpec<NonNullable<VaultReference["networkAccess"]>>;
const VAULT_NETWORK_ACCESS_VALUES: Record<keyof typeof VAULT_NETWORK_ACCESS, readonly string[]> = {
    publicNetworkAccess: ["Enabled", "Disabled"],
    defaultAction: ["Allow", "Deny"],
    bypass: ["AzureServices", "None"],
};

const KEY_REFERENCE = {
    id: "input",
    keyUri: "input",
    keyUriWithVersion: "input",
    keyName: "input",
    kty: "string",
    keySize: "number",
    keyOps: "strings",
    keyVault: "object",
    rotationPolicy: "object",
} as const satisfies ArgSpec<KeyReference>;

const IDENTITY_REFERENCE = { id: "input", clientId: "input", principalId: "input" } as const satisfies ArgSpec<IdentityReference>;

/**
 * A vault reference's shape under `field`: a `KeyVault` and `existingKeyVault` always have it; one
 * described by hand is held to it. Other members (a `KeyVault`'s children) are let be.
 */
export function vaultReferenceShapeIssues(vault: unknown, field: string): ValidationIssue[] {
    const issues = shapeIssues(vault, VAULT_REFERENCE, field, {
        required: {
            id: "the vault's ARM id",
            vaultName: "the vault's name",
            resourceGroupName: "the vault's resource group",
            vaultUri: "the vault's URI",
            sku: "\"premium\" or \"standard\"",
            enableRbacAuthorization: "true for an Azure RBAC vault, false for access policies",
            enablePurgeProtection: "whether the vault has purge protection",
            tenantId: "the vault's tenant",
        },
    });
    // Closed, and held to Azure's values as KeyVault sends them: a misspelt field or a value in another case
    // ("disabled") would otherwise leave a vault that keeps a service out unjudged.
    if (isRecord(vault) && isRecord(vault.networkAccess)) {
        const at = `${field}.networkAccess`;
        const shape = shapeIssues(vault.networkAccess, VAULT_NETWORK_ACCESS, at, {
            required: { publicNetworkAccess: "\"Enabled\" or \"Disabled\"", defaultAction: "the firewall's default action, \"Allow\" or \"Deny\"" },
            closed: true,
        });
        issues.push(...shape);
        if (shape.length === 0) {
            for (const [name, values] of Object.entries(VAULT_NETWORK_ACCESS_VALUES)) {
                const value = vault.networkAccess[name];
                if (value !== undefined && !values.includes(String(value))) issues.push({ field: `${at}.${name}`, message: `"${String(value)}" is not ${values.map((v) => `"${v}"`).join(" or ")}` });
            }
        }
    }
    return issues;
}

/** A key reference's shape under `field`, its vault's included; an `EncryptionKey` and `existingEncryptionKey` always have it. */
export function keyReferenceShapeIssues(key: unknown, field: string): ValidationIssue[] {
    const issues = shapeIssues(key, KEY_REFERENCE, field, {
        required: {
            id: "the key's ARM id",
            keyUri: "the key's versionless URI",
            keyUriWithVersion: "the key's URI with its current version",
            keyName: "the key's name",
            kty: "the key type (RSA-HSM, RSA, EC-HSM or EC)",
            keyOps: "the list of operations the key allows, such as [\"wrapKey\", \"unwrapKey\"]",
            keyVault: "the key's vault (a KeyVault or a VaultReference)",
        },
    });
    return isRecord(key) && isRecord(key.keyVault) ? [...issues, ...vaultReferenceShapeIssues(key.keyVault, `${field}.keyVault`)] : issues;
}

/** A user-assigned identity reference's shape under `field`. */
export function identityReferenceShapeIssues(identity: unknown, field: string): ValidationIssue[] {
    return shapeIssues(identity, IDENTITY_REFERENCE, field, {
        required: { id: "the identity's ARM id", clientId: "the identity's client id", principalId: "the identity's principal (object) id" },
    });
}
