import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule } from "../lib/rule";
import { softDeleteViolations } from "../lib/storage-soft-delete";

type Params = { minRetentionDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-container-soft-delete",
    description: "Without container soft delete, a deleted container and every blob in it, by mistake or by an attacker, is gone at once; Azure leaves it off on an account made through its API.",
    severity: "medium",
    levels: everywhere("mandatory"),
    frameworks: ["CIS Azure 3.11"],
    mirrors: ["Prowler storage_ensure_soft_delete_is_enabled", "PSRule Azure.Storage.ContainerSoftDelete"],
    resourceTypes: [T.storageAccount, T.blobService],
    stackTrigger: T.storageAccount,
    parameters: {
        minRetentionDays: { schema: { type: "integer", minimum: 1, maximum: 365, description: "Fewest days a deleted container stays restorable (Azure allows 1–365; CIS Azure asks for at least 7)." }, defaults: everywhere(7) },
    },
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { minRetentionDays }) {
        return softDeleteViolations(resources, { property: "containerDeleteRetentionPolicy", noun: "container soft delete" }, minRetentionDays);
    },
};
