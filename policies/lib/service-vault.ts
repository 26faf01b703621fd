import { keyId, parseKeyUri, T, vaultOfUri } from "./azure";
import type { ResourceView } from "./rule";
import { pairedRegion } from "./region-pairs";
import { keyLink } from "./stack";
import { isUnknown, read } from "./values";

/**
 * The vaults of a stack by name, and every resource by URN: what the rules that follow a service
 * to its key's vault need. Only vaults are parsed: a full StackIndex would parse every resource of
 * a large stack for nothing.
 */
export function vaultsOf(resources: readonly ResourceView[]): { vaults: Map<string, ResourceView>; byUrn: Map<string, ResourceView> } {
    const vaults = new Map<string, ResourceView>();
    const byUrn = new Map<string, ResourceView>();
    for (const r of resources) {
        byUrn.set(r.urn, r);
        if (r.type !== T.vault) continue;
        const name = [read(r.props, "name"), vaultOfUri(read(r.props, "properties", "vaultUri")), read(r.props, "vaultName")].find((n) => typeof n === "string" && !isUnknown(n));
        if (typeof name === "string") vaults.set(name.toLowerCase(), r);
    }
    return { vaults, byUrn };
}

/** A service's key's vault in the stack, and how messages name the vault and the key. */
export interface ServiceVault {
    vault: ResourceView;
    vaultLabel: string;
    keyLabel: string;
}

/**
 * The vault of the stack that the key `url` (read from the service's `property`) is in: by the
 * key's URL, or while that is unknown (a first preview) by the vault or key `property` came from.
 * Undefined for a key outside the stack's vaults or in a Managed HSM, whose placement Azure judges.
 */
export function serviceVault(service: ResourceView, url: unknown, property: string, vaults: ReadonlyMap<string, ResourceView>, byUrn: ReadonlyMap<string, ResourceView>): ServiceVault | undefined {
    if (isUnknown(url)) {
        const { store, key } = keyLink(service, property, byUrn);
        if (store?.type !== T.vault) return undefined;
        const name = [...vaults].find(([, v]) => v === store)?.[0] ?? store.name;
        return { vault: store, vaultLabel: name, keyLabel: key ? `key ${key.name}` : "its key" };
    }
    const key = parseKeyUri(url);
    const vault = key === undefined || key.managedHsm ? undefined : vaults.get(key.vault);
    return key === undefined || vault === undefined ? undefined : { vault, vaultLabel: key.vault, keyLabel: `key ${keyId(key)}` };
}

/** A region as ARM compares it: any case and spacing ("West Europe", "westeurope"); undefined while unknown. */
export function region(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value.toLowerCase().replace(/\s+/g, "") : undefined;
}

/** Whether a service and its key's vault are in regions known to differ. */
export function inOtherRegion(service: ResourceView, vault: ResourceView): boolean {
    const serviceRegion = region(read(service.props, "location"));
    const vaultRegion = region(read(vault.props, "location"));
    return serviceRegion !== undefined && vaultRegion !== undefined && serviceRegion !== vaultRegion;
}

/**
 * A PostgreSQL or MySQL flexible server's geo-backup key's vault in the stack, when it is known to
 * be outside the server's paired region, where Azure keeps the geo-redundant backups and takes that
 * key only from a vault of their region (Microsoft's data-encryption guides; the API's
 * geoBackupKeyURI: "key vault can't cross region"). Only a known URL is followed: while it is
 * unknown, what dataEncryption came from mixes it with the primary key's vault.
 */
export function geoBackupVaultOutsidePair(server: ResourceView, property: string, vaults: ReadonlyMap<string, ResourceView>, byUrn: ReadonlyMap<string, ResourceView>): (ServiceVault & { paired: string }) | undefined {
    const url = read(server.props, "dataEncryption", "geoBackupKeyURI");
    if (typeof url !== "string" || url === "" || isUnknown(url)) return undefined;
    const found = serviceVault(server, url, property, vaults, byUrn);
    const paired = pairedRegion(region(read(server.props, "location")));
    const vaultRegion = found && region(read(found.vault.props, "location"));
    return found && paired !== undefined && vaultRegion !== undefined && vaultRegion !== paired ? { ...found, paired } : undefined;
}
