import * as pulumi from "@pulumi/pulumi";
import { cmkKeyUrl, customerManagedKeyShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { GEO_BACKUP_SOURCE, GeoBackupEngine, geoBackupRegion, geoBackupRegionUnplaced } from "./geo-backup-regions";
import { IDENTITY_NAME, ManagedIdentity } from "./managed-identity";
import { DerivedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH, shownGeneratedName } from "./naming";
import { PrivateLinkTargetName, serverNameForEndpoints } from "./private-endpoint";
import { ResourceTags } from "./tags";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, asGiven, checkedAllOnResolve, isRecord, known, noZonesIn, REGION_PAIRS_SOURCE, sameRegion, shapeIssues, ShowValue, ValidationIssue, zonelessRegion } from "./validation";

/** What the PostgreSQL and MySQL flexible servers share: Azure's name rule and compute sizes. */
const SERVER_NAME = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
const SKU_TIERS: Record<string, "Burstable" | "GeneralPurpose" | "MemoryOptimized"> = { B: "Burstable", D: "GeneralPurpose", E: "MemoryOptimized" };

export type FlexibleServerTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

/** The tier prefixes of azurerm's flexible server `sku_name` (B_Standard_B1ms, GP_Standard_D2ds_v5, MO_Standard_E4ds_v5). */
const AZURERM_TIER_PREFIXES: Record<string, FlexibleServerTier> = { B: "Burstable", GP: "GeneralPurpose", MO: "MemoryOptimized" };

const SKU_ARGS = { name: "string", tier: "string" } as const satisfies ArgSpec<{ name: string; tier: FlexibleServerTier }>;

/** Names Azure Verified Modules give a flexible server's arguments, and ours: a compute size and its tier are one `sku` here, and the standby's zone takes ARM's name. */
export const FLEXIBLE_SERVER_RENAMED = { name: "serverName", skuName: "sku", tier: "sku", highAvailabilityZone: "standbyAvailabilityZone" };

/** The shape of a flexible server's `sku` from an untyped caller: both its name and tier, as plain strings. */
export function flexibleServerSkuShapeIssues(sku: unknown): ValidationIssue[] {
    return isRecord(sku) ? shapeIssues(sku, SKU_ARGS, "sku", { required: { name: "a compute size such as Standard_D2ds_v5", tier: "\"Burstable\", \"GeneralPurpose\" or \"MemoryOptimized\"" }, closed: true }) : [];
}

/** Whether a generated server name's prefix fits: one character is enough, since "a-<6 random>" already has Azure's three. */
function prefixFits(prefix: string): boolean {
    return prefix.length >= 1 && prefix.length <= 63 - 1 - NAME_SUFFIX_LENGTH;
}

/** The server's name for its private endpoints' default names, once it is valid (an invalid one is reported on its own). */
export function flexibleServerEndpointTarget(name: string, serverName: string | undefined): PrivateLinkTargetName | undefined {
    const prefix = hyphenatedPrefix(name);
    const valid = serverName !== undefined ? SERVER_NAME.test(serverName) : prefixFits(prefix);
    return valid ? serverNameForEndpoints(serverName, prefix) : undefined;
}

