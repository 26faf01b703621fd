import { badRequest, echo, list, notFound, parseArmId, providerResourceId, record } from "./arm";
import type { ResourceHandler } from "./azure";

/**
 * The network side of Azure that a vault's private endpoints touch. The virtual network and its
 * subnet are the applications' and outside the stack, often in a hub subscription: offline they
 * are taken as named (a well-formed subnet id); `pulumi preview` checks that they exist and that
 * the deploying identity may join the subnet.
 */

/** Private-link sub-resources (group ids) by the type of resource they connect to. */
const GROUP_IDS: Record<string, string[]> = {
    "microsoft.keyvault/vaults": ["vault"],
    "microsoft.keyvault/managedhsms": ["managedhsm"],
    "microsoft.containerregistry/registries": ["registry"],
    "microsoft.storage/storageaccounts": ["blob", "blob_secondary", "file", "queue", "queue_secondary", "table", "table_secondary", "dfs", "dfs_secondary", "web", "web_secondary"],
    "microsoft.eventhub/namespaces": ["namespace"],
    "microsoft.servicebus/namespaces": ["namespace"],
    "microsoft.sql/servers": ["sqlServer"],
    "microsoft.dbforpostgresql/flexibleservers": ["postgresqlServer"],
    "microsoft.dbformysql/flexibleservers": ["mysqlServer"],
};

const privateEndpointHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const name = inputs.privateEndpointName;
    if (typeof name !== "string" || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/.test(name)) {
        throw badRequest("InvalidResourceName", `Resource name '${String(name)}' is invalid: 2-64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore.`);
    }
    const subnetId = record(inputs.subnet).id;
    const subnet = parseArmId(subnetId);
    if (!subnet || subnet.resourceType?.toLowerCase() !== "microsoft.network/virtualnetworks/subnets") {
        throw badRequest("InvalidSubnetId", `subnet.id '${String(subnetId)}' is not a subnet id.`);
    }
    // Microsoft's private endpoint overview: an endpoint is deployed in its virtual network's subscription.
    if (subnet.subscriptionId !== undefined && subnet.subscriptionId.toLowerCase() !== state.subscriptionId.toLowerCase()) {
        throw badRequest("BadRequest", `Private endpoint '${String(name)}' is in subscription ${state.subscriptionId}, but its subnet '${String(subnetId)}' is in subscription ${subnet.subscriptionId}; a private endpoint must be deployed in its virtual network's subscription.`);
    }
    const connections = [...list(inputs.privateLinkServiceConnections), ...list(inputs.manualPrivateLinkServiceConnections)].map(record);
    if (connections.length !== 1) {
        throw badRequest("PrivateEndpointMustHaveExactlyOnePrivateLinkServiceConnection", `A private endpoint has exactly one private link service connection; ${connections.length} given.`);
    }
    const target = String(connections[0].privateLinkServiceId);
    const parsed = parseArmId(target);
    const groups = state.privateLinkGroups.get(target.toLowerCase()) ?? (parsed?.resourceType ? GROUP_IDS[parsed.resourceType.toLowerCase()] : undefined);
    if (!parsed || !state.ids.has(target.toLowerCase())) {
        throw badRequest("PrivateLinkServiceNotFound", `privateLinkServiceId '${target}' is not an existing resource.`);
    }
    const asked = list(connections[0].groupIds).map(String);
    if (groups === undefined || asked.length !== 1 || !groups.includes(asked[0])) {
        throw badRequest("PrivateEndpointBadRequest", `groupIds [${asked.join(", ")}] is not a private-link sub-resource of '${parsed.resourceType}'${groups ? `; use [${groups.join(", ")}]` : ""}.`);
    }
    const id = state.claim(providerResourceId(state.subscriptionId, rg.name, "Microsoft.Network", "privateEndpoints", name), "Private endpoint");
    return {
        id,
        state: {
            ...echo(inputs, "resourceGroupName", "privateEndpointName"),
            name,
            location: inputs.location ?? rg.location,
            // An automatic connection is approved at once (the deploying identity may manage what it links to); a manual one waits for the owner's approval.
            privateLinkServiceConnections: list(inputs.privateLinkServiceConnections).map((c) => ({ ...record(c), privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved" } })),
            manualPrivateLinkServiceConnections: list(inputs.manualPrivateLinkServiceConnections).map((c) => ({
                ...record(c),
                privateLinkServiceConnectionState: { status: "Pending", description: String(record(c).requestMessage ?? "Awaiting approval") },
            })),
            networkInterfaces: [{ id: providerResourceId(state.subscriptionId, rg.name, "Microsoft.Network", "networkInterfaces", `${name}.nic`) }],
            type: "Microsoft.Network/privateEndpoints",
            provisioningState: "Succeeded",
        },
    };
};

const privateDnsZoneGroupHandler: ResourceHandler = (inputs, _name, state) => {
    const rg = state.resourceGroup(inputs.resourceGroupName);
    const endpoint = providerResourceId(state.subscriptionId, rg.name, "Microsoft.Network", "privateEndpoints", String(inputs.privateEndpointName));
    if (!state.ids.has(endpoint.toLowerCase())) {
        throw notFound("Microsoft.Network/privateEndpoints", String(inputs.privateEndpointName), rg.name);
    }
    const configs = list(inputs.privateDnsZoneConfigs).map(record);
    if (configs.length === 0 || configs.length > 5) {
        throw badRequest("InvalidPrivateDnsZoneConfigs", `A private DNS zone group takes 1-5 zone configurations; ${configs.length} given.`);
    }
    configs.forEach((c, i) => {
        if (parseArmId(c.privateDnsZoneId)?.resourceType?.toLowerCase() !== "microsoft.network/privatednszones") {
            throw badRequest("InvalidPrivateDnsZoneId", `privateDnsZoneConfigs[${i}].privateDnsZoneId '${String(c.privateDnsZoneId)}' is not a private DNS zone id.`);
        }
    });
    const groupName = typeof inputs.privateDnsZoneGroupName === "string" ? inputs.privateDnsZoneGroupName : "default";
    const prefix = `${endpoint}/privateDnsZoneGroups/`.toLowerCase();
    if ([...state.ids].some((id) => id.startsWith(prefix) && id !== `${prefix}${groupName.toLowerCase()}`)) {
        throw badRequest("PrivateEndpointCannotHaveMoreThanOneDnsZoneGroup", `Private endpoint '${String(inputs.privateEndpointName)}' already has a private DNS zone group; it takes one, with up to 5 zones.`);
    }
    const id = state.claim(`${endpoint}/privateDnsZoneGroups/${groupName}`, "Private DNS zone group");
    return {
        id,
        state: { ...echo(inputs, "resourceGroupName", "privateEndpointName", "privateDnsZoneGroupName"), name: groupName, provisioningState: "Succeeded" },
    };
};

export const networkHandlers: Record<string, ResourceHandler> = {
    "azure-native:network:PrivateEndpoint": privateEndpointHandler,
    "azure-native:network:PrivateDnsZoneGroup": privateDnsZoneGroupHandler,
};
