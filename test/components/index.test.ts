import * as path from "node:path";
import * as ts from "typescript";

const index = path.join(__dirname, "..", "..", "components", "index.ts");
const program = ts.createProgram([index], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, noEmit: true, skipLibCheck: true, types: [] });
const checker = program.getTypeChecker();
const indexFile = program.getSourceFile(index);
const moduleSymbol = indexFile === undefined ? undefined : checker.getSymbolAtLocation(indexFile);
const exports = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
const exported = new Set(exports.map((s) => s.name));
const componentsDir = path.dirname(index);

/** The components/ types a declaration spells out (`tier: FlexibleServerTier`), however deeply nested, with their declarations. */
function referencedComponentTypes(node: ts.Node, found: Map<string, readonly ts.Declaration[]>): Map<string, readonly ts.Declaration[]> {
    if (ts.isTypeReferenceNode(node)) {
        const symbol = checker.getSymbolAtLocation(node.typeName);
        const target = symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const file = target?.declarations?.[0]?.getSourceFile().fileName;
        if (target !== undefined && file !== undefined && path.dirname(file) === componentsDir) found.set(target.name, target.declarations ?? []);
    }
    // A block body: forEachChild stops at the first callback that returns a value.
    node.forEachChild((child) => {
        referencedComponentTypes(child, found);
    });
    return found;
}

test("exports each components/ type a public Args interface is written with, at any depth, so a caller can name it", () => {
    expect(exported.has("CmkPostgresqlFlexibleServerArgs")).toBe(true);
    const missing = new Set<string>();
    for (const symbol of exports.filter((s) => s.name.endsWith("Args"))) {
        // The types its types are written with too (secretsExportConfiguration.readers: SecretReader[]).
        const seen = new Set<string>([symbol.name]);
        const pending = [...(symbol.declarations ?? [])];
        for (let declaration = pending.pop(); declaration !== undefined; declaration = pending.pop()) {
            if (!ts.isInterfaceDeclaration(declaration) && !ts.isTypeAliasDeclaration(declaration)) continue;
            for (const [type, declarations] of referencedComponentTypes(declaration, new Map())) {
                if (seen.has(type)) continue;
                seen.add(type);
                if (!exported.has(type)) missing.add(`${symbol.name}: ${type}`);
                pending.push(...declarations);
            }
        }
    }
    expect([...missing].sort()).toEqual([]);
});
