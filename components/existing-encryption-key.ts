import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { EncryptionKeyDefaults, keyOpsForPurpose, KeyPurpose, validateEncryptionKeyArgs } from "./encryption-key";
import { inheritedAzureNativeProvider } from "./key-vault-provider";
import { KeyOperation, KeyReference, KeyType, VaultReference } from "./types";
import { ArgSpec, isRecord, known, shapeIssues, throwIfInvalid, ValidationIssue, vaultReferenceShapeIssues } from "./validation";

/**
 * A key this stack does not manage, in a vault it does not manage: a key imported into an HSM
 * (bring your own key) or made by a security team. Services and grants use it; the key is left
 * alone. Its type and operations are declared, so validation judges them before anything runs,
 * and checked against the key Azure reports before anything uses it.
 */
export interface ExistingEncryptionKeyArgs {
    /** Required. The vault holding it, with its name and group known (an `existingKeyVault`). */
    keyVault: VaultReference;
    /** Required. The key's name in the vault. */
    keyName: string;
    /** Optional. What the key is. Defaults to `RSA-HSM`. */
    kty?: KeyType;
    /** Optional. Checked only when given. */
    keySize?: 2048 | 3072 | 4096;
    /** Optional. Checked only when given. */
    curveName?: "P-256" | "P-384" | "P-521" | "P-256K";
    /** Optional. What the stack uses it for. Defaults to `cmkService` (wrapKey, unwrapKey). */
    purpose?: KeyPurpose;
    /** Optional. The operations the stack needs; the key must allow them. Defaults to the purpose's. */
    keyOps?: KeyOperation[];
}

/** How existingEncryptionKey reads each argument: all plain values, as the key is looked up and judged before anything uses it. */
export const EXISTING_ENCRYPTION_KEY_ARGS = {
    keyVault: "object",
    keyName: "string",
    kty: "string",
    keySize: "number",
    curveName: "string",
    purpose: "string",
    keyOps: "strings",
} as const satisfies ArgSpec<ExistingEncryptionKeyArgs>;

/** The shape of ExistingEncryptionKeyArgs from an untyped caller: every problem with it, before any rule reads a value. */
function existingEncryptionKeyShapeIssues(args: unknown): ValidationIssue[] {
    const issues = shapeIssues(args, EXISTING_ENCRYPTION_KEY_ARGS, "", {
        required: { keyVault: "the vault holding the key: an existingKeyVault", keyName: "the key's name in the vault" },
        closed: true,
        // Azure Verified Modules' name for it.
        renamed: { name: "keyName" },
        // A key brought to Azure (BYOK) has its material at hand here: a string given is not quoted.
        quoted: false,
    });
    if (isRecord(args) && isRecord(args.keyVault)) issues.push(...vaultReferenceShapeIssues(args.keyVault, "keyVault"));
    return issues;
}

/**
 * Every rule ExistingEncryptionKeyArgs break, each naming its field; empty when the args are valid.
 * `opts`, the read's, which azure-native provider it would go through.
 */
export function validateExistingEncryptionKeyArgs(args: ExistingEncryptionKeyArgs, opts?: pulumi.InvokeOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = existingEncryptionKeyShapeIssues(args);
    if (shape.length > 0) return shape;
    const { keyVault, keyName, kty, keySize, curveName, purpose, keyOps } = args;
    const issues = validateEncryptionKeyArgs(keyName, { keyVault, keyName, kty, keySize, curveName, purpose, keyOps });
    if (known<string>(keyVault.vaultName) === undefined || known<string>(keyVault.resourceGroupName) === undefined) {
        issues.push({ field: "keyVault", message: "must name its vault and resource group plainly (an existingKeyVault); a vault this stack creates holds no existing keys" });
    }
    // A vault read through its own provider is read again through it, whatever opts give (existingEncryptionKey).
    const other = keyVault.provider === undefined ? inheritedAzureNativeProvider(opts) : undefined;
    if (other !== undefined) {
        issues.push({
            field: "keyVault.provider",
            message: `is not set, so the vault was read through the default azure-native provider, but ${opts?.provider === other ? "opts.provider is" : "opts.parent hands the read"} another azure-native provider ("${pulumi.resourceName(other)}"), which the key would be read through, and which may reach another subscription: read the vault with existingKeyVault through that provider too, or read the key without it`,
        });
    }
    return issues;
}

