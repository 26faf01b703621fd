import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey, IdentityReference, VaultReference } from "./types";
import { accessPolicyProviderIssues, KeyAccess, validateRbacPropagationWait } from "./key-access";
import { PermissionSet } from "./key-permissions";
import { grantsVia } from "./key-vault-rbac-migration";
import { IDENTITY_NAME, ManagedIdentity } from "./managed-identity";
import { localGrantCommand, MANAGED_HSM_GRANT_RULE, MANAGED_HSM_LOCAL_ROLES, ManagedHsmKey, managedHsmKeyIn, managedHsmKeyOf } from "./managed-hsm-key";
import { DerivedName } from "./naming";
import { privateEndpointsShapeIssues } from "./private-endpoint";
import { ArgSpec, ArgType, checkedOnResolve, identityReferenceShapeIssues, isRecord, keyReferenceShapeIssues, known, shapeIssues, ShapeOptions, ValidationIssue } from "./validation";
import type { ResourceTags } from "./tags";

/** Services that take a customer-managed key; they differ in the key URL they accept. */
export type CmkConsumer = "containerRegistry" | "storageAccount" | "diskEncryptionSet" | "postgresqlFlexibleServer" | "mysqlFlexibleServer" | "kubernetesCluster" | "sqlServer";

/** Consumers that take only a versioned key URL. */
const VERSIONED_CONSUMERS: readonly CmkConsumer[] = ["diskEncryptionSet", "kubernetesCluster", "mysqlFlexibleServer", "sqlServer"];

/**
 * The key URL a service gets: versionless, so the service follows rotation, unless a version
 * is pinned by name or the consumer requires a versioned URL: a disk encryption set (it follows
 * rotation through `rotationToLatestKeyVersionEnabled` instead), AKS's KMS plugin and MySQL (their
 * key id is changed to a new version by an update of the cluster or server), and SQL (its server
 * keys are named `<vault>_<key>_<version>`; the encryption protector's auto-rotation follows new versions).
 */
export function cmkKeyUrl(consumer: CmkConsumer, cmk: CustomerManagedKey): pulumi.Output<string> {
    if (cmk.keyVersion !== undefined) {
        return pulumi.interpolate`${cmk.key.keyUri}/${cmk.keyVersion}`;
    }
    return pulumi.output(VERSIONED_CONSUMERS.includes(consumer) ? cmk.key.keyUriWithVersion : cmk.key.keyUri);
}

/**
 * The key URL a service gets (cmkKeyUrl), for a service Azure gives no Managed HSM key: held, once it
 * resolves, to the rule validation applies to a plain key, so that a pool's key described with Outputs (a
 * StackReference's, with the caller's own grant as `keyAccess`) is refused as a plain one is, before the service is sent.
 */
export function checkedCmkKeyUrl(component: string, consumer: CmkConsumer, cmk: CustomerManagedKey, field = "customerManagedKey"): pulumi.Output<string> {
    const url = cmkKeyUrl(consumer, cmk);
    const refused = NO_MANAGED_HSM_KEY[consumer];
    if (refused === undefined) return url;
    return pulumi.output(checkedOnResolve(component, `${field}.key`, url, (uri) => {
        const hsm = managedHsmKeyIn(uri);
        return hsm === undefined ? undefined : refusedManagedHsmKeyProblem({ pool: hsm.pool, keyName: known<string>(cmk.key.keyName) ?? hsm.keyName ?? "<key name>" }, refused);
    }));
}

/** What a service does with its key: wraps its data keys (most), or encrypts them with it (AKS's KMS plugin). */
const KEY_USES = {
    wrap: { ops: ["wrapKey", "unwrapKey"], doing: "wrap its data key", withAnyKey: "wrap a data key", purpose: "cmkService" },
    encrypt: { ops: ["encrypt", "decrypt"], doing: "encrypt its data keys", withAnyKey: "encrypt data keys", purpose: "applicationCrypto" },
} as const;

