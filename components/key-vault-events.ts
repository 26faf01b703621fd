import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import { argTypeProblem, ArgSpec, armResourceId, checkedOnResolve, isRecord, known, listShapeIssues, notAnId, quoteValue, shapeIssues, ShowValue, ValidationIssue } from "./validation";
import type { ResourceTags } from "./tags";
import { assignBuiltInRole, KeyAccessDefaults, waitForRoleAssignments } from "./key-access";
import type { BuiltInRole } from "./key-permissions";
import { ENCRYPTION_SCOPE_NAME } from "./storage-encryption-scopes";
import type { BesideOptions } from "./key-vault-lock";

/** The events Key Vault publishes to Event Grid. */
export const KEY_VAULT_EVENT_TYPES = [
    "Microsoft.KeyVault.KeyNewVersionCreated",
    "Microsoft.KeyVault.KeyNearExpiry",
    "Microsoft.KeyVault.KeyExpired",
    "Microsoft.KeyVault.SecretNewVersionCreated",
    "Microsoft.KeyVault.SecretNearExpiry",
    "Microsoft.KeyVault.SecretExpired",
    "Microsoft.KeyVault.CertificateNewVersionCreated",
    "Microsoft.KeyVault.CertificateNearExpiry",
    "Microsoft.KeyVault.CertificateExpired",
    // On an RBAC vault too: it fires when the permission model is switched to or from RBAC (Microsoft's Key Vault Event Grid schema).
    "Microsoft.KeyVault.VaultAccessPolicyChanged",
] as const;

export type KeyVaultEventType = (typeof KEY_VAULT_EVENT_TYPES)[number];

/**
 * Where a vault's key and secret events go, so that clients re-encrypt with a key's new version
 * and owners hear of a key's, or a handed-over credential's, expiry in time. Exactly one destination.
 */
export interface KeyVaultEventSubscription {
    /** Required. 3–64 letters, digits and hyphens, unique in the vault. */
    name: string;
    /** Conditional. An HTTPS endpoint; Event Grid sends it a validation request when the subscription is created, which it must answer. */
    webhookUrl?: pulumi.Input<string>;
    /** Conditional. An event hub's resource id. */
    eventHubResourceId?: pulumi.Input<string>;
    /** Conditional. A Service Bus queue's resource id. */
    serviceBusQueueResourceId?: pulumi.Input<string>;
    /** Conditional. An Azure Functions function's resource id. */
    azureFunctionResourceId?: pulumi.Input<string>;
    /** Conditional. A storage queue: its account's resource id and its name. */
    storageQueue?: { storageAccountResourceId: pulumi.Input<string>; queueName: string };
    /** Optional. Defaults to a key's new version, near expiry and expiry, and a secret's near expiry and expiry (a credential handed over in the vault). */
    eventTypes?: KeyVaultEventType[];
    /**
     * Optional. How Event Grid signs in to an event hub, Service Bus queue or storage queue:
     * `SystemAssigned` (the default there), as the vault's system topic's own identity, given the
     * destination's data sender role on that hub or queue alone, which a destination with local
     * (key) authentication off or behind a firewall (trusted services) needs; `None`, Event Grid's
     * own access without an identity or a role, asked for by name where the deployer may not assign
     * roles on the destination. A webhook or function takes no identity.
     */
    deliveryIdentity?: "SystemAssigned" | "None";
    /**
     * Optional. Where Event Grid keeps the events it could not deliver once its retries are spent (24
     * hours), instead of dropping them: a blob container, written as the system topic's identity, given
     * Storage Blob Data Contributor on that container alone. Defaults to none: undelivered events are dropped.
     */
    deadLetter?: { storageAccountResourceId: pulumi.Input<string>; blobContainerName: string };
    /**
     * Optional. How long Event Grid keeps retrying an event it could not deliver: `maxDeliveryAttempts`
     * (1–30) and `eventTimeToLiveInMinutes` (1–1440), after which it dead-letters the event, or drops it.
     * Each defaults to Event Grid's own, 30 attempts over 1440 minutes (24 hours).
     */
    retryPolicy?: { maxDeliveryAttempts?: number; eventTimeToLiveInMinutes?: number };
}

