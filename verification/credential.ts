import * as crypto from "node:crypto";
import * as fs from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import { ClientCertificateCredential, DefaultAzureCredential } from "@azure/identity";
import forge from "node-forge";
import { identityEnvironmentProblems } from "./command-environment";

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A bad command line: exit code 2. */
export class UsageError extends Error {
    readonly code = "Usage";
    readonly suggestion = "Run with --help for the options.";
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** How verify and import-key sign in: the application's client certificate, else DefaultAzureCredential. */
export interface CredentialOptions {
    tenantId?: string;
    clientId?: string;
    /** A PEM (certificate and private key) or a PKCS#12 (.pfx) file. */
    certificate?: string;
    certificatePassword?: string;
}

/**
 * The tenant a credential is made for, as a vault's 401 challenge will name it. Key Vault names its
 * tenant by its lower-case id, the SDK asks the credential for that tenant, and @azure/identity
 * refuses any other spelling as another tenant. An id is lower-cased; a domain
 * (contoso.onmicrosoft.com) has an id only Entra knows until sign-in, so the credential may take
 * tokens for the tenant a challenge names (the SDK checks the challenge's resource against the
 * vault's host, and each client sends its token to its own vault only). A vault in another tenant
 * than a given id is refused by name (classify's tenantNotAllowed) rather than signed in to.
 */
function tenantFor(tenant: string | undefined): { tenantId?: string; additionallyAllowedTenants?: string[] } {
    if (tenant === undefined || tenant === "") return {};
    if (GUID.test(tenant)) return { tenantId: tenant.toLowerCase() };
    // A fresh list per credential: the SDK writes into options it is given.
    return { tenantId: tenant, additionallyAllowedTenants: ["*"] };
}

/** DefaultAzureCredential, or the application's client certificate (PEM, or PFX converted to PEM); a usage error for sign-in variables identity would drop it for. */
export function credentialFor(options: CredentialOptions): TokenCredential {
    const problems = identityEnvironmentProblems(process.env, { defaultCredential: !options.tenantId || !options.clientId || !options.certificate });
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    if (!options.tenantId || !options.clientId || !options.certificate) {
        // Its credentials read AZURE_TENANT_ID themselves: the challenge's spelling of that tenant is
        // allowed beside it, and beside the tenants AZURE_ADDITIONALLY_ALLOWED_TENANTS names, which an
        // explicit list would otherwise replace.
        const { tenantId, additionallyAllowedTenants } = tenantFor(process.env.AZURE_TENANT_ID);
        checkEnvironmentCertificate(process.env);
        const fromEnvironment = (process.env.AZURE_ADDITIONALLY_ALLOWED_TENANTS ?? "").split(";").map((t) => t.trim()).filter((t) => t !== "");
        return new DefaultAzureCredential({ additionallyAllowedTenants: [...(additionallyAllowedTenants ?? (tenantId !== undefined ? [tenantId] : [])), ...fromEnvironment] });
    }
    const { tenantId = options.tenantId, additionallyAllowedTenants } = tenantFor(options.tenantId);
    const bytes = readCertificateFile(options.certificate, `--certificate ${options.certificate}`);
    const text = bytes.toString("utf8");
    if (text.includes("-----BEGIN CERTIFICATE-----")) {
        openPemKey(text, options.certificatePassword, { file: `--certificate ${options.certificate}`, password: "--certificate-password" });
        return new ClientCertificateCredential(tenantId, options.clientId, { certificate: text, certificatePassword: options.certificatePassword }, { additionallyAllowedTenants });
    }
    return new ClientCertificateCredential(tenantId, options.clientId, { certificate: pfxToPem(bytes, options.certificatePassword ?? "", options.certificate) }, { additionallyAllowedTenants });
}

/**
 * The certificate EnvironmentCredential (first in DefaultAzureCredential) will sign in with, held to
 * the rules --certificate's is. It reads a PEM file only (@azure/identity environmentCredential.js:
 * "The path to a PEM certificate") and, given AZURE_TENANT_ID and AZURE_CLIENT_ID, takes it unless
 * AZURE_CLIENT_SECRET is set (or AZURE_TOKEN_CREDENTIALS leaves it out); a file it cannot use fails every key as the identity provider's
 * refusal although no request left the machine, so it is a usage error naming the variable now.
 */
function checkEnvironmentCertificate(env: NodeJS.ProcessEnv): void {
    const file = env.AZURE_CLIENT_CERTIFICATE_PATH;
    if (!env.AZURE_TENANT_ID || !env.AZURE_CLIENT_ID || env.AZURE_CLIENT_SECRET || !file) return;
    // AZURE_TOKEN_CREDENTIALS may leave EnvironmentCredential out of the chain (defaultAzureCredential.js).
    const chosen = env.AZURE_TOKEN_CREDENTIALS?.trim().toLowerCase();
    if (chosen && chosen !== "prod" && chosen !== "environmentcredential") return;
    const label = `AZURE_CLIENT_CERTIFICATE_PATH ${file}`;
    const text = readCertificateFile(file, label).toString("utf8");
    if (!text.includes("-----BEGIN CERTIFICATE-----")) {
        throw new UsageError(`${label}: not a PEM file (a certificate and its private key); @azure/identity reads no other from the environment, so give a PKCS#12 (.pfx) file with --certificate, --tenant-id and --client-id instead`);
    }
    openPemKey(text, env.AZURE_CLIENT_CERTIFICATE_PASSWORD, { file: label, password: "AZURE_CLIENT_CERTIFICATE_PASSWORD" });
}

/** A certificate file's bytes; one that cannot be read is a usage error naming it as `label` does. */
function readCertificateFile(file: string, label: string): Buffer {
    try {
        return fs.readFileSync(file);
    } catch (error) {
        throw new UsageError(`${label}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
}

/**
 * Opens the PEM's private key as @azure/identity will (createPrivateKey with the password), so that
 * a key it cannot open is a usage error now rather than a sign-in failure on every key: identity
 * hands an encrypted key given no password to MSAL, which asks for no token, and throws the
 * wrong password's "bad decrypt" at the first request; a PEM with no key at all is refused too.
 * `named`: how the message names the file and the password's option.
 */
function openPemKey(pem: string, password: string | undefined, named: { file: string; password: string }): void {
    if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
        throw new UsageError(`${named.file}: the PEM holds no private key (it needs the certificate and its key)`);
    }
    // PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY) or traditional OpenSSL (BEGIN RSA PRIVATE KEY with Proc-Type: 4,ENCRYPTED).
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: *4, *ENCRYPTED/m.test(pem);
    if (encrypted && password === undefined) {
        throw new UsageError(`${named.file}: its private key is encrypted; give its password with ${named.password}`);
    }
    try {
        crypto.createPrivateKey({ key: pem, format: "pem", passphrase: password });
    } catch {
        throw new UsageError(encrypted ? `${named.file}: its encrypted private key is not one this ${named.password} opens` : `${named.file}: its private key cannot be read as PEM`);
    }
}

function pfxToPem(der: Buffer, password: string, file: string): string {
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
        p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString("binary")), password);
    } catch {
        throw new UsageError(`--certificate ${file}: not a PEM file or a PKCS#12 (.pfx) this password opens`);
    }
    const certs = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    const keys = [
        ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
        ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
    ];
    const cert = certs.find((b) => b.cert)?.cert;
    const key = keys.find((b) => b.key)?.key;
    if (!cert || !key) {
        throw new UsageError(`--certificate ${file}: the PKCS#12 file needs a certificate and its private key`);
    }
    return forge.pki.certificateToPem(cert) + forge.pki.privateKeyToPem(key);
}
