// First: defers the modules the SDK loads at import that a plan never uses (lazy-modules.ts says which).
import "../policies/lib/lazy-modules";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { exitWhenWritten } from "../verification/exit";
import { decodeText } from "../verification/stack-outputs";
import { errorLines, printable, withoutLegacyCommands } from "./format-text";
import { PlanOutput, planOutputs } from "./outputs";
import { spawnPackProcess } from "./pack-process";
import type { PolicyPackConfigFile } from "./policy-client";
import { parsePolicyConfigText } from "./policy-config-file";
import { projectRoot } from "./project";
import { trace } from "./trace";

// The SDK captures a stack trace for every promise it makes, to debug leaks; the plan never shows
// them, and at thousands of resources capturing them costs a third of the run.
Error.stackTraceLimit = 0;

// Only what spawning the policy pack needs (node's own modules) is loaded before it is spawned:
// its start (node, @pulumi/policy, the CLI's runner) is the plan's longest step, and overlaps
// loading zod, gRPC, the Pulumi SDK and the program, and running the program.

async function optionsSchema() {
    const { z } = await import("zod");
    return z.strictObject({
        // As `pulumi preview --stack` takes it: dev, org/dev or org/project/dev; the file is Pulumi.dev.yaml.
        stack: z.string().regex(/^(?:[\w.-]+\/){0,2}[\w.-]+$/, "must be a stack name such as dev or org/project/dev").default("dev").transform((s) => s.split("/").pop() as string),
        // Read, in the order given, by planOutputs.
        format: z.array(z.string()).optional(),
        out: z.array(z.string()).optional(),
        "policy-config": z.string().optional(),
    });
}

class UsageError extends Error {}

const USAGE = "usage: npm run plan -- [--stack dev] [--format table|json|sarif|markdown|github] [--out FILE] [--policy-config FILE]";

const HELP = `${USAGE}

Plans Pulumi.<stack>.yaml offline: the stack program against mocks that answer like Azure, every
resource through the policy pack as the Pulumi CLI runs it, the results joined. --format may be
given more than once, each followed by the --out FILE it writes (one may go to stdout): one plan,
several reports. --policy-config defaults to policy-config/<stack>.json when it exists.
Exit 0 when no mandatory policy is violated, 1 when one is, 2 on bad config, a usage error or a
program error.`;

