import { parseKeyUri, T } from "../lib/azure";
import { mayUseKmsDataEncryption } from "../lib/kms-data-encryption";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-missing-kms-key-version",
    description: "AKS's legacy KMS plugin takes its key as the key's identifier with its version (the kid Key Vault returns; Microsoft's AKS KMS guide): AKS refuses a versionless key id, so the cluster is not made or not updated. KMS data encryption (kubernetesResourceObjectEncryptionProfile.infrastructureEncryption Enabled) takes the versionless id and follows rotation itself, so it is not judged.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: scanners check that KMS is on, not the form of its key id"],
    resourceTypes: [T.managedCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const enabled = readBoolean(props, "securityProfile", "azureKeyVaultKms", "enabled");
        const keyId = read(props, "securityProfile", "azureKeyVaultKms", "keyId");
        if (enabled !== true || keyId === UNKNOWN || mayUseKmsDataEncryption(props)) return [];
        const key = parseKeyUri(keyId);
        if (key === undefined || key.version !== undefined) return [];
        return [`KMS etcd encryption names its key without a version; set securityProfile.azureKeyVaultKms.keyId to the key's versioned id (…/keys/${key.key}/<version>, a Key's keyUriWithVersion), and move it to each new version after the key rotates.`];
    },
};
