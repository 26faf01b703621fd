import * as pulumi from "@pulumi/pulumi";
import { KeyVaultDefaults } from "../../components/key-vault";
import { networkAclsShapeIssues, vaultNetwork, vaultNetworkIssues } from "../../components/key-vault-network";

const subnet = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/appliance";

describe("networkAclsShapeIssues", () => {
    test("names a misspelt field with the one it means, and a rule list given as one string", () => {
        expect(networkAclsShapeIssues({ ipRule: ["203.0.113.0/24"], virtualNetworkRules: "vnet-hub/appliance" })).toEqual([
            { field: "networkAcls.ipRule", message: "is not an argument here; did you mean \"ipRules\"?" },
            { field: "networkAcls.virtualNetworkRules", message: "is a string (\"vnet-hub/appliance\"), not a list of strings ([…])" },
        ]);
    });

    test("leaves no firewall, and one of the right shape, alone", () => {
        expect(networkAclsShapeIssues(undefined)).toEqual([]);
        expect(networkAclsShapeIssues({ bypass: "None", defaultAction: "Deny", ipRules: ["203.0.113.0/24"], virtualNetworkRules: [pulumi.output(subnet)] })).toEqual([]);
    });
});

describe("vaultNetworkIssues", () => {
    test("leaves public rules Key Vault's firewall takes, with the public endpoint left to follow them, alone", () => {
        expect(vaultNetworkIssues({ networkAcls: { bypass: "None", defaultAction: "Deny", ipRules: ["203.0.113.0/24", "198.51.100.7"], virtualNetworkRules: [subnet, pulumi.output("unknown until deploy")] } })).toEqual([]);
        expect(vaultNetworkIssues({})).toEqual([]);
    });

    test("refuses defaultAction Allow with no rule and publicNetworkAccess left out: the endpoint would stay off, silently", () => {
        expect(vaultNetworkIssues({ networkAcls: { defaultAction: "Allow" } })).toEqual([
            { field: "networkAcls.defaultAction", message: "is \"Allow\", but with no IP or subnet rule the vault's public endpoint stays off unless publicNetworkAccess is written \"Enabled\", so \"Allow\" alone opens nothing; write publicNetworkAccess: \"Enabled\" to open the vault to every network by name, or remove defaultAction" },
        ]);
        // Asked for by name it says what it does.
        expect(vaultNetworkIssues({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow" } })).toEqual([]);
        expect(vaultNetwork({ networkAcls: { defaultAction: "Allow" } }, KeyVaultDefaults.networkAcls).publicNetworkAccess).toBe("Disabled");
    });

    test("refuses defaultAction Allow beside rules with publicNetworkAccess left out: the rules turn the endpoint on, and Allow opens it to every network unasked", () => {
        const message = "is \"Allow\", which admits every network, so the vault's IP and subnet rules (and applications' allowedNetworks) admit nothing more; remove defaultAction to admit only them, or write publicNetworkAccess: \"Enabled\" beside it to open the vault to every network by name";
        expect(vaultNetworkIssues({ networkAcls: { defaultAction: "Allow", ipRules: ["203.0.113.0/24"] } })).toEqual([{ field: "networkAcls.defaultAction", message }]);
        expect(vaultNetworkIssues({ networkAcls: { defaultAction: "Allow", virtualNetworkRules: [subnet] } })).toEqual([{ field: "networkAcls.defaultAction", message }]);
        // Without it, the rules open the public endpoint to themselves alone; with it, every network is asked for by name.
        expect(vaultNetwork({ networkAcls: { ipRules: ["203.0.113.0/24"] } }, KeyVaultDefaults.networkAcls)).toMatchObject({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Deny" } });
        expect(vaultNetworkIssues({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", ipRules: ["203.0.113.0/24"] } })).toEqual([]);
    });

    test("refuses a default action, bypass or public access Azure does not have, each by its field", () => {
        expect(vaultNetworkIssues({ networkAcls: { defaultAction: "Block" as never, bypass: "Logging" as never }, publicNetworkAccess: "SecuredByPerimeter" as never })).toEqual([
            { field: "networkAcls.defaultAction", message: "\"Block\" is not \"Deny\" or \"Allow\"" },
            { field: "networkAcls.bypass", message: "\"Logging\" is not \"AzureServices\" or \"None\"" },
            { field: "publicNetworkAccess", message: "\"SecuredByPerimeter\" is not \"Enabled\" or \"Disabled\"" },
        ]);
    });

    test("refuses more than 1000 IPv4 rules or 200 subnet rules, Key Vault's firewall limits, and takes that many", () => {
        // MicrosoftDocs/azure-docs articles/key-vault/general/network-security.md.
        const ips = (n: number) => Array.from({ length: n }, (_, i) => `20.${Math.floor(i / 250)}.${i % 250}.1`);
        const subnets = (n: number) => Array.from({ length: n }, (_, i) => `${subnet}-${i}`);
        expect(vaultNetworkIssues({ networkAcls: { ipRules: ips(1001), virtualNetworkRules: subnets(201) } })).toEqual([
            { field: "networkAcls.ipRules", message: "has 1001 rules, over the 1000 IPv4 rules Key Vault's firewall takes; merge addresses into wider CIDR ranges, or reach the vault through a private endpoint" },
            { field: "networkAcls.virtualNetworkRules", message: "has 201 rules, over the 200 virtual network rules Key Vault's firewall takes; reach the vault through a private endpoint from fewer subnets" },
        ]);
        expect(vaultNetworkIssues({ networkAcls: { ipRules: ips(1000), virtualNetworkRules: subnets(200) } })).toEqual([]);
    });

    test("names the IP and subnet rules the firewall refuses by their index", () => {
        expect(vaultNetworkIssues({ networkAcls: { ipRules: ["203.0.113.0/24", "172.16.4.0/22"], virtualNetworkRules: [subnet, "vnet-hub/appliance"] } }).map((i) => i.field)).toEqual([
            "networkAcls.ipRules[1]",
            "networkAcls.virtualNetworkRules[1]",
        ]);
    });

    test("refuses rules beside a public endpoint turned off, which they would not apply to", () => {
        const message = "is \"Disabled\", which turns off the public endpoint the vault's IP and subnet rules (and applications' allowedNetworks) apply to; remove the rules or leave publicNetworkAccess unset";
        expect(vaultNetworkIssues({ publicNetworkAccess: "Disabled", networkAcls: { virtualNetworkRules: [subnet] } })).toEqual([{ field: "publicNetworkAccess", message }]);
        expect(vaultNetworkIssues({ publicNetworkAccess: "Disabled", networkAcls: { ipRules: [] } })).toEqual([]);
    });
});

describe("vaultNetwork", () => {
    test("denies by default with the trusted-services bypass, the public endpoint off, when given nothing", () => {
        expect(vaultNetwork({}, KeyVaultDefaults.networkAcls)).toEqual({
            publicNetworkAccess: "Disabled",
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
        });
    });

    test("turns the public endpoint on for IP or subnet rules, each in Azure's shape", () => {
        expect(vaultNetwork({ networkAcls: { ipRules: ["203.0.113.0/24"] } }, KeyVaultDefaults.networkAcls)).toEqual({
            publicNetworkAccess: "Enabled",
            networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [{ value: "203.0.113.0/24" }], virtualNetworkRules: [] },
        });
        expect(vaultNetwork({ networkAcls: { virtualNetworkRules: [subnet] } }, KeyVaultDefaults.networkAcls).publicNetworkAccess).toBe("Enabled");
    });

    test("keeps the default action, bypass and public access asked for by name", () => {
        expect(vaultNetwork({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "Allow", bypass: "None" } }, KeyVaultDefaults.networkAcls)).toEqual({
            publicNetworkAccess: "Enabled",
            networkAcls: { defaultAction: "Allow", bypass: "None", ipRules: [], virtualNetworkRules: [] },
        });
    });
});
