import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import { KeyClient, type DeletedKey, type KeyClientOptions, type KeyOperation, type KeyRotationPolicy, type KeyVaultKey } from "@azure/keyvault-keys";
import { classify, keyVaultErrorCode } from "./classify";
import { ImportRefusedError, isManagedHsmHost, KeyExistsError } from "./errors";
import { parseKeyId, type ParsedKeyId } from "./key-id";
import { withSignInDeadline } from "./sign-in-deadline";
import { apiVersionProblem } from "./sdk-clients";
import { ownVaultPolicy, REQUEST_TIMEOUT_MS, VaultGates, vaultGatePolicy } from "./vault-gate";
import { verifyKey, type KeyVerification, type StepError } from "./verify-key";

/** What an imported key is for, as a stack's keys are: it fixes the key's operations. */
export type ImportPurpose = "cmkService" | "applicationCrypto" | "signing";

export const IMPORT_KEY_OPS: Record<ImportPurpose, ("wrapKey" | "unwrapKey" | "encrypt" | "decrypt" | "sign" | "verify")[]> = {
    cmkService: ["wrapKey", "unwrapKey"],
    applicationCrypto: ["encrypt", "decrypt"],
    signing: ["sign", "verify"],
};

/** @azure/keyvault-keys 4.10.2 sends `exp` as `getTime() / 1e3 | 0` (models.js): 2^31 - 1 seconds is the last that survives. */
export const LAST_SENDABLE_EXPIRY = new Date((2 ** 31 - 1) * 1000);

/**
 * Key Vault's limits on a key's tags: "Key Vault supports up to 15 tags", names and values of at most 256 characters
 * (learn.microsoft.com/azure/key-vault/keys/about-keys-details, "Key tags"); more is 400 BadParameter. The components
 * hold the same limits (components/tags.ts `TAG_LIMITS`): verification imports none of the provisioning code, and a test
 * keeps the two equal.
 */
export const KEY_TAG_LIMITS = { count: 15, nameLength: 256, valueLength: 256 } as const;

export const ImportKeyDefaults = {
    kty: "RSA-HSM",
    purpose: "cmkService",
    /** Each imported version's validity, as `EncryptionKey`'s `rotationPolicy.expiryTime` (P1Y). */
    validityDays: 365,
} as const;

export type CurveName = "P-256" | "P-384" | "P-521" | "P-256K";

/** The header of a key transfer blob (a `.byok` file), as Key Vault's BYOK specification defines it. */
export interface TransferBlob {
    /** The KEK's versioned key id: the key the blob was protected to. */
    kekId: string;
    /** The BYOK tool and source HSM, for troubleshooting. */
    generator: string;
}

/** One way an import's options or its `.byok` file break a rule, naming the option or the blob's field. */
export interface ImportIssue {
    field: string;
    message: string;
}

/**
 * Reads a key transfer blob without sending it: JSON with `schema_version` 1.0.0, a header of
 * `alg` "dir" and `enc` "CKM_RSA_AES_KEY_WRAP" naming the KEK's versioned id, and a ciphertext in
 * base64url or standard base64. Returns the issues, each naming its field; the blob when there are none.
 */
