import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { validateManagedIdentityArgs } from "./managed-identity";
import { IdentityReference } from "./types";
import { ArgSpec, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";

/**
 * A user-assigned identity this stack does not manage (a platform team's identity for every
 * CMK service of a subscription, say): services run as it and the stack grants it keys, but the
 * identity itself is left alone.
 */
export interface ExistingManagedIdentityArgs {
    /** Required. The identity's name. */
    identityName: string;
    /** Required. Its resource group. */
    resourceGroupName: string;
}

/** How existingManagedIdentity reads each argument: plain values, as the identity is looked up before anything uses it. */
export const EXISTING_MANAGED_IDENTITY_ARGS = { identityName: "string", resourceGroupName: "string" } as const satisfies ArgSpec<ExistingManagedIdentityArgs>;

/** Every rule ExistingManagedIdentityArgs break, each naming its field; empty when the args are valid. */
export function validateExistingManagedIdentityArgs(args: ExistingManagedIdentityArgs): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = shapeIssues(args, EXISTING_MANAGED_IDENTITY_ARGS, "", {
        required: { identityName: "the identity's name in Azure", resourceGroupName: "the identity's resource group" },
        closed: true,
        // Azure Verified Modules' name for it, and azure-native's (getUserAssignedIdentity).
        renamed: { name: "identityName", resourceName: "identityName" },
    });
    if (shape.length > 0) return shape;
    // The identity's name is the resource name there; its resource group is checked there too.
    return validateManagedIdentityArgs(args.identityName, args).map((i) => (i.field === "resourceGroupName" ? i : { ...i, field: "identityName" }));
}

/**
 * A reference to an existing identity for CMK services and grants, read from Azure
 * (`managedidentity.getUserAssignedIdentity`, which `pulumi preview` runs too) before the caller
 * registers anything that uses it. It registers nothing.
 */
export async function existingManagedIdentity(name: string, args: ExistingManagedIdentityArgs, opts?: pulumi.InvokeOptions): Promise<IdentityReference> {
    throwIfInvalid(`existing identity ${name}`, validateExistingManagedIdentityArgs(args));
    const found = await managedidentity.getUserAssignedIdentity({ resourceGroupName: args.resourceGroupName, resourceName: args.identityName }, opts);
    return { id: found.id, clientId: found.clientId, principalId: found.principalId };
}
