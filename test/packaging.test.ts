import { execFileSync } from "node:child_process";
import { isBuiltin } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { npmCommand } from "./support/npm";

// A platform team's own Pulumi program depends on this package (`npm pack` tarball or git) and imports
// "azure-byok/components"; its tests run it under "azure-byok/plan/mocks".
const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    scripts: Record<string, string>;
    files: string[];
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
const policiesPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8")) as { compilerOptions: Record<string, unknown>; include: string[] };
const ENTRY_POINTS = ["./components", "./plan/mocks"];
const PULUMI_SDKS = ["@pulumi/pulumi", "@pulumi/azure-native", "@pulumi/azuread", "@pulumi/random", "@pulumi/tls", "@pulumiverse/time"];

/** The compiled entry point's files, as package.json's `exports` names them. */
function entryPoint(subpath: string): { types: string; default: string } {
    const target = pkg.exports[subpath];
    if (typeof target !== "object") throw new Error(`package.json exports has no conditions for "${subpath}"`);
    return target;
}

/** The README's example program, from its section on using the components from your own program. */
function readmeExample(): string {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split("\n### Using the components from your own program\n")[1]?.split("\n### ")[0];
    const example = section === undefined ? undefined : /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    if (example === undefined) throw new Error("README.md has no ```ts example under \"Using the components from your own program\"");
    return example;
}

/** The package a module specifier names ("@scope/name" or "name"). */
function packageOf(specifier: string): string {
    return specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
}

/** The files of the package `dir` its entry points load (JavaScript through require, declarations through import), and the packages they name. */
function reachedFrom(dir: string, entries: { types: string; default: string }[]): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
        if (files.has(file)) return;
        files.add(file);
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        const declarations = file.endsWith(".d.ts");
        // tsc's CommonJS output loads with require(); declarations import types with `from "..."` or import("...").
        const pattern = declarations ? /(?:\bfrom |\bimport\()"([^"]+)"/g : /\brequire\("([^"]+)"\)/g;
        for (const [, specifier] of text.matchAll(pattern)) {
            if (!specifier.startsWith(".")) {
                packages.add(packageOf(specifier));
                continue;
            }
            const base = path.posix.join(path.posix.dirname(file), specifier);
            const candidates = declarations ? [`${base}.d.ts`, `${base}/index.d.ts`] : [`${base}.js`, `${base}/index.js`, base];
            const found = candidates.find((c) => fs.existsSync(path.join(dir, c)) && fs.statSync(path.join(dir, c)).isFile());
            if (found === undefined) throw new Error(`${file} loads "${specifier}", which the package does not carry`);
            visit(found);
        }
    };
    for (const entry of entries) {
        visit(path.posix.normalize(entry.default));
        visit(path.posix.normalize(entry.types));
    }
    return { files, packages };
}

describe("package.json's entry points", () => {
    test.each(ENTRY_POINTS)("%s maps to the JavaScript and declarations tsconfig.build.json emits from a source that exists", (subpath) => {
        const { types, default: js } = entryPoint(subpath);
        const source = `${subpath.slice(2)}${fs.existsSync(path.join(ROOT, `${subpath.slice(2)}.ts`)) ? ".ts" : "/index.ts"}`;
        expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
        expect(build.include.some((glob) => glob.endsWith("/**/*.ts") && source.startsWith(glob.slice(0, -"**/*.ts".length)))).toBe(true);
        expect(build.compilerOptions).toMatchObject({ outDir: "dist", rootDir: ".", declaration: true });
        expect(js).toBe(`./dist/${source.replace(/\.ts$/, ".js")}`);
        expect(types).toBe(`./dist/${source.replace(/\.ts$/, ".d.ts")}`);
        // TypeScript's moduleResolution "node" (Pulumi's template) reads typesVersions, not exports.
        expect(pkg.typesVersions["*"][subpath.slice(2)]).toEqual([types.slice(2)]);
    });

    test("the Pulumi SDKs are peers in the range of the versions this repository pins, so a consumer's program and the components share one", () => {
        for (const sdk of PULUMI_SDKS) {
            expect(pkg.dependencies[sdk]).toBeUndefined();
            expect(pkg.peerDependencies[sdk]).toBe(`^${pkg.devDependencies[sdk]}`);
        }
    });

    test("every package the repository's TypeScript imports is one its package.json declares (policies/ has its own)", () => {
        const undeclared: string[] = [];
        const walk = (dir: string): void => {
            for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
                const rel = path.posix.join(dir, entry.name);
                if (entry.isDirectory() && !["node_modules", "dist", "bin", ".git"].includes(entry.name)) walk(rel);
                if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name) || entry.name.endsWith(".d.ts")) continue;
                const owner = rel.startsWith("policies/") ? policiesPkg : pkg;
                const declared = { ...owner.dependencies, ...owner.devDependencies, ...owner.peerDependencies };
                const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
                for (const [, specifier] of text.matchAll(/(?:^import .*? from |^import |\brequire\(|\bimport\()"([^"./][^"]*)"/gm)) {
                    const name = packageOf(specifier);
                    // A types-only package ("sarif") is declared as its DefinitelyTyped name.
                    const typesName = `@types/${name.replace(/^@(.*)\//, "$1__")}`;
                    if (!isBuiltin(specifier) && declared[name] === undefined && declared[typesName] === undefined) undeclared.push(`${rel}: ${name}`);
                }
            }
        };
        for (const dir of ["components", "stacks", "plan", "policies", "verification", "bench", "test"]) walk(dir);
        expect(undeclared).toEqual([]);
    });

    test("npm builds before it packs or installs from git, so dist/ is in the package though git ignores it", () => {
        expect(pkg.scripts.prepare).toBe("npm run -s build");
        expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json( |$)/);
    });
});

