import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientCertificateCredential, DefaultAzureCredential } from "@azure/identity";
import { credentialFor, parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { verifyKey, type KeyVerification } from "../../verification";
import { APP_CERT_PEM_PATH, APP_CERT_PFX_PATH, newTenantId, setEnv } from "../support/keyvault";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let tmp: string;
const DOMAIN = "contoso-byok.onmicrosoft.com";
const FAST = { maxRetries: 0 };

beforeAll(async () => {
    fx = await startFixture("kv-tenant");
    fx.standIn.addTenantDomain(fx.tenantId, DOMAIN);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "verify-credential-"));
});

afterAll(async () => {
    await stopFixture(fx);
    fs.rmSync(tmp, { recursive: true, force: true });
});

function summary(result: KeyVerification): string[] {
    return result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code}: ${s.error?.message}`}`);
}

const certificate = (tenantId: string) => credentialFor({ tenantId, clientId: fx.app.clientId, certificate: APP_CERT_PEM_PATH });

describe("credentialFor takes tokens for the tenant a vault's challenge names, its id in lower case", () => {
    test("with --tenant-id given as one of the tenant's domains", async () => {
        const from = fx.standIn.tokens.issued.length;
        expect(summary(await verifyKey(fx.keyId, { credential: certificate(DOMAIN), checks: ["read"], retryOptions: FAST }))).toEqual(["read: ok"]);
        // Asked of the tenant by the id the challenge named, not by the domain it was given.
        expect(fx.standIn.tokens.issued.slice(from)).toEqual([{ clientId: fx.app.clientId, tenantId: fx.tenantId, scope: "https://vault.azure.net/.default", method: "certificate" }]);
    });

    test("with --tenant-id given as the tenant's id in upper case", async () => {
        expect(summary(await verifyKey(fx.keyId, { credential: certificate(fx.tenantId.toUpperCase()), checks: ["read"], retryOptions: FAST }))).toEqual(["read: ok"]);
    });

    test("with DefaultAzureCredential and AZURE_TENANT_ID given as a domain", async () => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-secret-app", secret: "env-secret-value" });
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
        const restore = setEnv({ AZURE_TENANT_ID: DOMAIN, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "env-secret-value" });
        try {
            expect(summary(await verifyKey(fx.keyId, { credential: credentialFor({}), checks: ["read"], retryOptions: FAST }))).toEqual(["read: ok"]);
        } finally {
            restore();
        }
    });
});

test("DefaultAzureCredential with AZURE_TENANT_ID given as the tenant's id in upper case reaches the vault", async () => {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-upper-app", secret: "env-upper-value" });
    fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
    const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId.toUpperCase(), AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "env-upper-value" });
    try {
        expect(summary(await verifyKey(fx.keyId, { credential: credentialFor({}), checks: ["read"], retryOptions: FAST }))).toEqual(["read: ok"]);
    } finally {
        restore();
    }
});

test("DefaultAzureCredential keeps the tenants AZURE_ADDITIONALLY_ALLOWED_TENANTS names, as @azure/identity's own does", async () => {
    const other = newTenantId();
    const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: fx.app.clientId, AZURE_CLIENT_SECRET: "not-the-secret", AZURE_ADDITIONALLY_ALLOWED_TENANTS: `x; ${other}` });
    const refusal = async (tenantId: string) => {
        try {
            await credentialFor({}).getToken("https://vault.azure.net/.default", { tenantId });
            return "token";
        } catch (error) {
            return (error as Error).message;
        }
    };
    try {
        // Asked of Entra (which refuses the wrong secret), not refused before any sign-in; a tenant not named still is.
        expect(await refusal(other)).not.toMatch(/not configured to acquire tokens for tenant/);
        expect(await refusal(newTenantId())).toMatch(/not configured to acquire tokens for tenant/);
    } finally {
        restore();
    }
});

