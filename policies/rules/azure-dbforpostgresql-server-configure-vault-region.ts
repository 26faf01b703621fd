import { CMK_KEY_PROPERTY, T } from "../lib/azure";
import { geoBackupVaultOutsidePair, inOtherRegion, serviceVault, vaultsOf } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule, StackViolation } from "../lib/rule";
import { read, sameText } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-dbforpostgresql-server-configure-vault-region",
    description: "A PostgreSQL flexible server takes its data encryption key only from a key store, Key Vault or Managed HSM, in its own region (Microsoft's PostgreSQL data-encryption guide, Limitations: \"The instance of Azure Key Vault Managed HSM or ... Key Vault ... must exist in the same region\"; a pool extended to that region by multi-region replication counts as there), and its geo-backup key only from one in its paired region, where its geo-redundant backups go (Azure's region pairs): with a key's store elsewhere, Azure refuses the server.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: ["None: no public rule set follows a PostgreSQL server to its key's vault"],
    resourceTypes: [T.postgresqlServer, T.vault, T.managedHsm],
    stackTrigger: T.postgresqlServer,
    parameters: {},
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources) {
        const stores = vaultsOf(resources);
        const violations: StackViolation[] = [];
        for (const server of resources) {
            if (server.type !== T.postgresqlServer || !sameText(read(server.props, "dataEncryption", "type"), "AzureKeyVault")) continue;
            const geo = geoBackupVaultOutsidePair(server, CMK_KEY_PROPERTY[T.postgresqlServer], stores);
            if (geo !== undefined) {
                violations.push({
                    urn: server.urn,
                    message: `PostgreSQL server ${server.name} in ${String(read(server.props, "location"))} takes its geo-backup ${geo.keyLabel} from ${geo.noun} ${geo.vaultLabel} in ${String(read(geo.vault.props, "location"))}; Azure keeps the server's geo-redundant backups in its paired region, ${geo.paired}, and takes their key only from a key store there, so put the geo-backup key in a ${geo.noun} in ${geo.paired}.`,
                });
            }
            const found = serviceVault(server, read(server.props, "dataEncryption", "primaryKeyURI"), CMK_KEY_PROPERTY[T.postgresqlServer], stores);
            // A store outside the stack, or a region not known yet, is Azure's to judge.
            if (found === undefined || !inOtherRegion(server, found.vault)) continue;
            violations.push({
                urn: server.urn,
                message: `PostgreSQL server ${server.name} in ${String(read(server.props, "location"))} takes ${found.keyLabel} from ${found.noun} ${found.vaultLabel} in ${String(read(found.vault.props, "location"))}; PostgreSQL takes its data encryption key only from a key store in the server's region, so put the server or the key in one region.`,
            });
        }
        return violations;
    },
};
