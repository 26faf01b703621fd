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
