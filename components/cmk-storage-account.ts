import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { alphanumericPrefix, generatedName, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { storageIpRuleProblem } from "./network";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { KeyAccess } from "./key-access";
import { CustomerManagedKey, IdentityReference, KeyReference } from "./types";
import { earlierScopeKeyAccessNames, encryptionScopeIssues, encryptionScopeShapeIssues, scopeKeyAccesses, scopeKeyAccessName } from "./storage-encryption-scopes";
import { retentionPolicy, storagePolicyIssues, storagePolicyShapeIssues } from "./storage-policies";
import { ArgSpec, isRecord, REGION_PAIRS_SOURCE, regionName, REGIONS_LIST_SOURCE, resourceGroupNameIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { storageRedundancyMissing } from "./storage-redundancy";
import { ResourceTags, validateTags } from "./tags";

// Argument lists that moved with their rules, still importable from here.
export { STORAGE_ENCRYPTION_SCOPE_ARGS } from "./storage-encryption-scopes";

/**
 * An encryption scope: the blobs a container or a write names it for are encrypted with its own key
 * (one key per tenant of a shared account, say), reached as the account's identity.
 */
export interface StorageEncryptionScope {
    /** Required. 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit; unique in the account. Containers and writes name the scope by it. */
    name: string;
    /** Required. The scope's key: RSA with wrapKey and unwrapKey, in a purge-protected vault; versionless unless `keyVersion` pins one, so the scope follows its rotation. */
    key: KeyReference;
    /** Optional. Pins one key version (32 hex characters) and so turns the scope's rotation off. Defaults to none. */
    keyVersion?: string;
    /** Conditional. Only with `customerManagedKey.userAssignedIdentity`: an existing `cmkService` grant of that identity on this key; the scope waits for it. Defaults to a new `KeyAccess` (see `keyAccessName`), or the account's own grant when the key is the account's. */
    keyAccess?: pulumi.Resource;
    /**
     * Conditional. Names the `KeyAccess` the account makes for this scope, `<name>-<keyAccessName>-key-grant`
     * (`-vault-grant` for a key in an access-policy vault, where one grant covers every key), shared by
     * the scopes on that key (vault), which give the same name or none. Required when that name is not a
     * plain string before deploy (an `EncryptionKey`'s `keyName`, a `KeyVault`'s `vaultName`); not with
     * `keyAccess`; unused on the account's own key. Defaults to the key's `keyName` (the vault's `vaultName`).
     */
    keyAccessName?: string;
}

/** Soft delete for blobs or for containers: how long a deleted one can still be restored. */
export interface DeleteRetentionPolicy {
    /** Optional. `false` turns soft delete off, and a deletion is then final. Defaults to `true`. */
    enabled?: boolean;
    /** Optional. 1–365 days a deleted one stays restorable; only with soft delete on. Defaults to 7. */
    days?: number;
}

/** A blob container, private, and with an encryption scope every write to it is held to. */
export interface StorageContainer {
    /** Required. 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit; unique in the account. */
    name: string;
    /** Optional. One of `encryptionScopes[].name`: every blob written to the container is encrypted under that scope's key, and no request may choose another. Defaults to none: the account's key. */
    encryptionScope?: string;
}

export interface CmkStorageAccountArgs {
    /** Required. The resource group the account lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 3–24 lowercase letters and digits, globally unique. Defaults to the resource name's lowercase letters and digits plus 6 random characters, kept in state. */
    accountName?: string;
    /** Required. The key the account encrypts with; versionless unless `keyVersion` pins one. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. A `Premium_*` SKU makes a premium block blob account (kind `BlockBlobStorage`): blobs only, no files, queues or tables, and private endpoints to `blob` alone. Defaults to `Standard_GRS`. A geo-redundant SKU (GRS, GZRS and their read-access kinds) is refused in a region without a pair, a zone-redundant one (ZRS, GZRS) in a region without availability zones, as Azure refuses them there. */
    skuName?: "Standard_LRS" | "Standard_GRS" | "Standard_RAGRS" | "Standard_ZRS" | "Standard_GZRS" | "Standard_RAGZRS" | "Premium_LRS" | "Premium_ZRS";
    /** Optional. Defaults to `Disabled`. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Public IPv4 addresses or ranges let through the account's firewall when public access is on. Defaults to none. */
    ipRules?: string[];
    /** Optional. Defaults to `false`: only Entra ID (OAuth) authorizes requests. */
    allowSharedKeyAccess?: boolean;
    /** Optional. Days after which Azure reports the account's access keys as due for regeneration. Defaults to 90 days. */
    keyPolicy?: { keyExpirationPeriodInDays: number };
    /** Optional. The longest a service or account SAS (one signed with an access key) may be valid, as `D.HH:MM:SS`, and whether a longer one is logged (`Log`) or refused (`Block`). Defaults to an hour, `Block`. */
    sasPolicy?: { sasExpirationPeriod: string; expirationAction?: "Log" | "Block" };
    /** Optional. Private endpoints into the applications' networks, one per sub-resource (`service`: `blob`, `file`, `queue`, `table`, `dfs` or `web`): with public access off, the way in. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Encryption scopes, each encrypted with a key of its own (infrastructure encryption on, as the account's). Defaults to none. */
    encryptionScopes?: StorageEncryptionScope[];
    /** Optional. Blob containers (no public access), each optionally held to one of the encryption scopes. Defaults to none. */
    containers?: StorageContainer[];
    /** Optional. Blob soft delete: a deleted or overwritten blob, version or snapshot can be restored for `days`. Defaults to on, 7 days. */
    deleteRetentionPolicy?: DeleteRetentionPolicy;
    /** Optional. Container soft delete: a deleted container, with its blobs, can be restored for `days`. Defaults to on, 7 days. */
    containerDeleteRetentionPolicy?: DeleteRetentionPolicy;
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the storage account, its containers and the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the storage account (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grants on its keys and its encryption scopes (`retainOnDelete` alone on those). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkStorageAccountDefaults = {
    kind: "StorageV2",
    skuName: "Standard_GRS",
    publicNetworkAccess: "Disabled",
    allowSharedKeyAccess: false,
    minimumTlsVersion: "TLS1_2",
    requireInfrastructureEncryption: true,
    // Access keys matter only with shared-key access on; they still get a rotation reminder (CIS Azure: 90 days) and a SAS signed with them an hour (CIS Azure 4.5).
    keyPolicy: { keyExpirationPeriodInDays: 90 },
    sasPolicy: { sasExpirationPeriod: "0.01:00:00", expirationAction: "Block" },
    // CIS Azure asks for 7–365 days; 7 is also what the portal turns on for a new account.
    deleteRetentionPolicy: { enabled: true, days: 7 },
    containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    protect: true,
} as const;

const SKUS = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"];

/** How CmkStorageAccount reads each argument: the name, SKU, access, policies, scopes and containers decide what is created, so they are plain values. */
export const CMK_STORAGE_ACCOUNT_ARGS = {
    resourceGroupName: "input",
    location: "region",
    accountName: "string",
    customerManagedKey: "object",
    skuName: "string",
    publicNetworkAccess: "string",
    ipRules: "strings",
    allowSharedKeyAccess: "boolean",
    keyPolicy: "object",
    sasPolicy: "object",
    privateEndpoints: "list",
    encryptionScopes: "list",
    containers: "list",
    deleteRetentionPolicy: "object",
    containerDeleteRetentionPolicy: "object",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkStorageAccountArgs>;

/** The shape of CmkStorageAccountArgs from an untyped caller: every problem with it, before any rule reads a value. */
function cmkStorageAccountShapeIssues(args: unknown): ValidationIssue[] {
    // Azure Verified Modules' name for the account name.
    const issues = cmkServiceShapeIssues(args, CMK_STORAGE_ACCOUNT_ARGS, "storage account", { renamed: { name: "accountName" } });
    if (!isRecord(args)) return issues;
    issues.push(...encryptionScopeShapeIssues(args), ...storagePolicyShapeIssues(args));
    return issues;
}

/**
 * Why the account's SKU cannot be had in its region: a geo-redundant one (the default among them) in a
 * region without a pair, where Azure has nowhere to replicate to, or a zone-redundant one in a region
 * without availability zones. Judged where the region is known now.
 */
function redundancyProblem(skuName: string | undefined, location: pulumi.Input<string> | undefined): string | undefined {
    if (typeof location !== "string") return undefined;
    const sku = skuName ?? CmkStorageAccountDefaults.skuName;
    const region = regionName(location);
    const missing = storageRedundancyMissing(sku, region);
    if (missing === "pair") {
        const lead = skuName === undefined ? `is not given, so it is ${sku}, which` : `"${sku}"`;
        return `${lead} keeps a copy in the region's pair; ${region} has none (${REGION_PAIRS_SOURCE}), so Azure refuses geo-redundant storage there (RedundancyConfigurationNotAvailableInRegion); set skuName to Standard_ZRS (across the region's availability zones) or Standard_LRS, or place the account in a paired region`;
    }
    if (missing === "zones") {
        const instead = sku.startsWith("Premium_") ? "Premium_LRS" : sku.includes("GZRS") ? `${sku.replace("GZRS", "GRS")} (geo-redundant without zones)` : "Standard_GRS (the default) or Standard_LRS";
        return `"${sku}" spreads the account over the region's availability zones, and ${region} has none (${REGIONS_LIST_SOURCE}), so Azure refuses it there (RedundancyConfigurationNotAvailableInRegion); set skuName to ${instead}, or place the account in a region with zones`;
    }
    return undefined;
}


/** Every rule CmkStorageAccountArgs break; empty when valid. */
export function validateCmkStorageAccountArgs(name: string, args: CmkStorageAccountArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = cmkStorageAccountShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "accountName", what: "account", given: args.accountName !== undefined, from: (n) => shownGeneratedName(alphanumericPrefix(n), "") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.accountName !== undefined) {
        if (!/^[a-z0-9]{3,24}$/.test(args.accountName)) {
            add("accountName", `"${args.accountName}" is not a storage account name: 3–24 lowercase letters and digits`);
        }
    } else {
        const prefix = alphanumericPrefix(name);
        if (prefix.length === 0 || prefix.length > 24 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the account name's prefix, which needs 1–${24 - NAME_SUFFIX_LENGTH} lowercase letters and digits; rename the resource or set accountName`);
        }
    }
    if (args.skuName !== undefined && !SKUS.includes(args.skuName)) {
        add("skuName", `"${String(args.skuName)}" is not a storage SKU; use one of ${SKUS.join(", ")}`);
    }
    const redundancy = redundancyProblem(args.skuName, args.location);
    if (redundancy !== undefined) add("skuName", redundancy);
    if (isPremium(args.skuName)) {
        (args.privateEndpoints ?? []).forEach((endpoint, i) => {
            if (endpoint.service !== undefined && endpoint.service !== "blob") {
                add(`privateEndpoints[${i}].service`, `"${endpoint.service}" is not a sub-resource of a premium block blob account (skuName ${String(args.skuName)}), which serves blobs only; use "blob", or a Standard SKU`);
            }
        });
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    (args.ipRules ?? []).forEach((rule, i) => {
        const problem = storageIpRuleProblem(rule);
        if (problem) add(`ipRules[${i}]`, problem);
    });
    if ((args.ipRules?.length ?? 0) > 0 && (args.publicNetworkAccess ?? CmkStorageAccountDefaults.publicNetworkAccess) === "Disabled") {
        add("ipRules", `apply only to the public endpoint, and publicNetworkAccess is "Disabled"; set publicNetworkAccess: "Enabled" by name or remove the rules`);
    }
    issues.push(...validatePrivateEndpoints("storageAccount", args.privateEndpoints));
    issues.push(...encryptionScopeIssues(args, opts), ...storagePolicyIssues(args));
    issues.push(...validateTags(args.tags, { on: "storageAccount" }));
    return issues;
}

/**
 * Premium storage for blobs is its own kind, BlockBlobStorage: a premium StorageV2 account holds
 * page blobs only (no block blobs, files, queues or tables), which is not what a blob store is for.
 */
function isPremium(sku: string | undefined): boolean {
    return typeof sku === "string" && sku.startsWith("Premium_");
}

/**
 * A StorageV2 account (BlockBlobStorage on a premium SKU) encrypted with the customer's key
 * (following its rotation), with infrastructure encryption, HTTPS and TLS 1.2 only, no shared keys,
 * no public access, expiring access keys and short-lived SAS, and soft delete for blobs and
 * containers; and its encryption scopes, each encrypted with a key of its own as the account's
 * identity, and private blob containers held to them.
 */
export class CmkStorageAccount extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly accountName: pulumi.Output<string>;
    /** The encryption scopes, by name. */
    readonly encryptionScopes: Record<string, storage.EncryptionScope>;
    /** The account's blob service settings: soft delete for blobs and containers. */
    readonly blobService: storage.BlobServiceProperties;
    /** The blob containers, by name. */
    readonly containers: Record<string, storage.BlobContainer>;

    constructor(name: string, args: CmkStorageAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkStorageAccount "${name}"`, validateCmkStorageAccountArgs(name, args, opts));
        super("azure-byok:storage:CmkStorageAccount", name, {}, opts);

        const cmk = args.customerManagedKey;
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkStorageAccountDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const serviceWithAccountKey = { enabled: true, keyType: storage.KeyType.Account };
        const premium = isPremium(args.skuName);

        this.account = new storage.StorageAccount(`${name}-account`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            accountName: args.accountName ?? generatedName(name, alphanumericPrefix(name), "", this),
            kind: premium ? storage.Kind.BlockBlobStorage : CmkStorageAccountDefaults.kind,
            sku: { name: args.skuName ?? CmkStorageAccountDefaults.skuName },
            identity: { type: storage.IdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: storage.KeySource.Microsoft_Keyvault,
                // No keyVersion unless pinned: the account then follows the key's rotation.
                keyVaultProperties: { keyVaultUri: cmk.key.keyVault.vaultUri, keyName: cmk.key.keyName, keyVersion: cmk.keyVersion },
                encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                requireInfrastructureEncryption: CmkStorageAccountDefaults.requireInfrastructureEncryption,
                // Queues and tables are covered by the key only when created with the account key type; a premium block blob account has neither.
                services: premium ? { blob: serviceWithAccountKey } : { blob: serviceWithAccountKey, file: serviceWithAccountKey, queue: serviceWithAccountKey, table: serviceWithAccountKey },
            },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: CmkStorageAccountDefaults.minimumTlsVersion,
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: args.allowSharedKeyAccess ?? CmkStorageAccountDefaults.allowSharedKeyAccess,
            keyPolicy: args.keyPolicy ?? CmkStorageAccountDefaults.keyPolicy,
            // Field by field: an expirationAction written as undefined is the default Block, not azure-native's own default, Log.
            sasPolicy: {
                sasExpirationPeriod: args.sasPolicy?.sasExpirationPeriod ?? CmkStorageAccountDefaults.sasPolicy.sasExpirationPeriod,
                expirationAction: args.sasPolicy?.expirationAction ?? CmkStorageAccountDefaults.sasPolicy.expirationAction,
            },
            defaultToOAuthAuthentication: true,
            allowCrossTenantReplication: false,
            publicNetworkAccess: args.publicNetworkAccess ?? CmkStorageAccountDefaults.publicNetworkAccess,
            networkRuleSet: {
                defaultAction: storage.DefaultAction.Deny,
                bypass: storage.Bypass.AzureServices,
                ipRules: (args.ipRules ?? []).map((value) => ({ iPAddressOrRange: value, action: storage.Action.Allow })),
            },
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess], ...kept });

        this.id = this.account.id;
        this.accountName = this.account.name;
        const scopes = args.encryptionScopes ?? [];
        // One grant per key (per access-policy vault) the scopes share; a scope on the account's key waits for the account's own.
        const scopeGrants = new Map<number, KeyAccess>();
        for (const g of scopeKeyAccesses(args)) {
            // Grants were once named for their first scope: whichever that was, a deployed one keeps its place.
            const aliases = earlierScopeKeyAccessNames(name, scopes, g).map((earlier) => ({ name: earlier }));
            // As the account's own grant (identityWithKeyAccess): never protected, since a scope's move to another key replaces
            // it, and kept in Azure with the account, whose scopes would otherwise lose their keys.
            const grant = new KeyAccess(scopeKeyAccessName(name, g), { key: g.key, principalId: identity.principalId, permissions: "cmkService", rbacPropagationWait: cmk.rbacPropagationWait }, { parent: this, aliases, protect: false, ...(kept.retainOnDelete ? { retainOnDelete: true } : {}) });
            g.scopes.forEach((i) => scopeGrants.set(i, grant));
        }
        this.encryptionScopes = {};
        for (const [i, scope] of scopes.entries()) {
            const grant = scope.keyAccess ?? scopeGrants.get(i) ?? keyAccess;
            this.encryptionScopes[scope.name] = new storage.EncryptionScope(`${name}-${scope.name}-scope`, {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                encryptionScopeName: scope.name,
                source: storage.EncryptionScopeSource.Microsoft_KeyVault,
                keyVaultProperties: { keyUri: cmkKeyUrl("storageAccount", { key: scope.key, keyVersion: scope.keyVersion }) },
                requireInfrastructureEncryption: CmkStorageAccountDefaults.requireInfrastructureEncryption,
                state: storage.EncryptionScopeState.Enabled,
            // Storage has no DELETE for a scope: azure-native's delete PUTs state Disabled (pulumi-azure-native
            // defaultResourcesState.go), and a blob written under a disabled scope can no longer be read
            // (learn.microsoft.com/azure/storage/blobs/encryption-scope-overview). Kept in Azure, enabled, with the
            // account (and its grant, above) when it leaves the list or the stack; disabling one is a deliberate act.
            }, { parent: this, dependsOn: [grant], ...(kept.retainOnDelete ? { retainOnDelete: true } : {}) });
        }
        this.blobService = new storage.BlobServiceProperties(`${name}-blob-service`, {
            resourceGroupName: args.resourceGroupName,
            accountName: this.account.name,
            blobServicesName: "default",
            deleteRetentionPolicy: retentionPolicy(args.deleteRetentionPolicy, CmkStorageAccountDefaults.deleteRetentionPolicy),
            containerDeleteRetentionPolicy: retentionPolicy(args.containerDeleteRetentionPolicy, CmkStorageAccountDefaults.containerDeleteRetentionPolicy),
        // Always kept in Azure when it leaves the stack: there is no DELETE for it, and azure-native's delete PUTs an empty
        // body (defaultResourcesState.go), which can only weaken soft delete on an account that stays; a deleted account takes it along.
        }, { parent: this, retainOnDelete: true });
        this.containers = {};
        for (const container of args.containers ?? []) {
            const scope = container.encryptionScope === undefined ? undefined : this.encryptionScopes[container.encryptionScope];
            this.containers[container.name] = new storage.BlobContainer(`${name}-${container.name}-container`, {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                containerName: container.name,
                publicAccess: storage.PublicAccess.None,
                // A default the writer may not override: the scope is the container's, not each request's.
                ...(scope !== undefined ? { defaultEncryptionScope: scope.name, denyEncryptionScopeOverride: true } : {}),
            // After soft delete is on, so that a container is never deletable for good, even on the way out. Kept as the
            // account is: `pulumi destroy --exclude-protected` deletes what no protected resource depends on, and nothing
            // depends on a container, so it would take the blobs of a kept account.
            }, { parent: this, dependsOn: [this.blobService], ...kept });
        }
        createPrivateEndpoints(name, "storageAccount", args.privateEndpoints, { id: this.account.id, name: this.account.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.account, kept) }, this);
        this.registerOutputs({
            id: this.id,
            accountName: this.accountName,
            identityClientId: identity.clientId,
            encryptionScopeIds: Object.fromEntries(Object.entries(this.encryptionScopes).map(([scope, resource]) => [scope, resource.id])),
            containerIds: Object.fromEntries(Object.entries(this.containers).map(([container, resource]) => [container, resource.id])),
        });
    }
}
