import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import type { RegisterResourceRequest, RegisterResourceResponse, ResourceInvokeRequest, ResourceInvokeResponse } from "@pulumi/pulumi/proto/resource_pb";
import { regionName } from "../components/validation";
import { AZURE_API_VERSIONS } from "./api-versions";
import { AzureCloud, badRequest, isGuid, PLAN_SUBSCRIPTION_ID, record, stableGuid } from "./arm";
import { type InheritedOptions, type PlanWarning, RecordedResource, Recorder, reveal } from "./recorder";
import { azureHandlers, AzureState, getIdentity, getKey, getVault, ResourceHandler } from "./azure";
import { entraClientConfig, entraHandlers } from "./entra";
import { printableLine } from "./format-text";
import { timeHandlers } from "./time";

/** The Azure tenant, subscription and deployer that the mocks stand in for. */
export interface AzureMockOptions {
    subscriptionId: string;
    tenantId: string;
    /** The tenant azuread registers applications in (`azuread:tenantId`), when it is not `tenantId`. */
    entraTenantId?: string;
    /** The cloud (azure-native's `environment`): its data-plane DNS suffixes appear in URIs. */
    cloud: AzureCloud;
    /** The deploying principal, as `authorization.getClientConfig` reports it. */
    clientId: string;
    objectId: string;
    /** Resource groups that exist before the program runs, in the stack's subscription unless one is given. */
    resourceGroups: { name: string; location: string; subscriptionId?: string }[];
    /** Vaults that exist before the program runs (a key may be created in one); RBAC and the API's network defaults unless given. */
    vaults: {
        /** Where its resource group is; the stack's subscription unless given. */
        subscriptionId?: string;
        resourceGroupName: string;
        name: string;
        /** In the case the vault was made with, which Key Vault answers as it was sent: "Premium" from the portal. */
        sku: "standard" | "premium" | "Standard" | "Premium";
        enablePurgeProtection: boolean;
        enableRbacAuthorization?: boolean;
        networkAcls?: { defaultAction?: string; bypass?: string; ipRules?: { value: string }[] };
        publicNetworkAccess?: string;
        /** Days it keeps deleted vaults and keys; Azure's default 90 unless given. */
        softDeleteRetentionInDays?: number;
        /** Its Entra tenant; the stack's unless given (a Lighthouse-delegated subscription's vault is in another). */
        tenantId?: string;
        /** The entries an access-policy vault holds, one per object id (Key Vault keeps one per principal); none unless given. */
        accessPolicies?: { objectId: string; keys: string[] }[];
    }[];
    /** User-assigned identities that exist before the program runs. */
    identities: {
        resourceGroupName: string;
        name: string;
        subscriptionId?: string;
        /** The stack's tenant unless given. */
        tenantId?: string;
        /**
         * Keys whose owner granted the identity their CMK use (get, wrapKey, unwrapKey) before the program runs: its access
         * policy in an access-policy vault, else Key Vault Crypto Service Encryption User on the key, or on the vault for a
         * key the program makes there. None unless given.
         */
        grantedKeys?: { vaultName: string; keyName: string }[];
    }[];
    /** Keys that exist before the program runs, in those vaults (a key imported into an HSM, say). */
    keys: { vaultName: string; name: string; kty: string; keySize?: number; curveName?: string; keyOps?: string[]; enabled?: boolean; expires?: number }[];
    /**
     * Versions the stack pins of keys it creates, by key name: a pin is copied from a deployed
     * stack's outputs, so these are taken as versions an earlier deploy made. Defaults to none.
     */
    pinnedVersions?: { keyName: string; version: string }[];
    project: string;
    stack: string;
    /** Packages whose default provider is disabled (`pulumi:disable-default-providers`; `*` for every package). */
    disabledDefaultProviders: string[];
    /** Run as `pulumi preview` (outputs the mocks do not return stay unknown). */
    preview: boolean;
}

/** A tenant whose ids are derived, not invented: the same for every run, distinct from any real tenant. */
export const mockAzureDefaults: AzureMockOptions = {
    subscriptionId: PLAN_SUBSCRIPTION_ID,
    tenantId: stableGuid("azure-byok", "tenant"),
    cloud: "public",
    clientId: stableGuid("azure-byok", "deployer", "client"),
    objectId: stableGuid("azure-byok", "deployer", "object"),
    resourceGroups: [{ name: "rg-byok", location: "westeurope" }],
    vaults: [],
    identities: [],
    keys: [],
    project: "azure-byok",
    stack: "test",
    disabledDefaultProviders: [],
    preview: false,
};

