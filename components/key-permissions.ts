import { v5 as uuidv5 } from "uuid";

/** Azure's built-in roles this product assigns: the components' one map from role to GUID (the pack and the plan mocks, which may not import it, keep theirs; test/policies/lib/azure.test.ts holds them to this). */
export const builtInRoles = {
    keyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    keyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Management of the vault resource, no data access: what AKS needs to link its KMS plugin to a private vault. */
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    /** What an AKS cluster's identity needs on the subnets it places its API server and nodes in. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    /** Reads a vault and its objects' metadata, through Resource Manager and the data plane, never a secret's value or key material: a client application's opt-in `vaultRead`. */
    keyVaultReader: "21090545-7ca7-4776-b22c-e363652d74d2",
    /** Reads a secret's value: what whoever installs a vendor's client needs on the one secret handed over. */
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    /** Sends to one event hub: a vault's Event Grid topic delivering its key events there as its own identity. */
    eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
    /** Sends to one Service Bus queue: the same, for a queue. */
    serviceBusDataSender: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
    /** Adds messages to one storage queue: the same, for a storage queue. */
    storageQueueDataMessageSender: "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
    /** Writes blobs in one container: a vault's Event Grid topic dead-lettering the events it could not deliver there. */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

export type BuiltInRole = keyof typeof builtInRoles;

/** What a principal may do with keys, named for the jobs this product provisions. */
export const permissionSets = {
    /** A CMK service (storage, registry, disks) wrapping its data key: Crypto Service Encryption User on the key. */
    cmkService: { keyPermissions: ["get", "wrapKey", "unwrapKey"], role: "keyVaultCryptoServiceEncryptionUser", scope: "key" },
    /**
     * An application encrypting with the key (a backup vendor): Crypto User on the key. That role is wider than
     * these permissions: its dataActions also update the key (disable it, change its expiry or key_ops), back it
     * up, wrap, unwrap, sign and verify. For exactly these, assign a custom role yourself instead of the grant.
     */
    applicationCrypto: { keyPermissions: ["get", "encrypt", "decrypt"], role: "keyVaultCryptoUser", scope: "key" },
    /** An application signing with the key (tokens, releases): Crypto User on the key, as wide as for `applicationCrypto`. */
    signing: { keyPermissions: ["get", "sign", "verify"], role: "keyVaultCryptoUser", scope: "key" },
    /**
     * A key-management appliance creating and importing keys: Crypto Officer on the vault, the only vault-wide set.
     * On an RBAC vault that role is far wider than these permissions: its dataActions are keys/* and
     * keyrotationpolicies/* on every key in the vault (update, backup, restore, recover, rotate, and every
     * cryptographic operation), other services' keys there included; in an access-policy vault it is exactly these,
     * and purge where the vault has no purge protection (KeyAccess's `accessPolicyKeyPermissions` leaves it out there).
     */
    keyManagementAppliance: {
        keyPermissions: ["get", "list", "create", "import", "delete", "purge"],
        role: "keyVaultCryptoOfficer",
        scope: "vault",
    },
} as const satisfies Record<string, { keyPermissions: readonly string[]; role: BuiltInRole; scope: "key" | "vault" }>;

export type PermissionSet = keyof typeof permissionSets;

export function isPermissionSet(value: unknown): value is PermissionSet {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(permissionSets, value);
}

/** The full role-definition id ARM expects, in the subscription of the scope. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${builtInRoles[role]}`;
}

/** The subscription of an ARM id; throws when the id has none, because a role scope must. */
export function subscriptionOf(armId: string): string {
    const m = /^\/subscriptions\/([0-9a-f-]{36})(\/|$)/i.exec(armId);
    if (!m) {
        throw new Error(`"${armId}" is not an Azure Resource Manager id with a subscription (/subscriptions/<guid>/...).`);
    }
    return m[1];
}

// A fixed namespace keeps names stable across runs and machines, like Bicep's guid().
const ROLE_ASSIGNMENT_NAMESPACE = "6f1c2d1e-8d4b-5b0e-9a57-2c0f6f3a9b11";

/**
 * A role assignment's name derived from what it grants, so a re-run names the same
 * assignment and two grants of the same role to the same principal on one scope collide.
 */
export function roleAssignmentName(scope: string, principalId: string, roleDefinitionGuid: string): string {
    return uuidv5([scope.toLowerCase(), principalId.toLowerCase(), roleDefinitionGuid.toLowerCase()].join("|"), ROLE_ASSIGNMENT_NAMESPACE);
}
