import * as crypto from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { verifyKey, type VerifyKeyOptions } from "../../verification";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let options: VerifyKeyOptions;
let dir: string;

beforeAll(async () => {
    fx = await startFixture("kv-backup");
    options = { credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }) };
});

afterAll(async () => {
    await stopFixture(fx);
});

beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "key-backup-"));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A key administrator (Crypto Officer) of both vaults, as whoever restores a backup would be. */
function officer(...vaults: { assignRole(principalId: string, role: "Key Vault Crypto Officer"): void }[]): ClientSecretCredential {
    const admin = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "key-admin", secret: "officer-secret" });
    vaults.forEach((v) => v.assignRole(admin.objectId, "Key Vault Crypto Officer"));
    return new ClientSecretCredential(fx.tenantId, admin.clientId, "officer-secret");
}

test("writes Key Vault's sealed backup of every version, which restores into another vault and still decrypts data of the older version", async () => {
    const original = await new KeyClient(fx.vault.url, options.credential).getKey("backup-key");
    const payload = crypto.randomBytes(32);
    const ciphertext = crypto.publicEncrypt({ key: crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(original.key?.n as Uint8Array).toString("base64url"), e: Buffer.from(original.key?.e as Uint8Array).toString("base64url") }, format: "jwk" }), oaepHash: "sha256" }, payload);
    fx.vault.rotateKey("backup-key");
    const result = await verifyKey(fx.keyId.replace(/\/[0-9a-f]{32}$/, ""), { ...options, checks: ["backup"], backupDir: dir });
    expect(result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.message}`)).toEqual(["read: ok", "backup: ok"]);
    const file = path.join(dir, `kv-backup.backup-key.${result.keyVersion}.keybackup`);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const blob = readFileSync(file);
    // Sealed by the service: no key material or JSON readable in it.
    expect(blob.includes(Buffer.from("privateKey"))).toBe(false);
    expect(blob.includes(Buffer.from(String(original.properties.version)))).toBe(false);

    const target = fx.standIn.addVault("kv-backup-restore", fx.tenantId);
    const admin = officer(target, fx.vault);
    const restored = await new KeyClient(target.url, admin).restoreKeyBackup(blob);
    expect(restored.properties.version).toBe(result.keyVersion);
    const versions: string[] = [];
    for await (const p of new KeyClient(target.url, admin).listPropertiesOfKeyVersions("backup-key")) versions.push(String(p.version));
    expect(versions.sort()).toEqual([String(original.properties.version), result.keyVersion].sort());
    const old = await new KeyClient(target.url, admin).getKey("backup-key", { version: original.properties.version });
    const decrypted = await new CryptographyClient(old, admin).decrypt({ algorithm: "RSA-OAEP-256", ciphertext });
    expect(Buffer.from(decrypted.result).equals(payload)).toBe(true);

    // Key Vault keeps one key per name: restoring over an existing key is a conflict.
    await expect(new KeyClient(fx.vault.url, admin).restoreKeyBackup(blob)).rejects.toMatchObject({ statusCode: 409, code: "Conflict" });
    // A blob altered in transit does not open.
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] ^= 0xff;
    await expect(new KeyClient(target.url, admin).restoreKeyBackup(tampered)).rejects.toMatchObject({ statusCode: 400, code: "BadParameter" });
}, 30000);

test("an identity without the backup permission is refused, named with the role that would let it", async () => {
    const cmk = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "cmk-only", secret: "z" });
    fx.vault.assignRole(cmk.objectId, "Key Vault Crypto Service Encryption User");
    const result = await verifyKey(fx.keyId, { credential: new ClientSecretCredential(fx.tenantId, cmk.clientId, "z"), checks: ["backup"], backupDir: dir });
    const step = result.steps.find((s) => s.name === "backup");
    expect(step?.error?.code).toBe("Forbidden");
    expect(step?.error?.message).toBe(`Forbidden: application ${cmk.clientId} (object id ${cmk.objectId}) may not backup with ${fx.keyId} (denied by Azure RBAC).`);
    expect(step?.error?.suggestion).toContain('"Key Vault Crypto User (or Key Vault Crypto Officer)"');
    expect(readdirSync(dir)).toEqual([]);
});

test("a disabled key fails read but is still backed up: retiring a key is when its backup matters most", async () => {
    const kid = fx.vault.createKey("retired-key", { kty: "RSA-HSM", keyPair: fx.pair });
    fx.vault.updateKey("retired-key", { enabled: false });
    const result = await verifyKey(kid, { ...options, checks: ["backup"], backupDir: dir });
    expect(result.steps.map((s) => [s.name, s.ok, s.error?.code])).toEqual([["read", false, "KeyDisabled"], ["backup", true, undefined]]);
    expect(result.ok).toBe(false);
    expect(readdirSync(dir)).toEqual([`kv-backup.retired-key.${kid.split("/").pop()}.keybackup`]);
});

test("a disabled key whose GET the vault refuses (403 KeyDisabled) is still backed up", async () => {
    const kid = fx.vault.createKey("refused-key", { kty: "RSA-HSM", keyPair: fx.pair });
    fx.vault.updateKey("refused-key", { enabled: false });
    fx.vault.faults.refuseGetOfDisabledKeys = true;
    try {
        const result = await verifyKey(kid, { ...options, checks: ["backup"], backupDir: dir });
        expect(result.steps.map((s) => [s.name, s.ok, s.error?.code])).toEqual([["read", false, "KeyDisabled"], ["backup", true, undefined]]);
        expect(readdirSync(dir)).toEqual([`kv-backup.refused-key.${kid.split("/").pop()}.keybackup`]);
    } finally {
        fx.vault.faults.refuseGetOfDisabledKeys = undefined;
    }
});

describe("npm run verify -- --check backup", () => {
    test("needs --backup-dir, and --backup-dir needs the check", () => {
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--check", "backup"])).toThrow(new UsageError("--backup-dir: is required with --check backup: the folder the backups are written to"));
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--backup-dir", dir])).toThrow(new UsageError("--backup-dir: is only for --check backup; add --check backup to back the keys up"));
    });

    test("refuses a folder that does not exist before reading any key", async () => {
        const from = fx.standIn.log.length;
        await expect(runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--check", "backup", "--backup-dir", path.join(dir, "missing")]), { credential: options.credential })).rejects.toThrow(
            new UsageError(`--backup-dir ${path.join(dir, "missing")}: does not exist; create it first`),
        );
        expect(fx.standIn.log.length).toBe(from);
    });

    test("backs the key up and reports the step in the JSON contract", async () => {
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--check", "backup", "--backup-dir", dir, "--json"]), { credential: options.credential });
        expect(report.ok).toBe(true);
        expect(report.keys[0].steps.map((s) => s.name)).toEqual(["read", "backup"]);
        expect(readdirSync(dir)).toEqual([`kv-backup.backup-key.${report.keys[0].keyVersion}.keybackup`]);
    });

    test("one key listed twice (its versionless id and the version a service holds) is backed up by both at once, leaving one whole file", async () => {
        const versionless = fx.keyId.replace(/\/[0-9a-f]{32}$/, "");
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", versionless, "--key-id", fx.keyId, "--check", "backup", "--backup-dir", dir, "--json"]), { credential: options.credential });
        expect(report.keys.map((k) => k.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.message}`))).toEqual([["read: ok", "backup: ok"], ["read: ok", "backup: ok"]]);
        expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
    });
});
