import type { Input } from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import type { SystemNodePool, UserNodePool } from "./cmk-kubernetes-cluster";
import { ArgSpec, isRecord, listShapeIssues, noZonesIn, shapeIssues, ValidationIssue, zonelessRegion } from "./validation";

export const SYSTEM_NODE_POOL_ARGS = { vmSize: "string", count: "number", availabilityZones: "strings" } as const satisfies ArgSpec<SystemNodePool>;
const USER_NODE_POOL_ARGS = { ...SYSTEM_NODE_POOL_ARGS, name: "string" } as const satisfies ArgSpec<UserNodePool>;

/** The shape of the system and user pools from an untyped caller: each pool's fields, of their types, a user pool's name given, and no others. */
export function nodePoolShapeIssues(systemNodePool: unknown, userNodePools: unknown): ValidationIssue[] {
    const issues = isRecord(systemNodePool) ? shapeIssues(systemNodePool, SYSTEM_NODE_POOL_ARGS, "systemNodePool", { closed: true }) : [];
    issues.push(...listShapeIssues(userNodePools, USER_NODE_POOL_ARGS, "userNodePools", { required: { name: "1–12 lowercase letters and digits, starting with a letter" }, closed: true }));
    return issues;
}

/**
 * Every rule the system pool and the user pools break: each pool's size, count and zones (none in a
 * `location` without availability zones, where it is known now), and user pools' names, unique and not `system`.
 */
export function nodePoolsIssues(systemNodePool: SystemNodePool | undefined, userNodePools: UserNodePool[] | undefined, location?: unknown): ValidationIssue[] {
    const zoneless = zonelessRegion(location);
    const issues = nodePoolIssues("systemNodePool", systemNodePool, 1, zoneless);
    const poolNames = new Set<string>();
    (userNodePools ?? []).forEach((p, i) => {
        const field = `userNodePools[${i}]`;
        if (typeof p.name !== "string" || !/^[a-z][a-z0-9]{0,11}$/.test(p.name)) {
            issues.push({ field: `${field}.name`, message: `"${String(p.name)}" is not a node pool name: 1–12 lowercase letters and digits, starting with a letter` });
        } else if (p.name === "system" || poolNames.has(p.name)) {
            issues.push({ field: `${field}.name`, message: `"${p.name}" is taken${p.name === "system" ? " by the system pool" : " by another pool"}; give each pool its own name` });
        }
        poolNames.add(String(p.name));
        issues.push(...nodePoolIssues(field, p, 0, zoneless));
    });
    return issues;
}

/** The rules a system or user pool's size, count and zones break; a user pool may be scaled to zero, a system pool never, and no pool has zones in a `zoneless` region. */
function nodePoolIssues(field: string, pool: SystemNodePool | undefined, minCount: 0 | 1, zoneless: string | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    if (pool?.count !== undefined && (!Number.isInteger(pool.count) || pool.count < minCount || pool.count > 1000)) {
        issues.push({ field: `${field}.count`, message: `${pool.count} is outside ${minCount}–1000${minCount === 1 ? " (a system pool keeps at least one node for AKS's own pods)" : ""}` });
    }
    if (pool?.vmSize !== undefined && !/^Standard_[A-Za-z0-9_]+$/.test(pool.vmSize)) {
        issues.push({ field: `${field}.vmSize`, message: `"${pool.vmSize}" is not a VM size such as Standard_D4ds_v5` });
    }
    pool?.availabilityZones?.forEach((z, i) => {
        const first = pool.availabilityZones?.indexOf(z) ?? i;
        if (!["1", "2", "3"].includes(z)) {
            issues.push({ field: `${field}.availabilityZones[${i}]`, message: `"${z}" is not an availability zone ("1", "2" or "3")` });
        } else if (first !== i) {
            issues.push({ field: `${field}.availabilityZones[${i}]`, message: `"${z}" is listed already at availabilityZones[${first}]; name each zone once, e.g. ["1", "2", "3"]` });
        }
    });
    // [] is sent as no zones (agentPoolProfiles), which such a region takes.
    if (zoneless !== undefined && (pool?.availabilityZones?.length ?? 0) > 0) {
        const zones = (pool?.availabilityZones ?? []).map((z) => JSON.stringify(z)).join(", ");
        issues.push({ field: `${field}.availabilityZones`, message: `lists ${zones}, but ${noZonesIn(zoneless)}, so AKS refuses them there (AvailabilityZoneNotSupported); write [] or leave availabilityZones out, or place the cluster in a region with zones` });
    }
    return issues;
}

/**
 * The warning for pools with no availabilityZones written, or undefined when every pool writes them
 * (`[]` included, a choice made on purpose) or `location` is known to have no zones to write. Not refused,
 * and no zones are assumed: AKS fixes a pool's zones when the pool is created, so a default of zones would
 * be refused on every pool deployed without them (MicrosoftDocs/azure-aks-docs articles/aks/availability-zones-overview.md).
 */
export function unzonedPoolsWarning(systemNodePool: SystemNodePool | undefined, userNodePools: UserNodePool[] | undefined, location?: unknown): string | undefined {
    if (zonelessRegion(location) !== undefined) return undefined;
    const unzoned = [
        ...(systemNodePool?.availabilityZones === undefined ? ["systemNodePool"] : []),
        ...(userNodePools ?? []).flatMap((p, i) => (p.availabilityZones === undefined ? [`userNodePools[${i}] ("${p.name}")`] : [])),
    ];
    if (unzoned.length === 0) return undefined;
    const [pools, have, their] = unzoned.length === 1 ? [unzoned[0], "has", "its"] : [`${unzoned.slice(0, -1).join(", ")} and ${unzoned[unzoned.length - 1]}`, "have", "their"];
    return `${pools} ${have} no availabilityZones written, so ${their} nodes are in no particular zone: AKS fixes a pool's zones when the pool is created and cannot change them after. ` +
        `Write availabilityZones: ["1", "2", "3"] before the pool's first deploy, as AKS recommends for production, ` +
        `or [] to keep it without zones on purpose (a region without availability zones, or a pool already deployed without them)`;
}

/**
 * The agent pool profiles AKS is sent, the system pool first: every pool's nodes on managed OS
 * disks (an ephemeral one must be scaled to zero to follow a key rotation), encrypted at host, in
 * the node subnet, sized as given or as `defaults`.
 */
export function agentPoolProfiles(systemNodePool: SystemNodePool | undefined, userNodePools: UserNodePool[] | undefined, nodeSubnetId: Input<string>, defaults: { vmSize: string; count: number }) {
    const nodes = (poolName: string, mode: containerservice.AgentPoolMode, pool: SystemNodePool | undefined) => ({
        name: poolName,
        mode,
        osType: containerservice.OSType.Linux,
        osDiskType: containerservice.OSDiskType.Managed,
        vmSize: pool?.vmSize ?? defaults.vmSize,
        count: pool?.count ?? defaults.count,
        // [] is sent as none, as a pool deployed without zones was: writing it changes nothing in Azure.
        availabilityZones: pool?.availabilityZones?.length ? pool.availabilityZones : undefined,
        enableEncryptionAtHost: true,
        vnetSubnetID: nodeSubnetId,
    });
    return [
        nodes("system", containerservice.AgentPoolMode.System, systemNodePool),
        ...(userNodePools ?? []).map((p) => nodes(p.name, containerservice.AgentPoolMode.User, p)),
    ];
}
