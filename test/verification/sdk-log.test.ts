import { execFile } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AzureLogger, createClientLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { scrubSdkLog, withoutTokens, withoutUrlCredentials } from "../../verification/sdk-log";
import { createTransferBlob } from "../support/byok-tool";
import { APP_CERT_PEM_PATH } from "../support/keyvault";
import { startFixture, stopFixture, type Fixture } from "./fixture";

const ROOT = path.join(__dirname, "..", "..");
const PASSWORD = "ProxyPassw0rd-LEAK";
let fx: Fixture;
let tmp: string;

beforeAll(async () => {
    fx = await startFixture("kv-sdk-log");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "verify-sdk-log-"));
});

afterAll(async () => {
    await stopFixture(fx);
    fs.rmSync(tmp, { recursive: true, force: true });
});

test("a URL's user name and password are taken out, whatever the scheme, the quoting or an unescaped @ in the password", () => {
    expect(withoutUrlCredentials(`"proxy": "http://corp-user:${PASSWORD}@10.0.0.1:3128/"`)).toBe('"proxy": "http://***@10.0.0.1:3128/"');
    expect(withoutUrlCredentials("HTTPS_PROXY=https://u:p@ss@proxy.corp:8443 and socks5://only-user@gw")).toBe("HTTPS_PROXY=https://***@proxy.corp:8443 and socks5://***@gw");
    // RFC 3986 allows ' in user info, and the URL parser leaves it unescaped.
    expect(withoutUrlCredentials("agent: http://corp-user:Pa'ss@proxy:3128/")).toBe("agent: http://***@proxy:3128/");
    // No credentials: unchanged, an address in a query string included.
    const plain = "GET https://kv-main.vault.azure.net/keys/cmk?api-version=7.6&x=a@b.example";
    expect(withoutUrlCredentials(plain)).toBe(plain);
});

test("a bearer token, an authorization value or a JWT anywhere is taken out, the scheme kept", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJl";
    // A socket's raw request head as the SDK logs it inside its JSON: CRLF escaped.
    expect(withoutTokens(`"_header":"POST /keys/k/wrapkey HTTP/1.1\\r\\nauthorization: Bearer ${jwt}\\r\\nProxy-Authorization: Basic Y29ycC11c2VyOnBhc3M=\\r\\n"`)).toBe(
        '"_header":"POST /keys/k/wrapkey HTTP/1.1\\r\\nauthorization: Bearer ***\\r\\nProxy-Authorization: Basic ***\\r\\n"',
    );
    expect(withoutTokens(`client_assertion=${jwt}&grant_type=client_credentials`)).toBe("client_assertion=[token]&grant_type=client_credentials");
    expect(withoutTokens('"authorization": "REDACTED"')).toBe('"authorization": "REDACTED"');
});

test("the SDK's log goes through the scrubber, formatted as the SDK formats it", () => {
    const previous = { log: AzureLogger.log, level: getLogLevel() };
    const written: string[] = [];
    try {
        scrubSdkLog((text) => written.push(text));
        setLogLevel("info");
        createClientLogger("sdk-log-test").info("Request: %s", JSON.stringify({ agent: { proxy: `http://corp-user:${PASSWORD}@127.0.0.1:3128/` } }));
    } finally {
        AzureLogger.log = previous.log;
        setLogLevel(previous.level);
    }
    expect(written).toEqual([`azure:sdk-log-test:info Request: {"agent":{"proxy":"http://***@127.0.0.1:3128/"}}${os.EOL}`]);
});

/** Runs an entry file as `npm run` does, with AZURE_LOG_LEVEL=info (what the Unexpected advice asks for) and a proxy that takes a user and password. */
function run(entry: string, args: string[]): Promise<{ code: number; out: string }> {
    const proxy = new URL(fx.standIn.proxyUrl);
    proxy.username = "corp-user";
    proxy.password = PASSWORD;
    return new Promise((resolve) => {
        execFile(
            path.join(ROOT, "node_modules", ".bin", "tsx"),
            [path.join(ROOT, "verification", entry), ...args],
            { cwd: ROOT, env: { ...process.env, HTTPS_PROXY: proxy.href, NO_PROXY: "", AZURE_LOG_LEVEL: "info" }, timeout: 30000, maxBuffer: 64 * 1024 * 1024 },
            (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: `${stdout}\n${stderr}` }),
        );
    });
}

const asApp = () => ["--tenant-id", fx.tenantId, "--client-id", fx.app.clientId, "--certificate", APP_CERT_PEM_PATH];

test("verify with AZURE_LOG_LEVEL=info logs the requests through the proxy without its password or a token", async () => {
    // Several signed requests: the agent logged with a later one holds an earlier one's head, Authorization included.
    const { code, out } = await run("cli.ts", ["--key-id", fx.keyId, "--check", "read", "--check", "wrap-unwrap", "--check", "encrypt-decrypt", ...asApp()]);
    expect(code).toBe(0);
    expect(out).toContain('"proxy": "http://***@127.0.0.1:');
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toMatch(/Bearer eyJ/i);
    expect(out).not.toMatch(/eyJ[A-Za-z0-9_-]*\.eyJ/);
}, 40000);

test("import-key with AZURE_LOG_LEVEL=info logs the requests through the proxy without its password", async () => {
    const kekId = fx.vault.createKey("log-kek", { kty: "RSA-HSM", keyOps: ["import"] });
    const kekPublicKeyPem = String(fx.vault.latest("log-kek")?.publicKey.export({ type: "spki", format: "pem" }));
    const byok = path.join(tmp, "log.byok");
    fs.writeFileSync(byok, createTransferBlob({ kekId, kekPublicKeyPem, targetKey: crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey }));
    const { out } = await run("import-cli.ts", ["--key-id", `${fx.vault.url}/keys/log-imported`, "--byok-file", byok, "--dry-run", ...asApp()]);
    expect(out).toContain('"proxy": "http://***@127.0.0.1:');
    expect(out).not.toContain(PASSWORD);
}, 40000);
