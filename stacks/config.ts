import { RunError } from "@pulumi/pulumi/errors";
import { z } from "zod";
import { validateCmkContainerRegistryArgs } from "../components/cmk-container-registry";
import { validateCmkCosmosDbAccountArgs } from "../components/cmk-cosmosdb-account";
import { validateCmkSqlServerArgs } from "../components/cmk-sql-server";
import { validateCmkPostgresqlFlexibleServerArgs } from "../components/cmk-postgresql-flexible-server";
import { validateCmkMysqlFlexibleServerArgs } from "../components/cmk-mysql-flexible-server";
import { validateCmkKubernetesClusterArgs } from "../components/cmk-kubernetes-cluster";
import { validateCmkDiskEncryptionSetArgs } from "../components/cmk-disk-encryption-set";
import { validateCmkEventHubNamespaceArgs } from "../components/cmk-eventhub-namespace";
import { validateCmkServiceBusNamespaceArgs } from "../components/cmk-servicebus-namespace";
import { validateCmkStorageAccountArgs } from "../components/cmk-storage-account";
import { validateClientApplicationArgs } from "../components/client-application";
import { validateRbacPropagationWait } from "../components/key-access";
import { vaultIpRuleProblem } from "../components/network";
import { KMS_PRIVATE_LINK_FIX, kmsPrivateLinkAllowed } from "../components/kubernetes-network";
import { validateEncryptionKeyArgs } from "../components/encryption-key";
import { validateExistingKeyVaultArgs } from "../components/existing-key-vault";
import { PRIVATE_LINK_TARGETS } from "../components/private-endpoint";
import { OBJECT_MEMBER_NAMES, RESERVED_TAG_NAME, TAG_LIMITS, validateTags } from "../components/tags";
import { validateKeyVaultArgs } from "../components/key-vault";
import { validateManagedIdentityArgs } from "../components/managed-identity";
import { KeyReference, VaultReference } from "../components/types";
import { editDistance, GUID_PATTERN, regionName, sameRegion, ValidationIssue } from "../components/validation";
import {
    applicationGrantName, clientApplicationArgs, vaultsReachedBy,
    cosmosDbAccountArgs, diskEncryptionSetArgs, encryptionKeyArgs, existingKeyVaultArgs, keyVaultArgs, kubernetesClusterArgs, managedIdentityArgs, messagingNamespaceArgs, mysqlServerArgs, plannedIdentity, plannedKey, plannedVault, postgresqlServerArgs, registryArgs, sqlServerArgs, storageAccountArgs,
    KEY_SHAPING_FIELDS, tagsFor, VAULT_SHAPING_FIELDS,
} from "./args";
import { ApplicationConfig, KeyConfig, StackConfig, stackConfigSchema, StorageAccountConfig, VaultConfig } from "./schema";

export const CONFIG_NAMESPACE = "azure-byok";

/** One problem in the stack config: the full config key path and the rule it breaks. */
export interface ConfigIssue {
    path: string;
    message: string;
}

/** Bad stack config, every problem at once, raised before any resource is registered. */
/** A RunError: Pulumi prints its message alone, without the stack of a program that crashed. */
export class ConfigError extends RunError {
    constructor(readonly issues: ConfigIssue[]) {
        super(`The stack config has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** `vaults[1].networkRules.ipRules[0]` from zod's path array. */
function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out === "" ? String(part) : `${out}.${String(part)}`), "");
}

function key(path: string): string {
    return `${CONFIG_NAMESPACE}:${path}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
    return path.reduce<unknown>((v, part) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[part] : undefined), raw);
}

/**
 * The schema's parse of the config, with each value of a fixed set that differs from one of its
 * values only in case taken as that value: Azure reads these names without regard to case
 * (`Premium` is the vault SKU `premium`, `deny` the firewall's `Deny`), as the portal and
 * Terraform write them. Anything else the schema refuses is reported as it stands.
 */
function parseAsAzureReads(raw: Record<string, unknown>): { parsed: ReturnType<typeof stackConfigSchema.safeParse>; read: Record<string, unknown> } {
    let read = raw;
    let parsed = stackConfigSchema.safeParse(read);
    for (let pass = 0; !parsed.success && pass < 3; pass++) {
        const fixes = parsed.error.issues.flatMap((issue) => {
            if (issue.code !== "invalid_value") return [];
            const given = valueAt(read, issue.path);
            const match = typeof given === "string" ? issue.values.filter((v): v is string => typeof v === "string" && v.toLowerCase() === given.toLowerCase()) : [];
            return match.length === 1 ? [{ path: issue.path, value: match[0] }] : [];
        });
        if (fixes.length === 0) break;
        read = structuredClone(read);
        for (const fix of fixes) setValueAt(read, fix.path, fix.value);
        parsed = stackConfigSchema.safeParse(read);
    }
    return { parsed, read };
}

/** Sets the value at a zod issue's path in a plain config object. */
function setValueAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
    let current = root as Record<PropertyKey, unknown>;
    for (const step of path.slice(0, -1)) current = current[step] as Record<PropertyKey, unknown>;
    current[path[path.length - 1]] = value;
}

function zodIssues(error: z.ZodError, raw: unknown): ConfigIssue[] {
    return error.issues.flatMap((issue): ConfigIssue[] => {
        if (issue.code === "unrecognized_keys") {
            const known = settingsAt(stackConfigSchema, issue.path);
            return issue.keys.map((k) => {
                const guess = closest(k, known);
                return { path: key(formatPath([...issue.path, k])), message: `is not a setting this program reads${guess ? `; did you mean "${guess}"?` : `; it reads ${known.join(", ")}`}` };
            });
        }
        if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
            return [{ path: key(formatPath(issue.path)), message: `is required (${issue.expected})` }];
        }
        const wantsScalar =
            (issue.code === "invalid_type" && (issue.expected === "boolean" || issue.expected === "number")) ||
            (issue.code === "invalid_value" && issue.values.every((v) => typeof v === "number" || typeof v === "boolean"));
        const wantsText =
            (issue.code === "invalid_type" && issue.expected === "string") ||
            (issue.code === "invalid_value" && issue.values.every((v) => typeof v === "string"));
        const wantsBoolean = issue.code === "invalid_type" && issue.expected === "boolean";
        const hint = wantsBoolean && typeof valueAt(raw, issue.path) === "string" && /^(yes|no|on|off|y|n)$/i.test(String(valueAt(raw, issue.path)).trim())
            ? `; "${String(valueAt(raw, issue.path))}" is text (the Pulumi CLI's YAML reader, yaml.v3, takes only true and false as booleans): write true or false, unquoted`
            : wantsScalar ? quotedScalarHint(valueAt(raw, issue.path)) : wantsText ? unquotedTextHint(valueAt(raw, issue.path), key(formatPath(issue.path))) : "";
        return [{ path: key(formatPath(issue.path)), message: `${issue.message}${hint}` }];
    });
}

/**
 * For text that reached the program as a number or boolean, how to write it: in the stack file in
 * quotes, or through the CLI with --type string, since `pulumi config set --path` stores digits as
 * a number and true or false as a boolean (config/object.go coerce), and quotes given to it as text.
 */
function unquotedTextHint(value: unknown, fullKey: string): string {
    if (typeof value !== "number" && typeof value !== "boolean") return "";
    const cli = `pulumi config set --type string --path '${fullKey}' ${typeof value === "boolean" ? String(value) : "<value>"} (Pulumi CLI v3.148.0 or later)`;
    // The number has lost how it was written (1.30 reads as 1.3, 0123 as octal 83), so no example can show what was meant.
    if (typeof value === "number") return `; YAML reads ${String(value)} unquoted as a number, which loses how it was written (1.30 becomes 1.3, 0123 the octal 83): in the stack file, write the value in quotes exactly as meant; with the CLI, ${cli}`;
    return `; YAML reads ${String(value)} unquoted as a boolean: in the stack file, write the value in quotes; with the CLI, ${cli}`;
}

/** For a number or boolean written in quotes (YAML then reads a string), how to write it. */
function quotedScalarHint(value: unknown): string {
    if (typeof value !== "string") return "";
    const text = value.trim();
    const scalar = /^(true|false)$/i.test(text) ? text.toLowerCase() : text !== "" && Number.isFinite(Number(text)) ? String(Number(text)) : undefined;
    return scalar === undefined ? "" : `; "${value}" is quoted, so YAML reads it as text: write ${scalar} without quotes`;
}

/** The setting names the schema accepts at a path (array indexes step into the element). */
function settingsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
    let node: z.ZodType = schema;
    for (const part of path) {
        node = unwrapOptional(node);
        if (node instanceof z.ZodArray) node = node.element as z.ZodType;
        node = unwrapOptional(node);
        if (typeof part !== "number" && node instanceof z.ZodObject) node = node.shape[String(part)] as z.ZodType;
    }
    node = unwrapOptional(node);
    return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrapOptional(node: z.ZodType): z.ZodType {
    return node instanceof z.ZodOptional ? (node.unwrap() as z.ZodType) : node;
}

