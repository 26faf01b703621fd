import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as monitor from "@pulumi/azure-native/monitor";
import { generatedName, renameIssues, shownGeneratedName } from "./naming";
import { validateRbacPropagationWait } from "./key-access";
import { createKeyVaultEventSubscriptions, KeyVaultEventSubscription, keyVaultEventSubscriptionsShapeIssues, validateKeyVaultEventSubscriptions } from "./key-vault-events";
import { createPrivateEndpoints, PrivateEndpoint, privateEndpointsShapeIssues, validatePrivateEndpoints } from "./private-endpoint";
import { accessPolicyIssues, accessPolicyResourceName, accessPolicyShapeIssues, earlierAccessPolicyResourceNames, policyObjectIdProblem, policyTenantIdProblem, policyTenantMatchProblem, principalGrantKey } from "./key-vault-access-policies";
import { diagnosticSettingKey, diagnosticSettingResourceName, diagnosticSettingsIssues, diagnosticSettingsShapeIssues, positionalDiagnosticSettingResourceName } from "./key-vault-diagnostics";
import { networkAclsShapeIssues, vaultNetwork, vaultNetworkIssues } from "./key-vault-network";
import { subnetIdProblem } from "./network";
import { vaultNameIssues } from "./key-vault-names";
import { besideKept, keptOnDelete, lockIssues, lockShapeIssues } from "./key-vault-lock";
import { rbacMigrationIssues } from "./key-vault-rbac-migration";
import { KeyVaultSku, Lock, VaultReference } from "./types";
import { ArgSpec, checkedAllOnResolve, checkedOnResolve, GUID_PATTERN, isRecord, known, quoteValue, resourceGroupNameIssues, shapeIssues, ShowValue, throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";

// Rules that moved to modules of their own, still importable from here.
export { keyPermissionAsAzureNames } from "./key-vault-access-policies";
export { vaultNameProblem } from "./key-vault-names";

/** An access-policy entry, for vaults that use access policies instead of Azure RBAC. */
export interface KeyVaultAccessPolicy {
    /**
     * Conditional. Required if `objectId` is unknown until deploy (an Output, such as a group's `objectId`). 1–64 letters,
     * digits and hyphens, not digits alone, no other entry's in any case nor another entry's `objectId`. Pulumi's name for
     * the entry's `AccessPolicy` (Azure keeps a policy by principal alone), so reordering or removing entries leaves the others be.
     * Defaults to the `objectId` in lower case.
     */
    name?: string;
    /** Required. The principal's object id. */
    objectId: pulumi.Input<string>;
    /** Optional. Defaults to the vault's tenant. */
    tenantId?: pulumi.Input<string>;
    /** Required. Key permissions, named one by one (`all` is refused: it grants purge and more). */
    keyPermissions: keyvault.KeyPermissions[];
}

/** Where the vault's audit log goes. At least one destination is required. */
export interface KeyVaultDiagnosticSetting {
    /**
     * Conditional. Required if the destination the setting would be known by (its workspace, else its storage account,
     * else its event hub) is unknown until deploy. 1–260 characters, none of `< > * % & : \ ? + /`, each setting's its own.
     * The setting is known by it (else by that destination), so reordering, adding or removing settings leaves the others be.
     * Defaults to `<vault>-audit-<destination token>`, kept once made (so one made as `<vault>-audit[-<n>]` keeps that).
     */
    name?: string;
    /** Conditional. A Log Analytics workspace id; required if no other destination is given. */
    workspaceResourceId?: pulumi.Input<string>;
    /** Conditional. A storage account id; required if no other destination is given. */
    storageAccountResourceId?: pulumi.Input<string>;
    /** Conditional. An Event Hubs authorization rule id; required if no other destination is given. */
    eventHubAuthorizationRuleResourceId?: pulumi.Input<string>;
    /** Optional. The event hub, with `eventHubAuthorizationRuleResourceId`. */
    eventHubName?: pulumi.Input<string>;
    /** Optional. Each entry a category or a category group, all of one kind and each once: Azure refuses a setting that mixes them or repeats one. Defaults to `[{ category: "AuditEvent" }]`. */
    logCategoriesAndGroups?: { category?: "AuditEvent" | "AzurePolicyEvaluationDetails"; categoryGroup?: "audit" | "allLogs" }[];
    /**
     * Optional. Platform metrics sent beside the logs (availability, latency, saturation, API hits): `[{ category: "AllMetrics" }]`,
     * Key Vault's one metric category, as Azure Verified Modules send by default. Defaults to none: Azure Monitor keeps a vault's
     * metrics 93 days for charts and alerts without a setting.
     */
    metricCategories?: { category: "AllMetrics" }[];
}

export interface KeyVaultNetworkAcls {
    /** Optional. Defaults to `AzureServices`, so CMK services reach their keys through a closed firewall. */
    bypass?: "AzureServices" | "None";
    /** Optional. Defaults to `Deny`. `Allow` opens the vault to every network, and is taken only beside `publicNetworkAccess: "Enabled"`. */
    defaultAction?: "Deny" | "Allow";
    /** Optional. Public IPv4 addresses or CIDR ranges allowed through the firewall. Defaults to none. */
    ipRules?: string[];
    /** Optional. Subnet ids allowed through the firewall (the subnet needs the Microsoft.KeyVault service endpoint). Defaults to none. */
    virtualNetworkRules?: pulumi.Input<string>[];
}

export interface KeyVaultArgs {
    /** Required. The resource group the vault lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. The exact, globally unique vault name (3–24 letters, digits and hyphens). Defaults to `<name>-<6 random characters>`, kept in state, so a destroyed vault's soft-deleted name never blocks the next deploy. */
    vaultName?: string;
    /** Optional. Defaults to the deploying identity's tenant. */
    tenantId?: pulumi.Input<string>;
    /** Optional. Defaults to `premium` (HSM-protected keys need it). */
    sku?: KeyVaultSku;
    /** Optional. Days a deleted vault or key stays recoverable, 7–90, fixed at creation. Defaults to `90`. */
    softDeleteRetentionInDays?: number;
    /** Optional. Defaults to `true`. `false` is for throwaway stacks only: the property is then omitted, because ARM refuses `false`. */
    enablePurgeProtection?: boolean;
    /** Optional. Defaults to `true` (Azure RBAC). `false` chooses access policies, for vendors whose guides use them. */
    enableRbacAuthorization?: boolean;
    /**
     * Conditional. Only with `enableRbacAuthorization: false`, on a deployed vault about to move to
     * Azure RBAC: every grant made as an access policy (`KeyAccess`) also gets the role assignment it
     * will have after the move, under the same name, so that the roles take effect before the
     * vault stops honouring access policies. Deploy with it, then set `enableRbacAuthorization: true`
     * and remove it. Defaults to `false`.
     */
    prepareRbacMigration?: boolean;
    /**
     * Conditional. Only with `enableRbacAuthorization: false`. Defaults to none. Each entry is made
     * as its own `keyvault.AccessPolicy` (named by its `name`, else its object id), as `KeyAccess` makes its grants,
     * so that an update of the vault never resets the access of principals granted beside it.
     */
    accessPolicies?: KeyVaultAccessPolicy[];
    /** Optional. Defaults to `{ defaultAction: "Deny", bypass: "AzureServices" }` with no rules. */
    networkAcls?: KeyVaultNetworkAcls;
    /** Optional. Defaults to `Enabled` when `networkAcls` has IP or subnet rules (which only public access uses), else `Disabled`. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. `recover` restores a soft-deleted vault of the same name. Defaults to `default`. */
    createMode?: "default" | "recover";
    /**
     * Optional. The lock covers everything beneath the vault: while it stands Azure refuses (409 ScopeLocked) deleting a role
     * assignment on the vault or on a key or secret in it, a diagnostic setting or a private endpoint's connection, so deploy
     * `{ kind: "None" }` before an edit that removes one, then put it back.
     * Defaults to `{ kind: "CanNotDelete" }`.
     */
    lock?: Lock;
    /** Optional. AuditEvent logs to a workspace, storage account or event hub. Defaults to none. */
    diagnosticSettings?: KeyVaultDiagnosticSetting[];
    /** Optional. Private endpoints into the applications' networks. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Event Grid subscriptions to the vault's events (a key's new version, near expiry and expiry, a secret's near expiry and expiry), through one system topic. Defaults to none. */
    eventSubscriptions?: KeyVaultEventSubscription[];
    /** Optional. How long an event subscription waits after its topic's sender role on the destination is assigned (as KeyAccess takes it). Defaults to KeyAccess's, `30s`. */
    rbacPropagationWait?: string;
    /**
     * Optional. Pulumi's `protect` on the vault: `pulumi destroy` refuses to delete it; `retainOnDelete` takes the same value, so a vault unprotected by hand and then dropped leaves Azure only through `protect: false`, and not even then under the component's own `retainOnDelete: true`.
     * The component's own `protect` option (or a parent's) reaches every other child too (diagnostic settings, private endpoints, access policies,
     * event subscriptions), which the engine then refuses to delete when they are removed from the args; the lock alone stays unprotected, so `lock: { kind: "None" }` still removes it.
     * Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
}

export const KeyVaultDefaults = {
    sku: "premium",
    softDeleteRetentionInDays: 90,
    enablePurgeProtection: true,
    enableRbacAuthorization: true,
    prepareRbacMigration: false,
    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    lock: { kind: "CanNotDelete" },
    protect: true,
    auditLogs: [{ category: "AuditEvent" }],
} as const;

/** How KeyVault reads each argument: what decides the vault's shape must be a plain value. */
export const KEY_VAULT_ARGS = {
    resourceGroupName: "input",
    location: "region",
    vaultName: "string",
    tenantId: "input",
    sku: "string",
    softDeleteRetentionInDays: "number",
    enablePurgeProtection: "boolean",
    enableRbacAuthorization: "boolean",
    prepareRbacMigration: "boolean",
    accessPolicies: "list",
    networkAcls: "object",
    publicNetworkAccess: "string",
    createMode: "string",
    lock: "object",
    diagnosticSettings: "list",
    privateEndpoints: "list",
    eventSubscriptions: "list",
    rbacPropagationWait: "string",
    protect: "boolean",
    tags: "tags",
} as const satisfies ArgSpec<KeyVaultArgs>;

/** The shape of KeyVaultArgs from an untyped caller: every problem with it, before any rule reads a value. */
function keyVaultShapeIssues(args: unknown): ValidationIssue[] {
    const issues = shapeIssues(args, KEY_VAULT_ARGS, "", {
        required: { resourceGroupName: "the resource group the vault lives in" },
        closed: true,
        // Azure Verified Modules' name for it.
        renamed: { name: "vaultName" },
        // A webhook URL (and its credential) pasted for the list is not echoed.
        unquoted: ["eventSubscriptions"],
    });
    if (!isRecord(args)) return issues;
    issues.push(...accessPolicyShapeIssues(args.accessPolicies));
    issues.push(...networkAclsShapeIssues(args.networkAcls));
    issues.push(...lockShapeIssues(args.lock));
    issues.push(...diagnosticSettingsShapeIssues(args.diagnosticSettings));
    // A list given as something else is reported above, by the vault's own check.
    if (Array.isArray(args.privateEndpoints)) issues.push(...privateEndpointsShapeIssues(args.privateEndpoints));
    if (Array.isArray(args.eventSubscriptions)) issues.push(...keyVaultEventSubscriptionsShapeIssues(args.eventSubscriptions));
    return issues;
}

/** Every rule KeyVaultArgs break, each naming its field; empty when the args are valid. */
export function validateKeyVaultArgs(name: string, args: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = keyVaultShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });

    issues.push(...resourceGroupNameIssues(args.resourceGroupName));
    issues.push(...vaultNameIssues(name, args.vaultName));
    if (args.sku !== undefined && args.sku !== "premium" && args.sku !== "standard") {
        add("sku", `"${String(args.sku)}" is not a Key Vault SKU; use "premium" or "standard"`);
    }
    const retention = args.softDeleteRetentionInDays;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 7 || retention > 90)) {
        add("softDeleteRetentionInDays", `${retention} is ${Number.isInteger(retention) ? "outside 7–90" : "not a whole number of days"}; Azure keeps deleted vaults and keys 7 to 90 whole days, fixed at creation`);
    }
    const rbac = args.enableRbacAuthorization ?? KeyVaultDefaults.enableRbacAuthorization;
    if (rbac && args.accessPolicies !== undefined && args.accessPolicies.length > 0) {
        add("accessPolicies", "access policies apply only with enableRbacAuthorization: false; grant RBAC roles with KeyAccess instead");
    }
    issues.push(...rbacMigrationIssues(rbac, args.prepareRbacMigration));
    const tenantId = known<string>(args.tenantId);
    const tenantProblem = tenantId === undefined ? undefined : tenantIdProblem(tenantId);
    if (tenantProblem !== undefined) add("tenantId", tenantProblem);
    issues.push(...accessPolicyIssues(args.accessPolicies, tenantId));
    issues.push(...vaultNetworkIssues(args));
    if (args.createMode !== undefined && args.createMode !== "default" && args.createMode !== "recover") {
        add("createMode", `"${String(args.createMode)}" is not "default" or "recover"`);
    } else if (args.createMode === "recover" && args.vaultName === undefined) {
        add("createMode", "is \"recover\", which restores a soft-deleted vault by its exact name, but no vaultName is set: a generated name has no deleted vault to recover; set vaultName to the deleted vault's name");
    }
    issues.push(...lockIssues(args.lock));
    issues.push(...diagnosticSettingsIssues(args.diagnosticSettings, KeyVaultDefaults.auditLogs));
    issues.push(...validatePrivateEndpoints("vault", args.privateEndpoints));
    issues.push(...validateKeyVaultEventSubscriptions(args.eventSubscriptions));
    issues.push(...validateRbacPropagationWait(args.rbacPropagationWait));
    issues.push(...validateTags(args.tags));
    // A rename by aliases keeps the URNs, not the Azure name derived from the resource name.
    issues.push(...renameIssues(name, opts, [{ field: "vaultName", what: "vault", given: args.vaultName !== undefined, from: (n) => shownGeneratedName(n, "-") }]));
    return issues;
}

