import { CMK_SERVICES, keyId, parseKeyUri, T, vaultNoun, vaultOfUri } from "./azure";
import type { ResourceView, StackViolation } from "./rule";
import { pairedRegion } from "./region-pairs";
import { keyLink } from "./stack";
import { isUnknown, list, read, sameText, UNKNOWN } from "./values";

/** A stack's key stores by name, vaults and Managed HSM pools apart (their names are of two DNS zones), and every resource by URN. */
export interface KeyStores {
    vaults: Map<string, ResourceView>;
    managedHsms: Map<string, ResourceView>;
    byUrn: Map<string, ResourceView>;
}

/**
 * The key stores of a stack by name, and every resource by URN: what the rules that follow a
 * service to its key's store need. Only stores are parsed: a full StackIndex would parse every
 * resource of a large stack for nothing.
 */
export function vaultsOf(resources: readonly ResourceView[]): KeyStores {
    const stores: KeyStores = { vaults: new Map(), managedHsms: new Map(), byUrn: new Map() };
    for (const r of resources) {
        stores.byUrn.set(r.urn, r);
        const names = r.type === T.vault
            ? [read(r.props, "name"), vaultOfUri(read(r.props, "properties", "vaultUri")), read(r.props, "vaultName")]
            : r.type === T.managedHsm ? [read(r.props, "name"), vaultOfUri(read(r.props, "properties", "hsmUri"))] : [];
        const name = names.find((n) => typeof n === "string" && !isUnknown(n));
        if (typeof name === "string") (r.type === T.vault ? stores.vaults : stores.managedHsms).set(name.toLowerCase(), r);
    }
    return stores;
}

/** A service's key's store (a vault or a Managed HSM pool) in the stack, and how messages name it and the key. */
export interface ServiceVault {
    vault: ResourceView;
    /** "vault" or "managed HSM". */
    noun: string;
    vaultLabel: string;
    keyLabel: string;
}

/**
 * The key store of the stack that the key `url` (read from the service's `property`) is in: by the
 * key's URL, or while that is unknown (a first preview) by the store or key `property` came from.
 * Undefined for a key outside the stack's stores.
 */
export function serviceVault(service: ResourceView, url: unknown, property: string, stores: KeyStores): ServiceVault | undefined {
    if (isUnknown(url)) {
        const { store, key } = keyLink(service, property, stores.byUrn);
        if (store?.type !== T.vault && store?.type !== T.managedHsm) return undefined;
        const named = store.type === T.vault ? stores.vaults : stores.managedHsms;
        const name = [...named].find(([, v]) => v === store)?.[0] ?? store.name;
        return { vault: store, noun: vaultNoun(store.type), vaultLabel: name, keyLabel: key ? `key ${key.name}` : "its key" };
    }
    const key = parseKeyUri(url);
    if (key === undefined) return undefined;
    const vault = (key.managedHsm ? stores.managedHsms : stores.vaults).get(key.vault);
    return vault === undefined ? undefined : { vault, noun: vaultNoun(vault.type), vaultLabel: key.vault, keyLabel: `key ${keyId(key)}` };
}

/** A region as ARM compares it: any case and spacing ("West Europe", "westeurope"); undefined while unknown. */
function region(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value.toLowerCase().replace(/\s+/g, "") : undefined;
}

/**
 * The regions a key store serves its keys in: a vault's own; a Managed HSM pool's, and those it is
 * extended to by multi-region replication (properties.regions), which hold the same keys. Undefined
 * while any of them is unknown.
 */
function storeRegions(store: ResourceView): string[] | undefined {
    const own = region(read(store.props, "location"));
    if (own === undefined) return undefined;
    if (store.type !== T.managedHsm) return [own];
    const replicas = list(store.props, "properties", "regions");
    if (replicas === UNKNOWN) return undefined;
    const names = replicas.map((r) => read(r, "name"));
    if (names.some(isUnknown)) return undefined;
    return [own, ...names.map(region).filter((n): n is string => n !== undefined)];
}

