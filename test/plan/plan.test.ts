import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import { PlanReport } from "../../plan/report";
import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";
import { rootStacks } from "../support/root-stacks";
import { posixTest } from "../support/platform";

const root = path.resolve(__dirname, "..", "..");
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {});
const { scratch, stackFile } = rootStacks("plan-");

/** `npm run plan -- ...` as a newcomer or CI runs it: a process, its exit code and its streams. */
function plan(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return planWith({}, ...args);
}

function planWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        // The command as `npm run plan` runs it: the compiled program (npm test builds it first).
        // The provider's ARM_* variables would steer the plan (as they steer the provider): keep this machine's out.
        const machine = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARM_")));
        const child = spawn(process.execPath, [path.join(root, "dist", "plan", "cli.js"), ...args], { cwd: root, env: { ...machine, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** One plan writing every format, as one CI step can: the table to stdout, the others each to its file. */
async function planEveryFormat(name: string, ...args: string[]) {
    const files = { json: "json", sarif: "sarif", markdown: "md", github: "github.txt" };
    const at = (format: keyof typeof files) => path.join(scratch, `${name}.${files[format]}`);
    const formats = Object.keys(files) as (keyof typeof files)[];
    const run = await plan(...args, ...formats.flatMap((f) => ["--format", f, "--out", at(f)]), "--format", "table");
    // A run that failed writes no file: its exit code and stderr say why.
    const read = (format: keyof typeof files) => (existsSync(at(format)) ? readFileSync(at(format), "utf8") : "");
    return { ...run, table: run.stdout, json: read("json"), sarif: read("sarif"), markdown: read("markdown"), github: read("github"), files: formats.map(at) };
}

const violating = stackFile(`plantest-violating-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-violating
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-loose
      enablePurgeProtection: false
      keys:
        - name: loose-key
          purpose: applicationCrypto
`);
const noSoftDelete = stackFile(`plantest-no-soft-delete-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-no-soft-delete
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-data
      keys:
        - name: data-cmk
  azure-byok:storageAccounts:
    - name: stdata
      key: data-cmk
      deleteRetentionPolicy:
        enabled: false
      containerDeleteRetentionPolicy:
        days: 3
`);
const badConfig = stackFile(`plantest-bad-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-bad
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-bad
      networkRules:
        ipRules:
          - 10.0.0.300/24
`);

const mysql = stackFile(`plantest-mysql-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-mysql
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-db
      keys:
        - name: cmk-mysql
  azure-byok:mysqlServers:
    - name: mysql-orders
      key: cmk-mysql
`);
const resilient = stackFile(`plantest-resilient-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-resilient
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-db
      publicNetworkAccess: Enabled
      keys:
        - name: cmk-db
  azure-byok:cosmosDbAccounts:
    - name: cosmos-orders
      key: cmk-db
      failoverLocations:
        - locationName: northeurope
  azure-byok:mysqlServers:
    - name: mysql-orders
      key: cmk-db
      highAvailability: ZoneRedundant
      availabilityZone: "1"
      standbyAvailabilityZone: "2"
`);
const existingGroup = stackFile(`plantest-existing-group-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-platform-shared
  azure-byok:location: northeurope
  azure-byok:createResourceGroup: false
  azure-byok:vaults:
    - name: kv-shared
      keys:
        - name: cmk
  azure-byok:storageAccounts:
    - name: stshared
      key: cmk
`);
const refused = stackFile(`plantest-refused-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-refused
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-pinned
      keys:
        - name: cmk
  azure-byok:registries:
    - name: acrpinned
      key: cmk
      keyVersion: 0123456789abcdef0123456789abcdef
`);

const SUB = "6c1f4e2a-3b5d-4c7e-8f90-a1b2c3d4e5f6";
const TENANT = "0d9e8f7a-6b5c-4d3e-9f21-0a1b2c3d4e5f";
const CIPHERTEXT = "v1:q9yCfZkq2yVqYfRz:3yJ5Yp1bQk0uYxW1c2hDZ0FqT2x2dFh4bWc=";
// A stack as teams keep them: the provider's service principal and cloud in config, its secret encrypted.
const sovereign = stackFile(`plantest-provider-${process.pid}`, `encryptionsalt: v1:Zm9vYmFyYmE=:v1:cXV4cXV4cXV4cXV4:Y2lwaGVydGV4dHRhZw==
config:
  azure-native:location: chinanorth3
  azure-native:environment: china
  azure-native:subscriptionId: ${SUB}
  azure-native:tenantId: ${TENANT}
  azure-native:clientId: 2f8a1b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
  azure-native:clientSecret:
    secure: ${CIPHERTEXT}
  azure-byok:resourceGroupName: rg-byok-cn
  azure-byok:vaults:
    - name: kv-cn
      keys:
        - name: cmk
  azure-byok:storageAccounts:
    - name: stcn
      key: cmk
`);
const noDefaultProviders = stackFile(`plantest-no-default-providers-${process.pid}`, `config:
  pulumi:disable-default-providers: ["*"]
  azure-native:subscriptionId: 3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
  azure-byok:resourceGroupName: rg-byok
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-main
`);
const badSubscription = stackFile(`plantest-bad-subscription-${process.pid}`, `config:
  azure-native:subscriptionId: my-subscription
  azure-byok:resourceGroupName: rg-byok
  azure-byok:location: westeurope
`);

describe("npm run plan", () => {
    test("plans the dev stack with exit 0: its resources, waves and the pack's advice, as JSON on stdout", async () => {
        const run = await plan("--format", "json");
        expect(run.stderr).toMatch(/plan: recorded 64 resources/);
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as PlanReport;
        expect(Object.keys(report)).toEqual(["stack", "resources", "violations", "waves", "summary"]);
        expect(report.stack).toBe("dev");
        expect(report.summary).toMatchObject({ resources: 64, mandatory: 0 });
        expect(report.waves).toHaveLength(7);
        for (const r of report.resources) {
            expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "dependencies", "protect", "inputs"]);
        }
        expect(report.resources.filter((r) => r.type === "azure-native:keyvault:Key").every((r) => r.protect)).toBe(true);
        // Every resource is in exactly one wave, and only after everything it depends on.
        expect(report.waves.flat().sort()).toEqual(report.resources.map((r) => r.urn).sort());
        const waveOf = new Map(report.waves.flatMap((w, i) => w.map((urn) => [urn, i] as const)));
        for (const r of report.resources) {
            for (const d of r.dependencies) expect(waveOf.get(d)).toBeLessThan(waveOf.get(r.urn) as number);
        }
    }, 60000);

    posixTest("the JSON reaches a reader slower than the plan whole, as | jq or | tee reads it", async () => {
        // The reader takes one byte, then stalls: what the pipe had not taken when the plan finished must still arrive.
        const script = `node '${path.join(root, "dist", "plan", "cli.js")}' --format json 2>/dev/null | { dd bs=1 count=1 2>/dev/null; sleep 1; cat; }`;
        const machine = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARM_")));
        const stdout = await new Promise<string>((resolve) => {
            const child = spawn("bash", ["-c", script], { cwd: root, env: machine });
            let out = "";
            child.stdout.on("data", (d: Buffer) => (out += d.toString()));
            child.on("close", () => resolve(out));
        });
        expect(stdout.length).toBeGreaterThan(65536);
        expect((JSON.parse(stdout) as PlanReport).summary.resources).toBe(64);
    }, 60000);

    test("plans the central example (an existing vault, an imported key, the platform's identity, in the platform's subscription) with no mandatory violation, with its own policy config", async () => {
        const platform = "7c1e4b2a-9d3f-4a6e-8b5c-2f0d1e3a4b5c";
        const run = await plan("--stack", "central", "--format", "json");
        expect(run.code).toBe(0);
        expect(run.stderr).toContain("plan: policy config policy-config/central.json");
        expect(run.stderr).toContain("plan: using key payments-byok in vault kv-platform-central, which the stack says exists");
        const report = JSON.parse(run.stdout) as PlanReport;
        expect(report.summary).toMatchObject({ mandatory: 0, advisory: 1 });
        // Its one advisory is the installed azure-native's: the key it makes is managed through Key Vault's retiring API.
        const key = report.resources.find((r) => r.type === "azure-native:keyvault:Key");
        expect(report.violations.map((v) => [v.policy, v.urn])).toEqual([["azure-keyvault-vault-disallow-retiring-api-version", key?.urn]]);
        expect(report.resources.filter((r) => r.type === "azure-native:keyvault:Vault")).toEqual([]);
        expect(report.resources.filter((r) => r.type === "azure-native:keyvault:Key").map((r) => r.inputs.keyName)).toEqual(["payments-export"]);
        // The storage account runs as the platform's identity, which is granted the imported key and not created.
        expect(run.stderr).toContain(`plan: using identity id-platform-cmk in resource group rg-platform-security of subscription ${platform}, which the stack says exists`);
        expect(report.resources.filter((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity")).toEqual([]);
        // The platform's vault is reached through a provider for its subscription, made before the key made there.
        const provider = report.resources.filter((r) => r.type === "pulumi:providers:azure-native");
        expect(provider.map((p) => [p.name, p.inputs.subscriptionId, p.inputs.location])).toEqual([[`subscription-${platform}`, platform, "westeurope"]]);
        expect(report.waves.findIndex((w) => w.includes(String(key?.urn)))).toBe(1);
        // ...and the JSON says why: the provider is among the key's dependencies, so the waves follow from them.
        expect(key?.dependencies).toContain(provider[0].urn);
        // The program reads the platform's vault, key and identity through it before registering anything else, so all of it waits.
        const group = report.resources.find((r) => r.type === "azure-native:resources:ResourceGroup");
        expect(group?.dependencies).toEqual([provider[0].urn]);
        expect(report.waves).toHaveLength(5);
        const waveOf = new Map(report.waves.flatMap((w, i) => w.map((urn) => [urn, i] as const)));
        for (const r of report.resources) if ((waveOf.get(r.urn) ?? 0) > 0) expect(r.dependencies.length).toBeGreaterThan(0);
        const grant = report.resources.find((r) => r.type === "azure-native:authorization:RoleAssignment" && String(r.inputs.scope).endsWith("/keys/payments-byok"));
        const account = report.resources.find((r) => r.type === "azure-native:storage:StorageAccount");
        expect(account?.dependencies).toContain(grant?.urn);
        expect(JSON.stringify(account?.inputs.identity)).toContain(`/subscriptions/${platform}/resourcegroups/rg-platform-security/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-platform-cmk`);
    }, 60000);

    test("plans the tenants example (a key per tenant of one storage account) with exit 0: each tenant's container under its own scope and key", async () => {
        const run = await plan("--stack", "tenants", "--format", "json");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as PlanReport;
        expect(report.summary.mandatory).toBe(0);
        const of = (type: string) => report.resources.filter((r) => r.type === type);
        expect(of("azure-native:storage:EncryptionScope").map((r) => [r.inputs.encryptionScopeName, String(record(r.inputs.keyVaultProperties).keyUri).replace(/^.*\/keys\//, "")])).toEqual([["contoso", "tenant-contoso"], ["fabrikam", "tenant-fabrikam"]]);
        expect(of("azure-native:storage:BlobContainer").map((r) => [r.inputs.containerName, r.inputs.defaultEncryptionScope, r.inputs.denyEncryptionScopeOverride]).sort()).toEqual([["contoso-data", "contoso", true], ["fabrikam-data", "fabrikam", true]]);
        // The account's identity holds each tenant key alone; the waves end with the scopes and then their containers.
        expect(of("azure-native:authorization:RoleAssignment").map((r) => String(r.inputs.scope).replace(/^.*\/keys\//, "")).sort()).toEqual(["platform-cmk", "tenant-contoso", "tenant-fabrikam"]);
        const waveOf = (urn: string) => report.waves.findIndex((w) => w.includes(urn));
        expect(of("azure-native:storage:BlobContainer").map((r) => waveOf(r.urn))).toEqual([report.waves.length - 1, report.waves.length - 1]);
    }, 60000);

    test("exits 1 when soft delete is turned off by name: the component does as asked, and the pack blocks it at the account", async () => {
        const run = await plan("--stack", noSoftDelete, "--format", "json");
        expect(run.code === 1 ? 1 : `exit ${String(run.code)}: ${run.stderr}`).toBe(1);
        const report = JSON.parse(run.stdout) as PlanReport;
        const service = report.resources.find((r) => r.type === "azure-native:storage:BlobServiceProperties");
        expect(service?.inputs).toMatchObject({ deleteRetentionPolicy: { enabled: false }, containerDeleteRetentionPolicy: { enabled: true, days: 3 } });
        const softDelete = report.violations.filter((v) => v.policy.startsWith("azure-storage-account-enable-") && v.policy.endsWith("soft-delete"));
        expect(softDelete.sort((a, b) => a.policy.localeCompare(b.policy))).toEqual([
            expect.objectContaining({
                policy: "azure-storage-account-enable-container-soft-delete",
                enforcementLevel: "mandatory",
                urn: expect.stringMatching(/stdata-account$/),
                message: expect.stringContaining("container soft delete keeps deleted items 3 days, fewer than 7 (containerDeleteRetentionPolicy)"),
            }),
            expect.objectContaining({
                policy: "azure-storage-account-enable-soft-delete",
                enforcementLevel: "mandatory",
                urn: expect.stringMatching(/stdata-account$/),
                message: expect.stringContaining("blob soft delete is off (deleteRetentionPolicy)"),
            }),
        ]);
    }, 60000);

    test("exits 1 on a mandatory violation and reports it in JSON, SARIF, the table, the Markdown summary and GitHub annotations", async () => {
        const run = await planEveryFormat("violating", "--stack", violating);
        // A wrong exit shows its stderr, so a failure says why.
        expect(run.code === 1 ? 1 : `exit ${String(run.code)}: ${run.stderr}`).toBe(1);
        for (const [format, file] of [["json", 0], ["sarif", 1], ["markdown", 2], ["github", 3]] as const) expect(run.stderr).toContain(`plan: wrote ${format} to ${run.files[file]}\n`);
        const report = JSON.parse(run.json) as PlanReport;
        const purge = report.violations.filter((v) => v.policy === "azure-keyvault-vault-enable-purge-protection");
        expect(purge).toEqual([expect.objectContaining({ enforcementLevel: "mandatory", urn: expect.stringMatching(/kv-loose-vault$/) })]);
        expect(report.summary.mandatory).toBeGreaterThanOrEqual(1);

        const log = JSON.parse(run.sarif);
        const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
        addFormats(ajv);
        const validate = ajv.compile(sarifSchema);
        const valid = validate(log);
        expect(valid ? [] : validate.errors).toEqual([]);
        const results = log.runs[0].results as { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
        const result = results.find((r) => r.ruleId === "azure-keyvault-vault-enable-purge-protection");
        expect(result).toMatchObject({ level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: `Pulumi.${violating}.yaml` }, region: { startLine: 6 } } }] });
        // The stack-config setting that fixes it, for whoever edits only the stack file.
        expect(result?.message.text).toMatch(new RegExp(`\\. In Pulumi\\.${violating}\\.yaml: azure-byok:vaults\\[name=kv-loose\\]\\.enablePurgeProtection, set it to true, or remove it \\(the default\\)$`));
        expect((log.runs[0].tool.driver.rules as { id: string }[]).map((r) => r.id)).toContain("azure-keyvault-vault-enable-purge-protection");
        // What GitHub shows of each rule: a title that is not the id, help text, and a security severity it can rank.
        const rules = log.runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; help: { text: string }; properties: Record<string, unknown> }[];
        const purgeRule = rules.find((r) => r.id === "azure-keyvault-vault-enable-purge-protection");
        expect(purgeRule?.shortDescription.text).not.toBe(purgeRule?.id);
        expect(purgeRule?.properties).toMatchObject({ "security-severity": expect.stringMatching(/^\d\.\d$/), tags: expect.arrayContaining(["security"]) });
        expect(rules.every((r) => r.help.text.length > 0)).toBe(true);
        // Results of one entry share its line: their fingerprints, by rule and resource, keep them apart.
        const fingerprints = (log.runs[0].results as { partialFingerprints: Record<string, string> }[]).map((r) => r.partialFingerprints["azureByokResource/v1"]);
        expect(fingerprints.every((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true);
        expect(new Set(fingerprints).size).toBe(fingerprints.length);

        // The table points at the same line of the stack file (the setting that causes it), for a terminal.
        expect(run.table).toMatch(new RegExp(`MANDATORY azure-keyvault-vault-enable-purge-protection\\s+on kv-loose-vault  \\(Pulumi\\.${violating}\\.yaml:6\\)`));
        const md = run.markdown;
        expect(md).toContain(`## azure-byok plan: stack \`${violating}\``);
        expect(md).toMatch(/\*\*Blocked:\*\* [1-9]\d* mandatory/);
        expect(md).toMatch(/^\| mandatory \| `azure-keyvault-vault-enable-purge-protection` \| kv-loose-vault \| .+ \|$/m);
        // The same line SARIF points at, as an error annotation GitHub puts on the pull request's diff.
        expect(run.github).toMatch(new RegExp(`^::error file=Pulumi\\.${violating}\\.yaml,line=6,title=azure-keyvault-vault-enable-purge-protection \\(mandatory\\)::kv-loose-vault: .*enablePurgeProtection`, "m"));
        expect(run.github).toMatch(/^::notice title=.*::FAILED: [1-9]\d* mandatory policy violations?, /m);
    }, 90000);

    test("shows no secret value in any format: private keys and client secrets stay \"[secret]\"", async () => {
        const run = await planEveryFormat("dev");
        expect(run.code).toBe(0);
        const everything = [run.table, run.stderr, run.json, run.sarif, run.markdown, run.github].join("\n");
        expect(run.markdown).toContain("kms-appliance-primary-secret");
        expect(everything).not.toMatch(/PRIVATE KEY|BEGIN RSA|MII[A-Za-z0-9+/]{60}/);
        // An Entra client secret (three characters, then "8Q~"): the appliance's, which the stack also hands over in Key Vault.
        expect(everything).not.toMatch(/[A-Za-z0-9_~.-]{3}8Q~/);
        expect(run.github).toMatch(/^::notice title=azure-byok plan%3A stack dev::passed: no mandatory policy violation, 9 advisory; 64 resources in 7 deploy waves$/m);
        const report = JSON.parse(run.json) as PlanReport;
        const cert = report.resources.find((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert");
        expect(cert?.inputs.privateKeyPem).toBe("[secret]");
        expect(JSON.stringify(report.resources.find((r) => r.type === "azuread:index/applicationPassword:ApplicationPassword")?.inputs)).not.toContain("value");
    }, 60000);

    test("plans a MySQL server clean, its generated administrator password \"[secret]\" in every format", async () => {
        const run = await planEveryFormat("mysql", "--stack", mysql);
        expect(run.code).toBe(0);
        const report = JSON.parse(run.json) as PlanReport;
        const server = report.resources.find((r) => r.type === "azure-native:dbformysql:Server");
        expect(server?.inputs.administratorLoginPassword).toBe("[secret]");
        // The password the mocks generate for it, as the random provider would: it must appear nowhere.
        const generator = report.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword");
        const mocks = new AzureMocks(mockAzureDefaults, new Recorder());
        const made = await mocks.newResource({ type: "random:index/randomPassword:RandomPassword", name: generator?.name ?? "", inputs: generator?.inputs ?? {}, custom: true });
        const password = String((made.state as { result: string }).result);
        expect(password).toHaveLength(32);
        expect([run.table, run.stderr, run.json, run.sarif, run.markdown, run.github].join("\n")).not.toContain(password);
    }, 60000);

    test("plans a Cosmos DB account with a failover region and a MySQL server with a zone-redundant standby, as Azure takes them", async () => {
        const run = await plan("--stack", resilient, "--format", "json");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as PlanReport;
        const inputsOf = (type: string) => record(report.resources.find((r) => r.type === type)?.inputs);
        expect(inputsOf("azure-native:cosmosdb:DatabaseAccount")).toMatchObject({ locations: [{ locationName: "westeurope", failoverPriority: 0 }, { locationName: "northeurope", failoverPriority: 1, isZoneRedundant: false }], enableAutomaticFailover: true });
        expect(inputsOf("azure-native:dbformysql:Server")).toMatchObject({ availabilityZone: "1", highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } });
    });

    test("exits 2 on bad config, naming the config key", async () => {
        const run = await plan("--stack", badConfig);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('azure-byok:vaults[0].networkRules.ipRules[0]: "10.0.0.300/24" is not an IPv4 address or CIDR');
        expect(run.stdout).toBe("");
    }, 60000);

    test("exits 2 on a refused value holding a line break or an escape, shown as escapes: it cannot forge a workflow command or reach the terminal", async () => {
        const forged = stackFile(`plantest-forged-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-forged
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-forged
      vaultName: "kv\\n::error file=README.md,line=1::forged\\e[2J"
`);
        const run = await plan("--stack", forged, "--format", "github");
        expect(run.code).toBe(2);
        expect(run.stderr.split("\n").filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
        expect(run.stderr).toContain('plan: The stack config has 1 problem:\n  - azure-byok:vaults[0].vaultName: "kv\\n::error file=README.md,line=1::forged\\x1b[2J" is ');
        expect(run.stdout).toBe("");
        // An entry's name is refused by the schema, which names the key and not the value.
        const named = stackFile(`plantest-forged-name-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-forged
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: "kv\\n::error file=README.md,line=1::forged by a vault name"
      keys:
        - name: cmk
`);
        const refusedName = await plan("--stack", named, "--format", "github");
        expect(refusedName.code).toBe(2);
        expect(refusedName.stderr).toContain("plan: The stack config has 1 problem:\n  - azure-byok:vaults[0].name: must not contain a control character (a line break, tab or escape)");
        expect(refusedName.stderr).not.toContain("forged");
        // What the plan says as it goes is printed the same way: a policy config key the pack has not.
        const file = path.join(scratch, "forged-policy-config.json");
        writeFileSync(file, JSON.stringify({ "x\n::error file=README.md::forged": "disabled" }));
        const warned = await plan("--stack", existingGroup, "--policy-config", file, "--format", "json");
        expect(warned.code === 0 ? 0 : warned.stderr).toBe(0);
        expect(warned.stderr).toContain('plan: policy config "x\\n::error file=README.md::forged": the pack azure-byok has no such policy, so the CLI ignores it\n');
        expect(warned.stderr.split("\n").filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
    }, 60000);

    test("exits 2 on a stack file it cannot read (not YAML, an encrypted plain setting) as bad config, not a program error", async () => {
        const notYaml = stackFile(`plantest-not-yaml-${process.pid}`, "config:\n  azure-byok:location: [westeurope\n");
        const encrypted = stackFile(`plantest-encrypted-name-${process.pid}`, "config:\n  azure-byok:location: westeurope\n  azure-byok:vaults:\n    - name:\n        secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBB\n");
        const [broken, secret] = await Promise.all([plan("--stack", notYaml), plan("--stack", encrypted)]);
        expect([broken.code, secret.code]).toEqual([2, 2]);
        expect(broken.stderr).toMatch(/^plan: \S+Pulumi\.plantest-not-yaml-\d+\.yaml: Flow sequence in block collection must be sufficiently indented and end with a \] at line 3, column 1/m);
        expect(secret.stderr).toMatch(/^plan: \S+Pulumi\.plantest-encrypted-name-\d+\.yaml: azure-byok:vaults\[0\]\.name is encrypted \(secure:\)/m);
        for (const run of [broken, secret]) expect(run.stderr).not.toContain("program error");
        expect(secret.stderr).not.toContain("BBBBBBBBBBBBBBBBBBBBBBBB");
    }, 60000);

    test("plans into an existing resource group (createResourceGroup: false) without creating one", async () => {
        const run = await plan("--stack", existingGroup, "--format", "json");
        expect(run.stderr).toContain("deploying into resource group rg-platform-shared, which the stack says exists (createResourceGroup: false)");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as PlanReport;
        expect(report.resources.filter((r) => r.type === "azure-native:resources:ResourceGroup")).toEqual([]);
        const inGroup = report.resources.filter((r) => r.type.startsWith("azure-native:") && r.type !== "azure-native:authorization:ManagementLockByScope" && r.type !== "azure-native:authorization:RoleAssignment");
        expect(inGroup.length).toBeGreaterThan(3);
        for (const r of inGroup) expect(r.inputs.resourceGroupName).toBe("rg-platform-shared");
    }, 60000);

    test("plans into the subscription, tenant and cloud the provider config names, without its encrypted secret", async () => {
        const run = await plan("--stack", sovereign, "--format", "json");
        expect(run.stderr).toContain("left out encrypted provider settings the plan does not need (its providers are stood in for): azure-native:clientSecret");
        expect(run.code).toBe(0);
        expect(run.stdout).not.toContain(CIPHERTEXT);
        const report = JSON.parse(run.stdout) as PlanReport;
        const vault = report.resources.find((r) => r.type === "azure-native:keyvault:Vault");
        expect((vault?.inputs.properties as { tenantId?: string }).tenantId).toBe(TENANT);
        const grant = report.resources.find((r) => r.type === "azure-native:authorization:RoleAssignment");
        expect(String(grant?.inputs.scope)).toMatch(new RegExp(`^/subscriptions/${SUB}/resourceGroups/rg-byok-cn/providers/Microsoft.KeyVault/vaults/`));
        const storage = report.resources.find((r) => r.type === "azure-native:storage:StorageAccount");
        expect(JSON.stringify(storage?.inputs)).toMatch(/"keyVaultUri":"https:\/\/[a-z0-9-]+\.vault\.azure\.cn\/"/);
    }, 60000);

    test("plans a stack that turns default providers off through providers of its own, in the subscription it names", async () => {
        const run = await plan("--stack", noDefaultProviders, "--format", "json");
        expect(run.code === 0 ? 0 : run.stderr).toBe(0);
        const report = JSON.parse(run.stdout) as PlanReport;
        expect(report.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => `${r.type}::${r.name}`).sort()).toEqual(
            ["azure-native", "azuread", "random", "time", "tls"].map((p) => `pulumi:providers:${p}::stack`),
        );
        expect(report.resources.find((r) => r.type === "azure-native:keyvault:Vault")?.urn).toBeDefined();
    }, 60000);

    test("exits 2 on a provider setting the provider would refuse, naming the key", async () => {
        const run = await plan("--stack", badSubscription);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('plan: azure-native:subscriptionId: "my-subscription" is not a subscription id (a GUID)');
        expect(run.stdout).toBe("");
    }, 60000);

    test("exits 2 on applications registered in azuread's tenant with key grants in azure-native's, naming azuread:tenantId", async () => {
        const native = "11111111-2222-4333-8444-555555555555";
        const entra = "99999999-8888-4777-8666-555555555555";
        const crossTenant = stackFile(`plantest-xtenant-${process.pid}`, `config:
  azure-native:subscriptionId: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e
  azure-native:tenantId: ${native}
  azuread:tenantId: ${entra}
  azure-byok:resourceGroupName: rg-byok-xt
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-vendor
      keys:
        - name: backup
          purpose: applicationCrypto
  azure-byok:applications:
    - name: backup-vendor
      certificates:
        - name: primary
          validityDays: 180
      access:
        - key: backup
          permissions: applicationCrypto
`);
        const run = await plan("--stack", crossTenant);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`azuread:tenantId: is ${entra}, but azure-native:tenantId is ${native}: the stack would register application backup-vendor in tenant ${entra}`);
        expect(run.stdout).toBe("");
    }, 60000);

    test("exits 2 on a registration Azure would refuse, giving Azure's reason once and no echo of it from dependants", async () => {
        // No stack config reaches such a registration (config validation refuses first): a program that makes one stands in for the stack's.
        const run = await planWith({ NODE_OPTIONS: `--require ${path.join(root, "test", "support", "refused-program.js")}` }, "--stack", refused);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('azure-native:containerregistry:Registry "acr" would be refused by Azure: 400 KeyVersionNotFound');
        expect(run.stderr.match(/KeyVersionNotFound/g)).toHaveLength(1);
        expect(run.stderr).not.toMatch(/error serializing property|PromiseRejectionHandledWarning/);
        expect(run.stdout).toBe("");
    }, 60000);

    test("plans a version pinned on a key the stack creates as an earlier deploy's, saying so on stderr", async () => {
        const run = await plan("--stack", refused, "--format", "json");
        expect(run.stderr).toContain("pinning version 0123456789abcdef0123456789abcdef of key cmk, which the stack creates: offline it is taken as a version of an earlier deploy");
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as { violations: { policy: string }[] };
        // A pinned registry is held by the pack until its policy config allows the pin by name.
        expect(report.violations.map((v) => v.policy)).toContain("azure-containerregistry-registry-disallow-versioned-key");
    }, 60000);

    test("exits 2 on a policy config the pack refuses, naming each policy and property, as the CLI refuses it", async () => {
        const file = path.join(scratch, "bad-policy-config.json");
        writeFileSync(file, JSON.stringify({
            "azure-byok-profile": { profile: "mcbs" },
            "azure-keyvault-vault-disable-public-network-access": { allowedIpRanges: "203.0.113.0/24" },
            "azure-keyvault-vault-missing-privte-endpoint": "disabled",
            "azure-keyvault-key-missing-expiry": "blocking",
            // Named like a member every object has: still no level.
            "azure-keyvault-vault-missing-private-endpoint": "constructor",
            "azure-keyvault-vault-enable-purge-protection": ["mandatory"],
            // Two rules of its schema broken: two problems, two lines.
            "azure-keyvault-key-configure-min-rsa-size": { minRsaKeySize: "big" },
        }));
        const run = await plan("--policy-config", file);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        // The CLI ignores a key that names none of the pack's policies: a warning, not a problem.
        const ignored = 'plan: policy config "azure-keyvault-vault-missing-privte-endpoint": the pack azure-byok has no such policy, so the CLI ignores it (did you mean "azure-keyvault-vault-missing-private-endpoint"?)';
        expect(run.stderr.split("\n")).toContain(ignored);
        const problems = run.stderr.split("\n").filter((l) => l.includes("policy config \"") && l !== ignored);
        expect(problems.map((l) => l.replace(/^plan: /, ""))).toEqual([
            "policy config \"azure-byok-profile.profile\": must be equal to one of the allowed values (baseline, mcsb, sovereign)",
            "policy config \"azure-keyvault-key-configure-min-rsa-size.minRsaKeySize\": must be integer",
            "policy config \"azure-keyvault-key-configure-min-rsa-size.minRsaKeySize\": must be equal to one of the allowed values (2048, 3072, 4096)",
            "policy config \"azure-keyvault-key-missing-expiry.enforcementLevel\": \"blocking\" is not advisory, mandatory, remediate or disabled",
            "policy config \"azure-keyvault-vault-disable-public-network-access.allowedIpRanges\": must be array",
            "policy config \"azure-keyvault-vault-enable-purge-protection\": is an array, not an enforcement level or an object of its config",
            "policy config \"azure-keyvault-vault-missing-private-endpoint.enforcementLevel\": \"constructor\" is not advisory, mandatory, remediate or disabled",
        ]);
        expect(run.stderr).not.toContain("program error");
        // A file that is not an object of policies configures nothing the CLI could name: refused, not
        // ignored (policy-config-file.test.ts has the other such texts).
        writeFileSync(file, "[]");
        const refused = await plan("--policy-config", file);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(`--policy-config ${file}: is an array, not an object of policy names`);
    }, 60000);

    test("plans with a policy config holding keys the CLI ignores, saying so on stderr: a misspelt policy or property, ESC environments", async () => {
        const file = path.join(scratch, "ignored-keys-policy-config.json");
        const dev = JSON.parse(readFileSync(path.join(root, "policy-config", "dev.json"), "utf8")) as Record<string, unknown>;
        // Spelt right, maxDaysToRotate: 30 blocks the dev stack's 90-day rotation; misspelt, the CLI takes it and the rule keeps its default.
        const rotation = { "azure-keyvault-key-configure-rotation-policy": { enforcementLevel: "mandatory", maxDayToRotate: 30 } };
        writeFileSync(file, JSON.stringify({ ...dev, ...rotation, "azure-keyvault-vault-missing-privte-endpoint": "disabled", environments: ["byok/policy"] }));
        const run = await plan("--policy-config", file, "--format", "json");
        expect(run.code === 0 ? 0 : run.stderr).toBe(0);
        expect(run.stderr).toContain('plan: policy config "azure-keyvault-key-configure-rotation-policy.maxDayToRotate": the policy has no such property: the CLI passes it on and the policy ignores it (did you mean "maxDaysToRotate"?)\n');
        expect(run.stderr).toContain('plan: policy config "azure-keyvault-vault-missing-privte-endpoint": the pack azure-byok has no such policy, so the CLI ignores it (did you mean "azure-keyvault-vault-missing-private-endpoint"?)\n');
        expect(run.stderr).toContain("plan: policy config names Pulumi ESC environments (byok/policy); offline their values are not available, so only the file's own policy config is applied\n");
    }, 60000);

    test("plans with an empty, blank or null policy config as with none, as the CLI reads them, saying so", async () => {
        const file = path.join(scratch, "empty-policy-config.json");
        const withConfig = async (content: string) => {
            writeFileSync(file, content);
            const run = await plan("--policy-config", file, "--format", "json");
            return { code: run.code, summary: run.stdout ? (JSON.parse(run.stdout) as PlanReport).summary : run.stderr, stderr: run.stderr };
        };
        const none = await withConfig("{}");
        // The dev stack without its own policy config: the appliance's firewall range is a mandatory violation.
        expect(none.code).toBe(1);
        // One blank text end to end; policy-config-file.test.ts reads the others as no config too.
        for (const content of ["\u00a0\n"]) {
            const run = await withConfig(content);
            expect({ content, code: run.code, summary: run.summary }).toEqual({ content, code: none.code, summary: none.summary });
            expect(run.stderr).toContain(`plan: policy config ${path.relative(root, file)} is empty or null, which the CLI reads as no config: the policies' own levels and defaults apply\n`);
        }
        // Go's TrimSpace keeps a byte-order mark: the CLI fails to parse it, and so does the plan.
        expect((await withConfig("\ufeff")).code).toBe(2);
    }, 120000);

    test('blocks the dev stack with `"all"` in object form as in string form, as the CLI applies both', async () => {
        const dev = JSON.parse(readFileSync(path.join(root, "policy-config", "dev.json"), "utf8")) as Record<string, unknown>;
        const mandatory = async (all: unknown) => {
            const file = path.join(scratch, "all-policy-config.json");
            writeFileSync(file, JSON.stringify({ all, ...dev }));
            const run = await plan("--policy-config", file, "--format", "json");
            return { code: run.code, mandatory: run.stdout ? (JSON.parse(run.stdout) as PlanReport).summary.mandatory : run.stderr };
        };
        const asString = await mandatory("mandatory");
        expect(asString.code).toBe(1);
        expect(await mandatory({ enforcementLevel: "mandatory" })).toEqual(asString);
    }, 120000);

    test("takes a fully qualified stack name, as pulumi preview --stack does, and plans its own stack file", async () => {
        const run = await plan("--stack", `contoso/azure-byok/${existingGroup}`, "--format", "json");
        expect(run.code).toBe(0);
        expect((JSON.parse(run.stdout) as PlanReport).stack).toBe(existingGroup);
        expect((await plan("--stack", "a/b/c/dev")).stderr).toContain("--stack: must be a stack name such as dev or org/project/dev");
    }, 60000);

    test("exits 2 on a usage error", async () => {
        const run = await plan("--format", "yaml");
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/--format yaml: must be one of table, json, sarif/);
        // Several reports of one plan: each --out follows the --format it writes, one at most goes to stdout, none to another's file.
        const report = path.join(scratch, "usage-report");
        const refusals = await Promise.all([
            plan("--format", "json", "--format", "sarif"),
            plan("--out", report, "--format", "json", "--format", "sarif", "--out", `${report}.sarif`),
            plan("--format", "json", "--out", report, "--format", "sarif", "--out", `${scratch}${path.sep}.${path.sep}usage-report`),
            plan("--format", "json", "--out", report, "--out", `${report}.2`),
        ]);
        expect(refusals.map((r) => [r.code, r.stderr.split("\n")[0]])).toEqual([
            [2, "plan: --format sarif: --format json already writes to stdout; give all but one format an --out FILE"],
            [2, `plan: --out ${report}: comes before any --format; with several formats, each --out follows the --format it writes`],
            [2, `plan: --out ${`${scratch}${path.sep}.${path.sep}usage-report`}: --format json writes to that file too; give each format its own file`],
            [2, `plan: --out ${report}.2: one format writes one file; give each file its own --format before it`],
        ]);
        expect(existsSync(report)).toBe(false);
        const otherProject = await plan("--stack", "contoso/other-project/dev", "--format", "json");
        expect(otherProject.code).toBe(2);
        expect(otherProject.stderr).toContain('--stack: "contoso/other-project/dev" names project other-project, but Pulumi.yaml here is project azure-byok');
        // --help is no usage error: it prints the options and what the exit codes mean.
        const help = await plan("--help");
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/^usage: npm run plan -- \[--stack dev\] \[--format table\|json\|sarif\|markdown\|github\]/);
        expect(help.stdout).toContain("--format may be\ngiven more than once, each followed by the --out FILE it writes");
        expect(help.stdout).toContain("Exit 0 when no mandatory policy is violated, 1 when one is, 2 on bad config");
    }, 60000);
});

test("with AZURE_BYOK_PLAN_TRACE set, the plan writes when each step happened to stderr, in order", async () => {
    const run = await planWith({ AZURE_BYOK_PLAN_TRACE: "1" }, "--format", "json");
    expect(run.code).toBe(0);
    const steps = [...run.stderr.matchAll(/^plan: trace (\d+\.\d{3}) s (.+)$/gm)].map((m) => ({ at: Number(m[1]), step: m[2] }));
    for (const expected of [/^policy pack spawned$/, /^program started/, /^program ended/, /^policy pack printed its port \(\d+ ms after its spawn\)$/, /^policy pack described itself/, /^policy pack configured/, /^every Analyze answered$/, /^AnalyzeStack answered$/]) {
        expect(steps.map((s) => s.step)).toContainEqual(expect.stringMatching(expected));
    }
    const at = steps.map((s) => s.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(JSON.parse(run.stdout).summary.resources).toBe(64);
}, 60000);

test("without AZURE_BYOK_PLAN_TRACE the plan writes no trace", async () => {
    const run = await planWith({ AZURE_BYOK_PLAN_TRACE: "" }, "--format", "json");
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("plan: trace");
}, 60000);

describe("the program's warnings", () => {
    const expiring = stackFile(`plantest-expiring-${process.pid}`, `config:
  azure-byok:resourceGroupName: rg-byok-expiring
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-app
      keys:
        - name: cmk
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: s
          validityDays: 20
`);
    const warning = /ClientApplication "vendor": client secret "s" expires on \S+, in 20 days: /;

    test("show in the table and the job summary, stay on stderr, and change neither the exit code nor the JSON report", async () => {
        const run = await planEveryFormat("expiring", "--stack", expiring);
        expect(run.code).toBe(0);
        expect(run.table).toMatch(new RegExp(`Warnings from the stack program \\(they do not change the exit code\\):\\n  on vendor  \\(Pulumi\\.${expiring}\\.yaml:9\\)\\n    ClientApplication "vendor": client secret "s" expires on\\n`));
        expect(run.markdown).toMatch(new RegExp(`^\\| vendor \\| ${warning.source}`, "m"));
        expect(run.stderr).toMatch(new RegExp(`^warning: \\[runtime\\] ${warning.source}`, "m"));
        expect(Object.keys(JSON.parse(run.json) as Record<string, unknown>)).toEqual(["stack", "resources", "violations", "waves", "summary"]);
        expect(run.json).not.toMatch(warning);
    }, 60_000);
});
