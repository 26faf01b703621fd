import { PAIRED_REGION } from "../../components/region-pairs";
import { PAIRED_REGION as PACK_PAIRED_REGION } from "../../policies/lib/region-pairs";

// The components and the pack may not import each other, so each keeps the table; a geo key the
// components accept must be one the pack's paired-region rule accepts, and the other way round.
test("the components' region pairs are the pack's", () => {
    expect(PAIRED_REGION).toEqual(PACK_PAIRED_REGION);
    expect(Object.keys(PAIRED_REGION).length).toBeGreaterThan(50);
});
