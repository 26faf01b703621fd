import { scaleSetWithoutProfile, T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, list, read, sameText, UNKNOWN, Unknown } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-virtualmachine-enable-cmk-disk-encryption",
    description: "A virtual machine or scale set whose OS or data disks have no disk encryption set keeps them under the platform's key, which their owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy 702dd420-7fcc-42c5-afe8-4026edd20fe0 \"OS and data disks should be encrypted with a customer-managed key\" (an attached disk of the stack is judged as a Disk instead; a data disk attached by managedDisk.id from outside the stack gets no verdict, as the policy's data-disk branch skips it, while an attached OS disk is judged by the VM's managedDisk.diskEncryptionSet, as the policy's OS-disk branch does; stricter: it also flags a Flexible scale set made with no virtualMachineProfile, which has no disks of its own, while its VMs are judged here as virtual machines; looser: its VM branch tests dataDisks[*] outside a count and so flags a VM only when none of its data disks has a disk encryption set or an id, passing one with a single disk on the customer's key, where every data disk is judged here)",
        "Azure Policy \"Managed disks should be double encrypted with both platform-managed and customer-managed keys\" (related)",
    ],
    resourceTypes: [T.virtualMachine, T.virtualMachineScaleSet, T.disk],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const disks = resources.filter((r) => r.type === T.disk);
        const violations: StackViolation[] = [];
        for (const machine of resources) {
            if (machine.type !== T.virtualMachine && machine.type !== T.virtualMachineScaleSet) continue;
            if (scaleSetWithoutProfile(machine.type, machine.props)) continue;
            const base = machine.type === T.virtualMachineScaleSet ? ["virtualMachineProfile", "storageProfile"] : ["storageProfile"];
            const storage = read(machine.props, ...base);
            if (storage === UNKNOWN) continue;
            const at = base.join(".");
            const noun = `${machine.type === T.virtualMachineScaleSet ? "Scale set" : "Virtual machine"} ${machine.name}`;
            const judge = (disk: unknown, label: string, path: string) => {
                const attached = attachedFromStack(disk, disks);
                // An attached disk of the stack is the managed-disk rule's; one that may be (an id not known yet) gets no verdict.
                if (attached !== false || usesSet(disk)) return;
                const field = `${at}.${path}.managedDisk.diskEncryptionSet.id`;
                const id = read(disk, "managedDisk", "id");
                const attaches = sameText(read(disk, "createOption"), "Attach");
                // Azure Policy 702dd420 judges a data disk named by managedDisk.id as its own Microsoft.Compute/disks, which outside the stack the pack cannot see.
                if (path !== "osDisk" && attaches && typeof id === "string" && id !== "") return;
                const message = attaches
                    ? `${noun} attaches ${label}${typeof id === "string" ? ` ${id.replace(/\/$/, "").split("/").pop()}` : ""}, made outside this stack, without naming a disk encryption set; set ${field} to the disk encryption set over your key that encrypts it.`
                    : `${noun}'s ${label} uses the platform's key; set ${field} to a disk encryption set over your key.`;
                violations.push({ urn: machine.urn, message });
            };
            // Every VM has an OS disk: left out, Azure makes it a managed disk under the platform's key.
            judge(read(storage, "osDisk"), "OS disk", "osDisk");
            const dataDisks = list(storage, "dataDisks");
            if (dataDisks !== UNKNOWN) dataDisks.forEach((disk, i) => judge(disk, `data disk ${i}`, `dataDisks[${i}]`));
        }
        return violations;
    },
};

/**
 * Whether a VM's disk is an existing Disk of this stack that it attaches: false for one it creates
 * or one made elsewhere (for an OS disk, Azure Policy then judges the VM's managedDisk.diskEncryptionSet), UNKNOWN
 * while its createOption or id, a Disk's name, or the group of a Disk of its name, is not known.
 */
function attachedFromStack(disk: unknown, disks: ResourceView[]): boolean | Unknown {
    const option = read(disk, "createOption");
    if (isUnknown(disk) || isUnknown(option)) return UNKNOWN;
    if (!sameText(option, "Attach")) return false;
    const id = read(disk, "managedDisk", "id");
    if (isUnknown(id)) return UNKNOWN;
    const match = typeof id === "string" ? /\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/disks\/([^/]+)\/?$/i.exec(id) : null;
    if (match === null || typeof id !== "string") return false;
    const [group, name] = [match[1].toLowerCase(), match[2].toLowerCase()];
    let unknown = false;
    for (const candidate of disks) {
        const candidateId = read(candidate.props, "id");
        if (typeof candidateId === "string" && !isUnknown(candidateId)) {
            if (candidateId.toLowerCase().replace(/\/$/, "") === id.toLowerCase().replace(/\/$/, "")) return true;
            continue;
        }
        const candidateName = read(candidate.props, "name") ?? read(candidate.props, "diskName");
        if (isUnknown(candidateName)) {
            unknown = true;
            continue;
        }
        if (!sameText(candidateName, name)) continue;
        // Only a disk of the same name may be this one: its group decides, while an unknown group leaves it open.
        const candidateGroup = read(candidate.props, "resourceGroupName");
        if (isUnknown(candidateGroup)) unknown = true;
        else if (typeof candidateGroup !== "string" || sameText(candidateGroup, group)) return true;
    }
    return unknown ? UNKNOWN : false;
}

/** A disk encrypted through a disk encryption set: its own, or a confidential VM's through the disk's security profile. Unknown counts as yes. */
function usesSet(disk: unknown): boolean {
    const managed = read(disk, "managedDisk");
    if (isUnknown(managed)) return true;
    const id = read(managed, "diskEncryptionSet", "id");
    const confidential = read(managed, "securityProfile", "diskEncryptionSet", "id");
    return [id, confidential].some((v) => isUnknown(v) || (typeof v === "string" && v !== ""));
}
