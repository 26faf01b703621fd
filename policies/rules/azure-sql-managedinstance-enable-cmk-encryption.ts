import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-sql-managedinstance-enable-cmk-encryption",
    description: "A SQL managed instance given no key of the customer's (keyId) encrypts every database with a service-managed TDE key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "CIS Azure 4.1.3"],
    mirrors: [
        "Azure Policy ac01ad65-10e5-46df-bdd9-6b0cad13e1d2 \"SQL managed instances should use customer-managed keys to encrypt data at rest\" (its managed-instance branch; azure-native has no managed-instance encryption protector resource)",
    ],
    resourceTypes: [T.sqlManagedInstance],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const keyId = read(props, "keyId");
        if (keyId === UNKNOWN || (typeof keyId === "string" && keyId !== "")) return [];
        return ["The managed instance encrypts its databases with a service-managed TDE key; set keyId to your Key Vault key, with primaryUserAssignedIdentityId naming an identity granted wrap and unwrap on it."];
    },
};
