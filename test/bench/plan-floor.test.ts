import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

test("the plan's floor imports exactly the azure-native submodules the program imports, so the ratio compares like with like", () => {
    const imported = new Set<string>();
    for (const dir of ["components", "stacks"]) {
        for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".ts"))) {
            for (const m of readFileSync(path.join(root, dir, file), "utf8").matchAll(/from "@pulumi\/azure-native\/([a-z]+)"/g)) imported.add(m[1]);
        }
    }
    const floor = /AZURE_NATIVE_MODULES = \[([^\]]*)\]/.exec(readFileSync(path.join(root, "bench", "plan-floor.js"), "utf8"));
    expect(floor).not.toBeNull();
    expect(JSON.parse(`[${floor?.[1]}]`)).toEqual([...imported].sort());
});
