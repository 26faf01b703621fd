import * as pulumi from "@pulumi/pulumi";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { AvailabilityZone, FLEXIBLE_SERVER_RENAMED, flexibleServerEndpointTarget, FlexibleServerHighAvailability, flexibleServerIgnoreChanges, flexibleServerIssues, flexibleServerSkuShapeIssues, FlexibleServerTier, geoBackupEncryption, geoBackupShapeIssues, GeoRedundantBackup, geoRedundantBackupIssues, highAvailabilityInputs, highAvailabilityIssues, flexibleServerDerivedNames } from "./flexible-server";
import { generatedName, hyphenatedPrefix, renameIssues } from "./naming";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { administratorIdProblem, ArgSpec, checkedAllOnResolve, checkedOnResolve, entraAdministratorIdIssues, isRecord, known, resourceGroupNameIssues, shapeIssues, throwIfInvalid, ValidationIssue, vaultRegionProblem } from "./validation";
import { ResourceTags, validateTags } from "./tags";

/** The server's Microsoft Entra administrator: with password authentication off there is no other. */
export interface PostgresqlAdministrator {
    /** Required. The user's, group's or service principal's name as PostgreSQL shows it. */
    principalName: string;
    /** Required. Its object id. */
    objectId: pulumi.Input<string>;
    /** Optional. Defaults to `Group`: a team, not one person, administers the server. */
    principalType?: "User" | "Group" | "ServicePrincipal";
    /** Optional. Defaults to the subscription's tenant. */
    tenantId?: pulumi.Input<string>;
}

