import { checkPrimeSync, createPrivateKey, createPublicKey, generatePrimeSync, generateKeyPairSync, X509Certificate } from "node:crypto";
import * as azuread from "@pulumi/azuread";
import { isPrime } from "../../plan/entra";
import { AzureMocks, mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { providerSettings } from "../../plan/provider-config";
import { parseStackConfig, rawConfig } from "../../stacks/config";
import { program } from "../../stacks/program";
import { valueOf } from "../support/outputs";
import { DAY, vendorCertificate } from "../support/vendor-certificate";
import { freezeDate } from "../support/clock";

const tenant = mockAzureDefaults.tenantId;

/** A fresh tenant per test: the mocks judged directly, as the providers would call them. */
function entra(): AzureMocks {
    return new AzureMocks(mockAzureDefaults, new Recorder());
}

type Answer = { id: string; state: Record<string, unknown> };

function create(mocks: AzureMocks, type: string, name: string, inputs: Record<string, unknown>): Answer {
    return mocks.newResource({ type, name, inputs, custom: true }) as Answer;
}

const APP = "azuread:index/application:Application";
const SP = "azuread:index/servicePrincipal:ServicePrincipal";
const CERT = "azuread:index/applicationCertificate:ApplicationCertificate";
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const KEY = "tls:index/privateKey:PrivateKey";
const SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";


const DEPLOYER = mockAzureDefaults.objectId;
const TEAM = "7d3f1c2a-9b8e-4c1d-8e2f-3a4b5c6d7e8f";

/** An application the deployer owns, as ClientApplication makes them. */
function application(mocks: AzureMocks, name = "app", inputs: Record<string, unknown> = {}) {
    const { id, state } = create(mocks, APP, name, { displayName: name, owners: [DEPLOYER], ...inputs });
    return { id, clientId: String(state.clientId), objectId: String(state.objectId) };
}

describe("azuread.Application", () => {
    test("gets a client id and object id (GUIDs) and the id /applications/<objectId>, single tenant by default", () => {
        const { id, state } = create(entra(), APP, "backup", { displayName: "Backup vendor" });
        expect(state.clientId).toMatch(/^[0-9a-f-]{36}$/);
        expect(state.objectId).toMatch(/^[0-9a-f-]{36}$/);
        expect(state.clientId).not.toBe(state.objectId);
        expect(id).toBe(`/applications/${String(state.objectId)}`);
        expect(state.signInAudience).toBe("AzureADMyOrg");
        expect(state.displayName).toBe("Backup vendor");
    });

    test("keeps the same ids for the same resource, and gives another resource others", () => {
        const first = application(entra(), "backup");
        expect(application(entra(), "backup")).toEqual(first);
        expect(application(entra(), "appliance").objectId).not.toBe(first.objectId);
    });

    test("refuses an unknown sign-in audience and an empty display name", () => {
        expect(() => create(entra(), APP, "a", { displayName: "a", signInAudience: "Everyone" })).toThrow(/signInAudience.*'Everyone'/);
        expect(() => create(entra(), APP, "a", { displayName: " " })).toThrow(/displayName/);
        expect(() => create(entra(), APP, "long", { displayName: "a".repeat(257) })).toThrow(/Invalid value specified for property 'displayName' of resource 'Application'/);
        expect(create(entra(), APP, "longest", { displayName: "a".repeat(256) }).state.displayName).toBe("a".repeat(256));
    });

    test("refuses an owner that is not an object id", () => {
        expect(() => create(entra(), APP, "a", { displayName: "a", owners: ["me@contoso.com"] })).toThrow(/owners\[0\].*not a directory object id/);
    });

    test("is owned by exactly the owners given: the provider removes the deployer when they leave it out, or when none are given", () => {
        expect(create(entra(), APP, "a", { displayName: "a", owners: [TEAM, DEPLOYER.toUpperCase()] }).state.owners).toEqual([TEAM, DEPLOYER.toUpperCase()]);
        expect(create(entra(), APP, "b", { displayName: "b", owners: [TEAM] }).state.owners).toEqual([TEAM]);
        expect(create(entra(), APP, "c", { displayName: "c" }).state.owners).toEqual([]);
    });
});

// The README's deploy permissions, Application.ReadWrite.OwnedBy or a user's app registration (Application
// Developer), manage only what the deployer owns (azuread docs: "the principal being used to run Terraform must be an owner").
describe("an application the deployer does not own", () => {
    const FEDERATED = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
    const cases: [string, () => Record<string, unknown>][] = [
        ["owners that leave the deployer out", () => ({ owners: [TEAM] })],
        ["no owners at all", () => ({})],
    ];
    test.each(cases)("with %s gets no service principal, certificate, password or federated credential from the deployer", (_title, inputs) => {
        const mocks = entra();
        const { id, state } = create(mocks, APP, "unowned", { displayName: "unowned", ...inputs() });
        const denied = /403 Authorization_RequestDenied: Insufficient privileges to complete the operation: the deployer .* does not own application/;
        expect(() => create(mocks, SP, "sp", { clientId: state.clientId, owners: [DEPLOYER] })).toThrow(denied);
        expect(() => create(mocks, CERT, "cert", { applicationId: id, type: "AsymmetricX509Cert", value: vendorCertificate(365) })).toThrow(denied);
        expect(() => create(mocks, PASSWORD, "secret", { applicationId: id })).toThrow(denied);
        expect(() => create(mocks, FEDERATED, "fic", { applicationId: id, displayName: "f", issuer: "https://token.actions.githubusercontent.com", subject: "s", audiences: ["api://AzureADTokenExchange"] })).toThrow(denied);
    });
});

describe("azuread.ServicePrincipal", () => {
    test("is created for an application of this run and gets its own object id", () => {
        const mocks = entra();
        const app = application(mocks);
        const { id, state } = create(mocks, SP, "sp", { clientId: app.clientId });
        expect(state.objectId).toMatch(/^[0-9a-f-]{36}$/);
        expect(state.objectId).not.toBe(app.objectId);
        expect(id).toBe(`/servicePrincipals/${String(state.objectId)}`);
        expect(state.applicationTenantId).toBe(tenant);
        expect(state.servicePrincipalNames).toEqual([app.clientId]);
    });

    test("refuses a client id no application has, and the application's object id in its place", () => {
        const mocks = entra();
        const app = application(mocks);
        expect(() => create(mocks, SP, "sp", { clientId: "3f1e0c55-3c3b-4b8e-9a0a-1f2e3d4c5b6a" })).toThrow(/does not reference a valid application object/);
        expect(() => create(mocks, SP, "sp", { clientId: app.objectId })).toThrow(/does not reference a valid application object/);
    });

    test("refuses a second service principal for one application", () => {
        const mocks = entra();
        const app = application(mocks);
        create(mocks, SP, "sp", { clientId: app.clientId });
        expect(() => create(mocks, SP, "sp-two", { clientId: app.clientId })).toThrow(/409/);
    });
});

describe("azuread.ApplicationCertificate", () => {
    const pem = vendorCertificate(365);
    const notAfter = new X509Certificate(pem).validTo;

    test("registers a certificate on a known application, with keyId and dates", () => {
        const mocks = entra();
        const app = application(mocks);
        const end = new Date(Date.parse(notAfter)).toISOString().replace(/\.000Z$/, "Z");
        const { id, state } = create(mocks, CERT, "cred", { applicationId: app.id, type: "AsymmetricX509Cert", value: pem, endDate: end });
        expect(state.keyId).toMatch(/^[0-9a-f-]{36}$/);
        expect(id).toBe(`${app.objectId}/certificate/${String(state.keyId)}`);
        expect(state.endDate).toBe(end);
        expect(state.encoding).toBe("pem");
    });

    test("takes the certificate's dates when none are given, and reads base64 DER", () => {
        const mocks = entra();
        const app = application(mocks);
        const der = new X509Certificate(pem).raw.toString("base64");
        const { state } = create(mocks, CERT, "cred", { applicationId: app.id, type: "AsymmetricX509Cert", encoding: "base64", value: der });
        expect(Date.parse(String(state.endDate))).toBe(Date.parse(notAfter));
    });

    test("refuses a value that is not a certificate, including a private key", () => {
        const mocks = entra();
        const app = application(mocks);
        const key = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
        expect(() => create(mocks, CERT, "a", { applicationId: app.id, type: "AsymmetricX509Cert", value: "not a certificate" })).toThrow(/Invalid certificate/);
        expect(() => create(mocks, CERT, "b", { applicationId: app.id, type: "AsymmetricX509Cert", value: key })).toThrow(/Invalid certificate/);
        expect(() => create(mocks, CERT, "c", { applicationId: app.id, type: "AsymmetricX509Cert", value: `${pem}${key}` })).toThrow(/Invalid certificate/);
    });

    test("refuses an end date after the certificate's notAfter", () => {
        const mocks = entra();
        const app = application(mocks);
        const late = new Date(Date.parse(notAfter) + DAY).toISOString();
        expect(() => create(mocks, CERT, "cred", { applicationId: app.id, type: "AsymmetricX509Cert", value: pem, endDate: late })).toThrow(/later than the certificate's notAfter/);
    });

    test("refuses an expired certificate", () => {
        const mocks = entra();
        const app = application(mocks);
        const expired = vendorCertificate(10, 2048, new Date(Date.now() - 30 * DAY));
        expect(() => create(mocks, CERT, "cred", { applicationId: app.id, type: "AsymmetricX509Cert", value: expired })).toThrow(/in the past/);
    });

    test("refuses an application named by client id, by bare object id, or unknown", () => {
        const mocks = entra();
        const app = application(mocks);
        expect(() => create(mocks, CERT, "a", { applicationId: app.clientId, type: "AsymmetricX509Cert", value: pem })).toThrow(/not an application resource id/);
        expect(() => create(mocks, CERT, "b", { applicationId: app.objectId, type: "AsymmetricX509Cert", value: pem })).toThrow(/not an application resource id/);
        expect(() => create(mocks, CERT, "c", { applicationId: `/applications/${app.clientId}`, type: "AsymmetricX509Cert", value: pem })).toThrow(/404 Request_ResourceNotFound/);
    });

    test("refuses an unknown type or encoding", () => {
        const mocks = entra();
        const app = application(mocks);
        expect(() => create(mocks, CERT, "a", { applicationId: app.id, type: "X509", value: pem })).toThrow(/type 'X509'/);
        expect(() => create(mocks, CERT, "b", { applicationId: app.id, encoding: "der", value: pem })).toThrow(/encoding 'der'/);
    });

    test("holds two overlapping certificates on one application, with different key ids", () => {
        const mocks = entra();
        const app = application(mocks);
        const a = create(mocks, CERT, "old", { applicationId: app.id, type: "AsymmetricX509Cert", value: pem });
        const b = create(mocks, CERT, "new", { applicationId: app.id, type: "AsymmetricX509Cert", value: vendorCertificate(200) });
        expect(a.state.keyId).not.toBe(b.state.keyId);
    });
});

describe("azuread.ApplicationPassword", () => {
    /**
     * Graph refuses an end date before the tenant's start; the cases below are fixed days in 2030
     * (an offset of 24 hours crossing midnight, 240h after a start), so the tenant starts before them.
     * Only Date is faked.
     */
    const beforeTheirDates = () => freezeDate(new Date("2029-06-01T00:00:00Z"));
    afterEach(() => jest.useRealTimers());

    test("returns a 40-character Entra secret and a key id, and keeps the end date", () => {
        const mocks = entra();
        const app = application(mocks);
        const end = new Date(Date.now() + 90 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
        const { id, state } = create(mocks, PASSWORD, "secret", { applicationId: app.id, displayName: "kmes", endDate: end });
        expect(state.value).toMatch(/^[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34}$/);
        expect(state.keyId).toMatch(/^[0-9a-f-]{36}$/);
        expect(id).toBe(`${app.objectId}/password/${String(state.keyId)}`);
        expect(state.endDate).toBe(end);
        expect(state.displayName).toBe("kmes");
    });

    test("computes the end date from endDateRelative", () => {
        beforeTheirDates();
        const mocks = entra();
        const app = application(mocks);
        const { state } = create(mocks, PASSWORD, "secret", { applicationId: app.id, startDate: "2030-01-01T00:00:00Z", endDateRelative: "240h" });
        expect(state.endDate).toBe("2030-01-11T00:00:00Z");
    });

    test("refuses an end date in the past, a malformed one, and an unknown application", () => {
        const mocks = entra();
        const app = application(mocks);
        expect(() => create(mocks, PASSWORD, "a", { applicationId: app.id, endDate: "2020-01-01T00:00:00Z" })).toThrow(/in the past/);
        expect(() => create(mocks, PASSWORD, "b", { applicationId: app.id, endDate: "next year" })).toThrow(/not an RFC3339 date-time/);
        expect(() => create(mocks, PASSWORD, "c", { applicationId: "/applications/3f1e0c55-3c3b-4b8e-9a0a-1f2e3d4c5b6a", endDate: "2030-01-01T00:00:00Z" })).toThrow(/404/);
    });

    test.each([
        ["no zone", "2030-03-01T00:00:00"],
        ["no seconds", "2030-03-01T00:00Z"],
        ["an offset without its colon", "2030-03-01T00:00:00+0100"],
        ["a day the month lacks", "2030-02-30T00:00:00Z"],
        ["hour 24", "2030-03-01T24:00:00Z"],
        ["a leap second", "2030-03-01T23:59:60Z"],
        ["a lower-case t", "2030-03-01t00:00:00Z"],
        ["a lower-case z", "2030-03-01T00:00:00z"],
    ])("refuses an end date with %s, as Go's time.RFC3339 does: %s", (_title, endDate) => {
        const mocks = entra();
        const app = application(mocks);
        expect(() => create(mocks, PASSWORD, "s", { applicationId: app.id, endDate })).toThrow(`endDate '${endDate}' is not an RFC3339 date-time such as 2027-01-01T00:00:00Z.`);
    });

    test.each([
        ["an offset", "2030-03-01T01:00:00+01:00", "2030-03-01T00:00:00Z"],
        ["a nine-digit fraction", "2030-03-01T00:00:00.999999999Z", "2030-03-01T00:00:00Z"],
        // Go's layout parser, where its fast RFC3339 path fails (go.dev/issue/54580).
        ["a one-digit hour", "2030-03-01T1:00:00Z", "2030-03-01T01:00:00Z"],
        ["a comma before the fraction", "2030-03-01T00:00:01,5Z", "2030-03-01T00:00:01Z"],
        ["an offset of 24 hours", "2030-03-02T00:00:00+24:00", "2030-03-01T00:00:00Z"],
    ])("takes an end date with %s, as Go's time.RFC3339 does: %s", (_title, endDate, stored) => {
        beforeTheirDates();
        const mocks = entra();
        const app = application(mocks);
        expect(create(mocks, PASSWORD, "s", { applicationId: app.id, endDate }).state.endDate).toBe(stored);
    });
});

describe("azuread.ApplicationFederatedIdentityCredential", () => {
    const FEDERATED = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
    const trust = (extra: Record<string, unknown> = {}) => ({ displayName: "release", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/backup:environment:production", audiences: ["api://AzureADTokenExchange"], ...extra });

    test("trusts one issuer and subject on a known application, with a credential id", () => {
        const mocks = entra();
        const app = application(mocks);
        const { id, state } = create(mocks, FEDERATED, "fic", { applicationId: app.id, ...trust() });
        expect(state.credentialId).toMatch(/^[0-9a-f-]{36}$/);
        expect(id).toBe(`${app.objectId}/federatedIdentityCredential/${String(state.credentialId)}`);
    });

    test("refuses what Graph refuses: a repeated name or issuer and subject, no or two audiences, a 21st credential, an unknown application", () => {
        const mocks = entra();
        const app = application(mocks);
        create(mocks, FEDERATED, "first", { applicationId: app.id, ...trust() });
        expect(() => create(mocks, FEDERATED, "same-name", { applicationId: app.id, ...trust({ subject: "other" }) })).toThrow(/named 'release' already exists/);
        expect(() => create(mocks, FEDERATED, "same-trust", { applicationId: app.id, ...trust({ displayName: "again" }) })).toThrow(/with issuer 'https:\/\/token.actions.githubusercontent.com' and subject 'repo:contoso\/backup:environment:production' already exists/);
        expect(() => create(mocks, FEDERATED, "no-audience", { applicationId: app.id, ...trust({ displayName: "n", subject: "n", audiences: [] }) })).toThrow(/exactly one value/);
        expect(() => create(mocks, FEDERATED, "two-audiences", { applicationId: app.id, ...trust({ displayName: "t", subject: "t", audiences: ["a", "b"] }) })).toThrow(/exactly one value/);
        expect(() => create(mocks, FEDERATED, "bad-issuer", { applicationId: app.id, ...trust({ displayName: "i", issuer: "token issuer" }) })).toThrow(/must be a URL/);
        expect(() => create(mocks, FEDERATED, "bad-name", { applicationId: app.id, ...trust({ displayName: "release pipeline", subject: "s" }) })).toThrow(/URL-friendly/);
        for (let i = 1; i < 20; i++) create(mocks, FEDERATED, `more-${i}`, { applicationId: app.id, ...trust({ displayName: `f${i}`, subject: `s${i}` }) });
        expect(() => create(mocks, FEDERATED, "twenty-first", { applicationId: app.id, ...trust({ displayName: "f20", subject: "s20" }) })).toThrow(/already has 20 federated identity credentials/);
        expect(() => create(mocks, FEDERATED, "unknown", { applicationId: "/applications/3f1e0c55-3c3b-4b8e-9a0a-1f2e3d4c5b6a", ...trust() })).toThrow(/404/);
    });
});

describe("isPrime (the mock keys' primality test)", () => {
    const big = (hex: string) => BigInt(`0x${hex}`);

    test("accepts primes of RSA sizes and small ones", () => {
        for (const bits of [512, 1024, 1536]) {
            expect(isPrime(generatePrimeSync(bits, { bigint: true }))).toBe(true);
        }
        expect([2n, 3n, 5n, 7n, 65537n].every(isPrime)).toBe(true);
    });

    test("refuses composites, Carmichael numbers (which fool a Fermat test) included", () => {
        const p = generatePrimeSync(768, { bigint: true });
        const q = generatePrimeSync(768, { bigint: true });
        expect(isPrime(p * q)).toBe(false);
        expect([1n, 4n, 9n, 561n, 1729n, 2465n].some(isPrime)).toBe(false);
        // Chernick's (6k+1)(12k+1)(18k+1), all three prime: a 192-bit Carmichael number.
        const k = (1n << 60n) + 330n;
        expect([6n * k + 1n, 12n * k + 1n, 18n * k + 1n].every((f) => checkPrimeSync(f))).toBe(true);
        expect(isPrime((6n * k + 1n) * (12n * k + 1n) * (18n * k + 1n))).toBe(false);
        // 2^3217 - 1 is prime (a Mersenne prime) and 3,217 bits: beyond OpenSSL's modPow, judged by checkPrime.
        expect(isPrime((1n << 3217n) - 1n)).toBe(true);
        expect(isPrime(big("f".repeat(800)))).toBe(false);
    });

    test("the RSA keys' factors are prime", () => {
        for (const rsaBits of [3072, 4096]) {
            const { state } = create(entra(), KEY, `factors-${rsaBits}`, { algorithm: "RSA", rsaBits });
            const jwk = createPrivateKey(String(state.privateKeyPem)).export({ format: "jwk" });
            for (const factor of [jwk.p, jwk.q]) {
                expect(checkPrimeSync(big(Buffer.from(String(factor), "base64url").toString("hex")))).toBe(true);
            }
        }
    });
});

describe("tls.PrivateKey", () => {
    test("returns a real RSA key of the requested size in every format, the same for the same resource", () => {
        const { state, id } = create(entra(), KEY, "vendor-key", { algorithm: "RSA", rsaBits: 3072 });
        const key = createPrivateKey(String(state.privateKeyPem));
        expect(key.asymmetricKeyType).toBe("rsa");
        expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072);
        expect(String(state.privateKeyPem)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
        expect(String(state.privateKeyPemPkcs8)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
        expect(String(state.privateKeyOpenssh)).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
        expect(createPublicKey(key).export({ format: "pem", type: "spki" })).toBe(state.publicKeyPem);
        expect(String(state.publicKeyOpenssh)).toMatch(/^ssh-rsa AAAA[^ ]+\n$/);
        expect(String(state.publicKeyFingerprintSha256)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
        expect(String(state.publicKeyFingerprintMd5)).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
        expect(id).toMatch(/^[0-9a-f]{40}$/);
        expect(create(entra(), KEY, "vendor-key", { algorithm: "RSA", rsaBits: 3072 }).state.privateKeyPem).toBe(state.privateKeyPem);
    });

    test("defaults to RSA 2048, as the provider does", () => {
        const { state } = create(entra(), KEY, "default-key", { algorithm: "RSA" });
        expect(state.rsaBits).toBe(2048);
        expect(createPrivateKey(String(state.privateKeyPem)).asymmetricKeyDetails?.modulusLength).toBe(2048);
    });

    test("returns ECDSA and Ed25519 keys on request", () => {
        const ec = create(entra(), KEY, "ec", { algorithm: "ECDSA", ecdsaCurve: "P384" }).state;
        expect(createPrivateKey(String(ec.privateKeyPem)).asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
        expect(String(ec.publicKeyOpenssh)).toMatch(/^ecdsa-sha2-nistp384 /);
        const ed = create(entra(), KEY, "ed", { algorithm: "ED25519" }).state;
        expect(createPrivateKey(String(ed.privateKeyPem)).asymmetricKeyType).toBe("ed25519");
        const p224 = create(entra(), KEY, "p224", { algorithm: "ECDSA" }).state;
        expect(p224.ecdsaCurve).toBe("P224");
        expect(p224.publicKeyOpenssh).toBe("");
    });

    test("refuses an unknown algorithm and an RSA size Go refuses", () => {
        expect(() => create(entra(), KEY, "k", { algorithm: "DSA" })).toThrow(/invalid algorithm "DSA"/);
        expect(() => create(entra(), KEY, "k", { algorithm: "RSA", rsaBits: 512 })).toThrow(/rsaBits 512/);
    });
});

describe("tls.SelfSignedCert", () => {
    const key = create(entra(), KEY, "cert-key", { algorithm: "RSA", rsaBits: 3072 }).state;

    test("returns a real X.509 certificate signed by the key, with the subject, uses and validity asked for", () => {
        const { state } = create(entra(), SELF_SIGNED, "cert", {
            privateKeyPem: key.privateKeyPem,
            allowedUses: ["digital_signature", "client_auth"],
            validityPeriodHours: 24 * 30,
            subject: { commonName: "backup-vendor", organization: "Contoso" },
        });
        const cert = new X509Certificate(String(state.certPem));
        expect(cert.checkPrivateKey(createPrivateKey(String(key.privateKeyPem)))).toBe(true);
        expect(cert.verify(createPublicKey(String(key.publicKeyPem)))).toBe(true);
        expect(cert.subject.split("\n").sort()).toEqual(["CN=backup-vendor", "O=Contoso"]);
        expect(cert.issuer).toBe(cert.subject);
        expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
        expect(cert.ca).toBe(false);
        expect(state.validityStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(Date.parse(String(state.validityEndTime)) - Date.parse(String(state.validityStartTime))).toBe(30 * DAY);
        expect(Date.parse(cert.validTo)).toBe(Date.parse(String(state.validityEndTime)));
        expect(Date.parse(cert.validFrom)).toBe(Date.parse(String(state.validityStartTime)));
        expect(Date.parse(String(state.validityStartTime))).toBeLessThanOrEqual(Date.now());
        expect(state.keyAlgorithm).toBe("RSA");
        expect(state.readyForRenewal).toBe(false);
    });

    test("writes a subject beyond PrintableString as UTF-8, as the Go provider does, so the certificate Entra is given parses", () => {
        const { state } = create(entra(), SELF_SIGNED, "utf8", {
            privateKeyPem: key.privateKeyPem,
            allowedUses: ["digital_signature"],
            validityPeriodHours: 24,
            subject: { commonName: "Contoso\u2019s backup vendor", organization: "Müller & Söhne", streetAddresses: ["Straße 1"] },
        });
        const cert = new X509Certificate(String(state.certPem));
        expect(cert.subject.split("\n").sort()).toEqual(["CN=Contoso\u2019s backup vendor", "O=Müller & Söhne", "street=Straße 1"]);
        const mocks = entra();
        const app = application(mocks, "utf8-app");
        expect(create(mocks, CERT, "utf8-credential", { applicationId: app.id, type: "AsymmetricX509Cert", value: state.certPem, endDate: state.validityEndTime }).state.endDate).toBe(state.validityEndTime);
    });

    test("issues the same certificate for the same resource on another run", () => {
        const inputs = { privateKeyPem: key.privateKeyPem, allowedUses: ["digital_signature"], validityPeriodHours: 48 };
        expect(create(entra(), SELF_SIGNED, "same", inputs).state.certPem).toBe(create(entra(), SELF_SIGNED, "same", inputs).state.certPem);
    });

    test("refuses an unknown allowed use, a missing key and a negative validity", () => {
        expect(() => create(entra(), SELF_SIGNED, "a", { privateKeyPem: key.privateKeyPem, allowedUses: ["clientAuthentication"], validityPeriodHours: 1 })).toThrow(/"clientAuthentication"/);
        // The provider takes its snake_case names only; @pulumi/tls's docs list camelCase ones it refuses (pulumi/pulumi-tls#151).
        expect(() => create(entra(), SELF_SIGNED, "camel", { privateKeyPem: key.privateKeyPem, allowedUses: ["digitalSignature"], validityPeriodHours: 1 })).toThrow(/"digitalSignature"/);
        expect(() => create(entra(), SELF_SIGNED, "b", { allowedUses: [], validityPeriodHours: 1 })).toThrow(/exactly one of privateKeyPem/);
        expect(() => create(entra(), SELF_SIGNED, "c", { privateKeyPem: key.privateKeyPem, allowedUses: [], validityPeriodHours: -1 })).toThrow(/validityPeriodHours -1/);
    });

    test("fails loudly for a key type the mocks do not sign with", () => {
        const ed = create(entra(), KEY, "ed-cert", { algorithm: "ED25519" }).state;
        expect(() => create(entra(), SELF_SIGNED, "ed", { privateKeyPem: ed.privateKeyPem, allowedUses: [], validityPeriodHours: 1 })).toThrow(/sign RSA certificates only.*plan\/entra\.ts/);
    });
});

describe("wired into the mocks", () => {
    test("azuread.getClientConfig reports the deployer and its tenant", () => {
        expect(entra().call({ token: "azuread:index/getClientConfig:getClientConfig", inputs: {} })).toEqual({
            clientId: mockAzureDefaults.clientId,
            objectId: mockAzureDefaults.objectId,
            tenantId: tenant,
            id: `${tenant}-${mockAzureDefaults.clientId}-${mockAzureDefaults.objectId}`,
        });
    });

    test("an azuread type the mocks do not model still fails loudly", () => {
        expect(() => create(entra(), "azuread:index/group:Group", "g", {})).toThrow(/azuread:index\/group:Group/);
    });

    test("a program's application and service principal resolve under setAzureMocks", async () => {
        const { recorder } = await setAzureMocks();
        const app = new azuread.Application("program-app", { displayName: "program", owners: [DEPLOYER] });
        const sp = new azuread.ServicePrincipal("program-sp", { clientId: app.clientId, owners: [DEPLOYER] });
        expect(await valueOf(sp.clientId)).toBe(await valueOf(app.clientId));
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find(SP, "program-sp").inputs).toEqual({ clientId: await valueOf(app.clientId), owners: [DEPLOYER] });
    });
});

describe("azuread signed in to another tenant than azure-native (azuread:tenantId)", () => {
    const NATIVE = "11111111-2222-4333-8444-555555555555";
    const ENTRA = "99999999-8888-4777-8666-555555555555";

    test("registers applications and their service principals there, and reports that tenant, not azure-native's", () => {
        const mocks = new AzureMocks({ ...mockAzureDefaults, tenantId: NATIVE, entraTenantId: ENTRA }, new Recorder());
        const app = application(mocks);
        expect(create(mocks, SP, "sp", { clientId: app.clientId }).state.applicationTenantId).toBe(ENTRA);
        // The same application name in azure-native's tenant is another directory object.
        expect(application(new AzureMocks({ ...mockAzureDefaults, tenantId: NATIVE }, new Recorder())).objectId).not.toBe(app.objectId);
        expect(mocks.call({ token: "azuread:index/getClientConfig:getClientConfig", inputs: {} })).toMatchObject({ tenantId: ENTRA });
        expect(mocks.call({ token: "azure-native:authorization:getClientConfig", inputs: {} })).toMatchObject({ tenantId: NATIVE });
    });

    test("a plan of a stack naming both tenants shows its application in azuread's and its vault in azure-native's", async () => {
        // The mocks set up as the plan sets them up, from the stack's provider config.
        const config = {
            "azure-native:tenantId": NATIVE,
            "azuread:tenantId": ENTRA,
            "azure-byok:resourceGroupName": "rg-byok-xt",
            "azure-byok:location": "westeurope",
            "azure-byok:vaults": JSON.stringify([{ name: "kv-vendor", keys: [{ name: "backup", purpose: "applicationCrypto" }] }]),
            "azure-byok:applications": JSON.stringify([{ name: "backup-vendor", certificates: [{ name: "primary", validityDays: 180 }] }]),
        };
        const { recorder } = await setAzureMocks({ ...providerSettings(config, {}), resourceGroups: [], stack: "xtenant" });
        const outputs = await program(parseStackConfig(rawConfig(config)));
        await settle();
        expect(recorder.refused.map((r) => `${r.name}: ${r.error}`)).toEqual([]);
        expect(await valueOf(outputs.applications["backup-vendor"].tenantId)).toBe(ENTRA);
        expect(recorder.ofType(SP).map((r) => r.outputs?.applicationTenantId)).toEqual([ENTRA]);
        expect(recorder.ofType("azure-native:keyvault:Vault").map((r) => (r.inputs.properties as { tenantId: string }).tenantId)).toEqual([NATIVE]);
    });
});
