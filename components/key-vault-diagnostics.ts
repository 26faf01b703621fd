import type { KeyVaultDiagnosticSetting } from "./key-vault";
import { ArgSpec, armResourceId, isRecord, known, listShapeIssues, ValidationIssue } from "./validation";

type LogCategory = NonNullable<KeyVaultDiagnosticSetting["logCategoriesAndGroups"]>[number];

// The portal's rule, which azurerm mirrors (hashicorp/terraform-provider-azurerm#10014); a '/' would also change the setting's ARM path.
const DIAGNOSTIC_SETTING_NAME = /^[^<>*%&:\\?+/]{1,260}$/;

/** Where diagnostic settings deliver, by the ARM id of each destination Azure Monitor takes. */
const DIAGNOSTIC_DESTINATIONS = {
    workspaceResourceId: { what: "a Log Analytics workspace", ...armResourceId("Microsoft.OperationalInsights", "workspaces") },
    storageAccountResourceId: { what: "a storage account", ...armResourceId("Microsoft.Storage", "storageAccounts") },
    eventHubAuthorizationRuleResourceId: { what: "an Event Hubs namespace authorization rule", ...armResourceId("Microsoft.EventHub", "namespaces", "authorizationRules") },
} as const;

/** Key Vault's diagnostic log categories and groups (Azure Monitor's supported logs for Microsoft.KeyVault/vaults). */
const LOG_CATEGORIES: readonly string[] = ["AuditEvent", "AzurePolicyEvaluationDetails"] satisfies NonNullable<LogCategory["category"]>[];
const LOG_CATEGORY_GROUPS: readonly string[] = ["audit", "allLogs"] satisfies NonNullable<LogCategory["categoryGroup"]>[];

const DIAGNOSTIC_SETTING_ARGS = {
    name: "string",
    workspaceResourceId: "input",
    storageAccountResourceId: "input",
    eventHubAuthorizationRuleResourceId: "input",
    eventHubName: "input",
    logCategoriesAndGroups: "list",
} as const satisfies ArgSpec<KeyVaultDiagnosticSetting>;
const LOG_CATEGORY_ARGS = { category: "string", categoryGroup: "string" } as const satisfies ArgSpec<LogCategory>;

/** The shape of the diagnostic settings from an untyped caller: each setting's fields and each of its log entries', of their types, and no others. */
export function diagnosticSettingsShapeIssues(diagnosticSettings: unknown): ValidationIssue[] {
    const issues = listShapeIssues(diagnosticSettings, DIAGNOSTIC_SETTING_ARGS, "diagnosticSettings", { closed: true });
    if (Array.isArray(diagnosticSettings)) {
        diagnosticSettings.forEach((setting, i) => {
            if (isRecord(setting) && Array.isArray(setting.logCategoriesAndGroups)) {
                issues.push(...listShapeIssues(setting.logCategoriesAndGroups, LOG_CATEGORY_ARGS, `diagnosticSettings[${i}].logCategoriesAndGroups`, { closed: true }));
            }
        });
    }
    return issues;
}

/**
 * Every rule the diagnostic settings break: names, destinations and log categories Azure takes, no
 * destination sent a category twice, 5 settings at most. `defaultLogs` are what a setting without
 * `logCategoriesAndGroups` sends.
 */
