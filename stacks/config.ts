import { z } from "zod";
import { entraCloud } from "../components/client-credentials";
import { CLUSTER_REQUIRED } from "../components/cmk-kubernetes-cluster";
import { POSTGRESQL_ADMINISTRATOR_REQUIRED } from "../components/cmk-postgresql-flexible-server";
import { SQL_ADMINISTRATOR_REQUIRED } from "../components/cmk-sql-server";
import { validateRbacPropagationWait } from "../components/key-access";
import { defaultPrivateEndpointName, PRIVATE_LINK_TARGETS } from "../components/private-endpoint";
import { OBJECT_MEMBER_NAMES, RESERVED_TAG_NAME, TAG_LIMITS, TagCheckOptions, TagTarget, validateTags } from "../components/tags";
import { editDistance, GUID_PATTERN, regionName, sameRegion } from "../components/validation";
import { keyVaultObjectTags, tagsFor } from "./args";
import { CLOUD_NAMES_OFFERED, configuredCloud } from "./azure-cloud";
import { applicationIssues } from "./config-applications";
import { childNameClashIssues } from "./config-child-names";
import { configContext } from "./config-context";
import { closest, CONFIG_NAMESPACE, ConfigError, ConfigIssue, duplicates, key } from "./config-issue";
import { foreignNameHint, listPath } from "./config-renames";
import { clusterIssues, serviceIssues } from "./config-services";
import { identityIssues, vaultIssues } from "./config-vaults";
import { ownerGrantIssues, sharedIdentityUses } from "./owner-grants";
import { PRODUCT_ENUMS, StackConfig, stackConfigSchema } from "./schema";

// Where they were declared before the checks moved to files of their own (config-*.ts), for the modules that import them from here.
export { applicationNetworks } from "./config-context";
export { CONFIG_NAMESPACE, ConfigError } from "./config-issue";
export type { ConfigIssue } from "./config-issue";

