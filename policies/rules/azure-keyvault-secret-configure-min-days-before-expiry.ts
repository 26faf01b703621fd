import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { expiresTooSoon, readNumber } from "../lib/values";

type Params = { minDaysBeforeExpiry: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-secret-configure-min-days-before-expiry",
    description: "A secret that expires within days (a vendor's client secret, a key's passphrase) breaks whatever reads it unless it is replaced first.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Secrets should have more than the specified number of days before expiration\""],
    resourceTypes: [T.secret],
    parameters: {
        minDaysBeforeExpiry: { schema: { type: "integer", minimum: 1, description: "Fewest days a secret may have left before it expires." }, defaults: everywhere(30) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { minDaysBeforeExpiry }) {
        const when = expiresTooSoon(readNumber(props, "properties", "attributes", "expires"), minDaysBeforeExpiry);
        return when === undefined ? [] : [`The secret ${when}, fewer than the ${minDaysBeforeExpiry} days required; set properties.attributes.expires later and replace the secret before then.`];
    },
};
