import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { configDateMs } from "./config-date";
import { isoDurationToDays } from "./duration";
import { keptOnDelete } from "./key-vault-lock";
import { renameIssues } from "./naming";
import { EncryptionKeyRotationPolicy, firstExpiryProblem, ResolvedRotationPolicy, KeyRotationPolicyDefaults, resolveRotationPolicy, rotationPolicyInput, rotationPolicyIssues } from "./key-rotation-policy";
import { vaultProviderIssues } from "./key-vault-provider";
import { KeyOperation, KeyReference, KeyType, VaultReference } from "./types";
import { ArgSpec, isRecord, KEY_VAULT_OBJECT_NAME, shapeIssues, throwIfInvalid, ValidationIssue, vaultReferenceShapeIssues } from "./validation";
import { ResourceTags, validateTags } from "./tags";

// Declared with the rules that judge it; re-exported where the key's arguments are.
export type { EncryptionKeyRotationPolicy, ResolvedRotationPolicy, RotateTrigger } from "./key-rotation-policy";

/** What the key is for; it decides the default key operations. */
export type KeyPurpose = "cmkService" | "applicationCrypto" | "signing" | "keyExchange";

/**
 * Every argument but `keyVault`, `protect` and `keyName` describes the key as Azure Resource Manager
 * creates it, once: ARM's key API makes a key's first version only and never updates a key. A
 * changed `tags` or `expires` is ignored (the key keeps what it was created with; rotation gives
 * later versions their own expiry); any other changed value fails the next deploy
 * (`KeyCreationParametersDidNotMatchExistingKey`). Change a deployed key's type, size, curve,
 * operations or purpose with a new key; its rotation policy with
 * `az keyvault key rotation-policy update`, then the same policy here.
 */
export interface EncryptionKeyArgs {
    /** Required. The vault holding the key: a `KeyVault`, or an existing vault described as a `VaultReference`. */
    keyVault: VaultReference;
    /** Optional. 1–127 letters, digits and hyphens. Defaults to the resource name. */
    keyName?: string;
    /** Optional. `RSA` and `EC` are software-protected and must be asked for by name. Defaults to `RSA-HSM`. */
    kty?: KeyType;
    /** Optional. RSA keys only: 2048, 3072 or 4096. Defaults to `3072`. */
    keySize?: 2048 | 3072 | 4096;
    /** Conditional. EC keys only. Defaults to `P-384`. */
    curveName?: "P-256" | "P-384" | "P-521" | "P-256K";
    /**
     * Optional. Defaults to `cmkService` (wrapKey, unwrapKey). `applicationCrypto` gives encrypt and decrypt, `signing` sign and verify,
     * `keyExchange` import only: the key exchange key (KEK) an HSM vendor's BYOK tool protects a key to, which must be RSA-HSM.
     */
    purpose?: KeyPurpose;
    /** Optional. Overrides the operations the purpose gives. Defaults to the purpose's operations. */
    keyOps?: KeyOperation[];
    /** Optional. Defaults to rotating after `P90D`, expiring after `P1Y`, notifying `P30D` before expiry; `timeBeforeExpiry` rotates counting back from expiry instead. */
    rotationPolicy?: EncryptionKeyRotationPolicy;
    /** Optional. Fixed expiry of the first version, an ISO-8601 date-time in the future. Defaults to midnight UTC of the creation day plus `rotationPolicy.expiryTime`, kept from the first deploy. */
    expires?: string;
    /** Optional. Pulumi's `protect` on the key, and `retainOnDelete` with it (a protected key is never deleted in Azure, even after `pulumi state unprotect`; an unprotected one neither under the component's own `retainOnDelete: true`). Defaults to `true`, or to the component's own `protect` option when that is given. */
    protect?: boolean;
    /** Optional. Azure tags on the key, set when it is created (ARM never updates a key: later changes are ignored). Key Vault's limits for a key checked: at most 15 tags, names and values of at most 256 characters. Defaults to none. */
    tags?: ResourceTags;
}

export const EncryptionKeyDefaults = {
    kty: "RSA-HSM",
    keySize: 3072,
    curveName: "P-384",
    purpose: "cmkService",
    rotationPolicy: KeyRotationPolicyDefaults,
    protect: true,
} as const;

