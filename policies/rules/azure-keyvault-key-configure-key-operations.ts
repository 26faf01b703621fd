import { T } from "../lib/azure";
import { isEcKeyType, RSA_ONLY_OPERATIONS } from "../lib/key-vault-limits";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { isUnknown, list, read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-key-operations",
    description: "A key that may do everything can be misused for everything; a CMK key wraps and unwraps, a signing key signs and verifies, a BYOK key exchange key only imports (an RSA-HSM key), and none does another's job.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "NIST SP 800-57 5.2 (one key, one purpose)", "Azure Key Vault BYOK specification (key exchange key)"],
    mirrors: ["None: no public rule set checks key operations"],
    resourceTypes: [T.key],
    parameters: {},
};

const ENCRYPTION = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
const SIGNING = ["sign", "verify"];

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = read(props, "properties", "keyOps");
        if (value === UNKNOWN) return [];
        if (value === undefined) {
            return ["The key allows every operation; set properties.keyOps to what it is for, [\"wrapKey\", \"unwrapKey\"] for a customer-managed key."];
        }
        const ops = list(props, "properties", "keyOps");
        if (ops === UNKNOWN || ops.some(isUnknown)) return [];
        // On an EC key, Key Vault refuses the operations of RSA keys: azure-keyvault-key-configure-supported-parameters reports them.
        const ec = isEcKeyType(read(props, "properties", "kty"));
        const names = ops.filter((o): o is string => typeof o === "string" && !(ec && RSA_ONLY_OPERATIONS.includes(o)));
        const messages: string[] = [];
        if (names.some((o) => ENCRYPTION.includes(o)) && names.some((o) => SIGNING.includes(o))) {
            messages.push(`The key both encrypts and signs (${names.join(", ")}); use one key for wrapKey/unwrapKey or encrypt/decrypt and another for sign/verify.`);
        }
        if (names.includes("import")) {
            const others = names.filter((o) => o !== "import");
            if (others.length > 0) {
                messages.push(`The key exchange key (import) also allows ${others.join(", ")}; a KEK has fixed key_ops, import only (Key Vault's BYOK specification), so set properties.keyOps to ["import"] and use another key for the rest.`);
            }
            const kty = read(props, "properties", "kty");
            if (typeof kty === "string" && kty.toUpperCase() !== "RSA-HSM") {
                messages.push(`The key exchange key (import) is ${kty}; a KEK is an RSA-HSM key (Key Vault's BYOK specification), so set properties.kty to "RSA-HSM" in a premium vault.`);
            }
        }
        if (names.includes("wrapKey") !== names.includes("unwrapKey")) {
            messages.push("The key has only one of wrapKey and unwrapKey, so data it wraps cannot be recovered (or nothing can be wrapped); list both in properties.keyOps.");
        }
        return messages;
    },
};
