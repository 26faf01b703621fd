import { goodStack, stackMessages, TYPES, withField } from "../fixtures";

const RULE = "azure-keyvault-vault-disallow-broad-access-policies";

describe("a vault's access policies", () => {
    test("an access policy granting storage \"all\" is reported", () => {
        const policies = [{ objectId: "44444444-4444-4444-4444-444444444444", tenantId: "t", permissions: { keys: ["get"], storage: ["all"] } }];
        const stack = goodStack().map((r) => (r.type === TYPES.vault ? { ...r, props: withField(r.props, "properties.accessPolicies", policies) } : r));
        expect(stackMessages(RULE, stack).map((v) => v.message)).toEqual([expect.stringMatching(/grants storage "all"/)]);
    });
});
