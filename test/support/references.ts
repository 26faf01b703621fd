import { KeyReference, VaultReference } from "../../components/types";

// Plain key and vault references, as a caller describes existing ones: validation reads them without mocks.

export const PRINCIPAL_ID = "5f0c8c2a-7d8e-4b8e-9a43-2b7d0a9c6e10";
export const KEY_VERSION = "0123456789abcdef0123456789abcdef";

export function vaultReference(extra: Partial<VaultReference> = {}): VaultReference {
    const vaultName = typeof extra.vaultName === "string" ? extra.vaultName : "kv-cmk";
    return {
        id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${vaultName}`,
        vaultName,
        resourceGroupName: "rg",
        vaultUri: `https://${vaultName}.vault.azure.net/`,
        sku: "premium",
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        tenantId: "00000000-0000-0000-0000-000000000000",
        ...extra,
    };
}

/** An RSA-HSM key for customer-managed keys (wrapKey, unwrapKey) in `keyVault`. */
export function keyReference(extra: Partial<KeyReference> = {}, keyVault: VaultReference = vaultReference()): KeyReference {
    const keyName = typeof extra.keyName === "string" ? extra.keyName : "cmk";
    const keyUri = `${String(keyVault.vaultUri)}keys/${keyName}`;
    return {
        id: `${String(keyVault.id)}/keys/${keyName}`,
        keyUri,
        keyUriWithVersion: `${keyUri}/${KEY_VERSION}`,
        keyName,
        kty: "RSA-HSM",
        keySize: 3072,
        keyOps: ["wrapKey", "unwrapKey"],
        keyVault,
        ...extra,
    };
}
