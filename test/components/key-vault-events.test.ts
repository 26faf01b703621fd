import * as pulumi from "@pulumi/pulumi";
import { KeyVault } from "../../components/key-vault";
import { KeyVaultEventSubscription, validateKeyVaultEventSubscriptions } from "../../components/key-vault-events";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { isSecret, reveal } from "../../plan/recorder";
import { expectRefusedBeforeRegistration } from "../support/expect";
import { valueOf } from "../support/outputs";
import { ProgramRun, runUnderMocks, validationFailure } from "../support/under-mocks";

const rg = "rg-byok";
const sub = mockAzureDefaults.subscriptionId;
const eventHub = `/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/eventhubs/key-events`;
const account = `/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops`;

describe("KeyVault event subscriptions", () => {
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks());
    });
    beforeEach(() => recorder.clear());

    test("deliver a key's new version, near expiry and expiry through one system topic in the vault's region", async () => {
        const kv = new KeyVault("kvevents", {
            resourceGroupName: rg,
            eventSubscriptions: [
                { name: "reencrypt", eventHubResourceId: eventHub },
                { name: "expiry-alerts", storageQueue: { storageAccountResourceId: account, queueName: "key-expiry" }, eventTypes: ["Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.SecretNearExpiry"] },
                { name: "hook", webhookUrl: "https://hooks.contoso.com/key-events" },
            ],
        });
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        const vaultName = await valueOf(kv.vaultName);
        const topic = recorder.find("azure-native:eventgrid:SystemTopic", "kvevents-events");
        expect(topic.parent).toBe(recorder.find("azure-byok:keyvault:KeyVault", "kvevents").urn);
        // The event hub and the storage queue are reached as the topic's own identity.
        expect(topic.inputs).toEqual({ resourceGroupName: rg, location: "westeurope", systemTopicName: `${vaultName}-events`, source: await valueOf(kv.id), topicType: "Microsoft.KeyVault.vaults", identity: { type: "SystemAssigned" } });
        const topicPrincipal = (topic.outputs?.identity as { principalId: string }).principalId;
        const reencrypt = recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvevents-events-reencrypt");
        expect(reencrypt.inputs).toEqual({
            resourceGroupName: rg,
            systemTopicName: `${vaultName}-events`,
            eventSubscriptionName: "reencrypt",
            deliveryWithResourceIdentity: { identity: { type: "SystemAssigned" }, destination: { endpointType: "EventHub", resourceId: eventHub } },
            // isSubjectCaseSensitive is the SDK's own default.
            filter: { includedEventTypes: ["Microsoft.KeyVault.KeyNewVersionCreated", "Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired", "Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"], isSubjectCaseSensitive: false },
            eventDeliverySchema: "EventGridSchema",
        });
        const senders = recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => r.name.startsWith("kvevents-events-"));
        const sender = senders.find((r) => r.inputs.scope === eventHub) as (typeof senders)[number];
        expect(sender.inputs).toMatchObject({ scope: eventHub, principalId: topicPrincipal, principalType: "ServicePrincipal", roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/2b629674-e913-4c01-ae53-ef4638d8f975` });
        // Each subscription waits for its sender role and its propagation.
        const wait = recorder.find("time:index/sleep:Sleep", `${sender.name}-rbac-propagation`);
        expect(reencrypt.dependencies).toEqual(expect.arrayContaining([sender.urn, wait.urn]));
        const alerts = recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvevents-events-expiry-alerts");
        expect(alerts.inputs).toMatchObject({
            deliveryWithResourceIdentity: { identity: { type: "SystemAssigned" }, destination: { endpointType: "StorageQueue", resourceId: account, queueName: "key-expiry" } },
            filter: { includedEventTypes: ["Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.SecretNearExpiry"] },
        });
        expect(senders.find((r) => r.inputs.scope !== eventHub)?.inputs).toMatchObject({
            scope: `${account}/queueServices/default/queues/key-expiry`,
            principalId: topicPrincipal,
            roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/c6a89b2d-59bc-44d0-9896-0f6e12d7b80a`,
        });
        // A webhook takes no identity and no role; each role is named for its destination.
        expect(senders.map((r) => r.name)).toEqual([expect.stringMatching(/^kvevents-events-sender-[0-9a-f]{8}$/), expect.stringMatching(/^kvevents-events-sender-[0-9a-f]{8}$/)]);
        // A webhook URL carries its own credential as often as not: the destination holding it is a secret.
        const hook = recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvevents-events-hook").inputs.destination;
        expect(isSecret(hook)).toBe(true);
        expect(reveal(hook)).toMatchObject({ endpointType: "WebHook", endpointUrl: "https://hooks.contoso.com/key-events", minimumTlsVersionAllowed: "1.2" });
    });

    test("deliver to a Service Bus queue as the topic's identity, or without one when asked for by name, the topic then without an identity", async () => {
        const queue = `/subscriptions/${sub}/resourceGroups/rg-ops/providers/Microsoft.ServiceBus/namespaces/sb-ops/queues/key-events`;
        const kv = new KeyVault("kvsbevents", { resourceGroupName: rg, eventSubscriptions: [{ name: "ops", serviceBusQueueResourceId: queue }] });
        const plain = new KeyVault("kvplainevents", { resourceGroupName: rg, eventSubscriptions: [{ name: "ops", serviceBusQueueResourceId: queue, deliveryIdentity: "None" }, { name: "hook", webhookUrl: "https://hooks.contoso.com/key-events" }] });
        await Promise.all([valueOf(kv.vaultUri), valueOf(plain.vaultUri)]);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => r.name.startsWith("kvsbevents-events-")).map((r) => r.inputs)).toEqual([expect.objectContaining({ scope: queue, roleDefinitionId: expect.stringMatching(/\/roleDefinitions\/69a216fc-b8fb-44d8-bc22-1f3c2cd27a39$/) })]);
        expect(recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvsbevents-events-ops").inputs.deliveryWithResourceIdentity).toEqual({ identity: { type: "SystemAssigned" }, destination: { endpointType: "ServiceBusQueue", resourceId: queue } });
        expect(recorder.find("azure-native:eventgrid:SystemTopic", "kvplainevents-events").inputs.identity).toBeUndefined();
        expect(recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvplainevents-events-ops").inputs).toMatchObject({ destination: { endpointType: "ServiceBusQueue", resourceId: queue } });
        expect(recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvplainevents-events-ops").inputs.deliveryWithResourceIdentity).toBeUndefined();
        expect(recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => r.name.startsWith("kvplainevents-events-"))).toEqual([]);
    });

    test("subscriptions to one event hub share its sender role, which Azure holds once per principal, and keep it when one of them goes", async () => {
        const sendersOf = (prefix: string) => recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => r.name.startsWith(prefix));
        const both = new KeyVault("kvshared", { resourceGroupName: rg, eventSubscriptions: [{ name: "reencrypt", eventHubResourceId: eventHub }, { name: "expiry", eventHubResourceId: eventHub.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"), eventTypes: ["Microsoft.KeyVault.KeyNearExpiry"] }] });
        await valueOf(both.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        const [shared] = sendersOf("kvshared-events-");
        expect(sendersOf("kvshared-events-")).toHaveLength(1);
        for (const s of ["reencrypt", "expiry"]) expect(recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", `kvshared-events-${s}`).dependencies).toContain(shared.urn);
        // The same role resource, by name, whichever subscription remains.
        const one = new KeyVault("kvshared2", { resourceGroupName: rg, eventSubscriptions: [{ name: "expiry", eventHubResourceId: eventHub }] });
        await valueOf(one.vaultUri);
        await settle();
        expect(sendersOf("kvshared2-events-").map((r) => r.name.replace("kvshared2-", ""))).toEqual([shared.name.replace("kvshared-", "")]);
    });

    test("wait for the sender role as long as the vault is told (the stack's rbacPropagationWait), or not at all with 0s", async () => {
        const longer = new KeyVault("kvwait", { resourceGroupName: rg, rbacPropagationWait: "2m", eventSubscriptions: [{ name: "ops", eventHubResourceId: eventHub }] });
        const none = new KeyVault("kvnowait", { resourceGroupName: rg, rbacPropagationWait: "0s", eventSubscriptions: [{ name: "ops", eventHubResourceId: eventHub }] });
        await Promise.all([valueOf(longer.vaultUri), valueOf(none.vaultUri)]);
        await settle();
        expect(recorder.refused).toEqual([]);
        const waits = recorder.ofType("time:index/sleep:Sleep");
        expect(waits.filter((w) => w.name.startsWith("kvwait-events-")).map((w) => w.inputs.createDuration)).toEqual(["2m"]);
        expect(waits.filter((w) => w.name.startsWith("kvnowait-events-"))).toEqual([]);
        expect(recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", "kvnowait-events-ops").dependencies).toContain(recorder.ofType("azure-native:authorization:RoleAssignment").find((r) => r.name.startsWith("kvnowait-events-"))?.urn);
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvbadwait", { resourceGroupName: rg, rbacPropagationWait: "1h", eventSubscriptions: [{ name: "ops", eventHubResourceId: eventHub }] }), "rbacPropagationWait", /is not a wait in whole seconds or minutes/);
    });

    test("dead-letter what Event Grid could not deliver into a blob container, as the topic's identity with a writer role on that container alone", async () => {
        const kv = new KeyVault("kvdead", {
            resourceGroupName: rg,
            eventSubscriptions: [
                { name: "hook", webhookUrl: "https://hooks.contoso.com/key-events", deadLetter: { storageAccountResourceId: account, blobContainerName: "undelivered" } },
                { name: "ops", eventHubResourceId: eventHub, deliveryIdentity: "None", deadLetter: { storageAccountResourceId: account, blobContainerName: "undelivered" } },
            ],
        });
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        // A webhook and a keyless delivery still need the topic's identity to write the container.
        expect(recorder.find("azure-native:eventgrid:SystemTopic", "kvdead-events").inputs.identity).toEqual({ type: "SystemAssigned" });
        const writers = recorder.ofType("azure-native:authorization:RoleAssignment").filter((r) => r.name.startsWith("kvdead-events-"));
        expect(writers.map((r) => [r.name.replace(/[0-9a-f]{8}$/, "<hash>"), r.inputs.scope, String(r.inputs.roleDefinitionId).split("/").pop()])).toEqual([
            ["kvdead-events-deadletter-<hash>", `${account}/blobServices/default/containers/undelivered`, "ba92f5b4-2d11-453d-a403-e96b0029c9fe"],
        ]);
        for (const name of ["hook", "ops"]) {
            const subscription = recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", `kvdead-events-${name}`);
            expect(reveal(subscription.inputs.deadLetterWithResourceIdentity)).toEqual({ identity: { type: "SystemAssigned" }, deadLetterDestination: { endpointType: "StorageBlob", resourceId: account, blobContainerName: "undelivered" } });
            expect(subscription.dependencies).toContain(writers[0].urn);
        }
    });

    test("send a retry policy only when one is given, as given; Event Grid keeps its own otherwise", async () => {
        const kv = new KeyVault("kvretry", {
            resourceGroupName: rg,
            eventSubscriptions: [
                { name: "short", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempts: 5, eventTimeToLiveInMinutes: 60 } },
                { name: "attempts", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempts: 10 } },
                { name: "plain", eventHubResourceId: eventHub },
            ],
        });
        await valueOf(kv.vaultUri);
        await settle();
        const policy = (name: string) => recorder.find("azure-native:eventgrid:SystemTopicEventSubscription", `kvretry-events-${name}`).inputs.retryPolicy;
        expect(policy("short")).toEqual({ maxDeliveryAttempts: 5, eventTimeToLiveInMinutes: 60 });
        // azure-native's SDK fills the other field with Event Grid's default (retryPolicyArgsProvideDefaults).
        expect(policy("attempts")).toEqual({ maxDeliveryAttempts: 10, eventTimeToLiveInMinutes: 1440 });
        expect(policy("plain")).toBeUndefined();
    });

    test("a vault with none has no system topic", async () => {
        const kv = new KeyVault("kvquiet", { resourceGroupName: rg });
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.ofType("azure-native:eventgrid:SystemTopic")).toEqual([]);
    });

    test("a subscription Azure would refuse is refused before anything is registered", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvbadevents", { resourceGroupName: rg, eventSubscriptions: [{ name: "hook", webhookUrl: "http://hooks.contoso.com/key-events" }] }), "eventSubscriptions[0].webhookUrl", /is an http URL .*not https/);
    });

    test("a refused webhook URL is shown by its scheme alone: its path, query and user part may each carry its credential", () => {
        const refusal = (webhookUrl: string) => validateKeyVaultEventSubscriptions([{ name: "hook", webhookUrl }]).map((i) => i.message);
        const httpRefused = "is an http URL (not shown: a webhook URL is kept secret, since it usually carries its credential), not https; Event Grid delivers to HTTPS endpoints only";
        expect(refusal("http://hooks.example.com/api/notify?code=WEBHOOKTOKENabc123XYZ")).toEqual([httpRefused]);
        // A chat-style incoming webhook carries its token in the path.
        expect(refusal("http://hooks.example.com/services/T000/B000/PATHTOKEN123")).toEqual([httpRefused]);
        expect(refusal("HTTP://bot:s3cr3t@hooks.example.com/notify")).toEqual([httpRefused]);
        expect(refusal("ftp://files.contoso.com/key-events")).toEqual(["is an ftp URL (not shown: a webhook URL is kept secret, since it usually carries its credential), not https; Event Grid delivers to HTTPS endpoints only"]);
        // A function key pasted alone is no URL: nothing of it is shown.
        expect(refusal("WEBHOOKTOKENabc123XYZ==")).toEqual(["is not a URL (not shown: it may be a credential); Event Grid delivers to HTTPS endpoints only, so give the endpoint's https URL"]);
        expect(refusal("https://hooks.contoso.com/key-events?code=abc")).toEqual([]);
    });

    test("a URL or connection string pasted into a resource-id destination is refused by what it is, its credential not shown", () => {
        const refusal = (s: Omit<KeyVaultEventSubscription, "name">) => validateKeyVaultEventSubscriptions([{ name: "ops", ...s }]).map((i) => `${i.field}: ${i.message}`);
        expect(refusal({ azureFunctionResourceId: "https://fn-keys.azurewebsites.net/api/onkey?code=FUNCTIONKEY0123456789abcdef==" })).toEqual([
            'eventSubscriptions[0].azureFunctionResourceId: "https://fn-keys.azurewebsites.net/api/onkey" (its credential left out) is a URL, not a function\'s resource id (.../providers/Microsoft.Web/sites/<app>/functions/<function>); a URL goes in webhookUrl',
        ]);
        expect(refusal({ eventHubResourceId: "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sig=LOGICAPPSIG0123456789" }).join()).not.toContain("LOGICAPPSIG");
        // Without its Endpoint= prefix, a connection string starts like a URL; its key is still not shown.
        expect(refusal({ serviceBusQueueResourceId: "sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=SBKEY0123456789abcdef=" })).toEqual([
            "eventSubscriptions[0].serviceBusQueueResourceId: is a connection string or token (not shown: it carries a key), not a Service Bus queue's resource id (.../providers/Microsoft.ServiceBus/namespaces/<ns>/queues/<queue>)",
        ]);
        expect(refusal({ serviceBusQueueResourceId: "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=SBKEY0123456789abcdef=" })).toEqual([
            "eventSubscriptions[0].serviceBusQueueResourceId: is a connection string or token (not shown: it carries a key), not a Service Bus queue's resource id (.../providers/Microsoft.ServiceBus/namespaces/<ns>/queues/<queue>)",
        ]);
        expect(refusal({ storageQueue: { storageAccountResourceId: "DefaultEndpointsProtocol=https;AccountName=stops;AccountKey=STORAGEKEY0123456789abcdef==;EndpointSuffix=core.windows.net", queueName: "key-events" } })).toEqual([
            "eventSubscriptions[0].storageQueue.storageAccountResourceId: is a connection string or token (not shown: it carries a key), not a storage account's resource id (.../providers/Microsoft.Storage/storageAccounts/<account>)",
        ]);
        // A bare key, or anything else that is no resource path, is not shown either; a resource path of the wrong kind is.
        expect(refusal({ eventHubResourceId: "EVHKEY0123456789abcdefghijklmnopqrstuvwxyz+/AB==" })).toEqual([
            "eventSubscriptions[0].eventHubResourceId: is not an event hub's resource id (.../providers/Microsoft.EventHub/namespaces/<ns>/eventhubs/<hub>) (the value is not shown: it is not a resource path, and may be a key)",
        ]);
        expect(refusal({ eventHubResourceId: eventHub.replace("/eventhubs/key-events", "") })).toEqual([
            `eventSubscriptions[0].eventHubResourceId: "${eventHub.replace("/eventhubs/key-events", "")}" is not an event hub's resource id (.../providers/Microsoft.EventHub/namespaces/<ns>/eventhubs/<hub>)`,
        ]);
    });
});

