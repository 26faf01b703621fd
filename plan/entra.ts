import { checkPrimeSync, constants, createECDH, createHash, createPrivateKey, createPublicKey, KeyObject, publicEncrypt, sign, X509Certificate } from "node:crypto";
import * as forge from "node-forge";
import { ArmError, badRequest, isGuid, stableGuid, stableSuffix } from "./arm";
import type { AzureState, ResourceHandler } from "./azure";
import type { AzureMockOptions } from "./mocks";

// forge's cert.sign builds the to-be-signed part with pki.getTBSCertificate, which @types/node-forge leaves out.
const forgePki = forge.pki as typeof forge.pki & { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/**
 * Microsoft Entra (azuread) and tls answers for the mocks. Like plan/azure.ts they judge the
 * requests independently of components/: an application credential must name a real
 * application, a certificate must be a certificate, and the tls resources return real keys and
 * certificates. Key material is derived from the resource's name so that two runs agree; it is
 * mock material only and never leaves the offline plan.
 */

interface ApplicationRecord {
    objectId: string;
    clientId: string;
    displayName: string;
    signInAudience: string;
    keyIds: Set<string>;
    /** Federated identity credentials by name (lower case), each `issuer\u0000subject`. */
    federated: Map<string, string>;
    /** Its owners' object ids, lower case. */
    owners: Set<string>;
}

interface EntraState {
    applications: Map<string, ApplicationRecord>;
    servicePrincipals: Map<string, string>;
}

const entraStates = new WeakMap<AzureState, EntraState>();

/** The directory objects created so far in this run, kept beside the ARM state it belongs to. */
function entra(state: AzureState): EntraState {
    let found = entraStates.get(state);
    if (!found) {
        found = { applications: new Map(), servicePrincipals: new Map() };
        entraStates.set(state, found);
    }
    return found;
}

/** Microsoft Graph's error shape; the status and code are what Graph answers. */
function graphError(status: number, code: string, message: string): ArmError {
    return new ArmError(status, code, message);
}

const SIGN_IN_AUDIENCES = ["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"];
/**
 * What Go's time.Parse(time.RFC3339) takes, which is the azuread provider's start_date and end_date check
 * (terraform-plugin-sdk validation.IsRFC3339Time): seconds and a zone (Z or ±hh:mm), upper-case T and Z.
 * Where its fast RFC3339 path fails, its layout parser still takes a one-digit hour, a comma before the
 * fraction and an offset up to 24:60 (go.dev/issue/54580), so these pass here too.
 */
const GO_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function rfc3339(value: unknown, field: string): number {
    const at = typeof value === "string" ? goRfc3339Ms(value) : undefined;
    if (at === undefined) {
        throw badRequest("InvalidInput", `${field} '${String(value)}' is not an RFC3339 date-time such as 2027-01-01T00:00:00Z.`);
    }
    return at;
}

/** Milliseconds of a date-time as Go's time.Parse(time.RFC3339) reads it; undefined where Go refuses it. */
function goRfc3339Ms(text: string): number | undefined {
    const m = GO_RFC3339.exec(text);
    if (m === null) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    const [offsetHours, offsetMinutes] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
    const at = new Date(0);
    at.setUTCFullYear(year, month - 1, day);
    // Go refuses a day the month lacks (Date would roll it over), hour 24 and a leap second.
    if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59 || offsetHours > 24 || offsetMinutes > 60) return undefined;
    at.setUTCHours(hour, minute, second, Number((m[7] ?? "").slice(0, 3).padEnd(3, "0")));
    return at.getTime() - (m[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** RFC3339 as the Go providers print it: UTC, whole seconds. */
function rfc3339Of(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Midnight UTC of the run's day: when the mocks say a tls resource was created, so that runs on one day agree. */
function createdAt(state: AzureState): number {
    return Math.floor(state.startedAt / 86400) * 86400 * 1000;
}

function requireOwners(value: unknown, field: string): void {
    list(value).forEach((owner, i) => {
        if (!isGuid(owner)) {
            throw graphError(400, "Request_BadRequest", `${field}[${i}] '${String(owner)}' is not a directory object id (a GUID).`);
        }
    });
}

/**
 * The owners the azuread provider leaves on a new application or service principal: exactly `owners`.
 * It creates the object with the caller as an owner, then removes the caller unless `owners` names it,
 * also when `owners` is left out (terraform-provider-azuread application_resource.go, removeCallerOwner).
 */
function ownersAfterCreate(value: unknown): Set<string> {
    return new Set(list(value).map((owner) => String(owner).toLowerCase()));
}

/**
 * The README's deploy permissions, Application.ReadWrite.OwnedBy or a user's app registration
 * (Application Developer), reach only applications the caller owns; Graph answers others with 403
 * (azuread docs: "the principal being used to run Terraform must be an owner of the application").
 */
function requireCallerOwns(app: ApplicationRecord, state: AzureState, what: string): void {
    const caller = state.options.objectId;
    if (!app.owners.has(caller.toLowerCase())) {
        throw graphError(403, "Authorization_RequestDenied", `Insufficient privileges to complete the operation: the deployer ${caller} does not own application ${app.objectId}, so it may not add ${what} (list it in the application's owners).`);
    }
}

/** The application an `applicationId` names: `/applications/<objectId>` of an application in this run. */
function applicationOf(value: unknown, state: AzureState): ApplicationRecord {
    const m = typeof value === "string" ? /^\/applications\/([^/]+)$/.exec(value) : null;
    if (!m || !isGuid(m[1])) {
        throw badRequest("InvalidInput", `applicationId '${String(value)}' is not an application resource id (/applications/<objectId>); pass the Application's id, not its clientId or objectId.`);
    }
    const app = entra(state).applications.get(m[1].toLowerCase());
    if (!app) {
        throw graphError(404, "Request_ResourceNotFound", `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`);
    }
    return app;
}

const applicationHandler: ResourceHandler = (inputs, name, state) => {
    const displayName = inputs.displayName;
    if (typeof displayName !== "string" || displayName.trim().length === 0) {
        throw graphError(400, "Request_BadRequest", "Property 'displayName' is required and must not be empty.");
    }
    // Graph's limit on an application's displayName: 256 characters.
    if ([...displayName].length > 256) {
        throw graphError(400, "Request_BadRequest", "Invalid value specified for property 'displayName' of resource 'Application'.");
    }
    const audience = inputs.signInAudience ?? "AzureADMyOrg";
    if (typeof audience !== "string" || !SIGN_IN_AUDIENCES.includes(audience)) {
        throw graphError(400, "Request_BadRequest", `Invalid value specified for property 'signInAudience' of resource 'Application': '${String(audience)}'; use ${SIGN_IN_AUDIENCES.join(", ")}.`);
    }
    requireOwners(inputs.owners, "owners");
    const apps = entra(state).applications;
    if (inputs.preventDuplicateNames === true && [...apps.values()].some((a) => a.displayName === displayName)) {
        throw new Error(`An existing Application with display name "${displayName}" was found (preventDuplicateNames is true).`);
    }
    const tenantId = entraTenantOf(state.options);
    const objectId = stableGuid(tenantId, "application", name);
    const clientId = stableGuid(tenantId, "application", name, "clientId");
    if (apps.has(objectId)) {
        throw graphError(409, "Request_MultipleObjectsWithSameKeyValue", `Application '${name}' was already created in this program.`);
    }
    apps.set(objectId, { objectId, clientId, displayName, signInAudience: audience, keyIds: new Set(), federated: new Map(), owners: ownersAfterCreate(inputs.owners) });
    return {
        id: `/applications/${objectId}`,
        state: {
            ...inputs,
            clientId,
            objectId,
            displayName,
            signInAudience: audience,
            appRoleIds: {},
            appRoles: [],
            oauth2PermissionScopeIds: {},
            disabledByMicrosoft: "",
            featureTags: [],
            identifierUris: [],
            logoUrl: "",
            owners: inputs.owners ?? [],
            publisherDomain: `${stableSuffix(10, "publisherDomain", tenantId)}.onmicrosoft.com`,
            tags: inputs.tags ?? [],
            templateId: "",
        },
    };
};

const servicePrincipalHandler: ResourceHandler = (inputs, _name, state) => {
    const clientId = inputs.clientId;
    const app = isGuid(clientId) ? [...entra(state).applications.values()].find((a) => a.clientId.toLowerCase() === clientId.toLowerCase()) : undefined;
    if (!app) {
        throw graphError(400, "Request_BadRequest", `The appId '${String(clientId)}' of the service principal does not reference a valid application object.`);
    }
    requireOwners(inputs.owners, "owners");
    requireCallerOwns(app, state, "a service principal");
    const sps = entra(state).servicePrincipals;
    if (sps.has(app.clientId) && inputs.useExisting !== true) {
        throw graphError(409, "Request_MultipleObjectsWithSameKeyValue", `A service principal for application ${app.clientId} already exists; set useExisting to manage it.`);
    }
    const objectId = stableGuid(entraTenantOf(state.options), "servicePrincipal", app.objectId);
    sps.set(app.clientId, objectId);
    return {
        id: `/servicePrincipals/${objectId}`,
        state: {
            ...inputs,
            objectId,
            clientId: app.clientId,
            displayName: app.displayName,
            signInAudience: app.signInAudience,
            applicationTenantId: entraTenantOf(state.options),
            accountEnabled: inputs.accountEnabled ?? true,
            appRoleAssignmentRequired: inputs.appRoleAssignmentRequired ?? false,
            appRoleIds: {},
            appRoles: [],
            oauth2PermissionScopeIds: {},
            oauth2PermissionScopes: [],
            owners: inputs.owners ?? [],
            redirectUris: [],
            servicePrincipalNames: [app.clientId],
            tags: inputs.tags ?? [],
            type: "Application",
        },
    };
};

/** The DER bytes of a credential value in the given encoding, or `undefined` when it decodes to nothing. */
function certificateOf(value: string, encoding: string): X509Certificate | undefined {
    try {
        if (encoding === "pem") {
            const blocks = value.match(/-----BEGIN ([A-Z0-9 ]+)-----/g) ?? [];
            if (blocks.length !== 1 || blocks[0] !== "-----BEGIN CERTIFICATE-----") {
                return undefined;
            }
            return new X509Certificate(value);
        }
        const der = encoding === "base64" ? Buffer.from(value, "base64") : Buffer.from(value, "hex");
        return der.length === 0 ? undefined : new X509Certificate(der);
    } catch {
        return undefined;
    }
}

const applicationCertificateHandler: ResourceHandler = (inputs, name, state) => {
    const app = applicationOf(inputs.applicationId, state);
    requireCallerOwns(app, state, "a certificate");
    const type = inputs.type ?? "AsymmetricX509Cert";
    if (type !== "AsymmetricX509Cert" && type !== "Symmetric") {
        throw badRequest("InvalidInput", `type '${String(type)}' is invalid; it must be AsymmetricX509Cert or Symmetric.`);
    }
    const encoding = inputs.encoding ?? "pem";
    if (encoding !== "pem" && encoding !== "base64" && encoding !== "hex") {
        throw badRequest("InvalidInput", `encoding '${String(encoding)}' is invalid; it must be pem, base64 or hex.`);
    }
    if (typeof inputs.value !== "string" || inputs.value.length === 0) {
        throw badRequest("InvalidInput", "value is required.");
    }
    if (inputs.endDate !== undefined && inputs.endDateRelative !== undefined) {
        throw badRequest("InvalidInput", "only one of endDate and endDateRelative can be set.");
    }
    const now = state.startedAt * 1000;
    let start: number | undefined = inputs.startDate === undefined ? undefined : rfc3339(inputs.startDate, "startDate");
    let end: number | undefined = inputs.endDate === undefined ? undefined : rfc3339(inputs.endDate, "endDate");
    if (type === "AsymmetricX509Cert") {
        const cert = certificateOf(inputs.value, encoding);
        if (!cert) {
            throw graphError(400, "Request_BadRequest", "Invalid certificate: Key value is invalid certificate");
        }
        const notBefore = Date.parse(cert.validFrom);
        const notAfter = Date.parse(cert.validTo);
        if (end !== undefined && end > notAfter) {
            throw graphError(400, "Request_BadRequest", `Key credential end date ${String(inputs.endDate)} is later than the certificate's notAfter ${rfc3339Of(notAfter)}.`);
        }
        if (start !== undefined && start < notBefore) {
            throw graphError(400, "Request_BadRequest", `Key credential start date ${String(inputs.startDate)} is earlier than the certificate's notBefore ${rfc3339Of(notBefore)}.`);
        }
        start = start ?? notBefore;
        end = end ?? notAfter;
    }
    start = start ?? now;
    end = end ?? start + 2 * 365 * 86400 * 1000;
    if (end <= now) {
        throw graphError(400, "Request_BadRequest", `Key credential end date ${rfc3339Of(end)} is in the past; the credential would never be valid.`);
    }
    if (end <= start) {
        throw graphError(400, "Request_BadRequest", "Key credential end date must be later than its start date.");
    }
    const keyId = inputs.keyId ?? stableGuid(app.objectId, "certificate", name);
    if (!isGuid(keyId)) {
        throw badRequest("InvalidInput", `keyId '${String(keyId)}' is not a UUID.`);
    }
    if (app.keyIds.has(keyId.toLowerCase())) {
        throw graphError(409, "Request_BadRequest", `Application ${app.objectId} already has a credential with keyId ${keyId}.`);
    }
    app.keyIds.add(keyId.toLowerCase());
    return {
        id: `${app.objectId}/certificate/${keyId}`,
        state: { ...inputs, type, encoding, keyId, startDate: rfc3339Of(start), endDate: rfc3339Of(end) },
    };
};

/** Go's duration syntax (`4320h`, `2400h30m`), as endDateRelative takes it; milliseconds or undefined. */
function goDuration(value: unknown): number | undefined {
    if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(value)) {
        return undefined;
    }
    const units: Record<string, number> = { h: 3600000, m: 60000, s: 1000, ms: 1 };
    let total = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
        total += Number(m[1]) * units[m[2]];
    }
    return total;
}

const applicationPasswordHandler: ResourceHandler = (inputs, name, state) => {
    const app = applicationOf(inputs.applicationId, state);
    requireCallerOwns(app, state, "a password");
    if (inputs.endDate !== undefined && inputs.endDateRelative !== undefined) {
        throw badRequest("InvalidInput", "only one of endDate and endDateRelative can be set.");
    }
    const now = state.startedAt * 1000;
    const start = inputs.startDate === undefined ? now : rfc3339(inputs.startDate, "startDate");
    let end: number;
    if (inputs.endDate !== undefined) {
        end = rfc3339(inputs.endDate, "endDate");
    } else if (inputs.endDateRelative !== undefined) {
        const relative = goDuration(inputs.endDateRelative);
        if (relative === undefined) {
            throw badRequest("InvalidInput", `endDateRelative '${String(inputs.endDateRelative)}' is not a duration such as 4320h.`);
        }
        end = start + relative;
    } else {
        // Graph's default for a password without an end date.
        end = start + 2 * 365 * 86400 * 1000;
    }
    if (end <= now) {
        throw graphError(400, "Request_BadRequest", `Password credential end date ${rfc3339Of(end)} is in the past; the secret would never be valid.`);
    }
    if (end <= start) {
        throw graphError(400, "Request_BadRequest", "Password credential end date must be later than its start date.");
    }
    const keyId = stableGuid(app.objectId, "password", name);
    app.keyIds.add(keyId);
    // Entra secrets are 40 characters: three, then "8Q~", then 34 from [A-Za-z0-9_~.-].
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-";
    const bytes = createHash("sha512").update(`${app.objectId}\u0000password\u0000${name}`).digest();
    const chars = [...bytes.subarray(0, 37)].map((b) => alphabet[b % alphabet.length]);
    const value = `${chars.slice(0, 3).join("")}8Q~${chars.slice(3).join("")}`;
    return {
        id: `${app.objectId}/password/${keyId}`,
        state: {
            ...inputs,
            displayName: inputs.displayName ?? "",
            keyId,
            startDate: rfc3339Of(start),
            endDate: rfc3339Of(end),
            value,
        },
    };
};

/** Graph's limits on a federated identity credential (federatedIdentityCredential resource type). */
const FEDERATED_PER_APPLICATION = 20;
const FEDERATED_TEXT_LIMIT = 600;

const federatedCredentialHandler: ResourceHandler = (inputs, _name, state) => {
    const app = applicationOf(inputs.applicationId, state);
    requireCallerOwns(app, state, "a federated identity credential");
    const name = inputs.displayName;
    if (typeof name !== "string" || !/^[A-Za-z0-9_.~-]{1,120}$/.test(name)) {
        throw graphError(400, "Request_BadRequest", `Federated identity credential name '${String(name)}' is invalid: at most 120 URL-friendly characters.`);
    }
    const issuer = inputs.issuer;
    if (typeof issuer !== "string" || issuer.length === 0 || issuer.length > FEDERATED_TEXT_LIMIT || !URL.canParse(issuer)) {
        throw graphError(400, "Request_BadRequest", `Federated identity credential issuer '${String(issuer)}' must be a URL of at most ${FEDERATED_TEXT_LIMIT} characters.`);
    }
    const subject = inputs.subject;
    if (typeof subject !== "string" || subject.length === 0 || subject.length > FEDERATED_TEXT_LIMIT) {
        throw graphError(400, "Request_BadRequest", `Federated identity credential subject must be 1-${FEDERATED_TEXT_LIMIT} characters.`);
    }
    const audiences = list(inputs.audiences);
    if (audiences.length !== 1 || typeof audiences[0] !== "string" || audiences[0].length === 0 || audiences[0].length > FEDERATED_TEXT_LIMIT) {
        throw graphError(400, "Request_BadRequest", `Federated identity credential audiences must hold exactly one value of at most ${FEDERATED_TEXT_LIMIT} characters; ${audiences.length} given.`);
    }
    if (typeof inputs.description === "string" && inputs.description.length > FEDERATED_TEXT_LIMIT) {
        throw graphError(400, "Request_BadRequest", `Federated identity credential description is longer than ${FEDERATED_TEXT_LIMIT} characters.`);
    }
    if (app.federated.has(name.toLowerCase())) {
        throw graphError(409, "Request_BadRequest", `A federated identity credential named '${name}' already exists on application ${app.objectId}.`);
    }
    const trust = `${issuer}\u0000${subject}`;
    if ([...app.federated.values()].includes(trust)) {
        throw graphError(400, "Request_BadRequest", `A federated identity credential with issuer '${issuer}' and subject '${subject}' already exists on application ${app.objectId}.`);
    }
    if (app.federated.size >= FEDERATED_PER_APPLICATION) {
        throw graphError(400, "Request_BadRequest", `Application ${app.objectId} already has ${FEDERATED_PER_APPLICATION} federated identity credentials, the most it can have.`);
    }
    app.federated.set(name.toLowerCase(), trust);
    const credentialId = stableGuid(app.objectId, "federatedIdentityCredential", name);
    return { id: `${app.objectId}/federatedIdentityCredential/${credentialId}`, state: { ...inputs, credentialId } };
};

// ---------------------------------------------------------------------------------------------
// tls: real keys and certificates, derived from the resource name so that runs agree.

const keyCache = new Map<string, KeyObject>();
const SMALL_PRIMES: number[] = [];
for (let n = 3; SMALL_PRIMES.length < 2000; n += 2) {
    if (SMALL_PRIMES.every((p) => p * p > n || n % p !== 0)) SMALL_PRIMES.push(n);
}

/** A deterministic byte stream (SHA-512 in counter mode) from a seed. */
function byteStream(seed: string): (n: number) => Buffer {
    let counter = 0;
    return (n) => {
        const chunks: Buffer[] = [];
        let length = 0;
        while (length < n) {
            const chunk = createHash("sha512").update(`${seed}\u0000${counter++}`).digest();
            chunks.push(chunk);
            length += chunk.length;
        }
        return Buffer.concat(chunks).subarray(0, n);
    };
}

function toBig(buf: Buffer): bigint {
    return BigInt(`0x${buf.toString("hex")}`);
}

function bigBytes(value: bigint): Buffer {
    const hex = value.toString(16);
    return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
}

function modInverse(a: bigint, m: bigint): bigint {
    let [r0, r1] = [((a % m) + m) % m, m];
    let [s0, s1] = [1n, 0n];
    while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1] = [r1, r0 - q * r1];
        [s0, s1] = [s1, s0 - q * s1];
    }
    return ((s0 % m) + m) % m;
}

