import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as sarif from "sarif";
import { z } from "zod";
import { CONFIG_FIXES, configFixOf, configLocationOf, DEPENDENCY_FIXES, type ConfigFix } from "../../plan/config-fixes";
import { formatGithub } from "../../plan/format-github";
import { formatMarkdown } from "../../plan/format-markdown";
import { formatSarif } from "../../plan/format-sarif";
import { formatTable } from "../../plan/format-table";
import type { PolicyPackConfigFile } from "../../plan/policy-client";
import { configEntryOf, type PlanReport, type PlanResult } from "../../plan/report";
import { rules } from "../../policies/rules";
import { runPlan } from "../../plan/run-plan";
import { stackConfigSchema } from "../../stacks/schema";
import { DAY, vendorCertificate } from "../support/vendor-certificate";

const root = path.resolve(__dirname, "..", "..");
// The provider's ARM_* variables steer a plan as they steer the provider: keep this machine's out.
for (const k of Object.keys(process.env)) if (k.startsWith("ARM_")) delete process.env[k];
const dir = mkdtempSync(path.join(tmpdir(), "config-fixes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The schema below a zod type, through the optional and array wrappers a config path steps over. */
function unwrap(schema: z.ZodType): z.ZodType {
    if (schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
    if (schema instanceof z.ZodArray) return unwrap(schema.element as z.ZodType);
    return schema;
}

/** The schema a dotted config path names (`vaults.keys`, `certificates[].validityDays`), undefined when one of its keys is not in the schema. */
function schemaAt(schema: z.ZodType, dotted: string): z.ZodType | undefined {
    let at: z.ZodType | undefined = schema;
    for (const key of dotted.replace(/\[\]/g, "").split(".")) {
        const object: z.ZodType | undefined = at === undefined ? undefined : unwrap(at);
        at = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>)[key] : undefined;
    }
    return at;
}

test("every setting the table names is a key of the stack config's schema, below an entry list", () => {
    const missing = CONFIG_FIXES.flatMap((f) => [f, ...(f.unwritten === undefined ? [] : [{ ...f, ...f.unwritten }])]).filter((f) => {
        const entry = schemaAt(stackConfigSchema, f.section);
        return !(entry !== undefined && unwrap(entry) instanceof z.ZodObject && schemaAt(entry, f.setting) !== undefined);
    });
    expect(missing).toEqual([]);
    // The walk finds nothing that is not there.
    expect(schemaAt(stackConfigSchema, "vaults.diagnosticSettings")).toBeUndefined();
});

test("a rule has one row per section, or rows told apart by the fault each fixes or the handed-over credential", () => {
    const rows = CONFIG_FIXES.map((f) => `${f.policy}|${f.section}|${f.when ?? ""}|${f.handover ?? ""}`);
    expect(new Set(rows).size).toBe(rows.length);
    for (const f of CONFIG_FIXES.filter((x) => x.when !== undefined)) {
        expect(CONFIG_FIXES.filter((x) => x.policy === f.policy && x.section === f.section && x.when === undefined)).toEqual([]);
    }
});

test("turning RBAC on has a deployed vault's roles prepared first, with a setting its vault entry has", () => {
    // Azure stops honouring access policies when the vault flips; a role takes up to 10 minutes to take effect.
    const row = CONFIG_FIXES.find((f) => f.policy === "azure-keyvault-vault-enable-rbac-authorization");
    expect(row?.change).toMatch(/^on a deployed vault, first deploy with prepareRbacMigration: true and let the roles take effect .*, then set it to true/);
    expect(schemaAt(stackConfigSchema, "vaults.prepareRbacMigration")).toBeDefined();
});

test("a rule the installed packages decide points at package.json, not at a config entry, and names a rule of the pack", () => {
    expect(Object.keys(DEPENDENCY_FIXES).filter((policy) => !rules.some((r) => r.metadata.name === policy))).toEqual([]);
    expect(CONFIG_FIXES.filter((f) => f.policy in DEPENDENCY_FIXES)).toEqual([]);
    const report: PlanReport = { stack: "dev", resources: [], violations: [], waves: [], summary: { resources: 0, mandatory: 0, advisory: 0 } };
    const fixOf = configFixOf(report, "config: {}\n", "Pulumi.dev.yaml");
    const retiring = { policy: "azure-keyvault-vault-disallow-retiring-api-version", urn: "urn:pulumi:dev::azure-byok::azure-native:keyvault:Vault::kv", message: "" };
    expect(fixOf(retiring)).toMatch(/^In package\.json: @pulumi\/azure-native, upgrade it .* to a release whose keyvault resources say "Uses Azure REST API version 2026-02-01" or later$/);
    expect(fixOf({ ...retiring, policy: "azure-keyvault-vault-missing-private-endpoint" })).toBeUndefined();
});

const PINNED = "0123456789abcdef0123456789abcdef";
const SUB = "ad98f49c-73d1-4249-8c14-3cb9d4911198";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/endpoints`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops`;
const ADMIN = "8a1f5a3e-3c1b-4f57-9d0e-2b6f1c7d4e90";

/**
 * Each row's case: the entry a weakened setting is written in, as the plan names it, and the YAML of
 * the entry. Every other entry of its section is the secure default, and one more entry of the
 * section, left as it should be, is the control.
 */
interface Case {
    fix: Pick<ConfigFix, "policy" | "section" | "when" | "handover">;
    entry: string;
    /** For a `list[].setting` row: the item of the entry's list that is weakened; `longlived` unless given. */
    item?: string;
    /** The item does not write the row's setting, so the fix is the row's `unwritten` one. */
    unwritten?: true;
}

/** A supplied certificate valid 700 days, over the baseline's 365, within the two years the component takes, as a block in the YAML below. */
const SUPPLIED = vendorCertificate(700, 3072).trim().split("\n").join("\n            ");
/** A client secret's endDate 600 days away (validityDays 700 bounds it), over the baseline's 180. */
const FAR_END = new Date(Date.now() + 600 * DAY).toISOString().replace(/\.\d+Z$/, "Z");
/** A client secret's endDate 10 days away, fewer than the 30 days a handed-over secret must have left. */
const NEAR_END = new Date(Date.now() + 10 * DAY).toISOString().replace(/\.\d+Z$/, "Z");

/** One stack with every weakening, each in an entry of its own, and a secure entry per section. */
const WEAKENED = `config:
  azure-byok:resourceGroupName: rg-fixes
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-ok
      diagnostics:
        - workspaceResourceId: ${WORKSPACE}
      privateEndpoints:
        - subnetResourceId: ${SUBNET}
      keys:
        - name: cmk
        - name: k-ok
        - name: k-soft
          kty: RSA
        - name: k-ops
          keyOps: [encrypt, decrypt, sign, verify, wrapKey, unwrapKey]
        - name: k-norotate
          rotationPolicy:
            automaticRotation: false
        - name: k-late
          rotationPolicy:
            timeAfterCreate: P120D
        - name: k-late-before
          rotationPolicy:
            timeBeforeExpiry: P60D
        - name: k-long
          rotationPolicy:
            expiryTime: P5Y
        - name: k-far
          expires: "2099-01-01T00:00:00Z"
        - name: k-unprotected
          protect: false
        - name: k-kms
          purpose: applicationCrypto
    - name: kv-purge
      enablePurgeProtection: false
    - name: kv-soft
      softDeleteRetentionInDays: 30
    - name: kv-policies
      enableRbacAuthorization: false
    - name: kv-broad
      enableRbacAuthorization: false
      accessPolicies:
        - objectId: ${ADMIN}
          keyPermissions: [get, wrapKey, unwrapKey, purge]
    - name: kv-open
      publicNetworkAccess: Enabled
      networkRules:
        defaultAction: Allow
    - name: kv-endpoint
      publicNetworkAccess: Enabled
      privateEndpoints:
        - subnetResourceId: ${SUBNET}
    # A Cosmos DB key's vault keeps its public endpoint; beside a private endpoint, its firewall must still deny by default.
    - name: kv-cosmos-open
      publicNetworkAccess: Enabled
      networkRules:
        defaultAction: Allow
      privateEndpoints:
        - subnetResourceId: ${SUBNET}
      diagnostics:
        - workspaceResourceId: ${WORKSPACE}
      keys:
        - name: cmk-cosmos-open
    - name: kv-unlocked
      lock: None
    - name: kv-unprotected
      protect: false
    # Cosmos DB reaches its key only through the vault's public endpoint, behind the firewall's default Deny.
    - name: kv-cosmos
      publicNetworkAccess: Enabled
      diagnostics:
        - workspaceResourceId: ${WORKSPACE}
      keys:
        - name: cmk-cosmos
  azure-byok:registries:
    - { name: acrok, key: cmk }
    - { name: acrpublic, key: cmk, publicNetworkAccess: Enabled }
    - { name: acradmin, key: cmk, adminUserEnabled: true }
    - { name: acranonymous, key: cmk, anonymousPullEnabled: true }
    - { name: acrarmtokens, key: cmk, azureADAuthenticationAsArmPolicy: enabled }
    - { name: acrpinned, key: cmk, keyVersion: ${PINNED} }
    - { name: acrunprotected, key: cmk, protect: false }
  azure-byok:storageAccounts:
    - { name: stok, key: cmk }
    - { name: stsharedkey, key: cmk, allowSharedKeyAccess: true }
    - { name: stkeypolicy, key: cmk, keyPolicy: { keyExpirationPeriodInDays: 365 } }
    - { name: stnosoftdelete, key: cmk, deleteRetentionPolicy: { enabled: false } }
    - { name: stnocontainersd, key: cmk, containerDeleteRetentionPolicy: { days: 1 } }
    - { name: stpinned, key: cmk, keyVersion: ${PINNED} }
    - { name: stscopes, key: cmk, encryptionScopes: [{ name: tenanta, key: cmk }, { name: pinned, key: cmk, keyVersion: ${PINNED} }] }
    - { name: stunprotected, key: cmk, protect: false, containers: [{ name: data }] }
  azure-byok:diskEncryptionSets:
    - { name: des-ok, key: cmk }
    - { name: des-pinned, key: cmk, keyVersion: ${PINNED} }
    - { name: des-unprotected, key: cmk, protect: false }
  azure-byok:cosmosDbAccounts:
    - { name: cosmos-ok, key: cmk-cosmos }
    - { name: cosmos-public, key: cmk-cosmos, publicNetworkAccess: Enabled }
    - { name: cosmos-open-vault, key: cmk-cosmos-open }
    - { name: cosmos-unprotected, key: cmk-cosmos, protect: false }
  azure-byok:eventHubNamespaces:
    - { name: evh-ok, key: cmk }
    - { name: evh-public, key: cmk, publicNetworkAccess: Enabled }
    - { name: evh-pinned, key: cmk, keyVersion: ${PINNED} }
    - { name: evh-unprotected, key: cmk, protect: false }
  azure-byok:serviceBusNamespaces:
    - { name: sb-ok, key: cmk }
    - { name: sb-public, key: cmk, publicNetworkAccess: Enabled }
    - { name: sb-pinned, key: cmk, keyVersion: ${PINNED} }
    - { name: sb-unprotected, key: cmk, protect: false }
  azure-byok:sqlServers:
    - { name: sql-ok, key: cmk, administrator: { login: sql-admins, objectId: ${ADMIN} } }
    - { name: sql-public, key: cmk, publicNetworkAccess: Enabled, administrator: { login: sql-admins, objectId: ${ADMIN} } }
    - { name: sql-pinned, key: cmk, keyVersion: ${PINNED}, administrator: { login: sql-admins, objectId: ${ADMIN} } }
    - { name: sql-unprotected, key: cmk, protect: false, administrator: { login: sql-admins, objectId: ${ADMIN} } }
  azure-byok:postgresqlServers:
    - { name: pg-ok, key: cmk, administrator: { principalName: pg-admins, objectId: ${ADMIN} } }
    - { name: pg-public, key: cmk, publicNetworkAccess: Enabled, administrator: { principalName: pg-admins, objectId: ${ADMIN} } }
    - { name: pg-pinned, key: cmk, keyVersion: ${PINNED}, administrator: { principalName: pg-admins, objectId: ${ADMIN} } }
    - { name: pg-unprotected, key: cmk, protect: false, administrator: { principalName: pg-admins, objectId: ${ADMIN} } }
  azure-byok:mysqlServers:
    - { name: mysql-ok, key: cmk }
    - { name: mysql-public, key: cmk, publicNetworkAccess: Enabled }
    - { name: mysql-unprotected, key: cmk, protect: false }
  azure-byok:kubernetesClusters:
    - name: aks-unprotected
      key: k-kms
      diskEncryptionSet: des-ok
      nodeSubnetId: /subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-nodes
      apiServerSubnetId: /subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/aks-apiserver
      administratorGroupObjectIds: [${ADMIN}]
      protect: false
  azure-byok:applications:
    - name: app-ok
      certificates: [{ name: primary }]
      clientSecrets: [{ name: primary }]
    - name: app-cert
      certificates: [{ name: primary }, { name: longlived, validityDays: 700 }]
    - name: app-secret
      clientSecrets: [{ name: longlived, validityDays: 700 }]
    - name: app-supplied
      certificates:
        - name: longlived
          certificatePem: |
            ${SUPPLIED}
    - name: app-enddate
      clientSecrets: [{ name: longlived, validityDays: 700, endDate: "${FAR_END}" }]
    - name: app-multitenant
      signInAudience: AzureADMultipleOrgs
      allowMultiTenant: true
      certificates: [{ name: primary }]
    # Handed over in a vault: each credential's Key Vault secret expires when the credential ends.
    - name: app-handover
      clientSecrets:
        - { name: longlived, validityDays: 700 }
        - { name: farend, validityDays: 700, endDate: "${FAR_END}" }
        - { name: shortlived, validityDays: 10 }
        - { name: nearend, validityDays: 20, endDate: "${NEAR_END}" }
      certificates:
        - { name: longlived, validityDays: 700 }
        - { name: shortlived, validityDays: 10 }
      secretsExportConfiguration:
        vault: kv-ok
`;

/** Key rules whose limits only a stricter profile than the baseline's trips. */
const SOVEREIGN = `config:
  azure-byok:resourceGroupName: rg-fixes-sovereign
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-sovereign
      keys:
        - name: k-ok
          rotationPolicy: { timeAfterCreate: P30D }
        - name: k-small
          keySize: 2048
          rotationPolicy: { timeAfterCreate: P30D }
        - name: k-curve
          kty: EC-HSM
          purpose: signing
          curveName: P-256K
          rotationPolicy: { timeAfterCreate: P30D }
  azure-byok:diskEncryptionSets:
    - { name: des-ok, key: k-ok }
    - { name: des-customer, key: k-ok, encryptionType: EncryptionAtRestWithCustomerKey }
`;

const vaultFix = (policy: string, vault: string): Case => ({ fix: { policy, section: "vaults" }, entry: `azure-byok:vaults[name=${vault}]` });
const keyFix = (policy: string, key: string, when?: string): Case => ({ fix: { policy, section: "vaults.keys", when }, entry: `azure-byok:vaults[name=${key === "k-small" || key === "k-curve" ? "kv-sovereign" : "kv-ok"}].keys[name=${key}]` });
const entryFix = (policy: string, section: string, name: string, when?: string, item?: string): Case => ({ fix: { policy, section, when }, entry: `azure-byok:${section}[name=${name}]`, item });
const handoverFix = (policy: string, handover: "clientSecret" | "certificate", item: string): Case => ({ fix: { policy, section: "applications", handover }, entry: "azure-byok:applications[name=app-handover]", item });
/** How the tests tell rows apart: a rule, its section, the fault it fixes, the handed-over credential it is about. */
const rowKey = (f: Case["fix"]) => `${f.policy}|${f.section}|${f.when ?? ""}|${f.handover ?? ""}`;

const WEAKENED_CASES: Case[] = [
    vaultFix("azure-keyvault-vault-enable-purge-protection", "kv-purge"),
    vaultFix("azure-keyvault-vault-configure-soft-delete-retention", "kv-soft"),
    vaultFix("azure-keyvault-vault-enable-rbac-authorization", "kv-policies"),
    vaultFix("azure-keyvault-vault-disallow-broad-access-policies", "kv-broad"),
    { ...vaultFix("azure-keyvault-vault-disable-public-network-access", "kv-open"), fix: { policy: "azure-keyvault-vault-disable-public-network-access", section: "vaults", when: "accepts traffic from every network" } },
    { ...vaultFix("azure-keyvault-vault-disable-public-network-access-with-private-endpoint", "kv-endpoint"), fix: { policy: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint", section: "vaults", when: "so it is reached only through its private endpoint" } },
    { ...vaultFix("azure-keyvault-vault-disable-public-network-access-with-private-endpoint", "kv-cosmos-open"), fix: { policy: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint", section: "vaults", when: "leave publicNetworkAccess Enabled" } },
    vaultFix("azure-keyvault-vault-missing-delete-lock", "kv-unlocked"),
    vaultFix("azure-keyvault-vault-enable-protect", "kv-unprotected"),
    vaultFix("azure-keyvault-vault-missing-diagnostic-settings", "kv-purge"),
    vaultFix("azure-keyvault-vault-missing-private-endpoint", "kv-purge"),
    keyFix("azure-keyvault-key-enforce-hsm-backed", "k-soft"),
    keyFix("azure-keyvault-key-configure-key-operations", "k-ops"),
    keyFix("azure-keyvault-key-configure-rotation-policy", "k-norotate", "has no rotate action"),
    keyFix("azure-keyvault-key-configure-rotation-policy", "k-late", "rotates later than"),
    keyFix("azure-keyvault-key-configure-rotation-policy", "k-late-before", "trigger.timeBeforeExpiry to at least"),
    keyFix("azure-keyvault-key-configure-max-validity", "k-long", "rotationPolicy.attributes.expiryTime"),
    keyFix("azure-keyvault-key-configure-max-validity", "k-far", "properties.attributes.expires"),
    keyFix("azure-keyvault-key-enable-protect", "k-unprotected"),
    entryFix("azure-containerregistry-registry-disable-public-network-access", "registries", "acrpublic"),
    entryFix("azure-containerregistry-registry-disable-exports", "registries", "acrpublic"),
    entryFix("azure-containerregistry-registry-disable-admin-user", "registries", "acradmin"),
    entryFix("azure-containerregistry-registry-disable-anonymous-pull", "registries", "acranonymous"),
    entryFix("azure-containerregistry-registry-disable-arm-audience-tokens", "registries", "acrarmtokens"),
    entryFix("azure-containerregistry-registry-disallow-versioned-key", "registries", "acrpinned"),
    entryFix("azure-storage-account-disable-shared-key-access", "storageAccounts", "stsharedkey"),
    entryFix("azure-storage-account-configure-key-expiration-policy", "storageAccounts", "stkeypolicy"),
    entryFix("azure-storage-account-enable-soft-delete", "storageAccounts", "stnosoftdelete"),
    entryFix("azure-storage-account-enable-container-soft-delete", "storageAccounts", "stnocontainersd"),
    entryFix("azure-storage-account-disallow-versioned-key", "storageAccounts", "stpinned"),
    entryFix("azure-storage-encryptionscope-disallow-versioned-key", "storageAccounts", "stscopes", undefined, "pinned"),
    entryFix("azure-compute-diskencryptionset-enable-key-rotation", "diskEncryptionSets", "des-pinned"),
    entryFix("azure-cosmosdb-account-disable-public-network-access", "cosmosDbAccounts", "cosmos-public"),
    entryFix("azure-eventhub-namespace-disable-public-network-access", "eventHubNamespaces", "evh-public"),
    entryFix("azure-eventhub-namespace-disallow-versioned-key", "eventHubNamespaces", "evh-pinned"),
    entryFix("azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespaces", "sb-public"),
    entryFix("azure-servicebus-namespace-disallow-versioned-key", "serviceBusNamespaces", "sb-pinned"),
    entryFix("azure-sql-server-disable-public-network-access", "sqlServers", "sql-public"),
    entryFix("azure-sql-encryptionprotector-enable-key-rotation", "sqlServers", "sql-pinned"),
    entryFix("azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServers", "pg-public"),
    entryFix("azure-dbforpostgresql-server-disallow-versioned-key", "postgresqlServers", "pg-pinned"),
    entryFix("azure-dbformysql-server-disable-public-network-access", "mysqlServers", "mysql-public"),
    ...([["registries", "acr"], ["storageAccounts", "st"], ["diskEncryptionSets", "des-"], ["cosmosDbAccounts", "cosmos-"], ["eventHubNamespaces", "evh-"], ["serviceBusNamespaces", "sb-"], ["sqlServers", "sql-"], ["postgresqlServers", "pg-"], ["mysqlServers", "mysql-"], ["kubernetesClusters", "aks-"]] as const)
        .map(([section, prefix]) => entryFix("azure-cmk-service-enable-protect", section, `${prefix}unprotected`)),
    entryFix("azure-entra-application-configure-single-tenant", "applications", "app-multitenant"),
    { ...entryFix("azure-entra-application-configure-credential-lifetime", "applications", "app-cert", "application certificate"), unwritten: true },
    entryFix("azure-entra-application-configure-credential-lifetime", "applications", "app-supplied", "application certificate"),
    { ...entryFix("azure-entra-application-configure-credential-lifetime", "applications", "app-secret", "application secret"), unwritten: true },
    entryFix("azure-entra-application-configure-credential-lifetime", "applications", "app-enddate", "application secret"),
    { ...handoverFix("azure-keyvault-secret-configure-max-validity", "clientSecret", "longlived"), unwritten: true },
    handoverFix("azure-keyvault-secret-configure-max-validity", "clientSecret", "farend"),
    handoverFix("azure-keyvault-secret-configure-max-validity", "certificate", "longlived"),
    { ...handoverFix("azure-keyvault-secret-configure-min-days-before-expiry", "clientSecret", "shortlived"), unwritten: true },
    handoverFix("azure-keyvault-secret-configure-min-days-before-expiry", "clientSecret", "nearend"),
    handoverFix("azure-keyvault-secret-configure-min-days-before-expiry", "certificate", "shortlived"),
];
const SOVEREIGN_CASES: Case[] = [
    keyFix("azure-keyvault-key-configure-min-rsa-size", "k-small"),
    keyFix("azure-keyvault-key-configure-allowed-curves", "k-curve"),
    entryFix("azure-compute-diskencryptionset-configure-cmk-encryption-type", "diskEncryptionSets", "des-customer"),
];

/** A project of its own holding one stack's config file, planned as `npm run plan` plans it. */
async function planStack(stack: string, yaml: string, policyConfig?: PolicyPackConfigFile): Promise<{ plan: PlanResult; text: string }> {
    const project = mkdtempSync(path.join(dir, `${stack}-`));
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: azure-byok\nruntime: nodejs\n");
    writeFileSync(path.join(project, `Pulumi.${stack}.yaml`), yaml);
    const plan = await runPlan({ stack, projectDir: project, packDir: path.join(root, "policies"), policyConfig });
    return { plan, text: yaml };
}

test("every row of the table has a case below: no mapping goes untried", () => {
    const tried = [...WEAKENED_CASES, ...SOVEREIGN_CASES].map((c) => rowKey(c.fix));
    expect(CONFIG_FIXES.map(rowKey).filter((row) => !tried.includes(row))).toEqual([]);
});

/** The secure entries, one per section: the rule of a case must not fire at these. */
const CONTROLS = [
    "azure-byok:vaults[name=kv-ok]",
    "azure-byok:vaults[name=kv-ok].keys[name=k-ok]",
    "azure-byok:vaults[name=kv-sovereign].keys[name=k-ok]",
    ...["registries|acrok", "storageAccounts|stok", "diskEncryptionSets|des-ok", "cosmosDbAccounts|cosmos-ok", "eventHubNamespaces|evh-ok", "serviceBusNamespaces|sb-ok", "sqlServers|sql-ok", "postgresqlServers|pg-ok", "mysqlServers|mysql-ok", "applications|app-ok"]
        .map((s) => `azure-byok:${s.split("|")[0]}[name=${s.split("|")[1]}]`),
];

/** For each case: whether the weakened entry's violation of the rule names the row's setting, and the entries of the controls the rule fired at (none, if the setting is the cause). */
function hints(plan: PlanResult, text: string, cases: Case[]) {
    const file = plan.configFile;
    const fixOf = configFixOf(plan.report, text, file);
    const entryOf = configEntryOf(plan.report, text);
    return cases.map((c) => {
        const found = CONFIG_FIXES.find((f) => rowKey(f) === rowKey(c.fix));
        const row = found !== undefined && c.unwritten && found.unwritten !== undefined ? { ...found, ...found.unwritten } : c.unwritten ? undefined : found;
        const violations = plan.report.violations.filter((v) => v.policy === c.fix.policy && (c.fix.when === undefined || v.message.includes(c.fix.when)) && entryOf(v.urn)?.path === c.entry);
        // The long-lived credential of the application entries is the one named `longlived`.
        const setting = row?.setting.replace("[]", `[name=${c.item ?? "longlived"}]`);
        return {
            rule: `${c.fix.policy}${c.fix.when === undefined ? "" : ` (${c.fix.when})`} at ${c.entry}`,
            weakened: violations.some((v) => row !== undefined && fixOf(v) === `In ${file}: ${c.entry}.${setting}, ${row.change}`),
            atControls: plan.report.violations.filter((v) => v.policy === c.fix.policy && (c.fix.when === undefined || v.message.includes(c.fix.when))).map((v) => entryOf(v.urn)?.path).filter((p) => p !== undefined && CONTROLS.includes(p)),
        };
    });
}

/**
 * The violations located at a stack entry that get no fix: a rule one of the weakened settings
 * above trips, with no row for it, shows up here. A weakening added for a new rule is checked so.
 */
function unfixed(plan: PlanResult, text: string): string[] {
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    const entryOf = configEntryOf(plan.report, text);
    return plan.report.violations.filter((v) => entryOf(v.urn) !== undefined && fixOf(v) === undefined).map((v) => `${v.policy} at ${entryOf(v.urn)?.path}: ${v.message}`);
}

test("each setting the table maps, weakened in a stack entry, makes the plan report its rule with that setting as the fix, and its secure twin does not", async () => {
    const { plan, text } = await planStack("weakened", WEAKENED);
    const checked = hints(plan, text, WEAKENED_CASES);
    expect(checked).toHaveLength(WEAKENED_CASES.length);
    expect(checked.filter((h) => !h.weakened || h.atControls.length > 0)).toEqual([]);
    expect(unfixed(plan, text)).toEqual([]);
}, 120_000);

test("a key size, a curve and a disk encryption set without the platform layer, which the sovereign profile refuses, point at keySize, curveName and encryptionType", async () => {
    const { plan, text } = await planStack("sovereign", SOVEREIGN, { "azure-byok-profile": { profile: "sovereign" } });
    expect(hints(plan, text, SOVEREIGN_CASES).filter((h) => !h.weakened || h.atControls.length > 0)).toEqual([]);
    expect(unfixed(plan, text)).toEqual([]);
}, 60_000);

/** The hub-spoke Cosmos DB pattern: the key's vault has a private endpoint for its applications and keeps its public endpoint, which Cosmos DB needs. */
const COSMOS_ENDPOINT = `config:
  azure-byok:resourceGroupName: rg-fixes-cosmospe
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-cosmos
      publicNetworkAccess: Enabled
      privateEndpoints:
        - subnetResourceId: ${SUBNET}
      diagnostics:
        - workspaceResourceId: ${WORKSPACE}
      keys:
        - name: cosmos-cmk
          rotationPolicy:
            timeAfterCreate: P30D
  azure-byok:cosmosDbAccounts:
    - name: cosmos-orders
      key: cosmos-cmk
`;

test("under sovereign, a Cosmos DB key's vault with a private endpoint passes with its defaults, and an open firewall's fix is one the program takes", async () => {
    const sovereign = { "azure-byok-profile": { profile: "sovereign" } } as const;
    const RULE = "azure-keyvault-vault-disable-public-network-access-with-private-endpoint";
    // Cosmos DB cannot use a key in a vault closed to public networks, which the program refuses: the firewall's default Deny is the most the rule may ask.
    const passing = await planStack("cosmospe", COSMOS_ENDPOINT, sovereign);
    expect(passing.plan.report.violations.filter((v) => v.policy === RULE)).toEqual([]);
    const open = COSMOS_ENDPOINT.replace("      privateEndpoints:", "      networkRules:\n        defaultAction: Allow\n      privateEndpoints:");
    const { plan, text } = await planStack("cosmospeopen", open, sovereign);
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    const hits = plan.report.violations.filter((v) => v.policy === RULE);
    expect(hits.map((v) => [v.enforcementLevel, fixOf(v)])).toEqual([["mandatory", "In Pulumi.cosmospeopen.yaml: azure-byok:vaults[name=kv-cosmos].networkRules.defaultAction, set it to Deny, or remove it (the default), and keep publicNetworkAccess Enabled, which Cosmos DB needs"]]);
    expect(configLocationOf(plan.report, text, plan.configFile)(hits[0]).line).toBe(8);
    // No fix at the vault names a setting the program refuses for it.
    expect(plan.report.violations.map((v) => fixOf(v)).filter((f) => f?.includes("publicNetworkAccess, set it to Disabled"))).toEqual([]);
    await expect(planStack("cosmospeclosed", COSMOS_ENDPOINT.replace("publicNetworkAccess: Enabled", "publicNetworkAccess: Disabled"), sovereign)).rejects.toThrow(/Cosmos DB cannot use a key in a vault reachable only through private endpoints/);
}, 120_000);

test("a violation no setting of its entry fixes gets no line: an appliance's role that only the policy config allows, the stack's, a resource of no entry", async () => {
    const { plan, text } = await planStack("unfixable", `config:
  azure-byok:resourceGroupName: rg-fixes-unfixable
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-main
      keys:
        - name: cmk
  azure-byok:applications:
    - name: appliance
      clientSecrets: [{ name: primary }]
      access: [{ vault: kv-main, permissions: keyManagementAppliance }]
      allowedNetworks: [198.51.100.0/28]
`);
    // The appliance's role on its vault is what it is for: only the policy config allows it, so no setting is named.
    const privileged = plan.report.violations.filter((v) => v.policy === "azure-keyvault-vault-disallow-privileged-workload-roles");
    expect(privileged).toHaveLength(1);
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    expect(fixOf(privileged[0])).toBeUndefined();
    expect(fixOf({ policy: "azure-keyvault-vault-enable-purge-protection", urn: "", message: "" })).toBeUndefined();
    expect(fixOf({ policy: "azure-keyvault-vault-enable-purge-protection", urn: "urn:pulumi:unfixable::azure-byok::azure-native:resources:ResourceGroup::resource-group", message: "" })).toBeUndefined();
}, 60_000);

test("the table, SARIF, GitHub annotations and the Markdown summary each carry the setting, and point at its line", async () => {
    const { plan, text } = await planStack("formats", `config:
  azure-byok:resourceGroupName: rg-fixes-formats
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-loose
      enablePurgeProtection: false
`);
    const hint = "In Pulumi.formats.yaml: azure-byok:vaults[name=kv-loose].enablePurgeProtection, set it to true, or remove it (the default)";
    const config = { locationOf: configLocationOf(plan.report, text, plan.configFile), fixOf: configFixOf(plan.report, text, plan.configFile) };
    const table = formatTable(plan.report, config);
    expect(table).toMatch(/MANDATORY azure-keyvault-vault-enable-purge-protection\s+on kv-loose-vault {2}\(Pulumi\.formats\.yaml:6\)\n/);
    // The violation's remediation, wrapped to 80 columns, ends with the hint.
    const remediation = /on kv-loose-vault .*\n((?: {12}.*\n)+)/.exec(table)?.[1] ?? "";
    expect(remediation.split("\n").map((l) => l.trim()).join(" ").trim().endsWith(hint)).toBe(true);
    const sarif = JSON.parse(formatSarif(plan, text)) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const result = sarif.runs[0].results.find((r) => r.ruleId === "azure-keyvault-vault-enable-purge-protection");
    expect(result?.message.text.endsWith(` ${hint}`)).toBe(true);
    expect(result?.locations[0].physicalLocation.region.startLine).toBe(6);
    expect(formatGithub(plan, text)).toMatch(/^::error file=Pulumi\.formats\.yaml,line=6,title=azure-keyvault-vault-enable-purge-protection \(mandatory\)::kv-loose-vault: .*%0AIn Pulumi\.formats\.yaml: azure-byok:vaults\[name=kv-loose\]\.enablePurgeProtection, set it to true, or remove it \(the default\)$/m);
    expect(formatMarkdown(plan.report, config)).toMatch(/^\| mandatory \| `azure-keyvault-vault-enable-purge-protection` \| kv-loose-vault \| .*<br>In Pulumi\.formats\.yaml: azure-byok:vaults\\\[name=kv-loose\\\]\.enablePurgeProtection, set it to true, or remove it \\\(the default\\\) \|$/m);
    // Without the config, the human formats are as they were.
    expect(formatTable(plan.report)).not.toContain("In Pulumi.formats.yaml");
    expect(formatMarkdown(plan.report)).not.toContain("In Pulumi.formats.yaml");
}, 60_000);

test("two client secrets of one application breaking one rule are two SARIF results at their own validityDays lines, each naming its own secret", async () => {
    const { plan, text } = await planStack("twosecrets", `config:
  azure-byok:resourceGroupName: rg-fixes-twosecrets
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-fp
      keys:
        - name: cmk
          purpose: applicationCrypto
  azure-byok:applications:
    - name: vendor
      clientSecrets:
        - name: first
          validityDays: 700
        - name: second
          validityDays: 700
      access:
        - key: cmk
          permissions: applicationCrypto
      allowedNetworks:
        - 198.51.100.0/28
`);
    const sarif = JSON.parse(formatSarif(plan, text)) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const results = sarif.runs[0].results.filter((r) => r.ruleId === "azure-entra-application-configure-credential-lifetime");
    expect(results.map((r) => [r.locations[0].physicalLocation.region.startLine, /clientSecrets\[name=(\w+)\]/.exec(r.message.text)?.[1]]).sort()).toEqual([[13, "first"], [15, "second"]]);
}, 60_000);

test("a handed-over secret over the landing zone's 90 days is fixed at its credential's validityDays line, the rotation secret at the credential current names", async () => {
    // ALZ's Enforce-GR-KeyVault assigns "Secrets should have the specified maximum validity period" at 90 days, Deny;
    // the pack mirrors it as azure-keyvault-secret-configure-max-validity (audit a5, F2).
    const { plan, text } = await planStack("alzkv", `config:
  azure-byok:resourceGroupName: rg-fixes-alzkv
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-vendor
      keys:
        - name: vendor-key
          purpose: applicationCrypto
  azure-byok:applications:
    - name: backup-vendor
      clientSecrets:
        - name: primary
        - name: client
          validityDays: 90
      certificates:
        - name: primary
          validityDays: 120
      access:
        - key: vendor-key
          permissions: applicationCrypto
      privateNetworkAccess: true
      secretsExportConfiguration:
        vault: kv-vendor
        current:
          clientSecret: primary
          certificate: primary
        readers:
          - principalId: 77777777-7777-7777-7777-777777777777
            principalType: Group
`, { "azure-keyvault-secret-configure-max-validity": { enforcementLevel: "mandatory", maxValidityDays: 90 } });
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    const locationOf = configLocationOf(plan.report, text, plan.configFile);
    const found = plan.report.violations
        .filter((v) => v.policy === "azure-keyvault-secret-configure-max-validity")
        .map((v) => ({ secret: v.urn.split("::").pop(), line: locationOf(v).line, fix: /applications\[name=backup-vendor\]\.([^,]+),/.exec(fixOf(v) ?? "")?.[1] }))
        .sort((a, b) => String(a.secret).localeCompare(String(b.secret)));
    // Each at its credential's line: the item's (validityDays unwritten: 180 days) or its validityDays. The client secret
    // named "client" (90 days) passes, though the rotation secret's name, primary's, starts with "backup-vendor-client-".
    expect(found).toEqual([
        { secret: "backup-vendor-certificate-export", line: 17, fix: "certificates[name=primary].validityDays" },
        { secret: "backup-vendor-client-secret-export", line: 12, fix: "clientSecrets[name=primary].validityDays" },
        { secret: "backup-vendor-primary-certificate-export", line: 17, fix: "certificates[name=primary].validityDays" },
        { secret: "backup-vendor-primary-client-secret-export", line: 12, fix: "clientSecrets[name=primary].validityDays" },
    ]);
    expect(fixOf(plan.report.violations.find((v) => v.urn.endsWith("::backup-vendor-primary-client-secret-export") && v.policy === "azure-keyvault-secret-configure-max-validity")!))
        .toBe("In Pulumi.alzkv.yaml: azure-byok:applications[name=backup-vendor].clientSecrets[name=primary].validityDays, set it to at most the rule's maximum (180 days unless written); a made credential keeps its validity, so for a deployed one add a new entry with the lower value, hand it over, then remove the old");
}, 60_000);

test("a storage account its entry leaves unprotected is advised with each of its containers, all fixed at the entry's protect line", async () => {
    const { plan, text } = await planStack("unprotected", `config:
  azure-byok:resourceGroupName: rg-fixes-unprotected
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-u
      keys:
        - name: cmk
  azure-byok:storageAccounts:
    - name: stkept
      key: cmk
      containers: [{ name: kept }]
    - name: stthrowaway
      key: cmk
      containers: [{ name: one }, { name: two }]
      protect: false
`);
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    const locationOf = configLocationOf(plan.report, text, plan.configFile);
    const found = plan.report.violations
        .filter((v) => v.policy === "azure-cmk-service-enable-protect")
        .map((v) => [v.enforcementLevel, v.message.split("\n").pop(), locationOf(v).line, fixOf(v)]);
    const fix = "In Pulumi.unprotected.yaml: azure-byok:storageAccounts[name=stthrowaway].protect, set it to true, or remove it (the default)";
    expect(found).toEqual([
        ["advisory", "The storage account is not protected; set the resource option protect: true so Pulumi refuses to delete or replace it.", 15, fix],
        ["advisory", "The blob container is not protected; set the resource option protect: true so Pulumi refuses to delete or replace it.", 15, fix],
        ["advisory", "The blob container is not protected; set the resource option protect: true so Pulumi refuses to delete or replace it.", 15, fix],
    ]);
}, 60_000);

test("a key's expiry derived from rotationPolicy.expiryTime is fixed and located there; with expires written too, the two faults are two lines", async () => {
    const { plan, text } = await planStack("derived", `config:
  azure-byok:resourceGroupName: rg-fixes-derived
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: kv-d
      keys:
        - name: k-long
          rotationPolicy:
            expiryTime: P5Y
        - name: k-both
          expires: "2099-01-01T00:00:00Z"
          rotationPolicy:
            expiryTime: P5Y
`);
    const fixOf = configFixOf(plan.report, text, plan.configFile);
    const locationOf = configLocationOf(plan.report, text, plan.configFile);
    const of = (key: string) => plan.report.violations
        .filter((v) => v.policy === "azure-keyvault-key-configure-max-validity" && v.urn.endsWith(`::${key}-key`))
        .map((v) => ({ line: locationOf(v).line, setting: /keys\[name=[\w-]+\]\.([\w.]+),/.exec(fixOf(v) ?? "")?.[1] }));
    // Both faults of k-long (the policy's expiryTime, and the first version's date derived from it) come from line 9.
    expect(of("k-long")).toEqual([{ line: 9, setting: "rotationPolicy.expiryTime" }, { line: 9, setting: "rotationPolicy.expiryTime" }]);
    expect(of("k-both")).toEqual([{ line: 13, setting: "rotationPolicy.expiryTime" }, { line: 11, setting: "expires" }]);
}, 60_000);

test("an entry of Pulumi.yaml's project-level config is located and fixed in Pulumi.yaml, a stack entry in the stack's file", async () => {
    const project = mkdtempSync(path.join(dir, "projcfg-"));
    writeFileSync(path.join(project, "Pulumi.yaml"), `name: azure-byok
runtime: nodejs
config:
  azure-byok:vaults:
    value:
      - name: kv-shared
        enablePurgeProtection: false
      - name: kv-keys
        keys:
          - name: k1
  storageAccounts:
    default:
      - { name: stshared, key: k1, allowSharedKeyAccess: true }
`);
    const text = `config:
  azure-byok:resourceGroupName: rg-fixes-projcfg
  azure-byok:location: westeurope
  azure-byok:registries:
    - name: acrstack
      key: k1
      adminUserEnabled: true
`;
    writeFileSync(path.join(project, "Pulumi.projcfg.yaml"), text);
    const plan = await runPlan({ stack: "projcfg", projectDir: project, packDir: path.join(root, "policies") });
    const sarif = JSON.parse(formatSarif(plan, text)) as sarif.Log;
    const at = (rule: string) => {
        const result = sarif.runs[0].results?.find((r) => r.ruleId === rule);
        const where = result?.locations?.[0].physicalLocation;
        return `${where?.artifactLocation?.uri}:${where?.region?.startLine} ${/In (.*)$/.exec(result?.message.text ?? "")?.[1].split(",")[0]}`;
    };
    expect(at("azure-keyvault-vault-enable-purge-protection")).toBe("Pulumi.yaml:7 Pulumi.yaml: azure-byok:vaults.value[name=kv-shared].enablePurgeProtection");
    expect(at("azure-storage-account-disable-shared-key-access")).toBe("Pulumi.yaml:13 Pulumi.yaml: storageAccounts.default[name=stshared].allowSharedKeyAccess");
    expect(at("azure-containerregistry-registry-disable-admin-user")).toBe("Pulumi.projcfg.yaml:7 Pulumi.projcfg.yaml: azure-byok:registries[name=acrstack].adminUserEnabled");
    expect(formatGithub(plan, text)).toMatch(/^::error file=Pulumi\.yaml,line=7,title=azure-keyvault-vault-enable-purge-protection /m);
    const table = formatTable(plan.report, { locationOf: configLocationOf(plan.report, text, plan.configFile, plan.project), fixOf: configFixOf(plan.report, text, plan.configFile, plan.project) });
    expect(table).toMatch(/on kv-shared-vault {2}\(Pulumi\.yaml:7\)/);
}, 60_000);

test("a fix that a deployed key, vault or credential cannot take says what to do instead", () => {
    const fixesOf = (section: string, settings: string[]) => CONFIG_FIXES.filter((f) => f.section === section && settings.includes(f.setting));
    // Resource Manager never updates a key: its shape needs a new key, its rotation policy a change in Key Vault first.
    const shape = fixesOf("vaults.keys", ["kty", "keySize", "curveName", "keyOps"]);
    expect(shape).toHaveLength(4);
    for (const f of shape) expect(f.change).toMatch(/a deployed key keeps what it was created with, so make a new key entry/);
    const policy = fixesOf("vaults.keys", ["rotationPolicy.automaticRotation", "rotationPolicy.timeAfterCreate", "rotationPolicy.expiryTime"]);
    expect(policy).toHaveLength(3);
    for (const f of policy) expect(f.change).toContain("az keyvault key rotation-policy update");
    expect(fixesOf("vaults.keys", ["expires"])[0].change).toContain("az keyvault key set-attributes --expires");
    // Without expires, the date comes from expiryTime: both the policy and the deployed version's date change.
    expect(fixesOf("vaults.keys", ["expires"])[0].unwritten?.change).toMatch(/az keyvault key set-attributes --expires.*az keyvault key rotation-policy update/);
    expect(fixesOf("vaults", ["softDeleteRetentionInDays"])[0].change).toContain("a deployed vault keeps its own");
    // A credential's lifetime is fixed where it comes from: a supplied certificate's dates are the vendor's, a written endDate is the secret's end; else validityDays.
    const lifetimes = CONFIG_FIXES.filter((f) => f.policy === "azure-entra-application-configure-credential-lifetime");
    expect(lifetimes.map((f) => [f.setting, f.unwritten?.setting])).toEqual([["certificates[].certificatePem", "certificates[].validityDays"], ["clientSecrets[].endDate", "clientSecrets[].validityDays"]]);
    for (const f of lifetimes) expect(f.unwritten?.change).toContain("a made credential keeps its validity");
    expect(lifetimes[0].change).toMatch(/^ask the vendor for a certificate valid at most the rule's maximum and add it as a new entry/);
    expect(lifetimes[1].change).toMatch(/^move it earlier, .*a made secret keeps its first end date, so for a deployed one add a new entry/);
    // A handed-over secret expires with its credential, which keeps its end: a new credential is the fix for a deployed one.
    const handovers = CONFIG_FIXES.filter((f) => f.handover !== undefined);
    expect(handovers).toHaveLength(4);
    for (const f of handovers) expect(f.unwritten?.change ?? f.change).toMatch(/a made credential keeps its (validity|end date), so for a deployed one add a new entry/);
});

