import { formatMarkdown } from "../../plan/format-markdown";
import type { PlanReport } from "../../plan/report";
import { reportResource } from "../support/plan-report";

const resource = reportResource;

const component = resource("kv-cmk", "azure-byok:keyvault:KeyVault");
const vault = resource("kv-cmk-vault", "azure-native:keyvault:Vault", { protect: true, parent: component.urn });
const keys = Array.from({ length: 10 }, (_, i) => resource(`key-${i}`, "azure-native:keyvault:Key", { protect: true, dependencies: [vault.urn] }));
const grant = resource("app-grant", "azure-native:authorization:RoleAssignment", { dependencies: [keys[0].urn] });

const report = (violations: PlanReport["violations"]): PlanReport => ({
    stack: "dev",
    resources: [component, vault, ...keys, grant],
    violations,
    waves: [[component.urn, vault.urn], keys.map((k) => k.urn), [grant.urn]],
    summary: {
        resources: 13,
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    },
});

test("a clean plan says it passed, with its size, and lists no violation", () => {
    const md = formatMarkdown(report([]));
    expect(md.split("\n").slice(0, 9)).toEqual([
        "## azure-byok plan: stack `dev`",
        "",
        "**Passed:** no mandatory policy violation, 0 advisory.",
        "",
        "13 resources in 3 deploy waves; 11 protected against deletion.",
        "",
        "### Policy violations",
        "",
        "None.",
    ]);
});

test("a blocked plan leads with the verdict and lists mandatory violations first, each with its fix, safe inside the table", () => {
    const md = formatMarkdown(report([
        { policyPack: "azure-byok", policy: "azure-keyvault-key-configure-rotation-policy", enforcementLevel: "advisory", urn: keys[0].urn, message: "Keys rotated by hand are rotated late.\nSet timeAfterCreate to at most \"P90D\"." },
        { policyPack: "azure-byok", policy: "azure-keyvault-vault-enable-purge-protection", enforcementLevel: "mandatory", urn: vault.urn, message: "A vault without purge protection loses keys.\nSet enablePurgeProtection: true | it cannot be <undone> & stays." },
        { policyPack: "azure-byok", policy: "azure-keyvault-key-missing-in-stack", enforcementLevel: "advisory", urn: "", message: "A key the stack uses is not in it." },
    ]));
    expect(md).toContain("**Blocked:** 1 mandatory and 2 advisory policy violations.");
    const rows = md.split("\n").filter((l) => l.startsWith("| mandatory") || l.startsWith("| advisory"));
    expect(rows).toEqual([
        "| mandatory | `azure-keyvault-vault-enable-purge-protection` | kv-cmk-vault | Set enablePurgeProtection: true \\| it cannot be &lt;undone&gt; &amp; stays. |",
        "| advisory | `azure-keyvault-key-configure-rotation-policy` | key-0 | Set timeAfterCreate to at most \"P90D\". |",
        "| advisory | `azure-keyvault-key-missing-in-stack` | \\(stack\\) | A key the stack uses is not in it. |",
    ]);
});

test("a fleet's thousands of violations are listed up to 500, mandatory first, the rest counted, within GitHub's 1 MiB summary", () => {
    const many = Array.from({ length: 2400 }, (_, i) => ({
        policyPack: "azure-byok", policy: "azure-storage-account-enable-soft-delete", enforcementLevel: (i % 3 === 0 ? "mandatory" : "advisory") as "mandatory" | "advisory", urn: keys[i % keys.length].urn,
        message: `Deleted blobs are gone at once.\nAccount st${i} keeps no deleted blob; set blob soft delete to at least 7 days, as the component does by default, and keep it on for every account of the fleet.`,
    }));
    const md = formatMarkdown(report(many));
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    const rows = md.split("\n").filter((l) => /^\| (mandatory|advisory) \|/.test(l));
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.startsWith("| mandatory"))).toBe(true);
    expect(md).toContain("And 1900 more (300 mandatory), left out to keep the summary within GitHub's 1 MiB: see the JSON or SARIF output for every one.");
    // Long messages are bounded by size too, not only by count.
    const long = formatMarkdown(report(many.slice(0, 400).map((v) => ({ ...v, message: `${v.message}\n${"x".repeat(4000)}` }))));
    expect(Buffer.byteLength(long)).toBeLessThan(1024 * 1024);
    expect(long).toMatch(/And \d+ more \(\d+ mandatory\), left out/);
});

