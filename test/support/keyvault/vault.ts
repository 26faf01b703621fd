import * as crypto from "node:crypto";
import { isoDurationToDays } from "../../../components/duration";
import { MANAGED_HSM_RESOURCE, VAULT_RESOURCE } from "./token-service";

export type KeyOperation = "encrypt" | "decrypt" | "sign" | "verify" | "wrapKey" | "unwrapKey" | "import";
/** Every key operation the stand-in knows; "import" marks a key exchange key (BYOK) and goes with no other. */
export const KEY_OPS: readonly KeyOperation[] = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey", "import"];
/** What Key Vault gives an RSA key asked for no operations ("import" only when asked for). */
export const RSA_KEY_OPS: readonly KeyOperation[] = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"];
const EC_KEY_OPS: readonly KeyOperation[] = ["sign", "verify"];
/** What the stand-in gives a Managed HSM's symmetric (AES) key asked for no operations; one asked for sign and verify is an HMAC key (HS256-HS512). */
const OCT_KEY_OPS: readonly KeyOperation[] = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
/** AES key sizes a Managed HSM makes. */
export const OCT_KEY_SIZES = [128, 192, 256] as const;
export type OctKeySize = (typeof OCT_KEY_SIZES)[number];

/** Key Vault's built-in data-plane roles, reduced to the key data actions they grant. */
export const ROLES = {
    "Key Vault Crypto Officer": ["read", "create", "import", "rotate", "backup", "restore", "encrypt", "decrypt", "wrap", "unwrap", "sign", "verify", "readRotationPolicy", "writeRotationPolicy"],
    "Key Vault Crypto User": ["read", "backup", "encrypt", "decrypt", "wrap", "unwrap", "sign", "verify"],
    "Key Vault Crypto Service Encryption User": ["read", "wrap", "unwrap"],
    // Its vaults/*/read covers keyrotationpolicies/read; neither Crypto User role carries it.
    "Key Vault Reader": ["read", "readRotationPolicy"],
    // A Managed HSM's local RBAC roles, which only a Managed HSM takes, with the key data actions Microsoft's
    // "Permitted operations" table gives each (MicrosoftDocs/azure-security-docs, key-vault/managed-hsm/built-in-roles.md);
    // role management and whole-HSM backup, which the stand-in does not serve, are left out.
    // A pool has no rotation-policy action: its policy is read with keys/read and set with keys/write (key-rotation.md).
    "Managed HSM Crypto User": ["read", "write", "rotate", "create", "delete", "backup", "restore", "release", "import", "encrypt", "decrypt", "wrap", "unwrap", "sign", "verify"],
    // Deleted keys alone (keys/deletedKeys/read, recover, delete): it reads, makes and uses no key.
    "Managed HSM Crypto Officer": ["readDeleted", "recoverDeleted", "purgeDeleted"],
    "Managed HSM Crypto Service Encryption User": ["read", "wrap", "unwrap"],
    // The table gives it keys/deletedKeys/delete (purge) beside keys/read, but not keys/deletedKeys/read.
    "Managed HSM Crypto Auditor": ["read", "purgeDeleted"],
    "Managed HSM Backup": ["backup"],
    "Managed HSM Restore": ["restore"],
    "Managed HSM Crypto Service Release User": ["release"],
    // Security domain, whole-HSM backup and role management only: no key data action at all.
    "Managed HSM Administrator": [],
    "Managed HSM Policy Administrator": [],
} as const;
export type RoleName = keyof typeof ROLES;
export type DataAction = (typeof ROLES)[RoleName][number];

/** The key permissions a vault's access policy grants, spelt as ARM's KeyPermissions enum spells them ("all" grants every one). */
export const KEY_PERMISSIONS = ["all", "get", "list", "update", "create", "import", "delete", "recover", "backup", "restore", "decrypt", "encrypt", "unwrapKey", "wrapKey", "verify", "sign", "purge", "release", "rotate", "getrotationpolicy", "setrotationpolicy"] as const;
export type KeyPermission = Exclude<(typeof KEY_PERMISSIONS)[number], "all">;

