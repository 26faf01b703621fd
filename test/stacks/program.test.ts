import { program } from "../../stacks/program";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { valueOf } from "../support/outputs";

let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks({ resourceGroups: [] }));
});

test("creates the group, a vault, a key, an identity and its key-scoped grant", async () => {
    const outputs = program({ resourceGroupName: "rg-byok-dev", location: "westeurope" });
    const [keyId, keyUri] = await Promise.all([valueOf(outputs.keyId), valueOf(outputs.keyUri), valueOf(outputs.identityClientId)]);
    await settle();
    expect(recorder.refused).toEqual([]);
    const custom = recorder.resources.filter((r) => r.custom).map((r) => r.type).sort();
    expect(custom).toEqual([
        "azure-native:authorization:ManagementLockByScope",
        "azure-native:authorization:RoleAssignment",
        "azure-native:keyvault:Key",
        "azure-native:keyvault:Vault",
        "azure-native:managedidentity:UserAssignedIdentity",
        "azure-native:resources:ResourceGroup",
        "random:index/randomString:RandomString",
    ]);
    expect(recorder.find("azure-native:authorization:RoleAssignment", "id-cmk-on-cmk-role-assignment").inputs.scope).toBe(keyId);
    expect(keyUri).toMatch(/^https:\/\/kv-[a-z0-9]{6}\.vault\.azure\.net\/keys\/cmk$/);
});
