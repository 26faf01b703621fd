import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-machinelearningservices-workspace-enable-cmk-encryption",
    description: "A Machine Learning workspace on Microsoft-managed keys keeps its metadata, run history and compute disks under a key its owner cannot revoke; the customer's key can be given only when the workspace is created.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure Machine Learning workspaces should be encrypted with a customer-managed key\""],
    resourceTypes: [T.mlWorkspace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // A hub's project keeps its data in the hub's resources, under the hub's key (the Azure Policy leaves kind "project" out).
        const kind = read(props, "kind");
        if (kind === UNKNOWN || sameText(kind, "Project")) return [];
        const status = read(props, "encryption", "status");
        if (status === UNKNOWN || sameText(status, "Enabled")) return [];
        return ["The workspace encrypts with Microsoft-managed keys; set encryption { status: \"Enabled\", keyVaultProperties: { keyIdentifier, keyVaultArmId, identityClientId }, identity: { userAssignedIdentity } } when creating it."];
    },
};
