import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { validateManagedIdentityArgs } from "./managed-identity";
import { IdentityReference } from "./types";
import { ArgSpec, GUID_PATTERN, isRecord, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";

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
    /** Optional. What the stack needs of the identity, checked when it is read. */
    requires?: {
        /**
         * The Entra tenant of the stack's services and vaults, which the identity must be in.
         * Defaults to the tenant the reading provider signs in to (`authorization.getClientConfig`).
         */
        tenantId?: string;
    };
}

/** How existingManagedIdentity reads each argument: plain values, as the identity is looked up before anything uses it. */
export const EXISTING_MANAGED_IDENTITY_ARGS = { identityName: "string", resourceGroupName: "string", requires: "object" } as const satisfies ArgSpec<ExistingManagedIdentityArgs>;

const REQUIRES_ARGS = { tenantId: "string" } as const satisfies ArgSpec<NonNullable<ExistingManagedIdentityArgs["requires"]>>;

/** Every rule ExistingManagedIdentityArgs break, each naming its field; empty when the args are valid. */
export function validateExistingManagedIdentityArgs(args: ExistingManagedIdentityArgs): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = shapeIssues(args, EXISTING_MANAGED_IDENTITY_ARGS, "", {
        required: { identityName: "the identity's name in Azure", resourceGroupName: "the identity's resource group" },
        closed: true,
        // Azure Verified Modules' name for it, and azure-native's (getUserAssignedIdentity).
        renamed: { name: "identityName", resourceName: "identityName" },
    });
    if (isRecord(args) && isRecord(args.requires)) shape.push(...shapeIssues(args.requires, REQUIRES_ARGS, "requires", { closed: true }));
    if (shape.length > 0) return shape;
    // The identity's name is the resource name there; its resource group is checked there too.
    const issues = validateManagedIdentityArgs(args.identityName, { identityName: args.identityName, resourceGroupName: args.resourceGroupName }).map((i) => (i.field === "resourceGroupName" ? i : { ...i, field: "identityName" }));
    const tenantId = args.requires?.tenantId;
    if (tenantId !== undefined && !GUID_PATTERN.test(tenantId)) {
        issues.push({ field: "requires.tenantId", message: `"${tenantId}" is not a tenant id (a GUID): give the directory's id, not one of its domains` });
    }
    return issues;
}

/** The identity as Azure reports it (`managedidentity.getUserAssignedIdentity`), the fields judged. */
export type FoundIdentity = Pick<managedidentity.GetUserAssignedIdentityResult, "name" | "tenantId">;

/** Where the identity Azure reports cannot serve the stack; empty when it can. */
export function existingIdentityProblems(args: ExistingManagedIdentityArgs, found: FoundIdentity): ValidationIssue[] {
    const tenant = args.requires?.tenantId;
    if (tenant === undefined || found.tenantId.toLowerCase() === tenant.toLowerCase()) return [];
    // Managed identities do not work across Entra tenants (Microsoft's managed identities FAQ), and Key Vault takes tokens of its own tenant only.
    return [{ field: "requires.tenantId", message: `identity ${found.name} in Azure is in Entra tenant ${found.tenantId}, but the stack's services and vaults are in tenant ${tenant}; a managed identity is not usable across tenants, and cross-tenant customer-managed keys need a multi-tenant application with a federated identity client id, which this stack does not make: use an identity in tenant ${tenant}` }];
}

/**
 * A reference to an existing identity for CMK services and grants, read from Azure
 * (`managedidentity.getUserAssignedIdentity`, which `pulumi preview` runs too) and refused, a
 * ValidationError naming `requires.tenantId`, when it is in another Entra tenant than that,
 * before the caller registers anything that uses it. It registers nothing.
 */
export async function existingManagedIdentity(name: string, args: ExistingManagedIdentityArgs, opts?: pulumi.InvokeOptions): Promise<IdentityReference & { readonly principalId: string }> {
    throwIfInvalid(`existing identity ${name}`, validateExistingManagedIdentityArgs(args));
    const found = await managedidentity.getUserAssignedIdentity({ resourceGroupName: args.resourceGroupName, resourceName: args.identityName }, opts);
    const tenantId = args.requires?.tenantId ?? (await authorization.getClientConfig(opts)).tenantId;
    throwIfInvalid(`existing identity ${name}`, existingIdentityProblems({ ...args, requires: { tenantId } }, found));
    return { id: found.id, clientId: found.clientId, principalId: found.principalId };
}
