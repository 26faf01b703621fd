import { execFileSync, spawn } from "node:child_process";
import { constants, linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { constants as os } from "node:os";
import * as path from "node:path";
import { rootStacks } from "../support/root-stacks";
import { posixDescribe, posixTest } from "../support/platform";

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "dist", "plan", "cli.js");
const { scratch, stackFile } = rootStacks("plan-cli-");

/** The provider's ARM_* variables would steer the plan: this machine's are kept out. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARM_")));

/** `npm run plan -- ...` as CI runs it (the compiled program: npm test builds it first). */
function plan(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd: root, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** Lines a GitHub Actions runner would read as a legacy workflow command: `##[` anywhere (actions/runner ActionCommand.TryParse). */
const legacyCommands = (output: string) => output.split("\n").filter((line) => line.includes("##["));

describe("no output carries a legacy ##[ workflow command from the config", () => {
    const name = "vendor ##[error file=README.md;line=1]forged";
    const app = stackFile(`clitest-v1-app-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-cli
  azure-byok:location: westeurope
  azure-byok:tags:
    owner: "##[set-output name=verdict;]passed"
  azure-byok:vaults:
    - name: kv-app
      keys:
        - name: cmk
  azure-byok:applications:
    - name: "${name}"
      displayName: vendor
      clientSecrets:
        - name: s
          validityDays: 20
`);

    test("in any format, on stdout or stderr; JSON and SARIF still parse to the names as written", async () => {
        // One plan, every format: the table on stdout, the others each in its file.
        const at = (format: string) => path.join(scratch, `legacy.${format}`);
        const formats = ["json", "sarif", "github", "markdown"];
        const run = await plan("--stack", app, ...formats.flatMap((f) => ["--format", f, "--out", at(f)]), "--format", "table");
        expect(run.code).toBe(0);
        const [json, sarif, github, markdown] = formats.map((f) => readFileSync(at(f), "utf8"));
        for (const output of [run.stdout, run.stderr, json, sarif, github, markdown]) expect(legacyCommands(output)).toEqual([]);
        // The SDK's own line of the expiring credential's warning, with the name's second # as an escape.
        expect(run.stderr).toContain('warning: [runtime] ClientApplication "vendor #\\x23[error file=README.md;line=1]forged": client secret "s" expires on');
        expect(run.stdout).toContain("vendor #\\x23[error file=README.md;line=1]forged");
        const report = JSON.parse(json) as { resources: { name: string; inputs: Record<string, unknown> }[] };
        expect(report.resources.map((r) => r.name)).toContain(name);
        expect(report.resources.some((r) => JSON.stringify(r.inputs).includes('"owner":"##[set-output name=verdict;]passed"'))).toBe(true);
        expect(json).toContain("#\\u0023[");
        const log = JSON.parse(sarif) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
        expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain(`ClientApplication "${name}"`);
    }, 120_000);

    test("nor in a progress line or a config error quoting a raw value (exit 2)", async () => {
        const group = stackFile(`clitest-v1-rg-${process.pid}`, `config:
  azure-byok:resourceGroupName: "rg ##[stop-commands]token"
  azure-byok:createResourceGroup: false
  azure-byok:location: westeurope
`);
        const secret = stackFile(`clitest-v1-secret-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-cli
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-app
      keys:
        - name: cmk
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: "s ##[add-mask]plan"
`);
        const [a, b] = await Promise.all([plan("--stack", group, "--format", "github"), plan("--stack", secret, "--format", "github")]);
        expect([a.code, b.code]).toEqual([2, 2]);
        expect(a.stderr).toContain("plan: deploying into resource group rg #\\x23[stop-commands]token");
        expect(b.stderr).toContain("s #\\x23[add-mask]plan");
        expect([...legacyCommands(a.stderr), ...legacyCommands(b.stderr)]).toEqual([]);
    }, 60_000);
});

test("a stack whose 16 tags would go on a key, which Key Vault limits to 15, exits 2 naming the key, before any resource is planned", async () => {
    const stack = stackFile(`clitest-tags16-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-cli
  azure-byok:location: westeurope
  azure-byok:tags:
${Array.from({ length: 16 }, (_, i) => `    t${i}: v${i}`).join("\n")}
  azure-byok:vaults:
    - name: kv-a
      keys:
        - name: cmk-a
  azure-byok:storageAccounts:
    - name: stx
      key: cmk-a
`);
    const run = await plan("--stack", stack, "--format", "json");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('azure-byok:tags: has 16 tags, which go on key "cmk-a" (azure-byok:vaults[0].keys[0]); a Key Vault key takes at most 15 (put related values in one tag as JSON)');
}, 60_000);

posixTest("--out naming a file the plan reads, however spelled, exits 2 naming it and leaves the file as it was", async () => {
    const stack = stackFile(`clitest-out-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-cli
  azure-byok:location: westeurope
`);
    const policyConfig = path.join(scratch, "policy.json");
    writeFileSync(policyConfig, "{}\n");
    const linked = path.join(scratch, "stack-link.yaml");
    symlinkSync(path.join(root, `Pulumi.${stack}.yaml`), linked);
    const hardLinked = path.join(scratch, "policy-hard-link.json");
    linkSync(policyConfig, hardLinked);
    const before = [`Pulumi.${stack}.yaml`, "Pulumi.yaml"].map((f) => readFileSync(path.join(root, f), "utf8"));
    const cases: [string, string][] = [
        [`./Pulumi.${stack}.yaml`, `is the stack file Pulumi.${stack}.yaml, which the plan reads`],
        [linked, `is the stack file Pulumi.${stack}.yaml, which the plan reads`],
        [path.join(root, "Pulumi.yaml"), "is the project file Pulumi.yaml, which the plan reads"],
        [hardLinked, `is the policy config ${path.relative(root, policyConfig)}, which the plan reads`],
    ];
    const runs = await Promise.all(cases.map(([out]) => plan("--stack", stack, "--format", "json", "--policy-config", policyConfig, "--out", out)));
    runs.forEach((run, i) => {
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`plan: --out ${cases[i][0]}: ${cases[i][1]}; write the report to another file`);
    });
    expect([`Pulumi.${stack}.yaml`, "Pulumi.yaml"].map((f) => readFileSync(path.join(root, f), "utf8"))).toEqual(before);
    expect(readFileSync(policyConfig, "utf8")).toBe("{}\n");
    // Two reports to one existing file under two names (a link) are refused as two reports to one path are.
    const report = path.join(scratch, "report.out");
    writeFileSync(report, "kept\n");
    const reportLink = path.join(scratch, "report-link.out");
    symlinkSync(report, reportLink);
    const twice = await plan("--stack", stack, "--format", "json", "--out", report, "--format", "sarif", "--out", reportLink);
    expect([twice.code, twice.stderr.split("\n")[0]]).toEqual([2, `plan: --out ${reportLink}: --format json writes to that file too (${report}); give each format its own file`]);
    expect(readFileSync(report, "utf8")).toBe("kept\n");
}, 60_000);

