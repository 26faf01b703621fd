/**
 * One class per way a key can fail verification. Each carries a stable `code` (what scripts and
 * the `--json` output branch on), the `context` it happened in, and a `suggestion` that names
 * the fix. Messages are single sentences; none carries a stack trace to the user.
 */

export interface ErrorContext {
    keyId?: string;
    vault?: string;
    operation?: string;
    identity?: string;
    [detail: string]: string | number | undefined;
}

export type VerificationErrorCode =
    | "Forbidden"
    | "ForbiddenByFirewall"
    | "KeyNotFound"
    | "VaultNotFound"
    | "KeyDisabled"
    | "KeyExpired"
    | "KeyNotYetValid"
    | "WrongOperations"
    | "NotAKeyExchangeKey"
    | "NotRecoverable"
    | "KeyExpiresSoon"
    | "NoExpiry"
    | "ClusterKeyBehind"
    | "RotationNotScheduled"
    | "ImportRefused"
    | "KeyExists"
    | "PayloadMismatch"
    | "Throttled"
    | "Network"
    | "AuthenticationFailed"
    | "VaultServiceError"
    | "UnsupportedApiVersion"
    | "InvalidKeyId"
    | "NotRun"
    | "Unexpected";

export abstract class VerificationError extends Error {
    abstract readonly code: VerificationErrorCode;

    constructor(
        message: string,
        readonly context: ErrorContext,
        readonly suggestion: string,
    ) {
        super(message);
        this.name = new.target.name;
    }

    toJSON(): { code: VerificationErrorCode; message: string; suggestion: string; context: ErrorContext } {
        return { code: this.code, message: this.message, suggestion: this.suggestion, context: this.context };
    }
}

/** Whether a host is a Managed HSM's, whose keys are granted by its own local RBAC, not Azure RBAC's vault roles. */
export function isManagedHsmHost(host: string | undefined): boolean {
    return /\.managedhsm\.(?:azure\.net|azure\.cn|usgovcloudapi\.net)(?::\d+)?$/i.test(host ?? "");
}

/** The role that grants a Key Vault data action, for suggestions: a vault's Azure RBAC role, or a Managed HSM's local role. */
export function roleFor(operation: string, managedHsm = false): string {
    if (managedHsm) {
        return managedHsmRoleFor(operation);
    }
    switch (operation) {
        case "wrapKey":
        case "unwrapKey":
            return "Key Vault Crypto Service Encryption User (or Key Vault Crypto User)";
        case "get":
        case "list":
            return "Key Vault Crypto User (or Key Vault Reader for metadata only)";
        case "backup":
            return "Key Vault Crypto User (or Key Vault Crypto Officer)";
        case "import":
            return "Key Vault Crypto Officer";
        case "getrotationpolicy":
            return "Key Vault Reader (or Key Vault Crypto Officer)";
        default:
            return "Key Vault Crypto User";
    }
}

/**
 * The least Managed HSM local role that holds the data action, first, as Microsoft's table of
 * permitted operations gives them (key-vault/managed-hsm/built-in-roles.md). Its Crypto Officer
 * holds no key read, create, import or cryptographic action, so it is never the answer here.
 */
function managedHsmRoleFor(operation: string): string {
    switch (operation) {
        case "wrapKey":
        case "unwrapKey":
            return "Managed HSM Crypto Service Encryption User (or Managed HSM Crypto User)";
        case "get":
        case "list":
            return "Managed HSM Crypto User (or Managed HSM Crypto Service Encryption User)";
        case "backup":
            return "Managed HSM Backup (or Managed HSM Crypto User)";
        // import, encrypt, decrypt, sign, verify, and the rotation policy: a pool has no rotation-policy
        // action, and Microsoft's key-rotation guide names the Crypto User for managing it.
        default:
            return "Managed HSM Crypto User";
    }
}

