import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isAlias, isMap, isScalar, parseAllDocuments, parseDocument, Scalar, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { z } from "zod";
import { CONFIG_NAMESPACE, ConfigError, parseStackConfig } from "../stacks/config";
import { stackConfigSchema } from "../stacks/schema";
import { PLAN_SUBSCRIPTION_ID } from "./arm";
import { decodeText } from "../verification/stack-outputs";
import { printable } from "./format-text";
import { GO_YAML_TAGS, goScalarText, resolveGoYaml, shortScalarTag } from "./go-yaml";

/**
 * The YAML the Pulumi CLI reads project and stack files as: gopkg.in/yaml.v3 since v3.50.0
 * (sdk/go/common/encoding/marshal.go), whose scalars plan/go-yaml.ts resolves: only true and false
 * are booleans (yes, on and NO are text), 0123 is octal 83, 1_000 is 1000, and an unquoted date is
 * a time the program gets as Go writes it ("2027-01-26 00:00:00 +0000 UTC"). Merge keys work.
 */
const YAML_OPTIONS = {
    merge: true,
    version: "1.2",
    schema: "failsafe",
    customTags: GO_YAML_TAGS,
} as const satisfies DocumentOptions & SchemaOptions & ParseOptions;

/** A project or stack file the plan cannot read as the Pulumi CLI would: bad config, named by file and key, not a program error. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/** What the plan reads of `Pulumi.yaml`. */
export interface ProjectFile {
    name: string;
    /** Where the stack files live, relative to the project (`stackConfigDir`); "" for beside it. */
    stackConfigDir: string;
    /** Project-level config (`config:` in Pulumi.yaml): defaults every stack's own config overrides. */
    config: Record<string, string>;
    /** The keys Pulumi.yaml declares with a schema, which the CLI holds every stack to (checkProjectConfig). */
    specs: ProjectConfigSpec[];
}

/** A Pulumi.yaml config key declared with a schema (`type`, `secret`, `default`, `value`). */
export interface ProjectConfigSpec {
    /** As Pulumi.yaml writes it. */
    written: string;
    fullKey: string;
    type?: string;
    items?: ProjectConfigItems;
    secret: boolean;
    /** Has a `default` or `value`, which stands when the stack sets none. */
    given: boolean;
}

interface ProjectConfigItems {
    type: string;
    items?: ProjectConfigItems;
}

/** Pulumi.yaml's config entry forms that hold a schema or a wrapped value rather than a plain one. */
const CONFIG_SPEC_KEYS = new Set(["type", "default", "description", "secret", "items", "value"]);

/**
 * A project or stack file read as YAML; a file that is not YAML is bad config, named with the
 * parser's line and column. Documents after the first are said on stderr, never on stdout, where
 * a report may be going: the CLI drops them without a word, so config written there is never deployed.
 */
function yamlFile(file: string): Document.Parsed {
    // yaml.v3's Unmarshal decodes the first document of a file and ignores the rest.
    const [document = parseDocument("", YAML_OPTIONS), ...rest] = parseAllDocuments(decodeText(readFileSync(file)), YAML_OPTIONS);
    if (document.errors.length > 0) throw new StackFileError(`${file}: ${document.errors[0].message}`);
    // A closing `---` with nothing after it, or only comments, leaves out nothing.
    const ignored = rest.filter((d) => !(isScalar(d.contents) && d.contents.range?.[0] === d.contents.range?.[1])).length;
    if (ignored > 0) {
        process.stderr.write(`plan: warning: ${printable(file)} holds ${ignored + 1} YAML documents; the Pulumi CLI reads only the first, so the ${ignored === 1 ? "one" : ignored} after it ${ignored === 1 ? "is" : "are"} ignored here as in pulumi up: move what ${ignored === 1 ? "it holds" : "they hold"} into the first, or delete ${ignored === 1 ? "it" : "them"}\n`);
    }
    return document;
}

/**
 * Reads `Pulumi.yaml`: the project's name, `stackConfigDir`, and its project-level config as the
 * CLI applies it: an un-namespaced key is the project's own, a plain value or `value:` is the
 * value, a schema's `default:` is the default, and a schema without one sets nothing.
 */