/** The server's name (given, or generated from the resource's) and its compute size, as Azure takes them. */
export function flexibleServerIssues(engine: "PostgreSQL" | "MySQL", name: string, serverName: string | undefined, sku: { name: string; tier: FlexibleServerTier } | undefined, example: string): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (serverName !== undefined) {
        if (!SERVER_NAME.test(serverName)) {
            add("serverName", `"${serverName}" is not a ${engine} server name: 3–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen`);
        }
    } else {
        const prefix = hyphenatedPrefix(name);
        if (!prefixFits(prefix)) {
            add("name", `"${name}" leaves "${prefix}" as the server name's prefix, which needs 1–${63 - 1 - NAME_SUFFIX_LENGTH} lowercase letters, digits and hyphens; rename the resource or set serverName`);
        }
    }
    if (sku !== undefined && !["Burstable", "GeneralPurpose", "MemoryOptimized"].includes(sku.tier)) {
        add("sku.tier", `"${String(sku.tier)}" is not "Burstable", "GeneralPurpose" or "MemoryOptimized"`);
    } else if (sku !== undefined) {
        // A flexible server's compute size is a VM size whose series fixes the tier: B is Burstable, D General Purpose, E Memory Optimized.
        const series = /^Standard_([BDE])\d/.exec(String(sku.name))?.[1];
        const tier = series === undefined ? undefined : SKU_TIERS[series];
        // azurerm's sku_name carries the tier as a prefix (GP_Standard_D2ds_v5); ARM takes the size and tier apart.
        const prefixed = /^(B|GP|MO)_(Standard_[BDE]\d.*)$/.exec(String(sku.name));
        if (prefixed !== null) {
            add("sku.name", `"${String(sku.name)}" is azurerm's sku_name, the tier's prefix and the size: write name "${prefixed[2]}" and tier "${AZURERM_TIER_PREFIXES[prefixed[1]]}"`);
        } else if (tier === undefined) {
            add("sku.name", `"${String(sku.name)}" is not a flexible server compute size (Standard_B…, Standard_D… or Standard_E…, such as ${example})`);
        } else if (tier !== sku.tier) {
            add("sku.tier", `is "${sku.tier}", but ${sku.name} is a ${tier} size; set tier "${tier}" or a size of the ${sku.tier} series`);
        }
    }
    return issues;
}

/** A flexible server's high availability, as ARM and Azure Verified Modules name its modes: a standby in the primary's zone, or in another. */
export type FlexibleServerHighAvailability = "Disabled" | "SameZone" | "ZoneRedundant";

/** An availability zone as ARM takes it for a flexible server: the subscription's logical zone, as text. */
export type AvailabilityZone = "1" | "2" | "3";

const HIGH_AVAILABILITY_MODES: readonly string[] = ["Disabled", "SameZone", "ZoneRedundant"];
const ZONES: readonly string[] = ["1", "2", "3"];

/** The arguments of a flexible server that decide its high availability. */
export interface FlexibleServerHighAvailabilityArgs {
    location?: pulumi.Input<string>;
    sku?: { name: string; tier: FlexibleServerTier };
    highAvailability?: FlexibleServerHighAvailability;
    availabilityZone?: AvailabilityZone;
    standbyAvailabilityZone?: AvailabilityZone;
}

/** Where each engine's guide says its Burstable tier has no high availability. */
const NO_BURSTABLE_HA_SOURCE: Record<Engine, string> = {
    PostgreSQL: "https://learn.microsoft.com/azure/postgresql/high-availability/how-to-configure-high-availability#limitations-and-considerations",
    MySQL: "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-high-availability#limitations",
};

/**
 * Every rule `highAvailability` and the zones break: a mode and zones Azure names, no standby on the
 * Burstable tier, no zone at all in a region without availability zones (where that region is known now),
 * a zone-redundant standby's zone never the primary's and a same-zone standby's only the primary's.
 */