/** The local role assignment that lifts a Managed HSM's refusal, as the command that makes it, scoped to the one key. */
function managedHsmGrant(context: ErrorContext & { operation: string; identity: string; keyId: string }): string {
    const [, pool = "<pool>", key = "<name>"] = /^https:\/\/([^./]+)\.[^/]+\/keys\/([^/?]+)/i.exec(context.keyId) ?? [];
    const role = roleFor(context.operation, true);
    const objectId = objectIdIn(context.identity);
    return (
        `Assign the Managed HSM local role "${role}" at the key's scope (/keys/${key}) or /keys to ${context.identity}` +
        ` (az keyvault role assignment create --hsm-name ${pool} --role "${role.replace(/ \(or .*\)$/, "")}" --scope /keys/${key} --assignee-object-id ${objectId});` +
        " Azure RBAC roles on the resource do not reach its keys."
    );
}

/** The object id an identity's description names (`... object id <guid>`), for a command the user can run as given. */
function objectIdIn(identity: string): string {
    return /object id ([0-9a-f-]{36})/i.exec(identity)?.[1] ?? "<object id>";
}

/**
 * The access-policy entry that lifts a vault's refusal. The stack's accessPolicies come first: a
 * policy set by hand on a vault the stack manages is undone by its next `pulumi up`. And
 * `az keyvault set-policy --key-permissions` replaces the entry's key permissions, so the command
 * keeps those the identity still needs beside the one refused.
 */
function accessPolicyGrant(context: ErrorContext & { operation: string; identity: string }): string {
    const vault = (context.vault ?? "<vault>").split(/[.:]/)[0];
    return (
        `Grant ${context.identity} the key permission "${context.operation}" in the vault's access policies: in the stack, add it to the entry's keyPermissions in accessPolicies;` +
        ` by hand, az keyvault set-policy --name ${vault} --object-id ${objectIdIn(context.identity)} --key-permissions <every key permission it needs, ${context.operation} among them>` +
        " (the list replaces the entry's key permissions). The vault uses access policies, so role assignments do not apply to it."
    );
}

export class ForbiddenError extends VerificationError {
    readonly code = "Forbidden";
    /**
     * `deniedBy` is what refused, when the vault said: an access-policy vault ignores role assignments, so
     * its fix is a permission alone; a first-party caller is refused for who it is, which no grant changes.
     */
    constructor(context: ErrorContext & { operation: string; identity: string; keyId: string }, reason: string, deniedBy?: "accessPolicies" | "firstParty") {
        const managedHsm = isManagedHsmHost(context.vault);
        super(
            `Forbidden: ${context.identity} may not ${context.operation} with ${context.keyId} (${reason}).`,
            context,
            managedHsm
                ? managedHsmGrant(context)
                : deniedBy === "accessPolicies"
                  ? accessPolicyGrant(context)
                  : deniedBy === "firstParty"
                    ? "Key Vault refuses this caller for who it is, not for a missing permission: sign in as a work or school account or a service principal, not a personal Microsoft account" +
                      " (az login with one, or AZURE_CLIENT_ID and a secret or certificate), and reach the vault from a network it admits rather than through its trusted-services exception, which admits only the Microsoft services it lists."
                    : `Assign the role "${roleFor(context.operation)}" on the key or its vault to ${context.identity}` +
                    " (or, on an access-policy vault, grant the key permission" +
                    ` "${context.operation}"); role assignments can take up to 10 minutes to apply, so re-run after that.`,
        );
    }
}

export class FirewallBlockedError extends VerificationError {
    readonly code = "ForbiddenByFirewall";
    constructor(context: ErrorContext & { operation: string; keyId: string; vault: string }) {
        super(
            `Blocked by the firewall: ${context.vault} does not admit this network, so ${context.operation} with ${context.keyId} was refused before any permission was checked.`,
            context,
            "Run verify from a network the vault admits: an address in its networkAcls.ipRules, a subnet in its virtualNetworkRules, or through its private endpoint. The deploy itself needs no data-plane path.",
        );
    }
}

/** A key its vault holds soft-deleted, as Get Deleted Key reports it. */
export interface SoftDeletedKey {
    deletedOn?: Date;
    scheduledPurgeDate?: Date;
}

