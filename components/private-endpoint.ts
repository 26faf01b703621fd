import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { NAME_SUFFIX_LENGTH } from "./naming";
import { subnetIdProblem } from "./network";
import { argTypeProblem, ArgSpec, armResourceId, checkedOnResolve, known, listShapeIssues, quoteValue, resourceGroupNameIssues, ShowValue, ValidationIssue } from "./validation";
import type { ResourceTags } from "./tags";
import type { BesideOptions } from "./key-vault-lock";

/**
 * A private endpoint into a service (AVM's `privateEndpoints`): the applications reach the
 * service on a private address in their own subnet, with its public endpoint off.
 */
export interface PrivateEndpoint {
    /** Required. The subnet the endpoint's network interface goes in; it may be in a hub network of another subscription (then see `resourceGroupName`). */
    subnetResourceId: pulumi.Input<string>;
    /**
     * Conditional. The resource group the endpoint goes in, in the subnet's subscription. Required
     * when that is not the service's subscription: Azure places a private endpoint in its virtual
     * network's subscription. Defaults to the service's group.
     */
    resourceGroupName?: pulumi.Input<string>;
    /** Conditional. With `resourceGroupName` in another subscription: the azure-native provider for that subscription. Defaults to the service's. */
    provider?: pulumi.ProviderResource;
    /** Conditional. The sub-resource to reach, for a service that has several: a storage account's `blob`, `file`, `queue`, `table`, `dfs` or `web`. Defaults to the service's only one (a Cosmos DB account's is its API's). */
    service?: string;
    /** Optional. Private DNS zones the endpoint registers the service's private address in (`privatelink.vaultcore.azure.net` for a vault). Defaults to none: your DNS, or Azure Policy, resolves it. */
    privateDnsZoneResourceIds?: pulumi.Input<string>[];
    /** Optional. Defaults to `pe-<service name>` (then `-1`, `-2` for more endpoints); a default over Azure's 64 characters (a server's name may have 63) is refused, so name the endpoint. */
    name?: string;
    /** Optional. The subnet's region. Defaults to the service's. */
    location?: pulumi.Input<string>;
}

/** Each kind of private-link target: its sub-resources (group ids) and, for each, its private DNS zone in the public, US Government and China clouds. */
export const PRIVATE_LINK_TARGETS = {
    vault: { vault: ["privatelink.vaultcore.azure.net", "privatelink.vaultcore.usgovcloudapi.net", "privatelink.vaultcore.azure.cn"] },
    registry: { registry: ["privatelink.azurecr.io", "privatelink.azurecr.us", "privatelink.azurecr.cn"] },
    storageAccount: {
        blob: ["privatelink.blob.core.windows.net", "privatelink.blob.core.usgovcloudapi.net", "privatelink.blob.core.chinacloudapi.cn"],
        file: ["privatelink.file.core.windows.net", "privatelink.file.core.usgovcloudapi.net", "privatelink.file.core.chinacloudapi.cn"],
        queue: ["privatelink.queue.core.windows.net", "privatelink.queue.core.usgovcloudapi.net", "privatelink.queue.core.chinacloudapi.cn"],
        table: ["privatelink.table.core.windows.net", "privatelink.table.core.usgovcloudapi.net", "privatelink.table.core.chinacloudapi.cn"],
        dfs: ["privatelink.dfs.core.windows.net", "privatelink.dfs.core.usgovcloudapi.net", "privatelink.dfs.core.chinacloudapi.cn"],
        web: ["privatelink.web.core.windows.net", "privatelink.web.core.usgovcloudapi.net", "privatelink.web.core.chinacloudapi.cn"],
    },
    cosmosDbNoSql: { Sql: ["privatelink.documents.azure.com", "privatelink.documents.azure.us", "privatelink.documents.azure.cn"] },
    cosmosDbMongo: { MongoDB: ["privatelink.mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.us", "privatelink.mongo.cosmos.azure.cn"] },
    messagingNamespace: { namespace: ["privatelink.servicebus.windows.net", "privatelink.servicebus.usgovcloudapi.net", "privatelink.servicebus.chinacloudapi.cn"] },
    sqlServer: { sqlServer: ["privatelink.database.windows.net", "privatelink.database.usgovcloudapi.net", "privatelink.database.chinacloudapi.cn"] },
    postgresqlFlexibleServer: { postgresqlServer: ["privatelink.postgres.database.azure.com", "privatelink.postgres.database.usgovcloudapi.net", "privatelink.postgres.database.chinacloudapi.cn"] },
    mysqlFlexibleServer: { mysqlServer: ["privatelink.mysql.database.azure.com", "privatelink.mysql.database.usgovcloudapi.net", "privatelink.mysql.database.chinacloudapi.cn"] },
} as const;

