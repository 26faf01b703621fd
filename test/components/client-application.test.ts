import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSecureContext } from "node:tls";
import * as forge from "node-forge";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import {
    ClientApplication,
    ClientApplicationArgs,
    ClientApplicationDefaults,
    defaultSecretEndDate,
    validateClientApplicationArgs,
} from "../../components/client-application";
import { defaultFederatedAudience } from "../../components/client-credentials";
import { EncryptionKey } from "../../components/encryption-key";
import { builtInRoles, permissionSets, roleAssignmentName, roleDefinitionId, subscriptionOf } from "../../components/key-permissions";
import { KeyVault } from "../../components/key-vault";
import { isSecret, mockAzureDefaults, RecordedResource, Recorder, reveal, setAzureMocks, settle } from "../../plan/mocks";
import { azureCalls, droppedByEdit } from "../support/engine-deletes";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";
import { DAY, vendorCertificate } from "../support/vendor-certificate";
import { freezeDate } from "../support/clock";
import { capturedWarnings } from "../support/warnings";

afterEach(() => jest.useRealTimers());

function isSecretOutput<T>(output: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(output);
}

const rg = "rg-byok";
const APP = "azuread:index/application:Application";
const SP = "azuread:index/servicePrincipal:ServicePrincipal";
const CERT = "azuread:index/applicationCertificate:ApplicationCertificate";
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const FEDERATED = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const GITHUB = "https://token.actions.githubusercontent.com";
const KEY = "tls:index/privateKey:PrivateKey";
const SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";
const ROLE = "azure-native:authorization:RoleAssignment";
const APPLIANCE_CIDR = "203.0.113.0/28";
const INSTALLERS = "6a1d2f3e-4b5c-4d6e-8f70-8192a3b4c5d6";


// P-256, valid 700 days from 2026-11-25 (openssl req -x509 -newkey ec): Entra signs client assertions with RSA only.
const EC_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBfTCCASOgAwIBAgIUCUVFN6BWA24IjGkbCcfbCt3eCHowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJZWMtdmVuZG9yMB4XDTI2MTEyNTIzNTkxN1oXDTI4MTAyNTIz
NTkxN1owFDESMBAGA1UEAwwJZWMtdmVuZG9yMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAE95jv3sVA6zxcvwtsSgx/1wIyyCZVTyD1xEswC65XNRUi7R2CbeWIs7Xw
Ls/JTCxsdWisZTyC8Y06Gjqi4Wc+W6NTMFEwHQYDVR0OBBYEFJWrezkHskoGWE4e
j8ocv9tAnxyMMB8GA1UdIwQYMBaAFJWrezkHskoGWE4ej8ocv9tAnxyMMA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhANKyq0q5XQsVhrM+VYfFwMZW
cBphUSMPrAPxRDHimqPmAiAQeOz7e9d2eY9EAQS/I6YqdLXGwy3ES/8PVMUwtx4l
Pg==
-----END CERTIFICATE-----
`;

const vendorPem = vendorCertificate(365);
const rotatedPem = vendorCertificate(365, 3072);

let recorder: Recorder;
let rbacVault: KeyVault;
let backupKey: EncryptionKey;
let policyVault: KeyVault;
let policyKey: EncryptionKey;
let applianceVault: KeyVault;
let standardVault: KeyVault;
let signingKey: EncryptionKey;

beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
    rbacVault = new KeyVault("kvbackup", { resourceGroupName: rg });
    backupKey = new EncryptionKey("backup", { keyVault: rbacVault, purpose: "applicationCrypto" });
    policyVault = new KeyVault("kvvendor", { resourceGroupName: rg, enableRbacAuthorization: false });
    policyKey = new EncryptionKey("vendor", { keyVault: policyVault, purpose: "applicationCrypto" });
    applianceVault = new KeyVault("kvkmes", { resourceGroupName: rg, networkAcls: { ipRules: [APPLIANCE_CIDR] } });
    standardVault = new KeyVault("kvstd", { resourceGroupName: rg, sku: "standard" });
    signingKey = new EncryptionKey("release", { keyVault: rbacVault, purpose: "signing" });
    await Promise.all([valueOf(backupKey.id), valueOf(policyKey.id), valueOf(applianceVault.id), valueOf(standardVault.id), valueOf(signingKey.id)]);
    await settle();
});
beforeEach(() => recorder.clear());

async function build(name: string, args: ClientApplicationArgs) {
    const app = new ClientApplication(name, args);
    await valueOf(app.servicePrincipalObjectId);
    for (const c of Object.values(app.certificates)) await valueOf(c.endDate);
    for (const c of Object.values(app.clientSecrets)) await valueOf(c.endDate);
    for (const g of app.grants) await valueOf(g.scope);
    await settle();
    expect(recorder.refused).toEqual([]);
    return app;
}

function childrenOf(urn: string) {
    return recorder.resources.filter((r) => r.parent === urn);
}

describe("backup vendor: a supplied certificate and encrypt/decrypt on one key", () => {
    test("registers a single-tenant app owned by the deployer, its service principal, the certificate and Crypto User on the key", async () => {
        const app = await build("backup-vendor", {
            certificates: [{ name: "afi", certificatePem: vendorPem }],
            grants: [{ key: backupKey, permissions: "applicationCrypto" }],
        });
        const application = recorder.find(APP, "backup-vendor-application");
        expect(application.inputs).toEqual({ displayName: "backup-vendor", signInAudience: "AzureADMyOrg", owners: [mockAzureDefaults.objectId] });
        const objectId = String(application.outputs?.objectId);
        const clientId = String(application.outputs?.clientId);

        const sp = recorder.find(SP, "backup-vendor-service-principal");
        expect(sp.inputs).toEqual({ clientId, owners: [mockAzureDefaults.objectId] });

        const notAfter = new Date(new X509Certificate(vendorPem).validTo).toISOString().replace(/\.000Z$/, "Z");
        const credential = recorder.find(CERT, "backup-vendor-afi-credential");
        // The azuread SDK marks the certificate value sensitive; the certificate itself is public.
        expect(isSecret(credential.inputs.value)).toBe(true);
        expect(reveal(credential.inputs)).toEqual({
            applicationId: `/applications/${objectId}`,
            type: "AsymmetricX509Cert",
            encoding: "pem",
            value: vendorPem,
            endDate: notAfter,
        });

        const principalId = await valueOf(app.servicePrincipalObjectId);
        expect(principalId).toBe(sp.outputs?.objectId);
        const role = recorder.find(ROLE, "backup-vendor-applicationCrypto-role-assignment");
        expect(role.inputs.scope).toBe(await valueOf(backupKey.id));
        expect(role.inputs.principalId).toBe(principalId);
        expect(role.inputs.principalType).toBe("ServicePrincipal");
        expect(role.inputs.roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${builtInRoles.keyVaultCryptoUser}$`));

        expect(recorder.ofType(KEY)).toHaveLength(0);
        expect(recorder.ofType(PASSWORD)).toHaveLength(0);
        expect(await valueOf(app.tenantId)).toBe(mockAzureDefaults.tenantId);
        expect(await valueOf(app.clientId)).toBe(clientId);
        expect(await valueOf(app.certificates.afi.thumbprint)).toBe(new X509Certificate(vendorPem).fingerprint.replace(/:/g, ""));
        expect(await valueOf(app.certificates.afi.endDate)).toBe(notAfter);
        expect(app.certificates.afi.privateKeyPem).toBeUndefined();
        expect(app.certificates.afi.pfxBase64).toBeUndefined();
    });

    test("parents every child on the component", async () => {
        await build("parented", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: backupKey, permissions: "applicationCrypto", name: "backup-key" }] });
        const component = recorder.find("azure-byok:entra:ClientApplication", "parented");
        expect(childrenOf(component.urn).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            `${APP} parented-application`,
            `${CERT} parented-afi-credential`,
            `${SP} parented-service-principal`,
            "azure-byok:keyvault:KeyAccess parented-backup-key",
        ].sort());
        expect(recorder.calls.map((c) => c.token)).toContain("azuread:index/getClientConfig:getClientConfig");
    });

    test("registers the application alone before the vendor has made its key pair: no credential and no grant yet", async () => {
        const app = await build("afi-first", {});
        const component = recorder.find("azure-byok:entra:ClientApplication", "afi-first");
        expect(childrenOf(component.urn).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            `${APP} afi-first-application`,
            `${SP} afi-first-service-principal`,
        ].sort());
        expect(recorder.ofType(CERT)).toHaveLength(0);
        expect(recorder.ofType(PASSWORD)).toHaveLength(0);
        expect(recorder.ofType(FEDERATED)).toHaveLength(0);
        expect(recorder.ofType(ROLE)).toHaveLength(0);
        // What the vendor is handed to make its certificate for.
        expect(await valueOf(app.clientId)).toBe(recorder.find(APP, "afi-first-application").outputs?.clientId);
        expect(await valueOf(app.tenantId)).toBe(mockAzureDefaults.tenantId);
    });

    test("in an access-policy vault, grants exactly get, encrypt and decrypt to the service principal", async () => {
        const app = await build("vendor-policy", {
            certificates: [{ name: "afi", certificatePem: vendorPem }],
            grants: [{ key: policyKey, permissions: "applicationCrypto" }],
        });
        const policy = recorder.find("azure-native:keyvault:AccessPolicy", "vendor-policy-applicationCrypto-access-policy");
        expect(policy.inputs.policy).toEqual({
            objectId: await valueOf(app.servicePrincipalObjectId),
            tenantId: mockAzureDefaults.tenantId,
            permissions: { keys: ["get", "encrypt", "decrypt"] },
        });
        expect(recorder.ofType(ROLE)).toHaveLength(0);
    });

    test("rotates without downtime: two overlapping certificates are live on one application", async () => {
        const app = await build("rotating", {
            certificates: [{ name: "current", certificatePem: vendorPem }, { name: "next", certificatePem: rotatedPem }],
        });
        const current = recorder.find(CERT, "rotating-current-credential");
        const next = recorder.find(CERT, "rotating-next-credential");
        expect(current.inputs.applicationId).toBe(next.inputs.applicationId);
        expect(current.outputs?.keyId).not.toBe(next.outputs?.keyId);
        expect(await valueOf(app.certificates.next.thumbprintSha256)).toBe(new X509Certificate(rotatedPem).fingerprint256.replace(/:/g, ""));
    });
});

