import * as pulumi from "@pulumi/pulumi";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import { cmkServiceShapeIssues, identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { generatedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH } from "./naming";
import { ipRuleProblem } from "./network";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, resourceGroupNameIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";

export interface CmkCosmosDbAccountArgs {
    /** Required. The resource group the account lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Required. The account's one region: Cosmos DB names its regions itself, so it does not take the resource group's. */
    location: pulumi.Input<string>;
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
}

export const CmkCosmosDbAccountDefaults = {
    kind: "GlobalDocumentDB",
    publicNetworkAccess: "Disabled",
    disableLocalAuth: true,
    disableKeyBasedMetadataWriteAccess: true,
    minimalTlsVersion: "Tls12",
} as const;

const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{1,42}[a-z0-9])$/;

/** How CmkCosmosDbAccount reads each argument: the name, API and access settings decide what is created, so they are plain values. */
export const CMK_COSMOSDB_ACCOUNT_ARGS = {
    resourceGroupName: "input",
    location: "region",
    accountName: "string",
    customerManagedKey: "object",
    kind: "string",
    publicNetworkAccess: "string",
    ipRules: "strings",
    disableLocalAuth: "boolean",
    privateEndpoints: "list",
    tags: "tags",
} as const satisfies ArgSpec<CmkCosmosDbAccountArgs>;

/** Every rule CmkCosmosDbAccountArgs break; empty when valid. */
export function validateCmkCosmosDbAccountArgs(name: string, args: CmkCosmosDbAccountArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. `name` is Azure Verified Modules'.
    const shape = cmkServiceShapeIssues(args, CMK_COSMOSDB_ACCOUNT_ARGS, "account", {
        required: { location: "a Cosmos DB account lists its regions by name and does not take the resource group's" },
        renamed: { name: "accountName" },
    });
    if (shape.length > 0) return shape;
    const issues = [...resourceGroupNameIssues(args.resourceGroupName), ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts)];
    const add = (field: string, message: string) => issues.push({ field, message });
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
    issues.push(...validatePrivateEndpoints(cosmosTarget(args.kind), args.privateEndpoints));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A single-region Cosmos DB account encrypted with the customer's key (following its
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
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags);
        this.identity = identity;
        this.keyAccess = keyAccess;
        const publicNetworkAccess = args.publicNetworkAccess ?? CmkCosmosDbAccountDefaults.publicNetworkAccess;

        this.account = new cosmosdb.DatabaseAccount(`${name}-account`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            accountName: args.accountName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            kind: args.kind ?? CmkCosmosDbAccountDefaults.kind,
            databaseAccountOfferType: cosmosdb.DatabaseAccountOfferType.Standard,
            locations: [{ locationName: args.location, failoverPriority: 0 }],
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
        }, { parent: this, dependsOn: [keyAccess] });

        this.id = this.account.id;
        this.accountName = this.account.name;
        this.documentEndpoint = this.account.documentEndpoint;
        createPrivateEndpoints(name, cosmosTarget(args.kind), args.privateEndpoints, { id: this.account.id, name: this.account.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags }, this);
        this.keyVaultKeyUri = pulumi.output(cmk.key.keyUri);
        this.registerOutputs({ id: this.id, accountName: this.accountName, documentEndpoint: this.documentEndpoint, keyVaultKeyUri: this.keyVaultKeyUri, identityClientId: identity.clientId });
    }
}

/** A Cosmos DB account's private-link sub-resource is its API's. */
function cosmosTarget(kind: CmkCosmosDbAccountArgs["kind"]): "cosmosDbNoSql" | "cosmosDbMongo" {
    return (kind ?? CmkCosmosDbAccountDefaults.kind) === "MongoDB" ? "cosmosDbMongo" : "cosmosDbNoSql";
}
