import { permissionModel } from "../../../policies/lib/vault-permission-model";
import { good, UNKNOWN_STRING, withField } from "../fixtures";

const RBAC = "properties.enableRbacAuthorization";

test("a vault with enableRbacAuthorization true authorizes through Azure RBAC", () => {
    expect(permissionModel(good.vault())).toBe("rbac");
    expect(permissionModel(withField(good.vault(), "properties.createMode", "default"))).toBe("rbac");
});

test("a vault with enableRbacAuthorization false, or left out (the SDK sends false), authorizes through access policies", () => {
    expect(permissionModel(withField(good.vault(), RBAC, false))).toBe("accessPolicies");
    expect(permissionModel(withField(good.vault(), RBAC, undefined))).toBe("accessPolicies");
});

test("the model is not known for a vault outside the stack, a setting unknown until deploy, or a recovered vault", () => {
    expect(permissionModel(undefined)).toBeUndefined();
    expect(permissionModel(withField(good.vault(), RBAC, UNKNOWN_STRING))).toBeUndefined();
    expect(permissionModel(withField(good.vault(), "properties.createMode", UNKNOWN_STRING))).toBeUndefined();
    // A recovered vault keeps the model it had when deleted, whatever the program says.
    expect(permissionModel(withField(good.vault(), "properties.createMode", "recover"))).toBeUndefined();
    expect(permissionModel(withField(withField(good.vault(), RBAC, false), "properties.createMode", "Recover"))).toBeUndefined();
});
