import { existingManagedIdentity, validateExistingManagedIdentityArgs } from "../../components/existing-managed-identity";
import { setAzureMocks } from "../../plan/mocks";

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
