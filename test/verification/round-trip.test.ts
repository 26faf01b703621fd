import { ClientCertificateCredential, DefaultAzureCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH, setEnv } from "../support/keyvault";
import { verifyKey, type KeyVerification } from "../../verification";
import { describeLog, startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;

beforeAll(async () => {
    fx = await startFixture("kv-roundtrip");
});

afterAll(async () => {
    await stopFixture(fx);
});

function summary(result: KeyVerification): string[] {
    return result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.message}`);
}

test("verifies an RSA-HSM key end to end as the certificate-authenticated vendor application", async () => {
    const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
    const result = await verifyKey(fx.keyId, { credential });
    expect(summary(result)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]);
    expect(result.ok).toBe(true);
    expect(result.keyId).toBe(fx.keyId);
    expect(result.keyVersion).toMatch(/^[0-9a-f]{32}$/);
    // The credential really went through the token endpoint with a client assertion, not a shortcut.
    expect(fx.standIn.tokens.issued).toContainEqual({ clientId: fx.app.clientId, tenantId: fx.tenantId, scope: "https://vault.azure.net/.default", method: "certificate" });
    // Every vault request travelled through the proxy under the real host name.
    expect(fx.standIn.tunnels.map((t) => t.host)).toContain("kv-roundtrip.vault.azure.net");
    expect(fx.standIn.tunnels.every((t) => t.tunnelled)).toBe(true);
});

test("verifies the same key as an environment credential through DefaultAzureCredential", async () => {
    const secretApp = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "ci-verifier", secret: "s3cret-value" });
    fx.vault.assignRole(secretApp.objectId, "Key Vault Crypto User");
    const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: secretApp.clientId, AZURE_CLIENT_SECRET: "s3cret-value" });
    try {
        const result = await verifyKey(fx.keyId, { credential: new DefaultAzureCredential() });
        expect(summary(result)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]);
        expect(fx.standIn.tokens.issued).toContainEqual({ clientId: secretApp.clientId, tenantId: fx.tenantId, scope: "https://vault.azure.net/.default", method: "secret" });
    } finally {
        restore();
    }
});

test("an encrypt/decrypt round trip costs exactly 2 vault calls, both done by the vault", async () => {
    const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
    const from = fx.standIn.log.length;
    const result = await verifyKey(fx.keyId, { credential, checks: ["encrypt-decrypt"] });
    expect(result.ok).toBe(true);
    const version = result.keyVersion;
    expect(describeLog(fx, from)).toEqual([
        "GET get 401 (challenge)",
        "GET get 200",
        "POST encrypt 401 (challenge)",
        "POST encrypt 200",
        "POST decrypt 200",
    ]);
    const roundTrip = fx.standIn.log.slice(from).filter((e) => e.authenticated && (e.operation === "encrypt" || e.operation === "decrypt"));
    expect(roundTrip.map((e) => [e.operation, e.version])).toEqual([
        ["encrypt", version],
        ["decrypt", version],
    ]);
});

test("local encryption makes no vault call: only the vault-side decrypt is logged", async () => {
    const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
    const from = fx.standIn.log.length;
    const result = await verifyKey(fx.keyId, { credential, checks: ["local-encrypt"] });
    expect(result.ok).toBe(true);
    expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "POST decrypt 200"]);
});
