import { lastSegment, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbforpostgresql-server-configure-geo-backup-identity",
    description: "A PostgreSQL flexible server reaches its geo-backup key with an identity other than its primary key's (Microsoft's PostgreSQL data-encryption guide: the same user-assigned identity can't be used for both key vaults): given one identity for both, Azure refuses the server.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set compares a PostgreSQL server's two data-encryption identities"],
    resourceTypes: [T.postgresqlServer],
    parameters: {},
};

/** An identity's ARM id as ARM compares it: any case, without a trailing slash. */
function armId(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value.toLowerCase().replace(/\/$/, "") : undefined;
}

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // read() gives UNKNOWN, not a string, for a value not known yet: no verdict then.
        const primary = armId(read(props, "dataEncryption", "primaryUserAssignedIdentityId"));
        const geo = armId(read(props, "dataEncryption", "geoBackupUserAssignedIdentityId"));
        if (primary === undefined || geo !== primary) return [];
        return [`The server's dataEncryption.geoBackupUserAssignedIdentityId is its primaryUserAssignedIdentityId (${lastSegment(primary) ?? primary}); PostgreSQL takes the geo-backup key only through an identity of its own, so set it to another user-assigned identity, made in the paired region, that holds Key Vault Crypto Service Encryption User on the geo-backup key.`];
    },
};
