import { T } from "../lib/azure";
import { everywhere, ResourceRule, RuleMetadata } from "../lib/rule";
import { read, sameText, UNKNOWN } from "../lib/values";

type Params = Record<string, never>;

export const metadata: RuleMetadata<Params> = {
    name: "azure-cognitiveservices-account-enable-cmk-encryption",
    description: "An Azure AI services (Cognitive Services) account on Microsoft-managed keys keeps its models, prompts and data under a key its owner cannot revoke.",
    severity: "high",
    levels: everywhere("mandatory"),
    frameworks: ["MCSB v2 DP-5"],
    mirrors: [
        "Azure Policy \"Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)\" (its default excludedKinds leave out some kinds, AIServices among them; every kind that takes a key is judged here)",
        "Checkov CKV2_AZURE_22",
    ],
    resourceTypes: [T.cognitiveAccount],
    parameters: {},
};

export const rule: ResourceRule<Params> = {
    kind: "resource",
    metadata,
    check({ props }) {
        const encryption = read(props, "properties", "encryption");
        if (encryption === UNKNOWN) return [];
        // azure-native sends keySource Microsoft.KeyVault when an encryption block leaves it out.
        const source = read(encryption, "keySource");
        if (source === UNKNOWN || (encryption !== undefined && (source === undefined || sameText(source, "Microsoft.KeyVault")))) return [];
        return ["The account encrypts with Microsoft-managed keys; set properties.encryption to { keySource: \"Microsoft.KeyVault\", keyVaultProperties: { keyVaultUri, keyName, identityClientId } }."];
    },
};
