import { AzureMocks, mockAzureDefaults, Recorder } from "../../plan/mocks";

const sub = mockAzureDefaults.subscriptionId;
const subnet = `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/apps`;
const zone = `/subscriptions/${sub}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

/** An Azure holding vault `kv-net` in `rg-byok`. */
function world() {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    const vault = create("azure-native:keyvault:Vault", "kv", {
        resourceGroupName: "rg-byok",
        vaultName: "kv-net",
        properties: { tenantId: mockAzureDefaults.tenantId, sku: { family: "A", name: "premium" }, enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: "Disabled" },
    });
    const endpoint = (extra: Record<string, unknown> = {}) => create("azure-native:network:PrivateEndpoint", `pe-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", privateEndpointName: "pe-kv-net", subnet: { id: subnet },
        privateLinkServiceConnections: [{ name: "kv-net", privateLinkServiceId: vault.id, groupIds: ["vault"] }],
        ...extra,
    });
    const zoneGroup = (extra: Record<string, unknown> = {}) => create("azure-native:network:PrivateDnsZoneGroup", `dns-${JSON.stringify(extra).length}`, {
        resourceGroupName: "rg-byok", privateEndpointName: "pe-kv-net", privateDnsZoneGroupName: "default", privateDnsZoneConfigs: [{ name: "vaultcore", privateDnsZoneId: zone }],
        ...extra,
    });
    return { vault, endpoint, zoneGroup };
}

test("a private endpoint links a subnet to an existing vault's one sub-resource, and is approved", () => {
    const w = world();
    expect(() => w.endpoint({ subnet: { id: "vnet-hub/apps" } })).toThrow(/InvalidSubnetId/);
    // A hub network in another subscription is common, but the endpoint must be made in that subscription.
    expect(() => w.endpoint({ privateEndpointName: "pe-hub", subnet: { id: subnet.replace(sub, "00000000-0000-4000-8000-000000000000") } })).toThrow(/400 BadRequest: Private endpoint 'pe-hub' is in subscription .*, but its subnet .* is in subscription 00000000-0000-4000-8000-000000000000; a private endpoint must be deployed in its virtual network's subscription/);
    expect(() => w.endpoint({ privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: String(w.vault.id).replace("kv-net", "kv-gone"), groupIds: ["vault"] }] })).toThrow(/PrivateLinkServiceNotFound/);
    expect(() => w.endpoint({ privateLinkServiceConnections: [{ name: "kv", privateLinkServiceId: w.vault.id, groupIds: ["blob"] }] })).toThrow(/groupIds \[blob\] is not a private-link sub-resource of 'Microsoft.KeyVault\/vaults'; use \[vault\]/);
    expect(() => w.endpoint({ privateLinkServiceConnections: [] })).toThrow(/exactly one private link service connection; 0 given/);
    expect(() => w.endpoint({ privateEndpointName: "pe-" })).toThrow(/InvalidResourceName/);
    // The DNS zone group needs its endpoint first.
    expect(() => w.zoneGroup()).toThrow(/404 ResourceNotFound: The Resource 'Microsoft.Network\/privateEndpoints\/pe-kv-net'/);
    const pe = w.endpoint();
    expect(pe.id).toBe(`/subscriptions/${sub}/resourceGroups/rg-byok/providers/Microsoft.Network/privateEndpoints/pe-kv-net`);
    expect(pe.state.privateLinkServiceConnections).toEqual([{ name: "kv-net", privateLinkServiceId: w.vault.id, groupIds: ["vault"], privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved" } }]);
    expect(pe.state.manualPrivateLinkServiceConnections).toEqual([]);
    // A manual connection waits for the vault owner's approval.
    const manual = w.endpoint({ privateEndpointName: "pe-manual", privateLinkServiceConnections: undefined, manualPrivateLinkServiceConnections: [{ name: "kv-net", privateLinkServiceId: w.vault.id, groupIds: ["vault"], requestMessage: "for the vendor" }] });
    expect(manual.state.privateLinkServiceConnections).toEqual([]);
    expect(manual.state.manualPrivateLinkServiceConnections).toEqual([
        { name: "kv-net", privateLinkServiceId: w.vault.id, groupIds: ["vault"], requestMessage: "for the vendor", privateLinkServiceConnectionState: { status: "Pending", description: "for the vendor" } },
    ]);
    expect(() => w.zoneGroup({ privateDnsZoneConfigs: [{ name: "vaultcore", privateDnsZoneId: "privatelink.vaultcore.azure.net" }] })).toThrow(/InvalidPrivateDnsZoneId/);
    expect(() => w.zoneGroup({ privateDnsZoneConfigs: [] })).toThrow(/1-5 zone configurations; 0 given/);
    expect(w.zoneGroup().id).toBe(`${String(pe.id)}/privateDnsZoneGroups/default`);
    expect(() => w.zoneGroup({ privateDnsZoneGroupName: "second" })).toThrow(/PrivateEndpointCannotHaveMoreThanOneDnsZoneGroup/);
    expect(() => w.endpoint({ tags: { again: "yes" } })).toThrow(/409 Conflict/);
});

test("a private endpoint to a Cosmos DB account reaches the account's own API only", () => {
    const m = new AzureMocks(mockAzureDefaults, new Recorder());
    const create = (type: string, name: string, inputs: Record<string, unknown>) => m.newResource({ type, name, inputs, custom: true });
    const account = (name: string, kind: string) => create("azure-native:cosmosdb:DatabaseAccount", name, { resourceGroupName: "rg-byok", accountName: name, kind, databaseAccountOfferType: "Standard", locations: [{ locationName: "westeurope", failoverPriority: 0 }] });
    const nosql = account("cosmos-nosql", "GlobalDocumentDB");
    const mongo = account("cosmos-mongo", "MongoDB");
    const endpoint = (name: string, target: unknown, group: string) => create("azure-native:network:PrivateEndpoint", name, { resourceGroupName: "rg-byok", privateEndpointName: name, subnet: { id: subnet }, privateLinkServiceConnections: [{ name, privateLinkServiceId: target, groupIds: [group] }] });
    expect(() => endpoint("pe-nosql-mongo", nosql.id, "MongoDB")).toThrow(/groupIds \[MongoDB\] is not a private-link sub-resource of 'Microsoft.DocumentDB\/databaseAccounts'; use \[Sql\]/);
    expect(() => endpoint("pe-mongo-sql", mongo.id, "Sql")).toThrow(/use \[MongoDB\]/);
    expect(() => endpoint("pe-nosql", nosql.id, "Sql")).not.toThrow();
    expect(() => endpoint("pe-mongo", mongo.id, "MongoDB")).not.toThrow();
});
