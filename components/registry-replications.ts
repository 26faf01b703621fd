import { ResourceTags, TAG_LIMITS, validateTags } from "./tags";
import { ArgSpec, asGiven, noZonesIn, regionName, sameRegion, ShowValue, ValidationIssue, zonelessRegion } from "./validation";

/**
 * A region a Premium registry is copied to beyond its own, in Azure Verified Modules' words (its
 * registry module's `replications`). Every replica serves the registry's content encrypted with the
 * registry's one customer-managed key, reached as its one identity: a replication takes no key or
 * identity of its own (the `registries/replications` API has none).
 */
export interface ContainerRegistryReplication {
    /** Required. The region, by name (`northeurope`) or display name (`North Europe`), sent by its name; not the registry's own, where Azure keeps the registry's home replica itself. */
    location: string;
    /** Optional. 5–50 letters and digits, one replica's only. Defaults to the region's name (`northeurope`), as the Azure CLI names a replica. */
    name?: string;
    /**
     * Optional. Whether the replica is spread over the region's availability zones, fixed when it is
     * created. Azure makes a replica in a region with zones zone-redundant whatever this says (Microsoft's
     * Container Registry reliability guide, 2025), and refuses `Enabled` where the region has none (refused
     * here for a region Microsoft lists without).
     * Defaults to `Disabled`.
     */
    zoneRedundancy?: "Enabled" | "Disabled";
    /** Optional. Whether Azure routes the registry's requests to this replica; its content is synchronized either way (Microsoft's geo-replication guide: to take a region out of rotation while troubleshooting). Defaults to `true`. */
    regionEndpointEnabled?: boolean;
    /** Optional. Azure tags on the replica, merged over the registry's `tags`, this one's winning (names compared without case). Defaults to none beyond the registry's. */
    tags?: ResourceTags;
}

/** What a replica is sent when its entry leaves a setting out: azure-native's and Azure Verified Modules' own defaults, written out. */
export const ContainerRegistryReplicationDefaults = {
    zoneRedundancy: "Disabled",
    regionEndpointEnabled: true,
} as const;

/** How CmkContainerRegistry reads each replication: the region and name name the child, so they are plain values. */
export const REGISTRY_REPLICATION_ARGS = {
    location: "string",
    name: "string",
    zoneRedundancy: "string",
    regionEndpointEnabled: "boolean",
    tags: "tags",
} as const satisfies ArgSpec<ContainerRegistryReplication>;

/** A region as ARM takes it: its name or display name, not the portal's "(Europe) North Europe". */
const REGION = /^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/;

/** A replication's name, as ARM's `registries/replications` takes it. */
const REPLICA_NAME = /^[a-zA-Z0-9]{5,50}$/;

/** The replica's name in Azure: as given, else its region's name. */
export function replicaName(replication: ContainerRegistryReplication): string {
    return replication.name ?? regionName(replication.location);
}

/**
 * Why a replica cannot be in `location`, given the registry's region `home`: that region is the registry's
 * home replica, which Azure makes with the registry. A PUT there is taken as that replica (Azure does not
 * refuse it: azure-rest-api-specs issue 10233), which then fails to delete (HomeReplicationCannotBeDeleted).
 */
export function homeRegionProblem(location: string, home: string, show: ShowValue = asGiven): string | undefined {
    return sameRegion(location, home) ? `"${location}" is the registry's own location, ${show(home)}, where Azure keeps its home replica; list only the other regions` : undefined;
}

/**
 * Every rule the replications break, each at `replications[i]`: a region by name, not the registry's `home`
 * (when known now) and once only; a name Azure takes, once only and not the home replica's; a zone
 * redundancy Azure knows, and not `Enabled` in a region without availability zones; and Azure's tag limits on each replica, whose tags join the registry's `tags`.
 */
