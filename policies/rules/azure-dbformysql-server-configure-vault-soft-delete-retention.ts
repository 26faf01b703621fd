import { CMK_KEY_PROPERTY, T } from "../lib/azure";
import { serviceVault, vaultsOf } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbformysql-server-configure-vault-soft-delete-retention",
    description: "A MySQL flexible server takes its data encryption keys (its geo-backup key too) only from a vault that keeps deleted keys 90 days (Microsoft's MySQL customer-managed-key guide: set the retention period to 90 days), fixed when the vault is made: with a shorter retention Azure refuses the server.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 DP-8"],
    mirrors: ["None: no public rule set follows a MySQL server to its key's vault"],
    resourceTypes: [T.mysqlServer, T.vault],
    stackTrigger: T.mysqlServer,
    parameters: {},
};

/** The server's keys, and how messages name each: its data's, and its geo-redundant backups' (held to the same requirements). */
const KEY_PROPERTIES = [["primaryKeyURI", ""], ["geoBackupKeyURI", "its geo-backup "]] as const;

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stores = vaultsOf(resources);
        const violations: StackViolation[] = [];
        for (const server of resources) {
            if (server.type !== T.mysqlServer || !sameText(read(server.props, "dataEncryption", "type"), "AzureKeyVault")) continue;
            for (const [property, whose] of KEY_PROPERTIES) {
                const url = read(server.props, "dataEncryption", property);
                // An unknown geo-backup key cannot be told from the primary key among what dataEncryption came from.
                if (property === "geoBackupKeyURI" && (typeof url !== "string" || url === "" || isUnknown(url))) continue;
                const found = serviceVault(server, url, CMK_KEY_PROPERTY[T.mysqlServer], stores);
                // A Managed HSM's retention is left to Azure: this rule judges vaults, as its message says.
                if (found === undefined || found.vault.type !== T.vault) continue;
                // Left out, a vault keeps deleted keys 90 days (Azure's default).
                const days = read(found.vault.props, "properties", "softDeleteRetentionInDays") ?? 90;
                if (isUnknown(days) || typeof days !== "number" || days >= 90) continue;
                violations.push({
                    urn: server.urn,
                    message: `MySQL server ${server.name} takes ${whose}${found.keyLabel} from vault ${found.vaultLabel}, which keeps deleted keys ${days} days; MySQL takes its key only from a vault that keeps them 90, fixed when the vault is made, so use a key of a vault with properties.softDeleteRetentionInDays 90.`,
                });
            }
        }
        return violations;
    },
};
