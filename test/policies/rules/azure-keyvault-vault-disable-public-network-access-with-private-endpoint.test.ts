import { ResourceView } from "../../../policies/lib/rule";
import { good, KEY_URI, stackMessages, TYPES, UNKNOWN_STRING, VAULT_ID, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-disable-public-network-access-with-private-endpoint";

/**
 * A vault reached through a private endpoint that keeps its public endpoint on behind a firewall
 * that denies by default (the stack's defaults), its key, and a Cosmos DB account on that key.
 */
function cosmosStack(firewall: Record<string, unknown> = { bypass: "AzureServices", defaultAction: "Deny", ipRules: [], virtualNetworkRules: [] }) {
    const props = withField(withField(good.vault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls", firewall);
    const vault = view(TYPES.vault, { ...props, name: "kv-good", properties: { ...props.properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
    const key = view(TYPES.key, { name: "cmk", keyUri: KEY_URI }, { name: "cmk-key", propertyDependencies: { vaultName: [vault.urn] } });
    const endpoint = view("azure-native:network:PrivateEndpoint", { name: "pe-kv", privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: VAULT_ID, groupIds: ["vault"] }] }, { name: "kv-endpoint" });
    const account = view(TYPES.cosmosAccount, { ...good.cosmosAccount(), name: "cosmos-good" }, { name: "cosmos-account" });
    return { vault, key, endpoint, account, all: [vault, key, endpoint, account] as ResourceView[] };
}

function replace(all: ResourceView[], from: ResourceView, to: ResourceView): ResourceView[] {
    return all.map((r) => (r === from ? to : r));
}

describe("a vault whose key a Cosmos DB account uses, reached through a private endpoint", () => {
    // Microsoft's Cosmos DB CMK guide: a vault "exclusively accessible through private endpoints can't be used", so
    // the stack refuses publicNetworkAccess Disabled there; Azure Policy's "firewall enabled or public network access
    // disabled" built-in (55615ac9) passes a vault whose firewall denies by default.
    test.each(["baseline", "mcsb", "sovereign"] as const)("passes under %s with public access on behind a firewall that denies by default", (profile) => {
        expect(stackMessages(RULE, cosmosStack().all, {}, profile)).toEqual([]);
    });

    test("is reported when its firewall lets every network in, with the firewall as the fix and public access left on", () => {
        const s = cosmosStack({ bypass: "AzureServices", defaultAction: "Allow" });
        expect(stackMessages(RULE, s.all, {}, "sovereign")).toEqual([{
            urn: s.vault.urn,
            message: 'Vault kv-good is reached through a private endpoint and keeps public network access for Cosmos DB account cosmos-account, which cannot use a key in a vault reachable only through private endpoints, but its firewall lets every network in (networkAcls.defaultAction Allow); set properties.networkAcls.defaultAction to "Deny" with bypass "AzureServices", and leave publicNetworkAccess Enabled, which Cosmos DB needs.',
        }]);
        // Left out, Key Vault's firewall allows every network.
        const unset = cosmosStack({ bypass: "AzureServices" });
        expect(stackMessages(RULE, unset.all, {}, "sovereign").map((v) => v.message)).toEqual([expect.stringContaining("(networkAcls.defaultAction not set, so Allow)")]);
        // Not known yet: no verdict.
        expect(stackMessages(RULE, cosmosStack({ bypass: "AzureServices", defaultAction: UNKNOWN_STRING }).all, {}, "sovereign")).toEqual([]);
    });

    test("is told apart from the vaults whose keys no Cosmos DB account uses, which are asked to close", () => {
        const s = cosmosStack();
        const elsewhere = { ...s.account, props: withField(s.account.props, "keyVaultKeyUri", "https://kv-other.vault.azure.net/keys/cmk") };
        expect(stackMessages(RULE, replace(s.all, s.account, elsewhere), {}, "sovereign")).toEqual([{
            urn: s.vault.urn,
            message: 'Vault kv-good is reached through a private endpoint but still accepts public network traffic (publicNetworkAccess Enabled); set properties.publicNetworkAccess to "Disabled" so it is reached only through its private endpoint.',
        }]);
        // Another CMK service on the same key does not change what Cosmos DB needs.
        const registry = view(TYPES.registry, good.registry(), { name: "acr-registry" });
        expect(stackMessages(RULE, [...s.all, registry], {}, "sovereign")).toEqual([]);
    });

    test("is found during a first preview through the key its account's key setting came from, and waits when nothing says", () => {
        const s = cosmosStack();
        const previewed = { ...s.account, props: withField(s.account.props, "keyVaultKeyUri", UNKNOWN_STRING), propertyDependencies: { keyVaultKeyUri: [s.key.urn] } };
        expect(stackMessages(RULE, replace(s.all, s.account, previewed), {}, "sovereign")).toEqual([]);
        // The account's key may be in this vault: no verdict, rather than asking to close a vault Cosmos DB may need.
        const unlinked = { ...previewed, propertyDependencies: {} };
        expect(stackMessages(RULE, replace(s.all, s.account, unlinked), {}, "sovereign")).toEqual([]);
        // Without the account, the vault is asked to close.
        const noCosmos = s.all.filter((r) => r !== s.account);
        expect(stackMessages(RULE, noCosmos, {}, "sovereign")).toHaveLength(1);
    });
});
