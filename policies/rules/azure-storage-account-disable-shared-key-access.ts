import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { readBoolean, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-storage-account-disable-shared-key-access",
    description: "Account keys grant full access to all data and bypass Entra ID, its conditional access and its audit trail.",
    severity: "high",
    levels: { baseline: "advisory", mcsb: "mandatory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 IM-1"],
    mirrors: [
        "Azure Policy 8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54 \"Storage accounts should prevent shared key access\" (looser: it reports only allowSharedKeyAccess true, so one left out, which Azure takes as allowed, passes it and is reported here)",
        "Checkov CKV2_AZURE_40",
        "PSRule Azure.Storage.LocalAuth",
        "Prowler storage_account_key_access_disabled",
    ],
    resourceTypes: [T.storageAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const value = readBoolean(props, "allowSharedKeyAccess");
        return value === UNKNOWN || value === false ? [] : ["Shared-key access is on; set allowSharedKeyAccess to false and use Entra identities."];
    },
};
