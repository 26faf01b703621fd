/** The clouds azure-native deploys to, by the name this product uses for each (its documented `environment` values). */
export type CloudName = "public" | "usgovernment" | "china";

/**
 * Every name azure-native takes for a cloud, compared without case: its documented ones and the Azure
 * CLI's (pulumi/pulumi-azure-native provider/pkg/azure/cloud/cloud.go FromName). It takes any other
 * name as the public cloud, without a word; this product refuses it instead.
 */
const CLOUD_NAMES: Readonly<Record<string, CloudName>> = {
    public: "public",
    azurecloud: "public",
    china: "china",
    azurechinacloud: "china",
    usgov: "usgovernment",
    usgovernment: "usgovernment",
    azureusgovernment: "usgovernment",
    azureusgovernmentcloud: "usgovernment",
    usgovernmentl4: "usgovernment",
};

/** The names a message offers for each cloud: the product's, then the Azure CLI's. */
export const CLOUD_NAMES_OFFERED = "public (AzureCloud), usgovernment (AzureUSGovernment) or china (AzureChinaCloud)";

/** The cloud azure-native understands by `name`; undefined for one it does not know. */
export function cloudOfName(name: string): CloudName | undefined {
    const key = name.trim().toLowerCase();
    return Object.prototype.hasOwnProperty.call(CLOUD_NAMES, key) ? CLOUD_NAMES[key] : undefined;
}

/**
 * Where azure-native reads the stack's cloud, and what it says there: `azure-native:environment`,
 * else ARM_ENVIRONMENT, else AZURE_ENVIRONMENT (provider/pkg/provider/auth_azidentity.go getCloud);
 * undefined when none is set (the public cloud). An empty value is taken as unset.
 */
export function configuredCloud(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): { source: string; given: string; cloud: CloudName | undefined } | undefined {
    const sources: [string, string | undefined][] = [["azure-native:environment", config["azure-native:environment"]], ["ARM_ENVIRONMENT", env.ARM_ENVIRONMENT], ["AZURE_ENVIRONMENT", env.AZURE_ENVIRONMENT]];
    const found = sources.find(([, value]) => value !== undefined && value.trim() !== "");
    if (found === undefined) return undefined;
    const given = found[1] as string;
    return { source: found[0], given, cloud: cloudOfName(given) };
}
