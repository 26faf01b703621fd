import { isoDurationToDays } from "../components/duration";
import {
    ArmError,
    badRequest,
    CLOUDS,
    echo,
    isGuid,
    list,
    notFound,
    parseArmId,
    providerResourceId,
    record,
    resourceGroupId,
    stableGuid,
    stableSuffix,
    stableVersion,
} from "./arm";
import { builtInRoles } from "./azure-access";
import { eventGridHandlers } from "./azure-events";
import { networkHandlers } from "./azure-network";
import { kubernetesHandlers } from "./azure-kubernetes";
import { serviceHandlers } from "./azure-services";
import type { AzureMockOptions } from "./mocks";

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
    /** Event Grid system topics' types by topic id (lower case). */
    readonly topicTypes = new Map<string, string>();
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
    readonly identities = new Map<string, { id: string; clientId: string; principalId: string }>();
    readonly keys = new Map<string, KeyRecord>();

    constructor(readonly options: AzureMockOptions) {
        this.current = options.subscriptionId;
        for (const rg of options.resourceGroups) {
            this.within(rg.subscriptionId, () => this.addResourceGroup(rg.name, rg.location));
        }
        for (const { subscriptionId, ...v } of options.vaults) {
            this.within(subscriptionId, () => {
                const location = this.resourceGroup(v.resourceGroupName).location;
                this.addVault({ enableRbacAuthorization: true, ...v, location, trustedServicesBlocked: firewallBlocksTrustedServices({ networkAcls: v.networkAcls, publicNetworkAccess: v.publicNetworkAccess }) });
            });
        }
        for (const i of options.identities) {
            this.within(i.subscriptionId, () => {
                const id = providerResourceId(this.subscriptionId, this.resourceGroup(i.resourceGroupName).name, "Microsoft.ManagedIdentity", "userAssignedIdentities", i.name);
                this.addId(id);
                this.identities.set(id.toLowerCase(), { id, clientId: stableGuid(id, "clientId"), principalId: stableGuid(id, "principalId") });
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
        // A subnet is the applications' network, outside the stack, often in a network team's subscription:
        // offline it is taken as named, wherever it is (azure-network.ts); pulumi preview finds out.
        if (parsed.resourceType?.toLowerCase() === "microsoft.network/virtualnetworks/subnets") {
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

interface VaultRecord {
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


const KEY_TYPES = ["RSA", "RSA-HSM", "EC", "EC-HSM"];
const RSA_SIZES = [2048, 3072, 4096];
const CURVES = ["P-256", "P-384", "P-521", "P-256K"];
const KEY_OPS = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "release"];
const KEY_PERMISSIONS = [
    "all", "encrypt", "decrypt", "wrapKey", "unwrapKey", "sign", "verify", "get", "list", "create", "update", "import",
    "delete", "backup", "restore", "recover", "purge", "release", "rotate", "getrotationpolicy", "setrotationpolicy",
];
const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const OBJECT_NAME = /^[a-zA-Z0-9-]{1,127}$/;
const KEY_VAULT_LOG_CATEGORIES = ["AuditEvent", "AzurePolicyEvaluationDetails"];
const LOG_CATEGORY_GROUPS = ["audit", "allLogs"];

function autoname(name: string, type: string): string {
    return `${name}${stableSuffix(8, type, name)}`;
}

/** RFC 1918's ranges, as Key Vault's firewall names them when it refuses one. */
const PRIVATE_RANGES: { range: string; test: (o: number[]) => boolean }[] = [
    { range: "10.0.0.0-10.255.255.255", test: (o) => o[0] === 10 },
    { range: "172.16.0.0-172.31.255.255", test: (o) => o[0] === 172 && o[1] >= 16 && o[1] <= 31 },
    { range: "192.168.0.0-192.168.255.255", test: (o) => o[0] === 192 && o[1] === 168 },
];

function isIpv4OrCidr(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
    if (!m) {
        return false;
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = m[5] === undefined ? 32 : Number(m[5]);
    return octets.every((o) => o <= 255) && prefix <= 32;
}

function resourceGroup(inputs: Record<string, unknown>, state: AzureState) {
    return state.resourceGroup(inputs.resourceGroupName);
}

const resourceGroupHandler: ResourceHandler = (inputs, name, state) => {
    const rgName = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : autoname(name, "resourcegroup");
    if (typeof inputs.location !== "string" || inputs.location.length === 0) {
        throw badRequest("LocationRequired", "The location property is required for this definition.");
    }
    if (!/^[-\p{L}\p{Nd}_.()]{1,90}$/u.test(rgName) || rgName.endsWith(".")) {
        throw badRequest("InvalidResourceGroupName", `Resource group name '${rgName}' is invalid: 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.`);
    }
    if (state.hasResourceGroup(rgName)) {
        // azure-native checks before it creates: an existing group must be imported, not created again.
        throw new ArmError(409, "Conflict", `Resource group '${rgName}' already exists; import it instead of creating it.`);
    }
    state.addResourceGroup(rgName, inputs.location);
    const id = resourceGroupId(state.subscriptionId, rgName);
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName"), name: rgName, type: "Microsoft.Resources/resourceGroups", properties: { provisioningState: "Succeeded" }, azureApiVersion: "2024-03-01" },
    };
};

const vaultHandler: ResourceHandler = (inputs, name, state) => {
    const rg = resourceGroup(inputs, state);
    const vaultName = typeof inputs.vaultName === "string" ? inputs.vaultName : autoname(name, "vault");
    if (!VAULT_NAME.test(vaultName) || vaultName.includes("--")) {
        throw badRequest("VaultNameNotValid", `The vault name '${vaultName}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.`);
    }
    if (state.vaults.has(vaultName.toLowerCase())) {
        throw new ArmError(409, "VaultAlreadyExists", `The vault name '${vaultName}' is already in use. Vault names are globally unique.`);
    }
    const p = record(inputs.properties);
    if (!isGuid(p.tenantId)) {
        throw badRequest("BadRequest", `The tenant id '${String(p.tenantId)}' of properties.tenantId is not a valid GUID.`);
    }
    if (p.tenantId.toLowerCase() !== state.options.tenantId.toLowerCase()) {
        throw badRequest("BadRequest", `properties.tenantId '${p.tenantId}' is not the tenant of subscription ${state.subscriptionId}.`);
    }
    const sku = record(p.sku);
    if (sku.family !== "A" || (sku.name !== "standard" && sku.name !== "premium")) {
        throw badRequest("BadRequest", `Invalid sku { family: ${String(sku.family)}, name: ${String(sku.name)} }: family must be 'A' and name 'standard' or 'premium'.`);
    }
    if (p.enablePurgeProtection === false) {
        throw badRequest("BadRequest", `The property "enablePurgeProtection" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.`);
    }
    if (p.enableSoftDelete === false) {
        throw badRequest("BadRequest", `The property "enableSoftDelete" cannot be set to false. Soft delete is mandatory for all vaults.`);
    }
    const retention = p.softDeleteRetentionInDays;
    if (retention !== undefined && (typeof retention !== "number" || !Number.isInteger(retention) || retention < 7 || retention > 90)) {
        throw badRequest("BadRequest", `The value of softDeleteRetentionInDays '${String(retention)}' is invalid. It must be an integer between 7 and 90.`);
    }
    if (p.createMode !== undefined && p.createMode !== "default" && p.createMode !== "recover") {
        throw badRequest("BadRequest", `createMode '${String(p.createMode)}' is invalid; it must be 'default' or 'recover'.`);
    }
    validateNetworkAcls(record(p.networkAcls), p.networkAcls !== undefined);
    if (p.publicNetworkAccess !== undefined && !["enabled", "disabled"].includes(String(p.publicNetworkAccess).toLowerCase())) {
        throw badRequest("BadRequest", `publicNetworkAccess '${String(p.publicNetworkAccess)}' is invalid; it must be 'Enabled' or 'Disabled'.`);
    }
    list(p.accessPolicies).forEach((entry, i) => validateAccessPolicyEntry(record(entry), `properties.accessPolicies[${i}]`, state));
    const location = typeof inputs.location === "string" ? inputs.location : rg.location;
    const vault = state.addVault({
        name: vaultName,
        resourceGroupName: rg.name,
        location,
        sku: String(sku.name),
        enablePurgeProtection: p.enablePurgeProtection === true,
        enableRbacAuthorization: p.enableRbacAuthorization === true,
        softDeleteRetentionInDays: typeof retention === "number" ? retention : 90,
        trustedServicesBlocked: firewallBlocksTrustedServices(p),
        networkAcls: p.networkAcls === undefined ? undefined : record(p.networkAcls),
        publicNetworkAccess: typeof p.publicNetworkAccess === "string" ? p.publicNetworkAccess : undefined,
        accessPolicies: new Map(list(p.accessPolicies).map((entry) => [
            String(record(entry).objectId).toLowerCase(),
            list(record(record(entry).permissions).keys).map(String),
        ])),
    });
    return {
        id: vault.id,
        state: {
            ...echo(inputs, "resourceGroupName", "vaultName"),
            name: vaultName,
            location,
            type: "Microsoft.KeyVault/vaults",
            azureApiVersion: "2024-11-01",
            properties: {
                ...p,
                accessPolicies: list(p.accessPolicies),
                vaultUri: `https://${vaultName}.${CLOUDS[state.options.cloud].keyVault}/`,
                provisioningState: "Succeeded",
            },
        },
    };
};

/** `keyvault.getVault`: the vault as ARM's GET returns it, or ARM's 404. */
export function getVault(inputs: Record<string, unknown>, state: AzureState): Record<string, unknown> {
    const vault = vaultOf(inputs, state);
    return {
        id: vault.id,
        name: vault.name,
        location: vault.location,
        type: "Microsoft.KeyVault/vaults",
        azureApiVersion: "2024-11-01",
        properties: {
            tenantId: state.options.tenantId,
            sku: { family: "A", name: vault.sku },
            vaultUri: `https://${vault.name}.${CLOUDS[state.options.cloud].keyVault}/`,
            enableSoftDelete: true,
            softDeleteRetentionInDays: vault.softDeleteRetentionInDays ?? 90,
            enablePurgeProtection: vault.enablePurgeProtection,
            enableRbacAuthorization: vault.enableRbacAuthorization,
            ...(vault.networkAcls === undefined ? {} : { networkAcls: vault.networkAcls }),
            ...(vault.publicNetworkAccess === undefined ? {} : { publicNetworkAccess: vault.publicNetworkAccess }),
            provisioningState: "Succeeded",
        },
    };
}

/** `managedidentity.getUserAssignedIdentity`: the identity as ARM's GET returns it, or ARM's 404. */
export function getIdentity(inputs: Record<string, unknown>, state: AzureState): Record<string, unknown> {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const id = providerResourceId(state.subscriptionId, rg.name, "Microsoft.ManagedIdentity", "userAssignedIdentities", String(inputs.resourceName));
    const identity = state.identities.get(id.toLowerCase());
    if (!identity) {
        throw notFound("Microsoft.ManagedIdentity/userAssignedIdentities", String(inputs.resourceName), rg.name);
    }
    return {
        id: identity.id,
        name: String(inputs.resourceName),
        location: rg.location,
        type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        azureApiVersion: "2023-01-31",
        clientId: identity.clientId,
        principalId: identity.principalId,
        tenantId: state.options.tenantId,
        tags: {},
    };
}

/** `keyvault.getKey`: the key as ARM's GET returns it, or ARM's 404. */
export function getKey(inputs: Record<string, unknown>, state: AzureState): Record<string, unknown> {
    const vault = getVault(inputs, state);
    const key = state.keys.get(`${String(vault.name)}/${String(inputs.keyName)}`.toLowerCase());
    if (!key) {
        throw notFound("Microsoft.KeyVault/vaults", `${String(vault.name)}/keys/${String(inputs.keyName)}`, String(inputs.resourceGroupName));
    }
    const keyUri = `https://${key.vaultName}.${CLOUDS[state.options.cloud].keyVault}/keys/${key.keyName}`;
    return {
        id: key.id,
        name: key.keyName,
        location: vault.location,
        type: "Microsoft.KeyVault/vaults/keys",
        azureApiVersion: "2024-11-01",
        kty: key.kty,
        ...(key.keySize === undefined ? {} : { keySize: key.keySize }),
        ...(key.curveName === undefined ? {} : { curveName: key.curveName }),
        keyOps: key.keyOps,
        attributes: { enabled: key.enabled ?? true, exportable: false, ...(key.expires === undefined ? {} : { expires: key.expires }) },
        keyUri,
        keyUriWithVersion: `${keyUri}/${key.versions[key.versions.length - 1]}`,
        tags: {},
    };
}

/** With the API's defaults: public access enabled, defaultAction Allow, bypass AzureServices. */
function firewallBlocksTrustedServices(p: Record<string, unknown>): boolean {
    const acls = record(p.networkAcls);
    const open = String(p.publicNetworkAccess ?? "Enabled").toLowerCase() === "enabled" && (acls.defaultAction ?? "Allow") === "Allow";
    return (acls.bypass ?? "AzureServices") === "None" && !open;
}

function validateNetworkAcls(acls: Record<string, unknown>, present: boolean): void {
    if (!present) {
        return;
    }
    if (acls.defaultAction !== undefined && acls.defaultAction !== "Allow" && acls.defaultAction !== "Deny") {
        throw badRequest("BadRequest", `networkAcls.defaultAction '${String(acls.defaultAction)}' is invalid; it must be 'Allow' or 'Deny'.`);
    }
    if (acls.bypass !== undefined && acls.bypass !== "AzureServices" && acls.bypass !== "None") {
        throw badRequest("BadRequest", `networkAcls.bypass '${String(acls.bypass)}' is invalid; it must be 'AzureServices' or 'None'.`);
    }
    list(acls.ipRules).forEach((rule, i) => {
        const value = record(rule).value;
        if (!isIpv4OrCidr(value)) {
            throw badRequest("BadRequest", `networkAcls.ipRules[${i}].value '${String(value)}' is not a valid IPv4 address or CIDR range.`);
        }
        // Key Vault's firewall takes public addresses only (Azure/azure-powershell#11471).
        const octets = String(value).split("/")[0].split(".").map(Number);
        const forbidden = PRIVATE_RANGES.find((r) => r.test(octets));
        if (forbidden !== undefined) {
            throw badRequest("BadRequest", `Invalid value found at properties.networkAcls.ipRules[${i}].value: ${String(value)} belongs to forbidden range ${forbidden.range} (private IP addresses)`);
        }
    });
    list(acls.virtualNetworkRules).forEach((rule, i) => {
        const id = record(rule).id;
        const parsed = parseArmId(id);
        if (!parsed || parsed.resourceType?.toLowerCase() !== "microsoft.network/virtualnetworks/subnets") {
            throw badRequest("BadRequest", `networkAcls.virtualNetworkRules[${i}].id '${String(id)}' is not a subnet id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>).`);
        }
    });
}

function validateAccessPolicyEntry(entry: Record<string, unknown>, field: string, state: AzureState): void {
    if (!isGuid(entry.objectId)) {
        throw badRequest("BadRequest", `${field}.objectId '${String(entry.objectId)}' is not a valid GUID.`);
    }
    if (!isGuid(entry.tenantId) || entry.tenantId.toLowerCase() !== state.options.tenantId.toLowerCase()) {
        throw badRequest("BadRequest", `${field}.tenantId '${String(entry.tenantId)}' must be the vault's tenant ${state.options.tenantId}.`);
    }
    const permissions = record(entry.permissions);
    list(permissions.keys).forEach((perm) => {
        if (typeof perm !== "string" || !KEY_PERMISSIONS.some((k) => k.toLowerCase() === perm.toLowerCase())) {
            throw badRequest("BadRequest", `${field}.permissions.keys contains '${String(perm)}', which is not a key permission (${KEY_PERMISSIONS.join(", ")}).`);
        }
    });
}

/** The vault a key, secret or access policy names (vaultName in resourceGroupName), or ARM's 404. */
function vaultOf(inputs: Record<string, unknown>, state: AzureState): VaultRecord {
    const rg = resourceGroup(inputs, state);
    const vault = state.vaults.get(String(inputs.vaultName).toLowerCase());
    // Vault names are global, but ARM finds a vault only in its own subscription and group.
    if (!vault || !vault.id.toLowerCase().startsWith(`${resourceGroupId(state.subscriptionId, rg.name)}/`.toLowerCase())) {
        throw notFound("Microsoft.KeyVault/vaults", String(inputs.vaultName), rg.name);
    }
    return vault;
}

/** A key's or secret's name as Key Vault takes it: 1-127 letters, digits and '-'. */
function objectName(value: unknown, kind: "Key" | "Secret"): string {
    if (typeof value !== "string" || !OBJECT_NAME.test(value)) {
        throw badRequest("BadRequest", `${kind} name '${String(value)}' is invalid: 1-127 letters, digits and '-'.`);
    }
    return value;
}

/** A Key Vault secret written through ARM: its value goes in and never comes back out. */
const secretHandler: ResourceHandler = (inputs, _name, state) => {
    const vault = vaultOf(inputs, state);
    const secretName = objectName(inputs.secretName, "Secret");
    const p = record(inputs.properties);
    if (typeof p.value !== "string") {
        throw badRequest("BadRequest", "properties.value is required: the secret's value.");
    }
    const attributes = record(p.attributes);
    if (attributes.expires !== undefined && attributes.notBefore !== undefined && Number(attributes.expires) <= Number(attributes.notBefore)) {
        throw badRequest("BadParameter", "properties.attributes.expires must be later than properties.attributes.notBefore.");
    }
    const id = state.claim(`${vault.id}/secrets/${secretName}`, "Secret");
    const secretUri = `https://${vault.name}.${CLOUDS[state.options.cloud].keyVault}/secrets/${secretName}`;
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "vaultName", "secretName", "properties"),
            name: secretName,
            location: vault.location,
            type: "Microsoft.KeyVault/vaults/secrets",
            azureApiVersion: "2024-11-01",
            properties: {
                contentType: p.contentType,
                attributes: { enabled: attributes.enabled ?? true, expires: attributes.expires, notBefore: attributes.notBefore, created: state.startedAt, updated: state.startedAt },
                secretUri,
                secretUriWithVersion: `${secretUri}/${stableVersion(vault.name, secretName, "1")}`,
            },
            tags: inputs.tags ?? {},
        },
    };
};

const keyHandler: ResourceHandler = (inputs, _name, state) => {
    const vault = vaultOf(inputs, state);
    const keyName = objectName(inputs.keyName, "Key");
    const p = record(inputs.properties);
    const kty = p.kty;
    if (typeof kty !== "string" || !KEY_TYPES.includes(kty)) {
        throw badRequest("BadParameter", `properties.kty '${String(kty)}' is invalid; it must be one of ${KEY_TYPES.join(", ")}.`);
    }
    if (kty.endsWith("-HSM") && vault.sku !== "premium") {
        throw badRequest("BadParameter", `Key type ${kty} needs a premium vault; vault '${vault.name}' is ${vault.sku}. HSM-protected keys are not supported in standard vaults.`);
    }
    if (kty.startsWith("RSA")) {
        if (p.keySize !== undefined && !RSA_SIZES.includes(Number(p.keySize))) {
            throw badRequest("BadParameter", `properties.keySize ${String(p.keySize)} is invalid for ${kty}; it must be 2048, 3072 or 4096.`);
        }
        if (p.curveName !== undefined) {
            throw badRequest("BadParameter", `properties.curveName is not valid for key type ${kty}.`);
        }
    } else {
        if (typeof p.curveName !== "string" || !CURVES.includes(p.curveName)) {
            throw badRequest("BadParameter", `properties.curveName '${String(p.curveName)}' is invalid for ${kty}; it must be one of ${CURVES.join(", ")}.`);
        }
        if (p.keySize !== undefined) {
            throw badRequest("BadParameter", `properties.keySize is not valid for key type ${kty}; EC keys take a curveName.`);
        }
    }
    list(p.keyOps).forEach((op) => {
        if (typeof op !== "string" || !KEY_OPS.includes(op)) {
            throw badRequest("BadParameter", `properties.keyOps contains '${String(op)}'; key operations are ${KEY_OPS.join(", ")}.`);
        }
        if (kty.startsWith("EC") && ["encrypt", "decrypt", "wrapKey", "unwrapKey"].includes(op)) {
            throw badRequest("BadParameter", `properties.keyOps '${op}' is not supported by ${kty} keys, which only sign and verify.`);
        }
    });
    // Key Vault: import marks a key exchange key and goes with no other operation.
    if (list(p.keyOps).includes("import") && list(p.keyOps).length > 1) {
        throw badRequest("BadParameter", `properties.keyOps: key operation 'import' cannot be combined with other key operations (got ${list(p.keyOps).join(", ")}); it marks a key exchange key.`);
    }
    const attributes = record(p.attributes);
    if (attributes.expires !== undefined && attributes.notBefore !== undefined && Number(attributes.expires) <= Number(attributes.notBefore)) {
        throw badRequest("BadParameter", "properties.attributes.expires must be later than properties.attributes.notBefore.");
    }
    if (p.rotationPolicy !== undefined) {
        validateRotationPolicy(record(p.rotationPolicy));
    }
    const id = state.claim(`${vault.id}/keys/${keyName}`, "Key");
    const version = stableVersion(vault.name, keyName, "1");
    // A version the stack pins comes from an earlier deploy of the key: older than the one made now.
    const pinned = (state.options.pinnedVersions ?? []).filter((pin) => pin.keyName.toLowerCase() === String(keyName).toLowerCase() && pin.version.toLowerCase() !== version).map((pin) => pin.version);
    state.keys.set(`${vault.name}/${keyName}`.toLowerCase(), {
        id,
        vaultName: vault.name,
        keyName,
        kty,
        keySize: kty.startsWith("RSA") ? Number(p.keySize ?? 2048) : undefined,
        keyOps: list(p.keyOps ?? (kty.startsWith("RSA") ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"])).map(String),
        curveName: typeof p.curveName === "string" ? p.curveName : undefined,
        enabled: record(p.attributes).enabled === false ? false : undefined,
        expires: typeof record(p.attributes).expires === "number" ? Number(record(p.attributes).expires) : undefined,
        versions: [...pinned, version],
    });
    const retention = vault.softDeleteRetentionInDays ?? 90;
    const recoveryLevel = `${retention < 90 ? "CustomizedRecoverable" : "Recoverable"}${vault.enablePurgeProtection ? "" : "+Purgeable"}`;
    const keyUri = `https://${vault.name}.${CLOUDS[state.options.cloud].keyVault}/keys/${keyName}`;
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "vaultName", "keyName", "properties"),
            name: keyName,
            location: vault.location,
            type: "Microsoft.KeyVault/vaults/keys",
            azureApiVersion: "2024-11-01",
            kty,
            keySize: kty.startsWith("RSA") ? (p.keySize ?? 2048) : undefined,
            curveName: p.curveName,
            keyOps: p.keyOps ?? (kty.startsWith("RSA") ? ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] : ["sign", "verify"]),
            attributes: {
                enabled: attributes.enabled ?? true,
                exportable: attributes.exportable ?? false,
                expires: attributes.expires,
                notBefore: attributes.notBefore,
                created: state.startedAt,
                updated: state.startedAt,
                recoveryLevel,
            },
            rotationPolicy: p.rotationPolicy,
            keyUri,
            keyUriWithVersion: `${keyUri}/${version}`,
            tags: inputs.tags ?? {},
        },
    };
};

