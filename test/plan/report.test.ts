import { configEntryOf, configLineOf, type PlanReport } from "../../plan/report";

const CONFIG = `config:
  azure-byok:location: westeurope
  azure-byok:vaults:
    - name: data
      keys:
        - name: data
          protect: false
  azure-byok:registries:
    - name: data
      key: data
  azure-byok:storageAccounts:
    - { name: stdata, key: data }
`;

/** A report of the components the config's entries make, each with one child resource. */
function report(): PlanReport {
    const resources: PlanReport["resources"] = [];
    const add = (type: string, name: string) => {
        const urn = `urn:pulumi:dev::azure-byok::${type}::${name}`;
        resources.push({ urn, type, name, parent: null, dependencies: [], protect: false, inputs: {} });
        resources.push({ urn: `${urn}-child`, type: "azure-native:x:Y", name: `${name}-child`, parent: urn, dependencies: [], protect: false, inputs: {} });
        return `${urn}-child`;
    };
    add("azure-byok:keyvault:KeyVault", "data");
    add("azure-byok:keyvault:EncryptionKey", "data");
    add("azure-byok:containerregistry:CmkContainerRegistry", "data");
    add("azure-byok:storage:CmkStorageAccount", "stdata");
    resources.push({ urn: "urn:pulumi:dev::azure-byok::azure-native:resources:ResourceGroup::resource-group", type: "azure-native:resources:ResourceGroup", name: "resource-group", parent: null, dependencies: [], protect: false, inputs: {} });
    return { stack: "dev", resources, violations: [], waves: [], summary: { resources: resources.length, mandatory: 0, advisory: 0 } };
}

test("a violation points at the line of the config entry its component came from, by section, in block or flow style", () => {
    const lineOf = configLineOf(report(), CONFIG);
    const child = (type: string, name: string) => `urn:pulumi:dev::azure-byok::${type}::${name}-child`;
    // Three entries named "data": the vault's, its key's and the registry's, each at its own line.
    expect(lineOf(child("azure-byok:keyvault:KeyVault", "data"))).toBe(4);
    expect(lineOf(child("azure-byok:keyvault:EncryptionKey", "data"))).toBe(6);
    expect(lineOf(child("azure-byok:containerregistry:CmkContainerRegistry", "data"))).toBe(9);
    expect(lineOf(child("azure-byok:storage:CmkStorageAccount", "stdata"))).toBe(12);
    // The resource group, which no entry makes, points at the stack's first setting here (it names no group).
    expect(lineOf("urn:pulumi:dev::azure-byok::azure-native:resources:ResourceGroup::resource-group")).toBe(2);
    expect(lineOf("urn:unknown")).toBe(1);
});

test("a shared identity's grant points at the identity's entry, the resource group at its setting, and nothing at a comment", () => {
    const config = `# the payments stack
config:
  azure-byok:resourceGroupName: rg-payments
  azure-byok:identities:
    - name: id-shared
  azure-byok:storageAccounts:
    - name: stpay
      key: k-one
      identity: id-shared
`;
    const resources: PlanReport["resources"] = [
        { urn: "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyAccess::id-shared-on-k-one", type: "azure-byok:keyvault:KeyAccess", name: "id-shared-on-k-one", parent: null, dependencies: [], protect: false, inputs: {} },
        { urn: "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyAccess$azure-native:authorization:RoleAssignment::id-shared-on-k-one-role-assignment", type: "azure-native:authorization:RoleAssignment", name: "id-shared-on-k-one-role-assignment", parent: "urn:pulumi:dev::azure-byok::azure-byok:keyvault:KeyAccess::id-shared-on-k-one", dependencies: [], protect: false, inputs: {} },
        { urn: "urn:pulumi:dev::azure-byok::azure-byok:managedidentity:ManagedIdentity::id-shared", type: "azure-byok:managedidentity:ManagedIdentity", name: "id-shared", parent: null, dependencies: [], protect: false, inputs: {} },
        { urn: "urn:pulumi:dev::azure-byok::azure-native:resources:ResourceGroup::rg", type: "azure-native:resources:ResourceGroup", name: "rg", parent: null, dependencies: [], protect: false, inputs: {} },
        { urn: "urn:pulumi:dev::azure-byok::random:index/randomString:RandomString::suffix", type: "random:index/randomString:RandomString", name: "suffix", parent: null, dependencies: [], protect: false, inputs: {} },
    ];
    const lineOf = configLineOf({ stack: "dev", resources, violations: [], waves: [], summary: { resources: resources.length, mandatory: 0, advisory: 0 } }, config);
    expect(lineOf(resources[1].urn)).toBe(5);
    expect(lineOf(resources[3].urn)).toBe(3);
    expect(lineOf(resources[4].urn)).toBe(3);
});

test("a section the stack's file does not set is found in Pulumi.yaml's project-level config, in each form readProjectFile takes; one the stack sets is the stack's", () => {
    const resources: PlanReport["resources"] = ["azure-byok:keyvault:KeyVault|kv-p", "azure-byok:storage:CmkStorageAccount|stp", "azure-byok:containerregistry:CmkContainerRegistry|acrp", "azure-byok:keyvault:KeyVault|kv-s"].map((t) => {
        const [type, name] = t.split("|");
        return { urn: `urn:pulumi:dev::azure-byok::${type}::${name}`, type, name, parent: null, dependencies: [], protect: false, inputs: {} };
    });
    const planned: PlanReport = { stack: "dev", resources, violations: [], waves: [], summary: { resources: resources.length, mandatory: 0, advisory: 0 } };
    const project = (name: string) => `name: ${name}
config:
  vaults:
    value:
      - name: kv-p
  azure-byok:storageAccounts:
    - name: stp
  azure-byok:registries:
    type: array
    default: [{ name: acrp }]
`;
    const stack = "config:\n  azure-byok:location: westeurope\n";
    const found = (text: string, projectText: string) => resources.map((r) => configEntryOf(planned, text, projectText)(r.urn)).map((e) => e && `${e.source} ${e.path} ${e.line}`);
    expect(found(stack, project("azure-byok"))).toEqual(["project vaults.value[name=kv-p] 5", "project azure-byok:storageAccounts[name=stp] 7", "project azure-byok:registries.default[name=acrp] 10", undefined]);
    // An un-namespaced key is another project's own when the project is not azure-byok.
    expect(found(stack, project("other"))[0]).toBeUndefined();
    // The stack's own section replaces the project's whole list.
    expect(found(`${stack}  azure-byok:vaults:\n    - name: kv-s\n`, project("azure-byok"))).toEqual([undefined, "project azure-byok:storageAccounts[name=stp] 7", "project azure-byok:registries.default[name=acrp] 10", "stack azure-byok:vaults[name=kv-s] 4"]);
    // So does a section the stack writes without the namespace, which the CLI gives it (loaders.go stackConfigNamespacedWithProject).
    expect(found(`${stack}  vaults:\n    - name: kv-s\n`, project("azure-byok"))).toEqual([undefined, "project azure-byok:storageAccounts[name=stp] 7", "project azure-byok:registries.default[name=acrp] 10", "stack vaults[name=kv-s] 4"]);
    expect(configLineOf(planned, `${stack}  vaults:\n    - name: kv-s\n`)(resources[3].urn)).toBe(4);
});