test("a Pulumi.yaml of more than one YAML document is warned of once, with --out or a project-qualified --stack or neither", async () => {
    // A project of its own, with the repository's compiled plan in it: node keeps the links' paths, so the plan finds this Pulumi.yaml.
    const project = mkdtempSync(path.join(scratch, "project-"));
    for (const linked of ["dist", "policies", "node_modules"]) symlinkSync(path.join(root, linked), path.join(project, linked), "junction");
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: azure-byok\nruntime: nodejs\n---\nconfig:\n  azure-byok:location: northeurope\n");
    writeFileSync(path.join(project, "Pulumi.multi.yaml"), readFileSync(path.join(root, "Pulumi.minimal.yaml"), "utf8"));
    const run = (stack: string, ...args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--preserve-symlinks", "--preserve-symlinks-main", path.join(project, "dist", "plan", "cli.js"), "--stack", stack, "--format", "json", ...args], { cwd: project, env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stderr }));
    });
    const warning = `plan: warning: ${path.join(project, "Pulumi.yaml")} holds 2 YAML documents; the Pulumi CLI reads only the first, so the one after it is ignored here as in pulumi up: move what it holds into the first, or delete it\n`;
    const runs = await Promise.all([run("multi", "--out", path.join(project, "report.json")), run("org/azure-byok/multi", "--out", path.join(project, "org-report.json")), run("multi")]);
    for (const { code, stderr } of runs) {
        expect(code).toBe(0);
        expect(stderr.split(warning)).toHaveLength(2);
    }
}, 120_000);

posixDescribe("a signal to the plan alone stops the policy pack it started, and exits 128 + the signal's number", () => {
    /** Whether a process still runs: a zombie, ended but not yet reaped by whoever inherited it, does not. */
    const running = (pid: number) => {
        try {
            return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim().startsWith("Z");
        } catch {
            return false; // ps exits 1 when there is no such process
        }
    };
    /** The policy packs a process has spawned. */
    const packsOf = (parent: number | undefined) => execFileSync("ps", ["-A", "-o", "pid=,ppid=,args="], { encoding: "utf8" }).split("\n")
        .map((line) => line.trim().split(/\s+/))
        .filter(([, ppid, ...args]) => ppid === String(parent) && args.some((a) => a.includes("run-policy-pack")))
        .map(([pid]) => Number(pid));
    const until = async (done: () => boolean, ms: number) => {
        for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 50));
        return done();
    };

    test.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("%s", async (signal) => {
        // The plan reads its policy config from a FIFO, so it waits there, its pack spawned, for as long as the test needs.
        const fifo = path.join(scratch, `policy-${signal}.fifo`);
        execFileSync("mkfifo", [fifo]);
        const child = spawn(process.execPath, [cli, "--format", "json", "--policy-config", fifo], { cwd: root, env, stdio: "ignore" });
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        let ended = false;
        void exited.then(() => (ended = true));
        let writer: FileHandle | undefined;
        let packs: number[] = [];
        try {
            // Opened without blocking, once the plan has opened it to read (ENXIO until then).
            for (const end = Date.now() + 60_000; writer === undefined && !ended && Date.now() < end;) {
                writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
                if (writer === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
            }
            expect([ended, writer === undefined]).toEqual([false, false]);
            packs = packsOf(child.pid);
            expect(packs).toHaveLength(1);
            child.kill(signal);
            // A plan the signal ended at once has no reader left: that write fails, and the exit code says why.
            await writer?.write("{}").catch(() => undefined);
            await writer?.close();
            writer = undefined;
            expect(await exited).toBe(128 + os.signals[signal]);
            expect(await until(() => !running(packs[0]), 20_000)).toBe(true);
        } finally {
            await writer?.close();
            if (!ended) {
                if (packs.length === 0) packs = packsOf(child.pid);
                child.kill("SIGKILL");
            }
            for (const pid of packs) if (running(pid)) process.kill(pid, "SIGKILL");
        }
    }, 90_000);
});