describe("a generated certificate", () => {
    let app: ClientApplication;
    let recorded: RecordedResource[];
    // Built once (an RSA key takes a moment, longer on a busy machine); the requests are kept before the next test clears the recorder.
    beforeAll(async () => {
        app = await build("generated", { certificates: [{ name: "cert" }] });
        recorded = [...recorder.resources];
    }, 30000);
    const find = (type: string, name: string) => {
        const found = recorded.filter((r) => r.type === type && r.name === name);
        expect(found).toHaveLength(1);
        return found[0];
    };

    test("is an RSA 3072 key and a one-year self-signed certificate for client authentication, its key passed as a secret", () => {
        expect(find(KEY, "generated-cert-key").inputs).toEqual({ algorithm: "RSA", rsaBits: 3072 });
        const cert = find(SELF_SIGNED, "generated-cert-cert");
        expect(isSecret(cert.inputs.privateKeyPem)).toBe(true);
        expect({ ...cert.inputs, privateKeyPem: undefined }).toEqual({
            validityPeriodHours: 365 * 24,
            earlyRenewalHours: 0,
            allowedUses: ["digital_signature", "client_auth"],
            subject: { commonName: "generated" },
        });
        expect(find(KEY, "generated-cert-key").additionalSecretOutputs).toEqual(expect.arrayContaining(["privateKeyPem", "privateKeyPemPkcs8"]));
    });

    test("is registered on the application with the certificate's PEM and end date", () => {
        const cert = find(SELF_SIGNED, "generated-cert-cert");
        const objectId = String(find(APP, "generated-application").outputs?.objectId);
        expect(reveal(find(CERT, "generated-cert-credential").inputs)).toEqual({
            applicationId: `/applications/${objectId}`,
            type: "AsymmetricX509Cert",
            encoding: "pem",
            value: cert.outputs?.certPem,
            endDate: cert.outputs?.validityEndTime,
        });
    });

    test("matches its private key, and its outputs carry the thumbprint Entra shows", async () => {
        const c = app.certificates.cert;
        const pem = await valueOf(c.certificatePem);
        const x509 = new X509Certificate(pem);
        expect(x509.checkPrivateKey(createPrivateKey(await valueOf(c.privateKeyPem ?? pulumi.output("")))))
            .toBe(true);
        expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
        expect(await valueOf(c.thumbprint)).toBe(x509.fingerprint.replace(/:/g, ""));
        expect(Date.parse(await valueOf(c.endDate))).toBe(Date.parse(x509.validTo));
        expect(Date.parse(x509.validTo) - Date.parse(x509.validFrom)).toBe(365 * DAY);
    });

    test("keeps the private key, the key-and-certificate PEM and the PFX secret", async () => {
        const c = app.certificates.cert;
        for (const output of [c.privateKeyPem, c.certificateWithKeyPem, c.pfxBase64]) {
            expect(output).toBeDefined();
            expect(await isSecretOutput(output ?? pulumi.output(""))).toBe(true);
        }
        expect(await isSecretOutput(c.certificatePem)).toBe(false);
        expect(await isSecretOutput(c.thumbprint)).toBe(false);
    });

    test("bundles key and certificate in a PFX that OpenSSL opens with an empty password", async () => {
        const c = app.certificates.cert;
        const pfx = Buffer.from(await valueOf(c.pfxBase64 ?? pulumi.output("")), "base64");
        expect(() => createSecureContext({ pfx, passphrase: "" })).not.toThrow();
        const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString("binary")), "");
        const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
        const inside = bags[0]?.cert ? forge.pki.certificateToPem(bags[0].cert) : "";
        expect(new X509Certificate(inside).fingerprint256).toBe(new X509Certificate(await valueOf(c.certificatePem)).fingerprint256);
        const withKey = await valueOf(c.certificateWithKeyPem ?? pulumi.output(""));
        expect(withKey).toMatch(/-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN PRIVATE KEY-----/);
    });
});

describe("certificate options", () => {
    test("honours validity, key size, subject and a PFX password", async () => {
        const app = await build("options", {
            displayName: "Contoso backup",
            certificates: [{
                name: "custom",
                validityDays: 30,
                rsaBits: 4096,
                subject: { commonName: "backup.contoso.example", organization: "Contoso" },
                pfxPassword: pulumi.secret("correct horse"),
            }],
        });
        expect(recorder.find(KEY, "options-custom-key").inputs).toEqual({ algorithm: "RSA", rsaBits: 4096 });
        const cert = recorder.find(SELF_SIGNED, "options-custom-cert");
        expect(cert.inputs.validityPeriodHours).toBe(30 * 24);
        expect(cert.inputs.subject).toEqual({ commonName: "backup.contoso.example", organization: "Contoso" });
        expect(recorder.find(APP, "options-application").inputs.displayName).toBe("Contoso backup");
        const x509 = new X509Certificate(await valueOf(app.certificates.custom.certificatePem));
        expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
        const pfx = Buffer.from(await valueOf(app.certificates.custom.pfxBase64 ?? pulumi.output("")), "base64");
        expect(() => createSecureContext({ pfx, passphrase: "correct horse" })).not.toThrow();
        expect(() => createSecureContext({ pfx, passphrase: "" })).toThrow();
    }, 30000); // an RSA 4096 key and its PFX take seconds on a busy machine

    test("a subject given without a common name keeps the display name as its CN", async () => {
        await build("org-only", { displayName: "Contoso archive", certificates: [{ name: "primary", subject: { organization: "Contoso", country: "NL" } }] });
        expect(recorder.find(SELF_SIGNED, "org-only-primary-cert").inputs.subject).toEqual({ organization: "Contoso", country: "NL", commonName: "Contoso archive" });
    }, 30000);

    test("registers a multi-tenant application only with the explicit opt-in", async () => {
        await build("multi", { signInAudience: "AzureADMultipleOrgs", allowMultiTenant: true, certificates: [{ name: "afi", certificatePem: vendorPem }] });
        expect(recorder.find(APP, "multi-application").inputs).toEqual({ displayName: "multi", signInAudience: "AzureADMultipleOrgs", owners: [mockAzureDefaults.objectId] });
    });
});