/**
 * A Key Vault for customer-managed keys: premium, purge-protected, RBAC, closed to the
 * public network with the trusted-services bypass, locked against deletion.
 */
export class KeyVault extends pulumi.ComponentResource implements VaultReference {
    readonly vault: keyvault.Vault;
    /** The vault, when it is not kept on delete (`protect: false` without the component's own `retainOnDelete: true`): what the keys and secrets made in it are deleted with. */
    readonly deletedWith?: keyvault.Vault;
    readonly id: pulumi.Output<string>;
    readonly vaultName: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;
    /**
     * The region asked for, else the one Azure reports for the vault (its resource group's), so region rules still hold it.
     * A region given as a plain value stays one, so that those rules judge it before anything registers: `pulumi.output(vault.location)` for an Output.
     */
    readonly location: pulumi.Input<string>;
    readonly sku: KeyVaultSku;
    readonly enableRbacAuthorization: boolean;
    readonly prepareRbacMigration: boolean;
    readonly enablePurgeProtection: boolean;
    readonly softDeleteRetentionInDays: number;
    /** Its public endpoint, and its firewall's default action and trusted-services bypass, as sent. */
    readonly networkAccess: { readonly publicNetworkAccess: "Enabled" | "Disabled"; readonly defaultAction: "Allow" | "Deny"; readonly bypass: "AzureServices" | "None" };
    /** The azure-native provider the vault is made through, when one was given (`provider` or `providers`, or a parent's). */
    readonly provider?: pulumi.ProviderResource;

