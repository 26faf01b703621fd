import { keyId, kmsPrivateVault, ROLE_NAMES, ROLES, scopeReach, T } from "../lib/azure";
import { usesKmsDataEncryption } from "../lib/kms-data-encryption";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { UNKNOWN } from "../lib/values";
import { permissionModel } from "../lib/vault-permission-model";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-cmk-identity-access",
    description: "A CMK service's identity needs get, wrap and unwrap on exactly its key, granted the way its vault authorizes (a role on an RBAC vault, an access policy on an access-policy vault: each ignores the other) (AKS KMS: encrypt and decrypt, and Key Vault Contributor on the vault it reaches with keyVaultNetworkAccess Private, where the legacy plugin creates its private link as that identity and KMS data encryption's guide grants it for key management): without them the service fails with 403, with more it can read or manage keys it never uses.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 PA-7", "MCSB v2 DP-5"],
    mirrors: ["None: no public rule set checks that a CMK identity holds a role on its key"],
    resourceTypes: ["azure-native:authorization:RoleAssignment", "azure-native:keyvault:Vault", "azure-native:keyvault:AccessPolicy", "azure-native:managedidentity:UserAssignedIdentity"],
    parameters: {},
};

/** Per use of the key: the roles that allow it, the least of them, the access-policy permissions it needs. */
const NEEDS = {
    wrap: {
        roles: new Set<string>([ROLES.cryptoServiceEncryptionUser, ROLES.cryptoUser, ROLES.cryptoOfficer, ROLES.administrator]),
        least: ROLES.cryptoServiceEncryptionUser,
        permissions: ["get", "wrapkey", "unwrapkey"],
        what: "wrap and unwrap",
        listed: "get, wrapKey and unwrapKey",
    },
    // AKS's KMS plugin encrypts and decrypts with the key; Crypto Service Encryption User cannot.
    encrypt: {
        roles: new Set<string>([ROLES.cryptoUser, ROLES.cryptoOfficer, ROLES.administrator]),
        least: ROLES.cryptoUser,
        permissions: ["encrypt", "decrypt"],
        what: "encrypt and decrypt",
        listed: "encrypt and decrypt",
    },
} as const;

