import type { EnforcementLevel, PolicyComplianceFramework, PolicyResource, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidation, StackValidationPolicy } from "@pulumi/policy";
import { configSchemaOf, Level, Parameters, Profile, PROFILES, resolveParameters, ResourceView, Rule } from "./rule";
import { read } from "./values";

/** The pseudo-policy whose config chooses the profile: `{ "azure-byok-profile": { "profile": "mcsb" } }`. */
export const PROFILE_POLICY = "azure-byok-profile";

/**
 * The profile in force, which each Configure request sets, and the URNs the Analyze requests named
 * (requests.ts). The engine analyzes every resource a program registers, but sends the ones it only
 * reads (`Vault.get`) to AnalyzeStack alone.
 */
const state: { profile: Profile; analyzed: Set<string>; pathParameters: Map<string, Record<string, string>>; stackAnalyzed: boolean } = { profile: "baseline", analyzed: new Set(), pathParameters: new Map(), stackAnalyzed: false };

export function parseProfile(value: unknown): Profile {
    return PROFILES.find((p) => p === value) ?? "baseline";
}

/** The profile the rules judge by from now on: a Configure request's (requests.ts). */
export function selectProfile(profile: Profile): void {
    state.profile = profile;
}

/**
 * Notes a resource an Analyze request named (requests.ts), as registered in this run, with the
 * known ARM path parameters among its inputs (`pathParameters`: only a key's are asked for).
 */
export function noteAnalyzed(urn: string, pathParameters?: Record<string, string>): void {
    // An Analyze after AnalyzeStack starts another run (a pack kept in one process): its URNs are its own.
    if (state.stackAnalyzed) {
        state.analyzed.clear();
        state.pathParameters.clear();
        state.stackAnalyzed = false;
        readCache = undefined;
    }
    state.analyzed.add(urn);
    if (pathParameters !== undefined && Object.keys(pathParameters).length > 0) state.pathParameters.set(urn, pathParameters);
}

/**
 * The policy whose config carries the profile: the CLI checks `azure-byok-profile` in a config
 * against its schema. The profile itself is read from the Configure request (requests.ts), since
 * the analyzer skips this policy whenever its level is `disabled`; so it validates nothing, and
 * never reports.
 */
export function profilePolicy(): ResourceValidationPolicy {
    return {
        name: PROFILE_POLICY,
        description: "Selects the rule profile: baseline (default), mcsb (Microsoft cloud security benchmark v2 parameters) or sovereign (HSM-only keys, every CMK rule mandatory).",
        enforcementLevel: "advisory",
        configSchema: {
            properties: {
                profile: { type: "string", enum: [...PROFILES], default: "baseline", description: "The profile whose parameter defaults and enforcement levels apply." },
            },
        },
        // No validation at all: the analyzer neither calls it nor answers "not applicable" for it.
        validateResource: [],
    };
}

/**
 * The one compliance framework Pulumi Cloud files a policy under (PolicyInfo's `framework`), from
 * the first control the rule cites of the Microsoft cloud security benchmark v2, else of the CIS
 * Microsoft Azure Foundations Benchmark; every control stays in the policy's tags.
 */
export function complianceFramework(frameworks: readonly string[]): PolicyComplianceFramework | undefined {
    for (const cited of frameworks) {
        const mcsb = /^MCSB (v\d+) ([A-Z]{2}-\d+)$/.exec(cited);
        if (mcsb) return { name: "Microsoft cloud security benchmark", version: mcsb[1], reference: mcsb[2], specification: cited };
    }
    for (const cited of frameworks) {
        const cis = /^CIS Azure (?:(v[\d.]+) )?(\d+(?:\.\d+)+)(?: \((v\d+)\))?/.exec(cited);
        if (cis) return { name: "CIS Microsoft Azure Foundations Benchmark", version: cis[1] ?? cis[3] ?? "", reference: cis[2], specification: cited };
    }
    return undefined;
}

/** One `@pulumi/policy` policy per rule. */
export function toPolicies(rules: Rule[]): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [profilePolicy(), ...rules.map(toPolicy)];
}

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    const { metadata } = rule;
    const common = {
        name: metadata.name,
        description: metadata.description,
        enforcementLevel: metadata.levels.baseline satisfies EnforcementLevel,
        severity: metadata.severity,
        configSchema: configSchemaOf(metadata),
        tags: metadata.frameworks,
        framework: complianceFramework(metadata.frameworks),
        remediationSteps: `See the message: it names the property to set and the value to set it to.`,
    };
    if (rule.kind === "resource") {
        const types = new Set(metadata.resourceTypes);
        const validateResource: ResourceValidation & { __pulumiType?: string } = (args, report) => {
            // No inputs at all: a resource the program only reads, as `pulumi policy analyze` sends it (requests.ts isReadFromState).
            if (!types.has(args.type) || Object.keys(args.props).length === 0) {
                return;
            }
            const profile = state.profile;
            const params = resolveFor(rule, profile, args.getConfig<Record<string, unknown>>());
            const view: ResourceView = { type: args.type, name: args.name, urn: args.urn, props: args.props, protect: Boolean(args.opts.protect), parent: args.opts.parent };
            for (const message of rule.check(view, params)) {
                reportAt(report, metadata.description, metadata.levels, profile, message, undefined);
            }
        };
        if (types.size === 1) {
            // The analyzer's fast path (policy.js getPulumiType): other types are answered "not
            // applicable" without deserializing their properties, as validateResourceOfType does.
            validateResource.__pulumiType = metadata.resourceTypes[0];
        }
        return { ...common, validateResource };
    }
    const validateStack: StackValidation & { __pulumiType?: string } = (args, report) => {
        const profile = state.profile;
        const params = resolveFor(rule, profile, args.getConfig<Record<string, unknown>>());
        const views = viewsOf(args.resources);
        state.stackAnalyzed = true;
        const read = readUrns(views);
        for (const violation of rule.check(views, params)) {
            // A resource the program only reads belongs to another stack, which is judged where it is deployed.
            if (read.has(violation.urn)) continue;
            reportAt(report, metadata.description, metadata.levels, profile, violation.message, violation.urn);
        }
    };
    if (metadata.stackTrigger !== undefined) {
        // The same fast path validateStackResourcesOfType takes (server.js makeAnalyzeStackRpcFun).
        validateStack.__pulumiType = metadata.stackTrigger;
    }
    return { ...common, validateStack };
}