test("the whole summary stays under GitHub's 1 MiB when names and messages are long in every section, each saying what it left out", () => {
    const long = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, "0")}-${"a".repeat(20_000)}`;
    // One type per wave, so every long name is a row of its own.
    const apps = Array.from({ length: 60 }, (_, i) => resource(long("app", i), "azuread:index/application:Application"));
    const violations = apps.map((a) => ({ policyPack: "azure-byok", policy: "azure-entra-application-configure-credential-lifetime", enforcementLevel: "advisory", urn: a.urn, message: `Too long.\n${"b".repeat(2_000)}` }));
    const warnings = apps.map((a, i) => ({ urn: a.urn, message: `ClientApplication "${long("app", i)}": client secret "s" expires in 20 days` }));
    const md = formatMarkdown({ ...report(violations), resources: apps, waves: apps.map((a) => [a.urn]), summary: { resources: 60, mandatory: 0, advisory: 60 } }, {}, warnings);
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toMatch(/^And \d+ more \(0 mandatory\), left out to keep the summary within GitHub's 1 MiB: see the JSON or SARIF output for every one\.$/m);
    expect(md).toMatch(/^And \d+ more, left out to keep the summary within GitHub's 1 MiB: the plan's stderr has every one\.$/m);
    const rows = md.split("\n").filter((l) => /^\| \d+ \| `/.test(l)).length;
    expect(rows).toBeGreaterThan(0);
    expect(md).toContain(`And ${60 - rows} more rows (${60 - rows} resources), left out to keep the summary within GitHub's 1 MiB: see the JSON output for every one.\n\n</details>\n`);
    // Warnings alone, as a fleet of long application names makes them, are cut too, and leave the resources table room.
    const alone = formatMarkdown({ ...report([]), resources: apps, waves: [apps.map((a) => a.urn)], summary: { resources: 60, mandatory: 0, advisory: 0 } }, {}, warnings);
    expect(Buffer.byteLength(alone)).toBeLessThan(1024 * 1024);
    expect(alone).toMatch(/^\| 0 \| `azuread:Application` \| 60 \| app000-a+, /m);
});

test("lists resources by wave and type, marks the protected, counts past eight names and leaves components out", () => {
    const md = formatMarkdown(report([]));
    const rows = md.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toEqual([
        "| 0 | `keyvault:Vault` | 1 | kv-cmk-vault (protected) |",
        `| 1 | \`keyvault:Key\` | 10 | ${keys.slice(0, 8).map((k) => `${k.name} (protected)`).join(", ")}, and 2 more |`,
        "| 2 | `authorization:RoleAssignment` | 1 | app-grant |",
    ]);
    expect(md).not.toContain("KeyVault`");
});

test("a carriage return in a name or message, which ends a Markdown line as LF does, cannot end a table row", () => {
    const named = resource("kv-cmk\rinjected | row", "azure-native:keyvault:Vault", { parent: component.urn });
    const md = formatMarkdown({
        ...report([{ policyPack: "azure-byok", policy: "azure-keyvault-vault-enable-purge-protection", enforcementLevel: "mandatory", urn: named.urn, message: "Purge protection.\nSet it.\rNow." }]),
        resources: [component, named],
        waves: [[component.urn, named.urn]],
    });
    expect(md).not.toMatch(/\r/);
    expect(md.split("\n")).toContain("| mandatory | `azure-keyvault-vault-enable-purge-protection` | kv-cmk<br>injected \\| row | Set it.<br>Now. |");
    expect(md.split("\n")).toContain("| 0 | `keyvault:Vault` | 1 | kv-cmk<br>injected \\| row |");
});