/** Services that take no Managed HSM key at all, and where Microsoft says so. */
const NO_MANAGED_HSM_KEY: Partial<Record<CmkConsumer, string>> = {
    // MicrosoftDocs azure-docs articles/security/fundamentals/encryption-customer-managed-keys-support.md
    containerRegistry: "Microsoft's table of customer-managed-key support lists Container Registry with Key Vault keys only",
    // MicrosoftDocs azure-aks-docs use-kms-etcd-encryption.md
    kubernetesCluster: "AKS's KMS etcd encryption is documented for Key Vault keys only",
};

/**
 * Why a service's key must be in a purge-protected vault, where it is not Azure's refusal. Azure
 * refuses a key from a vault without it for every other service this package encrypts (registry,
 * storage, disk encryption set, Cosmos DB, SQL, PostgreSQL, MySQL, Event Hubs and Service Bus: each
 * one's CMK guide requires soft delete and purge protection, as plan/azure-services.ts's requireCmkKey
 * does). AKS's KMS guide asks for neither (its example vault has none): there it is this product's
 * rule, kept since a purged KMS key cannot be brought back, and etcd's secrets with it.
 */
const PURGE_PROTECTION_REASON: Partial<Record<CmkConsumer, string>> = {
    // MicrosoftDocs azure-aks-docs use-kms-etcd-encryption.md, Limitations: "Deleting the key, the key vault, or the associated identity isn't supported".
    kubernetesCluster: "AKS's KMS does not require purge protection, but this product takes its key only from a vault with it: a purged KMS key leaves etcd's secrets undecryptable and the cluster unrecoverable (Microsoft's AKS KMS guide: deleting the key or its vault isn't supported)",
};
const AZURE_REQUIRES_PURGE_PROTECTION = "Azure refuses customer-managed keys from a vault without purge protection";

/**
 * Services that reach their key other than through the vault's trusted-services bypass, and keep their own network
 * rules: AKS's KMS over public access or a private link (kubernetes-network.ts). Every other service here passes a
 * firewall that denies by default only through the bypass: the registry, storage and its encryption scopes, the disk
 * encryption set (as Azure Disk Storage), SQL, PostgreSQL and MySQL flexible servers, Event Hubs and Service Bus are on
 * Microsoft's trusted-services list (azure-security-docs key-vault/general/overview-vnet-service-endpoints.md), and
 * Cosmos DB's CMK troubleshooting guide asks for "Allow trusted Microsoft services to bypass this firewall" on a vault
 * open to selected networks (its public endpoint it needs on besides: COSMOSDB_VAULT_ACCESS).
 */
const NOT_TRUSTED_SERVICES: readonly CmkConsumer[] = ["kubernetesCluster"];

/** How a CMK service reads `customerManagedKey`: the key and its version decide the service's key URL before deploy. */
export const CUSTOMER_MANAGED_KEY_ARGS = {
    key: "object",
    keyVersion: "string",
    userAssignedIdentity: "object",
    identityName: "string",
    keyAccess: "resource",
    rbacPropagationWait: "string",
} as const satisfies ArgSpec<CustomerManagedKey>;

/** The shape of a `customerManagedKey` from an untyped caller, under `field`: every problem with it, before any rule reads a value. */
export function customerManagedKeyShapeIssues(cmk: unknown, field: string): ValidationIssue[] {
    // A key given where `{ key }` belongs (an EncryptionKey has a `key` too: its keyvault.Key).
    if (isRecord(cmk) && cmk.keyOps !== undefined && cmk.keyVault !== undefined) {
        return [{ field, message: "is a key; give it as { key: <the key> }, with keyVersion, userAssignedIdentity and keyAccess beside it where needed" }];
    }
    const issues = shapeIssues(cmk, CUSTOMER_MANAGED_KEY_ARGS, field, { required: { key: "a CMK service needs the key it encrypts with" }, closed: true });
    if (!isRecord(cmk)) return issues;
    if (isRecord(cmk.key)) issues.push(...keyReferenceShapeIssues(cmk.key, `${field}.key`));
    if (isRecord(cmk.userAssignedIdentity)) issues.push(...identityReferenceShapeIssues(cmk.userAssignedIdentity, `${field}.userAssignedIdentity`));
    return issues;
}

