import type { TokenCredential } from "@azure/core-auth";
import type { KeyClientOptions, KeyVaultKey } from "@azure/keyvault-keys";
import { checkBackup } from "./checks/backup";
import type { CheckContext, KeyContext } from "./checks/context";
import { checkKeyExchange } from "./checks/key-exchange";
import { checkExpiry, checkRecoverable, checkRotation } from "./checks/lifecycle";
import { checkPreviousVersions } from "./checks/previous-versions";
import { expectKeyAsked, notFoundAsDeleted, readKey, refusedAsDisabled } from "./checks/read";
import { checkEncryptDecrypt, checkLocalEncrypt, checkWrapUnwrap } from "./checks/round-trips";
import { checkSignVerify } from "./checks/sign-verify";
import { classify } from "./classify";
import { NotRunError, VerificationError, type VerificationErrorCode } from "./errors";
import { checkLocally, fittedChecks } from "./key-facts";
import { parseKeyId, type ParsedKeyId } from "./key-id";
import { apiVersionProblem, type Clients, clientsFor } from "./sdk-clients";
import { type AccessWait, causeOf, operationOf, vaultCaller } from "./vault-call";
import { type VaultGate, VaultGates } from "./vault-gate";

/**
 * The checks, in the order they run. Each names the Key Vault operations (and so the RBAC data
 * actions) it needs:
 * - `read`: GET the key (keys/read; Key Vault Crypto User, Crypto Service Encryption User or
 *   Reader); then, before any other call, that it is enabled, inside nbf/exp, an RSA key or a
 *   Managed HSM's AES (oct-HSM) key (an EC key, or an oct-HSM HMAC key, for `sign-verify`), and
 *   that its key_ops include what the other selected checks need. A key the vault answers 404 for
 *   is looked for among its deleted keys (a vault's keys/get; a pool's keys/deletedKeys/read/action,
 *   its Crypto Officer's alone), so KeyNotFound can say it is soft-deleted and when it is purged.
 * - `encrypt-decrypt`: a random payload encrypted and decrypted by the vault with RSA-OAEP-256, or
 *   AES-GCM for an oct-HSM key (keys/encrypt/action, keys/decrypt/action; Key Vault Crypto User).
 * - `wrap-unwrap`: a random 256-bit key wrapped and unwrapped by the vault with RSA-OAEP-256, or
 *   AES key wrap for an oct-HSM key (keys/wrap/action, keys/unwrap/action; Key Vault Crypto
 *   Service Encryption User). A symmetric key's bundle carries no size, so the AES algorithm's is
 *   found by trying 256, 192 and 128 bits while the vault refuses the algorithm (400).
 * - `local-encrypt`: encrypted here with the public key (RSA-OAEP), stored with the key id and
 *   version, decrypted by the vault under that version (keys/decrypt/action).
 * - `sign-verify`: the SHA-2 digest of random data signed by the vault (RS256 for RSA keys, ES256,
 *   ES384, ES512 or ES256K by an EC key's curve) and the signature verified here with the public
 *   key (keys/sign/action; Key Vault Crypto User). A Managed HSM's oct-HSM key has no public half:
 *   it signs with HMAC (HS256, which Managed HSM serves for every oct key size) and the HSM itself
 *   verifies the signature, and refuses it once altered (keys/sign/action, keys/verify/action;
 *   Managed HSM Crypto User). Runs by default only for a key that can sign but neither encrypt nor
 *   wrap.
 * - `previous-versions`: for each other enabled version of the key, expired ones included (Key
 *   Vault still decrypts and unwraps under them), data protected under it here with its public key
 *   is opened by the vault: decrypted, or unwrapped for a version that only wraps, each by its own
 *   key_ops (keys/read, keys/decrypt/action or keys/unwrap/action); a version allowing neither fails
 *   WrongOperations. An oct-HSM key's valid versions are round-tripped by the vault with AES-GCM, or
 *   AES key wrap for a version that only wraps, each at its own size; one outside its dates cannot
 *   be (the vault encrypts and wraps nothing under it), nor can a disabled version of any key (the
 *   vault decrypts, unwraps and signs nothing under it): each is named in the step's `unchecked`, whose
 *   `ok` then speaks for the other versions only. The
 *   listing must hold the version just read, and stops after 400 pages. Off by default: it costs
 *   calls per version.
 * - `key-exchange`: that the key is a BYOK key exchange key (KEK) Key Vault's import takes: RSA-HSM,
 *   2048, 3072 or 4096 bits, key_ops import alone (Key Vault's BYOK specification); with
 *   `publicKeyDir`, its public key written there as `<vault>.<key>.<version>.publickey.pem`, the PEM
 *   an HSM vendor's BYOK tool protects the target key to (`az keyvault key download` writes the
 *   same). Needs only keys/read. Runs by default for a key that allows import.
 * - `recoverable`: that the key's vault keeps it when deleted and lets no one purge it: the recovery
 *   level Key Vault reports with the key is Recoverable or CustomizedRecoverable (soft delete and
 *   purge protection on), not Purgeable or `+Purgeable`. Needs only keys/read; no extra call. Off
 *   by default.
 * - `rotation`: the key's rotation policy (keyrotationpolicies/read: Key Vault Reader or Crypto
 *   Officer, which Key Vault Crypto User lacks; on a Managed HSM, which has no rotation-policy
 *   action, Managed HSM Crypto User) rotates it, and can: a Rotate action with a
 *   trigger that is an ISO 8601 duration, an expiry for new versions when rotation is timed before
 *   expiry, rotation before those versions expire, the current version still valid when its
 *   rotation comes, and the newest version no more than two days past the rotation it was due (a
 *   key whose automatic rotation is failing). Off by default.
 * - `expiry`: that the key's current version has an expiry date and stays valid for at least
 *   `minDaysBeforeExpiry` more days (default 30, when Key Vault's near-expiry notice fires): a key
 *   whose rotation failed, or an imported (BYOK) key, which Key Vault cannot rotate, is caught
 *   while there is time to act. For the version an AKS cluster's KMS holds (`heldByAksKms`), it
 *   first reads the vault's current version and fails ClusterKeyBehind when that is another one KMS
 *   could move to (enabled, inside its dates). Needs only keys/read. Off by default.
 * - `backup`: Key Vault's backup of the key, every version, written to `backupDir` as
 *   `<vault>.<key>.<version>.keybackup` (keys/backup/action; Key Vault Crypto User or Crypto
 *   Officer, Managed HSM Crypto User or Backup). The blob is sealed by Key Vault and restores only
 *   in the same subscription and geography. Runs even when `read` fails for a disabled or expired
 *   key. Off by default: asked for after a key is created and after each rotation.
 *
 * Asked for no checks, a key gets those of `DEFAULT_CHECKS` its key_ops allow: a customer-managed
 * key (wrapKey, unwrapKey) is wrapped and unwrapped, an application's key (encrypt, decrypt) is
 * round-tripped both ways, a key that allows both gets all four. So a whole stack's keys verify in
 * one run, each for what it is for; asked for checks, a key must allow every one of them.
 */
