import { generateKeyPairSync } from "node:crypto";
import * as forge from "node-forge";

export const DAY = 86400 * 1000;

/**
 * A certificate as a vendor hands it over: self-signed with the vendor's own fresh RSA key,
 * valid from `from` for `days` days.
 */
export function vendorCertificate(days: number, bits = 2048, from = new Date(Date.now() - DAY)): string {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
    const key = forge.pki.privateKeyFromPem(privateKey.export({ format: "pem", type: "pkcs1" }).toString()) as forge.pki.rsa.PrivateKey;
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    cert.serialNumber = "0a";
    cert.validity.notBefore = from;
    cert.validity.notAfter = new Date(from.getTime() + days * DAY);
    cert.setSubject([{ shortName: "CN", value: "backup vendor" }]);
    cert.setIssuer([{ shortName: "CN", value: "backup vendor" }]);
    cert.sign(key, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
}
