import { isMap, isScalar, isSeq, type YAMLMap } from "yaml";
import { exportName } from "../components/client-secrets-export";
import { configEntryOf, configLineOf, type ConfigEntry, type PlanReport } from "./report";

/**
 * Which stack-config setting fixes a policy violation, for the platform engineer who edits only
 * `Pulumi.<stack>.yaml`: the pack's messages name azure-native properties, this names the entry's
 * key. Only rules a stack entry's own setting can trip are here (each one tried by
 * test/plan/config-fixes.test.ts, which weakens the setting and plans); a rule that no setting of
 * the entry fixes (a component's fixed choice, the policy config, another entry) has no row.
 */
export interface ConfigFix {
    policy: string;
    /** The list of the entry the violation is located at: a config section, or `vaults.keys` for a vault entry's keys. */
    section: string;
    /** The setting below the entry, dot-separated as the schema names it; `list[]` is the item of the entry's list named in the resource's name. */
    setting: string;
    /** What to write there. */
    change: string;
    /** For a rule with more than one fault: a phrase of the message of the fault this setting fixes. */
    when?: string;
    /** When the entry (for a `list[].setting` row, the list's item) does not write `setting`, the component derives its value from this one: the fix is there. A list row's is in the same list. */
    unwritten?: { setting: string; change: string };
    /**
     * For a `list[].setting` row on an application's handed-over credentials: the kind of credential
     * whose Key Vault secret the resource is (the secret rules' messages cannot tell a client secret's
     * from a certificate's). The item is the credential that secret is named after, or, for the
     * rotation secret, the one `secretsExportConfiguration.current` names: each ends with its credential.
     */
    handover?: Handover;
}

/** A handed-over credential's kind, as `secretsExportConfiguration.current` names it. */
type Handover = "clientSecret" | "certificate";

/** The resource names client-secrets-export.ts gives a credential's secret and the rotation secret of that kind (`<secret name>-export`). */
const HANDOVER_SECRETS: Record<Handover, { secret: (app: string, credential: string) => string; rotation: (app: string) => string }> = {
    clientSecret: { secret: exportName.clientSecret, rotation: exportName.currentClientSecret },
    certificate: { secret: exportName.certificate, rotation: exportName.currentCertificate },
};

const DEFAULT_ON = "set it to true, or remove it (the default)";
const PUBLIC_OFF = "set it to Disabled, or remove it (the default)";
const FOLLOW_ROTATION = "remove it, so the service follows the key's rotation";
// Resource Manager creates a key once and never updates it: a deployed key keeps what it was made with.
const NEW_KEY = "; a deployed key keeps what it was created with, so make a new key entry with it and move the services to that key";
// A made credential keeps what made it (the vendor holds it): a shorter one is a new credential.
const NEW_CREDENTIAL = "; a made credential keeps its validity, so for a deployed one add a new entry with the lower value, hand it over, then remove the old";
// A handed-over credential nearing its end is rotated, not extended (README: Rotating a handed-over credential).
const ROTATED_CREDENTIAL = "; a made credential keeps its end date, so for a deployed one add a new entry, point secretsExportConfiguration.current at it, hand it over, then remove the old";
const KEY_POLICY = "; a deployed key's policy is changed with az keyvault key rotation-policy update, then here to match";
// A supplied certificate's dates are the vendor's (validityDays is refused beside certificatePem).
const SUPPLIED_CERTIFICATE = "ask the vendor for a certificate valid at most the rule's maximum and add it as a new entry (a supplied certificate keeps the dates the vendor gave it; validityDays applies to generated ones), then remove this one once the vendor signs in with the new";
// validityDays only bounds a written endDate: the secret ends on the endDate.
const EARLIER_END_DATE = "move it earlier, to at most the rule's maximum after the secret is made; a made secret keeps its first end date, so for a deployed one add a new entry with the earlier endDate, hand it over, then remove the old";
const publicAccess = (policy: string, section: string): ConfigFix => ({ policy, section, setting: "publicNetworkAccess", change: PUBLIC_OFF });
// An entry's protect covers the service it makes, and a storage account's containers.
const dataStoreProtect = (section: string): ConfigFix => ({ policy: "azure-cmk-service-enable-protect", section, setting: "protect", change: DEFAULT_ON });