export const CHECKS = ["read", "encrypt-decrypt", "wrap-unwrap", "local-encrypt", "sign-verify", "key-exchange", "recoverable", "rotation", "expiry", "previous-versions", "backup"] as const;
export type CheckName = (typeof CHECKS)[number];
export { DEFAULT_CHECKS, encryptLocally } from "./key-facts";
export { ACCESS_RETRY_INTERVAL_MS, MAX_THROTTLE_ATTEMPTS, type AccessWait } from "./vault-call";
export { DEFAULT_MIN_DAYS_BEFORE_EXPIRY } from "./checks/lifecycle";

export interface StepError {
    code: VerificationErrorCode;
    message: string;
    suggestion: string;
}

export interface StepResult {
    name: CheckName;
    ok: boolean;
    /** Wall-clock milliseconds the step took, waits for Retry-After included. */
    ms: number;
    error: StepError | null;
    /** Key versions the step could not check, and why: its `ok` speaks for the others only. Absent when none. */
    unchecked?: UncheckedVersion[];
}

/** A key version a step left unproved because Key Vault refuses, by design, what proving it needs. */
export interface UncheckedVersion {
    version: string;
    /** The refusal that stood in the way: the version is disabled, past its expiry, or before its not-before date. */
    code: Extract<VerificationErrorCode, "KeyDisabled" | "KeyExpired" | "KeyNotYetValid">;
    message: string;
}

export interface KeyVerification {
    /** The key id as given (normalised). */
    keyId: string;
    /** The version verified: the one named in the id, or the latest at read time. Empty if the read failed. */
    keyVersion: string;
    ok: boolean;
    steps: StepResult[];
}

/**
 * Data protected under a key, as the key-management guidance says to store it: the ciphertext
 * with the full versioned key id and the algorithm, so it decrypts after the key rotates.
 */
export interface Envelope {
    keyId: string;
    keyVersion: string;
    algorithm: "RSA-OAEP" | "RSA-OAEP-256";
    ciphertext: Uint8Array;
}

