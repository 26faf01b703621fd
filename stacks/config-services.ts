import { validateCmkContainerRegistryArgs } from "../components/cmk-container-registry";
import { COSMOSDB_VAULT_ACCESS, validateCmkCosmosDbAccountArgs } from "../components/cmk-cosmosdb-account";
import { validateCmkSqlServerArgs } from "../components/cmk-sql-server";
import { serverKeyNamesProblem, shownName } from "../components/sql-server-keys";
import { validateCmkPostgresqlFlexibleServerArgs } from "../components/cmk-postgresql-flexible-server";
import { validateCmkMysqlFlexibleServerArgs } from "../components/cmk-mysql-flexible-server";
import { validateCmkKubernetesClusterArgs } from "../components/cmk-kubernetes-cluster";
import { validateCmkDiskEncryptionSetArgs } from "../components/cmk-disk-encryption-set";
import { validateCmkEventHubNamespaceArgs } from "../components/cmk-eventhub-namespace";
import { validateCmkServiceBusNamespaceArgs } from "../components/cmk-servicebus-namespace";
import { validateCmkStorageAccountArgs } from "../components/cmk-storage-account";
import { kmsVersionLifetimeProblem } from "../components/key-rotation-policy";
import { KMS_PRIVATE_LINK_FIX, kmsPrivateLinkAllowed } from "../components/kubernetes-network";
import { NAME_SUFFIX_LENGTH } from "../components/naming";
import { KeyReference } from "../components/types";
import { ValidationIssue } from "../components/validation";
import { cosmosDbAccountArgs, diskEncryptionSetArgs, kubernetesClusterArgs, messagingNamespaceArgs, mysqlServerArgs, plannedIdentity, postgresqlServerArgs, registryArgs, sqlServerAdditionalKeys, sqlServerArgs, storageAccountArgs } from "./args";
import { ConfigContext, keyEntryPath, publicEndpointOff } from "./config-context";
import { at, closest, ConfigIssue, key } from "./config-issue";
import { SqlServerConfig, StackConfig, StorageAccountConfig } from "./schema";

/** Each CMK service entry, in config order: its key and identity known, its key's firewall passable, its component's rules. */
export function serviceIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const [rg, loc] = [config.resourceGroupName, config.location];
    const shared = (s: { identity?: string }) => (s.identity === undefined ? undefined : plannedIdentity);
    return [
        ...(config.registries ?? []).flatMap((r, i) => serviceKeyIssues(ctx, `registries[${i}]`, r, (k) => validateCmkContainerRegistryArgs(r.name, registryArgs(r, rg, loc, k, shared(r))))),
        ...(config.storageAccounts ?? []).flatMap((s, i) => storageAccountIssues(ctx, s, i)),
        ...(config.diskEncryptionSets ?? []).flatMap((d, i) => serviceKeyIssues(ctx, `diskEncryptionSets[${i}]`, d, (k) => validateCmkDiskEncryptionSetArgs(d.name, diskEncryptionSetArgs(d, rg, loc, k, shared(d))))),
        ...(config.cosmosDbAccounts ?? []).flatMap((c, i) => [
            ...serviceKeyIssues(ctx, `cosmosDbAccounts[${i}]`, c, (k) => validateCmkCosmosDbAccountArgs(c.name, cosmosDbAccountArgs(c, rg, loc, k, shared(c)))),
            ...cosmosVaultAccessIssues(ctx, `cosmosDbAccounts[${i}]`, c.key),
        ]),
        ...(config.eventHubNamespaces ?? []).flatMap((e, i) => serviceKeyIssues(ctx, `eventHubNamespaces[${i}]`, e, (k) => validateCmkEventHubNamespaceArgs(e.name, messagingNamespaceArgs(e, rg, loc, k, shared(e))))),
        ...(config.serviceBusNamespaces ?? []).flatMap((e, i) => serviceKeyIssues(ctx, `serviceBusNamespaces[${i}]`, e, (k) => validateCmkServiceBusNamespaceArgs(e.name, messagingNamespaceArgs(e, rg, loc, k, shared(e))))),
        ...sqlGeoIssues(config.sqlServers ?? []),
        ...(config.sqlServers ?? []).flatMap((q, i) => sqlServerIssues(ctx, q, i, (k, extra) => validateCmkSqlServerArgs(q.name, sqlServerArgs(q, rg, loc, k, shared(q), extra)))),
        ...(config.postgresqlServers ?? []).flatMap((p, i) => flexibleServerIssues(ctx, `postgresqlServers[${i}]`, p, (k, geo) => validateCmkPostgresqlFlexibleServerArgs(p.name, postgresqlServerArgs(p, rg, loc, k, shared(p), geo)))),
        ...(config.mysqlServers ?? []).flatMap((m, i) => flexibleServerIssues(ctx, `mysqlServers[${i}]`, m, (k, geo) => validateCmkMysqlFlexibleServerArgs(m.name, mysqlServerArgs(m, rg, loc, k, shared(m), geo)))),
    ];
}

