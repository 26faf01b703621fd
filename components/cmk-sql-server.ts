import * as pulumi from "@pulumi/pulumi";
import * as sql from "@pulumi/azure-native/sql";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { generatedName, hyphenatedPrefix, NAME_SUFFIX_LENGTH, renameIssues, shownGeneratedName } from "./naming";
import { createPrivateEndpoints, PrivateEndpoint, serverNameForEndpoints, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference, KeyReference } from "./types";
import { administratorIdProblem, ArgSpec, checkedAllOnResolve, checkedOnResolve, entraAdministratorIdIssues, isRecord, resourceGroupNameIssues, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";
import { KeyAccess } from "./key-access";
import { sameKey, sameVault, serverKeyNamesProblem, shownName, SqlServerKey, sqlKeyIssues, sqlServerKeysIssues } from "./sql-server-keys";

/** The server's Microsoft Entra administrator: with Entra-only authentication there is no SQL login at all. */
export interface SqlServerAdministrator {
    /** Required. The user's, group's or application's name as SQL shows it. */
    login: string;
    /** Required. Its object id (an application's: its service principal's). */
    objectId: pulumi.Input<string>;
    /** Optional. Defaults to `Group`: a team, not one person, administers the server. */
    principalType?: "User" | "Group" | "Application";
    /** Optional. Defaults to the subscription's tenant. */
    tenantId?: pulumi.Input<string>;
}

export interface CmkSqlServerArgs {
    /** Required. The resource group the server lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's. */
    location?: pulumi.Input<string>;
    /** Optional. 1–63 lowercase letters, digits and hyphens, globally unique. Defaults to the resource name's plus 6 random characters, kept in state. */
    serverName?: string;
    /**
     * Required. The TDE protector: an RSA key of 2048 or 3072 bits. SQL names a key by its version;
     * unless `keyVersion` pins one, the server takes the version the key has when the program runs and
     * rotates to each new one (the encryption protector's `autoRotationEnabled`), so a preview after a
     * rotation shows the new version as an update (README, "A set or SQL server after a rotation").
     */
    customerManagedKey: CustomerManagedKey;
    /** Required. The Entra administrator; the server takes Microsoft Entra authentication only. */
    administrator: SqlServerAdministrator;
    /** Optional. Defaults to `Disabled`: reach the server through a private endpoint. */
    publicNetworkAccess?: "Enabled" | "Disabled";
    /** Optional. Defaults to `1.2`. */
    minimalTlsVersion?: "1.2" | "1.3";
    /**
     * Optional. Keys the server holds beside its protector (Azure's server keys), such as a geo-primary's protector key
     * on its secondary, which must hold it before replication starts. Each is granted to the server's identity as the
     * protector's key is, the server key and its grant kept in Azure when the key leaves the list (`retainOnDelete`:
     * restores and replicated logs may still need it), and the protector is set only once they are held. Entries without a `name` are matched by position: add those at the end. Defaults to none.
     */
    additionalKeys?: SqlServerKey[];
    /** Optional. Private endpoints into the applications' networks: with public access off, the way in. Defaults to none. */
    privateEndpoints?: PrivateEndpoint[];
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the server and on the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the server (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grant on the key (`retainOnDelete` alone on that). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkSqlServerDefaults = {
    publicNetworkAccess: "Disabled",
    minimalTlsVersion: "1.2",
    principalType: "Group",
    version: "12.0",
    protect: true,
} as const;

const SERVER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why the server needs its `administrator`. */
export const SQL_ADMINISTRATOR_REQUIRED = "the server takes Microsoft Entra authentication only, so it needs an Entra administrator (a group, by default)";

/** How CmkSqlServer reads each argument: the name and access settings decide what is created, so they are plain values. */
export const CMK_SQL_SERVER_ARGS = {
    resourceGroupName: "input",
    location: "region",
    serverName: "string",
    customerManagedKey: "object",
    administrator: "object",
    publicNetworkAccess: "string",
    minimalTlsVersion: "string",
    additionalKeys: "list",
    privateEndpoints: "list",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkSqlServerArgs>;

export const SQL_ADMINISTRATOR_ARGS = { login: "string", objectId: "input", principalType: "string", tenantId: "input" } as const satisfies ArgSpec<SqlServerAdministrator>;

/** Azure Verified Modules' names for a server's arguments, and ours: `administrators` is their (and Azure's) name for the Entra administrator. */
export const SQL_SERVER_RENAMED = { name: "serverName", administrators: "administrator" };

/** The shape of CmkSqlServerArgs from an untyped caller: every problem with it, before any rule reads a value. */
function cmkSqlServerShapeIssues(args: unknown): ValidationIssue[] {
    const issues = cmkServiceShapeIssues(args, CMK_SQL_SERVER_ARGS, "server", {
        required: { administrator: SQL_ADMINISTRATOR_REQUIRED },
        renamed: SQL_SERVER_RENAMED,
    });
    if (isRecord(args) && isRecord(args.administrator)) {
        issues.push(...shapeIssues(args.administrator, SQL_ADMINISTRATOR_ARGS, "administrator", {
            required: { login: "the administrator's name as SQL shows it", objectId: "the administrator's object id" },
            closed: true,
            renamed: { sid: "objectId" },
        }));
    }
    return issues;
}

/** Every rule CmkSqlServerArgs break; empty when valid. */
export function validateCmkSqlServerArgs(name: string, args: CmkSqlServerArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = cmkSqlServerShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "serverName", what: "server", given: args.serverName !== undefined, from: (n) => shownGeneratedName(hyphenatedPrefix(n), "-") },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    issues.push(...sqlKeyIssues(args.customerManagedKey.key, "customerManagedKey.key"), ...sqlServerKeysIssues(args.additionalKeys, args.customerManagedKey, opts));
    const prefix = hyphenatedPrefix(name);
    let serverNameValid = true;
    if (args.serverName !== undefined) {
        if (!SERVER_NAME.test(args.serverName)) {
            serverNameValid = false;
            add("serverName", `"${args.serverName}" is not a SQL server name: 1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen`);
        }
    } else if (prefix.length === 0 || prefix.length > 63 - 1 - NAME_SUFFIX_LENGTH) {
        serverNameValid = false;
        add("name", `"${name}" leaves "${prefix}" as the server name's prefix, which needs 1–${63 - 1 - NAME_SUFFIX_LENGTH} lowercase letters, digits and hyphens; rename the resource or set serverName`);
    }
    // The shape check has made sure the administrator, its login and object id are given.
    const admin = args.administrator;
    if (admin.login.trim() === "") {
        add("administrator.login", "is required: the administrator's name as SQL shows it");
    }
    issues.push(...entraAdministratorIdIssues(admin));
    if (admin.principalType !== undefined && !["User", "Group", "Application"].includes(admin.principalType)) {
        add("administrator.principalType", `"${String(admin.principalType)}" is not "User", "Group" or "Application"`);
    }
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    if (args.minimalTlsVersion !== undefined && args.minimalTlsVersion !== "1.2" && args.minimalTlsVersion !== "1.3") {
        add("minimalTlsVersion", `"${String(args.minimalTlsVersion)}" is not "1.2" or "1.3"; older versions are not offered`);
    }
    // An invalid server name is reported above; its endpoints' default names are judged from a valid one.
    issues.push(...validatePrivateEndpoints("sqlServer", args.privateEndpoints, "privateEndpoints", serverNameValid ? serverNameForEndpoints(args.serverName, prefix) : undefined));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A logical SQL server whose databases are encrypted (TDE) with the customer's key as a
 * user-assigned identity, rotating to each new key version, with Microsoft Entra-only
 * authentication, TLS 1.2 and no public access.
 */
export class CmkSqlServer extends pulumi.ComponentResource {
    readonly server: sql.Server;
    readonly encryptionProtector: sql.EncryptionProtector;
    /** The keys the server holds beside its protector (`additionalKeys`), in their order. */
    readonly additionalKeys: sql.ServerKey[];
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly serverName: pulumi.Output<string>;
    readonly fullyQualifiedDomainName: pulumi.Output<string>;
    /** The versioned key URI sent to the server: the key's version when the program ran, which Azure replaces with each new one unless pinned. */
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: CmkSqlServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `CmkSqlServer "${name}"`;
        throwIfInvalid(component, validateCmkSqlServerArgs(name, args, opts));
        super("azure-byok:sql:CmkSqlServer", name, {}, opts);

        const cmk = args.customerManagedKey;
        // The grant stays in Azure when the server moves to another key: restores of earlier backups, and the log
        // until it is backed up, still need every earlier TDE protector (Microsoft's TDE with customer-managed keys).
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkSqlServerDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { ...kept, keepGrant: true });
        this.identity = identity;
        this.keyAccess = keyAccess;
        // A versioned key URI whose vault and key names SQL takes, judged once they resolve when validation could not read them.
        const sqlKeyUri = (field: string, key: SqlServerKey) => checkedAllOnResolve(component, field, cmkKeyUrl("sqlServer", key), [key.key.keyVault.vaultName, key.key.keyName],
            ([vault, keyName], [showVault, showKey]) => serverKeyNamesProblem(shownName(vault, showVault), shownName(keyName, showKey)));
        // The key's version now, on the server and its protector alike, with no ignoreChanges as the additional keys have: that would
        // hide a move to another key, which must deploy (README, "A set or SQL server after a rotation").
        const keyId = sqlKeyUri("customerManagedKey.key", cmk);

        this.server = new sql.Server(`${name}-server`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            serverName: args.serverName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            version: CmkSqlServerDefaults.version,
            identity: { type: sql.IdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            primaryUserAssignedIdentityId: identity.id,
            keyId,
            administrators: {
                administratorType: sql.AdministratorType.ActiveDirectory,
                azureADOnlyAuthentication: true,
                login: args.administrator.login,
                sid: checkedOnResolve(component, "administrator.objectId", args.administrator.objectId, administratorIdProblem("administrator.objectId")),
                principalType: args.administrator.principalType ?? CmkSqlServerDefaults.principalType,
                tenantId: checkedOnResolve(component, "administrator.tenantId", args.administrator.tenantId, administratorIdProblem("administrator.tenantId")),
            },
            minimalTlsVersion: args.minimalTlsVersion ?? CmkSqlServerDefaults.minimalTlsVersion,
            publicNetworkAccess: args.publicNetworkAccess ?? CmkSqlServerDefaults.publicNetworkAccess,
            tags: args.tags,
        }, { parent: this, dependsOn: withDependsOn([keyAccess], opts?.dependsOn), ...kept });

        // Each additional key is granted to the server's identity as the protector's is, and kept the same way. A grant on
        // the key (another version of it) serves; so does an access policy, which covers every key of its vault, but for
        // the role a migration prepares per key.
        const grants: { key: KeyReference; access: pulumi.Resource }[] = [{ key: cmk.key, access: keyAccess }];
        this.additionalKeys = (args.additionalKeys ?? []).map((entry, i) => {
            const child = `${name}-additional-key-${entry.name ?? i}`;
            const onKey = grants.find((g) => sameKey(g.key, entry.key));
            const onVault = entry.key.keyVault.enableRbacAuthorization ? undefined : grants.find((g) => sameVault(g.key.keyVault, entry.key.keyVault));
            const access = onKey?.access ?? (onVault !== undefined && !entry.key.keyVault.prepareRbacMigration ? onVault.access
                : new KeyAccess(`${child}-access`, { key: entry.key, principalId: identity.principalId, permissions: "cmkService", rbacPropagationWait: cmk.rbacPropagationWait, ...(onVault !== undefined ? { rbacMigrationPart: "roleAssignment" as const } : {}) }, { parent: this, protect: false, retainOnDelete: true }));
            if (onKey === undefined) grants.push({ key: entry.key, access });
            const uri = sqlKeyUri(`additionalKeys[${i}].key`, entry);
            // An unpinned key stays at the version first held: Azure brings later ones itself (a geo-primary's rotation "is
            // automatically transferred to the secondary server", Microsoft's "Rotate the TDE protector"), and keyName is in
            // the server key's ARM path, so following them would create a server key Azure already holds.
            return new sql.ServerKey(child, {
                resourceGroupName: args.resourceGroupName,
                serverName: this.server.name,
                keyName: pulumi.output(uri).apply(serverKeyName),
                serverKeyType: sql.ServerKeyType.AzureKeyVault,
                uri,
            }, { parent: this, dependsOn: [access], retainOnDelete: true, ...(entry.keyVersion === undefined ? { ignoreChanges: ["keyName", "uri"] } : {}) });
        });

        // The protector the server was created with, now following new key versions unless one is pinned. Always kept in
        // Azure when it leaves the stack: SQL has no DELETE for it, so azure-native's delete PUTs its default state,
        // serverKeyType ServiceManaged (pulumi-azure-native defaultResourcesState.go), which would move a server that stays
        // (protected through `pulumi destroy --exclude-protected`, or unprotected by hand and dropped) off the customer's
        // key; a server that is deleted takes its protector with it.
        this.encryptionProtector = new sql.EncryptionProtector(`${name}-encryption-protector`, {
            resourceGroupName: args.resourceGroupName,
            serverName: this.server.name,
            encryptionProtectorName: "current",
            serverKeyType: sql.ServerKeyType.AzureKeyVault,
            serverKeyName: keyId.apply(serverKeyName),
            autoRotationEnabled: cmk.keyVersion === undefined,
        }, { parent: this, dependsOn: withDependsOn(this.additionalKeys, opts?.dependsOn), retainOnDelete: true });

        this.id = this.server.id;
        this.serverName = this.server.name;
        this.fullyQualifiedDomainName = this.server.fullyQualifiedDomainName;
        createPrivateEndpoints(name, "sqlServer", args.privateEndpoints, { id: this.server.id, name: this.server.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.server, kept) }, this);
        this.keyId = keyId;
        this.registerOutputs({ id: this.id, serverName: this.serverName, fullyQualifiedDomainName: this.fullyQualifiedDomainName, keyId: this.keyId, identityClientId: identity.clientId });
    }
}

/**
 * `own` and the component's `dependsOn` given as resources, for the server and its protector: a component's
 * `dependsOn` is not its children's (the SDK records it on the component alone), and a geo-primary's key change
 * must wait for its secondaries to hold the key. One given as an Output or Promise holds the component only, as before.
 */
function withDependsOn(own: pulumi.Resource[], given: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (Array.isArray(given)) return [...own, ...given];
    return pulumi.Resource.isInstance(given) ? [...own, given] : own;
}

/** `https://<vault>.vault.azure.net/keys/<key>/<version>` → `<vault>_<key>_<version>`, the name SQL gives a Key Vault server key. */
export function serverKeyName(keyUri: string): string {
    const match = /^https:\/\/([^./]+)\.[^/]+\/keys\/([^/]+)\/([^/]+)\/?$/.exec(keyUri);
    if (!match) {
        throw new Error(`CmkSqlServer: "${keyUri}" is not a versioned Key Vault key URI`);
    }
    return `${match[1]}_${match[2]}_${match[3]}`;
}
