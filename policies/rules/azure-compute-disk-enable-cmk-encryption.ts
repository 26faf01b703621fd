import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

const CUSTOMER_KEY_TYPES = ["EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys"];

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-disk-enable-cmk-encryption",
    description: "A managed disk encrypted with the platform's key cannot be revoked by its owner; a disk encryption set puts it under the customer's key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Managed disks should use a specific set of disk encryption sets for the customer-managed key encryption\"",
        "Azure Policy \"OS and data disks should be encrypted with a customer-managed key\"",
        "Checkov CKV_AZURE_93",
        "Prowler vm_ensure_attached_disks_encrypted_with_cmk / vm_ensure_unattached_disks_encrypted_with_cmk",
    ],
    resourceTypes: [T.disk],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const type = read(props, "encryption", "type");
        const set = read(props, "encryption", "diskEncryptionSetId");
        if (type === UNKNOWN || set === UNKNOWN) return [];
        // With a disk encryption set and no type, Azure takes the type from the set (a customer key); with neither, the platform's key.
        if ((type === undefined || CUSTOMER_KEY_TYPES.some((t) => sameText(type, t))) && typeof set === "string" && set !== "") return [];
        return ["The disk is encrypted with the platform's key; set encryption.type to \"EncryptionAtRestWithPlatformAndCustomerKeys\" (or \"EncryptionAtRestWithCustomerKey\") and encryption.diskEncryptionSetId to a disk encryption set over your key."];
    },
};
