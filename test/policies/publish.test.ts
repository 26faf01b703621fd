import { execFileSync, spawn } from "child_process";
import { mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { isRecord } from "../../components/validation";
import { npmCommand } from "../support/npm";

// `pulumi policy publish` uploads what `npm pack` makes of policies/ (pkg/backend/httpstate/policypack.go), and a
// policy group's runs install it and start it with run-policy-pack, which registers ts-node with the pack's
// tsconfig.json whatever the pack is written in (sdk/nodejs/cmd/run-policy-pack).
const root = path.resolve(__dirname, "..", "..");
const packDir = path.join(root, "policies");
jest.setTimeout(60000);

/** The files `npm pack` would put in the published tarball, relative to the pack. */
function packedFiles(): string[] {
    const report: unknown = JSON.parse(execFileSync(...npmCommand(["pack", "--dry-run", "--json", "--ignore-scripts"]), { cwd: packDir, encoding: "utf8" }));
    // npm pack --json: one entry per package, each with the files it packs.
    const entries: unknown[] = Array.isArray(report) ? report : [];
    const first = entries[0];
    const files: unknown[] = isRecord(first) && Array.isArray(first.files) ? first.files : [];
    return files.map((f) => (isRecord(f) ? String(f.path) : "")).sort();
}

test("the published pack is the compiled pack and its PulumiPolicy.yaml, without the TypeScript build's tsconfig.json or sources", () => {
    const files = packedFiles();
    expect(files).toEqual(expect.arrayContaining(["PulumiPolicy.yaml", "package.json", "bin/index.js", "bin/rules.js"]));
    // A tsconfig.json targeting ES2022 is compiled by the TypeScript 3.8 @pulumi/pulumi falls back to, which refuses it.
    expect(files.filter((f) => f === "tsconfig.json" || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)))).toEqual([]);
});

test("the published pack starts where no typescript or ts-node is installed beside it, and serves", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "azure-byok-pack-"));
    try {
        execFileSync(...npmCommand(["pack", "--ignore-scripts", "--pack-destination", dir]), { cwd: packDir, stdio: "ignore" });
        const [tarball] = readdirSync(dir).filter((f) => f.endsWith(".tgz"));
        execFileSync("tar", ["-xzf", tarball], { cwd: dir });
        const installed = path.join(dir, "package");
        // Its dependencies from this repository's install (the same versions it declares), typescript and ts-node refused.
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const child = spawn(process.execPath, ["-r", path.join(root, "test", "support", "without-typescript.js"), runner, "127.0.0.1:1", "."], {
            cwd: installed,
            env: { ...process.env, NODE_PATH: path.join(root, "node_modules") },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const started = await new Promise<{ port?: string; stderr: string }>((resolve) => {
            let stdout = "";
            let stderr = "";
            const done = () => resolve({ port: /^\d+/m.exec(stdout)?.[0], stderr });
            child.stdout.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                if (/^\d+\s*$/m.test(stdout)) done();
            });
            child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            child.on("exit", done);
        });
        child.kill();
        expect({ port: started.port, stderr: started.stderr.slice(0, 300) }).toEqual({ port: expect.stringMatching(/^\d+$/), stderr: "" });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
