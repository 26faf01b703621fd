import { ClientCertificateCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { verifyKey, verifyKeys, type VerifyKeyOptions } from "../../verification";
import { formatSteps } from "../../verification/command";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let options: VerifyKeyOptions;

beforeAll(async () => {
    fx = await startFixture("kv-throttle");
    options = { credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }) };
});

afterAll(async () => {
    await stopFixture(fx);
});

afterEach(() => {
    fx.vault.faults = {};
    fx.vault.throttle = undefined;
});

test("a burst of 429s with Retry-After: 1 is waited out and retried to success", async () => {
    fx.vault.faults.throttleNext = { count: 3, retryAfterSeconds: 1 };
    const from = fx.standIn.log.length;
    const started = Date.now();
    const result = await verifyKey(fx.keyId, options);
    expect(result.ok).toBe(true);
    const throttled = fx.standIn.log.slice(from).filter((e) => e.status === 429);
    expect(throttled).toHaveLength(3);
    // Each 429 said "wait 1 s", and the client did: no retry came sooner than a second after the previous 429.
    for (const [i, entry] of throttled.entries()) {
        const next = fx.standIn.log.slice(from).find((e) => e.at > entry.at && e.authenticated && e !== throttled[i]);
        expect(next && next.at - entry.at).toBeGreaterThanOrEqual(990);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 990);
}, 20000);

test("a fleet over a vault's limit honours Retry-After per vault and no check fails from throttling", async () => {
    const keyIds = Array.from({ length: 5 }, (_, i) => fx.vault.createKey(`fleet-${i}`, { keyPair: fx.pair }));
    // 6 transactions per 1 s window: the 5 keys need 30, so the first burst is throttled however slow the machine.
    fx.vault.throttle = { limit: 6, windowMs: 1000 };
    const from = fx.standIn.log.length;
    const result = await verifyKeys(keyIds, { ...options, concurrency: 5, perVaultConcurrency: 5 });
    expect(result.keys.filter((k) => !k.ok).map((k) => k.steps.find((s) => !s.ok)?.error?.message)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.keys.map((k) => k.keyId)).toEqual(keyIds);
    const log = fx.standIn.log.slice(from);
    expect(log.some((e) => e.status === 429)).toBe(true);
    expect(result.vaults).toEqual([expect.objectContaining({ host: "kv-throttle.vault.azure.net" })]);
    expect(result.vaults[0].throttled).toBeGreaterThan(0);
}, 20000);

test("the fleet's User-Agent stays the same however many keys it checks (the SDK appends to a shared options object)", async () => {
    const keyIds = Array.from({ length: 5 }, (_, i) => fx.vault.createKey(`agent-${i}`, { keyPair: fx.pair }));
    const from = fx.standIn.log.length;
    const result = await verifyKeys(keyIds, { ...options, concurrency: 2 });
    expect(result.ok).toBe(true);
    const agents = new Set(fx.standIn.log.slice(from).map((e) => e.userAgent));
    expect(agents.size).toBe(1);
    expect([...agents][0]).toMatch(/^azure-byok-verify azsdk-js-keyvault-keys\/4\.10\.2 /);
}, 20000);

test("the fleet never checks more keys of one vault at once than perVaultConcurrency", async () => {
    const keyIds = Array.from({ length: 6 }, (_, i) => fx.vault.createKey(`bounded-${i}`, { keyPair: fx.pair }));
    fx.vault.faults.delayMs = 20;
    let active = 0;
    let peak = 0;
    const seen = new Set<string>();
    const from = fx.standIn.log.length;
    fx.vault.faults.afterOperation = (operation, name) => {
        if (operation === "get" && !seen.has(name)) {
            seen.add(name);
            active++;
            peak = Math.max(peak, active);
        }
        if (operation === "decrypt" && seen.has(name)) {
            // local-encrypt's decrypt is each key's last call.
            const decrypts = fx.standIn.log.slice(from).filter((e) => e.operation === "decrypt" && e.status === 200 && e.path.includes(`/${name}/`));
            if (decrypts.length === 2) {
                active--;
            }
        }
    };
    const result = await verifyKeys(keyIds, { ...options, concurrency: 6, perVaultConcurrency: 2 });
    expect(result.ok).toBe(true);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
}, 20000);

test("rotation mid-check: data encrypted under the old version still decrypts after the key rotates", async () => {
    fx.vault.createKey("rotating");
    const keyId = `${fx.vault.url}/keys/rotating`; // versionless: the latest version at read time
    const oldVersion = fx.vault.latest("rotating")?.version;
    let newVersion = "";
    fx.vault.faults.afterOperation = (operation, name) => {
        if (operation === "encrypt" && name === "rotating" && !newVersion) {
            newVersion = fx.vault.rotateKey("rotating").split("/").pop() ?? "";
        }
    };
    const from = fx.standIn.log.length;
    const result = await verifyKey(keyId, { ...options, checks: ["encrypt-decrypt", "wrap-unwrap", "local-encrypt"] });
    expect(result.ok).toBe(true);
    expect(newVersion).toMatch(/^[0-9a-f]{32}$/);
    expect(newVersion).not.toBe(oldVersion);
    expect(result.keyVersion).toBe(oldVersion);
    // Every operation after the rotation still named the version the data was protected under.
    const ops = fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get");
    expect(ops.map((e) => e.version)).toEqual(ops.map(() => oldVersion));
    // A later check of the versionless id verifies the new version.
    const later = await verifyKey(keyId, { ...options, checks: ["encrypt-decrypt"] });
    expect(later.keyVersion).toBe(newVersion);
});

