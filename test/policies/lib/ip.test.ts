import { widerThanSlash8, within } from "../../../policies/lib/ip";

describe("widerThanSlash8, the one width check of the vault, Cosmos DB, registry and storage firewall rules", () => {
    test.each(["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/7", " 10.0.0.0/7 "])("counts %s as the internet", (range) => {
        expect(widerThanSlash8(range)).toBe(true);
    });

    test.each(["10.0.0.0/8", "203.0.113.0/24", "198.51.100.7", "0.0.0.0", "not-an-address", "10.0.0.0/33"])("leaves %s to the other checks", (range) => {
        expect(widerThanSlash8(range)).toBe(false);
    });
});

test("within holds a range to the allowed ones, as before", () => {
    expect(within("203.0.113.0/25", ["203.0.113.0/24"])).toBe(true);
    expect(within("203.0.112.0/23", ["203.0.113.0/24"])).toBe(false);
});