describe("a credential that may not take tokens for the vault's tenant is told which tenant to give", () => {
    const refused = () => ({
        code: "AuthenticationFailed",
        message: `Authentication failed: the vault's 401 challenge names tenant ${fx.tenantId}, which is not one the credential takes tokens for: the key's vault is in another tenant than the one given (a credential built in code, without additionallyAllowedTenants, also counts its own tenant given as a domain, or its id in upper case, as another).`,
        suggestion: `Give --tenant-id ${fx.tenantId}, the vault's tenant as its challenge names it (for DefaultAzureCredential, AZURE_TENANT_ID=${fx.tenantId}); a credential built in code takes it as its tenant, or allows it in additionallyAllowedTenants.`,
    });

    test("a credential built in code for the tenant's domain, without additionallyAllowedTenants", async () => {
        const credential = new ClientCertificateCredential(DOMAIN, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const result = await verifyKey(fx.keyId, { credential, checks: ["read"], retryOptions: FAST });
        expect(result.steps[0].error).toEqual(refused());
    });

    test("DefaultAzureCredential built in code, its environment naming the tenant by a domain", async () => {
        const restore = setEnv({ AZURE_TENANT_ID: DOMAIN, AZURE_CLIENT_ID: fx.app.clientId, AZURE_CLIENT_SECRET: "unused" });
        try {
            const result = await verifyKey(fx.keyId, { credential: new DefaultAzureCredential(), checks: ["read"], retryOptions: FAST });
            expect(result.steps[0].error).toEqual(refused());
        } finally {
            restore();
        }
    });

    test("a vault in another tenant than the one given by id is not signed in to: the failure names the vault's tenant", async () => {
        const other = newTenantId();
        const keyId = fx.standIn.addVault("kv-elsewhere", other).createKey("k", { kty: "RSA-HSM" });
        const from = fx.standIn.tokens.issued.length;
        const result = await verifyKey(keyId, { credential: certificate(fx.tenantId.toUpperCase()), checks: ["read"], retryOptions: FAST });
        expect(fx.standIn.tokens.issued.slice(from)).toEqual([]);
        expect(result.steps[0].error).toEqual({
            code: "AuthenticationFailed",
            message: `Authentication failed: the vault's 401 challenge names tenant ${other}, which is not one the credential takes tokens for: the key's vault is in another tenant than the one given (a credential built in code, without additionallyAllowedTenants, also counts its own tenant given as a domain, or its id in upper case, as another).`,
            suggestion: `Give --tenant-id ${other}, the vault's tenant as its challenge names it (for DefaultAzureCredential, AZURE_TENANT_ID=${other}); a credential built in code takes it as its tenant, or allows it in additionallyAllowedTenants.`,
        });
    });

    test("an application of another tenant than the vault's, given by a domain, is refused by that tenant, which the failure names", async () => {
        const other = newTenantId();
        const keyId = fx.standIn.addVault("kv-elsewhere-domain", other).createKey("k", { kty: "RSA-HSM" });
        const result = await verifyKey(keyId, { credential: certificate(DOMAIN), checks: ["read"], retryOptions: FAST });
        expect(result.steps[0].error).toEqual({
            code: "AuthenticationFailed",
            message: `Authentication failed: the identity provider refused the credential (unauthorized_client) for a token in the vault's tenant, ${other}.`,
            suggestion: `The vault is in tenant ${other}: the identity must be an application registered (or consented) or a user in that tenant, signed in with --tenant-id ${other}; check too the client id.`,
        });
    });
});

describe("DefaultAzureCredential's refusals carry Entra's reason, as --certificate's do (EnvironmentCredential moves it into errorDescription)", () => {
    test("an application of another tenant than the vault's, AZURE_TENANT_ID a domain: unauthorized_client, and the vault's tenant named", async () => {
        const other = newTenantId();
        const keyId = fx.standIn.addVault("kv-elsewhere-env", other).createKey("k", { kty: "RSA-HSM" });
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-elsewhere-app", secret: "env-elsewhere-secret" });
        const restore = setEnv({ AZURE_TENANT_ID: DOMAIN, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "env-elsewhere-secret" });
        try {
            const result = await verifyKey(keyId, { credential: credentialFor({}), checks: ["read"], retryOptions: FAST });
            expect(result.steps[0].error).toEqual({
                code: "AuthenticationFailed",
                message: `Authentication failed: the identity provider refused the credential (unauthorized_client) for a token in the vault's tenant, ${other}.`,
                suggestion: `The vault is in tenant ${other}: the identity must be an application registered (or consented) or a user in that tenant, signed in with --tenant-id ${other}; check too the client id.`,
            });
        } finally {
            restore();
        }
    });

    test("a wrong client secret: invalid_client, not EnvironmentCredential's own sentence", async () => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-wrong-secret-app", secret: "right-secret" });
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
        const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "wrong-secret" });
        try {
            const result = await verifyKey(fx.keyId, { credential: credentialFor({}), checks: ["read"], retryOptions: FAST });
            expect(result.steps[0].error?.code).toBe("AuthenticationFailed");
            expect(result.steps[0].error?.message).toBe("Authentication failed: the identity provider refused the credential (invalid_client).");
        } finally {
            restore();
        }
    });
});