/**
 * A SQL server: its additional keys (with a geo-secondary's primary's key) known and reachable, then the server as a
 * service. The component's issues on an additional key are reported at its entry, named as its key is, and on the
 * primary's key at geoSecondaryOf; each key's names are judged as the program names the key's vault: one without
 * `vaultName` is `<name>-<6 random>`, 7 characters longer than the planned reference (its config name) the component judged.
 */
function sqlServerIssues(ctx: ConfigContext, q: SqlServerConfig, i: number, validate: (k: KeyReference, additional: { name: string; key: KeyReference; keyVersion?: string }[] | undefined) => ValidationIssue[]): ConfigIssue[] {
    const path = `sqlServers[${i}]`;
    const listed = (q.additionalKeys ?? []).length;
    const entries = sqlServerAdditionalKeys(q, ctx.config);
    const names = entries.map((e) => e.key);
    // The primary's key, added after the listed ones, is reported where it comes from.
    const entryPath = (j: number) => (j < listed ? `${path}.additionalKeys[${j}]` : `${path}.geoSecondaryOf`);
    const additional = names.map((n) => ctx.keys.get(n.toLowerCase()));
    const issues: ConfigIssue[] = [];
    names.forEach((n, j) => {
        if (additional[j] === undefined && j < listed) issues.push({ path: key(entryPath(j)), message: ctx.unknownKey(n) });
        else if (additional[j] !== undefined) issues.push(...firewallBypassIssues(ctx.config, path, `${q.name}'s additional key`, n));
    });
    // A shared identity's grants are the stack's, one per key: the server's own on these keys could be made twice.
    if (names.length > 0 && q.identity !== undefined) {
        const what = listed > 0 ? "additionalKeys" : "geoSecondaryOf";
        issues.push({ path: key(`${path}.${what}`), message: `is given with identity "${q.identity}", whose grants the stack makes once per key for every service sharing it, while the server grants its identity on the keys it holds beside its protector${listed > 0 ? "" : " (its primary's)"} itself; leave identity out (the server makes its own), or ${what}` });
    }
    const known = additional.every((k): k is KeyReference => k !== undefined) ? entries.map((e, j) => ({ name: e.name, key: additional[j] as KeyReference, keyVersion: e.keyVersion })) : undefined;
    let additionalIssues: ValidationIssue[] = [];
    issues.push(...serviceKeyIssues(ctx, path, q, (k) => {
        const all = [k, ...(known ?? []).map((x) => x.key)].reduce((found, ref, j) => withGeneratedVaultLength(ctx, j === 0 ? "customerManagedKey.key" : `additionalKeys[${j - 1}].key`, ref, found), validate(k, known));
        additionalIssues = all.filter((x) => x.field.startsWith("additionalKeys"));
        return all.filter((x) => !x.field.startsWith("additionalKeys"));
    }));
    issues.push(...additionalIssues.map((x) => {
        const [, j, rest] = /^additionalKeys\[(\d+)\](?:\.key)?(?:\.(.+))?$/.exec(x.field) ?? [];
        const at = j === undefined ? `${path}.additionalKeys` : entryPath(Number(j));
        const whose = j !== undefined && Number(j) >= listed ? "the primary's key" : "the key";
        return { path: key(at), message: rest === undefined ? (whose === "the key" ? x.message : `${whose} ${x.message}`) : `${whose}'s ${rest.replace(/^keyVault\./, "vault's ")} ${x.message}` };
    }));
    return issues;
}

