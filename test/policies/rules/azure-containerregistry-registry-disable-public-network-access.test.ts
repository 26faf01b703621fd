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
