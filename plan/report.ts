import type { PolicyDescription, PolicyViolation } from "./policy-client";
import { isSecret, type PlanWarning, RecordedResource } from "./recorder";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from "yaml";
import { deployWaves, waitsFor } from "./waves";

/** The plan's JSON, exactly as `../shared/ARCHITECTURE.md` fixes it. */
export interface PlanReport {
    stack: string;
    resources: {
        urn: string;
        type: string;
        name: string;
        parent: string | null;
        dependencies: string[];
        protect: boolean;
        inputs: Record<string, unknown>;
    }[];
    violations: { policyPack: string; policy: string; enforcementLevel: string; urn: string; message: string }[];
    waves: string[][];
    summary: { resources: number; mandatory: number; advisory: number };
}

/** What a plan knows beyond the report: the pack's rules, for SARIF's rule metadata. */
export interface PlanResult {
    report: PlanReport;
    /** The pack's rules, each at the level its violations carry (policiesAsRun): the profile's where it raises the rule, else the policy config's (a policy's own, else `all`), else the pack's. */
    policies: PlanPolicy[];
    policyPack: { name: string; version: string };
    /** The stack's config file, relative to the project. */
    configFile: string;
    /** The same file relative to the root of the git repository holding the project (what code scanning and annotations locate by); `configFile` when none is found. */
    repositoryFile?: string;
    /** Pulumi.yaml, whose project-level `config:` a stack's own settings override: the entries it declares are located in it. */
    project?: { file: string; repositoryFile?: string; text: string };
    /** What the program warned of while it ran (pulumi.log.warn), in the order it did; none when left out. Not in the JSON report, whose keys ARCHITECTURE.md fixes. */
    warnings?: PlanWarning[];
}

/** One of the pack's rules as the plan ran it. */
export interface PlanPolicy extends PolicyDescription {
    /** The profile (`azure-byok-profile`) that set `enforcementLevel` over the policy config's, when one did. */
    levelFromProfile?: string;
}

const SECRET_PLACEHOLDER = "[secret]";

/** The value with every secret replaced by "[secret]": nothing secret leaves the plan. */
export function redact(value: unknown): unknown {
    if (isSecret(value)) {
        return SECRET_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map(redact);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

export function buildReport(stack: string, resources: RecordedResource[], violations: PolicyViolation[]): PlanReport {
    const counted = violations.filter((v) => v.enforcementLevel !== "disabled");
    const recorded = new Set(resources.map((r) => r.urn));
    return {
        stack,
        resources: resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            dependencies: dependenciesOf(r, recorded),
            protect: r.protect,
            inputs: redact(r.inputs) as Record<string, unknown>,
        })),
        violations: counted.map((v) => ({ policyPack: v.policyPack, policy: v.policy, enforcementLevel: v.enforcementLevel, urn: v.urn, message: v.message })),
        waves: deployWaves(resources),
        summary: {
            resources: resources.length,
            mandatory: counted.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: counted.filter((v) => v.enforcementLevel === "advisory").length,
        },
    };
}

/**
 * The recorded resources a resource waits for, as the waves count them: its own dependencies, then
 * the explicit providers it is made or read after, each once.
 */
function dependenciesOf(r: RecordedResource, recorded: Set<string>): string[] {
    const providers = waitsFor(r).filter((urn) => recorded.has(urn) && !r.dependencies.includes(urn));
    return providers.length === 0 ? r.dependencies : [...r.dependencies, ...new Set(providers)];
}

/** `azure-native:keyvault:Vault` → `keyvault:Vault`, `azuread:index/application:Application` → `azuread:Application`; component tokens stay whole (the human formats). */
export function shortType(type: string): string {
    return type.replace(/^azure-native:/, "").replace(/^([\w-]+):index\/\w+:/, "$1:");
}

/** The stack and this product's components: they group resources and deploy nothing themselves. */
export function isComponentType(type: string): boolean {
    return type.startsWith("azure-byok:") || type === "pulumi:pulumi:Stack";
}

const LEVEL_ORDER = ["mandatory", "advisory", "remediate"];

/**
 * The line of the stack's config file that declares the entry a resource came from (its top-level
 * component's name is the entry's `name`), 1 when there is none: where SARIF results and GitHub
 * annotations point.
 */