/** The known name closest to a misspelt one, when it is close enough to be the one meant. */
function closest(name: string, known: string[]): string | undefined {
    // A near spelling first (enablePurgeProtecton is enablePurgeProtection, not the protect it contains), then a part of a name.
    const best = known.map((k) => ({ k, d: editDistance(name, k) })).sort((a, b) => a.d - b.d)[0];
    if (best !== undefined && best.d <= Math.max(2, Math.floor(name.length / 3))) return best.k;
    return known.find((k) => k.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(k.toLowerCase()));
}

/** Component argument names that the config spells in its own words. */
const APPLICATION_FIELD_NAMES: [RegExp, string][] = [[/^grants\[(\d+)\]\.keyVault(\..*)?$/, "access[$1].vault"], [/^grants\[(\d+)\]\.key\..*$/, "access[$1].key"], [/^grants/, "access"]];
const VAULT_FIELD_NAMES: [RegExp, string][] = [[/^networkAcls/, "networkRules"], [/^diagnosticSettings/, "diagnostics"], [/^lock\.kind$/, "lock"]];

function renamed(field: string, names: [RegExp, string][]): string {
    return names.reduce((f, [from, to]) => f.replace(from, to), field);
}

/** A component issue reported at its config path. */
function at(prefix: string, issues: ValidationIssue[], names: [RegExp, string][] = [], ownGroup = false): ConfigIssue[] {
    return issues.map((i) => {
        const field = renamed(i.field, names);
        // Only an existing vault or identity names a group of its own; any other is the stack's.
        if (field === "resourceGroupName" && !ownGroup) return { path: key("resourceGroupName"), message: i.message };
        // "name" issues are about the entry's name; CMK issues are about the key the entry names.
        const mapped = field === "name" ? "name" : /^customerManagedKey\.key(\.|$)/.test(field) ? "key" : field.replace(/^customerManagedKey\./, "");
        // At the entry's key, say which of the key's (or its vault's) settings the message is about.
        const sub = /^customerManagedKey\.key\.(.+)$/.exec(field)?.[1];
        const message = sub === undefined ? i.message : `the key's ${sub.replace(/^keyVault\./, "vault's ")} ${i.message}`;
        return { path: key(`${prefix}.${mapped}`), message };
    });
}

/** Entries after the first that share a name (in any case, within a scope), each named with the first's config path. */
function duplicates<T>(items: T[] | undefined, nameOf: (item: T) => string | undefined, path: (i: number) => string, what: string, scopeOf: (item: T) => string = () => ""): ConfigIssue[] {
    const seen = new Map<string, number>();
    const issues: ConfigIssue[] = [];
    (items ?? []).forEach((item, i) => {
        const name = nameOf(item);
        if (name === undefined) return;
        const n = `${scopeOf(item)}/${name.toLowerCase()}`;
        const first = seen.get(n);
        if (first !== undefined) {
            issues.push({ path: key(path(i)), message: `"${name}" is already used by ${key(path(first))}; ${what} names must be unique` });
        } else {
            seen.set(n, i);
        }
    });
    return issues;
}

/**
 * Azure names given by name that two entries share: one Azure object that two resources would
 * manage. Registry, storage, Cosmos DB, SQL, PostgreSQL and MySQL names are global (DNS), and Event Hubs
 * and Service Bus namespaces share one; identities, disk encryption sets and clusters are one per
 * resource group (sameGroupNames).
 */
function sameAzureNames(config: StackConfig): ConfigIssue[] {
    const given = <T>(entries: T[] | undefined, prefix: string, field: string, nameOf: (e: T) => string | undefined, scopeOf: (e: T) => string = () => "") =>
        (entries ?? []).map((e, i) => ({ name: nameOf(e), scope: scopeOf(e), path: `${prefix}[${i}].${field}` }));
    const groups: [string, { name: string | undefined; scope: string; path: string }[]][] = [
        ["registry", given(config.registries, "registries", "registryName", (e) => e.registryName)],
        ["storage account", given(config.storageAccounts, "storageAccounts", "accountName", (e) => e.accountName)],
        ["Cosmos DB account", given(config.cosmosDbAccounts, "cosmosDbAccounts", "accountName", (e) => e.accountName)],
        ["SQL server", given(config.sqlServers, "sqlServers", "serverName", (e) => e.serverName)],
        ["PostgreSQL server", given(config.postgresqlServers, "postgresqlServers", "serverName", (e) => e.serverName)],
        ["MySQL server", given(config.mysqlServers, "mysqlServers", "serverName", (e) => e.serverName)],
        ["Event Hubs and Service Bus namespace", [...given(config.eventHubNamespaces, "eventHubNamespaces", "namespaceName", (e) => e.namespaceName), ...given(config.serviceBusNamespaces, "serviceBusNamespaces", "namespaceName", (e) => e.namespaceName)]],
    ];
    return [...sameGroupNames(config), ...groups.flatMap(([what, entries]) => duplicates(entries, (e) => e.name, (i) => entries[i].path, what, (e) => e.scope))];
}

/** An Azure name an entry will give a resource in a resource group, whether written out or made from its config name. */
interface GroupName {
    name: string;
    /** `<subscription>/<resource group>`, lowercase; the stack's subscription is "". */
    scope: string;
    path: string;
    /** How the name comes about, when it is not written out. */
    how?: string;
    /**
     * The list and config name the name is made from: two made from one config name of one list are that
     * list's duplicate names, reported as such; from two config names (`<a>-identity` and `<b>-geo-backup-identity`
     * where a is `<b>-geo-backup`) they are a clash.
     */
    from?: { list: "identities" | "services"; entry: string };
    /** A service's own identity, which it makes none of when given one to share (a cluster's or a geo-backup identity is always made). */
    sharable?: boolean;
    existing?: boolean;
}

/**
 * The names of the identities, disk encryption sets and clusters the stack makes, as Azure will
 * see them: an identity's `identityName ?? name`, the `<service>-identity` each service without
 * `identity` and each cluster makes for itself (identityWithKeyAccess), a set's
 * `diskEncryptionSetName ?? name`, a cluster's `clusterName` (a generated one is unique). ARM
 * names ignore case, so two that differ only in case are one object. An existing identity clashes
 * with one the stack makes, never with another existing one (both only read it).
 */
function sameGroupNames(config: StackConfig): ConfigIssue[] {
    const stackGroup = `/${config.resourceGroupName.toLowerCase()}`;
    const identities: GroupName[] = [
        ...(config.identities ?? []).flatMap((e, i): GroupName[] => {
            if (e.existing === true) {
                return e.identityName === undefined ? [] : [{ name: e.identityName, scope: `${e.subscriptionId ?? ""}/${e.resourceGroupName ?? config.resourceGroupName}`.toLowerCase(), path: `identities[${i}].identityName`, how: "an existing identity", existing: true }];
            }
            return e.identityName !== undefined
                ? [{ name: e.identityName, scope: stackGroup, path: `identities[${i}].identityName` }]
                : [{ name: e.name, scope: stackGroup, path: `identities[${i}].name`, how: "the identity's Azure name, as it gives no identityName", from: { list: "identities", entry: e.name } }];
        }),
        // A cluster takes no shared identity: it always makes its own.
        ...[...cmkServices(config).filter(({ s }) => s.identity === undefined), ...(config.kubernetesClusters ?? []).map((s, i) => ({ s, path: `kubernetesClusters[${i}]` }))].map(({ s, path }): GroupName => (
            { name: `${s.name}-identity`, scope: stackGroup, path: `${path}.name`, how: `the identity ${path} makes for itself, <name>-identity, as it names none`, from: { list: "services", entry: s.name }, sharable: !path.startsWith("kubernetesClusters[") }
        )),
        // A server with geo-redundant backup always makes a second identity for its geo key.
        ...[
            ...(config.postgresqlServers ?? []).map((s, i) => ({ s, path: `postgresqlServers[${i}]` })),
            ...(config.mysqlServers ?? []).map((s, i) => ({ s, path: `mysqlServers[${i}]` })),
        ].filter(({ s }) => s.geoRedundantBackup === "Enabled").map(({ s, path }): GroupName => (
            { name: `${s.name}-geo-backup-identity`, scope: stackGroup, path: `${path}.name`, how: `the identity ${path} makes for its geo-backup key, <name>-geo-backup-identity`, from: { list: "services", entry: s.name } }
        )),
    ];
    const sets = (config.diskEncryptionSets ?? []).map((d, i): GroupName => (d.diskEncryptionSetName !== undefined
        ? { name: d.diskEncryptionSetName, scope: stackGroup, path: `diskEncryptionSets[${i}].diskEncryptionSetName` }
        : { name: d.name, scope: stackGroup, path: `diskEncryptionSets[${i}].name`, how: "the set's Azure name, as it gives no diskEncryptionSetName", from: { list: "services", entry: d.name } }));
    const clusters = (config.kubernetesClusters ?? []).flatMap((c, i): GroupName[] => (c.clusterName === undefined ? [] : [{ name: c.clusterName, scope: stackGroup, path: `kubernetesClusters[${i}].clusterName` }]));
    const groups: [string, GroupName[]][] = [["identity", identities], ["disk encryption set", sets], ["AKS cluster", clusters]];
    return groups.flatMap(([what, names]) => {
        // By scope and name, the entries so far: a stack of a thousand services compares each with its few namesakes only.
        const seen = new Map<string, GroupName[]>();
        return names.flatMap((later) => {
            const namesakes = seen.get(`${later.scope}/${later.name.toLowerCase()}`) ?? [];
            seen.set(`${later.scope}/${later.name.toLowerCase()}`, [...namesakes, later]);
            const first = namesakes.find((n) => !sameEntryName(n, later) && !(n.existing === true && later.existing === true));
            return first === undefined ? [] : [clash(what, first, later)];
        });
    });
}

