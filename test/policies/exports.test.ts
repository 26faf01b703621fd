import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const POLICIES = join(ROOT, "policies");

function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        // bin/ is the compiled pack.
        if (entry.isDirectory()) return ["bin", "node_modules", "dist"].includes(entry.name) ? [] : sources(path);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
    });
}

/** The file a relative import names, or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
    if (!spec.startsWith(".")) return undefined;
    const base = resolve(dirname(from), spec);
    return [`${base}.ts`, join(base, "index.ts")].find(existsSync);
}

/** Names each file is imported by from another file, by the imported file. */
function importedNames(files: string[]): Map<string, Set<string>> {
    const imported = new Map<string, Set<string>>();
    for (const file of files) {
        for (const [, names, spec] of readFileSync(file, "utf8").matchAll(/(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
            const target = resolveImport(file, spec);
            if (target === undefined || target === file) continue;
            const set = imported.get(target) ?? new Set<string>();
            for (const name of names.split(",")) {
                const bare = name.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0];
                if (bare !== "") set.add(bare);
            }
            imported.set(target, set);
        }
    }
    return imported;
}

test("every value the pack exports is imported by another file: an export used only in its own file is module-private", () => {
    const everywhere = ["policies", "test", "bench", "plan", "stacks", "components", "verification"].flatMap((dir) => sources(join(ROOT, dir)));
    const imported = importedNames(everywhere);
    const unused: string[] = [];
    for (const file of sources(POLICIES)) {
        const text = readFileSync(file, "utf8");
        const exported = [...text.matchAll(/^export (?:async )?(?:const|let|function|class) (\w+)/gm)].map((m) => m[1]);
        for (const [, names] of text.matchAll(/^export \{([^}]*)\};?$/gm)) exported.push(...names.split(",").map((n) => n.trim()).filter((n) => n !== ""));
        const inRules = relative(POLICIES, file).startsWith("rules/");
        for (const name of exported) {
            // Each rule file exports its metadata and rule by convention; rules.ts collects the rules.
            if (inRules && (name === "metadata" || name === "rule")) continue;
            if (!imported.get(file)?.has(name)) unused.push(`${relative(ROOT, file)}: ${name}`);
        }
    }
    expect(unused).toEqual([]);
});
