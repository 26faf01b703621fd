import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-synapse-workspace-enable-cmk-encryption",
    description: "A Synapse workspace without a customer-managed key keeps its SQL pools and metadata under Microsoft's keys alone; the second layer with the customer's key can be added only when the workspace is created.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Synapse workspaces should use customer-managed keys to encrypt data at rest\"", "Checkov CKV_AZURE_240"],
    resourceTypes: [T.synapseWorkspace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const key = read(props, "encryption", "cmk", "key", "name");
        if (key === UNKNOWN || (typeof key === "string" && key !== "")) return [];
        return ["The workspace encrypts with Microsoft-managed keys only; set encryption.cmk { key: { name, keyVaultUrl }, kekIdentity: { userAssignedIdentity } } when creating it."];
    },
};
