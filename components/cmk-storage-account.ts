import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { generatedName, NAME_SUFFIX_LENGTH } from "./naming";
import { storageIpRuleProblem } from "./network";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";

export interface CmkStorageAccountArgs {
    /** Required. The resource group the account lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 3–24 lowercase letters and digits, globally unique. Defaults to the resource name's lowercase letters and digits plus 6 random characters, kept in state. */
    accountName?: string;
    /** Required. The key the account encrypts with; versionless unless `keyVersion` pins one. */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Defaults to `Standard_GRS`. */
    skuName?: "Standard_LRS" | "Standard_GRS" | "Standard_RAGRS" | "Standard_ZRS" | "Standard_GZRS" | "Standard_RAGZRS" | "Premium_LRS" | "Premium_ZRS";
    /** Optional. Defaults to `Disabled`. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Public IPv4 addresses or ranges let through the account's firewall when public access is on. Defaults to none. */
    ipRules?: string[];
    /** Optional. Defaults to `false`: only Entra ID (OAuth) authorizes requests. */
    allowSharedKeyAccess?: boolean;
    /** Optional. Private endpoints into the applications' networks, one per sub-resource (`service`: `blob`, `file`, `queue`, `table`, `dfs` or `web`): with public access off, the way in. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
}

export const CmkStorageAccountDefaults = {
    kind: "StorageV2",
    skuName: "Standard_GRS",
    publicNetworkAccess: "Disabled",
    allowSharedKeyAccess: false,
    minimumTlsVersion: "TLS1_2",
    requireInfrastructureEncryption: true,
} as const;

const SKUS = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"];

/** Every rule CmkStorageAccountArgs break; empty when valid. */
export function validateCmkStorageAccountArgs(name: string, args: CmkStorageAccountArgs): ValidationIssue[] {
    const issues = validateCustomerManagedKey(args.customerManagedKey);
    const add = (field: string, message: string) => issues.push({ field, message });
    if (args.accountName !== undefined) {
        if (!/^[a-z0-9]{3,24}$/.test(args.accountName)) {
            add("accountName", `"${args.accountName}" is not a storage account name: 3–24 lowercase letters and digits`);
        }
    } else {
        const prefix = accountPrefix(name);
        if (prefix.length === 0 || prefix.length > 24 - NAME_SUFFIX_LENGTH) {
            add("name", `"${name}" leaves "${prefix}" as the account name's prefix, which needs 1–${24 - NAME_SUFFIX_LENGTH} lowercase letters and digits; rename the resource or set accountName`);
        }
    }
    if (args.skuName !== undefined && !SKUS.includes(args.skuName)) {
        add("skuName", `"${String(args.skuName)}" is not a storage SKU; use one of ${SKUS.join(", ")}`);
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
    issues.push(...validateTags(args.tags, { storageAccount: true }));
    return issues;
}

/**
 * A StorageV2 account encrypted with the customer's key (following its rotation), with
 * infrastructure encryption, HTTPS and TLS 1.2 only, no shared keys and no public access.
 */
export class CmkStorageAccount extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly accountName: pulumi.Output<string>;

    constructor(name: string, args: CmkStorageAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`CmkStorageAccount "${name}"`, validateCmkStorageAccountArgs(name, args));
        super("azure-byok:storage:CmkStorageAccount", name, {}, opts);

        const cmk = args.customerManagedKey;
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags);
        this.identity = identity;
        this.keyAccess = keyAccess;
        const serviceWithAccountKey = { enabled: true, keyType: storage.KeyType.Account };

        this.account = new storage.StorageAccount(`${name}-account`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            accountName: args.accountName ?? generatedName(name, accountPrefix(name), "", this),
            kind: CmkStorageAccountDefaults.kind,
            sku: { name: args.skuName ?? CmkStorageAccountDefaults.skuName },
            identity: { type: storage.IdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: storage.KeySource.Microsoft_Keyvault,
                // No keyVersion unless pinned: the account then follows the key's rotation.
                keyVaultProperties: { keyVaultUri: cmk.key.keyVault.vaultUri, keyName: cmk.key.keyName, keyVersion: cmk.keyVersion },
                encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                requireInfrastructureEncryption: CmkStorageAccountDefaults.requireInfrastructureEncryption,
                // Queues and tables are covered by the key only when created with the account key type.
                services: { blob: serviceWithAccountKey, file: serviceWithAccountKey, queue: serviceWithAccountKey, table: serviceWithAccountKey },
            },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: CmkStorageAccountDefaults.minimumTlsVersion,
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: args.allowSharedKeyAccess ?? CmkStorageAccountDefaults.allowSharedKeyAccess,
            defaultToOAuthAuthentication: true,
            allowCrossTenantReplication: false,
            publicNetworkAccess: args.publicNetworkAccess ?? CmkStorageAccountDefaults.publicNetworkAccess,
            networkRuleSet: {
                defaultAction: storage.DefaultAction.Deny,
                bypass: storage.Bypass.AzureServices,
                ipRules: (args.ipRules ?? []).map((value) => ({ iPAddressOrRange: value, action: storage.Action.Allow })),
            },
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess] });

        this.id = this.account.id;
        this.accountName = this.account.name;
        createPrivateEndpoints(name, "storageAccount", args.privateEndpoints, { id: this.account.id, name: this.account.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags }, this);
        this.registerOutputs({ id: this.id, accountName: this.accountName, identityClientId: identity.clientId });
    }
}

function accountPrefix(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}
