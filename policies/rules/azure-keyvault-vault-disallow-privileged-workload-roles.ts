import { allowedInStack } from "../lib/stack-names";
import { CmkUse, keyId, kmsPrivateVault, ROLE_NAMES, ROLES, Scope, T, vaultOfResourceId, wideScopeHolds } from "../lib/azure";
import { mayUseKmsDataEncryption } from "../lib/kms-data-encryption";
import { HSM_LOCAL_ROLE_NAMES, HSM_LOCAL_ROLES } from "../lib/managed-hsm";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { Grant, StackIndex, VaultAccessPolicy } from "../lib/stack";
import { isUnknown, read, readBoolean, sameText, UNKNOWN, Unknown } from "../lib/values";

type Params = { allowedPrincipalIds: string[]; allowedPrincipalNames: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disallow-privileged-workload-roles",
    description: "A workload identity or application that can manage a vault's keys, or assign roles that can, can delete or disable every key it holds (Azure's general roles, Contributor, Owner, User Access Administrator and Role Based Access Control Administrator, count at a resource group, subscription or wider only where that scope holds a vault of the stack); only a named key-management principal should (and an AKS cluster's identity, Key Vault Contributor on its KMS key's vault where AKS needs it: for the legacy plugin's private link, which AKS creates as that identity, or for KMS data encryption, whose guide grants it over public and private access alike; only when that vault uses Azure RBAC or prepares its move there, the principals its access policies serve already holding roles on its keys).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 PA-7"],
    mirrors: ["None: built-ins audit custom roles, not who holds Key Vault Administrator"],
    resourceTypes: ["azure-native:authorization:RoleAssignment"],
    parameters: {
        allowedPrincipalIds: { schema: { type: "array", items: { type: "string" }, description: "Principal ids allowed a management role on a vault or wider (e.g. a key-management appliance)." }, defaults: everywhere([]) },
        allowedPrincipalNames: { schema: { type: "array", items: { type: "string" }, description: "Principals created in the same stack that are allowed a management role, by application display name or managed identity name (their ids are unknown until deploy); `<project>/<stack>:<name>` allows it in that stack alone, as a config shared by a policy group's stacks should." }, defaults: everywhere([]) },
    },
};

/** Roles that let a principal assign roles, Key Vault Administrator to itself included. */
const ROLE_GRANTING = new Set<string>([ROLES.dataAccessAdministrator, ROLES.userAccessAdministrator, ROLES.rbacAdministrator]);
const PRIVILEGED = new Set<string>([ROLES.administrator, ROLES.cryptoOfficer, ROLES.keyVaultContributor, ROLES.contributor, ROLES.owner, ...ROLE_GRANTING]);
/**
 * Azure's general roles: over a resource group, subscription or wider they reach Key Vault only where
 * that scope holds a vault (a deployer's Contributor on its application's resource group is not a Key
 * Vault matter). Key Vault's own roles are privileged over any scope.
 */
