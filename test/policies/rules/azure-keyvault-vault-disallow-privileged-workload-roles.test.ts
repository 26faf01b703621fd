import { CLIENT_ID, good, KEY_URI, PRINCIPAL_ID, ruleNamed, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, view, withField } from "../fixtures";
import { ResourceView } from "../../../policies/lib/rule";

const RULE = "azure-keyvault-vault-disallow-privileged-workload-roles";
const ROLE = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const KEY_VAULT_CONTRIBUTOR = ROLE("f25e0fa2-a7c8-4377-a976-54943a77a395");
const CRYPTO_USER = ROLE("12338af0-0e69-4776-bea7-57ae8d297424");
const CONTRIBUTOR = ROLE("b24988ac-6180-42a0-ab88-20f7382dd24c");
const OTHER_VAULT_ID = VAULT_ID.replace(/kv-good$/, "kv-other");
const KMS = "securityProfile.azureKeyVaultKms";
const INFRASTRUCTURE_ENCRYPTION = "securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption";

function grant(name: string, role: string, scope: string, principalId = PRINCIPAL_ID): ResourceView {
    return view("azure-native:authorization:RoleAssignment", { principalId, principalType: "ServicePrincipal", roleDefinitionId: role, scope }, { name });
}

/**
 * Microsoft's KMS data encryption guide (MicrosoftDocs/azure-aks-docs articles/aks/kms-data-encryption.md,
 * pivots cmk-public and cmk-private), as outputs: an RBAC vault, the cluster's user-assigned identity
 * given Key Vault Crypto User and Key Vault Contributor on the vault, and a cluster with
 * infrastructureEncryption Enabled, a versionless key id and the vault's resource id.
 */