/**
 * base^exponent mod modulus in OpenSSL: an RSA public operation without padding is exactly that
 * power. OpenSSL takes an exponent of any size below the modulus up to a 3072-bit modulus
 * (OPENSSL_RSA_SMALL_MODULUS_BITS); undefined above, or if it refuses.
 */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint | undefined {
    const size = Math.ceil(modulus.toString(16).length / 2);
    if (size * 8 > 3072) return undefined;
    try {
        const key = createPublicKey({ format: "jwk", key: { kty: "RSA", n: b64url(modulus), e: b64url(exponent) } });
        const input = Buffer.alloc(size);
        const digits = bigBytes(base);
        digits.copy(input, size - digits.length);
        return toBig(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, input));
    } catch {
        return undefined;
    }
}

// FIPS 186-5 Table B.1 asks at most 5 Miller–Rabin rounds for RSA primes of 1024 bits and more;
// OpenSSL's checkPrime runs at least 64 (47 ms for each prime of an RSA 3072 key, here).
const MILLER_RABIN_ROUNDS = 8;

/**
 * Whether `n` is prime: Miller–Rabin with bases drawn from `n` itself (so a run always agrees
 * with the last), and OpenSSL's own test where modPow cannot reach.
 */
export function isPrime(n: bigint): boolean {
    if (n < 5n || (n & 1n) === 0n) return n === 2n || n === 3n;
    let d = n - 1n;
    let s = 0;
    while ((d & 1n) === 0n) {
        d >>= 1n;
        s++;
    }
    const next = byteStream(`miller-rabin\u0000${n.toString(16)}`);
    const bytes = Math.ceil(n.toString(16).length / 2);
    for (let round = 0; round < MILLER_RABIN_ROUNDS; round++) {
        const base = 2n + (toBig(next(bytes)) % (n - 3n));
        let x = modPow(base, d, n);
        if (x === undefined) return checkPrimeSync(n);
        if (x === 1n || x === n - 1n) continue;
        let witness = true;
        for (let i = 1; i < s && witness; i++) {
            x = (x * x) % n;
            if (x === n - 1n) witness = false;
        }
        if (witness) return false;
    }
    return true;
}

