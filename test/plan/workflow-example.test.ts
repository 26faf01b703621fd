import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { planOutputs } from "../../plan/outputs";

type Step = { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> };
const workflow = parse(readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "plan.yml"), "utf8")) as {
    jobs: { offline: { permissions: Record<string, string>; steps: Step[] }; preview: { permissions: Record<string, string>; steps: Step[] } };
};

test("the plan example uploads SARIF with the permissions a private repository needs, and only when the plan wrote it", () => {
    const { offline } = workflow.jobs;
    // GitHub's SARIF upload example: actions: read is required in private repositories.
    expect(offline.permissions).toEqual({ contents: "read", "security-events": "write", actions: "read" });
    const plan = offline.steps.find((s) => s.run?.includes("--format sarif"));
    const out = /--format sarif --out (\S+)/.exec(plan?.run ?? "")?.[1];
    const upload = offline.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with?.sarif_file).toBe(out);
    // A bad config (exit 2) writes no report: the upload would fail on a missing file and hide the reason.
    expect(upload?.if).toBe(`always() && hashFiles('${out}') != ''`);
    // CodeQL Action v3 is deprecated in December 2026.
    expect(upload?.uses).toBe("github/codeql-action/upload-sarif@v4");
});

test("the plan example plans once, writing the SARIF, the run's summary and the annotations, as the CLI reads its arguments", () => {
    const plans = workflow.jobs.offline.steps.filter((s) => s.run?.includes("npm run") && s.run.includes(" plan -- "));
    expect(plans).toHaveLength(1);
    // The step's words as the runner's shell splits them (no word of it holds a space).
    const args = (plans[0].run ?? "").split(" -- ")[1].trim().split(/\s+/).map((w) => w.replace(/^"(.*)"$/, "$1"));
    const { tokens } = parseArgs({ args, options: { stack: { type: "string" }, format: { type: "string", multiple: true }, out: { type: "string", multiple: true } }, strict: true, tokens: true });
    expect(planOutputs(tokens)).toEqual([
        { format: "sarif", out: "plan.sarif" },
        { format: "markdown", out: "$GITHUB_STEP_SUMMARY" },
        { format: "github" },
    ]);
});

test("the preview job gets an OIDC token and runs the pack with the stack's policy config", () => {
    const { preview } = workflow.jobs;
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write" });
    const pulumi = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(pulumi?.with).toMatchObject({ command: "preview", policyPacks: "policies", policyPackConfigs: "policy-config/dev.json" });
});

test("the upload gives no category: the report's automationDetails.id names each stack's run and would take precedence", () => {
    const upload = workflow.jobs.offline.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with).not.toHaveProperty("category");
});

test("every action the examples use is a major that runs on Node 24 (GitHub removed Node 20 from its runners in September 2026)", () => {
    // The first major of each whose action.yml declares `using: node24`.
    const node24: Record<string, number> = { "actions/checkout": 5, "actions/setup-node": 5, "pulumi/actions": 7, "azure/login": 3, "github/codeql-action/upload-sarif": 4 };
    const uses = ["plan.yml", "verify.yml"].flatMap((file) => {
        const parsed = parse(readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", file), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
        return Object.values(parsed.jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    });
    expect(uses.length).toBeGreaterThan(5);
    for (const use of uses) {
        const [action, ref] = use.split("@");
        expect([use, node24[action] !== undefined]).toEqual([use, true]);
        // A major tag (v5), whose number says which runtime the action runs on.
        expect([use, /^v\d+$/.test(ref)]).toEqual([use, true]);
        expect([use, Number(ref.slice(1)) >= node24[action]]).toEqual([use, true]);
    }
});