const GENERAL = new Set<string>([ROLES.contributor, ROLES.owner, ROLES.userAccessAdministrator, ROLES.rbacAdministrator]);

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { allowedPrincipalIds, allowedPrincipalNames }) {
        const stack = StackIndex.of(resources);
        const allowed = new Set(allowedPrincipalIds.map((id) => id.toLowerCase()));
        const allowedName = allowedInStack(allowedPrincipalNames);
        const violations: StackViolation[] = [];
        const kmsVaults = kmsVaultRoles(stack);
        for (const g of stack.grants) {
            if (g.principalId === UNKNOWN || g.role === UNKNOWN || g.scope === UNKNOWN) continue;
            if (!PRIVILEGED.has(g.role) || allowed.has(g.principalId)) continue;
            // AKS's KMS needs Key Vault Contributor on the vault for the cluster's identity (a private link, or data encryption):
            // allowed on an RBAC vault, or one preparing its move there, since on an access-policy vault the role can grant its holder every key.
            const kms = g.role === ROLES.keyVaultContributor && g.scope.kind === "vault" ? kmsVaults.byVault.get(`${g.principalId}/${g.scope.vault}`) : undefined;
            // Until deploy, a cluster's KMS vault may be this one: a mandatory rule cannot know it needs no role here.
            if (kms === undefined && g.role === ROLES.keyVaultContributor && g.scope.kind === "vault" && kmsVaults.pending.has(g.principalId)) continue;
            const cluster = kms?.cluster;
            const policyVault = cluster !== undefined && g.scope.kind === "vault" && usesAccessPolicies(stack, g.scope.vault) && !preparesRbacMove(stack, g.scope.vault);
            if (cluster !== undefined && !policyVault) continue;
            const name = stack.principalName(g);
            if (name !== undefined && allowedName(name, g.view.urn)) continue;
            if (g.scope.kind !== "vault" && g.scope.kind !== "wider") continue;
            const held = g.scope.kind === "wider" ? vaultsUnder(stack, g.scope) : { names: [], known: true };
            if (GENERAL.has(g.role) && g.scope.kind === "wider" && held.names.length === 0) continue;
            const type = read(g.view.props, "principalType");
            // azure-native's SDK sends User when principalType is left out (ARM's default too), so a type other than
            // ServicePrincipal does not show a person: a principal the stack makes is a workload whatever the type says.
            if (!(typeof type === "string" && sameText(type, "ServicePrincipal")) && !stack.makesWorkload(g.principalId)) continue;
            const who = name !== undefined ? `${name} (principal ${g.principalId})` : `Principal ${g.principalId}`;
            const at = `${g.scope.kind === "vault" ? `vault ${g.scope.vault}` : g.scope.at} scope${held.names.length > 0 ? `, which ${held.known ? "holds" : "may hold"} ${held.names.length === 1 ? "vault" : "vaults"} ${held.names.join(", ")}` : ""}`;
            const config = `name it in allowedPrincipalIds (or, for a principal this stack creates, allowedPrincipalNames) in the policy config`;
            // A key-management appliance needs Crypto Officer on its vault by design: the fix for it is the allow-list, not a smaller role.
            const rbacMove = `move the vault to Azure RBAC in two deploys, first a role assignment on its key for each identity its access policies serve (in azure-byok's stack config, prepareRbacMigration: true on the vault), which lets this role through, then properties.enableRbacAuthorization set to true (in one deploy its services would lose their keys while the roles propagate)`;
            const keyUse = keyUseOf(stack, g.principalId);
            // A principal no CMK service uses gets no "key it uses" advice: what it reads, if anything, the stack does not say.
            const reads = "giving it only a role on the one key or secret it reads, if it reads one (Key Vault Crypto User, Key Vault Secrets User)";
            const fix = policyVault && kms?.dataEncryption
                ? `AKS cluster ${cluster}'s KMS data encryption needs that role, but the vault uses access policies, where it lets its holder write itself an access policy to every key; ${rbacMove}, as Microsoft's KMS data encryption guide makes the vault`
                : policyVault
                ? `AKS cluster ${cluster}'s KMS private link needs that role, but the vault uses access policies, where it lets its holder write itself an access policy to every key; ${rbacMove}, or have KMS reach the key over public access (keyVaultNetworkAccess "Public", for a vault open to every network), which needs no role on the vault, on a new cluster or with a key in another vault (AKS does not change a deployed cluster's mode on the vault KMS is attached to)`
                : ROLE_GRANTING.has(g.role)
                ? `it can assign roles, Key Vault Administrator to itself included; remove the assignment, or ${config}`
                : g.role === ROLES.cryptoOfficer && g.scope.kind === "vault"
                  ? `if it manages the vault's keys (a key-management appliance), name it in the policy config: ${name !== undefined ? `allowedPrincipalNames ["${name}"]` : `allowedPrincipalIds ["${g.principalId}"]`}; otherwise grant Key Vault Crypto Service Encryption User or Crypto User on the key it uses`
                  : keyUse !== undefined
                    ? `grant ${keyUse}, or ${config}`
                    : GENERAL.has(g.role) && g.scope.kind === "wider"
                      ? `no CMK service of this stack uses it, so narrow the assignment to the resources it manages, outside ${held.names.length === 1 ? "the vault's resource group" : "the vaults' resource groups"}, ${reads}, or ${config}`
                      : `no CMK service of this stack uses it, so remove the assignment, ${reads}, or ${config}`;
            violations.push({ urn: g.view.urn, message: `${who} gets ${ROLE_NAMES[g.role] ?? g.role} at ${at}; ${fix}.` });
        }
        return violations;
    },
};