/** Key Vault's rotation-policy rules: expiry at least 28 days, rotation at least 7 days after creation and 7 before expiry. */
function validateRotationPolicy(policy: Record<string, unknown>): void {
    const attrs = record(policy.attributes);
    let expiryDays: number | undefined;
    if (attrs.expiryTime !== undefined) {
        expiryDays = isoDurationToDays(String(attrs.expiryTime));
        if (expiryDays === undefined) {
            throw badRequest("BadParameter", `rotationPolicy.attributes.expiryTime '${String(attrs.expiryTime)}' is not an ISO-8601 duration.`);
        }
        if (expiryDays < 28) {
            throw badRequest("BadParameter", `rotationPolicy.attributes.expiryTime '${String(attrs.expiryTime)}' is shorter than the minimum of 28 days (P28D).`);
        }
    }
    const seen = new Set<string>();
    list(policy.lifetimeActions).forEach((raw, i) => {
        const action = record(record(raw).action).type;
        const trigger = record(record(raw).trigger);
        const field = `rotationPolicy.lifetimeActions[${i}]`;
        if (action !== "rotate" && action !== "notify") {
            throw badRequest("BadParameter", `${field}.action.type '${String(action)}' is invalid; it must be 'rotate' or 'notify'.`);
        }
        if (seen.has(action)) {
            throw badRequest("BadParameter", `${field}: a policy holds at most one '${action}' action.`);
        }
        seen.add(action);
        const after = trigger.timeAfterCreate;
        const before = trigger.timeBeforeExpiry;
        if ((after === undefined) === (before === undefined)) {
            throw badRequest("BadParameter", `${field}.trigger must set exactly one of timeAfterCreate and timeBeforeExpiry.`);
        }
        if (action === "notify" && after !== undefined) {
            throw badRequest("BadParameter", `${field}: a notify action is triggered by timeBeforeExpiry only.`);
        }
        const text = String(after ?? before);
        const days = isoDurationToDays(text);
        if (days === undefined) {
            throw badRequest("BadParameter", `${field}.trigger '${text}' is not an ISO-8601 duration.`);
        }
        if (days < 7) {
            throw badRequest("BadParameter", `${field}.trigger '${text}' is shorter than the minimum of 7 days (P7D).`);
        }
        if (before !== undefined && expiryDays === undefined) {
            throw badRequest("BadParameter", `${field}.trigger.timeBeforeExpiry needs rotationPolicy.attributes.expiryTime.`);
        }
        if (expiryDays !== undefined && after !== undefined && days > expiryDays - 7) {
            throw badRequest("BadParameter", `${field}.trigger.timeAfterCreate '${text}' must be at least 7 days before expiryTime '${String(attrs.expiryTime)}'.`);
        }
        if (expiryDays !== undefined && before !== undefined && days > expiryDays - 7) {
            throw badRequest("BadParameter", `${field}.trigger.timeBeforeExpiry '${text}' must leave at least 7 days after creation within expiryTime '${String(attrs.expiryTime)}'.`);
        }
    });
}