/**
 * One entry of a vault's access policies (enableRbacAuthorization false). With `applicationId` it
 * is a compound identity: it applies only while `objectId` calls through that application.
 */
export interface AccessPolicy {
    objectId: string;
    applicationId?: string;
    /** Lower-case, as they are compared: ARM takes any case. */
    keyPermissions: ReadonlySet<string>;
}

export interface KeyAttributes {
    enabled: boolean;
    /** Epoch seconds. */
    nbf?: number;
    exp?: number;
}

export type KeyType = "RSA" | "RSA-HSM" | "EC" | "EC-HSM" | "oct-HSM";
/** Key Vault's curve names (JWK `crv`). */
export type CurveName = "P-256" | "P-384" | "P-521" | "P-256K";
export const CURVES: readonly CurveName[] = ["P-256", "P-384", "P-521", "P-256K"];
export const NODE_CURVE: Record<CurveName, string> = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1", "P-256K": "secp256k1" };

export interface KeyVersion {
    version: string;
    kty: KeyType;
    /** EC keys only. */
    crv?: CurveName;
    keyOps: KeyOperation[];
    attributes: KeyAttributes & { created: number; updated: number };
    /** Each version's own, as Key Vault keeps them (REST Create Key and Import Key `tags`); none when not given. */
    tags?: Record<string, string>;
    /** An oct-HSM key's AES key is both: a secret KeyObject. */
    privateKey: crypto.KeyObject;
    publicKey: crypto.KeyObject;
}

/** A key's rotation policy as Key Vault's REST API carries it (ISO-8601 durations). */
export interface RotationPolicy {
    lifetimeActions: { trigger: { timeAfterCreate?: string; timeBeforeExpiry?: string }; action: { type: "Rotate" | "Notify" } }[];
    attributes: { expiryTime?: string; created: number; updated: number };
}

/** How a vault keeps deleted keys: soft delete (on in every vault made since 2020), its retention, purge protection. */
export interface RecoverySettings {
    softDelete: boolean;
    /** 7–90 days. */
    retentionDays: number;
    purgeProtection: boolean;
}

/** One key version inside a backup blob. */
export interface SealedVersion {
    version: string;
    kty: KeyType;
    crv?: CurveName;
    keyOps: KeyOperation[];
    attributes: KeyVersion["attributes"];
    /** PKCS#8 DER of the private key; an oct-HSM key's raw AES key. */
    privateKeyDer: string;
}

export interface CreateKeyOptions {
    kty?: KeyType;
    /** RSA: 2048, 3072 or 4096 bits; oct-HSM (Managed HSM only): 128, 192 or 256, defaulting to 256. */
    keySize?: 2048 | 3072 | 4096 | OctKeySize;
    /** EC keys: defaults to P-256, as Key Vault's. */
    crv?: CurveName;
    keyOps?: KeyOperation[];
    attributes?: Partial<KeyAttributes>;
    tags?: Record<string, string>;
    /** Reuse generated RSA material (benchmarks with thousands of keys), or the material of an imported (BYOK) key; each key still gets its own name and version. */
    keyPair?: { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject };
}

/** One request as the vault saw it. `authenticated` is false for the bodiless 401 challenge round. */
export interface VaultLogEntry {
    at: number;
    vault: string;
    method: string;
    path: string;
    /** get, create, import, rotate, versions, backup, restore, encrypt, decrypt, wrapkey, unwrapkey, sign, verify, or the raw path when unknown. */
    operation: string;
    /** The version addressed, when the path names one. */
    version?: string;
    /** The request's api-version query parameter, when it has one. */
    apiVersion?: string;
    status: number;
    authenticated: boolean;
    principalId?: string;
    errorCode?: string;
    userAgent?: string;
}

/** A limit like Key Vault's: at most `limit` transactions per `windowMs` per vault; 429s do not count. */
export interface ThrottleLimit {
    limit: number;
    windowMs: number;
}

