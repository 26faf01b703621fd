import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-diskencryptionset-enable-key-rotation",
    description: "A disk encryption set must name a key version; without automatic rotation it keeps using that version after the key rotates, until it expires.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks rotationToLatestKeyVersionEnabled"],
    resourceTypes: [T.diskEncryptionSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = read(props, "rotationToLatestKeyVersionEnabled");
        return value === UNKNOWN || value === true ? [] : ["The disk encryption set does not follow key rotation; set rotationToLatestKeyVersionEnabled to true."];
    },
};
