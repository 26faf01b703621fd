import { PAIRED_REGION, pairedRegion } from "../../../policies/lib/region-pairs";

test("every pair runs both ways but the one-way pairs Microsoft names, and every paired region has a pair of its own", () => {
    const oneWay = Object.keys(PAIRED_REGION).filter((r) => PAIRED_REGION[PAIRED_REGION[r]] !== r).sort();
    expect(oneWay).toEqual(["brazilsouth", "brazilsoutheast", "usgovarizona", "westindia", "westus3"]);
    expect(Object.values(PAIRED_REGION).filter((r) => PAIRED_REGION[r] === undefined)).toEqual([]);
});

test("a region is paired as ARM spells it; a nonpaired or unknown one has no pair", () => {
    expect(pairedRegion("westeurope")).toBe("northeurope");
    expect(pairedRegion("westus3")).toBe("eastus");
    expect(pairedRegion("eastus")).toBe("westus");
    expect(pairedRegion("italynorth")).toBeUndefined();
    expect(pairedRegion("constructor")).toBeUndefined();
    expect(pairedRegion(undefined)).toBeUndefined();
});
