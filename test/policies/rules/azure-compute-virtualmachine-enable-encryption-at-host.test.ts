import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-compute-virtualmachine-enable-encryption-at-host";
const SET_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/flex";

/**
 * A Flexible scale set as Pulumi's OrchestratedVirtualMachineScaleSet example makes it: no
 * virtualMachineProfile, its VMs made as VirtualMachine resources that name it.
 */
function flexible(profile?: unknown) {
    const props: Record<string, unknown> = { resourceGroupName: "rg", vmScaleSetName: "flex", location: "westeurope", orchestrationMode: "Flexible", platformFaultDomainCount: 1 };
    return view(TYPES.virtualMachineScaleSet, profile === undefined ? props : { ...props, virtualMachineProfile: profile }, { name: "flex" });
}

describe("encryption at host on a Flexible scale set", () => {
    test("gives no verdict, even under sovereign where the rule is mandatory, when the set has no virtualMachineProfile and so no hosts of its own", () => {
        expect(resourceMessages(RULE, flexible(), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, flexible(null), {}, "sovereign")).toEqual([]);
    });

    test("is still reported when its profile leaves encryption at host off", () => {
        const profile = withField(good.virtualMachineScaleSet().virtualMachineProfile, "securityProfile", undefined);
        expect(resourceMessages(RULE, flexible(profile), {}, "sovereign")).toEqual([
            "Temp disks and caches are not encrypted at host; set virtualMachineProfile.securityProfile.encryptionAtHost to true.",
        ]);
        expect(resourceMessages(RULE, flexible({}), {}, "sovereign")).toHaveLength(1);
    });

    test("gives no verdict while the profile is not known yet, as before", () => {
        expect(resourceMessages(RULE, flexible(UNKNOWN_STRING), {}, "sovereign")).toEqual([]);
    });

    test("is judged on the set's VMs, which are virtual machines of their own", () => {
        const vm = view(TYPES.virtualMachine, withField(withField(good.virtualMachine(), "virtualMachineScaleSet", { id: SET_ID }), "securityProfile", undefined));
        expect(resourceMessages(RULE, vm, {}, "sovereign")).toEqual(["Temp disks and caches are not encrypted at host; set securityProfile.encryptionAtHost to true."]);
    });
});
