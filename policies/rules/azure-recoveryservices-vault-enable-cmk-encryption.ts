import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = { requireDoubleEncryption: boolean };

export const metadata: RuleMetadata<Params> = {
    name: "azure-recoveryservices-vault-enable-cmk-encryption",
    description: "A Recovery Services vault on Microsoft-managed keys holds every backup under a key its owner cannot revoke; the customer's key is best set before the first item is protected, and double encryption adds an infrastructure layer under a second key.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 BR-2"],
    mirrors: ["Azure Policy \"[Preview]: Azure Recovery Services vaults should use customer-managed keys for encrypting backup data\" (its enableDoubleEncryption is requireDoubleEncryption here, on under sovereign)"],
    resourceTypes: [T.recoveryServicesVault],
    parameters: {
        requireDoubleEncryption: { schema: { type: "boolean", description: "Require properties.encryption.infrastructureEncryption \"Enabled\"." }, defaults: { baseline: false, mcsb: false, sovereign: true } },
    },
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }, { requireDoubleEncryption }) {
        const messages: string[] = [];
        const keyUri = read(props, "properties", "encryption", "keyVaultProperties", "keyUri");
        if (keyUri !== UNKNOWN && !(typeof keyUri === "string" && keyUri !== "")) {
            messages.push("The vault encrypts backup data with Microsoft-managed keys; set properties.encryption { keyVaultProperties: { keyUri }, kekIdentity: { userAssignedIdentity } }.");
        }
        const infrastructure = read(props, "properties", "encryption", "infrastructureEncryption");
        // Left out, the vault stays without the infrastructure layer; ARM compares enum values without regard to case.
        if (requireDoubleEncryption && infrastructure !== UNKNOWN && !sameText(infrastructure, "Enabled")) {
            messages.push("The vault's backup data is not double-encrypted; set properties.encryption.infrastructureEncryption to \"Enabled\" with the customer's key.");
        }
        return messages;
    },
};
