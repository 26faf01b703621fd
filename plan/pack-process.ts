import { ChildProcess, spawn } from "child_process";
import { createServer } from "net";
import * as path from "path";

/**
 * The policy pack's process, started as the Pulumi CLI starts a Node pack:
 * `node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> .` in the pack's folder. Kept
 * apart from the gRPC client (and free of gRPC and protobuf) so that the plan can spawn the
 * pack first thing and load everything else while the pack starts.
 */
export interface PackProcess {
    child: ChildProcess;
    /** The port of the engine stand-in the pack logs to; it must be served there before the pack logs. */
    enginePort: number;
    /** Date.now() at the spawn. */
    spawnedAt: number;
    /** What the pack has written to stdout so far (its port is the first line). */
    stdout(): string;
    /** What the pack has written to stderr so far. */
    stderr(): string;
    /** How the process ended, once it has; undefined while it runs. */
    exit(): PackExit | undefined;
    /** Why the process could not be started (no such folder, say), once node has said so. */
    startError(): Error | undefined;
}

/** A pack's end: its exit code, or the signal that ended it. */
export interface PackExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

/** Packs still running, killed when this process exits; one listener for all, however many run at once. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of live) child.kill();
});

/**
 * The plan's environment for the pack, which runs in its own folder: a relative NODE_EXTRA_CA_CERTS
 * is made absolute, so the pack loads the certificates the plan did instead of warning that it cannot.
 */
export function packEnvironment(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): NodeJS.ProcessEnv {
    const certs = env.NODE_EXTRA_CA_CERTS;
    return certs === undefined || certs === "" || path.isAbsolute(certs) ? env : { ...env, NODE_EXTRA_CA_CERTS: path.resolve(cwd, certs) };
}

/** Spawns the pack. Without `enginePort`, a free port is reserved for the engine stand-in. */
export async function spawnPackProcess(packDir: string, enginePort?: number): Promise<PackProcess> {
    const port = enginePort ?? await freePort();
    const spawnedAt = Date.now();
    const child = spawn(
        process.execPath,
        [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), `127.0.0.1:${port}`, "."],
        { cwd: packDir, stdio: ["ignore", "pipe", "pipe"], env: packEnvironment(process.env) },
    );
    // The pack serves until it is killed: if this process ends without stopping it, end it too.
    live.add(child);
    child.once("exit", () => live.delete(child));
    // Both streams are read from the spawn, and the exit kept: a pack that dies while the plan is
    // still loading must be seen to have died. Node drains an unread stdout when its child exits
    // (flushStdio in lib/internal/child_process.js), so the port, and the 'end', are gone by the
    // time a late listener comes.
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
    });
    let exit: PackExit | undefined;
    child.once("exit", (code, signal) => (exit = { code, signal }));
    // Node reports a failed spawn as an event, possibly before anyone waits for the port: keep it.
    let startError: Error | undefined;
    child.on("error", (error) => (startError ??= error));
    return { child, enginePort: port, spawnedAt, stdout: () => stdout, stderr: () => stderr, exit: () => exit, startError: () => startError };
}

/** A port the OS just handed out and released (the caller binds it again at once). */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port reserved"))));
        });
    });
}