describe("owners", () => {
    const TEAM = "7d3f1c2a-9b8e-4c1d-8e2f-3a4b5c6d7e8f";
    const LEAD = "0b6c2d4e-1f3a-4b5c-9d7e-8f9a0b1c2d3e";
    const ownersOf = (name: string) => [recorder.find(APP, `${name}-application`).inputs.owners, recorder.find(SP, `${name}-service-principal`).inputs.owners];

    // The azuread provider removes a caller `owners` leaves out, and under Application.ReadWrite.OwnedBy or
    // Application Developer the deployer then may not make the service principal or any credential.
    test("adds the given owners to the deployer, on the application and its service principal, and every credential is made", async () => {
        const app = await build("owned", {
            owners: [TEAM, LEAD],
            certificates: [{ name: "afi", certificatePem: vendorPem }],
            clientSecrets: [{ name: "s" }],
            federatedCredentials: [{ name: "f", issuer: GITHUB, subject: "repo:contoso/backup:environment:production" }],
        });
        await valueOf(app.federatedCredentials.f.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(ownersOf("owned")).toEqual([[TEAM, LEAD, mockAzureDefaults.objectId], [TEAM, LEAD, mockAzureDefaults.objectId]]);
        expect(recorder.ofType(CERT)).toHaveLength(1);
        expect(recorder.ofType(PASSWORD)).toHaveLength(1);
        expect(recorder.ofType(FEDERATED)).toHaveLength(1);
    });

    test("lists the deployer once when the owners name it, in whatever case and place", async () => {
        await build("with-deployer", { owners: [mockAzureDefaults.objectId.toUpperCase(), TEAM], clientSecrets: [{ name: "s" }] });
        expect(ownersOf("with-deployer")).toEqual([[mockAzureDefaults.objectId.toUpperCase(), TEAM], [mockAzureDefaults.objectId.toUpperCase(), TEAM]]);
    });

    test("takes an owner known only at deploy", async () => {
        await build("late-owner", { owners: [pulumi.output(TEAM)], clientSecrets: [{ name: "s" }] });
        expect(ownersOf("late-owner")).toEqual([[TEAM, mockAzureDefaults.objectId], [TEAM, mockAzureDefaults.objectId]]);
    });
});

describe("owners given as Outputs, known at preview", () => {
    const TEAM = "7d3f1c2a-9b8e-4c1d-8e2f-3a4b5c6d7e8f";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { ClientApplication } = require("./components/client-application");
            new ClientApplication("owner-output", { owners: [${JSON.stringify(TEAM)}, pulumi.output("me@contoso.com")] });
            new ClientApplication("owner-secret", { owners: [pulumi.secret("me@contoso.com")] });
            new ClientApplication("owner-unknown", { owners: [pulumi.output(pulumi.unknown).apply(() => "me@contoso.com")] });
            new ClientApplication("owner-good", { owners: [pulumi.secret(${JSON.stringify(TEAM)})] });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("an owner that is no object id fails with the message a plain one gets, naming its index, and no application is sent", () => {
        const [issue] = validateClientApplicationArgs("owner-output", { owners: [TEAM, "me@contoso.com"] });
        expect(issue).toEqual({ field: "owners[1]", message: '"me@contoso.com" is not an object id (a GUID)' });
        expect(failureOf('ClientApplication "owner-output"')).toContain(`ClientApplication "owner-output": invalid arguments:\n  - owners[1]: ${issue.message}`);
        expect(run.registered).not.toContain(`${APP}::owner-output-application`);
        expect(run.registered).not.toContain(`${SP}::owner-output-service-principal`);
    });

    test("one from a secret is shown as [secret]", () => {
        const failure = failureOf('ClientApplication "owner-secret"');
        expect(failure).toContain('ClientApplication "owner-secret": invalid arguments:\n  - owners[0]: [secret] is not an object id (a GUID)');
        expect(failure).not.toContain("me@contoso.com");
        expect(run.registered).not.toContain(`${APP}::owner-secret-application`);
    });

    test("an owner unknown at preview and an object id pass", () => {
        // The mocks themselves refuse a service principal whose owners they cannot read: no ValidationError is what counts.
        expect(run.failures.filter((f) => /"owner-(unknown|good)": invalid arguments/.test(f))).toEqual([]);
        expect(run.failures.filter((f) => f.includes("owner-good"))).toEqual([]);
        expect(run.registered).toEqual(expect.arrayContaining([`${APP}::owner-unknown-application`, `${APP}::owner-good-application`, `${SP}::owner-good-service-principal`]));
    });
});

// Every input of tls.SelfSignedCert, tls.PrivateKey's rsaBits and every input of azuread.ApplicationPassword
// replace the resource when they change: a new certificate or secret, and the one the vendor holds deleted in
// the same update. A credential keeps what it was made with; a new one comes from a new credential name.
describe("a credential once made is kept through edits of what made it", () => {
    const in90Days = new Date(Date.now() + 90 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
    const in60Days = new Date(Date.now() + 60 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
    const edits: [string, ClientApplicationArgs, ClientApplicationArgs, string, string, string][] = [
        ["renaming the application, the generated certificate's CN", { displayName: "Backup vendor", certificates: [{ name: "primary" }] }, { displayName: "Backup vendor (EU)", certificates: [{ name: "primary" }] }, SELF_SIGNED, "primary-cert", "subject"],
        ["a generated certificate's subject", { certificates: [{ name: "primary", subject: { commonName: "backup", organization: "Contoso" } }] }, { certificates: [{ name: "primary", subject: { commonName: "backup", organization: "Contoso Ltd" } }] }, SELF_SIGNED, "primary-cert", "subject"],
        ["a generated certificate's validityDays", { certificates: [{ name: "primary" }] }, { certificates: [{ name: "primary", validityDays: 180 }] }, SELF_SIGNED, "primary-cert", "validityPeriodHours"],
        ["a generated certificate's rsaBits", { certificates: [{ name: "primary" }] }, { certificates: [{ name: "primary", rsaBits: 4096 }] }, KEY, "primary-key", "rsaBits"],
        ["pinning a client secret's endDate", { clientSecrets: [{ name: "s" }] }, { clientSecrets: [{ name: "s", endDate: in90Days }] }, PASSWORD, "s-secret", "endDate"],
        ["editing a client secret's pinned endDate", { clientSecrets: [{ name: "s", endDate: in90Days }] }, { clientSecrets: [{ name: "s", endDate: in60Days }] }, PASSWORD, "s-secret", "endDate"],
        ["a client secret's validityDays", { clientSecrets: [{ name: "s" }] }, { clientSecrets: [{ name: "s", validityDays: 90 }] }, PASSWORD, "s-secret", "endDate"],
    ];
    test.each(edits)("%s changes an input that replaces the credential, and ignoreChanges covers it before and after", async (_title, before, after, type, child, input) => {
        // One program registers both, so each edit gets names of its own.
        const name = `edit${edits.findIndex((e) => e[1] === before)}`;
        await build(`${name}-day-one`, before);
        await build(`${name}-day-two`, after);
        const [first, second] = [recorder.find(type, `${name}-day-one-${child}`), recorder.find(type, `${name}-day-two-${child}`)];
        expect(reveal(second.inputs[input])).not.toEqual(reveal(first.inputs[input]));
        expect(first.ignoreChanges).toContain(input);
        expect(second.ignoreChanges).toContain(input);
    }, 30000); // an RSA 4096 key takes seconds on a busy machine

    test("a generated certificate keeps what defines it, and only the tls provider's renewal after expiry replaces it", async () => {
        await build("kept", { certificates: [{ name: "primary" }] });
        expect(recorder.find(SELF_SIGNED, "kept-primary-cert").ignoreChanges).toEqual(["subject", "validityPeriodHours", "allowedUses"]);
        expect(recorder.find(KEY, "kept-primary-key").ignoreChanges).toEqual(["rsaBits"]);
        // readyForRenewal (a computed output, so no ignoreChanges holds it) turns true once the certificate expires.
        expect(recorder.find(SELF_SIGNED, "kept-primary-cert").inputs.earlyRenewalHours).toBe(0);
    }, 30000);
});

describe("key-management appliance: a client secret and key management on a premium vault behind its firewall", () => {
    test("registers the app, a 180-day secret kept from the first deploy, Crypto Officer on the vault, and the vault admits the appliance's range", async () => {
        freezeDate(Date.now());
        const app = await build("kmes", {
            clientSecrets: [{ name: "kmes-credential" }],
            grants: [{ keyVault: applianceVault, permissions: "keyManagementAppliance" }],
        });
        const objectId = String(recorder.find(APP, "kmes-application").outputs?.objectId);
        const password = recorder.find(PASSWORD, "kmes-kmes-credential-secret");
        expect(password.inputs).toEqual({ applicationId: `/applications/${objectId}`, displayName: "kmes-credential", endDate: defaultSecretEndDate(180) });
        expect(password.ignoreChanges).toEqual(["endDate"]);
        expect(password.additionalSecretOutputs).toEqual(["value"]);
        expect(Date.parse(String(password.inputs.endDate))).toBeLessThanOrEqual(Date.now() + 180 * DAY);

        const secret = app.clientSecrets["kmes-credential"];
        expect(await isSecretOutput(secret.value)).toBe(true);
        expect(await valueOf(secret.value)).toMatch(/^.{3}8Q~.{34}$/);
        expect(await valueOf(secret.endDate)).toBe(password.inputs.endDate);
        expect(await valueOf(secret.keyId)).toBe(password.outputs?.keyId);

        const role = recorder.find(ROLE, "kmes-keyManagementAppliance-role-assignment");
        expect(role.inputs.scope).toBe(await valueOf(applianceVault.id));
        expect(role.inputs.principalId).toBe(await valueOf(app.servicePrincipalObjectId));
        expect(role.inputs.roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${builtInRoles.keyVaultCryptoOfficer}$`));
        expect(recorder.ofType(CERT)).toHaveLength(0);
        expect(recorder.ofType(KEY)).toHaveLength(0);
        expect(app.certificates).toEqual({});
    });

    test("the appliance's vault is premium, purge-protected and open only to the appliance's range", async () => {
        expect(applianceVault.sku).toBe("premium");
        expect(applianceVault.enablePurgeProtection).toBe(true);
        // The beforeAll vault was recorded before the recorder was cleared: register its twin to read the request.
        const vault = new KeyVault("kvkmes2", { resourceGroupName: rg, networkAcls: { ipRules: [APPLIANCE_CIDR] } });
        await valueOf(vault.vaultUri);
        await settle();
        const props = recorder.find("azure-native:keyvault:Vault", "kvkmes2-vault").inputs.properties as Record<string, unknown>;
        expect(props.publicNetworkAccess).toBe("Enabled");
        expect(props.networkAcls).toEqual({ defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: APPLIANCE_CIDR }], virtualNetworkRules: [] });
    });

    test("takes a fixed secret end date as given, and keeps the secret it made when the date is edited", async () => {
        const endDate = new Date(Date.now() + 90 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
        await build("fixed", { clientSecrets: [{ name: "s1", endDate }] });
        const password = recorder.find(PASSWORD, "fixed-s1-secret");
        expect(password.inputs.endDate).toBe(endDate);
        expect(password.ignoreChanges).toEqual(["endDate"]);
    });

    test("rotates a secret without downtime: two secrets with their own end dates are live at once", async () => {
        freezeDate(Date.now());
        const app = await build("twosecrets", { clientSecrets: [{ name: "old", validityDays: 30 }, { name: "new", validityDays: 365 }] });
        expect(recorder.find(PASSWORD, "twosecrets-old-secret").inputs.endDate).toBe(defaultSecretEndDate(30));
        expect(recorder.find(PASSWORD, "twosecrets-new-secret").inputs.endDate).toBe(defaultSecretEndDate(365));
        expect(await valueOf(app.clientSecrets.old.value)).not.toBe(await valueOf(app.clientSecrets.new.value));
    });
});

describe("a vendor that reads the vault through Resource Manager: vaultRead, Key Vault Reader on the vault", () => {
    const SLEEP = "time:index/sleep:Sleep";

    test("assigns Key Vault Reader on the key's vault to the service principal, and waits for it as for the grant", async () => {
        const app = await build("veeam", {
            certificates: [{ name: "afi", certificatePem: vendorPem }],
            grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: true }],
        });
        const vaultId = await valueOf(rbacVault.id);
        const principalId = await valueOf(app.servicePrincipalObjectId);
        const reader = recorder.find(ROLE, "veeam-applicationCrypto-vault-read");
        expect(reader.inputs).toEqual({
            scope: vaultId,
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: roleDefinitionId(subscriptionOf(vaultId), "keyVaultReader"),
            roleAssignmentName: roleAssignmentName(vaultId, principalId, "21090545-7ca7-4776-b22c-e363652d74d2"),
            description: "azure-byok Resource Manager read of the vault for veeam",
        });
        // A new vault or principal renames it: the new one is made before the old one goes, as KeyAccess's grants are.
        expect([reader.deleteBeforeReplace, reader.deleteBeforeReplaceDefined]).toEqual([false, true]);
        expect(reader.parent).toBe(recorder.find("azure-byok:entra:ClientApplication", "veeam").urn);
        expect(app.vaultReaders).toHaveLength(1);
        // The key grant itself is unchanged: Crypto User on the key alone.
        expect(recorder.find(ROLE, "veeam-applicationCrypto-role-assignment").inputs.scope).toBe(await valueOf(backupKey.id));
        expect(recorder.ofType(ROLE)).toHaveLength(2);
        const wait = recorder.find(SLEEP, "veeam-vault-read-rbac-propagation");
        expect(wait.inputs).toEqual({ createDuration: "30s", triggers: { roleAssignment0: await valueOf(app.vaultReaders[0].id) } });
    });

    test("assigns none without vaultRead, nor with vaultRead: false", async () => {
        await build("noread", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: false }] });
        expect(recorder.ofType(ROLE).map((r) => r.name)).toEqual(["noread-applicationCrypto-role-assignment"]);
        expect(recorder.resources.filter((r) => r.name === "noread-vault-read-rbac-propagation")).toEqual([]);
    });

    test("assigns it on an access-policy vault too, where Resource Manager's reads still go through Azure RBAC", async () => {
        const app = await build("veeam-policy", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: policyKey, permissions: "applicationCrypto", vaultRead: true }] });
        const reader = recorder.find(ROLE, "veeam-policy-applicationCrypto-vault-read");
        expect(reader.inputs.scope).toBe(await valueOf(policyVault.id));
        expect(reader.inputs.principalId).toBe(await valueOf(app.servicePrincipalObjectId));
        expect(reader.inputs.roleDefinitionId).toMatch(new RegExp(`/roleDefinitions/${builtInRoles.keyVaultReader}$`));
        // The key access itself stays the access policy's exact permissions.
        expect(recorder.ofType("azure-native:keyvault:AccessPolicy")).toHaveLength(1);
    });

    test("assigns it to an appliance on an access-policy vault, whose access policy reads nothing through Resource Manager", async () => {
        await build("kmes-policy", { clientSecrets: [{ name: "s" }], grants: [{ keyVault: policyVault, permissions: "keyManagementAppliance", vaultRead: true }] });
        expect(recorder.find(ROLE, "kmes-policy-keyManagementAppliance-vault-read").inputs.scope).toBe(await valueOf(policyVault.id));
    });

    const cases: [string, () => ClientApplicationArgs, string, RegExp][] = [
        ["vaultRead beside keyManagementAppliance on an RBAC vault, whose Crypto Officer reads the vault already", () => ({ clientSecrets: [{ name: "s" }], grants: [{ keyVault: applianceVault, permissions: "keyManagementAppliance", vaultRead: true }] }), "grants[0].vaultRead",
            /^is true, but keyManagementAppliance on an RBAC vault assigns Key Vault Crypto Officer there, whose actions already read the vault and its keys through Resource Manager \(Microsoft\.KeyVault\/vaults\/\*\/read\); leave vaultRead out$/],
        ["vaultRead on two grants in one vault, which would be one assignment twice", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: true }, { key: signingKey, permissions: "signing", vaultRead: true }] }), "grants[1].vaultRead",
            /^asks Key Vault Reader on (vault "[^"]+"|the vault), as the grant at index 0 does already: the application reads a vault through one assignment; leave vaultRead on one grant per vault$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("badread", args()), field, rule);
    });

    test("says in the README which vendors need it, what Key Vault Reader reads beyond the key, and what it never reads", () => {
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Client applications"), readme.indexOf("#### Rotating a handed-over credential")).replace(/\s+/g, " ");
        const recipe = section.slice(section.indexOf("- **Backup vendor**"), section.indexOf("- **Key-management appliance**"));
        expect(recipe).toContain("A vendor that looks the vault up through Resource Manager (Veeam) needs `vaultRead: true` on the grant too");
        const paragraph = section.slice(section.indexOf("Some vendors look the vault and the key up through Azure Resource Manager"), section.indexOf("On an RBAC vault, `applicationCrypto` and `signing`"));
        for (const said of [
            "fails with `AuthorizationFailed` on `Microsoft.KeyVault/vaults/read`",
            "it assigns the service principal Key Vault Reader on the grant's vault (the key's vault for a key grant)",
            "`Microsoft.KeyVault/vaults/*/read`",
            "never a secret's value or key material",
            "on an access-policy vault only its Resource Manager reads apply",
            "refused beside `keyManagementAppliance` on an RBAC vault",
            "Veeam Backup for Microsoft Azure: `applicationCrypto` with `vaultRead: true`",
            "HashiCorp Vault's seal and NetApp ONTAP: `cmkService`, no `vaultRead`",
            "needs a role this stack never assigns",
        ]) expect(paragraph).toContain(said);
        const table = readme.slice(readme.indexOf("| `applications[]` |")).split("\n")[0];
        expect(table).toContain("`access[] { key \\| vault, permissions, vaultRead, listKeys }`");
    });

    test("takes vaultRead on one of two grants in a vault: the vendor reads the vault once", async () => {
        await build("onceread", { clientSecrets: [{ name: "s" }], grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: true }, { key: signingKey, permissions: "signing" }] });
        expect(recorder.ofType(ROLE).filter((r) => String(r.inputs.roleDefinitionId).endsWith(builtInRoles.keyVaultReader)).map((r) => r.name)).toEqual(["onceread-applicationCrypto-vault-read"]);
    });
});

describe("a vendor that lists the vault's keys: listKeys, list in the access policy", () => {
    const POLICY = "azure-native:keyvault:AccessPolicy";
    let preparedVault: KeyVault;
    let preparedKey: EncryptionKey;
    // A key-wrapping client's keys (cmkService): its role is on the one key, as Crypto User's is.
    let wrappingKey: EncryptionKey;
    let preparedWrappingKey: EncryptionKey;
    beforeAll(async () => {
        preparedVault = new KeyVault("kvmoving", { resourceGroupName: rg, enableRbacAuthorization: false, prepareRbacMigration: true });
        preparedKey = new EncryptionKey("moving", { keyVault: preparedVault, purpose: "applicationCrypto" });
        wrappingKey = new EncryptionKey("wrapping", { keyVault: rbacVault, purpose: "cmkService" });
        preparedWrappingKey = new EncryptionKey("moving-wrap", { keyVault: preparedVault, purpose: "cmkService" });
        await Promise.all([valueOf(preparedKey.id), valueOf(wrappingKey.id), valueOf(preparedWrappingKey.id)]);
        await settle();
    });

    test("adds list to applicationCrypto's access policy on an access-policy vault, beside vaultRead's Key Vault Reader", async () => {
        const app = await build("veeam-lists", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: policyKey, permissions: "applicationCrypto", vaultRead: true, listKeys: true }] });
        const policy = recorder.find(POLICY, "veeam-lists-applicationCrypto-access-policy");
        expect(policy.inputs.policy).toEqual({ objectId: await valueOf(app.servicePrincipalObjectId), tenantId: await valueOf(policyVault.tenantId), permissions: { keys: ["get", "encrypt", "decrypt", "list"] } });
        expect(recorder.ofType(ROLE).map((r) => r.name)).toEqual(["veeam-lists-applicationCrypto-vault-read"]);
    });

    test("leaves list out without it", async () => {
        await build("veeam-nolist", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: policyKey, permissions: "applicationCrypto", listKeys: false }] });
        expect((recorder.find(POLICY, "veeam-nolist-applicationCrypto-access-policy").inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "encrypt", "decrypt"] });
    });

    test("takes it on a vault preparing its RBAC migration beside vaultRead, whose role lists the keys once the vault has moved", async () => {
        await build("veeam-moving", { certificates: [{ name: "afi", certificatePem: vendorPem }], grants: [{ key: preparedKey, permissions: "applicationCrypto", vaultRead: true, listKeys: true }] });
        expect((recorder.find(POLICY, "veeam-moving-applicationCrypto-access-policy").inputs.policy as { permissions: unknown }).permissions).toEqual({ keys: ["get", "encrypt", "decrypt", "list"] });
        expect(recorder.ofType(ROLE).map((r) => r.name).sort()).toEqual(["veeam-moving-applicationCrypto-role-assignment", "veeam-moving-applicationCrypto-vault-read"]);
    });

    test("takes cmkService's listKeys on a vault preparing its RBAC migration beside vaultRead", () => {
        expect(validateClientApplicationArgs("wrapper", { clientSecrets: [{ name: "s" }], grants: [{ key: preparedWrappingKey, permissions: "cmkService", vaultRead: true, listKeys: true }] })).toEqual([]);
    });

    const cases: [string, () => ClientApplicationArgs, string, RegExp][] = [
        ["listKeys beside applicationCrypto on an RBAC vault, where vaultRead lists keys", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: backupKey, permissions: "applicationCrypto", listKeys: true }] }), "grants[0].listKeys",
            /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), where applicationCrypto is Key Vault Crypto User on the one key and listing the vault's keys is a read on the vault: assign Key Vault Reader on the vault instead \(vaultRead: true on the application's grant or access entry\), and leave listKeys out$/],
        ["listKeys beside cmkService on an RBAC vault, whose key-scoped role lists nothing either", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: wrappingKey, permissions: "cmkService", listKeys: true }] }), "grants[0].listKeys",
            /^adds list to an access policy, but the vault uses Azure RBAC \(enableRbacAuthorization: true\), where cmkService is Key Vault Crypto Service Encryption User on the one key and listing the vault's keys is a read on the vault: leave listKeys out: a CMK service needs no list there, and a client that lists the vault's keys needs Key Vault Reader on the vault \(vaultRead: true on the application's grant or access entry\)$/],
        ["listKeys beside keyManagementAppliance, which lists already", () => ({ clientSecrets: [{ name: "s" }], grants: [{ keyVault: policyVault, permissions: "keyManagementAppliance", listKeys: true }] }), "grants[0].listKeys",
            /^is for cmkService, applicationCrypto and signing: keyManagementAppliance lists keys already$/],
        ["listKeys without vaultRead on a vault preparing its RBAC migration, whose key role lists nothing after the move", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: preparedKey, permissions: "applicationCrypto", listKeys: true }] }), "grants[0].listKeys",
            /^is true on a vault that prepares its move to Azure RBAC \(prepareRbacMigration\), where the access policy's list ends with the move and the key's role lists no keys: set vaultRead: true on the grant too, so that Key Vault Reader on the vault lists them from the first deploy on RBAC$/],
        ["cmkService's listKeys without vaultRead on a vault preparing its RBAC migration, as Crypto Service Encryption User lists nothing after the move", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: preparedWrappingKey, permissions: "cmkService", listKeys: true }] }), "grants[0].listKeys",
            /^is true on a vault that prepares its move to Azure RBAC \(prepareRbacMigration\), .*set vaultRead: true on the grant too/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("badlist", args()), field, rule);
    });

    test("says in the README that Veeam on an access-policy vault asks listKeys, and that an RBAC vault refuses it for vaultRead", () => {
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Client applications"), readme.indexOf("#### Rotating a handed-over credential")).replace(/\s+/g, " ");
        for (const said of [
            "one that lists the vault's keys, on an access-policy vault, `listKeys: true`",
            "asks `listKeys: true` on its grant as well, which adds `list` to the grant's access policy",
            "on an RBAC vault `listKeys` is refused beside every key-scoped set, `cmkService` included",
            "Veeam Backup for Microsoft Azure: `applicationCrypto` with `vaultRead: true`, and on an access-policy vault `listKeys: true` too",
        ]) expect(section).toContain(said);
    });
});

describe("warnings before a credential expires (Entra's applicationCredentialExpiry: 30 days)", () => {
    const warnings = capturedWarnings();

    test("warns on the component of a supplied certificate with 10 days left, naming it, its end date and what to do", async () => {
        const nearlyExpired = vendorCertificate(40, 2048, new Date(Date.now() - 30 * DAY));
        const notAfter = new Date(new X509Certificate(nearlyExpired).validTo).toISOString().replace(/\.000Z$/, "Z");
        const app = await build("nearly", { certificates: [{ name: "primary", certificatePem: nearlyExpired }] });
        expect(warnings).toEqual([{
            message: `ClientApplication "nearly": certificate "primary" expires on ${notAfter}, in 10 days: ask the vendor for its renewed certificate and add it under a new name in certificates, then remove this entry once the vendor signs in with the new one; an expired certificate is refused here until it is replaced or removed`,
            resource: app,
        }]);
    });

    test("warns of a generated certificate and a defaulted secret within 30 days by their deployed end dates, never quoting a secret", async () => {
        const app = await build("shortlived", { certificates: [{ name: "cert", validityDays: 20 }], clientSecrets: [{ name: "s", validityDays: 30 }] });
        const certificateEnd = await valueOf(app.certificates.cert.endDate);
        const secretEnd = await valueOf(app.clientSecrets.s.endDate);
        expect(warnings.map((w) => w.message).sort()).toEqual([
            `ClientApplication "shortlived": certificate "cert" expires on ${certificateEnd}, in 20 days: add a new entry under a new name in certificates, hand it to the vendor, then remove this one; the first pulumi up after it expires re-issues the certificate on the same key (the tls provider renews the certificate, not its key), with a new thumbprint and PFX, which the vendor must then be given`,
            `ClientApplication "shortlived": client secret "s" expires on ${secretEnd}, in ${Math.ceil((Date.parse(secretEnd) - Date.now()) / DAY)} days: add a new entry under a new name in clientSecrets, hand it over, then remove this one; an expired secret stays in Entra but no longer signs in`,
        ]);
        const secret = await valueOf(app.clientSecrets.s.value);
        expect(warnings.some((w) => w.message.includes(secret))).toBe(false);
    });

    test("says nothing of credentials with more than 30 days left", async () => {
        await build("longlived", {
            certificates: [{ name: "generated" }, { name: "supplied", certificatePem: vendorPem }],
            clientSecrets: [{ name: "defaulted" }, { name: "pinned", endDate: new Date(Date.now() + 31 * DAY).toISOString() }],
        });
        expect(warnings).toEqual([]);
    });
});

describe("a vendor workload with tokens of its own: federated credentials, no secret at all", () => {
    test("registers one credential per trust, with Entra's audience, and nothing to leak: no key, certificate or password", async () => {
        const app = await build("fedvendor", {
            federatedCredentials: [
                { name: "release", issuer: GITHUB, subject: "repo:contoso/backup:environment:production", description: "release pipeline" },
                { name: "gcp", issuer: "https://accounts.google.com", subject: "112233445566778899000", audience: "api://AzureADTokenExchange" },
            ],
            grants: [{ key: backupKey, permissions: "applicationCrypto" }],
        });
        const application = recorder.find(APP, "fedvendor-application");
        const release = recorder.find(FEDERATED, "fedvendor-release-federated-credential");
        expect(release.parent).toBe(recorder.find("azure-byok:entra:ClientApplication", "fedvendor").urn);
        expect(release.inputs).toEqual({
            applicationId: await valueOf(app.applicationId),
            displayName: "release",
            issuer: GITHUB,
            subject: "repo:contoso/backup:environment:production",
            audiences: ["api://AzureADTokenExchange"],
            description: "release pipeline",
        });
        expect(release.dependencies).toContain(application.urn);
        expect(recorder.find(FEDERATED, "fedvendor-gcp-federated-credential").inputs.subject).toBe("112233445566778899000");
        expect(await valueOf(app.federatedCredentials.release.credentialId)).toMatch(/^[0-9a-f-]{36}$/);
        expect(recorder.resources.filter((r) => [KEY, SELF_SIGNED, CERT, PASSWORD].includes(r.type))).toEqual([]);
        expect(recorder.resources.filter((r) => r.type === ROLE)).toHaveLength(1);
    });

    test("defaults to the audience of the cloud the azuread provider signs in to: azuread:environment, else ARM_ENVIRONMENT", async () => {
        const saved = process.env.ARM_ENVIRONMENT;
        process.env.ARM_ENVIRONMENT = "usgovernment";
        try {
            await build("fedusgov", { federatedCredentials: [{ name: "gov", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }] });
            pulumi.runtime.setConfig("azuread:environment", "china");
            await build("fedchina", { federatedCredentials: [{ name: "cn", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }] });
        } finally {
            if (saved === undefined) delete process.env.ARM_ENVIRONMENT;
            else process.env.ARM_ENVIRONMENT = saved;
            pulumi.runtime.setConfig("azuread:environment", "");
        }
        expect(recorder.find(FEDERATED, "fedusgov-gov-federated-credential").inputs.audiences).toEqual(["api://AzureADTokenExchangeUSGov"]);
        expect(recorder.find(FEDERATED, "fedchina-cn-federated-credential").inputs.audiences).toEqual(["api://AzureADTokenExchangeChina"]);
        expect(["global", "USGovernmentL5", "DoD", "China", "germany", undefined].map(defaultFederatedAudience)).toEqual([
            "api://AzureADTokenExchange", "api://AzureADTokenExchangeUSGov", "api://AzureADTokenExchangeUSGov", "api://AzureADTokenExchangeChina", "api://AzureADTokenExchange", "api://AzureADTokenExchange",
        ]);
    });

    test("defaults to the audience of an explicit azuread provider's cloud, not the default provider's config", async () => {
        const china = new azuread.Provider("cn", { environment: "china" });
        const app = new ClientApplication("fedcn", { federatedCredentials: [{ name: "cn", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }] }, { providers: { azuread: china } });
        const parent = new pulumi.ComponentResource("test:index:Landing", "landing", {}, { providers: [new azuread.Provider("gov", { environment: "usgovernment" })] });
        const nested = new ClientApplication("fedgovnested", { federatedCredentials: [{ name: "gov", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }] }, { parent });
        await Promise.all([valueOf(app.servicePrincipalObjectId), valueOf(nested.servicePrincipalObjectId)]);
        await settle();
        expect(recorder.find(FEDERATED, "fedcn-cn-federated-credential").inputs.audiences).toEqual(["api://AzureADTokenExchangeChina"]);
        expect(recorder.find(FEDERATED, "fedgovnested-gov-federated-credential").inputs.audiences).toEqual(["api://AzureADTokenExchangeUSGov"]);
    });

    test("takes a sovereign cloud's audience by name", async () => {
        await build("fedgov", { federatedCredentials: [{ name: "gov", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main", audience: "api://AzureADTokenExchangeUSGov" }] });
        expect(recorder.find(FEDERATED, "fedgov-gov-federated-credential").inputs.audiences).toEqual(["api://AzureADTokenExchangeUSGov"]);
    });
});

// The engine copies a parent's retainOnDelete onto each child that sets none (pulumi/pulumi source_eval.go,
// inheritFromParent): a credential, grant or handover removed from a retained application must still go.
describe("an application given retainOnDelete: true", () => {
    let rs: RecordedResource[];
    let application: RecordedResource;
    beforeAll(async () => {
        const app = new ClientApplication("kept-vendor", {
            certificates: [{ name: "generated" }, { name: "supplied", certificatePem: vendorPem }],
            clientSecrets: [{ name: "primary" }],
            federatedCredentials: [{ name: "ci", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }],
            grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: true }],
            secretsExportConfiguration: { keyVault: applianceVault, readers: [{ principalId: INSTALLERS, principalType: "Group" }] },
        }, { retainOnDelete: true });
        await Promise.all([valueOf(app.servicePrincipalObjectId), ...app.grants.map((g) => valueOf(g.scope)), ...Object.values(app.exportedSecrets).map((x) => valueOf(x.id))]);
        await settle();
        expect(recorder.refused).toEqual([]);
        // The vaults and keys made for the whole file are not the application's.
        rs = recorder.resources.filter((r) => r.name.startsWith("kept-vendor"));
        application = recorder.find(APP, "kept-vendor-application");
    }, 30000);
    /** What Entra and Azure hold for the application: its credentials, grants and handover. */
    const held = () => rs.filter((r) => r.custom && r.urn !== application.urn && r.type !== SP && (r.type.startsWith("azuread:") || r.type.startsWith("azure-native:")));

    test("keeps the application and its service principal in Entra as they leave the stack, with every credential, grant and handover", () => {
        expect(rs.filter((r) => r.type === APP || r.type === SP).map((r) => [r.name, r.retainOnDelete])).toEqual([["kept-vendor-application", true], ["kept-vendor-service-principal", true]]);
        expect(azureCalls(droppedByEdit(rs, []))).toEqual([]);
    });

    test("deletes each credential, grant and handover removed from its lists while it stays: a rotated-out secret is revoked", () => {
        const names = held().map((r) => r.name).sort();
        expect(names).toEqual(expect.arrayContaining(["kept-vendor-ci-federated-credential", "kept-vendor-generated-credential", "kept-vendor-primary-secret", "kept-vendor-supplied-credential",
            "kept-vendor-applicationCrypto-role-assignment", "kept-vendor-applicationCrypto-vault-read", "kept-vendor-primary-client-secret-export"]));
        expect(names.filter((n) => n.includes("-reader-"))).toHaveLength(2);
        const kept = rs.filter((r) => r.urn === application.urn || r.type === SP);
        expect(azureCalls(droppedByEdit(rs, kept))).toEqual(names.map((n) => `${n}: DELETE`));
    });
});

// Entra keeps a deleted application restorable for 30 days with its credentials (Microsoft Learn, "Restore or remove a
// recently deleted application"): an application that leaves the stack has its credentials deleted first.
test("an application removed from the stack has its credentials revoked, not left for a restore to bring back", async () => {
    const app = new ClientApplication("gone-vendor", {
        certificates: [{ name: "generated" }],
        clientSecrets: [{ name: "primary" }],
        federatedCredentials: [{ name: "ci", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }],
    });
    await valueOf(app.servicePrincipalObjectId);
    await settle();
    const rs = recorder.resources.filter((r) => r.name.startsWith("gone-vendor"));
    expect(azureCalls(droppedByEdit(rs, [])).sort()).toEqual([
        "gone-vendor-application: DELETE", "gone-vendor-ci-federated-credential: DELETE", "gone-vendor-generated-credential: DELETE",
        "gone-vendor-primary-secret: DELETE", "gone-vendor-service-principal: DELETE",
    ]);
});

// Pulumi's idiomatic way to retain a subtree: a wrapper given retainOnDelete, which the engine copies onto each child
// that sets none. The component cannot see it, so what it sends retainOnDelete: false goes as the wrapper leaves.
describe("an application under a component of your own given retainOnDelete: true", () => {
    let rs: RecordedResource[];
    beforeAll(async () => {
        const onboarding = new pulumi.ComponentResource("acme:index:VendorOnboarding", "wrapped-vendor", {}, { retainOnDelete: true });
        const app = new ClientApplication("wrapped-vendor-app", {
            certificates: [{ name: "generated" }, { name: "supplied", certificatePem: vendorPem }],
            clientSecrets: [{ name: "primary" }],
            federatedCredentials: [{ name: "ci", issuer: GITHUB, subject: "repo:contoso/backup:ref:refs/heads/main" }],
            grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: true }],
        }, { parent: onboarding });
        await Promise.all([valueOf(app.servicePrincipalObjectId), ...app.grants.map((g) => valueOf(g.scope))]);
        await settle();
        expect(recorder.refused).toEqual([]);
        rs = recorder.resources.filter((r) => r.name.startsWith("wrapped-vendor"));
    }, 30000);

    test("keeps the application in Entra as the wrapper leaves the stack, and revokes its credentials and grants", () => {
        const application = rs.filter((r) => r.type === APP)[0];
        expect([application.name, application.retainOnDelete]).toEqual(["wrapped-vendor-app-application", true]);
        expect(rs.filter((r) => [CERT, PASSWORD, FEDERATED].includes(r.type)).map((r) => [r.name, r.retainOnDelete, r.deletedWith]).sort()).toEqual([
            ["wrapped-vendor-app-ci-federated-credential", false, undefined],
            ["wrapped-vendor-app-generated-credential", false, undefined],
            ["wrapped-vendor-app-primary-secret", false, undefined],
            ["wrapped-vendor-app-supplied-credential", false, undefined],
        ]);
        expect(azureCalls(droppedByEdit(rs, [])).sort()).toEqual([
            "wrapped-vendor-app-applicationCrypto-role-assignment: DELETE", "wrapped-vendor-app-applicationCrypto-vault-read: DELETE", "wrapped-vendor-app-ci-federated-credential: DELETE",
            "wrapped-vendor-app-generated-credential: DELETE", "wrapped-vendor-app-primary-secret: DELETE", "wrapped-vendor-app-supplied-credential: DELETE",
        ]);
    });

    test("deletes a credential removed from its list while the application stays", () => {
        const kept = rs.filter((r) => ![CERT, PASSWORD, FEDERATED].includes(r.type));
        expect(azureCalls(droppedByEdit(rs, kept))).toEqual(["wrapped-vendor-app-ci-federated-credential: DELETE", "wrapped-vendor-app-generated-credential: DELETE",
            "wrapped-vendor-app-primary-secret: DELETE", "wrapped-vendor-app-supplied-credential: DELETE"]);
    });
});

describe("handing the credentials over through Key Vault (secretsExportConfiguration)", () => {
    const SECRET = "azure-native:keyvault:Secret";
    let app: ClientApplication;
    let recorded: RecordedResource[];
    beforeAll(async () => {
        app = await build("kms-appliance", {
            certificates: [{ name: "primary" }, { name: "vendor", certificatePem: vendorPem }],
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: applianceVault, readers: [{ principalId: INSTALLERS, principalType: "Group" }] },
        });
        await Promise.all(Object.values(app.exportedSecrets).map((s) => valueOf(s.id)));
        await settle();
        expect(recorder.refused).toEqual([]);
        recorded = [...recorder.resources];
    }, 30000);
    const exported = (name: string) => {
        const found = recorded.filter((r) => r.type === SECRET && r.inputs.secretName === name);
        expect(found).toHaveLength(1);
        return found[0];
    };

    test("writes the client secret and the generated certificate with its key, not the vendor's own certificate", () => {
        expect(recorded.filter((r) => r.type === SECRET).map((r) => r.inputs.secretName).sort()).toEqual(["kms-appliance-primary-certificate", "kms-appliance-primary-client-secret"]);
        expect(Object.keys(app.exportedSecrets).sort()).toEqual(["kms-appliance-primary-certificate", "kms-appliance-primary-client-secret"]);
        for (const r of recorded.filter((x) => x.type === SECRET)) {
            expect(r.parent).toMatch(/azure-byok:entra:ClientApplication::kms-appliance$/);
            expect(r.inputs).toMatchObject({ resourceGroupName: rg, vaultName: expect.stringMatching(/^kvkmes-/) });
        }
    });

    /** A secret's properties: Pulumi keeps the whole object secret, since its value is. */
    const propertiesOf = (name: string) => {
        const properties = exported(name).inputs.properties;
        expect(isSecret(properties)).toBe(true);
        return reveal(properties) as { value: string; contentType: string; attributes: { enabled: boolean; expires: number } };
    };

    test("keeps each value a secret, and it is the credential Entra holds", async () => {
        const password = propertiesOf("kms-appliance-primary-client-secret");
        expect(password.value).toBe(await valueOf(app.clientSecrets.primary.value));
        expect(password.contentType).toBe("text/plain");
        const certificate = propertiesOf("kms-appliance-primary-certificate");
        expect(certificate.value).toBe(await valueOf(app.certificates.primary.certificateWithKeyPem as pulumi.Output<string>));
        // One PEM that Azure SDKs' certificate credentials read: the certificate, then its private key.
        expect(new X509Certificate(certificate.value).checkPrivateKey(createPrivateKey(certificate.value))).toBe(true);
        expect(certificate.contentType).toBe("application/x-pem-file");
        // Azure never returns a secret's value, and neither do the mocks.
        expect(JSON.stringify(recorded.filter((r) => r.type === SECRET).map((r) => r.outputs))).not.toContain(password.value);
    });

    test("expires with its credential, so Key Vault's near-expiry event warns before the vendor's client stops signing in", async () => {
        const seconds = (date: string) => Math.floor(Date.parse(date) / 1000);
        // Only the end: a start from the credential would be "now" until it exists, and change every preview.
        expect(propertiesOf("kms-appliance-primary-client-secret").attributes).toEqual({ enabled: true, expires: seconds(await valueOf(app.clientSecrets.primary.endDate)) });
        expect(propertiesOf("kms-appliance-primary-certificate").attributes).toEqual({ enabled: true, expires: seconds(await valueOf(app.certificates.primary.endDate)) });
    });

    test("lets the installers read each handed-over secret and nothing else in the vault: Key Vault Secrets User on the secret", async () => {
        const readers = recorded.filter((r) => r.type === ROLE && r.name.includes("-reader-"));
        // Named by the reader, so that removing or reordering one leaves the others be; a stack that
        // made them by position keeps them through the alias.
        const reader = INSTALLERS.toLowerCase();
        expect(readers.map((r) => r.name).sort()).toEqual([`kms-appliance-primary-certificate-reader-${reader}`, `kms-appliance-primary-client-secret-reader-${reader}`]);
        for (const r of readers) {
            const secret = app.exportedSecrets[r.name.replace(`-reader-${reader}`, "")];
            expect(r.aliases).toEqual([`${r.name.replace(`-reader-${reader}`, "")}-reader-0`]);
            expect(r.inputs).toMatchObject({
                scope: await valueOf(secret.id),
                principalId: INSTALLERS,
                principalType: "Group",
                roleDefinitionId: expect.stringMatching(new RegExp(`/roleDefinitions/${builtInRoles.keyVaultSecretsUser}$`)),
            });
            expect(String(r.inputs.scope)).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/kvkmes-[a-z0-9]+\/secrets\/kms-appliance-primary-/);
        }
        // The deploy ends after Azure has had time to propagate them, so the installers can read at once.
        const wait = recorded.find((r) => r.type === "time:index/sleep:Sleep" && r.name === "kms-appliance-readers-rbac-propagation");
        expect(wait?.inputs).toEqual({ createDuration: "30s", triggers: { roleAssignment0: readers[0].id, roleAssignment1: readers[1].id } });
    });

    test("refuses a component name that makes no Key Vault secret name at name, naming the secret it would write and the displayName that may keep it", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("kms.appliance", { clientSecrets: [{ name: "s" }], secretsExportConfiguration: { keyVault: applianceVault } }), "name", /^makes the handed-over secret "kms\.appliance-s-client-secret", and Key Vault takes only letters, digits and hyphens in a secret's name: give the application a name of those alone, and a displayName for what Microsoft Entra shows, which may keep spaces and other characters$/);
    });
});

// Aliases keep the URNs; the displayName and the handed-over secrets' names follow the resource name.
describe("ClientApplication renamed with aliases", () => {
    test("is refused before registering anything while its displayName is the resource name, and keeps the application with displayName given", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("vendor-platform", { certificates: [{ name: "signing" }] }, { aliases: [{ name: "vendor" }] }), "displayName",
            /^is not given, so the application's displayName comes from the resource name: "vendor-platform", where "vendor", its earlier name in aliases, gave "vendor"; the rename would rename the application in Microsoft Entra.* Give displayName "vendor" \(its name in Entra/);
        const renamed = new ClientApplication("vendor-renamed", { displayName: "vendor", certificates: [{ name: "signing" }] }, { aliases: [{ name: "vendor" }] });
        await valueOf(renamed.clientId);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find(APP, "vendor-renamed-application").inputs.displayName).toBe("vendor");
    });

    test("is refused before registering anything when it hands its credentials over, whose Key Vault secrets would be replaced under new names", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("vendor-handover", {
            displayName: "vendor",
            clientSecrets: [{ name: "primary" }],
            secretsExportConfiguration: { keyVault: applianceVault, current: { clientSecret: "primary" } },
        }, { aliases: ["urn:pulumi:prod::byok::azure-byok:entra:ClientApplication::vendor"] }), "secretsExportConfiguration",
            /^writes the handed-over credentials to Key Vault secrets named from the resource name: "vendor-handover-primary-client-secret" for "vendor-handover", where "vendor", its earlier name in aliases, gave "vendor-primary-client-secret"; Key Vault cannot rename a secret, so the rename would replace every handed-over secret under a new name/);
    });

    test("is taken with aliases that keep its name, or move it under another parent", () => {
        const handover = { clientSecrets: [{ name: "primary" }], secretsExportConfiguration: { keyVault: applianceVault } };
        expect(validateClientApplicationArgs("vendor", handover, new Date(), { aliases: [{ name: "vendor" }, { parent: pulumi.rootStackResource }] })).toEqual([]);
    });
});