const accessPolicyHandler: ResourceHandler = (inputs, _name, state) => {
    const vault = vaultOf(inputs, state);
    const policy = record(inputs.policy);
    validateAccessPolicyEntry(policy, "policy", state);
    const id = state.claim(`${vault.id}/accessPolicies/${String(policy.objectId)}`, "Access policy");
    vault.accessPolicies = vault.accessPolicies ?? new Map();
    vault.accessPolicies.set(String(policy.objectId).toLowerCase(), list(record(policy.permissions).keys).map(String));
    return { id, state: { ...inputs } };
};

const identityHandler: ResourceHandler = (inputs, name, state) => {
    const rg = resourceGroup(inputs, state);
    const identityName = typeof inputs.resourceName === "string" ? inputs.resourceName : autoname(name, "identity");
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/.test(identityName)) {
        throw badRequest("InvalidResourceName", `Identity name '${identityName}' is invalid: 3-128 letters, digits, '-' or '_', starting with a letter or digit.`);
    }
    const id = state.claim(
        providerResourceId(state.subscriptionId, rg.name, "Microsoft.ManagedIdentity", "userAssignedIdentities", identityName),
        "User-assigned identity",
    );
    const clientId = stableGuid(id, "clientId");
    const principalId = stableGuid(id, "principalId");
    state.identities.set(id.toLowerCase(), { id, clientId, principalId });
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "resourceName"),
            name: identityName,
            location: typeof inputs.location === "string" ? inputs.location : rg.location,
            type: "Microsoft.ManagedIdentity/userAssignedIdentities",
            azureApiVersion: "2023-01-31",
            clientId,
            principalId,
            tenantId: state.options.tenantId,
            isolationScope: "None",
        },
    };
};

