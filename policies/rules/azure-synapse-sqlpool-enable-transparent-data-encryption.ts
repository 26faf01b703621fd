import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-synapse-sqlpool-enable-transparent-data-encryption",
    description: "A Synapse dedicated SQL pool with transparent data encryption off is stored decrypted, whatever key its workspace names.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-4"],
    mirrors: [
        "Azure Policy cfaf0007-99c7-4b01-b36b-4048872ac978 \"Azure Synapse Analytics dedicated SQL pools should enable encryption\"",
        "Checkov CKV_AZURE_241",
    ],
    resourceTypes: [T.synapseSqlPoolTransparentDataEncryption],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const status = read(props, "status");
        if (status === UNKNOWN || sameText(status, "Enabled")) return [];
        return [`Transparent data encryption is ${typeof status === "string" ? `"${status}"` : "not set"} on the dedicated SQL pool; set status to "Enabled".`];
    },
};