export type PrivateLinkTarget = keyof typeof PRIVATE_LINK_TARGETS;

const PRIVATE_ENDPOINT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/;
const PRIVATE_ENDPOINT_MAX_LENGTH = 64;
/** An endpoint's default name is `pe-<service name>`, then `-1`, `-2`, ... for the endpoints after the first. */
const DEFAULT_NAME_PREFIX = "pe-";
const defaultNameSuffix = (i: number) => (i === 0 ? "" : `-${i}`);

/** The Azure name an endpoint left unnamed gets: `pe-<service name>`, then `-1`, `-2` for the endpoints after the first. */
export function defaultPrivateEndpointName(serviceName: string, index: number): string {
    return `${DEFAULT_NAME_PREFIX}${serviceName}${defaultNameSuffix(index)}`;
}

/** The resource names of a component's `index`th endpoint and its DNS zone group, under the component `name`. */
export function privateEndpointResourceNames(name: string, index: number): { endpoint: string; dnsZoneGroup: string } {
    const suffix = defaultNameSuffix(index);
    return { endpoint: `${name}-private-endpoint${suffix}`, dnsZoneGroup: `${name}-private-dns${suffix}` };
}
const PRIVATE_DNS_ZONE_ID = armResourceId("Microsoft.Network", "privateDnsZones").pattern;

/** How an endpoint entry is read: its sub-resource and name decide what is created, so they are plain values. */
export const PRIVATE_ENDPOINT_ARGS = {
    subnetResourceId: "input",
    resourceGroupName: "input",
    provider: "object",
    service: "string",
    privateDnsZoneResourceIds: "inputs",
    name: "string",
    location: "region",
} as const satisfies ArgSpec<PrivateEndpoint>;

/** The shape of a service's `privateEndpoints` from an untyped caller, under `field`: a list, each entry an endpoint and nothing else. */
export function privateEndpointsShapeIssues(endpoints: unknown, field = "privateEndpoints"): ValidationIssue[] {
    const notList = argTypeProblem(endpoints, "list");
    if (notList !== undefined) return [{ field, message: notList }];
    return listShapeIssues(endpoints, PRIVATE_ENDPOINT_ARGS, field, {
        required: { subnetResourceId: "the subnet the endpoint's network interface goes in" },
        closed: true,
        // Azure Verified Modules' zone group (`privateDnsZoneGroupConfigs`) is a list of zone ids here.
        renamed: { privateDnsZoneGroup: "privateDnsZoneResourceIds" },
    });
}

/**
 * The name of the service an endpoint reaches, as known before deploy, for its endpoints' default
 * names (`pe-<service name>`): given, or generated from the resource's name as `<prefix>-<6 random>`.
 */
export interface PrivateLinkTargetName {
    /** The name, or its generated form with the random part as `<6 random>`. */
    text: string;
    /** Its length: a generated name's is fixed. */
    length: number;
    /** How to shorten it to at most `max` characters. */
    shorten: (max: number) => string;
}