export interface Faults {
    /** The next N authenticated requests get 429 with this Retry-After (seconds). */
    throttleNext?: { count: number; retryAfterSeconds: number };
    /**
     * The next N authenticated requests get this 5xx status. `bare`: without Key Vault's headers, and
     * an error body without a code (the REST spec makes every member optional), as another implementation may answer.
     */
    failNext?: { count: number; status: 500 | 502 | 503 | 504; bare?: boolean };
    /** The next N successful decrypt/unwrapKey results come back with one byte flipped (a faulty path). */
    corruptNext?: { count: number };
    /** Refuse the GET of a disabled key (403 KeyDisabled), as Key Vault refuses a disabled secret's; by default the key is returned, enabled false. */
    refuseGetOfDisabledKeys?: boolean;
    /** The next N authenticated requests get this status with Key Vault's headers and no body, as Managed HSM and front ends answer some errors. */
    bodilessNext?: { count: number; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number };
    /** Every request waits this long before it is answered. */
    delayMs?: number;
    /**
     * Errors as another implementation of the REST API may send them: the specific code as the
     * top-level one with no inner error (ForbiddenByRbac, KeyDisabled, ...), and a missing key as a plain NotFound.
     */
    plainErrors?: boolean;
    /** Key bundles without key_ops, which RFC 7517 makes optional (nothing is then restricted). */
    omitKeyOps?: boolean;
    /** Key attributes without `created` (read-only, and optional in the REST spec). */
    omitCreated?: boolean;
    /** A GET's key bundle with a kid that names no version: a broken vault, since Key Vault names the version it read. */
    versionlessKid?: boolean;
    /** RSA algorithms this vault refuses (400 BadParameter), as another implementation may not offer RSA-OAEP. */
    refuseAlgorithms?: string[];
    /** A key's version listing whose nextLink names this host instead of the vault's: a broken or hostile vault. */
    versionsNextLinkHost?: string;
    /** A key's version listing whose nextLink never ends (empty pages after the last version). */
    endlessVersions?: boolean;
    /** A key's version listing that leaves out the newest version. */
    versionsOmitLatest?: boolean;
    /** A GET's key bundle whose kid names this host instead of the vault's. */
    kidHost?: string;
    /** No GET /deletedkeys/{name}: another implementation that serves no deleted keys answers it like a path it does not know (400 BadParameter). */
    noDeletedKeys?: boolean;
    /**
     * The next N encrypt/wrapKey results are the input bytes themselves: a broken vault that never used the key.
     * `dressed`: shaped as an AES result would be (an AES-GCM encrypt's with a random IV and tag; an AES key
     * wrap's with RFC 3394's 8-byte IV before the bytes, which the echoed unwrap takes off again).
     */
    echoNext?: { count: number; dressed?: boolean };
    /**
     * The inner code of an access-policy refusal: AccessDenied, as reported from the service in
     * turbot/steampipe-plugin-azure#127 and Azure/azure-sdk-for-js#17391, instead of ForbiddenByPolicy.
     */
    accessPolicyRefusalCode?: "AccessDenied";
    /** Every RSA key bundle shows this public key: a vault that publishes another key than the one it decrypts and unwraps with. */
    publishedPublicKey?: crypto.KeyObject;
    /** AES-GCM decrypts that never check the authentication tag: a pool that does not authenticate what it opens. */
    uncheckedGcmTag?: boolean;
    /** A key with no rotation policy of its own answers its policy's GET with 404 KeyNotFound, as another implementation may, instead of Key Vault's default. */
    noDefaultRotationPolicy?: boolean;
    /** Called after an authenticated operation succeeded (tests rotate keys mid-check here). */
    afterOperation?: (operation: string, keyName: string, version: string) => void;
}

/**
 * Key Vault's object names are case-insensitive: a map keyed by name, any case finding the entry,
 * that remembers each name as it was first written (which Key Vault answers with in kids).
 */
