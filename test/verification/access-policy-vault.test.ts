import * as crypto from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isRestError } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { permissionSets } from "../../components/key-permissions";
import { importByokKey, verifyKey, type AccessWait, type KeyVerification } from "../../verification";
import { createTransferBlob } from "../support/byok-tool";
import { startFixture, stopFixture, type Fixture } from "./fixture";

/**
 * verify and import-key against a vault on access policies (enableRbacAuthorization false): each
 * operation needs its key permission, role assignments count for nothing, and a refusal is the
 * vault's 403 Forbidden with inner ForbiddenByPolicy (or AccessDenied), which no wait lifts.
 */
let fx: Fixture;
let dir: string;

beforeAll(async () => {
    fx = await startFixture("kv-policies");
    fx.vault.enableRbacAuthorization = false;
    dir = mkdtempSync(path.join(tmpdir(), "access-policy-"));
});

afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopFixture(fx);
});

/** A fresh application granted these key permissions in the vault's access policies, and a credential for it. */
function grantee(name: string, keyPermissions: readonly string[]) {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: name, secret: `${name}-secret` });
    fx.vault.setAccessPolicy(app.objectId, keyPermissions);
    return { app, credential: new ClientSecretCredential(fx.tenantId, app.clientId, `${name}-secret`, { retryOptions: { maxRetries: 0 } }) };
}

const summary = (result: KeyVerification) => result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`);
const without = (permissions: readonly string[], missing: string) => permissions.filter((p) => p !== missing);
const ALL_CRYPTO = ["get", "encrypt", "decrypt", "wrapKey", "unwrapKey"];

describe("the stand-in's access-policy vault", () => {
    test("refuses a caller with no policy as Key Vault does, 403 Forbidden with inner ForbiddenByPolicy naming caller, permission and vault, whatever roles it holds", async () => {
        const { app, credential } = grantee("no-policy", []);
        fx.vault.removeAccessPolicy(app.objectId);
        // Key Vault Crypto Officer would allow everything on an RBAC vault: here it reaches no key.
        fx.vault.assignRole(app.objectId, "Key Vault Crypto Officer");
        const error: unknown = await new KeyClient(fx.vault.url, credential).getKey("backup-key").catch((e: unknown) => e);
        expect(isRestError(error)).toBe(true);
        if (!isRestError(error)) return;
        expect(error.statusCode).toBe(403);
        expect(error.code).toBe("Forbidden");
        // The SDK's deserializer hands the body's innererror on as innerError.
        expect(error.details).toMatchObject({
            error: {
                code: "Forbidden",
                message: `The user, group or application 'appid=${app.clientId};oid=${app.objectId};iss=https://sts.windows.net/${fx.tenantId}/' does not have keys get permission on key vault 'kv-policies;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
                innerError: { code: "ForbiddenByPolicy" },
            },
        });
        expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "get", status: 403, errorCode: "ForbiddenByPolicy", principalId: app.objectId });
    });

    test("takes permissions in any case, as ARM stores them, and refuses one ARM does not know, naming it", async () => {
        const { app, credential } = grantee("any-case", ["GET", "WrapKey", "UNWRAPKEY"]);
        const key = await new KeyClient(fx.vault.url, credential).getKey("backup-key");
        expect(key.name).toBe("backup-key");
        expect(() => fx.vault.setAccessPolicy(app.objectId, ["get", "wrap"])).toThrow(/keyPermissions: "wrap" is not a key permission/);
    });

    test("a compound identity's entry (object id with an application id) grants only through that application", async () => {
        const { app, credential } = grantee("compound", []);
        fx.vault.removeAccessPolicy(app.objectId);
        fx.vault.setAccessPolicy(app.objectId, ["get"], { applicationId: crypto.randomUUID() });
        await expect(new KeyClient(fx.vault.url, credential).getKey("backup-key")).rejects.toMatchObject({ statusCode: 403 });
        fx.vault.setAccessPolicy(app.objectId, ["get"], { applicationId: app.clientId });
        await expect(new KeyClient(fx.vault.url, credential).getKey("backup-key")).resolves.toMatchObject({ name: "backup-key" });
    });

    test("a Managed HSM has no access policies", () => {
        const pool = fx.standIn.addManagedHsm("hsm-policies", fx.tenantId);
        expect(() => pool.setAccessPolicy(fx.app.objectId, ["get"])).toThrow(/Managed HSM: it has no access policies/);
        expect(() => { pool.enableRbacAuthorization = false; }).toThrow(/Managed HSM: it has no access policies/);
    });
});

