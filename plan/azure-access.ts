import { CLOUDS } from "./arm";
import type { AzureState, KeyRecord } from "./azure";

/** Who may use a key in the mocks' Azure: built-in roles and the access checks services make. */

/** Azure's built-in roles the product may assign, with the data actions each grants. */
export const builtInRoles: Record<string, { roleName: string; dataActions: string[] }> = {
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
};

const DATA_ACTIONS_FOR_CMK = [
    "Microsoft.KeyVault/vaults/keys/read",
    "Microsoft.KeyVault/vaults/keys/wrap/action",
    "Microsoft.KeyVault/vaults/keys/unwrap/action",
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
        if (role && DATA_ACTIONS_FOR_CMK.every((action) => role.dataActions.some((pattern) => actionMatches(pattern, action)))) {
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