export class KeyNotFoundError extends VerificationError {
    readonly code = "KeyNotFound";
    /** `deleted`: the key, seen among the vault's deleted keys (only by a caller who may read them). */
    constructor(context: ErrorContext & { keyId: string; vault: string }, deleted?: SoftDeletedKey) {
        const managedHsm = isManagedHsmHost(context.vault);
        const [, name = "<name>"] = /\/keys\/([^/?]+)/i.exec(context.keyId) ?? [];
        const where = `${managedHsm ? "--hsm-name" : "--vault-name"} ${context.vault.split(".")[0]}`;
        const recover = `az keyvault key recover ${where} --name ${name}`;
        if (deleted) {
            const purge = deleted.scheduledPurgeDate?.toISOString();
            super(
                `Key not found: ${context.keyId} is soft-deleted in ${context.vault}${deleted.deletedOn ? ` (deleted ${deleted.deletedOn.toISOString()})` : ""}${purge ? ` and is purged for good on ${purge}` : ""}.`,
                context,
                `Recover it${purge ? ` before ${purge}` : ""} (${recover})` +
                    // A pool's Crypto User may not recover (managed-hsm/built-in-roles.md).
                    `${managedHsm ? ", as a Managed HSM Crypto Officer: only that local role holds keys/deletedKeys/recover/action" : ""}. It comes back with every version under the same key id.`,
            );
            return;
        }
        super(
            `Key not found: ${context.keyId} does not exist in ${context.vault}.`,
            context,
            `Check the key name and version against \`pulumi stack output\`; a deleted key can be recovered while soft-deleted (${recover})` +
                (managedHsm
                    ? `, by a Managed HSM Crypto Officer: only that local role holds keys/deletedKeys/read/action and keys/deletedKeys/recover/action, so only it sees the deleted key (az keyvault key list-deleted ${where}).`
                    : "."),
        );
    }
}

export class VaultNotFoundError extends VerificationError {
    readonly code = "VaultNotFound";
    constructor(context: ErrorContext & { vault: string }, how: string) {
        super(
            `Vault not found: ${context.vault} ${how}.`,
            context,
            "Check the vault name in the key id; a deleted vault is recoverable while soft-deleted (az keyvault recover); a private-endpoint vault needs a network path and DNS from where verify runs.",
        );
    }
}

export class KeyDisabledError extends VerificationError {
    readonly code = "KeyDisabled";
    constructor(context: ErrorContext & { keyId: string }) {
        super(
            `Key disabled: ${context.keyId} is disabled.`,
            context,
            "Enable the key version (az keyvault key set-attributes --enabled true) or point the consumer at an enabled version.",
        );
    }
}

export class KeyExpiredError extends VerificationError {
    readonly code = "KeyExpired";
    constructor(context: ErrorContext & { keyId: string }, expiresOn?: Date) {
        super(
            `Key expired: ${context.keyId} expired${expiresOn ? ` at ${expiresOn.toISOString()}` : ""}.`,
            context,
            "Rotate the key (a new version with a fresh expiry) or extend its expiry; set a rotation policy that rotates before expiry.",
        );
    }
}

export class KeyNotYetValidError extends VerificationError {
    readonly code = "KeyNotYetValid";
    constructor(context: ErrorContext & { keyId: string }, notBefore?: Date) {
        super(
            `Key not yet valid: ${context.keyId} cannot be used ${notBefore ? `before ${notBefore.toISOString()}` : "yet"}.`,
            context,
            "Wait for the activation date, or set the key's not-before date to a time in the past.",
        );
    }
}

export class WrongOperationsError extends VerificationError {
    readonly code = "WrongOperations";
    constructor(context: ErrorContext & { keyId: string }, missing: readonly string[], allowed?: readonly string[]) {
        super(
            allowed
                ? `Wrong operations: ${context.keyId} allows [${allowed.join(", ")}] but verification needs [${missing.join(", ")}].`
                : `Wrong operations: ${context.keyId} does not permit [${missing.join(", ")}].`,
            context,
            "Allow the missing operations on the key (az keyvault key set-attributes --ops ..., or the key's keyOps in the stack), or ask only for the checks the key is for (--check wrap-unwrap for a customer-managed key); without --check, verify runs the checks the key's operations allow.",
        );
    }
}

