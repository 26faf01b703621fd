import * as pulumi from "@pulumi/pulumi";
import type { ResolvedRotationPolicy } from "./key-rotation-policy";

/** Key Vault SKUs; HSM-protected keys need `premium`. */
export type KeyVaultSku = "standard" | "premium";

/**
 * A vault a key or grant refers to: a `KeyVault` from this package, or an existing vault
 * described by hand. The plain fields decide validation before anything is registered.
 */
export interface VaultReference {
    /** The vault's ARM id. */
    readonly id: pulumi.Input<string>;
    /** The vault's name (3–24 characters). */
    readonly vaultName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    /** `https://<name>.vault.azure.net/` */
    readonly vaultUri: pulumi.Input<string>;
    readonly sku: KeyVaultSku;
    /** True when the vault uses Azure RBAC, false for access policies. */
    readonly enableRbacAuthorization: boolean;
    /**
     * True on an access-policy vault about to move to Azure RBAC: each grant made as an access
     * policy also gets the role assignment it will have once the vault uses RBAC, so that the
     * roles are in effect before the flip invalidates the policies. Absent means false.
     */
    readonly prepareRbacMigration?: boolean;
    readonly enablePurgeProtection: boolean;
    /** The vault's tenant, needed for access-policy grants. */
    readonly tenantId: pulumi.Input<string>;
    /**
     * The vault's region, where known: a disk encryption set takes keys only from a vault in its own region. An
     * azure-native `Vault`'s `location` as it is (`Output<string | undefined>`): a value that resolves to none skips the region rules, as one not given does.
     */
    readonly location?: pulumi.Input<string | undefined>;
    /**
     * Who reaches the vault over its public endpoint, and whether its firewall lets Key Vault's trusted services
     * through, where known (a `KeyVault`'s, as sent): Cosmos DB, no trusted service of a vault with public access
     * disabled, needs that endpoint on; the other CMK services reach their key as trusted services, so `bypass`
     * `None` locks them out of a vault not open to every network. A `bypass` not given is not judged.
     */
    readonly networkAccess?: { readonly publicNetworkAccess: "Enabled" | "Disabled"; readonly defaultAction: "Allow" | "Deny"; readonly bypass?: "AzureServices" | "None" };
    /** Days the vault keeps deleted keys, where known: MySQL takes a key only from a vault that keeps them 90 days. */
    readonly softDeleteRetentionInDays?: number;
    /**
     * The azure-native provider that reaches the vault's subscription, when it is not the
     * stack's (a platform team's central subscription). Keys, access policies and secrets made
     * in the vault go through it; scope-addressed resources (role assignments, locks) need none.
     * None means the default provider, which a component given another azure-native provider
     * cannot hand its children: what it would make in such a vault is refused.
     */
    readonly provider?: pulumi.ProviderResource;
    /**
     * The vault's own resource, when this program makes it and may delete it (a `KeyVault` with
     * `protect: false`). Keys and secrets made in the vault are then deleted with it (Pulumi's
     * `deletedWith`): azure-native deletes them through the vault's data plane, which a closed vault
     * refuses to the deployer, and Azure deletes them with the vault. None for a protected vault,
     * which is kept in Azure (`retainOnDelete`) while the engine would skip a key's delete merely
     * because the vault's was scheduled, and for a vault the program only reads.
     */
    readonly deletedWith?: pulumi.Resource;
}

/** Key types Key Vault vaults hold; `-HSM` types are HSM-protected. */
export type KeyType = "RSA-HSM" | "RSA" | "EC-HSM" | "EC";

export type KeyOperation = "encrypt" | "decrypt" | "sign" | "verify" | "wrapKey" | "unwrapKey" | "import" | "release";

/** A key a grant or a CMK service refers to: an `EncryptionKey`, or an existing key described by hand. */
export interface KeyReference {
    /** The key's ARM id (`.../vaults/<v>/keys/<k>`): the scope of a key-scoped role assignment. */
    readonly id: pulumi.Input<string>;
    /** `https://<vault>.vault.azure.net/keys/<name>`: follows rotation. */
    readonly keyUri: pulumi.Input<string>;
    /** The same with the current version appended. */
    readonly keyUriWithVersion: pulumi.Input<string>;
    readonly keyName: pulumi.Input<string>;
    readonly kty: KeyType;
    /** An RSA key's size in bits, when known: some services take only some sizes (SQL: 2048 or 3072). */
    readonly keySize?: number;
    readonly keyOps: readonly KeyOperation[];
    readonly keyVault: VaultReference;
    /** The key's rotation policy, when known (an `EncryptionKey`'s): AKS's KMS checks its versions outlive two rotations. */
    readonly rotationPolicy?: ResolvedRotationPolicy;
}

/** A management lock, as Azure Verified Modules describe one. */
export interface Lock {
    /** Required. `CanNotDelete`, or `None` to place no lock. `ReadOnly` is refused: it blocks the writes that make and rotate the vault's keys. */
    kind: "CanNotDelete" | "ReadOnly" | "None";
    /** Optional. Defaults to `lock-<resource name>`. */
    name?: string;
    /** Optional. Why the lock is there, shown to whoever meets it. */
    notes?: string;
}

/** A user-assigned identity a service runs as: a `ManagedIdentity`, or an existing one described by hand. */
export interface IdentityReference {
    /** The identity's ARM id. */
    readonly id: pulumi.Input<string>;
    readonly clientId: pulumi.Input<string>;
    readonly principalId: pulumi.Input<string>;
}

/**
 * The one customer-managed-key input every CMK service takes (AVM's `customerManagedKey`),
 * mapped per service: versionless (following rotation) unless a version is pinned by name.
 */
export interface CustomerManagedKey {
    /** Required. The key: an `EncryptionKey`, or an existing key described as a `KeyReference`. RSA with wrapKey and unwrapKey, in a purge-protected vault. */
    key: KeyReference;
    /** Optional. Pins one key version (32 hex characters) and so turns automatic rotation off. Defaults to none: the service follows new versions. */
    keyVersion?: string;
    /** Optional. The user-assigned identity the service reaches the key as. Defaults to a new `ManagedIdentity` named `<name>-identity`. */
    userAssignedIdentity?: IdentityReference;
    /**
     * Optional. Only without `userAssignedIdentity`: the Azure name of the identity the service makes, 3–128 letters, digits,
     * hyphens and underscores; what keeps it when the service is renamed with `aliases`. Defaults to `<name>-identity`
     * (`<name>-geo-backup-identity` for a server's `customerManagedKeyGeo`).
     */
    identityName?: string;
    /** Conditional. Only with `userAssignedIdentity`: an existing `cmkService` grant of that identity on this key, for several services sharing one identity; the service waits for it. Defaults to a new `KeyAccess`. */
    keyAccess?: pulumi.Resource;
    /** Optional. How long the service waits after the role assignments its component makes (the identity's grant on the key; AKS's on its vault, subnets and disk encryption set), for Azure to propagate them: whole seconds or minutes (`30s`, `90s`, `2m`), `0s` for none, at most `10m`. A `keyAccess` given keeps its own wait. Defaults to `KeyAccessDefaults.rbacPropagationWait` (30s). */
    rbacPropagationWait?: string;
}