/** Whether two names are made from one config name of one list, which that list's duplicate names report already. */
function sameEntryName(a: GroupName, b: GroupName): boolean {
    return a.from !== undefined && b.from !== undefined && a.from.list === b.from.list && a.from.entry.toLowerCase() === b.from.entry.toLowerCase();
}

/** Two entries that would give one Azure object, named at the later one. */
function clash(what: string, first: GroupName, later: GroupName): ConfigIssue {
    const described = (n: GroupName) => (n.how === undefined ? "" : ` (${n.how})`);
    // A service that names an identity to share makes none of its own.
    const sharer = [first, later].find((n) => n.sharable === true && what === "identity");
    const share = sharer === undefined ? "" : `, or give ${key(sharer.path.replace(/\.name$/, ""))} an identity to share (its identity setting), so that it makes none`;
    return {
        path: key(later.path),
        message: `"${later.name}"${described(later)} is already used by ${key(first.path)}${first.name === later.name ? "" : ` as "${first.name}"`}${described(first)}; ${what} names are unique in a resource group whatever their case, so the two would be one ${what} in Azure: rename one${share}`,
    };
}

/** Every CMK service entry of the config, with its config path, in config order. */
export function cmkServices(config: StackConfig): { s: { name: string; key: string; identity?: string; tags?: Record<string, string> }; path: string }[] {
    const lists = { registries: config.registries, storageAccounts: config.storageAccounts, diskEncryptionSets: config.diskEncryptionSets, cosmosDbAccounts: config.cosmosDbAccounts, eventHubNamespaces: config.eventHubNamespaces, serviceBusNamespaces: config.serviceBusNamespaces, sqlServers: config.sqlServers, postgresqlServers: config.postgresqlServers, mysqlServers: config.mysqlServers };
    return Object.entries(lists).flatMap(([field, list]) => (list ?? []).map((s, i) => ({ s, path: `${field}[${i}]` })));
}

/** The stack's services that take keys only from a vault in their own region, with how messages name their kind. */
export function regionBoundServices(config: StackConfig): { s: { name: string; key: string; location?: string }; path: string; by: string }[] {
    return [
        ...(config.diskEncryptionSets ?? []).map((s, i) => ({ s, path: `diskEncryptionSets[${i}]`, by: "disk encryption sets" })),
        ...(config.postgresqlServers ?? []).map((s, i) => ({ s, path: `postgresqlServers[${i}]`, by: "PostgreSQL servers" })),
        ...(config.mysqlServers ?? []).map((s, i) => ({ s, path: `mysqlServers[${i}]`, by: "MySQL servers" })),
    ];
}

/** The stack's AKS clusters whose KMS reaches its key over public access, which AKS supports only on a vault open to all networks. */
export function publicKmsClusters(config: StackConfig): { key: string }[] {
    return (config.kubernetesClusters ?? []).filter((c) => c.keyVaultNetworkAccess === "Public");
}

/** What the checks across entries share: each vault and key as validation plans it, and how to name a key the stack lacks. */
interface ConfigContext {
    config: StackConfig;
    /** Each vault entry's planned reference, in config order. */
    plannedVaults: VaultReference[];
    /** By lowercase config name; of two entries named alike in any case, the later (their names are reported as duplicates). */
    vaultRefs: Map<string, VaultReference>;
    keys: Map<string, KeyReference>;
    /** A key's vault's config name, by the key's lowercase config name. */
    vaultOfKey: Map<string, string>;
    /** The message for a key name no vault of the stack holds, with the one meant where it is close. */
    unknownKey: (given: string) => string;
    /** Per vault (lowercase config name), the networks of the applications that reach it. */
    networks: Map<string, string[]>;
    /** The identity entries' lowercase config names. */
    identityNames: Set<string>;
}

function configContext(config: StackConfig): ConfigContext {
    const plannedVaults = config.vaults.map((v) => plannedVault(v, config.location));
    const vaultRefs = new Map<string, VaultReference>();
    const keys = new Map<string, KeyReference>();
    const vaultOfKey = new Map<string, string>();
    config.vaults.forEach((v, i) => {
        vaultRefs.set(v.name.toLowerCase(), plannedVaults[i]);
        (v.keys ?? []).forEach((k) => {
            keys.set(k.name.toLowerCase(), plannedKey(k, plannedVaults[i]));
            vaultOfKey.set(k.name.toLowerCase(), v.name);
        });
    });
    // Each key once, as first written: a name used twice in two cases is reported as a duplicate.
    const keyNames: string[] = [];
    for (const k of config.vaults.flatMap((v) => v.keys ?? [])) {
        if (!keyNames.some((n) => n.toLowerCase() === k.name.toLowerCase())) keyNames.push(k.name);
    }
    const unknownKey = (given: string) => {
        const near = closest(given, keyNames);
        return `"${given}" is not a key in this stack's vaults; ${near !== undefined ? `did you mean "${near}"?` : `name one of: ${keyNames.join(", ") || "(no keys configured)"}`}`;
    };
    const networks = applicationNetworks(config, (k) => vaultOfKey.get(k.toLowerCase()));
    const identityNames = new Set((config.identities ?? []).map((i) => i.name.toLowerCase()));
    return { config, plannedVaults, vaultRefs, keys, vaultOfKey, unknownKey, networks, identityNames };
}

/**
 * Parses the raw `azure-byok:` config (key without namespace → value) into a typed config, or
 * throws a ConfigError naming every bad key path. Runs each component's own validator on the
 * args the program will build, so nothing the components would refuse gets past.
 */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
    // Before the schema: its parser refuses a tags object with its own constructor, and drops __proto__.
    const reserved = reservedTagNames(raw, "");
    if (reserved.length > 0) throw new ConfigError(reserved);
    const { parsed, read } = parseAsAzureReads(raw);
    if (!parsed.success) {
        throw new ConfigError(zodIssues(parsed.error, read));
    }
    const config = parsed.data;
    const ctx = configContext(config);
    const issues = [
        ...stackWideIssues(config),
        ...vaultIssues(ctx),
        ...identityIssues(config),
        ...applicationIssues(ctx),
        ...serviceIssues(ctx),
        ...regionIssues(config),
        ...clusterIssues(ctx),
    ];
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    return config;
}

/** Each vault entry's own rules, then its keys'. */
function vaultIssues(ctx: ConfigContext): ConfigIssue[] {
    return ctx.config.vaults.flatMap((v, i) => [...vaultEntryIssues(ctx, v, i), ...(v.keys ?? []).flatMap((k, j) => keyIssues(v, i, k, j, ctx.plannedVaults[i]))]);
}

/** A vault entry's settings: an existing vault's as its entry may give them, a new one's as the KeyVault component takes them. */
function vaultEntryIssues(ctx: ConfigContext, v: VaultConfig, i: number): ConfigIssue[] {
    const { config } = ctx;
    // Generated vault names start with the config name; explicit ones are judged as given.
    const extra = (ctx.networks.get(v.name.toLowerCase()) ?? []).filter((n) => vaultIpRuleProblem(n) === undefined);
    if (v.existing) {
        // The networks are the applications' to report; here they only have to be valid.
        return [
            ...existingVaultIssues(config, i),
            ...at(`vaults[${i}]`, validateExistingKeyVaultArgs(existingKeyVaultArgs(v, config.resourceGroupName, { ipRules: extra })).filter((x) => v.vaultName !== undefined || x.field !== "vaultName"), [], v.resourceGroupName !== undefined),
        ];
    }
    const issues: ConfigIssue[] = [];
    if (v.resourceGroupName !== undefined) {
        issues.push({ path: key(`vaults[${i}].resourceGroupName`), message: "is only for an existing vault (existing: true); a vault this stack creates goes in azure-byok:resourceGroupName" });
    }
    if (v.subscriptionId !== undefined) {
        issues.push({ path: key(`vaults[${i}].subscriptionId`), message: "is only for an existing vault (existing: true); a vault this stack creates goes in the stack's subscription (azure-native:subscriptionId)" });
    }
    issues.push(...at(`vaults[${i}]`, validateKeyVaultArgs(v.name, keyVaultArgs(v, config.resourceGroupName, config.location, extra)), VAULT_FIELD_NAMES));
    return issues;
}

