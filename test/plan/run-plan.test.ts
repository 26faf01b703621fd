import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as sarif from "sarif";
import { generateStack } from "../../bench/generate-stack";
import { formatGithub } from "../../plan/format-github";
import { formatMarkdown } from "../../plan/format-markdown";
import { formatSarif } from "../../plan/format-sarif";
import { formatTable } from "../../plan/format-table";
import { configLocationOf } from "../../plan/config-fixes";
import { AzureMocks } from "../../plan/mocks";
import { PolicyPackClient } from "../../plan/policy-client";
import { runPlan } from "../../plan/run-plan";
import { DAY, vendorCertificate } from "../support/vendor-certificate";

const root = path.resolve(__dirname, "..", "..");
// The provider's ARM_* variables steer a plan as they steer the provider: keep this machine's out.
for (const k of Object.keys(process.env)) if (k.startsWith("ARM_")) delete process.env[k];
const dir = mkdtempSync(path.join(tmpdir(), "run-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project folder of its own: a Pulumi.yaml naming the project, and one stack's config file. */
function projectWith(stack: string, stackYaml: string, projectName = "azure-byok"): string {
    const project = mkdtempSync(path.join(dir, `${stack}-`));
    writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\n`);
    writeFileSync(path.join(project, `Pulumi.${stack}.yaml`), stackYaml);
    return project;
}

/** A stack of one vault with one key, the least a policy's level can be seen on. */
function oneKeyProject(stack: string, suffix: string): string {
    return projectWith(stack, `config:
  azure-byok:resourceGroupName: rg-${suffix}
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-${suffix}
      keys:
        - name: cmk
`);
}

test("a long plan reports on stderr how many resources are recorded and analyzed as it goes", async () => {
    const stack = generateStack(dir, 30);
    const lines: string[] = [];
    const plan = await runPlan({ stack, projectDir: dir, packDir: path.join(root, "policies"), progress: (line) => lines.push(line), progressEveryMs: 20 });
    const ticks = lines.map((l) => /^\d+ s: (\d+) resources recorded, (\d+) analyzed by the policy pack$/.exec(l)).filter((m) => m !== null);
    expect(ticks.length).toBeGreaterThan(1);
    const recorded = ticks.map((m) => Number(m[1]));
    expect(recorded).toEqual([...recorded].sort((a, b) => a - b));
    expect(recorded[0]).toBeLessThan(plan.report.summary.resources);
    for (const m of ticks) expect(Number(m[2])).toBeLessThanOrEqual(Number(m[1]));
    expect(lines).toContain(`recorded ${plan.report.summary.resources} resources`);
    expect(lines[lines.length - 1]).toMatch(/^policy pack azure-byok \S+: \d+ policies, \d+ results$/);
}, 60_000);

test("project-level config in Pulumi.yaml and stackConfigDir are honoured as the CLI honours them", async () => {
    const project = mkdtempSync(path.join(dir, "project-"));
    writeFileSync(path.join(project, "Pulumi.yaml"), `name: azure-byok
runtime: nodejs
stackConfigDir: config
config:
  azure-native:location: northeurope
  resourceGroupName:
    type: string
    default: rg-from-project
  vaults:
    value:
      - name: kv-project
        keys:
          - name: cmk
`);
    mkdirSync(path.join(project, "config"));
    // The stack overrides one project value and keeps the others.
    writeFileSync(path.join(project, "config", "Pulumi.shared.yaml"), `environment:
  - platform/azure
config:
  azure-byok:resourceGroupName: rg-from-stack
`);
    const lines: string[] = [];
    const plan = await runPlan({ stack: "shared", projectDir: project, packDir: path.join(root, "policies"), progress: (line) => lines.push(line) });
    expect(plan.configFile).toBe("config/Pulumi.shared.yaml");
    const group = plan.report.resources.find((r) => r.type === "azure-native:resources:ResourceGroup");
    expect(group?.inputs).toMatchObject({ resourceGroupName: "rg-from-stack", location: "northeurope" });
    expect(plan.report.resources.some((r) => r.type === "azure-native:keyvault:Key" && r.inputs.keyName === "cmk")).toBe(true);
    expect(lines).toContain("config/Pulumi.shared.yaml imports Pulumi ESC environments; offline their values are not available, so only the file's own config is planned");
}, 60_000);

test("a stack file kept outside the project by stackConfigDir takes the project's namespace for its bare keys, as the CLI gives it the loaded project's", async () => {
    const outer = mkdtempSync(path.join(dir, "outside-"));
    const project = path.join(outer, "infra");
    mkdirSync(project);
    mkdirSync(path.join(outer, "stack-config"));
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: azure-byok\nruntime: nodejs\nstackConfigDir: ../stack-config\n");
    writeFileSync(path.join(outer, "stack-config", "Pulumi.dev.yaml"), "config:\n  location: westeurope\n  resourceGroupName: rg-app\n  vaults:\n    - name: kv-app\n");
    const plan = await runPlan({ stack: "dev", projectDir: project, packDir: path.join(root, "policies") });
    expect(plan.report.resources.find((r) => r.type === "azure-native:resources:ResourceGroup")?.inputs).toMatchObject({ resourceGroupName: "rg-app", location: "westeurope" });
}, 60_000);

test("a renamed project's un-namespaced settings are refused by name, not ignored", async () => {
    const project = projectWith("prod", `config:
  azure-byok:resourceGroupName: rg-prod
  azure-byok:location: westeurope
  contoso-keys:vaults:
    - name: kv-prod
`, "contoso-keys");
    await expect(runPlan({ stack: "prod", projectDir: project, packDir: path.join(root, "policies") })).rejects.toThrow(
        "contoso-keys:vaults: is in the project's own namespace, which this program does not read; set azure-byok:vaults instead",
    );
}, 60_000);

test("a vault and a key the stack says exist are planned as declared, keys and grants made in the vault, and said so on stderr", async () => {
    const project = projectWith("app", `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: central
      existing: true
      vaultName: kv-platform-central
      resourceGroupName: rg-security
      enableRbacAuthorization: false
      keys:
        - name: cmk-app
        - name: byok-imported
          existing: true
          purpose: applicationCrypto
  azure-byok:storageAccounts:
    - name: stapp
      key: cmk-app
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: primary
      access:
        - key: byok-imported
          permissions: applicationCrypto
      # Offline the vault's firewall is taken to admit the networks of the applications reaching it.
      allowedNetworks:
        - 203.0.113.16/28
`);
    const lines: string[] = [];
    const plan = await runPlan({ stack: "app", projectDir: project, packDir: path.join(root, "policies"), progress: (line) => lines.push(line) });
    expect(plan.report.resources.filter((r) => r.type === "azure-native:keyvault:Vault")).toEqual([]);
    // The stack's own key is made in the vault; the imported one is used as it is.
    expect(plan.report.resources.filter((r) => r.type === "azure-native:keyvault:Key").map((r) => r.inputs)).toEqual([expect.objectContaining({ vaultName: "kv-platform-central", resourceGroupName: "rg-security", keyName: "cmk-app" })]);
    // An access-policy vault, as declared: the account's identity and the vendor get an access policy there, not a role.
    expect(plan.report.resources.filter((r) => r.type === "azure-native:keyvault:AccessPolicy")).toHaveLength(2);
    expect(lines).toContain("using key byok-imported in vault kv-platform-central, which the stack says exists: offline it is taken as declared (RSA-HSM), with any version the stack pins; pulumi preview checks it against Azure");
    expect(lines).toContain("using vault kv-platform-central in resource group rg-security, which the stack says exists: offline it is taken as declared (premium, access policies, purge protection on) with a firewall that admits what the stack needs; pulumi preview checks it against Azure");
}, 60_000);

test("another team's identity on its access-policy vault is refused at the grant's path, and planned without a grant once its key says the owner grants it", async () => {
    const stack = (granted: string) => `config:
  azure-byok:resourceGroupName: rg-byok-payments
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: central
      existing: true
      vaultName: kv-platform-central
      resourceGroupName: rg-platform-security
      subscriptionId: 7c1e4b2a-9d3f-4a6e-8b5c-2f0d1e3a4b5c
      enableRbacAuthorization: false
      keys:
        - name: payments-byok
          existing: true${granted}
  azure-byok:identities:
    - name: platform-cmk
      existing: true
      identityName: id-platform-cmk
      resourceGroupName: rg-platform-security
      subscriptionId: 7c1e4b2a-9d3f-4a6e-8b5c-2f0d1e3a4b5c
  azure-byok:storageAccounts:
    - name: stpayments
      key: payments-byok
      identity: platform-cmk
`;
    await expect(runPlan({ stack: "payments", projectDir: projectWith("payments", stack("")), packDir: path.join(root, "policies") })).rejects.toThrow(
        /azure-byok:storageAccounts\[0\]\.identity: grants "platform-cmk", an existing identity \(identities\[0\]\), key "payments-byok" in vault kv-platform-central, an existing vault \(vaults\[0\]\) with access policies;/,
    );
    const lines: string[] = [];
    const plan = await runPlan({ stack: "payments", projectDir: projectWith("payments", stack("\n          grantedIdentities: [platform-cmk]")), packDir: path.join(root, "policies"), progress: (line) => lines.push(line) });
    expect(plan.report.resources.filter((r) => ["azure-native:keyvault:AccessPolicy", "azure-native:authorization:RoleAssignment"].includes(r.type))).toEqual([]);
    expect(plan.report.resources.filter((r) => r.type === "azure-native:storage:StorageAccount")).toHaveLength(1);
    expect(lines).toContain("taking identity id-platform-cmk's use of key payments-byok in vault kv-platform-central as granted by the key's owner (grantedIdentities), so the stack makes no grant for it; the plan takes it as made; pulumi preview checks it on an access-policy vault (getVault), but not a role on an RBAC vault: a service using it fails at deploy (403) until the owner makes it");
    // On an RBAC vault the stack still makes the grant, as it always has, and says that another stack may hold it.
    const rbac: string[] = [];
    await runPlan({ stack: "payments", projectDir: projectWith("payments", stack("").replace("      enableRbacAuthorization: false\n", "")), packDir: path.join(root, "policies"), progress: (line) => rbac.push(line) });
    expect(rbac.filter((l) => l.startsWith("granting identity"))).toEqual([
        `granting identity platform-cmk key payments-byok in vault kv-platform-central, neither of them this stack's: the role assignment is named from key, identity and role, so another stack making the same grant makes the same one, and Azure keeps one (whichever deploys second is refused: "cannot create already existing resource", or 409 RoleAssignmentExists where the key's owner made it under another name); if the key's owner grants it, write grantedIdentities: [platform-cmk] on the key's entry`,
    ]);
}, 90_000);

test("a Veeam-like vendor on an access-policy vault plans with list in its access policy (listKeys) and Key Vault Reader on the vault (vaultRead), and the pack passes it", async () => {
    const project = projectWith("veeam", `config:
  azure-byok:resourceGroupName: rg-byok-veeam
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-veeam
      enableRbacAuthorization: false
      keys:
        - name: veeam-repo
          purpose: applicationCrypto
  azure-byok:applications:
    - name: veeam
      certificates:
        - name: primary
      access:
        - key: veeam-repo
          permissions: applicationCrypto
          vaultRead: true
          listKeys: true
      allowedNetworks:
        - 198.51.100.0/28
`);
    const plan = await runPlan({ stack: "veeam", projectDir: project, packDir: path.join(root, "policies") });
    const policies = plan.report.resources.filter((r) => r.type === "azure-native:keyvault:AccessPolicy");
    expect(policies.map((r) => [r.name, (r.inputs.policy as { permissions: unknown }).permissions])).toEqual([["veeam-veeam-repo-access-policy", { keys: ["get", "encrypt", "decrypt", "list"] }]]);
    expect(plan.report.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").map((r) => r.name)).toEqual(["veeam-veeam-repo-vault-read"]);
    expect(plan.report.summary.mandatory).toBe(0);
}, 60_000);

test("a version pinned on a key the stack says exists is planned: offline its versions are unknown, so each service's pin is taken as one of them", async () => {
    const pinned = "0123456789abcdef0123456789abcdef";
    const project = projectWith("pinned", `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: central
      existing: true
      vaultName: kv-corp-hsm-01
      resourceGroupName: rg-keys
      keys:
        - name: imported-cmk
          existing: true
  azure-byok:storageAccounts:
    - name: stpinned
      key: imported-cmk
      keyVersion: ${pinned}
  azure-byok:registries:
    - name: acrpinned
      key: imported-cmk
      keyVersion: ${pinned}
  azure-byok:eventHubNamespaces:
    - name: evh-pinned
      key: imported-cmk
      keyVersion: ${pinned}
`);
    const plan = await runPlan({ stack: "pinned", projectDir: project, packDir: path.join(root, "policies") });
    const inputs = (type: string) => plan.report.resources.filter((r) => r.type === type).map((r) => r.inputs);
    expect(inputs("azure-native:storage:StorageAccount")).toEqual([expect.objectContaining({ encryption: expect.objectContaining({ keyVaultProperties: expect.objectContaining({ keyName: "imported-cmk", keyVersion: pinned }) }) })]);
    expect(inputs("azure-native:containerregistry:Registry")).toEqual([expect.objectContaining({ encryption: expect.objectContaining({ keyVaultProperties: expect.objectContaining({ keyIdentifier: `https://kv-corp-hsm-01.vault.azure.net/keys/imported-cmk/${pinned}` }) }) })]);
    expect(inputs("azure-native:eventhub:Namespace")).toEqual([expect.objectContaining({ encryption: expect.objectContaining({ keyVaultProperties: [expect.objectContaining({ keyName: "imported-cmk", keyVersion: pinned })] }) })]);
}, 60_000);

