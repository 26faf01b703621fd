import { pairedRegion, regionName } from "./validation";

/** The flexible-server engines that keep geo-redundant backups, as messages name them. */
export type GeoBackupEngine = "PostgreSQL" | "MySQL";

/**
 * The regions where each engine keeps a server's geo-redundant backups: those its region table marks in
 * the "Geo-redundant backup" column, a narrower list than the regions with a pair. PostgreSQL's table is
 * MicrosoftDocs/azure-databases-docs articles/postgresql/flexible-server/includes/regions-table.md
 * (2025-11-18), MySQL's the "Azure regions" table of articles/mysql/flexible-server/overview.md (2026-01-05).
 */
const GEO_BACKUP_REGIONS: Record<GeoBackupEngine, readonly string[]> = {
    PostgreSQL: [
        "australiacentral", "australiaeast", "australiasoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chinaeast3", "chinanorth3",
        "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral", "japaneast", "japanwest", "jioindiacentral",
        "jioindiawest", "koreacentral", "koreasouth", "northcentralus", "northeurope", "norwayeast", "norwaywest", "southafricanorth", "southafricawest",
        "southcentralus", "southindia", "southeastasia", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest",
        "usgovvirginia", "westcentralus", "westeurope", "westus", "westus2",
    ],
    MySQL: [
        "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast", "centralindia", "centralus", "chinaeast2", "chinaeast3", "chinanorth2",
        "chinanorth3", "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral", "japaneast", "japanwest",
        "koreacentral", "koreasouth", "northcentralus", "northeurope", "norwayeast", "southafricanorth", "southafricawest", "southcentralus", "southindia",
        "southeastasia", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "usgovarizona", "usgovtexas", "westcentralus",
        "westeurope", "westus", "westus2", "westus3",
    ],
};

/**
 * Where a region's geo-redundant backups go when not to its pair in Microsoft's list (policies' table):
 * PostgreSQL's backup guide takes its pairs from Azure's cross-region replication page, which pairs Jio
 * India West and Jio India Central, and its region table offers geo-redundant backup in both.
 */
const GEO_BACKUP_PAIRS: Record<GeoBackupEngine, Readonly<Record<string, string>>> = {
    PostgreSQL: { jioindiawest: "jioindiacentral", jioindiacentral: "jioindiawest" },
    MySQL: {},
};

/**
 * Regions MySQL's table marks but no Microsoft document places the backups of (Chile Central and Malaysia
 * West have no pair): the geo key's vault must be where they go, so the server is not sent a guess.
 */
const GEO_BACKUP_UNPLACED: Record<GeoBackupEngine, readonly string[]> = { PostgreSQL: [], MySQL: ["chilecentral", "malaysiawest"] };

/** Each engine's region table as published, for messages. */
export const GEO_BACKUP_SOURCE: Record<GeoBackupEngine, string> = {
    PostgreSQL: "https://learn.microsoft.com/azure/postgresql/flexible-server/overview#azure-regions",
    MySQL: "https://learn.microsoft.com/azure/mysql/flexible-server/overview#azure-regions",
};

/** Whether `engine`'s table marks `location` but no Microsoft document says where its backups go. */
export function geoBackupRegionUnplaced(engine: GeoBackupEngine, location: string): boolean {
    return GEO_BACKUP_UNPLACED[engine].includes(regionName(location));
}

/** The region `engine` keeps the geo-redundant backups of a server in `location` in (its geo-paired region), or undefined where it keeps none. */
export function geoBackupRegion(engine: GeoBackupEngine, location: string): string | undefined {
    const region = regionName(location);
    if (!GEO_BACKUP_REGIONS[engine].includes(region)) return undefined;
    return Object.hasOwn(GEO_BACKUP_PAIRS[engine], region) ? GEO_BACKUP_PAIRS[engine][region] : pairedRegion(region);
}
