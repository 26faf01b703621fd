import { CMK_KEY_PROPERTY, T } from "../lib/azure";
import { geoBackupVaultOutsidePair, inOtherRegion, serviceVault, vaultsOf } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { read, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbformysql-server-configure-vault-region",
    description: "A MySQL flexible server takes its data encryption key only from a Key Vault or Managed HSM in its own region (Microsoft's MySQL customer-managed-key guide, MicrosoftDocs/azure-databases-docs articles/mysql/security/security-customer-managed-key.md of 07/17/2026: \"The Key Vault and Azure Database for MySQL flexible server instance must reside in the same region\", with no other-region exception, as the earlier page had; for Managed HSM: \"The key vault managed HSM must be in the same region\"; a pool extended to that region by multi-region replication counts as there), and its geo-backup key only from one in its paired region, where its geo-redundant backups go (Azure's region pairs): with a key's store elsewhere, Azure refuses the server.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a MySQL server to its key's vault"],
    resourceTypes: [T.mysqlServer, T.vault, T.managedHsm],
    stackTrigger: T.mysqlServer,
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stores = vaultsOf(resources);
        const violations: StackViolation[] = [];
        for (const server of resources) {
            if (server.type !== T.mysqlServer || !sameText(read(server.props, "dataEncryption", "type"), "AzureKeyVault")) continue;
            const geo = geoBackupVaultOutsidePair(server, CMK_KEY_PROPERTY[T.mysqlServer], stores);
            if (geo !== undefined) {
                violations.push({
                    urn: server.urn,
                    message: `MySQL server ${server.name} in ${String(read(server.props, "location"))} takes its geo-backup ${geo.keyLabel} from ${geo.noun} ${geo.vaultLabel} in ${String(read(geo.vault.props, "location"))}; Azure keeps the server's geo-redundant backups in its paired region, ${geo.paired}, and takes their key only from a ${storeKind(geo.noun)} there, so put the geo-backup key in a ${geo.noun} in ${geo.paired}.`,
                });
            }
            const found = serviceVault(server, read(server.props, "dataEncryption", "primaryKeyURI"), CMK_KEY_PROPERTY[T.mysqlServer], stores);
            // A store outside the stack, or a region not known yet, is Azure's to judge.
            if (found === undefined || !inOtherRegion(server, found.vault)) continue;
            violations.push({
                urn: server.urn,
                message: `MySQL server ${server.name} in ${String(read(server.props, "location"))} takes ${found.keyLabel} from ${found.noun} ${found.vaultLabel} in ${String(read(found.vault.props, "location"))}; MySQL takes its data encryption key only from a ${storeKind(found.noun)} in the server's region, so put the server or the key in one region.`,
            });
        }
        return violations;
    },
};

/** How Microsoft's MySQL guide names the store: "key vault", or "managed HSM". */
function storeKind(noun: string): string {
    return noun === "vault" ? "key vault" : noun;
}
