import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import type * as sarif from "sarif";
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

test("two client secrets of one application breaking one rule are located at their own list items, so code scanning keeps two alerts", () => {
    const results = resultsOf(formatSarif(plan([secretTooLong(first.urn), secretTooLong(second.urn)]), CONFIG));
    // GitHub keys an alert by rule and the text of its line: the items' lines (block and flow style) differ.
    expect(results.map((r) => [r.ruleId, lineOf(r)])).toEqual([[LIFETIME, 5], [LIFETIME, 7]]);
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
