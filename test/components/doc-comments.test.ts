// STYLE.md: short comments that say why. A doc comment left behind when its function moved, or
// naming a parameter since renamed, says something false about the code below it.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const dir = path.join(__dirname, "..", "..", "components");
const sources = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => ts.createSourceFile(f, readFileSync(path.join(dir, f), "utf8"), ts.ScriptTarget.ES2022, true));

/** Every identifier and every word of a string the components' code holds: what a doc comment may name. */
function namesInCode(): Set<string> {
    const names = new Set<string>();
    const visit = (node: ts.Node) => {
        if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) names.add(node.text);
        if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
            for (const m of node.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) names.add(m[0]);
        }
        node.forEachChild(visit);
    };
    sources.forEach(visit);
    return names;
}

test("each doc comment documents the declaration right below it, never another doc comment", () => {
    const stacked = sources.flatMap((s) => [...s.text.matchAll(/\*\/[ \t]*\n[ \t]*\/\*\*/g)].map((m) => `${s.fileName}:${s.getLineAndCharacterOfPosition(m.index).line + 2}`));
    expect(stacked).toEqual([]);
});

/** Names a doc comment quotes that the code rightly never holds. */
const QUOTED_ON_PURPOSE = new Set([
    "softDeleteRetentionDays", // closestName's example of a misspelt argument
]);

test("a function's doc comment names in backticks only its parameters and identifiers the code holds", () => {
    const names = namesInCode();
    const unknown: string[] = [];
    for (const source of sources) {
        const visit = (node: ts.Node) => {
            if (ts.isFunctionDeclaration(node)) {
                const params = new Set(node.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
                const docs = ts.getJSDocCommentsAndTags(node).map((d) => d.getText(source)).join("\n");
                // camelCase only: lowercase words in backticks are Azure's (a URL's `sig`, an error `code`).
                for (const m of docs.matchAll(/`([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)`/g)) {
                    if (!params.has(m[1]) && !names.has(m[1]) && !QUOTED_ON_PURPOSE.has(m[1])) unknown.push(`${source.fileName}: ${node.name?.text ?? "(anonymous)"} names \`${m[1]}\``);
                }
            }
            node.forEachChild(visit);
        };
        visit(source);
    }
    expect(unknown).toEqual([]);
});
