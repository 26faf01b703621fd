import { execFileSync, spawn } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseStackConfig } from "../stacks/config";
import { program } from "../stacks/program";
import { RecordedResource, setAzureMocks, settle } from "../plan/mocks";
import { PolicyPackClient } from "../plan/policy-client";

/**
 * The policy pack's start-to-ready time (spawn as the CLI does → port printed → GetAnalyzerInfo
 * answered) and its Analyze/AnalyzeStack time for 1,000 resources, over the gRPC protocol.
 * Usage: `npm run bench:policy-pack [-- --starts 5 --resources 1000]`. Prints figures, judges nothing.
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
};
const STARTS = option("starts", 5);
const RESOURCES = option("resources", 1000);

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function fmt(values: number[]): string {
    return `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;
}

/** The dev stack's resources, repeated with distinct names and URNs until there are `count`. */
async function resources(count: number): Promise<RecordedResource[]> {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "bench" });
    await program(parseStackConfig({
        resourceGroupName: "rg-byok-bench",
        location: "westeurope",
        vaults: [{ name: "kv", keys: [{ name: "cmk" }] }],
        identities: [{ name: "id-cmk" }],
        registries: [{ name: "acr", key: "cmk", identity: "id-cmk" }],
        storageAccounts: [{ name: "st", key: "cmk", identity: "id-cmk" }],
        diskEncryptionSets: [{ name: "des", key: "cmk", identity: "id-cmk" }],
    }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    const template = recorder.resources.filter((r) => r.custom);
    const out: RecordedResource[] = [];
    for (let copy = 0; out.length < count; copy++) {
        for (const r of template) {
            if (out.length === count) break;
            const rename = (s: string) => s.replace(/kv-([a-z0-9]{6})/g, `kv-$1${copy}`);
            out.push(JSON.parse(rename(JSON.stringify({ ...r, urn: `${r.urn}-${copy}`, name: `${r.name}-${copy}` }))) as RecordedResource);
        }
    }
    return out;
}

/**
 * The floor: a process that loads what the CLI's runner loads before any rule (node, @pulumi/pulumi
 * through @pulumi/policy, TypeScript and the runner's vendored ts-node) and prints a line.
 */
function floorOnce(): Promise<number> {
    const script = [
        "require('@pulumi/policy')",
        "require('typescript')",
        "require(require('@pulumi/pulumi/tsutils').typeScriptRequireStrings().tsnodeRequire)",
        "console.log(1)",
    ].join(";");
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "..", "policies"), stdio: ["ignore", "pipe", "inherit"] });
        child.stdout.once("data", () => resolve(performance.now() - t0));
        child.once("error", reject);
    });
}

async function main(): Promise<void> {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.resolve(__dirname, "..", "policies", "tsconfig.json")]);
    const stack = await resources(RESOURCES);

    const floor: number[] = [];
    for (let i = 0; i < STARTS; i++) floor.push(await floorOnce());

    const toPort: number[] = [];
    const toReady: number[] = [];
    for (let i = 0; i < STARTS; i++) {
        const t0 = performance.now();
        const pack = await PolicyPackClient.start();
        toReady.push(performance.now() - t0);
        toPort.push(pack.startMs);
        await pack.stop();
    }

    const pack = await PolicyPackClient.start();
    const sequential: number[] = [];
    const parallel: number[] = [];
    const stackTimes: number[] = [];
    let violations = 0;
    try {
        await pack.configureStack({ stack: "bench", project: "azure-byok" });
        await pack.configure({ "azure-byok-profile": { profile: "baseline" } });
        await pack.analyzeAll(stack.slice(0, 50), 1); // warm-up
        for (let i = 0; i < 3; i++) {
            let t0 = performance.now();
            violations = (await pack.analyzeAll(stack, 1)).length;
            sequential.push(performance.now() - t0);
            t0 = performance.now();
            await pack.analyzeAll(stack, 16);
            parallel.push(performance.now() - t0);
            t0 = performance.now();
            violations += (await pack.analyzeStack(stack)).length;
            stackTimes.push(performance.now() - t0);
        }
    } finally {
        await pack.stop();
    }
    const lines = [
        `policy pack: ${pack.info.name}@${pack.info.version}, ${pack.info.policies.length} policies; node ${process.version}`,
        `floor (node + @pulumi/policy + typescript + ts-node loaded): ${fmt(floor)}`,
        `start → port printed:        ${fmt(toPort)}  (${(median(toPort) / median(floor)).toFixed(2)}× the floor)`,
        `start → GetAnalyzerInfo ok:  ${fmt(toReady)}`,
        `Analyze ×${stack.length}, 1 in flight:   ${fmt(sequential)} (${(median(sequential) / stack.length).toFixed(2)} ms/resource)`,
        `Analyze ×${stack.length}, 16 in flight:  ${fmt(parallel)}`,
        `AnalyzeStack (${stack.length} resources):  ${fmt(stackTimes)}`,
        `diagnostics per pass: ${violations}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    process.exit(0);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(2);
});
