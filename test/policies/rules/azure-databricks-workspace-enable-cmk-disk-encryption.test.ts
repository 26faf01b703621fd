import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-databricks-workspace-enable-cmk-disk-encryption";
const workspace = (path: string, to: unknown) => view(TYPES.databricksWorkspace, withField(good.databricksWorkspace(), path, to));

test("a Premium workspace whose managed disks use the customer's key passes, one without is reported", () => {
    expect(resourceMessages(RULE, view(TYPES.databricksWorkspace, good.databricksWorkspace()))).toEqual([]);
    expect(resourceMessages(RULE, workspace("encryption", undefined))).toHaveLength(1);
});

// prowler databricks_workspace_cmk_encryption_enabled fails every workspace without managed-disk encryption, whatever its SKU.
test("a workspace that cannot take a customer-managed key passes, which Prowler fails, as the rule's mirror says", () => {
    const noKey = withField(good.databricksWorkspace(), "encryption", undefined);
    for (const [path, to] of [["sku", { name: "standard" }], ["sku", undefined], ["computeMode", "Serverless"]] as const) {
        expect(resourceMessages(RULE, view(TYPES.databricksWorkspace, withField(noKey, path, to)))).toEqual([]);
    }
    expect(ruleNamed(RULE).metadata.mirrors).toEqual([
        "Prowler databricks_workspace_cmk_encryption_enabled (stricter: it fails a workspace that is not Premium, has no SKU or is serverless, none of which takes a customer-managed key)",
    ]);
});
