import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-configure-sas-expiration-policy",
    description: "Without a SAS expiration policy a service or account SAS signed with an access key can be valid for years, and it cannot be revoked short of regenerating the key.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["CIS Azure v3.0 4.5 (SAS tokens expire within an hour)"],
    mirrors: ["Azure Policy \"Storage accounts should have shared access signature (SAS) policies configured\"", "Checkov CKV2_AZURE_41"],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // With shared key access off no SAS is signed with an access key, and those are the only ones sasPolicy bounds (Checkov CKV2_AZURE_41 passes it).
        const sharedKey = readBoolean(props, "allowSharedKeyAccess");
        if (sharedKey === UNKNOWN || sharedKey === false) return [];
        const period = read(props, "sasPolicy", "sasExpirationPeriod");
        if (period === UNKNOWN) return [];
        if (typeof period === "string" && period !== "") return [];
        return ["The account sets no SAS expiration policy; set sasPolicy { sasExpirationPeriod: \"0.01:00:00\" (days.hours:minutes:seconds; CIS Azure asks for an hour at most), expirationAction: \"Block\" }."];
    },
};