/** Whether two paths name one existing file, however each is spelled (`./`, a symbolic or hard link). */
function sameFile(a: string, b: string): boolean {
    const x = statSync(a, { throwIfNoEntry: false });
    const y = statSync(b, { throwIfNoEntry: false });
    return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

function usage(message: string): never {
    throw new UsageError(`${message}\n${USAGE}`);
}

/** `npm run plan`: exit 0 clean, 1 a mandatory violation, 2 bad config, usage or program error. */
async function main(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        process.stdout.write(`${HELP}\n`);
        return 0;
    }
    let values: Record<string, unknown>;
    let outputs: PlanOutput[];
    try {
        const parsed = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, format: { type: "string", multiple: true }, out: { type: "string", multiple: true }, "policy-config": { type: "string" } },
            strict: true,
            tokens: true,
        });
        values = parsed.values;
        outputs = planOutputs(parsed.tokens);
    } catch (e) {
        usage(e instanceof Error ? e.message : String(e));
    }
    // A signal would end the plan without the 'exit' event that stops the policy pack (pack-process.ts), leaving it
    // serving forever; exiting fires it, with the code a shell gives a process a signal ended.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(128 + constants.signals[signal]));
    const projectDir = projectRoot();
    const spawned = spawnPackProcess(path.join(projectDir, "policies"));
    // Spawned before anything else loads (a failure here is retried, and reported, by the client).
    await spawned.catch(() => undefined);
    trace("policy pack spawned");
    const parsed = (await optionsSchema()).safeParse(values);
    if (!parsed.success) {
        usage(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
    }
    const options = parsed.data;
    // Read once, for the checks below and the plan: each read says again what the file's extra YAML documents drop.
    const { readProjectFile } = await import("./stack-config");
    const projectFile = readProjectFile(projectDir);
    // org/project/stack names a project: it must be this one, or the plan would read another project's stack file as this one's.
    const named = String(values.stack ?? "").split("/");
    if (named.length === 3 && named[1] !== projectFile.name) {
        usage(`--stack: "${String(values.stack)}" names project ${named[1]}, but Pulumi.yaml here is project ${projectFile.name}`);
    }
    const { PolicyPackClient } = await import("./policy-client");
    const pack = PolicyPackClient.start({ packDir: path.join(projectDir, "policies"), spawned });
    pack.catch(() => undefined);
    // Without --policy-config, the stack's own policy config is used when the project has one.
    const stackPolicyConfig = path.join(projectDir, "policy-config", `${options.stack}.json`);
    const policyConfigPath = options["policy-config"] ?? (existsSync(stackPolicyConfig) ? stackPolicyConfig : undefined);
    // Refused before anything is written: a report would replace a file the plan reads, or another report.
    const read = [
        { what: "the stack file", file: path.join(projectDir, projectFile.stackConfigDir, `Pulumi.${options.stack}.yaml`) },
        { what: "the project file", file: path.join(projectDir, "Pulumi.yaml") },
        ...(policyConfigPath === undefined ? [] : [{ what: "the policy config", file: policyConfigPath }]),
    ];
    const files = outputs.flatMap((o) => (o.out === undefined ? [] : [{ format: o.format, out: o.out }]));
    for (const [i, { out }] of files.entries()) {
        const reads = read.find(({ file }) => sameFile(out, file));
        if (reads !== undefined) usage(`--out ${out}: is ${reads.what} ${path.relative(process.cwd(), reads.file)}, which the plan reads; write the report to another file`);
        const other = files.slice(0, i).find((f) => sameFile(out, f.out));
        // planOutputs compares the paths as written; this, one existing file reached by two (a link).
        if (other !== undefined) usage(`--out ${out}: --format ${other.format} writes to that file too (${other.out}); give each format its own file`);
    }
    let policyConfig: PolicyPackConfigFile | undefined;
    if (policyConfigPath !== undefined) {
        let parsed: PolicyPackConfigFile | null = null;
        try {
            parsed = parsePolicyConfigText(readFileSync(policyConfigPath, "utf8"));
        } catch (e) {
            usage(`--policy-config ${policyConfigPath}: ${e instanceof Error ? e.message : String(e)}`);
        }
        policyConfig = parsed ?? {};
        const shown = path.relative(process.cwd(), policyConfigPath);
        process.stderr.write(parsed === null ? `plan: policy config ${printable(shown)} is empty or null, which the CLI reads as no config: the policies' own levels and defaults apply\n` : `plan: policy config ${printable(shown)}\n`);
    }
    const { runPlan } = await import("./run-plan");
    const { formatSarif } = await import("./format-sarif");
    const { formatTable } = await import("./format-table");
    const { formatMarkdown } = await import("./format-markdown");
    const { formatGithub } = await import("./format-github");
    const { configFixOf, configLocationOf } = await import("./config-fixes");
    const plan = await runPlan({ stack: options.stack, projectDir, projectFile, policyConfig, pack, progress: (line) => process.stderr.write(`plan: ${printable(line)}\n`) });
    const configText = decodeText(readFileSync(path.join(projectDir, plan.configFile)));
    const config = { locationOf: configLocationOf(plan.report, configText, plan.configFile, plan.project), fixOf: configFixOf(plan.report, configText, plan.configFile, plan.project) };
    const textOf = ({ format, out }: PlanOutput): string => format === "json"
        ? withoutLegacyCommands(`${JSON.stringify(plan.report, null, 2)}\n`, "\\u0023")
        : format === "sarif"
            ? withoutLegacyCommands(formatSarif(plan, configText), "\\u0023")
            : format === "markdown"
                ? formatMarkdown(plan.report, config, plan.warnings)
                : format === "github"
                    ? formatGithub(plan, configText)
                    // A terminal's width when the table goes to one; 80 in a file or a pipe.
                    : formatTable(plan.report, config, out === undefined && process.stdout.isTTY ? process.stdout.columns : undefined, plan.warnings);
    // The files first, then stdout: a reader of stdout finds the files written when it ends.
    for (const output of outputs) {
        if (output.out === undefined) continue;
        writeFileSync(output.out, textOf(output));
        process.stderr.write(`plan: wrote ${output.format} to ${printable(output.out)}\n`);
    }
    const toStdout = outputs.find((o) => o.out === undefined);
    if (toStdout !== undefined) process.stdout.write(textOf(toStdout));
    return plan.report.summary.mandatory > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    exitWhenWritten,
    (e: unknown) => {
        // Bad config, a refused resource, a usage error: all exit 2 with the message alone, the config's values in it made printable.
        const known = e instanceof UsageError || (e instanceof Error && ["ConfigError", "StackFileError", "PlanProgramError", "PolicyConfigError", "ProviderConfigError"].includes(e.name));
        process.stderr.write(`plan: ${known ? "" : "program error: "}${errorLines(e).join("\n")}\n`);
        exitWhenWritten(2);
    },
);