export function readTransferBlob(bytes: Uint8Array): TransferBlob | ImportIssue[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(Buffer.from(transferBlobBytes(bytes)).toString("utf8"));
    } catch {
        return [{ field: "(file)", message: "is not JSON; a key transfer blob (.byok) is the JSON a vendor's BYOK tool writes" }];
    }
    if (!isRecord(parsed)) {
        return [{ field: "(file)", message: "is not a JSON object" }];
    }
    const issues: ImportIssue[] = [];
    if (parsed.schema_version !== "1.0.0") {
        issues.push({ field: "schema_version", message: `${JSON.stringify(parsed.schema_version)} is not "1.0.0"` });
    }
    const header = isRecord(parsed.header) ? parsed.header : undefined;
    if (!header) {
        issues.push({ field: "header", message: "is missing" });
    } else {
        if (header.alg !== "dir") {
            issues.push({ field: "header.alg", message: `${JSON.stringify(header.alg)} is not "dir"` });
        }
        if (header.enc !== "CKM_RSA_AES_KEY_WRAP") {
            issues.push({ field: "header.enc", message: `${JSON.stringify(header.enc)} is not "CKM_RSA_AES_KEY_WRAP"` });
        }
        if (typeof header.kid !== "string") {
            issues.push({ field: "header.kid", message: "is missing: the KEK's versioned key id" });
        } else {
            try {
                if (!parseKeyId(header.kid).version) {
                    issues.push({ field: "header.kid", message: `${header.kid} names no version; the blob is protected to one version of the KEK` });
                }
            } catch (error) {
                issues.push({ field: "header.kid", message: error instanceof Error ? error.message : String(error) });
            }
        }
    }
    // The specification writes BASE64URL, but `az keyvault key import` sends the file unchecked and vendors' tools write
    // standard base64 too: either alphabet passes here (not a mix), and Key Vault's own 400 names a ciphertext it refuses.
    if (typeof parsed.ciphertext !== "string" || !/^(?:[A-Za-z0-9_-]+|[A-Za-z0-9+/]+)={0,2}$/.test(parsed.ciphertext)) {
        issues.push({ field: "ciphertext", message: "is missing or not base64 (base64url or standard base64)" });
    }
    if (issues.length > 0 || !header) {
        return issues;
    }
    return { kekId: header.kid as string, generator: typeof parsed.generator === "string" ? parsed.generator : "" };
}

/**
 * The `.byok` file's bytes as they are read and sent: without a UTF-8 byte-order mark, which Windows
 * tools write and which is not part of the JSON. Key Vault's import parses `key_hsm` as the blob's
 * JSON, and no document says its parser skips a mark, so the bytes checked here are the bytes sent.
 */
