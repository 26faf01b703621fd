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

// Azure refuses both (managed-hsm/network-security.md: up to 10 IPv4 rules, no RFC 1918 range; Key Vault's
// firewall refuses a private range too), so the pack says so at preview instead of ARM at deploy.
describe("a firewall Azure would refuse", () => {
    const open = (type: string, base: Record<string, unknown>, ipRules: { value: string }[]) =>
        view(type, withField(withField(base, "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls", { bypass: "AzureServices", defaultAction: "Deny", ipRules }), { name: "fw" });
    const config = { allowedIpRanges: ["0.0.0.0/0"] };

    test("a private (RFC 1918) range on a pool or a vault is reported, naming it; a public one passes", () => {
        expect(resourceMessages(RULE, open(TYPES.managedHsm, good.managedHsm(), [{ value: "10.1.0.0/16" }]), config)).toEqual([
            "The managed HSM firewall names 10.1.0.0/16, private (RFC 1918) ranges, which Azure refuses in properties.networkAcls.ipRules; reach it from a private network through a private endpoint instead.",
        ]);
        expect(resourceMessages(RULE, open(TYPES.vault, good.vault(), [{ value: "192.168.4.7" }]), config)).toHaveLength(1);
        expect(resourceMessages(RULE, open(TYPES.managedHsm, good.managedHsm(), [{ value: "203.0.113.0/24" }]), config)).toEqual([]);
    });

    test("a pool with more than 10 IP rules is reported; 10 pass, and a vault is not held to a pool's limit", () => {
        const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `203.0.113.${i}` }));
        expect(resourceMessages(RULE, open(TYPES.managedHsm, good.managedHsm(), rules(11)), config)).toEqual([
            "The managed HSM firewall has 11 IP rules; a Managed HSM takes at most 10 in properties.networkAcls.ipRules: merge ranges into wider ones.",
        ]);
        expect(resourceMessages(RULE, open(TYPES.managedHsm, good.managedHsm(), rules(10)), config)).toEqual([]);
        expect(resourceMessages(RULE, open(TYPES.vault, good.vault(), rules(11)), config)).toEqual([]);
    });
});

// checkov/arm KeyVaultEnablesFirewallRulesSettings.py (CKV_AZURE_109) and trivy keyvault/specify_network_acl.rego
// (AVD-AZU-0013) read networkAcls.defaultAction == "Deny" alone; KeyVaultDisablesPublicNetworkAccess.py (CKV_AZURE_189)
// passes publicNetworkAccess "disabled" or a non-empty ipRules, never reading defaultAction.
describe("where Checkov's and trivy's vault network checks read less than the rule", () => {
    const vault = (properties: Record<string, unknown>) => view(TYPES.vault, { ...good.vault(), properties: { ...good.vault().properties, networkAcls: undefined, ...properties } });
    const mirror = (prefix: string) => ruleNamed(RULE).metadata.mirrors.find((m) => m.startsWith(prefix));

    test("a vault closed by publicNetworkAccess alone passes, which CKV_AZURE_109 and AVD-AZU-0013 fail, as the rule's mirrors say", () => {
        expect(resourceMessages(RULE, vault({ publicNetworkAccess: "Disabled" }))).toEqual([]);
        const stricter = "(stricter: it reads networkAcls.defaultAction alone, so a vault closed by publicNetworkAccess \"Disabled\" with no firewall fails it; where it runs, set properties.networkAcls.defaultAction to \"Deny\" as well)";
        expect(mirror("Checkov CKV_AZURE_109")).toBe(`Checkov CKV_AZURE_109 ${stricter}`);
        expect(mirror("trivy AVD-AZU-0013")).toBe(`trivy AVD-AZU-0013 ${stricter}`);
    });

    test("a firewall that denies by default with no IP rules passes and one that allows with an IP rule is reported, both the other way in CKV_AZURE_189, as its mirror says", () => {
        expect(resourceMessages(RULE, vault({ publicNetworkAccess: "Enabled", networkAcls: { bypass: "AzureServices", defaultAction: "Deny" } }))).toEqual([]);
        expect(resourceMessages(RULE, vault({ publicNetworkAccess: "Enabled", networkAcls: { bypass: "AzureServices", defaultAction: "Allow", ipRules: [{ value: "203.0.113.0/24" }] } }))).toHaveLength(1);
        expect(mirror("Checkov CKV_AZURE_189")).toBe(
            "Checkov CKV_AZURE_189 (it reads publicNetworkAccess and networkAcls.ipRules, never defaultAction; looser: any IP rule passes it, even under defaultAction Allow, which still admits every network; stricter: a firewall that denies by default with no IP rules fails it unless publicNetworkAccess is \"Disabled\")",
        );
    });
});