/** A key entry: an existing key only in an existing vault and left unshaped, a new one as the EncryptionKey component takes it. */
function keyIssues(v: VaultConfig, i: number, k: KeyConfig, j: number, vault: VaultReference): ConfigIssue[] {
    const path = `vaults[${i}].keys[${j}]`;
    const issues: ConfigIssue[] = [];
    if (k.existing && !v.existing) {
        issues.push({ path: key(`${path}.existing`), message: `is only for a key in an existing vault (vaults[${i}].existing: true); a vault this stack creates holds only the keys it creates` });
    }
    if (k.existing) {
        for (const field of KEY_SHAPING_FIELDS) {
            if (k[field] !== undefined) issues.push({ path: key(`${path}.${field}`), message: "shapes the key, which this stack leaves alone (existing: true); set it where the key is managed, or remove it" });
        }
    }
    issues.push(...at(path, validateEncryptionKeyArgs(k.name, encryptionKeyArgs(k, vault)).map((x) => (x.field === "keyName" ? { ...x, field: "name" } : x))));
    return issues;
}

/** Each identity entry: an existing identity named and left alone, a new one in the stack's group and subscription. */
function identityIssues(config: StackConfig): ConfigIssue[] {
    return (config.identities ?? []).flatMap((id, i) => {
        const issues: ConfigIssue[] = [];
        if (id.existing) {
            if (id.identityName === undefined) issues.push({ path: key(`identities[${i}].identityName`), message: "is required for an existing identity: the name it has in Azure" });
            if (id.tags !== undefined) issues.push({ path: key(`identities[${i}].tags`), message: "tags the identity, which this stack leaves alone (existing: true); set them where the identity is managed, or remove them" });
            if (id.location !== undefined) issues.push({ path: key(`identities[${i}].location`), message: "places the identity, which this stack leaves alone (existing: true); Azure has its region, or remove it" });
            issues.push(...existingGroupIssue(config, id.resourceGroupName, id.subscriptionId, `identities[${i}]`, "identity"));
        } else {
            if (id.resourceGroupName !== undefined) {
                issues.push({ path: key(`identities[${i}].resourceGroupName`), message: "is only for an existing identity (existing: true); an identity this stack creates goes in azure-byok:resourceGroupName" });
            }
            if (id.subscriptionId !== undefined) {
                issues.push({ path: key(`identities[${i}].subscriptionId`), message: "is only for an existing identity (existing: true); an identity this stack creates goes in the stack's subscription (azure-native:subscriptionId)" });
            }
        }
        issues.push(...at(`identities[${i}]`, validateManagedIdentityArgs(id.name, managedIdentityArgs(id.identityName, config.resourceGroupName, id.location ?? config.location))));
        return issues;
    });
}

/** Application names that repeat, then each application entry: its access, the grants' names, its networks, its export vault, its component's rules. */
function applicationIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const declaredNames = {
        keys: new Map(config.vaults.flatMap((v) => (v.keys ?? []).map((k) => [k.name.toLowerCase(), k.name] as const))),
        vaults: new Map(config.vaults.map((v) => [v.name.toLowerCase(), v.name] as const)),
    };
    // A grant is named for its key or vault as declared (keeping its case, as its resource name does).
    const declared: DeclaredName = (list, n) => declaredNames[list].get(n.toLowerCase());
    return [
        ...duplicates(config.applications, (a) => a.name, (i) => `applications[${i}].name`, "application"),
        ...(config.applications ?? []).flatMap((a, i) => {
            const path = `applications[${i}]`;
            const access = accessIssues(ctx, a, path);
            const names = grantNameIssues(config, a, path, access.unknown, declared);
            return [...access.issues, ...names.issues, ...applicationNetworkIssues(ctx, a, path, access.unknown), ...exportVaultIssues(ctx, a, path), ...clientApplicationIssues(ctx, a, path, access.unknown, names.sameName, declared)];
        }),
    ];
}

/** A key's or vault's config name as its entry declares it, from a reference in any case. */
type DeclaredName = (list: "keys" | "vaults", name: string) => string | undefined;

/** Each access entry names one key or vault of the stack, once; `unknown` holds the entries that do not, which later checks skip. */
function accessIssues(ctx: ConfigContext, a: ApplicationConfig, path: string): { issues: ConfigIssue[]; unknown: Set<number> } {
    const issues: ConfigIssue[] = [];
    const unknown = new Set<number>();
    const granted = new Map<string, number>();
    (a.access ?? []).forEach((g, j) => {
        const at = `${path}.access[${j}]`;
        if ((g.key === undefined) === (g.vault === undefined)) {
            issues.push({ path: key(at), message: "names exactly one of key (for applicationCrypto, signing or cmkService) or vault (for keyManagementAppliance)" });
            unknown.add(j);
        } else if (g.key !== undefined && !ctx.keys.has(g.key.toLowerCase())) {
            issues.push({ path: key(`${at}.key`), message: ctx.unknownKey(g.key) });
            unknown.add(j);
        } else if (g.vault !== undefined && !ctx.vaultRefs.has(g.vault.toLowerCase())) {
            issues.push({ path: key(`${at}.vault`), message: `"${g.vault}" is not a vault in azure-byok:vaults` });
            unknown.add(j);
        } else {
            // One grant per key or vault, named for it: a second entry for it, in any case, would be a second grant of that name.
            const target = g.key !== undefined ? `keys:${g.key.toLowerCase()}` : `vaults:${(g.vault as string).toLowerCase()}`;
            const earlier = granted.get(target);
            if (earlier !== undefined) {
                const field = g.key !== undefined ? "key" : "vault";
                issues.push({ path: key(`${at}.${field}`), message: `"${g.key ?? g.vault}" names the ${field} access[${earlier}] already grants; grant each key or vault once per application` });
                unknown.add(j);
            } else {
                granted.set(target, j);
            }
        }
    });
    return { issues, unknown };
}

/** A key and a vault of one declared name would name two of an application's grants alike; `sameName` holds the later entries. */
function grantNameIssues(config: StackConfig, a: ApplicationConfig, path: string, unknown: Set<number>, declared: DeclaredName): { issues: ConfigIssue[]; sameName: Set<number> } {
    const issues: ConfigIssue[] = [];
    const grantNames = new Map<string, number>();
    const sameName = new Set<number>();
    (a.access ?? []).forEach((g, j) => {
        const name = unknown.has(j) ? undefined : applicationGrantName(g, declared);
        if (name === undefined) return;
        const earlier = grantNames.get(name);
        if (earlier === undefined) {
            grantNames.set(name, j);
            return;
        }
        sameName.add(j);
        const on = (x: { key?: string; vault?: string }) => (x.key !== undefined ? `key ${key(configKeyPath(config, x.key))}` : `vault ${key(configVaultPath(config, x.vault as string))}`);
        issues.push({ path: key(`${path}.access[${j}].${g.key !== undefined ? "key" : "vault"}`), message: `"${name}" is ${on(g)}, and access[${earlier}] grants ${on((a.access ?? [])[earlier])} of the same name: an application's grants are named for the key or vault they are on, so the two grants would have one name; rename the key or the vault` });
    });
    return { issues, sameName };
}

/** How the application reaches its vaults: through them opened to its networks, or privately, and not both. */
function applicationNetworkIssues(ctx: ConfigContext, a: ApplicationConfig, path: string, unknown: Set<number>): ConfigIssue[] {
    const { config } = ctx;
    const issues: ConfigIssue[] = [];
    // Only once every entry is known: an unknown key or vault is reported above.
    if ((a.allowedNetworks ?? []).length === 0 && a.privateNetworkAccess !== true) {
        (a.access ?? []).forEach((g, j) => {
            if (unknown.has(j)) return;
            const name = g.vault ?? ctx.vaultOfKey.get((g.key as string).toLowerCase());
            const vi = config.vaults.findIndex((v) => v.name.toLowerCase() === name?.toLowerCase());
            const problem = vi < 0 ? undefined : unreachableVault(config.vaults[vi], vi, ctx.networks.get(config.vaults[vi].name.toLowerCase()) ?? [], path);
            if (problem) issues.push({ path: key(`${path}.access[${j}]`), message: problem });
        });
    }
    (a.allowedNetworks ?? []).forEach((n, k) => {
        const problem = vaultIpRuleProblem(n);
        if (problem) issues.push({ path: key(`${path}.allowedNetworks[${k}]`), message: problem });
    });
    if ((a.allowedNetworks?.length ?? 0) > 0 && (a.access ?? []).length === 0) {
        issues.push({ path: key(`${path}.allowedNetworks`), message: "opens no vault: the application has no access entry naming a key or vault" });
    }
    if (a.privateNetworkAccess === true && (a.access ?? []).length === 0) {
        issues.push({ path: key(`${path}.privateNetworkAccess`), message: "is true, yet the application has no access entry naming a key or vault it would reach; remove it, or add the access" });
    } else if (a.privateNetworkAccess === true && (a.allowedNetworks ?? []).length > 0) {
        // Either says how the application gets in; both would leave the public endpoint open while claiming it is not needed.
        issues.push({ path: key(`${path}.privateNetworkAccess`), message: `is true, which says the application reaches its vaults only through a private network, while ${key(`${path}.allowedNetworks`)} opens their public endpoint to it; keep allowedNetworks alone for an application that calls from those public ranges, or privateNetworkAccess alone to keep the vaults' public endpoint closed to it` });
    }
    return issues;
}

