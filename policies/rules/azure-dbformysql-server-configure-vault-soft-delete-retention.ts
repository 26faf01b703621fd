import { CMK_SERVICES, T } from "../lib/azure";
import { serviceVault, vaultsOf } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { isUnknown, read, readNumber, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbformysql-server-configure-vault-soft-delete-retention",
    description: "A MySQL flexible server takes its data encryption keys (its geo-backup key too) only from a vault or Managed HSM that keeps deleted keys 90 days (Microsoft's MySQL customer-managed-key guide: set the retention period to 90 days, for Key Vault or Managed HSM), fixed when the store is made: with a shorter retention Azure refuses the server.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5", "MCSB v2 DP-8"],
    mirrors: ["None: no public rule set follows a MySQL server to its key's vault"],
    resourceTypes: [T.mysqlServer, T.vault, T.managedHsm],
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
                const found = serviceVault(server, url, CMK_SERVICES[T.mysqlServer].keyProperty, stores);
                // MySQL's guide asks 90 days of the Key Vault or the Managed HSM alike.
                if (found === undefined) continue;
                // Left out, a vault or a pool keeps deleted keys 90 days (Azure's default).
                const days = readNumber(found.vault.props, "properties", "softDeleteRetentionInDays") ?? 90;
                if (isUnknown(days) || typeof days !== "number" || days >= 90) continue;
                const store = found.noun;
                violations.push({
                    urn: server.urn,
                    message: `MySQL server ${server.name} takes ${whose}${found.keyLabel} from ${store} ${found.vaultLabel}, which keeps deleted keys ${days} days; MySQL takes its key only from a ${store} that keeps them 90, fixed when the ${store} is made, so use a key of a ${store} with properties.softDeleteRetentionInDays 90.`,
                });
            }
        }
        return violations;
    },
};
