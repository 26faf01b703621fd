import * as path from "node:path";
import { parseArgs } from "node:util";
import { planOutputs } from "../../plan/outputs";

/** The outputs of a command line, read as the CLI reads it. */
const outputsOf = (...args: string[]) =>
    planOutputs(parseArgs({ args, options: { stack: { type: "string" }, format: { type: "string", multiple: true }, out: { type: "string", multiple: true } }, strict: true, tokens: true }).tokens);

test("without --format, the table goes to stdout, or to the one --out", () => {
    expect(outputsOf()).toEqual([{ format: "table" }]);
    expect(outputsOf("--stack", "dev", "--out", "plan.txt")).toEqual([{ format: "table", out: "plan.txt" }]);
});

test("one --format takes the one --out wherever it stands, as before several could be given", () => {
    expect(outputsOf("--format", "sarif", "--out", "plan.sarif")).toEqual([{ format: "sarif", out: "plan.sarif" }]);
    expect(outputsOf("--out", "plan.sarif", "--stack", "dev", "--format", "sarif")).toEqual([{ format: "sarif", out: "plan.sarif" }]);
    expect(outputsOf("--format=json")).toEqual([{ format: "json" }]);
});

test("several formats each write to the --out after them, one of them at most to stdout", () => {
    expect(outputsOf("--format", "sarif", "--out", "plan.sarif", "--stack", "dev", "--format", "markdown", "--out", "summary.md", "--format", "github")).toEqual([
        { format: "sarif", out: "plan.sarif" },
        { format: "markdown", out: "summary.md" },
        { format: "github" },
    ]);
    expect(outputsOf("--format", "table", "--format=json", "--out=plan.json")).toEqual([{ format: "table" }, { format: "json", out: "plan.json" }]);
});

test("a format the plan does not write is refused, naming it and the ones it does", () => {
    expect(() => outputsOf("--format", "yaml")).toThrow("--format yaml: must be one of table, json, sarif, markdown, github");
    expect(() => outputsOf("--format", "json", "--format", "SARIF", "--out", "x")).toThrow("--format SARIF: must be one of");
});

test("two reports for stdout, an --out before any of several formats, or two files for one format are refused", () => {
    expect(() => outputsOf("--format", "json", "--format", "github")).toThrow("--format github: --format json already writes to stdout; give all but one format an --out FILE");
    expect(() => outputsOf("--format", "json", "--out", "a.json", "--format", "table", "--format", "github")).toThrow("--format github: --format table already writes to stdout");
    expect(() => outputsOf("--out", "a", "--format", "json", "--format", "sarif")).toThrow("--out a: comes before any --format; with several formats, each --out follows the --format it writes");
    expect(() => outputsOf("--format", "json", "--out", "a", "--out", "b", "--format", "sarif", "--out", "c")).toThrow("--out b: --format json already writes to a; give each file its own --format before it");
    expect(() => outputsOf("--format", "json", "--out", "a", "--out", "b")).toThrow("--out b: one format writes one file; give each file its own --format before it");
    expect(() => outputsOf("--out", "a", "--out", "b")).toThrow("--out b: one format writes one file");
});

test("two formats to one file, however the path is spelled, or an --out naming no file, are refused", () => {
    expect(() => outputsOf("--format", "json", "--out", "plan.out", "--format", "sarif", "--out", `.${path.sep}plan.out`)).toThrow(`--out .${path.sep}plan.out: --format json writes to that file too; give each format its own file`);
    expect(() => outputsOf("--format", "json", "--out", path.resolve("plan.out"), "--format", "sarif", "--out", "plan.out")).toThrow("--out plan.out: --format json writes to that file too");
    expect(() => outputsOf("--format", "json", "--out", "")).toThrow("--out: names no file");
});
