import * as pulumi from "@pulumi/pulumi";
import * as dbformysql from "@pulumi/azure-native/dbformysql";
import * as random from "@pulumi/random";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, validateCustomerManagedKey } from "./customer-managed-key";
import { besideKept, keptOnDelete } from "./key-vault-lock";
import { AvailabilityZone, FLEXIBLE_SERVER_RENAMED, flexibleServerEndpointTarget, FlexibleServerHighAvailability, flexibleServerIgnoreChanges, flexibleServerIssues, flexibleServerSkuShapeIssues, FlexibleServerTier, geoBackupEncryption, geoBackupShapeIssues, GeoRedundantBackup, geoRedundantBackupIssues, highAvailabilityInputs, highAvailabilityIssues, flexibleServerDerivedNames } from "./flexible-server";
import { generatedName, hyphenatedPrefix, renameIssues } from "./naming";
import { createPrivateEndpoints, PrivateEndpoint, validatePrivateEndpoints } from "./private-endpoint";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, checkedAllOnResolve, isRecord, known, resourceGroupNameIssues, throwIfInvalid, ValidationIssue, vaultRegionProblem } from "./validation";
import { ResourceTags, validateTags } from "./tags";

export interface CmkMysqlFlexibleServerArgs {
    /** Required. The resource group the server lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's. */
    location?: pulumi.Input<string>;
    /** Optional. 3–63 lowercase letters, digits and hyphens, globally unique. Defaults to the resource name's plus 6 random characters, kept in state. */
    serverName?: string;
    /**
     * Required. The key the server's data is encrypted with (RSA, 2048, 3072 or 4096 bits), by its
     * current version: MySQL takes a versioned key identifier and does not follow the key's
     * rotation, so the version moves with the next `pulumi up` after a `pulumi refresh`.
     */
    customerManagedKey: CustomerManagedKey;
    /** Optional. 1–32 letters, digits and underscores, starting with a letter; not a name MySQL reserves. Defaults to `mysqladmin`. Its password is generated (32 characters) and kept as a Pulumi secret. */
    administratorLogin?: string;
    /** Optional. Defaults to `8.0.21`. */
    version?: "5.7" | "8.0.21";
    /** Optional. Defaults to `{ name: "Standard_D2ds_v4", tier: "GeneralPurpose" }`. */
    sku?: { name: string; tier: FlexibleServerTier };
    /** Optional. 20–16384 whole GB (to 32768 in the Memory Optimized tier). Defaults to `128`, growing automatically. The size the server is created with: later runs send the size the state holds (Azure refuses one below the grown size; `pulumi up --refresh` reads it). */
    storageSizeGB?: number;
    /** Optional. 1–35. Defaults to `35`, the longest Azure keeps. */
    backupRetentionDays?: number;
    /**
     * Optional. `Enabled` also keeps the backups in the server's geo-paired region, for a geo-restore
     * there; it needs `customerManagedKeyGeo`, and a region where MySQL offers it (its region table).
     * Defaults to `Disabled`.
     */
    geoRedundantBackup?: GeoRedundantBackup;
    /**
     * Conditional. Required if `geoRedundantBackup` is `Enabled`, and only then. The key the geo-redundant
     * backups are encrypted with, by its current version as the primary key: RSA, in a purge-protected
     * vault of the server's geo-paired region that keeps deleted keys 90 days. Its `userAssignedIdentity`
     * defaults to a new identity `<name>-geo-backup-identity` in that vault's region, granted on the key;
     * its `rbacPropagationWait` to `customerManagedKey`'s.
     * The geo identity made and its grant stay in Azure when removed from the stack (`retainOnDelete`).
     */
    customerManagedKeyGeo?: CustomerManagedKey;
    /**
     * Optional. A standby server in the region, which MySQL fails over to on its own: `SameZone` in the
     * primary's availability zone, `ZoneRedundant` in another (in a region with zones: refused where `location`
     * is one Microsoft lists without, otherwise Azure checks at deploy). The standby is part of the server and encrypts with its key, as its identity: no second key.
     * Not on the Burstable tier. `ZoneRedundant` is set when the server is created (but on Business Critical servers
     * made since January 2025). Defaults to `Disabled`.
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

export const CmkMysqlFlexibleServerDefaults = {
    administratorLogin: "mysqladmin",
    version: "8.0.21",
    sku: { name: "Standard_D2ds_v4", tier: "GeneralPurpose" },
    storageSizeGB: 128,
    backupRetentionDays: 35,
    // Geo-redundant backup needs a second key in the paired region's vault: the user's choice.
    geoRedundantBackup: "Disabled",
    // A standby doubles the server's compute: the user's choice.
    highAvailability: "Disabled",
    publicNetworkAccess: "Disabled",
    passwordLength: 32,
    protect: true,
} as const;

const ADMINISTRATOR_LOGIN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
/** Logins Azure Database for MySQL refuses for the administrator. */
const RESERVED_LOGINS = ["azure_superuser", "admin", "administrator", "root", "guest", "public"];

/** How CmkMysqlFlexibleServer reads each argument: the name, login, version, size, backups and access decide what is created, so they are plain values. */
export const CMK_MYSQL_FLEXIBLE_SERVER_ARGS = {
    resourceGroupName: "input",
    location: "region",
    serverName: "string",
    customerManagedKey: "object",
    administratorLogin: "string",
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
} as const satisfies ArgSpec<CmkMysqlFlexibleServerArgs>;

/** Every rule CmkMysqlFlexibleServerArgs break; empty when valid. */
export function validateCmkMysqlFlexibleServerArgs(name: string, args: CmkMysqlFlexibleServerArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. The names Azure Verified Modules give are pointed to ours.
    const shape = cmkServiceShapeIssues(args, CMK_MYSQL_FLEXIBLE_SERVER_ARGS, "server", { renamed: FLEXIBLE_SERVER_RENAMED });
    if (isRecord(args)) shape.push(...flexibleServerSkuShapeIssues(args.sku), ...geoBackupShapeIssues(args));
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, flexibleServerDerivedNames(args)),
    ];
    const add = (field: string, message: string) => issues.push({ field, message });
    const vaultRegion = known<string>(args.customerManagedKey?.key?.keyVault?.location);
    const region = known<string>(args.location);
    const regionProblem = vaultRegion !== undefined && region !== undefined ? keyRegionProblem([vaultRegion, region]) : undefined;
    if (regionProblem !== undefined) add("customerManagedKey.key", regionProblem);
    // Microsoft's MySQL data-encryption requirements: the key's recovery level is Recoverable, which takes 90 days of soft delete.
    const vaultRetention = args.customerManagedKey?.key?.keyVault?.softDeleteRetentionInDays;
    if (vaultRetention !== undefined && vaultRetention < 90) {
        add("customerManagedKey.key", `is a key of a vault that keeps deleted keys ${vaultRetention} days; MySQL takes its key only from a vault that keeps them 90 (recovery level Recoverable), fixed when the vault is made`);
    }
    issues.push(...flexibleServerIssues("MySQL", name, args.serverName, args.sku, "Standard_D2ds_v4"));
    const login = args.administratorLogin;
    if (login !== undefined) {
        if (!ADMINISTRATOR_LOGIN.test(login)) {
            add("administratorLogin", `"${login}" is not an administrator login: 1–32 letters, digits and underscores, starting with a letter`);
        } else if (RESERVED_LOGINS.includes(login.toLowerCase())) {
            add("administratorLogin", `"${login}" is a login MySQL reserves (${RESERVED_LOGINS.join(", ")}); choose another`);
        }
    }
    if (args.version !== undefined && !["5.7", "8.0.21"].includes(args.version)) {
        add("version", `"${String(args.version)}" is not a MySQL version this component makes (5.7 or 8.0.21)`);
    }
    const size = args.storageSizeGB;
    // Microsoft's MySQL service tiers: up to 16 TiB, 32 TiB in Memory Optimized.
    const maxSize = args.sku?.tier === "MemoryOptimized" ? 32768 : 16384;
    if (size !== undefined && (!Number.isInteger(size) || size < 20 || size > maxSize)) {
        add("storageSizeGB", `${size} is outside 20–${maxSize} whole GB, the storage a MySQL flexible server takes${maxSize === 16384 ? " (32768 in the Memory Optimized tier)" : ""}`);
    }
    const retention = args.backupRetentionDays;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 35)) {
        add("backupRetentionDays", `${retention} is ${Number.isInteger(retention) ? "outside" : "not a whole number of days in"} 1–35`);
    }
    issues.push(...geoRedundantBackupIssues("MySQL", name, args, opts));
    issues.push(...highAvailabilityIssues("MySQL", args, CmkMysqlFlexibleServerDefaults.sku.tier));
    if (args.publicNetworkAccess !== undefined && args.publicNetworkAccess !== "Enabled" && args.publicNetworkAccess !== "Disabled") {
        add("publicNetworkAccess", `"${String(args.publicNetworkAccess)}" is not "Enabled" or "Disabled"`);
    }
    issues.push(...validatePrivateEndpoints("mysqlFlexibleServer", args.privateEndpoints, "privateEndpoints", flexibleServerEndpointTarget(name, args.serverName)));
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A MySQL flexible server whose data is encrypted with the customer's key, at its current version,
 * as a user-assigned identity, with a generated administrator password kept as a Pulumi secret,
 * 35 days of backups and no public access. The key is set at creation; a rotated key's new
 * version reaches the server with the next `pulumi up` after a refresh.
 */
