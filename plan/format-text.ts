/**
 * Text the plan prints that came from a stack's config, a policy config or the mocks' answers,
 * made inert for a terminal and a CI log: each control character (C0, DEL, C1) and bidi override
 * becomes a visible escape, so a name cannot move the cursor, rewrite the screen, reorder what a
 * reader sees or start a line of its own; no line starts with `::`, which the GitHub Actions
 * runner takes as a workflow command (actions/runner ActionCommand.TryParseV2: TrimStart, then
 * StartsWith("::")); and no `##[` is left anywhere in a line, the legacy form it also takes.
 */

/** C0 controls, DEL, C1 controls, and the bidi embeddings, overrides (U+202A–202E) and isolates (U+2066–2069). */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * The legacy workflow command's prefix: the runner looks for it anywhere in a line of stdout or
 * stderr (actions/runner ActionCommand.TryParse: message.IndexOf("##[")), a mid-line name included.
 */
const LEGACY_COMMAND = /##\[/g;

/**
 * The text with each `##[` written `#`, `hash`, `[`: `hash` is how the output writes a `#` as an
 * escape, `\x23` in text (as printable shows a control character) or `\u0023` in JSON, where it
 * parses back to the same string. The one place output is made inert to the legacy form.
 */
export function withoutLegacyCommands(text: string, hash: "\\x23" | "\\u0023"): string {
    return text.replace(LEGACY_COMMAND, `#${hash}[`);
}

/** The text with every control character and bidi override as an escape (`\n`, `\x1b`, `\u202e`), and `##[` as `#\x23[`. */
export function printable(text: string): string {
    return withoutLegacyCommands(text.replace(HIDDEN, (c) => {
        const code = c.charCodeAt(0);
        return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
    }), "\\x23");
}

/** The text as one line of output: printable, its leading `:` escaped (`\x3a`) where it would start a workflow command. */
export function printableLine(text: string): string {
    // \s is the whitespace String.prototype.trimStart takes, which holds every character .NET's TrimStart does but U+0085, a C1 control escaped above.
    return printable(text).replace(/^(\s*):(?=:)/, "$1\\x3a");
}

/**
 * An error's message as the lines to print, each printable: when the error lists its problems
 * (`problems`, as PolicyConfigError and ProviderConfigError; `issues`, as ConfigError and a
 * component's ValidationError, or a PlanProgramError caused by one), its header and each problem
 * on a line of their own, a line break inside a value shown as `\n`; else the message's lines.
 */
export function errorLines(error: unknown): string[] {
    const listed = problemLines(error) ?? (error instanceof Error && error.cause instanceof Error && error.cause.message === error.message ? problemLines(error.cause) : undefined);
    if (listed !== undefined) return listed.map(printableLine);
    return (error instanceof Error ? error.message : String(error)).split(/\r\n|\r|\n/).map(printableLine);
}

/** The lines an error's message is made of, from the problems it lists; undefined when it lists none, or its message is not made of them. */
function problemLines(error: unknown): string[] | undefined {
    if (!(error instanceof Error)) return undefined;
    if ("problems" in error && Array.isArray(error.problems)) {
        const problems: unknown[] = error.problems;
        if (problems.every((p) => typeof p === "string") && problems.join("\n") === error.message) return problems.map(String);
    }
    if ("issues" in error && Array.isArray(error.issues)) {
        const issues: unknown[] = error.issues;
        // `<header>:\n  - <path>: <message>` per issue, as ConfigError and ValidationError write it; checked, not assumed.
        const items = issues.map(issueLine);
        if (items.length === 0 || items.some((i) => i === undefined)) return undefined;
        const tail = `\n${items.join("\n")}`;
        if (error.message.endsWith(tail)) return [error.message.slice(0, -tail.length), ...items.map(String)];
    }
    return undefined;
}

function issueLine(issue: unknown): string | undefined {
    if (typeof issue !== "object" || issue === null || !("message" in issue) || typeof issue.message !== "string") return undefined;
    const where = "path" in issue ? issue.path : "field" in issue ? issue.field : undefined;
    return typeof where === "string" ? `  - ${where}: ${issue.message}` : undefined;
}
