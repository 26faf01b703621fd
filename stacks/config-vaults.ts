import { vaultIpRuleProblem } from "../components/network";
import { validateEncryptionKeyArgs } from "../components/encryption-key";
import { validateExistingKeyVaultArgs } from "../components/existing-key-vault";
import { validateKeyAccessArgs } from "../components/key-access";
import { validateKeyVaultArgs } from "../components/key-vault";
import { validateManagedIdentityArgs } from "../components/managed-identity";
import { VaultReference } from "../components/types";
import { encryptionKeyArgs, existingKeyVaultArgs, KEY_SHAPING_FIELDS, keyVaultArgs, managedIdentityArgs, VAULT_SHAPING_FIELDS } from "./args";
import { ConfigContext } from "./config-context";
import { at, ConfigIssue, key } from "./config-issue";
import { KeyConfig, StackConfig, VaultConfig } from "./schema";

/** KeyVault argument names that the config spells in its own words. */
const VAULT_FIELD_NAMES: [RegExp, string][] = [[/^networkAcls/, "networkRules"], [/^diagnosticSettings/, "diagnostics"], [/^lock\.kind$/, "lock"]];

/** Each vault entry's own rules, then its keys'. */
export function vaultIssues(ctx: ConfigContext): ConfigIssue[] {
    return ctx.config.vaults.flatMap((v, i) => [...vaultEntryIssues(ctx, v, i), ...(v.keys ?? []).flatMap((k, j) => [...keyIssues(v, i, k, j, ctx.plannedVaults[i]), ...keyAccessIssues(ctx, v, i, k, j)])]);
}

/** A vault entry's settings: an existing vault's as its entry may give them, a new one's as the KeyVault component takes them. */
function vaultEntryIssues(ctx: ConfigContext, v: VaultConfig, i: number): ConfigIssue[] {
    const { config } = ctx;
    // Generated vault names start with the config name; explicit ones are judged as given.
    const extra = (ctx.networks.get(v.name.toLowerCase()) ?? []).filter((n) => vaultIpRuleProblem(n) === undefined);
    if (v.existing) {
        // The networks are the applications' to report; here they only have to be valid.
        return [
            ...existingVaultIssues(config, i),
            ...at(`vaults[${i}]`, validateExistingKeyVaultArgs(existingKeyVaultArgs(v, config.resourceGroupName, { ipRules: extra })).filter((x) => v.vaultName !== undefined || x.field !== "vaultName"), [], v.resourceGroupName !== undefined),
        ];
    }
    const issues: ConfigIssue[] = [];
    if (v.resourceGroupName !== undefined) {
        issues.push({ path: key(`vaults[${i}].resourceGroupName`), message: "is only for an existing vault (existing: true); a vault this stack creates goes in azure-byok:resourceGroupName" });
    }
    if (v.subscriptionId !== undefined) {
        issues.push({ path: key(`vaults[${i}].subscriptionId`), message: "is only for an existing vault (existing: true); a vault this stack creates goes in the stack's subscription (azure-native:subscriptionId)" });
    }
    // The firewall counts the applications' networks added to the entry's own rules: say how many, as the entry does not show them.
    const added = extra.filter((n) => !(v.networkRules?.ipRules ?? []).includes(n)).length;
    const vaultArgIssues = validateKeyVaultArgs(v.name, keyVaultArgs(v, config.resourceGroupName, config.location, extra))
        .map((x) => (x.field === "networkAcls.ipRules" && added > 0 ? { ...x, message: `${x.message}; ${added} of them ${added === 1 ? "is" : "are"} the allowedNetworks of applications that reach this vault, added to its firewall` } : x));
    issues.push(...at(`vaults[${i}]`, vaultArgIssues, VAULT_FIELD_NAMES));
    return issues;
}

/** A key entry: an existing key only in an existing vault and left unshaped, a new one as the EncryptionKey component takes it. */
function keyIssues(v: VaultConfig, i: number, k: KeyConfig, j: number, vault: VaultReference): ConfigIssue[] {
    const path = `vaults[${i}].keys[${j}]`;
    const issues: ConfigIssue[] = [];
    if (k.existing && !v.existing) {
        issues.push({ path: key(`${path}.existing`), message: `is only for a key in an existing vault (vaults[${i}].existing: true); a vault this stack creates holds only the keys it creates` });
    }
    if (k.existing) {
        for (const field of KEY_SHAPING_FIELDS) {
            if (k[field] !== undefined) issues.push({ path: key(`${path}.${field}`), message: "shapes the key, which this stack leaves alone (existing: true); set it where the key is managed, or remove it" });
        }
    }
    issues.push(...at(path, validateEncryptionKeyArgs(k.name, encryptionKeyArgs(k, vault)).map((x) => (x.field === "keyName" ? { ...x, field: "name" } : x))));
    return issues;
}

