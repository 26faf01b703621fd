import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import { cmkKeyUrl, cmkServiceShapeIssues, identityWithKeyAccess, ownIdentityName, validateCustomerManagedKey } from "./customer-managed-key";
import { keptOnDelete } from "./key-vault-lock";
import { CustomerManagedKey, IdentityReference } from "./types";
import { ArgSpec, checkedAllOnResolve, known, resourceGroupNameIssues, throwIfInvalid, ValidationIssue, vaultRegionProblem } from "./validation";
import { ResourceTags, validateTags } from "./tags";
import { renameIssues } from "./naming";

export interface CmkDiskEncryptionSetArgs {
    /** Required. The resource group the disk encryption set lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location. */
    location?: pulumi.Input<string>;
    /** Optional. 1–80 letters, digits, underscores and hyphens. Defaults to the resource name. */
    diskEncryptionSetName?: string;
    /**
     * Required. The key disks are encrypted with. Azure needs a versioned key URL: the version the key has when the program runs
     * is sent, and Azure moves to new versions itself unless `keyVersion` pins one; so a preview after a rotation shows the new
     * version as an update (README, "A set or SQL server after a rotation").
     */
    customerManagedKey: CustomerManagedKey;
    /** Optional. Defaults to `EncryptionAtRestWithPlatformAndCustomerKeys` (double encryption). */
    encryptionType?: "EncryptionAtRestWithPlatformAndCustomerKeys" | "EncryptionAtRestWithCustomerKey";
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the disk encryption set and on the identity made for it, and `retainOnDelete` with it, as on a
     * vault and its keys: a change Azure makes only by replacing the disk encryption set (its name, region or resource group), which
     * azure-native does delete-first, stops at preview instead of deleting it with its data, and one unprotected by hand
     * and then dropped stays in Azure, with its grant on the key (`retainOnDelete` alone on that). `false` lets it be deleted, unless the component's own `retainOnDelete: true` keeps it in Azure. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const CmkDiskEncryptionSetDefaults = {
    encryptionType: "EncryptionAtRestWithPlatformAndCustomerKeys",
    protect: true,
} as const;

/** How CmkDiskEncryptionSet reads each argument: the name and encryption type decide what is created, so they are plain values. */
export const CMK_DISK_ENCRYPTION_SET_ARGS = {
    resourceGroupName: "input",
    location: "region",
    diskEncryptionSetName: "string",
    customerManagedKey: "object",
    encryptionType: "string",
    tags: "tags",
    protect: "boolean",
} as const satisfies ArgSpec<CmkDiskEncryptionSetArgs>;

/** Every rule CmkDiskEncryptionSetArgs break; empty when valid. */
export function validateCmkDiskEncryptionSetArgs(name: string, args: CmkDiskEncryptionSetArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone. `name` is Azure Verified Modules'.
    const shape = cmkServiceShapeIssues(args, CMK_DISK_ENCRYPTION_SET_ARGS, "disk encryption set", { renamed: { name: "diskEncryptionSetName" } });
    if (shape.length > 0) return shape;
    const issues = [
        ...resourceGroupNameIssues(args.resourceGroupName),
        ...validateCustomerManagedKey(args.customerManagedKey, "customerManagedKey", "wrap", name, opts),
        // A rename by aliases keeps the URNs, not the Azure names derived from the resource name.
        ...renameIssues(name, opts, [
            { field: "diskEncryptionSetName", what: "disk encryption set", given: args.diskEncryptionSetName !== undefined, from: (n) => n },
            ...ownIdentityName(args.customerManagedKey),
        ]),
    ];
    const desName = args.diskEncryptionSetName ?? name;
    if (!/^[a-zA-Z0-9_-]{1,80}$/.test(desName)) {
        issues.push({
            field: args.diskEncryptionSetName === undefined ? "name" : "diskEncryptionSetName",
            message: `"${desName}" is not a disk encryption set name: 1–80 letters, digits, underscores and hyphens`,
        });
    }
    const type = args.encryptionType;
    if (type !== undefined && type !== "EncryptionAtRestWithPlatformAndCustomerKeys" && type !== "EncryptionAtRestWithCustomerKey") {
        issues.push({ field: "encryptionType", message: `"${String(type)}" is not EncryptionAtRestWithPlatformAndCustomerKeys or EncryptionAtRestWithCustomerKey` });
    }
    const vaultRegion = known<string>(args.customerManagedKey?.key?.keyVault?.location);
    const region = known<string>(args.location);
    const regionProblem = vaultRegion !== undefined && region !== undefined ? keyRegionProblem([vaultRegion, region]) : undefined;
    if (regionProblem !== undefined) issues.push({ field: "customerManagedKey.key", message: regionProblem });
    issues.push(...validateTags(args.tags));
    return issues;
}