export const CONFIG_FIXES: readonly ConfigFix[] = [
    // Vaults.
    { policy: "azure-keyvault-vault-enable-purge-protection", section: "vaults", setting: "enablePurgeProtection", change: DEFAULT_ON },
    { policy: "azure-keyvault-vault-configure-soft-delete-retention", section: "vaults", setting: "softDeleteRetentionInDays", change: "set it to a whole number of days from the rule's minimum to 90, or remove it (90 days, the default); Azure fixes it when the vault is created, so a deployed vault keeps its own" },
    // A deployed vault stops honouring its access policies the moment it flips: its roles must be in effect first.
    { policy: "azure-keyvault-vault-enable-rbac-authorization", section: "vaults", setting: "enableRbacAuthorization", change: "on a deployed vault, first deploy with prepareRbacMigration: true and let the roles take effect (up to 10 minutes), then set it to true and remove prepareRbacMigration; on a new vault, set it to true or remove it (the default)" },
    { policy: "azure-keyvault-vault-disallow-broad-access-policies", section: "vaults", setting: "accessPolicies", change: "list only the keyPermissions each principal needs, without purge" },
    { policy: "azure-keyvault-vault-disable-public-network-access", section: "vaults", setting: "networkRules.defaultAction", change: "set it to Deny, or remove it (the default)", when: "accepts traffic from every network" },
    // Cosmos DB cannot use a key in a vault closed to public networks (the stack refuses Disabled there): its firewall is the fix.
    { policy: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint", section: "vaults", setting: "networkRules.defaultAction", change: "set it to Deny, or remove it (the default), and keep publicNetworkAccess Enabled, which Cosmos DB needs", when: "leave publicNetworkAccess Enabled" },
    { policy: "azure-keyvault-vault-disable-public-network-access-with-private-endpoint", section: "vaults", setting: "publicNetworkAccess", change: "set it to Disabled: the private endpoints are the way in", when: "so it is reached only through its private endpoint" },
    { policy: "azure-keyvault-vault-missing-delete-lock", section: "vaults", setting: "lock", change: "set it to CanNotDelete, or remove it (the default)" },
    { policy: "azure-keyvault-vault-enable-protect", section: "vaults", setting: "protect", change: DEFAULT_ON },
    { policy: "azure-keyvault-vault-missing-diagnostic-settings", section: "vaults", setting: "diagnostics", change: "add an entry with a workspaceResourceId, storageAccountResourceId or eventHubAuthorizationRuleResourceId" },
    { policy: "azure-keyvault-vault-missing-private-endpoint", section: "vaults", setting: "privateEndpoints", change: "add an entry with the subnetResourceId of the applications' network" },
    // Keys.
    { policy: "azure-keyvault-key-enforce-hsm-backed", section: "vaults.keys", setting: "kty", change: `set it to RSA-HSM (the default) or EC-HSM, in a premium vault${NEW_KEY}` },
    { policy: "azure-keyvault-key-configure-min-rsa-size", section: "vaults.keys", setting: "keySize", change: `raise it to the rule's minimum${NEW_KEY}` },
    { policy: "azure-keyvault-key-configure-allowed-curves", section: "vaults.keys", setting: "curveName", change: `set it to one of the rule's curves${NEW_KEY}` },
    { policy: "azure-keyvault-key-configure-key-operations", section: "vaults.keys", setting: "keyOps", change: `remove it, so the key's purpose sets them, and use another key for the other operations${NEW_KEY}` },
    { policy: "azure-keyvault-key-configure-rotation-policy", section: "vaults.keys", setting: "rotationPolicy.automaticRotation", change: `${DEFAULT_ON}${KEY_POLICY}`, when: "has no rotate action" },
    // Before the general row: a key rotating before expiry writes no timeAfterCreate, and may not beside it.
    { policy: "azure-keyvault-key-configure-rotation-policy", section: "vaults.keys", setting: "rotationPolicy.timeBeforeExpiry", change: `raise it to the value the message gives, or replace it with timeAfterCreate at the rule's maximum${KEY_POLICY}`, when: "trigger.timeBeforeExpiry to at least" },
    { policy: "azure-keyvault-key-configure-rotation-policy", section: "vaults.keys", setting: "rotationPolicy.timeAfterCreate", change: `shorten it to the rule's maximum (P90D unless set)${KEY_POLICY}`, when: "rotates later than" },
    { policy: "azure-keyvault-key-configure-max-validity", section: "vaults.keys", setting: "rotationPolicy.expiryTime", change: `shorten it to the rule's maximum (P1Y unless set)${KEY_POLICY}`, when: "rotationPolicy.attributes.expiryTime" },
    // Without expires the first version expires rotationPolicy.expiryTime after creation (encryption-key.ts expiresEpoch).
    { policy: "azure-keyvault-key-configure-max-validity", section: "vaults.keys", setting: "expires", change: "set a date within the rule's maximum after creation; it is read only when the key is created, so for a deployed key remove it and set the current version's expiry with az keyvault key set-attributes --expires", when: "properties.attributes.expires", unwritten: { setting: "rotationPolicy.expiryTime", change: `shorten it to the rule's maximum (P1Y unless set): with no expires, the key's first version expires that long after it is created, a date a deployed key keeps, so set that version's with az keyvault key set-attributes --expires${KEY_POLICY}` } },
    { policy: "azure-keyvault-key-enable-protect", section: "vaults.keys", setting: "protect", change: DEFAULT_ON },
    // Services.
    publicAccess("azure-containerregistry-registry-disable-public-network-access", "registries"),
    { policy: "azure-containerregistry-registry-disable-exports", section: "registries", setting: "publicNetworkAccess", change: `${PUBLIC_OFF}: exports are turned off only then` },
    { policy: "azure-containerregistry-registry-disable-admin-user", section: "registries", setting: "adminUserEnabled", change: "set it to false, or remove it (the default)" },
    { policy: "azure-containerregistry-registry-disable-anonymous-pull", section: "registries", setting: "anonymousPullEnabled", change: "set it to false, or remove it (the default)" },
    { policy: "azure-containerregistry-registry-disable-arm-audience-tokens", section: "registries", setting: "azureADAuthenticationAsArmPolicy", change: "set it to disabled, or remove it (the default)" },
    { policy: "azure-containerregistry-registry-disallow-versioned-key", section: "registries", setting: "keyVersion", change: FOLLOW_ROTATION },
    { policy: "azure-storage-account-disable-shared-key-access", section: "storageAccounts", setting: "allowSharedKeyAccess", change: "set it to false, or remove it (the default)" },
    { policy: "azure-storage-account-configure-key-expiration-policy", section: "storageAccounts", setting: "keyPolicy.keyExpirationPeriodInDays", change: "lower it to the rule's maximum, or remove keyPolicy (90 days)" },
    { policy: "azure-storage-account-enable-soft-delete", section: "storageAccounts", setting: "deleteRetentionPolicy", change: "remove it (on, 7 days), or set enabled: true and days at least the rule's minimum" },
    { policy: "azure-storage-account-enable-container-soft-delete", section: "storageAccounts", setting: "containerDeleteRetentionPolicy", change: "remove it (on, 7 days), or set enabled: true and days at least the rule's minimum" },
    { policy: "azure-storage-account-disallow-versioned-key", section: "storageAccounts", setting: "keyVersion", change: FOLLOW_ROTATION },
    { policy: "azure-storage-encryptionscope-disallow-versioned-key", section: "storageAccounts", setting: "encryptionScopes[].keyVersion", change: FOLLOW_ROTATION },
    { policy: "azure-compute-diskencryptionset-enable-key-rotation", section: "diskEncryptionSets", setting: "keyVersion", change: FOLLOW_ROTATION },
    { policy: "azure-compute-diskencryptionset-configure-cmk-encryption-type", section: "diskEncryptionSets", setting: "encryptionType", change: "set it to EncryptionAtRestWithPlatformAndCustomerKeys, or remove it (the default)" },
    publicAccess("azure-cosmosdb-account-disable-public-network-access", "cosmosDbAccounts"),
    publicAccess("azure-eventhub-namespace-disable-public-network-access", "eventHubNamespaces"),
    { policy: "azure-eventhub-namespace-disallow-versioned-key", section: "eventHubNamespaces", setting: "keyVersion", change: FOLLOW_ROTATION },
    publicAccess("azure-servicebus-namespace-disable-public-network-access", "serviceBusNamespaces"),
    { policy: "azure-servicebus-namespace-disallow-versioned-key", section: "serviceBusNamespaces", setting: "keyVersion", change: FOLLOW_ROTATION },
    publicAccess("azure-sql-server-disable-public-network-access", "sqlServers"),
    { policy: "azure-sql-encryptionprotector-enable-key-rotation", section: "sqlServers", setting: "keyVersion", change: FOLLOW_ROTATION },
    publicAccess("azure-dbforpostgresql-server-disable-public-network-access", "postgresqlServers"),
    { policy: "azure-dbforpostgresql-server-disallow-versioned-key", section: "postgresqlServers", setting: "keyVersion", change: FOLLOW_ROTATION },
    publicAccess("azure-dbformysql-server-disable-public-network-access", "mysqlServers"),
    ...["registries", "storageAccounts", "diskEncryptionSets", "cosmosDbAccounts", "eventHubNamespaces", "serviceBusNamespaces", "sqlServers", "postgresqlServers", "mysqlServers", "kubernetesClusters"].map(dataStoreProtect),
    // Applications.
    // allowMultiTenant only acknowledges AzureADMultipleOrgs: the audience is what Entra enforces.
    { policy: "azure-entra-application-configure-single-tenant", section: "applications", setting: "signInAudience", change: "set it to AzureADMyOrg, or remove it (the default), and remove allowMultiTenant" },
    { policy: "azure-entra-application-configure-credential-lifetime", section: "applications", setting: "certificates[].certificatePem", change: SUPPLIED_CERTIFICATE, when: "application certificate", unwritten: { setting: "certificates[].validityDays", change: `lower it to the rule's maximum${NEW_CREDENTIAL}` } },
    { policy: "azure-entra-application-configure-credential-lifetime", section: "applications", setting: "clientSecrets[].endDate", change: EARLIER_END_DATE, when: "application secret", unwritten: { setting: "clientSecrets[].validityDays", change: `lower it to the rule's maximum${NEW_CREDENTIAL}` } },
    // A handed-over credential's Key Vault secret expires when the credential ends (client-secrets-export.ts): a client
    // secret's endDate, else validityDays (180 days unless written); a generated certificate's validityDays (365 unless written).
    { policy: "azure-keyvault-secret-configure-max-validity", section: "applications", setting: "clientSecrets[].endDate", change: EARLIER_END_DATE, handover: "clientSecret", unwritten: { setting: "clientSecrets[].validityDays", change: `set it to at most the rule's maximum (180 days unless written)${NEW_CREDENTIAL}` } },
    { policy: "azure-keyvault-secret-configure-max-validity", section: "applications", setting: "certificates[].validityDays", change: `set it to at most the rule's maximum (365 days unless written)${NEW_CREDENTIAL}`, handover: "certificate" },
    { policy: "azure-keyvault-secret-configure-min-days-before-expiry", section: "applications", setting: "clientSecrets[].endDate", change: `move it later than the rule's minimum from now${ROTATED_CREDENTIAL}`, handover: "clientSecret", unwritten: { setting: "clientSecrets[].validityDays", change: `raise it above the rule's minimum${ROTATED_CREDENTIAL}` } },
    { policy: "azure-keyvault-secret-configure-min-days-before-expiry", section: "applications", setting: "certificates[].validityDays", change: `raise it above the rule's minimum${ROTATED_CREDENTIAL}`, handover: "certificate" },
];

/**
 * Rules that no config file fixes, for the installed packages decide them: the fix is in the
 * project's package.json, whatever entry the resource came from.
 */
export const DEPENDENCY_FIXES: Readonly<Record<string, string>> = {
    // azure-native's default keyvault module sets the API version (each resource's documentation names it).
    "azure-keyvault-vault-disallow-retiring-api-version": "In package.json: @pulumi/azure-native, upgrade it (npm install @pulumi/azure-native@<version>) to a release whose keyvault resources say \"Uses Azure REST API version 2026-02-01\" or later",
};

/** The line a violation gets in the human formats, or undefined when no setting of its entry fixes it. */
export type FixOf = (violation: { policy: string; urn: string; message: string }) => string | undefined;

/** A config file as a result names it (from the project or from the repository's root), and its text. */
export interface ConfigFile {
    file: string;
    text: string;
}

/**
 * `In Pulumi.dev.yaml: azure-byok:vaults[name=kv-cmk].diagnostics, add an entry with …`: the
 * setting of the entry a violation's resource came from (found as `configLineOf` finds it) that
 * fixes it, and what to write there; `In Pulumi.yaml: …` for an entry of the project-level config.
 */
export function configFixOf(report: PlanReport, configText: string, file: string, project?: ConfigFile): FixOf {
    const fixOf = entryFixOf(report, configText, project?.text);
    return (violation) => {
        const dependency = DEPENDENCY_FIXES[violation.policy];
        if (dependency !== undefined) return dependency;
        const found = fixOf(violation);
        if (found === undefined) return undefined;
        const { entry, fix, item } = found;
        const setting = item === undefined ? fix.setting : `${item.list}[name=${item.name}].${item.setting}`;
        return `In ${entry.source === "project" && project !== undefined ? project.file : file}: ${entry.path}.${setting}, ${fix.change}`;
    };
}

/** Where a result points: a config file, named as the caller names it, and a 1-based line of it. */
export interface ConfigLocation {
    file: string;
    line: number;
}

export type LocationOf = (violation: { policy: string; urn: string; message: string }) => ConfigLocation;

/**
 * Where a violation points in the stack's config file: the key of the setting its fix names when
 * the entry writes it (`enablePurgeProtection`, a credential's `validityDays`), else the list item
 * the fix names, else the `access` item of an application's grant the resource belongs to, else
 * the entry's line (`configLineOf`). GitHub shows a code scanning alert in a pull request only
 * when its line is in the diff, and tells alerts apart by rule and the text of their line
 * (codeql-action fingerprints.ts, primaryLocationLineHash), not by a tool's own fingerprints: the
 * line a change makes or edits is the one that keeps two faults two alerts. An entry of
 * Pulumi.yaml's project-level config is located there, in `project`.
 */
export function configLocationOf(report: PlanReport, configText: string, file: string, project?: ConfigFile): LocationOf {
    const lineOf = configLineOf(report, configText);
    const entryOf = configEntryOf(report, configText, project?.text);
    const fixOf = entryFixOf(report, configText, project?.text);
    const grantOf = grantItemOf(report);
    return (violation) => {
        const entry = entryOf(violation.urn);
        if (entry === undefined) return { file, line: lineOf(violation.urn) };
        const found = fixOf(violation);
        const at = found === undefined ? undefined : found.item === undefined ? settingAt(entry.node, found.fix.setting) : settingAt(found.item.node, found.item.setting) ?? found.item.node.range?.[0];
        const grant = at === undefined && entry.section === "applications" ? grantOf(entry, violation.urn) : undefined;
        const offset = at ?? grant?.range?.[0];
        return { file: entry.source === "project" && project !== undefined ? project.file : file, line: offset === undefined ? entry.line : entry.lineAt(offset) };
    };
}

/** The offset of a dotted setting's key in an entry's node (`rotationPolicy.expiryTime`), undefined when the entry does not write it. */
function settingAt(node: YAMLMap, setting: string): number | undefined {
    let at: unknown = node;
    let offset: number | undefined;
    for (const name of setting.split(".")) {
        if (!isMap(at)) return undefined;
        const pair = at.items.find((p) => isScalar(p.key) && p.key.value === name);
        if (pair === undefined || !isScalar(pair.key)) return undefined;
        offset = pair.key.range?.[0];
        at = pair.value;
    }
    return offset;
}

/**
 * The `access` item of an application entry that made a resource: the resource is below the
 * application's grant, a KeyAccess named `<application>-<key or vault>` (stacks/args.ts
 * applicationGrantName), so two grants breaking one rule are two lines.
 */
function grantItemOf(report: PlanReport): (entry: ConfigEntry, urn: string) => YAMLMap | undefined {
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    return (entry, urn) => {
        let r = byUrn.get(urn);
        while (r !== undefined && r.type !== "azure-byok:keyvault:KeyAccess") r = r.parent === null ? undefined : byUrn.get(r.parent);
        if (r === undefined) return undefined;
        const grant = r.name.toLowerCase();
        const items = entry.node.get("access");
        return (isSeq(items) ? items.items : []).filter((i): i is YAMLMap => isMap(i)).find((i) => {
            const target = i.get("key") ?? i.get("vault");
            return typeof target === "string" && `${String(entry.node.get("name"))}-${target}`.toLowerCase() === grant;
        });
    };
}

/** The item of an entry's list that a `list[].setting` fix names, and the setting below it. */
interface ListItem {
    list: string;
    name: string;
    node: YAMLMap;
    setting: string;
}

/**
 * The fix of a violation, the entry it is found at and, for a `list[].setting` fix, the item of
 * the list whose resources are named `<entry>-<item>-…`; undefined when there is no fix, or no
 * such item (no line, never a guess).
 */
function entryFixOf(report: PlanReport, configText: string, projectText?: string): (violation: { policy: string; urn: string; message: string }) => { entry: ConfigEntry; fix: ConfigFix; item?: ListItem } | undefined {
    const entryOf = configEntryOf(report, configText, projectText);
    const names = new Map(report.resources.map((r) => [r.urn, r.name]));
    return ({ policy, urn, message }) => {
        const entry = entryOf(urn);
        if (entry === undefined) return undefined;
        const resourceName = (names.get(urn) ?? "").toLowerCase();
        const app = String(entry.node.get("name"));
        const fix = CONFIG_FIXES.find((f) => f.policy === policy && f.section === entry.section && (f.when === undefined || message.includes(f.when)) && (f.handover === undefined || handedOver(entry.node, app, f.handover, resourceName) !== undefined));
        if (fix === undefined) return undefined;
        const list = /^(\w+)\[\]\.(.+)$/.exec(fix.setting);
        if (list === null) return { entry, fix: fix.unwritten !== undefined && settingAt(entry.node, fix.setting) === undefined ? { ...fix, ...fix.unwritten } : fix };
        const prefix = (name: string) => `${app}-${name}-`.toLowerCase();
        // A handed-over secret's credential is known by its whole name; another resource's by the longest prefix.
        const credential = fix.handover === undefined ? undefined : handedOver(entry.node, app, fix.handover, resourceName);
        const items = entry.node.get(list[1]);
        const item = (isSeq(items) ? items.items : [])
            .filter((i): i is YAMLMap => isMap(i))
            .map((node) => ({ node, name: node.get("name") }))
            .filter((i): i is { node: YAMLMap; name: string } => typeof i.name === "string" && (credential === undefined ? resourceName.startsWith(prefix(i.name)) : i.name === credential))
            .sort((a, b) => b.name.length - a.name.length)[0];
        if (item === undefined) return undefined;
        // The item decides: one certificate of an entry may be supplied, another generated.
        const chosen = fix.unwritten !== undefined && settingAt(item.node, list[2]) === undefined ? { ...fix, ...fix.unwritten } : fix;
        return { entry, fix: chosen, item: { ...item, list: list[1], setting: chosen.setting.slice(`${list[1]}[].`.length) } };
    };
}

/**
 * The name of the credential of an application entry whose handed-over Key Vault secret of `kind`
 * a resource (by its lower-case name) is: the credential's own secret, or the rotation secret of
 * the one `secretsExportConfiguration.current` names; undefined for any other resource.
 */
function handedOver(entry: YAMLMap, app: string, kind: Handover, resourceName: string): string | undefined {
    const names = HANDOVER_SECRETS[kind];
    const exported = (secretName: string) => `${secretName}-export`.toLowerCase() === resourceName;
    if (exported(names.rotation(app))) {
        const current = entry.getIn(["secretsExportConfiguration", "current", kind]);
        return typeof current === "string" ? current : undefined;
    }
    const items = entry.get(kind === "clientSecret" ? "clientSecrets" : "certificates");
    return (isSeq(items) ? items.items : [])
        .map((i) => (isMap(i) ? i.get("name") : undefined))
        .find((name): name is string => typeof name === "string" && exported(names.secret(app, name)));
}
