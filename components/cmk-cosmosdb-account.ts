import * as pulumi from "@pulumi/pulumi";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import type * as inputs from "@pulumi/azure-native/types/input";
import { cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { generatedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { ipRuleProblem } from "./network";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, checkedAllOnResolve, isRecord, known, listShapeIssues, noZonesIn, regionName, resourceGroupNameIssues, sameRegion, throwIfInvalid, ValidationIssue, zonelessRegion } from "./validation";
import { ResourceTags, validateTags } from "./tags";

/** A region the account is replicated to beyond its own, in ARM's and Azure Verified Modules' words. */
export interface CosmosDbFailoverLocation {
    /** Required. The region, by name (`northeurope`) or display name (`North Europe`). */
    locationName: string;
    /** Required if any entry gives one. 1 and up, each once, together 1 to the number of entries: the order the account fails over in. Defaults to the entry's place in the list (1 for the first). */
    failoverPriority?: number;
    /** Optional. Whether the region spreads its replicas across availability zones (refused for a region Microsoft lists without them); Azure takes it when the region is added. Defaults to `false`. */
    isZoneRedundant?: boolean;
}

export interface CmkCosmosDbAccountArgs {
    /** Required. The resource group the account lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Required. The account's write region (failover priority 0): Cosmos DB names its regions itself, so it does not take the resource group's. */
    location: pulumi.Input<string>;
    /**
     * Optional. Read regions beyond `location`, which the account fails over to in priority order; all of
     * them encrypt with `customerManagedKey`, the account's one key. Unlike Azure Verified Modules' list,
     * `location` is not repeated here. Defaults to none: a single-region account.
     */
    failoverLocations?: CosmosDbFailoverLocation[];
    /** Optional. Whether `location` spreads its replicas across availability zones (refused for a region Microsoft lists without them); Azure takes it when the region is added. Defaults to `false`, Azure's own, left unsent. */
    zoneRedundant?: boolean;
    /**
     * Optional. Service-managed failover: Azure makes the next region by priority the write region when
     * `location` is lost. Defaults to `true` with `failoverLocations`, as Microsoft's Cosmos DB reliability
     * guide advises for an account with one write region; without them it is left unsent (Azure's `false`).
     */
    enableAutomaticFailover?: boolean;
    /** Optional. 3–44 lowercase letters, digits and hyphens, globally unique. Defaults to the resource name's plus 6 random characters, kept in state. */
    accountName?: string;
    /** Required. The key the account encrypts with, always by its versionless URI: the account follows the key's rotation. Set at creation. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Defaults to `GlobalDocumentDB` (the NoSQL API). */
    kind?: "GlobalDocumentDB" | "MongoDB";
    /** Optional. Defaults to `Disabled`. `Enabled` opens the account to every network unless `ipRules` name some. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Public IPv4 addresses or ranges let through the account's firewall when public access is on. Defaults to none. */
    ipRules?: string[];
    /** Optional. Defaults to `true`: only Entra ID authorizes data requests, never the account keys. Azure allows it on the NoSQL API only, so a MongoDB account must say `false`, by name. */
    disableLocalAuth?: boolean;
    /** Optional. Private endpoints into the applications' networks: with public access off, the way in. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the account and on the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the account (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grant on the key (`retainOnDelete` alone on that). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkCosmosDbAccountDefaults = {
    kind: "GlobalDocumentDB",
    publicNetworkAccess: "Disabled",
    disableLocalAuth: true,
    disableKeyBasedMetadataWriteAccess: true,
    minimalTlsVersion: "Tls12",
    // A second region doubles the account's cost: the user's choice, and failover follows from it.
    zoneRedundant: false,
    enableAutomaticFailover: true,
    protect: true,
} as const;

const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{1,42}[a-z0-9])$/;

/** How CmkCosmosDbAccount reads each argument: the name, API and access settings decide what is created, so they are plain values. */
export const CMK_COSMOSDB_ACCOUNT_ARGS = {
    resourceGroupName: "input",
    location: "region",
    failoverLocations: "list",
    zoneRedundant: "boolean",
    enableAutomaticFailover: "boolean",
    accountName: "string",
    customerManagedKey: "object",
    kind: "string",
    publicNetworkAccess: "string",
    ipRules: "strings",
    disableLocalAuth: "boolean",
    privateEndpoints: "list",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkCosmosDbAccountArgs>;

export const COSMOSDB_FAILOVER_LOCATION_ARGS = { locationName: "string", failoverPriority: "number", isZoneRedundant: "boolean" } as const satisfies ArgSpec<CosmosDbFailoverLocation>;

/**
 * Why an account needs its key's vault's public endpoint, and the setting that serves it. Microsoft's Cosmos DB
 * CMK guide: the vault "must be accessible through public network access or allow trusted Microsoft services to
 * bypass its firewall. An instance that is exclusively accessible through private endpoints cannot be used";
 * Key Vault's trusted services, the allowlist that still passes a vault with public access disabled, do not
 * include Cosmos DB (Key Vault's "Virtual network service endpoints" guide).
 */
export const COSMOSDB_VAULT_ACCESS = {
    why: "Cosmos DB cannot use a key in a vault reachable only through private endpoints (Microsoft's Cosmos DB CMK guide), and Key Vault's trusted services, which still pass a vault with public access disabled, do not include Cosmos DB",
    fix: "set the vault's publicNetworkAccess to Enabled, the setting Microsoft's Cosmos DB guide names, with a firewall that still denies other traffic by default and lets trusted Azure services through (networkRules defaultAction Deny, bypass AzureServices: this product's defaults), or use a key in such a vault",
} as const;

/** Names Azure Verified Modules (and ARM, for `locations`) give an account's arguments, and ours: the write region is `location`, the others `failoverLocations`. */
export const COSMOSDB_ACCOUNT_RENAMED = { name: "accountName", locations: "failoverLocations", automaticFailover: "enableAutomaticFailover" };

/** A region as ARM takes it: its name or display name, not the portal's "(Europe) West Europe". */
const REGION = /^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/;

/** Every rule CmkCosmosDbAccountArgs break; empty when valid. */
export function validateCmkCosmosDbAccountArgs(name: string, args: CmkCosmosDbAccountArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. `name` is Azure Verified Modules'.
    const shape = cmkServiceShapeIssues(args, CMK_COSMOSDB_ACCOUNT_ARGS, "account", {
        required: { location: "a Cosmos DB account lists its regions by name and does not take the resource group's" },
        renamed: COSMOSDB_ACCOUNT_RENAMED,
    });
    if (isRecord(args)) shape.push(...listShapeIssues(args.failoverLocations, COSMOSDB_FAILOVER_LOCATION_ARGS, "failoverLocations", { required: { locationName: "the region, such as \"northeurope\"" }, closed: true }));
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "accountName", what: "account", given: args.accountName !== undefined, from: (n) => shownGeneratedName(hyphenatedPrefix(n), "-") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.customerManagedKey?.key?.keyVault?.networkAccess?.publicNetworkAccess === "Disabled") {
        add("customerManagedKey.key", `is in a vault with public network access disabled: ${COSMOSDB_VAULT_ACCESS.why}; ${COSMOSDB_VAULT_ACCESS.fix}`);
    }
    if (args.customerManagedKey?.keyVersion !== undefined) {
        add("customerManagedKey.keyVersion", `"${args.customerManagedKey.keyVersion}" pins a key version, but Cosmos DB takes the versionless key URI and follows the key's rotation itself; remove keyVersion`);
    }
    if (args.accountName !== undefined) {
        if (!ACCOUNT_NAME.test(args.accountName) || args.accountName.includes("--")) {
            add("accountName", `"${args.accountName}" is not a Cosmos DB account name: 3–44 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`);
        }
    } else {
        const prefix = hyphenatedPrefix(name);
        if (prefix.length === 0 || prefix.length > 44 - 1 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the account name's prefix, which needs 1–${44 - 1 - NAME_SUFFIX_LENGTH} lowercase letters, digits and hyphens; rename the resource or set accountName`);
        }
    }
    if (args.kind !== undefined && args.kind !== "GlobalDocumentDB" && args.kind !== "MongoDB") {
        add("kind", `"${String(args.kind)}" is not "GlobalDocumentDB" or "MongoDB"`);
    }
    if (args.kind === "MongoDB" && (args.disableLocalAuth ?? CmkCosmosDbAccountDefaults.disableLocalAuth)) {
        add("disableLocalAuth", `is ${args.disableLocalAuth === undefined ? "true by default" : "true"}, which Azure refuses on a MongoDB account ("DisableLocalAuth is only allowed to be configured for SQL API account"); write disableLocalAuth: false to accept the account keys, or use kind GlobalDocumentDB`);
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    (args.ipRules ?? []).forEach((rule, i) => {
        const problem = ipRuleProblem(rule);
        if (problem) add(`ipRules[${i}]`, problem);
    });
    if ((args.ipRules?.length ?? 0) > 0 && (args.publicNetworkAccess ?? CmkCosmosDbAccountDefaults.publicNetworkAccess) === "Disabled") {
        add("ipRules", `apply only to the public endpoint, and publicNetworkAccess is "Disabled"; set publicNetworkAccess: "Enabled" by name or remove the rules`);
    }
    const zoneless = zonelessRegion(args.location);
    if (args.zoneRedundant === true && zoneless !== undefined) {
        add("zoneRedundant", zonelessCosmosRegion(zoneless, "zoneRedundant", "place the account's write region in a region with zones"));
    }
    issues.push(...failoverLocationIssues(args.failoverLocations ?? [], known<string>(args.location)));
    issues.push(...validatePrivateEndpoints(cosmosTarget(args.kind), args.privateEndpoints));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A Cosmos DB account encrypted with the customer's key (following its
 * rotation) as a user-assigned identity, with Entra-only data access, TLS 1.2 and no public
 * access. The key is set at creation.
 */
export class CmkCosmosDbAccount extends pulumi.ComponentResource {
    readonly account: cosmosdb.DatabaseAccount;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly accountName: pulumi.Output<string>;
    readonly documentEndpoint: pulumi.Output<string>;
    /** The versionless key URI the account encrypts with. */
    readonly keyVaultKeyUri: pulumi.Output<string>;

    constructor(name: string, args: CmkCosmosDbAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkCosmosDbAccount "${name}"`, validateCmkCosmosDbAccountArgs(name, args, opts));
        super("azure-byok:cosmosdb:CmkCosmosDbAccount", name, {}, opts);

        const cmk = args.customerManagedKey;
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkCosmosDbAccountDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const publicNetworkAccess = args.publicNetworkAccess ?? CmkCosmosDbAccountDefaults.publicNetworkAccess;
        const automaticFailover = args.enableAutomaticFailover ?? ((args.failoverLocations ?? []).length > 0 ? CmkCosmosDbAccountDefaults.enableAutomaticFailover : undefined);

        this.account = new cosmosdb.DatabaseAccount(`${name}-account`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            accountName: args.accountName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            kind: args.kind ?? CmkCosmosDbAccountDefaults.kind,
            databaseAccountOfferType: cosmosdb.DatabaseAccountOfferType.Standard,
            locations: cosmosLocations(`CmkCosmosDbAccount "${name}"`, args),
            ...(automaticFailover === undefined ? {} : { enableAutomaticFailover: automaticFailover }),
            identity: { type: cosmosdb.ResourceIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            // Cosmos DB reaches the key as this identity; without it, it would try a system-assigned one.
            defaultIdentity: pulumi.interpolate`UserAssignedIdentity=${identity.id}`,
            keyVaultKeyUri: cmk.key.keyUri,
            disableLocalAuth: args.disableLocalAuth ?? CmkCosmosDbAccountDefaults.disableLocalAuth,
            disableKeyBasedMetadataWriteAccess: CmkCosmosDbAccountDefaults.disableKeyBasedMetadataWriteAccess,
            minimalTlsVersion: CmkCosmosDbAccountDefaults.minimalTlsVersion,
            publicNetworkAccess,
            ipRules: (args.ipRules ?? []).map((ipAddressOrRange) => ({ ipAddressOrRange })),
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess], ...kept });

        this.id = this.account.id;
        this.accountName = this.account.name;
        this.documentEndpoint = this.account.documentEndpoint;
        createPrivateEndpoints(name, cosmosTarget(args.kind), args.privateEndpoints, { id: this.account.id, name: this.account.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.account, kept) }, this);
        this.keyVaultKeyUri = pulumi.output(cmk.key.keyUri);
        this.registerOutputs({ id: this.id, accountName: this.accountName, documentEndpoint: this.documentEndpoint, keyVaultKeyUri: this.keyVaultKeyUri, identityClientId: identity.clientId });
    }
}

/** A Cosmos DB account's private-link sub-resource is its API's. */
function cosmosTarget(kind: CmkCosmosDbAccountArgs["kind"]): "cosmosDbNoSql" | "cosmosDbMongo" {
    return (kind ?? CmkCosmosDbAccountDefaults.kind) === "MongoDB" ? "cosmosDbMongo" : "cosmosDbNoSql";
}

/**
 * The account's regions as ARM takes them: `location` first, at priority 0, then the failover regions at
 * theirs, each by its name ("westeurope") however it was written ("West Europe"), as ARM names a region
 * and azure-native reads a resource's own `location`; written as given, a respelt stack location
 * showed an update of the account's regions. Zone redundancy is sent for `location` only when asked,
 * so an account made before is sent what it was.
 */
function cosmosLocations(component: string, args: CmkCosmosDbAccountArgs): inputs.cosmosdb.LocationArgs[] {
    const failover = args.failoverLocations ?? [];
    // A location given as an Output is held, once it resolves, to the rule validation applies to a plain one.
    const locationName = (i: number) => checkedAllOnResolve(component, `failoverLocations[${i}].locationName`, failover[i].locationName, [args.location],
        ([region]) => failoverLocationIssues(failover, region).find((issue) => issue.field === `failoverLocations[${i}].locationName`)?.message);
    return [
        { locationName: armRegionName(args.location), failoverPriority: 0, ...(args.zoneRedundant === undefined ? {} : { isZoneRedundant: args.zoneRedundant }) },
        ...failover.map((l, i) => ({ locationName: armRegionName(locationName(i)), failoverPriority: l.failoverPriority ?? i + 1, isZoneRedundant: l.isZoneRedundant ?? CmkCosmosDbAccountDefaults.zoneRedundant })),
    ];
}

/** A region's name as ARM answers with it, a plain value staying plain (known at preview). */
function armRegionName(region: pulumi.Input<string>): pulumi.Input<string> {
    return typeof region === "string" ? regionName(region) : pulumi.output(region).apply(regionName);
}

/** Why Cosmos DB refuses zone redundancy for a region without availability zones, and what to write instead. */
function zonelessCosmosRegion(region: string, field: string, elsewhere: string): string {
    // Cosmos DB's own words for it: "Zone Redundant Accounts are not supported in <region> Location yet".
    return `is true, but ${noZonesIn(region)}, so Azure refuses a zone-redundant region there; write ${field}: false or leave it out (its default), or ${elsewhere}`;
}

/**
 * Every rule the failover regions break: each a region by name, none the account's own or another's
 * twice, zone redundancy only in a region with availability zones, and priorities given for all or none, each once, from 1 to the number of regions (ARM's rule
 * that an account's priorities are unique, 0 for its write region, at most the number of regions less one).
 */
function failoverLocationIssues(locations: CosmosDbFailoverLocation[], region: string | undefined): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    locations.forEach((l, i) => {
        const at = `failoverLocations[${i}]`;
        if (!REGION.test(l.locationName)) {
            add(`${at}.locationName`, `${JSON.stringify(l.locationName)} is not a region by name ("northeurope") or display name ("North Europe")`);
        } else if (region !== undefined && sameRegion(l.locationName, region)) {
            add(`${at}.locationName`, `"${l.locationName}" is the account's own location, its write region at priority 0; list only the other regions`);
        } else {
            const first = locations.findIndex((o) => REGION.test(o.locationName) && sameRegion(o.locationName, l.locationName));
            if (first < i) add(`${at}.locationName`, `"${l.locationName}" is failoverLocations[${first}]'s region too; an account lists each region once`);
        }
        const zoneless = REGION.test(l.locationName) ? zonelessRegion(l.locationName) : undefined;
        if (l.isZoneRedundant === true && zoneless !== undefined) {
            add(`${at}.isZoneRedundant`, zonelessCosmosRegion(zoneless, "isZoneRedundant", "fail over to a region with zones"));
        }
    });
    const given = locations.flatMap((l, i) => (l.failoverPriority === undefined ? [] : [i]));
    if (given.length > 0 && given.length < locations.length) {
        const missing = locations.findIndex((l) => l.failoverPriority === undefined);
        add(`failoverLocations[${missing}].failoverPriority`, `is left out, but failoverLocations[${given[0]}] gives one; give every region its priority, or none to take the list's order`);
        return issues;
    }
    locations.forEach((l, i) => {
        const p = l.failoverPriority;
        if (p === undefined) return;
        const at = `failoverLocations[${i}].failoverPriority`;
        if (!Number.isInteger(p) || p < 1 || p > locations.length) {
            add(at, `${p} is not one of 1–${locations.length}: with ${locations.length} failover region${locations.length === 1 ? "" : "s"} the priorities are 1 to ${locations.length}, each once (0 is location's)`);
        } else {
            const first = locations.findIndex((o) => o.failoverPriority === p);
            if (first < i) add(at, `${p} is failoverLocations[${first}]'s priority too; each region fails over at a priority of its own`);
        }
    });
    return issues;
}