export function readProjectFile(projectDir: string): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    const doc = (valueOf(yamlFile(file), file) ?? {}) as { name?: unknown; stackConfigDir?: unknown; config?: unknown };
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new StackFileError(`${file}: "name" must name the project`);
    }
    if (doc.stackConfigDir !== undefined && typeof doc.stackConfigDir !== "string") {
        throw new StackFileError(`${file}: "stackConfigDir" must be a folder relative to the project`);
    }
    // The CLI still reads the old "config: <folder>" as stackConfigDir (workspace/project.go RewriteConfigPathIntoStackConfigDir).
    if (typeof doc.config === "string") {
        if (doc.stackConfigDir !== undefined) throw new StackFileError(`${file}: Should not use both config and stackConfigDir to define the stack directory. Use only stackConfigDir instead.`);
        return { name: doc.name, stackConfigDir: doc.config, config: {}, specs: [] };
    }
    const raw = doc.config ?? {};
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new StackFileError(`${file}: "config" must be a map of keys to values or schemas`);
    }
    const config: Record<string, string> = {};
    const specs: ProjectConfigSpec[] = [];
    for (const [key, entry] of Object.entries(raw)) {
        const fullKey = key.includes(":") ? key : `${doc.name}:${key}`;
        if (securePath(entry, fullKey) !== undefined) {
            throw new StackFileError(`${file}: config ${key} is encrypted (secure:); Pulumi keeps secrets in the stack's own file`);
        }
        const isSpec = entry !== null && typeof entry === "object" && !Array.isArray(entry) && Object.keys(entry).length > 0 && Object.keys(entry).every((k) => CONFIG_SPEC_KEYS.has(k));
        if (entry !== null && typeof entry === "object" && !Array.isArray(entry) && !isSpec) {
            throw new StackFileError(`${file}: config ${key}: an object value must be written under "value:" (Pulumi reads other keys as a schema)`);
        }
        const spec = isSpec ? (entry as { value?: unknown; default?: unknown; type?: unknown; items?: unknown; secret?: unknown }) : undefined;
        if (spec !== undefined) {
            // The CLI's project validation (sdk/go/common/workspace/project.go Validate).
            if (spec.default != null && spec.value != null) throw new StackFileError(`${file}: project config '${key}' cannot have both a 'default' and 'value' attribute`);
            const items = itemsOf(spec.items);
            if (spec.type === "array" && items === undefined && fullKey.startsWith(`${doc.name}:`)) {
                throw new StackFileError(`${file}: The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            }
            specs.push({ written: key, fullKey, type: typeof spec.type === "string" ? spec.type : undefined, items, secret: spec.secret === true, given: spec.default != null || spec.value != null });
        }
        // The CLI merges a schema's default over its value when it has both (pkg/workspace/config.go mergeConfig): refused above.
        const value = spec ? (spec.value !== undefined ? spec.value : spec.default) : entry;
        if (value === undefined || value === null) continue;
        config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { name: doc.name, stackConfigDir: doc.stackConfigDir ?? "", config, specs };
}

/**
 * What the CLI refuses of a stack against its project's declared config (pkg/workspace/config.go
 * mergeConfig and validateStackConfigValue), in its words: a key of the project's namespace the
 * stack leaves out with no default or value; a typed key whose stack value is not of its type, or
 * not encrypted where the schema says secret. `given` is each key's value in the stack file as
 * written (a map or list as itself, any scalar as its text), `encrypted` whether it is.
 */
export function projectConfigProblems(stack: string, project: string, specs: readonly ProjectConfigSpec[], given: ReadonlyMap<string, { value: unknown; encrypted: boolean }>): string[] {
    const problems: string[] = [];
    const missing = specs.filter((s) => !s.given && !given.has(s.fullKey) && s.fullKey.startsWith(`${project}:`)).map((s) => s.written).sort();
    if (missing.length > 0) problems.push(`Stack '${stack}' is missing configuration ${missing.length === 1 ? "value" : "values"} ${missingKeysText(missing)}`);
    for (const spec of [...specs].sort((a, b) => (a.written < b.written ? -1 : a.written > b.written ? 1 : 0))) {
        // A key the stack leaves to the project's default or value is merged in as plain text, then judged.
        if (spec.secret && spec.type !== undefined && spec.given && !given.has(spec.fullKey)) {
            problems.push(`Stack '${stack}' with configuration key '${spec.written}' must be encrypted as it's secret`);
            continue;
        }
        const value = given.get(spec.fullKey);
        if (value === undefined || spec.type === undefined) continue;
        if (spec.secret && !value.encrypted) problems.push(`Stack '${stack}' with configuration key '${spec.written}' must be encrypted as it's secret`);
        else if (!value.encrypted && !configValueIs(spec.type, spec.items, value.value)) problems.push(`Stack '${stack}' with configuration key '${spec.written}' must be of type '${typeName(spec.type, spec.items)}'`);
    }
    return problems;
}

/** A schema's `items` (`{ type, items? }`, nested for a list of lists); undefined where it is none. */
function itemsOf(value: unknown): ProjectConfigItems | undefined {
    if (value === null || typeof value !== "object" || typeof (value as { type?: unknown }).type !== "string") return undefined;
    const { type, items } = value as { type: string; items?: unknown };
    const nested = itemsOf(items);
    return nested === undefined ? { type } : { type, items: nested };
}

/** formatMissingKeys: one key quoted; several sorted, the last after "and". */
function missingKeysText(keys: readonly string[]): string {
    const quoted = keys.map((k) => `'${k}'`);
    return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** sdk/go/common/workspace/project.go ValidateConfigValue: a scalar stack value reaches it as text. */
function configValueIs(type: string, items: ProjectConfigItems | undefined, value: unknown): boolean {
    if (type === "string") return typeof value === "string";
    if (type === "integer") return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
    if (type === "boolean") return value === true || value === false || value === "true" || value === "false";
    if (type === "object") return value !== null && typeof value === "object" && !Array.isArray(value);
    return Array.isArray(value) && items !== undefined && value.every((v) => configValueIs(items.type, items.items, v));
}

/** InferFullTypeName: `array<string>` for a list of strings. */
function typeName(type: string, items: ProjectConfigItems | undefined): string {
    return items === undefined ? type : `array<${typeName(items.type, items.items)}>`;
}

/** A stack's config as the plan can read it offline. */
export interface StackConfigFile {
    /** `namespace:key` → string, structured values as JSON: what the Pulumi CLI hands a program. */
    config: Record<string, string>;
    /**
     * Keys of other namespaces (provider settings such as `azure-native:clientSecret`) whose
     * values are encrypted: left out, since the plan stands in for the providers that read them.
     */
    encryptedProviderKeys: string[];
    /** Encrypted settings outside the program's namespace that stand in as a value (see readStackConfig). */
    encryptedStandIns: { key: string; standIn: string }[];
    /** The program's own encrypted values the plan stands in for (paths such as `azure-byok:vaults[0].eventSubscriptions[0].webhookUrl`). */
    encryptedSecrets: string[];
    /** The stack imports Pulumi ESC environments (`environment:`), whose values only Pulumi Cloud can resolve. */
    importsEnvironments: boolean;
}

/**
 * The program's settings it keeps secret, which a stack may therefore keep encrypted: a webhook
 * destination's URL, which usually carries its credential.
 */
const SECRET_SETTINGS = [new RegExp(`^${CONFIG_NAMESPACE}:vaults\\[\\d+\\]\\.eventSubscriptions\\[\\d+\\]\\.webhookUrl$`)];

/**
 * What an encrypted webhook URL stands in as offline: an https URL (what the program checks) in
 * the `.invalid` domain, which never resolves (RFC 2606). The plan shows it only as "[secret]".
 */
export const ENCRYPTED_WEBHOOK_STAND_IN = "https://encrypted-webhook.invalid/";

/**
 * Reads `Pulumi.<stack>.yaml`. Encrypted (`secure:`) values cannot be decrypted offline: in the
 * program's own namespace a setting the program keeps secret (a webhook URL) stands in as a
 * well-formed value and is listed, any other is refused by name: for want of plain text where the
 * program reads it, as no setting of the program's where it does not;
 * elsewhere they only configure providers, which the plan replaces, so they are left out and listed.
 * A key written without a namespace is the project's, as the CLI reads it: `project`, by default
 * the name in the nearest Pulumi.yaml (a project other than azure-byok is then the program's to refuse).
 */
export function readStackConfig(file: string, projectConfig: Record<string, string> = {}, project?: string, projectSpecs: readonly ProjectConfigSpec[] = []): StackConfigFile {
    const document = yamlFile(file);
    const doc: unknown = valueOf(document, file) ?? {};
    const config = (doc as { config?: unknown }).config ?? {};
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new StackFileError(`${file}: "config" must be a map of "namespace:key" to values`);
    }
    const texts = scalarTexts(document);
    // The stack's own values override the project's.
    const out: Record<string, string> = { ...projectConfig };
    const encryptedProviderKeys: string[] = [];
    const encryptedStandIns: { key: string; standIn: string }[] = [];
    const encryptedSecrets: string[] = [];
    const writtenAs = new Map<string, string>();
    const stackValues = new Map<string, { value: unknown; encrypted: boolean }>();
    for (const [written, given] of Object.entries(config)) {
        let value: unknown = given;
        // The CLI puts a key written without a namespace in the project's (loaders.go stackConfigNamespacedWithProject, v3.44.0).
        if (!written.includes(":")) project ??= projectOf(file);
        if (!written.includes(":") && project === undefined) {
            throw new StackFileError(`${file}: config key "${written}" has no namespace, and no Pulumi.yaml at or above the file names the project whose namespace the CLI would give it; write it as "${CONFIG_NAMESPACE}:${written}"`);
        }
        const key = written.includes(":") ? written : `${project}:${written}`;
        const twin = writtenAs.get(key);
        if (twin !== undefined) {
            throw new StackFileError(`${file}: config keys "${twin}" and "${written}" are both ${key} to the Pulumi CLI, which keeps either one; write it once`);
        }
        writtenAs.set(key, written);
        stackValues.set(key, { value: given !== null && typeof given === "object" ? given : (texts.get(written) ?? String(given)), encrypted: securePath(value, key) !== undefined });
        if (securePath(value, key) !== undefined) {
            if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) {
                // The CLI hands the program every setting decrypted: one it reads, or judges (a misspelt
                // namespace, the project's own), stands in as a well-formed value; a provider's alone is left out.
                const standIn = encryptedStandIn(key);
                if (standIn === undefined) {
                    encryptedProviderKeys.push(key);
                    delete out[key];
                } else {
                    encryptedStandIns.push({ key, standIn });
                    out[key] = standIn;
                }
                continue;
            }
            const refuse = (at: string) => encryptedRefusal(file, at, key, given);
            value = standInForSecrets(value, key, encryptedSecrets, refuse);
        }
        // A null (one a merge key brings in, which scalarTexts does not see) is config.Value's zero value, "".
        out[key] = texts.get(written) ?? (typeof value === "string" ? value : value === null ? "" : JSON.stringify(value));
    }
    // An ESC environment's values count as the stack's (mergeConfig), and only Pulumi Cloud can read them.
    if (project !== undefined && projectSpecs.length > 0 && (doc as { environment?: unknown }).environment == null) {
        const stack = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1] ?? path.basename(file);
        const problems = projectConfigProblems(stack, project, projectSpecs, stackValues);
        if (problems.length > 0) throw new StackFileError(`${file}: ${problems.join("; ")} (Pulumi.yaml declares it; the Pulumi CLI refuses the stack so)`);
    }
    return { config: out, encryptedProviderKeys, encryptedStandIns, encryptedSecrets, importsEnvironments: (doc as { environment?: unknown }).environment != null };
}

