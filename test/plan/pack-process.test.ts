import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packEnvironment, spawnPackProcess } from "../../plan/pack-process";

const scratch = mkdtempSync(path.join(os.tmpdir(), "pack-process-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A pack folder whose entry point is `source`, run as the CLI runs a pack (run-policy-pack requires the folder). */
function packRunning(source: string): string {
    const dir = mkdtempSync(path.join(scratch, "pack-"));
    mkdirSync(path.join(dir, "bin"));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "short-lived", version: "0.1.0", main: "bin/index.js" }));
    writeFileSync(path.join(dir, "bin", "index.js"), source);
    return dir;
}

describe("spawnPackProcess", () => {
    test("keeps what a pack printed and how it ended, though nobody read its output before it exited", async () => {
        // Node drains an unread stdout when the child exits (flushStdio): what was not kept from the spawn is lost.
        const pack = await spawnPackProcess(packRunning('process.stdout.write("54321\\n"); process.stderr.write("bye\\n"); process.exit(3);\n'));
        await new Promise<void>((resolve) => pack.child.once("close", () => resolve()));
        expect(pack.stdout()).toBe("54321\n");
        expect(pack.stderr()).toBe("bye\n");
        expect(pack.exit()).toEqual({ code: 3, signal: null });
    });

    test("records a pack's end by a signal, and nothing while it runs", async () => {
        const pack = await spawnPackProcess(packRunning("setInterval(() => undefined, 1000);\n"));
        expect(pack.exit()).toBeUndefined();
        const closed = new Promise<void>((resolve) => pack.child.once("close", () => resolve()));
        pack.child.kill("SIGKILL");
        await closed;
        expect(pack.exit()).toEqual({ code: null, signal: "SIGKILL" });
    });

    test("hands the pack a relative NODE_EXTRA_CA_CERTS as an absolute path, since the pack runs in its own folder", () => {
        expect(packEnvironment({ NODE_EXTRA_CA_CERTS: "test/support/certs/ca.pem", A: "1" }, "/work/repo")).toEqual({ NODE_EXTRA_CA_CERTS: "/work/repo/test/support/certs/ca.pem", A: "1" });
        const absolute = { NODE_EXTRA_CA_CERTS: "/etc/ssl/extra.pem" };
        expect(packEnvironment(absolute, "/work/repo")).toBe(absolute);
        expect(packEnvironment({}, "/work/repo")).toEqual({});
    });
});
