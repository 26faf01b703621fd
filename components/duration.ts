/**
 * An ISO-8601 duration as Key Vault takes it in a rotation policy, the whole text:
 * P[n]Y[n]M[n]W[n]D[T[n]H[n]M[n]S], whole numbers, at least one part, and a time part after T.
 * Anchored at both ends: tinyduration's parser is not, and read "P1Y garbage" or "P1YP1Y" as P1Y.
 */
const ISO_DURATION = /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The form ISO_DURATION takes, for messages. */
export const ISO_DURATION_FORM = "P[n]Y[n]M[n]W[n]D[T[n]H[n]M[n]S], whole numbers";

/**
 * Length of an ISO-8601 duration in days, or `undefined` when the text is not one.
 * Key Vault counts a month as 30 days and a year as 365 when it evaluates rotation policies.
 */
export function isoDurationToDays(text: string): number | undefined {
    const match = typeof text === "string" ? ISO_DURATION.exec(text) : null;
    if (match === null) {
        return undefined;
    }
    const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((n) => (n === undefined ? 0 : Number(n)));
    return years * 365 + months * 30 + weeks * 7 + days + hours / 24 + minutes / 1440 + seconds / 86400;
}
