import * as crypto from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
import { createTransferBlob } from "../support/byok-tool";
import { APP_CERT_PEM_PATH, KEY_VAULT_API_VERSIONS, setEnv } from "../support/keyvault";
import { readTransferBlob, verifyKey } from "../../verification";
import { KEY_TAG_LIMITS, validateImportOptions } from "../../verification/import-key";
import { TAG_LIMITS } from "../../components/tags";
import { UsageError } from "../../verification/command";
import { parseImportArgs, runImportCommand } from "../../verification/import-command";
import { describeLog, startFixture, stopFixture, type Fixture } from "./fixture";

/** The whole BYOK flow through the unchanged SDK: KEK made, its public key handed out, a vendor's blob imported and proven. */
let fx: Fixture;
let officer: TokenCredential;
let kekId: string;
let kekPem: string;
let dir: string;
let target: crypto.KeyObject;

beforeAll(async () => {
    fx = await startFixture("kv-byok");
    const admin = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "key-admin", secret: "officer-secret" });
    fx.vault.assignRole(admin.objectId, "Key Vault Crypto Officer");
    officer = new ClientSecretCredential(fx.tenantId, admin.clientId, "officer-secret");
    const kek = await new KeyClient(fx.vault.url, officer).createRsaKey("byok-kek", { hsm: true, keySize: 3072, keyOps: ["import"] });
    kekId = String(kek.id);
    dir = mkdtempSync(path.join(tmpdir(), "byok-"));
    // Step 2 of the BYOK specification, as a platform engineer runs it: the KEK's public key for the vendor.
    const kekCheck = await verifyKey(kekId, { credential: officer, checks: ["key-exchange"], publicKeyDir: dir });
    expect(kekCheck.ok).toBe(true);
    kekPem = readFileSync(path.join(dir, `kv-byok.byok-kek.${kekCheck.keyVersion}.publickey.pem`), "utf8");
    target = crypto.generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey;
});

afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopFixture(fx);
});

/** Step 3, the vendor's BYOK tool: the target key protected to the KEK, written as a .byok file. */
function byokFile(name: string, targetKey: crypto.KeyObject = target, kid = kekId, pem = kekPem): string {
    const file = path.join(dir, `${name}.byok`);
    writeFileSync(file, createTransferBlob({ kekId: kid, kekPublicKeyPem: pem, targetKey }));
    return file;
}

const keyUrl = (name: string) => `${fx.vault.url}/keys/${name}`;
const run = async (args: string[], credential: TokenCredential = officer) => runImportCommand(parseImportArgs(args), { credential, retryOptions: { maxRetries: 0 } });
const stepSummary = (steps: { name: string; ok: boolean; error: { code: string } | null }[]) => steps.map((s) => `${s.name}: ${s.ok ? "ok" : s.error?.code}`);

