import { createHash } from "node:crypto";
import type * as sarif from "sarif";
import { configFixOf, configLocationOf } from "./config-fixes";
import type { PlanResult } from "./report";

const LEVELS: Record<string, sarif.ReportingConfiguration.level> = {
    mandatory: "error",
    remediate: "error",
    advisory: "warning",
    disabled: "none",
};

/** GitHub's security-severity scores (critical from 9.0, high 7.0, medium 4.0, low 0.1) for the pack's severities. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/**
 * The project's folder from the repository's root with a trailing slash, "" at the root: code
 * scanning keeps one analysis per tool and category (the id up to its last "/"), so two projects'
 * `dev` stacks in one repository need two; a project at the root keeps the id it always had, so
 * its alerts' history does not split.
 */
function projectFolder(plan: PlanResult): string {
    const file = plan.repositoryFile ?? plan.configFile;
    if (file === plan.configFile) return "";
    // stackConfigDir "../stacks" puts the stack file outside the project: its folder tells the projects apart.
    const folder = file.endsWith(`/${plan.configFile}`) ? file.slice(0, -plan.configFile.length - 1) : file.slice(0, Math.max(0, file.lastIndexOf("/")));
    return folder === "" ? "" : `${folder}/`;
}

/** The first sentence of a description: what GitHub shows as the rule's title. */
function firstSentence(text: string): string {
    return (/^.*?[.!?](?=\s|$)/s.exec(text.trim())?.[0] ?? text.trim()).slice(0, 1024);
}

/**
 * SARIF 2.1.0 for GitHub code scanning: the pack's rules as the tool's rule metadata (title, help,
 * security severity), each violation a result located at the stack's config file, from the
 * repository's root, on the line `configLocationOf` gives (the setting that fixes it, the list
 * item, the grant or the entry), and fingerprinted by its rule and resource. The program's warnings
 * are the invocation's tool execution notifications, at level "warning" and located as a result on
 * their resource would be: they are no rule's results, so they raise no alert and change no verdict.
 */
export function formatSarif(plan: PlanResult, configText: string): string {
    const { report } = plan;
    const file = plan.repositoryFile ?? plan.configFile;
    const project = plan.project && { file: plan.project.repositoryFile ?? plan.project.file, text: plan.project.text };
    const locationOf = configLocationOf(report, configText, file, project);
    const fixOf = configFixOf(report, configText, file, project);
    const rules: sarif.ReportingDescriptor[] = plan.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.displayName || firstSentence(p.description) || p.name },
        fullDescription: { text: p.description || p.name },
        help: p.levelFromProfile === undefined
            ? {
                text: `${p.description || p.name}\nPolicy ${p.name} of the ${plan.policyPack.name} pack, ${p.enforcementLevel} here; set its level or config with --policy-config (pulumi preview --policy-pack-config).`,
                markdown: `${p.description || p.name}\n\nPolicy \`${p.name}\` of the \`${plan.policyPack.name}\` pack, **${p.enforcementLevel}** here; set its level or config with \`--policy-config\` (\`pulumi preview --policy-pack-config\`).`,
            }
            // The profile's level beats any the policy config gives (policies/lib/pack.ts profileLevel): saying "set its level" would mislead.
            : {
                text: `${p.description || p.name}\nPolicy ${p.name} of the ${plan.policyPack.name} pack, ${p.enforcementLevel} here, as the ${p.levelFromProfile} profile sets it over any level --policy-config gives but "disabled", which turns it off; set its config with --policy-config (pulumi preview --policy-pack-config).`,
                markdown: `${p.description || p.name}\n\nPolicy \`${p.name}\` of the \`${plan.policyPack.name}\` pack, **${p.enforcementLevel}** here, as the \`${p.levelFromProfile}\` profile sets it over any level \`--policy-config\` gives but \`"disabled"\`, which turns it off; set its config with \`--policy-config\` (\`pulumi preview --policy-pack-config\`).`,
            },
        defaultConfiguration: { level: LEVELS[p.enforcementLevel] ?? "warning", enabled: p.enforcementLevel !== "disabled" },
        properties: {
            enforcementLevel: p.enforcementLevel,
            tags: ["security", "azure", "customer-managed-keys"],
            ...(p.severity ? { severity: p.severity, "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
        },
    }));
    // A URI reference, as the schema requires and upload-sarif decodes it: a folder named "infra stacks#1" is infra%20stacks%231.
    const uri = (path: string) => path.split("/").map(encodeURIComponent).join("/");
    const results: sarif.Result[] = report.violations.map((v) => {
        const index = rules.findIndex((r) => r.id === v.policy);
        const at = locationOf(v);
        return {
            ruleId: v.policy,
            ...(index >= 0 ? { ruleIndex: index } : {}),
            level: LEVELS[v.enforcementLevel] ?? "warning",
            message: { text: [...v.message.split("\n"), fixOf(v) ?? ""].filter((l) => l.trim() !== "").join(" ") || v.policy },
            locations: [{
                physicalLocation: { artifactLocation: { uri: uri(at.file) }, region: { startLine: at.line } },
                logicalLocations: v.urn ? [{ fullyQualifiedName: v.urn, kind: "resource" }] : [],
            }],
            // GitHub keys an alert by rule and the text of its line (primaryLocationLineHash, which upload-sarif computes) and
            // ignores this; other SARIF readers match results of one rule at one entry's line by it across runs.
            partialFingerprints: { "azureByokResource/v1": createHash("sha256").update(`${v.policy}\n${v.urn}`).digest("hex") },
        };
    });
    const notifications: sarif.Notification[] = (plan.warnings ?? []).map((w) => {
        const at = w.urn ? locationOf({ policy: "", urn: w.urn, message: w.message }) : undefined;
        return {
            level: "warning",
            message: { text: w.message },
            ...(at === undefined ? {} : {
                locations: [{
                    physicalLocation: { artifactLocation: { uri: uri(at.file) }, region: { startLine: at.line } },
                    logicalLocations: [{ fullyQualifiedName: w.urn, kind: "resource" }],
                }],
            }),
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
            automationDetails: { id: `azure-byok/plan/${projectFolder(plan)}${report.stack}/` },
            ...(notifications.length > 0 ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
            results,
        }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}