describe("verify", () => {
    test("a key allowing every RSA operation passes the default checks with get, encrypt, decrypt, wrapKey and unwrapKey", async () => {
        const { credential } = grantee("all-crypto", ALL_CRYPTO);
        const result = await verifyKey(fx.keyId, { credential });
        expect(summary(result)).toEqual(["read: ok", "encrypt-decrypt: ok", "wrap-unwrap: ok", "local-encrypt: ok"]);
    });

    test.each([
        ["cmkService", ["wrapKey", "unwrapKey"] as const, ["read: ok", "wrap-unwrap: ok"]],
        ["applicationCrypto", ["encrypt", "decrypt"] as const, ["read: ok", "encrypt-decrypt: ok", "local-encrypt: ok"]],
    ] as const)("what the stack's %s access policy grants passes the default checks of a key for that purpose", async (set, keyOps, steps) => {
        fx.vault.createKey(`for-${set}`, { kty: "RSA-HSM", keyOps: [...keyOps], keyPair: fx.pair });
        const { credential } = grantee(`stack-${set}`, permissionSets[set].keyPermissions);
        const result = await verifyKey(`${fx.vault.url}/keys/for-${set}`, { credential });
        expect(summary(result)).toEqual(steps);
    });

    test.each([
        ["get", ["read"]],
        ["encrypt", ["encrypt-decrypt"]],
        // local-encrypt encrypts here, with the public key, and has the vault decrypt.
        ["decrypt", ["encrypt-decrypt", "local-encrypt"]],
        ["wrapKey", ["wrap-unwrap"]],
        ["unwrapKey", ["wrap-unwrap"]],
    ])("without %s, %j fail Forbidden, denied by the vault's access policies, naming the operation and the permission to grant", async (missing, steps) => {
        const { app, credential } = grantee(`no-${missing}`, without(ALL_CRYPTO, missing));
        const result = await verifyKey(fx.keyId, { credential });
        const failed = result.steps.filter((s) => !s.ok);
        expect(failed.map((s) => s.name)).toEqual(steps);
        for (const step of failed) {
            expect(step.error?.code).toBe("Forbidden");
            expect(step.error?.message).toBe(`Forbidden: application ${app.clientId} (object id ${app.objectId}) may not ${missing} with ${fx.keyId} (denied by the vault's access policies).`);
            expect(step.error?.suggestion).toMatch(new RegExp(`^Grant .* the key permission "${missing}" in the vault's access policies: in the stack, add it to the entry's keyPermissions in accessPolicies; by hand, az keyvault set-policy --name \\S+ --object-id [0-9a-f-]{36} --key-permissions <every key permission it needs, ${missing} among them> \\(the list replaces the entry's key permissions\\)\\. The vault uses access policies, so role assignments do not apply to it\\.$`));
        }
        expect(fx.standIn.log.filter((e) => e.principalId === app.objectId && e.status === 403).map((e) => `${e.operation} ${e.errorCode ?? ""}`)).toEqual(steps.map(() => `${missing.toLowerCase()} ForbiddenByPolicy`));
    });

    test("the same refusal with inner AccessDenied, as it is also reported, is named the vault's access policies too, and advises the same grant", async () => {
        const { app, credential } = grantee("no-wrap-access-denied", without(ALL_CRYPTO, "wrapKey"));
        fx.vault.faults = { accessPolicyRefusalCode: "AccessDenied" };
        try {
            const result = await verifyKey(fx.keyId, { credential, checks: ["wrap-unwrap"] });
            expect(summary(result)).toEqual(["read: ok", "wrap-unwrap: Forbidden"]);
            expect(result.steps[1].error?.message).toBe(`Forbidden: application ${app.clientId} (object id ${app.objectId}) may not wrapKey with ${fx.keyId} (denied by the vault's access policies).`);
            expect(result.steps[1].error?.suggestion).toContain('the key permission "wrapKey" in the vault\'s access policies');
            expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "wrapkey", status: 403, errorCode: "AccessDenied", principalId: app.objectId });
        } finally {
            fx.vault.faults = {};
        }
    });

    test("--check rotation needs getrotationpolicy, which get does not carry", async () => {
        fx.vault.createKey("rotating", { kty: "RSA-HSM", keyPair: fx.pair, attributes: { exp: Math.floor(Date.now() / 1000) + 365 * 86400 } });
        fx.vault.setRotationPolicy("rotating", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" });
        const keyId = `${fx.vault.url}/keys/rotating`;
        const refused = await verifyKey(keyId, { credential: grantee("auditor-get", ["get"]).credential, checks: ["rotation"] });
        expect(summary(refused)).toEqual(["read: ok", "rotation: Forbidden"]);
        expect(refused.steps[1].error?.message).toMatch(/may not getrotationpolicy with .* \(denied by the vault's access policies\)\.$/);
        expect(refused.steps[1].error?.suggestion).toContain('the key permission "getrotationpolicy" in the vault\'s access policies');
        const allowed = await verifyKey(keyId, { credential: grantee("auditor", ["get", "getrotationpolicy"]).credential, checks: ["rotation"] });
        expect(summary(allowed)).toEqual(["read: ok", "rotation: ok"]);
    });

    test("--check previous-versions needs list to read the key's versions, and names list when it is missing", async () => {
        fx.vault.createKey("history", { kty: "RSA-HSM", keyPair: fx.pair });
        fx.vault.rotateKey("history");
        const keyId = `${fx.vault.url}/keys/history`;
        const refused = await verifyKey(keyId, { credential: grantee("history-no-list", ALL_CRYPTO).credential, checks: ["previous-versions"] });
        expect(summary(refused)).toEqual(["read: ok", "previous-versions: Forbidden"]);
        expect(refused.steps[1].error?.message).toMatch(/may not list with .* \(denied by the vault's access policies\)\.$/);
        expect(refused.steps[1].error?.suggestion).toContain('the key permission "list" in the vault\'s access policies');
        expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "versions", status: 403, errorCode: "ForbiddenByPolicy" });
        const allowed = await verifyKey(keyId, { credential: grantee("history", [...ALL_CRYPTO, "list"]).credential, checks: ["previous-versions"] });
        expect(summary(allowed)).toEqual(["read: ok", "previous-versions: ok"]);
    });

    test("--check backup needs backup", async () => {
        const refused = await verifyKey(fx.keyId, { credential: grantee("no-backup", ["get"]).credential, checks: ["backup"], backupDir: dir });
        expect(summary(refused)).toEqual(["read: ok", "backup: Forbidden"]);
        expect(refused.steps[1].error?.message).toMatch(/may not backup with .* \(denied by the vault's access policies\)\.$/);
        expect(readdirSync(dir)).toEqual([]);
        const allowed = await verifyKey(fx.keyId, { credential: grantee("backup", ["get", "backup"]).credential, checks: ["backup"], backupDir: dir });
        expect(summary(allowed)).toEqual(["read: ok", "backup: ok"]);
        expect(readdirSync(dir)).toEqual([`kv-policies.backup-key.${allowed.keyVersion}.keybackup`]);
    });

    test("--wait-for-access does not wait on an access policy's refusal: only a new role assignment propagates, and roles reach no key here", async () => {
        const { app, credential } = grantee("no-wait", ["get"]);
        // A role assignment just made, which on an RBAC vault would be worth waiting for.
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User", { takesEffectAfterMs: 200 });
        const waits: AccessWait[] = [];
        const started = Date.now();
        const result = await verifyKey(fx.keyId, { credential, checks: ["wrap-unwrap"], waitForAccessMs: 10_000, accessRetryIntervalMs: 100, onAccessWait: (w) => waits.push(w) });
        expect(summary(result)).toEqual(["read: ok", "wrap-unwrap: Forbidden"]);
        expect(waits).toEqual([]);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(fx.standIn.log.filter((e) => e.principalId === app.objectId && e.status === 403)).toHaveLength(1);
    });
});

describe("import-key", () => {
    let kekId: string;
    let kekPem: string;

    beforeAll(() => {
        kekId = fx.vault.createKey("byok-kek", { kty: "RSA-HSM", keySize: 3072, keyOps: ["import"] });
        kekPem = fx.vault.latest("byok-kek")?.publicKey.export({ format: "pem", type: "spki" }).toString() ?? "";
    });

    /** A vendor's .byok blob of a fresh RSA key, protected to the vault's KEK. */
    function blob(): Buffer {
        return createTransferBlob({ kekId, kekPublicKeyPem: kekPem, targetKey: crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey });
    }

    const stepSummary = (steps: { name: string; ok: boolean; error: { code: string } | null }[]) => steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`);

    test("imports and verifies a CMK key with get (the KEK, the name checks, the new key), import, wrapKey and unwrapKey", async () => {
        const { credential } = grantee("importer", ["get", "import", "wrapKey", "unwrapKey"]);
        const from = fx.standIn.log.length;
        const result = await importByokKey(`${fx.vault.url}/keys/imported`, { credential, transferBlob: blob() });
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(result.verification && summary(result.verification)).toEqual(["read: ok", "wrap-unwrap: ok"]);
        expect(result.ok).toBe(true);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => `${e.operation} ${e.status}`)).toEqual(["get 200", "get 404", "getdeleted 404", "import 200", "get 200", "wrapkey 200", "unwrapkey 200", "unwrapkey 200"]);
    });

    test("without import the import step fails Forbidden, denied by the vault's access policies", async () => {
        const { credential } = grantee("no-import", ["get", "wrapKey", "unwrapKey"]);
        const result = await importByokKey(`${fx.vault.url}/keys/not-imported`, { credential, transferBlob: blob() });
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: Forbidden"]);
        expect(result.steps[1].error?.message).toMatch(/may not import with .* \(denied by the vault's access policies\)\.$/);
        expect(fx.vault.keys.has("not-imported")).toBe(false);
    });

    test("without get the KEK cannot be read and nothing is imported", async () => {
        const { app, credential } = grantee("no-get", ["import", "wrapKey", "unwrapKey"]);
        const result = await importByokKey(`${fx.vault.url}/keys/unread`, { credential, transferBlob: blob() });
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: Forbidden"]);
        expect(result.steps[0].error?.message).toMatch(/may not get with .*byok-kek.* \(denied by the vault's access policies\)\.$/);
        expect(fx.standIn.log.filter((e) => e.principalId === app.objectId).map((e) => `${e.operation} ${e.status}`)).toEqual(["get 403"]);
    });

    test("the appliance set, without Get Rotation Policy, imports a next version: the refused policy read does not hold it up", async () => {
        const { app, credential } = grantee("appliance-renewing", permissionSets.keyManagementAppliance.keyPermissions);
        fx.vault.createKey("appliance-renewed", { kty: "RSA-HSM", keyOps: ["wrapKey", "unwrapKey"] });
        const result = await importByokKey(`${fx.vault.url}/keys/appliance-renewed`, { credential, transferBlob: blob(), newVersion: true });
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(fx.standIn.log.filter((e) => e.principalId === app.objectId).map((e) => `${e.operation} ${e.status}`).slice(0, 4)).toEqual(["get 200", "get 200", "getrotationpolicy 403", "import 200"]);
        expect(fx.vault.latest("appliance-renewed")?.keyOps).toEqual(["wrapKey", "unwrapKey"]);
    });

    test("the stack's keyManagementAppliance set imports, but cannot prove a CMK key it lacks wrapKey and unwrapKey for", async () => {
        const { credential } = grantee("appliance", permissionSets.keyManagementAppliance.keyPermissions);
        const result = await importByokKey(`${fx.vault.url}/keys/appliance-imported`, { credential, transferBlob: blob() });
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(result.verification && summary(result.verification)).toEqual(["read: ok", "wrap-unwrap: Forbidden"]);
        expect(result.verification?.steps[1].error?.message).toMatch(/may not wrapKey with .* \(denied by the vault's access policies\)\.$/);
        expect(result.ok).toBe(false);
    });
});
