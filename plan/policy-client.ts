import type { ChildProcess } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import type Ajv from "ajv";
import { BinaryReader, BinaryWriter } from "google-protobuf";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginepb from "@pulumi/pulumi/proto/engine_pb";
import { editDistance } from "../components/validation";
import { PackProcess, spawnPackProcess } from "./pack-process";
import { writeStruct } from "./struct-writer";
import type { RecordedResource } from "./recorder";
import { trace } from "./trace";

/**
 * Runs a Pulumi policy pack the way the Pulumi CLI does and drives it over the Analyzer gRPC
 * protocol: `node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> .` in the pack's folder,
 * the port read from the first line of stdout, then GetAnalyzerInfo, ConfigureStack, Configure,
 * Analyze per resource (inputs and options) and AnalyzeStack (outputs). It prints nothing.
 */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/**
 * The `--policy-pack-config` file: `all` sets every policy's level; a policy takes a level or
 * `{ enforcementLevel?, ...properties }`; `environments` lists Pulumi ESC environments (CLI 3.231 and later).
 */
export type PolicyPackConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>) | string[]>;

/** What Configure sends for each of the pack's policies; what the file held that the CLI ignores, or refuses. */
interface ReconciledPolicyConfig {
    policies: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
    warnings: string[];
    problems: string[];
}

export interface PolicyDescription {
    name: string;
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: "" | "low" | "medium" | "high" | "critical";
    /** The JSON schema `properties` of the policy's config, if it has one. */
    configSchema?: Record<string, unknown>;
    required: string[];
}

export interface AnalyzerDescription {
    name: string;
    version: string;
    description: string;
    supportsConfig: boolean;
    policies: PolicyDescription[];
}

/** One diagnostic from the pack, for one resource or (stack rules) the URN the rule named. */
export interface PolicyViolation {
    policyPack: string;
    policyPackVersion: string;
    policy: string;
    enforcementLevel: EnforcementLevel;
    severity: PolicyDescription["severity"];
    urn: string;
    /** The policy's description, a newline, then the rule's message (the analyzer's format). */
    message: string;
}

/** A log line the pack sent to the engine (errors it hit while loading or running). */
export interface EngineLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
}

export interface PolicyPackStartOptions {
    /** The pack's folder (holding PulumiPolicy.yaml and package.json). Defaults to `<repo>/policies`. */
    packDir?: string;
    /** Milliseconds to wait for the printed port. Defaults to 20000. */
    startTimeoutMs?: number;
    /** Called once the pack's process is spawned, before it is ready: a caller can then do other work while the pack starts. */
    onSpawned?: () => void;
    /** A pack process the caller spawned earlier (spawnPackProcess), to connect to instead of spawning one. */
    spawned?: Promise<PackProcess>;
}

export interface StackContext {
    stack: string;
    project: string;
    organization?: string;
    /** True for a preview. Defaults to true. */
    dryRun?: boolean;
    tags?: Record<string, string>;
}

/** A `--policy-pack-config` the pack's policies refuse: every problem, each naming the policy and the property. */
export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "PolicyConfigError";
    }
}