/** A key asked to serve as a BYOK key exchange key that Key Vault's import would not take as one. */
export class NotAKeyExchangeKeyError extends VerificationError {
    readonly code = "NotAKeyExchangeKey";
    constructor(context: ErrorContext & { keyId: string }, problems: readonly string[]) {
        // The stack makes a vault's KEK; a Managed HSM's keys are made in the pool itself, by its Crypto User (keys/create).
        const where = isManagedHsmHost(context.vault)
            ? `the Managed HSM the key will be imported into, as its Crypto User does with az keyvault key create --hsm-name ${(context.vault ?? "<pool>").split(".")[0]} --name <kek name> --kty RSA-HSM --size 4096 --ops import`
            : "the premium vault the key will be imported into, as az keyvault key create --kty RSA-HSM --size 4096 --ops import does (purpose keyExchange in the stack)";
        super(
            `Not a key exchange key: ${context.keyId} ${problems.join("; ")}; Key Vault's BYOK import takes only an RSA-HSM key of 2048, 3072 or 4096 bits whose key_ops are import alone.`,
            context,
            `Create the KEK in ${where}, and give the vendor's BYOK tool that key's public key.`,
        );
    }
}

/** A key its vault would let someone destroy for good: soft delete off, or purge protection off. */
export class NotRecoverableError extends VerificationError {
    readonly code = "NotRecoverable";
    constructor(context: ErrorContext & { keyId: string; vault: string }, recoveryLevel: string | undefined, recoverableDays: number | undefined) {
        const reason =
            recoveryLevel === undefined ? "the vault reported no recovery level for it"
            : recoveryLevel === "Purgeable" ? "its vault has soft delete off (recovery level Purgeable), so a deleted key is gone at once"
            : recoveryLevel.endsWith("+Purgeable")
              ? `its vault has purge protection off (recovery level ${recoveryLevel}), so anyone allowed to purge can destroy it within the ${recoverableDays ?? "retention"} days it stays deleted`
              : `its vault reports recovery level ${recoveryLevel}, which Key Vault does not document as recoverable`;
        super(
            recoveryLevel === undefined
                ? `Not recoverable: ${context.keyId} cannot be shown recoverable: ${reason}, so nothing says a deleted key would come back.`
                : `Not recoverable: ${context.keyId} could be lost for good: ${reason}; data encrypted under it would go with it.`,
            context,
            `Turn on purge protection on ${context.vault} (enablePurgeProtection: true, which cannot be turned off again; the KeyVault component's default), and keep a backup of the key (verify --check backup).`,
        );
    }
}

/** A key whose current version expires within the days asked for: consumers lose it unless a new version comes first. */
export class KeyExpiresSoonError extends VerificationError {
    readonly code = "KeyExpiresSoon";
    constructor(context: ErrorContext & { keyId: string }, expiresOn: Date, daysLeft: number, minDays: number) {
        super(
            `Expires soon: ${context.keyId} expires on ${expiresOn.toISOString()}, in ${daysLeft} day${daysLeft === 1 ? "" : "s"}, fewer than the ${minDays} asked for.`,
            context,
            "Rotate the key now (az keyvault key rotate) and find out why its rotation policy did not; for a key imported from an HSM (BYOK), import its next version (npm run import-key -- --new-version). Services on the versionless key id move to the new version by themselves; those given a version need an update.",
        );
    }
}

/** A key whose current version never expires: nothing forces it to be replaced. */
export class NoExpiryError extends VerificationError {
    readonly code = "NoExpiry";
    constructor(context: ErrorContext & { keyId: string }) {
        super(
            `No expiry: ${context.keyId} has no expiry date, so nothing forces its replacement.`,
            context,
            "Give the key an expiry (az keyvault key set-attributes --expires, or the stack's expires and rotationPolicy.expiryTime) and a rotation policy that rotates before it.",
        );
    }
}

