import { createSecretKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { verifyKey, type AccessWait, type CheckName, type KeyVerification } from "../../verification";
import { formatSteps } from "../../verification/command";
import { IMPORT_USAGE, parseImportArgs, runImportCommand } from "../../verification/import-command";
import { createTransferBlob } from "../support/byok-tool";
import { newTenantId, setEnv, startKeyVaultStandIn, type Faults, type KeyOperation, type KeyVaultStandIn, type Vault } from "../support/keyvault";

// A Managed HSM pool holds the keys of the sovereign profile: the same keys API as a vault, under its
// own host, token resource and local RBAC. Verification runs against it unchanged.
let standIn: KeyVaultStandIn;
let restoreEnv: () => void;
let tenantId: string;
let pool: Vault;
let keyId: string;
const scratchDirs: string[] = [];

// Backups and public keys are key material: none is left behind in the shared temp folder.
async function scratchDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    scratchDirs.push(dir);
    return dir;
}

beforeAll(async () => {
    standIn = await startKeyVaultStandIn();
    restoreEnv = setEnv({ HTTPS_PROXY: standIn.proxyUrl, HTTP_PROXY: undefined, ALL_PROXY: undefined, NO_PROXY: "" });
    tenantId = newTenantId();
    pool = standIn.addManagedHsm("hsm-sovereign", tenantId);
    keyId = pool.createKey("cmk", { kty: "RSA-HSM", keySize: 3072, keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] });
});

afterAll(async () => {
    restoreEnv();
    await standIn.close();
    await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function identity(name: string) {
    const app = standIn.registerApplication({ tenantId, displayName: name, secret: `${name}-secret` });
    return { app, credential: new ClientSecretCredential(tenantId, app.clientId, `${name}-secret`) };
}

function summary(result: KeyVerification): string[] {
    return result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code}: ${s.error?.message}`}`);
}

test("verifies an RSA-HSM key in a Managed HSM pool end to end, with a token for the pool's own resource", async () => {
    const { app, credential } = identity("hsm-verifier");
    pool.assignRole(app.objectId, "Managed HSM Crypto User");
    const result = await verifyKey(keyId, { credential });
    expect(summary(result)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]);
    expect(keyId).toMatch(/^https:\/\/hsm-sovereign\.managedhsm\.azure\.net\/keys\/cmk\/[0-9a-f]{32}$/);
    // The SDK asked Entra for the resource the pool's challenge named, not the vaults' one.
    expect(standIn.tokens.issued).toContainEqual({ clientId: app.clientId, tenantId, scope: "https://managedhsm.azure.net/.default", method: "secret" });
    expect(standIn.tunnels.map((t) => t.host)).toContain("hsm-sovereign.managedhsm.azure.net");
});

test("a refusal by the pool's local RBAC names the Managed HSM role to assign at the key's scope, not a vault role", async () => {
    const { app, credential } = identity("hsm-stranger");
    const result = await verifyKey(keyId, { credential, checks: ["wrap-unwrap"] });
    expect(result.ok).toBe(false);
    const read = result.steps[0];
    expect(read.error?.code).toBe("Forbidden");
    expect(read.error?.message).toContain(`object id ${app.objectId}`);
    expect(read.error?.message).toContain("denied by the managed HSM's local RBAC");
    expect(read.error?.suggestion).toContain('Managed HSM local role "Managed HSM Crypto User');
    expect(read.error?.suggestion).toContain(`(az keyvault role assignment create --hsm-name hsm-sovereign --role "Managed HSM Crypto User" --scope /keys/cmk --assignee-object-id ${app.objectId})`);
    expect(read.error?.suggestion).not.toContain("Key Vault Crypto");
    const refusal = standIn.log.find((e) => e.principalId === app.objectId && e.status === 403);
    expect(refusal).toMatchObject({ errorCode: "AccessDenied", operation: "get" });
});

test("a Crypto Service Encryption User may wrap and unwrap, and is refused encrypt by name", async () => {
    const { app, credential } = identity("hsm-cmk-service");
    pool.assignRole(app.objectId, "Managed HSM Crypto Service Encryption User");
    expect(summary(await verifyKey(keyId, { credential, checks: ["wrap-unwrap"] }))).toEqual(["read: ok", "wrap-unwrap: ok"]);
    const encrypt = await verifyKey(keyId, { credential, checks: ["encrypt-decrypt"] });
    expect(encrypt.steps[1].error?.code).toBe("Forbidden");
    expect(encrypt.steps[1].error?.suggestion).toContain('Managed HSM local role "Managed HSM Crypto User"');
});

test("--wait-for-access waits out a local role assignment that has not yet taken effect", async () => {
    const { app, credential } = identity("hsm-fresh");
    pool.assignRole(app.objectId, "Managed HSM Crypto User", { takesEffectAfterMs: 800 });
    const waits: AccessWait[] = [];
    const result = await verifyKey(keyId, { credential, checks: ["wrap-unwrap"], waitForAccessMs: 10_000, accessRetryIntervalMs: 200, onAccessWait: (w) => waits.push(w) });
    expect(summary(result)).toEqual(["read: ok", "wrap-unwrap: ok"]);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toMatchObject({ keyId, operation: "get", retryInMs: 200 });
});