const roleAssignmentHandler: ResourceHandler = (inputs, name, state) => {
    const scope = state.requireScope(inputs.scope, "scope");
    const roleDefinitionId = String(inputs.roleDefinitionId);
    const m = /^(?:\/subscriptions\/([^/]+))?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionId);
    if (!m || !isGuid(m[2])) {
        throw badRequest("InvalidRoleDefinitionId", `The role definition ID '${roleDefinitionId}' is not valid; expected /subscriptions/<guid>/providers/Microsoft.Authorization/roleDefinitions/<guid>.`);
    }
    if (!builtInRoles[m[2].toLowerCase()]) {
        throw badRequest("RoleDefinitionDoesNotExist", `The specified role definition with ID '${m[2]}' does not exist.`);
    }
    if (!isGuid(inputs.principalId)) {
        throw badRequest("InvalidPrincipalId", `A valid principal ID must be provided for role assignment; '${String(inputs.principalId)}' is not a GUID.`);
    }
    if (inputs.principalType !== undefined && !PRINCIPAL_TYPES.includes(String(inputs.principalType))) {
        throw badRequest("InvalidPrincipalType", `principalType '${String(inputs.principalType)}' is invalid; it must be one of ${PRINCIPAL_TYPES.join(", ")}.`);
    }
    const assignmentName = inputs.roleAssignmentName ?? stableGuid(name, scope);
    if (!isGuid(assignmentName)) {
        throw badRequest("InvalidRoleAssignmentId", `The role assignment ID '${String(assignmentName)}' is not valid. The role assignment ID must be a GUID.`);
    }
    for (const existing of state.assignmentsOf(String(inputs.principalId))) {
        if (
            existing.scope.toLowerCase() === scope.toLowerCase() &&
            existing.roleDefinitionId.toLowerCase().endsWith(m[2].toLowerCase())
        ) {
            throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
        }
    }
    const id = state.claim(`${scope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`, "Role assignment");
    state.addRoleAssignment({ scope, principalId: String(inputs.principalId), roleDefinitionId });
    return {
        id,
        state: {
            ...echo(inputs, "roleAssignmentName"),
            name: assignmentName,
            type: "Microsoft.Authorization/roleAssignments",
            azureApiVersion: "2022-04-01",
            createdBy: state.options.objectId,
            createdOn: new Date(state.startedAt * 1000).toISOString(),
        },
    };
};

