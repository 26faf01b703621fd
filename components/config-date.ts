// Dates as a stack's config hands them to the program. Written unquoted in a stack file, a date is a
// YAML timestamp: the Pulumi CLI (gopkg.in/yaml.v3) decodes it to a Go time.Time and hands the program
// its String(), "2006-01-02 15:04:05.999999999 -0700 MST" (sdk/go/common/resource/config/object.go
// unmarshalObject). That form names its instant exactly (the zone's abbreviation only repeats the
// offset), so it is read as the RFC3339 date-time it stands for, to the nanosecond.

/** Go's time.Time String(): date, wall clock, fraction of up to nine digits, numeric offset, zone abbreviation. */
const GO_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})? ([+-])(\d{2})(\d{2}) \S+$/;

/**
 * RFC 3339's date-time as Go's time.Parse(time.RFC3339) reads it, which the azuread provider's
 * end_date check is: seconds, an optional fraction, then `Z` or an offset with its colon; an upper-case
 * T and Z. Without a zone Date.parse reads the machine's local time, so no zone is no date.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * The ISO 8601 spellings of one instant a key's expires took before it was held to RFC 3339, which
 * name it as exactly: a lower-case t or z and a space for T (RFC 3339 section 5.6 allows all three),
 * no seconds, an offset without its colon. The azuread provider's Go parser takes none of them, so
 * a client secret's endDate does not either.
 */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(?:[Zz]|([+-]\d{2}):?(\d{2}))$/;

/** The form clientSecrets[].endDate and a key's expires are held to, for their error messages. */
export const RFC3339_RULE = 'an RFC3339 date-time such as "2027-06-30T00:00:00Z": seconds, an optional fraction, then Z or an offset such as +01:00, on a day and at a time that exist';

/**
 * Whether the fields name a day and time that exist (Date.parse rolls February 30 over to March 2 and
 * 24:00 to the next day); a second of 60 does not, as Go's time.Parse refuses it. Offsets are 00:00–23:59.
 */
function exists(fields: string[], offsetHours = "00", offsetMinutes = "00"): boolean {
    const [year, month, day, hour, minute, second] = fields.map(Number);
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
        && hour <= 23 && minute <= 59 && second <= 59 && Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59;
}

/**
 * The RFC3339 date-time that Go's time.Time String() of an unquoted date stands for
 * (`2027-01-26 00:00:00 +0000 UTC` is `2027-01-26T00:00:00Z`), or undefined when the text is not
 * in that form or names a day or time that does not exist.
 */
export function goTimeAsRfc3339(text: string): string | undefined {
    const m = GO_TIME.exec(text);
    if (m === null || !exists(m.slice(1, 7), m[9], m[10])) return undefined;
    const offset = m[9] === "00" && m[10] === "00" ? "Z" : `${m[8]}${m[9]}:${m[10]}`;
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ""}${offset}`;
}

/** Milliseconds since the epoch of an RFC3339 date-time as RFC3339 describes (and the azuread provider takes it); NaN otherwise. */
export function rfc3339Ms(text: string): number {
    const m = RFC3339.exec(text);
    return m !== null && exists(m.slice(1, 7), m[8], m[9]) ? Date.parse(text) : NaN;
}

/**
 * Milliseconds since the epoch of a config date: Go's time.Time String() read as goTimeAsRfc3339
 * reads it, a day alone (`2027-06-30`, midnight UTC), or an RFC3339 date-time in any of the
 * ISO_DATE_TIME spellings, read as rfc3339Ms reads it; NaN for anything else, such as a date-time
 * without a zone, or a day the month lacks.
 */
export function configDateMs(text: string): number {
    const go = goTimeAsRfc3339(text);
    if (go !== undefined) return rfc3339Ms(go);
    const day = DATE_ONLY.exec(text);
    if (day !== null) return exists([...day.slice(1, 4), "00", "00", "00"]) ? Date.parse(text) : NaN;
    const m = ISO_DATE_TIME.exec(text);
    if (m === null) return NaN;
    const [, date, clock, seconds = ":00", offsetHours, offsetMinutes] = m;
    return rfc3339Ms(`${date}T${clock}${seconds}${offsetHours === undefined ? "Z" : `${offsetHours}:${offsetMinutes}`}`);
}
