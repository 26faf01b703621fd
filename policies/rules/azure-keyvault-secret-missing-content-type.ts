import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-keyvault-secret-missing-content-type",
    description: "A secret without a content type gives whoever rotates or audits it no hint of what it is (a password, a PFX, a connection string), so it is easy to rotate wrongly or not at all.",
    severity: "low",
    levels: everywhere("advisory"),
    frameworks: ["MCSB v2 DP-6"],
    mirrors: ["Azure Policy \"Secrets should have content type set\"", "Checkov CKV_AZURE_114", "trivy AVD-AZU-0015"],
    resourceTypes: [T.secret],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const contentType = read(props, "properties", "contentType");
        if (contentType === UNKNOWN || (typeof contentType === "string" && contentType.trim() !== "")) return [];
        return ["The secret has no content type; set properties.contentType to what the value is (e.g. \"application/x-pkcs12\" or \"text/plain\")."];
    },
};
