import { clusterUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-kusto-cluster-enable-cmk-encryption",
    description: "A Data Explorer cluster on Microsoft-managed keys keeps its databases under a key its owner cannot revoke; double encryption adds an infrastructure layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Azure Data Explorer encryption at rest should use a customer-managed key\" (it also asks for a keyVersion; a versionless key, which follows rotation, passes here)",
        "Checkov CKV2_AZURE_11",
        "Azure Policy \"Double encryption should be enabled on Azure Data Explorer\" (under sovereign, or with requireDoubleEncryption)",
        "Checkov CKV_AZURE_75 (under sovereign, or with requireDoubleEncryption)",
    ],
    resourceTypes: [T.kustoCluster],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require enableDoubleEncryption." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const messages: string[] = [];
        if (clusterUsesCmk(props) === false) {
            messages.push("The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName, userIdentity }.");
        }
        const double = readBoolean(props, "enableDoubleEncryption");
        // Left out, the cluster is created without double encryption (the API's and the SDK's default is false), and it cannot be added later.
        if (requireDoubleEncryption && double !== UNKNOWN && double !== true) {
            messages.push("The cluster is not double-encrypted; set enableDoubleEncryption to true when creating it.");
        }
        return messages;
    },
};