export class ObjectNameMap<V> extends Map<string, V> {
    private readonly written = new Map<string, string>();
    override get(name: string): V | undefined {
        return super.get(name.toLowerCase());
    }
    override has(name: string): boolean {
        return super.has(name.toLowerCase());
    }
    override set(name: string, value: V): this {
        if (!this.written.has(name.toLowerCase())) this.written.set(name.toLowerCase(), name);
        return super.set(name.toLowerCase(), value);
    }
    override delete(name: string): boolean {
        this.written.delete(name.toLowerCase());
        return super.delete(name.toLowerCase());
    }
    /** The name as first written; `name` itself when there is no entry. */
    writtenName(name: string): string {
        return this.written.get(name.toLowerCase()) ?? name;
    }
}

/**
 * Key Vault's stable REST API versions, oldest first (azure-rest-api-specs keyvault data-plane, one `stable/<version>` folder
 * each: 2025-06-01 is one), the SDK's default last.
 */
export const KEY_VAULT_API_VERSIONS: readonly string[] = ["2015-06-01", "2016-10-01", "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-06-01", "2025-07-01"];

/** A Key Vault, or a Managed HSM pool: the same keys API under its own host, token resource, key types and local RBAC. */
export type VaultKind = "vault" | "managedHsm";

/** A vault's pricing tier: only a premium vault holds HSM-protected keys (RSA-HSM, EC-HSM), BYOK imports among them. */
export type VaultSku = "standard" | "premium";

/** One vault (or Managed HSM pool): its keys with versions, its RBAC role assignments, its faults and limits. */
export class Vault {
    readonly host: string;
    readonly keys = new ObjectNameMap<KeyVersion[]>();
    private readonly assignments = new Map<string, Set<DataAction>>();
    /** Assignments made but not yet in effect, each with when it takes effect (Date.now() ms): Azure propagates a new one in up to 10 minutes. */
    private readonly pending: { principalId: string; role: RoleName; at: number }[] = [];
    faults: Faults = {};
    throttle?: ThrottleLimit;
    /** The vault's access policies, which alone authorize its data plane when `enableRbacAuthorization` is false. */
    readonly accessPolicies: AccessPolicy[] = [];
    private rbacAuthorization = true;
    /** The vault's firewall: when set, callers from any other address are refused (403 ForbiddenByFirewall). */
    firewall?: { allowedAddresses: string[] };
    /**
     * The vault's SKU, premium as this product deploys it; a standard vault refuses to create, import or rotate an
     * HSM key. A Managed HSM pool has none: all its keys are HSM keys.
     */
    sku: VaultSku = "premium";
    /** What the vault reports as each key's recovery level; defaults to what this product deploys (soft delete for 90 days, purge protection). */
    recovery: RecoverySettings = { softDelete: true, retentionDays: 90, purgeProtection: true };
    /**
     * The REST API versions it serves, oldest first; another is refused as Key Vault refuses it, naming the
     * last (Azure Stack Hub serves up to 7.1: azure-sdk-for-python#28595).
     */
    apiVersions: readonly string[] = KEY_VAULT_API_VERSIONS;
    /** Rotation policies set on keys (through ARM's rotationPolicy or the data plane), by key name. */
    readonly rotationPolicies = new ObjectNameMap<RotationPolicy>();
    private windowStart = 0;
    private windowCount = 0;

    constructor(
        readonly name: string,
        readonly tenantId: string,
        readonly location = "westeurope",
        readonly kind: VaultKind = "vault",
    ) {
        this.host = kind === "managedHsm" ? `${name}.managedhsm.azure.net` : `${name}.vault.azure.net`;
    }

    /** A standard vault (not a pool) holds software-protected keys only. */
    get refusesHsmKeys(): boolean {
        return this.kind === "vault" && this.sku === "standard";
    }

    /** The resource its tokens are for, which its 401 challenge names. */
    get resource(): string {
        return this.kind === "managedHsm" ? MANAGED_HSM_RESOURCE : VAULT_RESOURCE;
    }

    get url(): string {
        return `https://${this.host}`;
    }

