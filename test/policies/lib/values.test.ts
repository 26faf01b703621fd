import { readFileSync } from "node:fs";
import { durationDays, isUnknown, keys, list, read, readBoolean, readNumber, UNKNOWN } from "../../../policies/lib/values";
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

// Newtonsoft.Json, which reads ARM requests in the resource providers, converts such strings to the property's type.
describe("readBoolean", () => {
    test("takes true and false, and the strings \"true\" and \"false\" in any case", () => {
        expect(readBoolean({ a: true }, "a")).toBe(true);
        expect(readBoolean({ a: false }, "a")).toBe(false);
        expect(readBoolean({ a: "true" }, "a")).toBe(true);
        expect(readBoolean({ a: "False" }, "a")).toBe(false);
        expect(readBoolean({ a: "TRUE" }, "a")).toBe(true);
    });

    test("gives any other value back as read gives it: absent, unknown, or no boolean at all", () => {
        expect(readBoolean({}, "a")).toBeUndefined();
        expect(readBoolean({ a: null }, "a")).toBeUndefined();
        expect(readBoolean({ a: UNKNOWN_STRING }, "a")).toBe(UNKNOWN);
        expect(readBoolean({ a: "yes" }, "a")).toBe("yes");
        expect(readBoolean({ a: " true" }, "a")).toBe(" true");
        expect(readBoolean({ a: 1 }, "a")).toBe(1);
    });

    test("reads a value in hand when given no path", () => {
        expect(readBoolean("false")).toBe(false);
    });
});

describe("readNumber", () => {
    test("takes numbers and decimal-integer strings", () => {
        expect(readNumber({ a: 7 }, "a")).toBe(7);
        expect(readNumber({ a: "7" }, "a")).toBe(7);
        expect(readNumber({ a: "4096" }, "a")).toBe(4096);
        expect(readNumber({ a: "-1" }, "a")).toBe(-1);
    });

    test("gives any other value back as read gives it: absent, unknown, or no whole number", () => {
        expect(readNumber({}, "a")).toBeUndefined();
        expect(readNumber({ a: UNKNOWN_STRING }, "a")).toBe(UNKNOWN);
        expect(readNumber({ a: "7.5" }, "a")).toBe("7.5");
        expect(readNumber({ a: "" }, "a")).toBe("");
        expect(readNumber({ a: "0x10" }, "a")).toBe("0x10");
        expect(readNumber({ a: true }, "a")).toBe(true);
    });
});

describe("isUnknown", () => {
    // @pulumi/policy's proxy module declares no types: its sentinels are read from the installed source, so a release
    // that adds or changes one fails here.
    const sentinels = [...readFileSync(require.resolve("@pulumi/policy/proxy"), "utf8").matchAll(/exports\.(unknown\w+Value) = "([0-9a-f-]+)";/g)].map(([, name, value]) => [name, value]);

    test("finds @pulumi/policy's seven unknown sentinels, one per kind of value", () => {
        expect(sentinels.map(([name]) => name).sort()).toEqual(["unknownArchiveValue", "unknownArrayValue", "unknownAssetValue", "unknownBooleanValue", "unknownNumberValue", "unknownObjectValue", "unknownStringValue"]);
    });

    test("reads each of them as unknown", () => {
        for (const [name, value] of sentinels) expect([name, isUnknown(value)]).toEqual([name, true]);
    });
});

describe("durationDays", () => {
    // ISO 8601: a week is 7 days, and a T must be followed by a time.
    test("counts a week as 7 days, and takes no duration ending in a bare T", () => {
        expect(durationDays("P4W")).toBe(28);
        expect(durationDays("P1DT")).toBeUndefined();
    });
});
