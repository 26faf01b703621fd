import { good, resourceMessages, ruleNamed, TYPES, view, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-disable-public-network-access";

describe("a managed HSM closed by publicNetworkAccess alone", () => {
    const closed = view(TYPES.managedHsm, withField(good.managedHsm(), "properties.networkAcls", undefined));

    // The pack judges exposure: with public access Disabled the pool takes no public traffic, whatever its firewall says.
    test.each(["baseline", "mcsb", "sovereign"] as const)("passes under %s, as a vault closed the same way does", (profile) => {
        expect(resourceMessages(RULE, closed, {}, profile)).toEqual([]);
        expect(resourceMessages(RULE, view(TYPES.vault, withField(good.vault(), "properties.networkAcls", undefined)), {}, profile)).toEqual([]);
    });

    // ManagedHsm_FirewallEnabled_Audit (1.0.0-preview) reads networkAcls.defaultAction only (notEquals "Deny"), never
    // publicNetworkAccess, so it fails that pool; the mirror says so, and what to set where the built-in is assigned.
    test("is one the Azure Policy built-in fails, as the rule's mirror says", () => {
        const mirror = ruleNamed(RULE).metadata.mirrors.find((m) => m.includes("Managed HSM should disable public network access"));
        expect(mirror).toBe("Azure Policy \"[Preview]: Azure Key Vault Managed HSM should disable public network access\" (stricter: it reads networkAcls.defaultAction only, so a pool closed by publicNetworkAccess \"Disabled\" alone fails it; where it is assigned, set properties.networkAcls.defaultAction to \"Deny\" as well)");
    });
});
