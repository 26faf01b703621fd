// As the plan command does: the SDK's per-promise leak-debugging stacks are never shown.
Error.stackTraceLimit = 0;

import "../policies/lib/lazy-modules";
import * as path from "node:path";
import { projectRoot } from "../plan/project";
import { runPlan } from "../plan/run-plan";

/** One plan of a generated project folder: `tsx bench/plan-fleet.ts <dir> <stack>`; prints a JSON line. */
async function main(): Promise<void> {
    const [dir, stack] = process.argv.slice(2);
    const started = process.hrtime.bigint();
    const plan = await runPlan({ stack, projectDir: dir, packDir: path.join(projectRoot(), "policies") });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`${JSON.stringify({ stack, resources: plan.report.summary.resources, waves: plan.report.waves.length, ms: Math.round(ms), planCpuMs: planCpuMs(), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
    process.exit(0);
}

/** The plan's own process (program, mocks and the gRPC client), which a large plan keeps busy while the pack waits. */
function planCpuMs(): number {
    const { user, system } = process.cpuUsage();
    return Math.round((user + system) / 1000);
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
});