/** Select Graphic Rendition (colour) sequences, `ESC [ … m`: the pack colours its stack traces for a terminal. */
const COLOURS = /\x1b\[[0-9;]*m/g;

/** The pack failed or refused a request; `stderr` is what it wrote there, shown under the message without its colours. */
export class PolicyPackError extends Error {
    readonly stderr: string;
    constructor(message: string, stderr: string) {
        // Printed through printable(), a colour code would show as `\x1b[90m` noise: dropped, not escaped.
        const plain = stderr.replace(COLOURS, "").trim();
        super(plain ? `${message}\n${plain}` : message);
        this.name = "PolicyPackError";
        this.stderr = plain;
    }
}

const LEVELS: Record<analyzer.EnforcementLevel, EnforcementLevel> = {
    [analyzer.EnforcementLevel.ADVISORY]: "advisory",
    [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzer.EnforcementLevel.DISABLED]: "disabled",
    [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, analyzer.EnforcementLevel> = {
    advisory: analyzer.EnforcementLevel.ADVISORY,
    mandatory: analyzer.EnforcementLevel.MANDATORY,
    disabled: analyzer.EnforcementLevel.DISABLED,
    remediate: analyzer.EnforcementLevel.REMEDIATE,
};
const SEVERITIES: Record<analyzer.PolicySeverity, PolicyDescription["severity"]> = {
    [analyzer.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzer.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzer.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzer.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzer.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};
const LOG_SEVERITIES: Record<enginepb.LogSeverity, EngineLog["severity"]> = {
    [enginepb.LogSeverity.DEBUG]: "debug",
    [enginepb.LogSeverity.INFO]: "info",
    [enginepb.LogSeverity.WARNING]: "warning",
    [enginepb.LogSeverity.ERROR]: "error",
};

/** The default pack folder: `policies/` next to `plan/`. */
export const defaultPackDir = path.resolve(__dirname, "..", "policies");

/** A running policy pack and a gRPC client connected to it. */
export class PolicyPackClient {
    /** What GetAnalyzerInfo answered. */
    info: AnalyzerDescription = { name: "", version: "", description: "", supportsConfig: false, policies: [] };
    /** The level each policy runs at, as Configure last sent it (the policy config's, else the pack's own); empty before Configure. */
    levels: Record<string, EnforcementLevel> = {};
    /** The properties Configure last sent each policy (the policy config's over its schema's defaults); empty before Configure. */
    properties: Record<string, Record<string, unknown>> = {};
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
        private readonly engine: grpc.Server,
        private readonly stderr: () => string,
        /** Milliseconds from spawning the process to the printed port. */
        readonly startMs: number,
        /** Lines the pack logged to the engine stand-in. */
        readonly logs: EngineLog[],
    ) {}

    /** Starts the pack as the CLI does (or takes one already spawned), connects, and reads its description (GetAnalyzerInfo). */
    static async start(options: PolicyPackStartOptions = {}): Promise<PolicyPackClient> {
        const packDir = options.packDir ?? defaultPackDir;
        const logs: EngineLog[] = [];
        let engine: { server: grpc.Server; port: number };
        let pack: PackProcess;
        const early = options.spawned ? await options.spawned.catch(() => undefined) : undefined;
        const served = early ? await startEngine(logs, early.enginePort).catch(() => undefined) : undefined;
        if (early && served) {
            [engine, pack] = [served, early];
        } else {
            // Not spawned yet, or its engine port was taken before it could be served: start afresh.
            early?.child.kill();
            engine = await startEngine(logs, 0);
            pack = await spawnPackProcess(packDir, engine.port);
        }
        options.onSpawned?.();
        const { child, stderr } = pack;
        let port: number;
        try {
            port = await readPort(pack, options.startTimeoutMs ?? 20000);
        } catch (error) {
            child.kill();
            engine.server.forceShutdown();
            throw error;
        }
        const startMs = Date.now() - pack.spawnedAt;
        trace(`policy pack printed its port (${startMs} ms after its spawn)`);
        const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        const running = new PolicyPackClient(child, client, engine.server, stderr, startMs, logs);
        try {
            running.info = await running.getAnalyzerInfo();
            trace("policy pack described itself (GetAnalyzerInfo)");
        } catch (error) {
            await running.stop();
            throw error;
        }
        return running;
    }

    async getAnalyzerInfo(): Promise<AnalyzerDescription> {
        const info = await this.call<Empty, analyzer.AnalyzerInfo>((req, cb) => this.client.getAnalyzerInfo(req, cb), new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            description: info.getDescription(),
            supportsConfig: info.getSupportsconfig(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    displayName: p.getDisplayname(),
                    description: p.getDescription(),
                    enforcementLevel: LEVELS[p.getEnforcementlevel()],
                    severity: SEVERITIES[p.getSeverity()],
                    configSchema: schema?.getProperties()?.toJavaScript(),
                    required: schema?.getRequiredList() ?? [],
                };
            }),
        };
    }

    /** ConfigureStack: the stack's name, project, tags and whether this is a preview. */
    async configureStack(context: StackContext): Promise<void> {
        const req = new analyzer.AnalyzerStackConfigureRequest()
            .setStack(context.stack)
            .setProject(context.project)
            .setOrganization(context.organization ?? "organization")
            .setDryRun(context.dryRun ?? true);
        for (const [key, value] of Object.entries(context.tags ?? {})) {
            req.getTagsMap().set(key, value);
        }
        await this.call<analyzer.AnalyzerStackConfigureRequest, analyzer.AnalyzerStackConfigureResponse>((r, cb) => this.client.configureStack(r, cb), req);
    }

    /**
     * Configure, as the engine sends it: every policy with its enforcement level and properties, as
     * reconcilePolicyConfig reads the file. Keys the CLI ignores go to `onWarning`, not refused; one it
     * passes on without a level (settings, no enforcementLevel, naming no policy) is refused, as the engine refuses it.
     */
    async configure(config: PolicyPackConfigFile = {}, onWarning: (message: string) => void = () => undefined): Promise<void> {
        const { policies, warnings, problems } = await reconcilePolicyConfig(this.info, config);
        // Said even when the file is refused: a misspelt name may be why.
        warnings.forEach((w) => onWarning(w));
        if (problems.length > 0) throw new PolicyConfigError(problems);
        const req = new analyzer.ConfigureAnalyzerRequest();
        for (const [name, { enforcementLevel, properties }] of Object.entries(policies)) {
            req.getPolicyconfigMap().set(name, new analyzer.PolicyConfig().setEnforcementlevel(LEVEL_CODES[enforcementLevel]).setProperties(Struct.fromJavaScript(properties as Record<string, never>)));
        }
        await this.call<analyzer.ConfigureAnalyzerRequest, Empty>((r, cb) => this.client.configure(r, cb), req);
        this.levels = Object.fromEntries(Object.entries(policies).map(([name, p]) => [name, p.enforcementLevel]));
        this.properties = Object.fromEntries(Object.entries(policies).map(([name, p]) => [name, p.properties]));
    }

    /** Analyze one resource: its inputs and options, and the explicit provider it is made through, as the engine sends them before a step. */
    async analyze(resource: RecordedResource, provider?: RecordedResource): Promise<PolicyViolation[]> {
        const { path: method } = AnalyzerService.analyze;
        const resp = await this.call<Uint8Array, analyzer.AnalyzeResponse>((r, cb) => this.client.makeUnaryRequest(method, asBuffer, readDiagnostics, r, cb), encodeAnalyzeRequest(resource, provider));
        return this.violations(resp, resource.urn);
    }

    /** Analyze many resources, `concurrency` requests in flight (the engine analyzes parallel steps concurrently); their explicit providers are among them, default ones are named as the engine names them. */
    async analyzeAll(resources: RecordedResource[], concurrency = 16): Promise<PolicyViolation[]> {
        const results: PolicyViolation[][] = new Array(resources.length);
        const providerOf = providerLookup(providersIn(resources));
        let next = 0;
        const worker = async () => {
            while (next < resources.length) {
                const i = next++;
                results[i] = await this.analyze(resources[i], providerOf(resources[i]));
            }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, resources.length) }, worker));
        return results.flat();
    }

    /**
     * AnalyzeStack: every resource with its outputs, parent and dependencies, once at the end. Takes
     * the resources, or their request already encoded (encodeStackRequest) while the pack was still
     * answering Analyze calls.
     */
    async analyzeStack(request: RecordedResource[] | Uint8Array): Promise<PolicyViolation[]> {
        const encoded = Array.isArray(request) ? await encodeStackRequest(request) : request;
        const { path: method } = AnalyzerService.analyzeStack;
        const resp = await this.call<Uint8Array, analyzer.AnalyzeResponse>((r, cb) => this.client.makeUnaryRequest(method, asBuffer, readDiagnostics, r, cb), encoded);
        return this.violations(resp, "");
    }

    /** Closes the connection, ends the pack's process and the engine stand-in. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
            this.child.kill();
            await exited;
        }
        await new Promise<void>((resolve) => this.engine.tryShutdown(() => resolve()));
    }

    private violations(resp: analyzer.AnalyzeResponse, urn: string): PolicyViolation[] {
        return resp.getDiagnosticsList().map((d) => ({
            policyPack: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            policy: d.getPolicyname(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            severity: SEVERITIES[d.getSeverity()],
            urn: d.getUrn() || urn,
            message: d.getMessage(),
        }));
    }

    private call<Req, Resp>(method: (req: Req, cb: (err: grpc.ServiceError | null, resp?: Resp) => void) => unknown, req: Req): Promise<Resp> {
        return new Promise((resolve, reject) => {
            method(req, (err, resp) => {
                if (err) {
                    reject(new PolicyPackError(`policy pack ${this.info.name || "(starting)"}: ${err.details || err.message}`, this.stderr()));
                } else if (resp === undefined) {
                    reject(new PolicyPackError(`policy pack ${this.info.name || "(starting)"}: an empty answer`, this.stderr()));
                } else {
                    resolve(resp);
                }
            });
        });
    }
}

export interface PolicyRunOptions extends PolicyPackStartOptions {
    config?: PolicyPackConfigFile;
    stack?: StackContext;
}

export interface PolicyRunResult {
    info: AnalyzerDescription;
    violations: PolicyViolation[];
    startMs: number;
}

/** Starts the pack, runs the whole exchange a preview makes for these resources, and stops it. */
export async function runPolicyPack(resources: RecordedResource[], options: PolicyRunOptions = {}): Promise<PolicyRunResult> {
    const pack = await PolicyPackClient.start(options);
    try {
        await pack.configureStack(options.stack ?? { stack: "dev", project: "azure-byok" });
        await pack.configure(options.config ?? {});
        const perResource = await pack.analyzeAll(resources);
        const stack = await pack.analyzeStack(resources);
        return { info: pack.info, violations: [...perResource, ...stack], startMs: pack.startMs };
    } finally {
        await pack.stop();
    }
}

