import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { existingIdentityProblems, existingManagedIdentity, ExistingManagedIdentityArgs, validateExistingManagedIdentityArgs } from "../../components/existing-managed-identity";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { untyped, expectRefusedBeforeLookup } from "../support/expect";

describe("existingManagedIdentity", () => {
    beforeAll(async () => {
        await setAzureMocks({ resourceGroups: [{ name: "rg-platform", location: "westeurope" }], identities: [{ resourceGroupName: "rg-platform", name: "id-cmk-shared" }] });
    });

    test("names each bad field", () => {
        expect(validateExistingManagedIdentityArgs({ identityName: "id-cmk-shared", resourceGroupName: "rg-platform" })).toEqual([]);
        expect(validateExistingManagedIdentityArgs({ identityName: "-id", resourceGroupName: "" }).map((i) => i.field)).toEqual(["identityName", "resourceGroupName"]);
    });

    test("refers to the identity Azure reports, and refuses one it does not have", async () => {
        const identity = await existingManagedIdentity("shared", { identityName: "id-cmk-shared", resourceGroupName: "rg-platform" });
        expect(identity).toEqual({
            id: expect.stringMatching(/\/resourcegroups\/rg-platform\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/id-cmk-shared$/),
            clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        await expect(existingManagedIdentity("gone", { identityName: "id-gone", resourceGroupName: "rg-platform" })).rejects.toThrow(
            "404 ResourceNotFound: The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/id-gone' under resource group 'rg-platform' was not found.",
        );
    });
});

describe("an existing identity in another Entra tenant", () => {
    const platform = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    const otherTenant = "9b2c4d6e-8f01-4a23-b456-789abcdef012";
    const declared: ExistingManagedIdentityArgs = { identityName: "id-customer", resourceGroupName: "rg-security" };
    const refusal = (stackTenant: string) =>
        `identity id-customer in Azure is in Entra tenant ${otherTenant}, but the stack's services and vaults are in tenant ${stackTenant}; a managed identity is not usable across tenants, and cross-tenant customer-managed keys need a multi-tenant application with a federated identity client id, which this stack does not make: use an identity in tenant ${stackTenant}`;

    test("is a problem named requires.tenantId; one in the required tenant, in any case, is none", () => {
        expect(existingIdentityProblems({ ...declared, requires: { tenantId: mockAzureDefaults.tenantId } }, { name: "id-customer", tenantId: otherTenant })).toEqual([{ field: "requires.tenantId", message: refusal(mockAzureDefaults.tenantId) }]);
        expect(existingIdentityProblems({ ...declared, requires: { tenantId: otherTenant.toUpperCase() } }, { name: "id-customer", tenantId: otherTenant })).toEqual([]);
        expect(validateExistingManagedIdentityArgs({ ...declared, requires: { tenantId: "contoso.onmicrosoft.com" } })).toEqual([
            { field: "requires.tenantId", message: '"contoso.onmicrosoft.com" is not a tenant id (a GUID): give the directory\'s id, not one of its domains' },
        ]);
    });

    test("is refused, by default against the tenant the reading provider signs in to, before anything is registered", async () => {
        const { recorder } = await setAzureMocks({
            resourceGroups: [{ name: "rg-security", location: "westeurope", subscriptionId: platform }],
            identities: [{ name: "id-customer", resourceGroupName: "rg-security", subscriptionId: platform, tenantId: otherTenant }],
        });
        const provider = new Provider("platform", { subscriptionId: platform });
        await expect(existingManagedIdentity("customer", declared, { provider })).rejects.toThrow(`existing identity customer: invalid arguments:\n  - requires.tenantId: ${refusal(mockAzureDefaults.tenantId)}`);
        await settle();
        expect(recorder.calls.map((c) => c.token)).toEqual(["azure-native:managedidentity:getUserAssignedIdentity", "azure-native:authorization:getClientConfig"]);
        expect(recorder.requests.filter((r) => !r.type.startsWith("pulumi:providers:"))).toEqual([]);
        // A caller that requires the identity's own tenant gets it, without the provider asked.
        await expect(existingManagedIdentity("customer", { ...declared, requires: { tenantId: otherTenant } }, { provider })).resolves.toMatchObject({ principalId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
        expect(recorder.calls.filter((c) => c.token === "azure-native:authorization:getClientConfig")).toHaveLength(1);
    });
});

describe("existingManagedIdentity arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const declared: ExistingManagedIdentityArgs = { identityName: "id-cmk-shared", resourceGroupName: "rg-platform" };
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks({ resourceGroups: [{ name: "rg-platform", location: "westeurope" }], identities: [{ resourceGroupName: "rg-platform", name: "id-cmk-shared" }] }));
    });

    /** Expects the lookup to be refused with an issue naming `field`, before Azure is asked or anything registered. */
    const expectRefused = (args: unknown, field: string, rule: RegExp) => expectRefusedBeforeLookup(recorder, () => existingManagedIdentity("shared", untyped<ExistingManagedIdentityArgs>(args)), "existing identity shared", field, rule);

    const cases: [string, () => unknown, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ resourceGroupName: undefined, resourceGroup: "rg-platform" }), "resourceGroup", /^is not an argument here; did you mean "resourceGroupName"\?$/],
        ["Azure Verified Modules' name for the identity name", () => ({ identityName: undefined, name: "id-cmk-shared" }), "name", /^is not an argument here; did you mean "identityName"\?$/],
        ["azure-native's name for the identity name", () => ({ identityName: undefined, resourceName: "id-cmk-shared" }), "resourceName", /^is not an argument here; did you mean "identityName"\?$/],
        // A ManagedIdentity's argument, which an identity this stack only reads has no use for.
        ["a region", () => ({ location: "westeurope" }), "location", /^is not an argument here; the arguments are identityName, resourceGroupName, requires$/],
        ["no identity name", () => ({ identityName: undefined }), "identityName", /^is required: the identity's name in Azure$/],
        ["no resource group", () => ({ resourceGroupName: undefined }), "resourceGroupName", /^is required: the identity's resource group$/],
        ["identityName as a number", () => ({ identityName: 42 }), "identityName", /^is a number \(42\), not a string$/],
        ["identityName as an Output", () => ({ identityName: pulumi.output("id-cmk-shared") }), "identityName", OUTPUT_RULE],
        ["resourceGroupName as an Output", () => ({ resourceGroupName: pulumi.output("rg-platform") }), "resourceGroupName", OUTPUT_RULE],
        ["a misspelt requirement", () => ({ requires: { tenant: mockAzureDefaults.tenantId } }), "requires.tenant", /^is not an argument here; did you mean "tenantId"\?$/],
        ["the required tenant as an Output", () => ({ requires: { tenantId: pulumi.output(mockAzureDefaults.tenantId) } }), "requires.tenantId", OUTPUT_RULE],
    ];
    test.each(cases)("refuses %s before asking Azure", async (_title, extra, field, rule) => {
        await expectRefused({ ...declared, ...(extra() as object) }, field, rule);
    });

    test("refuses args that are missing or not an object with a clear error, not a TypeError", async () => {
        await expectRefused(undefined, "args", /^is required: an object with at least identityName, resourceGroupName$/);
        await expectRefused(null, "args", /^is null, not an object \(\{…\}\)$/);
        await expectRefused("id-cmk-shared", "args", /^is a string \("id-cmk-shared"\), not an object \(\{…\}\)$/);
    });
});
