import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { CmkContainerRegistry } from "../components/cmk-container-registry";
import { CmkCosmosDbAccount } from "../components/cmk-cosmosdb-account";
import { CmkSqlServer } from "../components/cmk-sql-server";
import { CmkPostgresqlFlexibleServer } from "../components/cmk-postgresql-flexible-server";
import { CmkMysqlFlexibleServer } from "../components/cmk-mysql-flexible-server";
import { CmkKubernetesCluster } from "../components/cmk-kubernetes-cluster";
import { CmkDiskEncryptionSet } from "../components/cmk-disk-encryption-set";
import { CmkEventHubNamespace } from "../components/cmk-eventhub-namespace";
import { CmkServiceBusNamespace } from "../components/cmk-servicebus-namespace";
import { CmkStorageAccount } from "../components/cmk-storage-account";
import { ClientApplication } from "../components/client-application";
import { EncryptionKey } from "../components/encryption-key";
import { existingEncryptionKey } from "../components/existing-encryption-key";
import { existingKeyVault } from "../components/existing-key-vault";
import { existingManagedIdentity } from "../components/existing-managed-identity";
import { permissionSets } from "../components/key-permissions";
import { KeyAccess } from "../components/key-access";
import { KeyVault } from "../components/key-vault";
import { ManagedIdentity } from "../components/managed-identity";
import { CustomerManagedKey, IdentityReference, KeyReference, VaultReference } from "../components/types";
import { GUID_PATTERN, ValidationError } from "../components/validation";
import { applicationGrantName, clientApplicationArgs, cosmosDbAccountArgs, diskEncryptionSetArgs, messagingNamespaceArgs, encryptionKeyArgs, existingEncryptionKeyArgs, existingKeyVaultArgs, keyVaultArgs, kubernetesClusterArgs, managedIdentityArgs, mysqlServerArgs, postgresqlServerArgs, registryArgs, scopeGrantLabel, SharedIdentity, sqlServerAdditionalKeys, sqlServerArgs, storageAccountArgs, tagsFor, keyVaultObjectTags } from "./args";
import { applicationNetworks, cmkServices, CONFIG_NAMESPACE, ConfigError, ConfigIssue, configuredTenantId, publicKmsClusters, regionBoundServices } from "./config";
import { stackProviders, subscriptionProviders } from "./providers";
import { grantedByKeyOwner } from "./owner-grants";
import { sharedGrants } from "./shared-grants";
import type { PrivateEndpoint } from "../components/private-endpoint";
import { StackConfig } from "./schema";

