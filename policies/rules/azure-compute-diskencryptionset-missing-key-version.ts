import { parseKeyUri, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-compute-diskencryptionset-missing-key-version",
    description: "A disk encryption set takes its active key only as a versioned key URL (azure-rest-api-specs KeyForDiskEncryptionSet.keyUrl: the version segment is required whatever rotationToLatestKeyVersionEnabled says); Azure refuses a versionless one, so the set is never made.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set checks the form of a disk encryption set's key URL"],
    resourceTypes: [T.diskEncryptionSet],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const url = read(props, "activeKey", "keyUrl");
        if (url === UNKNOWN) return [];
        const key = parseKeyUri(url);
        if (key === undefined || key.version !== undefined) return [];
        return [`The disk encryption set's activeKey.keyUrl names no key version; set it to the key's versioned URL (…/keys/${key.key}/<version>, a Key's keyUriWithVersion) and rotationToLatestKeyVersionEnabled to true to follow rotation.`];
    },
};