test("an existing vault whose key an AKS cluster's KMS reaches over public access is taken as open to all networks, which AKS needs", async () => {
    const project = projectWith("publickms", `config:
  azure-byok:resourceGroupName: rg-publickms
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: central
      existing: true
      vaultName: kv-central-open
      resourceGroupName: rg-security
      keys:
        - name: kms-key
          existing: true
          kty: RSA-HSM
          purpose: applicationCrypto
    - name: kv-cmk
      keys:
        - name: cmk-disks
  azure-byok:diskEncryptionSets:
    - name: des-kms
      key: cmk-disks
  azure-byok:kubernetesClusters:
    - name: aks-kms
      key: kms-key
      keyVaultNetworkAccess: Public
      diskEncryptionSet: des-kms
      nodeSubnetId: /subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes
      apiServerSubnetId: /subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-apiserver
      administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"]
`);
    const plan = await runPlan({ stack: "publickms", projectDir: project, packDir: path.join(root, "policies") });
    const cluster = plan.report.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster");
    expect(cluster?.inputs).toMatchObject({ securityProfile: { azureKeyVaultKms: { enabled: true, keyVaultNetworkAccess: "Public" } } });
}, 60_000);

test("an AKS cluster is planned on the Standard tier, and one whose system pool writes no zones is warned of at its entry; [] written is silent", async () => {
    const stack = (zones: string) => `config:
  azure-byok:resourceGroupName: rg-zones
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-zones
      keys:
        - name: kms-key
          purpose: applicationCrypto
        - name: cmk-disks
  azure-byok:diskEncryptionSets:
    - name: des-zones
      key: cmk-disks
  azure-byok:kubernetesClusters:
    - name: aks-zones
      key: kms-key
      diskEncryptionSet: des-zones
      nodeSubnetId: /subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes
      apiServerSubnetId: /subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-apiserver
      administratorGroupObjectIds: ["5b0f3c2a-7d4e-4a1b-9c8d-1e2f3a4b5c6d"]
${zones}`;
    const unzoned = stack("");
    const plan = await runPlan({ stack: "unzoned", projectDir: projectWith("unzoned", unzoned), packDir: path.join(root, "policies") });
    const cluster = plan.report.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster");
    expect(cluster?.inputs).toMatchObject({ sku: { name: "Base", tier: "Standard" } });
    const urn = "urn:pulumi:unzoned::azure-byok::azure-byok:containerservice:CmkKubernetesCluster::aks-zones";
    expect(plan.warnings?.map((w) => [w.urn, w.message])).toEqual([[urn, expect.stringMatching(/^CmkKubernetesCluster "aks-zones": systemNodePool has no availabilityZones written, .*AKS fixes a pool's zones when the pool is created/)]]);
    const entryLine = unzoned.split("\n").indexOf("    - name: aks-zones") + 1;
    const table = formatTable(plan.report, { locationOf: configLocationOf(plan.report, unzoned, "Pulumi.unzoned.yaml") }, 80, plan.warnings);
    expect(table).toContain(`Warnings from the stack program (they do not change the exit code):\n  on aks-zones  (Pulumi.unzoned.yaml:${entryLine})\n    CmkKubernetesCluster "aks-zones": `);

    const said = await runPlan({ stack: "nozones", projectDir: projectWith("nozones", stack("      systemNodePool:\n        availabilityZones: []\n")), packDir: path.join(root, "policies") });
    expect(said.warnings).toEqual([]);
}, 120_000);

test("a project in a folder of its repository locates findings from the repository's root, as code scanning and annotations read paths", async () => {
    const repo = mkdtempSync(path.join(dir, "repo-"));
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, "infra", "stacks"), { recursive: true });
    writeFileSync(path.join(repo, "infra", "Pulumi.yaml"), "name: azure-byok\nruntime: nodejs\nstackConfigDir: stacks\n");
    writeFileSync(path.join(repo, "infra", "stacks", "Pulumi.sub.yaml"), "config:\n  azure-byok:resourceGroupName: rg-sub\n  azure-byok:location: westeurope\n  azure-byok:vaults:\n    - name: kv\n      enablePurgeProtection: false\n");
    const plan = await runPlan({ stack: "sub", projectDir: path.join(repo, "infra"), packDir: path.join(root, "policies") });
    expect(plan.configFile).toBe("stacks/Pulumi.sub.yaml");
    expect(plan.repositoryFile).toBe("infra/stacks/Pulumi.sub.yaml");
    const text = readFileSync(path.join(repo, "infra", "stacks", "Pulumi.sub.yaml"), "utf8");
    const log = JSON.parse(formatSarif(plan, text)) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(["infra/stacks/Pulumi.sub.yaml"]));
    // At the setting that causes it, line 6.
    expect(formatGithub(plan, text)).toMatch(/^::error file=infra\/stacks\/Pulumi\.sub\.yaml,line=6,/m);
}, 60_000);

test("SARIF's rule metadata gives each rule the level the policy config runs it at, not the pack's declared one", async () => {
    const project = oneKeyProject("levels", "levels");
    const DIAGNOSTICS = "azure-keyvault-vault-missing-diagnostic-settings";
    const ENDPOINT = "azure-keyvault-vault-missing-private-endpoint";
    const ROTATION = "azure-keyvault-key-configure-rotation-policy";
    const plan = await runPlan({ stack: "levels", projectDir: project, packDir: path.join(root, "policies"), policyConfig: { all: "disabled", [DIAGNOSTICS]: "mandatory", [ROTATION]: "advisory" } });
    expect(plan.report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([[DIAGNOSTICS, "mandatory"]]);
    const log = JSON.parse(formatSarif(plan, readFileSync(path.join(project, plan.configFile), "utf8"))) as sarif.Log;
    const rule = (id: string) => log.runs[0].tool.driver.rules?.find((r) => r.id === id);
    expect(log.runs[0].results?.map((r) => [r.ruleId, r.level])).toEqual([[DIAGNOSTICS, "error"]]);
    expect(rule(DIAGNOSTICS)).toMatchObject({ defaultConfiguration: { level: "error", enabled: true }, properties: { enforcementLevel: "mandatory" }, help: { text: expect.stringContaining(", mandatory here;") } });
    expect(rule(ENDPOINT)).toMatchObject({ defaultConfiguration: { level: "none", enabled: false }, properties: { enforcementLevel: "disabled" } });
    expect(rule(ROTATION)).toMatchObject({ defaultConfiguration: { level: "warning", enabled: true } });
}, 60_000);

test.each(["mcsb", "sovereign"] as const)("under the %s profile, SARIF gives each rule the level the profile raises it to, as its results carry it, and its help says the profile sets it", async (profile) => {
    const project = oneKeyProject(`profile-${profile}`, "profile");
    const ROTATION = "azure-keyvault-key-configure-rotation-policy";
    const DIAGNOSTICS = "azure-keyvault-vault-missing-diagnostic-settings";
    const PURGE = "azure-keyvault-vault-enable-purge-protection";
    // Raised under sovereign alone: advisory in mcsb, as in baseline.
    const WIDE_SCOPE = "azure-keyvault-vault-disallow-wide-scope-data-roles";
    // An explicit "advisory" is raised again by a profile that raises the rule; "disabled" stays off.
    const plan = await runPlan({ stack: `profile-${profile}`, projectDir: project, packDir: path.join(root, "policies"), policyConfig: { "azure-byok-profile": { profile }, [ROTATION]: "advisory", [DIAGNOSTICS]: "disabled", [PURGE]: "advisory" } });
    const log = JSON.parse(formatSarif(plan, readFileSync(path.join(project, plan.configFile), "utf8"))) as sarif.Log;
    const rules = log.runs[0].tool.driver.rules ?? [];
    const rule = (id: string) => rules.find((r) => r.id === id);
    const results = log.runs[0].results ?? [];
    expect(results.map((r) => r.ruleId)).toContain(ROTATION);
    const mismatches = results
        .map((r) => ({ id: r.ruleId, level: r.level, descriptor: rule(r.ruleId ?? "") }))
        .filter(({ level, descriptor }) => descriptor?.defaultConfiguration?.level !== level || descriptor?.properties?.enforcementLevel !== (level === "error" ? "mandatory" : "advisory"))
        .map(({ id, level, descriptor }) => `${id}: result ${level}, rule ${descriptor?.properties?.enforcementLevel} / ${descriptor?.defaultConfiguration?.level}`);
    expect(mismatches).toEqual([]);
    expect(rule(ROTATION)).toMatchObject({
        defaultConfiguration: { level: "error", enabled: true },
        properties: { enforcementLevel: "mandatory" },
        help: { text: expect.stringContaining(`, mandatory here, as the ${profile} profile sets it over any level --policy-config gives but "disabled", which turns it off;`), markdown: expect.stringContaining(`as the \`${profile}\` profile sets it`) },
    });
    expect(rule(DIAGNOSTICS)).toMatchObject({ defaultConfiguration: { level: "none", enabled: false }, properties: { enforcementLevel: "disabled" } });
    // Mandatory in every profile, so no profile raises it: the config's level stands, and the help says to set it there.
    expect(rule(PURGE)).toMatchObject({ properties: { enforcementLevel: "advisory" }, help: { text: expect.stringContaining(", advisory here; set its level or config with --policy-config") } });
    expect(rule(WIDE_SCOPE)?.properties?.enforcementLevel).toBe(profile === "sovereign" ? "mandatory" : "advisory");
}, 60_000);

test("a version pinned on a key the stack creates, copied from a deployed stack's outputs, is planned as an earlier deploy's, and said so on stderr", async () => {
    const pinned = "0a9a02840b1ca5bd569fb2ee79fe0479";
    const project = projectWith("pinnedown", `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv
      keys:
        - name: cmk
  azure-byok:diskEncryptionSets:
    - name: despin
      key: cmk
      keyVersion: ${pinned}
  azure-byok:storageAccounts:
    - name: stpin
      key: cmk
      keyVersion: ${pinned}
`);
    const lines: string[] = [];
    const plan = await runPlan({ stack: "pinnedown", projectDir: project, packDir: path.join(root, "policies"), progress: (line) => lines.push(line) });
    const des = plan.report.resources.find((r) => r.type === "azure-native:compute:DiskEncryptionSet");
    expect(des?.inputs).toMatchObject({ activeKey: { keyUrl: expect.stringMatching(new RegExp(`^https://kv[a-z0-9-]*\\.vault\\.azure\\.net/keys/cmk/${pinned}$`)) } });
    expect(lines.filter((l) => l.startsWith("pinning"))).toEqual([
        `pinning version ${pinned} of key cmk, which the stack creates: offline it is taken as a version of an earlier deploy (a key's first deploy has none to pin); pulumi preview checks it against Azure`,
    ]);
}, 60_000);

test("an existing vault whose keys a disk encryption set in another region uses is taken to be in that region, as the stack needs it", async () => {
    const project = projectWith("disks", `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: central
      existing: true
      vaultName: kv-platform-north
      resourceGroupName: rg-security
      subscriptionId: 3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
      keys:
        - name: disks-cmk
  azure-byok:diskEncryptionSets:
    - name: des-north
      key: disks-cmk
      location: northeurope
`);
    const plan = await runPlan({ stack: "disks", projectDir: project, packDir: path.join(root, "policies") });
    expect(plan.report.resources.filter((r) => r.type === "azure-native:compute:DiskEncryptionSet").map((r) => r.inputs.location)).toEqual(["northeurope"]);
    expect(plan.report.summary.mandatory).toBe(0);
}, 60_000);

test("a stack that keeps its webhook URL encrypted plans, the URL stood in for and never shown, and says so on stderr", async () => {
    const project = projectWith("webhook", `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-events
      eventSubscriptions:
        - name: to-ops
          webhookUrl:
            secure: v1:AAAAAAAAAAAAAAAA:Zm9vYmFyYmF6cXV4
      keys:
        - name: cmk
`);
    const lines: string[] = [];
    const plan = await runPlan({ stack: "webhook", projectDir: project, packDir: path.join(root, "policies"), progress: (line) => lines.push(line) });
    expect(lines).toContain("azure-byok:vaults[0].eventSubscriptions[0].webhookUrl is encrypted: offline it stands in as https://encrypted-webhook.invalid/, a secret like the value; pulumi preview decrypts and checks it");
    const subscription = plan.report.resources.find((r) => r.type === "azure-native:eventgrid:SystemTopicEventSubscription");
    // The destination object holds a secret, so the whole of it is one.
    expect(subscription?.inputs).toMatchObject({ destination: "[secret]" });
    expect(JSON.stringify(plan.report)).not.toContain("encrypted-webhook.invalid");
}, 60_000);

test("the README's teardown recipe plans: a throwaway vault is blocked by the pack until the policy config it gives turns the rules down", async () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Tearing down"));
    const recipe = JSON.parse(/e\.g\. `(\{[^`]+\})`/.exec(section)?.[1].replace(/\n/g, " ") ?? "{}") as Record<string, "advisory" | "disabled">;
    const project = projectWith("throwaway", `config:
  azure-byok:resourceGroupName: rg-throwaway
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-tmp
      enablePurgeProtection: false
      protect: false
      lock: None
      keys:
        - name: app-key
          purpose: applicationCrypto
          protect: false
`);
    const packDir = path.join(root, "policies");
    const blocked = await runPlan({ stack: "throwaway", projectDir: project, packDir });
    expect(blocked.report.summary.mandatory).toBeGreaterThan(0);
    const planned = await runPlan({ stack: "throwaway", projectDir: project, packDir, policyConfig: recipe });
    expect(planned.report.summary.mandatory).toBe(0);
    // Nothing is left that pulumi destroy would stop at.
    expect(planned.report.resources.filter((r) => r.protect).map((r) => r.type)).toEqual([]);
    // Under mcsb the lock rule is mandatory, and the recipe turns it off (a profile raises "advisory" again).
    const strict = await runPlan({ stack: "throwaway", projectDir: project, packDir, policyConfig: { ...recipe, "azure-byok-profile": { profile: "mcsb" } } });
    expect(strict.report.violations.filter((v) => v.policy === "azure-keyvault-vault-missing-delete-lock")).toEqual([]);
}, 60_000);

test("each resource the pack judges goes with the provider it is made through, explicit or the default one, as the CLI sends it", async () => {
    const pack = await PolicyPackClient.start({ packDir: path.join(root, "policies") });
    const analyze = jest.spyOn(pack, "analyze");
    const plan = await runPlan({ stack: "central", projectDir: root, pack: Promise.resolve(pack) });
    const sentWith = new Map(analyze.mock.calls.map(([resource, provider]) => [resource.name, provider?.name]));
    const through = plan.report.resources.filter((r) => r.type === "pulumi:providers:azure-native");
    expect(through.map((p) => p.name)).toHaveLength(1);
    const key = plan.report.resources.find((r) => r.type === "azure-native:keyvault:Key");
    expect(sentWith.get(String(key?.name))).toBe(through[0].name);
    expect(sentWith.get("resource-group")).toMatch(/^default_\d+_\d+_\d+$/);
    expect(sentWith.size).toBe(plan.report.summary.resources);
}, 60_000);

test("the README's example of the plan as the stricter gate holds: without its policy config, the dev stack's appliance grant is blocked", async () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8").replace(/\s+/g, " ");
    const rule = "azure-keyvault-vault-disallow-privileged-workload-roles";
    expect(readme).toContain(`the dev stack's appliance role assignment breaks \`${rule}\` in the plan (exit 1)`);
    const plan = await runPlan({ stack: "dev", projectDir: root, policyConfig: {} });
    const mandatory = plan.report.violations.filter((v) => v.enforcementLevel === "mandatory");
    expect(mandatory.map((v) => [v.policy, v.urn.split("::").pop()])).toEqual([[rule, "kms-appliance-kv-appliance-role-assignment"]]);
}, 60_000);

