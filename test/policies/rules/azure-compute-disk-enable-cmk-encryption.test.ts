import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-compute-disk-enable-cmk-encryption";

// prowler vm_ensure_attached_disks_encrypted_with_cmk and vm_ensure_unattached_disks_encrypted_with_cmk fail a disk whose
// encryption type is missing or EncryptionAtRestWithPlatformKey, attached or not.
test("a disk on the platform's key is reported and one on a disk encryption set passes, as Prowler's disk checks judge it", () => {
    expect(resourceMessages(RULE, view(TYPES.disk, good.disk()))).toEqual([]);
    expect(resourceMessages(RULE, view(TYPES.disk, withField(good.disk(), "encryption", { type: "EncryptionAtRestWithPlatformKey" })))).toHaveLength(1);
    expect(resourceMessages(RULE, view(TYPES.disk, withField(good.disk(), "encryption", undefined)))).toHaveLength(1);
    expect(ruleNamed(RULE).metadata.mirrors).toContain("Prowler vm_ensure_attached_disks_encrypted_with_cmk / vm_ensure_unattached_disks_encrypted_with_cmk");
});
