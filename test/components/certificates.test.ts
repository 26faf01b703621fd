import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import * as forge from "node-forge";
import { addUtcYears, buildPfx, certificateProblems } from "../../components/certificates";
import { DAY, vendorCertificate } from "../support/vendor-certificate";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keyPem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const certificatePem = (() => {
    const key = forge.pki.privateKeyFromPem(keyPem);
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    cert.serialNumber = "01";
    cert.validity.notBefore = new Date();
    cert.validity.notAfter = new Date(Date.now() + 30 * DAY);
    cert.setSubject([{ shortName: "CN", value: "vendor" }]);
    cert.setIssuer([{ shortName: "CN", value: "vendor" }]);
    cert.sign(key, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
})();

/** Every object identifier in a DER structure, by name where forge knows one. */
function oidsIn(node: forge.asn1.Asn1, found: string[] = []): string[] {
    if (node.type === forge.asn1.Type.OID && node.tagClass === forge.asn1.Class.UNIVERSAL && typeof node.value === "string") {
        const id = forge.asn1.derToOid(node.value);
        found.push(forge.pki.oids[id] ?? id);
    } else if (Array.isArray(node.value)) {
        node.value.forEach((child) => oidsIn(child, found));
    } else if (node.type === forge.asn1.Type.OCTETSTRING && node.value.length > 2) {
        // The authenticated safe and the key's safe contents are DER inside octet strings.
        try {
            oidsIn(forge.asn1.fromDer(node.value), found);
        } catch {
            // Ciphertext, a digest or a salt.
        }
    }
    return found;
}

describe("buildPfx", () => {
    test("writes what OpenSSL 3 writes: both bags AES-256-CBC under PBES2 with PBKDF2-HMAC-SHA256, and a SHA-256 MAC", () => {
        const der = forge.util.decode64(buildPfx(keyPem, certificatePem, "", "vendor primary"));
        const oids = oidsIn(forge.asn1.fromDer(der));
        expect(oids.filter((o) => o === "encryptedData" || o === "pkcs8ShroudedKeyBag")).toEqual(["encryptedData", "pkcs8ShroudedKeyBag"]);
        expect(oids.filter((o) => o === "pkcs5PBES2")).toHaveLength(2);
        expect(oids.filter((o) => o === "hmacWithSHA256")).toHaveLength(2);
        expect(oids.filter((o) => o === "aes256-CBC")).toHaveLength(2);
        expect(oids).toContain("sha256");
        expect(oids.filter((o) => o === "sha1" || o === "hmacWithSHA1")).toEqual([]);
        // The certificate bag is inside the encrypted data: nothing outside names it.
        expect(oids).not.toContain("certBag");
    });

    test.each(["", "correct horse", "pässwörd"])("opens in OpenSSL (Node's TLS) with the password %j and no other", (password) => {
        const pfx = Buffer.from(buildPfx(keyPem, certificatePem, password, "vendor primary"), "base64");
        expect(() => createSecureContext({ pfx, passphrase: password })).not.toThrow();
        expect(() => createSecureContext({ pfx, passphrase: `${password}x` })).toThrow();
    });

    test("holds the key and its certificate, paired and named, under a MAC that checks", () => {
        const der = forge.util.decode64(buildPfx(keyPem, certificatePem, "correct horse", "vendor primary"));
        const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), true, "correct horse");
        const [certificateBag] = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
        const [keyBag] = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
        expect(certificateBag.attributes.friendlyName).toEqual(["vendor primary"]);
        expect(keyBag.attributes.localKeyId).toEqual(certificateBag.attributes.localKeyId);
        if (certificateBag.cert === undefined || keyBag.key === undefined) throw new Error("the bundle lacks its certificate or key");
        const x509 = new X509Certificate(forge.pki.certificateToPem(certificateBag.cert));
        expect(x509.fingerprint256).toBe(new X509Certificate(certificatePem).fingerprint256);
        expect(x509.checkPrivateKey(createPrivateKey(forge.pki.privateKeyToPem(keyBag.key)))).toBe(true);
        // The MAC's last byte comes before the salt (04 08 + 8 bytes) and the iterations (02 02 08 00): flipped, the MAC fails.
        const at = der.length - 15;
        const tampered = der.slice(0, at) + String.fromCharCode(der.charCodeAt(at) ^ 1) + der.slice(at + 1);
        expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(tampered), true, "correct horse")).toThrow(/MAC could not be verified/);
    });
});

