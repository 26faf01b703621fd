import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";

type Params = Record<string, never>;

/**
 * The services that hold data under a customer's key, and the disk encryption set its disks use, as
 * messages name them: the data stores this product makes (audit a1's table), each protected unless
 * its entry says `protect: false`.
 */
const DATA_STORES: Record<string, string> = {
    [T.registry]: "container registry",
    [T.storageAccount]: "storage account",
    [T.blobContainer]: "blob container",
    [T.diskEncryptionSet]: "disk encryption set",
    [T.cosmosAccount]: "Cosmos DB account",
    [T.sqlServer]: "SQL server",
    [T.postgresqlServer]: "PostgreSQL server",
    [T.mysqlServer]: "MySQL server",
    [T.eventHubNamespace]: "Event Hubs namespace",
    [T.serviceBusNamespace]: "Service Bus namespace",
    [T.managedCluster]: "AKS cluster",
};

export const metadata: RuleMetadata<Params> = {
    name: "azure-cmk-service-enable-protect",
    description: "A registry, storage account or blob container, Cosmos DB account, SQL, PostgreSQL or MySQL server, Event Hubs or Service Bus namespace, AKS cluster or disk encryption set that `pulumi destroy`, a replacement or a removed entry may delete takes the data it holds under your key with it; advisory, since a throwaway stack asks for `protect: false` by name.",
    severity: "high",
    levels: everywhere("advisory"),
    frameworks: ["CIS Azure (Resource Manager delete locks on storage accounts, the Azure-side analogue)"],
    mirrors: ["None: Pulumi resource options are invisible to Azure Policy and scanners; @pulumi/policy shows protect but not retainOnDelete, so only protection is checked"],
    resourceTypes: Object.keys(DATA_STORES),
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, protect }) {
        return protect ? [] : [`The ${DATA_STORES[type]} is not protected; set the resource option protect: true so Pulumi refuses to delete or replace it.`];
    },
};