    /**
     * Assigns a built-in role to a principal (object id) at vault scope, in effect at once or, with
     * `takesEffectAfterMs`, only that long after, as a new assignment propagates through Azure.
     */
    assignRole(principalId: string, role: RoleName, options: { takesEffectAfterMs?: number } = {}): void {
        if (role.startsWith("Managed HSM") !== (this.kind === "managedHsm")) {
            throw new Error(`${role} is not a role of ${this.host}: a vault takes Azure RBAC's Key Vault roles, a Managed HSM its local Managed HSM roles`);
        }
        if (options.takesEffectAfterMs !== undefined && options.takesEffectAfterMs > 0) {
            this.pending.push({ principalId, role, at: Date.now() + options.takesEffectAfterMs });
            return;
        }
        const actions = this.assignments.get(principalId) ?? new Set<DataAction>();
        for (const action of ROLES[role]) {
            actions.add(action);
        }
        this.assignments.set(principalId, actions);
    }

    /**
     * The vault's permission model, as ARM's enableRbacAuthorization sets it: true (this product's
     * default) authorizes by role assignments; false by access policies alone, role assignments
     * then reaching none of its keys. A Managed HSM has local RBAC only.
     */
    get enableRbacAuthorization(): boolean {
        return this.rbacAuthorization;
    }

    set enableRbacAuthorization(value: boolean) {
        if (!value && this.kind === "managedHsm") {
            throw new Error(`${this.host} is a Managed HSM: it has no access policies, only local RBAC`);
        }
        this.rbacAuthorization = value;
    }

    /**
     * Sets a principal's key permissions in the vault's access policies, replacing what that entry
     * (object id and application id) granted before, as `az keyvault set-policy` does.
     */
    setAccessPolicy(objectId: string, keyPermissions: readonly string[], options: { applicationId?: string } = {}): void {
        if (this.kind === "managedHsm") {
            throw new Error(`${this.host} is a Managed HSM: it has no access policies, only local RBAC`);
        }
        const known = new Set<string>(KEY_PERMISSIONS.map((p) => p.toLowerCase()));
        const unknown = keyPermissions.filter((p) => !known.has(p.toLowerCase()));
        if (unknown.length > 0) {
            throw new Error(`keyPermissions: ${unknown.map((p) => `"${p}"`).join(", ")} is not a key permission; ARM takes ${KEY_PERMISSIONS.join(", ")}`);
        }
        this.removeAccessPolicy(objectId, options.applicationId);
        this.accessPolicies.push({ objectId, ...(options.applicationId ? { applicationId: options.applicationId } : {}), keyPermissions: new Set(keyPermissions.map((p) => p.toLowerCase())) });
    }

    removeAccessPolicy(objectId: string, applicationId?: string): void {
        const at = this.accessPolicies.findIndex((p) => samePrincipal(p.objectId, objectId) && (p.applicationId ?? "").toLowerCase() === (applicationId ?? "").toLowerCase());
        if (at >= 0) this.accessPolicies.splice(at, 1);
    }

    /** Whether an entry of the access policies grants the caller (its object id, through its application) this key permission. */
    policyAllows(caller: { objectId: string; appId: string }, permission: KeyPermission): boolean {
        return this.accessPolicies.some(
            (p) =>
                samePrincipal(p.objectId, caller.objectId) &&
                (p.applicationId === undefined || samePrincipal(p.applicationId, caller.appId)) &&
                (p.keyPermissions.has("all") || p.keyPermissions.has(permission.toLowerCase())),
        );
    }

    removeRoles(principalId: string): void {
        this.assignments.delete(principalId);
        for (const p of this.pending.filter((x) => x.principalId === principalId)) this.pending.splice(this.pending.indexOf(p), 1);
    }