/** `repeated AnalyzerResource resources = 1;`, AnalyzeStackRequest's only field in pulumi's analyzer.proto. */
const RESOURCES_FIELD = 1;
/** `google.protobuf.Struct properties = 2;` in AnalyzeRequest, AnalyzerResource and AnalyzerProviderResource. */
const PROPERTIES_FIELD = 2;
/** `AnalyzerProviderResource provider = 6;` in both AnalyzeRequest and AnalyzerResource. */
const PROVIDER_FIELD = 6;

/**
 * The Analyze request for one resource: its type, name, URN, options and inputs, and the provider it
 * is made through (`providerLookup`: an explicit one, or the default one the engine makes).
 */
export function encodeAnalyzeRequest(resource: RecordedResource, provider?: RecordedResource): Uint8Array {
    const req = new analyzer.AnalyzeRequest()
        .setType(resource.type)
        .setName(resource.name)
        .setUrn(resource.urn)
        .setOptions(optionsOf(resource));
    const writer = new BinaryWriter();
    writeWithProperties(req, analyzer.AnalyzeRequest.serializeBinaryToWriter, resource.inputs, writer);
    writeProvider(provider, writer);
    return writer.getResultBuffer();
}

/**
 * The provider a resource is made through, as the engine names it in Analyze and AnalyzeStack: its
 * explicit provider, found by URN among `providers` (which may grow as a plan records them), or the
 * default provider the engine makes for its package and the version its request names
 * (default_providers.go): `pulumi:providers:<package>` named `default_<major>_<minor>_<patch>`
 * (ProviderRequest.DefaultName), at the top of the stack, with the stack's config for that package
 * as its properties (Target.GetPackageConfig). `secure:` values, which cannot be decrypted offline,
 * are left out. Components and providers have none.
 */