/** A prime of exactly `bits` bits (top two bits set, so p·q has the full size), found from the stream. */
function prime(bits: number, next: (n: number) => Buffer): bigint {
    const bytes = bits / 8;
    const b = next(bytes);
    b[0] |= 0xc0;
    b[bytes - 1] |= 1;
    const start = toBig(b);
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let k = 0; ; k += 2) {
        if (residues.some((r, i) => (r + k) % SMALL_PRIMES[i] === 0)) continue;
        const candidate = start + BigInt(k);
        if (candidate % 65537n === 1n) continue;
        if (isPrime(candidate)) return candidate;
    }
}

function b64url(value: bigint | Buffer): string {
    return (typeof value === "bigint" ? bigBytes(value) : value).toString("base64url");
}

function rsaKey(bits: number, seed: string): KeyObject {
    const next = byteStream(seed);
    const p = prime(bits / 2, next);
    let q = prime(bits / 2, next);
    while (q === p) q = prime(bits / 2, next);
    const e = 65537n;
    const d = modInverse(e, (p - 1n) * (q - 1n));
    return createPrivateKey({
        format: "jwk",
        key: { kty: "RSA", n: b64url(p * q), e: b64url(e), d: b64url(d), p: b64url(p), q: b64url(q), dp: b64url(d % (p - 1n)), dq: b64url(d % (q - 1n)), qi: b64url(modInverse(q, p)) },
    });
}

