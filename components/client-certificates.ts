import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as tls from "@pulumi/tls";
import { buildPfx, certificateFacts, rfc3339 } from "./certificates";
import type { ClientApplicationDefaults } from "./client-application";
import { ClientCertificate } from "./client-credentials";
import type { BesideOptions } from "./key-vault-lock";

// A ClientApplication's certificate credentials: a vendor's certificate as given, or a key pair and self-signed certificate made here.
// The defaults come from ClientApplicationDefaults, passed in, so the component keeps its one Defaults object.

/** What one certificate credential gives the user to hand to the vendor. */
export interface ClientCertificateOutputs {
    readonly credential: azuread.ApplicationCertificate;
    readonly certificatePem: pulumi.Output<string>;
    /** SHA-1 thumbprint, uppercase hex, as the Entra portal shows it. */
    readonly thumbprint: pulumi.Output<string>;
    readonly thumbprintSha256: pulumi.Output<string>;
    readonly endDate: pulumi.Output<string>;
    /** Generated certificates only, secret: the PKCS#8 private key. */
    readonly privateKeyPem?: pulumi.Output<string>;
    /** Generated certificates only, secret: certificate then private key, one PEM (what `ClientCertificateCredential` reads). */
    readonly certificateWithKeyPem?: pulumi.Output<string>;
    /** Generated certificates only, secret: a PKCS#12 bundle, base64. */
    readonly pfxBase64?: pulumi.Output<string>;
}

/**
 * The certificate credential `prefix`-credential on the application, under `parent`: the vendor's
 * `certificatePem` as given (its private key stays with the vendor), or else an RSA key and a
 * self-signed certificate made here, whose private key, PEM bundle and PFX are Pulumi secrets.
 */
export function certificateCredential(
    parent: pulumi.ComponentResource,
    applicationId: pulumi.Input<string>,
    prefix: string,
    c: ClientCertificate,
    displayName: string,
    D: (typeof ClientApplicationDefaults)["certificate"],
    beside: BesideOptions,
): ClientCertificateOutputs {
    if (c.certificatePem !== undefined) {
        const facts = certificateFacts(c.certificatePem);
        const credential = new azuread.ApplicationCertificate(`${prefix}-credential`, {
            applicationId,
            type: "AsymmetricX509Cert",
            encoding: "pem",
            value: c.certificatePem,
            endDate: rfc3339(facts.notAfter),
        }, { parent, ...beside });
        return {
            credential,
            certificatePem: pulumi.output(c.certificatePem),
            thumbprint: pulumi.output(facts.thumbprint),
            thumbprintSha256: pulumi.output(facts.thumbprintSha256),
            endDate: credential.endDate,
        };
    }
    // The tls provider replaces a key or certificate when any of these inputs changes, and with it the credential
    // the vendor holds, at once: what made a credential stays with it; a new one comes under a new name.
    const key = new tls.PrivateKey(`${prefix}-key`, { algorithm: "RSA", rsaBits: c.rsaBits ?? D.rsaBits }, { parent, ignoreChanges: ["rsaBits"] });
    const privateKeyPem = pulumi.secret(key.privateKeyPemPkcs8);
    const cert = new tls.SelfSignedCert(`${prefix}-cert`, {
        privateKeyPem: pulumi.secret(key.privateKeyPem),
        validityPeriodHours: (c.validityDays ?? D.validityDays) * 24,
        // No early renewal: a silent re-issue would replace the credential the vendor holds. Rotate by adding a certificate.
        earlyRenewalHours: 0,
        allowedUses: [...D.allowedUses],
        // A subject given without a common name keeps the display name as its CN: a certificate without one is hard to tell apart.
        subject: { ...c.subject, commonName: c.subject?.commonName ?? displayName },
    }, { parent, ignoreChanges: ["subject", "validityPeriodHours", "allowedUses"] });
    const credential = new azuread.ApplicationCertificate(`${prefix}-credential`, {
        applicationId,
        type: "AsymmetricX509Cert",
        encoding: "pem",
        value: cert.certPem,
        endDate: cert.validityEndTime,
    }, { parent, ...beside });
    const password = c.pfxPassword ?? D.pfxPassword;
    return {
        credential,
        certificatePem: cert.certPem,
        thumbprint: cert.certPem.apply((pem) => certificateFacts(pem).thumbprint),
        thumbprintSha256: cert.certPem.apply((pem) => certificateFacts(pem).thumbprintSha256),
        endDate: credential.endDate,
        privateKeyPem,
        certificateWithKeyPem: pulumi.secret(pulumi.interpolate`${cert.certPem}${privateKeyPem}`),
        pfxBase64: pulumi.secret(pulumi.all([privateKeyPem, cert.certPem, password]).apply(([k, pem, pw]) => buildPfx(k, pem, pw, `${displayName} ${c.name}`))),
    };
}
