import { ArmError, badRequest, CLOUDS } from "./arm";
import type { AzureState, KeyRecord } from "./azure";

/** Who may use a key in the mocks' Azure: built-in roles and the access checks services make. */

/** Azure's built-in roles the product may assign, with the control-plane actions and data actions each grants. */
export const builtInRoles: Record<string, { roleName: string; actions?: string[]; dataActions: string[] }> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": { roleName: "Owner", actions: ["*"], dataActions: [] },
    "b24988ac-6180-42a0-ab88-20f7382dd24c": { roleName: "Contributor", actions: ["*"], dataActions: [] },
    "acdd72a7-3385-48ef-bd42-f606fba81ae7": { roleName: "Reader", actions: ["*/read"], dataActions: [] },
    "4d97b98b-1d4f-4787-a291-c67834d212e7": { roleName: "Network Contributor", actions: ["Microsoft.Network/*", "Microsoft.Resources/deployments/*"], dataActions: [] },
    "f25e0fa2-a7c8-4377-a976-54943a77a395": { roleName: "Key Vault Contributor", actions: ["Microsoft.KeyVault/*", "Microsoft.Resources/deployments/*"], dataActions: [] },
    "00482a5a-887f-4fb3-b363-3b7fe8e74483": { roleName: "Key Vault Administrator", dataActions: ["Microsoft.KeyVault/vaults/*"] },
    "14b46e9e-c2b7-41b4-b07b-48a6ebf60603": {
        roleName: "Key Vault Crypto Officer",
        dataActions: ["Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*"],
    },
    "12338af0-0e69-4776-bea7-57ae8d297424": {
        roleName: "Key Vault Crypto User",
        dataActions: [
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/update/action",
            "Microsoft.KeyVault/vaults/keys/backup/action",
            "Microsoft.KeyVault/vaults/keys/encrypt/action",
            "Microsoft.KeyVault/vaults/keys/decrypt/action",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
            "Microsoft.KeyVault/vaults/keys/sign/action",
            "Microsoft.KeyVault/vaults/keys/verify/action",
        ],
    },
    "e147488a-f6f5-4113-8e2d-b22465e65bf6": {
        roleName: "Key Vault Crypto Service Encryption User",
        dataActions: [
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
        ],
    },
    "08bbd89e-9f13-488c-ac41-acfcb10c90ab": {
        roleName: "Key Vault Crypto Service Release User",
        dataActions: ["Microsoft.KeyVault/vaults/keys/release/action"],
    },
    "21090545-7ca7-4776-b22c-e363652d74d2": { roleName: "Key Vault Reader", dataActions: ["Microsoft.KeyVault/vaults/*/read"] },
    "4633458b-17de-408a-b874-0445c86b69e6": { roleName: "Key Vault Secrets User", dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"] },
    "2b629674-e913-4c01-ae53-ef4638d8f975": { roleName: "Azure Event Hubs Data Sender", dataActions: ["Microsoft.EventHub/namespaces/messages/send/action"] },
    "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39": { roleName: "Azure Service Bus Data Sender", dataActions: ["Microsoft.ServiceBus/namespaces/messages/send/action"] },
    "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a": { roleName: "Storage Queue Data Message Sender", dataActions: ["Microsoft.Storage/storageAccounts/queueServices/queues/messages/add/action"] },
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": { roleName: "Storage Blob Data Contributor", dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"] },
};

const DATA_ACTIONS_FOR_CMK = [
    "Microsoft.KeyVault/vaults/keys/read",
    "Microsoft.KeyVault/vaults/keys/wrap/action",
    "Microsoft.KeyVault/vaults/keys/unwrap/action",
];

const DATA_ACTIONS_FOR_ENCRYPTION = [
    "Microsoft.KeyVault/vaults/keys/read",
    "Microsoft.KeyVault/vaults/keys/encrypt/action",
    "Microsoft.KeyVault/vaults/keys/decrypt/action",
];