/** Microsoft's limits on geo-secondaries (active geo-replication and failover groups: at most 4 per primary) and this stack's: each names another, unchained primary, and on the primary's key both pin a key version or both follow rotation. */
export function sqlGeoIssues(servers: readonly SqlServerConfig[]): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const secondaries = new Map<number, number>();
    servers.forEach((q, i) => {
        if (q.geoSecondaryOf === undefined) return;
        const path = key(`sqlServers[${i}].geoSecondaryOf`);
        const pi = servers.findIndex((p) => p.name.toLowerCase() === q.geoSecondaryOf?.toLowerCase());
        if (pi === i) {
            issues.push({ path, message: `names this entry itself; a geo-secondary's primary is another entry of azure-byok:sqlServers` });
            return;
        }
        if (pi < 0) {
            const near = closest(q.geoSecondaryOf, servers.filter((_, j) => j !== i).map((s) => s.name));
            issues.push({ path, message: `"${q.geoSecondaryOf}" is not an entry of azure-byok:sqlServers; ${near !== undefined ? `did you mean "${near}"?` : `name one of: ${servers.filter((_, j) => j !== i).map((s) => s.name).join(", ") || "(no other SQL servers)"}`}` });
            return;
        }
        const p = servers[pi];
        if (p.geoSecondaryOf !== undefined) {
            issues.push({ path, message: `names "${p.name}", itself a geo-secondary of "${p.geoSecondaryOf}"; name the primary: this stack links each secondary to its primary, as a failover group does, not to another secondary` });
        }
        const n = (secondaries.get(pi) ?? 0) + 1;
        secondaries.set(pi, n);
        if (n > 4) {
            issues.push({ path, message: `makes ${n} geo-secondaries of "${p.name}", but Azure SQL takes at most 4 per primary (active geo-replication and failover groups)` });
        }
        // Microsoft's "Rotate the TDE protector" asks auto-rotation on both servers only where one key is the protector of both.
        if (q.key.toLowerCase() === p.key.toLowerCase() && (q.keyVersion === undefined) !== (p.keyVersion === undefined)) {
            const [pinned, rotating] = q.keyVersion === undefined ? [`its primary "${p.name}"`, "this secondary"] : ["this secondary", `its primary "${p.name}"`];
            issues.push({ path, message: `is a geo-secondary on its primary's key "${p.key}", where ${pinned} pins keyVersion and ${rotating} follows rotation; pin a version on both or on neither, as Microsoft's TDE guide asks auto-rotation on both servers when one key is the protector of both (a secondary on a key of its own may differ)` });
        }
        // Listed, the primary's key would be held at its current version, not the pinned one replication needs.
        const pin = p.keyVersion;
        if (pin !== undefined) {
            (q.additionalKeys ?? []).forEach((k, j) => {
                if (k.toLowerCase() !== p.key.toLowerCase()) return;
                issues.push({ path: key(`sqlServers[${i}].additionalKeys[${j}]`), message: `is "${k}", the key its primary "${p.name}" pins at version ${pin}, which this geo-secondary must hold at that version, while additionalKeys holds a key at its current one; leave it out: the stack adds the primary's key at its version` });
            });
        }
    });
    return issues;
}

/** `issues` with the names rule on `field`'s key `k` judged as the program names its vault (see sqlServerIssues). */
function withGeneratedVaultLength(ctx: ConfigContext, field: string, k: KeyReference, issues: ValidationIssue[]): ValidationIssue[] {
    const v = ctx.config.vaults.find((x) => x.keys?.some((y) => y.name.toLowerCase() === String(k.keyName).toLowerCase()));
    const planned = serverKeyNamesProblem(shownName(String(k.keyVault.vaultName)), shownName(String(k.keyName)));
    const vault = v === undefined || v.vaultName !== undefined ? shownName(String(k.keyVault.vaultName)) : { shown: `"${v.name}-<6 random>"`, length: v.name.length + 1 + NAME_SUFFIX_LENGTH };
    const actual = serverKeyNamesProblem(vault, shownName(String(k.keyName)));
    return [...issues.filter((x) => !(x.field === field && x.message === planned)), ...(actual === undefined ? [] : [{ field, message: actual }])];
}

/** A service's key and identity are the stack's; with its key known, the component's rules on it, then its vault's firewall. */
function serviceKeyIssues(ctx: ConfigContext, path: string, s: { name: string; key: string; identity?: string }, validate: (k: KeyReference) => ValidationIssue[]): ConfigIssue[] {
    const k = ctx.keys.get(s.key.toLowerCase());
    const keyIssues = k === undefined
        ? [{ path: key(`${path}.key`), message: ctx.unknownKey(s.key) }]
        : [...at(path, validate(k)), ...firewallBypassIssues(ctx.config, path, s.name, s.key)];
    const known = s.identity === undefined || ctx.identityNames.has(s.identity.toLowerCase());
    return known ? keyIssues : [...keyIssues, { path: key(`${path}.identity`), message: `"${s.identity}" is not an identity in azure-byok:identities` }];
}

