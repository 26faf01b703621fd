import { retentionPolicy, storagePolicyIssues, storagePolicyShapeIssues } from "../../components/storage-policies";

describe("storagePolicyIssues", () => {
    test("leaves policies left out, or ones Azure takes, alone", () => {
        expect(storagePolicyIssues({})).toEqual([]);
        expect(storagePolicyIssues({
            keyPolicy: { keyExpirationPeriodInDays: 1 },
            sasPolicy: { sasExpirationPeriod: "7.00:00:00", expirationAction: "Log" },
            deleteRetentionPolicy: { days: 365 },
            containerDeleteRetentionPolicy: { enabled: false },
        })).toEqual([]);
    });

    test.each([
        ["zero", "0.00:00:00"],
        ["24 hours", "0.24:00:00"],
        ["60 minutes", "0.01:60:00"],
        ["no days part", "01:00:00"],
        ["an ISO 8601 duration", "PT1H"],
    ])("rejects a SAS lifetime of %s", (_title, period) => {
        expect(storagePolicyIssues({ sasPolicy: { sasExpirationPeriod: period } })).toEqual([
            { field: "sasPolicy.sasExpirationPeriod", message: `"${period}" is not a SAS lifetime: days.hours:minutes:seconds, e.g. "0.01:00:00" for an hour, hours below 24 and minutes and seconds below 60, longer than zero` },
        ]);
    });

    test("takes a SAS lifetime of one second, and of days beyond a year", () => {
        expect(storagePolicyIssues({ sasPolicy: { sasExpirationPeriod: "0.00:00:01" } })).toEqual([]);
        expect(storagePolicyIssues({ sasPolicy: { sasExpirationPeriod: "400.23:59:59" } })).toEqual([]);
    });

    test("reports each policy's broken rule under its field, in the order the arguments are documented", () => {
        expect(storagePolicyIssues({
            keyPolicy: { keyExpirationPeriodInDays: 0 },
            sasPolicy: { sasExpirationPeriod: "0.01:00:00", expirationAction: "Deny" as never },
            deleteRetentionPolicy: { days: 366 },
            containerDeleteRetentionPolicy: { enabled: false, days: 7 },
        })).toEqual([
            { field: "keyPolicy.keyExpirationPeriodInDays", message: "0 is not a whole number of days from 1 to 2147483647, the largest Azure stores" },
            { field: "sasPolicy.expirationAction", message: "\"Deny\" is not \"Log\" or \"Block\"" },
            { field: "deleteRetentionPolicy.days", message: "366 is not a whole number of days from 1 to 365" },
            { field: "containerDeleteRetentionPolicy.days", message: "applies only with soft delete on, and enabled is false; remove days or set enabled: true" },
        ]);
    });

    test("takes a key expiry up to the largest 32-bit integer, which is how Azure stores it, and refuses one beyond", () => {
        expect(storagePolicyIssues({ keyPolicy: { keyExpirationPeriodInDays: 2_147_483_647 } })).toEqual([]);
        expect(storagePolicyIssues({ keyPolicy: { keyExpirationPeriodInDays: 2_147_483_648 } })).toEqual([
            { field: "keyPolicy.keyExpirationPeriodInDays", message: "2147483648 is not a whole number of days from 1 to 2147483647, the largest Azure stores" },
        ]);
    });

    test("takes soft delete from 1 to 365 days, Azure's bounds, and refuses 0", () => {
        expect(storagePolicyIssues({ deleteRetentionPolicy: { days: 1 }, containerDeleteRetentionPolicy: { days: 365 } })).toEqual([]);
        expect(storagePolicyIssues({ deleteRetentionPolicy: { days: 365 }, containerDeleteRetentionPolicy: { days: 1 } })).toEqual([]);
        expect(storagePolicyIssues({ deleteRetentionPolicy: { days: 0 }, containerDeleteRetentionPolicy: { days: 0 } })).toEqual([
            { field: "deleteRetentionPolicy.days", message: "0 is not a whole number of days from 1 to 365" },
            { field: "containerDeleteRetentionPolicy.days", message: "0 is not a whole number of days from 1 to 365" },
        ]);
    });

    test("rejects part of a day as a retention or a key expiry", () => {
        expect(storagePolicyIssues({ keyPolicy: { keyExpirationPeriodInDays: 1.5 }, deleteRetentionPolicy: { days: 0.5 } }).map((i) => i.field)).toEqual(["keyPolicy.keyExpirationPeriodInDays", "deleteRetentionPolicy.days"]);
    });
});

describe("storagePolicyShapeIssues", () => {
    test("names a SAS policy without its lifetime and a retention field Azure does not have", () => {
        expect(storagePolicyShapeIssues({ sasPolicy: { expirationAction: "Block" }, containerDeleteRetentionPolicy: { enabled: true, retentionDays: 7 } }).map((i) => i.field)).toEqual([
            "sasPolicy.sasExpirationPeriod",
            "containerDeleteRetentionPolicy.retentionDays",
        ]);
        expect(storagePolicyShapeIssues({})).toEqual([]);
    });
});

describe("retentionPolicy", () => {
    test("sends soft delete off without days when it is turned off", () => {
        expect(retentionPolicy({ enabled: false }, { days: 7 })).toEqual({ enabled: false });
    });

    test("sends soft delete on with the days given, or the default's", () => {
        expect(retentionPolicy({ days: 30 }, { days: 7 })).toEqual({ enabled: true, days: 30 });
        expect(retentionPolicy({ enabled: true }, { days: 7 })).toEqual({ enabled: true, days: 7 });
        expect(retentionPolicy(undefined, { days: 7 })).toEqual({ enabled: true, days: 7 });
    });
});
