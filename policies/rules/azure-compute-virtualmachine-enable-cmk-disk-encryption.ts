import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { isUnknown, list, read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-virtualmachine-enable-cmk-disk-encryption",
    description: "A virtual machine or scale set whose OS or data disks have no disk encryption set keeps them under the platform's key, which their owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"OS and data disks should be encrypted with a customer-managed key\"",
        "Azure Policy \"Managed disks should be double encrypted with both platform-managed and customer-managed keys\" (related)",
    ],
    resourceTypes: [T.virtualMachine, T.virtualMachineScaleSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        const base = type === T.virtualMachineScaleSet ? ["virtualMachineProfile", "storageProfile"] : ["storageProfile"];
        const storage = read(props, ...base);
        if (storage === UNKNOWN) return [];
        const at = base.join(".");
        const messages: string[] = [];
        // Every VM has an OS disk: left out, Azure makes it a managed disk under the platform's key (an attached one is the managed-disk rule's).
        const osDisk = read(storage, "osDisk");
        // An unknown createOption may be Attach: no verdict until it is known.
        const attached = (disk: unknown) => sameText(read(disk, "createOption"), "Attach") || isUnknown(read(disk, "createOption")) || isUnknown(disk);
        if (!attached(osDisk) && !usesSet(osDisk)) {
            messages.push(`The OS disk uses the platform's key; set ${at}.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key.`);
        }
        const dataDisks = list(storage, "dataDisks");
        if (dataDisks !== UNKNOWN) {
            dataDisks.forEach((disk, i) => {
                // An attached disk already exists: the managed-disk rule judges it.
                if (attached(disk)) return;
                if (!usesSet(disk)) messages.push(`Data disk ${i} uses the platform's key; set ${at}.dataDisks[${i}].managedDisk.diskEncryptionSet.id to a disk encryption set over your key.`);
            });
        }
        return messages;
    },
};

/** A disk encrypted through a disk encryption set: its own, or a confidential VM's through the disk's security profile. Unknown counts as yes. */
function usesSet(disk: unknown): boolean {
    const managed = read(disk, "managedDisk");
    if (isUnknown(managed)) return true;
    const id = read(managed, "diskEncryptionSet", "id");
    const confidential = read(managed, "securityProfile", "diskEncryptionSet", "id");
    return [id, confidential].some((v) => isUnknown(v) || (typeof v === "string" && v !== ""));
}