function actionMatches(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("[^]*")}$`, "i");
    return regex.test(action);
}

/**
 * Whether a principal may get, wrap and unwrap with a key, as Key Vault would decide: an RBAC
 * role on the key or any scope above it, or an access policy in an access-policy vault.
 */
export function canWrapWithKey(state: AzureState, principalId: string, key: KeyRecord, accessPolicyPermissions: readonly string[] = ["get", "wrapkey", "unwrapkey"]): boolean {
    return canUseKey(state, principalId, key, DATA_ACTIONS_FOR_CMK, accessPolicyPermissions);
}

/** Whether a principal may get, encrypt and decrypt with a key (AKS's KMS plugin), as Key Vault would decide. */
export function canEncryptWithKey(state: AzureState, principalId: string, key: KeyRecord): boolean {
    return canUseKey(state, principalId, key, DATA_ACTIONS_FOR_ENCRYPTION, ["get", "encrypt", "decrypt"]);
}

/** Whether a principal holds a role granting `action` (a control-plane action) on `scope` or a scope above it. */
export function mayPerform(state: AzureState, principalId: string, scope: string, action: string): boolean {
    const target = scope.toLowerCase();
    return state.assignmentsOf(principalId).some((assignment) => {
        const at = assignment.scope.toLowerCase();
        const role = builtInRoles[assignment.roleDefinitionId.split("/").pop()?.toLowerCase() ?? ""];
        return (target === at || target.startsWith(`${at}/`)) && (role?.actions ?? []).some((pattern) => actionMatches(pattern, action));
    });
}

function canUseKey(state: AzureState, principalId: string, key: KeyRecord, dataActions: readonly string[], accessPolicyPermissions: readonly string[]): boolean {
    const vault = state.vaults.get(key.vaultName.toLowerCase());
    if (!vault) {
        return false;
    }
    if (!vault.enableRbacAuthorization) {
        const perms = (vault.accessPolicies?.get(principalId.toLowerCase()) ?? []).map((p) => p.toLowerCase());
        return perms.includes("all") || accessPolicyPermissions.every((p) => perms.includes(p));
    }
    const keyId = key.id.toLowerCase();
    for (const assignment of state.assignmentsOf(principalId)) {
        const scope = assignment.scope.toLowerCase();
        if (!(keyId === scope || keyId.startsWith(`${scope}/`))) {
            continue;
        }
        const role = builtInRoles[assignment.roleDefinitionId.split("/").pop()?.toLowerCase() ?? ""];
        if (role && dataActions.every((action) => role.dataActions.some((pattern) => actionMatches(pattern, action)))) {
            return true;
        }
    }
    return false;
}

/** The key a Key Vault key URL names (`https://<vault>.<the cloud's Key Vault suffix>/keys/<name>[/<version>]`), if it exists. */
export function keyFromUrl(state: AzureState, url: unknown): { key: KeyRecord; version?: string } | undefined {
    const m = typeof url === "string" ? /^https:\/\/([a-zA-Z0-9-]+)\.([a-z0-9.]+)\/keys\/([a-zA-Z0-9-]+)(?:\/([0-9a-f]{32}))?\/?$/.exec(url) : null;
    // Only the deploying cloud's vaults: a key elsewhere is not one this stack can reach.
    if (!m || m[2] !== CLOUDS[state.options.cloud].keyVault) {
        return undefined;
    }
    const key = state.keys.get(`${m[1]}/${m[3]}`.toLowerCase());
    return key ? { key, version: m[4] } : undefined;
}

/** Whether Azure would find `version` of the key: one it has, or any of a key the stack says exists. */
export function keyHasVersion(key: KeyRecord, version: string): boolean {
    return key.versionsUnknown === true || key.versions.includes(version);
}

/**
 * The refusal of a version the key does not have. Only a key the program creates lacks one (a key
 * the stack says exists takes any version), and it has only the version Key Vault gave it and the
 * ones the stack config pins (an earlier deploy's).
 */
export function versionNotFound(code: string, key: KeyRecord, version: string): ArmError {
    return badRequest(
        code,
        `Key version '${version}' of '${key.keyName}' does not exist: the stack creates the key, so on a new deployment its only version is the one Key Vault generates. Pin a version once the key exists (its keyUriWithVersion among the stack's outputs), or leave keyVersion out to follow rotation.`,
    );
}