/** What gives AKS's KMS the vault role it needs with keyVaultNetworkAccess Private (Microsoft's AKS KMS guides name Key Vault Contributor on the vault). */
const PRIVATE_KMS_ROLES = new Set<string>([ROLES.keyVaultContributor, ROLES.contributor, ROLES.owner]);

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN || use.identity === UNKNOWN) continue;
            // A Managed HSM grants through its own local RBAC, which no ARM resource in a stack holds.
            if (use.key.managedHsm) continue;
            // A store known only by a name (a deployed SQL server key's) may be an HSM outside the stack: no verdict.
            if (use.key.storeFromName === true && !stack.vaults.has(use.key.vault)) continue;
            const identity = stack.identityOf(use);
            if (!identity?.principalId) continue; // an identity from outside the stack: its grants are outside too
            const key = use.key;
            const needs = NEEDS[use.keyUse ?? "wrap"];
            const least = ROLE_NAMES[needs.least];
            const grants = stack.grantsOf(identity.principalId);
            if (grants.some((g) => g.principalId === UNKNOWN || g.role === UNKNOWN || g.scope === UNKNOWN)) continue;
            // A grant whose principal is not known yet may be this identity's, unless it is known to come from another resource.
            const identityUrn = (identity as { view?: { urn: string } }).view?.urn;
            const maybeThis = stack.grantsOf(UNKNOWN).some((g) => {
                const from = g.view.propertyDependencies?.principalId ?? [];
                return from.length === 0 || (identityUrn !== undefined && from.includes(identityUrn));
            });
            if (maybeThis) continue;
            const policies = stack.accessPoliciesOf(identity.principalId).filter((a) => a.vault === key.vault || a.vault === UNKNOWN);
            if (policies.some((a) => a.keyPermissions === UNKNOWN || a.vault === UNKNOWN)) continue;
            const vault = stack.vaults.get(key.vault);
            // Key Vault authorizes data actions through one model: an RBAC vault ignores access policies, an access-policy vault data-plane roles.
            const model = permissionModel(vault?.props);
            const reach = (g: (typeof grants)[number]) => (g.scope === UNKNOWN ? undefined : scopeReach(g.scope, key, vault));
            const effectiveRoles = model === "accessPolicies" ? [] : grants;
            const onKey = effectiveRoles.filter((g) => reach(g) === "key" && needs.roles.has(String(g.role)));
            const onVault = effectiveRoles.filter((g) => (reach(g) === "vault" || reach(g) === "wider") && needs.roles.has(String(g.role)));
            const permissions: readonly string[] = [...needs.permissions, ...(use.extraAccessPolicyPermissions ?? [])];
            const viaPolicy = (model === "rbac" ? [] : policies).filter((a) => a.keyPermissions !== UNKNOWN && permissions.every((n) => (a.keyPermissions as string[]).includes(n) || (a.keyPermissions as string[]).includes("all")));
            const whose = use.identityNoun ? ` ${use.identityNoun}` : "";
            const who = `${use.service} ${view.name}'s${whose} ${identity.systemAssigned ? "system-assigned " : ""}identity ${identity.name ?? identity.principalId}`;
            const linked = view.type === T.managedCluster ? kmsPrivateVault(view.props) : undefined;
            if (linked !== undefined && linked !== UNKNOWN && linked === key.vault) {
                const canLink = grants.some((g) => g.scope !== UNKNOWN && (reach(g) === "wider" || (g.scope.kind === "vault" && g.scope.vault === linked)) && PRIVATE_KMS_ROLES.has(String(g.role)));
                if (!canLink) {
                    const assign = `assign it Key Vault Contributor scoped to vault ${linked}`;
                    // KMS data encryption reaches the vault through the trusted-services exception: its guide grants the role "for key management", not for a link.
                    const dataEncryption = usesKmsDataEncryption(view.props);
                    const message = dataEncryption === false
                        ? `${who} must create the private link from the cluster to vault ${linked} for KMS, and holds no Key Vault Contributor role there; ${assign}.`
                        : dataEncryption === true
                          ? `${who} holds no Key Vault Contributor role on vault ${linked}, which Microsoft's KMS data encryption guide grants it there for key management; ${assign}.`
                          : `${who} holds no Key Vault Contributor role on vault ${linked}, which its KMS needs there either way: the legacy plugin to create its private link to the vault, KMS data encryption for key management (Microsoft's KMS data encryption guide); ${assign}.`;
                    violations.push({ urn: view.urn, message });
                }
            }
            if (onKey.length + onVault.length + viaPolicy.length === 0) {
                const named = `vault ${key.vault}`;
                if (model === "accessPolicies") {
                    const ignored = grants.some((g) => needs.roles.has(String(g.role))) ? " (its role assignment there is ignored)" : "";
                    const listed = use.extraAccessPolicyPermissions?.length ? `${needs.listed.replace(" and ", ", ")} and ${use.extraAccessPolicyPermissions.join(", ")}` : needs.listed;
                    violations.push({ urn: view.urn, message: `${who} holds no access policy with ${listed} on ${named}, which authorizes through access policies alone${ignored}; give it one, or move the vault to Azure RBAC and assign it ${least} scoped to key ${keyId(key)}.` });
                } else if (model === "rbac" && policies.length > 0) {
                    violations.push({ urn: view.urn, message: `${who} holds no role with ${needs.what} on key ${keyId(key)} (its access policy on ${named} is ignored: the vault authorizes through Azure RBAC alone); assign it ${least} scoped to that key.` });
                } else {
                    violations.push({ urn: view.urn, message: `${who} holds no role or access policy with ${needs.what} on key ${keyId(key)}; assign it ${least} scoped to that key.` });
                }
                continue;
            }
            for (const g of [...onKey, ...onVault]) {
                const role = String(g.role);
                if (g.scope !== UNKNOWN && g.scope.kind !== "key") {
                    violations.push({ urn: g.view.urn, message: `${who} holds ${ROLE_NAMES[role] ?? role} at ${g.scope.kind === "wider" ? g.scope.at : "vault"} scope, wider than key ${keyId(key)}; scope the assignment to the key's resource id.` });
                } else if (role !== needs.least) {
                    violations.push({ urn: g.view.urn, message: `${who} holds ${ROLE_NAMES[role] ?? role} on key ${keyId(key)}, broader than it needs; assign ${least} instead.` });
                }
            }
            // One access policy per principal and vault: it may serve another service of the same identity that needs more (list).
            const sharedNeeds = new Set(stack.services.filter((o) => o.use.identity !== UNKNOWN && o.use.key !== UNKNOWN && o.use.key?.vault === key.vault && stack.identityOf(o.use)?.principalId === identity.principalId).flatMap((o) => o.use.extraAccessPolicyPermissions ?? []));
            for (const a of viaPolicy) {
                const extra = (a.keyPermissions as string[]).filter((perm) => !permissions.includes(perm) && !sharedNeeds.has(perm));
                if (extra.length > 0) {
                    const listed = use.extraAccessPolicyPermissions?.length ? `${needs.listed.replace(" and ", ", ")} and ${use.extraAccessPolicyPermissions.join(", ")}` : needs.listed;
                    violations.push({ urn: a.view.urn, message: `${who} has access-policy key permissions ${extra.join(", ")} beyond ${listed}; grant only those.` });
                }
            }
        }
        return violations;
    },
};
