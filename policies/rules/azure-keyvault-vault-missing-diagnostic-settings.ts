import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, list, read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-diagnostic-settings",
    description: "Without AuditEvent logs nobody can tell who used, changed or deleted a key, in a vault or a Managed HSM.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 LT-3", "CIS Azure 5.1.5"],
    mirrors: [
        "Azure Policy \"Resource logs in Key Vault should be enabled\"",
        "Azure Policy \"Resource logs in Azure Key Vault Managed HSM should be enabled\"",
        "PSRule Azure.KeyVault.Logs",
        "Prowler keyvault_logging_enabled (stricter: it asks for allLogs beside the audit group)",
    ],
    resourceTypes: [T.vault, T.managedHsm, T.diagnosticSetting],
    parameters: {},
};

function auditsKeyVault(setting: { props: Record<string, unknown> }): boolean | typeof UNKNOWN {
    const logs = list(setting.props, "logs");
    if (logs === UNKNOWN) return UNKNOWN;
    return logs.some((log) => {
        if (isUnknown(log)) return true;
        const enabled = read(log, "enabled");
        const category = read(log, "category");
        const group = read(log, "categoryGroup");
        return enabled !== false && (sameText(category, "AuditEvent") || sameText(group, "audit") || sameText(group, "allLogs"));
    });
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const settings = resources.filter((r) => r.type === T.diagnosticSetting);
        const violations: StackViolation[] = [];
        for (const { name, view, idSegment, noun } of stack.keyStores()) {
            const covering = [...stack.dependents(view, T.diagnosticSetting, "resourceUri"), ...settings.filter((s) => {
                const uri = read(s.props, "resourceUri");
                return typeof uri === "string" && uri.toLowerCase().replace(/\/$/, "").endsWith(`/microsoft.keyvault/${idSegment}/${name.toLowerCase()}`);
            })];
            if (covering.some((s) => auditsKeyVault(s) !== false)) continue;
            violations.push({ urn: view.urn, message: `${noun} ${name} sends no AuditEvent logs; add a monitor.DiagnosticSetting on the ${noun === "Vault" ? "vault" : "HSM"} with the AuditEvent category (or the audit group) to a workspace, storage account or event hub.` });
        }
        return violations;
    },
};
