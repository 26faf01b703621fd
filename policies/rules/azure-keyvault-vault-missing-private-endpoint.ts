import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-private-endpoint",
    description: "A vault or Managed HSM closed to public networks is reachable by applications only through a private endpoint; without one, only trusted Azure services can use its keys. A manual connection counts once approved (a keyvault.PrivateEndpointConnection in the stack, or Approved among the vault's own).",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 NS-2", "CIS Azure 3.3.7 (v3)"],
    mirrors: [
        "Azure Policy \"Azure Key Vaults should use private link\"",
        "Azure Policy \"[Preview]: Azure Key Vault Managed HSM should use private link\"",
        "Checkov CKV2_AZURE_32",
        "Prowler keyvault_private_endpoints",
    ],
    resourceTypes: [T.vault, T.managedHsm, T.privateEndpoint, T.vaultEndpointConnection, T.hsmEndpointConnection],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { name, view, noun } of stack.keyStores()) {
            if (stack.hasPrivateEndpoint(name, view) !== false) continue;
            const [target, groupId] = noun === "Vault" ? ["vault", "vault"] : ["HSM", "managedhsm"];
            violations.push({ urn: view.urn, message: `${noun} ${name} has no private endpoint; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the ${target}'s id>, groupIds: ["${groupId}"] }].` });
        }
        return violations;
    },
};
