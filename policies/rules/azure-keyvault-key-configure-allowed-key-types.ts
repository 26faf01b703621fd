import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowedKeyTypes: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-allowed-key-types",
    description: "Software-protected keys exist in plaintext in Key Vault's memory; regulated workloads require keys that never leave an HSM.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "FIPS 140-2 Level 2/3"],
    mirrors: ["Azure Policy \"Keys should be backed by a hardware security module (HSM)\"", "Azure Policy \"Keys should be the specified cryptographic type RSA or EC\"", "Checkov CKV_AZURE_112"],
    resourceTypes: [T.key],
    parameters: {
        allowedKeyTypes: {
            schema: { type: "array", items: { type: "string", enum: ["RSA", "RSA-HSM", "EC", "EC-HSM", "oct-HSM"] }, description: "Key types (kty) allowed." },
            // HSM keys everywhere, as the components make them; a software key is advisory outside sovereign.
            defaults: everywhere(["RSA-HSM", "EC-HSM"]),
        },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowedKeyTypes }) {
        const kty = read(props, "properties", "kty");
        if (kty === UNKNOWN || typeof kty !== "string" || allowedKeyTypes.some((t) => t.toLowerCase() === kty.toLowerCase())) return [];
        return [`The key type is ${kty}, not one of ${allowedKeyTypes.join(", ")}; set properties.kty to one of them.`];
    },
};