/** A key's grants to principals the stack does not make: each as KeyAccess takes it, one per principal, none the owner of an existing access-policy vault makes. */
function keyAccessIssues(ctx: ConfigContext, v: VaultConfig, i: number, k: KeyConfig, j: number): ConfigIssue[] {
    const path = `vaults[${i}].keys[${j}].access`;
    const planned = ctx.keys.get(k.name.toLowerCase());
    const issues: ConfigIssue[] = [];
    if (k.access !== undefined && v.existing && v.enableRbacAuthorization === false) {
        issues.push({ path: key(path), message: `grants key "${k.name}" in an existing vault with access policies, where Key Vault keeps one access policy per principal, covering every key, and that entry is the vault owner's to make; have the owner grant it, or use a key in a vault with Azure RBAC, where the grant is a role on the key` });
    }
    // On a vault with access policies a principal has one entry, covering every key: the vault's own, or one key's grant.
    const vaultEntries = new Map<string, string>();
    if (v.enableRbacAuthorization === false) {
        (v.accessPolicies ?? []).forEach((p, n) => vaultEntries.set(p.objectId.toLowerCase(), `vaults[${i}].accessPolicies[${n}]`));
        (v.keys ?? []).slice(0, j).forEach((other, m) => (other.access ?? []).forEach((g, n) => vaultEntries.set(g.principalId.toLowerCase(), `vaults[${i}].keys[${m}].access[${n}]`)));
    }
    const seen = new Map<string, number>();
    (k.access ?? []).forEach((g, n) => {
        const first = seen.get(g.principalId.toLowerCase());
        if (first !== undefined) {
            issues.push({ path: key(`${path}[${n}].principalId`), message: `"${g.principalId}" is already granted this key by ${path}[${first}]; give a principal one entry, with the permission set it needs` });
            return;
        }
        seen.set(g.principalId.toLowerCase(), n);
        const entry = vaultEntries.get(g.principalId.toLowerCase());
        if (entry !== undefined) {
            issues.push({ path: key(`${path}[${n}].principalId`), message: `"${g.principalId}" already has vault "${v.name}"'s access policy through ${entry}, and a vault with access policies keeps one entry per principal, covering every key (Azure refuses a second); grant it once, or use a vault with Azure RBAC, where each grant is a role on its own key` });
            return;
        }
        if (planned === undefined) return;
        const own = validateKeyAccessArgs({ key: planned, principalId: g.principalId, principalType: g.principalType, permissions: g.permissions, description: g.description });
        issues.push(...at(`${path}[${n}]`, own.map((x) => (x.field === "key.keyOps" ? { ...x, field: "permissions", message: `is "${g.permissions}", but key "${k.name}" ${x.message}` } : x))));
    });
    return issues;
}

/** What an existing vault's entry may not say, and must. */
function existingVaultIssues(config: StackConfig, i: number): ConfigIssue[] {
    const v = config.vaults[i];
    const issues: ConfigIssue[] = [];
    if (v.vaultName === undefined) {
        issues.push({ path: key(`vaults[${i}].vaultName`), message: "is required for an existing vault: the name it has in Azure" });
    }
    for (const field of VAULT_SHAPING_FIELDS) {
        if (v[field] !== undefined) {
            issues.push({ path: key(`vaults[${i}].${field}`), message: "configures the vault, which this stack leaves alone (existing: true); set it where the vault is managed, or remove it" });
        }
    }
    issues.push(...existingGroupIssue(config, v.resourceGroupName, v.subscriptionId, `vaults[${i}]`, "vault"));
    return issues;
}

/** Each identity entry: an existing identity named and left alone, a new one in the stack's group and subscription. */
export function identityIssues(config: StackConfig): ConfigIssue[] {
    return (config.identities ?? []).flatMap((id, i) => {
        const issues: ConfigIssue[] = [];
        if (id.existing) {
            if (id.identityName === undefined) issues.push({ path: key(`identities[${i}].identityName`), message: "is required for an existing identity: the name it has in Azure" });
            if (id.tags !== undefined) issues.push({ path: key(`identities[${i}].tags`), message: "tags the identity, which this stack leaves alone (existing: true); set them where the identity is managed, or remove them" });
            if (id.location !== undefined) issues.push({ path: key(`identities[${i}].location`), message: "places the identity, which this stack leaves alone (existing: true); Azure has its region, or remove it" });
            if (id.protect !== undefined) issues.push({ path: key(`identities[${i}].protect`), message: "protects the identity, which this stack neither makes nor deletes (existing: true); remove it" });
            issues.push(...existingGroupIssue(config, id.resourceGroupName, id.subscriptionId, `identities[${i}]`, "identity"));
        } else {
            if (id.resourceGroupName !== undefined) {
                issues.push({ path: key(`identities[${i}].resourceGroupName`), message: "is only for an existing identity (existing: true); an identity this stack creates goes in azure-byok:resourceGroupName" });
            }
            if (id.subscriptionId !== undefined) {
                issues.push({ path: key(`identities[${i}].subscriptionId`), message: "is only for an existing identity (existing: true); an identity this stack creates goes in the stack's subscription (azure-native:subscriptionId)" });
            }
        }
        issues.push(...at(`identities[${i}]`, validateManagedIdentityArgs(id.name, managedIdentityArgs(id.identityName, config.resourceGroupName, id.location ?? config.location))));
        return issues;
    });
}

/**
 * An existing resource cannot be in the group the stack creates: Pulumi would own the group, and
 * deleting the stack would delete the resource with it. A group in another subscription is another group.
 */
function existingGroupIssue(config: StackConfig, resourceGroupName: string | undefined, subscriptionId: string | undefined, path: string, what: string): ConfigIssue[] {
    if (config.createResourceGroup === false || subscriptionId !== undefined || (resourceGroupName ?? config.resourceGroupName).toLowerCase() !== config.resourceGroupName.toLowerCase()) return [];
    return [{ path: key(`${path}.resourceGroupName`), message: `must name the group the existing ${what} is in, which cannot be ${config.resourceGroupName}: the stack creates that group (set createResourceGroup: false if it exists)` }];
}