export function configLineOf(report: PlanReport, configText: string): (urn: string) => number {
    const configLines = configText.split("\n");
    const entryOf = configEntryOf(report, configText);
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    return (urn) => {
        const entry = entryOf(urn);
        if (entry !== undefined) return entry.line;
        let r = byUrn.get(urn);
        while (r?.parent && byUrn.has(r.parent)) r = byUrn.get(r.parent);
        const name = r?.name;
        if (r === undefined || name === undefined) return 1;
        // Not a component of a config entry (the resource group, say): the first line naming it,
        // else the stack's first setting (line 1 may be a comment).
        const index = configLines.findIndex((l) => new RegExp(`^\\s*-?\\s*name:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*$`).test(l));
        if (index >= 0) return index + 1;
        const group = r.type === "azure-native:resources:ResourceGroup" ? configLines.findIndex((l) => /^\s*(?:azure-byok:)?resourceGroupName\s*:/.test(l)) : -1;
        // A setting under config:, namespaced or bare (config: itself is at the margin).
        const first = configLines.findIndex((l) => /^\s+[A-Za-z][\w-]*(?::[\w-]+)?\s*:/.test(l));
        return (group >= 0 ? group : first) + 1 || 1;
    };
}

/** A config entry that makes a component: where it is, and how to name it (`azure-byok:vaults[name=kv-cmk]`). */
export interface ConfigEntry {
    /** The entry's list: a section of the config (`vaults`), or `vaults.keys` for a key of a vault entry. */
    section: string;
    /** The file declaring it: the stack's, or Pulumi.yaml's project-level config for a section the stack's does not set. */
    source: "stack" | "project";
    /** The entry's own path: `azure-byok:<section>[name=<name>]`, a key's below its vault's. */
    path: string;
    line: number;
    /** The entry as the YAML holds it, to name its own list items (an application's certificates) by theirs. */
    node: YAMLMap;
    /** The 1-based line of an offset of the file: where one of the entry's own list items is. */
    lineAt: (offset: number) => number;
}

/** The config entry a resource came from: its top-level component's, by type and name; undefined when no entry made it. */
export function configEntryOf(report: PlanReport, configText: string, projectText?: string): (urn: string) => ConfigEntry | undefined {
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const entries = configEntries(configText, projectText);
    return (urn) => {
        let r = byUrn.get(urn);
        while (r?.parent && byUrn.has(r.parent)) r = byUrn.get(r.parent);
        if (r === undefined) return undefined;
        const name = r.name.toLowerCase();
        const entry = entries.get(`${r.type}|${name}`);
        if (entry !== undefined) return entry;
        // The stack's one grant of a shared identity on a key (`<identity>-on-<key>`): the identity's entry.
        if (r.type === "azure-byok:keyvault:KeyAccess") {
            const identity = [...entries.keys()].filter((k) => k.startsWith("azure-byok:managedidentity:ManagedIdentity|") && name.startsWith(`${k.split("|")[1]}-on-`)).sort((a, b) => b.length - a.length)[0];
            if (identity !== undefined) return entries.get(identity);
        }
        return undefined;
    };
}

/** The config section whose entries each make one component of the type, by the entry's name. */
const ENTRY_SECTIONS: Record<string, string> = {
    "azure-byok:keyvault:KeyVault": "vaults",
    "azure-byok:managedidentity:ManagedIdentity": "identities",
    "azure-byok:entra:ClientApplication": "applications",
    "azure-byok:containerregistry:CmkContainerRegistry": "registries",
    "azure-byok:storage:CmkStorageAccount": "storageAccounts",
    "azure-byok:compute:CmkDiskEncryptionSet": "diskEncryptionSets",
    "azure-byok:cosmosdb:CmkCosmosDbAccount": "cosmosDbAccounts",
    "azure-byok:eventhub:CmkEventHubNamespace": "eventHubNamespaces",
    "azure-byok:servicebus:CmkServiceBusNamespace": "serviceBusNamespaces",
    "azure-byok:sql:CmkSqlServer": "sqlServers",
    "azure-byok:dbforpostgresql:CmkPostgresqlFlexibleServer": "postgresqlServers",
    "azure-byok:dbformysql:CmkMysqlFlexibleServer": "mysqlServers",
    "azure-byok:containerservice:CmkKubernetesCluster": "kubernetesClusters",
};

/**
 * Each config entry, by the component it makes (`<type>|<name>`): read from the YAML's own nodes,
 * so an entry is found in block or flow style, and a key named like its vault at the key. A
 * section the stack's file does not set is Pulumi.yaml's, when its project-level config sets it
 * (`azure-byok:vaults` or, in project azure-byok, `vaults`; a plain list, `value:` or `default:`),
 * as plan/stack-config.ts readProjectFile reads it.
 */