const CURVES: Record<string, { node: string; bits: number; oid: string; ssh?: string }> = {
    P224: { node: "secp224r1", bits: 224, oid: "2b81040021" },
    P256: { node: "prime256v1", bits: 256, oid: "2a8648ce3d030107", ssh: "nistp256" },
    P384: { node: "secp384r1", bits: 384, oid: "2b81040022", ssh: "nistp384" },
    P521: { node: "secp521r1", bits: 521, oid: "2b81040023", ssh: "nistp521" },
};

function der(tag: number, content: Buffer): Buffer {
    const n = content.length;
    const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
    return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** An EC key as SEC1 DER (RFC 5915), which Node reads for every curve, P-224 included (JWK lacks it). */
function ecKey(curve: string, seed: string): KeyObject {
    const { node, bits, oid } = CURVES[curve];
    const size = Math.ceil(bits / 8);
    const d = byteStream(seed)(size);
    d[0] &= 0xff >> (size * 8 - bits + 1); // below 2^(bits-1), so below the group order
    d[size - 1] |= 1;
    const ecdh = createECDH(node);
    ecdh.setPrivateKey(d);
    const sec1 = der(0x30, Buffer.concat([
        der(0x02, Buffer.from([1])),
        der(0x04, d),
        der(0xa0, der(0x06, Buffer.from(oid, "hex"))),
        der(0xa1, der(0x03, Buffer.concat([Buffer.from([0]), ecdh.getPublicKey()]))),
    ]));
    return createPrivateKey({ key: sec1, format: "der", type: "sec1" });
}

function ed25519Key(seed: string): KeyObject {
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), byteStream(seed)(32)]);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