test("a name cannot become a link, an image, emphasis, a code span or a mention: its inline syntax is escaped, and shows as written", () => {
    const names = [
        "[approve here](https://evil.example/) ![](https://evil.example/t.png)",
        "*bold* _em_ ~~gone~~ `code` @octocat #1 x\\|y",
    ];
    const named = names.map((n) => resource(n, "azure-native:keyvault:Vault", { parent: component.urn }));
    const md = formatMarkdown({
        ...report(named.map((r) => ({ policyPack: "azure-byok", policy: "azure-keyvault-vault-enable-purge-protection", enforcementLevel: "mandatory", urn: r.urn, message: "Purge protection.\nSet it on [here](https://evil.example/)." }))),
        stack: "my_stack.1",
        resources: [component, ...named],
        waves: [[component.urn, ...named.map((r) => r.urn)]],
    });
    expect(md).not.toMatch(/(?<!\\)\]\(https:/);
    const rows = md.split("\n").filter((l) => l.startsWith("| mandatory"));
    expect(rows).toEqual([
        "| mandatory | `azure-keyvault-vault-enable-purge-protection` | \\[approve here\\]\\(https://evil.example/\\) \\!\\[\\]\\(https://evil.example/t.png\\) | Set it on \\[here\\]\\(https://evil.example/\\). |",
        "| mandatory | `azure-keyvault-vault-enable-purge-protection` | \\*bold\\* \\_em\\_ \\~\\~gone\\~\\~ \\`code\\` \\@octocat \\#1 x\\\\\\|y | Set it on \\[here\\]\\(https://evil.example/\\). |",
    ]);
    // Each name in the resources table is escaped on its own; the plan's own "(protected)" is not.
    expect(md).toContain("| 0 | `keyvault:Vault` | 2 | \\[approve here\\]\\(https://evil.example/\\) \\!\\[\\]\\(https://evil.example/t.png\\), \\*bold\\* \\_em\\_ \\~\\~gone\\~\\~ \\`code\\` \\@octocat \\#1 x\\\\\\|y |");
    // In a code span a backslash shows as itself: the stack's name is written there unescaped.
    expect(md.split("\n")[0]).toBe("## azure-byok plan: stack `my_stack.1`");
});

test("a control character or bidi override in a name is shown as an escape, as the table shows it, not hidden in the summary", () => {
    const named = resource("kv\u202eetirw\u202c\x1b[31m\x00", "azure-native:keyvault:Vault", { parent: component.urn });
    const md = formatMarkdown({ ...report([]), resources: [component, named], waves: [[component.urn, named.urn]] });
    expect(md).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(md).toContain("| 0 | `keyvault:Vault` | 1 | kv\\u202eetirw\\u202c\\x1b\\[31m\\x00 |");
});

describe("the program's warnings", () => {
    test("are a section after the violations, each with its resource, escaped as a cell, the verdict unchanged", () => {
        const md = formatMarkdown(report([]), {}, [{ urn: component.urn, message: 'ClientApplication "kv-cmk": certificate "a" expires in 10 days | <b>renew</b> it' }, { urn: "", message: "on no resource" }]);
        expect(md).toContain("**Passed:** no mandatory policy violation, 0 advisory.");
        expect(md).toContain([
            "### Policy violations",
            "",
            "None.",
            "",
            "### Warnings from the stack program",
            "",
            "| resource | warning |",
            "|---|---|",
            '| kv-cmk | ClientApplication "kv-cmk": certificate "a" expires in 10 days \\| &lt;b&gt;renew&lt;/b&gt; it |',
            "| (none) | on no resource |",
            "",
            "<details>",
        ].join("\n"));
    });

    test("a fleet's many are cut at 100 rows and the rest counted; none, no section", () => {
        const many = Array.from({ length: 130 }, (_, i) => ({ urn: component.urn, message: `warning ${i}` }));
        const md = formatMarkdown(report([]), {}, many);
        expect(md.match(/^\| kv-cmk \| warning \d+ \|$/gm)).toHaveLength(100);
        expect(md).toContain("And 30 more, left out to keep the summary within GitHub's 1 MiB: the plan's stderr has every one.");
        expect(formatMarkdown(report([]), {}, [])).not.toContain("Warnings");
    });
});
