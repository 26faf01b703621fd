import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read } from "../lib/values";

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
        const expires = read(props, "properties", "attributes", "expires");
        // No expiry at all is azure-keyvault-secret-missing-expiry's to report. Counted from creation, as Azure Policy counts it (expiresOn - createdOn).
        if (typeof expires !== "number") return [];
        const span = (expires - Math.floor(Date.now() / 1000)) / DAY;
        if (span <= maxValidityDays) return [];
        return [`The secret expires ${Math.round(span)} days after it is created, over ${maxValidityDays}; set properties.attributes.expires at most ${maxValidityDays} days after creation and replace the secret before then.`];
    },
};
