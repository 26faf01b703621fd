import * as pulumi from "@pulumi/pulumi";
import {
    diagnosticSettingKey,
    diagnosticSettingResourceName,
    diagnosticSettingsIssues,
    diagnosticSettingsShapeIssues,
    positionalDiagnosticSettingResourceName,
} from "../../components/key-vault-diagnostics";
import { KeyVaultDefaults } from "../../components/key-vault";

const sub = "00000000-0000-0000-0000-000000000001";
const workspace = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-security`;
const archive = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/staudit`;
const hubRule = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/evh-audit/authorizationRules/send`;
const audit = KeyVaultDefaults.auditLogs;
const REUSED = "Azure takes a destination once per category on a resource (409 \"Data sinks can't be reused in different settings on the same category\"): send it elsewhere, or leave this setting out";

describe("diagnosticSettingsShapeIssues", () => {
    test("names a misspelt field of a setting and of one of its log entries", () => {
        expect(diagnosticSettingsShapeIssues([{ workspaceResourceID: workspace, logCategoriesAndGroups: [{ categroy: "AuditEvent" }] }]).map((i) => i.field)).toEqual([
            "diagnosticSettings[0].workspaceResourceID",
            "diagnosticSettings[0].logCategoriesAndGroups[0].categroy",
        ]);
    });

    test("names a misspelt field of a metric entry", () => {
        expect(diagnosticSettingsShapeIssues([{ workspaceResourceId: workspace, metricCategories: [{ categories: "AllMetrics" }] }]).map((i) => i.field)).toEqual(["diagnosticSettings[0].metricCategories[0].categories"]);
    });

    test("takes no list, and settings of the right shape, without a word", () => {
        expect(diagnosticSettingsShapeIssues(undefined)).toEqual([]);
        expect(diagnosticSettingsShapeIssues([{ name: "to-siem", workspaceResourceId: pulumi.output(workspace), logCategoriesAndGroups: [{ categoryGroup: "audit" }] }])).toEqual([]);
    });
});

describe("diagnosticSettingsIssues", () => {
    test("takes AllMetrics, Key Vault's one metric category, and names a metric entry without a category or with another", () => {
        expect(diagnosticSettingsIssues([{ workspaceResourceId: workspace, metricCategories: [{ category: "AllMetrics" }] }], audit)).toEqual([]);
        expect(diagnosticSettingsIssues([{ workspaceResourceId: workspace, metricCategories: [{} as never, { category: "ServiceApiLatency" as never }] }], audit)).toEqual([
            { field: "diagnosticSettings[0].metricCategories[0].category", message: "is required; Key Vault's metric category is AllMetrics" },
            { field: "diagnosticSettings[0].metricCategories[1].category", message: "\"ServiceApiLatency\" is not a Key Vault metric category; use AllMetrics, which holds every Key Vault metric" },
        ]);
    });

    test("leaves settings with a destination each, sending each category to a destination once, alone", () => {
        expect(diagnosticSettingsIssues([
            { workspaceResourceId: workspace },
            { storageAccountResourceId: archive, name: "to archive" },
            { workspaceResourceId: workspace, name: "policy", logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] },
            { eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "audit" },
        ], audit)).toEqual([]);
        expect(diagnosticSettingsIssues(undefined, audit)).toEqual([]);
    });

    test("refuses a log entry naming both or neither of category and categoryGroup", () => {
        expect(diagnosticSettingsIssues([{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AuditEvent", categoryGroup: "audit" }, {}] }], audit)).toEqual([
            { field: "diagnosticSettings[0].logCategoriesAndGroups[0]", message: "set exactly one of category and categoryGroup" },
            { field: "diagnosticSettings[0].logCategoriesAndGroups[1]", message: "set exactly one of category and categoryGroup" },
        ]);
    });

    test("refuses a setting that mixes a category with a category group, as Azure does, and takes either form alone", () => {
        // "Diagnostic setting does not support mix of log category and log category group." (Azure/azure-rest-api-specs#22719)
        expect(diagnosticSettingsIssues([{ workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }, { categoryGroup: "audit" }] }], audit)).toEqual([
            { field: "diagnosticSettings[0].logCategoriesAndGroups", message: "mixes categories and category groups, which Azure refuses in one setting; list only categories or only category groups (allLogs holds every category)" },
        ]);
        expect(diagnosticSettingsIssues([
            { name: "groups", workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "audit" }, { categoryGroup: "allLogs" }] },
            { name: "categories", storageAccountResourceId: archive, logCategoriesAndGroups: [{ category: "AuditEvent" }, { category: "AzurePolicyEvaluationDetails" }] },
        ], audit)).toEqual([]);
    });

    test("names the destination a category is sent to twice, by the entry that sends it first", () => {
        expect(diagnosticSettingsIssues([{ workspaceResourceId: workspace }, { workspaceResourceId: workspace.toUpperCase(), logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] }], audit)).toEqual([
            { field: "diagnosticSettings[1]", message: `sends AuditEvent to the workspace entry [0] of this list already sends it to; ${REUSED}` },
        ]);
    });

    test("counts a setting without logCategoriesAndGroups as sending the default logs", () => {
        const policyLogs = [{ category: "AzurePolicyEvaluationDetails" as const }];
        expect(diagnosticSettingsIssues([{ storageAccountResourceId: archive, logCategoriesAndGroups: policyLogs }, { storageAccountResourceId: archive }], policyLogs)).toEqual([
            { field: "diagnosticSettings[1]", message: `sends AzurePolicyEvaluationDetails to the storage account entry [0] of this list already sends it to; ${REUSED}` },
        ]);
        expect(diagnosticSettingsIssues([{ storageAccountResourceId: archive, logCategoriesAndGroups: policyLogs }, { storageAccountResourceId: archive, name: "audit" }], audit)).toEqual([]);
    });

    test("tells event hubs of one authorization rule apart by name, and leaves a destination unknown until deploy to Azure", () => {
        expect(diagnosticSettingsIssues([{ eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "audit" }, { eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "siem" }], audit)).toEqual([]);
        expect(diagnosticSettingsIssues([{ eventHubAuthorizationRuleResourceId: hubRule }, { eventHubAuthorizationRuleResourceId: hubRule }], audit)).toEqual([
            { field: "diagnosticSettings[1]", message: `sends AuditEvent to the event hub entry [0] of this list already sends it to; ${REUSED}` },
        ]);
        expect(diagnosticSettingsIssues([{ name: "a", workspaceResourceId: pulumi.output(workspace) }, { name: "b", workspaceResourceId: pulumi.output(workspace) }], audit)).toEqual([]);
    });

    // The allLogs group holds AzurePolicyEvaluationDetails as well as AuditEvent, so it reuses a sink that category already goes to.
    test("refuses a setting sending allLogs to the workspace another setting sends AzurePolicyEvaluationDetails to", () => {
        const issues = diagnosticSettingsIssues([
            { name: "policy", workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] },
            { name: "all", workspaceResourceId: workspace, logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] },
        ], audit);
        expect(issues.map((i) => i.field)).toContain("diagnosticSettings[1]");
        expect(issues.map((i) => i.message).join("\n")).toMatch(/sends AzurePolicyEvaluationDetails to the workspace/);
    });

    test("refuses a sixth setting, after the rules each setting breaks", () => {
        const six = ["a", "b", "c", "d", "e", "f"].map((name) => ({ name, storageAccountResourceId: archive.replace("staudit", `staudit${name}`) }));
        six[5].name = "f/g";
        expect(diagnosticSettingsIssues(six, audit)).toEqual([
            { field: "diagnosticSettings[5].name", message: "\"f/g\" (3 characters) is not a diagnostic setting name: 1–260 characters, none of < > * % & : \\ ? + /" },
            { field: "diagnosticSettings", message: "has 6 entries; Azure allows 5 per resource" },
        ]);
    });
});

describe("diagnosticSettingKey: what a setting is known by, whatever its place in the list", () => {
    test("is its name when it has one", () => {
        expect(diagnosticSettingKey({ name: "to SIEM (prod)", workspaceResourceId: workspace })).toBe("to SIEM (prod)");
        expect(diagnosticSettingKey({ name: "to-siem", workspaceResourceId: pulumi.output(workspace) })).toBe("to-siem");
    });

    test("is, without a name, its workspace's name and a hash of its id, the same in any case: deployed stacks are found by it, so it never changes", () => {
        expect(diagnosticSettingKey({ workspaceResourceId: workspace })).toBe("law-security-88f5c4d2");
        expect(diagnosticSettingKey({ workspaceResourceId: workspace.toUpperCase(), logCategoriesAndGroups: [{ categoryGroup: "allLogs" }] })).toBe("law-security-88f5c4d2");
        // Known by its workspace whatever else it delivers to, so adding a destination keeps it in place.
        expect(diagnosticSettingKey({ workspaceResourceId: workspace, storageAccountResourceId: archive, eventHubAuthorizationRuleResourceId: hubRule })).toBe("law-security-88f5c4d2");
    });

    test("is, for an event hub, its namespace's name and a hash of its rule and event hub", () => {
        expect(diagnosticSettingKey({ eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "audit" })).toBe("evh-audit-9e09602b");
        expect(diagnosticSettingKey({ eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "siem" })).toBe("evh-audit-b0698d5b");
    });

    test("keeps to letters, digits and hyphens, 49 characters at most, which a diagnostic setting name and a vault's name around it take", () => {
        const odd = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${"Log Analytics (prod) ".repeat(4)}`;
        const key = diagnosticSettingKey({ workspaceResourceId: odd });
        expect(key).toMatch(/^log-analytics-prod-log-analytics-prod-lo-[0-9a-f]{8}$/);
        expect(diagnosticSettingsIssues([{ name: `kv-cmk-abc123-audit-${key}`, workspaceResourceId: workspace }], audit)).toEqual([]);
    });

    test("is undefined without a name while the destination it would be known by is unknown until deploy, or without a destination", () => {
        expect(diagnosticSettingKey({ workspaceResourceId: pulumi.output(workspace), storageAccountResourceId: archive })).toBeUndefined();
        expect(diagnosticSettingKey({ eventHubAuthorizationRuleResourceId: hubRule, eventHubName: pulumi.output("audit") })).toBeUndefined();
        expect(diagnosticSettingKey({})).toBeUndefined();
    });
});

