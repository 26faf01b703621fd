import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as ipaddr from "ipaddr.js";
import { COSMOSDB_VAULT_ACCESS } from "./cmk-cosmosdb-account";
import { KeyVaultDefaults, vaultNameProblem } from "./key-vault";
import { KMS_PRIVATE_LINK_FIX, kmsPrivateLinkAllowed } from "./kubernetes-network";
import { rbacMigrationIssues } from "./key-vault-rbac-migration";
import { vaultIpRuleProblem } from "./network";
import { KeyVaultSku, VaultReference } from "./types";
import { ArgSpec, GUID_PATTERN, isRecord, sameRegion, shapeIssues, throwIfInvalid, ValidationIssue } from "./validation";

/**
 * A vault this stack does not manage (a platform team's central vault): keys and grants are made
 * in it, the vault is left alone. What validation needs to know of it (SKU, permission model,
 * purge protection) is declared here, so that config can be judged before anything runs, and
 * checked against the vault Azure reports before anything is made in it.
 */
export interface ExistingKeyVaultArgs {
    /** Required. The vault's name. */
    vaultName: string;
    /** Required. Its resource group. */
    resourceGroupName: string;
    /** Optional. What the vault is. Defaults to `premium`. */
    sku?: KeyVaultSku;
    /** Optional. Whether it uses Azure RBAC (false: access policies). Defaults to `true`. */
    enableRbacAuthorization?: boolean;
    /** Conditional. Only with `enableRbacAuthorization: false`, before the vault's owner moves it to Azure RBAC: grants made here as access policies also get the role assignments they will have after the move (see `KeyVaultArgs.prepareRbacMigration`). Defaults to `false`. */
    prepareRbacMigration?: boolean;
    /** Optional. Whether purge protection is on. Defaults to `true`. */
    enablePurgeProtection?: boolean;
    /** Optional. What the stack needs of the vault's firewall, checked when the program runs. */
    requires?: {
        /**
         * Optional. The Entra tenant of the principals the stack grants on the vault's keys, which the vault must
         * be in. Defaults to the tenant the reading provider signs in to (`authorization.getClientConfig`).
         */
        tenantId?: string;
        /** Optional. Services reach keys here as trusted Azure services (customer-managed keys). */
        trustedServices?: boolean;
        /** Optional. Public IPv4 addresses or ranges that must get through (applications' allowedNetworks). */
        ipRules?: string[];
        /** Optional. The region of the services that use its keys and take keys only from a vault in their own region: disk encryption sets, PostgreSQL flexible servers. */
        location?: string;
        /** Optional. Those services, as the message names them (`disk encryption sets`, `PostgreSQL servers`, `MySQL servers`). Defaults to `disk encryption sets`. */
        locationNeededBy?: string[];
        /** Optional. The fewest days it must keep deleted keys for the services that use them (MySQL flexible servers: 90). */
        softDeleteRetentionInDays?: number;
        /** Optional. An AKS cluster's KMS reaches its keys over public access (keyVaultNetworkAccess Public), which AKS supports only on a vault open to all networks. */
        allNetworks?: boolean;
        /** Optional. Cosmos DB accounts use its keys, and Cosmos DB reaches a vault only with its public endpoint on (not through private endpoints, nor as a trusted service of a vault with public access disabled). */
        publicEndpoint?: boolean;
        /**
         * Optional. On a vault with access policies: entries its owner made for principals the stack
         * does not grant itself (a key's `grantedIdentities`), each `objectId` holding at least
         * `keyPermissions`; `neededBy` names the principal in the message.
         */
        accessPolicies?: { objectId: string; keyPermissions: string[]; neededBy: string }[];
    };
}

export const ExistingKeyVaultDefaults = {
    sku: KeyVaultDefaults.sku,
    enableRbacAuthorization: KeyVaultDefaults.enableRbacAuthorization,
    prepareRbacMigration: KeyVaultDefaults.prepareRbacMigration,
    enablePurgeProtection: KeyVaultDefaults.enablePurgeProtection,
} as const;

/** How existingKeyVault reads each argument: all plain values, as the vault is looked up and judged before anything is made in it. */
export const EXISTING_KEY_VAULT_ARGS = {
    vaultName: "string",
    resourceGroupName: "string",
    sku: "string",
    enableRbacAuthorization: "boolean",
    prepareRbacMigration: "boolean",
    enablePurgeProtection: "boolean",
    requires: "object",
} as const satisfies ArgSpec<ExistingKeyVaultArgs>;

const REQUIRES_ARGS = {
    tenantId: "string",
    trustedServices: "boolean",
    ipRules: "strings",
    location: "string",
    locationNeededBy: "strings",
    softDeleteRetentionInDays: "number",
    allNetworks: "boolean",
    publicEndpoint: "boolean",
    accessPolicies: "list",
} as const satisfies ArgSpec<NonNullable<ExistingKeyVaultArgs["requires"]>>;

