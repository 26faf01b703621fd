import { execFileSync } from "node:child_process";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const RESULT = "under-mocks-result:";

/** What a program did under the Azure mocks, as the engine sees it. */
export interface ProgramRun {
    /** The messages of the errors that fail the program, each once, as the language host reports them. */
    failures: string[];
    /** `<type>::<name>` of each resource registered. */
    registered: string[];
}

/**
 * Runs `body` (JavaScript, with `pulumi` and the repository's TypeScript modules through `require("./components/…")`)
 * under the Azure mocks in a plain Node process, and waits for its registrations. An Output that fails is an
 * unhandled rejection, which fails a `pulumi up`; jest would instead pin it on whichever test is running.
 */
export function runUnderMocks(body: string, options: { preview?: boolean } = {}): ProgramRun {
    const script = `
const pulumi = require("@pulumi/pulumi");
const { setAzureMocks, settle } = require("./plan/mocks");
const failures = [];
process.on("unhandledRejection", (e) => { if (!failures.includes(e)) failures.push(e); });
(async () => {
    const { recorder } = await setAzureMocks({ preview: ${options.preview === true} });
    ${body}
    await settle();
    await new Promise((r) => setTimeout(r, 50));
    console.log(${JSON.stringify(RESULT)} + JSON.stringify({
        failures: failures.map((e) => (e instanceof Error ? e.message : String(e))),
        registered: recorder.requests.map((r) => r.type + "::" + r.name),
    }));
})();`;
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60000 });
    const line = out.split("\n").find((l) => l.startsWith(RESULT));
    if (line === undefined) throw new Error(`the program printed no result:\n${out}`);
    return JSON.parse(line.slice(RESULT.length)) as ProgramRun;
}

/** The one failure that reports `component`'s invalid arguments (`<component>: invalid arguments:`), as a pulumi up would print it. */
export function validationFailure(run: ProgramRun, component: string): string {
    const found = run.failures.filter((f) => f.includes(`${component}: invalid arguments:`));
    expect(found).toHaveLength(1);
    return found[0];
}
