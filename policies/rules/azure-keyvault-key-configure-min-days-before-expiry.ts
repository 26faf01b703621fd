import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { firstRotation } from "../lib/key-vault-limits";
import { expiresTooSoon, read, readNumber, UNKNOWN } from "../lib/values";

type Params = { minDaysBeforeExpiry: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-min-days-before-expiry",
    description: "A key that expires within days stops wrapping and encrypting at that moment, and every CMK service on it with it, unless it is rotated first. A key Key Vault rotates before expiry (timeBeforeExpiry) passes only when that rotation comes at least the minimum days before attributes.expires. A key rotated after creation (timeAfterCreate), or whose attributes.expires has passed while it rotates, is left to the rotation rules and `npm run verify -- --check expiry`: attributes.expires dates only its first version (EncryptionKey keeps it with ignoreChanges) and a resource's inputs do not say when a deployed key was created.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy 5ff38825-c5d8-47c5-b70e-069a21955146 \"Keys should have more than the specified number of days before expiration\" (it reads the current version whatever the rotation policy says; here a key rotated before expiry passes when rotation replaces its first version before that version enters its last days, and a key rotated after creation, or whose first version's expiry has passed while it rotates, is not judged here, so it is stricter for a new key whose first expiry comes before its first timeAfterCreate rotation)"],
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
        // version's last days. Once that expiry has passed on a rotating key, the version it dates is a superseded one.
        const rotation = firstRotation(read(props, "properties", "rotationPolicy"), expires);
        if (rotation === UNKNOWN || (rotation !== undefined && (rotation <= expires - minDaysBeforeExpiry * DAY || expires * 1000 < Date.now()))) return [];
        if (rotation === undefined) {
            return [`The key ${when}, fewer than the ${minDaysBeforeExpiry} days required; set properties.attributes.expires later, or rotate the key (rotationPolicy) well before it expires.`];
        }
        const on = new Date(rotation * 1000).toISOString().slice(0, 10);
        return [`The key ${when}, fewer than the ${minDaysBeforeExpiry} days required, and its rotation policy first replaces it on ${on}, later than that; set properties.attributes.expires later, or trigger the rotate action at least ${minDaysBeforeExpiry} days before it expires.`];
    },
};