export const KeyVaultEventDefaults = {
    // Secrets too: a vendor's credential handed over in the vault stops its client when it expires.
    eventTypes: ["Microsoft.KeyVault.KeyNewVersionCreated", "Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired", "Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"] satisfies readonly KeyVaultEventType[],
    // Event Hubs and Service Bus refuse deliveries without one once local authentication is off (this product's namespaces' default).
    deliveryIdentity: "SystemAssigned",
    /** As long as the CMK grants wait: Event Grid's first deliveries are refused until the sender role reaches the destination. */
    rbacPropagationWait: KeyAccessDefaults.rbacPropagationWait,
} as const;

/** The destinations Event Grid delivers to as the topic's identity, with the role that lets it (Microsoft's "Event delivery with a managed identity"). */
const IDENTITY_DESTINATIONS = {
    eventHubResourceId: "eventHubsDataSender",
    serviceBusQueueResourceId: "serviceBusDataSender",
    storageQueue: "storageQueueDataMessageSender",
} as const satisfies Partial<Record<keyof KeyVaultEventSubscription, BuiltInRole>>;

/** The destination field an entry gives, of those Event Grid can deliver to as an identity; undefined for a webhook or function. */
function identityDestination(s: KeyVaultEventSubscription): keyof typeof IDENTITY_DESTINATIONS | undefined {
    return (Object.keys(IDENTITY_DESTINATIONS) as (keyof typeof IDENTITY_DESTINATIONS)[]).find((k) => s[k] !== undefined);
}

/** Whether Event Grid delivers the entry's events as the system topic's identity. */
function deliversAsIdentity(s: KeyVaultEventSubscription): boolean {
    return identityDestination(s) !== undefined && (s.deliveryIdentity ?? KeyVaultEventDefaults.deliveryIdentity) === "SystemAssigned";
}

const SUBSCRIPTION_NAME = /^[A-Za-z0-9-]{3,64}$/;
const QUEUE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
/** What a mistyped queue name looks like (capitals, a stray underscore or dot), as opposed to a URL or key pasted in its place. */
const NAME_LIKE = /^[A-Za-z0-9._-]{1,80}$/;
const ID_SHAPES = {
    eventHubResourceId: { pattern: armResourceId("Microsoft.EventHub", "namespaces", "eventhubs").pattern, what: "an event hub's resource id (.../providers/Microsoft.EventHub/namespaces/<ns>/eventhubs/<hub>)" },
    serviceBusQueueResourceId: { pattern: armResourceId("Microsoft.ServiceBus", "namespaces", "queues").pattern, what: "a Service Bus queue's resource id (.../providers/Microsoft.ServiceBus/namespaces/<ns>/queues/<queue>)" },
    azureFunctionResourceId: { pattern: armResourceId("Microsoft.Web", "sites", "functions").pattern, what: "a function's resource id (.../providers/Microsoft.Web/sites/<app>/functions/<function>)" },
} as const;
const STORAGE_ACCOUNT = { pattern: armResourceId("Microsoft.Storage", "storageAccounts").pattern, what: "a storage account's resource id (.../providers/Microsoft.Storage/storageAccounts/<account>)" };

/** How a subscription entry is read: its destination may be known only at deploy; its name and events decide what is created. */
export const KEY_VAULT_EVENT_SUBSCRIPTION_ARGS = {
    name: "string",
    webhookUrl: "input",
    eventHubResourceId: "input",
    serviceBusQueueResourceId: "input",
    azureFunctionResourceId: "input",
    storageQueue: "object",
    eventTypes: "strings",
    deliveryIdentity: "string",
    deadLetter: "object",
    retryPolicy: "object",
} as const satisfies ArgSpec<KeyVaultEventSubscription>;

const RETRY_POLICY_ARGS = { maxDeliveryAttempts: "number", eventTimeToLiveInMinutes: "number" } as const satisfies ArgSpec<NonNullable<KeyVaultEventSubscription["retryPolicy"]>>;

