import { T } from "../lib/azure";
import { everywhere, RuleMetadata, StackRule } from "../lib/rule";
import { softDeleteViolations } from "../lib/storage-soft-delete";

type Params = { minRetentionDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-soft-delete",
    description: "Without blob soft delete, a deleted or overwritten blob, by mistake or by an attacker, is gone at once; Azure leaves it off on an account made through its API.",
    severity: "medium",
    levels: everywhere("mandatory"),
    frameworks: ["CIS Azure 3.11"],
    mirrors: [
        "Checkov CKV2_AZURE_38",
        "PSRule Azure.Storage.SoftDelete",
        "trivy AVD-AZU-0056 (looser: it fails only a retention of 0 days, and in Terraform passes an account with no blob properties, which its ARM adapter reads as 0 days and fails)",
    ],
    resourceTypes: [T.storageAccount, T.blobService],
    stackTrigger: T.storageAccount,
    parameters: {
        minRetentionDays: { schema: { type: "integer", minimum: 1, maximum: 365, description: "Fewest days a deleted blob stays restorable (Azure allows 1–365; CIS Azure asks for at least 7)." }, defaults: everywhere(7) },
    },
};

export const rule: StackRule<Params> = {
    kind: "stack",
    metadata,
    check(resources, { minRetentionDays }) {
        return softDeleteViolations(resources, { property: "deleteRetentionPolicy", noun: "blob soft delete" }, minRetentionDays);
    },
};