test("imports the vendor's blob as a non-exportable HSM key for wrapping, with an expiry, and proves the vault holds the vendor's key", async () => {
    const from = fx.standIn.log.length;
    const { result, output } = await run(["--key-id", keyUrl("payments-byok"), "--byok-file", byokFile("payments")]);
    expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
    expect(stepSummary(result.verification?.steps ?? [])).toEqual(["read: ok", "wrap-unwrap: ok"]);
    expect(result.ok).toBe(true);
    expect(result.keyVersion).toMatch(/^[0-9a-f]{32}$/);
    expect(output.split("\n")[0]).toBe(`IMPORTED ${keyUrl("payments-byok")} (version ${result.keyVersion})`);
    // The KEK is read, the name found free (no key, no deleted key), the blob imported, the new version read and used,
    // and a key wrapped here with its published public key unwrapped (it cannot decrypt): nothing else.
    expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 404", "GET getdeleted 404", "PUT import 200", "GET get 200", "POST wrapkey 200", "POST unwrapkey 200", "POST unwrapkey 200"]);

    const imported = await new KeyClient(fx.vault.url, officer).getKey("payments-byok");
    expect(imported.keyType).toBe("RSA-HSM");
    expect(imported.keyOperations).toEqual(["wrapKey", "unwrapKey"]);
    expect(Buffer.from(imported.key?.n ?? []).toString("base64url")).toBe(target.export({ format: "jwk" }).n);
    const days = ((imported.properties.expiresOn?.getTime() ?? 0) - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThanOrEqual(365);
});

test("refuses to import over an existing key unless asked for its next version, which services on the versionless id then use", async () => {
    const first = await run(["--key-id", keyUrl("rotating-byok"), "--byok-file", byokFile("rotating")]);
    expect(first.result.ok).toBe(true);
    const from = fx.standIn.log.length;
    const again = await run(["--key-id", keyUrl("rotating-byok"), "--byok-file", byokFile("rotating-2", crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey)]);
    expect(stepSummary(again.result.steps)).toEqual(["key-exchange-key: ok", "import: KeyExists"]);
    expect(again.result.steps[1].error?.suggestion).toMatch(/--new-version/);
    expect(again.result.verification).toBeNull();
    expect(describeLog(fx, from).some((l) => l.startsWith("PUT"))).toBe(false);

    // --expires is refused once past: a day from today, not from the calendar.
    const expires = new Date((Math.floor(Date.now() / 86400_000) + 400) * 86400_000).toISOString();
    const next = await run(["--key-id", keyUrl("rotating-byok"), "--byok-file", byokFile("rotating-2"), "--new-version", "--expires", expires.replace(/\.\d{3}Z$/, "Z")]);
    expect(next.result.ok).toBe(true);
    expect(next.result.keyVersion).not.toBe(first.result.keyVersion);
    const latest = await new KeyClient(fx.vault.url, officer).getKey("rotating-byok");
    expect(latest.properties.version).toBe(next.result.keyVersion);
    expect(latest.properties.expiresOn?.toISOString()).toBe(expires);
});

describe("--new-version keeps what services on the versionless id use", () => {
    const latestOps = async (name: string) => (await new KeyClient(fx.vault.url, officer).getKey(name)).keyOperations;
    const fresh = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

    test("a next version without --purpose gets the current version's operations, not the default purpose's", async () => {
        const first = await run(["--key-id", keyUrl("app-byok"), "--byok-file", byokFile("app-1"), "--purpose", "applicationCrypto"]);
        expect(first.result.ok).toBe(true);
        const renewed = await run(["--key-id", keyUrl("app-byok"), "--byok-file", byokFile("app-2", fresh()), "--new-version"]);
        expect(stepSummary(renewed.result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        // Proved by what it allows: encrypt and decrypt, as clients on the versionless id use it.
        expect(stepSummary(renewed.result.verification?.steps ?? [])).toEqual(["read: ok", "encrypt-decrypt: ok", "local-encrypt: ok"]);
        expect(await latestOps("app-byok")).toEqual(["encrypt", "decrypt"]);
        // Operations no purpose gives, a stack key's keyOps, are kept as they are; naming the purpose that gives them is taken too.
        fx.vault.createKey("wide-byok", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] });
        expect((await run(["--key-id", keyUrl("wide-byok"), "--byok-file", byokFile("wide"), "--new-version"])).result.ok).toBe(true);
        expect(await latestOps("wide-byok")).toEqual(["wrapKey", "unwrapKey", "encrypt", "decrypt"]);
        expect((await run(["--key-id", keyUrl("app-byok"), "--byok-file", byokFile("app-3", fresh()), "--new-version", "--purpose", "applicationCrypto"])).result.ok).toBe(true);
        expect(await latestOps("app-byok")).toEqual(["encrypt", "decrypt"]);
    });

    test("a --purpose giving other operations than the current version's is a usage error naming it, in a dry run too, and nothing is imported", async () => {
        fx.vault.createKey("signing-byok", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["sign", "verify"] });
        const refused = new UsageError(
            `--purpose: "cmkService" gives the next version [wrapKey, unwrapKey], but ${keyUrl("signing-byok")}'s current version allows [sign, verify], which services on its versionless id use; leave --purpose out to keep them, or import under a new name for another purpose`,
        );
        for (const extra of [[], ["--dry-run"]]) {
            const from = fx.standIn.log.length;
            await expect(run(["--key-id", keyUrl("signing-byok"), "--byok-file", byokFile("signing-2", fresh()), "--new-version", "--purpose", "cmkService", ...extra])).rejects.toThrow(refused);
            // The KEK and the key were read; no rotation policy, no import.
            expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 200"]);
        }
        expect(fx.vault.keys.get("signing-byok")).toHaveLength(1);
    });

    test("when the current version's operations cannot be read, --purpose must be named, and then it is taken", async () => {
        fx.vault.createKey("dark-byok", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["encrypt", "decrypt"], attributes: { enabled: false } });
        fx.vault.faults = { refuseGetOfDisabledKeys: true };
        try {
            await expect(run(["--key-id", keyUrl("dark-byok"), "--byok-file", byokFile("dark-2"), "--new-version", "--dry-run"])).rejects.toThrow(
                new UsageError([
                    `--purpose: is required with --new-version here: the operations of ${keyUrl("dark-byok")}'s current version could not be read, and the next version must keep those services on its versionless id use; name the purpose its versions serve`,
                    `--tags: are required with --new-version here: the tags of ${keyUrl("dark-byok")}'s current version could not be read, and the next version would otherwise have none; give them (--tags "" for none)`,
                ].join("\n")),
            );
            const named = await run(["--key-id", keyUrl("dark-byok"), "--byok-file", byokFile("dark-2"), "--new-version", "--purpose", "applicationCrypto", "--tags", "owner=payments"]);
            expect(stepSummary(named.result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        } finally {
            fx.vault.faults = {};
        }
        expect(fx.vault.latest("dark-byok")?.keyOps).toEqual(["encrypt", "decrypt"]);
        expect(fx.vault.latest("dark-byok")?.tags).toEqual({ owner: "payments" });
    });

    test("a key whose rotation policy rotates it in the vault is refused before the import, in a dry run too, and the fix is named", async () => {
        fx.vault.createKey("auto-rotated", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey"] });
        fx.vault.setRotationPolicy("auto-rotated", { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" });
        for (const extra of [[], ["--dry-run"]]) {
            const from = fx.standIn.log.length;
            const { result } = await run(["--key-id", keyUrl("auto-rotated"), "--byok-file", byokFile("auto-2"), "--new-version", ...extra]);
            expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", `${extra.length ? "target" : "import"}: ImportRefused`]);
            expect(result.ok).toBe(false);
            expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 200", "GET getrotationpolicy 200"]);
            expect(result.steps[1].error?.message).toBe(
                `Import refused: ${keyUrl("auto-rotated")} has a rotation policy that rotates it in kv-byok.vault.azure.net (Rotate P90D after creation), so Key Vault would replace the version imported with key material it makes itself, and services on the versionless key id would move off your HSM's key.`,
            );
            expect(result.steps[1].error?.suggestion).toBe(
                "Take the Rotate action out of the key's rotation policy, then import again: in the stack, rotationPolicy.automaticRotation: false on the key (or list it as existing: true); by hand, az keyvault key rotation-policy update --vault-name kv-byok --name auto-rotated --value <a policy whose lifetimeActions hold only Notify>. A BYOK key is renewed by importing its next version before it expires (verify --check expiry warns 30 days ahead).",
            );
        }
        expect(fx.vault.keys.get("auto-rotated")).toHaveLength(1);
        // Timed before expiry, the same.
        fx.vault.setRotationPolicy("auto-rotated", { lifetimeActions: [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Rotate" } }], expiryTime: "P1Y" });
        const before = await run(["--key-id", keyUrl("auto-rotated"), "--byok-file", byokFile("auto-2"), "--new-version"]);
        expect(before.result.steps[1].error?.message).toContain("(Rotate P30D before expiry)");
        // With only a Notify action left, the next version imports.
        fx.vault.setRotationPolicy("auto-rotated", { lifetimeActions: [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } }], expiryTime: "P1Y" });
        const notified = await run(["--key-id", keyUrl("auto-rotated"), "--byok-file", byokFile("auto-2"), "--new-version"]);
        expect(stepSummary(notified.result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(fx.vault.keys.get("auto-rotated")).toHaveLength(2);
    });

    test("a caller refused the rotation policy is not held up by it", async () => {
        fx.vault.createKey("policy-hidden", { kty: "RSA-HSM", keyPair: fx.pair, keyOps: ["wrapKey", "unwrapKey"] });
        // Crypto User lacks keyrotationpolicies/read; import itself needs Crypto Officer, so this is a dry run.
        const cryptoUser = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const from = fx.standIn.log.length;
        const ready = await run(["--key-id", keyUrl("policy-hidden"), "--byok-file", byokFile("hidden-2"), "--new-version", "--dry-run"], cryptoUser);
        expect(stepSummary(ready.result.steps)).toEqual(["key-exchange-key: ok", "target: ok"]);
        expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 200", "GET getrotationpolicy 403"]);
    });
});

describe("--tags, as az keyvault key import's", () => {
    const latestTags = async (name: string) => (await new KeyClient(fx.vault.url, officer).getKey(name)).properties.tags;
    const fresh = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

    test("gives the imported version its tags, written as az writes them: name=value words after one --tags, or the flag repeated", async () => {
        const { result, output } = await run(["--key-id", keyUrl("tagged-byok"), "--byok-file", byokFile("tagged"), "--tags", "owner=payments", "cost-center=42", "--tags", "reviewed"]);
        expect(result.ok).toBe(true);
        expect(await latestTags("tagged-byok")).toEqual({ owner: "payments", "cost-center": "42", reviewed: "" });
        expect(result).toMatchObject({ tags: { owner: "payments", "cost-center": "42", reviewed: "" }, tagsKept: false });
        expect(output.split("\n")).toContain("  tags owner=payments, cost-center=42, reviewed=");
    });

    test("a next version without --tags keeps the current version's, and says so; --tags replaces them, and --tags \"\" gives none", async () => {
        await run(["--key-id", keyUrl("renewed-byok"), "--byok-file", byokFile("renewed-1"), "--tags", "owner=payments"]);
        const kept = await run(["--key-id", keyUrl("renewed-byok"), "--byok-file", byokFile("renewed-2", fresh()), "--new-version"]);
        expect(kept.result.ok).toBe(true);
        expect(await latestTags("renewed-byok")).toEqual({ owner: "payments" });
        expect(kept.output.split("\n")).toContain("  tags owner=payments (the current version's, kept: --tags replaces them)");
        // A rehearsal shows the tags the version would get.
        const rehearsal = await run(["--key-id", keyUrl("renewed-byok"), "--byok-file", byokFile("renewed-3", fresh()), "--new-version", "--dry-run", "--json"]);
        expect(JSON.parse(rehearsal.output)).toMatchObject({ ok: true, tags: { owner: "payments" }, tagsKept: true });
        expect((await run(["--key-id", keyUrl("renewed-byok"), "--byok-file", byokFile("renewed-3", fresh()), "--new-version", "--tags", "owner=treasury"])).result.ok).toBe(true);
        expect(await latestTags("renewed-byok")).toEqual({ owner: "treasury" });
        expect((await run(["--key-id", keyUrl("renewed-byok"), "--byok-file", byokFile("renewed-4", fresh()), "--new-version", "--tags", ""])).result.ok).toBe(true);
        expect(await latestTags("renewed-byok")).toBeUndefined();
        // Tags belong to each version: the first keeps its own.
        expect(fx.vault.keys.get("renewed-byok")?.map((v) => v.tags)).toEqual([{ owner: "payments" }, { owner: "payments" }, { owner: "treasury" }, undefined]);
    });

    test("Key Vault's limits on a key's tags, a tag with no name and one given twice are usage errors naming --tags, and nothing is sent", async () => {
        const many = Array.from({ length: 16 }, (_, i) => `t${i}=v`);
        const cases: [string[], string][] = [
            [many, "--tags: are 16; a Key Vault key takes at most 15"],
            [[`${"n".repeat(257)}=v`], `--tags: tag "${"n".repeat(40)}…" has a name of 257 characters; a Key Vault key's tag name is at most 256`],
            [[`owner=${"v".repeat(257)}`], `--tags: tag "owner" has a value of 257 characters; a Key Vault key's tag value is at most 256`],
            [["=payments"], '--tags: "=payments" names no tag: give name=value'],
            [["owner=a", "owner=b"], '--tags: tag "owner" is given twice; give each tag once'],
        ];
        for (const [words, message] of cases) {
            const from = fx.standIn.log.length;
            await expect(run(["--key-id", keyUrl("usage"), "--byok-file", byokFile("usage"), "--tags", ...words])).rejects.toThrow(new UsageError(message));
            expect(fx.standIn.log.length).toBe(from);
        }
        // Up to the limits is taken.
        expect(validateImportOptions(keyUrl("usage"), { tags: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`${"n".repeat(254)}${String(i).padStart(2, "0")}`, "v".repeat(256)])) })).toEqual([]);
    });

    test("the words after --tags end at the next option, which keeps its own value", () => {
        const parsed = parseImportArgs(["--tags", "owner=payments", "note=a=b", "--key-id", keyUrl("usage"), "--byok-file", "x.byok", "--tags=team=keys", "--new-version"]);
        expect([parsed.tags, parsed.keyId, parsed.newVersion]).toEqual([{ owner: "payments", note: "a=b", team: "keys" }, keyUrl("usage"), true]);
        expect(parseImportArgs(["--key-id", keyUrl("usage"), "--byok-file", "x.byok"]).tags).toBeUndefined();
        // A name every object has stays a tag.
        expect(Object.keys(parseImportArgs(["--key-id", keyUrl("usage"), "--byok-file", "x.byok", "--tags", "__proto__=x"]).tags ?? {})).toEqual(["__proto__"]);
    });

    test("a bare --tags, followed by another option or by nothing, gives no tags, as az's does and as --tags \"\" does", () => {
        const args = (...extra: string[]) => parseImportArgs(["--key-id", keyUrl("usage"), "--byok-file", "x.byok", ...extra]);
        expect([args("--tags", "--new-version").tags, args("--tags", "--new-version").newVersion]).toEqual([{}, true]);
        expect(args("--new-version", "--tags").tags).toEqual({});
        expect(args("--tags", "-h").help).toBe(true);
        expect(args("--tags", "--tags", "owner=payments").tags).toEqual({ owner: "payments" });
        expect(args("--tags", "").tags).toEqual({});
        // "-" is a word, not an option, as it is after a tag.
        expect(args("--tags", "-").tags).toEqual({ "-": "" });
    });

    test("the limits are the components' own for a key (components/tags.ts), which verification does not import", () => {
        expect(KEY_TAG_LIMITS).toEqual({ count: TAG_LIMITS.perKeyVaultObject, nameLength: TAG_LIMITS.keyNameLength, valueLength: TAG_LIMITS.valueLength });
    });
});

describe("the key exchange key is never the key imported into (the BYOK specification has Key Vault generate it)", () => {
    test("--key-id naming the KEK the blob was made for is a usage error before anything is sent, --new-version or not", async () => {
        for (const extra of [[], ["--new-version"], ["--new-version", "--dry-run"]]) {
            const from = fx.standIn.log.length;
            await expect(run(["--key-id", keyUrl("BYOK-KEK"), "--byok-file", byokFile("kek-next"), ...extra])).rejects.toThrow(
                new UsageError(`--key-id: ${keyUrl("BYOK-KEK")} is the key exchange key the blob was made for (header.kid ${kekId}): --key-id names the key to import into; a KEK is generated in Key Vault, never imported`),
            );
            expect(fx.standIn.log.length).toBe(from);
        }
        expect(fx.vault.keys.get("byok-kek")).toHaveLength(1);
    });

    test("a next version onto another KEK is a usage error naming it once its current version is read, and nothing is imported", async () => {
        fx.vault.createKey("spare-kek", { kty: "RSA-HSM", keySize: 2048, keyOps: ["import"] });
        for (const extra of [[], ["--dry-run"], ["--purpose", "cmkService"]]) {
            const from = fx.standIn.log.length;
            await expect(run(["--key-id", keyUrl("spare-kek"), "--byok-file", byokFile("spare-next"), "--new-version", ...extra])).rejects.toThrow(
                new UsageError(`--key-id: ${keyUrl("spare-kek")} is a key exchange key (its current version allows import): --key-id names the key to import into, and the blob's header.kid names the KEK; a KEK is generated in Key Vault, never imported`),
            );
            // The blob's KEK and the target were read; nothing else.
            expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 200"]);
        }
        expect(fx.vault.keys.get("spare-kek")).toHaveLength(1);
    });
});

test("a disabled key holding the name is an existing key, on a vault that refuses its GET too", async () => {
    fx.vault.createKey("disabled-byok", { kty: "RSA-HSM", keyPair: fx.pair, attributes: { enabled: false } });
    fx.vault.faults = { refuseGetOfDisabledKeys: true };
    try {
        const taken = await run(["--key-id", keyUrl("disabled-byok"), "--byok-file", byokFile("disabled")]);
        expect(stepSummary(taken.result.steps)).toEqual(["key-exchange-key: ok", "import: KeyExists"]);
    } finally {
        fx.vault.faults = {};
    }
});

test("a .byok file that starts with a byte-order mark, as Windows tools write one, is read as the JSON it is and imported without the mark", async () => {
    // Pretty-printed with CRLF line ends after the mark, as a Windows editor saves it.
    const text = JSON.stringify(JSON.parse(readFileSync(byokFile("bom"), "utf8")), null, 2).replace(/\n/g, "\r\n");
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    const blob = readTransferBlob(bytes);
    expect(Array.isArray(blob) ? blob : blob.kekId).toBe(kekId);
    // The vault is sent what was checked: the stand-in, as Key Vault, parses key_hsm as the blob's JSON, which a mark is not part of.
    const file = path.join(dir, "bom-crlf.byok");
    writeFileSync(file, bytes);
    const { result } = await run(["--key-id", keyUrl("windows-byok"), "--byok-file", file]);
    expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
    expect(result.ok).toBe(true);
    const imported = await new KeyClient(fx.vault.url, officer).getKey("windows-byok");
    expect(Buffer.from(imported.key?.n ?? []).toString("base64url")).toBe(target.export({ format: "jwk" }).n);
});

test("a vault that does not serve the SDK's API version refuses at the KEK, named as such; --api-version imports through the one it serves", async () => {
    fx.vault.apiVersions = ["7.1", "7.2"];
    try {
        const refused = await run(["--key-id", keyUrl("stack-hub"), "--byok-file", byokFile("stack-hub")]);
        expect(stepSummary(refused.result.steps)).toEqual(["key-exchange-key: UnsupportedApiVersion"]);
        expect(refused.output).toContain("--api-version 7.2");
        const from = fx.standIn.log.length;
        const { result } = await run(["--key-id", keyUrl("stack-hub"), "--byok-file", byokFile("stack-hub"), "--api-version", "7.2"]);
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(result.ok).toBe(true);
        expect(fx.standIn.log.slice(from).every((entry) => entry.status !== 400)).toBe(true);
    } finally {
        fx.vault.apiVersions = KEY_VAULT_API_VERSIONS;
    }
});

test("--dry-run checks the blob, its KEK and the name, and imports nothing", async () => {
    const file = byokFile("rehearsal");
    const from = fx.standIn.log.length;
    const ready = await run(["--key-id", keyUrl("rehearsal-byok"), "--byok-file", file, "--dry-run"]);
    expect(stepSummary(ready.result.steps)).toEqual(["key-exchange-key: ok", "target: ok"]);
    expect(ready.result).toMatchObject({ ok: true, dryRun: true, keyVersion: "", verification: null });
    expect(ready.output.split("\n")[0]).toBe(`READY ${keyUrl("rehearsal-byok")} (dry run: nothing imported)`);
    expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 404", "GET getdeleted 404"]);
    expect(fx.vault.keys.has("rehearsal-byok")).toBe(false);
    // A name taken fails the rehearsal as it would fail the import; --new-version would import over it.
    expect((await run(["--key-id", keyUrl("rehearsal-byok"), "--byok-file", file])).result.ok).toBe(true);
    const taken = await run(["--key-id", keyUrl("rehearsal-byok"), "--byok-file", file, "--dry-run"]);
    expect(stepSummary(taken.result.steps)).toEqual(["key-exchange-key: ok", "target: KeyExists"]);
    expect(taken.output.split("\n")[0]).toBe(`FAIL ${keyUrl("rehearsal-byok")} (dry run: nothing imported)`);
    const next = await run(["--key-id", keyUrl("rehearsal-byok"), "--byok-file", file, "--dry-run", "--new-version", "--json"]);
    expect(JSON.parse(next.output)).toMatchObject({ ok: true, dryRun: true, steps: [{ name: "key-exchange-key", ok: true }, { name: "target", ok: true }] });
    expect(fx.vault.keys.get("rehearsal-byok")).toHaveLength(1);
});

test("imports an EC key for signing on the curve named, and proves it signs as the vendor's key", async () => {
    const ec = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const { result } = await run(["--key-id", keyUrl("release-signing"), "--byok-file", byokFile("signing", ec), "--kty", "EC-HSM", "--curve-name", "P-256", "--purpose", "signing", "--json"]);
    expect(stepSummary(result.verification?.steps ?? [])).toEqual(["read: ok", "sign-verify: ok"]);
    const imported = await new KeyClient(fx.vault.url, officer).getKey("release-signing");
    expect(imported.keyOperations).toEqual(["sign", "verify"]);
    expect(Buffer.from(imported.key?.x ?? []).toString("base64url")).toBe(ec.export({ format: "jwk" }).x);
});

test("sends nothing when the blob's KEK is not a key exchange key, and names what it lacks", async () => {
    const from = fx.standIn.log.length;
    const wrapKey = await new KeyClient(fx.vault.url, officer).getKey("backup-key");
    const { result } = await run(["--key-id", keyUrl("wrong-kek"), "--byok-file", byokFile("wrong-kek", target, String(wrapKey.id), crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(wrapKey.key?.n ?? []).toString("base64url"), e: Buffer.from(wrapKey.key?.e ?? []).toString("base64url") }, format: "jwk" }).export({ format: "pem", type: "spki" }).toString())]);
    // Not "add import": a key that does more than import is no KEK, whatever is added to it.
    expect(stepSummary(result.steps)).toEqual(["key-exchange-key: NotAKeyExchangeKey"]);
    expect(result.steps[0].error?.message).toContain("not import alone");
    expect(describeLog(fx, from).some((l) => l.startsWith("PUT"))).toBe(false);
});

test("reports the vault's refusal of a blob altered on its way, and a caller without Crypto Officer by the role it needs", async () => {
    const blob = JSON.parse(readFileSync(byokFile("tampered"), "utf8")) as { ciphertext: string };
    const bytes = Buffer.from(blob.ciphertext, "base64url");
    bytes[bytes.length - 1] ^= 0x01;
    const tampered = path.join(dir, "tampered-edited.byok");
    writeFileSync(tampered, JSON.stringify({ ...blob, ciphertext: bytes.toString("base64url") }));
    const refused = await run(["--key-id", keyUrl("tampered"), "--byok-file", tampered]);
    expect(stepSummary(refused.result.steps)).toEqual(["key-exchange-key: ok", "import: ImportRefused"]);
    expect(refused.result.steps[1].error?.message).toMatch(/^Import refused: kv-byok\.vault\.azure\.net answered BadParameter \(The key transfer blob does not decrypt with the key exchange key .*integrity check failed/);

    const cryptoUser = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
    const forbidden = await run(["--key-id", keyUrl("not-mine"), "--byok-file", byokFile("not-mine")], cryptoUser);
    expect(stepSummary(forbidden.result.steps)).toEqual(["key-exchange-key: ok", "import: Forbidden"]);
    expect(forbidden.result.steps[1].error?.suggestion).toMatch(/Key Vault Crypto Officer/);
});

test("an import into a standard vault is refused as one, with the move to premium as the fix, not a role to assign", async () => {
    // The KEK was made while the vault was premium; ARM moves a vault to standard in place, and its HSM keys stay readable.
    fx.vault.sku = "standard";
    try {
        const { result } = await run(["--key-id", keyUrl("into-standard"), "--byok-file", byokFile("into-standard")]);
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ImportRefused"]);
        expect(result.steps[1].error?.message).toBe(
            "Import refused: kv-byok.vault.azure.net is a standard vault, which holds no HSM keys, and a BYOK import makes one (the vault answered 403: Hardware key operation not allowed on standard vault).",
        );
        expect(result.steps[1].error?.suggestion).toBe(
            "Import into a premium vault, which BYOK needs for the key exchange key and the key alike: move this one to premium (az keyvault update --name kv-byok --sku premium, or sku: premium on its entry in the stack's vaults[]) and import again, or make a KEK in another premium vault and have the vendor's tool protect the key to it.",
        );
        expect(fx.vault.keys.has("into-standard")).toBe(false);
    } finally {
        fx.vault.sku = "premium";
    }
});

test("a name a soft-deleted key holds fails the dry run and the import before anything is sent, --new-version included, and says how to free it", async () => {
    expect((await run(["--key-id", keyUrl("retired-byok"), "--byok-file", byokFile("retired")])).result.ok).toBe(true);
    fx.vault.softDeleteKey("retired-byok");
    const deletedAt = fx.vault.deletedDates.get("retired-byok") ?? 0;
    const deletedOn = new Date(deletedAt * 1000).toISOString();
    const purgeOn = new Date((deletedAt + 90 * 86400) * 1000).toISOString();
    const from = fx.standIn.log.length;
    const rehearsal = await run(["--key-id", keyUrl("retired-byok"), "--byok-file", byokFile("retired-again"), "--dry-run"]);
    expect(stepSummary(rehearsal.result.steps)).toEqual(["key-exchange-key: ok", "target: ImportRefused"]);
    expect(rehearsal.output.split("\n")[0]).toBe(`FAIL ${keyUrl("retired-byok")} (dry run: nothing imported)`);
    expect(rehearsal.result.steps[1].error).toEqual({
        code: "ImportRefused",
        message: `Import refused: a deleted key (deleted ${deletedOn}) holds the name retired-byok in kv-byok.vault.azure.net, and Key Vault refuses an import under it, as a new version too, until it is recovered or purged.`,
        suggestion: `Recover it (az keyvault key recover --vault-name kv-byok --name retired-byok) and import the blob as its next version with --new-version, or import under another name; purge protection keeps the deleted key until ${purgeOn}.`,
    });
    // Key Vault refuses a next version of a deleted key as well.
    for (const args of [["--dry-run", "--new-version"], ["--new-version"], []]) {
        const refused = await run(["--key-id", keyUrl("retired-byok"), "--byok-file", byokFile("retired-again"), ...args]);
        expect(stepSummary(refused.result.steps)).toEqual(["key-exchange-key: ok", `${args.includes("--dry-run") ? "target" : "import"}: ImportRefused`]);
        expect(refused.result.steps[1].error?.message).toMatch(/^Import refused: a deleted key/);
    }
    expect(describeLog(fx, from).some((l) => l.startsWith("PUT"))).toBe(false);
    // Where purge protection is off, purging frees the name too.
    fx.vault.recovery = { softDelete: true, retentionDays: 7, purgeProtection: false };
    try {
        const purgeable = await run(["--key-id", keyUrl("retired-byok"), "--byok-file", byokFile("retired-again"), "--dry-run"]);
        expect(purgeable.result.steps[1].error?.suggestion).toBe(
            "Recover it (az keyvault key recover --vault-name kv-byok --name retired-byok) and import the blob as its next version with --new-version, purge it (az keyvault key purge --vault-name kv-byok --name retired-byok; it is then gone for good), or import under another name.",
        );
    } finally {
        fx.vault.recovery = { softDelete: true, retentionDays: 90, purgeProtection: true };
    }
});

test("a caller who may not read deleted keys gets the vault's 409 for a name a deleted key holds, told as a name to recover, not a blob to remake", async () => {
    // A Managed HSM reads deleted keys by their own data action, which its Crypto User lacks.
    const pool = fx.standIn.addManagedHsm("hsm-byok", fx.tenantId);
    const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "hsm-importer", secret: "hsm-importer-secret" });
    pool.assignRole(app.objectId, "Managed HSM Crypto User");
    const importer = new ClientSecretCredential(fx.tenantId, app.clientId, "hsm-importer-secret");
    const poolKek = await new KeyClient(pool.url, importer).createRsaKey("hsm-kek", { hsm: true, keySize: 3072, keyOps: ["import"] });
    const poolKekPem = crypto.createPublicKey({ key: { kty: "RSA", n: Buffer.from(poolKek.key?.n ?? []).toString("base64url"), e: Buffer.from(poolKek.key?.e ?? []).toString("base64url") }, format: "jwk" }).export({ format: "pem", type: "spki" }).toString();
    pool.createKey("held", { kty: "RSA-HSM", keyPair: fx.pair });
    pool.softDeleteKey("held");
    const file = byokFile("held", target, String(poolKek.id), poolKekPem);
    const from = fx.standIn.log.length;
    // The dry run cannot see the deleted key: it says nothing of it, and fails nothing for the refused read.
    const rehearsal = await run(["--key-id", `${pool.url}/keys/held`, "--byok-file", file, "--dry-run"], importer);
    expect(stepSummary(rehearsal.result.steps)).toEqual(["key-exchange-key: ok", "target: ok"]);
    expect(describeLog(fx, from).filter((l) => !l.endsWith("(challenge)"))).toEqual(["GET get 200", "GET get 404", "GET getdeleted 403"]);
    const refused = await run(["--key-id", `${pool.url}/keys/held`, "--byok-file", file], importer);
    expect(stepSummary(refused.result.steps)).toEqual(["key-exchange-key: ok", "import: ImportRefused"]);
    expect(refused.result.steps[1].error?.message).toBe("Import refused: hsm-byok.managedhsm.azure.net answered Conflict (Key held is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.).");
    expect(refused.result.steps[1].error?.suggestion).toBe(
        "A deleted key holds the name until it is recovered or purged: recover it (az keyvault key recover --hsm-name hsm-byok --name held) and import the blob as its next version with --new-version, purge it if the vault's purge protection is off (az keyvault key purge --hsm-name hsm-byok --name held), or import under another name.",
    );
    // Creating a key under the name is refused the same way.
    await expect(new KeyClient(pool.url, importer, { retryOptions: { maxRetries: 0 } }).createRsaKey("held", { hsm: true })).rejects.toMatchObject({ statusCode: 409, code: "Conflict" });
});

