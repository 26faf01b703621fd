import { CmkMessagingNamespaceArgs, validateMessagingNamespaceArgs } from "../../components/messaging-namespace";
import { untyped } from "../support/expect";
import { keyReference } from "../support/references";

const args = (extra: Partial<CmkMessagingNamespaceArgs> = {}): CmkMessagingNamespaceArgs => ({ resourceGroupName: "rg-byok", customerManagedKey: { key: keyReference() }, ...extra });
const validate = (name: string, extra: Partial<CmkMessagingNamespaceArgs> = {}) => validateMessagingNamespaceArgs("Event Hubs", "processing-unit", name, args(extra));

describe("validateMessagingNamespaceArgs", () => {
    test("takes a namespace named after its resource, or by a name Azure takes, with a Premium capacity", () => {
        expect(validate("evh-byok")).toEqual([]);
        expect(validate("evh-byok", { namespaceName: "Evh-Byok-01", capacity: 16, publicNetworkAccess: "Enabled" })).toEqual([]);
    });

    test.each(["evh", "1-evh-byok", "evh-byok-", "evh_byok"])("refuses the namespace name %j, naming the service", (namespaceName) => {
        expect(validate("evh-byok", { namespaceName })).toEqual([
            { field: "namespaceName", message: `"${namespaceName}" is not an Event Hubs namespace name: 6–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit` },
        ]);
    });

    test.each(["evh-byok-sb", "evh-byok-MGMT"])("refuses %j, a suffix Azure reserves for its own endpoints", (namespaceName) => {
        expect(validate("evh-byok", { namespaceName })).toEqual([
            { field: "namespaceName", message: `"${namespaceName}" ends in "-sb" or "-mgmt", which Azure reserves for its own endpoints` },
        ]);
    });

    test("names the resource when its generated name's prefix would not start with a letter, or is too long", () => {
        expect(validate("9-lives")).toEqual([
            { field: "name", message: "\"9-lives\" leaves \"9-lives\" as the namespace name's prefix, which needs 1–43 letters, digits and hyphens starting with a letter; rename the resource or set namespaceName" },
        ]);
        const long = `evh-${"b".repeat(40)}`;
        expect(validate(long).map((i) => i.field)).toEqual(["name"]);
        expect(validate(`evh-${"b".repeat(39)}`)).toEqual([]);
    });

    test("refuses a capacity Premium does not offer, in the service's own unit, and an unknown access setting", () => {
        expect(validate("evh-byok", { capacity: untyped(3), publicNetworkAccess: untyped("Open") })).toEqual([
            { field: "capacity", message: "3 is not a Premium processing-unit count; use one of 1, 2, 4, 8, 16" },
            { field: "publicNetworkAccess", message: "\"Open\" is not \"Enabled\" or \"Disabled\"" },
        ]);
    });

    test("holds the key to the rules every CMK service shares", () => {
        expect(validate("evh-byok", { customerManagedKey: { key: keyReference({ kty: "EC-HSM" }) } })).toEqual([
            { field: "customerManagedKey.key.kty", message: "EC-HSM keys cannot wrap a data key; Azure services take RSA or RSA-HSM keys" },
        ]);
    });
});
