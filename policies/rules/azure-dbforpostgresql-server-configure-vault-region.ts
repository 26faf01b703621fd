import { T } from "../lib/azure";
import { flexibleServerRegionViolations } from "../lib/service-vault";
import { everywhere, RuleMetadata, StackRule } from "../lib/rule";

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
        return flexibleServerRegionViolations(resources, T.postgresqlServer, "PostgreSQL", () => "key store");
    },
};
