import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { rotatesAutomatically } from "../lib/key-vault-limits";
import { expiresTooSoon, read, readNumber } from "../lib/values";

type Params = { minDaysBeforeExpiry: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-min-days-before-expiry",
    description: "A key that expires within days stops wrapping and encrypting at that moment, and every CMK service on it with it, unless it is rotated first. A key Key Vault rotates itself (a rotate action with a trigger) is left to the rotation rules: its attributes.expires dates only its first version.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Keys should have more than the specified number of days before expiration\""],
    resourceTypes: [T.key],
    parameters: {
        minDaysBeforeExpiry: { schema: { type: "integer", minimum: 1, description: "Fewest days a key may have left before it expires." }, defaults: everywhere(30) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { minDaysBeforeExpiry }) {
        // A key Key Vault rotates has newer versions than the one attributes.expires dates (EncryptionKey keeps that input
        // with ignoreChanges, and the engine sends the kept value): the policy's expiryTime dates them, and the version in
        // use is the rotation rules' and `npm run verify -- --check expiry`'s to judge.
        const rotates = rotatesAutomatically(read(props, "properties", "rotationPolicy"));
        if (rotates !== false) return [];
        const when = expiresTooSoon(readNumber(props, "properties", "attributes", "expires"), minDaysBeforeExpiry);
        return when === undefined ? [] : [`The key ${when}, fewer than the ${minDaysBeforeExpiry} days required; set properties.attributes.expires later, or rotate the key (rotationPolicy) well before it expires.`];
    },
};
