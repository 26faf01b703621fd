import { kmsPrivateVault, T } from "../lib/azure";
import { mayUseKmsDataEncryption } from "../lib/kms-data-encryption";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerservice-managedcluster-configure-kms-vault-network-access",
    description: "AKS's KMS plugin is not a trusted service a vault firewall lets through: over public access it cannot reach a closed vault, and etcd's secrets stop decrypting; a closed vault needs keyVaultNetworkAccess Private, naming that vault, on a cluster with API Server VNet Integration (KMS data encryption, kubernetesResourceObjectEncryptionProfile.infrastructureEncryption Enabled, needs no VNet integration: it reaches the vault through the trusted-services exception).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2", "MCSB v2 DP-5"],
    mirrors: ["None: scanners check that KMS is on, not whether the cluster can reach its key's vault"],
    resourceTypes: [T.managedCluster, T.vault],
    stackTrigger: T.managedCluster,
    parameters: {},
};

const KMS = ["securityProfile", "azureKeyVaultKms"] as const;

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const service of stack.services) {
            const { view, use } = service;
            if (view.type !== T.managedCluster || use.key === undefined) continue;
            const key = use.key === UNKNOWN ? undefined : use.key;
            // With its key unknown (a first preview), KMS may be off too: judged only when it is known to be on.
            if (key === undefined && readBoolean(view.props, ...KMS, "enabled") !== true) continue;
            const reaches = `AKS cluster ${view.name} reaches ${key ? `key ${key.vault}/${key.key}` : "its key"}`;
            const access = read(view.props, ...KMS, "keyVaultNetworkAccess");
            if (access === UNKNOWN) continue;
            if (sameText(access, "Private")) {
                const vaultId = read(view.props, ...KMS, "keyVaultResourceId");
                const named = kmsPrivateVault(view.props);
                if (key !== undefined && named !== UNKNOWN && named !== key.vault) {
                    violations.push({ urn: view.urn, message: `${reaches} through a private link, so securityProfile.azureKeyVaultKms.keyVaultResourceId must be the resource id of vault ${key.vault}${typeof vaultId === "string" && vaultId !== "" ? `, not ${vaultId}` : ""}.` });
                }
                // AKS's docs: the legacy KMS supports a private key vault only with API Server VNet Integration.
                const integrated = readBoolean(view.props, "apiServerAccessProfile", "enableVnetIntegration");
                if (integrated !== UNKNOWN && integrated !== true && !mayUseKmsDataEncryption(view.props)) {
                    violations.push({ urn: view.urn, message: `${reaches} through a private link, which KMS supports only with API Server VNet Integration; set apiServerAccessProfile.enableVnetIntegration to true.` });
                }
                continue;
            }
            // Public, or omitted (Azure's default), is the only other value.
            const found = stack.keyStoreOf(service);
            if (found === undefined || found.store.type !== T.vault) continue;
            const action = read(found.store.props, "properties", "networkAcls", "defaultAction");
            const publicAccess = read(found.store.props, "properties", "publicNetworkAccess");
            if (action === UNKNOWN || publicAccess === UNKNOWN) continue;
            if (sameText(action, "Deny") || sameText(publicAccess, "Disabled")) {
                // The legacy plugin is no trusted service; data encryption reaches a closed vault as one only with Private set.
                const why = mayUseKmsDataEncryption(view.props) ? ", which KMS data encryption reaches through the trusted-services exception only with Private access set" : " and its trusted-services bypass does not admit AKS";
                violations.push({ urn: view.urn, message: `${reaches} over public access, but vault ${found.label} is closed to public networks${why}; set securityProfile.azureKeyVaultKms.keyVaultNetworkAccess to "Private" and keyVaultResourceId to the vault's resource id.` });
            }
        }
        return violations;
    },
};
