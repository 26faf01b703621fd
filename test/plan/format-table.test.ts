import { configLocationOf } from "../../plan/config-fixes";
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
    }, { locationOf: () => ({ file: "Pulumi.dev.yaml", line: 3 }) });
    expect(text.split("\n").filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain("    keyvault:Vault  app\\n::error file=README.md,line=1::forged\\x1b[2J\\r\\u202e  (wave 0)\n");
    expect(text).toContain("  MANDATORY azure-keyvault-vault-enable-purge-protection  on app\\n::error file=README.md,line=1::forged\\x1b[2J\\r\\u202e  (Pulumi.dev.yaml:3)\n");
    // The message's own line breaks stay lines; one that would start a command has its first ':' escaped.
    expect(text).toContain("            \\x3a:warning::Vault app\\x1b[31m has none.\n            \\x3a:error::x\n");
});

test("a name holding ##[ mid-line, a legacy workflow command to the runner, is printed with its second # as an escape", () => {
    const vault = resource("vendor ##[error file=README.md;line=1]forged", "azure-native:keyvault:Vault", { parent: component.urn });
    const text = formatTable({ ...report, resources: [component, vault], violations: [], waves: [[component.urn, vault.urn]], summary: { resources: 2, mandatory: 0, advisory: 0 } });
    expect(text).not.toContain("##[");
    expect(text).toContain("    keyvault:Vault  vendor #\\x23[error file=README.md;line=1]forged  (wave 0)\n");
});

test("a violation on one of an entry's list items is shown at the item's setting that fixes it, else the item's line, as SARIF and annotations show it", () => {
    const application = resource("vendor", "azure-byok:entra:ClientApplication");
    const first = resource("vendor-first-secret", "azuread:index/applicationPassword:ApplicationPassword", { parent: application.urn });
    const second = resource("vendor-second-secret", "azuread:index/applicationPassword:ApplicationPassword", { parent: application.urn });
    const config = [
        "config:",
        "  azure-byok:applications:",
        "    - name: vendor",
        "      clientSecrets:",
        "        - name: first",
        "          validityDays: 700",
        "        - { name: second, validityDays: 700 }",
        "",
    ].join("\n");
    const tooLong = (urn: string) => ({ policyPack: "azure-byok", policy: "azure-entra-application-configure-credential-lifetime", enforcementLevel: "advisory", urn, message: "Long-lived application credentials give a leak a long life.\nThe application secret is valid for 699 days, over 180." });
    const planned: PlanReport = {
        stack: "dev",
        resources: [application, first, second],
        violations: [tooLong(first.urn), tooLong(second.urn)],
        waves: [[application.urn, first.urn, second.urn]],
        summary: { resources: 3, mandatory: 0, advisory: 2 },
    };
    const text = formatTable(planned, { locationOf: configLocationOf(planned, config, "Pulumi.dev.yaml") });
    expect(text).toContain("on vendor-first-secret  (Pulumi.dev.yaml:6)");
    expect(text).toContain("on vendor-second-secret  (Pulumi.dev.yaml:7)");
});

describe("on an 80-column terminal", () => {
    const application = resource("vendor", "azure-byok:entra:ClientApplication");
    const password = resource("vendor-primary-secret", "azuread:index/applicationPassword:ApplicationPassword", { parent: application.urn });
    const certificate = resource("vendor-key", "tls:index/privateKey:PrivateKey", { parent: application.urn });
    const long = "A very long remediation sentence that names a setting, the value to write there and why, which a terminal of eighty columns would otherwise wrap in the middle of a word.";
    const planned: PlanReport = {
        stack: "dev",
        resources: [application, password, certificate],
        violations: [{ policyPack: "azure-byok", policy: "azure-entra-application-configure-credential-lifetime", enforcementLevel: "advisory", urn: password.urn, message: `Long-lived credentials.\n${long}` }],
        waves: [[application.urn, certificate.urn], [password.urn]],
        summary: { resources: 3, mandatory: 0, advisory: 1 },
    };

    test("wave rows are as wide as the printed types, azuread and tls types without their index/module part", () => {
        const text = formatTable(planned);
        // The component's type (azure-byok:entra:ClientApplication, 34 characters) is not a wave row: it does not widen them.
        expect(text).toContain(`    ${"tls:PrivateKey".padEnd("azuread:ApplicationPassword".length)}  vendor-key\n`);
        expect(text).toContain("    azuread:ApplicationPassword  vendor-primary-secret\n");
        expect(text).toContain("    azuread:ApplicationPassword  vendor-primary-secret  (wave 1)\n");
        expect(text).not.toContain("index/");
    });

    test("remediation wraps at spaces to 80 columns unless told a terminal's width, keeping its indent", () => {
        const at80 = formatTable(planned).split("\n");
        // The violation's own line (rule and resource names) is not split; what follows it is.
        expect(Math.max(...at80.filter((l) => l.startsWith("            ")).map((l) => l.length))).toBeLessThanOrEqual(80);
        const body = (lines: string[]) => lines.filter((l) => l.startsWith("            ")).map((l) => l.trim()).join(" ");
        expect(body(at80)).toBe(long);
        const at120 = formatTable(planned, undefined, 120).split("\n");
        expect(body(at120)).toBe(long);
        expect(at120.filter((l) => l.startsWith("            ")).length).toBeLessThan(at80.filter((l) => l.startsWith("            ")).length);
    });
});

test("the program's warnings come last, each under its resource at its entry's line, wrapped; none, no section", () => {
    const config = "config:\n  azure-byok:vaults:\n    - name: cmk\n";
    const locationOf = configLocationOf(report, config, "Pulumi.central.yaml");
    const expiring = 'ClientApplication "cmk": certificate "primary" expires on 2026-01-01T00:00:00Z, in 10 days: ask the vendor for its renewed certificate';
    const text = formatTable(report, { locationOf }, 80, [{ urn: component.urn, message: expiring }, { urn: "", message: "on no resource" }]);
    expect(text.slice(text.indexOf("Policy violations:"))).toBe([
        "Policy violations: none.",
        "",
        "Warnings from the stack program (they do not change the exit code):",
        "  on cmk  (Pulumi.central.yaml:3)",
        '    ClientApplication "cmk": certificate "primary" expires on',
        "    2026-01-01T00:00:00Z, in 10 days: ask the vendor for its renewed certificate",
        "    on no resource",
        "",
    ].join("\n"));
    expect(formatTable(report, { locationOf }, 80, [])).not.toContain("Warnings");
});
