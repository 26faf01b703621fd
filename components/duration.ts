import { parse } from "tinyduration";

/**
 * Length of an ISO-8601 duration in days, or `undefined` when the text is not one.
 * Key Vault counts a month as 30 days and a year as 365 when it evaluates rotation policies.
 */
export function isoDurationToDays(text: string): number | undefined {
    if (!/^P/.test(text)) {
        return undefined;
    }
    try {
        const d = parse(text);
        if (d.negative) {
            return undefined;
        }
        return (
            (d.years ?? 0) * 365 +
            (d.months ?? 0) * 30 +
            (d.weeks ?? 0) * 7 +
            (d.days ?? 0) +
            (d.hours ?? 0) / 24 +
            (d.minutes ?? 0) / 1440 +
            (d.seconds ?? 0) / 86400
        );
    } catch {
        return undefined;
    }
}