export function providerLookup(providers: ReadonlyMap<string, RecordedResource>, packageConfig: Readonly<Record<string, string>> = {}): (r: RecordedResource) => RecordedResource | undefined {
    const defaults = new Map<string, RecordedResource>();
    return (r) => {
        if (r.provider !== undefined) return providers.get(r.provider);
        if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        const pkg = r.type.split(":")[0];
        const name = defaultProviderName(r.pluginVersion, r.pluginDownloadURL);
        const at = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(r.urn);
        if (at === null) return undefined;
        const urn = `urn:pulumi:${at[1]}::${at[2]}::pulumi:providers:${pkg}::${name}`;
        let provider = defaults.get(urn);
        if (provider === undefined) {
            const inputs = Object.fromEntries(Object.entries(packageConfig).filter(([key]) => key.startsWith(`${pkg}:`)).map(([key, value]) => [key.slice(pkg.length + 1), value]));
            provider = {
                urn, type: `pulumi:providers:${pkg}`, name, custom: true, parent: undefined, dependencies: [], propertyDependencies: {},
                protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], inputs,
                ...(r.pluginVersion === undefined ? {} : { pluginVersion: r.pluginVersion }),
                ...(r.pluginDownloadURL === undefined ? {} : { pluginDownloadURL: r.pluginDownloadURL }),
            };
            defaults.set(urn, provider);
        }
        return provider;
    };
}

/** ProviderRequest.DefaultName: "default", then the version's parts (a name takes no dashes or dots), then the download URL as a QName. */
export function defaultProviderName(version?: string, downloadUrl?: string): string {
    let name = "default";
    const v = version === undefined ? null : /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(version);
    if (v !== null) {
        name += `_${v[1]}_${v[2]}_${v[3]}`;
        for (const pre of v[4]?.split(".") ?? []) name += `_${pre}`;
        for (const build of v[5]?.split(".") ?? []) name += `_${build}`;
    }
    // tokens.IntoQName: "/"-separated segments, empty ones dropped, any character but [A-Za-z0-9_.-] made "_".
    if (downloadUrl !== undefined && downloadUrl !== "") name += `_${downloadUrl.split("/").filter((part) => part !== "").map((part) => part.replace(/[^A-Za-z0-9_.-]/g, "_")).join("/")}`;
    return name;
}

