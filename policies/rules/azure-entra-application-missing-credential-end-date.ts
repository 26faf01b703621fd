import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-entra-application-missing-credential-end-date",
    description: "An application credential without an end date stays valid after everyone has forgotten it exists.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 IM-8"],
    mirrors: ["Entra app management policy passwordLifetime/asymmetricKeyLifetime (tenant-wide)", "Prowler entra app credential checks (after deployment)"],
    resourceTypes: [T.application, T.applicationCertificate, T.applicationPassword],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }) {
        const root = type === T.application ? read(props, "password") : props;
        if (root === undefined || root === UNKNOWN) return [];
        const end = read(root, "endDate");
        const relative = read(root, "endDateRelative");
        if (end === UNKNOWN || relative === UNKNOWN || (typeof end === "string" && end !== "") || (typeof relative === "string" && relative !== "")) return [];
        const what = type === T.applicationCertificate ? "certificate" : "secret";
        return [`The application ${what} has no end date; set ${type === T.application ? "password.endDate" : "endDate"} to an RFC 3339 date-time within the allowed lifetime.`];
    },
};