export function highAvailabilityIssues(engine: Engine, args: FlexibleServerHighAvailabilityArgs, defaultTier: FlexibleServerTier): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const mode = args.highAvailability;
    if (mode !== undefined && !HIGH_AVAILABILITY_MODES.includes(mode)) add("highAvailability", `"${String(mode)}" is not "Disabled", "SameZone" or "ZoneRedundant"`);
    for (const field of ["availabilityZone", "standbyAvailabilityZone"] as const) {
        const zone = args[field];
        if (zone !== undefined && !ZONES.includes(zone)) add(field, `${JSON.stringify(zone)} is not an availability zone: "1", "2" or "3", as text`);
    }
    if (issues.length > 0) return issues;
    const tier = args.sku?.tier ?? defaultTier;
    if (mode !== undefined && mode !== "Disabled" && tier === "Burstable") {
        add("highAvailability", `is "${mode}", but sku.tier is "Burstable", where ${engine} keeps no standby (${NO_BURSTABLE_HA_SOURCE[engine]}); choose a GeneralPurpose or MemoryOptimized size, or leave highAvailability "Disabled"`);
    }
    const zoneless = zonelessRegion(args.location);
    if (zoneless !== undefined) {
        issues.push(...zonelessRegionIssues(engine, zoneless, args, tier));
        // The rules below pair the standby's zone with the primary's, and this region has neither.
        return issues;
    }
    const standby = args.standbyAvailabilityZone;
    if (standby !== undefined && mode === "SameZone") {
        // ARM's standbyAvailabilityZone serves SameZone too, and Azure Verified Modules send the primary's zone there.
        if (standby !== args.availabilityZone) {
            const primary = args.availabilityZone === undefined ? "zone, which Azure chooses while availabilityZone is not written" : `availabilityZone, "${args.availabilityZone}"`;
            add("standbyAvailabilityZone", `is "${standby}", but highAvailability is "SameZone", whose standby is in the primary's ${primary}; write the primary's zone in both, set highAvailability "ZoneRedundant", or leave the standby zone out`);
        }
    } else if (standby !== undefined && mode !== "ZoneRedundant") {
        add("standbyAvailabilityZone", `is "${standby}", but highAvailability is ${mode === undefined ? "left at its default, \"Disabled\"" : `"${mode}"`}; only a zone-redundant standby has a zone of its own (a SameZone standby is in the primary's); set highAvailability "ZoneRedundant", or leave the standby zone out`);
    } else if (standby !== undefined && standby === args.availabilityZone) {
        // Azure: "The zone of the server cannot be same as the standby zone."
        add("standbyAvailabilityZone", `is "${standby}", the primary's availabilityZone too; a zone-redundant standby is in another zone of the region; choose another zone, or leave it out for Azure to choose`);
    }
    return issues;
}

/**
 * What a server in `region`, which has no availability zones, may not write: a zone-redundant standby, which
 * has no other zone to be in, and any zone of its own. A SameZone standby, offered in every region, it may have.
 */
function zonelessRegionIssues(engine: Engine, region: string, args: FlexibleServerHighAvailabilityArgs, tier: FlexibleServerTier): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    // A Burstable server's standby is refused at highAvailability already, with its own fix.
    if (args.highAvailability === "ZoneRedundant" && tier !== "Burstable") {
        issues.push({ field: "highAvailability", message: `is "ZoneRedundant", but ${noZonesIn(region)}, so ${engine} has no other zone to keep the standby in and Azure refuses it there; write "SameZone" (a standby beside the primary) or "Disabled", or place the server in a region with zones` });
    }
    for (const field of ["availabilityZone", "standbyAvailabilityZone"] as const) {
        const zone = args[field];
        if (zone !== undefined) issues.push({ field, message: `is "${zone}", but ${noZonesIn(region)}, so Azure refuses a zone there; leave ${field} out, or place the server in a region with zones` });
    }
    return issues;
}

/**
 * What a deployed flexible server's later runs leave as Azure has it: the storage size, which
 * auto-grow raises and Azure refuses to lower ("cannot be less than current size"), and, with a
 * standby, the zones, which a failover swaps (azurerm's flexible-server guides ignore both). The
 * values written are the ones the server is created with; later updates send the state's, which a
 * refresh brings up to Azure's (the engine puts an ignored property's old input back, and azure-native
 * sends the whole body).
 */
export function flexibleServerIgnoreChanges(args: FlexibleServerHighAvailabilityArgs): string[] {
    return ["storage.storageSizeGB", ...(args.highAvailability !== undefined && args.highAvailability !== "Disabled" ? ["availabilityZone", "highAvailability.standbyAvailabilityZone"] : [])];
}

/** What ARM is sent for a server's high availability and zone: nothing unless asked for, so a server made before is sent what it was. */
export function highAvailabilityInputs(args: FlexibleServerHighAvailabilityArgs): { highAvailability?: { mode: FlexibleServerHighAvailability; standbyAvailabilityZone?: AvailabilityZone }; availabilityZone?: AvailabilityZone } {
    return {
        ...(args.highAvailability === undefined ? {} : { highAvailability: { mode: args.highAvailability, ...(args.standbyAvailabilityZone === undefined ? {} : { standbyAvailabilityZone: args.standbyAvailabilityZone }) } }),
        ...(args.availabilityZone === undefined ? {} : { availabilityZone: args.availabilityZone }),
    };
}