/** The explicit providers among `resources`, by URN. */
function providersIn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
    return new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

/**
 * The provider field as step_generator.go fills it: the provider's URN, type, name and inputs,
 * with the plugin version and download URL the engine's resource monitor adds to them
 * (SetProviderVersion, SetProviderURL); keys starting `__` are skipped (SkipInternalKeys). The
 * provider's CheckConfig, which the engine runs on them first, is not modelled.
 */
function writeProvider(provider: RecordedResource | undefined, writer: BinaryWriter): void {
    if (provider === undefined) return;
    const props: Record<string, unknown> = Object.fromEntries(Object.entries(provider.inputs).filter(([key]) => !key.startsWith("__")));
    if (provider.pluginVersion !== undefined) props.version = provider.pluginVersion;
    if (provider.pluginDownloadURL !== undefined) props.pluginDownloadURL = provider.pluginDownloadURL;
    const message = new analyzer.AnalyzerProviderResource().setType(provider.type).setUrn(provider.urn).setName(provider.name);
    writer.writeMessage(PROVIDER_FIELD, message, (m: analyzer.AnalyzerProviderResource, item: BinaryWriter) => {
        writeWithProperties(m, analyzer.AnalyzerProviderResource.serializeBinaryToWriter, props, item);
    });
}

/**
 * The AnalyzeStack request for these resources, encoded a slice at a time with an event-loop turn
 * between slices. A large stack's request takes the plan's process most of a second to build; in
 * slices it is built while the pack still answers the last Analyze calls, which keep flowing
 * between them.
 */
export async function encodeStackRequest(resources: RecordedResource[], sliceSize = 50, providerOf = providerLookup(providersIn(resources))): Promise<Uint8Array> {
    const writer = new BinaryWriter();
    for (let i = 0; i < resources.length; i++) {
        if (i > 0 && i % sliceSize === 0) await new Promise((resolve) => setImmediate(resolve));
        writer.writeMessage(RESOURCES_FIELD, resources[i], (r: RecordedResource, item: BinaryWriter) => {
            writeWithProperties(stackResource(r), analyzer.AnalyzerResource.serializeBinaryToWriter, r.outputs ?? {}, item);
            writeProvider(providerOf(r), item);
        });
    }
    return writer.getResultBuffer();
}

/** One resource of AnalyzeStack but its properties: its options, parent and dependencies. */
function stackResource(r: RecordedResource): analyzer.AnalyzerResource {
    const item = new analyzer.AnalyzerResource()
        .setType(r.type)
        .setName(r.name)
        .setUrn(r.urn)
        .setOptions(optionsOf(r))
        .setParent(r.parent ?? "")
        .setDependenciesList(r.dependencies);
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        item.getPropertydependenciesMap().set(key, new analyzer.AnalyzerPropertyDependencies().setUrnsList(urns));
    }
    return item;
}

/**
 * A message as the library writes it, then its properties written straight from the recorded
 * JSON (struct-writer.ts): a protobuf reader takes fields in any order.
 */
function writeWithProperties<M>(message: M, serialize: (message: M, writer: BinaryWriter) => void, props: Record<string, unknown>, writer: BinaryWriter): void {
    serialize(message, writer);
    writer.writeMessage(PROPERTIES_FIELD, props, writeStruct);
}

function asBuffer(bytes: Uint8Array): Buffer {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function optionsOf(r: RecordedResource): analyzer.AnalyzerResourceOptions {
    return new analyzer.AnalyzerResourceOptions()
        .setProtect(r.protect)
        .setIgnorechangesList(r.ignoreChanges)
        .setDeletebeforereplace(r.deleteBeforeReplace)
        // The CLI says whether the option was given (analyzer_plugin.go marshalResourceOptions).
        .setDeletebeforereplacedefined(r.deleteBeforeReplaceDefined ?? r.deleteBeforeReplace)
        .setAdditionalsecretoutputsList(r.additionalSecretOutputs)
        .setAliasesList([])
        .setParent(r.parent ?? "");
}

/** A JSON copy of a config value: `undefined` and functions dropped, non-finite numbers as null. */
function toJson(value: unknown): unknown {
    if (value === null || typeof value === "string" || typeof value === "boolean") {
        return value;
    }
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : null;
    }
    if (Array.isArray(value)) {
        return value.map((item) => (item === undefined ? null : toJson(item)));
    }
    if (typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            if (item !== undefined && typeof item !== "function") out[key] = toJson(item);
        }
        return out;
    }
    return null;
}

