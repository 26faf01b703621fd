/** One broken rule: the argument's path, and the rule with the value that broke it. */
export interface ValidationIssue {
    field: string;
    message: string;
}

/**
 * Thrown by a component's constructor before it registers anything, listing every problem
 * at once so that a user fixes them in one pass.
 */
export class ValidationError extends Error {
    constructor(
        readonly component: string,
        readonly issues: ValidationIssue[],
    ) {
        super(`${component}: invalid arguments:\n${issues.map((i) => `  - ${i.field}: ${i.message}`).join("\n")}`);
        this.name = "ValidationError";
    }
}

/** Throws a ValidationError naming the component when any issue was found. */
export function throwIfInvalid(component: string, issues: ValidationIssue[]): void {
    if (issues.length > 0) {
        throw new ValidationError(component, issues);
    }
}

/** The value when it is known now (a plain value), `undefined` for Outputs and Promises resolved later. */
export function known<T>(value: T | PromiseLike<unknown> | { apply: unknown } | undefined): T | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "object" && ("apply" in value || "then" in value)) {
        return undefined;
    }
    return value as T;
}

/** A region by its name, as ARM answers with it ("westeurope"), however it was given ("West Europe"). */
export function regionName(location: string): string {
    return location.toLowerCase().replace(/\s+/g, "");
}

/** Whether two region names are one region as ARM reads them ("West Europe", "westeurope"). */
export function sameRegion(a: string, b: string): boolean {
    return regionName(a) === regionName(b);
}

/** Key Vault's rule for a key's or secret's name. */
export const KEY_VAULT_OBJECT_NAME = /^[a-zA-Z0-9-]{1,127}$/;

/** Written without the i flag so that the stack config's JSON Schema (which has no flags) says the same. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * An ARM resource id of one type, `/subscriptions/<guid>/resourceGroups/<rg>/providers/<provider>/<type>/<name>`
 * (with child types after it): its pattern, each name a group in order, and its shape, for messages.
 */
export function armResourceId(provider: string, ...types: string[]): { pattern: RegExp; shape: string } {
    const escaped = provider.replace(/\./g, "\\.");
    const names = types.map((t) => `\\/${t}\\/([^/]+)`).join("");
    const pattern = new RegExp(`^\\/subscriptions\\/[0-9a-f-]{36}\\/resourceGroups\\/[^/]+\\/providers\\/${escaped}${names}$`, "i");
    return { pattern, shape: `/subscriptions/<guid>/resourceGroups/<rg>/providers/${provider}${types.map((t) => `/${t}/<name>`).join("")}` };
}

/**
 * The resource group a component creates its resources in: required, a string, and not blank when
 * known now (Azure would answer `ResourceGroupNotFound ''` only once the first resource is sent).
 */
export function resourceGroupNameIssues(value: unknown, field = "resourceGroupName"): ValidationIssue[] {
    if (value === undefined || value === null) {
        return [{ field, message: "is required: the resource group the component's resources are created in" }];
    }
    if (typeof value === "string") {
        return value.trim() === "" ? [{ field, message: `${JSON.stringify(value)} is blank; name the resource group the component's resources are created in` }] : [];
    }
    return known(value as object) === undefined ? [] : [{ field, message: `is a ${typeof value}, not a resource group's name (a string)` }];
}
