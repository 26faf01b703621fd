import { ArmError, autoname, badRequest, CLOUDS, echo, isGuid, list, notFound, parseArmId, record, resourceGroupId, stableVersion } from "./arm";
import type { AzureState, ResourceHandler, VaultRecord } from "./azure-state";

// Key Vault's vaults, their firewall and access policies, and secrets, judged as ARM and Key Vault judge them (keys: azure-keys.ts).

const KEY_PERMISSIONS = [
    "all", "encrypt", "decrypt", "wrapKey", "unwrapKey", "sign", "verify", "get", "list", "create", "update", "import",
    "delete", "backup", "restore", "recover", "purge", "release", "rotate", "getrotationpolicy", "setrotationpolicy",
];
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const OBJECT_NAME = /^[a-zA-Z0-9-]{1,127}$/;

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

const vaultHandler: ResourceHandler = (inputs, name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
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
    // ARM takes the name in any case and keeps it as sent (Azure/azure-rest-api-specs#10082).
    if (sku.family !== "A" || typeof sku.name !== "string" || !["standard", "premium"].includes(sku.name.toLowerCase())) {
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
    list(p.accessPolicies).forEach((entry, i) => validateAccessPolicyEntry(record(entry), `properties.accessPolicies[${i}]`, state.options.tenantId));
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
            properties: {
                ...p,
                ...(p.networkAcls === undefined ? {} : { networkAcls: answeredNetworkAcls(record(p.networkAcls)) }),
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
        properties: {
            tenantId: vault.tenantId ?? state.options.tenantId,
            sku: { family: "A", name: vault.sku },
            vaultUri: `https://${vault.name}.${CLOUDS[state.options.cloud].keyVault}/`,
            enableSoftDelete: true,
            softDeleteRetentionInDays: vault.softDeleteRetentionInDays ?? 90,
            enablePurgeProtection: vault.enablePurgeProtection,
            enableRbacAuthorization: vault.enableRbacAuthorization,
            accessPolicies: [...(vault.accessPolicies ?? new Map<string, string[]>())].map(([objectId, keys]) => ({ tenantId: vault.tenantId ?? state.options.tenantId, objectId, permissions: { keys } })),
            ...(vault.networkAcls === undefined ? {} : { networkAcls: answeredNetworkAcls(vault.networkAcls) }),
            ...(vault.publicNetworkAccess === undefined ? {} : { publicNetworkAccess: vault.publicNetworkAccess }),
            provisioningState: "Succeeded",
        },
    };
}

/**
 * A vault's network rules as Key Vault answers them, not as they were sent: a single IPv4 address gets
 * its `/32` (Azure/azure-cli#18479, #21330) and subnet ids come back in lower case (Azure/azure-cli#10286),
 * so readers comparing them with what was asked for must allow for both.
 */
export function answeredNetworkAcls(acls: Record<string, unknown>): Record<string, unknown> {
    return {
        ...acls,
        ...(acls.ipRules === undefined ? {} : {
            ipRules: list(acls.ipRules).map((rule) => {
                const value = String(record(rule).value);
                return { ...record(rule), value: /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ? `${value}/32` : value };
            }),
        }),
        ...(acls.virtualNetworkRules === undefined ? {} : {
            virtualNetworkRules: list(acls.virtualNetworkRules).map((rule) => ({ ...record(rule), id: String(record(rule).id).toLowerCase() })),
        }),
    };
}

/** With the API's defaults: public access enabled, defaultAction Allow, bypass AzureServices. */
export function firewallBlocksTrustedServices(p: Record<string, unknown>): boolean {
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
    // The documented limits (MicrosoftDocs/azure-docs articles/key-vault/general/network-security.md); the error text is ours, in ARM's shape.
    const ipRules = list(acls.ipRules).length;
    if (ipRules > 1000) {
        throw badRequest("BadRequest", `networkAcls.ipRules has ${ipRules} rules; a vault takes at most 1000 IPv4 rules.`);
    }
    const subnetRules = list(acls.virtualNetworkRules).length;
    if (subnetRules > 200) {
        throw badRequest("BadRequest", `networkAcls.virtualNetworkRules has ${subnetRules} rules; a vault takes at most 200 virtual network rules.`);
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

function validateAccessPolicyEntry(entry: Record<string, unknown>, field: string, vaultTenantId: string): void {
    if (!isGuid(entry.objectId)) {
        throw badRequest("BadRequest", `${field}.objectId '${String(entry.objectId)}' is not a valid GUID.`);
    }
    if (!isGuid(entry.tenantId) || entry.tenantId.toLowerCase() !== vaultTenantId.toLowerCase()) {
        throw badRequest("BadRequest", `${field}.tenantId '${String(entry.tenantId)}' must be the vault's tenant ${vaultTenantId}.`);
    }
    const permissions = record(entry.permissions);
    list(permissions.keys).forEach((perm) => {
        if (typeof perm !== "string" || !KEY_PERMISSIONS.some((k) => k.toLowerCase() === perm.toLowerCase())) {
            throw badRequest("BadRequest", `${field}.permissions.keys contains '${String(perm)}', which is not a key permission (${KEY_PERMISSIONS.join(", ")}).`);
        }
    });
}

/** The vault a key, secret or access policy names (vaultName in resourceGroupName), or ARM's 404. */
export function vaultOf(inputs: Record<string, unknown>, state: AzureState): VaultRecord {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const vault = state.vaults.get(String(inputs.vaultName).toLowerCase());
    // Vault names are global, but ARM finds a vault only in its own subscription and group.
    if (!vault || !vault.id.toLowerCase().startsWith(`${resourceGroupId(state.subscriptionId, rg.name)}/`.toLowerCase())) {
        throw notFound("Microsoft.KeyVault/vaults", String(inputs.vaultName), rg.name);
    }
    return vault;
}

/** A key's or secret's name as Key Vault takes it: 1-127 letters, digits and '-'. */
export function objectName(value: unknown, kind: "Key" | "Secret"): string {
    if (typeof value !== "string" || !OBJECT_NAME.test(value)) {
        throw badRequest("BadRequest", `${kind} name '${String(value)}' is invalid: 1-127 letters, digits and '-'.`);
    }
    return value;
}

/**
 * Key Vault's limits on a key's or secret's tags, narrower than ARM's 50 tags (learn.microsoft.com/azure/key-vault/keys/
 * about-keys-details "Key tags", .../secrets/about-secrets "Secret tags"): 15 tags, a key's names of 256 characters, a
 * secret's of 512; values of 256, as ARM's (checked for every resource). Key Vault answers 400 BadParameter "Property has
 * invalid value", naming nothing (hashicorp/terraform-provider-azurerm#16780, 16 tags on a secret); the mocks add what broke.
 */
const OBJECT_TAGS = { count: 15, nameLength: { Key: 256, Secret: 512 } } as const;

export function requireObjectTags(tags: unknown, kind: "Key" | "Secret"): void {
    const names = Object.keys(record(tags));
    if (names.length > OBJECT_TAGS.count) {
        throw badRequest("BadParameter", `Property has invalid value: tags has ${names.length} entries; a Key Vault ${kind.toLowerCase()} takes at most ${OBJECT_TAGS.count} tags.`);
    }
    const long = names.find((name) => name.length > OBJECT_TAGS.nameLength[kind]);
    if (long !== undefined) {
        throw badRequest("BadParameter", `Property has invalid value: tag name '${long}' is ${long.length} characters; a Key Vault ${kind.toLowerCase()}'s tag names take at most ${OBJECT_TAGS.nameLength[kind]}.`);
    }
}

/** A Key Vault secret written through ARM: its value goes in and never comes back out. */
const secretHandler: ResourceHandler = (inputs, _name, state) => {
    const vault = vaultOf(inputs, state);
    const secretName = objectName(inputs.secretName, "Secret");
    requireObjectTags(inputs.tags, "Secret");
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

const accessPolicyHandler: ResourceHandler = (inputs, _name, state) => {
    const vault = vaultOf(inputs, state);
    const policy = record(inputs.policy);
    validateAccessPolicyEntry(policy, "policy", vault.tenantId ?? state.options.tenantId);
    // The id azure-native v3 gives it: the vault's, then accessPolicy/<objectId> (custom_keyvault_accesspolicy.go `path`).
    const id = state.claim(`${vault.id}/accessPolicy/${String(policy.objectId)}`, "Access policy");
    // azure-native reads the entry before it creates one (provider.go customCreate, with the AccessPolicy's Read, which
    // finds the object id in the vault's list) and refuses one that exists, the vault owner's say, which it would
    // otherwise take over: its delete removes the whole entry (custom_keyvault_accesspolicy.go).
    if (vault.accessPolicies?.has(String(policy.objectId).toLowerCase())) {
        throw new Error(`cannot create already existing resource "${vault.id}/accessPolicy/${String(policy.objectId)}"`);
    }
    vault.accessPolicies = vault.accessPolicies ?? new Map();
    vault.accessPolicies.set(String(policy.objectId).toLowerCase(), list(record(policy.permissions).keys).map(String));
    return { id, state: { ...inputs } };
};

/** Key Vault's vaults, secrets and access policies, judged as ARM and Key Vault judge them (keys: azure-keys.ts). */
export const keyVaultHandlers: Record<string, ResourceHandler> = {
    "azure-native:keyvault:Vault": vaultHandler,
    "azure-native:keyvault:Secret": secretHandler,
    "azure-native:keyvault:AccessPolicy": accessPolicyHandler,
};