/** `repeated AnalyzeDiagnostic diagnostics = 2;` in pulumi's analyzer.proto. */
const DIAGNOSTICS_FIELD = 2;

/**
 * An AnalyzeResponse read for its diagnostics only. The analyzer also lists every policy that did
 * not apply (one entry, with its reason, per policy of another resource type): most of each
 * response's bytes, and nothing the plan reports. Skipping them spares the plan's process, which
 * also runs the program, from decoding tens of megabytes on a large stack.
 */
export function readDiagnostics(bytes: Uint8Array): analyzer.AnalyzeResponse {
    const response = new analyzer.AnalyzeResponse();
    const reader = new BinaryReader(bytes);
    while (reader.nextField()) {
        if (reader.getFieldNumber() === DIAGNOSTICS_FIELD) {
            const diagnostic = new analyzer.AnalyzeDiagnostic();
            reader.readMessage(diagnostic, analyzer.AnalyzeDiagnostic.deserializeBinaryFromReader);
            response.addDiagnostics(diagnostic);
        } else {
            reader.skipField();
        }
    }
    return response;
}

/**
 * The port the pack prints as the first line of its stdout. Fails at once when the pack could not
 * start or has ended, whenever that was: while this waits, or before it was called (a pack spawned
 * early that died while the plan was loading), which spawnPackProcess has recorded.
 */
function readPort(pack: PackProcess, timeoutMs: number): Promise<number> {
    const { child } = pack;
    return new Promise((resolve, reject) => {
        const settle = (outcome: () => void) => {
            clearTimeout(timer);
            child.stdout?.off("data", check);
            child.off("exit", check);
            child.off("error", check);
            outcome();
        };
        const fail = (message: string) => settle(() => reject(new PolicyPackError(message, pack.stderr())));
        // Called after spawnPackProcess's own listeners, which were added first: its record is up to date.
        function check(): void {
            const startError = pack.startError();
            if (startError) return fail(`the policy pack could not start: ${startError.message}`);
            const exit = pack.exit();
            if (exit) return fail(`the policy pack exited (${exit.signal ?? `code ${exit.code}`}) before printing its port`);
            const stdout = pack.stdout();
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            const line = stdout.slice(0, newline).trim();
            const port = Number(line);
            if (Number.isInteger(port) && port > 0) settle(() => resolve(port));
            else fail(`the policy pack printed "${line}" where its port belongs`);
        }
        const timer = setTimeout(() => fail(`the policy pack printed no port within ${timeoutMs} ms`), timeoutMs);
        child.stdout?.on("data", check);
        child.on("exit", check);
        child.on("error", check);
        check();
    });
}

/** The engine's side of the protocol that a pack may call: Log, and the root resource. */
async function startEngine(logs: EngineLog[], port: number): Promise<{ server: grpc.Server; port: number }> {
    const server = new grpc.Server();
    let root = "";
    server.addService(EngineService, {
        log: (call: grpc.ServerUnaryCall<enginepb.LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
            logs.push({ severity: LOG_SEVERITIES[call.request.getSeverity()], message: call.request.getMessage(), urn: call.request.getUrn() });
            callback(null, new Empty());
        },
        getRootResource: (_call: grpc.ServerUnaryCall<enginepb.GetRootResourceRequest, enginepb.GetRootResourceResponse>, callback: grpc.sendUnaryData<enginepb.GetRootResourceResponse>) => {
            callback(null, new enginepb.GetRootResourceResponse().setUrn(root));
        },
        setRootResource: (call: grpc.ServerUnaryCall<enginepb.SetRootResourceRequest, enginepb.SetRootResourceResponse>, callback: grpc.sendUnaryData<enginepb.SetRootResourceResponse>) => {
            root = call.request.getUrn();
            callback(null, new enginepb.SetRootResourceResponse());
        },
        startDebugging: (_call: grpc.ServerUnaryCall<enginepb.StartDebuggingRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
            callback(null, new Empty());
        },
        requirePulumiVersion: (_call: grpc.ServerUnaryCall<enginepb.RequirePulumiVersionRequest, enginepb.RequirePulumiVersionResponse>, callback: grpc.sendUnaryData<enginepb.RequirePulumiVersionResponse>) => {
            callback(null, new enginepb.RequirePulumiVersionResponse());
        },
    });
    const bound = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return { server, port: bound };
}

const LEVEL_NAMES = "advisory, mandatory, remediate or disabled";

