import { keyId, T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-diskencryptionset-configure-vault-region",
    description: "A disk encryption set takes keys only from a vault in its own region: with the vault elsewhere, the set is made but every disk, VM or node pool using it fails (KeyVaultAndDiskInDifferentRegions).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a disk encryption set to its key's vault"],
    resourceTypes: [T.diskEncryptionSet, T.vault],
    stackTrigger: T.diskEncryptionSet,
    parameters: {},
};

/** ARM takes a region in any case and spacing ("West Europe", "westeurope"). */
function region(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value.toLowerCase().replace(/\s+/g, "") : undefined;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const index = new StackIndex(resources);
        const violations: StackViolation[] = [];
        for (const { view, use } of index.services) {
            if (view.type !== T.diskEncryptionSet || use.key === undefined || use.key === UNKNOWN || use.key.managedHsm) continue;
            const vault = index.vaults.get(use.key.vault);
            // A vault outside the stack, or a region not known yet, is Azure's to judge.
            if (vault === undefined) continue;
            const setRegion = region(read(view.props, "location"));
            const vaultRegion = region(read(vault.props, "location"));
            if (setRegion === undefined || vaultRegion === undefined || setRegion === vaultRegion) continue;
            violations.push({
                urn: view.urn,
                message: `Disk encryption set ${view.name} in ${String(read(view.props, "location"))} takes key ${keyId(use.key)} from vault ${use.key.vault} in ${String(read(vault.props, "location"))}; a disk encryption set takes keys only from a vault in its own region, so put the set (and its disks) or the key in one region.`,
            });
        }
        return violations;
    },
};