const REQUIRED_ACCESS_POLICY_ARGS = {
    objectId: "string",
    keyPermissions: "strings",
    neededBy: "string",
} as const satisfies ArgSpec<NonNullable<NonNullable<ExistingKeyVaultArgs["requires"]>["accessPolicies"]>[number]>;

/** The shape of ExistingKeyVaultArgs from an untyped caller: every problem with it, before any rule reads a value. */
function existingKeyVaultShapeIssues(args: unknown): ValidationIssue[] {
    const issues = shapeIssues(args, EXISTING_KEY_VAULT_ARGS, "", {
        required: { vaultName: "the vault's name in Azure", resourceGroupName: "the vault's resource group" },
        closed: true,
        // Azure Verified Modules' name for it.
        renamed: { name: "vaultName" },
    });
    if (isRecord(args) && isRecord(args.requires)) {
        issues.push(...shapeIssues(args.requires, REQUIRES_ARGS, "requires", { closed: true }));
        const policies: unknown = args.requires.accessPolicies;
        if (Array.isArray(policies)) {
            policies.forEach((entry, i) => issues.push(...shapeIssues(entry, REQUIRED_ACCESS_POLICY_ARGS, `requires.accessPolicies[${i}]`, { required: { objectId: "the principal's object id", keyPermissions: "the key permissions it needs", neededBy: "who needs it, for the message" }, closed: true })));
        }
    }
    return issues;
}

/** Why each kind of service needs its key's vault in its own region, as Azure says it. */
const REGION_RULES: Record<string, string> = {
    "disk encryption sets": "a disk encryption set takes keys only from a vault in its own region (KeyVaultAndDiskInDifferentRegions)",
    "PostgreSQL servers": "a PostgreSQL flexible server takes its data encryption key only from a key store in its own region",
    "MySQL servers": "a MySQL flexible server takes its data encryption key only from a key vault in its own region",
};

/** Every rule ExistingKeyVaultArgs break, each naming its field; empty when the args are valid. */
export function validateExistingKeyVaultArgs(args: ExistingKeyVaultArgs): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = existingKeyVaultShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const name = vaultNameProblem(args.vaultName);
    if (name) issues.push({ field: "vaultName", message: name });
    if (args.resourceGroupName === "") issues.push({ field: "resourceGroupName", message: "must not be empty" });
    if (args.sku !== undefined && args.sku !== "premium" && args.sku !== "standard") {
        issues.push({ field: "sku", message: `"${String(args.sku)}" is not a Key Vault SKU; use "premium" or "standard"` });
    }
    const tenantId = args.requires?.tenantId;
    if (tenantId !== undefined && !GUID_PATTERN.test(tenantId)) {
        issues.push({ field: "requires.tenantId", message: `"${tenantId}" is not a tenant id (a GUID): give the directory's id, not one of its domains` });
    }
    issues.push(...rbacMigrationIssues(args.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization, args.prepareRbacMigration));
    (args.requires?.ipRules ?? []).forEach((rule, i) => {
        const problem = vaultIpRuleProblem(rule);
        if (problem) issues.push({ field: `requires.ipRules[${i}]`, message: problem });
    });
    return issues;
}

/** The vault as Azure reports it (`keyvault.getVault`), the fields compared with the declaration. */
export type FoundVault = Pick<keyvault.GetVaultResult, "name" | "location"> & {
    properties: Pick<keyvault.GetVaultResult["properties"], "tenantId" | "sku" | "enableRbacAuthorization" | "enablePurgeProtection" | "networkAcls" | "publicNetworkAccess" | "softDeleteRetentionInDays" | "accessPolicies">;
};

