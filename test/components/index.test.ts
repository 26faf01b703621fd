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

/** Names of components/ types a declaration spells out (`tier: FlexibleServerTier`), however deeply nested. */
function referencedComponentTypes(node: ts.Node, found: Set<string>): Set<string> {
    if (ts.isTypeReferenceNode(node)) {
        const symbol = checker.getSymbolAtLocation(node.typeName);
        const target = symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const file = target?.declarations?.[0]?.getSourceFile().fileName;
        if (target !== undefined && file !== undefined && path.dirname(file) === componentsDir) found.add(target.name);
    }
    // A block body: forEachChild stops at the first callback that returns a value.
    node.forEachChild((child) => {
        referencedComponentTypes(child, found);
    });
    return found;
}

test("exports each components/ type a public Args interface is written with, so a caller can name it", () => {
    expect(exported.has("CmkPostgresqlFlexibleServerArgs")).toBe(true);
    const missing = new Set<string>();
    for (const symbol of exports.filter((s) => s.name.endsWith("Args"))) {
        for (const declaration of symbol.declarations ?? []) {
            if (!ts.isInterfaceDeclaration(declaration) && !ts.isTypeAliasDeclaration(declaration)) continue;
            for (const type of referencedComponentTypes(declaration, new Set())) if (!exported.has(type)) missing.add(`${symbol.name}: ${type}`);
        }
    }
    expect([...missing].sort()).toEqual([]);
});
