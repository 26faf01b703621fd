import type { TokenCredential } from "@azure/core-auth";
import { CryptographyClient, KeyClient, type KeyClientOptions, type KeyVaultKey } from "@azure/keyvault-keys";
import { withSignInDeadline } from "./sign-in-deadline";
import { ownVaultPolicy, REQUEST_TIMEOUT_MS, type VaultGates, vaultGatePolicy } from "./vault-gate";
import type { VerifyKeyOptions } from "./verify-key";

/** A session's SDK clients: one KeyClient per vault, one CryptographyClient per key version. */
export class Clients {
    private readonly keyClients = new Map<string, KeyClient>();
    private readonly cryptoClients = new Map<string, CryptographyClient>();
    private readonly credentials = new Map<string, TokenCredential>();

    /** `signInTimeoutMs`: how long each token may take, the vault requests' deadline (see `withSignInDeadline`). */
    constructor(
        private readonly credential: TokenCredential,
        private readonly options: KeyClientOptions,
        private readonly signInTimeoutMs = REQUEST_TIMEOUT_MS,
    ) {}

    /** The credential, its tokens bounded by the deadline, a failure naming the vault it was for. */
    private credentialFor(host: string): TokenCredential {
        let credential = this.credentials.get(host);
        if (!credential) {
            credential = withSignInDeadline(this.credential, host, this.signInTimeoutMs);
            this.credentials.set(host, credential);
        }
        return credential;
    }

    keyClient(vaultUrl: string): KeyClient {
        let client = this.keyClients.get(vaultUrl);
        if (!client) {
            const host = new URL(vaultUrl).host;
            client = new KeyClient(vaultUrl, this.credentialFor(host), this.optionsFor(host));
            this.keyClients.set(vaultUrl, client);
        }
        return client;
    }

    /**
     * A fresh options object per client: the SDK appends its user-agent prefix to the object it
     * is given, so a shared one grows by one prefix per client until the User-Agent header passes
     * Node's 16 KB header limit (431) after ~490 clients. Each client talks to its own vault only.
     */
    private optionsFor(host: string): KeyClientOptions {
        return {
            ...this.options,
            userAgentOptions: { ...this.options.userAgentOptions },
            additionalPolicies: [...(this.options.additionalPolicies ?? []), { policy: ownVaultPolicy(host), position: "perCall" }],
        };
    }

    /** Built from the key already read, so the SDK does not GET it again. */
    cryptoClient(key: KeyVaultKey): CryptographyClient {
        let client = this.cryptoClients.get(key.id ?? "");
        if (!client) {
            const host = new URL(key.id ?? "").host;
            client = new CryptographyClient(key, this.credentialFor(host), this.optionsFor(host));
            this.cryptoClients.set(key.id ?? "", client);
        }
        return client;
    }
}

/** Key Vault's REST API versions as its specs name them: 7.0–7.6 (with -preview[.n]) and dated ones (2016-10-01, 2025-07-01). */
const API_VERSION = /^(?:\d+\.\d+(?:-preview(?:\.\d+)?)?|\d{4}-\d{2}-\d{2}(?:-preview)?)$/;

/** Why `version` is no Key Vault REST API version; undefined when it is one. */
export function apiVersionProblem(version: string): string | undefined {
    return API_VERSION.test(version) ? undefined : `${JSON.stringify(version)} is not a Key Vault REST API version: a number such as 7.4, or a date such as 2025-07-01`;
}

const sessions = new WeakMap<VaultGates, WeakMap<TokenCredential, Map<string, Clients>>>();

/** The clients one credential shares across one set of gates: a fleet, which passes one set to every key, makes each client once (per API version). */
export function clientsFor(gates: VaultGates, options: VerifyKeyOptions): Clients {
    let byCredential = sessions.get(gates);
    if (!byCredential) {
        byCredential = new WeakMap();
        sessions.set(gates, byCredential);
    }
    let byVersion = byCredential.get(options.credential);
    if (!byVersion) {
        byVersion = new Map();
        byCredential.set(options.credential, byVersion);
    }
    let clients = byVersion.get(options.serviceVersion ?? "");
    if (!clients) {
        clients = new Clients(options.credential, {
            ...(options.serviceVersion !== undefined ? { serviceVersion: options.serviceVersion } : {}),
            retryOptions: options.retryOptions,
            additionalPolicies: [{ policy: vaultGatePolicy(gates, { requestTimeoutMs: options.requestTimeoutMs, maxRetryAfterMs: options.maxRetryAfterMs }), position: "perRetry" }],
            userAgentOptions: { userAgentPrefix: "azure-byok-verify" },
        }, options.requestTimeoutMs);
        byVersion.set(options.serviceVersion ?? "", clients);
    }
    return clients;
}
