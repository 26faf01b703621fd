import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generateStack } from "../../bench/generate-stack";
import { runPlan } from "../../plan/run-plan";

const root = path.resolve(__dirname, "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "run-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a long plan reports on stderr how many resources are recorded and analyzed as it goes", async () => {
    const stack = generateStack(dir, 30);
    const lines: string[] = [];
    const plan = await runPlan({ stack, projectDir: dir, packDir: path.join(root, "policies"), progress: (line) => lines.push(line), progressEveryMs: 20 });
    const ticks = lines.map((l) => /^\d+ s: (\d+) resources recorded, (\d+) analyzed by the policy pack$/.exec(l)).filter((m) => m !== null);
    expect(ticks.length).toBeGreaterThan(1);
    const recorded = ticks.map((m) => Number(m[1]));
    expect(recorded).toEqual([...recorded].sort((a, b) => a - b));
    expect(recorded[0]).toBeLessThan(plan.report.summary.resources);
    for (const m of ticks) expect(Number(m[2])).toBeLessThanOrEqual(Number(m[1]));
    expect(lines).toContain(`recorded ${plan.report.summary.resources} resources`);
    expect(lines[lines.length - 1]).toMatch(/^policy pack azure-byok \S+: \d+ policies, \d+ results$/);
}, 60_000);
