import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientCertificateCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH, APP_CERT_PFX_PATH } from "../support/keyvault";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { keyIdsFromStackOutputs } from "../../verification";
import { startFixture, stopFixture, type Fixture } from "./fixture";
import { posixTest } from "../support/platform";

const ROOT = path.join(__dirname, "..", "..");
let fx: Fixture;
let tmp: string;

beforeAll(async () => {
    fx = await startFixture("kv-cli");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
});

afterAll(async () => {
    await stopFixture(fx);
    fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs the real entry file in a child process, as `npm run verify --` does. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            path.join(ROOT, "node_modules", ".bin", "tsx"),
            [path.join(ROOT, "verification", "cli.ts"), ...args],
            { cwd: ROOT, env: { ...process.env, HTTPS_PROXY: fx.standIn.proxyUrl, NO_PROXY: "", ...env }, timeout: 15000 },
            (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
    });
}

describe("options", () => {
    test("rejects a run with no key to verify", () => {
        expect(() => parseVerifyArgs([])).toThrow(new UsageError("--key-id: give at least one --key-id or --stack-outputs FILE"));
    });

    test("lists every problem at once, each naming its flag", () => {
        expect(() => parseVerifyArgs(["--key-id", "https://example.com/keys/k", "--client-id", "nope", "--check", "sing"])).toThrow(
            new UsageError(
                [
                    "--key-id #1: Invalid key id: https://example.com/keys/k is not on a Key Vault domain (.vault.azure.net, .vault.azure.cn, .vault.usgovcloudapi.net, .managedhsm.azure.net, .managedhsm.azure.cn, .managedhsm.usgovcloudapi.net).",
                    '--check #1: Invalid option: expected one of "read"|"encrypt-decrypt"|"wrap-unwrap"|"local-encrypt"|"sign-verify"|"key-exchange"|"recoverable"|"rotation"|"expiry"|"previous-versions"|"backup"',
                    "--client-id: must be a GUID",
                ].join("\n"),
            ),
        );
    });

    test("a certificate without its tenant and client id is refused", () => {
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--certificate", APP_CERT_PEM_PATH])).toThrow(
            new UsageError("--certificate: --tenant-id, --client-id and --certificate go together (certificate authentication as an application)"),
        );
    });

    test("a flag that takes one value, given twice, is refused: parseArgs would keep the last silently", () => {
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--tenant-id", fx.tenantId, "--tenant-id", fx.tenantId, "--concurrency", "2", "--concurrency", "4"])).toThrow(
            new UsageError("--tenant-id: is given 2 times; give it once\n--concurrency: is given 2 times; give it once"),
        );
    });

    test("--api-version takes Key Vault's numbered and dated versions, and reaches the vault", async () => {
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--api-version", "7.1"]).apiVersion).toBe("7.1");
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--api-version", "7.6-preview.2"]).apiVersion).toBe("7.6-preview.2");
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--api-version", "2025-07-01"]).apiVersion).toBe("2025-07-01");
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--api-version", "latest"])).toThrow(
            new UsageError('--api-version: "latest" is not a Key Vault REST API version: a number such as 7.4, or a date such as 2025-07-01'),
        );
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const from = fx.standIn.log.length;
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--check", "read", "--api-version", "7.4"]), { credential });
        expect(report.ok).toBe(true);
        expect(fx.standIn.log.slice(from).map((entry) => entry.apiVersion)).toEqual(expect.arrayContaining(["7.4"]));
        expect(fx.standIn.log.slice(from).every((entry) => entry.apiVersion === "7.4")).toBe(true);
    });

    test("a tenant is named by its id or one of its domains, as Microsoft Entra sign-in takes either", () => {
        const withTenant = (t: string) => () => parseVerifyArgs(["--key-id", fx.keyId, "--tenant-id", t, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH]);
        expect(withTenant("contoso.onmicrosoft.com")().tenantId).toBe("contoso.onmicrosoft.com");
        expect(withTenant(fx.tenantId)().tenantId).toBe(fx.tenantId);
        expect(withTenant("contoso")).toThrow(/--tenant-id: must be a tenant id \(a GUID\) or one of the tenant's domains/);
        expect(withTenant("https://login.microsoftonline.com/contoso.com")).toThrow(/--tenant-id: must be a tenant id/);
    });

    test("a stray word after a password is refused without being shown: it may be the rest of an unquoted password", () => {
        const stray = (args: string[]) => () => parseVerifyArgs(["--key-id", fx.keyId, ...args]);
        const message = "an unexpected argument follows the value of --certificate-password (not shown: it may be part of it); quote a value that holds a space";
        expect(stray(["--certificate-password", "correct", "Horse-Battery-Staple"])).toThrow(new UsageError(message));
        expect(stray(["--certificate-password=correct", "Horse-Battery-Staple"])).toThrow(new UsageError(message));
        // Its rest may start with a dash, which parseArgs reads as an option it then names.
        expect(stray(["--certificate-password", "correct", "--Horse-Battery"])).toThrow(new UsageError(message));
        expect(stray(["--certificate-password", "correct", "-Horse"])).toThrow(new UsageError(message));
        // -h is --help: parseArgs splits -hunter2 into -h, -u, ..., and names -u.
        expect(stray(["--certificate-password", "correct", "-hunter2"])).toThrow(new UsageError(message));
        // Any other stray argument is quoted, as parseArgs does, so it can be found.
        expect(stray(["--json", "extra"])).toThrow(new UsageError("Unexpected argument 'extra'. This command does not take positional arguments"));
        expect(stray(["--certificate-password", "correct", "--jsn"])).toThrow(new UsageError(message));
        expect(stray(["--jsn"])).toThrow(/Unknown option '--jsn'/);
    });

    test("a flag without a value may be repeated: it says the same", () => {
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--json", "--json"]).json).toBe(true);
        expect(parseVerifyArgs(["-h", "--help"]).help).toBe(true);
    });

    test("a certificate password without its certificate is refused", () => {
        expect(() => parseVerifyArgs(["--key-id", fx.keyId, "--certificate-password", "pw"])).toThrow(/--certificate-password: opens a --certificate/);
    });

    test.each([
        ["--concurrency", "1 to 64", [], ["abc", "Infinity", "1.5", "0x10", "1e1", "4.0", "+4", " 4", "", "0", "65", "-1"]],
        ["--min-days-before-expiry", "1 to 3650", ["--check", "expiry"], ["abc", "1.5", "0x10", "1e1", "30.0", "0", "3651"]],
    ])("%s takes only a decimal whole number from %s, and says so naming the value given", (flag, range, extra, bad) => {
        for (const value of bad) {
            expect(() => parseVerifyArgs(["--key-id", fx.keyId, ...extra, `${flag}=${value}`])).toThrow(new UsageError(`${flag}: must be a whole number from ${range}, not ${JSON.stringify(value)}`));
        }
    });

    test("a decimal whole number in range is taken, and the defaults stand without the flags", () => {
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--concurrency", "64", "--check", "expiry", "--min-days-before-expiry", "007"])).toMatchObject({ concurrency: 64, minDaysBeforeExpiry: 7 });
        expect(parseVerifyArgs(["--key-id", fx.keyId, "--concurrency", "1"]).concurrency).toBe(1);
        const defaults = parseVerifyArgs(["--key-id", fx.keyId]);
        expect([defaults.concurrency, defaults.minDaysBeforeExpiry]).toEqual([16, undefined]);
    });

    test("reads repeated --key-id and --check flags", () => {
        const options = parseVerifyArgs(["--key-id", fx.keyId, "--key-id", `${fx.vault.url}/keys/other`, "--check", "wrap-unwrap", "--json"]);
        expect(options.keyIds).toEqual([fx.keyId, `${fx.vault.url}/keys/other`]);
        expect(options.checks).toEqual(["wrap-unwrap"]);
        expect(options.json).toBe(true);
    });
});

