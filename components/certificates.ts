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
 * `maxValidityYears` calendar years from its notBefore (two years from 2027-06-01 is 2029-06-01,
 * 731 days across 29 February 2028). The bound is this product's: Entra sets no lifetime on a
 * certificate credential; only a tenant's app management policy (`asymmetricKeyLifetime`) does.
 */
export function certificateProblems(pem: string, now: Date, rules: { minRsaBits: number; maxValidityYears: number }): string[] {
    const facts = readCertificatePem(pem);
    if (typeof facts === "string") {
        return [facts];
    }
    const problems: string[] = [];
    if (facts.keyType !== "rsa") {
        problems.push(`has ${withArticle(facts.keyType)} key; Entra takes RSA certificates for client assertions (RS256/PS256)`);
    } else if ((facts.rsaBits ?? 0) < rules.minRsaBits) {
        problems.push(`has an RSA ${facts.rsaBits}-bit key, weaker than the ${rules.minRsaBits}-bit minimum; ask the vendor for RSA 3072 or larger`);
    }
    if (facts.notAfter.getTime() <= now.getTime()) {
        problems.push(`expired on ${rfc3339(facts.notAfter)}, and Entra refuses a credential that has expired: give the vendor's renewed certificate here, or remove this entry`);
    }
    const limit = addUtcYears(facts.notBefore, rules.maxValidityYears);
    if (facts.notAfter.getTime() > limit.getTime()) {
        const days = Math.round((facts.notAfter.getTime() - facts.notBefore.getTime()) / 86400000);
        problems.push(`is valid from ${rfc3339(facts.notBefore)} to ${rfc3339(facts.notAfter)} (${days} days), past ${rfc3339(limit)}, ${rules.maxValidityYears} years from its start: this product takes a client certificate valid at most ${rules.maxValidityYears} years (Entra itself sets no limit; a tenant's app management policy may set a shorter one); ask the vendor for a certificate valid at most ${rules.maxValidityYears} years`);
    }
    return problems;
}

/**
 * `date` plus whole calendar years, in UTC, as .NET's AddYears and Java's plusYears count them:
 * 29 February goes to 28 February of a common year, and the time of day stays.
 */
export function addUtcYears(date: Date, years: number): Date {
    const result = new Date(date.getTime());
    result.setUTCFullYear(date.getUTCFullYear() + years);
    // setUTCFullYear rolls 29 February of a common year over to 1 March: step back to the month's last day.
    if (result.getUTCMonth() !== date.getUTCMonth()) result.setUTCDate(0);
    return result;
}

/** The facts of a certificate known to be valid PEM (a generated one); throws otherwise. */
export function certificateFacts(pem: string): CertificateFacts {
    return factsOf(new X509Certificate(pem));
}