    constructor(name: string, args: KeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `KeyVault "${name}"`;
        throwIfInvalid(component, validateKeyVaultArgs(name, args, opts));
        super("azure-byok:keyvault:KeyVault", name, {}, opts);

        // What is made in the vault from outside the component (keys, grants, secrets) goes where the vault went.
        this.provider = this.getProvider("azure-native:keyvault:Vault");
        this.sku = args.sku ?? KeyVaultDefaults.sku;
        this.enableRbacAuthorization = args.enableRbacAuthorization ?? KeyVaultDefaults.enableRbacAuthorization;
        this.prepareRbacMigration = args.prepareRbacMigration ?? KeyVaultDefaults.prepareRbacMigration;
        this.enablePurgeProtection = args.enablePurgeProtection ?? KeyVaultDefaults.enablePurgeProtection;
        this.softDeleteRetentionInDays = args.softDeleteRetentionInDays ?? KeyVaultDefaults.softDeleteRetentionInDays;
        this.resourceGroupName = pulumi.output(args.resourceGroupName);
        this.tenantId = args.tenantId !== undefined
            ? pulumi.output(checkedOnResolve(component, "tenantId", args.tenantId, tenantIdProblem))
            : authorization.getClientConfigOutput({ parent: this }).tenantId;

        const vaultName = args.vaultName !== undefined ? pulumi.output(args.vaultName) : generatedName(name, name, "-", this);
        const network = vaultNetwork(withCheckedSubnetRules(component, args), KeyVaultDefaults.networkAcls);
        this.networkAccess = { publicNetworkAccess: network.publicNetworkAccess, defaultAction: network.networkAcls.defaultAction, bypass: network.networkAcls.bypass };

        const kept = keptOnDelete(args.protect, opts, KeyVaultDefaults.protect);
        this.vault = new keyvault.Vault(`${name}-vault`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            vaultName,
            properties: {
                tenantId: this.tenantId,
                sku: { family: keyvault.SkuFamily.A, name: this.sku },
                enableSoftDelete: true,
                softDeleteRetentionInDays: this.softDeleteRetentionInDays,
                // ARM refuses `false` and purge protection can never be turned off: omit it to leave it off.
                ...(this.enablePurgeProtection ? { enablePurgeProtection: true } : {}),
                // The SDK would fill in `false` for RBAC and `enabled` for public access: always send both.
                enableRbacAuthorization: this.enableRbacAuthorization,
                publicNetworkAccess: network.publicNetworkAccess,
                enabledForDeployment: false,
                enabledForTemplateDeployment: false,
                enabledForDiskEncryption: false,
                createMode: args.createMode,
                // No `accessPolicies`: azure-native sends `[]` on create only when it is unset, and a
                // list sent on every update would erase the access policies made as their own resources.
                networkAcls: network.networkAcls,
            },
            tags: args.tags,
        // Set explicitly, protect is not inherited from the component: its own option stands in for the default.
        }, { parent: this, ...kept });
        this.deletedWith = kept.retainOnDelete ? undefined : this.vault;
        const beside = besideKept(this.vault, kept);

