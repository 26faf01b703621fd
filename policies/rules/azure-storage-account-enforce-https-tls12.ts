import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enforce-https-tls12",
    description: "Plain HTTP and TLS before 1.2 let data and tokens be read or altered in transit.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-3", "CIS Azure 3.1", "CIS Azure 3.15"],
    mirrors: [
        "Azure Policy \"Secure transfer to storage accounts should be enabled\"",
        "Azure Policy fe83a0eb-a853-422d-aac2-1bffd182c5d0 \"Storage accounts should have the specified minimum TLS version\" (stricter: it takes the one version its parameter names, TLS1_2 by default, so \"TLS1_3\" fails it)",
        "Checkov CKV_AZURE_3",
        "Checkov CKV_AZURE_44 (stricter: its ARM check passes \"TLS1_2\" alone, so \"TLS1_3\" fails it; its Terraform check, like trivy AVD-AZU-0011, takes both)",
        "PSRule Azure.Storage.SecureTransfer",
        "PSRule Azure.Storage.MinTLS",
        "Prowler storage_secure_transfer_required_is_enabled",
        "Prowler storage_ensure_minimum_tls_version_12 (stricter: it passes \"TLS1_2\" alone, so \"TLS1_3\" fails it)",
        "trivy AVD-AZU-0008",
        "trivy AVD-AZU-0011",
        "trivy AVD-AZU-0059 (looser in Terraform: it takes min_tls_version left out as azurerm's default TLS1_2; its ARM check reports minimumTlsVersion left out, as this rule does)",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const messages: string[] = [];
        const https = readBoolean(props, "enableHttpsTrafficOnly");
        if (https === false) {
            messages.push("The storage account accepts plain HTTP; set enableHttpsTrafficOnly to true.");
        }
        const tls = read(props, "minimumTlsVersion");
        // ARM reads the enum without regard to case, as Azure Policy compares it.
        if (tls === undefined) {
            // Azure Storage has refused TLS 1.0 and 1.1 on every account since 3 February 2026 (Microsoft's notice, as
            // quoted in microsoft/AzUrlShortener#597; Learn: transport-layer-security-configure-migrate-to-tls2), so an
            // unset value no longer lets them in; Azure Policy, Checkov CKV_AZURE_44 and trivy AVD-AZU-0011 still ask it written.
            messages.push("The storage account's minimumTlsVersion is unset; set it to \"TLS1_2\" so the template states the minimum (Azure Storage has refused every TLS version below 1.2 since February 2026, but Azure Policy, Checkov CKV_AZURE_44 and trivy AVD-AZU-0011 read the setting).");
        } else if (tls !== UNKNOWN && !sameText(tls, "TLS1_2") && !sameText(tls, "TLS1_3")) {
            messages.push(`The storage account's minimum TLS version is ${String(tls)}; set minimumTlsVersion to "TLS1_2".`);
        }
        return messages;
    },
};
