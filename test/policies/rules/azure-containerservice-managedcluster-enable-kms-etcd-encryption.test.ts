import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerservice-managedcluster-enable-kms-etcd-encryption";

describe("a cluster's KMS etcd encryption", () => {
    // AKS: securityProfile.azureKeyVaultKms.enabled defaults to false, so a keyId alone leaves KMS off.
    test("a KMS keyId without enabled: true is KMS off, and reported", () => {
        const cluster = view(TYPES.managedCluster, withField(good.managedCluster(), "securityProfile.azureKeyVaultKms.enabled", undefined));
        expect(resourceMessages(RULE, cluster)).toHaveLength(1);
    });
});