function sshString(value: Buffer | string): Buffer {
    const body = typeof value === "string" ? Buffer.from(value) : value;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
}

function sshMpint(b64: string | undefined): Buffer {
    let bytes = Buffer.from(b64 ?? "", "base64url");
    while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > 0 && bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return sshString(bytes);
}

/** The OpenSSH public blob and private part of a key, or undefined for P224 (which OpenSSH lacks). */
function sshParts(key: KeyObject, algorithm: string, curve: string): { type: string; blob: Buffer; secret: Buffer } | undefined {
    if (algorithm === "ECDSA" && !CURVES[curve].ssh) return undefined;
    const jwk = key.export({ format: "jwk" });
    if (algorithm === "RSA") {
        const blob = Buffer.concat([sshString("ssh-rsa"), sshMpint(jwk.e), sshMpint(jwk.n)]);
        const secret = Buffer.concat([sshString("ssh-rsa"), sshMpint(jwk.n), sshMpint(jwk.e), sshMpint(jwk.d), sshMpint(jwk.qi), sshMpint(jwk.p), sshMpint(jwk.q)]);
        return { type: "ssh-rsa", blob, secret };
    }
    if (algorithm === "ED25519") {
        const pub = Buffer.from(jwk.x ?? "", "base64url");
        const blob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
        const secret = Buffer.concat([sshString("ssh-ed25519"), sshString(pub), sshString(Buffer.concat([Buffer.from(jwk.d ?? "", "base64url"), pub]))]);
        return { type: "ssh-ed25519", blob, secret };
    }
    const ssh = String(CURVES[curve].ssh);
    const type = `ecdsa-sha2-${ssh}`;
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x ?? "", "base64url"), Buffer.from(jwk.y ?? "", "base64url")]);
    const blob = Buffer.concat([sshString(type), sshString(ssh), sshString(point)]);
    return { type, blob, secret: Buffer.concat([sshString(type), sshString(ssh), sshString(point), sshMpint(jwk.d)]) };
}