        this.id = this.vault.id;
        // ARM answers a tracked resource with its location (RPC); only the SDK's type leaves it optional.
        this.location = args.location ?? this.vault.location.apply((location) => {
            if (location === undefined) throw new Error(`${component}: Azure reported no location for the vault`);
            return location;
        });
        this.vaultName = this.vault.name;
        this.vaultUri = this.vault.properties.apply((p) => p.vaultUri ?? "");

        // Each entry is its own resource, as KeyAccess makes its grants, named by its name or principal so
        // that reordering or removing one leaves the others be (azure-native: use one kind, not both).
        (this.enableRbacAuthorization ? [] : (args.accessPolicies ?? [])).forEach((policy, i) => {
            const key = principalGrantKey({ name: policy.name, principal: policy.objectId });
            if (key === undefined) throw new Error(`KeyVault "${name}": validation let through accessPolicies[${i}] with neither a name nor an objectId known now`);
            const field = `accessPolicies[${i}]`;
            const tenantId = checkedOnResolve(component, `${field}.tenantId`, policy.tenantId, policyTenantIdProblem);
            new keyvault.AccessPolicy(accessPolicyResourceName(name, key), {
                resourceGroupName: args.resourceGroupName,
                // The tenants' match is held on the vault's name, an Output already, so that a plain tenant is sent as given.
                vaultName: checkedAllOnResolve(component, `${field}.tenantId`, this.vault.name, [policy.tenantId, args.tenantId], policyTenantMatchProblem),
                policy: { objectId: checkedOnResolve(component, `${field}.objectId`, policy.objectId, policyObjectIdProblem), tenantId: tenantId ?? this.tenantId, permissions: { keys: policy.keyPermissions } },
            // An entry removed from the list is revoked, under a component given retainOnDelete too.
            }, { parent: this, ...beside, aliases: earlierAccessPolicyResourceNames(name, policy, i).map((n) => ({ name: n })) });
        });

