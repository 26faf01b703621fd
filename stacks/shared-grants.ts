import type { KeyAccessArgs } from "../components/key-access";
import { grantsVia } from "../components/key-vault-rbac-migration";
import type { VaultReference } from "../components/types";
import { cmkServices } from "./config";
import { StackConfig } from "./schema";

/** A CMK service's use of an identity it shares: the identity and key as the service's entry writes them. */
export interface SharedUse {
    identity: string;
    key: string;
}

/** What the naming reads of a key's vault, from the key's reference (an existing vault's as Azure has it). */
export type GrantVault = Pick<VaultReference, "enableRbacAuthorization" | "prepareRbacMigration">;

/** One `cmkService` KeyAccess of a shared identity, made once for every service that uses it. */
export interface SharedGrant {
    /** Which grant it is: one per (identity, key), or per (identity, vault) where an access policy makes it vault-wide. */
    id: string;
    /** Its resource name, from the identity, key and vault entries as declared. */
    name: string;
    /** The names it had before, as the stack may have deployed it: its `aliases`. */
    earlierNames: string[];
    /** What it grants beyond the key's cmkService permissions. */
    part: Pick<KeyAccessArgs, "listKeys" | "rbacMigrationPart">;
}

/**
 * How a shared identity's key grants are named: one grant per (shared identity, key), however
 * many services use the pair; in an access-policy vault one per (identity, vault), since Azure
 * keeps one policy per principal there and it covers every key of the vault anyway.
 *
 * Returns, for a service's use, the grants it needs: first the one it waits for, then, on a vault
 * preparing its RBAC migration, the key's role. `vaultOf` gives the vault of a key of the config.
 */
export function sharedGrants(config: StackConfig, vaultOf: (key: string) => GrantVault): (use: SharedUse) => SharedGrant[] {
    const vaultOfKey = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), v.name] as const)));
    const keyNames = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const)));
    const identityNames = new Map((config.identities ?? []).map((i) => [i.name.toLowerCase(), i.name] as const));
    const pairOf = (s: { identity?: string; key: string }) => {
        const rbac = vaultOf(s.key).enableRbacAuthorization;
        return `${(s.identity ?? "").toLowerCase()}|${rbac ? `key:${s.key.toLowerCase()}` : `vault:${vaultOfKey.get(s.key.toLowerCase())}`}`;
    };
    // A service names its identity and key in any case; the names a grant had were built from the
    // first service's spelling, and an alias must match exactly: every service's spelling is one.
    const uses = [...cmkServices(config).map(({ s }) => s), ...(config.storageAccounts ?? []).flatMap((a) => (a.encryptionScopes ?? []).map((e) => ({ identity: a.identity, key: e.key })))];
    const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
    const spellings = (identity: string) => [...new Set([identity, ...uses.flatMap((u) => (same(u.identity, identity) ? [u.identity as string] : []))])];
    const earlierGrantNames = (identity: string, key: string, vault: string | undefined) => [...new Set(vault === undefined
        ? uses.filter((u) => same(u.identity, identity) && same(u.key, key)).map((u) => grantName(u.identity as string, { key: u.key }))
        : [
            // Named for the first service's key, as it wrote the identity and key,
            ...uses.filter((u) => same(u.identity, identity) && vaultOfKey.get(u.key.toLowerCase()) === vault).map((u) => grantName(u.identity as string, { key: u.key })),
            // or for a service moved off the vault in the same edit, its key as the vault's entry names it;
            ...spellings(identity).flatMap((i) => (config.vaults.find((v) => v.name === vault)?.keys ?? []).map((k) => grantName(i, { key: k.name }))),
            // then for the vault, with the identity as the first service wrote it.
            ...spellings(identity).map((i) => grantName(i, { vault })),
        ])];
    // On an access-policy vault, Event Hubs, Service Bus, PostgreSQL and MySQL also list keys: a grant one of them shares lists too.
    // On an RBAC vault they need the key's role alone, and no key's role lists a vault's keys: KeyAccess refuses listKeys there.
    const listing = new Set([...(config.eventHubNamespaces ?? []), ...(config.serviceBusNamespaces ?? []), ...(config.postgresqlServers ?? []), ...(config.mysqlServers ?? [])].filter((s) => s.identity !== undefined).map(pairOf));
    // A grant's names follow from its id alone: each is worked out once, not again for every service sharing it.
    const named = new Map<string, SharedGrant>();
    const grant = (id: string, name: string, earlier: () => string[], part: SharedGrant["part"]): SharedGrant => {
        const known = named.get(id) ?? { id, name, earlierNames: earlier().filter((n) => n !== name), part };
        named.set(id, known);
        return known;
    };
    return (s) => {
        const id = identityNames.get(s.identity.toLowerCase()) as string;
        const keyVault = vaultOf(s.key);
        const onKey = grantName(id, { key: keyNames.get(s.key.toLowerCase()) as string });
        const pair = pairOf(s);
        // An access-policy grant is the vault's, named for it: named for the first service's key, it
        // would be renamed (a new policy refused, the old one's delete removing it) when services move.
        const vault = keyVault.enableRbacAuthorization ? undefined : (vaultOfKey.get(s.key.toLowerCase()) as string);
        // A vault preparing its RBAC migration splits the grant: the vault's policy here, and each key's
        // role below, named as the per-key grant the flipped vault will have, so the flip creates no role.
        const split = vault !== undefined && keyVault.prepareRbacMigration === true;
        const first = grant(pair, vault === undefined ? onKey : grantName(id, { vault }), () => earlierGrantNames(id, s.key, vault), { ...(listing.has(pair) && grantsVia(keyVault).accessPolicy ? { listKeys: true } : {}), ...(split ? { rbacMigrationPart: "accessPolicy" as const } : {}) });
        // The role's name is also the vault grant's pre-aaba1c4 alias: the README asks a stack that still
        // holds that name to deploy once without prepareRbacMigration first (upgrade.test.ts).
        return split ? [first, grant(`${s.identity.toLowerCase()}|key:${s.key.toLowerCase()}`, onKey, () => earlierGrantNames(id, s.key, undefined), { rbacMigrationPart: "roleAssignment" })] : [first];
    };
}

/** A shared identity's grant is named for its key, or for its vault where an access policy makes it vault-wide. */
export function grantName(identity: string, on: { key: string } | { vault: string }): string {
    return "vault" in on ? `${identity}-on-vault-${on.vault}` : `${identity}-on-${on.key}`;
}
