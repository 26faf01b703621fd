import { ClientApplication, ClientApplicationDefaults } from "../../components/client-application";
import { clientSecretIssues } from "../../components/client-credentials";
import { configDateMs, goTimeAsRfc3339 } from "../../components/config-date";
import { expiresEpoch, validateEncryptionKeyArgs } from "../../components/encryption-key";
import { KeyVault } from "../../components/key-vault";
import { Recorder, setAzureMocks, settle } from "../../plan/mocks";
import { DAY } from "../support/vendor-certificate";

/** A day `days` from now, as the Pulumi CLI hands over an unquoted `2027-01-26T10:00:00+01:00`: time.Time's String(). */
function goTime(days: number, clock = "10:00:00", zone = "+0100 CET"): { go: string; rfc3339: string } {
    const date = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
    const offset = zone.startsWith("+0000") ? "Z" : `${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
    return { go: `${date} ${clock} ${zone}`, rfc3339: `${date}T${clock}${offset}` };
}

let recorder: Recorder;
beforeAll(async () => {
    ({ recorder } = await setAzureMocks());
});

test.each([
    ["2027-01-26 00:00:00 +0000 UTC", "2027-01-26T00:00:00Z"],
    ["2027-01-26 10:00:00.123456789 +0100 CET", "2027-01-26T10:00:00.123456789+01:00"],
    ["2027-01-26 10:00:00 -0330 -0330", "2027-01-26T10:00:00-03:30"],
    ["2028-02-29 23:59:59 +0530 IST", "2028-02-29T23:59:59+05:30"],
])("reads Go's time.Time String() %j as the RFC3339 date-time %j", (go, rfc3339) => {
    expect(goTimeAsRfc3339(go)).toBe(rfc3339);
    expect(configDateMs(go)).toBe(Date.parse(rfc3339));
});

test("takes nothing else for Go's form: RFC3339 itself, a day or hour that does not exist, a missing zone", () => {
    for (const text of ["2027-01-26T00:00:00Z", "2027-02-29 00:00:00 +0000 UTC", "2027-01-26 24:00:00 +0000 UTC", "2027-01-26 00:00:00 +0000", "2027-01-26 00:00 +0000 UTC"]) {
        expect(goTimeAsRfc3339(text)).toBeUndefined();
    }
    // Date.parse alone reads some of Go's forms and not others (a fraction, or CET): one rule for all of them.
    expect(Date.parse("2027-01-26 00:00:00.5 +0100 CET")).toBeNaN();
    expect(configDateMs("2027-01-26 00:00:00.5 +0100 CET")).toBe(Date.parse("2027-01-25T23:00:00.500Z"));
    expect(configDateMs("2027-02-29 00:00:00 +0000 UTC")).toBeNaN();
    expect(configDateMs("2027-06-30")).toBe(Date.parse("2027-06-30"));
});

test("reads an RFC3339 date-time or a day alone, and nothing Date.parse would misread", () => {
    expect(configDateMs("2027-06-30T00:00:00Z")).toBe(Date.UTC(2027, 5, 30));
    expect(configDateMs("2027-06-30T02:00:00.250+02:00")).toBe(Date.UTC(2027, 5, 30, 0, 0, 0, 250));
    expect(configDateMs("2028-02-29")).toBe(Date.UTC(2028, 1, 29));
    // Without a zone Date.parse takes the machine's local time; the others it rolls over or guesses at.
    for (const text of ["2027-06-30T00:00:00", "2027-06-30 00:00", "2027-02-30T00:00:00Z", "2027-02-29", "2027-06-30T24:00:00Z", "2027-06-30T00:00:00+01", "2027-06-30T00:00.5Z", "2027-6-30", "June 30, 2027"]) {
        expect([text, configDateMs(text)]).toEqual([text, NaN]);
    }
});

test("a key's expires keeps the ISO 8601 spellings of one instant that it took before: lower-case t and z, a space for T, no seconds, an offset without its colon", () => {
    const vault = new KeyVault("kvspellings", { resourceGroupName: "rg-byok" });
    // The spellings are the point, not today: judged on a fixed day before them, so they stay in the future.
    const now = new Date("2030-01-01T00:00:00Z");
    const spellings: [string, number][] = [
        // RFC 3339 section 5.6 allows the lower-case t and z, and a space between date and time.
        ["2030-06-30t00:00:00z", Date.UTC(2030, 5, 30)],
        ["2030-06-30T00:00:00z", Date.UTC(2030, 5, 30)],
        ["2030-06-30 02:00:00+02:00", Date.UTC(2030, 5, 30)],
        ["2030-06-30 00:00:00.250Z", Date.UTC(2030, 5, 30, 0, 0, 0, 250)],
        ["2030-06-30T00:00Z", Date.UTC(2030, 5, 30)],
        ["2030-06-30T01:00:00+0100", Date.UTC(2030, 5, 30)],
        ["2030-06-29T20:30-0330", Date.UTC(2030, 5, 30)],
    ];
    for (const [expires, ms] of spellings) {
        expect([expires, configDateMs(expires)]).toEqual([expires, ms]);
        expect([expires, validateEncryptionKeyArgs("k", { keyVault: vault, expires }, now)]).toEqual([expires, []]);
        expect([expires, expiresEpoch(expires, "P1Y")]).toEqual([expires, Math.floor(ms / 1000)]);
    }
    // The azuread provider reads a client secret's endDate with Go's time.RFC3339, which takes none of them.
    for (const endDate of ["2027-06-30t00:00:00z", "2027-06-30T00:00:00z", "2027-06-30 00:00:00Z", "2027-06-30T00:00Z", "2027-06-30T00:00:00+0100"]) {
        expect([endDate, clientSecretIssues([{ name: "s", endDate }], new Date("2027-06-01T00:00:00Z"), ClientApplicationDefaults.clientSecret).map((i) => i.field)]).toEqual([endDate, ["clientSecrets[0].endDate"]]);
    }
});

test("a key's expires that Date.parse would misread is refused, naming the field and the form", () => {
    const vault = new KeyVault("kvloose", { resourceGroupName: "rg-byok" });
    for (const expires of ["2030-06-30T00:00:00", "2030-02-30T00:00:00Z", "2030-06-30T24:00:00Z"]) {
        expect(validateEncryptionKeyArgs("k", { keyVault: vault, expires })).toEqual([{
            field: "expires",
            message: `"${expires}" is not an ISO-8601 date-time with a zone such as "2027-06-30T00:00:00Z" (T or a space, seconds optional, then Z or an offset such as +01:00 or +0100) or a day alone such as "2027-06-30" (midnight UTC), on a day and at a time that exist`,
        }]);
    }
});

test("a client secret's endDate written unquoted is judged as the date it is", () => {
    const bounds = ClientApplicationDefaults.clientSecret;
    expect(clientSecretIssues([{ name: "s", endDate: goTime(90).go }], new Date(), bounds)).toEqual([]);
    expect(clientSecretIssues([{ name: "s", endDate: goTime(-1).go }], new Date(), bounds).map((i) => i.message)).toEqual([expect.stringMatching(/already past/)]);
    expect(clientSecretIssues([{ name: "s", endDate: goTime(200).go }], new Date(), bounds).map((i) => i.message)).toEqual([expect.stringMatching(/more than 180 days away/)]);
});

test("a key's expires written unquoted is judged, and set, as the date it is", async () => {
    const vault = new KeyVault("kvdates", { resourceGroupName: "rg-byok" });
    const { go, rfc3339 } = goTime(400, "00:00:00", "+0100 CET");
    expect(validateEncryptionKeyArgs("k", { keyVault: vault, expires: go })).toEqual([]);
    expect(expiresEpoch(go, "P1Y")).toBe(Date.parse(rfc3339) / 1000);
});

test("a ClientApplication sends azuread an unquoted endDate as the RFC3339 date-time it stands for", async () => {
    const { go, rfc3339 } = goTime(90);
    new ClientApplication("dates", { clientSecrets: [{ name: "s", endDate: go }] });
    await settle();
    expect(recorder.find("azuread:index/applicationPassword:ApplicationPassword", "dates-s-secret").inputs.endDate).toBe(rfc3339);
});