test("previous-versions: data under every older enabled version still decrypts", async () => {
    fx.vault.createKey("history");
    const keyId = `${fx.vault.url}/keys/history`;
    fx.vault.rotateKey("history");
    fx.vault.rotateKey("history");
    const from = fx.standIn.log.length;
    const result = await verifyKey(keyId, { ...options, checks: ["previous-versions"] });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
        ["read", true],
        ["previous-versions", true],
    ]);
    const decrypted = fx.standIn.log.slice(from).filter((e) => e.operation === "decrypt" && e.status === 200).map((e) => e.version);
    const versions = (fx.vault.keys.get("history") ?? []).map((v) => v.version);
    expect(decrypted).toEqual([versions[0], versions[1]]);
});

test("previous-versions: an expired version's data still decrypts (Key Vault decrypts outside a version's dates), and a wrap-only key is proved by unwrapping", async () => {
    // An application's key: its oldest version expired after rotation, as a policy's expiryTime makes it.
    fx.vault.createKey("expiring");
    fx.vault.rotateKey("expiring");
    const [oldest] = fx.vault.keys.get("expiring") ?? [];
    fx.vault.updateKey("expiring", { exp: Math.floor(Date.now() / 1000) - 86400 }, oldest.version);
    let from = fx.standIn.log.length;
    const expired = await verifyKey(`${fx.vault.url}/keys/expiring`, { ...options, checks: ["previous-versions"] });
    expect(expired.steps.map((s) => [s.name, s.ok])).toEqual([["read", true], ["previous-versions", true]]);
    expect(fx.standIn.log.slice(from).filter((e) => e.operation === "decrypt" && e.status === 200).map((e) => e.version)).toEqual([oldest.version]);
    // A customer-managed key allows wrapKey and unwrapKey only: its old versions must still unwrap what they wrapped.
    fx.vault.createKey("cmk-history", { keyOps: ["wrapKey", "unwrapKey"] });
    fx.vault.rotateKey("cmk-history");
    from = fx.standIn.log.length;
    const cmk = await verifyKey(`${fx.vault.url}/keys/cmk-history`, { ...options, checks: ["previous-versions"] });
    expect(cmk.steps.map((s) => [s.name, s.ok])).toEqual([["read", true], ["previous-versions", true]]);
    const first = (fx.vault.keys.get("cmk-history") ?? [])[0].version;
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get" && e.operation !== "versions").map((e) => `${e.operation} ${e.version} ${e.status}`)).toEqual([`unwrapkey ${first} 200`]);
});

test("previous-versions: a disabled older version is named in unchecked as KeyDisabled, never passed over in silence", async () => {
    fx.vault.createKey("disabled-history", { keyPair: fx.pair });
    fx.vault.rotateKey("disabled-history");
    fx.vault.rotateKey("disabled-history");
    const [disabled, enabled] = fx.vault.keys.get("disabled-history") ?? [];
    fx.vault.updateKey("disabled-history", { enabled: false }, disabled.version);
    const from = fx.standIn.log.length;
    const result = await verifyKey(`${fx.vault.url}/keys/disabled-history`, { ...options, checks: ["previous-versions"] });
    const step = result.steps.find((s) => s.name === "previous-versions");
    expect(step).toMatchObject({ ok: true, error: null });
    expect(step?.unchecked).toEqual([
        {
            version: disabled.version,
            code: "KeyDisabled",
            message: `Not checked: version ${disabled.version} is disabled, and Key Vault refuses to decrypt, unwrap or sign under a disabled version (403 KeyDisabled), so nothing protected under it can be decrypted or unwrapped until it is enabled again (az keyvault key set-attributes --version ${disabled.version} --enabled true).`,
        },
    ]);
    // The enabled older version is still proved; the disabled one is not asked for.
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "decrypt").map((e) => `${e.version} ${e.status}`)).toEqual([`${enabled.version} 200`]);
    expect(formatSteps(result.steps)).toContain(`       ${step?.unchecked?.[0].message ?? ""}`);
});

test("previous-versions: an older wrap-only version is proved by unwrapping even when the current version also decrypts", async () => {
    fx.vault.createKey("widened", { keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey"] });
    fx.vault.createKey("widened", { keyPair: fx.pair, keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] });
    const [older] = fx.vault.keys.get("widened") ?? [];
    const from = fx.standIn.log.length;
    const result = await verifyKey(`${fx.vault.url}/keys/widened`, { ...options, checks: ["previous-versions"] });
    expect(result.steps.map((s) => s.error?.code ?? "ok")).toEqual(["ok", "ok"]);
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get" && e.operation !== "versions").map((e) => `${e.operation} ${e.version} ${e.status}`)).toEqual([`unwrapkey ${older.version} 200`]);
});

test("previous-versions: an older version that allows neither decrypt nor unwrapKey fails WrongOperations naming that version", async () => {
    const olderId = fx.vault.createKey("narrowed", { keyPair: fx.pair, keyOps: ["sign", "verify"] });
    fx.vault.createKey("narrowed", { keyPair: fx.pair });
    const from = fx.standIn.log.length;
    const result = await verifyKey(`${fx.vault.url}/keys/narrowed`, { ...options, checks: ["previous-versions"] });
    expect(result.steps.map((s) => s.error?.code ?? "ok")).toEqual(["ok", "WrongOperations"]);
    expect(result.steps[1].error?.message).toBe(`Wrong operations: ${olderId} allows [sign, verify] but verification needs [decrypt or unwrapKey].`);
    expect(fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation !== "get" && e.operation !== "versions")).toEqual([]);
});
