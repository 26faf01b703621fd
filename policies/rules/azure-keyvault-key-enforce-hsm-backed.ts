import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = { allowSoftwareKeys: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-enforce-hsm-backed",
    description: "Software-protected keys exist in plaintext in Key Vault's memory; regulated workloads require keys that never leave an HSM.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "FIPS 140-2 Level 2/3"],
    mirrors: ["Azure Policy \"Keys should be backed by a hardware security module (HSM)\"", "Checkov CKV_AZURE_112"],
    resourceTypes: [T.key],
    parameters: {
        allowSoftwareKeys: { schema: { type: "boolean", description: "Let software-protected keys (RSA, EC) pass." }, defaults: { baseline: false, mcsb: false, sovereign: false } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { allowSoftwareKeys }) {
        const kty = read(props, "properties", "kty");
        if (allowSoftwareKeys || kty === UNKNOWN) return [];
        // Key Vault creates no key without a type (create-key's KeyCreateParameters requires kty), though ARM's
        // KeyProperties schema leaves it optional: a key that names none is not shown to be HSM-backed (Checkov CKV_AZURE_112 fails it too).
        if (kty === undefined) {
            return ["The key names no type, so nothing makes it HSM-backed and Key Vault refuses to create it; set properties.kty to RSA-HSM or EC-HSM (a premium vault)."];
        }
        // An HSM key's type ends in -HSM (RSA-HSM, EC-HSM, oct-HSM), in any case.
        if (typeof kty !== "string" || /-hsm$/i.test(kty)) return [];
        return [`The key type is ${kty}, protected in software; set properties.kty to ${kty.toUpperCase().startsWith("EC") ? "EC-HSM" : "RSA-HSM"} (a premium vault), or allow software keys by name (allowSoftwareKeys).`];
    },
};
