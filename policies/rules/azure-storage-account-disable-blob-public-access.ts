import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-disable-blob-public-access",
    description: "Blob public access lets a container be read by anyone with its URL, no credential needed.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 PA-7", "CIS Azure 3.7"],
    mirrors: [
        "Azure Policy \"Storage account public access should be disallowed\"",
        "Checkov CKV_AZURE_190",
        "Checkov CKV2_AZURE_47",
        "PSRule Azure.Storage.BlobPublicAccess",
        "Prowler storage_blob_public_access_level_is_disabled",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = readBoolean(props, "allowBlobPublicAccess");
        if (value === UNKNOWN || value === false) return [];
        // Left out, it is false only for accounts made with API 2023-01-01 or later; Azure Policy, Checkov and PSRule ask for false in the template itself.
        return value === true
            ? ["Blob public access is allowed; set allowBlobPublicAccess to false."]
            : ["allowBlobPublicAccess is not set: older API versions and existing accounts default to allowing blob public access; set allowBlobPublicAccess to false."];
    },
};
