import { disabledVersion, outsideDates } from "../../../verification/checks/previous-versions";

const VERSION = "0123456789abcdef0123456789abcdef";
const AT = new Date("2030-06-01T00:00:00Z");

describe("disabledVersion", () => {
    test("names the version as KeyDisabled and how to enable it again", () => {
        expect(disabledVersion({ version: VERSION })).toEqual({
            version: VERSION,
            code: "KeyDisabled",
            message: `Not checked: version ${VERSION} is disabled, and Key Vault refuses to decrypt, unwrap or sign under a disabled version (403 KeyDisabled), so nothing protected under it can be decrypted or unwrapped until it is enabled again (az keyvault key set-attributes --version ${VERSION} --enabled true).`,
        });
    });
});

describe("outsideDates", () => {
    const why = "the pool still decrypts and unwraps under it, but encrypts and wraps nothing, and an AES key has no public half to encrypt with here, so no data could be made to prove it opens";

    test("names an AES version past its expiry as KeyExpired, with the date", () => {
        expect(outsideDates({ version: VERSION, expiresOn: new Date("2030-05-31T00:00:00Z") }, AT)).toEqual({
            version: VERSION,
            code: "KeyExpired",
            message: `Not checked: version ${VERSION} expired on 2030-05-31T00:00:00.000Z; ${why}.`,
        });
    });

    test("names an AES version KeyExpired from its expiry instant on", () => {
        expect(outsideDates({ version: VERSION, expiresOn: AT }, AT)?.code).toBe("KeyExpired");
        expect(outsideDates({ version: VERSION, expiresOn: new Date(AT.getTime() + 1) }, AT)).toBeUndefined();
    });

    test("names an AES version before its not-before date as KeyNotYetValid, with the date", () => {
        expect(outsideDates({ version: VERSION, notBefore: new Date("2030-06-02T00:00:00Z") }, AT)).toEqual({
            version: VERSION,
            code: "KeyNotYetValid",
            message: `Not checked: version ${VERSION} is not valid before 2030-06-02T00:00:00.000Z; ${why}.`,
        });
    });

    test("leaves a version inside its dates, or with none, to be checked", () => {
        expect(outsideDates({ version: VERSION, notBefore: new Date("2030-01-01T00:00:00Z"), expiresOn: new Date("2031-01-01T00:00:00Z") }, AT)).toBeUndefined();
        expect(outsideDates({ version: VERSION }, AT)).toBeUndefined();
    });
});
