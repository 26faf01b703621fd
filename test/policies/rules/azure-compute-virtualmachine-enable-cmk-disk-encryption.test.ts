import { good, stackMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-compute-virtualmachine-enable-cmk-disk-encryption";
const SET_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/flex";

/**
 * A Flexible scale set as Pulumi's OrchestratedVirtualMachineScaleSet example makes it: no
 * virtualMachineProfile, its VMs made as VirtualMachine resources that name it.
 */
function flexible(profile?: unknown) {
    const props: Record<string, unknown> = { resourceGroupName: "rg", vmScaleSetName: "flex", location: "westeurope", orchestrationMode: "Flexible", platformFaultDomainCount: 1 };
    return view(TYPES.virtualMachineScaleSet, profile === undefined ? props : { ...props, virtualMachineProfile: profile }, { name: "flex" });
}

describe("a Flexible scale set's disks", () => {
    test.each(["baseline", "mcsb", "sovereign"] as const)("give no verdict under %s when it has no virtualMachineProfile, so no disks of its own", (profile) => {
        expect(stackMessages(RULE, [flexible()], {}, profile)).toEqual([]);
        expect(stackMessages(RULE, [flexible(null)], {}, profile)).toEqual([]);
    });

    test("are still reported when its profile makes an OS disk on the platform's key", () => {
        const set = flexible(withField(good.virtualMachineScaleSet().virtualMachineProfile, "storageProfile.osDisk.managedDisk.diskEncryptionSet", undefined));
        expect(stackMessages(RULE, [set])).toEqual([
            { urn: set.urn, message: "Scale set flex's OS disk uses the platform's key; set virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key." },
        ]);
        // A profile without a storage profile still makes an OS disk, on the platform's key.
        expect(stackMessages(RULE, [flexible({})]).map((v) => v.message)).toEqual([
            "Scale set flex's OS disk uses the platform's key; set virtualMachineProfile.storageProfile.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key.",
        ]);
    });

    test("give no verdict while the profile is not known yet, as before", () => {
        expect(stackMessages(RULE, [flexible(UNKNOWN_STRING)])).toEqual([]);
    });

    test("are judged on the set's VMs, which are virtual machines of their own", () => {
        const props = withField(withField(good.virtualMachine(), "virtualMachineScaleSet", { id: SET_ID }), "storageProfile.osDisk.managedDisk.diskEncryptionSet", undefined);
        const vm = view(TYPES.virtualMachine, props, { name: "flex-vm-0" });
        expect(stackMessages(RULE, [flexible(), vm])).toEqual([
            { urn: vm.urn, message: "Virtual machine flex-vm-0's OS disk uses the platform's key; set storageProfile.osDisk.managedDisk.diskEncryptionSet.id to a disk encryption set over your key." },
        ]);
    });
});
