import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-vault-enable-purge-protection",
    description: "Without purge protection anyone allowed to purge can destroy a soft-deleted key, and the data it encrypts, before the retention period ends.",
    severity: "critical",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-8", "CIS Azure 8.5"],
    mirrors: ["Azure Policy \"Key vaults should have deletion protection enabled\"", "Checkov CKV_AZURE_110", "PSRule Azure.KeyVault.PurgeProtect"],
    resourceTypes: [T.vault],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = read(props, "properties", "enablePurgeProtection");
        return value === UNKNOWN || value === true ? [] : ["Purge protection is off; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point)."];
    },
};