export function validateRegistryReplications(replications: readonly ContainerRegistryReplication[], home: string | undefined, tags: ResourceTags | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const regions = replications.map((r) => (REGION.test(r.location) ? regionName(r.location) : undefined));
    const names = replications.map((r) => replicaName(r).toLowerCase());
    replications.forEach((r, i) => {
        const at = `replications[${i}]`;
        const region = regions[i];
        const firstInRegion = regions.indexOf(region);
        const homeProblem = region === undefined || home === undefined ? undefined : homeRegionProblem(r.location, home);
        if (region === undefined) {
            add(`${at}.location`, `${JSON.stringify(r.location)} is not a region by name ("northeurope") or display name ("North Europe")`);
        } else if (homeProblem !== undefined) {
            add(`${at}.location`, homeProblem);
        } else if (firstInRegion < i) {
            add(`${at}.location`, `"${r.location}" is replications[${firstInRegion}]'s region too; a registry has one replica in a region`);
        }
        const named = nameIssue(r, i, names, home, firstInRegion === i);
        if (named !== undefined) issues.push(named);
        const zoneless = region === undefined ? undefined : zonelessRegion(region);
        if (r.zoneRedundancy !== undefined && r.zoneRedundancy !== "Enabled" && r.zoneRedundancy !== "Disabled") {
            add(`${at}.zoneRedundancy`, `"${String(r.zoneRedundancy)}" is not "Enabled" or "Disabled"`);
        } else if (r.zoneRedundancy === "Enabled" && zoneless !== undefined) {
            add(`${at}.zoneRedundancy`, `is "Enabled", but ${noZonesIn(zoneless)}, so Azure refuses a zone-redundant replica there; write "Disabled" or leave zoneRedundancy out (its default), or replicate to a region with zones`);
        }
        if (r.tags !== undefined) {
            issues.push(...validateTags(r.tags, { field: `${at}.tags` }));
            const count = Object.keys(replicaTags(tags, r.tags) ?? {}).length;
            if (count > TAG_LIMITS.perResource && Object.keys(r.tags).length <= TAG_LIMITS.perResource) {
                add(`${at}.tags`, `joins the registry's tags to make ${count}; an Azure resource takes at most ${TAG_LIMITS.perResource}, so give the replica fewer of its own`);
            }
        }
    });
    return issues;
}

/**
 * What is wrong with the name of `replications[i]`, whose region is `ownRegion` when no earlier entry has it: one
 * Azure does not take, the home replica's, or an earlier entry's. A default name of a location that is no region says
 * nothing the location's issue does not, nor does a second entry's in one region: its default name is the same too.
 */
function nameIssue(r: ContainerRegistryReplication, i: number, names: readonly string[], home: string | undefined, ownRegion: boolean): ValidationIssue | undefined {
    const at = `replications[${i}]`;
    const name = replicaName(r);
    const region = REGION.test(r.location);
    if (r.name === undefined && !region) return undefined;
    if (!REPLICA_NAME.test(name)) {
        return r.name === undefined
            ? { field: `${at}.location`, message: `"${r.location}" would name the replica "${name}", which Azure refuses (5–50 letters and digits); give its name` }
            : { field: `${at}.name`, message: `"${name}" is not a replica name: 5–50 letters and digits` };
    }
    if (r.name !== undefined && home !== undefined && name.toLowerCase() === regionName(home)) {
        return { field: `${at}.name`, message: `"${name}" is the name of the registry's home replica in ${home}, which Azure makes itself; name this one otherwise` };
    }
    const first = names.indexOf(name.toLowerCase());
    return first < i && (!region || ownRegion) ? { field: `${at}.name`, message: `"${name}" is replications[${first}]'s name too; each replica has its own` } : undefined;
}

/** A replica's tags: the registry's, but those the replica names itself (in any case), then the replica's own. */
export function replicaTags(registry: ResourceTags | undefined, own: ResourceTags | undefined): ResourceTags | undefined {
    if (own === undefined) return registry;
    const named = new Set(Object.keys(own).map((n) => n.toLowerCase()));
    return { ...Object.fromEntries(Object.entries(registry ?? {}).filter(([n]) => !named.has(n.toLowerCase()))), ...own };
}
