import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowedKeyTypes: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-allowed-key-types",
    description: "An organisation names the key types its keys may have (RSA or EC, in software or an HSM); any other type is one no procedure covers. Whether a key is in an HSM is azure-keyvault-key-enforce-hsm-backed's to judge.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Keys should be the specified cryptographic type RSA or EC\""],
    resourceTypes: [T.key],
    parameters: {
        allowedKeyTypes: {
            schema: { type: "array", items: { type: "string", enum: ["RSA", "RSA-HSM", "EC", "EC-HSM", "oct-HSM"] }, description: "Key types (kty) allowed." },
            // Azure Policy's default list; the HSM requirement is a rule of its own.
            defaults: everywhere(["RSA", "RSA-HSM", "EC", "EC-HSM"]),
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