/**
 * The version an AKS cluster's KMS holds is no longer the vault's current one. Legacy KMS keeps the
 * version a move replaces as its previous key until the next move, and both must stay valid
 * (Microsoft's AKS KMS guide, "Rotate existing keys"): a cluster moved only when its version nears
 * expiry leaves that version, weeks from expiry, in use as the previous key.
 */
export class ClusterKeyBehindError extends VerificationError {
    readonly code = "ClusterKeyBehind";
    constructor(context: ErrorContext & { keyId: string; vault: string }, latestVersion: string, expiresOn: Date | undefined, daysLeft: number | undefined) {
        super(
            `Cluster behind: ${context.keyId} is the version an AKS cluster's KMS holds, but ${context.vault} has rotated the key to version ${latestVersion} since${expiresOn && daysLeft !== undefined ? `; the version held expires on ${expiresOn.toISOString()}, in ${daysLeft} day${daysLeft === 1 ? "" : "s"}` : ""}.`,
            context,
            `Run pulumi up --refresh now, and after every rotation: it moves KMS to version ${latestVersion}, and KMS keeps the version it replaces as its previous key, which must stay valid (enabled and unexpired) until the next move; then rewrite the cluster's secrets under the new version (kubectl get secrets -A -o json | kubectl replace -f -), as Microsoft's AKS KMS guide asks.`,
        );
    }
}

/** A key whose rotation policy does not rotate it, or cannot (no expiry for a trigger before expiry, a rotation after its versions expire). */
export class RotationNotScheduledError extends VerificationError {
    readonly code = "RotationNotScheduled";
    constructor(context: ErrorContext & { keyId: string }, problems: readonly string[]) {
        super(
            `Rotation not scheduled: ${context.keyId} ${problems.join("; ")}.`,
            context,
            "Give the key a rotation policy that rotates it before its versions expire, e.g. rotate P90D after creation with expiryTime P1Y (the EncryptionKey component's default rotationPolicy; az keyvault key rotation-policy update), and rotate it once by hand if its current version is close to expiry. A key imported from an HSM (BYOK) cannot rotate in Key Vault: import its next version before expiry (npm run import-key -- --new-version) and check it with --check read.",
        );
    }
}

/**
 * Why a BYOK import is refused: Key Vault's answer to one (400 for a blob, KEK or key type that does
 * not fit; 409 for a name a deleted key holds), or what was found before any import was sent: a
 * deleted key holding the name (Key Vault answers its GET 404, yet refuses an import under its name),
 * or, for a next version, a key whose rotation policy rotates it in the vault (`trigger`, as
 * "P90D after creation"), which would replace the imported version with key material made there.
 */
export type ImportRefusal =
    | { serviceCode: string; serviceMessage: string; innerCode?: string }
    | { deletedKey: { deletedOn?: Date; scheduledPurgeDate?: Date; purgeable: boolean } }
    | { rotatesInVault: { trigger: string } }
    | { standardVault: { serviceMessage: string } };

