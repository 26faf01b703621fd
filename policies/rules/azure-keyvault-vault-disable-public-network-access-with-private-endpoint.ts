import { T } from "../lib/azure";
import { RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint",
    description: "A vault its applications reach through a private endpoint has no reason to accept public traffic too; a firewall rule left open beside the endpoint is a second way in that no one watches.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 NS-2"],
    mirrors: ["Prowler keyvault_access_only_through_private_endpoints"],
    resourceTypes: [T.vault, T.privateEndpoint],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const [name, vault] of stack.vaults) {
            if (stack.hasPrivateEndpoint(name, vault) !== true) continue;
            const access = read(vault.props, "properties", "publicNetworkAccess");
            // Left out, Key Vault takes public network access as enabled.
            if (access === UNKNOWN || sameText(access, "disabled")) continue;
            violations.push({
                urn: vault.urn,
                message: `Vault ${name} is reached through a private endpoint but still accepts public network traffic (publicNetworkAccess ${typeof access === "string" ? access : "not set, so Enabled"}); set properties.publicNetworkAccess to "Disabled" so it is reached only through its private endpoint.`,
            });
        }
        return violations;
    },
};
