import { ExistingKeyVaultDefaults } from "../components/existing-key-vault";
import { closest, ConfigIssue, key } from "./config-issue";
import { grantName } from "./shared-grants";
import { StackConfig } from "./schema";

/** One use of a shared identity on a key, as the config writes it, and the config path of the setting that asks for the grant. */
export interface SharedIdentityUse {
    identity: string;
    key: string;
    path: string;
}

/**
 * Every use of a shared identity on a key: each CMK service's `identity` on its key (`services`, as
 * `cmkServices` lists them), and a storage account's on each of its encryption scopes' keys.
 */
export function sharedIdentityUses(config: StackConfig, services: { s: { key: string; identity?: string }; path: string }[]): SharedIdentityUse[] {
    return [
        ...services.flatMap(({ s, path }) => (s.identity === undefined ? [] : [{ identity: s.identity, key: s.key, path: `${path}.identity` }])),
        ...(config.storageAccounts ?? []).flatMap((a, i) => (a.identity === undefined ? [] : (a.encryptionScopes ?? []).map((e, j) => ({ identity: a.identity as string, key: e.key, path: `storageAccounts[${i}].encryptionScopes[${j}].key` })))),
    ];
}

/**
 * Whether the key's owner grants the identity its CMK use of the key (the key's entry lists it in
 * `grantedIdentities`), so the stack makes no grant for the pair. Names match in any case.
 */
export function grantedByKeyOwner(config: StackConfig): (use: { identity: string; key: string }) => boolean {
    const granted = new Set(config.vaults.flatMap((v) => (v.keys ?? []).flatMap((k) => (k.grantedIdentities ?? []).map((i) => `${i.toLowerCase()}|${k.name.toLowerCase()}`))));
    return (use) => granted.has(`${use.identity.toLowerCase()}|${use.key.toLowerCase()}`);
}

/**
 * `grantedIdentities` where it may stand (a key of an existing vault, naming existing identities),
 * and the grant no stack but the vault's owner may make: an existing identity's on an existing
 * access-policy vault. Key Vault keeps one access policy per principal, covering every key of the
 * vault; azure-native's AccessPolicy refuses to create one that exists ("cannot create already
 * existing resource": provider.go's customCreate reads it first) and its delete removes the
 * principal's whole entry (custom_keyvault_accesspolicy.go: Delete sends `remove`). Such an
 * entry made by this stack would be taken from every stack whose services run as the identity
 * when it leaves this one. Reported once per identity and vault, at the first use's path.
 */
export function ownerGrantIssues(config: StackConfig, uses: SharedIdentityUse[]): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const identities = config.identities ?? [];
    const identityAt = (name: string) => identities.findIndex((i) => i.name.toLowerCase() === name.toLowerCase());
    config.vaults.forEach((v, i) => (v.keys ?? []).forEach((k, j) => {
        const path = `vaults[${i}].keys[${j}].grantedIdentities`;
        if (k.grantedIdentities === undefined) return;
        if (!v.existing) {
            issues.push({ path: key(path), message: `is only for a key in an existing vault (vaults[${i}].existing: true), whose owner grants identities on its keys; in a vault this stack creates, the stack makes every grant` });
            return;
        }
        k.grantedIdentities.forEach((name, n) => {
            const at = identityAt(name);
            if (at < 0) {
                const near = closest(name, identities.map((x) => x.name));
                issues.push({ path: key(`${path}[${n}]`), message: `"${name}" is not an entry of azure-byok:identities; ${near !== undefined ? `did you mean "${near}"?` : `name one of: ${identities.map((x) => x.name).join(", ") || "(no identities configured)"}`}` });
            } else if (!identities[at].existing) {
                issues.push({ path: key(`${path}[${n}]`), message: `"${name}" is an identity this stack makes (identities[${at}] is not existing: true), which the key's owner cannot have granted before the stack made it; leave it out, and the stack grants it` });
            }
        });
    }));
    const ownerGrants = grantedByKeyOwner(config);
    const reported = new Set<string>();
    for (const use of uses) {
        const at = identityAt(use.identity);
        const i = config.vaults.findIndex((v) => (v.keys ?? []).some((k) => k.name.toLowerCase() === use.key.toLowerCase()));
        const v = config.vaults[i];
        // An unknown identity or key is reported where the service names it.
        if (at < 0 || v === undefined || !identities[at].existing || !v.existing || (v.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization) || ownerGrants(use)) continue;
        const pair = `${at}|${i}`;
        if (reported.has(pair)) continue;
        reported.add(pair);
        const identity = identities[at].name;
        const used = (v.keys ?? []).flatMap((k, j) => (uses.some((u) => u.identity.toLowerCase() === identity.toLowerCase() && u.key.toLowerCase() === k.name.toLowerCase()) ? [`vaults[${i}].keys[${j}]`] : []));
        const policy = `${grantName(identity, { vault: v.name })}-access-policy`;
        issues.push({
            path: key(use.path),
            message: `grants "${identity}", an existing identity (identities[${at}]), key "${use.key}" in vault ${v.vaultName ?? v.name}, an existing vault (vaults[${i}]) with access policies; there Key Vault keeps one access policy per principal, covering every key of the vault, and that entry is the vault owner's to make: azure-native refuses to create it where it exists ("cannot create already existing resource .../accessPolicy/<object id>"), and one this stack made would be removed, for every stack whose services run as "${identity}", when it leaves this stack. Have the vault's owner give "${identity}" get, wrapKey and unwrapKey, and write grantedIdentities: [${identity}] on ${used.join(" and ")}, so that the stack makes no grant; or use a key in a vault with Azure RBAC, where the grant is a role on the key. A stack that made the entry already keeps it in Azure only if its AccessPolicy ${policy} is marked retainOnDelete in the stack's state before that deploy (pulumi state delete refuses it while the services depend on it): see README, "An identity and vault another team owns"`,
        });
    }
    return issues;
}

/**
 * The grants the stack makes of an existing identity on an existing key of an RBAC vault, once per
 * pair, which other stacks may make too: a role assignment is named from its scope, principal and
 * role (`roleAssignmentName`), so every stack granting the pair computes the same one, and Azure
 * keeps one assignment per principal, role and scope (409 RoleAssignmentExists). Made as always
 * unless the key's entry lists the identity in `grantedIdentities`; the plan says so on stderr.
 */
export function sharedRoleGrants(config: StackConfig, uses: SharedIdentityUse[]): { identity: string; key: string; vaultName: string }[] {
    const ownerGrants = grantedByKeyOwner(config);
    const found = new Map<string, { identity: string; key: string; vaultName: string }>();
    for (const use of uses) {
        const identity = (config.identities ?? []).find((i) => i.name.toLowerCase() === use.identity.toLowerCase());
        const v = config.vaults.find((x) => (x.keys ?? []).some((k) => k.name.toLowerCase() === use.key.toLowerCase()));
        const k = v?.keys?.find((x) => x.name.toLowerCase() === use.key.toLowerCase());
        if (identity?.existing !== true || v === undefined || k?.existing !== true || !(v.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization) || ownerGrants(use)) continue;
        const pair = `${identity.name}|${k.name}`.toLowerCase();
        if (!found.has(pair)) found.set(pair, { identity: identity.name, key: k.name, vaultName: v.vaultName ?? v.name });
    }
    return [...found.values()];
}
