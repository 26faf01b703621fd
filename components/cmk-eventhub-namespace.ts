import * as pulumi from "@pulumi/pulumi";
import * as eventhub from "@pulumi/azure-native/eventhub";
import { identityWithKeyAccess } from "./customer-managed-key";
import { messagingEncryption, namespacePrefix, validateMessagingNamespaceArgs } from "./messaging-namespace";
import { generatedName } from "./naming";
import { CustomerManagedKey, IdentityReference } from "./types";
import { throwIfInvalid, ValidationIssue } from "./validation";

export interface CmkEventHubNamespaceArgs {
    /** Required. The resource group the namespace lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 6–50 letters, digits and hyphens, starting with a letter, globally unique. Defaults to the resource name's plus 6 random characters, kept in state. */
    namespaceName?: string;
    /** Required. The key the namespace encrypts with; versionless unless `keyVersion` pins one. Set at creation. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Premium processing units: 1, 2, 4, 8 or 16. Defaults to `1`. */
    capacity?: 1 | 2 | 4 | 8 | 16;
    /** Optional. Defaults to `Disabled`. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Defaults to `true`: only Entra ID authorizes requests, never shared access keys. */
    disableLocalAuth?: boolean;
    /** Optional. Defaults to none. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export const CmkEventHubNamespaceDefaults = {
    // Customer-managed keys exist only on Premium (and dedicated clusters).
    sku: "Premium",
    capacity: 1,
    publicNetworkAccess: "Disabled",
    disableLocalAuth: true,
    minimumTlsVersion: "1.2",
} as const;

/** Every rule CmkEventHubNamespaceArgs break; empty when valid. */
export function validateCmkEventHubNamespaceArgs(name: string, args: CmkEventHubNamespaceArgs): ValidationIssue[] {
    return validateMessagingNamespaceArgs("Event Hubs", "processing-unit", name, args);
}

/**
 * A Premium Event Hubs namespace whose data keys are wrapped with the customer's key (following
 * its rotation) as a user-assigned identity, double-encrypted, Entra-only, TLS 1.2 and closed
 * to the public. The key is set at creation.
 */
export class CmkEventHubNamespace extends pulumi.ComponentResource {
    readonly namespace: eventhub.Namespace;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly namespaceName: pulumi.Output<string>;
    readonly serviceBusEndpoint: pulumi.Output<string>;

    constructor(name: string, args: CmkEventHubNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkEventHubNamespace "${name}"`, validateCmkEventHubNamespaceArgs(name, args));
        super("azure-byok:eventhub:CmkEventHubNamespace", name, {}, opts);

        const cmk = args.customerManagedKey;
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this);
        this.identity = identity;
        this.keyAccess = keyAccess;

        this.namespace = new eventhub.Namespace(`${name}-namespace`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            namespaceName: args.namespaceName ?? generatedName(name, namespacePrefix(name), "-", this),
            sku: { name: eventhub.SkuName.Premium, tier: eventhub.SkuTier.Premium, capacity: args.capacity ?? CmkEventHubNamespaceDefaults.capacity },
            ...messagingEncryption(cmk, identity.id),
            disableLocalAuth: args.disableLocalAuth ?? CmkEventHubNamespaceDefaults.disableLocalAuth,
            minimumTlsVersion: CmkEventHubNamespaceDefaults.minimumTlsVersion,
            publicNetworkAccess: args.publicNetworkAccess ?? CmkEventHubNamespaceDefaults.publicNetworkAccess,
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess] });

        this.id = this.namespace.id;
        this.namespaceName = this.namespace.name;
        this.serviceBusEndpoint = this.namespace.serviceBusEndpoint;
        this.registerOutputs({ id: this.id, namespaceName: this.namespaceName, serviceBusEndpoint: this.serviceBusEndpoint, identityClientId: identity.clientId });
    }
}
