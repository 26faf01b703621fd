import * as crypto from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ClientCertificateCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { APP_CERT_PEM_PATH, type CreateKeyOptions } from "../support/keyvault";
import { verifyKey, type VerifyKeyOptions } from "../../verification";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let options: VerifyKeyOptions;
let dir: string;
let kekId: string;

beforeAll(async () => {
    fx = await startFixture("kv-kek");
    options = { credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }) };
    kekId = fx.vault.createKey("byok-kek", { kty: "RSA-HSM", keySize: 3072, keyOps: ["import"] });
});

afterAll(async () => {
    await stopFixture(fx);
});

beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kek-public-"));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const summary = (steps: { name: string; ok: boolean; error: { code: string; message: string } | null }[]) =>
    steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code} ${s.error?.message}`}`);

test("a key that only imports is checked as a key exchange key by default, with no crypto call it does not allow", async () => {
    const from = fx.standIn.log.length;
    const result = await verifyKey(kekId.replace(/\/[0-9a-f]{32}$/, ""), options);
    expect(summary(result.steps)).toEqual(["read: ok", "key-exchange: ok"]);
    expect(result.ok).toBe(true);
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => e.operation)).toEqual(["get"]);
});

test("writes the KEK's public key as the PEM a vendor's BYOK tool takes, named by vault, key and version", async () => {
    const result = await verifyKey(kekId, { ...options, checks: ["key-exchange"], publicKeyDir: dir });
    expect(summary(result.steps)).toEqual(["read: ok", "key-exchange: ok"]);
    const file = path.join(dir, `kv-kek.byok-kek.${result.keyVersion}.publickey.pem`);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const pem = readFileSync(file, "utf8");
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const vaultKey = await new KeyClient(fx.vault.url, options.credential).getKey("byok-kek");
    const jwk = crypto.createPublicKey(pem).export({ format: "jwk" });
    expect(jwk.n).toBe(Buffer.from(vaultKey.key?.n as Uint8Array).toString("base64url"));
    expect(crypto.createPublicKey(pem).asymmetricKeyDetails?.modulusLength).toBe(3072);
});

test("refuses, naming what is wrong, a KEK that is a software key or allows more than import", async () => {
    const soft = fx.vault.createKey("soft-kek", { kty: "RSA", keySize: 2048, keyOps: ["import"] });
    // Key Vault refuses to create this key today (import goes alone); the vault's own test lever makes one,
    // as a vault of another implementation or an older key might hold, to show verify names it rather than trusting the vault.
    const wide = fx.vault.createKey("wide-kek", { kty: "RSA-HSM", keySize: 2048, keyOps: ["import", "wrapKey", "unwrapKey"] });
    const softResult = await verifyKey(soft, { ...options, publicKeyDir: dir });
    expect(summary(softResult.steps)).toEqual([
        "read: ok",
        `key-exchange: NotAKeyExchangeKey Not a key exchange key: ${soft} is RSA, not RSA-HSM; Key Vault's BYOK import takes only an RSA-HSM key of 2048, 3072 or 4096 bits whose key_ops are import alone.`,
    ]);
    const wideResult = await verifyKey(wide, { ...options, checks: ["key-exchange"], publicKeyDir: dir });
    expect(summary(wideResult.steps)).toEqual([
        "read: ok",
        `key-exchange: NotAKeyExchangeKey Not a key exchange key: ${wide} allows [import, wrapKey, unwrapKey], not import alone; Key Vault's BYOK import takes only an RSA-HSM key of 2048, 3072 or 4096 bits whose key_ops are import alone.`,
    ]);
    // No public key is handed out for a key the import would refuse.
    expect(readdirSync(dir)).toEqual([]);
});

// Adding import to such a key never makes it a KEK (import must be its only operation): the key-exchange step says what one is.
test.each<[string, string, CreateKeyOptions, string]>([
    ["a customer-managed RSA-HSM key", "cmk-not-kek", { kty: "RSA-HSM", keyOps: ["wrapKey", "unwrapKey"] }, "allows [wrapKey, unwrapKey], not import alone"],
    ["an RSA-HSM key with the default operations", "default-not-kek", { kty: "RSA-HSM" }, "allows [encrypt, decrypt, sign, verify, wrapKey, unwrapKey], not import alone"],
    ["an EC key", "ec-not-kek", { kty: "EC-HSM" }, "is EC-HSM, not RSA-HSM; allows [sign, verify], not import alone"],
])("%s asked to be a KEK fails NotAKeyExchangeKey, not WrongOperations asking for import", async (_, name, create, problem) => {
    const keyId = fx.vault.createKey(name, create);
    const result = await verifyKey(keyId, { ...options, checks: ["key-exchange"] });
    expect(summary(result.steps)).toEqual([
        "read: ok",
        `key-exchange: NotAKeyExchangeKey Not a key exchange key: ${keyId} ${problem}; Key Vault's BYOK import takes only an RSA-HSM key of 2048, 3072 or 4096 bits whose key_ops are import alone.`,
    ]);
});

describe("npm run verify", () => {
    test("takes --public-key-dir with the key-exchange check or no --check at all, and only an existing folder", async () => {
        expect(() => parseVerifyArgs(["--key-id", kekId, "--check", "wrap-unwrap", "--public-key-dir", dir])).toThrow(
            new UsageError("--public-key-dir: is only for the key-exchange check; add --check key-exchange, or leave --check out to check each key for what it is for"),
        );
        const missing = path.join(dir, "absent");
        await expect(runVerifyCommand(parseVerifyArgs(["--key-id", kekId, "--check", "key-exchange", "--public-key-dir", missing]), { credential: options.credential })).rejects.toThrow(
            new UsageError(`--public-key-dir ${missing}: does not exist; create it first`),
        );
    });

    test("without --check, writes the public key of each key exchange key among a stack's keys and checks the others for what they are for", async () => {
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", kekId, "--key-id", fx.keyId, "--public-key-dir", dir]), { credential: options.credential });
        expect(report.keys.map((k) => [k.keyId, k.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)])).toEqual([
            [kekId, ["read: ok", "key-exchange: ok"]],
            [fx.keyId, ["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]],
        ]);
        expect(readdirSync(dir)).toEqual([`kv-kek.byok-kek.${report.keys[0].keyVersion}.publickey.pem`]);
    });

    test("writes each KEK's public key and reports it in the JSON contract", async () => {
        const args = parseVerifyArgs(["--key-id", kekId, "--check", "key-exchange", "--public-key-dir", dir, "--json"]);
        const { report, output } = await runVerifyCommand(args, { credential: options.credential });
        expect(report.ok).toBe(true);
        expect(JSON.parse(output).keys[0].steps.map((s: { name: string }) => s.name)).toEqual(["read", "key-exchange"]);
        expect(readdirSync(dir)).toEqual([`kv-kek.byok-kek.${report.keys[0].keyVersion}.publickey.pem`]);
    });
});
