import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const sub = mockAzureDefaults.subscriptionId;
const eventHub = `/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/eventhubs/key-events`;

/** An Azure holding vault `kv-events` in `rg-byok` (West Europe). */
function world() {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    const vault = create("azure-native:keyvault:Vault", "kv", {
        resourceGroupName: "rg-byok",
        vaultName: "kv-events",
        location: "westeurope",
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true },
    });
    const topic = (extra: Record<string, unknown> = {}) => create("azure-native:eventgrid:SystemTopic", `topic-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", systemTopicName: "kv-events-events", location: "westeurope", source: vault.id, topicType: "Microsoft.KeyVault.vaults", ...extra,
    });
    const subscription = (extra: Record<string, unknown> = {}) => create("azure-native:eventgrid:SystemTopicEventSubscription", `es-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", systemTopicName: "kv-events-events", eventSubscriptionName: "reencrypt",
        destination: { endpointType: "EventHub", resourceId: eventHub }, filter: { includedEventTypes: ["Microsoft.KeyVault.KeyNewVersionCreated"] }, ...extra,
    });
    return { vault, topic, subscription };
}

test("a vault's system topic is in the vault's region and of its type, and its subscriptions deliver the vault's events to a destination of the right kind", () => {
    const w = world();
    expect(() => w.topic({ topicType: "Microsoft.Storage.StorageAccounts" })).toThrow(/does not match the source's type 'Microsoft.KeyVault\/vaults'; use 'microsoft.keyvault.vaults'/);
    expect(() => w.topic({ location: "northeurope" })).toThrow(/must be the source's location 'westeurope'/);
    expect(() => w.topic({ source: String(w.vault.id).replace("kv-events", "kv-gone") })).toThrow(/is not an existing resource/);
    expect(() => w.subscription()).toThrow(/404 ResourceNotFound: The Resource 'Microsoft.EventGrid\/systemTopics\/kv-events-events'/);
    // Azure writes the region with spaces in places; it is the same region.
    expect(w.topic({ location: "West Europe" }).state.metricResourceId).toBe(`/subscriptions/${sub}/resourceGroups/rg-byok/providers/Microsoft.EventGrid/systemTopics/kv-events-events`);
    expect(() => w.topic({ systemTopicName: "kv-events-second" })).toThrow(/already has system topic 'kv-events-events'; a resource has one system topic/);
    expect(() => w.subscription({ destination: { endpointType: "WebHook", endpointUrl: "http://hooks.contoso.com/" } })).toThrow(/must be an https URL/);
    expect(() => w.subscription({ destination: { endpointType: "EventHub", resourceId: eventHub.replace("/eventhubs/key-events", "") } })).toThrow(/is not a microsoft.eventhub\/namespaces\/eventhubs resource id/);
    expect(() => w.subscription({ destination: { endpointType: "StorageQueue", resourceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st` } })).toThrow(/needs queueName/);
    expect(() => w.subscription({ filter: { includedEventTypes: ["Microsoft.Storage.BlobCreated"] } })).toThrow(/'Microsoft.Storage.BlobCreated' is not an event this topic publishes/);
    expect(() => w.subscription({ eventSubscriptionName: "ab" })).toThrow(/Event subscription name 'ab' is invalid/);
    expect(w.subscription().id).toBe(`/subscriptions/${sub}/resourceGroups/rg-byok/providers/Microsoft.EventGrid/systemTopics/kv-events-events/eventSubscriptions/reencrypt`);
    expect(() => w.subscription({ labels: ["again"] })).toThrow(/409 Conflict/);
});

test("a refused webhook endpoint is named as Azure names it, without the query or user info that carry its credential", () => {
    const w = world();
    w.topic();
    expect(() => w.subscription({ destination: { endpointType: "WebHook", endpointUrl: "http://bot:pa/ss@prod-00.westeurope.logic.azure.com/workflows/abc?sig=MOCKSIG0123456789" } }))
        .toThrow(/^400 InvalidRequest: destination\.endpointUrl 'http:\/\/prod-00\.westeurope\.logic\.azure\.com\/workflows\/abc' must be an https URL\.$/);
});

test("a subscription delivers as its topic's identity only when the topic has one, to a destination that takes one; the sender role on an event hub or queue outside the stack is made as named", () => {
    const w = world();
    const topic = w.topic({ identity: { type: "SystemAssigned" } });
    const identity = topic.state.identity as { type: string; principalId: string; tenantId: string };
    expect(identity).toEqual({ type: "SystemAssigned", principalId: expect.stringMatching(/^[0-9a-f-]{36}$/), tenantId: mockAzureDefaults.tenantId });
    const asIdentity = (destination: Record<string, unknown>) => ({ destination: undefined, deliveryWithResourceIdentity: { identity: { type: "SystemAssigned" }, destination } });
    expect(() => w.subscription({ deliveryWithResourceIdentity: { identity: { type: "SystemAssigned" }, destination: { endpointType: "EventHub", resourceId: eventHub } } })).toThrow(/takes destination or deliveryWithResourceIdentity, not both/);
    expect(() => w.subscription(asIdentity({ endpointType: "WebHook", endpointUrl: "https://hooks.contoso.com/" }))).toThrow(/A WebHook destination does not take delivery with a managed identity/);
    expect(w.subscription(asIdentity({ endpointType: "EventHub", resourceId: eventHub })).id).toMatch(/\/eventSubscriptions\/reencrypt$/);
    // Another vault's topic, made without an identity, has none to deliver with.
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    const vault = create("azure-native:keyvault:Vault", "kv", { resourceGroupName: "rg-byok", vaultName: "kv-plain", location: "westeurope", properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true } });
    create("azure-native:eventgrid:SystemTopic", "t", { resourceGroupName: "rg-byok", systemTopicName: "kv-plain-events", location: "westeurope", source: vault.id, topicType: "Microsoft.KeyVault.vaults" });
    expect(() => create("azure-native:eventgrid:SystemTopicEventSubscription", "s", { resourceGroupName: "rg-byok", systemTopicName: "kv-plain-events", eventSubscriptionName: "ops", ...asIdentity({ endpointType: "EventHub", resourceId: eventHub }) }))
        .toThrow(/System topic 'kv-plain-events' has no system-assigned identity to deliver with/);
    // The sender role, on the hub and on one storage queue, each outside the stack.
    const role = (scope: string, roleGuid: string) => create("azure-native:authorization:RoleAssignment", `r-${roleGuid}`, { scope, principalId: identity.principalId, principalType: "ServicePrincipal", roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}` });
    expect(role(eventHub, "2b629674-e913-4c01-ae53-ef4638d8f975").id).toMatch(/^\/subscriptions\/.*\/eventhubs\/key-events\/providers\/Microsoft\.Authorization\/roleAssignments\//);
    expect(role(`/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops/queueServices/default/queues/key-expiry`, "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a").id).toMatch(/\/queues\/key-expiry\/providers\/Microsoft\.Authorization\/roleAssignments\//);
    // A storage account itself is still one the stack must hold.
    expect(() => role(`/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops`, "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a")).toThrow(/404/);
});

test("a subscription dead-letters into a blob container as its topic's identity only, and only to a storage account's container", () => {
    const w = world();
    const account = `/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops`;
    const deadLetter = (destination: Record<string, unknown>) => ({ deadLetterWithResourceIdentity: { identity: { type: "SystemAssigned" }, deadLetterDestination: destination } });
    w.topic();
    expect(() => w.subscription(deadLetter({ endpointType: "StorageBlob", resourceId: account, blobContainerName: "undelivered" }))).toThrow(/has no system-assigned identity to dead-letter with/);
    const v = world();
    v.topic({ identity: { type: "SystemAssigned" } });
    expect(() => v.subscription(deadLetter({ endpointType: "StorageBlob", resourceId: eventHub, blobContainerName: "undelivered" }))).toThrow(/must be a StorageBlob destination: a storage account's resource id and a blob container name/);
    expect(v.subscription(deadLetter({ endpointType: "StorageBlob", resourceId: account, blobContainerName: "undelivered" })).id).toMatch(/\/eventSubscriptions\/reencrypt$/);
});

test("a subscription's retry policy is held to Event Grid's bounds: 1-30 attempts over 1-1440 minutes", () => {
    const w = world();
    w.topic();
    expect(() => w.subscription({ retryPolicy: { maxDeliveryAttempts: 31, eventTimeToLiveInMinutes: 1440 } })).toThrow("retryPolicy.maxDeliveryAttempts 31 is invalid: a whole number from 1 to 30.");
    expect(() => w.subscription({ retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 0 } })).toThrow("retryPolicy.eventTimeToLiveInMinutes 0 is invalid: a whole number from 1 to 1440.");
    expect(w.subscription({ retryPolicy: { maxDeliveryAttempts: 5, eventTimeToLiveInMinutes: 60 } }).id).toMatch(/\/eventSubscriptions\/reencrypt$/);
});