export function diagnosticSettingsIssues(settings: KeyVaultDiagnosticSetting[] | undefined, defaultLogs: readonly LogCategory[]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    (settings ?? []).forEach((setting, i) => {
        const field = `diagnosticSettings[${i}]`;
        if (setting.name !== undefined && !DIAGNOSTIC_SETTING_NAME.test(setting.name)) {
            add(`${field}.name`, `"${setting.name.length > 40 ? `${setting.name.slice(0, 40)}…` : setting.name}" (${setting.name.length} characters) is not a diagnostic setting name: 1–260 characters, none of < > * % & : \\ ? + /`);
        }
        if (!setting.workspaceResourceId && !setting.storageAccountResourceId && !setting.eventHubAuthorizationRuleResourceId) {
            add(field, "has no destination; set workspaceResourceId, storageAccountResourceId or eventHubAuthorizationRuleResourceId");
        }
        if (setting.eventHubName !== undefined && !setting.eventHubAuthorizationRuleResourceId) {
            add(`${field}.eventHubName`, "needs eventHubAuthorizationRuleResourceId");
        }
        for (const [name, destination] of Object.entries(DIAGNOSTIC_DESTINATIONS)) {
            const id = known<string>(setting[name as keyof typeof DIAGNOSTIC_DESTINATIONS]);
            if (id !== undefined && !destination.pattern.test(id)) add(`${field}.${name}`, `"${id}" is not ${destination.what} id (${destination.shape})`);
        }
        (setting.logCategoriesAndGroups ?? []).forEach((log, j) => {
            const at = `${field}.logCategoriesAndGroups[${j}]`;
            if ((log.category === undefined) === (log.categoryGroup === undefined)) {
                add(at, "set exactly one of category and categoryGroup");
            }
            if (log.category !== undefined && !LOG_CATEGORIES.includes(log.category)) {
                add(`${at}.category`, `"${log.category}" is not a Key Vault log category; use ${LOG_CATEGORIES.join(" or ")}`);
            }
            if (log.categoryGroup !== undefined && !LOG_CATEGORY_GROUPS.includes(log.categoryGroup)) {
                add(`${at}.categoryGroup`, `"${log.categoryGroup}" is not a Key Vault log category group; use ${LOG_CATEGORY_GROUPS.join(" or ")}`);
            }
        });
    });
    issues.push(...reusedDiagnosticSinks(settings ?? [], defaultLogs));
    if ((settings?.length ?? 0) > 5) {
        add("diagnosticSettings", `has ${settings?.length} entries; Azure allows 5 per resource`);
    }
    return issues;
}

/** The categories a vault's diagnostic setting sends: `defaultLogs` unless told, a group standing for the categories it holds. */
function diagnosticCategories(setting: KeyVaultDiagnosticSetting, defaultLogs: readonly LogCategory[]): string[] {
    return (setting.logCategoriesAndGroups ?? defaultLogs).flatMap((log) =>
        log.category !== undefined ? [log.category] : log.categoryGroup === "audit" ? ["AuditEvent"] : log.categoryGroup === "allLogs" ? ["AuditEvent", "AzurePolicyEvaluationDetails"] : [],
    );
}

/**
 * A destination a later setting sends a category to that an earlier one already sends it to: Azure
 * answers 409 "Data sinks can't be reused in different settings on the same category for the same
 * resource" (Azure/bicep-registry-modules#3407). Destinations unknown until deploy are left to Azure.
 */
function reusedDiagnosticSinks(settings: KeyVaultDiagnosticSetting[], defaultLogs: readonly LogCategory[]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const holders = new Map<string, number>();
    settings.forEach((setting, i) => {
        const eventHub = known<string>(setting.eventHubAuthorizationRuleResourceId);
        const sinks: [string, string | undefined][] = [
            ["workspace", known<string>(setting.workspaceResourceId)],
            ["storage account", known<string>(setting.storageAccountResourceId)],
            ["event hub", eventHub === undefined ? undefined : `${eventHub}|${known<string>(setting.eventHubName) ?? ""}`],
        ];
        for (const [what, sink] of sinks) {
            if (sink === undefined) continue;
            for (const category of diagnosticCategories(setting, defaultLogs)) {
                const at = `${sink}|${category}`.toLowerCase();
                const first = holders.get(at);
                if (first === undefined) holders.set(at, i);
                else if (first !== i) issues.push({ field: `diagnosticSettings[${i}]`, message: `sends ${category} to the ${what} entry [${first}] of this list already sends it to; Azure takes a destination once per category on a resource (409 "Data sinks can't be reused in different settings on the same category"): send it elsewhere, or leave this setting out` });
            }
        }
    });
    return issues;
}
