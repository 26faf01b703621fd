import { parseKeyUri, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowPinnedKeyVersion: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbforpostgresql-server-disallow-versioned-key",
    description: "A PostgreSQL flexible server pinned to one key version never follows rotation, and turns Inaccessible when that version expires.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks versionless CMK references"],
    resourceTypes: [T.postgresqlServer],
    parameters: {
        allowPinnedKeyVersion: { schema: { type: "boolean", description: "Allow a versioned key URI in dataEncryption (manual key version updates)." }, defaults: everywhere(false) },
    },
};

// Microsoft's PostgreSQL data-encryption guide: only a versionless URI gets automatic key version updates.
const KEY_PROPERTIES = ["primaryKeyURI", "geoBackupKeyURI"] as const;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowPinnedKeyVersion }) {
        if (allowPinnedKeyVersion) return [];
        return KEY_PROPERTIES.flatMap((property) => {
            const uri = read(props, "dataEncryption", property);
            const key = uri === UNKNOWN ? undefined : parseKeyUri(uri);
            return key?.version ? [`The server's dataEncryption.${property} pins key version ${key.version}; set it to the versionless key URI (…/keys/${key.key}) so the server follows rotation.`] : [];
        });
    },
};
