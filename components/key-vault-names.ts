import { NAME_SUFFIX_LENGTH } from "./naming";
import { ValidationIssue } from "./validation";

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/;
const VAULT_NAME_MAX = 24;

/** Why `value` is not a vault name of `min`–`max` characters (a vault's resource id or URI named as such); undefined when it is one. */
export function vaultNameProblem(value: string, min = 3, max = VAULT_NAME_MAX): string | undefined {
    // A vault's resource id or URI, pasted from the portal, names the vault but is not its name.
    const named = /\/providers\/Microsoft\.KeyVault\/(?:vaults|managedHSMs)\/([^/]+)\/?$/i.exec(value)?.[1] ?? /^https:\/\/([^./]+)\.(?:vault|managedhsm)\./i.exec(value)?.[1];
    if (named !== undefined) {
        return `"${value}" is a vault's ${value.startsWith("/") ? "resource id" : "URI"}, not its name; give the name ("${named}"), with its resourceGroupName and subscriptionId where they are not the stack's`;
    }
    if (value.length < min || value.length > max) {
        return `"${value}" is ${value.length} characters; a vault name has ${min}–${max}`;
    }
    if (!(VAULT_NAME.test(value) || /^[a-zA-Z]$/.test(value)) || value.includes("--")) {
        return `"${value}" is not a vault name: letters, digits and single hyphens, starting with a letter and ending with a letter or digit`;
    }
    return undefined;
}

/** The vault's name: `vaultName` when given, else the resource name `name`, which prefixes the generated `<name>-<suffix>` and so has less room. */
export function vaultNameIssues(name: string, vaultName: string | undefined): ValidationIssue[] {
    if (vaultName !== undefined) {
        const problem = vaultNameProblem(vaultName, 3, VAULT_NAME_MAX);
        return problem ? [{ field: "vaultName", message: problem }] : [];
    }
    const max = VAULT_NAME_MAX - 1 - NAME_SUFFIX_LENGTH;
    const problem = vaultNameProblem(name, 1, max);
    return problem ? [{ field: "name", message: `${problem} (it prefixes the generated vault name); rename the resource or set vaultName` }] : [];
}
