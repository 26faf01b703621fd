import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { keptOnDelete } from "./key-vault-lock";
import { renameIssues } from "./naming";
import { ArgSpec, resourceGroupNameIssues, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";
import { ResourceTags, validateTags } from "./tags";

export interface ManagedIdentityArgs {
    /** Required. The resource group the identity lives in. */
    resourceGroupName: pulumi.Input<string>;
    /** Optional. Defaults to the resource group's location (also when it resolves to none, as azure-native takes it). */
    location?: pulumi.Input<string | undefined>;
    /** Optional. 3–128 letters, digits, hyphens and underscores. Defaults to the resource name. */
    identityName?: string;
    /** Optional. Azure tags on every resource the component makes that takes them (Azure's limits checked). Defaults to none. */
    tags?: ResourceTags;
    /**
     * Optional. Pulumi's `protect` on the identity, and `retainOnDelete` with it (or with the component's own `retainOnDelete: true`): deleted, it takes the principal its
     * grants are for, and a CMK service running as it loses its key. A change Azure makes only by replacing it (its name,
     * region or resource group) stops at preview. Defaults to `true`, or to the component's own `protect` option when that is given.
     */
    protect?: boolean;
}

export const ManagedIdentityDefaults = {
    protect: true,
} as const;

/** A user-assigned identity's name as Azure takes it. */
export const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

/** How ManagedIdentity reads each argument: its name is a plain value. */
export const MANAGED_IDENTITY_ARGS = { resourceGroupName: "input", location: "region", identityName: "string", tags: "tags", protect: "boolean" } as const satisfies ArgSpec<ManagedIdentityArgs>;

/** Every rule ManagedIdentityArgs break; empty when valid. */
export function validateManagedIdentityArgs(name: string, args: ManagedIdentityArgs, opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = shapeIssues(args, MANAGED_IDENTITY_ARGS, "", { required: { resourceGroupName: "the resource group the identity lives in" }, closed: true, renamed: { name: "identityName" } });
    if (shape.length > 0) return shape;
    const identityName = args.identityName ?? name;
    const issues = [...resourceGroupNameIssues(args.resourceGroupName), ...validateTags(args.tags)];
    if (!IDENTITY_NAME.test(identityName)) {
        issues.unshift({
            field: args.identityName === undefined ? "name" : "identityName",
            message: `"${identityName}" is not an identity name: 3–128 letters, digits, hyphens and underscores, starting with a letter or digit`,
        });
    }
    // A rename by aliases keeps the URNs, not the Azure name derived from the resource name.
    issues.push(...renameIssues(name, opts, [{ field: "identityName", what: "identity", given: args.identityName !== undefined, from: (n) => n }]));
    return issues;
}

/**
 * A user-assigned managed identity: it exists before the service that uses it, so its
 * key grant can be in place before the service first reaches for the key. Protected by
 * default; made with `retainOnDelete` (or protected), it leaves the identity in Azure when it
 * is removed (as KeyAccess does).
 */
export class ManagedIdentity extends pulumi.ComponentResource {
    readonly identity: managedidentity.UserAssignedIdentity;
    readonly id: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;
    readonly principalId: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;

    constructor(name: string, args: ManagedIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`ManagedIdentity "${name}"`, validateManagedIdentityArgs(name, args, opts));
        super("azure-byok:managedidentity:ManagedIdentity", name, {}, opts);

        // Also retained when the caller asks for that alone: an unprotected identity kept in Azure when removed.
        const kept = keptOnDelete(args.protect, opts, ManagedIdentityDefaults.protect);
        this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            resourceName: args.identityName ?? name,
            tags: args.tags,
        // Set explicitly, protect is not inherited from the component: its own option stands in for the default.
        }, { parent: this, ...kept });

        this.id = this.identity.id;
        this.clientId = this.identity.clientId;
        this.principalId = this.identity.principalId;
        this.tenantId = this.identity.tenantId;
        this.registerOutputs({ id: this.id, clientId: this.clientId, principalId: this.principalId, tenantId: this.tenantId });
    }
}
