import type * as sarif from "sarif";
import { configLineOf, type PlanResult } from "./report";

const LEVELS: Record<string, sarif.ReportingConfiguration.level> = {
    mandatory: "error",
    remediate: "error",
    advisory: "warning",
    disabled: "none",
};

/**
 * SARIF 2.1.0 for GitHub code scanning: the pack's rules as the tool's rule metadata, each
 * violation a result located at the stack's config file, on the line that declares the
 * resource's config entry when there is one.
 */
export function formatSarif(plan: PlanResult, configText: string): string {
    const { report } = plan;
    const lineOf = configLineOf(report, configText);
    const rules: sarif.ReportingDescriptor[] = plan.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.displayName || p.name },
        fullDescription: { text: p.description },
        defaultConfiguration: { level: LEVELS[p.enforcementLevel] ?? "warning", enabled: p.enforcementLevel !== "disabled" },
        properties: { enforcementLevel: p.enforcementLevel, ...(p.severity ? { severity: p.severity } : {}) },
    }));
    const results: sarif.Result[] = report.violations.map((v) => {
        const index = rules.findIndex((r) => r.id === v.policy);
        return {
            ruleId: v.policy,
            ...(index >= 0 ? { ruleIndex: index } : {}),
            level: LEVELS[v.enforcementLevel] ?? "warning",
            message: { text: v.message.split("\n").filter((l) => l.trim() !== "").join(" ") || v.policy },
            locations: [{
                physicalLocation: { artifactLocation: { uri: plan.configFile }, region: { startLine: lineOf(v.urn) } },
                logicalLocations: v.urn ? [{ fullyQualifiedName: v.urn, kind: "resource" }] : [],
            }],
        };
    });
    const log: sarif.Log = {
        version: "2.1.0",
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [{
            tool: {
                driver: {
                    name: plan.policyPack.name || "azure-byok-policies",
                    version: plan.policyPack.version || undefined,
                    informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                    rules,
                },
            },
            automationDetails: { id: `azure-byok/plan/${report.stack}/` },
            results,
        }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}
