import { good, resourceMessages, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-containerregistry-registry-disable-public-network-access";
const OPEN = "The registry accepts traffic from every network; set publicNetworkAccess to \"Disabled\" or networkRuleSet.defaultAction to \"Deny\".";

/** The known-good registry with public access left at Azure's default, Enabled. */
function open(sku?: unknown) {
    const props = withField(good.registry(), "publicNetworkAccess", undefined);
    return view(TYPES.registry, sku === undefined ? props : withField(props, "sku.name", sku));
}

describe("a registry open to every network", () => {
    // Checkov CKV_AZURE_139's failing example (example_ACRPublicNetworkAccessDisabled) is a non-Premium registry.
    test.each(["Basic", "Standard", "standard"])("on %s is told that closing it needs Premium first, which ARM asks before publicNetworkAccess \"Disabled\" or network rules", (sku) => {
        expect(resourceMessages(RULE, open(sku))).toEqual([
            `The registry accepts traffic from every network, and a ${sku} registry cannot be closed (Azure takes publicNetworkAccess "Disabled" and network rules only on Premium); set sku.name to "Premium", then publicNetworkAccess to "Disabled" or networkRuleSet.defaultAction to "Deny".`,
        ]);
    });

    test("on Premium is told to close it, as before", () => {
        expect(resourceMessages(RULE, open())).toEqual([OPEN]);
        expect(resourceMessages(RULE, open("premium"))).toEqual([OPEN]);
    });

    test("is still reported in every profile, whatever its SKU (the verdict Checkov and Azure Policy give)", () => {
        for (const profile of ["baseline", "mcsb", "sovereign"] as const) {
            expect(resourceMessages(RULE, open("Basic"), {}, profile)).toHaveLength(1);
        }
    });

    test("with a SKU not known yet gets the plain fix, since it may be Premium", () => {
        expect(resourceMessages(RULE, open(UNKNOWN_STRING))).toEqual([OPEN]);
    });
});

describe("a registry behind a firewall that denies", () => {
    /** The known-good Premium registry, public access at Azure's default, a denying firewall with these IP rules. */
    const firewall = (ipRules: unknown, access?: string) =>
        view(TYPES.registry, withField(withField(good.registry(), "publicNetworkAccess", access), "networkRuleSet", { defaultAction: "Deny", ipRules }));

    test("passes with the callers' own ranges, /8 at the widest", () => {
        expect(resourceMessages(RULE, firewall([{ action: "Allow", iPAddressOrRange: "203.0.113.0/24" }, { iPAddressOrRange: "10.0.0.0/8" }, { iPAddressOrRange: "198.51.100.7" }]))).toEqual([]);
        expect(resourceMessages(RULE, firewall(undefined))).toEqual([]);
    });

    test("is reported when an IP rule opens more than a /8, as the vault and Cosmos DB rules report it", () => {
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: "0.0.0.0/1" }, { iPAddressOrRange: "203.0.113.0/24" }, { iPAddressOrRange: "128.0.0.0/7" }]))).toEqual([
            "The registry firewall opens 0.0.0.0/1, 128.0.0.0/7, wider than /8: in effect the internet; name the callers' own ranges in networkRuleSet.ipRules, or set publicNetworkAccess to \"Disabled\".",
        ]);
    });

    test("gives no verdict on its IP rules once public access is disabled, which overrides the firewall", () => {
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: "0.0.0.0/1" }], "Disabled"))).toEqual([]);
    });

    test("gives no verdict while its IP rules are not known yet, and judges the known ones beside an unknown one", () => {
        expect(resourceMessages(RULE, firewall(UNKNOWN_STRING))).toEqual([]);
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: UNKNOWN_STRING }]))).toEqual([]);
        expect(resourceMessages(RULE, firewall([{ iPAddressOrRange: UNKNOWN_STRING }, { iPAddressOrRange: "0.0.0.0/0" }]))).toHaveLength(1);
    });
});
