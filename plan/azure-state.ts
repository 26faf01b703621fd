import { ArmError, badRequest, identityGuidSeed, identityResourceId, notFound, parseArmId, providerResourceId, resourceGroupId, stableGuid, stableVersion } from "./arm";
import { firewallBlocksTrustedServices } from "./azure-keyvault";

/** Resource types the stack only names, never makes: a scope of one is taken as given. */
const OUTSIDE_THE_STACK = [
    "microsoft.network/virtualnetworks/subnets",
    "microsoft.eventhub/namespaces/eventhubs",
    "microsoft.servicebus/namespaces/queues",
    "microsoft.storage/storageaccounts/queueservices/queues",
    // A dead-letter container, which may be the stack's own or an operations team's.
    "microsoft.storage/storageaccounts/blobservices/containers",
];
import type { AzureMockOptions } from "./mocks";

/** Key Vault Crypto Service Encryption User: get, wrap and unwrap, what a key's owner grants a CMK identity on an RBAC vault. */
const CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

/**
 * What the mocks know of Azure during one run: the resources created so far, so that a
 * later request is judged against them as ARM would (a key needs its vault, a premium SKU
 * for HSM keys, a role assignment needs an existing scope).
 */
export class AzureState {
    readonly startedAt = Math.floor(Date.now() / 1000);
    /** Resource groups by `<subscription>/<name>`, lowercase. */
    private readonly resourceGroups = new Map<string, { name: string; location: string }>();
    /** The subscription the request being answered goes to: its provider's, else the stack's. */
    private current: string;
    readonly vaults = new Map<string, VaultRecord>();
    /** Private-link sub-resources (group ids) a resource offers that depend on how it was made, by id (lower case): a Cosmos DB account's API. */
    readonly privateLinkGroups = new Map<string, string[]>();
    /** Disk encryption sets' regions by id (lower case): a cluster's or disk's set must be in its region. */
    readonly diskEncryptionSetLocations = new Map<string, string>();
    /** Each disk encryption set's key vault, by set id (lower case): disks fail when it is in another region than the set. */
    readonly diskEncryptionSetVaults = new Map<string, { name: string; location: string }>();
    /** What a storage account's children depend on, by account id (lower case): the principal id of its customer-managed-key identity (its encryption scopes reach their keys as it) and whether it allows public blob access. */
    readonly storageAccounts = new Map<string, StorageAccountSettings>();
    /** The principal id of each SQL server's primary user-assigned identity, by server id (lower case): it reaches the server's keys. */
    readonly sqlServerPrincipals = new Map<string, string>();
    /** Event Grid system topics' types by topic id (lower case). */
    readonly topicTypes = new Map<string, string>();
    /** The principal id of each system topic's system-assigned identity, by topic id (lower case): it delivers as that identity. */
    readonly topicPrincipals = new Map<string, string>();
    /** Each resource's diagnostic data sinks by category (`<resource>|<sink>|<category>`, lower case) and the setting that holds it: Azure takes a sink once per category. */
    readonly diagnosticSinks = new Map<string, string>();
    /** The system topic of each source resource, by the source's id (lower case): Azure allows one per source. */
    readonly systemTopicOfSource = new Map<string, string>();
    /** Every resource id, lowercase; added only through addId, which keeps the index below. */
    private readonly idSet = new Set<string>();
    /** `<provider>/<type>/<name>` after each id's last `/providers/`, lowercase: global names answered without a scan. */
    private readonly providerNames = new Set<string>();
    /** Role assignments by principal id, lowercase: access checks at thousands of grants stay linear. */
    private readonly assignmentsByPrincipal = new Map<string, RoleAssignmentRecord[]>();
    /** An identity's tenant is the stack's unless the fixture gives one. */
    readonly identities = new Map<string, { id: string; clientId: string; principalId: string; tenantId?: string }>();
    readonly keys = new Map<string, KeyRecord>();