/**
 * The vaults of the stack a resource group, subscription or wider scope may hold, by name (by their
 * name in the program while that is not known), and whether it is known to hold them all.
 */
function vaultsUnder(stack: StackIndex, scope: Extract<Scope, { kind: "wider" }>): { names: string[]; known: boolean } {
    const held = stack.keyStores().flatMap((store) => {
        const holds = store.idSegment === "vaults" ? wideScopeHolds(scope, store.view) : false;
        return holds === false ? [] : [{ name: store.name, known: holds === true }];
    });
    return { names: held.map((h) => h.name), known: held.every((h) => h.known) };
}

/**
 * The least role a principal needs on the key a CMK service of the stack uses as it, as the fix
 * names it: Crypto Service Encryption User to wrap, Crypto User for AKS's KMS, a Managed HSM's local
 * role for a key in one. Undefined when no CMK service of the stack uses the principal.
 */
function keyUseOf(stack: StackIndex, principalId: string): string | undefined {
    const service = stack.services.find(({ use }) => use.key !== undefined && stack.identityOf(use)?.principalId === principalId);
    if (service === undefined) return undefined;
    const key = service.use.key;
    const on = key === undefined || key === UNKNOWN ? `the key it uses for ${service.use.service} ${service.view.name}` : `key ${keyId(key)}, which it uses for ${service.use.service} ${service.view.name}`;
    if (key !== undefined && key !== UNKNOWN && key.managedHsm) return `the local role ${HSM_LOCAL_ROLE_NAMES[HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]} on ${on}`;
    return `${ROLE_NAMES[service.use.keyUse === "encrypt" ? ROLES.cryptoUser : ROLES.cryptoServiceEncryptionUser]} on ${on}`;
}

/**
 * Whether the stack's vault uses access policies, where Key Vault Contributor can write its holder
 * an access policy to every key. A vault outside the stack, or one whose model is unknown until
 * deploy, keeps the private-link exemption: the pack cannot see its model to judge it.
 */
function usesAccessPolicies(stack: StackIndex, vault: string): boolean {
    for (const [name, view] of stack.vaults) {
        if (name.toLowerCase() !== vault) continue;
        // Left out, the SDK sends false: access policies.
        const rbac = readBoolean(view.props, "properties", "enableRbacAuthorization");
        return rbac !== true && rbac !== UNKNOWN;
    }
    return false;
}

/**
 * Whether an access-policy vault prepares its move to Azure RBAC: principals its access policies
 * serve already hold role assignments on its keys. Those are inert until the vault takes RBAC, so
 * their only purpose is the move (azure-byok's prepareRbacMigration makes one beside each access
 * policy it grants); the private link's role is let through there, or a deployed cluster could reach
 * RBAC only by a one-deploy flip that cuts every CMK service off its key while roles propagate, and
 * a new cluster on the vault could not be added until the flip. A key role for a principal the vault
 * does not serve (a cluster's own, left from an RBAC template) prepares nothing.
 * Until deploy, a role's scope counts when it comes from one of the vault's keys, a policy's vault when
 * its name comes from the vault, and a new principal when its role's id and its policy's come from one resource.
 */