/**
 * The shape of a CMK service's args from an untyped caller: an object of the arguments `spec`
 * names and no others, its resource group and `customerManagedKey` given, each argument of its
 * type, and the key's and private endpoints' own shapes. `service` names what is made ("registry"), for the messages.
 */
export function cmkServiceShapeIssues(args: unknown, spec: Readonly<Record<string, ArgType>>, service: string, options: ShapeOptions = {}): ValidationIssue[] {
    const issues = shapeIssues(args, spec, "", {
        ...options,
        required: {
            resourceGroupName: `the resource group the ${service} lives in`,
            customerManagedKey: `the key the ${service} encrypts with, as { key: <an EncryptionKey or a KeyReference> }`,
            ...options.required,
        },
        closed: true,
    });
    if (!isRecord(args)) return issues;
    // What is not an object or a list is reported above, by its type.
    if (isRecord(args.customerManagedKey)) issues.push(...customerManagedKeyShapeIssues(args.customerManagedKey, "customerManagedKey"));
    if (Array.isArray(args.privateEndpoints)) issues.push(...privateEndpointsShapeIssues(args.privateEndpoints));
    return issues;
}

/**
 * The rules every CMK service shares, reported under `field` (e.g. `customerManagedKey`). With the
 * service's `opts`, also where the key grant it makes (no `keyAccess` given) would go: refused
 * before the service registers anything when its provider cannot reach the key's vault. `consumer`
 * names a service with rules of its own (a Managed HSM key refused outright, purge protection
 * required by this product rather than by Azure, a vault reached other than as a trusted service).
 */
export function validateCustomerManagedKey(cmk: CustomerManagedKey | undefined, field = "customerManagedKey", use: keyof typeof KEY_USES = "wrap", serviceName?: string, opts?: pulumi.ComponentResourceOptions, consumer?: CmkConsumer): ValidationIssue[] {
    if (cmk === undefined || cmk === null) {
        return [{ field: `${field}.key`, message: "is required: a CMK service needs the key it encrypts with" }];
    }
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = customerManagedKeyShapeIssues(cmk, field);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const add = (f: string, message: string) => issues.push({ field: `${field}.${f}`, message });
    // Without an identity given, the service makes its own, named identityName or after it (identityWithKeyAccess).
    if (cmk.identityName !== undefined && cmk.userAssignedIdentity !== undefined) {
        add("identityName", "names the identity the service would make, but userAssignedIdentity is given, which the service runs as instead; leave identityName out");
    } else if (cmk.identityName !== undefined && !IDENTITY_NAME.test(cmk.identityName)) {
        add("identityName", `"${cmk.identityName}" is not an identity name: 3–128 letters, digits, hyphens and underscores, starting with a letter or digit`);
    } else if (serviceName !== undefined && cmk.userAssignedIdentity === undefined && cmk.identityName === undefined && !IDENTITY_NAME.test(`${serviceName}-identity`)) {
        issues.push({ field: "name", message: `"${serviceName}" names the service's own identity "${serviceName}-identity", which Azure refuses: an identity name is 3–128 letters, digits, hyphens and underscores; rename it, give ${field}.identityName, or give the service an identity` });
    }
    const hsmProblem = managedHsmKeyProblem(cmk, use, consumer, field);
    if (hsmProblem !== undefined) add("key", hsmProblem);
    const firewallProblem = consumer !== undefined && NOT_TRUSTED_SERVICES.includes(consumer) ? undefined : trustedServicesBlockedProblem(cmk.key.keyVault);
    if (firewallProblem !== undefined) add("key", firewallProblem);
    if (cmk.key.kty !== "RSA-HSM" && cmk.key.kty !== "RSA") {
        add("key.kty", `${cmk.key.kty} keys cannot ${KEY_USES[use].withAnyKey}; Azure services take RSA or RSA-HSM keys`);
    }
    const { ops, doing, purpose } = KEY_USES[use];
    const missing = ops.filter((op) => !cmk.key.keyOps.includes(op));
    if (missing.length > 0) {
        add("key.keyOps", `lacks ${missing.join(", ")}, which the service uses to ${doing}; create the key with purpose "${purpose}"`);
    }
    if (!cmk.key.keyVault.enablePurgeProtection) {
        add("key.keyVault.enablePurgeProtection", `is off; ${(consumer === undefined ? undefined : PURGE_PROTECTION_REASON[consumer]) ?? AZURE_REQUIRES_PURGE_PROTECTION}`);
    }
    // The grant is the given identity's: without one the service runs as a new identity nobody granted.
    if (cmk.keyAccess !== undefined && cmk.userAssignedIdentity === undefined) {
        add("keyAccess", "is an existing grant of the service's identity, but no userAssignedIdentity is given, so the service would run as a new identity that grant does not cover; give the identity the grant is for as userAssignedIdentity, or leave keyAccess out to have the grant made");
    }
    if (cmk.keyVersion !== undefined && !/^[0-9a-f]{32}$/.test(cmk.keyVersion)) {
        add("keyVersion", `"${cmk.keyVersion}" is not a key version (32 lowercase hex characters)`);
    }
    issues.push(...validateRbacPropagationWait(cmk.rbacPropagationWait, `${field}.rbacPropagationWait`));
    // The grant made here is the service's child: refused before the service registers its identity.
    if (cmk.keyAccess === undefined) issues.push(...accessPolicyProviderIssues(cmk.key.keyVault, undefined, opts, `${field}.key.keyVault.provider`, "the access policy of its key grant"));
    return issues;
}

