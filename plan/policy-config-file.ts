import type { PolicyPackConfigFile } from "./policy-client";

/** Only whitespace as Go's unicode.IsSpace has it. */
const GO_BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * A policy config file's text as the Pulumi CLI reads it (parsePolicyPackConfig): blank (Go's
 * strings.TrimSpace, which keeps U+FEFF, unlike trim()) or `null` is no config, given as null;
 * else an object of policy names. Throws what is wrong with any other text.
 */
export function parsePolicyConfigText(text: string): PolicyPackConfigFile | null {
    const parsed: unknown = GO_BLANK.test(text) ? null : JSON.parse(text);
    // The CLI takes an object of policy names; an array or a bare value configures nothing it could name.
    if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) {
        throw new Error(`is ${Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`}, not an object of policy names, each with its enforcement level or config`);
    }
    return parsed as PolicyPackConfigFile | null;
}