export interface StackOutputs {
    resourceGroupName: pulumi.Output<string>;
    vaults: Record<string, { id: pulumi.Output<string>; vaultName: pulumi.Output<string>; vaultUri: pulumi.Output<string> }>;
    keys: Record<string, { id: pulumi.Output<string>; keyUri: pulumi.Output<string>; keyUriWithVersion: pulumi.Output<string> }>;
    identities: Record<string, { id: pulumi.Output<string>; clientId: pulumi.Output<string>; principalId: pulumi.Output<string> }>;
    registries: Record<string, { id: pulumi.Output<string>; loginServer: pulumi.Output<string>; keyIdentifier: pulumi.Output<string>; identityClientId: pulumi.Output<string> }>;
    storageAccounts: Record<string, { id: pulumi.Output<string>; accountName: pulumi.Output<string>; identityClientId: pulumi.Output<string>; encryptionScopes: Record<string, { id: pulumi.Output<string>; keyUri: pulumi.Output<string | undefined> }>; containers: Record<string, { id: pulumi.Output<string>; encryptionScope: pulumi.Output<string | undefined> }> }>;
    /**
     * `followsKeyRotation`: the set moves to each new key version itself (no `keyVersion` pinned), so `keyUrl` is the version at deploy
     * only; the program still sends the key's version when it runs, so a preview after a rotation shows it (README, "A set or SQL server after a rotation").
     */
    diskEncryptionSets: Record<string, { id: pulumi.Output<string>; keyUrl: pulumi.Output<string>; followsKeyRotation: boolean; identityClientId: pulumi.Output<string> }>;
    cosmosDbAccounts: Record<string, { id: pulumi.Output<string>; accountName: pulumi.Output<string>; documentEndpoint: pulumi.Output<string>; keyVaultKeyUri: pulumi.Output<string>; identityClientId: pulumi.Output<string> }>;
    eventHubNamespaces: Record<string, { id: pulumi.Output<string>; namespaceName: pulumi.Output<string>; serviceBusEndpoint: pulumi.Output<string>; identityClientId: pulumi.Output<string> }>;
    serviceBusNamespaces: Record<string, { id: pulumi.Output<string>; namespaceName: pulumi.Output<string>; serviceBusEndpoint: pulumi.Output<string>; identityClientId: pulumi.Output<string> }>;
    /**
     * `followsKeyRotation`: the TDE protector moves to each new key version itself (no `keyVersion` pinned), so `keyId` is the version at
     * deploy only; the program still sends the key's version when it runs, so a preview after a rotation shows it (README, as for a set).
     */
    sqlServers: Record<string, { id: pulumi.Output<string>; serverName: pulumi.Output<string>; fullyQualifiedDomainName: pulumi.Output<string>; keyId: pulumi.Output<string>; followsKeyRotation: boolean; identityClientId: pulumi.Output<string> }>;
    postgresqlServers: Record<string, { id: pulumi.Output<string>; serverName: pulumi.Output<string>; fullyQualifiedDomainName: pulumi.Output<string>; keyUri: pulumi.Output<string>; identityClientId: pulumi.Output<string> }>;
    /**
     * `keyUri` is the version the server holds (MySQL does not follow rotation; it moves with the next
     * `pulumi up` after a refresh), so `followsKeyRotation` is false. The password is a Pulumi secret.
     */
    mysqlServers: Record<string, { id: pulumi.Output<string>; serverName: pulumi.Output<string>; fullyQualifiedDomainName: pulumi.Output<string>; keyUri: pulumi.Output<string>; followsKeyRotation: false; identityClientId: pulumi.Output<string>; administratorLogin: pulumi.Output<string>; administratorLoginPassword: pulumi.Output<string> }>;
    /**
     * `keyId` is the version KMS holds. `followsKeyRotation`: no `keyVersion` pinned, so the cluster
     * moves to each new version at the next `pulumi up --refresh` (unlike a disk encryption set's,
     * its `keyId` stays the held version); a pinned cluster stays on its version until its config changes.
     */
    kubernetesClusters: Record<string, { id: pulumi.Output<string>; clusterName: pulumi.Output<string>; apiServerFqdn: pulumi.Output<string>; keyId: pulumi.Output<string>; followsKeyRotation: boolean; identityClientId: pulumi.Output<string> }>;
    /** What a vendor or appliance is handed; private keys, PFX bundles and secrets are Pulumi secrets. */
    applications: Record<string, {
        tenantId: pulumi.Output<string>;
        clientId: pulumi.Output<string>;
        servicePrincipalObjectId: pulumi.Output<string>;
        certificates: Record<string, { certificatePem: pulumi.Output<string>; thumbprint: pulumi.Output<string>; thumbprintSha256: pulumi.Output<string>; endDate: pulumi.Output<string>; privateKeyPem?: pulumi.Output<string>; pfxBase64?: pulumi.Output<string> }>;
        clientSecrets: Record<string, { value: pulumi.Output<string>; endDate: pulumi.Output<string> }>;
        /** With secretsExportConfiguration: each Key Vault secret's versionless URI, by secret name. */
        exportedSecrets: Record<string, pulumi.Output<string>>;
    }>;
}

/**
 * Turns a validated stack config into components, and nothing else: every decision about a
 * resource's shape is the components'. Config names are the components' resource names.
 */
