import { execFileSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..", "..");

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
    automation: Object.keys(require.cache).some((f) => f.endsWith(sep + "@pulumi" + sep + "pulumi" + sep + "automation" + sep + "index.js")),
    provider: Object.keys(require.cache).some((f) => f.endsWith(sep + "@pulumi" + sep + "pulumi" + sep + "provider" + sep + "index.js")),
    normalize: Object.keys(require.cache).some((f) => f.includes(sep + "normalize-package-data" + sep)),
});`;

test("loading the Pulumi SDK loads neither TypeScript, npm's arborist and package normalizer, the Automation API nor the provider server", () => {
    expect(inNode(`${loadedScript}
require("@pulumi/pulumi");
console.log(JSON.stringify(loaded()));`)).toEqual({ typescript: false, arborist: false, automation: false, provider: false, normalize: false });
});

test("a deferred module that is one function is imported as the SDK imports it and works when called", () => {
    // codePaths.js imports normalize-package-data with TypeScript's __importDefault and calls its default.
    expect(inNode(`${loadedScript}
const Module = require("module");
const codePaths = require.resolve("@pulumi/pulumi/runtime/closure/codePaths");
const mod = Module._load("normalize-package-data", { filename: codePaths, id: codePaths, paths: Module._nodeModulePaths(require("path").dirname(codePaths)) }, false);
const imported = mod && mod.__esModule ? mod : { default: mod };
const before = loaded().normalize;
const data = { name: undefined, version: undefined, dependencies: { zod: "^4" }, repository: "github:pulumi/pulumi" };
imported.default(data);
console.log(JSON.stringify({ before, after: loaded().normalize, type: typeof mod, repository: data.repository, dependencies: data.dependencies }));`)).toEqual({
        before: false,
        after: true,
        type: "function",
        repository: { type: "git", url: "git+https://github.com/pulumi/pulumi.git" },
        dependencies: { zod: "^4" },
    });
});

test("the Automation API and the provider server load when a program reaches for them", () => {
    expect(inNode(`${loadedScript}
const pulumi = require("@pulumi/pulumi");
const types = { workspace: typeof pulumi.automation.LocalWorkspace, main: typeof pulumi.provider.main };
console.log(JSON.stringify({ types, loaded: loaded() }));`)).toEqual({
        types: { workspace: "function", main: "function" },
        loaded: { typescript: false, arborist: false, automation: true, provider: true, normalize: false },
    });
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
        afterSerialize: expect.objectContaining({ typescript: true, arborist: false }),
        codePaths: true,
        afterCodePaths: expect.objectContaining({ typescript: true, arborist: true }),
    });
});