function exportVaultIssues(ctx: ConfigContext, a: ApplicationConfig, path: string): ConfigIssue[] {
    const exportVault = a.secretsExportConfiguration?.vault;
    return exportVault !== undefined && !ctx.vaultRefs.has(exportVault.toLowerCase())
        ? [{ path: key(`${path}.secretsExportConfiguration.vault`), message: `"${exportVault}" is not a vault in azure-byok:vaults` }]
        : [];
}

/** The ClientApplication component's own rules, on the args the program will build, at the config's names for its fields. */
function clientApplicationIssues(ctx: ConfigContext, a: ApplicationConfig, path: string, unknown: Set<number>, sameName: Set<number>, declared: DeclaredName): ConfigIssue[] {
    // Grants are named for their keys and vaults as declared (as the program names them): two entries on one key in another case are one grant's name twice.
    const args = clientApplicationArgs(a, { key: (n) => ctx.keys.get(n.toLowerCase()), vault: (n) => ctx.vaultRefs.get(n.toLowerCase()), declared });
    const grantOf = (field: string) => Number(/^grants\[(\d+)\]/.exec(field)?.[1]);
    // A vault's own settings are reported at its entry; repeated through a grant they would read as the grant's.
    // A grant's name is no setting: two alike are reported above, at the access entries.
    const own = validateClientApplicationArgs(a.name, args).filter((x) => (!/^grants\[(\d+)\]/.test(x.field) || !unknown.has(grantOf(x.field))) && !x.field.endsWith(".prepareRbacMigration")
        && !(/^grants\[(\d+)\]\.name$/.test(x.field) && sameName.has(grantOf(x.field))));
    return at(path, own, APPLICATION_FIELD_NAMES);
}

/** Each CMK service entry, in config order: its key and identity known, its key's firewall passable, its component's rules. */
function serviceIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const [rg, loc] = [config.resourceGroupName, config.location];
    const shared = (s: { identity?: string }) => (s.identity === undefined ? undefined : plannedIdentity);
    return [
        ...(config.registries ?? []).flatMap((r, i) => serviceKeyIssues(ctx, `registries[${i}]`, r, (k) => validateCmkContainerRegistryArgs(r.name, registryArgs(r, rg, loc, k, shared(r))))),
        ...(config.storageAccounts ?? []).flatMap((s, i) => storageAccountIssues(ctx, s, i)),
        ...(config.diskEncryptionSets ?? []).flatMap((d, i) => serviceKeyIssues(ctx, `diskEncryptionSets[${i}]`, d, (k) => validateCmkDiskEncryptionSetArgs(d.name, diskEncryptionSetArgs(d, rg, loc, k, shared(d))))),
        ...(config.cosmosDbAccounts ?? []).flatMap((c, i) => serviceKeyIssues(ctx, `cosmosDbAccounts[${i}]`, c, (k) => validateCmkCosmosDbAccountArgs(c.name, cosmosDbAccountArgs(c, rg, loc, k, shared(c))))),
        ...(config.eventHubNamespaces ?? []).flatMap((e, i) => serviceKeyIssues(ctx, `eventHubNamespaces[${i}]`, e, (k) => validateCmkEventHubNamespaceArgs(e.name, messagingNamespaceArgs(e, rg, loc, k, shared(e))))),
        ...(config.serviceBusNamespaces ?? []).flatMap((e, i) => serviceKeyIssues(ctx, `serviceBusNamespaces[${i}]`, e, (k) => validateCmkServiceBusNamespaceArgs(e.name, messagingNamespaceArgs(e, rg, loc, k, shared(e))))),
        ...(config.sqlServers ?? []).flatMap((q, i) => serviceKeyIssues(ctx, `sqlServers[${i}]`, q, (k) => validateCmkSqlServerArgs(q.name, sqlServerArgs(q, rg, loc, k, shared(q))))),
        ...(config.postgresqlServers ?? []).flatMap((p, i) => flexibleServerIssues(ctx, `postgresqlServers[${i}]`, p, (k, geo) => validateCmkPostgresqlFlexibleServerArgs(p.name, postgresqlServerArgs(p, rg, loc, k, shared(p), geo)))),
        ...(config.mysqlServers ?? []).flatMap((m, i) => flexibleServerIssues(ctx, `mysqlServers[${i}]`, m, (k, geo) => validateCmkMysqlFlexibleServerArgs(m.name, mysqlServerArgs(m, rg, loc, k, shared(m), geo)))),
    ];
}

/** A service's key and identity are the stack's; with its key known, the component's rules on it, then its vault's firewall. */
function serviceKeyIssues(ctx: ConfigContext, path: string, s: { name: string; key: string; identity?: string }, validate: (k: KeyReference) => ValidationIssue[]): ConfigIssue[] {
    const k = ctx.keys.get(s.key.toLowerCase());
    const keyIssues = k === undefined
        ? [{ path: key(`${path}.key`), message: ctx.unknownKey(s.key) }]
        : [...at(path, validate(k)), ...firewallBypassIssues(ctx.config, path, s.name, s.key)];
    const known = s.identity === undefined || ctx.identityNames.has(s.identity.toLowerCase());
    return known ? keyIssues : [...keyIssues, { path: key(`${path}.identity`), message: `"${s.identity}" is not an identity in azure-byok:identities` }];
}

/** A CMK service reaches its key as a trusted Azure service: a firewall that lets none through locks it out. */
function firewallBypassIssues(config: StackConfig, path: string, what: string, keyName: string): ConfigIssue[] {
    const vi = config.vaults.findIndex((v) => (v.keys ?? []).some((x) => x.name.toLowerCase() === keyName.toLowerCase()));
    const rules = config.vaults[vi]?.networkRules;
    if (rules?.bypass === "None" && !(config.vaults[vi].publicNetworkAccess === "Enabled" && rules.defaultAction === "Allow")) {
        return [{ path: key(`vaults[${vi}].networkRules.bypass`), message: `is "None", but ${path} (${what}) encrypts with key "${keyName}" of this vault, reaching it as a trusted Azure service through the vault's firewall; set bypass to "AzureServices" (the default)` }];
    }
    return [];
}

/** A storage account's encryption scopes' keys, known and reachable, then the account as a service; scopes are judged by the component only once every key they name is known. */
function storageAccountIssues(ctx: ConfigContext, s: StorageAccountConfig, i: number): ConfigIssue[] {
    const { config } = ctx;
    const scopes = s.encryptionScopes ?? [];
    const unknownScopeKeys = scopes.flatMap((e, j) => (ctx.keys.has(e.key.toLowerCase()) ? [] : [j]));
    const known = unknownScopeKeys.length === 0 ? { key: (n: string) => ctx.keys.get(n.toLowerCase()) as KeyReference } : undefined;
    const shared = s.identity === undefined ? undefined : plannedIdentity;
    return [
        ...unknownScopeKeys.map((j) => ({ path: key(`storageAccounts[${i}].encryptionScopes[${j}].key`), message: ctx.unknownKey(scopes[j].key) })),
        ...scopes.flatMap((e, j) => (unknownScopeKeys.includes(j) ? [] : firewallBypassIssues(config, `storageAccounts[${i}].encryptionScopes[${j}]`, `${s.name}'s encryption scope ${e.name}`, e.key))),
        ...serviceKeyIssues(ctx, `storageAccounts[${i}]`, s, (k) => validateCmkStorageAccountArgs(s.name, storageAccountArgs(s, config.resourceGroupName, config.location, k, shared, known))),
    ];
}

/**
 * A PostgreSQL or MySQL server: its geo-backup key known, versioned only when named, and reachable; then the server as a
 * service. The component's customerManagedKeyGeo issues are reported at the geo-backup key, named as its key is.
 */
function flexibleServerIssues(ctx: ConfigContext, path: string, s: { name: string; key: string; identity?: string; geoBackupKey?: string; geoBackupKeyVersion?: string }, validate: (k: KeyReference, geo: KeyReference | undefined) => ValidationIssue[]): ConfigIssue[] {
    const geo = s.geoBackupKey === undefined ? undefined : ctx.keys.get(s.geoBackupKey.toLowerCase());
    const issues: ConfigIssue[] = [];
    if (s.geoBackupKey !== undefined && geo === undefined) issues.push({ path: key(`${path}.geoBackupKey`), message: ctx.unknownKey(s.geoBackupKey) });
    if (s.geoBackupKeyVersion !== undefined && s.geoBackupKey === undefined) issues.push({ path: key(`${path}.geoBackupKeyVersion`), message: "pins a version of the geo-backup key, but geoBackupKey names none; name the key, or leave the version out" });
    if (s.geoBackupKey !== undefined && geo !== undefined) issues.push(...firewallBypassIssues(ctx.config, path, `${s.name}'s geo-backup key`, s.geoBackupKey));
    const k = ctx.keys.get(s.key.toLowerCase());
    const all = k === undefined ? [] : validate(k, geo);
    // An unknown geo key is reported above, by its name; the component would only miss it.
    const geoIssues = all.filter((x) => x.field.startsWith("customerManagedKeyGeo") && (s.geoBackupKey === undefined || geo !== undefined));
    issues.push(...serviceKeyIssues(ctx, path, s, () => all.filter((x) => !x.field.startsWith("customerManagedKeyGeo"))));
    issues.push(...geoIssues.map((x) => {
        const sub = /^customerManagedKeyGeo\.key\.(.+)$/.exec(x.field)?.[1];
        const field = x.field === "customerManagedKeyGeo.keyVersion" ? "geoBackupKeyVersion" : "geoBackupKey";
        return { path: key(`${path}.${field}`), message: sub === undefined ? x.message : `the key's ${sub.replace(/^keyVault\./, "vault's ")} ${x.message}` };
    }));
    return issues;
}

