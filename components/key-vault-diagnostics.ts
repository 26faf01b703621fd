import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { KeyVaultDiagnosticSetting } from "./key-vault";
import { ArgSpec, armResourceId, isRecord, known, listShapeIssues, notAnId, ValidationIssue } from "./validation";

type LogCategory = NonNullable<KeyVaultDiagnosticSetting["logCategoriesAndGroups"]>[number];
type MetricCategory = NonNullable<KeyVaultDiagnosticSetting["metricCategories"]>[number];

// The portal's rule, which azurerm mirrors (hashicorp/terraform-provider-azurerm#10014); a '/' would also change the setting's ARM path.
const DIAGNOSTIC_SETTING_NAME = /^[^<>*%&:\\?+/]{1,260}$/;

/** Where diagnostic settings deliver, by the ARM id of each destination Azure Monitor takes. */
const DIAGNOSTIC_DESTINATIONS = {
    workspaceResourceId: { what: "a Log Analytics workspace", ...armResourceId("Microsoft.OperationalInsights", "workspaces") },
    storageAccountResourceId: { what: "a storage account", ...armResourceId("Microsoft.Storage", "storageAccounts") },
    eventHubAuthorizationRuleResourceId: { what: "an Event Hubs namespace authorization rule", ...armResourceId("Microsoft.EventHub", "namespaces", "authorizationRules") },
} as const;

/** Key Vault's diagnostic log categories and groups (Azure Monitor's supported logs for Microsoft.KeyVault/vaults); the stack config's enums. */
export const KEY_VAULT_LOG_CATEGORIES = ["AuditEvent", "AzurePolicyEvaluationDetails"] as const satisfies NonNullable<LogCategory["category"]>[];
export const KEY_VAULT_LOG_CATEGORY_GROUPS = ["audit", "allLogs"] as const satisfies NonNullable<LogCategory["categoryGroup"]>[];
/** Key Vault's diagnostic metric categories (Azure Monitor's supported metrics for Microsoft.KeyVault/vaults: every metric is in AllMetrics). */
export const KEY_VAULT_METRIC_CATEGORIES = ["AllMetrics"] as const satisfies MetricCategory["category"][];
// Widened: an untyped caller's value may be any string.
const LOG_CATEGORIES: readonly string[] = KEY_VAULT_LOG_CATEGORIES;
const LOG_CATEGORY_GROUPS: readonly string[] = KEY_VAULT_LOG_CATEGORY_GROUPS;
const METRIC_CATEGORIES: readonly string[] = KEY_VAULT_METRIC_CATEGORIES;

const DIAGNOSTIC_SETTING_ARGS = {
    name: "string",
    workspaceResourceId: "input",
    storageAccountResourceId: "input",
    eventHubAuthorizationRuleResourceId: "input",
    eventHubName: "input",
    logCategoriesAndGroups: "list",
    metricCategories: "list",
} as const satisfies ArgSpec<KeyVaultDiagnosticSetting>;
const LOG_CATEGORY_ARGS = { category: "string", categoryGroup: "string" } as const satisfies ArgSpec<LogCategory>;
const METRIC_CATEGORY_ARGS = { category: "string" } as const satisfies ArgSpec<MetricCategory>;

