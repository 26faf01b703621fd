import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import type * as sarif from "sarif";
import { formatGithub } from "../../plan/format-github";
import { formatSarif } from "../../plan/format-sarif";
import type { PlanReport, PlanResult } from "../../plan/report";
import { reportResource as resource } from "../support/plan-report";

const application = resource("vendor", "azure-byok:entra:ClientApplication");
const first = resource("vendor-first-secret", "azuread:index/applicationPassword:ApplicationPassword", { parent: application.urn });
const second = resource("vendor-second-secret", "azuread:index/applicationPassword:ApplicationPassword", { parent: application.urn });
const principal = resource("vendor-service-principal", "azuread:index/servicePrincipal:ServicePrincipal", { parent: application.urn });

const CONFIG = `config:
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: first
          validityDays: 700
        - { name: second, validityDays: 700 }
`;

const LIFETIME = "azure-entra-application-configure-credential-lifetime";
const violation = (policy: string, urn: string, message: string): PlanReport["violations"][number] => ({ policyPack: "azure-byok", policy, enforcementLevel: "advisory", urn, message });
const secretTooLong = (urn: string) => violation(LIFETIME, urn, "Long-lived application credentials give a leak a long life.\nThe application secret is valid for 699 days, over 180; set its end date at most 180 days after its start.");

function plan(violations: PlanReport["violations"], extra: Partial<PlanResult> = {}): PlanResult {
    const resources = [application, first, second, principal];
    return {
        report: { stack: "dev", resources, violations, waves: [resources.map((r) => r.urn)], summary: { resources: resources.length, mandatory: 0, advisory: violations.length } },
        policies: [],
        policyPack: { name: "azure-byok", version: "0.1.0" },
        configFile: "Pulumi.dev.yaml",
        ...extra,
    };
}

const resultsOf = (text: string): sarif.Result[] => (JSON.parse(text) as sarif.Log).runs[0].results ?? [];
const lineOf = (r: sarif.Result) => r.locations?.[0].physicalLocation?.region?.startLine;

function schemaErrors(text: string): unknown[] {
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(sarifSchema);
    return validate(JSON.parse(text)) ? [] : (validate.errors ?? []);
}

test("two client secrets of one application breaking one rule are located at their own validityDays, so code scanning keeps two alerts", () => {
    const results = resultsOf(formatSarif(plan([secretTooLong(first.urn), secretTooLong(second.urn)]), CONFIG));
    // GitHub keys an alert by rule and the text of its line: the settings' lines (block and flow style) differ.
    expect(results.map((r) => [r.ruleId, lineOf(r)])).toEqual([[LIFETIME, 6], [LIFETIME, 7]]);
    expect(results[0].message.text).toContain("azure-byok:applications[name=vendor].clientSecrets[name=first].validityDays");
});

test("a violation whose fix is a setting of the entry, or that no setting fixes, stays at the entry's line", () => {
    const results = resultsOf(formatSarif(plan([
        violation("azure-entra-serviceprincipal-missing-owner", principal.urn, "A service principal without an owner.\nAdd one."),
        violation(LIFETIME, principal.urn, "Long-lived application credentials.\nThe application secret is valid for 699 days."),
    ]), CONFIG));
    expect(results.map(lineOf)).toEqual([3, 3]);
});

test("a config file in a folder with a space, '#' or '%' is located by a percent-encoded URI reference the schema accepts", () => {
    const text = formatSarif(plan([secretTooLong(first.urn)], { repositoryFile: "infra stacks#1/100%/Pulumi.dev.yaml" }), CONFIG);
    expect(schemaErrors(text)).toEqual([]);
    const [result] = resultsOf(text);
    expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe("infra%20stacks%231/100%25/Pulumi.dev.yaml");
    // upload-sarif decodes it back to the repository's path.
    expect(decodeURIComponent(result.locations?.[0].physicalLocation?.artifactLocation?.uri ?? "")).toBe("infra stacks#1/100%/Pulumi.dev.yaml");
    // The fix in the message names the file as the reader sees it.
    expect(result.message.text).toContain("In infra stacks#1/100%/Pulumi.dev.yaml: azure-byok:applications[name=vendor]");
});

