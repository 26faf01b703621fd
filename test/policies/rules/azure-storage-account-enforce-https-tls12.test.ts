import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-storage-account-enforce-https-tls12";
const account = (tls: unknown) => view(TYPES.storageAccount, withField(good.storageAccount(), "minimumTlsVersion", tls));

describe("a storage account's minimum TLS version", () => {
    // Checkov CKV_AZURE_44 and trivy AVD-AZU-0011 fail an unset min_tls_version; Azure Storage itself has refused
    // TLS 1.0 and 1.1 on every account since 3 February 2026, so the reason is the template, not the wire.
    test("left unset is still reported, mandatory under mcsb and sovereign, without claiming Azure accepts TLS 1.0", () => {
        expect(ruleNamed(RULE).metadata.levels).toEqual({ baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" });
        const unset = "The storage account's minimumTlsVersion is unset; set it to \"TLS1_2\" so the template states the minimum (Azure Storage has refused every TLS version below 1.2 since February 2026, but Azure Policy, Checkov CKV_AZURE_44 and trivy AVD-AZU-0011 read the setting).";
        for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
            expect(resourceMessages(RULE, account(undefined), {}, profile)).toEqual([unset]);
        }
        // The auditor's reproducer (audit/storage-tls-message.test.ts) asks that the message name no TLS 1.0 at all.
        expect(resourceMessages(RULE, account(undefined))[0]).not.toMatch(/may allow|TLS 1\.0/);
    });

    test("written below 1.2 is still told to raise it", () => {
        expect(resourceMessages(RULE, account("TLS1_1"))).toEqual(["The storage account's minimum TLS version is TLS1_1; set minimumTlsVersion to \"TLS1_2\"."]);
    });

    test.each(["TLS1_2", "TLS1_3", "tls1_2"])("written as %s passes", (tls) => {
        expect(resourceMessages(RULE, account(tls))).toEqual([]);
    });

    // prowler storage_ensure_minimum_tls_version_12 and checkov/arm StorageAccountMinimumTlsVersion.py pass "TLS1_2"
    // alone; checkov's Terraform check and trivy's use_secure_tls_policy.rego take TLS1_3 as well.
    test("TLS1_3 passes, which Prowler and Checkov's ARM CKV_AZURE_44 fail, as the rule's mirrors say", () => {
        expect(resourceMessages(RULE, account("TLS1_3"))).toEqual([]);
        const mirrors = ruleNamed(RULE).metadata.mirrors;
        expect(mirrors.find((m) => m.startsWith("Checkov CKV_AZURE_44"))).toBe("Checkov CKV_AZURE_44 (stricter: its ARM check passes \"TLS1_2\" alone, so \"TLS1_3\" fails it; its Terraform check, like trivy AVD-AZU-0011, takes both)");
        expect(mirrors.find((m) => m.startsWith("Prowler storage_ensure_minimum_tls_version_12"))).toBe("Prowler storage_ensure_minimum_tls_version_12 (stricter: it passes \"TLS1_2\" alone, so \"TLS1_3\" fails it)");
        // Azure Policy fe83a0eb compares minimumTlsVersion with its one parameter value (notEquals), TLS1_2 by default.
        expect(mirrors.find((m) => m.startsWith("Azure Policy fe83a0eb"))).toBe("Azure Policy fe83a0eb-a853-422d-aac2-1bffd182c5d0 \"Storage accounts should have the specified minimum TLS version\" (stricter: it takes the one version its parameter names, TLS1_2 by default, so \"TLS1_3\" fails it)");
    });
});

test("enableHttpsTrafficOnly written as the string \"false\" is reported as false is, as ARM reads it", () => {
    const props = withField(good.storageAccount(), "enableHttpsTrafficOnly", "false");
    expect(resourceMessages(RULE, view(TYPES.storageAccount, props))).toEqual(["The storage account accepts plain HTTP; set enableHttpsTrafficOnly to true."]);
});

// trivy storage/log_storage_encryption.rego (AVD-AZU-0059) fails HTTPS off and a TLS version outside 1.2 and 1.3; its ARM
// adapter reads minimumTlsVersion left out as TLS1_0, its Terraform adapter min_tls_version left out as azurerm's TLS1_2.
test("minimumTlsVersion left out is reported, which trivy AVD-AZU-0059 passes in Terraform only, as the rule's mirror says", () => {
    expect(resourceMessages(RULE, account(undefined))).toHaveLength(1);
    expect(ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith("trivy AVD-AZU-0059"))).toBe(
        "trivy AVD-AZU-0059 (looser in Terraform: it takes min_tls_version left out as azurerm's default TLS1_2; its ARM check reports minimumTlsVersion left out, as this rule does)",
    );
});
