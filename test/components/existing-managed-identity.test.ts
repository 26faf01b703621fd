import * as pulumi from "@pulumi/pulumi";
import { existingManagedIdentity, ExistingManagedIdentityArgs, validateExistingManagedIdentityArgs } from "../../components/existing-managed-identity";
import { Recorder, setAzureMocks } from "../../plan/mocks";
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
            id: expect.stringMatching(/\/resourceGroups\/rg-platform\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/id-cmk-shared$/),
            clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        await expect(existingManagedIdentity("gone", { identityName: "id-gone", resourceGroupName: "rg-platform" })).rejects.toThrow(
            "404 ResourceNotFound: The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/id-gone' under resource group 'rg-platform' was not found.",
        );
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
        ["a region", () => ({ location: "westeurope" }), "location", /^is not an argument here; the arguments are identityName, resourceGroupName$/],
        ["no identity name", () => ({ identityName: undefined }), "identityName", /^is required: the identity's name in Azure$/],
        ["no resource group", () => ({ resourceGroupName: undefined }), "resourceGroupName", /^is required: the identity's resource group$/],
        ["identityName as a number", () => ({ identityName: 42 }), "identityName", /^is a number \(42\), not a string$/],
        ["identityName as an Output", () => ({ identityName: pulumi.output("id-cmk-shared") }), "identityName", OUTPUT_RULE],
        ["resourceGroupName as an Output", () => ({ resourceGroupName: pulumi.output("rg-platform") }), "resourceGroupName", OUTPUT_RULE],
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