/**
 * The Azure name of the identity a service makes for itself (none when it is given one), for
 * renameIssues: `identityName`, else the resource name and `suffix`.
 */
export function ownIdentityName(cmk: CustomerManagedKey | undefined, field = "customerManagedKey", suffix = "-identity"): DerivedName[] {
    if (cmk === undefined || cmk.userAssignedIdentity !== undefined) return [];
    return [{ field: `${field}.identityName`, what: "identity made for the service", given: cmk.identityName !== undefined, from: (n) => `${n}${suffix}` }];
}

/**
 * Why a service cannot use a Managed HSM pool's key: Azure's own refusal, else the grant this
 * package cannot make. With `keyAccess` given it makes no grant (identityWithKeyAccess): the
 * caller made the pool's local one.
 */
function managedHsmKeyProblem(cmk: CustomerManagedKey, use: keyof typeof KEY_USES, consumer: CmkConsumer | undefined, field: string): string | undefined {
    const hsmKey = managedHsmKeyOf(cmk.key);
    if (hsmKey === undefined) return undefined;
    const what = `is key ${hsmKey.keyName} of Managed HSM pool ${hsmKey.pool}`;
    const refused = consumer === undefined ? undefined : NO_MANAGED_HSM_KEY[consumer];
    if (refused !== undefined) return refusedManagedHsmKeyProblem(hsmKey, refused);
    if (cmk.keyAccess !== undefined) return undefined;
    const principal = cmk.userAssignedIdentity === undefined ? "<principalId of the service's identity>" : known<string>(cmk.userAssignedIdentity.principalId) ?? "<principalId of userAssignedIdentity>";
    const grant = localGrantCommand(hsmKey, MANAGED_HSM_LOCAL_ROLES[KEY_USES[use].purpose], principal);
    // A list entry's key (a SQL server's additionalKeys, an encryption scope) reaches this check without a grant of its own.
    const own = field.includes("[")
        ? ""
        : `make that grant yourself (that command, or Azure Classic's keyvault.ManagedHardwareSecurityModuleRoleAssignment) and give the identity as ${field}.userAssignedIdentity and the grant's resource as ${field}.keyAccess, or `;
    return `${what}: ${MANAGED_HSM_GRANT_RULE}, and the service's identity needs one (${grant}); ${own}use a key in a Key Vault vault`;
}

