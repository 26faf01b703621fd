import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowPinnedKeyVersion: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-disallow-versioned-key",
    description: "A storage account pinned to one key version never follows rotation, and loses access to its data when that version expires.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: no public rule set checks versionless CMK references"],
    resourceTypes: [T.storageAccount],
    parameters: {
        allowPinnedKeyVersion: { schema: { type: "boolean", description: "Allow encryption.keyVaultProperties.keyVersion (manual rotation)." }, defaults: everywhere(false) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowPinnedKeyVersion }) {
        const version = read(props, "encryption", "keyVaultProperties", "keyVersion");
        if (version === UNKNOWN || allowPinnedKeyVersion || typeof version !== "string" || version === "") return [];
        return [`The storage account pins key version ${version}; remove encryption.keyVaultProperties.keyVersion so the account follows rotation.`];
    },
};
