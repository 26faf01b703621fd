import { CLIENT_ID, CSEU, good, IDENTITY_ID, KEY_ID, KEY_URI, PRINCIPAL_ID, ruleNamed, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, VERSION, view, withField } from "../fixtures";
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

const SYSTEM_PRINCIPAL = "55555555-5555-4555-8555-555555555555";
const SYSTEM_IDENTITY = { type: "SystemAssigned", principalId: SYSTEM_PRINCIPAL, tenantId: "33333333-3333-3333-3333-333333333333" };
const CSEU_ROLE = ROLE("e147488a-f6f5-4113-8e2d-b22465e65bf6");

/** A vault and its key as outputs, for a service that names the key by URI. */
function vaultAndKey(): ResourceView[] {
    const vault = view(TYPES.vault, { id: VAULT_ID, name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { id: KEY_ID, name: "cmk", kty: "RSA-HSM", keySize: 3072, keyUri: KEY_URI, keyUriWithVersion: `${KEY_URI}/${VERSION}` }, { name: "cmk-key" });
    return [vault, key];
}

/**
 * Each CMK service that Azure lets wrap with its own system-assigned identity, as outputs after
 * deploy (ARM returns identity.principalId): the disk encryption set of azure-native's example, a
 * storage account set up after creation (Microsoft's "Configure customer-managed keys for an existing
 * storage account"), and the Batch, Azure Monitor, Cosmos DB (defaultIdentity SystemAssignedIdentity),
 * Synapse, Azure Backup, Data Explorer, Event Hubs and Service Bus customer-managed key guides.
 */
const SYSTEM_ASSIGNED: [string, string, Record<string, unknown>][] = [
    ["Disk encryption set", TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), identity: SYSTEM_IDENTITY }],
    ["Storage account", TYPES.storageAccount, { ...withField(good.storageAccount(), "encryption.encryptionIdentity", undefined), identity: SYSTEM_IDENTITY }],
    ["Batch account", TYPES.batchAccount, { ...good.batchAccount(), identity: SYSTEM_IDENTITY }],
    ["Log Analytics cluster", TYPES.logAnalyticsCluster, { ...good.logAnalyticsCluster(), identity: SYSTEM_IDENTITY }],
    ["Cosmos DB account", TYPES.cosmosAccount, { ...good.cosmosAccount(), defaultIdentity: "SystemAssignedIdentity", identity: SYSTEM_IDENTITY }],
    ["Synapse workspace", TYPES.synapseWorkspace, { ...withField(good.synapseWorkspace(), "encryption.cmk.kekIdentity", { useSystemAssignedIdentity: true }), identity: SYSTEM_IDENTITY }],
    ["Recovery Services vault", TYPES.recoveryServicesVault, { ...withField(good.recoveryServicesVault(), "properties.encryption.kekIdentity", { useSystemAssignedIdentity: true }), identity: SYSTEM_IDENTITY }],
    // An identityClientId names a user-assigned identity; without one the account or store wraps as its system-assigned one (Microsoft's Azure AI services
    // and App Configuration customer-managed key guides enable that identity; az appconfig update's --identity-client-id: "system-assigned if not specified").
    ["Azure AI services account", TYPES.cognitiveAccount, { ...withField(good.cognitiveAccount(), "properties.encryption.keyVaultProperties.identityClientId", undefined), identity: SYSTEM_IDENTITY }],
    ["App Configuration store", TYPES.appConfigurationStore, { ...withField(good.appConfigurationStore(), "encryption.keyVaultProperties.identityClientId", undefined), identity: SYSTEM_IDENTITY }],
    // Data Explorer's ARM guide names no userIdentity beside the cluster's system-assigned identity.
    ["Data Explorer cluster", TYPES.kustoCluster, { ...withField(good.kustoCluster(), "keyVaultProperties.userIdentity", undefined), identity: SYSTEM_IDENTITY }],
    // A key entry naming no userAssignedIdentity is reached as the namespace's system-assigned identity (Microsoft.EventHub and Microsoft.ServiceBus's KeyVaultProperties.identity).
    ["Event Hubs namespace", TYPES.eventHubNamespace, { ...good.eventHubNamespace(), encryption: { ...good.eventHubNamespace().encryption, keyVaultProperties: [{ keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk" }] }, identity: SYSTEM_IDENTITY }],
    // A SQL server without a primary user-assigned identity reaches its TDE protector as its system-assigned one (Microsoft's TDE with CMK overview), as a
    // data factory without encryption.identity does (Data Factory's CMK guide; a factory made with a key at creation needs a user-assigned one).
    ["SQL server", TYPES.sqlServer, { ...withField(good.sqlServer(), "primaryUserAssignedIdentityId", undefined), identity: SYSTEM_IDENTITY }],
    ["Data factory", TYPES.dataFactory, { ...withField(good.dataFactory(), "encryption.identity", undefined), identity: SYSTEM_IDENTITY }],
    // A Machine Learning workspace's managed identity is system-assigned by default (Microsoft's "Set up authentication between Azure Machine Learning and other services").
    ["Machine Learning workspace", TYPES.mlWorkspace, { ...withField(withField(good.mlWorkspace(), "encryption.identity", undefined), "primaryUserAssignedIdentity", undefined), identity: SYSTEM_IDENTITY }],
    ["Service Bus namespace", TYPES.serviceBusNamespace, { ...good.serviceBusNamespace(), encryption: { ...good.serviceBusNamespace().encryption, keyVaultProperties: [{ keyVaultUri: "https://kv-good.vault.azure.net/", keyName: "cmk" }] }, identity: SYSTEM_IDENTITY }],
];

describe("a CMK service on its system-assigned identity", () => {
    const missing = (service: string) => `${service} svc's system-assigned identity ${SYSTEM_PRINCIPAL} holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.`;
    const systemGrant = (principalId = SYSTEM_PRINCIPAL) => view("azure-native:authorization:RoleAssignment", { principalId, principalType: "ServicePrincipal", roleDefinitionId: CSEU_ROLE, scope: KEY_ID }, { name: "svc-grant" });

    test.each(SYSTEM_ASSIGNED)("reports a %s whose system-assigned identity holds no grant on its key, mandatory under sovereign", (service, type, props) => {
        expect(ruleNamed(RULE).metadata.levels.sovereign).toBe("mandatory");
        const svc = view(type, props, { name: "svc" });
        expect(stackMessages(RULE, [...vaultAndKey(), svc], {}, "sovereign")).toEqual([{ urn: svc.urn, message: missing(service) }]);
    });

    test.each(SYSTEM_ASSIGNED)("passes a %s whose system-assigned identity holds Key Vault Crypto Service Encryption User on its key", (_, type, props) => {
        expect(stackMessages(RULE, [...vaultAndKey(), view(type, props, { name: "svc" }), systemGrant()], {}, "sovereign")).toEqual([]);
    });

    test.each(SYSTEM_ASSIGNED)("reports a %s whose system-assigned identity holds its role at vault scope, as for a user-assigned one", (service, type, props) => {
        const vaultWide = view("azure-native:authorization:RoleAssignment", { principalId: SYSTEM_PRINCIPAL, principalType: "ServicePrincipal", roleDefinitionId: CSEU_ROLE, scope: VAULT_ID }, { name: "svc-grant" });
        expect(stackMessages(RULE, [...vaultAndKey(), view(type, props, { name: "svc" }), vaultWide])).toEqual([
            { urn: vaultWide.urn, message: `${service} svc's system-assigned identity ${SYSTEM_PRINCIPAL} holds Key Vault Crypto Service Encryption User at vault scope, wider than key kv-good/cmk; scope the assignment to the key's resource id.` },
        ]);
    });

    test.each(SYSTEM_ASSIGNED)("gives no verdict on a %s whose system-assigned identity's id is not known yet (a first preview)", (_, type, props) => {
        const svc = view(type, withField(props, "identity.principalId", UNKNOWN_STRING), { name: "svc" });
        // Its grant's principal comes from the service's output, so it is not known either.
        const pending = { ...systemGrant(UNKNOWN_STRING), propertyDependencies: { principalId: [svc.urn] } };
        expect(stackMessages(RULE, [...vaultAndKey(), svc, pending], {}, "sovereign")).toEqual([]);
        expect(stackMessages(RULE, [...vaultAndKey(), svc], {}, "sovereign")).toEqual([]);
        // Nor while its identity's type is not known.
        expect(stackMessages(RULE, [...vaultAndKey(), view(type, withField(props, "identity.type", UNKNOWN_STRING), { name: "svc" })], {}, "sovereign")).toEqual([]);
    });

    test("follows a TDE protector added later to a server on its system-assigned identity to that identity's grant", () => {
        const server = view(TYPES.sqlServer, { ...withField(withField(good.sqlServer(), "primaryUserAssignedIdentityId", undefined), "keyId", undefined), identity: SYSTEM_IDENTITY }, { name: "sql" });
        const serverKey = view(TYPES.sqlServerKey, good.sqlServerKey(), { name: "sql-key" });
        const found = stackMessages(RULE, [...vaultAndKey(), server, serverKey], {}, "sovereign");
        expect(found.map((v) => v.urn)).toEqual([serverKey.urn]);
        expect(found[0].message).toContain(`system-assigned identity ${SYSTEM_PRINCIPAL} holds no role or access policy with wrap and unwrap on key kv-good/cmk`);
        expect(stackMessages(RULE, [...vaultAndKey(), server, serverKey, systemGrant()], {}, "sovereign")).toEqual([]);
    });

    test.each(SYSTEM_ASSIGNED)("gives no verdict on a %s with neither a user-assigned nor a system-assigned identity", (_, type, props) => {
        expect(stackMessages(RULE, [...vaultAndKey(), view(type, withField(props, "identity", { type: "None" }), { name: "svc" })], {}, "sovereign")).toEqual([]);
    });

    test("judges the user-assigned identity a service names for its key, not its system-assigned one", () => {
        const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
        const both = { type: "SystemAssigned,UserAssigned", principalId: SYSTEM_PRINCIPAL, userAssignedIdentities: { [IDENTITY_ID]: {} } };
        const storage = view(TYPES.storageAccount, { ...good.storageAccount(), identity: both }, { name: "svc" });
        const des = view(TYPES.diskEncryptionSet, { ...good.diskEncryptionSet(), identity: both }, { name: "des" });
        expect(stackMessages(RULE, [...vaultAndKey(), identity, storage, des, systemGrant()]).map((v) => v.message)).toEqual([
            "Storage account svc's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
            "Disk encryption set des's identity id-cmk holds no role or access policy with wrap and unwrap on key kv-good/cmk; assign it Key Vault Crypto Service Encryption User scoped to that key.",
        ]);
        // A Synapse workspace or Recovery Services vault told to use its system-assigned identity does, whatever else it lists.
        const synapse = view(TYPES.synapseWorkspace, { ...withField(good.synapseWorkspace(), "encryption.cmk.kekIdentity.useSystemAssignedIdentity", true), identity: both }, { name: "svc" });
        expect(stackMessages(RULE, [...vaultAndKey(), identity, synapse]).map((v) => v.message)).toEqual([missing("Synapse workspace")]);
    });

    test("leaves a Cosmos DB account on its first-party identity (the default) alone: Cosmos DB's own principal is granted outside the stack", () => {
        for (const defaultIdentity of ["FirstPartyIdentity", undefined]) {
            const cosmos = view(TYPES.cosmosAccount, { ...withField(good.cosmosAccount(), "defaultIdentity", defaultIdentity), identity: SYSTEM_IDENTITY }, { name: "svc" });
            expect(stackMessages(RULE, [...vaultAndKey(), cosmos], {}, "sovereign")).toEqual([]);
        }
    });
});

describe("a service on a user-assigned identity of the same name as the stack's, in another resource group", () => {
    const CSEU = ROLE("e147488a-f6f5-4113-8e2d-b22465e65bf6");
    // Azure keeps an identity's name unique in its resource group only: rg-platform's id-cmk is another identity.
    const platformIdentity = IDENTITY_ID.replace("/resourceGroups/rg/", "/resourceGroups/rg-platform/");
    const stack = (serviceIdentity: string, identityId: unknown = IDENTITY_ID) => {
        const identity = view("azure-native:managedidentity:UserAssignedIdentity", { id: identityId, name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
        const grant = view("azure-native:authorization:RoleAssignment", { principalId: PRINCIPAL_ID, principalType: "ServicePrincipal", roleDefinitionId: CSEU, scope: KEY_ID }, { name: "grant" });
        let account = withField(good.storageAccount(), "encryption.encryptionIdentity.encryptionUserAssignedIdentity", serviceIdentity);
        account = withField(account, "identity", { type: "UserAssigned", userAssignedIdentities: { [serviceIdentity]: {} } });
        const storage = view(TYPES.storageAccount, account, { name: "st", dependencies: [grant.urn] });
        return { identity, grant, storage, all: [...vaultAndKey(), identity, grant, storage] };
    };

    test("is not judged by the stack's identity's grants: its own are outside the stack", () => {
        const s = stack(platformIdentity);
        expect(stackMessages(RULE, s.all.filter((r) => r !== s.grant))).toEqual([]);
    });

    test("is the stack's identity when the ids match, in any case, and until the stack's identity's id is known", () => {
        const own = stack(IDENTITY_ID.replace("/resourceGroups/", "/resourcegroups/"));
        expect(stackMessages(RULE, own.all.filter((r) => r !== own.grant)).map((v) => v.urn)).toEqual([own.storage.urn]);
        const firstPreview = stack(platformIdentity, UNKNOWN_STRING);
        expect(stackMessages(RULE, firstPreview.all.filter((r) => r !== firstPreview.grant)).map((v) => v.urn)).toEqual([firstPreview.storage.urn]);
    });
});

describe("a grant counts only where the vault's permission model reads it: an RBAC vault ignores access policies, an access-policy vault data-plane roles", () => {
    // "Setting Azure RBAC permission model invalidates all access policies permissions" (learn.microsoft.com/azure/key-vault/general/rbac-guide).
    function registryStack(vaultProps: { enableRbacAuthorization?: unknown; createMode?: string }, withRole: boolean, withPolicy: boolean) {
        let props: Record<string, unknown> = { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } };
        for (const [field, value] of Object.entries(vaultProps)) props = withField(props, `properties.${field}`, value);
        if (withPolicy) props = withField(props, "properties.accessPolicies", [{ tenantId: "33333333-3333-3333-3333-333333333333", objectId: PRINCIPAL_ID, permissions: { keys: ["get", "wrapKey", "unwrapKey"] } }]);
        const vault = view(TYPES.vault, props, { name: "kv-vault" });
        const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
        const role = grant("grant", CSEU, KEY_ID);
        const registry = view(TYPES.registry, good.registry(), { name: "acr-registry", dependencies: [identity.urn, ...(withRole ? [role.urn] : [])] });
        return { registry, all: [vault, identity, ...(withRole ? [role] : []), registry] };
    }

    test("the grant the model reads passes: a role on an RBAC vault, an access policy on an access-policy vault, both on one preparing its move to RBAC", () => {
        expect(stackMessages(RULE, registryStack({ enableRbacAuthorization: true }, true, false).all)).toEqual([]);
        expect(stackMessages(RULE, registryStack({ enableRbacAuthorization: false }, false, true).all)).toEqual([]);
        expect(stackMessages(RULE, registryStack({ enableRbacAuthorization: false }, true, true).all)).toEqual([]);
    });

    test("an RBAC vault's identity with an access policy alone is reported, the policy named as ignored", () => {
        const s = registryStack({ enableRbacAuthorization: true }, false, true);
        expect(stackMessages(RULE, s.all)).toEqual([{
            urn: s.registry.urn,
            message: "Container Registry acr-registry's identity id-cmk holds no role with wrap and unwrap on key kv-good/cmk (its access policy on vault kv-good is ignored: the vault authorizes through Azure RBAC alone); assign it Key Vault Crypto Service Encryption User scoped to that key.",
        }]);
    });

    test("an access-policy vault's identity with a role alone is reported, told to give it an access policy (left out, enableRbacAuthorization is false)", () => {
        for (const model of [{ enableRbacAuthorization: false }, { enableRbacAuthorization: undefined }]) {
            const s = registryStack(model, true, false);
            expect(stackMessages(RULE, s.all)).toEqual([{
                urn: s.registry.urn,
                message: "Container Registry acr-registry's identity id-cmk holds no access policy with get, wrapKey and unwrapKey on vault kv-good, which authorizes through access policies alone (its role assignment there is ignored); give it one, or move the vault to Azure RBAC and assign it Key Vault Crypto Service Encryption User scoped to key kv-good/cmk.",
            }]);
        }
    });

    test("either grant counts while the model is unknown, or the vault is recovered with the model it had", () => {
        for (const model of [{ enableRbacAuthorization: UNKNOWN_STRING }, { enableRbacAuthorization: true, createMode: "recover" }, { enableRbacAuthorization: false, createMode: "recover" }]) {
            expect(stackMessages(RULE, registryStack(model, true, false).all)).toEqual([]);
            expect(stackMessages(RULE, registryStack(model, false, true).all)).toEqual([]);
        }
    });
});