export const keyOpsForPurpose: Record<KeyPurpose, KeyOperation[]> = {
    cmkService: ["wrapKey", "unwrapKey"],
    applicationCrypto: ["encrypt", "decrypt"],
    signing: ["sign", "verify"],
    // Key Vault's BYOK specification: a KEK has fixed key_ops, import only.
    keyExchange: ["import"],
};

const KEY_TYPES: KeyType[] = ["RSA-HSM", "RSA", "EC-HSM", "EC"];
const KEY_OPS: KeyOperation[] = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import", "release"];
const RSA_ONLY_OPS: KeyOperation[] = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];

/** How EncryptionKey reads each argument: all but the vault decide the key's shape, so they are plain values. */
export const ENCRYPTION_KEY_ARGS = {
    keyVault: "object",
    keyName: "string",
    kty: "string",
    keySize: "number",
    curveName: "string",
    purpose: "string",
    keyOps: "strings",
    rotationPolicy: "object",
    expires: "string",
    protect: "boolean",
    tags: "tags",
} as const satisfies ArgSpec<EncryptionKeyArgs>;

const ROTATION_POLICY_ARGS = { expiryTime: "string", timeAfterCreate: "string", timeBeforeExpiry: "string", notifyBeforeExpiry: "string", automaticRotation: "boolean" } as const satisfies ArgSpec<EncryptionKeyRotationPolicy>;

/** Azure Verified Modules' names for a key's arguments, and ours. */
export const ENCRYPTION_KEY_RENAMED = { name: "keyName", attributesExp: "expires" };

/** The shape of EncryptionKeyArgs from an untyped caller: every problem with it, before any rule reads a value. */
function encryptionKeyShapeIssues(args: unknown): ValidationIssue[] {
    const issues = shapeIssues(args, ENCRYPTION_KEY_ARGS, "", {
        required: { keyVault: "the vault holding the key: a KeyVault, or a VaultReference" },
        closed: true,
        renamed: ENCRYPTION_KEY_RENAMED,
    });
    if (!isRecord(args)) return issues;
    if (isRecord(args.keyVault)) issues.push(...vaultReferenceShapeIssues(args.keyVault, "keyVault"));
    if (isRecord(args.rotationPolicy)) issues.push(...shapeIssues(args.rotationPolicy, ROTATION_POLICY_ARGS, "rotationPolicy", { closed: true }));
    return issues;
}

/**
 * Every rule EncryptionKeyArgs break, each naming its field; empty when valid. `now` decides "in
 * the future"; `opts`, the component's, decide which azure-native provider the key would go through.
 */
