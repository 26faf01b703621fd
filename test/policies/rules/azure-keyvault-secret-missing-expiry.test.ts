import { good, resourceMessages, ruleNamed, TYPES, UNKNOWN_STRING, view, withField } from "../fixtures";

const RULE = "azure-keyvault-secret-missing-expiry";
const NO_EXPIRY = "The secret has no expiry; set properties.attributes.expires (epoch seconds) and rotate the secret before then.";
const secret = (expires: unknown, enabled: unknown) => view(TYPES.secret, withField(withField(good.secret(), "properties.attributes.expires", expires), "properties.attributes.enabled", enabled));

test("a secret with an expiry passes", () => {
    expect(resourceMessages(RULE, view(TYPES.secret, good.secret()), {}, "sovereign")).toEqual([]);
});

describe("a secret without an expiry", () => {
    test("is reported while enabled, as written or left to Azure's default", () => {
        expect(resourceMessages(RULE, secret(undefined, true))).toEqual([NO_EXPIRY]);
        expect(resourceMessages(RULE, secret(0, undefined))).toEqual([NO_EXPIRY]);
    });

    test("passes when disabled, as CIS Azure and Prowler judge enabled secrets only", () => {
        expect(resourceMessages(RULE, secret(undefined, false), {}, "sovereign")).toEqual([]);
        expect(resourceMessages(RULE, secret(undefined, "False"), {}, "sovereign")).toEqual([]);
    });

    test("gives no verdict while whether it is enabled is not known yet", () => {
        expect(resourceMessages(RULE, secret(undefined, UNKNOWN_STRING))).toEqual([]);
    });
});

test("the mirrors say which checks judge a disabled secret too", () => {
    const mirrors = ruleNamed(RULE).metadata.mirrors;
    expect(mirrors).toContain("Prowler keyvault_rbac_secret_expiration_set / keyvault_non_rbac_secret_expiration_set (enabled secrets only, as here)");
    expect(mirrors).toContain("Azure Policy \"Key Vault secrets should have an expiration date\" (stricter: it reports a disabled secret too)");
});
