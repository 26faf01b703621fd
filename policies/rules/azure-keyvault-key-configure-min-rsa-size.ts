import { T } from "../lib/azure";
import { refusesRsaSize } from "../lib/key-vault-limits";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { allowedInStack } from "../lib/stack-names";
import { isUnknown, list, read, readNumber, UNKNOWN } from "../lib/values";

type Params = { minRsaKeySize: number; allowedKeyNames: string[] };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-min-rsa-size",
    description: "Short RSA keys fall to factoring sooner than the data they protect stops mattering. Azure AI services accounts and Data Explorer clusters take a 2048-bit key only (azure-keyvault-key-configure-cmk-key-compatibility), so such a key is named in allowedKeyNames (or the stack sets minRsaKeySize to 2048).",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6", "CMMC L2 SC.L2-3.13.11"],
    mirrors: ["Azure Policy \"Keys using RSA cryptography should have a specified minimum key size\""],
    resourceTypes: [T.key],
    parameters: {
        minRsaKeySize: { schema: { type: "integer", enum: [2048, 3072, 4096], description: "Smallest RSA modulus in bits." }, defaults: { baseline: 2048, mcsb: 2048, sovereign: 3072 } },
        allowedKeyNames: { schema: { type: "array", items: { type: "string", pattern: "^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:)?[0-9A-Za-z-]+/[0-9A-Za-z-]+$" }, description: "Keys held below minRsaKeySize (never below Key Vault's 2048) because the service they serve takes no larger, as `<vaultName>/<keyName>`; `<project>/<stack>:<vaultName>/<keyName>` allows it in that stack alone, as a config shared by a policy group's stacks should." }, defaults: everywhere([]) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props, urn }, { minRsaKeySize, allowedKeyNames }) {
        const kty = read(props, "properties", "kty");
        const size = readNumber(props, "properties", "keySize");
        if (kty === UNKNOWN || size === UNKNOWN || typeof kty !== "string" || !kty.toUpperCase().startsWith("RSA")) return [];
        // A size Key Vault refuses is azure-keyvault-key-configure-supported-parameters' to report.
        if (refusesRsaSize(size)) return [];
        // Key Vault creates 2048-bit RSA keys when keySize is omitted, but 4096-bit key exchange keys (keyOps exactly
        // ["import"], as the BYOK specification fixes them): "Default for RSA and RSA-HSM keys is 2048. Exception made for
        // bring your own key (BYOK), key exchange keys default to 4096" (azure-native KeyPropertiesArgs.keySize, from the REST spec).
        const ops = list(props, "properties", "keyOps");
        if (size === undefined && (ops === UNKNOWN || ops.some(isUnknown))) return [];
        const keyExchange = ops !== UNKNOWN && ops.length === 1 && ops[0] === "import";
        const bits = typeof size === "number" ? size : keyExchange ? 4096 : 2048;
        if (bits >= minRsaKeySize) return [];
        const vault = read(props, "vaultName");
        const key = read(props, "keyName");
        if (allowedKeyNames.length > 0 && (isUnknown(vault) || isUnknown(key))) return [];
        if (typeof vault === "string" && typeof key === "string" && allowedInStack(allowedKeyNames)(`${vault}/${key}`, urn)) return [];
        // Its entry, or the form of one while the vault's or key's name is not known yet.
        const entry = typeof vault === "string" && typeof key === "string" ? `${vault}/${key}` : "<vaultName>/<keyName>";
        return [`The RSA key is ${bits} bits, below ${minRsaKeySize}; set properties.keySize to ${minRsaKeySize} or more, or, for a key a service takes at no larger size, name it in allowedKeyNames ("${entry}") in the policy config.`];
    },
};
