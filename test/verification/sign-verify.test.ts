import { ClientCertificateCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { verifyKey, type KeyVerification, type VerifyKeyOptions } from "../../verification";
import { describeLog, startFixture, stopFixture, type Fixture } from "./fixture";

let fx: Fixture;
let options: VerifyKeyOptions;

beforeAll(async () => {
    fx = await startFixture("kv-signing");
    options = { credential: new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH }) };
});

afterAll(async () => {
    await stopFixture(fx);
});

afterEach(() => {
    fx.vault.faults = {};
});

function summary(result: KeyVerification): string[] {
    return result.steps.map((s) => `${s.name}: ${s.ok ? "ok" : `${s.error?.code} ${s.error?.message}`}`);
}

test("a signing key (sign, verify) is signed by the vault and verified here by default, in one vault call after the read", async () => {
    const keyId = fx.vault.createKey("rsa-signer", { kty: "RSA-HSM", keyOps: ["sign", "verify"] });
    const from = fx.standIn.log.length;
    const result = await verifyKey(keyId, options);
    expect(summary(result)).toEqual(["read: ok", "sign-verify: ok"]);
    expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "POST sign 200"]);
});

test.each([["P-256"], ["P-384"], ["P-521"], ["P-256K"]] as const)("an EC-HSM key on %s signs with the algorithm its curve fixes and verifies here", async (crv) => {
    const keyId = fx.vault.createKey(`ec-${crv.toLowerCase()}`, { kty: "EC-HSM", crv, keyOps: ["sign", "verify"] });
    const result = await verifyKey(keyId, options);
    expect(summary(result)).toEqual(["read: ok", "sign-verify: ok"]);
});

test("an EC key asked to encrypt fails before any crypto call: EC keys only sign", async () => {
    const keyId = fx.vault.createKey("ec-asked-to-encrypt", { kty: "EC-HSM", keyOps: ["sign", "verify"] });
    const result = await verifyKey(keyId, { ...options, checks: ["encrypt-decrypt", "sign-verify"] });
    expect(summary(result)).toEqual([
        `read: WrongOperations Wrong operations: ${keyId} allows [none: EC-HSM keys cannot encrypt] but verification needs [encrypt, decrypt].`,
        "encrypt-decrypt: NotRun Not run: encrypt-decrypt was asked for, but the read every check starts from failed (WrongOperations), so it was not tried.",
        "sign-verify: NotRun Not run: sign-verify was asked for, but the read every check starts from failed (WrongOperations), so it was not tried.",
    ]);
});

test("a signature that does not verify with the key's public key is a payload mismatch", async () => {
    const keyId = fx.vault.createKey("tampered-signer", { kty: "EC-HSM", crv: "P-256", keyOps: ["sign", "verify"] });
    fx.vault.faults.corruptNext = { count: 1 };
    const result = await verifyKey(keyId, options);
    expect(summary(result)).toEqual([
        "read: ok",
        `sign-verify: PayloadMismatch Payload mismatch: sign with ${keyId} returned an ES256 signature that does not verify with the key's public key.`,
    ]);
});

test("sign-verify asked of a key without sign fails on the read, naming the operation", async () => {
    const keyId = fx.vault.createKey("wrap-only-signer", { keyOps: ["wrapKey", "unwrapKey"] });
    const result = await verifyKey(keyId, { ...options, checks: ["sign-verify"] });
    expect(summary(result)).toEqual([
        `read: WrongOperations Wrong operations: ${keyId} allows [wrapKey, unwrapKey] but verification needs [sign].`,
        "sign-verify: NotRun Not run: sign-verify was asked for, but the read every check starts from failed (WrongOperations), so it was not tried.",
    ]);
});

test("an EC key is checked for signing by default whatever else it allows: one that only verifies is told it lacks sign, one that also imports is no KEK", async () => {
    const verifier = fx.vault.createKey("ec-verify-only", { kty: "EC-HSM", keyOps: ["verify"] });
    expect(summary(await verifyKey(verifier, options))).toEqual([`read: WrongOperations Wrong operations: ${verifier} allows [verify] but verification needs [sign].`]);
    const importing = fx.vault.createKey("ec-sign-import", { kty: "EC-HSM", keyOps: ["sign", "verify", "import"] });
    expect(summary(await verifyKey(importing, options))).toEqual(["read: ok", "sign-verify: ok"]);
});