/** Whether a service and its key's store are in regions known to differ. */
export function inOtherRegion(service: ResourceView, store: ResourceView): boolean {
    const serviceRegion = region(read(service.props, "location"));
    const regions = storeRegions(store);
    return serviceRegion !== undefined && regions !== undefined && !regions.includes(serviceRegion);
}

/**
 * Where a server keeps geo-redundant backups beyond Microsoft's pair list: PostgreSQL's backup guide takes
 * its pairs from Azure's cross-region replication page, which pairs Jio India West and Jio India Central
 * (components/geo-backup-regions.ts holds the same for the components).
 */
const GEO_BACKUP_PAIRS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    [T.postgresqlServer]: { jioindiawest: "jioindiacentral", jioindiacentral: "jioindiawest" },
};

/**
 * A PostgreSQL or MySQL flexible server's geo-backup key's store (vault or Managed HSM) in the stack,
 * when it is known to be outside the server's paired region, where Azure keeps the geo-redundant
 * backups and takes that key only from a store of their region (Microsoft's data-encryption guides; the API's
 * geoBackupKeyURI: "key vault can't cross region"). Only a known URL is followed: while it is
 * unknown, what dataEncryption came from mixes it with the primary key's vault.
 */
function geoBackupVaultOutsidePair(server: ResourceView, property: string, stores: KeyStores): (ServiceVault & { paired: string }) | undefined {
    const url = read(server.props, "dataEncryption", "geoBackupKeyURI");
    if (typeof url !== "string" || url === "" || isUnknown(url)) return undefined;
    const found = serviceVault(server, url, property, stores);
    const serverRegion = region(read(server.props, "location"));
    const beyondList = serverRegion === undefined ? undefined : GEO_BACKUP_PAIRS[server.type]?.[serverRegion];
    const paired = beyondList ?? pairedRegion(serverRegion);
    const regions = found && storeRegions(found.vault);
    return found && paired !== undefined && regions !== undefined && !regions.includes(paired) ? { ...found, paired } : undefined;
}

/**
 * What the PostgreSQL and MySQL region rules report of the stack's servers of `type`: a geo-backup
 * key in a store outside the server's paired region, and a data encryption key in a store of
 * another region. `storeKind` is how the engine's guide names a store ("key store", "key vault").
 */
export function flexibleServerRegionViolations(resources: readonly ResourceView[], type: typeof T.postgresqlServer | typeof T.mysqlServer, engine: string, storeKind: (noun: string) => string): StackViolation[] {
    const stores = vaultsOf(resources);
    const violations: StackViolation[] = [];
    for (const server of resources) {
        if (server.type !== type || !sameText(read(server.props, "dataEncryption", "type"), "AzureKeyVault")) continue;
        const at = `${engine} server ${server.name} in ${String(read(server.props, "location"))}`;
        const geo = geoBackupVaultOutsidePair(server, CMK_SERVICES[type].keyProperty, stores);
        if (geo !== undefined) {
            violations.push({
                urn: server.urn,
                message: `${at} takes its geo-backup ${geo.keyLabel} from ${geo.noun} ${geo.vaultLabel} in ${String(read(geo.vault.props, "location"))}; Azure keeps the server's geo-redundant backups in its paired region, ${geo.paired}, and takes their key only from a ${storeKind(geo.noun)} there, so put the geo-backup key in a ${geo.noun} in ${geo.paired}.`,
            });
        }
        const found = serviceVault(server, read(server.props, "dataEncryption", "primaryKeyURI"), CMK_SERVICES[type].keyProperty, stores);
        // A store outside the stack, or a region not known yet, is Azure's to judge.
        if (found === undefined || !inOtherRegion(server, found.vault)) continue;
        violations.push({
            urn: server.urn,
            message: `${at} takes ${found.keyLabel} from ${found.noun} ${found.vaultLabel} in ${String(read(found.vault.props, "location"))}; ${engine} takes its data encryption key only from a ${storeKind(found.noun)} in the server's region, so put the server or the key in one region.`,
        });
    }
    return violations;
}
