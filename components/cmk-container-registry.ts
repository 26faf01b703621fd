import * as pulumi from "@pulumi/pulumi";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import { checkedCmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { alphanumericPrefix, generatedName, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { ipRuleProblem } from "./network";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { ContainerRegistryReplication, ContainerRegistryReplicationDefaults, homeRegionProblem, REGISTRY_REPLICATION_ARGS, replicaName, replicaTags, validateRegistryReplications } from "./registry-replications";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, checkedAllOnResolve, isRecord, known, listShapeIssues, noZonesIn, regionName, resourceGroupNameIssues, throwIfInvalid, ValidationIssue, zonelessRegion } from "./validation";
import { ResourceTags, validateTags } from "./tags";

export interface CmkContainerRegistryArgs {
    /** Required. The resource group the registry lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 5–50 letters and digits, globally unique. Defaults to the resource name's letters and digits plus 6 random characters, kept in state. */
    registryName?: string;
    /** Required. The key the registry encrypts with, set at creation and never removable. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Customer-managed keys need `Premium`. Defaults to `Premium`. */
    sku?: "Premium" | "Standard" | "Basic";
    /** Optional. Defaults to `Disabled`. `Enabled` also turns exports back on, which Azure requires with public access, and opens the registry to every network unless `ipRules` name some. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Conditional. Only with `publicNetworkAccess: "Enabled"`: the IPv4 addresses or CIDR ranges the registry's firewall admits (a CI runner's egress), every other network denied (`networkRuleSet` `defaultAction: Deny`, a Premium feature). Defaults to none. */
    ipRules?: string[];
    /** Optional. Defaults to `false`. */
    adminUserEnabled?: boolean;
    /** Optional. Defaults to `false`. */
    anonymousPullEnabled?: boolean;
    /**
     * Optional. Whether the registry also takes Microsoft Entra tokens issued for Azure Resource
     * Manager, not only those issued for the registry (Azure Policy 42781ec6-6127-4c30-bdfa-fb423a0047d3).
     * Defaults to `disabled`. `enabled`, Azure's own default, is weaker: a token any tool holds for
     * managing Azure then also signs its principal in to the registry; only for a client that pulls
     * with an ARM token, as Container Apps does with a managed identity (Microsoft's guide).
     */
    azureADAuthenticationAsArmPolicy?: "enabled" | "disabled";
    /** Optional. Private endpoints into the applications' networks: with public access off, the way in. They are made after the replicas, whose regions' data endpoints Azure registers in an endpoint's DNS records only when the endpoint is made. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /**
     * Optional. Geo-replicas (Premium): regions beyond `location` that serve the registry's content, each
     * encrypted with `customerManagedKey`, the registry's one key, through its one identity. A
     * `Replication` child each, protected as the registry is. Defaults to none.
     */
    replications?: ContainerRegistryReplication[];
    /**
     * Optional. Whether `location`'s copy is spread over the region's availability zones, fixed when the
     * registry is created. Azure makes a registry in a region with zones zone-redundant whatever this says
     * (Microsoft's Container Registry reliability guide, 2025: the property may still read `Disabled`),
     * and refuses `Enabled` where the region has none (refused here for a `location` Microsoft lists without). Azure Verified Modules default it to `Enabled`;
     * here it stays what azure-native sent registries made before, which Azure does not change in place.
     * Defaults to `Disabled`.
     */
    zoneRedundancy?: "Enabled" | "Disabled";
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the registry, its replicas and the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the registry (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure. `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkContainerRegistryDefaults = {
    sku: "Premium",
    publicNetworkAccess: "Disabled",
    adminUserEnabled: false,
    anonymousPullEnabled: false,
    azureADAuthenticationAsArmPolicy: "disabled",
    networkRuleBypassOptions: "AzureServices",
    zoneRedundancy: "Disabled",
    protect: true,
} as const;

/** How CmkContainerRegistry reads each argument: the name, SKU and access settings decide what is created, so they are plain values. */
export const CMK_CONTAINER_REGISTRY_ARGS = {
    resourceGroupName: "input",
    location: "region",
    registryName: "string",
    customerManagedKey: "object",
    sku: "string",
    publicNetworkAccess: "string",
    ipRules: "strings",
    adminUserEnabled: "boolean",
    anonymousPullEnabled: "boolean",
    azureADAuthenticationAsArmPolicy: "string",
    privateEndpoints: "list",
    replications: "list",
    zoneRedundancy: "string",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkContainerRegistryArgs>;

/** Every rule CmkContainerRegistryArgs break; empty when valid. */
export function validateCmkContainerRegistryArgs(name: string, args: CmkContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. `name` is Azure Verified Modules'.
    const shape = cmkServiceShapeIssues(args, CMK_CONTAINER_REGISTRY_ARGS, "registry", { renamed: { name: "registryName" } });
    if (isRecord(args)) shape.push(...listShapeIssues(args.replications, REGISTRY_REPLICATION_ARGS, "replications", { required: { location: "the region, such as \"northeurope\"" }, closed: true }));
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts, "containerRegistry"),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "registryName", what: "registry", given: args.registryName !== undefined, from: (n) => shownGeneratedName(registryPrefix(n), "") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    const sku = args.sku ?? CmkContainerRegistryDefaults.sku;
    if (sku !== "Premium") {
        add("sku", `"${sku}" cannot hold a customer-managed key; Azure Container Registry encrypts with one only on Premium, chosen at creation`);
    }
    if (args.registryName !== undefined) {
        if (!/^[a-zA-Z0-9]{5,50}$/.test(args.registryName)) {
            add("registryName", `"${args.registryName}" is not a registry name: 5–50 letters and digits`);
        }
    } else {
        const prefix = registryPrefix(name);
        if (prefix.length === 0 || prefix.length > 50 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the registry name's prefix, which needs 1–${50 - NAME_SUFFIX_LENGTH} letters and digits; rename the resource or set registryName`);
        }
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    (args.ipRules ?? []).forEach((rule, i) => {
        const problem = ipRuleProblem(rule);
        if (problem) add(`ipRules[${i}]`, problem);
    });
    if ((args.ipRules?.length ?? 0) > 0 && (args.publicNetworkAccess ?? CmkContainerRegistryDefaults.publicNetworkAccess) === "Disabled") {
        add("ipRules", `apply only to the public endpoint, and publicNetworkAccess is "Disabled"; set publicNetworkAccess: "Enabled" by name or remove the rules`);
    }
    const zoneless = zonelessRegion(args.location);
    if (args.zoneRedundancy !== undefined && args.zoneRedundancy !== "Enabled" && args.zoneRedundancy !== "Disabled") {
        add("zoneRedundancy", `"${String(args.zoneRedundancy)}" is not "Enabled" or "Disabled"`);
    } else if (args.zoneRedundancy === "Enabled" && zoneless !== undefined) {
        add("zoneRedundancy", `is "Enabled", but ${noZonesIn(zoneless)}, so Azure refuses a zone-redundant registry there; write "Disabled" or leave zoneRedundancy out (its default), or place the registry in a region with zones`);
    }
    if ((args.replications?.length ?? 0) > 0 && sku !== "Premium") {
        add("replications", `need a Premium registry, and sku is "${sku}": geo-replication is a Premium feature`);
    }
    issues.push(...validateRegistryReplications(args.replications ?? [], known<string>(args.location), args.tags));
    const armTokens = args.azureADAuthenticationAsArmPolicy;
    if (armTokens !== undefined && armTokens !== "enabled" && armTokens !== "disabled") {
        add("azureADAuthenticationAsArmPolicy", `"${String(armTokens)}" is not "enabled" or "disabled"`);
    }
    issues.push(...validatePrivateEndpoints("registry", args.privateEndpoints));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A Premium container registry encrypted with the customer's key, reached through a
 * user-assigned identity that is granted the key before the registry exists.
 */
export class CmkContainerRegistry extends pulumi.ComponentResource {
    readonly registry: containerregistry.Registry;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly loginServer: pulumi.Output<string>;
    /** The key URL the registry uses: versionless unless a version was pinned. */
    readonly keyIdentifier: pulumi.Output<string>;

    constructor(name: string, args: CmkContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkContainerRegistry "${name}"`, validateCmkContainerRegistryArgs(name, args, opts));
        super("azure-byok:containerregistry:CmkContainerRegistry", name, {}, opts);

        const cmk = args.customerManagedKey;
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkContainerRegistryDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        this.keyIdentifier = checkedCmkKeyUrl(`CmkContainerRegistry "${name}"`, "containerRegistry", cmk);
        const publicNetworkAccess = args.publicNetworkAccess ?? CmkContainerRegistryDefaults.publicNetworkAccess;
        const ipRules = args.ipRules ?? [];

        this.registry = new containerregistry.Registry(`${name}-registry`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            registryName: args.registryName ?? generatedName(name, registryPrefix(name), "", this),
            sku: { name: args.sku ?? CmkContainerRegistryDefaults.sku },
            // The registry's identity map is keyed by identity id; Azure wants `{}` as each value.
            identity: {
                type: containerregistry.ResourceIdentityType.UserAssigned,
                userAssignedIdentities: pulumi.output(identity.id).apply((id) => ({ [id]: {} })),
            },
            encryption: {
                status: containerregistry.EncryptionStatus.Enabled,
                // The registry names the identity by client id, unlike storage and disks.
                keyVaultProperties: { keyIdentifier: this.keyIdentifier, identity: identity.clientId },
            },
            adminUserEnabled: args.adminUserEnabled ?? CmkContainerRegistryDefaults.adminUserEnabled,
            anonymousPullEnabled: args.anonymousPullEnabled ?? CmkContainerRegistryDefaults.anonymousPullEnabled,
            publicNetworkAccess,
            // Sent only with rules: a registry deployed open before keeps the inputs it was made with.
            ...(ipRules.length > 0 ? { networkRuleSet: { defaultAction: containerregistry.DefaultAction.Deny, ipRules: ipRules.map((iPAddressOrRange) => ({ action: containerregistry.Action.Allow, iPAddressOrRange })) } } : {}),
            networkRuleBypassOptions: CmkContainerRegistryDefaults.networkRuleBypassOptions,
            zoneRedundancy: args.zoneRedundancy ?? CmkContainerRegistryDefaults.zoneRedundancy,
            policies: {
                // Azure allows disabling exports only when public network access is disabled.
                exportPolicy: { status: publicNetworkAccess === "Disabled" ? "disabled" : "enabled" },
                // Left out, Azure takes ARM-audience tokens too.
                azureADAuthenticationAsArmPolicy: { status: args.azureADAuthenticationAsArmPolicy ?? CmkContainerRegistryDefaults.azureADAuthenticationAsArmPolicy },
            },
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess], ...kept });

        this.id = this.registry.id;
        this.loginServer = this.registry.loginServer;
        const replicas = (args.replications ?? []).map((r, i) => this.replica(name, i, r, args, kept));
        // Azure writes an endpoint's DNS records for the data endpoints of the regions the registry is in when the endpoint is made,
        // not for a replica added after (Microsoft's "Set up private endpoint" guide, "Add zone records for replicas"): the endpoints wait for the replicas.
        const registryId = replicas.length === 0 ? this.registry.id : pulumi.all([this.registry.id, ...replicas.map((r) => r.id)]).apply(([id]) => id);
        createPrivateEndpoints(name, "registry", args.privateEndpoints, { id: registryId, name: this.registry.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.registry, kept) }, this);
        this.registerOutputs({ id: this.id, loginServer: this.loginServer, keyIdentifier: this.keyIdentifier, identityClientId: identity.clientId });
    }

    /** A geo-replica, named for its replica's name; a region that is the registry's own, known only at deploy, is refused then, before Azure is sent it. */
    private replica(name: string, i: number, r: ContainerRegistryReplication, args: CmkContainerRegistryArgs, kept: pulumi.CustomResourceOptions): containerregistry.Replication {
        const d = ContainerRegistryReplicationDefaults;
        const location = checkedAllOnResolve(`CmkContainerRegistry "${name}"`, `replications[${i}].location`, regionName(r.location), [args.location ?? this.registry.location],
            ([home], [show]) => homeRegionProblem(r.location, home, show));
        return new containerregistry.Replication(`${name}-replication-${replicaName(r).toLowerCase()}`, {
            resourceGroupName: args.resourceGroupName,
            registryName: this.registry.name,
            replicationName: replicaName(r),
            location,
            zoneRedundancy: r.zoneRedundancy ?? d.zoneRedundancy,
            regionEndpointEnabled: r.regionEndpointEnabled ?? d.regionEndpointEnabled,
            tags: replicaTags(args.tags, r.tags),
        }, { parent: this, ...kept });
    }
}

function registryPrefix(name: string): string {
    return alphanumericPrefix(name, { keepCase: true });
}
