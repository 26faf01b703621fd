import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as forge from "node-forge";
import { APP_CERT_PEM_PATH, APP_CERT_PFX_PATH, CA_PATH } from "../support/keyvault";
import { APP_NAME, CA_NAME, SERVER_DNS_NAMES, SERVER_IPS, SERVER_NAME, VALID_FROM, VALID_TO } from "../support/certs/generate";

const CERTS = path.dirname(CA_PATH);
const read = (file: string) => new X509Certificate(readFileSync(file));
const ca = read(CA_PATH);
const server = read(path.join(CERTS, "server.pem"));
const app = read(APP_CERT_PEM_PATH);

/** The certificate inside the PKCS#12 file, as the verifier's --certificate reads it (node-forge). */
function pfxCertificate(): X509Certificate {
    const der = readFileSync(APP_CERT_PFX_PATH).toString("binary");
    const bags = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), "").getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    const cert = bags[0]?.cert;
    if (bags.length !== 1 || cert === undefined) throw new Error(`${APP_CERT_PFX_PATH}: expected one certificate, found ${bags.length}`);
    return new X509Certificate(forge.pki.certificateToPem(cert));
}

// The stand-in's TLS and the vendor's client assertions stop working outside these windows, and
// every verification test with them: committed certificates must hold on whatever day CI runs.
test.each([
    ["the test CA", ca],
    ["the stand-in's server certificate", server],
    ["the vendor application's certificate", app],
    ["the vendor application's PKCS#12 certificate", pfxCertificate()],
])("%s is valid on any day a test runs: from 2000, with RFC 5280's no-expiry notAfter", (_title, cert) => {
    expect(Date.parse(cert.validFrom)).toBe(VALID_FROM.getTime());
    expect(Date.parse(cert.validTo)).toBe(VALID_TO.getTime());
});

test("the stand-in's certificate is issued by the test CA for every name the stand-in answers as", () => {
    expect(ca.ca).toBe(true);
    // Node escapes the comma in a distinguished name.
    expect(ca.subject).toBe(`CN=${CA_NAME.replace(",", "\\,")}`);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.subject).toBe(`CN=${SERVER_NAME}`);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    // checkHost answers with the name in the certificate that matched.
    const hosts = ["kv-main.vault.azure.net", "hsm-main.managedhsm.azure.net", "login.microsoftonline.com", "localhost"];
    expect(hosts.map((host) => server.checkHost(host))).toEqual(["*.vault.azure.net", "*.managedhsm.azure.net", "login.microsoftonline.com", "localhost"]);
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.subjectAltName).toBe([...SERVER_DNS_NAMES.map((n) => `DNS:${n}`), ...SERVER_IPS.map((ip) => `IP Address:${ip}`)].join(", "));
});

test("the vendor application's PEM and PKCS#12 files hold one self-signed certificate and its key", () => {
    expect(app.subject).toBe(`CN=${APP_NAME}`);
    expect(app.verify(app.publicKey)).toBe(true);
    expect(app.checkPrivateKey(createPrivateKey(readFileSync(APP_CERT_PEM_PATH)))).toBe(true);
    expect(pfxCertificate().fingerprint256).toBe(app.fingerprint256);
});
