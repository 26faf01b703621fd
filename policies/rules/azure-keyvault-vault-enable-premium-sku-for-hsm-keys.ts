import { keySetting } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { StackIndex } from "../lib/stack";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-premium-sku-for-hsm-keys",
    description: "HSM-protected keys (RSA-HSM, EC-HSM) exist only in premium vaults; a standard vault fails the deployment.",
    severity: "medium",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["none of the public rule sets ties the SKU to the keys (Key Vault refuses an HSM key in a standard vault at deploy time)"],
    resourceTypes: ["azure-native:keyvault:Vault", "azure-native:keyvault:Key"],
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stack = StackIndex.of(resources);
        const violations: StackViolation[] = [];
        for (const { key, label, vault, vaultLabel } of stack.vaultKeys()) {
            const kty = keySetting(key.props, "kty");
            if (typeof kty !== "string" || !kty.toUpperCase().endsWith("-HSM")) continue;
            const sku = read(vault.props, "properties", "sku", "name");
            if (sku === UNKNOWN || sameText(sku, "premium")) continue;
            violations.push({ urn: vault.urn, message: `Vault ${vaultLabel} ${skuState(sku)} and holds ${kty} key ${label}; set properties.sku.name to "premium" or ask for a software key type.` });
        }
        return violations;
    },
};

/** What the vault's properties.sku.name says, for the message: its name, or that it gives none. */
function skuState(sku: unknown): string {
    if (typeof sku === "string" && sku !== "") return `is ${sku}`;
    if (sku === undefined || sku === "") return "has no SKU set";
    return `has ${Array.isArray(sku) ? "an array" : typeof sku === "object" ? "an object" : `a ${typeof sku}`} for its SKU name`;
}
