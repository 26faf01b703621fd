import { clusterUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-operationalinsights-cluster-enable-cmk-encryption",
    description: "A dedicated Log Analytics cluster on Microsoft-managed keys keeps the logs of every workspace linked to it, Key Vault's audit events among them, under a key its owner cannot revoke; double encryption adds an infrastructure layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Azure Monitor Logs clusters should be encrypted with customer-managed key\" (it also asks for a keyVersion; a versionless key, which follows rotation, passes here)",
        "Azure Policy \"Azure Monitor Logs clusters should be created with infrastructure-encryption enabled (double encryption)\" (under sovereign, or with requireDoubleEncryption; isDoubleEncryptionEnabled left out passes, as Azure defaults it to true)",
    ],
    resourceTypes: [T.logAnalyticsCluster],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Refuse isDoubleEncryptionEnabled false." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const messages: string[] = [];
        if (clusterUsesCmk(props) === false) {
            messages.push("The cluster encrypts with Microsoft-managed keys; set keyVaultProperties { keyVaultUri, keyName } and give the cluster's identity wrap and unwrap on that key.");
        }
        const double = readBoolean(props, "isDoubleEncryptionEnabled");
        // Left out, Azure turns it on (the API's default is true), so only an explicit false is reported.
        if (requireDoubleEncryption && double !== UNKNOWN && double !== undefined && double !== true) {
            messages.push("The cluster is not double-encrypted; set isDoubleEncryptionEnabled to true (or leave it out) when creating it.");
        }
        return messages;
    },
};