/** Event Grid's bounds on a subscription's retry policy (Microsoft's "Event Grid message delivery and retry"). */
const RETRY_POLICY_BOUNDS = { maxDeliveryAttempts: { max: 30, unit: "attempts" }, eventTimeToLiveInMinutes: { max: 1440, unit: "minutes" } } as const;

const DEAD_LETTER_ARGS = { storageAccountResourceId: "input", blobContainerName: "string" } as const satisfies ArgSpec<NonNullable<KeyVaultEventSubscription["deadLetter"]>>;

const STORAGE_QUEUE_ARGS = { storageAccountResourceId: "input", queueName: "string" } as const satisfies ArgSpec<NonNullable<KeyVaultEventSubscription["storageQueue"]>>;

/**
 * The shape of the subscriptions from an untyped caller, under `field`: each an entry with a name
 * and nothing else. No string given is quoted: a connection string or a signed URL may be pasted in the wrong place.
 */
export function keyVaultEventSubscriptionsShapeIssues(subscriptions: unknown, field = "eventSubscriptions"): ValidationIssue[] {
    const notList = argTypeProblem(subscriptions, "list", false);
    if (notList !== undefined) return [{ field, message: notList }];
    if (!Array.isArray(subscriptions)) return [];
    const issues = listShapeIssues(subscriptions, KEY_VAULT_EVENT_SUBSCRIPTION_ARGS, field, { required: { name: "3–64 letters, digits and hyphens, unique in the vault" }, closed: true, quoted: false });
    subscriptions.forEach((s, i) => {
        if (isRecord(s) && isRecord(s.storageQueue)) {
            issues.push(...shapeIssues(s.storageQueue, STORAGE_QUEUE_ARGS, `${field}[${i}].storageQueue`, {
                required: { storageAccountResourceId: "the queue's storage account's resource id", queueName: "the queue's name" },
                closed: true,
                quoted: false,
            }));
        }
        if (isRecord(s) && isRecord(s.retryPolicy)) {
            issues.push(...shapeIssues(s.retryPolicy, RETRY_POLICY_ARGS, `${field}[${i}].retryPolicy`, { closed: true }));
        }
        if (isRecord(s) && isRecord(s.deadLetter)) {
            issues.push(...shapeIssues(s.deadLetter, DEAD_LETTER_ARGS, `${field}[${i}].deadLetter`, {
                required: { storageAccountResourceId: "the container's storage account's resource id", blobContainerName: "the container's name" },
                closed: true,
                quoted: false,
            }));
        }
    });
    return issues;
}