/** RFC3339 in UTC with whole seconds, as Entra and the Go providers write dates. */
export function rfc3339(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** OpenSSL 3's defaults for `openssl pkcs12 -export` (PKCS12_DEFAULT_ITER, PKCS12_SALT_LEN). */
const PFX_ITERATIONS = 2048;
const PFX_SALT_BYTES = 8;

/**
 * A PKCS#12 (PFX) bundle of a private key and its certificate, base64, as OpenSSL 3 writes one: both
 * bags AES-256-CBC under PBES2 with PBKDF2-HMAC-SHA256, and an HMAC-SHA256 MAC, 2048 iterations each
 * (what Windows 10 1709 / Server 2019, Java 8u301 and OpenSSL 1.1.1 and later open). node-forge's
 * pkcs12.toPkcs12Asn1 fixes a SHA-1 MAC and leaves the certificate bag in the clear, so the bundle is
 * put together here from forge's parts. `password` may be empty. The salts are fresh on each call, so
 * the bytes differ between runs while the content does not.
 */
export function buildPfx(privateKeyPem: string, certificatePem: string, password: string, friendlyName: string): string {
    const { asn1, pki } = forge;
    const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
    const seq = (...items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, asn1.Type.SEQUENCE, true, items);
    const set = (...items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, asn1.Type.SET, true, items);
    const oid = (id: string) => asn1.create(UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
    const octets = (bytes: string) => asn1.create(UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
    const integer = (n: number) => asn1.create(UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
    const explicit = (item: forge.asn1.Asn1) => asn1.create(CONTEXT_SPECIFIC, 0, true, [item]);
    const der = (item: forge.asn1.Asn1) => asn1.toDer(item).getBytes();
    // PBKDF2 takes the password as UTF-8, as OpenSSL does; the PKCS#12 MAC key takes it as the BMPString forge makes.
    const pbe: forge.pki.EncryptionOptions = { algorithm: "aes256", prfAlgorithm: "sha256", count: PFX_ITERATIONS, saltSize: PFX_SALT_BYTES };
    const encrypt = (item: forge.asn1.Asn1) => pki.encryptPrivateKeyInfo(item, forge.util.encodeUtf8(password), pbe);

    const certificateDer = der(pki.certificateToAsn1(pki.certificateFromPem(certificatePem)));
    const attributes = set(
        // The certificate's SHA-1, as Windows and OpenSSL pair a key with its certificate.
        seq(oid(pki.oids.localKeyId), set(octets(forge.md.sha1.create().update(certificateDer).digest().getBytes()))),
        seq(oid(pki.oids.friendlyName), set(asn1.create(UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName))),
    );
    const certificateBag = seq(oid(pki.oids.certBag), explicit(seq(oid(pki.oids.x509Certificate), explicit(octets(certificateDer)))), attributes);
    const keyBag = seq(oid(pki.oids.pkcs8ShroudedKeyBag), explicit(encrypt(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(pki.privateKeyFromPem(privateKeyPem))))), attributes);

    // EncryptedPrivateKeyInfo is (algorithm, ciphertext): the same two parts an EncryptedData's content takes.
    const [algorithm, ciphertext] = parts(encrypt(seq(certificateBag)));
    const certificates = seq(oid(pki.oids.encryptedData), explicit(seq(
        integer(0),
        seq(oid(pki.oids.data), algorithm, asn1.create(CONTEXT_SPECIFIC, 0, false, bytesOf(ciphertext))),
    )));
    const keys = seq(oid(pki.oids.data), explicit(octets(der(seq(keyBag)))));
    const authenticatedSafe = der(seq(certificates, keys));

    const salt = forge.random.getBytesSync(PFX_SALT_BYTES);
    const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, PFX_ITERATIONS, 32, forge.md.sha256.create());
    const mac = forge.hmac.create();
    mac.start("sha256", macKey);
    mac.update(authenticatedSafe);
    const macData = seq(
        seq(seq(oid(pki.oids.sha256), asn1.create(UNIVERSAL, asn1.Type.NULL, false, "")), octets(mac.digest().getBytes())),
        octets(salt),
        integer(PFX_ITERATIONS),
    );
    return forge.util.encode64(der(seq(integer(3), seq(oid(pki.oids.data), explicit(octets(authenticatedSafe))), macData)));
}

/** The two children of a constructed ASN.1 node; throws on anything else. */
function parts(node: forge.asn1.Asn1): [forge.asn1.Asn1, forge.asn1.Asn1] {
    if (!Array.isArray(node.value) || node.value.length !== 2) throw new Error("expected a SEQUENCE of two");
    return [node.value[0], node.value[1]];
}

/** The bytes of a primitive ASN.1 node; throws on a constructed one. */
function bytesOf(node: forge.asn1.Asn1): string {
    if (typeof node.value !== "string") throw new Error("expected a primitive ASN.1 value");
    return node.value;
}

/** `an ec`, `a dsa`: Node's key type names are read letter by letter (`unknown` as the word), and a, e, f, h, i, l, m, n, o, r, s, x, u begin with a vowel sound. */
function withArticle(keyType: string): string {
    return `${/^[aefhilmnorsxu]/.test(keyType) ? "an" : "a"} ${keyType}`;
}
