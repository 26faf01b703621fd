import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { isRestError } from "@azure/core-rest-pipeline";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { NotRecoverableError, verifyKey, type VerifyKeyOptions } from "../../verification";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
/** The vendor app: Key Vault Crypto User, which carries no rotation-policy read. */
let vendor: VerifyKeyOptions;
/** An auditor: Key Vault Reader (vaults/*\/read covers keyrotationpolicies/read). */
let auditor: VerifyKeyOptions;
/** The platform team: Key Vault Crypto Officer, which sets rotation policies through the data plane. */
let officer: KeyClient;

const DAY = 86_400;
const summary = (steps: { name: string; ok: boolean; error: { code: string; message: string } | null }[]) =>
    steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code} ${s.error?.message}`}`);
const versionless = (kid: string) => kid.replace(/\/[0-9a-f]{32}$/, "");

beforeAll(async () => {
    fx = await startFixture("kv-lifecycle");
    vendor = { credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }) };
    const auditorApp = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "auditor", secret: "auditor-secret-value" });
    fx.vault.assignRole(auditorApp.objectId, "Key Vault Reader");
    auditor = { credential: new ClientSecretCredential(fx.tenantId, auditorApp.clientId, "auditor-secret-value") };
    const officerApp = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "platform", secret: "platform-secret-value" });
    fx.vault.assignRole(officerApp.objectId, "Key Vault Crypto Officer");
    officer = new KeyClient(fx.vault.url, new ClientSecretCredential(fx.tenantId, officerApp.clientId, "platform-secret-value"));
});

afterAll(async () => {
    await stopFixture(fx);
});

afterEach(() => {
    fx.vault.recovery = { softDelete: true, retentionDays: 90, purgeProtection: true };
});

describe("recoverable", () => {
    test("passes for a key in a purge-protected vault, from the key already read (no other call)", async () => {
        const from = fx.standIn.log.length;
        const result = await verifyKey(fx.keyId, { ...vendor, checks: ["recoverable"] });
        expect(summary(result.steps)).toEqual(["read: ok", "recoverable: ok"]);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => e.operation)).toEqual(["get"]);
    });

    test("passes for a shorter retention with purge protection (CustomizedRecoverable)", async () => {
        fx.vault.recovery = { softDelete: true, retentionDays: 7, purgeProtection: true };
        const result = await verifyKey(fx.keyId, { ...vendor, checks: ["recoverable"] });
        expect(summary(result.steps)).toEqual(["read: ok", "recoverable: ok"]);
    });

    test.each([
        [{ softDelete: true, retentionDays: 90, purgeProtection: false }, "its vault has purge protection off (recovery level Recoverable+Purgeable), so anyone allowed to purge can destroy it within the 90 days it stays deleted"],
        [{ softDelete: true, retentionDays: 30, purgeProtection: false }, "its vault has purge protection off (recovery level CustomizedRecoverable+Purgeable), so anyone allowed to purge can destroy it within the 30 days it stays deleted"],
        [{ softDelete: false, retentionDays: 90, purgeProtection: false }, "its vault has soft delete off (recovery level Purgeable), so a deleted key is gone at once"],
    ])("fails NotRecoverable for a vault at %o, saying why", async (recovery, reason) => {
        fx.vault.recovery = recovery;
        const result = await verifyKey(fx.keyId, { ...vendor, checks: ["recoverable"] });
        expect(result.ok).toBe(false);
        expect(result.steps[1].error).toEqual({
            code: "NotRecoverable",
            message: `Not recoverable: ${fx.keyId} could be lost for good: ${reason}; data encrypted under it would go with it.`,
            suggestion: expect.stringContaining("enablePurgeProtection: true"),
        });
    });

    test("a vault that reports no recovery level fails rather than passes", () => {
        const error = new NotRecoverableError({ keyId: fx.keyId, vault: fx.vault.host }, undefined, undefined);
        expect(error.message).toBe(`Not recoverable: ${fx.keyId} cannot be shown recoverable: the vault reported no recovery level for it, so nothing says a deleted key would come back.`);
    });

    test("is not among the checks a key gets without --check", async () => {
        fx.vault.recovery = { softDelete: true, retentionDays: 90, purgeProtection: false };
        const result = await verifyKey(fx.keyId, vendor);
        expect(result.steps.map((s) => s.name)).toEqual(["read", "encrypt-decrypt", "wrap-unwrap", "local-encrypt"]);
        expect(result.ok).toBe(true);
    });
});