function guideStack(networkAccess: "Public" | "Private") {
    const vault = view(TYPES.vault, { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const cryptoUser = grant("aks-crypto-user", CRYPTO_USER, VAULT_ID);
    const contributor = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, VAULT_ID);
    let props = withField(withField(good.managedCluster(), `${KMS}.keyId`, KEY_URI), "apiServerAccessProfile", undefined);
    props = withField(withField(props, `${KMS}.keyVaultNetworkAccess`, networkAccess), INFRASTRUCTURE_ENCRYPTION, "Enabled");
    const cluster = view(TYPES.managedCluster, props, { name: "aks", dependencies: [cryptoUser.urn, contributor.urn] });
    return { vault, identity, cryptoUser, contributor, cluster, all: [vault, identity, cryptoUser, contributor, cluster] };
}

function replace(all: ResourceView[], from: ResourceView, to: ResourceView): ResourceView[] {
    return all.map((r) => (r === from ? to : r));
}

function withClusterField(s: ReturnType<typeof guideStack>, path: string, value: unknown): ResourceView[] {
    return replace(s.all, s.cluster, { ...s.cluster, props: withField(s.cluster.props, path, value) });
}

describe("AKS's KMS data encryption: Key Vault Contributor for the cluster's identity on its key's vault", () => {
    test.each(["Public", "Private"] as const)("passes Microsoft's guide with keyVaultNetworkAccess %s, which a mandatory rule must not block", (access) => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "mandatory", mcsb: "mandatory", sovereign: "mandatory" });
        expect(stackMessages(RULE, guideStack(access).all)).toEqual([]);
    });

    test("passes while infrastructureEncryption is not known yet, when the cluster may be on it", () => {
        const s = guideStack("Public");
        expect(stackMessages(RULE, withClusterField(s, INFRASTRUCTURE_ENCRYPTION, UNKNOWN_STRING))).toEqual([]);
    });

    test("passes a key whose id is not known yet, on the vault keyVaultResourceId names", () => {
        const s = guideStack("Public");
        expect(stackMessages(RULE, withClusterField(s, `${KMS}.keyId`, UNKNOWN_STRING))).toEqual([]);
    });

    test.each(["Public", "Private"] as const)("passes with %s access while neither the key's id nor keyVaultResourceId is known, when the grant's principal and scope are", (access) => {
        const s = guideStack(access);
        const unknown = { ...s.cluster, props: withField(withField(s.cluster.props, `${KMS}.keyId`, UNKNOWN_STRING), `${KMS}.keyVaultResourceId`, UNKNOWN_STRING) };
        expect(stackMessages(RULE, replace(s.all, s.cluster, unknown))).toEqual([]);
    });

    test("reports the role on another vault than the key's", () => {
        const s = guideStack("Public");
        const elsewhere = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, OTHER_VAULT_ID);
        expect(stackMessages(RULE, replace(s.all, s.contributor, elsewhere))).toEqual([
            { urn: elsewhere.urn, message: `Principal ${PRINCIPAL_ID} gets Key Vault Contributor at vault kv-other scope; grant Key Vault Crypto User on key kv-good/cmk, which it uses for AKS cluster aks, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.` },
        ]);
    });

    test("reports a wider scope or a broader role than the guide's", () => {
        const s = guideStack("Public");
        const group = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg");
        expect(stackMessages(RULE, replace(s.all, s.contributor, group)).map((v) => v.message)).toEqual([
            `Principal ${PRINCIPAL_ID} gets Key Vault Contributor at resource group rg scope, which may hold vault kv-good; grant Key Vault Crypto User on key kv-good/cmk, which it uses for AKS cluster aks, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.`,
        ]);
        const contributor = grant("aks-key-vault-contributor", CONTRIBUTOR, VAULT_ID);
        expect(stackMessages(RULE, replace(s.all, s.contributor, contributor)).map((v) => v.urn)).toEqual([contributor.urn]);
    });

    test("reports the role for another workload identity than the cluster's", () => {
        const s = guideStack("Public");
        const otherId = "44444444-4444-4444-4444-444444444444";
        const other = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-app", clientId: "55555555-5555-5555-5555-555555555555", principalId: otherId }, { name: "id-app-identity" });
        const theirs = grant("app-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, VAULT_ID, otherId);
        expect(stackMessages(RULE, [...s.all, other, theirs]).map((v) => v.urn)).toEqual([theirs.urn]);
    });

    test("reports the legacy KMS plugin over public access, which needs no role on the vault", () => {
        const s = guideStack("Public");
        for (const setting of ["Disabled", undefined]) {
            expect(stackMessages(RULE, withClusterField(s, INFRASTRUCTURE_ENCRYPTION, setting)).map((v) => v.urn)).toEqual([s.contributor.urn]);
        }
        // Nor does a cluster with KMS off need it.
        expect(stackMessages(RULE, withClusterField(s, `${KMS}.enabled`, false)).map((v) => v.urn)).toEqual([s.contributor.urn]);
    });

    test.each(["Public", "Private"] as const)("reports the role on an access-policy vault with %s access, where it can write its holder an access policy to every key", (access) => {
        const s = guideStack(access);
        const policyVault = { ...s.vault, props: withField(s.vault.props, "properties.enableRbacAuthorization", false) };
        expect(stackMessages(RULE, replace(s.all, s.vault, policyVault))).toEqual([
            { urn: s.contributor.urn, message: `Principal ${PRINCIPAL_ID} gets Key Vault Contributor at vault kv-good scope; AKS cluster aks's KMS data encryption needs that role, but the vault uses access policies, where it lets its holder write itself an access policy to every key; move the vault to Azure RBAC in two deploys, first a role assignment on its key for each identity its access policies serve (in azure-byok's stack config, prepareRbacMigration: true on the vault), which lets this role through, then properties.enableRbacAuthorization set to true (in one deploy its services would lose their keys while the roles propagate), as Microsoft's KMS data encryption guide makes the vault.` },
        ]);
    });
});

/**
 * The legacy KMS plugin's private link (keyVaultNetworkAccess Private, Microsoft's AKS KMS guide): an
 * RBAC vault, the cluster's identity given Key Vault Crypto User on the key and Key Vault Contributor
 * on the vault, which AKS needs to create the link as that identity.
 */
