import { validateClientApplicationArgs } from "../components/client-application";
import { exportedSecretNames } from "../components/client-secrets-export";
import { vaultIpRuleProblem } from "../components/network";
import { applicationGrantName, clientApplicationArgs } from "./args";
import { ConfigContext, keyEntryPath, publicEndpointOff } from "./config-context";
import { at, ConfigIssue, duplicates, key } from "./config-issue";
import { ApplicationConfig, StackConfig, VaultConfig } from "./schema";

/** ClientApplication argument names that the config spells in its own words. */
const APPLICATION_FIELD_NAMES: [RegExp, string][] = [[/^grants\[(\d+)\]\.keyVault(\..*)?$/, "access[$1].vault"], [/^grants\[(\d+)\]\.key\..*$/, "access[$1].key"], [/^grants/, "access"]];

/** Application names that repeat, then each application entry: its access, the grants' names, its networks, its export vault and its readers' way in, its component's rules; then handed-over secrets of one name. */
export function applicationIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const declaredNames = {
        keys: new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const))),
        vaults: new Map(config.vaults.map((v) => [v.name.toLowerCase(), v.name] as const)),
    };
    // A grant is named for its key or vault as declared (keeping its case, as its resource name does).
    const declared: DeclaredName = (list, n) => declaredNames[list].get(n.toLowerCase());
    return [
        ...duplicates(config.applications, (a) => a.name, (i) => `applications[${i}].name`, "application"),
        ...(config.applications ?? []).flatMap((a, i) => {
            const path = `applications[${i}]`;
            const access = accessIssues(ctx, a, path);
            const names = grantNameIssues(config, a, path, access.unknown, declared);
            return [...access.issues, ...names.issues, ...applicationNetworkIssues(ctx, a, path, access.unknown), ...exportVaultIssues(ctx, a, path), ...clientApplicationIssues(ctx, a, path, access.unknown, names.sameName, declared)];
        }),
        ...exportedNameIssues(config),
    ];
}

/**
 * Two applications that would write a secret of one name: `<app>-<credential>-client-secret` of one is
 * `<app>-client-secret` of an application named `<app>-<credential>`. The name is the secret's Pulumi
 * resource's under any application, so equal it is one URN twice; in one vault, where Key Vault reads
 * names in any case, it is one secret both would write.
 */
function exportedNameIssues(config: StackConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const earlier: { name: string; vault: string; app: number }[] = [];
    const apps = new Set<string>();
    (config.applications ?? []).forEach((a, i) => {
        // A repeated application is reported by its name, once.
        if (apps.has(a.name.toLowerCase())) return;
        apps.add(a.name.toLowerCase());
        if (a.secretsExportConfiguration === undefined) return;
        const vault = a.secretsExportConfiguration.vault.toLowerCase();
        for (const name of exportedSecretNames(a.name, a)) {
            const other = earlier.find((e) => e.name === name || (e.vault === vault && e.name.toLowerCase() === name.toLowerCase()));
            if (other !== undefined) {
                const clash = other.name === name ? "one Pulumi resource name" : "one Key Vault secret (Key Vault reads names in any case)";
                issues.push({ path: key(`applications[${i}].secretsExportConfiguration`), message: `would write the secret "${name}", as ${key(`applications[${other.app}]`)} (${config.applications?.[other.app].name}) writes "${other.name}": ${clash} for two credentials; rename an application or a credential` });
            }
            earlier.push({ name, vault, app: i });
        }
    });
    return issues;
}

/** A key's or vault's config name as its entry declares it, from a reference in any case. */
type DeclaredName = (list: "keys" | "vaults", name: string) => string | undefined;

/** Each access entry names one key or vault of the stack, once; `unknown` holds the entries that do not, which later checks skip. */
function accessIssues(ctx: ConfigContext, a: ApplicationConfig, path: string): { issues: ConfigIssue[]; unknown: Set<number> } {
    const issues: ConfigIssue[] = [];
    const unknown = new Set<number>();
    const granted = new Map<string, number>();
    (a.access ?? []).forEach((g, j) => {
        const at = `${path}.access[${j}]`;
        if ((g.key === undefined) === (g.vault === undefined)) {
            issues.push({ path: key(at), message: "names exactly one of key (for applicationCrypto, signing or cmkService) or vault (for keyManagementAppliance)" });
            unknown.add(j);
        } else if (g.key !== undefined && !ctx.keys.has(g.key.toLowerCase())) {
            issues.push({ path: key(`${at}.key`), message: ctx.unknownKey(g.key) });
            unknown.add(j);
        } else if (g.vault !== undefined && !ctx.vaultRefs.has(g.vault.toLowerCase())) {
            issues.push({ path: key(`${at}.vault`), message: `"${g.vault}" is not a vault in azure-byok:vaults` });
            unknown.add(j);
        } else {
            // One grant per key or vault, named for it: a second entry for it, in any case, would be a second grant of that name.
            const target = g.key !== undefined ? `keys:${g.key.toLowerCase()}` : `vaults:${(g.vault as string).toLowerCase()}`;
            const earlier = granted.get(target);
            if (earlier !== undefined) {
                const field = g.key !== undefined ? "key" : "vault";
                issues.push({ path: key(`${at}.${field}`), message: `"${g.key ?? g.vault}" names the ${field} access[${earlier}] already grants; grant each key or vault once per application` });
                unknown.add(j);
            } else {
                granted.set(target, j);
            }
        }
    });
    return { issues, unknown };
}