/** The stack's own settings (its tags, entries' tags with them, its wait), then names that repeat across entries or in Azure. */
function stackWideIssues(config: StackConfig): ConfigIssue[] {
    const allKeys = config.vaults.flatMap((v, i) => (v.keys ?? []).map((k, j) => ({ k, path: `vaults[${i}].keys[${j}]` })));
    // A cluster's children are named from it as a service's are (`<name>-identity`): one name space for both.
    const services = [...cmkServices(config), ...(config.kubernetesClusters ?? []).map((s, i) => ({ s, path: `kubernetesClusters[${i}]` }))];
    return [
        // The stack's tags go on its storage accounts too, whose tag names are shorter.
        ...validateTags(config.tags, { storageAccount: (config.storageAccounts ?? []).length > 0 }).map((i) => ({ path: key(i.field), message: i.message })),
        ...entryTagIssues(config),
        ...validateRbacPropagationWait(config.rbacPropagationWait).map((i) => ({ path: key(i.field), message: i.message })),
        ...duplicates(config.vaults, (v) => v.name, (i) => `vaults[${i}].name`, "vault"),
        ...duplicates(config.vaults, (v) => v.vaultName, (i) => `vaults[${i}].vaultName`, "vault"),
        ...duplicates(config.identities, (v) => v.name, (i) => `identities[${i}].name`, "identity"),
        ...duplicates(allKeys, (e) => e.k.name, (i) => `${allKeys[i].path}.name`, "key"),
        ...duplicates(services, (e) => e.s.name, (i) => `${services[i].path}.name`, "service"),
        ...sameAzureNames(config),
    ];
}

/** Each AKS cluster: its disk encryption set and key the stack's, the component's rules, and a KMS that can reach its key's vault. */
function clusterIssues(ctx: ConfigContext): ConfigIssue[] {
    const { config } = ctx;
    const diskEncryptionSets = new Set((config.diskEncryptionSets ?? []).map((d) => d.name.toLowerCase()));
    return (config.kubernetesClusters ?? []).flatMap((c, i) => {
        const path = `kubernetesClusters[${i}]`;
        const issues: ConfigIssue[] = [];
        if (!diskEncryptionSets.has(c.diskEncryptionSet.toLowerCase())) {
            issues.push({ path: key(`${path}.diskEncryptionSet`), message: `"${c.diskEncryptionSet}" is not a disk encryption set in azure-byok:diskEncryptionSets; the nodes' disks are encrypted with one of the stack's` });
        }
        const k = ctx.keys.get(c.key.toLowerCase());
        if (k === undefined) return [...issues, { path: key(`${path}.key`), message: ctx.unknownKey(c.key) }];
        // The set's id is the stack's own, known once it exists: its name was checked above.
        issues.push(...at(path, validateCmkKubernetesClusterArgs(c.name, kubernetesClusterArgs(c, config.resourceGroupName, config.location, k, "")).filter((x) => x.field !== "diskEncryptionSetId")));
        // AKS's KMS is no trusted service: over public access it reaches only a vault open to every network.
        const v = config.vaults.find((x) => (x.keys ?? []).some((y) => y.name.toLowerCase() === c.key.toLowerCase()));
        if (c.keyVaultNetworkAccess === "Public" && v !== undefined && !v.existing && !(v.publicNetworkAccess === "Enabled" && v.networkRules?.defaultAction === "Allow")) {
            // Private is refused on an access-policy vault too: then the way out is the vault's move to RBAC.
            const fix = kmsPrivateLinkAllowed(k.keyVault)
                ? `leave keyVaultNetworkAccess at "Private" (a private link, with apiServerSubnetId)`
                : `"Private" (a private link, with apiServerSubnetId) needs an RBAC vault, and vault "${v.name}" uses access policies: ${KMS_PRIVATE_LINK_FIX}, with keyVaultNetworkAccess "Private"`;
            issues.push({ path: key(`${path}.keyVaultNetworkAccess`), message: `is "Public", but vault "${v.name}" (of key "${c.key}") is closed to public networks, and its firewall admits no AKS KMS plugin; ${fix}` });
        }
        return issues;
    });
}

/**
 * Regions Azure requires to match across entries, judged before anything exists: a cluster's
 * nodes take a disk encryption set in the cluster's region, and the disk encryption sets,
 * PostgreSQL and MySQL servers that share an existing vault (whose region the program reads) must agree,
 * since each takes keys only from its own region.
 */
function regionIssues(config: StackConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const regionOf = (entry: { location?: string }) => entry.location ?? config.location;
    const sets = config.diskEncryptionSets ?? [];
    (config.kubernetesClusters ?? []).forEach((c, i) => {
        const set = sets.find((d) => d.name.toLowerCase() === c.diskEncryptionSet.toLowerCase());
        if (set !== undefined && !sameRegion(regionOf(c), regionOf(set))) {
            issues.push({ path: key(`kubernetesClusters[${i}].location`), message: `is ${regionOf(c)}, but its disk encryption set "${set.name}" is in ${regionOf(set)}; a cluster's nodes take a disk encryption set in the cluster's own region` });
        }
    });
    const vaultOfKey = (k: string) => config.vaults.find((v) => (v.keys ?? []).some((x) => x.name.toLowerCase() === k.toLowerCase()));
    const firstByVault = new Map<string, { s: { location?: string }; path: string }>();
    for (const entry of regionBoundServices(config)) {
        const vault = vaultOfKey(entry.s.key);
        if (vault === undefined || !vault.existing) continue;
        const first = firstByVault.get(vault.name.toLowerCase());
        if (first === undefined) {
            firstByVault.set(vault.name.toLowerCase(), entry);
        } else if (!sameRegion(regionOf(entry.s), regionOf(first.s))) {
            issues.push({ path: key(`${entry.path}.location`), message: `is ${regionOf(entry.s)}, but ${first.path} takes keys from the same vault "${vault.name}" in ${regionOf(first.s)}; disk encryption sets, PostgreSQL and MySQL servers take keys only from a vault in their own region, so both cannot` });
        }
    }
    return issues;
}

/** Each entry's own tags, judged where they are written; with the stack's, at most 50 on one resource. Existing entries' tags are refused elsewhere. */
function entryTagIssues(config: StackConfig): ConfigIssue[] {
    const entries: { path: string; tags?: Record<string, string>; storageAccount?: boolean }[] = [
        ...config.vaults.flatMap((v, i) => [
            ...(v.existing ? [] : [{ path: `vaults[${i}]`, tags: v.tags }]),
            ...(v.keys ?? []).flatMap((k, j) => (k.existing ? [] : [{ path: `vaults[${i}].keys[${j}]`, tags: k.tags }])),
        ]),
        ...(config.identities ?? []).flatMap((id, i) => (id.existing ? [] : [{ path: `identities[${i}]`, tags: id.tags }])),
        ...cmkServices(config).map(({ s, path }) => ({ path, tags: s.tags, storageAccount: path.startsWith("storageAccounts[") })),
        ...(config.kubernetesClusters ?? []).map((e, i) => ({ path: `kubernetesClusters[${i}]`, tags: e.tags })),
    ];
    return entries.flatMap(({ path, tags, storageAccount }) => {
        if (tags === undefined) return [];
        const issues = validateTags(tags, { field: `${path}.tags`, storageAccount });
        const count = Object.keys(tagsFor(config.tags, { tags }) ?? {}).length;
        if (count > TAG_LIMITS.perResource && Object.keys(tags).length <= TAG_LIMITS.perResource) {
            issues.push({ field: `${path}.tags`, message: `with the stack's tags gives the resource ${count} tags; an Azure resource takes at most ${TAG_LIMITS.perResource}` });
        }
        return issues.map((i) => ({ path: key(i.field), message: i.message }));
    });
}

/** What an existing vault's entry may not say, and must. */
function existingVaultIssues(config: StackConfig, i: number): ConfigIssue[] {
    const v = config.vaults[i];
    const issues: ConfigIssue[] = [];
    if (v.vaultName === undefined) {
        issues.push({ path: key(`vaults[${i}].vaultName`), message: "is required for an existing vault: the name it has in Azure" });
    }
    for (const field of VAULT_SHAPING_FIELDS) {
        if (v[field] !== undefined) {
            issues.push({ path: key(`vaults[${i}].${field}`), message: "configures the vault, which this stack leaves alone (existing: true); set it where the vault is managed, or remove it" });
        }
    }
    issues.push(...existingGroupIssue(config, v.resourceGroupName, v.subscriptionId, `vaults[${i}]`, "vault"));
    return issues;
}

/**
 * An existing resource cannot be in the group the stack creates: Pulumi would own the group, and
 * deleting the stack would delete the resource with it. A group in another subscription is another group.
 */