export interface VerifyKeyOptions {
    /** Required. The identity that will use the key: the vendor's app, the CMK identity, you. */
    credential: TokenCredential;
    /** Optional. Defaults to those of `DEFAULT_CHECKS` the key's operations allow (`read` always runs first, whether listed or not). */
    checks?: readonly CheckName[];
    /** Optional. Retry settings passed to the SDK clients. Defaults to the SDK's (3 retries, exponential from 800 ms). */
    retryOptions?: KeyClientOptions["retryOptions"];
    /** Optional. Attempts per vault operation while the vault answers 429, each retried by the SDK as its retryOptions say. Defaults to `MAX_THROTTLE_ATTEMPTS` (3). */
    maxThrottleAttempts?: number;
    /** Optional. Shared per-vault gates (the fleet passes one set to all keys). Defaults to a fresh set. */
    gates?: VaultGates;
    /** Optional. Clock for the local validity checks. Defaults to `() => new Date()`. */
    now?: () => Date;
    /** Conditional. Required with the `backup` check: the existing folder backups are written to. */
    backupDir?: string;
    /** Optional. With the `key-exchange` check: the existing folder a KEK's public key is written to as PEM. Defaults to writing none. */
    publicKeyDir?: string;
    /** Optional. With the `expiry` check: the fewest days the current version must stay valid. Defaults to `DEFAULT_MIN_DAYS_BEFORE_EXPIRY`. */
    minDaysBeforeExpiry?: number;
    /**
     * Optional. The key id is the version an AKS cluster's KMS plugin holds (legacy KMS, a versioned
     * key id: the cluster's `keyId` output). KMS keeps the version a move replaces as its previous
     * key until the next move, and both must stay valid, so with the `expiry` check the cluster must
     * be on the vault's current version, not only far from expiry. Defaults to `false`.
     */
    heldByAksKms?: boolean;
    /**
     * Optional. How long, from the first refusal, an operation Azure RBAC refuses (403
     * ForbiddenByRbac) is retried: a role assignment made moments ago (by the deploy before this
     * run) can take up to 10 minutes to apply. Access policies, firewalls and key_ops are never
     * waited for. Defaults to `0`: a refusal fails its step at once.
     */
    waitForAccessMs?: number;
    /** Optional. The pause between those retries. Defaults to `ACCESS_RETRY_INTERVAL_MS`. */
    accessRetryIntervalMs?: number;
    /** Optional. Told of each pause before it starts, so that a wait is never silent (the command writes it to stderr). Defaults to none. */
    onAccessWait?: (wait: AccessWait) => void;
    /** Optional. How long one request, or one token asked of the credential, may go unanswered before it fails as a network error. Defaults to `REQUEST_TIMEOUT_MS` (60 s). The first options given for a set of gates and a credential hold for its clients. */
    requestTimeoutMs?: number;
    /** Optional. The longest Retry-After waited out; a vault asking for longer fails the step as Throttled. Defaults to `MAX_RETRY_AFTER_MS` (60 s). */
    maxRetryAfterMs?: number;
    /**
     * Optional. The Key Vault REST API version sent (`7.1`, `7.4`, `2025-07-01`), for a vault that does
     * not serve the SDK's newest (in a cloud that lags the public one): such a vault refuses every request
     * (`UnsupportedApiVersion`, naming the newest it serves). Defaults to the SDK's newest (2025-07-01 in @azure/keyvault-keys 4.10).
     */
    serviceVersion?: string;
}

/**
 * Proves a deployed key works for the identity behind `options.credential`: reads it, checks it
 * locally, then runs each selected check against the vault. Never throws for a key that fails;
 * the result says which step failed and why.
 */
export async function verifyKey(keyId: string, options: VerifyKeyOptions): Promise<KeyVerification> {
    let key: ParsedKeyId;
    try {
        key = parseKeyId(keyId);
    } catch (error) {
        const failure = error instanceof VerificationError ? error : undefined;
        return { keyId, keyVersion: "", ok: false, steps: [{ name: "read", ok: false, ms: 0, error: failure ? stepError(failure) : null }] };
    }
    if (options.checks?.includes("backup") && !options.backupDir) {
        throw new Error("verifyKey: the backup check needs backupDir, the folder the backup is written to");
    }
    const versionProblem = options.serviceVersion === undefined ? undefined : apiVersionProblem(options.serviceVersion);
    if (versionProblem !== undefined) throw new Error(`verifyKey: serviceVersion ${versionProblem}`);
    const gates = options.gates ?? new VaultGates();
    const clients = clientsFor(gates, options);
    const gate = gates.get(key.vaultHost);
    return gate.withSlot(() => runChecks(key, options, clients, gate));
}

