import { errorLines, printable, printableLine, withoutLegacyCommands } from "../../plan/format-text";
import { PlanProgramError } from "../../plan/run-plan";
import { PolicyConfigError } from "../../plan/policy-client";
import { ConfigError } from "../../stacks/config";
import { ValidationError } from "../../components/validation";

test("shows every C0 and C1 control character, DEL and bidi override as an escape, and leaves other text alone", () => {
    expect(printable("kv\n::error\r\t\x1b[2J\x00\x7f\u0085\u009b")).toBe("kv\\n::error\\r\\t\\x1b[2J\\x00\\x7f\\x85\\x9b");
    expect(printable("admin\u202etxt.exe \u2066x\u2069 \u202a\u202b\u202c\u202d \u2067\u2068")).toBe("admin\\u202etxt.exe \\u2066x\\u2069 \\u202a\\u202b\\u202c\\u202d \\u2067\\u2068");
    expect(printable("Ünïcödé kv-1 (prod) \u00a0 \u200b 鍵")).toBe("Ünïcödé kv-1 (prod) \u00a0 \u200b 鍵");
});

test("a line cannot start a workflow command, after any whitespace the runner trims", () => {
    for (const start of ["", "  ", "\u00a0", "\u3000", "\ufeff"]) {
        const line = printableLine(`${start}::error file=README.md::forged`);
        expect(line.trimStart().startsWith("::")).toBe(false);
        expect(line).toBe(`${start}\\x3a:error file=README.md::forged`);
    }
    // A tab or a C1 line break before it is shown as an escape, which the runner does not trim.
    expect(printableLine("\t::error::x")).toBe("\\t::error::x");
    expect(printableLine("\u0085::error::x")).toBe("\\x85::error::x");
    expect(printableLine("plan: a :: b")).toBe("plan: a :: b");
});

test("leaves no ##[ anywhere in a line, which the runner takes as a legacy workflow command wherever it starts", () => {
    expect(printable("vendor ##[error file=README.md;line=1]forged")).toBe("vendor #\\x23[error file=README.md;line=1]forged");
    expect(printableLine("##[set-output name=verdict;]passed ###[x] ##[")).toBe("#\\x23[set-output name=verdict;]passed ##\\x23[x] #\\x23[");
    // Only the three characters together: a heading, a lone # and a link keep their text.
    expect(printable("## head # [x](y) #[z]")).toBe("## head # [x](y) #[z]");
    for (const text of ["##[", "###[[", "a##[b##[c", "#\n#[", "\\##[", "##\u202e["]) expect(printable(text)).not.toContain("##[");
});

test("writes ##[ in JSON as #\\u0023[, which parses to the same string", () => {
    const value = { name: "vendor ##[error]x", tags: { owner: "\\##[set-output name=v;]###[" }, list: ["##[", "#", "##"] };
    const json = withoutLegacyCommands(JSON.stringify(value, null, 2), "\\u0023");
    expect(json).not.toContain("##[");
    expect(json).toContain('"vendor #\\u0023[error]x"');
    expect(JSON.parse(json)).toEqual(value);
});

test("prints a listing error's header and each problem on a line of its own, a line break inside a value shown as \\n", () => {
    const config = new ConfigError([
        { path: "azure-byok:vaults[0].vaultName", message: '"kv\n::error file=README.md,line=1::forged" is not a vault name' },
        { path: "azure-byok:location", message: "is required (string)" },
    ]);
    const expected = [
        "The stack config has 2 problems:",
        '  - azure-byok:vaults[0].vaultName: "kv\\n::error file=README.md,line=1::forged" is not a vault name',
        "  - azure-byok:location: is required (string)",
    ];
    expect(errorLines(config)).toEqual(expected);
    // As the plan gets it: the program's ConfigError, wrapped.
    expect(errorLines(new PlanProgramError(config.message, { cause: config }))).toEqual(expected);
    expect(errorLines(new ValidationError('KeyVault "kv\u001b[31m"', [{ field: "lock.name", message: '"a\r\nb" is not a lock name' }]))).toEqual([
        'KeyVault "kv\\x1b[31m": invalid arguments:',
        '  - lock.name: "a\\r\\nb" is not a lock name',
    ]);
    expect(errorLines(new PolicyConfigError(['policy config "x\n::error::y": is a number', "policy config \"all\": is null"]))).toEqual([
        'policy config "x\\n::error::y": is a number',
        'policy config "all": is null',
    ]);
});

test("prints any other error by its own lines, none of them able to start a workflow command or reach the terminal raw", () => {
    expect(errorLines(new Error("Vault \"kv\" would be refused:\n::error file=README.md::forged\r\n  ::warning::x\u001b]0;title\u0007"))).toEqual([
        'Vault "kv" would be refused:',
        "\\x3a:error file=README.md::forged",
        "  \\x3a:warning::x\\x1b]0;title\\x07",
    ]);
    expect(errorLines("a\nb")).toEqual(["a", "b"]);
    expect(errorLines(new Error('client secret "s ##[add-mask]plan" is not a name'))).toEqual(['client secret "s #\\x23[add-mask]plan" is not a name']);
    // A wrapper whose message is not its cause's is printed as its own.
    expect(errorLines(new PlanProgramError("refused\n::x", { cause: new ConfigError([{ path: "p", message: "m" }]) }))).toEqual(["refused", "\\x3a:x"]);
});
