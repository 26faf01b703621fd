import { getIdentity } from "../../plan/azure";
import { AzureState } from "../../plan/azure-state";
import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const rgId = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-byok`;

function azure() {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    let n = 0;
    return (type: string, inputs: Record<string, unknown>) => m.newResource({ type, name: `r${n++}`, inputs, custom: true });
}

describe("management locks: the REST reference's rule, at most 260 characters, none of < > % & : \\ ? / or a control character", () => {
    // learn.microsoft.com/rest/api/resources/management-locks/create-or-update-at-resource-level (lockName).
    const lock = (lockName: string) => () => azure()("azure-native:authorization:ManagementLockByScope", { scope: rgId, level: "CanNotDelete", lockName });

    test.each(["lock.kv-main", "lock_kv(prod)", "Do not delete", "Löschschutz", "lock#kv", "L".repeat(260), "a"])("takes %s", (name) => {
        expect(lock(name)().state).toMatchObject({ name, type: "Microsoft.Authorization/locks" });
    });

    test.each(["lock/kv", "lock:kv", "lock<kv", "lock%kv", "lock&kv", "lock?kv", "lock\\kv", "lock\tkv", "L".repeat(261), ""])("refuses %j", (name) => {
        expect(lock(name)).toThrow(`400 LockNameInvalid: The lock name '${name}' is invalid: at most 260 characters, none of < > % & : \\ ? / or a control character.`);
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

describe("diagnostic settings: a data sink takes a category once per resource", () => {
    // Azure/bicep-registry-modules#3407: 409 "Data sinks can't be reused in different settings on the same category for the same resource".
    const vaultUri = `${rgId}/providers/Microsoft.KeyVault/vaults/kv-sinks`;
    const workspace = `${rgId}/providers/Microsoft.OperationalInsights/workspaces/law`;
    const world = () => {
        const create = azure();
        create("azure-native:keyvault:Vault", {
            resourceGroupName: "rg-byok", vaultName: "kv-sinks",
            properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true },
        });
        return (name: string, logs: Record<string, unknown>[], sink: Record<string, unknown> = { workspaceId: workspace }) => create("azure-native:monitor:DiagnosticSetting", { resourceUri: vaultUri, name, logs, ...sink });
    };

    test("refuses AuditEvent to a workspace a setting already sends it to, whether named or through the audit group", () => {
        const setting = world();
        setting("first", [{ category: "AuditEvent", enabled: true }]);
        expect(() => setting("second", [{ categoryGroup: "audit", enabled: true }])).toThrow(
            `409 Conflict: Data sink '${workspace}' is already used in diagnostic setting 'first' for category 'AuditEvent'. Data sinks can't be reused in different settings on the same category for the same resource.`,
        );
    });

    test("takes another category to the same workspace, and the same category to another sink", () => {
        const setting = world();
        setting("audit", [{ category: "AuditEvent", enabled: true }]);
        expect(() => setting("policy", [{ category: "AzurePolicyEvaluationDetails", enabled: true }])).not.toThrow();
        expect(() => setting("archive", [{ category: "AuditEvent", enabled: true }], { storageAccountId: `${rgId}/providers/Microsoft.Storage/storageAccounts/staudit` })).not.toThrow();
        expect(() => setting("everything", [{ categoryGroup: "allLogs", enabled: true }])).toThrow(/for category 'AuditEvent'/);
    });
});

