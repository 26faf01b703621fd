import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { appliesByArmId } from "../lib/targets";
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
        if (isUnknown(category) || isUnknown(group) || isUnknown(enabled)) return true;
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
        for (const store of stack.keyStores()) {
            const { name, view, noun } = store;
            // A setting whose target its outputs do not say (resourceUri is a path parameter) may be the store's: no verdict on it.
            if (settings.some((s) => appliesByArmId(store, s, "resourceUri", false) !== false && auditsKeyVault(s) !== false)) continue;
            violations.push({ urn: view.urn, message: `${noun} ${name} sends no AuditEvent logs; add a monitor.DiagnosticSetting on the ${noun === "Vault" ? "vault" : "HSM"} with the AuditEvent category (or the audit group) to a workspace, storage account or event hub.` });
        }
        return violations;
    },
};
