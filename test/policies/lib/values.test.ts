import { keys, list, read, UNKNOWN } from "../../../policies/lib/values";
import { UNKNOWN_STRING } from "../fixtures";

describe("read", () => {
    // ARM takes a null property in a PUT as unset; @pulumi/policy hands it over as null.
    test("reads an explicit null as absent, at the end of the path or on the way", () => {
        expect(read({ a: null }, "a")).toBeUndefined();
        expect(read({ a: null }, "a", "b")).toBeUndefined();
        expect(read({ a: { b: null } }, "a", "b")).toBeUndefined();
    });

    test("keeps false, 0 and the empty string, which are values, not absence", () => {
        expect(read({ a: false }, "a")).toBe(false);
        expect(read({ a: 0 }, "a")).toBe(0);
        expect(read({ a: "" }, "a")).toBe("");
    });

    test("still reads an unknown as UNKNOWN", () => {
        expect(read({ a: UNKNOWN_STRING }, "a", "b")).toBe(UNKNOWN);
    });
});

test("list keeps a null entry in place as undefined, so indices still name entries, and reads a null array as empty", () => {
    expect(list({ a: [null, "x"] }, "a")).toEqual([undefined, "x"]);
    expect(list({ a: null }, "a")).toEqual([]);
    expect(keys({ a: null }, "a")).toEqual([]);
});
