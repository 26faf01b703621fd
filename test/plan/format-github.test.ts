import { formatGithub } from "../../plan/format-github";
import type { PlanReport, PlanResult } from "../../plan/report";
import { reportResource } from "../support/plan-report";

const resource = reportResource;

const component = resource("kv-cmk", "azure-byok:keyvault:KeyVault");
const vault = resource("kv-cmk-vault", "azure-native:keyvault:Vault", { protect: true, parent: component.urn });
const account = resource("st-data", "azure-byok:storage:CmkStorageAccount");
const storage = resource("st-data-account", "azure-native:storage:StorageAccount", { parent: account.urn, dependencies: [vault.urn] });

const CONFIG = [
    "config:",
    "  azure-byok:location: westeurope",
    "  azure-byok:vaults:",
    "    - name: kv-cmk",
    "  azure-byok:storageAccounts:",
    "    - name: st-data",
    "      key: cmk",
].join("\n");

const plan = (violations: PlanReport["violations"]): PlanResult => ({
    report: {
        stack: "dev",
        resources: [component, vault, account, storage],
        violations,
        waves: [[component.urn, vault.urn, account.urn], [storage.urn]],
        summary: { resources: 4, mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length, advisory: violations.filter((v) => v.enforcementLevel === "advisory").length },
    },
    policies: [],
    policyPack: { name: "azure-byok", version: "0.1.0" },
    configFile: "Pulumi.dev.yaml",
});

const violation = (policy: string, enforcementLevel: string, urn: string, message: string) => ({ policyPack: "azure-byok", policy, enforcementLevel, urn, message });

test("a clean plan is one notice with the verdict and the plan's size", () => {
    expect(formatGithub(plan([]), CONFIG)).toBe("::notice title=azure-byok plan%3A stack dev::passed: no mandatory policy violation, 0 advisory; 4 resources in 2 deploy waves\n");
});

test("each violation annotates the config line that declares its entry, ending with the entry's setting that fixes it: errors first, then warnings, then the verdict", () => {
    const out = formatGithub(plan([
        violation("azure-storage-account-enable-soft-delete", "advisory", storage.urn, "Without soft delete a deletion is final.\nset deleteRetentionPolicy"),
        violation("azure-keyvault-vault-enable-purge-protection", "mandatory", vault.urn, "Without purge protection a key can be destroyed.\nPurge protection is off; set properties.enablePurgeProtection to true."),
    ]), CONFIG);
    expect(out.split("\n")).toEqual([
        "::error file=Pulumi.dev.yaml,line=4,title=azure-keyvault-vault-enable-purge-protection (mandatory)::kv-cmk-vault: Without purge protection a key can be destroyed.%0APurge protection is off; set properties.enablePurgeProtection to true.%0AIn Pulumi.dev.yaml: azure-byok:vaults[name=kv-cmk].enablePurgeProtection, set it to true, or remove it (the default)",
        "::warning file=Pulumi.dev.yaml,line=6,title=azure-storage-account-enable-soft-delete (advisory)::st-data-account: Without soft delete a deletion is final.%0Aset deleteRetentionPolicy%0AIn Pulumi.dev.yaml: azure-byok:storageAccounts[name=st-data].deleteRetentionPolicy, remove it (on, 7 days), or set enabled: true and days at least the rule's minimum",
        "::notice title=azure-byok plan%3A stack dev::FAILED: 1 mandatory policy violation, 1 advisory; 4 resources in 2 deploy waves",
        "",
    ]);
});