/** A key and a vault of one declared name would name two of an application's grants alike; `sameName` holds the later entries. */
function grantNameIssues(config: StackConfig, a: ApplicationConfig, path: string, unknown: Set<number>, declared: DeclaredName): { issues: ConfigIssue[]; sameName: Set<number> } {
    const issues: ConfigIssue[] = [];
    const grantNames = new Map<string, number>();
    const sameName = new Set<number>();
    (a.access ?? []).forEach((g, j) => {
        const name = unknown.has(j) ? undefined : applicationGrantName(g, declared);
        if (name === undefined) return;
        const earlier = grantNames.get(name);
        if (earlier === undefined) {
            grantNames.set(name, j);
            return;
        }
        sameName.add(j);
        const on = (x: { key?: string; vault?: string }) => (x.key !== undefined ? `key ${keyNamed(config, x.key)}` : `vault ${key(configVaultPath(config, x.vault as string))}`);
        issues.push({ path: key(`${path}.access[${j}].${g.key !== undefined ? "key" : "vault"}`), message: `"${name}" is ${on(g)}, and access[${earlier}] grants ${on((a.access ?? [])[earlier])} of the same name: an application's grants are named for the key or vault they are on, so the two grants would have one name; rename the key or the vault` });
    });
    return { issues, sameName };
}

/** How the application reaches its vaults: through them opened to its networks, or privately, and not both. */
function applicationNetworkIssues(ctx: ConfigContext, a: ApplicationConfig, path: string, unknown: Set<number>): ConfigIssue[] {
    const { config } = ctx;
    const issues: ConfigIssue[] = [];
    // Only once every entry is known: an unknown key or vault is reported above.
    if ((a.allowedNetworks ?? []).length === 0 && a.privateNetworkAccess !== true) {
        (a.access ?? []).forEach((g, j) => {
            if (unknown.has(j)) return;
            const name = g.vault ?? ctx.vaultOfKey.get((g.key as string).toLowerCase());
            const vi = config.vaults.findIndex((v) => v.name.toLowerCase() === name?.toLowerCase());
            const state = vi < 0 ? undefined : closedVaultState(config.vaults[vi], ctx.networks.get(config.vaults[vi].name.toLowerCase()) ?? []);
            if (state) issues.push({ path: key(`${path}.access[${j}]`), message: `reaches vault "${config.vaults[vi].name}", which admits no traffic from this application: ${state} and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; give the application's public egress ranges as ${key(`${path}.allowedNetworks`)} (they open the vault's firewall to those ranges alone), a private endpoint on the vault (${key(`vaults[${vi}].privateEndpoints`)}) when the application reaches it from a network joined to it, or ${key(`${path}.privateNetworkAccess`)}: true when it reaches the vault through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)` });
        });
    }
    (a.allowedNetworks ?? []).forEach((n, k) => {
        const problem = vaultIpRuleProblem(n);
        if (problem) issues.push({ path: key(`${path}.allowedNetworks[${k}]`), message: problem });
    });
    if ((a.allowedNetworks?.length ?? 0) > 0 && (a.access ?? []).length === 0) {
        issues.push({ path: key(`${path}.allowedNetworks`), message: "opens no vault: the application has no access entry naming a key or vault" });
    }
    if (a.privateNetworkAccess === true && (a.access ?? []).length === 0 && (a.secretsExportConfiguration?.readers ?? []).length === 0) {
        issues.push({ path: key(`${path}.privateNetworkAccess`), message: "is true, yet the application has no access entry naming a key or vault it would reach, nor readers of a handover vault; remove it, or add the access" });
    } else if (a.privateNetworkAccess === true && (a.allowedNetworks ?? []).length > 0) {
        // Either says how the application gets in; both would leave the public endpoint open while claiming it is not needed.
        issues.push({ path: key(`${path}.privateNetworkAccess`), message: `is true, which says the application reaches its vaults only through a private network, while ${key(`${path}.allowedNetworks`)} opens their public endpoint to it; keep allowedNetworks alone for an application that calls from those public ranges, or privateNetworkAccess alone to keep the vaults' public endpoint closed to it` });
    }
    return issues;
}