export function transferBlobBytes(bytes: Uint8Array): Uint8Array {
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

export interface ImportByokKeyOptions {
    /** Required. An identity with Key Vault Crypto Officer on the vault (keys/import, and keys/get for the KEK and for a deleted key holding the name), or Managed HSM Crypto User on a pool (keys/import/action and keys/read/action; a pool's Crypto Officer has neither, and only it reads deleted keys); on an access-policy vault, also the operations of the key's purpose, for the verification after the import. */
    credential: TokenCredential;
    /** Required. The `.byok` file's bytes, as the vendor's BYOK tool wrote them. */
    transferBlob: Uint8Array;
    /** Optional. The target key's type: `oct-HSM` (AES) imports into a Managed HSM only. Defaults to `RSA-HSM`. */
    kty?: "RSA-HSM" | "EC-HSM" | "oct-HSM";
    /** Conditional. Required for `EC-HSM`: the target key's curve. */
    curveName?: CurveName;
    /** Optional. Defaults to `cmkService` (wrapKey, unwrapKey); `signing` for an EC key must be named, and makes an `oct-HSM` key an HMAC key. With `newVersion`, defaults to the current version's operations, and a purpose that gives others is refused (`nextVersionKeyOps`). */
    purpose?: ImportPurpose;
    /** Optional. Defaults to 365 days from now, as a stack's key version. */
    expiresOn?: Date;
    /** Optional. Import as the next version of an existing key, with its current version's operations. Defaults to `false`: an existing key is refused. A deleted key's name is refused either way, as Key Vault refuses it, and so is a key whose rotation policy rotates it in the vault (reading the policy needs keyrotationpolicies/read; a caller refused it, or a key with none, is not held up). */
    newVersion?: boolean;
    /** Optional. The version's tags, held to Key Vault's limits (`KEY_TAG_LIMITS`: at most 15, names and values of at most 256 characters). Defaults to none; with `newVersion`, to the current version's (`nextVersionTags`), and `{}` gives none. */
    tags?: Record<string, string>;
    /** Optional. Check the blob, its KEK and the target name, and import nothing (for a change window's rehearsal). Defaults to `false`. */
    dryRun?: boolean;
    /** Optional. Retry settings passed to the SDK clients. Defaults to the SDK's. */
    retryOptions?: KeyClientOptions["retryOptions"];
    /** Optional. How long one request, or one token asked of the credential, may go unanswered before it fails as a network error. Defaults to `REQUEST_TIMEOUT_MS` (60 s), as verify's. */
    requestTimeoutMs?: number;
    /** Optional. The Key Vault REST API version sent, for a vault that does not serve the SDK's newest: as `VerifyKeyOptions.serviceVersion`. Defaults to the SDK's. */
    serviceVersion?: string;
    /** Optional. Defaults to `() => new Date()`. */
    now?: () => Date;
}

export interface ImportStep {
    name: "key-exchange-key" | "target" | "import";
    ok: boolean;
    ms: number;
    error: StepError | null;
}

export interface KeyImport {
    /** The target key's versionless id. */
    keyId: string;
    /** The version the import made; empty when it failed. */
    keyVersion: string;
    ok: boolean;
    /** The KEK checked (`key-exchange-key`), then the import; in a dry run, the target name (`target`) instead. */
    steps: ImportStep[];
    /** True when nothing was sent to import: the checks an import needs, run alone. */
    dryRun: boolean;
    /** The imported version verified by what its operations allow (`verifyKey`); null when the import failed. */
    verification: KeyVerification | null;
    /** The tags the version was given (in a dry run, would be given); null when a step failed. */
    tags: Record<string, string> | null;
    /** True when `tags` are the current version's, kept for a next version imported without `tags`. */
    tagsKept: boolean;
}

/** Every rule the options break, each naming its option; empty when valid. */
export function validateImportOptions(keyId: string, options: Pick<ImportByokKeyOptions, "kty" | "curveName" | "purpose" | "expiresOn" | "serviceVersion" | "tags">, now: Date = new Date()): ImportIssue[] {
    const issues: ImportIssue[] = [...validateKeyTags(options.tags)];
    const versionProblem = options.serviceVersion === undefined ? undefined : apiVersionProblem(options.serviceVersion);
    if (versionProblem !== undefined) issues.push({ field: "serviceVersion", message: versionProblem });
    const kty = options.kty ?? ImportKeyDefaults.kty;
    const purpose = options.purpose ?? (kty === "EC-HSM" ? undefined : ImportKeyDefaults.purpose);
    try {
        if (parseKeyId(keyId).version) {
            issues.push({ field: "keyId", message: `${keyId} names a version; name the key only, the import makes its version` });
        }
    } catch (error) {
        issues.push({ field: "keyId", message: error instanceof Error ? error.message : String(error) });
    }
    if (kty !== "RSA-HSM" && kty !== "EC-HSM" && kty !== "oct-HSM") {
        issues.push({ field: "kty", message: `"${String(kty)}" is not RSA-HSM, EC-HSM or oct-HSM; a BYOK transfer blob imports into the HSM only` });
    }
    if (kty === "oct-HSM") {
        // Key Vault's BYOK specification: AES target keys go to a Managed HSM only, which also signs with them as HMAC keys
        // (HS256-HS512, managed-hsm/about-keys-details.md), so every purpose fits.
        let host = "";
        try {
            host = parseKeyId(keyId).vaultHost;
        } catch {
            // Reported above.
        }
        if (host !== "" && !isManagedHsmHost(host)) {
            issues.push({ field: "kty", message: `oct-HSM (an AES key) imports into a Managed HSM only, and ${host} is a key vault` });
        }
        if (options.curveName !== undefined) {
            issues.push({ field: "curveName", message: "applies to EC-HSM keys only" });
        }
    }
    if (kty === "EC-HSM" && options.curveName === undefined) {
        issues.push({ field: "curveName", message: "is required for an EC-HSM key: P-256, P-384, P-521 or P-256K, the curve of the key in the blob" });
    }
    if (kty === "RSA-HSM" && options.curveName !== undefined) {
        issues.push({ field: "curveName", message: "applies to EC-HSM keys only" });
    }
    if (kty === "EC-HSM" && purpose !== "signing") {
        issues.push({ field: "purpose", message: `${purpose === undefined ? "is required for an EC-HSM key" : `"${purpose}" needs an RSA key`}: EC keys only sign and verify, so name purpose signing` });
    }
    if (options.expiresOn !== undefined && !(options.expiresOn.getTime() > now.getTime())) {
        issues.push({ field: "expires", message: `${Number.isNaN(options.expiresOn.getTime()) ? "is not a date" : `${options.expiresOn.toISOString()} is already past`}; an imported key created expired is unusable` });
    }
    const expires = options.expiresOn ?? new Date(now.getTime() + ImportKeyDefaults.validityDays * 86400_000);
    if (expires.getTime() > LAST_SENDABLE_EXPIRY.getTime()) {
        const given = options.expiresOn === undefined ? `the default, ${ImportKeyDefaults.validityDays} days from now (${expires.toISOString()}),` : expires.toISOString();
        issues.push({ field: "expires", message: `${given} is after ${LAST_SENDABLE_EXPIRY.toISOString()}, the last expiry the Key Vault SDK can send (it writes exp as a 32-bit number, so a later date arrives as one in 1901); give an expiry on or before it` });
    }
    return issues;
}

/** Every Key Vault limit the tags break (`KEY_TAG_LIMITS`), each at `tags` and naming the tag; empty when valid or none. */
export function validateKeyTags(tags: Readonly<Record<string, unknown>> | undefined): ImportIssue[] {
    if (tags === undefined) return [];
    const issues: ImportIssue[] = [];
    const entries = Object.entries(tags);
    if (entries.length > KEY_TAG_LIMITS.count) {
        issues.push({ field: "tags", message: `are ${entries.length}; a Key Vault key takes at most ${KEY_TAG_LIMITS.count}` });
    }
    for (const [name, value] of entries) {
        const tag = `tag ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}`;
        if (name.length === 0) {
            issues.push({ field: "tags", message: "a tag has no name: give name=value" });
        } else if (name.length > KEY_TAG_LIMITS.nameLength) {
            issues.push({ field: "tags", message: `${tag} has a name of ${name.length} characters; a Key Vault key's tag name is at most ${KEY_TAG_LIMITS.nameLength}` });
        }
        if (typeof value !== "string") {
            issues.push({ field: "tags", message: `${tag} has a value that is not a string: Key Vault's tag values are text` });
        } else if (value.length > KEY_TAG_LIMITS.valueLength) {
            issues.push({ field: "tags", message: `${tag} has a value of ${value.length} characters; a Key Vault key's tag value is at most ${KEY_TAG_LIMITS.valueLength}` });
        }
    }
    return issues;
}

/**
 * The tags a key's next version is imported with. Key Vault keeps tags on each version (REST "Import Key", `tags`, as
 * `key_ops`): a next version imported without them would have none, so it keeps the current version's, as
 * `nextVersionKeyOps` keeps its operations; tags given replace them (an empty set for none). When the current version
 * could not be read ("unreadable"), the tags must be given. Returns them, `kept` when they are the current version's;
 * the issue, naming `tags`, when it cannot tell.
 */
export function nextVersionTags(keyId: string, current: Readonly<Record<string, string>> | "unreadable", given: Readonly<Record<string, string>> | undefined): { tags: Record<string, string>; kept: boolean } | ImportIssue {
    if (given !== undefined) return { tags: { ...given }, kept: false };
    if (current === "unreadable") {
        return { field: "tags", message: `are required with --new-version here: the tags of ${keyId}'s current version could not be read, and the next version would otherwise have none; give them (--tags "" for none)` };
    }
    return { tags: { ...current }, kept: true };
}

/**
 * The operations a key's next version is imported with. Key Vault gives each imported version exactly
 * the key_ops its request names (REST "Import Key", `key.key_ops`); nothing carries over from earlier
 * versions, so a next version imported with the default purpose's operations would take from
 * services on the versionless key id the operations they use. The next version keeps the current
 * version's (`currentOps`); a purpose given must give the same ones. When the current version's
 * operations could not be read (`undefined`), the purpose must be given. Returns the issue, naming
 * `purpose`, when the import would change them or cannot tell, or naming `keyId` when the key is a
 * key exchange key (its operations include import).
 */
export function nextVersionKeyOps(keyId: string, currentOps: readonly KeyOperation[] | undefined, purpose: ImportPurpose | undefined): KeyOperation[] | ImportIssue {
    // Import marks a key exchange key, which the BYOK specification has Key Vault generate: its private key is never
    // outside the HSM, so no blob may become one, and its next version would keep import alone.
    if (currentOps?.some((op) => op.toLowerCase() === "import")) {
        return { field: "keyId", message: `${keyId} is a key exchange key (its current version allows import): --key-id names the key to import into, and the blob's header.kid names the KEK; a KEK is generated in Key Vault, never imported` };
    }
    if (currentOps === undefined) {
        return purpose !== undefined
            ? [...IMPORT_KEY_OPS[purpose]]
            : { field: "purpose", message: `is required with --new-version here: the operations of ${keyId}'s current version could not be read, and the next version must keep those services on its versionless id use; name the purpose its versions serve` };
    }
    const list = (ops: readonly string[]) => `[${ops.join(", ")}]`;
    if (purpose !== undefined && !sameOperations(IMPORT_KEY_OPS[purpose], currentOps)) {
        return {
            field: "purpose",
            message: `"${purpose}" gives the next version ${list(IMPORT_KEY_OPS[purpose])}, but ${keyId}'s current version allows ${list(currentOps)}, which services on its versionless id use; leave --purpose out to keep them, or import under a new name for another purpose`,
        };
    }
    return [...currentOps];
}

function sameOperations(a: readonly string[], b: readonly string[]): boolean {
    const lower = (ops: readonly string[]) => [...new Set(ops.map((op) => op.toLowerCase()))].sort().join(",");
    return lower(a) === lower(b);
}

/**
 * Imports a key transfer blob into Key Vault as an HSM-protected key (step 4 of Key Vault's BYOK
 * specification), then proves it works. Before anything is sent, the blob is read and the KEK it
 * names is checked to be in the target key's vault and to be a KEK Key Vault's import takes; an
 * existing key is refused unless `newVersion` is asked for, and a deleted key's name always. The
 * key is created non-exportable, with the operations its purpose needs (a next version: its current
 * version's, `nextVersionKeyOps`), the tags given (a next version without them: its current version's,
 * `nextVersionTags`) and an expiry; a next version is refused onto a key whose rotation policy rotates
 * it in the vault, and a key exchange key is never the target. Never throws for a refusal: the result says which step failed and
 * why. Throws for options that break a rule (`validateImportOptions`, `nextVersionKeyOps`) or a blob
 * that is not a transfer blob (`readTransferBlob`).
 */
export async function importByokKey(keyId: string, options: ImportByokKeyOptions): Promise<KeyImport> {
    const now = (options.now ?? (() => new Date()))();
    const problems = [...validateImportOptions(keyId, options, now)];
    const blob = readTransferBlob(options.transferBlob);
    if (Array.isArray(blob)) {
        problems.push(...blob.map((i) => ({ field: `transferBlob.${i.field}`, message: i.message })));
    } else if (problems.length === 0 && parseKeyId(blob.kekId).vaultHost !== parseKeyId(keyId).vaultHost) {
        problems.push({ field: "transferBlob.header.kid", message: `${blob.kekId} is not in ${parseKeyId(keyId).vaultHost}; the KEK must be in the vault the key is imported into` });
    } else if (problems.length === 0 && parseKeyId(blob.kekId).name.toLowerCase() === parseKeyId(keyId).name.toLowerCase()) {
        // Key Vault's key names ignore case.
        problems.push({ field: "keyId", message: `${keyId} is the key exchange key the blob was made for (header.kid ${blob.kekId}): --key-id names the key to import into; a KEK is generated in Key Vault, never imported` });
    }
    if (problems.length > 0 || Array.isArray(blob)) {
        throw new ImportOptionsError(problems);
    }
    const target = parseKeyId(keyId);
    const steps: ImportStep[] = [];
    const kek = await verifyKey(blob.kekId, { credential: options.credential, checks: ["key-exchange"], retryOptions: options.retryOptions, requestTimeoutMs: options.requestTimeoutMs, serviceVersion: options.serviceVersion, now: () => now });
    const kekFailure = kek.steps.find((s) => !s.ok);
    steps.push({ name: "key-exchange-key", ok: kek.ok, ms: kek.steps.reduce((sum, s) => sum + s.ms, 0), error: kekFailure?.error ?? null });
    if (!kek.ok) {
        return { keyId: target.keyId, keyVersion: "", ok: false, steps, verification: null, dryRun: options.dryRun ?? false, tags: null, tagsKept: false };
    }

    // verify's limits: Retry-After gated and capped, a request timeout, bodiless errors given Key Vault's shape, and the token kept on this vault.
    const timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const client = new KeyClient(target.vaultUrl, withSignInDeadline(options.credential, target.vaultHost, timeoutMs), {
        ...(options.serviceVersion !== undefined ? { serviceVersion: options.serviceVersion } : {}),
        retryOptions: options.retryOptions,
        userAgentOptions: { userAgentPrefix: "azure-byok-import" },
        additionalPolicies: [{ policy: vaultGatePolicy(new VaultGates(), { requestTimeoutMs: timeoutMs }), position: "perRetry" }, { policy: ownVaultPolicy(target.vaultHost), position: "perCall" }],
    });
    const kty = options.kty ?? ImportKeyDefaults.kty;
    const dryRun = options.dryRun ?? false;
    const stepName = dryRun ? "target" : "import";
    const started = performance.now();
    let operation = "get";
    let version = "";
    let tags: Record<string, string> = { ...options.tags };
    let tagsKept = false;
    try {
        const current = await checkName(client, target, options.newVersion ?? false, operation);
        let keyOps: KeyOperation[] = [...IMPORT_KEY_OPS[options.purpose ?? ImportKeyDefaults.purpose]];
        if (current !== undefined) {
            const next = nextVersionKeyOps(target.keyId, current === "unreadable" ? undefined : current.keyOperations, options.purpose);
            const nextTags = nextVersionTags(target.keyId, current === "unreadable" ? "unreadable" : (current.properties.tags ?? {}), options.tags);
            if (!Array.isArray(next) || !("tags" in nextTags)) {
                throw new ImportOptionsError([...(Array.isArray(next) ? [] : [next]), ...("tags" in nextTags ? [] : [nextTags])]);
            }
            keyOps = next;
            ({ tags, kept: tagsKept } = nextTags);
            operation = "getrotationpolicy";
            await refuseRotationInVault(client, target);
        }
        if (dryRun) {
            steps.push({ name: "target", ok: true, ms: elapsed(started), error: null });
            return { keyId: target.keyId, keyVersion: "", ok: true, steps, verification: null, dryRun: true, tags, tagsKept };
        }
        operation = "import";
        const imported = await client.importKey(
            target.name,
            { kty, crv: kty === "EC-HSM" ? options.curveName : undefined, keyOps, t: transferBlobBytes(options.transferBlob) },
            {
                hardwareProtected: true,
                exportable: false,
                enabled: true,
                expiresOn: options.expiresOn ?? new Date(now.getTime() + ImportKeyDefaults.validityDays * 86400_000),
                // None is sent as none, as before tags were kept.
                tags: Object.keys(tags).length > 0 ? tags : undefined,
            },
        );
        version = imported.properties.version ?? "";
        steps.push({ name: "import", ok: true, ms: elapsed(started), error: null });
    } catch (error) {
        if (error instanceof ImportOptionsError) {
            throw error;
        }
        const failure = await classify(error, { key: target, operation, credential: options.credential });
        steps.push({ name: stepName, ok: false, ms: elapsed(started), error: { code: failure.code, message: failure.message, suggestion: failure.suggestion } });
        return { keyId: target.keyId, keyVersion: "", ok: false, steps, verification: null, dryRun, tags: null, tagsKept: false };
    }
    const verification = await verifyKey(`${target.keyId}/${version}`, { credential: options.credential, retryOptions: options.retryOptions, requestTimeoutMs: options.requestTimeoutMs, serviceVersion: options.serviceVersion, now: () => now });
    return { keyId: target.keyId, keyVersion: version, ok: verification.ok, steps, verification, dryRun: false, tags, tagsKept };
}

/** Options or a blob that break a rule: found before anything is imported (a next version's purpose, once its current version is read). */
export class ImportOptionsError extends Error {
    constructor(readonly issues: ImportIssue[]) {
        super(issues.map((i) => `${i.field}: ${i.message}`).join("\n"));
        this.name = "ImportOptionsError";
    }
}

/**
 * Throws when the import would be refused for its name: a key holds it (unless a new version is asked for), or a deleted key does.
 * Returns the key's current version when a new version is imported onto it ("unreadable" when the vault refuses its GET), else undefined.
 */
async function checkName(client: KeyClient, target: ParsedKeyId, newVersion: boolean, operation: string): Promise<KeyVaultKey | "unreadable" | undefined> {
    const holder = await nameHolder(client, target);
    if (holder instanceof KeyHolder && !newVersion) {
        throw new KeyExistsError({ keyId: target.keyId, vault: target.vaultHost, operation });
    }
    if (holder instanceof KeyHolder) {
        return holder.current;
    }
    if (holder !== undefined) {
        const recoveryLevel = holder.properties.recoveryLevel ?? "";
        throw new ImportRefusedError(
            { keyId: target.keyId, vault: target.vaultHost, operation: "import" },
            { deletedKey: { deletedOn: holder.properties.deletedOn, scheduledPurgeDate: holder.properties.scheduledPurgeDate, purgeable: recoveryLevel.includes("Purgeable") } },
        );
    }
    return undefined;
}

/**
 * Throws when the key's rotation policy has a Rotate action: Key Vault's rotation "generates a new key version of an existing
 * key with new key material" (key-vault/keys/how-to-configure-key-rotation.md), made in the vault, so the version imported
 * would be replaced by one that never was in the vendor's HSM, and services on the versionless id would move to it.
 * A caller refused the policy (403: no keyrotationpolicies/read, or an access policy without "Get Rotation Policy"), or a vault
 * that answers 404 for it, is not held up: the import itself is what the caller asked for.
 */
async function refuseRotationInVault(client: KeyClient, target: ParsedKeyId): Promise<void> {
    let policy: KeyRotationPolicy;
    try {
        policy = await client.getKeyRotationPolicy(target.name);
    } catch (error) {
        if (isRestError(error) && (error.statusCode === 403 || error.statusCode === 404)) return;
        throw error;
    }
    const rotate = policy.lifetimeActions?.find((a) => a.action === "Rotate");
    if (rotate) {
        const trigger = rotate.timeAfterCreate !== undefined ? `${rotate.timeAfterCreate} after creation` : rotate.timeBeforeExpiry !== undefined ? `${rotate.timeBeforeExpiry} before expiry` : "with no trigger";
        throw new ImportRefusedError({ keyId: target.keyId, vault: target.vaultHost, operation: "getrotationpolicy" }, { rotatesInVault: { trigger } });
    }
}

/** A key holding the target's name: its current version, or "unreadable" when the vault refuses its GET (a disabled key on some vaults). */
class KeyHolder {
    constructor(readonly current: KeyVaultKey | "unreadable") {}
}

/** What holds the target's name: a key (a disabled one too), a deleted key, or nothing the caller may see. */
async function nameHolder(client: KeyClient, target: ParsedKeyId): Promise<KeyHolder | DeletedKey | undefined> {
    try {
        return new KeyHolder(await client.getKey(target.name));
    } catch (error) {
        // A vault that refuses a disabled key's GET still holds the key.
        if (isRestError(error) && error.statusCode === 403 && keyVaultErrorCode(error) === "KeyDisabled") return new KeyHolder("unreadable");
        if (!isRestError(error) || error.statusCode !== 404) throw error;
    }
    // Key Vault answers a soft-deleted key's GET 404, yet refuses an import under its name (409 ObjectIsDeletedButRecoverable).
    try {
        return await client.getDeletedKey(target.name);
    } catch (error) {
        // 403: the caller may not read deleted keys (a Managed HSM's deletedKeys/read); 400, 405 or 501: a vault that serves
        // none (another implementation answers the path as one it does not know). The import's own 409 then names a deleted key.
        if (isRestError(error) && [400, 403, 404, 405, 501].includes(error.statusCode ?? 0)) return undefined;
        throw error;
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function elapsed(started: number): number {
    return Math.round(performance.now() - started);
}