export class ImportRefusedError extends VerificationError {
    readonly code = "ImportRefused";
    constructor(context: ErrorContext & { keyId: string; vault: string }, refusal: ImportRefusal) {
        const [, name = "<name>"] = /\/keys\/([^/?]+)/i.exec(context.keyId) ?? [];
        // az names the vault by its resource name, a Managed HSM by its pool's.
        const where = `${isManagedHsmHost(context.vault) ? "--hsm-name" : "--vault-name"} ${context.vault.split(".")[0]} --name ${name}`;
        const recover = `it (az keyvault key recover ${where}) and import the blob as its next version with --new-version`;
        if ("rotatesInVault" in refusal) {
            super(
                `Import refused: ${context.keyId} has a rotation policy that rotates it in ${context.vault} (Rotate ${refusal.rotatesInVault.trigger}), so Key Vault would replace the version imported with key material it makes itself, and services on the versionless key id would move off your HSM's key.`,
                context,
                "Take the Rotate action out of the key's rotation policy, then import again: in the stack, rotationPolicy.automaticRotation: false on the key (or list it as existing: true); by hand, " +
                    `az keyvault key rotation-policy update ${where} --value <a policy whose lifetimeActions hold only Notify>. A BYOK key is renewed by importing its next version before it expires (verify --check expiry warns 30 days ahead).`,
            );
            return;
        }
        if ("standardVault" in refusal) {
            const vaultName = context.vault.split(".")[0];
            super(
                `Import refused: ${context.vault} is a standard vault, which holds no HSM keys, and a BYOK import makes one (the vault answered 403: ${refusal.standardVault.serviceMessage.replace(/\s+/g, " ").trim()}).`,
                context,
                `Import into a premium vault, which BYOK needs for the key exchange key and the key alike: move this one to premium (az keyvault update --name ${vaultName} --sku premium, or sku: premium on its entry in the stack's vaults[]) and import again, or make a KEK in another premium vault and have the vendor's tool protect the key to it.`,
            );
            return;
        }
        if ("deletedKey" in refusal) {
            const { deletedOn, scheduledPurgeDate, purgeable } = refusal.deletedKey;
            super(
                `Import refused: a deleted key${deletedOn ? ` (deleted ${deletedOn.toISOString()})` : ""} holds the name ${name} in ${context.vault}, and Key Vault refuses an import under it, as a new version too, until it is recovered or purged.`,
                context,
                purgeable
                    ? `Recover ${recover}, purge it (az keyvault key purge ${where}; it is then gone for good), or import under another name.`
                    : `Recover ${recover}, or import under another name; purge protection keeps the deleted key${scheduledPurgeDate ? ` until ${scheduledPurgeDate.toISOString()}` : " for the vault's retention period"}.`,
            );
            return;
        }
        const { serviceCode, serviceMessage, innerCode } = refusal;
        super(
            `Import refused: ${context.vault} answered ${serviceCode}${serviceMessage ? ` (${serviceMessage.replace(/\s+/g, " ").trim()})` : ""}.`,
            context,
            innerCode === "ObjectIsDeletedButRecoverable"
                ? `A deleted key holds the name until it is recovered or purged: recover ${recover}, purge it if the vault's purge protection is off (az keyvault key purge ${where}), or import under another name.`
                : innerCode === "ObjectIsBeingDeleted"
                  ? `The key of this name is still being deleted: wait until the delete finishes (az keyvault key show-deleted ${where} then shows it), then recover ${recover}, or import under another name.`
                  : "Make the transfer blob again with the vendor's BYOK tool from the public key of a KEK in this vault (verify --check key-exchange --public-key-dir writes it), for the key type given with --kty (and --curve-name for EC-HSM); if a deleted key holds the name, recover it (az keyvault key recover) or import under another name.",
        );
    }
}

/** An import would add a version to a key that exists, which services on its versionless id move to. */
export class KeyExistsError extends VerificationError {
    readonly code = "KeyExists";
    constructor(context: ErrorContext & { keyId: string }) {
        super(
            `Key exists: ${context.keyId} is already in the vault; importing would make the transfer blob its current version.`,
            context,
            "Import under a new name, or pass --new-version to import the blob as the key's next version (as rotating a BYOK key does); services on the versionless key id then use it.",
        );
    }
}

export class PayloadMismatchError extends VerificationError {
    readonly code = "PayloadMismatch";
    constructor(
        context: ErrorContext & { operation: string; keyId: string },
        what: string,
        suggestion = "The vault did not give back the bytes that were protected: check that the key id and version stored with the data are the ones used to decrypt, and that nothing between you and the vault rewrites traffic.",
    ) {
        super(`Payload mismatch: ${context.operation} with ${context.keyId} ${what}.`, context, suggestion);
    }
}

export class ThrottledError extends VerificationError {
    readonly code = "Throttled";
    constructor(context: ErrorContext & { vault: string }, attempts: number, how?: string) {
        super(
            how ? `Throttled: ${context.vault} ${how}.` : `Throttled: ${context.vault} still answered 429 after ${attempts} attempts.`,
            context,
            "Key Vault limits transactions per vault per 10 s: lower --concurrency, spread keys across vaults, or run verification off-peak.",
        );
    }
}

