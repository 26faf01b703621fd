import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";
import Ajv from "ajv";
import { configSchemaOf } from "../../../policies/lib/rule";
import { metadata } from "../../../policies/rules/azure-keyvault-key-configure-min-rsa-size";

const RULE = "azure-keyvault-key-configure-min-rsa-size";

/** The known-good RSA-HSM key with no keySize written, and these key operations. */
const unsized = (keyOps: unknown) => view(TYPES.key, withField(withField(good.key(), "properties.keySize", undefined), "properties.keyOps", keyOps));

describe("an RSA key without keySize", () => {
    // "Default for RSA and RSA-HSM keys is 2048. Exception made for bring your own key (BYOK), key exchange keys default
    // to 4096" (azure-native KeyPropertiesArgs.keySize); Azure Policy's minimum-size rule reads the size Key Vault made.
    test("is a 4096-bit key exchange key when its keyOps are exactly [\"import\"], which passes the sovereign minimum", () => {
        expect(resourceMessages(RULE, unsized(["import"]), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, unsized(["import"]), { minRsaKeySize: 4096 })).toEqual([]);
    });

    test("is a 2048-bit key otherwise, which the sovereign minimum still reports", () => {
        const below = ["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."];
        expect(resourceMessages(RULE, unsized(["wrapKey", "unwrapKey"]), {}, "sovereign")).toEqual(below);
        expect(resourceMessages(RULE, unsized(undefined), {}, "sovereign")).toEqual(below);
        // Only a key that imports and does nothing else is a key exchange key.
        expect(resourceMessages(RULE, unsized(["import", "wrapKey"]), {}, "sovereign")).toEqual(below);
    });

    test("gives no verdict while its keyOps are not known yet, when it may be a key exchange key", () => {
        expect(resourceMessages(RULE, unsized(UNKNOWN_STRING), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, unsized([UNKNOWN_STRING]), {}, "sovereign")).toEqual([]);
    });
});

test("a key exchange key whose keySize is written is judged by it", () => {
    const kek = view(TYPES.key, withField(withField(good.key(), "properties.keySize", 2048), "properties.keyOps", ["import"]));
    expect(resourceMessages(RULE, kek, {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."]);
});

test("a keySize written as a string is judged as the number ARM reads: \"4096\" passes the sovereign minimum, \"2048\" does not", () => {
    const sized = (size: string) => view(TYPES.key, withField(good.key(), "properties.keySize", size));
    expect(resourceMessages(RULE, sized("4096"), {}, "sovereign")).toEqual([]);
    expect(resourceMessages(RULE, sized("2048"), {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."]);
});

describe("allowedKeyNames: a key held at 2048 bits for a service that takes no larger (Azure AI services, Data Explorer)", () => {
    const short = (extra: Record<string, unknown> = {}, stack = "dev") =>
        view(TYPES.key, { ...withField(good.key(), "properties.keySize", 2048), ...extra }, { urn: `urn:pulumi:${stack}::azure-byok::azure-native:keyvault:Key::cmk` });

    test("passes the key it names, as <vaultName>/<keyName> in any case, and still reports every other short key", () => {
        expect(resourceMessages(RULE, short(), { allowedKeyNames: ["KV-Good/CMK"] }, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, short({ keyName: "cmk-storage" }), { allowedKeyNames: ["kv-good/cmk"] }, "sovereign")).toEqual([
            "The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk-storage\") in the policy config.",
        ]);
        // The same key name in another vault is another key.
        expect(resourceMessages(RULE, short({ vaultName: "kv-other" }), { allowedKeyNames: ["kv-good/cmk"] }, "sovereign")).toHaveLength(1);
    });

    test("<project>/<stack>:<vaultName>/<keyName> passes it in that stack alone", () => {
        const allowed = { allowedKeyNames: ["azure-byok/prod:kv-good/cmk"] };
        expect(resourceMessages(RULE, short({}, "prod"), allowed, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, short({}, "dev"), allowed, "sovereign")).toHaveLength(1);
    });

    test("gives no verdict while the key's vault or name is not known yet, when an entry may name it", () => {
        expect(resourceMessages(RULE, short({ vaultName: UNKNOWN_STRING }), { allowedKeyNames: ["kv-good/cmk"] }, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, short({ vaultName: UNKNOWN_STRING }), {}, "sovereign")).toEqual([
            "The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"<vaultName>/<keyName>\") in the policy config.",
        ]);
    });

    test("takes only key names Key Vault could have, qualified or not", () => {
        const valid = new Ajv().compile({ type: "object", ...configSchemaOf(metadata) });
        expect(valid({ allowedKeyNames: ["kv-good/cmk", "azure-byok/prod.eu-1:kv-good/cmk"] })).toBe(true);
        expect(valid({ allowedKeyNames: ["cmk"] })).toBe(false);
        expect(valid({ allowedKeyNames: ["kv-good/cmk_1"] })).toBe(false);
    });
});
