import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-database-enable-transparent-data-encryption",
    description: "A SQL database with transparent data encryption turned off is stored decrypted, whatever key its server's TDE protector names.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-4", "CIS Azure 4.1.2"],
    mirrors: ["Azure Policy \"Transparent Data Encryption on SQL databases should be enabled\" (17k78e20-9358-41c9-923c-fb736d382a12)", "Prowler sqlserver_tde_encryption_enabled", "Prowler sqlserver_tde_encrypted_with_cmk"],
    resourceTypes: [T.sqlTransparentDataEncryption],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // The 2014-04-01 API (azure-native:sql/v20140401:TransparentDataEncryption) names it status, later ones state; Azure Policy reads either.
        const field = read(props, "state") === undefined && read(props, "status") !== undefined ? "status" : "state";
        const state = read(props, field);
        const database = read(props, "databaseName");
        // As Azure Policy does: master's encryption is Azure's, not the owner's to turn off.
        if (state === UNKNOWN || database === UNKNOWN || (typeof database === "string" && sameText(database, "master"))) return [];
        if (typeof state === "string" && sameText(state, "Enabled")) return [];
        return [`Transparent data encryption is ${typeof state === "string" ? `"${state}"` : "not set"} on the database; set ${field} to "Enabled", or remove the TransparentDataEncryption resource (a new database has it on).`];
    },
};
