import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-datafactory-factory-enable-cmk-encryption",
    description: "A data factory on Microsoft-managed keys keeps its linked-service credentials and pipeline metadata under a key its owner cannot revoke; the customer's key is best set when the factory is created, while it is empty.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"Azure data factories should be encrypted with a customer-managed key\"", "Checkov CKV2_AZURE_15 (related: it asks only for a Key Vault linked service)"],
    resourceTypes: [T.dataFactory],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const key = read(props, "encryption", "keyName");
        const vault = read(props, "encryption", "vaultBaseUrl");
        if (key === UNKNOWN || vault === UNKNOWN) return [];
        if (typeof key === "string" && key !== "" && typeof vault === "string" && vault !== "") return [];
        return ["The factory encrypts with Microsoft-managed keys; set encryption { vaultBaseUrl, keyName, identity: { userAssignedIdentity } } when creating it."];
    },
};
