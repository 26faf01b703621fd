import { T } from "../lib/azure";
import { ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-exports",
    description: "Exports copy images out of the registry, past its network rules and its key.",
    severity: "medium",
    levels: { baseline: "advisory", mcsb: "advisory", sovereign: "mandatory" },
    frameworks: ["MCSB v2 DP-2"],
    mirrors: ["Azure Policy \"Container registries should have exports disabled\"", "PSRule Azure.ACR.Export (related)"],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const status = read(props, "policies", "exportPolicy", "status");
        if (status === UNKNOWN) return [];
        if (!sameText(status, "disabled")) return ["The registry allows exports; set policies.exportPolicy.status to \"disabled\" (which needs publicNetworkAccess \"Disabled\")."];
        // Exports stay off only behind a closed endpoint: ARM refuses them disabled on a public registry (so does the Azure Policy).
        const access = read(props, "publicNetworkAccess");
        if (access === UNKNOWN || sameText(access, "Disabled")) return [];
        return ["The registry turns exports off but keeps its public endpoint, which Azure does not allow; set publicNetworkAccess to \"Disabled\" as well."];
    },
};
