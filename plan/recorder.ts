import * as pulumi from "@pulumi/pulumi";

/** A warning the stack program logged, as the engine receives it: the message, and the URN of the resource it was logged on ("" for none). */
export interface PlanWarning {
    urn: string;
    message: string;
}

/** One registration request, whole: what the engine would have been asked to create. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** True for provider resources (azure-native, azuread, ...), false for components. */
    custom: boolean;
    /** The parent's URN, or `undefined` at the top. */
    parent: string | undefined;
    /** URNs this resource waits for: explicit `dependsOn` and every input's resources. */
    dependencies: string[];
    /** The URN of the explicit provider it is made through (the engine makes that first); unset for the default provider. */
    provider?: string;
    /**
     * The explicit providers the program had read through (invokes answered) before sending this
     * request: an invoke waits for its provider to be made, so the program got here only after.
     * Shared between requests, never mutated.
     */
    readProviders?: readonly string[];
    /** A component's `providers` (its request's providers map): the SDK registers each, waiting for it to be made, before sending the component's request. */
    componentProviders?: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    /** The URN of the resource whose deletion takes this one along (the engine then skips its own delete); unset for none. */
    deletedWith?: string;
    deleteBeforeReplace: boolean;
    /** Whether `deleteBeforeReplace` was given, `false` included; unset in a record made by hand, which gives it only when true. */
    deleteBeforeReplaceDefined?: boolean;
    /** The plugin version and download URL a custom resource's request names: a provider's, which the engine adds to its properties, or the default provider's a resource without an explicit one is made through. */
    pluginVersion?: string;
    pluginDownloadURL?: string;
    ignoreChanges: string[];
    /** The earlier names this resource's aliases give it (a spec's name, or an alias URN). */
    aliases: string[];
    additionalSecretOutputs: string[];
    /** Inputs as sent; secret values keep Pulumi's secret envelope (see `isSecret`). */
    inputs: Record<string, unknown>;
    /** The id and state the mocks answered with; unset when the registration failed. */
    id?: string;
    outputs?: Record<string, unknown>;
    /** Why the request was refused, as Azure (the mocks) or the engine would have. */
    error?: string;
    /** Who refused it: Azure unless the engine refused before asking a provider. */
    refusedBy?: "azure" | "engine";
}

export interface RecordedCall {
    token: string;
    inputs: Record<string, unknown>;
}

/** True when the value is a secret in Pulumi's wire format. */
export function isSecret(value: unknown): value is { value: unknown } {
    return Boolean(pulumi.runtime.isRpcSecret(value));
}

/** The value with every secret envelope removed: what the provider would receive. */
export function reveal(value: unknown): unknown {
    if (isSecret(value)) {
        return reveal(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(reveal);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    }
    return value;
}

/**
 * The options the engine passes from a parent's registration to a child's that sets none
 * (pulumi/pulumi pkg/resource/deploy/source_eval.go, inheritFromParent); unset when neither gave one.
 */
export interface InheritedOptions {
    protect?: boolean;
    retainOnDelete?: boolean;
    deletedWith?: string;
}

/** Every registration request and function call of one program run, in order. */
export class Recorder {
    readonly requests: RecordedResource[] = [];
    readonly calls: RecordedCall[] = [];
    /** Called as each registration is accepted, so a consumer (the plan's policy pass) can start on it at once. */
    onAccepted?: (resource: RecordedResource) => void;
    private providersRead: readonly string[] = [];
    /** The URNs registered so far, refused or not: the engine gives each out once per run. */
    private readonly urns = new Set<string>();
    /** The options each registration ended with, given or taken from its parent: what its own children take. */
    private readonly goals = new Map<string, InheritedOptions>();

    /** The explicit providers read through so far; each request keeps the list as it was when sent. */
    get readProviders(): readonly string[] {
        return this.providersRead;
    }

    /** Takes `urn` for a registration; false when an earlier one of this run has it. */
    claimUrn(urn: string): boolean {
        if (this.urns.has(urn)) return false;
        this.urns.add(urn);
        return true;
    }

    /** The options registered for `urn`, unset ones left out; empty for a URN not registered. */
    goal(urn: string): InheritedOptions {
        return this.goals.get(urn) ?? {};
    }

    noteGoal(urn: string, options: InheritedOptions): void {
        this.goals.set(urn, options);
    }

    /** Notes an answered read through this explicit provider (its URN). */
    noteRead(provider: string): void {
        // Copied on change only: a program makes a few providers and thousands of registrations.
        if (!this.providersRead.includes(provider)) this.providersRead = [...this.providersRead, provider];
    }

    /** The registrations the mocks accepted. */
    get resources(): RecordedResource[] {
        return this.requests.filter((r) => r.error === undefined);
    }

    /** The registrations the mocks refused, with Azure's reason. */
    get refused(): RecordedResource[] {
        return this.requests.filter((r) => r.error !== undefined);
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The accepted resource with this type and logical name; throws when there is not exactly one. */
    find(type: string, name: string): RecordedResource {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) {
            const known = this.resources.map((r) => `${r.type} ${r.name}`).join("\n  ");
            throw new Error(`expected one ${type} named ${name}, found ${found.length}; recorded:\n  ${known}`);
        }
        return found[0];
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.requests.find((r) => r.urn === urn);
    }

    clear(): void {
        this.requests.length = 0;
        this.calls.length = 0;
        this.providersRead = [];
        this.urns.clear();
        this.goals.clear();
    }
}