describe("a platform team's program depending on the packed package", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-byok-consumer-"));
    let consumer: string;
    let packed: string[];
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    beforeAll(() => {
        if (!fs.existsSync(path.join(ROOT, "dist/components/index.d.ts"))) throw new Error("dist/ has no declarations: run `npm run build` first (npm test does)");
        // The build is checked above; the tarball is what npm would publish from it.
        const [{ filename, files }] = JSON.parse(execFileSync(...npmCommand(["pack", "--ignore-scripts", "--json", "--pack-destination", dir]), { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as { filename: string; files: { path: string }[] }[];
        packed = files.map((f) => f.path);
        consumer = path.join(dir, "consumer");
        const installed = path.join(consumer, "node_modules", pkg.name);
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(dir, filename), "-C", installed, "--strip-components=1"]);
        // The consumer's own node_modules: only the peers and dependencies npm would install beside the package,
        // so a module the package requires without declaring it fails here as it would for the consumer.
        for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), "@types/node"]) {
            fs.mkdirSync(path.dirname(path.join(consumer, "node_modules", name)), { recursive: true });
            fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(consumer, "node_modules", name));
        }
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "platform", private: true }));
        fs.writeFileSync(path.join(consumer, "index.ts"), [
            'import * as pulumi from "@pulumi/pulumi";',
            'import { EncryptionKey, KeyVault, KeyVaultArgs } from "azure-byok/components";',
            'import { setAzureMocks, settle } from "azure-byok/plan/mocks";',
            "",
            "export async function run(): Promise<string[]> {",
            "    const { recorder } = await setAzureMocks();",
            '    const args: KeyVaultArgs = { resourceGroupName: "rg-byok", location: "westeurope" };',
            '    const key = new EncryptionKey("cmk", { keyVault: new KeyVault("kv", args) });',
            "    await new Promise<void>((resolve) => pulumi.all([key.keyUri]).apply(() => resolve()));",
            "    await settle();",
            '    return recorder.requests.map((r) => `${r.type}::${r.name}`);',
            "}",
            "",
        ].join("\n"));
        fs.writeFileSync(path.join(consumer, "readme.ts"), readmeExample());
        // Pulumi's TypeScript template, with flags this repository does not compile under: the consumer reads .d.ts only.
        fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify({
            compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: true, outDir: "bin", types: ["node"] },
            files: ["index.ts", "readme.ts"],
        }));
    }, 60000);

    test("carries the compiled components and mocks, with declarations, and no TypeScript source (ts-node does not compile node_modules)", () => {
        expect(packed).toEqual(expect.arrayContaining(["package.json", "dist/components/index.js", "dist/components/index.d.ts", "dist/plan/mocks.js", "dist/plan/mocks.d.ts"]));
        expect(packed.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    });

    test("carries exactly what its entry points reach, JavaScript and declarations, and requires only the packages it declares", () => {
        const { files, packages } = reachedFrom(path.join(consumer, "node_modules", pkg.name), ENTRY_POINTS.map((e) => entryPoint(e)));
        // Each module's declarations ship beside it, reached or not: what a consumer's editor shows on "go to definition".
        const expected = new Set([...files].flatMap((f) => (f.endsWith(".js") ? [f, f.replace(/\.js$/, ".d.ts")] : [f])));
        expect(packed.filter((f) => f.startsWith("dist/")).sort()).toEqual([...expected].sort());
        const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
        expect([...packages].filter((p) => !declared.has(p) && !isBuiltin(p))).toEqual([]);
    });

    test("compiles against the declarations, with the README's example, and runs in plain Node, registering the vault and key through the consumer's own Pulumi SDK", () => {
        try {
            execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: consumer, encoding: "utf8" });
        } catch (e) {
            // tsc reports on stdout: show its errors, not only its exit code.
            throw new Error(`the consumer does not compile:\n${e instanceof Error && "stdout" in e ? String(e.stdout) : String(e)}`);
        }
        const out = execFileSync(process.execPath, ["-e", 'require("./bin/index.js").run().then((r) => console.log(JSON.stringify(r)))'], { cwd: consumer, encoding: "utf8" });
        expect(JSON.parse(out)).toEqual(expect.arrayContaining(["azure-native:keyvault:Vault::kv-vault", "azure-native:keyvault:Key::cmk-key"]));
    }, 60000);
});
