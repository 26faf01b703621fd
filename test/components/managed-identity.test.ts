import * as pulumi from "@pulumi/pulumi";
import { ManagedIdentity, validateManagedIdentityArgs } from "../../components/managed-identity";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
});
beforeEach(() => recorder.clear());

test("creates a user-assigned identity and exposes the ids a CMK service and its grant need", async () => {
    const identity = new ManagedIdentity("id-storage", { resourceGroupName: "rg-byok" });
    const [id, clientId, principalId, tenantId] = await Promise.all([
        valueOf(identity.id), valueOf(identity.clientId), valueOf(identity.principalId), valueOf(identity.tenantId),
    ]);
    await settle();
    const recorded = recorder.find("azure-native:managedidentity:UserAssignedIdentity", "id-storage-identity");
    expect(recorded.inputs).toEqual({ resourceGroupName: "rg-byok", resourceName: "id-storage" });
    expect(recorded.parent).toBe(recorder.find("azure-byok:managedidentity:ManagedIdentity", "id-storage").urn);
    // Microsoft.ManagedIdentity answers with `resourcegroups` in lower case.
    expect(id).toBe(`/subscriptions/${mockAzureDefaults.subscriptionId}/resourcegroups/rg-byok/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage`);
    expect(clientId).toMatch(GUID);
    expect(principalId).toMatch(GUID);
    expect(clientId).not.toBe(principalId);
    expect(tenantId).toBe(mockAzureDefaults.tenantId);
});

test("uses an exact identity name when given", async () => {
    const identity = new ManagedIdentity("registry", { resourceGroupName: "rg-byok", identityName: "id-acr-cmk" });
    expect(await valueOf(identity.id)).toMatch(/\/userAssignedIdentities\/id-acr-cmk$/);
});

test("rejects an identity name Azure would refuse before registering anything", async () => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("x", { resourceGroupName: "rg-byok", identityName: "id acr" }), "identityName", /not an identity name/);
    expect(validateManagedIdentityArgs("ab", { resourceGroupName: "rg" }).map((i) => i.field)).toEqual(["name"]);
});

test("rejects an empty or blank resource group before registering anything", async () => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("id-norg", { resourceGroupName: "" }), "resourceGroupName", /^"" is blank/);
    expect(validateManagedIdentityArgs("id-norg", { resourceGroupName: "  " })).toEqual([{ field: "resourceGroupName", message: "\"  \" is blank; name the resource group the component's resources are created in" }]);
});

test("rejects an identity name given as an Output, which names the resource before deploy", async () => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("id-out", { resourceGroupName: "rg-byok", identityName: pulumi.output("id-cmk") as unknown as string }), "identityName", /^is an Output; this argument takes a plain value/);
});

test("rejects an argument it does not read, with the name it means", async () => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("id-avm", { resourceGroupName: "rg-byok", name: "id-cmk" } as never), "name", /^is not an argument here; did you mean "identityName"\?$/);
});

test.each([
    ["a number", 42, /^is a number \(42\), not a region's name \(a string\)$/],
    ["true", true, /^is a boolean \(true\), not a region's name \(a string\)$/],
    ["an object", {}, /^is an object, not a region's name \(a string\)$/],
    ["empty", "", /^"" is blank; name a region, such as "westeurope", or leave location out to take the default$/],
    ["null", null, /^is null; leave the argument out to take its default$/],
])("rejects a location that is %s before registering anything", async (_title, location, rule) => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("id-loc", { resourceGroupName: "rg-byok", location } as never), "location", rule);
});

test("refuses a rename by aliases before registering anything while the identity's Azure name is the resource name, and keeps it with identityName given", async () => {
    await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("id-platform", { resourceGroupName: "rg-byok" }, { aliases: [{ name: "id-storage-old" }] }), "identityName",
        /^is not given, so the identity's Azure name comes from the resource name: "id-platform" for "id-platform", where "id-storage-old", its earlier name in aliases, gave "id-storage-old"; Azure cannot rename the identity/);
    const renamed = new ManagedIdentity("id-platform", { resourceGroupName: "rg-byok", identityName: "id-storage-old" }, { aliases: [{ name: "id-storage-old" }] });
    await valueOf(renamed.id);
    await settle();
    expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "id-platform-identity").inputs.resourceName).toBe("id-storage-old");
});

describe("protect", () => {
    const options = async (name: string, args: { protect?: boolean } = {}, opts: pulumi.ComponentResourceOptions = {}) => {
        const identity = new ManagedIdentity(name, { resourceGroupName: "rg-byok", ...args }, opts);
        await valueOf(identity.id);
        await settle();
        const recorded = recorder.find("azure-native:managedidentity:UserAssignedIdentity", `${name}-identity`);
        return [recorded.protect, recorded.retainOnDelete];
    };

    test("protects the identity and keeps it in Azure by default: deleted, it takes its principal's grants, and a CMK service running as it loses its key", async () => {
        expect(await options("id-kept")).toEqual([true, true]);
    });

    test("leaves it deletable with protect: false, kept still when retainOnDelete is asked alone", async () => {
        expect(await options("id-throwaway", { protect: false })).toEqual([false, false]);
        expect(await options("id-retained", { protect: false }, { retainOnDelete: true })).toEqual([false, true]);
    });

    test("takes the component's own protect option as its default, and protect given by name over it", async () => {
        expect(await options("id-opt-out", {}, { protect: false })).toEqual([false, false]);
        expect(await options("id-by-name", { protect: true }, { protect: false })).toEqual([true, true]);
    });
});
