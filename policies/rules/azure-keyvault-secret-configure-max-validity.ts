import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readNumber, UNKNOWN } from "../lib/values";

type Params = { maxValidityDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-secret-configure-max-validity",
    description: "A secret valid for years (a vendor's client secret, a key's passphrase) gives whoever copies it years of use; it must be replaced within a bounded time.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Secrets should have the specified maximum validity period\""],
    resourceTypes: [T.secret],
    parameters: {
        maxValidityDays: { schema: { type: "integer", minimum: 1, description: "Longest validity of a secret in days." }, defaults: everywhere(365) },
    },
};

const DAY = 86400;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { maxValidityDays }) {
        const expires = readNumber(props, "properties", "attributes", "expires");
        if (expires === UNKNOWN) return [];
        // No expiry is unlimited validity: Azure Policy's rule finds a secret without expiresOn non-compliant too (zero is no date).
        if (!(typeof expires === "number" && expires > 0)) {
            return [`The secret has no expiry, so it is valid without limit, over ${maxValidityDays} days; set properties.attributes.expires at most ${maxValidityDays} days after creation and replace the secret before then.`];
        }
        // Counted from creation, as Azure Policy counts it (expiresOn - createdOn).
        const span = (expires - Math.floor(Date.now() / 1000)) / DAY;
        if (span <= maxValidityDays) return [];
        return [`The secret expires ${Math.round(span)} days after it is created, over ${maxValidityDays}; set properties.attributes.expires at most ${maxValidityDays} days after creation and replace the secret before then.`];
    },
};
