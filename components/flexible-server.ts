import { NAME_SUFFIX_LENGTH } from "./naming";
import { PrivateLinkTargetName, serverNameForEndpoints } from "./private-endpoint";
import { ArgSpec, isRecord, shapeIssues, ValidationIssue } from "./validation";

/** What the PostgreSQL and MySQL flexible servers share: Azure's name rule and compute sizes. */
const SERVER_NAME = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
const SKU_TIERS: Record<string, "Burstable" | "GeneralPurpose" | "MemoryOptimized"> = { B: "Burstable", D: "GeneralPurpose", E: "MemoryOptimized" };

export type FlexibleServerTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

const SKU_ARGS = { name: "string", tier: "string" } as const satisfies ArgSpec<{ name: string; tier: FlexibleServerTier }>;

/** Names Azure Verified Modules give a flexible server's arguments, and ours: a compute size and its tier are one `sku` here. */
export const FLEXIBLE_SERVER_RENAMED = { name: "serverName", skuName: "sku", tier: "sku" };

/** The shape of a flexible server's `sku` from an untyped caller: both its name and tier, as plain strings. */
export function flexibleServerSkuShapeIssues(sku: unknown): ValidationIssue[] {
    return isRecord(sku) ? shapeIssues(sku, SKU_ARGS, "sku", { required: { name: "a compute size such as Standard_D2ds_v5", tier: "\"Burstable\", \"GeneralPurpose\" or \"MemoryOptimized\"" }, closed: true }) : [];
}

/** The lowercase prefix a generated server name starts with, from the resource's name. */
export function flexibleServerPrefix(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9-]/g, "").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
}

/** Whether a generated server name's prefix fits: one character is enough, since "a-<6 random>" already has Azure's three. */
function prefixFits(prefix: string): boolean {
    return prefix.length >= 1 && prefix.length <= 63 - 1 - NAME_SUFFIX_LENGTH;
}

/** The server's name for its private endpoints' default names, once it is valid (an invalid one is reported on its own). */
export function flexibleServerEndpointTarget(name: string, serverName: string | undefined): PrivateLinkTargetName | undefined {
    const prefix = flexibleServerPrefix(name);
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
        const prefix = flexibleServerPrefix(name);
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
        if (tier === undefined) {
            add("sku.name", `"${String(sku.name)}" is not a flexible server compute size (Standard_B…, Standard_D… or Standard_E…, such as ${example})`);
        } else if (tier !== sku.tier) {
            add("sku.tier", `is "${sku.tier}", but ${sku.name} is a ${tier} size; set tier "${tier}" or a size of the ${sku.tier} series`);
        }
    }
    return issues;
}
