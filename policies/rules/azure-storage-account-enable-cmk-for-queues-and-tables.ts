import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-cmk-for-queues-and-tables",
    description: "Queues and tables use a Microsoft-managed key of their own unless created with the account's key, so a customer-managed key on the account leaves their data out of the customer's control; it can be set only when the account is created.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy f0e5abd0-2554-4736-b7c0-4ffef23475ef \"Queue Storage should use customer-managed key for encryption\" (stricter: it has no kind or SKU filter, so it also flags a BlockBlobStorage, FileStorage, BlobStorage or premium StorageV2 account, which has no queue service for the key type to cover; those are left alone here)",
        "Azure Policy 7c322315-e26d-4174-a99e-f49d351b4688 \"Table Storage should use customer-managed key for encryption\" (the same difference: an account with no table service is left alone here)",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Only a standard general-purpose account has queues and tables: not a premium one (page or block blobs only), a file or a blob-only account.
        const kind = read(props, "kind");
        const sku = read(props, "sku", "name");
        if (kind === UNKNOWN || sku === UNKNOWN) return [];
        if (typeof kind === "string" && !["storage", "storagev2"].includes(kind.toLowerCase())) return [];
        if (typeof sku === "string" && sku.toLowerCase().startsWith("premium_")) return [];
        // Only an account on the customer's key can leave its queues and tables off it; a platform-key account is the key-source rule's.
        const keySource = read(props, "encryption", "keySource");
        if (keySource === UNKNOWN || !sameText(keySource, "Microsoft.Keyvault")) return [];
        const serviceScoped: string[] = [];
        for (const service of ["queue", "table"]) {
            const keyType = read(props, "encryption", "services", service, "keyType");
            if (keyType === UNKNOWN) return [];
            if (!sameText(keyType, "Account")) serviceScoped.push(service);
        }
        if (serviceScoped.length === 0) return [];
        const fields = serviceScoped.map((s) => `encryption.services.${s}.keyType`).join(" and ");
        // Azure takes the account-scoped key type for queues and tables on general-purpose v2 accounts only (Microsoft's "Create an account that supports customer-managed keys for tables and queues").
        if (typeof kind === "string" && kind.toLowerCase() === "storage") {
            return [`The account's ${serviceScoped.join(" and ")} data use a Microsoft-managed key of their own, which a general-purpose v1 account (kind "Storage") cannot change; create the account as kind "StorageV2" with ${fields} set to "Account".`];
        }
        return [`The account's ${serviceScoped.join(" and ")} data use a Microsoft-managed key of their own; set ${fields} to "Account" when creating the account.`];
    },
};