describe("a destination given as an Output, known at preview (a config secret)", () => {
    const namespace = eventHub.replace("/eventhubs/key-events", "");
    const connection = "DefaultEndpointsProtocol=https;AccountName=stops;AccountKey=STORAGEKEY0123456789abcdef==;EndpointSuffix=core.windows.net";
    let run: ProgramRun;
    beforeAll(() => {
        run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const vault = (name, subscription) => new KeyVault(name, { resourceGroupName: "rg-byok", eventSubscriptions: [{ name: "rotate", ...subscription }] });
            vault("kvhook", { webhookUrl: pulumi.secret("http://hooks.example.com/kv?code=WEBHOOKTOKEN123") });
            vault("kvhookbare", { webhookUrl: pulumi.secret("http://hooks.contoso.com/key-events") });
            vault("kvhub", { eventHubResourceId: pulumi.output(${JSON.stringify(namespace)}) });
            vault("kvqueue", { storageQueue: { storageAccountResourceId: pulumi.secret(${JSON.stringify(connection)}), queueName: "key-events" } });
            vault("kvfunc", { azureFunctionResourceId: pulumi.secret("http://func-siem.azurewebsites.net/api/keys?code=FUNCCODE42") });
            vault("kvhookgood", { webhookUrl: pulumi.secret("https://hooks.contoso.com/key-events") });
        `, { preview: true });
    });
    const failureOf = (component: string) => validationFailure(run, component);

    test("an http webhook fails with the rule a plain one breaks, the secret not shown at all, and no subscription is sent", () => {
        const [issue] = validateKeyVaultEventSubscriptions([{ name: "rotate", webhookUrl: "http://hooks.example.com/kv?code=WEBHOOKTOKEN123" }]);
        expect(issue.message).toBe("is an http URL (not shown: a webhook URL is kept secret, since it usually carries its credential), not https; Event Grid delivers to HTTPS endpoints only");
        const failure = failureOf('KeyVault "kvhook"');
        expect(failure).toContain('KeyVault "kvhook": invalid arguments:\n  - eventSubscriptions[0].webhookUrl: [secret] is not an https URL; Event Grid delivers to HTTPS endpoints only');
        expect(failure).not.toContain("WEBHOOKTOKEN123");
        expect(failure).not.toContain("hooks.example.com");
        expect(run.registered).toContain("azure-native:eventgrid:SystemTopic::kvhook-events");
        expect(run.registered).not.toContain("azure-native:eventgrid:SystemTopicEventSubscription::kvhook-events-rotate");
    });

    test("a secret webhook with no credential part is not shown at all", () => {
        const failure = failureOf('KeyVault "kvhookbare"');
        expect(failure).toContain("eventSubscriptions[0].webhookUrl: [secret] is not an https URL; Event Grid delivers to HTTPS endpoints only");
        expect(failure).not.toContain("hooks.contoso.com");
    });

    test("a resource-id destination fails as a plain one, a connection string still not shown", () => {
        const [issue] = validateKeyVaultEventSubscriptions([{ name: "rotate", eventHubResourceId: namespace }]);
        expect(failureOf('KeyVault "kvhub"')).toContain(`KeyVault "kvhub": invalid arguments:\n  - eventSubscriptions[0].eventHubResourceId: ${issue.message}`);
        const queue = failureOf('KeyVault "kvqueue"');
        expect(queue).toContain("eventSubscriptions[0].storageQueue.storageAccountResourceId: is a connection string or token (not shown: it carries a key), not a storage account's resource id");
        expect(queue).not.toContain("STORAGEKEY");
        const func = failureOf('KeyVault "kvfunc"');
        expect(func).toContain("eventSubscriptions[0].azureFunctionResourceId: [secret] is a URL, not");
        expect(func).not.toContain("func-siem");
    });

    test("an https webhook is sent, and nothing else failed", () => {
        expect(run.registered).toContain("azure-native:eventgrid:SystemTopicEventSubscription::kvhookgood-events-rotate");
        expect(run.failures).toHaveLength(5);
    });
});

describe("destinations given as Outputs that reach one hub or container", () => {
    test("are refused when they resolve, naming both entries, since each would make the role assignment Azure holds once; given as text they share one", () => {
        const container = { storageAccountResourceId: account, blobContainerName: "undelivered" };
        const run = runUnderMocks(`
            const { KeyVault } = require("./components/key-vault");
            const hub = pulumi.output(${JSON.stringify(eventHub)});
            new KeyVault("kvtwohubs", { resourceGroupName: "rg-byok", eventSubscriptions: [{ name: "rotate", eventHubResourceId: hub }, { name: "expiry", eventHubResourceId: hub }] });
            new KeyVault("kvmixed", { resourceGroupName: "rg-byok", eventSubscriptions: [{ name: "rotate", eventHubResourceId: ${JSON.stringify(eventHub)} }, { name: "expiry", eventHubResourceId: hub }] });
            new KeyVault("kvdeadtwice", { resourceGroupName: "rg-byok", eventSubscriptions: [
                { name: "rotate", webhookUrl: "https://hooks.contoso.com/a", deadLetter: { ...${JSON.stringify(container)}, storageAccountResourceId: pulumi.output(${JSON.stringify(account)}) } },
                { name: "expiry", webhookUrl: "https://hooks.contoso.com/b", deadLetter: ${JSON.stringify(container)} },
            ] });
            new KeyVault("kvtext", { resourceGroupName: "rg-byok", eventSubscriptions: [{ name: "rotate", eventHubResourceId: ${JSON.stringify(eventHub)} }, { name: "expiry", eventHubResourceId: ${JSON.stringify(eventHub.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"))} }] });
        `);
        const failures = (component: string) => run.failures.filter((f) => f.includes(`KeyVault "${component}": `));
        expect(failures("kvtwohubs")).toEqual([expect.stringMatching(/KeyVault "kvtwohubs": eventSubscriptions\[1\] and eventSubscriptions\[0\] reach the same destination, one of them given as an Output, so each would make the role assignment Azure holds once per principal, role and scope; give its id as text/)]);
        expect(failures("kvmixed")).toEqual([expect.stringMatching(/eventSubscriptions\[1\] and eventSubscriptions\[0\] reach the same destination/)]);
        expect(failures("kvdeadtwice")).toEqual([expect.stringMatching(/eventSubscriptions\[0\]\.deadLetter and eventSubscriptions\[1\]\.deadLetter reach the same dead-letter container/)]);
        expect(failures("kvtext")).toEqual([]);
        expect(run.registered.filter((r) => r.startsWith("azure-native:authorization:RoleAssignment::kvtext-events-"))).toHaveLength(1);
    });
});

describe("validateKeyVaultEventSubscriptions", () => {
    const cases: [string, KeyVaultEventSubscription[], string, RegExp][] = [
        ["no destination", [{ name: "none" }], "eventSubscriptions[0]", /has no destination; set one of webhookUrl/],
        ["two destinations", [{ name: "both", eventHubResourceId: eventHub, webhookUrl: "https://hooks.contoso.com/" }], "eventSubscriptions[0]", /has 2 destinations \(webhookUrl, eventHubResourceId\); an event subscription delivers to one/],
        ["a name of two characters", [{ name: "ab", eventHubResourceId: eventHub }], "eventSubscriptions[0].name", /3–64 letters, digits and hyphens/],
        ["two subscriptions of one name", [{ name: "ops", eventHubResourceId: eventHub }, { name: "OPS", eventHubResourceId: eventHub }], "eventSubscriptions[1].name", /already eventSubscriptions\[0\]'s name/],
        ["an event hub namespace instead of an event hub", [{ name: "ops", eventHubResourceId: eventHub.replace("/eventhubs/key-events", "") }], "eventSubscriptions[0].eventHubResourceId", /not an event hub's resource id/],
        ["a Service Bus topic for a queue", [{ name: "ops", serviceBusQueueResourceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/sb/topics/t` }], "eventSubscriptions[0].serviceBusQueueResourceId", /not a Service Bus queue's resource id/],
        ["a function app instead of a function", [{ name: "ops", azureFunctionResourceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/fn-ops` }], "eventSubscriptions[0].azureFunctionResourceId", /not a function's resource id/],
        ["a queue name with capitals", [{ name: "ops", storageQueue: { storageAccountResourceId: account, queueName: "KeyEvents" } }], "eventSubscriptions[0].storageQueue.queueName", /^"KeyEvents" is not a queue name: 3–63 lowercase/],
        ["a queue in something that is not a storage account", [{ name: "ops", storageQueue: { storageAccountResourceId: eventHub, queueName: "events" } }], "eventSubscriptions[0].storageQueue.storageAccountResourceId", /not a storage account's resource id/],
        ["a Storage event", [{ name: "ops", eventHubResourceId: eventHub, eventTypes: ["Microsoft.Storage.BlobCreated" as never] }], "eventSubscriptions[0].eventTypes[0]", /is not a Key Vault event/],
        // The default it points to is named whole, secrets' events included, as the default list is.
        ["an empty event list", [{ name: "ops", eventHubResourceId: eventHub, eventTypes: [] }], "eventSubscriptions[0].eventTypes", /^is empty; leave it out for the default, Microsoft\.KeyVault\.KeyNewVersionCreated, Microsoft\.KeyVault\.KeyNearExpiry, Microsoft\.KeyVault\.KeyExpired, Microsoft\.KeyVault\.SecretNearExpiry, Microsoft\.KeyVault\.SecretExpired, or name the events$/],
        ["a user-assigned delivery identity", [{ name: "ops", eventHubResourceId: eventHub, deliveryIdentity: "UserAssigned" as never }], "eventSubscriptions[0].deliveryIdentity", /^"UserAssigned" is not "SystemAssigned" \(the default for an event hub or queue\) or "None"$/],
        ["an identity for a webhook", [{ name: "ops", webhookUrl: "https://hooks.contoso.com/", deliveryIdentity: "SystemAssigned" }], "eventSubscriptions[0].deliveryIdentity", /^is "SystemAssigned", but Event Grid delivers to a webhook without an identity \(only event hubs, Service Bus queues and storage queues take one\); leave deliveryIdentity out$/],
        ["a dead-letter container with capitals", [{ name: "ops", eventHubResourceId: eventHub, deadLetter: { storageAccountResourceId: account, blobContainerName: "Undelivered" } }], "eventSubscriptions[0].deadLetter.blobContainerName", /^"Undelivered" is not a blob container name: 3–63 lowercase/],
        ["a dead letter into something that is not a storage account", [{ name: "ops", eventHubResourceId: eventHub, deadLetter: { storageAccountResourceId: eventHub, blobContainerName: "undelivered" } }], "eventSubscriptions[0].deadLetter.storageAccountResourceId", /not a storage account's resource id/],
        ["31 delivery attempts", [{ name: "ops", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempts: 31 } }], "eventSubscriptions[0].retryPolicy.maxDeliveryAttempts", /^31 is not a whole number of attempts from 1 to 30, Event Grid's bounds; leave it out for Event Grid's own, 30$/],
        ["a time to live of two days", [{ name: "ops", eventHubResourceId: eventHub, retryPolicy: { eventTimeToLiveInMinutes: 2880 } }], "eventSubscriptions[0].retryPolicy.eventTimeToLiveInMinutes", /^2880 is not a whole number of minutes from 1 to 1440/],
        ["half an attempt", [{ name: "ops", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempts: 0.5 } }], "eventSubscriptions[0].retryPolicy.maxDeliveryAttempts", /^0\.5 is not a whole number of attempts/],
        ["an identity for a function", [{ name: "ops", azureFunctionResourceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/fn-ops/functions/on-key`, deliveryIdentity: "SystemAssigned" }], "eventSubscriptions[0].deliveryIdentity", /delivers to a function without an identity/],
    ];
    test.each([
        ["a misspelt destination, with the name it means", [{ name: "ops", webhookURL: "https://hooks.contoso.com/" }], "eventSubscriptions[0].webhookURL", /^is not an argument here; did you mean "webhookUrl"\?$/],
        ["a subscription without its name", [{ eventHubResourceId: eventHub }], "eventSubscriptions[0].name", /^is required: 3–64 letters, digits and hyphens/],
        ["its name as an Output, which names its resource", [{ name: pulumi.output("ops"), eventHubResourceId: eventHub }], "eventSubscriptions[0].name", /^is an Output; this argument takes a plain value/],
        ["one event type where a list belongs", [{ name: "ops", eventHubResourceId: eventHub, eventTypes: "Microsoft.KeyVault.KeyNearExpiry" }], "eventSubscriptions[0].eventTypes", /^is a string, not a list of strings/],
        ["a storage queue without its name", [{ name: "ops", storageQueue: { storageAccountResourceId: account } }], "eventSubscriptions[0].storageQueue.queueName", /^is required: the queue's name$/],
        ["a misspelt retry setting", [{ name: "ops", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempt: 5 } }], "eventSubscriptions[0].retryPolicy.maxDeliveryAttempt", /^is not an argument here; did you mean "maxDeliveryAttempts"\?$/],
        ["retry attempts as text, as a YAML string", [{ name: "ops", eventHubResourceId: eventHub, retryPolicy: { maxDeliveryAttempts: "5" } }], "eventSubscriptions[0].retryPolicy.maxDeliveryAttempts", /^is a string \("5"\), not a number$/],
        ["a dead letter without its container", [{ name: "ops", eventHubResourceId: eventHub, deadLetter: { storageAccountResourceId: account } }], "eventSubscriptions[0].deadLetter.blobContainerName", /^is required: the container's name$/],
        ["an entry that is null", [null], "eventSubscriptions[0]", /^is null, not an object/],
        ["its event types as null", [{ name: "ops", eventHubResourceId: eventHub, eventTypes: null }], "eventSubscriptions[0].eventTypes", /^is null; leave the argument out to take its default$/],
        ["a storage queue as null beside a webhook", [{ name: "ops", webhookUrl: "https://hooks.contoso.com/x", storageQueue: null }], "eventSubscriptions[0].storageQueue", /^is null; leave the argument out to take its default$/],
        ["a webhook URL as a number", [{ name: "ops", webhookUrl: 443 }], "eventSubscriptions[0].webhookUrl", /^is a number, not a string$/],
        ["an event hub id as an object", [{ name: "ops", eventHubResourceId: {} }], "eventSubscriptions[0].eventHubResourceId", /^is an object, not a string$/],
        ["a Service Bus queue id as a list", [{ name: "ops", serviceBusQueueResourceId: [] }], "eventSubscriptions[0].serviceBusQueueResourceId", /^is a list, not a string$/],
        ["a storage queue's account id as a boolean", [{ name: "ops", storageQueue: { storageAccountResourceId: true, queueName: "q-keys" } }], "eventSubscriptions[0].storageQueue.storageAccountResourceId", /^is a boolean \(true\), not a string$/],
        ["subscriptions as one object", { name: "ops", eventHubResourceId: eventHub }, "eventSubscriptions", /^is an object, not a list/],
    ] as [string, unknown, string, RegExp][])("refuses %s, alone, before the rules read the values", (_title, subscriptions, field, rule) => {
        const issues = validateKeyVaultEventSubscriptions(subscriptions as KeyVaultEventSubscription[]);
        expect(issues.map((i) => i.field)).toEqual([field]);
        expect(issues[0].message).toMatch(rule);
    });

    test("never quotes a connection string given where a storage queue belongs", () => {
        const connection = "DefaultEndpointsProtocol=https;AccountName=stops;AccountKey=c2VjcmV0LWtleQ==";
        const issues = validateKeyVaultEventSubscriptions([{ name: "ops", storageQueue: connection }] as unknown as KeyVaultEventSubscription[]);
        expect(issues).toEqual([{ field: "eventSubscriptions[0].storageQueue", message: "is a string, not an object ({…})" }]);
    });

    // Event Grid's retry policy takes 1–30 delivery attempts and an event time-to-live of 1–1440 minutes.
    test.each(["maxDeliveryAttempts", "eventTimeToLiveInMinutes"] as const)("refuses 0 for retryPolicy.%s, naming the field", (field) => {
        const issues = validateKeyVaultEventSubscriptions([{ name: "hook", webhookUrl: "https://hooks.contoso.com/kv", retryPolicy: { [field]: 0 } }]);
        expect(issues.map((i) => i.field)).toEqual([`eventSubscriptions[0].retryPolicy.${field}`]);
    });

    test.each(cases)("refuses %s, naming the field", (_title, subscriptions, field, rule) => {
        const issues = validateKeyVaultEventSubscriptions(subscriptions);
        expect(issues.map((i) => i.field)).toContain(field);
        expect(issues.find((i) => i.field === field)?.message).toMatch(rule);
    });
});