function existingGroupIssue(config: StackConfig, resourceGroupName: string | undefined, subscriptionId: string | undefined, path: string, what: string): ConfigIssue[] {
    if (config.createResourceGroup === false || subscriptionId !== undefined || (resourceGroupName ?? config.resourceGroupName).toLowerCase() !== config.resourceGroupName.toLowerCase()) return [];
    return [{ path: key(`${path}.resourceGroupName`), message: `must name the group the existing ${what} is in, which cannot be ${config.resourceGroupName}: the stack creates that group (set createResourceGroup: false if it exists)` }];
}

/**
 * Why an application without networks of its own, nor privateNetworkAccess, cannot reach a vault the
 * stack creates, or undefined when it may (an existing vault's firewall is Azure's). With the public
 * endpoint off (given, or left off for want of IP, subnet or applications' rules) and no private
 * endpoint, Key Vault takes only private endpoint traffic and trusted Azure services
 * (VaultProperties.publicNetworkAccess), and a vendor's application is neither.
 */
function unreachableVault(v: VaultConfig, vi: number, applicationNetworks: string[], applicationPath: string): string | undefined {
    if (v.existing || (v.privateEndpoints ?? []).length > 0) return undefined;
    const rules = (v.networkRules?.ipRules ?? []).length + (v.networkRules?.virtualNetworkRules ?? []).length + applicationNetworks.length;
    if (v.publicNetworkAccess === "Enabled" || (v.publicNetworkAccess === undefined && rules > 0)) return undefined;
    // vaultNetwork sends Disabled for a vault with no rule whatever its defaultAction: "Allow" there opens nothing.
    const state = v.publicNetworkAccess === "Disabled" ? "its publicNetworkAccess is Disabled"
        : v.networkRules?.defaultAction === "Allow" ? "its public network access is off (with no IP or subnet rule, publicNetworkAccess is Disabled unless Enabled is written, whatever networkRules.defaultAction says)"
        : "its public network access is off (the default: no IP or subnet rule opens it)";
    return `reaches vault "${v.name}", which admits no traffic from this application: ${state} and it has no private endpoint, so Key Vault takes only private endpoint traffic and trusted Azure services there; give the application's public egress ranges as ${key(`${applicationPath}.allowedNetworks`)} (they open the vault's firewall to those ranges alone), a private endpoint on the vault (${key(`vaults[${vi}].privateEndpoints`)}) when the application reaches it from a network joined to it, or ${key(`${applicationPath}.privateNetworkAccess`)}: true when it reaches the vault through a private endpoint this stack does not make (a hub's, over peering, VPN or ExpressRoute)`;
}

/** The config path of a key's entry, by its config name in any case. */
function configKeyPath(config: StackConfig, name: string): string {
    const i = config.vaults.findIndex((v) => (v.keys ?? []).some((k) => k.name.toLowerCase() === name.toLowerCase()));
    const j = (config.vaults[i]?.keys ?? []).findIndex((k) => k.name.toLowerCase() === name.toLowerCase());
    return `vaults[${i}].keys[${j}].name`;
}

/** The config path of a vault's entry, by its config name in any case. */
function configVaultPath(config: StackConfig, name: string): string {
    return `vaults[${config.vaults.findIndex((v) => v.name.toLowerCase() === name.toLowerCase())}].name`;
}

/** Per vault (lowercase config name), the networks of the applications that reach it. */
export function applicationNetworks(config: StackConfig, vaultOfKey: (key: string) => string | undefined): Map<string, string[]> {
    const networks = new Map<string, string[]>();
    for (const a of config.applications ?? []) {
        for (const vault of vaultsReachedBy(a, vaultOfKey)) {
            networks.set(vault, [...new Set([...(networks.get(vault) ?? []), ...(a.allowedNetworks ?? [])])]);
        }
    }
    return networks;
}

/**
 * Keys this program would never read: those in a renamed project's own namespace (`pulumi config
 * set location ...` in project `contoso-keys` writes `contoso-keys:location`), and those in a
 * misspelt `azure-byok` namespace (`azure-byk:tags`). Each would otherwise be ignored without a word.
 */
export function misplacedConfig(all: Record<string, string>, project: string): ConfigError | undefined {
    const issues = Object.keys(all).flatMap((fullKey) => {
        const at = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, at);
        const k = fullKey.slice(at + 1);
        if (at < 0 || namespace === CONFIG_NAMESPACE) return [];
        if (namespace === project) {
            return [{ path: fullKey, message: `is in the project's own namespace, which this program does not read; set ${key(k)} instead (pulumi config set ${key(k)} ...)` }];
        }
        // A misspelt namespace (azure-byk:, azure_byok:) would be ignored without a word, and its setting with it.
        const plain = (ns: string) => ns.toLowerCase().replace(/[-_.]/g, "");
        if (plain(namespace) === plain(CONFIG_NAMESPACE) || editDistance(namespace, CONFIG_NAMESPACE) <= 2) {
            return [{ path: fullKey, message: `is in namespace "${namespace}", which nothing reads; did you mean ${key(k)}?` }];
        }
        return [];
    });
    return issues.length > 0 ? new ConfigError(issues) : undefined;
}

/** The regions of Azure's sovereign clouds, by `azure-native:environment`: closed lists, unlike the public cloud's. */
const SOVEREIGN_REGIONS: Record<string, string[]> = {
    china: ["chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3"],
    usgovernment: ["usgovvirginia", "usgovarizona", "usgovtexas", "usgoviowa", "usdodeast", "usdodcentral"],
};

/** Public-cloud regions, to tell a misspelt one (westeurop) from one newer than this list, which is let through. */
const PUBLIC_REGIONS = [
    "eastus", "eastus2", "southcentralus", "westus2", "westus3", "australiaeast", "southeastasia", "northeurope", "swedencentral", "uksouth",
    "westeurope", "centralus", "southafricanorth", "centralindia", "eastasia", "japaneast", "koreacentral", "canadacentral", "francecentral",
    "germanywestcentral", "italynorth", "norwayeast", "polandcentral", "spaincentral", "switzerlandnorth", "mexicocentral", "uaenorth",
    "brazilsouth", "israelcentral", "qatarcentral", "northcentralus", "westus", "japanwest", "westcentralus", "southafricawest",
    "australiacentral", "australiacentral2", "australiasoutheast", "koreasouth", "southindia", "westindia", "canadaeast", "francesouth",
    "germanynorth", "norwaywest", "switzerlandwest", "ukwest", "uaecentral", "brazilsoutheast", "newzealandnorth", "indonesiacentral",
    "malaysiawest", "chilecentral", "austriaeast", "belgiumcentral", "denmarkeast", "swedensouth", "jioindiawest", "jioindiacentral",
];

/**
 * Names ARM lists among its locations with regionType Logical: geographies and the global location,
 * which no regional service deploys to (`az account list-locations` shows them beside the regions).
 */
const LOGICAL_LOCATIONS = [
    "global", "asia", "asiapacific", "australia", "brazil", "canada", "europe", "france", "germany", "india", "israel", "italy", "japan",
    "korea", "mexico", "newzealand", "norway", "poland", "qatar", "singapore", "southafrica", "spain", "sweden", "switzerland", "taiwan",
    "uae", "uk", "unitedstates", "unitedstateseuap",
];

/** A region's words in another order (uswest for westus, europewest for westeurope): a rotation of a known name. */
function reordered(region: string, known: string): boolean {
    if (region.length !== known.length || region === known) return false;
    return [...region].some((_, i) => i > 0 && region.slice(i) + region.slice(0, i) === known);
}

/**
 * Whether a region name is a slip of a known one: one letter added, dropped, changed or two
 * swapped. Not a different number (westus4 may be a region newer than the list), and nothing
 * further off (italysouth is two letters from italynorth, and may be a region too).
 */
function misspelt(region: string, known: string): boolean {
    if (region.replace(/\d+$/, "") === known.replace(/\d+$/, "")) return false;
    if (editDistance(region, known) <= 1) return true;
    if (region.length !== known.length) return false;
    const at = [...region].findIndex((c, i) => c !== known[i]);
    return at >= 0 && region[at] === known[at + 1] && region[at + 1] === known[at] && region.slice(at + 2) === known.slice(at + 2);
}

/** The clouds, in the order PRIVATE_LINK_TARGETS lists each zone's names. */
const CLOUDS = ["public", "usgovernment", "china"] as const;

/** azuread's names for a cloud (`azuread:environment`), by the cloud azure-native calls it. */
const ENTRA_CLOUDS: Record<string, (typeof CLOUDS)[number]> = { global: "public", public: "public", usgovernment: "usgovernment", usgovernmentl4: "usgovernment", usgovernmentl5: "usgovernment", dod: "usgovernment", china: "china" };

/**
 * Settings that belong to another cloud than the stack's: in a sovereign cloud (`azure-native:environment`
 * china or usgovernment) any region outside its list, in the public cloud a sovereign cloud's region or a
 * misspelt one (every `location` setting in the config, the stack's and each entry's, not a tag of that name); a private DNS zone of
 * another cloud, where no client of this one looks; and, for a stack with applications, an
 * `azuread:environment` that would register them in another cloud's directory, or an
 * `azuread:tenantId` that would register them in another tenant than their key grants'.
 */
