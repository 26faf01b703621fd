import { CMK_KEY_PROPERTY, keyId, parseKeyUri, T, vaultOfUri } from "../lib/azure";
import { keyLink } from "../lib/stack";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read } from "../lib/values";

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
        // Only vaults and sets are read: a full StackIndex would parse every resource of a large stack for nothing.
        const vaults = new Map<string, ResourceView>();
        const byUrn = new Map<string, ResourceView>();
        for (const r of resources) {
            byUrn.set(r.urn, r);
            if (r.type !== T.vault) continue;
            const name = [read(r.props, "name"), vaultOfUri(read(r.props, "properties", "vaultUri")), read(r.props, "vaultName")].find((n) => typeof n === "string" && !isUnknown(n));
            if (typeof name === "string") vaults.set(name.toLowerCase(), r);
        }
        const violations: StackViolation[] = [];
        for (const set of resources) {
            if (set.type !== T.diskEncryptionSet) continue;
            const found = keyVault(set, vaults, byUrn);
            // A vault outside the stack, or a region not known yet, is Azure's to judge.
            if (found === undefined) continue;
            const { vault, vaultLabel, keyLabel } = found;
            const setRegion = region(read(set.props, "location"));
            const vaultRegion = region(read(vault.props, "location"));
            if (setRegion === undefined || vaultRegion === undefined || setRegion === vaultRegion) continue;
            violations.push({
                urn: set.urn,
                message: `Disk encryption set ${set.name} in ${String(read(set.props, "location"))} takes ${keyLabel} from vault ${vaultLabel} in ${String(read(vault.props, "location"))}; a disk encryption set takes keys only from a vault in its own region, so put the set (and its disks) or the key in one region.`,
            });
        }
        return violations;
    },
};

/**
 * The vault of the stack a set's active key is in, and how messages name it and the key: by the
 * key's URL, or while that is unknown (a first preview) by the vault or key activeKey came from.
 */
function keyVault(set: ResourceView, vaults: ReadonlyMap<string, ResourceView>, byUrn: ReadonlyMap<string, ResourceView>): { vault: ResourceView; vaultLabel: string; keyLabel: string } | undefined {
    const url = read(set.props, "activeKey", "keyUrl");
    if (isUnknown(url)) {
        const { store, key } = keyLink(set, CMK_KEY_PROPERTY[T.diskEncryptionSet], byUrn);
        // A Managed HSM's keys are no vault's: Azure judges those.
        if (store?.type !== T.vault) return undefined;
        const name = [...vaults].find(([, v]) => v === store)?.[0] ?? store.name;
        return { vault: store, vaultLabel: name, keyLabel: key ? `key ${key.name}` : "its key" };
    }
    const key = parseKeyUri(url);
    const vault = key === undefined || key.managedHsm ? undefined : vaults.get(key.vault);
    return key === undefined || vault === undefined ? undefined : { vault, vaultLabel: key.vault, keyLabel: `key ${keyId(key)}` };
}
