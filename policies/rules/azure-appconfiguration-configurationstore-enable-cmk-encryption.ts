import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-appconfiguration-configurationstore-enable-cmk-encryption",
    description: "An App Configuration store on Microsoft-managed keys keeps its settings, connection strings often among them, under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"App Configuration should use a customer-managed key\"", "Checkov CKV_AZURE_186"],
    resourceTypes: [T.appConfigurationStore],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const key = read(props, "encryption", "keyVaultProperties", "keyIdentifier");
        if (key === UNKNOWN || (typeof key === "string" && key !== "")) return [];
        return ["The store encrypts with Microsoft-managed keys; set encryption.keyVaultProperties { keyIdentifier, identityClientId } (a Standard or Premium store)."];
    },
};