const PROVIDER_PACKAGES = new Set(["azure-native", "azuread", "tls", "random", "time"]);

/** A function's answer in the mocks: its result from its inputs, or an Error that fails the call. */
export type CallHandler = (inputs: Record<string, unknown>) => Record<string, unknown>;

export type { ResourceHandler };

/**
 * What a program's own tests add to the mocks (`setAzureMocks`): the resource types and functions of its own
 * that the mocks do not model (a virtual network, a Log Analytics workspace), and the stacks it references.
 */
export interface ConsumerMocks {
    /** Resource types by token, each answered as `(inputs, name, state) => ({ id, state: <outputs> })`, over the mocks' own. */
    handlers?: Record<string, ResourceHandler>;
    /** Functions (invokes) by token, each answered from its inputs, over the mocks' own. */
    calls?: Record<string, CallHandler>;
    /** The outputs each `pulumi.StackReference` reads, by the referenced stack's name (`<org>/<project>/<stack>`). */
    stackOutputs?: Record<string, Record<string, unknown>>;
}

/** A StackReference, read from `stackOutputs`: an unknown stack fails as the engine fails one it cannot find. */
function stackReferenceHandler(stackOutputs: Readonly<Record<string, Record<string, unknown>>>): ResourceHandler {
    return (inputs, name) => {
        const stack = typeof inputs.name === "string" ? inputs.name : name;
        const outputs = stackOutputs[stack];
        if (outputs === undefined) {
            throw new Error(`The Azure mocks have no outputs for stack "${stack}" (StackReference "${name}"); give them as setAzureMocks({ stackOutputs: { ${JSON.stringify(stack)}: { <output>: <value> } } }).`);
        }
        return { id: stack, state: { name: stack, outputs, secretOutputNames: [] } };
    };
}

/**
 * Pulumi mocks that answer like Azure: ARM ids, computed outputs, and Azure's refusals.
 * Types and functions it does not model fail loudly with their token.
 */
export class AzureMocks implements pulumi.runtime.Mocks {
    readonly state: AzureState;
    /** Explicit azure-native providers' subscriptions, by provider id. */
    private readonly providerSubscriptions = new Map<string, string>();

    constructor(
        readonly options: AzureMockOptions,
        private readonly recorder: Recorder,
        private readonly handlers: Record<string, ResourceHandler> = { ...azureHandlers, ...entraHandlers, ...timeHandlers },
        private readonly calls: Record<string, CallHandler> = {},
    ) {
        this.state = new AzureState(options);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        if (args.custom === false) {
            // Components and the stack are the program's own; the engine only records them.
            return { id: undefined, state: {} };
        }
        const providerPackage = /^pulumi:providers:(.+)$/.exec(args.type)?.[1];
        if (providerPackage !== undefined) {
            if (!PROVIDER_PACKAGES.has(providerPackage)) {
                throw new Error(`The Azure mocks do not model the provider package "${providerPackage}" (${args.type}).`);
            }
            const id = stableGuid("provider", args.type, args.name);
            const subscriptionId = (reveal(args.inputs) as Record<string, unknown>).subscriptionId;
            if (providerPackage === "azure-native" && subscriptionId !== undefined) this.providerSubscriptions.set(id, String(subscriptionId));
            return { id, state: args.inputs };
        }
        const handler = this.handlers[args.type];
        if (!handler) {
            throw new Error(`The Azure mocks do not model resource type ${args.type} (resource "${args.name}"). A program's own tests model it with setAzureMocks({ handlers: { ${JSON.stringify(args.type)}: (inputs, name, state) => ({ id: <its id>, state: <its outputs> }) } }); this repository's own types go in plan/azure.ts.`);
        }
        const inputs = reveal(args.inputs) as Record<string, unknown>;
        if (args.type.startsWith("azure-native:")) requireValidTags(inputs.tags);
        const result = this.state.within(this.subscriptionOf(args.provider), () => handler(inputs, args.name, this.state));
        const azureApiVersion = AZURE_API_VERSIONS[args.type];
        const state = azureApiVersion === undefined ? result.state : { ...result.state, azureApiVersion };
        // ARM takes a region by display name too ("West Europe") and answers with its name ("westeurope").
        if (args.type.startsWith("azure-native:") && typeof state.location === "string") {
            return { ...result, state: { ...state, location: regionName(state.location) } };
        }
        return { ...result, state };
    }

