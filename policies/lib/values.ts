/**
 * Reading resource properties the way the analyzer hands them over: plain JSON in which a value
 * the engine cannot know yet (during `pulumi preview`) is one of the SDK's unknown sentinels.
 *
 * The analyzer wraps properties in a proxy that throws on reading an unknown, which the SDK turns
 * into an advisory "can't run policy during preview". Rules here read through property
 * descriptors instead, which bypass that proxy, so an unknown is seen and skipped, never reported.
 */

/** A value that is not known until the deployment runs. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

// The sentinels of @pulumi/policy's proxy.ts and @pulumi/pulumi's runtime/rpc.ts (string, number,
// boolean, array, asset, archive, object), as the engine sends them.
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

/** Own property of an object, without triggering the analyzer's unknown-checking proxy. */
function own(value: unknown, key: string | number): unknown {
    if (value === null || typeof value !== "object") {
        return undefined;
    }
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

/**
 * The value at `path`: `UNKNOWN` when it or any object on the way is unknown, `undefined` when absent
 * or `null`. ARM takes a null property in a PUT as unset (its default applies), while the SDK's
 * deserializeProperty keeps null as null: reading both as absent judges them alike.
 */
export function read(root: unknown, ...path: (string | number)[]): unknown {
    let current: unknown = root;
    for (const key of path) {
        if (isUnknown(current)) {
            return UNKNOWN;
        }
        current = own(current, key);
    }
    return isUnknown(current) ? UNKNOWN : current ?? undefined;
}

/**
 * A boolean at `path` as the resource providers read one: ARM's JSON deserialisation (Newtonsoft.Json)
 * converts "true" and "false", in any case, to the property's boolean, and Python programs, Go's
 * pulumi.Any and config-fed values send them so. Any other value comes back as `read` gives it
 * (`UNKNOWN`, `undefined`, or a value that is no boolean, such as "yes", judged as one as before).
 */
export function readBoolean(root: unknown, ...path: (string | number)[]): unknown {
    const value = read(root, ...path);
    return typeof value === "string" && /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value;
}

/**
 * A number at `path` as the resource providers read one: a finite number, or a decimal-integer string
 * ("7", "4096"), which ARM's JSON deserialisation converts to the property's integer. Any other value
 * comes back as `read` gives it (`UNKNOWN`, `undefined`, or a value that is no number, judged as one as before).
 */
export function readNumber(root: unknown, ...path: (string | number)[]): unknown {
    const value = read(root, ...path);
    return typeof value === "string" && /^[-+]?\d+$/.test(value) ? Number(value) : value;
}

/** The elements of an array at `path`, each possibly `UNKNOWN` (or `undefined` for a null entry, kept in place so indices still name entries); `UNKNOWN` for an unknown array, `[]` when absent. */
export function list(root: unknown, ...path: (string | number)[]): unknown[] | Unknown {
    const value = read(root, ...path);
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (!Array.isArray(value)) {
        return [];
    }
    const length = value.length;
    const items: unknown[] = [];
    for (let i = 0; i < length; i++) {
        items.push(read(value, i));
    }
    return items;
}

/** The own keys of an object at `path` (e.g. a map of identity ids); `UNKNOWN` when unknown. */
export function keys(root: unknown, ...path: (string | number)[]): string[] | Unknown {
    const value = read(root, ...path);
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    return value !== null && typeof value === "object" && !Array.isArray(value) ? Reflect.ownKeys(value).filter((k): k is string => typeof k === "string") : [];
}

/** Case-insensitive string equality, the way ARM compares names and enum values. */
export function sameText(value: unknown, expected: string): boolean {
    return typeof value === "string" && value.toLowerCase() === expected.toLowerCase();
}

/** An ISO-8601 duration (`P90D`, `P1Y`, `P2M`, `PT12H`) in days, or `undefined` when it is not one. Years count 365 days, months 30. */
export function durationDays(value: unknown): number | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
    if (!match || value === "P" || value.endsWith("T")) {
        return undefined;
    }
    const [y, mo, w, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0));
    return y * 365 + mo * 30 + w * 7 + d + h / 24 + mi / 1440 + s / 86400;
}

/** A Go duration as azuread's `endDateRelative` takes it (`8760h`, `720h30m`) in days, or `undefined`. */
export function goDurationDays(value: unknown): number | undefined {
    if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/.test(value)) return undefined;
    const unit: Record<string, number> = { h: 1 / 24, m: 1 / 1440, s: 1 / 86400, ms: 1 / 86400000, us: 1 / 86400000000, ns: 1 / 86400000000000 };
    let days = 0;
    for (const [, amount, , u] of value.matchAll(/(\d+(\.\d+)?)(h|ms|us|ns|m|s)/g)) {
        days += Number(amount) * unit[u];
    }
    return days;
}

/**
 * How an expiry in epoch seconds falls short of `minDays` from now ("expires on 2026-06-21, 20 days
 * from now" or "expired on 2026-05-01"); `undefined` when it is far enough ahead or not a known number.
 */
export function expiresTooSoon(expires: unknown, minDays: number): string | undefined {
    if (typeof expires !== "number" || !Number.isFinite(expires)) return undefined;
    const days = (expires * 1000 - Date.now()) / 86_400_000;
    if (days >= minDays) return undefined;
    const date = new Date(expires * 1000).toISOString().slice(0, 10);
    return days < 0 ? `expired on ${date}` : `expires on ${date}, ${Math.floor(days)} days from now`;
}
