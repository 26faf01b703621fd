import { KeyReference, VaultReference } from "../components/types";
import { plannedKey, plannedVault, vaultsReachedBy } from "./args";
import { closest } from "./config-issue";
import { StackConfig, VaultConfig } from "./schema";

/** What the checks across entries share: each vault and key as validation plans it, and how to name a key the stack lacks. */
export interface ConfigContext {
    config: StackConfig;
    /** Each vault entry's planned reference, in config order. */
    plannedVaults: VaultReference[];
    /** By lowercase config name; of two entries named alike in any case, the later (their names are reported as duplicates). */
    vaultRefs: Map<string, VaultReference>;
    keys: Map<string, KeyReference>;
    /** A key's vault's config name, by the key's lowercase config name. */
    vaultOfKey: Map<string, string>;
    /** The message for a key name no vault of the stack holds, with the one meant where it is close. */
    unknownKey: (given: string) => string;
    /** Per vault (lowercase config name), the networks of the applications that reach it. */
    networks: Map<string, string[]>;
    /** The identity entries' lowercase config names. */
    identityNames: Set<string>;
}

export function configContext(config: StackConfig): ConfigContext {
    const plannedVaults = config.vaults.map((v) => plannedVault(v, config.location));
    const vaultRefs = new Map<string, VaultReference>();
    const keys = new Map<string, KeyReference>();
    const vaultOfKey = new Map<string, string>();
    config.vaults.forEach((v, i) => {
        vaultRefs.set(v.name.toLowerCase(), plannedVaults[i]);
        (v.keys ?? []).forEach((k) => {
            keys.set(k.name.toLowerCase(), plannedKey(k, plannedVaults[i]));
            vaultOfKey.set(k.name.toLowerCase(), v.name);
        });
    });
    // Each key once, as first written: a name used twice in two cases is reported as a duplicate.
    const keyNames: string[] = [];
    for (const k of config.vaults.flatMap((v) => v.keys ?? [])) {
        if (!keyNames.some((n) => n.toLowerCase() === k.name.toLowerCase())) keyNames.push(k.name);
    }
    const unknownKey = (given: string) => {
        const near = closest(given, keyNames);
        return `"${given}" is not a key in this stack's vaults; ${near !== undefined ? `did you mean "${near}"?` : `name one of: ${keyNames.join(", ") || "(no keys configured)"}`}`;
    };
    const networks = applicationNetworks(config, (k) => vaultOfKey.get(k.toLowerCase()));
    const identityNames = new Set((config.identities ?? []).map((i) => i.name.toLowerCase()));
    return { config, plannedVaults, vaultRefs, keys, vaultOfKey, unknownKey, networks, identityNames };
}

/** Per vault (lowercase config name), the networks of the applications that reach it. */
export function applicationNetworks(config: StackConfig, vaultOfKey: (key: string) => string | undefined): Map<string, string[]> {
    const networks = new Map<string, string[]>();
    for (const a of config.applications ?? []) {
        for (const vault of vaultsReachedBy(a, vaultOfKey)) {
            networks.set(vault, [...new Set([...(networks.get(vault) ?? []), ...(a.allowedNetworks ?? [])])]);
        }
    }
    return networks;
}

/**
 * Why a vault the stack creates has its public endpoint off, or undefined when it is on (an
 * existing vault's is Azure's): off unless publicNetworkAccess is Enabled, or left unset with an IP
 * or subnet rule (its own, or the allowedNetworks of the applications reaching it) for it to serve
 * (the KeyVault component's vaultNetwork). Then Key Vault takes only private endpoint traffic and the
 * trusted services on its allowlist (VaultProperties.publicNetworkAccess).
 */
export function publicEndpointOff(v: VaultConfig, applicationNetworks: string[]): string | undefined {
    if (v.existing) return undefined;
    const rules = (v.networkRules?.ipRules ?? []).length + (v.networkRules?.virtualNetworkRules ?? []).length + applicationNetworks.length;
    if (v.publicNetworkAccess === "Enabled" || (v.publicNetworkAccess === undefined && rules > 0)) return undefined;
    // vaultNetwork sends Disabled for a vault with no rule whatever its defaultAction: "Allow" there opens nothing.
    return v.publicNetworkAccess === "Disabled" ? "its publicNetworkAccess is Disabled"
        : v.networkRules?.defaultAction === "Allow" ? "its public network access is off (with no IP or subnet rule, publicNetworkAccess is Disabled unless Enabled is written, whatever networkRules.defaultAction says)"
        : "its public network access is off (the default: no IP or subnet rule opens it)";
}

/** The config path of the key entry named `name` (any case), `vaults[i].keys[j]`. */
export function keyEntryPath(config: StackConfig, name: string): string | undefined {
    for (const [i, v] of config.vaults.entries()) {
        const j = (v.keys ?? []).findIndex((k) => k.name.toLowerCase() === name.toLowerCase());
        if (j >= 0) return `vaults[${i}].keys[${j}]`;
    }
    return undefined;
}