    /**
     * The subscription an explicit azure-native provider sends requests to (its `subscriptionId`);
     * undefined for the default provider and one without it, which use the stack's.
     */
    private subscriptionOf(provider: string | undefined): string | undefined {
        // A provider reference is `<urn>::<id>`.
        const subscriptionId = provider === undefined ? undefined : this.providerSubscriptions.get(provider.slice(provider.lastIndexOf("::") + 2));
        if (subscriptionId !== undefined && !isGuid(subscriptionId)) {
            throw badRequest("InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
        }
        return subscriptionId?.toLowerCase();
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        this.recorder.calls.push({ token: args.token, inputs: args.inputs });
        if (!args.provider) {
            const refusal = defaultProviderRefusal(this.options, args.token);
            if (refusal) throw invokeFailure(refusal);
        }
        let subscriptionId: string | undefined;
        try {
            subscriptionId = this.subscriptionOf(args.provider);
        } catch (e) {
            throw invokeFailure(e instanceof Error ? e.message : String(e));
        }
        switch (args.token) {
            case "azure-native:authorization:getClientConfig":
                return {
                    clientId: this.options.clientId,
                    objectId: this.options.objectId,
                    subscriptionId: subscriptionId ?? this.options.subscriptionId,
                    tenantId: this.options.tenantId,
                };
            case "azuread:index/getClientConfig:getClientConfig":
                return entraClientConfig(this.options);
            default: {
                const own = this.calls[args.token];
                const lookup = ARM_READS[args.token];
                if (!own && !lookup) throw invokeFailure(`The Azure mocks do not model function ${args.token}. A program's own tests answer it with setAzureMocks({ calls: { ${JSON.stringify(args.token)}: (inputs) => <its result> } }); this repository's own functions go in plan/mocks.ts.`);
                try {
                    return this.state.within(subscriptionId, () => (own ? own(args.inputs as Record<string, unknown>) : lookup(args.inputs as Record<string, unknown>, this.state)));
                } catch (e) {
                    throw invokeFailure(e instanceof Error ? e.message : String(e));
                }
            }
        }
    }
}

/** Functions that read an existing resource, answered from the mocks' Azure as ARM's GET answers (404s included). */
const ARM_READS: Record<string, (inputs: Record<string, unknown>, state: AzureState) => Record<string, unknown>> = {
    "azure-native:keyvault:getVault": getVault,
    "azure-native:keyvault:getKey": getKey,
    "azure-native:managedidentity:getUserAssignedIdentity": getIdentity,
};

interface MonitorLike {
    /** The mock monitor's URN maker (runtime/mocks.js), which its typings leave out. */
    newUrn: (parent: string, type: string, name: string) => string;
    registerResource(req: RegisterResourceRequest, callback: (err: unknown, resp: RegisterResourceResponse | undefined) => void): Promise<void>;
    invoke(req: ResourceInvokeRequest, callback: (err: unknown, resp: ResourceInvokeResponse | undefined) => void): Promise<void>;
}

/**
 * Installs the Azure mocks for this process and returns the recorder that sees every
 * registration. Call it before any resource is constructed: one built earlier bypasses them.
 * A program's own tests add what it makes beyond this package's resources (`handlers`,
 * `calls`) and the outputs of the stacks it references (`stackOutputs`).
 */
export async function setAzureMocks(overrides: Partial<AzureMockOptions> & ConsumerMocks = {}): Promise<{ recorder: Recorder; mocks: AzureMocks }> {
    const { handlers, calls, stackOutputs, ...given } = overrides;
    const options = { ...mockAzureDefaults, ...given };
    for (const [field, value] of Object.entries({ subscriptionId: options.subscriptionId, tenantId: options.tenantId })) {
        if (!isGuid(value)) {
            throw new Error(`AzureMockOptions.${field}: "${value}" is not a GUID.`);
        }
    }
    const recorder = new Recorder();
    const mocks = new AzureMocks(options, recorder, {
        ...azureHandlers, ...entraHandlers, ...timeHandlers,
        "pulumi:pulumi:StackReference": stackReferenceHandler(stackOutputs ?? {}),
        ...handlers,
    }, calls);
    await pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview);
    // The mocks' newResource sees inputs only; options (protect, parent, dependsOn) travel on the request.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    monitor.newUrn = (parent, type, name) => engineUrn(parent || undefined, type, name);
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req, callback) =>
        invoke(req, (err, resp) => {
            // Answered, failed or not: the program may go on only now, and the provider exists.
            if (req.getProvider()) recorder.noteRead(providerUrn(req.getProvider()));
            callback(err, resp);
        });
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        inheritFromParent(req, recorder.goal(req.getParent()));
        const entry = recordRequest(req, recorder.readProviders);
        recorder.noteGoal(entry.urn, {
            ...(req.hasProtect() ? { protect: req.getProtect() } : {}),
            ...(req.hasRetainondelete() ? { retainOnDelete: req.getRetainondelete() } : {}),
            ...(req.getDeletedwith() ? { deletedWith: req.getDeletedwith() } : {}),
        });
        recorder.requests.push(entry);
        // The engine refuses before any provider is asked: such a request never reaches the mocks.
        const refusal = req.getCustom() && !req.getProvider() ? defaultProviderRefusal(options, req.getType()) : undefined;
        // The engine's step generator refuses a URN it has seen in this run, and with it the whole program
        // (pulumi/pulumi pkg/resource/deploy/step_generator.go generateURN, diag GetDuplicateResourceURNError).
        const duplicate = refusal === undefined && !recorder.claimUrn(entry.urn) ? `Duplicate resource URN '${entry.urn}'; try giving it a unique name` : undefined;
        if (refusal || duplicate) {
            entry.error = refusal ?? duplicate;
            entry.refusedBy = "engine";
            callback(new Error(refusal ?? duplicate), undefined);
            return Promise.resolve();
        }
        return register(req, (err, resp) => {
            if (err) {
                entry.error = err instanceof Error ? err.message : String(err);
            } else if (resp) {
                entry.urn = resp.getUrn();
                entry.id = resp.getId() || undefined;
                const object = resp.getObject();
                entry.outputs = object ? pulumi.runtime.deserializeProperties(object, true) : {};
                recorder.onAccepted?.(entry);
            }
            callback(err, resp);
        });
    };
    return { recorder, mocks };
}