export async function program(config: StackConfig): Promise<StackOutputs> {
    // A stack that turns default providers off gets its own, refused before anything is registered when it names no subscription.
    const stack = stackProviders();
    const opts: pulumi.ComponentResourceOptions = { providers: stack.providers };
    const location = config.location;
    // The stack's tags go on every Azure resource it makes that takes tags (role assignments and locks take none); an entry's own tags add to them.
    const tags = config.tags;
    const keyTags = keyVaultObjectTags(config);
    const vaultOfKey = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), v.name] as const)));
    // References match entries in any case; what is named for an entry takes the name it declares.
    const keyNames = new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const)));
    // An application's networks open the firewall of each vault it reaches, and no other
    // (an existing vault's firewall must already admit them).
    const networks = applicationNetworks(config, (k) => vaultOfKey.get(k.toLowerCase()));
    // Existing vaults, keys and identities are read and checked before anything is registered.
    // One provider per other subscription the stack reaches, shared by existing resources and private endpoints.
    const subscriptionProvider = subscriptionProviders();
    const stackSubscription = await stackSubscriptionId(config, stack.azureNative);
    const existing = await existingResources(config, networks, vaultOfKey, stack.azureNative, subscriptionProvider, stackSubscription);
    // A private endpoint goes in its subnet's subscription: through that subscription's provider when it is not the stack's.
    const placed = <A extends { privateEndpoints?: PrivateEndpoint[] }>(args: A): A => ({
        ...args,
        privateEndpoints: args.privateEndpoints?.map((e) => {
            const subnet = typeof e.subnetResourceId === "string" ? /^\/subscriptions\/([^/]+)\//i.exec(e.subnetResourceId)?.[1] : undefined;
            const elsewhere = e.resourceGroupName !== undefined && subnet !== undefined && subnet.toLowerCase() !== stackSubscription?.toLowerCase();
            return elsewhere ? { ...e, provider: subscriptionProvider(subnet) } : e;
        }),
    });
    // Kept in Azure when the stack stops managing it (`createResourceGroup: false`, or a new `resourceGroupName`): ARM
    // deletes a group with everything in it (Microsoft Learn, "Azure Resource Manager resource group and resource deletion"),
    // and the group the stack is told exists is the one it goes on deploying into. Not protected, so that edit goes through.
    const resourceGroupName: pulumi.Output<string> = config.createResourceGroup === false
        ? pulumi.output(config.resourceGroupName)
        : new resources.ResourceGroup("resource-group", { resourceGroupName: config.resourceGroupName, location, tags }, { provider: stack.azureNative, retainOnDelete: true }).name;

    const vaults = new Map<string, VaultReference>();
    const keys = new Map<string, KeyReference>();
    for (const v of config.vaults) {
        const vault = existing.vaults.get(v.name.toLowerCase()) ?? new KeyVault(v.name, { ...placed(keyVaultArgs(v, resourceGroupName, location, networks.get(v.name.toLowerCase()))), tags: tagsFor(tags, v), rbacPropagationWait: config.rbacPropagationWait }, opts);
        vaults.set(v.name.toLowerCase(), vault);
        for (const k of v.keys ?? []) {
            keys.set(k.name.toLowerCase(), existing.keys.get(k.name.toLowerCase()) ?? new EncryptionKey(k.name, { ...encryptionKeyArgs(k, vault), tags: tagsFor(keyTags, k) }, opts));
        }
    }
    const identities = new Map<string, IdentityReference>();
    for (const id of config.identities ?? []) {
        identities.set(id.name.toLowerCase(), existing.identities.get(id.name.toLowerCase()) ?? new ManagedIdentity(id.name, { ...managedIdentityArgs(id.identityName, resourceGroupName, id.location ?? location, id.protect), tags: tagsFor(tags, id) }, opts));
    }

    const keyOf = (name: string) => keys.get(name.toLowerCase()) as KeyReference;
    // Principals the stack does not make, granted one key each (a key entry's access), named for the key and the principal.
    for (const v of config.vaults) {
        for (const k of v.keys ?? []) {
            for (const g of k.access ?? []) {
                new KeyAccess(`${k.name}-for-${g.principalId.toLowerCase()}`, { key: keyOf(k.name), principalId: g.principalId, principalType: g.principalType, permissions: g.permissions, description: g.description, rbacPropagationWait: config.rbacPropagationWait }, opts);
            }
        }
    }
    const grantsFor = sharedGrants(config, (k) => keyOf(k).keyVault);
    const grants = new Map<string, pulumi.Resource>();
    const ownerGrants = grantedByKeyOwner(config);
    // A SQL server's grant stays in Azure when it moves to another key, as CmkSqlServer keeps its own: restores and the
    // log written before the move still need the old protector. Stated ahead, as any service may make the shared grant first.
    const sqlGrants = new Set((config.sqlServers ?? []).flatMap((q) => (q.identity === undefined ? [] : grantsFor({ identity: q.identity, key: q.key }).map((g) => g.id))));
    const shared = (s: { identity?: string; key: string }): SharedIdentity | undefined => {
        if (s.identity === undefined) return undefined;
        const identity = identities.get(s.identity.toLowerCase()) as IdentityReference;
        const key = keyOf(s.key);
        const needed = grantsFor({ identity: s.identity, key: s.key });
        // The key's owner grants the pair (grantedIdentities): the stack makes, and so owns and deletes, no grant. Its services
        // depend on an empty component in its place, named as the grant would be (another type: a stack that made the grant deletes it).
        if (ownerGrants({ identity: s.identity, key: s.key })) {
            if (!grants.has(needed[0].id)) grants.set(needed[0].id, new pulumi.ComponentResource("azure-byok:keyvault:OwnerKeyAccess", needed[0].name, {}, opts));
            return { identity, keyAccess: grants.get(needed[0].id) };
        }
        for (const g of needed) {
            // Made once for every service that shares it.
            if (!grants.has(g.id)) grants.set(g.id, new KeyAccess(g.name, { key, principalId: identity.principalId, permissions: "cmkService", rbacPropagationWait: config.rbacPropagationWait, ...g.part }, { ...opts, aliases: g.earlierNames.map((name) => ({ name })), ...(sqlGrants.has(g.id) ? { retainOnDelete: true } : {}) }));
        }
        return { identity, keyAccess: grants.get(needed[0].id) };
    };
    // The stack's wait after role assignments, for each service's own grant (a shared grant has it already).
    const waiting = <A extends { customerManagedKey: CustomerManagedKey }>(args: A): A => ({ ...args, customerManagedKey: { ...args.customerManagedKey, rbacPropagationWait: config.rbacPropagationWait } });

    const outputs: StackOutputs = {
        resourceGroupName,
        vaults: {},
        keys: {},
        identities: {},
        registries: {},
        storageAccounts: {},
        diskEncryptionSets: {},
        cosmosDbAccounts: {},
        eventHubNamespaces: {},
        serviceBusNamespaces: {},
        sqlServers: {},
        postgresqlServers: {},
        mysqlServers: {},
        kubernetesClusters: {},
        applications: {},
    };
    const vaultNames = new Map(config.vaults.map((v) => [v.name.toLowerCase(), v.name] as const));
    const declared = (list: "keys" | "vaults", n: string) => (list === "keys" ? keyNames : vaultNames).get(n.toLowerCase());
    for (const a of config.applications ?? []) {
        await nextTurn();
        // A grant was named for its key or vault as the access entry wrote it: a stack deployed so keeps it
        // by alias, given by a transformation since ClientApplication takes none per grant.
        const written = new Map<string, string>((a.access ?? []).flatMap((g) => {
            const [name, as] = [applicationGrantName(g, declared), applicationGrantName(g)];
            return name !== undefined && as !== undefined && name !== as ? [[`${a.name}-${name}`, `${a.name}-${as}`]] : [];
        }));
        const aliasGrants: pulumi.ResourceTransformation = (t) => {
            const earlier = t.type === "azure-byok:keyvault:KeyAccess" ? written.get(t.name) : undefined;
            return earlier === undefined ? undefined : { props: t.props, opts: pulumi.mergeOptions(t.opts, { aliases: [{ name: earlier }] }) };
        };
        const app = new ClientApplication(a.name, { ...clientApplicationArgs(a, {
            key: (n) => keys.get(n.toLowerCase()),
            vault: (n) => vaults.get(n.toLowerCase()),
            declared,
        }, tagsFor(keyTags, undefined)), rbacPropagationWait: config.rbacPropagationWait }, { ...opts, transformations: [aliasGrants] });
        outputs.applications[a.name] = {
            tenantId: app.tenantId,
            clientId: app.clientId,
            servicePrincipalObjectId: app.servicePrincipalObjectId,
            certificates: Object.fromEntries(Object.entries(app.certificates).map(([n, c]) => [n, {
                certificatePem: c.certificatePem,
                thumbprint: c.thumbprint,
                thumbprintSha256: c.thumbprintSha256,
                endDate: c.endDate,
                privateKeyPem: c.privateKeyPem,
                pfxBase64: c.pfxBase64,
            }])),
            clientSecrets: Object.fromEntries(Object.entries(app.clientSecrets).map(([n, c]) => [n, { value: c.value, endDate: c.endDate }])),
            exportedSecrets: Object.fromEntries(Object.entries(app.exportedSecrets).map(([n, s]) => [n, s.properties.secretUri])),
        };
    }
    for (const r of config.registries ?? []) {
        await nextTurn();
        const acr = new CmkContainerRegistry(r.name, { ...placed(waiting(registryArgs(r, resourceGroupName, location, keyOf(r.key), shared(r)))), tags: tagsFor(tags, r) }, opts);
        outputs.registries[r.name] = { id: acr.id, loginServer: acr.loginServer, keyIdentifier: acr.keyIdentifier, identityClientId: pulumi.output(acr.identity.clientId) };
    }
    for (const s of config.storageAccounts ?? []) {
        await nextTurn();
        const scopes = {
            key: keyOf,
            keyAccess: (k: string) => shared({ identity: s.identity, key: k })?.keyAccess,
            keyAccessName: (k: string) => scopeGrantLabel(keyOf(k), keyNames.get(k.toLowerCase()), vaultOfKey.get(k.toLowerCase())),
        };
        const sa = new CmkStorageAccount(s.name, { ...placed(waiting(storageAccountArgs(s, resourceGroupName, location, keyOf(s.key), shared(s), scopes))), tags: tagsFor(tags, s) }, opts);
        outputs.storageAccounts[s.name] = {
            id: sa.id,
            accountName: sa.accountName,
            identityClientId: pulumi.output(sa.identity.clientId),
            encryptionScopes: Object.fromEntries(Object.entries(sa.encryptionScopes).map(([n, e]) => [n, { id: e.id, keyUri: e.keyVaultProperties.apply((p) => p?.keyUri) }])),
            containers: Object.fromEntries(Object.entries(sa.containers).map(([n, c]) => [n, { id: c.id, encryptionScope: c.defaultEncryptionScope }])),
        };
    }
    const desByName = new Map<string, CmkDiskEncryptionSet>();
    for (const d of config.diskEncryptionSets ?? []) {
        await nextTurn();
        const des = new CmkDiskEncryptionSet(d.name, { ...waiting(diskEncryptionSetArgs(d, resourceGroupName, location, keyOf(d.key), shared(d))), tags: tagsFor(tags, d) }, opts);
        outputs.diskEncryptionSets[d.name] = { id: des.id, keyUrl: des.keyUrl, followsKeyRotation: d.keyVersion === undefined, identityClientId: pulumi.output(des.identity.clientId) };
        desByName.set(d.name.toLowerCase(), des);
    }
    for (const c of config.cosmosDbAccounts ?? []) {
        await nextTurn();
        const cosmos = new CmkCosmosDbAccount(c.name, { ...placed(waiting(cosmosDbAccountArgs(c, resourceGroupName, location, keyOf(c.key), shared(c)))), tags: tagsFor(tags, c) }, opts);
        outputs.cosmosDbAccounts[c.name] = { id: cosmos.id, accountName: cosmos.accountName, documentEndpoint: cosmos.documentEndpoint, keyVaultKeyUri: cosmos.keyVaultKeyUri, identityClientId: pulumi.output(cosmos.identity.clientId) };
    }
    for (const e of config.eventHubNamespaces ?? []) {
        await nextTurn();
        const ns = new CmkEventHubNamespace(e.name, { ...placed(waiting(messagingNamespaceArgs(e, resourceGroupName, location, keyOf(e.key), shared(e)))), tags: tagsFor(tags, e) }, opts);
        outputs.eventHubNamespaces[e.name] = { id: ns.id, namespaceName: ns.namespaceName, serviceBusEndpoint: ns.serviceBusEndpoint, identityClientId: pulumi.output(ns.identity.clientId) };
    }
    for (const e of config.serviceBusNamespaces ?? []) {
        await nextTurn();
        const ns = new CmkServiceBusNamespace(e.name, { ...placed(waiting(messagingNamespaceArgs(e, resourceGroupName, location, keyOf(e.key), shared(e)))), tags: tagsFor(tags, e) }, opts);
        outputs.serviceBusNamespaces[e.name] = { id: ns.id, namespaceName: ns.namespaceName, serviceBusEndpoint: ns.serviceBusEndpoint, identityClientId: pulumi.output(ns.identity.clientId) };
    }
    // Geo-secondaries first: a primary's key change waits for its secondaries to hold the key and their protectors to be set.
    const sqlServers = config.sqlServers ?? [];
    const secondaryHolds = new Map<string, pulumi.Resource[]>();
    for (const q of [...sqlServers.filter((s) => s.geoSecondaryOf !== undefined), ...sqlServers.filter((s) => s.geoSecondaryOf === undefined)]) {
        await nextTurn();
        const additional = sqlServerAdditionalKeys(q, config).map((a) => ({ name: a.name, key: keyOf(a.key), keyVersion: a.keyVersion }));
        const holds = secondaryHolds.get(q.name.toLowerCase()) ?? [];
        const server = new CmkSqlServer(q.name, { ...placed(waiting(sqlServerArgs(q, resourceGroupName, location, keyOf(q.key), shared(q), additional.length > 0 ? additional : undefined))), tags: tagsFor(tags, q) }, holds.length > 0 ? { ...opts, dependsOn: holds } : opts);
        const primary = q.geoSecondaryOf?.toLowerCase();
        if (primary !== undefined) secondaryHolds.set(primary, [...(secondaryHolds.get(primary) ?? []), ...server.additionalKeys, server.encryptionProtector]);
        outputs.sqlServers[q.name] = { id: server.id, serverName: server.serverName, fullyQualifiedDomainName: server.fullyQualifiedDomainName, keyId: server.keyId, followsKeyRotation: q.keyVersion === undefined, identityClientId: pulumi.output(server.identity.clientId) };
    }
    outputs.sqlServers = Object.fromEntries(sqlServers.map((q) => [q.name, outputs.sqlServers[q.name]]));
    for (const p of config.postgresqlServers ?? []) {
        await nextTurn();
        const server = new CmkPostgresqlFlexibleServer(p.name, { ...placed(waiting(postgresqlServerArgs(p, resourceGroupName, location, keyOf(p.key), shared(p), p.geoBackupKey === undefined ? undefined : keyOf(p.geoBackupKey)))), tags: tagsFor(tags, p) }, opts);
        outputs.postgresqlServers[p.name] = { id: server.id, serverName: server.serverName, fullyQualifiedDomainName: server.fullyQualifiedDomainName, keyUri: server.keyUri, identityClientId: pulumi.output(server.identity.clientId) };
    }
    for (const m of config.mysqlServers ?? []) {
        await nextTurn();
        const server = new CmkMysqlFlexibleServer(m.name, { ...placed(waiting(mysqlServerArgs(m, resourceGroupName, location, keyOf(m.key), shared(m), m.geoBackupKey === undefined ? undefined : keyOf(m.geoBackupKey)))), tags: tagsFor(tags, m) }, opts);
        outputs.mysqlServers[m.name] = {
            id: server.id,
            serverName: server.serverName,
            fullyQualifiedDomainName: server.fullyQualifiedDomainName,
            keyUri: server.keyUri,
            followsKeyRotation: false,
            identityClientId: pulumi.output(server.identity.clientId),
            administratorLogin: server.administratorLogin,
            administratorLoginPassword: server.administratorLoginPassword,
        };
    }
    for (const c of config.kubernetesClusters ?? []) {
        await nextTurn();
        const des = desByName.get(c.diskEncryptionSet.toLowerCase()) as CmkDiskEncryptionSet;
        const cluster = new CmkKubernetesCluster(c.name, { ...waiting(kubernetesClusterArgs(c, resourceGroupName, location, keyOf(c.key), des.id)), tags: tagsFor(tags, c) }, opts);
        outputs.kubernetesClusters[c.name] = { id: cluster.id, clusterName: cluster.clusterName, apiServerFqdn: cluster.apiServerFqdn, keyId: cluster.keyId, followsKeyRotation: c.keyVersion === undefined, identityClientId: pulumi.output(cluster.identity.clientId) };
    }

    for (const v of config.vaults) {
        const vault = vaults.get(v.name.toLowerCase()) as VaultReference;
        outputs.vaults[v.name] = { id: pulumi.output(vault.id), vaultName: pulumi.output(vault.vaultName), vaultUri: pulumi.output(vault.vaultUri) };
        for (const k of v.keys ?? []) {
            const key = keyOf(k.name);
            outputs.keys[k.name] = { id: pulumi.output(key.id), keyUri: pulumi.output(key.keyUri), keyUriWithVersion: pulumi.output(key.keyUriWithVersion) };
        }
    }
    for (const id of config.identities ?? []) {
        const identity = identities.get(id.name.toLowerCase()) as IdentityReference;
        outputs.identities[id.name] = { id: pulumi.output(identity.id), clientId: pulumi.output(identity.clientId), principalId: pulumi.output(identity.principalId) };
    }
    return outputs;
}

