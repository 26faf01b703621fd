import { namespacePinnedVersions, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = { allowPinnedKeyVersion: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-servicebus-namespace-disallow-versioned-key",
    description: "A Service Bus namespace pinned to one key version never follows rotation: it keeps that version after the key rotates, until the pin is changed by hand.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks versionless CMK references"],
    resourceTypes: [T.serviceBusNamespace],
    parameters: {
        allowPinnedKeyVersion: { schema: { type: "boolean", description: "Allow encryption.keyVaultProperties[].keyVersion (manual rotation)." }, defaults: everywhere(false) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowPinnedKeyVersion }) {
        if (allowPinnedKeyVersion) return [];
        return namespacePinnedVersions(props).map(({ index, version }) => `The namespace pins key version ${version}; remove encryption.keyVaultProperties[${index}].keyVersion so the namespace follows rotation.`);
    },
};
