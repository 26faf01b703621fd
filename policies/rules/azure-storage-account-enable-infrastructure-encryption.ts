import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-infrastructure-encryption",
    description: "Infrastructure encryption adds a second layer with a separate key, so one broken layer does not expose the data; it can only be set at creation.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-4"],
    mirrors: ["Azure Policy \"Storage accounts should have infrastructure encryption\"", "Prowler storage_infrastructure_encryption_is_enabled", "trivy AVD-AZU-0061"],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = readBoolean(props, "encryption", "requireInfrastructureEncryption");
        return value === UNKNOWN || value === true ? [] : ["Infrastructure encryption is off; set encryption.requireInfrastructureEncryption to true when creating the account."];
    },
};