/** Geo-redundant backup, as ARM and Azure Verified Modules name its switch. */
export type GeoRedundantBackup = "Enabled" | "Disabled";

/** The arguments of a flexible server that decide its geo-redundant backup. */
export interface FlexibleServerGeoArgs {
    location?: pulumi.Input<string>;
    customerManagedKey: CustomerManagedKey;
    geoRedundantBackup?: GeoRedundantBackup;
    customerManagedKeyGeo?: CustomerManagedKey;
}

type Engine = GeoBackupEngine;

/** The name of the identity a server makes for its geo-backup key when none is given. */
const geoIdentityName = (name: string) => `${name}-geo-backup-identity`;

/** The shape of `customerManagedKeyGeo` from an untyped caller, as `customerManagedKey`'s is checked. */
export function geoBackupShapeIssues(args: unknown): ValidationIssue[] {
    return isRecord(args) && isRecord(args.customerManagedKeyGeo) ? customerManagedKeyShapeIssues(args.customerManagedKeyGeo, "customerManagedKeyGeo") : [];
}

/**
 * Why a geo-backup key's vault cannot serve a server in `region` ([vault's region, server's region]), as
 * validation and checkedAllOnResolve take it: geo-redundant backups are kept in the server's paired
 * region, and the key that encrypts them in a vault there (Microsoft's PostgreSQL data-encryption guide,
 * "CMKs and geo-redundant business continuity features"; MySQL's, "Restore with a customer managed key").
 */
function geoKeyRegionProblem(engine: Engine): (regions: string[], show?: (ShowValue | undefined)[]) => string | undefined {
    return ([vaultRegion, region], [showVault = asGiven, showRegion = asGiven] = []) => {
        const pair = geoBackupRegion(engine, region);
        // A region without geo-redundant backup is reported at geoRedundantBackup, the setting to change.
        if (pair === undefined) return undefined;
        return sameRegion(vaultRegion, pair) ? undefined
            : `is a key of a vault in ${showVault(vaultRegion)}, but the server's geo-paired region is ${pair} (the pair of ${showRegion(region)}); ${engine} takes its geo-backup key only from a vault in the region its geo-redundant backups are kept in`;
    };
}

/** Why a server in `region` cannot have geo-redundant backup, or undefined when it can. */
function geoBackupRegionProblem(engine: Engine, region: string, show: ShowValue = asGiven): string | undefined {
    return geoBackupRegion(engine, region) === undefined ? noGeoBackupProblem(engine, region, show) : undefined;
}

function noGeoBackupProblem(engine: Engine, region: string, show: ShowValue): string {
    const fix = `leave geoRedundantBackup "Disabled" there, or place the server in a region where ${engine} offers it`;
    if (geoBackupRegionUnplaced(engine, region)) {
        return `is "Enabled", and ${engine}'s region table (${GEO_BACKUP_SOURCE[engine]}) offers geo-redundant backup in ${show(region)}, but that region has no pair in Microsoft's list (${REGION_PAIRS_SOURCE}) and no Microsoft document names the region its geo-redundant backups are kept in, where the geo-backup key's vault must be; ${fix}`;
    }
    return `is "Enabled", but ${engine} keeps no geo-redundant backup for a server in ${show(region)} (the "Geo-redundant backup" column of its region table, ${GEO_BACKUP_SOURCE[engine]}); ${fix}`;
}

/** Whether two identity references are one identity, as far as is known before deploy. */
function sameIdentity(a: IdentityReference | undefined, b: IdentityReference | undefined): boolean {
    if (a === undefined || b === undefined) return false;
    const [idA, idB] = [known<string>(a.id), known<string>(b.id)];
    return a === b || (idA !== undefined && idA !== "" && idA.toLowerCase() === idB?.toLowerCase());
}

const SAME_IDENTITY = "is the primary key's identity too; PostgreSQL reaches the geo-backup key's vault only as another user-assigned identity (Microsoft's PostgreSQL data-encryption guide), best one in the geo-paired region; give another identity, or leave it out to have one made";

