import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { configSchemaOf, PROFILES } from "../../policies/lib/rule";
import { rules } from "../../policies/rules";
import { renderRuleTable } from "../../policies/lib/docs";
import { PROFILE_POLICY, profilePolicy, toPolicies } from "../../policies/lib/pack";

const VERBS = ["missing", "disallow", "enable", "disable", "configure", "enforce"];
const rulesDir = path.resolve(__dirname, "..", "..", "policies", "rules");

test("every rule file holds the rule of the same name, and every rule is listed once", () => {
    const files = fs.readdirSync(rulesDir).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")).sort();
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(files);
});

test.each(rules.map((r) => [r.metadata.name, r] as const))("%s is named, described and levelled by the style's rules", (name, rule) => {
    const match = /^azure-([a-z]+)-([a-z]+)-([a-z]+)-[a-z0-9-]+$/.exec(name);
    expect(match).not.toBeNull();
    expect(VERBS).toContain(match?.[3]);
    expect(rule.metadata.description).toMatch(/^[A-Z].*\.$/);
    expect(rule.metadata.mirrors.length).toBeGreaterThan(0);
    expect(rule.metadata.frameworks.length).toBeGreaterThan(0);
    expect(rule.metadata.resourceTypes.length).toBeGreaterThan(0);
    for (const profile of PROFILES) {
        expect(["advisory", "mandatory"]).toContain(rule.metadata.levels[profile]);
        // Profiles only make a rule stricter.
        if (rule.metadata.levels.baseline === "mandatory") expect(rule.metadata.levels[profile]).toBe("mandatory");
    }
    for (const parameter of Object.values(rule.metadata.parameters)) {
        expect(parameter.schema.default).toBeUndefined();
        expect(parameter.schema.description).toMatch(/\.$/);
    }
});

test("a stack rule's trigger is a type it reads, and is what the analyzer's not-applicable fast path is given", () => {
    const policies = new Map(toPolicies(rules).map((p) => [p.name, p]));
    const triggered = rules.filter((r) => r.metadata.stackTrigger !== undefined);
    expect(triggered.map((r) => r.metadata.name).sort()).toEqual([
        "azure-compute-diskencryptionset-configure-vault-region",
        "azure-containerservice-managedcluster-configure-kms-key-validity",
        "azure-containerservice-managedcluster-configure-kms-vault-network-access",
        "azure-cosmosdb-account-configure-key-vault-network-access",
        "azure-dbformysql-server-configure-vault-region",
        "azure-dbformysql-server-configure-vault-soft-delete-retention",
        "azure-dbforpostgresql-server-configure-vault-region",
        "azure-sql-server-enable-cmk-encryption",
        "azure-storage-account-enable-container-soft-delete",
        "azure-storage-account-enable-soft-delete",
        "azure-storage-encryptionscope-enable-cmk-encryption",
        "azure-synapse-sqlpool-missing-transparent-data-encryption",
    ]);
    for (const rule of rules.filter((r) => r.kind === "stack")) {
        const policy = policies.get(rule.metadata.name);
        const validateStack = policy !== undefined && "validateStack" in policy ? (policy.validateStack as { __pulumiType?: string }) : undefined;
        expect({ name: rule.metadata.name, fastPath: validateStack?.__pulumiType }).toEqual({ name: rule.metadata.name, fastPath: rule.metadata.stackTrigger });
        if (rule.metadata.stackTrigger !== undefined) expect(rule.metadata.resourceTypes).toContain(rule.metadata.stackTrigger);
    }
    expect(rules.filter((r) => r.kind === "resource" && r.metadata.stackTrigger !== undefined)).toEqual([]);
});

test("every rule's config schema is valid JSON Schema (the plan compiles them without checking)", () => {
    const ajv = new Ajv({ strict: true });
    const schemas = [...rules.map((r) => [r.metadata.name, configSchemaOf(r.metadata)] as const), [PROFILE_POLICY, profilePolicy().configSchema] as const];
    for (const [policy, configSchema] of schemas) {
        const schema = { type: "object", ...configSchema };
        expect({ policy, valid: ajv.validateSchema(schema), errors: ajv.errors ?? null }).toEqual({ policy, valid: true, errors: null });
        expect(() => ajv.compile(schema)).not.toThrow();
    }
});

test("the rules that lose data or open access are mandatory in every profile", () => {
    const always = rules.filter((r) => PROFILES.every((p) => r.metadata.levels[p] === "mandatory")).map((r) => r.metadata.name);
    expect(always).toEqual(expect.arrayContaining([
        "azure-keyvault-vault-enable-soft-delete",
        "azure-keyvault-vault-enable-purge-protection",
        "azure-keyvault-vault-disable-public-network-access",
        "azure-keyvault-vault-enable-protect",
        "azure-keyvault-key-enable-protect",
        "azure-containerregistry-registry-enable-cmk-encryption",
        "azure-storage-account-configure-cmk-key-source",
        "azure-storage-account-disable-public-network-access",
        "azure-containerregistry-registry-disable-public-network-access",
        "azure-keyvault-vault-enable-purge-protection-for-cmk",
        "azure-compute-disk-enable-cmk-encryption",
        "azure-cosmosdb-account-enable-cmk-encryption",
        "azure-sql-encryptionprotector-enable-cmk",
        "azure-containerservice-managedcluster-enable-cmk-disk-encryption",
        "azure-eventhub-namespace-enable-cmk-encryption",
        "azure-servicebus-namespace-enable-cmk-encryption",
    ]));
});

test("the generated rule table in policies/README.md is current", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "policies", "README.md"), "utf8");
    expect(readme).toContain(renderRuleTable(rules));
});
