import { CMK_SERVICE_TYPES, keyId, T, vaultNoun } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-purge-protection-for-cmk",
    description: "Azure refuses, or later breaks, customer-managed encryption whose key vault or Managed HSM lacks purge protection, and a purged CMK key makes the service's data unreadable for good.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 DP-8"],
    mirrors: ["None: no public rule set follows a service to its key's vault"],
    resourceTypes: [...CMK_SERVICE_TYPES, T.vault, T.managedHsm],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const violations: StackViolation[] = [];
        for (const { vault, key, label, service: { view, use } } of StackIndex.of(resources).cmkVaults()) {
            const purge = readBoolean(vault.props, "properties", "enablePurgeProtection");
            // Left out, a Managed HSM pool gets purge protection (the API's default), a vault none.
            if (purge === UNKNOWN || purge === true || (purge === undefined && vault.type === T.managedHsm)) continue;
            const noun = vaultNoun(vault.type);
            violations.push({
                urn: vault.urn,
                message: `${noun === "vault" ? "Vault" : "Managed HSM"} ${label} holds ${key ? `key ${keyId(key)}` : "the key"} that ${use.service} ${view.name} encrypts with, and has no purge protection; set properties.enablePurgeProtection to true on the ${noun}.`,
            });
        }
        return violations;
    },
};
