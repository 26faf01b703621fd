import { CMK_SERVICE_TYPES, keyId, KeyRef, scopeReach, T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { armScopeInHsm, HSM_WRAPPING_ROLES, HsmLocalGrant, hsmLocalGrantOf, localScopeCovers } from "../lib/managed-hsm";
import { StackIndex } from "../lib/stack";
import { read, UNKNOWN, Unknown } from "../lib/values";
import { permissionModel } from "../lib/vault-permission-model";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-cmk-grant-ordering",
    description: "A CMK service made in the same stack as its identity's grant on the key must wait for that grant, the kind its key store reads (a role on an RBAC vault, an access policy on an access-policy vault: each ignores the other; a local role assignment on a Managed HSM, which reads no ARM role): with no dependency between them Pulumi makes both at once, and Azure refuses the service (403 from the vault or pool) while the grant is missing or not yet in effect, so the first deploy fails.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a service to the grant it needs"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.roleAssignment, T.accessPolicy, T.vault, T.identity, T.managedHsm, T.hsmLocalRoleAssignment],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        let local: HsmLocalGrant[] | undefined;
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN) continue;
            // A store known only by a name (a deployed SQL server key's) may be an HSM outside the stack: no verdict.
            if (use.key.storeFromName === true && !stack.vaults.has(use.key.vault)) continue;
            // An identity Azure makes with the service (its system-assigned one, Databricks' managed disks) is granted after it, as it must be.
            if (use.identity !== UNKNOWN && use.identity?.principalId !== undefined) continue;
            const identity = stack.identityOf(use);
            if (!identity?.principalId) continue; // an identity from outside the stack: its grants are too
            const key = use.key;
            const whose = use.identityNoun ? ` ${use.identityNoun}` : "";
            if (key.managedHsm) {
                local ??= resources.filter((r) => r.type === T.hsmLocalRoleAssignment).map(hsmLocalGrantOf);
                const message = poolKeyWait(stack, view, key, identity.principalId, local);
                if (message !== undefined) violations.push({ urn: view.urn, message: `${use.service} ${view.name} does not wait for ${message.grants}, which lets its${whose} identity ${identity.name ?? identity.principalId} use Managed HSM key ${keyId(key)}${message.instead}; make the service depend on the local role assignment (dependsOn).` });
                continue;
            }
            // Key Vault reads one kind of grant: an RBAC vault ignores access policies, an access-policy vault data-plane
            // roles (lib/vault-permission-model). Waiting for the ignored kind leaves the service racing the grant that works.
            const model = permissionModel(stack.vaults.get(key.vault)?.props);
            // Every role assignment the stack makes the identity on the key, its vault or wider (which role is the other rule's business).
            const roles: ResourceView[] = stack.grantsOf(identity.principalId)
                .filter((g) => g.scope === UNKNOWN || scopeReach(g.scope, key, stack.vaults.get(key.vault)) !== undefined)
                .map((g) => g.view);
            const policies: ResourceView[] = stack.accessPoliciesOf(identity.principalId).filter((a) => a.vault === key.vault || a.vault === UNKNOWN).map((a) => a.view);
            // Where the model is not known (a recovered vault, a setting unknown until deploy), either may be the one that works.
            const grants = model === "rbac" ? roles : model === "accessPolicies" ? policies : [...roles, ...policies];
            const ignored = model === "rbac" ? policies : model === "accessPolicies" ? roles : [];
            if (grants.length === 0) continue; // no grant the vault reads in the stack: azure-keyvault-key-configure-cmk-identity-access reports it
            const waitsFor = stack.dependencyClosure(view);
            if (grants.some((g) => waitsFor.has(g.urn))) continue;
            const waitedIgnored = ignored.filter((g) => waitsFor.has(g.urn));
            const instead = waitedIgnored.length === 0 ? "" : model === "rbac"
                ? ` (it waits for ${names(waitedIgnored)}, an access policy vault ${key.vault} ignores: the vault authorizes through Azure RBAC alone)`
                : ` (it waits for ${names(waitedIgnored)}, a role assignment vault ${key.vault} ignores: the vault authorizes through access policies alone)`;
            const fix = model === "accessPolicies"
                ? "make the service depend on the access policy (dependsOn)."
                : "make the service depend on the grant (dependsOn), and on a wait after it (time.Sleep from @pulumiverse/time, createDuration 30s), since Azure can take minutes to apply a new role assignment.";
            violations.push({
                urn: view.urn,
                message: `${use.service} ${view.name} does not wait for ${grants.map((g) => g.name).join(" or ")}, which lets its${whose} identity ${identity.name ?? identity.principalId} use key ${keyId(key)}${instead}; ${fix}`,
            });
        }
        return violations;
    },
};

function names(views: ResourceView[]): string {
    return views.map((g) => g.name).join(" and ");
}

/**
 * What a service on a pool's key does not wait for: the pool's local role assignments that may let its identity wrap
 * with the key (each field equal or unknown until deploy), and any ARM role assignment on the pool it waits for
 * instead, which grants nothing there. Undefined when it waits for one, or when the stack makes none (the local-role
 * rule reports that).
 */
function poolKeyWait(stack: StackIndex, service: ResourceView, key: KeyRef, principalId: string | Unknown, local: HsmLocalGrant[]): { grants: string; instead: string } | undefined {
    const grants = local.filter((g) => (g.hsm === key.vault || g.hsm === UNKNOWN)
        && g.principalId === principalId
        && (g.role === UNKNOWN || (g.role !== undefined && HSM_WRAPPING_ROLES.has(g.role)))
        && (g.scope === UNKNOWN || (g.scope !== undefined && localScopeCovers(g.scope, key.key))));
    if (grants.length === 0) return undefined;
    const waitsFor = stack.dependencyClosure(service);
    if (grants.some((g) => waitsFor.has(g.view.urn))) return undefined;
    const arm = stack.grantsOf(principalId).filter((g) => armScopeInHsm(read(g.view.props, "scope"))?.hsm === key.vault && waitsFor.has(g.view.urn)).map((g) => g.view);
    return {
        grants: grants.map((g) => g.view.name).join(" or "),
        instead: arm.length === 0 ? "" : ` (it waits for ${names(arm)}, an ARM role assignment, which grants nothing on Managed HSM ${key.vault}'s keys)`,
    };
}
