import { good, ruleNamed, stackMessages, TYPES, view } from "../fixtures";

const RULE = "azure-storage-account-enable-soft-delete";
const account = () => view(TYPES.storageAccount, good.storageAccount(), { name: "st" });
const blobService = (deleteRetentionPolicy: unknown) => view(TYPES.blobService, { resourceGroupName: "rg", accountName: "stgood", blobServicesName: "default", deleteRetentionPolicy }, { name: "st-blob" });

test("blob soft delete kept 7 days passes", () => {
    expect(stackMessages(RULE, [account(), blobService({ enabled: true, days: 7 })])).toEqual([]);
});

// trivy storage/blobs_soft_deletion_enabled.rego (AVD-AZU-0056) fails deleteRetentionPolicy.days equal to 0 and nothing else.
test("an account with no blob service settings, or a retention under 7 days, is reported, which trivy AVD-AZU-0056 passes, as the rule's mirror says", () => {
    const alone = account();
    expect(stackMessages(RULE, [alone]).map((v) => v.urn)).toEqual([alone.urn]);
    expect(stackMessages(RULE, [account(), blobService({ enabled: true, days: 1 })])).toHaveLength(1);
    expect(ruleNamed(RULE).metadata.mirrors).toContain("trivy AVD-AZU-0056 (looser: it fails only a retention of 0 days, and in Terraform passes an account with no blob properties, which its ARM adapter reads as 0 days and fails)");
});
