/**
 * Each Azure region's paired region, where a service that replicates to "the paired region" keeps
 * its copy (a PostgreSQL or MySQL flexible server's geo-redundant backups among them). From
 * Microsoft's "Azure region pairs and nonpaired regions" (learn.microsoft.com/azure/reliability/
 * regions-paired, January 2025): a region listed on the left replicates to the one on the right.
 * Most pairs run both ways; West India, West US 3, Brazil South, Brazil Southeast and US Gov
 * Arizona are paired in one direction only. A nonpaired region (Israel Central, Italy North, ...)
 * has no entry.
 *
 * policies/lib/region-pairs.ts holds the same table: the pack imports none of our code and components
 * import no pack code (ARCHITECTURE.md), so a test keeps the two equal.
 */
export const PAIRED_REGION: Readonly<Record<string, string>> = {
    eastasia: "southeastasia",
    southeastasia: "eastasia",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    australiacentral: "australiacentral2",
    australiacentral2: "australiacentral",
    brazilsouth: "southcentralus",
    brazilsoutheast: "brazilsouth",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    chinanorth: "chinaeast",
    chinaeast: "chinanorth",
    chinanorth2: "chinaeast2",
    chinaeast2: "chinanorth2",
    chinanorth3: "chinaeast3",
    chinaeast3: "chinanorth3",
    northeurope: "westeurope",
    westeurope: "northeurope",
    francecentral: "francesouth",
    francesouth: "francecentral",
    germanywestcentral: "germanynorth",
    germanynorth: "germanywestcentral",
    centralindia: "southindia",
    southindia: "centralindia",
    westindia: "southindia",
    japaneast: "japanwest",
    japanwest: "japaneast",
    koreacentral: "koreasouth",
    koreasouth: "koreacentral",
    norwayeast: "norwaywest",
    norwaywest: "norwayeast",
    southafricanorth: "southafricawest",
    southafricawest: "southafricanorth",
    swedencentral: "swedensouth",
    swedensouth: "swedencentral",
    switzerlandnorth: "switzerlandwest",
    switzerlandwest: "switzerlandnorth",
    ukwest: "uksouth",
    uksouth: "ukwest",
    eastus: "westus",
    westus: "eastus",
    eastus2: "centralus",
    centralus: "eastus2",
    northcentralus: "southcentralus",
    southcentralus: "northcentralus",
    westus2: "westcentralus",
    westcentralus: "westus2",
    westus3: "eastus",
    uaenorth: "uaecentral",
    uaecentral: "uaenorth",
    usdodeast: "usdodcentral",
    usdodcentral: "usdodeast",
    usgovarizona: "usgovtexas",
    usgovvirginia: "usgovtexas",
    usgovtexas: "usgovvirginia",
};

/**
 * Regions Microsoft lists without a pair ("n/a" in learn.microsoft.com/azure/reliability/regions-list,
 * 2025-09-23), each with availability zones. Geo-redundant storage replicates to a region's pair alone, so
 * Azure refuses a GRS or GZRS account there (RedundancyConfigurationNotAvailableInRegion; "Regions
 * without a pair will not have geo-redundant storage", cross-region-replication-azure.md). A region
 * missing from both lists (one newer than them) is judged by neither.
 */
export const NONPAIRED_REGIONS: readonly string[] = [
    "austriaeast", "belgiumcentral", "chilecentral", "indonesiacentral", "israelcentral", "italynorth", "malaysiawest",
    "mexicocentral", "newzealandnorth", "polandcentral", "qatarcentral", "spaincentral",
];

/**
 * Regions Microsoft lists without availability zones (the same list, no checkmark in "Availability zone
 * support"). Zone-redundant storage spreads an account over a region's zones, so Azure refuses ZRS, GZRS and
 * their read-access and premium kinds there (RedundancyConfigurationNotAvailableInRegion, as seen for
 * westus: Esri/arcgis-gitops#160, Azure-Samples/microsoft-foundry-baseline#66).
 */
export const ZONELESS_REGIONS: readonly string[] = [
    "australiacentral", "australiacentral2", "australiasoutheast", "brazilsoutheast", "canadaeast", "francesouth", "germanynorth", "koreasouth",
    "northcentralus", "norwaywest", "southafricawest", "southindia", "switzerlandwest", "uaecentral", "ukwest", "westcentralus", "westindia", "westus",
];
