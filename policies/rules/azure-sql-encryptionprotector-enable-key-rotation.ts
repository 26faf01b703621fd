import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-encryptionprotector-enable-key-rotation",
    description: "A TDE protector names one key version; without automatic rotation the server keeps using it after the key rotates, until it expires and the databases go offline.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks the protector's autoRotationEnabled"],
    resourceTypes: [T.sqlEncryptionProtector],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const keyType = read(props, "serverKeyType");
        const rotation = readBoolean(props, "autoRotationEnabled");
        // A service-managed protector rotates with the service; the CMK rule reports it.
        if (keyType === UNKNOWN || rotation === UNKNOWN || !sameText(keyType, "AzureKeyVault") || rotation === true) return [];
        return ["The TDE protector does not follow key rotation; set autoRotationEnabled to true."];
    },
};
