import { isRestError } from "@azure/core-rest-pipeline";
import { refusedByRbac } from "./classify";
import { ThrottledError } from "./errors";
import type { ParsedKeyId } from "./key-id";
import type { VaultGate } from "./vault-gate";
import type { CheckName, VerifyKeyOptions } from "./verify-key";

/**
 * Attempts per vault operation while the vault answers 429; the Azure SDK retries each attempt
 * itself (3 times by default, waiting out Retry-After), so 3 attempts are up to 12 requests.
 */
export const MAX_THROTTLE_ATTEMPTS = 3;

/** The pause between retries of an operation Azure RBAC refused, while `waitForAccessMs` lasts. */
export const ACCESS_RETRY_INTERVAL_MS = 15_000;

/** One wait for a role assignment to take effect, as `onAccessWait` is told of it. */
export interface AccessWait {
    keyId: string;
    /** The Key Vault operation Azure RBAC refused (get, wrapKey, ...). */
    operation: string;
    /** How long until the next attempt. */
    retryInMs: number;
    /** How much of `waitForAccessMs` is left after that pause. */
    remainingMs: number;
}

/** One Key Vault operation, named for the step's error context, retried as the vault and RBAC call for. */
export type VaultCall = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

/**
 * How one key's run calls its vault: each operation retried while the vault answers 429 (up to
 * `maxThrottleAttempts`), and again while Azure RBAC refuses it and `waitForAccessMs` lasts.
 */
export function vaultCaller(key: ParsedKeyId, options: VerifyKeyOptions, gate: VaultGate): VaultCall {
    const attempts = options.maxThrottleAttempts ?? MAX_THROTTLE_ATTEMPTS;
    const accessWait = accessWaiter(key, options, gate);
    return async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
        for (;;) {
            try {
                return await withThrottleRetry(key, operation, attempts, fn);
            } catch (error) {
                if (!(await accessWait(error, operation))) throw error;
            }
        }
    };
}

/** Retries one vault operation while the vault answers 429, waiting out Retry-After via the gate. */
async function withThrottleRetry<T>(key: ParsedKeyId, operation: string, attempts: number, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (error) {
            if (!(isRestError(error) && error.statusCode === 429)) {
                throw new OperationFailure(operation, error);
            }
            if (attempt >= attempts) {
                throw new ThrottledError({ keyId: key.keyId, vault: key.vaultHost, operation }, attempt);
            }
            // The gate policy recorded this 429's Retry-After; the next attempt waits it out there.
        }
    }
}

/**
 * For one key's run: whether a failed operation is worth another attempt because Azure RBAC
 * refused it and `waitForAccessMs` is not used up; if so, it reports the pause and waits it out
 * before answering. The wait is counted from the vault's first refusal in the run, one deadline
 * for all of its keys: a role that never applies holds the run `waitForAccessMs`, not that per key.
 */
function accessWaiter(key: ParsedKeyId, options: VerifyKeyOptions, gate: VaultGate): (error: unknown, operation: string) => Promise<boolean> {
    const budget = options.waitForAccessMs ?? 0;
    const interval = options.accessRetryIntervalMs ?? ACCESS_RETRY_INTERVAL_MS;
    return async (error, operation) => {
        const cause = causeOf(error);
        if (budget <= 0 || !isRestError(cause) || cause.statusCode !== 403 || !refusedByRbac(key, cause)) return false;
        const now = Date.now();
        gate.accessDeadline ??= now + budget;
        const left = gate.accessDeadline - now;
        if (left <= 0) return false;
        const pause = Math.min(interval, left);
        options.onAccessWait?.({ keyId: key.keyId, operation, retryInMs: pause, remainingMs: left - pause });
        await new Promise((resolve) => setTimeout(resolve, pause));
        return true;
    };
}

/** Carries the Key Vault operation that failed up to the step, for the error's context. */
export class OperationFailure extends Error {
    constructor(
        readonly operation: string,
        readonly cause: unknown,
    ) {
        super(operation);
    }
}

/** The vault's own failure behind one carried up by OperationFailure. */
export function causeOf(error: unknown): unknown {
    return error instanceof OperationFailure ? error.cause : error;
}

/** The operation a step's error names: the one that failed, or the step's own (`get` for `read`). */
export function operationOf(error: unknown, step: CheckName): string {
    return error instanceof OperationFailure ? error.operation : step === "read" ? "get" : step;
}
