import { cmkKeyUrl, CmkConsumer } from "../../components/customer-managed-key";
import { CustomerManagedKey, KeyReference, VaultReference } from "../../components/types";
import { valueOf } from "../support/outputs";

const keyVault: VaultReference = {
    id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-cmk",
    vaultName: "kv-cmk",
    resourceGroupName: "rg",
    vaultUri: "https://kv-cmk.vault.azure.net/",
    sku: "premium",
    enableRbacAuthorization: true,
    enablePurgeProtection: true,
    tenantId: "00000000-0000-0000-0000-000000000000",
};
const current = "0123456789abcdef0123456789abcdef";
const pinned = "fedcba9876543210fedcba9876543210";
const uri = "https://kv-cmk.vault.azure.net/keys/cmk";
const key: KeyReference = {
    id: `${String(keyVault.id)}/keys/cmk`,
    keyUri: uri,
    keyUriWithVersion: `${uri}/${current}`,
    keyName: "cmk",
    kty: "RSA-HSM",
    keySize: 3072,
    keyOps: ["wrapKey", "unwrapKey"],
    keyVault,
};
const cmk = (extra: Partial<CustomerManagedKey> = {}): CustomerManagedKey => ({ key, ...extra });

describe("cmkKeyUrl", () => {
    // Every consumer, so that a new one has to say which URL it takes.
    const consumers: Record<CmkConsumer, "versionless" | "versioned"> = {
        containerRegistry: "versionless",
        storageAccount: "versionless",
        postgresqlFlexibleServer: "versionless",
        diskEncryptionSet: "versioned",
        kubernetesCluster: "versioned",
        mysqlFlexibleServer: "versioned",
        sqlServer: "versioned",
    };

    test.each(Object.entries(consumers))("gives %s the %s key URL when no version is pinned", async (consumer, kind) => {
        expect(await valueOf(cmkKeyUrl(consumer as CmkConsumer, cmk()))).toBe(kind === "versioned" ? `${uri}/${current}` : uri);
    });

    test.each(Object.keys(consumers))("gives %s the pinned version, not the current one, when one is pinned by name", async (consumer) => {
        expect(await valueOf(cmkKeyUrl(consumer as CmkConsumer, cmk({ keyVersion: pinned })))).toBe(`${uri}/${pinned}`);
    });
});