/** A CMK service reaches its key as a trusted Azure service: a firewall that lets none through locks it out. */
function firewallBypassIssues(config: StackConfig, path: string, what: string, keyName: string): ConfigIssue[] {
    const vi = config.vaults.findIndex((v) => (v.keys ?? []).some((x) => x.name.toLowerCase() === keyName.toLowerCase()));
    const rules = config.vaults[vi]?.networkRules;
    if (rules?.bypass === "None" && !(config.vaults[vi].publicNetworkAccess === "Enabled" && rules.defaultAction === "Allow")) {
        return [{ path: key(`vaults[${vi}].networkRules.bypass`), message: `is "None", but ${path} (${what}) encrypts with key "${keyName}" of this vault, reaching it as a trusted Azure service through the vault's firewall; set bypass to "AzureServices" (the default)` }];
    }
    return [];
}

/**
 * A Cosmos DB account's key in a vault the stack closes to the public network (publicNetworkAccess Disabled, the
 * default without IP or subnet rules): refused, as a closed vault is for AKS's KMS over public access (see
 * COSMOSDB_VAULT_ACCESS); an existing vault is read and judged likewise (requires.publicEndpoint).
 */
function cosmosVaultAccessIssues(ctx: ConfigContext, path: string, keyName: string): ConfigIssue[] {
    const vaultName = ctx.vaultOfKey.get(keyName.toLowerCase());
    const v = ctx.config.vaults.find((x) => x.name.toLowerCase() === vaultName?.toLowerCase());
    const off = v === undefined ? undefined : publicEndpointOff(v, ctx.networks.get(v.name.toLowerCase()) ?? []);
    if (v === undefined || off === undefined) return [];
    const endpoints = (v.privateEndpoints ?? []).length > 0 ? " (its private endpoints serve clients in their network, not Cosmos DB)" : "";
    return [{
        path: key(`${path}.key`),
        message: `"${keyName}" is in vault "${v.name}", and ${off}${endpoints}: ${COSMOSDB_VAULT_ACCESS.why}; ${COSMOSDB_VAULT_ACCESS.fix}`,
    }];
}

/** A storage account's encryption scopes' keys, known and reachable, then the account as a service; scopes are judged by the component only once every key they name is known. */
function storageAccountIssues(ctx: ConfigContext, s: StorageAccountConfig, i: number): ConfigIssue[] {
    const { config } = ctx;
    const scopes = s.encryptionScopes ?? [];
    const unknownScopeKeys = scopes.flatMap((e, j) => (ctx.keys.has(e.key.toLowerCase()) ? [] : [j]));
    const known = unknownScopeKeys.length === 0 ? { key: (n: string) => ctx.keys.get(n.toLowerCase()) as KeyReference } : undefined;
    const shared = s.identity === undefined ? undefined : plannedIdentity;
    return [
        ...unknownScopeKeys.map((j) => ({ path: key(`storageAccounts[${i}].encryptionScopes[${j}].key`), message: ctx.unknownKey(scopes[j].key) })),
        ...scopes.flatMap((e, j) => (unknownScopeKeys.includes(j) ? [] : firewallBypassIssues(config, `storageAccounts[${i}].encryptionScopes[${j}]`, `${s.name}'s encryption scope ${e.name}`, e.key))),
        ...serviceKeyIssues(ctx, `storageAccounts[${i}]`, s, (k) => validateCmkStorageAccountArgs(s.name, storageAccountArgs(s, config.resourceGroupName, config.location, k, shared, known))),
    ];
}

/**
 * A PostgreSQL or MySQL server: its geo-backup key known, versioned only when named, and reachable; then the server as a
 * service. The component's customerManagedKeyGeo issues are reported at the geo-backup key, named as its key is.
 */
