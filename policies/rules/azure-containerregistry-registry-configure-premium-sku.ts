import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-configure-premium-sku",
    description: "Only Premium registries support customer-managed keys, private endpoints and disabling exports.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Container registries should have SKUs that support Private Links\"", "PSRule Azure.ACR.MinSku (related: it also passes Standard)"],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const sku = read(props, "sku", "name");
        if (sku === UNKNOWN || sameText(sku, "Premium")) return [];
        // A registry with encryption enabled Azure refuses below Premium: azure-containerregistry-registry-enable-cmk-encryption reports its SKU, key known or not.
        const status = read(props, "encryption", "status");
        if (sameText(status, "enabled")) return [];
        // While the status is unknown, a key (known or not) says it will be enabled.
        const key = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
        if (status === UNKNOWN && (key === UNKNOWN || (typeof key === "string" && key !== ""))) return [];
        return [`The registry SKU is ${String(sku)}; set sku.name to "Premium" (needed for customer-managed keys and network isolation).`];
    },
};