const lockHandler: ResourceHandler = (inputs, name, state) => {
    const scope = state.requireScope(inputs.scope, "scope");
    if (inputs.level !== "CanNotDelete" && inputs.level !== "ReadOnly") {
        throw badRequest("LockLevelInvalid", `The lock level '${String(inputs.level)}' is invalid; it must be CanNotDelete or ReadOnly.`);
    }
    const lockName = typeof inputs.lockName === "string" ? inputs.lockName : autoname(name, "lock");
    // The Management Locks REST reference: at most 260 characters, none of < > % & : \ ? / or a control character.
    if (!/^[^<>%&:\\?/\x00-\x1f]{1,260}$/.test(lockName)) {
        throw badRequest("LockNameInvalid", `The lock name '${lockName}' is invalid: at most 260 characters, none of < > % & : \\ ? / or a control character.`);
    }
    if (typeof inputs.notes === "string" && inputs.notes.length > 512) {
        throw badRequest("LockNotesTooLong", "Lock notes are limited to 512 characters.");
    }
    const id = state.claim(`${scope}/providers/Microsoft.Authorization/locks/${lockName}`, "Lock");
    return { id, state: { ...echo(inputs, "scope", "lockName"), name: lockName, type: "Microsoft.Authorization/locks", azureApiVersion: "2020-05-01" } };
};