function flexibleServerIssues(ctx: ConfigContext, path: string, s: { name: string; key: string; identity?: string; geoBackupKey?: string; geoBackupKeyVersion?: string }, validate: (k: KeyReference, geo: KeyReference | undefined) => ValidationIssue[]): ConfigIssue[] {
    const geo = s.geoBackupKey === undefined ? undefined : ctx.keys.get(s.geoBackupKey.toLowerCase());
    const issues: ConfigIssue[] = [];
    if (s.geoBackupKey !== undefined && geo === undefined) issues.push({ path: key(`${path}.geoBackupKey`), message: ctx.unknownKey(s.geoBackupKey) });
    if (s.geoBackupKeyVersion !== undefined && s.geoBackupKey === undefined) issues.push({ path: key(`${path}.geoBackupKeyVersion`), message: "pins a version of the geo-backup key, but geoBackupKey names none; name the key, or leave the version out" });
    if (s.geoBackupKey !== undefined && geo !== undefined) issues.push(...firewallBypassIssues(ctx.config, path, `${s.name}'s geo-backup key`, s.geoBackupKey));
    const k = ctx.keys.get(s.key.toLowerCase());
    const all = k === undefined ? [] : validate(k, geo);
    // An unknown geo key is reported above, by its name; the component would only miss it.
    const geoIssues = all.filter((x) => x.field.startsWith("customerManagedKeyGeo") && (s.geoBackupKey === undefined || geo !== undefined));
    issues.push(...serviceKeyIssues(ctx, path, s, () => all.filter((x) => !x.field.startsWith("customerManagedKeyGeo"))));
    issues.push(...geoIssues.map((x) => {
        const sub = /^customerManagedKeyGeo\.key\.(.+)$/.exec(x.field)?.[1];
        const field = x.field === "customerManagedKeyGeo.keyVersion" ? "geoBackupKeyVersion" : "geoBackupKey";
        return { path: key(`${path}.${field}`), message: sub === undefined ? x.message : `the key's ${sub.replace(/^keyVault\./, "vault's ")} ${x.message}` };
    }));
    return issues;
}

/** Each AKS cluster: its disk encryption set and key the stack's, the component's rules, and a KMS that can reach its key's vault. */
export function clusterIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const diskEncryptionSets = new Set((config.diskEncryptionSets ?? []).map((d) => d.name.toLowerCase()));
    return (config.kubernetesClusters ?? []).flatMap((c, i) => {
        const path = `kubernetesClusters[${i}]`;
        const issues: ConfigIssue[] = [];
        if (!diskEncryptionSets.has(c.diskEncryptionSet.toLowerCase())) {
            issues.push({ path: key(`${path}.diskEncryptionSet`), message: `"${c.diskEncryptionSet}" is not a disk encryption set in azure-byok:diskEncryptionSets; the nodes' disks are encrypted with one of the stack's` });
        }
        const k = ctx.keys.get(c.key.toLowerCase());
        if (k === undefined) return [...issues, { path: key(`${path}.key`), message: ctx.unknownKey(c.key) }];
        // The set's id is the stack's own, known once it exists: its name was checked above. The key's
        // policy is reported at the key's own entry, which is where it is changed.
        issues.push(...at(path, validateCmkKubernetesClusterArgs(c.name, kubernetesClusterArgs(c, config.resourceGroupName, config.location, k, "")).filter((x) => x.field !== "diskEncryptionSetId" && x.field !== "customerManagedKey.key.rotationPolicy")));
        const lifetime = k.rotationPolicy && kmsVersionLifetimeProblem(k.rotationPolicy);
        const keyPath = keyEntryPath(config, c.key);
        if (lifetime !== undefined && keyPath !== undefined) {
            issues.push({ path: key(`${keyPath}.rotationPolicy`), message: `is key "${c.key}"'s, which AKS cluster "${c.name}" (${path}) encrypts etcd with: ${lifetime}` });
        }
        // AKS's KMS is no trusted service: over public access it reaches only a vault open to every network.
        const v = config.vaults.find((x) => (x.keys ?? []).some((y) => y.name.toLowerCase() === c.key.toLowerCase()));
        if (c.keyVaultNetworkAccess === "Public" && v !== undefined && !v.existing && !(v.publicNetworkAccess === "Enabled" && v.networkRules?.defaultAction === "Allow")) {
            // Private is refused on an access-policy vault too: then the way out is the vault's move to RBAC.
            const fix = kmsPrivateLinkAllowed(k.keyVault)
                ? `leave keyVaultNetworkAccess at "Private" (a private link, with apiServerSubnetId)`
                : `"Private" (a private link, with apiServerSubnetId) needs an RBAC vault, and vault "${v.name}" uses access policies: ${KMS_PRIVATE_LINK_FIX}, with keyVaultNetworkAccess "Private"`;
            issues.push({ path: key(`${path}.keyVaultNetworkAccess`), message: `is "Public", but vault "${v.name}" (of key "${c.key}") is closed to public networks, and its firewall admits no AKS KMS plugin; ${fix}` });
        }
        return issues;
    });
}
