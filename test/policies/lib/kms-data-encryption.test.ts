import { mayUseKmsDataEncryption } from "../../../policies/lib/kms-data-encryption";
import { good, UNKNOWN_STRING, withField } from "../fixtures";

const PATH = "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption";

test("a cluster is on KMS data encryption when infrastructureEncryption is Enabled, in any case", () => {
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), PATH, "Enabled"))).toBe(true);
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), PATH, "ENABLED"))).toBe(true);
});

test("a cluster may be on it while the setting, or the profile or security profile holding it, is not known yet", () => {
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), PATH, UNKNOWN_STRING))).toBe(true);
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), "securityProfile.kubernetesResourceObjectEncryptionProfile", UNKNOWN_STRING))).toBe(true);
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), "securityProfile", UNKNOWN_STRING))).toBe(true);
});

test("a cluster is on the legacy KMS plugin when the setting is Disabled or left out", () => {
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), PATH, "Disabled"))).toBe(false);
    expect(mayUseKmsDataEncryption(good.managedCluster())).toBe(false);
    expect(mayUseKmsDataEncryption(withField(good.managedCluster(), "securityProfile", undefined))).toBe(false);
});