/** Where the vault Azure reports contradicts the declaration or cannot serve the stack; empty when it can. */
export function existingVaultProblems(args: ExistingKeyVaultArgs, found: FoundVault): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const p = found.properties;
    const where = `vault ${found.name} in Azure`;
    const tenant = args.requires?.tenantId;
    if (tenant !== undefined && p.tenantId.toLowerCase() !== tenant.toLowerCase()) {
        // Microsoft's CMK guides (disk encryption, PostgreSQL, MySQL, AKS KMS) require the vault in the service's tenant; the rest need a multi-tenant application.
        issues.push({ field: "requires.tenantId", message: `${where} is in Entra tenant ${p.tenantId}, but the stack's identities and applications are in tenant ${tenant}; Key Vault accepts tokens of its own tenant only, and cross-tenant customer-managed keys need a multi-tenant application with a federated identity client id, which this stack does not make: use a vault in tenant ${tenant}` });
    }
    const sku = args.sku ?? ExistingKeyVaultDefaults.sku;
    // Key Vault answers the SKU in the case the vault was made with: "Premium" from the portal and PowerShell.
    if (p.sku.name.toLowerCase() !== sku) {
        issues.push({ field: "sku", message: `is "${sku}", but ${where} is "${p.sku.name}"; declare what the vault is` });
    }
    const rbac = args.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization;
    if ((p.enableRbacAuthorization ?? false) !== rbac) {
        issues.push({ field: "enableRbacAuthorization", message: `is ${rbac}, but ${where} uses ${p.enableRbacAuthorization ? "Azure RBAC" : "access policies"}; grants must be made the way the vault authorizes` });
    }
    const purge = args.enablePurgeProtection ?? ExistingKeyVaultDefaults.enablePurgeProtection;
    if ((p.enablePurgeProtection ?? false) !== purge) {
        issues.push({ field: "enablePurgeProtection", message: `is ${purge}, but ${where} has purge protection ${p.enablePurgeProtection ? "on" : "off"}${p.enablePurgeProtection ? "" : "; turn it on at the vault (customer-managed keys need it) and declare true"}` });
    }
    // With the API's defaults: public access enabled, defaultAction Allow, bypass AzureServices.
    const acls = p.networkAcls ?? {};
    const open = (p.publicNetworkAccess ?? "Enabled").toLowerCase() === "enabled" && (acls.defaultAction ?? "Allow").toLowerCase() === "allow";
    if (args.requires?.trustedServices && !open && (acls.bypass ?? "AzureServices").toLowerCase() === "none") {
        issues.push({ field: "requires.trustedServices", message: `${where} lets no trusted Azure service through its firewall (bypass None), so no customer-managed-key service can reach its keys; set the vault's networkAcls.bypass to AzureServices` });
    }
    if (args.requires?.allNetworks && !open) {
        // Private is refused on an access-policy vault too: then the way out is the vault's move to RBAC.
        const kmsFix = kmsPrivateLinkAllowed({ enableRbacAuthorization: rbac, prepareRbacMigration: args.prepareRbacMigration })
            ? `give the cluster keyVaultNetworkAccess "Private" (a private link, with apiServerSubnetId), or a key in a vault open to all networks`
            : `give the cluster a key in a vault open to all networks, or keyVaultNetworkAccess "Private" (a private link, with apiServerSubnetId), which needs an RBAC vault, and this one uses access policies: ${KMS_PRIVATE_LINK_FIX}`;
        issues.push({ field: "requires.allNetworks", message: `${where} is closed to the public network (public access disabled, or a firewall that denies by default), but an AKS cluster's KMS reaches its keys over public access, which AKS does not support behind a Key Vault firewall; ${kmsFix}` });
    }
    const publicOff = (p.publicNetworkAccess ?? "Enabled").toLowerCase() === "disabled";
    if (args.requires?.publicEndpoint && publicOff) {
        issues.push({ field: "requires.publicEndpoint", message: `${where} has public network access disabled, but Cosmos DB accounts encrypt with its keys: ${COSMOSDB_VAULT_ACCESS.why}; where the vault is managed, enable its public network access with a firewall that denies by default and lets trusted Azure services through, or give the accounts a key in such a vault` });
    }
    const needed = args.requires?.location;
    if (needed !== undefined && found.location !== undefined && !sameRegion(needed, found.location)) {
        const by = args.requires?.locationNeededBy ?? ["disk encryption sets"];
        const rules = by.map((b) => REGION_RULES[b] ?? `${b} take keys only from a vault in their own region`);
        issues.push({ field: "requires.location", message: `${where} is in ${found.location}, but ${by.join(" and ")} in ${needed} encrypt with its keys; ${rules.join("; ")}: use a vault in ${needed}` });
    }
    const retention = p.softDeleteRetentionInDays ?? 90;
    const retentionNeeded = args.requires?.softDeleteRetentionInDays;
    if (retentionNeeded !== undefined && retention < retentionNeeded) {
        issues.push({ field: "requires.softDeleteRetentionInDays", message: `${where} keeps deleted keys ${retention} days, but MySQL flexible servers encrypt with its keys and take a key only from a vault that keeps them ${retentionNeeded} (recovery level Recoverable); a vault's retention is fixed when it is made: use a vault that keeps deleted keys ${retentionNeeded} days` });
    }
    // Key Vault authorizes by the principal's one entry, whatever key it asks for; `all` holds every key permission.
    if (!rbac && !(p.enableRbacAuthorization ?? false)) {
        for (const need of args.requires?.accessPolicies ?? []) {
            const entry = (p.accessPolicies ?? []).find((e) => e.objectId.toLowerCase() === need.objectId.toLowerCase());
            const held = (entry?.permissions.keys ?? []).map((k) => k.toLowerCase());
            const missing = held.includes("all") ? [] : need.keyPermissions.filter((k) => !held.includes(k.toLowerCase()));
            if (entry !== undefined && missing.length === 0) continue;
            const lacks = entry === undefined ? `has no access policy for ${need.neededBy} (object id ${need.objectId})` : `gives ${need.neededBy} (object id ${need.objectId}) an access policy without key permission${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
            issues.push({ field: "requires.accessPolicies", message: `${where} ${lacks}, so Key Vault refuses (403 Forbidden) the services that encrypt with its keys as that identity at pulumi up; have the vault's owner give it ${need.keyPermissions.join(", ")} on keys` });
        }
    }
    for (const rule of args.requires?.ipRules ?? []) {
        if (open) continue;
        const admitted = !publicOff && (acls.ipRules ?? []).some((r) => contains(r.value, rule));
        if (!admitted) {
            issues.push({ field: "requires.ipRules", message: `${where} does not admit ${rule}${publicOff ? " (public network access is disabled)" : ""}; add it to the vault's firewall where the vault is managed` });
        }
    }
    return issues;
}

