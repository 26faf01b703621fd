/**
 * Fleet verification against the Key Vault stand-in: N keys across V vaults, each vault throttled
 * like Key Vault (a transaction limit per vault per window, 429 + Retry-After beyond it).
 * Reports vault calls per key, keys per second, 429s received, and failed checks by cause.
 *
 *   npm run -s bench:verify -- [--keys 1000] [--vaults 10] [--limit 2000] [--window-ms 10000]
 *                              [--concurrency 16] [--per-vault 4] [--json]
 *
 * The stand-in runs in a child process (`--serve`), so the verifier does not share its thread;
 * on a 2-core machine they still share the cores, so keys per second is a floor.
 */
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as readline from "node:readline";
import { parseArgs } from "node:util";
import { ClientSecretCredential } from "@azure/identity";
import { z } from "zod";
import { newTenantId, setEnv, startKeyVaultStandIn } from "../test/support/keyvault";
import { verifyKeys } from "../verification";

const Options = z.object({
    keys: z.coerce.number().int().min(1).default(1000),
    vaults: z.coerce.number().int().min(1).default(10),
    limit: z.coerce.number().int().min(1).default(2000),
    windowMs: z.coerce.number().int().min(100).default(10_000),
    concurrency: z.coerce.number().int().min(1).default(16),
    perVault: z.coerce.number().int().min(1).default(4),
    json: z.boolean().default(false),
});

interface Setup {
    proxyUrl: string;
    tenantId: string;
    clientId: string;
    secret: string;
    keyIds: string[];
}

interface ServerStats {
    authenticated: number;
    challenges: number;
    throttled: number;
    tokenRequests: number;
    tunnels: number;
    peakTransactionsInAnyWindowPerVault: number;
    responses: Record<string, number>;
}

type Options = z.infer<typeof Options>;

/** The stand-in side, run in its own process so it does not share the verifier's thread. */
async function serve(o: Options): Promise<void> {
    const standIn = await startKeyVaultStandIn();
    const tenantId = newTenantId();
    const app = standIn.registerApplication({ tenantId, displayName: "bench", secret: "bench-secret" });
    // A few real RSA-2048 key pairs shared by all keys: generating 1,000 would dominate the run.
    const pairs = Array.from({ length: 8 }, () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }));
    for (let v = 0; v < o.vaults; v++) {
        const vault = standIn.addVault(`kv-bench-${v}`, tenantId);
        vault.assignRole(app.objectId, "Key Vault Crypto User");
        vault.throttle = { limit: o.limit, windowMs: o.windowMs };
    }
    const keyIds = Array.from({ length: o.keys }, (_, k) => standIn.vault(`kv-bench-${k % o.vaults}`).createKey(`key-${k}`, { keyPair: pairs[k % pairs.length] }));
    const setup: Setup = { proxyUrl: standIn.proxyUrl, tenantId, clientId: app.clientId, secret: "bench-secret", keyIds };
    process.stdout.write(`${JSON.stringify(setup)}\n`);
    // Any line on stdin asks for the figures; then the stand-in stops.
    await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
    const log = standIn.log;
    const ok = log.filter((e) => e.authenticated && e.status !== 429);
    const vaults = [...new Set(log.map((e) => e.vault))];
    const stats: ServerStats = {
        authenticated: ok.length,
        challenges: log.filter((e) => !e.authenticated).length,
        throttled: log.filter((e) => e.status === 429).length,
        tokenRequests: standIn.tokens.issued.length,
        tunnels: standIn.tunnels.length,
        peakTransactionsInAnyWindowPerVault: Math.max(...vaults.map((v) => peak(ok.filter((e) => e.vault === v).map((e) => e.at), o.windowMs))),
        responses: log.reduce<Record<string, number>>((acc, e) => ({ ...acc, [`${e.operation} ${e.status}`]: (acc[`${e.operation} ${e.status}`] ?? 0) + 1 }), {}),
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    await standIn.close();
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            keys: { type: "string" },
            vaults: { type: "string" },
            limit: { type: "string" },
            "window-ms": { type: "string" },
            concurrency: { type: "string" },
            "per-vault": { type: "string" },
            json: { type: "boolean" },
            serve: { type: "boolean" },
        },
    });
    const o = Options.parse({ ...values, windowMs: values["window-ms"], perVault: values["per-vault"] });
    if (values.serve) {
        return serve(o);
    }
    const server = spawn(process.execPath, [...process.execArgv, __filename, "--serve", ...process.argv.slice(2)], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: server.stdout });
    const nextLine = (): Promise<string> => new Promise((resolve) => lines.once("line", resolve));
    const setup = JSON.parse(await nextLine()) as Setup;
    const restore = setEnv({ HTTPS_PROXY: setup.proxyUrl, NO_PROXY: "" });
    try {
        const credential = new ClientSecretCredential(setup.tenantId, setup.clientId, setup.secret);
        const started = performance.now();
        const result = await verifyKeys(setup.keyIds, { credential, concurrency: o.concurrency, perVaultConcurrency: o.perVault });
        const seconds = (performance.now() - started) / 1000;
        server.stdin.write("stats\n");
        const stats = JSON.parse(await nextLine()) as ServerStats;
        const failures = result.keys.flatMap((k) => k.steps.filter((s) => !s.ok).map((s) => s.error?.code ?? "unknown"));
        const figures = {
            keys: o.keys,
            vaults: o.vaults,
            throttle: `${o.limit} per ${o.windowMs / 1000} s per vault`,
            concurrency: `${o.concurrency} keys, ${o.perVault} per vault`,
            seconds: round(seconds),
            keysPerSecond: round(o.keys / seconds),
            vaultCallsPerKey: round((stats.authenticated + stats.challenges + stats.throttled) / o.keys),
            operationsPerKey: round(stats.authenticated / o.keys),
            challengesPerKey: round(stats.challenges / o.keys),
            answered429: stats.throttled,
            tokenRequests: stats.tokenRequests,
            proxyTunnels: stats.tunnels,
            peakTransactionsInAnyWindowPerVault: stats.peakTransactionsInAnyWindowPerVault,
            keysPassed: result.keys.filter((k) => k.ok).length,
            failedChecks: failures.length,
            failedChecksByCode: failures.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {}),
            responses: stats.responses,
            firstFailures: [...new Set(result.keys.flatMap((k) => k.steps.filter((s) => !s.ok).map((s) => s.error?.message ?? "")))].slice(0, 3),
        };
        if (o.json) {
            process.stdout.write(`${JSON.stringify(figures)}\n`);
        } else {
            for (const [name, value] of Object.entries(figures)) {
                process.stdout.write(`${name.padEnd(38)} ${typeof value === "object" ? JSON.stringify(value) : value}\n`);
            }
        }
        if (failures.length > 0) {
            process.exitCode = 1;
        }
    } finally {
        restore();
        lines.close();
        server.stdin.end();
    }
}

/** The most timestamps inside any sliding window of `windowMs`. */
function peak(times: number[], windowMs: number): number {
    const sorted = [...times].sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < sorted.length; i++) {
        while (sorted[i] - sorted[j] >= windowMs) {
            j++;
        }
        best = Math.max(best, i - j + 1);
    }
    return best;
}

function round(n: number): number {
    return Math.round(n * 100) / 100;
}

main().catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
});
