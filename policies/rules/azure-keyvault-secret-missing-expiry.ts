import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, readNumber, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-secret-missing-expiry",
    description: "A secret that never expires is never forced to rotate, so a leaked value (a vendor's client secret, a key's passphrase) stays valid forever.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "CIS Azure 8.3"],
    mirrors: [
        "Azure Policy \"Key Vault secrets should have an expiration date\" (stricter: it reports a disabled secret too)",
        "Checkov CKV_AZURE_41 (stricter: it reports a disabled secret too)",
        "trivy AVD-AZU-0017 (stricter: it reports a disabled secret too)",
        "Prowler keyvault_rbac_secret_expiration_set / keyvault_non_rbac_secret_expiration_set (enabled secrets only, as here)",
    ],
    resourceTypes: [T.secret],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // A disabled secret cannot be read: CIS Azure and Prowler judge enabled secrets only (`if not secret.enabled: continue` in
        // prowler/providers/azure/services/keyvault/keyvault_rbac_secret_expiration_set/keyvault_rbac_secret_expiration_set.py and
        // prowler/providers/azure/services/keyvault/keyvault_non_rbac_secret_expiration_set/keyvault_non_rbac_secret_expiration_set.py).
        const enabled = readBoolean(props, "properties", "attributes", "enabled");
        if (enabled === UNKNOWN || enabled === false) return [];
        const expires = readNumber(props, "properties", "attributes", "expires");
        // Zero is no date (the epoch), as scanners read a zero time.
        if (expires === UNKNOWN || (typeof expires === "number" && expires > 0)) return [];
        return ["The secret has no expiry; set properties.attributes.expires (epoch seconds) and rotate the secret before then."];
    },
};