/** The shape of the diagnostic settings from an untyped caller: each setting's fields and each of its log entries', of their types, and no others. */
export function diagnosticSettingsShapeIssues(diagnosticSettings: unknown): ValidationIssue[] {
    const issues = listShapeIssues(diagnosticSettings, DIAGNOSTIC_SETTING_ARGS, "diagnosticSettings", { closed: true });
    if (Array.isArray(diagnosticSettings)) {
        diagnosticSettings.forEach((setting, i) => {
            if (isRecord(setting) && Array.isArray(setting.logCategoriesAndGroups)) {
                issues.push(...listShapeIssues(setting.logCategoriesAndGroups, LOG_CATEGORY_ARGS, `diagnosticSettings[${i}].logCategoriesAndGroups`, { closed: true }));
            }
            if (isRecord(setting) && Array.isArray(setting.metricCategories)) {
                issues.push(...listShapeIssues(setting.metricCategories, METRIC_CATEGORY_ARGS, `diagnosticSettings[${i}].metricCategories`, { closed: true }));
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
            // A connection string or a SAS URL is what the portal shows beside these ids: its key is never quoted.
            if (id !== undefined && !destination.pattern.test(id)) add(`${field}.${name}`, notAnId(id, `${destination.what} id (${destination.shape})`));
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
        const metrics = setting.metricCategories ?? [];
        metrics.forEach((metric, j) => {
            const at = `${field}.metricCategories[${j}].category`;
            if (metric.category === undefined) add(at, `is required; Key Vault's metric category is ${METRIC_CATEGORIES.join(" or ")}`);
            else if (!METRIC_CATEGORIES.includes(metric.category)) add(at, `"${metric.category}" is not a Key Vault metric category; use ${METRIC_CATEGORIES.join(" or ")}, which holds every Key Vault metric`);
        });
        if (metrics.length > 1 && new Set(metrics.map((metric) => metric.category)).size < metrics.length) {
            add(`${field}.metricCategories`, "lists a category twice; list each once");
        }
        // Azure: "Diagnostic setting does not support mix of log category and log category group." (Azure/azure-rest-api-specs#22719)
        const logs = setting.logCategoriesAndGroups ?? [];
        // A category sent twice by one setting fails its deployment (Azure/Azure-Landing-Zones#3004).
        const listed = logs.map((log) => log.category ?? log.categoryGroup);
        if (listed.some((name, j) => name !== undefined && listed.indexOf(name) < j)) {
            add(`${field}.logCategoriesAndGroups`, "lists a category or category group twice; list each once");
        }
        if (logs.some((log) => log.categoryGroup === undefined && log.category !== undefined) && logs.some((log) => log.category === undefined && log.categoryGroup !== undefined)) {
            add(`${field}.logCategoriesAndGroups`, "mixes categories and category groups, which Azure refuses in one setting; list only categories or only category groups (allLogs holds every category)");
        }
    });
    const reused = reusedDiagnosticSinks(settings ?? [], defaultLogs);
    issues.push(...reused);
    issues.push(...diagnosticSettingKeyIssues(settings ?? [], new Set(reused.map((i) => i.field))));
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

/** The destination an unnamed setting is known by: its workspace, else its storage account, else its event hub (with words for messages). */
function keyDestination(setting: KeyVaultDiagnosticSetting): { field: keyof typeof DIAGNOSTIC_DESTINATIONS; what: string; id: pulumi.Input<string>; hub?: pulumi.Input<string> } | undefined {
    if (setting.workspaceResourceId !== undefined) return { field: "workspaceResourceId", what: "workspace", id: setting.workspaceResourceId };
    if (setting.storageAccountResourceId !== undefined) return { field: "storageAccountResourceId", what: "storage account", id: setting.storageAccountResourceId };
    if (setting.eventHubAuthorizationRuleResourceId !== undefined) return { field: "eventHubAuthorizationRuleResourceId", what: "event hub", id: setting.eventHubAuthorizationRuleResourceId, hub: setting.eventHubName };
    return undefined;
}

/**
 * What a diagnostic setting is known by, whatever its place in the list: its `name`, else a token of
 * the destination it is known by (`law-soc-1a2b3c4d`: the destination's resource name in letters,
 * digits and hyphens, then a hash of its id taken in lower case, as ARM matches ids). Undefined when
 * it has no name and that destination is unknown until deploy, or it has no destination.
 */
export function diagnosticSettingKey(setting: KeyVaultDiagnosticSetting): string | undefined {
    if (setting.name !== undefined) return setting.name;
    const destination = keyDestination(setting);
    if (destination === undefined) return undefined;
    const id = known<string>(destination.id);
    const hub = destination.hub === undefined ? "" : known<string>(destination.hub);
    if (id === undefined || hub === undefined) return undefined;
    // An event hub's authorization rule belongs to its namespace: the namespace names it.
    const segments = id.split("/");
    const resourceName = segments[segments.length - (destination.field === "eventHubAuthorizationRuleResourceId" ? 3 : 1)] ?? "";
    const label = resourceName.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 40).replace(/^-+|-+$/g, "");
    const hash = createHash("sha256").update(`${destination.field}|${id}|${hub}`.toLowerCase()).digest("hex").slice(0, 8);
    return label === "" ? hash : `${label}-${hash}`;
}

/**
 * The setting's resource name: `<component>-diagnostics/<key>`. A URN names its parent's type but
 * not its name, so every vault's settings share one namespace: the `/`, which neither a setting's
 * name (Azure refuses it) nor a destination's key holds, keeps one vault's settings off another's
 * (`kv` with a setting `audit` is not `kv-audit`'s first), and off every earlier, positional name.
 */
export function diagnosticSettingResourceName(component: string, key: string): string {
    return `${component}-diagnostics/${key}`;
}

/** The resource name a setting had when settings were named by their place in the list: `<component>-diagnostics`, `<component>-diagnostics-1`, .... */
export function positionalDiagnosticSettingResourceName(component: string, index: number): string {
    return `${component}-diagnostics${index === 0 ? "" : `-${index}`}`;
}

const KNOWN_BY = "a setting without a name is known by its workspace, else its storage account, else its event hub, so that reordering, adding or removing settings leaves the others in place";

/**
 * Each setting known apart: by a name, or without one by a destination known now, and by none
 * another has. Entries `flagged` already (a sink sent a category twice) are not told again.
 */
function diagnosticSettingKeyIssues(settings: KeyVaultDiagnosticSetting[], flagged: Set<string>): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const names = new Map<string, number>();
    const keys = new Map<string, number>();
    settings.forEach((setting, i) => {
        const field = `diagnosticSettings[${i}]`;
        const destination = keyDestination(setting);
        const key = diagnosticSettingKey(setting);
        if (key === undefined) {
            // No destination at all is reported on its own.
            if (destination !== undefined) {
                issues.push({ field: `${field}.name`, message: `is required while the ${destination.what} is unknown until deploy (an Output): ${KNOWN_BY}; give it a name (a setting deployed as <vault>-audit or <vault>-audit-<n> stays in place under that name)` });
            }
            return;
        }
        if (setting.name !== undefined) {
            // Azure knows a resource's diagnostic settings by name, in any case.
            const named = names.get(setting.name.toLowerCase());
            if (named !== undefined) {
                issues.push({ field: `${field}.name`, message: `"${setting.name}" already names entry [${named}]; a vault's diagnostic settings need names of their own, in any case` });
                return;
            }
            names.set(setting.name.toLowerCase(), i);
        }
        const earlier = keys.get(key);
        if (earlier === undefined) {
            keys.set(key, i);
        } else if (setting.name === undefined && settings[earlier].name === undefined) {
            if (!flagged.has(field)) issues.push({ field, message: `has no name, and its ${destination?.what} is entry [${earlier}]'s too: ${KNOWN_BY}; give each a name, or send both entries' categories from one setting (to keep a setting already in Azure, name it as it is named there, <vault>-audit or <vault>-audit-<n>)` });
        } else {
            // A name spelt like another entry's destination token.
            const [namedAt, unnamedAt] = setting.name === undefined ? [earlier, i] : [i, earlier];
            issues.push({ field: `diagnosticSettings[${namedAt}].name`, message: `"${key}" is what entry [${unnamedAt}], which has no name, is known by; choose another name` });
        }
    });
    return issues;
}