export function validateEncryptionKeyArgs(name: string, args: EncryptionKeyArgs, now: Date = new Date(), opts?: pulumi.ComponentResourceOptions): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = encryptionKeyShapeIssues(args);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const keyName = args.keyName ?? name;
    if (!KEY_VAULT_OBJECT_NAME.test(keyName)) {
        add(args.keyName === undefined ? "name" : "keyName", `"${keyName}" is not a key name: 1–127 letters, digits and hyphens`);
    }
    const kty = args.kty ?? EncryptionKeyDefaults.kty;
    const isRsa = kty === "RSA" || kty === "RSA-HSM";
    // What a type allows is judged of a known type only: an unknown one ("rsa-hsm", a Managed HSM's "oct-HSM") is reported once, at kty.
    const known = KEY_TYPES.includes(kty);
    if (!known) {
        add("kty", `"${String(kty)}" is not a key type; use ${KEY_TYPES.join(", ")}`);
    } else if (kty.endsWith("-HSM") && args.keyVault.sku !== "premium") {
        // A key exchange key is HSM-backed by definition (Key Vault's BYOK specification): a software key is no fix for it.
        const fix = args.purpose === "keyExchange" ? "use a premium vault (a key exchange key is always RSA-HSM)" : `use a premium vault or ask for a software key (kty: "${kty.replace("-HSM", "")}") by name`;
        add("kty", `${kty} keys need a premium vault and the vault's sku is "${args.keyVault.sku}"; ${fix}`);
    }
    if (known && args.keySize !== undefined && (!isRsa || ![2048, 3072, 4096].includes(args.keySize))) {
        add("keySize", isRsa ? `${args.keySize} is not an RSA size; use 2048, 3072 or 4096` : `applies to RSA keys only, and kty is ${kty}`);
    }
    if (known && args.curveName !== undefined && (isRsa || !["P-256", "P-384", "P-521", "P-256K"].includes(args.curveName))) {
        add("curveName", isRsa ? `applies to EC keys only, and kty is ${kty}` : `"${args.curveName}" is not a curve; use P-256, P-384, P-521 or P-256K`);
    }
    const purpose = args.purpose ?? EncryptionKeyDefaults.purpose;
    if (!Object.prototype.hasOwnProperty.call(keyOpsForPurpose, purpose)) {
        add("purpose", `"${String(purpose)}" is not a purpose; use cmkService, applicationCrypto, signing or keyExchange`);
    } else if (known && purpose === "keyExchange" && kty !== "RSA-HSM") {
        add("purpose", `keyExchange needs an RSA-HSM key (a key exchange key is HSM-backed RSA, Key Vault's BYOK specification) and kty is ${kty}`);
    } else if (known && !isRsa && purpose !== "signing") {
        add("purpose", `${args.purpose === undefined ? `the default purpose, ${purpose},` : purpose} needs an RSA key (EC keys only sign and verify); use kty "RSA-HSM" or purpose "signing"`);
    }
    const ops = args.keyOps ?? keyOpsForPurpose[purpose] ?? [];
    if (args.keyOps !== undefined && args.keyOps.length === 0) {
        add("keyOps", "is empty; a key with no operations is unusable");
    }
    ops.forEach((op, i) => {
        if (!KEY_OPS.includes(op)) {
            add(`keyOps[${i}]`, `"${String(op)}" is not a key operation; use ${KEY_OPS.join(", ")}`);
        } else if (known && !isRsa && RSA_ONLY_OPS.includes(op) && args.keyOps !== undefined) {
            // Operations a purpose brings are that purpose's fault, reported once above.
            add(`keyOps[${i}]`, `"${op}" needs an RSA key; ${kty} keys only sign and verify`);
        } else if (op === "release") {
            add(`keyOps[${i}]`, `"release" needs an exportable key with a release policy (Secure Key Release), and keys made here never leave the HSM (exportable: false)`);
        } else if (op === "import" && purpose !== "keyExchange") {
            add(`keyOps[${i}]`, `"import" is a key exchange key's only operation; create the KEK as its own key with purpose "keyExchange"`);
        }
    });
    // Every CMK service both wraps and unwraps with its key, and Azure fixes a key's operations when it is made.
    if (args.purpose === "cmkService" && args.keyOps !== undefined && args.keyOps.length > 0) {
        const missing = keyOpsForPurpose.cmkService.filter((op) => !args.keyOps?.includes(op));
        if (missing.length > 0) add("keyOps", `lacks ${missing.join(" and ")}, which purpose cmkService needs: every service that encrypts with a customer's key wraps and unwraps with it; add ${missing.length > 1 ? "them" : "it"}, or leave keyOps out`);
    }
    if (purpose === "keyExchange" && args.keyOps !== undefined && (ops.length !== 1 || ops[0] !== "import")) {
        add("keyOps", `a key exchange key has fixed key_ops, import only (Key Vault's BYOK specification); leave keyOps out`);
    }
    issues.push(...rotationPolicyIssues(args.rotationPolicy));
    const policy = resolveRotationPolicy(args.rotationPolicy);
    if (args.expires !== undefined) {
        const at = configDateMs(args.expires);
        if (Number.isNaN(at)) {
            add("expires", `"${args.expires}" is not an ISO-8601 date-time with a zone such as "2027-06-30T00:00:00Z" (T or a space, seconds optional, then Z or an offset such as +01:00 or +0100) or a day alone such as "2027-06-30" (midnight UTC), on a day and at a time that exist`);
        } else if (at <= now.getTime()) {
            add("expires", `"${args.expires}" is already past; a key created expired is unusable. The date is read only when the key is created: for a key that exists, remove expires (its expiry and rotation policy carry on)`);
        } else {
            const problem = firstExpiryProblem(policy, at, now, args.expires);
            if (problem !== undefined) add("expires", problem);
        }
    }
    issues.push(...validateTags(args.tags, { on: "key" }));
    issues.push(...vaultProviderIssues("keyVault.provider", args.keyVault, opts, "the key"));
    // A rename by aliases keeps the URNs, not the Azure name derived from the resource name.
    issues.push(...renameIssues(name, opts, [{ field: "keyName", what: "key", given: args.keyName !== undefined, from: (n) => n }]));
    return issues;
}

