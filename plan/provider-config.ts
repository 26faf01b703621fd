import { AzureCloud, CLOUDS, isAzureCloud, isGuid } from "./arm";

/** Where the stack's providers would deploy: what the plan's stand-ins then answer with. */
export interface ProviderSettings {
    subscriptionId?: string;
    tenantId?: string;
    cloud?: AzureCloud;
    /** Packages whose default provider the engine refuses (`pulumi:disable-default-providers`, `*` for all). */
    disabledDefaultProviders?: string[];
}

/**
 * The subscription, tenant and cloud from the stack's provider config (`azure-native:subscriptionId`,
 * `azure-native:tenantId`, else `azuread:tenantId`, `azure-native:environment`), else from the
 * `ARM_*` variables the provider reads when its config is silent; and which default providers
 * the engine refuses. A value the provider would refuse is refused here, naming where it came
 * from; an absent one keeps the plan's own.
 */
export function providerSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const settings: ProviderSettings = {};
    const problems: string[] = [];
    const pick = (sources: [string, string | undefined][]): [string, string] | undefined => {
        const found = sources.find(([, value]) => value !== undefined && value !== "");
        return found ? [found[0], found[1] as string] : undefined;
    };
    const subscription = pick([["azure-native:subscriptionId", config["azure-native:subscriptionId"]], ["ARM_SUBSCRIPTION_ID", env.ARM_SUBSCRIPTION_ID]]);
    if (subscription) {
        if (isGuid(subscription[1])) settings.subscriptionId = subscription[1].toLowerCase();
        else problems.push(`${subscription[0]}: "${subscription[1]}" is not a subscription id (a GUID)`);
    }
    const tenant = pick([["azure-native:tenantId", config["azure-native:tenantId"]], ["azuread:tenantId", config["azuread:tenantId"]], ["ARM_TENANT_ID", env.ARM_TENANT_ID]]);
    if (tenant) {
        if (isGuid(tenant[1])) settings.tenantId = tenant[1].toLowerCase();
        else problems.push(`${tenant[0]}: "${tenant[1]}" is not a tenant id (a GUID)`);
    }
    const environment = pick([["azure-native:environment", config["azure-native:environment"]], ["ARM_ENVIRONMENT", env.ARM_ENVIRONMENT]]);
    if (environment) {
        const cloud = environment[1].toLowerCase();
        if (isAzureCloud(cloud)) settings.cloud = cloud;
        else problems.push(`${environment[0]}: "${environment[1]}" is not an Azure cloud azure-native knows (${Object.keys(CLOUDS).join(", ")})`);
    }
    const disabled = config["pulumi:disable-default-providers"];
    if (disabled !== undefined) {
        let list: unknown;
        try {
            list = JSON.parse(disabled);
        } catch {
            list = undefined;
        }
        if (Array.isArray(list) && list.every((p) => typeof p === "string")) settings.disabledDefaultProviders = list as string[];
        else problems.push(`pulumi:disable-default-providers: ${JSON.stringify(disabled)} is not a list of package names (or "*")`);
    }
    if (problems.length > 0) {
        throw new ProviderConfigError(problems);
    }
    return settings;
}

export class ProviderConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ProviderConfigError";
    }
}
