import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The project folder, where the plan CLI reads `Pulumi.<stack>.yaml`. */
export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * A test file's scratch folder and its stack files beside the examples, all removed after the file's
 * tests. Name stacks with the process id (`plantest-x-${process.pid}`): the example-stack test leaves
 * those names out while they exist.
 */
export function rootStacks(prefix: string): { scratch: string; stackFile: (stack: string, yaml: string) => string } {
    const scratch = mkdtempSync(path.join(tmpdir(), prefix));
    const files: string[] = [];
    afterAll(() => {
        for (const f of files) rmSync(f, { force: true });
        rmSync(scratch, { recursive: true, force: true });
    });
    return {
        scratch,
        stackFile(stack, yaml) {
            // Else the example-stack test, running beside, takes the file for an example.
            if (!stack.endsWith(`-${process.pid}`)) throw new Error(`stack ${stack}: name a test's stack with -\${process.pid} at the end`);
            const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
            writeFileSync(file, yaml);
            files.push(file);
            return stack;
        },
    };
}
