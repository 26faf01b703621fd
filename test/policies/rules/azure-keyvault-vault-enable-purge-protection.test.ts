import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-enable-purge-protection";

describe("a managed HSM's purge protection", () => {
    const hsm = (value: unknown) => view(TYPES.managedHsm, withField(good.managedHsm(), "properties.enablePurgeProtection", value));

    test("null takes ARM's default (on for a managed HSM), as the property left out does", () => {
        expect(resourceMessages(RULE, hsm(undefined))).toEqual([]);
        expect(resourceMessages(RULE, hsm(null))).toEqual([]);
    });

    test("false is still reported", () => {
        expect(resourceMessages(RULE, hsm(false))).toEqual(["Purge protection is off for the managed HSM; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point)."]);
    });
});

describe("a vault's purge protection written as a string", () => {
    const vault = (value: unknown) => view(TYPES.vault, withField(good.vault(), "properties.enablePurgeProtection", value));

    test.each(["true", "TRUE"])("%j is on, as ARM reads it", (value) => {
        expect(resourceMessages(RULE, vault(value))).toEqual([]);
    });

    test("\"yes\", which is no boolean, is still reported", () => {
        expect(resourceMessages(RULE, vault("yes"))).toEqual(["Purge protection is off; set properties.enablePurgeProtection to true (it can never be turned off again, which is the point)."]);
    });
});

// checkov/arm/checks/resource/KeyvaultRecoveryEnabled.py passes only enablePurgeProtection and enableSoftDelete both
// present and "true"; its Terraform twin passes soft_delete_enabled left out.
test("purge protection with soft delete left out, Azure's default on, passes, which Checkov's ARM CKV_AZURE_42 fails, as the rule's mirror says", () => {
    expect(resourceMessages(RULE, view(TYPES.vault, withField(good.vault(), "properties.enableSoftDelete", undefined)))).toEqual([]);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("Checkov CKV_AZURE_42"))).toBe(
        "Checkov CKV_AZURE_42 (stricter: its ARM check asks for enableSoftDelete and enablePurgeProtection both written true, so a vault that leaves soft delete out, on by Azure's default, fails it; its Terraform check takes soft delete left out)",
    );
});

// trivy keyvault/no_purge.rego (AVD-AZU-0016) also fails a purge-protected vault whose retention is outside 7–90 days;
// its Terraform adapter reads soft_delete_retention_days left out as 0, where Azure keeps 90 days.
test("purge protection with the retention left out passes, which trivy's Terraform AVD-AZU-0016 fails, as the rule's mirror says", () => {
    expect(resourceMessages(RULE, view(TYPES.vault, withField(good.vault(), "properties.softDeleteRetentionInDays", undefined)))).toEqual([]);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("trivy AVD-AZU-0016"))).toBe(
        "trivy AVD-AZU-0016 (stricter: its Terraform check fails a purge-protected vault that leaves soft_delete_retention_days out, which Azure defaults to 90 days)",
    );
});
