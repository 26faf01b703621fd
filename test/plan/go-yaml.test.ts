import { goScalarText, goTimestamp, resolveGoYaml } from "../../plan/go-yaml";

// Each plain scalar, and what yaml.v3's resolve.go makes of it, as the CLI then stores it at the top level.
test.each([
    ["true", "true"], ["True", "true"], ["TRUE", "true"], ["FALSE", "false"],
    ["yes", "yes"], ["No", "No"], ["on", "on"], ["OFF", "OFF"], ["y", "y"], ["tRUE", "tRUE"],
    ["", ""], ["~", ""], ["Null", ""], ["NULL", ""],
    ["0123", "83"], ["0o17", "15"], ["0O17", "15"], ["0x1F", "31"], ["0b101", "5"], ["-0b101", "-5"], ["+12", "12"], ["-0", "0"],
    ["1_000", "1000"], ["0_123", "83"], ["089", "89"], ["0x", "0x"], ["0o8", "0o8"],
    ["9223372036854775807", "9223372036854775807"], ["9223372036854775808", "9223372036854775808"],
    ["-9223372036854775809", "-9223372036854776000"], ["18446744073709551616", "18446744073709552000"],
    ["1.", "1"], [".5", "0.5"], ["-.5e-3", "-0.0005"], ["1e6", "1000000"], ["1.5e300", "1.5e+300"], ["1e-7", "1e-7"], ["1e400", "1e400"], ["._5", "._5"],
    ["-", "-"], ["+", "+"], ["1:30", "1:30"], ["02:00", "02:00"], ["1.2.3", "1.2.3"], ["12abc", "12abc"],
])("%j reads as %j", (text, stored) => {
    expect(goScalarText(resolveGoYaml(text))).toBe(stored);
});

test("the float specials and the spellings of null and booleans are resolve.go's list, no more", () => {
    expect(resolveGoYaml(".inf")).toEqual({ kind: "float", value: Infinity });
    expect(resolveGoYaml("-.Inf")).toEqual({ kind: "float", value: -Infinity });
    expect(resolveGoYaml(".NaN").kind).toBe("float");
    expect(resolveGoYaml(".iNF")).toEqual({ kind: "str", value: ".iNF" });
    expect(() => goScalarText(resolveGoYaml(".nan"))).toThrow(/JSON has no \.nan or \.inf/);
});

test("a date is read only unquoted or tagged !!timestamp, in the four forms resolve.go tries, as Go's time.Parse checks them", () => {
    expect(goTimestamp("2027-01-26T00:00:00Z")).toBe("2027-01-26 00:00:00 +0000 UTC");
    expect(goTimestamp("2027-1-2t3:4:5,25-07:00")).toBe("2027-01-02 03:04:05.25 -0700 -0700");
    expect(goTimestamp("2028-02-29")).toBe("2028-02-29 00:00:00 +0000 UTC");
    for (const refused of ["2027-02-29", "2027-13-01", "2027-01-26T24:00:00Z", "2027-01-26T10:00:00", "2027-01-26T10:00:00+0530", "27-01-26", "2027-01-26 10:00"]) {
        expect(goTimestamp(refused)).toBeUndefined();
    }
    expect(resolveGoYaml("2027-01-26", "str")).toEqual({ kind: "str", value: "2027-01-26" });
    expect(() => resolveGoYaml("soon", "timestamp")).toThrow("cannot decode !!str `soon` as a !!timestamp");
});
