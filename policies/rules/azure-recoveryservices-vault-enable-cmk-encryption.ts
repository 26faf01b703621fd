import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-recoveryservices-vault-enable-cmk-encryption",
    description: "A Recovery Services vault on Microsoft-managed keys holds every backup under a key its owner cannot revoke; the customer's key is best set before the first item is protected.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 BR-2"],
    mirrors: ["Azure Policy \"[Preview]: Azure Recovery Services vaults should use customer-managed keys for encrypting backup data\""],
    resourceTypes: [T.recoveryServicesVault],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const keyUri = read(props, "properties", "encryption", "keyVaultProperties", "keyUri");
        if (keyUri === UNKNOWN || (typeof keyUri === "string" && keyUri !== "")) return [];
        return ["The vault encrypts backup data with Microsoft-managed keys; set properties.encryption { keyVaultProperties: { keyUri }, kekIdentity: { userAssignedIdentity } }."];
    },
};
