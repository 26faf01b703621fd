import * as pulumi from "@pulumi/pulumi";
import { cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { generatedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, resourceGroupNameIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";

/**
 * What Event Hubs and Service Bus namespaces share: one DNS zone and naming rule, Premium units of
 * capacity, and the same customer-managed-key block, each key entry naming its identity.
 * `CmkEventHubNamespace` and `CmkServiceBusNamespace` take these args.
 */
export interface CmkMessagingNamespaceArgs {
    /** Required. The resource group the namespace lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 6–50 letters, digits and hyphens, starting with a letter, not ending in `-sb` or `-mgmt`, unique across Event Hubs and Service Bus. Defaults to the resource name's plus 6 random characters, kept in state. */
    namespaceName?: string;
    /** Required. The key the namespace encrypts with; versionless unless `keyVersion` pins one. Set at creation. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Premium units (Event Hubs processing units, Service Bus messaging units): 1, 2, 4, 8 or 16. Defaults to `1`. */
    capacity?: 1 | 2 | 4 | 8 | 16;
    /** Optional. Defaults to `Disabled`. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Defaults to `true`: only Entra ID authorizes requests, never shared access keys. */
    disableLocalAuth?: boolean;
    /** Optional. Private endpoints into the applications' networks: with public access off, the way in. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the namespace and on the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the namespace (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grant on the key (`retainOnDelete` alone on that). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkMessagingNamespaceDefaults = {
    // Customer-managed keys exist only on Premium.
    sku: "Premium",
    capacity: 1,
    publicNetworkAccess: "Disabled",
    disableLocalAuth: true,
    minimumTlsVersion: "1.2",
    // Fixed at creation.
    requireInfrastructureEncryption: true,
    protect: true,
} as const;

const NAMESPACE_NAME = /^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$/;
export const PREMIUM_CAPACITIES = [1, 2, 4, 8, 16] as const;

/** How a messaging namespace reads each argument: the name, capacity and access settings decide what is created, so they are plain values. */
export const CMK_MESSAGING_NAMESPACE_ARGS = {
    resourceGroupName: "input",
    location: "region",
    namespaceName: "string",
    customerManagedKey: "object",
    capacity: "number",
    publicNetworkAccess: "string",
    disableLocalAuth: "boolean",
    privateEndpoints: "list",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkMessagingNamespaceArgs>;

/** Every rule a namespace's args break, `service` naming it ("Event Hubs", "Service Bus") and `unit` its capacity unit. */
export function validateMessagingNamespaceArgs(service: string, unit: string, name: string, args: CmkMessagingNamespaceArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. `name` is Azure Verified Modules'.
    const shape = cmkServiceShapeIssues(args, CMK_MESSAGING_NAMESPACE_ARGS, "namespace", { renamed: { name: "namespaceName" } });
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "namespaceName", what: "namespace", given: args.namespaceName !== undefined, from: (n) => shownGeneratedName(hyphenatedPrefix(n), "-") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.namespaceName !== undefined) {
        if (!NAMESPACE_NAME.test(args.namespaceName)) {
            add("namespaceName", `"${args.namespaceName}" is not ${service === "Event Hubs" ? "an" : "a"} ${service} namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit`);
        } else if (/-(sb|mgmt)$/i.test(args.namespaceName)) {
            add("namespaceName", `"${args.namespaceName}" ends in "-sb" or "-mgmt", which Azure reserves for its own endpoints`);
        }
    } else {
        const prefix = hyphenatedPrefix(name);
        if (!/^[a-z]/.test(prefix) || prefix.length > 50 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the namespace name's prefix, which needs 1–${50 - 1 - NAME_SUFFIX_LENGTH} letters, digits and hyphens starting with a letter; rename the resource or set namespaceName`);
        }
    }
    if (args.capacity !== undefined && !(PREMIUM_CAPACITIES as readonly number[]).includes(args.capacity)) {
        add("capacity", `${String(args.capacity)} is not a Premium ${unit} count; use one of ${PREMIUM_CAPACITIES.join(", ")}`);
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    issues.push(...validatePrivateEndpoints("messagingNamespace", args.privateEndpoints));
    issues.push(...validateTags(args.tags));
    return issues;
}

/** The namespace inputs both providers take, in their shared shape. */
export interface MessagingNamespaceInputs {
    resourceGroupName: pulumi.Input<string>;
    location?: pulumi.Input<string>;
    namespaceName: pulumi.Input<string>;
    sku: { name: "Premium"; tier: "Premium"; capacity: number };
    identity: { type: "UserAssigned"; userAssignedIdentities: pulumi.Input<string>[] };
    encryption: {
        keySource: "Microsoft.KeyVault";
        keyVaultProperties: { keyVaultUri: pulumi.Input<string>; keyName: pulumi.Input<string>; keyVersion?: string; identity: { userAssignedIdentity: pulumi.Input<string> } }[];
        requireInfrastructureEncryption: boolean;
    };
    disableLocalAuth: boolean;
    minimumTlsVersion: "1.2";
    publicNetworkAccess: "Enabled" | "Disabled";
    tags?: ResourceTags;
}

/** The resource a namespace component makes: an Event Hubs or a Service Bus namespace. */
export interface NamespaceResource extends pulumi.CustomResource {
    readonly name: pulumi.Output<string>;
    readonly serviceBusEndpoint: pulumi.Output<string>;
}

/**
 * A Premium namespace whose data keys are wrapped with the customer's key (following its rotation)
 * as a user-assigned identity, double-encrypted, Entra-only, TLS 1.2 and closed to the public.
 * The key is set at creation. Subclassed once per service, which supplies the resource.
 */
export abstract class CmkMessagingNamespace<R extends NamespaceResource> extends pulumi.ComponentResource {
    readonly namespace: R;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly namespaceName: pulumi.Output<string>;
    readonly serviceBusEndpoint: pulumi.Output<string>;

    protected constructor(
        service: { token: string; component: string; issues: ValidationIssue[] },
        name: string,
        args: CmkMessagingNamespaceArgs,
        create: (name: string, inputs: MessagingNamespaceInputs, opts: pulumi.CustomResourceOptions) => R,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        throwIfInvalid(`${service.component} "${name}"`, service.issues);
        super(service.token, name, {}, opts);

        const cmk = args.customerManagedKey;
        // Microsoft's Event Hubs and Service Bus guides grant list too on an access-policy vault.
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkMessagingNamespaceDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { listKeysInAccessPolicy: true, ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const d = CmkMessagingNamespaceDefaults;

        this.namespace = create(`${name}-namespace`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            namespaceName: args.namespaceName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            sku: { name: d.sku, tier: d.sku, capacity: args.capacity ?? d.capacity },
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: "Microsoft.KeyVault",
                // No keyVersion unless pinned: the namespace then follows the key's rotation.
                keyVaultProperties: [{ keyVaultUri: cmk.key.keyVault.vaultUri, keyName: cmk.key.keyName, keyVersion: cmk.keyVersion, identity: { userAssignedIdentity: identity.id } }],
                requireInfrastructureEncryption: d.requireInfrastructureEncryption,
            },
            disableLocalAuth: args.disableLocalAuth ?? d.disableLocalAuth,
            minimumTlsVersion: d.minimumTlsVersion,
            publicNetworkAccess: args.publicNetworkAccess ?? d.publicNetworkAccess,
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess], ...kept });

        this.id = this.namespace.id;
        this.namespaceName = this.namespace.name;
        this.serviceBusEndpoint = this.namespace.serviceBusEndpoint;
        createPrivateEndpoints(name, "messagingNamespace", args.privateEndpoints, { id: this.namespace.id, name: this.namespace.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.namespace, kept) }, this);
        this.registerOutputs({ id: this.id, namespaceName: this.namespaceName, serviceBusEndpoint: this.serviceBusEndpoint, identityClientId: identity.clientId });
    }
}
