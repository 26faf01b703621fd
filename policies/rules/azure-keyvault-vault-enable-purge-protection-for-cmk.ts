import { CMK_SERVICE_TYPES, keyId, T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-purge-protection-for-cmk",
    description: "Azure refuses, or later breaks, customer-managed encryption whose key vault lacks purge protection, and a purged CMK key makes the service's data unreadable for good.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 DP-8"],
    mirrors: ["None: no public rule set follows a service to its key's vault"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.vault],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = new StackIndex(resources);
        const violations: StackViolation[] = [];
        const reported = new Set<string>();
        for (const { view, use } of stack.services) {
            if (use.key === undefined || use.key === UNKNOWN) continue;
            const vault = stack.vaults.get(use.key.vault);
            if (!vault || reported.has(vault.urn)) continue;
            const purge = read(vault.props, "properties", "enablePurgeProtection");
            if (purge === UNKNOWN || purge === true) continue;
            reported.add(vault.urn);
            violations.push({
                urn: vault.urn,
                message: `Vault ${use.key.vault} holds key ${keyId(use.key)} that ${use.service} ${view.name} encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the vault.`,
            });
        }
        return violations;
    },
};
