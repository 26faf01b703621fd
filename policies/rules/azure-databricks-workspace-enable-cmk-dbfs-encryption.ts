import { databricksTakesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-databricks-workspace-enable-cmk-dbfs-encryption",
    description: "A Premium Databricks workspace (Hybrid compute; a serverless one has no DBFS root of its own) whose DBFS root storage is on Microsoft-managed keys keeps the workspace's data under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Checkov CKV2_AZURE_48"],
    resourceTypes: [T.databricksWorkspace],
    parameters: {},
};

const FIX = "set parameters.prepareEncryption { value: true } and parameters.encryption { value: { keySource: \"Microsoft.Keyvault\", keyVaultUri, keyName, keyVersion } }.";

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        if (databricksTakesCmk(props) !== true) return [];
        const prepared = readBoolean(props, "parameters", "prepareEncryption", "value");
        const source = read(props, "parameters", "encryption", "value", "keySource");
        const uri = read(props, "parameters", "encryption", "value", "keyVaultUri");
        const key = read(props, "parameters", "encryption", "value", "keyName");
        if ([prepared, source, uri, key].includes(UNKNOWN)) return [];
        // The SDK sends keySource "Default", Microsoft-managed keys, when it is left out: the key source decides, not a key name.
        const customer = sameText(source, "Microsoft.Keyvault") && typeof uri === "string" && uri !== "" && typeof key === "string" && key !== "";
        if (!customer) return [`The workspace's DBFS root storage uses Microsoft-managed keys; ${FIX}`];
        // The storage account's managed identity, which reaches the key, exists only once the workspace is prepared for encryption.
        if (prepared !== true) return [`The workspace names a key for its DBFS root but is not prepared for encryption, so its storage account has no identity to reach the key; ${FIX}`];
        return [];
    },
};
