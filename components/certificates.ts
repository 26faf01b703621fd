import { createCipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, randomBytes, X509Certificate } from "node:crypto";
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
/** SHA-256's block size: the v of RFC 7292 B.2. */
const SHA256_BLOCK_BYTES = 64;

/**
 * A PKCS#12 (PFX) bundle of a private key and its certificate, base64, as OpenSSL 3 writes one: both
 * bags AES-256-CBC under PBES2 with PBKDF2-HMAC-SHA256, and an HMAC-SHA256 MAC, 2048 iterations each
 * (what Windows 10 1709 / Server 2019, Java 8u301 and OpenSSL 1.1.1 and later open). node-forge's
 * pkcs12.toPkcs12Asn1 fixes a SHA-1 MAC and leaves the certificate bag in the clear, so the bundle is
 * put together here from forge's ASN.1, with Node's crypto deriving, encrypting and MACing (forge's
 * pure-JavaScript PBKDF2 took a quarter of a second per bundle). `password` may be empty. The salts
 * are fresh on each call, so the bytes differ between runs while the content does not.
 */
export function buildPfx(privateKeyPem: string, certificatePem: string, password: string, friendlyName: string): string {
    const { asn1, pki } = forge;
    const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
    const seq = (...items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, asn1.Type.SEQUENCE, true, items);
    const set = (...items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, asn1.Type.SET, true, items);
    const oid = (id: string) => asn1.create(UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
    const octets = (bytes: Buffer) => asn1.create(UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString("binary"));
    const integer = (n: number) => asn1.create(UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
    const nothing = () => asn1.create(UNIVERSAL, asn1.Type.NULL, false, "");
    const explicit = (item: forge.asn1.Asn1) => asn1.create(CONTEXT_SPECIFIC, 0, true, [item]);
    const der = (item: forge.asn1.Asn1) => Buffer.from(asn1.toDer(item).getBytes(), "binary");
    /** PBES2 (RFC 8018) as OpenSSL 3 writes it: the password as UTF-8, PBKDF2-HMAC-SHA256, AES-256-CBC; the algorithm and the ciphertext. */
    const encrypt = (plain: Buffer): [forge.asn1.Asn1, Buffer] => {
        const [salt, iv] = [randomBytes(PFX_SALT_BYTES), randomBytes(16)];
        const cipher = createCipheriv("aes-256-cbc", pbkdf2Sync(Buffer.from(password, "utf8"), salt, PFX_ITERATIONS, 32, "sha256"), iv);
        const algorithm = seq(oid(pki.oids.pkcs5PBES2), seq(
            seq(oid(pki.oids.pkcs5PBKDF2), seq(octets(salt), integer(PFX_ITERATIONS), seq(oid(pki.oids.hmacWithSHA256), nothing()))),
            seq(oid(pki.oids["aes256-CBC"]), octets(iv)),
        ));
        return [algorithm, Buffer.concat([cipher.update(plain), cipher.final()])];
    };

    const certificateDer = new X509Certificate(certificatePem).raw;
    const attributes = set(
        // The certificate's SHA-1, as Windows and OpenSSL pair a key with its certificate.
        seq(oid(pki.oids.localKeyId), set(octets(createHash("sha1").update(certificateDer).digest()))),
        seq(oid(pki.oids.friendlyName), set(asn1.create(UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName))),
    );
    const certificateBag = seq(oid(pki.oids.certBag), explicit(seq(oid(pki.oids.x509Certificate), explicit(octets(certificateDer)))), attributes);
    const [keyAlgorithm, encryptedKey] = encrypt(createPrivateKey(privateKeyPem).export({ format: "der", type: "pkcs8" }));
    const keyBag = seq(oid(pki.oids.pkcs8ShroudedKeyBag), explicit(seq(keyAlgorithm, octets(encryptedKey))), attributes);

    const [algorithm, ciphertext] = encrypt(der(seq(certificateBag)));
    const certificates = seq(oid(pki.oids.encryptedData), explicit(seq(
        integer(0),
        seq(oid(pki.oids.data), algorithm, asn1.create(CONTEXT_SPECIFIC, 0, false, ciphertext.toString("binary"))),
    )));
    const keys = seq(oid(pki.oids.data), explicit(octets(der(seq(keyBag)))));
    const authenticatedSafe = der(seq(certificates, keys));

    const salt = randomBytes(PFX_SALT_BYTES);
    const mac = createHmac("sha256", pkcs12MacKey(password, salt)).update(authenticatedSafe).digest();
    const macData = seq(seq(seq(oid(pki.oids.sha256), nothing()), octets(mac)), octets(salt), integer(PFX_ITERATIONS));
    return der(seq(integer(3), seq(oid(pki.oids.data), explicit(octets(authenticatedSafe))), macData)).toString("base64");
}

/**
 * The PKCS#12 MAC key (RFC 7292 B.2, ID 3) for HMAC-SHA256: the password as a BMPString with its
 * two-byte terminator, as OpenSSL takes it. A 32-byte key is one SHA-256 output, so B.2's later
 * rounds, for longer keys, never run.
 */
function pkcs12MacKey(password: string, salt: Buffer): Buffer {
    const bmp = Buffer.alloc(2 * password.length + 2);
    for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), 2 * i);
    const block = (b: Buffer) => Buffer.alloc(SHA256_BLOCK_BYTES * Math.ceil(b.length / SHA256_BLOCK_BYTES), b);
    let key = createHash("sha256").update(Buffer.alloc(SHA256_BLOCK_BYTES, 3)).update(block(salt)).update(block(bmp)).digest();
    for (let i = 1; i < PFX_ITERATIONS; i++) key = createHash("sha256").update(key).digest();
    return key;
}

/** `an ec`, `a dsa`: Node's key type names are read letter by letter (`unknown` as the word), and a, e, f, h, i, l, m, n, o, r, s, x, u begin with a vowel sound. */
function withArticle(keyType: string): string {
    return `${/^[aefhilmnorsxu]/.test(keyType) ? "an" : "a"} ${keyType}`;
}
