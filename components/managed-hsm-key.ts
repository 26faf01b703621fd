import * as pulumi from "@pulumi/pulumi";
import { PermissionSet } from "./key-permissions";
import { keyStoreNamedIn } from "./key-vault-names";
import { KeyReference, VaultReference } from "./types";
import { known } from "./validation";

/**
 * The Managed HSM local role that stands for each key-scoped permission set's Key Vault role
 * (learn.microsoft.com/azure/key-vault/managed-hsm/built-in-roles).
 */
export const MANAGED_HSM_LOCAL_ROLES: Readonly<Record<Exclude<PermissionSet, "keyManagementAppliance">, string>> = {
    cmkService: "Managed HSM Crypto Service Encryption User",
    applicationCrypto: "Managed HSM Crypto User",
    signing: "Managed HSM Crypto User",
};

/**
 * Why no grant this package makes reaches a pool's key (MicrosoftDocs azure-docs
 * articles/key-vault/managed-hsm/access-control.md): azure-native has no local role assignment.
 */
export const MANAGED_HSM_GRANT_RULE = "a pool's keys are granted only by its local RBAC, where an Azure role assignment or access policy grants nothing, and azure-byok cannot make a local role assignment yet";

/** A key in a Managed HSM pool: the pool's name and the key's. */
export interface ManagedHsmKey {
    pool: string;
    keyName: string;
}

/** The Managed HSM pool `value` (a URI or resource id) points into, and the key where it names one; undefined for a vault or anything else. */
export function managedHsmKeyIn(value: pulumi.Input<string> | undefined): { pool: string; keyName?: string } | undefined {
    const plain = known<string>(value);
    if (typeof plain !== "string") return undefined;
    const named = keyStoreNamedIn(plain);
    if (named?.kind !== "managedHsm") return undefined;
    const keyName = /\/keys\/([^/]+)/i.exec(plain)?.[1];
    return keyName === undefined ? { pool: named.name } : { pool: named.name, keyName };
}

/** The Managed HSM pool a vault reference describes, from its plain id or URI; undefined for a vault, or while neither is known. */
export function managedHsmPoolOfVault(vault: VaultReference): string | undefined {
    return (managedHsmKeyIn(vault.id) ?? managedHsmKeyIn(vault.vaultUri))?.pool;
}

/**
 * The pool a key reference's key is in, from any of its plain URIs and ids or its vault's, so that
 * a pool described as a premium vault is still found; undefined for a vault's key, or while none is known.
 */
export function managedHsmKeyOf(key: KeyReference): ManagedHsmKey | undefined {
    const found = managedHsmKeyIn(key.keyUri) ?? managedHsmKeyIn(key.keyUriWithVersion) ?? managedHsmKeyIn(key.id);
    const pool = found?.pool ?? managedHsmPoolOfVault(key.keyVault);
    if (pool === undefined) return undefined;
    return { pool, keyName: known<string>(key.keyName) ?? found?.keyName ?? "<key name>" };
}

/** The az command that makes a pool's local grant on one key, as Microsoft's Managed HSM guides give it. */
export function localGrantCommand(key: ManagedHsmKey, role: string, principalId: string): string {
    return `az keyvault role assignment create --hsm-name ${key.pool} --role "${role}" --assignee-object-id ${principalId} --scope /keys/${key.keyName}`;
}
