import { NAME_SUFFIX_LENGTH } from "./naming";
import { ValidationIssue } from "./validation";

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/;
const VAULT_NAME_MAX = 24;

/** A Key Vault vault or Managed HSM pool as a resource id or data-plane URL names it. */
export interface NamedKeyStore {
    kind: "vault" | "managedHsm";
    name: string;
    form: "resource id" | "URI";
    /** The resource id ends at the store (no `/keys/<name>` after it); a URI's path is not read. */
    whole: boolean;
}

/**
 * The vault or Managed HSM pool that `value` names: a resource id (`…/providers/Microsoft.KeyVault/vaults|managedHSMs/<name>[/…]`)
 * or a data-plane URL (`https://<name>.vault|managedhsm.<any cloud's domain>/…`); undefined for anything else, a bare name included.
 */
export function keyStoreNamedIn(value: string): NamedKeyStore | undefined {
    const id = /\/providers\/Microsoft\.KeyVault\/(vaults|managedHSMs)\/([^/]+)(\/.*)?$/i.exec(value);
    if (id !== null) {
        return { kind: id[1].toLowerCase() === "vaults" ? "vault" : "managedHsm", name: id[2], form: "resource id", whole: (id[3] ?? "/") === "/" };
    }
    const url = /^https:\/\/([^./]+)\.(vault|managedhsm)\./i.exec(value);
    return url === null ? undefined : { kind: url[2].toLowerCase() === "vault" ? "vault" : "managedHsm", name: url[1], form: "URI", whole: true };
}

/** Why `value` is not a vault name of `min`–`max` characters (a vault's or pool's resource id or URI named as such); undefined when it is one. */
export function vaultNameProblem(value: string, min = 3, max = VAULT_NAME_MAX): string | undefined {
    // A vault's resource id or URI, pasted from the portal, names the vault but is not its name.
    const named = keyStoreNamedIn(value);
    if (named?.kind === "managedHsm" && named.whole) {
        // Its name would only move the failure to Azure's 404: ARM keeps pools apart from vaults.
        return `"${value}" is a Managed HSM pool's ${named.form}, and a pool is not a Key Vault vault: azure-byok neither makes nor reads pools yet; name a vault`;
    }
    if (named?.whole) {
        return `"${value}" is a vault's ${named.form}, not its name; give the name ("${named.name}"), with its resourceGroupName and subscriptionId where they are not the stack's`;
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
