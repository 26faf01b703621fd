import { createHash } from "node:crypto";

/**
 * Azure Resource Manager facts the mocks answer with: id shapes, name rules, error shapes.
 * Kept independent of components/ so that the mocks judge the components, not echo them.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
    return typeof value === "string" && GUID.test(value);
}

/** A GUID that is the same for the same parts, so ids stay stable within and across runs. */
export function stableGuid(...parts: string[]): string {
    const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
    // Shape it as a version-4 GUID (the variant Azure issues for principals and clients).
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The subscription the plan deploys to when the stack names none it can read (an encrypted one included). */
export const PLAN_SUBSCRIPTION_ID = stableGuid("azure-byok", "subscription");

/** 32 lowercase hex characters, the shape of a Key Vault object version. */
export function stableVersion(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

/** A name Pulumi would give a resource its program left unnamed: the logical name and a stable suffix. */
export function autoname(name: string, type: string): string {
    return `${name}${stableSuffix(8, type, name)}`;
}

/** Lowercase letters and digits derived from the parts: how the mocks fill an auto-generated suffix. */
export function stableSuffix(length: number, ...parts: string[]): string {
    const h = createHash("sha256").update(parts.join("\u0000")).digest();
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < length; i++) {
        out += alphabet[h[i % h.length] % alphabet.length];
    }
    return out;
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function providerResourceId(
    subscriptionId: string,
    resourceGroup: string,
    provider: string,
    ...typeAndNames: string[]
): string {
    return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${provider}/${typeAndNames.join("/")}`;
}

/**
 * The id Microsoft.ManagedIdentity answers for a user-assigned identity: its `resourcegroups` segment in
 * lower case, whatever the request said (pulumi/pulumi-azure-native#2152, Azure/azure-cli#27099), so
 * readers that compare ids must do so without case.
 */
export function identityResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
    return providerResourceId(subscriptionId, resourceGroup, "Microsoft.ManagedIdentity", "userAssignedIdentities", name).replace("/resourceGroups/", "/resourcegroups/");
}

/** What an identity's GUIDs derive from: its id as the mocks first wrote it, so deployed stacks' recorded GUIDs stay. */
export function identityGuidSeed(id: string): string {
    return id.replace("/resourcegroups/", "/resourceGroups/");
}

export interface ParsedArmId {
    subscriptionId: string;
    resourceGroup?: string;
    /** e.g. `Microsoft.KeyVault/vaults/keys` for a key. */
    resourceType?: string;
    /** The names along the type path, e.g. `[vault, key]`. */
    names: string[];
}

/**
 * Parses a subscription, resource-group or resource id, including extension resources'
 * parents. Returns `undefined` for anything ARM would not accept as a scope.
 */
export function parseArmId(id: unknown): ParsedArmId | undefined {
    if (typeof id !== "string") {
        return undefined;
    }
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/([^/]+)\/(.+))?)?$/i.exec(id);
    if (!m || !isGuid(m[1])) {
        return undefined;
    }
    const [, subscriptionId, resourceGroup, namespace, rest] = m;
    if (!namespace) {
        return { subscriptionId, resourceGroup, names: [] };
    }
    const segments = rest.split("/");
    if (segments.length % 2 !== 0 || segments.some((s) => s.length === 0)) {
        return undefined;
    }
    const types: string[] = [];
    const names: string[] = [];
    for (let i = 0; i < segments.length; i += 2) {
        types.push(segments[i]);
        names.push(segments[i + 1]);
    }
    return { subscriptionId, resourceGroup, resourceType: `${namespace}/${types.join("/")}`, names };
}

/** An error as ARM reports it: an HTTP status, a code and a message. */
export class ArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(`${status} ${code}: ${message}`);
        this.name = "ArmError";
    }
}

/** ARM's 404 for a resource that is not there: `type` as `Microsoft.X/ys`, `name` its name (or names joined by `/`). */
export function notFound(type: string, name: string, resourceGroup: string): ArmError {
    return new ArmError(404, "ResourceNotFound", `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found.`);
}

export function badRequest(code: string, message: string): ArmError {
    return new ArmError(400, code, message);
}

/** The value as a plain object, or an empty one: request bodies are read defensively, as ARM does. */
export function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** The inputs minus ARM path parameters, which the provider does not return as outputs. */
export function echo(inputs: Record<string, unknown>, ...pathParameters: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([k]) => !pathParameters.includes(k)));
}

/** The Azure clouds azure-native's `environment` setting names, and the DNS suffixes of their data planes. */
export const CLOUDS = {
    public: { keyVault: "vault.azure.net", storage: "core.windows.net", containerRegistry: "azurecr.io", cosmosDb: "documents.azure.com", serviceBus: "servicebus.windows.net", sqlServer: "database.windows.net", postgresql: "postgres.database.azure.com", mysql: "mysql.database.azure.com", kubernetes: "azmk8s.io" },
    usgovernment: { keyVault: "vault.usgovcloudapi.net", storage: "core.usgovcloudapi.net", containerRegistry: "azurecr.us", cosmosDb: "documents.azure.us", serviceBus: "servicebus.usgovcloudapi.net", sqlServer: "database.usgovcloudapi.net", postgresql: "postgres.database.usgovcloudapi.net", mysql: "mysql.database.usgovcloudapi.net", kubernetes: "cx.aks.containerservice.azure.us" },
    china: { keyVault: "vault.azure.cn", storage: "core.chinacloudapi.cn", containerRegistry: "azurecr.cn", cosmosDb: "documents.azure.cn", serviceBus: "servicebus.chinacloudapi.cn", sqlServer: "database.chinacloudapi.cn", postgresql: "postgres.database.chinacloudapi.cn", mysql: "mysql.database.chinacloudapi.cn", kubernetes: "cx.prod.service.azk8s.cn" },
} as const;

export type AzureCloud = keyof typeof CLOUDS;