describe("a result points at the line a pull request changes to cause or fix it", () => {
    // Line numbers are those of this text (line 1 is "config:").
    const STACK = `config:
  azure-byok:vaults:
    - name: kv-a
      keys:
        - name: k1
          rotationPolicy:
            expiryTime: P5Y
        - name: k2
      enablePurgeProtection: false
    - name: kv-b
  azure-byok:applications:
    - name: appliance
      clientSecrets:
        - name: primary
      access:
        - vault: kv-a
          permissions: keyManagementAppliance
        - { vault: KV-B, permissions: keyManagementAppliance }
`;
    const vaultA = resource("kv-a", "azure-byok:keyvault:KeyVault");
    const vaultB = resource("kv-b", "azure-byok:keyvault:KeyVault");
    const k1 = resource("k1", "azure-byok:keyvault:EncryptionKey");
    const k2 = resource("k2", "azure-byok:keyvault:EncryptionKey");
    const appliance = resource("appliance", "azure-byok:entra:ClientApplication");
    const grants = ["kv-a", "kv-b"].map((v) => resource(`appliance-${v}`, "azure-byok:keyvault:KeyAccess", { parent: appliance.urn }));
    const children = [
        resource("kv-a-vault", "azure-native:keyvault:Vault", { parent: vaultA.urn }),
        resource("kv-b-vault", "azure-native:keyvault:Vault", { parent: vaultB.urn }),
        resource("k1-key", "azure-native:keyvault:Key", { parent: k1.urn }),
        resource("k2-key", "azure-native:keyvault:Key", { parent: k2.urn }),
        ...grants.map((g) => resource(`${g.name}-role-assignment`, "azure-native:authorization:RoleAssignment", { parent: g.urn })),
    ];
    const [vaultOfA, vaultOfB, keyOf1, keyOf2, roleOnA, roleOnB] = children;
    const resources = [vaultA, vaultB, k1, k2, appliance, ...grants, ...children];
    const planOf = (violations: PlanReport["violations"]): PlanResult => ({
        report: { stack: "dev", resources, violations, waves: [resources.map((r) => r.urn)], summary: { resources: resources.length, mandatory: 0, advisory: violations.length } },
        policies: [],
        policyPack: { name: "azure-byok", version: "0.1.0" },
        configFile: "Pulumi.dev.yaml",
    });
    const lines = (violations: PlanReport["violations"]) => resultsOf(formatSarif(planOf(violations), STACK)).map(lineOf);
    const purgeOff = (urn: string) => violation("azure-keyvault-vault-enable-purge-protection", urn, "Without purge protection a key can be destroyed.\nPurge protection is off.");
    const validity = (urn: string) => violation("azure-keyvault-key-configure-max-validity", urn, "A key version valid for years.\nThe key's versions are valid for P5Y (1825 days), over 730; set properties.rotationPolicy.attributes.expiryTime to at most P730D.");

    test("the setting the fix names, when the entry writes it: below the entry's other settings, or nested", () => {
        expect(lines([purgeOff(vaultOfA.urn), validity(keyOf1.urn)])).toEqual([9, 7]);
        // An entry without it: the entry's line, where the setting would be added.
        expect(lines([purgeOff(vaultOfB.urn), validity(keyOf2.urn)])).toEqual([10, 8]);
    });

    test("an application's grants breaking one rule are at their own access items, block or flow style, the key or vault named in any case", () => {
        const privileged = (urn: string) => violation("azure-keyvault-vault-disallow-privileged-workload-roles", urn, "A workload can manage the vault's keys.\nOnly a key-management principal should.");
        expect(lines([privileged(roleOnA.urn), privileged(roleOnB.urn)])).toEqual([16, 18]);
    });

    test("the ::error annotation is on the same line", () => {
        const out = formatGithub(planOf([{ ...purgeOff(vaultOfA.urn), enforcementLevel: "mandatory" }]), STACK);
        expect(out).toMatch(/^::error file=Pulumi\.dev\.yaml,line=9,title=azure-keyvault-vault-enable-purge-protection /m);
    });
});

test("the SARIF category has the project's folder when the project is not at the repository's root, so two projects' dev stacks are two analyses", () => {
    const id = (extra: Partial<PlanResult>) => (JSON.parse(formatSarif(plan([], extra), CONFIG)) as sarif.Log).runs[0].automationDetails?.id;
    expect(id({ repositoryFile: "infra-eu/Pulumi.dev.yaml" })).toBe("azure-byok/plan/infra-eu/dev/");
    expect(id({ repositoryFile: "infra/us/stacks/Pulumi.dev.yaml", configFile: "stacks/Pulumi.dev.yaml" })).toBe("azure-byok/plan/infra/us/dev/");
    // At the root, with or without stackConfigDir, and outside a repository: the id existing alerts were made under.
    expect(id({ repositoryFile: "Pulumi.dev.yaml" })).toBe("azure-byok/plan/dev/");
    expect(id({ repositoryFile: "stacks/Pulumi.dev.yaml", configFile: "stacks/Pulumi.dev.yaml" })).toBe("azure-byok/plan/dev/");
    expect(id({})).toBe("azure-byok/plan/dev/");
});

