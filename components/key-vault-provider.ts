import * as pulumi from "@pulumi/pulumi";
import type { VaultReference } from "./types";
import { isRecord, ValidationIssue } from "./validation";

const AZURE_NATIVE = "azure-native";

/** Whether `provider` is azure-native's: a provider's type is `pulumi:providers:<package>` (getPackage is internal to the SDK). */
function isAzureNative(provider: pulumi.ProviderResource): boolean {
    return pulumi.resourceType(provider) === `pulumi:providers:${AZURE_NATIVE}`;
}

/**
 * The azure-native provider a component made with `opts` hands its children, found as the
 * Resource constructor finds it (@pulumi/pulumi resource.js): `opts.provider` when it is
 * azure-native's, else the last azure-native one in `opts.providers` (a map by its key), else the
 * parent's. Known before `super()`, so a component can refuse before it registers anything.
 */
export function inheritedAzureNativeProvider(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    if (opts?.provider !== undefined && isAzureNative(opts.provider)) return opts.provider;
    const providers = opts?.providers;
    const listed = Array.isArray(providers) ? providers.filter(isAzureNative).pop() : providers?.[AZURE_NATIVE];
    return listed ?? opts?.parent?.getProvider(`${AZURE_NATIVE}::`);
}

/**
 * Refuses `what`, made in `vault` by a component made with `opts`, when the vault has no provider
 * of its own (the default one, which cannot be given as an object) but the component hands its
 * children another azure-native provider: the child would go to that provider's subscription.
 * Reported under `field`, the vault reference's `provider`. A vault whose shape is wrong is
 * reported by the shape rules.
 */
export function vaultProviderIssues(field: string, vault: VaultReference | undefined, opts: pulumi.ComponentResourceOptions | undefined, what: string): ValidationIssue[] {
    if (!isRecord(vault) || vault.provider !== undefined || inheritedAzureNativeProvider(opts) === undefined) return [];
    return [{
        field,
        message: `is not set, so the vault is reached through the default azure-native provider, but ${what} is made under a component given another azure-native provider, which Pulumi would send it through (a child takes its parent's provider, and the default one cannot be given): make the vault, or read it with existingKeyVault, with an explicit provider for its subscription, or make ${what} outside that component`,
    }];
}
