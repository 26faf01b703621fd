import { parseKeyUri, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowPinnedKeyVersion: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-encryptionscope-disallow-versioned-key",
    description: "An encryption scope pinned to one key version never follows rotation: it keeps that version after the key rotates, until the pin is changed by hand.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks versionless CMK references"],
    resourceTypes: [T.encryptionScope],
    parameters: {
        allowPinnedKeyVersion: { schema: { type: "boolean", description: "Allow a versioned keyVaultProperties.keyUri (manual rotation)." }, defaults: everywhere(false) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowPinnedKeyVersion }) {
        const uri = read(props, "keyVaultProperties", "keyUri");
        if (uri === UNKNOWN || allowPinnedKeyVersion) return [];
        const key = parseKeyUri(uri);
        return key?.version ? [`The encryption scope's key URI pins version ${key.version}; set keyVaultProperties.keyUri to the versionless key URI (…/keys/${key.key}) so the scope follows rotation.`] : [];
    },
};
