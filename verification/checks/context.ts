import type { CryptographyClient, KeyVaultKey } from "@azure/keyvault-keys";
import type { ParsedKeyId } from "../key-id";
import type { Clients } from "../sdk-clients";
import type { VaultCall } from "../vault-call";
import type { VerifyKeyOptions } from "../verify-key";
import type { AesBits } from "./round-trips";

/** What a step needs before the key is read: the key asked about, the run's options, clients and clock, and how to call its vault. */
export interface KeyContext {
    key: ParsedKeyId;
    options: VerifyKeyOptions;
    clients: Clients;
    call: VaultCall;
    now: () => Date;
}

/** What a check needs once `read` has passed. */
export interface CheckContext extends KeyContext {
    /** The version read: the one named in the key id, or the latest. */
    current: KeyVaultKey;
    /** The current version's client. */
    crypto: CryptographyClient;
    /** Each version's AES size, once an algorithm of that size has been accepted: versions may differ. */
    aesBits: Map<string, AesBits>;
}
