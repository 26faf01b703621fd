import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-enable-trusted-services-bypass",
    description: "A storage firewall that lets no trusted Microsoft service through locks out the services that cannot be named in network rules: Azure Backup, diagnostic logs, Event Grid deliveries.",
    severity: "medium",
    levels: everywhere("advisory"),
    frameworks: ["CIS Azure 3.9"],
    mirrors: [
        "Checkov CKV_AZURE_36",
        "Azure Policy \"Storage accounts should allow access from trusted Microsoft services\" (also judges a firewall that allows by default)",
        "trivy AVD-AZU-0010 (as that policy)",
        "Prowler storage_ensure_azure_services_are_trusted_to_access_is_enabled (as that policy)",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Left out, ARM takes bypass as AzureServices; the value is a comma-separated set of Logging, Metrics, AzureServices or None.
        const bypass = read(props, "networkRuleSet", "bypass");
        if (bypass === UNKNOWN || bypass === undefined) return [];
        // A firewall that allows by default (Azure's default) lets every service through: the bypass means nothing.
        const defaultAction = read(props, "networkRuleSet", "defaultAction");
        if (defaultAction === UNKNOWN || !sameText(defaultAction, "Deny")) return [];
        const flags = String(bypass).split(",").map((f) => f.trim().toLowerCase());
        if (flags.includes("azureservices")) return [];
        return [`The storage account's firewall lets no trusted Microsoft service through (networkRuleSet.bypass ${String(bypass)}); include "AzureServices" in networkRuleSet.bypass.`];
    },
};