describe("diagnostic setting resource names", () => {
    test("are <component>-diagnostics/<key>, never one of the positional names settings had before, which are their aliases", () => {
        expect(diagnosticSettingResourceName("kv", "law-security-88f5c4d2")).toBe("kv-diagnostics/law-security-88f5c4d2");
        expect([0, 1, 2].map((i) => positionalDiagnosticSettingResourceName("kv", i))).toEqual(["kv-diagnostics", "kv-diagnostics-1", "kv-diagnostics-2"]);
        // A setting named "1" is not the one deployed at place 1.
        expect(diagnosticSettingResourceName("kv", "1")).toBe("kv-diagnostics/1");
    });

    test("keep one vault's settings off another's, now and as deployed before, whatever the vaults are called", () => {
        // A URN names its parent's type, not its name: vaults kv and kv-audit share one namespace.
        const settings = [diagnosticSettingResourceName("kv", "audit"), diagnosticSettingResourceName("kv", "audit-x"), diagnosticSettingResourceName("kv-audit", "x")];
        expect(new Set(settings).size).toBe(settings.length);
        const earlier = ["kv", "kv-audit", "kv-audit-x"].flatMap((vault) => [0, 1].map((i) => positionalDiagnosticSettingResourceName(vault, i)));
        expect(settings.filter((name) => earlier.includes(name))).toEqual([]);
    });
});