describe("certificateProblems", () => {
    // Self-signed by OpenSSL on 2026-11-27 for a year; the key is what is checked, not the dates.
    const EC = `-----BEGIN CERTIFICATE-----
MIIBfTCCASOgAwIBAgIUaUDYTyBhXwdEutobUArWGDzDgn0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJZWMtdmVuZG9yMB4XDTI2MTEyNzIzMzcyOVoXDTI3MTEyNzIz
MzcyOVowFDESMBAGA1UEAwwJZWMtdmVuZG9yMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEJu8kXBskDMrpsm/hl15nrLxvaS3Epia9niQRnL5GwFYScElco9S1APkQ
UgO06GMgjgGvFjk7uQFfkxRpG34E4qNTMFEwHQYDVR0OBBYEFH1g3+9SPxMRwFoJ
srEg5dMKK7AQMB8GA1UdIwQYMBaAFH1g3+9SPxMRwFoJsrEg5dMKK7AQMA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgUj7qFPAFhxwRInrBc3+Qb9Ry
9PYafjeGbjr1hId4LIcCIQCijoCfEPaERxH3IXzFHj7WXGfrxY9LYAIgc2jEhc9B
4Q==
-----END CERTIFICATE-----
`;
    const DSA = `-----BEGIN CERTIFICATE-----
MIIC3zCCAo2gAwIBAgIUBUQs+sMKZnhsmLROA8bouxk6TokwCwYJYIZIAWUDBAMC
MBUxEzARBgNVBAMMCmRzYS12ZW5kb3IwHhcNMjYxMTI3MjMzNzM0WhcNMjcxMTI3
MjMzNzM0WjAVMRMwEQYDVQQDDApkc2EtdmVuZG9yMIIBvjCCATMGByqGSM44BAEw
ggEmAoGBAJM2LtYGmY9H98bQthErPKviPYNi+WH/Yd5YvWxzkYEuAFuSFPZVLsps
ZxslctGLU9zrULHii6V6PSJo+vayr9v9Q/f+S8GfsPCN4qAQLi5NZA16VRv05TqD
jgRqjaCnI0MNY2HxPWZM+dthtHEcA13K13O52SckMxPTKG1ql/XFAh0ArbIJuCqf
L8vGzqzclfP+qrQYLCwJdw04y8Z1IQKBgDldl8zSQS3/jpUUp6cwcLa3msAmQXTn
66lv/Az66mMYvSzlDxwtXfLue5kWLJxfm4NzsCXgmbuaMkrtKGHlAkIMQtYFM5Py
Od/gL9hdDWp+T64Mw+uuyOxzZrd54KmbsCiWpNF1MEKDy5XWiwDlcBu7I2OARIir
hVLC/ZrjnTSNA4GEAAKBgAlYSJeXsZxLF0Uj3vF3BCcOVLriILU6r4WfqfsRszlx
zaa7Bksnci9Ogrim21BCXLvKTd+EjlgSlAB1kw+Wc58p6vX1cHDbz+GNt2KMtGsw
H/hqyS6woXN1exapPYpuz5WseHodznGVHIy7s/D/ITOcg1Z3TXGFnWKcCi5cnESF
o1MwUTAdBgNVHQ4EFgQUWQ+UXfKBIDOQjO5h9hU7nfgvOtYwHwYDVR0jBBgwFoAU
WQ+UXfKBIDOQjO5h9hU7nfgvOtYwDwYDVR0TAQH/BAUwAwEB/zALBglghkgBZQME
AwIDPwAwPAIcVfJqrzJaEOEbnJv8UFZZIVNBAslcFLtv+p6dugIcYuYKBTfYPmJd
Kv6G1ILSl22jtJVGSofmrDRt3g==
-----END CERTIFICATE-----
`;
    const rules = { minRsaBits: 2048, maxValidityYears: 2 };
    const at = new Date("2026-12-01T00:00:00Z");

    test("refuses a key that is not RSA, naming its type with the article it is read with", () => {
        expect(certificateProblems(EC, at, rules)).toEqual(["has an ec key; Entra takes RSA certificates for client assertions (RS256/PS256)"]);
        expect(certificateProblems(DSA, at, rules)).toEqual(["has a dsa key; Entra takes RSA certificates for client assertions (RS256/PS256)"]);
    });

    test("refuses a certificate whose notAfter is this very instant, as expired", () => {
        const from = new Date("2027-05-02T00:00:00Z");
        expect(certificateProblems(vendorCertificate(30, 2048, from), new Date(from.getTime() + 30 * DAY), rules).join("\n")).toMatch(/^expired on /);
    });

    describe("holds a certificate to two calendar years from its notBefore, as .NET's AddYears(2) makes one", () => {
        const from = (iso: string) => new Date(iso);
        const issued = (start: string, days: number) => vendorCertificate(days, 2048, from(start));
        const soon = (start: string) => new Date(from(start).getTime() + DAY);

        test("takes one valid 2027-06-01 to 2029-06-01: two years, 731 days across 29 February 2028", () => {
            expect(certificateProblems(issued("2027-06-01T00:00:00Z", 731), soon("2027-06-01T00:00:00Z"), rules)).toEqual([]);
        });

        test("refuses one valid two years and a day, naming the bound as this product's, not Entra's", () => {
            expect(certificateProblems(issued("2027-06-01T00:00:00Z", 732), soon("2027-06-01T00:00:00Z"), rules)).toEqual([
                "is valid from 2027-06-01T00:00:00Z to 2029-06-02T00:00:00Z (732 days), past 2029-06-01T00:00:00Z, 2 years from its start: this product takes a client certificate valid at most 2 years (Entra itself sets no limit; a tenant's app management policy may set a shorter one); ask the vendor for a certificate valid at most 2 years",
            ]);
        });

        test("refuses 731 days where two years hold no 29 February, and takes 730", () => {
            expect(certificateProblems(issued("2029-01-01T00:00:00Z", 731), soon("2029-01-01T00:00:00Z"), rules)).toHaveLength(1);
            expect(certificateProblems(issued("2029-01-01T00:00:00Z", 730), soon("2029-01-01T00:00:00Z"), rules)).toEqual([]);
        });
    });
});

describe("addUtcYears", () => {
    test("adds calendar years in UTC, keeping the time of day", () => {
        expect(addUtcYears(new Date("2027-06-01T12:34:56Z"), 2).toISOString()).toBe("2029-06-01T12:34:56.000Z");
        expect(addUtcYears(new Date("2027-12-31T23:59:59Z"), 2).toISOString()).toBe("2029-12-31T23:59:59.000Z");
    });

    test("takes 29 February to 28 February of a common year, as .NET's AddYears and Java's plusYears do", () => {
        expect(addUtcYears(new Date("2028-02-29T08:00:00Z"), 2).toISOString()).toBe("2030-02-28T08:00:00.000Z");
        expect(addUtcYears(new Date("2028-02-29T08:00:00Z"), 4).toISOString()).toBe("2032-02-29T08:00:00.000Z");
    });
});
