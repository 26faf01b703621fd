import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, readBoolean, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-containerregistry-registry-disable-anonymous-pull",
    description: "Anonymous pull lets anyone on the internet download every image, CMK-encrypted or not.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 IM-1"],
    mirrors: ["Azure Policy \"Container registries should have anonymous authentication disabled\"", "Checkov CKV_AZURE_138", "PSRule Azure.ACR.AnonymousAccess"],
    resourceTypes: [T.registry],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const anonymous = readBoolean(props, "anonymousPullEnabled");
        // Anonymous pull exists on Standard and Premium only: ARM refuses it on Basic, and without a SKU (which ARM requires) there is no tier to judge, as Checkov and PSRule read it.
        const sku = read(props, "sku", "name");
        if (sku === UNKNOWN || sku === undefined || sameText(sku, "Basic")) return [];
        return anonymous === UNKNOWN || anonymous !== true ? [] : ["The registry allows anonymous pull; set anonymousPullEnabled to false."];
    },
};
