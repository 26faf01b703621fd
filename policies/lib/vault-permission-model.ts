import { read, readBoolean, sameText, UNKNOWN } from "./values";

/** How a vault authorizes data actions on its keys: through Azure RBAC role assignments or through its access policies. */
export type PermissionModel = "rbac" | "accessPolicies";

/**
 * How a stack's vault authorizes data actions: "rbac", "accessPolicies" (enableRbacAuthorization
 * false, or left out, which the SDK sends as false), or undefined where the stack cannot tell (a
 * vault outside the stack, a value unknown until deploy, a recovered vault, which keeps the model it had).
 * Key Vault reads one model at a time: an RBAC vault ignores access policies, an access-policy vault
 * data-plane role assignments (learn.microsoft.com/azure/key-vault/general/rbac-guide; azure-native's
 * VaultPropertiesArgs.enableRbacAuthorization: when true "the access policies specified in vault properties
 * will be ignored", when false "any policy stored on Azure Resource Manager will be ignored").
 */
export function permissionModel(props: unknown): PermissionModel | undefined {
    if (props === undefined) return undefined;
    const rbac = readBoolean(props, "properties", "enableRbacAuthorization");
    const createMode = read(props, "properties", "createMode");
    if (rbac === UNKNOWN || createMode === UNKNOWN || sameText(createMode, "recover")) return undefined;
    return rbac === true ? "rbac" : "accessPolicies";
}