    createKey(name: string, options: CreateKeyOptions = {}): string {
        const kty = options.kty ?? "RSA-HSM";
        if (this.kind === "managedHsm" && !kty.endsWith("-HSM")) {
            throw new Error(`${this.host} is a Managed HSM: its keys are HSM-protected (RSA-HSM, EC-HSM), not ${kty}`);
        }
        if (this.refusesHsmKeys && kty.endsWith("-HSM")) {
            throw new Error(`${this.host} is a standard vault: it holds no ${kty} key, only a premium vault holds HSM keys`);
        }
        const ec = kty === "EC" || kty === "EC-HSM";
        const oct = kty === "oct-HSM";
        if (oct && !(this.kind === "managedHsm" && OCT_KEY_SIZES.includes((options.keySize ?? 256) as OctKeySize))) {
            throw new Error(`oct-HSM keys are a Managed HSM's, of 128, 192 or 256 bits: not ${String(options.keySize ?? 256)} bits in ${this.host}`);
        }
        const crv = ec ? (options.crv ?? "P-256") : undefined;
        const secret = oct ? crypto.createSecretKey(crypto.randomBytes((options.keySize ?? 256) / 8)) : undefined;
        const { privateKey, publicKey } = options.keyPair
            ?? (secret ? { privateKey: secret, publicKey: secret }
                : crv ? crypto.generateKeyPairSync("ec", { namedCurve: NODE_CURVE[crv] }) : crypto.generateKeyPairSync("rsa", { modulusLength: options.keySize ?? 2048 }));
        const now = Math.floor(Date.now() / 1000);
        const version: KeyVersion = {
            version: crypto.randomBytes(16).toString("hex"),
            kty,
            ...(crv ? { crv } : {}),
            // Key Vault gives an EC key only sign and verify unless told otherwise; an RSA key all six.
            keyOps: [...(options.keyOps ?? (ec ? EC_KEY_OPS : oct ? OCT_KEY_OPS : RSA_KEY_OPS))],
            attributes: { enabled: true, ...options.attributes, created: now, updated: now },
            ...(options.tags ? { tags: { ...options.tags } } : {}),
            privateKey,
            publicKey,
        };
        const versions = this.keys.get(name) ?? [];
        versions.push(version);
        this.keys.set(name, versions);
        return this.kid(name, version.version);
    }

    /** Rotation as Key Vault does it: a new version with the same type, size and operations. */
    rotateKey(name: string): string {
        const latest = this.latest(name);
        if (!latest) {
            throw new Error(`no key ${name} in ${this.name}`);
        }
        const size = latest.kty === "oct-HSM" ? (latest.privateKey.symmetricKeySize ?? 32) * 8 : (latest.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048);
        // A policy's expiryTime dates each new version, as Key Vault's rotation does.
        const expiryDays = isoDurationToDays(this.rotationPolicies.get(name)?.attributes.expiryTime ?? "");
        return this.createKey(name, {
            kty: latest.kty,
            crv: latest.crv,
            keySize: latest.kty === "oct-HSM" ? (size as OctKeySize) : size === 3072 || size === 4096 ? size : 2048,
            keyOps: latest.keyOps,
            attributes: { enabled: true, ...(expiryDays !== undefined ? { exp: Math.floor(Date.now() / 1000 + expiryDays * 86400) } : {}) },
        });
    }

    updateKey(name: string, attributes: Partial<KeyAttributes>, version?: string): void {
        const target = version ? this.keys.get(name)?.find((v) => v.version === version.toLowerCase()) : this.latest(name);
        if (!target) {
            throw new Error(`no key ${name}/${version ?? ""} in ${this.name}`);
        }
        Object.assign(target.attributes, attributes, { updated: Math.floor(Date.now() / 1000) });
    }

    /** Keys deleted but recoverable (soft delete, which a purge-protected vault always has): their names cannot be reused until recovered or purged. */
    readonly deletedKeys = new ObjectNameMap<KeyVersion[]>();
    /** When each deleted key was deleted (epoch seconds), which GET /deletedkeys/{name} reports with its purge date. */
    readonly deletedDates = new ObjectNameMap<number>();

    /** Deletes a key as Key Vault does with soft delete on: every version moves to the deleted keys. */
    softDeleteKey(name: string): void {
        const versions = this.keys.get(name);
        if (!versions) {
            throw new Error(`no key ${name} in ${this.name}`);
        }
        this.keys.delete(name);
        this.deletedKeys.set(name, versions);
        this.deletedDates.set(name, Math.floor(Date.now() / 1000));
    }

