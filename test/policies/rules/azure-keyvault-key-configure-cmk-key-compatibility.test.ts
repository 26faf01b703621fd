import { good, resourceMessages, ruleNamed, stackMessages, TYPES, view, withField } from "../fixtures";
import { ResourceView } from "../../../policies/lib/rule";

const RULE = "azure-keyvault-key-configure-cmk-key-compatibility";
const MIN_RSA = "azure-keyvault-key-configure-min-rsa-size";

/** The vault, its key of `keySize` bits (none written: Key Vault's default), and one service on that key, as outputs show them. */
function stackWith(service: ResourceView, keySize: number | undefined): ResourceView[] {
    const vault = view(TYPES.vault, { name: "kv-good", properties: { ...good.vault().properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { name: "cmk", kty: "RSA-HSM", keySize, keyUri: "https://kv-good.vault.azure.net/keys/cmk", keyUriWithVersion: "https://kv-good.vault.azure.net/keys/cmk/0123" }, { name: "cmk-key" });
    return [vault, key, service];
}

const LOWER_MINIMUM = ", and set azure-keyvault-key-configure-min-rsa-size's minRsaKeySize to 2048 where a profile asks for more";

// Each service's sizes, from Microsoft's pages: Azure AI services ("Only RSA and RSA-HSM keys of size 2048 are supported
// with Azure AI services encryption", ai-services/openai/encrypt-data-at-rest), Data Explorer ("Only RSA keys of size 2048
// are supported", data-explorer/customer-managed-keys), Synapse ("Synapse workspaces support RSA 2048 and 3072 byte-sized
// keys", synapse-analytics/security/workspaces-encryption), SQL's TDE protector (2048 or 3072).
describe.each([
    { service: "Azure AI services account ai", view: () => view(TYPES.cognitiveAccount, good.cognitiveAccount(), { name: "ai" }), takes: [2048], refused: [3072, 4096], limit: "Azure AI services take a key of 2048 bits only; use a 2048-bit RSA-HSM key" + LOWER_MINIMUM },
    { service: "Data Explorer cluster adx", view: () => view(TYPES.kustoCluster, good.kustoCluster(), { name: "adx" }), takes: [2048], refused: [3072, 4096], limit: "Data Explorer takes a key of 2048 bits only; use a 2048-bit RSA-HSM key" + LOWER_MINIMUM },
    { service: "Synapse workspace syn", view: () => view(TYPES.synapseWorkspace, good.synapseWorkspace(), { name: "syn" }), takes: [2048, 3072], refused: [4096], limit: "a Synapse workspace takes a key of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key" },
    { service: "SQL server sql", view: () => view(TYPES.sqlServer, good.sqlServer(), { name: "sql" }), takes: [2048, 3072], refused: [4096], limit: "SQL takes a TDE protector of 2048 or 3072 bits only; use a 3072-bit RSA-HSM key" },
])("a $service", ({ service, view: make, takes, refused, limit }) => {
    test(`passes on a key of ${takes.join(" or ")} bits, or of Key Vault's default size (2048)`, () => {
        for (const size of [...takes, undefined]) expect(stackMessages(RULE, stackWith(make(), size))).toEqual([]);
    });

    test(`is reported on a key of ${refused.join(" or ")} bits, with the sizes it takes, in every profile`, () => {
        for (const size of refused) {
            const all = stackWith(make(), size);
            for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
                expect(stackMessages(RULE, all, {}, profile)).toEqual([{ urn: all[2].urn, message: `${service} encrypts with key kv-good/cmk, which is ${size}-bit: ${limit}.` }]);
            }
        }
    });
});

test("a service Azure does not limit to fewer sizes takes all three of Key Vault's", () => {
    for (const service of [view(TYPES.registry, good.registry(), { name: "acr" }), view(TYPES.storageAccount, good.storageAccount(), { name: "st" }), view(TYPES.logAnalyticsCluster, good.logAnalyticsCluster(), { name: "la" })]) {
        for (const size of [2048, 3072, 4096]) expect(stackMessages(RULE, stackWith(service, size))).toEqual([]);
    }
});

describe("against sovereign's 3072-bit minimum", () => {
    // Azure's limit cannot move, so the compatibility rule keeps its verdict and the minimum is what the stack lowers.
    const key2048 = view(TYPES.key, withField(good.key(), "properties.keySize", 2048));

    test("a 2048-only service's key fails the minimum unless the policy config names it in allowedKeyNames or sets minRsaKeySize to 2048", () => {
        expect(stackMessages(RULE, stackWith(view(TYPES.cognitiveAccount, good.cognitiveAccount(), { name: "ai" }), 2048), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(MIN_RSA, key2048, {}, "sovereign")).toEqual(["The RSA key is 2048 bits, below 3072; set properties.keySize to 3072 or more, or, for a key a service takes at no larger size, name it in allowedKeyNames (\"kv-good/cmk\") in the policy config."]);
        expect(resourceMessages(MIN_RSA, key2048, { minRsaKeySize: 2048 }, "sovereign")).toEqual([]);
        expect(resourceMessages(MIN_RSA, key2048, { allowedKeyNames: ["kv-good/cmk"] }, "sovereign")).toEqual([]);
    });

    test("both rules' descriptions, which head every message, say so", () => {
        expect(ruleNamed(RULE).metadata.description).toContain("cannot also meet a 3072-bit azure-keyvault-key-configure-min-rsa-size minimum (sovereign's), and names that key in that rule's allowedKeyNames (or sets its minRsaKeySize to 2048)");
        expect(ruleNamed(MIN_RSA).metadata.description).toContain("Azure AI services accounts and Data Explorer clusters take a 2048-bit key only");
    });
});
