import { ClientSecretCredential } from "@azure/identity";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { VaultGates, verifyKey, type AccessWait } from "../../verification";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
beforeAll(async () => {
    fx = await startFixture("kv-access-wait");
});
afterAll(async () => {
    await stopFixture(fx);
});

/** A fresh identity, as a deploy has just made one, and a credential for it. */
function freshIdentity(name: string) {
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: name, secret: `${name}-secret` });
    return { app, credential: new ClientSecretCredential(fx.tenantId, app.clientId, `${name}-secret`) };
}

/** The vault's answers to one identity's key reads, in order: "get 403 ForbiddenByRbac", "get 200". */
function readsSince(from: number): string[] {
    return fx.standIn.log.slice(from).filter((e) => e.authenticated && e.operation === "get").map((e) => `get ${e.status}${e.errorCode ? ` ${e.errorCode}` : ""}`);
}

test("a role assignment that takes effect during the wait: the refused read is retried, each pause reported, and the key verifies", async () => {
    const { app, credential } = freshIdentity("cmk-fresh");
    fx.vault.assignRole(app.objectId, "Key Vault Crypto User", { takesEffectAfterMs: 1500 });
    const waits: AccessWait[] = [];
    const from = fx.standIn.log.length;
    const result = await verifyKey(fx.keyId, { credential, waitForAccessMs: 10_000, accessRetryIntervalMs: 250, onAccessWait: (w) => waits.push(w) });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([["read", true], ["encrypt-decrypt", true], ["wrap-unwrap", true], ["local-encrypt", true]]);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const w of waits) expect(w).toMatchObject({ keyId: fx.keyId, operation: "get", retryInMs: 250 });
    // The budget runs from the first refusal and only goes down.
    expect(waits.map((w) => w.remainingMs)).toEqual([...waits.map((w) => w.remainingMs)].sort((a, b) => b - a));
    expect(waits[0].remainingMs).toBe(10_000 - 250);
    const reads = readsSince(from);
    expect(reads.slice(0, waits.length)).toEqual(waits.map(() => "get 403 ForbiddenByRbac"));
    expect(reads[waits.length]).toBe("get 200");
});

test("without waitForAccessMs a refusal fails its step at once, as before", async () => {
    const { app, credential } = freshIdentity("cmk-hasty");
    fx.vault.assignRole(app.objectId, "Key Vault Crypto User", { takesEffectAfterMs: 60_000 });
    const from = fx.standIn.log.length;
    const result = await verifyKey(fx.keyId, { credential, onAccessWait: () => { throw new Error("no wait was asked for"); } });
    expect(result.steps).toEqual([expect.objectContaining({ name: "read", ok: false, error: expect.objectContaining({ code: "Forbidden" }) })]);
    expect(readsSince(from)).toEqual(["get 403 ForbiddenByRbac"]);
});

test("a wait that runs out ends in the refusal, after no longer than asked", async () => {
    const { credential } = freshIdentity("cmk-never");
    const waits: AccessWait[] = [];
    const started = Date.now();
    const result = await verifyKey(fx.keyId, { credential, waitForAccessMs: 600, accessRetryIntervalMs: 250, onAccessWait: (w) => waits.push(w) });
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({ name: "read", ok: false, error: { code: "Forbidden" } });
    // Pauses of at most the interval, within the budget; the step fails only once the budget is spent.
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.every((w) => w.retryInMs > 0 && w.retryInMs <= 250)).toBe(true);
    expect(waits.reduce((sum, w) => sum + w.retryInMs, 0)).toBeLessThanOrEqual(600);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(Date.now() - started).toBeLessThan(5_000);
});

test("keys of one vault share one deadline: a role that never applies holds the run as long as asked, not that for each key", async () => {
    const { credential } = freshIdentity("cmk-never-fleet");
    const keys = ["w1", "w2", "w3", "w4", "w5", "w6"].map((n) => fx.vault.createKey(n, { kty: "RSA-HSM", keyPair: fx.pair }));
    const gates = new VaultGates(2);
    const waits: AccessWait[] = [];
    const results = await Promise.all(keys.map((k) => verifyKey(k, { credential, gates, checks: ["read"], waitForAccessMs: 600, accessRetryIntervalMs: 200, onAccessWait: (w) => waits.push(w) })));
    expect(results.every((r) => r.steps[0].error?.code === "Forbidden")).toBe(true);
    // Two keys at a time: the first two spend the vault's one budget; the four after them find it
    // spent and fail at their first refusal, where a budget per key would have each wait 600 ms again.
    const waited = new Set(waits.map((w) => w.keyId));
    expect(waited.size).toBeGreaterThanOrEqual(1);
    expect(keys.slice(2).filter((k) => waited.has(k))).toEqual([]);
});

test("a firewall's refusal is not waited for: no role assignment would change it", async () => {
    fx.vault.firewall = { allowedAddresses: ["203.0.113.9"] };
    try {
        const waits: AccessWait[] = [];
        const result = await verifyKey(fx.keyId, { credential: freshIdentity("cmk-walled").credential, waitForAccessMs: 5_000, accessRetryIntervalMs: 100, onAccessWait: (w) => waits.push(w) });
        expect(result.steps[0]).toMatchObject({ ok: false, error: { code: "ForbiddenByFirewall" } });
        expect(waits).toEqual([]);
    } finally {
        fx.vault.firewall = undefined;
    }
});

describe("npm run verify -- --wait-for-access", () => {
    test("writes each wait to stderr's progress, never to the report, and passes once the role applies", async () => {
        const { app, credential } = freshIdentity("cmk-cli");
        fx.vault.assignRole(app.objectId, "Key Vault Crypto User", { takesEffectAfterMs: 1500 });
        const lines: string[] = [];
        const { report, output } = await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--wait-for-access", "2m", "--json"]), { credential, accessRetryIntervalMs: 200, progress: (l) => lines.push(l) });
        expect(report.ok).toBe(true);
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines[0]).toMatch(new RegExp(`^verify: ${fx.keyId}: Azure RBAC refused get \\(ForbiddenByRbac\\); a new role assignment can take up to 10 minutes to apply, retrying in 0\\.2 s \\(119\\.8 s of --wait-for-access left\\)$`));
        expect(output).not.toContain("ForbiddenByRbac");
    });

    test.each([
        ["1m30s", /--wait-for-access: must be whole seconds or minutes, such as 90s or 10m/],
        ["10", /--wait-for-access: must be whole seconds or minutes/],
        ["45m", /--wait-for-access: must be at most 30m/],
    ])("refuses %s as a usage error naming the flag", (value, message) => {
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--wait-for-access", value])).toThrow(UsageError);
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--wait-for-access", value])).toThrow(message);
    });

    test("reads minutes and seconds", () => {
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--wait-for-access", "10m"]).waitForAccess).toBe(600_000);
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--wait-for-access", "90s"]).waitForAccess).toBe(90_000);
    });
});
