import { good, ruleNamed, stackMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-missing-private-endpoint";

/** A vault with no private endpoint, its public network access as given (left out: Key Vault's default, Enabled). */
function vault(publicNetworkAccess: string | undefined) {
    const props = withField(good.vault(), "properties.publicNetworkAccess", publicNetworkAccess);
    return view(TYPES.vault, { ...props, name: "kv-good", properties: { ...props.properties, vaultUri: "https://kv-good.vault.azure.net/" } }, { name: "kv-vault" });
}

const ADD = "add a network.PrivateEndpoint in the applications' virtual network with privateLinkServiceConnections [{ privateLinkServiceId: <the vault's id>, groupIds: [\"vault\"] }].";

describe("a vault without a private endpoint is told what that means for it", () => {
    test("closed to public networks: only trusted Azure services can use its keys", () => {
        expect(stackMessages(RULE, [vault("Disabled")]).map((v) => v.message)).toEqual([`Vault kv-good has no private endpoint and is closed to public networks, so only trusted Azure services can use its keys; ${ADD}`]);
    });

    // A Cosmos DB key's vault keeps its public endpoint (audit a5): it is not "closed", and its applications come over the internet.
    test.each([["Enabled", "Enabled"], ["left out", undefined]])("open (publicNetworkAccess %s): its applications reach it over its public endpoint", (_, access) => {
        expect(stackMessages(RULE, [vault(access)]).map((v) => v.message)).toEqual([`Vault kv-good has no private endpoint, so applications reach it over its public endpoint; ${ADD}`]);
    });

    test("not known yet: the message says only what is known", () => {
        expect(stackMessages(RULE, [vault(UNKNOWN_STRING)]).map((v) => v.message)).toEqual([`Vault kv-good has no private endpoint; ${ADD}`]);
    });

    test("the description, above every message, calls no vault closed that may be open", () => {
        const { description } = ruleNamed(RULE).metadata;
        expect(description).not.toMatch(/^A vault or Managed HSM closed to public networks/);
        expect(description).toContain("closed to public networks serves only trusted Azure services, and an open one is reached over its public endpoint");
    });
});