function opensshPrivateKey(parts: { blob: Buffer; secret: Buffer }, seed: string): string {
    const check = createHash("sha256").update(seed).digest().subarray(0, 4);
    let block = Buffer.concat([check, check, parts.secret, sshString("")]);
    const padding: number[] = [];
    for (let i = 1; (block.length + padding.length) % 8 !== 0; i++) padding.push(i);
    block = Buffer.concat([block, Buffer.from(padding)]);
    const body = Buffer.concat([Buffer.from("openssh-key-v1\0"), sshString("none"), sshString("none"), sshString(""), Buffer.from([0, 0, 0, 1]), sshString(parts.blob), sshString(block)]);
    const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

const privateKeyHandler: ResourceHandler = (inputs, name) => {
    const algorithm = inputs.algorithm;
    if (algorithm !== "RSA" && algorithm !== "ECDSA" && algorithm !== "ED25519") {
        throw new Error(`tls.PrivateKey ${name}: invalid algorithm "${String(algorithm)}"; supported: RSA, ECDSA, ED25519.`);
    }
    const rsaBits = inputs.rsaBits ?? 2048;
    const ecdsaCurve = inputs.ecdsaCurve ?? "P224";
    if (algorithm === "RSA" && (typeof rsaBits !== "number" || !Number.isInteger(rsaBits) || rsaBits < 1024)) {
        throw new Error(`tls.PrivateKey ${name}: rsaBits ${String(rsaBits)} is refused; Go's crypto/rsa generates keys of at least 1024 bits.`);
    }
    if (algorithm === "RSA" && (rsaBits as number) % 16 !== 0) {
        throw new Error(`tls.PrivateKey ${name}: the mocks generate RSA keys whose size is a multiple of 16 bits, not ${String(rsaBits)}.`);
    }
    if (algorithm === "ECDSA" && (typeof ecdsaCurve !== "string" || !(ecdsaCurve in CURVES))) {
        throw new Error(`tls.PrivateKey ${name}: invalid ecdsaCurve "${String(ecdsaCurve)}"; supported: ${Object.keys(CURVES).join(", ")}.`);
    }
    const seed = `tls-private-key\u0000${name}\u0000${algorithm}\u0000${algorithm === "RSA" ? String(rsaBits) : algorithm === "ECDSA" ? String(ecdsaCurve) : ""}`;
    let key = keyCache.get(seed);
    if (!key) {
        key = algorithm === "RSA" ? rsaKey(rsaBits as number, seed) : algorithm === "ECDSA" ? ecKey(String(ecdsaCurve), seed) : ed25519Key(seed);
        keyCache.set(seed, key);
    }
    const publicKey = createPublicKey(key);
    const spki = publicKey.export({ format: "der", type: "spki" });
    const privateKeyPem = algorithm === "RSA"
        ? key.export({ format: "pem", type: "pkcs1" })
        : algorithm === "ECDSA" ? key.export({ format: "pem", type: "sec1" }) : key.export({ format: "pem", type: "pkcs8" });
    const ssh = sshParts(key, algorithm, String(ecdsaCurve));
    return {
        id: createHash("sha1").update(spki).digest("hex"),
        state: {
            algorithm,
            rsaBits,
            ecdsaCurve,
            privateKeyPem: String(privateKeyPem),
            privateKeyPemPkcs8: String(key.export({ format: "pem", type: "pkcs8" })),
            privateKeyOpenssh: ssh ? opensshPrivateKey(ssh, seed) : "",
            publicKeyPem: String(publicKey.export({ format: "pem", type: "spki" })),
            publicKeyOpenssh: ssh ? `${ssh.type} ${ssh.blob.toString("base64")}\n` : "",
            publicKeyFingerprintMd5: ssh ? (createHash("md5").update(ssh.blob).digest("hex").match(/../g) ?? []).join(":") : "",
            publicKeyFingerprintSha256: ssh ? `SHA256:${createHash("sha256").update(ssh.blob).digest("base64").replace(/=+$/, "")}` : "",
        },
    };
};

// The tls provider's own names (terraform-provider-tls common_cert.go); @pulumi/tls's docs list them
// in camelCase, which the provider refuses (pulumi/pulumi-tls#151).
const KEY_USAGES: Record<string, string> = {
    digital_signature: "digitalSignature",
    content_commitment: "nonRepudiation",
    key_encipherment: "keyEncipherment",
    data_encipherment: "dataEncipherment",
    key_agreement: "keyAgreement",
    cert_signing: "keyCertSign",
    crl_signing: "cRLSign",
    encipher_only: "encipherOnly",
    decipher_only: "decipherOnly",
};

const EXTENDED_KEY_USAGES: Record<string, string> = {
    any_extended: "2.5.29.37.0",
    server_auth: "1.3.6.1.5.5.7.3.1",
    client_auth: "1.3.6.1.5.5.7.3.2",
    code_signing: "1.3.6.1.5.5.7.3.3",
    email_protection: "1.3.6.1.5.5.7.3.4",
    ipsec_end_system: "1.3.6.1.5.5.7.3.5",
    ipsec_tunnel: "1.3.6.1.5.5.7.3.6",
    ipsec_user: "1.3.6.1.5.5.7.3.7",
    timestamping: "1.3.6.1.5.5.7.3.8",
    ocsp_signing: "1.3.6.1.5.5.7.3.9",
    microsoft_server_gated_crypto: "1.3.6.1.4.1.311.10.3.3",
    netscape_server_gated_crypto: "2.16.840.1.113730.4.1",
    microsoft_commercial_code_signing: "1.3.6.1.4.1.311.2.1.22",
    microsoft_kernel_code_signing: "1.3.6.1.4.1.311.61.1.1",
};

const SUBJECT_FIELDS: [string, string][] = [
    ["country", "C"],
    ["province", "ST"],
    ["locality", "L"],
    ["postalCode", "2.5.4.17"],
    ["organization", "O"],
    ["organizationalUnit", "OU"],
    ["commonName", "CN"],
    ["serialNumber", "2.5.4.5"],
    ["emailAddress", "E"],
];

const selfSignedCertHandler: ResourceHandler = (inputs, name, state) => {
    const fail = (message: string) => new Error(`tls.SelfSignedCert ${name}: ${message}`);
    if ((inputs.privateKeyPem === undefined) === (inputs.privateKeyPemWo === undefined)) {
        throw fail("exactly one of privateKeyPem and privateKeyPemWo must be set.");
    }
    const pem = String(inputs.privateKeyPem ?? inputs.privateKeyPemWo);
    let key: KeyObject;
    try {
        key = createPrivateKey(pem);
    } catch {
        throw fail("privateKeyPem is not a PEM private key.");
    }
    if (key.asymmetricKeyType !== "rsa") {
        throw new Error(`The mocks sign RSA certificates only; tls.SelfSignedCert ${name} has a ${String(key.asymmetricKeyType)} key (add it to plan/entra.ts).`);
    }
    const uses = list(inputs.allowedUses);
    if (!Array.isArray(inputs.allowedUses)) {
        throw fail("allowedUses is required.");
    }
    for (const use of uses) {
        if (typeof use !== "string" || (!(use in KEY_USAGES) && !(use in EXTENDED_KEY_USAGES))) {
            throw fail(`allowedUses contains "${String(use)}", which is not one of ${[...Object.keys(KEY_USAGES), ...Object.keys(EXTENDED_KEY_USAGES)].join(", ")}.`);
        }
    }
    const hours = inputs.validityPeriodHours;
    if (typeof hours !== "number" || !Number.isInteger(hours) || hours < 0) {
        throw fail(`validityPeriodHours ${String(hours)} must be a whole number of hours, at least 0.`);
    }
    const early = inputs.earlyRenewalHours ?? 0;
    if (typeof early !== "number" || !Number.isInteger(early) || early < 0) {
        throw fail(`earlyRenewalHours ${String(early)} must be a whole number of hours, at least 0.`);
    }
    const isCa = inputs.isCaCertificate === true;
    const start = createdAt(state);
    const end = start + hours * 3600 * 1000;

    const forgeKey = forge.pki.privateKeyFromPem(key.export({ format: "pem", type: "pkcs1" }).toString()) as forge.pki.rsa.PrivateKey;
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
    const serial = createHash("sha256").update(`tls-self-signed-cert\u0000${name}\u0000${pem}`).digest().subarray(0, 16);
    serial[0] &= 0x7f;
    cert.serialNumber = serial.toString("hex");
    cert.validity.notBefore = new Date(start);
    cert.validity.notAfter = new Date(end);
    const subject = record(inputs.subject);
    const attrs: forge.pki.CertificateField[] = [];
    for (const [field, short] of SUBJECT_FIELDS) {
        const value = subject[field];
        if (typeof value === "string" && value.length > 0) {
            attrs.push({ ...(short.includes(".") ? { type: short } : { shortName: short }), ...asn1String(value) });
        }
    }
    for (const street of list(subject.streetAddresses)) {
        attrs.push({ type: "2.5.4.9", ...asn1String(String(street)) });
    }
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    const keyUsage: Record<string, unknown> = { name: "keyUsage", critical: true };
    const extKeyUsage: Record<string, unknown> = { name: "extKeyUsage" };
    for (const use of uses.map(String)) {
        if (use in KEY_USAGES) keyUsage[KEY_USAGES[use]] = true;
        // forge's OID map runs both ways: pass its name for an OID it knows, else the OID.
        else extKeyUsage[String(forge.pki.oids[EXTENDED_KEY_USAGES[use]] ?? EXTENDED_KEY_USAGES[use])] = true;
    }
    const extensions: Record<string, unknown>[] = [keyUsage];
    if (Object.keys(extKeyUsage).length > 1) extensions.push(extKeyUsage);
    extensions.push({ name: "basicConstraints", critical: true, cA: isCa, ...(isCa && inputs.maxPathLength !== undefined ? { pathLenConstraint: inputs.maxPathLength } : {}) });
    const altNames = [
        ...list(inputs.dnsNames).map((value) => ({ type: 2, value: String(value) })),
        ...list(inputs.ipAddresses).map((ip) => ({ type: 7, ip: String(ip) })),
        ...list(inputs.uris).map((value) => ({ type: 6, value: String(value) })),
    ];
    if (altNames.length > 0) extensions.push({ name: "subjectAltName", altNames });
    if (inputs.setSubjectKeyId === true) extensions.push({ name: "subjectKeyIdentifier" });
    if (inputs.setAuthorityKeyId === true) extensions.push({ name: "authorityKeyIdentifier", keyIdentifier: true });
    cert.setExtensions(extensions);
    // forge builds the certificate and node's crypto signs it, as forge's cert.sign would (RSA
    // PKCS#1 v1.5, SHA-256) but natively: forge's JavaScript RSA takes a tenth of a second.
    cert.md = forge.md.sha256.create();
    cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
    const tbs = Buffer.from(forge.asn1.toDer(forgePki.getTBSCertificate(cert)).getBytes(), "binary");
    cert.signature = sign("sha256", tbs, key).toString("binary");
    const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
    const now = state.startedAt * 1000;
    return {
        id: BigInt(`0x${cert.serialNumber}`).toString(10),
        state: {
            ...inputs,
            allowedUses: uses,
            earlyRenewalHours: early,
            isCaCertificate: isCa,
            maxPathLength: inputs.maxPathLength ?? 0,
            setAuthorityKeyId: inputs.setAuthorityKeyId ?? false,
            setSubjectKeyId: inputs.setSubjectKeyId ?? false,
            keyAlgorithm: "RSA",
            certPem,
            validityStartTime: rfc3339Of(start),
            validityEndTime: rfc3339Of(end),
            readyForRenewal: now >= end - early * 3600 * 1000,
        },
    };
};

export const entraHandlers: Record<string, ResourceHandler> = {
    "azuread:index/application:Application": applicationHandler,
    "azuread:index/servicePrincipal:ServicePrincipal": servicePrincipalHandler,
    "azuread:index/applicationCertificate:ApplicationCertificate": applicationCertificateHandler,
    "azuread:index/applicationPassword:ApplicationPassword": applicationPasswordHandler,
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": federatedCredentialHandler,
    "tls:index/privateKey:PrivateKey": privateKeyHandler,
    "tls:index/selfSignedCert:SelfSignedCert": selfSignedCertHandler,
};

/**
 * A subject value as Go's encoding/asn1 writes it for the tls provider: a PrintableString when
 * every character is one, else a UTF8String (forge writes PrintableString unless told, mangling the rest).
 */
function asn1String(value: string): { value: string; valueTagClass?: number } {
    return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { value } : { value, valueTagClass: forge.asn1.Type.UTF8 };
}

/** `azuread.getClientConfig`: the deploying principal, as the azuread provider reports it, in azuread's tenant. */
export function entraClientConfig(options: AzureMockOptions): Record<string, unknown> {
    const tenantId = entraTenantOf(options);
    return {
        clientId: options.clientId,
        objectId: options.objectId,
        tenantId,
        id: `${tenantId}-${options.clientId}-${options.objectId}`,
    };
}

/** The directory azuread signs in to: its own tenant setting when the stack gives one, else azure-native's. */
function entraTenantOf(options: AzureMockOptions): string {
    return options.entraTenantId ?? options.tenantId;
}