/**
 * A disk encryption set on the customer's key: versioned key URL (Azure requires one) with
 * rotation to the latest version on, unless a version is pinned by name.
 */
export class CmkDiskEncryptionSet extends pulumi.ComponentResource {
    readonly diskEncryptionSet: compute.DiskEncryptionSet;
    readonly identity: IdentityReference;
    /** The grant the service waits for: its own KeyAccess, or the shared one it was given. */
    readonly keyAccess: pulumi.Resource;
    readonly id: pulumi.Output<string>;
    /** The versioned key URL sent to the set: the key's version when the program ran, which Azure replaces with each new one unless pinned. */
    readonly keyUrl: pulumi.Output<string>;

    constructor(name: string, args: CmkDiskEncryptionSetArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `CmkDiskEncryptionSet "${name}"`;
        throwIfInvalid(component, validateCmkDiskEncryptionSetArgs(name, args, opts));
        super("azure-byok:compute:CmkDiskEncryptionSet", name, {}, opts);

        const cmk = args.customerManagedKey;
        // `protect` on the service and its own identity, never on its grant and wait, which a move to another key replaces;
        // `retainOnDelete` on the grant too, so a service kept in Azure keeps its access to the key (identityWithKeyAccess).
        const kept = keptOnDelete(args.protect, opts, CmkDiskEncryptionSetDefaults.protect);
        const { identity, keyAccess } = identityWithKeyAccess(name, cmk, args.resourceGroupName, args.location, this, "cmkService", args.tags, { ...kept });
        this.identity = identity;
        this.keyAccess = keyAccess;
        // Held to the region rule where either region is an Output: the set is never sent a key it cannot take.
        this.keyUrl = checkedAllOnResolve(component, "customerManagedKey.key", cmkKeyUrl("diskEncryptionSet", cmk), [cmk.key.keyVault?.location, args.location], keyRegionProblem);

        this.diskEncryptionSet = new compute.DiskEncryptionSet(`${name}-des`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            diskEncryptionSetName: args.diskEncryptionSetName ?? name,
            encryptionType: args.encryptionType ?? CmkDiskEncryptionSetDefaults.encryptionType,
            identity: { type: compute.DiskEncryptionSetIdentityType.UserAssigned, userAssignedIdentities: [identity.id] },
            // The key's version now, not the one first deployed: no ignoreChanges, which would hide a move to another key too, and
            // a version kept from the first deploy would send a refreshed set back to it (README, "A set or SQL server after a rotation").
            activeKey: { keyUrl: this.keyUrl },
            rotationToLatestKeyVersionEnabled: cmk.keyVersion === undefined,
            tags: args.tags,
        }, { parent: this, dependsOn: [keyAccess], ...kept });

        this.id = this.diskEncryptionSet.id;
        this.registerOutputs({ id: this.id, keyUrl: this.keyUrl, identityClientId: identity.clientId });
    }
}

/** Microsoft's cross-subscription guide and AKS's KeyVaultAndDiskInDifferentRegions: the key's vault is in the set's region. */
const keyRegionProblem = vaultRegionProblem("the disk encryption set", "a disk encryption set takes keys only from a vault in its own region");
