import { geoBackupRegion } from "../../components/geo-backup-regions";
import { PAIRED_REGION } from "../../components/region-pairs";

// The regions each engine's region table marks in its "Geo-redundant backup" column: PostgreSQL's
// (azure-databases-docs articles/postgresql/flexible-server/includes/regions-table.md, 2025-11-18) and MySQL's
// (articles/mysql/flexible-server/overview.md, "Azure regions", 2026-01-05).
const POSTGRESQL = [
    "australiacentral", "australiaeast", "australiasoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chinaeast3", "chinanorth3",
    "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral", "japaneast", "japanwest", "jioindiacentral",
    "jioindiawest", "koreacentral", "koreasouth", "northcentralus", "northeurope", "norwayeast", "norwaywest", "southafricanorth", "southafricawest",
    "southcentralus", "southindia", "southeastasia", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest",
    "usgovvirginia", "westcentralus", "westeurope", "westus", "westus2",
];
const MYSQL = [
    "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast", "centralindia", "centralus", "chinaeast2", "chinaeast3", "chinanorth2",
    "chinanorth3", "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral", "japaneast", "japanwest",
    "koreacentral", "koreasouth", "northcentralus", "northeurope", "norwayeast", "southafricanorth", "southafricawest", "southcentralus", "southindia",
    "southeastasia", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "usgovarizona", "usgovtexas", "westcentralus",
    "westeurope", "westus", "westus2", "westus3",
];
// Every region either table lists or Microsoft's pairs name, and some neither does.
const REGIONS = [...new Set([...POSTGRESQL, ...MYSQL, ...Object.keys(PAIRED_REGION), "chilecentral", "malaysiawest", "italynorth", "polandcentral", "mexicocentral", "austriaeast"])];

describe("geoBackupRegion", () => {
    test.each([["PostgreSQL", POSTGRESQL], ["MySQL", MYSQL]] as const)("%s keeps geo-redundant backups for a server only in the regions its table marks", (engine, offered) => {
        expect(REGIONS.filter((r) => geoBackupRegion(engine, r) !== undefined).sort()).toEqual([...offered].sort());
    });

    test("PostgreSQL keeps none in westus3, brazilsouth, brazilsoutheast, australiacentral2, chinaeast2, chinanorth2, usgovarizona or usgovtexas, though each has a pair", () => {
        const unoffered = ["westus3", "brazilsouth", "brazilsoutheast", "australiacentral2", "chinaeast2", "chinanorth2", "usgovarizona", "usgovtexas"];
        expect(unoffered.map((r) => [r, PAIRED_REGION[r] !== undefined, geoBackupRegion("PostgreSQL", r)])).toEqual(unoffered.map((r) => [r, true, undefined]));
    });

    test("the backups go to the region's pair, Jio India West and Central to each other for PostgreSQL", () => {
        expect([
            geoBackupRegion("PostgreSQL", "westeurope"), geoBackupRegion("PostgreSQL", "australiacentral"), geoBackupRegion("PostgreSQL", "jioindiawest"), geoBackupRegion("PostgreSQL", "jioindiacentral"),
            geoBackupRegion("MySQL", "westus3"), geoBackupRegion("MySQL", "brazilsouth"), geoBackupRegion("MySQL", "usgovtexas"),
        ]).toEqual(["northeurope", "australiacentral2", "jioindiacentral", "jioindiawest", "eastus", "southcentralus", "usgovvirginia"]);
        for (const engine of ["PostgreSQL", "MySQL"] as const) {
            for (const r of engine === "PostgreSQL" ? POSTGRESQL : MYSQL) {
                if (!r.startsWith("jioindia")) expect([r, geoBackupRegion(engine, r)]).toEqual([r, PAIRED_REGION[r]]);
            }
        }
    });

    test("reads a region however ARM takes it", () => {
        expect([geoBackupRegion("PostgreSQL", "West Europe"), geoBackupRegion("MySQL", "West US 3"), geoBackupRegion("PostgreSQL", "West US 3")]).toEqual(["northeurope", "eastus", undefined]);
    });
});