/**
 * Why a trusted service cannot reach a key in `vault`: its firewall lets no trusted service through (bypass None) and
 * the vault is not open to every network, as the stack's firewallBypassIssues judges a vault of its config. A vault
 * whose bypass is not known (described without it) is not judged.
 */
function trustedServicesBlockedProblem(vault: VaultReference): string | undefined {
    const network = vault.networkAccess;
    if (network?.bypass !== "None" || (network.publicNetworkAccess === "Enabled" && network.defaultAction === "Allow")) return undefined;
    const name = known<string>(vault.vaultName);
    const where = network.publicNetworkAccess === "Disabled" ? "public network access disabled" : `public network access on behind a firewall that denies by default (defaultAction ${network.defaultAction})`;
    return `is in ${name === undefined ? "a vault" : `vault ${name}`} with ${where} and networkAcls.bypass "None", which lets no trusted Azure service through, while the service reaches its key as one of Key Vault's trusted services; set the vault's networkAcls.bypass to "AzureServices" (the default)`;
}

/** Azure's refusal of a pool's key for a service that takes none (NO_MANAGED_HSM_KEY's `refused`), as plain and resolved keys get it. */
function refusedManagedHsmKeyProblem(hsmKey: ManagedHsmKey, refused: string): string {
    return `is key ${hsmKey.keyName} of Managed HSM pool ${hsmKey.pool}, and Azure does not take a Managed HSM key here: ${refused}; use a key in a Key Vault vault`;
}

/**
 * The identity a CMK service runs as and its grant on the key, created before the service so
 * that Azure never sees the service before its identity may use the key. An identity made here
 * takes the service's `protect` (a service whose identity is deleted cannot reach its key). The
 * grant is never protected, even under a component given `{ protect: true }` (the SDK passes a
 * parent's `protect` to every child that sets none): a move to another key replaces it, which the
 * engine refuses for a protected resource. Both take the service's `retainOnDelete` (keptOnDelete: its
 * `protect`, or the component's own `retainOnDelete: true`): a service kept in Azure when it leaves the
 * stack would otherwise lose its identity or its key, once its cached copy expires. `keepGrant` keeps the
 * grant alone in Azure whatever the service's. Retention also holds when a move to another key replaces the
 * grant (the engine skips a retained resource's delete either way): the grant on the old key stays in Azure.
 * `listKeysInAccessPolicy` adds `list` where the grant is an access policy, as Microsoft's access-policy
 * recipes for some services grant it; on an RBAC vault their guides assign the key's role alone, and
 * KeyAccess refuses `listKeys` there (listing is a read on the vault, which no key's role carries).
 */
export function identityWithKeyAccess(
    name: string,
    cmk: CustomerManagedKey,
    resourceGroupName: pulumi.Input<string>,
    location: pulumi.Input<string | undefined> | undefined,
    parent: pulumi.Resource,
    permissions: PermissionSet = "cmkService",
    tags?: ResourceTags,
    { listKeysInAccessPolicy, retainOnDelete, protect, keepGrant }: { listKeysInAccessPolicy?: boolean; retainOnDelete?: boolean; protect?: boolean; keepGrant?: boolean } = {},
): { identity: IdentityReference; keyAccess: pulumi.Resource } {
    const identity = cmk.userAssignedIdentity ?? new ManagedIdentity(`${name}-identity`, { resourceGroupName, location, tags, ...(cmk.identityName !== undefined ? { identityName: cmk.identityName } : {}), ...(protect !== undefined ? { protect } : {}) }, { parent, ...(retainOnDelete ? { retainOnDelete } : {}) });
    const grantKept = retainOnDelete === true || keepGrant === true;
    const listKeys = listKeysInAccessPolicy === true && grantsVia(cmk.key.keyVault).accessPolicy;
    const keyAccess = cmk.keyAccess
        ?? new KeyAccess(`${name}-key-access`, { key: cmk.key, principalId: identity.principalId, permissions, rbacPropagationWait: cmk.rbacPropagationWait, ...(listKeys ? { listKeys } : {}) }, { parent, protect: false, ...(grantKept ? { retainOnDelete: true } : {}) });
    return { identity, keyAccess };
}