/** `vaults[1].networkRules.ipRules[0]` from zod's path array. */
function formatPath(path: readonly PropertyKey[]): string {
    // As Pulumi's --path reads it (resource/properties_path.go): a map key holding '.', '[' or ']' goes in ["..."].
    return path.reduce<string>((out, part) => (typeof part === "number"
        ? `${out}[${part}]`
        : out === "" ? String(part) : /^[^.[\]"]+$/.test(String(part)) ? `${out}.${String(part)}` : `${out}[${JSON.stringify(String(part))}]`), "");
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
            // The product's own words are no Azure name: another case is refused, not read as one.
            const values = issue.values;
            if (PRODUCT_ENUMS.some((e) => e.length === values.length && e.every((v) => values.includes(v)))) return [];
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

/** Why a required setting is required, where the component that takes it says so: by list path and setting (`kubernetesClusters.diskEncryptionSet`). */
const REQUIRED_WHY: Record<string, string> = {
    "kubernetesClusters.diskEncryptionSet": `${CLUSTER_REQUIRED.diskEncryptionSet}; name a diskEncryptionSets[] entry, on a key in a vault of the cluster's region`,
    "kubernetesClusters.nodeSubnetId": CLUSTER_REQUIRED.nodeSubnet,
    "kubernetesClusters.administratorGroupObjectIds": CLUSTER_REQUIRED.administrators,
    "sqlServers.administrator": SQL_ADMINISTRATOR_REQUIRED,
    "postgresqlServers.administrator": POSTGRESQL_ADMINISTRATOR_REQUIRED,
};

function zodIssues(error: z.ZodError, raw: unknown): ConfigIssue[] {
    return error.issues.flatMap((issue): ConfigIssue[] => {
        if (issue.code === "unrecognized_keys") {
            const known = settingsAt(stackConfigSchema, issue.path);
            return issue.keys.map((k) => {
                // `pulumi config set` without --path keeps "tags.costCenter" as one key of that name.
                const head = issue.path.length === 0 ? /^([^.[]+)[.[]/.exec(k)?.[1] : undefined;
                if (head !== undefined && known.includes(head)) {
                    return { path: key(k), message: `is one key named "${k}", as pulumi config set stores a path given without --path, which this program does not read; set it with --path (pulumi config set --path '${key(k)}' ...), or write it under ${head} in the stack file` };
                }
                const hint = foreignNameHint(listPath(issue.path), k, known);
                return { path: key(formatPath([...issue.path, k])), message: `is not a setting this program reads; ${hint ?? `it reads ${known.join(", ")}`}` };
            });
        }
        // zod v4 reports a left-out enum as an invalid_value ("Invalid option"), a left-out string as an invalid_type: both are missing.
        if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
            const why = REQUIRED_WHY[listPath(issue.path)];
            return [{ path: key(formatPath(issue.path)), message: `is required (${issue.expected})${why === undefined ? "" : `: ${why}`}` }];
        }
        if (issue.code === "invalid_value" && valueAt(raw, issue.path) === undefined) {
            return [{ path: key(formatPath(issue.path)), message: `is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})` }];
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
    const groups: [string, GroupName[]][] = [["identity", identities], ["disk encryption set", sets], ["AKS cluster", clusters], ["private endpoint", privateEndpointNames(config)]];
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

/** A config entry that may have private endpoints, with its service's Azure name when the config gives it. */
interface EndpointHost {
    path: string;
    endpoints: NonNullable<StackConfig["vaults"][number]["privateEndpoints"]>;
    /** The setting that names the service in Azure, and its value; none for a generated name, which is unique. */
    azureName?: { field: string; value: string };
}

/**
 * The private endpoints' names, each in the resource group it goes in (names are unique per resource group:
 * learn.microsoft.com, azure-resource-manager/management/resource-name-rules, Microsoft.Network/privateEndpoints):
 * its `resourceGroupName`, in its subnet's subscription, where it gives one, else the stack's group. One left
 * unnamed is `pe-<service name>`, then `-1`, `-2` (PrivateEndpoint.name), which services of two kinds can share,
 * as a SQL server and a PostgreSQL server may both be `payments-prod` (their DNS names differ); azure-native
 * then fails the second create in `pulumi up` ("already exists"), after the services are made. A generated
 * service name is unique, and so are its endpoints' default names. A vault the stack does not create gets none.
 */
function privateEndpointNames(config: StackConfig): GroupName[] {
    const hosts = <T extends { privateEndpoints?: EndpointHost["endpoints"] }>(list: string, entries: T[] | undefined, azureName: (e: T) => EndpointHost["azureName"]): EndpointHost[] =>
        (entries ?? []).map((e, i) => ({ path: `${list}[${i}]`, endpoints: e.privateEndpoints ?? [], azureName: azureName(e) }));
    const named = (field: string, value: string | undefined) => (value === undefined ? undefined : { field, value });
    const all: EndpointHost[] = [
        ...hosts("vaults", config.vaults.filter((v) => v.existing !== true), (v) => named("vaultName", v.vaultName)),
        ...hosts("registries", config.registries, (r) => named("registryName", r.registryName)),
        ...hosts("storageAccounts", config.storageAccounts, (a) => named("accountName", a.accountName)),
        ...hosts("cosmosDbAccounts", config.cosmosDbAccounts, (a) => named("accountName", a.accountName)),
        ...hosts("eventHubNamespaces", config.eventHubNamespaces, (n) => named("namespaceName", n.namespaceName)),
        ...hosts("serviceBusNamespaces", config.serviceBusNamespaces, (n) => named("namespaceName", n.namespaceName)),
        ...hosts("sqlServers", config.sqlServers, (q) => named("serverName", q.serverName)),
        ...hosts("postgresqlServers", config.postgresqlServers, (q) => named("serverName", q.serverName)),
        ...hosts("mysqlServers", config.mysqlServers, (q) => named("serverName", q.serverName)),
    ];
    // An existing vault's entries keep their index in the config's list.
    const vaultIndex = config.vaults.map((v, i) => ({ v, i })).filter(({ v }) => v.existing !== true).map(({ i }) => i);
    vaultIndex.forEach((i, j) => (all[j].path = `vaults[${i}]`));
    const stackGroup = `/${config.resourceGroupName.toLowerCase()}`;
    return all.flatMap((host) => host.endpoints.flatMap((e, j): GroupName[] => {
        const at = `${host.path}.privateEndpoints[${j}]`;
        // The program places an endpoint with a group of its own in its subnet's subscription.
        const subscription = /^\/subscriptions\/([^/]+)\//i.exec(e.subnetResourceId)?.[1] ?? "";
        const scope = e.resourceGroupName === undefined ? stackGroup : `${subscription}/${e.resourceGroupName}`.toLowerCase();
        if (e.name !== undefined) return [{ name: e.name, scope, path: `${at}.name` }];
        if (host.azureName === undefined) return [];
        const name = defaultPrivateEndpointName(host.azureName.value, j);
        return [{ name, scope, path: at, how: `${at}'s default name, pe-<${host.azureName.field}>${name.slice(`pe-${host.azureName.value}`.length)}, as it gives no name` }];
    }));
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
    // An endpoint's default name changes only with its service's: naming the endpoint is the fix that leaves the service be.
    const rename = what === "private endpoint" ? "name one of them otherwise (its name setting)" : "rename one";
    return {
        path: key(later.path),
        message: `"${later.name}"${described(later)} is already used by ${key(first.path)}${first.name === later.name ? "" : ` as "${first.name}"`}${described(first)}; ${what} names are unique in a resource group whatever their case, so the two would be one ${what} in Azure: ${rename}${share}`,
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
        ...childNameClashIssues(ctx),
        ...regionIssues(config),
        ...clusterIssues(ctx),
        ...ownerGrantIssues(config, sharedIdentityUses(config, cmkServices(config))),
    ];
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    return config;
}

/** The stack's own settings (its tags, entries' tags with them, its wait), then names that repeat across entries or in Azure. */
function stackWideIssues(config: StackConfig): ConfigIssue[] {
    const allKeys = config.vaults.flatMap((v, i) => (v.keys ?? []).map((k, j) => ({ k, path: `vaults[${i}].keys[${j}]` })));
    // A cluster's children are named from it as a service's are (`<name>-identity`): one name space for both.
    const services = [...cmkServices(config), ...(config.kubernetesClusters ?? []).map((s, i) => ({ s, path: `kubernetesClusters[${i}]` }))];
    return [
        // The stack's tags go on its storage accounts too, whose tag names are shorter, and on its keys and handed-over secrets, which take fewer.
        ...validateTags(config.tags, stackTagTargets(config)).map((i) => ({ path: key(i.field), message: i.message })),
        ...keyTagIssues(config),
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

/**
 * What the stack's tags go on beyond any resource, whose limits they are held to: storage accounts (shorter names), and keys
 * and handed-over secrets (Key Vault's: 15 tags, a key's names 256 characters), which a message names by their entries.
 */
function stackTagTargets(config: StackConfig, vaultObjects = false): TagCheckOptions {
    const keys = config.vaults.flatMap((v, i) => (v.keys ?? []).flatMap((k, j) => (k.existing ? [] : [`"${k.name}" (${key(`vaults[${i}].keys[${j}]`)})`])));
    // An application's handed-over secrets take the stack's tags alone.
    const handovers = (config.applications ?? []).flatMap((a, i) => (a.secretsExportConfiguration === undefined ? [] : [`"${a.name}" (${key(`applications[${i}].secretsExportConfiguration`)})`]));
    const on: TagTarget[] = vaultObjects ? [] : ["resource"];
    if (!vaultObjects && (config.storageAccounts ?? []).length > 0) on.push("storageAccount");
    // With keyTags, keys and secrets carry only the tags it names, held to Key Vault's limits apart (keyTagIssues).
    const apart = config.keyTags !== undefined;
    if (keys.length > 0 && apart === vaultObjects) on.push("key");
    if (handovers.length > 0 && apart === vaultObjects) on.push("secret");
    return {
        on,
        reaching: {
            key: `${keys.length === 1 ? "key" : "keys"} ${firstFew(keys)}`,
            secret: `the Key Vault secrets ${handovers.length === 1 ? "application" : "applications"} ${firstFew(handovers)} ${handovers.length === 1 ? "hands" : "hand"} over`,
        },
    };
}

/**
 * `keyTags`: names of the stack's tags, each once, and the tags they pick held to Key Vault's limits
 * for what carries them (15 on a key or secret; a key's names at most 256 characters).
 */
function keyTagIssues(config: StackConfig): ConfigIssue[] {
    if (config.keyTags === undefined) return [];
    const names = Object.keys(config.tags ?? {});
    const issues: ConfigIssue[] = [];
    const seen = new Map<string, number>();
    config.keyTags.forEach((name, i) => {
        const at = key(`keyTags[${i}]`);
        const first = seen.get(name.toLowerCase());
        if (first !== undefined) {
            issues.push({ path: at, message: `"${name}" is keyTags[${first}] again; name each tag once` });
        } else if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) {
            const near = closest(name, names);
            issues.push({ path: at, message: `"${name}" is not a tag of ${key("tags")}, whose tags keys and handed-over secrets carry a subset of; ${near !== undefined ? `did you mean "${near}"?` : names.length > 0 ? `name one of: ${names.join(", ")}` : "the stack has no tags"}` });
        }
        seen.set(name.toLowerCase(), first ?? i);
    });
    const targets = stackTagTargets(config, true);
    const on = [targets.on ?? []].flat();
    if (on.length === 0) return issues;
    const carried = keyVaultObjectTags(config) ?? {};
    // Every other rule of a tag's name and value is the stack's tags' to report, where they are written.
    const count = validateTags(carried, { ...targets, field: "keyTags" }).filter((i) => i.field === "keyTags");
    const keyNames = on.includes("key") ? Object.keys(carried).filter((n) => n.length > TAG_LIMITS.keyNameLength) : [];
    return [
        ...issues,
        ...count.map((i) => ({ path: key(i.field), message: i.message.replace(/^has /, "picks ") })),
        ...keyNames.map((n) => ({ path: key(`keyTags[${config.keyTags?.findIndex((k) => k.toLowerCase() === n.toLowerCase())}]`), message: `picks tag "${n.slice(0, 40)}…", ${n.length} characters, which goes on ${targets.reaching?.key}; a Key Vault key's tag name is at most ${TAG_LIMITS.keyNameLength}` })),
    ];
}

/** Up to three of the entries, then how many more. */
function firstFew(entries: string[]): string {
    return entries.length <= 3 ? entries.join(", ") : `${entries.slice(0, 3).join(", ")} and ${entries.length - 3} more`;
}

/**
 * Each entry's own tags, judged where they are written; with the stack's, at most 50 on one resource, 15 on a key
 * (Key Vault's limit: TAG_LIMITS). Existing entries' tags are refused elsewhere.
 */
function entryTagIssues(config: StackConfig): ConfigIssue[] {
    const entries: { path: string; tags?: Record<string, string>; on?: TagTarget }[] = [
        ...config.vaults.flatMap((v, i) => [
            ...(v.existing ? [] : [{ path: `vaults[${i}]`, tags: v.tags }]),
            ...(v.keys ?? []).flatMap((k, j) => (k.existing ? [] : [{ path: `vaults[${i}].keys[${j}]`, tags: k.tags, on: "key" as const }])),
        ]),
        ...(config.identities ?? []).flatMap((id, i) => (id.existing ? [] : [{ path: `identities[${i}]`, tags: id.tags }])),
        ...cmkServices(config).map(({ s, path }) => ({ path, tags: s.tags, on: path.startsWith("storageAccounts[") ? "storageAccount" as const : undefined })),
        ...(config.kubernetesClusters ?? []).map((e, i) => ({ path: `kubernetesClusters[${i}]`, tags: e.tags })),
    ];
    return entries.flatMap(({ path, tags, on }) => {
        if (tags === undefined) return [];
        const issues = validateTags(tags, { field: `${path}.tags`, on });
        const count = Object.keys(tagsFor(on === "key" ? keyVaultObjectTags(config) : config.tags, { tags }) ?? {}).length;
        const limit = on === "key" ? TAG_LIMITS.perKeyVaultObject : TAG_LIMITS.perResource;
        const [it, kind] = on === "key" ? ["the key", "a Key Vault key"] : ["the resource", "an Azure resource"];
        if (count > limit && Object.keys(tags).length <= limit) {
            issues.push({ field: `${path}.tags`, message: `with the stack's tags gives ${it} ${count} tags; ${kind} takes at most ${limit}` });
        }
        return issues.map((i) => ({ path: key(i.field), message: i.message }));
    });
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


/**
 * Settings that belong to another cloud than the stack's: in a sovereign cloud (`azure-native:environment`
 * china or usgovernment) any region outside its list, in the public cloud a sovereign cloud's region or a
 * misspelt one (every `location` setting in the config, the stack's and each entry's, not a tag of that name); a private DNS zone of
 * another cloud, where no client of this one looks; and, for a stack with applications, an
 * `azuread:environment` that would register them in another cloud's directory, or an
 * `azuread:tenantId` that would register them in another tenant than their key grants'.
 */
export function regionConfig(all: Record<string, string>): ConfigError | undefined {
    // The provider reads ARM_ENVIRONMENT, then AZURE_ENVIRONMENT, when the stack names no cloud, and takes
    // a name it does not know as the public cloud: refused here, before every region is judged as public.
    const configured = configuredCloud(all);
    if (configured !== undefined && configured.cloud === undefined) {
        return new ConfigError([{ path: configured.source, message: `"${configured.given}" is not a cloud azure-native knows, which it would take as the public cloud without a word; use ${CLOUD_NAMES_OFFERED}` }]);
    }
    const environment = configured?.cloud ?? "public";
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
                // A Cosmos DB account's failover regions are named locationName, as ARM names them.
                if ((k === "location" || k === "locationName") && typeof v === "string") locations.push({ path: key(at), value: v });
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
    issues.push(...foreignZones(raw, CLOUDS.indexOf(environment)));
    const applications = raw.applications;
    const entra = all["azuread:environment"] ?? process.env.ARM_ENVIRONMENT ?? "global";
    const entraCloudName = entraCloud(entra);
    // With a metadataHost azuread finds its cloud there, not by name.
    if (Array.isArray(applications) && applications.length > 0 && all["azuread:metadataHost"] === undefined && entraCloudName !== undefined && entraCloudName !== environment) {
        const given = all["azuread:environment"] === undefined ? `unset (azuread's default, ${entra})` : `"${entra}"`;
        issues.push({ path: "azuread:environment", message: `is ${given}, but azure-native:environment is ${environment}: the applications would be registered in the ${entraCloudName} cloud's directory while their keys are in ${environment}; set azuread:environment to ${environment}` });
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
    // Defined, not assigned: `azure-byok:__proto__` would otherwise set the object's prototype, its
    // settings read as the stack's and the key itself never seen, where any other unknown key is refused.
    const set = (k: string, value: unknown) => Object.defineProperty(raw, k, { value, enumerable: true, writable: true, configurable: true });
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        const k = fullKey.slice(CONFIG_NAMESPACE.length + 1);
        // Pulumi hands every plain value over as text, quoted or not: a text setting keeps it ("20240101" stays a name).
        if (textSetting(k)) {
            set(k, value);
            continue;
        }
        try {
            set(k, JSON.parse(value));
        } catch {
            set(k, value);
        }
    }
    // The region most stacks already give the provider (`pulumi config set azure-native:location`).
    const providerLocation = all["azure-native:location"];
    if (raw.location === undefined && providerLocation !== undefined) {
        raw.location = providerLocation;
    }
    return raw;
}