function privateLinkStack() {
    const vault = view(TYPES.vault, { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-cmk", clientId: CLIENT_ID, principalId: PRINCIPAL_ID }, { name: "id-cmk-identity" });
    const cryptoUser = grant("aks-crypto-user", CRYPTO_USER, `${VAULT_ID}/keys/cmk`);
    const contributor = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, VAULT_ID);
    const cluster = view(TYPES.managedCluster, good.managedCluster(), { name: "aks", dependencies: [cryptoUser.urn, contributor.urn] });
    return { vault, identity, cryptoUser, contributor, cluster, all: [vault, identity, cryptoUser, contributor, cluster] };
}

describe("the legacy KMS plugin's private link while the cluster's KMS settings are not known yet", () => {
    test("passes the role on the vault the link names", () => {
        expect(stackMessages(RULE, privateLinkStack().all)).toEqual([]);
    });

    test.each([
        ["keyVaultResourceId", `${KMS}.keyVaultResourceId`],
        ["keyVaultNetworkAccess", `${KMS}.keyVaultNetworkAccess`],
        ["enabled", `${KMS}.enabled`],
    ])("passes while %s is not known, when the grant's principal and scope are: the link may be to this vault", (_, path) => {
        const s = privateLinkStack();
        expect(stackMessages(RULE, withClusterField(s, path, UNKNOWN_STRING))).toEqual([]);
    });

    test("still reports the role at a wider scope, or for another identity, while the link's vault is not known", () => {
        const s = privateLinkStack();
        const unknownVault = withClusterField(s, `${KMS}.keyVaultResourceId`, UNKNOWN_STRING);
        const group = grant("aks-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg");
        expect(stackMessages(RULE, replace(unknownVault, s.contributor, group))).toEqual([
            { urn: group.urn, message: `Principal ${PRINCIPAL_ID} gets Key Vault Contributor at resource group rg scope, which may hold vault kv-good; grant Key Vault Crypto User on key kv-good/cmk, which it uses for AKS cluster aks, or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.` },
        ]);
        const otherId = "44444444-4444-4444-4444-444444444444";
        const other = view("azure-native:managedidentity:UserAssignedIdentity", { name: "id-app", clientId: "55555555-5555-5555-5555-555555555555", principalId: otherId }, { name: "id-app-identity" });
        const theirs = grant("app-key-vault-contributor", KEY_VAULT_CONTRIBUTOR, VAULT_ID, otherId);
        expect(stackMessages(RULE, [...unknownVault, other, theirs]).map((v) => v.urn)).toEqual([theirs.urn]);
    });
});

/**
 * A GitHub Actions deployer: a user-assigned identity with a general Azure role on its application's
 * resource group (as cloudshiftstrategies/ghauth-azure's bicep/resources.bicep does), as outputs.
 */
describe("Azure's general roles for a workload at a resource group, subscription or wider", () => {
    const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
    const DEPLOYER = "99999999-9999-4999-8999-999999999999";
    const GENERAL: [string, string][] = [
        ["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
        ["Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"],
        ["User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c6a72009"],
        ["Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"],
    ];
    const SCOPES: [string, string][] = [["resource group rg-app", `${SUB}/resourceGroups/rg-app`], ["subscription 00000000-0000-0000-0000-000000000001", SUB]];
    const CONFIG = "or name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config.";
    const identity = view("azure-native:managedidentity:UserAssignedIdentity", { id: `${SUB}/resourceGroups/rg-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gh`, name: "id-gh", clientId: "88888888-8888-4888-8888-888888888888", principalId: DEPLOYER }, { name: "id-gh" });
    const assign = (guid: string, scope: string) => view("azure-native:authorization:RoleAssignment", { principalId: DEPLOYER, principalType: "ServicePrincipal", roleDefinitionId: ROLE(guid), scope }, { name: "gh-role", propertyDependencies: { principalId: [identity.urn] } });
    const vaultIn = (group: string, subscription = SUB) => view(TYPES.vault, { id: `${subscription}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/kv-app`, name: "kv-app", properties: { ...good.vault().properties, vaultUri: "https://kv-app.vault.azure.net/" } }, { name: "kv" });
    const roleGrants = GENERAL.flatMap(([role, guid]) => SCOPES.map(([at, scope]) => [role, guid, at, scope] as const));

    test.each(roleGrants)("passes %s (%s) at %s in a stack with no vault", (_, guid, __, scope) => {
        expect(stackMessages(RULE, [identity, assign(guid, scope)])).toEqual([]);
    });

    test.each(roleGrants)("passes %s (%s) at %s when the stack's vault is in another resource group or subscription", (_, guid, __, scope) => {
        expect(stackMessages(RULE, [vaultIn("rg-kv", `${SUB.slice(0, -1)}2`), identity, assign(guid, scope)])).toEqual([]);
        if (scope.includes("/resourceGroups/")) expect(stackMessages(RULE, [vaultIn("rg-kv"), identity, assign(guid, scope)])).toEqual([]);
    });

    test.each(GENERAL)("reports %s at the resource group or subscription that holds the stack's vault, naming the vault", (role, guid) => {
        const grant = assign(guid, `${SUB}/resourceGroups/rg-app`);
        const fix = role === "Contributor" || role === "Owner"
            ? `no CMK service of this stack uses it, so narrow the assignment to the resources it manages, outside the vault's resource group, giving it only a role on the one key or secret it reads, if it reads one (Key Vault Crypto User, Key Vault Secrets User), ${CONFIG}`
            : `it can assign roles, Key Vault Administrator to itself included; remove the assignment, ${CONFIG}`;
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, grant])).toEqual([{ urn: grant.urn, message: `id-gh (principal ${DEPLOYER}) gets ${role} at resource group rg-app scope, which holds vault kv-app; ${fix}` }]);
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, assign(guid, SUB)]).map((v) => v.message)).toEqual([expect.stringContaining(`gets ${role} at subscription 00000000-0000-0000-0000-000000000001 scope, which holds vault kv-app; `)]);
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, grant], { allowedPrincipalNames: ["id-gh"] })).toEqual([]);
    });

    test("allows a name qualified by project and stack in that stack alone, as a policy group's one config should name it", () => {
        const [, contributor] = GENERAL[0];
        const grant = assign(contributor, `${SUB}/resourceGroups/rg-app`);
        // The fixtures' URNs are project azure-byok's stack dev.
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, grant], { allowedPrincipalNames: ["Azure-BYOK/dev:ID-GH"] })).toEqual([]);
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, grant], { allowedPrincipalNames: ["azure-byok/prod:id-gh", "payments/dev:id-gh"] })).toHaveLength(1);
    });

    test("reports a management group or root scope over a stack's vault, which ARM alone knows to hold it or not", () => {
        const [, contributor] = GENERAL[0];
        const group = assign(contributor, "/providers/Microsoft.Management/managementGroups/platform");
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, group]).map((v) => v.message)).toEqual([expect.stringContaining("gets Contributor at management group platform scope, which may hold vault kv-app; ")]);
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, assign(contributor, "/")]).map((v) => v.message)).toEqual([expect.stringContaining("gets Contributor at root (/) scope, which holds vault kv-app; ")]);
        expect(stackMessages(RULE, [identity, group])).toEqual([]);
    });

    test("reports a resource group or subscription that may hold the stack's vault while its outputs do not place it (a first preview)", () => {
        const [, contributor] = GENERAL[0];
        const unplaced = view(TYPES.vault, { name: UNKNOWN_STRING, resourceGroupName: UNKNOWN_STRING, properties: { ...good.vault().properties, vaultUri: UNKNOWN_STRING } }, { name: "kv" });
        expect(stackMessages(RULE, [unplaced, identity, assign(contributor, `${SUB}/resourceGroups/rg-app`)]).map((v) => v.message)).toEqual([expect.stringContaining("gets Contributor at resource group rg-app scope, which may hold vault kv; ")]);
    });

    test("still reports Key Vault's own roles at a resource group that holds no vault of the stack, with no key advice for a principal that uses none", () => {
        const admin = assign("00482a5a-887f-4fb3-b363-3b7fe8e74483", `${SUB}/resourceGroups/rg-app`);
        expect(stackMessages(RULE, [identity, admin])).toEqual([
            { urn: admin.urn, message: `id-gh (principal ${DEPLOYER}) gets Key Vault Administrator at resource group rg-app scope; no CMK service of this stack uses it, so remove the assignment, giving it only a role on the one key or secret it reads, if it reads one (Key Vault Crypto User, Key Vault Secrets User), ${CONFIG}` },
        ]);
    });

    test("names the key a CMK service uses as the principal, and the role it needs there", () => {
        const [, contributor] = GENERAL[0];
        const storage = view(TYPES.storageAccount, { ...good.storageAccount(), encryption: { ...good.storageAccount().encryption, keyVaultProperties: { keyVaultUri: "https://kv-app.vault.azure.net/", keyName: "cmk" }, encryptionIdentity: { encryptionUserAssignedIdentity: identity.props.id } } }, { name: "st" });
        const grant = assign(contributor, `${SUB}/resourceGroups/rg-app`);
        expect(stackMessages(RULE, [vaultIn("rg-app"), identity, storage, grant])).toEqual([
            { urn: grant.urn, message: `id-gh (principal ${DEPLOYER}) gets Contributor at resource group rg-app scope, which holds vault kv-app; grant Key Vault Crypto Service Encryption User on key kv-app/cmk, which it uses for Storage account st, ${CONFIG}` },
        ]);
    });
});
