import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { Service, StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN, Unknown } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint",
    description: "A vault its applications reach through a private endpoint has no reason to accept public traffic too; a firewall rule left open beside the endpoint is a second way in that no one watches (a vault whose key a Cosmos DB account uses keeps its public endpoint, which Cosmos DB needs, behind a firewall that denies by default).",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 NS-2"],
    mirrors: [
        "Prowler keyvault_access_only_through_private_endpoints",
        "Azure Policy \"Azure Key Vault should have firewall enabled or public network access disabled\" (for a vault whose key a Cosmos DB account uses: its firewall must deny by default)",
    ],
    resourceTypes: [T.vault, T.privateEndpoint, T.cosmosAccount],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        const cosmos = cosmosVaults(stack);
        for (const [name, vault] of stack.vaults) {
            if (stack.hasPrivateEndpoint(name, vault) !== true) continue;
            const access = read(vault.props, "properties", "publicNetworkAccess");
            // Left out, Key Vault takes public network access as enabled.
            if (access === UNKNOWN || sameText(access, "disabled")) continue;
            // A Cosmos DB account whose key's vault is not known yet (a preview) may be this vault's.
            if (cosmos === UNKNOWN) continue;
            const account = cosmos.get(vault.urn);
            if (account !== undefined) {
                // Microsoft's Cosmos DB CMK guide: the vault "must be accessible through public network access or allow
                // trusted Microsoft services to bypass its firewall"; one "exclusively accessible through private endpoints
                // can't be used". Closing it is no fix, so the firewall's default Deny is what this rule asks of it.
                const action = read(vault.props, "properties", "networkAcls", "defaultAction");
                if (action === UNKNOWN || sameText(action, "deny")) continue;
                violations.push({
                    urn: vault.urn,
                    message: `Vault ${name} is reached through a private endpoint and keeps public network access for ${account.use.service} ${account.view.name}, which cannot use a key in a vault reachable only through private endpoints, but its firewall lets every network in (networkAcls.defaultAction ${typeof action === "string" ? action : "not set, so Allow"}); set properties.networkAcls.defaultAction to "Deny" with bypass "AzureServices", and leave publicNetworkAccess Enabled, which Cosmos DB needs.`,
                });
                continue;
            }
            violations.push({
                urn: vault.urn,
                message: `Vault ${name} is reached through a private endpoint but still accepts public network traffic (publicNetworkAccess ${typeof access === "string" ? access : "not set, so Enabled"}); set properties.publicNetworkAccess to "Disabled" so it is reached only through its private endpoint.`,
            });
        }
        return violations;
    },
};

/**
 * The stack's vaults whose key a Cosmos DB account uses, each with the first such account (by the
 * vault's URN); UNKNOWN while an account's key names no vault yet (its URL unknown and no
 * dependency to follow), since that vault may be any of them.
 */
function cosmosVaults(stack: StackIndex): Map<string, Service> | Unknown {
    const accounts = stack.services.filter((s) => s.view.type === T.cosmosAccount);
    if (accounts.some((s) => s.use.key === UNKNOWN && stack.keyStoreOf(s) === undefined)) return UNKNOWN;
    return new Map(stack.cmkVaults([T.cosmosAccount]).map(({ vault, service }) => [vault.urn, service]));
}
