import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-admin-user",
    description: "The admin user is a shared, full-access password that bypasses Entra ID and its audit trail.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 IM-1", "CIS Azure 9.x"],
    mirrors: [
        "Azure Policy \"Container registries should have local admin account disabled\"",
        "Checkov CKV_AZURE_137",
        "PSRule Azure.ACR.AdminUser",
        "Prowler containerregistry_admin_user_disabled",
    ],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const admin = readBoolean(props, "adminUserEnabled");
        return admin === UNKNOWN || admin !== true ? [] : ["The registry's admin user is on; set adminUserEnabled to false and pull with Entra identities."];
    },
};