const diagnosticSettingHandler: ResourceHandler = (inputs, name, state) => {
    const resourceUri = state.requireScope(inputs.resourceUri, "resourceUri");
    const destinations = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].filter((k) => inputs[k] !== undefined);
    if (destinations.length === 0) {
        throw badRequest("BadRequest", "A diagnostic setting needs at least one destination: workspaceId, storageAccountId, eventHubAuthorizationRuleId or marketplacePartnerId.");
    }
    for (const k of ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"]) {
        if (inputs[k] !== undefined && !parseArmId(inputs[k])?.resourceType) {
            throw badRequest("BadRequest", `${k} '${String(inputs[k])}' is not a resource id.`);
        }
    }
    const isVault = parseArmId(resourceUri)?.resourceType?.toLowerCase() === "microsoft.keyvault/vaults";
    list(inputs.logs).forEach((raw, i) => {
        const log = record(raw);
        if ((log.category === undefined) === (log.categoryGroup === undefined)) {
            throw badRequest("BadRequest", `logs[${i}] must set exactly one of category and categoryGroup.`);
        }
        if (log.category !== undefined && isVault && !KEY_VAULT_LOG_CATEGORIES.includes(String(log.category))) {
            throw badRequest("BadRequest", `Category '${String(log.category)}' is not supported for Microsoft.KeyVault/vaults; supported: ${KEY_VAULT_LOG_CATEGORIES.join(", ")}.`);
        }
        if (log.categoryGroup !== undefined && !LOG_CATEGORY_GROUPS.includes(String(log.categoryGroup))) {
            throw badRequest("BadRequest", `Category group '${String(log.categoryGroup)}' is not supported; supported: ${LOG_CATEGORY_GROUPS.join(", ")}.`);
        }
    });
    const existing = [...state.ids].filter((id) => id.startsWith(`${resourceUri.toLowerCase()}/providers/microsoft.insights/diagnosticsettings/`)).length;
    if (existing >= 5) {
        throw badRequest("BadRequest", `Resource '${resourceUri}' already has 5 diagnostic settings, the most Azure allows per resource.`);
    }
    const settingName = typeof inputs.name === "string" ? inputs.name : autoname(name, "diagnostics");
    // The portal's rule, which azurerm mirrors (hashicorp/terraform-provider-azurerm#10014).
    if (!/^[^<>*%&:\\?+/]{1,260}$/.test(settingName)) {
        throw badRequest("BadRequest", `The diagnostic setting name '${settingName}' is invalid: 1-260 characters, none of < > * % & : \\ ? + /.`);
    }
    // A sink takes a category once per resource (Azure/bicep-registry-modules#3407); a group stands for its categories.
    const sinks = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"].filter((k) => inputs[k] !== undefined).map((k) => (k === "eventHubAuthorizationRuleId" ? `${String(inputs[k])}|${String(inputs.eventHubName ?? "")}` : String(inputs[k])));
    const categories = list(inputs.logs).flatMap((raw) => {
        const log = record(raw);
        if (log.enabled === false) return [];
        if (log.category !== undefined) return [String(log.category)];
        return !isVault ? [String(log.categoryGroup)] : log.categoryGroup === "audit" ? ["AuditEvent"] : KEY_VAULT_LOG_CATEGORIES;
    });
    const taken: string[] = [];
    for (const sink of sinks) {
        for (const category of categories) {
            const at = `${resourceUri}|${sink}|${category}`.toLowerCase();
            const holder = state.diagnosticSinks.get(at);
            if (holder !== undefined) {
                throw new ArmError(409, "Conflict", `Data sink '${sink.replace(/\|$/, "")}' is already used in diagnostic setting '${holder}' for category '${category}'. Data sinks can't be reused in different settings on the same category for the same resource.`);
            }
            taken.push(at);
        }
    }
    const id = state.claim(`${resourceUri}/providers/Microsoft.Insights/diagnosticSettings/${settingName}`, "Diagnostic setting");
    for (const at of taken) state.diagnosticSinks.set(at, settingName);
    return { id, state: { ...echo(inputs, "resourceUri"), name: settingName, type: "Microsoft.Insights/diagnosticSettings", azureApiVersion: "2021-05-01-preview" } };
};

