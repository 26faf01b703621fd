// Dates as a stack's config hands them to the program. Written unquoted in a stack file, a date is a
// YAML timestamp: the Pulumi CLI (gopkg.in/yaml.v3) decodes it to a Go time.Time and hands the program
// its String(), "2006-01-02 15:04:05.999999999 -0700 MST" (sdk/go/common/resource/config/object.go
// unmarshalObject). That form names its instant exactly (the zone's abbreviation only repeats the
// offset), so it is read as the RFC3339 date-time it stands for, to the nanosecond.

/** Go's time.Time String(): date, wall clock, fraction of up to nine digits, numeric offset, zone abbreviation. */
const GO_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})? ([+-])(\d{2})(\d{2}) \S+$/;

/**
 * The RFC3339 date-time that Go's time.Time String() of an unquoted date stands for
 * (`2027-01-26 00:00:00 +0000 UTC` is `2027-01-26T00:00:00Z`), or undefined when the text is not
 * in that form or names a day or time that does not exist.
 */
export function goTimeAsRfc3339(text: string): string | undefined {
    const m = GO_TIME.exec(text);
    if (m === null) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    // Date rolls February 30 over to March 2: a field it changes did not exist.
    const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || Number(m[9]) > 24 || Number(m[10]) > 59) return undefined;
    const offset = m[9] === "00" && m[10] === "00" ? "Z" : `${m[8]}${m[9]}:${m[10]}`;
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ""}${offset}`;
}

/**
 * Milliseconds since the epoch of a config date: Go's time.Time String() read as goTimeAsRfc3339
 * reads it (Date.parse reads some of those forms and not others), any other text as Date.parse
 * does; NaN when it is no date.
 */
export function configDateMs(text: string): number {
    return Date.parse(GO_TIME.test(text) ? (goTimeAsRfc3339(text) ?? "") : text);
}
