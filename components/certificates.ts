import { X509Certificate } from "node:crypto";
import * as forge from "node-forge";

/** What a client-credential certificate carries that the rules judge. */
export interface CertificateFacts {
    subject: string;
    notBefore: Date;
    notAfter: Date;
    keyType: string;
    /** RSA modulus length in bits; undefined for other key types. */
    rsaBits?: number;
    /** SHA-1 of the DER, uppercase hex: the "Thumbprint" Entra shows and `x5t` names. */
    thumbprint: string;
    /** SHA-256 of the DER, uppercase hex (`x5t#S256`). */
    thumbprintSha256: string;
}

/**
 * Reads a PEM that should hold exactly one X.509 certificate and nothing else; returns its
 * facts, or a sentence saying what it is instead.
 */
export function readCertificatePem(pem: string): CertificateFacts | string {
    const blocks = [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
    if (blocks.some((b) => b.includes("PRIVATE KEY"))) {
        return "holds a private key; upload only the certificate, the private key stays with the vendor";
    }
    if (blocks.length === 0) {
        return "is not PEM (no -----BEGIN CERTIFICATE----- block)";
    }
    if (blocks.length > 1 || blocks[0] !== "CERTIFICATE") {
        return `holds ${blocks.map((b) => `a ${b}`).join(" and ")} block; give exactly one CERTIFICATE`;
    }
    let cert: X509Certificate;
    try {
        cert = new X509Certificate(pem);
    } catch {
        return "is not a parsable X.509 certificate";
    }
    return factsOf(cert);
}

function factsOf(cert: X509Certificate): CertificateFacts {
    const key = cert.publicKey;
    return {
        subject: cert.subject,
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        keyType: key.asymmetricKeyType ?? "unknown",
        rsaBits: key.asymmetricKeyType === "rsa" ? key.asymmetricKeyDetails?.modulusLength : undefined,
        thumbprint: cert.fingerprint.replace(/:/g, ""),
        thumbprintSha256: cert.fingerprint256.replace(/:/g, ""),
    };
}

/**
 * Why a supplied client certificate is unfit, one sentence each (empty when it is fit): not a
 * lone certificate, not RSA, RSA below `minRsaBits`, expired at `now`, or valid longer than
 * `maxValidityDays` in total.
 */
export function certificateProblems(pem: string, now: Date, rules: { minRsaBits: number; maxValidityDays: number }): string[] {
    const facts = readCertificatePem(pem);
    if (typeof facts === "string") {
        return [facts];
    }
    const problems: string[] = [];
    if (facts.keyType !== "rsa") {
        problems.push(`has a ${facts.keyType} key; Entra takes RSA certificates for client assertions (RS256/PS256)`);
    } else if ((facts.rsaBits ?? 0) < rules.minRsaBits) {
        problems.push(`has an RSA ${facts.rsaBits}-bit key, weaker than the ${rules.minRsaBits}-bit minimum; ask the vendor for RSA 3072 or larger`);
    }
    if (facts.notAfter.getTime() <= now.getTime()) {
        problems.push(`expired on ${rfc3339(facts.notAfter)}, and Entra refuses a credential that has expired: give the vendor's renewed certificate here, or remove this entry`);
    }
    const days = (facts.notAfter.getTime() - facts.notBefore.getTime()) / 86400000;
    if (days > rules.maxValidityDays) {
        problems.push(`is valid for ${Math.round(days)} days (${rfc3339(facts.notBefore)} to ${rfc3339(facts.notAfter)}), more than ${rules.maxValidityDays}; ask the vendor for a certificate valid at most two years`);
    }
    return problems;
}

/** The facts of a certificate known to be valid PEM (a generated one); throws otherwise. */
export function certificateFacts(pem: string): CertificateFacts {
    return factsOf(new X509Certificate(pem));
}

/** RFC3339 in UTC with whole seconds, as Entra and the Go providers write dates. */
export function rfc3339(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A PKCS#12 (PFX) bundle of a private key and its certificate, base64: AES-256-CBC with
 * PBKDF2 (what OpenSSL 3 and Windows Server 2019+ write and read), `password` may be empty.
 * The salt is fresh on each call, so the bytes differ between runs while the content does not.
 */
export function buildPfx(privateKeyPem: string, certificatePem: string, password: string, friendlyName: string): string {
    const key = forge.pki.privateKeyFromPem(privateKeyPem);
    const cert = forge.pki.certificateFromPem(certificatePem);
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: "aes256", friendlyName, generateLocalKeyId: true });
    return forge.util.encode64(forge.asn1.toDer(asn1).getBytes());
}
