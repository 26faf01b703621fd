import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientCertificateCredential } from "@azure/identity";
import { APP_CERT_PEM_PATH, APP_CERT_PFX_PATH } from "../support/keyvault";
import { parseVerifyArgs, runVerifyCommand, UsageError } from "../../verification/command";
import { keyIdsFromStackOutputs } from "../../verification";
import { startFixture, stopFixture, type Fixture } from "./fixture";

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

    test("exit 2 on a usage error", async () => {
        const result = await cli(["--key-id", "not-a-url"]);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe("verify: --key-id #1: Invalid key id: not-a-url is not a URL.\nRun with --help for the options.\n");
        expect(result.stdout).toBe("");
    }, 20000);
});