/** `read`, then each check the key is to get, in the order of CHECKS; `read` failing stops the rest but `backup`. */
async function runChecks(key: ParsedKeyId, options: VerifyKeyOptions, clients: Clients, gate: VaultGate): Promise<KeyVerification> {
    let checks = new Set<CheckName>(["read", ...(options.checks ?? [])]);
    const now = options.now ?? (() => new Date());
    const call = vaultCaller(key, options, gate);
    const base: KeyContext = { key, options, clients, call, now };
    const steps: StepResult[] = [];
    const run = stepRunner(steps, key, options, gate);

    let vaultKey: KeyVaultKey | undefined;
    let disabledOnRead = false;
    const readOk = await run("read", async () => {
        try {
            vaultKey = await readKey(base);
        } catch (error) {
            disabledOnRead = refusedAsDisabled(error);
            throw await notFoundAsDeleted(base, error);
        }
        expectKeyAsked(key, vaultKey);
        checks = new Set(options.checks ? checks : fittedChecks(vaultKey));
        checkLocally(key, vaultKey, [...checks], now());
    });
    if (!readOk || !vaultKey) {
        // A backup needs only the key to exist: a disabled or expired key, which fails `read`, is still backed up.
        if ((vaultKey || disabledOnRead) && checks.has("backup")) {
            const version = vaultKey?.properties.version ?? (key.version || undefined);
            await run("backup", () => checkBackup(base, version));
        }
        // Each check asked for by name is reported, run or not, so a result never reads as a shorter list of passes.
        reportNotRun(steps, key, options.checks ?? []);
        return { keyId: key.keyId, keyVersion: vaultKey?.properties.version ?? "", ok: false, steps };
    }
    const current = vaultKey;
    const ctx: CheckContext = { ...base, current, crypto: clients.cryptoClient(current), aesBits: new Map() };
    const step = (name: CheckName, body: (ctx: CheckContext) => Promise<UncheckedVersion[] | void>) => (checks.has(name) ? run(name, () => body(ctx)) : undefined);

    await step("encrypt-decrypt", checkEncryptDecrypt);
    await step("wrap-unwrap", checkWrapUnwrap);
    await step("local-encrypt", checkLocalEncrypt);
    await step("sign-verify", checkSignVerify);
    await step("key-exchange", checkKeyExchange);
    await step("recoverable", checkRecoverable);
    await step("rotation", checkRotation);
    await step("expiry", checkExpiry);
    await step("previous-versions", checkPreviousVersions);
    await step("backup", () => checkBackup(ctx, current.properties.version));
    return { keyId: key.keyId, keyVersion: current.properties.version ?? "", ok: steps.every((s) => s.ok), steps };
}

/** Runs one step's body and records its result: its time, the versions it left unchecked, or its failure classified. */
function stepRunner(steps: StepResult[], key: ParsedKeyId, options: VerifyKeyOptions, gate: VaultGate): (name: CheckName, body: () => Promise<UncheckedVersion[] | void>) => Promise<boolean> {
    return async (name, body) => {
        const started = performance.now();
        try {
            const unchecked = await body();
            steps.push({ name, ok: true, ms: elapsed(started), error: null, ...(unchecked && unchecked.length > 0 ? { unchecked } : {}) });
            return true;
        } catch (error) {
            const cause = causeOf(error);
            const failure = await classify(cause, { key, operation: operationOf(error, name), credential: options.credential, vaultTenant: gate.tenant });
            steps.push({ name, ok: false, ms: elapsed(started), error: stepError(failure) });
            return false;
        }
    };
}

/** Each check asked for by name that did not run, failed as NotRun for the reason `read` failed. */
function reportNotRun(steps: StepResult[], key: ParsedKeyId, asked: readonly CheckName[]): void {
    const readFailure = steps[0]?.error?.code ?? "Unexpected";
    for (const name of asked) {
        if (!steps.some((s) => s.name === name)) {
            steps.push({ name, ok: false, ms: 0, error: stepError(new NotRunError({ keyId: key.keyId, vault: key.vaultHost }, name, readFailure)) });
        }
    }
}

function stepError(error: VerificationError): StepError {
    return { code: error.code, message: error.message, suggestion: error.suggestion };
}

function elapsed(started: number): number {
    return Math.round(performance.now() - started);
}
