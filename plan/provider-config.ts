import { CLOUD_NAMES_OFFERED, configuredCloud } from "../stacks/azure-cloud";
import { parseDisabledDefaultProviders } from "../stacks/default-providers";
import { AzureCloud, isGuid } from "./arm";

/** Where the stack's providers would deploy: what the plan's stand-ins then answer with. */
export interface ProviderSettings {
    subscriptionId?: string;
    /** azure-native's tenant: the subscription's, where vaults, identities and grants are. */
    tenantId?: string;
    /** azuread's tenant, where applications are registered, when it is not azure-native's. */
    entraTenantId?: string;
    cloud?: AzureCloud;
    /** Packages whose default provider the engine refuses (`pulumi:disable-default-providers`, `*` for all). */
    disabledDefaultProviders?: string[];
}

/**
 * The subscription, tenants and cloud from the stack's provider config (`azure-native:subscriptionId`,
 * `azure-native:tenantId`, `azuread:tenantId`, `azure-native:environment`), else from the `ARM_*`
 * variables each provider reads when its config is silent (and AZURE_ENVIRONMENT for the cloud); and which default providers the engine
 * refuses. Each provider has its own tenant; azure-native's, when nothing names it, is taken to be
 * azuread's (the az login default it would use is unknown offline). A value a provider would
 * refuse is refused here, naming where it came from; an absent one keeps the plan's own.
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
    const tenant = pick([["azure-native:tenantId", config["azure-native:tenantId"]], ["ARM_TENANT_ID", env.ARM_TENANT_ID], ["azuread:tenantId", config["azuread:tenantId"]]]);
    const entraTenant = pick([["azuread:tenantId", config["azuread:tenantId"]], ["ARM_TENANT_ID", env.ARM_TENANT_ID]]);
    for (const found of [tenant, entraTenant]) {
        if (found && !isGuid(found[1]) && !problems.some((p) => p.startsWith(`${found[0]}:`))) problems.push(`${found[0]}: "${found[1]}" is not a tenant id (a GUID)`);
    }
    if (tenant && isGuid(tenant[1])) settings.tenantId = tenant[1].toLowerCase();
    if (entraTenant && isGuid(entraTenant[1]) && entraTenant[1].toLowerCase() !== settings.tenantId) settings.entraTenantId = entraTenant[1].toLowerCase();
    const environment = configuredCloud(config, env);
    if (environment?.cloud !== undefined) settings.cloud = environment.cloud;
    else if (environment !== undefined) problems.push(`${environment.source}: "${environment.given}" is not a cloud azure-native knows, which it would take as the public cloud without a word; use ${CLOUD_NAMES_OFFERED}`);
    const disabled = config["pulumi:disable-default-providers"];
    if (disabled !== undefined) {
        const list = parseDisabledDefaultProviders(disabled);
        if (list !== undefined) settings.disabledDefaultProviders = list;
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