/**
 * ARM's 404 for the vault, with a hint for the name of a Managed HSM pool, which ARM keeps apart from
 * vaults; any other failure as it came. The engine passes a provider's failure on as text alone (the
 * SDK rejects with `new Error(details)`), so its ARM error code is read from the text.
 */
export function withManagedHsmHint(error: unknown, vaultName: string): unknown {
    if (!(error instanceof Error) || !/\bResourceNotFound\b/.test(error.message)) return error;
    return new Error(`${error.message} (a Managed HSM pool is not a Key Vault vault: if ${vaultName} is one, azure-byok cannot read it yet; name a vault)`, { cause: error });
}

/** Whether IPv4 range `outer` (an address or CIDR) holds all of `inner`. */
function contains(outer: string, inner: string): boolean {
    const range = (v: string): [ipaddr.IPv4, number] | undefined => {
        try {
            return v.includes("/") ? ipaddr.IPv4.parseCIDR(v) : [ipaddr.IPv4.parse(v), 32];
        } catch {
            return undefined;
        }
    };
    const o = range(outer);
    const i = range(inner);
    return o !== undefined && i !== undefined && i[1] >= o[1] && i[0].match(o);
}

/**
 * A reference to an existing vault for keys, grants and CMK services, read from Azure
 * (`keyvault.getVault`, which `pulumi preview` runs too) and checked against the declaration
 * before the caller registers anything in it: a contradiction, or a vault in another Entra
 * tenant than `requires.tenantId`, is a ValidationError naming the field, a missing vault ARM's
 * 404 (saying that a Managed HSM pool is not a vault). A vault in another subscription is read through an azure-native provider for that
 * subscription (`opts.provider`), which the reference keeps.
 */
export async function existingKeyVault(name: string, args: ExistingKeyVaultArgs, opts?: pulumi.InvokeOptions): Promise<VaultReference> {
    throwIfInvalid(`existing vault ${name}`, validateExistingKeyVaultArgs(args));
    const vault = await keyvault.getVault({ resourceGroupName: args.resourceGroupName, vaultName: args.vaultName }, opts).catch((e: unknown) => {
        throw withManagedHsmHint(e, args.vaultName);
    });
    const tenantId = args.requires?.tenantId ?? (await authorization.getClientConfig(opts)).tenantId;
    throwIfInvalid(`existing vault ${name}`, existingVaultProblems({ ...args, requires: { ...args.requires, tenantId } }, vault));
    return {
        id: vault.id,
        vaultName: vault.name,
        resourceGroupName: args.resourceGroupName,
        vaultUri: vault.properties.vaultUri,
        tenantId: vault.properties.tenantId,
        sku: args.sku ?? ExistingKeyVaultDefaults.sku,
        enableRbacAuthorization: args.enableRbacAuthorization ?? ExistingKeyVaultDefaults.enableRbacAuthorization,
        prepareRbacMigration: args.prepareRbacMigration ?? ExistingKeyVaultDefaults.prepareRbacMigration,
        enablePurgeProtection: args.enablePurgeProtection ?? ExistingKeyVaultDefaults.enablePurgeProtection,
        // Azure's answer: 90 when the vault was made without one.
        softDeleteRetentionInDays: vault.properties.softDeleteRetentionInDays ?? 90,
        location: vault.location,
        // What is made in the vault goes where the vault was read: the provider given, else the parent's (as invoke resolves it).
        provider: opts?.provider ?? opts?.parent?.getProvider("azure-native:keyvault:getVault"),
    };
}
