import { providerSettings, ProviderConfigError } from "../../plan/provider-config";

const SUB = "6c1f4e2a-3b5d-4c7e-8f90-a1b2c3d4e5f6";
const TENANT = "0d9e8f7a-6b5c-4d3e-9f21-0a1b2c3d4e5f";

test("takes the subscription, tenant and cloud from the stack's azure-native config", () => {
    expect(providerSettings({ "azure-native:subscriptionId": SUB, "azure-native:tenantId": TENANT, "azure-native:environment": "usgovernment" }, {}))
        .toEqual({ subscriptionId: SUB, tenantId: TENANT, cloud: "usgovernment" });
});

test("falls back to the ARM_* variables the provider reads, and to azuread's tenant when nothing names azure-native's", () => {
    expect(providerSettings({ "azuread:tenantId": TENANT }, { ARM_SUBSCRIPTION_ID: SUB, ARM_ENVIRONMENT: "china" }))
        .toEqual({ subscriptionId: SUB, tenantId: TENANT, cloud: "china" });
    expect(providerSettings({}, { ARM_TENANT_ID: TENANT })).toEqual({ tenantId: TENANT });
});

test("gives azuread its own tenant, where the applications are registered, when it is not azure-native's", () => {
    const entra = "99999999-8888-4777-8666-555555555555";
    expect(providerSettings({ "azure-native:tenantId": TENANT, "azuread:tenantId": entra }, {})).toEqual({ tenantId: TENANT, entraTenantId: entra });
    // Each provider reads ARM_TENANT_ID when its own setting is absent.
    expect(providerSettings({ "azuread:tenantId": entra }, { ARM_TENANT_ID: TENANT })).toEqual({ tenantId: TENANT, entraTenantId: entra });
    expect(providerSettings({ "azure-native:tenantId": TENANT }, { ARM_TENANT_ID: entra })).toEqual({ tenantId: TENANT, entraTenantId: entra });
    // The same tenant, in any case, is one.
    expect(providerSettings({ "azure-native:tenantId": TENANT, "azuread:tenantId": TENANT.toUpperCase() }, {})).toEqual({ tenantId: TENANT });
});

test("refuses an azuread tenant that is not a GUID even when azure-native names its own", () => {
    expect(() => providerSettings({ "azure-native:tenantId": TENANT, "azuread:tenantId": "contoso.onmicrosoft.com" }, {})).toThrow('azuread:tenantId: "contoso.onmicrosoft.com" is not a tenant id (a GUID)');
});

test("config wins over the environment, as in the provider", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    expect(providerSettings({ "azure-native:subscriptionId": SUB }, { ARM_SUBSCRIPTION_ID: other }).subscriptionId).toBe(SUB);
});

test("says nothing when nothing is set: the plan keeps its own tenant", () => {
    expect(providerSettings({}, {})).toEqual({});
});

test("refuses what the provider would refuse, every problem named by its source", () => {
    let error: unknown;
    try {
        providerSettings({ "azure-native:subscriptionId": "my-subscription", "azure-native:environment": "germany" }, { ARM_TENANT_ID: "contoso.onmicrosoft.com" });
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as ProviderConfigError).problems).toEqual([
        'azure-native:subscriptionId: "my-subscription" is not a subscription id (a GUID)',
        'ARM_TENANT_ID: "contoso.onmicrosoft.com" is not a tenant id (a GUID)',
        'azure-native:environment: "germany" is not a cloud azure-native knows, which it would take as the public cloud without a word; use public (AzureCloud), usgovernment (AzureUSGovernment) or china (AzureChinaCloud)',
    ]);
});

test("takes a cloud by any name azure-native does, in any case, from its config, ARM_ENVIRONMENT or AZURE_ENVIRONMENT, in that order", () => {
    expect(providerSettings({ "azure-native:environment": "AzureUSGovernment" }, {})).toEqual({ cloud: "usgovernment" });
    expect(providerSettings({ "azure-native:environment": "usgov" }, { ARM_ENVIRONMENT: "china" })).toEqual({ cloud: "usgovernment" });
    expect(providerSettings({}, { ARM_ENVIRONMENT: "AzureChinaCloud", AZURE_ENVIRONMENT: "usgovernment" })).toEqual({ cloud: "china" });
    expect(providerSettings({}, { AZURE_ENVIRONMENT: "AzureUSGovernmentCloud" })).toEqual({ cloud: "usgovernment" });
    expect(providerSettings({}, { ARM_ENVIRONMENT: "", AZURE_ENVIRONMENT: "AzureCloud" })).toEqual({ cloud: "public" });
    expect(() => providerSettings({}, { AZURE_ENVIRONMENT: "AzureGermanCloud" })).toThrow('AZURE_ENVIRONMENT: "AzureGermanCloud" is not a cloud azure-native knows');
});

test("reads which default providers the stack disabled, and refuses a value that is not a list", () => {
    expect(providerSettings({ "pulumi:disable-default-providers": JSON.stringify(["*"]) }, {})).toEqual({ disabledDefaultProviders: ["*"] });
    expect(providerSettings({ "pulumi:disable-default-providers": JSON.stringify(["azure-native", "azuread"]) }, {})).toEqual({ disabledDefaultProviders: ["azure-native", "azuread"] });
    // As the engine reads it: empty is none disabled, names trimmed.
    expect(providerSettings({ "pulumi:disable-default-providers": "" }, {})).toEqual({ disabledDefaultProviders: [] });
    expect(providerSettings({ "pulumi:disable-default-providers": JSON.stringify([" azure-native "]) }, {})).toEqual({ disabledDefaultProviders: ["azure-native"] });
    expect(() => providerSettings({ "pulumi:disable-default-providers": "azure-native" }, {})).toThrow(
        'pulumi:disable-default-providers: "azure-native" is not a list of package names (or "*")',
    );
});