test("the pool refuses software-protected keys, as Managed HSM holds HSM keys only", async () => {
    const { app, credential } = identity("hsm-key-maker");
    pool.assignRole(app.objectId, "Managed HSM Crypto User");
    const client = new KeyClient(pool.url, credential);
    await expect(client.createKey("soft", "RSA")).rejects.toMatchObject({ statusCode: 400, code: "BadParameter" });
    const created = await client.createKey("hard", "RSA-HSM", { keySize: 2048 });
    expect(created.keyType).toBe("RSA-HSM");
    // A vault's roles are not a pool's: the stand-in refuses the mix-up rather than grant through it.
    expect(() => pool.assignRole(app.objectId, "Key Vault Crypto User")).toThrow(/not a role of hsm-sovereign\.managedhsm\.azure\.net/);
});

describe("the pool's local roles grant what Microsoft's table of permitted operations gives them", () => {
    test("a Crypto Officer manages deleted keys and roles only: it is refused a key's read and a key's creation, and told the role that may", async () => {
        const { app, credential } = identity("hsm-officer-only");
        pool.assignRole(app.objectId, "Managed HSM Crypto Officer");
        const result = await verifyKey(keyId, { credential, checks: ["wrap-unwrap"] });
        expect(result.steps.map((s) => s.error?.code ?? "ok")).toEqual(["Forbidden", "NotRun"]);
        expect(result.steps[0].error?.suggestion).toContain(`--role "Managed HSM Crypto User" --scope /keys/cmk --assignee-object-id ${app.objectId}`);
        const from = standIn.log.length;
        await expect(new KeyClient(pool.url, credential, { retryOptions: { maxRetries: 0 } }).createRsaKey("officer-made", { hsm: true, keySize: 2048 }))
            .rejects.toMatchObject({ statusCode: 403, code: "AccessDenied", message: expect.stringContaining("Microsoft.KeyVault/managedHsm/keys/create on /keys/officer-made") });
        expect(standIn.log.slice(from).filter((e) => e.authenticated).map((e) => `${e.operation} ${e.status}`)).toEqual(["create 403"]);
        expect(pool.keys.has("officer-made")).toBe(false);
    });

    test("a soft-deleted key is named deleted, with its purge date, to one who may read deleted keys (the Crypto Officer); to its Crypto User, not found, and how the pool recovers it", async () => {
        const { app, credential } = identity("hsm-deleted-reader");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const deletedKeyId = pool.createKey("retired", { kty: "oct-HSM" });
        pool.softDeleteKey("retired");
        const from = standIn.log.length;
        const unseen = await verifyKey(deletedKeyId, { credential });
        expect(summary(unseen)).toEqual([`read: KeyNotFound: Key not found: ${deletedKeyId} does not exist in hsm-sovereign.managedhsm.azure.net.`]);
        expect(unseen.steps[0].error?.suggestion).toContain("(az keyvault key recover --hsm-name hsm-sovereign --name retired), by a Managed HSM Crypto Officer");
        expect(standIn.log.slice(from).filter((e) => e.authenticated).map((e) => `${e.operation} ${e.status}`)).toEqual(["get 404", "getdeleted 403"]);
        pool.assignRole(app.objectId, "Managed HSM Crypto Officer");
        const purgeOn = new Date(((pool.deletedDates.get("retired") ?? 0) + 90 * 86400) * 1000).toISOString();
        const seen = await verifyKey(deletedKeyId, { credential });
        expect(seen.steps[0].error).toMatchObject({ code: "KeyNotFound", message: expect.stringContaining(`is soft-deleted in hsm-sovereign.managedhsm.azure.net (deleted `), suggestion: `Recover it before ${purgeOn} (az keyvault key recover --hsm-name hsm-sovereign --name retired), as a Managed HSM Crypto Officer: only that local role holds keys/deletedKeys/recover/action. It comes back with every version under the same key id.` });
    });

    test("a Crypto User manages rotation, as the pool has no rotation-policy action: it sets the policy, rotates on demand and passes --check rotation", async () => {
        const { app, credential } = identity("hsm-rotation-owner");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const client = new KeyClient(pool.url, credential, { retryOptions: { maxRetries: 0 } });
        const created = await client.createRsaKey("rotating", { hsm: true, keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] });
        await client.updateKeyRotationPolicy("rotating", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P90D" }], expiresIn: "P1Y" });
        const rotated = await client.rotateKey("rotating");
        expect(rotated.properties.version).not.toBe(created.properties.version);
        const result = await verifyKey(String(rotated.id), { credential, checks: ["rotation"] });
        expect(summary(result)).toEqual(["read: ok", "rotation: ok"]);
    });

    test("the pool holds automatic rotation to once every 28 days, where a vault takes 7 (managed-hsm/key-rotation.md)", async () => {
        const { app, credential } = identity("hsm-rotation-limits");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const client = new KeyClient(pool.url, credential, { retryOptions: { maxRetries: 0 } });
        await client.createRsaKey("rotation-limits", { hsm: true, keySize: 2048, keyOps: ["wrapKey", "unwrapKey"] });
        const policy = (trigger: { timeAfterCreate: string } | { timeBeforeExpiry: string }, expiresIn: string) =>
            client.updateKeyRotationPolicy("rotation-limits", { lifetimeActions: [{ action: "Rotate", ...trigger }], expiresIn }).then(() => "set", (e: unknown) => (e as { statusCode?: number; message?: string }));
        expect(await policy({ timeAfterCreate: "P7D" }, "P1Y")).toMatchObject({ statusCode: 400, message: "Trigger 'P7D' must be an ISO 8601 duration of at least 28 days: a Managed HSM rotates a key at most once every 28 days." });
        expect(await policy({ timeAfterCreate: "P27D" }, "P1Y")).toMatchObject({ statusCode: 400 });
        expect(await policy({ timeAfterCreate: "P28D" }, "P1Y")).toBe("set");
        expect(await policy({ timeBeforeExpiry: "P29D" }, "P56D")).toMatchObject({ statusCode: 400, message: "Trigger 'P29D' must fall at least 28 days before the expiry time 'P56D': a Managed HSM rotates a key at most once every 28 days." });
        expect(await policy({ timeBeforeExpiry: "P28D" }, "P56D")).toBe("set");
        // A vault keeps Key Vault's own floor of 7 days.
        const vault = standIn.addVault("kv-rotation-limits", tenantId);
        const officer = identity("kv-rotation-officer");
        vault.assignRole(officer.app.objectId, "Key Vault Crypto Officer");
        const vaultClient = new KeyClient(vault.url, officer.credential, { retryOptions: { maxRetries: 0 } });
        await vaultClient.createRsaKey("rotation-limits", { hsm: true, keySize: 2048 });
        await expect(vaultClient.updateKeyRotationPolicy("rotation-limits", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P7D" }], expiresIn: "P1Y" })).resolves.toBeDefined();
        await expect(vaultClient.updateKeyRotationPolicy("rotation-limits", { lifetimeActions: [{ action: "Rotate", timeBeforeExpiry: "P49D" }], expiresIn: "P56D" })).resolves.toBeDefined();
    });

    test("the pool rotates a key on demand only while a rotation policy is set for it; a vault rotates one without", async () => {
        const { app, credential } = identity("hsm-rotate-unpolicied");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const client = new KeyClient(pool.url, credential, { retryOptions: { maxRetries: 0 } });
        const created = await client.createRsaKey("unpolicied", { hsm: true, keySize: 2048, keyOps: ["wrapKey", "unwrapKey"] });
        await expect(client.rotateKey("unpolicied")).rejects.toMatchObject({ statusCode: 400, code: "BadParameter", message: "Key unpolicied has no rotation policy: a Managed HSM rotates a key on demand only once its rotation policy is set." });
        await client.updateKeyRotationPolicy("unpolicied", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P90D" }], expiresIn: "P1Y" });
        expect((await client.rotateKey("unpolicied")).properties.version).not.toBe(created.properties.version);
        // A blank policy removes it (key-rotation.md), and on-demand rotation with it.
        await client.updateKeyRotationPolicy("unpolicied", { lifetimeActions: [] });
        await expect(client.rotateKey("unpolicied")).rejects.toMatchObject({ statusCode: 400 });
        expect(pool.keys.get("unpolicied")).toHaveLength(2);
        const vault = standIn.addVault("kv-rotate-unpolicied", tenantId);
        const officer = identity("kv-rotate-officer");
        vault.assignRole(officer.app.objectId, "Key Vault Crypto Officer");
        const vaultClient = new KeyClient(vault.url, officer.credential, { retryOptions: { maxRetries: 0 } });
        const vaultKey = await vaultClient.createRsaKey("unpolicied", { hsm: true, keySize: 2048 });
        expect((await vaultClient.rotateKey("unpolicied")).properties.version).not.toBe(vaultKey.properties.version);
    });

    test("a Crypto Service Encryption User may not set a rotation policy: that is keys/write, which only a Crypto User holds", async () => {
        const { app, credential } = identity("hsm-cmk-policy");
        pool.assignRole(app.objectId, "Managed HSM Crypto Service Encryption User");
        await expect(new KeyClient(pool.url, credential, { retryOptions: { maxRetries: 0 } }).updateKeyRotationPolicy("cmk", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P30D" }], expiresIn: "P1Y" }))
            .rejects.toMatchObject({ statusCode: 403, code: "AccessDenied", message: expect.stringContaining("Microsoft.KeyVault/managedHsm/keys/write/action on /keys/cmk") });
    });

    test("a backup refused a key reader names Managed HSM Backup, which lifts it: no Crypto Officer needed", async () => {
        const { app, credential } = identity("hsm-backup-operator");
        pool.assignRole(app.objectId, "Managed HSM Crypto Service Encryption User");
        const backupDir = await scratchDir("hsm-backup-role-");
        const refused = await verifyKey(keyId, { credential, checks: ["backup"], backupDir });
        expect(refused.steps.map((s) => s.error?.code ?? "ok")).toEqual(["ok", "Forbidden"]);
        expect(refused.steps[1].error?.suggestion).toContain(`Managed HSM local role "Managed HSM Backup (or Managed HSM Crypto User)"`);
        expect(refused.steps[1].error?.suggestion).toContain(`--role "Managed HSM Backup" --scope /keys/cmk --assignee-object-id ${app.objectId}`);
        pool.assignRole(app.objectId, "Managed HSM Backup");
        expect(summary(await verifyKey(keyId, { credential, checks: ["backup"], backupDir }))).toEqual(["read: ok", "backup: ok"]);
    });
});

describe("a Managed HSM's AES (oct-HSM) keys", () => {
    function aesCalls(from: number): string[] {
        return standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get").map((e) => `${e.operation} ${e.status}`);
    }

    test("are verified by default with an AES-GCM round trip, refused with its tag altered, and an AES key wrap through the pool, none of it here", async () => {
        const { app, credential } = identity("hsm-aes-user");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-256", { kty: "oct-HSM", keySize: 256 });
        const from = standIn.log.length;
        const result = await verifyKey(aesKeyId, { credential });
        expect(summary(result)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok"]);
        // The second decrypt sends the tag altered: the pool refuses it, as GCM authenticates.
        expect(aesCalls(from)).toEqual(["encrypt 200", "decrypt 200", "decrypt 400", "wrapkey 200", "unwrapkey 200"]);
    });

    test("an AES-GCM decrypt or AES key unwrap that hands back other bytes fails its step as a payload mismatch", async () => {
        const { app, credential } = identity("hsm-aes-corrupt");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-corrupt", { kty: "oct-HSM", keySize: 256 });
        try {
            pool.faults = { corruptNext: { count: 1 } };
            expect(summary(await verifyKey(aesKeyId, { credential, checks: ["encrypt-decrypt"] }))).toEqual(["read: ok", expect.stringMatching(/^encrypt-decrypt: PayloadMismatch: /)]);
            pool.faults = { corruptNext: { count: 1 } };
            expect(summary(await verifyKey(aesKeyId, { credential, checks: ["wrap-unwrap"] }))).toEqual(["read: ok", expect.stringMatching(/^wrap-unwrap: PayloadMismatch: /)]);
        } finally {
            pool.faults = {};
        }
    });

    test("an altered-tag decrypt answered with a 5xx is no proof the pool checked the tag: the step fails", async () => {
        const { app, credential } = identity("hsm-aes-probe");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-probe", { kty: "oct-HSM", keySize: 256 });
        let decrypts = 0;
        // The round trip's own decrypt answers; the probe's, with the tag altered, meets a 503.
        pool.faults = { afterOperation: (op) => { if (op === "decrypt" && ++decrypts === 1) pool.faults.failNext = { count: 100, status: 503 }; } };
        try {
            const result = await verifyKey(aesKeyId, { credential, checks: ["encrypt-decrypt"], retryOptions: { maxRetries: 0 } });
            expect(result.steps.find((s) => s.name === "encrypt-decrypt")?.ok).toBe(false);
        } finally {
            pool.faults = {};
        }
    });

    test("a key of another size is found by the vault's refusal of the larger algorithms, once, and used for every step", async () => {
        const { app, credential } = identity("hsm-aes-128");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-128", { kty: "oct-HSM", keySize: 128 });
        const from = standIn.log.length;
        const result = await verifyKey(aesKeyId, { credential, checks: ["wrap-unwrap", "encrypt-decrypt"] });
        expect(result.ok).toBe(true);
        expect(aesCalls(from)).toEqual(["encrypt 400", "encrypt 400", "encrypt 200", "decrypt 200", "decrypt 400", "wrapkey 200", "unwrapkey 200"]);
    });

    test("older versions still decrypt after a rotation, and the key backs up with every version", async () => {
        const { app, credential } = identity("hsm-aes-backup");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        pool.createKey("aes-rotating", { kty: "oct-HSM", keySize: 192 });
        const rotated = pool.rotateKey("aes-rotating");
        const backupDir = await scratchDir("hsm-backup-");
        const result = await verifyKey(rotated, { credential, checks: ["previous-versions", "backup"], backupDir });
        expect(summary(result)).toEqual(["read: ok", "previous-versions: ok", "backup: ok"]);
        expect(await readdir(backupDir)).toEqual([`hsm-sovereign.aes-rotating.${result.keyVersion}.keybackup`]);
    });

    test("older versions outside their dates are named as not checked, and why: the pool encrypts nothing under them and an AES key has no public half", async () => {
        const { app, credential } = identity("hsm-aes-history");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const version = (id: string) => id.split("/").at(-1) ?? "";
        const nowSeconds = Math.floor(Date.now() / 1000);
        const expired = version(pool.createKey("aes-history", { kty: "oct-HSM", attributes: { exp: nowSeconds - 86400 } }));
        const early = version(pool.createKey("aes-history", { kty: "oct-HSM", attributes: { nbf: nowSeconds + 86400 } }));
        const valid = version(pool.createKey("aes-history", { kty: "oct-HSM" }));
        const current = pool.createKey("aes-history", { kty: "oct-HSM" });
        const from = standIn.log.length;
        const result = await verifyKey(current, { credential, checks: ["previous-versions"] });
        // The check passes for what it proved, and says what it did not: Key Vault refuses by design to encrypt under those versions.
        expect(summary(result)).toEqual(["read: ok", "previous-versions: ok"]);
        expect(result.ok).toBe(true);
        const expiredOn = new Date((nowSeconds - 86400) * 1000).toISOString();
        const validFrom = new Date((nowSeconds + 86400) * 1000).toISOString();
        const why = "the pool still decrypts and unwraps under it, but encrypts and wraps nothing, and an AES key has no public half to encrypt with here, so no data could be made to prove it opens";
        expect(result.steps[1].unchecked).toEqual([
            { version: expired, code: "KeyExpired", message: `Not checked: version ${expired} expired on ${expiredOn}; ${why}.` },
            { version: early, code: "KeyNotYetValid", message: `Not checked: version ${early} is not valid before ${validFrom}; ${why}.` },
        ]);
        // Only the version inside its dates was round-tripped.
        expect(aesCalls(from)).toEqual(["versions 200", "encrypt 200", "decrypt 200", "decrypt 400"]);
        expect(standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "encrypt").map((e) => e.version)).toEqual([valid]);
        // The text report prints them under the step.
        const lines = formatSteps(result.steps);
        expect(lines.slice(1)).toEqual([
            expect.stringMatching(/^ {2}ok {3}previous-versions \(\d+ ms\)$/),
            `       Not checked: version ${expired} expired on ${expiredOn}; ${why}.`,
            `       Not checked: version ${early} is not valid before ${validFrom}; ${why}.`,
        ]);
    });

    test("a customer-managed AES key (wrap only) proves each older version by wrapping under it, each at its own size", async () => {
        const { app, credential } = identity("hsm-aes-cmk");
        pool.assignRole(app.objectId, "Managed HSM Crypto Service Encryption User");
        pool.createKey("aes-cmk", { kty: "oct-HSM", keySize: 128, keyOps: ["wrapKey", "unwrapKey"] });
        const current = pool.createKey("aes-cmk", { kty: "oct-HSM", keySize: 256, keyOps: ["wrapKey", "unwrapKey"] });
        const from = standIn.log.length;
        const result = await verifyKey(current, { credential, checks: ["previous-versions"] });
        expect(summary(result)).toEqual(["read: ok", "previous-versions: ok"]);
        // The older version is 128 bits: its size is found for it, not taken from the current version.
        expect(aesCalls(from)).toEqual(["versions 200", "wrapkey 400", "wrapkey 400", "wrapkey 200", "unwrapkey 200"]);
    });

    test("each older version is proved by its own key_ops, and a disabled one is named as not checked rather than skipped", async () => {
        const { app, credential } = identity("hsm-aes-widened");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const version = (id: string) => id.split("/").at(-1) ?? "";
        const disabled = version(pool.createKey("aes-widened", { kty: "oct-HSM", attributes: { enabled: false } }));
        const wrapOnly = version(pool.createKey("aes-widened", { kty: "oct-HSM", keyOps: ["wrapKey", "unwrapKey"] }));
        const current = pool.createKey("aes-widened", { kty: "oct-HSM" });
        const from = standIn.log.length;
        const result = await verifyKey(current, { credential, checks: ["previous-versions"] });
        expect(summary(result)).toEqual(["read: ok", "previous-versions: ok"]);
        expect(result.steps[1].unchecked).toEqual([{ version: disabled, code: "KeyDisabled", message: expect.stringContaining(`Not checked: version ${disabled} is disabled`) }]);
        // The wrap-only version is wrapped under, though the current version also encrypts.
        expect(aesCalls(from)).toEqual(["versions 200", "wrapkey 200", "unwrapkey 200"]);
        expect(standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "wrapkey").map((e) => e.version)).toEqual([wrapOnly]);
    });

    describe("a pool that does not use the key fails, though its round trips would pass", () => {
        async function verifyFaulty(name: string, faults: Faults, checks: CheckName[], keyOps?: KeyOperation[]): Promise<{ keyId: string; result: KeyVerification }> {
            const { app, credential } = identity(`hsm-${name}`);
            pool.assignRole(app.objectId, "Managed HSM Crypto User");
            const keyId = pool.createKey(name, { kty: "oct-HSM", keySize: 256, ...(keyOps ? { keyOps } : {}) });
            pool.faults = faults;
            try {
                return { keyId, result: await verifyKey(keyId, { credential, checks }) };
            } finally {
                pool.faults = {};
            }
        }
        const notMadeWithTheKey = "The HSM must encrypt and wrap with the key itself: check that what answers at the vault's address is Key Vault or Managed HSM, and that nothing between you and it rewrites traffic.";

        test("an AES-GCM encrypt that echoes the plaintext with no IV or tag", async () => {
            const { keyId, result } = await verifyFaulty("aes-echo", { echoNext: { count: 2 } }, ["encrypt-decrypt"]);
            expect(summary(result)).toEqual(["read: ok", `encrypt-decrypt: PayloadMismatch: Payload mismatch: encrypt with ${keyId} returned A256GCM ciphertext without the IV and authentication tag AES-GCM makes.`]);
            expect(result.steps[1].error?.suggestion).toBe(notMadeWithTheKey);
        });

        test("an AES-GCM encrypt that echoes the plaintext dressed with a random IV and tag", async () => {
            const { keyId, result } = await verifyFaulty("aes-echo-dressed", { echoNext: { count: 2, dressed: true } }, ["encrypt-decrypt"]);
            expect(summary(result)).toEqual(["read: ok", `encrypt-decrypt: PayloadMismatch: Payload mismatch: encrypt with ${keyId} returned the plaintext itself as A256GCM ciphertext.`]);
        });

        test("an AES-GCM decrypt that opens ciphertext whose tag was altered", async () => {
            const from = standIn.log.length;
            const { keyId, result } = await verifyFaulty("aes-unchecked-tag", { uncheckedGcmTag: true }, ["encrypt-decrypt"]);
            expect(summary(result)).toEqual(["read: ok", `encrypt-decrypt: PayloadMismatch: Payload mismatch: decrypt with ${keyId} opened A256GCM ciphertext whose authentication tag was altered, so it does not authenticate what it decrypts.`]);
            expect(aesCalls(from)).toEqual(["encrypt 200", "decrypt 200", "decrypt 200"]);
        });

        test("an AES key wrap that echoes the key", async () => {
            const { keyId, result } = await verifyFaulty("aes-kw-echo", { echoNext: { count: 2 } }, ["wrap-unwrap"], ["wrapKey", "unwrapKey"]);
            expect(summary(result)).toEqual(["read: ok", `wrap-unwrap: PayloadMismatch: Payload mismatch: wrapKey with ${keyId} returned 32 bytes for a 32-byte key, not the 40 bytes A256KW makes (RFC 3394).`]);
            expect(result.steps[1].error?.suggestion).toBe(notMadeWithTheKey);
        });

        test("an AES key wrap that puts RFC 3394's IV before the key in the clear", async () => {
            const { keyId, result } = await verifyFaulty("aes-kw-echo-dressed", { echoNext: { count: 2, dressed: true } }, ["wrap-unwrap"], ["wrapKey", "unwrapKey"]);
            expect(summary(result)).toEqual(["read: ok", `wrap-unwrap: PayloadMismatch: Payload mismatch: wrapKey with ${keyId} returned the key to wrap in the clear within its A256KW result.`]);
        });

        test("an older version's round trip under previous-versions, which the same checks serve", async () => {
            const { app, credential } = identity("hsm-aes-echo-history");
            pool.assignRole(app.objectId, "Managed HSM Crypto User");
            const older = pool.createKey("aes-echo-history", { kty: "oct-HSM" });
            const current = pool.createKey("aes-echo-history", { kty: "oct-HSM" });
            pool.faults = { echoNext: { count: 2, dressed: true } };
            try {
                const result = await verifyKey(current, { credential, checks: ["previous-versions"] });
                expect(summary(result)).toEqual(["read: ok", `previous-versions: PayloadMismatch: Payload mismatch: encrypt with ${current} returned the plaintext itself as A256GCM ciphertext.`]);
                expect(standIn.log.filter((e) => e.authenticated && e.operation === "encrypt").at(-1)?.version).toBe(older.split("/").at(-1));
            } finally {
                pool.faults = {};
            }
        });
    });

    test("an AES key asked to be a KEK fails NotAKeyExchangeKey, not WrongOperations asking for import", async () => {
        const { app, credential } = identity("hsm-aes-kek");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-kek", { kty: "oct-HSM" });
        const result = await verifyKey(aesKeyId, { credential, checks: ["key-exchange"] });
        expect(result.steps.map((s) => s.error?.code ?? "ok")).toEqual(["ok", "NotAKeyExchangeKey"]);
        expect(result.steps[1].error?.message).toBe(`Not a key exchange key: ${aesKeyId} is oct-HSM, not RSA-HSM; allows [encrypt, decrypt, wrapKey, unwrapKey], not import alone; Key Vault's BYOK import takes only an RSA-HSM key of 2048, 3072 or 4096 bits whose key_ops are import alone.`);
        // A pool's KEK is made in the pool, not in a premium vault nor from the stack.
        expect(result.steps[1].error?.suggestion).toContain("Create the KEK in the Managed HSM the key will be imported into, as its Crypto User does with az keyvault key create --hsm-name hsm-sovereign --name <kek name> --kty RSA-HSM --size 4096 --ops import");
        expect(result.steps[1].error?.suggestion).not.toContain("premium vault");
    });

    test("the check that needs a public key is refused before any call, naming why", async () => {
        const { app, credential } = identity("hsm-aes-local");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-local", { kty: "oct-HSM" });
        const from = standIn.log.length;
        const result = await verifyKey(aesKeyId, { credential, checks: ["local-encrypt"] });
        expect(result.steps[0].error?.code).toBe("WrongOperations");
        expect(result.steps[0].error?.message).toBe(`Wrong operations: ${aesKeyId} allows [none of these: oct-HSM keys are symmetric, with no public key to encrypt with here] but verification needs [local-encrypt].`);
        expect(aesCalls(from)).toEqual([]);
    });

    test("a key whose key_ops allow no whole round trip fails read by what it lacks and what it allows, before any call, not for local-encrypt", async () => {
        const { app, credential } = identity("hsm-aes-half");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const aesKeyId = pool.createKey("aes-half", { kty: "oct-HSM", keyOps: ["decrypt", "unwrapKey"] });
        const from = standIn.log.length;
        const result = await verifyKey(aesKeyId, { credential });
        expect(summary(result)).toEqual([`read: WrongOperations: Wrong operations: ${aesKeyId} allows [decrypt, unwrapKey] but verification needs [encrypt, wrapKey].`]);
        expect(aesCalls(from)).toEqual([]);
    });

    test("an HMAC key (key_ops sign, verify) is verified by default: the pool signs with HS256, accepts its signature and refuses it altered", async () => {
        const { app, credential } = identity("hsm-hmac-user");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const hmacKeyId = pool.createKey("hmac-256", { kty: "oct-HSM", keySize: 256, keyOps: ["sign", "verify"] });
        const from = standIn.log.length;
        const result = await verifyKey(hmacKeyId, { credential });
        expect(summary(result)).toEqual(["read: ok", "sign-verify: ok"]);
        expect(aesCalls(from)).toEqual(["sign 200", "verify 200", "verify 200"]);
    });

    test("an HMAC key's signature the pool would not accept back fails sign-verify as a payload mismatch", async () => {
        const { app, credential } = identity("hsm-hmac-corrupt");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const hmacKeyId = pool.createKey("hmac-128", { kty: "oct-HSM", keySize: 128, keyOps: ["sign", "verify"] });
        pool.faults.corruptNext = { count: 1 };
        try {
            const result = await verifyKey(hmacKeyId, { credential, checks: ["sign-verify"] });
            expect(summary(result)).toEqual(["read: ok", `sign-verify: PayloadMismatch: Payload mismatch: verify with ${hmacKeyId} refused the HS256 signature the key had just made.`]);
        } finally {
            pool.faults.corruptNext = undefined;
        }
    });

    test("an HMAC key that may sign but not verify is refused before any call, naming verify", async () => {
        const { app, credential } = identity("hsm-hmac-sign-only");
        pool.assignRole(app.objectId, "Managed HSM Crypto User");
        const hmacKeyId = pool.createKey("hmac-sign-only", { kty: "oct-HSM", keyOps: ["sign"] });
        const from = standIn.log.length;
        const result = await verifyKey(hmacKeyId, { credential });
        expect(summary(result)).toEqual([`read: WrongOperations: Wrong operations: ${hmacKeyId} allows [sign] but verification needs [verify].`]);
        expect(aesCalls(from)).toEqual([]);
    });

    test("a key vault refuses them, as only Managed HSM holds symmetric keys", async () => {
        const vault = standIn.addVault("kv-no-aes", tenantId);
        const { app, credential } = identity("kv-officer");
        vault.assignRole(app.objectId, "Key Vault Crypto Officer");
        await expect(new KeyClient(vault.url, credential).createOctKey("aes", { hsm: true, keySize: 256 })).rejects.toMatchObject({ statusCode: 400, code: "BadParameter" });
        const maker = identity("hsm-aes-maker");
        pool.assignRole(maker.app.objectId, "Managed HSM Crypto User");
        const created = await new KeyClient(pool.url, maker.credential).createOctKey("aes-made", { hsm: true, keySize: 256 });
        expect(created.keyType).toBe("oct-HSM");
        expect(created.key?.k).toBeUndefined();
    });
});

test("import-key's usage names the role a pool's import needs: Managed HSM Crypto User, not its Crypto Officer, and the KEK made in the pool", () => {
    const usage = IMPORT_USAGE.replace(/\s+/g, " ");
    expect(usage).toContain("Needs Key Vault Crypto Officer on a vault; Managed HSM Crypto User on a Managed HSM, whose Crypto Officer may not import");
    expect(usage).toContain("whose KEK is made in the pool (az keyvault key create --hsm-name)");
    expect(usage).toContain("An AES key (--kty oct-HSM) imports into a Managed HSM only, for any purpose (with --purpose signing, an HMAC key: sign, verify).");
});

test("a vendor's key is imported into the pool by BYOK, protected to a key exchange key of the pool, and proven there", async () => {
    const { app, credential } = identity("hsm-byok-importer");
    pool.assignRole(app.objectId, "Managed HSM Crypto User");
    const kek = await new KeyClient(pool.url, credential).createRsaKey("hsm-kek", { hsm: true, keySize: 3072, keyOps: ["import"] });
    const dir = await scratchDir("hsm-byok-");
    const kekCheck = await verifyKey(String(kek.id), { credential, checks: ["key-exchange"], publicKeyDir: dir });
    expect(kekCheck.ok).toBe(true);
    const kekPem = await readFile(path.join(dir, `hsm-sovereign.hsm-kek.${kekCheck.keyVersion}.publickey.pem`), "utf8");
    const target = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const byok = path.join(dir, "vendor.byok");
    await writeFile(byok, createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: kekPem, targetKey: target }));
    // One who may read the KEK but not import is told the pool's Crypto User, which alone holds keys/import/action.
    const reader = identity("hsm-byok-reader");
    pool.assignRole(reader.app.objectId, "Managed HSM Crypto Service Encryption User");
    const refused = await runImportCommand(parseImportArgs(["--key-id", `${pool.url}/keys/vendor-cmk`, "--byok-file", byok]), { credential: reader.credential, retryOptions: { maxRetries: 0 } });
    expect(refused.result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["key-exchange-key: ok", "import: Forbidden"]);
    expect(refused.result.steps[1].error?.suggestion).toContain(`--role "Managed HSM Crypto User" --scope /keys/vendor-cmk --assignee-object-id ${reader.app.objectId}`);
    expect(refused.result.steps[1].error?.suggestion).not.toContain("Officer");
    const { result } = await runImportCommand(parseImportArgs(["--key-id", `${pool.url}/keys/vendor-cmk`, "--byok-file", byok]), { credential, retryOptions: { maxRetries: 0 } });
    expect(result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["key-exchange-key: ok", "import: ok"]);
    expect(result.verification?.ok).toBe(true);
    expect(pool.latest("vendor-cmk")?.kty).toBe("RSA-HSM");

    // An AES key (oct-HSM), which only a Managed HSM takes, travels the same way as its raw bytes.
    const aes = createSecretKey(randomBytes(32));
    const aesByok = path.join(dir, "vendor-aes.byok");
    await writeFile(aesByok, createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: kekPem, targetKey: aes }));
    const imported = await runImportCommand(parseImportArgs(["--key-id", `${pool.url}/keys/vendor-aes`, "--byok-file", aesByok, "--kty", "oct-HSM"]), { credential, retryOptions: { maxRetries: 0 } });
    expect(imported.result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["key-exchange-key: ok", "import: ok"]);
    expect(imported.result.verification?.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["read: ok", "wrap-unwrap: ok"]);
    expect(pool.latest("vendor-aes")?.privateKey.export().equals(aes.export())).toBe(true);
    // The same AES key material with purpose signing is an HMAC key, which the pool signs and verifies with (HS256).
    const hmacByok = path.join(dir, "vendor-hmac.byok");
    await writeFile(hmacByok, createTransferBlob({ kekId: String(kek.id), kekPublicKeyPem: kekPem, targetKey: createSecretKey(randomBytes(32)) }));
    const hmac = await runImportCommand(parseImportArgs(["--key-id", `${pool.url}/keys/vendor-hmac`, "--byok-file", hmacByok, "--kty", "oct-HSM", "--purpose", "signing"]), { credential, retryOptions: { maxRetries: 0 } });
    expect(hmac.result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["key-exchange-key: ok", "import: ok"]);
    expect(hmac.result.verification?.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`)).toEqual(["read: ok", "sign-verify: ok"]);
    expect(pool.latest("vendor-hmac")?.keyOps).toEqual(["sign", "verify"]);
    // A key vault holds no AES key: refused before anything is sent.
    await expect(runImportCommand(parseImportArgs(["--key-id", "https://kv-any.vault.azure.net/keys/vendor-aes", "--byok-file", aesByok, "--kty", "oct-HSM"]), { credential }))
        .rejects.toThrow("kty: oct-HSM (an AES key) imports into a Managed HSM only, and kv-any.vault.azure.net is a key vault");
});
