import { flexibleServerUsesCmk, T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbformysql-server-enable-cmk-encryption",
    description: "An Azure Database for MySQL flexible server on service-managed keys holds its data and backups under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["Azure Policy \"MySQL servers should use customer-managed keys to encrypt data at rest\" (related: it judges retired single servers; none of the public rule sets judges flexible servers)"],
    resourceTypes: [T.mysqlServer],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const cmk = flexibleServerUsesCmk(props);
        if (cmk === UNKNOWN || cmk) return [];
        return ["The server encrypts with service-managed keys; set dataEncryption { type: \"AzureKeyVault\", primaryKeyURI, primaryUserAssignedIdentityId }."];
    },
};
