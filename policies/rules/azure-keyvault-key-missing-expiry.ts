import { T } from "../lib/azure";
import { rotatedVersionsNeverExpire } from "../lib/key-vault-limits";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, readNumber, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-missing-expiry",
    description: "A key that never expires is never forced to rotate, so a leaked or weakened key stays valid forever.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "CIS Azure 8.1"],
    mirrors: [
        "Azure Policy \"Key Vault keys should have an expiration date\" (it reads each key's current version, so a key whose rotation policy rotates without expiryTime fails it from the first rotation on; stricter: it reports a disabled key too)",
        "Checkov CKV_AZURE_40 (its Terraform check reads expiration_date; its ARM check reads only the rotation policy's expiryTime, so it fails a key with attributes.exp and no rotation policy, which this rule and Azure Policy pass; stricter: both report a disabled key too)",
        "trivy AVD-AZU-0014 (stricter: it reports a disabled key too)",
        "Prowler keyvault_rbac_key_expiration_set / keyvault_key_expiration_set_in_non_rbac (enabled keys only, as here)",
    ],
    resourceTypes: [T.key],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // A disabled key encrypts nothing: CIS Azure and Prowler judge enabled keys only (`if not key.enabled: continue` in
        // prowler/providers/azure/services/keyvault/keyvault_rbac_key_expiration_set/keyvault_rbac_key_expiration_set.py and
        // prowler/providers/azure/services/keyvault/keyvault_key_expiration_set_in_non_rbac/keyvault_key_expiration_set_in_non_rbac.py).
        const enabled = readBoolean(props, "properties", "attributes", "enabled");
        if (enabled === UNKNOWN || enabled === false) return [];
        // A rotation policy's expiryTime dates only the versions rotation creates: the first version's exp is attributes.expires.
        const expires = readNumber(props, "properties", "attributes", "expires");
        // Zero is no date (the epoch), as scanners read a zero time.
        if (expires !== UNKNOWN && !(typeof expires === "number" && expires > 0)) {
            return ["The key has no expiry; set properties.attributes.expires (epoch seconds) for its first version, and properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\") for the versions rotation creates."];
        }
        if (rotatedVersionsNeverExpire(read(props, "properties", "rotationPolicy")) === true) {
            return ["The key's rotation policy rotates it but sets no expiryTime, so every version rotation creates has no expiry; set properties.rotationPolicy.attributes.expiryTime (e.g. \"P1Y\")."];
        }
        return [];
    },
};
