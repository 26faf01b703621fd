import type { FixOf } from "./config-fixes";
import { printable } from "./format-text";
import { isComponentType, shortType, violationsToShow, type PlanReport } from "./report";
import type { PlanWarning } from "./recorder";

/** Names listed per type and wave before the rest are counted: a fleet's summary stays readable. */
const NAMES_PER_ROW = 8;
/** Violations listed, mandatory first, before the rest are counted. */
const VIOLATION_ROWS = 500;
/** The program's warnings listed before the rest are counted. */
const WARNING_ROWS = 100;
/** GitHub refuses a step summary over 1 MiB and then shows none of it: the whole document, every section, stays within this. */
const SUMMARY_BYTES = 1024 * 1024;
/** Kept back from the rows for the text after them: headings, table heads and the notes saying what was left out. */
const TRAILER_BYTES = 8 * 1024;
/** The most that violation rows, then warning rows, take of the summary, so the sections after them keep room; what one leaves, the next may use. */
const VIOLATION_BYTES = 640 * 1024;
const WARNING_BYTES = 192 * 1024;

/**
 * Markdown's inline syntax, and the backslash that escapes it: what would make a name a link, an
 * image, emphasis, strikethrough, a code span, or a mention or reference on GitHub.
 */
const INLINE = /[\\`*_~[\]()!@#]/g;

/**
 * Text safe inside a Markdown table cell: its lines joined by <br>, each shown as written, with no
 * pipe, HTML or inline syntax that would end the cell or the row or make a link, image or mention,
 * and control characters and bidi overrides as escapes, as the table shows them (format-text.ts).
 * Not for a code span, where a backslash shows as itself.
 */
function cell(text: string): string {
    return text
        // CommonMark ends a line at LF, CR or CRLF: a lone CR would end the row too.
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .map((line) => printable(line.replace(INLINE, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|")))
        .join("<br>");
}

/**
 * The plan as GitHub-flavoured Markdown, for a pull request's job summary (`$GITHUB_STEP_SUMMARY`)
 * or comment: the verdict first, then every violation with its remediation, then the resources by
 * deploy wave and type, protected ones counted. Given `config.fixOf`, a violation's fix ends with
 * the stack-config setting that makes it. The program's `warnings` (a credential near its end date)
 * follow the violations; they do not change the verdict. The whole document stays under GitHub's
 * 1 MiB, however long the names and messages: rows past a section's share are left out and counted.
 * Code scanning (SARIF) needs GitHub Advanced Security on private repositories; a job summary needs nothing.
 */
export function formatMarkdown(report: PlanReport, config?: { fixOf?: FixOf }, warnings: readonly PlanWarning[] = []): string {
    const { summary } = report;
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const protectedCount = report.resources.filter((r) => r.protect).length;
    const lines: string[] = [];
    let bytes = 0;
    const push = (...added: string[]) => {
        for (const line of added) bytes += Buffer.byteLength(line) + 1;
        lines.push(...added);
    };
    /** Pushes `row` if the summary stays within `share` more bytes from `start` and leaves room for the trailer; says whether it did. */
    const pushRow = (row: string, start: number, share: number): boolean => {
        const fits = bytes + Buffer.byteLength(row) + 1 <= Math.min(start + share, SUMMARY_BYTES - TRAILER_BYTES);
        if (fits) push(row);
        return fits;
    };
    push(`## azure-byok plan: stack \`${report.stack}\``, "");
    const verdict = summary.mandatory > 0
        ? `**Blocked:** ${summary.mandatory} mandatory and ${summary.advisory} advisory policy violations.`
        : `**Passed:** no mandatory policy violation, ${summary.advisory} advisory.`;
    push(verdict, "");
    push(`${summary.resources} resources in ${report.waves.length} deploy waves; ${protectedCount} protected against deletion.`, "");

    push("### Policy violations", "");
    if (report.violations.length === 0) {
        push("None.", "");
    } else {
        push("| level | policy | resource | what is wrong, and the fix |", "|---|---|---|---|");
        const shown = violationsToShow(report, config?.fixOf);
        const start = bytes;
        let listed = 0;
        for (const v of shown) {
            const row = `| ${v.level} | \`${v.policy}\` | ${cell(v.target)} | ${cell([...v.remediation, ...(v.fix === undefined ? [] : [v.fix])].join("\n"))} |`;
            if (listed === VIOLATION_ROWS || !pushRow(row, start, VIOLATION_BYTES)) break;
            listed++;
        }
        push("");
        if (shown.length > listed) {
            const rest = shown.slice(listed);
            const mandatory = rest.filter((v) => v.level === "mandatory" || v.level === "remediate").length;
            push(`And ${rest.length} more (${mandatory} mandatory), left out to keep the summary within GitHub's 1 MiB: see the JSON or SARIF output for every one.`, "");
        }
    }

    if (warnings.length > 0) {
        push("### Warnings from the stack program", "", "| resource | warning |", "|---|---|");
        const start = bytes;
        let listed = 0;
        for (const w of warnings) {
            if (listed === WARNING_ROWS || !pushRow(`| ${w.urn ? cell(byUrn.get(w.urn)?.name ?? w.urn) : "(none)"} | ${cell(w.message)} |`, start, WARNING_BYTES)) break;
            listed++;
        }
        push("");
        if (warnings.length > listed) push(`And ${warnings.length - listed} more, left out to keep the summary within GitHub's 1 MiB: the plan's stderr has every one.`, "");
    }

    push("<details><summary>Resources by deploy wave</summary>", "");
    push("| wave | type | count | names |", "|---|---|---|---|");
    const rows: { row: string; count: number }[] = [];
    report.waves.forEach((wave, index) => {
        const byType = new Map<string, { name: string; protect: boolean }[]>();
        for (const urn of wave) {
            const r = byUrn.get(urn);
            if (!r || isComponentType(r.type)) continue;
            const group = byType.get(r.type) ?? [];
            group.push({ name: r.name, protect: r.protect });
            byType.set(r.type, group);
        }
        for (const [type, members] of byType) {
            const shown = members.slice(0, NAMES_PER_ROW).map((m) => `${cell(m.name)}${m.protect ? " (protected)" : ""}`);
            const rest = members.length - shown.length;
            rows.push({ row: `| ${index} | \`${shortType(type)}\` | ${members.length} | ${shown.join(", ")}${rest > 0 ? `, and ${rest} more` : ""} |`, count: members.length });
        }
    });
    const start = bytes;
    const listed = rows.findIndex(({ row }) => !pushRow(row, start, SUMMARY_BYTES));
    push("");
    if (listed >= 0) {
        const left = rows.slice(listed);
        push(`And ${left.length} more rows (${left.reduce((n, r) => n + r.count, 0)} resources), left out to keep the summary within GitHub's 1 MiB: see the JSON output for every one.`, "");
    }
    push("</details>", "");
    return `${lines.join("\n")}\n`;
}