const randomStringHandler: ResourceHandler = (inputs, name) => {
    const length = Number(inputs.length);
    if (!Number.isInteger(length) || length < 1) {
        throw new Error(`random.RandomString ${name}: length must be a positive integer, got ${String(inputs.length)}.`);
    }
    let alphabet = "";
    if (inputs.lower !== false) alphabet += "abcdefghijklmnopqrstuvwxyz";
    if (inputs.upper !== false) alphabet += "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (inputs.numeric !== false) alphabet += "0123456789";
    if (inputs.special !== false) alphabet += typeof inputs.overrideSpecial === "string" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?";
    if (alphabet.length === 0) {
        throw new Error(`random.RandomString ${name}: every character class is turned off.`);
    }
    const seed = stableSuffix(length * 2, "random", name, JSON.stringify(inputs.keepers ?? {}));
    let result = "";
    for (let i = 0; i < length; i++) {
        result += alphabet[(seed.charCodeAt(i) * 31 + seed.charCodeAt(length + i)) % alphabet.length];
    }
    return { id: stableGuid("random", name), state: { ...inputs, result } };
};

/** What random's provider checks of a password before it makes one: the minimums must fit the length and each class they ask for be on. */
const randomPasswordHandler: ResourceHandler = (inputs, name) => {
    const length = Number(inputs.length);
    const minimums = { lower: Number(inputs.minLower ?? 0), upper: Number(inputs.minUpper ?? 0), numeric: Number(inputs.minNumeric ?? 0), special: Number(inputs.minSpecial ?? 0) };
    if (!Number.isInteger(length) || length < 1 || Object.values(minimums).reduce((a, b) => a + b, 0) > length) {
        throw new Error(`random.RandomPassword ${name}: length ${String(inputs.length)} does not hold the minimum counts of each class.`);
    }
    const classes = {
        lower: "abcdefghijklmnopqrstuvwxyz",
        upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        numeric: "0123456789",
        special: typeof inputs.overrideSpecial === "string" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?",
    };
    const on = (Object.keys(classes) as (keyof typeof classes)[]).filter((c) => inputs[c] !== false && classes[c].length > 0);
    if (on.length === 0) {
        throw new Error(`random.RandomPassword ${name}: every character class is turned off.`);
    }
    const seed = stableSuffix(length * 2, "random-password", name, JSON.stringify(inputs.keepers ?? {}));
    const pick = (alphabet: string, i: number) => alphabet[(seed.charCodeAt(i) * 31 + seed.charCodeAt(length + i)) % alphabet.length];
    // Each class's minimum first, then any class that is on.
    const required = on.flatMap((c) => Array.from({ length: minimums[c] }, () => classes[c]));
    const all = on.map((c) => classes[c]).join("");
    let result = "";
    for (let i = 0; i < length; i++) result += pick(required[i] ?? all, i);
    return { id: stableGuid("random-password", name), state: { ...inputs, result } };
};

export const azureHandlers: Record<string, ResourceHandler> = {
    "azure-native:resources:ResourceGroup": resourceGroupHandler,
    "azure-native:keyvault:Vault": vaultHandler,
    "azure-native:keyvault:Key": keyHandler,
    "azure-native:keyvault:Secret": secretHandler,
    "azure-native:keyvault:AccessPolicy": accessPolicyHandler,
    "azure-native:managedidentity:UserAssignedIdentity": identityHandler,
    "azure-native:authorization:RoleAssignment": roleAssignmentHandler,
    "azure-native:authorization:ManagementLockByScope": lockHandler,
    "azure-native:monitor:DiagnosticSetting": diagnosticSettingHandler,
    "random:index/randomString:RandomString": randomStringHandler,
    "random:index/randomPassword:RandomPassword": randomPasswordHandler,
    ...serviceHandlers,
    ...networkHandlers,
    ...kubernetesHandlers,
    ...eventGridHandlers,
};