/**
 * The stack's existing vaults, keys and identities, read from Azure and checked against their
 * entries; one Azure contradicts, or that cannot serve the stack, is a ConfigError at its path.
 */
async function existingResources(
    config: StackConfig,
    networks: Map<string, string[]>,
    vaultOfKey: Map<string, string>,
    stackProvider: pulumi.ProviderResource | undefined,
    subscriptionProvider: (subscriptionId: string | undefined) => pulumi.ProviderResource | undefined,
    stackSubscription: string | undefined,
): Promise<{ vaults: Map<string, VaultReference>; keys: Map<string, KeyReference>; identities: Map<string, IdentityReference> }> {
    // A storage account reaches its encryption scopes' keys as a trusted service too, and a scope's key may be in a vault of
    // its own; so does a PostgreSQL or MySQL server its geo-backup key, in the paired region's vault.
    const geoKeys = [...(config.postgresqlServers ?? []), ...(config.mysqlServers ?? [])].flatMap((s) => (s.geoBackupKey === undefined ? [] : [s.geoBackupKey]));
    const cmkKeys = [...cmkServices(config).map(({ s }) => s.key), ...(config.storageAccounts ?? []).flatMap((a) => (a.encryptionScopes ?? []).map((e) => e.key)), ...geoKeys];
    const cmkVaults = new Set(cmkKeys.map((k) => vaultOfKey.get(k.toLowerCase())?.toLowerCase()));
    // Disk encryption sets, PostgreSQL and MySQL servers take keys only from a vault in their own region (those sharing a vault agree: config validation saw to it).
    const regions = new Map<string | undefined, { location: string; locationNeededBy: string[] }>();
    for (const { s, by } of regionBoundServices(config)) {
        const vault = vaultOfKey.get(s.key.toLowerCase())?.toLowerCase();
        const entry = regions.get(vault) ?? { location: s.location ?? config.location, locationNeededBy: [] };
        if (!entry.locationNeededBy.includes(by)) entry.locationNeededBy.push(by);
        regions.set(vault, entry);
    }
    // MySQL takes its keys, its geo-backup key too, only from a vault keeping deleted keys 90 days.
    const mysqlKeys = (config.mysqlServers ?? []).flatMap((m) => (m.geoBackupKey === undefined ? [m.key] : [m.key, m.geoBackupKey]));
    const mysqlVaults = new Set(mysqlKeys.map((k) => vaultOfKey.get(k.toLowerCase())?.toLowerCase()));
    const publicKmsVaults = new Set(publicKmsClusters(config).map((c) => vaultOfKey.get(c.key.toLowerCase())?.toLowerCase()));
    // Cosmos DB reaches its key only through the vault's public endpoint (COSMOSDB_VAULT_ACCESS).
    const cosmosVaults = new Set((config.cosmosDbAccounts ?? []).map((c) => vaultOfKey.get(c.key.toLowerCase())?.toLowerCase()));
    const providerFor = (subscriptionId: string | undefined) => subscriptionProvider(subscriptionId) ?? stackProvider;
    const issues: ConfigIssue[] = [];
    const vaults = new Map<string, VaultReference>();
    const keys = new Map<string, KeyReference>();
    // Azure's answer, or the error it is reported as, at `at` (ValidationError fields below it).
    const read = async <T>(at: string, what: string, fetch: () => Promise<T>): Promise<T | undefined> => {
        try {
            return await fetch();
        } catch (e) {
            if (e instanceof ValidationError) {
                issues.push(...e.issues.map((x) => ({ path: x.field.startsWith("requires.") ? at : `${at}.${x.field === "keyName" ? "name" : x.field}`, message: x.message })));
            } else {
                issues.push({ path: at, message: `could not be read from Azure (${what}): ${e instanceof Error ? e.message : String(e)}` });
            }
            return undefined;
        }
    };
    // An existing vault or identity in another tenant than the stack's serves none of its principals.
    const reads = config.vaults.some((v) => v.existing) || (config.identities ?? []).some((i) => i.existing);
    const tenantId = reads ? await stackTenantId(stackProvider) : undefined;
    // One at a time, in config order, so the problems are listed in the order the config has them.
    const identities = new Map<string, IdentityReference>();
    const principalIds = new Map<string, string>();
    for (const [i, id] of (config.identities ?? []).entries()) {
        if (!id.existing) continue;
        const group = id.resourceGroupName ?? config.resourceGroupName;
        const found = await read(`${CONFIG_NAMESPACE}:identities[${i}]`, `identity ${id.identityName} in resource group ${group}${inSubscription(id.subscriptionId)}`, () =>
            existingManagedIdentity(id.name, { identityName: id.identityName ?? id.name, resourceGroupName: group, requires: { tenantId } }, { provider: providerFor(id.subscriptionId) }));
        if (found !== undefined) {
            identities.set(id.name.toLowerCase(), found);
            principalIds.set(id.name.toLowerCase(), found.principalId);
        }
    }
    // The entries an access-policy vault's owner must have made for the identities it grants keys (grantedIdentities), one per identity.
    const ownerEntries = (v: StackConfig["vaults"][number], i: number) => {
        const byIdentity = new Map<string, { objectId: string; keyPermissions: string[]; neededBy: string }>();
        (v.keys ?? []).forEach((k, j) => (k.grantedIdentities ?? []).forEach((name, n) => {
            const objectId = principalIds.get(name.toLowerCase());
            if (objectId === undefined || byIdentity.has(name.toLowerCase())) return;
            byIdentity.set(name.toLowerCase(), { objectId, keyPermissions: [...permissionSets.cmkService.keyPermissions], neededBy: `identity "${name}", which ${CONFIG_NAMESPACE}:vaults[${i}].keys[${j}].grantedIdentities[${n}] says the key's owner grants` });
        }));
        return byIdentity.size > 0 ? { accessPolicies: [...byIdentity.values()] } : {};
    };
    for (const [i, v] of config.vaults.entries()) {
        if (!v.existing) continue;
        const name = v.name.toLowerCase();
        const at = `${CONFIG_NAMESPACE}:vaults[${i}]`;
        const vault = await read(at, `vault ${v.vaultName} in resource group ${v.resourceGroupName ?? config.resourceGroupName}${inSubscription(v.subscriptionId)}`, () =>
            existingKeyVault(v.name, existingKeyVaultArgs(v, config.resourceGroupName, { tenantId, trustedServices: cmkVaults.has(name), ipRules: networks.get(name), ...regions.get(name), ...(mysqlVaults.has(name) ? { softDeleteRetentionInDays: 90 } : {}), ...(publicKmsVaults.has(name) ? { allNetworks: true } : {}), ...(cosmosVaults.has(name) ? { publicEndpoint: true } : {}), ...ownerEntries(v, i) }), { provider: providerFor(v.subscriptionId) }));
        if (vault === undefined) continue;
        vaults.set(name, vault);
        for (const [j, k] of (v.keys ?? []).entries()) {
            if (!k.existing) continue;
            const key = await read(`${at}.keys[${j}]`, `key ${k.name} in vault ${v.vaultName}`, () => existingEncryptionKey(k.name, existingEncryptionKeyArgs(k, vault)));
            if (key !== undefined) keys.set(k.name.toLowerCase(), key);
        }
    }
    // Microsoft's PostgreSQL data-encryption guide: the key store is in the server's subscription.
    // Azure places a private endpoint in its virtual network's subscription: one into another subscription's subnet needs a group there.
    const endpointLists: [string, { privateEndpoints?: { subnetResourceId: string; resourceGroupName?: string }[] }[] | undefined][] = [
        ["vaults", config.vaults], ["registries", config.registries], ["storageAccounts", config.storageAccounts], ["cosmosDbAccounts", config.cosmosDbAccounts],
        ["eventHubNamespaces", config.eventHubNamespaces], ["serviceBusNamespaces", config.serviceBusNamespaces], ["sqlServers", config.sqlServers], ["postgresqlServers", config.postgresqlServers],
        ["mysqlServers", config.mysqlServers],
    ];
    for (const [field, entries] of endpointLists) {
        (entries ?? []).forEach((entry, i) => (entry.privateEndpoints ?? []).forEach((e, j) => {
            const subnet = /^\/subscriptions\/([^/]+)\//i.exec(e.subnetResourceId)?.[1];
            if (e.resourceGroupName === undefined && subnet !== undefined && stackSubscription !== undefined && subnet.toLowerCase() !== stackSubscription.toLowerCase()) {
                issues.push({ path: `${CONFIG_NAMESPACE}:${field}[${i}].privateEndpoints[${j}].resourceGroupName`, message: `is required: the subnet is in subscription ${subnet}, not the stack's (${stackSubscription}), and Azure places a private endpoint in its virtual network's subscription; name a resource group there for the endpoint` });
            }
        }));
    }
    (config.postgresqlServers ?? []).forEach((p, i) => {
        const vault = config.vaults.find((v) => v.name.toLowerCase() === vaultOfKey.get(p.key.toLowerCase())?.toLowerCase());
        if (vault?.subscriptionId !== undefined && stackSubscription !== undefined && vault.subscriptionId.toLowerCase() !== stackSubscription.toLowerCase()) {
            issues.push({ path: `${CONFIG_NAMESPACE}:postgresqlServers[${i}].key`, message: `"${p.key}" is a key of vault ${vault.name} in subscription ${vault.subscriptionId}, but the server goes in the stack's, ${stackSubscription}; PostgreSQL takes its data encryption key only from a key store in the server's own subscription` });
        }
    });
    if (issues.length > 0) throw new ConfigError(issues);
    return { vaults, keys, identities };
}