export function regionConfig(all: Record<string, string>): ConfigError | undefined {
    // The provider reads ARM_ENVIRONMENT when the stack names no cloud.
    const environment = (all["azure-native:environment"] ?? process.env.ARM_ENVIRONMENT ?? "public").toLowerCase();
    const own = SOVEREIGN_REGIONS[environment];
    const locations: { path: string; value: string }[] = [];
    if (all["azure-native:location"] !== undefined) locations.push({ path: "azure-native:location", value: all["azure-native:location"] });
    const walk = (value: unknown, path: string) => {
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
        else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) {
                const at = path === "" ? k : `${path}.${k}`;
                // A tag's value is free text (up to 256 characters): a tag named location is no region.
                if (k === "tags") continue;
                if (k === "location" && typeof v === "string") locations.push({ path: key(at), value: v });
                else walk(v, at);
            }
        }
    };
    const raw = rawConfig(all);
    delete raw.location;
    walk(raw, "");
    if (all[key("location")] !== undefined) locations.unshift({ path: key("location"), value: all[key("location")] });
    const issues = locations.flatMap(({ path, value }) => {
        const region = regionName(value);
        if (own !== undefined) {
            return own.includes(region) ? [] : [{ path, message: `"${value}" is not a region of the ${environment} cloud that azure-native:environment names; use one of ${own.join(", ")}` }];
        }
        const sovereign = Object.entries(SOVEREIGN_REGIONS).find(([, regions]) => regions.includes(region))?.[0];
        if (sovereign !== undefined) {
            return [{ path, message: `"${value}" is a region of the ${sovereign} cloud; set azure-native:environment to ${sovereign} to deploy there` }];
        }
        if (PUBLIC_REGIONS.includes(region)) return [];
        if (LOGICAL_LOCATIONS.includes(region)) {
            const within = PUBLIC_REGIONS.filter((r) => r.includes(region)).slice(0, 4);
            return [{ path, message: `"${value}" is ${region === "global" ? "the global location" : "a geography"}, not a region: ARM lists it (regionType Logical) but deploys no vault, key or service there; ${within.length > 0 ? `use one of its regions, such as ${within.join(", ")}` : "use a region"}` }];
        }
        // Every Azure region name has letters; a number or a YAML boolean read as text is no region.
        if (!/[a-z]/.test(region) || region === "true" || region === "false") {
            return [{ path, message: `"${value}" is not an Azure region: a region is named by words such as westeurope or eastus2` }];
        }
        const near = PUBLIC_REGIONS.find((r) => reordered(region, r)) ?? PUBLIC_REGIONS.find((r) => misspelt(region, r));
        return near === undefined ? [] : [{ path, message: `"${value}" is not an Azure region; did you mean ${near}?` }];
    });
    const cloud = CLOUDS.indexOf(environment as (typeof CLOUDS)[number]);
    if (cloud >= 0) {
        issues.push(...foreignZones(raw, cloud));
        const applications = raw.applications;
        const entra = all["azuread:environment"] ?? process.env.ARM_ENVIRONMENT ?? "global";
        const entraCloud = ENTRA_CLOUDS[entra.toLowerCase()];
        // With a metadataHost azuread finds its cloud there, not by name.
        if (Array.isArray(applications) && applications.length > 0 && all["azuread:metadataHost"] === undefined && entraCloud !== undefined && entraCloud !== environment) {
            const given = all["azuread:environment"] === undefined ? `unset (azuread's default, ${entra})` : `"${entra}"`;
            issues.push({ path: "azuread:environment", message: `is ${given}, but azure-native:environment is ${environment}: the applications would be registered in the ${entraCloud} cloud's directory while their keys are in ${environment}; set azuread:environment to ${environment}` });
        }
    }
    issues.push(...entraTenantIssues(all, raw.applications));
    return issues.length > 0 ? new ConfigError(issues) : undefined;
}

/**
 * An `azuread:tenantId` other than azure-native's tenant, for a stack whose applications get key
 * grants: the grants are made in azure-native's tenant, where an application registered in
 * azuread's has no service principal, and Key Vault takes tokens of its own tenant only. Secret
 * readers are the user's own principals of the vault's tenant, so they need no check. Each provider
 * reads ARM_TENANT_ID when its own setting is absent; a tenant given by domain name is left to the
 * providers.
 */
function entraTenantIssues(all: Record<string, string>, applications: unknown): ConfigIssue[] {
    const native = configuredTenantId(all, "azure-native");
    const entra = configuredTenantId(all, "azuread");
    if (native === undefined || entra === undefined || !GUID_PATTERN.test(native) || !GUID_PATTERN.test(entra) || native.toLowerCase() === entra.toLowerCase()) return [];
    const granted = (Array.isArray(applications) ? applications : []).flatMap((a: unknown) => {
        if (a === null || typeof a !== "object") return [];
        const { name, access } = a as { name?: unknown; access?: unknown };
        return Array.isArray(access) && access.length > 0 ? [String(name)] : [];
    });
    if (granted.length === 0) return [];
    const given = all["azuread:tenantId"] === undefined ? `unset (azuread reads ARM_TENANT_ID, ${entra})` : entra;
    const nativeGiven = all["azure-native:tenantId"] === undefined ? `ARM_TENANT_ID, which azure-native reads, is ${native}` : `azure-native:tenantId is ${native}`;
    return [{
        path: "azuread:tenantId",
        message: `is ${given}, but ${nativeGiven}: the stack would register application${granted.length === 1 ? "" : "s"} ${granted.join(", ")} in tenant ${entra} and make ${granted.length === 1 ? "its" : "their"} key grants in tenant ${native}, which has no service principal of ${entra}'s applications and whose vaults accept its own tokens only; set azuread:tenantId to ${native}`,
    }];
}

/**
 * The tenant a provider signs in to as the stack configures it: its own `tenantId`, else
 * ARM_TENANT_ID (an empty one is unset), which azure-native and azuread read when theirs is absent.
 */
export function configuredTenantId(all: Record<string, string>, provider: "azure-native" | "azuread"): string | undefined {
    return all[`${provider}:tenantId`] ?? (process.env.ARM_TENANT_ID || undefined);
}

/** Private DNS zones written in the config that are another cloud's names for a private-link zone. */
function foreignZones(value: unknown, cloud: number, path = ""): ConfigIssue[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => foreignZones(v, cloud, `${path}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]: [string, unknown]) => {
        const at = path === "" ? k : `${path}.${k}`;
        if (k !== "privateDnsZoneResourceIds" || !Array.isArray(v)) return foreignZones(v, cloud, at);
        return v.flatMap((id, j) => {
            const zone = typeof id === "string" ? /\/privateDnsZones\/([^/]+)\/?$/i.exec(id)?.[1]?.toLowerCase() : undefined;
            const names = zone === undefined ? undefined : ZONE_NAMES.find((n) => n.includes(zone));
            if (names === undefined || names.indexOf(zone as string) === cloud) return [];
            return [{ path: key(`${at}[${j}]`), message: `names zone "${zone}" of the ${CLOUDS[names.indexOf(zone as string)]} cloud, but azure-native:environment is ${CLOUDS[cloud]}, whose clients resolve ${names[cloud]}; use that zone` }];
        });
    });
}

const ZONE_NAMES: readonly (readonly string[])[] = Object.values(PRIVATE_LINK_TARGETS).flatMap((groups) => Object.values(groups) as readonly (readonly string[])[]);

/** Tag names that are members of every JavaScript object, wherever a `tags` map is written. */
function reservedTagNames(value: unknown, path: string): ConfigIssue[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => reservedTagNames(v, `${path}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]: [string, unknown]) => {
        const at = path === "" ? k : `${path}.${k}`;
        if (k === "tags" && v !== null && typeof v === "object" && !Array.isArray(v)) {
            return Object.keys(v).filter((name) => OBJECT_MEMBER_NAMES.has(name)).map((name) => ({ path: key(`${at}.${name}`), message: RESERVED_TAG_NAME }));
        }
        return reservedTagNames(v, at);
    });
}

/** Whether a top-level setting is text in the schema, so that its value is never read as a number or boolean. */
function textSetting(name: string): boolean {
    const shape: Record<string, z.ZodType | undefined> = stackConfigSchema.shape;
    const node = shape[name];
    return node !== undefined && unwrapOptional(node) instanceof z.ZodString;
}

/**
 * The raw `azure-byok:` config from Pulumi's config map (`namespace:key` → string), structured
 * values decoded from the JSON Pulumi stores them as; `location` defaults to `azure-native:location`.
 */
export function rawConfig(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        const k = fullKey.slice(CONFIG_NAMESPACE.length + 1);
        // Pulumi hands every plain value over as text, quoted or not: a text setting keeps it ("20240101" stays a name).
        if (textSetting(k)) {
            raw[k] = value;
            continue;
        }
        try {
            raw[k] = JSON.parse(value);
        } catch {
            raw[k] = value;
        }
    }
    // The region most stacks already give the provider (`pulumi config set azure-native:location`).
    const providerLocation = all["azure-native:location"];
    if (raw.location === undefined && providerLocation !== undefined) {
        raw.location = providerLocation;
    }
    return raw;
}