/** The packages whose settings only their providers read, which the plan stands in for. */
const PROVIDER_NAMESPACES = new Set(["azure-native", "azuread", "tls", "random", "time", "pulumi"]);

/**
 * What an encrypted setting outside the program's namespace stands in as offline: the subscription
 * the stack's own providers need (the plan's own subscription), and any setting of a namespace no
 * provider reads (the program refuses those by name, whatever their value); undefined for a
 * provider's setting, which the plan leaves out.
 */
function encryptedStandIn(key: string): string | undefined {
    if (key === "azure-native:subscriptionId") return PLAN_SUBSCRIPTION_ID;
    return PROVIDER_NAMESPACES.has(key.slice(0, key.indexOf(":"))) ? undefined : ENCRYPTED_VALUE_STAND_IN;
}

/** An encrypted setting of a namespace no provider reads, offline. */
export const ENCRYPTED_VALUE_STAND_IN = "encrypted-value";

/** The name of the project a stack file belongs to, as the CLI finds it: the nearest Pulumi.yaml at or above the file. */
function projectOf(file: string): string | undefined {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "Pulumi.yaml"))) return readProjectFile(dir).name;
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** The config as the program sees it (see readStackConfig); encrypted provider settings left out. */
export function readStackConfigFile(file: string): Record<string, string> {
    return readStackConfig(file).config;
}

