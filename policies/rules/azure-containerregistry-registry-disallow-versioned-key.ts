import { parseKeyUri, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowPinnedKeyVersion: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disallow-versioned-key",
    description: "A registry pinned to one key version never follows rotation, and is locked out of its images when that version expires.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks versionless CMK references"],
    resourceTypes: [T.registry],
    parameters: {
        allowPinnedKeyVersion: { schema: { type: "boolean", description: "Allow a versioned key identifier (manual rotation)." }, defaults: everywhere(false) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowPinnedKeyVersion }) {
        const identifier = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
        if (identifier === UNKNOWN || allowPinnedKeyVersion) return [];
        const key = parseKeyUri(identifier);
        return key?.version ? [`The registry's key identifier pins version ${key.version}; set encryption.keyVaultProperties.keyIdentifier to the versionless key URI (…/keys/${key.key}) so the registry follows rotation.`] : [];
    },
};
