import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

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
        const notBefore = read(props, "properties", "attributes", "notBefore");
        // No expiry at all is azure-keyvault-secret-missing-expiry's to report.
        if (typeof expires !== "number" || notBefore === UNKNOWN) return [];
        const start = typeof notBefore === "number" ? notBefore : Math.floor(Date.now() / 1000);
        const span = (expires - start) / DAY;
        if (span <= maxValidityDays) return [];
        return [`The secret expires ${Math.round(span)} days after it becomes valid, over ${maxValidityDays}; set properties.attributes.expires at most ${maxValidityDays} days after creation and replace the secret before then.`];
    },
};
