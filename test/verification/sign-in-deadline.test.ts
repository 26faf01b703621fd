import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { createTransferBlob } from "../support/byok-tool";
import { APP_CERT_PEM_PATH, setEnv } from "../support/keyvault";
import { verifyKey } from "../../verification";
import { credentialFor } from "../../verification/credential";
import { parseImportArgs, runImportCommand } from "../../verification/import-command";
import { startFixture, stopFixture, type Fixture } from "./fixture";

/** A sign-in endpoint that takes the token request and never answers: the run ends at the vault requests' deadline, as Network. */
let fx: Fixture;
const FAST = { maxRetries: 0 };
// Long enough that the vault's own challenge round trip answers within it on a loaded CI machine (at 300 ms it
// once did not, and the run failed as the vault unreachable); the sign-in endpoint never answers at all.
const DEADLINE_MS = 1_000;

beforeAll(async () => {
    fx = await startFixture("kv-sign-in");
});

afterAll(async () => {
    await stopFixture(fx);
});

afterEach(() => {
    fx.standIn.tokens.answerTokenRequests = Number.POSITIVE_INFINITY;
});

const unanswered = (vault: string, seconds: number) => ({
    code: "Network",
    message: `Network error: could not sign in for ${vault} (no token from the sign-in endpoint within ${seconds} s).`,
    suggestion: "Check connectivity from this machine to the identity provider on port 443 (login.microsoftonline.com, AZURE_AUTHORITY_HOST's host in another cloud, or a managed identity's endpoint): egress firewall rules, and HTTPS_PROXY/NO_PROXY.",
});

test("DefaultAzureCredential (AZURE_CLIENT_SECRET): a token request never answered fails the key as Network at the deadline, not as a refusal", async () => {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "hang-env-app", secret: "hang-env-secret" });
    fx.vault.assignRole(app.objectId, "Key Vault Crypto User");
    const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "hang-env-secret" });
    fx.standIn.tokens.answerTokenRequests = 0;
    try {
        const started = Date.now();
        const result = await verifyKey(fx.keyId, { credential: credentialFor({}), checks: ["read", "wrap-unwrap"], retryOptions: FAST, requestTimeoutMs: DEADLINE_MS });
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(result.steps.map((s) => [s.name, s.error?.code])).toEqual([["read", "Network"], ["wrap-unwrap", "NotRun"]]);
        expect(result.steps[0].error).toEqual(unanswered("kv-sign-in.vault.azure.net", DEADLINE_MS / 1000));
    } finally {
        restore();
    }
});

test("--certificate: a token request never answered fails the key as Network at the deadline", async () => {
    fx.standIn.tokens.answerTokenRequests = 0;
    const credential = credentialFor({ tenantId: fx.tenantId, clientId: fx.app.clientId, certificate: APP_CERT_PEM_PATH });
    const started = Date.now();
    const result = await verifyKey(fx.keyId, { credential, checks: ["read"], retryOptions: FAST, requestTimeoutMs: DEADLINE_MS });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.steps[0].error).toEqual(unanswered("kv-sign-in.vault.azure.net", DEADLINE_MS / 1000));
});

test("a sign-in answered within the deadline is not cut short: the key verifies", async () => {
    const credential = credentialFor({ tenantId: fx.tenantId, clientId: fx.app.clientId, certificate: APP_CERT_PEM_PATH });
    const result = await verifyKey(fx.keyId, { credential, checks: ["read", "wrap-unwrap"], retryOptions: FAST, requestTimeoutMs: 10_000 });
    expect(result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["read: ok", "wrap-unwrap: ok"]);
});

describe("import-key", () => {
    let dir: string;
    let officer: { clientId: string };
    let blobFile: string;

    beforeAll(async () => {
        const admin = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "hang-officer", secret: "hang-officer-secret" });
        fx.vault.assignRole(admin.objectId, "Key Vault Crypto Officer");
        officer = admin;
        const kek = await new KeyClient(fx.vault.url, new ClientSecretCredential(fx.tenantId, admin.clientId, "hang-officer-secret")).createRsaKey("hang-kek", { hsm: true, keySize: 3072, keyOps: ["import"] });
        dir = mkdtempSync(path.join(tmpdir(), "byok-hang-"));
        const check = await verifyKey(String(kek.id), { credential: new ClientSecretCredential(fx.tenantId, admin.clientId, "hang-officer-secret"), checks: ["key-exchange"], publicKeyDir: dir });
        const pem = readFileSync(path.join(dir, `kv-sign-in.hang-kek.${check.keyVersion}.publickey.pem`), "utf8");
        blobFile = path.join(dir, "hang.byok");
        writeFileSync(blobFile, createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: pem, targetKey: fx.pair.privateKey }));
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const importWith = (answered: number) => {
        const restore = setEnv({ AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: officer.clientId, AZURE_CLIENT_SECRET: "hang-officer-secret" });
        fx.standIn.tokens.answerTokenRequests = answered;
        return runImportCommand(parseImportArgs(["--key-id", `${fx.vault.url}/keys/hang-imported`, "--byok-file", blobFile, "--dry-run"]), { retryOptions: FAST, requestTimeoutMs: DEADLINE_MS }).finally(restore);
    };

    test("a token request never answered fails the KEK's check as Network at the deadline", async () => {
        const started = Date.now();
        const { result } = await importWith(0);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(result.steps.map((s) => s.name)).toEqual(["key-exchange-key"]);
        expect(result.steps[0].error).toEqual(unanswered("kv-sign-in.vault.azure.net", DEADLINE_MS / 1000));
    });

    test("the import's own client: a token request never answered after the KEK's fails the target's step as Network", async () => {
        // A credential that asks the endpoint for every token (a fresh MSAL cache each time): the dry run's last token is the import client's.
        const uncached: TokenCredential = { getToken: (scopes, options) => new ClientSecretCredential(fx.tenantId, officer.clientId, "hang-officer-secret").getToken(scopes, options) };
        const args = parseImportArgs(["--key-id", `${fx.vault.url}/keys/hang-imported`, "--byok-file", blobFile, "--dry-run"]);
        const from = fx.standIn.tokens.issued.length;
        const whole = await runImportCommand(args, { credential: uncached, retryOptions: FAST, requestTimeoutMs: 10_000 });
        expect(whole.result.ok).toBe(true);
        fx.standIn.tokens.answerTokenRequests = fx.standIn.tokens.issued.length - from - 1;
        const { result } = await runImportCommand(args, { credential: uncached, retryOptions: FAST, requestTimeoutMs: DEADLINE_MS });
        expect(result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["key-exchange-key: ok", "target: Network"]);
        expect(result.steps[1].error).toEqual(unanswered("kv-sign-in.vault.azure.net", DEADLINE_MS / 1000));
    });
});