describe("an encrypted PEM key is opened with --certificate-password before any request, as a PFX is", () => {
    const PASSWORD = "Pem-Password-4711";
    /** The app's certificate with its key encrypted: PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY) or traditional OpenSSL (Proc-Type: 4,ENCRYPTED). */
    const encryptedPem = (type: "pkcs8" | "pkcs1") => {
        const pem = fs.readFileSync(APP_CERT_PEM_PATH, "utf8");
        const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? "";
        const encrypted = crypto.createPrivateKey(key).export({ format: "pem", type, cipher: "aes-256-cbc", passphrase: PASSWORD }).toString();
        const file = path.join(tmp, `app-${type}-encrypted.pem`);
        fs.writeFileSync(file, `${pem.replace(key, "").trim()}\n${encrypted}`);
        return file;
    };
    const args = (file: string, password?: string) => parseVerifyArgs(["--key-id", fx.keyId, "--check", "read", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", file, ...(password === undefined ? [] : ["--certificate-password", password])]);

    test.each(["pkcs8", "pkcs1"] as const)("%s: without --certificate-password, or with the wrong one, is a usage error naming the file and the flag", async (type) => {
        const file = encryptedPem(type);
        const from = fx.standIn.tokens.issued.length;
        const log = fx.standIn.log.length;
        await expect(runVerifyCommand(args(file), { retryOptions: FAST })).rejects.toThrow(new UsageError(`--certificate ${file}: its private key is encrypted; give its password with --certificate-password`));
        for (const wrong of ["wrong", ""]) {
            const refused = runVerifyCommand(args(file, wrong), { retryOptions: FAST });
            await expect(refused).rejects.toThrow(new UsageError(`--certificate ${file}: its encrypted private key is not one this --certificate-password opens`));
        }
        expect([fx.standIn.tokens.issued.length - from, fx.standIn.log.length - log]).toEqual([0, 0]);
        // The right password still signs in.
        const { report } = await runVerifyCommand(args(file, PASSWORD), { retryOptions: FAST });
        expect(report.keys.map((k) => summary(k))).toEqual([["read: ok"]]);
    });

    test("a key that is not encrypted but cannot be read is a usage error too, not a failure of every key", () => {
        const pem = fs.readFileSync(APP_CERT_PEM_PATH, "utf8");
        const file = path.join(tmp, "app-corrupt-key.pem");
        fs.writeFileSync(file, pem.replace(/(-----BEGIN PRIVATE KEY-----\n)[A-Za-z0-9+/]{8}/, "$1AAAAAAAA"));
        expect(() => credentialFor({ tenantId: fx.tenantId, clientId: fx.app.clientId, certificate: file })).toThrow(new UsageError(`--certificate ${file}: its private key cannot be read as PEM`));
    });
});

describe("a certificate from AZURE_CLIENT_CERTIFICATE_PATH is opened before any request, as --certificate's is", () => {
    const PASSWORD = "Env-Pem-Password-2718";
    const encryptedPem = () => {
        const pem = fs.readFileSync(APP_CERT_PEM_PATH, "utf8");
        const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? "";
        const encrypted = crypto.createPrivateKey(key).export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: PASSWORD }).toString();
        const file = path.join(tmp, "env-encrypted.pem");
        fs.writeFileSync(file, `${pem.replace(key, "").trim()}\n${encrypted}`);
        return file;
    };
    const verifyWith = async (env: Record<string, string | undefined>) => {
        const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: fx.app.clientId, AZURE_CLIENT_SECRET: undefined, AZURE_CLIENT_CERTIFICATE_PASSWORD: undefined, AZURE_TOKEN_CREDENTIALS: undefined, ...env });
        try {
            return await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--check", "read"]), { retryOptions: FAST });
        } finally {
            restore();
        }
    };

    test("an encrypted key without its password, or with a wrong one, or a PFX, which identity reads from no variable, exits 2 naming the variable", async () => {
        const file = encryptedPem();
        const from = fx.standIn.tokens.issued.length;
        const log = fx.standIn.log.length;
        await expect(verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: file })).rejects.toThrow(new UsageError(`AZURE_CLIENT_CERTIFICATE_PATH ${file}: its private key is encrypted; give its password with AZURE_CLIENT_CERTIFICATE_PASSWORD`));
        const wrong = verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_CLIENT_CERTIFICATE_PASSWORD: "wrong-password" });
        await expect(wrong).rejects.toThrow(new UsageError(`AZURE_CLIENT_CERTIFICATE_PATH ${file}: its encrypted private key is not one this AZURE_CLIENT_CERTIFICATE_PASSWORD opens`));
        await wrong.catch((error: unknown) => expect(String(error)).not.toMatch(/PRIVATE KEY|wrong-password/));
        await expect(verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: APP_CERT_PFX_PATH })).rejects.toThrow(new UsageError(`AZURE_CLIENT_CERTIFICATE_PATH ${APP_CERT_PFX_PATH}: not a PEM file (a certificate and its private key); @azure/identity reads no other from the environment, so give a PKCS#12 (.pfx) file with --certificate, --tenant-id and --client-id instead`));
        const certOnly = path.join(tmp, "env-cert-only.pem");
        fs.writeFileSync(certOnly, /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(fs.readFileSync(APP_CERT_PEM_PATH, "utf8"))?.[0] ?? "");
        await expect(verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: certOnly })).rejects.toThrow(new UsageError(`AZURE_CLIENT_CERTIFICATE_PATH ${certOnly}: the PEM holds no private key (it needs the certificate and its key)`));
        await expect(verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: path.join(tmp, "missing.pem") })).rejects.toThrow(new UsageError(`AZURE_CLIENT_CERTIFICATE_PATH ${path.join(tmp, "missing.pem")}: cannot read it (ENOENT)`));
        expect([fx.standIn.tokens.issued.length - from, fx.standIn.log.length - log]).toEqual([0, 0]);
        // Its password signs in.
        const { report } = await verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_CLIENT_CERTIFICATE_PASSWORD: PASSWORD });
        expect(report.keys.map((k) => summary(k))).toEqual([["read: ok"]]);
    });

    test("a certificate identity will not use is left alone: a client secret wins over it, and AZURE_TOKEN_CREDENTIALS may choose another credential", async () => {
        const secretApp = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-secret-beside-cert", secret: "env-secret-wins" });
        fx.vault.assignRole(secretApp.objectId, "Key Vault Crypto User");
        const unusable = path.join(tmp, "not-a-certificate.txt");
        fs.writeFileSync(unusable, "not a certificate");
        const { report } = await verifyWith({ AZURE_CLIENT_ID: secretApp.clientId, AZURE_CLIENT_SECRET: "env-secret-wins", AZURE_CLIENT_CERTIFICATE_PATH: unusable });
        expect(report.keys.map((k) => summary(k))).toEqual([["read: ok"]]);
        // Managed identity alone: no managed identity here, so the run fails at sign-in, not on the file.
        const managed = await verifyWith({ AZURE_CLIENT_CERTIFICATE_PATH: unusable, AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential" }).then((r) => r.report.keys[0].steps[0].error?.code, (e: unknown) => String(e));
        expect(managed).not.toMatch(/AZURE_CLIENT_CERTIFICATE_PATH/);
    });
});