/**
 * A key for customer-managed encryption: HSM-protected RSA 3072 by default, with the key
 * operations its purpose needs, a rotation policy, and an expiry that stays the same across runs.
 */
export class EncryptionKey extends pulumi.ComponentResource implements KeyReference {
    readonly key: keyvault.Key;
    readonly id: pulumi.Output<string>;
    readonly keyName: pulumi.Output<string>;
    readonly keyUri: pulumi.Output<string>;
    readonly keyUriWithVersion: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly kty: KeyType;
    /** The RSA key's size in bits; undefined for an EC key. */
    readonly keySize?: number;
    readonly keyOps: KeyOperation[];
    readonly keyVault: VaultReference;
    readonly rotationPolicy: ResolvedRotationPolicy;

    constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfInvalid(`EncryptionKey "${name}"`, validateEncryptionKeyArgs(name, args, new Date(), opts));
        super("azure-byok:keyvault:EncryptionKey", name, {}, opts);

        this.keyVault = args.keyVault;
        this.kty = args.kty ?? EncryptionKeyDefaults.kty;
        const isRsa = this.kty.startsWith("RSA");
        this.keySize = isRsa ? (args.keySize ?? EncryptionKeyDefaults.keySize) : undefined;
        this.keyOps = args.keyOps ?? keyOpsForPurpose[args.purpose ?? EncryptionKeyDefaults.purpose];
        const policy = resolveRotationPolicy(args.rotationPolicy);
        this.rotationPolicy = policy;

        this.key = new keyvault.Key(`${name}-key`, {
            resourceGroupName: args.keyVault.resourceGroupName,
            vaultName: args.keyVault.vaultName,
            keyName: args.keyName ?? name,
            properties: {
                kty: this.kty,
                keySize: this.keySize,
                curveName: isRsa ? undefined : (args.curveName ?? EncryptionKeyDefaults.curveName),
                keyOps: this.keyOps,
                attributes: {
                    enabled: true,
                    exportable: false,
                    expires: expiresEpoch(args.expires, policy.expiryTime),
                },
                rotationPolicy: rotationPolicyInput(policy),
            },
            tags: args.tags,
        }, {
            parent: this,
            // Validation refused a default-provider vault under another azure-native provider.
            provider: args.keyVault.provider,
            // Set explicitly, protect is not inherited from the component: its own option stands in for the default.
            ...keptOnDelete(args.protect, opts, EncryptionKeyDefaults.protect),
            // ARM creates a key once and never updates it (a changed tag too fails with
            // KeyCreationParametersDidNotMatchExistingKey); rotation gives later versions their own expiry.
            ignoreChanges: ["properties.attributes.expires", "tags"],
            // azure-native deletes a key through the vault's data plane (ARM has none), which the default closed
            // vault refuses to the deployer; a vault deleted in the same run soft-deletes its keys with it.
            deletedWith: args.keyVault.deletedWith,
        });

        this.id = this.key.id;
        this.keyName = this.key.name;
        this.keyUri = this.key.keyUri;
        this.keyUriWithVersion = this.key.keyUriWithVersion;
        this.vaultUri = pulumi.output(args.keyVault.vaultUri);

        this.registerOutputs({
            id: this.id,
            keyName: this.keyName,
            keyUri: this.keyUri,
            keyUriWithVersion: this.keyUriWithVersion,
            vaultUri: this.vaultUri,
        });
    }
}

/**
 * Epoch seconds for `attributes.expires`: the fixed date when given, else midnight UTC of
 * today plus the version validity, so runs on one day agree and `ignoreChanges` keeps the first.
 */
export function expiresEpoch(expires: string | undefined, expiryTime: string, now: Date = new Date()): number {
    if (expires !== undefined) {
        return Math.floor(configDateMs(expires) / 1000);
    }
    const day = 86400;
    const midnight = Math.floor(now.getTime() / 1000 / day) * day;
    return midnight + Math.round((isoDurationToDays(expiryTime) ?? 0) * day);
}
