import { execFileSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

// Module loading is Node's own, not jest's: the check runs in a plain node process, on the
// compiled module that the pack and the plan import (built by `npm run build`).
function inNode(script: string): unknown {
    const lazy = path.join(root, "policies", "bin", "lib", "lazy-modules.js");
    const out = execFileSync(process.execPath, ["-e", `require(${JSON.stringify(lazy)});\n${script}`], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return JSON.parse(out);
}

const loadedScript = `
const sep = require("path").sep;
const loaded = () => ({
    typescript: Object.keys(require.cache).some((f) => f.endsWith(sep + "typescript" + sep + "lib" + sep + "typescript.js")),
    arborist: Object.keys(require.cache).some((f) => f.includes(sep + "@npmcli" + sep + "arborist" + sep)),
});`;

test("loading the Pulumi SDK loads neither TypeScript nor npm's arborist", () => {
    expect(inNode(`${loadedScript}
require("@pulumi/pulumi");
console.log(JSON.stringify(loaded()));`)).toEqual({ typescript: false, arborist: false });
});

test("serializing a function and computing code paths still work, loading each module at first use", () => {
    expect(inNode(`${loadedScript}
const pulumi = require("@pulumi/pulumi");
(async () => {
    const fn = await pulumi.runtime.serializeFunction(() => 6 * 7);
    const afterSerialize = loaded();
    const paths = await pulumi.runtime.computeCodePaths();
    console.log(JSON.stringify({ serialized: fn.text.includes("6 * 7"), afterSerialize, codePaths: paths.size > 0, afterCodePaths: loaded() }));
})();`)).toEqual({
        serialized: true,
        afterSerialize: { typescript: true, arborist: false },
        codePaths: true,
        afterCodePaths: { typescript: true, arborist: true },
    });
});
