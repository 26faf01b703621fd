import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-container-disable-public-access",
    description: "A container with a public access level lets anyone with its URL read its blobs (and, at Container, list them), whatever key encrypts them at rest.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 PA-7", "CIS Azure 3.7"],
    mirrors: ["Checkov CKV_AZURE_34", "trivy AVD-AZU-0007", "PSRule Azure.Storage.BlobAccessType"],
    resourceTypes: [T.blobContainer],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        // Left out, a container is private (None).
        const access = read(props, "publicAccess");
        if (access === UNKNOWN || access === undefined || sameText(access, "None")) return [];
        return [`The container allows anonymous access (publicAccess ${String(access)}); set publicAccess to "None" and reach its blobs with Entra identities.`];
    },
};