/** Every rule the subscriptions break, under `field`; empty when valid. */
export function validateKeyVaultEventSubscriptions(subscriptions: KeyVaultEventSubscription[] | undefined, field = "eventSubscriptions"): ValidationIssue[] {
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = keyVaultEventSubscriptionsShapeIssues(subscriptions, field);
    if (shape.length > 0) return shape;
    const issues: ValidationIssue[] = [];
    const add = (f: string, message: string) => issues.push({ field: f, message });
    const names = new Map<string, number>();
    (subscriptions ?? []).forEach((s, i) => {
        const at = `${field}[${i}]`;
        if (typeof s.name !== "string" || !SUBSCRIPTION_NAME.test(s.name)) {
            add(`${at}.name`, `${JSON.stringify(s.name)} is not an event subscription name: 3–64 letters, digits and hyphens`);
        } else {
            const first = names.get(s.name.toLowerCase());
            if (first !== undefined) add(`${at}.name`, `"${s.name}" is already ${field}[${first}]'s name`);
            else names.set(s.name.toLowerCase(), i);
        }
        const given = (["webhookUrl", "eventHubResourceId", "serviceBusQueueResourceId", "azureFunctionResourceId", "storageQueue"] as const).filter((k) => s[k] !== undefined);
        if (given.length !== 1) {
            add(at, given.length === 0
                ? "has no destination; set one of webhookUrl, eventHubResourceId, serviceBusQueueResourceId, azureFunctionResourceId or storageQueue"
                : `has ${given.length} destinations (${given.join(", ")}); an event subscription delivers to one`);
        }
        const check = (f: string, value: pulumi.Input<string> | undefined, problemOf: (v: string) => string | undefined) => {
            const plain = known<string>(value);
            const problem = plain === undefined ? undefined : problemOf(plain);
            if (problem !== undefined) add(`${at}.${f}`, problem);
        };
        check("webhookUrl", s.webhookUrl, webhookUrlProblem);
        for (const key of ["eventHubResourceId", "serviceBusQueueResourceId", "azureFunctionResourceId"] as const) {
            check(key, s[key], (id) => resourceIdProblem(ID_SHAPES[key], id));
        }
        if (s.storageQueue !== undefined) {
            check("storageQueue.storageAccountResourceId", s.storageQueue.storageAccountResourceId, (id) => resourceIdProblem(STORAGE_ACCOUNT, id));
            if (typeof s.storageQueue.queueName !== "string" || !QUEUE_NAME.test(s.storageQueue.queueName)) {
                // Only what could be a name is shown: a queue's SAS URL or connection string pasted here carries its key.
                const given = s.storageQueue.queueName;
                const shown = typeof given === "string" && NAME_LIKE.test(given) ? `"${given}" ` : typeof given === "string" ? "" : `${JSON.stringify(given)} `;
                add(`${at}.storageQueue.queueName`, `${shown}is not a queue name${shown === "" ? " (the value is not shown: it may carry a key)" : ""}: 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`);
            }
        }
        if (s.deliveryIdentity !== undefined && s.deliveryIdentity !== "SystemAssigned" && s.deliveryIdentity !== "None") {
            add(`${at}.deliveryIdentity`, `"${String(s.deliveryIdentity)}" is not "SystemAssigned" (the default for an event hub or queue) or "None"`);
        } else if (s.deliveryIdentity === "SystemAssigned" && given.length === 1 && identityDestination(s) === undefined) {
            add(`${at}.deliveryIdentity`, `is "SystemAssigned", but Event Grid delivers to ${given[0] === "webhookUrl" ? "a webhook" : "a function"} without an identity (only event hubs, Service Bus queues and storage queues take one); leave deliveryIdentity out`);
        }
        if (s.deadLetter !== undefined) {
            check("deadLetter.storageAccountResourceId", s.deadLetter.storageAccountResourceId, (id) => resourceIdProblem(STORAGE_ACCOUNT, id));
            if (typeof s.deadLetter.blobContainerName !== "string" || !ENCRYPTION_SCOPE_NAME.test(s.deadLetter.blobContainerName)) {
                const given = s.deadLetter.blobContainerName;
                const shown = typeof given === "string" && NAME_LIKE.test(given) ? `"${given}" ` : typeof given === "string" ? "" : `${JSON.stringify(given)} `;
                add(`${at}.deadLetter.blobContainerName`, `${shown}is not a blob container name${shown === "" ? " (the value is not shown: it may carry a key)" : ""}: 3–63 lowercase letters, digits and hyphens, each hyphen between a letter or digit`);
            }
        }
        for (const [key, bound] of Object.entries(RETRY_POLICY_BOUNDS) as [keyof typeof RETRY_POLICY_BOUNDS, (typeof RETRY_POLICY_BOUNDS)[keyof typeof RETRY_POLICY_BOUNDS]][]) {
            const value = s.retryPolicy?.[key];
            if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > bound.max)) {
                add(`${at}.retryPolicy.${key}`, `${value} is not a whole number of ${bound.unit} from 1 to ${bound.max}, Event Grid's bounds; leave it out for Event Grid's own, ${bound.max}`);
            }
        }
        if (s.eventTypes !== undefined && s.eventTypes.length === 0) {
            // The default named from the one list, which delivers secrets' expiry too (a credential handed over in the vault).
            add(`${at}.eventTypes`, `is empty; leave it out for the default, ${KeyVaultEventDefaults.eventTypes.join(", ")}, or name the events`);
        }
        (s.eventTypes ?? []).forEach((type, j) => {
            if (!(KEY_VAULT_EVENT_TYPES as readonly string[]).includes(type)) {
                add(`${at}.eventTypes[${j}]`, `"${String(type)}" is not a Key Vault event; use one of ${KEY_VAULT_EVENT_TYPES.join(", ")}`);
            }
        });
    });
    return issues;
}

