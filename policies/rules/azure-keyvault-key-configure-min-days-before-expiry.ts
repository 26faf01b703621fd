import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { firstRotation } from "../lib/key-vault-limits";
import { expiresTooSoon, read, readNumber, UNKNOWN } from "../lib/values";

type Params = { minDaysBeforeExpiry: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-min-days-before-expiry",
    description: "A key that expires within days stops wrapping and encrypting at that moment, and every CMK service on it with it, unless it is rotated first. A key Key Vault rotates itself passes only when its first rotation (timeAfterCreate counted from now, the creation a preview makes; timeBeforeExpiry back from attributes.expires) comes at least the minimum days before attributes.expires; later versions are the rotation rules' to judge.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy 5ff38825-c5d8-47c5-b70e-069a21955146 \"Keys should have more than the specified number of days before expiration\" (it reads the current version whatever the rotation policy says; a rotating key passes here when rotation replaces its first version before that version enters its last days)"],
    resourceTypes: [T.key],
    parameters: {
        minDaysBeforeExpiry: { schema: { type: "integer", minimum: 1, description: "Fewest days a key may have left before it expires." }, defaults: everywhere(30) },
    },
};

const DAY = 86400;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { minDaysBeforeExpiry }) {
        const expires = readNumber(props, "properties", "attributes", "expires");
        const when = expiresTooSoon(expires, minDaysBeforeExpiry);
        if (when === undefined || typeof expires !== "number") return [];
        // attributes.expires dates the first version only; rotation replaces it, so it counts when it comes before that
        // version's last days. Inputs carry no creation time: the key a preview creates is created now.
        const rotation = firstRotation(read(props, "properties", "rotationPolicy"), Math.floor(Date.now() / 1000), expires);
        if (rotation === UNKNOWN || (rotation !== undefined && rotation <= expires - minDaysBeforeExpiry * DAY)) return [];
        if (rotation === undefined) {
            return [`The key ${when}, fewer than the ${minDaysBeforeExpiry} days required; set properties.attributes.expires later, or rotate the key (rotationPolicy) well before it expires.`];
        }
        const on = new Date(rotation * 1000).toISOString().slice(0, 10);
        return [`The key ${when}, fewer than the ${minDaysBeforeExpiry} days required, and its rotation policy first replaces it on ${on}, later than that; set properties.attributes.expires later, or trigger the rotate action at least ${minDaysBeforeExpiry} days before it expires.`];
    },
};
