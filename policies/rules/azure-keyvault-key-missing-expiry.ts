import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-missing-expiry",
    description: "A key that never expires is never forced to rotate, so a leaked or weakened key stays valid forever.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "CIS Azure 8.1"],
    mirrors: [
        "Azure Policy \"Key Vault keys should have an expiration date\"",
        "Checkov CKV_AZURE_40",
        "trivy AVD-AZU-0014",
        "Prowler keyvault_key_expiration_set_for_rbac_keyvault / keyvault_key_expiration_set_for_non_rbac_keyvault",
    ],
    resourceTypes: [T.key],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const expires = read(props, "properties", "attributes", "expires");
        const expiryTime = read(props, "properties", "rotationPolicy", "attributes", "expiryTime");
        if (expires === UNKNOWN || expiryTime === UNKNOWN) return [];
        if (typeof expires === "number" || (typeof expiryTime === "string" && expiryTime !== "")) return [];
        return ["The key has no expiry; set properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\") or properties.attributes.expires (epoch seconds)."];
    },
};