/**
 * Reads a policy config as the Pulumi CLI does (pulumi/pulumi pkg/resource/analyzer/config.go:
 * parsePolicyPackConfig, applyConfig, ReconcilePolicyPackConfig, validatePolicyPackConfig): every
 * key must be a level or an object whose `enforcementLevel`, if present, is one; `all` sets every
 * policy's level, a policy's own level beats it; properties merge over the schema's defaults and
 * must pass the policy's schema. The CLI checks only the pack's own policies, so another key is a
 * warning, unless it has settings and no level, which the engine refuses (analyzer_plugin.go
 * Configure). Every problem is returned, not only the CLI's first.
 */
async function reconcilePolicyConfig(info: AnalyzerDescription, config: Readonly<Record<string, unknown>>): Promise<ReconciledPolicyConfig> {
    const problems: string[] = [];
    const warnings: string[] = [];
    const ofPack = new Set(info.policies.map((p) => p.name));
    // A pack policy's problem waits for the loop below, to come in the pack's order with its schema problems.
    const entries = new Map<string, PolicyEntry | string>();
    for (const [key, value] of Object.entries(config)) {
        if (key === "environments") {
            const envs = environmentsOf(value, problems);
            if (envs.length > 0) warnings.push(`policy config names Pulumi ESC environments (${envs.join(", ")}); offline their values are not available, so only the file's own policy config is applied`);
            continue;
        }
        const entry = parseEntry(key, value);
        if (typeof entry === "string" && !ofPack.has(key)) problems.push(entry);
        else entries.set(key, entry);
    }
    let allLevel: EnforcementLevel | undefined;
    for (const [key, entry] of entries) {
        if (ofPack.has(key) || typeof entry === "string") continue;
        const settings = Object.keys(entry.properties);
        if (entry.level === undefined && settings.length > 0) {
            // applyConfig passes such a key on with no level of the pack's to inherit, and the
            // engine's Configure refuses the whole config: `invalid enforcement level ""`.
            problems.push(levellessKeyProblem(key, settings, info));
            continue;
        }
        if (key === "all") {
            allLevel = entry.level;
            const ignored = Object.keys(entry.properties);
            if (ignored.length > 0) warnings.push(`policy config "all": only its enforcementLevel applies; the CLI passes ${ignored.join(", ")} to no policy`);
        } else {
            const near = nearest(key, info.policies.map((p) => p.name));
            warnings.push(`policy config "${key}": the pack ${info.name} has no such policy, so the CLI ignores it${near ? ` (did you mean "${near}"?)` : ""}`);
        }
    }
    const policies: ReconciledPolicyConfig["policies"] = {};
    for (const policy of info.policies) {
        const entry = entries.get(policy.name);
        if (typeof entry === "string") {
            problems.push(entry);
            continue;
        }
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema ?? {})) {
            const fallback = schema !== null && typeof schema === "object" ? (schema as { default?: unknown }).default : undefined;
            if (fallback !== undefined) defaults[key] = fallback;
        }
        const properties = toJson({ ...defaults, ...entry?.properties }) as Record<string, unknown>;
        if (entry !== undefined) warnings.push(...unknownProperties(policy, entry.properties));
        // The CLI refuses a config that breaks a policy's schema before the pack sees it; so does
        // the plan. The schema's own defaults need no check: only what the file gives.
        if (Object.keys(entry?.properties ?? {}).length > 0) {
            const broken = configSchemaProblems(await configValidator(), policy, properties);
            if (broken.length > 0) {
                problems.push(...broken);
                continue;
            }
        }
        policies[policy.name] = { enforcementLevel: entry?.level ?? allLevel ?? policy.enforcementLevel, properties };
    }
    return { policies, warnings, problems };
}

/** A key naming no policy of the pack that has settings and no level, which the CLI fails on. */
function levellessKeyProblem(key: string, settings: string[], info: AnalyzerDescription): string {
    const refusal = `the CLI refuses the whole config with invalid enforcement level ""`;
    if (key === "all") {
        return `policy config "all": has ${settings.join(", ")} and no enforcementLevel, and \`all\` takes only a level, so ${refusal}; give each setting under its policy's name`;
    }
    const near = nearest(key, info.policies.map((p) => p.name));
    return `policy config "${key}": the pack ${info.name} has no such policy${near ? ` (did you mean "${near}"?)` : ""}, and with settings but no enforcementLevel ${refusal}`;
}

