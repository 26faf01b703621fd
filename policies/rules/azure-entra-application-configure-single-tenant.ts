import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-entra-application-configure-single-tenant",
    description: "An application that holds key permissions should accept sign-ins from its own tenant only; multi-tenant apps can be consented into other tenants.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 IM-1"],
    mirrors: ["None at deploy time"],
    resourceTypes: [T.application],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const audience = read(props, "signInAudience");
        // azuread's default when signInAudience is omitted is AzureADMyOrg.
        if (audience === UNKNOWN || audience === undefined || audience === "AzureADMyOrg") return [];
        return [`The application's sign-in audience is ${String(audience)}; set signInAudience to "AzureADMyOrg".`];
    },
};