/**
 * Collects the warnings the program logs (pulumi.log.warn) from now until `stop`, each with the URN
 * of the resource it was logged on. Under mocks the SDK has no engine to send its Log request to
 * (runtime/settings.js getEngine: no PULUMI_NODEJS_ENGINE), so log.warn only writes
 * `warning: [runtime] ...` to the console and drops the resource; this writes that line instead, printable.
 * `stop` restores log.warn and resolves once every URN is known: call it after the program has
 * registered everything, as a URN is known only once its registration is answered.
 */
export function collectWarnings(): { stop: () => Promise<PlanWarning[]> } {
    // The SDK's own calls (runtime/resource.js) and the components' go through this module object's property.
    const log: { warn: typeof pulumi.log.warn } = pulumi.log;
    const sdkWarn = log.warn;
    const warnings: Promise<PlanWarning>[] = [];
    log.warn = (message, resource) => {
        warnings.push(resource === undefined ? Promise.resolve({ urn: "", message }) : new Promise((resolve) => void resource.urn.apply((urn) => resolve({ urn, message }))));
        // The line the SDK writes, but printable: it would write a name in the message raw, a workflow command to a CI runner.
        console.warn(`warning: [runtime] ${printableLine(message)}`);
        return Promise.resolve();
    };
    return {
        stop: () => {
            log.warn = sdkWarn;
            return Promise.all(warnings);
        },
    };
}

