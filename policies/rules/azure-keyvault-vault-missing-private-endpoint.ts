import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, read, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-private-endpoint",
    description: "Applications should reach a vault or Managed HSM through a private endpoint: without one, a store closed to public networks serves only trusted Azure services, and an open one is reached over its public endpoint. A manual connection counts once approved (a keyvault.PrivateEndpointConnection in the stack, or Approved among the vault's own).",
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
            violations.push({ urn: view.urn, message: `${noun} ${name} has no private endpoint${consequence(read(view.props, "properties", "publicNetworkAccess"))}; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the ${target}'s id>, groupIds: ["${groupId}"] }].` });
        }
        return violations;
    },
};

/** What the missing endpoint means for the store: closed, its keys serve trusted Azure services alone; open (Key Vault's default when left out), applications come over the internet. */
function consequence(access: unknown): string {
    if (isUnknown(access)) return "";
    return sameText(access, "Disabled")
        ? " and is closed to public networks, so only trusted Azure services can use its keys"
        : ", so applications reach it over its public endpoint";
}
