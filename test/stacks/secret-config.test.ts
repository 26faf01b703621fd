import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { readStackConfigFile } from "../../plan/stack-config";
import * as pulumi from "@pulumi/pulumi";
import { envSecretKeys, secretConfigIssues, secretConfigKeys } from "../../stacks/secret-config";

const root = path.resolve(__dirname, "..", "..");
const RESULT = "secret-config-result:";

/**
 * Runs the stack program (stacks/index.ts) under the Azure mocks in a Node process given its
 * config as the nodejs language host gives it: PULUMI_CONFIG (keys spelt `<namespace>:config:<name>`)
 * and PULUMI_CONFIG_SECRET_KEYS, the top-level keys holding a secret, decrypted values in the former
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go constructConfig, constructConfigSecretKeys).
 */
function up(config: Record<string, string>, secretKeys: string[]): { failure?: string; registered: string[] } {
    const script = `
const { setAzureMocks, settle } = require("./plan/mocks");
(async () => {
    const { recorder } = await setAzureMocks();
    let failure;
    try {
        await require("./stacks/index")();
        await settle();
    } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
    }
    console.log(${JSON.stringify(RESULT)} + JSON.stringify({ failure, registered: recorder.requests.map((r) => r.type + "::" + r.name) }));
})();`;
    const env = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(":", ":config:"), v]))),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
    };
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60000 });
    const line = out.split("\n").find((l) => l.startsWith(RESULT));
    if (line === undefined) throw new Error(`the program printed no result:\n${out}`);
    return JSON.parse(line.slice(RESULT.length)) as { failure?: string; registered: string[] };
}

const minimal = readStackConfigFile(path.join(root, "Pulumi.minimal.yaml"));

test("pulumi up refuses a resource group name given with --secret, naming the key and not the value, before registering anything", () => {
    const run = up({ ...minimal, "azure-byok:resourceGroupName": "rg-s3cr3t-name" }, ["azure-byok:resourceGroupName"]);
    expect(run.failure).toMatch(/^The stack config has 1 problem:\n {2}- azure-byok:resourceGroupName: is a secret \(pulumi config set --secret\), which this program would deploy in plain text/);
    expect(run.failure).not.toContain("rg-s3cr3t-name");
    expect(run.registered).toEqual([]);
}, 90000);

test("pulumi up takes vaults given as a secret, for a webhook URL inside them, and deploys the stack", () => {
    const vaults = JSON.parse(minimal["azure-byok:vaults"]) as Record<string, unknown>[];
    vaults[0].eventSubscriptions = [{ name: "to-siem", webhookUrl: "https://siem.example.com/hook?code=s3cr3t" }];
    const run = up({ ...minimal, "azure-byok:vaults": JSON.stringify(vaults) }, ["azure-byok:vaults"]);
    expect(run.failure).toBeUndefined();
    expect(run.registered).toContain("azure-native:eventgrid:SystemTopicEventSubscription::kv-minimal-events-to-siem");
}, 90000);

test("a secret vaults' values that break a rule are refused by path, no part of a credential in the message", () => {
    // The engine masks a secret config value only where a message holds the whole of it
    // (pulumi/pulumi sdk/go/common/util/logging CreateFilter): a part shown would print in the clear.
    const credentials = ["EHKEYleak0123456789abcdefABCDEF=", "STKEYleak0123456789abcdefABCDEF==", "SASsigLEAK0123456789abcdef", "PATHtokenLEAK0123456789abcdef", "hooks.example.com"];
    const vaults = JSON.parse(minimal["azure-byok:vaults"]) as Record<string, unknown>[];
    vaults[0].diagnostics = [
        { name: "to-hub", eventHubAuthorizationRuleResourceId: `Endpoint=sb://ns-audit.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${credentials[0]}` },
        { name: "to-storage", storageAccountResourceId: `DefaultEndpointsProtocol=https;AccountName=stlogs;AccountKey=${credentials[1]};EndpointSuffix=core.windows.net` },
    ];
    vaults[0].eventSubscriptions = [
        { name: "to-queue", storageQueue: { storageAccountResourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stq", queueName: `https://stq.queue.core.windows.net/keyevents?sv=2022-11-02&sp=a&sig=${credentials[2]}` } },
        { name: "to-chat", webhookUrl: `http://hooks.example.com/services/T000/B000/${credentials[3]}?v=1` },
    ];
    const run = up({ ...minimal, "azure-byok:vaults": JSON.stringify(vaults) }, ["azure-byok:vaults"]);
    expect(run.registered).toEqual([]);
    for (const field of ["diagnostics[0].eventHubAuthorizationRuleResourceId", "diagnostics[1].storageAccountResourceId", "eventSubscriptions[0].storageQueue.queueName", "eventSubscriptions[1].webhookUrl"]) {
        expect(run.failure).toContain(`azure-byok:vaults[0].${field}: `);
    }
    for (const credential of credentials) expect(run.failure).not.toContain(credential);
}, 90000);

test("each secret setting of this namespace but vaults is refused at once; other namespaces' secrets are the providers'", () => {
    const error = secretConfigIssues(["azure-native:clientSecret", "azure-byok:tags", "azure-byok:vaults", "azure-byok:applications"]);
    expect(error?.issues.map((i) => i.path)).toEqual(["azure-byok:tags", "azure-byok:applications"]);
    expect(error?.issues[0].message).toContain("only a webhook destination's webhookUrl (azure-byok:vaults[].eventSubscriptions[].webhookUrl) is kept secret");
    expect(secretConfigIssues(["azure-native:clientSecret", "azure-byok:vaults"])).toBeUndefined();
});

test("finds the secret keys as the SDK does, whether the language host or the Automation API (setAllConfig) gave them", () => {
    pulumi.runtime.setAllConfig({ "azure-byok:tags": "{}", "azure-byok:location": "westeurope" }, ["azure-byok:tags"]);
    try {
        expect(secretConfigKeys(Object.keys(pulumi.runtime.allConfig()))).toEqual(["azure-byok:tags"]);
    } finally {
        pulumi.runtime.setAllConfig({});
    }
    expect(envSecretKeys({ PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["azure-byok:tags"]) })).toEqual(["azure-byok:tags"]);
    expect(envSecretKeys({})).toEqual([]);
});