export interface CmkPostgresqlFlexibleServerArgs {
    /** Required. The resource group the server lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's. */
    location?: pulumi.Input<string>;
    /** Optional. 3–63 lowercase letters, digits and hyphens, globally unique. Defaults to the resource name's plus 6 random characters, kept in state. */
    serverName?: string;
    /** Required. The key the server's data is encrypted with (RSA, 2048, 3072 or 4096 bits), by its versionless URI: the server follows the key's rotation. Set at creation only. */
    customerManagedKey: CustomerManagedKey;
    /** Required. The Microsoft Entra administrator; the server takes Entra authentication only. */
    administrator: PostgresqlAdministrator;
    /** Optional. Defaults to `17`. */
    version?: "14" | "15" | "16" | "17";
    /** Optional. Defaults to `{ name: "Standard_D2ds_v5", tier: "GeneralPurpose" }`. */
    sku?: { name: string; tier: FlexibleServerTier };
    /** Optional. One of 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384 or 32768. Defaults to `128`, growing automatically. The size the server is created with: later runs send the size the state holds (Azure refuses one below the grown size; `pulumi up --refresh` reads it). */
    storageSizeGB?: number;
    /** Optional. 7–35. Defaults to `35`, the longest Azure keeps. */
    backupRetentionDays?: number;
    /**
     * Optional. `Enabled` also keeps the backups in the server's geo-paired region, for a geo-restore
     * there; it needs `customerManagedKeyGeo`, and a region where PostgreSQL offers it (its region
     * table). Set at creation only, never to be changed after: a server made without it can never be
     * geo-restored. Defaults to `Disabled`.
     */
    geoRedundantBackup?: GeoRedundantBackup;
    /**
     * Conditional. Required if `geoRedundantBackup` is `Enabled`, and only then. The key the geo-redundant
     * backups are encrypted with: RSA as the primary key, in a purge-protected vault of the server's
     * geo-paired region. Its `userAssignedIdentity` must differ from the primary key's; defaults to a
     * new identity `<name>-geo-backup-identity` in that vault's region, granted on the key. Its
     * `rbacPropagationWait` defaults to `customerManagedKey`'s.
     * The geo identity made and its grant stay in Azure when removed from the stack (`retainOnDelete`).
     */
    customerManagedKeyGeo?: CustomerManagedKey;
    /**
     * Optional. A standby server in the region, which PostgreSQL fails over to on its own: `SameZone` in the
     * primary's availability zone, `ZoneRedundant` in another (in a region with zones: refused where `location`
     * is one Microsoft lists without, otherwise Azure checks at deploy). The standby is part of the server and encrypts with its key, as its identity: no second key.
     * Not on the Burstable tier. Azure moves between `SameZone` and `ZoneRedundant` only through `Disabled`.
     * Defaults to `Disabled`.
     */
    highAvailability?: FlexibleServerHighAvailability;
    /** Optional. The primary's availability zone, `1`, `2` or `3`, in a region with zones. Defaults to none: Azure chooses. */
    availabilityZone?: AvailabilityZone;
    /** Conditional. Only with a standby: for `ZoneRedundant` a zone other than `availabilityZone`, for `SameZone` `availabilityZone` itself. Defaults to none: Azure chooses. */
    standbyAvailabilityZone?: AvailabilityZone;
    /** Optional. Defaults to `Disabled`: reach the server through a private endpoint. */
    publicNetworkAccess?: "Enabled" | "Disabled";
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

export const CmkPostgresqlFlexibleServerDefaults = {
    version: "17",
    sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    storageSizeGB: 128,
    backupRetentionDays: 35,
    // Geo-redundant backup needs a second key in the paired region's vault: the user's choice, made before the first deploy.
    geoRedundantBackup: "Disabled",
    // A standby doubles the server's compute: the user's choice.
    highAvailability: "Disabled",
    publicNetworkAccess: "Disabled",
    principalType: "Group",
    protect: true,
} as const;

const STORAGE_SIZES = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
const PRINCIPAL_TYPES = {
    User: dbforpostgresql.PrincipalType.User,
    Group: dbforpostgresql.PrincipalType.Group,
    ServicePrincipal: dbforpostgresql.PrincipalType.ServicePrincipal,
} as const;

/** Why the server needs its `administrator`. */
export const POSTGRESQL_ADMINISTRATOR_REQUIRED = "the server takes Microsoft Entra authentication only, so it needs an Entra administrator (a group, by default)";

/** How CmkPostgresqlFlexibleServer reads each argument: the name, version, size, backups and access decide what is created, so they are plain values. */
export const CMK_POSTGRESQL_FLEXIBLE_SERVER_ARGS = {
    resourceGroupName: "input",
    location: "region",
    serverName: "string",
    customerManagedKey: "object",
    administrator: "object",
    version: "string",
    sku: "object",
    storageSizeGB: "number",
    backupRetentionDays: "number",
    geoRedundantBackup: "string",
    customerManagedKeyGeo: "object",
    highAvailability: "string",
    availabilityZone: "string",
    standbyAvailabilityZone: "string",
    publicNetworkAccess: "string",
    privateEndpoints: "list",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkPostgresqlFlexibleServerArgs>;

export const POSTGRESQL_ADMINISTRATOR_ARGS = { principalName: "string", objectId: "input", principalType: "string", tenantId: "input" } as const satisfies ArgSpec<PostgresqlAdministrator>;

/** Azure Verified Modules' names for a server's arguments, and ours; their `administrators` is a list of what is one administrator here. */
export const POSTGRESQL_SERVER_RENAMED = { ...FLEXIBLE_SERVER_RENAMED, administrators: "administrator" };

/** The shape of CmkPostgresqlFlexibleServerArgs from an untyped caller: every problem with it, before any rule reads a value. */
function cmkPostgresqlFlexibleServerShapeIssues(args: unknown): ValidationIssue[] {
    const issues = cmkServiceShapeIssues(args, CMK_POSTGRESQL_FLEXIBLE_SERVER_ARGS, "server", {
        required: { administrator: POSTGRESQL_ADMINISTRATOR_REQUIRED },
        renamed: POSTGRESQL_SERVER_RENAMED,
    });
    if (!isRecord(args)) return issues;
    if (isRecord(args.administrator)) {
        issues.push(...shapeIssues(args.administrator, POSTGRESQL_ADMINISTRATOR_ARGS, "administrator", {
            required: { principalName: "the administrator's name as PostgreSQL shows it", objectId: "the administrator's object id" },
            closed: true,
        }));
    }
    return [...issues, ...flexibleServerSkuShapeIssues(args.sku), ...geoBackupShapeIssues(args)];
}

/** Every rule CmkPostgresqlFlexibleServerArgs break; empty when valid. */
export function validateCmkPostgresqlFlexibleServerArgs(name: string, args: CmkPostgresqlFlexibleServerArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = cmkPostgresqlFlexibleServerShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, flexibleServerDerivedNames(args)),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    const cmk = args.customerManagedKey;
    const vaultRegion = known<string>(cmk?.key?.keyVault?.location);
    const region = known<string>(args.location);
    const regionProblem = vaultRegion !== undefined && region !== undefined ? keyRegionProblem([vaultRegion, region]) : undefined;
    if (regionProblem !== undefined) add("customerManagedKey.key", regionProblem);
    // The shape check has made sure the administrator, its name and object id are given.
    const admin = args.administrator;
    if (admin.principalName.trim() === "") {
        add("administrator.principalName", "is required: the administrator's name as PostgreSQL shows it");
    }
    issues.push(...entraAdministratorIdIssues(admin));
    if (admin.principalType !== undefined && !Object.prototype.hasOwnProperty.call(PRINCIPAL_TYPES, admin.principalType)) {
        add("administrator.principalType", `"${String(admin.principalType)}" is not "User", "Group" or "ServicePrincipal"`);
    }
    if (args.version !== undefined && !["14", "15", "16", "17"].includes(args.version)) {
        add("version", `"${String(args.version)}" is not a PostgreSQL major version this component makes (14, 15, 16 or 17)`);
    }
    issues.push(...flexibleServerIssues("PostgreSQL", name, args.serverName, args.sku, "Standard_D2ds_v5"));
    if (args.storageSizeGB !== undefined && !STORAGE_SIZES.includes(args.storageSizeGB)) {
        add("storageSizeGB", `${args.storageSizeGB} is not a storage size Azure offers (${STORAGE_SIZES.join(", ")} GB)`);
    }
    const retention = args.backupRetentionDays;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 7 || retention > 35)) {
        add("backupRetentionDays", `${retention} is ${Number.isInteger(retention) ? "outside" : "not a whole number of days in"} 7–35`);
    }
    issues.push(...geoRedundantBackupIssues("PostgreSQL", name, args, opts));
    issues.push(...highAvailabilityIssues("PostgreSQL", args, CmkPostgresqlFlexibleServerDefaults.sku.tier));
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    issues.push(...validatePrivateEndpoints("postgresqlFlexibleServer", args.privateEndpoints, "privateEndpoints", flexibleServerEndpointTarget(name, args.serverName)));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A PostgreSQL flexible server whose data is encrypted with the customer's key as a user-assigned
 * identity, following the key's rotation (automatic key version updates), with Microsoft Entra
 * authentication only, 35 days of backups and no public access. The key is set at creation.
 */