/**
 * The handover vault is one of the stack's, and its readers, who read the secrets from its data
 * plane, can reach it as an application must reach the vaults of its access: their own
 * privateNetworkAccess says they come through a private endpoint made elsewhere, whatever way the
 * application itself comes in (a vendor calling from its public ranges, its credentials read by staff over the hub).
 */
function exportVaultIssues(ctx: ConfigContext, a: ApplicationConfig, path: string): ConfigIssue[] {
    const { config } = ctx;
    const handover = a.secretsExportConfiguration;
    if (handover === undefined) return [];
    const readers = (handover.readers ?? []).length > 0;
    const issues: ConfigIssue[] = [];
    if (handover.privateNetworkAccess === true && !readers) {
        issues.push({ path: key(`${path}.secretsExportConfiguration.privateNetworkAccess`), message: `is true, yet the handover has no readers who would reach its vault; remove it, or add ${key(`${path}.secretsExportConfiguration.readers`)}` });
    }
    const at = key(`${path}.secretsExportConfiguration.vault`);
    if (!ctx.vaultRefs.has(handover.vault.toLowerCase())) return [...issues, { path: at, message: `"${handover.vault}" is not a vault in azure-byok:vaults` }];
    if (!readers || handover.privateNetworkAccess === true || a.privateNetworkAccess === true) return issues;
    const vi = config.vaults.findIndex((v) => v.name.toLowerCase() === handover.vault.toLowerCase());
    const state = closedVaultState(config.vaults[vi], ctx.networks.get(config.vaults[vi].name.toLowerCase()) ?? []);
    if (state === undefined) return issues;
    return [...issues, { path: at, message: `"${handover.vault}" admits no traffic from the readers of the handed-over secrets (${key(`${path}.secretsExportConfiguration.readers`)}): ${state} and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there, and a person or pipeline reading a secret is neither; open its firewall to the readers' public ranges (${key(`vaults[${vi}].networkRules.ipRules`)}), give it a private endpoint (${key(`vaults[${vi}].privateEndpoints`)}) in a network the readers reach it from, or ${key(`${path}.secretsExportConfiguration.privateNetworkAccess`)}: true when they reach it through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)` }];
}

/** The ClientApplication component's own rules, on the args the program will build, at the config's names for its fields. */
function clientApplicationIssues(ctx: ConfigContext, a: ApplicationConfig, path: string, unknown: Set<number>, sameName: Set<number>, declared: DeclaredName): ConfigIssue[] {
    // Grants are named for their keys and vaults as declared (as the program names them): two entries on one key in another case are one grant's name twice.
    const args = clientApplicationArgs(a, { key: (n) => ctx.keys.get(n.toLowerCase()), vault: (n) => ctx.vaultRefs.get(n.toLowerCase()), declared });
    const grantOf = (field: string) => Number(/^grants\[(\d+)\]/.exec(field)?.[1]);
    // A vault's own settings are reported at its entry; repeated through a grant they would read as the grant's.
    // A grant's name is no setting: two alike are reported above, at the access entries.
    const own = validateClientApplicationArgs(a.name, args).filter((x) => (!/^grants\[(\d+)\]/.test(x.field) || !unknown.has(grantOf(x.field))) && !x.field.endsWith(".prepareRbacMigration")
        && !(/^grants\[(\d+)\]\.name$/.test(x.field) && sameName.has(grantOf(x.field))));
    return at(path, own, APPLICATION_FIELD_NAMES);
}

/**
 * How a vault the stack creates is closed to the data plane's callers, or undefined when it may
 * admit them (an existing vault's firewall is Azure's): its public endpoint off and no private
 * endpoint, and neither a vendor's application nor a reader of its handed-over secrets is a trusted service.
 */
function closedVaultState(v: VaultConfig, applicationNetworks: string[]): string | undefined {
    return (v.privateEndpoints ?? []).length > 0 ? undefined : publicEndpointOff(v, applicationNetworks);
}


/** A key as an error names it: its entry's name path, or the name itself where no entry has it. */
function keyNamed(config: StackConfig, name: string): string {
    const path = keyEntryPath(config, name);
    return path === undefined ? `"${name}"` : key(`${path}.name`);
}

/** The config path of a vault's entry, by its config name in any case. */
function configVaultPath(config: StackConfig, name: string): string {
    return `vaults[${config.vaults.findIndex((v) => v.name.toLowerCase() === name.toLowerCase())}].name`;
}
