import { urlWithoutCredential } from "../components/validation";
import { sameRegion } from "../components/validation";
import { badRequest, echo, list, notFound, parseArmId, providerResourceId, record, stableGuid } from "./arm";
import type { ResourceHandler } from "./azure";

/**
 * Event Grid as a vault's key events meet it: a system topic on the vault, in the vault's region,
 * and subscriptions on it. Destinations outside the stack are taken as named; Event Grid's
 * validation handshake with a webhook happens only in Azure.
 */

/** The events each kind of system-topic source publishes. */
const EVENT_TYPES: Record<string, string[]> = {
    "microsoft.keyvault.vaults": [
        "Microsoft.KeyVault.KeyNewVersionCreated", "Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired",
        "Microsoft.KeyVault.SecretNewVersionCreated", "Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired",
        "Microsoft.KeyVault.CertificateNewVersionCreated", "Microsoft.KeyVault.CertificateNearExpiry", "Microsoft.KeyVault.CertificateExpired",
        "Microsoft.KeyVault.VaultAccessPolicyChanged",
    ],
};

/** The system topic type of each source resource type. */
const TOPIC_TYPES: Record<string, string> = { "microsoft.keyvault/vaults": "microsoft.keyvault.vaults" };

/** The resource type each destination's resourceId must name. */
const DESTINATION_TYPES: Record<string, string> = {
    EventHub: "microsoft.eventhub/namespaces/eventhubs",
    ServiceBusQueue: "microsoft.servicebus/namespaces/queues",
    AzureFunction: "microsoft.web/sites/functions",
    StorageQueue: "microsoft.storage/storageaccounts",
};


const systemTopicHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.systemTopicName;
    if (typeof name !== "string" || !/^[A-Za-z0-9-]{3,128}$/.test(name)) {
        throw badRequest("InvalidRequest", `System topic name '${String(name)}' is invalid: 3-128 letters, digits and hyphens.`);
    }
    const source = parseArmId(inputs.source);
    if (!source?.resourceType || !state.ids.has(String(inputs.source).toLowerCase())) {
        throw badRequest("InvalidRequest", `source '${String(inputs.source)}' is not an existing resource.`);
    }
    const expected = TOPIC_TYPES[source.resourceType.toLowerCase()];
    if (expected === undefined || String(inputs.topicType).toLowerCase() !== expected) {
        throw badRequest("InvalidRequest", `topicType '${String(inputs.topicType)}' does not match the source's type '${source.resourceType}'${expected ? `; use '${expected}'` : ""}.`);
    }
    // A regional source's system topic lives in the source's region.
    const vault = state.vaults.get(String(source.names[0]).toLowerCase());
    if (vault && !sameRegion(String(inputs.location), vault.location)) {
        throw badRequest("InvalidRequest", `System topic location '${String(inputs.location)}' must be the source's location '${vault.location}'.`);
    }
    const existing = state.systemTopicOfSource.get(String(inputs.source).toLowerCase());
    if (existing !== undefined) {
        throw badRequest("InvalidRequest", `Source '${String(inputs.source)}' already has system topic '${existing}'; a resource has one system topic, which every subscription shares.`);
    }
    const identityType = record(inputs.identity).type;
    if (identityType !== undefined && identityType !== "None" && identityType !== "SystemAssigned") {
        throw badRequest("InvalidRequest", `identity.type '${String(identityType)}' is not one this program's mocks know (None, SystemAssigned).`);
    }
    const id = state.claim(providerResourceId(state.subscriptionId, rg.name, "Microsoft.EventGrid", "systemTopics", name), "System topic");
    state.topicTypes.set(id.toLowerCase(), expected);
    state.systemTopicOfSource.set(String(inputs.source).toLowerCase(), name);
    // Azure makes a system-assigned identity's service principal with the topic; the response carries its ids.
    const identity = identityType === "SystemAssigned" ? { type: "SystemAssigned", principalId: stableGuid(id, "principalId"), tenantId: state.options.tenantId } : undefined;
    if (identity !== undefined) state.topicPrincipals.set(id.toLowerCase(), identity.principalId);
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName", "systemTopicName"), name, type: "Microsoft.EventGrid/systemTopics", metricResourceId: id, provisioningState: "Succeeded", ...(identity ? { identity } : {}) },
    };
};

const systemTopicEventSubscriptionHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const topicId = providerResourceId(state.subscriptionId, rg.name, "Microsoft.EventGrid", "systemTopics", String(inputs.systemTopicName));
    if (!state.ids.has(topicId.toLowerCase())) {
        throw notFound("Microsoft.EventGrid/systemTopics", String(inputs.systemTopicName), rg.name);
    }
    const name = inputs.eventSubscriptionName;
    if (typeof name !== "string" || !/^[A-Za-z0-9-]{3,64}$/.test(name)) {
        throw badRequest("InvalidRequest", `Event subscription name '${String(name)}' is invalid: 3-64 letters, digits and hyphens.`);
    }
    // Event Grid's bounds on retries ("Event Grid message delivery and retry"): 1-30 attempts, 1-1440 minutes.
    const retry = record(inputs.retryPolicy);
    for (const [field, max] of [["maxDeliveryAttempts", 30], ["eventTimeToLiveInMinutes", 1440]] as const) {
        const value = retry[field];
        if (value !== undefined && (!Number.isInteger(value) || Number(value) < 1 || Number(value) > max)) {
            throw badRequest("InvalidRequest", `retryPolicy.${field} ${String(value)} is invalid: a whole number from 1 to ${max}.`);
        }
    }
    const delivery = record(inputs.deliveryWithResourceIdentity);
    if (inputs.destination !== undefined && inputs.deliveryWithResourceIdentity !== undefined) {
        throw badRequest("InvalidRequest", "An event subscription takes destination or deliveryWithResourceIdentity, not both.");
    }
    const asIdentity = inputs.deliveryWithResourceIdentity !== undefined;
    if (asIdentity) {
        const identityType = record(delivery.identity).type;
        if (identityType !== "SystemAssigned") throw badRequest("InvalidRequest", `deliveryWithResourceIdentity.identity.type '${String(identityType)}' is not one this program's mocks know (SystemAssigned).`);
        if (!state.topicPrincipals.has(topicId.toLowerCase())) {
            throw badRequest("InvalidRequest", `System topic '${String(inputs.systemTopicName)}' has no system-assigned identity to deliver with; set its identity first.`);
        }
    }
    const destination = record(asIdentity ? delivery.destination : inputs.destination);
    const type = String(destination.endpointType);
    if (asIdentity && !["EventHub", "ServiceBusQueue", "ServiceBusTopic", "StorageQueue"].includes(type)) {
        throw badRequest("InvalidRequest", `A ${type} destination does not take delivery with a managed identity.`);
    }
    if (type === "WebHook") {
        let https = false;
        try {
            https = new URL(String(destination.endpointUrl)).protocol === "https:";
        } catch {
            https = false;
        }
        // Azure names an endpoint without its query (azure-cli#9547), where a Logic App's sig or a Function's code sits.
        if (!https) throw badRequest("InvalidRequest", `destination.endpointUrl '${urlWithoutCredential(String(destination.endpointUrl))}' must be an https URL.`);
    } else if (DESTINATION_TYPES[type] !== undefined) {
        if (parseArmId(destination.resourceId)?.resourceType?.toLowerCase() !== DESTINATION_TYPES[type]) {
            throw badRequest("InvalidRequest", `destination.resourceId '${String(destination.resourceId)}' is not a ${DESTINATION_TYPES[type]} resource id, which a ${type} destination needs.`);
        }
        if (type === "StorageQueue" && (typeof destination.queueName !== "string" || destination.queueName === "")) {
            throw badRequest("InvalidRequest", "A StorageQueue destination needs queueName.");
        }
    } else {
        throw badRequest("InvalidRequest", `destination.endpointType '${type}' is not one this program's mocks know.`);
    }
    if (inputs.deadLetterWithResourceIdentity !== undefined) {
        const deadLetter = record(inputs.deadLetterWithResourceIdentity);
        if (record(deadLetter.identity).type !== "SystemAssigned") throw badRequest("InvalidRequest", `deadLetterWithResourceIdentity.identity.type '${String(record(deadLetter.identity).type)}' is not one this program's mocks know (SystemAssigned).`);
        if (!state.topicPrincipals.has(topicId.toLowerCase())) throw badRequest("InvalidRequest", `System topic '${String(inputs.systemTopicName)}' has no system-assigned identity to dead-letter with; set its identity first.`);
        const to = record(deadLetter.deadLetterDestination);
        if (to.endpointType !== "StorageBlob" || parseArmId(to.resourceId)?.resourceType?.toLowerCase() !== "microsoft.storage/storageaccounts" || typeof to.blobContainerName !== "string" || to.blobContainerName === "") {
            throw badRequest("InvalidRequest", "deadLetterWithResourceIdentity.deadLetterDestination must be a StorageBlob destination: a storage account's resource id and a blob container name.");
        }
    }
    const topicType = state.topicTypes.get(topicId.toLowerCase());
    const allowed = topicType ? EVENT_TYPES[topicType] : undefined;
    list(record(inputs.filter).includedEventTypes).forEach((t, i) => {
        if (allowed && !allowed.includes(String(t))) {
            throw badRequest("InvalidRequest", `filter.includedEventTypes[${i}] '${String(t)}' is not an event this topic publishes.`);
        }
    });
    const id = state.claim(`${topicId}/eventSubscriptions/${name}`, "Event subscription");
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName", "systemTopicName", "eventSubscriptionName"), name, topic: topicId, type: "Microsoft.EventGrid/systemTopics/eventSubscriptions", provisioningState: "Succeeded" },
    };
};

export const eventGridHandlers: Record<string, ResourceHandler> = {
    "azure-native:eventgrid:SystemTopic": systemTopicHandler,
    "azure-native:eventgrid:SystemTopicEventSubscription": systemTopicEventSubscriptionHandler,
};
