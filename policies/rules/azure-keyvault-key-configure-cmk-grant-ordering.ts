import { CMK_SERVICE_TYPES, keyId, scopeReach, T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { UNKNOWN } from "../lib/values";
import { permissionModel } from "../lib/vault-permission-model";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-cmk-grant-ordering",
    description: "A CMK service made in the same stack as its identity's grant on the key must wait for that grant, the kind its vault reads (a role on an RBAC vault, an access policy on an access-policy vault: each ignores the other): with no dependency between them Pulumi makes both at once, and Azure refuses the service (403 from Key Vault) while the grant is missing or not yet in effect, so the first deploy fails.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a service to the grant it needs"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.roleAssignment, T.accessPolicy, T.vault, T.identity],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN || use.key.managedHsm) continue;
            // A store known only by a name (a deployed SQL server key's) may be an HSM outside the stack: no verdict.
            if (use.key.storeFromName === true && !stack.vaults.has(use.key.vault)) continue;
            // An identity Azure makes with the service (its system-assigned one, Databricks' managed disks) is granted after it, as it must be.
            if (use.identity !== UNKNOWN && use.identity?.principalId !== undefined) continue;
            const identity = stack.identityOf(use);
            if (!identity?.principalId) continue; // an identity from outside the stack: its grants are too
            const key = use.key;
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
            const whose = use.identityNoun ? ` ${use.identityNoun}` : "";
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
