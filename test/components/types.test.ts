import * as keyvault from "@pulumi/azure-native/keyvault";
import { CmkDiskEncryptionSet } from "../../components/cmk-disk-encryption-set";
import { EncryptionKey } from "../../components/encryption-key";
import { VaultReference } from "../../components/types";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { valueOf } from "../support/outputs";

let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
});

// azure-native types a vault's location Output<string | undefined> (keyvault/vault.d.ts): taken as it is, with no cast.
test("a vault the program makes with azure-native is a VaultReference as it is, and a disk encryption set in its region takes its key", async () => {
    const own = new keyvault.Vault("own-vault", {
        resourceGroupName: "rg-byok", location: "westeurope", vaultName: "kv-own-types",
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" },
    });
    const vault: VaultReference = {
        id: own.id, vaultName: own.name, resourceGroupName: "rg-byok", tenantId: mockAzureDefaults.tenantId,
        vaultUri: own.properties.apply((p) => p.vaultUri ?? ""), location: own.location,
        sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true,
    };
    const key = new EncryptionKey("own-vault-cmk", { keyVault: vault });
    const des = new CmkDiskEncryptionSet("des-own-vault", { resourceGroupName: "rg-byok", location: "westeurope", customerManagedKey: { key } });
    await valueOf(des.id);
    await settle();
    expect(recorder.refused).toEqual([]);
    expect(recorder.find("azure-native:compute:DiskEncryptionSet", "des-own-vault-des").inputs.location).toBe("westeurope");
});