describe("stack outputs", () => {
    test("finds key ids at any depth, keeps the versionless id of a key given both ways, skips secrets", () => {
        const versioned = fx.keyId;
        const versionless = versioned.replace(/\/[0-9a-f]{32}$/, "");
        const outputs = { keyUri: versionless, keyUriWithVersion: versioned, nested: { keys: [`${fx.vault.url}/keys/cmk-2`] }, vaultUri: fx.vault.url, secret: "[secret]" };
        expect(keyIdsFromStackOutputs(outputs)).toEqual([versionless, `${fx.vault.url}/keys/cmk-2`]);
    });

    test("keeps the version a consumer holds (an AKS cluster's KMS keyId) beside the key's versionless id, once", () => {
        const deployed = fx.keyId;
        const versionless = deployed.replace(/\/[0-9a-f]{32}$/, "");
        const pinned = `${versionless}/${"ab".repeat(16)}`;
        const outputs = {
            keys: { "kms-key": { keyUri: versionless, keyUriWithVersion: deployed } },
            kubernetesClusters: { aks: { keyId: pinned } },
            diskEncryptionSets: { des: { keyUrl: deployed } },
        };
        expect(keyIdsFromStackOutputs(outputs)).toEqual([versionless, pinned, deployed]);
    });

    test("one key spelt in two cases is verified once: Key Vault's names and versions are case-insensitive", () => {
        const versionless = fx.keyId.replace(/\/[0-9a-f]{32}$/, "");
        expect(keyIdsFromStackOutputs({ a: { keyUri: versionless }, b: { keyUri: versionless.replace(/keys\/(.+)$/, (_m, n: string) => `keys/${n.toUpperCase()}`) } })).toEqual([versionless]);
    });

    test("a consumer that follows the key's rotation itself is verified at the key's latest version, not the one it was made with", () => {
        const deployed = fx.keyId;
        const versionless = deployed.replace(/\/[0-9a-f]{32}$/, "");
        const outputs = {
            diskEncryptionSets: { des: { keyUrl: deployed, followsKeyRotation: true }, pinned: { keyUrl: `${versionless}/${"cd".repeat(16)}`, followsKeyRotation: false } },
            sqlServers: { sql: { keyId: deployed, followsKeyRotation: true } },
        };
        expect(keyIdsFromStackOutputs(outputs)).toEqual([versionless, `${versionless}/${"cd".repeat(16)}`]);
    });
});

