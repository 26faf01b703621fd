import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const rgId = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok`;

function azure() {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    let n = 0;
    return (type: string, inputs: Record<string, unknown>) => m.newResource({ type, name: `r${n++}`, inputs, custom: true });
}

describe("management locks: Microsoft's naming rules table, 1-90 alphanumerics, periods, underscores, hyphens and parentheses, not ending in a period", () => {
    // MicrosoftDocs/azure-docs articles/azure-resource-manager/management/resource-name-rules.md, Microsoft.Authorization / locks.
    const lock = (lockName: string) => () => azure()("azure-native:authorization:ManagementLockByScope", { scope: rgId, level: "CanNotDelete", lockName });

    test.each(["lock.kv-main", "lock_kv(prod)", "L".repeat(90), "a"])("takes %s", (name) => {
        expect(lock(name)().state).toMatchObject({ name, type: "Microsoft.Authorization/locks" });
    });

    test.each(["lock kv", "lock#kv", "lock@kv", "lock!kv", "lock/kv", "lock-kv.", "L".repeat(91), ""])("refuses %j", (name) => {
        expect(lock(name)).toThrow(`400 LockNameInvalid: The lock name '${name}' is invalid: 1-90 alphanumerics, periods, underscores, hyphens and parentheses, not ending in a period.`);
    });
});

describe("diagnostic settings: the portal's rule, 1-260 characters, none of < > * % & : \\ ? + /", () => {
    // The rule azurerm mirrors (hashicorp/terraform-provider-azurerm#10014, fixing #9083).
    const setting = (name: string) => {
        const create = azure();
        create("azure-native:keyvault:Vault", {
            resourceGroupName: "rg-byok", vaultName: "kv-diag",
            properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true },
        });
        return () => create("azure-native:monitor:DiagnosticSetting", {
            resourceUri: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-diag`, name,
            workspaceId: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/law`, logs: [{ categoryGroup: "audit", enabled: true }],
        });
    };

    test.each(["kv-diag-audit", "kv diag (audit) #1", "x".repeat(260)])("takes %s", (name) => {
        expect(setting(name)().state).toMatchObject({ name, type: "Microsoft.Insights/diagnosticSettings" });
    });

    test.each(["audit/kv", "audit:kv", "audit?x", "a<b", "a>b", "a*b", "a%b", "a&b", "a\\b", "a+b", "x".repeat(261)])("refuses %j", (name) => {
        expect(setting(name)).toThrow(/^400 BadRequest: The diagnostic setting name '.*' is invalid: 1-260 characters, none of < > \* % & : \\ \? \+ \/\.$/);
    });
});
