import { ClientApplication } from "../../components/client-application";
import { KeyVault } from "../../components/key-vault";
import { VaultReference } from "../../components/types";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { valueOf } from "../support/outputs";

const rg = "rg-byok";
const SECRET = "azure-native:keyvault:Secret";
let recorder: Recorder;
let vault: KeyVault;
let kept: KeyVault;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    vault = new KeyVault("kvhandover", { resourceGroupName: rg, protect: false });
    kept = new KeyVault("kvkept", { resourceGroupName: rg });
    await valueOf(vault.vaultUri);
    await valueOf(kept.vaultUri);
    await settle();
});

async function handOver(name: string, keyVault: VaultReference) {
    const app = new ClientApplication(name, { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault } });
    await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
    await settle();
    expect(recorder.refused).toEqual([]);
}

describe("a handed-over credential's Key Vault secret", () => {
    test("is deleted with a vault the program makes and may delete, and on its own in a kept vault or one the program only reads", async () => {
        await handOver("appliance", vault);
        // A protected vault is kept in Azure on delete, so the secret must be deleted on its own.
        await handOver("kept-appliance", kept);
        // A vault described by hand, as existingKeyVault returns one: no resource of this program.
        await handOver("other-appliance", {
            id: vault.id, vaultName: vault.vaultName, resourceGroupName: rg, vaultUri: vault.vaultUri, tenantId: vault.tenantId,
            sku: "premium", enableRbacAuthorization: true, enablePurgeProtection: true,
        });
        const vaultUrn = recorder.find("azure-native:keyvault:Vault", "kvhandover-vault").urn;
        expect(recorder.ofType(SECRET).map((r) => r.name).sort()).toEqual(["appliance-primary-client-secret-export", "kept-appliance-primary-client-secret-export", "other-appliance-primary-client-secret-export"]);
        expect(recorder.find(SECRET, "kept-appliance-primary-client-secret-export").deletedWith).toBeUndefined();
        expect(recorder.find(SECRET, "appliance-primary-client-secret-export").deletedWith).toBe(vaultUrn);
        expect(recorder.find(SECRET, "other-appliance-primary-client-secret-export").deletedWith).toBeUndefined();
    });
});
