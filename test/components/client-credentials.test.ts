import { ClientApplicationDefaults } from "../../components/client-application";
import { certificateIssues, clientSecretIssues, credentialExpiryWarning, EXPIRY_WARNING_DAYS } from "../../components/client-credentials";

const bounds = ClientApplicationDefaults.clientSecret;
const now = new Date("2027-01-01T00:00:00Z");
const endDateIssues = (endDate: string) => clientSecretIssues([{ name: "s", validityDays: 730, endDate }], now, bounds);

describe("a client secret's endDate, held to RFC3339 as the azuread provider reads it (Go's time.RFC3339)", () => {
    test.each([
        "2027-03-01T00:00:00Z",
        "2027-03-01T00:00:00.5Z",
        "2027-03-01T00:00:00.123456789Z",
        "2027-03-01T01:00:00+01:00",
        "2027-03-01T00:00:00-03:30",
        "2027-03-01T23:59:59Z",
        "2028-02-29T00:00:00Z",
    ])("accepts %s", (endDate) => {
        expect(endDateIssues(endDate)).toEqual([]);
    });

    test.each([
        ["no zone, which Date.parse reads in the deploying machine's local time", "2027-03-01T00:00:00"],
        ["no seconds", "2027-03-01T00:00Z"],
        ["an offset without its colon", "2027-03-01T00:00:00+0100"],
        ["an offset of hours alone", "2027-03-01T00:00:00+01"],
        ["a day the month lacks, which Date.parse rolls over to March 2", "2027-02-30T00:00:00Z"],
        ["February 29 of a common year", "2027-02-29T00:00:00Z"],
        ["hour 24", "2027-03-01T24:00:00Z"],
        ["minute 60", "2027-03-01T00:60:00Z"],
        ["a leap second, which Go refuses", "2027-03-01T00:00:60Z"],
        ["an offset of 24 hours", "2027-03-01T00:00:00+24:00"],
        ["a lower-case t, which Go refuses", "2027-03-01t00:00:00Z"],
        ["a lower-case z, which Go refuses", "2027-03-01T00:00:00z"],
        ["a space for the T", "2027-03-01 00:00:00Z"],
        ["a day alone", "2027-03-01"],
        ["a fraction without digits", "2027-03-01T00:00:00.Z"],
    ])("refuses %s (%s), naming the field and the form", (_title, endDate) => {
        expect(endDateIssues(endDate)).toEqual([{
            field: "clientSecrets[0].endDate",
            message: `"${endDate}" is not an RFC3339 date-time such as "2027-06-30T00:00:00Z": seconds, an optional fraction, then Z or an offset such as +01:00, on a day and at a time that exist (the azuread provider reads it with Go's time.RFC3339)`,
        }]);
    });

    test("reads an unquoted stack-file date (Go's time.Time String()) first, then holds it to the same rule", () => {
        expect(endDateIssues("2027-03-01 10:00:00 +0100 CET")).toEqual([]);
        expect(endDateIssues("2027-02-29 00:00:00 +0000 UTC").map((i) => i.field)).toEqual(["clientSecrets[0].endDate"]);
    });
});