/** A failed function call as the engine answers it: the SDK reports a gRPC error's `details`, not its message. */
function invokeFailure(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

/** The engine's refusal of a default provider the stack disabled, for a resource type or function token. */
function defaultProviderRefusal(options: AzureMockOptions, token: string): string | undefined {
    const pkg = token.split(":")[0];
    if (pkg === "pulumi" || !options.disabledDefaultProviders.some((p) => p === "*" || p === pkg)) return undefined;
    return `Default provider for '${pkg}' disabled. '${token}' must use an explicit provider.`;
}

/**
 * Resolves when every resource constructed so far has been registered or refused, including
 * those created while others were in flight. The engine waits the same way before it exits.
 */
export async function settle(): Promise<void> {
    // The SDK's own drain, which its docs mark internal; no public call waits for pending registrations.
    const { waitForRPCs } = settings as unknown as { waitForRPCs: () => Promise<void> };
    await waitForRPCs();
}

/**
 * What the engine does to a request before anything reads it: each of `protect`, `retainOnDelete` and
 * `deletedWith` the request leaves unset takes its parent's (pulumi/pulumi pkg/resource/deploy/source_eval.go,
 * inheritFromParent). The Node SDK sends `retainOnDelete` only when given, so a component's own
 * `retainOnDelete: true` reaches every child that sets none.
 */
function inheritFromParent(req: RegisterResourceRequest, parent: InheritedOptions): void {
    if (!req.getDeletedwith() && parent.deletedWith !== undefined) req.setDeletedwith(parent.deletedWith);
    if (!req.hasProtect() && parent.protect !== undefined) req.setProtect(parent.protect);
    if (!req.hasRetainondelete() && parent.retainOnDelete !== undefined) req.setRetainondelete(parent.retainOnDelete);
}

/** The URN of a provider reference, `<urn>::<id>`. */
function providerUrn(reference: string): string {
    return reference.slice(0, reference.lastIndexOf("::"));
}

function recordRequest(req: RegisterResourceRequest, readProviders: readonly string[]): RecordedResource {
    const object = req.getObject();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const entry: RecordedResource = {
        urn: urnOf(req),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        dependencies: [...new Set(req.getDependenciesList())],
        provider: req.getProvider() ? providerUrn(req.getProvider()) : undefined,
        propertyDependencies,
        protect: req.hasProtect() ? Boolean(req.getProtect()) : false,
        retainOnDelete: req.hasRetainondelete() ? Boolean(req.getRetainondelete()) : false,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        // The engine's resource monitor takes a true value as given even when the flag is not set.
        deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined() || req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        // An earlier name, or an alias URN; a spec that keeps the name (one changing only the type or parent, which no
        // component here gives) is left out. A parent's aliases are not sent down: the engine applies them to children.
        aliases: req.getAliasesList().map((a) => a.getSpec()?.getName() || a.getUrn()).filter((name) => name !== ""),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        inputs: object ? pulumi.runtime.deserializeProperties(object, true) : {},
    };
    if (readProviders.length > 0) entry.readProviders = readProviders;
    if (req.getDeletedwith()) entry.deletedWith = req.getDeletedwith();
    if (!entry.custom) {
        const given: string[] = [];
        req.getProvidersMap().forEach((reference) => given.push(providerUrn(reference)));
        if (given.length > 0) entry.componentProviders = given;
    }
    // A provider's own, or, for a resource, the one the engine picks its default provider by.
    if (entry.custom) {
        if (req.getVersion()) entry.pluginVersion = req.getVersion();
        if (req.getPlugindownloadurl()) entry.pluginDownloadURL = req.getPlugindownloadurl();
    }
    return entry;
}

/** The URN the engine gives a registration (the response repeats it; a refused request has none). */
function urnOf(req: RegisterResourceRequest): string {
    return engineUrn(req.getParent(), req.getType(), req.getName());
}

/**
 * A URN as the engine makes it: the type qualified by every ancestor's type but the stack's
 * (`A$B$C`). Pulumi's mock monitor keeps the parent's last type only, so a resource two levels
 * down got another URN than `pulumi up` gives it, and aliases or `--target` taken from a plan missed.
 */
function engineUrn(parent: string | undefined, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : undefined;
    const qualified = parentType === undefined || parentType === "pulumi:pulumi:Stack" ? type : `${parentType}$${type}`;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

export { Recorder, isSecret, reveal } from "./recorder";
export type { RecordedResource } from "./recorder";

/** ARM refuses a tag name with a reserved character, or a value over 256 characters, before any resource provider sees the request. */
function requireValidTags(tags: unknown): void {
    if (tags === undefined || tags === null) return;
    const entries = Object.entries(record(tags));
    const names = entries.map(([name]) => name).filter((name) => /[<>%&\\?/]/.test(name));
    if (names.length > 0) {
        throw badRequest("InvalidTagNameCharacters", `The tag names '${names.join(",")}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`);
    }
    const long = entries.find(([, value]) => typeof value === "string" && value.length > 256);
    if (long) {
        throw badRequest("InvalidTagValueLength", `Tag value too large.  Following tag value '${String(long[1])}' exceeded the maximum length. Maximum allowed length for tag value - '256' characters.`);
    }
}
