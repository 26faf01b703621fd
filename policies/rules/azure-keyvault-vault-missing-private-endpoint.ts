import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-private-endpoint",
    description: "A vault or Managed HSM closed to public networks is reachable by applications only through a private endpoint; without one, only trusted Azure services can use its keys.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 NS-2", "CIS Azure 3.3.7 (v3)"],
    mirrors: [
        "Azure Policy \"Azure Key Vaults should use private link\"",
        "Azure Policy \"[Preview]: Azure Key Vault Managed HSM should use private link\"",
        "Checkov CKV2_AZURE_32",
        "Prowler keyvault_private_endpoints",
    ],
    resourceTypes: [T.vault, T.managedHsm, T.privateEndpoint],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = new StackIndex(resources);
        const violations: StackViolation[] = [];
        for (const [name, vault] of stack.vaults) {
            if (stack.hasPrivateEndpoint(name, vault) !== false) continue;
            violations.push({ urn: vault.urn, message: `Vault ${name} has no private endpoint; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the vault's id>, groupIds: ["vault"] }].` });
        }
        for (const [name, hsm] of stack.managedHsms) {
            if (stack.hasPrivateEndpoint(name, hsm) !== false) continue;
            violations.push({ urn: hsm.urn, message: `Managed HSM ${name} has no private endpoint; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the HSM's id>, groupIds: ["managedhsm"] }].` });
        }
        return violations;
    },
};