export class CmkPostgresqlFlexibleServer extends pulumi.ComponentResource {
    readonly server: dbforpostgresql.Server;
    readonly administrator: dbforpostgresql.Administrator;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    /** With geo-redundant backup: the identity that reaches the geo-backup key, and its grant the server waits for. */
    readonly geoBackupIdentity?: IdentityReference;
    readonly geoBackupKeyAccess?: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly serverName: pulumi.Output<string>;
    readonly fullyQualifiedDomainName: pulumi.Output<string>;
    /** The key URI the server encrypts with: versionless unless a version is pinned. */
    readonly keyUri: pulumi.Output<string>;

    constructor(name: string, args: CmkPostgresqlFlexibleServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `CmkPostgresqlFlexibleServer "${name}"`;
        throwIfInvalid(component, validateCmkPostgresqlFlexibleServerArgs(name, args, opts));
        super("azure-byok:dbforpostgresql:CmkPostgresqlFlexibleServer", name, {}, opts);

        const cmk = args.customerManagedKey;
        // On an access-policy vault PostgreSQL also lists the vault's keys (Microsoft's PostgreSQL data-encryption requirements).
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkPostgresqlFlexibleServerDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { listKeysInAccessPolicy: true, ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const d = CmkPostgresqlFlexibleServerDefaults;
        // A versionless URI turns on PostgreSQL's automatic key version updates.
        // Held to the region rule where either region is an Output: the server is never sent a key it cannot take.
        const keyUri = checkedAllOnResolve(component, "customerManagedKey.key", cmkKeyUrl("postgresqlFlexibleServer", cmk), [cmk.key.keyVault?.location, args.location], keyRegionProblem);
        const tenantId = checkedOnResolve(component, "administrator.tenantId", args.administrator.tenantId, administratorIdProblem("administrator.tenantId"));
        // Geo-redundant backup writes with a second key, reached as a second identity: granted before the server, as the primary is.
        const geo = geoBackupEncryption(component, "PostgreSQL", name, args, identity, args.resourceGroupName, this, args.tags, kept.protect);
        this.geoBackupIdentity = geo?.identity;
        this.geoBackupKeyAccess = geo?.keyAccess;

        this.server = new dbforpostgresql.Server(`${name}-server`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            serverName: args.serverName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            version: args.version ?? d.version,
            sku: args.sku ?? d.sku,
            storage: { storageSizeGB: args.storageSizeGB ?? d.storageSizeGB, autoGrow: dbforpostgresql.StorageAutoGrow.Enabled },
            backup: {
                backupRetentionDays: args.backupRetentionDays ?? d.backupRetentionDays,
                geoRedundantBackup: geo === undefined ? d.geoRedundantBackup : dbforpostgresql.GeographicallyRedundantBackup.Enabled,
            },
            identity: {
                type: dbforpostgresql.IdentityType.UserAssigned,
                userAssignedIdentities: geo === undefined ? pulumi.output(identity.id).apply((id) => ({ [id]: {} })) : pulumi.all([identity.id, geo.identityId]).apply(([id, geoId]) => ({ [id]: {}, [geoId]: {} })),
            },
            dataEncryption: {
                type: dbforpostgresql.DataEncryptionType.AzureKeyVault,
                primaryKeyURI: keyUri,
                primaryUserAssignedIdentityId: identity.id,
                ...(geo === undefined ? {} : { geoBackupKeyURI: geo.keyUri, geoBackupUserAssignedIdentityId: geo.identityId }),
            },
            authConfig: { activeDirectoryAuth: dbforpostgresql.MicrosoftEntraAuth.Enabled, passwordAuth: dbforpostgresql.PasswordBasedAuth.Disabled, tenantId },
            ...highAvailabilityInputs(args),
            network: { publicNetworkAccess: args.publicNetworkAccess ?? d.publicNetworkAccess },
            tags: args.tags,
        }, { parent: this, dependsOn: geo === undefined ? [keyAccess] : [keyAccess, geo.keyAccess], ...kept, ignoreChanges: flexibleServerIgnoreChanges(args) });

        this.administrator = new dbforpostgresql.Administrator(`${name}-administrator`, {
            resourceGroupName: args.resourceGroupName,
            serverName: this.server.name,
            objectId: checkedOnResolve(component, "administrator.objectId", args.administrator.objectId, administratorIdProblem("administrator.objectId")),
            principalName: args.administrator.principalName,
            principalType: PRINCIPAL_TYPES[args.administrator.principalType ?? d.principalType],
            tenantId,
        // Deleted with the server: when the server leaves the stack, kept in Azure (unprotected by hand and removed) or
        // deleted with its administrators, the engine sends no delete of its own, which would leave a kept server, whose
        // password sign-in is off, with no administrator. Changed alone (another objectId), the old one is still deleted,
        // under a component given retainOnDelete too (never inherited), so a replaced administrator loses its access.
        }, { parent: this, deletedWith: this.server, retainOnDelete: false });

        this.id = this.server.id;
        this.serverName = this.server.name;
        this.fullyQualifiedDomainName = this.server.fullyQualifiedDomainName;
        this.keyUri = keyUri;
        createPrivateEndpoints(name, "postgresqlFlexibleServer", args.privateEndpoints, { id: this.server.id, name: this.server.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.server, kept) }, this);
        this.registerOutputs({ id: this.id, serverName: this.serverName, fullyQualifiedDomainName: this.fullyQualifiedDomainName, keyUri: this.keyUri, identityClientId: identity.clientId });
    }
}

/** Microsoft's PostgreSQL data-encryption guide: the key store is deployed in the server's region. */
const keyRegionProblem = vaultRegionProblem("the server", "PostgreSQL takes its data encryption key only from a key store in the server's own region");
