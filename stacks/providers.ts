import * as pulumi from "@pulumi/pulumi";
import { Provider, ProviderArgs } from "@pulumi/azure-native/provider";

/**
 * The explicit provider's args: `subscriptionId`, and the default provider's settings from the
 * stack's config (`azure-native:<setting>`). Pulumi hands stack config to default providers only,
 * so without them a provider for another subscription would sign in differently from the rest of
 * the stack (environment variables and the Azure CLI reach both). Secrets stay secrets.
 */
export function subscriptionProviderArgs(subscriptionId: string, config: Record<string, string>): ProviderArgs {
    const text = (name: string): string | undefined => config[`azure-native:${name}`];
    const secret = (name: string) => {
        const value = text(name);
        return value === undefined ? undefined : pulumi.secret(value);
    };
    const flag = (name: string): boolean | undefined => {
        const value = text(name);
        if (value === undefined || value === "true" || value === "false") return value === undefined ? undefined : value === "true";
        throw new Error(`azure-native:${name}: "${value}" is not true or false`);
    };
    const auxiliary = text("auxiliaryTenantIds");
    let auxiliaryTenantIds: string[] | undefined;
    if (auxiliary !== undefined) {
        const parsed: unknown = JSON.parse(auxiliary);
        if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === "string")) throw new Error(`azure-native:auxiliaryTenantIds: ${auxiliary} is not a list of tenant ids`);
        auxiliaryTenantIds = parsed;
    }
    return {
        subscriptionId,
        auxiliaryTenantIds,
        environment: text("environment"),
        location: text("location"),
        tenantId: text("tenantId"),
        clientId: text("clientId"),
        clientSecret: secret("clientSecret"),
        clientCertificatePath: text("clientCertificatePath"),
        clientCertificatePassword: secret("clientCertificatePassword"),
        metadataHost: text("metadataHost"),
        msiEndpoint: text("msiEndpoint"),
        oidcRequestUrl: text("oidcRequestUrl"),
        oidcRequestToken: secret("oidcRequestToken"),
        oidcToken: secret("oidcToken"),
        oidcTokenFilePath: text("oidcTokenFilePath"),
        partnerId: text("partnerId"),
        useMsi: flag("useMsi"),
        useOidc: flag("useOidc"),
        useDefaultAzureCredential: flag("useDefaultAzureCredential"),
        disableInstanceDiscovery: flag("disableInstanceDiscovery"),
        disablePulumiPartnerId: flag("disablePulumiPartnerId"),
    };
}

/**
 * One azure-native provider per subscription the stack reaches besides its own (an existing vault
 * or identity in a platform team's subscription), made on first use and named for the subscription.
 */
export function subscriptionProviders(config: Record<string, string> = pulumi.runtime.allConfig()): (subscriptionId: string | undefined) => Provider | undefined {
    const made = new Map<string, Provider>();
    return (subscriptionId) => {
        if (subscriptionId === undefined) return undefined;
        const id = subscriptionId.toLowerCase();
        let provider = made.get(id);
        if (provider === undefined) {
            provider = new Provider(`subscription-${id}`, subscriptionProviderArgs(id, config));
            made.set(id, provider);
        }
        return provider;
    };
}
