import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** The rule sets a profile follows; chosen with the `azure-byok-profile` policy's `profile` config. */
export const PROFILES = ["baseline", "mcsb", "sovereign"] as const;
export type Profile = (typeof PROFILES)[number];

export type Severity = "low" | "medium" | "high" | "critical";
export type Level = "advisory" | "mandatory";
export type ParameterValue = number | boolean | string | string[];
export type Parameters = Record<string, ParameterValue>;

/** One config parameter: its JSON schema (no `default`: the default depends on the profile) and its default per profile. */
export interface Parameter<T extends ParameterValue> {
    schema: PolicyConfigJSONSchema;
    defaults: Record<Profile, T>;
}

/** Everything the pack, the docs and the tests know about a rule; docs are generated from it. */
export interface RuleMetadata<P extends Parameters> {
    /** `azure-<service>-<resource>-<verb>-<words>`, the verb one of missing/disallow/enable/disable/configure/enforce. */
    name: string;
    /** Why the rule exists, one sentence; the analyzer puts it above every message. */
    description: string;
    severity: Severity;
    /** Enforcement level in each profile. Rules that lose data or open access are mandatory in all three. */
    levels: Record<Profile, Level>;
    /** The frameworks it serves, e.g. "MCSB v2 DP-6". */
    frameworks: string[];
    /** The public rules it mirrors (Azure Policy built-in, Checkov, PSRule, trivy), or what none of them checks; "stricter" or "looser" in one says how that check compares with this rule. */
    mirrors: string[];
    /** The resource types it reads. */
    resourceTypes: string[];
    /**
     * Stack rules only: the one type without which the rule has nothing to report. The analyzer
     * answers "not applicable" for a stack without it, before it deserializes every resource for
     * the rule, which is most of what a stack rule costs on a large stack.
     */
    stackTrigger?: string;
    parameters: { [K in keyof P]: Parameter<P[K]> };
}

/** A resource as a rule sees it: the engine's type, name, URN, properties (inputs or outputs) and options. */
export interface ResourceView {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    protect: boolean;
    parent?: string;
    /** Stack rules only: for each input property, the URNs of the resources its value came from. */
    propertyDependencies?: Record<string, string[]>;
    /** Stack rules only: the URNs of the resources it waits for (`dependsOn` and every input's). */
    dependencies?: string[];
    /**
     * Stack rules only: the ARM path parameters its Analyze request gave (a key's `keyName` and
     * `vaultName`), where known. Outputs never carry them, and a new key's `name` output is unknown
     * until it exists, so on a first preview they alone say which key it is.
     */
    pathParameters?: Record<string, string>;
    /**
     * Stack rules only: the plugin version of the resource's provider, the `version` input the
     * engine records on every provider resource (providers.SetProviderVersion), where sent.
     */
    providerVersion?: string;
}

export interface ResourceRule<P extends Parameters> {
    kind: "resource";
    metadata: RuleMetadata<P>;
    /** The violation messages for one resource (inputs), each stating the fact and the fix; empty when it complies or is unknown. */
    check(resource: ResourceView, params: P): string[];
}

export interface StackViolation {
    urn: string;
    message: string;
}

export interface StackRule<P extends Parameters> {
    kind: "stack";
    metadata: RuleMetadata<P>;
    /** The violations across the stack's resources (outputs); an unknown never yields one. */
    check(resources: ResourceView[], params: P): StackViolation[];
}

export type Rule = ResourceRule<Parameters> | StackRule<Parameters>;

/** The same value in every profile. */
export function everywhere<T extends ParameterValue>(value: T): Record<Profile, T> {
    return { baseline: value, mcsb: value, sovereign: value };
}

/** The parameters of a rule for a profile: each configured value that matches its schema's type, else the profile's default. */
export function resolveParameters<P extends Parameters>(metadata: RuleMetadata<P>, profile: Profile, config: Record<string, unknown>): P {
    const resolved: Record<string, ParameterValue> = {};
    for (const [key, parameter] of Object.entries(metadata.parameters) as [string, Parameter<ParameterValue>][]) {
        const fallback = parameter.defaults[profile];
        const given = config[key];
        resolved[key] = sameShape(given, fallback) ? given : fallback;
    }
    return resolved as P;
}

function sameShape(given: unknown, fallback: ParameterValue): given is ParameterValue {
    if (Array.isArray(fallback)) {
        return Array.isArray(given) && given.every((item) => typeof item === "string");
    }
    return typeof given === typeof fallback;
}

/** The config schema the pack declares for a rule: its parameters, each described with its defaults per profile. */
export function configSchemaOf(metadata: RuleMetadata<Parameters>): { properties: Record<string, PolicyConfigJSONSchema> } {
    const properties: Record<string, PolicyConfigJSONSchema> = {};
    for (const [key, parameter] of Object.entries(metadata.parameters)) {
        const defaults = PROFILES.map((p) => `${p}: ${JSON.stringify(parameter.defaults[p])}`).join(", ");
        properties[key] = { ...parameter.schema, description: `${parameter.schema.description ?? key} Defaults to ${defaults}.` };
    }
    return { properties };
}
