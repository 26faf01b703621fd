import { isoDurationToDays } from "../../components/duration";

describe("isoDurationToDays", () => {
    test.each([
        ["P1Y", 365],
        ["P3M", 90],
        ["P2W", 14],
        ["P90D", 90],
        ["P1Y10D", 375],
        ["PT48H", 2],
        ["PT1440M", 1],
        ["PT86400S", 1],
        ["P1DT12H", 1.5],
        ["P1Y2M3W4DT5H6M7S", 365 + 60 + 21 + 4 + 5 / 24 + 6 / 1440 + 7 / 86400],
    ])("reads %s as Key Vault counts it (a month 30 days, a year 365)", (text, days) => {
        expect(isoDurationToDays(text)).toBeCloseTo(days, 10);
    });

    test.each([
        ["text after the duration", "P2Y garbage"],
        ["a duration written twice", "P2YP2Y"],
        ["a slash after it", "P2Y/x"],
        ["an underscore after it", "P2Y_x"],
        ["a trailing newline", "P2Y\n"],
        ["a leading space", " P2Y"],
        ["no part", "P"],
        ["a T with no time part", "PT"],
        ["a trailing T", "P1YT"],
        ["parts out of order", "P1D1Y"],
        ["a negative duration", "-P1Y"],
        ["a negative part", "P-1D"],
        ["a fraction", "P0.5Y"],
        ["lower-case designators", "p90d"],
        ["hours without the T", "P48H"],
        ["words", "90 days"],
        ["an empty string", ""],
    ])("refuses %s", (_title, text) => {
        expect(isoDurationToDays(text)).toBeUndefined();
    });
});
