import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { rotationPolicyRefusals } from "../lib/key-vault-limits";
import { read } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-key-configure-rotation-policy-limits",
    description: "Key Vault refuses a rotation policy whose versions expire within 28 days, or whose rotate or notify trigger comes within 7 days of a version's creation or expiry (Microsoft's key rotation guide; the SDKs' KeyRotationPolicy.expiresIn), or that it cannot read (a notify action on timeAfterCreate, a duration not in ISO 8601, a rotate action with no trigger: the ARM spec's Trigger), so the key is not made and the deploy fails.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["None: scanners judge how late a key rotates, not the bounds Key Vault enforces"],
    resourceTypes: [T.key],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        return rotationPolicyRefusals(read(props, "properties", "rotationPolicy")).map((r) => r.message);
    },
};