/**
 * A webhook URL is kept secret wherever it goes (it usually carries its credential, in its path as
 * often as in its query), so an error shows only its scheme: a stack's secret `vaults` reaches the
 * program decrypted, and the engine masks a secret's whole value only, not a part of it.
 */
function webhookUrlProblem(url: string, show: ShowValue = quoteValue): string | undefined {
    if (isHttpsUrl(url)) return undefined;
    if (show !== quoteValue) return `${show(url)} is not an https URL; Event Grid delivers to HTTPS endpoints only`;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1];
    return scheme === undefined
        ? "is not a URL (not shown: it may be a credential); Event Grid delivers to HTTPS endpoints only, so give the endpoint's https URL"
        : `is an ${scheme.toLowerCase()} URL (not shown: a webhook URL is kept secret, since it usually carries its credential), not https; Event Grid delivers to HTTPS endpoints only`;
}

function resourceIdProblem(shape: { pattern: RegExp; what: string }, id: string, show: ShowValue = quoteValue): string | undefined {
    return shape.pattern.test(id) ? undefined : notAnId(id, shape.what, show, "; a URL goes in webhookUrl");
}

function isHttpsUrl(value: string): boolean {
    try {
        return new URL(value).protocol === "https:";
    } catch {
        return false;
    }
}

type Destination = eventgrid.SystemTopicEventSubscriptionArgs["destination"];

/** The entry's destination, a value given as an Output held to its rule when it resolves (as `component`'s `field`). */
function destinationOf(s: KeyVaultEventSubscription, component: string, field: string): Destination {
    const checked = (f: string, value: pulumi.Input<string>, problemOf: (v: string, show: ShowValue) => string | undefined) => checkedOnResolve(component, `${field}.${f}`, value, problemOf);
    // A webhook URL usually carries its own credential (a Logic App's sig, a Function's code): Azure keeps it write-only, and so does the state.
    if (s.webhookUrl !== undefined) return { endpointType: "WebHook", endpointUrl: pulumi.secret(checked("webhookUrl", s.webhookUrl, webhookUrlProblem)), minimumTlsVersionAllowed: eventgrid.TlsVersion.TlsVersion_1_2 };
    if (s.eventHubResourceId !== undefined) return { endpointType: "EventHub", resourceId: checked("eventHubResourceId", s.eventHubResourceId, (id, show) => resourceIdProblem(ID_SHAPES.eventHubResourceId, id, show)) };
    if (s.serviceBusQueueResourceId !== undefined) return { endpointType: "ServiceBusQueue", resourceId: checked("serviceBusQueueResourceId", s.serviceBusQueueResourceId, (id, show) => resourceIdProblem(ID_SHAPES.serviceBusQueueResourceId, id, show)) };
    if (s.azureFunctionResourceId !== undefined) return { endpointType: "AzureFunction", resourceId: checked("azureFunctionResourceId", s.azureFunctionResourceId, (id, show) => resourceIdProblem(ID_SHAPES.azureFunctionResourceId, id, show)) };
    const queue = s.storageQueue as NonNullable<KeyVaultEventSubscription["storageQueue"]>;
    return { endpointType: "StorageQueue", resourceId: checked("storageQueue.storageAccountResourceId", queue.storageAccountResourceId, (id, show) => resourceIdProblem(STORAGE_ACCOUNT, id, show)), queueName: queue.queueName };
}

/** The sender role's scope when the entry's destination is a plain value: what names the role shared by the subscriptions to it. */
function knownSenderScope(s: KeyVaultEventSubscription): string | undefined {
    if (s.storageQueue !== undefined) {
        const account = known<string>(s.storageQueue.storageAccountResourceId);
        return account === undefined ? undefined : storageQueueScope(account, s.storageQueue.queueName);
    }
    return known<string>(s.eventHubResourceId ?? s.serviceBusQueueResourceId);
}