/**
 * Every rule `geoRedundantBackup` and `customerManagedKeyGeo` break: the switch and the key given
 * together, the key's own rules as the primary key's, the server's region with a pair and the key's
 * vault in it (where both are known now), PostgreSQL's second identity and MySQL's 90-day vault.
 * The shape of `customerManagedKeyGeo` is checked before (geoBackupShapeIssues).
 */
export function geoRedundantBackupIssues(engine: Engine, name: string, args: FlexibleServerGeoArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const geo = args.customerManagedKeyGeo;
    const mode = args.geoRedundantBackup;
    if (mode !== undefined && mode !== "Enabled" && mode !== "Disabled") {
        add("geoRedundantBackup", `"${String(mode)}" is not "Enabled" or "Disabled"`);
        return issues;
    }
    if (mode !== "Enabled") {
        if (geo !== undefined) add("customerManagedKeyGeo", `is given, but geoRedundantBackup is ${mode === undefined ? "left at its default, \"Disabled\"" : "\"Disabled\""}, so the server keeps no geo-redundant backup for the key to encrypt; set geoRedundantBackup "Enabled", or leave the geo-backup key out`);
        return issues;
    }
    if (geo === undefined) {
        add("customerManagedKeyGeo", `is required with geoRedundantBackup "Enabled": ${engine} encrypts a customer-managed-key server's geo-redundant backups with a second key, in a vault of the server's geo-paired region`);
        return issues;
    }
    issues.push(...validateCustomerManagedKey(geo, "customerManagedKeyGeo", "wrap", undefined, opts));
    // The primary identity's name is reported by the primary key's rules; this one only when it differs in fate.
    const primaryNameFails = args.customerManagedKey?.userAssignedIdentity === undefined && args.customerManagedKey?.identityName === undefined && !IDENTITY_NAME.test(`${name}-identity`);
    if (geo.userAssignedIdentity === undefined && geo.identityName === undefined && !primaryNameFails && !IDENTITY_NAME.test(geoIdentityName(name))) {
        add("name", `"${name}" names the server's geo-backup identity "${geoIdentityName(name)}", which Azure refuses: an identity name is 3–128 letters, digits, hyphens and underscores; rename it, give customerManagedKeyGeo.identityName, or give customerManagedKeyGeo a userAssignedIdentity`);
    }
    const region = known<string>(args.location);
    const vaultRegion = known<string>(geo.key.keyVault.location);
    const regionProblem = region === undefined ? undefined : geoBackupRegionProblem(engine, region);
    if (regionProblem !== undefined) {
        add("geoRedundantBackup", regionProblem);
    } else if (region !== undefined && vaultRegion !== undefined) {
        const problem = geoKeyRegionProblem(engine)([vaultRegion, region]);
        if (problem !== undefined) add("customerManagedKeyGeo.key", problem);
    }
    if (engine === "PostgreSQL" && sameIdentity(geo.userAssignedIdentity, args.customerManagedKey?.userAssignedIdentity)) {
        add("customerManagedKeyGeo.userAssignedIdentity", SAME_IDENTITY);
    }
    // Microsoft's MySQL data-encryption requirements hold for every key the server uses: a Recoverable key, which takes 90 days of soft delete.
    const retention = geo.key.keyVault.softDeleteRetentionInDays;
    if (engine === "MySQL" && retention !== undefined && retention < 90) {
        add("customerManagedKeyGeo.key", `is a key of a vault that keeps deleted keys ${retention} days; MySQL takes its keys only from a vault that keeps them 90 (recovery level Recoverable), fixed when the vault is made`);
    }
    return issues;
}

/** What a server with geo-redundant backup sends Azure beyond its primary key: the geo key's URI and the identity that reaches it, granted first. */
export interface GeoBackupEncryption {
    identity: IdentityReference;
    /** The grant the server waits for, as it waits for the primary key's. */
    keyAccess: pulumi.Resource;
    keyUri: pulumi.Output<string>;
    /** The identity's id, held at deploy to PostgreSQL's rule that it is not the primary's. */
    identityId: pulumi.Input<string>;
}

/**
 * The geo-backup key's identity and grant (made as the primary key's are: `<name>-geo-backup-identity`,
 * placed in the geo key's vault's region, and `<name>-geo-backup-key-access`, with the primary's wait
 * unless its own is given), and its URI; undefined for a server without geo-redundant backup, which
 * gets nothing new. Values known only at deploy are held to validation's rules then.
 */
