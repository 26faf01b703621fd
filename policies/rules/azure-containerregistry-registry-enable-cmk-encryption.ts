import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-enable-cmk-encryption",
    description: "A registry encrypted with Microsoft's keys cannot be revoked by its owner, and CMK can only be turned on when the registry is created, on a Premium registry (Azure refuses a key on another SKU).",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Container registries should be encrypted with a customer-managed key\""],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const status = read(props, "encryption", "status");
        if (status === UNKNOWN) return [];
        const enabled = sameText(status, "enabled");
        if (enabled) {
            const sku = read(props, "sku", "name");
            // Judged whatever the key: on a first preview it is another resource's output, and Azure refuses the SKU either way.
            // A registry without a SKU is one ARM refuses whatever its key.
            if (sku !== UNKNOWN && sku !== undefined && !sameText(sku, "Premium")) {
                return [`The registry's SKU is ${String(sku)}, and Azure takes a customer-managed key only on a Premium registry; set sku.name to "Premium" when creating it.`];
            }
        }
        const key = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
        if (key === UNKNOWN || (enabled && typeof key === "string" && key !== "")) return [];
        return ["The registry is not encrypted with a customer-managed key; set encryption.status to \"enabled\" with encryption.keyVaultProperties.keyIdentifier and identity when creating it."];
    },
};
