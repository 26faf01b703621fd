import type { KeyRotationLifetimeAction, KeyRotationPolicy, KeyVaultKey } from "@azure/keyvault-keys";
import { durationDays, rotationProblems } from "../../verification/rotation-problems";

function version(createdOn: string | undefined, expiresOn: string | undefined): KeyVaultKey {
    return {
        name: "cmk",
        properties: {
            name: "cmk",
            vaultUrl: "https://kv-main.vault.azure.net",
            ...(createdOn ? { createdOn: new Date(createdOn) } : {}),
            ...(expiresOn ? { expiresOn: new Date(expiresOn) } : {}),
        },
    };
}

function policy(rotate: Omit<KeyRotationLifetimeAction, "action"> | undefined, expiresIn?: string): KeyRotationPolicy {
    return {
        id: "https://kv-main.vault.azure.net/keys/cmk/rotationpolicy",
        lifetimeActions: [{ action: "Notify", timeBeforeExpiry: "P30D" }, ...(rotate ? [{ action: "Rotate" as const, ...rotate }] : [])],
        ...(expiresIn ? { expiresIn } : {}),
    };
}

const CURRENT = version("2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
const NOW = new Date("2030-02-01T00:00:00Z");

describe("rotationProblems", () => {
    test("finds none for a key that rotates 90 days after creation and whose versions live a year", () => {
        expect(rotationProblems(policy({ timeAfterCreate: "P90D" }, "P1Y"), CURRENT, CURRENT, NOW)).toEqual([]);
    });

    test("tells a policy that only notifies from the vault's default, which is no policy of the key's own", () => {
        expect(rotationProblems(policy(undefined, "P1Y"), CURRENT, CURRENT, NOW)).toEqual(["has a rotation policy that only notifies, so it never rotates"]);
        expect(rotationProblems({ lifetimeActions: [{ action: "Notify", timeBeforeExpiry: "P30D" }] }, CURRENT, CURRENT, NOW)).toEqual([
            "has no rotation policy of its own (Key Vault's default only notifies), so it never rotates",
        ]);
    });

    test("names a Rotate action with no trigger", () => {
        expect(rotationProblems(policy({}, "P1Y"), CURRENT, CURRENT, NOW)).toEqual(["has a Rotate action with no trigger (timeAfterCreate or timeBeforeExpiry), so it never fires"]);
    });

    test("names each duration that is not ISO 8601, and nothing it would have scheduled", () => {
        expect(rotationProblems(policy({ timeAfterCreate: "90 days" }, "1Y"), CURRENT, CURRENT, NOW)).toEqual([
            'has a rotation policy duration "90 days" that is not an ISO 8601 duration (such as P90D), so nothing can be scheduled from it',
            'has a rotation policy duration "1Y" that is not an ISO 8601 duration (such as P90D), so nothing can be scheduled from it',
        ]);
    });

    test("fails a rotation before expiry no shorter than the versions live", () => {
        expect(rotationProblems(policy({ timeBeforeExpiry: "P1Y" }, "P12M"), CURRENT, CURRENT, NOW)).toEqual([
            "rotates P1Y before expiry, no less than its new versions live (expiryTime P12M), so it is due the moment each version is made",
        ]);
    });

    test("fails a rotation after creation no sooner than the versions expire", () => {
        const lasting = version("2030-01-01T00:00:00Z", "2033-01-01T00:00:00Z");
        expect(rotationProblems(policy({ timeAfterCreate: "P1Y" }, "P1Y"), lasting, lasting, NOW)).toEqual([
            "rotates P1Y after creation, no sooner than its new versions expire (expiryTime P1Y)",
        ]);
    });

    test("bounds a version without a creation date by its last update", () => {
        const updated: KeyVaultKey = { name: "cmk", properties: { name: "cmk", vaultUrl: "https://kv-main.vault.azure.net", updatedOn: new Date("2030-01-01T00:00:00Z"), expiresOn: new Date("2030-03-01T00:00:00Z") } };
        expect(rotationProblems(policy({ timeAfterCreate: "P90D" }, "P1Y"), updated, updated, NOW)).toEqual([
            "rotates P90D after creation, but its current version carries no creation date, so that rotation cannot be shown to come before it expires on 2030-03-01T00:00:00.000Z",
        ]);
    });

    test("reports a rotation before expiry as failing two days after it was due, not sooner", () => {
        const rotating = policy({ timeBeforeExpiry: "P30D" }, "P1Y");
        const latest = version("2030-01-01T00:00:00Z", "2030-12-31T00:00:00Z");
        expect(rotationProblems(rotating, latest, latest, new Date("2030-12-03T00:00:00Z"))).toEqual([]);
        expect(rotationProblems(rotating, latest, latest, new Date("2030-12-03T00:00:01Z"))).toEqual([
            "was due to rotate on 2030-12-01T00:00:00.000Z (P30D before its newest version expires on 2030-12-31T00:00:00.000Z) and has not: its automatic rotation is failing",
        ]);
    });

    test("times the rotation that is due from the newest version, not a pinned older one", () => {
        const pinned = version("2029-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        const newest = version("2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
        const at = new Date("2030-03-01T00:00:00Z");
        expect(rotationProblems(policy({ timeAfterCreate: "P90D" }, "P1Y"), pinned, newest, at)).toEqual([]);
        expect(rotationProblems(policy({ timeAfterCreate: "P90D" }, "P1Y"), pinned, pinned, at)).toEqual([
            "was due to rotate on 2029-04-01T00:00:00.000Z (P90D after its newest version was made on 2029-01-01T00:00:00.000Z) and has not: its automatic rotation is failing",
        ]);
    });
});

describe("durationDays", () => {
    test.each([
        ["P90D", 90],
        ["P1Y", 365],
        ["P1M", 30],
        ["P2W", 14],
        ["PT12H", 0.5],
        ["P1Y2M3DT36H", 365 + 60 + 3 + 1.5],
    ])("counts %s as %d days, as Key Vault does", (text, days) => {
        expect(durationDays(text)).toBe(days);
    });

    test.each(["90D", "P", "", "one year"])("is NaN for %j, which is no ISO 8601 duration", (text) => {
        expect(durationDays(text)).toBeNaN();
    });
});
