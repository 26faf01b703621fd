import * as path from "node:path";

export const FORMATS = ["table", "json", "sarif", "markdown", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** One report the plan writes: a format, to a file or (without `out`) to stdout. */
export interface PlanOutput {
    format: Format;
    out?: string;
}

/** The options parseArgs saw, in the order given (its `tokens`); only `--format` and `--out` are read. */
export interface OptionToken {
    kind: string;
    name?: string;
    value?: string;
}

/**
 * The reports one plan writes, from `--format` and `--out` as given: one run can write the SARIF
 * for code scanning, the job summary and the annotations of the same plan. With one `--format`
 * (or none: the table), one `--out` anywhere is its file, as before; with several, each `--out`
 * is the file of the `--format` just before it. At most one report goes to stdout, and no two to
 * one file. Throws the usage error, naming the option.
 */
export function planOutputs(tokens: readonly OptionToken[]): PlanOutput[] {
    const given = tokens.filter((t) => t.kind === "option" && (t.name === "format" || t.name === "out"));
    const formats = given.filter((t) => t.name === "format");
    const outs = given.filter((t) => t.name === "out");
    for (const f of formats) {
        if (!(FORMATS as readonly string[]).includes(f.value ?? "")) throw new Error(`--format ${f.value ?? ""}: must be one of ${FORMATS.join(", ")}`);
    }
    let outputs: PlanOutput[];
    if (formats.length <= 1) {
        if (outs.length > 1) throw new Error(`--out ${outs[1].value ?? ""}: one format writes one file; give each file its own --format before it`);
        outputs = [{ format: (formats[0]?.value ?? "table") as Format, ...(outs.length === 1 ? { out: outs[0].value } : {}) }];
    } else {
        outputs = [];
        for (const t of given) {
            if (t.name === "format") {
                outputs.push({ format: t.value as Format });
                continue;
            }
            const last = outputs[outputs.length - 1];
            if (last === undefined) throw new Error(`--out ${t.value ?? ""}: comes before any --format; with several formats, each --out follows the --format it writes`);
            if (last.out !== undefined) throw new Error(`--out ${t.value ?? ""}: --format ${last.format} already writes to ${last.out}; give each file its own --format before it`);
            last.out = t.value;
        }
    }
    const toStdout = outputs.filter((o) => o.out === undefined);
    if (toStdout.length > 1) {
        throw new Error(`--format ${toStdout[1].format}: --format ${toStdout[0].format} already writes to stdout; give all but one format an --out FILE`);
    }
    const files = new Map<string, PlanOutput>();
    for (const o of outputs) {
        if (o.out === undefined) continue;
        if (o.out === "") throw new Error(`--out: names no file`);
        const file = path.resolve(o.out);
        const before = files.get(file);
        if (before !== undefined) throw new Error(`--out ${o.out}: --format ${before.format} writes to that file too; give each format its own file`);
        files.set(file, o);
    }
    return outputs;
}
