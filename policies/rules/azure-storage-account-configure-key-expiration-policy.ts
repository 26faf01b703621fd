import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readNumber, UNKNOWN } from "../lib/values";

type Params = { maxKeyExpirationDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-configure-key-expiration-policy",
    description: "An access key that is never regenerated stays a working credential for the whole account for as long as anyone holds a copy; a key expiration policy makes Azure report it due.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["CIS Azure v3.0 4.3 (key rotation reminders)", "CIS Azure v3.0 4.4 (access keys periodically regenerated)"],
    mirrors: ["Prowler storage_key_rotation_90_days", "Azure Policy \"Storage account keys should not be expired\" (which reads this policy)"],
    resourceTypes: [T.storageAccount],
    parameters: {
        maxKeyExpirationDays: { schema: { type: "integer", minimum: 1, description: "Most days an access key may go before Azure reports it due for regeneration." }, defaults: everywhere(90) },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { maxKeyExpirationDays }) {
        const days = readNumber(props, "keyPolicy", "keyExpirationPeriodInDays");
        if (days === UNKNOWN) return [];
        if (days === undefined) {
            return [`The account's access keys have no expiration policy; set keyPolicy.keyExpirationPeriodInDays to ${maxKeyExpirationDays} or fewer.`];
        }
        if (typeof days === "number" && days > maxKeyExpirationDays) {
            return [`The account's access keys come due only after ${days} days; set keyPolicy.keyExpirationPeriodInDays to ${maxKeyExpirationDays} or fewer.`];
        }
        return [];
    },
};