/** A server's name for its endpoints' default names: `serverName` as given, or `<prefix>-<6 random>` generated from the resource's name. */
export function serverNameForEndpoints(serverName: string | undefined, prefix: string): PrivateLinkTargetName {
    if (serverName !== undefined) {
        return { text: serverName, length: serverName.length, shorten: (max) => `shorten serverName to at most ${max} characters` };
    }
    return {
        text: `${prefix}-<${NAME_SUFFIX_LENGTH} random>`,
        length: prefix.length + 1 + NAME_SUFFIX_LENGTH,
        shorten: (max) => `keep the resource name's prefix "${prefix}" to at most ${max - 1 - NAME_SUFFIX_LENGTH} characters, or set a serverName of at most ${max}`,
    };
}

/** The sub-resource an endpoint reaches: the one asked for, or the target's only one. */
function subResource(target: PrivateLinkTarget, endpoint: PrivateEndpoint): string | undefined {
    const groups = Object.keys(PRIVATE_LINK_TARGETS[target]);
    return endpoint.service ?? (groups.length === 1 ? groups[0] : undefined);
}

/**
 * Every rule `endpoints` break for `target`, under `field` (e.g. `privateEndpoints`); empty when
 * valid. With the target's name (`targetName`), an endpoint left to its default name `pe-<name>`
 * is held to Azure's 64 characters too: a server's name may be 63.
 */
export function validatePrivateEndpoints(target: PrivateLinkTarget, endpoints: PrivateEndpoint[] | undefined, field = "privateEndpoints", targetName?: PrivateLinkTargetName): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const add = (f: string, message: string) => issues.push({ field: f, message });
    const groups = Object.keys(PRIVATE_LINK_TARGETS[target]);
    const names = new Map<string, number>();
    // The rules below read the values: a wrong shape is reported first, alone.
    const shape = privateEndpointsShapeIssues(endpoints, field);
    if (shape.length > 0) return shape;
    (endpoints ?? []).forEach((endpoint, i) => {
        const at = `${field}[${i}]`;
        const subnet = known<string>(endpoint.subnetResourceId);
        if (subnet !== undefined) {
            const problem = subnetIdProblem(subnet);
            if (problem) add(`${at}.subnetResourceId`, problem);
        }
        const group = subResource(target, endpoint);
        if (group === undefined) {
            add(`${at}.service`, `is required: name the sub-resource to reach, one of ${groups.join(", ")}`);
        } else if (!groups.includes(group)) {
            add(`${at}.service`, `"${group}" is not a sub-resource of this service; use ${groups.join(", ")}`);
        }
        (endpoint.privateDnsZoneResourceIds ?? []).forEach((zone, j) => {
            const id = known<string>(zone);
            const problem = id === undefined ? undefined : dnsZoneProblem(target, group, id);
            if (problem !== undefined) add(`${at}.privateDnsZoneResourceIds[${j}]`, problem);
        });
        if (endpoint.resourceGroupName !== undefined) issues.push(...resourceGroupNameIssues(endpoint.resourceGroupName, `${at}.resourceGroupName`));
        if (endpoint.name !== undefined) {
            if (!PRIVATE_ENDPOINT_NAME.test(endpoint.name)) {
                add(`${at}.name`, `"${endpoint.name}" is not a private endpoint name: 2–64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore`);
            }
            const first = names.get(endpoint.name.toLowerCase());
            if (first !== undefined) add(`${at}.name`, `"${endpoint.name}" is already ${field}[${first}]'s name`);
            else names.set(endpoint.name.toLowerCase(), i);
        } else if (targetName !== undefined) {
            const suffix = defaultNameSuffix(i);
            const length = DEFAULT_NAME_PREFIX.length + targetName.length + suffix.length;
            if (length > PRIVATE_ENDPOINT_MAX_LENGTH) {
                add(`${at}.name`, `is not set, and the default name "${DEFAULT_NAME_PREFIX}${targetName.text}${suffix}" is ${length} characters, over a private endpoint name's ${PRIVATE_ENDPOINT_MAX_LENGTH}; set a name of 2–${PRIVATE_ENDPOINT_MAX_LENGTH} characters, or ${targetName.shorten(PRIVATE_ENDPOINT_MAX_LENGTH - DEFAULT_NAME_PREFIX.length - suffix.length)}`);
            }
        }
    });
    return issues;
}

