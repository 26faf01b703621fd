import { T, TRUSTED_CMK_SERVICE_TYPES } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-trusted-services-bypass",
    description: "Registries, storage accounts and their encryption scopes, disk encryption sets, Cosmos DB accounts, SQL servers (and their keys) and managed instances, PostgreSQL and MySQL servers, Event Hubs and Service Bus namespaces, AI services accounts, data factories and Recovery Services vaults reach their keys as trusted Microsoft services; a vault or Managed HSM firewall without that bypass locks them out of their data.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 NS-2", "MCSB v2 DP-5"],
    mirrors: ["None: scanners check the bypass alone, not whether a CMK service needs it"],
    resourceTypes: [T.vault, T.managedHsm, ...TRUSTED_CMK_SERVICE_TYPES],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const violations: StackViolation[] = [];
        for (const { vault, label, service: { view, use } } of StackIndex.of(resources).cmkVaults(TRUSTED_CMK_SERVICE_TYPES)) {
            const bypass = read(vault.props, "properties", "networkAcls", "bypass");
            const action = read(vault.props, "properties", "networkAcls", "defaultAction");
            const access = read(vault.props, "properties", "publicNetworkAccess");
            if (bypass === UNKNOWN || action === UNKNOWN || access === UNKNOWN) continue;
            const closed = sameText(action, "Deny") || sameText(access, "Disabled");
            // Left out (networkAcls too), Azure takes AzureServices for a vault and a Managed HSM alike (NetworkRuleSet, MHSMNetworkRuleSet): only None shuts them out.
            if (!closed || !sameText(bypass, "None")) continue;
            violations.push({ urn: vault.urn, message: `${vault.type === T.managedHsm ? "Managed HSM" : "Vault"} ${label} is closed to public networks without the trusted-services bypass, which ${use.service} ${view.name} needs; set properties.networkAcls.bypass to "AzureServices".` });
        }
        return violations;
    },
};
