import { verifyKey, type KeyVerification, type VerifyKeyOptions } from "./verify-key";
import { parseKeyId } from "./key-id";
import { VaultGates } from "./vault-gate";

export interface VerifyKeysOptions extends Omit<VerifyKeyOptions, "gates" | "heldByAksKms"> {
    /** Optional. Keys checked at once across all vaults. Defaults to `16`. */
    concurrency?: number;
    /** Optional. Keys checked at once in one vault (Key Vault throttles per vault). Defaults to `4`. */
    perVaultConcurrency?: number;
    /** Optional. Those of the key ids that are the version an AKS cluster's KMS holds (`scanStackOutputs` finds them), each verified with `heldByAksKms`; compared without case, as Key Vault names are. Defaults to none. */
    aksKmsKeyIds?: readonly string[];
}

export interface VaultTraffic {
    host: string;
    /** Requests sent, the bodiless 401 challenge rounds included. */
    requests: number;
    /** 429 answers received (each waited out before that vault's next request). */
    throttled: number;
}

export interface FleetVerification {
    ok: boolean;
    keys: KeyVerification[];
    vaults: VaultTraffic[];
}

/**
 * Verifies many keys with bounded concurrency: at most `concurrency` keys at once, at most
 * `perVaultConcurrency` per vault, and every request to a vault waits out that vault's latest
 * Retry-After, so a fleet check does not fail because it throttled itself. Results keep the
 * order of `keyIds`.
 */
export async function verifyKeys(keyIds: readonly string[], options: VerifyKeysOptions): Promise<FleetVerification> {
    const concurrency = Math.max(1, options.concurrency ?? 16);
    const gates = new VaultGates(Math.max(1, options.perVaultConcurrency ?? 4));
    const results: KeyVerification[] = new Array<KeyVerification>(keyIds.length);
    const queue = interleaveByVault(keyIds);
    const aksKms = new Set((options.aksKmsKeyIds ?? []).map((id) => id.toLowerCase()));
    const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            results[next] = await verifyKey(keyIds[next], { ...options, gates, heldByAksKms: aksKms.has(keyIds[next].toLowerCase()) });
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, keyIds.length) }, worker));
    return {
        ok: results.every((r) => r.ok),
        keys: results,
        vaults: gates.all().map((g) => ({ host: g.host, requests: g.requests, throttled: g.throttled })),
    };
}

/** Indexes of keyIds ordered round-robin across vaults, so workers spread over vaults. */
function interleaveByVault(keyIds: readonly string[]): number[] {
    const byVault = new Map<string, number[]>();
    keyIds.forEach((id, index) => {
        let host = "";
        try {
            host = parseKeyId(id).vaultHost;
        } catch {
            host = "";
        }
        const list = byVault.get(host) ?? [];
        list.push(index);
        byVault.set(host, list);
    });
    const lists = [...byVault.values()];
    const order: number[] = [];
    for (let i = 0; order.length < keyIds.length; i++) {
        for (const list of lists) {
            if (i < list.length) {
                order.push(list[i]);
            }
        }
    }
    return order;
}
