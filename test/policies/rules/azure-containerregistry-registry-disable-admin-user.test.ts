import { good, resourceMessages, TYPES, view, withField } from "../fixtures";

const RULE = "azure-containerregistry-registry-disable-admin-user";
const registry = (admin: unknown) => view(TYPES.registry, withField(good.registry(), "adminUserEnabled", admin));

test.each(["true", "True"])("adminUserEnabled written as the string %j is reported as true is", (admin) => {
    expect(resourceMessages(RULE, registry(admin))).toEqual(["The registry's admin user is on; set adminUserEnabled to false and pull with Entra identities."]);
});

test("adminUserEnabled written as the string \"false\" passes", () => {
    expect(resourceMessages(RULE, registry("false"))).toEqual([]);
});
