import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-batch-account-enable-cmk-encryption",
    description: "A Batch account on Microsoft-managed keys keeps its job and task data, environment settings included, under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Batch account should use customer-managed keys to encrypt data\""],
    resourceTypes: [T.batchAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const source = read(props, "encryption", "keySource");
        const key = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
        if (source === UNKNOWN || key === UNKNOWN) return [];
        if (sameText(source, "Microsoft.KeyVault") && typeof key === "string" && key !== "") return [];
        return ["The account encrypts with Microsoft-managed keys; set encryption { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyIdentifier } }."];
    },
};