/**
 * The URNs of a stack the engine sent to AnalyzeStack without analyzing them, as it does the
 * resources a program only reads. Only when the run analyzed some of this stack's resources: with
 * none (a caller driving AnalyzeStack alone, such as a unit test), nothing can be told apart.
 */
export function readUrns(views: readonly ResourceView[]): Set<string> {
    // Every stack rule of a request gets the same list (viewsOf): worked out once for all of them, in this run.
    if (readCache?.views === views) return readCache.read;
    const registered = views.some((v) => state.analyzed.has(v.urn));
    const read = new Set(registered ? views.filter((v) => !state.analyzed.has(v.urn)).map((v) => v.urn) : []);
    readCache = { views, read };
    return read;
}

/** The last stack's read URNs; a new run (an Analyze after AnalyzeStack) drops them. */
let readCache: { views: readonly ResourceView[]; read: Set<string> } | undefined;

function resolveFor(rule: Rule, profile: Profile, config: Record<string, unknown>): Parameters {
    return resolveParameters(rule.metadata, profile, config);
}

/** A view per (frozen, shared) properties object, and the list last handed out. */
const viewsByProps = new WeakMap<object, ResourceView>();
let lastViews: ResourceView[] = [];

/**
 * The views of a stack's resources. The analyzer hands every stack rule its own PolicyResource
 * objects, but their properties are the same frozen objects (struct-memo.ts), one per resource of
 * the request: a view is kept per properties object, and the list is handed out again while every
 * resource reads the same, so the rules share one list and one StackIndex (StackIndex.of).
 */
export function viewsOf(resources: PolicyResource[]): ResourceView[] {
    const views = resources.map(viewOf);
    const same = views.length === lastViews.length && views.every((view, i) => view === lastViews[i]);
    if (!same) lastViews = views;
    return lastViews;
}

function viewOf(resource: PolicyResource): ResourceView {
    const props = propertiesOf(resource);
    const kept = props === undefined ? undefined : viewsByProps.get(props);
    if (kept !== undefined && kept.urn === resource.urn) return kept;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(resource.propertyDependencies)) {
        propertyDependencies[key] = deps.map((d) => d.urn);
    }
    const view: ResourceView = { type: resource.type, name: resource.name, urn: resource.urn, props: resource.props, protect: Boolean(resource.opts.protect), parent: resource.parent?.urn, propertyDependencies, dependencies: resource.dependencies.map((d) => d.urn) };
    const pathParameters = state.pathParameters.get(resource.urn);
    if (pathParameters !== undefined) view.pathParameters = pathParameters;
    const providerVersion = read(resource.provider?.props, "version");
    if (typeof providerVersion === "string") view.providerVersion = providerVersion;
    if (props !== undefined && Object.isFrozen(props)) viewsByProps.set(props, view);
    return view;
}

/** The object behind the analyzer's unknown-checking proxy (proxy.ts answers its own key with it). */
function propertiesOf(resource: PolicyResource): object | undefined {
    const target: unknown = (resource.props as Record<string, unknown>)[PROXY_TARGET];
    return target !== null && typeof target === "object" ? target : undefined;
}

/** `getSpecialProxyTarget` in @pulumi/policy's proxy.ts, which its typings leave out. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The diagnostic the analyzer's string form produces; a profile that raises the level reports through the object form. */
interface ViolationInfo {
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
}

/**
 * The level a profile reports a rule's violations at, over whatever level the policy config gives
 * it (but `disabled`, which the analyzer never runs); undefined where the configured level stands.
 * The plan reads it too, for the level its SARIF gives each rule.
 */
export function profileLevel(levels: Record<Profile, Level>, profile: Profile): Level | undefined {
    return levels[profile] === levels.baseline ? undefined : levels[profile];
}

function reportAt(report: ReportViolation, description: string, levels: Record<Profile, Level>, profile: Profile, message: string, urn: string | undefined): void {
    const raised = profileLevel(levels, profile);
    if (raised === undefined) {
        // The analyzer prefixes the description and applies the configured enforcement level.
        report(message, urn);
        return;
    }
    // @pulumi/policy 1.21's server.js (makeReportViolationFun) accepts an object carrying its own
    // enforcement level, which its ReportViolation type does not declare.
    const reportObject = report as unknown as (info: ViolationInfo) => void;
    reportObject({ message: `${description}\n${message}`, urn, enforcementLevel: raised });
}
