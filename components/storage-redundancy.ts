import { NONPAIRED_REGIONS } from "./region-pairs";
import { regionHasNoZones, regionName } from "./validation";

/** The storage SKUs that keep a copy in the region's pair. */
const GEO_REDUNDANT_SKUS: readonly string[] = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

/** The storage SKUs that spread an account over the region's availability zones. */
const ZONE_REDUNDANT_SKUS: readonly string[] = ["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_ZRS"];

/**
 * What a storage SKU needs that a region lacks, for Azure refuses the account there
 * (RedundancyConfigurationNotAvailableInRegion): its pair, or its availability zones; undefined when
 * the region has both, or is on neither of Microsoft's lists.
 */
export function storageRedundancyMissing(sku: string, location: string): "pair" | "zones" | undefined {
    const region = regionName(location);
    if (GEO_REDUNDANT_SKUS.includes(sku) && NONPAIRED_REGIONS.includes(region)) return "pair";
    if (ZONE_REDUNDANT_SKUS.includes(sku) && regionHasNoZones(region)) return "zones";
    return undefined;
}