    /** Sets a key's rotation policy as ARM does at creation (tests); Key Vault adds its 30-day expiry notice when none is given. */
    setRotationPolicy(name: string, policy: { lifetimeActions: RotationPolicy["lifetimeActions"]; expiryTime?: string }): void {
        const now = Math.floor(Date.now() / 1000);
        const created = this.rotationPolicies.get(name)?.attributes.created ?? now;
        const actions = [...policy.lifetimeActions];
        if (!actions.some((a) => a.action.type === "Notify")) {
            actions.push({ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } });
        }
        this.rotationPolicies.set(name, { lifetimeActions: actions, attributes: { ...(policy.expiryTime ? { expiryTime: policy.expiryTime } : {}), created, updated: now } });
    }

    /** The recovery level Key Vault reports in every key's attributes, from the vault's soft-delete settings. */
    recoveryAttributes(): { recoveryLevel: string; recoverableDays: number } {
        const r = this.recovery;
        if (!r.softDelete) {
            return { recoveryLevel: "Purgeable", recoverableDays: 0 };
        }
        const level = `${r.retentionDays < 90 ? "Customized" : ""}Recoverable${r.purgeProtection ? "" : "+Purgeable"}`;
        return { recoveryLevel: level, recoverableDays: r.retentionDays };
    }

    kid(name: string, version: string): string {
        return `${this.url}/keys/${this.keys.writtenName(name)}/${version}`;
    }

    latest(name: string): KeyVersion | undefined {
        const versions = this.keys.get(name);
        return versions?.[versions.length - 1];
    }

    /** Counts a transaction against the window; returns the Retry-After seconds when over the limit. */
    takeThrottle(now: number): number | undefined {
        if (!this.throttle) {
            return undefined;
        }
        if (now - this.windowStart >= this.throttle.windowMs) {
            this.windowStart = now;
            this.windowCount = 0;
        }
        if (this.windowCount >= this.throttle.limit) {
            return Math.max(1, Math.ceil((this.windowStart + this.throttle.windowMs - now) / 1000));
        }
        this.windowCount++;
        return undefined;
    }

    /** Every version of a key, as a backup holds them (the private halves included: the blob is sealed by the service). */
    exportVersions(name: string): SealedVersion[] {
        return (this.keys.get(name) ?? []).map((v) => ({
            version: v.version,
            kty: v.kty,
            crv: v.crv,
            keyOps: v.keyOps,
            attributes: v.attributes,
            privateKeyDer: (v.kty === "oct-HSM" ? v.privateKey.export() : v.privateKey.export({ format: "der", type: "pkcs8" })).toString("base64"),
        }));
    }

    /** Brings a backed-up key back with all its versions; false when the vault has a key of that name. */
    importVersions(name: string, versions: SealedVersion[]): boolean {
        if (this.keys.has(name)) {
            return false;
        }
        this.keys.set(name, versions.map((v) => {
            const material = Buffer.from(v.privateKeyDer, "base64");
            const privateKey = v.kty === "oct-HSM" ? crypto.createSecretKey(material) : crypto.createPrivateKey({ key: material, format: "der", type: "pkcs8" });
            const publicKey = v.kty === "oct-HSM" ? privateKey : crypto.createPublicKey(privateKey);
            return { version: v.version, kty: v.kty, ...(v.crv ? { crv: v.crv } : {}), keyOps: [...v.keyOps], attributes: { ...v.attributes }, privateKey, publicKey };
        }));
        return true;
    }

    allows(principalId: string, action: DataAction): boolean {
        const now = Date.now();
        for (const p of this.pending.filter((x) => x.at <= now)) {
            this.pending.splice(this.pending.indexOf(p), 1);
            this.assignRole(p.principalId, p.role);
        }
        return this.assignments.get(principalId)?.has(action) ?? false;
    }
}

/** Object and application ids are GUIDs, which Entra ID compares in any case. */
function samePrincipal(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}