export function geoBackupEncryption(component: string, engine: Engine, name: string, args: FlexibleServerGeoArgs, primary: IdentityReference, resourceGroupName: pulumi.Input<string>, parent: pulumi.Resource, tags?: ResourceTags, protect?: boolean): GeoBackupEncryption | undefined {
    const geo = args.customerManagedKeyGeo;
    if (args.geoRedundantBackup !== "Enabled" || geo === undefined) return undefined;
    const paired = args.location === undefined ? undefined : pulumi.output(args.location).apply((l) => geoBackupRegion(engine, l) ?? l);
    // A vault region that resolves to none (an azure-native Vault's may) leaves the identity in the pair region, as one not given does.
    const vaultLocation = geo.key.keyVault.location;
    const location = vaultLocation === undefined ? paired : pulumi.all([vaultLocation, paired]).apply(([v, p]) => v ?? p);
    // Both stay in Azure when they leave the stack: PostgreSQL keeps the geo setting it was created with, so a server
    // may still read the geo key as this identity after its config turns geo backup off, and a server whose key
    // identity is deleted becomes Inaccessible (Microsoft's PostgreSQL data-encryption guide).
    // Protected as the server is (`protect`), and kept in Azure either way.
    const kept = geo.userAssignedIdentity ?? new ManagedIdentity(`${name}-geo-backup-identity`, { resourceGroupName, location, tags, ...(geo.identityName !== undefined ? { identityName: geo.identityName } : {}), ...(protect !== undefined ? { protect } : {}) }, { parent, retainOnDelete: true });
    const cmk = { ...geo, userAssignedIdentity: kept, rbacPropagationWait: geo.rbacPropagationWait ?? args.customerManagedKey.rbacPropagationWait };
    // Microsoft's PostgreSQL and MySQL data-encryption guides: get, list, wrapKey and unwrapKey (list on an access-policy vault).
    const { identity, keyAccess } = identityWithKeyAccess(`${name}-geo-backup`, cmk, resourceGroupName, location, parent, "cmkService", tags, { listKeysInAccessPolicy: true, keepGrant: true });
    const consumer = engine === "PostgreSQL" ? "postgresqlFlexibleServer" : "mysqlFlexibleServer";
    const inRegion = checkedAllOnResolve(component, "customerManagedKeyGeo.key", cmkKeyUrl(consumer, geo), [geo.key.keyVault.location, args.location], geoKeyRegionProblem(engine));
    const keyUri = checkedAllOnResolve(component, "geoRedundantBackup", inRegion, [args.location], ([region], [show = asGiven] = []) => geoBackupRegionProblem(engine, region, show));
    const identityId = engine === "PostgreSQL" && geo.userAssignedIdentity !== undefined
        ? checkedAllOnResolve(component, "customerManagedKeyGeo.userAssignedIdentity", pulumi.output(identity.id), [identity.id, primary.id], ([g, p]) => (g.toLowerCase() === p.toLowerCase() ? SAME_IDENTITY : undefined))
        : identity.id;
    return { identity, keyAccess, keyUri, identityId };
}

/**
 * The Azure names a PostgreSQL or MySQL flexible server derives from its resource name, for
 * renameIssues: the server's own, the identity it makes for its key and, with geo-redundant
 * backup, the one it makes for its geo-backup key.
 */
export function flexibleServerDerivedNames(args: { serverName?: unknown; customerManagedKey?: CustomerManagedKey; geoRedundantBackup?: GeoRedundantBackup; customerManagedKeyGeo?: CustomerManagedKey }): DerivedName[] {
    return [
        { field: "serverName", what: "server", given: args.serverName !== undefined, from: (n) => shownGeneratedName(hyphenatedPrefix(n), "-") },
        ...ownIdentityName(args.customerManagedKey),
        ...(args.geoRedundantBackup === "Enabled" ? ownIdentityName(args.customerManagedKeyGeo, "customerManagedKeyGeo", "-geo-backup-identity") : []),
    ];
}