function preparesRbacMove(stack: StackIndex, vault: string): boolean {
    const vaultView = [...stack.vaults].find(([name]) => name.toLowerCase() === vault)?.[1];
    if (vaultView === undefined) return false;
    const keyViews = new Set<ResourceView>();
    for (const [ref, view] of stack.keys) if (ref.toLowerCase().startsWith(`${vault}/`)) keyViews.add(view);
    const from = (view: ResourceView, property: string) => view.propertyDependencies?.[property] ?? [];
    const onVault = (p: VaultAccessPolicy) => p.vault === UNKNOWN ? from(p.view, "vaultName").includes(vaultView.urn) : p.vault === vault;
    // A vault's own entries all come through its properties; an AccessPolicy's through its policy.
    const sameSource = (g: Grant, p: VaultAccessPolicy) => from(g.view, "principalId").some((urn) => from(p.view, p.view === vaultView ? "properties" : "policy").includes(urn));
    return stack.grants.some((g) => {
        const onKey = g.scope === UNKNOWN
            ? from(g.view, "scope").some((urn) => { const key = stack.byUrn.get(urn); return key !== undefined && keyViews.has(key); })
            : g.scope.kind === "key" && g.scope.vault === vault;
        return onKey && g.principalId !== "" && stack.accessPoliciesOf(g.principalId).some((p) => onVault(p) && (g.principalId !== UNKNOWN || sameSource(g, p)));
    });
}

/** The vaults on which AKS clusters' identities in the stack need Key Vault Contributor for KMS. */
interface KmsVaultRoles {
    /** `principalId/vault` → the cluster whose KMS needs the role on that vault, and why. */
    byVault: Map<string, { cluster: string; dataEncryption: boolean }>;
    /** Principal ids of clusters whose KMS may need the role on a vault not known until deploy. */
    pending: Set<string>;
}

/**
 * For each AKS cluster identity in the stack, the vault on which it needs Key Vault Contributor,
 * with the cluster and why. AKS creates the legacy KMS plugin's private link (keyVaultNetworkAccess
 * Private) as the cluster's identity. KMS data encryption's guide grants the role on the key's
 * vault over public and private access alike (MicrosoftDocs/azure-aks-docs
 * articles/aks/kms-data-encryption.md, pivots cmk-public and cmk-private, "for key management").
 */
function kmsVaultRoles(stack: StackIndex): KmsVaultRoles {
    const roles: KmsVaultRoles = { byVault: new Map(), pending: new Set() };
    for (const { view, use } of stack.services) {
        if (view.type !== T.managedCluster) continue;
        const principalId = stack.identityOf(use)?.principalId;
        if (principalId === undefined) continue;
        const dataEncryptionVault = mayUseKmsDataEncryption(view.props) ? keyVaultOf(use.key, view.props) : undefined;
        if (dataEncryptionVault === UNKNOWN) {
            roles.pending.add(principalId);
            continue;
        }
        if (dataEncryptionVault !== undefined) {
            roles.byVault.set(`${principalId}/${dataEncryptionVault}`, { cluster: view.name, dataEncryption: true });
            continue;
        }
        const vault = kmsPrivateVault(view.props);
        if (vault === UNKNOWN) roles.pending.add(principalId);
        else if (vault !== undefined && vault !== "") roles.byVault.set(`${principalId}/${vault}`, { cluster: view.name, dataEncryption: false });
    }
    return roles;
}

/** The vault of a KMS key, from its id, or while that is unknown until deploy, from keyVaultResourceId (UNKNOWN while both are). */
function keyVaultOf(key: CmkUse["key"], props: unknown): string | Unknown | undefined {
    if (key === undefined) return undefined;
    if (key !== UNKNOWN) return key.managedHsm ? undefined : key.vault;
    const vaultId = read(props, "securityProfile", "azureKeyVaultKms", "keyVaultResourceId");
    return isUnknown(vaultId) ? UNKNOWN : vaultOfResourceId(vaultId);
}
