import * as pulumi from "@pulumi/pulumi";
import { Provider, ProviderArgs } from "@pulumi/azure-native/provider";
import * as azuread from "@pulumi/azuread/provider";
import * as random from "@pulumi/random/provider";
import * as tls from "@pulumi/tls/provider";
import * as time from "@pulumiverse/time/provider";
import { GUID_PATTERN } from "../components/validation";
import { ConfigError, ConfigIssue } from "./config";
import { parseDisabledDefaultProviders } from "./default-providers";
import { secretConfigKeys } from "./secret-config";

/** The packages whose resources this program registers. */
type Package = "azure-native" | "azuread" | "tls" | "random" | "time";

/**
 * A package's provider settings in the stack's config (`<package>:<setting>`), read as its
 * default provider would read them: secrets stay secrets, flags are `true` or `false`. Settings
 * no provider could read are refused first (`settingIssues`), naming the key.
 */
function settingsOf(pkg: Package, config: Record<string, string>) {
    const issues = settingIssues(config);
    if (issues.length > 0) throw new ConfigError(issues);
    const text = (name: string): string | undefined => config[`${pkg}:${name}`];
    // What the stack keeps encrypted (a subscription or tenant id, say) stays a secret in the provider's inputs and state.
    const encrypted = new Set(secretConfigKeys(Object.keys(config).filter((k) => k.startsWith(`${pkg}:`))));
    return {
        text,
        /** A setting as the provider takes it: a secret when the stack holds it encrypted. */
        input: (name: string): pulumi.Input<string> | undefined => {
            const value = text(name);
            return value === undefined ? undefined : encrypted.has(`${pkg}:${name}`) ? pulumi.secret(value) : value;
        },
        secret: (name: string) => {
            const value = text(name);
            return value === undefined ? undefined : pulumi.secret(value);
        },
        isSecret: (name: string): boolean => encrypted.has(`${pkg}:${name}`),
        flag: (name: string): boolean | undefined => {
            const value = text(name);
            return value === undefined ? undefined : value === "true";
        },
    };
}

/**
 * An explicit azure-native provider's args: the default provider's settings from the stack's
 * config (`azure-native:<setting>`), in `subscriptionId` when one is given. Pulumi hands stack
 * config to default providers only, so without them an explicit provider would sign in
 * differently from the rest of the stack (environment variables and the Azure CLI reach both).
 */
export function subscriptionProviderArgs(subscriptionId: string | undefined, config: Record<string, string>): ProviderArgs {
    const settings = settingsOf("azure-native", config);
    const { text, input, flag } = settings;
    const auxiliary = text("auxiliaryTenantIds");
    const auxiliaryTenantIds = auxiliary === undefined ? undefined : tenantList(auxiliary);
    return {
        ...signIn(settings),
        subscriptionId: subscriptionId ?? input("subscriptionId"),
        auxiliaryTenantIds: auxiliaryTenantIds !== undefined && settings.isSecret("auxiliaryTenantIds") ? pulumi.secret(auxiliaryTenantIds) : auxiliaryTenantIds,
        location: input("location"),
        useDefaultAzureCredential: flag("useDefaultAzureCredential"),
        disableInstanceDiscovery: flag("disableInstanceDiscovery"),
        disablePulumiPartnerId: flag("disablePulumiPartnerId"),
    };
}

/** An explicit azuread provider's args: the stack's `azuread:<setting>` config. */
export function entraProviderArgs(config: Record<string, string>): azuread.ProviderArgs {
    const settings = settingsOf("azuread", config);
    const { input, secret, flag } = settings;
    return {
        ...signIn(settings),
        clientIdFilePath: input("clientIdFilePath"),
        clientSecretFilePath: input("clientSecretFilePath"),
        clientCertificate: secret("clientCertificate"),
        adoPipelineServiceConnectionId: input("adoPipelineServiceConnectionId"),
        disableTerraformPartnerId: flag("disableTerraformPartnerId"),
        useAksWorkloadIdentity: flag("useAksWorkloadIdentity"),
        useCli: flag("useCli"),
    };
}

/** The sign-in settings azure-native and azuread share, under the same names. */
function signIn({ input, secret, flag }: ReturnType<typeof settingsOf>) {
    return {
        environment: input("environment"),
        tenantId: input("tenantId"),
        clientId: input("clientId"),
        clientSecret: secret("clientSecret"),
        clientCertificatePath: input("clientCertificatePath"),
        clientCertificatePassword: secret("clientCertificatePassword"),
        metadataHost: input("metadataHost"),
        msiEndpoint: input("msiEndpoint"),
        oidcRequestUrl: input("oidcRequestUrl"),
        oidcRequestToken: secret("oidcRequestToken"),
        oidcToken: secret("oidcToken"),
        oidcTokenFilePath: input("oidcTokenFilePath"),
        partnerId: input("partnerId"),
        useMsi: flag("useMsi"),
        useOidc: flag("useOidc"),
    };
}

