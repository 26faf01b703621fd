import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-diskencryptionset-enable-key-rotation",
    description: "A disk encryption set must name a key version; without automatic rotation it keeps using that version after the key rotates, until it expires. A confidential VM's set (ConfidentialVmEncryptedWithCustomerKey) is not judged: Azure does not rotate its key automatically, which is changed by hand with every VM on the set stopped (Microsoft's \"Rotate customer-managed keys for confidential VMs\").",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks rotationToLatestKeyVersionEnabled"],
    resourceTypes: [T.diskEncryptionSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // "Automatic key rotation isn't currently supported for confidential VMs" (learn.microsoft.com/azure/
        // confidential-computing/key-rotation-offline, Limitations): such a set cannot follow rotation, so asking it to is no fix.
        const type = read(props, "encryptionType");
        if (type === UNKNOWN || (typeof type === "string" && sameText(type, "ConfidentialVmEncryptedWithCustomerKey"))) return [];
        const value = readBoolean(props, "rotationToLatestKeyVersionEnabled");
        return value === UNKNOWN || value === true ? [] : ["The disk encryption set does not follow key rotation; set rotationToLatestKeyVersionEnabled to true."];
    },
};