export class NetworkError extends VerificationError {
    readonly code = "Network";
    /** `unreached`: `sign-in` when the identity provider's sign-in endpoint, not the vault, went unanswered. */
    constructor(context: ErrorContext & { vault: string }, cause: string, unreached: "vault" | "sign-in" = "vault") {
        super(
            unreached === "vault" ? `Network error: could not reach ${context.vault} (${cause}).` : `Network error: could not sign in for ${context.vault} (${cause}).`,
            context,
            unreached === "vault"
                ? "Check connectivity from this machine to the vault on port 443: the vault firewall (add this address or run from an allowed network), private endpoint DNS, and HTTPS_PROXY/NO_PROXY."
                : "Check connectivity from this machine to the identity provider on port 443 (login.microsoftonline.com, AZURE_AUTHORITY_HOST's host in another cloud, or a managed identity's endpoint): egress firewall rules, and HTTPS_PROXY/NO_PROXY.",
        );
    }
}

export class AuthenticationFailedError extends VerificationError {
    readonly code = "AuthenticationFailed";
    constructor(
        context: ErrorContext,
        cause: string,
        suggestion = "Check the tenant id, client id and credential (certificate uploaded to the app registration, secret not expired); for DefaultAzureCredential set AZURE_TENANT_ID/AZURE_CLIENT_ID and a secret or certificate, or sign in with az login.",
    ) {
        super(`Authentication failed: ${cause}.`, context, suggestion);
    }
}

/**
 * The vault does not serve the Key Vault REST API version the client sent (400 BadParameter, "The
 * specified version (7.3) is not recognized. Consider using the latest supported version (7.1).":
 * Azure Stack Hub, azure-sdk-for-python#28595): no re-run helps, another version does.
 */
export class UnsupportedApiVersionError extends VerificationError {
    readonly code = "UnsupportedApiVersion";
    constructor(context: ErrorContext & { vault: string }, sent: string, latest: string | undefined) {
        super(
            `Unsupported API version: ${context.vault} does not serve Key Vault REST API version ${sent}${latest ? `; the newest it serves is ${latest}` : ""}.`,
            context,
            `Run again with --api-version ${latest ?? "<a version the vault serves>"} (serviceVersion in the library): a cloud that lags the public one may not serve the newest version, which the Azure SDK sends by default.`,
        );
    }
}

export class VaultServiceError extends VerificationError {
    readonly code = "VaultServiceError";
    /** `reason`: the vault's own message, when it says more than its code. */
    constructor(context: ErrorContext & { vault: string }, status: number, serviceCode: string, reason?: string) {
        super(
            `Vault service error: ${context.vault} answered ${status} ${serviceCode}${reason ? ` (${reason.replace(/\.$/, "")})` : ""}.`,
            context,
            "A transient Key Vault failure usually clears on re-run; if it persists, check Azure Service Health for Key Vault in the vault's region.",
        );
    }
}

export class InvalidKeyIdError extends VerificationError {
    readonly code = "InvalidKeyId";
    constructor(keyId: string, why: string) {
        super(
            `Invalid key id: ${keyId} ${why}.`,
            { keyId },
            "Pass a key identifier like https://<vault>.vault.azure.net/keys/<name>[/<version>] (the stack output keyUri or keyUriWithVersion).",
        );
    }
}

/** A check asked for by name that did not run, because the read every check starts from failed. */
export class NotRunError extends VerificationError {
    readonly code = "NotRun";
    constructor(context: ErrorContext & { keyId: string }, check: string, readFailure: string) {
        super(
            `Not run: ${check} was asked for, but the read every check starts from failed (${readFailure}), so it was not tried.`,
            context,
            "Fix what failed the read, then run verify again: until then this check is not proved.",
        );
    }
}

export class UnexpectedError extends VerificationError {
    readonly code = "Unexpected";
    constructor(context: ErrorContext, what: string) {
        super(`Unexpected error: ${what}.`, context, "Re-run with AZURE_LOG_LEVEL=info to see the requests, and report it if it persists.");
    }
}