/** One storage queue's ARM scope, under its account. */
function storageQueueScope(accountId: string, queueName: string): string {
    return `${accountId}/queueServices/default/queues/${queueName}`;
}

/** What the sender role is scoped to: the event hub or Service Bus queue itself, or the one storage queue in its account. */
function senderScope(destination: Destination): pulumi.Output<string> {
    return pulumi.output(destination).apply((d) => {
        if (d?.endpointType === "StorageQueue") return storageQueueScope(String(d.resourceId), String(d.queueName));
        if (d?.endpointType === "EventHub" || d?.endpointType === "ServiceBusQueue") return String(d.resourceId);
        throw new Error(`no sender role is scoped to a ${String(d?.endpointType)} destination`);
    });
}

/**
 * The vault's Event Grid system topic (`<name>-events`, in the vault's region, as Azure requires)
 * and one subscription per entry (`<name>-events-<subscription>`). Call after validation: a
 * destination given as an Output is held to the same rules when it resolves, failing as `component`.
 */
export function createKeyVaultEventSubscriptions(
    name: string,
    subscriptions: KeyVaultEventSubscription[] | undefined,
    vault: { id: pulumi.Input<string>; name: pulumi.Input<string>; location: pulumi.Input<string | undefined>; resourceGroupName: pulumi.Input<string>; tags?: ResourceTags; beside: BesideOptions },
    parent: pulumi.Resource,
    component = `${parent.constructor.name} "${name}"`,
    rbacPropagationWait: string = KeyVaultEventDefaults.rbacPropagationWait,
): eventgrid.SystemTopic | undefined {
    if ((subscriptions ?? []).length === 0) return undefined;
    const withIdentity = (subscriptions ?? []).some((s) => deliversAsIdentity(s) || s.deadLetter !== undefined);
    const topic = new eventgrid.SystemTopic(`${name}-events`, {
        resourceGroupName: vault.resourceGroupName,
        location: vault.location,
        systemTopicName: pulumi.interpolate`${vault.name}-events`,
        source: vault.id,
        topicType: "Microsoft.KeyVault.vaults",
        ...(withIdentity ? { identity: { type: eventgrid.IdentityType.SystemAssigned } } : {}),
        tags: vault.tags,
    }, { parent, ...vault.beside });
    const principalId = withIdentity
        ? topic.identity.apply((identity) => {
            if (identity?.principalId === undefined) throw new Error(`${component}: Event Grid returned system topic ${name}-events without the identity it was asked for`);
            return identity.principalId;
        })
        : undefined;
    // One sender role per hub or queue: Azure holds one assignment of a role to a principal on a scope,
    // so subscriptions to one destination share it, named for the destination, not for whichever came first.
    const senders = new Map<string, { sender: authorization.RoleAssignment; wait: pulumi.Resource | undefined }>();
    // Azure holds one assignment of a role to a principal on a scope: a scope given as an Output is known
    // only when it resolves, so two roles that would land on one are refused then, naming both entries.
    const claimed = new Map<string, string>();
    const claim = (scope: pulumi.Input<string>, role: BuiltInRole, owner: string): pulumi.Output<string> => pulumi.output(scope).apply((resolved) => {
        const at = `${role}|${resolved.toLowerCase()}`;
        const first = claimed.get(at);
        if (first !== undefined && first !== owner) {
            throw new Error(`${component}: ${owner} and ${first} reach the same ${role === "storageBlobDataContributor" ? "dead-letter container" : "destination"}, one of them given as an Output, so each would make the role assignment Azure holds once per principal, role and scope; give its id as text (the entries then share one assignment)`);
        }
        claimed.set(at, owner);
        return resolved;
    });
    // One writer role per dead-letter container, shared as the sender roles are.
    const writers = new Map<string, { writer: authorization.RoleAssignment; wait: pulumi.Resource | undefined }>();
    const deadLetterOf = (d: NonNullable<KeyVaultEventSubscription["deadLetter"]>, field: string, principal: pulumi.Output<string>) => {
        const resourceId = checkedOnResolve(component, `${field}.storageAccountResourceId`, d.storageAccountResourceId, (id, show) => resourceIdProblem(STORAGE_ACCOUNT, id, show));
        const account = known<string>(d.storageAccountResourceId);
        const label = `deadletter-${createHash("sha256").update((account === undefined ? field : `${account}/${d.blobContainerName}`).toLowerCase()).digest("hex").slice(0, 8)}`;
        let writing = writers.get(label);
        if (writing === undefined) {
            const writer = assignBuiltInRole(`${name}-events-${label}`, {
                scope: claim(pulumi.interpolate`${resourceId}/blobServices/default/containers/${d.blobContainerName}`, "storageBlobDataContributor", field),
                principalId: principal,
                principalType: "ServicePrincipal",
                role: "storageBlobDataContributor",
                description: `azure-byok Event Grid dead-lettering of vault ${name}'s key events`,
            }, parent, { deleteBeforeReplace: false, ...vault.beside });
            writing = { writer, wait: waitForRoleAssignments(`${name}-events-${label}-rbac-propagation`, [writer], rbacPropagationWait, parent) };
            writers.set(label, writing);
        }
        return { ...writing, destination: { endpointType: "StorageBlob" as const, resourceId, blobContainerName: d.blobContainerName } };
    };
    (subscriptions ?? []).forEach((s, i) => {
        const destination = destinationOf(s, component, `eventSubscriptions[${i}]`);
        const field = identityDestination(s);
        let delivery: { sender: authorization.RoleAssignment; wait: pulumi.Resource | undefined } | undefined;
        if (field !== undefined && principalId !== undefined && deliversAsIdentity(s)) {
            const known = knownSenderScope(s);
            const label = known === undefined ? s.name : `sender-${createHash("sha256").update(known.toLowerCase()).digest("hex").slice(0, 8)}`;
            delivery = senders.get(label);
            if (delivery === undefined) {
                const sender = assignBuiltInRole(`${name}-events-${label}${known === undefined ? "-sender" : ""}`, {
                    scope: claim(senderScope(destination), IDENTITY_DESTINATIONS[field], `eventSubscriptions[${i}]`),
                    principalId,
                    principalType: "ServicePrincipal",
                    role: IDENTITY_DESTINATIONS[field],
                    description: `azure-byok Event Grid delivery of vault ${name}'s key events`,
                }, parent, { deleteBeforeReplace: false, ...vault.beside });
                delivery = { sender, wait: waitForRoleAssignments(`${name}-events-${label}${known === undefined ? "-sender" : ""}-rbac-propagation`, [sender], rbacPropagationWait, parent) };
                senders.set(label, delivery);
            }
        }
        const sender = delivery?.sender;
        const wait = delivery?.wait;
        const deadLetter = s.deadLetter !== undefined && principalId !== undefined ? deadLetterOf(s.deadLetter, `eventSubscriptions[${i}].deadLetter`, principalId) : undefined;
        new eventgrid.SystemTopicEventSubscription(`${name}-events-${s.name}`, {
            resourceGroupName: vault.resourceGroupName,
            systemTopicName: topic.name,
            eventSubscriptionName: s.name,
            ...(sender !== undefined
                ? { deliveryWithResourceIdentity: { identity: { type: eventgrid.EventSubscriptionIdentityType.SystemAssigned }, destination } }
                : { destination }),
            ...(s.retryPolicy !== undefined ? { retryPolicy: { ...s.retryPolicy } } : {}),
            ...(deadLetter !== undefined ? { deadLetterWithResourceIdentity: { identity: { type: eventgrid.EventSubscriptionIdentityType.SystemAssigned }, deadLetterDestination: deadLetter.destination } } : {}),
            // A copy: the SDK takes a mutable list, and the defaults are every vault's.
            filter: { includedEventTypes: s.eventTypes ?? [...KeyVaultEventDefaults.eventTypes] },
            eventDeliverySchema: eventgrid.EventDeliverySchema.EventGridSchema,
        }, { parent, ...vault.beside, dependsOn: [sender, wait, deadLetter?.writer, deadLetter?.wait].filter((r): r is NonNullable<typeof r> => r !== undefined) });
    });
    return topic;
}

