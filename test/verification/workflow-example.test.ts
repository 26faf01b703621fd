import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseVerifyArgs } from "../../verification/command";

const workflow = parse(readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "verify.yml"), "utf8")) as {
    on: Record<string, unknown>;
    jobs: { verify: { permissions: Record<string, string>; steps: { run?: string; uses?: string }[] } };
};

test("the nightly verify example runs on a schedule with an OIDC token and only the reader checks", () => {
    expect(Object.keys(workflow.on)).toEqual(["schedule", "workflow_dispatch"]);
    expect(workflow.jobs.verify.permissions).toEqual({ contents: "read", "id-token": "write" });
    const command = workflow.jobs.verify.steps.map((s) => s.run ?? "").find((run) => run.startsWith("npm run -s verify -- "));
    const options = parseVerifyArgs((command ?? "").replace("npm run -s verify -- ", "").split(" "));
    expect(options).toMatchObject({ stackOutputs: ["outputs.json"], checks: ["read", "recoverable", "rotation", "expiry"] });
    const outputs = workflow.jobs.verify.steps.findIndex((s) => s.run?.startsWith("pulumi stack output --json") ?? false);
    const login = workflow.jobs.verify.steps.findIndex((s) => s.uses?.startsWith("azure/login@") ?? false);
    expect(login).toBeGreaterThan(0);
    expect(outputs).toBeGreaterThan(login);
});
