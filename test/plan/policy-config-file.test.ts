import { parsePolicyConfigText } from "../../plan/policy-config-file";

test("a blank text, by Go's whitespace, or null is no config, as the CLI reads it", () => {
    for (const text of ["", " \n\t", "\r\n", "\u00a0\n", "\u2028\u3000", "null", " null\n"]) {
        expect({ text, config: parsePolicyConfigText(text) }).toEqual({ text, config: null });
    }
});

test("a byte-order mark is no whitespace to Go: the CLI fails to parse it, and so does the plan", () => {
    expect(() => parsePolicyConfigText("\ufeff")).toThrow(SyntaxError);
    expect(() => parsePolicyConfigText("\ufeff{}")).toThrow(SyntaxError);
});

test("an object of policy names is the config, as written", () => {
    expect(parsePolicyConfigText("{}")).toEqual({});
    expect(parsePolicyConfigText('{ "all": "advisory", "azure-byok-profile": { "profile": "mcsb" } }')).toEqual({ all: "advisory", "azure-byok-profile": { profile: "mcsb" } });
});

test("any other JSON configures nothing the CLI could name, and is refused saying what it is", () => {
    for (const [text, what] of [["[]", "an array"], ['["mandatory"]', "an array"], ['"x"', "a string"], ["1", "a number"], ["true", "a boolean"]]) {
        expect(() => parsePolicyConfigText(text)).toThrow(`is ${what}, not an object of policy names, each with its enforcement level or config`);
    }
    expect(() => parsePolicyConfigText("{ all: advisory }")).toThrow(SyntaxError);
});