        const beneathLock: pulumi.Resource[] = [];
        (args.diagnosticSettings ?? []).forEach((setting, i) => {
            const key = diagnosticSettingKey(setting);
            if (key === undefined) throw new Error(`KeyVault "${name}": validation let through diagnosticSettings[${i}] with neither a name nor a destination known now`);
            beneathLock.push(new monitor.DiagnosticSetting(diagnosticSettingResourceName(name, key), {
                resourceUri: this.vault.id,
                name: setting.name ?? pulumi.interpolate`${this.vault.name}-audit-${key}`,
                workspaceId: setting.workspaceResourceId,
                storageAccountId: setting.storageAccountResourceId,
                eventHubAuthorizationRuleId: setting.eventHubAuthorizationRuleResourceId,
                eventHubName: setting.eventHubName,
                logs: (setting.logCategoriesAndGroups ?? KeyVaultDefaults.auditLogs).map((log) => ({ ...log, enabled: true })),
                metrics: setting.metricCategories?.map((metric) => ({ category: metric.category, enabled: true })),
            }, {
                parent: this,
                // Settings were once named by their place: a stack last deployed with this same list finds each where it was.
                aliases: [{ name: positionalDiagnosticSettingResourceName(name, i) }],
                // The name is the setting's ARM path, so a new one would be a second setting on the same sink (409):
                // an unnamed setting keeps the name it was made with, `<vault>-audit[-<n>]` for one made by its place.
                ignoreChanges: setting.name === undefined ? ["name"] : [],
                ...beside,
            }));
        });
        beneathLock.push(...createPrivateEndpoints(name, "vault", args.privateEndpoints, { id: this.vault.id, name: this.vault.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside }, this, component));
        createKeyVaultEventSubscriptions(name, args.eventSubscriptions, { id: this.vault.id, name: this.vault.name, location: this.vault.location, resourceGroupName: args.resourceGroupName, tags: args.tags, beside }, this, component, args.rbacPropagationWait);