describe("ClientApplication validation", () => {
    test("refuses two of its own resources of one type and name made from two lists: a reader's role assignment on a handed-over secret, and a grant's vault read", async () => {
        // `<app>-s-client-secret` + `-reader-ops-vault-read` is `<app>-` + `s-client-secret-reader-ops` + `-vault-read`.
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("kms", {
            clientSecrets: [{ name: "s" }],
            secretsExportConfiguration: { keyVault: applianceVault, readers: [{ name: "ops-vault-read", principalId: INSTALLERS, principalType: "Group" }] },
            grants: [{ name: "s-client-secret-reader-ops", key: backupKey, permissions: "applicationCrypto", vaultRead: true }],
        }), "grants[0]", /^would make azure-native:authorization:RoleAssignment "kms-s-client-secret-reader-ops-vault-read", which secretsExportConfiguration\.readers\[0\] makes too: a Pulumi URN holds a resource's type and name, so the engine would refuse the second \("Duplicate resource URN"\); rename one$/);
    });

    const now = new Date("2027-01-01T00:00:00Z");
    const fieldsOf = (args: ClientApplicationArgs) => validateClientApplicationArgs("app", args, now).map((i) => i.field);

    test("accepts a secret ending exactly at the bound and a certificate of exactly 730 days", () => {
        expect(fieldsOf({ clientSecrets: [{ name: "s", endDate: "2027-06-30T00:00:00Z" }] })).toEqual([]);
        expect(fieldsOf({ clientSecrets: [{ name: "s", endDate: "2027-07-01T00:00:00Z" }] })).toEqual(["clientSecrets[0].endDate"]);
        expect(fieldsOf({ clientSecrets: [{ name: "s", validityDays: 365, endDate: "2027-12-31T00:00:00Z" }] })).toEqual([]);
        expect(fieldsOf({ certificates: [{ name: "c", validityDays: ClientApplicationDefaults.certificate.maxValidityDays }] })).toEqual([]);
    });

    test("accepts a vendor certificate valid two calendar years across 29 February (2027-06-01 to 2029-06-01, 731 days)", () => {
        const pem = vendorCertificate(731, 2048, new Date("2027-06-01T00:00:00Z"));
        expect(validateClientApplicationArgs("app", { certificates: [{ name: "c", certificatePem: pem }] }, new Date("2027-06-02T00:00:00Z"))).toEqual([]);
    });

    test("holds a display name, given or defaulted to the component's name, to Graph's 256 characters", () => {
        expect(validateClientApplicationArgs("a".repeat(256), { clientSecrets: [{ name: "s" }] }, now)).toEqual([]);
        expect(validateClientApplicationArgs("a".repeat(257), { clientSecrets: [{ name: "s" }] }, now)).toEqual([
            { field: "name", message: "is 257 characters, and the application's displayName defaults to it; Microsoft Graph takes a displayName of at most 256: shorten it, or give a displayName" },
        ]);
        expect(fieldsOf({ displayName: "x".repeat(256), clientSecrets: [{ name: "s" }] })).toEqual([]);
    });

    test("documents each default and bound it applies", () => {
        // The credential interfaces live beside their rules, in client-credentials.ts.
        const source = ["client-application.ts", "client-credentials.ts"].map((file) => readFileSync(join(__dirname, "../../components", file), "utf8")).join("\n");
        const D = ClientApplicationDefaults;
        for (const doc of [
            `Defaults to \`${D.signInAudience}\` (single tenant)`,
            `Defaults to \`${D.allowMultiTenant}\``,
            `1–${D.certificate.maxValidityDays} (the shortest two years: the certificate starts when it is made). Defaults to \`${D.certificate.validityDays}\``,
            `3072 or 4096. Defaults to \`${D.certificate.rsaBits}\``,
            `Defaults to \`"${D.certificate.pfxPassword}"\``,
            `RSA of at least ${D.certificate.minimumSuppliedRsaBits} bits, valid at most ${D.certificate.maxValidityYears} years from its notBefore`,
            `1–${D.clientSecret.maxValidityDays} days (at ${D.clientSecret.maxValidityDays}, an \`endDate\` up to two calendar years away, 731 days across 29 February). Defaults to \`${D.clientSecret.validityDays}\``,
        ]) {
            expect(source).toContain(doc);
        }
    });

    test("says in the README what Key Vault Crypto User allows beyond applicationCrypto and signing, and the narrower way", () => {
        // MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/security.md, Key Vault Crypto User's dataActions.
        const cryptoUser = ["read", "update/action", "backup/action", "encrypt/action", "decrypt/action", "wrap/action", "unwrap/action", "sign/action", "verify/action"];
        const asAccessPolicy: Record<string, string> = { get: "read", encrypt: "encrypt/action", decrypt: "decrypt/action", sign: "sign/action", verify: "verify/action" };
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Client applications"), readme.indexOf("### How a key's expiry is chosen"));
        const paragraph = section.slice(section.indexOf("On an RBAC vault, `applicationCrypto` and `signing`")).split("\n\n")[0].replace(/\s+/g, " ");
        for (const set of ["applicationCrypto", "signing"] as const) {
            expect(permissionSets[set].role).toBe("keyVaultCryptoUser");
            const extra = cryptoUser.filter((action) => !permissionSets[set].keyPermissions.some((p) => asAccessPolicy[p] === action));
            expect(extra.length).toBeGreaterThan(0);
            for (const action of extra) expect(paragraph).toContain(action.replace("/action", ""));
        }
        expect(paragraph).toContain("`keys/update/action`");
        expect(paragraph).toContain("`keys/backup/action`");
        expect(paragraph).toMatch(/custom role yourself, scoped to the key, with only `Microsoft\.KeyVault\/vaults\/keys\/read`/);
    });

    test("says in the README what Key Vault Crypto Officer allows beyond keyManagementAppliance's six permissions, and where they are exact", () => {
        // MicrosoftDocs/azure-docs built-in-roles/security.md: Crypto Officer's dataActions are keys/* and keyrotationpolicies/*;
        // the keys/* actions beyond the six access-policy permissions (Azure/KeyVault-AccessPolicyToRBAC-CompareTool's mapping).
        const beyondSix = ["update", "backup", "restore", "recover", "rotate", "encrypt", "decrypt", "wrap", "unwrap", "sign", "verify"];
        expect(permissionSets.keyManagementAppliance).toMatchObject({ role: "keyVaultCryptoOfficer", scope: "vault" });
        expect([...permissionSets.keyManagementAppliance.keyPermissions]).toEqual(["get", "list", "create", "import", "delete", "purge"]);
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Client applications"), readme.indexOf("#### Rotating a handed-over credential"));
        const paragraph = section.slice(section.indexOf("`keyManagementAppliance` is wider still on an RBAC vault")).split("\n\n")[0].replace(/\s+/g, " ");
        expect(paragraph).toContain("Key Vault Crypto Officer on the vault, whose data actions are `keys/*` and `keyrotationpolicies/*`");
        for (const action of beyondSix) expect(paragraph).toContain(action);
        for (const action of ["update", "backup", "restore", "recover"]) expect(paragraph).toContain(`\`keys/${action}/action\``);
        expect(paragraph).toContain("Keep an appliance's vault for the appliance's keys alone");
        expect(paragraph).toContain("On an access-policy vault the grant is exactly the six, the set Futurex's KMES asks for");
        // The recipe itself says so, not only the paragraph after it.
        const recipe = section.slice(section.indexOf("- **Key-management appliance**")).split("\n- ")[0].replace(/\s+/g, " ");
        expect(recipe).toContain("on an RBAC vault Key Vault Crypto Officer on the premium vault, which is every operation on every key there, update, backup, restore and recover included");
        expect(recipe).toContain("on an access-policy vault exactly get, list, create, import, delete, and purge where the vault has no purge protection");
    });

    test("documents every permission set a grant takes, cmkService for a client that wraps keys among them", () => {
        const source = readFileSync(join(__dirname, "../../components/client-application.ts"), "utf8");
        const grantDoc = source.slice(source.indexOf("export interface ClientApplicationGrant"), source.indexOf("export interface ClientApplicationArgs"));
        for (const set of Object.keys(permissionSets)) expect(grantDoc).toContain(`\`${set}\``);
        expect(grantDoc.replace(/\s+\*?\s*/g, " ")).toMatch(/`cmkService` \(a client that wraps its own keys with this one, such as HashiCorp Vault's azurekeyvault seal or NetApp ONTAP's Azure Key Vault key manager: get, wrapKey, unwrapKey\)/);
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Client applications"), readme.indexOf("#### Rotating a handed-over credential")).replace(/\s+/g, " ");
        expect(section).toContain("**Key-wrapping client** (wraps keys of its own with yours: HashiCorp Vault's `azurekeyvault` seal, NetApp ONTAP's Azure Key Vault key manager): a credential, and `grants: [{ key, permissions: \"cmkService\" }]`");
    });

    test("says owners are users or service principals, and why a group's id is not refused before deploy", () => {
        // @pulumi/azuread application.d.ts and servicePrincipal.d.ts, owners: "Supported object types are users or service principals."
        // An object id does not say what it names: a group's passes here, as the docs say.
        expect(validateClientApplicationArgs("app", { owners: [INSTALLERS], clientSecrets: [{ name: "s" }] }, now)).toEqual([]);
        const source = readFileSync(join(__dirname, "../../components/client-application.ts"), "utf8");
        const ownersDoc = source.slice(source.indexOf("export interface ClientApplicationArgs"), source.indexOf("owners?: pulumi.Input<string>[];")).replace(/\s+\*?\s*/g, " ");
        expect(ownersDoc).toContain("users or service principals (Entra refuses a group as owner)");
        expect(ownersDoc).toContain("so a group's id is not refused here: `pulumi up` fails when the azuread provider adds it");
        const readme = readFileSync(join(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");
        const owners = readme.slice(readme.indexOf("- **Owners**"), readme.indexOf("- **Certificates**"));
        expect(owners).toContain("Owners are users or service principals, not groups");
        expect(owners).toContain("so a group's id is not refused before deploy: `pulumi up` fails when the provider adds it");
    });

    test("lists every problem at once", () => {
        expect(fieldsOf({ signInAudience: "AzureADMultipleOrgs", certificates: [{ name: "c", validityDays: 0 }, { name: "c", rsaBits: 2048 as never }] })).toEqual([
            "signInAudience",
            "certificates[0].validityDays",
            "certificates[1].name",
            "certificates[1].rsaBits",
        ]);
    });

    const expired = vendorCertificate(10, 2048, new Date(Date.now() - 30 * DAY));
    const tooLong = vendorCertificate(3 * 365);
    const weak = vendorCertificate(365, 1024);
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const cases: [string, () => ClientApplicationArgs, string, RegExp][] = [
        ["key access with no credential to use it", () => ({ grants: [{ key: backupKey, permissions: "applicationCrypto" }] }), "certificates", /^is empty and no client secret or federated credential is asked for, yet the application is granted key access it could never sign in to use; give at least one credential/],
        ["a multi-tenant audience without the opt-in", () => ({ signInAudience: "AzureADMultipleOrgs", clientSecrets: [{ name: "s" }] }), "signInAudience", /allowMultiTenant: true/],
        ["the multi-tenant opt-in without the audience, which would stay single-tenant", () => ({ allowMultiTenant: true, clientSecrets: [{ name: "s" }] }), "allowMultiTenant", /^is true but signInAudience is not given \(AzureADMyOrg, single tenant\); write signInAudience: "AzureADMultipleOrgs" beside it/],
        ["the multi-tenant opt-in beside a single-tenant audience", () => ({ allowMultiTenant: true, signInAudience: "AzureADMyOrg", clientSecrets: [{ name: "s" }] }), "allowMultiTenant", /^is true but signInAudience is "AzureADMyOrg"/],
        ["a personal-account audience", () => ({ signInAudience: "PersonalMicrosoftAccount" as never, clientSecrets: [{ name: "s" }] }), "signInAudience", /not offered/],
        ["an empty display name", () => ({ displayName: " ", clientSecrets: [{ name: "s" }] }), "displayName", /is empty/],
        ["a display name longer than Graph takes", () => ({ displayName: "\u2019".repeat(257), clientSecrets: [{ name: "s" }] }), "displayName", /^is 257 characters; Microsoft Graph takes an application's displayName of at most 256$/],
        ["an owner that is not an object id", () => ({ owners: ["me@contoso.com"], clientSecrets: [{ name: "s" }] }), "owners[0]", /not an object id/],
        ["an empty owner list", () => ({ owners: [], clientSecrets: [{ name: "s" }] }), "owners", /^is empty; the deployer is always an owner: leave owners out, or list the owners to add$/],
        ["an owner listed twice", () => ({ owners: [INSTALLERS, INSTALLERS.toUpperCase()], clientSecrets: [{ name: "s" }] }), "owners[1]", /^repeats owners\[0\]: list each owner once$/],
        ["a generated certificate valid more than two years", () => ({ certificates: [{ name: "c", validityDays: 731 }] }), "certificates[0].validityDays", /^731 is outside 1–730: this product takes a generated certificate valid at most 2 years, 730 days as a count of days \(Entra itself sets no limit; a tenant's app management policy, asymmetricKeyLifetime, may set a shorter one\)$/],
        ["a generated RSA key below 3072 bits", () => ({ certificates: [{ name: "c", rsaBits: 2048 as never }] }), "certificates[0].rsaBits", /RSA 3072 or 4096/],
        ["two certificates with one name", () => ({ certificates: [{ name: "c", certificatePem: vendorPem }, { name: "C", certificatePem: rotatedPem }] }), "certificates[1].name", /used twice/],
        ["a certificate name that is not one", () => ({ certificates: [{ name: "vendor cert" }] }), "certificates[0].name", /not a credential name/],
        ["an empty subject", () => ({ certificates: [{ name: "c", subject: {} }] }), "certificates[0].subject", /is empty/],
        ["a supplied PEM that is not a certificate", () => ({ certificates: [{ name: "c", certificatePem: "MIIB..." }] }), "certificates[0].certificatePem", /not PEM/],
        ["a supplied PEM holding a private key", () => ({ certificates: [{ name: "c", certificatePem: `${vendorPem}${privateKey}` }] }), "certificates[0].certificatePem", /holds a private key/],
        ["a supplied certificate with a 1024-bit RSA key", () => ({ certificates: [{ name: "c", certificatePem: weak }] }), "certificates[0].certificatePem", /RSA 1024-bit key, weaker than the 2048-bit minimum/],
        ["a supplied certificate with an EC key", () => ({ certificates: [{ name: "c", certificatePem: EC_CERTIFICATE }] }), "certificates[0].certificatePem", /ec key; Entra takes RSA certificates/],
        ["a supplied certificate already expired", () => ({ certificates: [{ name: "c", certificatePem: expired }] }), "certificates[0].certificatePem", /^expired on \S+Z, and Entra refuses a credential that has expired: give the vendor's renewed certificate here, or remove this entry$/],
        ["a supplied certificate valid three years", () => ({ certificates: [{ name: "c", certificatePem: tooLong }] }), "certificates[0].certificatePem", /\(1095 days\), past \S+Z, 2 years from its start: this product takes a client certificate valid at most 2 years/],
        ["a generated-only option on a supplied certificate", () => ({ certificates: [{ name: "c", certificatePem: vendorPem, validityDays: 90 }] }), "certificates[0].validityDays", /generated certificates only/],
        ["a secret end date beyond 180 days", () => ({ clientSecrets: [{ name: "s", endDate: new Date(Date.now() + 200 * DAY).toISOString() }] }), "clientSecrets[0].endDate", /more than 180 days away/],
        ["a secret end date already past", () => ({ clientSecrets: [{ name: "s", endDate: "2024-01-01T00:00:00Z" }] }), "clientSecrets[0].endDate", /^"2024-01-01T00:00:00Z" is already past, and Entra refuses a secret that has expired: remove this entry, or replace it with a new secret under a new name \(a deployed secret keeps its first end date, so a later one here changes nothing\)$/],
        ["a secret end date that is not a date", () => ({ clientSecrets: [{ name: "s", endDate: "in six months" }] }), "clientSecrets[0].endDate", /not an RFC3339 date-time/],
        ["two secrets with one name", () => ({ clientSecrets: [{ name: "s" }, { name: "s" }] }), "clientSecrets[1].name", /used twice/],
        ["a secret valid more than two years", () => ({ clientSecrets: [{ name: "s", validityDays: 731 }] }), "clientSecrets[0].validityDays", /outside 1–730/],
        ["a secret valid part of a day", () => ({ clientSecrets: [{ name: "s", validityDays: 10.5 }] }), "clientSecrets[0].validityDays", /10.5 is not a whole number of days in 1–730/],
        ["a key grant without its key", () => ({ clientSecrets: [{ name: "s" }], grants: [{ permissions: "applicationCrypto" }] }), "grants[0].key", /is granted on one key/],
        ["an appliance grant on a standard vault", () => ({ clientSecrets: [{ name: "s" }], grants: [{ keyVault: standardVault, permissions: "keyManagementAppliance" }] }), "grants[0].keyVault.sku", /needs a premium vault/],
        ["two grants in one access-policy vault", () => ({ clientSecrets: [{ name: "s" }], grants: [{ name: "crypto", key: policyKey, permissions: "applicationCrypto" }, { name: "appliance", keyVault: policyVault, permissions: "keyManagementAppliance" }] }), "grants[1].keyVault", /one per principal and vault, so the two would overwrite each other/],
        ["a federated credential whose issuer is plain http", () => ({ federatedCredentials: [{ name: "f", issuer: "http://idp.contoso.com", subject: "backup" }] }), "federatedCredentials[0].issuer", /the https URL of the vendor's identity provider/],
        ["a federated credential whose issuer has a trailing space", () => ({ federatedCredentials: [{ name: "f", issuer: `${GITHUB} `, subject: "backup" }] }), "federatedCredentials[0].issuer", /exactly as its tokens' iss claim has it/],
        ["a federated credential without a subject", () => ({ federatedCredentials: [{ name: "f", issuer: GITHUB, subject: "" }] }), "federatedCredentials[0].subject", /1–600 characters/],
        ["a federated credential name with a space", () => ({ federatedCredentials: [{ name: "release pipeline", issuer: GITHUB, subject: "repo:contoso/backup:environment:production" }] }), "federatedCredentials[0].name", /URL friendly/],
        ["two federated credentials trusting one issuer and subject", () => ({ federatedCredentials: [{ name: "a", issuer: GITHUB, subject: "repo:contoso/backup:environment:production" }, { name: "b", issuer: GITHUB, subject: "repo:contoso/backup:environment:production" }] }), "federatedCredentials[1].subject", /one credential per issuer and subject/],
        ["two federated credentials with one name", () => ({ federatedCredentials: [{ name: "a", issuer: GITHUB, subject: "x" }, { name: "A", issuer: GITHUB, subject: "y" }] }), "federatedCredentials[1].name", /used twice/],
        ["an empty audience", () => ({ federatedCredentials: [{ name: "f", issuer: GITHUB, subject: "x", audience: "" }] }), "federatedCredentials[0].audience", /is empty/],
        ["21 federated credentials", () => ({ federatedCredentials: Array.from({ length: 21 }, (_, i) => ({ name: `f${i}`, issuer: GITHUB, subject: `repo:contoso/r${i}:ref:refs/heads/main` })) }), "federatedCredentials", /at most 20 on one application/],
        ["readers of a handover in an access-policy vault", () => ({ clientSecrets: [{ name: "s" }], secretsExportConfiguration: { keyVault: policyVault, readers: [{ principalId: INSTALLERS, principalType: "Group" }] } }), "secretsExportConfiguration.readers", /need an RBAC vault: an access policy grants get on every secret in the vault/],
        ["a handover reader named twice", () => ({ clientSecrets: [{ name: "s" }], secretsExportConfiguration: { keyVault: applianceVault, readers: [{ principalId: INSTALLERS, principalType: "Group" }, { principalId: INSTALLERS.toUpperCase(), principalType: "Group" }] } }), "secretsExportConfiguration.readers[1].principalId", /repeats readers\[0\]: each reader is granted once/],
        ["a handover reader that is not an object id", () => ({ clientSecrets: [{ name: "s" }], secretsExportConfiguration: { keyVault: applianceVault, readers: [{ principalId: "ops@contoso.com", principalType: "Group" }] } }), "secretsExportConfiguration.readers[0].principalId", /"ops@contoso.com" is not an object id/],
        ["a handover with nothing to hand over", () => ({ certificates: [{ name: "vendor", certificatePem: vendorPem }], secretsExportConfiguration: { keyVault: applianceVault } }), "secretsExportConfiguration", /nothing to export: the application has no client secret and no generated certificate/],
        ["a wait after its grants longer than Azure's worst case", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: backupKey, permissions: "applicationCrypto" }], rbacPropagationWait: "11m" }), "rbacPropagationWait", /"11m" is longer than 10m/],
        ["two grants with one name", () => ({ clientSecrets: [{ name: "s" }], grants: [{ key: backupKey, permissions: "applicationCrypto" }, { key: policyKey, permissions: "applicationCrypto" }] }), "grants[1].name", /names two grants/],
    ];
    test.each(cases)("rejects %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("badapp", args()), field, rule);
    });
});

describe("ClientApplication arguments from an untyped caller (JavaScript, a cast, a spread)", () => {
    const OUTPUT_RULE = /^is an Output; this argument takes a plain value \(it decides what is created before deploy\)/;
    const secret = [{ name: "s" }];
    const cases: [string, () => object, string, RegExp][] = [
        ["a misspelt argument, with the name it means", () => ({ clientSecrets: secret, allowMultitenant: true }), "allowMultitenant", /^is not an argument here; did you mean "allowMultiTenant"\?$/],
        ["the display name under another tool's name", () => ({ clientSecrets: secret, name: "Backup vendor" }), "name", /^is not an argument here; did you mean "displayName"\?$/],
        ["the sign-in audience as an Output, which decides who may sign in", () => ({ clientSecrets: secret, signInAudience: pulumi.output("AzureADMultipleOrgs") }), "signInAudience", OUTPUT_RULE],
        ["the multi-tenant opt-in as a string", () => ({ clientSecrets: secret, allowMultiTenant: "true" }), "allowMultiTenant", /^is a string \("true"\), not true or false$/],
        ["client secrets as one object", () => ({ clientSecrets: { name: "s" } }), "clientSecrets", /^is an object, not a list/],
        ["a certificate's misspelt validity", () => ({ certificates: [{ name: "c", validityDay: 90 }] }), "certificates[0].validityDay", /did you mean "validityDays"\?$/],
        // A credential entry's strings are not quoted (one may hold a key); the message still says what was given.
        ["a certificate's validity as a string", () => ({ certificates: [{ name: "c", validityDays: "90" }] }), "certificates[0].validityDays", /^is a string, not a number$/],
        ["a certificate's key size as an Output", () => ({ certificates: [{ name: "c", rsaBits: pulumi.output(4096) }] }), "certificates[0].rsaBits", OUTPUT_RULE],
        ["a subject field in another case", () => ({ certificates: [{ name: "c", subject: { commonname: "vendor" } }] }), "certificates[0].subject.commonname", /did you mean "commonName"\?$/],
        ["a certificate without its name", () => ({ certificates: [{ validityDays: 90 }] }), "certificates[0].name", /^is required: the credential's name/],
        ["a secret's misspelt end date", () => ({ clientSecrets: [{ name: "s", enddate: "2027-06-30T00:00:00Z" }] }), "clientSecrets[0].enddate", /did you mean "endDate"\?$/],
        ["a federated credential's audiences under Entra's name", () => ({ federatedCredentials: [{ name: "f", issuer: GITHUB, subject: "x", audiences: ["api://AzureADTokenExchange"] }] }), "federatedCredentials[0].audiences", /^is not an argument here; did you mean "audience"\?$/],
        ["a federated credential without its subject", () => ({ federatedCredentials: [{ name: "f", issuer: GITHUB }] }), "federatedCredentials[0].subject", /^is required: the vendor workload's identity/],
        ["a grant's misspelt permission set", () => ({ clientSecrets: secret, grants: [{ key: backupKey, permission: "applicationCrypto" }] }), "grants[0].permission", /did you mean "permissions"\?$/],
        ["a grant's permission set as an Output", () => ({ clientSecrets: secret, grants: [{ key: backupKey, permissions: pulumi.output("applicationCrypto") }] }), "grants[0].permissions", OUTPUT_RULE],
        ["a grant's vaultRead as a string", () => ({ clientSecrets: secret, grants: [{ key: backupKey, permissions: "applicationCrypto", vaultRead: "true" }] }), "grants[0].vaultRead", /^is a string \("true"\), not true or false$/],
        ["a grant's listKeys as a string", () => ({ clientSecrets: secret, grants: [{ key: policyKey, permissions: "applicationCrypto", listKeys: "yes" }] }), "grants[0].listKeys", /^is a string \("yes"\), not true or false$/],
        ["a grant's key described without its operations", () => ({ clientSecrets: secret, grants: [{ key: { ...backupKey, keyOps: undefined }, permissions: "applicationCrypto" }] }), "grants[0].key.keyOps", /^is required: the list of operations the key allows/],
        ["a handover without its vault", () => ({ clientSecrets: secret, secretsExportConfiguration: { readers: [] } }), "secretsExportConfiguration.keyVault", /^is required: the vault the credentials are written to$/],
        ["a handover reader's misspelt type", () => ({ clientSecrets: secret, secretsExportConfiguration: { keyVault: applianceVault, readers: [{ principalId: INSTALLERS, principaltype: "Group" }] } }), "secretsExportConfiguration.readers[0].principaltype", /did you mean "principalType"\?$/],
        ["the wait after grants as a number", () => ({ clientSecrets: secret, rbacPropagationWait: 30 }), "rbacPropagationWait", /^is a number \(30\), not a string$/],
    ];
    test.each(cases)("refuses %s before registering anything", async (_title, args, field, rule) => {
        await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("appshape", untyped<ClientApplicationArgs>(args())), field, rule);
    });

    test("never quotes a credential entry given as a string: it may be the secret itself", async () => {
        const pasted = "Zq8~Q.vendor-secret-value-do-not-echo";
        const error = await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("appshape", untyped<ClientApplicationArgs>({ clientSecrets: [pasted] })), "clientSecrets[0]", /^is a string, not an object \(\{…\}\)$/);
        expect(error.message).not.toContain("vendor-secret");
        // Nor one pasted for the whole list, where an Entra secret (40 characters) would be quoted whole.
        for (const field of ["clientSecrets", "certificates", "federatedCredentials", "secretsExportConfiguration"]) {
            const whole = await expectRefusedBeforeRegistration(recorder, () => new ClientApplication("appshape", untyped<ClientApplicationArgs>({ [field]: pasted })), field, /^is a string, not (a list|an object)/);
            expect(whole.message).not.toContain("vendor-secret");
        }
    });

    test("reports the shape alone, before the rules that read the values", () => {
        const issues = validateClientApplicationArgs("app", untyped<ClientApplicationArgs>({ signInAudience: pulumi.output("AzureADMyOrg"), owners: [] }));
        expect(issues.map((i) => i.field)).toEqual(["signInAudience"]);
    });
});
