import { formatTable } from "../../plan/format-table";
import type { PlanReport } from "../../plan/report";
import { reportResource as resource } from "../support/plan-report";

const platform = "7c1e4b2a-9d3f-4a6e-8b5c-2f0d1e3a4b5c";
const provider = resource(`subscription-${platform}`, "pulumi:providers:azure-native", { inputs: { subscriptionId: platform } });
const random = resource("stack", "pulumi:providers:random");
const component = resource("cmk", "azure-byok:keyvault:EncryptionKey");
const key = resource("cmk-key", "azure-native:keyvault:Key", { parent: component.urn, protect: true });
const group = resource("resource-group", "azure-native:resources:ResourceGroup");

const report: PlanReport = {
    stack: "central",
    resources: [provider, random, group, component, key],
    violations: [],
    waves: [[provider.urn, random.urn, group.urn, component.urn], [key.urn]],
    summary: { resources: 5, mandatory: 0, advisory: 0 },
};

test("the table lists explicit providers apart, with the subscription each deploys to, and keeps them in their wave", () => {
    const text = formatTable(report);
    const components = text.slice(text.indexOf("Components:"), text.indexOf("Explicit providers"));
    expect(components).not.toContain("pulumi:providers");
    expect(components).toContain("    keyvault:Key  cmk-key  (wave 1)  [protected]");
    expect(components).toContain("  resources:ResourceGroup  resource-group  (wave 0)");
    expect(text).toContain([
        "Explicit providers (what is made through one lands where it points):",
        `  azure-native  subscription-${platform}  subscription ${platform}`,
        "  random        stack",
    ].join("\n"));
    expect(text.slice(text.indexOf("  wave 0"), text.indexOf("  wave 1"))).toContain(`pulumi:providers:azure-native`);
});

test("a plan without explicit providers has no such section", () => {
    expect(formatTable({ ...report, resources: [group, component, key], waves: [[group.urn, component.urn], [key.urn]] })).not.toContain("Explicit providers");
});

test("a name's or message's line break, CR, ESC or bidi override is shown as an escape: no line of its own, nothing raw for the terminal", () => {
    const vault = resource("app\n::error file=README.md,line=1::forged\x1b[2J\r\u202e", "azure-native:keyvault:Vault", { parent: component.urn });
    const text = formatTable({
        ...report,
        resources: [component, vault],
        violations: [{ policyPack: "azure-byok", policy: "azure-keyvault-vault-enable-purge-protection", enforcementLevel: "mandatory", urn: vault.urn, message: "Purge protection.\n::warning::Vault app\x1b[31m has none.\n  ::error::x" }],
        waves: [[component.urn, vault.urn]],
        summary: { resources: 2, mandatory: 1, advisory: 0 },
    }, { file: "Pulumi.dev.yaml", lineOf: () => 3 });
    expect(text.split("\n").filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain("    keyvault:Vault  app\\n::error file=README.md,line=1::forged\\x1b[2J\\r\\u202e  (wave 0)\n");
    expect(text).toContain("  MANDATORY azure-keyvault-vault-enable-purge-protection  on app\\n::error file=README.md,line=1::forged\\x1b[2J\\r\\u202e  (Pulumi.dev.yaml:3)\n");
    // The message's own line breaks stay lines; one that would start a command has its first ':' escaped.
    expect(text).toContain("            \\x3a:warning::Vault app\\x1b[31m has none.\n            \\x3a:error::x\n");
});
