import type { FixOf, LocationOf } from "./config-fixes";
import { printableLine } from "./format-text";
import { isComponentType as isComponent, shortType, violationsToShow, type PlanReport } from "./report";
import type { PlanWarning } from "./recorder";

/**
 * The plan for a terminal: what would be created, wave by wave and component by component,
 * protected resources marked, then what the policy pack says with its remediation, each violation
 * at the stack file's line SARIF and annotations locate it at when `config` is given, and with the
 * setting of that file that fixes it when `config.fixOf` names one. A control character or bidi
 * override in a name or message is printed as an escape (format-text.ts). Remediation is wrapped
 * to `columns` (80 unless given: the CLI gives a terminal's width), at spaces only. The program's
 * `warnings` (a credential near its end date) come last, each at its resource's entry.
 */
export function formatTable(report: PlanReport, config?: { locationOf: LocationOf; fixOf?: FixOf }, columns = 80, warnings: readonly PlanWarning[] = []): string {
    const lines: string[] = [];
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const components = report.resources.filter((r) => isComponent(r.type));
    const mark = (urn: string) => (byUrn.get(urn)?.protect ? "  [protected]" : "");
    // Only the wave rows are padded: the components, printed in the tree, do not widen them.
    const width = Math.max(20, ...report.resources.filter((r) => !isComponent(r.type)).map((r) => shortType(r.type).length));

    lines.push(...wrap(`Plan for stack "${report.stack}": ${report.summary.resources} resources, ${report.waves.length} deploy waves, ${report.summary.mandatory} mandatory and ${report.summary.advisory} advisory policy violations.`, columns));
    lines.push("");
    lines.push("Deploy waves (each waits for the one before it):");
    report.waves.forEach((wave, i) => {
        lines.push(`  wave ${i}`);
        for (const urn of wave) {
            const r = byUrn.get(urn);
            if (r && !isComponent(r.type)) lines.push(`    ${shortType(r.type).padEnd(width)}  ${r.name}${mark(urn)}`);
        }
    });
    lines.push("");
    lines.push("Components:");
    for (const c of components.filter((r) => r.parent === null || !byUrn.has(r.parent))) {
        printTree(c.urn, 1);
    }
    function printTree(urn: string, depth: number): void {
        const r = byUrn.get(urn);
        if (!r) return;
        const wave = report.waves.findIndex((w) => w.includes(urn));
        const where = wave >= 0 && !isComponent(r.type) ? `  (wave ${wave})` : "";
        lines.push(`${"  ".repeat(depth)}${shortType(r.type)}  ${r.name}${where}${mark(urn)}`);
        for (const child of report.resources.filter((x) => x.parent === urn)) {
            printTree(child.urn, depth + 1);
        }
    }
    const isProvider = (type: string) => type.startsWith("pulumi:providers:");
    const roots = report.resources.filter((r) => r.parent === null && !isComponent(r.type) && !isProvider(r.type));
    for (const r of roots) {
        printTree(r.urn, 1);
    }
    // Explicit providers say where what goes through them lands: a platform's subscription, or the stack's own.
    const providers = report.resources.filter((r) => isProvider(r.type));
    if (providers.length > 0) {
        lines.push("");
        lines.push("Explicit providers (what is made through one lands where it points):");
        for (const p of providers) {
            const subscription = typeof p.inputs.subscriptionId === "string" ? `  subscription ${p.inputs.subscriptionId}` : "";
            lines.push(`  ${p.type.slice("pulumi:providers:".length).padEnd(12)}  ${p.name}${subscription}`);
        }
    }
    lines.push("");
    if (report.violations.length === 0) {
        lines.push("Policy violations: none.");
    } else {
        lines.push("Policy violations:");
        for (const v of violationsToShow(report, config?.fixOf)) {
            const location = config && v.urn ? config.locationOf(v.violation) : undefined;
            const at = location === undefined ? "" : `  (${location.file}:${location.line})`;
            lines.push(`  ${v.level.toUpperCase().padEnd(9)} ${v.policy}  on ${v.target}${at}`);
            for (const d of v.fix === undefined ? v.remediation : [...v.remediation, v.fix]) {
                lines.push(...wrap(d, Math.max(40, columns - 12)).map((l) => `            ${l}`));
            }
        }
    }
    if (warnings.length > 0) {
        lines.push("");
        lines.push("Warnings from the stack program (they do not change the exit code):");
        for (const w of warnings) {
            const location = config && w.urn ? config.locationOf({ policy: "", urn: w.urn, message: w.message }) : undefined;
            if (w.urn) lines.push(`  on ${byUrn.get(w.urn)?.name ?? w.urn}${location === undefined ? "" : `  (${location.file}:${location.line})`}`);
            lines.push(...wrap(w.message.split(/\r\n|\r|\n/).join(" "), Math.max(40, columns - 4)).map((l) => `    ${l}`));
        }
    }
    // Names, messages and fixes hold the config's text: each line stays one line, inert in a terminal and a CI log.
    return `${lines.map(printableLine).join("\n")}\n`;
}

/** A line split at spaces into lines of at most `width` characters; a longer word (a URL, a path) keeps a line of its own. */
function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
        if (line !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    return [...lines, line];
}
