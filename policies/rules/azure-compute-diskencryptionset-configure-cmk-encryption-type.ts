import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-diskencryptionset-configure-cmk-encryption-type",
    description: "A disk encryption set must encrypt with the customer's key; double encryption adds the platform's key underneath.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 DP-4"],
    mirrors: ["Azure Policy \"Managed disks should be double encrypted with both platform-managed and customer-managed keys\" (under sovereign, or with requireDoubleEncryption; the other profiles take a customer key alone)"],
    resourceTypes: [T.diskEncryptionSet],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require EncryptionAtRestWithPlatformAndCustomerKeys." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

const CUSTOMER = ["EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys", "ConfidentialVmEncryptedWithCustomerKey"];

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const value = read(props, "encryptionType");
        if (value === UNKNOWN) return [];
        // Azure's default when encryptionType is omitted is EncryptionAtRestWithCustomerKey.
        const type = typeof value === "string" ? value : "EncryptionAtRestWithCustomerKey";
        // ARM compares enum values without regard to case.
        if (!CUSTOMER.some((c) => sameText(type, c))) {
            return [`The disk encryption set's type is ${type}; set encryptionType to "EncryptionAtRestWithPlatformAndCustomerKeys" or "EncryptionAtRestWithCustomerKey".`];
        }
        if (requireDoubleEncryption && !sameText(type, "EncryptionAtRestWithPlatformAndCustomerKeys")) {
            return [`The disk encryption set's type is ${type}, without the platform layer; set encryptionType to "EncryptionAtRestWithPlatformAndCustomerKeys".`];
        }
        return [];
    },
};