describe("diagnosticSettingsIssues: each setting known apart", () => {
    const KNOWN_BY = "a setting without a name is known by its workspace, else its storage account, else its event hub, so that reordering, adding or removing settings leaves the others in place";

    test("refuses an unnamed setting whose workspace is known only at deploy, naming its name", () => {
        expect(diagnosticSettingsIssues([{ workspaceResourceId: pulumi.output(workspace) }], audit)).toEqual([
            { field: "diagnosticSettings[0].name", message: `is required while the workspace is unknown until deploy (an Output): ${KNOWN_BY}; give it a name (a setting deployed as <vault>-audit or <vault>-audit-<n> stays in place under that name)` },
        ]);
    });

    test("refuses a second unnamed setting to the destination it is known by, once: a category sent twice is told alone", () => {
        expect(diagnosticSettingsIssues([{ storageAccountResourceId: archive, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] }, { storageAccountResourceId: archive, workspaceResourceId: undefined }], audit)).toEqual([
            { field: "diagnosticSettings[1]", message: `has no name, and its storage account is entry [0]'s too: ${KNOWN_BY}; give each a name, or send both entries' categories from one setting (to keep a setting already in Azure, name it as it is named there, <vault>-audit or <vault>-audit-<n>)` },
        ]);
        expect(diagnosticSettingsIssues([{ storageAccountResourceId: archive }, { storageAccountResourceId: archive }], audit).map((i) => i.message)).toEqual([
            `sends AuditEvent to the storage account entry [0] of this list already sends it to; ${REUSED}`,
        ]);
    });

    test("refuses a name another setting has in any case, and a name that is an unnamed setting's key", () => {
        expect(diagnosticSettingsIssues([{ name: "SIEM", workspaceResourceId: workspace }, { name: "siem", storageAccountResourceId: archive }], audit)).toEqual([
            { field: "diagnosticSettings[1].name", message: "\"siem\" already names entry [0]; a vault's diagnostic settings need names of their own, in any case" },
        ]);
        expect(diagnosticSettingsIssues([{ name: "law-security-88f5c4d2", storageAccountResourceId: archive }, { workspaceResourceId: workspace }], audit)).toEqual([
            { field: "diagnosticSettings[0].name", message: "\"law-security-88f5c4d2\" is what entry [1], which has no name, is known by; choose another name" },
        ]);
    });
});
