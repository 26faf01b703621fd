import { T } from "../lib/azure";
import { everywhere, ResourceView, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { isUnknown, list, read, UNKNOWN, Unknown } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-missing-private-endpoint",
    description: "A vault closed to public networks is reachable by applications only through a private endpoint; without one, only trusted Azure services can use its keys.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 NS-2", "CIS Azure 3.3.7 (v3)"],
    mirrors: ["Azure Policy \"Azure Key Vaults should use private link\"", "Prowler keyvault_private_endpoints"],
    resourceTypes: [T.vault, T.privateEndpoint],
    parameters: {},
};

const CONNECTIONS = ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"];

/** The vault names an endpoint connects to, or UNKNOWN when a target is not known yet. */
function targets(endpoint: ResourceView): string[] | Unknown {
    const names: string[] = [];
    for (const property of CONNECTIONS) {
        const connections = list(endpoint.props, property);
        if (connections === UNKNOWN) return UNKNOWN;
        for (const connection of connections) {
            const id = read(connection, "privateLinkServiceId");
            if (isUnknown(id)) return UNKNOWN;
            const vault = typeof id === "string" ? /\/providers\/microsoft\.keyvault\/vaults\/([^/]+)\/?$/i.exec(id)?.[1] : undefined;
            if (vault) names.push(vault.toLowerCase());
        }
    }
    return names;
}

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = new StackIndex(resources);
        const endpoints = resources.filter((r) => r.type === T.privateEndpoint).map((e): { endpoint: ResourceView; vaults: string[] | Unknown } => ({ endpoint: e, vaults: targets(e) }));
        const violations: StackViolation[] = [];
        for (const [name, vault] of stack.vaults) {
            // Endpoints made outside the stack show in the vault's own connections.
            const existing = list(vault.props, "properties", "privateEndpointConnections");
            if (existing === UNKNOWN || existing.length > 0) continue;
            const reaching = endpoints.filter(({ endpoint, vaults }) =>
                vaults === UNKNOWN || vaults.includes(name.toLowerCase()) || CONNECTIONS.some((p) => stack.dependents(vault, T.privateEndpoint, p).includes(endpoint)));
            if (reaching.length > 0) continue;
            violations.push({ urn: vault.urn, message: `Vault ${name} has no private endpoint; add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the vault's id>, groupIds: ["vault"] }].` });
        }
        return violations;
    },
};
