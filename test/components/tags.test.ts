import * as pulumi from "@pulumi/pulumi";
import { KeyVault } from "../../components/key-vault";
import { CmkStorageAccount } from "../../components/cmk-storage-account";
import { EncryptionKey } from "../../components/encryption-key";
import { ManagedIdentity } from "../../components/managed-identity";
import { ResourceTags, RESERVED_TAG_NAME, TAG_LIMITS, validateTags } from "../../components/tags";
import { mockAzureDefaults, Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { expectRefusedBeforeRegistration, untyped } from "../support/expect";
import { valueOf } from "../support/outputs";

const rg = "rg-byok";
const subnet = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/apps`;
const eventHub = `/subscriptions/${mockAzureDefaults.subscriptionId}/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evh-ops/eventhubs/key-events`;
const TAGS = { costCenter: "CC-1234", owner: "platform-security", "data classification": "confidential" };

describe("validateTags", () => {
    test("takes Azure's limits: 50 tags, names of 512 characters (128 on a storage account) without < > % & \\ ? /, values of 256", () => {
        expect(validateTags(TAGS)).toEqual([]);
        expect(validateTags(undefined)).toEqual([]);
        expect(validateTags({ ["n".repeat(512)]: "v".repeat(256) })).toEqual([]);
        expect(validateTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"])))).toEqual([
            { field: "tags", message: "has 51 tags; an Azure resource takes at most 50 (put related values in one tag as JSON)" },
        ]);
        expect(validateTags({ "cost/center": "x", "a&b": "y", " ": "z" })).toEqual([
            { field: 'tags["cost/center"]', message: "has a character Azure refuses in tag names: < > % & \\ ? /" },
            { field: 'tags["a&b"]', message: "has a character Azure refuses in tag names: < > % & \\ ? /" },
            { field: 'tags[" "]', message: "is an empty tag name" },
        ]);
        expect(validateTags({ ["n".repeat(513)]: "x" })).toEqual([{ field: `tags.${"n".repeat(513)}`, message: "is 513 characters; a tag name is at most 512" }]);
        expect(validateTags({ ["n".repeat(129)]: "x" }, { on: "storageAccount" })[0].message).toBe("is 129 characters; a tag name is at most 128 on a storage account");
        expect(validateTags({ note: "v".repeat(257) })).toEqual([{ field: "tags.note", message: "has a value of 257 characters; a tag value is at most 256" }]);
        expect(TAG_LIMITS.perResource).toBe(50);
    });

    test("holds a Key Vault key to Key Vault's limits: 15 tags, names and values of 256 characters", () => {
        const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "x"]));
        expect(validateTags(tags(15), { on: "key" })).toEqual([]);
        expect(validateTags({ ["n".repeat(256)]: "v".repeat(256) }, { on: "key" })).toEqual([]);
        expect(validateTags(tags(16), { on: "key" })).toEqual([
            { field: "tags", message: "has 16 tags; a Key Vault key takes at most 15 (put related values in one tag as JSON)" },
        ]);
        expect(validateTags({ ["n".repeat(257)]: "x" }, { on: "key" })).toEqual([{ field: `tags.${"n".repeat(257)}`, message: "is 257 characters; a tag name is at most 256 on a Key Vault key" }]);
        expect(validateTags({ note: "v".repeat(257) }, { on: "key" })).toEqual([{ field: "tags.note", message: "has a value of 257 characters; a tag value is at most 256" }]);
        // What a vault, or any other resource, takes.
        expect(validateTags({ ...tags(16), ["n".repeat(257)]: "x" })).toEqual([]);
    });

    test("holds a Key Vault secret to 15 tags, with names of 512 characters as any resource's", () => {
        expect(validateTags(Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "x"])), { on: "secret", field: "secretsExportConfiguration.tags" })).toEqual([
            { field: "secretsExportConfiguration.tags", message: "has 16 tags; a Key Vault secret takes at most 15 (put related values in one tag as JSON)" },
        ]);
        expect(validateTags({ ["n".repeat(512)]: "x" }, { on: "secret" })).toEqual([]);
        expect(validateTags({ ["n".repeat(513)]: "x" }, { on: "secret" })[0].message).toBe("is 513 characters; a tag name is at most 512 on a Key Vault secret");
    });

    test("holds tags that go on several kinds to the strictest limit of each rule, naming where those go", () => {
        const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "x"]));
        const reaching = { key: 'key "cmk" (vaults[0].keys[0])', secret: 'the secrets "vendor" hands over' };
        expect(validateTags(sixteen, { on: ["resource", "storageAccount", "key"], reaching })).toEqual([
            { field: "tags", message: 'has 16 tags, which go on key "cmk" (vaults[0].keys[0]); a Key Vault key takes at most 15 (put related values in one tag as JSON)' },
        ]);
        expect(validateTags(sixteen, { on: ["resource", "key", "secret"], reaching })[0].message).toBe(
            'has 16 tags, which go on key "cmk" (vaults[0].keys[0]) and the secrets "vendor" hands over; a Key Vault key or secret takes at most 15 (put related values in one tag as JSON)',
        );
        expect(validateTags({ ["n".repeat(300)]: "x" }, { on: ["resource", "key"], reaching })[0].message).toBe('is 300 characters and goes on key "cmk" (vaults[0].keys[0]); a tag name is at most 256 on a Key Vault key');
        // A storage account's 128 binds before a key's 256, and says so without naming the key.
        expect(validateTags({ ["n".repeat(300)]: "x" }, { on: ["resource", "storageAccount", "key"], reaching })[0].message).toBe("is 300 characters; a tag name is at most 128 on a storage account");
        expect(validateTags({ ["n".repeat(300)]: "x" }, { on: ["resource", "secret"], reaching })).toEqual([]);
    });

    test("refuses two names that differ only in case: Azure tag names ignore case", () => {
        expect(validateTags({ Environment: "dev", environment: "prod", "cost center": "1", "COST CENTER": "2" })).toEqual([
            { field: "tags.environment", message: "is tags.Environment in another case; Azure tag names ignore case, so one would overwrite the other" },
            { field: 'tags["COST CENTER"]', message: 'is tags["cost center"] in another case; Azure tag names ignore case, so one would overwrite the other' },
        ]);
    });

    test("refuses names every JavaScript object has (toString, hasOwnProperty), which Pulumi's SDK calls on the tags", () => {
        expect(validateTags({ toString: "x", hasOwnProperty: "y", owner: "fine" })).toEqual([
            { field: "tags.toString", message: RESERVED_TAG_NAME },
            { field: "tags.hasOwnProperty", message: RESERVED_TAG_NAME },
        ]);
    });

    test("refuses a value that is not text: ARM's tags map strings to strings", () => {
        expect(validateTags({ env: 42, on: true, owner: null, list: ["a"], nested: {}, "cost center": undefined } as never)).toEqual([
            { field: "tags.env", message: 'is a number (42), not a string: Azure tag values are text; give "42"' },
            { field: "tags.on", message: 'is a boolean (true), not a string: Azure tag values are text; give "true"' },
            { field: "tags.owner", message: "is null, not a string: Azure tag values are text" },
            { field: "tags.list", message: "is a list, not a string: Azure tag values are text" },
            { field: "tags.nested", message: "is an object, not a string: Azure tag values are text" },
        ]);
        // Left out, as Pulumi leaves it out when it sends the tags (runtime/rpc.js omits undefined keys).
        expect(validateTags({ env: "dev", "cost center": undefined } as never)).toEqual([]);
    });

    test("judges only what is known now: a value resolved later is Azure's to judge, an Output of the map the shape check's", () => {
        expect(validateTags({ owner: pulumi.output("v".repeat(300)) })).toEqual([]);
        expect(validateTags(untyped<ResourceTags>(pulumi.output({ "a/b": "x" })))).toEqual([]);
    });
});

describe("tags on components", () => {
    let recorder: Recorder;
    beforeAll(async () => {
        ({ recorder } = await setAzureMocks());
    });
    beforeEach(() => recorder.clear());

    test("a vault's tags go on its private endpoint and its events' system topic as well", async () => {
        const kv = new KeyVault("kvtagged", { resourceGroupName: rg, tags: TAGS, privateEndpoints: [{ subnetResourceId: subnet }], eventSubscriptions: [{ name: "rotation", eventHubResourceId: eventHub }] });
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.refused).toEqual([]);
        for (const [type, name] of [["azure-native:keyvault:Vault", "kvtagged-vault"], ["azure-native:network:PrivateEndpoint", "kvtagged-private-endpoint"], ["azure-native:eventgrid:SystemTopic", "kvtagged-events"]]) {
            expect(recorder.find(type, name).inputs.tags).toEqual(TAGS);
        }
    });

    test("a CMK service's tags go on the identity it makes for itself", async () => {
        const kv = new KeyVault("kvsvc", { resourceGroupName: rg });
        const key = new EncryptionKey("cmk-tagged", { keyVault: kv });
        const sa = new CmkStorageAccount("sttagged", { resourceGroupName: rg, customerManagedKey: { key }, tags: TAGS });
        await valueOf(sa.id);
        await settle();
        expect(recorder.refused).toEqual([]);
        expect(recorder.find("azure-native:storage:StorageAccount", "sttagged-account").inputs.tags).toEqual(TAGS);
        expect(recorder.find("azure-native:managedidentity:UserAssignedIdentity", "sttagged-identity-identity").inputs.tags).toEqual(TAGS);
    });

    test("a tag value may be an Output: the map is plain, and its values are sent as they resolve", async () => {
        const kv = new KeyVault("kvoutputtag", { resourceGroupName: rg, tags: { owner: pulumi.output("team-a"), env: "dev" } });
        await valueOf(kv.vaultUri);
        await settle();
        expect(recorder.find("azure-native:keyvault:Vault", "kvoutputtag-vault").inputs.tags).toEqual({ owner: "team-a", env: "dev" });
    });

    test("the type takes no Output of the whole map, and an untyped caller's is refused for what it is, before anything is registered", async () => {
        const owned = pulumi.output({ owner: "team-a" });
        // @ts-expect-error tags are a plain map: their names are checked against Azure's limits before deploy
        const typed: ResourceTags = owned;
        const refusal = /^is an Output; give a plain map, whose values may be Outputs: Azure's limits on tag names and their count are checked before deploy$/;
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvmaptag", { resourceGroupName: rg, tags: typed }), "tags", refusal);
        await expectRefusedBeforeRegistration(recorder, () => new ManagedIdentity("idmaptag", { resourceGroupName: rg, tags: typed }), "tags", refusal);
    });

    test("a tag Azure would refuse is refused before anything is registered, naming the tag", async () => {
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvbadtag", { resourceGroupName: rg, tags: { "cost/center": "x" } }), 'tags["cost/center"]', /refuses in tag names/);
        await expectRefusedBeforeRegistration(recorder, () => new KeyVault("kvnumtag", { resourceGroupName: rg, tags: { env: 42 } } as never), "tags.env", /^is a number \(42\), not a string: Azure tag values are text; give "42"$/);
        const kv = new KeyVault("kvok", { resourceGroupName: rg });
        const key = new EncryptionKey("cmk-ok", { keyVault: kv });
        await settle();
        recorder.clear();
        await expectRefusedBeforeRegistration(recorder, () => new CmkStorageAccount("stlongtag", { resourceGroupName: rg, customerManagedKey: { key }, tags: { ["n".repeat(200)]: "x" } }), `tags.${"n".repeat(200)}`, /at most 128 on a storage account/);
    });
});
