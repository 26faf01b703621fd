import { scaleSetWithoutProfile, T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-virtualmachine-enable-encryption-at-host",
    description: "A disk encryption set covers a VM's managed disks but not its temp disk, caches or the data flowing to storage; only encryption at host brings those under the same key.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-4", "MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Virtual machines and virtual machine scale sets should have encryption at host enabled\" (stricter: it also flags a Flexible scale set made with no virtualMachineProfile, which has no hosts of its own, while its VMs are judged here as virtual machines)",
        "Checkov CKV_AZURE_97 (scale sets), CKV_AZURE_151 (Windows VMs)",
    ],
    resourceTypes: [T.virtualMachine, T.virtualMachineScaleSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        if (scaleSetWithoutProfile(type, props)) return [];
        const base = type === T.virtualMachineScaleSet ? ["virtualMachineProfile", "securityProfile"] : ["securityProfile"];
        const atHost = readBoolean(props, ...base, "encryptionAtHost");
        if (atHost === UNKNOWN || atHost === true) return [];
        return [`Temp disks and caches are not encrypted at host; set ${base.join(".")}.encryptionAtHost to true.`];
    },
};
