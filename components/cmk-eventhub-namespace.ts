import * as pulumi from "@pulumi/pulumi";
import * as eventhub from "@pulumi/azure-native/eventhub";
import { identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { generatedName, NAME_SUFFIX_LENGTH } from "./naming";
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
    requireInfrastructureEncryption: true,
} as const;

const NAMESPACE_NAME = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/;
const CAPACITIES = [1, 2, 4, 8, 16];

/** Every rule CmkEventHubNamespaceArgs break; empty when valid. */
export function validateCmkEventHubNamespaceArgs(name: string, args: CmkEventHubNamespaceArgs): ValidationIssue[] {
    const issues = validateCustomerManagedKey(args.customerManagedKey);
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.namespaceName !== undefined) {
        if (!NAMESPACE_NAME.test(args.namespaceName)) {
            add("namespaceName", `"${args.namespaceName}" is not an Event Hubs namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit`);
        }
    } else {
        const prefix = namespacePrefix(name);
        if (!/^[a-z]/.test(prefix) || prefix.length > 50 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the namespace name's prefix, which needs 1–${50 - 1 - NAME_SUFFIX_LENGTH} letters, digits and hyphens starting with a letter; rename the resource or set namespaceName`);
        }
    }
    if (args.capacity !== undefined && !CAPACITIES.includes(args.capacity)) {
        add("capacity", `${String(args.capacity)} is not a Premium processing-unit count; use one of ${CAPACITIES.join(", ")}`);
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    return issues;
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
            identity: { type: eventhub.ManagedServiceIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: eventhub.KeySource.Microsoft_KeyVault,
                // No keyVersion unless pinned: the namespace then follows the key's rotation.
                keyVaultProperties: [{ keyVaultUri: cmk.key.keyVault.vaultUri, keyName: cmk.key.keyName, keyVersion: cmk.keyVersion, identity: { userAssignedIdentity: identity.id } }],
                requireInfrastructureEncryption: CmkEventHubNamespaceDefaults.requireInfrastructureEncryption,
            },
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

function namespacePrefix(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9-]/g, "").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
}
