import { T } from "../lib/azure";
import { rotatedVersionsNeverExpire } from "../lib/key-vault-limits";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { durationDays, read, readNumber, UNKNOWN } from "../lib/values";

type Params = { maxValidityDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-max-validity",
    description: "A key version valid for years gives an attacker years of use from one leak; MCSB caps validity at two years.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Keys should have the specified maximum validity period\" (it reads each key's current version, so a version rotation creates without expiry, under a policy with no expiryTime, fails it)"],
    resourceTypes: [T.key],
    parameters: {
        maxValidityDays: { schema: { type: "integer", minimum: 28, description: "Longest validity of a key version in days." }, defaults: everywhere(730) },
    },
};

const DAY = 86400;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { maxValidityDays }, now: Date = new Date()) {
        const messages: string[] = [];
        const expiryTime = read(props, "properties", "rotationPolicy", "attributes", "expiryTime");
        const days = expiryTime === UNKNOWN ? undefined : durationDays(expiryTime);
        if (days !== undefined && days > maxValidityDays) {
            messages.push(`The key's versions are valid for ${String(expiryTime)} (${Math.round(days)} days), over ${maxValidityDays}; set properties.rotationPolicy.attributes.expiryTime to at most P${maxValidityDays}D.`);
        } else if (rotatedVersionsNeverExpire(read(props, "properties", "rotationPolicy")) === true) {
            // Only expiryTime dates a rotated version: without it each is valid without limit (expiresOn missing fails Azure Policy's rule).
            messages.push(`The key's rotation policy sets no expiryTime, so the versions rotation creates are valid without limit, over ${maxValidityDays} days; set properties.rotationPolicy.attributes.expiryTime to at most P${maxValidityDays}D.`);
        }
        // Counted from creation, as Azure Policy counts it (expiresOn - createdOn): a notBefore does not shorten or lengthen a key's life.
        const expires = readNumber(props, "properties", "attributes", "expires");
        // No expiry is unlimited validity: Azure Policy's rule finds a key without expiresOn non-compliant too (zero is no date).
        if (expires !== UNKNOWN && !(typeof expires === "number" && expires > 0)) {
            messages.push(`The key's first version has no expiry, so it is valid without limit, over ${maxValidityDays} days; set properties.attributes.expires at most ${maxValidityDays} days after creation.`);
        } else if (typeof expires === "number") {
            const span = (expires - Math.floor(now.getTime() / 1000)) / DAY;
            if (span > maxValidityDays) {
                messages.push(`The key expires ${Math.round(span)} days after it is created, over ${maxValidityDays}; set properties.attributes.expires at most ${maxValidityDays} days after creation.`);
            }
        }
        return messages;
    },
};
