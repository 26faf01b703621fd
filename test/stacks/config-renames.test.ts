import { z } from "zod";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { CONFIG_RENAMES } from "../../stacks/config-renames";
import { stackConfigSchema } from "../../stacks/schema";

const ADMIN = { principalName: "pg-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
const SQL_ADMIN = { login: "sql-admins", objectId: "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90" };
const SUBNETS = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets";

type Raw = Record<string, unknown> & { vaults: Record<string, unknown>[] };

function base(): Raw {
    return { resourceGroupName: "rg-renames", location: "westeurope", vaults: [{ name: "kv", keys: [{ name: "cmk" }] }] };
}

/** A config with one entry of `list` (beside the base vault and key), holding `extra`. */
function withEntry(list: string, extra: Record<string, unknown>): Raw {
    const entries: Record<string, Record<string, unknown>> = {
        registries: { name: "acr", key: "cmk" },
        storageAccounts: { name: "st", key: "cmk" },
        diskEncryptionSets: { name: "des", key: "cmk" },
        cosmosDbAccounts: { name: "cosmos", key: "cmk" },
        eventHubNamespaces: { name: "evh", key: "cmk" },
        sqlServers: { name: "sql", key: "cmk", administrator: SQL_ADMIN },
        postgresqlServers: { name: "pg", key: "cmk", administrator: ADMIN },
        mysqlServers: { name: "mysql", key: "cmk" },
        kubernetesClusters: { name: "aks", key: "cmk", diskEncryptionSet: "des", nodeSubnetId: `${SUBNETS}/nodes`, administratorGroupObjectIds: [ADMIN.objectId] },
    };
    return { ...base(), [list]: [{ ...entries[list], ...extra }] };
}

/** The message the stack config parser gives at `path` (after `azure-byok:`). */
function messageAt(raw: Raw, path: string): string {
    try {
        parseStackConfig(raw);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        const issue = e.issues.find((i) => i.path === `azure-byok:${path}`);
        if (issue === undefined) throw new Error(`no issue at ${path}: ${JSON.stringify(e.issues)}`);
        return issue.message;
    }
    throw new Error("the config was accepted");
}

const vaultWith = (extra: Record<string, unknown>): Raw => ({ ...base(), vaults: [{ name: "kv", keys: [{ name: "cmk" }], ...extra }] });
const keyWith = (extra: Record<string, unknown>): Raw => ({ ...base(), vaults: [{ name: "kv", keys: [{ name: "cmk", ...extra }] }] });

describe("a setting written as Terraform, Pulumi's Azure Classic provider, Azure Verified Modules or ARM name it", () => {
    const cases: [string, Raw, string, RegExp][] = [
        // The spelling guess said "protect", Pulumi's delete protection: following it flips another switch.
        ["Azure Classic's purgeProtectionEnabled", vaultWith({ purgeProtectionEnabled: false }), "vaults[0].purgeProtectionEnabled", /^is not a setting this program reads; did you mean "enablePurgeProtection"\? \(Key Vault's purge protection, on by default; protect is Pulumi's protection from deletion, another switch\)$/],
        ["azurerm's purge_protection_enabled", vaultWith({ purge_protection_enabled: true }), "vaults[0].purge_protection_enabled", /did you mean "enablePurgeProtection"\?/],
        ["azurerm's sku_name on a vault", vaultWith({ sku_name: "premium" }), "vaults[0].sku_name", /^is not a setting this program reads; did you mean "sku"\?$/],
        ["azurerm's soft_delete_retention_days", vaultWith({ soft_delete_retention_days: 90 }), "vaults[0].soft_delete_retention_days", /did you mean "softDeleteRetentionInDays"\?$/],
        ["ARM's enableSoftDelete, which Key Vault no longer lets go", vaultWith({ enableSoftDelete: true }), "vaults[0].enableSoftDelete", /^is not a setting this program reads; soft delete is always on .*softDeleteRetentionInDays/],
        ["AVM's networkAcls", vaultWith({ networkAcls: { defaultAction: "Deny" } }), "vaults[0].networkAcls", /did you mean "networkRules"\?$/],
        ["azurerm's public_network_access_enabled", vaultWith({ public_network_access_enabled: false }), "vaults[0].public_network_access_enabled", /did you mean "publicNetworkAccess"\? which takes "Enabled" or "Disabled"/],
        ["ARM's enabledForDiskEncryption, which the vault keeps off", vaultWith({ enabledForDiskEncryption: true }), "vaults[0].enabledForDiskEncryption", /keeps enabledForDeployment, enabledForDiskEncryption and enabledForTemplateDeployment off/],
        ["azurerm's key_type", keyWith({ key_type: "RSA-HSM" }), "vaults[0].keys[0].key_type", /did you mean "kty"\?$/],
        ["azurerm's key_opts", keyWith({ key_opts: ["wrapKey"] }), "vaults[0].keys[0].key_opts", /did you mean "keyOps"\?$/],
        ["azurerm's key_size, by its camel case", keyWith({ key_size: 3072 }), "vaults[0].keys[0].key_size", /did you mean "keySize"\?$/],
        ["AVM's attributesExp, from the component's own table", keyWith({ attributesExp: 1900000000 }), "vaults[0].keys[0].attributesExp", /did you mean "expires"\?$/],
        ["AVM's keyName on a key, whose config name is its vault name", keyWith({ keyName: "cmk" }), "vaults[0].keys[0].keyName", /did you mean "name"\? a key's config name is also its name in the vault$/],
        ["azurerm's expire_after", keyWith({ rotationPolicy: { expire_after: "P90D" } }), "vaults[0].keys[0].rotationPolicy.expire_after", /did you mean "expiryTime"\?$/],
        ["azurerm's time_before_expiry, now a trigger of its own", keyWith({ rotationPolicy: { time_before_expiry: "P30D" } }), "vaults[0].keys[0].rotationPolicy.time_before_expiry", /^is not a setting this program reads; did you mean "timeBeforeExpiry"\?$/],
        ["azurerm's automatic block", keyWith({ rotationPolicy: { automatic: { time_before_expiry: "P30D" } } }), "vaults[0].keys[0].rotationPolicy.automatic", /written here in rotationPolicy itself: timeAfterCreate or timeBeforeExpiry/],
        ["ARM's lifetimeActions", keyWith({ rotationPolicy: { lifetimeActions: [] } }), "vaults[0].keys[0].rotationPolicy.lifetimeActions", /written here as timeAfterCreate or timeBeforeExpiry \(the Rotate action's one trigger\), notifyBeforeExpiry/],
        ["azurerm's highAvailabilityZone on PostgreSQL, from the component's own table, as the README says", withEntry("postgresqlServers", { highAvailability: "ZoneRedundant", highAvailabilityZone: "2" }), "postgresqlServers[0].highAvailabilityZone", /^is not a setting this program reads; did you mean "standbyAvailabilityZone"\?$/],
        ["AVM's skuName on PostgreSQL", withEntry("postgresqlServers", { skuName: "Standard_D2ds_v5" }), "postgresqlServers[0].skuName", /did you mean "sku"\? which takes \{ name, tier \}: azurerm's sku_name "GP_Standard_D2ds_v5" is name Standard_D2ds_v5 with tier GeneralPurpose/],
        ["azurerm's sku_name on MySQL", withEntry("mysqlServers", { sku_name: "GP_Standard_D2ds_v4" }), "mysqlServers[0].sku_name", /did you mean "sku"\? which takes \{ name, tier \}/],
        ["azurerm's storage_mb", withEntry("postgresqlServers", { storage_mb: 131072 }), "postgresqlServers[0].storage_mb", /did you mean "storageSizeGB"\? in GiB/],
        ["azurerm's delegated_subnet_id, a network mode not offered", withEntry("postgresqlServers", { delegated_subnet_id: `${SUBNETS}/pg` }), "postgresqlServers[0].delegated_subnet_id", /^is not a setting this program reads; VNet integration .* is not offered: .* privateEndpoints$/],
        ["AVM's administrators on PostgreSQL, from the component's own table", withEntry("postgresqlServers", { administrators: [] }), "postgresqlServers[0].administrators", /did you mean "administrator"\?$/],
        ["ARM's Cosmos DB locations, from the component's own table", withEntry("cosmosDbAccounts", { locations: [{ locationName: "northeurope" }] }), "cosmosDbAccounts[0].locations", /did you mean "failoverLocations"\? ARM's locations list every region; here location is the write region/],
        ["AVM's automaticFailover, from the component's own table", withEntry("cosmosDbAccounts", { automaticFailover: true }), "cosmosDbAccounts[0].automaticFailover", /did you mean "enableAutomaticFailover"\?$/],
        ["azurerm's ip_range_filter", withEntry("cosmosDbAccounts", { ip_range_filter: ["203.0.113.0/24"] }), "cosmosDbAccounts[0].ip_range_filter", /did you mean "ipRules"\?$/],
        ["azurerm's auto_key_rotation_enabled, which the set always does unless pinned", withEntry("diskEncryptionSets", { auto_key_rotation_enabled: true }), "diskEncryptionSets[0].auto_key_rotation_enabled", /follows the key's new versions \(rotationToLatestKeyVersionEnabled\) unless keyVersion pins one/],
        ["AVM's autoKeyRotationEnabled", withEntry("diskEncryptionSets", { autoKeyRotationEnabled: true }), "diskEncryptionSets[0].autoKeyRotationEnabled", /^is not a setting this program reads; a disk encryption set here follows .* leave keyVersion out to rotate$/],
        ["azurerm's key_vault_key_id on a disk encryption set", withEntry("diskEncryptionSets", { key_vault_key_id: "https://kv.vault.azure.net/keys/cmk/0123" }), "diskEncryptionSets[0].key_vault_key_id", /did you mean "key"\? names the key by its config name in vaults\[\]\.keys/],
        ["a registry's sku, always Premium here", withEntry("registries", { sku: "Premium" }), "registries[0].sku", /always Premium, the only tier that takes a customer-managed key; leave it out$/],
        ["azurerm's network_rule_set on a registry", withEntry("registries", { network_rule_set: { default_action: "Deny" } }), "registries[0].network_rule_set", /did you mean "ipRules"\? azurerm's network_rule_set .* with publicNetworkAccess: "Enabled"/],
        ["azurerm's admin_enabled", withEntry("registries", { admin_enabled: false }), "registries[0].admin_enabled", /did you mean "adminUserEnabled"\?$/],
        ["azurerm's georeplications", withEntry("registries", { georeplications: [{ location: "northeurope" }] }), "registries[0].georeplications", /did you mean "replications"\? azurerm's georeplications \{ location, zone_redundancy_enabled, regional_endpoint_enabled, tags \} are written here as replications \[\{ location, name, zoneRedundancy, regionEndpointEnabled, tags \}\]/],
        ["azurerm's georeplication_locations", withEntry("registries", { georeplication_locations: ["northeurope"] }), "registries[0].georeplication_locations", /did you mean "replications"\? azurerm's georeplication_locations are written here as replications/],
        ["azurerm's zone_redundancy_enabled on a registry", withEntry("registries", { zone_redundancy_enabled: true }), "registries[0].zone_redundancy_enabled", /did you mean "zoneRedundancy"\? which takes "Enabled" or "Disabled" \(the default\), not true or false/],
        ["Pulumi Classic's zoneRedundancyEnabled on a registry", withEntry("registries", { zoneRedundancyEnabled: true }), "registries[0].zoneRedundancyEnabled", /did you mean "zoneRedundancy"\? which takes "Enabled" or "Disabled"/],
        ["azurerm's zone_redundancy_enabled on a replica", withEntry("registries", { replications: [{ location: "northeurope", zone_redundancy_enabled: true }] }), "registries[0].replications[0].zone_redundancy_enabled", /did you mean "zoneRedundancy"\? which takes "Enabled" or "Disabled"/],
        ["azurerm's regional_endpoint_enabled on a replica", withEntry("registries", { replications: [{ location: "northeurope", regional_endpoint_enabled: false }] }), "registries[0].replications[0].regional_endpoint_enabled", /did you mean "regionEndpointEnabled"\?$/],
        ["azurerm's account_replication_type", withEntry("storageAccounts", { account_replication_type: "GRS" }), "storageAccounts[0].account_replication_type", /did you mean "skuName"\? which joins tier and replication/],
        ["azurerm's shared_access_key_enabled", withEntry("storageAccounts", { shared_access_key_enabled: false }), "storageAccounts[0].shared_access_key_enabled", /did you mean "allowSharedKeyAccess"\?$/],
        ["azurerm's key_vault_key_ids on an Event Hubs namespace, which takes one key here", withEntry("eventHubNamespaces", { key_vault_key_ids: [] }), "eventHubNamespaces[0].key_vault_key_ids", /one key, though Azure takes several/],
        ["azurerm's local_auth_enabled, the opposite of disableLocalAuth", withEntry("eventHubNamespaces", { local_auth_enabled: false }), "eventHubNamespaces[0].local_auth_enabled", /did you mean "disableLocalAuth"\? its opposite/],
        ["azurerm's azuread_administrator", withEntry("sqlServers", { azuread_administrator: {} }), "sqlServers[0].azuread_administrator", /did you mean "administrator"\?/],
        ["azurerm's minimum_tls_version", withEntry("sqlServers", { minimum_tls_version: "1.2" }), "sqlServers[0].minimum_tls_version", /did you mean "minimalTlsVersion"\?$/],
        ["azurerm's key_management_service", withEntry("kubernetesClusters", { key_management_service: {} }), "kubernetesClusters[0].key_management_service", /did you mean "key"\? KMS is on with key/],
        ["azurerm's default_node_pool", withEntry("kubernetesClusters", { default_node_pool: {} }), "kubernetesClusters[0].default_node_pool", /did you mean "systemNodePool"\?$/],
        ["AVM's agentPools, from the component's own table", withEntry("kubernetesClusters", { agentPools: [] }), "kubernetesClusters[0].agentPools", /did you mean "userNodePools"\?$/],
        ["azurerm's disk_encryption_set_id", withEntry("kubernetesClusters", { disk_encryption_set_id: "x" }), "kubernetesClusters[0].disk_encryption_set_id", /did you mean "diskEncryptionSet"\? names a diskEncryptionSets\[\] entry/],
        ["a cluster's identity, which it always makes itself", withEntry("kubernetesClusters", { identity: "id" }), "kubernetesClusters[0].identity", /always runs as a user-assigned identity of its own/],
    ];
    test.each(cases)("%s names the setting that does it, or what to write instead", (_title, raw, path, rule) => {
        expect(messageAt(raw, path)).toMatch(rule);
    });
});

test("no name about purge protection is pointed at protect, Pulumi's delete protection, wherever it is written", () => {
    for (const name of ["purgeProtectionEnabled", "purge_protection_enabled", "purgeProtection", "PurgeProtect", "enablePurgeProtecton", "disablePurge"]) {
        expect({ name, message: messageAt(vaultWith({ [name]: true }), `vaults[0].${name}`) }).toEqual({ name, message: expect.stringMatching(/did you mean "enablePurgeProtection"\?/) });
        expect({ name, message: messageAt(keyWith({ [name]: true }), `vaults[0].keys[0].${name}`) }).toEqual({ name, message: "is not a setting this program reads; purge protection is a vault's setting: vaults[].enablePurgeProtection (on by default)" });
    }
});

test("a misspelling nothing in the table names is still met with the nearest setting, or the list", () => {
    expect(messageAt(vaultWith({ softDeleteRetentionDays: 30 }), "vaults[0].softDeleteRetentionDays")).toBe('is not a setting this program reads; did you mean "softDeleteRetentionInDays"?');
    expect(messageAt(keyWith({ zzz: 1 }), "vaults[0].keys[0].zzz")).toMatch(/^is not a setting this program reads; it reads name, existing, kty, /);
});

/** The object schema below the list path (`vaults.keys`), inside optional and array wrappers. */
function shapeAt(listPath: string): Record<string, z.ZodType> {
    let node: z.ZodType = stackConfigSchema;
    const unwrap = (n: z.ZodType): z.ZodType => (n instanceof z.ZodOptional ? unwrap(n.unwrap() as z.ZodType) : n instanceof z.ZodArray ? unwrap(n.element as z.ZodType) : n);
    for (const part of listPath.split(".")) node = unwrap((unwrap(node) as z.ZodObject).shape[part] as z.ZodType);
    return (unwrap(node) as z.ZodObject).shape as Record<string, z.ZodType>;
}

test("every setting the table points to is a setting of the stack config where the name is written", () => {
    const problems = Object.entries(CONFIG_RENAMES).flatMap(([at, names]) => {
        const shape = shapeAt(at);
        return Object.entries(names).flatMap(([name, hint]) => {
            const target = typeof hint === "string" ? hint : hint.setting;
            // The components' tables name arguments the stack names otherwise (`name` for keyName); never read, since `name` is a setting.
            if (name in shape) return [];
            return target === undefined || target in shape ? [] : [`${at}.${name} points to ${target}`];
        });
    });
    expect(problems).toEqual([]);
});
