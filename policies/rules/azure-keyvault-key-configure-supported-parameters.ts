import { T } from "../lib/azure";
import { refusesCurve, refusesRsaSize, RSA_ONLY_OPERATIONS } from "../lib/key-vault-limits";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { isUnknown, list, read, readNumber, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-supported-parameters",
    description: "Key Vault makes RSA keys of 2048, 3072 or 4096 bits and EC keys on P-256, P-384, P-521 or P-256K that only sign and verify; it refuses any other key, so the deploy fails.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: scanners judge a key's size or curve against a minimum or a list, not against what Key Vault makes"],
    resourceTypes: [T.key],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const kty = read(props, "properties", "kty");
        if (isUnknown(kty) || typeof kty !== "string") return [];
        const type = kty.toUpperCase();
        const size = readNumber(props, "properties", "keySize");
        const curve = read(props, "properties", "curveName");
        const messages: string[] = [];
        // A curveName on an RSA key is left alone: no Key Vault source says the service refuses it (lowkey-vault ignores crv there).
        if (type === "RSA" || type === "RSA-HSM") {
            if (refusesRsaSize(size)) {
                messages.push(`The RSA key is ${String(size)} bits, a size Key Vault does not make; set properties.keySize to 2048, 3072 or 4096.`);
            }
            return messages;
        }
        if (type !== "EC" && type !== "EC-HSM") return [];
        if (refusesCurve(curve)) {
            messages.push(`The EC key's curve ${String(curve)} is none Key Vault makes; set properties.curveName to P-256, P-384, P-521 or P-256K.`);
        }
        const ops = list(props, "properties", "keyOps");
        if (ops !== UNKNOWN) {
            const refused = ops.filter((o): o is string => typeof o === "string" && !isUnknown(o) && RSA_ONLY_OPERATIONS.includes(o));
            if (refused.length > 0) {
                messages.push(`The ${kty} key allows ${refused.join(", ")}, which Key Vault refuses on an EC key (EC keys only sign and verify); set properties.keyOps to ["sign", "verify"], or make an RSA key to encrypt or wrap.`);
            }
        }
        return messages;
    },
};