interface PolicyEntry {
    level?: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** One key of the file as parsePolicyPackConfig reads it, or the problem with it. */
function parseEntry(key: string, value: unknown): PolicyEntry | string {
    // `all` is only a level: its problems name it alone.
    const levelField = key === "all" ? key : `${key}.enforcementLevel`;
    if (typeof value === "string") {
        return isLevel(value) ? { level: value, properties: {} } : `policy config "${levelField}": ${JSON.stringify(value)} is not ${LEVEL_NAMES}`;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return `policy config "${key}": is ${describe(value)}, not an enforcement level or an object of its config`;
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    // A key that is present is checked, null included (extractEnforcementLevel: "must be a string").
    if (Object.hasOwn(value, "enforcementLevel") && !isLevel(enforcementLevel)) {
        return `policy config "${levelField}": ${JSON.stringify(enforcementLevel) ?? String(enforcementLevel)} is not ${LEVEL_NAMES}`;
    }
    return { level: isLevel(enforcementLevel) ? enforcementLevel : undefined, properties };
}

function isLevel(value: unknown): value is EnforcementLevel {
    // Own keys only: "constructor" is in every object.
    return typeof value === "string" && Object.hasOwn(LEVEL_CODES, value);
}

/** The ESC environments the file names, as the CLI requires them: a list of strings. */
function environmentsOf(value: unknown, problems: string[]): string[] {
    if (!Array.isArray(value)) {
        problems.push(`policy config "environments": is ${describe(value)}, not a list of Pulumi ESC environment names`);
        return [];
    }
    const bad = value.flatMap((item: unknown, i) => (typeof item === "string" ? [] : [`policy config "environments[${i}]": is ${describe(item)}, not a Pulumi ESC environment name (a string)`]));
    problems.push(...bad);
    return bad.length > 0 ? [] : (value as string[]);
}

function describe(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** The name a mistyped or mis-cased one most likely meant (a policy's, a property's): at most 3 edits away, ignoring case. */
function nearest(name: string, names: string[]): string | undefined {
    let best: { name: string; distance: number } | undefined;
    for (const candidate of names) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance <= 3 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
    }
    return best?.name;
}

/**
 * A warning for each key of a policy's config that its schema does not declare. The CLI accepts
 * such a key (convertSchema in pulumi/pulumi pkg/resource/analyzer/config.go sends the schema's
 * type, properties and required only, no additionalProperties) and the policy never reads it, so
 * a misspelt setting that would tighten a rule (`maxDayToRotate` for `maxDaysToRotate`) would
 * otherwise leave the rule at its default without a word.
 */
function unknownProperties(policy: PolicyDescription, given: Record<string, unknown>): string[] {
    const declared = Object.keys(policy.configSchema ?? {});
    return Object.keys(given)
        .filter((key) => !declared.includes(key))
        .map((key) => {
            const near = nearest(key, declared);
            const hint = near !== undefined ? `did you mean "${near}"?` : declared.length > 0 ? `its properties are ${declared.join(", ")}` : "it takes none";
            return `policy config "${policy.name}.${key}": the policy has no such property: the CLI passes it on and the policy ignores it (${hint})`;
        });
}

let validator: Promise<Ajv> | undefined;

/**
 * The JSON Schema validator for policy config, loaded once. Loading it and compiling a first
 * schema cost about 0.1 s of CPU, so a plan with a policy config starts this while the pack starts.
 * The pack's own schemas are not checked against the meta-schema here (that alone is 50 ms):
 * test/policies/metadata.test.ts checks every one.
 */
export function configValidator(): Promise<Ajv> {
    return (validator ??= import("ajv").then(({ default: AjvClass }) => {
        const ajv = new AjvClass({ allErrors: true, strict: false, validateSchema: false });
        ajv.compile({ type: "object" });
        return ajv;
    }));
}

/** Each way `config` breaks the policy's config schema, one problem per rule it breaks (`policy config "<policy>.<property>": <rule>`); none when it passes. */
function configSchemaProblems(ajv: Ajv, policy: PolicyDescription, config: Record<string, unknown>): string[] {
    const validate = ajv.compile({ type: "object", properties: policy.configSchema ?? {}, required: policy.required });
    if (validate(config)) return [];
    // ajv lists at least one error for a failed validation; were it to list none, the config is still refused.
    const errors = validate.errors?.length ? validate.errors : [{ keyword: "", instancePath: "", params: {}, message: "is invalid" }];
    return errors
        .map((e) => {
            const property = e.keyword === "required" ? String((e.params as { missingProperty?: string }).missingProperty) : e.instancePath.slice(1).replace(/\//g, ".");
            const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
            return `policy config "${policy.name}${property ? `.${property}` : ""}": ${e.message ?? "is invalid"}${allowed ? ` (${allowed.join(", ")})` : ""}`;
        });
}
