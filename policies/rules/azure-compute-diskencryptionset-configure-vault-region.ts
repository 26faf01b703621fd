import { CMK_SERVICES, T } from "../lib/azure";
import { inOtherRegion, serviceVault, vaultsOf } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { read } from "../lib/values";

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

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stores = vaultsOf(resources);
        const violations: StackViolation[] = [];
        for (const set of resources) {
            if (set.type !== T.diskEncryptionSet) continue;
            const found = serviceVault(set, read(set.props, "activeKey", "keyUrl"), CMK_SERVICES[T.diskEncryptionSet].keyProperty, stores);
            // A vault outside the stack, a region not known yet, or a Managed HSM (whose placement the disk guides do not state) is Azure's to judge.
            if (found === undefined || found.vault.type !== T.vault || !inOtherRegion(set, found.vault)) continue;
            const { vault, vaultLabel, keyLabel } = found;
            violations.push({
                urn: set.urn,
                message: `Disk encryption set ${set.name} in ${String(read(set.props, "location"))} takes ${keyLabel} from vault ${vaultLabel} in ${String(read(vault.props, "location"))}; a disk encryption set takes keys only from a vault in its own region, so put the set (and its disks) or the key in one region.`,
            });
        }
        return violations;
    },
};
