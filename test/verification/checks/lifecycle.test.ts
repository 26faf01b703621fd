import { ClientSecretCredential } from "@azure/identity";
import { verifyKey, type KeyVerification, type VerifyKeyOptions } from "../../../verification";
import { startFixture, stopFixture, type Fixture } from "../fixture";

/*
 * `expiry` on the version an AKS cluster's KMS holds (legacy KMS: a versioned key id). KMS keeps the
 * version a move replaces as its previous key until the next move, and both must stay valid
 * (Microsoft's AKS KMS guide, "Rotate existing keys"), so the cluster must move after every
 * rotation, not 30 days before its version expires.
 */

let fx: Fixture;
/** What the nightly run signs in as: Key Vault Reader. */
let auditor: VerifyKeyOptions;

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const versionOf = (kid: string) => kid.split("/").at(-1) ?? "";
const summary = (result: KeyVerification) => result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code} ${s.error?.message}`}`);
/** A KMS key version (encrypt and decrypt) valid for `days` more days. */
const version = (name: string, days: number, attributes: { enabled?: boolean; nbf?: number } = {}) =>
    fx.vault.createKey(name, { kty: "RSA-HSM", keySize: 2048, keyPair: fx.pair, keyOps: ["encrypt", "decrypt"], attributes: { enabled: true, exp: now() + days * DAY, ...attributes } });
const suggestion = (latest: string) =>
    `Run pulumi up --refresh now, and after every rotation: it moves KMS to version ${latest}, and KMS keeps the version it replaces as its previous key, which must stay valid (enabled and unexpired) until the next move; then rewrite the cluster's secrets under the new version (kubectl get secrets -A -o json | kubectl replace -f -), as Microsoft's AKS KMS guide asks.`;

beforeAll(async () => {
    fx = await startFixture("kv-aks-kms");
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "nightly", secret: "nightly-secret-value" });
    fx.vault.assignRole(app.objectId, "Key Vault Reader");
    auditor = { credential: new ClientSecretCredential(fx.tenantId, app.clientId, "nightly-secret-value") };
});

afterAll(async () => {
    await stopFixture(fx);
});

describe("expiry of the version an AKS cluster's KMS holds", () => {
    test("fails ClusterKeyBehind for the auditor's scenario: the cluster on v1 (29 days left), the vault rotated on to v4", async () => {
        const held = version("aks-kms", 29);
        const current = version("aks-kms", 300);
        fx.vault.setRotationPolicy("aks-kms", { expiryTime: "P1Y", lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }] });
        const expiresOn = new Date((now() + 29 * DAY) * 1000);
        const result = await verifyKey(held, { ...auditor, checks: ["read", "expiry"], heldByAksKms: true });
        expect(result.ok).toBe(false);
        expect(result.steps[1].name).toBe("expiry");
        expect(result.steps[1].error?.code).toBe("ClusterKeyBehind");
        // The second may tick between the version's exp and the expected date: compare the day.
        expect(result.steps[1].error?.message.replace(/on \S+Z, in/, "on <date>, in")).toBe(
            `Cluster behind: ${held} is the version an AKS cluster's KMS holds, but ${fx.vault.host} has rotated the key to version ${versionOf(current)} since; the version held expires on <date>, in 29 days.`,
        );
        expect(result.steps[1].error?.message).toContain(expiresOn.toISOString().slice(0, 10));
        expect(result.steps[1].error?.suggestion).toBe(suggestion(versionOf(current)));
    });

    test("fails ClusterKeyBehind the day after a rotation, long before the held version nears expiry", async () => {
        const held = version("aks-kms-day-91", 274);
        const current = version("aks-kms-day-91", 365);
        const from = fx.standIn.log.length;
        const result = await verifyKey(held, { ...auditor, checks: ["expiry"], heldByAksKms: true });
        expect(summary(result)[1]).toMatch(
            new RegExp(`^expiry: ClusterKeyBehind Cluster behind: ${held} is the version an AKS cluster's KMS holds, but ${fx.vault.host.replace(/\./g, "\\.")} has rotated the key to version ${versionOf(current)} since; the version held expires on \\S+Z, in 274 days\\.$`),
        );
        // The held version, then the vault's current one: nothing more than keys/read, which Key Vault Reader holds.
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => `${e.operation} ${e.status}`)).toEqual(["get 200", "get 200"]);
    });

    test("passes for a cluster on the vault's current version", async () => {
        version("aks-kms-moved", 29);
        const current = version("aks-kms-moved", 300);
        const result = await verifyKey(current, { ...auditor, checks: ["read", "expiry"], heldByAksKms: true });
        expect(summary(result)).toEqual(["read: ok", "expiry: ok"]);
    });

    test("keeps the 30-day warning for a cluster on the current version", async () => {
        const current = version("aks-kms-expiring", 10);
        const result = await verifyKey(current, { ...auditor, checks: ["expiry"], heldByAksKms: true });
        expect(result.steps[1].error?.code).toBe("KeyExpiresSoon");
    });

    test.each([
        ["disabled", { enabled: false }],
        ["not valid yet", { nbf: now() + 5 * DAY }],
    ])("a newer version that is %s is none to move to: the cluster is not behind", async (what, attributes) => {
        const name = `aks-kms-newer-${what.replace(/\W/g, "-")}`;
        const held = version(name, 200);
        version(name, 365, attributes);
        const result = await verifyKey(held, { ...auditor, checks: ["expiry"], heldByAksKms: true });
        expect(summary(result)).toEqual(["read: ok", "expiry: ok"]);
    });

    test("a newer version at its expiry instant is none to move to: the cluster is not behind", async () => {
        const held = version("aks-kms-newer-expiring", 200);
        const newer = version("aks-kms-newer-expiring", 1);
        const exp = fx.vault.keys.get("aks-kms-newer-expiring")?.find((v) => v.version === versionOf(newer))?.attributes.exp ?? 0;
        // Key Vault's exp is the time on or after which the version must not be used.
        const result = await verifyKey(held, { ...auditor, checks: ["expiry"], heldByAksKms: true, now: () => new Date(exp * 1000) });
        expect(summary(result)).toEqual(["read: ok", "expiry: ok"]);
    });

    test("a vault that refuses the GET of its disabled current version leaves the cluster where it is, not failed", async () => {
        const held = version("aks-kms-refused", 200);
        version("aks-kms-refused", 365, { enabled: false });
        fx.vault.faults.refuseGetOfDisabledKeys = true;
        try {
            const result = await verifyKey(held, { ...auditor, checks: ["expiry"], heldByAksKms: true });
            expect(summary(result)).toEqual(["read: ok", "expiry: ok"]);
            expect(fx.standIn.log.at(-1)).toMatchObject({ operation: "get", status: 403, errorCode: "KeyDisabled" });
        } finally {
            fx.vault.faults.refuseGetOfDisabledKeys = false;
        }
    });

    test("a version held by another service (a MySQL server, a pinned keyVersion) is not judged against the vault's current one", async () => {
        const held = version("mysql-cmk", 200);
        version("mysql-cmk", 365);
        const from = fx.standIn.log.length;
        const result = await verifyKey(held, { ...auditor, checks: ["expiry"] });
        expect(summary(result)).toEqual(["read: ok", "expiry: ok"]);
        expect(fx.standIn.log.slice(from).filter((e) => e.authenticated).map((e) => e.operation)).toEqual(["get"]);
    });
});
