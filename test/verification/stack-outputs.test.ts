import { scanStackOutputs } from "../../verification/stack-outputs";

const KEY = "https://kv-backup-abc123.vault.azure.net/keys/backup-vendor";
const VERSION = "0123456789abcdef0123456789abcdef";

/** `pulumi stack output --json` of one of this product's stacks (the shape of `StackOutputs` in stacks/program.ts), without --show-secrets. */
function productOutputs(): Record<string, unknown> {
    return {
        resourceGroupName: "rg-byok",
        keys: { "backup-vendor": { id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-backup-abc123/keys/backup-vendor", keyUri: KEY, keyUriWithVersion: `${KEY}/${VERSION}` } },
        applications: {
            "backup-vendor": {
                tenantId: "t",
                clientId: "c",
                certificates: { primary: { certificatePem: "-----BEGIN CERTIFICATE-----", thumbprint: "AB", endDate: "2027-01-01T00:00:00Z", privateKeyPem: "[secret]", pfxBase64: "[secret]" } },
                clientSecrets: {},
                exportedSecrets: {},
            },
            "kms-appliance": { certificates: {}, clientSecrets: { primary: { value: "[secret]", endDate: "2027-01-01T00:00:00Z" }, rollover: { value: "[secret]", endDate: "2027-06-01T00:00:00Z" } } },
        },
        mysqlServers: { orders: { keyUri: `${KEY}/${VERSION}`, followsKeyRotation: false, administratorLogin: "mysqladmin", administratorLoginPassword: "[secret]" } },
    };
}

test("the product's own secret outputs, which never hold a key id (private keys, PFX, client secrets, MySQL passwords), are not named", () => {
    expect(scanStackOutputs(productOutputs())).toEqual({ keyIds: [KEY, `${KEY}/${VERSION}`], secrets: [], aksKmsKeyIds: [] });
});

test("a secret anywhere else could hold a key id and is still named, a known name at another place too", () => {
    const outputs = productOutputs();
    outputs.cmkKeyId = "[secret]";
    outputs.sqlServers = { main: { keyId: "[secret]", followsKeyRotation: true } };
    // Names this product uses for its secrets, where it does not put them.
    outputs.extra = { value: "[secret]", administratorLoginPassword: "[secret]", certificates: { primary: { privateKeyPem: "[secret]" } } };
    (outputs.applications as Record<string, Record<string, unknown>>)["kms-appliance"].exportedSecrets = { "kms-appliance-primary-client-secret": "[secret]" };
    expect(scanStackOutputs(outputs).secrets).toEqual([
        "applications.kms-appliance.exportedSecrets.kms-appliance-primary-client-secret",
        "cmkKeyId",
        "sqlServers.main.keyId",
        "extra.value",
        "extra.administratorLoginPassword",
        "extra.certificates.primary.privateKeyPem",
    ]);
    expect(scanStackOutputs("[secret]").secrets).toEqual(["(the whole output)"]);
});

test("an AKS cluster's KMS keyId is named as a version KMS holds; a MySQL server's version and a pinned disk encryption set's are not", () => {
    const kms = "https://kv-aks-abc123.vault.azure.net/keys/aks-kms/fedcba9876543210fedcba9876543210";
    const outputs = productOutputs();
    outputs.kubernetesClusters = { aks: { id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks", keyId: kms, identityClientId: "c" } };
    outputs.diskEncryptionSets = { pinned: { keyUrl: `${KEY}/${VERSION}`, followsKeyRotation: false } };
    // Elsewhere, a keyId under a cluster-like path is another output's, not a cluster's.
    outputs.extra = { kubernetesClusters: { aks: { keyId: `${KEY}/${"ab".repeat(16)}` } } };
    const scanned = scanStackOutputs(outputs);
    expect(scanned.keyIds).toEqual([KEY, `${KEY}/${VERSION}`, kms, `${KEY}/${"ab".repeat(16)}`]);
    expect(scanned.aksKmsKeyIds).toEqual([kms]);
    // A versionless id, which no cluster takes, is none KMS holds.
    expect(scanStackOutputs({ kubernetesClusters: { aks: { keyId: KEY } } }).aksKmsKeyIds).toEqual([]);
});

test("a cluster pinned with keyVersion keeps its version for the expiry check but is not held to the vault's current one; a following cluster, or one from before the flag, is", () => {
    const kms = "https://kv-aks-abc123.vault.azure.net/keys/aks-kms/fedcba9876543210fedcba9876543210";
    const cluster = (followsKeyRotation?: boolean) => ({ kubernetesClusters: { aks: { keyId: kms, ...(followsKeyRotation === undefined ? {} : { followsKeyRotation }) } } });
    expect(scanStackOutputs(cluster(false))).toEqual({ keyIds: [kms], secrets: [], aksKmsKeyIds: [] });
    // Following rotation, KMS still holds its version until the next pulumi up --refresh: the id keeps it, unlike a disk encryption set's.
    expect(scanStackOutputs(cluster(true))).toEqual({ keyIds: [kms], secrets: [], aksKmsKeyIds: [kms] });
    expect(scanStackOutputs(cluster())).toEqual({ keyIds: [kms], secrets: [], aksKmsKeyIds: [kms] });
});
