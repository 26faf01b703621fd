import { T } from "../lib/azure";
import { flexibleServerRegionViolations } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule } from "../lib/rule";

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
        return flexibleServerRegionViolations(resources, T.mysqlServer, "MySQL", storeKind);
    },
};

/** How Microsoft's MySQL guide names the store: "key vault", or "managed HSM". */
function storeKind(noun: string): string {
    return noun === "vault" ? "key vault" : noun;
}
