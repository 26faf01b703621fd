import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as forge from "node-forge";

/**
 * Writes the test CA, the Key Vault stand-in's certificate and the vendor application's
 * certificate (see README.md). Run from the repository root: `npx tsx test/support/certs/generate.ts`.
 *
 * NODE_EXTRA_CA_CERTS is read once when node starts, so the CA cannot be made during a test run:
 * these files are committed instead, and valid on any day a test may run. They start long before
 * today (a clock behind the machine that made them would otherwise see them as not yet valid)
 * and carry RFC 5280's "no well-defined expiration date", 9999-12-31T23:59:59Z (section 4.1.2.5).
 */
export const VALID_FROM = new Date("2000-01-01T00:00:00Z");
export const VALID_TO = new Date("9999-12-31T23:59:59Z");
export const CA_NAME = "azure-byok test CA (test only, never trust outside tests)";
export const SERVER_NAME = "Key Vault stand-in (test only)";
export const APP_NAME = "backup-vendor-app (test only)";
/** The names the stand-in answers as (test/support/keyvault): Key Vault, Managed HSM, Entra's token endpoint, and itself. */
export const SERVER_DNS_NAMES = ["*.vault.azure.net", "*.managedhsm.azure.net", "login.microsoftonline.com", "localhost"];
export const SERVER_IPS = ["127.0.0.1"];

const DIR = __dirname;

function rsaKey(): { node: KeyObject; forge: forge.pki.rsa.PrivateKey } {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ format: "pem", type: "pkcs1" }).toString();
    return { node: privateKey, forge: forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey };
}

function certificate(subject: string, key: forge.pki.rsa.PrivateKey, extensions: object[]): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    // A positive serial (high bit clear), unique per certificate as RFC 5280 asks.
    const serial = randomBytes(16);
    serial[0] &= 0x7f;
    cert.serialNumber = serial.toString("hex");
    cert.validity.notBefore = VALID_FROM;
    cert.validity.notAfter = VALID_TO;
    cert.setSubject([{ shortName: "CN", value: subject }]);
    cert.setExtensions([...extensions, { name: "subjectKeyIdentifier" }]);
    return cert;
}

function main(): void {
    const caKey = rsaKey();
    const ca = certificate(CA_NAME, caKey.forge, [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ]);
    ca.setIssuer(ca.subject.attributes);
    ca.sign(caKey.forge, forge.md.sha256.create());

    const serverKey = rsaKey();
    const server = certificate(SERVER_NAME, serverKey.forge, [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [...SERVER_DNS_NAMES.map((value) => ({ type: 2, value })), ...SERVER_IPS.map((ip) => ({ type: 7, ip }))] },
        { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ]);
    server.setIssuer(ca.subject.attributes);
    // Signed here and the CA's key never written: nothing else can be issued under it.
    server.sign(caKey.forge, forge.md.sha256.create());

    const appKey = rsaKey();
    const app = certificate(APP_NAME, appKey.forge, [{ name: "basicConstraints", cA: false }]);
    app.setIssuer(app.subject.attributes);
    app.sign(appKey.forge, forge.md.sha256.create());
    const appKeyPem = appKey.node.export({ format: "pem", type: "pkcs8" }).toString();

    const pfx = forge.pkcs12.toPkcs12Asn1(appKey.forge, [app], "", { algorithm: "aes256" });
    writeFileSync(path.join(DIR, "ca.pem"), forge.pki.certificateToPem(ca));
    writeFileSync(path.join(DIR, "server.pem"), forge.pki.certificateToPem(server));
    writeFileSync(path.join(DIR, "server.key"), serverKey.node.export({ format: "pem", type: "pkcs8" }).toString());
    writeFileSync(path.join(DIR, "app.pem"), forge.pki.certificateToPem(app) + appKeyPem);
    writeFileSync(path.join(DIR, "app.pfx"), Buffer.from(forge.asn1.toDer(pfx).getBytes(), "binary"));
}

if (require.main === module) main();