/** One diagnostic setting on a new vault, sending `logs` (and `metrics`) to a workspace. */
const vaultDiagnosticSetting = (logs: Record<string, unknown>[], metrics?: Record<string, unknown>[]) => {
    const create = azure();
    create("azure-native:keyvault:Vault", {
        resourceGroupName: "rg-byok", vaultName: "kv-diag",
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true },
    });
    return () => create("azure-native:monitor:DiagnosticSetting", {
        resourceUri: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-diag`, name: "audit",
        workspaceId: `${rgId}/providers/Microsoft.OperationalInsights/workspaces/law`, logs, metrics,
    });
};

describe("diagnostic settings: a setting names its logs by category or by category group, not both", () => {
    // Azure/azure-rest-api-specs#22719: "Diagnostic setting does not support mix of log category and log category group."
    const setting = (logs: Record<string, unknown>[]) => vaultDiagnosticSetting(logs);

    test("refuses a category beside a category group, even a disabled one", () => {
        const refusal = "400 BadRequest: Diagnostic setting does not support mix of log category and log category group.";
        expect(setting([{ category: "AzurePolicyEvaluationDetails", enabled: true }, { categoryGroup: "audit", enabled: true }])).toThrow(refusal);
        expect(setting([{ categoryGroup: "allLogs", enabled: true }, { category: "AuditEvent", enabled: false }])).toThrow(refusal);
    });

    test("takes category groups alone, and categories alone", () => {
        expect(setting([{ categoryGroup: "audit", enabled: true }, { categoryGroup: "allLogs", enabled: true }])().state).toMatchObject({ name: "audit" });
        expect(setting([{ category: "AuditEvent", enabled: true }, { category: "AzurePolicyEvaluationDetails", enabled: true }])().state).toMatchObject({ name: "audit" });
    });

    test("refuses a category or a category group named twice in one setting (Azure/Azure-Landing-Zones#3004)", () => {
        expect(setting([{ category: "AuditEvent", enabled: true }, { category: "AuditEvent", enabled: true }])).toThrow("400 BadRequest: Log category 'AuditEvent' is listed more than once in the diagnostic setting.");
        expect(setting([{ categoryGroup: "audit", enabled: true }, { categoryGroup: "audit", enabled: false }])).toThrow("400 BadRequest: Log category 'audit' is listed more than once");
    });
});

describe("diagnostic settings: a vault's metrics are in one category, AllMetrics", () => {
    const setting = (metrics: Record<string, unknown>[]) => vaultDiagnosticSetting([{ category: "AuditEvent", enabled: true }], metrics);

    test("takes AllMetrics and refuses a metric's own name, an entry without a category, or AllMetrics twice", () => {
        expect(setting([{ category: "AllMetrics", enabled: true }])().state).toMatchObject({ name: "audit" });
        expect(setting([{ category: "ServiceApiHit", enabled: true }])).toThrow("400 BadRequest: Metric category 'ServiceApiHit' is not supported for Microsoft.KeyVault/vaults; supported: AllMetrics.");
        expect(setting([{ enabled: true }])).toThrow("400 BadRequest: metrics[0].category is required.");
        expect(setting([{ category: "AllMetrics", enabled: true }, { category: "AllMetrics", enabled: false }])).toThrow("400 BadRequest: Metric category 'AllMetrics' is listed more than once in the diagnostic setting.");
    });
});

describe("an existing vault or identity in another Entra tenant (a Lighthouse-delegated subscription)", () => {
    const otherTenant = "9b2c4d6e-8f01-4a23-b456-789abcdef012";
    const delegated = () => new AzureMocks({
        ...mockAzureDefaults,
        vaults: [{ name: "kv-customer", resourceGroupName: "rg-byok", sku: "premium", enablePurgeProtection: true, enableRbacAuthorization: false, tenantId: otherTenant }],
        identities: [{ name: "id-customer", resourceGroupName: "rg-byok", tenantId: otherTenant }],
    }, new Recorder());
    const policy = (tenantId: string) => ({ resourceGroupName: "rg-byok", vaultName: "kv-customer", policy: { tenantId, objectId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", permissions: { keys: ["get"] } } });

    test("is read with its own tenant, as ARM's GET reports it", () => {
        const mocks = delegated();
        expect(mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-byok", vaultName: "kv-customer" } })).toMatchObject({ properties: { tenantId: otherTenant } });
        expect(mocks.call({ token: "azure-native:managedidentity:getUserAssignedIdentity", inputs: { resourceGroupName: "rg-byok", resourceName: "id-customer" } })).toMatchObject({ tenantId: otherTenant });
    });

    test("takes access policies in the vault's tenant, not the stack's", () => {
        const mocks = delegated();
        expect(() => mocks.newResource({ type: "azure-native:keyvault:AccessPolicy", name: "stack-tenant", inputs: policy(mockAzureDefaults.tenantId), custom: true })).toThrow(
            `400 BadRequest: policy.tenantId '${mockAzureDefaults.tenantId}' must be the vault's tenant ${otherTenant}.`,
        );
        expect(mocks.newResource({ type: "azure-native:keyvault:AccessPolicy", name: "vault-tenant", inputs: policy(otherTenant), custom: true }).id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-customer/accessPolicy/${policy(otherTenant).policy.objectId}`);
    });
});

describe("a vault's access policies that exist before the program runs", () => {
    const owner = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
    const vault = { name: "kv-platform", resourceGroupName: "rg-byok", sku: "premium" as const, enablePurgeProtection: true, enableRbacAuthorization: false };
    const entry = (objectId: string) => ({ resourceGroupName: "rg-byok", vaultName: "kv-platform", policy: { tenantId: mockAzureDefaults.tenantId, objectId, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } } });

    test("are read with the vault, as ARM's GET returns them", () => {
        const mocks = new AzureMocks({ ...mockAzureDefaults, vaults: [{ ...vault, accessPolicies: [{ objectId: owner, keys: ["get", "list"] }] }] }, new Recorder());
        expect(mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-byok", vaultName: "kv-platform" } })).toMatchObject({
            properties: { accessPolicies: [{ tenantId: mockAzureDefaults.tenantId, objectId: owner, permissions: { keys: ["get", "list"] } }] },
        });
    });

    test("refuse an AccessPolicy for a principal that has an entry, as azure-native's Create does, and take one for another", () => {
        const mocks = new AzureMocks({ ...mockAzureDefaults, vaults: [{ ...vault, accessPolicies: [{ objectId: owner, keys: ["get"] }] }] }, new Recorder());
        expect(() => mocks.newResource({ type: "azure-native:keyvault:AccessPolicy", name: "taken", inputs: entry(owner), custom: true })).toThrow(`cannot create already existing resource "${rgId}/providers/Microsoft.KeyVault/vaults/kv-platform/accessPolicy/${owner}"`);
        expect(mocks.newResource({ type: "azure-native:keyvault:AccessPolicy", name: "new", inputs: entry("6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c"), custom: true }).id).toBe(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-platform/accessPolicy/6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c`);
    });

    test("include a key owner's grant to an existing identity: its entry in an access-policy vault, its role on the key (else the vault) in an RBAC vault", () => {
        const identity = { name: "id-platform", resourceGroupName: "rg-byok", grantedKeys: [{ vaultName: "kv-platform", keyName: "cmk" }, { vaultName: "kv-rbac", keyName: "byok" }, { vaultName: "kv-rbac", keyName: "made-later" }] };
        const mocks = new AzureMocks({
            ...mockAzureDefaults,
            vaults: [vault, { ...vault, name: "kv-rbac", enableRbacAuthorization: true }],
            keys: [{ vaultName: "kv-rbac", name: "byok", kty: "RSA-HSM" }],
            identities: [identity],
        }, new Recorder());
        const principalId = String((mocks.call({ token: "azure-native:managedidentity:getUserAssignedIdentity", inputs: { resourceGroupName: "rg-byok", resourceName: "id-platform" } }) as { principalId: string }).principalId);
        const policies = (mocks.call({ token: "azure-native:keyvault:getVault", inputs: { resourceGroupName: "rg-byok", vaultName: "kv-platform" } }) as { properties: { accessPolicies: { objectId: string; permissions: { keys: string[] } }[] } }).properties.accessPolicies;
        expect(policies.map((p) => [p.objectId, p.permissions.keys])).toEqual([[principalId, ["get", "wrapKey", "unwrapKey"]]]);
        // The stack's own grant of the same role on the key is then Azure's 409.
        const role = (scope: string) => () => mocks.newResource({ type: "azure-native:authorization:RoleAssignment", name: "again", custom: true, inputs: {
            scope, principalId, principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${mockAzureDefaults.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
        } });
        expect(role(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-rbac/keys/byok`)).toThrow("409 RoleAssignmentExists: The role assignment already exists.");
        expect(role(`${rgId}/providers/Microsoft.KeyVault/vaults/kv-rbac`)).toThrow("409 RoleAssignmentExists: The role assignment already exists.");
    });
});

describe("answers in Azure's forms, not as the request was written", () => {
    test("a user-assigned identity's id has Microsoft.ManagedIdentity's lower-case `resourcegroups`, created or read", () => {
        const create = azure();
        const made = create("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: "rg-byok", resourceName: "id-cmk" });
        expect(made.id).toBe(`/subscriptions/${mockAzureDefaults.subscriptionId}/resourcegroups/rg-byok/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk`);
        const read = getIdentity({ resourceGroupName: "rg-platform", resourceName: "platform-cmk" }, new AzureState({ ...mockAzureDefaults, resourceGroups: [{ name: "rg-platform", location: "westeurope" }], identities: [{ resourceGroupName: "rg-platform", name: "platform-cmk" }] }));
        expect(read.id).toBe(`/subscriptions/${mockAzureDefaults.subscriptionId}/resourcegroups/rg-platform/providers/Microsoft.ManagedIdentity/userAssignedIdentities/platform-cmk`);
    });

    test("a vault's single IPv4 rule gets its /32 and its subnet ids come back in lower case; ranges stay as sent", () => {
        const subnet = `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet-Apps/subnets/snet-Keys`;
        const made = azure()("azure-native:keyvault:Vault", {
            resourceGroupName: "rg-byok", vaultName: "kv-acls",
            properties: {
                tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true,
                networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "203.0.113.7" }, { value: "198.51.100.0/24" }], virtualNetworkRules: [{ id: subnet }] },
            },
        });
        expect(made.state.properties.networkAcls).toEqual({
            defaultAction: "Deny", bypass: "AzureServices",
            ipRules: [{ value: "203.0.113.7/32" }, { value: "198.51.100.0/24" }],
            virtualNetworkRules: [{ id: subnet.toLowerCase() }],
        });
    });
});
