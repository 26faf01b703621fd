import { databricksTakesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-databricks-workspace-enable-cmk-disk-encryption",
    description: "A Premium Databricks workspace (Hybrid compute; a serverless one has no managed disks) whose managed disks are on Microsoft-managed keys keeps its clusters' data under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Prowler databricks_workspace_cmk_encryption_enabled (stricter: it fails a workspace that is not Premium, has no SKU or is serverless, none of which takes a customer-managed key)"],
    resourceTypes: [T.databricksWorkspace],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        if (databricksTakesCmk(props) !== true) return [];
        const source = read(props, "encryption", "entities", "managedDisk", "keySource");
        const uri = read(props, "encryption", "entities", "managedDisk", "keyVaultProperties", "keyVaultUri");
        if (source === UNKNOWN || uri === UNKNOWN) return [];
        if (sameText(source, "Microsoft.Keyvault") && typeof uri === "string" && uri !== "") return [];
        return ["The workspace's managed disks use Microsoft-managed keys; set encryption.entities.managedDisk { keySource: \"Microsoft.Keyvault\", keyVaultProperties: { keyVaultUri, keyName, keyVersion }, rotationToLatestKeyVersionEnabled: true }."];
    },
};
