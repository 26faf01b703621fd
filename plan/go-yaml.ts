import type { ScalarTag } from "yaml";

/**
 * How the Pulumi CLI reads a YAML scalar: gopkg.in/yaml.v3's resolver (resolve.go `resolve`, v3.0.1,
 * which sdk/go/common/encoding/marshal.go uses since Pulumi v3.50.0), then the stack file's round
 * trip through Go values (workspace/loaders.go LoadProjectStackBytes decodes it into `any`,
 * re-encodes and decodes it again) and config.Value's conversion (resource/config/object.go
 * unmarshalObject). A scalar that reads as a number, boolean or date is one by the time the
 * program sees it: `0123` is 83, `yes` stays text.
 */
export type GoScalar =
    | { kind: "null" }
    | { kind: "bool"; value: boolean }
    | { kind: "int"; value: bigint }
    | { kind: "float"; value: number }
    /** A time.Time, as config.Value hands it over: its String(), "2006-01-02 15:04:05.999999999 -0700 MST". */
    | { kind: "timestamp"; text: string }
    | { kind: "str"; value: string };

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT64_MAX = 2n ** 64n - 1n;

/** resolve.go resolveMapList: the only spellings read as booleans, nulls and the float specials. */
const RESOLVE_MAP: Record<string, GoScalar> = Object.fromEntries([
    ...["true", "True", "TRUE"].map((s) => [s, { kind: "bool", value: true }]),
    ...["false", "False", "FALSE"].map((s) => [s, { kind: "bool", value: false }]),
    ...["", "~", "null", "Null", "NULL"].map((s) => [s, { kind: "null" }]),
    ...[".nan", ".NaN", ".NAN"].map((s) => [s, { kind: "float", value: NaN }]),
    ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s) => [s, { kind: "float", value: Infinity }]),
    ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, { kind: "float", value: -Infinity }]),
]);

/** resolve.go yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** resolve.go's resolveTable: only a scalar starting with one of these (or empty) can be other than text. */
const HINTED = /^(?:$|[-+0-9yYnNtTfFoO~.])/;

const SHORT_TAGS = ["null", "bool", "str", "int", "float", "timestamp"] as const;
type ShortTag = (typeof SHORT_TAGS)[number];

/**
 * yaml.v3's `resolve(tag, in)` for a plain scalar (tag "") or one with an explicit standard tag;
 * throws as yaml.v3 does when an explicit tag does not fit (`!!int abc`).
 */
export function resolveGoYaml(text: string, tag: ShortTag | "" = ""): GoScalar {
    if (tag === "str") return { kind: "str", value: text };
    const resolved = resolveUntagged(text, tag === "" || tag === "timestamp");
    if (tag === "" || tag === resolved.kind) return resolved;
    if (tag === "float" && resolved.kind === "int") return { kind: "float", value: Number(resolved.value) };
    throw new Error(`cannot decode !!${resolved.kind} \`${text}\` as a !!${tag}`);
}

function resolveUntagged(text: string, timestamps: boolean): GoScalar {
    if (!HINTED.test(text)) return { kind: "str", value: text };
    if (Object.hasOwn(RESOLVE_MAP, text)) return RESOLVE_MAP[text];
    const first = text[0];
    if (first === ".") {
        // strconv.ParseFloat on the text as written (no `_`); out of range is an error, so text.
        const value = /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : NaN;
        return Number.isFinite(value) ? { kind: "float", value } : { kind: "str", value: text };
    }
    if (!/[-+0-9]/.test(first)) return { kind: "str", value: text };
    if (timestamps) {
        const time = goTimestamp(text);
        if (time !== undefined) return { kind: "timestamp", text: time };
    }
    // The `_` are dropped before the number is read: 1_000 is 1000.
    const plain = text.replaceAll("_", "");
    const int = goParseInt(plain);
    if (int !== undefined && int >= INT64.min && int <= UINT64_MAX && (int <= INT64.max || !/^[-+]/.test(plain))) return { kind: "int", value: int };
    if (YAML_STYLE_FLOAT.test(plain)) {
        const value = Number(plain);
        if (Number.isFinite(value)) return { kind: "float", value };
    }
    return { kind: "str", value: text };
}

/**
 * strconv.ParseInt(s, 0, 64)'s syntax: a sign, then 0x, 0o or 0b and digits of that base, or a
 * leading 0 and octal digits (0123 is 83; 089 is no integer), or decimal digits.
 */