/** The key as Azure reports it (`keyvault.getKey`), the fields compared with the declaration. */
export type FoundKey = Pick<keyvault.GetKeyResult, "name" | "kty" | "keySize" | "curveName" | "keyOps"> & {
    attributes?: Pick<NonNullable<keyvault.GetKeyResult["attributes"]>, "enabled" | "expires">;
};

/** The operations the stack needs of the key. */
function neededOps(args: ExistingEncryptionKeyArgs): KeyOperation[] {
    return args.keyOps ?? keyOpsForPurpose[args.purpose ?? EncryptionKeyDefaults.purpose];
}

/** Where the key Azure reports contradicts the declaration or cannot serve the stack; empty when it can. */
export function existingKeyProblems(args: ExistingEncryptionKeyArgs, found: FoundKey, now: Date = new Date()): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const where = `key ${found.name} in Azure`;
    const kty = args.kty ?? EncryptionKeyDefaults.kty;
    if (found.kty !== kty) {
        issues.push({ field: "kty", message: `is "${kty}", but ${where} is "${String(found.kty)}"; declare what the key is` });
    }
    if (args.keySize !== undefined && found.keySize !== args.keySize) {
        issues.push({ field: "keySize", message: `is ${args.keySize}, but ${where} has ${String(found.keySize)} bits` });
    }
    if (args.curveName !== undefined && found.curveName !== args.curveName) {
        issues.push({ field: "curveName", message: `is "${args.curveName}", but ${where} is on "${String(found.curveName)}"` });
    }
    // A key created without key_ops allows every operation its type supports.
    const missing = found.keyOps === undefined ? [] : neededOps(args).filter((op) => !(found.keyOps ?? []).includes(op));
    if (missing.length > 0) {
        // Named at what asked for them: keyOps when given, else the purpose that implies them.
        const field = args.keyOps !== undefined ? "keyOps" : "purpose";
        issues.push({ field, message: `needs ${missing.join(", ")}, which ${where} does not allow (it allows ${(found.keyOps ?? []).join(", ") || "nothing"})` });
    }
    if (found.attributes?.enabled === false) {
        issues.push({ field: "keyName", message: `${where} is disabled; enable it where the key is managed` });
    }
    const expires = found.attributes?.expires;
    if (expires !== undefined && expires * 1000 <= now.getTime()) {
        issues.push({ field: "keyName", message: `${where} expired on ${new Date(expires * 1000).toISOString()}; rotate it where the key is managed` });
    }
    return issues;
}

/**
 * A reference to an existing key for grants and CMK services, read from Azure
 * (`keyvault.getKey`, which `pulumi preview` runs too) and checked against the declaration before
 * the caller registers anything that uses it. It registers nothing.
 */
export async function existingEncryptionKey(name: string, args: ExistingEncryptionKeyArgs, opts?: pulumi.InvokeOptions): Promise<KeyReference> {
    throwIfInvalid(`existing key ${name}`, validateExistingEncryptionKeyArgs(args, opts));
    // Read where the vault was read: its own provider over any the caller gives (one for its own resources, say).
    const readOpts = args.keyVault.provider !== undefined ? { ...opts, provider: args.keyVault.provider } : opts;
    const key = await keyvault.getKey({ resourceGroupName: known<string>(args.keyVault.resourceGroupName) as string, vaultName: known<string>(args.keyVault.vaultName) as string, keyName: args.keyName }, readOpts);
    throwIfInvalid(`existing key ${name}`, existingKeyProblems(args, key));
    return {
        id: key.id,
        keyUri: key.keyUri,
        keyUriWithVersion: key.keyUriWithVersion,
        keyName: key.name,
        kty: args.kty ?? EncryptionKeyDefaults.kty,
        keySize: key.keySize,
        keyOps: neededOps(args),
        keyVault: args.keyVault,
    };
}