test("escapes what would end a command early or forge another one, and points a stack-wide violation at the file's first line", () => {
    const out = formatGithub(plan([violation("azure-x,y", "advisory", "", "100% done\r\n::error::forged")]), CONFIG);
    expect(out.split("\n")[0]).toBe("::warning file=Pulumi.dev.yaml,line=1,title=azure-x%2Cy (advisory)::the stack: 100%25 done%0A::error::forged");
    // A message's own line breaks become %0A, so no line of the output starts a command but the annotation's own.
    expect(out.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(2);
});

test("a name or message with a bidi override, a control character or ##[ is shown as the table shows it, in the title and the message alike", () => {
    const hostile = resource("kv\u202egpj.exe ##[error]x", "azure-native:keyvault:Vault", { parent: component.urn });
    const result: PlanResult = {
        ...plan([violation("azure-keyvault-vault-unknown-rule", "advisory", hostile.urn, "Vault kv\u202egpj.exe\x1b[2J has none.\r\nA lone\rbreak")]),
        warnings: [{ urn: hostile.urn, message: "expires soon ##[add-mask]\u2066x\u2069" }],
    };
    result.report = { ...result.report, resources: [...result.report.resources, hostile] };
    const out = formatGithub(result, CONFIG);
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|##\[/);
    expect(out.split("\n").slice(0, 2)).toEqual([
        "::warning file=Pulumi.dev.yaml,line=4,title=stack program warning on kv\\u202egpj.exe #\\x23[error]x::expires soon #\\x23[add-mask]\\u2066x\\u2069",
        "::warning file=Pulumi.dev.yaml,line=4,title=azure-keyvault-vault-unknown-rule (advisory)::kv\\u202egpj.exe #\\x23[error]x: Vault kv\\u202egpj.exe\\x1b[2J has none.%0AA lone%0Abreak",
    ]);
});

test("two client secrets of one application breaking one rule annotate their own list items' lines", () => {
    const app = resource("vendor", "azure-byok:entra:ClientApplication");
    const secrets = ["first", "second"].map((n) => resource(`vendor-${n}-secret`, "azuread:index/applicationPassword:ApplicationPassword", { parent: app.urn }));
    const config = "config:\n  azure-byok:applications:\n    - name: vendor\n      clientSecrets:\n        - name: first\n        - name: second\n";
    const message = "Long-lived application credentials give a leak a long life.\nThe application secret is valid for 699 days, over 180.";
    const violations = secrets.map((s) => violation("azure-entra-application-configure-credential-lifetime", "advisory", s.urn, message));
    const result: PlanResult = {
        report: { stack: "dev", resources: [app, ...secrets], violations, waves: [[app.urn], secrets.map((s) => s.urn)], summary: { resources: 3, mandatory: 0, advisory: 2 } },
        policies: [],
        policyPack: { name: "azure-byok", version: "0.1.0" },
        configFile: "Pulumi.dev.yaml",
    };
    const lines = formatGithub(result, config).split("\n").filter((l) => l.startsWith("::warning")).map((l) => /,line=(\d+),/.exec(l)?.[1]);
    expect(lines).toEqual(["5", "6"]);
});

describe("the program's warnings", () => {
    const expiring = 'ClientApplication "kv-cmk": certificate "a" expires on 2026-01-01T00:00:00Z, in 10 days: renew it';
    const advisory = violation("azure-keyvault-vault-missing-private-endpoint", "advisory", vault.urn, "No private endpoint.\nAdd one.");
    const mandatory = violation("azure-keyvault-vault-enable-purge-protection", "mandatory", vault.urn, "Purge protection is off.\nTurn it on.");

    test("are ::warning annotations at their resource's entry, after the errors and before the advisory violations, and leave the verdict alone", () => {
        const withWarnings = { ...plan([advisory, mandatory]), warnings: [{ urn: component.urn, message: expiring }, { urn: "", message: "on no resource, 50%" }] };
        expect(formatGithub(withWarnings, CONFIG).split("\n")).toEqual([
            expect.stringMatching(/^::error file=Pulumi\.dev\.yaml,line=4,title=azure-keyvault-vault-enable-purge-protection /),
            `::warning file=Pulumi.dev.yaml,line=4,title=stack program warning on kv-cmk::${expiring}`,
            "::warning title=stack program warning::on no resource, 50%25",
            expect.stringMatching(/^::warning file=Pulumi\.dev\.yaml,line=4,title=azure-keyvault-vault-missing-private-endpoint /),
            "::notice title=azure-byok plan%3A stack dev::FAILED: 1 mandatory policy violation, 1 advisory; 4 resources in 2 deploy waves",
            "",
        ]);
    });
});