    constructor(readonly options: AzureMockOptions) {
        this.current = options.subscriptionId;
        for (const rg of options.resourceGroups) {
            this.within(rg.subscriptionId, () => this.addResourceGroup(rg.name, rg.location));
        }
        for (const { subscriptionId, accessPolicies, ...v } of options.vaults) {
            this.within(subscriptionId, () => {
                const location = this.resourceGroup(v.resourceGroupName).location;
                const policies = accessPolicies === undefined ? {} : { accessPolicies: new Map(accessPolicies.map((p) => [p.objectId.toLowerCase(), p.keys])) };
                this.addVault({ enableRbacAuthorization: true, ...v, ...policies, location, trustedServicesBlocked: firewallBlocksTrustedServices({ networkAcls: v.networkAcls, publicNetworkAccess: v.publicNetworkAccess }) });
            });
        }
        // Its key owners' grants, made once the keys are there.
        const ownerGrants: { principalId: string; vaultName: string; keyName: string }[] = [];
        for (const i of options.identities) {
            this.within(i.subscriptionId, () => {
                const id = identityResourceId(this.subscriptionId, this.resourceGroup(i.resourceGroupName).name, i.name);
                this.addId(id);
                const principalId = stableGuid(identityGuidSeed(id), "principalId");
                this.identities.set(id.toLowerCase(), { id, clientId: stableGuid(identityGuidSeed(id), "clientId"), principalId, tenantId: i.tenantId });
                ownerGrants.push(...(i.grantedKeys ?? []).map((g) => ({ principalId, ...g })));
            });
        }
        for (const k of options.keys) {
            const vault = this.vaults.get(k.vaultName.toLowerCase());
            if (!vault) throw new Error(`AzureMockOptions.keys: key ${k.name} is in vault ${k.vaultName}, which AzureMockOptions.vaults does not have.`);
            const id = `${vault.id}/keys/${k.name}`;
            this.addId(id);
            const rsa = k.kty.startsWith("RSA");
            this.keys.set(`${vault.name}/${k.name}`.toLowerCase(), {
                id,
                vaultName: vault.name,
                keyName: k.name,
                kty: k.kty,
                keySize: rsa ? (k.keySize ?? 2048) : undefined,
                curveName: rsa ? undefined : (k.curveName ?? "P-256"),
                keyOps: k.keyOps ?? (rsa ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"]),
                enabled: k.enabled,
                expires: k.expires,
                versions: [stableVersion(vault.name, k.name, "imported")],
                versionsUnknown: true,
            });
        }
        for (const g of ownerGrants) this.grantByKeyOwner(g.principalId, g.vaultName, g.keyName);
    }

    /** The grant a key's owner made for a principal's CMK use of the key, before the program runs (`AzureMockOptions.identities[].grantedKeys`). */
    private grantByKeyOwner(principalId: string, vaultName: string, keyName: string): void {
        const vault = this.vaults.get(vaultName.toLowerCase());
        if (!vault) throw new Error(`AzureMockOptions.identities: a key owner's grant on ${vaultName}/${keyName}, a vault AzureMockOptions.vaults does not have.`);
        if (!vault.enableRbacAuthorization) {
            vault.accessPolicies = vault.accessPolicies ?? new Map();
            vault.accessPolicies.set(principalId.toLowerCase(), ["get", "wrapKey", "unwrapKey"]);
            return;
        }
        // A key the program makes has no scope yet: its owner's grant is on the vault.
        const scope = this.keys.get(`${vault.name}/${keyName}`.toLowerCase())?.id ?? vault.id;
        const subscription = /^\/subscriptions\/([^/]+)\//i.exec(scope)?.[1] ?? this.subscriptionId;
        this.addRoleAssignment({ scope, principalId, roleDefinitionId: `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${CRYPTO_SERVICE_ENCRYPTION_USER}` });
    }

    /** The subscription requests now go to; ids made now are in it. */
    get subscriptionId(): string {
        return this.current;
    }

    /** Answers `request` as the given subscription (a provider's `subscriptionId`); the stack's when none is given. */
    within<T>(subscriptionId: string | undefined, request: () => T): T {
        const before = this.current;
        this.current = subscriptionId ?? this.options.subscriptionId;
        try {
            return request();
        } finally {
            this.current = before;
        }
    }

    addResourceGroup(name: string, location: string): void {
        this.resourceGroups.set(`${this.current}/${name}`.toLowerCase(), { name, location });
        this.addId(resourceGroupId(this.current, name));
    }

    hasResourceGroup(name: string, subscriptionId = this.current): boolean {
        return this.resourceGroups.has(`${subscriptionId}/${name}`.toLowerCase());
    }

    /** Whether the deployer reaches anything in the subscription: offline, whether any group is there. */
    reaches(subscriptionId: string): boolean {
        const prefix = `${subscriptionId}/`.toLowerCase();
        for (const key of this.resourceGroups.keys()) if (key.startsWith(prefix)) return true;
        return false;
    }

    /** The group in the current subscription, or ARM's 404. */
    resourceGroup(name: unknown, subscriptionId = this.current): { name: string; location: string } {
        const rg = typeof name === "string" ? this.resourceGroups.get(`${subscriptionId}/${name}`.toLowerCase()) : undefined;
        if (!rg) {
            throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${String(name)}' could not be found.`);
        }
        return rg;
    }

    addVault(v: Omit<VaultRecord, "id">): VaultRecord {
        const id = providerResourceId(this.current, v.resourceGroupName, "Microsoft.KeyVault", "vaults", v.name);
        const record = { ...v, id };
        this.vaults.set(v.name.toLowerCase(), record);
        this.addId(id);
        return record;
    }

    /** Whether a globally unique name (a registry's, a storage account's) is taken anywhere in this Azure. */
    nameTaken(providerType: string, name: string): boolean {
        return this.providerNames.has(`${providerType}/${name}`.toLowerCase());
    }

    get ids(): ReadonlySet<string> {
        return this.idSet;
    }

    private addId(id: string): void {
        const lower = id.toLowerCase();
        this.idSet.add(lower);
        const at = lower.lastIndexOf("/providers/");
        if (at >= 0) {
            this.providerNames.add(lower.slice(at + "/providers/".length));
        }
    }

    addRoleAssignment(assignment: RoleAssignmentRecord): void {
        const principal = assignment.principalId.toLowerCase();
        const held = this.assignmentsByPrincipal.get(principal);
        if (held) held.push(assignment);
        else this.assignmentsByPrincipal.set(principal, [assignment]);
    }

    /** The role assignments a principal holds, at any scope. */
    assignmentsOf(principalId: string): readonly RoleAssignmentRecord[] {
        return this.assignmentsByPrincipal.get(principalId.toLowerCase()) ?? [];
    }

    /** A new resource id; refuses a second resource with the same id, as ARM's PUT would not create one. */
    claim(id: string, what: string): string {
        if (this.idSet.has(id.toLowerCase())) {
            throw new ArmError(409, "Conflict", `${what} '${id}' already exists in this program; two resources would manage one Azure object.`);
        }
        this.addId(id);
        return id;
    }

    /** Refuses a scope ARM could not resolve: not an id, another subscription, or nothing there. */
    requireScope(scope: unknown, field: string): string {
        const parsed = parseArmId(scope);
        if (!parsed) {
            throw badRequest("InvalidScope", `${field} '${String(scope)}' is not a valid Azure Resource Manager id (expected /subscriptions/<guid>[/resourceGroups/<name>[/providers/...]]).`);
        }
        // A subnet is the applications' network, outside the stack, often in a network team's subscription;
        // an event hub or queue is where an operations team takes a vault's events: offline each is taken
        // as named, wherever it is (azure-network.ts, azure-events.ts); pulumi preview finds out.
        if (OUTSIDE_THE_STACK.includes(parsed.resourceType?.toLowerCase() ?? "")) {
            // A container of an account the stack makes is the stack's too: one it does not make does not exist.
            const account = /^(.*\/providers\/microsoft\.storage\/storageaccounts\/[^/]+)\/blobservices\//i.exec(String(scope))?.[1];
            if (account !== undefined && this.idSet.has(account.toLowerCase()) && !this.idSet.has(String(scope).toLowerCase())) {
                throw notFound("Microsoft.Storage/storageAccounts/blobServices/containers", parsed.names.join("/"), String(parsed.resourceGroup));
            }
            return String(scope);
        }
        if (!this.reaches(parsed.subscriptionId)) {
            throw new ArmError(403, "LinkedAuthorizationFailed", `${field} '${String(scope)}' is in subscription ${parsed.subscriptionId}, which the deployer cannot reach.`);
        }
        if (parsed.resourceGroup !== undefined) {
            this.resourceGroup(parsed.resourceGroup, parsed.subscriptionId);
        }
        if (parsed.resourceType !== undefined && !this.idSet.has(String(scope).toLowerCase())) {
            throw notFound(String(parsed.resourceType), parsed.names.join("/"), String(parsed.resourceGroup));
        }
        return String(scope);
    }
}

export interface RoleAssignmentRecord {
    scope: string;
    principalId: string;
    roleDefinitionId: string;
}

export interface KeyRecord {
    id: string;
    vaultName: string;
    keyName: string;
    kty: string;
    keySize?: number;
    keyOps: string[];
    curveName?: string;
    /** Attributes as Key Vault reports them (absent: enabled, no expiry). */
    enabled?: boolean;
    expires?: number;
    /** Versions, oldest first; the last is current. */
    versions: string[];
    /** A key the stack says exists: offline its versions are unknown, so any version the stack pins is taken as one of them. */
    versionsUnknown?: boolean;
}

export interface VaultRecord {
    /** Key permissions per object id (lowercase), from inline policies and AccessPolicy resources. */
    accessPolicies?: Map<string, string[]>;
    id: string;
    name: string;
    resourceGroupName: string;
    location: string;
    sku: string;
    enablePurgeProtection: boolean;
    enableRbacAuthorization: boolean;
    softDeleteRetentionInDays?: number;
    /** Its Entra tenant when not the stack's (an existing vault's, from the fixture). */
    tenantId?: string;
    /** The firewall admits neither public traffic nor trusted Azure services (bypass None), so no CMK service reaches a key. */
    trustedServicesBlocked?: boolean;
    /** As the vault's properties hold them (absent: the API's defaults). */
    networkAcls?: Record<string, unknown>;
    publicNetworkAccess?: string;
}

/** What a storage account's children are judged against: the identity its key is reached as, and whether public blob access is allowed. */
export interface StorageAccountSettings {
    encryptionPrincipalId?: string;
    allowBlobPublicAccess: boolean;
    /** A FileStorage account has no blob service, so none of its blob children. */
    kind: string;
}

export type ResourceHandler = (inputs: Record<string, unknown>, name: string, state: AzureState) => { id: string; state: Record<string, unknown> };
