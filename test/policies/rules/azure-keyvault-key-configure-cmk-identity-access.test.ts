import { CLIENT_ID, good, KEY_URI, PRINCIPAL_ID, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, view, withField } from "../fixtures";
import { ResourceView } from "../../../policies/lib/rule";

const RULE = "azure-keyvault-key-configure-cmk-identity-access";
const ROLE = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const KEY_VAULT_CONTRIBUTOR = ROLE("f25e0fa2-a7c8-4377-a976-54943a77a395");
const CRYPTO_USER = ROLE("12338af0-0e69-4776-bea7-57ae8d297424");
const KMS = "securityProfile.azureKeyVaultKms";
const INFRASTRUCTURE_ENCRYPTION = "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption";

function grant(name: string, role: string, scope: string): ResourceView {
    return view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: role, scope }, { name });
}

/**
 * An AKS cluster with KMS over keyVaultNetworkAccess Private on an RBAC vault, as outputs, its
 * user-assigned identity given Key Vault Crypto User on the key and Key Vault Contributor on the
 * vault: the legacy plugin (a versioned key id) when `infrastructureEncryption` is left out, KMS data
 * encryption (a versionless one, MicrosoftDocs/azure-aks-docs articles/aks/kms-data-encryption.md,
 * pivot cmk-private) when it is Enabled.
 */
function privateKmsStack(infrastructureEncryption?: string) {
    const vault = view(TYPES.vault, { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const cryptoUser = grant("aks-crypto-user", CRYPTO_USER, `${VAULT_ID}/keys/cmk`);
    const contributor = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, VAULT_ID);
    let props = good.managedCluster();
    if (infrastructureEncryption !== undefined) props = withField(withField(props, INFRASTRUCTURE_ENCRYPTION, infrastructureEncryption), `${KMS}.keyId`, KEY_URI);
    const cluster = view(TYPES.managedCluster, props, { name: "aks", dependencies: [cryptoUser.urn, contributor.urn] });
    return { contributor, cluster, all: [vault, identity, cryptoUser, contributor, cluster] };
}

describe("Key Vault Contributor on the vault an AKS cluster's KMS reaches with keyVaultNetworkAccess Private", () => {
    test.each([["the legacy plugin", undefined], ["KMS data encryption", "Enabled"], ["a cluster not known yet to be on either", UNKNOWN_STRING]])("passes %s with the role on the key's vault", (_, setting) => {
        expect(stackMessages(RULE, privateKmsStack(setting).all)).toEqual([]);
    });

    test("reports the legacy plugin without the role, which AKS needs to create its private link as the cluster's identity", () => {
        const s = privateKmsStack();
        expect(stackMessages(RULE, s.all.filter((r) => r !== s.contributor))).toEqual([
            { urn: s.cluster.urn, message: "AKS cluster aks's identity id-cmk must create the private link from the cluster to vault kv-good for KMS, and holds no Key Vault Contributor role there; assign it Key Vault Contributor scoped to vault kv-good." },
        ]);
    });

    test("reports KMS data encryption without the role, saying it is for key management, not a private link", () => {
        const s = privateKmsStack("Enabled");
        expect(stackMessages(RULE, s.all.filter((r) => r !== s.contributor))).toEqual([
            { urn: s.cluster.urn, message: "AKS cluster aks's identity id-cmk holds no Key Vault Contributor role on vault kv-good, which Microsoft's KMS data encryption guide grants it there for key management; assign it Key Vault Contributor scoped to vault kv-good." },
        ]);
    });

    test("reports a cluster not known yet to be on either without the role, naming what each needs it for", () => {
        const s = privateKmsStack(UNKNOWN_STRING);
        expect(stackMessages(RULE, s.all.filter((r) => r !== s.contributor))).toEqual([
            { urn: s.cluster.urn, message: "AKS cluster aks's identity id-cmk holds no Key Vault Contributor role on vault kv-good, which its KMS needs there either way: the legacy plugin to create its private link to the vault, KMS data encryption for key management (Microsoft's KMS data encryption guide); assign it Key Vault Contributor scoped to vault kv-good." },
        ]);
    });
});
