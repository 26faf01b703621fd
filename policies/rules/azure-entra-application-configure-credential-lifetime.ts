import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { goDurationDays, read, UNKNOWN } from "../lib/values";

type Params = { maxCertificateDays: number; maxSecretDays: number };

export const metadata: RuleMetadata<Params> = {
    name: "azure-entra-application-configure-credential-lifetime",
    description: "Long-lived application credentials give a leak a long life; certificates and secrets must be replaced within a bounded time.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 IM-8"],
    mirrors: ["Entra app management policy (tenant-wide, after deployment); none checks at deploy time"],
    resourceTypes: [T.application, T.applicationCertificate, T.applicationPassword],
    parameters: {
        maxCertificateDays: { schema: { type: "integer", minimum: 1, description: "Longest certificate lifetime in days." }, defaults: everywhere(365) },
        maxSecretDays: { schema: { type: "integer", minimum: 1, description: "Longest client secret lifetime in days." }, defaults: everywhere(180) },
    },
};

const DAY_MS = 86400000;
/** Microsoft Graph's addPassword gives a secret without an end date two years. */
const GRAPH_DEFAULT_SECRET_DAYS = 730;

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ type, props }, { maxCertificateDays, maxSecretDays }, now: Date = new Date()) {
        const root = type === T.application ? read(props, "password") : props;
        if (root === undefined || root === UNKNOWN) return [];
        const certificate = type === T.applicationCertificate;
        const max = certificate ? maxCertificateDays : maxSecretDays;
        const what = certificate ? "certificate" : "secret";
        const end = read(root, "endDate");
        const start = read(root, "startDate");
        const relative = read(root, "endDateRelative");
        if (end === UNKNOWN || start === UNKNOWN || relative === UNKNOWN) return [];
        let days: number | undefined;
        let why = "";
        if (typeof end === "string" && !Number.isNaN(Date.parse(end))) {
            const from = typeof start === "string" && !Number.isNaN(Date.parse(start)) ? Date.parse(start) : now.getTime();
            days = (Date.parse(end) - from) / DAY_MS;
        } else if (!certificate) {
            // The azuread provider sends a secret's endDate alone (hashicorp/terraform-provider-azuread#1424), so Graph's default applies.
            days = GRAPH_DEFAULT_SECRET_DAYS;
            why = typeof relative === "string" && relative !== ""
                ? ` (the provider ignores endDateRelative on a secret, so Entra gives it its default two years)`
                : ` (with no endDate Entra gives a secret two years)`;
        } else {
            days = goDurationDays(relative);
        }
        if (days === undefined || days <= max) return [];
        return [`The application ${what} is valid for ${Math.round(days)} days${why}, over ${max}; set its end date at most ${max} days after its start.`];
    },
};