describe("rotation", () => {
    const createKeyWithPolicy = (name: string, policy: Parameters<typeof fx.vault.setRotationPolicy>[1] | undefined, exp?: number): string => {
        const kid = fx.vault.createKey(name, { kty: "RSA-HSM", keySize: 2048, keyPair: fx.pair, ...(exp !== undefined ? { attributes: { exp } } : {}) });
        if (policy) {
            fx.vault.setRotationPolicy(name, policy);
        }
        return kid;
    };
    const now = () => Math.floor(Date.now() / 1000);

    test("passes for a key that rotates 90 days after creation and expires after a year, as the stack makes them", async () => {
        const kid = createKeyWithPolicy("rotating", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
        const from = fx.standIn.log.length;
        const result = await verifyKey(versionless(kid), { ...auditor, checks: ["rotation"] });
        expect(summary(result.steps)).toEqual(["read: ok", "rotation: ok"]);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => e.operation)).toEqual(["get", "getrotationpolicy"]);
    });

    test("needs rotation-policy read: a Crypto User is told which role carries it", async () => {
        const kid = createKeyWithPolicy("rotating-forbidden", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" });
        const result = await verifyKey(kid, { ...vendor, checks: ["rotation"] });
        expect(result.steps[1]).toMatchObject({ name: "rotation", ok: false, error: { code: "Forbidden" } });
        expect(result.steps[1].error?.message).toContain("may not getrotationpolicy with");
        expect(result.steps[1].error?.suggestion).toContain('"Key Vault Reader (or Key Vault Crypto Officer)"');
        expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "getrotationpolicy", status: 403, errorCode: "ForbiddenByRbac" });
    });

    test("fails for a key with no policy of its own: Key Vault's default only notifies", async () => {
        const kid = createKeyWithPolicy("no-policy", undefined);
        const policy = await officer.getKeyRotationPolicy("no-policy");
        expect({ id: policy.id, actions: policy.lifetimeActions, expiresIn: policy.expiresIn }).toEqual({ id: undefined, actions: [{ action: "Notify", timeBeforeExpiry: "P30D" }], expiresIn: undefined });
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error).toMatchObject({
            code: "RotationNotScheduled",
            message: `Rotation not scheduled: ${kid} has no rotation policy of its own (Key Vault's default only notifies), so it never rotates.`,
        });
    });

    test("a vault that answers 404 for the policy of a key it has just read reports no rotation policy, not a missing key", async () => {
        const kid = createKeyWithPolicy("no-policy-404", undefined);
        fx.vault.faults = { noDefaultRotationPolicy: true };
        try {
            const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
            expect(result.steps.map((step) => [step.name, step.error?.code ?? "ok"])).toEqual([["read", "ok"], ["rotation", "RotationNotScheduled"]]);
            expect(result.steps[1].error?.message).toBe(`Rotation not scheduled: ${kid} has no rotation policy (the vault answered 404 for it), so it never rotates.`);
            expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "getrotationpolicy", status: 404, errorCode: "KeyNotFound" });
        } finally {
            fx.vault.faults = {};
        }
    });

    test("fails for a policy set through the data plane that only notifies; Key Vault kept the notice it was given", async () => {
        const kid = createKeyWithPolicy("notify-only", undefined, now() + 365 * DAY);
        await officer.updateKeyRotationPolicy("notify-only", { lifetimeActions: [{ action: "Notify", timeBeforeExpiry: "P45D" }], expiresIn: "P1Y" });
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error?.message).toBe(`Rotation not scheduled: ${kid} has a rotation policy that only notifies, so it never rotates.`);
    });

    test("names both reasons a rotation timed before expiry never comes: no expiryTime, and a current version without expiry", async () => {
        const kid = createKeyWithPolicy("before-expiry", undefined);
        await officer.updateKeyRotationPolicy("before-expiry", { lifetimeActions: [{ action: "Rotate", timeBeforeExpiry: "P30D" }] });
        const policy = await officer.getKeyRotationPolicy("before-expiry");
        // Key Vault adds its 30-day expiry notice to a policy that sets none.
        expect(policy.lifetimeActions).toEqual([{ action: "Rotate", timeBeforeExpiry: "P30D" }, { action: "Notify", timeBeforeExpiry: "P30D" }]);
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error?.message).toBe(
            `Rotation not scheduled: ${kid} rotates P30D before expiry, but its policy gives new versions no expiryTime, so after one rotation it never rotates again;` +
                " rotates P30D before expiry, but its current version has no expiry date, so that rotation never comes.",
        );
    });

    test("fails when the current version expires before the rotation due after its creation (an absolute expiry shorter than the policy)", async () => {
        const exp = now() + 30 * DAY;
        const kid = createKeyWithPolicy("expires-first", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, exp);
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error?.message).toBe(
            `Rotation not scheduled: ${kid} rotates P90D after creation, but its current version expires on ${new Date(exp * 1000).toISOString()}, before that.`,
        );
    });

    test("a bundle without a creation date is judged by the latest it could have been made: its last update", async () => {
        fx.vault.faults = { omitCreated: true };
        try {
            const lasting = createKeyWithPolicy("no-created-lasting", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
            expect(summary((await verifyKey(lasting, { ...auditor, checks: ["rotation"] })).steps)).toEqual(["read: ok", "rotation: ok"]);
            const exp = now() + 40 * DAY;
            const short = createKeyWithPolicy("no-created-short", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, exp);
            const result = await verifyKey(short, { ...auditor, checks: ["rotation"] });
            expect(result.steps[1].error?.message).toBe(
                `Rotation not scheduled: ${short} rotates P90D after creation, but its current version carries no creation date, so that rotation cannot be shown to come before it expires on ${new Date(exp * 1000).toISOString()}.`,
            );
        } finally {
            fx.vault.faults = {};
        }
    });

    test("fails for a key whose rotation was due days ago and did not happen: its automatic rotation is failing", async () => {
        const kid = createKeyWithPolicy("overdue", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
        const made = (await officer.getKey("overdue")).properties.createdOn as Date;
        // 91 days on the rotation is a day late, within Key Vault's slack; 93 days on it is overdue.
        const at = (days: number) => () => new Date(made.getTime() + days * DAY * 1000);
        expect(summary((await verifyKey(kid, { ...auditor, checks: ["rotation"], now: at(91) })).steps)).toEqual(["read: ok", "rotation: ok"]);
        const late = await verifyKey(kid, { ...auditor, checks: ["rotation"], now: at(93) });
        const due = new Date(made.getTime() + 90 * DAY * 1000).toISOString();
        expect(late.steps[1].error?.message).toBe(`Rotation not scheduled: ${kid} was due to rotate on ${due} (P90D after its newest version was made on ${made.toISOString()}) and has not: its automatic rotation is failing.`);
        // Verifying a pinned older version judges the rotation by the newest: once the key rotates, it is not overdue.
        await officer.rotateKey("overdue");
        const rotated = await verifyKey(kid, { ...auditor, checks: ["rotation"], now: () => new Date(Date.now() + 2 * DAY * 1000) });
        expect(summary(rotated.steps)).toEqual(["read: ok", "rotation: ok"]);
    });

    test("fails for a Rotate action without a trigger, or a duration that is not ISO 8601 (a policy another implementation might hold)", async () => {
        const noTrigger = createKeyWithPolicy("no-trigger", { lifetimeActions: [{ trigger: {}, action: { type: "Rotate" } }], expiryTime: "P1Y" } as never, now() + 365 * DAY);
        expect((await verifyKey(noTrigger, { ...auditor, checks: ["rotation"] })).steps[1].error?.message).toBe(
            `Rotation not scheduled: ${noTrigger} has a Rotate action with no trigger (timeAfterCreate or timeBeforeExpiry), so it never fires.`,
        );
        const words = createKeyWithPolicy("words", { lifetimeActions: [{ trigger: { timeAfterCreate: "90 days" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
        expect((await verifyKey(words, { ...auditor, checks: ["rotation"] })).steps[1].error?.message).toBe(
            `Rotation not scheduled: ${words} has a rotation policy duration "90 days" that is not an ISO 8601 duration (such as P90D), so nothing can be scheduled from it.`,
        );
    });

    test("fails for a policy that rotates no sooner than its new versions expire (one another Key Vault implementation might hold)", async () => {
        // Key Vault refuses to set this policy (the stand-in's data plane does too); its ARM-side lever stores it as given.
        const kid = createKeyWithPolicy("rotates-late", { lifetimeActions: [{ trigger: { timeAfterCreate: "P2Y" }, action: { type: "Rotate" } }], expiryTime: "P1Y" });
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error?.message).toBe(`Rotation not scheduled: ${kid} rotates P2Y after creation, no sooner than its new versions expire (expiryTime P1Y).`);
    });

    test("fails for a policy that rotates longer before expiry than its versions live (one another Key Vault implementation might hold)", async () => {
        const kid = createKeyWithPolicy("rotates-at-once", { lifetimeActions: [{ trigger: { timeBeforeExpiry: "P400D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
        const result = await verifyKey(kid, { ...auditor, checks: ["rotation"] });
        expect(result.steps[1].error?.message).toBe(`Rotation not scheduled: ${kid} rotates P400D before expiry, no less than its new versions live (expiryTime P1Y), so it is due the moment each version is made.`);
    });

    test("the stand-in holds rotation policies to Key Vault's limits and dates rotated versions by the policy's expiryTime", async () => {
        createKeyWithPolicy("limits", undefined);
        const refusal = await officer.updateKeyRotationPolicy("limits", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P7D" }], expiresIn: "P7D" }).catch((e: unknown) => e);
        expect(isRestError(refusal) && refusal.statusCode).toBe(400);
        const late = await officer.updateKeyRotationPolicy("limits", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P360D" }], expiresIn: "P1Y" }).catch((e: unknown) => e);
        expect(isRestError(late) && late.statusCode).toBe(400);
        await officer.updateKeyRotationPolicy("limits", { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "P90D" }], expiresIn: "P1Y" });
        const rotated = await officer.rotateKey("limits");
        expect(Math.round(((rotated.properties.expiresOn?.getTime() ?? 0) - Date.now()) / 1000 / DAY)).toBe(365);
    });

    test("runs with recoverable from the command line and reports both in the JSON contract", async () => {
        const kid = createKeyWithPolicy("cli-key", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" }, now() + 365 * DAY);
        fx.vault.recovery = { softDelete: true, retentionDays: 90, purgeProtection: false };
        const { report, output } = await runVerifyCommand(parseVerifyArgs(["--key-id", kid, "--check", "recoverable", "--check", "rotation", "--json"]), { credential: auditor.credential });
        expect(report.ok).toBe(false);
        const json = JSON.parse(output) as { keys: { steps: { name: string; ok: boolean; error: { code: string } | null }[] }[] };
        expect(json.keys[0].steps.map((s) => [s.name, s.ok, s.error?.code ?? null])).toEqual([
            ["read", true, null],
            ["recoverable", false, "NotRecoverable"],
            ["rotation", true, null],
        ]);
    });
});

describe("expiry", () => {
    const keyExpiringIn = (name: string, days: number | undefined): string =>
        fx.vault.createKey(name, { kty: "RSA-HSM", keySize: 2048, keyPair: fx.pair, ...(days !== undefined ? { attributes: { exp: Math.floor(Date.now() / 1000) + days * DAY } } : {}) });

    test("passes for a version valid for longer than 30 days, from the key already read", async () => {
        const kid = keyExpiringIn("long-lived", 200);
        const from = fx.standIn.log.length;
        const result = await verifyKey(kid, { ...vendor, checks: ["expiry"] });
        expect(summary(result.steps)).toEqual(["read: ok", "expiry: ok"]);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => e.operation)).toEqual(["get"]);
    });

    test("fails KeyExpiresSoon for a version inside Key Vault's 30-day notice, saying when", async () => {
        const kid = keyExpiringIn("expiring", 10);
        const expiresOn = (await officer.getKey("expiring")).properties.expiresOn as Date;
        const result = await verifyKey(kid, { ...vendor, checks: ["expiry"] });
        expect(result.steps[1].error).toMatchObject({
            code: "KeyExpiresSoon",
            message: `Expires soon: ${kid} expires on ${expiresOn.toISOString()}, in 10 days, fewer than the 30 asked for.`,
        });
        expect(result.steps[1].error?.suggestion).toContain("import-key -- --new-version");
    });

    test("takes the days asked for", async () => {
        const kid = keyExpiringIn("expiring-later", 45);
        expect((await verifyKey(kid, { ...vendor, checks: ["expiry"], minDaysBeforeExpiry: 40 })).ok).toBe(true);
        expect((await verifyKey(kid, { ...vendor, checks: ["expiry"], minDaysBeforeExpiry: 60 })).steps[1].error?.code).toBe("KeyExpiresSoon");
    });

    test("fails NoExpiry for a version that never expires", async () => {
        const kid = keyExpiringIn("forever", undefined);
        const result = await verifyKey(kid, { ...vendor, checks: ["expiry"] });
        expect(result.steps[1].error).toMatchObject({ code: "NoExpiry", message: `No expiry: ${kid} has no expiry date, so nothing forces its replacement.` });
    });

    test("--min-days-before-expiry is read as a whole number of days, and only with --check expiry", () => {
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--check", "expiry", "--min-days-before-expiry", "14"]).minDaysBeforeExpiry).toBe(14);
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--min-days-before-expiry", "14"])).toThrow(
            new UsageError("--min-days-before-expiry: is only for --check expiry; add --check expiry to hold keys to it"),
        );
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--check", "expiry", "--min-days-before-expiry", "0"])).toThrow(/^--min-days-before-expiry: /);
    });

    test("the command passes --min-days-before-expiry through to every key", async () => {
        const kid = keyExpiringIn("cli-expiring", 20);
        const strict = await runVerifyCommand(parseVerifyArgs(["--key-id", kid, "--check", "expiry"]), { credential: vendor.credential });
        const lenient = await runVerifyCommand(parseVerifyArgs(["--key-id", kid, "--check", "expiry", "--min-days-before-expiry", "7"]), { credential: vendor.credential });
        expect([strict.report.ok, lenient.report.ok]).toEqual([false, true]);
    });
});