        const lock: Lock = args.lock ?? KeyVaultDefaults.lock;
        if (lock.kind !== "None") {
            new authorization.ManagementLockByScope(`${name}-lock`, {
                scope: this.vault.id,
                level: lock.kind,
                lockName: lock.name ?? pulumi.interpolate`lock-${this.vault.name}`,
                notes: lock.notes ?? "Holds customer-managed keys: deleting it would make the data they protect unreadable.",
            // Never a parent's protect or retainOnDelete: the lock is removed on purpose through `lock: { kind: "None" }`
            // (tearing down, removing a grant). Azure refuses deleting a diagnostic setting or a private endpoint (its
            // connection on the vault) under the lock (409 ScopeLocked): depending on them, the lock is deleted first
            // when they go in the same deploy.
            }, { parent: this, protect: false, ...beside, dependsOn: beneathLock });
        }

        this.registerOutputs({
            id: this.id,
            vaultName: this.vaultName,
            vaultUri: this.vaultUri,
            tenantId: this.tenantId,
        });
    }
}

/** ARM's tenantId is format uuid: a domain name ("contoso.onmicrosoft.com") is refused only at deploy. */
function tenantIdProblem(tenantId: string, show: ShowValue = quoteValue): string | undefined {
    return GUID_PATTERN.test(tenantId) ? undefined : `${show(tenantId)} is not a GUID; give the directory's tenant id, not its domain name`;
}

/** The args with each subnet rule given as an Output held, when it resolves, to the rule a plain one meets in vaultNetworkIssues. */
function withCheckedSubnetRules(component: string, args: KeyVaultArgs): KeyVaultArgs {
    const rules = args.networkAcls?.virtualNetworkRules;
    if (args.networkAcls === undefined || rules === undefined) return args;
    const virtualNetworkRules = rules.map((rule, i) => checkedOnResolve(component, `networkAcls.virtualNetworkRules[${i}]`, rule, subnetIdProblem));
    return { ...args, networkAcls: { ...args.networkAcls, virtualNetworkRules } };
}