describe("a client secret's lifetime bound, this product's two years", () => {
    test("takes an endDate two calendar years away at validityDays 730: 2029-01-01 is 731 days from 2027-01-01, across 29 February 2028", () => {
        expect(endDateIssues("2029-01-01T00:00:00Z")).toEqual([]);
    });

    test("refuses an endDate past two calendar years, saying the bound is this product's and where a shorter one comes from", () => {
        expect(endDateIssues("2029-01-01T00:00:01Z")).toEqual([{
            field: "clientSecrets[0].endDate",
            message: "\"2029-01-01T00:00:01Z\" is more than 2 years away (after 2029-01-01T00:00:00Z): this product takes a client secret valid at most 2 years, 730 days as a count of days (Entra itself sets no limit; a tenant's app management policy, passwordLifetime, may set a shorter one); choose an earlier date",
        }]);
    });

    test("still holds an endDate to a shorter validityDays, in days", () => {
        expect(clientSecretIssues([{ name: "s", validityDays: 365, endDate: "2028-01-01T00:00:00Z" }], now, bounds)).toEqual([]);
        expect(clientSecretIssues([{ name: "s", validityDays: 365, endDate: "2028-01-01T00:00:01Z" }], now, bounds).map((i) => i.message)).toEqual([
            "\"2028-01-01T00:00:01Z\" is more than 365 days away; choose an earlier date or raise validityDays (at most 730, which takes an endDate up to 2 years away)",
        ]);
    });

    test("refuses a client secret valid 0 days, naming the field", () => {
        expect(clientSecretIssues([{ name: "s", validityDays: 0 }], now, bounds).map((i) => i.field)).toEqual(["clientSecrets[0].validityDays"]);
    });

    // Entra takes an endDate only in the future: this very instant is already past.
    test("refuses a client secret whose endDate is this very instant", () => {
        expect(clientSecretIssues([{ name: "s", endDate: "2027-01-01T00:00:00Z" }], now, bounds).map((i) => i.field)).toEqual(["clientSecrets[0].endDate"]);
    });

    test("words a validityDays past 730 as this product's bound, not a limit of Entra's", () => {
        expect(clientSecretIssues([{ name: "s", validityDays: 731 }], now, bounds).map((i) => i.message)).toEqual([
            "731 is outside 1–730: this product takes a client secret valid at most 2 years, 730 days as a count of days (Entra itself sets no limit; a tenant's app management policy, passwordLifetime, may set a shorter one)",
        ]);
    });
});

describe("a generated certificate's subject", () => {
    const subjectIssues = (country: string) => certificateIssues([{ name: "c", subject: { commonName: "backup", country } }], now, ClientApplicationDefaults.certificate);

    test("takes a two-letter country code, X.520's countryName", () => {
        expect(subjectIssues("NL")).toEqual([]);
    });

    test.each(["Netherlands", "NLD", "nl", "N"])("refuses the country %s, naming the field and the form", (country) => {
        expect(subjectIssues(country)).toEqual([
            { field: "certificates[0].subject.country", message: `"${country}" is not a country code: two capital letters, ISO 3166-1 alpha-2 such as "US" or "DE"` },
        ]);
    });
});

describe("the warning before a credential expires", () => {
    const at = (days: number) => new Date(now.getTime() + days * 86400_000).toISOString().replace(/\.000Z$/, "Z");

    test("begins 30 days before the end date, Entra's applicationCredentialExpiry window", () => {
        expect(EXPIRY_WARNING_DAYS).toBe(30);
        expect(credentialExpiryWarning('client secret "s"', "defaultedSecret", at(30.01), now)).toBeUndefined();
        expect(credentialExpiryWarning('client secret "s"', "defaultedSecret", at(30), now)).toMatch(/^client secret "s" expires on 2027-01-31T00:00:00Z, in 30 days: /);
        expect(credentialExpiryWarning('client secret "s"', "defaultedSecret", at(0.5), now)).toMatch(/, in 1 day: /);
    });

    test("says a credential past its end date has expired, and what each kind does then", () => {
        expect(credentialExpiryWarning('client secret "s"', "defaultedSecret", at(-1), now)).toBe(
            'client secret "s" expired on 2026-12-31T00:00:00Z: add a new entry under a new name in clientSecrets, hand it over, then remove this one; an expired secret stays in Entra but no longer signs in',
        );
        expect(credentialExpiryWarning('client secret "p"', "pinnedSecret", at(3), now)).toBe(
            'client secret "p" expires on 2027-01-04T00:00:00Z, in 3 days: add a new entry under a new name in clientSecrets, hand it over, then remove this one; an endDate already past is refused here until the entry is removed',
        );
    });

    test("refuses a pinned end date already past, saying what to do", () => {
        expect(endDateIssues("2026-12-31T00:00:00Z")).toEqual([{
            field: "clientSecrets[0].endDate",
            message: '"2026-12-31T00:00:00Z" is already past, and Entra refuses a secret that has expired: remove this entry, or replace it with a new secret under a new name (a deployed secret keeps its first end date, so a later one here changes nothing)',
        }]);
    });
});