/** The stack's own providers, when it disables default ones: what every resource it registers goes through. */
export interface StackProviders {
    /** One per package whose default provider is disabled; empty when none is. */
    providers: pulumi.ProviderResource[];
    /** The azure-native one, for what is registered or read outside a component. */
    azureNative?: Provider;
}

/**
 * Explicit providers named `stack` for the packages whose default provider the stack disables
 * (`pulumi:disable-default-providers`, `*` for all), given the stack's own settings. A stack
 * disables them so that nothing deploys where ambient credentials point: the azure-native one
 * therefore needs `azure-native:subscriptionId`, refused (before anything is registered) when absent.
 */
export function stackProviders(config: Record<string, string> = pulumi.runtime.allConfig()): StackProviders {
    const disabled = disabledDefaultProviders(config);
    const off = (pkg: Package) => disabled.includes("*") || disabled.includes(pkg);
    // Judged whether or not a provider of the stack's uses them: the default providers would refuse them too.
    const issues: ConfigIssue[] = settingIssues(config);
    const subscriptionId = config["azure-native:subscriptionId"];
    if (off("azure-native")) {
        if (subscriptionId === undefined || subscriptionId === "") {
            issues.push({ path: "azure-native:subscriptionId", message: "is required when pulumi:disable-default-providers turns azure-native's default provider off: the stack's own provider deploys to the subscription named here, never to whichever one the environment points at" });
        } else if (!GUID_PATTERN.test(subscriptionId)) {
            issues.push({ path: "azure-native:subscriptionId", message: `"${subscriptionId}" is not a subscription id (a GUID)` });
        }
    }
    if (issues.length > 0) throw new ConfigError(issues);
    const azureNative = off("azure-native") ? new Provider("stack", subscriptionProviderArgs(undefined, config)) : undefined;
    const providers: pulumi.ProviderResource[] = [
        ...(azureNative === undefined ? [] : [azureNative]),
        ...(off("azuread") ? [new azuread.Provider("stack", entraProviderArgs(config))] : []),
        ...(off("tls") ? [new tls.Provider("stack", {})] : []),
        ...(off("random") ? [new random.Provider("stack", {})] : []),
        ...(off("time") ? [new time.Provider("stack", {})] : []),
    ];
    return { providers, azureNative };
}

/** Flags the providers read as `true` or `false`, and azure-native's list of auxiliary tenants. */
const FLAGS: Record<"azure-native" | "azuread", string[]> = {
    "azure-native": ["useMsi", "useOidc", "useDefaultAzureCredential", "disableInstanceDiscovery", "disablePulumiPartnerId"],
    azuread: ["useMsi", "useOidc", "useCli", "useAksWorkloadIdentity", "disableTerraformPartnerId"],
};

function settingIssues(config: Record<string, string>): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const [pkg, flags] of Object.entries(FLAGS)) {
        for (const flag of flags) {
            const value = config[`${pkg}:${flag}`];
            if (value !== undefined && value !== "true" && value !== "false") issues.push({ path: `${pkg}:${flag}`, message: `"${value}" is not true or false` });
        }
    }
    const auxiliary = config["azure-native:auxiliaryTenantIds"];
    if (auxiliary !== undefined && tenantList(auxiliary) === undefined) {
        issues.push({ path: "azure-native:auxiliaryTenantIds", message: `${auxiliary} is not a list of tenant ids` });
    }
    return issues;
}

/** A JSON list of tenant ids, as Pulumi stores a list in config; undefined when it is not one. */
function tenantList(value: string): string[] | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return undefined;
    }
    return Array.isArray(parsed) && parsed.every((t) => typeof t === "string") ? parsed : undefined;
}

/** The packages `pulumi:disable-default-providers` lists (a JSON list; `*` for all). */
function disabledDefaultProviders(config: Record<string, string>): string[] {
    const value = config["pulumi:disable-default-providers"];
    const list = value === undefined ? [] : parseDisabledDefaultProviders(value);
    if (list === undefined) {
        throw new ConfigError([{ path: "pulumi:disable-default-providers", message: `${JSON.stringify(value)} is not a list of package names (or "*")` }]);
    }
    return list;
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
