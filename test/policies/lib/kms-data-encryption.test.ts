import { mayUseKmsDataEncryption, usesKmsDataEncryption } from "../../../policies/lib/kms-data-encryption";
import { UNKNOWN } from "../../../policies/lib/values";
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

test("usesKmsDataEncryption tells Enabled, the legacy plugin and a setting not known yet apart", () => {
    expect(usesKmsDataEncryption(withField(good.managedCluster(), PATH, "Enabled"))).toBe(true);
    expect(usesKmsDataEncryption(withField(good.managedCluster(), PATH, "Disabled"))).toBe(false);
    expect(usesKmsDataEncryption(good.managedCluster())).toBe(false);
    expect(usesKmsDataEncryption(withField(good.managedCluster(), PATH, UNKNOWN_STRING))).toBe(UNKNOWN);
    expect(usesKmsDataEncryption(withField(good.managedCluster(), "securityProfile", UNKNOWN_STRING))).toBe(UNKNOWN);
});
