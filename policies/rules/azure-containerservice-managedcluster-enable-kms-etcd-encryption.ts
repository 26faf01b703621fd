import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-enable-kms-etcd-encryption",
    description: "Without the Key Vault KMS plugin an AKS cluster keeps its Kubernetes secrets in etcd under Microsoft's keys alone; with it they are also encrypted with the customer's key, which the owner can revoke.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy dbbdc317-9734-4dd8-9074-993b29c69008 \"Azure Kubernetes Clusters should enable Key Management Service (KMS)\" (looser: it reads enabled alone and so passes azureKeyVaultKms.enabled without a keyId, which is reported here; AKS refuses KMS turned on without a key)"],
    resourceTypes: [T.managedCluster],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const enabled = readBoolean(props, "securityProfile", "azureKeyVaultKms", "enabled");
        const keyId = read(props, "securityProfile", "azureKeyVaultKms", "keyId");
        if (enabled === UNKNOWN || keyId === UNKNOWN) return [];
        if (enabled === true && typeof keyId === "string" && keyId !== "") return [];
        return ["The cluster's secrets in etcd are not encrypted with the customer's key; set securityProfile.azureKeyVaultKms { enabled: true, keyId, keyVaultNetworkAccess }."];
    },
};