describe("library entry", () => {
    test("--json prints exactly { ok, keys: [{ keyId, keyVersion, ok, steps: [{ name, ok, ms, error }] }] }", async () => {
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const missing = `${fx.vault.url}/keys/missing`;
        const { report, output } = await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--key-id", missing, "--json"]), { credential });
        const printed = JSON.parse(output) as unknown;
        expect(printed).toEqual(report);
        expect(Object.keys(report)).toEqual(["ok", "keys"]);
        expect(report.ok).toBe(false);
        expect(report.keys.map((k) => Object.keys(k))).toEqual([
            ["keyId", "keyVersion", "ok", "steps"],
            ["keyId", "keyVersion", "ok", "steps"],
        ]);
        for (const step of report.keys.flatMap((k) => k.steps)) {
            expect(Object.keys(step)).toEqual(["name", "ok", "ms", "error"]);
        }
        expect(report.keys[0]).toMatchObject({ keyId: fx.keyId, ok: true });
        expect(report.keys[1]).toEqual({
            keyId: missing,
            keyVersion: "",
            ok: false,
            steps: [
                {
                    name: "read",
                    ok: false,
                    ms: expect.any(Number),
                    error: { code: "KeyNotFound", message: `Key not found: ${missing} does not exist in kv-cli.vault.azure.net.`, suggestion: expect.any(String) },
                },
            ],
        });
    });

    test("--stack-outputs reads the key ids from `pulumi stack output --json`", async () => {
        const file = path.join(tmp, "outputs.json");
        fs.writeFileSync(file, JSON.stringify({ keyUriWithVersion: fx.keyId, identityClientId: fx.app.clientId }));
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", file]), { credential });
        expect(report.keys.map((k) => [k.keyId, k.ok])).toEqual([[fx.keyId, true]]);
    });

    test("a whole stack's keys verify in one run, each with the checks its operations allow", async () => {
        const cmk = fx.vault.createKey("cli-cmk", { keyOps: ["wrapKey", "unwrapKey"] });
        const app = fx.vault.createKey("cli-app", { keyOps: ["encrypt", "decrypt"] });
        const file = path.join(tmp, "stack-outputs.json");
        // The shape of this stack's `keys` output: versionless and versioned URIs of each key.
        fs.writeFileSync(file, JSON.stringify({ keys: { "cmk-storage": { keyUri: cmk }, "backup-vendor": { keyUri: app } } }));
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", file]), { credential });
        expect(report.keys.map((k) => [k.keyId, k.steps.map((s) => s.name)])).toEqual([
            [cmk, ["read", "wrap-unwrap"]],
            [app, ["read", "encrypt-decrypt", "local-encrypt"]],
        ]);
        expect(report.ok).toBe(true);
    });

    test("several --stack-outputs files are each read, and one key spelt two ways across them and --key-id is verified once", async () => {
        const a = path.join(tmp, "stack-a.json");
        const b = path.join(tmp, "stack-b.json");
        const missing = `${fx.vault.url}/keys/missing-from-a`;
        fs.writeFileSync(a, JSON.stringify({ cmk: { keyUri: missing } }));
        fs.writeFileSync(b, JSON.stringify({ app: { keyUriWithVersion: fx.keyId } }));
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const upper = fx.keyId.replace(/keys\/([^/]+)/, (_m, n: string) => `keys/${n.toUpperCase()}`);
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", upper, "--stack-outputs", a, "--stack-outputs", b, "--check", "read"]), { credential });
        expect(report.keys.map((k) => [k.keyId, k.ok])).toEqual([[upper, true], [missing, false]]);
    });

    test("--exclude-key leaves a key of the outputs out (every version of it, given versionless), and one that names no key to verify is refused", async () => {
        const versionless = (kid: string) => kid.replace(/\/[0-9a-f]{32}$/i, "");
        const byok = versionless(fx.vault.createKey("cli-byok", { keyOps: ["wrapKey", "unwrapKey"] }));
        const cmk = versionless(fx.vault.createKey("cli-kept", { keyOps: ["wrapKey", "unwrapKey"] }));
        const file = path.join(tmp, "exclude-outputs.json");
        // A key imported from an HSM cannot rotate in Key Vault: the nightly rotation check leaves it out.
        fs.writeFileSync(file, JSON.stringify({ keys: { byok: { keyUri: byok }, cmk: { keyUri: cmk } }, mysqlServers: { m: { keyUri: `${byok}/0123456789abcdef0123456789abcdef` } } }));
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", file, "--exclude-key", byok.replace("cli-byok", "CLI-BYOK"), "--check", "read"]), { credential });
        expect(report.keys.map((k) => k.keyId)).toEqual([cmk]);
        const typo = `${fx.vault.url}/keys/cli-bykk`;
        await expect(runVerifyCommand(parseVerifyArgs(["--stack-outputs", file, "--exclude-key", typo, "--check", "read"]), { credential })).rejects.toThrow(
            new UsageError(`--exclude-key ${typo}: is none of the 3 key(s) to verify`),
        );
        await expect(runVerifyCommand(parseVerifyArgs(["--key-id", cmk, "--exclude-key", cmk]), { credential })).rejects.toThrow(new UsageError("--exclude-key: leaves none of the 1 key(s) to verify"));
        expect(() => parseVerifyArgs(["--key-id", cmk, "--exclude-key", "cli-byok"])).toThrow(/--exclude-key #1: /);
    });

    test("a stack outputs file with a byte-order mark, or in UTF-16 as Windows PowerShell 5.1 writes it, is read", async () => {
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const json = JSON.stringify({ app: { keyUriWithVersion: fx.keyId } });
        const files = {
            "bom.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
            "utf16le.json": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]),
            "utf16be.json": Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, "utf16le").swap16()]),
        };
        for (const [name, bytes] of Object.entries(files)) {
            fs.writeFileSync(path.join(tmp, name), bytes);
            const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", path.join(tmp, name), "--check", "read"]), { credential });
            expect(report.keys.map((k) => k.keyId)).toEqual([fx.keyId]);
        }
    });

    test("the product's own secret outputs (private keys, PFX, client secrets, MySQL passwords) hold no key id and bring no advice to write them in clear", async () => {
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const file = path.join(tmp, "product-outputs.json");
        fs.writeFileSync(file, JSON.stringify({
            keys: { "backup-key": { keyUri: fx.keyId.replace(/\/[0-9a-f]{32}$/, ""), keyUriWithVersion: fx.keyId } },
            applications: { "backup-vendor": { certificates: { primary: { certificatePem: "-----BEGIN CERTIFICATE-----", privateKeyPem: "[secret]", pfxBase64: "[secret]" } }, clientSecrets: { primary: { value: "[secret]", endDate: "2027-01-01T00:00:00Z" } } } },
            mysqlServers: { orders: { administratorLogin: "mysqladmin", administratorLoginPassword: "[secret]" } },
        }));
        const said: string[] = [];
        const { report } = await runVerifyCommand(parseVerifyArgs(["--stack-outputs", file, "--check", "read"]), { credential, progress: (l) => said.push(l) });
        expect(report.ok).toBe(true);
        expect(said).toEqual([]);
    });

    test("secret outputs (\"[secret]\" without --show-secrets) are named on stderr, and a file holding only them says how to write it", async () => {
        const credential = new ClientCertificateCredential(fx.tenantId, fx.app.clientId, { certificatePath: APP_CERT_PEM_PATH });
        const some = path.join(tmp, "some-secret.json");
        fs.writeFileSync(some, JSON.stringify({ cmkKeyId: "[secret]", app: { keyUriWithVersion: fx.keyId } }));
        const lines: string[] = [];
        await runVerifyCommand(parseVerifyArgs(["--stack-outputs", some, "--check", "read"]), { credential, progress: (l) => lines.push(l) });
        expect(lines).toEqual([`verify: --stack-outputs ${some}: 1 secret output(s) that could hold a key id (cmkKeyId) show only "[secret]" and are not verified; write the file with pulumi stack output --json --show-secrets to verify any key id they hold`]);
        const only = path.join(tmp, "only-secret.json");
        fs.writeFileSync(only, JSON.stringify({ cmkKeyId: "[secret]" }));
        await expect(runVerifyCommand(parseVerifyArgs(["--stack-outputs", only]), { credential })).rejects.toThrow(
            new UsageError(`--stack-outputs ${only} holds no Key Vault key id; 1 secret output(s) that could hold a key id (cmkKeyId) show only "[secret]": write the file with pulumi stack output --json --show-secrets`),
        );
        // Beside --key-id, a file with no key id is said on stderr, not ignored, and the named key is verified.
        const empty = path.join(tmp, "empty-outputs.json");
        fs.writeFileSync(empty, "{}");
        const said: string[] = [];
        const { report } = await runVerifyCommand(parseVerifyArgs(["--key-id", fx.keyId, "--stack-outputs", empty, "--check", "read"]), { credential, progress: (l) => said.push(l) });
        expect(report.keys.map((k) => k.keyId)).toEqual([fx.keyId]);
        expect(said).toEqual([`verify: --stack-outputs ${empty} holds no Key Vault key id`]);
    });

    test("an unreadable --stack-outputs file is a usage error", async () => {
        await expect(runVerifyCommand(parseVerifyArgs(["--stack-outputs", path.join(tmp, "nope.json")]))).rejects.toThrow(
            new UsageError(`cannot read --stack-outputs ${path.join(tmp, "nope.json")}: ENOENT`),
        );
    });
});

