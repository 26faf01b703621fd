import { T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { appliesByArmId } from "../lib/targets";
import { isUnknown, list, read, readBoolean, readNumber, sameText, UNKNOWN } from "../lib/values";

type Params = { requiredRetentionDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-diagnostic-settings",
    description: "Without AuditEvent logs, kept as long as the audit asks, nobody can tell who used, changed or deleted a key, in a vault or a Managed HSM.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 LT-3", "CIS Azure 5.1.5"],
    mirrors: [
        "Azure Policy \"Resource logs in Key Vault should be enabled\" (cf820ca0, requiredRetentionDays; looser: it counts an enabled log of any category, so a setting sending only AzurePolicyEvaluationDetails passes it, while only AuditEvent, the audit group or allLogs counts here)",
        "Azure Policy \"Resource logs in Azure Key Vault Managed HSM should be enabled\" (a2a5b911, requiredRetentionDays; looser in the same way: it checks no category)",
        "PSRule Azure.KeyVault.Logs",
        "Prowler keyvault_logging_enabled (stricter: it asks for allLogs beside the audit group)",
    ],
    resourceTypes: [T.vault, T.managedHsm, T.diagnosticSetting],
    parameters: {
        requiredRetentionDays: { schema: { type: "integer", minimum: 1, description: "Fewest days a storage account destination with a retention policy must keep AuditEvent logs, in a vault or a Managed HSM (0, forever, always does)." }, defaults: everywhere(365) },
    },
};

/** What a setting does for a key store's audit trail: sends AuditEvent logs kept as asked, sends them kept otherwise (`short`, for `days`), neither, or unknown until deploy. */
type AuditVerdict = { kind: "audits" | "none" | "unknown" } | { kind: "short"; days: unknown };

/**
 * Azure Policy's two built-ins count a log that is enabled and either kept by no retention policy
 * (off, or no storage account to apply it to) or kept 0 days (forever) or at least requiredRetentionDays
 * (greaterOrEquals in both, cf820ca0 and a2a5b911 since 1.1.0; 1.0.0 asked a Managed HSM for exactly that).
 */
function auditVerdict(setting: ResourceView, requiredDays: number): AuditVerdict {
    const logs = list(setting.props, "logs");
    if (logs === UNKNOWN) return { kind: "unknown" };
    const storage = read(setting.props, "storageAccountId");
    let unknown = false;
    let short: { kind: "short"; days: unknown } | undefined;
    for (const log of logs) {
        if (isUnknown(log)) return { kind: "unknown" };
        const enabled = readBoolean(log, "enabled");
        const category = read(log, "category");
        const group = read(log, "categoryGroup");
        if (isUnknown(category) || isUnknown(group) || isUnknown(enabled)) {
            unknown = true;
            continue;
        }
        if (enabled === false || !(sameText(category, "AuditEvent") || sameText(group, "audit") || sameText(group, "allLogs"))) continue;
        const retention = readBoolean(log, "retentionPolicy", "enabled");
        const days = readNumber(log, "retentionPolicy", "days");
        if (storage === undefined || (retention !== true && !isUnknown(retention))) return { kind: "audits" };
        if (isUnknown(storage) || isUnknown(retention) || isUnknown(days)) {
            unknown = true;
            continue;
        }
        if (days === 0 || (typeof days === "number" && days >= requiredDays)) return { kind: "audits" };
        short ??= { kind: "short", days };
    }
    return unknown ? { kind: "unknown" } : short ?? { kind: "none" };
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { requiredRetentionDays }) {
        const stack = StackIndex.of(resources);
        const settings = resources.filter((r) => r.type === T.diagnosticSetting);
        const violations: StackViolation[] = [];
        for (const store of stack.keyStores()) {
            const { name, view, noun } = store;
            const hsm = noun === "Managed HSM";
            // A setting whose target its outputs do not say (resourceUri is a path parameter) may be the store's: no verdict on it.
            let covered = false;
            let short: { setting: ResourceView; days: unknown } | undefined;
            for (const setting of settings.filter((s) => appliesByArmId(store, s, "resourceUri", false) !== false)) {
                const verdict = auditVerdict(setting, requiredRetentionDays);
                if (verdict.kind === "audits" || verdict.kind === "unknown") covered = true;
                else if (verdict.kind === "short") short ??= { setting, days: verdict.days };
            }
            if (covered) continue;
            if (short !== undefined) {
                const kept = typeof short.days === "number" ? `for ${short.days} days` : "for no stated number of days";
                violations.push({ urn: view.urn, message: `${noun} ${name} keeps its AuditEvent logs in a storage account ${kept} (setting ${short.setting.name}), fewer than the ${requiredRetentionDays} asked; set the log's retentionPolicy.days to ${requiredRetentionDays} or more or 0 (forever), or turn the retention policy off and keep the logs with the storage account's lifecycle management.` });
                continue;
            }
            violations.push({ urn: view.urn, message: `${noun} ${name} sends no AuditEvent logs; add a monitor.DiagnosticSetting on the ${hsm ? "HSM" : "vault"} with the AuditEvent category (or the audit group) to a workspace, storage account or event hub.` });
        }
        return violations;
    },
};
