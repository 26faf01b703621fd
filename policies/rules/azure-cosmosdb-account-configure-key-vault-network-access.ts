import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-cosmosdb-account-configure-key-vault-network-access",
    description: "Cosmos DB reaches its customer-managed key over the vault's public endpoint, through a firewall that lets trusted Azure services by: a vault with public network access disabled, reachable only through private endpoints, cannot be used (Microsoft's Cosmos DB CMK guide), and the account loses its data's key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: scanners check that an account has a customer-managed key, not whether it can reach it"],
    resourceTypes: [T.cosmosAccount, T.vault],
    stackTrigger: T.cosmosAccount,
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const service of stack.services) {
            const { view, use } = service;
            if (view.type !== T.cosmosAccount || use.key === undefined) continue;
            const found = stack.keyStoreOf(service);
            if (found === undefined || found.store.type !== T.vault) continue;
            const publicAccess = read(found.store.props, "properties", "publicNetworkAccess");
            if (publicAccess === UNKNOWN || !sameText(publicAccess, "Disabled")) continue;
            const key = use.key === UNKNOWN ? "its key" : `key ${use.key.vault}/${use.key.key}`;
            violations.push({
                urn: view.urn,
                message: `Cosmos DB account ${view.name} reaches ${key} over the vault's public endpoint, but vault ${found.label} has public network access disabled, which Cosmos DB cannot pass; set the vault's properties.publicNetworkAccess to "Enabled" with properties.networkAcls.defaultAction "Deny" and bypass "AzureServices", or use a key in such a vault.`,
            });
        }
        return violations;
    },
};