test("the program's warnings of credentials about to expire reach every human and CI format, at the application's entry, with no secret in any", async () => {
    // A vendor's certificate with 10 days left, a generated certificate and a client secret with 20.
    const supplied = vendorCertificate(40, 2048, new Date(Date.now() - 30 * DAY));
    const stackYaml = `config:
  azure-byok:resourceGroupName: rg-app
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-app
      keys:
        - name: cmk
  azure-byok:applications:
    - name: vendor
      certificates:
        - name: generated
          validityDays: 20
        - name: supplied
          certificatePem: ${JSON.stringify(supplied)}
      clientSecrets:
        - name: s
          validityDays: 20
`;
    const project = projectWith("expiring", stackYaml);
    const made = jest.spyOn(AzureMocks.prototype, "newResource");
    const plan = await runPlan({ stack: "expiring", projectDir: project, packDir: path.join(root, "policies") });
    const secrets = made.mock.calls.flatMap(([args], i) => {
        const result = made.mock.results[i];
        const state = result.type === "return" ? (result.value as { state: Record<string, unknown> }).state : {};
        if (args.type === "tls:index/privateKey:PrivateKey") return [String(state.privateKeyPem), String(state.privateKeyPemPkcs8)];
        if (args.type === "azuread:index/applicationPassword:ApplicationPassword") return [String(state.value)];
        return [];
    });
    made.mockRestore();
    expect(secrets).toHaveLength(3);

    const application = "urn:pulumi:expiring::azure-byok::azure-byok:entra:ClientApplication::vendor";
    expect(plan.warnings?.map((w) => w.urn)).toEqual([application, application, application]);
    const messages = plan.warnings?.map((w) => w.message) ?? [];
    for (const credential of ['certificate "supplied"', 'certificate "generated"', 'client secret "s"']) {
        expect(messages.filter((m) => m.startsWith(`ClientApplication "vendor": ${credential} expires on `))).toHaveLength(1);
    }
    // Warnings are not violations: the verdict and the JSON report's keys are as before.
    expect(plan.report.summary.mandatory).toBe(0);
    expect(Object.keys(plan.report)).toEqual(["stack", "resources", "violations", "waves", "summary"]);

    const entryLine = stackYaml.split("\n").indexOf("    - name: vendor") + 1;
    const configFile = "Pulumi.expiring.yaml";
    const locationOf = configLocationOf(plan.report, stackYaml, configFile);
    const table = formatTable(plan.report, { locationOf }, 80, plan.warnings);
    const markdown = formatMarkdown(plan.report, {}, plan.warnings);
    const github = formatGithub(plan, stackYaml);
    const sarifLog = JSON.parse(formatSarif(plan, stackYaml)) as sarif.Log;
    expect(table).toContain(`Warnings from the stack program (they do not change the exit code):\n  on vendor  (${configFile}:${entryLine})\n    ClientApplication "vendor": `);
    expect(markdown.match(/^\| vendor \| ClientApplication "vendor": /gm)).toHaveLength(3);
    expect(github.match(new RegExp(`^::warning file=${configFile},line=${entryLine},title=stack program warning on vendor::ClientApplication "vendor": `, "gm"))).toHaveLength(3);
    const notifications = sarifLog.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    expect(notifications.map((n) => [n.level, n.locations?.[0].physicalLocation?.region?.startLine, n.locations?.[0].logicalLocations?.[0].fullyQualifiedName])).toEqual([
        ["warning", entryLine, application], ["warning", entryLine, application], ["warning", entryLine, application],
    ]);
    expect(notifications.map((n) => n.message.text).sort()).toEqual([...messages].sort());

    // Each secret whole, and each line of it (a format may escape the line breaks between them).
    const secretLines = secrets.flatMap((s) => [s, ...s.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"))]);
    for (const output of [table, markdown, github, JSON.stringify(sarifLog), JSON.stringify(plan.warnings)]) {
        expect(secretLines.filter((s) => output.includes(s))).toEqual([]);
    }
}, 60_000);