describe("sign-in variables @azure/identity would drop the environment's credential for are usage errors, not 'none configured'", () => {
    const SECRET = "Env-Client-Secret-0815";
    const AUTHORITY = "AZURE_AUTHORITY_HOST: must be the cloud's sign-in host as an https URL, such as https://login.microsoftonline.com (https://login.microsoftonline.us, https://login.chinacloudapi.cn); @azure/identity signs in with no other";
    const TENANT = "AZURE_TENANT_ID: must be the tenant's id (a GUID) or one of its domains, such as contoso.onmicrosoft.com: letters, digits, hyphens and dots only; @azure/identity leaves out the environment's credential otherwise";
    const verify = (extra: string[] = []) => runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--check", "read", ...extra]), { retryOptions: FAST });

    test.each([
        ["an http sign-in host", { AZURE_AUTHORITY_HOST: "http://login.microsoftonline.com" }, AUTHORITY],
        ["a sign-in host that is not a URL", { AZURE_AUTHORITY_HOST: "not a url" }, AUTHORITY],
        ["a tenant that is not an id or a domain", { AZURE_TENANT_ID: "not a tenant!" }, TENANT],
    ])("%s, beside AZURE_CLIENT_ID and AZURE_CLIENT_SECRET", async (_what, bad, message) => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "env-dropped", secret: SECRET });
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
        const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: SECRET, ...bad });
        const log = fx.standIn.log.length;
        try {
            const run = verify();
            await expect(run).rejects.toThrow(new UsageError(message));
            await run.catch((error: unknown) => expect(String(error)).not.toContain(SECRET));
            expect(fx.standIn.log.length).toBe(log);
        } finally {
            restore();
        }
    });

    test("an http sign-in host is refused with a client certificate too, where identity's constructor would throw out of the run", async () => {
        const restore = setEnv({ AZURE_AUTHORITY_HOST: "http://login.microsoftonline.com", AZURE_TENANT_ID: "not a tenant!" });
        try {
            // The environment's tenant is not read beside --tenant-id: only the host is named.
            await expect(verify(["--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH])).rejects.toThrow(new UsageError(AUTHORITY));
        } finally {
            restore();
        }
    });

    test("the public cloud's sign-in host, given as an https URL, still signs in", async () => {
        const restore = setEnv({ AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/" });
        try {
            const { report } = await verify(["--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH]);
            expect(report.keys.map((k) => summary(k))).toEqual([["read: ok"]]);
        } finally {
            restore();
        }
    });
});

describe("the nightly --stack-outputs run holds an AKS cluster to the vault's current version", () => {
    const DAY = 86_400;
    const version = (name: string, days: number) =>
        fx.vault.createKey(name, { kty: "RSA-HSM", keySize: 2048, keyPair: fx.pair, keyOps: ["encrypt", "decrypt"], attributes: { enabled: true, exp: Math.floor(Date.now() / 1000) + days * DAY } });

    test("a cluster on v1 after Key Vault made v2 fails ClusterKeyBehind; a MySQL server on an older version of its key does not", async () => {
        const held = version("aks-kms", 274);
        const current = version("aks-kms", 365);
        const mysql = version("mysql-cmk", 274);
        version("mysql-cmk", 365);
        const file = path.join(tmp, "aks-outputs.json");
        fs.writeFileSync(file, JSON.stringify({ kubernetesClusters: { aks: { keyId: held } }, mysqlServers: { orders: { keyUri: mysql, followsKeyRotation: false } } }));
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", file, "--check", "read", "--check", "expiry"]), { credential });
        expect(report.keys.map((k) => [k.keyId, k.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)])).toEqual([
            [held, ["read: ok", "expiry: ClusterKeyBehind"]],
            [mysql, ["read: ok", "expiry: ok"]],
        ]);
        expect(report.keys[0].steps[1].error?.message).toContain(`has rotated the key to version ${current.split("/").at(-1) ?? ""} since`);
        // The same version given with --key-id as well, its name and version spelt in upper case, is still the cluster's.
        const shouted = held.replace(/keys\/(.+)$/, (_m, rest: string) => `keys/${rest.toUpperCase()}`);
        const both = await runVerifyCommand(parseVerifyArgs(["--key-id", shouted, "--stack-outputs", file, "--check", "expiry"]), { credential });
        expect(both.report.keys.map((k) => k.steps.at(-1)?.error?.code ?? "ok")).toEqual(["ClusterKeyBehind", "ok"]);
    });
});
