import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-entra-application-missing-credential-end-date",
    description: "An application credential without an end date of its own lives as long as Entra allows (a secret two years, a certificate its own validity), whatever the stack means it to.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 IM-8"],
    mirrors: ["Entra app management policy passwordLifetime/asymmetricKeyLifetime (tenant-wide)", "Prowler entra_app_registration_credential_not_expired (after deployment)"],
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
        if (end === UNKNOWN || relative === UNKNOWN || (typeof end === "string" && end !== "")) return [];
        const certificate = type === T.applicationCertificate;
        // A certificate's endDateRelative reaches Graph; a secret's does not (hashicorp/terraform-provider-azuread#1424).
        if (certificate && typeof relative === "string" && relative !== "") return [];
        const field = type === T.application ? "password.endDate" : "endDate";
        if (!certificate && typeof relative === "string" && relative !== "") {
            return [`The application secret sets only endDateRelative, which the azuread provider does not send for a secret, so it gets Entra's default two years; set ${field} to an RFC 3339 date-time within the allowed lifetime.`];
        }
        return [`The application ${certificate ? "certificate" : "secret"} has no end date; set ${field} to an RFC 3339 date-time within the allowed lifetime.`];
    },
};