function configEntries(configText: string, projectText?: string): Map<string, ConfigEntry> {
    const entries = new Map<string, ConfigEntry>();
    const stack = configOf(configText);
    const project = projectText === undefined ? undefined : configOf(projectText);
    const entriesOf = (node: unknown): YAMLMap[] => (isSeq(node) ? node.items.filter((i): i is YAMLMap => isMap(i)) : []);
    for (const [type, section] of Object.entries(ENTRY_SECTIONS)) {
        // The CLI gives a stack file's bare key the project's namespace: `vaults:` is azure-byok:vaults, over the project's.
        const key = stack.config?.has(`azure-byok:${section}`) === true ? `azure-byok:${section}` : stack.config?.has(section) === true && (project === undefined || project.name === "azure-byok") ? section : undefined;
        const declared = key !== undefined ? { at: stack, list: stack.config?.get(key), path: key } : project === undefined ? undefined : projectSection(project, section);
        if (declared === undefined) continue;
        const { at, list } = declared;
        const add = (type: string, entry: YAMLMap, section: string, path: string) => {
            const name = entry.get("name");
            const offset = entry.range?.[0];
            if (typeof name === "string" && offset !== undefined && !entries.has(`${type}|${name.toLowerCase()}`)) entries.set(`${type}|${name.toLowerCase()}`, { section, source: at === stack ? "stack" : "project", path, line: at.counter.linePos(offset).line, node: entry, lineAt: (o) => at.counter.linePos(o).line });
        };
        for (const entry of entriesOf(list)) {
            const path = `${declared.path}[name=${String(entry.get("name"))}]`;
            add(type, entry, section, path);
            if (section === "vaults") for (const k of entriesOf(entry.get("keys"))) add("azure-byok:keyvault:EncryptionKey", k, "vaults.keys", `${path}.keys[name=${String(k.get("name"))}]`);
        }
    }
    return entries;
}

interface ParsedConfig {
    /** The file's `config:` map, undefined when it has none. */
    config: YAMLMap | undefined;
    counter: LineCounter;
    name: unknown;
}

function configOf(text: string): ParsedConfig {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, merge: true });
    const config = doc.get("config");
    return { config: isMap(config) ? config : undefined, counter, name: doc.get("name") };
}

/** A section of Pulumi.yaml's project-level config: its list node and how the file names it (`azure-byok:vaults.value`); the last key naming it wins, as in readProjectFile. */
function projectSection(project: ParsedConfig, section: string): { at: ParsedConfig; list: unknown; path: string } | undefined {
    const pair = project.config?.items.filter((p) => isScalar(p.key) && (p.key.value === `azure-byok:${section}` || (p.key.value === section && project.name === "azure-byok"))).at(-1);
    if (pair === undefined || !isScalar(pair.key)) return undefined;
    const written = String(pair.key.value);
    if (!isMap(pair.value)) return { at: project, list: pair.value, path: written };
    const wrapper = pair.value.has("value") ? "value" : "default";
    return { at: project, list: pair.value.get(wrapper), path: `${written}.${wrapper}` };
}

/**
 * The violations, mandatory first, each with the name of what it is reported at, what to change,
 * and, given `fixOf`, the stack-config setting that fixes it.
 */
export function violationsToShow(report: PlanReport, fixOf?: (violation: PlanReport["violations"][number]) => string | undefined): { level: string; policy: string; urn: string; target: string; remediation: string[]; fix?: string; violation: PlanReport["violations"][number] }[] {
    const names = new Map(report.resources.map((r) => [r.urn, r.name]));
    return [...report.violations]
        .sort((a, b) => LEVEL_ORDER.indexOf(a.enforcementLevel) - LEVEL_ORDER.indexOf(b.enforcementLevel))
        .map((v) => {
            // The message's first line is the policy's description; the lines after it say what to change.
            const [first, ...detail] = v.message.split("\n").map((line) => line.trim());
            const remediation = detail.filter((line) => line !== "");
            const fix = fixOf?.(v);
            return { level: v.enforcementLevel, policy: v.policy, urn: v.urn, target: names.get(v.urn) ?? (v.urn || "(stack)"), remediation: remediation.length > 0 ? remediation : [first], ...(fix === undefined ? {} : { fix }), violation: v };
        });
}