describe("the program's warnings", () => {
    const expiring = 'ClientApplication "vendor": client secret "first" expires on 2026-01-01T00:00:00Z, in 10 days: add a new entry under a new name in clientSecrets, hand it over, then remove this one';
    const warnings = [{ urn: application.urn, message: expiring }, { urn: "", message: "a warning on no resource" }];

    test("are tool execution notifications at level warning, located at the entry of the resource they were logged on, valid SARIF, and no results", () => {
        const text = formatSarif(plan([], { warnings }), CONFIG);
        expect(schemaErrors(text)).toEqual([]);
        const run = (JSON.parse(text) as sarif.Log).runs[0];
        expect(run.results).toEqual([]);
        expect(run.invocations).toEqual([{
            executionSuccessful: true,
            toolExecutionNotifications: [
                {
                    level: "warning",
                    message: { text: expiring },
                    locations: [{ physicalLocation: { artifactLocation: { uri: "Pulumi.dev.yaml" }, region: { startLine: 3 } }, logicalLocations: [{ fullyQualifiedName: application.urn, kind: "resource" }] }],
                },
                { level: "warning", message: { text: "a warning on no resource" } },
            ],
        }]);
    });

    test("a plan without any has no invocation, as before", () => {
        expect((JSON.parse(formatSarif(plan([], { warnings: [] }), CONFIG)) as sarif.Log).runs[0].invocations).toBeUndefined();
    });
});

test("a rule whose level a profile sets says so in its help, rather than to set the level with --policy-config", () => {
    const rotation = { name: "azure-keyvault-key-configure-rotation-policy", displayName: "", description: "Keys rotate.", severity: "medium" as const, required: [] };
    const log = JSON.parse(formatSarif(plan([], { policies: [{ ...rotation, enforcementLevel: "mandatory", levelFromProfile: "mcsb" }, { ...rotation, name: "other", enforcementLevel: "advisory" }] }), CONFIG)) as sarif.Log;
    const [raised, configured] = log.runs[0].tool.driver.rules ?? [];
    expect(raised.defaultConfiguration).toEqual({ level: "error", enabled: true });
    expect(raised.help?.text).toBe('Keys rotate.\nPolicy azure-keyvault-key-configure-rotation-policy of the azure-byok pack, mandatory here, as the mcsb profile sets it over any level --policy-config gives but "disabled", which turns it off; set its config with --policy-config (pulumi preview --policy-pack-config).');
    expect(raised.help?.markdown).toBe('Keys rotate.\n\nPolicy `azure-keyvault-key-configure-rotation-policy` of the `azure-byok` pack, **mandatory** here, as the `mcsb` profile sets it over any level `--policy-config` gives but `"disabled"`, which turns it off; set its config with `--policy-config` (`pulumi preview --policy-pack-config`).');
    expect(configured.help?.text).toBe("Keys rotate.\nPolicy other of the azure-byok pack, advisory here; set its level or config with --policy-config (pulumi preview --policy-pack-config).");
});

describe("SARIF levels and security severity", () => {
    test("a remediate-level violation is an error, as a mandatory one is: it blocks the deploy too", () => {
        const remediate = { ...violation("p", application.urn, "m"), enforcementLevel: "remediate" as const };
        expect(resultsOf(formatSarif(plan([remediate]), CONFIG))[0].level).toBe("error");
    });

    // GitHub code scanning shows a security-severity of 7.0 to 8.9 as high.
    test("a high-severity rule scores at least 7.0, GitHub's threshold for a high alert", () => {
        const log = JSON.parse(formatSarif(plan([], { policies: [{ name: "p", displayName: "", description: "d.", severity: "high", enforcementLevel: "mandatory", required: [] }] }), CONFIG)) as sarif.Log;
        expect(Number(log.runs[0].tool.driver.rules?.[0].properties?.["security-severity"])).toBeGreaterThanOrEqual(7.0);
    });
});