export class CmkMysqlFlexibleServer extends pulumi.ComponentResource {
    readonly server: dbformysql.Server;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    /** With geo-redundant backup: the identity that reaches the geo-backup key, and its grant the server waits for. */
    readonly geoBackupIdentity?: IdentityReference;
    readonly geoBackupKeyAccess?: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    readonly serverName: pulumi.Output<string>;
    readonly fullyQualifiedDomainName: pulumi.Output<string>;
    /** The versioned key URI the server encrypts with. */
    readonly keyUri: pulumi.Output<string>;
    readonly administratorLogin: pulumi.Output<string>;
    /** A Pulumi secret. */
    readonly administratorLoginPassword: pulumi.Output<string>;

    constructor(name: string, args: CmkMysqlFlexibleServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `CmkMysqlFlexibleServer "${name}"`;
        throwIfInvalid(component, validateCmkMysqlFlexibleServerArgs(name, args, opts));
        super("azure-byok:dbformysql:CmkMysqlFlexibleServer", name, {}, opts);

        const cmk = args.customerManagedKey;
        // Microsoft's MySQL data-encryption requirements: get, list, wrapKey and unwrapKey (list on an access-policy vault).
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkMysqlFlexibleServerDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { listKeysInAccessPolicy: true, ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        const d = CmkMysqlFlexibleServerDefaults;
        // Held to the region rule where either region is an Output: the server is never sent a key it cannot take.
        const keyUri = checkedAllOnResolve(component, "customerManagedKey.key", cmkKeyUrl("mysqlFlexibleServer", cmk), [cmk.key.keyVault?.location, args.location], keyRegionProblem);
        // MySQL asks for characters of three kinds; these specials need no quoting in a connection string.
        const password = new random.RandomPassword(`${name}-administrator-password`, {
            length: d.passwordLength,
            special: true,
            overrideSpecial: "-_.!#%+=",
            minLower: 2,
            minUpper: 2,
            minNumeric: 2,
            minSpecial: 2,
        }, { parent: this });
        const login = args.administratorLogin ?? d.administratorLogin;
        // Geo-redundant backup writes with a second key, reached as a second identity: granted before the server, as the primary is.
        const geo = geoBackupEncryption(component, "MySQL", name, args, identity, args.resourceGroupName, this, args.tags, kept.protect);
        this.geoBackupIdentity = geo?.identity;
        this.geoBackupKeyAccess = geo?.keyAccess;

        this.server = new dbformysql.Server(`${name}-server`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            serverName: args.serverName ?? generatedName(name, hyphenatedPrefix(name), "-", this),
            version: args.version ?? d.version,
            sku: args.sku ?? d.sku,
            administratorLogin: login,
            administratorLoginPassword: pulumi.secret(password.result),
            storage: { storageSizeGB: args.storageSizeGB ?? d.storageSizeGB, autoGrow: dbformysql.EnableStatusEnum.Enabled },
            backup: { backupRetentionDays: args.backupRetentionDays ?? d.backupRetentionDays, geoRedundantBackup: geo === undefined ? d.geoRedundantBackup : dbformysql.EnableStatusEnum.Enabled },
            identity: {
                type: dbformysql.ManagedServiceIdentityType.UserAssigned,
                // MySQL may reach both keys as one identity: it is listed once.
                userAssignedIdentities: geo === undefined ? [identity.id] : pulumi.all([identity.id, geo.identityId]).apply(([id, geoId]) => (id.toLowerCase() === geoId.toLowerCase() ? [id] : [id, geoId])),
            },
            dataEncryption: {
                type: dbformysql.DataEncryptionType.AzureKeyVault,
                primaryKeyURI: keyUri,
                primaryUserAssignedIdentityId: identity.id,
                ...(geo === undefined ? {} : { geoBackupKeyURI: geo.keyUri, geoBackupUserAssignedIdentityId: geo.identityId }),
            },
            ...highAvailabilityInputs(args),
            network: { publicNetworkAccess: args.publicNetworkAccess ?? d.publicNetworkAccess },
            tags: args.tags,
        }, { parent: this, dependsOn: geo === undefined ? [keyAccess] : [keyAccess, geo.keyAccess], ...kept, ignoreChanges: flexibleServerIgnoreChanges(args) });

        this.id = this.server.id;
        this.serverName = this.server.name;
        this.fullyQualifiedDomainName = this.server.fullyQualifiedDomainName;
        this.keyUri = keyUri;
        this.administratorLogin = pulumi.output(login);
        this.administratorLoginPassword = pulumi.secret(password.result);
        createPrivateEndpoints(name, "mysqlFlexibleServer", args.privateEndpoints, { id: this.server.id, name: this.server.name, resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags, beside: besideKept(this.server, kept) }, this);
        this.registerOutputs({
            id: this.id,
            serverName: this.serverName,
            fullyQualifiedDomainName: this.fullyQualifiedDomainName,
            keyUri: this.keyUri,
            administratorLogin: this.administratorLogin,
            administratorLoginPassword: this.administratorLoginPassword,
            identityClientId: identity.clientId,
        });
    }
}

/** Microsoft's MySQL data-encryption guide: the key vault and the server are in the same region. */
const keyRegionProblem = vaultRegionProblem("the server", "MySQL takes its data encryption key only from a key vault in the server's own region");
