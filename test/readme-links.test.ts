import { existsSync, readFileSync } from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const DOCUMENTS = ["README.md", "policies/README.md", "bench/README.md"];

/** GitHub's heading anchor: lower case, punctuation other than hyphens and underscores dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const result = new Set<string>();
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (line.trimStart().startsWith("```")) fenced = !fenced;
        const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (heading === null) continue;
        const text = heading[1].replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
        const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        result.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return result;
}

/** Markdown links outside code: `[text](target)`. */
function links(markdown: string): string[] {
    const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe.each(DOCUMENTS)("%s", (document) => {
    const markdown = readFileSync(path.join(ROOT, document), "utf8");

    test("every link to a heading of its own names one", () => {
        const own = anchors(markdown);
        const broken = links(markdown).filter((l) => l.startsWith("#") && !own.has(l.slice(1)));
        expect(broken).toEqual([]);
    });

    test("every relative link names a file of the repository, and a heading there when it names one", () => {
        const broken = links(markdown)
            .filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith("#"))
            .filter((l) => {
                const [file, anchor] = l.split("#");
                const target = path.join(ROOT, path.dirname(document), decodeURIComponent(file));
                if (!existsSync(target)) return true;
                return anchor !== undefined && target.endsWith(".md") && !anchors(readFileSync(target, "utf8")).has(anchor);
            });
        expect(broken).toEqual([]);
    });
});

test("the anchor rule is GitHub's: punctuation dropped, spaces kept as hyphens, repeats numbered", () => {
    expect([...anchors("# Verify a deployed key (`npm run verify`)\n## Tearing down\n## Tearing down\n### Removing a service, grant, credential or key")]).toEqual([
        "verify-a-deployed-key-npm-run-verify",
        "tearing-down",
        "tearing-down-1",
        "removing-a-service-grant-credential-or-key",
    ]);
    expect(links("see [AKS](#aks-clusters-and-kms) and `[not](#a-link)`")).toEqual(["#aks-clusters-and-kms"]);
});
