import { keyId, ROLE_NAMES, ROLES, roleGuid, T } from "../lib/azure";
import { armScopeInHsm, HSM_LOCAL_ROLE_NAMES, HSM_LOCAL_ROLES, HSM_WRAPPING_ROLES, hsmLocalGrantOf, localGrantCommand, localScopeCovers } from "../lib/managed-hsm";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-managedhsm-configure-cmk-local-role",
    description: "A CMK service reaches a Managed HSM key only through a role in the HSM's local RBAC, which no ARM role assignment grants, so without one it fails with 403 (advisory: the local role may be granted outside Pulumi); Container Registry and AKS's KMS take no Managed HSM key at all.",
    severity: "high",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 PA-7", "MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a CMK service to its Managed HSM key's local role assignments"],
    resourceTypes: [T.managedHsm, T.roleAssignment, T.hsmLocalRoleAssignment, T.identity],
    parameters: {},
};

/**
 * Services Azure gives no Managed HSM key, whatever role they hold (Microsoft's customer-managed keys
 * support table, "Services that support customer-managed keys": Container Registry and AKS's KMS
 * have no Managed HSM column; the components refuse them the same way).
 */
const NO_POOL_KEY: Readonly<Record<string, string>> = { [T.registry]: "Container Registry", [T.managedCluster]: "AKS's KMS" };

/** Key Vault's ARM data roles, which someone may assign on a pool believing they reach its keys. */
const DATA_ROLES = new Set<string>([ROLES.cryptoServiceEncryptionUser, ROLES.cryptoUser, ROLES.cryptoOfficer, ROLES.administrator]);

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const grant of stack.grants) {
            const within = armScopeInHsm(read(grant.view.props, "scope"));
            const role = grant.role === UNKNOWN ? undefined : roleGuid(grant.role);
            // At a key's scope no ARM role means anything; at the pool's, its management roles do.
            if (within === undefined || role === undefined || (within.key === undefined && !DATA_ROLES.has(role))) continue;
            const at = within.key !== undefined ? `key ${within.hsm}/${within.key}` : `Managed HSM ${within.hsm}`;
            violations.push({
                urn: grant.view.urn,
                message: `Role assignment ${grant.view.name} gives ${ROLE_NAMES[role] ?? role} on ${at} in ARM, which grants nothing on a Managed HSM's data plane; grant a local role instead (${HSM_LOCAL_ROLE_NAMES[HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]} for a CMK service: az keyvault role assignment create --hsm-name ${within.hsm} --role "${HSM_LOCAL_ROLE_NAMES[HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]}"${typeof grant.principalId === "string" ? ` --assignee-object-id ${grant.principalId}` : ""} --scope /keys/${within.key ?? "<key>"}) and remove this one.`,
            });
        }
        const local = resources.filter((r) => r.type === T.hsmLocalRoleAssignment).map(hsmLocalGrantOf);
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN || use.identity === UNKNOWN || !use.key.managedHsm) continue;
            const key = use.key;
            const unsupported = NO_POOL_KEY[view.type];
            if (unsupported !== undefined) {
                violations.push({ urn: view.urn, message: `${use.service} ${view.name} is given Managed HSM key ${keyId(key)}, and ${unsupported} takes no Managed HSM key (no local role changes that); give it a key in a Key Vault (premium, RSA-HSM) instead.` });
                continue;
            }
            const identity = stack.identityOf(use);
            // An identity from outside the stack is granted outside it too.
            if (!identity?.principalId) continue;
            const principalId = identity.principalId;
            const mine = local.filter((g) => g.hsm === key.vault || isUnknown(g.hsm));
            // A local grant not fully known yet may be this identity's.
            if (mine.some((g) => isUnknown(g.hsm) || isUnknown(g.principalId) || isUnknown(g.role) || isUnknown(g.scope))) continue;
            const granted = mine.some((g) => g.principalId === principalId && typeof g.role === "string" && HSM_WRAPPING_ROLES.has(g.role) && typeof g.scope === "string" && localScopeCovers(g.scope, key.key));
            if (granted) continue;
            const whose = use.identityNoun ? ` ${use.identityNoun}` : "";
            violations.push({
                urn: view.urn,
                message: `${use.service} ${view.name}'s${whose} ${identity.systemAssigned ? "system-assigned " : ""}identity ${identity.name ?? principalId} holds no local role on Managed HSM key ${keyId(key)}, and ARM role assignments grant none; assign it ${HSM_LOCAL_ROLE_NAMES[HSM_LOCAL_ROLES.cryptoServiceEncryptionUser]} on the key in the HSM's local RBAC (${localGrantCommand(key.vault, principalId, key.key)}, or azure.keyvault.ManagedHardwareSecurityModuleRoleAssignment in the stack).`,
            });
        }
        return violations;
    },
};