function goParseInt(s: string): bigint | undefined {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (m === null) return undefined;
    const digits = m[2];
    const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    return m[1] === "-" ? -magnitude : magnitude;
}

/** resolve.go allowedTimestampFormats, as Go's time.Parse reads them (one- or two-digit fields, any run of spaces, `,` or `.` before a fraction). */
const TIMESTAMP_FORMATS = [
    /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/,
    /^(\d{4})-(\d{1,2})-(\d{1,2}) +(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?()$/,
    /^(\d{4})-(\d{1,2})-(\d{1,2})()()()()()$/,
];

/**
 * The time.Time String() that Pulumi hands a program for an unquoted timestamp, or undefined when
 * Go's time.Parse refuses it (a month 13, a February 30, an hour 24). The wall clock is kept as
 * written. A zero offset (Z, +00:00, or none) comes back as `+0000 UTC`: the round trip writes it
 * as Z. Any other offset keeps its number, and the zone name is the CLI machine's own when its
 * local zone has that offset then; elsewhere Go names it by the number, as here (`+0530 +0530`).
 */
export function goTimestamp(text: string): string | undefined {
    const m = TIMESTAMP_FORMATS.map((f) => f.exec(text)).find((x) => x !== null);
    if (m === undefined) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x || "0"));
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
    const zone = m[8] || "Z";
    const [hh, mm] = zone === "Z" ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (hh > 24 || mm > 60) return undefined;
    // Nanoseconds: nine digits at most are read, without rounding; String() drops trailing zeros.
    const fraction = (m[7] ?? "").slice(0, 9).replace(/0+$/, "");
    const pad = (n: number, width = 2) => String(n).padStart(width, "0");
    const offset = hh === 0 && mm === 0 ? "+0000 UTC" : `${zone[0]}${pad(hh)}${pad(mm)} ${zone[0]}${pad(hh)}${pad(mm)}`;
    return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction === "" ? "" : `.${fraction}`} ${offset}`;
}

/** The value a program gets inside a structured setting (JSON). A .nan or .inf has none: Go's JSON encoder refuses it, and so does the CLI. */
function goScalarJs(s: GoScalar): unknown {
    switch (s.kind) {
        case "null": return null;
        case "str": return s.value;
        case "timestamp": return s.text;
        case "bool": return s.value;
        case "int": return Number(s.value);
        case "float":
            if (!Number.isFinite(s.value)) throw new Error("JSON has no .nan or .inf, so the Pulumi CLI cannot store it (json: unsupported value); quote it for text");
            return s.value;
    }
}

/**
 * The text a top-level setting's scalar reaches the program as: a number in Go's JSON form (an
 * integer exactly; a float as JavaScript writes it, which Go's encoder matches for finite floats),
 * a date as time.Time's String(), null as "" (config.Value decodes null as the empty string).
 */
export function goScalarText(s: GoScalar): string {
    if (s.kind === "null") return "";
    if (s.kind === "int") return s.value.toString();
    return String(goScalarJs(s));
}

/**
 * The yaml package's tags for a YAML 1.2 failsafe schema (maps, lists, text) that resolve scalars
 * as yaml.v3 does: one for plain scalars, and one per standard tag written explicitly (`!!int 12`).
 */
export const GO_YAML_TAGS: ScalarTag[] = [
    { tag: "tag:pulumi.com,2025:go-yaml-plain", default: true, test: HINTED, resolve: (text, onError) => jsOrError(() => resolveGoYaml(text), onError) },
    ...SHORT_TAGS.filter((t) => t !== "str").map((t): ScalarTag => ({ tag: `tag:yaml.org,2002:${t}`, resolve: (text, onError) => jsOrError(() => resolveGoYaml(text, t), onError) })),
];

function jsOrError(read: () => GoScalar, onError: (message: string) => void): unknown {
    try {
        return goScalarJs(read());
    } catch (e) {
        onError(e instanceof Error ? e.message : String(e));
        return null;
    }
}

/** The short form of a standard scalar tag (`tag:yaml.org,2002:int` is int), if it is one. */
export function shortScalarTag(tag: string | undefined): ShortTag | undefined {
    const short = tag?.replace(/^tag:yaml\.org,2002:/, "").replace(/^!!/, "");
    return SHORT_TAGS.find((t) => t === short);
}
