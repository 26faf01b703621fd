import { configFixOf, configLocationOf } from "./config-fixes";
import { printable } from "./format-text";
import type { PlanResult } from "./report";

const COMMANDS: Record<string, "error" | "warning" | undefined> = {
    mandatory: "error",
    remediate: "error",
    advisory: "warning",
};

/**
 * GitHub Actions workflow commands: each violation an `::error` (mandatory) or `::warning`
 * (advisory) annotation on the line of the stack's config file SARIF locates it at
 * (`configLocationOf`: the setting that fixes it, else its item or entry), then one `::notice` with the
 * verdict. GitHub shows annotations on the run and on a pull request's changed files, with no
 * code scanning needed (it keeps 10 of each kind per step). The program's warnings are `::warning`s
 * too, at their resource's entry as a violation there is located, ahead of the advisory violations
 * so that cap does not hide a credential about to expire. Names and messages are printable
 * (format-text.ts), as the table prints them: GitHub shows a bidi override raw.
 */
export function formatGithub(plan: PlanResult, configText: string): string {
    const { report } = plan;
    const file = plan.repositoryFile ?? plan.configFile;
    const project = plan.project && { file: plan.project.repositoryFile ?? plan.project.file, text: plan.project.text };
    const locationOf = configLocationOf(report, configText, file, project);
    const fixOf = configFixOf(report, configText, file, project);
    const names = new Map(report.resources.map((r) => [r.urn, r.name]));
    const lines: string[] = [];
    const violations = (level: string) => {
        for (const v of report.violations.filter((x) => x.enforcementLevel === level)) {
            const at = locationOf(v);
            const properties = { file: at.file, line: String(at.line), title: `${v.policy} (${level})` };
            const target = names.get(v.urn) ?? (v.urn || "the stack");
            const text = [...v.message.split("\n"), fixOf(v) ?? ""].map((l) => l.trim()).filter((l) => l !== "").join("\n");
            lines.push(command(COMMANDS[level] ?? "warning", properties, `${target}: ${text}`));
        }
    };
    violations("mandatory");
    violations("remediate");
    for (const w of plan.warnings ?? []) {
        // One logged on no resource has no config line to point at.
        const at = w.urn ? locationOf({ policy: "", urn: w.urn, message: w.message }) : undefined;
        const title = `stack program warning${w.urn ? ` on ${names.get(w.urn) ?? w.urn}` : ""}`;
        lines.push(command("warning", at === undefined ? { title } : { file: at.file, line: String(at.line), title }, w.message));
    }
    violations("advisory");
    const { resources, mandatory, advisory } = report.summary;
    const verdict = mandatory > 0 ? `FAILED: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` : "passed: no mandatory policy violation";
    lines.push(command("notice", { title: `azure-byok plan: stack ${report.stack}` }, `${verdict}, ${advisory} advisory; ${resources} resources in ${report.waves.length} deploy waves`));
    return `${lines.join("\n")}\n`;
}

/**
 * One workflow command, each line of its text printable, then escaped as @actions/core escapes it:
 * `%` everywhere, `:` and `,` in properties too, and a line break (CR, LF or CRLF) as `%0A`.
 */
function command(name: string, properties: Record<string, string>, message: string): string {
    const data = (s: string) => s.split(/\r\n|\r|\n/).map((line) => printable(line).replace(/%/g, "%25")).join("%0A");
    const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
    const props = Object.entries(properties).map(([k, v]) => `${k}=${property(v)}`).join(",");
    return `::${name}${props === "" ? "" : ` ${props}`}::${data(message)}`;
}
