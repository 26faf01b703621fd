import * as pulumi from "@pulumi/pulumi";
import type { VaultReference } from "./types";
import { throwIfInvalid } from "./validation";

/**
 * The provider option for a resource of `type` made in `vault` as a child of `parent`: the
 * vault's own. A vault without one is reached through the default provider, which cannot be
 * given as an object, and Pulumi hands a child without a provider its parent's
 * (@pulumi/pulumi resource.js: opts.provider, then the parent's providers map): under a parent
 * with another azure-native provider the child would go to that provider's subscription, so it is
 * refused, naming `field` (the vault reference's `provider`) for `owner`.
 */
export function providerInVault(owner: string, field: string, vault: VaultReference, parent: pulumi.Resource, type: string, what: string): pulumi.ProviderResource | undefined {
    if (vault.provider !== undefined || parent.getProvider(type) === undefined) return vault.provider;
    throwIfInvalid(owner, [{
        field,
        message: `is not set, so the vault is reached through the default azure-native provider, but ${what} is made under a component given another azure-native provider, which Pulumi would send it through (a child takes its parent's provider, and the default one cannot be given): make the vault, or read it with existingKeyVault, with an explicit provider for its subscription, or make ${what} outside that component`,
    }]);
    return undefined;
}