describe("command line (child process)", () => {
    test("exit 0 and the JSON contract when every key passes, as the vendor app with a PEM certificate", async () => {
        const result = await cli(["--key-id", fx.keyId, "--json", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH]);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const report = JSON.parse(result.stdout) as { ok: boolean; keys: { steps: { name: string; ok: boolean }[] }[] };
        expect(report.ok).toBe(true);
        expect(report.keys[0].steps.map((s) => [s.name, s.ok])).toEqual([
            ["read", true],
            ["encrypt-decrypt", true],
            ["wrap-unwrap", true],
            ["local-encrypt", true],
        ]);
    }, 20000);

    test("exit 1 with a readable failure and no stack trace when a key fails, with a PFX certificate", async () => {
        const missing = `${fx.vault.url}/keys/missing`;
        const result = await cli(["--key-id", missing, "--check", "rotation", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PFX_PATH]);
        expect(result.code).toBe(1);
        expect(result.stdout).toContain(`FAIL ${missing}`);
        // The check asked for is listed as skipped, not left out as if it were never asked for.
        expect(result.stdout).toContain("  skip rotation (0 ms)\n       Not run: rotation was asked for, but the read every check starts from failed (KeyNotFound), so it was not tried.\n");
        expect(result.stdout).toContain(`Key not found: ${missing} does not exist in kv-cli.vault.azure.net.`);
        expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    }, 20000);

    test("exit 1 as DefaultAzureCredential (environment) without a role: forbidden names the identity", async () => {
        const app = fx.standIn.registerApplication({ tenantId: fx.tenantId, displayName: "no-role", secret: "pw" });
        const result = await cli(["--key-id", fx.keyId], { AZURE_TENANT_ID: fx.tenantId, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: "pw" });
        expect(result.code).toBe(1);
        expect(result.stdout).toContain(`Forbidden: application ${app.clientId} (object id ${app.objectId}) may not get with ${fx.keyId} (denied by Azure RBAC).`);
    }, 20000);

    test("an encrypted PEM key signs in with its --certificate-password", async () => {
        const pem = fs.readFileSync(APP_CERT_PEM_PATH, "utf8");
        const keyPem = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0] ?? "";
        const encrypted = crypto.createPrivateKey(keyPem).export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "pem-pw" }).toString();
        const file = path.join(tmp, "encrypted.pem");
        fs.writeFileSync(file, `${pem.replace(keyPem, "").trim()}\n${encrypted}`);
        const result = await cli(["--key-id", fx.keyId, "--check", "read", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", file, "--certificate-password", "pem-pw"]);
        expect(result.stdout).toContain(`PASS ${fx.keyId}`);
        expect(result.code).toBe(0);
    }, 20000);

    posixTest("a --json report longer than a pipe holds reaches a slow reader whole", async () => {
        const keys: Record<string, { keyUri: string }> = {};
        // Keys that are not there: each answer is quick, and its failure long enough to fill a pipe with fewer keys.
        for (let i = 0; i < 120; i++) keys[`fleet-${i}`] = { keyUri: `${fx.vault.url}/keys/cli-fleet-${i}` };
        const file = path.join(tmp, "fleet.json");
        fs.writeFileSync(file, JSON.stringify({ keys }));
        const args = [path.join(ROOT, "node_modules", ".bin", "tsx"), path.join(ROOT, "verification", "cli.ts"), "--stack-outputs", file, "--check", "read", "--json", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH];
        const code = path.join(tmp, "fleet-exit");
        // The reader takes one byte once the report starts, then stalls as a slow `| jq` would: what the pipe had not taken must still arrive.
        const script = `{ ${args.map((a) => `'${a}'`).join(" ")}; echo $? > '${code}'; } | { dd bs=1 count=1 2>/dev/null; sleep 1; cat; }`;
        const stdout = await new Promise<string>((resolve, reject) => {
            execFile("bash", ["-c", script], { cwd: ROOT, env: { ...process.env, HTTPS_PROXY: fx.standIn.proxyUrl, NO_PROXY: "" }, timeout: 60000, maxBuffer: 16 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out)));
        });
        expect(stdout.length).toBeGreaterThan(65536);
        const report = JSON.parse(stdout) as { ok: boolean; keys: unknown[] };
        expect(report.keys).toHaveLength(120);
        expect(fs.readFileSync(code, "utf8").trim()).toBe("1");
    }, 60000);

    test("exit 2 naming the proxy variable and its rule when it has no scheme, which the SDK would crash on outside the report", async () => {
        const port = new URL(fx.standIn.proxyUrl).port;
        const asApp = ["--key-id", fx.keyId, "--check", "read", "--json", "--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH];
        const rule = "must be a URL starting http:// or https://, as the Azure SDK reads it; write it as http://host:port (user:password@ before the host if the proxy asks for them)";
        const bare = await cli(asApp, { HTTPS_PROXY: `127.0.0.1:${port}` });
        expect(bare).toEqual({ code: 2, stdout: "", stderr: `verify: HTTPS_PROXY: ${rule}\nRun with --help for the options.\n` });
        // The lower-case spelling the SDK falls back to is named as it is spelt, and a password in it is never echoed.
        const lower = await cli(asApp, { HTTPS_PROXY: "", https_proxy: `user:Proxy-Secret-9@127.0.0.1:${port}` });
        expect(lower).toEqual({ code: 2, stdout: "", stderr: `verify: https_proxy: ${rule}\nRun with --help for the options.\n` });
    }, 20000);

    test("exit 2 on a usage error", async () => {
        const result = await cli(["--key-id", "not-a-url"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe("verify: --key-id #1: Invalid key id: not-a-url is not a URL.\nRun with --help for the options.\n");
        expect(result.stdout).toBe("");
    }, 20000);
});