test("a vault that serves no deleted keys, as another implementation may not, leaves the name to the import, as before the check", async () => {
    fx.vault.faults = { noDeletedKeys: true };
    try {
        const file = byokFile("undeletable");
        const ready = await run(["--key-id", keyUrl("undeletable-byok"), "--byok-file", file, "--dry-run"]);
        expect(stepSummary(ready.result.steps)).toEqual(["key-exchange-key: ok", "target: ok"]);
        const imported = await run(["--key-id", keyUrl("undeletable-byok"), "--byok-file", file]);
        expect(stepSummary(imported.result.steps)).toEqual(["key-exchange-key: ok", "import: ok"]);
        expect(imported.result.ok).toBe(true);
    } finally {
        fx.vault.faults = {};
    }
});

describe("usage errors, before anything is sent", () => {
    test.each([
        ["an EC key without its curve and purpose", ["--kty", "EC-HSM"], /--curve-name: is required for an EC-HSM key[\s\S]*--purpose: is required for an EC-HSM key/],
        ["a curve on an RSA key", ["--curve-name", "P-256"], /--curve-name: applies to EC-HSM keys only/],
        ["a software key type", ["--kty", "RSA"], /--kty: Invalid option: expected one of "RSA-HSM"\|"EC-HSM"/],
        ["an expiry already past", ["--expires", "2020-01-01"], /--expires: 2020-01-01T00:00:00.000Z is already past/],
        ["an expiry that is not a date", ["--expires", "next year"], /--expires: must be an ISO-8601 date/],
        // The SDK would send it as 1902-01-12 and the key would be created expired.
        ["an expiry after 2038-01-19T03:14:07Z", ["--expires", "2038-02-18T00:00:00Z"], /^--expires: 2038-02-18T00:00:00\.000Z is after 2038-01-19T03:14:07\.000Z, the last expiry the Key Vault SDK can send \(it writes exp as a 32-bit number, so a later date arrives as one in 1901\); give an expiry on or before it$/],
        // Date would roll these over to another day and import the key with that expiry.
        ["a day past the month's end", ["--expires", "2031-04-31"], /--expires: is not a date on the calendar/],
        ["an hour past 23", ["--expires", "2031-04-30T24:00:00Z"], /--expires: is not a date on the calendar/],
        ["a stray word after a password, not shown", ["--certificate-password", "correct", "Horse-Battery-Staple"], /^an unexpected argument follows the value of --certificate-password \(not shown: it may be part of it\); quote a value that holds a space$/],
        ["a key id given twice (parseArgs would keep the last)", ["--key-id", "https://kv-byok.vault.azure.net/keys/other"], /--key-id: is given 2 times; give it once/],
        ["an AES key into a key vault, as an HMAC key too", ["--kty", "oct-HSM", "--purpose", "signing"], /^--kty: oct-HSM \(an AES key\) imports into a Managed HSM only, and kv-byok\.vault\.azure\.net is a key vault$/],
        ["an API version that is none", ["--api-version", "v7.4"], /^--api-version: "v7\.4" is not a Key Vault REST API version: a number such as 7\.4, or a date such as 2025-07-01$/],
    ])("%s", async (_title, extra, message) => {
        const from = fx.standIn.log.length;
        await expect(run(["--key-id", keyUrl("usage"), "--byok-file", byokFile("usage"), ...extra])).rejects.toThrow(message);
        expect(fx.standIn.log.length).toBe(from);
    });

    test("the default expiry, 365 days on, is refused once it passes the SDK's last sendable expiry, and a given one before it is taken", () => {
        const key = keyUrl("late");
        expect(validateImportOptions(key, {}, new Date("2037-01-19T03:14:07Z"))).toEqual([]);
        expect(validateImportOptions(key, {}, new Date("2037-01-19T03:14:08Z"))).toEqual([{
            field: "expires",
            message: "the default, 365 days from now (2038-01-19T03:14:08.000Z), is after 2038-01-19T03:14:07.000Z, the last expiry the Key Vault SDK can send (it writes exp as a 32-bit number, so a later date arrives as one in 1901); give an expiry on or before it",
        }]);
        expect(validateImportOptions(key, { expiresOn: new Date("2038-01-19T03:14:07Z") }, new Date("2037-06-01T00:00:00Z"))).toEqual([]);
    });

    test("an AES key imports into a Managed HSM for each purpose, signing as an HMAC key, and never with a curve", () => {
        const pool = "https://hsm-byok.managedhsm.azure.net/keys/vendor-aes";
        for (const purpose of ["cmkService", "applicationCrypto", "signing"] as const) {
            expect(validateImportOptions(pool, { kty: "oct-HSM", purpose })).toEqual([]);
        }
        expect(validateImportOptions(pool, { kty: "oct-HSM", purpose: "signing", curveName: "P-256" })).toEqual([{ field: "curveName", message: "applies to EC-HSM keys only" }]);
    });

    test("a versioned key id, a missing file, a file that is not a transfer blob, and a KEK of another vault", async () => {
        await expect(run(["--key-id", `${keyUrl("usage")}/0123456789abcdef0123456789abcdef`, "--byok-file", byokFile("usage")])).rejects.toThrow(/--key-id: .* names a version; name the key only/);
        await expect(run(["--key-id", keyUrl("usage"), "--byok-file", path.join(dir, "absent.byok")])).rejects.toThrow(/--byok-file .*absent\.byok: cannot read it \(ENOENT\)/);
        const notBlob = path.join(dir, "not-a-blob.byok");
        writeFileSync(notBlob, JSON.stringify({ schema_version: "2.0", header: { kid: kekId, alg: "RSA-OAEP", enc: "A256GCM" }, ciphertext: "!" }));
        await expect(run(["--key-id", keyUrl("usage"), "--byok-file", notBlob])).rejects.toThrow(
            new UsageError([
                '--byok-file schema_version: "2.0" is not "1.0.0"',
                '--byok-file header.alg: "RSA-OAEP" is not "dir"',
                '--byok-file header.enc: "A256GCM" is not "CKM_RSA_AES_KEY_WRAP"',
                "--byok-file ciphertext: is missing or not base64 (base64url or standard base64)",
            ].join("\n")),
        );
        const other = byokFile("other-vault", target, kekId.replace("kv-byok.", "kv-elsewhere."));
        await expect(run(["--key-id", keyUrl("usage"), "--byok-file", other])).rejects.toThrow(/--byok-file header\.kid: .*kv-elsewhere.* is not in kv-byok\.vault\.azure\.net; the KEK must be in the vault the key is imported into/);
    });

    test("the blob reader names the KEK a vendor's blob was made for", () => {
        expect(readTransferBlob(readFileSync(byokFile("reader")))).toEqual({ kekId, generator: expect.stringMatching(/BYOK tool/) });
        expect(readTransferBlob(Buffer.from("not json"))).toEqual([{ field: "(file)", message: expect.stringMatching(/is not JSON/) }]);
    });

    test("the blob reader takes a ciphertext in standard base64 as well as base64url, padded or not, and refuses one in neither", () => {
        const blob = JSON.parse(readFileSync(byokFile("alphabets"), "utf8")) as Record<string, unknown>;
        const withCiphertext = (ciphertext: string) => readTransferBlob(Buffer.from(JSON.stringify({ ...blob, ciphertext })));
        // 0xfb 0xff: "+/8" in base64, "-_8" in base64url.
        const bytes = Buffer.concat([Buffer.from([0xfb, 0xff]), crypto.randomBytes(401)]);
        for (const ciphertext of [bytes.toString("base64"), bytes.toString("base64").replace(/=+$/, ""), bytes.toString("base64url"), `${bytes.toString("base64url")}==`]) {
            expect(withCiphertext(ciphertext)).toEqual({ kekId, generator: blob.generator });
        }
        for (const ciphertext of ["+/8-_8", "AAAA!", "AAAA===", ""]) {
            expect(withCiphertext(ciphertext)).toEqual([{ field: "ciphertext", message: "is missing or not base64 (base64url or standard base64)" }]);
        }
    });

    test("a blob whose ciphertext is standard base64 goes to the vault, which decides: its refusal is reported with its reason", async () => {
        const blob = JSON.parse(readFileSync(byokFile("standard"), "utf8")) as { ciphertext: string };
        const file = path.join(dir, "standard-base64.byok");
        writeFileSync(file, JSON.stringify({ ...blob, ciphertext: Buffer.from(blob.ciphertext, "base64url").toString("base64") }));
        const { result } = await run(["--key-id", keyUrl("standard-base64"), "--byok-file", file]);
        expect(stepSummary(result.steps)).toEqual(["key-exchange-key: ok", "import: ImportRefused"]);
        expect(result.steps[1].error?.message).toMatch(/answered BadParameter \(.*ciphertext is missing or not base64url/);
    });

    test("an encrypted PEM key without its --certificate-password, or with the wrong one, is a usage error naming the flag", async () => {
        const pem = readFileSync(APP_CERT_PEM_PATH, "utf8");
        const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? "";
        const file = path.join(dir, "app-encrypted.pem");
        writeFileSync(file, `${pem.replace(key, "").trim()}\n${crypto.createPrivateKey(key).export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "right" }).toString()}`);
        const asApp = ["--key-id", keyUrl("usage"), "--byok-file", byokFile("usage"), "--dry-run", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", file];
        const from = fx.standIn.log.length;
        await expect(runImportCommand(parseImportArgs(asApp), { retryOptions: { maxRetries: 0 } })).rejects.toThrow(new UsageError(`--certificate ${file}: its private key is encrypted; give its password with --certificate-password`));
        await expect(runImportCommand(parseImportArgs([...asApp, "--certificate-password", "wrong"]), { retryOptions: { maxRetries: 0 } })).rejects.toThrow(
            new UsageError(`--certificate ${file}: its encrypted private key is not one this --certificate-password opens`),
        );
        expect(fx.standIn.log.length).toBe(from);
    });

    test("a proxy variable without a scheme is a usage error naming it, not a crash at the first client", async () => {
        const restore = setEnv({ HTTPS_PROXY: new URL(fx.standIn.proxyUrl).host });
        try {
            await expect(run(["--key-id", keyUrl("usage"), "--byok-file", byokFile("usage"), "--dry-run"])).rejects.toThrow(
                new UsageError("HTTPS_PROXY: must be a URL starting http:// or https://, as the Azure SDK reads it; write it as http://host:port (user:password@ before the host if the proxy asks for them)"),
            );
        } finally {
            restore();
        }
    });

    test("--key-id and --byok-file are required", () => {
        expect(() => parseImportArgs([])).toThrow(/--key-id: is required[\s\S]*--byok-file: is required/);
    });
});
