import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { validateManagedIdentityArgs } from "./managed-identity";
import { IdentityReference } from "./types";
import { throwIfInvalid, ValidationIssue } from "./validation";

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

/** Every rule ExistingManagedIdentityArgs break, each naming its field; empty when the args are valid. */
export function validateExistingManagedIdentityArgs(args: ExistingManagedIdentityArgs): ValidationIssue[] {
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
