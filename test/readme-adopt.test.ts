// The README's recipe for adopting a vault into a stack that manages it: what a vault's entry makes on and beside
// the vault is named from the vault and the entry alone, so a vault handed over by another stack (which keeps all
// of it in Azure) or made elsewhere with it meets each create under the Azure name it has, and azure-native refuses.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseStackConfig } from "../stacks/config";
import { program } from "../stacks/program";
import { reveal, setAzureMocks, settle } from "../plan/mocks";

const SUB = "/subscriptions/ad98f49c-73d1-4249-8c14-3cb9d4911198/resourceGroups";

/** The recipe's section: from its heading paragraph to the next section. */
function adoptSection(): string {
    const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const start = readme.indexOf("**Adopting a vault or key made elsewhere**");
    const end = readme.indexOf("\n#", start);
    return readme.slice(start, end < 0 ? undefined : end);
}

test("names, with its import id and name, every Azure resource a vault entry with each setting makes on or beside the vault", async () => {
    const { recorder } = await setAzureMocks({ resourceGroups: [], stack: "adopt" });
    await program(parseStackConfig({
        resourceGroupName: "rg-byok-handover",
        location: "westeurope",
        vaults: [{
            name: "kv-main",
            vaultName: "kv-main-98s0a8",
            enableRbacAuthorization: false,
            accessPolicies: [{ objectId: "11111111-2222-3333-4444-555555555555", keyPermissions: ["get", "list"] }],
            diagnostics: [{ workspaceResourceId: `${SUB}/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-central` }],
            privateEndpoints: [{ subnetResourceId: `${SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`, privateDnsZoneResourceIds: [`${SUB}/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`] }],
            eventSubscriptions: [{ name: "keys-to-hub", eventHubResourceId: `${SUB}/rg-logs/providers/Microsoft.EventHub/namespaces/ehns/eventhubs/kv-events` }],
            keys: [{ name: "cmk" }],
        }],
    }));
    await settle();
    const vault = recorder.find("azure-byok:keyvault:KeyVault", "kv-main");
    const made = recorder.resources.filter((r) => r.parent === vault.urn && r.type.startsWith("azure-native:") && r.type !== "azure-native:keyvault:Vault");
    expect(new Set(made.map((r) => r.type)).size).toBe(8);
    const section = adoptSection();
    // Each type, and the name it is imported under, up to what the table writes as a placeholder (an entry's name, a hash the preview shows).
    const missing = made.filter((r) => !section.includes(r.type) || !section.includes(`\`${r.name.replace(/(diagnostics\/|sender-|access-policy-|events-).*$/, "$1")}`)).map((r) => `${r.type} ${r.name}`);
    expect(missing).toEqual([]);
    // The Azure names the table builds the ids from: the lock's, the topic's and the endpoint's, from the vault's name.
    const input = (type: string) => reveal(recorder.ofType(type)[0].inputs) as Record<string, unknown>;
    expect(input("azure-native:authorization:ManagementLockByScope").lockName).toBe("lock-kv-main-98s0a8");
    expect(section).toContain("/providers/Microsoft.Authorization/locks/lock-<vault name>");
    expect(input("azure-native:eventgrid:SystemTopic").systemTopicName).toBe("kv-main-98s0a8-events");
    expect(section).toContain("/providers/Microsoft.EventGrid/systemTopics/<vault name>-events");
    expect(input("azure-native:network:PrivateEndpoint").privateEndpointName).toBe("pe-kv-main-98s0a8");
    expect(input("azure-native:network:PrivateDnsZoneGroup").privateDnsZoneGroupName).toBe("default");
    expect(section).toContain("/providers/Microsoft.Network/privateEndpoints/pe-<vault name>`; `<that id>/privateDnsZoneGroups/default`");
    expect(section).toContain("<vault id>/accessPolicy/<object id>");
});

test("says which existing settings take no import: a system topic under another name (one per source), a sink another setting uses", () => {
    const section = adoptSection();
    expect(section).toContain("Event Grid allows one system topic per source");
    expect(section).toContain("adopt such a vault without\n`eventSubscriptions`");
    expect(section).toContain("Data sink ... is already used");
});
