import * as pulumi from "@pulumi/pulumi";
import { diagnosticSettingsIssues, diagnosticSettingsShapeIssues } from "../../components/key-vault-diagnostics";
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

    test("takes no list, and settings of the right shape, without a word", () => {
        expect(diagnosticSettingsShapeIssues(undefined)).toEqual([]);
        expect(diagnosticSettingsShapeIssues([{ name: "to-siem", workspaceResourceId: pulumi.output(workspace), logCategoriesAndGroups: [{ categoryGroup: "audit" }] }])).toEqual([]);
    });
});

describe("diagnosticSettingsIssues", () => {
    test("leaves settings with a destination each, sending each category to a destination once, alone", () => {
        expect(diagnosticSettingsIssues([
            { workspaceResourceId: workspace },
            { storageAccountResourceId: archive, name: "to archive" },
            { workspaceResourceId: workspace, logCategoriesAndGroups: [{ category: "AzurePolicyEvaluationDetails" }] },
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
        expect(diagnosticSettingsIssues([{ storageAccountResourceId: archive, logCategoriesAndGroups: policyLogs }, { storageAccountResourceId: archive }], audit)).toEqual([]);
    });

    test("tells event hubs of one authorization rule apart by name, and leaves a destination unknown until deploy to Azure", () => {
        expect(diagnosticSettingsIssues([{ eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "audit" }, { eventHubAuthorizationRuleResourceId: hubRule, eventHubName: "siem" }], audit)).toEqual([]);
        expect(diagnosticSettingsIssues([{ eventHubAuthorizationRuleResourceId: hubRule }, { eventHubAuthorizationRuleResourceId: hubRule }], audit)).toEqual([
            { field: "diagnosticSettings[1]", message: `sends AuditEvent to the event hub entry [0] of this list already sends it to; ${REUSED}` },
        ]);
        expect(diagnosticSettingsIssues([{ workspaceResourceId: pulumi.output(workspace) }, { workspaceResourceId: pulumi.output(workspace) }], audit)).toEqual([]);
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