/**
 * The stack's subscription as azure-native finds it: its config, else ARM_SUBSCRIPTION_ID, else (an
 * az login's default) what the provider reports, asked only when a check needs it: a private
 * endpoint's subnet or a PostgreSQL key's vault in a subscription the config names.
 */
async function stackSubscriptionId(config: StackConfig, provider: pulumi.ProviderResource | undefined): Promise<string | undefined> {
    const configured = new pulumi.Config("azure-native").get("subscriptionId") ?? (process.env.ARM_SUBSCRIPTION_ID || undefined);
    if (configured !== undefined) return configured;
    const endpoints = [config.vaults, config.registries, config.storageAccounts, config.cosmosDbAccounts, config.eventHubNamespaces, config.serviceBusNamespaces, config.sqlServers, config.postgresqlServers, config.mysqlServers]
        .flatMap((l) => (l ?? []) as { privateEndpoints?: { subnetResourceId: string }[] }[]).flatMap((e) => e.privateEndpoints ?? []);
    const needed = endpoints.some((e) => /^\/subscriptions\//i.test(e.subnetResourceId)) || ((config.postgresqlServers ?? []).length > 0 && config.vaults.some((v) => v.subscriptionId !== undefined));
    if (!needed) return undefined;
    try {
        return (await authorization.getClientConfig({ provider })).subscriptionId;
    } catch {
        return undefined;
    }
}

/**
 * The stack's Entra tenant as azure-native signs in to it: its config, else ARM_TENANT_ID, else
 * (an az login's default, or a domain name given for it) the tenant id the provider reports.
 */
async function stackTenantId(provider: pulumi.ProviderResource | undefined): Promise<string> {
    const configured = configuredTenantId(pulumi.runtime.allConfig(), "azure-native");
    if (configured !== undefined && GUID_PATTERN.test(configured)) return configured;
    try {
        return (await authorization.getClientConfig({ provider })).tenantId;
    } catch (e) {
        throw new ConfigError([{ path: "azure-native:tenantId", message: `could not be read from Azure (authorization.getClientConfig): ${e instanceof Error ? e.message : String(e)}; existing vaults and identities are checked to be in the stack's tenant: set azure-native:tenantId to its id` }]);
    }
}

function inSubscription(subscriptionId: string | undefined): string {
    return subscriptionId === undefined ? "" : ` of subscription ${subscriptionId}`;
}

/**
 * Lets the registrations made so far go out before the next service is built. A program that
 * builds thousands of services in one synchronous pass sends nothing until it ends and holds
 * every pending registration in memory at once (under the plan's mocks, most of the run's time
 * went to garbage collection); one turn per service costs microseconds.
 */
function nextTurn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