/**
 * The text of each top-level scalar config value, as the Pulumi CLI stores it: the value yaml.v3
 * reads (a quoted scalar is text as written; a plain one may be a number, boolean or date, see
 * plan/go-yaml.ts) written as config.Value's MarshalString writes it, null as empty text
 * (yaml.v3 decodes null into config.Value as its zero value). A list or map is stored as JSON.
 */
function scalarTexts(document: Document.Parsed): Map<string, string> {
    const texts = new Map<string, string>();
    const config = document.get("config", true);
    if (!isMap(config)) return texts;
    for (const pair of config.items) {
        if (!isScalar(pair.key)) continue;
        const node = isAlias(pair.value) ? pair.value.resolve(document) : pair.value;
        if (node === null) texts.set(String(pair.key.value), "");
        else if (isScalar(node)) texts.set(String(pair.key.value), scalarText(node));
    }
    return texts;
}

function scalarText(node: Scalar): string {
    const source = node.source ?? "";
    if (node.tag !== undefined) {
        const tag = shortScalarTag(node.tag);
        return tag === undefined ? String(node.value) : goScalarText(resolveGoYaml(source, tag));
    }
    return node.type === Scalar.PLAIN ? goScalarText(resolveGoYaml(source)) : String(node.value);
}

/** The value with each encrypted leaf at a secret setting's path stood in for (and listed); any other encrypted leaf is refused by its path. */
function standInForSecrets(value: unknown, at: string, found: string[], refuse: (at: string) => Error): unknown {
    if (value === null || typeof value !== "object") return value;
    if (!Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string") {
        if (!SECRET_SETTINGS.some((p) => p.test(at))) throw refuse(at);
        found.push(at);
        return ENCRYPTED_WEBHOOK_STAND_IN;
    }
    if (Array.isArray(value)) return value.map((v, i) => standInForSecrets(v, `${at}[${i}]`, found, refuse));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, standInForSecrets(v, `${at}.${k}`, found, refuse)]));
}