/**
 * Registers each endpoint (`<name>-private-endpoint[-i]`) to the resource `on` (by its `id`), with its
 * private DNS zone group (`<name>-private-dns[-i]`) when zones are given. Call after validation:
 * a subnet or zone given as an Output is held to the same rules when it resolves, failing as
 * `component` (by default the label each component's constructor gives: its class and name).
 */
export function createPrivateEndpoints(
    name: string,
    target: PrivateLinkTarget,
    endpoints: PrivateEndpoint[] | undefined,
    on: { id: pulumi.Input<string>; name: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; location?: pulumi.Input<string>; tags?: ResourceTags; beside: BesideOptions },
    parent: pulumi.Resource,
    component = `${parent.constructor.name} "${name}"`,
): network.PrivateEndpoint[] {
    return (endpoints ?? []).map((endpoint, i) => {
        const at = `privateEndpoints[${i}]`;
        const suffix = defaultNameSuffix(i);
        const names = privateEndpointResourceNames(name, i);
        const group = subResource(target, endpoint) as string;
        // In the subnet's subscription and group when they are not the service's.
        const placement = { parent, ...on.beside, ...(endpoint.provider ? { provider: endpoint.provider } : {}) };
        const resourceGroupName = endpoint.resourceGroupName ?? on.resourceGroupName;
        const pe = new network.PrivateEndpoint(names.endpoint, {
            resourceGroupName,
            location: endpoint.location ?? on.location,
            privateEndpointName: endpoint.name ?? pulumi.interpolate`${DEFAULT_NAME_PREFIX}${on.name}${suffix}`,
            subnet: { id: checkedOnResolve(component, `${at}.subnetResourceId`, endpoint.subnetResourceId, subnetIdProblem) },
            privateLinkServiceConnections: [{ name: on.name, privateLinkServiceId: on.id, groupIds: [group] }],
            tags: on.tags,
        }, placement);
        const zones = endpoint.privateDnsZoneResourceIds ?? [];
        if (zones.length > 0) {
            new network.PrivateDnsZoneGroup(names.dnsZoneGroup, {
                resourceGroupName,
                privateEndpointName: pe.name,
                privateDnsZoneGroupName: "default",
                privateDnsZoneConfigs: zones.map((zone, j) => ({
                    name: `${group.toLowerCase()}${j === 0 ? "" : `-${j}`}`,
                    // Azure takes any zone in a group: a wrong one leaves the service's name resolving publicly.
                    privateDnsZoneId: checkedOnResolve(component, `${at}.privateDnsZoneResourceIds[${j}]`, zone, (id, show) => dnsZoneProblem(target, group, id, show)),
                })),
            }, placement);
        }
        return pe;
    });
}

/** Why `id` is no private DNS zone id, or names a zone that does not resolve `group`'s private address; undefined when it does. */
function dnsZoneProblem(target: PrivateLinkTarget, group: string | undefined, id: string, show: ShowValue = quoteValue): string | undefined {
    const zonesOf: Record<string, readonly string[]> = PRIVATE_LINK_TARGETS[target];
    const name = PRIVATE_DNS_ZONE_ID.exec(id)?.[1];
    if (name === undefined) {
        return `${show(id)} is not a private DNS zone id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>)`;
    }
    if (group !== undefined && zonesOf[group] !== undefined && !zonesOf[group].includes(name.toLowerCase())) {
        return `names zone ${show(name)}, which does not resolve ${group}'s private address; use ${zonesOf[group].join(", ")} (by cloud)`;
    }
    return undefined;
}