/**
 * Why an encrypted value at `at` (under the top-level `key`, whose value is `given`) cannot be
 * read. At a setting the program reads, it needs plain text; anywhere else the plain text would
 * be refused too, so it is told what the config check tells of that setting, not to decrypt it.
 */
function encryptedRefusal(file: string, at: string, key: string, given: unknown): Error {
    const onlyWebhooks = "of this namespace only a webhook destination's webhookUrl, which the program keeps secret, may be encrypted";
    const unread = unreadSetting(at);
    if (unread === undefined) {
        return new StackFileError(`${file}: ${at} is encrypted (secure:), which only the Pulumi CLI can decrypt; the plan needs it in plain text (${onlyWebhooks})`);
    }
    const said = configCheckSays(unread, key, given) ?? "is not a setting this program reads";
    return new StackFileError(`${file}: ${at} is encrypted (secure:), but ${unread === at ? "" : `${unread}, where it sits, `}${said} (${onlyWebhooks})`);
}

/** Where a config path leaves the settings the program reads (the path up to its first unknown key), or undefined when the program reads it. */
function unreadSetting(at: string): string | undefined {
    const steps = at.slice(CONFIG_NAMESPACE.length + 1).match(/\[\d+\]|[^.[\]]+/g) ?? [];
    let node: z.ZodType = stackConfigSchema;
    let path = `${CONFIG_NAMESPACE}:`;
    for (const step of steps) {
        if (node instanceof z.ZodOptional) node = node.unwrap() as z.ZodType;
        if (step.startsWith("[")) {
            if (!(node instanceof z.ZodArray)) return undefined;
            node = node.element as z.ZodType;
            path += step;
            continue;
        }
        path += path.endsWith(":") ? step : `.${step}`;
        if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
        else if (node instanceof z.ZodObject) {
            if (!Object.hasOwn(node.shape, step)) return path;
            node = node.shape[step] as z.ZodType;
        } else return undefined;
    }
    return undefined;
}

/** What the config check says of the setting at `path` when the top-level `key` holds `given`, its encrypted leaves written plain. */
function configCheckSays(path: string, key: string, given: unknown): string | undefined {
    const plain = (v: unknown): unknown => {
        if (v === null || typeof v !== "object") return v;
        if (Array.isArray(v)) return v.map(plain);
        if (Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string") return "";
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    };
    try {
        parseStackConfig({ [key.slice(CONFIG_NAMESPACE.length + 1)]: plain(given) });
    } catch (e) {
        if (e instanceof ConfigError) return e.issues.find((i) => i.path === path)?.message;
        throw e;
    }
    return undefined;
}

/** Where in a config value an encrypted leaf (`{ secure: "v1:..." }`) sits, if anywhere. */
function securePath(value: unknown, at: string): string | undefined {
    if (value === null || typeof value !== "object") return undefined;
    if (!Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string") return at;
    for (const [k, v] of Object.entries(value)) {
        const found = securePath(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`);
        if (found !== undefined) return found;
    }
    return undefined;
}

/** A file's value; one the YAML library will not expand (an alias bomb: "Excessive alias count ...") is bad config, named by file. */
function valueOf(document: Document.Parsed, file: string): unknown {
    try {
        return document.toJS();
    } catch (e) {
        throw new StackFileError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
}
